// Metamorphic generality check of the diagnosis: every run of a fault zoo is read through the
// public reader, its logged series (scalars, histograms, hyper-parameters) are taken apart into
// one framework-neutral record (`canonicalize`), and written again, as real files, the way another
// framework's logger writes them (`writeStyle`). Diagnosing both versions shows whether the causes
// found depend on tag names, file layout, step axis or logging granularity (`compareRestyled`).
//
// Styles (what each tool writes by default, unless noted):
//  hf_trainer     — HuggingFace Trainer's TensorBoardCallback: events in the run directory;
//                   `train/loss` (mean since the last log, rounded to 4 decimals; NaN/Inf step
//                   losses filtered as logging_nan_inf_filter=True does), `train/grad_norm`,
//                   `train/learning_rate`, `train/epoch` (float) on the 1-based global step
//                   (logging_steps=1; logging_strategy="epoch" when the source has no per-step
//                   loss); `eval/loss`, `eval/<metric>`, `eval/runtime`, `eval/samples_per_second`,
//                   `eval/steps_per_second` at each epoch end on the global-step axis; the final
//                   `train/train_loss`, `train/train_runtime`, ...; `args` text and the
//                   TrainingArguments through add_hparams (PyTorch writes those into a
//                   `<time.time()>/` sub-directory).
//  timm_csv       — timm train.py `summary.csv` (epoch,train_loss,eval_loss,eval_top1,eval_top5,lr;
//                   top-1/top-5 in percent) and `args.yaml`.
//  fastai_csv     — fastai CSVLogger `history.csv` (epoch,train_loss,valid_loss,<metric>,time),
//                   train_loss being the Recorder's smoothed loss (debiased EMA, beta 0.98).
//  keras_tb_v2    — Keras TensorBoard callback (TF2 summaries: rank-0 float tensors with `scalars`
//                   metadata, `.v2` files) with update_freq='epoch': `train/` epoch_loss,
//                   epoch_<metric>, epoch_learning_rate; `validation/` epoch_loss, epoch_<metric>,
//                   evaluation_<name>_vs_iterations (optimizer iterations axis); histogram_freq=1:
//                   weight histograms `<layer>/kernel_0` as TF2 [k,3] tensors (30 equal buckets).
//  sparse_logging — the original tags and layout, per-step scalars kept every 10th step
//                   (log_every_n_steps=10: steps 9, 19, ...) and every step axis counted in samples
//                   seen ((step + 1) × batch size); epoch-indexed series keep their epoch axis.
//  mindspore      — a MindSpore summary file (`events.out.events.summary.<t>.<host>_MS`):
//                   SummaryCollector's `loss/auto` per step (collect_freq=1) and parameter
//                   histograms `<param>/auto`, plus `val_loss`, `val_accuracy|val_mae`,
//                   `learning_rate` added with SummaryRecord.add_value on the 1-based step.
// Configuration: kept in every style, where the tool keeps it when it does (HF add_hparams with
// TrainingArguments names, timm args.yaml), else as an hparams.json beside the logs (what the zoo
// conventions do), so that a changed cause comes from naming and layout, not from lost configuration.
// Histograms are kept only where the tool logs them (keras_tb_v2 weights, mindspore weights,
// sparse_logging all).
import fs from "node:fs";
import path from "node:path";
import { create, toBinary } from "@bufbuild/protobuf";
import { stringify as yamlStringify } from "yaml";
import {
  encodeEvent,
  frameRecord,
  type mindsporeSummary,
  tensorScalarValue,
  DT,
  type HistogramInit,
  type SummaryValueInit,
  loadProtobufCodecs,
} from "../../src/format/index.ts";
import { EventFileWriter, SummaryWriter } from "../../src/recorder/index.ts";
import {
  runHistograms,
  runScalars,
  seriesKey,
  type Experiment,
  type Histogram,
  type HParamValue,
  type RoleAssignment,
  type TrainingRun,
} from "../../src/model/index.ts";
import { loadExperiment } from "../../src/reader/index.ts";
import { numberOf } from "../../src/diagnose/hparam_aliases.ts";
import { evaluateZoo, labelFor } from "./main.ts";
import { distinctCauses, type EvalScore } from "./score.ts";

const pb = await loadProtobufCodecs();

export const STYLES = ["hf_trainer", "timm_csv", "fastai_csv", "keras_tb_v2", "sparse_logging", "mindspore"] as const;
export type Style = (typeof STYLES)[number];

/** Facts about the training that a framework would know (from the zoo's labels.json config). */
export interface RunFacts {
  nTrain?: number;
  batchSize?: number;
  classes?: number;
}

export interface StepCurve {
  steps: number[];
  values: number[];
}

/** What a run logged, framework-neutral: per-step curves on the 0-based optimizer step, per-epoch values by epoch index. */
export interface CanonicalRun {
  name: string;
  /** Epochs logged (points of the per-epoch validation curve). */
  epochs: number;
  stepsPerEpoch?: number;
  batchSize?: number;
  classes?: number;
  /** "accuracy", or the regression metric's name ("mae"). */
  metric?: string;
  stepLoss?: StepCurve;
  stepLr?: StepCurve;
  stepGradNormTotal?: StepCurve;
  stepGradNorms: (StepCurve & { layer: string })[];
  epochTrainLoss?: number[];
  epochTrainMetric?: number[];
  epochValLoss?: number[];
  epochValMetric?: number[];
  epochLr?: number[];
  /** Histograms by role, layer as `<layer>/<kernel|bias|recurrent_kernel>` when the name tells. */
  histograms: { role: "weight_hist" | "grad_hist" | "activation_hist"; layer: string; points: Histogram[] }[];
  hparams: Record<string, HParamValue>;
}

