// Causes that the per-layer signals point to (init, frozen or barely moving weights, vanishing
// or exploding gradients, dead or saturated activations, huge activations), each with the
// evidence that shows it. Used by the layer rules and to rank the causes of poor progress.
import { T } from "../thresholds.ts";
import type { Evidence } from "../types.ts";
import type { RunSignals } from "../signals/index.ts";
import { fmt, pct, round } from "./context.ts";
import { layerOrder } from "../signals/layers.ts";

/** Parameters initialised to zero on purpose: LoRA up-projections, zero-init residual branches (ReZero / Fixup scalars). */
const ZERO_INIT_BY_DESIGN = /lora_?b|lora_up|rezero|(^|[/._])alpha($|[/._])/i;

export interface LayerCause {
  code: string;
  symptom: string;
  strength: number;
  why: string;
  evidence: Evidence[];
  step?: number;
  /** A clear-cut anomaly (constant init, frozen layer, non-finite): gated on a mediocre outcome, not only a poor one. */
  hard?: boolean;
  /** Clear evidence of a bug whatever the outcome (a warning even when the run ends well). */
  ungated?: boolean;
}

/** A weight tensor that still holds a fresh random initialisation (bounded tails; see thresholds.ts). */
function freshInit(w: { initTailRatio: number; initNum: number }): boolean {
  return Number.isFinite(w.initTailRatio) && w.initTailRatio <= T.freshInitTailRatio.value && w.initNum >= T.freshInitMinValues.value;
}

