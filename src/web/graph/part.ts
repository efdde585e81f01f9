// Which part of a graph the graph page draws: the main graph or one function of its library (a
// TF2 `tf.function` graph keeps the model in a library function: Keras `fit()` writes a main graph
// of placeholders around one call, the layers being the 10 000 nodes of `__inference_…`).
// Contract:
//   - `parts` lists "main" first, then every function, each with its node count;
//   - `pickPart(graph, wanted)`: a wanted part that exists is shown; "" (no choice) or an unknown
//     name shows the default: the largest function when it holds more nodes than the main graph,
//     else the main graph.
// Pure functions: no DOM, shared by the page and its tests.
import type { GraphNode, ModelGraph } from "../../model/index.ts";

export const MAIN_PART = "main";

export interface GraphPart {
  /** MAIN_PART or a function's name. */
  key: string;
  nodes: GraphNode[];
}

export function graphParts(g: ModelGraph): GraphPart[] {
  return [{ key: MAIN_PART, nodes: g.nodes }, ...(g.functions ?? []).map((f) => ({ key: f.name, nodes: f.nodes }))];
}

export function pickPart(g: ModelGraph, wanted: string): GraphPart {
  const parts = graphParts(g);
  const asked = wanted ? parts.find((p) => p.key === wanted) : undefined;
  if (asked) return asked;
  let best = parts[0];
  for (const p of parts.slice(1)) if (p.nodes.length > best.nodes.length) best = p;
  return best;
}
