// Generalisation rules: val_loss_rising (past the validation optimum while the training loss keeps
// falling → overfitting), train_val_gap (a warning when the training accuracy stays far ahead of a
// levelled validation accuracy), val_metric_falling (a higher-is-better validation metric such as
// mAP that peaked and fell back), and a validation curve at chance while the training loss falls
// (the model memorises labels that carry no signal → label noise).
import type { Evidence, Finding } from "../types.ts";
import { T } from "../thresholds.ts";
import { makeCause } from "./causes.ts";
import { at, finding, fmt, pct, windowEvidence, type RuleContext } from "./context.ts";
import { tinyTrainingSet } from "./batches.ts";
import { hparamNumberFor } from "../signals/run_view.ts";
import { accuracyOrder } from "../signals/generalization.ts";
import { errorLossKind, lossMisfitsOutput } from "./loss_config.ts";
import { finitePoints, stillImproving } from "../signals/loss_trend.ts";
import { linearModel } from "../signals/architecture.ts";
import { median, runningMedian } from "../signals/robust_stats.ts";

/**
 * A validation metric where higher is better (mAP, F1, IoU — logged instead of an accuracy) that
 * peaked and fell back by a clear share while the training loss kept falling after its peak: the
 * model got worse on held-out data as it fitted the training data.
 */
export function valMetricFallingRule(ctx: RuleContext): Finding[] {
  const { s } = ctx;
  const m = s.view.valMetric,
    tr = s.train;
  if (!m || !tr || s.adversarial || ctx.outcome.nonFinite) return [];
  const { steps, values } = finitePoints(m);
  const n = values.length;
  if (n < T.valMetricMinEvals.value) return [];
  const smooth = runningMedian(values, T.windowMin.value);
  let bi = 0;
  for (let i = 1; i < n; i++) if (smooth[i] > smooth[bi]) bi = i;
  const best = smooth[bi];
  const last = median(values.slice(n - T.windowMin.value));
  const drop = best > 0 ? (best - last) / best : NaN;
  const span = steps[n - 1] - steps[0];
  const past = span > 0 ? (steps[n - 1] - steps[bi]) / span : 0;
  // the training loss kept falling after the metric's best (a learning-rate blow-up raises it); a
  // training curve that ends before that best says nothing
  const atBest = tr.steps.findIndex((x) => x >= steps[bi]);
  const trainFell = atBest >= 0 && atBest < tr.n - 1 && tr.smooth[atBest] > tr.last;
  if (!(drop >= T.valMetricDropRel.value && past >= T.pastOptimumShare.value && trainFell)) return [];
  const ev = [
    { source: "scalar" as const, tag: m.key, step: steps[bi], value: Number(best.toPrecision(6)), note: "best (running median)" },
    {
      source: "scalar" as const,
      tag: m.key,
      steps: [steps[n - T.windowMin.value], steps[n - 1]] as [number, number],
      value: Number(last.toPrecision(6)),
      note: `median of the last ${T.windowMin.value} point(s)`,
    },
    windowEvidence(tr, "last"),
  ];
  return [
    finding(
      ctx,
      "val_metric_falling",
      "warning",
      `Validation ${m.key} fell ${pct(drop)} from its best ${fmt(best)} at step ${steps[bi]} (${pct(past)} of the run) while the training loss kept falling`,
      [steps[bi], steps[n - 1]],
      ev,
      [
        makeCause(
          "overfitting",
          T.confGeneralizationOverfitting07.value,
          `${m.key} peaked at ${fmt(best)} and fell to ${fmt(last)} while the training loss went on falling to ${fmt(tr.last)}: the model fits the training data at the expense of held-out data`,
          ev,
        ),
      ],
    ),
  ];
}

