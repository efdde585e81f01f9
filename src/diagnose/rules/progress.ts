// Progress rules: loss_not_decreasing, loss_slow_convergence, metric_at_chance,
// metric_at_majority_rate, still_improving_at_end, loss_too_large, loss_diverging,
// loss_oscillating (with its spikes).
import type { Finding } from "../types.ts";
import { T } from "../thresholds.ts";
import { priorEntropyBounds } from "../signals/chance_level.ts";
import { makeCause } from "./causes.ts";
import { at, finding, fmt, pct, windowEvidence, type RuleContext } from "./context.ts";
import { progressCauses } from "./progress_causes.ts";

export function progressRule(ctx: RuleContext): Finding[] {
  const { s, outcome } = ctx;
  const tr = s.train ?? s.val;
  if (!tr || tr.n < T.minPointsForTrend.value || outcome.nonFinite) return [];
  const out: Finding[] = [];
  const span: [number, number] = [tr.firstStep, tr.lastStep];
  const acc = s.valAcc ?? s.trainAcc;
  const st = s.trainStability;

  // diverging
  if (st?.diverging) {
    out.push(finding(ctx, "loss_diverging", "error", `Loss ${tr.key} rose from its best ${fmt(tr.best)} (step ${tr.bestStep}) to ${fmt(tr.last)}`, [tr.bestStep, tr.lastStep],
      [at(tr, tr.bestIndex, "best (running median)"), windowEvidence(tr, "last")],
      [makeCause("learning_rate_too_high", 0.7, `the loss grew ${fmt(st.lastOverBest)}× after its best point: the updates overshoot`, [windowEvidence(tr, "last")])]));
    return out;
  }

  // majority rate: accuracy flat at a high value p and loss at the prior entropy of p
  if (acc && acc.n >= 3) {
    const a = acc.last;
    const flat = Math.abs(acc.last - acc.first) <= 0.02 && Math.abs(acc.best - acc.worst) <= 0.05;
    const classes = s.chance?.classes ?? 2;
    const [lo, hi] = priorEntropyBounds(a, classes);
    if (flat && a >= 0.6 && a < 0.995 && tr.last >= lo * 0.85 && tr.last <= hi * 1.15) {
      out.push(finding(ctx, "metric_at_majority_rate", "warning", `Accuracy stays at ${pct(a)} and the loss at ${fmt(tr.last)}: the model predicts the majority class`, [acc.firstStep, acc.lastStep],
        [windowEvidence(acc, "first"), windowEvidence(acc, "last"), windowEvidence(tr, "last", `prior entropy of a ${pct(a)} majority: ${fmt(lo)}–${fmt(hi)}`)],
        [makeCause("class_imbalance", 0.7, `accuracy never moves from ${pct(a)} and the loss equals the entropy of a ${pct(a)}/${pct(1 - a)} class prior`, [windowEvidence(acc, "last")])]));
      return out;
    }
  }

  if (outcome.notDecreasing || (outcome.atChance && tr.relImprovement < T.slowConvergenceRel.value)) {
    const chance = s.chance;
    const atChance = chance && Math.abs(tr.last - chance.lnC) <= T.chanceBand.value * chance.lnC;
    const title = atChance
      ? `Loss ${tr.key} stays at ${fmt(tr.last)} ≈ ln(${chance!.classes}), the chance level, over ${tr.lastStep - tr.firstStep} steps`
      : `Loss ${tr.key} does not decrease: ${fmt(tr.first)} → ${fmt(tr.last)} (${fmt(tr.relImprovement * 100)} %)`;
    out.push(finding(ctx, atChance ? "loss_not_decreasing" : "loss_not_decreasing", "error", title, span,
      [windowEvidence(tr, "first"), windowEvidence(tr, "last"), ...(acc ? [windowEvidence(acc, "last")] : [])], progressCauses(s, "flat")));
    return out;
  }

  // initial loss far above chance, then falling: init too large or inputs not scaled
  const chance = s.chance;
  if (chance && tr.initial > T.initialLossOverChance.value * chance.lnC && tr.initial > chance.lnC + 1) {
    out.push(finding(ctx, "loss_too_large", outcome.poor || outcome.slow ? "warning" : "info", `First loss ${fmt(tr.initial)} is ${fmt(tr.initial / chance.lnC)}× the chance level ln(${chance.classes}) = ${fmt(chance.lnC)}`, [tr.firstStep, tr.firstStep],
      [at(tr, 0, "first loss")], outcome.poor || outcome.slow ? [makeCause("weight_init_too_large", 0.5, "a freshly initialised classifier starts near ln C; a much larger first loss means huge initial logits", [at(tr, 0)]), makeCause("input_not_normalized", 0.35, "unscaled inputs give huge first logits as well", [at(tr, 0)])] : []));
  }

  if (outcome.slow) {
    const sev = "warning";
    out.push(finding(ctx, "loss_slow_convergence", sev, `Loss ${tr.key} fell only ${fmt(tr.relImprovement * 100)} % (${fmt(tr.first)} → ${fmt(tr.last)})`, span,
      [windowEvidence(tr, "first"), windowEvidence(tr, "last")], progressCauses(s, "slow")));
    return out;
  }

  if (outcome.atChance && acc) {
    out.push(finding(ctx, "metric_at_chance", "error", `Accuracy ${acc.key} ends at ${pct(acc.last)}, the chance level 1/${chance?.classes}`, [acc.firstStep, acc.lastStep],
      [windowEvidence(acc, "last")], progressCauses(s, "flat")));
    return out;
  }

  // still improving at the end
  const improving = s.trainStillImproving && (s.val ? s.valStillImproving || (s.valAcc ? s.accStillImproving : false) : true);
  if (improving) {
    const strong = tr.tailGainShare >= 2 * T.tailGainShare.value && outcome.mediocre;
    out.push(finding(ctx, "still_improving_at_end", strong ? "warning" : "info", `Loss ${tr.key} was still falling when training stopped (last part gained ${pct(tr.tailGainShare)} of the total improvement)`, [tr.steps[Math.max(0, tr.n - 2 * tr.window)], tr.lastStep],
      [windowEvidence(tr, "last"), { source: "scalar", tag: tr.key, value: Number(tr.tailSlopeRel.toPrecision(4)), note: "tail slope projected over the run, relative to the level" }],
      strong ? [makeCause("too_few_epochs", 0.65, "the loss and the validation curves were still improving clearly at the last step", [windowEvidence(tr, "last")])] : []));
  }

  // oscillation
  if (st && (st.residualRel > T.oscillationRel.value && st.riseShare > 0.3)) {
    const warn = outcome.poor || outcome.slow;
    out.push(finding(ctx, "loss_oscillating", warn ? "warning" : "info", `Loss ${tr.key} oscillates: typical deviation from its trend ${pct(st.residualRel)} of its level`, span,
      [windowEvidence(tr, "last"), ...st.spikes.slice(0, 3).map((p) => ({ source: "scalar" as const, tag: tr.key, step: p.step, value: p.value, note: `spike over local median ${fmt(p.local)}` }))],
      warn ? [makeCause("learning_rate_too_high", 0.55, "large step-to-step swings with poor progress: the steps overshoot", [])] : []));
  }
  return out;
}
