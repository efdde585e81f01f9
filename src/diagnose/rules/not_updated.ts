// weight_not_updated from an evaluation that never changed (signals/frozen_eval.ts: the validation
// loss repeats to its last bits at every epoch): no weight changed in the whole run — the
// optimizer step is missing, the parameters were never given to the optimizer, every layer is
// frozen, or the learning rate is 0. (Per-layer freezes show in the weight histograms: the layer
// rule.) The same signal is the `outputs.unchanged` fact that backs weights_frozen in the ranking.
import type { Finding } from "../types.ts";
import { T } from "../thresholds.ts";
import { makeCause } from "./causes.ts";
import { finding, fmt, windowEvidence, type RuleContext } from "./context.ts";

export function notUpdatedRule(ctx: RuleContext): Finding[] {
  if (ctx.s.adversarial) return [];
  const { s } = ctx;
  const v = s.val,
    f = s.frozenEval;
  if (!v || !f || ctx.outcome.nonFinite) return [];
  const tr = s.train;
  const ev = [
    windowEvidence(v, "first"),
    windowEvidence(v, "last"),
    {
      source: "scalar" as const,
      tag: v.key,
      value: Number(f.relRange.toPrecision(3)),
      note: `relative range over all ${v.n} points`,
    },
    ...(tr && tr.key !== v.key ? [windowEvidence(tr, "last")] : []),
  ];
  const lr = s.lr;
  const lrZero = !!lr && Math.abs(lr.value) < T.levelFloor.value;
  return [
    finding(
      ctx,
      "weight_not_updated",
      "error",
      `Validation loss ${v.key} is ${fmt(f.value)} at every one of its ${v.n} points (relative range ${fmt(f.relRange)}): no weight changed during training`,
      [v.firstStep, v.lastStep],
      ev,
      [
        makeCause(
          "weights_frozen",
          T.confNotUpdatedWeightsFrozen08.value,
          lrZero
            ? "the learning rate is 0: the optimizer steps change nothing"
            : "evaluating the same weights on the same data gives the same loss to the last bits; any update would move it: the optimizer step is missing, the parameters were not given to the optimizer, or every layer is frozen",
          ev,
        ),
      ],
    ),
  ];
}
