// Catalogue of watch conditions (MindSpore Insight debugger conditions, reference/mindinsight.md §2.3,
// re-expressed for recorded logs): name, target category, parameters with defaults and validators,
// and the recommended watchpoints (§2.6). Parameter operators follow the name suffix: `_gt` >, `_lt` <,
// `_ge` ≥; a condition hits when any enabled parameter hits. `operator_overflow` (Ascend dump files)
// has no counterpart in logs and is not offered.

export type ConditionTarget = "tensor" | "weight" | "gradient" | "activation";

export type ConditionName =
  | "tensor_overflow"
  | "tensor_too_large"
  | "tensor_too_small"
  | "tensor_all_zero"
  | "tensor_range"
  | "weight_initialization"
  | "weight_overflow"
  | "weight_too_large"
  | "weight_too_small"
  | "weight_not_changed"
  | "weight_change_too_large"
  | "weight_change_too_small"
  | "gradient_vanishing"
  | "gradient_too_large"
  | "gradient_exploding"
  | "activation_range";

/** A watchpoint: a condition with parameter values (names as in the catalogue). */
export interface WatchCondition {
  name: ConditionName;
  /** Parameter values; a parameter left out uses the catalogue default, or is disabled when it has none. */
  params?: Record<string, number>;
  /** Identifier of a preset (e.g. `recommend_tanh_activation_range`); hits carry it as `watchpoint`. */
  id?: string;
  /** Only activations of this type (by layer/tag name), as the recommended activation ranges do. */
  activation?: "tanh" | "sigmoid" | "relu";
  /** Only series whose key or layer matches this regular expression. */
  match?: string;
  /**
   * Leave biases out of the change conditions: a bias starting at 0 has no size to relate its first
   * updates to, so its update ratio is routinely above 1 in healthy training.
   */
  skipBiases?: boolean;
}

export type ParamKind = "pct" | "abs" | "normal" | "pos" | "support";

export interface ConditionParamSpec {
  name: string;
  kind: ParamKind;
  default?: number;
  description: string;
}

export interface ConditionSpec {
  name: ConditionName;
  target: ConditionTarget;
  /** Which statistic family the condition evaluates. */
  check:
    | "overflow"
    | "too_large"
    | "too_small"
    | "all_zero"
    | "range"
    | "initialization"
    | "not_changed"
    | "change_too_large"
    | "change_too_small";
  description: string;
  params: ConditionParamSpec[];
}

const LARGE: ConditionParamSpec[] = [
  { name: "abs_mean_gt", kind: "abs", description: "mean |x| greater than" },
  { name: "max_gt", kind: "normal", description: "max greater than" },
  { name: "min_gt", kind: "normal", description: "min greater than" },
  { name: "mean_gt", kind: "normal", description: "mean greater than" },
];
const SMALL: ConditionParamSpec[] = [
  { name: "abs_mean_lt", kind: "abs", description: "mean |x| less than" },
  { name: "max_lt", kind: "normal", description: "max less than" },
  { name: "min_lt", kind: "normal", description: "min less than" },
  { name: "mean_lt", kind: "normal", description: "mean less than" },
];
const RANGE: ConditionParamSpec[] = [
  { name: "range_start_inclusive", kind: "support", description: "range start (inclusive; −∞ when unset)" },
  { name: "range_end_inclusive", kind: "support", description: "range end (inclusive; +∞ when unset)" },
  { name: "range_percentage_lt", kind: "pct", description: "percentage of values inside the range less than" },
  { name: "range_percentage_gt", kind: "pct", description: "percentage of values inside the range greater than" },
  { name: "max_min_lt", kind: "pos", description: "max − min less than" },
  { name: "max_min_gt", kind: "abs", description: "max − min greater than" },
];
const ZERO: ConditionParamSpec[] = [
  { name: "zero_percentage_ge", kind: "pct", default: 100, description: "percentage of exact zeros at least" },
];

