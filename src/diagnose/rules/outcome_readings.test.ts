// Readings judged by the outcome, on small hand-made per-epoch runs, each asserting the ranking:
// - a loss still falling at the end is "train longer" (a warning, too_few_epochs) only while the
//   validation accuracy still rises; a validation accuracy that levelled off leaves an observation;
// - a validation loss whose optimum came in the first epochs and then rose, under a learning rate
//   above its optimizer's range that also stalls the training loss, is the learning rate's doing:
//   no repeated_batch is asserted beside learning_rate_too_high;
// - a validation loss 40 % or more above its best while the training loss keeps falling is
//   overfitting even when the accuracy still creeps up (over-confident mistakes), unless the
//   configured loss does not fit the outputs; a smaller rise at an unchanged accuracy is not;
// - a higher-is-better validation metric logged instead of an accuracy (mAP) that peaks and falls
//   back 15 % or more while the training loss keeps falling is overfitting (not a WER);
// - a training accuracy a quarter or more above a validation accuracy that has levelled off (and
//   learnt something) is overfitting;
// - a model the configuration names as one linear map (a single weight layer, or a linear hidden
//   activation) whose training loss levelled off no lower than the validation loss is
//   model_too_small; not the same curves with hidden ReLU layers, nor a linear model whose training
//   loss ends well below its validation loss, nor one still improving;
// - a regression of two or three epochs (no accuracy to judge its outcome) whose validation loss
//   fell at every epoch, the last by a tenth, with the training loss falling too, was cut short
//   (too_few_epochs); one whose validation loss rose and fell back is only an observation;
// - a training loss falling slowly is a step too small (learning_rate_too_low) while the validation
//   loss falls along with it, not once the validation loss levelled off in the first half;
// - a loss that falls at an unchanged pace through the whole run (every quarter takes a fair share
//   of a small gain) is limited by its step even while the accuracy climbs with it (a full batch);
//   not a curve with a schedule's slow start and fast middle;
// - a per-epoch loss that fell by half and jumps above its first value at its last epoch blew up
//   (loss_diverging), not a loss that never fell; not a last epoch below the first value, nor a
//   per-step loss whose last batch is its highest;
// - a 2-epoch classifier logged per epoch whose training and validation losses both fell a third in
//   the last epoch is cut short (too_few_epochs), not one whose training loss fell a tenth.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { HParamValue, TrainingRun } from "../../model/index.ts";
import { ADD_SCALARS_TAGS, asserted, epochRun as epochRunWith, lossOnlyRun, makeRun, role, setHParams } from "../test_runs.test_util.ts";
import { diagnoseRun } from "../engine.ts";

/** Per-epoch curves under `Loss_train/Loss` … (add_scalars layout, no configuration unless given). */
const epochRun = (name: string, rows: Array<[number, number, number, number]>, hp?: Record<string, HParamValue>): TrainingRun =>
  epochRunWith(name, rows, ADD_SCALARS_TAGS, hp);

/**
 * 3 classes, 12 epochs (the shape of a healthy bag-of-words run with gradient clipping): the losses
 * fall faster and faster to the end; the validation accuracy either levels off at 0.67 from epoch 6
 * or climbs from 0.60 by 0.012 an epoch to 0.66 (both short of good for 3 classes).
 */
function stillFalling(valAccKeepsRising: boolean): TrainingRun {
  const loss = [1.098, 1.087, 1.07, 1.038, 0.99, 0.93, 0.86, 0.795, 0.726, 0.667, 0.616, 0.571];
  const valLoss = [1.094, 1.087, 1.072, 1.044, 1.006, 0.967, 0.916, 0.873, 0.839, 0.806, 0.778, 0.762];
  const acc = [0.356, 0.372, 0.386, 0.554, 0.654, 0.82, 0.808, 0.807, 0.857, 0.83, 0.849, 0.851];
  const levelled = [0.35, 0.36, 0.4, 0.527, 0.623, 0.637, 0.67, 0.667, 0.66, 0.663, 0.68, 0.663];
  const rows = loss.map((l, e): [number, number, number, number] => [
    l,
    acc[e],
    valLoss[e],
    valAccKeepsRising && e >= 6 ? 0.6 + 0.012 * (e - 6) : levelled[e],
  ]);
  return epochRun(valAccKeepsRising ? "rising" : "levelled", rows);
}

