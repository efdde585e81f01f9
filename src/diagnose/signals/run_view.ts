// The diagnosis' view of one training run: the series that play each role (train/val loss,
// accuracy, learning rate, gradient norms, per-layer weight/gradient/activation statistics),
// found through the roles the reader assigned (`run.roles`), at full resolution, sorted by step.
// Accuracy curves logged in percent (timm `eval_top1`, 0–100) are rescaled to fractions and listed
// in `accuracyPercent`. Hyper-parameters are looked up through the shared alias table
// (../hparam_aliases.ts).
import { lookupHParam, numberOf, type HParamKey, type NamedValue } from "../hparam_aliases.ts";
import {
  assignRoles,
  mainScalars,
  runHistograms,
  runScalars,
  runTensors,
  type HParamValue,
  type MainScalars,
  type RoleAssignment,
  type ScalarSeries,
  type TrainingRun,
} from "../../model/index.ts";
import { statsFromHistogram, statsFromTensor, type TensorStatsPoint } from "./tensor_stats.ts";

export interface Curve {
  /** Series key inside the run. */
  key: string;
  /** Steps and values, sorted by step, non-finite values kept. */
  steps: number[];
  values: number[];
  nonFinite: number;
  granularity?: "step" | "epoch";
}

export interface LayerStats {
  key: string;
  layer: string;
  points: TensorStatsPoint[];
}

export interface RunView {
  run: TrainingRun;
  trainLoss?: Curve;
  /** A second, per-epoch training loss when the per-step one is the main one (Keras batch_/epoch_ tags, Lightning _step/_epoch). */
  trainLossEpoch?: Curve;
  valLoss?: Curve;
  trainAcc?: Curve;
  valAcc?: Curve;
  /**
   * A validation metric where higher is better that is not an accuracy (mAP, F1, IoU, PCK, BLEU…),
   * when no validation accuracy is logged: the main one by name (`mainValMetricRank`).
   */
  valMetric?: Curve;
  lr?: Curve;
  epoch?: Curve;
  gradNormTotal?: Curve;
  gradNorms: (Curve & { layer: string })[];
  weights: LayerStats[];
  grads: LayerStats[];
  activations: LayerStats[];
  hparams: Map<string, HParamValue>;
  /** Keys of the accuracy curves (trainAcc/valAcc) that were logged in percent and rescaled to 0–1. */
  accuracyPercent: string[];
  /** Every scalar key read (for "what was read" messages). */
  scalarKeys: string[];
  histogramKeys: string[];
}

/** A scalar series as a curve: sorted by step (stable for equal steps), non-finite values kept and counted. */
export function curveOf(key: string, s: ScalarSeries, granularity?: "step" | "epoch"): Curve {
  const n = s.length;
  const st = s.steps,
    va = s.values;
  let sorted = true;
  for (let i = 1; i < n; i++)
    if (st[i] < st[i - 1]) {
      sorted = false;
      break;
    }
  const steps: number[] = new Array(n),
    values: number[] = new Array(n);
  if (sorted)
    for (let i = 0; i < n; i++) {
      steps[i] = st[i];
      values[i] = va[i];
    }
  else {
    const idx = Array.from({ length: n }, (_, i) => i);
    idx.sort((a, b) => st[a] - st[b] || a - b);
    for (let i = 0; i < n; i++) {
      steps[i] = st[idx[i]];
      values[i] = va[idx[i]];
    }
  }
  let nonFinite = 0;
  for (const v of values) if (!Number.isFinite(v)) nonFinite++;
  return { key, steps, values, nonFinite, granularity };
}

/** Roles from the reader, or a conservative name-based guess when the run carries none. */
function rolesOf(run: TrainingRun, scalarKeys: string[], histKeys: string[]): RoleAssignment[] {
  if (run.roles && run.roles.length > 0) return run.roles;
  let assigned: RoleAssignment[] = [];
  try {
    assigned = assignRoles(run);
  } catch {
    assigned = [];
  }
  return assigned.length > 0 ? assigned : guessRoles(scalarKeys, histKeys);
}

