// The declared cause model: one entry per cause code of shared/spec/diagnosis.md. Each entry says
// which symptoms the cause explains, which evidence it REQUIRES before it may be asserted in a
// warning/error finding (weight-level causes need weight/gradient/activation records or a
// configuration that names them; from scalars alone they are only offered as "possible — log X
// to confirm" in an info finding; a structural fact of the recorded graph that names the mechanism
// counts as such evidence), which facts raise or lower it (configuration facts from
// config_facts.ts, structure facts from structure/, gradient-norm growth, weight movement,
// differences from a reference run), which facts of its own kind rule it out, its fixes and its
// checklist ids. The ranking step (ranking.ts) reads this table only; rules stay signal extractors.
import { T } from "./thresholds.ts";
import { FIXES } from "./rules/causes.ts";
import { checklistIds } from "./rules/checklist_link.ts";

/** Kinds of evidence beyond per-epoch/per-step scalars. */
export type EvidenceKind =
  | "weights" // weight histograms/tensors
  | "gradients" // gradient histograms or per-layer gradient norms
  | "activations" // layer-output histograms
  | "grad_norm_growth" // a logged total gradient norm that grew by orders of magnitude or turned non-finite
  | "config" // a configuration fact that names the mechanism (listed in `configFacts`)
  | "graph"; // a structural fact of the recorded graph that names the mechanism (listed in `graphFacts`)

export interface EvidenceRequirement {
  /** Any one of these backs the cause. */
  anyOf: EvidenceKind[];
  /** Configuration facts that count as naming the cause (when `anyOf` holds "config"). */
  configFacts?: FactId[];
  /** Structure facts (structure/) that count as naming the cause (when `anyOf` holds "graph"). */
  graphFacts?: FactId[];
  /** What to log to confirm it (shown with the "possible" offer). */
  log: string;
}

/** Facts that raise or lower causes: configuration facts, structure facts of the recorded graph, gradient-norm growth. */
export type FactId =
  | "config.lr_below_range"
  | "config.lr_above_range"
  | "config.lr_in_range"
  | "config.sgd_lr_low"
  | "config.regression_loss_on_classifier"
  | "config.loss_activation_mismatch"
  | "config.binary_loss_multiclass"
  | "config.output_activation_wrong"
  | "config.heavy_dropout"
  | "config.strong_weight_decay"
  | "config.few_steps_per_epoch"
  | "config.tiny_batch"
  | "config.short_training"
  | "config.sgd_without_momentum"
  | "config.odd_optimizer_setting"
  | "config.init_zero"
  | "config.init_large"
  | "config.init_small"
  | "config.frozen_layers"
  | "config.deep_saturating"
  | "config.recurrent"
  | "config.early_stopping"
  | "config.linear_hidden"
  | "config.no_hidden_layers"
  | "config.no_bias"
  | "gradients.norm_growth"
  | "graph.shared_parameters"
  | "graph.frozen_parameters"
  | "graph.disconnected"
  | "graph.softmax_before_logits_loss"
  | "graph.linear_stack"
  | "graph.output_width_mismatch"
  | "graph.train_mode_at_eval"
  | "weights.moving"
  | "outputs.unchanged";

export interface Influence {
  fact: FactId;
  weight: number;
}

export interface CauseModel {
  code: string;
  /** Symptom codes this cause can explain (facts join a finding's ranking only for these). */
  explains: string[];
  /** null: curves (scalars) suffice. */
  requires: EvidenceRequirement | null;
  raisedBy: Influence[];
  loweredBy: Influence[];
  /**
   * Facts of the cause's own kind of evidence that rule it out: a candidate with one of these is
   * not asserted whatever the curves say (weights that move at a healthy rate rule out steps too
   * small to make progress).
   */
  contradictedBy: FactId[];
  fixes: string[];
  checklist: string[];
}

// symptom groups
const POOR = ["loss_not_decreasing", "loss_slow_convergence", "metric_at_chance", "metric_below_expectation", "metric_below_reference"];
const BLOWUP = ["loss_nan_or_inf", "loss_diverging", "loss_oscillating", "loss_spike_at_start", "loss_too_large", "metric_collapsed"];
const FIT = ["val_loss_rising", "val_metric_falling", "train_val_gap", "metric_below_expectation", "metric_below_reference"];

const up = (fact: FactId, w: { value: number }): Influence => ({ fact, weight: w.value });

function model(
  code: string,
  explains: string[],
  requires: EvidenceRequirement | null,
  raisedBy: Influence[] = [],
  loweredBy: Influence[] = [],
  contradictedBy: FactId[] = [],
): CauseModel {
  return {
    code,
    explains: [...new Set(explains)],
    requires,
    raisedBy,
    loweredBy,
    contradictedBy,
    fixes: FIXES[code] ?? [],
    checklist: checklistIds(code),
  };
}

const LR_EXPLAINS_AWAY: Influence[] = [up("config.lr_below_range", T.lowerStrong)];

