// JSON scalar logs as the tools write them: detectron2 metrics.json (JSON lines, `iteration`),
// MMEngine scalars.json (`step`), MMCV *.log.json (`mode`, an `iter` that restarts every epoch),
// a Keras History dump (history.json) and an array of records; bad lines reported with their
// offset, a line still being written not reported, Python's NaN read, and a re-read that replaces.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { classifyFileName, loadExperiment, refreshRun } from "./logdir.ts";
import { preferredRoleKeys, runScalars } from "../model/index.ts";
import { withTempDir } from "./reader_test_util.ts";
import { parseJsonLog } from "./json_log.ts";

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

test("JSON log names", () => {
  for (const n of ["metrics.json", "scalars.json", "history.json", "20240101_120000.log.json", "train_log.jsonl"])
    assert.equal(classifyFileName(n), "json_log", n);
  assert.equal(classifyFileName("hparams.json"), "hparams_json");
});

test("detectron2 metrics.json beside config.yaml: total_loss is the main loss, evaluation lines at their iteration", async () => {
  await withTempDir(async (root) => {
    const lines: string[] = [];
    for (let it = 19; it < 200; it += 20)
      lines.push(
        JSON.stringify({
          data_time: 0.002,
          eta_seconds: 100,
          "fast_rcnn/cls_accuracy": 0.8 + it / 2000,
          iteration: it,
          loss_box_reg: 0.3,
          loss_cls: 0.5 - it / 1000,
          lr: 0.00025,
          time: 0.3,
          total_loss: 1.2 - it / 400,
        }),
      );
    lines.push(JSON.stringify({ "bbox/AP": 31.2, "bbox/AP50": 52.1, iteration: 199 }));
    write(root, "output/metrics.json", lines.join("\n") + "\n");
    write(root, "output/config.yaml", "SOLVER:\n  BASE_LR: 0.00025\n  IMS_PER_BATCH: 2\nMODEL:\n  META_ARCHITECTURE: GeneralizedRCNN\n");
    const run = (await loadExperiment(root)).runs[0];
    const sc = runScalars(run);
    assert.equal(sc.get("total_loss")?.length, 10);
    assert.deepEqual([...sc.get("bbox/AP")!.steps], [199]);
    assert.equal(sc.get("loss_cls")!.values[0], 0.5 - 19 / 1000);
    assert.equal(preferredRoleKeys(run.roles).train_loss, "total_loss");
    assert.equal(run.hparams.get("SOLVER.BASE_LR")?.value, 0.00025);
    assert.deepEqual(run.problems, []);
  });
});

test("MMEngine scalars.json and MMCV log.json: train and val records, a restarting iter ordered by the records", async () => {
  await withTempDir(async (root) => {
    write(
      root,
      "work_dirs/a/20240101_120000/vis_data/scalars.json",
      [
        { lr: 0.02, loss: 1.5, loss_cls: 0.9, epoch: 1, iter: 50, step: 50 },
        { lr: 0.02, loss: 1.1, loss_cls: 0.7, epoch: 1, iter: 100, step: 100 },
        { "coco/bbox_mAP": 0.12, step: 1 },
      ]
        .map((o) => JSON.stringify(o))
        .join("\n") + "\n",
    );
    const mm = [
      { mode: "train", epoch: 1, iter: 50, lr: 0.02, loss: 1.5 },
      { mode: "train", epoch: 1, iter: 100, lr: 0.02, loss: 1.2 },
      { mode: "val", epoch: 1, iter: 20, loss: 1.4, bbox_mAP: 0.1 },
      { mode: "train", epoch: 2, iter: 50, lr: 0.02, loss: 1.0 },
    ];
    write(
      root,
      "mmcv/20240101_120000.log.json",
      JSON.stringify({ env_info: "sys.platform: linux", config: "model = dict()" }) +
        "\n" +
        mm.map((o) => JSON.stringify(o)).join("\n") +
        "\n",
    );
    const exp = await loadExperiment(root);
    const byName = Object.fromEntries(exp.runs.map((r) => [r.name, r]));
    // the run is MMEngine's timestamp directory, vis_data/ one of its directories
    const a = runScalars(byName["work_dirs/a/20240101_120000"]);
    assert.deepEqual([...a.get("vis_data/loss")!.steps], [50, 100]);
    const b = byName.mmcv;
    const sc = runScalars(b);
    // the restarting `iter` gives way to the record order
    assert.deepEqual([...sc.get("loss")!.steps], [1, 2, 4]);
    assert.deepEqual([...sc.get("loss")!.values], [1.5, 1.2, 1.0]);
    assert.deepEqual([...sc.get("val/loss")!.values], [1.4]);
    const keys = preferredRoleKeys(b.roles);
    assert.equal(keys.train_loss, "loss");
    assert.equal(keys.val_loss, "val/loss");
  });
});

test("a Keras History dump: one value per epoch, validation keys as validation curves", async () => {
  await withTempDir(async (root) => {
    write(
      root,
      "run1/history.json",
      JSON.stringify({
        loss: [0.9, 0.6, 0.45],
        accuracy: [0.6, 0.75, 0.82],
        val_loss: [0.8, 0.62, 0.55],
        val_accuracy: [0.65, 0.74, 0.79],
      }),
    );
    const run = (await loadExperiment(root)).runs[0];
    const sc = runScalars(run);
    assert.deepEqual([...sc.get("val_loss")!.steps], [0, 1, 2]);
    const keys = preferredRoleKeys(run.roles);
    assert.equal(keys.train_loss, "loss");
    assert.equal(keys.val_accuracy, "val_accuracy");
    assert.ok(
      run.roles.some((r) => r.key === "loss" && r.granularity === "epoch"),
      JSON.stringify(run.roles),
    );
  });
});

test("bad lines: reported with their byte offset, the rest read; a last line still being written is not damage; a re-read replaces", async () => {
  const p = parseJsonLog('{"step": 1, "loss": NaN}\nnot json\n{"step": 3, "loss": 0.5}\n');
  assert.equal(p.records.length, 2);
  assert.ok(Number.isNaN(p.records[0].loss as number));
  assert.deepEqual(
    p.bad.map((b) => b.offset),
    [25],
  );
  await withTempDir(async (root) => {
    write(root, "r/log.jsonl", '{"step": 1, "loss": 1.0}\ngarbage\n{"step": 2, "loss": 0.8}\n{"step": 3, "lo');
    const run = (await loadExperiment(root)).runs[0];
    assert.deepEqual([...runScalars(run).get("loss")!.values], [1.0, 0.8]);
    assert.deepEqual(
      run.problems.map((x) => [x.code, x.offset]),
      [["json", 25]],
    );
    write(root, "r/log.jsonl", '{"step": 1, "loss": 1.0}\ngarbage\n{"step": 2, "loss": 0.8}\n{"step": 3, "loss": 0.7}\n');
    await refreshRun(root, run);
    assert.deepEqual([...runScalars(run).get("loss")!.values], [1.0, 0.8, 0.7]);
    assert.deepEqual(
      run.problems.map((x) => [x.code, x.offset]),
      [["json", 25]],
    );
  });
});
