// The diagnosis engine: computes a run's signals once, decides the outcome, runs every rule
// (a failing rule becomes an `info` finding, never a crash; rules are signal extractors that
// propose causes), adds the configuration findings, the expectation and reference findings, and
// then ranks the causes of every finding in one order-independent step (ranking.ts, over the
// declared cause model of cause_model.ts and the run's facts of config_facts.ts) before ordering
// the findings by severity and confidence. A reinforcement-learning run is read with its own
// readings only (rules/reinforcement.ts).
import { taskKindOf, type TrainingRun } from "../model/index.ts";
import type { Finding } from "./types.ts";
import { computeSignals, type RunSignals } from "./signals/index.ts";
import { RULES, outcomeOf, accuracyGood } from "./rules/index.ts";
import type { RuleContext } from "./rules/context.ts";
import { configFindings } from "./config_checks.ts";
import { configFacts, type Fact } from "./config_facts.ts";
import { CAUSE_MODELS, type FactId } from "./cause_model.ts";
import { rankFindings, type ProposedCause } from "./ranking.ts";
import { expectationsFromHParams, judgeExpectation, type Expectation, type Judgement } from "./expectation.ts";
import { compareWithReference } from "./reference.ts";
import { fmt } from "./rules/context.ts";
import { diagnoseReinforcementRun } from "./rules/reinforcement.ts";
import { T } from "./thresholds.ts";
import { structureFacts, type StructureFact } from "./structure/index.ts";

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** Causes whose configuration check the curves confirm or not: alone, the configuration is only a risk. */
const CURVE_JUDGED = new Set(["too_few_epochs", "too_many_epochs"]);

export interface DiagnoseOptions {
  /** Expected outcomes (`--expect val_accuracy=0.9`); the run's `expect_*` hyper-parameters are added. */
  expect?: Expectation[];
  /** A reference run whose outcome this run should match (`--reference REF`). */
  reference?: TrainingRun;
}

