// Per-layer signals from weight, gradient and activation statistics: weight change relative to
// the weight (from mean/std/min/max between records) per record pair and per optimizer step,
// unchanged weights (with tolerances), the first record's spread (constant / far too large / far
// too small init), the change of the first moving kernel over the last one's, gradient norm per
// layer and the first/last layer ratio, shares of zero and saturated activations, and non-finite
// counts. The step axis of the weight records is converted
// to optimizer steps when it counts epochs (Keras histogram_freq=1) or samples seen (a step axis
// of (step + 1) × batch size), so that the change per step does not depend on the step unit.
import { T } from "../thresholds.ts";
import { assignRoles, runScalars, type RoleAssignment } from "../../model/index.ts";
import type { HParamKey } from "../hparam_aliases.ts";
import { hparamNumberFor, type Curve, type LayerStats, type RunView } from "./run_view.ts";
import { median } from "./robust_stats.ts";
import { stepsPerEpoch, type StepsPerEpoch } from "./steps_per_epoch.ts";
import type { TensorStatsPoint } from "./tensor_stats.ts";

export interface WeightLayerSignal {
  layer: string;
  key: string;
  records: number;
  firstStep: number;
  lastStep: number;
  /**
   * Median over record pairs of max(|Δmean|, |Δstd|, |Δmin|, |Δmax|) / scale / optimizer steps
   * between the records (`LayerSignals.stepUnit` converts the step axis; per step unit when unknown).
   */
  changePerStepRel: number;
  /** Median over record pairs of max(|Δmean|, |Δstd|, |Δmin|, |Δmax|) / scale (independent of the step axis). */
  changePerRecordRel: number;
  /** Median optimizer steps between consecutive records (step units × `stepUnit.optimizerSteps`). */
  stepsPerRecord: number;
  /** All records equal within rtol/atol (SageMaker UnchangedTensor). */
  unchanged: boolean;
  initStd: number;
  initRms: number;
  initMax: number;
  /**
   * Largest distance of a value from the mean at the first record, in standard deviations
   * (max(max − mean, mean − min) / std): √3 ≈ 1.73 for a uniform initialiser (PyTorch's and
   * Keras's defaults), at most 2.3 for a normal truncated at 2σ; trained weights have tails far
   * beyond (NaN when the record has no spread).
   */
  initTailRatio: number;
  /** Number of values in the first record. */
  initNum: number;
  /** Parameters that are legitimately constant at init (biases, norm scales). */
  constantByDesign: boolean;
  nonFinite: number;
}

export interface GradLayerSignal {
  layer: string;
  key: string;
  /** L2 norm estimate per record: rms × sqrt(num). */
  norms: { step: number; value: number }[];
  medianNorm: number;
  medianAbsMean: number;
  nonFinite: number;
}

export interface ActivationLayerSignal {
  layer: string;
  key: string;
  zeroShare: number;
  saturatedShare: number;
  absMean: number;
  nonFinite: number;
  /** Zero share / saturation over the last half of the records (median). */
  lastStep: number;
}

/** What one unit of the weight records' step axis is, in optimizer steps. */
export interface StepUnit {
  axis: "optimizer_step" | "epoch" | "samples";
  /** Optimizer steps per unit of the axis (1 / batch size for samples, steps per epoch for epochs). */
  optimizerSteps: number;
  /** False when the axis counts epochs but the steps per epoch are unknown (each epoch then counts as one step). */
  known: boolean;
  source: string;
}

