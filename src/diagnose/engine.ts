// The diagnosis engine: computes a run's signals once, decides the outcome, runs every rule
// (a failing rule becomes an `info` finding, never a crash) and orders the findings by severity
// and confidence.
import type { TrainingRun } from "../model/index.ts";
import type { Finding } from "./types.ts";
import { computeSignals } from "./signals/index.ts";
import { RULES, outcomeOf } from "./rules/index.ts";
import type { RuleContext } from "./rules/context.ts";

const RANK = { error: 0, warning: 1, info: 2 } as const;

export function diagnoseRun(run: TrainingRun): Finding[] {
  const name = run.name;
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
  if (run.failed) findings.push({ run: name, symptom: "run_unreadable", severity: "info", title: "Reading this run failed; the diagnosis only sees what could be read", steps: [], evidence: run.problems.slice(0, 3).map((p) => ({ source: "run" as const, note: `${p.file}: ${p.code}: ${p.message}` })), causes: [] });
  return orderFindings(dedupe(findings));
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
