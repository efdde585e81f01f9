// Convention loggers: write what a zoo run logs the way a given framework's users would.
//  pytorch     — tutorial tags `Loss/train` (per step), `Loss/val`, `Accuracy/train|val` (per epoch,
//                x axis epoch or global step), `learning_rate`; full: `fc1.weight`, `fc1.weight.grad`,
//                `activations/fc1` histograms, `grad_norm/fc1.weight` scalars; hparams plugin + hparams.json.
//  lightning   — `lightning_logs/version_0/`: `train_loss_step`, `train_loss_epoch`, `train_acc_epoch`,
//                `val_loss`, `val_acc`, `epoch`, `lr-<Optimizer>`; full: `grad_2.0_norm/<param>`,
//                `grad_2.0_norm_total`, parameter histograms; hparams.yaml; optionally metrics.csv.
//  keras       — `train/` + `validation/` with `epoch_loss`, `epoch_accuracy|epoch_mae`,
//                `epoch_learning_rate` (train) and `batch_loss`; full: `fc1/kernel_0`, `fc1/kernel_0_grad`,
//                `activations/fc1` histograms in train/.
//  add_scalars — PyTorch `add_scalars`: sibling dirs `Loss_train/`, `Loss_val/` (tag `Loss`),
//                `Accuracy_train/`, `Accuracy_val/` (tag `Accuracy`); main dir `learning_rate` + histograms.
//  csv         — Keras CSVLogger `history.csv` (epoch, <metric>, loss, lr, val_<metric>, val_loss) + hparams.json.
// Every event file goes through the recorder's SummaryWriter with a deterministic clock and name.

import * as fs from "node:fs";
import * as path from "node:path";
import { stringify as yamlStringify } from "yaml";
import { SummaryWriter } from "../../src/recorder/index.ts";
import type { EpochRecord, History, NamedValues, RunSink, StepRecord } from "./train.ts";
import type { RunSpec } from "./spec.ts";

/** Flat hyper-parameters of a run (what a user would log). */
export function hparamsOf(spec: RunSpec): Record<string, string | number | boolean> {
  return {
    model: spec.model.arch,
    hidden: spec.model.hidden.join("x"),
    activation: spec.model.activation,
    optimizer: spec.optimizer,
    lr: spec.lr,
    schedule: spec.schedule,
    batch_size: spec.batchSize,
    epochs: spec.epochs,
    dataset: spec.dataset,
    loss: spec.loss,
    output_activation: spec.model.outputActivation,
    dropout: spec.model.dropout ?? 0,
    seed: spec.seed,
  };
}

const OPT_CLASS: Record<string, string> = { sgd: "SGD", momentum: "SGD", adam: "Adam", rmsprop: "RMSprop", adagrad: "Adagrad" };

/** `fc1/kernel` → `fc1.weight` (PyTorch names) or `fc1/kernel_0` (Keras names). */
function torchName(n: string): string {
  const [layer, w] = n.split("/");
  const map: Record<string, string> = { kernel: "weight", bias: "bias", recurrent_kernel: "weight_hh" };
  return `${layer}.${map[w] ?? w}`;
}
function kerasName(n: string): string {
  return `${n}_0`;
}

function fmtCsv(x: number | undefined): string {
  if (x === undefined) return "";
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return String(x);
}

