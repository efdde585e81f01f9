// Batch rules: loss_suspiciously_smooth (a per-step loss with almost no batch-to-batch jitter →
// the same batch every step), loss_sawtooth (a pattern repeating every epoch → data in a fixed
// order), few_steps_per_epoch (full batch / huge batch → batch size too large when progress is poor).
import type { Finding } from "../types.ts";
import { T } from "../thresholds.ts";
import { isSuspiciouslySmooth, type BatchNoiseSignal } from "../signals/batch_noise.ts";

/**
 * The loss repeats its course every epoch: a strong autocorrelation at one and two epochs, or a
 * weaker one at both lags backed by a clear within-epoch position effect (two measures of the
 * same pattern must agree).
 */
function isSawtooth(nz: BatchNoiseSignal): boolean {
  if (!Number.isFinite(nz.periodicAutocorr)) return false;
  if (nz.periodicAutocorr >= T.sawtoothAutocorr.value && nz.periodicAutocorr2 >= 0.75 * T.sawtoothAutocorr.value) return true;
  return Math.min(nz.periodicAutocorr, nz.periodicAutocorr2) >= T.sawtoothAutocorrWeak.value && nz.positionShare >= T.sawtoothPositionShare.value;
}
import { makeCause } from "./causes.ts";
import { finding, fmt, windowEvidence, type RuleContext } from "./context.ts";

export function batchRule(ctx: RuleContext): Finding[] {
  const { s, outcome } = ctx;
  const out: Finding[] = [];
  const tr = s.train;
  const spe = s.stepsPerEpoch;
  if (tr && s.noise && spe && spe.value >= T.fewStepsPerEpoch.value && !outcome.nonFinite) {
    const nz = s.noise;
    if (isSuspiciouslySmooth(nz)) {
      const generalizesBadly = !s.val || (s.generalization && (s.generalization.gapRel > 0.5 || s.generalization.valRiseRel > 0.1));
      out.push(finding(ctx, "loss_suspiciously_smooth", generalizesBadly ? "warning" : "info", `Per-step loss ${tr.key} is too smooth for mini-batches (jitter ${fmt(nz.jitterRel)} of its level)`, [tr.firstStep, tr.lastStep],
        [windowEvidence(tr, "last"), { source: "scalar", tag: tr.key, value: Number(nz.jitterRel.toPrecision(3)), note: `median step-to-step jitter relative to the level; ${spe.value} steps per epoch (${spe.source})` }],
        generalizesBadly ? [makeCause("repeated_batch", 0.7, "different batches give different losses; a loss this smooth comes from the same batch again and again", [])] : []));
    } else if (isSawtooth(nz)) {
      out.push(finding(ctx, "loss_sawtooth", "warning", `Loss ${tr.key} repeats a pattern every ${spe.value} steps (one epoch): autocorrelation ${fmt(nz.periodicAutocorr)} (two epochs: ${fmt(nz.periodicAutocorr2)})`, [tr.firstStep, tr.lastStep],
        [{ source: "scalar", tag: tr.key, value: Number(nz.periodicAutocorr.toPrecision(3)), note: `autocorrelation of the detrended log-loss at lag ${spe.value} (${spe.source})` },
          { source: "scalar", tag: tr.key, value: Number(nz.positionShare.toPrecision(3)), note: "share of the detrended log-loss variance explained by the position inside the epoch (beyond chance)" }],
        [makeCause("data_not_shuffled", 0.7, "the loss follows the same course within every epoch: the batches come in the same (sorted) order", [])]));
    }
  }
  if (spe && spe.value < T.fewStepsPerEpoch.value) {
    const poor = outcome.poor || outcome.slow || s.trainStillImproving;
    const main = tr ?? s.val;
    out.push(finding(ctx, "few_steps_per_epoch", poor ? "warning" : "info", `Only ${spe.value} optimizer step(s) per epoch (${spe.source})`, main ? [main.firstStep, main.lastStep] : [],
      [{ source: "hparam", value: spe.value, note: spe.source }, ...(main ? [windowEvidence(main, "last")] : [])],
      poor ? [makeCause("batch_size_too_large", 0.65, `with ${spe.value} step(s) per epoch the model gets few updates and progress is slow`, [])] : []));
  }
  return out;
}
