// Expectations: what the user expects a run to reach (`diagnose --expect val_accuracy=0.9`, or a
// hyper-parameter named `expect_<target>`, `expected_<target>` or `target_<target>`, e.g.
// `expect_val_accuracy: 0.9` in hparams.json). A target is a role (train_loss, val_loss,
// train_accuracy, val_accuracy; `accuracy` = validation accuracy when logged, else training;
// `loss` likewise) or a scalar tag of the run. The outcome is the target's last finite value;
// accuracies and scores must reach the expectation, losses and errors stay at or below it.
import type { TrainingRun } from "../model/index.ts";
import type { RunSignals } from "./signals/index.ts";
import type { Evidence } from "./types.ts";
import { numberOf } from "./hparam_aliases.ts";
import { T } from "./thresholds.ts";

export interface Expectation {
  target: string;
  value: number;
  /** Where it came from: the command line / API, or the hyper-parameter's name. */
  source: string;
}

export interface Judgement {
  expectation: Expectation;
  key: string;
  actual: number;
  step: number;
  higherIsBetter: boolean;
  met: boolean;
  evidence: Evidence[];
}

/** Parses `target=value` (e.g. `val_accuracy=0.9`, `val_loss=0.3`, `eval/f1=0.8`); throws with a message naming the text when malformed. */
export function parseExpectation(text: string): Expectation {
  const m = /^\s*([^=]+?)\s*=\s*([-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?)\s*(%?)\s*$/i.exec(text);
  if (!m) throw new Error(`--expect "${text}": expected TARGET=VALUE, e.g. val_accuracy=0.9`);
  const value = Number(m[2]) / (m[5] ? 100 : 1);
  return { target: m[1], value, source: "option" };
}

const HP_EXPECT = /^(expect(ed)?|target)[_.\-/]?(.+)$/i;

/** Expectations named in the run's hyper-parameters (`expect_val_accuracy: 0.9`). */
export function expectationsFromHParams(run: TrainingRun): Expectation[] {
  const out: Expectation[] = [];
  for (const h of run.hparams.values()) {
    const m = HP_EXPECT.exec(h.name);
    const v = numberOf(h.value);
    if (!m || v === undefined || !Number.isFinite(v)) continue;
    out.push({ target: m[3], value: v, source: `hyper-parameter ${h.name}` });
  }
  return out;
}

const HIGHER = /acc|f1|map|auc|iou|precision|recall|score|bleu|rouge|dice|r2|top1|top5|reward|psnr|ssim/i;

/** Judges one expectation against the run's curves; null when the target is not logged. */
export function judgeExpectation(run: TrainingRun, s: RunSignals, e: Expectation): Judgement | null {
  const t = e.target.trim().toLowerCase().replace(/[\s-]/g, "_");
  const role: Record<string, { key: string; values: number[]; steps: number[] } | null | undefined> = {
    val_accuracy: s.view.valAcc,
    val_acc: s.view.valAcc,
    train_accuracy: s.view.trainAcc,
    train_acc: s.view.trainAcc,
    accuracy: s.view.valAcc ?? s.view.trainAcc,
    acc: s.view.valAcc ?? s.view.trainAcc,
    val_loss: s.view.valLoss,
    train_loss: s.view.trainLoss,
    loss: s.view.valLoss ?? s.view.trainLoss,
  };
  let curve = t in role ? (role[t] ?? null) : null;
  let higher = /acc/.test(t);
  if (!(t in role)) {
    for (const d of run.dirs)
      for (const [tag, sr] of d.scalars) {
        if (curve) break;
        const key = d.path ? `${d.path}/${tag}` : tag;
        if (tag.toLowerCase() === e.target.toLowerCase() || key.toLowerCase() === e.target.toLowerCase())
          curve = { key, values: Array.from(sr.values), steps: Array.from(sr.steps) };
      }
    higher = HIGHER.test(e.target) && !/loss|error|mse|mae|perplexity/i.test(e.target);
  }
  if (!curve) return null;
  let i = curve.values.length - 1;
  while (i >= 0 && !Number.isFinite(curve.values[i])) i--;
  if (i < 0) return null;
  let actual = curve.values[i];
  // an accuracy logged in percent against an expectation given as a fraction (or the reverse)
  let expected = e.value;
  if (higher && actual > T.accuracyPercentAbove.value && expected <= 1) actual /= 100;
  else if (higher && actual <= 1 && expected > T.accuracyPercentAbove.value) expected /= 100;
  const met = higher ? actual >= expected - T.expectationAccMargin.value : actual <= expected * (1 + T.expectationLossRel.value);
  const evidence: Evidence[] = [
    {
      source: "scalar",
      tag: curve.key,
      step: curve.steps[i],
      value: Number(actual.toPrecision(6)),
      note: `expected ${higher ? "at least" : "at most"} ${expected} (${e.source})`,
    },
  ];
  return { expectation: { ...e, value: expected }, key: curve.key, actual, step: curve.steps[i], higherIsBetter: higher, met, evidence };
}
