// Role rules: naming conventions of each framework for scalars and histogram/tensor tags,
// assignRoles preferences and user overrides.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RunDir, type TrainingRun } from "./run.ts";
import { assignRoles, matchHistogramRole, matchScalarRole, preferredRoleKeys } from "./role_rules.ts";

function run(name: string, dirs: Record<string, { scalars?: Record<string, number>; histograms?: string[]; tensors?: string[] }>): TrainingRun {
  const out: TrainingRun = { name, dirs: [], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
  for (const [p, spec] of Object.entries(dirs)) {
    const d = new RunDir(p);
    for (const [tag, n] of Object.entries(spec.scalars ?? {})) for (let i = 0; i < n; i++) d.scalar(tag).push(i, 0, 1);
    for (const tag of spec.histograms ?? []) d.histogram(tag);
    for (const tag of spec.tensors ?? []) d.tensor(tag);
    out.dirs.push(d);
  }
  return out;
}

test("scalar naming conventions of PyTorch, Lightning, Keras, MindSpore, TF.js and CSV columns", () => {
  const cases: [string, string, string, Partial<{ layer: string; metric: string; granularity: string }>?][] = [
    // PyTorch tutorials
    ["Loss/train", "", "train_loss"], ["Loss/val", "", "val_loss"], ["Loss/test", "", "test_loss"],
    ["training loss", "", "train_loss"], ["validation loss", "", "val_loss"], ["train/loss", "", "train_loss"],
    ["Accuracy/val", "", "val_accuracy"], ["Accuracy/train", "", "train_accuracy"], ["loss/train_new_style", "", "train_loss"],
    ["acc/val", "", "val_accuracy"], ["lr", "", "learning_rate"],
    // add_scalars sibling directories
    ["Loss", "Loss_train", "train_loss"], ["Loss", "Loss_val", "val_loss"], ["Accuracy", "Accuracy_test", "test_accuracy"],
    ["metrics/Loss", "metrics_Loss_val", "val_loss"],
    // Lightning
    ["train_loss", "", "train_loss"], ["train_loss_step", "", "train_loss", { granularity: "step" }],
    ["train_loss_epoch", "", "train_loss", { granularity: "epoch" }], ["val_acc", "", "val_accuracy"], ["val_loss", "", "val_loss"],
    ["lr-Adam", "", "learning_rate"], ["lr-SGD", "", "learning_rate"], ["lr-Adam/pg1", "", "learning_rate"], ["epoch", "", "epoch"],
    ["grad_2.0_norm/fc1.weight", "", "grad_norm", { layer: "fc1.weight" }], ["grad_2.0_norm_total", "", "grad_norm_total"],
    ["grad_inf_norm_total", "", "grad_norm_total"], ["val_f1", "", "val_metric", { metric: "f1" }],
    // Keras
    ["epoch_loss", "train", "train_loss", { granularity: "epoch" }], ["epoch_loss", "validation", "val_loss", { granularity: "epoch" }],
    ["batch_loss", "train", "train_loss", { granularity: "step" }], ["epoch_accuracy", "validation", "val_accuracy"],
    ["epoch_learning_rate", "train", "learning_rate"], ["evaluation_loss_vs_iterations", "validation", "val_loss", { granularity: "step" }],
    ["evaluation_accuracy_vs_iterations", "validation", "val_accuracy"], ["epoch_val_loss", "", "val_loss"], ["batch_acc", "", "train_accuracy"],
    ["epoch_mae", "validation", "val_metric", { metric: "mae" }],
    // MindSpore
    ["loss/auto", "", "train_loss"], ["learning_rate", "", "learning_rate"],
    // TF.js (train/ and val/ writers)
    ["batch_loss", "train", "train_loss"], ["epoch_acc", "val", "val_accuracy"], ["epoch_loss", "val", "val_loss"],
    ["batch_acc", "train", "train_accuracy", { granularity: "step" }], ["grad_norm_total", "train", "grad_norm_total"],
    ["grad_norm/dense_Dense1/kernel", "train", "grad_norm", { layer: "dense_Dense1/kernel" }],
    ["grad_norm/fc1.weight", "", "grad_norm", { layer: "fc1.weight" }], ["weight_norm/fc1.weight", "", "weight_norm", { layer: "fc1.weight" }],
    // CSV columns
    ["loss", "", "train_loss"], ["val_loss", "", "val_loss"], ["accuracy", "", "train_accuracy"], ["val_accuracy", "", "val_accuracy"],
    ["acc", "", "train_accuracy"], ["mae", "", "train_metric", { metric: "mae" }], ["val_mae", "", "val_metric", { metric: "mae" }],
    ["test_loss", "", "test_loss"], ["train_acc", "", "train_accuracy"],
    // lingvo-style evaluation metrics
    ["bleu/dev", "", "val_metric", { metric: "bleu" }], ["log_perplexity/split:dev", "", "val_metric"],
    // not a training curve
    ["strict/foo", "", "other"], ["lax/bar_1", "", "other"], ["hp_metric", "", "other"], ["hparam/val_loss", "1700000000.12", "other"],
    ["debug/nonfinite", "", "other"],
  ];
  for (const [tag, dir, role, extra] of cases) {
    const m = matchScalarRole(tag, dir);
    assert.equal(m.role, role, `${dir ? dir + "/" : ""}${tag} → ${m.role} (${m.rule})`);
    assert.ok(m.rule.length > 0);
    for (const [k, v] of Object.entries(extra ?? {})) assert.equal((m as unknown as Record<string, unknown>)[k], v, `${tag} ${k}`);
  }
});

test("histogram / tensor tags: parameter, gradient and activation histograms with their layer", () => {
  const cases: [string, string, string][] = [
    ["fc1.weight", "weight_hist", "fc1.weight"], ["weights/fc1.weight", "weight_hist", "fc1.weight"],
    ["weights_bins30/fc1.weight", "weight_hist", "fc1.weight"], ["dense_1/kernel_0", "weight_hist", "dense_1/kernel"],
    ["dense/bias_0", "weight_hist", "dense/bias"], ["conv1.weight/auto", "weight_hist", "conv1.weight"], ["fc3.bias", "weight_hist", "fc3.bias"],
    ["fc1.weight.grad", "grad_hist", "fc1.weight"], ["fc3.weight.grad", "grad_hist", "fc3.weight"],
    ["gradients/dense/kernel", "grad_hist", "dense/kernel"], ["grads/fc1.weight", "grad_hist", "fc1.weight"],
    ["grads_bins30/fc1.weight", "grad_hist", "fc1.weight"], ["dense_1/kernel_0_grad", "grad_hist", "dense_1/kernel"],
    ["gradient/D/norm/histogram", "grad_hist", "D"],
    ["weights/dense_Dense1/kernel", "weight_hist", "dense_Dense1/kernel"], ["gradients/dense_Dense1/kernel", "grad_hist", "dense_Dense1/kernel"],
    ["activations/dense_Dense1", "activation_hist", "dense_Dense1"], ["fc1/kernel_0_grad", "grad_hist", "fc1/kernel"],
    ["activations/fc1", "activation_hist", "fc1"], ["fc1/output", "activation_hist", "fc1"], ["dense_1_out", "activation_hist", "dense_1"],
  ];
  for (const [tag, role, layer] of cases) {
    const m = matchHistogramRole(tag);
    assert.equal(m.role, role, `${tag} → ${m.role} (${m.rule})`);
    assert.equal(m.layer, layer, tag);
  }
  assert.equal(matchHistogramRole("histo").role, "other");
  assert.equal(matchHistogramRole("nan_inf/fc1.weight_corrupted").role, "other", "a parameter name must end its token");
});

test("assignRoles: every series gets a role; step-level training loss preferred, epoch-level kept", () => {
  const r = run("mlp", {
    mlp: { scalars: { "train_loss_epoch": 3, "train_loss_step": 12, "val_loss": 3, "lr-SGD": 12, "loss/train_double": 30, "epoch": 18 }, histograms: ["weights/fc1.weight", "fc1.weight.grad"] },
    "mlp/Loss_train": { scalars: { Loss: 7 } },
    "mlp/1700000000.5": { scalars: { "hparam/val_loss": 1 } },
  });
  const roles = assignRoles(r);
  assert.equal(roles.length, 10);
  const byKey = Object.fromEntries(roles.map((a) => [a.key, a]));
  assert.equal(byKey["Loss_train/Loss"].role, "train_loss");
  assert.equal(byKey["1700000000.5/hparam/val_loss"].role, "other");
  assert.equal(byKey["train_loss_epoch"].granularity, "epoch");
  assert.equal(byKey["weights/fc1.weight"].kind, "histogram");
  const trainLoss = roles.filter((a) => a.role === "train_loss").map((a) => a.key);
  assert.deepEqual(trainLoss, ["train_loss_step", "loss/train_double", "Loss_train/Loss", "train_loss_epoch"]);
  assert.deepEqual(preferredRoleKeys(roles), { train_loss: "train_loss_step", val_loss: "val_loss", learning_rate: "lr-SGD", epoch: "epoch" });
  // Deterministic: the same input gives the same output.
  assert.deepEqual(assignRoles(r), roles);
});

test("a user override wins over every naming rule (exact key or /regex/)", () => {
  const r = run(".", { ".": { scalars: { "strict/foo": 5, "loss": 5, "my_metric/a": 2, "my_metric/b": 2 } } });
  const roles = assignRoles(r, [
    { pattern: "strict/foo", role: "train_loss" },
    { pattern: "/^my_metric\\//", role: "val_metric" },
  ]);
  const byKey = Object.fromEntries(roles.map((a) => [a.key, a]));
  assert.deepEqual([byKey["strict/foo"].role, byKey["strict/foo"].rule], ["train_loss", "user"]);
  assert.equal(byKey["my_metric/a"].role, "val_metric");
  assert.equal(byKey["my_metric/b"].rule, "user");
  assert.equal(byKey["loss"].role, "train_loss");
  assert.equal(preferredRoleKeys(roles).train_loss, "strict/foo", "the override is the preferred training loss");
});

test("Keras train/ + validation/ directories of one run", () => {
  const r = run("logs", {
    "logs/train": { scalars: { epoch_loss: 5, batch_loss: 50, epoch_accuracy: 5, epoch_learning_rate: 5 }, histograms: ["dense/kernel_0"] },
    "logs/validation": { scalars: { epoch_loss: 5, epoch_accuracy: 5, evaluation_loss_vs_iterations: 5 } },
  });
  const pref = preferredRoleKeys(assignRoles(r));
  assert.deepEqual(pref, {
    train_loss: "train/batch_loss", val_loss: "validation/epoch_loss", train_accuracy: "train/epoch_accuracy",
    val_accuracy: "validation/epoch_accuracy", learning_rate: "train/epoch_learning_rate",
  });
  const hist = assignRoles(r).find((a) => a.key === "train/dense/kernel_0")!;
  assert.deepEqual([hist.role, hist.layer], ["weight_hist", "dense/kernel"]);
});

test("HuggingFace Trainer tags: train/epoch is the epoch, the end-of-training summary and throughput are no curves", () => {
  const cases: [string, string][] = [
    ["train/epoch", "epoch"], ["train/loss", "train_loss"], ["train/learning_rate", "learning_rate"], ["train/grad_norm", "grad_norm_total"],
    ["eval/loss", "val_loss"], ["eval/accuracy", "val_accuracy"],
    ["train/train_loss", "other"], ["train/train_runtime", "other"], ["train/train_samples_per_second", "other"], ["train/train_steps_per_second", "other"],
    ["train/total_flos", "other"], ["eval/runtime", "other"], ["eval/samples_per_second", "other"], ["eval/steps_per_second", "other"],
  ];
  for (const [tag, role] of cases) {
    const m = matchScalarRole(tag);
    assert.equal(m.role, role, `${tag} → ${m.role} (${m.rule})`);
  }
  // the one-point train/train_loss must not become the per-epoch training loss beside train/loss
  const r = run(".", { ".": { scalars: { "train/loss": 240, "train/train_loss": 1, "train/epoch": 255, "eval/loss": 15 } } });
  const keys = preferredRoleKeys(assignRoles(r));
  assert.equal(keys.train_loss, "train/loss");
  assert.equal(keys.epoch, "train/epoch");
  assert.ok(!assignRoles(r).some((a) => a.key === "train/train_loss" && a.role === "train_loss"));
});

test("fastai history.csv: a metric column without a phase word is a validation metric", () => {
  const r = run(".", { ".": { scalars: { train_loss: 5, valid_loss: 5, accuracy: 5, mae: 5 } } });
  r.dirs[0].sources.push({ path: "history.csv", format: "csv", readOffset: 1, size: 1, records: 5, info: { columns: "epoch,train_loss,valid_loss,accuracy,mae,time", stepColumn: "epoch" } });
  const byKey = new Map(assignRoles(r).map((a) => [a.key, a]));
  assert.equal(byKey.get("accuracy")!.role, "val_accuracy");
  assert.equal(byKey.get("accuracy")!.rule, "fastai_valid_metric");
  assert.equal(byKey.get("mae")!.role, "val_metric");
  assert.equal(byKey.get("train_loss")!.role, "train_loss");
  assert.equal(byKey.get("valid_loss")!.role, "val_loss");
  // a Keras CSVLogger's `accuracy` column stays the training accuracy
  const k = run(".", { ".": { scalars: { loss: 5, val_loss: 5, accuracy: 5, val_accuracy: 5 } } });
  k.dirs[0].sources.push({ path: "history.csv", format: "csv", readOffset: 1, size: 1, records: 5, info: { columns: "epoch,accuracy,loss,val_accuracy,val_loss", stepColumn: "epoch" } });
  assert.equal(new Map(assignRoles(k).map((a) => [a.key, a.role])).get("accuracy"), "train_accuracy");
});
