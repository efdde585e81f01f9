// Readings of step-level logs on small hand-made runs, each asserting the cause ranked first:
// a sorted-data sawtooth in a loss logged every k steps that do not divide the epoch; 50 % label
// noise read from a clean validation accuracy persistently above a training accuracy that stays
// far below 1 while the training loss plateaus high (and not on heavy dropout, nor on a run that
// fits its training data); a two-epoch run still falling steeply (and not one already good, nor
// one whose curves flattened); a loss that restarts every epoch with a training accuracy that ends
// memorised far ahead of the validation one: one batch repeated within each epoch, not sorted data;
// the same restart logged at every step, falling at almost every step of the epoch.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { TrainingRun } from "../../model/index.ts";
import { asserted, makeRun, role, setHParams } from "../test_runs.test_util.ts";
import { diagnoseRun } from "../engine.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Curves {
  /** Per-step training loss at steps 1..E·spe (only every `every`-th point is logged). */
  stepLoss: (t: number) => number;
  trainAcc: (e: number) => number;
  valLoss: (e: number) => number;
  valAcc: (e: number) => number;
}

function runOf(
  name: string,
  c: Curves,
  o: { spe: number; epochs: number; every: number; classes: number; hp?: Record<string, number | string> },
): TrainingRun {
  const { run, dir } = makeRun(name);
  const tl = dir.scalar("train/loss"),
    ta = dir.scalar("train/acc"),
    vl = dir.scalar("val/loss"),
    va = dir.scalar("val/acc");
  for (let t = o.every; t <= o.epochs * o.spe; t += o.every) tl.push(t, t, c.stepLoss(t));
  for (let e = 1; e <= o.epochs; e++) {
    ta.push(e * o.spe, e, c.trainAcc(e));
    vl.push(e * o.spe, e, c.valLoss(e));
    va.push(e * o.spe, e, c.valAcc(e));
  }
  run.roles.push(
    role("train/loss", "train_loss", undefined, "scalar"),
    role("train/acc", "train_accuracy", undefined, "scalar"),
    role("val/loss", "val_loss", undefined, "scalar"),
    role("val/acc", "val_accuracy", undefined, "scalar"),
  );
  setHParams(run, { batch_size: 32, n_train: 32 * o.spe, epochs: o.epochs, num_classes: o.classes, ...o.hp });
  return run;
}

// ---- sorted data, logged every 10 of 47 steps ----------------------------------------------------

function sortedRun(sorted: boolean): TrainingRun {
  const r = rng(5);
  const spe = 47;
  // four class blocks per epoch of unequal difficulty: the loss level follows the block (the phase)
  const blockLevel = [0.5, -0.4, 0.3, -0.6];
  return runOf(
    sorted ? "sorted" : "shuffled",
    {
      stepLoss: (t) => {
        const block = Math.min(3, Math.floor(((t % spe) / spe) * 4));
        return (0.6 + 0.8 * Math.exp(-t / 150)) * Math.exp((sorted ? blockLevel[block] : 0) + 0.3 * (r() - 0.5));
      },
      trainAcc: (e) => 0.55 + 0.02 * e,
      valLoss: (e) => 1.4 - 0.03 * e,
      // (sorted batches let the training accuracy lead from the first epoch; shuffled ones do not)
      valAcc: (e) => (sorted ? 0.4 : 0.52) + 0.02 * e,
    },
    { spe, epochs: 12, every: 10, classes: 4 },
  );
}

test("sorted data logged every 10 of 47 steps: a loss_sawtooth warning with data_not_shuffled first", () => {
  const f = diagnoseRun(sortedRun(true));
  const saw = f.find((x) => x.symptom === "loss_sawtooth");
  assert.ok(saw, "a sawtooth finding");
  assert.equal(saw.severity, "warning");
  assert.equal(saw.causes[0]?.code, "data_not_shuffled");
  assert.match(saw.title, /phase inside the epoch/);
});

test("the same run with shuffled batches has no sawtooth", () => {
  const f = diagnoseRun(sortedRun(false));
  assert.ok(!f.some((x) => x.symptom === "loss_sawtooth"));
  assert.ok(!asserted(f).includes("data_not_shuffled"));
});