export function diagnoseRun(run: TrainingRun, options: DiagnoseOptions = {}): Finding[] {
  const name = run.name;
  // a reinforcement-learning run is read with RL readings only (rules/reinforcement.ts)
  const task = taskKindOf(run);
  if (task.kind === "reinforcement") return diagnoseReinforcementRun(run, task);
  let ctx: RuleContext;
  try {
    const s = computeSignals(run);
    ctx = { run: name, s, outcome: outcomeOf(s) };
  } catch (e) {
    return [failedStep(name, "Could not compute the signals of this run", e, true)];
  }
  const findings: Finding[] = [];
  const degenerate = !ctx.s.train && !ctx.s.val;
  for (const { name: ruleName, rule } of RULES) {
    if (degenerate && ruleName !== "missing_data" && ruleName !== "layers" && ruleName !== "non_finite") continue;
    try {
      findings.push(...rule(ctx));
    } catch (e) {
      findings.push(failedStep(name, `Rule ${ruleName} failed on this run`, e, true));
    }
  }
  let facts: Fact[] = [];
  try {
    facts = configFacts(run, ctx.s);
  } catch (e) {
    findings.push(failedStep(name, "Configuration facts failed on this run", e, false));
  }
  // structural facts of the recorded graph (structure/): they join the ranking like configuration facts
  let structure: StructureFact[] = [];
  try {
    structure = structureFacts(run);
    facts.push(...structure);
  } catch (e) {
    findings.push(failedStep(name, "Structure checks failed on this run", e, false));
  }
  // expectations (option and hyper-parameters) judge the outcome
  const judgements: Judgement[] = [];
  for (const e of [...(options.expect ?? []), ...expectationsFromHParams(run)]) {
    const j = judgeExpectation(run, ctx.s, e);
    if (j && !judgements.some((x) => x.key === j.key)) judgements.push(j);
    if (!j)
      findings.push({
        run: name,
        symptom: "expectation_not_judged",
        severity: "info",
        title: `Expectation ${e.target}=${e.value} (${e.source}): the run logs no such curve`,
        steps: [],
        evidence: [],
        causes: [],
      });
  }
  const good = outcomeGood(ctx.s, judgements);
  const unmet = judgements.filter((j) => !j.met);
  // a run that meets what its user expects is not told to train longer
  if (judgements.length && !unmet.length)
    for (const f of findings) {
      if (f.severity !== "info" && f.causes.length && f.causes.every((c) => c.code === "too_few_epochs")) {
        f.severity = "info";
        f.causes = [];
        f.title += " (the expected outcome is reached)";
      }
    }
  // configuration checks (hyper-parameters vs task and curves); a smell is a cause only when the outcome is poor
  try {
    const poor = (ctx.outcome.poor || ctx.outcome.slow || lossLagsAccuracy(ctx.s) || unmet.length > 0) && !good;
    // the curves take precedence: a configuration cause stays a warning only when it agrees with a
    // cause the curves show, or when the curves explained nothing
    const curveCauses = new Set(findings.filter((f) => f.severity !== "info").flatMap((f) => f.causes.map((c) => c.code)));
    const definiteCodes = new Set<string>();
    // (curves that already blame a cause are a problem the outcome shows: a configuration smell that
    // agrees with them is stated as such, one that does not is demoted below)
    const shown = poor || (curveCauses.size > 0 && !good);
    for (const f of configFindings(run, { poor: shown || f_definite(run), stillImproving: ctx.s.trainStillImproving })) {
      f.configCheck = true;
      // a definite mismatch (a loss that cannot fit the task, a learning rate decades off) is a
      // warning whatever the curves show
      if (f.definite === true) {
        if (f.severity === "info") {
          f.severity = "warning";
        }
        for (const c of f.causes) definiteCodes.add(c.code);
        findings.push(f);
        continue;
      }
      // stopping too early is judged by the curves themselves (still improving at the end), never
      // by the configuration alone
      const curvesJudge = f.causes.some((c) => CURVE_JUDGED.has(c.code));
      if ((curveCauses.size > 0 || curvesJudge) && f.severity === "warning" && !f.causes.some((c) => curveCauses.has(c.code))) {
        f.potentialCause = f.causes[0]?.code;
        f.severity = "info";
        f.causes = [];
      }
      findings.push(f);
    }
    // definite configuration facts the checks above do not report (a layer summary's output units,
    // an initialiser's own scale) get their own finding; the ranking step gives it its causes
    for (const fact of facts) {
      if (!fact.definite) continue;
      const symptom = FACT_SYMPTOM[fact.id];
      if (
        !symptom ||
        findings.some((f) => f.configCheck && f.symptom === symptom && f.severity !== "info") ||
        causesOfFact(fact).some((c) => definiteCodes.has(c))
      )
        continue;
      findings.push({
        run: name,
        symptom,
        severity: "warning",
        title: fact.note[0].toUpperCase() + fact.note.slice(1),
        steps: [],
        evidence: fact.evidence,
        causes: [],
        configCheck: true,
        definite: true,
        fromFact: fact.id,
      });
    }
  } catch (e) {
    findings.push(failedStep(name, "Configuration checks failed on this run", e, false));
  }
  // one finding per structural symptom, naming the graph nodes; a warning when the structure is
  // wrong whatever the curves show, or when the outcome is poor; otherwise an observation
  const poorRun = (ctx.outcome.poor || ctx.outcome.slow || lossLagsAccuracy(ctx.s) || unmet.length > 0) && !good;
  findings.push(...structureFindings(name, structure, poorRun));
  const proposed = new Map<Finding, ProposedCause[]>();
  const runCauses = () => findings.filter((f) => f.severity !== "info").flatMap((f) => f.causes);
  for (const j of unmet) {
    const f: Finding = {
      run: name,
      symptom: "metric_below_expectation",
      severity: "warning",
      title: `${j.key} ends at ${fmt(j.actual)}, ${j.higherIsBetter ? "below" : "above"} the expected ${j.expectation.value} (${j.expectation.source})`,
      steps: [j.step, j.step],
      evidence: j.evidence,
      causes: dedupeCauses(runCauses()),
    };
    findings.push(f);
  }
  for (const j of judgements.filter((x) => x.met))
    findings.push({
      run: name,
      symptom: "metric_meets_expectation",
      severity: "info",
      title: `${j.key} ends at ${fmt(j.actual)}, meeting the expected ${j.expectation.value} (${j.expectation.source})`,
      steps: [j.step, j.step],
      evidence: j.evidence,
      causes: [],
    });
  if (options.reference) {
    try {
      const refS = computeSignals(options.reference);
      const gap = compareWithReference(run, ctx.s, options.reference, refS, judgements[0]?.expectation.target);
      if (gap?.worse) {
        const f: Finding = {
          run: name,
          symptom: "metric_below_reference",
          severity: "warning",
          title: `${gap.target} ends at ${fmt(gap.actual)}, ${gap.higherIsBetter ? "below" : "above"} the reference run ${options.reference.name} (${fmt(gap.reference)}); ${gap.differences.length} configuration difference(s)`,
          steps: [],
          evidence: gap.evidence,
          causes: dedupeCauses(runCauses()),
          reference: options.reference.name,
        };
        proposed.set(f, gap.proposed);
        findings.push(f);
      } else if (gap) {
        findings.push({
          run: name,
          symptom: "reference_compared",
          severity: "info",
          reference: options.reference.name,
          title: `${gap.target} ends at ${fmt(gap.actual)} vs ${fmt(gap.reference)} in the reference run ${options.reference.name}: no gap to explain; ${gap.differences.length} configuration difference(s)`,
          steps: [],
          evidence: gap.evidence,
          causes: [],
        });
      }
    } catch (e) {
      findings.push(failedStep(name, "Comparing with the reference run failed", e, false));
    }
  }
  if (run.failed)
    findings.push({
      run: name,
      symptom: "run_unreadable",
      severity: "info",
      title: "Reading this run failed; the diagnosis only sees what could be read",
      steps: [],
      evidence: run.problems.slice(0, 3).map((p) => ({ source: "run" as const, note: `${p.file}: ${p.code}: ${p.message}` })),
      causes: [],
    });
  const deduped = dedupe(findings);
  const possible = rankFindings(deduped, facts, proposed);
  markRankedConfigFindings(deduped);
  return orderFindings([...consolidate(deduped), ...possible]);
}