export function makeSink(spec: RunSpec, runDir: string, runIndex: number): RunSink {
  const base = 1_700_000_000 + runIndex * 10_000;
  let t = base;
  const clock = () => (t += 0.01);
  const writers: SummaryWriter[] = [];
  const open = (dir: string) => {
    const w = new SummaryWriter(dir, { clock, host: "zoo", pid: 1000 + runIndex, fileIndex: writers.length, flushSecs: 0, maxQueue: 256 });
    writers.push(w);
    return w;
  };
  const full = spec.level === "full";
  const metric = spec.dataset === "regression" || spec.dataset === "adding" ? "mae" : "accuracy";
  const hp = hparamsOf(spec);
  const closeAll = async () => {
    for (const w of writers) w.close();
  };

  switch (spec.convention) {
    case "pytorch": {
      const w = open(runDir);
      const x = (e: EpochRecord) => (spec.epochAxis === "epoch" ? e.epoch : e.step);
      const Metric = metric === "accuracy" ? "Accuracy" : "MAE";
      return {
        step(r: StepRecord) {
          w.addScalar("Loss/train", r.loss, r.step);
          w.addScalar("learning_rate", r.lr, r.step);
          if (full) for (const [n, v] of Object.entries(r.gradNorms)) w.addScalar(`grad_norm/${torchName(n)}`, v, r.step);
        },
        epoch(e) {
          w.addScalar("Loss/val", e.valLoss, x(e));
          if (e.trainMetric !== undefined) w.addScalar(`${Metric}/train`, e.trainMetric, x(e));
          if (e.valMetric !== undefined) w.addScalar(`${Metric}/val`, e.valMetric, x(e));
        },
        tensors(step, weights, grads, acts) {
          torchHistograms(w, step, weights, grads, acts);
        },
        async close(h: History) {
          w.addHparams(hp, ["Loss/val", `${Metric}/val`]);
          w.addText("notes", `fault-zoo run ${spec.id}: ${spec.model.arch} on ${spec.dataset}`, 0);
          void h;
          await closeAll();
        },
      };
    }
    case "lightning": {
      const dir = path.join(runDir, "lightning_logs", "version_0");
      const w = open(dir);
      const lrTag = `lr-${OPT_CLASS[spec.optimizer]}`;
      const short = metric === "accuracy" ? "acc" : "mae";
      const rows: Record<string, string | number>[] = [];
      return {
        step(r) {
          w.addScalar(lrTag, r.lr, r.step);
          w.addScalar("train_loss_step", r.loss, r.step);
          w.addScalar("epoch", r.epoch, r.step);
          rows.push({ [lrTag]: r.lr, step: r.step });
          const row: Record<string, string | number> = { epoch: r.epoch, step: r.step, train_loss_step: fmtCsv(r.loss) };
          if (full) {
            let tot = 0;
            for (const [n, v] of Object.entries(r.gradNorms)) {
              w.addScalar(`grad_2.0_norm/${torchName(n)}`, v, r.step);
              row[`grad_2.0_norm/${torchName(n)}`] = fmtCsv(v);
              tot += v * v;
            }
            w.addScalar("grad_2.0_norm_total", Math.sqrt(tot), r.step);
            row["grad_2.0_norm_total"] = fmtCsv(Math.sqrt(tot));
          }
          rows.push(row);
        },
        epoch(e) {
          const s = e.step - 1;
          w.addScalar("val_loss", e.valLoss, s);
          if (e.valMetric !== undefined) w.addScalar(`val_${short}`, e.valMetric, s);
          w.addScalar("epoch", e.epoch, s);
          w.addScalar("train_loss_epoch", e.trainLoss, s);
          if (e.trainMetric !== undefined) w.addScalar(`train_${short}_epoch`, e.trainMetric, s);
          rows.push({ epoch: e.epoch, step: s, val_loss: fmtCsv(e.valLoss), [`val_${short}`]: fmtCsv(e.valMetric) });
          rows.push({ epoch: e.epoch, step: s, train_loss_epoch: fmtCsv(e.trainLoss), [`train_${short}_epoch`]: fmtCsv(e.trainMetric) });
        },
        tensors(step, weights) {
          for (const v of weights) w.addHistogram(torchName(v.name), v.values, step);
        },
        async close() {
          fs.writeFileSync(path.join(dir, "hparams.yaml"), yamlStringify(hp));
          if (spec.lightningCsv) {
            const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
            const lines = [cols.join(","), ...rows.map((r) => cols.map((c) => (r[c] === undefined ? "" : String(r[c]))).join(","))];
            fs.writeFileSync(path.join(dir, "metrics.csv"), lines.join("\n") + "\n");
          }
          await closeAll();
        },
      };
    }
    case "keras": {
      const tr = open(path.join(runDir, "train"));
      const va = open(path.join(runDir, "validation"));
      return {
        step(r) {
          tr.addScalar("batch_loss", r.loss, r.step);
        },
        epoch(e) {
          tr.addScalar("epoch_loss", e.trainLoss, e.epoch);
          if (e.trainMetric !== undefined) tr.addScalar(`epoch_${metric}`, e.trainMetric, e.epoch);
          tr.addScalar("epoch_learning_rate", e.lr, e.epoch);
          va.addScalar("epoch_loss", e.valLoss, e.epoch);
          if (e.valMetric !== undefined) va.addScalar(`epoch_${metric}`, e.valMetric, e.epoch);
        },
        tensors(step, weights, grads, acts) {
          for (const v of weights) tr.addHistogram(kerasName(v.name), v.values, step);
          for (const v of grads) tr.addHistogram(`${kerasName(v.name)}_grad`, v.values, step);
          for (const v of acts) tr.addHistogram(`activations/${v.name}`, v.values, step);
        },
        async close() {
          fs.writeFileSync(path.join(runDir, "hparams.json"), JSON.stringify(hp, null, 2) + "\n");
          await closeAll();
        },
      };
    }
    case "add_scalars": {
      const main = open(runDir);
      const Metric = metric === "accuracy" ? "Accuracy" : "MAE";
      const sib = (k: string) => open(path.join(runDir, k));
      const lt = sib("Loss_train"),
        lv = sib("Loss_val");
      const at = sib(`${Metric}_train`),
        av = sib(`${Metric}_val`);
      return {
        step(r) {
          main.addScalar("learning_rate", r.lr, r.step);
        },
        epoch(e) {
          lt.addScalar("Loss", e.trainLoss, e.epoch);
          lv.addScalar("Loss", e.valLoss, e.epoch);
          if (e.trainMetric !== undefined) at.addScalar(Metric, e.trainMetric, e.epoch);
          if (e.valMetric !== undefined) av.addScalar(Metric, e.valMetric, e.epoch);
        },
        tensors(step, weights, grads, acts) {
          torchHistograms(main, step, weights, grads, acts);
        },
        async close() {
          main.addHparams(hp, ["Loss"]);
          await closeAll();
        },
      };
    }
    case "csv": {
      const rows: string[] = [];
      const header = ["epoch", metric, "learning_rate", "loss", `val_${metric}`, "val_loss"];
      return {
        step() {},
        epoch(e) {
          rows.push([e.epoch, fmtCsv(e.trainMetric), fmtCsv(e.lr), fmtCsv(e.trainLoss), fmtCsv(e.valMetric), fmtCsv(e.valLoss)].join(","));
        },
        tensors() {},
        async close() {
          fs.mkdirSync(runDir, { recursive: true });
          fs.writeFileSync(path.join(runDir, "history.csv"), [header.join(","), ...rows].join("\n") + "\n");
          fs.writeFileSync(path.join(runDir, "hparams.json"), JSON.stringify(hp, null, 2) + "\n");
        },
      };
    }
  }
}

function torchHistograms(w: SummaryWriter, step: number, weights: NamedValues[], grads: NamedValues[], acts: NamedValues[]): void {
  for (const v of weights) w.addHistogram(torchName(v.name), v.values, step);
  for (const v of grads) w.addHistogram(`${torchName(v.name)}.grad`, v.values, step);
  for (const v of acts) w.addHistogram(`activations/${v.name}`, v.values, step);
}
