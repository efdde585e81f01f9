// Roles on the real fixture runs: what a diagnosis would take as training loss, validation loss,
// accuracy, learning rate and per-layer data, for each writer's naming convention.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { preferredRoleKeys, runScalars, type TrainingRun } from "../model/index.ts";
import { discoverLogdir, loadExperiment, loadRun, refreshRun } from "./index.ts";
import { FIXTURES_DIR, manifest, tempDir } from "./reader_test_util.ts";

let runs: Map<string, TrainingRun> | undefined;
async function fixtureRuns(): Promise<Map<string, TrainingRun>> {
  if (!runs) {
    const exp = await loadExperiment(FIXTURES_DIR);
    runs = new Map(exp.runs.map((r) => [r.name, r]));
  }
  return runs;
}

function layers(run: TrainingRun, role: string): string[] {
  return [...new Set(run.roles.filter((r) => r.role === role).map((r) => r.layer!))].sort();
}

test("roles of the PyTorch, tensorboardX, Lightning, Keras, pandas and MindSpore fixture runs", async () => {
  const all = await fixtureRuns();
  const expect: Record<string, Record<string, string>> = {
    "generated/pytorch/mlp": { train_loss: "loss/train", val_loss: "Loss_val/Loss", val_accuracy: "acc/val", learning_rate: "lr" },
    "generated/tensorboardx/mlp": { train_loss: "loss/train", val_loss: "loss/val", val_accuracy: "acc/val" },
    "generated/lightning/tensorboard/lightning_logs/version_0": {
      train_loss: "train_loss_step",
      val_loss: "val_loss",
      val_accuracy: "val_acc",
      learning_rate: "lr-SGD",
      epoch: "epoch",
    },
    "generated/lightning/csv/lightning_logs/version_0": {
      train_loss: "train_loss_step",
      val_loss: "val_loss",
      val_accuracy: "val_acc",
      learning_rate: "lr-SGD",
      epoch: "epoch",
    },
    "generated/keras/classifier": { train_loss: "loss", val_loss: "val_loss", train_accuracy: "accuracy", val_accuracy: "val_accuracy" },
    "generated/keras/diverging": { train_loss: "loss", val_loss: "val_loss" },
    "generated/pandas/training_log": {
      train_loss: "train_loss",
      val_loss: "val_loss",
      train_accuracy: "train_acc",
      val_accuracy: "val_acc",
    },
    "generated/mindspore/lenet_summary": { train_loss: "loss/auto", learning_rate: "learning_rate" },
    "tensorboard/wandb": {
      train_loss: "batch_loss",
      val_loss: "epoch_val_loss",
      train_accuracy: "batch_acc",
      val_accuracy: "epoch_val_acc",
    },
    "tensorboard/guildai/model-proxies/logs": { train_loss: "loss", val_loss: "val_loss", train_accuracy: "acc", val_accuracy: "val_acc" },
  };
  for (const [name, roles] of Object.entries(expect)) {
    const run = all.get(name);
    assert.ok(run, name);
    assert.deepEqual(preferredRoleKeys(run.roles), roles, name);
    // every scalar, histogram and tensor has exactly one assignment with a rule
    const keys = run.roles.map((r) => `${r.kind}:${r.key}`);
    assert.equal(new Set(keys).size, keys.length, name);
    assert.ok(run.roles.every((r) => r.rule.length > 0));
    assert.equal(run.roles.filter((r) => r.kind === "scalar").length, runScalars(run).size, name);
  }
  const mlp = all.get("generated/pytorch/mlp")!;
  assert.deepEqual(layers(mlp, "grad_hist"), ["fc1.weight", "fc2.bias"]);
  assert.ok(layers(mlp, "weight_hist").includes("fc1.weight"));
  assert.ok(mlp.roles.filter((r) => r.role === "train_loss").length >= 3, "step- and add_scalars-level training losses are all kept");
  const lightning = all.get("generated/lightning/tensorboard/lightning_logs/version_0")!;
  assert.deepEqual(layers(lightning, "grad_norm"), ["net.fc1.bias", "net.fc1.weight", "net.fc2.bias", "net.fc2.weight"]);
  assert.ok(lightning.roles.some((r) => r.key === "grad_2.0_norm_total" && r.role === "grad_norm_total"));
  assert.ok(lightning.roles.some((r) => r.key === "train_loss_epoch" && r.role === "train_loss" && r.granularity === "epoch"));
  const ms = all.get("generated/mindspore/lenet_summary")!;
  assert.deepEqual(layers(ms, "grad_hist"), ["fc3.weight"]);
  assert.ok(layers(ms, "weight_hist").includes("conv1.weight"));
  // Tags that are not training curves are "other", not guessed.
  assert.ok(all.get("tensorboard/tensorboard-reducer/lax/run_1")!.roles.every((r) => r.role === "other"));
});

