// Check: dropout or batch normalisation forced into training mode in the graph (a Keras call
// with `training=True`, an ONNX node with `training_mode` set): it stays in that mode at
// evaluation and inference too — random dropout masks and batch statistics in every prediction,
// so validation metrics are noisy and low. Graphs recorded during training that mark the mode
// only as the current one (TF `is_training`) are not read as forced.
import { graphEvidence, listNames, type StructureCheck } from "./context.ts";

const MODE_OPS = /dropout|batch_?norm|noise/i;

export const trainMode: StructureCheck = (ctx) => {
  const forced = ctx.graph.nodes.filter(
    (n) =>
      n.kind === "op" &&
      MODE_OPS.test(n.op) &&
      (n.attrs.training === true || n.attrs.training_mode === true || n.attrs.training_mode === 1),
  );
  if (!forced.length) return [];
  const nodes = forced.map((n) => n.name);
  return [
    {
      id: "graph.train_mode_at_eval",
      strength: 1,
      definite: true,
      nodes,
      symptom: "graph_train_mode_at_eval",
      title: `${listNames(nodes)} ${forced.length > 1 ? "are" : "is"} called with training=True: ${forced.length > 1 ? "they stay" : "it stays"} in training mode at evaluation`,
      note: `${forced.length} dropout/normalisation layer(s) forced into training mode`,
      evidence: [graphEvidence(ctx, nodes, "training=True in the layer call", true)],
    },
  ];
};