export function generalizationRule(ctx: RuleContext): Finding[] {
  if (ctx.s.adversarial) return [];
  const { s, outcome } = ctx;
  const g = s.generalization,
    val = s.val,
    tr = s.train;
  if (!g || !val || outcome.nonFinite) return [];
  const out: Finding[] = [];
  const chance = s.chance;
  const vAcc = s.valAcc;
  // without steps per epoch: best validation at the first evaluations, then a strong rise, while
  // the training loss is memorised to a small share of its start — the model sees few distinct
  // samples (one batch again and again, or a tiny training set); the logs cannot tell which
  const memorisedEarly =
    !s.stepsPerEpoch &&
    val.bestIndex <= 1 &&
    val.n >= 5 &&
    g.valRiseRel >= T.earlyMemorisedValRise.value &&
    !!tr &&
    tr.last >= 0 &&
    Math.max(tr.first, tr.initial) > 0 &&
    tr.last <= T.earlyMemorisedTrainShare.value * Math.max(tr.first, tr.initial);
  const fewSamples = (ev: Evidence[]) =>
    memorisedEarly
      ? [
          makeCause(
            "repeated_batch",
            T.confGeneralizationRepeatedBatch045.value,
            `the validation loss was best at the first evaluation and rose ${pct(g.valRiseRel)} while the training loss fell to ${pct(tr!.last / Math.max(tr!.first, tr!.initial))} of its start: the model memorises few distinct samples from the start — the same batch fed again and again, or a training set of a few dozen samples (log the steps per epoch or the dataset size to tell them apart)`,
            ev,
          ),
        ]
      : [];
  // label noise: training learns, validation stays near chance (memorisesWithoutTransfer); or the
  // training accuracy stays far below the validation accuracy (training labels noisier than the
  // validation labels)
  const tAcc = s.trainAcc;
  const memorises = memorisesWithoutTransfer(s);
  const below = trainBelowValReading(s);
  const trainBelowValLast = !!below?.last,
    cleanValAbove = !!below?.clean,
    order = below?.order ?? null;
  const trainBelowVal = !!below;
  if (tr && (memorises || trainBelowVal)) {
    const ev = trainBelowVal
      ? [
          windowEvidence(tAcc!, "last"),
          windowEvidence(vAcc!, "last"),
          ...(cleanValAbove && !trainBelowValLast
            ? [
                windowEvidence(tr, "last"),
                {
                  source: "scalar" as const,
                  tag: vAcc!.key,
                  value: Number(order!.meanGap.toPrecision(3)),
                  note: `mean validation − training accuracy over the last ${order!.n} evaluations (validation above training in ${pct(order!.valAboveShare)} of them); training loss ${fmt(tr.last / chance!.lnC)}× ln(${chance!.classes})`,
                },
              ]
            : []),
        ]
      : [windowEvidence(tr, "first"), windowEvidence(tr, "last"), vAcc ? windowEvidence(vAcc, "last") : windowEvidence(val, "last")];
    const title = trainBelowVal
      ? trainBelowValLast
        ? `Training accuracy ${pct(tAcc!.last)} stays far below the validation accuracy ${pct(vAcc!.last)}`
        : `Training accuracy ${pct(tAcc!.last)} stays below the validation accuracy ${pct(vAcc!.last)} over the second half of the run while the training loss plateaus at ${fmt(tr.last)} (${fmt(tr.last / chance!.lnC)}× ln ${chance!.classes})`
      : `Validation stays near chance level while the training loss falls ${fmt(tr.relImprovement * 100)} %`;
    out.push(
      finding(
        ctx,
        trainBelowVal ? "train_below_val" : "metric_at_chance",
        trainBelowVal ? "warning" : "error",
        title,
        [val.firstStep, val.lastStep],
        ev,
        tinyTrainingSet(s.stepsPerEpoch) && !trainBelowVal
          ? [
              tinySetCause(s.stepsPerEpoch!, ev),
              makeCause("label_noise", T.confGeneralizationLabelNoise045.value, "labels that carry no signal give the same picture", ev),
            ]
          : [
              makeCause(
                "label_noise",
                T.confGeneralizationLabelNoise065.value,
                trainBelowVal
                  ? "the model cannot fit its own training labels yet predicts the validation data well: the training labels are wrong for many samples"
                  : "the model fits the training labels but learns nothing that transfers: the labels carry no signal (shuffled or wrong)",
                ev,
              ),
              ...(trainBelowVal ? [] : fewSamples(ev)),
            ],
      ),
    );
    return out;
  }
  const noisyTargets = trainLossAboveVal(s);
  if (noisyTargets && tr) {
    const ev: Evidence[] = [
      windowEvidence(tr, "last"),
      windowEvidence(val, "last"),
      {
        source: "scalar",
        tag: tr.key,
        value: Number(noisyTargets.median.toPrecision(3)),
        note: `median training ÷ validation loss over the last ${noisyTargets.n} evaluations (lowest ${fmt(noisyTargets.min)})`,
      },
    ];
    out.push(
      finding(
        ctx,
        "train_below_val",
        "warning",
        `Training loss stays ${fmt(noisyTargets.median)}× the validation loss over the second half of the run (${fmt(tr.last)} against ${fmt(val.last)})`,
        [val.firstStep, val.lastStep],
        ev,
        [
          makeCause(
            "label_noise",
            T.confGeneralizationLabelNoise045.value,
            `with no dropout or augmentation configured, a model scores its training data worse than held-out data only when the training targets are harder to predict: many training targets are wrong (or the validation data is easier than the training data)`,
            ev,
          ),
        ],
      ),
    );
    return out;
  }
  const noTransfer = regressionNoTransfer(s);
  if (noTransfer && tr) {
    const ev: Evidence[] = [
      windowEvidence(val, "first"),
      {
        source: "scalar",
        tag: val.key,
        step: val.bestStep,
        value: Number(val.best.toPrecision(6)),
        note: "best validation loss (running median)",
      },
      windowEvidence(val, "last"),
      windowEvidence(tr, "first"),
      windowEvidence(tr, "last"),
    ];
    const rose = g.valRiseRel >= T.valRiseRel.value;
    out.push(
      finding(
        ctx,
        rose ? "val_loss_rising" : "train_val_gap",
        "warning",
        `Validation loss never improved (${fmt(val.first)} at the first evaluations, ${fmt(val.best)} at best, ${fmt(val.last)} at the end) while the training loss fell ${pct(tr.relImprovement)} to ${fmt(tr.last)}`,
        [val.firstStep, val.lastStep],
        ev,
        // a tiny training set, or a training loss memorised to a small share of its start, is the
        // reading then (noisy targets slow a model's fit down, a few samples do not)
        tinyTrainingSet(s.stepsPerEpoch)
          ? [tinySetCause(s.stepsPerEpoch!, ev)]
          : tr.last <= T.earlyMemorisedTrainShare.value * Math.max(tr.first, tr.initial)
            ? [
                makeCause(
                  "overfitting",
                  T.confRegressionNoTransfer.value,
                  `the training loss was memorised to ${pct(tr.last / Math.max(tr.first, tr.initial))} of its start while the validation loss never improved: the model memorises its training set from the first epoch on`,
                  ev,
                ),
              ]
            : [
                makeCause(
                  "label_noise",
                  T.confRegressionNoTransfer.value,
                  "the model fits its training targets but nothing it learns carries over to held-out data: the targets carry no signal the inputs explain (shuffled or wrong targets, or inputs and targets misaligned)",
                  ev,
                ),
                makeCause(
                  "overfitting",
                  T.confGeneralizationLabelNoise045.value,
                  "a model that memorises its training set from the first epoch on gives the same picture",
                  ev,
                ),
              ],
      ),
    );
    return out;
  }
  // with a validation accuracy, the rise must cost accuracy (or come with a train/val accuracy gap):
  // a loss rising on a few confident mistakes at an unchanged accuracy is not a problem to fix
  const accCost =
    !vAcc ||
    vAcc.best - vAcc.last >= T.valAccDrop.value ||
    (Number.isFinite(g.accGap) && g.accGap >= T.accGap.value) ||
    (!!vAcc && vAcc.worst - vAcc.last >= T.valAccDrop.value) || // smoothed peak (a single noisy epoch is no cost)
    // a validation loss far above its best is a cost in itself (over-confident mistakes), unless the
    // configured loss does not fit the outputs (then its values misstate the predictions)
    (g.valRiseRel >= T.overfitCostlyValRise.value && (g.valRiseRel >= T.roseBackValRise.value || !lossMisfitsOutput(s)));
  // overfitting needs something learnt to lose: a validation accuracy that rose clearly above chance
  const learntOnVal = !vAcc || !chance || vAcc.worst >= chanceBandTop(chance);
  // ...and the rise must still hold at the last point (a noisy curve whose last value is its lowest did not rise)
  const holdsAtEnd = val.values[val.n - 1] >= (1 + T.valRiseRel.value) * g.valBest;
  const rising =
    accCost &&
    learntOnVal &&
    holdsAtEnd &&
    g.valRiseRel >= T.valRiseRel.value &&
    g.pastOptimumShare >= T.pastOptimumShare.value &&
    (!Number.isFinite(g.trainAfterOptimumRel) || g.trainAfterOptimumRel < 0);
  const spe = s.stepsPerEpoch;
  const earlyOptimum = !!spe && spe.value >= T.manyStepsPerEpoch.value && val.bestIndex <= 1 && val.n >= 5;
  // a classifier whose validation loss was never anywhere near the chance level ln C did not
  // overfit from a good point: its logits are huge throughout (overshooting updates)
  const hugeVal =
    !!chance && !!(vAcc ?? tAcc) && g.valBest > Math.max(T.lossHugeForClassifier.value, T.initialLossOverChance.value * chance.lnC);
  if (hugeVal && (rising || g.valRiseRel >= T.valRiseRel.value)) {
    const st = s.trainStability;
    const unstable = !!st && (st.spikes.length > 0 || st.residualRel > T.oscillationRel.value);
    const lr = s.lr;
    const ev = [
      at(val, val.bestIndex, `best validation loss; chance level ln(${chance!.classes}) = ${fmt(chance!.lnC)}`),
      windowEvidence(val, "last"),
      ...(tr ? [windowEvidence(tr, "last")] : []),
    ];
    // ...and when the training side memorises meanwhile (its loss far below ln C) while the
    // validation loss keeps rising to the end, the model also overfits (or validates on data
    // prepared otherwise): that reading is given beside the huge logits
    const memorises = !!tr && tr.relImprovement >= T.slowConvergenceRel.value && tr.last < chance!.lnC * (1 - T.chanceBand.value);
    const keepsRising =
      holdsAtEnd &&
      g.valRiseRel >= T.valRiseRel.value &&
      g.pastOptimumShare >= T.pastOptimumShare.value &&
      (!Number.isFinite(g.trainAfterOptimumRel) || g.trainAfterOptimumRel < 0);
    // (then the huge validation loss is the memorised model's confident mistakes: an observation,
    // blamed on the learning rate only when the logged rate is above its range)
    const overfitsToo = memorises && keepsRising;
    const asObservation = overfitsToo && lr?.position !== "high";
    out.push(
      finding(
        ctx,
        "loss_too_large",
        asObservation ? "info" : "warning",
        `Validation loss ${val.key} is never below ${fmt(g.valBest)}, ${fmt(g.valBest / chance!.lnC)}× the chance level ln(${chance!.classes}): the logits are huge throughout`,
        [val.firstStep, val.lastStep],
        ev,
        asObservation
          ? []
          : [
              makeCause(
                "learning_rate_too_high",
                unstable || lr?.position === "high"
                  ? T.confGeneralizationLearningRateTooHigh065.value
                  : T.confGeneralizationLearningRateTooHigh05.value,
                `a classifier that learned from a sane start has a validation loss below ln C at its best; ${fmt(g.valBest)} means the updates blew the logits up${lr ? ` (learning rate ${fmt(lr.value)}${lr.position === "high" ? ", above the usual range" : ""})` : ""}${unstable ? " and the training loss jumps between steps" : ""}`,
                ev,
              ),
              ...(!unstable && lr?.position !== "high"
                ? [
                    makeCause(
                      "weight_init_too_large",
                      T.confGeneralizationWeightInitTooLarge04.value,
                      "far-too-large weights keep the logits huge as well",
                      ev,
                    ),
                  ]
                : []),
            ],
      ),
    );
    if (overfitsToo) {
      const accNote =
        vAcc && tAcc && !learntOnVal
          ? ` (validation accuracy ${pct(vAcc.last)} at chance while the training accuracy reaches ${pct(tAcc.last)}: check that the validation data and labels are prepared as the training data)`
          : "";
      out.push(
        finding(
          ctx,
          "val_loss_rising",
          "warning",
          `Validation loss rose ${pct(g.valRiseRel)} after its best at step ${g.valBestStep} while the training loss fell to ${fmt(tr!.last)}`,
          [g.valBestStep, val.lastStep],
          ev,
          [
            makeCause(
              "overfitting",
              T.confOverfitHugeVal.value,
              `the model memorises its training data (training loss ${fmt(tr!.last)}, below ln C = ${fmt(chance!.lnC)}) while the validation loss climbs from ${fmt(g.valBest)} to ${fmt(val.last)}${accNote}`,
              ev,
            ),
          ],
        ),
      );
    }
    return out;
  }
  if (rising) {
    const ev = [
      at(val, val.bestIndex, "validation optimum (running median)"),
      windowEvidence(val, "last"),
      ...(tr ? [windowEvidence(tr, "last")] : []),
    ];
    out.push(
      finding(
        ctx,
        "val_loss_rising",
        "warning",
        `Validation loss rose ${pct(g.valRiseRel)} after its best at step ${g.valBestStep} (${pct(g.pastOptimumShare)} of the run) while the training loss kept falling`,
        [g.valBestStep, val.lastStep],
        ev,
        [
          makeCause(
            "overfitting",
            T.confGeneralizationOverfitting07.value,
            `validation loss bottomed at ${fmt(g.valBest)} and rose to ${fmt(val.last)} while training loss fell ${Number.isFinite(g.trainAfterOptimumRel) ? pct(-g.trainAfterOptimumRel) : ""} further`,
            ev,
          ),
          ...fewSamples(ev),
          ...(earlyOptimum
            ? [
                makeCause(
                  "repeated_batch",
                  T.confGeneralizationRepeatedBatch05.value,
                  `the validation loss was best within the first two epochs although every epoch has ${spe!.value} batches: a model that stops generalising that early may be seeing the same few samples again (a repeated batch)`,
                  ev,
                ),
              ]
            : []),
        ],
      ),
    );
    return out;
  }
  // both curves worse after the validation optimum: not memorisation (the training loss would keep
  // falling) but updates that throw the model off a good point
  // ...from a point the model had learned its way to: a validation accuracy halfway from chance to 1
  // and above where it started, or
  // (without accuracy) a validation loss that had halved
  const chanceAcc = chance ? chance.chanceAccuracy : 0.5;
  const learntWell = vAcc ? vAcc.worst >= wayFromChance(chanceAcc, 0.5) : val.best <= 0.5 * val.first;
  const wasGood = learntWell && (!vAcc || vAcc.worst - vAcc.first >= T.roseBackAccGain.value);
  const roseBack =
    wasGood &&
    g.valRiseRel >= T.roseBackValRise.value &&
    Number.isFinite(g.trainAfterOptimumRel) &&
    g.trainAfterOptimumRel >= T.roseBackTrainRise.value &&
    g.pastOptimumShare >= T.pastOptimumShare.value;
  // ...or, with a learning rate above its optimizer's range, a milder version: a model that had
  // learned (its validation accuracy halfway from chance to 1, at its first evaluation already),
  // whose validation loss then rose while the training loss stopped falling — the configuration
  // names the cause the curves show
  const overshoots =
    s.lr?.position === "high" &&
    learntWell &&
    g.valRiseRel >= T.valRiseRel.value &&
    Number.isFinite(g.trainAfterOptimumRel) &&
    g.trainAfterOptimumRel >= 0 &&
    g.pastOptimumShare >= T.pastOptimumShare.value;
  if ((roseBack || overshoots) && tr) {
    const lr = s.lr;
    const ev = [at(val, val.bestIndex, "validation optimum (running median)"), windowEvidence(val, "last"), windowEvidence(tr, "last")];
    out.push(
      finding(
        ctx,
        "loss_diverging",
        "warning",
        `After its best at step ${g.valBestStep}, the validation loss rose ${pct(g.valRiseRel)} and the training loss ${pct(g.trainAfterOptimumRel)}`,
        [g.valBestStep, val.lastStep],
        ev,
        [
          makeCause(
            "learning_rate_too_high",
            lr?.position === "high" ? T.confGeneralizationLearningRateTooHigh075.value : T.confGeneralizationLearningRateTooHigh06.value,
            `training and validation loss both rose after a good point${lr ? ` (learning rate ${fmt(lr.value)}${lr.position === "high" ? ", above the usual range" : ""})` : ""}: the updates overshoot`,
            ev,
          ),
        ],
      ),
    );
    return out;
  }
  if (Number.isFinite(g.gapRel) && g.gapRel > T.gapRel.value && tr) {
    // a loss gap alone is common in healthy runs (the warning needs the validation loss to rise,
    // above); an accuracy gap of a quarter or more that the validation side no longer closes — its
    // accuracy has levelled off while the training accuracy is far ahead — is the model fitting
    // its training data far better than anything it generalises to
    const big =
      !!tAcc &&
      !!vAcc &&
      Number.isFinite(g.accGap) &&
      g.accGap >= T.overfitAccGap.value &&
      vAcc.n >= T.valMetricMinEvals.value &&
      !stillImproving(vAcc, true) &&
      // (something learnt to lose: a validation accuracy that stayed near chance learnt nothing —
      // labels without signal, not overfitting)
      learntOnVal &&
      !trainModeRegularised(s.view);
    // the training accuracy ahead of the validation one at each of the first two evaluations:
    // a first pass scores every batch before training on it, so its running accuracy estimates
    // held-out accuracy — far ahead of it, the training batches are easier to predict than
    // held-out data before any memorising could happen
    const order = aheadFromStart(s);
    const causes = [
      ...(order ? [order] : []),
      ...(big
        ? [
            makeCause(
              "overfitting",
              T.confGeneralizationOverfitting06.value,
              "the model fits the training data far better than the validation data",
              [],
            ),
          ]
        : []),
    ];
    out.push(
      finding(
        ctx,
        "train_val_gap",
        big || order ? "warning" : "info",
        order && !big
          ? `Training accuracy ${tAcc!.key} leads the validation accuracy from the first evaluations on; the validation loss ${fmt(val.last)} ends ${pct(g.gapRel)} above the training loss ${fmt(tr.last)}`
          : `Validation loss ${fmt(val.last)} is ${pct(g.gapRel)} above the training loss ${fmt(tr.last)}`,
        [val.firstStep, val.lastStep],
        [
          windowEvidence(val, "last"),
          windowEvidence(tr, "last"),
          ...(order ? order.evidence : []),
          ...(Number.isFinite(g.accGap) && tAcc && vAcc
            ? [
                {
                  source: "scalar" as const,
                  tag: vAcc.key,
                  note: `train − val accuracy: last ${tAcc.key} − last ${vAcc.key}`,
                  value: Number(g.accGap.toPrecision(4)),
                },
              ]
            : []),
        ],
        causes,
      ),
    );
  }
  return out;
}

