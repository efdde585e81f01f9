// Practical learning-rate ranges of the named optimizers and their framework defaults (Keras /
// PyTorch documentation defaults; the ranges are the spans commonly used in practice around
// them: seeds/000 "0.01 suits most networks", seeds/002 Adam's default 0.001, seeds/003 Momentum
// 1e-2). `lrPosition` says how many decades a learning rate lies outside its optimizer's range.
import { squash } from "./hparam_aliases.ts";

export interface OptimizerRange {
  /** Display name of the family. */
  name: string;
  /** Defaults: Keras, PyTorch (when they differ). */
  defaults: number[];
  range: [number, number];
}

// name patterns are tested on the squashed optimizer name, most specific first
const TABLE: [RegExp, OptimizerRange][] = [
  [/adadelta/, { name: "Adadelta", defaults: [1e-3, 1.0], range: [1e-2, 10] }],
  [/adagrad/, { name: "Adagrad", defaults: [1e-3, 1e-2], range: [1e-3, 1.0] }],
  [/adamw|adamweightdecay/, { name: "AdamW", defaults: [1e-3], range: [1e-6, 1e-2] }],
  [/adamax/, { name: "Adamax", defaults: [1e-3, 2e-3], range: [1e-5, 2e-2] }],
  [/nadam/, { name: "Nadam", defaults: [1e-3, 2e-3], range: [1e-5, 2e-2] }],
  [/lion/, { name: "Lion", defaults: [1e-4], range: [1e-6, 1e-3] }],
  [/adafactor/, { name: "Adafactor", defaults: [1e-3], range: [1e-5, 1e-1] }],
  [/lamb|lars/, { name: "LAMB/LARS", defaults: [1e-3], range: [1e-5, 10] }],
  [/ftrl/, { name: "Ftrl", defaults: [1e-3], range: [1e-4, 1.0] }],
  [/adam|amsgrad|radam/, { name: "Adam", defaults: [1e-3], range: [1e-5, 1e-2] }],
  [/rmsprop/, { name: "RMSprop", defaults: [1e-3, 1e-2], range: [1e-5, 1e-2] }],
  [/sgd|momentum|nesterov|gradientdescent/, { name: "SGD", defaults: [1e-2], range: [1e-4, 1.0] }],
];

const UNKNOWN: OptimizerRange = { name: "an unknown optimizer", defaults: [], range: [1e-6, 1.0] };

export function optimizerRange(optimizer: string | undefined): OptimizerRange {
  if (!optimizer) return UNKNOWN;
  const n = squash(optimizer);
  for (const [re, r] of TABLE) if (re.test(n)) return r;
  return UNKNOWN;
}

/** Decades below (negative) or above (positive) the range; 0 inside it. */
export function lrDecadesOff(lr: number, range: [number, number]): number {
  if (!(lr > 0)) return -Infinity;
  if (lr < range[0]) return -Math.log10(range[0] / lr);
  if (lr > range[1]) return Math.log10(lr / range[1]);
  return 0;
}
