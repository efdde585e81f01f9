// Tests of the per-layer weight signals: histogram statistics without a recorded sum of squares
// (TF2 [k,3] tensors, MindSpore summaries), unchanged weights behind coarse equal-width buckets,
// and a weight change per optimizer step that does not depend on the step axis (optimizer steps,
// samples seen, epochs).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Histogram, TrainingRun } from "../../model/index.ts";
import { histOf, makeRun, normals, role, setHParams } from "../test_runs.test_util.ts";
import { buildRunView } from "./run_view.ts";
import { layerSignals, weightStepUnit } from "./layers.ts";
import { statsFromHistogram } from "./tensor_stats.ts";

/** The histogram as a TF2 `[k,3]` tensor gives it: buckets only, no sum, sum of squares, min or max. */
function bucketsOnly(h: Histogram): Histogram {
  return { ...h, sum: NaN, sumSquares: NaN, min: NaN, max: NaN };
}

test("a histogram without sum of squares gets its std from the buckets", () => {
  const v = normals(3000, 0.1, 7);
  const h = histOf(0, v);
  const exact = statsFromHistogram(h);
  const est = statsFromHistogram(bucketsOnly(h));
  assert.ok(Math.abs(est.std - exact.std) / exact.std < 0.02, `std ${est.std} vs ${exact.std}`);
  assert.ok(Math.abs(est.rms - exact.rms) / exact.rms < 0.02, `rms ${est.rms} vs ${exact.rms}`);
  assert.ok(Math.abs(est.mean - exact.mean) < 0.01 * exact.std);
  assert.equal(est.min, h.lefts[0]);
  assert.equal(est.max, h.rights[h.rights.length - 1]);
  // MindSpore: the sum but no sum of squares
  const ms = statsFromHistogram({ ...h, sumSquares: NaN });
  assert.equal(ms.mean, exact.mean);
  assert.ok(Math.abs(ms.std - exact.std) / exact.std < 0.02);
  // all-zero weights: one degenerate bucket, no spread
  const z = statsFromHistogram(bucketsOnly(histOf(0, new Array(64).fill(0))));
  assert.equal(z.std, 0);
  assert.equal(z.mean, 0);
  assert.equal(z.zeroShare, 1);
  // no finite value at all (a TF2 histogram of all-NaN weights: one empty bucket at 0): no spread to report
  const empty = statsFromHistogram({ ...bucketsOnly(histOf(0, [0])), counts: new Float64Array([0]), num: 0 });
  assert.ok(Number.isNaN(empty.std) && Number.isNaN(empty.mean) && Number.isNaN(empty.rms));
});

/** Buckets wider than the values on the right side: the estimate clamps them to the recorded max. */
test("bucket edges beyond the recorded min/max are clamped for the moments", () => {
  const h: Histogram = {
    step: 0,
    wallTime: 0,
    min: -1,
    max: 1,
    num: 4,
    sum: NaN,
    sumSquares: NaN,
    lefts: new Float64Array([-1, 0]),
    rights: new Float64Array([0, 9]),
    counts: new Float64Array([2, 2]),
    nonFinite: { nan: 0, posInf: 0, negInf: 0 },
  };
  const s = statsFromHistogram(h);
  assert.equal(s.mean, 0);
  assert.equal(s.std, 0.5);
});

type Axis = "optimizer_step" | "samples" | "epoch";

/**
 * fc1 frozen, fc2 and out scaled by (1 + 1e-3 · t) at optimizer step t: 8 epochs of 16 steps,
 * weights recorded every 16 steps from step 0, logged on the given step axis.
 */