/** Points of a scalar series sorted by step, one per step (a CSV beside the events may repeat them). */
function curveOf(steps: ArrayLike<number>, values: ArrayLike<number>): StepCurve {
  const idx = Array.from({ length: steps.length }, (_, i) => i).sort((a, b) => steps[a] - steps[b] || a - b);
  const out: StepCurve = { steps: [], values: [] };
  for (const i of idx) {
    if (out.steps.length && out.steps[out.steps.length - 1] === steps[i]) continue;
    out.steps.push(steps[i]);
    out.values.push(values[i]);
  }
  return out;
}

/** `fc1.weight` / `fc1/kernel_0` / `fc1.weight_hh` → `fc1/kernel` / `fc1/recurrent_kernel`. */
export function neutralLayer(layer: string): string {
  let m = /^(.+)\.(weight|bias|weight_hh|weight_ih)$/.exec(layer);
  if (m)
    return `${m[1]}/${({ weight: "kernel", bias: "bias", weight_hh: "recurrent_kernel", weight_ih: "kernel" } as Record<string, string>)[m[2]]}`;
  m = /^(.+)_0$/.exec(layer);
  if (m) return m[1];
  return layer;
}

/** `fc1/kernel` → `fc1.weight` (PyTorch / MindSpore parameter names). */
function torchParam(layer: string): string {
  const m = /^(.+)\/(kernel|bias|recurrent_kernel)$/.exec(layer);
  if (!m) return layer;
  return `${m[1]}.${({ kernel: "weight", bias: "bias", recurrent_kernel: "weight_hh" } as Record<string, string>)[m[2]]}`;
}

/** Takes the series of a loaded run apart by role (the reader's roles) into a CanonicalRun. */
export function canonicalize(run: TrainingRun, facts: RunFacts = {}): CanonicalRun {
  const scalars = runScalars(run);
  const hists = runHistograms(run);
  const curves = new Map<string, StepCurve>();
  const curve = (a: RoleAssignment): StepCurve | undefined => {
    let c = curves.get(a.key);
    if (!c) {
      const s = scalars.get(a.key);
      if (!s) return undefined;
      c = curveOf(s.steps, s.values);
      curves.set(a.key, c);
    }
    return c;
  };
  const scalarRoles = run.roles.filter((r) => r.kind === "scalar");
  const byRole = (role: string) =>
    scalarRoles
      .filter((r) => r.role === role)
      .map((a) => ({ a, c: curve(a)! }))
      .filter((x) => x.c && x.c.steps.length);
  const valLoss = byRole("val_loss")[0];
  const perEpochLens = [...byRole("val_loss"), ...byRole("val_accuracy"), ...byRole("val_metric")].map((x) => x.c.steps.length);
  const E = valLoss ? valLoss.c.steps.length : perEpochLens.length ? Math.max(...perEpochLens) : 0;
  const perStep = (c: StepCurve) => E > 0 && c.steps.length > 1.5 * E;
  const hp: Record<string, HParamValue> = {};
  for (const [k, h] of run.hparams) hp[k] = h.value;
  const out: CanonicalRun = { name: run.name, epochs: E, stepGradNorms: [], histograms: [], hparams: hp };

  const tl = byRole("train_loss");
  const tlStep = tl.filter((x) => perStep(x.c)).sort((a, b) => b.c.steps.length - a.c.steps.length)[0];
  const tlEpoch = tl
    .filter((x) => !perStep(x.c) && x.c.steps.length >= E - 1)
    .sort((a, b) => Math.abs(a.c.steps.length - E) - Math.abs(b.c.steps.length - E))[0];
  if (tlStep) out.stepLoss = tlStep.c;
  if (tlEpoch) out.epochTrainLoss = tlEpoch.c.values.slice();
  if (valLoss) out.epochValLoss = valLoss.c.values.slice();
  const va = byRole("val_accuracy")[0] ?? byRole("val_metric")[0];
  if (va) {
    out.epochValMetric = va.c.values.slice();
    out.metric = va.a.role === "val_accuracy" ? "accuracy" : (va.a.metric ?? "metric");
  }
  const ta = (
    va?.a.role === "val_metric" ? byRole("train_metric").filter((x) => x.a.metric === va.a.metric) : byRole("train_accuracy")
  ).filter((x) => !perStep(x.c))[0];
  if (ta) out.epochTrainMetric = ta.c.values.slice();
  for (const x of byRole("learning_rate")) {
    if (perStep(x.c)) out.stepLr ??= x.c;
    else out.epochLr ??= x.c.values.slice();
  }
  const gt = byRole("grad_norm_total").find((x) => perStep(x.c));
  if (gt) out.stepGradNormTotal = gt.c;
  for (const x of byRole("grad_norm")) if (perStep(x.c)) out.stepGradNorms.push({ ...x.c, layer: neutralLayer(x.a.layer ?? x.a.key) });

  // steps per epoch: per-step points per epoch, else the dataset size over the batch size
  const perStepCurve = out.stepLoss ?? out.stepLr;
  const bs = facts.batchSize ?? (hp.batch_size !== undefined ? numberOf(hp.batch_size) : undefined);
  if (bs !== undefined) out.batchSize = bs;
  // (from the step axis, not the point count: a loss logged every k steps has k times fewer points)
  if (perStepCurve && E > 0) out.stepsPerEpoch = Math.max(1, Math.round(perStepCurve.steps[perStepCurve.steps.length - 1] / E));
  else if (facts.nTrain !== undefined && bs !== undefined)
    out.stepsPerEpoch = Math.max(1, Math.floor(facts.nTrain / Math.min(bs, facts.nTrain)));
  if (facts.classes !== undefined) out.classes = facts.classes;

  const spe = out.stepsPerEpoch;
  if (!out.epochTrainLoss && out.stepLoss && spe) out.epochTrainLoss = epochMeans(out.stepLoss, spe, E);
  if (!out.epochLr && out.stepLr && spe) out.epochLr = Array.from({ length: E }, (_, e) => valueAtOrBefore(out.stepLr!, (e + 1) * spe - 1));

  for (const r of run.roles) {
    if (r.kind !== "histogram" || (r.role !== "weight_hist" && r.role !== "grad_hist" && r.role !== "activation_hist")) continue;
    const h = hists.get(r.key);
    if (!h || !h.length) continue;
    const points = [...h.points].sort((a, b) => a.step - b.step);
    out.histograms.push({
      role: r.role,
      layer: r.role === "activation_hist" ? (r.layer ?? r.key) : neutralLayer(r.layer ?? r.key),
      points,
    });
  }
  return out;
}

