// Contract: an evaluation that never changed. Evaluating unchanged weights on the same validation
// data repeats the same float32 loss to its last bits; any optimizer update moves it more. So a
// validation loss constant within a relative `frozenEvalRelRange` over all its points (the first
// included), with a validation accuracy (when logged) constant as well, says that the model's
// function did not change during the whole run. It is read off the curves by an exact equality
// rather than a trend: enough to rule out causes that would have changed the outputs, but still a
// scalar, so it does not back a weight-level cause on its own. Not read when:
// - there are fewer than `frozenEvalMinPoints` evaluations, or a value is not finite;
// - the loss is ~0 (a saturated floor) or astronomic (outputs that overflowed after a blow-up);
// - the validation accuracy is converged (a model right on every sample can sit on its floor).
import { T } from "../thresholds.ts";
import type { CurveTrend } from "./loss_trend.ts";
import type { ChanceLevel } from "./chance_level.ts";

export interface FrozenEvalSignal {
  /** The constant validation loss (mean of its points). */
  value: number;
  /** (max − min) / |mean| over all points. */
  relRange: number;
  points: number;
}

export function frozenEvaluation(val: CurveTrend | null, valAcc: CurveTrend | null, chance: ChanceLevel | null): FrozenEvalSignal | null {
  if (!val || val.n < T.frozenEvalMinPoints.value) return null;
  let lo = Infinity,
    hi = -Infinity,
    sum = 0;
  for (const x of val.values) {
    if (!Number.isFinite(x)) return null;
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
    sum += x;
  }
  const mean = sum / val.n;
  if (!(Math.abs(mean) > T.lossZeroAbs.value) || hi - lo > T.frozenEvalRelRange.value * Math.abs(mean)) return null;
  if (Math.abs(mean) >= T.lossAbsoluteLarge.value || (chance && Math.abs(mean) > T.frozenEvalChanceMultiple.value * chance.lnC))
    return null;
  if (valAcc) {
    const a0 = valAcc.values[0];
    if (!valAcc.values.every((x) => Math.abs(x - a0) <= T.frozenEvalAccAbs.value)) return null;
    if (valAcc.last >= T.convergedAccuracy.value) return null;
  }
  return { value: mean, relRange: (hi - lo) / Math.abs(mean), points: val.n };
}
