// Writes the runs trained by train_torch.py (OUT/raw/<id>.json: raw logged values) as the logging
// styles users produce, and the labels the evaluation scores against:
//  keras_csv     — Keras CSVLogger `history.csv` (epoch, then accuracy|mae, loss, val_accuracy|val_mae,
//                  val_loss sorted, CRLF) + `hparams.json` (optimizer, learning_rate, batch_size, epochs,
//                  loss, output_activation, layer summary, dataset sizes); per epoch only.
//  pytorch       — torch.utils.tensorboard SummaryWriter: `train/loss` per step, `train/acc`,
//                  `val/loss`, `val/acc` per epoch on the global-step axis, `lr` every 10 steps,
//                  hparams plugin; level full adds `parameters/<name>` and `gradients/<name>`
//                  histograms and `grad_norm/<name>`, `grad_norm/total` scalars.
//  lightning     — `lightning_logs/version_0/`: `train_loss_step` (every 10 steps), `train_loss_epoch`,
//                  `train_acc_epoch`, `val_loss`, `val_acc`, `epoch`, `lr-<Optimizer>`, hparams.yaml;
//                  level full adds `grad_2.0_norm/<name>`, `grad_2.0_norm_total` and `<name>`
//                  parameter histograms.
//  lightning_csv — Lightning CSVLogger `metrics.csv` (sorted columns; sparse rows: step rows every 10 steps, epoch rows)
//                  + hparams.yaml; no event file.
//  add_scalars   — `add_scalars("Loss", {train, val}, epoch)`: sibling dirs `Loss_train/`, `Loss_val/`,
//                  `Accuracy_train/`, `Accuracy_val/`; no configuration; level full adds histograms
//                  in the main dir.
// Event files go through the recorder's SummaryWriter with a deterministic clock, so a seed gives
// the same bytes. Labels: OUT/labels.json (every run) and OUT/labels/<family>.json (one file per
// family = framework × model × dataset × logging style), each row with its accepted causes.
//
// Usage: node --import tsx tools/worldgen/write_logs.ts --out DIR

import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { stringify as yamlStringify } from "yaml";
import { SummaryWriter } from "../../src/recorder/index.ts";

export type Style = "keras_csv" | "pytorch" | "lightning" | "lightning_csv" | "add_scalars";

interface RawStep {
  step: number;
  loss: number;
  lr: number;
}
interface RawEpoch {
  epoch: number;
  loss: number;
  metric: number;
  val_loss: number;
  val_metric: number;
  lr: number;
  step: number;
}
interface RawRun {
  id: string;
  set: string;
  fault: string;
  variant: string;
  accepted: string[];
  family: { framework: string; model: string; dataset: string };
  styles: Style[];
  level: "scalars" | "full";
  task: string;
  metric: "accuracy" | "mae";
  hparams: Record<string, unknown>;
  steps: RawStep[];
  epochs: RawEpoch[];
  tensors: { step: number; weights: Record<string, number[]>; grads: Record<string, number[]> }[];
  grad_norms: { step: number; per: Record<string, number>; total: number }[];
  check: { visible: boolean; evidence: string; config_only?: boolean };
}

export interface WorldLabel {
  path: string;
  fault: string;
  variant: string;
  accepted: string[];
  set: string;
  family: string;
  framework: string;
  model: string;
  dataset: string;
  style: Style;
  inputs: { histograms: boolean; config: boolean };
  evidence: string;
}

function num(x: unknown): number {
  return x === null || x === undefined ? NaN : (x as number);
}

function fmt(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return String(x);
}

const TORCH_ACTIVATION: Record<string, string> = { relu: "ReLU()", sigmoid: "Sigmoid()", tanh: "Tanh()" };

/**
 * The layer list as PyTorch prints the module (`str(model)`), as a user logs it in a text
 * hyper-parameter: weight layers with the hidden activation module between them.
 */
function torchRepr(layers: { type: string; weight_shape: number[]; bias?: boolean }[], activation: unknown): string {
  const act = typeof activation === "string" ? TORCH_ACTIVATION[activation] : undefined;
  const mods: string[] = [];
  layers.forEach((l, i) => {
    const [out, inp, k] = l.weight_shape;
    const bias = l.bias !== false;
    mods.push(
      l.type === "Linear"
        ? `Linear(in_features=${inp}, out_features=${out}, bias=${bias ? "True" : "False"})`
        : `${l.type}(${inp}, ${out}, kernel_size=(${k}, ${k}), stride=(1, 1)${bias ? "" : ", bias=False"})`,
    );
    if (act && i < layers.length - 1) mods.push(act);
  });
  return `Sequential(\n${mods.map((m, i) => `  (${i}): ${m}`).join("\n")}\n)`;
}

