// Difference between two model graphs (src/model/graph.ts), nodes matched by name: the nodes only
// in the new graph (added), only in the reference (removed), and those in both whose operator,
// kind, inputs (producer, output index and control flag, in order), output shapes, element type or
// attributes differ (changed, with the fields that differ). Pure: no I/O, inputs never modified.
import type { GraphNode, ModelGraph } from "../model/index.ts";

export type GraphChangeField = "op" | "kind" | "inputs" | "shape" | "dtype" | "attrs";

export interface GraphDiff {
  /** Names of nodes only in the new graph, in its order. */
  added: string[];
  /** Names of nodes only in the reference graph, in its order. */
  removed: string[];
  /** Nodes in both graphs that differ, in the new graph's order. */
  changed: { name: string; fields: GraphChangeField[] }[];
  /** Nodes in both graphs and identical. */
  unchanged: number;
}

/** JSON text with object keys sorted, so two equal values give the same text. */
function canonical(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(",")}}`;
}

function inputsText(n: GraphNode): string {
  return n.inputs.map((i) => `${i.control ? "^" : ""}${i.node}:${i.output}`).join("\u0000");
}

/** The fields in which node `a` (new) differs from node `b` (reference). */
export function nodeChanges(a: GraphNode, b: GraphNode): GraphChangeField[] {
  const out: GraphChangeField[] = [];
  if (a.op !== b.op) out.push("op");
  if (a.kind !== b.kind) out.push("kind");
  if (inputsText(a) !== inputsText(b)) out.push("inputs");
  if (canonical(a.outputShapes ?? null) !== canonical(b.outputShapes ?? null)) out.push("shape");
  if ((a.dtype ?? "") !== (b.dtype ?? "")) out.push("dtype");
  if (canonical(a.attrs) !== canonical(b.attrs)) out.push("attrs");
  return out;
}

/** What changed from `reference` to `current` (see the header). */
export function diffGraphs(current: ModelGraph, reference: ModelGraph): GraphDiff {
  const ref = new Map<string, GraphNode>();
  for (const n of reference.nodes) ref.set(n.name, n);
  const cur = new Set<string>();
  const added: string[] = [];
  const changed: GraphDiff["changed"] = [];
  let unchanged = 0;
  for (const n of current.nodes) {
    cur.add(n.name);
    const r = ref.get(n.name);
    if (!r) {
      added.push(n.name);
      continue;
    }
    const fields = nodeChanges(n, r);
    if (fields.length) changed.push({ name: n.name, fields });
    else unchanged++;
  }
  const removed = reference.nodes.filter((n) => !cur.has(n.name)).map((n) => n.name);
  return { added, removed, changed, unchanged };
}
