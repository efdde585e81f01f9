// Per-step statistics of the recorded weight, gradient and activation tensors/histograms of a run
// (what the dashboard's "tensors / layer statistics" page shows and the watchpoints evaluate):
// min, max, mean, std, mean |x|, zero %, NaN/+Inf/−Inf counts, and range percentages.
// Tensors give exact values (one pass over the elements, as a debugger's tensor summary does).
// Histograms give estimates: mean/std from the recorded sum and sum of squares when present, else
// from bucket midpoints; mean |x| from the buckets (exact for buckets on one side of 0, the
// uniform-in-bucket value for the bucket straddling 0); zero % from the bucket containing 0 when that
// bucket is bounded by 0 or narrow (a point mass at 0), else 0; range percentages count only the
// buckets lying wholly inside the range (a lower bound: a bucket crossing a bound counts as outside).
import { runHistograms, runTensors, type Histogram, type Role, type TensorValue, type TrainingRun } from "../model/index.ts";

export type SeriesRole = "weight" | "gradient" | "activation" | "other";
export type ActivationKind = "tanh" | "sigmoid" | "relu";

export interface TensorStatRow {
  /** Series key inside the run. */
  tag: string;
  kind: "histogram" | "tensor";
  role: SeriesRole;
  layer?: string;
  step: number;
  /** Number of finite values the statistics are computed on. */
  count: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  absMean: number;
  zeroPct: number;
  nan: number;
  posInf: number;
  negInf: number;
  /** true: computed from the tensor's elements; false: estimated from a histogram. */
  exact: boolean;
}

/** One point of a histogram/tensor series, normalised for the statistics and watchpoints. */
export interface StatPoint {
  step: number;
  hist?: Histogram;
  values?: Float64Array;
}

/** A histogram or tensor series of a run with its role, layer and activation type. */
export interface StatSeries {
  key: string;
  kind: "histogram" | "tensor";
  role: SeriesRole;
  layer?: string;
  activation?: ActivationKind;
  /** One point per step (the last one written for that step), in step order. */
  points: StatPoint[];
}

const ROLE_MAP: Partial<Record<Role, SeriesRole>> = { weight_hist: "weight", grad_hist: "gradient", activation_hist: "activation" };

/** Role from the tag name when the run carries no role assignment for the series. */
export function roleFromTag(tag: string): SeriesRole {
  if (/(^|[/._])(grads?|gradients?)($|[/._:])/i.test(tag)) return "gradient";
  if (/(^|[/._])(acts?|activations?|outputs?|out)($|[/._:])/i.test(tag)) return "activation";
  if (/(^|[/._])(tanh|sigmoid|relu\d*)($|[/._:\d])/i.test(tag)) return "activation";
  if (/(^|[/._])(weights?|bias(es)?|kernel(_0)?|gamma|beta|embeddings?|params?|parameters)($|[/._:])/i.test(tag)) return "weight";
  return "other";
}

/** Activation type named in a tag or layer name (MindInsight's recommended ranges apply per type). */
export function activationKind(name: string): ActivationKind | undefined {
  const n = name.toLowerCase();
  if (/tanh/.test(n)) return "tanh";
  if (/sigmoid|logistic/.test(n)) return "sigmoid";
  if (/(^|[^a-z])(leaky_?relu|prelu|[sg]?elu)/.test(n) || /leaky|prelu|gelu|selu/.test(n)) return undefined;
  if (/relu/.test(n)) return "relu";
  return undefined;
}

/** Every histogram and tensor (numeric) series of the run, with roles from `run.roles` or the tag. */
export function statSeries(run: TrainingRun): StatSeries[] {
  const roleOf = new Map<string, { role: SeriesRole; layer?: string }>();
  for (const a of run.roles ?? []) {
    if (a.kind === "scalar") continue;
    const r = ROLE_MAP[a.role];
    roleOf.set(`${a.kind}\u0000${a.key}`, { role: r ?? "other", layer: a.layer });
  }
  const out: StatSeries[] = [];
  const hidden = configuredHiddenActivation(run);
  const add = (key: string, kind: "histogram" | "tensor", pts: StatPoint[]) => {
    if (pts.length === 0) return;
    const assigned = roleOf.get(`${kind}\u0000${key}`);
    const role = assigned && assigned.role !== "other" ? assigned.role : roleFromTag(key);
    const layer = assigned?.layer;
    const named = `${key} ${layer ?? ""}`;
    const activation =
      role !== "activation" ? undefined : (activationKind(named) ?? (hidden && !OUTPUT_LAYER.test(named) ? hidden : undefined));
    out.push({ key, kind, role, layer, activation, points: lastPerStep(pts) });
  };
  for (const [key, s] of runHistograms(run))
    add(
      key,
      "histogram",
      s.points.map((h) => ({ step: h.step, hist: h })),
    );
  for (const [key, s] of runTensors(run)) {
    add(
      key,
      "tensor",
      s.points
        .filter((t): t is TensorValue & { values: Float64Array } => t.values instanceof Float64Array && t.values.length > 0)
        .map((t) => ({ step: t.step, values: t.values })),
    );
  }
  return out;
}

