// Scores diagnoses against zoo labels: per fault recall (an accepted cause appears in a warning or
// error finding) and top-1 (the first cause of the most severe finding is accepted), the healthy
// false-positive rate (healthy runs with any warning/error), per-cause and micro precision over
// the distinct (run, cause) pairs of warning/error findings, and the mean number of distinct
// causes per run. A label may carry its own accepted causes (worldgen runs). Beside the headline
// recall, the "offered" recall counts a run whose accepted cause is asserted or only offered
// (an info finding's `possible_causes`, a configuration risk's `potentialCause`): it shows what the
// logs could not confirm, and never enters the headline numbers. The "within logged evidence"
// recall counts a run as caught when its accepted cause is asserted, or is an unconfirmed
// candidate of a warning/error finding: the engine saw the symptom and named the cause, but the
// cause needs evidence of its own kind (weights, gradients, a configuration naming it) that the run
// did not log, so offering it is the most the logs allow. It is reported beside the headline
// recall, never instead of it.
import type { Finding } from "../../src/diagnose/index.ts";
import { acceptedCauses } from "./accepted.ts";

export interface LabeledDiagnosis {
  run: string;
  fault: string;
  variant: string;
  convention?: string;
  level?: string;
  /** Accepted cause codes given by the labels (worldgen); absent → accepted.ts (zoo faults). */
  accepted?: string[];
  findings: Finding[];
}

export interface FaultScore {
  fault: string;
  runs: number;
  recall: number;
  /** Share of runs whose accepted cause is asserted or offered ("possible — log X to confirm"). */
  offered: number;
  /** Share of runs whose accepted cause is asserted, or unconfirmed for lack of evidence of its kind. */
  bounded: number;
  top1: number;
  misses: string[];
}
export interface CauseScore {
  cause: string;
  reported: number;
  correct: number;
  precision: number;
}

export interface EvalScore {
  runs: number;
  faults: FaultScore[];
  macroRecall: number;
  /** Macro recall counting asserted or offered causes (not part of the headline score). */
  macroOffered: number;
  /** Macro recall within the evidence logged (asserted, or unconfirmed for lack of evidence of its kind). */
  macroBounded: number;
  macroTop1: number;
  healthyRuns: number;
  healthyFalsePositives: number;
  healthyFpRate: number;
  causes: CauseScore[];
  microPrecision: number;
  meanDistinctCauses: number;
  meanDistinctCausesFaulty: number;
}

function acceptedOf(it: LabeledDiagnosis): Set<string> {
  return it.accepted ? new Set([it.fault, ...it.accepted]) : acceptedCauses(it.fault, it.variant);
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

export function distinctCauses(findings: Finding[]): string[] {
  const out: string[] = [];
  for (const f of findings) if (f.severity !== "info") for (const c of f.causes) if (!out.includes(c.code)) out.push(c.code);
  return out;
}

/** Causes asserted or offered by any finding: warning/error causes, info findings' causes, `potentialCause`. */
export function offeredCauses(findings: Finding[]): Set<string> {
  const out = new Set<string>();
  for (const f of findings) {
    for (const c of f.causes) out.add(c.code);
    if (typeof f.potentialCause === "string") out.add(f.potentialCause);
  }
  return out;
}

/** Causes a warning/error finding's ranking kept as unconfirmed: evidence of their own kind was not logged. */
export function unconfirmedCauses(findings: Finding[]): Set<string> {
  const out = new Set<string>();
  for (const f of findings) if (f.severity !== "info") for (const c of f.candidates ?? []) if (c.status === "unconfirmed") out.add(c.code);
  return out;
}

export function topCause(findings: Finding[]): string | undefined {
  const sorted = findings.filter((f) => f.severity !== "info" && f.causes.length).sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  return sorted[0]?.causes[0]?.code;
}

export function score(items: LabeledDiagnosis[]): EvalScore {
  const byFault = new Map<string, LabeledDiagnosis[]>();
  for (const it of items) {
    const l = byFault.get(it.fault) ?? [];
    l.push(it);
    byFault.set(it.fault, l);
  }
  const faults: FaultScore[] = [];
  for (const [fault, list] of [...byFault].sort()) {
    if (fault === "healthy") continue;
    let hit = 0,
      top = 0,
      offered = 0,
      bounded = 0;
    const misses: string[] = [];
    for (const it of list) {
      const acc = acceptedOf(it);
      const cs = distinctCauses(it.findings);
      if (cs.some((c) => acc.has(c))) hit++;
      if (cs.some((c) => acc.has(c)) || [...unconfirmedCauses(it.findings)].some((c) => acc.has(c))) bounded++;
      if ([...offeredCauses(it.findings)].some((c) => acc.has(c))) offered++;
      else misses.push(`${it.run} [${it.variant}, ${it.convention}/${it.level}] → ${cs.join(",") || "(none)"}`);
      const t = topCause(it.findings);
      if (t && acc.has(t)) top++;
    }
    faults.push({
      fault,
      runs: list.length,
      recall: hit / list.length,
      offered: offered / list.length,
      bounded: bounded / list.length,
      top1: top / list.length,
      misses,
    });
  }
  const healthy = byFault.get("healthy") ?? [];
  const hfp = healthy.filter((it) => it.findings.some((f) => f.severity !== "info")).length;
  const causeMap = new Map<string, { reported: number; correct: number }>();
  let nCauses = 0,
    nFaultyCauses = 0;
  for (const it of items) {
    const acc = it.fault === "healthy" ? new Set<string>() : acceptedOf(it);
    const cs = distinctCauses(it.findings);
    nCauses += cs.length;
    if (it.fault !== "healthy") nFaultyCauses += cs.length;
    for (const c of cs) {
      const e = causeMap.get(c) ?? { reported: 0, correct: 0 };
      e.reported++;
      if (acc.has(c)) e.correct++;
      causeMap.set(c, e);
    }
  }
  const causes = [...causeMap]
    .map(([cause, e]) => ({ cause, ...e, precision: e.correct / e.reported }))
    .sort((a, b) => a.cause.localeCompare(b.cause));
  const rep = causes.reduce((s, c) => s + c.reported, 0),
    cor = causes.reduce((s, c) => s + c.correct, 0);
  const faulty = items.length - healthy.length;
  return {
    runs: items.length,
    faults,
    macroRecall: faults.length ? faults.reduce((s, f) => s + f.recall, 0) / faults.length : NaN,
    macroOffered: faults.length ? faults.reduce((s, f) => s + f.offered, 0) / faults.length : NaN,
    macroBounded: faults.length ? faults.reduce((s, f) => s + f.bounded, 0) / faults.length : NaN,
    macroTop1: faults.length ? faults.reduce((s, f) => s + f.top1, 0) / faults.length : NaN,
    healthyRuns: healthy.length,
    healthyFalsePositives: hfp,
    healthyFpRate: healthy.length ? hfp / healthy.length : NaN,
    causes,
    microPrecision: rep ? cor / rep : NaN,
    meanDistinctCauses: items.length ? nCauses / items.length : NaN,
    meanDistinctCausesFaulty: faulty ? nFaultyCauses / faulty : NaN,
  };
}
