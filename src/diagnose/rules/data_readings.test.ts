// Readings that point at the input data, on small hand-made runs, each asserting the ranking:
// - a classifier whose configuration names its class count and whose first-epoch loss is several
//   times ln C (below the absolute floor of 10) started from huge logits: unscaled inputs when the
//   loss falls back; not a healthy run starting at ln C, nor a class count read off the loss, nor
//   a probability loss on a linear output (high by construction: the configuration check's case);
// - a loss non-finite from the first logged point with a usual learning rate and a configured loss
//   that stays finite for finite logits (cross-entropy on logits, MSE) overflowed on the data:
//   input_not_normalized, then data_missing_values, unless the batch holds one or two samples (then
//   batch_size_too_small, then learning_rate_too_high); with a loss that takes log(y) (MSLE) or a
//   loss written as a call, numerical_instability stays first;
// - a loss astronomic at its first record and NaN after it, in a shallow feed-forward network with
//   a usual learning rate and such a loss: input_not_normalized, then exploding_gradient (a deep
//   network keeps exploding_gradient first);
// - a training accuracy ahead of the validation accuracy by a fifth at the first two evaluations
//   (a first pass scores each batch before training on it): data_not_shuffled, or repeated_batch
//   when the training accuracy ends memorised; not a healthy run whose training accuracy starts
//   below the validation one, nor a run whose learning rate is above its range, nor one whose first
//   training accuracy is already most of the way from chance to 1, nor a fast learner whose extra
//   evaluation before training would pair each epoch with the one before;
// - a squared or absolute error on a sigmoid or tanh output that never falls below the largest
//   error such an output can make on targets inside its range: wrong_output_activation (targets
//   outside the range); not below that bound, nor on a linear output;
// - a regression whose training loss stays twice its validation loss over the second half, with
//   no dropout or augmentation configured: label_noise (noisy training targets); not with dropout
//   0.25, nor when the training loss ends below the validation loss; the same for a classifier
//   that logs no training accuracy at 1.35× (not under dropout 0.3, nor at 1.1×);
// - a regression whose validation loss never improves on its first evaluations and ends above them
//   while the training loss falls a fifth below it: label_noise (targets without signal), also
//   when the validation loss rises at the end; overfitting when the training loss was memorised to
//   a few per cent of its start; not a healthy regression whose first evaluation is already good,
//   nor one whose training loss is flat too;
// - a mean absolute percentage error that never gets below 90 % (predicting 0 scores 100 %):
//   wrong_loss_function; not a percentage error that reaches 12 %.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { HParamValue, TrainingRun } from "../../model/index.ts";
import { asserted, epochRun, KERAS_TAGS, lossOnlyRun, makeRun, role, setHParams } from "../test_runs.test_util.ts";
import { diagnoseRun } from "../engine.ts";

const keras = (extra: Record<string, HParamValue> = {}): Record<string, HParamValue> => ({
  optimizer: "Adam",
  learning_rate: 0.001,
  batch_size: 32,
  epochs: 12,
  loss: "categorical_crossentropy",
  output_activation: "softmax",
  num_classes: 4,
  ...extra,
});

/** First-epoch mean `first` (ln 4 = 1.386), falling to 0.8; accuracy 0.38 → 0.72. */
function hugeStart(first: number): Array<[number, number, number, number]> {
  const rows: Array<[number, number, number, number]> = [];
  for (let e = 0; e < 12; e++) {
    const k = Math.exp(-e / 2);
    rows.push([0.8 + (first - 0.8) * k, 0.72 - 0.34 * k, 1.3 + (first * 0.8 - 1.3) * k, 0.62 - 0.2 * k]);
  }
  return rows;
}

test("first-epoch loss 5.7 ln C with the class count configured: huge first logits that fall back → input_not_normalized", () => {
  const f = diagnoseRun(epochRun("unscaled", hugeStart(7.9), KERAS_TAGS, keras()));
  const huge = f.find((x) => x.symptom === "loss_too_large");
  assert.ok(huge, JSON.stringify(f.map((x) => x.symptom)));
  assert.equal(huge.severity, "warning");
  assert.equal(asserted(f)[0], "input_not_normalized");
});

