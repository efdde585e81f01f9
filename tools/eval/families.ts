// Leave-one-family-out evaluation. A family is framework × model × dataset × logging style (the
// worldgen labels carry it; zoo runs get tfjs × model × dataset × convention). For each
// held-out family the diagnoser is fitted on every OTHER family (the `Fit` hook: a threshold refit
// gets only the training families' runs and labels) and scores the held-out family: macro recall
// over its faults, healthy false-positive rate, micro precision and causes per run. The pooled row
// scores all held-out predictions together; rows by inputs available group runs by what their logs
// carry (scalars only / with histograms / with configuration) and by development set.
//
// The default Fit ignores its training runs and returns today's engine (diagnoseRun), so each
// family's held-out score is its plain score. A module given by `--refit FILE` exporting
// `fit(training) => Diagnoser` replaces it (see README: refit hook).
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadExperiment } from "../../src/reader/index.ts";
import { diagnoseRun, type Finding, type RankedCause } from "../../src/diagnose/index.ts";
import type { TrainingRun } from "../../src/model/index.ts";
import { score, type EvalScore, type LabeledDiagnosis } from "./score.ts";

/** One labelled run as the evaluation knows it (worldgen or zoo). */
export interface FamilyLabel {
  path: string;
  fault: string;
  variant: string;
  /** Accepted cause codes (the fault's own code first); absent → accepted.ts decides (zoo runs). */
  accepted?: string[];
  family: string;
  set: string;
  inputs: { histograms: boolean; config: boolean };
  convention?: string;
  level?: string;
}

export interface LabeledRun {
  run: TrainingRun;
  label: FamilyLabel;
}

/** What a fitted diagnoser does: findings for a run it was not fitted on. */
export interface Diagnoser {
  diagnose(run: TrainingRun): Finding[];
}
/** The refit hook: fitted only on the training families' runs (the held-out family is never passed). */
export type Fit = (training: LabeledRun[], heldOutFamily: string) => Diagnoser | Promise<Diagnoser>;

/** Today's engine, no fitting. */
export const noRefit: Fit = () => ({ diagnose: (run) => diagnoseRun(run) });

/** The label whose path is the longest prefix of (or equal to) the run's name. */
function labelOf(name: string, labels: FamilyLabel[]): FamilyLabel | undefined {
  let best: FamilyLabel | undefined;
  for (const l of labels) {
    const p = l.path.replace(/\/+$/, "");
    if ((name === p || name.startsWith(p + "/")) && (!best || p.length > best.path.length)) best = l;
  }
  return best;
}

/** Worldgen labels (`labels.json` written by tools/worldgen/write_logs.ts). */
export function worldLabels(dir: string): FamilyLabel[] {
  const j = JSON.parse(fs.readFileSync(path.join(dir, "labels.json"), "utf8")) as { runs: (FamilyLabel & { style: string })[] };
  return j.runs.map((r) => ({
    path: r.path,
    fault: r.fault,
    variant: r.variant,
    accepted: r.accepted,
    family: r.family,
    set: r.set,
    inputs: r.inputs,
    convention: r.style,
    level: r.inputs.histograms ? "full" : "scalars",
  }));
}

/** Fault-zoo labels (examples/fault-zoo labels.json) as families tfjs/<model>/<dataset>/<convention> (the level is an input, not a family). */
export function zooLabels(dir: string): FamilyLabel[] {
  const j = JSON.parse(fs.readFileSync(path.join(dir, "labels.json"), "utf8")) as {
    runs: { path: string; fault: string; variant: string; convention: string; level: string; config: { model: string; dataset: string } }[];
  };
  return j.runs.map((r) => ({
    path: r.path,
    fault: r.fault,
    variant: r.variant,
    family: `tfjs/${r.config.model}/${r.config.dataset}/${r.convention}`,
    set: "zoo",
    inputs: { histograms: r.level === "full" && r.convention !== "csv", config: true },
    convention: r.convention,
    level: r.level,
  }));
}

/** Runs of a labelled logdir, each with its label (runs under one label — add_scalars siblings — are kept together). */
export async function labeledRuns(
  dir: string,
  labels: FamilyLabel[],
): Promise<{ groups: Map<string, { label: FamilyLabel; runs: TrainingRun[] }>; unlabeled: string[] }> {
  const exp = await loadExperiment(dir);
  const groups = new Map<string, { label: FamilyLabel; runs: TrainingRun[] }>();
  const unlabeled: string[] = [];
  for (const run of exp.runs) {
    const l = labelOf(run.name, labels);
    if (!l) {
      unlabeled.push(run.name);
      continue;
    }
    const g = groups.get(l.path) ?? { label: l, runs: [] };
    g.runs.push(run);
    groups.set(l.path, g);
  }
  return { groups, unlabeled };
}