/**
 * The training accuracy leads the validation accuracy by at least `trainAheadFromStart` at each of
 * the first two evaluations (both logged once per evaluation, at one cadence), with a learning rate
 * not above its range (an unstable trajectory also leaves the end-of-epoch evaluation below the
 * running training accuracy): batches in a fixed (sorted) order, whose class the model follows
 * from one batch to the next, or — when the training accuracy ends memorised — the same few
 * samples again and again.
 */
function aheadFromStart(s: RuleContext["s"]): ReturnType<typeof makeCause> | null {
  const { trainAcc: tAcc, valAcc: vAcc } = s;
  if (
    !tAcc ||
    !vAcc ||
    tAcc.n < T.aheadFromStartMinEvals.value ||
    vAcc.n < T.aheadFromStartMinEvals.value ||
    Math.abs(tAcc.n - vAcc.n) > 1 ||
    s.lr?.position === "high"
  )
    return null;
  // (the argument holds for a model still learning in its first pass: a first training accuracy
  // already most of the way from chance to 1 is a pretrained model, or an accuracy measured on the
  // training set after the epoch, where a lead says less)
  const chanceAcc = s.chance ? s.chance.chanceAccuracy : 1 / T.unknownClassesChance.value;
  // (one extra point before the other curve starts — an evaluation before training, say — is
  // left out, so the two are read at the same evaluations)
  const tOff = tAcc.n > vAcc.n && tAcc.steps[0] < vAcc.steps[0] ? 1 : 0;
  const vOff = vAcc.n > tAcc.n && vAcc.steps[0] < tAcc.steps[0] ? 1 : 0;
  const gaps = [0, 1].map((i) => tAcc.values[i + tOff] - vAcc.values[i + vOff]);
  // a first pass already most of the way from chance to 1 says less (a pretrained model, an
  // accuracy measured after the epoch) — unless it leads the held-out accuracy by a quarter of the
  // scale: a first pass that scores its batches that far above unseen data has seen them before
  // within the pass (the same batch again and again)
  const fittedFirstPass = tAcc.values[tOff] >= wayFromChance(chanceAcc, T.aheadFromStartFirstShare.value);
  if (!gaps.every((g) => g >= (fittedFirstPass ? T.trainAheadFittedFirstPass.value : T.trainAheadFromStart.value))) return null;
  const ev: Evidence[] = [
    {
      source: "scalar",
      tag: tAcc.key,
      steps: [tAcc.steps[tOff], tAcc.steps[tOff + 1]],
      value: Number(Math.min(...gaps).toPrecision(3)),
      note: `training − validation accuracy at the first two evaluations (${vAcc.key})`,
    },
  ];
  const head = `the training accuracy leads the validation accuracy by ${pct(gaps[0])} and ${pct(gaps[1])} at the first two evaluations, before the model could memorise its data`;
  if (fittedFirstPass)
    return makeCause(
      "repeated_batch",
      T.confGeneralizationTrainAheadFromStart.value,
      `${head}: a first pass that scores ${pct(tAcc.values[tOff])} on its training batches against ${pct(vAcc.values[vOff])} on held-out data was fed the same few samples again and again within the pass (a loader that returns one batch, a dataset that repeats one shard)`,
      ev,
    );
  return tAcc.last >= T.memorisedTrainAcc.value
    ? makeCause(
        "repeated_batch",
        T.confGeneralizationTrainAheadFromStart.value,
        `${head}, and it ends at ${pct(tAcc.last)}: the model sees the same few samples again and again (a loader that returns one batch, a dataset that repeats one shard)`,
        ev,
      )
    : makeCause(
        "data_not_shuffled",
        T.confGeneralizationTrainAheadFromStart.value,
        `${head}: consecutive training batches resemble each other (data in a fixed, sorted order whose class the model follows from batch to batch), or the training data is prepared differently from the validation data`,
        ev,
      );
}