export const CAUSE_MODELS: CauseModel[] = [
  model(
    "learning_rate_too_high",
    [
      ...BLOWUP,
      ...POOR,
      "short_training_poor_outcome",
      "weight_change_too_large",
      "gradient_exploding",
      "activation_dead",
      "config_learning_rate",
      // collapse after a good start: an early validation optimum, then a rise
      "val_loss_rising",
    ],
    null,
    [up("config.lr_above_range", T.rankStrong)],
    [up("config.lr_below_range", T.lowerStrong)],
  ),
  model(
    "learning_rate_too_low",
    [
      ...POOR,
      "short_training_poor_outcome",
      "weight_not_updated",
      "weight_change_too_small",
      "still_improving_at_end",
      "loss_floor_high",
      "config_learning_rate",
    ],
    null,
    [up("config.lr_below_range", T.rankDecisive), up("config.sgd_lr_low", T.rankStrong)],
    [up("config.lr_above_range", T.lowerStrong), up("config.short_training", T.lowerStrong), up("config.lr_in_range", T.lowerModerate)],
    ["weights.moving"],
  ),
  model("batch_size_too_large", [...POOR, "few_steps_per_epoch", "still_improving_at_end"], null, [
    up("config.few_steps_per_epoch", T.rankStrong),
  ]),
  model("batch_size_too_small", ["loss_oscillating", "loss_slow_convergence", "metric_below_reference"], null, [
    up("config.tiny_batch", T.rankModerate),
  ]),
  model(
    "too_few_epochs",
    [
      "still_improving_at_end",
      "short_training_poor_outcome",
      "loss_slow_convergence",
      "metric_below_expectation",
      "metric_below_reference",
    ],
    null,
    [up("config.short_training", T.rankModerate)],
  ),
  model(
    "too_many_epochs",
    ["val_loss_rising", "train_val_gap", "metric_below_reference"],
    null,
    [],
    [up("config.early_stopping", T.lowerModerate)],
  ),
  model("optimizer_unsuitable", [...POOR, "loss_oscillating", "discriminator_wins"], null, [
    up("config.sgd_without_momentum", T.rankWeak),
    up("config.odd_optimizer_setting", T.rankModerate),
  ]),
  model("loss_scale_wrong", ["loss_nan_or_inf", "gradient_non_finite", "tensor_overflow"], null),
  model(
    "weight_init_zero",
    [...POOR, "weight_init_suspicious", "activation_dead", "config_weight_init"],
    {
      anyOf: ["weights", "config"],
      configFacts: ["config.init_zero"],
      log: "weight histograms (at least the first record) or the initialiser in the configuration",
    },
    [up("config.init_zero", T.rankDecisive)],
    LR_EXPLAINS_AWAY,
    // zero weights still let the output layer's bias learn: its outputs would change
    ["outputs.unchanged"],
  ),
  model(
    "weight_init_too_large",
    [...POOR, ...BLOWUP, "weight_init_suspicious", "activation_too_large", "activation_saturated", "config_weight_init"],
    {
      anyOf: ["weights", "config"],
      configFacts: ["config.init_large"],
      log: "weight histograms from the first step, or the initialiser and its scale in the configuration",
    },
    [up("config.init_large", T.rankStrong)],
  ),
  model(
    "weight_init_too_small",
    [...POOR, "weight_init_suspicious", "gradient_vanishing"],
    {
      anyOf: ["weights", "config"],
      configFacts: ["config.init_small"],
      log: "weight histograms from the first step, or the initialiser and its scale in the configuration",
    },
    [up("config.init_small", T.rankStrong)],
  ),
  model(
    "vanishing_gradient",
    [...POOR, "gradient_vanishing", "weight_not_updated", "weight_change_too_small"],
    {
      anyOf: ["gradients", "weights", "config"],
      configFacts: ["config.deep_saturating"],
      log: "per-layer gradient norms or gradient histograms",
    },
    [up("config.deep_saturating", T.rankModerate)],
    LR_EXPLAINS_AWAY,
    // the output layer's gradient does not vanish: its updates would change the outputs
    ["outputs.unchanged"],
  ),
  model(
    "exploding_gradient",
    [...BLOWUP, "gradient_exploding", "gradient_non_finite", "tensor_overflow"],
    {
      anyOf: ["gradients", "weights", "grad_norm_growth", "config"],
      configFacts: ["config.recurrent", "config.init_large"],
      log: "the total gradient norm or per-layer gradient norms",
    },
    [up("gradients.norm_growth", T.rankStrong), up("config.recurrent", T.rankWeak)],
    [up("config.lr_above_range", T.lowerModerate)],
  ),
  model(
    "activation_saturation",
    [...POOR, "activation_saturated", "gradient_vanishing"],
    { anyOf: ["activations", "config"], configFacts: ["config.deep_saturating"], log: "activation histograms of the sigmoid/tanh layers" },
    [up("config.deep_saturating", T.rankWeak)],
  ),
  model(
    "dead_relu",
    [...POOR, "activation_dead", "weight_not_updated", "loss_spike_at_start"],
    { anyOf: ["activations", "weights", "gradients"], log: "activation histograms of the ReLU layers (or weight and gradient histograms)" },
    [],
    LR_EXPLAINS_AWAY,
    // dead hidden units still leave the output layer's bias learning: its outputs would change
    ["outputs.unchanged"],
  ),
  model(
    "weights_frozen",
    [...POOR, "weight_not_updated", "graph_frozen_parameters", "graph_not_connected"],
    {
      anyOf: ["weights", "gradients", "config", "graph"],
      configFacts: ["config.frozen_layers"],
      graphFacts: ["graph.frozen_parameters", "graph.disconnected"],
      log: "weight histograms or per-layer gradient norms, or the frozen layers in the configuration or the model graph",
    },
    [up("config.frozen_layers", T.rankStrong), up("graph.frozen_parameters", T.rankStrong), up("graph.disconnected", T.rankModerate)],
    LR_EXPLAINS_AWAY,
  ),
  model(
    "weights_shared_wrongly",
    ["weight_not_updated", "metric_below_reference", "graph_shared_parameters", ...POOR],
    {
      anyOf: ["weights", "graph"],
      graphFacts: ["graph.shared_parameters"],
      log: "weight histograms per layer (shared tensors move identically), or the model graph",
    },
    [up("graph.shared_parameters", T.rankStrong)],
  ),
  model("numerical_instability", ["loss_nan_or_inf", "gradient_non_finite", "tensor_overflow"], null),
  model(
    "wrong_loss_function",
    [
      ...POOR,
      "loss_floor_high",
      "loss_zero",
      "config_loss_activation_mismatch",
      "config_loss_task_mismatch",
      "loss_nan_or_inf",
      "graph_loss_activation",
    ],
    null,
    [
      up("graph.softmax_before_logits_loss", T.rankDecisive),
      up("config.regression_loss_on_classifier", T.rankDecisive),
      up("config.loss_activation_mismatch", T.rankDecisive),
      up("config.binary_loss_multiclass", T.rankStrong),
    ],
  ),
  model(
    "wrong_output_activation",
    [
      ...POOR,
      "loss_floor_high",
      "config_output_activation",
      "config_loss_activation_mismatch",
      "graph_output_width",
      "graph_loss_activation",
    ],
    null,
    [
      up("config.output_activation_wrong", T.rankDecisive),
      up("graph.output_width_mismatch", T.rankDecisive),
      up("graph.softmax_before_logits_loss", T.rankModerate),
    ],
  ),
  model("input_not_normalized", [...BLOWUP, ...POOR, "activation_too_large"], null),
  model("data_missing_values", ["loss_nan_or_inf"], null),
  model("data_outliers", ["loss_spike_at_start", "loss_oscillating", "loss_nan_or_inf"], null),
  model(
    "label_noise",
    [...POOR, "train_below_val", "val_loss_rising", "train_val_gap"],
    null,
    [],
    [up("config.heavy_dropout", T.lowerStrong)],
  ),
  model("class_imbalance", ["metric_at_majority_rate", "metric_below_expectation"], null),
  model("insufficient_data", [...FIT, "metric_at_chance", "few_steps_per_epoch"], null),
  model("data_not_shuffled", ["loss_sawtooth", "train_below_val", "loss_oscillating"], null),
  // (an early validation optimum followed by a rise under a learning rate above its optimizer's
  // range is overshooting updates, not a model that sees too few samples)
  model(
    "repeated_batch",
    ["loss_suspiciously_smooth", "val_loss_rising", "train_val_gap"],
    null,
    [],
    [up("config.lr_above_range", T.lowerStrong)],
  ),
  model("preprocessing_mismatch", ["train_val_gap", "metric_below_reference", "metric_at_chance"], null),
  model(
    "train_eval_mode_wrong",
    ["train_val_gap", "train_below_val", "metric_below_reference", "graph_train_mode_at_eval", "val_loss_rising"],
    null,
    [up("graph.train_mode_at_eval", T.rankDecisive)],
  ),
  model("overfitting", FIT, null),
  model("model_too_small", [...POOR, "loss_floor_high", "underfitting", "graph_linear_stack", "graph_not_connected"], null, [
    up("graph.linear_stack", T.rankStrong),
    up("graph.disconnected", T.rankModerate),
    up("config.linear_hidden", T.rankStrong),
    up("config.no_hidden_layers", T.rankStrong),
    up("config.no_bias", T.rankModerate),
  ]),
  model("regularization_too_strong", [...POOR, "train_below_val", "loss_floor_high", "config_regularization"], null, [
    up("config.heavy_dropout", T.rankStrong),
    up("config.strong_weight_decay", T.rankModerate),
  ]),
];

const BY_CODE = new Map(CAUSE_MODELS.map((m) => [m.code, m]));

export function causeModel(code: string): CauseModel | undefined {
  return BY_CODE.get(code);
}

/** The cause codes of the spec (shared/spec/diagnosis.md, "Cause codes"), in its order. */
export const SPEC_CAUSE_CODES = CAUSE_MODELS.map((m) => m.code);
