// The learning rate against its optimizer's usual range: the optimizer named by a hyper-parameter,
// or by the tag Lightning's LearningRateMonitor writes (`lr-Adam`, `lr-SGD/pg1`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { RunDir, assignRoles, type TrainingRun } from "../../model/index.ts";
import { computeSignals } from "./index.ts";
import { optimizerOfLrTag } from "./lr_range.ts";

function runWithLr(tag: string, lr: number): TrainingRun {
  const d = new RunDir("r");
  const loss = d.scalar("train_loss"),
    rate = d.scalar(tag);
  for (let i = 0; i < 50; i++) {
    loss.push(i, 0, 1 / (1 + i / 10));
    rate.push(i, 0, lr);
  }
  const run: TrainingRun = { name: "r", dirs: [d], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
  run.roles = assignRoles(run);
  return run;
}

test("the optimizer class in a LearningRateMonitor tag", () => {
  assert.equal(optimizerOfLrTag("lr-Adam"), "Adam");
  assert.equal(optimizerOfLrTag("lr-SGD/pg1"), "SGD");
  assert.equal(optimizerOfLrTag("train/lr-AdamW"), "AdamW");
  assert.equal(optimizerOfLrTag("lr"), undefined);
  assert.equal(optimizerOfLrTag("learning_rate"), undefined);
});

test("lr-Adam at 0.05 is above Adam's usual range; the same value under a bare `lr` tag is within the union of the ranges", () => {
  const adam = computeSignals(runWithLr("lr-Adam", 0.05)).lr;
  assert.equal(adam?.optimizer, "Adam");
  assert.equal(adam?.position, "high");
  const bare = computeSignals(runWithLr("lr", 0.05)).lr;
  assert.equal(bare?.optimizer, undefined);
  assert.equal(bare?.position, "usual");
});

test("Adadelta at PyTorch's default 1.0 is within its own range, at Keras' default 1e-3 below it; Adam at 1.0 is above", () => {
  const withOptimizer = (name: string, lr: number) => {
    const run = runWithLr("lr", lr);
    run.hparams.set("optimizer", { name: "optimizer", value: name, sourceKind: "hparams_json", source: "hparams.json" });
    return computeSignals(run).lr;
  };
  assert.equal(withOptimizer("Adadelta", 1.0)?.position, "usual");
  assert.equal(withOptimizer("Adadelta", 1e-3)?.position, "low");
  assert.equal(withOptimizer("Adagrad", 0.01)?.position, "usual");
  assert.equal(withOptimizer("Adam", 1.0)?.position, "high");
});
