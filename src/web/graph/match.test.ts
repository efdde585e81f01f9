// The parameter ↔ tag name heuristics of the graph page on the names real writers use.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parametersForTag, tagsForParameter } from "./match.ts";

test("tagsForParameter: MindSpore, Keras TF1, PyTorch and recorder spellings; gradients after values", () => {
  // MindSpore summary (test/fixtures/generated/mindspore): histogram `conv1.weight/auto`, gradient `fc3.weight.grad`, tensor `fc3.bias`
  const ms = ["conv1.weight/auto", "conv2.weight/auto", "fc3.weight.grad", "fc3.bias", "loss/auto", "fc1.bias/auto"];
  assert.deepEqual(tagsForParameter("conv1.weight", ms), [{ tag: "conv1.weight/auto", kind: "weights" }]);
  assert.deepEqual(tagsForParameter("fc3.weight", ms), [{ tag: "fc3.weight.grad", kind: "gradient" }]);
  assert.deepEqual(tagsForParameter("fc3.bias", ms), [{ tag: "fc3.bias", kind: "weights" }]);
  assert.deepEqual(tagsForParameter("fc1.weight", ms), []);
  // Keras TF1 TensorBoard callback: `dense_1/kernel_0`, gradients `dense_1/kernel_0_grad`
  const keras = ["dense_1/kernel_0", "dense_1/bias_0", "dense_1/kernel_0_grad", "dense_2/kernel_0", "dense_1_out"];
  assert.deepEqual(tagsForParameter("model/dense_1/kernel", keras), [
    { tag: "dense_1/kernel_0", kind: "weights" },
    { tag: "dense_1/kernel_0_grad", kind: "gradient" },
  ]);
  assert.deepEqual(tagsForParameter("dense_1/kernel:0", keras)[0], { tag: "dense_1/kernel_0", kind: "weights" });
  // PyTorch add_graph scopes vs add_histogram(name, param)
  const torch = ["fc1.weight", "fc1.bias", "fc1.weight.grad", "fc2.weight", "grad/fc1.weight"];
  assert.deepEqual(tagsForParameter("Net/Linear[fc1]/weight", torch), [
    { tag: "fc1.weight", kind: "weights" },
    { tag: "fc1.weight.grad", kind: "gradient" },
    { tag: "grad/fc1.weight", kind: "gradient" },
  ]);
  // trainscope's recorder: weights/<variable>, gradients/<variable>, activations/<layer> never match
  const rec = [
    "weights/dense_Dense1/kernel",
    "gradients/dense_Dense1/kernel",
    "activations/dense_Dense1/kernel",
    "train/weights/dense_Dense1/bias",
  ];
  assert.deepEqual(tagsForParameter("dense_Dense1/kernel", rec), [
    { tag: "weights/dense_Dense1/kernel", kind: "weights" },
    { tag: "gradients/dense_Dense1/kernel", kind: "gradient" },
  ]);
  assert.deepEqual(tagsForParameter("dense_Dense1/bias", rec), [{ tag: "train/weights/dense_Dense1/bias", kind: "weights" }]);
  // a one-token name only matches exactly: `bias` is not every layer's bias
  assert.deepEqual(tagsForParameter("bias", ["fc1.bias", "bias"]), [{ tag: "bias", kind: "weights" }]);
});

test("parametersForTag: the finding's tag back to the graph's parameter nodes", () => {
  const params = ["conv1.weight", "fc3.weight", "fc3.bias", "moments.conv1.weight", "model/dense_1/kernel"];
  assert.deepEqual(parametersForTag("fc3.weight.grad", params), ["fc3.weight"]);
  // `moments.conv1.weight` (the optimizer's slot) ends with conv1.weight too: both are named
  assert.deepEqual(parametersForTag("conv1.weight/auto", params), ["conv1.weight", "moments.conv1.weight"]);
  assert.deepEqual(parametersForTag("dense_1/kernel_0", params), ["model/dense_1/kernel"]);
  assert.deepEqual(parametersForTag("activations/fc3.weight", params), []);
  assert.deepEqual(parametersForTag("loss/auto", params), []);
});
