// The lineage table of an experiment: one row per training run with every hyper-parameter the
// readers merged (with the source of each), the final and best value of each metric role (training
// and validation loss and accuracy, other metrics, learning rate) with their steps, the diagnosis
// summary (worst severity, top symptom and cause), duration, last step and files. Keys are the union
// over runs: a key missing in a run is null there, never dropped. Also: the target values a metric
// name designates (`val_loss` = its best, `val_loss.final`, `val_loss.best`) and their importance,
// and the flat CSV form. Non-finite numbers are written "nan", "inf", "-inf" (JSON has no NaN).
import {
  preferredRoleKeys,
  runScalars,
  type Experiment,
  type HParamValue,
  type RoleAssignment,
  type ScalarSeries,
  type TrainingRun,
} from "../model/index.ts";
import { diagnoseRun } from "./engine.ts";
import { hparamImportance, type ImportanceResult, type ImportanceOptions, type ImportanceRow } from "./importance.ts";
import type { Finding, Severity } from "./types.ts";
import { datasetLineage, stepText, type DatasetLineage } from "./lineage_dataset.ts";

export type JsonNumber = number | "nan" | "inf" | "-inf";

export interface LineageMetric {
  /** Series key the value comes from. */
  tag: string;
  /** "min" for losses and errors, "max" for accuracies and scores, null when no value is better (learning rate). */
  goal: "min" | "max" | null;
  /** Last value logged (non-finite kept: a run that ended in NaN ends in "nan"). */
  final: JsonNumber | null;
  finalStep: number | null;
  /** Best finite value for the goal, and its step. */
  best: number | null;
  bestStep: number | null;
  points: number;
}

export interface LineageDiagnosis {
  /** "pending" when the diagnosis is not computed yet (the dashboard diagnoses in the background). */
  worst: Severity | "none" | "pending";
  counts: Record<Severity, number>;
  topSymptom: string | null;
  topCause: string | null;
  topCauseConfidence: number | null;
  /** Every cause a warning or error names, each once, in the engine's order (info-level "possible" causes are left out): the lineage table filters runs by cause. */
  causes: string[];
  /** Every symptom found (each once, in the engine's order). */
  symptoms: string[];
}

export type LineageValue = HParamValue | "nan" | "inf" | "-inf" | null;

export interface LineageRun {
  run: string;
  /** Every key of the table; null where this run has no value. */
  hparams: Record<string, LineageValue>;
  /** `sourceKind: file` of each value this run has. */
  hparamSources: Record<string, string>;
  /** Other values another source of this run gave for a key (the merged value is in `hparams`). */
  hparamConflicts: Record<string, { value: LineageValue; source: string }[]>;
  metrics: Record<string, LineageMetric>;
  diagnosis: LineageDiagnosis;
  /** Seconds from the first to the last wall time of any scalar. */
  durationSec: number | null;
  /** Last step of the training loss (else of any scalar). */
  steps: number | null;
  files: string[];
  /** What the logs say about the run's data (MindSpore dataset graph, dataset paths and sizes, data hyper-parameters, data notes). */
  dataset: DatasetLineage | null;
  /** The user's tags and note (set by the caller from the annotations kept beside the logdir's index; absent when none). */
  tags?: string[];
  note?: string;
}

export interface LineageTable {
  runs: LineageRun[];
  hparamKeys: string[];
  metricKeys: string[];
}

export interface LineageOptions {
  /** Run the diagnosis (default true). */
  diagnose?: boolean;
  /** Findings already computed for a run (null: not yet, the row says "pending"); used instead of diagnosing. */
  findings?: (run: TrainingRun) => Finding[] | null;
}

const METRIC_ROLES = ["train_loss", "val_loss", "test_loss", "train_accuracy", "val_accuracy", "test_accuracy", "learning_rate"] as const;
const LOWER_IS_BETTER = /(loss|err|error|mae|mse|rmse|mape|msle|perplexity|ppl|wer|cer|fid|kl|kld|hinge|logcosh|crossentropy)/i;