export interface LayerSignals {
  weights: WeightLayerSignal[];
  stepUnit: StepUnit;
  grads: GradLayerSignal[];
  activations: ActivationLayerSignal[];
  /**
   * Weight change per step of the kernel nearest the input that moves at all (change > 0, even
   * within the unchanged tolerance) over that of the last kernel: the update-side view of a
   * vanishing gradient when no gradient is logged (a deep net whose early layers barely drift while
   * the head trains). NaN when no earlier kernel moves (bit-exact frozen layers, a frozen backbone).
   */
  firstMovingLastChangeRatio: number;
  firstMovingLayer?: string;
  lastChangeLayer?: string;
  /**
   * Median over the kernels (no biases or norm parameters; at least 3 records) of their relative
   * change per record and per optimizer step (the latter NaN when the step unit is unknown), and
   * how many kernels that is (0: no weight history).
   */
  kernelChange: { perRecord: number; perStep: number; kernels: number; keys: string[] };
  /** Median first-layer gradient norm over median last-layer gradient norm (kernels only). */
  firstLastGradRatio: number;
  firstGradLayer?: string;
  lastGradLayer?: string;
}

const BY_DESIGN =
  /(^|[/._])(bias|b|beta|gamma|moving_mean|moving_variance|running_mean|running_var|num_batches_tracked)($|[/._:])|batch_?norm|layer_?norm|(^|[/._])(bn|ln)\d*($|[/._])/i;
const IS_BIAS = /(^|[/._])(bias|b|beta)($|[/._:])/i;

function scaleOf(p: TensorStatsPoint): number {
  const s = Math.max(Math.abs(p.min), Math.abs(p.max), Number.isFinite(p.rms) ? p.rms : 0);
  return Number.isFinite(s) ? s : NaN;
}

/** Largest finite value (NaN when none is finite): a statistic a format does not record is left out. */
function maxFinite(xs: number[]): number {
  let m = NaN;
  for (const x of xs) if (Number.isFinite(x) && !(x <= m)) m = x;
  return m;
}

function close(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= T.unchangedAtol.value + T.unchangedRtol.value * Math.abs(b);
}

function weightSignal(l: LayerStats, unit: StepUnit): WeightLayerSignal {
  const p = l.points;
  const rel: number[] = [],
    perRecord: number[] = [],
    gaps: number[] = [];
  let unchanged = p.length >= 2;
  let nonFinite = 0;
  for (const q of p) nonFinite += q.nan + q.inf;
  for (let i = 1; i < p.length; i++) {
    const a = p[i - 1],
      b = p[i];
    // optimizer steps between the records (at least one: two records are at least one update apart)
    const ds = Math.max(1, (b.step - a.step) * unit.optimizerSteps);
    gaps.push(ds);
    const scale = Math.max(scaleOf(a), T.levelFloor.value);
    const dm = maxFinite([Math.abs(b.mean - a.mean), Math.abs(b.std - a.std), Math.abs(b.min - a.min), Math.abs(b.max - a.max)]);
    if (Number.isFinite(dm)) {
      rel.push(dm / scale / ds);
      perRecord.push(dm / scale);
    }
    if (!(close(a.mean, b.mean) && close(a.std, b.std) && close(a.min, b.min) && close(a.max, b.max))) unchanged = false;
  }
  const f = p[0];
  return {
    layer: l.layer,
    key: l.key,
    records: p.length,
    firstStep: f.step,
    lastStep: p[p.length - 1].step,
    changePerStepRel: median(rel),
    changePerRecordRel: median(perRecord),
    stepsPerRecord: median(gaps),
    unchanged,
    initStd: f.std,
    initRms: f.rms,
    initMax: Math.max(Math.abs(f.min), Math.abs(f.max)),
    initTailRatio: f.std > T.levelFloor.value ? Math.max(f.max - f.mean, f.mean - f.min) / f.std : NaN,
    initNum: f.num,
    constantByDesign: BY_DESIGN.test(l.layer) || BY_DESIGN.test(l.key),
    nonFinite,
  };
}

