// Optimizer steps per epoch, from (in order) the hyper-parameters (steps_per_epoch, or dataset
// size / batch size), an epoch scalar logged beside a per-step loss (a fractional HF `train/epoch`
// by its slope, an integer epoch by counting), the step spacing of a per-epoch validation curve
// next to a per-step training curve (also when the loss is logged only every k steps), a learning
// rate logged per step beside per-epoch losses, or max_steps / epochs.
import { hparamNumberFor, type Curve, type RunView } from "./run_view.ts";
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
  let value = NaN,
    source = "";
  let epochLossOnly = false;
  if (direct !== undefined && direct > 0) {
    value = direct;
    source = "hparams steps_per_epoch";
  } else if (n !== undefined && b !== undefined && n > 0 && b > 0) {
    value = Math.ceil(n / b);
    source = `hparams: ${n} samples / batch ${b}`;
  }
  if (!Number.isFinite(value) && view.epoch && tl) {
    const fromEpoch = fromEpochCurve(view.epoch, tl);
    if (fromEpoch) ({ value, source } = fromEpoch);
    // a loss logged every k steps places the epoch transitions only to within k steps: an
    // epoch-end curve on the same axis whose spacing lies that close gives the exact value
    const k = tl.steps.length > 1 ? median(tl.steps.slice(1).map((s, i) => s - tl.steps[i])) : 1;
    for (const ec of [view.valLoss, view.trainLossEpoch]) {
      if (!fromEpoch || k <= 1 || !ec || ec.steps.length < 3) continue;
      const d = median(ec.steps.slice(1).map((s, i) => s - ec.steps[i]));
      if (d > 1 && Number.isInteger(d) && d !== value && Math.abs(d - value) < k) {
        value = d;
        source = `step spacing of ${ec.key} (${fromEpoch.source})`;
        break;
      }
    }
  }
  // a per-epoch curve on the same step axis as the per-step loss (it ends near the same step)
  const perEpoch = [view.trainLossEpoch, view.valLoss].filter((c): c is NonNullable<typeof c> => !!c && c.steps.length >= 3);
  for (const ec of perEpoch) {
    if (Number.isFinite(value) || !tl || tl.steps.length < 3) continue;
    const vs = ec.steps,
      last = tl.steps[tl.steps.length - 1],
      elast = vs[vs.length - 1];
    const d = median(vs.slice(1).map((s, i) => s - vs[i]));
    // the per-step loss must be denser than the per-epoch curve: more than 2 points per epoch, or
    // logged every k steps with k clearly below the epoch-end spacing (log_every_n_steps=10 with
    // 16 steps per epoch gives 1.6 points per epoch)
    const k = median(tl.steps.slice(1).map((s, i) => s - tl.steps[i]));
    if (tl.steps.length <= 2 * ec.steps.length && !(d > 1 && 1.25 * k <= d)) continue;
    if (d > 1 && Math.abs(elast - last) <= 2 * d) {
      value = Math.round(d);
      source = `step spacing of ${ec.key}`;
    } else if (Math.abs(d - 1) < 1e-9 && elast + 1 < last / 2) {
      // epoch-indexed companion (steps 0..E−1): per-step points per epoch
      value = Math.max(1, Math.round((last - tl.steps[0] + 1) / vs.length));
      source = `steps 0–${last} of ${tl.key} over ${vs.length} epochs of ${ec.key}`;
    }
  }
  // a curve declared per optimizer step (e.g. a batch-level tag) with consecutive steps and one
  // point per epoch of its per-epoch companion: one optimizer step per epoch (full batch)
  if (!Number.isFinite(value) && tl && tl.granularity === "step" && tl.steps.length >= 3) {
    const ec = perEpoch.find((c) => c.granularity === "epoch" && Math.abs(c.steps.length - tl.steps.length) <= 1);
    const spacing = median(tl.steps.slice(1).map((s, i) => s - tl.steps[i]));
    if (ec && Math.abs(spacing - 1) < 1e-9) {
      value = 1;
      source = `${tl.key} (one point per optimizer step) has one point per epoch of ${ec.key}`;
    }
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
      value = Math.max(1, Math.round(lrc.steps.length / es.length));
      source = `${lrc.steps.length} per-step points of ${lrc.key} over ${es.length} epochs of ${epochLoss.key}`;
      epochLossOnly = true;
    }
  }
  // the configured length of the training: max_steps / epochs when it divides evenly (HF Trainer
  // TrainingArguments / trainer_state.json: max_steps = epochs × update steps per epoch)
  if (!Number.isFinite(value)) {
    const maxSteps = hparamNumberFor(view, "max_steps"),
      epochs = hparamNumberFor(view, "epochs");
    if (
      maxSteps !== undefined &&
      epochs !== undefined &&
      maxSteps > 0 &&
      epochs >= 1 &&
      Number.isInteger(epochs) &&
      maxSteps % epochs === 0
    ) {
      value = maxSteps / epochs;
      source = `hparams: ${maxSteps} steps / ${epochs} epochs`;
    }
  }
  if (!Number.isFinite(value)) return null;
  const perStep =
    !epochLossOnly &&
    !!tl &&
    tl.granularity !== "epoch" &&
    tl.steps.length > 1 &&
    median(tl.steps.slice(1).map((s, i) => s - tl.steps[i])) < value;
  return { value, source, trainLossPerStep: perStep, ...(b !== undefined && b > 0 ? { batchSize: b } : {}) };
}

