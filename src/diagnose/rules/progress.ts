// Progress rules: loss_not_decreasing, loss_slow_convergence, metric_at_chance,
// metric_at_majority_rate, still_improving_at_end, loss_too_large, loss_diverging,
// loss_oscillating (with its spikes).
import type { Finding } from "../types.ts";
import { T } from "../thresholds.ts";
import { priorEntropyBounds, type ChanceLevel } from "../signals/chance_level.ts";
import { makeCause } from "./causes.ts";
import { at, finding, fmt, pct, windowEvidence, type RuleContext } from "./context.ts";
import { progressCauses, valLevelledWhileTrainFalls } from "./progress_causes.ts";
import { layerCauses } from "./layer_evidence.ts";
import { fittedInFirstWindow, memorisesWithoutTransfer, trainBelowValReading } from "./generalization.ts";
import { accuracyGood } from "./outcome.ts";
import { lossFitsOutput } from "./loss_config.ts";
import { firstFinite, stillImproving } from "../signals/loss_trend.ts";
import { mean } from "../signals/robust_stats.ts";

export function progressRule(ctx: RuleContext): Finding[] {
  const { s, outcome } = ctx;
  const tr = s.train ?? s.val;
  if (!tr || outcome.nonFinite) return [];
  if (tr.n < T.minPointsForTrend.value && !s.adversarial) {
    const sr = shortRun(ctx);
    return sr ? [sr] : [];
  }
  const out: Finding[] = [];
  const span: [number, number] = [tr.firstStep, tr.lastStep];
  const acc = s.valAcc ?? s.trainAcc;
  const st = s.trainStability;

  // a loss that is zero (within float resolution) from the first step on is not computed from the predictions
  if (tr.values.every((v) => Math.abs(v) <= T.lossZeroAbs.value)) {
    out.push(
      finding(
        ctx,
        "loss_zero",
        "warning",
        `Loss ${tr.key} is 0 at every one of its ${tr.n} points, from the first step on`,
        span,
        [windowEvidence(tr, "first"), windowEvidence(tr, "last")],
        [
          makeCause(
            "wrong_loss_function",
            T.confProgressWrongLossFunction05.value,
            `a loss of exactly 0 before any training is not a result: the loss is not computed from the predictions and targets (a detached or masked-out term, targets equal to the outputs, a reduction over an empty batch)`,
            [windowEvidence(tr, "first")],
          ),
        ],
      ),
    );
    return out;
  }
  if (s.adversarial) return adversarialFindings(ctx);

  // diverging
  if (st?.diverging) {
    const fromStart = tr.initial > T.levelFloor.value && tr.last >= T.divergeRatio.value * tr.initial;
    const ref = fromStart ? 0 : tr.bestIndex;
    out.push(
      finding(
        ctx,
        "loss_diverging",
        "error",
        `Loss ${tr.key} rose from ${fromStart ? "its first value" : "its best"} ${fmt(fromStart ? tr.initial : tr.best)} (step ${tr.steps[ref]}) to ${fmt(tr.last)}`,
        [tr.steps[ref], tr.lastStep],
        [at(tr, ref, fromStart ? "first value" : "best (running median)"), windowEvidence(tr, "last")],
        [
          makeCause(
            "learning_rate_too_high",
            s.lr?.position === "high" ? T.confProgressLearningRateTooHigh08.value : T.confProgressLearningRateTooHigh065.value,
            `the loss grew ${tr.best > T.levelFloor.value || fromStart ? `${fmt(tr.last / (fromStart ? tr.initial : tr.best))}×` : `by ${fmt(tr.last - tr.best)}`} ${fromStart ? "from its start" : "after its best point"}: the updates overshoot${s.lr ? ` (learning rate ${fmt(s.lr.value)})` : ""}`,
            [windowEvidence(tr, "last")],
          ),
        ],
      ),
    );
    return out;
  }

  // a blow-up at the very end: the last point above every earlier one (its first included) after
  // the curve had fallen clearly — the windows that smooth a noisy curve would halve it on a short
  // run and read a loss that never fell
  // (read on a training loss logged once per evaluation: a per-step loss has its last batch above
  // all earlier ones by chance often enough)
  const jump = s.val && s.val !== tr && Math.abs(tr.n - s.val.n) <= 1 ? lastPointJump(tr) : null;
  if (jump) {
    out.push(
      finding(
        ctx,
        "loss_diverging",
        "error",
        `Loss ${tr.key} fell from ${fmt(tr.values[0])} to ${fmt(jump.low)} (step ${tr.steps[jump.lowIndex]}) and jumped to ${fmt(jump.last)} at its last point (step ${tr.lastStep}), above its first value`,
        [tr.steps[jump.lowIndex], tr.lastStep],
        [at(tr, 0, "first value"), at(tr, jump.lowIndex, "lowest before the last point"), at(tr, tr.n - 1, "last point")],
        [
          makeCause(
            "learning_rate_too_high",
            s.lr?.position === "high" ? T.confProgressLearningRateTooHigh08.value : T.confProgressLearningRateTooHigh065.value,
            `the loss grew ${fmt(jump.last / jump.low)}× in its last update(s) after falling steadily: an update overshot${s.lr ? ` (learning rate ${fmt(s.lr.value)})` : ""}`,
            [at(tr, tr.n - 1, "last point")],
          ),
        ],
      ),
    );
    return out;
  }

  // collapse after a good start: accuracy climbed, then fell back near chance
  const cacc = s.valAcc ?? s.trainAcc;
  if (cacc && cacc.n >= 5 && s.chance) {
    const peak = cacc.worst; // largest smoothed value (trend extremes are loss-oriented)
    const near = s.chance.chanceAccuracy + 0.15 * (1 - s.chance.chanceAccuracy);
    // the model had learned: the training loss (when logged) fell clearly on the way to that peak
    const trainLearned = !s.train || s.train.best <= (1 - T.slowConvergenceRel.value) * Math.max(s.train.first, s.train.initial);
    if (peak - cacc.last >= T.collapseDrop.value && cacc.last <= near && peak > near && trainLearned) {
      const lr = s.lr;
      const ev = [
        windowEvidence(cacc, "last"),
        { source: "scalar" as const, tag: cacc.key, value: Number(peak.toPrecision(4)), note: "best (running median)" },
      ];
      out.push(
        finding(
          ctx,
          "metric_collapsed",
          "error",
          `Accuracy ${cacc.key} reached ${pct(peak)} and fell back to ${pct(cacc.last)}, near chance (${pct(s.chance.chanceAccuracy)})`,
          [cacc.firstStep, cacc.lastStep],
          ev,
          [
            makeCause(
              "learning_rate_too_high",
              lr?.position === "high" ? T.confProgressLearningRateTooHigh075.value : T.confProgressLearningRateTooHigh055.value,
              `a model that learned and then lost it: the updates overshoot${lr ? ` (learning rate ${fmt(lr.value)}${lr.position === "high" ? ", above the usual range" : ""})` : ""}`,
              ev,
            ),
          ],
        ),
      );
      return out;
    }
  }

  // majority rate: the (validation) accuracy sits at one high value from the first epochs on, and
  // the loss is no lower than a fraction of the entropy of that class prior
  const vacc = s.valAcc ?? s.trainAcc;
  if (vacc && vacc.n >= 5) {
    const a = vacc.last;
    const after = vacc.values.slice(1);
    const flatShare = after.filter((x) => Math.abs(x - a) <= T.majorityFlatBand.value).length / Math.max(1, after.length);
    const classes = s.chance?.classes ?? 2;
    const [lo, hi] = priorEntropyBounds(a, classes);
    // the validation loss, or else the training loss, sits near the prior entropy (a model that
    // predicts the prior on held-out data, or fits only the prior on the training data)
    const inBand = (c: typeof tr | null) => !!c && c.last >= lo * T.majorityLossBand.value && c.last <= hi * T.majorityLossAbove.value;
    const lossCurve = inBand(s.val) ? s.val : inBand(tr) ? tr : (s.val ?? tr);
    const lossNow = lossCurve ? lossCurve.last : NaN;
    // a model that only predicts the prior changes its predictions little (few distinct accuracies
    // on the same validation set); a model that learned the task can sit at a steady high accuracy
    // too (fine-tuning), with an accuracy that moves by a sample or two between evaluations
    // (constant predictions give one accuracy; a few minority hits a handful: at most a third of
    // the evaluations may differ)
    const fewDistinct = (c: { values: number[]; n: number }) =>
      new Set(c.values.map((x) => Math.round(x * 1e4))).size <= Math.max(classes + 1, Math.ceil(c.n * T.majorityDistinctShare.value));
    const predictsPrior = fewDistinct(vacc);
    // a segmentation's pixel accuracy sits at the background share by nature (its dice/IoU say how it does)
    const segmentation = s.view.scalarKeys.some((k) => /dice|(^|[^a-z])m?iou|io_?u($|[^a-z])|jaccard/i.test(k));
    // a training loss well below the prior entropy with a training accuracy that keeps moving: the
    // model fits the training data beyond the class prior, so a steady held-out accuracy is its
    // level, not the majority share (a training accuracy pinned at one value is the prior on the
    // training side, whatever the loss; the mean of the last window, not its median: a per-batch
    // loss under a 2 % minority is tiny in most batches)
    // (read last: a per-step training accuracy can hold a million points)
    const trainBeyondPrior = () =>
      !!s.train &&
      mean(s.train.values.slice(-s.train.window)) < lo * T.majorityLossBand.value &&
      !!s.trainAcc &&
      s.trainAcc !== vacc &&
      !fewDistinct(s.trainAcc);
    if (
      flatShare >= 0.8 &&
      a >= T.majorityMinRate.value &&
      a < 0.99 &&
      inBand(lossCurve) &&
      predictsPrior &&
      !segmentation &&
      !trainBeyondPrior()
    ) {
      out.push(
        finding(
          ctx,
          "metric_at_majority_rate",
          "warning",
          `Accuracy ${vacc.key} stays at ${pct(a)} from the first epochs on and the loss at ${fmt(lossNow)}: the model predicts the majority class`,
          [vacc.firstStep, vacc.lastStep],
          [
            windowEvidence(vacc, "first"),
            windowEvidence(vacc, "last"),
            windowEvidence(lossCurve ?? tr, "last", `prior entropy of a ${pct(a)} majority: ${fmt(lo)}–${fmt(hi)}`),
          ],
          [
            makeCause(
              "class_imbalance",
              T.confProgressClassImbalance07.value,
              `${pct(flatShare)} of the epochs give the same accuracy ${pct(a)}, and the loss is near the entropy of a ${pct(a)}/${pct(1 - a)} class prior`,
              [windowEvidence(vacc, "last")],
            ),
          ],
        ),
      );
      return out;
    }
  }

  const short = shortRun(ctx);
  if (short && short.severity !== "info") return [short];
  if (short) out.push(short);

  // training fits while validation stays at chance: the generalisation rule reports it (label noise)
  const trainFitsValAtChance = memorisesWithoutTransfer(s);
  // (a training accuracy below validation under heavy dropout or mixup is the training-mode
  // handicap, which the generalisation rule leaves alone: the progress rules judge the run then)
  const trainBelowVal = !!trainBelowValReading(s);
  if (trainFitsValAtChance || trainBelowVal) return out;
  // (a classifier that fitted its training data within the first window has no loss that fails to
  // fall: whatever limits it shows between training and validation, which the generalisation rule
  // reads; its start, its end and its stability are still read below)
  const fitted = fittedInFirstWindow(s);

  // first loss far above anything a classifier starts at: huge initial logits
  const chance0 = s.chance;
  const isClassifier = !!(s.trainAcc ?? s.valAcc);
  // (a per-step loss logged every k steps can miss the first updates that a per-epoch mean logged
  // beside it still holds: the first epoch's mean counts as the first loss too)
  const epochFirst = firstFinite(s.view.trainLossEpoch?.values);
  const initial0 = Math.max(tr.initial, s.train && epochFirst !== undefined ? epochFirst : -Infinity);
  const initialHuge = isClassifier && initial0 > hugeInitialLoss(chance0, lossFitsOutput(s));
  const blowUp = !initialHuge ? earlyBlowUp(ctx) : null;
  if (blowUp) {
    out.push(blowUp);
    return out;
  }
  // a regression loss has no chance level, but one that starts astronomically high and falls by
  // orders of magnitude started from exploded outputs
  const regressionHuge =
    !isClassifier &&
    tr.initial >= T.regressionHugeLoss.value &&
    tr.initial >= T.regressionHugeDrop.value * Math.max(Math.abs(tr.last), T.levelFloor.value);
  if (regressionHuge) {
    const first = [at(tr, 0, "first loss")];
    const ev = [...first, windowEvidence(tr, "last")];
    const lr = s.lr;
    const layer = layerCauses(s).find(
      (l) => l.code === "exploding_gradient" || l.code === "weight_init_too_large" || l.code === "input_not_normalized",
    );
    const causes =
      lr?.position === "high"
        ? [
            makeCause(
              "learning_rate_too_high",
              T.confProgressLearningRateTooHigh065.value,
              `the loss starts at ${fmt(tr.initial)} with a learning rate ${fmt(lr.value)} above the usual range: the first updates blew the outputs up`,
              ev,
            ),
          ]
        : s.arch.recurrent
          ? [
              makeCause(
                "exploding_gradient",
                T.confProgressExplodingGradient06.value,
                `a recurrent network whose loss starts at ${fmt(tr.initial)} and falls ${fmt(tr.initial / Math.max(Math.abs(tr.last), T.levelFloor.value))}×: its activations are multiplied by the recurrent weights at every time step and explode (clip the gradients; check the recurrent initialisation)`,
                ev,
              ),
            ]
          : layer
            ? [makeCause(layer.code, layer.strength, layer.why, layer.evidence)]
            : [
                makeCause(
                  "weight_init_too_large",
                  T.confProgressWeightInitTooLarge045.value,
                  `the loss starts at ${fmt(tr.initial)} and falls ${fmt(tr.initial / Math.max(Math.abs(tr.last), T.levelFloor.value))}×: the first outputs were orders of magnitude off (far-too-large initial weights)`,
                  ev,
                ),
                makeCause(
                  "input_not_normalized",
                  T.confProgressInputNotNormalized04.value,
                  "unscaled inputs or targets give such first outputs as well",
                  ev,
                ),
              ];
    out.push(
      finding(
        ctx,
        "loss_too_large",
        "warning",
        `First loss ${fmt(tr.initial)} is ${fmt(tr.initial / Math.max(Math.abs(tr.last), T.levelFloor.value))}× the last (${fmt(tr.last)}): the run started from exploded outputs`,
        [tr.firstStep, tr.lastStep],
        ev,
        causes,
      ),
    );
    return out;
  }
  if (initialHuge) {
    const stillHuge = tr.last > Math.max(T.lossHugeForClassifier.value / 2, chance0 ? T.initialLossOverChance.value * chance0.lnC : 0);
    const first = [at(tr, 0, "first loss")];
    // unscaled inputs make the first layer's gradients as large as the inputs: the first updates
    // shrink the huge logits at once; too-large weights elsewhere keep them for many steps
    const fastDrop = tr.first <= T.initialLossFastDrop.value * initial0;
    const cause =
      stillHuge && !fastDrop
        ? makeCause(
            "weight_init_too_large",
            T.confProgressWeightInitTooLarge06.value,
            `the loss starts at ${fmt(initial0)}, is still ${fmt(tr.first)} over the first ${Math.round(T.windowFraction.value * 100)} % of the run and ${fmt(tr.last)} at the end: the logits stay huge, as with far-too-large initial weights`,
            [...first, windowEvidence(tr, "first"), windowEvidence(tr, "last")],
          )
        : makeCause(
            "input_not_normalized",
            T.confProgressInputNotNormalized055.value,
            `the loss starts at ${fmt(initial0)} (a classifier starts near ln C) and falls back to ${fmt(tr.first)} within the first steps (${fmt(tr.last)} at the end): unscaled inputs give huge first logits until the first layer adapts`,
            [...first, windowEvidence(tr, "last")],
          );
    // a deep ReLU network that never learns after that first loss: activations and gradients grew
    // layer by layer and the first updates wrecked the weights (in a shallow one, unscaled inputs
    // stay the likelier reason: they too leave ReLU units dead after the first updates)
    const accAfter = s.trainAcc ?? s.valAcc;
    const chanceAcc = s.chance ? s.chance.chanceAccuracy : 0.5;
    const learnedAfter =
      !accAfter || accAfter.last - accAfter.values[0] >= T.accuracyGain.value || accAfter.last >= chanceAcc + 0.5 * (1 - chanceAcc);
    const fellBack = !stillHuge || fastDrop;
    const broken =
      fellBack && !learnedAfter && s.arch.activation === "relu" && (s.arch.depth ?? 0) >= T.deepNetLayers.value
        ? makeCause(
            "exploding_gradient",
            T.confProgressExplodingGradient055.value,
            `the loss starts at ${fmt(initial0)} in a ${s.arch.depth}-layer ReLU network and the model learns nothing afterwards (accuracy ${pct(accAfter!.last)}): activations and gradients grew layer by layer and the first updates wrecked the weights`,
            [...first, windowEvidence(accAfter!, "last")],
          )
        : null;
    const layer =
      s.lr?.position === "high"
        ? {
            code: "learning_rate_too_high",
            strength: T.confProgressLearningRateTooHigh065.value,
            why: `the first loss is already huge with a learning rate ${fmt(s.lr.value)} above the usual range: the first updates blew the logits up`,
            evidence: first,
          }
        : layerCauses(s).find((l) => l.code === "weight_init_too_large" || l.code === "input_not_normalized");
    out.push(
      finding(
        ctx,
        "loss_too_large",
        "warning",
        `First loss ${fmt(initial0)} is far above the level of a freshly initialised classifier${chance0 ? ` (ln(${chance0.classes}) = ${fmt(chance0.lnC)})` : ""}`,
        [tr.firstStep, tr.lastStep],
        [...first, windowEvidence(tr, "last")],
        [layer ? makeCause(layer.code, layer.strength, layer.why, layer.evidence) : (broken ?? cause)],
      ),
    );
    return out;
  }

  if (!fitted && (outcome.notDecreasing || (outcome.atChance && tr.relImprovement < T.slowConvergenceRel.value))) {
    const chance = s.chance;
    const atChance = chance && Math.abs(tr.last - chance.lnC) <= T.chanceBand.value * chance.lnC;
    const title = atChance
      ? `Loss ${tr.key} stays at ${fmt(tr.last)} ≈ ln(${chance!.classes}), the chance level, over ${tr.lastStep - tr.firstStep} steps`
      : `Loss ${tr.key} does not decrease: ${fmt(tr.first)} → ${fmt(tr.last)} (${fmt(tr.relImprovement * 100)} %)`;
    out.push(
      finding(
        ctx,
        atChance ? "loss_not_decreasing" : "loss_not_decreasing",
        "error",
        title,
        span,
        [windowEvidence(tr, "first"), windowEvidence(tr, "last"), ...(acc ? [windowEvidence(acc, "last")] : [])],
        progressCauses(s, "flat"),
      ),
    );
    return out;
  }

  if (outcome.slow && !fitted) {
    const sev = "warning";
    // (a validation loss that levelled off while the training loss still falls: the step size is
    // not what limits the run, and the finding says so instead of naming it)
    const levelled = valLevelledWhileTrainFalls(s);
    out.push(
      finding(
        ctx,
        "loss_slow_convergence",
        sev,
        `Loss ${tr.key} fell only ${fmt(tr.relImprovement * 100)} % (${fmt(tr.first)} → ${fmt(tr.last)})${levelled ? `; the validation loss ${s.val!.key} stopped improving in the first half of the run while the training loss kept falling: larger steps would not help` : ""}`,
        span,
        [
          windowEvidence(tr, "first"),
          windowEvidence(tr, "last"),
          ...(levelled ? [windowEvidence(s.val!, "first"), windowEvidence(s.val!, "last")] : []),
        ],
        progressCauses(s, "slow"),
      ),
    );
    return out;
  }

  if (outcome.atChance && acc && !fitted) {
    out.push(
      finding(
        ctx,
        "metric_at_chance",
        "error",
        `Accuracy ${acc.key} ends at ${pct(acc.last)}, the chance level 1/${s.chance?.classes}`,
        [acc.firstStep, acc.lastStep],
        [windowEvidence(acc, "last")],
        progressCauses(s, "flat"),
      ),
    );
    return out;
  }

  // still improving at the end
  const improving = s.trainStillImproving && (s.val ? s.valStillImproving || (s.valAcc ? s.accStillImproving : false) : true);
  if (improving) {
    // (a validation accuracy is the outcome: when it has levelled off, a loss still falling is
    // the model growing more confident on answers that no longer change — no reason to train on)
    const strong = tr.tailGainShare >= 2 * T.tailGainShare.value && outcome.mediocre && (!s.valAcc || stillImproving(s.valAcc, true));
    out.push(
      finding(
        ctx,
        "still_improving_at_end",
        strong ? "warning" : "info",
        `Loss ${tr.key} was still falling when training stopped (last part gained ${pct(tr.tailGainShare)} of the total improvement)`,
        [tr.steps[Math.max(0, tr.n - 2 * tr.window)], tr.lastStep],
        [
          windowEvidence(tr, "last"),
          {
            source: "scalar",
            tag: tr.key,
            value: Number(tr.tailSlopeRel.toPrecision(4)),
            note: "tail slope projected over the run, relative to the level",
          },
        ],
        strong
          ? [
              makeCause(
                "too_few_epochs",
                T.confProgressTooFewEpochs065.value,
                "the loss and the validation curves were still improving clearly at the last step",
                [windowEvidence(tr, "last")],
              ),
            ]
          : [],
      ),
    );
  }

  // oscillation
  if (st && st.residualRel > T.oscillationRel.value && st.riseShare > 0.3) {
    const warn = outcome.poor || outcome.slow;
    out.push(
      finding(
        ctx,
        "loss_oscillating",
        warn ? "warning" : "info",
        `Loss ${tr.key} oscillates: typical deviation from its trend ${pct(st.residualRel)} of its level`,
        span,
        [
          windowEvidence(tr, "last"),
          ...st.spikes.slice(0, 3).map((p) => ({
            source: "scalar" as const,
            tag: tr.key,
            step: p.step,
            value: p.value,
            note: `spike over local median ${fmt(p.local)}`,
          })),
        ],
        warn
          ? [
              makeCause(
                "learning_rate_too_high",
                T.confProgressLearningRateTooHigh055.value,
                "large step-to-step swings with poor progress: the steps overshoot",
                [],
              ),
            ]
          : [],
      ),
    );
  }
  return out;
}

