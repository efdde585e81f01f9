// Shape signals read across every loss-like series of a run (the main training and validation
// losses and the terms logged beside them: `dynamics_loss`, `val/cls_loss`, ...), all scale-free:
// - transient blow-up: after a curve had fallen to a share of its first level, one point (or a run
//   of points) jumps back above that first level, far above the running level around it, and the
//   curve comes back down afterwards (a model that lost what it had learned for a while);
// - early plateau: the step from which a curve stays within a band of its final level, as a share
//   of the run;
// - competing terms: a term of the training loss that rises several-fold while the total stalls;
// - constant-predictor level: a loss that settles on the value a model reaches by predicting one
//   constant (MSE 0.25 of a 0.5 prediction on balanced 0/1 targets, binary cross-entropy ln 2).
import { runScalars } from "../../model/index.ts";
import { T } from "../thresholds.ts";
import { curveOf, type RunView } from "./run_view.ts";
import { runningMedian } from "./robust_stats.ts";
import { curveTrend, type CurveTrend } from "./loss_trend.ts";

export interface TransientBlowUp {
  key: string;
  /** Where the jump peaked. */
  step: number;
  value: number;
  /** Running level around the peak (median over a window of the curve). */
  local: number;
  /** Where the curve started (first value or first-window median, the larger) and its best running level before the jump. */
  first: number;
  bestBefore: number;
  /** Median of the curve's last window, after the jump. */
  after: number;
}

/** Loss-like series of the run (the main losses' trends, already computed, first), as trends. */
export function lossLikeCurves(view: RunView, main: (CurveTrend | null)[]): CurveTrend[] {
  const out: CurveTrend[] = [];
  const seen = new Set<string>();
  for (const t of main) {
    if (!t || seen.has(t.key)) continue;
    seen.add(t.key);
    out.push(t);
  }
  for (const [key, s] of runScalars(view.run)) {
    if (seen.has(key) || !/loss/i.test(key) || s.length < T.transientMinPoints.value) continue;
    seen.add(key);
    const t = curveTrend(curveOf(key, s));
    if (t) out.push(t);
  }
  return out;
}

/**
 * A jump back above the curve's start after it had fallen, that the curve recovers from (null when
 * none). Jumps within the first window are start-up (read by the start-of-run rules); on a term of
 * the loss (not a main loss) the jump must last `transientTermPoints` points in a row: a single
 * outlier of one term among several is noise of that term, a stretch is an unstable phase.
 */
export function transientBlowUp(tr: CurveTrend, term = false, localLevel?: number[]): TransientBlowUp | null {
  if (tr.n < T.transientMinPoints.value) return null;
  const local = localLevel ?? localMedian(tr);
  // jumps that recur are a pattern of the data order (or of the schedule), not a transient
  if (jumpStretches(tr, local).length > T.transientMaxStretches.value) return null;
  const n = tr.n;
  const start = Math.max(tr.first, tr.initial);
  if (n < T.transientMinPoints.value || !(start > 0)) return null;
  const v = tr.values;
  const need = term ? T.transientTermPoints.value : 1;
  let bestBefore = Infinity;
  let peak = -1;
  let runLen = 0;
  for (let i = tr.window; i < n; i++) {
    const learned = bestBefore <= T.transientLearnedShare.value * start;
    const high = learned && v[i] > start;
    runLen = high ? runLen + 1 : 0;
    if (high && runLen >= need) {
      // the highest point of the stretch, far above the running level
      for (let j = i - runLen + 1; j <= i; j++)
        if (v[j] >= T.transientOverLocal.value * Math.max(local[j], T.levelFloor.value) && (peak < 0 || v[j] > v[peak])) peak = j;
    }
    if (peak < 0 && !high) bestBefore = Math.min(bestBefore, local[i]);
  }
  if (peak < 0 || peak >= n - tr.window) return null;
  // recovered: the last window is back near the level reached before the jump
  if (!(tr.last <= T.transientRecoveredOverBest.value * bestBefore)) return null;
  return { key: tr.key, step: tr.steps[peak], value: v[peak], local: local[peak], first: start, bestBefore, after: tr.last };
}

/** Indices where the curve, after it had learned, jumps back above where it started (the first point of each such stretch). */
export function jumpStretches(tr: CurveTrend, local: number[] = localMedian(tr)): number[] {
  const start = Math.max(tr.first, tr.initial);
  if (tr.n < T.transientMinPoints.value || !(start > 0)) return [];
  const v = tr.values;
  const out: number[] = [];
  let best = Infinity;
  for (let i = 0; i < tr.n; i++) {
    const high = best <= T.transientLearnedShare.value * start && v[i] > start;
    if (high && (i === 0 || !(v[i - 1] > start))) out.push(i);
    if (!high) best = Math.min(best, local[i]);
  }
  return out;
}

/** Running median over `localWindowShare` of the curve (the window of signals/stability.ts). */
export function localMedian(tr: CurveTrend): number[] {
  return runningMedian(tr.values, Math.max(T.localWindowMin.value, Math.round(tr.n * T.localWindowShare.value) | 1), tr.order);
}

/** Share of the run (by points) after which the smoothed curve stays within `plateauGainLeft` of its total improvement from the final level. */
export function plateauShare(tr: CurveTrend): number {
  const s = tr.smooth;
  const start = Math.max(tr.first, tr.initial);
  const gain = start - tr.last;
  if (!(gain > 0)) return 0;
  let i = tr.n - 1;
  while (i > 0 && s[i - 1] - tr.last <= T.plateauGainLeft.value * gain) i--;
  return i / Math.max(1, tr.n - 1);
}

/**
 * A term of the training loss (a loss-like series other than the main ones, not a validation one)
 * that rose several-fold from its own start and ends a sizeable share of the total.
 */
export function risingTerm(view: RunView, curves: CurveTrend[], totalLast: number): { key: string; from: number; to: number } | null {
  const main = new Set([view.trainLoss?.key, view.valLoss?.key, view.trainLossEpoch?.key]);
  let best: { key: string; from: number; to: number } | null = null;
  for (const c of curves) {
    if (main.has(c.key) || /val|test|eval/i.test(c.key)) continue;
    const from = Math.min(c.first, c.initial);
    if (!(from > 0) || c.last < T.competingTermRise.value * from || c.last < T.competingTermShare.value * totalLast) continue;
    if (!best || c.last / from > best.to / best.from) best = { key: c.key, from, to: c.last };
  }
  return best;
}

/**
 * The constant prediction whose loss the curve settled on, if any (value within the band). With the
 * configured loss family known, only that family's constant counts (an MSE that happens to settle
 * near ln 2 is no cross-entropy of predicting 0.5).
 */
export function constantPredictorLevel(level: number, family?: "cross_entropy" | "regression"): { value: number; what: string } | null {
  const known = [
    {
      value: T.constantPredictorMse.value,
      what: "the squared error of predicting 0.5 for balanced 0/1 targets (the mean)",
      family: "regression",
    },
    { value: Math.log(2), what: "the binary cross-entropy of predicting 0.5 (ln 2)", family: "cross_entropy" },
  ];
  for (const k of known)
    if ((!family || k.family === family) && Math.abs(level - k.value) <= T.constantPredictorBand.value * k.value)
      return { value: k.value, what: k.what };
  return null;
}
