// The description of one zoo run (what is trained, how, which fault is injected, how it is
// logged). labels.json stores these fields for every run.

import type { DatasetName } from "./datasets.ts";
import type { ModelSpec } from "./models.ts";

export type FaultCode =
  | "learning_rate_too_high"
  | "learning_rate_too_low"
  | "numerical_instability"
  | "weight_init_zero"
  | "weight_init_too_large"
  | "vanishing_gradient"
  | "exploding_gradient"
  | "dead_relu"
  | "weights_frozen"
  | "input_not_normalized"
  | "label_noise"
  | "data_not_shuffled"
  | "overfitting"
  | "class_imbalance"
  | "wrong_loss_function"
  | "repeated_batch"
  | "too_few_epochs"
  | "batch_size_too_large";

export type Convention = "pytorch" | "lightning" | "keras" | "add_scalars" | "csv";
export type Level = "scalars" | "full";
export type OptimizerName = "sgd" | "momentum" | "adam" | "rmsprop" | "adagrad";
export type Schedule = "constant" | "step" | "cosine" | "exponential" | "warmup";

/** Loss as computed in the training loop (some are deliberately broken by faults). */
export type LossKind =
  | "softmax_ce" // tf.losses.softmaxCrossEntropy on logits (correct)
  | "sigmoid_bce" // tf.losses.sigmoidCrossEntropy on logits, binary (correct)
  | "mse" // mean squared error (regression)
  | "bce_log_no_eps" // hand-written -[y log p + (1-y) log(1-p)], p = sigmoid(z), no epsilon
  | "ce_log_no_eps" // hand-written -Σ y log softmax(z), no epsilon
  | "ce_mean_over_positives" // Σ ce·[y=1] / Σ [y=1]: 0/0 when a batch holds no positive
  | "msle_no_clip" // mean (log(1+ŷ) - log(1+y))², no clipping of ŷ or y
  | "softmax_then_logits_ce" // probabilities fed to a loss that expects logits
  | "sigmoid_then_logits_bce";

export interface RunSpec {
  id: string;
  fault: FaultCode | "healthy";
  variant: string;
  seed: number;
  dataset: DatasetName;
  classes: number;
  nTrain: number;
  nVal: number;
  dataNoise?: number;
  model: ModelSpec;
  optimizer: OptimizerName;
  lr: number;
  schedule: Schedule;
  batchSize: number;
  epochs: number;
  loss: LossKind;
  earlyStoppingPatience?: number;
  // fault knobs
  inputScale?: number;
  inputOffset?: number;
  labelNoiseFraction?: number;
  sortByClass?: boolean;
  /** Fraction of the majority class (binary) or of class 0 (multi-class). */
  majorityFraction?: number;
  repeatBatch?: "first" | "fixed_random";
  frozenLayer?: string;
  /** "optimizer_step_missing": gradients are computed every step but never applied (no layer changes). */
  frozenMode?: "trainable_false" | "left_out_of_update" | "optimizer_step_missing";
  /** The fault shows only in weight/gradient/activation logs: the run is logged at level "full". */
  needsTensorLogs?: boolean;
  /** Learning-rate multiplier for the very first step (a huge warm-up step). */
  firstStepLrMultiplier?: number;
  convention: Convention;
  level: Level;
  /** Steps between histogram collections at level "full" (first at step 0). */
  collectFreq: number;
  /** pytorch convention: x axis of epoch-level scalars ("epoch" or "global_step"). */
  epochAxis?: "epoch" | "global_step";
  /** lightning convention: also write metrics.csv (CSVLogger) beside the events. */
  lightningCsv?: boolean;
}