function epochMeans(c: StepCurve, spe: number, E: number): number[] {
  const out: number[] = [];
  for (let e = 0; e < E; e++) {
    let s = 0,
      n = 0;
    for (let i = 0; i < c.steps.length; i++)
      if (c.steps[i] >= e * spe && c.steps[i] < (e + 1) * spe) {
        s += c.values[i];
        n++;
      }
    out.push(n ? s / n : NaN);
  }
  return out;
}

function valueAtOrBefore(c: StepCurve, step: number): number {
  let v = c.values[0];
  for (let i = 0; i < c.steps.length && c.steps[i] <= step; i++) v = c.values[i];
  return v;
}

/** Python's repr of a float as CSV writers print it (`nan`, `inf`, `-inf`, `1.0`). */
function pyFloat(x: number | undefined): string {
  if (x === undefined) return "";
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

function clockFrom(index: number): () => number {
  let t = 1_700_000_000 + index * 10_000;
  return () => (t += 0.01);
}

function writerOpts(clock: () => number, index: number, fileIndex: number, host: string, suffix?: string) {
  return { clock, host, pid: 2000 + index, fileIndex, flushSecs: 0, maxQueue: 512, ...(suffix ? { filenameSuffix: suffix } : {}) };
}

function writeHparamsJson(dir: string, hp: Record<string, HParamValue>): void {
  if (!Object.keys(hp).length) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "hparams.json"), JSON.stringify(hp, null, 2) + "\n");
}

/** Zoo / user hyper-parameter names → the tool's own names (others kept as they are). */
function renameHparams(hp: Record<string, HParamValue>, names: Record<string, string[]>): Record<string, HParamValue> {
  const out: Record<string, HParamValue> = {};
  for (const [k, v] of Object.entries(hp)) for (const n of names[k] ?? [k]) out[n] = v;
  return out;
}

const HF_NAMES: Record<string, string[]> = {
  lr: ["learning_rate"],
  batch_size: ["per_device_train_batch_size", "train_batch_size"],
  epochs: ["num_train_epochs"],
  optimizer: ["optim"],
  schedule: ["lr_scheduler_type"],
  seed: ["seed"],
};
const TIMM_NAMES: Record<string, string[]> = {
  lr: ["lr"],
  batch_size: ["batch_size"],
  epochs: ["epochs"],
  optimizer: ["opt"],
  schedule: ["sched"],
  dropout: ["drop"],
  model: ["model"],
};

const round4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x);

function totalGradNorm(c: CanonicalRun): StepCurve | undefined {
  if (c.stepGradNormTotal) return c.stepGradNormTotal;
  if (!c.stepGradNorms.length) return undefined;
  const steps = c.stepGradNorms[0].steps;
  return { steps, values: steps.map((_, i) => Math.sqrt(c.stepGradNorms.reduce((s, g) => s + (g.values[i] ?? 0) ** 2, 0))) };
}

