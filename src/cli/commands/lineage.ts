// `trainscope lineage LOGDIR [--json|--csv] [--importance METRIC]`: one row per training run with
// every hyper-parameter (and its source), the final and best value of each metric role with its
// step, the diagnosis summary, duration, last step and files; keys are the union over runs.
// `--json` prints `{ "runs": [ { "run", "hparams", "metrics", "diagnosis", ... } ] }`; `--csv` the same
// flattened (one column per key). `--importance METRIC` ranks the hyper-parameters for a metric key
// (`val_loss` = its best value, `val_loss.final`) and adds `"importance": [ { "param", "score", "low",
// "high", "kind", ... } ]`, most important first (in CSV a second table after a blank line). Exit 2
// when LOGDIR holds nothing readable or METRIC is not a metric of any run. Each run also carries its
// dataset lineage and, when the dashboard holds some for it, the user's `tags` and `note`.
import type { Command } from "commander";
import type { ImportanceResult, LineageTable } from "../../diagnose/index.ts";
import { UsageError, loadExperimentOrFail, runCommand, writeChunk } from "../common.ts";

export interface LineageCliOptions {
  json?: boolean;
  csv?: boolean;
  importance?: string;
  diagnose?: boolean;
}

/** The `--json` document. */
export function lineageJson(table: LineageTable, importance?: { metric: string; result: ImportanceResult }): unknown {
  const doc: Record<string, unknown> = { runs: table.runs, hparamKeys: table.hparamKeys, metricKeys: table.metricKeys };
  if (importance) {
    doc.importance = importance.result.entries;
    doc.importanceTarget = {
      metric: importance.metric,
      runs: importance.result.n,
      dropped: importance.result.dropped,
      trees: importance.result.trees,
      bootstrap: importance.result.bootstrap,
    };
  }
  return doc;
}

function cut(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toPrecision(4).replace(/\.?0+(e|$)/, "$1");
  return cut(String(v).replace(/\s+/g, " "), 24);
}

/** The human-readable table: the hyper-parameters that differ between runs, the metrics' best values, the diagnosis. */
export function lineageText(table: LineageTable, importance?: { metric: string; result: ImportanceResult }): string {
  const varying = table.hparamKeys.filter((k) => new Set(table.runs.map((r) => JSON.stringify(r.hparams[k]))).size > 1);
  const shownH = varying.slice(0, 8);
  const shownM = table.metricKeys.filter((m) => m !== "learning_rate").slice(0, 4);
  const head = ["run", ...shownH, ...shownM.map((m) => `${m} (best)`), "steps", "diagnosis"];
  const rows = table.runs.map((r) => [
    cut(r.run, 40),
    ...shownH.map((k) => cell(r.hparams[k])),
    ...shownM.map((m) => cell(r.metrics[m]?.best ?? r.metrics[m]?.final)),
    cell(r.steps),
    r.diagnosis.worst === "none"
      ? "ok"
      : `${r.diagnosis.worst}${r.diagnosis.topCause ? `: ${r.diagnosis.topCause}` : r.diagnosis.topSymptom ? `: ${r.diagnosis.topSymptom}` : ""}`,
  ]);
  const all = [head, ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  let out = `${table.runs.length} run(s), ${table.hparamKeys.length} hyper-parameter(s) (${varying.length} differ between runs), metrics: ${table.metricKeys.join(", ") || "none"}\n`;
  if (varying.length > shownH.length) out += `(${varying.length - shownH.length} more differing hyper-parameter(s): use --json or --csv)\n`;
  out += all.map((r) => r.map((x, c) => (c === r.length - 1 ? x : x.padEnd(widths[c]))).join("  ")).join("\n") + "\n";
  if (importance) {
    const res = importance.result;
    out += `\nimportance for ${importance.metric} (${res.n} run(s) with a value${res.dropped ? `, ${res.dropped} without` : ""}; ${res.trees ? "permutation importance of a random forest on ranks, 90 % bootstrap band" : "too few runs to rank: at least 8 with a value are needed"}):\n`;
    for (const e of res.entries) {
      out += `  ${e.param.padEnd(24)} ${e.score.toFixed(3).padStart(7)}  [${e.low.toFixed(3)}, ${e.high.toFixed(3)}]  ${e.kind.padEnd(11)} ${e.verdict}${e.pearson !== null ? `  |r|=${e.pearson.toFixed(2)}` : ""}${e.interactions.length ? `  interacts with ${e.interactions.join(", ")}` : ""}\n`;
    }
  }
  return out;
}

export function registerLineage(program: Command): void {
  program
    .command("lineage")
    .description("One row per run: hyper-parameters (with sources), final and best metrics, diagnosis; optional hyper-parameter importance")
    .argument("<LOGDIR>", "a folder of runs")
    .option("--json", "print one JSON document")
    .option("--csv", "print the table flattened as CSV")
    .option("--importance <METRIC>", "rank hyper-parameters for a metric key (val_loss = best value, val_loss.final)")
    .option("--no-diagnose", "skip the diagnosis columns (faster on big sweeps)")
    .action(async (p: string, opts: LineageCliOptions) => {
      await runCommand("lineage", async () => {
        if (opts.json && opts.csv) throw new UsageError("--json and --csv exclude each other");
        const exp = await loadExperimentOrFail(p);
        const { buildLineage, importanceCsv, lineageCsv, lineageImportance } = await import("../../diagnose/index.ts"); // loaded here: --help stays fast
        const table = buildLineage(exp, { diagnose: opts.diagnose !== false });
        // the user's tags and notes from the dashboard (kept in the cache directory, never in the logdir)
        const { annotationsPath, readAnnotations } = await import("../../server/index.ts"); // loaded here: --help stays fast
        const notes = readAnnotations(annotationsPath(p));
        if (notes.error) process.stderr.write(`trainscope lineage: tags and notes not read: ${notes.error}\n`);
        for (const r of table.runs) {
          const a = notes.runs.get(r.run);
          if (a) {
            r.tags = a.tags;
            r.note = a.note;
          }
        }
        let importance: { metric: string; result: ImportanceResult } | undefined;
        if (opts.importance !== undefined) {
          const result = lineageImportance(table, opts.importance);
          if (!result)
            throw new UsageError(
              `--importance ${opts.importance}: no run has this metric (metrics: ${table.metricKeys.join(", ") || "none"})`,
            );
          importance = { metric: opts.importance, result };
        }
        if (opts.json) await writeChunk(process.stdout, JSON.stringify(lineageJson(table, importance), null, 2) + "\n");
        else if (opts.csv)
          await writeChunk(process.stdout, lineageCsv(table) + (importance ? "\n" + importanceCsv(importance.result) : ""));
        else await writeChunk(process.stdout, lineageText(table, importance));
      });
    });
}