function frozenRun(axis: Axis, tf2Buckets: boolean): TrainingRun {
  const { run, dir } = makeRun(`frozen_${axis}`);
  const B = 32,
    spe = 16,
    E = 8;
  const base = { "fc1/kernel_0": normals(600, 0.1, 1), "fc2/kernel_0": normals(400, 0.15, 2), "out/kernel_0": normals(100, 0.2, 3) };
  const at = (t: number) => (axis === "samples" ? (t + 1) * B : axis === "epoch" ? Math.floor(t / spe) : t);
  for (const [tag, v] of Object.entries(base)) {
    const s = dir.histogram(tag);
    for (let e = 0; e < E; e++) {
      const t = e * spe;
      const k = tag.startsWith("fc1") ? 1 : 1 + 1e-3 * t;
      const h = histOf(
        at(t),
        v.map((x) => x * k),
      );
      s.push(tf2Buckets ? bucketsOnly(h) : h);
    }
    run.roles.push(role(tag, "weight_hist", tag.replace(/_0$/, "")));
  }
  if (axis === "epoch") {
    const el = dir.scalar("epoch_loss"),
      vl = dir.scalar("val_epoch_loss"),
      vi = dir.scalar("evaluation_loss_vs_iterations");
    for (let e = 0; e < E; e++) {
      el.push(e, e, 2 - 0.2 * e);
      vl.push(e, e, 2.1 - 0.2 * e);
      vi.push((e + 1) * spe, e, 2.1 - 0.2 * e);
    }
    run.roles.push(
      role("epoch_loss", "train_loss", undefined, "scalar"),
      role("val_epoch_loss", "val_loss", undefined, "scalar"),
      role("evaluation_loss_vs_iterations", "val_loss", undefined, "scalar"),
    );
  } else {
    const l = dir.scalar("batch_loss");
    for (let t = 0; t < E * spe; t++) if (axis === "optimizer_step" || t % 10 === 9) l.push(at(t), t, 2 - t / 100);
    run.roles.push(role("batch_loss", "train_loss", undefined, "scalar"));
  }
  setHParams(run, { batch_size: B, epochs: E });
  return run;
}

test("the weight change per optimizer step does not depend on the step axis", () => {
  const want = { optimizer_step: 1, samples: 1 / 32, epoch: 16 };
  const perStep: Record<string, number> = {};
  for (const axis of ["optimizer_step", "samples", "epoch"] as const) {
    for (const tf2 of [false, true]) {
      const view = buildRunView(frozenRun(axis, tf2));
      const L = layerSignals(view);
      assert.equal(L.stepUnit.axis, axis, `${axis}: ${L.stepUnit.source}`);
      assert.equal(L.stepUnit.optimizerSteps, want[axis]);
      assert.equal(L.stepUnit.known, true);
      const w = Object.fromEntries(L.weights.map((x) => [x.layer, x]));
      assert.equal(w["fc1/kernel"].unchanged, true, `${axis} tf2=${tf2}: frozen layer`);
      assert.equal(w["fc1/kernel"].changePerStepRel, 0);
      assert.equal(w["fc2/kernel"].unchanged, false);
      assert.equal(w["fc2/kernel"].records, 8);
      assert.equal(w["fc2/kernel"].stepsPerRecord, 16);
      assert.ok(Number.isFinite(w["fc2/kernel"].initStd) && w["fc2/kernel"].initStd > 0.1);
      perStep[`${axis}/${tf2}`] = w["fc2/kernel"].changePerStepRel;
      // the change over one record pair (16 optimizer steps) is 16 × the change per step
      assert.ok(Math.abs(w["fc2/kernel"].changePerRecordRel / w["fc2/kernel"].changePerStepRel - 16) < 1e-9);
    }
  }
  // scaling by (1 + 1e-3 t): relative change of max |w| per step is 1e-3 / (1 + 1e-3 t)
  for (const [k, v] of Object.entries(perStep)) assert.ok(v > 8e-4 && v < 1e-3, `${k}: ${v}`);
  assert.ok(Math.abs(perStep["samples/false"] - perStep["optimizer_step/false"]) < 1e-15);
  assert.ok(Math.abs(perStep["epoch/true"] - perStep["optimizer_step/true"]) < 1e-15);
});