export function jsonNumber(v: number): JsonNumber {
  return v !== v ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : v;
}

function lineageValue(v: HParamValue): LineageValue {
  return typeof v === "number" ? jsonNumber(v) : v;
}

function metricOf(tag: string, s: ScalarSeries, goal: LineageMetric["goal"]): LineageMetric {
  const n = s.length;
  const vals = s.values,
    steps = s.steps;
  let best: number | null = null,
    bestStep: number | null = null;
  if (goal) {
    for (let i = 0; i < n; i++) {
      const v = vals[i];
      if (!Number.isFinite(v)) continue;
      if (best === null || (goal === "min" ? v < best : v > best)) {
        best = v;
        bestStep = steps[i];
      }
    }
  }
  return {
    tag,
    goal,
    final: n ? jsonNumber(vals[n - 1]) : null,
    finalStep: n ? steps[n - 1] : null,
    best,
    bestStep,
    points: n,
  };
}

/** The metric entries of a run: one per single role (the preferred series) and one per named metric of each phase. */
function runMetrics(run: TrainingRun): Record<string, LineageMetric> {
  const scalars = runScalars(run);
  const out: Record<string, LineageMetric> = {};
  const pref = preferredRoleKeys(run.roles);
  for (const role of METRIC_ROLES) {
    const key = pref[role];
    const s = key === undefined ? undefined : scalars.get(key);
    if (!s) continue;
    out[role] = metricOf(key!, s, role === "learning_rate" ? null : role.endsWith("loss") ? "min" : "max");
  }
  const named = run.roles.filter((a: RoleAssignment) => a.kind === "scalar" && a.role.endsWith("_metric") && a.metric);
  for (const a of named) {
    const name = `${a.role.slice(0, -"_metric".length)}_${a.metric}`;
    const s = scalars.get(a.key);
    if (out[name] || !s) continue;
    out[name] = metricOf(a.key, s, LOWER_IS_BETTER.test(a.metric!) ? "min" : "max");
  }
  return out;
}

/** The summary of a run's findings (ordered by severity then confidence, as the engine returns them). */
export function lineageDiagnosis(findings: Finding[] | null | undefined): LineageDiagnosis {
  const d: LineageDiagnosis = {
    worst: "none",
    counts: { error: 0, warning: 0, info: 0 },
    topSymptom: null,
    topCause: null,
    topCauseConfidence: null,
    causes: [],
    symptoms: [],
  };
  if (findings === null) return { ...d, worst: "pending" };
  if (!findings) return d;
  for (const f of findings) {
    d.counts[f.severity]++;
    if (!d.symptoms.includes(f.symptom)) d.symptoms.push(f.symptom);
    if (f.severity !== "info") for (const c of f.causes) if (!d.causes.includes(c.code)) d.causes.push(c.code);
  }
  const top = findings[0];
  if (top) {
    d.worst = top.severity;
    d.topSymptom = top.symptom;
    const c = findings.find((f) => f.severity === top.severity && f.causes.length)?.causes[0];
    if (c) {
      d.topCause = c.code;
      d.topCauseConfidence = c.confidence;
    }
  }
  return d;
}

function runDiagnosis(run: TrainingRun, opts: LineageOptions): LineageDiagnosis {
  if (opts.findings) return lineageDiagnosis(opts.findings(run));
  if (opts.diagnose === false) return lineageDiagnosis(undefined);
  return lineageDiagnosis(diagnoseRun(run)); // never throws: a failing rule becomes an info finding
}