test("losses still falling at the end with the validation accuracy still rising: too_few_epochs asserted", () => {
  const f = diagnoseRun(stillFalling(true));
  const s = f.find((x) => x.symptom === "still_improving_at_end");
  assert.ok(s, JSON.stringify(f.map((x) => x.symptom)));
  assert.equal(s.severity, "warning");
  assert.equal(s.causes[0]?.code, "too_few_epochs");
});

test("losses still falling at the end with the validation accuracy levelled off for half the run: an observation only", () => {
  const f = diagnoseRun(stillFalling(false));
  const s = f.find((x) => x.symptom === "still_improving_at_end");
  assert.ok(s, JSON.stringify(f.map((x) => x.symptom)));
  assert.equal(s.severity, "info");
  assert.deepEqual(asserted(f), []);
});

test("an early validation optimum then a rise, with a stalled training loss under SGD at 5: learning_rate_too_high, no repeated_batch", () => {
  const rows: Array<[number, number, number, number]> = [];
  for (let e = 0; e < 12; e++) rows.push([1.13 - 0.015 * e, 0.45 + 0.01 * e, 0.91 + 0.03 * e, 0.6 - 0.01 * e]);
  const run = epochRun("lr-high", rows, {
    optimizer: "SGD",
    learning_rate: 5,
    batch_size: 32,
    n_train: 1500,
    epochs: 12,
    num_classes: 4,
    loss: "cross_entropy",
    output_activation: "linear",
  });
  const f = diagnoseRun(run);
  const causes = asserted(f);
  assert.equal(causes[0], "learning_rate_too_high", JSON.stringify(f.map((x) => [x.symptom, x.severity, x.causes.map((c) => c.code)])));
  assert.ok(!causes.includes("repeated_batch"), causes.join());
});

/**
 * The epochs of a 4-class MLP under SGD at 2 (above SGD's usual range): learnt at once (validation
 * accuracy 0.69 after the first epoch), then the validation loss rose about 40 % from its best while
 * the training loss, noisy, ended a little above where it was at that best.
 */
const OVERSHOOT: Array<[number, number, number, number]> = [
  [1.129, 0.561, 0.863, 0.688],
  [1.047, 0.622, 0.872, 0.694],
  [0.985, 0.661, 1.026, 0.568],
  [0.967, 0.67, 0.863, 0.714],
  [0.83, 0.715, 0.875, 0.684],
  [0.967, 0.675, 0.847, 0.732],
  [1.068, 0.642, 1.0, 0.692],
  [0.98, 0.696, 1.002, 0.638],
  [1.0, 0.704, 1.13, 0.55],
  [0.99, 0.718, 1.018, 0.696],
  [1.02, 0.709, 1.524, 0.606],
  [1.03, 0.681, 1.201, 0.632],
];
const overshootHp = (lr: number): Record<string, HParamValue> => ({
  optimizer: "SGD",
  learning_rate: lr,
  batch_size: 32,
  epochs: 12,
  num_classes: 4,
  loss: "cross_entropy",
  output_activation: "linear",
});

test("a validation loss about 40 % past its optimum with the training loss stalled, under a learning rate above its range: learning_rate_too_high", () => {
  const f = diagnoseRun(epochRun("overshoot", OVERSHOOT, overshootHp(2)));
  const div = f.find((x) => x.symptom === "loss_diverging");
  assert.equal(div?.severity, "warning", JSON.stringify(f.map((x) => [x.symptom, x.severity, x.causes.map((c) => c.code)])));
  assert.equal(div.causes[0]?.code, "learning_rate_too_high");
  // the configuration finding no longer says the outcome shows no problem
  assert.ok(!f.some((x) => /the outcome does not show a problem/.test(x.title)), f.map((x) => x.title).join(" | "));
  // the same curves with SGD at 0.05 (in its range): this mild rise is no divergence reading
  const g = diagnoseRun(epochRun("in-range", OVERSHOOT, overshootHp(0.05)));
  assert.ok(!g.some((x) => x.symptom === "loss_diverging"), JSON.stringify(g.map((x) => [x.symptom, x.severity])));
});