/** Findings of the structural facts: one per symptom, with every node its facts name. */
function structureFindings(run: string, facts: StructureFact[], poor: boolean): Finding[] {
  const by = new Map<string, StructureFact[]>();
  for (const f of facts) by.set(f.symptom, [...(by.get(f.symptom) ?? []), f]);
  const out: Finding[] = [];
  for (const [symptom, fs] of by) {
    fs.sort((a, b) => Number(b.definite === true) - Number(a.definite === true) || b.strength - a.strength);
    const definite = fs[0].definite === true;
    const warn = definite || poor;
    out.push({
      run,
      symptom,
      severity: warn ? "warning" : "info",
      title: fs.map((f) => f.title).join("; "),
      steps: [],
      evidence: fs.flatMap((f) => f.evidence),
      causes: [],
      fromFact: fs[0].id,
      structure: true,
      nodes: [...new Set(fs.flatMap((f) => f.nodes))],
      ...(warn ? {} : { potentialCause: causesOfFact(fs[0])[0] }),
    });
  }
  return out;
}

/** The symptom of a finding built from a definite configuration fact. */
const FACT_SYMPTOM: Partial<Record<FactId, string>> = {
  "config.regression_loss_on_classifier": "config_loss_task_mismatch",
  "config.binary_loss_multiclass": "config_loss_task_mismatch",
  "config.loss_activation_mismatch": "config_loss_activation_mismatch",
  "config.output_activation_wrong": "config_output_activation",
  "config.lr_below_range": "config_learning_rate",
  "config.lr_above_range": "config_learning_rate",
  "config.init_zero": "config_weight_init",
  "config.init_large": "config_weight_init",
};

function causesOfFact(f: Fact): string[] {
  return CAUSE_MODELS.filter((m) => m.raisedBy.some((r) => r.fact === f.id)).map((m) => m.code);
}

/** Whether the run logged a configuration that is wrong whatever the curves show. */
function f_definite(run: TrainingRun): boolean {
  return configFindings(run, { poor: true }).some((f) => f.definite === true);
}

/**
 * A good outcome: every expectation met, or (without expectations) an accuracy most of the way
 * from chance to 1. Configuration oddities of such a run stay info.
 */
function outcomeGood(s: RunSignals, judgements: Judgement[]): boolean {
  if (judgements.length) return judgements.every((j) => j.met);
  return accuracyGood(s);
}

function dedupeCauses(cs: Finding["causes"]): Finding["causes"] {
  const by = new Map<string, Finding["causes"][number]>();
  for (const c of cs) {
    const p = by.get(c.code);
    if (!p || c.confidence > p.confidence) by.set(c.code, c);
  }
  return [...by.values()];
}

