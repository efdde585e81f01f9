// `trainscope compare RUN_A RUN_B [--json]`: every configuration difference between a reference run
// (A) and a new run (B) from their logged hyper-parameters, with the framework-default traps noted
// (dropout keep vs drop probability, BatchNorm momentum 0.9 vs 0.1, weight-init defaults, Adam
// epsilon, learning rate vs batch size). Exit 2 when a path is missing or holds no readable run.
import type { Command } from "commander";
import type { ConfigDifference } from "../../diagnose/index.ts";
import type { TrainingRun } from "../../model/index.ts";
import { UsageError, checkInputPath, runCommand, writeChunk } from "../common.ts";
import { termSafeText } from "../terminal.ts";

async function loadOne(p: string): Promise<TrainingRun> {
  const abs = checkInputPath(p);
  const { loadExperiment } = await import("../../reader/index.ts");
  const exp = await loadExperiment(abs);
  const runs = exp.runs.filter((r) => !r.failed);
  if (runs.length === 0) throw new UsageError(`${p}: no readable training run`);
  if (runs.length > 1)
    throw new UsageError(
      `${p}: holds ${runs.length} training runs (${runs
        .slice(0, 4)
        .map((r) => r.name)
        .join(", ")}${runs.length > 4 ? ", ..." : ""}); give the directory of one run`,
    );
  return runs[0];
}

const show = (v: unknown) => (v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

export function formatDifferences(a: string, b: string, diffs: ConfigDifference[], countA: number, countB: number): string {
  const lines = [`A: ${a} (${countA} hyper-parameters)`, `B: ${b} (${countB} hyper-parameters)`];
  if (countA === 0 && countB === 0)
    return lines.concat("Neither run logged its configuration (hparams plugin, hparams.json/.yaml, MindSpore lineage).").join("\n") + "\n";
  if (diffs.length === 0) return lines.concat("No configuration differences.").join("\n") + "\n";
  lines.push(
    `${diffs.length} difference${diffs.length === 1 ? "" : "s"}${diffs.some((d) => d.trap) ? ` (${diffs.filter((d) => d.trap).length} framework-default trap${diffs.filter((d) => d.trap).length === 1 ? "" : "s"} first)` : ""}:`,
  );
  const rows = diffs.map((d) => {
    const name = d.nameA && d.nameB && d.nameA !== d.nameB ? `${d.key} (${d.nameA} / ${d.nameB})` : (d.nameA ?? d.nameB ?? d.key);
    return [d.trap ? "!" : " ", name, show(d.a), show(d.b)];
  });
  const head = [" ", "setting", "A", "B"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  lines.push(
    "  " +
      head
        .map((c, i) => c.padEnd(w[i]))
        .join("  ")
        .trimEnd(),
  );
  diffs.forEach((d, i) => {
    lines.push(
      "  " +
        rows[i]
          .map((c, j) => c.padEnd(w[j]))
          .join("  ")
          .trimEnd(),
    );
    if (d.trap) lines.push(`      note: ${d.trap}`);
  });
  return lines.join("\n") + "\n";
}

export function registerCompare(program: Command): void {
  program
    .command("compare")
    .description("List every configuration difference between a reference run and a new run, with framework-default traps")
    .argument("<run_a>", "the reference run (a run directory or file)")
    .argument("<run_b>", "the run to compare with it")
    .option("--json", "print the differences as JSON")
    .action(async (pa: string, pb: string, opts: { json?: boolean }) => {
      await runCommand("compare", async () => {
        const a = await loadOne(pa);
        const b = await loadOne(pb);
        const { compareConfigs } = await import("../../diagnose/index.ts"); // loaded here: --help and other commands stay fast
        const diffs = compareConfigs(a, b);
        if (opts.json) {
          await writeChunk(process.stdout, JSON.stringify({ a: pa, b: pb, differences: diffs }, null, 2) + "\n");
          return;
        }
        await writeChunk(process.stdout, termSafeText(formatDifferences(pa, pb, diffs, a.hparams.size, b.hparams.size)));
      });
    });
}
