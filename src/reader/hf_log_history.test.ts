// HF Trainer's trainer_state.json as a scalar source: log_history under the TensorBoard callback's
// names, NaN values as Python's json writes them, no double series beside the event files, and a
// re-read that replaces instead of appending. Files written here, as the Trainer writes them.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { SummaryWriter } from "../recorder/index.ts";
import { loadExperiment, refreshRun } from "./logdir.ts";
import { preferredRoleKeys, runScalars } from "../model/index.ts";
import { withTempDir } from "./reader_test_util.ts";
import { parseJsonWithNonFinite } from "./hparams_file.ts";
import { hfTensorBoardTag } from "./hf_log_history.ts";

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

/** A trainer_state.json as Python's json.dumps writes it (NaN as a bare token), `steps` logging steps, eval every 10. */
function state(steps: number, loss: (s: number) => number): string {
  const h: string[] = [];
  for (let s = 5; s <= steps; s += 5) {
    const l = loss(s);
    h.push(
      `    {\n      "epoch": ${(s / 20).toFixed(2)},\n      "grad_norm": 1.5,\n      "learning_rate": 5e-05,\n      "loss": ${Number.isNaN(l) ? "NaN" : l},\n      "step": ${s}\n    }`,
    );
    if (s % 10 === 0)
      h.push(
        `    {\n      "epoch": ${(s / 20).toFixed(2)},\n      "eval_accuracy": ${0.5 + s / 400},\n      "eval_loss": ${Number.isNaN(l) ? "NaN" : l * 1.1},\n      "eval_runtime": 1.2,\n      "step": ${s}\n    }`,
      );
  }
  return `{\n  "best_metric": null,\n  "epoch": ${steps / 20},\n  "global_step": ${steps},\n  "log_history": [\n${h.join(",\n")}\n  ],\n  "logging_steps": 5,\n  "max_steps": ${steps},\n  "num_train_epochs": ${steps / 20},\n  "train_batch_size": 16\n}\n`;
}

test("the TensorBoard callback's names for log_history keys", () => {
  assert.equal(hfTensorBoardTag("loss"), "train/loss");
  assert.equal(hfTensorBoardTag("eval_loss"), "eval/loss");
  assert.equal(hfTensorBoardTag("test_accuracy"), "test/accuracy");
  assert.equal(hfTensorBoardTag("learning_rate"), "train/learning_rate");
});

test("Python's bare NaN and Infinity tokens parse as numbers", () => {
  const v = parseJsonWithNonFinite('{"a": NaN, "b": [1, Infinity, -Infinity], "c": "NaN text"}') as Record<string, unknown>;
  assert.ok(Number.isNaN(v.a as number));
  assert.deepEqual(v.b, [1, Infinity, -Infinity]);
  assert.equal(v.c, "NaN text");
});

test("an HF output directory with only trainer_state.json: its log_history is the run's scalars", async () => {
  await withTempDir(async (root) => {
    write(
      root,
      "out/checkpoint-40/trainer_state.json",
      state(40, (s) => 0.7 * Math.exp(-s / 30)),
    );
    write(
      root,
      "out/checkpoint-40/config.json",
      '{"model_type": "bert", "architectures": ["BertForSequenceClassification"], "transformers_version": "4.40.0", "id2label": {"0": "NEG", "1": "POS"}}',
    );
    const exp = await loadExperiment(root);
    assert.equal(exp.runs.length, 1);
    const run = exp.runs[0];
    const sc = runScalars(run);
    assert.equal(sc.get("train/loss")?.length, 8);
    assert.equal(sc.get("eval/loss")?.length, 4);
    assert.deepEqual([...sc.get("eval/accuracy")!.steps], [10, 20, 30, 40]);
    assert.equal(sc.get("eval/accuracy")!.values[3], 0.6);
    const keys = preferredRoleKeys(run.roles);
    assert.equal(keys.train_loss, "train/loss");
    assert.equal(keys.val_loss, "eval/loss");
    assert.equal(keys.val_accuracy, "eval/accuracy");
    assert.equal(run.hparams.get("train_batch_size")?.value, 16);
  });
});

test("a NaN loss in log_history is kept as NaN, and the rest of the file still loads", async () => {
  await withTempDir(async (root) => {
    write(
      root,
      "out/trainer_state.json",
      state(40, (s) => (s >= 25 ? NaN : 0.7)),
    );
    const run = (await loadExperiment(root)).runs[0];
    const loss = runScalars(run).get("train/loss")!;
    assert.equal(loss.length, 8);
    assert.equal(loss.nonFinite.nan, 4);
    assert.deepEqual(
      run.problems.filter((p) => p.severity === "error"),
      [],
    );
  });
});

test("beside the Trainer's event files, the log_history copy of a tag is dropped; a re-read replaces it", async () => {
  await withTempDir(async (root) => {
    const w = new SummaryWriter(path.join(root, "out/runs/Dec02_10-00-00_host"), { flushSecs: 0 });
    for (let s = 5; s <= 40; s += 5) w.addScalar("train/loss", 0.7 * Math.exp(-s / 30), s);
    w.close();
    write(
      root,
      "out/trainer_state.json",
      state(40, (s) => 0.7 * Math.exp(-s / 30)),
    );
    const exp = await loadExperiment(root);
    assert.equal(exp.runs.length, 1, exp.runs.map((r) => r.name).join(","));
    const run = exp.runs[0];
    const losses = [...runScalars(run).keys()].filter((k) => k.endsWith("train/loss"));
    assert.deepEqual(losses, ["runs/Dec02_10-00-00_host/train/loss"]);
    // eval values exist only in the state file: kept
    assert.equal(runScalars(run).get("eval/loss")?.length, 4);
    // the Trainer rewrites the file at every save: the new history replaces the old one
    write(
      root,
      "out/trainer_state.json",
      state(60, (s) => 0.7 * Math.exp(-s / 30)),
    );
    await refreshRun(root, run);
    assert.equal(runScalars(run).get("eval/loss")?.length, 6);
  });
});
