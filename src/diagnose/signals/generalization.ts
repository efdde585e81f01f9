// Train/validation generalisation: the validation optimum (best point of the smoothed validation
// loss), how far and how long the validation loss rose after it, the relative train/val loss gap
// on the last windows (SageMaker's Overfit ratio) and the train − val accuracy gap.
import { T } from "../thresholds.ts";
import type { CurveTrend } from "./loss_trend.ts";

export interface GeneralizationSignal {
  valBestStep: number;
  valBest: number;
  /** (val last − val best) / |val best|. */
  valRiseRel: number;
  /** Share of the validation curve's step span after its optimum. */
  pastOptimumShare: number;
  /** (val last − train last) / |train last|. */
  gapRel: number;
  /** Train loss change over the part after the val optimum, relative (negative = train still falling). */
  trainAfterOptimumRel: number;
  /** train acc last − val acc last (NaN without both). */
  accGap: number;
}

export function generalization(
  train: CurveTrend | null,
  val: CurveTrend,
  trainAcc: CurveTrend | null,
  valAcc: CurveTrend | null,
): GeneralizationSignal {
  const span = val.lastStep - val.firstStep;
  let trainAfter = NaN;
  if (train) {
    const at = nearestIndex(train.steps, val.bestStep);
    const a = train.smooth[at];
    if (Math.abs(a) > T.levelFloor.value) trainAfter = (train.last - a) / Math.abs(a);
  }
  return {
    valBestStep: val.bestStep,
    valBest: val.best,
    valRiseRel: Math.abs(val.best) > T.levelFloor.value ? (val.last - val.best) / Math.abs(val.best) : 0,
    pastOptimumShare: span > 0 ? (val.lastStep - val.bestStep) / span : 0,
    gapRel: train && Math.abs(train.last) > T.levelFloor.value ? (val.last - train.last) / Math.abs(train.last) : NaN,
    trainAfterOptimumRel: trainAfter,
    accGap: trainAcc && valAcc ? trainAcc.last - valAcc.last : NaN,
  };
}

export function nearestIndex(steps: number[], step: number): number {
  let lo = 0,
    hi = steps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] < step) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(steps[lo - 1] - step) < Math.abs(steps[lo] - step)) return lo - 1;
  return lo;
}

/** How the validation accuracy stands against the training accuracy over the second half of the evaluations. */
export interface AccuracyOrderSignal {
  /** Evaluations compared (the second half of the validation accuracy's points). */
  n: number;
  /** Share of them where the validation accuracy is above the (smoothed) training accuracy at the nearest step. */
  valAboveShare: number;
  /** Mean validation − training accuracy over them. */
  meanGap: number;
}

/**
 * Validation against training accuracy over the second half of the run: the training accuracy is
 * read on its smoothed curve at the step nearest to each evaluation (per-step or per-epoch logs).
 */
export function accuracyOrder(trainAcc: CurveTrend, valAcc: CurveTrend): AccuracyOrderSignal {
  const from = Math.floor(valAcc.n / 2);
  let above = 0,
    gap = 0,
    n = 0;
  for (let i = from; i < valAcc.n; i++) {
    const t = trainAcc.smooth[nearestIndex(trainAcc.steps, valAcc.steps[i])];
    const v = valAcc.values[i];
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
    n++;
    gap += v - t;
    if (v > t) above++;
  }
  return { n, valAboveShare: n ? above / n : NaN, meanGap: n ? gap / n : NaN };
}
