// weight_not_updated from the scalars alone: the evaluation loss is the same at every epoch.
// Evaluating unchanged weights on the same validation data repeats the same float32 value to
// its last bits; any optimizer update moves it more. So a validation loss constant within a
// relative 1e-6 over all its points (the first included) means no weight changed in the whole
// run: the optimizer step is missing, the parameters were never given to the optimizer, every
// layer is frozen, or the learning rate is 0. (Per-layer freezes show in the weight histograms:
// the layer rule.)
import type { Finding } from "../types.ts";
import { T } from "../thresholds.ts";
import { makeCause } from "./causes.ts";
import { finding, fmt, windowEvidence, type RuleContext } from "./context.ts";

export function notUpdatedRule(ctx: RuleContext): Finding[] {
  if (ctx.s.adversarial) return [];
  const { s } = ctx;
  const v = s.val;
  if (!v || v.n < T.frozenEvalMinPoints.value || ctx.outcome.nonFinite) return [];
  let lo = Infinity,
    hi = -Infinity,
    sum = 0;
  for (const x of v.values) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
    sum += x;
  }
  const mean = sum / v.n;
  if (!(Math.abs(mean) > T.lossZeroAbs.value) || hi - lo > T.frozenEvalRelRange.value * Math.abs(mean)) return [];
  // a loss stuck at an astronomic value is a model whose outputs overflowed or saturated after
  // the updates blew it up (the loss rules report that), not one that never changed
  if (Math.abs(mean) >= T.lossAbsoluteLarge.value || (s.chance && Math.abs(mean) > 10 * s.chance.lnC)) return [];
  const acc = s.valAcc;
  const accConst = !acc || acc.values.every((x) => Math.abs(x - acc.values[0]) <= 1e-9);
  // a model right on every validation sample can sit on a saturated loss floor without changing it
  if (!accConst || (acc && acc.last >= T.convergedAccuracy.value)) return [];
  const tr = s.train;
  const ev = [
    windowEvidence(v, "first"),
    windowEvidence(v, "last"),
    {
      source: "scalar" as const,
      tag: v.key,
      value: Number(((hi - lo) / Math.abs(mean)).toPrecision(3)),
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
      `Validation loss ${v.key} is ${fmt(mean)} at every one of its ${v.n} points (relative range ${fmt((hi - lo) / Math.abs(mean))}): no weight changed during training`,
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
