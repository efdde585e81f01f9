// Tests of the running-mean detector: a per-step loss logged as Keras logs batch values (the mean
// of the epoch's batches so far) is recognised and its batch losses recovered exactly; raw
// losses, a sorted-data sawtooth and a smooth repeated-batch loss are not taken for one.
import test from "node:test";
import assert from "node:assert/strict";
import { syntheticHealthyRun } from "../../../tools/curves/synthetic_run.ts";
import { computeSignals, diagnoseRun } from "../index.ts";
import type { TrainingRun } from "../../model/index.ts";

function lossValues(run: TrainingRun): number[] {
  return run.dirs[0].scalar("loss/train").values as unknown as number[];
}

/** Rewrites the run's per-step training loss in place as the running mean over each epoch. */
function asRunningMean(run: TrainingRun, spe: number): number[] {
  const v = lossValues(run);
  const raw = Array.from(v);
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    if (i % spe === 0) sum = 0;
    sum += raw[i];
    v[i] = sum / ((i % spe) + 1);
  }
  return raw;
}

const severe = (run: TrainingRun) =>
  diagnoseRun(run)
    .filter((f) => f.severity !== "info")
    .map((f) => f.symptom)
    .sort();

for (const [steps, spe] of [
  [2000, 100],
  [1600, 32],
  [6000, 500],
] as const) {
  test(`a running mean over ${spe}-step epochs is detected and its batch losses recovered`, () => {
    const rawRun = syntheticHealthyRun({ steps, stepsPerEpoch: spe, seed: steps });
    const run = syntheticHealthyRun({ steps, stepsPerEpoch: spe, seed: steps });
    const raw = asRunningMean(run, spe);
    const s = computeSignals(run);
    assert.ok(s.trainLossRunningMean?.detected, "detected");
    assert.equal(s.trainLossRunningMean!.period, spe);
    assert.ok(s.trainLossRunningMean!.lateOverEarly < 0.3);
    // the recovered values are the batch losses (float32 storage: relative error well below 1e-3)
    const rec = s.train!.values;
    for (const i of [1, spe - 1, spe + 7, steps - 1])
      assert.ok(Math.abs(rec[i] - raw[i]) <= 1e-3 * Math.abs(raw[i]) + 1e-5, `step ${i}: ${rec[i]} vs ${raw[i]}`);
    // the diagnosis of the running mean is that of the raw losses, plus an info saying what was read
    assert.deepEqual(severe(run), severe(rawRun));
    assert.deepEqual(severe(run), []);
    assert.ok(diagnoseRun(run).some((f) => f.symptom === "loss_logged_as_running_mean" && f.severity === "info"));
    assert.equal(computeSignals(rawRun).trainLossRunningMean, null);
  });
}

test("a sorted-data sawtooth and a smooth repeated-batch loss are not read as running means", () => {
  for (const spe of [32, 100])
    for (const shape of ["sawtooth", "blocks", "smooth"]) {
      const run = syntheticHealthyRun({ steps: 40 * spe, stepsPerEpoch: spe, seed: spe });
      const v = lossValues(run);
      for (let i = 0; i < v.length; i++) {
        const k = i % spe;
        if (shape === "sawtooth") v[i] *= 1 + 0.8 * (1 - k / spe);
        else if (shape === "blocks") v[i] *= k % 8 < 1 ? 3 : 1;
        else v[i] = 2 * Math.exp(-i / 300) + 0.01;
      }
      assert.ok(!computeSignals(run).trainLossRunningMean?.detected, `${shape} at ${spe} steps per epoch`);
      // (the healthy run's accuracy stays good, so a sawtooth is reported as an observation)
      assert.ok(
        diagnoseRun(run).some(
          (f) => f.symptom === "loss_sawtooth" || (f.severity === "warning" && f.symptom === "loss_suspiciously_smooth"),
        ),
        `${shape} still diagnosed`,
      );
    }
});
