// Per-step statistics of a weight / gradient / activation tag, from histograms (estimated from
// the buckets) or from full tensors (exact): min, max, mean, std, share of zeros, share of
// values at the saturation limits of a bounded activation, non-finite counts. A histogram without
// a recorded sum or sum of squares (TF2 `[k,3]` tensors, MindSpore summaries) gets its mean and
// std from the bucket midpoints, the buckets clamped to the recorded min/max.
import { T } from "../thresholds.ts";
import type { Histogram, TensorValue } from "../../model/index.ts";

export interface TensorStatsPoint {
  step: number;
  num: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  /** Mean of |x| (exact for tensors; bounded estimate from buckets for histograms). */
  absMean: number;
  /** Root mean square: sqrt(sumSquares / num). */
  rms: number;
  /** Share of (near-)exact zeros. */
  zeroShare: number;
  /** Share of values within 1 % of the limits of a bounded range ([0,1] sigmoid-like, [-1,1] tanh-like); 0 when unbounded. */
  saturatedShare: number;
  nan: number;
  inf: number;
  /** True when computed from every value, false when estimated from histogram buckets. */
  exact: boolean;
}

const ZERO_REL = 1e-7;

/** Which bounded range a set of values lives in (for saturation). */
function boundedRange(min: number, max: number): "sigmoid" | "tanh" | null {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return null;
  if (min >= -1e-6 && max <= 1 + 1e-6 && max > 0.5) return "sigmoid";
  if (min >= -1 - 1e-6 && max <= 1 + 1e-6 && min < -0.5 && max > 0.5) return "tanh";
  return null;
}

export function statsFromHistogram(h: Histogram): TensorStatsPoint {
  const n = h.counts.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += h.counts[i];
  const num = Number.isFinite(h.num) && h.num > 0 ? h.num : total;
  const nan = h.nonFinite.nan;
  const inf = h.nonFinite.posInf + h.nonFinite.negInf;
  const finiteNum = Math.max(T.levelFloor.value, total > 0 ? total : num - nan - inf);
  let min = h.min,
    max = h.max;
  if (!Number.isFinite(min) && n > 0) min = h.lefts[0];
  if (!Number.isFinite(max) && n > 0) max = h.rights[n - 1];
  const exactMoments = Number.isFinite(h.sumSquares) && num > 0;
  const mean = Number.isFinite(h.sum) && num > 0 ? h.sum / num : bucketMean(h, min, max);
  let rms: number, std: number;
  if (exactMoments) {
    rms = Math.sqrt(Math.max(0, h.sumSquares / num));
    std = Number.isFinite(mean) ? Math.sqrt(Math.max(0, rms * rms - mean * mean)) : NaN;
  } else {
    std = bucketStd(h, min, max);
    rms = Number.isFinite(std) && Number.isFinite(mean) ? Math.sqrt(std * std + mean * mean) : NaN;
  }
  const scale = Math.max(Math.abs(min), Math.abs(max));
  let zero = 0,
    absSum = 0,
    sat = 0;
  const range = boundedRange(min, max);
  for (let i = 0; i < n; i++) {
    const c = h.counts[i];
    if (c <= 0) continue;
    let l = h.lefts[i],
      r = h.rights[i];
    if (!Number.isFinite(l)) l = min;
    if (!Number.isFinite(r)) r = max;
    // Bucket fully at zero (TF-style buckets have a tiny one around 0), or a degenerate bucket at 0.
    const tol = Math.max(ZERO_REL * scale, T.levelFloor.value);
    if (Math.abs(l) <= tol && Math.abs(r) <= tol) zero += c;
    absSum += c * midAbs(l, r);
    if (range === "sigmoid") sat += c * (overlap(l, r, -Infinity, 0.01) + overlap(l, r, 0.99, Infinity));
    else if (range === "tanh") sat += c * (overlap(l, r, -Infinity, -0.99) + overlap(l, r, 0.99, Infinity));
  }
  if (scale <= T.levelFloor.value && Number.isFinite(scale)) zero = finiteNum; // every value is 0
  return {
    step: h.step,
    num,
    min,
    max,
    mean,
    std,
    absMean: total > 0 ? absSum / total : NaN,
    rms,
    zeroShare: Math.min(1, zero / finiteNum),
    saturatedShare: Math.min(1, sat / finiteNum),
    nan,
    inf,
    exact: false,
  };
}

