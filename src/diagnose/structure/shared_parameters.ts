// Check: parameters used by more than one layer (possible wrong sharing). A parameter is shared
// when more than one op consumes it (PyTorch traces: the same module attribute read for two
// calls), or its one consumer is called more than once (Keras `attrs.calls`). Sharing "in series" — one user of the parameter feeds another, or a layer reads
// its own output — ties weights across depth, which a plain feed-forward design never means
// (`self.fc2 = self.fc1`, a layer object applied twice in a row): a strong fact. Sharing between
// parallel branches (a siamese encoder) is usually intended: a weak fact, an info finding.
import type { GraphNode } from "../../model/index.ts";
import { T } from "../thresholds.ts";
import { isLayerOp } from "./graph_util.ts";
import { graphEvidence, listNames, type StructureCheck, type StructureFact } from "./context.ts";

export const sharedParameters: StructureCheck = (ctx) => {
  const { index } = ctx;
  const series: string[] = [],
    parallel: string[] = [],
    users = new Set<string>();
  // one tensor may appear as several parameter nodes: a PyTorch trace reads a module's weight with
  // one prim::GetAttr per call, each from the same module object
  const groups = new Map<string, GraphNode[]>();
  for (const p of ctx.graph.nodes) {
    if (p.kind !== "parameter") continue;
    const key = p.inputs.length
      ? `${p.inputs.map((e) => e.node).join("\u0000")}\u0000${JSON.stringify(p.attrs.attr ?? p.attrs.name ?? "")}`
      : p.name;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const ps of groups.values()) {
    const cons = [...new Set(ps.flatMap((x) => index.forwardUsers(x)))].filter((c) => isLayerOp(c, ctx.graph));
    const calls = cons.reduce((a, c) => a + (typeof c.attrs.calls === "number" ? c.attrs.calls : 1), 0);
    if (calls < 2) continue;
    // in series: a consumer reaches another consumer (or itself, through a cycle)
    const inSeries = cons.some((c) => {
      const down = index.downstream(c);
      return cons.some((d) => down.has(d.name));
    });
    (inSeries ? series : parallel).push(...ps.map((x) => x.name));
    for (const c of cons) users.add(c.name);
  }
  if (!series.length && !parallel.length) return [];
  const params = [...series, ...parallel];
  const nodes = [...users, ...params];
  const f: StructureFact = {
    id: "graph.shared_parameters",
    strength: series.length ? 1 : T.sharedParallelStrength.value,
    definite: series.length > 0,
    nodes,
    symptom: "graph_shared_parameters",
    title: series.length
      ? `Parameters reused along one path (weights tied across depth): ${listNames(series)} — if the tying is not intended, give each use its own layer`
      : `Parameters shared between parallel branches: ${listNames(parallel)} (intended in a siamese design)`,
    note: `${params.length} parameter(s) used by more than one layer call${series.length ? ", one use feeding the next" : ""}`,
    evidence: [graphEvidence(ctx, nodes, series.length ? "shared along one path" : "shared between parallel branches", params.length)],
  };
  return [f];
};
