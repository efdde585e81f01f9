// Cause records: the fixes for every cause code of the spec (in the order to try them, after
// the seeds, AUTOTRAINER's repair order and DeepDiagnosis' probes) and the checklist ids the
// knowledge base attaches to each cause or symptom.
import type { Cause, Evidence } from "../types.ts";
import { checklistIds } from "./checklist_link.ts";

export const FIXES: Record<string, string[]> = {
  learning_rate_too_high: [
    "Divide the learning rate by 10 (up to 3 times) and watch the first epochs",
    "Add gradient clipping (e.g. global norm 1–10)",
    "Use a warm-up and a decaying schedule",
  ],
  learning_rate_too_low: [
    "Raise the learning rate 10x and watch the first 100 steps",
    "Run a short learning-rate range test (increase it every few steps, keep the value before the loss rises)",
  ],
  batch_size_too_large: [
    "Use a smaller batch (more optimizer steps per epoch), or raise the learning rate with the batch size",
    "Train for more epochs so the number of optimizer steps is adequate",
  ],
  batch_size_too_small: ["Use a larger batch or a lower learning rate", "Accumulate gradients over several batches"],
  too_few_epochs: [
    "Train for more epochs (the curves were still improving)",
    "Use early stopping on the validation metric instead of a fixed epoch count",
  ],
  too_many_epochs: [
    "Stop at the validation optimum (early stopping with patience max(3, epochs/15))",
    "Keep the checkpoint with the best validation score",
  ],
  optimizer_unsuitable: ["Switch to Adam with default settings", "Check the optimizer's settings (momentum, epsilon, weight decay)"],
  loss_scale_wrong: ["Use dynamic loss scaling", "Lower the static loss scale until no overflow is reported"],
  weight_init_zero: [
    "Initialise weights randomly (He for ReLU, Glorot/Xavier for tanh/sigmoid) instead of zeros/constants",
    "Check custom initialisers and loaded checkpoints",
  ],
  weight_init_too_large: [
    "Use a standard initialiser (He / Glorot) instead of a large gain or std",
    "Add normalisation layers (BatchNorm/LayerNorm)",
  ],
  weight_init_too_small: ["Use a standard initialiser (He / Glorot) scaled to the fan-in", "Add normalisation layers"],
  vanishing_gradient: [
    "Replace sigmoid/tanh hidden activations by ReLU with He init (or SELU with LeCun init)",
    "Add BatchNorm or residual connections",
    "Use fewer layers",
  ],
  exploding_gradient: [
    "Clip gradients (global norm)",
    "Use ReLU/SELU with the matching initialiser and BatchNorm",
    "Lower the learning rate; for RNNs use LSTM/GRU and a smaller recurrent gain",
  ],
  activation_saturation: [
    "Normalise the inputs",
    "Use Glorot/Xavier init and BatchNorm before the activation",
    "Switch hidden activations to the ReLU family",
  ],
  dead_relu: [
    "Use LeakyReLU/ELU/SELU",
    "Lower the learning rate; use He init and zero (not negative) biases",
    "Add BatchNorm; normalise the inputs",
  ],
  weights_frozen: [
    "Check which parameters are trainable (requires_grad / trainable) and that all are passed to the optimizer",
    "Check that the loss depends on every layer (no detached tensors)",
  ],
  weights_shared_wrongly: [
    "Check which layers reuse the same parameter object",
    "Create separate layers where weights should not be shared",
  ],
  numerical_instability: [
    "Use the numerically stable loss (from logits) instead of log() of probabilities",
    "Add epsilon to logs, divisions and square roots",
    "Check for division by zero",
  ],
  wrong_loss_function: [
    "Remove the softmax/sigmoid before a loss that expects logits (or use the loss on probabilities)",
    "Match the loss to the task and the labels (cross-entropy for classes, MSE/MAE for regression)",
  ],
  wrong_output_activation: [
    "Use softmax (multi-class), sigmoid (binary/multi-label) or linear (regression) as the last activation",
    "Check the label range against the output range",
  ],
  input_not_normalized: [
    "Standardise the inputs (zero mean, unit variance) or scale them to [-1, 1]",
    "Compute the statistics on the training set and apply them everywhere",
  ],
  data_missing_values: ["Remove or impute samples with NaN/Inf", "Check the data pipeline for divisions by zero and missing columns"],
  data_outliers: ["Clip or remove outliers", "Use a robust loss (Huber)"],
  label_noise: [
    "Check the labels: view samples with their labels; check the label/sample alignment after shuffling",
    "Train on a tiny subset: a correct pipeline can overfit it with correct labels",
  ],
  class_imbalance: ["Reweight the loss or resample the classes", "Report per-class metrics (F1, balanced accuracy) instead of accuracy"],
  insufficient_data: ["Get more data or augment it", "Use a smaller model or stronger regularisation"],
  data_not_shuffled: ["Shuffle the training data every epoch", "Check the sampler / dataset shuffle flag"],
  repeated_batch: [
    "Check the data loader: each step must draw a new batch (iterator re-created every step?)",
    "Print a hash of a few batches",
  ],
  preprocessing_mismatch: [
    "Apply exactly the same preprocessing to training and evaluation data",
    "Disable training-only augmentation for evaluation",
  ],
  train_eval_mode_wrong: [
    "Call model.eval()/training=False for evaluation and model.train() for training",
    "Check BatchNorm statistics and dropout at evaluation",
  ],
  overfitting: [
    "Stop early at the validation optimum",
    "Add regularisation (L2, dropout 0.2–0.5, augmentation)",
    "Get more data or use a smaller model",
  ],
  model_too_small: ["Use a larger model (more units/layers)", "Check that the model can overfit a small subset"],
  regularization_too_strong: ["Lower dropout / L2 / augmentation", "Check that dropout is a drop probability, not a keep probability"],
};

/** `fixes`: fixes specific to the reading, listed before the cause's general ones. */
export function makeCause(code: string, confidence: number, why: string, evidence: Evidence[], fixes: string[] = []): Cause {
  return {
    code,
    confidence: Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100,
    why,
    evidence,
    fixes: [...fixes, ...(FIXES[code] ?? []).filter((f) => !fixes.includes(f))],
    checklist: checklistIds(code),
  };
}