/** A training of a handful of epochs whose last epoch still improved clearly: cut short. */
function shortRun(ctx: RuleContext): Finding | null {
  const { s, outcome } = ctx;
  const tr = s.train ?? s.val;
  if (!tr) return null;
  // very short training still improving (a handful of epochs)
  const epochCurve = s.val ?? s.valAcc ?? s.trainAcc;
  if (epochCurve && epochCurve.n >= 2 && epochCurve.n <= T.shortRunEpochs.value) {
    const v = epochCurve.values,
      hb = epochCurve === s.valAcc || epochCurve === s.trainAcc;
    const lastGain = hb ? v[v.length - 1] - v[v.length - 2] : lastRelFall(v);
    const bigGain = !hb && lastGain >= T.shortRunSteepGain.value;
    // (a curve of fewer points than two windows: its improvement from the first to the last point)
    const rel =
      tr.n < 2 * T.windowMin.value && Math.abs(tr.values[0]) > 0
        ? (tr.values[0] - tr.values[tr.n - 1]) / Math.abs(tr.values[0])
        : tr.relImprovement;
    if (
      (outcome.mediocre || outcome.slow || bigGain || epochCurve.n <= 3) &&
      lastGain >= (hb ? 0.01 : 0.03) &&
      rel > (epochCurve.n <= T.veryShortRunEpochs.value ? T.shortRunMinRel.value : 0.05)
    ) {
      const ev = [
        windowEvidence(tr, "last"),
        at(epochCurve, epochCurve.n - 2, "second-to-last epoch"),
        at(epochCurve, epochCurve.n - 1, "last epoch"),
      ];
      // "train longer" is a warning only when the outcome is poor, or when the curves are still
      // falling steeply at the end — the last epoch took a large share off the validation loss and
      // the per-step training loss still falls at a rate that would halve it over another run of
      // the same length (a per-epoch training loss: its last epoch took a large share off it too)
      // — on a run not already at a good accuracy; a run already good (or whose
      // outcome is unknown, not mediocre, and whose curves flatten) only gets the observation
      // (a training loss logged once per epoch: its last epoch took the same clear share off it)
      const trainEpochs = s.train && !s.stepsPerEpoch?.trainLossPerStep && Math.abs(s.train.n - epochCurve.n) <= 1 ? s.train.values : null;
      const trainLastFall =
        trainEpochs && trainEpochs.length >= 2 && trainEpochs[trainEpochs.length - 2] > 0 ? lastRelFall(trainEpochs) : NaN;
      const steep =
        bigGain &&
        !!s.train &&
        (s.stepsPerEpoch?.trainLossPerStep
          ? s.train.tailSlopeRel <= -T.shortRunSteepTailSlope.value
          : trainLastFall >= T.shortRunSteepGain.value) &&
        !accuracyGood(s);
      // ...or, with no accuracy or metric to judge the outcome by (a regression), a handful of
      // epochs that each lowered the validation loss, the last by a clear share, while the training
      // loss fell as well
      const steepUnjudged =
        !s.trainAcc &&
        !s.valAcc &&
        !s.view.valMetric &&
        epochCurve === s.val &&
        epochCurve.n <= T.veryShortRunEpochs.value &&
        v.every((x, i) => i === 0 || x < v[i - 1]) &&
        lastGain >= T.shortRunUnjudgedGain.value &&
        !!s.train &&
        rel >= T.shortRunUnjudgedGain.value;
      const poor = outcome.mediocre || outcome.slow || steep || steepUnjudged;
      const title = `Training stopped after ${epochCurve.n} epoch(s) while ${epochCurve.key} was still improving`;
      if (!poor)
        return finding(
          ctx,
          "still_improving_at_end",
          "info",
          `${title} (the outcome is not poor: more epochs may still help)`,
          [tr.firstStep, tr.lastStep],
          ev,
        );
      return finding(ctx, "still_improving_at_end", "warning", title, [tr.firstStep, tr.lastStep], ev, [
        makeCause(
          "too_few_epochs",
          T.confProgressTooFewEpochs07.value,
          `only ${epochCurve.n} epochs, and the last one still improved ${epochCurve.key} by ${hb ? fmt(lastGain) : pct(lastGain)}${steep && !(outcome.mediocre || outcome.slow) ? `; the per-step training loss still falls steeply at the end (its tail slope, projected over the run, ${pct(-s.train!.tailSlopeRel)} of its level)` : ""}`,
          ev,
        ),
      ]);
    }
    // a handful of epochs that ended far from a good result without a clear gain in the last one:
    // too short to tell; the ranking weighs the configuration (epochs, learning rate) behind it
    if (epochCurve.n <= T.shortRunEpochs.value && outcome.mediocre && !outcome.nonFinite) {
      const ev = [at(epochCurve, 0, "first epoch"), at(epochCurve, epochCurve.n - 1, "last epoch")];
      return finding(
        ctx,
        "short_training_poor_outcome",
        "warning",
        `Training ran only ${epochCurve.n} epoch(s) and ${epochCurve.key} ended far from a good result`,
        [tr.firstStep, tr.lastStep],
        ev,
        [
          makeCause(
            "too_few_epochs",
            T.shortRunPoorConfidence.value,
            `only ${epochCurve.n} epochs: too short a training to reach a usable model, or to judge it`,
            ev,
          ),
        ],
      );
    }
  }

  return null;
}

