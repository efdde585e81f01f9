// wrong_loss_function: a probability (softmax/sigmoid output) fed to a loss that expects logits.
// The logits then lie in [0, 1], so the cross-entropy cannot fall below ln(1 + (C − 1)/e)
// (C classes): the loss flattens at that floor while the accuracy can still be good.
import type { Finding } from "../types.ts";
import { makeCause } from "./causes.ts";
import { finding, fmt, pct, windowEvidence, type RuleContext } from "./context.ts";

export function lossFloorRule(ctx: RuleContext): Finding[] {
  const { s, outcome } = ctx;
  const tr = s.train;
  if (!tr || tr.n < 5 || outcome.nonFinite || !s.chance) return [];
  const C = s.chance.classes;
  const floor = Math.log(1 + (C - 1) / Math.E);
  const binaryFloor = (Math.log(1 + Math.exp(-1)) + Math.log(2)) / 2; // single sigmoid unit fed to a logits BCE
  const acc = s.trainAcc ?? s.valAcc;
  const flat = Math.abs(tr.tailSlopeRel) < 0.05;
  for (const f of C === 2 ? [floor, binaryFloor] : [floor]) {
    const near = tr.last >= f * 0.97 && tr.last <= f * 1.08 && tr.best >= f * 0.95;
    const accGood = acc && acc.last >= Math.min(0.95, s.chance.chanceAccuracy + 0.3);
    if (near && flat && accGood) {
      return [finding(ctx, "loss_floor_high", "warning", `Loss ${tr.key} flattens at ${fmt(tr.last)} ≈ ${fmt(f)}, the lowest a logits loss can reach on [0, 1] outputs, while accuracy is ${pct(acc!.last)}`, [tr.firstStep, tr.lastStep],
        [windowEvidence(tr, "last", `floor ln(1 + (C−1)/e) = ${fmt(f)} for C = ${C}`), windowEvidence(acc!, "last")],
        [makeCause("wrong_loss_function", 0.7, "the loss stops exactly at the floor of a cross-entropy computed on probabilities instead of logits (softmax/sigmoid applied twice)", [windowEvidence(tr, "last")])])];
    }
  }
  return [];
}
