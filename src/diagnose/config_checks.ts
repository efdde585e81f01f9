// Configuration checks (the seeds' first step, "check the code and hyper-parameters"): the run's
// logged configuration (`run.hparams`: hparams plugin, hparams.json/.yaml, MindSpore lineage, the
// recorder) is normalised (lr / learning_rate / learningRate / optimizer.lr ...) and checked against
// the task and the outcome: loss vs output activation vs labels, learning rate vs the optimizer's
// usual range, batch size vs dataset size, epochs vs where the curves still were, regularisation and
// optimizer settings. A smell alone is an `info` finding without causes; when the outcome is poor it
// becomes a warning/error finding with its cause code. `compareConfigs` lists every configuration
// difference between two runs and notes the framework-default traps (dropout keep vs drop
// probability, BatchNorm momentum 0.9 vs 0.1, weight-init defaults, Adam epsilon).
import type { HParam, HParamValue, TrainingRun } from "../model/index.ts";
import type { Cause, Evidence, Finding, Severity } from "./types.ts";
import { checklistFor, knowledgeEntry } from "./knowledge.ts";
import { CONFIG_KEYS, lookupHParam, squash, type ConfigKey } from "./hparam_aliases.ts";
import { lrDecadesOff, optimizerRange } from "./optimizer_ranges.ts";
import { T } from "./thresholds.ts";

// ── normalisation ──

export { canonicalKey, type ConfigKey } from "./hparam_aliases.ts";

export interface ConfigValue {
  key: ConfigKey;
  value: HParamValue;
  name: string;
  source: string;
  sourceKind: string;
}

/**
 * The run's configuration by canonical key, one value per key chosen by the shared alias table
 * (hparam_aliases.ts: full dotted names, then plain names, then agreeing nested names; a model's
 * architecture file last).
 */
export function normalizeConfig(run: TrainingRun): Map<ConfigKey, ConfigValue> {
  const out = new Map<ConfigKey, ConfigValue>();
  const entries = [...run.hparams.values()];
  for (const key of CONFIG_KEYS) {
    // MindSpore lineage's `loss` is the final loss value, not the loss function.
    const h = lookupHParam(entries, key, key === "loss" ? "string" : "any");
    if (!h) continue;
    const src = run.hparams.get(h.name);
    out.set(key, { key, value: h.value, name: h.name, source: src?.source ?? "", sourceKind: src?.sourceKind ?? h.sourceKind ?? "" });
  }
  decomposeLossCall(out);
  return out;
}

/**
 * A loss logged as the call it is (`CrossEntropyLoss(softmax(logits))`, `nll_loss(F.sigmoid(out))`)
 * names two things: the loss (the outer call) and what it receives (the inner activation). The
 * inner activation is what the loss sees, whatever `output_activation` says about the layer.
 */