const OPTIMIZER_STEP: StepUnit = { axis: "optimizer_step", optimizerSteps: 1, known: true, source: "step axis counts optimizer steps" };

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Steps 0..n−1 or 1..n, one per point (an epoch index when there are no more points than epochs `E`). */
function epochIndexed(steps: readonly number[], E = Infinity): boolean {
  if (steps.length < 2 || steps.length > E + 1 || (steps[0] !== 0 && steps[0] !== 1)) return false;
  for (let i = 1; i < steps.length; i++) if (steps[i] - steps[i - 1] !== 1) return false;
  return true;
}

/** Equal positive spacing d >= 2 (within one step), first point at d or d − 1 (the end of the first epoch): d, else NaN. */
function uniformSpacing(steps: readonly number[]): number {
  if (steps.length < 2) return NaN;
  const d = steps[1] - steps[0];
  if (!(d >= 2)) return NaN;
  for (let i = 1; i < steps.length; i++) if (Math.abs(steps[i] - steps[i - 1] - d) > 1) return NaN;
  return Math.abs(steps[0] - d) <= 1 ? d : NaN;
}

/**
 * Optimizer steps per epoch from a per-epoch curve logged on two axes: the epoch index and the
 * optimizer iterations (Keras `epoch_loss` beside `evaluation_loss_vs_iterations`): the spacing of the second.
 */
function iterationsTwin(view: RunView): { value: number; source: string } | null {
  let all: RoleAssignment[] = view.run.roles ?? [];
  if (all.length === 0) {
    try {
      all = assignRoles(view.run);
    } catch {
      all = [];
    }
  }
  const roles = all.filter((r) => r.kind === "scalar" && /^(val|train|test)_(loss|accuracy|metric)$/.test(r.role));
  if (roles.length < 2) return null;
  const scalars = runScalars(view.run);
  const series = roles
    .map((r) => ({ r, s: scalars.get(r.key) }))
    .filter((x) => x.s && x.s.length >= 2)
    .map((x) => ({ role: x.r.role, key: x.r.key, steps: Array.from(x.s!.steps).sort((a, b) => a - b) }));
  for (const e of series) {
    if (!epochIndexed(e.steps)) continue;
    for (const it of series) {
      if (it === e || it.role !== e.role || it.steps.length !== e.steps.length) continue;
      const d = uniformSpacing(it.steps);
      if (Number.isFinite(d)) return { value: d, source: `${it.key} (optimizer iterations) beside ${e.key} (epochs)` };
    }
  }
  return null;
}

/** A positive numeric hyper-parameter of the run (the shared table of names). */
function hp(view: RunView, key: HParamKey): number | undefined {
  const v = hparamNumberFor(view, key);
  return v !== undefined && v > 0 ? v : undefined;
}

/** Epochs the run trained: the hyper-parameter, else the points of an epoch-indexed curve. */
function epochCount(view: RunView): number {
  const hpE = hp(view, "epochs");
  if (hpE !== undefined && hpE >= 1) return hpE;
  const perEpoch = [view.valLoss, view.trainLossEpoch, view.valAcc, view.trainLoss?.granularity === "epoch" ? view.trainLoss : undefined];
  const c = perEpoch.find((x): x is Curve => !!x && epochIndexed(x.steps));
  return c ? c.steps.length : NaN;
}

/**
 * The unit of the weight records' step axis, in optimizer steps:
 *  - epochs: the records sit on consecutive steps no larger than the epoch count, while the
 *    per-step loss (when logged) runs far beyond it; optimizer steps per epoch from the
 *    hyper-parameters, a per-epoch curve also logged on the iterations axis, or the run's steps per epoch;
 *  - samples seen: every step of the per-step series (weights, loss, learning rate, gradient
 *    norms) is a multiple of the logged batch size and their greatest common divisor is exactly it;
 *  - optimizer steps otherwise.
 */
