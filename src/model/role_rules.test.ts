// Role rules: naming conventions of each framework for scalars and histogram/tensor tags,
// assignRoles preferences and user overrides.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RunDir, type TrainingRun } from "./run.ts";
import { assignRoles, matchHistogramRole, matchScalarRole, preferredRoleKeys } from "./role_rules.ts";

function run(
  name: string,
  dirs: Record<string, { scalars?: Record<string, number>; histograms?: string[]; tensors?: string[] }>,
): TrainingRun {
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
    ["Loss/train", "", "train_loss"],
    ["Loss/val", "", "val_loss"],
    ["Loss/test", "", "test_loss"],
    ["training loss", "", "train_loss"],
    ["validation loss", "", "val_loss"],
    ["train/loss", "", "train_loss"],
    ["Accuracy/val", "", "val_accuracy"],
    ["Accuracy/train", "", "train_accuracy"],
    ["loss/train_new_style", "", "train_loss"],
    ["acc/val", "", "val_accuracy"],
    ["lr", "", "learning_rate"],
    // add_scalars sibling directories
    ["Loss", "Loss_train", "train_loss"],
    ["Loss", "Loss_val", "val_loss"],
    ["Accuracy", "Accuracy_test", "test_accuracy"],
    ["metrics/Loss", "metrics_Loss_val", "val_loss"],
    // Lightning
    ["train_loss", "", "train_loss"],
    ["train_loss_step", "", "train_loss", { granularity: "step" }],
    ["train_loss_epoch", "", "train_loss", { granularity: "epoch" }],
    ["val_acc", "", "val_accuracy"],
    ["val_loss", "", "val_loss"],
    ["lr-Adam", "", "learning_rate"],
    ["lr-SGD", "", "learning_rate"],
    ["lr-Adam/pg1", "", "learning_rate"],
    ["epoch", "", "epoch"],
    ["grad_2.0_norm/fc1.weight", "", "grad_norm", { layer: "fc1.weight" }],
    ["grad_2.0_norm_total", "", "grad_norm_total"],
    ["grad_inf_norm_total", "", "grad_norm_total"],
    ["val_f1", "", "val_metric", { metric: "f1" }],
    // Keras
    ["epoch_loss", "train", "train_loss", { granularity: "epoch" }],
    ["epoch_loss", "validation", "val_loss", { granularity: "epoch" }],
    ["batch_loss", "train", "train_loss", { granularity: "step" }],
    ["epoch_accuracy", "validation", "val_accuracy"],
    ["epoch_learning_rate", "train", "learning_rate"],
    ["evaluation_loss_vs_iterations", "validation", "val_loss", { granularity: "step" }],
    ["evaluation_accuracy_vs_iterations", "validation", "val_accuracy"],
    ["epoch_val_loss", "", "val_loss"],
    ["batch_acc", "", "train_accuracy"],
    ["epoch_mae", "validation", "val_metric", { metric: "mae" }],
    // MindSpore
    ["loss/auto", "", "train_loss"],
    ["learning_rate", "", "learning_rate"],
    // TF.js (train/ and val/ writers)
    ["batch_loss", "train", "train_loss"],
    ["epoch_acc", "val", "val_accuracy"],
    ["epoch_loss", "val", "val_loss"],
    ["batch_acc", "train", "train_accuracy", { granularity: "step" }],
    ["grad_norm_total", "train", "grad_norm_total"],
    ["grad_norm/dense_Dense1/kernel", "train", "grad_norm", { layer: "dense_Dense1/kernel" }],
    ["grad_norm/fc1.weight", "", "grad_norm", { layer: "fc1.weight" }],
    ["weight_norm/fc1.weight", "", "weight_norm", { layer: "fc1.weight" }],
    // CSV columns
    ["loss", "", "train_loss"],
    ["val_loss", "", "val_loss"],
    ["accuracy", "", "train_accuracy"],
    ["val_accuracy", "", "val_accuracy"],
    ["acc", "", "train_accuracy"],
    ["mae", "", "train_metric", { metric: "mae" }],
    ["val_mae", "", "val_metric", { metric: "mae" }],
    ["test_loss", "", "test_loss"],
    ["train_acc", "", "train_accuracy"],
    // lingvo-style evaluation metrics
    ["bleu/dev", "", "val_metric", { metric: "bleu" }],
    ["log_perplexity/split:dev", "", "val_metric"],
    // not a training curve
    ["strict/foo", "", "other"],
    ["lax/bar_1", "", "other"],
    ["hp_metric", "", "other"],
    ["hparam/val_loss", "1700000000.12", "other"],
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
    ["fc1.weight", "weight_hist", "fc1.weight"],
    ["weights/fc1.weight", "weight_hist", "fc1.weight"],
    ["weights_bins30/fc1.weight", "weight_hist", "fc1.weight"],
    ["dense_1/kernel_0", "weight_hist", "dense_1/kernel"],
    ["dense/bias_0", "weight_hist", "dense/bias"],
    ["conv1.weight/auto", "weight_hist", "conv1.weight"],
    ["fc3.bias", "weight_hist", "fc3.bias"],
    ["fc1.weight.grad", "grad_hist", "fc1.weight"],
    ["fc3.weight.grad", "grad_hist", "fc3.weight"],
    ["gradients/dense/kernel", "grad_hist", "dense/kernel"],
    ["grads/fc1.weight", "grad_hist", "fc1.weight"],
    ["grads_bins30/fc1.weight", "grad_hist", "fc1.weight"],
    ["dense_1/kernel_0_grad", "grad_hist", "dense_1/kernel"],
    ["gradient/D/norm/histogram", "grad_hist", "D"],
    ["weights/dense_Dense1/kernel", "weight_hist", "dense_Dense1/kernel"],
    ["gradients/dense_Dense1/kernel", "grad_hist", "dense_Dense1/kernel"],
    ["activations/dense_Dense1", "activation_hist", "dense_Dense1"],
    ["fc1/kernel_0_grad", "grad_hist", "fc1/kernel"],
    ["activations/fc1", "activation_hist", "fc1"],
    ["fc1/output", "activation_hist", "fc1"],
    ["dense_1_out", "activation_hist", "dense_1"],
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
    mlp: {
      scalars: { train_loss_epoch: 3, train_loss_step: 12, val_loss: 3, "lr-SGD": 12, "loss/train_double": 30, epoch: 18 },
      histograms: ["weights/fc1.weight", "fc1.weight.grad"],
    },
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
  assert.deepEqual(preferredRoleKeys(roles), {
    train_loss: "train_loss_step",
    val_loss: "val_loss",
    learning_rate: "lr-SGD",
    epoch: "epoch",
  });
  // Deterministic: the same input gives the same output.
  assert.deepEqual(assignRoles(r), roles);
});