/**
 * 10 epochs: the training loss falls to 0.02; the validation loss is lowest at epoch 2 and ends
 * `rise` above it (the engine measures the rise on running medians: 66 % reads as 48 %, 30 % as
 * 20 %); the validation accuracy still creeps up.
 */
function pastOptimum(rise: number, hp?: Record<string, HParamValue>): TrainingRun {
  const rows: Array<[number, number, number, number]> = [];
  for (let e = 0; e < 10; e++) {
    const v = e <= 2 ? 0.45 - 0.02 * e : 0.41 * (1 + (rise * (e - 2)) / 7);
    rows.push([0.72 * Math.exp(-e / 2.5) + 0.02, Math.min(0.99, 0.8 + 0.02 * e), v, 0.86 + 0.002 * e]);
  }
  return epochRun(`rise-${rise}`, rows, hp);
}

test("a validation loss 66 % above its lowest point while the training loss reaches 0.02 is overfitting, though the accuracy still creeps up", () => {
  const f = diagnoseRun(pastOptimum(0.66));
  const r = f.find((x) => x.symptom === "val_loss_rising");
  assert.ok(r, JSON.stringify(f.map((x) => [x.symptom, x.severity])));
  assert.equal(r.severity, "warning");
  assert.equal(r.causes[0]?.code, "overfitting");
});

test("a validation loss 30 % above its lowest point with the accuracy still creeping up stays an observation", () => {
  const f = diagnoseRun(pastOptimum(0.3));
  assert.ok(!f.some((x) => x.symptom === "val_loss_rising" && x.severity !== "info"));
  assert.ok(!asserted(f).includes("overfitting"), asserted(f).join());
});

test("the same 60 % rise under a probability loss on a linear output is no overfitting reading (the loss misstates the predictions)", () => {
  const f = diagnoseRun(
    pastOptimum(0.6, { loss: "binary_crossentropy", output_activation: "linear", optimizer: "Adam", learning_rate: 0.001, num_classes: 2 }),
  );
  assert.ok(!asserted(f).includes("overfitting"), asserted(f).join());
  assert.equal(asserted(f)[0], "wrong_loss_function");
});

/** 40 epochs of a detector: box loss falling throughout; `metric` per epoch under `key` (role val_metric). */
function detector(key: string, metric: (e: number) => number, trainUntil = 40): TrainingRun {
  const { run, dir } = makeRun(`det-${key}`);
  const tl = dir.scalar("train/box_loss"),
    vl = dir.scalar("val/box_loss"),
    mm = dir.scalar(key);
  for (let e = 1; e <= 40; e++) {
    if (e <= trainUntil) tl.push(e, e, 0.9 + 0.9 * Math.exp(-e / 12));
    vl.push(e, e, 1.1 + 0.3 * Math.exp(-e / 10) + (e % 3) * 0.004);
    mm.push(e, e, metric(e));
  }
  run.roles.push(
    role("train/box_loss", "train_loss", undefined, "scalar"),
    role("val/box_loss", "val_loss", undefined, "scalar"),
    role(key, "val_metric", undefined, "scalar"),
  );
  return run;
}

const peaked = (e: number) => (e <= 20 ? 0.05 + 0.35 * (e / 20) : 0.4 - 0.1 * ((e - 20) / 20)) + (e % 2 ? 0.004 : -0.004);

test("a detector whose mAP peaks at 0.40 and falls to 0.30 while its training loss keeps falling: val_metric_falling, overfitting", () => {
  const f = diagnoseRun(detector("metrics/mAP50-95(B)", peaked));
  const m = f.find((x) => x.symptom === "val_metric_falling");
  assert.ok(m, JSON.stringify(f.map((x) => x.symptom)));
  assert.equal(m.severity, "warning");
  assert.equal(m.causes[0]?.code, "overfitting");
  assert.match(m.title, /^Validation metrics\/mAP50-95\(B\) fell 2\d(\.\d)? % from its best 0\.39\d* at step 2\d/);
});