test("the same curves without a configured class count: C is read off the first loss, no huge-logit reading below the absolute floor", () => {
  const f = diagnoseRun(epochRun("unscaled-no-config", hugeStart(7.9), KERAS_TAGS, null));
  assert.equal(
    f.find((x) => x.symptom === "loss_too_large"),
    undefined,
  );
});

test("a healthy classifier starting at ln C with the class count configured gets no huge-loss finding", () => {
  const f = diagnoseRun(epochRun("healthy", hugeStart(1.39), KERAS_TAGS, keras()));
  assert.equal(
    f.find((x) => x.symptom === "loss_too_large"),
    undefined,
  );
  assert.deepEqual(asserted(f), []);
});

test("a first loss 2.5 ln C (below the known-C floor of 3 ln C) is not read as huge logits", () => {
  const f = diagnoseRun(epochRun("edge", hugeStart(2.5 * Math.log(4)), KERAS_TAGS, keras()));
  assert.equal(
    f.find((x) => x.symptom === "loss_too_large"),
    undefined,
  );
});

// ---- non-finite from the first logged point ----------------------------------------------------

function nanRun(name: string, hp: Record<string, HParamValue>, firstRecord = NaN): TrainingRun {
  const { run, dir } = makeRun(name);
  const tl = dir.scalar("train_loss_step"),
    vl = dir.scalar("val_loss"),
    va = dir.scalar("val_acc");
  for (let t = 9; t < 560; t += 10) tl.push(t, t, t === 9 ? firstRecord : NaN);
  for (let e = 1; e <= 12; e++) {
    vl.push(e * 47 - 1, e, NaN);
    va.push(e * 47 - 1, e, 0.25);
  }
  run.roles.push(
    role("train_loss_step", "train_loss", undefined, "scalar"),
    role("val_loss", "val_loss", undefined, "scalar"),
    role("val_acc", "val_accuracy", undefined, "scalar"),
  );
  setHParams(run, { optimizer: "SGD", learning_rate: 0.05, batch_size: 32, epochs: 12, num_classes: 4, ...hp });
  return run;
}

test("NaN from the first logged point with SGD 0.05 and cross_entropy on logits → input_not_normalized, then data_missing_values", () => {
  const f = diagnoseRun(nanRun("ce", { loss: "cross_entropy", output_activation: "linear" }));
  const nan = f.find((x) => x.symptom === "loss_nan_or_inf");
  assert.ok(nan);
  assert.equal(nan.severity, "error");
  assert.deepEqual(
    nan.causes.map((c) => c.code),
    ["input_not_normalized", "data_missing_values"],
  );
  assert.ok(nan.causes[0].confidence > nan.causes[1].confidence);
});

test("NaN from the first logged point with MSLE (takes log(y)) stays numerical_instability", () => {
  const f = diagnoseRun(nanRun("msle", { loss: "mean_squared_logarithmic_error", output_activation: "linear" }));
  const nan = f.find((x) => x.symptom === "loss_nan_or_inf");
  assert.ok(nan);
  // (on this 4-class run a regression loss is also the wrong loss, which the configuration ranks first)
  const codes = nan.causes.map((c) => c.code);
  assert.ok(codes.includes("numerical_instability"), codes.join());
  assert.ok(!codes.includes("input_not_normalized"), codes.join());
});

test("NaN from the first logged point with a loss written as a call (a hand-made log-softmax) stays numerical_instability", () => {
  const f = diagnoseRun(nanRun("naive", { loss: "-log(exp(z)/sum(exp(z)))", output_activation: "linear" }));
  assert.equal(f.find((x) => x.symptom === "loss_nan_or_inf")!.causes[0].code, "numerical_instability");
});

test("NaN from the first logged point with categorical_crossentropy after a softmax output (Keras probabilities) stays numerical_instability", () => {
  const f = diagnoseRun(nanRun("probs", { loss: "categorical_crossentropy", output_activation: "softmax" }));
  assert.equal(f.find((x) => x.symptom === "loss_nan_or_inf")!.causes[0].code, "numerical_instability");
});

test("a probability loss on a linear output starts high by construction: the huge-start reading is left to the configuration check", () => {
  const f = diagnoseRun(epochRun("mismatch", hugeStart(7.9), KERAS_TAGS, keras({ output_activation: "linear" })));
  assert.equal(
    f.find((x) => x.symptom === "loss_too_large"),
    undefined,
  );
  assert.ok(!asserted(f).includes("input_not_normalized"), asserted(f).join());
  assert.equal(asserted(f)[0], "wrong_loss_function");
});

