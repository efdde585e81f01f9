// Per-layer signals from weight, gradient and activation statistics: weight change per step
// relative to the weight (from mean/std/min/max between records), unchanged weights (with
// tolerances), the first record's spread (constant / far too large / far too small init),
// gradient norm per layer and the first/last layer ratio, shares of zero and saturated
// activations, and non-finite counts.
import { T } from "../thresholds.ts";
import type { LayerStats, RunView } from "./run_view.ts";
import { median } from "./robust_stats.ts";
import type { TensorStatsPoint } from "./tensor_stats.ts";

export interface WeightLayerSignal {
  layer: string;
  key: string;
  records: number;
  firstStep: number;
  lastStep: number;
  /** Median over record pairs of max(|Δmean|, |Δstd|, |Δmin|, |Δmax|) / scale / steps between. */
  changePerStepRel: number;
  /** All records equal within rtol/atol (SageMaker UnchangedTensor). */
  unchanged: boolean;
  initStd: number;
  initRms: number;
  initMax: number;
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

export interface LayerSignals {
  weights: WeightLayerSignal[];
  grads: GradLayerSignal[];
  activations: ActivationLayerSignal[];
  /** Median first-layer gradient norm over median last-layer gradient norm (kernels only). */
  firstLastGradRatio: number;
  firstGradLayer?: string;
  lastGradLayer?: string;
}

const BY_DESIGN = /(^|[/._])(bias|b|beta|gamma|moving_mean|moving_variance|running_mean|running_var|num_batches_tracked)($|[/._:])|batch_?norm|layer_?norm|(^|[/._])(bn|ln)\d*($|[/._])/i;
const IS_BIAS = /(^|[/._])(bias|b|beta)($|[/._:])/i;

function scaleOf(p: TensorStatsPoint): number {
  const s = Math.max(Math.abs(p.min), Math.abs(p.max), Number.isFinite(p.rms) ? p.rms : 0);
  return Number.isFinite(s) ? s : NaN;
}

function close(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= T.unchangedAtol.value + T.unchangedRtol.value * Math.abs(b);
}

function weightSignal(l: LayerStats): WeightLayerSignal {
  const p = l.points;
  const rel: number[] = [];
  let unchanged = p.length >= 2;
  let nonFinite = 0;
  for (const q of p) nonFinite += q.nan + q.inf;
  for (let i = 1; i < p.length; i++) {
    const a = p[i - 1], b = p[i];
    const ds = Math.max(1, b.step - a.step);
    const scale = Math.max(scaleOf(a), 1e-12);
    const dm = Math.max(Math.abs(b.mean - a.mean), Math.abs(b.std - a.std), Math.abs(b.min - a.min), Math.abs(b.max - a.max));
    if (Number.isFinite(dm)) rel.push(dm / scale / ds);
    if (!(close(a.mean, b.mean) && close(a.std, b.std) && close(a.min, b.min) && close(a.max, b.max))) unchanged = false;
  }
  const f = p[0];
  return {
    layer: l.layer, key: l.key, records: p.length, firstStep: f.step, lastStep: p[p.length - 1].step,
    changePerStepRel: median(rel), unchanged,
    initStd: f.std, initRms: f.rms, initMax: Math.max(Math.abs(f.min), Math.abs(f.max)),
    constantByDesign: BY_DESIGN.test(l.layer) || BY_DESIGN.test(l.key), nonFinite,
  };
}

function gradSignal(l: LayerStats): GradLayerSignal {
  const norms = l.points.map((q) => ({ step: q.step, value: q.rms * Math.sqrt(Math.max(1, q.num - q.nan - q.inf)) }));
  let nonFinite = 0;
  for (const q of l.points) nonFinite += q.nan + q.inf;
  return {
    layer: l.layer, key: l.key, norms, medianNorm: median(norms.map((x) => x.value)),
    medianAbsMean: median(l.points.map((q) => q.absMean)), nonFinite,
  };
}

function activationSignal(l: LayerStats): ActivationLayerSignal {
  const half = l.points.slice(Math.floor(l.points.length / 2));
  let nonFinite = 0;
  for (const q of l.points) nonFinite += q.nan + q.inf;
  return {
    layer: l.layer, key: l.key,
    zeroShare: median(half.map((q) => q.zeroShare)), saturatedShare: median(half.map((q) => q.saturatedShare)),
    absMean: median(half.map((q) => q.absMean)), nonFinite, lastStep: l.points[l.points.length - 1].step,
  };
}

/** `beforeStep`: only records before this step count (the step where the loss turned non-finite). */
export function layerSignals(view: RunView, beforeStep = Infinity): LayerSignals {
  const cut = (ls: LayerStats[]) => ls.map((l) => ({ ...l, points: l.points.filter((p) => p.step < beforeStep) })).filter((l) => l.points.length > 0);
  const weights = cut(view.weights).map(weightSignal);
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
  const kernels = grads.filter((g) => !IS_BIAS.test(g.layer) && !BY_DESIGN.test(g.layer) && Number.isFinite(g.medianNorm))
    .sort((a, b) => layerOrder(a.layer, b.layer));
  let ratio = NaN, firstL: string | undefined, lastL: string | undefined;
  if (kernels.length >= 2) {
    const a = kernels[0], b = kernels[kernels.length - 1];
    firstL = a.layer; lastL = b.layer;
    ratio = b.medianNorm > 0 ? a.medianNorm / b.medianNorm : a.medianNorm > 0 ? Infinity : NaN;
  }
  return { weights, grads, activations, firstLastGradRatio: ratio, firstGradLayer: firstL, lastGradLayer: lastL };
}

/** Input-to-output order of layer names: natural order (fc2 < fc10), output-like names last. */
export function layerOrder(a: string, b: string): number {
  const out = (n: string) => (/(^|[/._])(out|output|head|logits|classifier|fc_out|predictions?)([/._]|$)/i.test(n) ? 1 : 0);
  return out(a) - out(b) || a.localeCompare(b, "en", { numeric: true });
}