export function weightStepUnit(view: RunView, spe: StepsPerEpoch | null): StepUnit {
  const wSteps = [...new Set(view.weights.flatMap((l) => l.points.map((p) => p.step)))].sort((a, b) => a - b);
  if (wSteps.length < 2) return OPTIMIZER_STEP;
  const E = epochCount(view);
  const tl = view.trainLoss;
  // an epoch-indexed curve has no more points than epochs (unknown epoch count: taken as per step)
  const byEpoch = (c: Curve) => c.granularity === "epoch" || (Number.isFinite(E) && epochIndexed(c.steps, E));
  const perStepLoss = tl && !byEpoch(tl) ? tl : undefined;
  const hpSpe = hp(view, "steps_per_epoch"),
    n = hp(view, "dataset_size"),
    b = hp(view, "batch_size");
  const hparamSpe =
    hpSpe !== undefined
      ? { value: hpSpe, source: "hparams steps_per_epoch" }
      : n !== undefined && b !== undefined
        ? { value: Math.ceil(n / b), source: `hparams: ${n} samples / batch ${b}` }
        : null;
  // epoch axis
  const wLast = wSteps[wSteps.length - 1];
  const spacing = median(wSteps.slice(1).map((x, i) => x - wSteps[i]));
  if (
    Number.isFinite(E) &&
    E >= 2 &&
    spacing === 1 &&
    wSteps[0] >= 0 &&
    wLast <= E &&
    (!perStepLoss || perStepLoss.steps[perStepLoss.steps.length - 1] > 2 * (E + 1))
  ) {
    const from = hparamSpe ?? iterationsTwin(view) ?? (spe && spe.trainLossPerStep ? { value: spe.value, source: spe.source } : null);
    if (from && from.value >= 1)
      return {
        axis: "epoch",
        optimizerSteps: from.value,
        known: true,
        source: `records once per epoch; ${from.value} optimizer steps per epoch from ${from.source}`,
      };
    return {
      axis: "epoch",
      optimizerSteps: 1,
      known: false,
      source: "records once per epoch; steps per epoch unknown (each epoch counted as one step)",
    };
  }
  // samples axis
  if (b !== undefined && Number.isInteger(b) && b >= 2) {
    const all = new Set<number>(wSteps);
    const add = (c: Curve | undefined) => {
      if (c && !byEpoch(c)) for (const x of c.steps) all.add(x);
    };
    add(perStepLoss);
    add(view.lr);
    add(view.gradNormTotal);
    for (const g of view.gradNorms) add(g);
    for (const l of [...view.grads, ...view.activations]) for (const p of l.points) all.add(p.step);
    const pos = [...all].filter((x) => x > 0);
    if (pos.length >= 3 && pos.every(Number.isInteger) && pos.reduce(gcd) === b) {
      return {
        axis: "samples",
        optimizerSteps: 1 / b,
        known: true,
        source: `every step is a multiple of the batch size ${b} (samples seen)`,
      };
    }
  }
  return OPTIMIZER_STEP;
}

function gradSignal(l: LayerStats): GradLayerSignal {
  const norms = l.points.map((q) => ({ step: q.step, value: q.rms * Math.sqrt(Math.max(1, q.num - q.nan - q.inf)) }));
  let nonFinite = 0;
  for (const q of l.points) nonFinite += q.nan + q.inf;
  return {
    layer: l.layer,
    key: l.key,
    norms,
    medianNorm: median(norms.map((x) => x.value)),
    medianAbsMean: median(l.points.map((q) => q.absMean)),
    nonFinite,
  };
}

function activationSignal(l: LayerStats): ActivationLayerSignal {
  const half = l.points.slice(Math.floor(l.points.length / 2));
  let nonFinite = 0;
  for (const q of l.points) nonFinite += q.nan + q.inf;
  return {
    layer: l.layer,
    key: l.key,
    zeroShare: median(half.map((q) => q.zeroShare)),
    saturatedShare: median(half.map((q) => q.saturatedShare)),
    absMean: median(half.map((q) => q.absMean)),
    nonFinite,
    lastStep: l.points[l.points.length - 1].step,
  };
}