/**
 * A GAN's losses are read as a pair: no trend is expected of either. The one failure they show on
 * their own is a discriminator that wins outright — its loss falls to a small share of where it
 * started while the generator's loss keeps growing (the generator gets no useful gradient).
 */
function adversarialFindings(ctx: RuleContext): Finding[] {
  const { s } = ctx;
  const adv = s.adversarial!;
  const d = adv.d,
    g = adv.g;
  const out: Finding[] = [
    finding(
      ctx,
      "adversarial_losses",
      "info",
      `Losses ${adv.discriminator} and ${adv.generator} are the two sides of a GAN: neither is expected to fall on its own, so no progress rule applies to them`,
      [],
      [
        { source: "scalar", tag: adv.discriminator, note: "discriminator / critic loss" },
        { source: "scalar", tag: adv.generator, note: "generator loss" },
      ],
    ),
  ];
  if (
    d &&
    g &&
    d.n >= T.minPointsForTrend.value &&
    g.n >= T.minPointsForTrend.value &&
    d.first > 0 &&
    g.first > 0 &&
    d.last <= T.discriminatorWinsShare.value * d.first &&
    g.last >= T.divergeRatio.value * g.first
  ) {
    const ev = [windowEvidence(d, "first"), windowEvidence(d, "last"), windowEvidence(g, "first"), windowEvidence(g, "last")];
    out.push(
      finding(
        ctx,
        "discriminator_wins",
        "warning",
        `The discriminator loss ${d.key} fell to ${fmt(d.last)} (from ${fmt(d.first)}) while the generator loss ${g.key} grew to ${fmt(g.last)} (from ${fmt(g.first)})`,
        [d.firstStep, d.lastStep],
        ev,
        [
          makeCause(
            "optimizer_unsuitable",
            T.confProgressOptimizerUnsuitable05.value,
            "a discriminator that wins outright gives the generator no useful gradient: balance the two optimizers (learning rates, update ratio) or use a non-saturating / Wasserstein loss",
            ev,
            [
              "Balance the two optimizers: lower the discriminator's learning rate or update it less often than the generator",
              "Use the non-saturating generator loss, or a Wasserstein loss with gradient penalty",
              "Add instance noise or one-sided label smoothing to the discriminator",
            ],
          ),
        ],
      ),
    );
  }
  return out;
}