/**
 * A configuration finding whose cause the ranking placed in a curve finding (or in the
 * expectation/reference finding) is shown once, there: the configuration finding becomes info.
 * Definite mismatches stay warnings.
 */
function markRankedConfigFindings(fs: Finding[]): void {
  const ranked = new Map<string, string>();
  for (const f of fs)
    if (!f.configCheck && f.severity !== "info") for (const c of f.causes) if (!ranked.has(c.code)) ranked.set(c.code, f.symptom);
  for (const f of fs) {
    if (!f.configCheck || f.severity === "info" || f.definite === true) continue;
    const code = f.causes[0]?.code;
    if (code && ranked.has(code)) {
      f.severity = "info";
      f.potentialCause = code;
      f.rankedIn = ranked.get(code);
      f.causes = [];
    }
  }
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
  learning_rate_too_high: [
    "overfitting",
    // (an early validation optimum read as a repeated batch: overshooting updates give it too)
    "repeated_batch",
    "too_many_epochs",
    "dead_relu",
    "vanishing_gradient",
    "learning_rate_too_low",
    "weight_init_too_large",
    "input_not_normalized",
  ],
  numerical_instability: ["learning_rate_too_low", "overfitting"],
  exploding_gradient: ["learning_rate_too_low", "overfitting", "dead_relu"],
  vanishing_gradient: ["learning_rate_too_low", "weights_frozen", "weight_init_zero"],
  dead_relu: ["vanishing_gradient", "learning_rate_too_low", "weight_init_zero", "weights_frozen"],
  weight_init_zero: ["dead_relu", "vanishing_gradient", "learning_rate_too_low", "weights_frozen"],
  weight_init_too_large: ["input_not_normalized", "dead_relu", "overfitting", "learning_rate_too_low"],
  input_not_normalized: ["overfitting", "learning_rate_too_low", "dead_relu"],
  wrong_loss_function: ["dead_relu", "weight_init_zero", "learning_rate_too_low", "too_few_epochs"],
  batch_size_too_large: ["learning_rate_too_low", "weight_init_zero", "dead_relu", "vanishing_gradient"],
  weights_frozen: [
    "learning_rate_too_low",
    "learning_rate_too_high",
    "dead_relu",
    "weight_init_zero",
    "vanishing_gradient",
    "label_noise",
    "batch_size_too_large",
    "too_few_epochs",
    "class_imbalance",
  ],
  // (batches one class at a time swing the model from class to class: the epoch-level loss stays
  // flat with steps that are not small)
  data_not_shuffled: ["overfitting", "learning_rate_too_high", "label_noise", "learning_rate_too_low"],
  too_few_epochs: ["learning_rate_too_low"],
};
const EXPLAIN_MIN_CONFIDENCE = T.explainMinConfidence.value;

function consolidate(fs: Finding[]): Finding[] {
  const strong = new Set<string>();
  for (const f of fs)
    if (f.severity !== "info" && (!f.configCheck || f.severity === "error"))
      for (const c of f.causes) if (c.confidence >= EXPLAIN_MIN_CONFIDENCE) strong.add(c.code);
  const explained = (code: string) =>
    [...strong].some(
      (k) => k !== code && EXPLAINS[k]?.includes(code) && !(EXPLAINS[code]?.includes(k) && confidenceOf(fs, code) > confidenceOf(fs, k)),
    );
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
    else if (RANK[f.severity] === RANK[prev.severity])
      for (const c of f.causes) if (!prev.causes.some((p) => p.code === c.code)) prev.causes.push(c);
  }
  return [...by.values()];
}

function orderFindings(fs: Finding[]): Finding[] {
  return fs.sort((a, b) => RANK[a.severity] - RANK[b.severity] || (b.causes[0]?.confidence ?? 0) - (a.causes[0]?.confidence ?? 0));
}

/** The info finding a failed step of the diagnosis leaves (`withStack`: the error's stack as evidence). */
function failedStep(run: string, what: string, e: unknown, withStack: boolean): Finding {
  return {
    run,
    symptom: "diagnosis_failed",
    severity: "info",
    title: `${what}: ${(e as Error).message}`,
    steps: [],
    evidence: withStack ? [{ source: "run", note: String((e as Error).stack ?? e).slice(0, 400) }] : [],
    causes: [],
  };
}
