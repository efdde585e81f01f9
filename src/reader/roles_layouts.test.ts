// Roles on files of detection / segmentation toolkits and Lightning CSV columns with spaces:
// - MMEngine (mmsegmentation 1.x) `scalars.json`, a real file (test/fixtures/realworld, Apache-2.0):
//   validation lines (`aAcc`, `mIoU`, `mAcc`) get validation roles, the heads' pixel accuracies
//   are metrics of a segmentation run;
// - Ultralytics 8.3 `results.csv`, a real file (test/fixtures/realworld, MIT): `metrics/*(B)` are
//   validation metrics, `lr/pg0` the learning rate;
// - YOLOv5 `results.csv`, written here byte-for-byte in YOLOv5's documented layout (header and
//   values right-aligned with `%20s` / `%20.5g`): `x/lr0..2` are learning rates, `metrics/*` validation;
// - a Lightning CSVLogger `metrics.csv` (header: sorted keys, then `epoch,step`; empty cells for
//   "not logged in this row") whose only curves are `Train MSE` / `Valid MSE`.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { preferredRoleKeys, type TrainingRun } from "../model/index.ts";
import { loadExperiment } from "./index.ts";
import { withTempDir } from "./reader_test_util.ts";

const ROLE_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures/realworld");

function roleOf(run: TrainingRun, key: string): string | undefined {
  return run.roles.find((r) => r.key === key && r.kind === "scalar")?.role;
}

test("MMEngine scalars.json (mmsegmentation): validation lines are validation metrics; pixel accuracies are metrics", async () => {
  // the file itself (beside the events' copies of the same series, which copy a run keeps is the reader's choice)
  const exp = await loadExperiment(path.join(ROLE_FIXTURES, "mmseg-kachusov", "scalars.json"));
  assert.equal(exp.runs.length, 1);
  const run = exp.runs[0];
  for (const k of ["aAcc", "mIoU", "mAcc"]) assert.equal(roleOf(run, k), "val_metric", k);
  const keys = preferredRoleKeys(run.roles);
  assert.equal(keys.train_loss, "loss");
  assert.equal(keys.learning_rate, "lr");
  // a segmentation run (mIoU logged): the heads' pixel accuracies are metrics, not a classifier's accuracy
  assert.equal(keys.train_accuracy, undefined);
  for (const k of ["decode.acc_seg", "aux.acc_seg"]) {
    const a = run.roles.find((r) => r.key === k)!;
    assert.deepEqual([a.role, a.metric], ["train_metric", "pixel_accuracy"], k);
  }
});

test("Ultralytics results.csv (8.3): metrics/*(B) are validation metrics, box loss and lr/pg0 the main curves", async () => {
  // the run directory itself (how Ultralytics' `runs/detect/train` is named within a logdir is the reader's grouping)
  const exp = await loadExperiment(path.join(ROLE_FIXTURES, "yolov8-dental", "runs", "detect", "train"));
  assert.equal(exp.runs.length, 1);
  const run = exp.runs[0];
  const key = (k: string) => run.roles.find((r) => r.key.trim() === k)!;
  for (const k of ["metrics/mAP50-95(B)", "metrics/mAP50(B)", "metrics/precision(B)", "metrics/recall(B)"])
    assert.equal(key(k).role, "val_metric", k);
  assert.equal(key("lr/pg0").role, "learning_rate");
  const keys = preferredRoleKeys(run.roles);
  assert.equal(keys.train_loss, "train/box_loss");
  assert.equal(keys.val_loss, "val/box_loss");
});

test("YOLOv5 results.csv (space-padded): x/lr0..2 are learning rates and metrics/* validation metrics", async () => {
  await withTempDir(async (root) => {
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
    let text = cols.map((c) => c.padStart(20)).join(",") + "\n";
    for (let e = 0; e < 10; e++) {
      const vals = [
        e,
        0.06 - e * 0.004,
        0.03 - e * 0.001,
        0.02 - e * 0.001,
        0.2 + e * 0.07,
        0.3 + e * 0.06,
        0.2 + e * 0.07,
        0.1 + e * 0.06,
        0.04 - e * 0.003,
        0.02 - e * 0.001,
        0.01 - e * 0.0005,
        0.07 - e * 0.006,
        0.0003 * (e + 1),
        0.0003 * (e + 1),
      ];
      text += vals.map((v, i) => (i === 0 ? String(v) : Number(v.toPrecision(5)).toString()).padStart(20)).join(",") + "\n";
    }
    const dir = path.join(root, "runs", "train", "exp");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "results.csv"), text);
    const run = (await loadExperiment(root)).runs[0];
    const byTrimmedKey = new Map(run.roles.filter((r) => r.kind === "scalar").map((r) => [r.key.trim(), r]));
    for (const k of ["x/lr0", "x/lr1", "x/lr2"]) assert.equal(byTrimmedKey.get(k)?.role, "learning_rate", k);
    for (const k of ["metrics/precision", "metrics/recall", "metrics/mAP_0.5", "metrics/mAP_0.5:0.95"])
      assert.equal(byTrimmedKey.get(k)?.role, "val_metric", k);
    const keys = preferredRoleKeys(run.roles);
    assert.equal(keys.train_loss?.trim(), "train/box_loss");
    assert.equal(keys.val_loss?.trim(), "val/box_loss");
    assert.equal(keys.learning_rate?.trim(), "x/lr0");
  });
});

test("Lightning metrics.csv with `Train MSE` / `Valid MSE` columns: the error metric is each phase's loss", async () => {
  await withTempDir(async (root) => {
    const dir = path.join(root, "lightning_logs", "version_0");
    fs.mkdirSync(dir, { recursive: true });
    let text = "Train MSE,Valid MSE,epoch,step\n";
    for (let e = 0; e < 8; e++)
      text += `${(0.9 / (e + 1)).toFixed(6)},,${e},${e * 10 + 9}\n,${(1.0 / (e + 1)).toFixed(6)},${e},${e * 10 + 9}\n`;
    fs.writeFileSync(path.join(dir, "metrics.csv"), text);
    const run = (await loadExperiment(root)).runs[0];
    assert.equal(roleOf(run, "Valid MSE"), "val_loss");
    assert.equal(roleOf(run, "Train MSE"), "train_loss");
    assert.deepEqual(preferredRoleKeys(run.roles), { train_loss: "Train MSE", val_loss: "Valid MSE", epoch: "epoch" });
  });
});