/**
 * The training side fits labels that do not transfer: the validation accuracy (or, without one, the
 * validation loss) stays at chance while the training side learns — its loss falls clearly below
 * ln C, or its accuracy climbs well — with the training accuracy clearly ahead; or, for labels that
 * carry no signal at all and are memorised slowly, a training accuracy that climbs by a smaller step
 * to clearly above a validation accuracy that never left the chance band of a configured class
 * count, the training loss falling and no higher than ln C, and the validation loss ending above
 * both its first value and ln C. The progress rules leave such a run to the generalisation rule.
 */
export function memorisesWithoutTransfer(s: RuleContext["s"]): boolean {
  const { train: tr, chance, trainAcc: tAcc, valAcc: vAcc, val } = s;
  if (!tr || !chance) return false;
  const band = chanceBandTop(chance);
  // (a classifier that fits its training labels ends below the chance-level loss ln C: a loss that
  // fell from a huge start to far above ln C fits nothing)
  const belowChanceLoss = tr.last < chance.lnC * (1 - T.chanceBand.value);
  const trainLearns =
    belowChanceLoss && (tr.relImprovement >= T.slowConvergenceRel.value || (!!tAcc && tAcc.last - tAcc.first >= 2 * T.accuracyGain.value));
  const ahead = !tAcc || !vAcc || tAcc.last - vAcc.last >= T.labelNoiseAccGap.value;
  const valAtChance = vAcc ? vAcc.last <= band : !!val && val.best >= chance.lnC * (1 - T.chanceBand.value);
  if (valAtChance && trainLearns && ahead) return true;
  // (only with the class count configured: a chance level read off the first loss can sit far from
  // the real one, and a validation accuracy at a misread chance is an ordinary poor model)
  return (
    chance.source === "hparams" &&
    !!tAcc &&
    !!vAcc &&
    vAcc.n >= T.windowMin.value &&
    vAcc.smooth.every((x) => !(x > band)) &&
    tAcc.last - tAcc.first >= T.accuracyGain.value &&
    tAcc.last - vAcc.last >= T.labelNoiseSlowAccGap.value &&
    tr.last < tr.first &&
    tr.last <= (1 + T.chanceBand.value) * chance.lnC &&
    // memorised labels without signal make the held-out predictions worse than a uniform guess
    // (a weak model that learns a little keeps its validation loss below ln C)
    !!val &&
    val.last > Math.max(val.first, chance.lnC)
  );
}

