// Check: trainable parameters that do not train. Three readings, from the strongest:
//   - a parameter the graph marks trainable whose logged weights never move and that gets no
//     gradient record while other parameters do: something keeps it from training (detached,
//     left out of the differentiated variables) — definite;
//   - one whose weight histograms are identical at its first and last record while other
//     parameters move (left out of the optimizer's list, a zero learning rate for its group);
//   - a layer the configuration freezes (`trainable: false`), its weights confirmed constant by
//     the histograms when recorded: intended in fine-tuning, a cause when the run does poorly.
// Non-trainable state (BatchNorm moving statistics) is never counted. Parameters that cannot
// reach the loss are the "not connected" check's.
import type { GraphNode } from "../../model/index.ts";
import { T } from "../thresholds.ts";
import { graphEvidence, listNames, type StructureCheck, type StructureFact } from "./context.ts";
import { RunRecords, sameHistogram } from "./records.ts";
import { lossNodes } from "./disconnected.ts";
import { isLayerOp } from "./graph_util.ts";

const STATE = /moving_(mean|variance)|running_(mean|var)|num_batches_tracked/i;

export const frozenParameters: StructureCheck = (ctx) => {
  const { index } = ctx;
  const rec = new RunRecords(ctx.run);
  const losses = lossNodes(ctx.graph);
  const feedsLoss = losses.length ? index.upstream(losses) : undefined;
  const stuck: GraphNode[] = [],
    noGrad: GraphNode[] = [],
    frozen: GraphNode[] = [];
  let confirmed = 0,
    moving = 0;
  const evidence: StructureFact["evidence"] = [];
  // gradient records are read only when their names match this graph's parameters at all
  const gradNamed = rec.anyGradients && ctx.graph.nodes.some((p) => p.kind === "parameter" && rec.of(p).gradient);
  const total = ctx.graph.nodes.filter(
    (n) => n.kind === "parameter" && !STATE.test(n.name) && index.forwardUsers(n).some((u) => isLayerOp(u, ctx.graph)),
  ).length;
  for (const p of ctx.graph.nodes) {
    if (p.kind !== "parameter" || STATE.test(p.name)) continue;
    if (feedsLoss && !feedsLoss.has(p.name)) continue;
    // only the weights of layers (not optimizer slots, counters, metric state)
    const layer = index.forwardUsers(p).find((u) => isLayerOp(u, ctx.graph));
    if (!layer) continue;
    const r = rec.of(p);
    const constant = !!r.weights && r.weights.records >= 2 && sameHistogram(r.weights.first, r.weights.last, T.frozenHistogramRel.value);
    if (layer?.attrs.trainable === false || p.attrs.trainable === false) {
      frozen.push(p);
      if (constant) confirmed++;
      continue;
    }
    // logged weights that never move and no gradient logged for them, while other parameters have
    // gradient records (a logger that records only some parameters says nothing of the others)
    if (constant) {
      (gradNamed && !r.gradient ? noGrad : stuck).push(p);
      evidence.push({
        source: "histogram",
        tag: r.weights!.tag,
        steps: [r.weights!.first.step, r.weights!.last.step],
        value: r.weights!.last.sum,
        note: `sum unchanged over ${r.weights!.records} records${gradNamed && !r.gradient ? ", no gradient record" : ""}`,
      });
    } else if (r.weights && r.weights.records >= 2) moving++;
  }
  // constant weights mean "kept from training" only while other parameters do train (all of them
  // constant is a learning rate of zero, dead units or a broken optimizer: other causes)
  if (!moving) stuck.length = 0;
  const out: StructureFact[] = [];
  const layersOf = (ps: GraphNode[]) => [
    ...new Set(ps.map((p) => index.forwardUsers(p).find((u) => isLayerOp(u, ctx.graph))?.name).filter((x): x is string => !!x)),
  ];
  if (stuck.length || noGrad.length) {
    const ps = [...stuck, ...noGrad];
    const nodes = [...layersOf(ps), ...ps.map((p) => p.name)];
    out.push({
      id: "graph.frozen_parameters",
      strength: noGrad.length ? 1 : T.factStrengthClear.value,
      definite: noGrad.length > 0,
      nodes,
      symptom: "graph_frozen_parameters",
      title: `Trainable parameters that never change: ${listNames(ps.map((p) => p.name))}${noGrad.length ? " (no gradient recorded for them)" : ""}`,
      note: `${ps.length} trainable parameter(s) ${stuck.length ? "keep identical weight histograms over training" : "get no gradient while the others do"}`,
      evidence: [graphEvidence(ctx, nodes, "trainable in the graph, not updated", ps.length), ...evidence.slice(0, 3)],
    });
  }
  if (frozen.length) {
    const nodes = [...layersOf(frozen), ...frozen.map((p) => p.name)];
    out.push({
      id: "graph.frozen_parameters",
      strength: confirmed > 0 || frozen.length === total ? 1 : T.factStrengthClear.value,
      nodes,
      symptom: "graph_frozen_parameters",
      title: `Layers frozen by the configuration (trainable: false): ${listNames(layersOf(frozen))}${frozen.length === total ? " — every parameter of the model" : ""}`,
      note: `${frozen.length} of ${total} parameter(s) frozen (trainable: false)${confirmed ? `, ${confirmed} confirmed constant by their weight histograms` : ""}`,
      evidence: [graphEvidence(ctx, nodes, "trainable: false", frozen.length)],
    });
  }
  return out;
};