/** Layer names of output heads, whose activation is not the hidden one. */
const OUTPUT_LAYER = /(^|[/._\s])(out|output|outputs|logits?|head|final|pred|preds|predictions?|classifier|fc_?out)($|[/._\s\d])/i;

/**
 * The hidden-layer activation the run's configuration names (`activation: relu`, `model.act: tanh`...),
 * used for activation series whose name does not say it. Undefined when none or ambiguous.
 */
export function configuredHiddenActivation(run: TrainingRun): ActivationKind | undefined {
  for (const h of run.hparams.values()) {
    const last = h.name
      .split(/[./:]/)
      .pop()!
      .toLowerCase()
      .replace(/[_\-\s]/g, "");
    if (!["activation", "act", "activationfn", "hiddenactivation", "nonlinearity"].includes(last)) continue;
    if (typeof h.value === "string") return activationKind(h.value);
  }
  return undefined;
}

function lastPerStep(pts: StatPoint[]): StatPoint[] {
  const by = new Map<number, StatPoint>();
  for (const p of pts) by.set(p.step, p);
  return [...by.values()].sort((a, b) => a.step - b.step);
}

type Stats = Omit<TensorStatRow, "tag" | "kind" | "role" | "layer" | "step">;

/** Exact statistics of tensor elements (NaN/±Inf counted, excluded from the value statistics). */
export function exactStats(v: Float64Array): Stats {
  let n = 0,
    mean = 0,
    m2 = 0,
    abs = 0,
    zeros = 0,
    nan = 0,
    pos = 0,
    neg = 0;
  let min = Infinity,
    max = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) {
      if (x !== x) nan++;
      else if (x > 0) pos++;
      else neg++;
      continue;
    }
    n++;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
    abs += Math.abs(x);
    if (x === 0) zeros++;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (n === 0)
    return { count: 0, min: NaN, max: NaN, mean: NaN, std: NaN, absMean: NaN, zeroPct: NaN, nan, posInf: pos, negInf: neg, exact: true };
  return {
    count: n,
    min,
    max,
    mean,
    std: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0,
    absMean: abs / n,
    zeroPct: (100 * zeros) / n,
    nan,
    posInf: pos,
    negInf: neg,
    exact: true,
  };
}

interface Bucket {
  l: number;
  r: number;
  c: number;
  point?: number;
}

/** Buckets with their edges clamped to the recorded min/max, and point masses marked. */
export function histBuckets(h: Histogram): Bucket[] {
  const lo = Number.isFinite(h.min) ? h.min : -Infinity;
  const hi = Number.isFinite(h.max) ? h.max : Infinity;
  const out: Bucket[] = [];
  let first = Infinity,
    last = -Infinity;
  for (let i = 0; i < h.counts.length; i++) {
    if (!(h.counts[i] > 0)) continue;
    const l = Math.max(h.lefts[i], lo),
      r = Math.min(h.rights[i], hi);
    first = Math.min(first, Number.isFinite(l) ? l : Number.isFinite(h.rights[i]) ? h.rights[i] : first);
    last = Math.max(last, Number.isFinite(r) ? r : Number.isFinite(h.lefts[i]) ? h.lefts[i] : last);
    out.push({ l, r, c: h.counts[i] });
  }
  const span = Number.isFinite(last - first) ? last - first : 0;
  for (const b of out) {
    if (!Number.isFinite(b.l)) b.l = Number.isFinite(b.r) ? b.r : 0;
    if (!Number.isFinite(b.r)) b.r = b.l;
    if (b.r < b.l) b.r = b.l;
    const w = b.r - b.l;
    if (w === 0) b.point = b.l;
    else if (b.l <= 0 && 0 <= b.r && (b.l === 0 || b.r === 0 || w <= 1e-6 * span)) b.point = 0;
  }
  if (out.length && lo === hi && Number.isFinite(lo)) for (const b of out) b.point = lo;
  return out;
}

