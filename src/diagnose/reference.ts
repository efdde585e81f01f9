// A reference run: `diagnose NEW --reference REF`. The outcome of the new run is compared with the
// reference's on the same target (the expectation's target when one is given, else validation
// accuracy, training accuracy, validation loss, training loss — the first both runs logged). When
// the new run is worse, every configuration difference between the two (compareConfigs) becomes
// a candidate cause of the gap, with its direction (a lower learning rate → too low, a larger
// batch → too large, ...); the ranking step then weighs them with the new run's own evidence.
import type { TrainingRun } from "../model/index.ts";
import type { Evidence } from "./types.ts";
import type { RunSignals } from "./signals/index.ts";
import type { ProposedCause } from "./ranking.ts";
import { compareConfigs, activationName, type ConfigDifference } from "./config_checks.ts";
import { numberOf } from "./hparam_aliases.ts";
import { T } from "./thresholds.ts";

export interface ReferenceGap {
  target: string;
  higherIsBetter: boolean;
  actual: number;
  reference: number;
  worse: boolean;
  evidence: Evidence[];
  differences: ConfigDifference[];
  proposed: ProposedCause[];
  /** Differences no cause code stands for (listed as evidence). */
  unmapped: ConfigDifference[];
}

type CurveLike = { key: string; values: number[]; steps: number[] } | undefined;

function lastFinite(c: CurveLike): { v: number; step: number } | null {
  if (!c) return null;
  for (let i = c.values.length - 1; i >= 0; i--) if (Number.isFinite(c.values[i])) return { v: c.values[i], step: c.steps[i] };
  return null;
}

export function compareWithReference(
  run: TrainingRun,
  s: RunSignals,
  ref: TrainingRun,
  refS: RunSignals,
  target?: string,
): ReferenceGap | null {
  const pairs: [string, CurveLike, CurveLike, boolean][] = [
    ["val_accuracy", s.view.valAcc, refS.view.valAcc, true],
    ["train_accuracy", s.view.trainAcc, refS.view.trainAcc, true],
    ["val_loss", s.view.valLoss, refS.view.valLoss, false],
    ["train_loss", s.view.trainLoss, refS.view.trainLoss, false],
  ];
  const wanted = target?.toLowerCase();
  const pick = pairs.find(([n, a, b]) => (!wanted || n === wanted) && a && b) ?? pairs.find(([, a, b]) => a && b);
  if (!pick) return null;
  const [name, a, b, higher] = pick;
  const x = lastFinite(a),
    y = lastFinite(b);
  if (!x || !y) return null;
  const worse = higher ? y.v - x.v >= T.referenceAccGap.value : x.v - y.v >= T.referenceLossGap.value * Math.abs(y.v);
  const differences = compareConfigs(ref, run);
  const proposed: ProposedCause[] = [],
    unmapped: ConfigDifference[] = [];
  for (const d of differences) {
    const ps = causesOfDifference(d);
    if (ps.length) proposed.push(...ps);
    else if (d.kind !== "trap") unmapped.push(d);
  }
  const evidence: Evidence[] = [
    { source: "scalar", tag: a!.key, step: x.step, value: Number(x.v.toPrecision(6)), note: "this run" },
    { source: "scalar", tag: `${ref.name}: ${b!.key}`, step: y.step, value: Number(y.v.toPrecision(6)), note: "reference run" },
    ...unmapped.slice(0, 6).map((d) => ({
      source: "config" as const,
      tag: d.key,
      value: `${fmtV(d.a)} → ${fmtV(d.b)}`,
      note: "also differs from the reference",
    })),
  ];
  return { target: name, higherIsBetter: higher, actual: x.v, reference: y.v, worse, evidence, differences, proposed, unmapped };
}

const fmtV = (v: unknown) => (v === undefined ? "(not set)" : String(v));

/** The cause codes a configuration difference stands for, with its direction. */
export function causesOfDifference(d: ConfigDifference): ProposedCause[] {
  const a = numberOf(d.a ?? NaN),
    b = numberOf(d.b ?? NaN);
  const both = a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b);
  const note = `${d.key} ${fmtV(d.a)} in the reference, ${fmtV(d.b)} here${d.trap ? ` (${d.trap})` : ""}`;
  const evidence: Evidence[] = [
    {
      source: "config",
      tag: d.nameB ?? d.nameA ?? d.key,
      value: `${fmtV(d.a)} → ${fmtV(d.b)}`,
      note: "configuration difference from the reference run",
    },
  ];
  const w = T.rankModerate.value;
  const p = (code: string, weight = w, backing?: boolean): ProposedCause[] => [
    { code, weight, source: "reference", note, evidence, ...(backing ? { backing } : {}) },
  ];
  const ratio = both && a! > 0 && b! > 0 ? Math.abs(Math.log10(b! / a!)) : 0;
  const small = T.referenceSmallChangeShare.value;
  const scaled = ratio >= 1 ? w : w * small;
  switch (d.key) {
    case "learning_rate":
      return both ? p(b! < a! ? "learning_rate_too_low" : "learning_rate_too_high", scaled) : [];
    case "batch_size":
      return both ? p(b! > a! ? "batch_size_too_large" : "batch_size_too_small", scaled) : [];
    case "epochs":
    case "max_steps":
      return both ? p(b! < a! ? "too_few_epochs" : "too_many_epochs") : [];
    case "optimizer":
    case "momentum":
    case "epsilon":
    case "beta1":
    case "beta2":
    case "nesterov":
      return p("optimizer_unsuitable");
    case "dropout":
    case "weight_decay":
      return both ? p(b! > a! ? "regularization_too_strong" : "overfitting") : p("regularization_too_strong", w * small);
    case "keep_prob":
      return both ? p(b! < a! ? "regularization_too_strong" : "overfitting") : p("regularization_too_strong", w * small);
    case "loss":
    case "from_logits":
      return p("wrong_loss_function");
    case "output_activation":
      return p("wrong_output_activation");
    case "activation": {
      const act = activationName(String(d.b ?? ""));
      if (act === "sigmoid" || act === "tanh") return p("vanishing_gradient", w, true);
      if (act === "relu") return p("dead_relu");
      return [];
    }
    case "weight_init":
      return p(
        /(^|[^a-z])(zeros?|constant|ones)([^a-z]|$)/i.test(String(d.b ?? "")) ? "weight_init_zero" : "weight_init_too_large",
        w,
        true,
      );
    case "dataset_size":
      return both && b! < a! ? p("insufficient_data") : [];
    case "bn_momentum":
      return p("train_eval_mode_wrong", w * small);
    default:
      return [];
  }
}