/**
 * A training accuracy below the validation one says the training labels are noisier only when the
 * training loss is clearly above the validation loss too (noisy labels cost more than clean ones); a
 * model learning fast within each epoch, whose epoch-mean training accuracy lags the end-of-epoch
 * validation accuracy, has the two losses alike. Without both losses, the accuracies decide alone.
 */
export function trainLabelsCostlier(s: RuleContext["s"]): boolean {
  const { train: tr, val } = s;
  if (!tr || !val || !(val.last > 0)) return true;
  return tr.last >= T.labelNoiseTrainOverVal.value * val.last;
}

/** The top of the chance band: an accuracy this far above chance has learnt something (`labelNoiseChanceShare` of the way to 1). */
function chanceBandTop(chance: NonNullable<RuleContext["s"]["chance"]>): number {
  return wayFromChance(chance.chanceAccuracy, T.labelNoiseChanceShare.value);
}

/** The accuracy `share` of the way from the chance accuracy to 1. */
function wayFromChance(chanceAcc: number, share: number): number {
  return chanceAcc + share * (1 - chanceAcc);
}

function median3(c: { values: number[] }): number {
  const v = c.values.slice(-3).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
}

/** The configuration names a regularisation that lowers the training-mode accuracy: dropout ≥ 0.3, mixup or cutmix. */
export function trainModeRegularised(view: RuleContext["s"]["view"]): boolean {
  const dropout = hparamNumberFor(view, "dropout");
  const keep = hparamNumberFor(view, "keep_prob");
  const mix = hparamNumberFor(view, "mixup");
  return (
    (dropout !== undefined && dropout >= 0.3 && dropout < 1) ||
    (keep !== undefined && keep > 0 && keep <= 0.7) ||
    (mix !== undefined && mix > 0)
  );
}

