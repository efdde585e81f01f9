// Tests of the batch-noise signals on seeded synthetic per-step losses: a within-epoch pattern
// repeated every epoch (sorted data) against independent batch noise (shuffled data).
import { test } from "node:test";
import assert from "node:assert/strict";
import { batchNoise } from "./batch_noise.ts";
import { curveTrend } from "./loss_trend.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function perStepLoss(period: number, epochs: number, pattern: number, seed: number): number[] {
  const r = rng(seed);
  const shape = Array.from({ length: period }, () => r() - 0.5);
  const out: number[] = [];
  for (let i = 0; i < period * epochs; i++) {
    const trend = 2 * Math.exp(-i / ((period * epochs) / 3));
    out.push(trend * Math.exp(pattern * shape[i % period] + 0.3 * (r() - 0.5)));
  }
  return out;
}

function signal(values: number[], period: number) {
  const tr = curveTrend({ key: "loss", steps: values.map((_, i) => i), values, nonFinite: 0, granularity: "step" });
  return batchNoise(tr!, period);
}

test("a loss repeating its course every epoch has a large position effect, shuffled batches none", () => {
  const sorted = signal(perStepLoss(16, 15, 1.5, 1), 16);
  const shuffled = signal(perStepLoss(16, 15, 0, 1), 16);
  assert.ok(sorted.positionShare > 0.5, `sorted ${sorted.positionShare}`);
  assert.ok(sorted.periodicAutocorr > 0.4, `sorted autocorrelation ${sorted.periodicAutocorr}`);
  assert.ok(Math.abs(shuffled.positionShare) < 0.1, `shuffled ${shuffled.positionShare}`);
});

test("the position effect is NaN when fewer than three epochs are logged", () => {
  const short = signal(perStepLoss(40, 2, 1.5, 2), 40);
  assert.ok(Number.isNaN(short.positionShare));
});

/** Every k-th point of a per-step loss, on its optimizer-step axis (a logger's `log_every_n_steps`). */
function sparseSignal(values: number[], every: number, stepsPerEpoch: number, classes: number | null = null) {
  const steps: number[] = [],
    kept: number[] = [];
  for (let i = every - 1; i < values.length; i += every) {
    steps.push(i + 1);
    kept.push(values[i]);
  }
  const tr = curveTrend({ key: "loss", steps, values: kept, nonFinite: 0, granularity: "step" });
  return batchNoise(tr!, null, stepsPerEpoch, classes);
}

/** Sorted classes of unequal difficulty: the loss level depends on the class block, i.e. on the phase inside the epoch. */
function classBlockLoss(period: number, epochs: number, classes: number, pattern: number, seed: number): number[] {
  const r = rng(seed);
  const level = Array.from({ length: classes }, () => r() - 0.5);
  const out: number[] = [];
  for (let i = 0; i < period * epochs; i++) {
    const trend = 2 * Math.exp(-i / ((period * epochs) / 3));
    const block = Math.min(classes - 1, Math.floor(((i % period) / period) * classes));
    out.push(trend * Math.exp(pattern * level[block] + 0.3 * (r() - 0.5)));
  }
  return out;
}

test("logged every 10 of 47 steps per epoch: the phase inside the epoch shows the sorted order, not shuffled batches", () => {
  const sorted = sparseSignal(classBlockLoss(47, 12, 4, 1.5, 3), 10, 47);
  const shuffled = sparseSignal(classBlockLoss(47, 12, 4, 0, 3), 10, 47);
  assert.ok(sorted.phaseShare > 0.3, `sorted ${sorted.phaseShare}`);
  assert.ok(Math.abs(shuffled.phaseShare) < 0.1, `shuffled ${shuffled.phaseShare}`);
  // (no lag pairs the points of two epochs: the autocorrelation form is undefined)
  assert.ok(Number.isNaN(sorted.periodicAutocorr));
});

test("the phase share is NaN when the points align with the epoch or fewer than three fall in one", () => {
  assert.ok(Number.isNaN(signal(perStepLoss(16, 15, 1.5, 1), 16).phaseShare));
  assert.ok(Number.isNaN(sparseSignal(classBlockLoss(47, 12, 4, 1.5, 3), 20, 47).phaseShare));
});

/**
 * Sorted classes of equal difficulty: the loss jumps at the start of every class block (the model
 * was fitting the previous class) and falls inside it, so the level follows the phase inside the
 * block, not the block itself.
 */
function blockRestartLoss(period: number, epochs: number, classes: number, jump: number, seed: number): number[] {
  const r = rng(seed);
  const block = period / classes;
  const out: number[] = [];
  for (let i = 0; i < period * epochs; i++) {
    const trend = 2 * Math.exp(-i / ((period * epochs) / 3));
    const inBlock = ((i % period) % block) / block;
    out.push(trend * Math.exp(jump * (0.5 - inBlock) + 0.3 * (r() - 0.5)));
  }
  return out;
}

test("data sorted by 4 classes, logged every 10 of 47 steps: the phase inside the class block shows it, the phase inside the epoch does not", () => {
  const sorted = sparseSignal(blockRestartLoss(47, 12, 4, 2, 5), 10, 47, 4);
  const shuffled = sparseSignal(blockRestartLoss(47, 12, 4, 0, 5), 10, 47, 4);
  assert.ok(sorted.blockPhaseShare > 0.3, `sorted ${sorted.blockPhaseShare}`);
  assert.ok(sorted.phaseShare < 0.3, `epoch phase ${sorted.phaseShare}`);
  assert.ok(Math.abs(shuffled.blockPhaseShare) < 0.1, `shuffled ${shuffled.blockPhaseShare}`);
});

test("the block phase share needs the class count, 3 or more: NaN without it, for two classes, or when a block spans fewer than 3 steps", () => {
  assert.ok(Number.isNaN(sparseSignal(blockRestartLoss(47, 12, 2, 2, 5), 10, 47, 2).blockPhaseShare));
  assert.ok(Number.isNaN(sparseSignal(blockRestartLoss(47, 12, 4, 2, 5), 10, 47, null).blockPhaseShare));
  assert.ok(Number.isNaN(sparseSignal(blockRestartLoss(47, 12, 4, 2, 5), 10, 47, 20).blockPhaseShare));
});
