// `trainscope inspect PATH [--json] [--role KEY=ROLE] [--workers N]`: what is in a logdir
// (inspect_report.ts lists what is reported). The logdir is read run by run and each run let go once
// summarised (inspect_pool.ts), in worker threads for big logdirs. Exit 2 when PATH is missing,
// empty or holds nothing readable.
import type { Command } from "commander";
import { addRoleOption, checkInputPath, failWhenNothingReadable, parseRoleOverride, runCommand, UsageError } from "../common.ts";
import { inspectDocumentJson, inspectDocumentText } from "../inspect_report.ts";
import { Progress } from "../progress.ts";

export { parseRoleOverride };
export { inspectJson, inspectText, mainRoleKeys, summarizeTags, type TagSummary } from "../inspect_report.ts";

export function registerInspect(program: Command): void {
  const cmd = program
    .command("inspect")
    .description("List runs, source files, tags (kind, count, steps, NaN/Inf, role), hyper-parameters and problems under PATH")
    .argument("<PATH>", "logdir or one log file")
    .option("--json", "print one JSON document instead of text")
    .option("--workers <N>", "read runs in N worker threads (default: one per core for logdirs of 64 MB or more; 0: none)");
  addRoleOption(cmd).action(async (p: string, opts: { json?: boolean; role: string[]; workers?: string }) => {
    await runCommand("inspect", async () => {
      const roleOverrides = opts.role.map(parseRoleOverride);
      const workers = opts.workers === undefined ? undefined : Number(opts.workers);
      if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0))
        throw new UsageError(`--workers ${opts.workers}: expected a whole number ≥ 0`);
      checkInputPath(p);
      // loaded on use, so `--help` does not pay for the readers
      const { discoverLogdir, discoveryTotals } = await import("../../reader/index.ts");
      const { factsOf, inspectRuns } = await import("../inspect_pool.ts");
      const progress = new Progress({ json: opts.json });
      const hooks = progress.loadHooks();
      let text: string;
      try {
        const disc = await discoverLogdir(p);
        hooks?.start?.(discoveryTotals(disc));
        const runs = await inspectRuns(disc, {
          roleOverrides,
          ...(hooks ? { progress: hooks } : {}),
          ...(workers !== undefined ? { workers } : {}),
        });
        failWhenNothingReadable(p, disc.problems, runs);
        const facts = factsOf(disc);
        text = opts.json ? JSON.stringify(inspectDocumentJson(facts, runs), null, 2) + "\n" : inspectDocumentText(facts, runs);
      } finally {
        progress.done();
      }
      process.stdout.write(text);
    });
  });
}
