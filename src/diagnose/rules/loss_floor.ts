// wrong_loss_function: a probability (softmax/sigmoid output) fed to a loss that expects logits.
// The logits then lie in [0, 1], so the cross-entropy cannot fall below ln(1 + (C − 1)/e)
// (C classes; a single sigmoid unit: between ln(1 + 1/e) and ln 2). The loss then stays near
// that floor and far above what the accuracy implies: a model right on a share a of the samples
// with confident-enough outputs has a loss near the entropy −a ln a − (1−a) ln((1−a)/(C−1)).
// wrong_output_activation (outputRangeRule): a squared or absolute error on a sigmoid or tanh
// output that never falls below the largest error such an output can make on targets inside its
// range: the targets lie outside it, where the model cannot reach.
// wrong_loss_function (percentageErrorRule): a mean absolute percentage error that never gets
// clearly below 100 %, the score of predicting 0 for every sample.
import type { Finding } from "../types.ts";
import { T } from "../thresholds.ts";
import { makeCause } from "./causes.ts";
import { maxOf, minOf } from "../signals/robust_stats.ts";
import { finding, fmt, pct, windowEvidence, type RuleContext } from "./context.ts";
import { boundedOutputErrorLimit, percentageLossName } from "./loss_config.ts";

/** Loss of a model whose probability on its top class equals its accuracy a (the rest spread evenly). */
export function calibratedLoss(a: number, classes: number): number {
  const q = 1 - a;
  return (a > 0 ? -a * Math.log(a) : 0) + (q > 0 ? -q * Math.log(q / Math.max(1, classes - 1)) : 0);
}

export function lossFloorRule(ctx: RuleContext): Finding[] {
  if (ctx.s.adversarial) return [];
  const { s, outcome } = ctx;
  if (outcome.nonFinite || !s.chance) return [];
  // the same data on both: training loss with training accuracy, else validation with validation
  const pair = s.train && s.trainAcc ? { loss: s.train, acc: s.trainAcc } : s.val && s.valAcc ? { loss: s.val, acc: s.valAcc } : null;
  if (!pair || pair.loss.n < 5 || pair.acc.n < 3) return [];
  const C0 = s.chance.classes;
  const a = pair.acc.last,
    L = pair.loss.last;
  if (!(a >= s.chance.chanceAccuracy + T.floorAccuracyOverChance.value)) return [];
  // the model does learn (its accuracy rose, is high, or is near-perfect) while the loss is stuck
  const learned =
    pair.acc.last - pair.acc.first >= T.accuracyGain.value ||
    pair.acc.last >= 0.98 ||
    maxOf(pair.acc.values) - minOf(pair.acc.values) >= T.accuracyGain.value ||
    a >= s.chance.chanceAccuracy + T.floorHighAccuracyShare.value * (1 - s.chance.chanceAccuracy);
  if (!learned) return [];
  // a loss computed on probabilities starts below ln C, so the class count read from the first
  // loss can be too low: other class counts count too when the loss sits flat on their floor
  const v = pair.loss.values,
    half = v.slice(Math.floor(v.length / 2));
  const flat = half.length >= 3 && maxOf(half) - minOf(half) <= T.floorFlatRel.value * Math.abs(L);
  const candidates = flat ? Array.from({ length: Math.max(2 * C0, C0 + 3) - 1 }, (_, i) => i + 2) : [C0];
  let match: { floor: number; C: number } | undefined;
  for (const C of candidates.sort((x, y) => Math.abs(x - C0) - Math.abs(y - C0))) {
    const expected = calibratedLoss(a, C);
    if (!(L >= T.floorOverCalibrated.value * expected)) continue;
    const floors =
      C === 2 ? [Math.log(1 + 1 / Math.E), Math.log(2) * 0.5 + Math.log(1 + 1 / Math.E) * 0.5] : [Math.log(1 + (C - 1) / Math.E)];
    const floor = floors.find((f) => L >= f * T.floorBelowShare.value && L <= f * (C === C0 ? T.floorBand.value : 1.03));
    if (floor !== undefined) {
      match = { floor, C };
      break;
    }
  }
  if (!match) return [];
  const { floor, C } = match;
  // the other side's loss — the same loss function on other data — going below that floor rules
  // the floor out: no cross-entropy computed on probabilities gets there
  const other = pair.loss === s.train ? s.val : s.train;
  if (other && other.n >= T.minPointsForTrend.value && minOf(other.values) < T.floorBelowShare.value * floor) return [];
  const expected = calibratedLoss(a, C);
  const ev = [
    windowEvidence(
      pair.loss,
      "last",
      `floor of a logits loss on [0, 1] outputs: ${fmt(floor)} (C = ${C}); loss expected at ${pct(a)} accuracy ≈ ${fmt(expected)}`,
    ),
    windowEvidence(pair.acc, "last"),
  ];
  return [
    finding(
      ctx,
      "loss_floor_high",
      "warning",
      `Loss ${pair.loss.key} stays at ${fmt(L)}, near the floor ${fmt(floor)} of a logits loss fed probabilities, while accuracy is ${pct(a)} (that accuracy implies ≈ ${fmt(expected)})`,
      [pair.loss.firstStep, pair.loss.lastStep],
      ev,
      [
        makeCause(
          "wrong_loss_function",
          T.confLossFloorWrongLossFunction07.value,
          "the loss cannot go below the floor of a cross-entropy computed on probabilities instead of logits (softmax/sigmoid applied twice), although the predictions are mostly right",
          ev,
        ),
      ],
    ),
  ];
}