test("hyper-parameters of the fixture runs: plugin, hparams.yaml and MindSpore lineage, each with its source", async () => {
  const all = await fixtureRuns();
  const yaml = manifest().generated_files.find(
    (f) => f.path.startsWith("generated/lightning/tensorboard/") && f.format === "hparams_yaml",
  )!;
  const lightning = all.get("generated/lightning/tensorboard/lightning_logs/version_0")!;
  for (const [k, v] of Object.entries(yaml.hparams as Record<string, unknown>)) {
    assert.equal(lightning.hparams.get(k)?.value, v, k);
  }
  assert.deepEqual(lightning.hparamConflicts, [], "the plugin and hparams.yaml agree");
  const kinds = new Set(lightning.dirs.flatMap((d) => d.hparams.map((h) => h.sourceKind)));
  assert.ok(kinds.has("hparams_yaml"));
  const mlp = all.get("generated/pytorch/mlp")!;
  const fromPlugin = [...mlp.hparams.values()];
  assert.ok(
    fromPlugin.length > 0 &&
      fromPlugin.every((h) => h.sourceKind === "hparams_plugin" && h.source.startsWith("generated/pytorch/mlp/1795")),
    "add_hparams sub-directory merged into the run",
  );
  const ms = all.get("generated/mindspore/lenet_summary")!;
  assert.ok([...ms.hparams.values()].some((h) => h.sourceKind === "mindspore_lineage"));
});

test("a growing event file is read incrementally by refreshRun, cut anywhere", async () => {
  const entry = manifest().generated_files.find((f) => f.path === "generated/tensorboardx/mlp/events.out.tfevents.1795425878.vm")!;
  const tags = entry.tags as Record<string, { kind: string; count: number }>;
  const bytes = fs.readFileSync(path.join(FIXTURES_DIR, entry.path));
  const root = tempDir();
  try {
    const file = path.join(root, "run", path.basename(entry.path));
    fs.mkdirSync(path.dirname(file));
    const cut1 = Math.floor(bytes.length / 3) + 7,
      cut2 = Math.floor((2 * bytes.length) / 3) + 3;
    fs.writeFileSync(file, bytes.subarray(0, cut1));
    const disc = await discoverLogdir(root);
    const run = await loadRun(disc.root, disc.runs[0]);
    const before = run.dirs[0].scalars.get("loss/train")!.length;
    assert.ok(before > 0 && before < tags["loss/train"].count);
    fs.appendFileSync(file, bytes.subarray(cut1, cut2));
    assert.equal(await refreshRun(root, run), true);
    const mid = run.dirs[0].scalars.get("loss/train")!.length;
    assert.ok(mid > before && mid < tags["loss/train"].count);
    fs.appendFileSync(file, bytes.subarray(cut2));
    assert.equal(await refreshRun(root, run), true);
    for (const [tag, t] of Object.entries(tags)) if (t.kind === "scalar") assert.equal(run.dirs[0].scalars.get(tag)!.length, t.count, tag);
    assert.equal(run.dirs[0].sources[0].readOffset, bytes.length);
    assert.ok(!run.problems.some((p) => p.severity === "error"), JSON.stringify(run.problems));
    assert.equal(await refreshRun(root, run), false);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
