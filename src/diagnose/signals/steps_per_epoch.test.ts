// Steps per epoch from HF Trainer's fractional `train/epoch`, from an integer epoch scalar beside
// a loss logged every k steps, from an epoch-end validation curve on the global-step axis, and
// from max_steps / epochs; runs built with the model classes and the reader's role rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RunDir, assignRoles, type TrainingRun } from "../../model/index.ts";
import { buildRunView } from "./run_view.ts";
import { stepsPerEpoch } from "./steps_per_epoch.ts";

function runOf(scalars: Record<string, [number, number][]>, hp: Record<string, number | string> = {}): TrainingRun {
  const d = new RunDir("r");
  for (const [tag, pts] of Object.entries(scalars)) {
    const s = d.scalar(tag);
    for (const [st, v] of pts) s.push(st, st, v);
  }
  const run: TrainingRun = { name: "r", dirs: [d], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
  for (const [k, v] of Object.entries(hp)) run.hparams.set(k, { name: k, value: v, sourceKind: "hparams_json", source: "hparams.json" });
  run.roles = assignRoles(run);
  return run;
}

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => i + from);

test("HF Trainer: a fractional train/epoch (global step / steps per epoch) gives its slope, also with 2 epochs", () => {
  // 2 epochs of 16 steps, logging_steps=1: epoch 0.0625, 0.125, ... 2.0 on the 1-based global step
  const steps = range(32, 1);
  const run = runOf({
    "train/loss": steps.map((s) => [s, 2.3 - s * 0.02]),
    "train/epoch": [...steps.map((s): [number, number] => [s, s / 16]), [16, 1], [32, 2]],
    "eval/loss": [
      [16, 2.05],
      [32, 1.74],
    ],
  });
  const v = buildRunView(run);
  assert.equal(v.epoch?.key, "train/epoch");
  const spe = stepsPerEpoch(v);
  assert.equal(spe?.value, 16);
  assert.match(spe!.source, /slope of train\/epoch/);
  assert.equal(spe?.trainLossPerStep, true);
});

test("HF Trainer logging every 5 steps with epoch rounded to 2 decimals: still the slope", () => {
  // 24 steps per epoch, 3 epochs, logged at 5, 10, ... 70
  const steps = range(14, 1).map((i) => i * 5);
  const run = runOf({
    "train/loss": steps.map((s) => [s, 1 / s]),
    "train/epoch": steps.map((s) => [s, Math.round((s / 24) * 100) / 100]),
  });
  assert.equal(stepsPerEpoch(buildRunView(run))?.value, 24);
});

test("an integer epoch beside a loss logged every 10 steps: epoch transitions, 16.15 steps per epoch rounded", () => {
  // 16 steps per epoch, 15 epochs, per-step loss kept every 10th step (steps 9, 19, ...); epoch = floor(step / 16)
  const steps = range(24).map((i) => i * 10 + 9);
  const run = runOf({
    train_loss_step: steps.map((s) => [s, 1 + 1 / (s + 1)]),
    epoch: steps.map((s) => [s, Math.floor(s / 16)]),
    val_loss: range(15).map((e) => [(e + 1) * 16 - 1, 1.2]),
  });
  const spe = stepsPerEpoch(buildRunView(run));
  assert.equal(spe?.value, 16);
  assert.match(spe!.source, /slope of epoch .* beside train_loss_step/);
});

test("an integer epoch beside every step: floor counting (epoch e covers [e, e+1)), no half epochs at the ends", () => {
  // Keras-style: epoch logged as 0, 0, ..., 1, 1, ... at each of 8 steps per epoch, 2 epochs only
  const steps = range(16);
  const run = runOf({
    "train/batch_loss": steps.map((s) => [s, 1 / (s + 1)]),
    epoch: steps.map((s) => [s, Math.floor(s / 8)]),
  });
  assert.equal(stepsPerEpoch(buildRunView(run))?.value, 8);
});

test("a per-step loss logged every k steps beside an epoch-end validation curve on the global-step axis", () => {
  // 16 steps per epoch, loss every 10 steps (fewer than 2 points per epoch), val at each epoch end
  const run = runOf({
    "train/loss": range(24).map((i) => [i * 10 + 10, 1 / (i + 1)]),
    "eval/loss": range(15).map((e) => [(e + 1) * 16, 1.1]),
  });
  const spe = stepsPerEpoch(buildRunView(run));
  assert.equal(spe?.value, 16);
  assert.match(spe!.source, /step spacing of eval\/loss/);
});

test("max_steps / num_train_epochs when they divide evenly; batch from train_batch_size and samples from the alias table", () => {
  const perEpoch = range(10).map((e): [number, number] => [e, 1 / (e + 1)]);
  const a = stepsPerEpoch(buildRunView(runOf({ loss: perEpoch }, { max_steps: 1500, num_train_epochs: 10, train_batch_size: 32 })));
  assert.equal(a?.value, 150);
  assert.equal(a?.batchSize, 32);
  assert.equal(stepsPerEpoch(buildRunView(runOf({ loss: perEpoch }, { max_steps: 1501, num_train_epochs: 10 }))), null);
  const b = stepsPerEpoch(buildRunView(runOf({ loss: perEpoch }, { num_train_samples: 1000, per_device_train_batch_size: 64 })));
  assert.equal(b?.value, 16);
  assert.equal(b?.batchSize, 64);
  // YOLO names: batch
  assert.equal(stepsPerEpoch(buildRunView(runOf({ loss: perEpoch }, { n_train: 640, batch: 16 })))?.value, 40);
});