/** Minimal naming rules used only when the reader assigned no roles (hand-built runs). */
export function guessRoles(scalarKeys: string[], histKeys: string[]): RoleAssignment[] {
  const out: RoleAssignment[] = [];
  const taken = new Set<string>();
  const single = (role: RoleAssignment["role"], re: RegExp) => {
    if (taken.has(role)) return;
    const k = scalarKeys.find((key) => re.test(key));
    if (k) {
      out.push({ key: k, kind: "scalar", role, rule: "diagnose.fallback" });
      taken.add(role);
    }
  };
  single(
    "val_loss",
    /(^|[/_])(val|valid|validation|eval)[/_]?(epoch_)?loss$|^loss[/_](val|valid|validation|eval)$|^validation\/epoch_loss$/i,
  );
  single("train_loss", /^(train[/_])?(epoch_)?loss$|^loss[/_]train$|^train[/_]loss$|^train\/epoch_loss$|^training[/_]loss$/i);
  single("val_accuracy", /(^|[/_])(val|valid|validation|eval)[/_]?(epoch_)?acc(uracy)?$|^acc(uracy)?[/_](val|valid|validation)$/i);
  single("train_accuracy", /^(train[/_])?(epoch_)?acc(uracy)?$|^acc(uracy)?[/_]train$|^train\/epoch_acc(uracy)?$/i);
  single("learning_rate", /(^|[/_])(lr|learning_rate)$/i);
  for (const k of histKeys) {
    if (/grad/i.test(k)) out.push({ key: k, kind: "histogram", role: "grad_hist", rule: "diagnose.fallback", layer: k });
    else if (/activ|output/i.test(k)) out.push({ key: k, kind: "histogram", role: "activation_hist", rule: "diagnose.fallback", layer: k });
    else if (/weight|kernel|bias/i.test(k))
      out.push({ key: k, kind: "histogram", role: "weight_hist", rule: "diagnose.fallback", layer: k });
  }
  return out;
}

/** The role assignments the diagnosis reads for `run` (its own, or the fallback guess: `rolesOf`). */
export function viewRoles(run: TrainingRun): RoleAssignment[] {
  const histogramKeys = [...runHistograms(run).keys(), ...runTensors(run).keys()];
  return rolesOf(run, [...runScalars(run).keys()], histogramKeys);
}

export function buildRunView(run: TrainingRun): RunView {
  const scalars = runScalars(run);
  const hists = runHistograms(run);
  const tensors = runTensors(run);
  const scalarKeys = [...scalars.keys()];
  const histogramKeys = [...hists.keys(), ...tensors.keys()];
  const roles = rolesOf(run, scalarKeys, histogramKeys);
  const view: RunView = {
    run,
    gradNorms: [],
    weights: [],
    grads: [],
    activations: [],
    hparams: new Map(),
    accuracyPercent: [],
    scalarKeys,
    histogramKeys,
  };
  for (const [name, hp] of run.hparams) view.hparams.set(name, hp.value);
  // the main series of each single role (model/main_series.ts): only these are copied into curves
  const main = mainScalars(roles, scalars);
  for (const slot of Object.keys(main) as (keyof MainScalars)[]) {
    const m = main[slot]!;
    view[slot] = curveOf(m.assignment.key, scalars.get(m.assignment.key)!, m.assignment.granularity);
  }
  for (const r of roles) {
    if (r.kind === "scalar") {
      if (r.role !== "grad_norm") continue;
      const s = scalars.get(r.key);
      if (!s || s.length === 0) continue;
      view.gradNorms.push({ ...curveOf(r.key, s, r.granularity), layer: r.layer ?? r.key });
      continue;
    }
    const target =
      r.role === "weight_hist"
        ? view.weights
        : r.role === "grad_hist"
          ? view.grads
          : r.role === "activation_hist"
            ? view.activations
            : null;
    if (!target) continue;
    let points: TensorStatsPoint[] = [];
    if (r.kind === "histogram") {
      const h = hists.get(r.key);
      if (h) points = h.points.map(statsFromHistogram);
    } else {
      const t = tensors.get(r.key);
      if (t)
        for (const p of t.points) {
          const s = statsFromTensor(p);
          if (s) points.push(s);
        }
    }
    points.sort((a, b) => a.step - b.step);
    if (points.length) target.push({ key: r.key, layer: r.layer ?? r.key, points });
  }
  if (!view.valAcc) {
    const m = roles
      .filter(
        (r) => r.kind === "scalar" && r.role === "val_metric" && mainValMetricRank(r.key) >= 0 && (scalars.get(r.key)?.length ?? 0) > 0,
      )
      .sort((a, b) => mainValMetricRank(a.key) - mainValMetricRank(b.key) || a.key.localeCompare(b.key))[0];
    if (m) view.valMetric = curveOf(m.key, scalars.get(m.key)!, m.granularity);
  }
  for (const which of ["trainAcc", "valAcc"] as const) {
    const c = view[which];
    if (c && isPercentCurve(c.values)) {
      view[which] = { ...c, values: c.values.map((v) => (Number.isFinite(v) ? v / 100 : v)) };
      view.accuracyPercent.push(c.key);
    }
  }
  return view;
}