/** A flat configuration for the event-file hparams plugin (scalars only; the layer list as the module's printed form). */
function flatHparams(h: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(h)) {
    if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") out[k] = v;
    else if (k === "layers" && Array.isArray(v)) {
      // the printed module, when the run logged it, else rebuilt from the layer list
      if (typeof h.model !== "string") out.model = torchRepr(v as { type: string; weight_shape: number[]; bias?: boolean }[], h.activation);
    } else out[k] = JSON.stringify(v);
  }
  return out;
}

function writerFactory(runIndex: number) {
  let t = 1_750_000_000 + runIndex * 10_000;
  const clock = () => (t += 0.01);
  let n = 0;
  const writers: SummaryWriter[] = [];
  return {
    open(dir: string): SummaryWriter {
      fs.mkdirSync(dir, { recursive: true });
      const w = new SummaryWriter(dir, { clock, host: "worldgen", pid: 2000 + runIndex, fileIndex: n++, flushSecs: 0, maxQueue: 512 });
      writers.push(w);
      return w;
    },
    closeAll(): void {
      for (const w of writers) w.close();
    },
  };
}

function metricName(r: RawRun): { short: string; keras: string } {
  return r.metric === "mae" ? { short: "mae", keras: "mae" } : { short: "acc", keras: "accuracy" };
}

function histograms(r: RawRun, w: SummaryWriter, name: (p: string, kind: "weight" | "grad") => string | undefined): void {
  for (const t of r.tensors) {
    for (const [p, vals] of Object.entries(t.weights)) {
      const n = name(p, "weight");
      if (n) w.addHistogram(n, vals.map(num), t.step);
    }
    for (const [p, vals] of Object.entries(t.grads)) {
      const n = name(p, "grad");
      if (n) w.addHistogram(n, vals.map(num), t.step);
    }
  }
}

