// The ranking step: one explicit, order-independent pass that weighs all the evidence for every
// candidate cause of a finding. Candidates are the causes the rules read from the curves and the
// layer records, plus every cause a fact (configuration, gradient-norm growth, reference
// difference) raises for this symptom (cause_model.ts: `explains`, `raisedBy`). A candidate's
// score is 1 − Π(1 − w) over its supporting contributions, times Π(1 − w) over the facts that
// lower it (so neither the order of the rules nor of the facts matters). A cause whose evidence
// requirement is not met (a weight-level cause read from scalars alone) is never asserted: it
// moves to an `info` finding that offers it as possible, with what to log to confirm it. A fact of
// the cause's own kind of evidence that rules it out (the cause model's `contradictedBy`: weights
// that move at a healthy rate rule out steps too small) removes it from the asserted causes; it stays
// among the finding's candidates as dropped, with `ruledOut` saying why.
// Each ranked cause carries its contributions (`ranking`), and the finding a one-line summary
// (`rankedBy`), so a reader sees what put each cause where it is.
import type { Cause, Evidence, Finding } from "./types.ts";
import { causeModel, SPEC_CAUSE_CODES, type CauseModel } from "./cause_model.ts";
import type { Fact } from "./config_facts.ts";
import { T } from "./thresholds.ts";
import { makeCause } from "./rules/causes.ts";

export type ContributionSource = "curves" | "layers" | "config" | "graph" | "gradients" | "reference" | "expectation";

export interface Contribution {
  source: ContributionSource;
  /** Positive: raises the cause; negative: lowers it. */
  weight: number;
  note: string;
  /** Evidence that meets the cause's requirement (weight/gradient/activation records, or a configuration naming it). */
  backing?: boolean;
}

export interface RankedCause extends Cause {
  ranking?: { score: number; contributions: Contribution[] };
}

interface Candidate {
  code: string;
  why: string;
  evidence: Evidence[];
  fixes: string[];
  contributions: Contribution[];
}

/** Extra candidates a caller proposes for one finding (reference differences, expectation gaps). */
export interface ProposedCause {
  code: string;
  weight: number;
  source: ContributionSource;
  note: string;
  evidence: Evidence[];
  backing?: boolean;
}

const LAYER_SOURCES = new Set(["histogram", "tensor", "watchpoint"]);

function sourceOfFact(f: Fact): ContributionSource {
  return f.id.startsWith("gradients.")
    ? "gradients"
    : f.id.startsWith("graph.")
      ? "graph"
      : f.id.startsWith("weights.")
        ? "layers"
        : f.id.startsWith("outputs.")
          ? "curves"
          : "config";
}

function backsRequirement(m: CauseModel | undefined, f: Fact): boolean {
  if (!m?.requires) return true;
  if (f.id === "gradients.norm_growth") return m.requires.anyOf.includes("grad_norm_growth");
  if (f.id.startsWith("weights.")) return m.requires.anyOf.includes("weights");
  if (f.id.startsWith("outputs.")) return false;
  if (f.id.startsWith("graph.")) return m.requires.anyOf.includes("graph") && (m.requires.graphFacts ?? []).includes(f.id);
  return m.requires.anyOf.includes("config") && (m.requires.configFacts ?? []).includes(f.id);
}

const NOTE_CHARS = 140; // display length of a contribution note

function firstSentence(s: string, max = NOTE_CHARS): string {
  const t = s.split(/(?<=[.;:])\s/)[0];
  return t.length > max ? t.slice(0, max - 1) + "…" : t;
}

export interface CandidateScore {
  code: string;
  score: number;
  status: "asserted" | "dropped" | "unconfirmed";
  contributions: Contribution[];
  /** Set when evidence of the cause's own kind ruled it out: what that evidence says. */
  ruledOut?: string;
}

export interface RankResult {
  causes: RankedCause[];
  /** Every candidate weighed, with its score and what became of it. */
  candidates: CandidateScore[];
  /** Causes that would rank but lack the evidence they require. */
  unconfirmed: RankedCause[];
  summary: string;
}