test("a loss that falls within every epoch and restarts at the next, the training accuracy ending at 0.98 against 0.75: repeated_batch, not data_not_shuffled", () => {
  const r = rng(11);
  const spe = 32;
  const run = runOf(
    "repeated",
    {
      // one batch fed again and again within each epoch: memorised by the epoch's end, new at the next
      stepLoss: (t) => (0.15 + 1.2 * Math.exp(-(t % spe) / 5)) * Math.exp(0.2 * (r() - 0.5)),
      trainAcc: (e) => 0.98 - 0.6 * Math.exp(-e / 2),
      valLoss: (e) => 0.9 + 0.5 * Math.exp(-e / 3),
      valAcc: (e) => 0.75 - 0.45 * Math.exp(-e / 3),
    },
    { spe, epochs: 15, every: 10, classes: 4 },
  );
  const saw = diagnoseRun(run).find((x) => x.symptom === "loss_sawtooth");
  assert.equal(saw?.severity, "warning");
  assert.equal(saw?.causes[0]?.code, "repeated_batch");
  assert.ok(!saw.causes.some((c) => c.code === "data_not_shuffled"));
});

test("a loss logged at every step that falls at almost every step of an epoch and restarts at the next, the training accuracy ending at 0.91: repeated_batch; sorted blocks at every step stay data_not_shuffled", () => {
  const spe = 38;
  const epochCurve = (memorise: boolean) => (t: number) => {
    const e = Math.floor((t - 1) / spe),
      k = (t - 1) % spe;
    // one batch a whole epoch long: the loss falls at every step; four sorted class blocks: each
    // block jumps, then drifts down with batch noise
    const r = rng(t * 7919);
    return memorise
      ? (0.2 + 1.2 * Math.exp(-e / 4)) * Math.exp(-k / 25)
      : (0.9 + 0.3 * Math.exp(-e / 4)) * Math.exp([0.5, -0.4, 0.3, -0.6][Math.min(3, Math.floor((k / spe) * 4))] + 0.3 * (r() - 0.5));
  };
  const repeated = runOf(
    "repeated-every-step",
    {
      stepLoss: epochCurve(true),
      // (a batch memorised only by the epoch's end: the epoch's mean accuracy stays below 0.95)
      trainAcc: (e) => 0.91 - 0.5 * Math.exp(-e / 2),
      valLoss: (e) => 0.65 + 0.8 * Math.exp(-e / 3),
      valAcc: (e) => 0.8 - 0.5 * Math.exp(-e / 3),
    },
    { spe, epochs: 15, every: 1, classes: 4 },
  );
  const f = diagnoseRun(repeated);
  const saw = f.find((x) => x.symptom === "loss_sawtooth");
  assert.equal(saw?.severity, "warning", JSON.stringify(f.map((x) => [x.symptom, x.severity])));
  assert.equal(saw?.causes[0]?.code, "repeated_batch");
  assert.match(saw?.causes[0]?.why ?? "", /falls at (9\d|100)(\.\d)? % of the logged steps/);
  const sorted = runOf(
    "sorted-every-step",
    { stepLoss: epochCurve(false), trainAcc: (e) => 0.55 + 0.02 * e, valLoss: (e) => 1.4 - 0.03 * e, valAcc: (e) => 0.4 + 0.02 * e },
    { spe, epochs: 15, every: 1, classes: 4 },
  );
  const s2 = diagnoseRun(sorted).find((x) => x.symptom === "loss_sawtooth");
  assert.equal(s2?.causes[0]?.code, "data_not_shuffled");
});

test("sorted data whose loss stays flat at ln C: the data order explains the flat loss, no learning rate too low beside it", () => {
  const r = rng(7);
  const spe = 47;
  const blockLevel = [0.5, -0.4, 0.3, -0.6];
  const run = runOf(
    "sorted-flat",
    {
      // the level creeps down 0.5 % per epoch: every epoch falls a little, as a step size too small would
      stepLoss: (t) =>
        Math.log(4) * (1 - 0.0005 * (t / spe)) * Math.exp(blockLevel[Math.min(3, Math.floor(((t % spe) / spe) * 4))] + 0.3 * (r() - 0.5)),
      trainAcc: () => 0.25,
      valLoss: () => 1.39,
      valAcc: (e) => 0.25 + 0.01 * Math.sin(e),
    },
    { spe, epochs: 14, every: 10, classes: 4 },
  );
  const f = diagnoseRun(run);
  const cs = asserted(f);
  assert.equal(cs[0], "data_not_shuffled", JSON.stringify(f.map((x) => [x.symptom, x.severity, x.causes.map((c) => c.code)])));
  assert.ok(!cs.includes("learning_rate_too_low"), cs.join());
});

// ---- 50 % label noise with a clean validation set -------------------------------------------------