export const WATCH_CONDITIONS: ConditionSpec[] = [
  {
    name: "tensor_overflow",
    target: "tensor",
    check: "overflow",
    params: [],
    description: "Any tensor, histogram or scalar holds NaN, +Inf or −Inf.",
  },
  {
    name: "tensor_too_large",
    target: "tensor",
    check: "too_large",
    params: LARGE,
    description: "A tensor's mean |x|, max, min or mean is above the given value.",
  },
  {
    name: "tensor_too_small",
    target: "tensor",
    check: "too_small",
    params: SMALL,
    description: "A tensor's mean |x|, max, min or mean is below the given value.",
  },
  {
    name: "tensor_all_zero",
    target: "tensor",
    check: "all_zero",
    params: ZERO,
    description:
      "The share of exact zeros reaches the given percentage (biases at their first step are skipped: they start at zero by design).",
  },
  {
    name: "tensor_range",
    target: "tensor",
    check: "range",
    params: RANGE,
    description: "The share of values inside [start, end] is below/above a percentage, or max − min is below/above a value.",
  },
  {
    name: "weight_initialization",
    target: "weight",
    check: "initialization",
    params: [
      ...ZERO,
      { name: "max_gt", kind: "normal", description: "max greater than" },
      { name: "min_lt", kind: "normal", description: "min less than" },
    ],
    description: "At the first recorded step, a weight is all zero (biases skipped) or outside [min, max].",
  },
  { name: "weight_overflow", target: "weight", check: "overflow", params: [], description: "A weight holds NaN or ±Inf." },
  {
    name: "weight_too_large",
    target: "weight",
    check: "too_large",
    params: LARGE,
    description: "A weight's mean |x|, max, min or mean is above the given value.",
  },
  {
    name: "weight_too_small",
    target: "weight",
    check: "too_small",
    params: SMALL,
    description: "A weight's mean |x|, max, min or mean is below the given value.",
  },
  {
    name: "weight_not_changed",
    target: "weight",
    check: "not_changed",
    params: [
      { name: "rtol", kind: "abs", default: 1e-5, description: "relative tolerance" },
      { name: "atol", kind: "abs", default: 1e-8, description: "absolute tolerance" },
    ],
    description:
      "Every element satisfies |cur − prev| ≤ atol + rtol·|prev| between two recorded steps (histograms: identical buckets and min/max/sum within tolerance).",
  },
  {
    name: "weight_change_too_large",
    target: "weight",
    check: "change_too_large",
    params: [
      {
        name: "abs_mean_update_ratio_gt",
        kind: "abs",
        default: 1e-1,
        description: "mean |cur − prev| / (mean |prev| + epsilon) greater than",
      },
      { name: "epsilon", kind: "abs", default: 1e-9, description: "offset in the denominator" },
    ],
    description:
      "Mean absolute update ratio between two recorded steps above the threshold (histograms: a lower bound from the distance between the two distributions).",
  },
  {
    name: "weight_change_too_small",
    target: "weight",
    check: "change_too_small",
    params: [
      {
        name: "abs_mean_update_ratio_lt",
        kind: "abs",
        default: 1e-4,
        description: "mean |cur − prev| / (mean |prev| + epsilon) less than",
      },
      { name: "epsilon", kind: "abs", default: 1e-9, description: "offset in the denominator" },
    ],
    description: "Mean absolute update ratio between two recorded steps below the threshold.",
  },
  {
    name: "gradient_vanishing",
    target: "gradient",
    check: "too_small",
    params: SMALL.map((p) => (p.name === "abs_mean_lt" ? { ...p, default: 1e-9 } : p)),
    description: "A gradient's mean |x| (or max/min/mean) is below the given value (default mean |g| < 1e-9).",
  },
  {
    name: "gradient_too_large",
    target: "gradient",
    check: "too_large",
    params: LARGE,
    description: "A gradient's mean |x|, max, min or mean is above the given value.",
  },
  { name: "gradient_exploding", target: "gradient", check: "overflow", params: [], description: "A gradient holds NaN or ±Inf." },
  {
    name: "activation_range",
    target: "activation",
    check: "range",
    params: RANGE,
    description: "An activation's share of values inside [start, end] is below/above a percentage (saturation, dead ReLU).",
  },
];

export function conditionSpec(name: string): ConditionSpec | undefined {
  return WATCH_CONDITIONS.find((c) => c.name === name);
}

