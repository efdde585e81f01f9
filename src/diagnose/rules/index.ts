// Every rule of the diagnosis, in the order they run.
import type { Rule } from "./context.ts";
import { batchRule } from "./batches.ts";
import { generalizationRule, underfitRule, valMetricFallingRule } from "./generalization.ts";
import { layerRule } from "./layers.ts";
import { lossFloorRule, outputRangeRule, percentageErrorRule } from "./loss_floor.ts";
import { lossShapeRule } from "./loss_shape.ts";
import { missingDataRule } from "./missing_data.ts";
import { nonFiniteRule } from "./non_finite.ts";
import { notUpdatedRule } from "./not_updated.ts";
import { progressRule } from "./progress.ts";

export const RULES: { name: string; rule: Rule }[] = [
  { name: "missing_data", rule: missingDataRule },
  { name: "non_finite", rule: nonFiniteRule },
  { name: "not_updated", rule: notUpdatedRule },
  { name: "progress", rule: progressRule },
  { name: "loss_floor", rule: lossFloorRule },
  { name: "output_range", rule: outputRangeRule },
  { name: "percentage_error", rule: percentageErrorRule },
  { name: "loss_shape", rule: lossShapeRule },
  { name: "generalization", rule: generalizationRule },
  { name: "val_metric", rule: valMetricFallingRule },
  { name: "underfit", rule: underfitRule },
  { name: "batches", rule: batchRule },
  { name: "layers", rule: layerRule },
];

export { outcomeOf, accuracyGood, type Outcome } from "./outcome.ts";
export type { RuleContext, Rule } from "./context.ts";
export { FIXES } from "./causes.ts";