/**
 * A regression (a configured mean squared or absolute error, no accuracy) whose training loss stays
 * well above the validation loss of the evaluation before over the second half — the median ratio at
 * least `regressionTrainOverVal`, every ratio above 1 — with no dropout, mixup or augmentation
 * configured (those raise the training-mode loss by design): the training targets are noisier than
 * the validation ones. The same holds for a classifier that logs no training accuracy (the accuracy
 * readings speak when it does), whose validation accuracy learnt something and whose training loss
 * stays at the noisy labels' level (`labelNoiseTrainLossFloor` × ln C), at the lower
 * `classifierTrainOverVal`: a cross-entropy on noisy labels stays above the clean one.
 */
function trainLossAboveVal(s: RuleContext["s"]): { median: number; min: number; n: number } | null {
  const { train: tr, val, valAcc: vAcc, chance } = s;
  if (!tr || !val || s.trainAcc || val.n < T.valMetricMinEvals.value) return null;
  const classifier = !!vAcc;
  // (a classifier's noisy labels hold its training cross-entropy near their entropy, at least
  // `labelNoiseTrainLossFloor` × ln C: two losses near 0 in a ratio say nothing — a fine-tuned model
  // with its own dropout logs 0.0016 against 0.0007)
  if (
    classifier
      ? !chance || !(vAcc.last >= chanceBandTop(chance)) || !!errorLossKind(s) || tr.last < T.labelNoiseTrainLossFloor.value * chance.lnC
      : !errorLossKind(s)
  )
    return null;
  const dropout = hparamNumberFor(s.view, "dropout") ?? 0;
  // (augmentation raises the training-mode loss; a penalty term added to the logged training loss
  // but not to the validation loss raises it too)
  const augmented = [...s.view.hparams.entries()].some(
    ([k, v]) =>
      /augment|mosaic|mixup|cutmix|cutout|jitter|noise|penalty|regulari[sz]|l1_|l2_|lambda/i.test(k) &&
      v !== false &&
      v !== 0 &&
      v !== "none" &&
      v !== "",
  );
  if (dropout > 0 || augmented || trainModeRegularised(s.view)) return null;
  // one training value per evaluation, each against the validation loss of the evaluation before
  // it (a training loss averaged over an epoch lags the model, and while the loss still falls that
  // lag alone lifts it above the end-of-epoch validation loss): the per-epoch training loss, paired
  // by position (its steps may count epochs where the validation's count batches), or the mean of
  // a per-step training loss between the two evaluations when both curves share a step axis (they
  // end within `stepAxisMatchShare` of the run of each other)
  const perEval = [tr.values, s.view.trainLossEpoch?.values].find((v) => !!v && Math.abs(v.length - val.n) <= 1);
  const sameAxis = !perEval && tr.n > val.n && Math.abs(tr.lastStep - val.lastStep) <= T.stepAxisMatchShare.value * tr.lastStep;
  if (!perEval && !sameAxis) return null;
  // (the evaluations are read in step order, so one pointer walks the training steps once)
  let j = 0;
  const trainAt = (i: number): number => {
    if (perEval) return perEval[i + perEval.length - val.n];
    let sum = 0,
      k = 0;
    while (j < tr.n && tr.steps[j] <= val.steps[i - 1]) j++;
    for (; j < tr.n && tr.steps[j] <= val.steps[i]; j++) {
      sum += tr.values[j];
      k++;
    }
    return k ? sum / k : NaN;
  };
  const ratios: number[] = [];
  for (let i = Math.max(1, Math.floor(val.n / 2)); i < val.n; i++) {
    const t = trainAt(i);
    if (Number.isFinite(t) && val.values[i - 1] > 0) ratios.push(t / val.values[i - 1]);
  }
  if (ratios.length < Math.ceil(val.n / 2) - 1 || !ratios.length) return null;
  const m = median(ratios),
    lo = Math.min(...ratios);
  return m >= (classifier ? T.classifierTrainOverVal : T.regressionTrainOverVal).value && lo > 1
    ? { median: m, min: lo, n: ratios.length }
    : null;
}

