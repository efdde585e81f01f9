// Other tools' configuration files read as hyper-parameters, in the layouts those tools write:
// timm args.yaml beside summary.csv, Ultralytics YOLO args.yaml, YOLOv5 opt.yaml + hyp.yaml,
// detectron2's nested config.yaml, Hydra's .hydra/config.yaml, HF Trainer's output directory
// (trainer_state.json, the model's config.json, checkpoint-N/ directories, events under runs/).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { SummaryWriter } from "../recorder/index.ts";
import { classifyFileName, loadExperiment } from "./logdir.ts";
import { withTempDir } from "./reader_test_util.ts";

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

const hp = (run: { hparams: Map<string, { value: unknown; sourceKind: string }> }, k: string) => run.hparams.get(k)?.value;

test("file names: tool configuration files are hparams files; JSON scalar logs are logs; other JSON/YAML is neither", () => {
  for (const n of ["args.yaml", "opt.yaml", "hyp.yaml", "params.yaml", "config.yaml", "config.yml", "args.yml"])
    assert.equal(classifyFileName(n), "hparams_yaml", n);
  for (const n of ["args.json", "params.json", "config.json", "trainer_state.json", "training_args.json"])
    assert.equal(classifyFileName(n), "hparams_json", n);
  assert.equal(classifyFileName("metrics.json"), "json_log");
  for (const n of ["data.yaml", "hydra.yaml", "overrides.yaml", "tokenizer.json"]) assert.equal(classifyFileName(n), undefined, n);
});

test("timm: args.yaml beside summary.csv is the run's configuration", async () => {
  await withTempDir(async (root) => {
    write(
      root,
      "output/train/20240101-resnet50/summary.csv",
      "epoch,train_loss,eval_loss,eval_top1,eval_top5,lr\n0,6.9,6.8,0.2,1.0,0.1\n1,6.5,6.4,1.1,4.2,0.1\n",
    );
    write(
      root,
      "output/train/20240101-resnet50/args.yaml",
      "batch_size: 128\nepochs: 300\nlr: null\nlr_base: 0.1\nmodel: resnet50\nnum_classes: 1000\nopt: sgd\nmomentum: 0.9\nweight_decay: 2.0e-05\n",
    );
    const exp = await loadExperiment(root);
    assert.equal(exp.runs.length, 1);
    const run = exp.runs[0];
    assert.deepEqual(run.problems, []);
    assert.equal(hp(run, "batch_size"), 128);
    assert.equal(hp(run, "lr"), "null");
    assert.equal(hp(run, "num_classes"), 1000);
    assert.equal(run.hparams.get("opt")?.sourceKind, "config_yaml");
    assert.equal(run.hparams.get("opt")?.source, "output/train/20240101-resnet50/args.yaml");
  });
});

test("Ultralytics YOLO args.yaml and YOLOv5 opt.yaml + hyp.yaml beside results.csv", async () => {
  await withTempDir(async (root) => {
    write(
      root,
      "runs/detect/train/results.csv",
      "                  epoch,      train/box_loss,      train/cls_loss,   metrics/mAP50(B),        val/box_loss\n                      1,              1.2,              3.1,              0.05,              1.3\n                      2,              1.1,              2.5,              0.12,              1.25\n",
    );
    write(
      root,
      "runs/detect/train/args.yaml",
      "task: detect\nmode: train\nmodel: yolov8n.pt\ndata: coco8.yaml\nepochs: 100\nbatch: 16\nimgsz: 640\noptimizer: auto\nlr0: 0.01\nlrf: 0.01\nmomentum: 0.937\nclasses: null\n",
    );
    write(root, "yolov5/runs/train/exp/results.csv", "epoch,train/box_loss,metrics/mAP_0.5\n0,0.1,0.01\n1,0.09,0.05\n");
    write(root, "yolov5/runs/train/exp/opt.yaml", "weights: yolov5s.pt\nepochs: 300\nbatch_size: 16\nimgsz: 640\noptimizer: SGD\n");
    write(root, "yolov5/runs/train/exp/hyp.yaml", "lr0: 0.01\nlrf: 0.01\nmomentum: 0.937\nweight_decay: 0.0005\n");
    const exp = await loadExperiment(root);
    const byName = Object.fromEntries(exp.runs.map((r) => [r.name, r]));
    // Ultralytics' runs/detect/train is a run named by its own directory (not a phase directory)
    assert.deepEqual(Object.keys(byName).sort(), ["runs/detect/train", "yolov5/runs/train/exp"]);
    const y8 = byName["runs/detect/train"],
      y5 = byName["yolov5/runs/train/exp"];
    assert.equal(hp(y8, "batch"), 16);
    assert.equal(hp(y8, "lr0"), 0.01);
    assert.equal(hp(y8, "classes"), "null");
    assert.equal(hp(y5, "batch_size"), 16);
    assert.equal(hp(y5, "lr0"), 0.01);
    assert.equal(y5.hparams.get("lr0")?.source, "yolov5/runs/train/exp/hyp.yaml");
  });
});

