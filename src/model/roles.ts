// Semantic roles of tags (what a series *is*: training loss, validation accuracy, learning rate,
// a layer's gradient histogram...). Assigned by naming rules across PyTorch, Lightning, Keras,
// MindSpore, TF.js and CSV conventions; each assignment names the rule that chose it; the user
// can override any.

export type Role =
  | "train_loss"
  | "val_loss"
  | "test_loss"
  | "train_accuracy"
  | "val_accuracy"
  | "test_accuracy"
  | "train_metric"
  | "val_metric"
  | "test_metric"
  | "learning_rate"
  | "epoch"
  | "step_time"
  | "grad_norm" // per-parameter (or per-layer) gradient norm scalar
  | "grad_norm_total" // global gradient norm scalar
  | "weight_norm" // per-parameter weight norm scalar
  | "weight_hist" // per-layer parameter histogram / tensor
  | "grad_hist" // per-layer gradient histogram
  | "activation_hist" // per-layer activation (layer output) histogram
  | "other";

export type RoleSingle = Extract<
  Role,
  "train_loss" | "val_loss" | "test_loss" | "train_accuracy" | "val_accuracy" | "test_accuracy" | "learning_rate" | "epoch"
>;

export interface RoleAssignment {
  /** Series key inside the training run (see `seriesKey`). */
  key: string;
  kind: "scalar" | "histogram" | "tensor";
  role: Role;
  /** Name of the naming rule that chose the role, or "user" for an override. */
  rule: string;
  /** Layer / parameter name for per-layer roles (e.g. `fc1.weight`, `dense_1/kernel`). */
  layer?: string;
  /** Metric name for *_metric roles (e.g. `f1`, `mae`). */
  metric?: string;
  /** Whether the series is logged per optimizer step or per epoch, when the name or the steps tell. */
  granularity?: "step" | "epoch";
}

/** A user override: series key (or regex when it starts and ends with '/') → role. */
export interface RoleOverride {
  pattern: string;
  role: Role;
}
