// Histograms of one tag over steps re-binned into shared buckets (one x axis for every step, as
// the overlay and ridgeline views need). A source bucket [left, right) spreads its count over the
// shared buckets in proportion to the overlap; infinite outer edges are clamped to the recorded
// min/max; zero-width buckets go whole into the bucket holding their edge. TensorBoard, TF2 [k,3]
// and MindSpore histograms all arrive as the model's `Histogram`. Numeric tensors are binned from
// their values.

import type { Histogram, NonFiniteCounts, TensorValue } from "../model/index.ts";
import { countNonFinite } from "../model/index.ts";

export interface HistogramStep {
  step: number;
  wallTime: number;
  counts: number[];
  nonFinite: NonFiniteCounts;
  min: number | null;
  max: number | null;
  num: number;
  mean: number | null;
}

export interface SharedHistograms {
  tag: string;
  /** bins + 1 edges shared by every step. */
  edges: number[];
  steps: HistogramStep[];
  totalSteps: number;
  sampled: boolean;
}

function finiteOr(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Finite [lo, hi] of one histogram's buckets that hold mass. */
function extent(h: Histogram): [number, number] | undefined {
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < h.counts.length; i++) {
    if (!(h.counts[i] > 0)) continue;
    const [l, r] = clampedBucket(h, i);
    if (l < lo) lo = l;
    if (r > hi) hi = r;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

function clampedBucket(h: Histogram, i: number): [number, number] {
  let l = h.lefts[i],
    r = h.rights[i];
  if (!Number.isFinite(l)) l = Number.isFinite(h.min) ? h.min : r;
  if (!Number.isFinite(r)) r = Number.isFinite(h.max) ? h.max : l;
  if (Number.isFinite(h.min) && l < h.min && r >= h.min) l = h.min;
  if (Number.isFinite(h.max) && r > h.max && l <= h.max) r = h.max;
  return [l, r];
}

/** Indices of at most `max` items spread evenly, the first and the last always kept. */
function evenPick(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(Math.round((k * (n - 1)) / (max - 1)));
  return [...new Set(out)];
}

/**
 * Re-bins up to `maxSteps` histograms of `all` (spread evenly) into `bins` shared buckets. `work`
 * bounds the source buckets visited: when the picked histograms hold more, fewer steps are picked
 * (at least one), so a tag of huge histograms costs a bounded time.
 */
export function shareBins(tag: string, all: Histogram[], bins: number, maxSteps: number, work = Infinity): SharedHistograms {
  let picked = evenPick(all.length, maxSteps).map((i) => all[i]);
  const buckets = (hs: Histogram[]) => hs.reduce((n, h) => n + h.counts.length, 0);
  for (let n = picked.length; n > 1 && buckets(picked) > work;) {
    n = Math.max(1, Math.floor(n / 2));
    picked = (n === 1 ? [all.length - 1] : evenPick(all.length, n)).map((i) => all[i]);
  }
  let lo = Infinity,
    hi = -Infinity;
  for (const h of picked) {
    const e = extent(h);
    if (e) {
      if (e[0] < lo) lo = e[0];
      if (e[1] > hi) hi = e[1];
    }
  }
  if (!(lo <= hi)) {
    lo = 0;
    hi = 1;
  }
  if (lo === hi) {
    const d = Math.abs(lo) * 0.05 || 0.5;
    lo -= d;
    hi += d;
  }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  const binOf = (v: number) => Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
  const steps = picked.map((h): HistogramStep => {
    const counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < h.counts.length; i++) {
      const c = h.counts[i];
      if (!(c > 0)) continue;
      const [l, r] = clampedBucket(h, i);
      if (!(r > l)) {
        counts[binOf(l)] += c;
        continue;
      }
      const b0 = binOf(l),
        b1 = binOf(r);
      for (let b = b0; b <= b1; b++) {
        const overlap = Math.min(r, edges[b + 1]) - Math.max(l, edges[b]);
        if (overlap > 0) counts[b] += (c * overlap) / (r - l);
      }
    }
    const mean = h.num > 0 && Number.isFinite(h.sum) ? h.sum / h.num : NaN;
    return {
      step: h.step,
      wallTime: h.wallTime,
      counts,
      nonFinite: { ...h.nonFinite },
      min: finiteOr(h.min),
      max: finiteOr(h.max),
      num: h.num,
      mean: finiteOr(mean),
    };
  });
  return { tag, edges, steps, totalSteps: all.length, sampled: picked.length < all.length };
}

/** A numeric tensor as a histogram of its values (exact buckets from its own min to max). */
export function tensorHistogram(t: TensorValue, bins = 30): Histogram | undefined {
  if (typeof t.values[0] === "string" || t.values.length < 2) return undefined;
  const v = t.values as Float64Array;
  const nonFinite: NonFiniteCounts = { nan: 0, posInf: 0, negInf: 0 };
  let min = Infinity,
    max = -Infinity,
    sum = 0,
    sumSquares = 0,
    n = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!countNonFinite(nonFinite, x)) continue;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    sumSquares += x * x;
    n++;
  }
  if (!n)
    return {
      step: t.step,
      wallTime: t.wallTime,
      min: NaN,
      max: NaN,
      num: v.length,
      sum: NaN,
      sumSquares: NaN,
      lefts: new Float64Array(),
      rights: new Float64Array(),
      counts: new Float64Array(),
      nonFinite,
    };
  const lefts = new Float64Array(bins),
    rights = new Float64Array(bins),
    counts = new Float64Array(bins);
  const w = (max - min) / bins || 1;
  for (let b = 0; b < bins; b++) {
    lefts[b] = min + b * w;
    rights[b] = min + (b + 1) * w;
  }
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (Number.isFinite(x)) counts[Math.min(bins - 1, Math.floor((x - min) / w))]++;
  }
  return { step: t.step, wallTime: t.wallTime, min, max, num: v.length, sum, sumSquares, lefts, rights, counts, nonFinite };
}
