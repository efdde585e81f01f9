// Injection check: decides whether the injected fault is actually visible in what the run's
// convention and level logged. The History holds per-step loss and gradient norms, per-epoch
// train/val loss and metric, and training-side probes (weight change, dead units, unit symmetry,
// first-layer scale); a probe counts only where the logs carry the same information (weight,
// gradient or activation histograms at level "full", per-step losses in the per-step conventions),
// otherwise the fault must show in the logged losses and metrics. Runs whose fault does not show
// are re-seeded or dropped by the builder. Healthy runs must look healthy (finite, learning, no
// late validation blow-up).

import type { History } from "./train.ts";
import type { RunSpec } from "./spec.ts";

export interface CheckResult {
  visible: boolean;
  evidence: string;
}

const finite = (x: number) => Number.isFinite(x);
const median = (xs: number[]) => {
  const s = xs.filter(finite).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const fmt = (x: number) => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : x.toFixed(4));

/** Robust start/end level of the per-step train loss (median of the first/last 10 %). */
function lossLevels(h: History): { first: number; last: number; anyNaN: boolean; max: number } {
  const l = h.steps.map((s) => s.loss);
  const k = Math.max(1, Math.floor(l.length / 10));
  return {
    first: median(l.slice(0, k)),
    last: median(l.slice(-k)),
    anyNaN: l.some((x) => !finite(x)),
    max: Math.max(...l.filter(finite)),
  };
}

function chanceLoss(spec: RunSpec): number {
  return spec.classes >= 2 && spec.model.outputUnits > 1 ? Math.log(spec.classes) : Math.log(2);
}

/** What a run's convention and level put in its logs. */
function loggedOf(spec: RunSpec): { perStepLoss: boolean; weights: boolean; gradients: boolean; activations: boolean } {
  const full = spec.level === "full";
  return {
    perStepLoss: spec.convention === "pytorch" || spec.convention === "lightning" || spec.convention === "keras",
    weights: full,
    gradients: full,
    activations: full && spec.convention !== "lightning",
  };
}

export function checkInjection(spec: RunSpec, h: History): CheckResult {
  const r = checkProbes(spec, h);
  if (!r.visible) return r;
  // a probe-only effect must also show in the logged losses/metrics when the logs hold no tensors
  const logged = loggedOf(spec);
  const L = lossLevels(h);
  const lastEp = h.epochs[h.epochs.length - 1];
  const cls = spec.dataset !== "regression" && spec.dataset !== "adding";
  const chanceAcc = cls ? Math.max(1 / spec.classes, spec.majorityFraction ?? 0) : NaN;
  const va = lastEp.valMetric ?? 0;
  const poorResult = L.anyNaN || L.last > 0.7 * L.first || (cls && va < chanceAcc + 0.5 * (1 - chanceAcc));
  const notLogged = (what: string) => ({ visible: false, evidence: `${r.evidence}; but ${what}` });
  switch (spec.fault) {
    case "weights_frozen":
      if (spec.frozenMode !== "optimizer_step_missing" && !logged.weights) return notLogged("no weights are logged at this level");
      break;
    case "dead_relu":
      if (!logged.activations && !logged.weights && !poorResult)
        return notLogged(`no activations or weights are logged and the result is not poor (val ${h.metricName} ${fmt(va)})`);
      break;
    case "exploding_gradient":
      if (!logged.gradients && !(L.anyNaN || L.max > 3 * L.first || L.last > 0.8 * L.first))
        return notLogged("no gradients are logged and the loss neither blew up nor stalled");
      break;
    case "weight_init_zero":
      if (!logged.weights && !poorResult)
        return notLogged(`no weights are logged and the result is not poor (val ${h.metricName} ${fmt(va)})`);
      break;
    case "data_not_shuffled":
      // the within-epoch swing needs per-step losses; per-epoch logs show only a poor result
      if (!logged.perStepLoss && !(cls && va < 0.8))
        return notLogged(`only per-epoch values are logged and val ${h.metricName} is ${fmt(va)}`);
      break;
    case "learning_rate_too_high": {
      // loss jumps between optimizer steps show only in per-step logs; per-epoch logs must show a
      // poor result, a non-finite loss or a validation loss that blew up
      const vl = h.epochs.map((e) => e.valLoss).filter(finite);
      const blewUp = vl.length > 1 && vl[vl.length - 1] > 1.5 * Math.min(...vl);
      if (!logged.perStepLoss && !(poorResult || blewUp))
        return notLogged(`only per-epoch values are logged, val ${h.metricName} is ${fmt(va)} and the validation loss did not blow up`);
      break;
    }
    case "repeated_batch":
    case "overfitting":
      // a model that still predicts the validation set (almost) perfectly shows no harm from it
      if (cls && va >= 0.97)
        return notLogged(
          `val ${h.metricName} ${fmt(va)}: the ${spec.fault === "overfitting" ? "overfitting" : "repeated batch"} did not hurt`,
        );
      break;
  }
  return r;
}

