// Degenerate inputs: no loss tag, a loss that is only NaN/Inf, a single point, or tag names the
// roles do not recognise. Always `info`: says what was missing and what was read.
import type { Finding } from "../types.ts";
import { T } from "../thresholds.ts";
import { finding, type RuleContext } from "./context.ts";

export function missingDataRule(ctx: RuleContext): Finding[] {
  const { s } = ctx;
  const v = s.view;
  const read = v.scalarKeys.length
    ? `scalar tags read: ${v.scalarKeys.slice(0, 12).join(", ")}${v.scalarKeys.length > 12 ? ", …" : ""}`
    : "no scalar tag was read";
  const hist = v.histogramKeys.length ? `; ${v.histogramKeys.length} histogram/tensor tag(s)` : "";
  const out: Finding[] = [];
  if (!v.trainLoss && !v.valLoss) {
    out.push(
      finding(
        ctx,
        "loss_not_logged",
        "info",
        "No loss curve found: nothing to diagnose from the loss",
        [],
        [{ source: "run", note: `${read}${hist}; no tag was recognised as a training or validation loss` }],
      ),
    );
    return out;
  }
  const main = v.trainLoss ?? v.valLoss!;
  const tr = s.train ?? s.val;
  if (!tr && !lossBlewUp(ctx)) {
    out.push(
      finding(
        ctx,
        "loss_only_non_finite",
        "info",
        `The loss ${main.key} holds no finite value (${main.values.length} point(s), all NaN/Inf)`,
        main.steps.length ? [main.steps[0], main.steps[main.steps.length - 1]] : [],
        [
          {
            source: "scalar",
            tag: main.key,
            step: main.steps[0],
            value: null,
            note: `${main.nonFinite} non-finite of ${main.values.length}; ${read}`,
          },
        ],
      ),
    );
    return out;
  }
  const rm = s.trainLossRunningMean;
  if (rm && tr) {
    out.push(
      finding(
        ctx,
        "loss_logged_as_running_mean",
        "info",
        `Loss ${tr.key} is a running mean over each epoch (as Keras logs batch values): the diagnosis reads the batch losses recovered from it`,
        [tr.firstStep, tr.lastStep],
        [
          {
            source: "scalar",
            tag: tr.key,
            value: Number(rm.lateOverEarly.toPrecision(3)),
            note: `step-to-step change late in an epoch over early in it (raw batch losses ≈ 1; a running mean ≪ 1); ${rm.period} steps per epoch`,
          },
        ],
      ),
    );
  }
  if (v.accuracyPercent.length) {
    out.push(
      finding(
        ctx,
        "accuracy_in_percent",
        "info",
        `Accuracy ${v.accuracyPercent.join(", ")} is logged in percent (0–100): the diagnosis reads it as a share (0–1)`,
        [],
        [{ source: "scalar", tag: v.accuracyPercent[0], note: "every finite value lies in [0, 100] and the largest is above 1.5" }],
      ),
    );
  }
  if (tr && tr.n < T.minPointsForTrend.value) {
    out.push(
      finding(
        ctx,
        "too_few_points",
        "info",
        `Only ${tr.n} finite loss point(s) in ${tr.key}: too few to judge a trend`,
        [tr.firstStep, tr.lastStep],
        [{ source: "scalar", tag: tr.key, step: tr.lastStep, value: tr.values[tr.n - 1], note: `${tr.n} point(s); ${read}` }],
      ),
    );
  }
  return out;
}

/** Another scalar of the run overflowed (Inf or |x| >= 1e15): the run did blow up, the loss is not just missing. */
export function otherOverflow(ctx: RuleContext): boolean {
  for (const [, s] of ctx.s.view.run.dirs.flatMap((d) => [...d.scalars])) {
    const v = s.values;
    for (let i = 0; i < v.length; i++)
      if (v[i] === Infinity || v[i] === -Infinity || (Number.isFinite(v[i]) && Math.abs(v[i]) >= 1e15)) return true;
  }
  return false;
}

/**
 * A loss without any finite value is a real blow-up (not just an unusable tag) when it holds an
 * Inf, another scalar overflowed, or other series show that training ran (a finite accuracy curve
 * or weight histograms).
 */
export function lossBlewUp(ctx: RuleContext): boolean {
  const v = ctx.s.view;
  const main = v.trainLoss ?? v.valLoss;
  if (!main) return false;
  if (main.values.some((x) => x === Infinity || x === -Infinity) || otherOverflow(ctx)) return true;
  const acc = ctx.s.trainAcc ?? ctx.s.valAcc;
  if ((!!acc && acc.n >= 2) || v.weights.length > 0) return true;
  // a loss logged NaN at several steps while other series of the run were logged finite: it trained
  if (main.values.length >= 4) {
    for (const d of v.run.dirs)
      for (const [, s] of d.scalars) {
        if (s === undefined || s.length < 4 || s.tag === main.key.split("/").pop()) continue;
        let finite = 0;
        for (const x of s.values) if (Number.isFinite(x)) finite++;
        if (finite >= 4) return true;
      }
  }
  return false;
}
