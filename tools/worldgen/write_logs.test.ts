// Every logging style of write_logs.ts, read back by the project's reader: a hand-made raw run
// (the JSON train_torch.py writes: 3 epochs × 4 steps, per-layer samples at level full).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadExperiment } from "../../src/reader/index.ts";
import { runScalars } from "../../src/model/index.ts";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { writeAll } from "./write_logs.ts";

const TFDUMP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/realworld/tools/tfdump.py");

function rawRun(id: string, styles: string[], level: "scalars" | "full") {
  const steps = Array.from({ length: 12 }, (_, i) => ({ step: i + 1, loss: 1.4 - 0.1 * i, lr: 0.01 }));
  const epochs = [0, 1, 2].map((e) => ({
    epoch: e,
    loss: 1.2 - 0.3 * e,
    metric: 0.5 + 0.1 * e,
    val_loss: 1.25 - 0.3 * e,
    val_metric: 0.45 + 0.1 * e,
    lr: 0.01,
    step: 4 * (e + 1),
    true_val: 0.45 + 0.1 * e,
  }));
  const tensors =
    level === "full"
      ? [0, 4, 8, 12].map((s) => ({
          step: s,
          weights: { "fc1.weight": [0.1, -0.2, 0.3 + s / 100], "out.weight": [0.5, -0.5] },
          grads: s ? { "fc1.weight": [0.01, -0.02, 0.03], "out.weight": [0.1, 0.2] } : {},
        }))
      : [];
  const grad_norms =
    level === "full" ? steps.map((s) => ({ step: s.step - 1, per: { "fc1.weight": 0.04, "out.weight": 0.22 }, total: 0.2236 })) : [];
  return {
    id,
    set: "test",
    fault: "healthy",
    variant: "v",
    accepted: [],
    family: { framework: "torch", model: "mlp", dataset: "tab_cls" },
    styles,
    level,
    task: "multiclass",
    metric: "accuracy",
    hparams: {
      optimizer: "SGD",
      learning_rate: 0.01,
      batch_size: 32,
      epochs: 3,
      loss: "categorical_crossentropy",
      output_activation: "softmax",
      num_classes: 4,
      layers: [{ name: "fc1", type: "Linear", weight_shape: [8, 12] }],
    },
    steps,
    epochs,
    tensors,
    grad_norms,
    check: { visible: true, evidence: "learned" },
  };
}

test("every style writes files the reader loads with the logged values, and labels per family", async (t) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-worldgen-"));
  try {
    fs.mkdirSync(path.join(out, "raw"));
    const runs = [
      rawRun("r_full", ["pytorch", "lightning", "add_scalars"], "full"),
      rawRun("r_sc", ["keras_csv", "lightning_csv"], "scalars"),
    ];
    for (const r of runs) fs.writeFileSync(path.join(out, "raw", `${r.id}.json`), JSON.stringify(r));
    fs.writeFileSync(path.join(out, "raw_index.json"), JSON.stringify({ seed: 1, kept: runs.map((r) => r.id), dropped: [] }));
    const labels = writeAll(out);
    assert.equal(labels.length, 5);
    const byStyle = Object.fromEntries(labels.map((l) => [l.style, l]));
    assert.deepEqual(byStyle.pytorch.inputs, { histograms: true, config: true });
    assert.deepEqual(byStyle.add_scalars.inputs, { histograms: true, config: false });
    assert.deepEqual(byStyle.keras_csv.inputs, { histograms: false, config: true });
    assert.equal(byStyle.lightning_csv.family, "torch/mlp/tab_cls/lightning_csv");
    assert.equal(fs.readdirSync(path.join(out, "labels")).length, 5);

    const exp = await loadExperiment(path.join(out, "logs"));
    const run = (prefix: string) => exp.runs.filter((r) => r.name === prefix || r.name.startsWith(prefix + "/"));
    const keras = run("keras_csv/r_sc")[0];
    const ks = runScalars(keras);
    assert.deepEqual(
      [...ks.get("val_loss")!.values].map((v) => +v.toFixed(2)),
      [1.25, 0.95, 0.65],
    );
    assert.equal(keras.hparams.get("batch_size")?.value, 32);
    const pt = runScalars(run("pytorch/r_full")[0]);
    assert.equal(pt.get("train/loss")!.length, 12);
    assert.equal(pt.get("grad_norm/total")!.length, 3);
    const ptDir = run("pytorch/r_full")[0].dirs[0];
    assert.ok([...ptDir.histograms.keys()].includes("gradients/fc1.weight"), [...ptDir.histograms.keys()].join(","));
    const lt = runScalars(run("lightning/r_full")[0]);
    assert.deepEqual(
      [...lt.get("val_acc")!.values].map((v) => +v.toFixed(2)),
      [0.45, 0.55, 0.65],
    );
    assert.equal(run("lightning/r_full")[0].hparams.get("optimizer")?.value, "SGD");
    const lcsv = runScalars(run("lightning_csv/r_sc")[0]);
    const stepLoss = lcsv.get("train_loss_step")!;
    assert.ok(stepLoss.length >= 1 && [...stepLoss.steps].includes(9), [...stepLoss.steps].join(","));
    assert.equal(lcsv.get("val_loss")!.length, 3);
    const sib = run("add_scalars/r_full");
    const tags = sib.flatMap((r) => [...runScalars(r).keys()]);
    assert.ok(tags.some((t) => /Loss/.test(t)) && tags.some((t) => /Accuracy/.test(t)), tags.join(","));

    // the independent stdlib decoder reads the same event file without a CRC error
    if (fs.existsSync(TFDUMP)) {
      const dir = path.join(out, "logs", "pytorch", "r_full");
      const ev = fs.readdirSync(dir).find((f) => f.startsWith("events.out.tfevents"))!;
      const dump = execFileSync("python3", [TFDUMP, path.join(dir, ev)], { encoding: "utf8" });
      assert.match(dump, /bad_data_crc: 0/);
      assert.match(dump, /train\/loss\s+scalar\S*\s+n=12\s+steps 1\.\.12/);
      assert.match(dump, /gradients\/fc1\.weight\s+histo/);
    } else t.diagnostic("../shared/realworld absent: the independent decoder check is skipped");
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