function runExtent(run: TrainingRun, trainLossKey: string | undefined): { durationSec: number | null; steps: number | null } {
  let w0 = Infinity,
    w1 = -Infinity,
    s1 = -Infinity;
  const scalars = runScalars(run);
  for (const s of scalars.values()) {
    const w = s.wallTimes;
    for (let i = 0; i < s.length; i++) {
      if (w[i] > 0 && w[i] < w0) w0 = w[i];
      if (w[i] > w1) w1 = w[i];
      if (s.steps[i] > s1) s1 = s.steps[i];
    }
  }
  const tl = trainLossKey === undefined ? undefined : scalars.get(trainLossKey);
  const steps = tl && tl.length ? Math.max(...tl.steps) : Number.isFinite(s1) ? s1 : null;
  return { durationSec: Number.isFinite(w0) && w1 >= w0 ? Math.round((w1 - w0) * 1000) / 1000 : null, steps };
}

/** Builds the lineage table of an experiment (failed runs get a row too, with what is known). */
export function buildLineage(exp: Experiment, opts: LineageOptions = {}): LineageTable {
  const hparamKeys: string[] = [];
  const seenH = new Set<string>();
  const metricKeys: string[] = [];
  const seenM = new Set<string>();
  const partial = exp.runs.map((run) => {
    const hp: Record<string, LineageValue> = {};
    const src: Record<string, string> = {};
    for (const [k, h] of run.hparams) {
      hp[k] = lineageValue(h.value);
      src[k] = `${h.sourceKind}: ${h.source}`;
      if (!seenH.has(k)) {
        seenH.add(k);
        hparamKeys.push(k);
      }
    }
    const conflicts: Record<string, { value: LineageValue; source: string }[]> = {};
    // the reader lists every value of a disputed key, the merged one included
    for (const h of run.hparamConflicts)
      if (h !== run.hparams.get(h.name))
        (conflicts[h.name] ??= []).push({ value: lineageValue(h.value), source: `${h.sourceKind}: ${h.source}` });
    const metrics = runMetrics(run);
    for (const k of Object.keys(metrics))
      if (!seenM.has(k)) {
        seenM.add(k);
        metricKeys.push(k);
      }
    const files = run.dirs.flatMap((d) => d.sources.map((s) => s.path));
    const ext = runExtent(run, metrics.train_loss?.tag);
    return { run: run.name, hp, src, conflicts, metrics, diagnosis: runDiagnosis(run, opts), files, dataset: datasetLineage(run), ...ext };
  });
  const runs: LineageRun[] = partial.map((p) => {
    const hparams: Record<string, LineageValue> = {};
    for (const k of hparamKeys) hparams[k] = k in p.hp ? p.hp[k] : null;
    return {
      run: p.run,
      hparams,
      hparamSources: p.src,
      hparamConflicts: p.conflicts,
      metrics: p.metrics,
      diagnosis: p.diagnosis,
      durationSec: p.durationSec,
      steps: p.steps,
      files: p.files,
      dataset: p.dataset,
    };
  });
  return { runs, hparamKeys, metricKeys };
}

/**
 * The target value of each run for a metric name: `KEY` (the best value when the metric has a goal,
 * else the final one), `KEY.best` or `KEY.final`, KEY a metric key of the table (val_loss, val_f1...).
 * Returns undefined when no run has that metric.
 */
export function targetValues(table: LineageTable, metric: string): number[] | undefined {
  const m = /^(.*)\.(best|final)$/.exec(metric);
  const key = m ? m[1] : metric;
  if (!table.metricKeys.includes(key)) return undefined;
  return table.runs.map((r) => {
    const x = r.metrics[key];
    if (!x) return NaN;
    const which = m ? m[2] : x.goal ? "best" : "final";
    const v = which === "best" ? x.best : x.final;
    return typeof v === "number" ? v : NaN;
  });
}

/** The importance input for `metric`: each run's hyper-parameters and target (undefined when no run has the metric). */
export function importanceRows(table: LineageTable, metric: string): ImportanceRow[] | undefined {
  const y = targetValues(table, metric);
  if (!y) return undefined;
  return table.runs.map((r, i) => {
    const params: Record<string, HParamValue | undefined> = {};
    for (const k of table.hparamKeys) {
      const v = r.hparams[k];
      params[k] = v === null ? undefined : v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v;
    }
    return { params, target: y[i] };
  });
}

