// What the configured loss says about the numbers it can produce, read from the run's logged
// configuration (`loss`, `output_activation`): whether it stays finite for any finite model
// output, and whether it fits the output it is given (a fitting loss starts a classifier near ln C).
import { activationName, lossKind } from "../config_checks.ts";
import { squash } from "../hparam_aliases.ts";
import { hparamFor, hparamStringFor } from "../signals/run_view.ts";
import type { RunSignals } from "../signals/index.ts";

/** A loss written as a call (`CrossEntropyLoss(softmax(x))`, `-log(exp(z)/sum(exp(z)))`) is not a plain built-in. */
function plainLoss(s: RunSignals): string | undefined {
  const name = hparamStringFor(s.view, "loss");
  return name && !/[()]/.test(name) ? name : undefined;
}

/** Keras' `from_logits` when logged (a probability-named loss then takes logits). */
function fromLogits(s: RunSignals): boolean | undefined {
  const v = hparamFor(s.view, "from_logits")?.value;
  if (v === undefined || v === null) return undefined;
  return typeof v === "boolean" ? v : typeof v === "string" ? /^(true|yes|1)$/i.test(v.trim()) : v !== 0;
}

function outputActivation(s: RunSignals): ReturnType<typeof activationName> {
  const out = hparamStringFor(s.view, "output_activation");
  return out ? activationName(out) : "linear";
}

/**
 * The configured loss is a plain built-in that stays finite for finite inputs: cross-entropy that
 * takes logits (no squashing output before it) or a squared or absolute error (a logarithmic or
 * percentage error takes log(y) or divides by y: not safe).
 */
export function safeLoss(s: RunSignals): boolean {
  const name = plainLoss(s);
  if (!name) return false;
  const act = outputActivation(s);
  const kind = lossKind(name, fromLogits(s));
  if (kind === "regression") return act === "linear" && !/log|msle|mape|percent/i.test(name);
  return (kind === "logits" || kind === "binary_logits") && act === "linear";
}

/**
 * The configured classification loss fits the output it is given: a logits loss on a linear
 * output, a probability loss on a softmax/sigmoid output, a log-probability loss on a log-softmax.
 * Such a loss starts a freshly initialised classifier near ln C; a mismatched one (a probability
 * loss on raw outputs) starts far above it by construction.
 */
export function lossFitsOutput(s: RunSignals): boolean {
  const name = plainLoss(s);
  if (!name) return false;
  const act = outputActivation(s);
  switch (lossKind(name, fromLogits(s))) {
    case "logits":
    case "binary_logits":
      return act === "linear";
    case "probs":
      return act === "softmax";
    case "binary_probs":
      return act === "sigmoid";
    case "log_probs":
      return act === "log_softmax";
    default:
      return false;
  }
}

/**
 * The configured classification loss is known and does not fit its output (a probability loss on
 * raw outputs, a logits loss after a softmax): its values misstate the predictions (clipped
 * probabilities, a squashed softmax), so a rise of the validation loss says little about them.
 */
export function lossMisfitsOutput(s: RunSignals): boolean {
  const name = plainLoss(s);
  if (!name || !hparamStringFor(s.view, "output_activation")) return false;
  const kind = lossKind(name, fromLogits(s));
  return kind !== "regression" && kind !== "unknown" && !lossFitsOutput(s);
}

/**
 * The family of the configured loss: "cross_entropy" (any log-likelihood of classes), "regression"
 * (a squared, absolute or percentage error), or undefined when no loss is logged or its name says
 * neither.
 */
export function configuredLossFamily(s: RunSignals): "cross_entropy" | "regression" | undefined {
  const name = hparamStringFor(s.view, "loss");
  if (!name) return undefined;
  const kind = lossKind(name, fromLogits(s));
  return kind === "regression" ? "regression" : kind === "unknown" ? undefined : "cross_entropy";
}

/** The configured loss is a plain mean squared or mean absolute error (not a percentage or logarithmic one). */
export function errorLossKind(s: RunSignals): "squared" | "absolute" | null {
  const name = plainLoss(s);
  if (!name) return null;
  const n = squash(name.trim());
  if (/^(mse|meansquarederror|l2|l2loss|mseloss|squarederror)$/.test(n)) return "squared";
  if (/^(mae|meanabsoluteerror|l1|l1loss|absoluteerror)$/.test(n)) return "absolute";
  return null;
}

/** The configured loss is a mean absolute percentage error (Keras `mape`, torchmetrics `MeanAbsolutePercentageError`). */
export function percentageLossName(s: RunSignals): string | null {
  const name = plainLoss(s);
  if (!name) return null;
  return /^(mape|meanabsolutepercentageerror|meanabsolutepercentageerrorloss|mapeloss)$/.test(squash(name.trim())) ? name : null;
}

/** The output range of a bounded output activation (sigmoid, tanh); undefined for an unbounded one. */
const OUTPUT_RANGE: Partial<Record<ReturnType<typeof activationName>, [number, number]>> = {
  sigmoid: [0, 1],
  tanh: [-1, 1],
};

/**
 * A squared or absolute error (mean over samples) on a bounded output: the largest value it can
 * take while every target lies in the output's range — the range's width for an absolute error,
 * its square for a squared one. A loss that never falls below it proves targets outside the range
 * (unless the logged loss is summed over a batch or carries a regularisation term).
 */
export function boundedOutputErrorLimit(
  s: RunSignals,
): { limit: number; activation: string; range: [number, number]; loss: string; squared: boolean } | null {
  const name = plainLoss(s);
  const out = hparamStringFor(s.view, "output_activation");
  if (!name || !out) return null;
  const range = OUTPUT_RANGE[activationName(out)];
  if (!range) return null;
  const kind = errorLossKind(s);
  if (!kind) return null;
  const squared = kind === "squared";
  const width = range[1] - range[0];
  return { limit: squared ? width * width : width, activation: out, range, loss: name, squared };
}
