// Batch rules: loss_suspiciously_smooth (a per-step loss with almost no batch-to-batch jitter →
// the same batch every step), loss_sawtooth (a pattern repeating every epoch → data in a fixed
// order), few_steps_per_epoch (full batch / huge batch → batch size too large when progress is poor).
import type { Finding } from "../types.ts";
import { T } from "../thresholds.ts";
import { isSuspiciouslySmooth, type BatchNoiseSignal } from "../signals/batch_noise.ts";

/** A phase share (of the epoch or of a class block) that is measured and clears the sawtooth bar. */
function phaseHit(share: number): boolean {
  return Number.isFinite(share) && share >= T.sawtoothPhaseShare.value;
}

/**
 * The loss repeats its course every epoch: a strong autocorrelation at one and two epochs, or a
 * weaker one at both lags backed by a clear within-epoch position effect (two measures of the
 * same pattern must agree).
 */
function isSawtooth(nz: BatchNoiseSignal): boolean {
  // a loss logged every k steps that do not divide the epoch: the phase inside the epoch alone
  // (no lag pairs the points of two epochs), so it must explain a larger share on its own
  if (phaseHit(nz.phaseShare)) return true;
  // data sorted by class: the same pattern inside each class block of the epoch
  if (phaseHit(nz.blockPhaseShare)) return true;
  if (!Number.isFinite(nz.periodicAutocorr)) return false;
  if (nz.periodicAutocorr >= T.sawtoothAutocorr.value && nz.periodicAutocorr2 >= 0.75 * T.sawtoothAutocorr.value) return true;
  return (
    Math.min(nz.periodicAutocorr, nz.periodicAutocorr2) >= T.sawtoothAutocorrWeak.value && nz.positionShare >= T.sawtoothPositionShare.value
  );
}
import { makeCause } from "./causes.ts";
import { maxOf, median, minOf } from "../signals/robust_stats.ts";
import { at, finding, fmt, pct, windowEvidence, type RuleContext } from "./context.ts";
import { accuracyGood } from "./outcome.ts";

