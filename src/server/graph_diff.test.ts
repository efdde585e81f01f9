// diffGraphs on hand-made graphs in the common vocabulary: which nodes are added, removed and
// changed (and in which fields), attribute order not mattering, and the inputs left untouched.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { GraphNode, ModelGraph } from "../model/index.ts";
import { diffGraphs } from "./graph_diff.ts";

const edge = (node: string, control = false) => ({ node, output: 0, control });
const node = (name: string, op: string, inputs: string[] = [], extra: Partial<GraphNode> = {}): GraphNode => ({
  name,
  op,
  kind: "op",
  inputs: inputs.map((i) => edge(i)),
  attrs: {},
  ...extra,
});
const graph = (nodes: GraphNode[]): ModelGraph => ({ format: "graph_def", nodes });

test("diffGraphs: added, removed, changed by field, unchanged", () => {
  const ref = graph([
    node("x", "Placeholder", [], { kind: "input", outputShapes: [[-1, 8]] }),
    node("fc1/w", "VariableV2", [], { kind: "parameter", outputShapes: [[8, 16]], dtype: "float32" }),
    node("fc1/MatMul", "MatMul", ["x", "fc1/w"], { attrs: { transpose_a: false, T: "float32" } }),
    node("fc1/Relu", "Relu", ["fc1/MatMul"]),
    node("dropout", "Dropout", ["fc1/Relu"], { attrs: { rate: 0.5 } }),
    node("out", "Identity", ["dropout"]),
  ]);
  const cur = graph([
    node("x", "Placeholder", [], { kind: "input", outputShapes: [[-1, 8]] }),
    node("fc1/w", "VariableV2", [], { kind: "parameter", outputShapes: [[8, 32]], dtype: "float32" }),
    // same attributes in another key order: not a change
    node("fc1/MatMul", "MatMul", ["x", "fc1/w"], { attrs: { T: "float32", transpose_a: false } }),
    node("fc1/Relu", "Sigmoid", ["fc1/MatMul"]),
    node("fc1/bn", "BatchNorm", ["fc1/Relu"]),
    node("out", "Identity", ["fc1/bn"], { attrs: { note: "x" } }),
  ]);
  const before = JSON.stringify([ref, cur]);
  const d = diffGraphs(cur, ref);
  assert.deepEqual(d.added, ["fc1/bn"]);
  assert.deepEqual(d.removed, ["dropout"]);
  assert.deepEqual(d.changed, [
    { name: "fc1/w", fields: ["shape"] },
    { name: "fc1/Relu", fields: ["op"] },
    { name: "out", fields: ["inputs", "attrs"] },
  ]);
  assert.equal(d.unchanged, 2);
  assert.equal(JSON.stringify([ref, cur]), before, "inputs not modified");
});

test("diffGraphs: an input turned into a control edge, another output index, kind and dtype are changes", () => {
  const ref = graph([
    node("a", "Op"),
    node("b", "Op", ["a"]),
    node("c", "Op", ["a"]),
    node("p", "Const", [], { kind: "constant", dtype: "float32" }),
  ]);
  const cur = graph([
    node("a", "Op"),
    { ...node("b", "Op"), inputs: [edge("a", true)] },
    { ...node("c", "Op"), inputs: [{ node: "a", output: 1, control: false }] },
    node("p", "Const", [], { kind: "parameter", dtype: "float16" }),
  ]);
  const d = diffGraphs(cur, ref);
  assert.deepEqual(d.changed, [
    { name: "b", fields: ["inputs"] },
    { name: "c", fields: ["inputs"] },
    { name: "p", fields: ["kind", "dtype"] },
  ]);
  assert.deepEqual(diffGraphs(ref, ref), { added: [], removed: [], changed: [], unchanged: 4 });
});
