// Readings of step-level logs on small hand-made runs, each asserting the cause ranked first:
// a sorted-data sawtooth in a loss logged every k steps that do not divide the epoch; 50 % label
// noise read from a clean validation accuracy persistently above a training accuracy that stays
// far below 1 while the training loss plateaus high (and not on heavy dropout, nor on a run that
// fits its training data); a two-epoch run still falling steeply (and not one already good, nor
// one whose curves flattened).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { TrainingRun } from "../../model/index.ts";
import type { Finding } from "../types.ts";
import { makeRun, role, setHParams } from "../test_runs.test_util.ts";
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

/** Causes of the warning/error findings, in the order the engine ranks them (most severe first). */
function asserted(f: Finding[]): string[] {
  return f.filter((x) => x.severity !== "info").flatMap((x) => x.causes.map((c) => c.code));
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
      valAcc: (e) => 0.4 + 0.02 * e,
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

// ---- 50 % label noise with a clean validation set -------------------------------------------------

/** 12 epochs of 30 steps, 4 classes: the training loss plateaus at `trainFloor`, accuracies as given. */
function accuracyRun(name: string, trainFloor: number, trainAccEnd: number, valAccEnd: number, hp: Record<string, number> = {}): TrainingRun {
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
