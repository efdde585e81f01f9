// Step-to-step noise of a per-step training loss. Mini-batches differ, so a per-step loss jitters
// around its trend; a loss far smoother than that comes from the same batch again and again.
// A periodic sawtooth whose period is the number of steps per epoch comes from data in a fixed
// (e.g. sorted) order.
import { T } from "../thresholds.ts";
import type { CurveTrend } from "./loss_trend.ts";
import { autocorrelation, median, runningMedian } from "./robust_stats.ts";

export interface BatchNoiseSignal {
  /** median |v_i − (v_{i−1} + v_{i+1})/2| over median |v_{i+k} − v_i| for k = 5 % of the run (jitter vs trend). */
  jitterOverTrend: number;
  /** median |v_i − (v_{i−1} + v_{i+1})/2| / median level. */
  jitterRel: number;
  /** Autocorrelation of the detrended log-loss (after the first epoch) at lag = steps per epoch (NaN when unknown). */
  periodicAutocorr: number;
  /** The same at two epochs. */
  periodicAutocorr2: number;
  period: number;
}

export function batchNoise(tr: CurveTrend, period: number | null): BatchNoiseSignal {
  const v = tr.values, n = v.length;
  const jit: number[] = [];
  for (let i = 1; i + 1 < n; i++) jit.push(Math.abs(v[i] - (v[i - 1] + v[i + 1]) / 2));
  const k = Math.max(2, Math.round(n * 0.05));
  const trend: number[] = [];
  for (let i = 0; i + k < n; i++) trend.push(Math.abs(v[i + k] - v[i]));
  const level = Math.max(median(v.map(Math.abs)), 1e-12);
  const j = median(jit);
  const tmed = median(trend);
  let ac = NaN, ac2 = NaN;
  if (period !== null && period >= 3 && n >= 4 * period) {
    // log scale: the loss falls by orders of magnitude, the within-epoch pattern is multiplicative
    const lv = v.map((x) => Math.log(Math.max(Math.abs(x), 1e-12)));
    const base = runningMedian(lv, (period * 2) | 1);
    const d = lv.map((x, i) => x - base[i]).slice(period);
    ac = autocorrelation(d, period);
    ac2 = autocorrelation(d, 2 * period);
  }
  return {
    jitterOverTrend: tmed > 1e-15 ? j / tmed : j > 1e-15 ? Infinity : 0,
    jitterRel: j / level,
    periodicAutocorr: ac,
    periodicAutocorr2: ac2,
    period: period ?? NaN,
  };
}

export function isSuspiciouslySmooth(s: BatchNoiseSignal): boolean {
  return s.jitterRel < T.smoothNoiseRatio.value * 0.1 && s.jitterOverTrend < T.smoothNoiseRatio.value;
}