function writeHfTrainer(c: CanonicalRun, dir: string, index: number): void {
  const clock = clockFrom(index);
  const w = new SummaryWriter(dir, writerOpts(clock, index, 0, "hf"));
  const spe = c.stepsPerEpoch ?? 1;
  const E = c.epochs;
  const bs = c.batchSize ?? 1;
  const hp = renameHparams(c.hparams, HF_NAMES);
  w.addText("args", JSON.stringify({ output_dir: "out", logging_steps: 1, eval_strategy: "epoch", ...hp }, null, 2), 0);
  // add_hparams(args.to_sanitized_dict(), metric_dict={}): its own writer in a time-stamped sub-directory
  const hw = new SummaryWriter(path.join(dir, (1_700_000_000 + index * 10_000 + 0.5).toFixed(6)), writerOpts(clock, index, 1, "hf"));
  hw.addHparams(hp, [], { jsonFile: false });
  hw.close();
  const gn = totalGradNorm(c);
  const mk = c.metric === "accuracy" ? "accuracy" : (c.metric ?? "metric");
  const evalAt = (e: number) => {
    const gs = (e + 1) * spe;
    const vl = c.epochValLoss?.[e];
    if (vl !== undefined) w.addScalar("eval/loss", vl, gs);
    const vm = c.epochValMetric?.[e];
    if (vm !== undefined) w.addScalar(`eval/${mk}`, vm, gs);
    w.addScalar("eval/runtime", 0.05, gs);
    w.addScalar("eval/samples_per_second", 5000, gs);
    w.addScalar("eval/steps_per_second", 160, gs);
    w.addScalar("train/epoch", e + 1, gs);
  };
  let sum = 0,
    n = 0;
  if (c.stepLoss) {
    const gnAt = new Map<number, number>();
    if (gn) gn.steps.forEach((s, i) => gnAt.set(s, gn.values[i]));
    const lrAt = new Map<number, number>();
    if (c.stepLr) c.stepLr.steps.forEach((s, i) => lrAt.set(s, c.stepLr!.values[i]));
    let nextEval = 0;
    for (let i = 0; i < c.stepLoss.steps.length; i++) {
      const s = c.stepLoss.steps[i];
      const gs = s + 1;
      // logging_nan_inf_filter=True: a non-finite step loss is replaced by the mean of the losses
      // since the last log, which is 0 when logging every step
      const v = Number.isFinite(c.stepLoss.values[i]) ? c.stepLoss.values[i] : 0;
      sum += v;
      n++;
      w.addScalar("train/loss", round4(v), gs);
      const g = gnAt.get(s);
      if (g !== undefined) w.addScalar("train/grad_norm", g, gs);
      const lr = lrAt.get(s) ?? c.epochLr?.[Math.min(E - 1, Math.floor(s / spe))];
      if (lr !== undefined) w.addScalar("train/learning_rate", lr, gs);
      w.addScalar("train/epoch", gs / spe, gs);
      while (nextEval < E && (nextEval + 1) * spe <= gs) evalAt(nextEval++);
    }
    while (nextEval < E) evalAt(nextEval++);
  } else {
    // logging_strategy="epoch": one log per epoch with the mean loss of the epoch
    for (let e = 0; e < E; e++) {
      const gs = (e + 1) * spe;
      const tl = c.epochTrainLoss?.[e];
      if (tl !== undefined) {
        const v = Number.isFinite(tl) ? tl : 0;
        w.addScalar("train/loss", round4(v), gs);
        sum += v * spe;
        n += spe;
      }
      if (gn) w.addScalar("train/grad_norm", valueAtOrBefore(gn, gs - 1), gs);
      const lr = c.epochLr?.[e];
      if (lr !== undefined) w.addScalar("train/learning_rate", lr, gs);
      w.addScalar("train/epoch", e + 1, gs);
      evalAt(e);
    }
  }
  const last = E * spe;
  w.addScalar("train/train_runtime", 12.5, last);
  w.addScalar("train/train_samples_per_second", (last * bs) / 12.5, last);
  w.addScalar("train/train_steps_per_second", last / 12.5, last);
  w.addScalar("train/total_flos", 1e9, last);
  if (n) w.addScalar("train/train_loss", sum / n, last);
  w.addScalar("train/epoch", E, last);
  w.close();
}

function writeTimmCsv(c: CanonicalRun, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const cls = c.metric === "accuracy";
  const top5 = cls && c.classes !== undefined && c.classes <= 5;
  const cols = [
    "epoch",
    "train_loss",
    "eval_loss",
    ...(cls ? ["eval_top1"] : c.metric ? [`eval_${c.metric}`] : []),
    ...(top5 ? ["eval_top5"] : []),
    "lr",
  ];
  const rows = [cols.join(",")];
  for (let e = 0; e < c.epochs; e++) {
    const vm = c.epochValMetric?.[e];
    rows.push(
      [
        String(e),
        pyFloat(c.epochTrainLoss?.[e]),
        pyFloat(c.epochValLoss?.[e]),
        ...(cls ? [pyFloat(vm === undefined ? undefined : vm * 100)] : c.metric ? [pyFloat(vm)] : []),
        ...(top5 ? ["100.0"] : []),
        pyFloat(c.epochLr?.[e]),
      ].join(","),
    );
  }
  fs.writeFileSync(path.join(dir, "summary.csv"), rows.join("\n") + "\n");
  fs.writeFileSync(path.join(dir, "args.yaml"), yamlStringify(renameHparams(c.hparams, TIMM_NAMES)));
}