export function writeStyle(r: RawRun, style: Style, dir: string, runIndex: number): WorldLabel["inputs"] {
  fs.mkdirSync(dir, { recursive: true });
  const full = r.level === "full";
  const m = metricName(r);
  const wf = writerFactory(runIndex);
  let histogramsWritten = false,
    config = true;
  switch (style) {
    case "keras_csv": {
      // CSVLogger: `epoch` then the logs' keys sorted, csv.writer's CRLF line ends
      const keys = ["loss", m.keras, "val_loss", `val_${m.keras}`].sort();
      const val = (e: RawEpoch, k: string) =>
        num(k === "loss" ? e.loss : k === "val_loss" ? e.val_loss : k.startsWith("val_") ? e.val_metric : e.metric);
      const rows = r.epochs.map((e) => [String(e.epoch), ...keys.map((k) => fmt(val(e, k)))].join(","));
      fs.writeFileSync(path.join(dir, "history.csv"), [["epoch", ...keys].join(","), ...rows].join("\r\n") + "\r\n");
      fs.writeFileSync(path.join(dir, "hparams.json"), JSON.stringify(r.hparams, null, 2) + "\n");
      break;
    }
    case "pytorch": {
      const w = wf.open(dir);
      r.steps.forEach((s, i) => {
        w.addScalar("train/loss", num(s.loss), s.step);
        if (i % 10 === 0) w.addScalar("lr", s.lr, s.step);
      });
      for (const e of r.epochs) {
        w.addScalar(`train/${m.short}`, num(e.metric), e.step);
        w.addScalar("val/loss", num(e.val_loss), e.step);
        w.addScalar(`val/${m.short}`, num(e.val_metric), e.step);
      }
      if (full) {
        histograms(r, w, (p, k) => (k === "weight" ? `parameters/${p}` : `gradients/${p}`));
        r.grad_norms.forEach((g, i) => {
          if (i % 5 !== 0) return;
          for (const [p, v] of Object.entries(g.per)) w.addScalar(`grad_norm/${p}`, num(v), g.step);
          w.addScalar("grad_norm/total", num(g.total), g.step);
        });
        histogramsWritten = true;
      }
      const last = r.epochs[r.epochs.length - 1];
      w.addHparams(flatHparams(r.hparams), ["val/loss", `val/${m.short}`], {
        jsonFile: false,
        status: last && Number.isFinite(num(last.val_loss)) ? "success" : "failure",
      });
      break;
    }
    case "lightning": {
      const vdir = path.join(dir, "lightning_logs", "version_0");
      const w = wf.open(vdir);
      const optName = String(r.hparams.optimizer);
      r.steps.forEach((s, i) => {
        if ((i + 1) % 10 === 0) {
          w.addScalar("train_loss_step", num(s.loss), s.step - 1);
          w.addScalar(`lr-${optName}`, s.lr, s.step - 1);
        }
      });
      for (const e of r.epochs) {
        w.addScalar("val_loss", num(e.val_loss), e.step - 1);
        w.addScalar(`val_${m.short}`, num(e.val_metric), e.step - 1);
        w.addScalar("epoch", e.epoch, e.step - 1);
        w.addScalar("train_loss_epoch", num(e.loss), e.step - 1);
        w.addScalar(`train_${m.short}_epoch`, num(e.metric), e.step - 1);
      }
      if (full) {
        histograms(r, w, (p, k) => (k === "weight" ? p : undefined));
        r.grad_norms.forEach((g, i) => {
          if ((i + 1) % 10 !== 0) return;
          for (const [p, v] of Object.entries(g.per)) w.addScalar(`grad_2.0_norm/${p}`, num(v), g.step);
          w.addScalar("grad_2.0_norm_total", num(g.total), g.step);
        });
        histogramsWritten = true;
      }
      fs.writeFileSync(path.join(vdir, "hparams.yaml"), yamlStringify(r.hparams));
      break;
    }
    case "lightning_csv": {
      const vdir = path.join(dir, "lightning_logs", "version_0");
      fs.mkdirSync(vdir, { recursive: true });
      // CSVLogger: the sorted union of the logged keys (with `epoch` and `step`)
      const cols = [
        "epoch",
        "step",
        "train_loss_step",
        "lr-" + String(r.hparams.optimizer),
        "val_loss",
        `val_${m.short}`,
        "train_loss_epoch",
        `train_${m.short}_epoch`,
      ].sort();
      const rows: string[] = [cols.join(",")];
      const row = (vals: Record<string, string>) => rows.push(cols.map((c) => vals[c] ?? "").join(","));
      let ei = 0;
      r.steps.forEach((s, i) => {
        while (ei < r.epochs.length && r.epochs[ei].step < s.step) ei++;
        if ((i + 1) % 10 === 0)
          row({
            epoch: String(Math.min(ei, r.epochs.length - 1)),
            step: String(s.step - 1),
            train_loss_step: fmt(num(s.loss)),
            ["lr-" + String(r.hparams.optimizer)]: String(s.lr),
          });
        const e = r.epochs.find((x) => x.step === s.step);
        if (e) {
          row({
            epoch: String(e.epoch),
            step: String(e.step - 1),
            val_loss: fmt(num(e.val_loss)),
            [`val_${m.short}`]: fmt(num(e.val_metric)),
          });
          row({
            epoch: String(e.epoch),
            step: String(e.step - 1),
            train_loss_epoch: fmt(num(e.loss)),
            [`train_${m.short}_epoch`]: fmt(num(e.metric)),
          });
        }
      });
      fs.writeFileSync(path.join(vdir, "metrics.csv"), rows.join("\n") + "\n");
      fs.writeFileSync(path.join(vdir, "hparams.yaml"), yamlStringify(r.hparams));
      break;
    }
    case "add_scalars": {
      config = false;
      const main = wf.open(dir);
      const sub: Record<string, SummaryWriter> = {};
      const at = (tag: string, key: string, v: number, step: number) => {
        const d = `${tag}_${key}`;
        sub[d] ??= wf.open(path.join(dir, d));
        sub[d].addScalar(tag, v, step);
      };
      for (const e of r.epochs) {
        at("Loss", "train", num(e.loss), e.epoch);
        at("Loss", "val", num(e.val_loss), e.epoch);
        at(m.short === "acc" ? "Accuracy" : "MAE", "train", num(e.metric), e.epoch);
        at(m.short === "acc" ? "Accuracy" : "MAE", "val", num(e.val_metric), e.epoch);
        main.addScalar("learning_rate", e.lr, e.epoch);
      }
      if (full) {
        const perEpoch = new Map<number, RawRun["tensors"][number]>();
        // add_scalars users log histograms once per epoch: the snapshot at each epoch end
        for (const t of r.tensors) {
          const ep = r.epochs.findIndex((e) => e.step >= t.step);
          if (ep >= 0 && !perEpoch.has(ep)) perEpoch.set(ep, t);
        }
        for (const [ep, t] of perEpoch) {
          for (const [p, vals] of Object.entries(t.weights)) main.addHistogram(p, vals.map(num), ep);
          for (const [p, vals] of Object.entries(t.grads)) main.addHistogram(`${p}.grad`, vals.map(num), ep);
        }
        histogramsWritten = true;
      }
      break;
    }
  }
  wf.closeAll();
  return { histograms: histogramsWritten, config };
}

