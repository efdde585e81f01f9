// `trainscope export PATH --format csv|json [--tags REGEX]`: every scalar point, no down-sampling,
// in long form. CSV header `run,tag,step,wall_time,value`; `run` is the directory holding the file,
// relative to PATH ('.' for PATH itself); `tag` as written in the file; NaN/Inf written as `nan`,
// `inf`, `-inf` (also in JSON, as strings). JSON is the same rows as an array of objects. Output is
// streamed with back-pressure, so big logs never sit in memory twice. Exit 2 for bad input.
// CSV text fields (run, tag) that a spreadsheet would run as a formula (starting with = + - @, tab or
// CR) get a leading apostrophe (OWASP's advice against CSV injection); `--raw` writes them as they are.
import type { Command } from "commander";
import { csvTextField, type Experiment } from "../../model/index.ts";
import { UsageError, formatNumber, loadExperimentOrFail, runCommand, writeChunk } from "../common.ts";
import { Progress } from "../progress.ts";

const CHUNK = 1 << 16;

function jsonNumber(v: number): string {
  return Number.isFinite(v) ? String(v) : `"${formatNumber(v)}"`;
}

/** Writes every scalar point of `exp` (tags matching `tagFilter`) to `out`. Returns the number of rows. */
export async function writeExport(
  exp: Experiment,
  format: "csv" | "json",
  tagFilter: RegExp | undefined,
  out: NodeJS.WritableStream,
  raw = false,
): Promise<number> {
  // formula prefixes neutralised unless `raw`, quoted per RFC 4180 when needed (model/csv_text.ts)
  const csvField = csvTextField;
  let buf = format === "csv" ? "run,tag,step,wall_time,value\n" : "[";
  let rows = 0;
  for (const run of exp.runs) {
    for (const d of run.dirs) {
      for (const s of d.scalars.values()) {
        if (tagFilter && !tagFilter.test(s.tag)) continue;
        const steps = s.steps,
          walls = s.wallTimes,
          values = s.values;
        if (format === "csv") {
          const prefix = `${csvField(d.path, raw)},${csvField(s.tag, raw)},`;
          for (let i = 0; i < s.length; i++) {
            buf += `${prefix}${formatNumber(steps[i])},${formatNumber(walls[i])},${formatNumber(values[i])}\n`;
            if (buf.length >= CHUNK) {
              await writeChunk(out, buf);
              buf = "";
            }
          }
        } else {
          const prefix = `{"run":${JSON.stringify(d.path)},"tag":${JSON.stringify(s.tag)},"step":`;
          for (let i = 0; i < s.length; i++) {
            buf += `${rows + i === 0 ? "\n" : ",\n"}${prefix}${jsonNumber(steps[i])},"wall_time":${jsonNumber(walls[i])},"value":${jsonNumber(values[i])}}`;
            if (buf.length >= CHUNK) {
              await writeChunk(out, buf);
              buf = "";
            }
          }
        }
        rows += s.length;
      }
    }
  }
  if (format === "json") buf += rows ? "\n]\n" : "]\n";
  await writeChunk(out, buf);
  return rows;
}

export function registerExport(program: Command): void {
  program
    .command("export")
    .description("Write every scalar point under PATH in long form (run,tag,step,wall_time,value) as CSV or JSON, no down-sampling")
    .argument("<PATH>", "logdir or one log file")
    .option("--format <format>", "csv or json", "csv")
    .option("--tags <regex>", "only tags matching this regular expression")
    .option(
      "--raw",
      "CSV: write run and tag names as they are (by default a name starting with = + - @ gets a leading ' so spreadsheets do not run it as a formula)",
    )
    .action(async (p: string, opts: { format: string; tags?: string; raw?: boolean }) => {
      await runCommand("export", async () => {
        const format = opts.format.toLowerCase();
        if (format !== "csv" && format !== "json") throw new UsageError(`--format ${opts.format}: expected csv or json`);
        let filter: RegExp | undefined;
        if (opts.tags !== undefined) {
          try {
            filter = new RegExp(opts.tags);
          } catch (e) {
            throw new UsageError(`--tags ${opts.tags}: not a regular expression (${(e as Error).message})`);
          }
        }
        const progress = new Progress();
        let exp: Experiment;
        try {
          exp = await loadExperimentOrFail(p, { progress: progress.loadHooks() });
        } finally {
          progress.done();
        }
        await writeExport(exp, format, filter, process.stdout, opts.raw === true);
      });
    });
}