test("an mAP that ends near its best, or a lower-is-better metric shaped the same, gives no falling-metric finding", () => {
  const plateau = diagnoseRun(detector("metrics/mAP50-95(B)", (e) => Math.min(0.4, 0.05 + 0.35 * (e / 20)) + (e % 2 ? 0.004 : -0.004)));
  assert.ok(!plateau.some((x) => x.symptom === "val_metric_falling"));
  const wer = diagnoseRun(detector("eval_wer", peaked));
  assert.ok(!wer.some((x) => x.symptom === "val_metric_falling"));
});

test("a training loss logged only before the metric's best says nothing about what followed: no falling-metric finding", () => {
  const f = diagnoseRun(detector("metrics/mAP50-95(B)", peaked, 12));
  assert.ok(!f.some((x) => x.symptom === "val_metric_falling"), JSON.stringify(f.map((x) => x.symptom)));
});

/** 10 classes, 12 epochs: training accuracy climbs to `trainTo`; validation accuracy reaches `valTo` by epoch 4 and then stays (or keeps rising). */
function accGapRun(trainTo: number, valTo: number, valKeepsRising = false): TrainingRun {
  const rows: Array<[number, number, number, number]> = [];
  for (let e = 0; e < 12; e++) {
    const k = Math.min(1, e / 4);
    const ta = 0.1 + (trainTo - 0.1) * Math.min(1, e / 9);
    const va = valKeepsRising ? 0.1 + ((valTo - 0.1) * e) / 11 : 0.1 + (valTo - 0.1) * k + (e % 2 ? 0.005 : -0.005);
    rows.push([2.3 - 2.1 * Math.min(1, e / 9), ta, 2.3 - 1.0 * k + 0.01 * Math.max(0, e - 4), va]);
  }
  return epochRun(`gap-${trainTo}-${valTo}-${valKeepsRising}`, rows);
}

test("training accuracy 0.96 against a validation accuracy levelled at 0.63: the gap is overfitting (a warning)", () => {
  const f = diagnoseRun(accGapRun(0.96, 0.63));
  const gap = f.find((x) => x.symptom === "train_val_gap");
  assert.ok(gap, JSON.stringify(f.map((x) => [x.symptom, x.severity])));
  assert.equal(gap.severity, "warning");
  assert.equal(gap.causes[0]?.code, "overfitting");
});

test("an accuracy gap of 0.15, a gap the validation accuracy is still closing, or a validation accuracy near chance: no overfitting from the gap", () => {
  for (const run of [accGapRun(0.8, 0.65), accGapRun(0.96, 0.63, true), accGapRun(0.96, 0.14)]) {
    const f = diagnoseRun(run);
    assert.ok(
      !f.some((x) => x.symptom === "train_val_gap" && x.severity !== "info"),
      `${run.name}: ${JSON.stringify(f.map((x) => [x.symptom, x.severity]))}`,
    );
  }
});

/**
 * A regression logged the Lightning way: `train_loss_step` every 10 of 24 steps per epoch (the
 * first point at step 9, after the first updates) and `train_loss_epoch` per epoch, whose first
 * value holds the fast drop of the first updates that the step series missed (the loss starts at 4.4
 * and its first epoch averages 0.88, more than twice the step series start); after it the loss
 * creeps down 13 % over the run.
 */
function lightningRegression(withEpochMean: boolean): TrainingRun {
  const { run, dir } = makeRun("lightning-reg");
  const spe = 24,
    epochs = 20;
  const level = (t: number) => 0.33 + 0.05 * (1 - t / 480) + 4 * Math.exp(-t / 3);
  const step = dir.scalar("train_loss_step");
  for (let t = 9; t < spe * epochs; t += 10) step.push(t, t, level(t) * (1 + 0.04 * Math.sin(t)));
  const ep = withEpochMean ? dir.scalar("train_loss_epoch") : null;
  const val = dir.scalar("val_loss");
  for (let e = 0; e < epochs; e++) {
    const end = (e + 1) * spe - 1;
    let sum = 0;
    for (let t = e * spe; t <= end; t++) sum += level(t);
    ep?.push(end, e, sum / spe);
    val.push(end, e, 0.75 * level(end));
  }
  setHParams(run, { optimizer: "RMSprop", learning_rate: 0.001, batch_size: 64, epochs, loss: "mse" });
  return run;
}