test("detectron2 config.yaml: nested keys flattened with dots beside the event file", async () => {
  await withTempDir(async (root) => {
    const w = new SummaryWriter(path.join(root, "output"), { flushSecs: 0 });
    for (let i = 19; i < 100; i += 20) w.addScalar("total_loss", 2 - i / 100, i);
    w.close();
    write(
      root,
      "output/config.yaml",
      [
        "MODEL:",
        "  META_ARCHITECTURE: GeneralizedRCNN",
        "  ROI_HEADS:",
        "    BATCH_SIZE_PER_IMAGE: 512",
        "    NUM_CLASSES: 3",
        "  RETINANET:",
        "    NUM_CLASSES: 80",
        "SOLVER:",
        "  BASE_LR: 0.02",
        "  IMS_PER_BATCH: 16",
        "  MAX_ITER: 90000",
        "  STEPS:",
        "  - 60000",
        "  - 80000",
        "",
      ].join("\n"),
    );
    const exp = await loadExperiment(root);
    assert.equal(exp.runs.length, 1);
    const run = exp.runs[0];
    assert.equal(hp(run, "SOLVER.BASE_LR"), 0.02);
    assert.equal(hp(run, "SOLVER.IMS_PER_BATCH"), 16);
    assert.equal(hp(run, "MODEL.ROI_HEADS.NUM_CLASSES"), 3);
    assert.equal(hp(run, "SOLVER.STEPS"), "[60000,80000]");
    assert.ok(run.dirs[0].scalars.has("total_loss"));
  });
});

test("Hydra: .hydra/config.yaml belongs to the output directory's run; hydra.yaml and overrides.yaml are not read", async () => {
  await withTempDir(async (root) => {
    const out = "outputs/2024-01-01/12-00-00";
    write(
      root,
      `${out}/.hydra/config.yaml`,
      "model:\n  lr: 0.001\n  net:\n    hidden: 64\ntrainer:\n  max_epochs: 20\ndatamodule:\n  batch_size: 64\n",
    );
    write(root, `${out}/.hydra/hydra.yaml`, "hydra:\n  run:\n    dir: outputs/${now:%Y-%m-%d}\n");
    write(root, `${out}/.hydra/overrides.yaml`, "- trainer.max_epochs=20\n");
    write(
      root,
      `${out}/lightning_logs/version_0/metrics.csv`,
      "epoch,step,train_loss,val_loss\n0,9,1.0,\n0,9,,1.1\n1,19,0.8,\n1,19,,0.9\n",
    );
    const exp = await loadExperiment(root);
    assert.equal(exp.runs.length, 1);
    const run = exp.runs[0];
    assert.equal(run.name, out);
    assert.equal(hp(run, "trainer.max_epochs"), 20);
    assert.equal(hp(run, "model.net.hidden"), 64);
    assert.equal(run.hparams.get("model.lr")?.source, `${out}/.hydra/config.yaml`);
    assert.ok(![...run.hparams.keys()].some((k) => k.startsWith("hydra.")));
    assert.deepEqual(run.problems, []);
  });
});