function checkProbes(spec: RunSpec, h: History): CheckResult {
  const L = lossLevels(h);
  const ep = h.epochs;
  const lastEp = ep[ep.length - 1];
  const cls = spec.dataset !== "regression" && spec.dataset !== "adding";
  const chanceAcc = cls ? Math.max(1 / spec.classes, spec.majorityFraction ?? 0) : NaN;
  const s = `loss ${fmt(L.first)} → ${fmt(L.last)}`;
  switch (spec.fault) {
    case "healthy": {
      const ok = !L.anyNaN && L.last < 0.7 * L.first && (!cls || (lastEp.valMetric ?? 0) > chanceAcc + 0.1);
      const minVal = Math.min(...ep.map((e) => e.valLoss));
      const noBlowup = lastEp.valLoss < 1.3 * minVal + 0.01;
      // not cut short: the last epoch did not still take a big step (a fifth of the loss, and a
      // twentieth of where it started): that run has too few epochs
      const prevEp = ep[ep.length - 2];
      const notCutShort = !prevEp || !(lastEp.valLoss < 0.8 * prevEp.valLoss && prevEp.valLoss - lastEp.valLoss > 0.05 * ep[0].valLoss);
      return {
        visible: ok && noBlowup && notCutShort,
        evidence: `${s}; val ${h.metricName} ${fmt(lastEp.valMetric ?? NaN)}; val loss min ${fmt(minVal)} last ${fmt(lastEp.valLoss)}`,
      };
    }
    case "learning_rate_too_high": {
      const diverged = L.anyNaN || L.max > 3 * L.first || L.last > 0.8 * L.first;
      const l = h.steps.map((x) => x.loss).filter(finite);
      let ups = 0;
      for (let i = 1; i < l.length; i++) if (l[i] > l[i - 1] * 1.5) ups++;
      const spiky = ups > l.length * 0.05;
      return { visible: diverged || spiky, evidence: `${s}; max ${fmt(L.max)}; NaN ${L.anyNaN}; upward jumps ×1.5: ${ups}` };
    }
    case "learning_rate_too_low":
      return { visible: !L.anyNaN && L.last > 0.85 * L.first, evidence: `${s} (${fmt(100 * (1 - L.last / L.first))} % drop)` };
    case "numerical_instability": {
      const i = h.steps.findIndex((x) => !finite(x.loss));
      return { visible: i >= 0, evidence: i >= 0 ? `loss non-finite first at step ${h.steps[i].step}` : `loss stayed finite (${s})` };
    }
    case "weight_init_zero": {
      const spreads = Object.entries(h.unitSpread).filter(([n]) => n !== "out/kernel");
      const sym = spreads.every(([, v]) => v < 1e-6);
      return { visible: sym, evidence: `hidden unit spread ${spreads.map(([n, v]) => `${n}=${fmt(v)}`).join(", ")}` };
    }
    case "weight_init_too_large": {
      const big = cls ? L.first > 3 * chanceLoss(spec) : L.first > 50;
      return {
        visible: big || h.firstLayerMaxAbs > 50,
        evidence: `first loss ${fmt(L.first)} (chance ${fmt(chanceLoss(spec))}); first-layer max |activation| ${fmt(h.firstLayerMaxAbs)}`,
      };
    }
    case "vanishing_gradient": {
      const first = h.variableNames.find((n) => n.endsWith("kernel"))!;
      const last = "out/kernel";
      const r = h.steps.slice(0, 10).map((x) => x.gradNorms[first] / (x.gradNorms[last] + 1e-30));
      const ratio = median(r);
      return {
        visible: ratio < 1e-2 && L.last > 0.7 * L.first,
        evidence: `grad norm ${first} / ${last} ≈ ${fmt(ratio)} over the first steps; ${s}`,
      };
    }
    case "exploding_gradient": {
      const total = h.steps.map((x) => Math.sqrt(Object.values(x.gradNorms).reduce((a, b) => a + b * b, 0)));
      const g0 = median(total.slice(0, 3));
      const gmax = Math.max(...total.map((x) => (finite(x) ? x : Infinity)));
      const nonFinite = total.some((x) => !finite(x));
      return {
        visible: nonFinite || gmax > 1e3 || gmax > 100 * g0,
        evidence: `global grad norm start ${fmt(g0)} max ${fmt(gmax)}${nonFinite ? " (non-finite)" : ""}; ${s}`,
      };
    }
    case "dead_relu": {
      const d = Object.entries(h.deadUnitFraction);
      const worst = Math.max(...d.map(([, v]) => v));
      return { visible: worst >= 0.4, evidence: `dead ReLU fraction ${d.map(([n, v]) => `${n}=${fmt(v)}`).join(", ")}` };
    }
    case "weights_frozen": {
      if (spec.frozenMode === "optimizer_step_missing") {
        const changed = Object.values(h.weightChange).some((v) => v !== 0);
        return { visible: !changed, evidence: `no weight changed: ${!changed}; ${s}` };
      }
      const frozen = Object.entries(h.weightChange).filter(([n]) => n.startsWith(spec.frozenLayer + "/"));
      const others = Object.entries(h.weightChange).filter(([n]) => !n.startsWith(spec.frozenLayer + "/"));
      const ok = frozen.every(([, v]) => v === 0) && others.some(([, v]) => v > 1e-3);
      return { visible: ok, evidence: `relative change ${[...frozen, ...others].map(([n, v]) => `${n}=${fmt(v)}`).join(", ")}` };
    }
    case "input_not_normalized":
      return { visible: h.firstLayerMaxAbs > 30, evidence: `first-layer max |activation| at step 0 ${fmt(h.firstLayerMaxAbs)}; ${s}` };
    case "label_noise": {
      const va = lastEp.valMetric ?? 0;
      const cannotFit = L.last > 0.7 * chanceLoss(spec);
      return { visible: va < chanceAcc + 0.15 || cannotFit, evidence: `val accuracy ${fmt(va)} (chance ${fmt(chanceAcc)}); ${s}` };
    }
    case "data_not_shuffled": {
      // sorted batches: within an epoch the loss swings with the class of the batch
      const late = h.steps
        .filter((x) => x.epoch >= 1)
        .map((x) => x.loss)
        .filter(finite);
      const m = late.reduce((a, b) => a + b, 0) / late.length;
      const sd = Math.sqrt(late.reduce((a, b) => a + (b - m) ** 2, 0) / late.length);
      const va = lastEp.valMetric ?? 0;
      return {
        visible: sd > 0.5 * m || va < 0.8,
        evidence: `per-step loss after epoch 0 mean ${fmt(m)} sd ${fmt(sd)}; val accuracy ${fmt(va)}`,
      };
    }
    case "overfitting": {
      const vals = ep.map((e) => e.valLoss);
      const minVal = Math.min(...vals);
      const at = vals.indexOf(minVal);
      return {
        visible: lastEp.valLoss > 1.2 * minVal && at < ep.length * 0.7 && lastEp.trainLoss < 0.5 * lastEp.valLoss,
        evidence: `val loss min ${fmt(minVal)} at epoch ${at}, last ${fmt(lastEp.valLoss)}; train loss last ${fmt(lastEp.trainLoss)}`,
      };
    }
    case "class_imbalance": {
      const va = lastEp.valMetric ?? 0;
      const maj = spec.majorityFraction ?? 0;
      // the model recovers less than a quarter of the minority: no better than (near) the majority rate,
      // or it predicts the minority class less than a quarter as often as it occurs
      const quarter = 0.25 * (1 - maj);
      return {
        visible: va <= maj + quarter || (h.predictedMajorityFraction ?? 0) >= 1 - quarter,
        evidence: `val accuracy ${fmt(va)} vs majority rate ${fmt(maj)}; predicted majority ${fmt(h.predictedMajorityFraction ?? NaN)}`,
      };
    }
    case "wrong_loss_function": {
      // probabilities as logits: the loss cannot fall below log(1 + (C-1)/e) even when every prediction is right
      const C = spec.model.outputUnits > 1 ? spec.model.outputUnits : 2;
      const floor = spec.loss === "sigmoid_then_logits_bce" ? Math.log(1 + Math.exp(-1)) : Math.log(1 + (C - 1) / Math.E);
      return {
        visible: L.last > 0.95 * floor && L.last > 0.3 * L.first,
        evidence: `${s}; floor for probabilities-as-logits ${fmt(floor)}; val ${h.metricName} ${fmt(lastEp.valMetric ?? NaN)}`,
      };
    }
    case "repeated_batch": {
      const gap = lastEp.valLoss / Math.max(lastEp.trainLoss, 1e-8);
      return { visible: gap > 2, evidence: `train loss ${fmt(lastEp.trainLoss)} vs val loss ${fmt(lastEp.valLoss)} (×${fmt(gap)})` };
    }
    case "too_few_epochs": {
      const l = ep.map((e) => e.valLoss);
      const improving = l.length >= 2 && l[l.length - 1] < 0.97 * l[l.length - 2];
      const slope = L.last < 0.9 * L.first;
      return { visible: improving && slope, evidence: `val loss per epoch ${l.map(fmt).join(", ")}; ${s}` };
    }
    case "batch_size_too_large":
      return {
        visible: h.stepsPerEpoch <= 2 && L.last > 0.3 * L.first,
        evidence: `${h.stepsPerEpoch} steps/epoch, ${h.steps.length} steps in all; ${s}`,
      };
  }
}