export function layerCauses(s: RunSignals): LayerCause[] {
  const out: LayerCause[] = [];
  const L = s.layers;
  const kernels = L.weights.filter((w) => !w.constantByDesign);
  // init: constant / zero
  const constant = kernels.filter((w) => Number.isFinite(w.initStd) && w.initStd <= T.initStdTiny.value * Math.max(1, w.initMax));
  if (constant.length) {
    const w = constant[0];
    // A hidden layer whose units all start alike stays symmetric for the whole run (its units get
    // identical updates): a bug whatever the outcome. A zero-initialised output layer (a common
    // head initialisation) or a LoRA up-projection is not — those stay gated on the outcome.
    const order = [...kernels].sort((a, b) => layerOrder(a.layer, b.layer));
    const last = order[order.length - 1];
    const hiddenConstant = constant.filter((c) => c !== last && !ZERO_INIT_BY_DESIGN.test(c.key));
    const accCurve = s.valAcc ?? s.trainAcc;
    const converged = !!accCurve && accCurve.last >= T.convergedAccuracy.value;
    out.push({
      code: "weight_init_zero",
      symptom: "weight_init_suspicious",
      strength: T.confLayerEvidenceWeightInitZero09.value,
      hard: true,
      ungated: hiddenConstant.length > 0 && kernels.length >= 2 && !converged,
      why: `${constant.length} weight tensor(s) start with no spread (std ${fmt(w.initStd)} at step ${w.firstStep}): all units of a layer compute the same thing`,
      evidence: constant.slice(0, 3).map((c) => ({
        source: "histogram",
        tag: c.key,
        step: c.firstStep,
        value: round(c.initStd),
        note: `std of the weights at the first record (max |w| ${fmt(c.initMax)})`,
      })),
      step: w.firstStep,
    });
  }
  // The first record may already follow the first update: only call the init too large when the
  // first loss is also far above the chance level (huge initial logits).
  const tr0 = s.train ?? s.val;
  const firstLossHigh =
    !!tr0 && tr0.initial > Math.max(T.lossHugeForClassifier.value, s.chance ? T.initialLossOverChance.value * s.chance.lnC : 0);
  const large = kernels.filter((w) => Number.isFinite(w.initRms) && w.initRms >= T.initRmsLarge.value);
  if (large.length && firstLossHigh) {
    const w = large[0];
    out.push({
      code: "weight_init_too_large",
      symptom: "weight_init_suspicious",
      strength: T.confLayerEvidenceWeightInitTooLarge07.value,
      why: `initial weights have RMS ${fmt(w.initRms)} (standard initialisers give well below 1)`,
      evidence: large.slice(0, 3).map((c) => ({
        source: "histogram",
        tag: c.key,
        step: c.firstStep,
        value: round(c.initRms),
        note: "RMS of the weights at the first record",
      })),
      step: w.firstStep,
    });
  }
  // frozen / unchanged: a layer whose weights never change while the others train normally, and
  // whose gradient (when logged) is not vanishing — else the gradient rules explain it.
  const withHistory = kernels.filter((w) => w.records >= 3);
  const unchanged = withHistory.filter((w) => w.unchanged);
  const movingHealthy = withHistory.filter((w) => !w.unchanged && w.changePerStepRel >= T.frozenOthersMinChange.value);
  const medGrad = L.grads.length
    ? L.grads
        .map((g) => g.medianNorm)
        .filter(Number.isFinite)
        .sort((a, b) => a - b)[Math.floor(L.grads.length / 2)]
    : NaN;
  const gradOf = (w: { layer: string }) => L.grads.find((g) => g.layer === w.layer);
  // without gradient logs, the update side shows the same: the first kernel that moves at all
  // drifts by a tiny share of what the last one does
  const vanishingFromUpdates =
    L.grads.length === 0 && Number.isFinite(L.firstMovingLastChangeRatio) && L.firstMovingLastChangeRatio < T.gradRatioVanishing.value;
  const vanishingAt = (Number.isFinite(L.firstLastGradRatio) && L.firstLastGradRatio < T.gradRatioVanishing.value) || vanishingFromUpdates;
  const frozen = unchanged.filter((w) => {
    const g = gradOf(w);
    return !g || !Number.isFinite(medGrad) || g.medianNorm >= 1e-3 * medGrad;
  });
  if (frozen.length && movingHealthy.length && !vanishingAt) {
    // a minority of layers bit-for-bit constant while the rest train looks accidental; most layers
    // frozen and a few trained is the usual fine-tuning set-up (then only gated like the others) —
    // unless a frozen layer still holds a fresh random initialisation: a pretrained backbone holds
    // trained weights, so a layer frozen at its random init has learnt nothing and never will
    const freshlyInitialised = frozen.filter(freshInit);
    const accidental = frozen.length < withHistory.length - frozen.length || freshlyInitialised.length > 0;
    out.push({
      code: "weights_frozen",
      symptom: "weight_not_updated",
      strength: T.confLayerEvidenceWeightsFrozen085.value,
      hard: true,
      ungated: accidental,
      why: `${frozen.length} of ${withHistory.length} weight tensors never change (mean/std/min/max equal within rtol ${T.unchangedRtol.value}) while the others train${freshlyInitialised.length ? `; ${freshlyInitialised.length} of them still hold a fresh random initialisation (every value within ${fmt(freshlyInitialised[0].initTailRatio)} standard deviations of the mean, as a uniform initialiser gives): nothing pretrained is kept frozen there` : " (ignore if this layer is frozen on purpose)"}`,
      evidence: frozen.slice(0, 3).map((w) => ({
        source: "histogram",
        tag: w.key,
        steps: [w.firstStep, w.lastStep],
        value: 0,
        note: `unchanged over ${w.records} records${gradOf(w) ? "" : "; no gradient logged for it"}${freshInit(w) ? `; values within ${fmt(w.initTailRatio)} std of their mean over ${w.initNum} values (a fresh random initialisation)` : ""}`,
      })),
    });
  } else if (unchanged.length && unchanged.length === withHistory.length && !vanishingAt) {
    // the biases (or norm parameters) move while no kernel does: the optimizer steps, but every
    // kernel gets a zero gradient — its inputs are zero (dead ReLU units feed zeros forward)
    const movingBias = L.weights.filter((w) => w.constantByDesign && w.records >= 3 && !w.unchanged);
    if (movingBias.length) {
      const relu = s.arch.activation === "relu" || s.arch.activation === undefined;
      out.push({
        code: relu ? "dead_relu" : "vanishing_gradient",
        symptom: "weight_not_updated",
        strength: T.confLayerEvidence075.value,
        hard: true,
        why: `no kernel changes over ${withHistory[0].records} records while ${movingBias.length} bias tensor(s) do: the optimizer steps, but the kernels get zero gradients${relu ? " (units that output zero for every input pass none)" : ""}`,
        evidence: [
          ...unchanged.slice(0, 2).map((w) => ({
            source: "histogram" as const,
            tag: w.key,
            steps: [w.firstStep, w.lastStep] as [number, number],
            value: 0,
            note: "unchanged",
          })),
          {
            source: "histogram",
            tag: movingBias[0].key,
            steps: [movingBias[0].firstStep, movingBias[0].lastStep],
            value: round(movingBias[0].changePerStepRel),
            note: "changes (relative change per step)",
          },
        ],
      });
    } else
      out.push({
        code: "learning_rate_too_low",
        symptom: "weight_not_updated",
        strength: T.confLayerEvidenceLearningRateTooLow06.value,
        hard: true,
        why: `no weight tensor changes at all over ${withHistory[0].records} records: the optimizer does not step (learning rate 0 or parameters not given to it)`,
        evidence: unchanged
          .slice(0, 2)
          .map((w) => ({ source: "histogram", tag: w.key, steps: [w.firstStep, w.lastStep], value: 0, note: "unchanged" })),
      });
  }
  const moving = withHistory.filter((w) => !w.unchanged && Number.isFinite(w.changePerStepRel));
  // weight change per optimizer step needs the step axis in optimizer steps (an epoch axis with
  // unknown steps per epoch counts each epoch as one step)
  if (moving.length && L.stepUnit.known) {
    const med = moving.map((w) => w.changePerStepRel).sort((a, b) => a - b)[Math.floor(moving.length / 2)];
    const ev: Evidence[] = moving.slice(0, 2).map((w) => ({
      source: "histogram",
      tag: w.key,
      steps: [w.firstStep, w.lastStep],
      value: round(w.changePerStepRel),
      note: "weight change per step relative to the weight",
    }));
    if (med < T.updateRatioLow.value)
      out.push({
        code: "learning_rate_too_low",
        symptom: "weight_change_too_small",
        strength: T.confLayerEvidenceLearningRateTooLow07.value,
        why: `weights change by ${fmt(med)} of their size per step (healthy: ~1e-3)`,
        evidence: ev,
      });
    if (med > T.updateRatioHigh.value)
      out.push({
        code: "learning_rate_too_high",
        symptom: "weight_change_too_large",
        strength: T.confLayerEvidenceLearningRateTooHigh06.value,
        why: `weights change by ${fmt(med)} of their size per step (healthy: ~1e-3)`,
        evidence: ev,
      });
  }
  // gradients
  const ratio = L.firstLastGradRatio;
  const g0 = L.grads.find((g) => g.layer === L.firstGradLayer);
  if (Number.isFinite(ratio) && ratio < T.gradRatioVanishing.value) {
    out.push({
      code: "vanishing_gradient",
      symptom: "gradient_vanishing",
      strength: T.confLayerEvidenceVanishingGradient085.value,
      why: `the first layer's gradient norm is ${fmt(ratio)} of the last layer's (AUTOTRAINER threshold ${T.gradRatioVanishing.value})`,
      evidence: [
        { source: "histogram", tag: g0?.key, value: round(g0?.medianNorm ?? NaN), note: `median gradient norm of ${L.firstGradLayer}` },
        {
          source: "histogram",
          tag: L.grads.find((g) => g.layer === L.lastGradLayer)?.key,
          value: round(L.grads.find((g) => g.layer === L.lastGradLayer)?.medianNorm ?? NaN),
          note: `median gradient norm of ${L.lastGradLayer}`,
        },
      ],
    });
  } else if (vanishingFromUpdates) {
    out.push({
      code: "vanishing_gradient",
      symptom: "gradient_vanishing",
      strength: T.confLayerEvidenceVanishingGradient07.value,
      why: `no gradient is logged, but ${L.firstMovingLayer} changes by ${fmt(L.firstMovingLastChangeRatio)} of what ${L.lastChangeLayer} changes per step: the updates (and so the gradients) vanish towards the input`,
      evidence: [
        {
          source: "histogram",
          tag: withHistory.find((w) => w.layer === L.firstMovingLayer)?.key,
          value: round(L.firstMovingLastChangeRatio),
          note: `weight change per step of ${L.firstMovingLayer} over that of ${L.lastChangeLayer}`,
        },
      ],
    });
  } else if (g0 && Number.isFinite(g0.medianAbsMean) && g0.medianAbsMean < T.gradVanishingAbs.value && L.grads.length >= 2) {
    out.push({
      code: "vanishing_gradient",
      symptom: "gradient_vanishing",
      strength: T.confLayerEvidenceVanishingGradient07.value,
      why: `mean |gradient| of ${g0.layer} is ${fmt(g0.medianAbsMean)} (< ${T.gradVanishingAbs.value})`,
      evidence: [{ source: "histogram", tag: g0.key, value: round(g0.medianAbsMean), note: "median of mean |gradient|" }],
    });
  }
  if (Number.isFinite(ratio) && ratio > T.gradRatioExploding.value) {
    out.push({
      code: "exploding_gradient",
      symptom: "gradient_exploding",
      strength: T.confLayerEvidenceExplodingGradient08.value,
      why: `the first layer's gradient norm is ${fmt(ratio)}× the last layer's (AUTOTRAINER threshold ${T.gradRatioExploding.value})`,
      evidence: [
        { source: "histogram", tag: g0?.key, value: round(g0?.medianNorm ?? NaN), note: `median gradient norm of ${L.firstGradLayer}` },
      ],
    });
  }
  const gNan = L.grads.filter((g) => g.nonFinite > 0);
  if (gNan.length) {
    out.push({
      code: "exploding_gradient",
      symptom: "gradient_non_finite",
      strength: T.confLayerEvidenceExplodingGradient06.value,
      why: `${gNan.length} gradient tensor(s) hold NaN/Inf`,
      evidence: gNan.slice(0, 2).map((g) => ({ source: "histogram", tag: g.key, value: g.nonFinite, note: "non-finite values" })),
    });
  }
  // activations
  const dead = L.activations.filter((a) => a.zeroShare >= T.deadShare.value);
  if (dead.length) {
    out.push({
      code: "dead_relu",
      symptom: "activation_dead",
      strength: T.confLayerEvidenceDeadRelu08.value,
      why: `${dead.length} layer(s) output exact zeros for ${pct(dead[0].zeroShare)} of values`,
      evidence: dead.slice(0, 3).map((a) => ({
        source: "histogram",
        tag: a.key,
        step: a.lastStep,
        value: round(a.zeroShare),
        note: "share of zero outputs (median over the second half)",
      })),
    });
  }
  const sat = L.activations.filter((a) => a.saturatedShare >= T.saturatedShare.value);
  if (sat.length) {
    out.push({
      code: "activation_saturation",
      symptom: "activation_saturated",
      strength: T.confLayerEvidenceActivationSaturation075.value,
      why: `${sat.length} layer(s) have ${pct(sat[0].saturatedShare)} of outputs at the limits of their range`,
      evidence: sat.slice(0, 3).map((a) => ({
        source: "histogram",
        tag: a.key,
        step: a.lastStep,
        value: round(a.saturatedShare),
        note: "share of outputs within 1 % of the range limits",
      })),
    });
  }
  const first = L.activations[0];
  if (first && first.absMean >= T.activationLarge.value) {
    out.push({
      code: "input_not_normalized",
      symptom: "activation_too_large",
      strength: T.confLayerEvidenceInputNotNormalized07.value,
      why: `the first layer's outputs have mean |x| ${fmt(first.absMean)} (≥ ${T.activationLarge.value}): inputs are likely not scaled`,
      evidence: [{ source: "histogram", tag: first.key, step: first.lastStep, value: round(first.absMean), note: "mean |activation|" }],
    });
  }
  const wNan = L.weights.filter((w) => w.nonFinite > 0);
  if (wNan.length)
    out.push({
      code: "exploding_gradient",
      symptom: "tensor_overflow",
      strength: T.confLayerEvidenceExplodingGradient05.value,
      why: `${wNan.length} weight tensor(s) hold NaN/Inf`,
      evidence: wNan.slice(0, 2).map((w) => ({ source: "histogram", tag: w.key, value: w.nonFinite, note: "non-finite values" })),
    });
  return out.sort((a, b) => b.strength - a.strength);
}
