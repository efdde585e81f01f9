// Which parts of a graph the graph page pulls aside into an "auxiliary" area of their scope instead
// of laying them out with the model (as TensorBoard's graph tab does): the machinery TensorFlow
// adds around a model. Contract (names are matched on a scope's or node's last path segment,
// case-insensitively):
//   - an auxiliary scope: save/restore and checkpoints (`save`, `save_1`, `restore`, `checkpoint…`),
//     initialisation (`init`, `init_1`, `init_all_tables`, `report_uninitialized_variables`),
//     summaries (`summaries`, `summary`, `…_summary`), gradients (`gradients`, `gradients_1`,
//     `gradient_tape`, MindSpore's `Gradients`) and the global step (`global_step`,
//     `increment_global_step`);
//   - an auxiliary node: one of those names, an op of that machinery (SaveV2, RestoreV2,
//     MergeSummary, the summary writers, IsVariableInitialized, NoOp), a variable handle passed to a
//     `tf.function` (`_Arg` named `…_resource`), or a node all of whose neighbours (inputs and
//     consumers, at least one) are auxiliary: a gradient sum (`AddN`) between two gradient ops, a
//     constant only the gradients read;
//   - inside a scope that is itself auxiliary nothing more is pulled aside (opened, `save` shows
//     its own graph);
//   - within one scope's layout, a node linked to many of the scope's items (at least
//     HIGH_DEGREE_MIN and HIGH_DEGREE_FACTOR times the median) is pulled aside too, when the scope
//     holds at least HIGH_DEGREE_ITEMS items: a learning-phase flag or a shared constant feeding
//     every layer would otherwise draw an edge into each of them.
// Edges to auxiliary items are not drawn (the node details still list every input and consumer).
// Pure functions: no DOM, shared by the page, its layout and tests.
import type { GraphNode } from "../../model/index.ts";

const AUX_NAME =
  /^(save(_\d+)?|restore(_\w+)?|checkpoint\w*|init(_\d+)?|init_all_tables|init_ops|report_uninitialized_\w+|summaries|summary(_\d+)?|summary_op|\w+_summary(_\d+)?|gradients(_\d+)?|gradient_tape|global_step(_\d+)?|increment_global_step\w*)$/i;

const AUX_OPS = new Set([
  "SaveV2",
  "RestoreV2",
  "Save",
  "SaveSlices",
  "Restore",
  "RestoreSlice",
  "MergeV2Checkpoints",
  "ShardedFilename",
  "ShardedFilespec",
  "MergeSummary",
  "ScalarSummary",
  "HistogramSummary",
  "ImageSummary",
  "AudioSummary",
  "AudioSummaryV2",
  "TensorSummary",
  "TensorSummaryV2",
  "WriteSummary",
  "WriteScalarSummary",
  "WriteHistogramSummary",
  "WriteImageSummary",
  "WriteAudioSummary",
  "WriteRawProtoSummary",
  "WriteGraphSummary",
  "CreateSummaryFileWriter",
  "CreateSummaryDbWriter",
  "FlushSummaryWriter",
  "CloseSummaryWriter",
  "SummaryWriter",
  "IsVariableInitialized",
  "VarIsInitializedOp",
  "NoOp",
]);

export const HIGH_DEGREE_MIN = 8;
export const HIGH_DEGREE_FACTOR = 4;
export const HIGH_DEGREE_ITEMS = 12;

const leaf = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

/** A scope (or a node) named as TensorFlow names its auxiliary machinery. */
export function auxName(path: string): boolean {
  return AUX_NAME.test(leaf(path));
}

/** The path, or one of the scopes holding it, is named as auxiliary machinery. */
export function underAuxScope(path: string): boolean {
  const parts = path.split("/");
  for (let i = 0; i < parts.length - 1; i++) if (AUX_NAME.test(parts[i])) return true;
  return false;
}

/** A node auxiliary by itself: its name or its op (see the header). */
function auxByItself(n: GraphNode): boolean {
  if (AUX_OPS.has(n.op) || auxName(n.name)) return true;
  return n.op === "_Arg" && /_resource$/.test(leaf(n.name));
}

/**
 * The nodes (real names) that are auxiliary by the node rules of the header, neighbours included,
 * leaving out nodes already inside an auxiliary scope (their scope is pulled aside as a whole).
 */
export function auxiliaryNodes(nodes: GraphNode[]): Set<string> {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    let s = neighbours.get(a);
    if (!s) neighbours.set(a, (s = new Set()));
    s.add(b);
  };
  for (const n of nodes)
    for (const i of n.inputs)
      if (byName.has(i.node) && i.node !== n.name) {
        link(n.name, i.node);
        link(i.node, n.name);
      }
  const aux = new Set<string>();
  const inAuxScope = new Map<string, boolean>();
  const located = (name: string): boolean => {
    let v = inAuxScope.get(name);
    if (v === undefined) inAuxScope.set(name, (v = underAuxScope(name)));
    return v;
  };
  for (const n of nodes) if (!located(n.name) && auxByItself(n)) aux.add(n.name);
  // a node whose every neighbour is auxiliary is auxiliary too (a few rounds reach sums of sums)
  for (let round = 0; round < 3; round++) {
    let added = 0;
    for (const n of nodes) {
      if (aux.has(n.name) || located(n.name)) continue;
      const ns = neighbours.get(n.name);
      if (!ns || ns.size === 0) continue;
      let all = true;
      for (const m of ns)
        if (!aux.has(m) && !located(m)) {
          all = false;
          break;
        }
      if (all) {
        aux.add(n.name);
        added++;
      }
    }
    if (!added) break;
  }
  return aux;
}

/**
 * Item ids of one scope's layout linked to many others (see the header): `degree` counts each
 * item's distinct neighbouring items; only node items (`n:`) are candidates.
 */
export function highDegreeItems(items: string[], edges: { v: string; w: string }[]): string[] {
  if (items.length < HIGH_DEGREE_ITEMS) return [];
  const nb = new Map<string, Set<string>>(items.map((i) => [i, new Set()]));
  for (const e of edges) {
    nb.get(e.v)?.add(e.w);
    nb.get(e.w)?.add(e.v);
  }
  const degrees = items.map((i) => nb.get(i)!.size).sort((a, b) => a - b);
  const median = degrees[Math.floor(degrees.length / 2)];
  const min = Math.max(HIGH_DEGREE_MIN, HIGH_DEGREE_FACTOR * median);
  return items.filter((i) => i.startsWith("n:") && nb.get(i)!.size >= min);
}
