// What every rule receives: the run's signals, the outcome (is progress poor?) and helpers to
// build findings and evidence in the agreed shape.
import type { Evidence, Finding, Severity } from "../types.ts";
import type { RunSignals } from "../signals/index.ts";
import type { CurveTrend } from "../signals/loss_trend.ts";
import type { Outcome } from "./outcome.ts";

export interface RuleContext {
  run: string;
  s: RunSignals;
  outcome: Outcome;
}

export type Rule = (ctx: RuleContext) => Finding[];

export function finding(
  ctx: RuleContext,
  symptom: string,
  severity: Severity,
  title: string,
  steps: [number, number] | [],
  evidence: Evidence[],
  causes: Finding["causes"] = [],
): Finding {
  return { run: ctx.run, symptom, severity, title, steps, evidence, causes };
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
}

export function pct(x: number): string {
  return `${Math.round(x * 1000) / 10} %`;
}

/** Evidence for a curve at a given index (finite points of the trend). */
export function at(tr: CurveTrend, i: number, note?: string): Evidence {
  const k = Math.max(0, Math.min(tr.n - 1, i));
  return { source: "scalar", tag: tr.key, step: tr.steps[k], value: round(tr.values[k]), ...(note ? { note } : {}) };
}

export function windowEvidence(tr: CurveTrend, which: "first" | "last", note?: string): Evidence {
  const a = which === "first" ? 0 : tr.n - tr.window;
  const b = which === "first" ? tr.window - 1 : tr.n - 1;
  return {
    source: "scalar",
    tag: tr.key,
    steps: [tr.steps[a], tr.steps[b]],
    value: round(which === "first" ? tr.first : tr.last),
    note: note ?? `median of the ${which} ${tr.window} point(s)`,
  };
}

export function round(x: number): number | null {
  if (!Number.isFinite(x)) return null;
  return Number(x.toPrecision(6));
}