/**
 * Ranks the candidate causes of one finding. `facts` are the run's facts; `proposed` adds
 * candidates (reference differences) for this finding only.
 */
export function rankCauses(symptom: string, ruleCauses: Cause[], facts: Fact[], proposed: ProposedCause[] = []): RankResult {
  const cands = new Map<string, Candidate>();
  const get = (code: string, why: string, evidence: Evidence[], fixes: string[] = []): Candidate => {
    let c = cands.get(code);
    if (!c) {
      c = { code, why, evidence, fixes, contributions: [] };
      cands.set(code, c);
    }
    return c;
  };
  for (const rc of ruleCauses) {
    const layer = rc.evidence.some((e) => LAYER_SOURCES.has(e.source));
    const c = get(rc.code, rc.why, rc.evidence, rc.fixes);
    c.contributions.push({ source: layer ? "layers" : "curves", weight: rc.confidence, note: firstSentence(rc.why), backing: layer });
  }
  for (const p of proposed) {
    const m = causeModel(p.code);
    const c = get(p.code, p.note, p.evidence, m?.fixes);
    c.contributions.push({ source: p.source, weight: p.weight, note: p.note, backing: p.backing ?? false });
  }
  // facts that raise a cause for this symptom join the candidates
  for (const f of facts) {
    for (const code of causesRaisedBy(f.id)) {
      const m = causeModel(code)!;
      if (!m.explains.includes(symptom)) continue;
      const w = m.raisedBy.find((r) => r.fact === f.id)!.weight * f.strength;
      // a weak fact (a setting just outside its usual range) only reinforces a cause the curves
      // already propose; a new candidate needs a fact of at least moderate weight
      if (!cands.has(code) && w < T.rankModerate.value) continue;
      const c = get(code, f.note, f.evidence, m.fixes);
      if (!c.evidence.length) c.evidence = f.evidence;
      c.contributions.push({ source: sourceOfFact(f), weight: w, note: f.note, backing: backsRequirement(m, f) });
    }
  }
  // facts that lower a candidate
  for (const c of cands.values()) {
    const m = causeModel(c.code);
    for (const l of m?.loweredBy ?? []) {
      const f = facts.find((x) => x.id === l.fact);
      if (f) c.contributions.push({ source: sourceOfFact(f), weight: -l.weight * f.strength, note: f.note });
    }
  }
  // facts of the cause's own kind that rule it out: not asserted, kept among the candidates as dropped
  const vetoed = new Map<RankedCause, string>();
  for (const c of [...cands.values()]) {
    const f = facts.find((x) => causeModel(c.code)?.contradictedBy.includes(x.id));
    if (!f) continue;
    c.contributions.push({ source: sourceOfFact(f), weight: -1, note: `ruled out: ${f.note}` });
    const rc: RankedCause = makeCause(c.code, 0, c.why, c.evidence, c.fixes);
    rc.ranking = { score: 0, contributions: c.contributions.map((k) => ({ ...k, weight: round3(k.weight) })) };
    vetoed.set(rc, f.note);
    cands.delete(c.code);
  }
  const scored = [...cands.values()].map((c) => ({ c, score: scoreOf(c.contributions) }));
  scored.sort((a, b) => b.score - a.score || a.c.code.localeCompare(b.c.code));
  const causes: RankedCause[] = [],
    unconfirmed: RankedCause[] = [];
  for (const { c, score } of scored) {
    if (!(score > 0)) continue;
    const m = causeModel(c.code);
    const contributions = [...c.contributions].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
    const rc: RankedCause = makeCause(c.code, score, c.why, c.evidence, c.fixes);
    rc.ranking = { score: round3(score), contributions: contributions.map((k) => ({ ...k, weight: round3(k.weight) })) };
    const backed = !m?.requires || c.contributions.some((k) => k.backing && k.weight > 0);
    if (backed) causes.push(rc);
    else {
      rc.why = `possible — log ${m!.requires!.log} to confirm. ${c.why}`;
      unconfirmed.push(rc);
    }
  }
  const top = causes[0]?.ranking?.score ?? 0;
  const kept = causes.filter((c, i) => i === 0 || c.ranking!.score >= T.rankKeepShare.value * top).slice(0, T.rankMaxCauses.value);
  const candidates: CandidateScore[] = [...kept, ...causes.filter((c) => !kept.includes(c)), ...unconfirmed, ...vetoed.keys()].map((c) => ({
    code: c.code,
    score: c.ranking!.score,
    status: kept.includes(c) ? "asserted" : unconfirmed.includes(c) ? "unconfirmed" : "dropped",
    contributions: c.ranking!.contributions,
    ...(vetoed.has(c) ? { ruledOut: vetoed.get(c) } : {}),
  }));
  return { causes: kept, candidates, unconfirmed, summary: summarise(kept, unconfirmed, vetoed) };
}