test("NaN from the first logged point under MSE with a batch of 2: the batch (and the rate for it), not the data", () => {
  const f = diagnoseRun(nanRun("tiny-batch", { loss: "mse", output_activation: "linear", batch_size: 2, learning_rate: 0.2 }));
  const nan = f.find((x) => x.symptom === "loss_nan_or_inf");
  assert.ok(nan);
  // (on this 4-class run MSE is also the wrong loss, which the configuration ranks first)
  const codes = nan.causes.map((c) => c.code).filter((c) => c !== "wrong_loss_function");
  assert.deepEqual(codes, ["batch_size_too_small", "learning_rate_too_high"]);
});

test("Keras categorical_crossentropy with from_logits on a linear output is a safe loss: NaN from the start reads as the data", () => {
  const f = diagnoseRun(nanRun("keras-logits", { loss: "categorical_crossentropy", output_activation: "linear", from_logits: true }));
  assert.equal(f.find((x) => x.symptom === "loss_nan_or_inf")!.causes[0].code, "input_not_normalized");
  // without from_logits the same loss takes probabilities: a linear output does not fit it
  const g = diagnoseRun(nanRun("keras-probs", { loss: "categorical_crossentropy", output_activation: "linear" }));
  assert.ok(!g.find((x) => x.symptom === "loss_nan_or_inf")!.causes.some((c) => c.code === "input_not_normalized"));
});

/**
 * Shuffled labels on 4 classes, 20 epochs (the shape of a real PyTorch run): the training loss
 * creeps from ln 4 to 1.25 and its accuracy from 0.27 to 0.45, while the validation accuracy never
 * leaves chance and the validation loss rises from its first value.
 */
function shuffledLabels(trainAccEnd: number, valAcc: (e: number) => number): Array<[number, number, number, number]> {
  const rows: Array<[number, number, number, number]> = [];
  for (let e = 0; e < 20; e++)
    rows.push([1.389 - 0.0072 * e, 0.27 + ((trainAccEnd - 0.27) * e) / 19, 1.392 + 0.005 * e + 0.003 * Math.sin(e), valAcc(e)]);
  return rows;
}

test("labels memorised slowly while validation never leaves chance: label_noise, not a learning rate too low", () => {
  const f = diagnoseRun(
    epochRun(
      "shuffled",
      shuffledLabels(0.45, (e) => 0.22 + 0.02 * Math.sin(e)),
      KERAS_TAGS,
      keras({ epochs: 20 }),
    ),
  );
  const cs = asserted(f);
  assert.equal(cs[0], "label_noise", JSON.stringify(f.map((x) => [x.symptom, x.causes.map((c) => c.code)])));
  assert.ok(!cs.includes("learning_rate_too_low"), cs.join());
  assert.equal(f.find((x) => x.causes[0]?.code === "label_noise")?.symptom, "metric_at_chance");
});

test("the same training side with a validation accuracy that once left chance, or a training accuracy that barely moves, is no label-noise reading", () => {
  // the validation accuracy reached 0.55 mid-run (chance band for 4 classes: up to 0.40)
  const once = diagnoseRun(
    epochRun(
      "left-chance",
      shuffledLabels(0.45, (e) => (e >= 8 && e <= 12 ? 0.55 : 0.24)),
      KERAS_TAGS,
      keras({ epochs: 20 }),
    ),
  );
  assert.ok(!asserted(once).includes("label_noise"), asserted(once).join());
  // the training accuracy climbs only 0.27 → 0.33 (below the 0.1 gain): nothing was memorised
  const flat = diagnoseRun(
    epochRun(
      "flat",
      shuffledLabels(0.33, () => 0.24),
      KERAS_TAGS,
      keras({ epochs: 20 }),
    ),
  );
  assert.ok(!asserted(flat).includes("label_noise"), asserted(flat).join());
  // a linear model that learns a little: validation accuracy 0.31 → 0.35 (inside the chance band, 0.25 below the training accuracy)
  // with its validation loss staying below ln 4 — a weak model, not labels without signal
  const weak = shuffledLabels(0.6, (e) => 0.31 + 0.002 * e).map(([t, ta, , va], e): [number, number, number, number] => [
    t,
    ta,
    1.371 - 0.02 * Math.min(e, 4) + 0.002 * Math.max(0, e - 6),
    va,
  ]);
  const w = diagnoseRun(epochRun("weak", weak, KERAS_TAGS, keras({ epochs: 20 })));
  assert.ok(!asserted(w).includes("label_noise"), asserted(w).join());
});