/**
 * A regression (squared or absolute error, no accuracy) whose validation loss never improved by
 * `noTransferValGain` of its first evaluations and ends no lower than them, while the training
 * loss fell by `noTransferTrainFall` to at most `noTransferTrainShare` of the last validation loss:
 * what the model learns from its training targets does not carry over — the regression form of a
 * validation accuracy held at chance while the training side learns.
 */
function regressionNoTransfer(s: RuleContext["s"]): boolean {
  const { train: tr, val } = s;
  if (!tr || !val || s.trainAcc || s.valAcc || val.n < T.valMetricMinEvals.value || !errorLossKind(s)) return false;
  if (!(val.first > 0) || !(val.last > 0)) return false;
  return (
    (val.first - val.best) / val.first < T.noTransferValGain.value &&
    val.last >= val.first &&
    tr.relImprovement >= T.noTransferTrainFall.value &&
    tr.last <= T.noTransferTrainShare.value * val.last
  );
}

/**
 * A model the configuration names as one linear map (a single weight layer, or hidden layers
 * without a non-linearity) whose training loss has levelled off no lower than `underfitNoGapShare`
 * of the validation loss, with no training-mode regularisation: it fits its training data no
 * better than unseen data and has stopped improving — capacity limits the fit. Without such a
 * configuration the same curves are common in healthy runs on large data, and nothing is said.
 */
export function underfitRule(ctx: RuleContext): Finding[] {
  const { s, outcome } = ctx;
  const { train: tr, val } = s;
  const linear = linearModel(s.arch);
  if (!linear || !tr || !val || s.adversarial || outcome.nonFinite || val.n < T.valMetricMinEvals.value) return [];
  if (stillImproving(tr) || trainModeRegularised(s.view) || !(val.last > 0) || !(tr.last >= T.underfitNoGapShare.value * val.last))
    return [];
  const ev: Evidence[] = [
    windowEvidence(tr, "last"),
    windowEvidence(val, "last"),
    linear === "no_hidden_layers"
      ? { source: "hparam", tag: "layers", value: 1, note: "weight layers in the logged layer summary" }
      : { source: "hparam", tag: "activation", value: s.arch.activationName ?? "linear", note: `${s.arch.depth ?? "?"} hidden layer(s)` },
  ];
  const what =
    linear === "no_hidden_layers"
      ? "a single weight layer (a linear model)"
      : `hidden layers with a ${s.arch.activationName} activation (one linear map, whatever the depth)`;
  return [
    finding(
      ctx,
      "underfitting",
      "warning",
      `Training loss levelled off at ${fmt(tr.last)}, no lower than the validation loss ${fmt(val.last)}: the model fits its training data no better than unseen data`,
      [tr.firstStep, tr.lastStep],
      ev,
      [
        makeCause(
          "model_too_small",
          T.confUnderfitLinearModel.value,
          `the configured model has ${what}: it stopped improving without fitting its training data any better than held-out data, so its capacity is the limit (add hidden layers with a non-linear activation)`,
          ev,
        ),
      ],
    ),
  ];
}