/** Higher-is-better validation metrics by preference (COCO-style mAP over IoU thresholds first); lower-is-better names (error rates, distances) are never one. */
const VAL_METRIC_ORDER = [
  /map50-95|map_?0?\.?5:0?\.?95/i,
  /bbox_map$|(^|[/_])map$/i,
  /map/i,
  /f1|fscore|f_score/i,
  /iou|dice/i,
  /pck|auc/i,
  /bleu|rouge|meteor/i,
  /precision|recall/i,
];
const LOWER_IS_BETTER = /wer|cer|err|loss|perplexity|ppl|dist|mae|mse|rmse|fid|epe/i;

/** Rank of a validation metric key in `VAL_METRIC_ORDER` (−1: not a known higher-is-better metric). */
export function mainValMetricRank(key: string): number {
  if (LOWER_IS_BETTER.test(key)) return -1;
  return VAL_METRIC_ORDER.findIndex((re) => re.test(key));
}

/**
 * True for an accuracy curve logged in percent: every finite value within [0, 100] and the largest
 * above 1.5 (a fraction never exceeds 1; 1.5 leaves room for rounding noise around 1).
 */
export function isPercentCurve(values: number[]): boolean {
  let max = -Infinity,
    n = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < 0 || v > 100) return false;
    if (v > max) max = v;
    n++;
  }
  return n > 0 && max > 1.5;
}

/** The view's hyper-parameters with the source kind each came from (for the alias lookup). */
function hparamEntries(view: RunView): NamedValue[] {
  const out: NamedValue[] = [];
  for (const [name, value] of view.hparams) out.push({ name, value, sourceKind: view.run.hparams?.get(name)?.sourceKind });
  return out;
}

/** The hyper-parameter for a key of the shared alias table (name and value), or undefined. */
export function hparamFor(view: RunView, key: HParamKey, want: "number" | "string" | "any" = "any"): NamedValue | undefined {
  return lookupHParam(hparamEntries(view), key, want);
}

/** A numeric hyper-parameter by its key in the shared alias table (`learning_rate`, `batch_size`, ...). */
export function hparamNumberFor(view: RunView, key: HParamKey): number | undefined {
  const h = hparamFor(view, key, "number");
  return h ? numberOf(h.value) : undefined;
}

/** A string hyper-parameter by its key in the shared alias table (`optimizer`, `activation`, ...). */
export function hparamStringFor(view: RunView, key: HParamKey): string | undefined {
  const h = hparamFor(view, key, "string");
  return h && typeof h.value === "string" ? h.value : undefined;
}
