// `trainscope diagnose PATH [--json] [--role KEY=ROLE] [--expect TARGET=VALUE] [--reference REF]`: reads a run or a folder of runs and prints
// the diagnosis (docs/spec/diagnosis.md). Exit 0 whenever PATH could be read; 2 when it does not
// exist or holds nothing readable. The human output lists, per run: the roles the diagnosis used,
// the damage met in the files (file and byte offset or line), the findings by severity with their
// evidence (every line names its series) and a small chart of the curve that shows each finding,
// then every cause once with all the findings it explains, its fixes and checklist items.
// `--json` prints the schema-1 document; a run whose files are damaged carries them in an extra
// `problems` key (the spec allows unknown extra keys), as do problems met outside any run.
// Names and values that come from the logs are printed with their control characters escaped.
// `--expect` judges the outcome against an expected value; `--reference` explains a gap to a
// reference run by the configuration differences (both passed to the engine).
import type { Command } from "commander";
import * as asciichart from "asciichart";
import type { Cause, DiagnosisReport, Finding } from "../../diagnose/index.ts";
import { formatProblem, runScalars, type Experiment, type Problem, type ScalarSeries } from "../../model/index.ts";
import { addRoleOption, loadExperimentOrFail, parseRoleOverride, runCommand, UsageError, writeChunk } from "../common.ts";
import { Progress } from "../progress.ts";
import { termSafe } from "../terminal.ts";

export function registerDiagnose(program: Command): void {
  const cmd = program
    .command("diagnose")
    .description("Diagnose training runs: findings by severity, evidence, ranked causes and fixes")
    .argument("<path>", "a run directory, a log file or a folder of runs")
    .option("--json", "print the diagnosis as one JSON object (schema 1)")
    .option(
      "--expect <target=value>",
      "expected outcome, e.g. val_accuracy=0.9 or val_loss=0.3 (repeatable); judged against the run's last value",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--reference <path>", "a reference run: a worse outcome is explained by the configuration differences, ranked by the evidence");
  addRoleOption(cmd).action(async (p: string, opts: { json?: boolean; role: string[]; expect?: string[]; reference?: string }) => {
    await runCommand("diagnose", async () => {
      const roleOverrides = opts.role.map(parseRoleOverride);
      // the diagnosis is loaded when the command runs: other commands and --help never load it
      const { diagnoseExperiment, parseExpectation } = await import("../../diagnose/index.ts");
      let expect;
      try {
        expect = (opts.expect ?? []).map(parseExpectation);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      let reference;
      if (opts.reference) {
        const ref = await loadExperimentOrFail(opts.reference, { roleOverrides });
        if (ref.runs.length !== 1)
          throw new UsageError(`--reference ${opts.reference}: holds ${ref.runs.length} training runs; give the directory of one run`);
        const r = ref.runs[0];
        reference = { ...r, name: r.name === "." ? opts.reference : r.name };
      }
      const progress = new Progress({ json: opts.json });
      let exp: Experiment;
      let report: DiagnosisReport;
      try {
        exp = await loadExperimentOrFail(p, { roleOverrides, progress: progress.loadHooks() });
        report = diagnoseExperiment(exp, { expect, reference, ...(progress.enabled ? { onRunDone: progress.diagnosed } : {}) });
      } finally {
        progress.done();
      }
      if (opts.json) await writeChunk(process.stdout, JSON.stringify(withProblems(report, exp), null, 2) + "\n");
      else await writeChunk(process.stdout, formatReport(report, exp));
    });
  });
}

/** One problem as `--json` prints it (the model's fields plus the one-line text). */
export function problemJson(p: Problem): Record<string, unknown> {
  return { ...p, text: formatProblem(p) };
}

/** The report with the reading problems of each run (and those outside runs) as extra `problems` keys, where there are any. */
export function withProblems(report: DiagnosisReport, exp: Experiment): DiagnosisReport & { problems?: unknown[] } {
  const byRun = new Map(exp.runs.map((r) => [r.name, r.problems]));
  const runs = report.runs.map((r) => {
    const ps = byRun.get(r.run) ?? [];
    return ps.length ? { ...r, problems: ps.map(problemJson) } : r;
  });
  return { ...report, runs, ...(exp.problems.length ? { problems: exp.problems.map(problemJson) } : {}) };
}

const MARK = { error: "ERROR", warning: "WARNING", info: "info" } as const;
const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;
/** File problems listed per run in the text report (errors first); the rest are counted. */
const MAX_PROBLEM_LINES = 20;

/** One cause code of a run with every finding it explains (the instance per finding, most confident first). */
export interface CauseGroup {
  code: string;
  confidence: number;
  explains: { finding: Finding; cause: Cause }[];
}

/**
 * The causes of a run's findings, each code once: ordered by its highest confidence, then by how
 * many findings it explains, then by where it first appears.
 */
export function groupCauses(findings: Finding[]): CauseGroup[] {
  const groups = new Map<string, CauseGroup & { first: number }>();
  let order = 0;
  for (const f of findings) {
    for (const c of f.causes) {
      let g = groups.get(c.code);
      if (!g) {
        g = { code: c.code, confidence: c.confidence, explains: [], first: order++ };
        groups.set(c.code, g);
      }
      g.explains.push({ finding: f, cause: c });
      if (c.confidence > g.confidence) g.confidence = c.confidence;
    }
  }
  return [...groups.values()]
    .sort((a, b) => b.confidence - a.confidence || b.explains.length - a.explains.length || a.first - b.first)
    .map(({ first: _f, ...g }) => ({ ...g, explains: [...g.explains].sort((x, y) => y.cause.confidence - x.cause.confidence) }));
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** The human-readable report (names and values from the logs with control characters escaped). */
export function formatReport(report: DiagnosisReport, exp?: Experiment, chartWidth = 60): string {
  const lines: string[] = [];
  const runsByName = new Map(exp?.runs.map((r) => [r.name, r]) ?? []);
  for (const r of report.runs) {
    const fs = report.findings
      .filter((f) => f.run === r.run)
      .map((f, i) => ({ f, i }))
      .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.i - b.i)
      .map((x) => x.f);
    const counts = ["error", "warning", "info"].map((s) => `${fs.filter((f) => f.severity === s).length} ${s}`).join(", ");
    lines.push(`== run ${r.run}  (${counts})`);
    const roles = Object.entries(r.roles)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    if (roles) lines.push(`   roles: ${roles}`);
    const run = runsByName.get(r.run);
    if (run?.problems.length) {
      lines.push(`   damaged or unreadable input (${run.problems.length}):`);
      const shown = [...run.problems].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]).slice(0, MAX_PROBLEM_LINES);
      for (const p of shown) lines.push(`     ${p.severity}: ${formatProblem(p)}`);
      if (run.problems.length > shown.length)
        lines.push(`     ... and ${run.problems.length - shown.length} more (all of them in --json and in \`trainscope inspect\`)`);
    }
    if (fs.length === 0) lines.push("   no findings: nothing wrong seen in what was logged");
    const scalars = run ? runScalars(run) : undefined;
    for (const f of fs) {
      lines.push("", `  [${MARK[f.severity]}] ${f.symptom}: ${f.title}`);
      if (f.steps.length) lines.push(`    steps ${f.steps[0]}–${f.steps[1]}`);
      for (const e of f.evidence) lines.push(`    - ${evidenceText(e)}`);
      if (f.causes.length) lines.push(`    causes: ${f.causes.map((c) => `${c.code} (${c.confidence})`).join(", ")}`);
      for (const c of f.candidates ?? []) if (c.ruledOut) lines.push(`    ruled out: ${c.code} — ${c.ruledOut}`);
      const chart = scalars && f.severity !== "info" ? chartFor(f, scalars, chartWidth) : "";
      if (chart) lines.push(...chart.split("\n"));
    }
    const groups = groupCauses(fs);
    if (groups.length) {
      lines.push("", "  causes (each once, with every finding it explains):");
      groups.forEach((g, i) => {
        const symptoms = unique(g.explains.map((x) => x.finding.symptom));
        lines.push(`  ${i + 1}. ${g.code} (confidence ${g.confidence}) — explains ${symptoms.join(", ")}`);
        for (const { finding, cause } of g.explains) lines.push(`       ${finding.symptom} (${cause.confidence}): ${cause.why}`);
        for (const fix of unique(g.explains.flatMap((x) => x.cause.fixes)).slice(0, 3)) lines.push(`     fix: ${fix}`);
        const checklist = unique(g.explains.flatMap((x) => x.cause.checklist));
        if (checklist.length) lines.push(`     checklist: ${checklist.slice(0, 6).join(", ")}`);
      });
    }
    lines.push("");
  }
  if (exp?.problems.length) {
    lines.push(`problems outside runs (${exp.problems.length}):`);
    for (const p of exp.problems) lines.push(`  ${p.severity}: ${formatProblem(p)}`);
    lines.push("");
  }
  return lines.map(termSafe).join("\n") + "\n";
}

