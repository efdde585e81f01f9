// Check: layers not connected to the loss. With a loss in the graph (the Keras reader's `output`
// node of the compiled loss, a loss op of a traced or TF graph), every layer with trainable
// parameters must feed it; the ones that do not never receive a gradient (an auxiliary head left
// out of the loss, a block built but not wired in). Without a loss node the check says nothing:
// forward-only traces keep modules the forward pass skips (a fused BatchNorm), which is no defect.
import type { GraphNode, ModelGraph } from "../../model/index.ts";
import { graphEvidence, listNames, type StructureCheck } from "./context.ts";
import { isLayerOp } from "./graph_util.ts";

const LOSS = /loss|crossentropy|cross_entropy|hinge|mse|mae|huber|nll|kl_?div|mean_squared|mean_absolute/i;
/** Loss ops of op graphs: PyTorch `aten::*_loss`, ONNX `SoftmaxCrossEntropyLoss`, TF `*CrossEntropyWithLogits` (not TF's L2Loss, a weight penalty). */
const LOSS_OP = /(_loss|Loss|CrossEntropyWithLogits|binary_cross_entropy(_with_logits)?)$/;
const PENALTY_OP = /^(L2Loss)$/;

/** The graph's loss nodes: outputs naming a loss (the Keras compiled loss), and loss ops of op graphs. */
export function lossNodes(g: ModelGraph): GraphNode[] {
  return g.nodes.filter(
    (n) =>
      !PENALTY_OP.test(n.op) &&
      !/(^|\/)gradients(_\d+)?\//.test(n.name) &&
      ((n.kind === "output" && (typeof n.attrs.loss === "string" || LOSS.test(n.op))) || (n.kind === "op" && LOSS_OP.test(n.op))),
  );
}

export const disconnected: StructureCheck = (ctx) => {
  const { index, graph } = ctx;
  const losses = lossNodes(graph);
  if (!losses.length) return [];
  const reaches = index.upstream(losses);
  const cut: string[] = [];
  for (const n of graph.nodes) {
    if (reaches.has(n.name) || !isLayerOp(n, graph)) continue;
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
      title: `Layers with trainable parameters that do not feed the loss: ${listNames(cut)}${unused.length ? ` (output${unused.length > 1 ? "s" : ""} ${listNames(unused)} without a loss)` : ""}`,
      note: `${cut.length} layer(s) never receive a gradient: they are not connected to the loss`,
      evidence: [graphEvidence(ctx, nodes, `not upstream of ${losses.map((l) => l.name).join(", ")}`, cut.length)],
    },
  ];
};
