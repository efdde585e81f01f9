// Scores the diagnosis on ../shared/realworld (logs committed to public projects): false alarms on
// the runs RUNS.md reads as healthy (any warning/error finding), and, for the runs it reads as a
// problem, whether a finding names a symptom of that problem. RUNS.md's readings are human
// judgments made from the numbers, a development aid and not labels: the report says how many
// entries were looked at and lists every entry's outcome so each can be checked by hand.
//
// Mapping: every run the reader finds under logs/ is assigned to the RUNS.md entry named like it
// (a run per log file), else to the entry whose path is the longest prefix of the run's name (a file entry stands for its directory); an entry left
// without a run gets the innermost run above it (the reader grouped its directory into a parent
// run); entries with no run read ("not read") are counted apart. A problem reading counts as caught when a finding of
// its run has one of the reading's symptoms (any severity; warning/error counted separately).
import fs from "node:fs";
import path from "node:path";
import { loadExperiment } from "../../src/reader/index.ts";
import { diagnoseRun, type Finding } from "../../src/diagnose/index.ts";
import type { TrainingRun } from "../../src/model/index.ts";

export type Reading = "healthy" | "overfitting" | "not learning" | "diverging" | "unstable" | "unclear";

/** The symptoms that show each problem reading (symptom codes of the diagnosis spec). */
export const READING_SYMPTOMS: Record<Exclude<Reading, "healthy" | "unclear">, string[]> = {
  overfitting: ["val_loss_rising", "train_val_gap", "val_metric_falling"],
  "not learning": [
    "loss_not_decreasing",
    "loss_slow_convergence",
    "metric_at_chance",
    "metric_at_majority_rate",
    "metric_below_expectation",
  ],
  diverging: ["loss_diverging", "loss_nan_or_inf", "loss_too_large", "gradient_exploding", "gradient_non_finite", "val_loss_rising"],
  unstable: ["loss_oscillating", "loss_diverging", "loss_nan_or_inf"],
};

export interface Entry {
  path: string;
  reading: Reading;
}

