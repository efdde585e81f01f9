// `trainscope ingest LOGDIR... --db URL [--project P] [--token T] [--watch] [--interval S] [--json]`:
// reads the runs under each LOGDIR and commits them to the team database (src/store/pg_ingest.ts:
// per run, points, file offsets and diagnosis in one transaction; safe to run on several machines
// at once and to kill at any moment). Once a project has ingest tokens, a worker must give one
// (`--token` or TRAINSCOPE_TOKEN): a missing one exits 2, an unknown one or one of another project or
// role too. Prints one line per pass (runs written, unchanged, failed; points; MB; seconds), or the
// report as JSON; `--watch` goes on tailing every `--interval` seconds until SIGINT/SIGTERM,
// diagnosing a growing run at most every `--diagnose-every` seconds (and its last version once it
// stops growing).
// Exit 0 when every run was written or unchanged, 1 when a run failed, 2 for bad input.
import type { Command } from "commander";
import { checkInputPath, runCommand, UsageError } from "../common.ts";
import { dbUrl, openDb, projectName } from "./db_options.ts";
import { formatBytes } from "../progress.ts";

export function registerIngest(program: Command): void {
  program
    .command("ingest")
    .description("Read the runs under LOGDIR(s) into a team database (PostgreSQL) for `serve --db`")
    .argument("<LOGDIR...>", "directories of training logs (or log files)")
    .option("--db <url>", "postgres://USER:PASSWORD@HOST:PORT/DB (default: TRAINSCOPE_DB_URL)")
    .option("--project <name>", "project the runs belong to", "default")
    .option("--token <token>", "an ingest token of the project (default: TRAINSCOPE_TOKEN); needed once the project has any")
    .option("--watch", "keep tailing: ingest what is new every --interval seconds until interrupted")
    .option("--interval <seconds>", "seconds between passes with --watch", "2")
    .option(
      "--diagnose-every <seconds>",
      "with --watch: diagnose a growing run at most this often (its last version is diagnosed once it stops growing)",
      "10",
    )
    .option("--json", "print each pass's report as one JSON line")
    .option("--follow-symlinks", "follow symbolic links that lead out of LOGDIR")
    .action(
      async (
        logdirs: string[],
        opts: {
          db?: string;
          project?: string;
          token?: string;
          watch?: boolean;
          interval: string;
          diagnoseEvery: string;
          json?: boolean;
          followSymlinks?: boolean;
        },
      ) => {
        await runCommand("ingest", async () => {
          const dirs = logdirs.map((d) => checkInputPath(d));
          const interval = Number(opts.interval);
          if (!(interval > 0) || interval > 86400) throw new UsageError(`--interval ${opts.interval}: expected seconds > 0`);
          const diagnoseEvery = Number(opts.diagnoseEvery);
          if (!(diagnoseEvery >= 0) || diagnoseEvery > 86400)
            throw new UsageError(`--diagnose-every ${opts.diagnoseEvery}: expected seconds >= 0`);
          const project = projectName(opts.project);
          const { store, pool } = await openDb(dbUrl(opts.db), 4);
          let stop = false;
          let wake: (() => void) | undefined;
          const onSignal = () => {
            stop = true;
            wake?.();
          };
          process.once("SIGINT", onSignal);
          process.once("SIGTERM", onSignal);
          try {
            const token = opts.token ?? process.env.TRAINSCOPE_TOKEN;
            if (token !== undefined) {
              const v = await store.checkToken(pool, project, token, "ingest");
              if (v === "unknown") throw new UsageError("--token: unknown or revoked token");
              if (v === "forbidden") throw new UsageError(`--token: not an ingest token of project ${project}`);
            } else if (await store.projectHasTokens(pool, project, "ingest")) {
              throw new UsageError(`project ${project} takes ingest tokens: give --token (trainscope token create --role ingest)`);
            }
            const ingester = new store.PgIngester(pool, {
              project,
              followSymlinks: opts.followSymlinks,
              keepRuns: opts.watch === true,
              diagnoseEveryMs: opts.watch ? diagnoseEvery * 1000 : 0,
            });
            let failed = false;
            do {
              const t0 = performance.now();
              const r = await ingester.pass(dirs);
              const s = (performance.now() - t0) / 1000;
              failed ||= r.failed > 0;
              if (opts.json) process.stdout.write(`${JSON.stringify({ ...r, seconds: Number(s.toFixed(3)) })}\n`);
              else if (!opts.watch || r.written || r.failed)
                process.stdout.write(
                  `ingest ${project}: ${r.runs} run(s): ${r.written} written, ${r.unchanged} unchanged, ${r.failed} failed; ${r.points} point(s), ${formatBytes(r.bytes)} in ${s.toFixed(2)} s\n`,
                );
              for (const e of r.errors) process.stderr.write(`trainscope ingest: ${e}\n`);
              if (opts.watch && !stop)
                await new Promise<void>((resolve) => {
                  const t = setTimeout(resolve, interval * 1000);
                  wake = () => {
                    clearTimeout(t);
                    resolve();
                  };
                });
            } while (opts.watch && !stop);
            if (failed) process.exitCode = 1;
          } finally {
            process.off("SIGINT", onSignal);
            process.off("SIGTERM", onSignal);
            await pool.end();
          }
        });
      },
    );
}