/** A 3-class text model under a one-cycle schedule that starts learning at epoch 6 (epoch means of the training side, end-of-epoch validation). */
const ONE_CYCLE: Array<[number, number, number, number]> = [
  [1.1, 0.322, 1.099, 0.34],
  [1.1, 0.327, 1.098, 0.334],
  [1.101, 0.346, 1.097, 0.326],
  [1.098, 0.349, 1.097, 0.34],
  [1.095, 0.356, 1.094, 0.334],
  [1.09, 0.363, 1.09, 0.326],
  [1.082, 0.402, 1.072, 0.492],
  [1.061, 0.445, 1.044, 0.478],
  [1.031, 0.542, 1.013, 0.66],
  [1.005, 0.568, 0.987, 0.713],
  [0.975, 0.662, 0.986, 0.535],
  [0.964, 0.707, 0.965, 0.73],
];

test("a training accuracy lagging the validation one while both losses are alike is a model learning fast, not label noise", () => {
  const hp = { optimizer: "SGD", learning_rate: 0.1, batch_size: 32, epochs: 12, loss: "cross_entropy", num_classes: 3 };
  const f = diagnoseRun(epochRun("one-cycle", ONE_CYCLE, KERAS_TAGS, hp));
  assert.ok(!asserted(f).includes("label_noise"), JSON.stringify(f.map((x) => [x.symptom, x.severity, x.causes.map((c) => c.code)])));
  assert.ok(!f.some((x) => x.symptom === "train_below_val"));
  // the same accuracies with the training loss 15 % above the validation loss (noisier training
  // labels cost more): label noise
  const noisy = ONE_CYCLE.map(([t, ta, v, va], e): [number, number, number, number] => [e >= 6 ? v * 1.15 : t, ta, v, va]);
  const g = diagnoseRun(epochRun("noisy", noisy, KERAS_TAGS, hp));
  assert.equal(asserted(g)[0], "label_noise", JSON.stringify(g.map((x) => [x.symptom, x.severity, x.causes.map((c) => c.code)])));
});

test("an astronomic first record (2e30) then NaN in a 2-hidden-layer MLP with SGD 0.05 and cross_entropy → input_not_normalized, then exploding_gradient", () => {
  const hp = { loss: "cross_entropy", output_activation: "linear", activation: "relu", hidden: "[64, 64]" };
  const f = diagnoseRun(nanRun("astronomic-shallow", hp, 2.1e30));
  const nan = f.find((x) => x.symptom === "loss_nan_or_inf");
  assert.equal(nan?.causes[0]?.code, "input_not_normalized", JSON.stringify(f.map((x) => [x.symptom, x.causes.map((c) => c.code)])));
  assert.match(nan.causes[0].why, /2 hidden layer\(s\)/);
  // eight hidden layers: the depth can multiply the gradients into an overflow on its own
  const deep = diagnoseRun(nanRun("astronomic-deep", { ...hp, hidden: "[64, 64, 64, 64, 64, 64, 64, 64]" }, 2.1e30));
  const d = deep.find((x) => x.symptom === "loss_nan_or_inf");
  assert.notEqual(d?.causes[0]?.code, "input_not_normalized", JSON.stringify(deep.map((x) => [x.symptom, x.causes.map((c) => c.code)])));
});

/** 12 epochs: training accuracy `t0` → `tEnd`, validation accuracy `v0` → 0.62 (4 classes, SGD). */
function aheadRun(name: string, t0: number, tEnd: number, v0: number, hp: Record<string, HParamValue> = {}): TrainingRun {
  const rows: Array<[number, number, number, number]> = [];
  for (let e = 0; e < 12; e++) {
    const k = Math.exp(-e / 3);
    rows.push([0.4 + 0.75 * k, tEnd - (tEnd - t0) * k, 1.0 + 0.45 * k, 0.62 - (0.62 - v0) * k]);
  }
  return epochRun(name, rows, KERAS_TAGS, keras({ optimizer: "SGD", learning_rate: 0.05, ...hp }));
}