export interface FamilyRow {
  family: string;
  runs: number;
  healthy: number;
  faults: number;
  score: EvalScore;
}
export interface FamiliesReport {
  rows: FamilyRow[];
  pooled: EvalScore;
  byInputs: { name: string; score: EvalScore }[];
  bySet: { name: string; score: EvalScore }[];
  /** Weight-level causes at warning/error on runs that log no histogram (no weight-level evidence). */
  /**
   * Weight-level causes asserted (warning/error) on runs without histograms: every such run × cause
   * pair, and those among them that no configuration fact of the cause's own kind backs (an
   * initialiser or frozen layers named in the hyper-parameters) — the ones the issue forbids.
   */
  weightLevelWithoutEvidence: { runs: number; assertions: number; scalarRuns: number; unbacked: number };
  /** Healthy runs with a warning/error: "path: symptom(causes) | ...". */
  healthyFalsePositives: string[];
  msPerRun: number;
}

/** Causes about the weights themselves: never to be asserted from scalars alone. */
export const WEIGHT_LEVEL_CAUSES = [
  "weights_frozen",
  "weight_init_zero",
  "weight_init_too_large",
  "weight_init_too_small",
  "weights_shared_wrongly",
];

function toItem(label: FamilyLabel, findings: Finding[]): LabeledDiagnosis {
  return {
    run: label.path,
    fault: label.fault,
    variant: label.variant,
    accepted: label.accepted,
    convention: label.convention,
    level: label.level,
    findings,
  };
}

/** Leave-one-family-out over labelled run groups. */
export async function leaveOneFamilyOut(
  groups: Map<string, { label: FamilyLabel; runs: TrainingRun[] }>,
  fit: Fit = noRefit,
): Promise<FamiliesReport> {
  const all = [...groups.values()];
  const families = [...new Set(all.map((g) => g.label.family))].sort();
  const heldOut: { label: FamilyLabel; item: LabeledDiagnosis }[] = [];
  let ms = 0,
    n = 0;
  let shared: Diagnoser | undefined;
  for (const fam of families) {
    const test = all.filter((g) => g.label.family === fam);
    let d: Diagnoser;
    if (fit === noRefit) d = shared ??= await fit([], fam);
    else
      d = await fit(
        all.filter((g) => g.label.family !== fam).flatMap((g) => g.runs.map((run) => ({ run, label: g.label }))),
        fam,
      );
    for (const g of test) {
      const t0 = performance.now();
      const findings = g.runs.flatMap((r) => d.diagnose(r));
      ms += performance.now() - t0;
      n++;
      heldOut.push({ label: g.label, item: toItem(g.label, findings) });
    }
  }
  const rows: FamilyRow[] = families.map((family) => {
    const items = heldOut.filter((h) => h.label.family === family).map((h) => h.item);
    const healthy = items.filter((i) => i.fault === "healthy").length;
    return { family, runs: items.length, healthy, faults: items.length - healthy, score: score(items) };
  });
  const pick = (f: (l: FamilyLabel) => boolean) => score(heldOut.filter((h) => f(h.label)).map((h) => h.item));
  const byInputs = [
    { name: "scalars only", score: pick((l) => !l.inputs.histograms && !l.inputs.config) },
    { name: "with histograms", score: pick((l) => l.inputs.histograms) },
    { name: "with configuration", score: pick((l) => l.inputs.config) },
    { name: "configuration, no histograms", score: pick((l) => l.inputs.config && !l.inputs.histograms) },
  ];
  const sets = [...new Set(heldOut.map((h) => h.label.set))].sort();
  const bySet = sets.flatMap((s) => {
    const out = [{ name: s, score: pick((l) => l.set === s) }];
    if (s === "mutation") {
      out.push({
        name: "mutation, keras_csv (per epoch + configuration)",
        score: pick((l) => l.set === s && l.convention === "keras_csv"),
      });
      out.push({ name: "mutation, event-file styles", score: pick((l) => l.set === s && l.convention !== "keras_csv") });
    }
    return out;
  });
  const scalarRuns = heldOut.filter((h) => !h.label.inputs.histograms);
  let wRuns = 0,
    wAssertions = 0,
    wUnbacked = 0;
  for (const h of scalarRuns) {
    const asserted = h.item.findings
      .filter((f) => f.severity !== "info")
      .flatMap((f) => f.causes)
      .filter((c) => WEIGHT_LEVEL_CAUSES.includes(c.code));
    const codes = new Set(asserted.map((c) => c.code));
    if (codes.size) {
      wRuns++;
      wAssertions += codes.size;
    }
    // (a cause asserted by several findings is backed when any of them carries the backing fact)
    for (const code of codes)
      if (!asserted.some((c) => c.code === code && (c as RankedCause).ranking?.contributions.some((k) => k.backing))) wUnbacked++;
  }
  const healthyFalsePositives = heldOut
    .filter((h) => h.label.fault === "healthy" && h.item.findings.some((f) => f.severity !== "info"))
    .map(
      (h) =>
        `${h.label.path}: ${h.item.findings
          .filter((f) => f.severity !== "info")
          .map((f) => `${f.symptom}(${f.causes.map((c) => c.code).join(",")})`)
          .join(" | ")}`,
    );
  return {
    rows,
    pooled: score(heldOut.map((h) => h.item)),
    byInputs,
    bySet,
    weightLevelWithoutEvidence: { runs: wRuns, assertions: wAssertions, scalarRuns: scalarRuns.length, unbacked: wUnbacked },
    healthyFalsePositives,
    msPerRun: n ? ms / n : 0,
  };
}