function decomposeLossCall(cfg: Map<ConfigKey, ConfigValue>): void {
  const lossV = cfg.get("loss");
  if (!lossV || typeof lossV.value !== "string") return;
  const m = /^\s*([A-Za-z_][\w.]*)\s*\(\s*([A-Za-z_][\w.]*)\s*\(/.exec(lossV.value);
  if (!m) return;
  const inner = activationName(m[2].split(".").pop()!);
  if (inner !== "softmax" && inner !== "sigmoid" && inner !== "log_softmax") return;
  cfg.set("loss", { ...lossV, value: m[1].split(".").pop()! });
  cfg.set("output_activation", {
    ...lossV,
    key: "output_activation",
    value: inner,
    name: `${lossV.name} (the activation inside the loss call)`,
  });
}

const num = (v: ConfigValue | undefined): number | undefined => {
  if (!v) return undefined;
  if (typeof v.value === "number") return Number.isFinite(v.value) ? v.value : undefined;
  if (typeof v.value === "string" && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(v.value)) return Number(v.value);
  return undefined;
};
const str = (v: ConfigValue | undefined): string | undefined => (v && typeof v.value === "string" ? v.value : undefined);
const bool = (v: ConfigValue | undefined): boolean | undefined =>
  v === undefined
    ? undefined
    : typeof v.value === "boolean"
      ? v.value
      : typeof v.value === "string"
        ? /^(true|yes|1)$/i.test(v.value)
        : v.value !== 0;

// ── classification of loss, activation, optimizer ──

export type LossKind = "logits" | "log_probs" | "probs" | "binary_logits" | "binary_probs" | "regression" | "unknown";

/** What a loss name expects as input. Keras' (binary_/sparse_)categorical_crossentropy expect probabilities unless from_logits. */
export function lossKind(name: string, fromLogits?: boolean): LossKind {
  const n = squash(name);
  const binary = /bce|binary|sigmoid/.test(n);
  // A loss named after logits, or after the activation it fuses (softmax_cross_entropy, sigmoid_bce), takes logits.
  if (/logits?/.test(n)) return binary && !n.startsWith("softmax") ? "binary_logits" : "logits";
  if (/^softmax.*(ce|crossentropy|xent)/.test(n)) return "logits";
  if (/^sigmoid.*(ce|crossentropy|xent)/.test(n)) return "binary_logits";
  if (/sigmoidfocal/.test(n)) return "binary_logits";
  if (/softmaxcrossentropy/.test(n)) return "logits";
  if (/nll|negativeloglikelihood/.test(n)) return "log_probs";
  if (/^(bce|binarycrossentropy|logloss)/.test(n)) return fromLogits ? "binary_logits" : "binary_probs";
  if (/^(categoricalcrossentropy|sparsecategoricalcrossentropy)/.test(n)) return fromLogits ? "logits" : "probs";
  if (/crossentropy|^ce$|^celoss$|^xent/.test(n)) return "logits";
  if (/mse|meansquared|l2loss|^l1|mae|mape|meanabsolute|huber|smoothl1|rmse|msle|logcosh/.test(n)) return "regression";
  return "unknown";
}

export type ActivationKindName = "softmax" | "log_softmax" | "sigmoid" | "linear" | "tanh" | "relu" | "unknown";

export function activationName(name: string): ActivationKindName {
  const n = squash(name);
  if (/logsoftmax/.test(n)) return "log_softmax";
  if (/softmax/.test(n)) return "softmax";
  if (/sigmoid|logistic/.test(n)) return "sigmoid";
  if (/^(linear|none|identity|null|logits|no|false)$/.test(n)) return "linear";
  if (/tanh/.test(n)) return "tanh";
  if (/relu/.test(n)) return "relu";
  return "unknown";
}

type OptimizerFamily = "adaptive" | "sgd" | "adagrad" | "adadelta" | "unknown";

function optimizerFamily(name: string): OptimizerFamily {
  const n = squash(name);
  if (/adadelta/.test(n)) return "adadelta";
  if (/adagrad/.test(n)) return "adagrad";
  if (/adam|rmsprop|nadam|lamb|adafactor|radam|lion|adamax/.test(n)) return "adaptive";
  if (/sgd|momentum|nesterov|lars/.test(n)) return "sgd";
  return "unknown";
}

/**
 * Fewer optimizer steps per epoch than this is a smell (seeds/000: batch 32 is a safe default; large
 * batches generalise worse) when the whole training also makes few updates (below
 * MIN_TOTAL_UPDATES, or the epoch count is unknown and an epoch has at most 2 steps): many epochs of
 * a small dataset with a few steps each still give enough updates.
 */
export const MIN_STEPS_PER_EPOCH = 5;
export const MIN_TOTAL_UPDATES = 300;
/** Dropout drop probability at or above this leaves too few units (seeds/002: 20-50 % is usual). */
export const MAX_DROP_PROBABILITY = 0.7;
/** L2 weight decay above this is unusually strong (seeds/000: 1e-3 .. 1e-5 common); AdamW's decoupled decay allows more. */
export const MAX_WEIGHT_DECAY = 1e-2;
export const MAX_DECOUPLED_WEIGHT_DECAY = 0.3;

// ── findings ──

interface Smell {
  symptom: string;
  title: string;
  cause: string;
  /** Confidence of the cause when the outcome is poor. */
  confidence: number;
  why: string;
  evidence: Evidence[];
  /** error instead of warning when poor (definite mismatches that stop learning). */
  severe?: boolean;
  fixes?: string[];
  /** Wrong whatever the curves show (a loss that cannot fit the task, a learning rate ≥ 6 decades off): a warning unless the outcome is good. */
  definite?: boolean;
}

const ev = (v: ConfigValue, note?: string): Evidence => ({ source: "hparam", tag: v.name, value: v.value, ...(note ? { note } : {}) });

function framework(run: TrainingRun, cfg: Map<ConfigKey, ConfigValue>): "mindspore" | "keras" | "pytorch" | "tensorflow" | "unknown" {
  const f = str(cfg.get("framework"))?.toLowerCase() ?? "";
  if (/mindspore/.test(f)) return "mindspore";
  if (/keras/.test(f)) return "keras";
  if (/torch|lightning/.test(f)) return "pytorch";
  if (/tensorflow|tf/.test(f)) return "tensorflow";
  for (const h of run.hparams.values()) if (h.sourceKind === "mindspore_lineage") return "mindspore";
  for (const d of run.dirs) for (const s of d.sources) if (s.format.startsWith("mindspore")) return "mindspore";
  return "unknown";
}

/** Number of classes from the config, or from the loss/accuracy being a classification. */
export function classInfo(
  run: TrainingRun,
  cfg: Map<ConfigKey, ConfigValue>,
): { classes?: number; classifier: boolean; multilabel: boolean } {
  const classes = num(cfg.get("num_classes"));
  const task = str(cfg.get("task"))?.toLowerCase() ?? "";
  const multilabel = /multi.?label/.test(task);
  const hasAccuracy = run.roles.some((r) => r.role === "train_accuracy" || r.role === "val_accuracy");
  const classifier = /class|binary|label/.test(task) || (classes !== undefined && classes >= 2) || hasAccuracy;
  return { classes, classifier: classifier && !/regress/.test(task), multilabel };
}

function lossSmells(run: TrainingRun, cfg: Map<ConfigKey, ConfigValue>): Smell[] {
  const lossV = cfg.get("loss");
  const loss = str(lossV);
  if (!loss || !lossV) return [];
  const fromLogits = bool(cfg.get("from_logits"));
  const lk = lossKind(loss, fromLogits);
  const outV = cfg.get("output_activation") ?? cfg.get("activation");
  const explicitOut = cfg.has("output_activation");
  const out = outV ? activationName(String(outV.value)) : undefined;
  const { classes, classifier, multilabel } = classInfo(run, cfg);
  const smells: Smell[] = [];
  const pair = (extra?: Evidence[]) => [ev(lossV), ...(outV ? [ev(outV)] : []), ...(extra ?? [])];
  if (out !== undefined && outV && (explicitOut || out === "softmax" || out === "sigmoid" || out === "log_softmax")) {
    if ((lk === "logits" || lk === "binary_logits") && (out === "softmax" || out === "sigmoid" || out === "log_softmax")) {
      smells.push({
        symptom: "config_loss_activation_mismatch",
        cause: "wrong_loss_function",
        confidence: T.confConfigChecksWrongLossFunction08.value,
        severe: true,
        definite: true,
        title: `${outV.value} output followed by ${loss}, a loss that applies ${lk === "logits" ? "softmax" : "sigmoid"} itself`,
        why: `${loss} expects raw logits; a ${outV.value} before it squashes them twice, so the loss cannot go far below its start and gradients shrink`,
        evidence: pair(),
        fixes: [
          "Remove the final softmax/sigmoid and feed the logits to the loss",
          `Or keep the activation and use the matching probability loss (${lk === "logits" ? "NLLLoss after log_softmax" : "BCELoss"})`,
        ],
      });
    } else if (lk === "log_probs" && out !== "log_softmax") {
      smells.push({
        symptom: "config_loss_activation_mismatch",
        cause: "wrong_loss_function",
        confidence:
          out === "softmax" || out === "linear"
            ? T.confConfigChecksWrongLossFunction075.value
            : T.confConfigChecksWrongLossFunction05.value,
        severe: true,
        // on probabilities the "log-likelihood" is −p: it is no likelihood whatever the curves show
        definite: out === "softmax",
        title: `${loss} needs log-probabilities but the output activation is ${outV.value}`,
        why: `${loss} takes log_softmax outputs; on ${out === "softmax" ? "probabilities" : "raw outputs"} its value can go negative and it does not train the right objective`,
        evidence: pair(),
        fixes: ["Use log_softmax as the output activation", "Or use CrossEntropyLoss on the logits"],
      });
    } else if ((lk === "probs" || lk === "binary_probs") && (out === "linear" || out === "relu" || out === "tanh")) {
      smells.push({
        symptom: "config_loss_activation_mismatch",
        cause: "wrong_loss_function",
        confidence: T.confConfigChecksWrongLossFunction075.value,
        severe: true,
        title: `Probability loss ${loss} on a ${outV.value} output`,
        why: `${loss} expects probabilities in [0, 1]; a ${outV.value} output gives values outside, so log(0)/log(negative) gives NaN or a wrong objective`,
        evidence: pair(),
        fixes: [
          "Pass from_logits=True (or use the logits version of the loss)",
          `Or add ${lk === "binary_probs" ? "a sigmoid" : "a softmax"} output`,
        ],
      });
    } else if (lk === "probs" && out === "sigmoid" && classes !== undefined && classes > 2 && !multilabel) {
      smells.push({
        symptom: "config_loss_activation_mismatch",
        cause: "wrong_output_activation",
        confidence: T.confConfigChecksWrongOutputActivation06.value,
        title: `Sigmoid output with categorical ${loss} over ${classes} classes`,
        why: "one-of-C classes need a softmax (or logits); independent sigmoids do not sum to one",
        evidence: pair([ev(cfg.get("num_classes")!)]),
        fixes: ["Use a softmax output or logits with from_logits=True"],
      });
    }
  }
  if (lk === "regression" && classifier) {
    const cv = cfg.get("num_classes");
    // a softmax output or an accuracy metric makes the task certain: such a loss cannot fit it
    const certain = out === "softmax" || run.roles.some((r) => r.role === "train_accuracy" || r.role === "val_accuracy");
    smells.push({
      symptom: "config_loss_task_mismatch",
      cause: "wrong_loss_function",
      confidence: certain ? T.confConfigChecksWrongLossFunction075.value : T.confConfigChecksWrongLossFunction06.value,
      definite: certain,
      title: `Regression loss ${loss} for a classifier${classes ? ` with ${classes} classes` : ""}`,
      why: "mean-squared/absolute error on class labels gives weak gradients for confident mistakes and trains slowly; cross-entropy is the classification loss",
      evidence: [ev(lossV), ...(cv ? [ev(cv)] : [{ source: "run" as const, note: "the run logs an accuracy metric" }])],
      fixes: ["Use cross-entropy on logits (CrossEntropyLoss / SparseCategoricalCrossentropy(from_logits=True))"],
    });
  }
  if ((lk === "binary_probs" || lk === "binary_logits") && classes !== undefined && classes > 2 && !multilabel) {
    smells.push({
      symptom: "config_loss_task_mismatch",
      cause: "wrong_loss_function",
      confidence: T.confConfigChecksWrongLossFunction065.value,
      severe: true,
      title: `Binary loss ${loss} with ${classes} classes`,
      why: "a binary cross-entropy treats each output as an independent yes/no; for one-of-C labels use categorical cross-entropy",
      evidence: [ev(lossV), ev(cfg.get("num_classes")!)],
      fixes: ["Use (sparse) categorical cross-entropy / CrossEntropyLoss", "Keep BCE only for multi-label targets"],
    });
  }
  if (out === "softmax" && outV && (classes === 1 || num(cfg.get("num_classes")) === 1)) {
    smells.push({
      symptom: "config_output_activation",
      cause: "wrong_output_activation",
      confidence: T.confConfigChecksWrongOutputActivation08.value,
      severe: true,
      title: "Softmax over a single output unit",
      why: "a softmax over one unit is always 1, so the model cannot learn",
      evidence: [ev(outV), ev(cfg.get("num_classes")!)],
      fixes: ["Use a sigmoid (or logits with BCEWithLogits) for one output"],
    });
  }
  return smells;
}

function learningRateSmells(run: TrainingRun, cfg: Map<ConfigKey, ConfigValue>): Smell[] {
  let lrV = cfg.get("learning_rate");
  let lr = num(lrV);
  if (lr === undefined) {
    // Fall back to the logged learning-rate scalar's largest value.
    const key = run.roles.find((r) => r.role === "learning_rate" && r.kind === "scalar")?.key;
    if (key) {
      for (const d of run.dirs)
        for (const [tag, s] of d.scalars) {
          if (tag !== key && !key.endsWith("/" + tag)) continue;
          let m = -Infinity;
          for (const v of s.values) if (Number.isFinite(v) && v > m) m = v;
          if (m > 0) {
            lr = m;
            lrV = { key: "learning_rate", value: m, name: key, source: "scalar", sourceKind: "scalar" };
          }
        }
    }
  }
  if (lr === undefined || !lrV || !(lr > 0)) return [];
  const optV = cfg.get("optimizer");
  const opt = optV ? String(optV.value) : undefined;
  const [lo, hi] = optimizerRange(opt).range;
  const evidence = [ev(lrV, `usual range for ${opt ?? "an unknown optimizer"}: ${lo}..${hi}`), ...(optV ? [ev(optV)] : [])];
  const definite = Math.abs(lrDecadesOff(lr, [lo, hi])) >= T.lrDecadesDefinite.value;
  if (lr > hi) {
    return [
      {
        symptom: "config_learning_rate",
        cause: "learning_rate_too_high",
        confidence:
          lr > T.confConfigChecksLearningRateTooHigh10.value * hi
            ? T.confConfigChecksLearningRateTooHigh07.value
            : T.confConfigChecksLearningRateTooHigh035.value,
        definite,
        title: `Learning rate ${lr} is above the usual range for ${opt ?? "this optimizer"} (${lo}..${hi})`,
        why: `${opt ?? "the optimizer"} usually trains with ${lo}..${hi}; ${lr} is ${(lr / hi).toPrecision(2)}x the upper end`,
        evidence,
      },
    ];
  }
  if (lr < lo) {
    return [
      {
        symptom: "config_learning_rate",
        cause: "learning_rate_too_low",
        confidence:
          lr < lo / T.confConfigChecksLearningRateTooLow10.value
            ? T.confConfigChecksLearningRateTooLow07.value
            : T.confConfigChecksLearningRateTooLow035.value,
        definite,
        title: `Learning rate ${lr} is below the usual range for ${opt ?? "this optimizer"} (${lo}..${hi})`,
        why: `${opt ?? "the optimizer"} usually trains with ${lo}..${hi}; ${lr} is ${(lo / lr).toPrecision(2)}x below the lower end`,
        evidence,
      },
    ];
  }
  return [];
}

function batchSmells(cfg: Map<ConfigKey, ConfigValue>): Smell[] {
  const bsV = cfg.get("batch_size"),
    nV = cfg.get("dataset_size");
  const bs = num(bsV),
    n = num(nV),
    epochs = num(cfg.get("epochs"));
  const out: Smell[] = [];
  if (bs !== undefined && n !== undefined && bsV && nV && bs > 0 && n > 0) {
    const steps = Math.ceil(n / bs);
    const fewUpdates = epochs !== undefined ? steps * epochs < MIN_TOTAL_UPDATES : steps <= 2;
    if (steps < MIN_STEPS_PER_EPOCH && fewUpdates) {
      out.push({
        symptom: "config_few_steps_per_epoch",
        cause: "batch_size_too_large",
        confidence: steps <= 2 ? T.confConfigChecksBatchSizeTooLarge065.value : T.confConfigChecksBatchSizeTooLarge05.value,
        title: `Batch size ${bs} with ${n} samples gives only ${steps} optimizer step${steps === 1 ? "" : "s"} per epoch`,
        why: `${steps} update${steps === 1 ? "" : "s"} per pass over the data (fewer than ${MIN_STEPS_PER_EPOCH})${epochs !== undefined ? `, ${steps * epochs} in the whole training` : ""}; large batches also generalise worse`,
        evidence: [
          ev(bsV),
          ev(nV, `steps per epoch = ceil(${n} / ${bs}) = ${steps}`),
          ...(cfg.get("epochs") ? [ev(cfg.get("epochs")!)] : []),
        ],
      });
    }
  }
  if (bs !== undefined && bsV && bs > 0 && bs <= 2) {
    out.push({
      symptom: "config_tiny_batch",
      cause: "batch_size_too_small",
      confidence: T.confConfigChecksBatchSizeTooSmall04.value,
      title: `Batch size ${bs}: very noisy gradients`,
      why: "one or two samples per step give very noisy updates and unreliable BatchNorm statistics",
      evidence: [ev(bsV)],
    });
  }
  return out;
}

function epochSmells(cfg: Map<ConfigKey, ConfigValue>, stillImproving?: boolean): Smell[] {
  if (!stillImproving) return [];
  const eV = cfg.get("epochs") ?? cfg.get("max_steps");
  if (!eV) return [];
  return [
    {
      symptom: "config_too_few_epochs",
      cause: "too_few_epochs",
      confidence: T.confConfigChecksTooFewEpochs06.value,
      title: `Training stopped after ${eV.value} ${eV.key === "epochs" ? "epochs" : "steps"} while the curves were still improving`,
      why: `the configured ${eV.name}=${eV.value} ended training before the loss/metrics levelled off`,
      evidence: [ev(eV)],
    },
  ];
}

function regularizationSmells(run: TrainingRun, cfg: Map<ConfigKey, ConfigValue>): Smell[] {
  const out: Smell[] = [];
  const dV = cfg.get("dropout"),
    kV = cfg.get("keep_prob");
  const fw = framework(run, cfg);
  const d = num(dV),
    k = num(kV);
  if (dV && d !== undefined && d >= MAX_DROP_PROBABILITY && d < 1) {
    const trap =
      fw === "mindspore"
        ? `; in MindSpore's Dropout the argument was keep_prob, so ${d} may mean keeping ${d * 100}% (check which one the code passes)`
        : "";
    out.push({
      symptom: "config_regularization",
      cause: "regularization_too_strong",
      confidence:
        fw === "mindspore" ? T.confConfigChecksRegularizationTooStrong035.value : T.confConfigChecksRegularizationTooStrong05.value,
      title: `Dropout ${d}: ${Math.round(d * 100)}% of units dropped`,
      why: `a drop probability of ${d} leaves ${Math.round((1 - d) * 100)}% of the units; 0.2-0.5 is usual${trap}`,
      evidence: [ev(dV)],
    });
  }
  if (kV && k !== undefined && k > 0 && k <= 1 - MAX_DROP_PROBABILITY) {
    out.push({
      symptom: "config_regularization",
      cause: "regularization_too_strong",
      confidence: T.confConfigChecksRegularizationTooStrong05.value,
      title: `keep_prob ${k}: only ${Math.round(k * 100)}% of units kept`,
      why: `keep_prob is the share kept (1 − drop probability); ${k} is a drop probability of ${1 - k}`,
      evidence: [ev(kV)],
    });
  }
  const wV = cfg.get("weight_decay"),
    w = num(wV);
  const decoupled = /adamw/i.test(String(cfg.get("optimizer")?.value ?? ""));
  if (wV && w !== undefined && w > (decoupled ? MAX_DECOUPLED_WEIGHT_DECAY : MAX_WEIGHT_DECAY)) {
    out.push({
      symptom: "config_regularization",
      cause: "regularization_too_strong",
      confidence: T.confConfigChecksRegularizationTooStrong045.value,
      title: `Weight decay ${w} is unusually strong`,
      why: `common values are 1e-3..1e-5${decoupled ? " (decoupled AdamW decay up to ~0.1)" : ""}`,
      evidence: [ev(wV)],
    });
  }
  return out;
}

function optimizerSmells(cfg: Map<ConfigKey, ConfigValue>): Smell[] {
  const out: Smell[] = [];
  const optV = cfg.get("optimizer");
  const opt = optV ? String(optV.value) : "";
  const mV = cfg.get("momentum"),
    m = num(mV);
  if (optV && /^sgd$/i.test(opt.trim()) && mV && m === 0) {
    out.push({
      symptom: "config_optimizer",
      cause: "optimizer_unsuitable",
      confidence: T.confConfigChecksOptimizerUnsuitable035.value,
      title: "Plain SGD without momentum",
      why: "SGD without momentum makes slow progress on most networks; momentum 0.9 or Adam is the usual baseline",
      evidence: [ev(optV), ev(mV)],
    });
  }
  if (mV && m !== undefined && m >= 0.999 && optimizerFamily(opt) !== "adaptive") {
    out.push({
      symptom: "config_optimizer",
      cause: "optimizer_unsuitable",
      confidence: T.confConfigChecksOptimizerUnsuitable04.value,
      title: `Momentum ${m} is extremely high`,
      why: "momentum ≥ 0.999 makes the update ignore the current gradient and oscillate; 0.9 is usual",
      evidence: [ev(mV)],
    });
  }
  const eV = cfg.get("epsilon"),
    e = num(eV);
  if (eV && e !== undefined && optimizerFamily(opt) === "adaptive" && e > 1e-2) {
    out.push({
      symptom: "config_optimizer",
      cause: "optimizer_unsuitable",
      confidence: T.confConfigChecksOptimizerUnsuitable035.value,
      title: `Adam epsilon ${e} is very large`,
      why: "an epsilon this large turns Adam into a slowed-down SGD (defaults: 1e-8, Keras 1e-7)",
      evidence: [ev(eV)],
    });
  }
  return out;
}

function causeOf(s: Smell): Cause {
  const kb = knowledgeEntry(`cause.${s.cause}`);
  return {
    code: s.cause,
    confidence: s.confidence,
    why: s.why,
    evidence: s.evidence,
    fixes: s.fixes ?? kb?.fixes ?? [],
    checklist: checklistFor(s.cause),
  };
}

/**
 * Findings from the run's logged configuration. With `outcome.poor` false a smell is an `info`
 * finding (its would-be cause under `potentialCause`); with `outcome.poor` true it is a warning
 * (error for loss/activation mismatches that stop learning) with the cause. Runs without a logged
 * configuration give no findings.
 */
export function configFindings(run: TrainingRun, outcome: { poor: boolean; stillImproving?: boolean }): Finding[] {
  if (run.hparams.size === 0 && !run.roles.some((r) => r.role === "learning_rate")) return [];
  const cfg = normalizeConfig(run);
  const smells = [
    ...lossSmells(run, cfg),
    ...learningRateSmells(run, cfg),
    ...batchSmells(cfg),
    ...epochSmells(cfg, outcome.stillImproving),
    ...regularizationSmells(run, cfg),
    ...optimizerSmells(cfg),
  ];
  return smells.map((s): Finding => {
    const severity: Severity = outcome.poor ? (s.severe ? "error" : "warning") : "info";
    const base: Finding = {
      run: run.name,
      symptom: s.symptom,
      severity,
      title: outcome.poor ? s.title : `${s.title} (configuration risk; the outcome does not show a problem)`,
      steps: [],
      evidence: s.evidence,
      causes: outcome.poor ? [causeOf(s)] : [],
    };
    if (!outcome.poor) base.potentialCause = s.cause;
    if (s.definite) base.definite = true;
    return base;
  });
}

// ── comparing two configurations ──

export interface ConfigDifference {
  /** Canonical key when both names map to one, else the hparam name. */
  key: string;
  nameA?: string;
  nameB?: string;
  a?: HParamValue;
  b?: HParamValue;
  kind: "changed" | "only_a" | "only_b" | "trap";
  /** Set when the difference (or an apparent sameness) is a known framework-default trap. */
  trap?: string;
}

function sameValue(x: HParamValue, y: HParamValue): boolean {
  if (typeof x === "number" && typeof y === "number") return x === y || Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y));
  if (typeof x === "string" && typeof y === "string") return squash(x) === squash(y);
  const nx = typeof x === "string" ? Number(x) : x,
    ny = typeof y === "string" ? Number(y) : y;
  if (typeof nx === "number" && typeof ny === "number" && Number.isFinite(nx) && Number.isFinite(ny)) return sameValue(nx, ny);
  return String(x) === String(y);
}