export function familyName(l: Pick<WorldLabel, "framework" | "model" | "dataset" | "style">): string {
  return `${l.framework}/${l.model}/${l.dataset}/${l.style}`;
}

export function writeAll(out: string): WorldLabel[] {
  const rawDir = path.join(out, "raw");
  const idx = JSON.parse(fs.readFileSync(path.join(out, "raw_index.json"), "utf8")) as { seed: number; kept: string[]; dropped: unknown[] };
  const labels: WorldLabel[] = [];
  // the logs are rewritten whole: the writers' fixed clock gives every event file the same name on
  // every build, so a file left from an earlier build would be appended to
  fs.rmSync(path.join(out, "logs"), { recursive: true, force: true });
  let i = 0;
  for (const id of idx.kept) {
    // Python's json.dump writes bare NaN / Infinity tokens
    const text = fs
      .readFileSync(path.join(rawDir, `${id}.json`), "utf8")
      .replace(/\bNaN\b/g, "null")
      .replace(/-Infinity\b/g, "-1e999")
      .replace(/\bInfinity\b/g, "1e999");
    const r = JSON.parse(text) as RawRun;
    for (const style of r.styles) {
      // a fault seen only in the configuration is no labelled fault in a style that logs none
      if (r.check.config_only && style === "add_scalars") continue;
      const rel = path.join("logs", style, id);
      const inputs = writeStyle(r, style, path.join(out, rel), i++);
      labels.push({
        path: rel,
        fault: r.fault,
        variant: r.variant,
        accepted: r.accepted,
        set: r.set,
        family: "",
        framework: r.family.framework,
        model: r.family.model,
        dataset: r.family.dataset,
        style,
        inputs,
        evidence: r.check.evidence,
      });
      labels[labels.length - 1].family = familyName(labels[labels.length - 1]);
    }
  }
  fs.writeFileSync(
    path.join(out, "labels.json"),
    JSON.stringify({ schema: "trainscope-worldgen/1", seed: idx.seed, runs: labels, dropped: idx.dropped }, null, 1) + "\n",
  );
  const byFam = new Map<string, WorldLabel[]>();
  for (const l of labels) {
    const a = byFam.get(l.family) ?? [];
    a.push(l);
    byFam.set(l.family, a);
  }
  fs.mkdirSync(path.join(out, "labels"), { recursive: true });
  // one run per line: small enough to keep a build's labels beside the code
  for (const [f, rows] of byFam) {
    const lines = rows.map(
      (r) => "  " + JSON.stringify({ path: r.path, fault: r.fault, variant: r.variant, accepted: r.accepted, inputs: r.inputs }),
    );
    fs.writeFileSync(
      path.join(out, "labels", `${f.replace(/\//g, "__")}.json`),
      `{"family": ${JSON.stringify(f)}, "runs": [\n${lines.join(",\n")}\n]}\n`,
    );
  }
  return labels;
}

function main(): void {
  const p = new Command().name("write_logs").requiredOption("--out <dir>", "the directory train_torch.py wrote (raw/, raw_index.json)");
  p.parse(process.argv);
  const { out } = p.opts<{ out: string }>();
  const labels = writeAll(out);
  process.stderr.write(
    `wrote ${labels.length} runs in ${new Set(labels.map((l) => l.family)).size} families under ${path.join(out, "logs")}\n`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