/**
 * A per-step loss that starts at a sane level and is blown up by orders of magnitude within the
 * first few optimizer steps, then comes back: the first updates overshot (a learning rate far too
 * high for the start, no warm-up). With ReLU units the same step often kills them for good.
 */
function earlyBlowUp(ctx: RuleContext): Finding | null {
  const { s } = ctx;
  const tr = s.train;
  const spe = s.stepsPerEpoch;
  if (!tr || !spe?.trainLossPerStep || tr.n < 20 || !(tr.initial > 0)) return null;
  const k = Math.max(5, Math.floor(tr.n * 0.05));
  let iMax = 1;
  for (let i = 1; i < k; i++) if (tr.values[i] > tr.values[iMax]) iMax = i;
  const peak = tr.values[iMax];
  if (!(peak >= T.earlyBlowUpRatio.value * tr.initial) || !(tr.last < peak / 10)) return null;
  const after = tr.steps[iMax] - tr.steps[0];
  const ev = [
    at(tr, 0, "first loss (before any update)"),
    at(tr, iMax, `${fmt(peak / tr.initial)}× the first loss, ${after} step(s) later`),
    windowEvidence(tr, "last"),
  ];
  const causes = [
    makeCause(
      "learning_rate_too_high",
      s.lr?.position === "high" ? T.confProgressLearningRateTooHigh07.value : T.confProgressLearningRateTooHigh06.value,
      `the loss went from ${fmt(tr.initial)} to ${fmt(peak)} within ${after} step(s): the first updates overshoot (too high a learning rate for the start; a warm-up avoids it)`,
      ev,
    ),
  ];
  const dead = layerCauses(s).find((c) => c.code === "dead_relu");
  if (dead)
    causes.push(
      makeCause(
        "dead_relu",
        T.confProgressDeadRelu055.value,
        `${dead.why}: the blown-up first updates left the ReLU units dead`,
        dead.evidence,
      ),
    );
  return finding(
    ctx,
    "loss_spike_at_start",
    "warning",
    `Loss ${tr.key} jumps from ${fmt(tr.initial)} to ${fmt(peak)} within the first ${after} step(s) and only then falls back`,
    [tr.firstStep, tr.steps[Math.min(tr.n - 1, k)]],
    ev,
    causes,
  );
}

