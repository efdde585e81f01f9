// Per-layer rules (gradient_vanishing, gradient_exploding, gradient_non_finite, weight_not_updated,
// weight_change_too_small/large, weight_init_suspicious, activation_dead, activation_saturated,
// activation_too_large, tensor_overflow) with outcome gating: a warning only when progress is poor
// (or the loss went non-finite), otherwise an info without a cause.
import type { Finding } from "../types.ts";
import { makeCause } from "./causes.ts";
import { finding, type RuleContext } from "./context.ts";
import { layerCauses } from "./layer_evidence.ts";

const TITLES: Record<string, string> = {
  gradient_vanishing: "Gradients vanish towards the input layers",
  gradient_exploding: "Gradients grow towards the input layers",
  gradient_non_finite: "Gradients hold NaN/Inf",
  weight_not_updated: "Weights do not change",
  weight_change_too_small: "Weights barely change",
  weight_change_too_large: "Weights change by a large share per step",
  weight_init_suspicious: "Initial weights look wrong",
  activation_dead: "Layer outputs are (almost) all zero",
  activation_saturated: "Activations pinned at their limits",
  activation_too_large: "Activations are very large",
  tensor_overflow: "Weights hold NaN/Inf",
};

export function layerRule(ctx: RuleContext): Finding[] {
  const { outcome } = ctx;
  // With a non-finite loss the loss finding carries the cause; layer anomalies are context (info).
  const gate = (outcome.poor || outcome.slow) && !outcome.nonFinite;
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const c of layerCauses(ctx.s)) {
    if (seen.has(c.symptom)) continue;
    seen.add(c.symptom);
    const severe =
      gate || (c.ungated === true && !outcome.nonFinite) || (c.hard === true && (outcome.mediocre || outcome.slow) && !outcome.nonFinite);
    const steps: [number, number] | [] = c.step !== undefined ? [c.step, c.step] : [];
    out.push(
      finding(
        ctx,
        c.symptom,
        severe ? "warning" : "info",
        `${TITLES[c.symptom] ?? c.symptom}: ${c.why}`,
        steps,
        c.evidence,
        severe ? [makeCause(c.code, c.strength, c.why, c.evidence)] : [],
      ),
    );
  }
  return out;
}
