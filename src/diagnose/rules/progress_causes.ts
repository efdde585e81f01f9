// Ranks the causes of poor progress (a flat or slowly falling loss, an accuracy at chance):
// first what the per-layer signals show, then the logged learning rate against its optimizer's
// usual range, then the shape of the curve (steady slow fall → learning rate too low; noisy or
// rising back → learning rate too high). At most two causes.
import type { Cause } from "../types.ts";
import type { RunSignals } from "../signals/index.ts";
import { makeCause } from "./causes.ts";
import { fmt, windowEvidence } from "./context.ts";
import { layerCauses } from "./layer_evidence.ts";

export function progressCauses(s: RunSignals, kind: "flat" | "slow"): Cause[] {
  const out: Cause[] = [];
  const add = (c: Cause) => { if (!out.some((o) => o.code === c.code)) out.push(c); };
  const layers = layerCauses(s).filter((l) => l.code !== "exploding_gradient" || kind === "flat");
  for (const l of layers.slice(0, 2)) add(makeCause(l.code, l.strength, l.why, l.evidence));
  if (out.length >= 1 && out[0].confidence >= 0.7) return out.slice(0, 2);
  const tr = s.train ?? s.val;
  const lr = s.lr;
  if (lr && lr.position === "high") add(makeCause("learning_rate_too_high", 0.6, `learning rate ${fmt(lr.value)} is above the usual range ${fmt(lr.usual[0])}–${fmt(lr.usual[1])}${lr.optimizer ? ` for ${lr.optimizer}` : ""}`, [{ source: "hparam", tag: lr.source, value: lr.value }]));
  if (lr && lr.position === "low") add(makeCause("learning_rate_too_low", 0.6, `learning rate ${fmt(lr.value)} is below the usual range ${fmt(lr.usual[0])}–${fmt(lr.usual[1])}${lr.optimizer ? ` for ${lr.optimizer}` : ""}`, [{ source: "hparam", tag: lr.source, value: lr.value }]));
  if (out.length >= 2 || !tr) return out.slice(0, 2);
  const st = s.trainStability;
  const noisy = st && (st.residualRel > 0.1 || st.riseShare > 0.35 || st.spikes.length >= 3);
  const rosBack = st && st.lastOverBest > 1.3 && tr.bestIndex < tr.n * 0.7;
  if (noisy || rosBack) {
    add(makeCause("learning_rate_too_high", 0.5, rosBack ? `the loss reached ${fmt(tr.best)} and rose back to ${fmt(tr.last)}` : "the loss jumps around instead of falling", [windowEvidence(tr, "last")]));
  } else if (tr.tailSlopeRel < -0.02 && tr.relImprovement > 0) {
    add(makeCause("learning_rate_too_low", 0.5, `the loss still falls steadily but slowly (${fmt(tr.relImprovement * 100)} % over the run)`, [windowEvidence(tr, "first"), windowEvidence(tr, "last")]));
  } else if (out.length === 0) {
    add(makeCause("learning_rate_too_low", 0.35, "from the loss alone a flat curve cannot be told apart: a learning rate too low, vanishing gradients, dead units or a bad initialisation; log weight/gradient histograms to separate them", [windowEvidence(tr, "first"), windowEvidence(tr, "last")]));
  }
  return out.slice(0, 2);
}
