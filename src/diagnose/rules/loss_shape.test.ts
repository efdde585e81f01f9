// Loss-shape readings on hand-made curves (Lightning CSV-style tags), each with a control that must
// stay quiet: a transient blow-up that recovers, a total loss that stalls early while one of its
// terms rises, a loss that settles on a constant predictor's value, and a validation loss huge
// throughout that keeps rising while the training side memorises.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RunDir, type TrainingRun } from "../../model/index.ts";
import { diagnoseRun } from "../engine.ts";
import type { Finding } from "../types.ts";

function runOf(series: Record<string, number[]>): TrainingRun {
  const d = new RunDir("r");
  for (const [tag, vs] of Object.entries(series)) {
    const s = d.scalar(tag);
    vs.forEach((v, i) => s.push(i, 0, v));
  }
  return { name: "r", dirs: [d], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
}
const pts = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
/** Deterministic small wiggle (no randomness in tests). */
const wig = (i: number, a: number) => 1 + a * Math.sin(i * 1.7) * Math.cos(i * 0.37);
const find = (fs: Finding[], symptom: string) => fs.find((f) => f.symptom === symptom);
const alarms = (fs: Finding[]) => fs.filter((f) => f.severity !== "info").map((f) => f.symptom);

test("a loss that learned, jumps back above its start far over its running level and recovers: loss_oscillating (info)", () => {
  const base = (i: number) => (2 * Math.exp(-i / 30) + 0.05) * wig(i, 0.05);
  const jump = runOf({ train_loss: pts(300, (i) => (i >= 150 && i <= 152 ? 40 : base(i))) });
  const f = diagnoseRun(jump);
  const osc = find(f, "loss_oscillating");
  assert.ok(osc, JSON.stringify(f.map((x) => x.symptom)));
  assert.equal(osc.severity, "info");
  assert.deepEqual(osc.steps, [150, 150]); // the first point of the stretch (all at 40) is its peak
  assert.match(osc.title, /recovered/);
  // control: the same curve without the jump
  assert.equal(find(diagnoseRun(runOf({ train_loss: pts(300, base) })), "loss_oscillating"), undefined);
  // control: a jump during the first tenth of the run is start-up, not this reading
  const early = runOf({ train_loss: pts(300, (i) => (i === 12 ? 40 : base(i))) });
  assert.equal(find(diagnoseRun(early), "loss_oscillating"), undefined);
});

test("a single outlier of one loss term is not an unstable stretch; three evaluations in a row are", () => {
  const total = (i: number) => (1.5 * Math.exp(-i / 25) + 0.1) * wig(i, 0.03);
  const term = (i: number) => (3 * Math.exp(-i / 25) + 0.3) * wig(i, 0.03);
  const one = runOf({
    train_loss: pts(200, total),
    val_loss: pts(200, (i) => total(i) * 1.1),
    "val/cls_loss": pts(200, (i) => (i === 120 ? 30 : term(i))),
  });
  assert.equal(find(diagnoseRun(one), "loss_oscillating"), undefined);
  const three = runOf({
    train_loss: pts(200, total),
    val_loss: pts(200, (i) => total(i) * 1.1),
    "val/cls_loss": pts(200, (i) => (i >= 120 && i <= 123 ? 30 : term(i))),
  });
  const osc = find(diagnoseRun(three), "loss_oscillating");
  assert.ok(osc);
  assert.match(osc.title, /^val\/cls_loss jumped to 30/);
});

test("a total loss stalling early at a high share of its start while a term rises 3×: loss_not_decreasing (competing terms)", () => {
  const n = 100;
  const total = (i: number) => (0.32 + 0.55 * Math.exp(-i / 3)) * wig(i, 0.005);
  const rising = (i: number) => 0.145 - 0.105 * Math.exp(-i / 5);
  const falling = (i: number) => total(i) - rising(i);
  const run = runOf({ train_loss: pts(n, total), initial_omega_loss: pts(n, rising), dynamics_loss: pts(n, falling) });
  const f = diagnoseRun(run);
  const stall = find(f, "loss_not_decreasing");
  assert.ok(stall, JSON.stringify(f.map((x) => [x.symptom, x.title])));
  assert.equal(stall.severity, "warning");
  assert.match(stall.title, /initial_omega_loss rose 3\.\d+×/);
  assert.equal(stall.causes[0]?.code, "wrong_loss_function");
  // control: the same total with every term falling converges; nothing to report
  const calm = runOf({ train_loss: pts(n, total), a_loss: pts(n, (i) => total(i) * 0.4), b_loss: pts(n, (i) => total(i) * 0.6) });
  assert.equal(find(diagnoseRun(calm), "loss_not_decreasing"), undefined);
  // control: a total that falls by orders of magnitude while a small term grows (a VAE's KL) is convergence
  const vae = runOf({
    train_loss: pts(n, (i) => 200 * Math.exp(-i / 4) + 2),
    kl_loss: pts(n, (i) => 1.5 - 1.4 * Math.exp(-i / 5)),
  });
  assert.deepEqual(alarms(diagnoseRun(vae)), []);
});

test("a loss with no accuracy settling flat at 0.25 (the MSE of predicting the mean of 0/1 targets): metric_at_chance", () => {
  const n = 80;
  const mean = runOf({ train_loss: pts(n, (i) => 0.25 + 0.39 * Math.exp(-i / 12)) });
  const f = diagnoseRun(mean);
  const at = find(f, "metric_at_chance");
  assert.ok(at, JSON.stringify(f.map((x) => x.symptom)));
  assert.equal(at.severity, "warning");
  assert.match(at.title, /settles at 0\.25/);
  // control: the same shape settling at 0.21 is a regression floor, not a constant prediction
  const floor = runOf({ train_loss: pts(n, (i) => 0.21 + 0.39 * Math.exp(-i / 12)) });
  assert.equal(find(diagnoseRun(floor), "metric_at_chance"), undefined);
  // control: a curve still falling through 0.25 has not settled there
  const through = runOf({ train_loss: pts(n, (i) => 0.64 * Math.exp(-i / 84)) });
  assert.equal(find(diagnoseRun(through), "metric_at_chance"), undefined);
});

test("a loss settling at 0.694 is the cross-entropy of predicting 0.5 only under a cross-entropy: an MSE regression there is no constant predictor", () => {
  const n = 30;
  const shape = (i: number) => 0.694 + 3.5 * Math.exp(-i / 2.5);
  const withLoss = (loss: string): TrainingRun => {
    const run = runOf({ loss: pts(n, shape), val_loss: pts(n, (i) => 0.8 * shape(i)) });
    run.hparams.set("loss", { name: "loss", value: loss, sourceKind: "hparams_json", source: "hparams.json" });
    return run;
  };
  assert.equal(find(diagnoseRun(withLoss("mse")), "metric_at_chance"), undefined);
  const bce = find(diagnoseRun(withLoss("binary_crossentropy")), "metric_at_chance");
  assert.match(bce?.title ?? "", /binary cross-entropy of predicting 0\.5/);
  // without a configured loss the level alone decides, as before
  assert.ok(find(diagnoseRun(runOf({ loss: pts(n, shape) })), "metric_at_chance"));
});

test("a validation loss huge throughout that keeps rising while the training side memorises: val_loss_rising (overfitting)", () => {
  const n = 15;
  const run = runOf({
    train_loss: pts(n, (i) => 1.2 * Math.exp(-i / 2) + 0.003),
    val_loss: pts(n, (i) => 18.5 + 2.8 * i),
    train_accuracy: pts(n, (i) => Math.min(0.9999, 0.8 + 0.03 * i)),
    val_accuracy: pts(n, () => 0.292),
  });
  run.hparams.set("num_classes", { name: "num_classes", value: 13, sourceKind: "hparams_json", source: "hparams.json" });
  const f = diagnoseRun(run);
  const rising = find(f, "val_loss_rising");
  assert.ok(rising, JSON.stringify(f.map((x) => [x.symptom, x.severity])));
  assert.equal(rising.severity, "warning");
  assert.equal(rising.causes[0]?.code, "overfitting");
  // the huge validation loss stays as an observation, not blamed on the learning rate
  const huge = find(f, "loss_too_large");
  assert.ok(huge);
  assert.equal(huge.severity, "info");
});

test("a logged learning rate without a named optimizer is judged against every optimizer family's range", async () => {
  const { learningRateSignal } = await import("../signals/lr_range.ts");
  const { buildRunView } = await import("../signals/run_view.ts");
  const run = runOf({ train_loss: pts(30, (i) => 1.4 - 0.01 * i), learning_rate: pts(30, () => 0.05) });
  // 0.05 is above Adam's usual range but inside SGD's: without the optimizer it is not "high"
  assert.equal(learningRateSignal(buildRunView(run))?.position, "usual");
  run.hparams.set("optimizer", { name: "optimizer", value: "Adam", sourceKind: "hparams_json", source: "hparams.json" });
  assert.equal(learningRateSignal(buildRunView(run))?.position, "high");
});

test("a per-step loss logged every k steps that misses a blown-up first epoch: the per-epoch mean beside it counts as the first loss", () => {
  const n = 56;
  const step = pts(n, (i) => 1.3 + 0.01 * Math.cos(i));
  const d = new RunDir("r");
  const ts = d.scalar("train_loss_step");
  step.forEach((v, i) => ts.push(9 + 10 * i, 0, v));
  const te = d.scalar("train_loss_epoch");
  const va = d.scalar("val_acc");
  const tacc = d.scalar("train_acc_epoch");
  for (let e = 0; e < 12; e++) {
    te.push(46 + 47 * e, 0, e === 0 ? 1.9e20 : 1.29);
    va.push(46 + 47 * e, 0, 0.39);
    tacc.push(46 + 47 * e, 0, 0.43);
  }
  const run: TrainingRun = { name: "r", dirs: [d], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
  run.hparams.set("num_classes", { name: "num_classes", value: 4, sourceKind: "hparams_json", source: "hparams.json" });
  const f = diagnoseRun(run);
  const big = find(f, "loss_too_large");
  assert.ok(big, JSON.stringify(f.map((x) => x.symptom)));
  assert.notEqual(big.severity, "info");
});
