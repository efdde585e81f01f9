// Readings that keep the diagnosis right on logs unlike the usual ones: a GAN's two losses, a loss
// that goes below zero, a loss that halves within the first window, a steady high accuracy that is
// not a majority class, a classifier's validation loss never near ln C, a constant validation loss
// at an astronomic value, a training loss that falls from a huge start but never below ln C, a
// per-step loss blown up by the first updates, a memorised repeated batch, the total among several
// loss terms, and a NaN-filtering logger. Hand-built curves, each with a control that must stay
// quiet; then real zoo runs (zero init, dead ReLU units) trained here with TF.js.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RunDir, assignRoles, type TrainingRun } from "../../model/index.ts";
import { diagnoseRun } from "../engine.ts";
import { withZooSubset } from "../../../tools/eval/zoo_subset.test_util.ts";
import type { Finding } from "../types.ts";
import { acceptedCauses } from "../../../tools/eval/accepted.ts";

function runOf(series: Record<string, number[] | [number, number][]>, hp: Record<string, number | string> = {}): TrainingRun {
  const d = new RunDir("r");
  for (const [tag, vs] of Object.entries(series)) {
    const s = d.scalar(tag);
    vs.forEach((v, i) => (Array.isArray(v) ? s.push(v[0], 0, v[1]) : s.push(i, 0, v)));
  }
  const run: TrainingRun = { name: "r", dirs: [d], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
  for (const [k, v] of Object.entries(hp)) run.hparams.set(k, { name: k, value: v, sourceKind: "hparams_json", source: "hparams.json" });
  run.roles = assignRoles(run);
  return run;
}
const severe = (fs: Finding[]) => fs.filter((f) => f.severity !== "info");
const causesOf = (fs: Finding[]) => severe(fs).flatMap((f) => f.causes.map((c) => c.code));
const series = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
/** Deterministic noise in [-1, 1]. */
const jitter = (i: number, seed = 1) => Math.sin(i * 12.9898 + seed * 78.233) * 0.5 + Math.sin(i * 4.1414 + seed) * 0.5;

test("GAN: D and G losses that do not trend are no failure; a discriminator that wins outright is", () => {
  const healthy = runOf({
    "Loss/D": series(400, (i) => 1.3 + 0.15 * jitter(i)),
    "Loss/G": series(400, (i) => 0.8 + 0.5 * Math.min(1, i / 100) + 0.2 * jitter(i, 2)),
  });
  const f = diagnoseRun(healthy);
  assert.deepEqual(
    severe(f).map((x) => x.symptom),
    [],
  );
  assert.ok(f.some((x) => x.symptom === "adversarial_losses"));
  const wins = runOf({ "D/loss": series(400, (i) => 1.3 * Math.exp(-i / 40) + 0.001), "G/loss": series(400, (i) => 0.8 + i / 20) });
  const w = diagnoseRun(wins).find((x) => x.symptom === "discriminator_wins");
  assert.ok(w && w.severity === "warning", JSON.stringify(diagnoseRun(wins).map((x) => x.symptom)));
  assert.equal(w.causes[0].code, "optimizer_unsuitable");
});

test("a loss below zero that keeps improving is not diverging; one that rises back past its start is", () => {
  const improving = runOf({ "loss/train": series(300, (i) => -1.45 - 0.4 * (1 - Math.exp(-i / 60)) + 0.02 * jitter(i)) });
  assert.equal(
    diagnoseRun(improving).find((x) => x.symptom === "loss_diverging"),
    undefined,
  );
  const rising = runOf({ "loss/train": series(300, (i) => (i < 100 ? -1 - i / 100 : -2 + (i - 100) / 25) + 0.01 * jitter(i)) });
  const d = diagnoseRun(rising).find((x) => x.symptom === "loss_diverging");
  assert.ok(d, JSON.stringify(diagnoseRun(rising).map((x) => x.symptom)));
  assert.equal(d.causes[0].code, "learning_rate_too_high");
});

test("a loss that halved within the first window and then stayed flat converged; one flat from the start did not", () => {
  const fast = runOf({ "loss/total": series(400, (i) => 80 + 470 * Math.exp(-i / 6) + 1.5 * jitter(i)) });
  assert.deepEqual(
    severe(diagnoseRun(fast)).map((x) => x.symptom),
    [],
  );
  const flat = runOf({ "loss/total": series(400, (i) => 550 - i * 0.01 + 1.5 * jitter(i)) });
  assert.ok(severe(diagnoseRun(flat)).some((x) => x.symptom === "loss_not_decreasing"));
});

test("a steady 92 % accuracy with a training loss far below the prior entropy is no majority class; an identical accuracy at every epoch is", () => {
  const finetune = runOf(
    {
      "train/loss": series(300, (i) => 0.3 * Math.exp(-i / 80) + 0.05 + 0.02 * jitter(i)),
      "eval/loss": series(12, (i) => 0.25 + 0.01 * jitter(i, 3)).map((v, i) => [25 * (i + 1), v] as [number, number]),
      "eval/accuracy": series(12, (i) => 0.92 + 0.006 * jitter(i, 4)).map((v, i) => [25 * (i + 1), v] as [number, number]),
    },
    { num_labels: 2 },
  );
  assert.equal(
    diagnoseRun(finetune).find((x) => x.symptom === "metric_at_majority_rate"),
    undefined,
  );
  const majority = runOf({
    loss: series(15, (i) => 0.12 * Math.exp(-i / 3) + 0.02),
    val_loss: series(15, (i) => 0.12 - 0.003 * i),
    accuracy: series(15, () => 0.99),
    val_accuracy: series(15, () => 0.98828125),
  });
  const m = diagnoseRun(majority).find((x) => x.symptom === "metric_at_majority_rate");
  assert.ok(m && m.severity === "warning", JSON.stringify(diagnoseRun(majority).map((x) => x.symptom)));
  assert.equal(m.causes[0].code, "class_imbalance");
});

test("a validation accuracy steady at 95.5 % beside a training loss at 0.6× the prior entropy and a training accuracy still moving is a learned model; the same with the training side pinned at the prior is a majority class", () => {
  // (numbers of a healthy binary tabular run: RMSprop, 20 epochs, 400 validation samples)
  const valAcc = [0.915, 0.9475, 0.95, 0.955, 0.955, 0.95, 0.955, 0.9525, 0.9525, 0.9525, ...series(10, () => 0.955)];
  const valLoss = series(20, (i) => 0.171 + 0.176 * Math.exp(-i / 1.2));
  const learned = runOf({
    loss: series(20, (i) => 0.114 + 0.376 * Math.exp(-i / 1.5)),
    accuracy: series(20, (i) => 0.958 - 0.134 * Math.exp(-i / 1.2) + 0.002 * jitter(i, 5)),
    val_loss: valLoss,
    val_accuracy: valAcc,
  });
  assert.equal(
    diagnoseRun(learned).find((x) => x.symptom === "metric_at_majority_rate"),
    undefined,
  );
  const prior = runOf({
    loss: series(20, (i) => 0.1 + 0.3 * Math.exp(-i / 1.5)),
    accuracy: series(20, (i) => (i === 0 ? 0.9 : 0.955)),
    val_loss: valLoss,
    val_accuracy: valAcc,
  });
  const m = diagnoseRun(prior).find((x) => x.symptom === "metric_at_majority_rate");
  assert.equal(m?.causes[0]?.code, "class_imbalance", JSON.stringify(diagnoseRun(prior).map((x) => x.symptom)));
});

test("a classifier's validation loss never near ln C is huge logits (learning rate too high), not overfitting", () => {
  const run = runOf(
    {
      "Loss/train": series(240, (i) => (i % 3 === 0 ? 300 * Math.abs(jitter(i)) : 0)),
      "Loss/val": series(15, (i) => 130 + (i > 6 ? 25 * (i - 6) : 10 * jitter(i))).map((v, i) => [16 * (i + 1), v] as [number, number]),
      "Accuracy/val": series(15, (i) => 0.85 + 0.05 * jitter(i)).map((v, i) => [16 * (i + 1), v] as [number, number]),
    },
    { lr: 1.2, optimizer: "adam" },
  );
  const f = diagnoseRun(run);
  const big = f.find((x) => x.symptom === "loss_too_large");
  assert.ok(big, JSON.stringify(f.map((x) => [x.severity, x.symptom])));
  assert.equal(big.causes[0].code, "learning_rate_too_high");
  assert.ok(!causesOf(f).includes("overfitting"));
});

test("a validation loss constant at an astronomic value is an overflowed model, not a frozen one", () => {
  const run = runOf(
    {
      loss: series(15, (i) => (i === 0 ? 1.6e33 : 1.76e18)),
      val_loss: series(15, () => 1.59e18),
      accuracy: series(15, () => 0.25),
      val_accuracy: series(15, () => 0.25),
    },
    { lr: 10, optimizer: "sgd" },
  );
  const cs = causesOf(diagnoseRun(run));
  assert.ok(!cs.includes("weights_frozen"), cs.join(","));
  assert.ok(cs.includes("learning_rate_too_high"), cs.join(","));
});

test("a training loss falling from a huge start to far above ln C is no label noise", () => {
  const run = runOf(
    {
      "train/loss": series(240, (i) => 3000 * Math.exp(-i / 30) + 150 + 20 * jitter(i)),
      "eval/loss": series(15, (i) => 200 + 5 * jitter(i)).map((v, i) => [16 * (i + 1), v] as [number, number]),
      "eval/accuracy": series(15, (i) => 0.33 + 0.02 * jitter(i)).map((v, i) => [16 * (i + 1), v] as [number, number]),
    },
    { num_classes: 3 },
  );
  assert.ok(!causesOf(diagnoseRun(run)).includes("label_noise"), causesOf(diagnoseRun(run)).join(","));
  // the control: a training loss well below ln 3 with validation at chance is label noise
  const noisy = runOf(
    {
      "train/loss": series(240, (i) => 1.1 * Math.exp(-i / 60) + 0.05 + 0.01 * jitter(i)),
      "eval/loss": series(15, (i) => 1.1 + 0.05 * i).map((v, i) => [16 * (i + 1), v] as [number, number]),
      "eval/accuracy": series(15, (i) => 0.33 + 0.02 * jitter(i)).map((v, i) => [16 * (i + 1), v] as [number, number]),
    },
    { num_classes: 3 },
  );
  assert.ok(causesOf(diagnoseRun(noisy)).includes("label_noise"), causesOf(diagnoseRun(noisy)).join(","));
});

test("labels without signal memorised slowly: training accuracy 0.28 → 0.43 against a validation accuracy that never left the chance band, validation loss ending above ln C → label_noise; a slow learner whose validation accuracy follows is not", () => {
  // 4 classes, 20 epochs, Keras CSVLogger names
  const shuffled = runOf(
    {
      loss: series(20, (e) => 1.38 - 0.0062 * e),
      accuracy: series(20, (e) => 0.28 + 0.008 * e),
      val_loss: series(20, (e) => 1.377 + (e > 12 ? 0.005 * (e - 12) : 0) + 0.003 * jitter(e)),
      val_accuracy: series(20, (e) => 0.33 + 0.02 * jitter(e, 3)),
    },
    { num_classes: 4, optimizer: "Adam", learning_rate: 0.001 },
  );
  assert.equal(causesOf(diagnoseRun(shuffled))[0], "label_noise", causesOf(diagnoseRun(shuffled)).join(","));
  // the validation accuracy climbs with the training accuracy: real signal, learnt slowly
  const slow = runOf(
    {
      loss: series(20, (e) => 1.38 - 0.0062 * e),
      accuracy: series(20, (e) => 0.28 + 0.008 * e),
      val_loss: series(20, (e) => 1.377 - 0.006 * e),
      val_accuracy: series(20, (e) => 0.29 + 0.0075 * e),
    },
    { num_classes: 4, optimizer: "Adam", learning_rate: 0.001 },
  );
  assert.ok(!causesOf(diagnoseRun(slow)).includes("label_noise"), causesOf(diagnoseRun(slow)).join(","));
});

test("a per-step loss blown up 100× by the first updates → learning rate too high for the start; a usual first drop is quiet", () => {
  const epochLoss = (f: (i: number) => number) =>
    series(15, (e) => f(16 * (e + 1) - 1)).map((v, e) => [16 * (e + 1) - 1, v] as [number, number]);
  const blow = (i: number) => (i === 0 ? 0.79 : i < 4 ? 1e4 / i : 0.38 + 200 * Math.exp(-i / 10) + 0.01 * jitter(i));
  const run = runOf({ "Loss/train": series(240, blow), "Loss/val": epochLoss(blow) });
  const f = diagnoseRun(run).find((x) => x.symptom === "loss_spike_at_start");
  assert.ok(f && f.severity === "warning", JSON.stringify(diagnoseRun(run).map((x) => x.symptom)));
  assert.equal(f.causes[0].code, "learning_rate_too_high");
  const usual = (i: number) => 0.69 * Math.exp(-i / 40) + 0.1 + 0.02 * jitter(i);
  assert.equal(
    diagnoseRun(runOf({ "Loss/train": series(240, usual), "Loss/val": epochLoss(usual) })).find((x) => x.symptom === "loss_spike_at_start"),
    undefined,
  );
});

test("a per-step loss smooth against its trend and memorised far below the validation loss → repeated batch", () => {
  const smooth = (i: number) => 0.4 * Math.exp(-i / 12) * (1 + 0.01 * jitter(i));
  const run = runOf({
    train_loss_step: series(240, smooth),
    epoch: series(240, (i) => Math.floor(i / 16)),
    val_loss: series(15, () => 0.67).map((v, e) => [16 * (e + 1) - 1, v] as [number, number]),
  });
  assert.ok(causesOf(diagnoseRun(run)).includes("repeated_batch"), JSON.stringify(diagnoseRun(run).map((x) => [x.symptom, x.title])));
});

test(
  "real zoo runs with weight histograms: zero init and dead ReLU units are found, nothing else is claimed",
  { timeout: 180_000 },
  async () => {
    await withZooSubset(
      ["--seed", "5", "--faults", "weight_init_zero,dead_relu", "--convention", "pytorch", "--level", "full"],
      ({ items }) => {
        assert.ok(items.length >= 8, items.map((i) => i.run).join(","));
        for (const it of items) {
          const accepted = acceptedCauses(it.fault, it.variant);
          const cs = causesOf(it.findings);
          // every claimed cause is one the fault allows
          for (const c of cs) assert.ok(accepted.has(c), `${it.run}: ${c} not accepted (${[...accepted].join(",")})`);
          // with weight histograms logged, a zero init is seen whatever the outcome
          if (it.fault === "weight_init_zero" && it.level === "full")
            assert.ok(cs.includes("weight_init_zero") || cs.includes("dead_relu"), `${it.run}: ${cs.join(",")}`);
        }
        // a dead-ReLU reading that only the loss shows (the histograms logged do not confirm it) is
        // offered as possible, never asserted
        const offered = (i: (typeof items)[number]) =>
          i.findings.some(
            (f) =>
              f.symptom === "possible_causes" &&
              f.severity === "info" &&
              f.causes.some((c) => acceptedCauses(i.fault, i.variant).has(c.code)),
          );
        const found = items.filter((i) => causesOf(i.findings).some((c) => acceptedCauses(i.fault, i.variant).has(c)) || offered(i));
        assert.ok(found.length >= items.length - 1, `found ${found.length} of ${items.length}`);
      },
    );
  },
);

test("a per-step loss smoothed by its logger (fastai's EMA) without validation is no repeated batch; a memorised one is", () => {
  let ema = 0;
  const smoothed = series(2000, (i) => {
    const x = (2.3 * Math.exp(-i / 400) + 0.4) * (1 + 0.3 * jitter(i, 7));
    ema = i === 0 ? x : 0.98 * ema + 0.02 * x;
    return ema;
  });
  const run = runOf({ train_loss: smoothed, epoch: series(2000, (i) => Math.floor(i / 100)) });
  assert.ok(!causesOf(diagnoseRun(run)).includes("repeated_batch"), JSON.stringify(severe(diagnoseRun(run)).map((x) => x.title)));
  const memorised = runOf({
    train_loss: series(2000, (i) => 2.3 * Math.exp(-i / 60) * (1 + 0.001 * jitter(i))),
    epoch: series(2000, (i) => Math.floor(i / 100)),
  });
  assert.ok(
    causesOf(diagnoseRun(memorised)).includes("repeated_batch"),
    JSON.stringify(diagnoseRun(memorised).map((x) => [x.symptom, x.title])),
  );
});

test("a training accuracy below the validation one with heavy dropout is regularisation, not label noise", () => {
  const curves = {
    loss: series(20, (i) => 1.6 * Math.exp(-i / 6) + 0.9),
    val_loss: series(20, (i) => 1.2 * Math.exp(-i / 6) + 0.35),
    accuracy: series(20, (i) => 0.3 + 0.4 * (1 - Math.exp(-i / 5))),
    val_accuracy: series(20, (i) => 0.5 + 0.45 * (1 - Math.exp(-i / 5))),
  };
  assert.ok(causesOf(diagnoseRun(runOf(curves))).includes("label_noise"));
  assert.ok(!causesOf(diagnoseRun(runOf(curves, { dropout: 0.5 }))).includes("label_noise"));
  assert.ok(!causesOf(diagnoseRun(runOf(curves, { mixup_alpha: 0.2 }))).includes("label_noise"));
});

test("a recurrent network: NaN from the start or an astronomic first regression loss → exploding gradients; an MLP keeps the other readings", () => {
  const nan = { loss: series(10, () => NaN), val_loss: series(10, () => NaN), mae: series(10, (i) => 1e6 / (i + 1)) };
  const rnn = diagnoseRun(runOf(nan, { model: "rnn", activation: "relu", lr: 0.01, optimizer: "sgd" }));
  assert.equal(rnn.find((f) => f.symptom === "loss_nan_or_inf")?.causes[0]?.code, "exploding_gradient");
  const mlp = diagnoseRun(runOf(nan, { model: "mlp", activation: "relu", lr: 0.01, optimizer: "sgd" }));
  assert.equal(mlp.find((f) => f.symptom === "loss_nan_or_inf")?.causes[0]?.code, "numerical_instability");
  const huge = { loss: series(10, (i) => 4e15 / 10 ** Math.min(i, 3) / 2 ** i), val_loss: series(10, (i) => 1.4e13 / 2 ** i) };
  const big = diagnoseRun(runOf(huge, { model: "lstm", lr: 0.01, optimizer: "sgd" })).find((f) => f.symptom === "loss_too_large");
  assert.ok(big && big.severity === "warning");
  assert.equal(big.causes[0].code, "exploding_gradient");
  // prices in dollars: a large but ordinary regression loss is no alarm
  const prices = diagnoseRun(
    runOf(
      { loss: series(30, (i) => 4e10 * Math.exp(-i / 6) + 2e9), val_loss: series(30, (i) => 4.2e10 * Math.exp(-i / 6) + 2.4e9) },
      { lr: 1e-3, optimizer: "adam" },
    ),
  );
  assert.deepEqual(
    severe(prices).map((f) => f.symptom),
    [],
  );
});

test("a validation loss that stays NaN while the logger keeps the training loss finite (HF Trainer's NaN filter) is a broken model", () => {
  const run = runOf(
    {
      "train/loss": series(240, () => 0),
      "train/epoch": series(240, (i) => i / 16),
      "eval/loss": series(15, () => NaN).map((v, e) => [16 * (e + 1), v] as [number, number]),
      "eval/accuracy": series(15, () => 0.5).map((v, e) => [16 * (e + 1), v] as [number, number]),
    },
    { learning_rate: 0.02, optim: "adam" },
  );
  const f = diagnoseRun(run);
  assert.ok(
    f.some((x) => x.symptom === "loss_nan_or_inf" && x.severity === "error"),
    JSON.stringify(f.map((x) => [x.severity, x.symptom])),
  );
  assert.ok(!causesOf(f).includes("repeated_batch"), causesOf(f).join(","));
});

test("a Keras per-batch running mean of a healthy run is read as its batch losses: no sawtooth, no repeated batch", () => {
  const spe = 64;
  const raw = series(30 * spe, (i) => (2.3 * Math.exp(-i / 500) + 0.2) * (1 + 0.25 * jitter(i, 3)));
  let sum = 0;
  const running = raw.map((x, i) => {
    if (i % spe === 0) sum = 0;
    sum += x;
    return sum / ((i % spe) + 1);
  });
  const run = runOf({
    "train/batch_loss": running,
    "train/epoch_loss": series(30, (e) => running[(e + 1) * spe - 1]).map((v, e) => [e, v] as [number, number]),
  });
  const f = diagnoseRun(run);
  assert.deepEqual(
    severe(f).map((x) => x.symptom),
    [],
  );
  assert.ok(
    f.some((x) => x.symptom === "loss_logged_as_running_mean"),
    JSON.stringify(f.map((x) => x.symptom)),
  );
});
