// The diagnosis output, exactly as agreed in docs/spec/diagnosis.md (schema 1).

export type Severity = "error" | "warning" | "info";

export interface Evidence {
  source: "scalar" | "histogram" | "tensor" | "hparam" | "config" | "run" | "watchpoint" | "graph";
  /** Series key inside the run (tag as written, prefixed by the sub-directory when not the run's own). */
  tag?: string;
  step?: number;
  /** Several steps (a window) when one step is not enough. */
  steps?: [number, number];
  value?: number | string | boolean | null;
  note?: string;
  /** Graph evidence: the names of the nodes it is about (the graph page highlights them); `tag` names the graph. */
  nodes?: string[];
}

export interface Cause {
  code: string;
  confidence: number;
  why: string;
  evidence: Evidence[];
  fixes: string[];
  checklist: string[];
}

/** One cause the ranking weighed for a finding (ranking.ts), and what became of it. */
export interface CandidateSummary {
  code: string;
  score: number;
  status: "asserted" | "dropped" | "unconfirmed";
  /** Set when evidence of the cause's own kind ruled it out: what that evidence says. */
  ruledOut?: string;
}

export interface Finding {
  run: string;
  symptom: string;
  severity: Severity;
  title: string;
  /** [first, last] step of the window that shows the symptom. */
  steps: [number, number] | [];
  evidence: Evidence[];
  causes: Cause[];
  /** Every cause the ranking weighed (an extra key of the spec's). */
  candidates?: CandidateSummary[];
  /** Extra keys are allowed by the spec. */
  [extra: string]: unknown;
}

export interface RunSummary {
  run: string;
  sources: string[];
  roles: Record<string, string>;
  [extra: string]: unknown;
}

export interface DiagnosisReport {
  schema: 1;
  tool: { name: "trainscope"; version: string };
  runs: RunSummary[];
  findings: Finding[];
}
