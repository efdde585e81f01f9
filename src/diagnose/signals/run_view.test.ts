// The run view: accuracy curves logged in percent (timm summary.csv `eval_top1`) are rescaled to
// 0–1 and listed in `accuracyPercent`; fractions and out-of-range values are left alone; the
// hyper-parameter lookups go through the shared alias table (HF, timm, YOLO, detectron2 names).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RunDir, assignRoles, type TrainingRun } from "../../model/index.ts";
import { loadExperiment } from "../../reader/index.ts";
import { buildRunView, hparamFor, hparamNumberFor, hparamStringFor, isPercentCurve } from "./run_view.ts";

test("timm summary.csv: eval_top1 in percent becomes a fraction and is recorded", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ts-runview-"));
  try {
    fs.writeFileSync(
      path.join(tmp, "summary.csv"),
      [
        "epoch,train_loss,eval_loss,eval_top1,eval_top5,lr",
        "0,0.3845796827226877,0.2592524290084839,87.890625,100.0,0.005",
        "1,0.20553272194229066,0.1735784411430359,94.53125,100.0,0.005",
        "2,0.15704927837941796,0.16230840981006622,95.3125,100.0,0.005",
      ].join("\n") + "\n",
    );
    const exp = await loadExperiment(tmp);
    const v = buildRunView(exp.runs[0]);
    assert.equal(v.valAcc?.key, "eval_top1");
    assert.deepEqual(v.valAcc?.values, [0.87890625, 0.9453125, 0.953125]);
    assert.deepEqual(v.accuracyPercent, ["eval_top1"]);
    // the run's own series are untouched
    const raw = exp.runs[0].dirs[0].scalars.get("eval_top1")!;
    assert.equal(raw.values[0], 87.890625);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

function runOf(scalars: Record<string, number[]>): TrainingRun {
  const d = new RunDir("r");
  for (const [tag, vals] of Object.entries(scalars)) {
    const s = d.scalar(tag);
    vals.forEach((v, i) => s.push(i, i, v));
  }
  const run: TrainingRun = { name: "r", dirs: [d], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
  run.roles = assignRoles(run);
  return run;
}

test("fractions, near-1 values and values above 100 are not rescaled; NaN kept", () => {
  const frac = buildRunView(runOf({ loss: [1, 0.5, 0.3], accuracy: [0.5, 0.8, 0.95] }));
  assert.deepEqual(frac.trainAcc?.values, [0.5, 0.8, 0.95]);
  assert.deepEqual(frac.accuracyPercent, []);
  const pct = buildRunView(runOf({ loss: [1, 0.5, 0.3], accuracy: [12.5, NaN, 60], val_accuracy: [10, 40, 55] }));
  assert.deepEqual(pct.trainAcc?.values, [0.125, NaN, 0.6]);
  assert.deepEqual(pct.valAcc?.values, [0.1, 0.4, 0.55]);
  assert.deepEqual([...pct.accuracyPercent].sort(), ["accuracy", "val_accuracy"]);
  assert.equal(isPercentCurve([0.2, 1.2, 1.4]), false); // rounding noise around 1
  assert.equal(isPercentCurve([3, 50, 130]), false); // not a percentage
  assert.equal(isPercentCurve([-1, 50]), false);
  assert.equal(isPercentCurve([NaN, 2]), true);
  assert.equal(isPercentCurve([NaN]), false);
});

test("hyper-parameters by key: HF, timm, YOLO and detectron2 names; ambiguous nested names give nothing", () => {
  const v = buildRunView(runOf({ loss: [1, 0.5] }));
  const set = (hp: Record<string, string | number>, sourceKind = "hparams_json") => {
    v.hparams.clear();
    v.run.hparams.clear();
    for (const [k, x] of Object.entries(hp)) {
      v.hparams.set(k, x);
      v.run.hparams.set(k, { name: k, value: x, sourceKind, source: "f" });
    }
  };
  set({ learning_rate: 5e-5, per_device_train_batch_size: 8, train_batch_size: 16, num_train_epochs: 3, optim: "adamw_torch" });
  assert.equal(hparamNumberFor(v, "learning_rate"), 5e-5);
  assert.equal(hparamNumberFor(v, "batch_size"), 16);
  assert.equal(hparamNumberFor(v, "epochs"), 3);
  assert.equal(hparamStringFor(v, "optimizer"), "adamw_torch");
  set({ lr: "null", lr_base: 0.1, batch_size: 128, epochs: 300, opt: "sgd", num_classes: 1000 });
  assert.equal(hparamNumberFor(v, "learning_rate"), undefined);
  assert.equal(hparamNumberFor(v, "num_classes"), 1000);
  set({ lr0: 0.01, batch: 16, epochs: 100, nc: 80, optimizer: "auto" });
  assert.equal(hparamNumberFor(v, "learning_rate"), 0.01);
  assert.equal(hparamNumberFor(v, "batch_size"), 16);
  assert.equal(hparamNumberFor(v, "num_classes"), 80);
  set({
    "SOLVER.BASE_LR": 0.02,
    "SOLVER.IMS_PER_BATCH": 16,
    "SOLVER.MAX_ITER": 90000,
    "MODEL.RETINANET.NUM_CLASSES": 80,
    "MODEL.ROI_HEADS.NUM_CLASSES": 3,
    "MODEL.SEM_SEG_HEAD.NUM_CLASSES": 54,
    "MODEL.ROI_HEADS.BATCH_SIZE_PER_IMAGE": 512,
  });
  assert.equal(hparamNumberFor(v, "learning_rate"), 0.02);
  assert.equal(hparamNumberFor(v, "batch_size"), 16);
  assert.equal(hparamNumberFor(v, "max_steps"), 90000);
  assert.equal(hparamFor(v, "num_classes", "number")?.name, "MODEL.ROI_HEADS.NUM_CLASSES");
  set({ "generator.lr": 2e-4, "discriminator.lr": 1e-4 });
  assert.equal(hparamNumberFor(v, "learning_rate"), undefined);
  set({ "model.optimizer.lr": 1e-3, "trainer.max_epochs": 20, "data.batch_size": 64 });
  assert.equal(hparamNumberFor(v, "learning_rate"), 1e-3);
  assert.equal(hparamNumberFor(v, "epochs"), 20);
  assert.equal(hparamNumberFor(v, "batch_size"), 64);
});

test("a model architecture file never overrides the training configuration", () => {
  const v = buildRunView(runOf({ loss: [1, 0.5] }));
  const add = (k: string, x: string | number, sourceKind: string) => {
    v.hparams.set(k, x);
    v.run.hparams.set(k, { name: k, value: x, sourceKind, source: sourceKind });
  };
  add("activation", "gelu", "model_config");
  add("num_labels", 3, "model_config");
  add("act", "relu", "hparams_yaml");
  assert.equal(hparamStringFor(v, "activation"), "relu");
  assert.equal(hparamNumberFor(v, "num_classes"), 3);
});

test("detectron2: the NUM_CLASSES of the head MODEL.META_ARCHITECTURE uses", () => {
  const v = buildRunView(runOf({ loss: [1, 0.5] }));
  for (const [k, x] of Object.entries({
    "MODEL.META_ARCHITECTURE": "RetinaNet",
    "MODEL.RETINANET.NUM_CLASSES": 5,
    "MODEL.ROI_HEADS.NUM_CLASSES": 80,
  }))
    v.hparams.set(k, x);
  assert.equal(hparamNumberFor(v, "num_classes"), 5);
  v.hparams.set("MODEL.META_ARCHITECTURE", "GeneralizedRCNN");
  assert.equal(hparamNumberFor(v, "num_classes"), 80);
});
