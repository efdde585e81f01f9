// The architecture signal read from a PyTorch module's printed form. The two texts are str(model)
// as printed by torch 1.13 (Debian python3-torch) for the modules named in each test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RunDir, type TrainingRun } from "../../model/index.ts";
import { architectureSignal, torchModuleLayers } from "./architecture.ts";
import { buildRunView } from "./run_view.ts";

// nn.Sequential(Conv2d(1,8,3,padding=1), ReLU, MaxPool2d(2), Conv2d(8,16,(3,3),bias=False), ReLU,
// Flatten, Linear(144,32), ReLU, Dropout(0.5), Linear(32,1))
const CNN =
  "Sequential(\n  (0): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n  (1): ReLU()\n  (2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n  (3): Conv2d(8, 16, kernel_size=(3, 3), stride=(1, 1), bias=False)\n  (4): ReLU()\n  (5): Flatten(start_dim=1, end_dim=-1)\n  (6): Linear(in_features=144, out_features=32, bias=True)\n  (7): ReLU()\n  (8): Dropout(p=0.5, inplace=False)\n  (9): Linear(in_features=32, out_features=1, bias=True)\n)";
// a module with an LSTM encoder and a bias-free Linear head of 3 units
const RNN = "Net(\n  (enc): LSTM(10, 20, num_layers=2, batch_first=True)\n  (head): Linear(in_features=20, out_features=3, bias=False)\n)";

function runWith(hp: Record<string, string>): TrainingRun {
  const d = new RunDir("r");
  d.scalar("loss").push(0, 0, 1);
  const run: TrainingRun = { name: "r", dirs: [d], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
  for (const [k, v] of Object.entries(hp)) run.hparams.set(k, { name: k, value: v, sourceKind: "hparams_plugin", source: "events" });
  return run;
}

test("PyTorch's printed module: weight layers in order with [out, in] shapes and their biases", () => {
  assert.deepEqual(torchModuleLayers(CNN), [
    { shape: [8, 1], bias: true },
    { shape: [16, 8], bias: false },
    { shape: [32, 144], bias: true },
    { shape: [1, 32], bias: true },
  ]);
  assert.deepEqual(torchModuleLayers(RNN), [{ shape: [3, 20], bias: false }]);
  assert.equal(torchModuleLayers("resnet18"), null);
  assert.equal(torchModuleLayers("Linear(in_features=?, out_features=3)"), null);
});

test("the architecture signal reads the printed module under any hyper-parameter name", () => {
  const a = architectureSignal(buildRunView(runWith({ model: CNN, activation: "relu" })));
  assert.equal(a.outputUnits, 1);
  assert.equal(a.layers, 4);
  assert.equal(a.depth, 3);
  assert.equal(a.noBias, false);
  assert.equal(a.activation, "relu");
  const r = architectureSignal(buildRunView(runWith({ net: RNN })));
  // a module other than a Sequential prints its children in definition order: no output units
  assert.equal(r.outputUnits, undefined);
  assert.equal(r.layers, 1);
  assert.equal(r.noBias, true);
  assert.equal(r.recurrent, true);
  assert.equal(a.recurrent, undefined);
  // no printed module, no layer facts
  assert.equal(architectureSignal(buildRunView(runWith({ model: "resnet18" }))).outputUnits, undefined);
});

test("the printed module logged as a text summary (add_text) gives the same layer facts", () => {
  const run = runWith({ activation: "relu" });
  run.dirs[0].text("model/text_summary").push({ step: 0, wallTime: 0, text: CNN });
  const a = architectureSignal(buildRunView(run));
  assert.equal(a.outputUnits, 1);
  assert.equal(a.layers, 4);
  assert.equal(a.depth, 3);
});
