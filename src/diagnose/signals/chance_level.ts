// Chance levels of a classifier: the number of classes C (from the hyper-parameters: num_classes,
// num_labels, nc, MODEL.ROI_HEADS.NUM_CLASSES ... in the shared alias table; else from
// the first loss and first accuracy when they agree), the chance loss ln C, the chance accuracy
// 1/C, and the loss a model reaches by predicting the class prior when one class holds a share p
// of the data (the "majority rate": accuracy p, loss between the two prior-entropy bounds).
import { hparamNumberFor, type RunView } from "./run_view.ts";
import type { CurveTrend } from "./loss_trend.ts";

export interface ChanceLevel {
  classes: number;
  /** Where C came from. */
  source: "hparams" | "first loss and accuracy" | "first loss";
  lnC: number;
  chanceAccuracy: number;
}

export function inferChance(view: RunView, loss: CurveTrend | null, acc: CurveTrend | null): ChanceLevel | null {
  const h = hparamNumberFor(view, "num_classes");
  if (h !== undefined && h >= 2 && Number.isInteger(h)) return { classes: h, source: "hparams", lnC: Math.log(h), chanceAccuracy: 1 / h };
  if (!acc) return null; // no accuracy: not known to be a classifier
  if (!loss) return null;
  const cLoss = Math.exp(loss.initial);
  if (!(cLoss >= 1.6 && cLoss <= 1200)) return null;
  const a0 = acc.values[0];
  const cAcc = a0 > 0 ? 1 / a0 : NaN;
  const c = Math.max(2, Math.round(cLoss));
  if (Number.isFinite(cAcc) && Math.abs(cAcc - cLoss) / cLoss < 0.35)
    return { classes: c, source: "first loss and accuracy", lnC: Math.log(c), chanceAccuracy: 1 / c };
  return { classes: c, source: "first loss", lnC: Math.log(c), chanceAccuracy: 1 / c };
}

/** Loss bounds of predicting the prior when the majority class has share p among C classes. */
export function priorEntropyBounds(p: number, classes: number): [number, number] {
  const q = 1 - p;
  const hp = p > 0 ? -p * Math.log(p) : 0;
  const lo = hp + (q > 0 ? -q * Math.log(q) : 0);
  const hi = hp + (q > 0 && classes > 2 ? -q * Math.log(q / (classes - 1)) : lo - hp);
  return [lo, Math.max(lo, hi)];
}
