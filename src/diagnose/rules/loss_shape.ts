// Loss-shape rules read across every loss-like series of a run (signals/loss_terms.ts):
// - loss_oscillating (info; a warning when the result is poor or mediocre): a transient blow-up — a loss or loss term that had learned jumps back
//   above where it started, far above its running level, and recovers (an unstable stretch);
// - loss_not_decreasing (warning): the total training loss stalls from early on at a high share of
//   its start while one of its terms rises several-fold (the terms pull against each other);
// - metric_at_chance (warning): a loss with no accuracy beside it that settles, flat, on the loss of
//   a constant prediction (the model ignores its inputs and predicts the mean).
import type { Finding } from "../types.ts";
import { T } from "../thresholds.ts";
import { curveTrend } from "../signals/loss_trend.ts";
import { constantPredictorLevel, lossLikeCurves, plateauShare, risingTerm, transientBlowUp } from "../signals/loss_terms.ts";
import { evalJumps } from "../signals/stability.ts";
import { accuracyGood } from "./outcome.ts";
import { makeCause } from "./causes.ts";
import { at, finding, fmt, pct, windowEvidence, type RuleContext } from "./context.ts";
import { progressCauses } from "./progress_causes.ts";
import { configuredLossFamily } from "./loss_config.ts";

export function lossShapeRule(ctx: RuleContext): Finding[] {
  const { s, outcome } = ctx;
  if (s.adversarial || outcome.nonFinite) return [];
  const out: Finding[] = [];
  const curves = lossLikeCurves(s.view, [s.train, s.val]);

  // transient blow-up: the largest jump over its running level among the loss-like series
  let jump: ReturnType<typeof transientBlowUp> = null;
  const mainKeys = new Set([s.view.trainLoss?.key, s.view.valLoss?.key, s.view.trainLossEpoch?.key]);
  for (const c of curves) {
    // the main curves' running level is already computed by their stability signal
    const local = c === s.train ? s.trainStability?.local : c === s.val ? s.valStability?.local : undefined;
    const j = transientBlowUp(c, !mainKeys.has(c.key), local);
    if (j && (!jump || j.value / j.local > jump.value / jump.local)) jump = j;
  }
  if (jump) {
    // with a result still far from good, the blow-ups are the problem: the updates overshoot
    const warn = outcome.poor || outcome.mediocre;
    const jumpEv = {
      source: "scalar" as const,
      tag: jump.key,
      step: jump.step,
      value: Number(jump.value.toPrecision(6)),
      note: "peak of the jump",
    };
    out.push(
      finding(
        ctx,
        "loss_oscillating",
        warn ? "warning" : "info",
        `${jump.key} jumped to ${fmt(jump.value)} at step ${jump.step} (${fmt(jump.value / jump.local)}× its running level, above its start ${fmt(jump.first)}) after falling to ${fmt(jump.bestBefore)}, then recovered to ${fmt(jump.after)}: an unstable stretch (warm-up, gradient clipping or a lower peak learning rate keep it out)`,
        [jump.step, jump.step],
        [
          jumpEv,
          { source: "scalar", tag: jump.key, value: Number(jump.bestBefore.toPrecision(6)), note: "running level before the jump" },
          { source: "scalar", tag: jump.key, value: Number(jump.after.toPrecision(6)), note: "median of the last window" },
        ],
        warn
          ? [
              makeCause(
                "learning_rate_too_high",
                T.confNoisyOrRoseBack.value,
                `the loss blew up to ${fmt(jump.value / jump.local)}× its running level mid-run and the result stays far from good: the updates overshoot${s.lr ? ` (learning rate ${fmt(s.lr.value)})` : ""}`,
                [jumpEv],
              ),
            ]
          : [],
      ),
    );
  }

  // the validation loss jumps up between evaluations again and again while the configured learning
  // rate is above its optimizer's range and the result is short of good: the curves confirm the configuration (without that
  // configuration fact, jumps alone may be warm restarts or a noisy evaluation: no reading)
  const lr = s.lr;
  if (!jump && s.val && lr?.position === "high") {
    const jumps = evalJumps(s.val, T.valJumpRel.value);
    // (a pattern of the run, not a few noisy evaluations of a long one; and on a result still short
    // of good: an accuracy below good, or without accuracy a poor or mediocre outcome)
    const shortOfGood = s.valAcc || s.trainAcc ? !accuracyGood(s) : outcome.poor || outcome.mediocre;
    if (jumps.length >= T.valJumpsMin.value && jumps.length >= T.valJumpsShare.value * s.val.n && shortOfGood) {
      const ev = [
        ...jumps.slice(0, 3).map((j) => ({
          source: "scalar" as const,
          tag: s.val!.key,
          step: j.step,
          value: Number(j.to.toPrecision(6)),
          note: `jumped from ${fmt(j.from)} (+${pct(j.to / j.from - 1)})`,
        })),
        {
          source: "hparam" as const,
          tag: "learning_rate",
          value: lr.value,
          note: `above the usual range of ${lr.optimizer ?? "the optimizer"} (${fmt(lr.usual[0])}..${fmt(lr.usual[1])})`,
        },
      ];
      out.push(
        finding(
          ctx,
          "loss_oscillating",
          "warning",
          `Validation loss ${s.val.key} jumped up by more than ${pct(T.valJumpRel.value)} between evaluations ${jumps.length} times with a learning rate of ${fmt(lr.value)}, above the usual range of ${lr.optimizer ?? "its optimizer"}`,
          [s.val.firstStep, s.val.lastStep],
          ev,
          [
            makeCause(
              "learning_rate_too_high",
              T.confNoisyOrRoseBack.value,
              `the validation loss swings up and down between evaluations and the learning rate ${fmt(lr.value)} is above the usual range: the updates overshoot`,
              ev,
            ),
          ],
        ),
      );
    }
  }

  const tr = s.train;
  if (!tr || tr.n < T.transientMinPoints.value) return out;
  const flatTail =
    tr.n >= 2 * tr.window &&
    Math.abs(tr.last - tr.values.slice(tr.n - 2 * tr.window, tr.n - tr.window).sort((a, b) => a - b)[tr.window >> 1]) <=
      T.constantPredictorFlat.value * Math.abs(tr.last);

  // early plateau at a high level while a term of the loss rises (read on the per-epoch total when
  // one is logged beside a per-step one: smoother)
  const epochTotal = s.view.trainLossEpoch ? curveTrend(s.view.trainLossEpoch) : null;
  const total = epochTotal && epochTotal.n >= T.transientMinPoints.value ? epochTotal : tr;
  const tStart = Math.max(total.first, total.initial);
  const share = plateauShare(total);
  if (tStart > 0 && share <= T.earlyPlateauShare.value && total.last >= T.earlyPlateauLevel.value * tStart) {
    const iPlateau = Math.round(share * (total.n - 1));
    const since = total.steps[iPlateau];
    const term = risingTerm(s.view, curves, total.last);
    if (term) {
      const ev = [windowEvidence(total, "first"), windowEvidence(total, "last"), at(total, iPlateau, "90 % of the fall made")];
      out.push(
        finding(
          ctx,
          "loss_not_decreasing",
          "warning",
          `Loss ${total.key} stalls at ${fmt(total.last)} (${pct(total.last / tStart)} of its start) from step ${since} on (${pct(share)} of the run), while its term ${term.key} rose ${fmt(term.to / term.from)}× (${fmt(term.from)} → ${fmt(term.to)}): the loss terms pull against each other`,
          [since, total.lastStep],
          [...ev, { source: "scalar", tag: term.key, value: Number(term.to.toPrecision(6)), note: `rose from ${fmt(term.from)}` }],
          [
            makeCause(
              "wrong_loss_function",
              T.confCompetingTerms.value,
              `the total no longer falls because one term rises as fast as the others fall: weight the terms (or normalise each to its scale) so that no term is traded against another`,
              ev,
            ),
          ],
        ),
      );
    }
  }

  // a loss that settles on a constant predictor's value, with no accuracy to say otherwise
  if (!s.trainAcc && !s.valAcc && flatTail) {
    const level = constantPredictorLevel(tr.last, configuredLossFamily(s));
    if (level) {
      out.push(
        finding(
          ctx,
          "metric_at_chance",
          "warning",
          `Loss ${tr.key} settles at ${fmt(tr.last)} = ${level.what}: the model predicts one constant whatever its input`,
          [tr.firstStep, tr.lastStep],
          [windowEvidence(tr, "first"), windowEvidence(tr, "last", `flat; ${fmt(level.value)} is ${level.what}`)],
          progressCauses(s, "flat"),
        ),
      );
    }
  }
  return out;
}