test("a training accuracy 0.25 ahead of the validation accuracy at the first two epochs → data_not_shuffled; ending memorised at 0.98 → repeated_batch", () => {
  const sorted = diagnoseRun(aheadRun("sorted", 0.55, 0.85, 0.3));
  const gap = sorted.find((x) => x.symptom === "train_val_gap");
  assert.equal(gap?.severity, "warning", JSON.stringify(sorted.map((x) => [x.symptom, x.severity])));
  assert.equal(gap?.causes[0]?.code, "data_not_shuffled");
  assert.deepEqual(asserted(diagnoseRun(aheadRun("repeated", 0.55, 0.98, 0.3))).slice(0, 1), ["repeated_batch"]);
});

test("a training accuracy that starts below the validation accuracy, a learning rate above its range, or a first training accuracy most of the way to 1 gives no data-order reading", () => {
  const healthy = diagnoseRun(aheadRun("healthy", 0.45, 0.85, 0.5));
  assert.ok(!asserted(healthy).includes("data_not_shuffled"), asserted(healthy).join());
  const unstable = diagnoseRun(aheadRun("unstable", 0.55, 0.85, 0.3, { learning_rate: 5 }));
  assert.ok(!asserted(unstable).includes("data_not_shuffled"), asserted(unstable).join());
  // a first training accuracy of 0.9 on four classes: a pretrained model, or one measured after the epoch
  const pretrained = diagnoseRun(aheadRun("pretrained", 0.9, 0.97, 0.7));
  assert.ok(!asserted(pretrained).some((c) => c === "data_not_shuffled" || c === "repeated_batch"), asserted(pretrained).join());
});

/** A 20-epoch regression whose loss falls from `first` to `last` (validation 5 % above). */
function regressionRun(name: string, first: number, last: number, hp: Record<string, HParamValue>): TrainingRun {
  const rows: Array<[number, number, number, number]> = [];
  for (let e = 0; e < 20; e++) {
    const l = last + (first - last) * Math.exp(-e / 4);
    rows.push([l, NaN, l * 1.05, NaN]);
  }
  return epochRun(name, rows, KERAS_TAGS, { optimizer: "Adam", learning_rate: 0.001, epochs: 20, metrics: "mae", ...hp });
}

test("MSE never below 1.3 on a sigmoid output, MAE never below 2.2 on a tanh output → wrong_output_activation (targets outside the range)", () => {
  for (const [hp, first, last] of [
    [{ loss: "mse", output_activation: "sigmoid" }, 3.2, 1.3],
    [{ loss: "mean_absolute_error", output_activation: "tanh" }, 3.5, 2.2],
  ] as const) {
    const f = diagnoseRun(regressionRun("bounded", first, last, hp));
    const floor = f.find((x) => x.symptom === "loss_floor_high");
    assert.equal(floor?.severity, "warning", JSON.stringify(f.map((x) => x.symptom)));
    assert.equal(floor?.causes[0]?.code, "wrong_output_activation");
  }
});

test("a sigmoid output whose MSE reaches 0.08, or a linear output whose MSE stays at 1.3, has no output-range reading", () => {
  const fits = diagnoseRun(regressionRun("fits", 0.4, 0.08, { loss: "mse", output_activation: "sigmoid" }));
  assert.ok(!fits.some((x) => x.symptom === "loss_floor_high"), JSON.stringify(fits.map((x) => x.symptom)));
  const linear = diagnoseRun(regressionRun("linear", 3.2, 1.3, { loss: "mse", output_activation: "linear" }));
  assert.ok(!asserted(linear).includes("wrong_output_activation"), asserted(linear).join());
});

/** A 25-epoch MSE regression: training loss 2.8 → `trainEnd`, validation loss 2.4 → `valEnd`. */
function trainValRegression(name: string, trainEnd: number, valEnd: number, hp: Record<string, HParamValue> = {}): TrainingRun {
  const rows: Array<[number, number, number, number]> = [];
  for (let e = 0; e < 25; e++) {
    const k = Math.exp(-e / 5);
    rows.push([trainEnd + (2.8 - trainEnd) * k, NaN, valEnd + (2.4 - valEnd) * k, NaN]);
  }
  return epochRun(name, rows, KERAS_TAGS, {
    optimizer: "Adam",
    learning_rate: 0.001,
    epochs: 25,
    loss: "mse",
    output_activation: "linear",
    ...hp,
  });
}