const TANH_LIMIT = Math.tanh(8.8);
const SIGMOID = (x: number) => 1 / (1 + Math.exp(-x));

/** MindSpore Insight's recommended watchpoints (reference/mindinsight.md §2.6), on by default. */
export const RECOMMENDED_WATCHPOINTS: WatchCondition[] = [
  { id: "recommend_tensor_overflow", name: "tensor_overflow", params: {} },
  { id: "recommend_tensor_all_zero", name: "tensor_all_zero", params: { zero_percentage_ge: 100 } },
  { id: "recommend_weight_initialization", name: "weight_initialization", params: { zero_percentage_ge: 100 } },
  { id: "recommend_weight_change_too_large", name: "weight_change_too_large", params: { abs_mean_update_ratio_gt: 1 }, skipBiases: true },
  { id: "recommend_gradient_vanishing", name: "gradient_vanishing", params: { abs_mean_lt: 1e-9 } },
  {
    id: "recommend_tanh_activation_range",
    name: "activation_range",
    activation: "tanh",
    params: { range_start_inclusive: -TANH_LIMIT, range_end_inclusive: TANH_LIMIT, range_percentage_lt: 0.1 },
  },
  {
    id: "recommend_sigmoid_activation_range",
    name: "activation_range",
    activation: "sigmoid",
    params: { range_start_inclusive: SIGMOID(-16.2), range_end_inclusive: SIGMOID(16.2), range_percentage_lt: 0.1 },
  },
  {
    id: "recommend_relu_activation_range",
    name: "activation_range",
    activation: "relu",
    params: { range_start_inclusive: -1, range_end_inclusive: 0, range_percentage_gt: 99.9 },
  },
];

/** Short names for the recommended presets, accepted wherever a condition name is (CLI `--condition`). */
export const WATCH_PRESETS: Record<string, WatchCondition> = {
  tanh_saturation: RECOMMENDED_WATCHPOINTS[5],
  sigmoid_saturation: RECOMMENDED_WATCHPOINTS[6],
  dead_relu: RECOMMENDED_WATCHPOINTS[7],
};

/** Checks parameter names and values against the catalogue; returns problems as readable messages. */
export function validateCondition(c: WatchCondition): string[] {
  const spec = conditionSpec(c.name);
  if (!spec) return [`unknown condition "${c.name}" (known: ${WATCH_CONDITIONS.map((x) => x.name).join(", ")})`];
  const errs: string[] = [];
  for (const [k, v] of Object.entries(c.params ?? {})) {
    const p = spec.params.find((x) => x.name === k);
    if (!p) {
      errs.push(`${c.name}: unknown parameter "${k}" (accepted: ${spec.params.map((x) => x.name).join(", ") || "none"})`);
      continue;
    }
    const ok =
      p.kind === "pct"
        ? v >= 0 && v <= 100
        : p.kind === "abs"
          ? v >= 0 && v < Infinity
          : p.kind === "pos"
            ? v > 0 && v < Infinity
            : Number.isFinite(v);
    if (!ok) errs.push(`${c.name}: ${k}=${v} out of range (${p.kind})`);
  }
  const eff = effectiveParams(c);
  const needsOne = spec.params.filter((p) => p.kind !== "support" && p.name !== "epsilon" && p.name !== "atol");
  if (needsOne.length && !needsOne.some((p) => eff[p.name] !== undefined)) {
    errs.push(`${c.name}: needs at least one of ${needsOne.map((p) => p.name).join(", ")}`);
  }
  if (
    (eff.range_percentage_lt !== undefined || eff.range_percentage_gt !== undefined) &&
    eff.range_start_inclusive === undefined &&
    eff.range_end_inclusive === undefined
  ) {
    errs.push(`${c.name}: range_percentage_* needs range_start_inclusive and/or range_end_inclusive`);
  }
  return errs;
}

/** Parameters with catalogue defaults filled in. */
export function effectiveParams(c: WatchCondition): Record<string, number> {
  const spec = conditionSpec(c.name);
  const out: Record<string, number> = {};
  for (const p of spec?.params ?? []) if (p.default !== undefined) out[p.name] = p.default;
  return { ...out, ...(c.params ?? {}) };
}