/** Importance of every hyper-parameter for `metric` (see targetValues); undefined when no run has the metric. */
export function lineageImportance(table: LineageTable, metric: string, opts: ImportanceOptions = {}): ImportanceResult | undefined {
  const rows = importanceRows(table, metric);
  return rows && hparamImportance(rows, opts);
}

// ---- flat CSV --------------------------------------------------------------------------------

const METRIC_FIELDS = ["final", "finalStep", "best", "bestStep"] as const;

/** One CSV field (RFC 4180 quoting). */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "number" ? String(jsonNumber(v)) : typeof v === "string" ? v : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Column names of the flat form: run, hparams.K, hparamSources.K, metrics.M.F, diagnosis.*, durationSec, steps, files. */
export function lineageColumns(table: LineageTable): string[] {
  return [
    "run",
    ...table.hparamKeys.map((k) => `hparams.${k}`),
    ...table.hparamKeys.map((k) => `hparamSources.${k}`),
    ...table.metricKeys.flatMap((m) => [`metrics.${m}.tag`, ...METRIC_FIELDS.map((f) => `metrics.${m}.${f}`)]),
    "diagnosis.worst",
    "diagnosis.errors",
    "diagnosis.warnings",
    "diagnosis.infos",
    "diagnosis.topSymptom",
    "diagnosis.topCause",
    "diagnosis.topCauseConfidence",
    "diagnosis.causes",
    "diagnosis.symptoms",
    "durationSec",
    "steps",
    "files",
    "dataset.train.path",
    "dataset.train.size",
    "dataset.valid.path",
    "dataset.valid.size",
    "dataset.pipeline",
    "tags",
    "note",
  ];
}

/** The flat row of a run, in `lineageColumns` order. */
export function lineageRow(table: LineageTable, r: LineageRun): unknown[] {
  return [
    r.run,
    ...table.hparamKeys.map((k) => r.hparams[k]),
    ...table.hparamKeys.map((k) => r.hparamSources[k] ?? null),
    ...table.metricKeys.flatMap((m) => {
      const x = r.metrics[m];
      return [x?.tag ?? null, ...METRIC_FIELDS.map((f) => (x ? x[f] : null))];
    }),
    r.diagnosis.worst,
    r.diagnosis.counts.error,
    r.diagnosis.counts.warning,
    r.diagnosis.counts.info,
    r.diagnosis.topSymptom,
    r.diagnosis.topCause,
    r.diagnosis.topCauseConfidence,
    r.diagnosis.causes.join(";"),
    r.diagnosis.symptoms.join(";"),
    r.durationSec,
    r.steps,
    r.files.join(";"),
    r.dataset?.train?.path ?? null,
    r.dataset?.train?.size ?? null,
    r.dataset?.valid?.path ?? null,
    r.dataset?.valid?.size ?? null,
    r.dataset?.pipeline.length ? r.dataset.pipeline.map(stepText).join(" | ") : null,
    r.tags?.join(";") ?? null,
    r.note ?? null,
  ];
}

export function lineageCsv(table: LineageTable): string {
  const lines = [lineageColumns(table).map(csvField).join(",")];
  for (const r of table.runs) lines.push(lineageRow(table, r).map(csvField).join(","));
  return lines.join("\n") + "\n";
}

export function importanceCsv(res: ImportanceResult): string {
  const lines = ["param,score,low,high,kind,verdict,pearson,interactions,n"];
  for (const e of res.entries)
    lines.push([e.param, e.score, e.low, e.high, e.kind, e.verdict, e.pearson, e.interactions.join(";"), e.n].map(csvField).join(","));
  return lines.join("\n") + "\n";
}