/** 12 epochs of 30 steps, 4 classes: the training loss plateaus at `trainFloor`, accuracies as given. */
function accuracyRun(
  name: string,
  trainFloor: number,
  trainAccEnd: number,
  valAccEnd: number,
  hp: Record<string, number> = {},
): TrainingRun {
  const r = rng(11);
  const E = 12;
  const ramp = (e: number) => Math.min(1, e / 6);
  return runOf(
    name,
    {
      stepLoss: (t) => trainFloor + (1.39 - trainFloor) * Math.exp(-t / 60) + 0.04 * (r() - 0.5),
      trainAcc: (e) => 0.26 + (trainAccEnd - 0.26) * ramp(e) + 0.02 * (r() - 0.5),
      valLoss: (e) => 1.38 - (1.38 - trainFloor * 0.85) * ramp(e),
      valAcc: (e) => 0.25 + (valAccEnd - 0.25) * ramp(e) + 0.03 * (r() - 0.5),
    },
    { spe: 30, epochs: E, every: 1, classes: 4, hp },
  );
}

test("50 % label noise: validation accuracy persistently above a training accuracy stuck low, loss plateau high → label_noise first", () => {
  const f = diagnoseRun(accuracyRun("noisy", 1.3, 0.37, 0.47));
  const tb = f.find((x) => x.symptom === "train_below_val");
  assert.ok(tb, "a train_below_val finding");
  assert.equal(tb.severity, "warning");
  assert.equal(tb.causes[0]?.code, "label_noise");
  assert.equal(asserted(f)[0], "label_noise");
});

test("the same curves under configured heavy dropout are not read as label noise", () => {
  const f = diagnoseRun(accuracyRun("dropout", 1.3, 0.37, 0.47, { dropout: 0.5 }));
  assert.ok(!asserted(f).includes("label_noise"));
  assert.ok(!f.some((x) => x.symptom === "train_below_val"));
});

test("a healthy run with dropout (validation above training, loss well below the noisy floor) gets no label-noise reading", () => {
  const f = diagnoseRun(accuracyRun("healthy_dropout", 0.7, 0.7, 0.76));
  assert.ok(!asserted(f).includes("label_noise"));
  assert.ok(!f.some((x) => x.severity !== "info"), f.map((x) => `${x.severity} ${x.symptom}`).join("; "));
});

// ---- a two-epoch run ---------------------------------------------------------------------------

/** 2 epochs of 30 steps, 3 classes; the validation loss falls 1.02 → 0.78 in the second epoch. */
function twoEpochRun(name: string, stepLoss: (t: number) => number, valAccEnd: number): TrainingRun {
  const r = rng(17);
  return runOf(
    name,
    {
      stepLoss: (t) => stepLoss(t) + 0.01 * (r() - 0.5),
      trainAcc: (e) => (e === 1 ? 0.4 : 0.78),
      valLoss: (e) => (e === 1 ? 1.02 : 0.78),
      valAcc: (e) => (e === 1 ? 0.72 : valAccEnd),
    },
    { spe: 30, epochs: 2, every: 1, classes: 3 },
  );
}

/** Falls slowly, then faster to the end (1.10 → 0.78). */
const steepEnd = (t: number) => 1.1 - 0.32 * (t / 60) ** 2;
/** Falls within the first epoch, then flat (→ 0.78). */
const flatEnd = (t: number) => 0.78 + 0.32 * Math.exp(-t / 6);

test("two epochs at a fair accuracy whose curves still fall steeply at the end: too_few_epochs first", () => {
  const f = diagnoseRun(twoEpochRun("steep", steepEnd, 0.7));
  const s = f.find((x) => x.symptom === "still_improving_at_end");
  assert.ok(s, "a still_improving_at_end finding");
  assert.equal(s.severity, "warning");
  assert.equal(s.causes[0]?.code, "too_few_epochs");
  assert.equal(asserted(f)[0], "too_few_epochs");
});

test("two epochs already at a good accuracy are not told to train longer", () => {
  const f = diagnoseRun(twoEpochRun("good", steepEnd, 0.97));
  assert.ok(!asserted(f).includes("too_few_epochs"));
});

test("two epochs whose per-step training loss flattened: an observation, not a cause", () => {
  const f = diagnoseRun(twoEpochRun("flat", flatEnd, 0.7));
  assert.ok(!asserted(f).includes("too_few_epochs"));
  assert.equal(f.find((x) => x.symptom === "still_improving_at_end")?.severity ?? "info", "info");
});

