// The diagnosis report of an experiment (schema 1 of docs/spec/diagnosis.md): one summary per
// training run (its sources and the tag of each role) and every finding of every run.
import { mainRoleKeysOf, taskKindOf, type Experiment, type TrainingRun } from "../model/index.ts";
import type { DiagnosisReport, RunSummary } from "./types.ts";
import { diagnoseRun, type DiagnoseOptions } from "./engine.ts";
import { viewRoles } from "./signals/index.ts";
import { siblingSuggestions } from "./siblings.ts";

export const DIAGNOSIS_TOOL_VERSION = "0.1.0";

/** A run's sources and the key of the main series of each role (model/main_series.ts), as the diagnosis reads them. */
export function runSummary(run: TrainingRun): RunSummary {
  const sources: string[] = [];
  for (const d of run.dirs) for (const s of d.sources) sources.push(s.path);
  return { run: run.name, sources, roles: mainRoleKeysOf(run, viewRoles(run)), taskKind: taskKindOf(run).kind };
}

export type RunDoneListener = (done: number, total: number, run: string) => void;

/**
 * Diagnoses every run of `exp`. `options` apply to every run (the expectations; the reference run,
 * which is not diagnosed against itself); `onRunDone` (optional, or given instead of the options)
 * hears of each run diagnosed (progress of long diagnoses).
 */
export function diagnoseExperiment(
  exp: Experiment,
  options: (DiagnoseOptions & { onRunDone?: RunDoneListener }) | RunDoneListener = {},
): DiagnosisReport {
  const opts = typeof options === "function" ? { onRunDone: options } : options;
  const onRunDone = opts.onRunDone;
  const report: DiagnosisReport = { schema: 1, tool: { name: "trainscope", version: DIAGNOSIS_TOOL_VERSION }, runs: [], findings: [] };
  // without an explicit reference, sibling runs that differ in one or two hyper-parameters and did
  // better are offered as references
  const suggested = opts.reference ? new Map() : siblingSuggestions(exp.runs);
  for (const run of exp.runs) {
    report.runs.push(runSummary(run));
    report.findings.push(...diagnoseRun(run, run === opts.reference ? { ...opts, reference: undefined } : opts));
    const s = suggested.get(run);
    if (s) report.findings.push(s);
    onRunDone?.(report.runs.length, exp.runs.length, run.name);
  }
  return report;
}
