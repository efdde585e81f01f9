// Stability of a loss curve: spikes (points far above the local running median, in robust
// deviations and relatively), oscillation (step-to-step change relative to the level, after
// removing the trend; share of significant rises) and divergence (the level rising well above
// its best after the best point).
import { T } from "../thresholds.ts";
import type { CurveTrend } from "./loss_trend.ts";
import { mad, median, runningMedian } from "./robust_stats.ts";

export interface StabilitySignal {
  spikes: { step: number; value: number; local: number }[];
  /** Running median of the curve (window 5 % of the run, at least 5 points): its local level. */
  local: number[];
  /** median |v_i − v_{i−1}| / median level. */
  stepNoiseRel: number;
  /** Median |v_i − smooth_i| / median level (noise around the trend). */
  residualRel: number;
  /** Share of consecutive points of the smoothed curve that rise by more than 2 % of the level. */
  riseShare: number;
  /** last / best of the smoothed curve (> 1 = the loss rose back after its best). */
  lastOverBest: number;
  /** Step where the smoothed curve was at its best before rising. */
  bestStep: number;
  diverging: boolean;
}

export function stability(tr: CurveTrend): StabilitySignal {
  const v = tr.values,
    n = v.length;
  const win = Math.max(5, Math.round(n / 20) | 1);
  const local = n >= 5 ? runningMedian(v, win, tr.order) : v.slice();
  const resid = new Float64Array(n);
  for (let i = 0; i < n; i++) resid[i] = v[i] - local[i];
  const m = mad(resid) || T.levelFloor.value;
  const spikes: StabilitySignal["spikes"] = [];
  for (let i = 0; i < n; i++) {
    const base = Math.abs(local[i]);
    if (resid[i] > T.spikeMads.value * m && resid[i] > T.spikeRel.value * Math.max(base, T.levelFloor.value))
      spikes.push({ step: tr.steps[i], value: v[i], local: local[i] });
  }
  // reused scratch: |v|, then |Δv|, then |residual| (each median is taken before the next fill)
  const scratch = new Float64Array(n);
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(v[i]);
  const level = Math.max(median(scratch), T.levelFloor.value);
  for (let i = 1; i < n; i++) scratch[i - 1] = Math.abs(v[i] - v[i - 1]);
  const stepNoise = n > 1 ? median(scratch.subarray(0, n - 1)) : 0;
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(resid[i]);
  const residMed = median(scratch);
  let rises = 0;
  const s = tr.smooth;
  for (let i = 1; i < n; i++) if (s[i] - s[i - 1] > 0.02 * Math.max(Math.abs(s[i - 1]), T.levelFloor.value)) rises++;
  // a positive loss: last over best; a loss that reaches 0 or below (log-likelihoods, a WGAN
  // critic, an ELBO): the rise after the best in units of the improvement made before it
  const improvement = Math.max(Math.abs(tr.first - tr.best), Math.abs(tr.initial - tr.best));
  const lastOverBest =
    tr.best > T.levelFloor.value
      ? tr.last / tr.best
      : tr.last > tr.best + 1e-9
        ? improvement > T.levelFloor.value
          ? 1 + (tr.last - tr.best) / improvement
          : Infinity
        : 1;
  // rose well above its best after the best point, or ended far above its very first value (an
  // early blow-up the first window already contains)
  const diverging =
    tr.n >= 4 &&
    ((lastOverBest >= T.divergeRatio.value && tr.last > tr.first && tr.bestIndex < tr.n - tr.window) ||
      (tr.initial > T.levelFloor.value && tr.last >= T.divergeRatio.value * tr.initial));
  return {
    spikes,
    local,
    stepNoiseRel: n > 1 ? stepNoise / level : 0,
    residualRel: residMed / level,
    riseShare: n > 1 ? rises / (n - 1) : 0,
    lastOverBest,
    bestStep: tr.bestStep,
    diverging,
  };
}

/** AUTOTRAINER's oscillation test on an accuracy curve: interior local max/min pairs with amplitude >= ζ on >= η of the points. */
export function accuracyOscillation(values: number[]): { pairs: number; share: number } {
  const maxima: number[] = [],
    minima: number[] = [];
  for (let i = 1; i + 1 < values.length; i++) {
    if (values[i] > values[i - 1] && values[i] >= values[i + 1]) maxima.push(values[i]);
    else if (values[i] < values[i - 1] && values[i] <= values[i + 1]) minima.push(values[i]);
  }
  let pairs = 0;
  for (let i = 0; i < Math.min(maxima.length, minima.length); i++) if (maxima[i] - minima[i] >= T.accuracyOscZeta.value) pairs++;
  return { pairs, share: values.length ? pairs / values.length : 0 };
}

/** A rise of an evaluation curve between two consecutive evaluations. */
export interface EvalJump {
  step: number;
  from: number;
  to: number;
}

/**
 * Rises of a (validation) loss between consecutive evaluations by at least `rel` of the value
 * before, after the first evaluation: a curve that learns smoothly (or overfits slowly) rises by a
 * few percent per evaluation; one whose updates overshoot jumps back and forth.
 */
export function evalJumps(c: CurveTrend, rel: number): EvalJump[] {
  const out: EvalJump[] = [];
  for (let i = 2; i < c.n; i++) {
    const a = c.values[i - 1],
      b = c.values[i];
    if (a > 0 && b >= (1 + rel) * a) out.push({ step: c.steps[i], from: a, to: b });
  }
  return out;
}
