// The outcome of a run, used to gate internal anomalies (AUTOTRAINER's design: a gradient or
// activation alarm is only a problem when progress is also poor): non-finite loss, a loss that
// did not decrease, an accuracy at chance or far below what the loss suggests.
import { T } from "../thresholds.ts";
import { firstFinite, partGainShares } from "../signals/loss_trend.ts";
import type { RunSignals } from "../signals/index.ts";

export interface Outcome {
  poor: boolean;
  nonFinite: boolean;
  notDecreasing: boolean;
  slow: boolean;
  atChance: boolean;
  /** Accuracy (or, without accuracy, the loss relative to chance) is still far from good. */
  mediocre: boolean;
  reasons: string[];
}

export function outcomeOf(s: RunSignals): Outcome {
  const reasons: string[] = [];
  const persistent = (n: typeof s.trainNonFinite) => !!n && (n.persistence >= 0.5 || n.hasInf);
  // a validation loss that stays non-finite means the model itself is broken, whatever the logged
  // training loss says (loggers that filter NaN steps keep it finite: HF Trainer's logging_nan_inf_filter)
  const nonFinite = persistent(s.trainNonFinite) || persistent(s.valNonFinite);
  // (a training loss logged too sparsely to show a trend — one point per run — leaves the outcome
  // to the validation loss)
  const main = s.train && (s.train.n >= T.minPointsForTrend.value || !s.val) ? s.train : (s.val ?? s.train);
  const accCurve = s.valAcc ?? s.trainAcc;
  // a loss already at its floor (accuracy ~1, or a tiny fraction of the chance-level loss) has no room to fall
  const converged =
    (!!accCurve && accCurve.n >= 1 && accCurve.last >= T.convergedAccuracy.value) ||
    (!!main && !!s.chance && Math.abs(main.last) <= T.convergedLossOverChance.value * s.chance.lnC);
  // the two losses of a GAN are not minimised on their own: only a non-finite loss is an outcome
  if (s.adversarial)
    return {
      mediocre: false,
      slow: false,
      poor: nonFinite,
      nonFinite,
      notDecreasing: false,
      atChance: false,
      reasons: nonFinite ? ["non-finite loss"] : [],
    };
  // a loss that fell to a fraction of where it started within the first window and then stayed
  // flat learned fast and converged (the first-window median already sits past the drop)
  const fellEarly =
    !!main &&
    main.n >= 2 * T.minPointsForTrend.value &&
    startLevel(main) > 0 &&
    main.last >= 0 &&
    main.last <= T.earlyDropShare.value * startLevel(main) &&
    main.first <= T.earlyDropShare.value * startLevel(main);
  // a training loss whose first point comes several evaluations into the run (logged every k
  // steps with k near an epoch or more) missed the run's early progress: the validation loss,
  // which saw it, says how much the model improved
  const v = s.val;
  const lateTrain =
    !!main &&
    main === s.train &&
    !!v &&
    v.n >= T.minPointsForTrend.value &&
    v.steps.filter((x) => x < main.firstStep).length >= T.lateTrainEvals.value;
  // (from its first evaluation: its first window is itself past much of that progress)
  const valGain = lateTrain && v!.initial > T.levelFloor.value ? (v!.initial - v!.last) / v!.initial : -Infinity;
  const notDecreasing =
    !!main &&
    main.n >= T.minPointsForTrend.value &&
    Math.max(main.relImprovement, valGain) < T.notDecreasingRel.value &&
    !converged &&
    !fellEarly;
  const accGained = !!accCurve && accCurve.n >= 3 && accCurve.last - accCurve.first >= T.accuracyGain.value;
  // a per-step training loss logged every k steps can miss the first updates that the per-epoch
  // mean logged beside it holds: when the loss had already halved from the first epoch's mean by
  // the step series' first window, the gain counts from that mean
  const epochFirst = main && main === s.train ? firstFinite(s.view.trainLossEpoch?.values) : undefined;
  const improvement =
    main &&
    epochFirst !== undefined &&
    epochFirst > T.levelFloor.value &&
    main.first >= 0 &&
    main.first <= T.earlyDropShare.value * epochFirst
      ? Math.max(main.relImprovement, (epochFirst - main.last) / epochFirst)
      : (main?.relImprovement ?? 0);
  // a loss that falls at an unchanged pace through the whole run (every quarter of the run takes a
  // fair share of its gain: neither the convex curve of a healthy run nor a schedule's slow start)
  // is limited by its step, even while the accuracy climbs along with it
  const quarters = main && main.n >= T.steadyPaceMinPoints.value ? partGainShares(main, T.steadyPaceParts.value) : [];
  const steadyPace = quarters.length > 0 && quarters.every((q) => q >= T.steadyPaceQuarterShare.value);
  const slow =
    !!main &&
    main.n >= T.minPointsForTrend.value &&
    !converged &&
    !notDecreasing &&
    !fellEarly &&
    Math.max(improvement, lateTrain ? v!.relImprovement : -Infinity, valGain) < T.slowConvergenceRel.value &&
    (!accGained || steadyPace);
  let atChance = false;
  const acc = s.valAcc ?? s.trainAcc;
  if (acc && s.chance && acc.last <= s.chance.chanceAccuracy + T.accuracyChanceMargin.value) atChance = true;
  if (main && s.chance && Math.abs(main.last - s.chance.lnC) <= T.chanceBand.value * s.chance.lnC && (!acc || atChance)) atChance = true;
  if (nonFinite) reasons.push("non-finite loss");
  if (notDecreasing) reasons.push("loss did not decrease");
  if (slow) reasons.push("loss fell slowly");
  if (atChance) reasons.push("at chance level");
  let mediocre = false;
  if (accCurve && s.chance) mediocre = accCurve.last < s.chance.chanceAccuracy + 0.5 * (1 - s.chance.chanceAccuracy);
  else if (accCurve) mediocre = accCurve.last < 0.6;
  else if (main && s.chance) mediocre = main.last > 0.5 * s.chance.lnC;
  // without accuracy or a chance level (regression) the loss scale says nothing about how good the
  // result is, but a loss still falling steadily after losing only a small share of its start is
  // far from done
  else {
    // still falling at the end: the last part of the run still gained part of the improvement
    const falling = (c: typeof main) =>
      !!c && c.n >= 4 && c.first > c.last && c.tailGainShare >= T.tailGainShare.value && c.tailSlopeRel < 0;
    mediocre =
      !!main &&
      main.n >= T.minPointsForTrend.value &&
      improvement < T.regressionBarelyTrainedRel.value &&
      (falling(main) || falling(s.val));
  }
  // slow only counts while the result is still far from good
  const slowAndMediocre = slow && mediocre;
  return { mediocre, slow: slowAndMediocre, poor: nonFinite || notDecreasing || atChance, nonFinite, notDecreasing, atChance, reasons };
}

/** Median of the first three points: where the curve started (a single first point may be a spike). */
function startLevel(c: { values: number[] }): number {
  const v = c.values.slice(0, 3).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
}

/** The (validation, else training) accuracy ends most of the way from chance to 1: a good outcome. */
export function accuracyGood(s: RunSignals): boolean {
  const acc = s.valAcc ?? s.trainAcc;
  if (!acc || acc.n < 1) return false;
  const chance = s.chance?.chanceAccuracy ?? 0;
  return acc.last >= chance + T.goodAccuracyShare.value * (1 - chance);
}