function scoreOf(cs: Contribution[]): number {
  let miss = 1,
    keep = 1;
  for (const k of cs) {
    const w = Math.min(1, Math.abs(k.weight));
    if (k.weight > 0) miss *= 1 - w;
    else keep *= 1 - w;
  }
  return (1 - miss) * keep;
}

const round3 = (x: number) => Number(x.toFixed(3));

function summarise(causes: RankedCause[], unconfirmed: RankedCause[], vetoed: Map<RankedCause, string>): string {
  const part = (c: RankedCause) => {
    const top = (c.ranking?.contributions ?? [])
      .slice(0, 3)
      .map((k) => `${k.source} ${k.weight > 0 ? "+" : ""}${k.weight}: ${k.note}`)
      .join("; ");
    return `${c.code} ${c.ranking?.score} (${top})`;
  };
  const a = causes.map(part).join(" > ");
  const b = unconfirmed.length ? ` | not asserted without weight-level evidence: ${unconfirmed.map((c) => c.code).join(", ")}` : "";
  const v = [...vetoed].map(([c, why]) => ` | ${c.code} ruled out: ${why}`).join("");
  return (a + b + v).replace(/^ \| /, "");
}

const RAISED = new Map<string, string[]>();
function causesRaisedBy(fact: string): string[] {
  if (!RAISED.size) {
    for (const code of ALL_CODES())
      for (const r of causeModel(code)!.raisedBy) {
        const l = RAISED.get(r.fact) ?? [];
        l.push(code);
        RAISED.set(r.fact, l);
      }
  }
  return RAISED.get(fact) ?? [];
}

const ALL_CODES = () => SPEC_CAUSE_CODES;

/**
 * Ranks every warning/error finding of a run in place and returns the info findings that offer
 * the unconfirmed causes. Info findings keep their (empty) causes.
 */
export function rankFindings(findings: Finding[], facts: Fact[], proposed: Map<Finding, ProposedCause[]> = new Map()): Finding[] {
  const extra: Finding[] = [];
  for (const f of findings) {
    if (f.severity === "info") continue;
    // a configuration finding carries its own cause; the facts rank it only when it was built from a fact
    const own = f.configCheck === true && f.fromFact === undefined;
    const r = rankCauses(f.symptom, f.causes, own ? [] : facts, proposed.get(f) ?? []);
    f.causes = r.causes;
    if (r.summary) f.rankedBy = r.summary;
    if (r.candidates.length)
      f.candidates = r.candidates.map(({ code, score, status, ruledOut }) => ({ code, score, status, ...(ruledOut ? { ruledOut } : {}) }));
    if (r.unconfirmed.length) {
      extra.push({
        run: f.run,
        symptom: "possible_causes",
        severity: "info",
        of: f.symptom,
        title: `Possible causes of ${f.symptom} that the logs cannot confirm: ${r.unconfirmed.map((c) => c.code).join(", ")}`,
        steps: f.steps,
        evidence: r.unconfirmed.flatMap((c) => c.evidence).slice(0, 4),
        causes: r.unconfirmed,
      });
    }
  }
  return extra;
}
