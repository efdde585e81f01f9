// The diagnosis report of an experiment (schema 1 of docs/spec/diagnosis.md): one summary per
// training run (its sources and the tag of each role) and every finding of every run.
import { taskKindOf, type Experiment, type TrainingRun } from "../model/index.ts";
import type { DiagnosisReport, RunSummary } from "./types.ts";
import { diagnoseRun, type DiagnoseOptions } from "./engine.ts";
import { mainRewardKey } from "./rules/reinforcement.ts";
import { buildRunView } from "./signals/index.ts";
import { siblingSuggestions } from "./siblings.ts";

export const DIAGNOSIS_TOOL_VERSION = "0.1.0";

export function runSummary(run: TrainingRun): RunSummary {
  const sources: string[] = [];
  for (const d of run.dirs) for (const s of d.sources) sources.push(s.path);
  const roles: Record<string, string> = {};
  const v = buildRunView(run);
  const single: [string, { key: string } | undefined][] = [
    ["train_loss", v.trainLoss],
    ["val_loss", v.valLoss],
    ["train_accuracy", v.trainAcc],
    ["val_accuracy", v.valAcc],
    ["learning_rate", v.lr],
    ["epoch", v.epoch],
    ["grad_norm_total", v.gradNormTotal],
  ];
  for (const [role, c] of single) if (c) roles[role] = c.key;
  const task = taskKindOf(run);
  if (task.kind === "reinforcement") {
    const reward = mainRewardKey(run, task);
    if (reward) roles.reward = reward;
  }
  return { run: run.name, sources, roles, taskKind: task.kind };
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