test("a per-step loss logged every 10 steps misses the first epoch's drop that the epoch mean holds: no slow-convergence reading", () => {
  const f = diagnoseRun(lightningRegression(true));
  assert.ok(!f.some((x) => x.symptom === "loss_slow_convergence"), JSON.stringify(f.map((x) => [x.symptom, x.severity])));
  assert.deepEqual(asserted(f), []);
  // without the epoch mean, the step series alone fell 13 %: read as slow
  const g = diagnoseRun(lightningRegression(false));
  assert.ok(
    g.some((x) => x.symptom === "loss_slow_convergence"),
    JSON.stringify(g.map((x) => [x.symptom, x.severity])),
  );
});

/** 20 epochs, 2 classes: training loss 0.69 → `trainEnd` (levelling off by epoch 10 unless `still`), validation 0.68 → 0.45, accuracy 0.55 → 0.79. */
function capacityRun(name: string, layers: number[][], trainEnd: number, hp: Record<string, HParamValue> = {}, still = false): TrainingRun {
  const rows = Array.from({ length: 20 }, (_, e): [number, number, number, number] => {
    const k = still ? 1 - e / 20 : Math.exp(-e / 3);
    return [trainEnd + (0.69 - trainEnd) * k, 0.79 - 0.24 * k, 0.45 + 0.23 * k, 0.78 - 0.22 * k];
  });
  const summary = JSON.stringify(layers.map((shape, i) => ({ name: `fc${i}`, type: "Linear", weight_shape: shape, bias: true })));
  return epochRun(name, rows, {
    optimizer: "Adam",
    learning_rate: 0.001,
    batch_size: 32,
    epochs: 20,
    loss: "binary_crossentropy",
    output_activation: "sigmoid",
    activation: "relu",
    layers: summary,
    ...hp,
  });
}

test("a single-weight-layer model whose training loss levels off at the validation loss → model_too_small", () => {
  for (const run of [
    capacityRun("linear", [[1, 12]], 0.455),
    capacityRun(
      "linear-hidden",
      [
        [32, 12],
        [1, 32],
      ],
      0.46,
      { activation: "linear" },
    ),
  ]) {
    const f = diagnoseRun(run);
    const u = f.find((x) => x.symptom === "underfitting");
    assert.equal(u?.severity, "warning", `${run.name}: ${JSON.stringify(f.map((x) => x.symptom))}`);
    assert.equal(asserted(f)[0], "model_too_small", `${run.name}: ${asserted(f).join()}`);
  }
});

test("hidden ReLU layers, a training loss well below the validation loss, or a loss still falling: no capacity reading", () => {
  const deep = capacityRun(
    "deep",
    [
      [32, 12],
      [16, 32],
      [1, 16],
    ],
    0.455,
  );
  const gap = capacityRun("gap", [[1, 12]], 0.3);
  const still = capacityRun("still", [[1, 12]], 0.455, {}, true);
  for (const run of [deep, gap, still]) {
    const f = diagnoseRun(run);
    assert.ok(!f.some((x) => x.symptom === "underfitting"), `${run.name}: ${JSON.stringify(f.map((x) => x.symptom))}`);
    assert.ok(!asserted(f).includes("model_too_small"), `${run.name}: ${asserted(f).join()}`);
  }
});

test("a 2-epoch regression whose losses still fell by a tenth in the last epoch → too_few_epochs (warning)", () => {
  const f = diagnoseRun(lossOnlyRun("two-epochs", [2.99, 2.7], [2.95, 2.59], { loss: "mse" }));
  const still = f.find((x) => x.symptom === "still_improving_at_end");
  assert.equal(still?.severity, "warning", JSON.stringify(f.map((x) => `${x.severity}:${x.symptom}`)));
  assert.equal(asserted(f)[0], "too_few_epochs");
});