function pc(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : "n/a";
}

function line(name: string, s: EvalScore, width: number): string {
  const fp = s.healthyRuns ? `${s.healthyFalsePositives}/${s.healthyRuns} = ${pc(s.healthyFpRate)}` : "n/a";
  return `| ${name.padEnd(width)} | ${String(s.runs).padStart(4)} (${String(s.healthyRuns).padStart(3)}) | ${pc(s.macroRecall).padStart(7)} | ${pc(s.macroBounded).padStart(7)} | ${pc(s.macroOffered).padStart(7)} | ${fp.padStart(16)} | ${pc(s.microPrecision).padStart(7)} | ${s.meanDistinctCauses.toFixed(2).padStart(5)} |`;
}

export function formatFamilies(r: FamiliesReport): string {
  const wd = Math.max(40, ...r.rows.map((x) => x.family.length));
  const head = `| ${"held-out family".padEnd(wd)} | runs (healthy) | macro recall | within logged evidence | right cause offered | healthy FP | micro precision | causes/run |`;
  const sep = `|${"-".repeat(wd + 2)}|---|---|---|---|---|---|---|`;
  const L = [head, sep, ...r.rows.map((x) => line(x.family, x.score, wd))];
  L.push(line("**pooled (all held-out families)**", r.pooled, wd));
  L.push(
    "",
    `| ${"by inputs available".padEnd(wd)} | runs (healthy) | macro recall | within logged evidence | right cause offered | healthy FP | micro precision | causes/run |`,
    sep,
  );
  for (const b of r.byInputs) L.push(line(b.name, b.score, wd));
  L.push(
    "",
    `| ${"by development set".padEnd(wd)} | runs (healthy) | macro recall | within logged evidence | right cause offered | healthy FP | micro precision | causes/run |`,
    sep,
  );
  for (const b of r.bySet) L.push(line(b.name, b.score, wd));
  const w = r.weightLevelWithoutEvidence;
  L.push(
    "",
    `weight-level causes asserted (warning/error) on runs without histograms: ${w.runs} of ${w.scalarRuns} runs (${w.assertions} run × cause pairs; ${w.unbacked} not backed by a configuration fact of their kind)`,
  );
  L.push(`healthy runs with a warning/error: ${r.healthyFalsePositives.length}`, ...r.healthyFalsePositives.map((x) => `  ${x}`));
  L.push("", `diagnosis time: ${r.msPerRun.toFixed(1)} ms per run`);
  return L.join("\n") + "\n";
}

export function formatFaults(s: EvalScore, misses: boolean): string {
  const L = ["fault                         runs  recall   top-1  offered  within logged evidence"];
  for (const f of s.faults)
    L.push(
      `${f.fault.padEnd(28)} ${String(f.runs).padStart(5)}  ${pc(f.recall).padStart(7)}  ${pc(f.top1).padStart(7)}  ${pc(f.offered).padStart(7)}  ${pc(f.bounded).padStart(7)}`,
    );
  L.push("", "cause                         reported  correct  precision");
  for (const c of s.causes)
    L.push(`${c.cause.padEnd(28)} ${String(c.reported).padStart(9)} ${String(c.correct).padStart(8)}  ${pc(c.precision).padStart(9)}`);
  if (misses) {
    L.push("", "misses:");
    for (const f of s.faults) for (const m of f.misses) L.push(`  ${f.fault}: ${m}`);
  }
  return L.join("\n") + "\n";
}

/** Loads `--refit FILE`: a module exporting `fit: Fit`. */
export async function loadFit(file: string | undefined): Promise<Fit> {
  if (!file) return noRefit;
  const m = (await import(path.resolve(file))) as { fit?: Fit };
  if (typeof m.fit !== "function") throw new Error(`${file}: exports no fit(training, heldOutFamily) function`);
  return m.fit;
}