/**
 * A regression loss (mean squared or absolute error) on a bounded output (sigmoid, tanh) that, on
 * the training and the validation curve alike, never falls below the largest error the output can
 * make while every target lies in its range: some targets lie outside the range, and no training
 * can reach them.
 */
export function outputRangeRule(ctx: RuleContext): Finding[] {
  const { s, outcome } = ctx;
  if (s.adversarial || outcome.nonFinite) return [];
  const b = boundedOutputErrorLimit(s);
  const curves = [s.train, s.val].filter((c): c is NonNullable<typeof c> => !!c && c.n >= T.minPointsForTrend.value);
  if (!b || !curves.length) return [];
  const lowest = Math.min(...curves.map((c) => Math.min(c.best, c.last)));
  if (!(lowest >= b.limit)) return [];
  const main = curves[0];
  const ev = [
    ...curves.map((c) => windowEvidence(c, "last")),
    { source: "hparam" as const, tag: "output_activation", value: b.activation },
    { source: "hparam" as const, tag: "loss", value: b.loss },
  ];
  const range = `(${b.range[0]}, ${b.range[1]})`;
  return [
    finding(
      ctx,
      "loss_floor_high",
      "warning",
      `Loss ${main.key} never falls below ${fmt(lowest)}: a ${b.activation} output can be off by less than ${fmt(b.limit)} (${b.loss}) on targets inside ${range}`,
      [main.firstStep, main.lastStep],
      ev,
      [
        makeCause(
          "wrong_output_activation",
          T.confLossFloorOutputRange.value,
          `the ${b.activation} output keeps every prediction inside ${range}, where the ${b.squared ? "squared" : "absolute"} error of a target inside the range stays below ${fmt(b.limit)}; a loss that never gets under it means targets outside ${range} that no prediction can reach (use a linear output for unbounded targets, or scale the targets into ${range}; a loss summed over the batch or carrying a regularisation term would also exceed it)`,
          ev,
        ),
      ],
    ),
  ];
}

/**
 * A mean absolute percentage error whose lowest value on the held-out curve (the training curve
 * when nothing else is logged) stays at or above `percentageErrorZeroShare` of 100 %, the score of
 * predicting 0 for every sample: the loss divides every error by its target, so targets near zero
 * (standardised ones) dominate it and its optimum shrinks every prediction towards zero. Read in
 * percent (Keras' scale); on the fraction scale (torchmetrics) such a value is worse still.
 */
export function percentageErrorRule(ctx: RuleContext): Finding[] {
  const { s, outcome } = ctx;
  if (s.adversarial || outcome.nonFinite || s.trainAcc || s.valAcc) return [];
  const loss = percentageLossName(s);
  const c = [s.val, s.train].find((x): x is NonNullable<typeof x> => !!x && x.n >= T.minPointsForTrend.value);
  if (!loss || !c) return [];
  const lowest = Math.min(c.best, c.last);
  if (!(lowest >= T.percentageErrorZeroShare.value * 100)) return [];
  const ev = [
    windowEvidence(c, "last"),
    { source: "scalar" as const, tag: c.key, value: Number(lowest.toPrecision(4)), note: "lowest value (running median)" },
    { source: "hparam" as const, tag: "loss", value: loss },
  ];
  return [
    finding(
      ctx,
      "loss_floor_high",
      "warning",
      `Loss ${c.key} (${loss}) never falls below ${fmt(lowest)} %: predicting 0 for every sample scores 100 %`,
      [c.firstStep, c.lastStep],
      ev,
      [
        makeCause(
          "wrong_loss_function",
          T.confPercentageErrorLoss.value,
          `a percentage error divides each error by its target, so targets near zero (standardised ones) outweigh all others and the optimum shrinks the predictions towards zero: ${fmt(lowest)} % is no better than predicting 0. Train with a squared or absolute error (or keep the percentage error for targets far from zero)`,
          ev,
        ),
      ],
    ),
  ];
}
