// `trainscope diagnose PATH [--json] [--expect TARGET=VALUE] [--reference REF]`: reads a run or a folder of runs and prints the diagnosis
// (shared/spec/diagnosis.md). Exit 0 whenever PATH could be read; 2 when it does not exist or
// holds nothing readable. The human output lists, per run, the findings by severity with their
// evidence, ranked causes and fixes, and a small chart of the curve that shows each finding.
import type { Command } from "commander";
import * as asciichart from "asciichart";
import { diagnoseExperiment, parseExpectation, type DiagnosisReport, type Finding } from "../../diagnose/index.ts";
import { runScalars, type Experiment, type ScalarSeries } from "../../model/index.ts";
import { loadExperimentOrFail, runCommand, UsageError, writeChunk } from "../common.ts";

export function registerDiagnose(program: Command): void {
  program
    .command("diagnose")
    .description("Diagnose training runs: findings by severity, evidence, ranked causes and fixes")
    .argument("<path>", "a run directory, a log file or a folder of runs")
    .option("--json", "print the diagnosis as one JSON object (schema 1)")
    .option("--expect <target=value>", "expected outcome, e.g. val_accuracy=0.9 or val_loss=0.3 (repeatable); judged against the run's last value", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--reference <path>", "a reference run: a worse outcome is explained by the configuration differences, ranked by the evidence")
    .action(async (p: string, opts: { json?: boolean; expect?: string[]; reference?: string }) => {
      await runCommand("diagnose", async () => {
        let expect;
        try { expect = (opts.expect ?? []).map(parseExpectation); } catch (e) { throw new UsageError((e as Error).message); }
        let reference;
        if (opts.reference) {
          const ref = await loadExperimentOrFail(opts.reference);
          if (ref.runs.length !== 1) throw new UsageError(`--reference ${opts.reference}: holds ${ref.runs.length} training runs; give the directory of one run`);
          const r = ref.runs[0];
          reference = { ...r, name: r.name === "." ? opts.reference : r.name };
        }
        const exp = await loadExperimentOrFail(p);
        const report = diagnoseExperiment(exp, { expect, reference });
        if (opts.json) await writeChunk(process.stdout, JSON.stringify(report, null, 2) + "\n");
        else await writeChunk(process.stdout, formatReport(report, exp));
      });
    });
}

const MARK = { error: "ERROR", warning: "WARNING", info: "info" } as const;

/** The human-readable report. */
export function formatReport(report: DiagnosisReport, exp?: Experiment, chartWidth = 60): string {
  const lines: string[] = [];
  for (const r of report.runs) {
    const fs = report.findings.filter((f) => f.run === r.run);
    const counts = ["error", "warning", "info"].map((s) => `${fs.filter((f) => f.severity === s).length} ${s}`).join(", ");
    lines.push(`== run ${r.run}  (${counts})`);
    const roles = Object.entries(r.roles).map(([k, v]) => `${k}=${v}`).join(", ");
    if (roles) lines.push(`   roles: ${roles}`);
    if (fs.length === 0) lines.push("   no findings: nothing wrong seen in what was logged");
    const run = exp?.runs.find((x) => x.name === r.run);
    const scalars = run ? runScalars(run) : undefined;
    for (const f of fs) {
      lines.push("", `  [${MARK[f.severity]}] ${f.symptom}: ${f.title}`);
      if (f.steps.length) lines.push(`    steps ${f.steps[0]}–${f.steps[1]}`);
      for (const e of f.evidence) lines.push(`    - ${evidenceText(e)}`);
      f.causes.forEach((c, i) => {
        lines.push(`    cause ${i + 1}: ${c.code} (confidence ${c.confidence}) — ${c.why}`);
        for (const fix of c.fixes.slice(0, 3)) lines.push(`      fix: ${fix}`);
        if (c.checklist.length) lines.push(`      checklist: ${c.checklist.slice(0, 6).join(", ")}`);
      });
      const chart = scalars && f.severity !== "info" ? chartFor(f, scalars, chartWidth) : "";
      if (chart) lines.push(chart);
    }
    lines.push("");
  }
  return lines.join("\n") + "\n";
}

function evidenceText(e: Finding["evidence"][number]): string {
  const where = e.step !== undefined ? ` @ step ${e.step}` : e.steps ? ` @ steps ${e.steps[0]}–${e.steps[1]}` : "";
  const val = e.value !== undefined ? ` = ${e.value}` : "";
  return `${e.source}${e.tag ? ` ${e.tag}` : ""}${where}${val}${e.note ? ` (${e.note})` : ""}`;
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
    const a = Math.floor((i * vals.length) / n), b = Math.max(a + 1, Math.floor(((i + 1) * vals.length) / n));
    let sum = 0;
    for (let k = a; k < b; k++) sum += vals[k];
    pts.push(sum / (b - a));
  }
  const lo = Math.min(...pts), hi = Math.max(...pts);
  if (!(hi > lo)) return `    ${tag}: constant ${lo}`;
  const plot = asciichart.plot(pts, { height: 6, format: (x: number) => x.toPrecision(3).padStart(9) });
  return `    ${tag} (steps ${s.steps[0]}–${s.steps[s.length - 1]}):\n` + plot.split("\n").map((l) => "    " + l).join("\n");
}