export function parseRunsMd(text: string): Entry[] {
  const out: Entry[] = [];
  for (const line of text.split("\n")) {
    const m = /^- `([^`]+)` - .*Reading: \*\*([a-z ]+)\*\*/.exec(line);
    if (m) out.push({ path: m[1], reading: m[2] as Reading });
  }
  return out;
}

export interface EntryOutcome {
  path: string;
  reading: Reading;
  runs: number;
  alarms: string[];
  symptoms: string[];
  caught?: boolean;
  caughtWarning?: boolean;
}
export interface RealworldReport {
  entries: number;
  read: number;
  notRead: string[];
  healthy: { runs: number; falseAlarms: number };
  problems: { runs: number; caught: number; caughtWarning: number; byReading: Record<string, { runs: number; caught: number }> };
  unclear: number;
  outcomes: EntryOutcome[];
}

export type Diagnose = (run: TrainingRun) => Finding[];

export async function scoreRealworld(root: string, diagnose: Diagnose = diagnoseRun): Promise<RealworldReport> {
  const entries = parseRunsMd(fs.readFileSync(path.join(root, "RUNS.md"), "utf8"));
  const logs = path.join(root, "logs");
  const key = (e: Entry) =>
    fs.existsSync(path.join(logs, e.path)) && fs.statSync(path.join(logs, e.path)).isFile() ? path.dirname(e.path) : e.path;
  const exp = await loadExperiment(logs);
  const runsOf = new Map<Entry, TrainingRun[]>();
  for (const run of exp.runs) {
    // a run named after a file entry (the reader makes one run per log file of a directory) is that entry's
    const exact = entries.filter((e) => e.path === run.name);
    if (exact.length) {
      for (const e of exact) runsOf.set(e, [...(runsOf.get(e) ?? []), run]);
      continue;
    }
    // else the entries with the longest matching key (several file entries may share one directory's run)
    let best: Entry[] = [],
      bestLen = -1;
    for (const e of entries) {
      const k = key(e);
      if (!(run.name === k || run.name.startsWith(k + "/"))) continue;
      if (k.length > bestLen) {
        best = [e];
        bestLen = k.length;
      } else if (k.length === bestLen) best.push(e);
    }
    for (const e of best) {
      const a = runsOf.get(e) ?? [];
      a.push(run);
      runsOf.set(e, a);
    }
  }
  // the reader may group an entry's directory into a parent run (YOLO runs/detect/train → runs/detect,
  // Keras train/ + validation/ beside a training.log): an entry left without a run gets the
  // innermost run above it
  for (const e of entries) {
    if (runsOf.has(e)) continue;
    const above = exp.runs
      .filter((r) => r.name === "." || key(e).startsWith(r.name + "/"))
      .sort((a, b) => b.name.length - a.name.length)[0];
    if (above) runsOf.set(e, [above]);
  }
  const outcomes: EntryOutcome[] = [];
  const r: RealworldReport = {
    entries: entries.length,
    read: 0,
    notRead: [],
    healthy: { runs: 0, falseAlarms: 0 },
    problems: { runs: 0, caught: 0, caughtWarning: 0, byReading: {} },
    unclear: 0,
    outcomes,
  };
  for (const e of entries) {
    const runs = runsOf.get(e) ?? [];
    if (!runs.length) {
      r.notRead.push(e.path);
      continue;
    }
    r.read++;
    const findings = runs.flatMap((x) => diagnose(x));
    const alarms = findings
      .filter((f) => f.severity !== "info")
      .map((f) => `${f.severity}:${f.symptom}(${f.causes.map((c) => c.code).join(",")})`);
    const o: EntryOutcome = {
      path: e.path,
      reading: e.reading,
      runs: runs.length,
      alarms,
      symptoms: [...new Set(findings.map((f) => f.symptom))],
    };
    if (e.reading === "healthy") {
      r.healthy.runs++;
      if (alarms.length) r.healthy.falseAlarms++;
    } else if (e.reading === "unclear") r.unclear++;
    else {
      const want = READING_SYMPTOMS[e.reading];
      o.caught = findings.some((f) => want.includes(f.symptom));
      o.caughtWarning = findings.some((f) => f.severity !== "info" && want.includes(f.symptom));
      r.problems.runs++;
      if (o.caught) r.problems.caught++;
      if (o.caughtWarning) r.problems.caughtWarning++;
      const b = (r.problems.byReading[e.reading] ??= { runs: 0, caught: 0 });
      b.runs++;
      if (o.caught) b.caught++;
    }
    outcomes.push(o);
  }
  return r;
}

function pc(a: number, b: number): string {
  return b ? `${a}/${b} = ${((100 * a) / b).toFixed(1)} %` : "n/a";
}

export function formatRealworld(r: RealworldReport, details: boolean): string {
  const L = [
    `RUNS.md entries: ${r.entries}; with a run read: ${r.read}; not read: ${r.notRead.length}${r.notRead.length ? ` (${r.notRead.join(", ")})` : ""}`,
    `healthy readings: false alarms (warning/error) ${pc(r.healthy.falseAlarms, r.healthy.runs)}`,
    `problem readings: caught with a right symptom ${pc(r.problems.caught, r.problems.runs)} (at warning/error: ${pc(r.problems.caughtWarning, r.problems.runs)})`,
    ...Object.entries(r.problems.byReading).map(([k, v]) => `  ${k}: ${pc(v.caught, v.runs)}`),
    `unclear readings (not scored): ${r.unclear}`,
  ];
  if (details) {
    L.push("");
    for (const o of r.outcomes) {
      if (o.reading === "healthy" && o.alarms.length) L.push(`  FALSE ALARM ${o.path}: ${o.alarms.join(" | ")}`);
      if (o.caught === false) L.push(`  MISSED ${o.reading} ${o.path}: symptoms ${o.symptoms.join(",") || "(none)"}`);
      if (o.caught && !o.caughtWarning) L.push(`  INFO ONLY ${o.reading} ${o.path}: symptoms ${o.symptoms.join(",")}`);
    }
  }
  return L.join("\n") + "\n";
}