export function batchRule(ctx: RuleContext): Finding[] {
  if (ctx.s.adversarial) return [];
  const { s, outcome } = ctx;
  const out: Finding[] = [];
  const tr = s.train;
  const spe = s.stepsPerEpoch;
  if (tr && s.noise && spe && spe.value >= T.fewStepsPerEpoch.value && !outcome.nonFinite) {
    const nz = s.noise;
    // a sawtooth comes first: batches of one class each are also smooth within a class block
    if (isSawtooth(nz)) {
      out.push(sawtoothFinding(ctx, nz, spe.value, spe.source));
    } else if (
      isSuspiciouslySmooth(nz) ||
      (nz.jitterOverTrend < T.smoothNoiseRatio.value &&
        nz.jitterRel < T.smoothNoiseRatio.value &&
        !!s.generalization &&
        s.generalization.gapRel > T.memorisedGapRel.value)
    ) {
      // (the second form: jitter small against the trend though not against the level, with a
      // validation loss far above the training loss.) A smooth per-step loss is the same batch
      // again only when the batch was memorised (the loss fell to a tiny share of its start), the
      // loss repeats to float precision from step to step, or the validation loss is far above
      // it: a logger that averages real batches (an EMA, a mean over logging_steps) is smooth too,
      // but still jitters by ~1e-3 of its level and plateaus higher.
      const memorised =
        tr.last >= 0 && Math.max(tr.first, tr.initial) > 0 && tr.last <= T.memorisedLossShare.value * Math.max(tr.first, tr.initial);
      const g = s.generalization;
      const deterministic = nz.jitterRel < T.deterministicJitterRel.value && (!s.val || (!!g && (g.gapRel > 0.5 || g.valRiseRel > 0.1)));
      const generalizesBadly = memorised || deterministic || (!!g && g.gapRel > T.memorisedGapRel.value);
      out.push(
        finding(
          ctx,
          "loss_suspiciously_smooth",
          generalizesBadly ? "warning" : "info",
          `Per-step loss ${tr.key} is too smooth for mini-batches (jitter ${fmt(nz.jitterRel)} of its level)`,
          [tr.firstStep, tr.lastStep],
          [
            windowEvidence(tr, "last"),
            {
              source: "scalar",
              tag: tr.key,
              value: Number(nz.jitterRel.toPrecision(3)),
              note: `median step-to-step jitter relative to the level; ${spe.value} steps per epoch (${spe.source})`,
            },
          ],
          generalizesBadly
            ? [
                makeCause(
                  "repeated_batch",
                  T.confBatchesRepeatedBatch07.value,
                  "different batches give different losses; a loss this smooth comes from the same batch again and again",
                  [],
                ),
              ]
            : [],
        ),
      );
    }
  }
  if (!out.some((f) => f.symptom === "loss_sawtooth") && !outcome.nonFinite) {
    const below = belowChanceFinding(ctx);
    if (below) out.push(below);
  }
  if (spe && spe.value < T.fewStepsPerEpoch.value) {
    const poor = outcome.poor || outcome.slow || s.trainStillImproving || s.valStillImproving;
    const main = tr ?? s.val;
    out.push(
      finding(
        ctx,
        "few_steps_per_epoch",
        poor ? "warning" : "info",
        `Only ${spe.value} optimizer step(s) per epoch (${spe.source})`,
        main ? [main.firstStep, main.lastStep] : [],
        [{ source: "hparam", tag: "steps_per_epoch", value: spe.value, note: spe.source }, ...(main ? [windowEvidence(main, "last")] : [])],
        poor
          ? [
              tinyTrainingSet(spe)
                ? makeCause(
                    "insufficient_data",
                    T.confBatchesInsufficientData06.value,
                    `${spe.value} step(s) per epoch with a batch of ${spe.batchSize}: about ${spe.value * spe.batchSize!} training samples`,
                    [{ source: "hparam", tag: "batch_size", value: spe.batchSize! }],
                  )
                : makeCause(
                    "batch_size_too_large",
                    T.confBatchesBatchSizeTooLarge065.value,
                    `with ${spe.value} step(s) per epoch the model gets few updates and progress is slow`,
                    [],
                  ),
            ]
          : [],
      ),
    );
  }
  return out;
}

function sawtoothFinding(ctx: RuleContext, nz: BatchNoiseSignal, period: number, source: string): Finding {
  const tr = ctx.s.train!;
  // a loss logged every k steps that do not divide the epoch is read by its phase inside the epoch,
  // or (data sorted by class) inside each class block of the epoch
  const byBlock = !phaseHit(nz.phaseShare) && phaseHit(nz.blockPhaseShare);
  const byPhase = !Number.isFinite(nz.periodicAutocorr) || byBlock;
  const classes = ctx.s.chance?.classes ?? NaN;
  const share = byBlock ? nz.blockPhaseShare : nz.phaseShare;
  const where = byBlock ? `each of the ${classes} class blocks of ${fmt(period / classes)} steps inside the epoch` : "the epoch";
  const measure = byPhase
    ? `the phase inside ${where} explains ${pct(share)} of its detrended variance`
    : `autocorrelation ${fmt(nz.periodicAutocorr)}`;
  const ev = byPhase
    ? [
        {
          source: "scalar" as const,
          tag: tr.key,
          value: Number(share.toPrecision(3)),
          note: `share of the detrended log-loss variance explained by the phase inside ${byBlock ? `class blocks of ${fmt(period / classes)} steps (${classes} classes in the configuration) restarting every epoch of ${period} steps` : `the epoch of ${period} steps`}, beyond chance (${source}; logged every ${fmt(tr.n > 1 ? (tr.lastStep - tr.firstStep) / (tr.n - 1) : NaN)} steps)`,
        },
      ]
    : [
        {
          source: "scalar" as const,
          tag: tr.key,
          value: Number(nz.periodicAutocorr.toPrecision(3)),
          note: `autocorrelation of the detrended log-loss at lag ${period} (${source})`,
        },
      ];
  // an epoch-periodic loss of a run that ends at a good accuracy costs nothing visible: an
  // observation (a fixed data order, or a per-epoch schedule such as augmentation or warm restarts)
  if (accuracyGood(ctx.s)) {
    const f = finding(
      ctx,
      "loss_sawtooth",
      "info",
      `Loss ${tr.key} repeats a pattern every ${period} steps (one epoch), ${measure}; the run still ends at a good accuracy`,
      [tr.firstStep, tr.lastStep],
      ev,
    );
    f.potentialCause = "data_not_shuffled";
    return f;
  }
  return finding(
    ctx,
    "loss_sawtooth",
    "warning",
    byPhase
      ? `Loss ${tr.key} repeats a pattern every ${period} steps (one epoch): ${measure}`
      : `Loss ${tr.key} repeats a pattern every ${period} steps (one epoch): ${measure} (two epochs: ${fmt(nz.periodicAutocorr2)})`,
    [tr.firstStep, tr.lastStep],
    byPhase
      ? ev
      : [
          ...ev,
          {
            source: "scalar",
            tag: tr.key,
            value: Number(nz.positionShare.toPrecision(3)),
            note: "share of the detrended log-loss variance explained by the position inside the epoch (beyond chance)",
          },
        ],
    [
      memorisedWithinEpochs(ctx.s) ??
        fallsWithinEpochs(ctx.s, nz) ??
        makeCause(
          "data_not_shuffled",
          T.confBatchesDataNotShuffled07.value,
          "the loss follows the same course within every epoch: the batches come in the same (sorted) order",
          [],
        ),
    ],
  );
}

