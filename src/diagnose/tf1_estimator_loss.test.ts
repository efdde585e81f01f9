// TF1 canned estimators (DNNClassifier, LinearClassifier, ...) log `loss` as the SUM of the
// per-example losses over the batch and `average_loss` as their mean, in the model directory and
// in its `eval/` sub-directory. The mean is the training loss the diagnosis must read: the sum grows
// with the batch size and looks like a loss far above chance level.
// The event files are built with the project's own event encoder, with the tags, steps and value
// kinds (`simple_value`, TF1's `global_step/sec`) of a TF 1.x canned-estimator model_dir.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";
import { loadExperiment } from "../reader/index.ts";
import { preferredRoleKeys } from "../model/index.ts";
import { diagnoseRun } from "./index.ts";

function writeEvents(file: string, events: Uint8Array[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, frameRecords(events));
}

test("TF1 canned estimator: average_loss is the training loss, the batch-summed loss raises no loss_too_large", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-tf1-"));
  try {
    const batch = 128,
      classes = 10,
      t0 = 1_600_000_000;
    const train: Uint8Array[] = [fileVersionEvent(t0)];
    const evalEvents: Uint8Array[] = [fileVersionEvent(t0)];
    for (let step = 1; step <= 3001; step += 100) {
      // a classifier from ln(10) = 2.30 down to ~0.30, with a little noise
      const mean = 0.3 + 2.0 * Math.exp(-step / 600) + 0.02 * Math.sin(step);
      train.push(scalarEvent("loss", step, mean * batch, t0 + step / 50));
      train.push(scalarEvent("average_loss", step, mean, t0 + step / 50));
      if (step > 1) train.push(scalarEvent("global_step/sec", step, 48 + (step % 7), t0 + step / 50));
      if ((step - 1) % 500 === 0 && step > 1) {
        const evalMean = mean * 1.05;
        evalEvents.push(scalarEvent("loss", step, evalMean * batch, t0 + step / 50 + 1));
        evalEvents.push(scalarEvent("average_loss", step, evalMean, t0 + step / 50 + 1));
        evalEvents.push(scalarEvent("accuracy", step, Math.min(0.95, 1 - evalMean / 2.6), t0 + step / 50 + 1));
        evalEvents.push(scalarEvent("global_step", step, step, t0 + step / 50 + 1));
      }
    }
    writeEvents(path.join(root, "model", "events.out.tfevents.1600000000.host"), train);
    writeEvents(path.join(root, "model", "eval", "events.out.tfevents.1600000100.host"), evalEvents);
    assert.ok(classes > 0);

    const exp = await loadExperiment(root);
    assert.equal(exp.runs.length, 1);
    const run = exp.runs[0];
    const keys = preferredRoleKeys(run.roles);
    assert.equal(keys.train_loss, "average_loss");
    assert.equal(keys.val_loss, "eval/average_loss");
    assert.equal(keys.val_accuracy, "eval/accuracy");
    // the summed loss keeps its training-loss role (it is one), it is only not the main one
    assert.equal(run.roles.find((r) => r.key === "loss")?.role, "train_loss");
    assert.equal(run.roles.find((r) => r.key === "global_step/sec")?.role, "other");
    const findings = diagnoseRun(run);
    assert.ok(!findings.some((f) => f.symptom === "loss_too_large"), JSON.stringify(findings.map((f) => [f.symptom, f.severity, f.title])));
    assert.ok(!findings.some((f) => f.severity !== "info"), JSON.stringify(findings.map((f) => [f.symptom, f.severity, f.title])));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
