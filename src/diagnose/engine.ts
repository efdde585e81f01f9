// The diagnosis engine: computes a run's signals once, decides the outcome, runs every rule
// (a failing rule becomes an `info` finding, never a crash) and orders the findings by severity
// and confidence.
import { taskKindOf, type TrainingRun } from "../model/index.ts";
import type { Finding } from "./types.ts";
import { computeSignals } from "./signals/index.ts";
import { RULES, outcomeOf } from "./rules/index.ts";
import type { RuleContext } from "./rules/context.ts";
import { configFindings } from "./config_checks.ts";
import { diagnoseReinforcementRun } from "./rules/reinforcement.ts";
import { T } from "./thresholds.ts";

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** Causes whose configuration check the curves confirm or not: alone, the configuration is only a risk. */
const CURVE_JUDGED = new Set(["too_few_epochs", "too_many_epochs"]);

export function diagnoseRun(run: TrainingRun): Finding[] {
  const name = run.name;
  // a reinforcement-learning run is read with RL readings only (rules/reinforcement.ts)
  const task = taskKindOf(run);
  if (task.kind === "reinforcement") return diagnoseReinforcementRun(run, task);
  let ctx: RuleContext;
  try {
    const s = computeSignals(run);
    ctx = { run: name, s, outcome: outcomeOf(s) };
  } catch (e) {
    return [{ run: name, symptom: "diagnosis_failed", severity: "info", title: `Could not compute the signals of this run: ${(e as Error).message}`, steps: [], evidence: [{ source: "run", note: String((e as Error).stack ?? e).slice(0, 400) }], causes: [] }];
  }
  const findings: Finding[] = [];
  const degenerate = !ctx.s.train && !ctx.s.val;
  for (const { name: ruleName, rule } of RULES) {
    if (degenerate && ruleName !== "missing_data" && ruleName !== "layers" && ruleName !== "non_finite") continue;
    try {
      findings.push(...rule(ctx));
    } catch (e) {
      findings.push({ run: name, symptom: "diagnosis_failed", severity: "info", title: `Rule ${ruleName} failed on this run: ${(e as Error).message}`, steps: [], evidence: [{ source: "run", note: String((e as Error).stack ?? e).slice(0, 400) }], causes: [] });
    }
  }
  // configuration checks (hyper-parameters vs task and curves); a smell is a cause only when the outcome is poor
  try {
    const poor = ctx.outcome.poor || ctx.outcome.slow || lossLagsAccuracy(ctx.s);
    // the curves take precedence: a configuration cause stays a warning only when it agrees with a
    // cause the curves show, or when the curves explained nothing
    const curveCauses = new Set(findings.filter((f) => f.severity !== "info").flatMap((f) => f.causes.map((c) => c.code)));
    for (const f of configFindings(run, { poor, stillImproving: ctx.s.trainStillImproving })) {
      f.configCheck = true;
      // a definite mismatch (an error when the outcome is poor) stands on its own; stopping too
      // early is judged by the curves themselves (still improving at the end), never by the
      // configuration alone
      const curvesJudge = f.causes.some((c) => CURVE_JUDGED.has(c.code));
      if ((curveCauses.size > 0 || curvesJudge) && f.severity === "warning" && !f.causes.some((c) => curveCauses.has(c.code))) {
        f.potentialCause = f.causes[0]?.code;
        f.severity = "info";
        f.causes = [];
      }
      findings.push(f);
    }
  } catch (e) {
    findings.push({ run: name, symptom: "diagnosis_failed", severity: "info", title: `Configuration checks failed on this run: ${(e as Error).message}`, steps: [], evidence: [], causes: [] });
  }
  if (run.failed) findings.push({ run: name, symptom: "run_unreadable", severity: "info", title: "Reading this run failed; the diagnosis only sees what could be read", steps: [], evidence: run.problems.slice(0, 3).map((p) => ({ source: "run" as const, note: `${p.file}: ${p.code}: ${p.message}` })), causes: [] });
  return orderFindings(consolidate(dedupe(findings)));
}

/**
 * The accuracy rose clearly while the loss fell little: the loss does not follow the predictions
 * (a loss computed on the wrong inputs falls slowly however right the predictions become).
 */
function lossLagsAccuracy(s: RuleContext["s"]): boolean {
  const tr = s.train ?? s.val;
  const acc = s.valAcc ?? s.trainAcc;
  if (!tr || !acc || acc.n < 3) return false;
  return acc.last - acc.first >= 2 * T.accuracyGain.value && tr.relImprovement < T.slowConvergenceRel.value;
}

