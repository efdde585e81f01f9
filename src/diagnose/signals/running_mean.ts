// Per-step losses logged as a running mean over the epoch. Keras (TF2 `update_freq="batch"`, and
// the `logs` of every batch callback) reports at batch k of an epoch the mean of the first k batch
// losses, reset at each epoch start; many PyTorch loops log `running_loss / (i + 1)` the same way.
// Such a curve is smooth inside an epoch and jumps at every epoch start, so read as it is it looks
// like a repeated batch (no jitter) and a sawtooth (sorted data). The signature: the step-to-step
// change at position k of the epoch shrinks like 1/k (Δm_k = (x_k − m_{k−1}) / k), while raw batch
// losses change as much late in an epoch as early. When detected, the batch losses are recovered
// exactly: x_k = k·m_k − (k − 1)·m_{k−1}.
import type { Curve } from "./run_view.ts";
import { median } from "./robust_stats.ts";

export interface RunningMeanSignal {
  /** Median |Δ| late in the epoch (positions ≥ P/2) over median |Δ| early (positions 1..P/8), as logged. */
  lateOverEarly: number;
  /** The same ratio on the batch losses recovered from the curve read as a running mean. */
  recoveredLateOverEarly: number;
  /** The curve is a running mean: its changes decay within the epoch, and the recovered losses change evenly. */
  detected: boolean;
  /** Steps per epoch used. */
  period: number;
  /** Index (into the curve) of the first epoch start. */
  offset: number;
}

/** Logged late/early change ratio below this is needed (1/k decay: ≈ 0.12 at 32 steps per epoch, less for more; raw losses ≈ 1). */
export const RUNNING_MEAN_RATIO = 0.3;
/** Fewest steps per epoch to tell a 1/k decay from a sawtooth or a fast-falling smooth loss (at 16, sorted data and a repeated batch reach 0.2–0.4). */
const MIN_PERIOD = 32;

/**
 * Tests a per-step curve (consecutive optimizer steps, `period` per epoch) for running-mean
 * logging; null when the curve is too short or not evenly stepped. Two measures must agree: the
 * logged changes shrink within the epoch, and reading the curve as a running mean gives batch
 * losses whose changes are even across the epoch (raw losses read that way come out with changes
 * growing like k, a sorted-data sawtooth too).
 */
export function runningMeanSignal(c: Curve, period: number): RunningMeanSignal | null {
  const n = c.values.length;
  if (period < MIN_PERIOD || n < 3 * period) return null;
  const steps = c.steps;
  for (let i = 1; i < n; i++) if (steps[i] - steps[i - 1] !== 1) return null;
  const d = absDiff(c.values);
  // the epoch starts: candidates are where a global step counter puts them (step 0 or 1 of each
  // epoch) and the three positions with the largest mean jump; the right one makes |Δ_k|·(k+1)
  // (= |x_k − m_{k−1}| for a running mean) smallest in sum
  // (typical jump per position: the mean over the epochs, one pass over the curve)
  const sum = new Float64Array(period),
    cnt = new Float64Array(period);
  for (let i = 1; i < n; i++)
    if (Number.isFinite(d[i])) {
      sum[i % period] += d[i];
      cnt[i % period]++;
    }
  const jumps: { o: number; m: number }[] = [];
  for (let o = 0; o < period; o++) if (cnt[o] > 0) jumps.push({ o, m: sum[o] / cnt[o] });
  jumps.sort((a, b) => b.m - a.m);
  const mod = (x: number) => ((x % period) + period) % period;
  const candidates = new Set([mod(-steps[0]), mod(1 - steps[0]), ...jumps.slice(0, 3).map((j) => j.o)]);
  let offset = 0,
    bestScore = Infinity;
  for (const o of candidates) {
    let score = 0;
    for (let i = 1, k = mod(1 - o); i < n; i++, k = k + 1 === period ? 0 : k + 1) if (Number.isFinite(d[i])) score += d[i] * (k + 1);
    if (score < bestScore) {
      bestScore = score;
      offset = o;
    }
  }
  const r1 = lateOverEarly(d, period, offset);
  if (!Number.isFinite(r1)) return null;
  const base = { period, offset, lateOverEarly: r1 };
  // raw losses change as much late in an epoch as early: no need to read them as a running mean
  if (r1 >= RUNNING_MEAN_RATIO) return { ...base, recoveredLateOverEarly: NaN, detected: false };
  const r2 = lateOverEarly(absDiff(recover(c.values, period, offset)), period, offset);
  const detected = r1 < RUNNING_MEAN_RATIO && Number.isFinite(r2) && Math.abs(Math.log(r2)) < Math.abs(Math.log(r1)) / 2;
  return { ...base, recoveredLateOverEarly: r2, detected };
}

function absDiff(v: ArrayLike<number>): Float64Array {
  const d = new Float64Array(v.length);
  for (let i = 1; i < v.length; i++) d[i] = Math.abs(v[i] - v[i - 1]);
  return d;
}

function lateOverEarly(d: Float64Array, period: number, offset: number): number {
  const early = new Float64Array(d.length),
    late = new Float64Array(d.length);
  let ne = 0,
    nl = 0;
  const earlyEnd = Math.max(2, Math.floor(period / 8));
  // k: position in the epoch, 0 = epoch start
  for (let i = 1, k = (((1 - offset) % period) + period) % period; i < d.length; i++, k = k + 1 === period ? 0 : k + 1) {
    if (k === 0 || !Number.isFinite(d[i])) continue;
    if (k <= earlyEnd) early[ne++] = d[i];
    else if (k >= period / 2) late[nl++] = d[i];
  }
  const e = median(early.subarray(0, ne)),
    l = median(late.subarray(0, nl));
  return e > 0 ? l / e : NaN;
}

function recover(v: ArrayLike<number>, period: number, offset: number): number[] {
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) {
    const k = (((i - offset) % period) + period) % period; // 0-based position in the epoch
    out[i] = k === 0 || i === 0 ? v[i] : (k + 1) * v[i] - k * v[i - 1];
  }
  return out;
}

/** The batch losses behind a running-mean curve (same steps). */
export function batchLossesFromRunningMean(c: Curve, rm: RunningMeanSignal): Curve {
  return { ...c, values: recover(c.values, rm.period, rm.offset) };
}