test("HF Trainer output directory: trainer_state.json fields, the model's config.json kept apart, only the last checkpoint's files", async () => {
  await withTempDir(async (root) => {
    const w = new SummaryWriter(path.join(root, "out/runs/Jan01_12-00-00_host"), { flushSecs: 0 });
    for (let s = 1; s <= 30; s++) {
      w.addScalar("train/loss", 1 / s, s);
      w.addScalar("train/epoch", s / 10, s);
    }
    w.close();
    const state = (step: number) =>
      JSON.stringify(
        {
          best_metric: null,
          epoch: step / 10,
          eval_steps: 500,
          global_step: step,
          is_world_process_zero: true,
          log_history: [{ epoch: 0.1, learning_rate: 5e-5, loss: 1.0, step: 1 }],
          logging_steps: 1,
          max_steps: 30,
          num_train_epochs: 3,
          save_steps: 10,
          total_flos: 1e9,
          train_batch_size: 8,
          trial_params: null,
        },
        null,
        2,
      );
    write(root, "out/checkpoint-10/trainer_state.json", state(10));
    write(root, "out/checkpoint-20/trainer_state.json", state(20));
    write(
      root,
      "out/checkpoint-20/config.json",
      JSON.stringify({
        architectures: ["BertForSequenceClassification"],
        model_type: "bert",
        hidden_size: 768,
        num_hidden_layers: 12,
        hidden_act: "gelu",
        id2label: { 0: "NEG", 1: "NEU", 2: "POS" },
        label2id: { NEG: 0, NEU: 1, POS: 2 },
        transformers_version: "4.40.0",
      }),
    );
    write(
      root,
      "out/config.json",
      JSON.stringify({
        architectures: ["BertForSequenceClassification"],
        model_type: "bert",
        hidden_size: 768,
        id2label: { 0: "NEG", 1: "NEU", 2: "POS" },
        transformers_version: "4.40.0",
      }),
    );
    const exp = await loadExperiment(root);
    assert.deepEqual(
      exp.runs.map((r) => r.name),
      ["out"],
    );
    const run = exp.runs[0];
    assert.equal(hp(run, "train_batch_size"), 8);
    assert.equal(hp(run, "num_train_epochs"), 3);
    assert.equal(hp(run, "max_steps"), 30);
    assert.equal(run.hparams.get("max_steps")?.source, "out/checkpoint-20/trainer_state.json");
    assert.equal(run.hparams.get("max_steps")?.sourceKind, "trainer_state");
    for (const k of ["epoch", "global_step", "log_history", "best_metric", "total_flos"]) assert.equal(run.hparams.has(k), false, k);
    // the output directory's own config.json, not the checkpoint's copy
    assert.equal(run.hparams.get("hidden_size")?.source, "out/config.json");
    assert.equal(run.hparams.get("hidden_size")?.sourceKind, "model_config");
    assert.equal(hp(run, "num_labels"), 3);
    assert.equal(run.hparams.has("id2label.0"), false);
    assert.equal(run.hparams.has("num_hidden_layers"), false);
    assert.deepEqual(run.hparamConflicts, []);
  });
});

test("a training config.json (not a model's) is a configuration; a malformed generic file is a warning", async () => {
  await withTempDir(async (root) => {
    write(root, "exp/metrics.csv", "epoch,loss\n0,1.0\n1,0.5\n");
    write(root, "exp/config.json", JSON.stringify({ lr: 0.1, batch_size: 32, optimizer: { name: "sgd", momentum: 0.9 } }));
    write(root, "exp/params.yaml", "lr: [unclosed\n");
    const exp = await loadExperiment(root);
    const run = exp.runs[0];
    assert.equal(hp(run, "optimizer.momentum"), 0.9);
    assert.equal(run.hparams.get("lr")?.sourceKind, "config_json");
    assert.deepEqual(
      run.problems.map((p) => [p.file, p.code, p.severity]),
      [["exp/params.yaml", "hparams", "warning"]],
    );
  });
});