function mmss(sec: number): string {
  const m = Math.floor(sec / 60),
    s = Math.floor(sec % 60);
  return `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

function writeFastaiCsv(c: CanonicalRun, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const mk = c.metric === "accuracy" ? "accuracy" : (c.metric ?? "metric");
  const rows = [["epoch", "train_loss", "valid_loss", ...(c.metric ? [mk] : []), "time"].join(",")];
  // Recorder.smooth_loss: AvgSmoothLoss(beta=0.98), debiased, over every batch since the fit began
  const smooth: number[] = [];
  if (c.stepLoss && c.stepsPerEpoch) {
    let mov = 0,
      k = 0,
      prev = -1;
    const spe = c.stepsPerEpoch;
    for (let e = 0; e < c.epochs; e++) {
      for (let i = 0; i < c.stepLoss.steps.length; i++) {
        const s = c.stepLoss.steps[i];
        if (s < e * spe || s >= (e + 1) * spe) continue;
        // a loss logged every `gap` steps stands for each of the batches since the last point
        // (the Recorder smooths every batch; averaging only the logged ones would lag `gap` times)
        const gap = Math.max(1, s - prev);
        prev = s;
        mov = mov * 0.98 ** gap + c.stepLoss.values[i] * (1 - 0.98 ** gap);
        k += gap;
      }
      smooth.push(k ? mov / (1 - 0.98 ** k) : NaN);
    }
  }
  for (let e = 0; e < c.epochs; e++) {
    const tl = smooth.length ? smooth[e] : c.epochTrainLoss?.[e];
    rows.push(
      [String(e), pyFloat(tl), pyFloat(c.epochValLoss?.[e]), ...(c.metric ? [pyFloat(c.epochValMetric?.[e])] : []), mmss(1 + (e % 3))].join(
        ",",
      ),
    );
  }
  fs.writeFileSync(path.join(dir, "history.csv"), rows.join("\n") + "\n");
  writeHparamsJson(dir, c.hparams);
}

/** Re-buckets a histogram into `k` equal-width buckets over [min, max] (tf.summary.histogram's layout), counts split by overlap. */
function equalBuckets(h: Histogram, k = 30): { lefts: number[]; rights: number[]; counts: number[] } {
  const min = Number.isFinite(h.min) ? h.min : h.lefts[0],
    max = Number.isFinite(h.max) ? h.max : h.rights[h.rights.length - 1];
  if (!(max > min)) return { lefts: [min], rights: [max], counts: [h.counts.reduce((s, x) => s + x, 0)] };
  const w = (max - min) / k;
  const lefts = Array.from({ length: k }, (_, i) => min + i * w),
    rights = lefts.map((l, i) => (i === k - 1 ? max : l + w)),
    counts = new Array<number>(k).fill(0);
  for (let i = 0; i < h.counts.length; i++) {
    const cnt = h.counts[i];
    if (!cnt) continue;
    const l = Math.max(min, Number.isFinite(h.lefts[i]) ? h.lefts[i] : min),
      r = Math.min(max, Number.isFinite(h.rights[i]) ? h.rights[i] : max);
    if (!(r > l)) {
      counts[Math.min(k - 1, Math.max(0, Math.floor((l - min) / w)))] += cnt;
      continue;
    }
    for (let j = Math.max(0, Math.floor((l - min) / w)); j < k && lefts[j] < r; j++) {
      const ov = Math.min(r, rights[j]) - Math.max(l, lefts[j]);
      if (ov > 0) counts[j] += (cnt * ov) / (r - l);
    }
  }
  return { lefts, rights, counts };
}

function tf2HistogramValue(tag: string, h: Histogram, first: boolean): SummaryValueInit {
  const b = equalBuckets(h);
  const vals: number[] = [];
  for (let i = 0; i < b.counts.length; i++) vals.push(b.lefts[i], b.rights[i], b.counts[i]);
  return {
    tag,
    tensor: { dtype: DT.DOUBLE, shape: [b.counts.length, 3], doubleVal: vals },
    metadata: first ? { pluginName: "histograms", dataClass: 2 } : undefined,
  };
}

function writeKerasTbV2(c: CanonicalRun, dir: string, index: number): void {
  const clock = clockFrom(index);
  const tr = new EventFileWriter(path.join(dir, "train"), writerOpts(clock, index, 0, "keras", ".v2"));
  const va = new EventFileWriter(path.join(dir, "validation"), writerOpts(clock, index, 1, "keras", ".v2"));
  const mk = c.metric ?? "metric";
  const seen = new Set<string>();
  const first = (k: string) => {
    const f = !seen.has(k);
    seen.add(k);
    return f;
  };
  const scalar = (w: EventFileWriter, tag: string, v: number, step: number) =>
    w.add(encodeEvent({ wallTime: clock(), step, summary: [tensorScalarValue(tag, v, first(`${w.path}\u0000${tag}`))] }));
  const weights = c.histograms.filter((h) => h.role === "weight_hist");
  const spe = c.stepsPerEpoch;
  for (let e = 0; e < c.epochs; e++) {
    if (c.epochTrainLoss) scalar(tr, "epoch_loss", c.epochTrainLoss[e], e);
    if (c.epochTrainMetric && c.metric) scalar(tr, `epoch_${mk}`, c.epochTrainMetric[e], e);
    if (c.epochLr) scalar(tr, "epoch_learning_rate", c.epochLr[e], e);
    // histogram_freq=1: weights at the end of every epoch (the last histogram logged within it)
    if (spe)
      for (const h of weights) {
        const p = [...h.points].reverse().find((q) => q.step < (e + 1) * spe && q.step >= e * spe);
        if (!p) continue;
        const tag = `${h.layer}_0`;
        tr.add(encodeEvent({ wallTime: clock(), step: e, summary: [tf2HistogramValue(tag, p, first(`h\u0000${tag}`))] }));
      }
    if (spe) {
      if (c.epochValLoss) scalar(va, "evaluation_loss_vs_iterations", c.epochValLoss[e], (e + 1) * spe);
      if (c.epochValMetric && c.metric) scalar(va, `evaluation_${mk}_vs_iterations`, c.epochValMetric[e], (e + 1) * spe);
    }
    if (c.epochValLoss) scalar(va, "epoch_loss", c.epochValLoss[e], e);
    if (c.epochValMetric && c.metric) scalar(va, `epoch_${mk}`, c.epochValMetric[e], e);
  }
  tr.close();
  va.close();
  writeHparamsJson(dir, c.hparams);
}

function writeMindSpore(c: CanonicalRun, dir: string, index: number): void {
  fs.mkdirSync(dir, { recursive: true });
  const clock = clockFrom(index);
  const t0 = clock();
  const file = path.join(dir, `events.out.events.summary.${Math.floor(t0)}.zoo_MS`);
  const recs: Uint8Array[] = [];
  const ev = (step: number, what: mindsporeSummary.Event["what"]) =>
    recs.push(
      frameRecord(
        toBinary(pb.mindsporeSummary.EventSchema, create(pb.mindsporeSummary.EventSchema, { wallTime: clock(), step: BigInt(step), what })),
      ),
    );
  ev(0, { case: "version", value: "MindSpore.Event:1" });
  const summary = (step: number, values: { tag: string; value: mindsporeSummary.Summary_Value["value"] }[]) =>
    ev(step, {
      case: "summary",
      value: create(pb.mindsporeSummary.SummarySchema, { value: values.map((v) => create(pb.mindsporeSummary.Summary_ValueSchema, v)) }),
    });
  const spe = c.stepsPerEpoch ?? 1;
  const weights = c.histograms.filter((h) => h.role === "weight_hist");
  const histAt = new Map<number, { tag: string; value: mindsporeSummary.Summary_Value["value"] }[]>();
  for (const h of weights)
    for (const p of h.points) {
      const l = histAt.get(p.step) ?? [];
      l.push({ tag: `${torchParam(h.layer)}/auto`, value: { case: "histogram", value: msHistogram(p) } });
      histAt.set(p.step, l);
    }
  const lrAt = new Map<number, number>();
  if (c.stepLr) c.stepLr.steps.forEach((s, i) => lrAt.set(s, c.stepLr!.values[i]));
  const mk = c.metric === "accuracy" ? "val_accuracy" : `val_${c.metric ?? "metric"}`;
  const evalAt = (e: number) => {
    const v: { tag: string; value: mindsporeSummary.Summary_Value["value"] }[] = [];
    // (series of unequal length — a training curve that outlives an early-stopped evaluation — write what they have)
    if (c.epochValLoss?.[e] !== undefined) v.push({ tag: "val_loss", value: { case: "scalarValue", value: c.epochValLoss[e] } });
    if (c.epochValMetric?.[e] !== undefined && c.metric) v.push({ tag: mk, value: { case: "scalarValue", value: c.epochValMetric[e] } });
    if (v.length) summary((e + 1) * spe, v);
  };
  if (c.stepLoss) {
    let nextEval = 0;
    // (histograms recorded at steps where no loss was logged — a loss every k steps, histograms at
    // epoch ends — are written at their own steps, before the loss record that follows them)
    const lossSteps = new Set(c.stepLoss.steps);
    const lone = [...histAt.keys()].filter((k) => !lossSteps.has(k)).sort((a, b) => a - b);
    let li = 0;
    for (let i = 0; i < c.stepLoss.steps.length; i++) {
      const s = c.stepLoss.steps[i];
      while (li < lone.length && lone[li] < s) summary(lone[li] + 1, histAt.get(lone[li++])!);
      const v: { tag: string; value: mindsporeSummary.Summary_Value["value"] }[] = [
        { tag: "loss/auto", value: { case: "scalarValue", value: c.stepLoss.values[i] } },
      ];
      const lr = lrAt.get(s);
      if (lr !== undefined) v.push({ tag: "learning_rate", value: { case: "scalarValue", value: lr } });
      v.push(...(histAt.get(s) ?? []));
      summary(s + 1, v);
      while (nextEval < c.epochs && (nextEval + 1) * spe <= s + 1) evalAt(nextEval++);
    }
    while (li < lone.length) summary(lone[li] + 1, histAt.get(lone[li++])!);
    while (nextEval < c.epochs) evalAt(nextEval++);
  } else {
    // a per-epoch loss (LossMonitor-style callback writing once per epoch); the parameter
    // histograms at their own steps (SummaryCollector collects them whatever the loss cadence)
    const epochEnds = new Set(Array.from({ length: c.epochs }, (_, e) => (e + 1) * spe - 1));
    for (const s of [...histAt.keys()].filter((k) => !epochEnds.has(k)).sort((a, b) => a - b)) summary(s + 1, histAt.get(s)!);
    for (let e = 0; e < c.epochs; e++) {
      const v: { tag: string; value: mindsporeSummary.Summary_Value["value"] }[] = [];
      if (c.epochTrainLoss?.[e] !== undefined) v.push({ tag: "loss/auto", value: { case: "scalarValue", value: c.epochTrainLoss[e] } });
      if (c.epochLr?.[e] !== undefined) v.push({ tag: "learning_rate", value: { case: "scalarValue", value: c.epochLr[e] } });
      v.push(...(histAt.get((e + 1) * spe - 1) ?? []));
      if (v.length) summary((e + 1) * spe, v);
      evalAt(e);
    }
  }
  const buf = Buffer.concat(recs);
  fs.writeFileSync(file, buf);
  writeHparamsJson(dir, c.hparams);
}

function msHistogram(h: Histogram): mindsporeSummary.Summary_Histogram {
  const buckets = [];
  for (let i = 0; i < h.counts.length; i++) {
    const left = Number.isFinite(h.lefts[i]) ? h.lefts[i] : h.min;
    const right = Number.isFinite(h.rights[i]) ? h.rights[i] : h.max;
    buckets.push(
      create(pb.mindsporeSummary.Summary_Histogram_bucketSchema, {
        left,
        width: Math.max(0, right - left),
        count: BigInt(Math.round(h.counts[i])),
      }),
    );
  }
  return create(pb.mindsporeSummary.Summary_HistogramSchema, {
    buckets,
    nanCount: BigInt(h.nonFinite.nan),
    posInfCount: BigInt(h.nonFinite.posInf),
    negInfCount: BigInt(h.nonFinite.negInf),
    max: h.max,
    min: h.min,
    sum: h.sum,
    count: BigInt(Math.round(h.num)),
  });
}

function histInit(h: Histogram): HistogramInit {
  return {
    min: h.min,
    max: h.max,
    num: h.num,
    sum: h.sum,
    sumSquares: h.sumSquares,
    bucketLimit: Array.from(h.rights),
    bucket: Array.from(h.counts),
  };
}

/** sparse_logging: the run's own tags and directories, per-step scalars every 10th step, step axes in samples. */
function writeSparse(run: TrainingRun, c: CanonicalRun, outRun: string, zooRoot: string, index: number, every = 10): void {
  const clock = clockFrom(index);
  const bs = c.batchSize ?? 32;
  const E = c.epochs;
  const samples = (s: number) => (s + 1) * bs;
  let fi = 0;
  for (const d of run.dirs) {
    const rel = d.path === run.name ? "" : seriesKey(run.name, d.path, "").replace(/\/$/, "");
    const outDir = path.join(outRun, rel);
    fs.mkdirSync(outDir, { recursive: true });
    // configuration files are copied as they are
    for (const s of d.sources)
      if (s.format === "hparams_json" || s.format === "hparams_yaml")
        fs.copyFileSync(path.join(zooRoot, s.path), path.join(outDir, path.basename(s.path)));
    const hasEvents = d.sources.some((s) => s.format === "tfevents");
    const csvOnly = !hasEvents && d.sources.some((s) => s.format === "csv");
    if (csvOnly) {
      // per-epoch CSV logs (Keras CSVLogger): one row per epoch, nothing per step to thin out
      for (const s of d.sources)
        if (s.format === "csv") fs.copyFileSync(path.join(zooRoot, s.path), path.join(outDir, path.basename(s.path)));
      continue;
    }
    if (!hasEvents) continue;
    const w = new SummaryWriter(outDir, writerOpts(clock, index, fi++, "zoo"));
    for (const [tag, s] of d.scalars) {
      const cv = curveOf(s.steps, s.values);
      const stepSeries = E > 0 && cv.steps.length > 1.5 * E;
      const diffs = cv.steps.slice(1).map((x, i) => x - cv.steps[i]);
      const epochIndexed = !stepSeries && diffs.every((x) => x === 1) && cv.steps[0] <= 1;
      for (let i = 0; i < cv.steps.length; i++) {
        const st = cv.steps[i];
        if (stepSeries && (st + 1) % every !== 0) continue;
        w.addScalar(tag, cv.values[i], epochIndexed ? st : samples(st));
      }
    }
    for (const [tag, h] of d.histograms) for (const p of h.points) w.addHistogram(tag, histInit(p), samples(p.step));
    const plugin = d.hparams.filter((h) => h.sourceKind === "hparams_plugin");
    if (plugin.length) {
      const hp: Record<string, string | number | boolean> = {};
      for (const h of plugin) hp[h.name] = h.value;
      w.addHparams(hp, [], { jsonFile: false });
    }
    w.close();
  }
}

/** Writes one canonical run into `outRun` in `style`. `run` and `zooRoot` are needed by sparse_logging (it keeps the layout). */
export function writeStyle(style: Style, c: CanonicalRun, outRun: string, index: number, run: TrainingRun, zooRoot: string): void {
  switch (style) {
    case "hf_trainer":
      writeHfTrainer(c, outRun, index);
      break;
    case "timm_csv":
      writeTimmCsv(c, outRun);
      break;
    case "fastai_csv":
      writeFastaiCsv(c, outRun);
      break;
    case "keras_tb_v2":
      writeKerasTbV2(c, outRun, index);
      break;
    case "sparse_logging":
      writeSparse(run, c, outRun, zooRoot, index);
      break;
    case "mindspore":
      writeMindSpore(c, outRun, index);
      break;
  }
}

interface LabelFile {
  runs: { path: string; fault: string; variant: string; config?: { n_train?: number; batch_size?: number; classes?: number } }[];
}

/**
 * The training facts of a worldgen run (tools/worldgen: `OUT/raw/<id>.json`, the id being the run
 * path's last part): what the framework knew though the run's own style did not log it.
 */
function worldgenConfig(dir: string, runPath: string): LabelFile["runs"][number]["config"] | undefined {
  const f = path.join(dir, "raw", `${path.basename(runPath)}.json`);
  if (!fs.existsSync(f)) return undefined;
  // (Python's json writes NaN and Infinity bare)
  const raw = JSON.parse(fs.readFileSync(f, "utf8").replace(/-?\bInfinity\b|\bNaN\b/g, "null")) as {
    hparams?: { train_samples?: number; batch_size?: number; num_classes?: number };
  };
  const h = raw.hparams ?? {};
  return { n_train: h.train_samples, batch_size: h.batch_size, classes: h.num_classes };
}

/** Reads every run of `zooDir` and writes it in `style` under `outDir` (same run paths), with a copy of labels.json. */
export async function restyleZoo(zooDir: string, outDir: string, style: Style): Promise<{ runs: number; skipped: string[] }> {
  const labelsPath = path.join(zooDir, "labels.json");
  const labels = fs.existsSync(labelsPath)
    ? (JSON.parse(fs.readFileSync(labelsPath, "utf8")) as LabelFile | LabelFile["runs"])
    : { runs: [] };
  const rows = Array.isArray(labels) ? labels : labels.runs;
  const exp = await loadExperiment(zooDir);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  let n = 0;
  const skipped: string[] = [];
  exp.runs.forEach((run, i) => {
    const l = labelFor(run.name, rows);
    const cfg = (l as LabelFile["runs"][number] | undefined)?.config ?? (l ? worldgenConfig(zooDir, l.path) : undefined);
    const facts: RunFacts = { nTrain: cfg?.n_train, batchSize: cfg?.batch_size, classes: cfg?.classes };
    const c = canonicalize(run, facts);
    if (!c.epochs) {
      skipped.push(run.name);
      return;
    }
    writeStyle(style, c, path.join(outDir, run.name === "." ? "" : run.name), i, run, exp.root);
    n++;
  });
  if (fs.existsSync(labelsPath)) fs.copyFileSync(labelsPath, path.join(outDir, "labels.json"));
  return { runs: n, skipped };
}

export interface ChangedRun {
  run: string;
  fault: string;
  variant: string;
  convention?: string;
  level?: string;
  before: string[];
  after: string[];
}

export interface StyleReport {
  style: Style;
  dir: string;
  runs: number;
  changed: ChangedRun[];
  /** Runs whose restyled version has no series for a role the original had. */
  missingRoles: { run: string; roles: string[] }[];
  score: EvalScore;
}

const CHECKED_ROLES = ["train_loss", "val_loss", "val_accuracy", "val_metric", "learning_rate"] as const;

function rolesByRun(exp: Experiment): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const r of exp.runs) m.set(r.name, new Set(r.roles.filter((a) => a.kind === "scalar").map((a) => a.role)));
  return m;
}

/** Restyles `zooDir` in each style (into `outRoot/<style>`), diagnoses both versions and lists the runs whose warning/error causes changed. */
export async function compareRestyled(
  zooDir: string,
  outRoot: string,
  styles: readonly Style[],
): Promise<{ original: EvalScore; reports: StyleReport[] }> {
  const orig = await evaluateZoo(zooDir);
  const origRoles = rolesByRun(await loadExperiment(zooDir));
  const before = new Map(orig.items.map((it) => [it.run, it]));
  const reports: StyleReport[] = [];
  for (const style of styles) {
    const dir = path.join(outRoot, style);
    await restyleZoo(zooDir, dir, style);
    const r = await evaluateZoo(dir);
    const newRoles = rolesByRun(await loadExperiment(dir));
    const changed: ChangedRun[] = [];
    for (const it of r.items) {
      const b = before.get(it.run);
      if (!b) continue;
      const cb = distinctCauses(b.findings).sort(),
        ca = distinctCauses(it.findings).sort();
      if (cb.join(",") !== ca.join(","))
        changed.push({
          run: it.run,
          fault: it.fault,
          variant: it.variant,
          convention: b.convention,
          level: b.level,
          before: cb,
          after: ca,
        });
    }
    const missingRoles: StyleReport["missingRoles"] = [];
    for (const [name, roles] of origRoles) {
      const now = newRoles.get(name) ?? new Set<string>();
      const lost = CHECKED_ROLES.filter(
        (x) =>
          roles.has(x) &&
          !now.has(x) &&
          !(x === "val_accuracy" && now.has("val_metric")) &&
          !(x === "val_metric" && now.has("val_accuracy")),
      );
      if (lost.length) missingRoles.push({ run: name, roles: lost });
    }
    reports.push({ style, dir, runs: r.items.length, changed, missingRoles, score: r.score });
  }
  return { original: orig.score, reports };
}

function pc(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : "n/a";
}

function scoreLine(s: EvalScore): string {
  return `recall ${pc(s.macroRecall)}, top-1 ${pc(s.macroTop1)}, healthy FP ${s.healthyFalsePositives}/${s.healthyRuns}, precision ${pc(s.microPrecision)}, causes/run ${s.meanDistinctCauses.toFixed(2)}`;
}

export function formatRestyleReport(original: EvalScore, reports: StyleReport[]): string {
  const L: string[] = [`original: ${original.runs} runs; ${scoreLine(original)}`, ""];
  L.push("style            runs  changed   share   restyled score");
  for (const r of reports)
    L.push(
      `${r.style.padEnd(16)} ${String(r.runs).padStart(4)}  ${String(r.changed.length).padStart(7)}  ${pc(r.runs ? r.changed.length / r.runs : NaN).padStart(7)}   ${scoreLine(r.score)}`,
    );
  for (const r of reports) {
    L.push("", `## ${r.style} (${r.dir}): ${r.changed.length}/${r.runs} runs changed`);
    for (const c of r.changed)
      L.push(
        `  ${c.run} [${c.fault}/${c.variant}, ${c.convention}/${c.level}]: ${c.before.join(",") || "(none)"} → ${c.after.join(",") || "(none)"}`,
      );
    if (r.missingRoles.length) {
      L.push(`  roles lost in ${r.missingRoles.length} run(s):`);
      for (const m of r.missingRoles) L.push(`    ${m.run}: ${m.roles.join(", ")}`);
    }
  }
  return L.join("\n") + "\n";
}