/** Non-finite counts of a histogram: the recorded ones, else inferred from num vs the bucket total and ±Inf min/max. */
export function histNonFinite(h: Histogram): { nan: number; posInf: number; negInf: number } {
  let { nan, posInf, negInf } = h.nonFinite;
  if (nan + posInf + negInf === 0) {
    let inBuckets = 0;
    for (let i = 0; i < h.counts.length; i++) inBuckets += h.counts[i] > 0 ? h.counts[i] : 0;
    if (Number.isFinite(h.num) && h.num - inBuckets >= 1) nan = Math.round(h.num - inBuckets);
    if (h.max === Infinity) posInf = Math.max(posInf, 1);
    if (h.min === -Infinity) negInf = Math.max(negInf, 1);
  }
  return { nan, posInf, negInf };
}

/** Estimated statistics of a histogram (see the file comment for how each is estimated). */
export function histogramStats(h: Histogram): Stats {
  const bs = histBuckets(h);
  const nf = histNonFinite(h);
  let n = 0;
  for (const b of bs) n += b.c;
  if (n === 0) return { count: 0, min: NaN, max: NaN, mean: NaN, std: NaN, absMean: NaN, zeroPct: NaN, ...nf, exact: false };
  let sMid = 0,
    sMid2 = 0,
    sAbs = 0,
    zeros = 0;
  for (const b of bs) {
    const mid = b.point ?? (b.l + b.r) / 2;
    sMid += mid * b.c;
    sMid2 += mid * mid * b.c;
    const absMid =
      b.point !== undefined ? Math.abs(b.point) : b.l >= 0 || b.r <= 0 ? Math.abs(mid) : (b.l * b.l + b.r * b.r) / (2 * (b.r - b.l));
    sAbs += absMid * b.c;
    if (b.point === 0) zeros += b.c;
  }
  const min = Number.isFinite(h.min) ? h.min : bs[0].l;
  const max = Number.isFinite(h.max) ? h.max : bs[bs.length - 1].r;
  let mean = sMid / n;
  let variance = Math.max(0, sMid2 / n - mean * mean);
  if (Number.isFinite(h.sum)) {
    mean = h.sum / n;
    if (Number.isFinite(h.sumSquares)) variance = Math.max(0, h.sumSquares / n - mean * mean);
  }
  if (min === 0 && max === 0) zeros = n;
  return {
    count: n,
    min,
    max,
    mean,
    std: Math.sqrt(variance * (n > 1 ? n / (n - 1) : 1)),
    absMean: sAbs / n,
    zeroPct: (100 * zeros) / n,
    ...nf,
    exact: false,
  };
}

/** Percentage of values in [start, end] (inclusive). Histograms: buckets wholly inside only (a lower bound). NaN values count in N (as a debugger does). */
export function rangePercentage(p: StatPoint, start: number, end: number): number {
  if (p.values) {
    let inside = 0;
    for (let i = 0; i < p.values.length; i++) {
      const x = p.values[i];
      if (x >= start && x <= end) inside++;
    }
    return p.values.length ? (100 * inside) / p.values.length : NaN;
  }
  const h = p.hist!;
  const bs = histBuckets(h);
  const nf = histNonFinite(h);
  let n = nf.nan + nf.posInf + nf.negInf,
    inside = 0;
  for (const b of bs) {
    n += b.c;
    if (b.point !== undefined ? b.point >= start && b.point <= end : b.l >= start && b.r <= end) inside += b.c;
  }
  if (start === -Infinity) inside += nf.negInf;
  if (end === Infinity) inside += nf.posInf;
  return n ? (100 * inside) / n : NaN;
}

/** Statistics of one point, exact for tensors, estimated for histograms. */
export function pointStats(p: StatPoint): Stats {
  return p.values ? exactStats(p.values) : histogramStats(p.hist!);
}

/**
 * Per tag and step: min, max, mean, std, mean |x|, zero %, NaN/+Inf/−Inf counts, exact or estimated,
 * for every histogram and numeric tensor series of the run (weights, gradients, activations, others).
 */
export function tensorStats(run: TrainingRun): TensorStatRow[] {
  const rows: TensorStatRow[] = [];
  for (const s of statSeries(run)) {
    for (const p of s.points) {
      rows.push({ tag: s.key, kind: s.kind, role: s.role, ...(s.layer ? { layer: s.layer } : {}), step: p.step, ...pointStats(p) });
    }
  }
  return rows;
}