test("a regression whose training loss stays 2.2× its validation loss, without dropout or augmentation → label_noise", () => {
  const f = diagnoseRun(trainValRegression("noisy", 1.7, 0.78));
  const tbv = f.find((x) => x.symptom === "train_below_val");
  assert.equal(tbv?.severity, "warning", JSON.stringify(f.map((x) => x.symptom)));
  assert.equal(tbv?.causes[0]?.code, "label_noise");
});

test("the same ratio under dropout 0.25, or a training loss ending below the validation loss, gives no label-noise reading", () => {
  for (const run of [trainValRegression("dropout", 1.7, 0.78, { dropout: 0.25 }), trainValRegression("healthy", 0.17, 0.27)])
    assert.ok(!asserted(diagnoseRun(run)).includes("label_noise"), `${run.name}: ${asserted(diagnoseRun(run)).join()}`);
});

/** A 20-epoch 4-class classifier logged without a training accuracy (timm, fastai, HF Trainer): training loss 1.38 → `trainEnd`, validation 1.3 → `valEnd`, validation accuracy 0.35 → 0.75. */
function lossOnlyClassifier(name: string, trainEnd: number, valEnd: number, hp: Record<string, HParamValue> = {}): TrainingRun {
  const rows: Array<[number, number, number, number]> = [];
  for (let e = 0; e < 20; e++) {
    const k = Math.exp(-e / 4);
    rows.push([trainEnd + (1.38 - trainEnd) * k, NaN, valEnd + (1.3 - valEnd) * k, 0.75 - 0.4 * k]);
  }
  return epochRun(name, rows, KERAS_TAGS, keras({ num_classes: 4, loss: "categorical_crossentropy", ...hp }));
}

test("a classifier without a logged training accuracy whose training loss stays 1.35× its validation loss, no dropout or augmentation → label_noise", () => {
  const f = diagnoseRun(lossOnlyClassifier("noisy", 0.98, 0.72));
  const tbv = f.find((x) => x.symptom === "train_below_val");
  assert.equal(tbv?.severity, "warning", JSON.stringify(f.map((x) => x.symptom)));
  assert.equal(tbv?.causes[0]?.code, "label_noise");
  // under dropout, at the 1.1× a lagging epoch mean gives, or below the validation loss: nothing
  for (const run of [
    lossOnlyClassifier("dropout", 0.98, 0.72, { dropout: 0.3 }),
    lossOnlyClassifier("lag", 0.8, 0.72),
    lossOnlyClassifier("healthy", 0.5, 0.72),
  ])
    assert.ok(!asserted(diagnoseRun(run)).includes("label_noise"), `${run.name}: ${asserted(diagnoseRun(run)).join()}`);
});

test("a classifier's training loss twice its validation loss with both near 0 (a fine-tuned model with its own dropout) is no label noise", () => {
  const rows: Array<[number, number, number, number]> = [];
  for (let e = 0; e < 20; e++) {
    const k = Math.exp(-e);
    rows.push([0.0016 + 1.38 * k, NaN, 0.0007 + 0.6 * k, Math.min(1, 0.6 + 0.1 * e)]);
  }
  const f = diagnoseRun(epochRun("near-zero", rows, KERAS_TAGS, keras({ num_classes: 5, loss: "categorical_crossentropy" })));
  assert.ok(!asserted(f).includes("label_noise"), JSON.stringify(f.map((x) => `${x.severity}:${x.symptom}`)));
});

test("an evaluation before training (one more validation point, at step 0) is left out: the training accuracy is read against the evaluation of the same epoch", () => {
  const { run, dir } = makeRun("eval-first");
  const [tl, ta, vl, va] = ["loss", "accuracy", "val_loss", "val_accuracy"].map((t) => dir.scalar(t));
  // validation at step 0 before any training (chance), then after every epoch e = 1..12
  vl.push(0, 0, 1.386);
  va.push(0, 0, 0.25);
  // (a fast learner: paired one evaluation late, the training accuracy would lead by 0.23 and 0.19)
  for (let e = 1; e <= 12; e++) {
    const k = Math.exp(-e / 2);
    tl.push(e, e, 0.3 + 1.2 * k);
    ta.push(e, e, 0.9 - 0.7 * k);
    vl.push(e, e, 0.35 + 1.15 * k);
    va.push(e, e, 0.88 - 0.7 * k);
  }
  run.roles.push(
    role("loss", "train_loss", undefined, "scalar"),
    role("accuracy", "train_accuracy", undefined, "scalar"),
    role("val_loss", "val_loss", undefined, "scalar"),
    role("val_accuracy", "val_accuracy", undefined, "scalar"),
  );
  setHParams(run, keras({ optimizer: "SGD", learning_rate: 0.05 }));
  const f = diagnoseRun(run);
  assert.ok(!asserted(f).some((c) => c === "data_not_shuffled" || c === "repeated_batch"), asserted(f).join());
});