/** One evidence line: source, the series (or hyper-parameter) it is about, step(s), value, note, graph nodes (the first four). */
export function evidenceText(e: Finding["evidence"][number]): string {
  const where = e.step !== undefined ? ` @ step ${e.step}` : e.steps ? ` @ steps ${e.steps[0]}–${e.steps[1]}` : "";
  const val = e.value !== undefined ? ` = ${e.value}` : "";
  const names =
    e.source === "scalar" || e.source === "histogram" || e.source === "tensor" || e.source === "hparam" || e.source === "watchpoint";
  const tag = e.tag ? ` ${e.tag}` : names ? " (no tag)" : "";
  const nodes = e.nodes?.length ? `: ${e.nodes.slice(0, 4).join(", ")}${e.nodes.length > 4 ? ` and ${e.nodes.length - 4} more` : ""}` : "";
  return `${e.source}${tag}${where}${val}${e.note ? ` (${e.note})` : ""}${nodes}`;
}

/** An asciichart of the first scalar evidence's curve (finite values, resampled to `width`). */
function chartFor(f: Finding, scalars: Map<string, ScalarSeries>, width: number): string {
  const tag = f.evidence.find((e) => e.source === "scalar" && e.tag && scalars.has(e.tag))?.tag;
  if (!tag) return "";
  const s = scalars.get(tag)!;
  const vals: number[] = [];
  for (const v of s.values) if (Number.isFinite(v)) vals.push(v);
  if (vals.length < 2) return "";
  const pts: number[] = [];
  const n = Math.min(width, vals.length);
  for (let i = 0; i < n; i++) {
    const a = Math.floor((i * vals.length) / n),
      b = Math.max(a + 1, Math.floor(((i + 1) * vals.length) / n));
    let sum = 0;
    for (let k = a; k < b; k++) sum += vals[k];
    pts.push(sum / (b - a));
  }
  const lo = Math.min(...pts),
    hi = Math.max(...pts);
  if (!(hi > lo)) return `    ${tag}: constant ${lo}`;
  const plot = asciichart.plot(pts, { height: 6, format: (x: number) => x.toPrecision(3).padStart(9) });
  return (
    `    ${tag} (steps ${s.steps[0]}–${s.steps[s.length - 1]}):\n` +
    plot
      .split("\n")
      .map((l) => "    " + l)
      .join("\n")
  );
}
