// Every signal of one training run, computed once from the run's series (see the per-concept
// files in this folder); the rules read from this object only.
import type { TrainingRun } from "../../model/index.ts";
import { adversarialSignal, type AdversarialSignal } from "./adversarial.ts";
import { architectureSignal, type ArchitectureSignal } from "./architecture.ts";
import { batchNoise, type BatchNoiseSignal } from "./batch_noise.ts";
import { inferChance, type ChanceLevel } from "./chance_level.ts";
import { frozenEvaluation, type FrozenEvalSignal } from "./frozen_eval.ts";
import { generalization, type GeneralizationSignal } from "./generalization.ts";
import { layerSignals, type LayerSignals } from "./layers.ts";
import { curveTrend, stillImproving, type CurveTrend } from "./loss_trend.ts";
import { learningRateSignal, type LearningRateSignal } from "./lr_range.ts";
import { nonFiniteSignal, type NonFiniteSignal } from "./non_finite.ts";
import { buildRunView, type RunView } from "./run_view.ts";
import { stability, type StabilitySignal } from "./stability.ts";
import { stepsPerEpoch, type StepsPerEpoch } from "./steps_per_epoch.ts";
import { batchLossesFromRunningMean, runningMeanSignal, type RunningMeanSignal } from "./running_mean.ts";

export interface RunSignals {
  view: RunView;
  train: CurveTrend | null;
  val: CurveTrend | null;
  trainAcc: CurveTrend | null;
  valAcc: CurveTrend | null;
  trainNonFinite: NonFiniteSignal | null;
  valNonFinite: NonFiniteSignal | null;
  trainStability: StabilitySignal | null;
  valStability: StabilitySignal | null;
  chance: ChanceLevel | null;
  generalization: GeneralizationSignal | null;
  stepsPerEpoch: StepsPerEpoch | null;
  /** Set when the per-step training loss was logged as a running mean over each epoch (`train` then holds the batch losses recovered from it). */
  trainLossRunningMean: RunningMeanSignal | null;
  /** Set when the losses are the two sides of a GAN (no progress rule applies to them). */
  adversarial: AdversarialSignal | null;
  noise: BatchNoiseSignal | null;
  layers: LayerSignals;
  lr: LearningRateSignal | null;
  arch: ArchitectureSignal;
  /** Set when the validation loss repeats to its last bits at every evaluation (frozen_eval.ts). */
  frozenEval: FrozenEvalSignal | null;
  trainStillImproving: boolean;
  valStillImproving: boolean;
  accStillImproving: boolean;
}

export function computeSignals(run: TrainingRun): RunSignals {
  const view = buildRunView(run);
  const spe = stepsPerEpoch(view);
  // a per-step loss logged as a running mean over the epoch: diagnose the batch losses behind it
  let trainLossRunningMean: RunningMeanSignal | null = null;
  if (view.trainLoss && spe?.trainLossPerStep && view.trainLoss.nonFinite === 0) {
    const rm = runningMeanSignal(view.trainLoss, spe.value);
    if (rm?.detected) {
      trainLossRunningMean = rm;
      view.trainLoss = batchLossesFromRunningMean(view.trainLoss, rm);
    }
  }
  const train = view.trainLoss ? curveTrend(view.trainLoss) : null;
  const val = view.valLoss ? curveTrend(view.valLoss) : null;
  const trainAcc = view.trainAcc ? curveTrend(view.trainAcc) : null;
  const valAcc = view.valAcc ? curveTrend(view.valAcc) : null;
  const acc = trainAcc ?? valAcc;
  const chance = inferChance(view, train ?? val, acc);
  // (the class count for sorted-data blocks only from the configuration: one read off the loss is a guess)
  const classes = chance?.source === "hparams" ? chance.classes : null;
  const noise =
    train && spe?.trainLossPerStep && train.n >= 20 ? batchNoise(train, periodInPoints(train.steps, spe.value), spe.value, classes) : null;
  const trainNonFinite = view.trainLoss ? nonFiniteSignal(view.trainLoss) : null;
  const cutoff = trainNonFinite && (trainNonFinite.persistence >= 0.5 || trainNonFinite.hasInf) ? trainNonFinite.firstStep : Infinity;
  return {
    view,
    train,
    val,
    trainAcc,
    valAcc,
    trainNonFinite,
    valNonFinite: view.valLoss ? nonFiniteSignal(view.valLoss) : null,
    trainStability: train && train.n >= 4 ? stability(train) : null,
    valStability: val && val.n >= 4 ? stability(val) : null,
    chance,
    generalization: val && val.n >= 3 ? generalization(train, val, trainAcc, valAcc) : null,
    stepsPerEpoch: spe,
    trainLossRunningMean,
    adversarial: adversarialSignal(view),
    noise,
    layers: layerSignals(view, cutoff, spe),
    lr: learningRateSignal(view),
    arch: architectureSignal(view),
    frozenEval: frozenEvaluation(val, valAcc, chance),
    trainStillImproving: train ? stillImproving(train) : false,
    valStillImproving: val ? stillImproving(val) : false,
    accStillImproving: acc ? stillImproving(acc, true) : false,
  };
}

export type { RunView, Curve, LayerStats } from "./run_view.ts";
export type { CurveTrend } from "./loss_trend.ts";
export type { TensorStatsPoint } from "./tensor_stats.ts";
export { statsFromHistogram, statsFromTensor } from "./tensor_stats.ts";
export { buildRunView, viewRoles } from "./run_view.ts";

/**
 * Steps per epoch as a lag in points of a curve logged every k steps (`log_every_n_steps`, a step
 * axis in samples): the epoch must span a whole number of points, else no periodic test applies.
 */
function periodInPoints(steps: number[], stepsPerEpoch: number): number | null {
  const d: number[] = [];
  for (let i = 1; i < steps.length && d.length < 1000; i++) d.push(steps[i] - steps[i - 1]);
  d.sort((a, b) => a - b);
  const spacing = d.length ? d[Math.floor(d.length / 2)] : 1;
  if (!(spacing > 0)) return null;
  const p = stepsPerEpoch / spacing,
    r = Math.round(p);
  return r >= 1 && Math.abs(p - r) <= 0.05 * r ? r : null;
}
