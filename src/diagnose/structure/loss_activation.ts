// Check: the output activation does not fit the loss that reads it — a softmax/sigmoid right
// before a loss that applies its own (Keras `from_logits=True`, `softmax_cross_entropy`,
// PyTorch `CrossEntropyLoss`/`BCEWithLogitsLoss` after `Softmax`/`Sigmoid`: squashed twice, the
// gradients shrink and the loss floors), or a linear output before a loss that expects
// probabilities (`categorical_crossentropy` without from_logits). Read from the graph's loss
// nodes and the producers of their inputs (through dropout/reshape-like nodes).
import type { GraphNode } from "../../model/index.ts";
import { lossKind } from "../config_checks.ts";
import { activationOf, isPassThrough } from "./graph_util.ts";
import { graphEvidence, type StructureCheck, type StructureFact } from "./context.ts";
import { lossNodes } from "./disconnected.ts";

export const lossActivation: StructureCheck = (ctx) => {
  const { index } = ctx;
  const out: StructureFact[] = [];
  for (const l of lossNodes(ctx.graph)) {
    const name = typeof l.attrs.loss === "string" ? l.attrs.loss : l.op;
    const kind = lossKind(name, typeof l.attrs.from_logits === "boolean" ? l.attrs.from_logits : undefined);
    for (const src of index.dataInputs(l)) {
      let p: GraphNode | undefined = src;
      while (p && isPassThrough(p)) p = index.dataInputs(p)[0];
      if (!p) continue;
      const act = activationOf(p);
      const squashed = act === "softmax" || act === "sigmoid" || act === "log_softmax";
      const logitsLoss = kind === "logits" || kind === "binary_logits";
      const probsLoss = kind === "probs" || kind === "binary_probs";
      const linearOut = act === "linear" || (act === undefined && /^(dense|linear|gemm|matmul)$/i.test(p.op.split("::").pop() ?? ""));
      if (!(logitsLoss && squashed) && !(probsLoss && linearOut)) continue;
      const nodes = [p.name, l.name];
      const fl = l.attrs.from_logits === true ? " (from_logits=True)" : "";
      out.push({
        id: "graph.softmax_before_logits_loss",
        strength: 1,
        definite: true,
        nodes,
        symptom: "graph_loss_activation",
        title: logitsLoss
          ? `${act} output ${p.name} feeds ${name}${fl}, which applies its own ${kind === "logits" ? "softmax" : "sigmoid"}: the outputs are squashed twice`
          : `Linear output ${p.name} feeds ${name}, which expects probabilities`,
        note: logitsLoss
          ? `${act} before a loss that expects logits (${name}${fl})`
          : `a linear output before a loss that expects probabilities (${name})`,
        evidence: [graphEvidence(ctx, nodes, `${p.op} (${act ?? "linear"}) → ${l.op}`, act ?? "linear")],
      });
    }
  }
  return out;
};
