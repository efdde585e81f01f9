// Robust trend of a loss (or metric) curve: medians of the first and last windows, relative
// improvement, the best point (on a running median), Theil–Sen slopes of the whole curve and of
// its tail, plateau and "still improving at the end".
import { T } from "../thresholds.ts";
import type { Curve } from "./run_view.ts";
import { median, rankOrder, runningMedian, theilSen, windowLength, type RankOrder } from "./robust_stats.ts";

export interface CurveTrend {
  key: string;
  /** Finite points, in step order. */
  steps: number[];
  values: number[];
  n: number;
  firstStep: number;
  lastStep: number;
  /** First finite value. */
  initial: number;
  /** Median of the first / last window. */
  first: number;
  last: number;
  window: number;
  /** Smoothed (running-median) curve, same length as values. */
  smooth: number[];
  best: number;
  bestStep: number;
  bestIndex: number;
  worst: number;
  /** (first − last) / |first|: > 0 when the loss fell. */
  relImprovement: number;
  /** Theil–Sen slope per step over the whole curve and over the last 30 %. */
  slope: number;
  tailSlope: number;
  /** Share of the total improvement made between the second-to-last and the last window. */
  tailGainShare: number;
  /** Tail slope projected over the whole run, relative to the last level (negative = falling). */
  tailSlopeRel: number;
  /** Rank order of `values`, shared by the running medians computed on them. */
  order?: RankOrder;
}

/** The first finite value of a series, if any. */
export function firstFinite(v: number[] | undefined): number | undefined {
  return v?.find((x) => Number.isFinite(x));
}

/** The finite points of a curve, in step order (the curve's own arrays when all are finite: read only). */
export function finitePoints(c: Curve): { steps: number[]; values: number[] } {
  if (c.nonFinite === 0) return { steps: c.steps, values: c.values };
  const steps: number[] = [],
    values: number[] = [];
  for (let i = 0; i < c.values.length; i++)
    if (Number.isFinite(c.values[i])) {
      steps.push(c.steps[i]);
      values.push(c.values[i]);
    }
  return { steps, values };
}

export function curveTrend(c: Curve): CurveTrend | null {
  const { steps, values } = finitePoints(c);
  const n = values.length;
  if (n === 0) return null;
  const w = windowLength(n, T.windowFraction.value, Math.min(T.windowMin.value, Math.max(1, Math.floor(n / 3))));
  const first = median(values.slice(0, w));
  const last = median(values.slice(n - w));
  const order = n >= 5 ? rankOrder(values) : undefined;
  const smooth = n >= 5 ? runningMedian(values, Math.max(3, w | 1), order) : values.slice();
  let bi = 0,
    wi = 0;
  for (let i = 1; i < n; i++) {
    if (smooth[i] < smooth[bi]) bi = i;
    if (smooth[i] > smooth[wi]) wi = i;
  }
  const slope = theilSen(steps, values);
  const tailStart = Math.floor(n * 0.7);
  const tailSlope = n - tailStart >= 3 ? theilSen(steps.slice(tailStart), values.slice(tailStart)) : slope;
  const prev = n >= 2 * w ? median(values.slice(n - 2 * w, n - w)) : first;
  const total = first - last;
  const tailGainShare = Math.abs(total) > T.levelFloor.value ? (prev - last) / total : 0;
  const span = steps[n - 1] - steps[0];
  const level = Math.max(Math.abs(last), Math.abs(first) * 1e-3, T.levelFloor.value);
  return {
    key: c.key,
    steps,
    values,
    n,
    firstStep: steps[0],
    lastStep: steps[n - 1],
    initial: values[0],
    first,
    last,
    window: w,
    smooth,
    best: smooth[bi],
    bestStep: steps[bi],
    bestIndex: bi,
    worst: smooth[wi],
    relImprovement: Math.abs(first) > T.levelFloor.value ? (first - last) / Math.abs(first) : 0,
    slope,
    tailSlope,
    tailGainShare,
    tailSlopeRel: Number.isFinite(tailSlope) && span > 0 ? (tailSlope * span) / level : 0,
    order,
  };
}

/** Still improving at the end: the last window pair still gained a real share of the improvement and the tail slope falls. */
export function stillImproving(tr: CurveTrend, higherIsBetter = false): boolean {
  if (tr.n < 4) return false;
  const sign = higherIsBetter ? -1 : 1;
  return sign * (tr.first - tr.last) > 0 && tr.tailGainShare >= T.tailGainShare.value && sign * tr.tailSlopeRel <= -T.tailSlopeRel.value;
}

/** Shares of a curve's gain from its first to its last window made in each of `parts` equal parts of the run (by position, on the running median); empty without a gain. */
export function partGainShares(c: CurveTrend, parts: number): number[] {
  const total = c.first - c.last;
  if (!(total > 0) || c.n < parts) return [];
  const marks = [c.first];
  for (let k = 1; k < parts; k++) marks.push(c.smooth[Math.floor(((c.n - 1) * k) / parts)]);
  marks.push(c.last);
  return marks.slice(1).map((m, i) => (marks[i] - m) / total);
}