/**
 * An epoch-periodic loss whose training accuracy ends memorised (at least `memorisedTrainAcc`)
 * and at least `accGap` ahead of the validation accuracy: the model memorises what it sees
 * within each epoch — the same batch again and again — where sorted data, one block after another,
 * keeps the epoch's accuracy well below 1.
 */
function memorisedWithinEpochs(s: RuleContext["s"]): ReturnType<typeof makeCause> | null {
  const { trainAcc: ta, valAcc: va } = s;
  if (!ta || !va || ta.last < T.memorisedTrainAcc.value || ta.last - va.last < T.accGap.value) return null;
  const ev = [windowEvidence(ta, "last"), windowEvidence(va, "last")];
  return makeCause(
    "repeated_batch",
    T.confBatchesRepeatedBatchMemorised.value,
    `the loss restarts every epoch and the training accuracy ends at ${pct(ta.last)} against ${pct(va.last)} on validation: within each epoch the model memorises the few samples it is fed again and again (one batch repeated, a loader that returns the same indices)`,
    ev,
  );
}

/**
 * An epoch-periodic loss that falls at almost every logged step inside the epoch
 * (`withinEpochFallShare`) and restarts at the next: the model is fed the same batch until the epoch
 * ends — sorted data jumps at every class block instead, and differing batches rise about as often
 * as they fall.
 */
function fallsWithinEpochs(s: RuleContext["s"], nz: BatchNoiseSignal): ReturnType<typeof makeCause> | null {
  const tr = s.train;
  if (!tr || !(nz.withinEpochFallShare >= T.withinEpochFallShare.value)) return null;
  return makeCause(
    "repeated_batch",
    T.confBatchesRepeatedBatchMemorised.value,
    `inside each epoch the loss falls at ${pct(nz.withinEpochFallShare)} of the logged steps and restarts at the next epoch: the model is fed the same batch again and again, memorises it, and meets a new one only when the epoch ends`,
    [
      {
        source: "scalar",
        tag: tr.key,
        value: Number(nz.withinEpochFallShare.toPrecision(3)),
        note: "share of step-to-step changes that are falls, one rise per epoch left out",
      },
    ],
  );
}

/**
 * The per-epoch training accuracy (an average over the epoch's batches) falls far below chance
 * in some epoch and swings between epochs: the model keeps predicting the class of the batches
 * it has just seen, which are not the classes of the next ones — batches that come one class (or
 * one block of similar samples) at a time. Shuffled batches cannot average this far below 1/C.
 */