test("a 2-epoch classifier logged per epoch whose losses both fell a third in the last epoch → too_few_epochs (warning); a gentle last epoch stays an observation", () => {
  // 4 classes, validation accuracy 0.38 → 0.63, no per-step loss (timm, fastai, Keras per epoch)
  const steep = diagnoseRun(
    epochRun("steep", [
      [1.372, 0.35, 1.268, 0.375],
      [0.901, 0.6, 0.842, 0.63],
    ]),
  );
  const still = steep.find((x) => x.symptom === "still_improving_at_end");
  assert.equal(still?.severity, "warning", JSON.stringify(steep.map((x) => `${x.severity}:${x.symptom}`)));
  assert.equal(asserted(steep)[0], "too_few_epochs");
  // the training loss fell a tenth only in its last epoch: more epochs may help, nothing to fix
  const gentle = diagnoseRun(
    epochRun("gentle", [
      [1.372, 0.35, 1.268, 0.375],
      [1.235, 0.6, 0.842, 0.63],
    ]),
  );
  assert.ok(!asserted(gentle).includes("too_few_epochs"), JSON.stringify(gentle.map((x) => `${x.severity}:${x.symptom}`)));
});

test("a training loss first logged six evaluations into the run, after the validation loss fell 40 %: no slow or not-decreasing reading; logged from the start, the same flat loss is one", () => {
  // Lightning logging the training loss every 50 steps of 8-step epochs: its first point comes
  // after the early progress, which the validation loss (every 8 steps) saw
  const { run, dir } = makeRun("late-train");
  const [tl, vl] = ["train_loss", "valid_loss"].map((t) => dir.scalar(t));
  for (let k = 1; k <= 13; k++) tl.push(50 * k - 1, k, 0.52 - 0.03 * Math.sin(k) - 0.002 * k);
  for (let e = 0; e < 86; e++) vl.push(8 * e + 7, e, 0.42 + 0.28 * Math.exp(-e / 3));
  run.roles.push(role("train_loss", "train_loss", undefined, "scalar"), role("valid_loss", "val_loss", undefined, "scalar"));
  const f = diagnoseRun(run);
  assert.ok(
    !f.some((x) => (x.symptom === "loss_slow_convergence" || x.symptom === "loss_not_decreasing") && x.severity !== "info"),
    JSON.stringify(f.map((x) => `${x.severity}:${x.symptom}`)),
  );
  // the same training curve when the validation loss starts with it: nothing seen is gained
  const { run: r2, dir: d2 } = makeRun("flat-from-start");
  const [tl2, vl2] = ["train_loss", "valid_loss"].map((t) => d2.scalar(t));
  for (let k = 1; k <= 13; k++) tl2.push(50 * k - 1, k, 0.52 - 0.03 * Math.sin(k) - 0.002 * k);
  for (let e = 6; e < 86; e++) vl2.push(8 * e + 7, e, 0.45 - 0.0004 * e);
  r2.roles.push(role("train_loss", "train_loss", undefined, "scalar"), role("valid_loss", "val_loss", undefined, "scalar"));
  assert.ok(
    diagnoseRun(r2).some((x) => x.symptom === "loss_slow_convergence" || x.symptom === "loss_not_decreasing"),
    JSON.stringify(diagnoseRun(r2).map((x) => `${x.severity}:${x.symptom}`)),
  );
});

test("a 3-epoch regression whose validation loss rose and fell back is not told to train longer", () => {
  const f = diagnoseRun(lossOnlyRun("up-down", [0.6, 0.42, 0.35], [0.395, 0.415, 0.389], { loss: "mse" }));
  assert.ok(!asserted(f).includes("too_few_epochs"), asserted(f).join());
});

test("a slowly falling training loss: learning_rate_too_low while the validation loss falls with it, no cause once it levelled off", () => {
  // 12 epochs, 4 classes (configured): training loss 0.9 → 0.84 (6 %, far below ln 4) in both runs
  const rows = (valAt: (e: number) => number, valAccAt: (e: number) => number) =>
    Array.from({ length: 12 }, (_, e): [number, number, number, number] => [0.9 - 0.005 * e, 0.5 + 0.003 * e, valAt(e), valAccAt(e)]);
  const hp = { num_classes: 4 };
  // validation 0.95 → 0.89 and 0.45 → 0.48, falling with the training loss
  const steady = diagnoseRun(
    epochRun(
      "steady",
      rows(
        (e) => 0.95 - 0.005 * e,
        (e) => 0.45 + 0.003 * e,
      ),
      hp,
    ),
  );
  const slow = steady.find((x) => x.symptom === "loss_slow_convergence");
  assert.equal(slow?.severity, "warning", JSON.stringify(steady.map((x) => x.symptom)));
  assert.equal(asserted(steady)[0], "learning_rate_too_low");
  // validation 0.97 → 0.95 by epoch 4, flat after; its accuracy stuck at 0.47
  const levelled = diagnoseRun(
    epochRun(
      "levelled",
      rows(
        (e) => 0.95 + 0.005 * Math.max(0, 4 - e),
        (e) => Math.min(0.47, 0.45 + 0.005 * e),
      ),
      hp,
    ),
  );
  assert.ok(!asserted(levelled).includes("learning_rate_too_low"), asserted(levelled).join());
  assert.match(levelled.find((x) => x.symptom === "loss_slow_convergence")?.title ?? "", /stopped improving/);
});

