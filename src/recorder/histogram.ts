// Histogram bucketing for the recorder: the same HistogramProto as src/format's
// `histogramFromValues` (TensorFlow's default exponential buckets ±1e-12·1.1^k up to 1e20 plus 0,
// numpy bin semantics [e_i, e_i+1) with the last bin closed, empty buckets trimmed with one empty
// bucket kept on the left, non-finite values counted in `num` only), computed in one pass over a
// typed array: each value's bucket comes from its logarithm, corrected by one or two comparisons
// against the exact limits, instead of a binary search over the ~1,500 limits.

import type { HistogramInit } from "../format/index.ts";

/** Positive limits 1e-12·1.1^k below 1e20, built by the same repeated multiplication as the format's bins. */
const POS: Float64Array = (() => {
  const xs: number[] = [];
  for (let v = 1e-12; v < 1e20; v *= 1.1) xs.push(v);
  return Float64Array.from(xs);
})();
const P = POS.length;
/** All limits: -POS reversed, 0, POS (length 2P + 1; 2P buckets). */
const EDGES: number[] = [...Array.from(POS, (v) => -v).reverse(), 0, ...POS];
const LOG_BASE = Math.log(1.1);
const LOG_FIRST = Math.log(1e-12);

/** Largest j with POS[j] <= a (−1 when a < POS[0]). */
function floorIndex(a: number): number {
  let j = Math.floor((Math.log(a) - LOG_FIRST) / LOG_BASE);
  if (j < -1) j = -1;
  else if (j > P - 1) j = P - 1;
  while (j + 1 < P && POS[j + 1] <= a) j++;
  while (j >= 0 && POS[j] > a) j--;
  return j;
}

/** Smallest j with POS[j] >= a (P when a > POS[P-1]). */
function ceilIndex(a: number): number {
  let j = Math.ceil((Math.log(a) - LOG_FIRST) / LOG_BASE);
  if (j < 0) j = 0;
  else if (j > P) j = P;
  while (j > 0 && POS[j - 1] >= a) j--;
  while (j < P && POS[j] < a) j++;
  return j;
}

/** The HistogramProto of `values`, equal field for field to `histogramFromValues(values)`. */
export function histogramOf(values: ArrayLike<number>): HistogramInit {
  const n = values.length;
  const counts = new Float64Array(2 * P);
  let min = Infinity,
    max = -Infinity,
    sum = 0,
    sumSq = 0,
    finite = 0;
  let first = counts.length,
    last = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!(v - v === 0)) continue; // NaN or ±Infinity
    finite++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
    let b: number;
    if (v > 0) {
      const j = floorIndex(v);
      if (j === P - 1) {
        if (v === POS[P - 1]) b = 2 * P - 1;
        else continue;
      } else b = P + 1 + j; // j = -1: the [0, 1e-12) bucket
    } else if (v < 0) {
      const j = ceilIndex(-v);
      if (j === P) continue;
      b = P - 1 - j;
    } else b = P;
    counts[b]++;
    if (b < first) first = b;
    if (b > last) last = b;
  }
  if (finite === 0) return { min: 0, max: 0, num: n, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  if (last < 0) {
    // every finite value lay outside ±1e20: no bucket, as the format's function gives
    return { min, max, num: n, sum, sumSquares: sumSq, bucketLimit: EDGES.slice(-1, 0), bucket: [0] };
  }
  const end = last + 1;
  const bucket = first > 0 ? Array.from(counts.subarray(first - 1, end)) : [0, ...counts.subarray(0, end)];
  return { min, max, num: n, sum, sumSquares: sumSq, bucketLimit: EDGES.slice(first, end + 1), bucket };
}