/** A 25-epoch MSE regression: validation `valPath(e)`, training 3.0 → `trainEnd` (time constant `decay` epochs). */
function noTransferRun(name: string, valPath: (e: number) => number, trainEnd: number, decay = 8): TrainingRun {
  const e25 = Array.from({ length: 25 }, (_, e) => e);
  return lossOnlyRun(
    name,
    e25.map((e) => trainEnd + (3.0 - trainEnd) * Math.exp(-e / decay)),
    e25.map(valPath),
    { loss: "mse" },
  );
}

test("a regression whose validation loss never improves while the training loss falls 20 % below it → label_noise", () => {
  // validation flat at 3.0 ± 0.03 and ending at 3.1; or dipping 4 % and rising 10 % at the end
  for (const valPath of [
    (e: number) => 3.0 + 0.03 * Math.sin(e) + (e >= 20 ? 0.1 : 0),
    (e: number) => 3.0 - 0.12 * Math.sin((Math.PI * Math.min(e, 12)) / 24) + (e > 12 ? 0.035 * (e - 12) : 0),
  ]) {
    const f = diagnoseRun(noTransferRun("no-transfer", valPath, 2.3));
    const g = f.find((x) => x.symptom === "train_val_gap" || x.symptom === "val_loss_rising");
    assert.equal(g?.severity, "warning", JSON.stringify(f.map((x) => x.symptom)));
    assert.equal(g?.causes[0]?.code, "label_noise");
    assert.equal(asserted(f)[0], "label_noise");
  }
});

test("the same picture with the training loss memorised to 2 % of its start → overfitting, not label_noise", () => {
  const f = diagnoseRun(noTransferRun("memorised", (e) => 3.0 + (e > 12 ? 0.05 * (e - 12) : 0), 0.06, 3));
  assert.equal(asserted(f)[0], "overfitting", asserted(f).join());
  assert.ok(!asserted(f).includes("label_noise"), asserted(f).join());
});

test("a healthy regression whose first evaluation is already good, or a flat training loss, gives no no-transfer reading", () => {
  // validation 1.2 → 0.9 (25 % better than its first evaluations)
  const healthy = diagnoseRun(noTransferRun("healthy", (e) => 0.9 + 0.3 * Math.exp(-e / 6), 0.7));
  assert.ok(!asserted(healthy).includes("label_noise"), asserted(healthy).join());
  // both flat: nothing learnt at all (the progress rules' case)
  const flat = diagnoseRun(noTransferRun("flat", () => 3.1, 2.95));
  assert.ok(!asserted(flat).includes("label_noise"), asserted(flat).join());
});

test("a mean absolute percentage error never below 97 % → wrong_loss_function; one that reaches 12 % has no such reading", () => {
  const curve = (first: number, last: number, k: number) =>
    Array.from({ length: 20 }, (_, e) => k * (last + (first - last) * Math.exp(-e / 4)));
  const f = diagnoseRun(lossOnlyRun("mape", curve(101, 97, 0.8), curve(101, 97, 1), { loss: "mape" }));
  const floor = f.find((x) => x.symptom === "loss_floor_high");
  assert.equal(floor?.severity, "warning", JSON.stringify(f.map((x) => x.symptom)));
  assert.equal(asserted(f)[0], "wrong_loss_function");
  const fine = diagnoseRun(lossOnlyRun("mape-fine", curve(60, 12, 0.8), curve(60, 12, 1), { loss: "mape" }));
  assert.ok(!fine.some((x) => x.symptom === "loss_floor_high"), JSON.stringify(fine.map((x) => x.symptom)));
  assert.ok(!asserted(fine).includes("wrong_loss_function"), asserted(fine).join());
});