test("a user override wins over every naming rule (exact key or /regex/)", () => {
  const r = run(".", { ".": { scalars: { "strict/foo": 5, loss: 5, "my_metric/a": 2, "my_metric/b": 2 } } });
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
    train_loss: "train/batch_loss",
    val_loss: "validation/epoch_loss",
    train_accuracy: "train/epoch_accuracy",
    val_accuracy: "validation/epoch_accuracy",
    learning_rate: "train/epoch_learning_rate",
  });
  const hist = assignRoles(r).find((a) => a.key === "train/dense/kernel_0")!;
  assert.deepEqual([hist.role, hist.layer], ["weight_hist", "dense/kernel"]);
});

test("HuggingFace Trainer tags: train/epoch is the epoch, the end-of-training summary and throughput are no curves", () => {
  const cases: [string, string][] = [
    ["train/epoch", "epoch"],
    ["train/loss", "train_loss"],
    ["train/learning_rate", "learning_rate"],
    ["train/grad_norm", "grad_norm_total"],
    ["eval/loss", "val_loss"],
    ["eval/accuracy", "val_accuracy"],
    ["train/train_loss", "other"],
    ["train/train_runtime", "other"],
    ["train/train_samples_per_second", "other"],
    ["train/train_steps_per_second", "other"],
    ["train/total_flos", "other"],
    ["eval/runtime", "other"],
    ["eval/samples_per_second", "other"],
    ["eval/steps_per_second", "other"],
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
  r.dirs[0].sources.push({
    path: "history.csv",
    format: "csv",
    readOffset: 1,
    size: 1,
    records: 5,
    info: { columns: "epoch,train_loss,valid_loss,accuracy,mae,time", stepColumn: "epoch" },
  });
  const byKey = new Map(assignRoles(r).map((a) => [a.key, a]));
  assert.equal(byKey.get("accuracy")!.role, "val_accuracy");
  assert.equal(byKey.get("accuracy")!.rule, "fastai_valid_metric");
  assert.equal(byKey.get("mae")!.role, "val_metric");
  assert.equal(byKey.get("train_loss")!.role, "train_loss");
  assert.equal(byKey.get("valid_loss")!.role, "val_loss");
  // a Keras CSVLogger's `accuracy` column stays the training accuracy
  const k = run(".", { ".": { scalars: { loss: 5, val_loss: 5, accuracy: 5, val_accuracy: 5 } } });
  k.dirs[0].sources.push({
    path: "history.csv",
    format: "csv",
    readOffset: 1,
    size: 1,
    records: 5,
    info: { columns: "epoch,accuracy,loss,val_accuracy,val_loss", stepColumn: "epoch" },
  });
  assert.equal(new Map(assignRoles(k).map((a) => [a.key, a.role])).get("accuracy"), "train_accuracy");
});

test("detection, segmentation, pose and generation toolkits: evaluation-only metric kinds, parameter-group learning rates, throughput and counters", () => {
  const cases: [string, string, string][] = [
    // YOLOv5 `x/lr0..2`, Ultralytics `lr/pg0..2`: the learning rate of each parameter group
    ["x/lr0", "", "learning_rate"],
    ["x/lr2", "", "learning_rate"],
    ["         x/lr1", "", "learning_rate"],
    ["lr/pg0", "", "learning_rate"],
    // metrics only ever measured on held-out data: validation metrics without a phase word
    ["metrics/mAP50-95(B)", "", "val_metric"],
    ["metrics/mAP50(M)", "", "val_metric"],
    ["metrics/mAP_0.5:0.95", "", "val_metric"],
    ["coco/AP (M)", "", "val_metric"],
    ["coco/AR .5", "", "val_metric"],
    ["bbox/AP50", "", "val_metric"],
    ["segm/APs", "", "val_metric"],
    ["mIoU", "", "val_metric"],
    ["aAcc", "", "val_metric"],
    ["mAcc", "", "val_metric"],
    ["PCK", "", "val_metric"],
    ["NME", "", "val_metric"],
    ["bleu", "", "val_metric"],
    ["wer", "", "val_metric"],
    ["rougeL", "", "val_metric"],
    // ...but a phase in the name or the directory still wins
    ["train/mAP", "", "train_metric"],
    ["mAP", "train", "train_metric"],
    ["eval/DetectionBoxes_Precision/mAP@.50IOU", "", "val_metric"],
    // rates per second and counters are no model quality
    ["train/steps_per_sec", "", "other"],
    ["global_step/sec", "", "other"],
    ["examples/sec", "", "other"],
    ["train/num_tokens", "", "other"],
    ["eval/num_tokens", "", "other"],
    ["eval/gen_len", "", "other"],
    ["eval/T005_number", "", "other"],
    ["rpn/num_pos_anchors", "", "other"],
    // Lightning columns with spaces and capitals
    ["Valid MSE", "", "val_metric"],
    ["Train MSE", "", "train_metric"],
    ["Valid Loss", "", "val_loss"],
    ["Validation Accuracy", "", "val_accuracy"],
  ];
  for (const [tag, dir, role] of cases) {
    const m = matchScalarRole(tag, dir);
    assert.equal(m.role, role, `${dir ? dir + "/" : ""}${tag} → ${m.role} (${m.rule})`);
  }
  assert.equal(matchScalarRole("metrics/mAP50-95(B)").rule, "eval_only_metric");
  // `ap`/`ar` are whole words only
  assert.equal(matchScalarRole("lap_time").role, "other");
});

test("a run that logs no loss is trained on its error metric: Train MSE / Valid MSE become the losses", () => {
  const r = run(".", { ".": { scalars: { "Train MSE": 20, "Valid MSE": 20, "Valid MAE": 20, epoch: 20 } } });
  const roles = assignRoles(r);
  const byKey = new Map(roles.map((a) => [a.key, a]));
  assert.equal(byKey.get("Train MSE")!.role, "train_loss");
  assert.equal(byKey.get("Valid MSE")!.role, "val_loss");
  assert.match(byKey.get("Valid MSE")!.rule, /^error_metric_as_loss/);
  assert.equal(preferredRoleKeys(roles).train_loss, "Train MSE");
  assert.ok(["Valid MSE", "Valid MAE"].includes(preferredRoleKeys(roles).val_loss!));
  // with a loss logged, the error metric stays a metric
  const k = run(".", { ".": { scalars: { loss: 20, val_loss: 20, mse: 20, val_mse: 20 } } });
  const kr = new Map(assignRoles(k).map((a) => [a.key, a.role]));
  assert.equal(kr.get("mse"), "train_metric");
  assert.equal(kr.get("val_mse"), "val_metric");
  // an accuracy is never promoted
  const a = run(".", { ".": { scalars: { "Train Acc": 5, "Valid F1": 5 } } });
  assert.ok(!assignRoles(a).some((x) => x.role.endsWith("_loss")));
});

test("the mean loss ranks before a batch-summed one; the main head's accuracy before an auxiliary head's", () => {
  const pick = (tags: string[], dirs: Record<string, string[]> = {}) => {
    const spec: Record<string, { scalars: Record<string, number> }> = { r: { scalars: Object.fromEntries(tags.map((t) => [t, 30])) } };
    for (const [d, ts] of Object.entries(dirs)) spec[`r/${d}`] = { scalars: Object.fromEntries(ts.map((t) => [t, 5])) };
    return preferredRoleKeys(assignRoles(run("r", spec)));
  };
  // TF1 canned estimators: `loss` is the batch sum, `average_loss` the mean (also in eval/)
  const tf1 = pick(["loss", "average_loss", "global_step/sec"], { eval: ["loss", "average_loss", "accuracy"] });
  assert.equal(tf1.train_loss, "average_loss");
  assert.equal(tf1.val_loss, "eval/average_loss");
  // PINA: `mean_loss` over the loss terms is the total
  assert.equal(pick(["data_loss", "mean_loss"]).train_loss, "mean_loss");
  assert.equal(pick(["avg_loss", "loss_cls_avg", "loss_box_avg"]).train_loss, "avg_loss");
  // MMSeg decode head vs auxiliary head; detectron2 box classifier vs mask head and foreground-only accuracy
  assert.equal(pick(["loss", "decode.loss_ce", "decode.acc_seg", "aux.loss_ce", "aux.acc_seg"]).train_accuracy, "decode.acc_seg");
  assert.equal(pick(["aux.acc_seg", "decode.acc_seg"]).train_accuracy, "decode.acc_seg");
  assert.equal(
    pick(["total_loss", "mask_rcnn/accuracy", "fast_rcnn/fg_cls_accuracy", "fast_rcnn/cls_accuracy"]).train_accuracy,
    "fast_rcnn/cls_accuracy",
  );
});

test("Ultralytics / YOLOv5: metrics/* beside train/ and val/ loss groups are validation metrics", () => {
  const cols = [
    "epoch",
    "train/box_loss",
    "train/obj_loss",
    "train/cls_loss",
    "metrics/precision",
    "metrics/recall",
    "metrics/mAP_0.5",
    "metrics/mAP_0.5:0.95",
    "val/box_loss",
    "val/obj_loss",
    "val/cls_loss",
    "x/lr0",
    "x/lr1",
    "x/lr2",
  ];
  const r = run(".", { ".": { scalars: Object.fromEntries(cols.map((c) => [c, 50])) } });
  const roles = assignRoles(r);
  const byKey = new Map(roles.map((a) => [a.key, a]));
  assert.equal(byKey.get("metrics/precision")!.role, "val_metric");
  assert.equal(byKey.get("metrics/precision")!.rule, "metrics_beside_phase_groups");
  assert.equal(byKey.get("metrics/recall")!.role, "val_metric");
  assert.equal(byKey.get("metrics/mAP_0.5:0.95")!.role, "val_metric");
  assert.deepEqual(preferredRoleKeys(roles), {
    train_loss: "train/box_loss",
    val_loss: "val/box_loss",
    learning_rate: "x/lr0",
    epoch: "epoch",
  });
  // without train/ and val/ groups a bare `metrics/precision` keeps the default phase
  const lone = run(".", { ".": { scalars: { loss: 5, "metrics/precision": 5 } } });
  assert.equal(assignRoles(lone).find((a) => a.key === "metrics/precision")!.role, "train_metric");
});

test("series the log marks as validation records (MMEngine) get validation roles; evaluation-only kinds without the mark too", () => {
  const r = run(".", { ".": { scalars: { loss: 10, lr: 10, "accuracy/top1": 3, AUC: 3, "bbox/AP": 3, data_time: 13 } } });
  for (const k of ["accuracy/top1", "AUC"]) r.dirs[0].scalars.get(k)!.phase = "val";
  const byKey = new Map(assignRoles(r).map((a) => [a.key, a]));
  assert.equal(byKey.get("accuracy/top1")!.role, "val_accuracy");
  assert.equal(byKey.get("AUC")!.role, "val_metric");
  assert.equal(byKey.get("bbox/AP")!.role, "val_metric", "detectron2's evaluation lines: AP is measured on held-out data");
  assert.equal(byKey.get("loss")!.role, "train_loss");
  assert.equal(byKey.get("data_time")!.role, "other");
});

test("a segmentation run's accuracy is a pixel-accuracy metric (Keras dice_coef / mean_io_u, MMSeg mIoU); a classifier's stays an accuracy", () => {
  const seg = run(".", {
    ".": { scalars: { loss: 35, accuracy: 35, dice_coef: 35, mean_io_u: 35, val_loss: 35, val_accuracy: 35, val_dice_coef: 35 } },
  });
  const roles = assignRoles(seg);
  const byKey = new Map(roles.map((a) => [a.key, a]));
  assert.deepEqual([byKey.get("val_accuracy")!.role, byKey.get("val_accuracy")!.metric], ["val_metric", "pixel_accuracy"]);
  assert.equal(byKey.get("accuracy")!.role, "train_metric");
  assert.match(byKey.get("accuracy")!.rule, /^segmentation_pixel_accuracy/);
  assert.equal(preferredRoleKeys(roles).val_accuracy, undefined);
  // an IoU loss (`giou_loss`) makes no segmentation run
  const det = run(".", { ".": { scalars: { giou_loss: 5, accuracy: 5 } } });
  assert.equal(assignRoles(det).find((a) => a.key === "accuracy")!.role, "train_accuracy");
  // a user override still wins
  assert.equal(
    assignRoles(seg, [{ pattern: "val_accuracy", role: "val_accuracy" }]).find((a) => a.key === "val_accuracy")!.role,
    "val_accuracy",
  );
});