const close = (x: number, y: number) => Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(x), Math.abs(y));

/** Every configuration difference between a reference run `a` and a new run `b`, with framework-default traps noted. */
export function compareConfigs(a: TrainingRun, b: TrainingRun): ConfigDifference[] {
  const ca = normalizeConfig(a),
    cb = normalizeConfig(b);
  const fa = framework(a, ca),
    fb = framework(b, cb);
  const out: ConfigDifference[] = [];
  const usedA = new Set<string>(),
    usedB = new Set<string>();
  for (const v of ca.values()) usedA.add(v.name);
  for (const v of cb.values()) usedB.add(v.name);
  const keys = new Set<ConfigKey>([...ca.keys(), ...cb.keys()]);
  for (const key of keys) {
    const va = ca.get(key),
      vb = cb.get(key);
    if (va && vb) {
      const trap = valueTrap(key, va, vb, fa, fb);
      if (!sameValue(va.value, vb.value))
        out.push({ key, nameA: va.name, nameB: vb.name, a: va.value, b: vb.value, kind: "changed", ...(trap ? { trap } : {}) });
      else if (trap) out.push({ key, nameA: va.name, nameB: vb.name, a: va.value, b: vb.value, kind: "trap", trap });
    } else {
      const v = (va ?? vb)!;
      const trap = missingTrap(key, v, va ? fb : fa);
      out.push({
        key,
        ...(va ? { nameA: va.name, a: va.value, kind: "only_a" as const } : { nameB: vb!.name, b: vb!.value, kind: "only_b" as const }),
        ...(trap ? { trap } : {}),
      });
    }
  }
  // dropout (drop probability) on one side, keep_prob on the other
  const dA = num(ca.get("dropout")),
    kB = num(cb.get("keep_prob")),
    kA = num(ca.get("keep_prob")),
    dB = num(cb.get("dropout"));
  for (const [d, k, dn, kn, dSide] of [
    [dA, kB, ca.get("dropout")?.name, cb.get("keep_prob")?.name, "a"],
    [dB, kA, cb.get("dropout")?.name, ca.get("keep_prob")?.name, "b"],
  ] as const) {
    if (d === undefined || k === undefined) continue;
    const note = close(d, 1 - k)
      ? `keep vs drop probability: ${kn}=${k} keeps ${k * 100}% = ${dn}=${d} drop probability; the same setting`
      : `keep vs drop probability: ${kn}=${k} is a drop probability of ${+(1 - k).toFixed(6)}, not ${d}`;
    for (const diff of out)
      if (
        (diff.key === "dropout" || diff.key === "keep_prob") &&
        (dSide === "a" ? diff.nameA === dn || diff.nameB === kn : diff.nameB === dn || diff.nameA === kn)
      )
        diff.trap = note;
  }
  // raw names that did not normalise: compare by name
  const rawA = new Map<string, HParam>(),
    rawB = new Map<string, HParam>();
  for (const h of a.hparams.values()) if (!usedA.has(h.name)) rawA.set(h.name, h);
  for (const h of b.hparams.values()) if (!usedB.has(h.name)) rawB.set(h.name, h);
  for (const name of new Set([...rawA.keys(), ...rawB.keys()])) {
    const ha = rawA.get(name),
      hb = rawB.get(name);
    if (ha && hb) {
      if (!sameValue(ha.value, hb.value)) out.push({ key: name, nameA: name, nameB: name, a: ha.value, b: hb.value, kind: "changed" });
    } else if (ha) out.push({ key: name, nameA: name, a: ha.value, kind: "only_a" });
    else out.push({ key: name, nameB: name, b: hb!.value, kind: "only_b" });
  }
  // learning rate vs batch size (linear scaling rule)
  const lrA = num(ca.get("learning_rate")),
    lrB = num(cb.get("learning_rate")),
    bsA = num(ca.get("batch_size")),
    bsB = num(cb.get("batch_size"));
  if (lrA && lrB && bsA && bsB && !close(bsA, bsB) && !close(lrA / bsA, lrB / bsB)) {
    const d = out.find((x) => x.key === "batch_size");
    const note = `batch size changed ${bsA} → ${bsB} but learning rate / batch size changed ${+(lrA / bsA).toPrecision(3)} → ${+(lrB / bsB).toPrecision(3)}; the linear scaling rule keeps it constant (lr ${+((lrA * bsB) / bsA).toPrecision(3)} for batch ${bsB})`;
    if (d) d.trap = d.trap ? `${d.trap}; ${note}` : note;
  }
  const order = (d: ConfigDifference) => (d.trap ? 0 : 1);
  return out.sort((x, y) => order(x) - order(y) || x.key.localeCompare(y.key));
}