/**
 * The first loss above which a classifier started from huge logits: `lossHugeForClassifier`
 * whatever C, lowered to `initialLossOverKnownChance` × ln C when the configuration names C and a
 * loss that fits the output (a mismatched loss starts high by construction: the configuration
 * check reports it).
 */
export function hugeInitialLoss(chance: ChanceLevel | null, lossFits: boolean): number {
  const floor = Math.max(T.lossHugeForClassifier.value, chance ? T.initialLossOverChance.value * chance.lnC : 0);
  return chance?.source === "hparams" && lossFits
    ? Math.min(floor, Math.max(T.initialLossOverKnownChance.value, T.initialLossOverChance.value) * chance.lnC)
    : floor;
}

/**
 * The last point of a curve above every earlier point, its first included, after a fall of at least
 * `lastJumpFall` of the first value (so at least 1 / (1 − lastJumpFall) times the lowest point): a
 * blow-up in the last update(s). Null otherwise.
 */
function lastPointJump(tr: { values: number[]; n: number }): { last: number; low: number; lowIndex: number } | null {
  const v = tr.values,
    n = tr.n;
  if (n < T.minPointsForTrend.value || !(v[0] > 0)) return null;
  let hi = -Infinity,
    lowIndex = 0;
  for (let i = 0; i < n - 1; i++) {
    if (v[i] > hi) hi = v[i];
    if (v[i] < v[lowIndex]) lowIndex = i;
  }
  const last = v[n - 1],
    low = v[lowIndex];
  return last > hi && low > 0 && low <= (1 - T.lastJumpFall.value) * v[0] ? { last, low, lowIndex } : null;
}

/** The share of its second-to-last value that a curve lost at its last point (a lower-is-better curve; 0 stands in as 1). */
function lastRelFall(v: number[]): number {
  const prev = v[v.length - 2];
  return (prev - v[v.length - 1]) / Math.abs(prev || 1);
}
