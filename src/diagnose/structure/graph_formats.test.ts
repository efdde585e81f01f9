// The structure checks read the common graph vocabulary, not a format: here on graphs laid out as
// the PyTorch `add_graph` reader gives them (prim::GetAttr parameter nodes read from a module
// object, aten:: ops, IO nodes; the layout of the generated PyTorch fixture's graph) and as a TF
// training graph carries variables (reads, optimizer updates, gradients beside the model).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { GraphNode, ModelGraph } from "../../model/index.ts";
import { GraphIndex, STRUCTURE_CHECKS } from "./index.ts";
import { RunRecords } from "./records.ts";
import { makeRun } from "../test_runs.test_util.ts";

const node = (name: string, op: string, kind: GraphNode["kind"], inputs: string[], attrs: GraphNode["attrs"] = {}): GraphNode => ({
  name,
  op,
  kind,
  inputs: inputs.map((n) => ({ node: n, output: 0, control: false })),
  attrs,
});

function factsOf(g: ModelGraph) {
  const { run } = makeRun();
  const ctx = { run, graph: g, index: new GraphIndex(g) };
  return STRUCTURE_CHECKS.flatMap((c) => c.check(ctx));
}

/** `Net`: fc1 (Linear) applied twice, then softmax and cross-entropy inside the traced module. */
function torchGraph(reuse: boolean, act: "aten::relu" | "aten::softmax"): ModelGraph {
  const fc2 = reuse ? "fc1" : "fc2";
  return {
    format: "graph_def",
    producer: "pytorch",
    nodes: [
      node("input/input.1", "IO Node", "input", []),
      node("Net/Linear[fc1]/weight/weight.1", "prim::GetAttr", "parameter", ["Net/Linear[fc1]/weight/fc1"], { attr: "{ name :  weight }" }),
      node("Net/Linear[fc1]/input.3", "aten::linear", "op", ["input/input.1", "Net/Linear[fc1]/weight/weight.1"]),
      node("Net/ReLU[act]/input.5", "aten::relu", "op", ["Net/Linear[fc1]/input.3"]),
      node(`Net/Linear[${fc2}]/weight/weight`, "prim::GetAttr", "parameter", [`Net/Linear[${fc2}]/weight/${fc2}`], {
        attr: "{ name :  weight }",
      }),
      node(`Net/Linear[${fc2}]/input.7`, "aten::linear", "op", ["Net/ReLU[act]/input.5", `Net/Linear[${fc2}]/weight/weight`]),
      node("Net/out", act, "op", [`Net/Linear[${fc2}]/input.7`]),
      node("Net/loss", "aten::cross_entropy_loss", "op", ["Net/out", "input/target"]),
      node("output/output.1", "IO Node", "output", ["Net/loss"]),
    ],
  };
}

test("PyTorch trace: a module called twice shares its weight along one path; separate modules do not", () => {
  const shared = factsOf(torchGraph(true, "aten::relu")).find((f) => f.id === "graph.shared_parameters");
  assert.ok(shared);
  assert.equal(shared.definite, true);
  assert.deepEqual(shared.nodes.filter((n) => n.includes("weight")).sort(), [
    "Net/Linear[fc1]/weight/weight",
    "Net/Linear[fc1]/weight/weight.1",
  ]);
  assert.equal(
    factsOf(torchGraph(false, "aten::relu")).find((f) => f.id === "graph.shared_parameters"),
    undefined,
  );
});

test("PyTorch trace: Softmax before CrossEntropyLoss is named; raw logits are not", () => {
  const f = factsOf(torchGraph(false, "aten::softmax")).find((x) => x.id === "graph.softmax_before_logits_loss");
  assert.ok(f);
  assert.deepEqual(f.nodes, ["Net/out", "Net/loss"]);
  assert.equal(
    factsOf(torchGraph(false, "aten::relu")).find((x) => x.id === "graph.softmax_before_logits_loss"),
    undefined,
  );
});

test("PyTorch trace: aten::linear feeding aten::linear is a linear stack; a ReLU between is not", () => {
  const g = torchGraph(false, "aten::relu");
  assert.equal(
    factsOf(g).find((f) => f.id === "graph.linear_stack"),
    undefined,
  );
  g.nodes.find((n) => n.name === "Net/Linear[fc2]/input.7")!.inputs[0].node = "Net/Linear[fc1]/input.3";
  const f = factsOf(g).find((x) => x.id === "graph.linear_stack");
  assert.ok(f);
  assert.deepEqual(f.nodes.sort(), ["Net/Linear[fc1]/input.3", "Net/Linear[fc2]/input.7"]);
});

test("PyTorch parameter names map to the tags their histograms use", () => {
  const p = node("Net/Sequential[features]/Conv2d[0]/weight/weight.1", "prim::GetAttr", "parameter", []);
  assert.equal(RunRecords.variableOf(p), "features/0/weight");
  assert.equal(RunRecords.variableOf(node("fc.weight", "Initializer", "parameter", [])), "fc/weight");
  assert.equal(
    RunRecords.variableOf({ ...node("m/dense_1/kernel", "Variable", "parameter", []), param: "dense_1/kernel" }),
    "dense_1/kernel",
  );
});

test("a TF training graph: variable reads, optimizer updates and gradients are not extra users or loose layers", () => {
  const g: ModelGraph = {
    format: "graph_def",
    nodes: [
      node("x", "Placeholder", "input", []),
      node("dense/kernel", "VariableV2", "parameter", []),
      node("dense/kernel/read", "Identity", "op", ["dense/kernel"]),
      node("dense/kernel/Assign", "Assign", "op", ["dense/kernel", "dense/kernel/Initializer/random_uniform"]),
      node("dense/MatMul", "MatMul", "op", ["x", "dense/kernel/read"]),
      node("dense/BiasAdd", "BiasAdd", "op", ["dense/MatMul", "dense/bias/read"]),
      node("dense/Relu", "Relu", "op", ["dense/BiasAdd"]),
      node("gradients/dense/MatMul_grad/MatMul", "MatMul", "op", ["gradients/dense/Relu_grad/ReluGrad", "dense/kernel/read"]),
      node("Adam/update_dense/kernel/ApplyAdam", "ApplyAdam", "op", ["dense/kernel", "gradients/dense/MatMul_grad/MatMul_1"]),
      node("loss/out", "Identity", "output", ["dense/Relu"]),
    ],
  };
  assert.deepEqual(
    factsOf(g).map((f) => f.id),
    [],
  );
});

test("a real PyTorch run logging only some parameters' histograms: the others are not called frozen", async () => {
  const { loadExperiment } = await import("../../reader/index.ts");
  const { structureFacts } = await import("./index.ts");
  const here = (await import("node:path")).dirname(new URL(import.meta.url).pathname);
  // written by PyTorch's SummaryWriter (test/fixtures/MANIFEST.md): add_graph of a 2-layer MLP and
  // weight/gradient histograms of fc1.weight and fc2.bias only
  const exp = await loadExperiment(`${here}/../../../test/fixtures/generated/pytorch/mlp`);
  const run = exp.runs.find((r) => r.dirs.some((d) => d.graphs.length > 0))!;
  const g = run.dirs.flatMap((d) => d.graphs).find((x) => x.graph)!.graph!;
  assert.equal(g.nodes.filter((n) => n.kind === "parameter").length, 4);
  assert.deepEqual(structureFacts(run), []);
});