/**
 * Steps per epoch from an epoch scalar logged beside the per-step loss: the slope step/epoch of
 * the steps where each epoch value first appears. A fractional epoch (HF Trainer's `train/epoch`
 * = global step / steps per epoch: 0.0625, 0.125, ... 1.0) gives it over the whole curve; an
 * integer epoch over its transitions from the second epoch on (the first value appears where
 * logging began, not where the epoch began), which stays right when the loss is logged only every
 * k steps. With fewer than three integer epochs the loss points are counted per epoch instead,
 * epoch e covering [e, e + 1) (floor, not round), times the loss's step spacing.
 */
function fromEpochCurve(ep: Curve, tl: Curve): { value: number; source: string } | null {
  const pts: [number, number][] = [];
  for (let i = 0; i < ep.steps.length; i++) if (Number.isFinite(ep.values[i])) pts.push([ep.steps[i], ep.values[i]]);
  if (pts.length < 2) return null;
  const fractional = pts.some(([, e]) => Math.abs(e - Math.round(e)) > 1e-6);
  const firsts: [number, number][] = [];
  for (const p of pts) if (firsts.length === 0 || p[1] > firsts[firsts.length - 1][1] + 1e-9) firsts.push(p);
  const from = fractional ? firsts[0] : firsts[1],
    to = firsts[firsts.length - 1];
  if (from && to && (fractional || firsts.length >= 3) && to[1] - from[1] >= 0.5 && to[0] > from[0]) {
    const slope = (to[0] - from[0]) / (to[1] - from[1]);
    if (slope >= 1)
      return { value: Math.round(slope), source: `slope of ${ep.key} (${+slope.toFixed(2)} steps per epoch) beside ${tl.key}` };
  }
  if (fractional) return null;
  const counts = new Map<number, number>();
  let k = 0; // both step lists are sorted: one forward pass
  for (const s of tl.steps) {
    while (k + 1 < pts.length && pts[k + 1][0] <= s) k++;
    if (pts[k][0] > s) continue; // before the first epoch point
    const e = Math.floor(pts[k][1] + 1e-9);
    counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  const ordered = [...counts.entries()].sort((x, y) => x[0] - y[0]).map(([, c]) => c);
  if (ordered.length === 0) return null;
  const per = Math.max(...ordered);
  const spacing = tl.steps.length > 1 ? median(tl.steps.slice(1).map((s, i) => s - tl.steps[i])) : 1;
  return { value: Math.round(per * Math.max(1, spacing)), source: `${ep.key} beside ${tl.key}` };
}
