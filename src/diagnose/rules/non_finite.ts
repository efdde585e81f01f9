// loss_nan_or_inf: the training (or validation) loss became NaN/Inf. The cause is read from how
// the loss behaved before: rising or huge first → learning rate too high / exploding gradients;
// falling normally and then a sudden NaN → a numerical problem (log(0), 0/0) in the loss.
import type { Finding } from "../types.ts";
import { T } from "../thresholds.ts";
import { makeCause } from "./causes.ts";
import { finding, fmt, round, type RuleContext } from "./context.ts";
import { layerCauses } from "./layer_evidence.ts";
import { lossBlewUp } from "./missing_data.ts";
import { hparamNumberFor, hparamStringFor } from "../signals/run_view.ts";
import { safeLoss } from "./loss_config.ts";

export function nonFiniteRule(ctx: RuleContext): Finding[] {
  const { s } = ctx;
  const nf = s.trainNonFinite ?? s.valNonFinite;
  if (!nf) return [];
  const tr = nf.key === s.train?.key ? s.train : s.val;
  const allNaN = !tr && !lossBlewUp(ctx);
  if (allNaN) return []; // reported as loss_only_non_finite (info) by the missing-data rule
  if (nf.persistence < 0.5 && !nf.hasInf) {
    return [
      finding(
        ctx,
        "loss_gaps",
        "info",
        `Loss ${nf.key} has ${nf.count} isolated NaN point(s) (first at step ${nf.firstStep}) and is finite afterwards: missing values in the log, not a blow-up`,
        [nf.firstStep, nf.firstStep],
        [{ source: "scalar", tag: nf.key, step: nf.firstStep, value: null, note: `${nf.count} of ${nf.total} points NaN` }],
      ),
    ];
  }
  const ev = [
    {
      source: "scalar" as const,
      tag: nf.key,
      step: nf.firstStep,
      value: String(nf.firstValue),
      note: `first non-finite value; ${nf.count} of ${nf.total} points non-finite`,
    },
  ];
  // grew: above its starting level, or far above its best while back near where it started
  // (a per-step loss near 0 jitters by large factors without growing)
  const grew =
    (Number.isFinite(nf.growthBefore) && nf.growthBefore >= 2) ||
    (Number.isFinite(nf.riseFromBest) &&
      nf.riseFromBest >= T.divergeRatio.value &&
      Number.isFinite(nf.growthBefore) &&
      nf.growthBefore >= 0.5);
  const before = tr && nf.finiteBefore > 0 ? tr.values[Math.min(tr.n - 1, nf.finiteBefore - 1)] : NaN;
  const hugeBefore = Number.isFinite(before) && (before >= T.lossAbsoluteLarge.value || (s.chance && before > 10 * s.chance.lnC));
  if (nf.finiteBefore > 0 && tr)
    ev.push({
      source: "scalar",
      tag: tr.key,
      step: tr.steps[Math.min(tr.n - 1, nf.finiteBefore - 1)],
      value: round(before) as never,
      note: `last finite value before (first ${fmt(tr.initial)})`,
    });
  const layer = layerCauses(s).filter(
    (c) => c.code === "exploding_gradient" || c.code === "weight_init_too_large" || c.code === "input_not_normalized",
  );
  const causes = [];
  const lr = s.lr;
  const lrEv = lr
    ? [
        {
          source: "hparam" as const,
          tag: lr.source,
          value: lr.value,
          note: `usual ${fmt(lr.usual[0])}–${fmt(lr.usual[1])}${lr.optimizer ? ` for ${lr.optimizer}` : ""}`,
        },
      ]
    : [];
  const blowUp = nf.finiteBefore <= 1 || grew || hugeBefore;
  if (blowUp && lr && lr.position === "high") {
    causes.push(
      makeCause(
        "learning_rate_too_high",
        T.confNonFiniteLearningRateTooHigh075.value,
        `the loss blew up with a learning rate of ${fmt(lr.value)}, above the usual range`,
        [...ev, ...lrEv],
      ),
    );
  } else if (
    nf.finiteBefore <= 1 &&
    hugeBefore &&
    lr &&
    lr.position !== "high" &&
    shallowFeedForward(s) &&
    safeLoss(s) &&
    !layer.some((l) => l.code === "exploding_gradient" && l.symptom !== "tensor_overflow" && l.symptom !== "gradient_non_finite")
  ) {
    // astronomic from its first record on, with a usual learning rate, in a shallow feed-forward
    // network under a loss that is finite for finite outputs: a few layers do not multiply
    // gradients into an overflow by themselves; inputs in the hundreds or thousands do (weights or
    // gradients that merely turned NaN say only that the run blew up, not why)
    const lossName = hparamStringFor(s.view, "loss")!;
    causes.push(
      makeCause(
        "input_not_normalized",
        T.confNonFiniteInputNotNormalized.value,
        `the loss is ${fmt(before)} at its first record and non-finite after it, with a usual learning rate (${fmt(lr.value)}), ${lossName} (finite for finite outputs) and ${s.arch.depth} hidden layer(s): unscaled inputs overflow the first layers within the first updates`,
        [...ev, ...lrEv, { source: "hparam", tag: "depth", value: s.arch.depth! }],
      ),
    );
    causes.push(
      makeCause(
        "exploding_gradient",
        T.confNonFiniteExplodingGradient04.value,
        "gradients that grow on their own (a far-too-large initialisation) give the same picture",
        ev,
      ),
    );
  } else if (blowUp && lr && lr.position !== "high" && (grew || hugeBefore || layer.some((l) => l.code === "exploding_gradient"))) {
    causes.push(
      makeCause(
        "exploding_gradient",
        T.confNonFiniteExplodingGradient06.value,
        `the loss grew before turning non-finite although the learning rate ${fmt(lr.value)} is in the usual range: the gradients themselves explode (depth, init gain, recurrence)`,
        [...ev, ...lrEv],
      ),
    );
  } else if (nf.finiteBefore <= 1 && lr && (s.arch.depth ?? 0) >= T.deepNetLayers.value) {
    causes.push(
      makeCause(
        "exploding_gradient",
        T.confNonFiniteExplodingGradient055.value,
        `the loss is non-finite from the first recorded point on with a usual learning rate (${fmt(lr.value)}) in a ${s.arch.depth}-layer network: activations and gradients grow layer by layer until they overflow`,
        [...ev.slice(0, 1), ...lrEv, { source: "hparam", tag: "depth", value: s.arch.depth! }],
      ),
    );
  } else if (nf.finiteBefore <= 1 && lr && s.arch.recurrent) {
    causes.push(
      makeCause(
        "exploding_gradient",
        T.confNonFiniteExplodingGradient055.value,
        `the loss is non-finite from the first recorded point on with a usual learning rate (${fmt(lr.value)}) in a recurrent network: its activations and gradients are multiplied by the recurrent weights at every time step until they overflow (clip the gradients; check the recurrent initialisation)`,
        [...ev.slice(0, 1), ...lrEv],
      ),
    );
    causes.push(
      makeCause(
        "numerical_instability",
        T.confNonFiniteNumericalInstability04.value,
        "a log(0), 0/0 or overflow in the loss gives NaN from the start as well",
        ev.slice(0, 1),
      ),
    );
  } else if (nf.finiteBefore <= 1 && lr && safeLoss(s) && tinyBatch(s)) {
    // ...unless the batch is tiny: a learning rate usual for larger batches then takes steps on
    // gradient estimates from one or two samples, and the first updates blow the model up
    const bs = hparamNumberFor(s.view, "batch_size")!;
    causes.push(
      makeCause(
        "batch_size_too_small",
        T.confNonFiniteBatchSizeTooSmall.value,
        `the loss is non-finite from the first recorded point on with ${hparamStringFor(s.view, "loss")} (finite for finite outputs) and a batch of ${bs}: gradients from ${bs} sample(s) are noisy enough that the learning rate ${fmt(lr.value)}, usual for larger batches, blows the first updates up`,
        [...ev.slice(0, 1), ...lrEv, { source: "hparam", tag: "batch_size", value: bs }],
      ),
    );
    causes.push(
      makeCause(
        "learning_rate_too_high",
        T.confNonFiniteLearningRateTooHighTinyBatch.value,
        `for a batch of ${bs} the learning rate ${fmt(lr.value)} is too high (scale it with the batch size)`,
        [...ev.slice(0, 1), ...lrEv],
      ),
    );
  } else if (nf.finiteBefore <= 1 && lr && safeLoss(s)) {
    // the configured loss is a built-in that cannot take log(0) (cross-entropy on logits, a
    // squared or absolute error): with a usual learning rate, what overflows it from the first
    // batch on is the data
    const lossName = hparamStringFor(s.view, "loss")!;
    causes.push(
      makeCause(
        "input_not_normalized",
        T.confNonFiniteInputNotNormalized.value,
        `the loss is non-finite from the first recorded point on with a usual learning rate (${fmt(lr.value)}) and ${lossName}, a loss that is finite for any finite logits: inputs in the hundreds or thousands overflow the first layers`,
        [...ev.slice(0, 1), ...lrEv, { source: "hparam", tag: "loss", value: lossName }],
      ),
    );
    causes.push(
      makeCause(
        "data_missing_values",
        T.confNonFiniteDataMissingValues.value,
        "a NaN or Inf in the input data gives a NaN loss from the first batch on as well",
        ev.slice(0, 1),
      ),
    );
  } else if (nf.finiteBefore <= 1 && lr) {
    causes.push(
      makeCause(
        "numerical_instability",
        T.confNonFiniteNumericalInstability055.value,
        `the loss is non-finite from the first recorded point on with a usual learning rate (${fmt(lr.value)}): a log(0), 0/0 or overflow in the loss or the data`,
        [...ev.slice(0, 1), ...lrEv],
      ),
    );
  } else if (nf.finiteBefore <= 1) {
    causes.push(
      makeCause(
        "learning_rate_too_high",
        T.confNonFiniteLearningRateTooHigh05.value,
        "the loss is non-finite from the first recorded point on: the first updates blew up",
        ev.slice(0, 1),
      ),
    );
    causes.push(
      makeCause(
        "numerical_instability",
        T.confNonFiniteNumericalInstability04.value,
        "a log(0) or 0/0 in the loss gives NaN from the start as well",
        ev.slice(0, 1),
      ),
    );
  } else if (grew || hugeBefore) {
    causes.push(
      makeCause(
        "learning_rate_too_high",
        T.confNonFiniteLearningRateTooHigh06.value,
        `the loss rose ${fmt(Number.isFinite(nf.riseFromBest) ? nf.riseFromBest : nf.growthBefore)}× from its best before turning non-finite: updates overshoot`,
        ev,
      ),
    );
    causes.push(makeCause("exploding_gradient", T.confNonFiniteExplodingGradient04.value, "growing gradients give the same picture", ev));
  } else {
    causes.push(
      makeCause(
        "numerical_instability",
        T.confNonFiniteNumericalInstability07.value,
        "the loss was finite and not rising right before it turned non-finite: a sudden NaN/Inf points to log(0), 0/0 or a missing epsilon",
        ev,
      ),
    );
  }
  for (const l of layer.slice(0, 1)) {
    if (!causes.some((c) => c.code === l.code) && causes.length < 2)
      causes.push(makeCause(l.code, l.strength * T.confNonFinite08.value, l.why, l.evidence));
  }
  const lastStep = tr ? tr.lastStep : nf.firstStep;
  return [
    finding(
      ctx,
      "loss_nan_or_inf",
      "error",
      `Loss ${nf.key} became ${String(nf.firstValue)} at step ${nf.firstStep}${nf.count < nf.total ? ` (${nf.count} of ${nf.total} points non-finite)` : ""}`,
      [nf.firstStep, Math.max(nf.firstStep, lastStep)],
      ev,
      causes.slice(0, 2),
    ),
  ];
}

/** A known depth below `deepNetLayers` hidden layers and no recurrence. */
function shallowFeedForward(s: RuleContext["s"]): boolean {
  return s.arch.depth !== undefined && s.arch.depth < T.deepNetLayers.value && !s.arch.recurrent;
}

/** The configured batch holds at most `tinyBatchSize` samples. */
function tinyBatch(s: RuleContext["s"]): boolean {
  const bs = hparamNumberFor(s.view, "batch_size");
  return bs !== undefined && bs > 0 && bs <= T.tinyBatchSize.value;
}