test("a loss falling at an unchanged pace, 11 % over 20 epochs while the accuracy climbs 0.3, is slow convergence; an S-shaped fall of the same size is not", () => {
  // 4 classes (configured), 20 epochs, a full batch: loss 1.38 → 1.23 in a straight line
  const straight = Array.from({ length: 20 }, (_, e): [number, number, number, number] => [
    1.38 - 0.0079 * e,
    0.21 + 0.0175 * e,
    1.37 - 0.0079 * e,
    0.27 + 0.015 * e,
  ]);
  const f = diagnoseRun(epochRun("straight", straight, { num_classes: 4 }));
  const slow = f.find((x) => x.symptom === "loss_slow_convergence");
  assert.equal(slow?.severity, "warning", JSON.stringify(f.map((x) => `${x.severity}:${x.symptom}`)));
  assert.equal(asserted(f)[0], "learning_rate_too_low");
  // a schedule's slow start: flat for a quarter, then the same 11 % fall, flat again at the end
  const sCurve = (e: number) => 1.38 - 0.15 / (1 + Math.exp(-(e - 10) / 1.5));
  const shaped = Array.from({ length: 20 }, (_, e): [number, number, number, number] => [
    sCurve(e),
    0.21 + 0.3 / (1 + Math.exp(-(e - 10) / 1.5)),
    sCurve(e) - 0.01,
    0.27 + 0.28 / (1 + Math.exp(-(e - 10) / 1.5)),
  ]);
  const g = diagnoseRun(epochRun("s-shaped", shaped, { num_classes: 4 }));
  assert.ok(!g.some((x) => x.symptom === "loss_slow_convergence"), JSON.stringify(g.map((x) => `${x.severity}:${x.symptom}`)));
});

test("a per-epoch loss that fell by half and jumps above its first value at the last epoch: loss_diverging → learning_rate_too_high, not a loss that never fell", () => {
  // a 7-epoch MSE regression (a real Keras log's numbers): 3.88 → 1.89, then 3.97
  const train = [3.883, 3.028, 2.756, 2.493, 2.197, 1.889, 3.968];
  const val = [2.894, 2.657, 2.518, 2.618, 2.614, 2.872, 3.184];
  const f = diagnoseRun(lossOnlyRun("jump", train, val, { loss: "mse" }));
  const d = f.find((x) => x.symptom === "loss_diverging");
  assert.equal(d?.severity, "error", JSON.stringify(f.map((x) => [x.symptom, x.severity])));
  assert.equal(asserted(f)[0], "learning_rate_too_high");
  assert.ok(!f.some((x) => x.symptom === "loss_not_decreasing"));
  // the last epoch below the first value, or a per-step loss whose last batch is its highest: nothing of the kind
  const below = diagnoseRun(lossOnlyRun("below", [...train.slice(0, 6), 3.2], val, { loss: "mse" }));
  assert.ok(!below.some((x) => x.symptom === "loss_diverging"), JSON.stringify(below.map((x) => x.symptom)));
  const steps = Array.from({ length: 60 }, (_, i) => 2 * Math.exp(-i / 20) + (0.3 * ((i * 7919) % 13)) / 13);
  steps[59] = 2.6;
  const perStep = diagnoseRun(lossOnlyRun("per-step", steps, val, { loss: "mse" }));
  assert.ok(!perStep.some((x) => x.symptom === "loss_diverging" && /jumped/.test(x.title)), JSON.stringify(perStep.map((x) => x.title)));
});