// ---- a training loss logged too sparsely to judge ------------------------------------------------

test("full batch with one logged training-loss point: the flat validation loss judges the outcome → batch_size_too_large", () => {
  const { run, dir } = makeRun("full_batch");
  const tl = dir.scalar("train/loss"),
    vl = dir.scalar("val/loss"),
    va = dir.scalar("val/acc");
  tl.push(10, 10, 1.095);
  for (let e = 1; e <= 12; e++) {
    vl.push(e, e, 1.102 - 0.0008 * e);
    va.push(e, e, e < 9 ? 0.337 : 0.44);
  }
  run.roles.push(
    role("train/loss", "train_loss", undefined, "scalar"),
    role("val/loss", "val_loss", undefined, "scalar"),
    role("val/acc", "val_accuracy", undefined, "scalar"),
  );
  setHParams(run, { batch_size: 8192, n_train: 900, epochs: 12, num_classes: 3, optimizer: "adamw", learning_rate: 0.002 });
  const f = diagnoseRun(run);
  const few = f.find((x) => x.symptom === "few_steps_per_epoch");
  assert.ok(few, "a few_steps_per_epoch finding");
  assert.equal(few.severity, "warning");
  assert.equal(few.causes[0]?.code, "batch_size_too_large");
});

// ---- a validation loss that jumps between evaluations, with a learning rate above its range ------

function swingingRun(name: string, lr: number, valLoss: number[]): TrainingRun {
  const r = rng(23);
  return runOf(
    name,
    {
      stepLoss: () => 0.9 * Math.exp(0.6 * (r() - 0.5)),
      trainAcc: (e) => 0.6 + 0.01 * e,
      valLoss: (e) => valLoss[e - 1],
      valAcc: (e) => 0.62 + 0.004 * e,
    },
    { spe: 40, epochs: valLoss.length, every: 1, classes: 4, hp: { optimizer: "sgd", learning_rate: lr } },
  );
}

const SWINGING = [1.09, 0.94, 0.98, 0.87, 1.2, 1.08, 0.83, 1.03, 1.09, 0.92, 0.92, 0.92];
const SMOOTH = [1.09, 0.99, 0.95, 0.93, 0.92, 0.91, 0.9, 0.9, 0.89, 0.89, 0.89, 0.88];

test("validation loss jumping +38 % and +24 % between evaluations with SGD at lr 2: learning_rate_too_high first", () => {
  const f = diagnoseRun(swingingRun("swinging_lr2", 2, SWINGING));
  const o = f.find((x) => x.symptom === "loss_oscillating" && x.severity === "warning");
  assert.ok(o, "a loss_oscillating warning");
  assert.equal(o.causes[0]?.code, "learning_rate_too_high");
  assert.equal(asserted(f)[0], "learning_rate_too_high");
});

test("the same jumps with a learning rate in its usual range, or a smooth validation loss at lr 2, are no such reading", () => {
  const usual = diagnoseRun(swingingRun("swinging_lr005", 0.05, SWINGING));
  assert.ok(!usual.some((x) => x.symptom === "loss_oscillating" && x.severity !== "info"));
  const smooth = diagnoseRun(swingingRun("smooth_lr2", 2, SMOOTH));
  assert.ok(!smooth.some((x) => x.symptom === "loss_oscillating"));
});

test("a regression (no accuracy) whose validation loss jumps twice but keeps improving to its best is not read as overshooting", () => {
  const { run, dir } = makeRun("rnn_adagrad");
  const tl = dir.scalar("train/loss"),
    vl = dir.scalar("val/loss");
  const r = rng(29);
  for (let t = 1; t <= 400; t++) tl.push(t, t, (0.05 + 0.12 * Math.exp(-t / 150)) * Math.exp(0.3 * (r() - 0.5)));
  [0.134, 0.133, 0.117, 0.145, 0.103, 0.102, 0.078, 0.169, 0.062, 0.056].forEach((v, i) => vl.push((i + 1) * 40, i + 1, v));
  run.roles.push(role("train/loss", "train_loss", undefined, "scalar"), role("val/loss", "val_loss", undefined, "scalar"));
  setHParams(run, { batch_size: 32, n_train: 1280, epochs: 10, optimizer: "adagrad", learning_rate: 0.05, loss: "mse" });
  const f = diagnoseRun(run);
  assert.ok(!f.some((x) => x.symptom === "loss_oscillating" && x.severity !== "info"));
});