function valueTrap(key: ConfigKey, va: ConfigValue, vb: ConfigValue, fa: string, fb: string): string | undefined {
  const x = num(va),
    y = num(vb);
  if (key === "bn_momentum" && x !== undefined && y !== undefined) {
    if (close(x, 1 - y) && !close(x, y))
      return `BatchNorm momentum ${x} vs ${y}: MindSpore/TensorFlow/Keras give the running-average decay (0.9), PyTorch the weight of the new batch (0.1); ${x} and ${y} are the same setting if the two runs use different frameworks${fa !== fb && fa !== "unknown" && fb !== "unknown" ? ` (${fa} vs ${fb})` : ""}`;
    if (close(x, y) && fa !== fb && fa !== "unknown" && fb !== "unknown" && (fa === "pytorch" || fb === "pytorch"))
      return `BatchNorm momentum ${x} in both runs, but ${fa} and ${fb} define it oppositely (decay vs new-batch weight): the effective settings differ (${x} vs ${+(1 - x).toFixed(6)})`;
  }
  if (key === "dropout" && x !== undefined && y !== undefined) {
    if (close(x, 1 - y) && !close(x, y))
      return `dropout ${x} vs ${y}: one may be a keep probability (MindSpore's Dropout keep_prob) and the other a drop probability; check the argument each framework takes`;
    if (close(x, y) && (fa === "mindspore") !== (fb === "mindspore") && fa !== "unknown" && fb !== "unknown")
      return `dropout ${x} in both runs, but MindSpore's Dropout took keep_prob while ${fa === "mindspore" ? fb : fa} takes the drop probability`;
  }
  if (key === "epsilon" && x !== undefined && y !== undefined && !close(x, y))
    return `optimizer epsilon ${x} vs ${y}: framework defaults differ (PyTorch/MindSpore Adam 1e-8, Keras 1e-7); it changes the effective step size of small-gradient parameters`;
  if (key === "weight_init" && !sameValue(va.value, vb.value))
    return "weight initialisation differs: Xavier suits tanh/sigmoid, Kaiming suits ReLU; framework defaults differ too (checklist wi.05, api.01)";
  if (key === "keep_prob" && x !== undefined && y !== undefined && !close(x, y))
    return `keep_prob ${x} vs ${y}: drop probabilities ${+(1 - x).toFixed(6)} vs ${+(1 - y).toFixed(6)}`;
  return undefined;
}

function missingTrap(key: ConfigKey, v: ConfigValue, otherFramework: string): string | undefined {
  const other = otherFramework === "unknown" ? "the other run's framework" : otherFramework;
  switch (key) {
    case "weight_init":
      return `the other run does not record its initialisation, so ${other}'s default applies (MindSpore Conv2d/Dense: Normal(0, 0.01) or TruncatedNormal, no Conv2d bias; PyTorch: Kaiming-uniform with bias) — checklist wi.05`;
    case "epsilon":
      return `the other run uses ${other}'s default epsilon (PyTorch/MindSpore 1e-8, Keras 1e-7)`;
    case "bn_momentum":
      return `the other run uses ${other}'s default BatchNorm momentum (0.9 decay in MindSpore/TF/Keras = 0.1 new-batch weight in PyTorch; Keras 0.99)`;
    case "dropout":
    case "keep_prob":
      return `the other run does not record dropout; check whether its code passes a keep or a drop probability (${v.name}=${v.value})`;
    case "momentum":
      return `the other run uses ${other}'s default momentum (PyTorch SGD 0, MindSpore Momentum requires one)`;
    default:
      return undefined;
  }
}