test("records once per epoch with no known steps per epoch keep the epoch as the unit, flagged unknown", () => {
  const run = frozenRun("epoch", true);
  // drop the iterations-axis twin
  run.roles = run.roles.filter((r) => r.key !== "evaluation_loss_vs_iterations");
  run.dirs[0].scalars.delete("evaluation_loss_vs_iterations");
  const u = weightStepUnit(buildRunView(run), null);
  assert.deepEqual([u.axis, u.optimizerSteps, u.known], ["epoch", 1, false]);
  // the hyper-parameters give it
  setHParams(run, { steps_per_epoch: 16 });
  const v = weightStepUnit(buildRunView(run), null);
  assert.deepEqual([v.axis, v.optimizerSteps, v.known], ["epoch", 16, true]);
});

test("steps that are multiples of a record interval, not of the batch size, stay optimizer steps", () => {
  // records every 10 steps with batch size 10 and the loss at every step: gcd 1
  const { run, dir } = makeRun("every10");
  const s = dir.histogram("fc/kernel_0"),
    l = dir.scalar("loss");
  for (let t = 0; t <= 100; t++) {
    l.push(t, t, 1 / (t + 1));
    if (t % 10 === 0) s.push(histOf(t, normals(50, 0.1 * (1 + t / 1000), 5)));
  }
  run.roles.push(role("fc/kernel_0", "weight_hist", "fc/kernel"), role("loss", "train_loss", undefined, "scalar"));
  setHParams(run, { batch_size: 10 });
  const L = layerSignals(buildRunView(run));
  assert.equal(L.stepUnit.axis, "optimizer_step");
  assert.equal(L.weights[0].stepsPerRecord, 10);
  // samples seen: the same records at (t + 1) × 10 with the loss every 10th step
  const { run: r2, dir: d2 } = makeRun("samples");
  const s2 = d2.histogram("fc/kernel_0"),
    l2 = d2.scalar("loss");
  for (let t = 0; t <= 100; t++) {
    if (t % 10 === 9) l2.push((t + 1) * 10, t, 1 / (t + 1));
    if (t % 10 === 0) s2.push(histOf((t + 1) * 10, normals(50, 0.1 * (1 + t / 1000), 5)));
  }
  r2.roles.push(role("fc/kernel_0", "weight_hist", "fc/kernel"), role("loss", "train_loss", undefined, "scalar"));
  setHParams(r2, { batch_size: 10 });
  const L2 = layerSignals(buildRunView(r2));
  assert.equal(L2.stepUnit.axis, "samples");
  assert.equal(L2.weights[0].stepsPerRecord, 10);
  assert.ok(Math.abs(L2.weights[0].changePerStepRel - L.weights[0].changePerStepRel) < 1e-15);
});

test("the first moving kernel's change over the last one's: tiny for a vanishing gradient, NaN for bit-exact frozen layers", () => {
  const build = (rates: number[]) => {
    const { run, dir } = makeRun("depth");
    rates.forEach((r, i) => {
      const tag = i === rates.length - 1 ? "out/kernel_0" : `fc${i + 1}/kernel_0`;
      const v = normals(200, 0.1, i + 1),
        s = dir.histogram(tag);
      for (let t = 0; t <= 50; t += 10)
        s.push(
          histOf(
            t,
            v.map((x) => x * (1 + r * t)),
          ),
        );
      run.roles.push(role(tag, "weight_hist", tag.replace(/_0$/, "")));
    });
    return layerSignals(buildRunView(run));
  };
  // change falling 10× per layer toward the input, the first two layers exactly still
  const vanish = build([0, 0, 1e-9, 1e-8, 1e-7, 1e-6, 1e-3]);
  assert.equal(vanish.firstMovingLayer, "fc3/kernel");
  assert.equal(vanish.lastChangeLayer, "out/kernel");
  assert.ok(
    vanish.firstMovingLastChangeRatio > 5e-7 && vanish.firstMovingLastChangeRatio < 2e-6,
    String(vanish.firstMovingLastChangeRatio),
  );
  // a frozen first layer in front of layers that train at the head's rate
  const frozen = build([0, 1e-3, 1e-3]);
  assert.equal(frozen.firstMovingLayer, "fc2/kernel");
  assert.ok(Math.abs(frozen.firstMovingLastChangeRatio - 1) < 0.05);
  // a frozen backbone: nothing but the head moves
  assert.ok(Number.isNaN(build([0, 0, 0, 1e-3]).firstMovingLastChangeRatio));
});