function belowChanceFinding(ctx: RuleContext): Finding | null {
  const { s } = ctx;
  const ta = s.trainAcc,
    ch = s.chance;
  if (!ta || !ch || ta.n < 3 || ch.classes < 2 || ch.chanceAccuracy < 0.5 / ch.classes) return null;
  // after the first epoch (or the first tenth of a per-step curve), when the model has seen every class once
  const v = ta.values.slice(Math.max(1, Math.floor(ta.n / 10)));
  const low = T.belowChanceShare.value * ch.chanceAccuracy;
  const below = v.filter((x) => x < low).length;
  const swing = maxOf(v) - minOf(v);
  // ...or the first epoch's mean training accuracy (logged once per evaluation, so an average over
  // the whole epoch) far below chance while the evaluation after it scores `firstEpochValOverTrain`
  // times as much: the model was wrong on the training batches as they came, not stuck on one
  // class (a model stuck on one class scores its share alike on both)
  const va = s.valAcc;
  // (only with the class count configured: a chance level read off the first loss can be far off,
  // and one first batch's accuracy logged beside per-epoch evaluations is no epoch average)
  const firstEpochWrong =
    ch.source === "hparams" &&
    !!va &&
    Math.abs(ta.n - va.n) <= 1 &&
    ta.values[0] < low &&
    va.values[0] >= T.firstEpochValOverTrain.value * ta.values[0];
  // ...or below that in most epochs after the first while the validation accuracy of the same
  // model scores `firstEpochValOverTrain` times as much and is itself not below chance that far: a
  // model stuck on one class scores that class's share alike on both, and no swing is needed when
  // the training accuracy stays pinned near 0 (BatchNorm over one-class batches)
  const vMid = va ? median(va.values) : NaN;
  const pinnedBelow = !!va && 2 * below >= v.length && vMid >= low && vMid >= T.firstEpochValOverTrain.value * median(v);
  if (!firstEpochWrong && !pinnedBelow && (below < 1 || swing < T.belowChanceSwing.value)) return null;
  let iMin = firstEpochWrong ? 0 : 1;
  for (let i = iMin + 1; i < ta.n; i++) if (ta.values[i] < ta.values[iMin]) iMin = i;
  const ev = [
    at(ta, iMin, `lowest epoch${firstEpochWrong ? "" : " after the first"}; chance ${pct(ch.chanceAccuracy)}`),
    firstEpochWrong
      ? at(va!, 0, "first evaluation, after the first epoch")
      : {
          source: "scalar" as const,
          tag: ta.key,
          value: Number(swing.toPrecision(3)),
          note: "range of the training accuracy over the epochs after the first",
        },
    ...(s.valAcc ? [windowEvidence(s.valAcc, "last")] : []),
  ];
  return finding(
    ctx,
    "train_metric_below_chance",
    "warning",
    firstEpochWrong
      ? `Training accuracy ${ta.key} averages ${pct(ta.values[iMin])} over ${iMin === 0 ? "the first epoch" : "an epoch"}, far below chance (${pct(ch.chanceAccuracy)}), while the first evaluation scores ${pct(va!.values[0])}`
      : `Training accuracy ${ta.key} falls to ${pct(ta.values[iMin])} in an epoch, far below chance (${pct(ch.chanceAccuracy)}), and swings by ${pct(swing)} between epochs`,
    [ta.firstStep, ta.lastStep],
    ev,
    [
      makeCause(
        "data_not_shuffled",
        T.confBatchesDataNotShuffled065.value,
        "a model that is wrong on most training batches of an epoch is predicting the classes of the batches before them: the data comes one class at a time, not shuffled",
        ev,
      ),
    ],
  );
}

/** Few steps per epoch with a usual mini-batch: the training set itself is tiny. */
export function tinyTrainingSet(spe: { value: number; batchSize?: number } | null): boolean {
  return !!spe && spe.value < T.fewStepsPerEpoch.value && spe.batchSize !== undefined && spe.batchSize <= T.smallBatch.value;
}