/**
 * Causes that explain away others: when the first is diagnosed (in a warning/error, with enough
 * confidence), the second is a consequence of it, not a separate cause (e.g. a repeated batch
 * makes the validation loss rise; vanishing gradients make the weights barely move).
 */
const EXPLAINS: Record<string, string[]> = {
  insufficient_data: ["label_noise", "batch_size_too_large"],
  repeated_batch: ["overfitting", "label_noise", "too_few_epochs", "learning_rate_too_low"],
  label_noise: ["overfitting", "too_many_epochs", "learning_rate_too_low", "weight_init_zero", "dead_relu"],
  class_imbalance: ["overfitting", "too_many_epochs", "learning_rate_too_low"],
  learning_rate_too_high: ["overfitting", "too_many_epochs", "dead_relu", "vanishing_gradient", "learning_rate_too_low", "weight_init_too_large", "input_not_normalized"],
  numerical_instability: ["learning_rate_too_low", "overfitting"],
  exploding_gradient: ["learning_rate_too_low", "overfitting", "dead_relu"],
  vanishing_gradient: ["learning_rate_too_low", "weights_frozen", "weight_init_zero"],
  dead_relu: ["vanishing_gradient", "learning_rate_too_low", "weight_init_zero", "weights_frozen"],
  weight_init_zero: ["dead_relu", "vanishing_gradient", "learning_rate_too_low", "weights_frozen"],
  weight_init_too_large: ["input_not_normalized", "dead_relu", "overfitting", "learning_rate_too_low"],
  input_not_normalized: ["overfitting", "learning_rate_too_low", "dead_relu"],
  wrong_loss_function: ["dead_relu", "weight_init_zero", "learning_rate_too_low", "too_few_epochs"],
  batch_size_too_large: ["learning_rate_too_low", "weight_init_zero", "dead_relu", "vanishing_gradient"],
  weights_frozen: ["learning_rate_too_low", "learning_rate_too_high", "dead_relu", "weight_init_zero", "vanishing_gradient", "label_noise", "batch_size_too_large", "too_few_epochs", "class_imbalance"],
  data_not_shuffled: ["overfitting", "learning_rate_too_high", "label_noise"],
  too_few_epochs: ["learning_rate_too_low"],
};
const EXPLAIN_MIN_CONFIDENCE = 0.55;

function consolidate(fs: Finding[]): Finding[] {
  const strong = new Set<string>();
  for (const f of fs) if (f.severity !== "info" && (!f.configCheck || f.severity === "error")) for (const c of f.causes) if (c.confidence >= EXPLAIN_MIN_CONFIDENCE) strong.add(c.code);
  const explained = (code: string) => [...strong].some((k) => k !== code && EXPLAINS[k]?.includes(code) && !(EXPLAINS[code]?.includes(k) && confidenceOf(fs, code) > confidenceOf(fs, k)));
  for (const f of fs) {
    if (f.severity === "info" || f.causes.length === 0) continue;
    const kept = f.causes.filter((c) => !explained(c.code));
    if (kept.length === 0) {
      const by = f.causes.map((c) => [...strong].find((k) => EXPLAINS[k]?.includes(c.code))).filter(Boolean);
      f.severity = "info";
      f.explainedBy = [...new Set(by)];
      f.causes = [];
    } else f.causes = kept;
  }
  return fs;
}

function confidenceOf(fs: Finding[], code: string): number {
  let m = 0;
  for (const f of fs) if (f.severity !== "info") for (const c of f.causes) if (c.code === code && c.confidence > m) m = c.confidence;
  return m;
}

/** One finding per symptom (the most severe), causes sorted by confidence. */
function dedupe(fs: Finding[]): Finding[] {
  const by = new Map<string, Finding>();
  for (const f of fs) {
    f.causes.sort((a, b) => b.confidence - a.confidence);
    const prev = by.get(f.symptom);
    if (!prev || RANK[f.severity] < RANK[prev.severity]) by.set(f.symptom, f);
  }
  return [...by.values()];
}

function orderFindings(fs: Finding[]): Finding[] {
  return fs.sort((a, b) => RANK[a.severity] - RANK[b.severity] || (b.causes[0]?.confidence ?? 0) - (a.causes[0]?.confidence ?? 0));
}
