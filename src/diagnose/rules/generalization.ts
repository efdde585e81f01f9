// Generalisation rules: val_loss_rising (past the validation optimum while the training loss keeps
// falling → overfitting), train_val_gap, and a validation curve at chance while the training loss
// falls (the model memorises labels that carry no signal → label noise).
import type { Finding } from "../types.ts";
import { T } from "../thresholds.ts";
import { makeCause } from "./causes.ts";
import { at, finding, fmt, pct, windowEvidence, type RuleContext } from "./context.ts";

export function generalizationRule(ctx: RuleContext): Finding[] {
  const { s, outcome } = ctx;
  const g = s.generalization, val = s.val, tr = s.train;
  if (!g || !val || outcome.nonFinite) return [];
  const out: Finding[] = [];
  const chance = s.chance;
  const vAcc = s.valAcc;
  // label noise: training learns, validation stays at chance
  const valAtChance = chance && ((vAcc && vAcc.last <= chance.chanceAccuracy + T.accuracyChanceMargin.value && vAcc.best - vAcc.first < 0.1) ||
    (!vAcc && val.best >= chance.lnC * (1 - T.chanceBand.value)));
  if (tr && valAtChance && tr.relImprovement >= T.slowConvergenceRel.value) {
    out.push(finding(ctx, "metric_at_chance", "error", `Validation stays at chance level while the training loss falls ${fmt(tr.relImprovement * 100)} %`, [val.firstStep, val.lastStep],
      [windowEvidence(tr, "first"), windowEvidence(tr, "last"), vAcc ? windowEvidence(vAcc, "last") : windowEvidence(val, "last")],
      [makeCause("label_noise", 0.65, "the model fits the training labels but learns nothing that transfers: the labels carry no signal (shuffled or wrong)", [vAcc ? windowEvidence(vAcc, "last") : windowEvidence(val, "last")])]));
    return out;
  }
  const rising = g.valRiseRel >= T.valRiseRel.value && g.pastOptimumShare >= T.pastOptimumShare.value && (!Number.isFinite(g.trainAfterOptimumRel) || g.trainAfterOptimumRel < 0);
  if (rising) {
    const ev = [at(val, val.bestIndex, "validation optimum (running median)"), windowEvidence(val, "last"), ...(tr ? [windowEvidence(tr, "last")] : [])];
    out.push(finding(ctx, "val_loss_rising", "warning", `Validation loss rose ${pct(g.valRiseRel)} after its best at step ${g.valBestStep} (${pct(g.pastOptimumShare)} of the run) while the training loss kept falling`, [g.valBestStep, val.lastStep], ev,
      [makeCause("overfitting", 0.7, `validation loss bottomed at ${fmt(g.valBest)} and rose to ${fmt(val.last)} while training loss fell ${Number.isFinite(g.trainAfterOptimumRel) ? pct(-g.trainAfterOptimumRel) : ""} further`, ev)]));
    return out;
  }
  if (Number.isFinite(g.gapRel) && g.gapRel > T.gapRel.value && tr) {
    const big = g.gapRel > 1 && !s.valStillImproving && (!Number.isFinite(g.accGap) || g.accGap > T.accGap.value);
    out.push(finding(ctx, "train_val_gap", big ? "warning" : "info", `Validation loss ${fmt(val.last)} is ${pct(g.gapRel)} above the training loss ${fmt(tr.last)}`, [val.firstStep, val.lastStep],
      [windowEvidence(val, "last"), windowEvidence(tr, "last"), ...(Number.isFinite(g.accGap) ? [{ source: "scalar" as const, note: `train − val accuracy ${fmt(g.accGap)}`, value: Number(g.accGap.toPrecision(4)) }] : [])],
      big ? [makeCause("overfitting", 0.6, "the model fits the training data far better than the validation data", [])] : []));
  }
  return out;
}
