// Non-finite values (NaN, +Inf, -Inf) in a curve: where they start, how many, whether the curve
// had any finite value at all, and how the finite part behaved just before the first one.
import { T } from "../thresholds.ts";
import type { Curve } from "./run_view.ts";
import { median, runningMedian } from "./robust_stats.ts";

export interface NonFiniteSignal {
  key: string;
  count: number;
  total: number;
  firstStep: number;
  firstValue: number;
  /** Index of the first non-finite point. */
  firstIndex: number;
  /** Finite points before the first non-finite one. */
  finiteBefore: number;
  /** Last finite value before the first non-finite one over the median of the first finite values (> 1 = it grew first). */
  growthBefore: number;
  /** Ratio of the last finite value before the blow-up to the run's smallest earlier value. */
  riseFromBest: number;
  /** Share of non-finite points from the first one to the end (1 = it never recovered). */
  persistence: number;
  /** Any ±Inf (not only NaN, which may also be a missing cell). */
  hasInf: boolean;
}

export function nonFiniteSignal(c: Curve): NonFiniteSignal | null {
  if (c.nonFinite === 0) return null;
  let fi = -1;
  for (let i = 0; i < c.values.length; i++)
    if (!Number.isFinite(c.values[i])) {
      fi = i;
      break;
    }
  if (fi < 0) return null;
  const before = c.values.slice(0, fi);
  const w = Math.max(1, Math.min(3, Math.floor(before.length / 3)));
  const head = median(before.slice(0, w));
  const tail = median(before.slice(Math.max(0, before.length - w)));
  let after = 0,
    hasInf = false;
  for (let i = fi; i < c.values.length; i++) {
    const v = c.values[i];
    if (!Number.isFinite(v)) {
      after++;
      if (v === v) hasInf = true;
    }
  }
  // best on a running median (single noisy per-step values are not a level)
  let best = Infinity;
  const sm = before.length >= 5 ? runningMedian(before, 5) : before;
  for (const v of sm) if (v < best) best = v;
  return {
    key: c.key,
    count: c.nonFinite,
    total: c.values.length,
    firstStep: c.steps[fi],
    firstValue: c.values[fi],
    firstIndex: fi,
    finiteBefore: before.length,
    growthBefore: before.length >= 2 && Math.abs(head) > T.levelFloor.value ? tail / head : NaN,
    riseFromBest: before.length >= 2 && best > T.levelFloor.value ? tail / best : NaN,
    persistence: after / (c.values.length - fi),
    hasInf,
  };
}
