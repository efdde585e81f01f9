// Check: consecutive linear layers with no activation between them (Dense/Linear/MatMul/Conv
// without activation, possibly through dropout, reshape or batch normalisation, which are affine
// too): the pair is one linear map, whatever its width — a missing activation.
import type { GraphNode } from "../../model/index.ts";
import { graphEvidence, listNames, type StructureCheck } from "./context.ts";
import { isBookkeeping, isLinearMap, isPassThrough } from "./graph_util.ts";

// affine steps that keep a linear map linear (batch normalisation at inference, a bias add)
const AFFINE_NORM = /^(batchnormalization|batchnorm\dd|batchnorm|fusedbatchnorm(v\d)?|biasadd)$/i;

export const linearStack: StructureCheck = (ctx) => {
  const { index } = ctx;
  const pairs: [GraphNode, GraphNode][] = [];
  for (const a of ctx.graph.nodes) {
    if (!isLinearMap(a) || isBookkeeping(a)) continue;
    const stack = [...(index.consumers.get(a.name) ?? [])];
    const seen = new Set<string>();
    while (stack.length) {
      const c = stack.pop()!;
      if (seen.has(c.name) || c === a || isBookkeeping(c)) continue;
      seen.add(c.name);
      if (isLinearMap(c)) pairs.push([a, c]);
      else if (
        isPassThrough(c) ||
        AFFINE_NORM.test(
          c.op
            .split("::")
            .pop()!
            .replace(/[^A-Za-z0-9]/g, ""),
        )
      )
        stack.push(...(index.consumers.get(c.name) ?? []));
    }
  }
  if (!pairs.length) return [];
  const nodes = [...new Set(pairs.flat().map((n) => n.name))];
  return [
    {
      id: "graph.linear_stack",
      strength: 1,
      nodes,
      symptom: "graph_linear_stack",
      title: `Linear layers follow each other with no activation between: ${pairs
        .slice(0, 3)
        .map(([a, b]) => `${listNames([a.name])} → ${listNames([b.name])}`)
        .join("; ")}${pairs.length > 3 ? ` and ${pairs.length - 3} more` : ""}`,
      note: `${pairs.length} pair(s) of linear layers with no non-linearity between: each pair is a single linear map`,
      evidence: [graphEvidence(ctx, nodes, "linear → linear", pairs.length)],
    },
  ];
};