/**
 * A classifier that fitted its training data within the first window: its training loss is below
 * `fittedLossShare` × ln C from the first window to the last, and its first training accuracy, when
 * logged, is already most of the way (`aheadFromStartFirstShare`) from chance to 1. Such a loss
 * does not fall further because there is little left to fall, not because the model cannot learn.
 */
export function fittedInFirstWindow(s: RuleContext["s"]): boolean {
  const { train: tr, chance, trainAcc: tAcc } = s;
  if (!tr || !chance || tr.n < T.aheadFromStartMinEvals.value) return false;
  const low = T.fittedLossShare.value * chance.lnC;
  const accFitted = !tAcc || tAcc.values[0] >= wayFromChance(chance.chanceAccuracy, T.aheadFromStartFirstShare.value);
  return tr.first <= low && tr.last <= low && accFitted;
}

type TrainBelowVal = { last: boolean; clean: boolean; order: ReturnType<typeof accuracyOrder> | null } | null;
/** One reading per run's signals: the progress and generalisation rules both ask for it. */
const trainBelowValMemo = new WeakMap<RuleContext["s"], TrainBelowVal>();

/**
 * The training accuracy below the validation accuracy, read as training labels noisier than the
 * validation ones (the generalisation rule's `train_below_val`): far below at the end (`last`), or
 * persistently below over the second half with the training loss near the noisy labels' entropy
 * (`clean`); and the training loss above the validation loss too (trainLabelsCostlier). Null when
 * neither holds. The progress rules stay silent exactly when this reading is given.
 */
export function trainBelowValReading(s: RuleContext["s"]): TrainBelowVal {
  if (trainBelowValMemo.has(s)) return trainBelowValMemo.get(s)!;
  const r = readTrainBelowVal(s);
  trainBelowValMemo.set(s, r);
  return r;
}

function readTrainBelowVal(s: RuleContext["s"]): TrainBelowVal {
  const { trainAcc: tAcc, valAcc: vAcc, chance, train: tr } = s;
  // (the generalisation rule reads nothing without a validation loss)
  if (!s.val || !s.generalization || s.adversarial) return null;
  // (training-mode regularisation — heavy dropout, mixup/cutmix — also keeps the logged training
  // accuracy below the validation one: then it says nothing about the labels)
  const trainBelowValLast =
    !!tAcc &&
    !!vAcc &&
    vAcc.n >= 3 &&
    tAcc.n >= 3 &&
    vAcc.last - tAcc.last >= T.labelNoiseAccGap.value * 0.75 &&
    median3(vAcc) - median3(tAcc) >= T.labelNoiseAccGap.value * 0.75 &&
    !trainModeRegularised(s.view);
  // ...or, read over the second half of the run: a (clean) validation accuracy persistently above a
  // training accuracy that cannot fit its own labels, the training loss plateauing near the noisy
  // labels' entropy (high against ln C) while the validation accuracy is clearly above chance;
  // regularisation in training mode is excluded as above, and it keeps the loss far lower on a
  // model that fits (heavy dropout runs end well below the floor)
  const order = tAcc && vAcc ? accuracyOrder(tAcc, vAcc) : null;
  const cleanValAbove =
    !!order &&
    !!chance &&
    !!tr &&
    !!vAcc &&
    order.n >= 2 &&
    order.valAboveShare >= T.labelNoiseValAboveShare.value &&
    order.meanGap >= T.labelNoiseCleanValGap.value &&
    tr.last >= T.labelNoiseTrainLossFloor.value * chance.lnC &&
    // (a loss far above ln C is huge logits, not noisy labels; a validation accuracy that never
    // moved learnt nothing)
    tr.last <= (1 + T.chanceBand.value) * chance.lnC &&
    vAcc.last - vAcc.first >= T.accuracyGain.value &&
    vAcc.last >= chanceBandTop(chance) &&
    !trainModeRegularised(s.view);
  return (trainBelowValLast || cleanValAbove) && trainLabelsCostlier(s) ? { last: trainBelowValLast, clean: cleanValAbove, order } : null;
}

/** insufficient_data for a model that fits a training set of a few batches (tinyTrainingSet) and learns nothing that transfers. */
function tinySetCause(spe: NonNullable<RuleContext["s"]["stepsPerEpoch"]>, ev: Evidence[]): ReturnType<typeof makeCause> {
  return makeCause(
    "insufficient_data",
    T.confGeneralizationInsufficientData065.value,
    `the model fits its training set of about ${spe.value * spe.batchSize!} samples (${spe.value} step(s) per epoch, batch ${spe.batchSize}) and learns nothing that transfers: too few samples for the model`,
    ev,
  );
}