/**
 * `beforeStep`: only records before this step count (the step where the loss turned non-finite).
 * `spe`: the run's steps per epoch (computed from the view when not given).
 */
export function layerSignals(view: RunView, beforeStep = Infinity, spe?: StepsPerEpoch | null): LayerSignals {
  const cut = (ls: LayerStats[]) =>
    ls.map((l) => ({ ...l, points: l.points.filter((p) => p.step < beforeStep) })).filter((l) => l.points.length > 0);
  const stepUnit = view.weights.length ? weightStepUnit(view, spe === undefined ? stepsPerEpoch(view) : spe) : OPTIMIZER_STEP;
  const weights = cut(view.weights).map((l) => weightSignal(l, stepUnit));
  const grads = cut(view.grads).map(gradSignal);
  const activations = cut(view.activations).map(activationSignal);
  // gradient norm per layer from scalars when no gradient histograms were logged
  if (grads.length === 0) {
    for (const g of view.gradNorms) {
      const norms = g.steps.map((s, i) => ({ step: s, value: g.values[i] })).filter((p) => p.step < beforeStep);
      if (norms.length === 0) continue;
      const nonFinite = norms.length === g.steps.length ? g.nonFinite : norms.filter((p) => !Number.isFinite(p.value)).length;
      grads.push({ layer: g.layer, key: g.key, norms, medianNorm: median(norms.map((p) => p.value)), medianAbsMean: NaN, nonFinite });
    }
  }
  const kernels = grads
    .filter((g) => !IS_BIAS.test(g.layer) && !BY_DESIGN.test(g.layer) && Number.isFinite(g.medianNorm))
    .sort((a, b) => layerOrder(a.layer, b.layer));
  let ratio = NaN,
    firstL: string | undefined,
    lastL: string | undefined;
  if (kernels.length >= 2) {
    const a = kernels[0],
      b = kernels[kernels.length - 1];
    firstL = a.layer;
    lastL = b.layer;
    ratio = b.medianNorm > 0 ? a.medianNorm / b.medianNorm : a.medianNorm > 0 ? Infinity : NaN;
  }
  const wk = weights
    .filter((w) => !IS_BIAS.test(w.layer) && !w.constantByDesign && w.records >= 3 && Number.isFinite(w.changePerStepRel))
    .sort((a, b) => layerOrder(a.layer, b.layer));
  let changeRatio = NaN,
    firstMoving: string | undefined,
    lastChange: string | undefined;
  if (wk.length >= 2) {
    const last = wk[wk.length - 1];
    const fm = wk.slice(0, -1).find((w) => w.changePerStepRel > 0);
    lastChange = last.layer;
    if (fm && last.changePerStepRel > 0) {
      changeRatio = fm.changePerStepRel / last.changePerStepRel;
      firstMoving = fm.layer;
    }
  }
  return {
    weights,
    stepUnit,
    grads,
    activations,
    firstMovingLastChangeRatio: changeRatio,
    kernelChange: {
      perRecord: medianOf(wk.map((w) => w.changePerRecordRel)),
      perStep: stepUnit.known ? medianOf(wk.map((w) => w.changePerStepRel)) : NaN,
      kernels: wk.length,
      keys: wk.slice(0, 2).map((w) => w.key),
    },
    firstMovingLayer: firstMoving,
    lastChangeLayer: lastChange,
    firstLastGradRatio: ratio,
    firstGradLayer: firstL,
    lastGradLayer: lastL,
  };
}

/** Input-to-output order of layer names: natural order (fc2 < fc10), output-like names last. */
export function layerOrder(a: string, b: string): number {
  const out = (n: string) => (/(^|[/._])(out|output|head|logits|classifier|fc_out|predictions?)([/._]|$)/i.test(n) ? 1 : 0);
  return out(a) - out(b) || a.localeCompare(b, "en", { numeric: true });
}

function medianOf(xs: number[]): number {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : NaN;
}
