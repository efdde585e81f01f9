// Optimizer steps per epoch, from (in order) the hyper-parameters (steps_per_epoch, or dataset
// size / batch size), an epoch scalar logged beside a per-step loss, or the step spacing of a
// per-epoch validation curve next to a per-step training curve.
import { hparamNumberFor, type RunView } from "./run_view.ts";
import { median } from "./robust_stats.ts";

export interface StepsPerEpoch {
  value: number;
  source: string;
  /** True when the training loss is logged once per optimizer step (several points per epoch). */
  trainLossPerStep: boolean;
  /** Logged batch size, when there is one. */
  batchSize?: number;
}

export function stepsPerEpoch(view: RunView): StepsPerEpoch | null {
  const tl = view.trainLoss;
  const direct = hparamNumberFor(view, "steps_per_epoch");
  const n = hparamNumberFor(view, "dataset_size");
  const b = hparamNumberFor(view, "batch_size");
  let value = NaN, source = "";
  let epochLossOnly = false;
  if (direct !== undefined && direct > 0) { value = direct; source = "hparams steps_per_epoch"; }
  else if (n !== undefined && b !== undefined && n > 0 && b > 0) { value = Math.ceil(n / b); source = `hparams: ${n} samples / batch ${b}`; }
  if (!Number.isFinite(value) && view.epoch && tl) {
    // count train-loss points per epoch value
    const ep = view.epoch;
    const counts = new Map<number, number>();
    let k = 0; // both step lists are sorted: one forward pass
    for (const s of tl.steps) {
      while (k + 1 < ep.steps.length && ep.steps[k + 1] <= s) k++;
      const e = Math.round(ep.values[k]);
      counts.set(e, (counts.get(e) ?? 0) + 1);
    }
    const per = median([...counts.values()]);
    if (per >= 1) {
      const spacing = tl.steps.length > 1 ? median(tl.steps.slice(1).map((s, i) => s - tl.steps[i])) : 1;
      value = Math.round(per * Math.max(1, spacing)); source = `${ep.key} beside ${tl.key}`;
    }
  }
  // a per-epoch curve on the same step axis as the per-step loss (it ends near the same step)
  const perEpoch = [view.trainLossEpoch, view.valLoss].filter((c): c is NonNullable<typeof c> => !!c && c.steps.length >= 3);
  for (const ec of perEpoch) {
    if (Number.isFinite(value) || !tl || tl.steps.length <= 2 * ec.steps.length) continue;
    const vs = ec.steps, last = tl.steps[tl.steps.length - 1], elast = vs[vs.length - 1];
    const d = median(vs.slice(1).map((s, i) => s - vs[i]));
    if (d > 1 && Math.abs(elast - last) <= 2 * d) { value = Math.round(d); source = `step spacing of ${ec.key}`; }
    else if (Math.abs(d - 1) < 1e-9 && elast + 1 < last / 2) {
      // epoch-indexed companion (steps 0..E−1): per-step points per epoch
      value = Math.max(1, Math.round((last - tl.steps[0] + 1) / vs.length)); source = `steps 0–${last} of ${tl.key} over ${vs.length} epochs of ${ec.key}`;
    }
  }
  // a curve declared per optimizer step (e.g. a batch-level tag) with consecutive steps and one
  // point per epoch of its per-epoch companion: one optimizer step per epoch (full batch)
  if (!Number.isFinite(value) && tl && tl.granularity === "step" && tl.steps.length >= 3) {
    const ec = perEpoch.find((c) => c.granularity === "epoch" && Math.abs(c.steps.length - tl.steps.length) <= 1);
    const spacing = median(tl.steps.slice(1).map((s, i) => s - tl.steps[i]));
    if (ec && Math.abs(spacing - 1) < 1e-9) { value = 1; source = `${tl.key} (one point per optimizer step) has one point per epoch of ${ec.key}`; }
  }
  // only per-epoch losses, beside a learning rate logged at every optimizer step (steps 0, 1, 2, ...):
  // learning-rate points per epoch of the loss
  const lrc = view.lr;
  const epochLoss = tl ?? view.valLoss;
  if (!Number.isFinite(value) && lrc && epochLoss && lrc.steps.length >= 2 * epochLoss.steps.length && epochLoss.steps.length >= 3) {
    const spacing = median(lrc.steps.slice(1).map((s, i) => s - lrc.steps[i]));
    const es = epochLoss.steps;
    const epochIndexed = Math.abs(median(es.slice(1).map((s, i) => s - es[i])) - 1) < 1e-9;
    if (Math.abs(spacing - 1) < 1e-9 && epochIndexed) {
      value = Math.max(1, Math.round(lrc.steps.length / es.length)); source = `${lrc.steps.length} per-step points of ${lrc.key} over ${es.length} epochs of ${epochLoss.key}`;
      epochLossOnly = true;
    }
  }
  if (!Number.isFinite(value)) return null;
  const perStep = !epochLossOnly && !!tl && tl.granularity !== "epoch" && tl.steps.length > 1 &&
    median(tl.steps.slice(1).map((s, i) => s - tl.steps[i])) < value;
  return { value, source, trainLossPerStep: perStep, ...(b !== undefined && b > 0 ? { batchSize: b } : {}) };
}
