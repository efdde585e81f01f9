// Restyling: hand-built runs in three of the zoo's conventions (PyTorch tags with per-step loss,
// Keras train/ + validation/, a CSVLogger history.csv) are re-written in every style, read back
// through the public reader, and must show a training loss, a validation loss and a validation
// accuracy (with the right scale of steps: per-step curves keep their step count).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SummaryWriter } from "../../src/recorder/index.ts";
import { loadExperiment } from "../../src/reader/index.ts";
import { preferredRoleKeys, runScalars } from "../../src/model/index.ts";
import { STYLES, canonicalize, restyleZoo } from "./restyle.ts";

const E = 8,
  SPE = 12,
  BS = 32;
const trainLoss = (s: number) => 1.1 * Math.exp(-s / 40) + 0.05 + 0.02 * Math.sin(s * 1.7);
const valLoss = (e: number) => 1.0 * Math.exp(-e / 3) + 0.1;
const valAcc = (e: number) => 0.33 + 0.6 * (1 - Math.exp(-e / 2));

function writeZoo(root: string): void {
  let t = 1_700_000_000;
  const clock = () => (t += 0.01);
  const opts = (i: number) => ({ clock, host: "t", pid: 1, fileIndex: i, flushSecs: 0 });
  // PyTorch tutorial tags: per-step training loss and lr, per-epoch validation
  const w = new SummaryWriter(path.join(root, "a_pytorch"), opts(0));
  for (let s = 0; s < E * SPE; s++) {
    w.addScalar("Loss/train", trainLoss(s), s);
    w.addScalar("learning_rate", 0.01, s);
  }
  for (let e = 0; e < E; e++) {
    w.addScalar("Loss/val", valLoss(e), e);
    w.addScalar("Accuracy/val", valAcc(e), e);
    w.addScalar("Accuracy/train", valAcc(e) + 0.02, e);
  }
  w.close();
  fs.writeFileSync(
    path.join(root, "a_pytorch", "hparams.json"),
    JSON.stringify({ lr: 0.01, batch_size: BS, epochs: E, optimizer: "adam" }),
  );
  // Keras train/ + validation/
  const tr = new SummaryWriter(path.join(root, "b_keras", "train"), opts(1)),
    va = new SummaryWriter(path.join(root, "b_keras", "validation"), opts(2));
  for (let s = 0; s < E * SPE; s++) tr.addScalar("batch_loss", trainLoss(s), s);
  for (let e = 0; e < E; e++) {
    tr.addScalar("epoch_loss", trainLoss(e * SPE + 6), e);
    tr.addScalar("epoch_accuracy", valAcc(e), e);
    tr.addScalar("epoch_learning_rate", 0.01, e);
    va.addScalar("epoch_loss", valLoss(e), e);
    va.addScalar("epoch_accuracy", valAcc(e), e);
  }
  tr.close();
  va.close();
  // Keras CSVLogger
  fs.mkdirSync(path.join(root, "c_csv"));
  const rows = ["epoch,accuracy,learning_rate,loss,val_accuracy,val_loss"];
  for (let e = 0; e < E; e++) rows.push([e, valAcc(e), 0.01, trainLoss(e * SPE + 6), valAcc(e), valLoss(e)].join(","));
  fs.writeFileSync(path.join(root, "c_csv", "history.csv"), rows.join("\n") + "\n");
  const config = { n_train: SPE * BS, batch_size: BS, classes: 3 };
  fs.writeFileSync(
    path.join(root, "labels.json"),
    JSON.stringify({
      schema: 1,
      runs: ["a_pytorch", "b_keras", "c_csv"].map((p) => ({ path: p, fault: "healthy", variant: "v", config })),
    }),
  );
}

test("every style keeps train_loss, val_loss and val_accuracy findable, with labels.json beside", { timeout: 20_000 }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-restyle-"));
  try {
    const zoo = path.join(root, "zoo");
    fs.mkdirSync(zoo);
    writeZoo(zoo);
    const orig = await loadExperiment(zoo);
    assert.equal(orig.runs.length, 3);
    for (const r of orig.runs) {
      const c = canonicalize(r, { nTrain: SPE * BS, batchSize: BS, classes: 3 });
      assert.equal(c.epochs, E, r.name);
      assert.equal(c.stepsPerEpoch, SPE, r.name);
      assert.equal(c.epochValLoss?.length, E);
      assert.equal(c.metric, "accuracy");
    }
    for (const style of STYLES) {
      const out = path.join(root, style);
      const res = await restyleZoo(zoo, out, style);
      assert.equal(res.runs, 3, style);
      assert.ok(fs.existsSync(path.join(out, "labels.json")), style);
      const exp = await loadExperiment(out);
      assert.deepEqual(exp.runs.map((r) => r.name).sort(), ["a_pytorch", "b_keras", "c_csv"], style);
      for (const r of exp.runs) {
        const keys = preferredRoleKeys(r.roles);
        const where = `${style} ${r.name}: ${JSON.stringify(keys)}`;
        assert.ok(keys.train_loss, `train_loss in ${where}`);
        assert.ok(keys.val_loss, `val_loss in ${where}`);
        assert.ok(keys.val_accuracy, `val_accuracy in ${where}`);
        const sc = runScalars(r);
        assert.equal(sc.get(keys.val_loss!)!.length, E, `val_loss points in ${where}`);
        const perStep = r.name !== "c_csv" && !["timm_csv", "fastai_csv", "keras_tb_v2"].includes(style);
        const n = sc.get(keys.train_loss!)!.length;
        if (perStep) assert.equal(n, style === "sparse_logging" ? ((E * SPE) / 10) | 0 : E * SPE, `train_loss points in ${where}`);
        else assert.equal(n, E, `train_loss points in ${where}`);
      }
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
