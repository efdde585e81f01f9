// Check: the model's output width differs from the labels' class count stated by the
// configuration (num_classes and its aliases): a 2-unit head for 3 classes drops a class
// silently (sparse labels past the width are one-hot encoded as zeros), a wider head wastes
// probability on classes that never occur. One sigmoid unit for 2 classes is the binary case.
import type { GraphNode } from "../../model/index.ts";
import { graphEvidence, type StructureCheck } from "./context.ts";
import { lossNodes } from "./disconnected.ts";

function widthOf(n: GraphNode): number | undefined {
  if (typeof n.attrs.units === "number") return n.attrs.units;
  if (typeof n.attrs.out_features === "number") return n.attrs.out_features;
  const s = n.outputShapes?.[0];
  const d = s?.[s.length - 1];
  return d !== undefined && d > 0 ? d : undefined;
}

export const outputWidth: StructureCheck = (ctx) => {
  const c = ctx.classes;
  if (c === undefined || !(c >= 2)) return [];
  const { index } = ctx;
  const losses = lossNodes(ctx.graph);
  let outs = losses.flatMap((l) => index.dataInputs(l));
  if (!outs.length) outs = ctx.graph.nodes.filter((n) => n.kind === "op" && !(index.consumers.get(n.name) ?? []).length);
  if (outs.length !== 1) return [];
  let o: GraphNode | undefined = outs[0];
  while (o && widthOf(o) === undefined) o = index.dataInputs(o)[0];
  const w = o ? widthOf(o) : undefined;
  if (!o || w === undefined || w === c || (w === 1 && c === 2)) return [];
  const nodes = [o.name];
  return [
    {
      id: "graph.output_width_mismatch",
      strength: 1,
      definite: true,
      nodes,
      symptom: "graph_output_width",
      title: `The output layer ${o.name} has ${w} unit(s) for ${c} classes`,
      note: `output width ${w} ≠ the ${c} classes of the configuration`,
      evidence: [graphEvidence(ctx, nodes, `${c} classes in the configuration`, w)],
    },
  ];
};