/** Fraction of bucket [l, r] inside [a, b] (uniform within the bucket). */
function overlap(l: number, r: number, a: number, b: number): number {
  if (r <= l) return l >= a && l <= b ? 1 : 0;
  const lo = Math.max(l, a),
    hi = Math.min(r, b);
  return hi > lo ? (hi - lo) / (r - l) : 0;
}

function midAbs(l: number, r: number): number {
  if (l >= 0) return (l + r) / 2;
  if (r <= 0) return -(l + r) / 2;
  return (l * l + r * r) / (2 * (r - l));
}

/** Bucket [l, r] of a histogram clamped to [min, max] (infinite edges replaced by them). */
function clampedEdges(h: Histogram, i: number, min: number, max: number): [number, number] {
  let l = h.lefts[i],
    r = h.rights[i];
  if (!Number.isFinite(l)) l = Number.isFinite(min) ? min : r;
  if (!Number.isFinite(r)) r = Number.isFinite(max) ? max : l;
  if (Number.isFinite(min) && l < min) l = min;
  if (Number.isFinite(max) && r > max) r = max;
  if (r < l) r = l;
  return [l, r];
}

/** Mean of the bucket midpoints weighted by their counts. */
function bucketMean(h: Histogram, min: number, max: number): number {
  let s = 0,
    c = 0;
  for (let i = 0; i < h.counts.length; i++) {
    const n = h.counts[i];
    if (!(n > 0)) continue;
    const [l, r] = clampedEdges(h, i, min, max);
    s += (n * (l + r)) / 2;
    c += n;
  }
  return c > 0 ? s / c : NaN;
}

/** Standard deviation of the bucket midpoints (0 when every count sits in one point bucket; NaN when no bucket holds a value). */
function bucketStd(h: Histogram, min: number, max: number): number {
  const mu = bucketMean(h, min, max);
  if (Number.isFinite(mu) && Number.isFinite(min) && min === max) return 0;
  if (!Number.isFinite(mu)) return NaN;
  let s = 0,
    c = 0;
  for (let i = 0; i < h.counts.length; i++) {
    const n = h.counts[i];
    if (!(n > 0)) continue;
    const [l, r] = clampedEdges(h, i, min, max);
    const d = (l + r) / 2 - mu;
    s += n * d * d;
    c += n;
  }
  return c > 0 ? Math.sqrt(s / c) : NaN;
}

export function statsFromTensor(t: TensorValue): TensorStatsPoint | null {
  if (!(t.values instanceof Float64Array)) return null;
  const v = t.values;
  let n = 0,
    nan = 0,
    inf = 0,
    min = Infinity,
    max = -Infinity,
    s = 0,
    ss = 0,
    abs = 0,
    zero = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x !== x) {
      nan++;
      continue;
    }
    if (!Number.isFinite(x)) {
      inf++;
      continue;
    }
    n++;
    s += x;
    ss += x * x;
    abs += Math.abs(x);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const scale = Math.max(Math.abs(min), Math.abs(max));
  const range = boundedRange(min, max);
  let sat = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) continue;
    if (Math.abs(x) <= Math.max(ZERO_REL * scale, 1e-30)) zero++;
    if (range === "sigmoid" && (x <= 0.01 || x >= 0.99)) sat++;
    else if (range === "tanh" && Math.abs(x) >= 0.99) sat++;
  }
  const mean = n ? s / n : NaN;
  const rms = n ? Math.sqrt(ss / n) : NaN;
  return {
    step: t.step,
    num: v.length,
    min: n ? min : NaN,
    max: n ? max : NaN,
    mean,
    std: n ? Math.sqrt(Math.max(0, rms * rms - mean * mean)) : NaN,
    absMean: n ? abs / n : NaN,
    rms,
    zeroShare: n ? zero / n : NaN,
    saturatedShare: n ? sat / n : 0,
    nan,
    inf,
    exact: true,
  };
}
