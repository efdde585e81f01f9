// Unit tests of the graph page's choice of the part drawn (src/web/graph/part.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { GraphNode, ModelGraph } from "../../model/index.ts";
import { graphParts, MAIN_PART, pickPart } from "./part.ts";

const nodes = (prefix: string, n: number): GraphNode[] =>
  Array.from({ length: n }, (_, i): GraphNode => ({ name: `${prefix}${i}`, op: "Identity", kind: "op", inputs: [], attrs: {} }));

const keras: ModelGraph = {
  format: "graph_def",
  nodes: nodes("ph", 3),
  functions: [
    { name: "__inference_small", nodes: nodes("s", 2) },
    { name: "__inference_train", nodes: nodes("t", 7) },
  ],
} as ModelGraph;

test("a main graph smaller than its largest function shows that function by default", () => {
  assert.deepEqual(
    graphParts(keras).map((p) => [p.key, p.nodes.length]),
    [
      [MAIN_PART, 3],
      ["__inference_small", 2],
      ["__inference_train", 7],
    ],
  );
  assert.equal(pickPart(keras, "").key, "__inference_train");
  assert.equal(pickPart(keras, "no_such_function").key, "__inference_train");
  assert.equal(pickPart(keras, MAIN_PART).key, MAIN_PART);
  assert.equal(pickPart(keras, "__inference_small").nodes[0].name, "s0");
});

test("a graph without functions, or larger than them, shows the main graph", () => {
  assert.equal(pickPart({ ...keras, functions: undefined }, "").key, MAIN_PART);
  assert.equal(pickPart({ ...keras, nodes: nodes("n", 9) }, "").key, MAIN_PART);
});
