// Check: nodes not connected to the loss. With a loss node in the graph (kind `output` whose op
// names a loss, as the Keras reader makes from the compiled loss), every layer with trainable
// parameters must feed it; the ones that do not never receive a gradient (an auxiliary head left
// out of the loss, a block built but not wired in). Without a loss node the graph outputs stand
// in for it: op nodes with parameters whose output nothing consumes and that no output reads.
import type { GraphNode, ModelGraph } from "../../model/index.ts";
import { graphEvidence, listNames, type StructureCheck } from "./context.ts";
import { isBookkeeping } from "./graph_util.ts";

const LOSS = /loss|crossentropy|cross_entropy|hinge|mse|mae|huber|nll|kl_?div|mean_squared|mean_absolute/i;

/** The graph's loss nodes: outputs whose op or `loss` attribute names a loss. */
export function lossNodes(g: ModelGraph): GraphNode[] {
  return g.nodes.filter((n) => (n.kind === "output" || /loss/i.test(n.op)) && (LOSS.test(n.op) || typeof n.attrs.loss === "string"));
}

export const disconnected: StructureCheck = (ctx) => {
  const { index, graph } = ctx;
  const losses = lossNodes(graph);
  const outputs = losses.length ? losses : graph.nodes.filter((n) => n.kind === "output");
  if (!outputs.length) return [];
  const reaches = index.upstream(outputs);
  const cut: string[] = [];
  for (const n of graph.nodes) {
    if (n.kind !== "op" || reaches.has(n.name) || isBookkeeping(n)) continue;
    const params = index.parameters(n).filter((p) => p.attrs.trainable !== false);
    if (params.length) cut.push(n.name);
  }
  if (!cut.length) return [];
  const unused = losses.flatMap((l) => (Array.isArray(l.attrs.outputs_without_loss) ? (l.attrs.outputs_without_loss as string[]) : []));
  const nodes = [...cut, ...cut.flatMap((c) => index.parameters(index.byName.get(c)!).map((p) => p.name))];
  return [
    {
      id: "graph.disconnected",
      strength: 1,
      definite: true,
      nodes,
      symptom: "graph_not_connected",
      title: `Layers with trainable parameters that do not feed the ${losses.length ? "loss" : "outputs"}: ${listNames(cut)}${unused.length ? ` (output${unused.length > 1 ? "s" : ""} ${listNames(unused)} without a loss)` : ""}`,
      note: `${cut.length} layer(s) never receive a gradient: they are not connected to the ${losses.length ? "loss" : "outputs"}`,
      evidence: [graphEvidence(ctx, nodes, `not upstream of ${losses.map((l) => l.name).join(", ") || "any output"}`, cut.length)],
    },
  ];
};
