// `trainscope serve LOGDIR [--port 6007] [--host 127.0.0.1] [--token [T]] [--allowed-hosts A,B]
// [--follow-symlinks]`: the web dashboard over a logdir (runs listed at once, loaded lazily,
// refreshed live while files grow). Prints the URL (with the token when there is one); exit 2 when
// LOGDIR cannot be read (an existing empty directory is served: runs appear as they are written).
// A --host other than loopback needs --token or --allowed-hosts and prints a warning
// (docs/security.md); `--token` without a value makes a random one.
// While the runs first load, a terminal shows the progress on stderr (runs, files, bytes, ETA).
// The logdir's index (src/store) lives in `--index DIR` (default $XDG_CACHE_HOME/trainscope or
// ~/.cache/trainscope, never inside LOGDIR): a second start lists the runs at once and reads only
// what changed. `--no-index` reads everything every time; `--max-loaded N` bounds the runs in memory.
// `trainscope serve --db URL [--project P]` serves a team database instead of LOGDIR (runs written by
// `trainscope ingest`, diagnosis as stored): stateless, so several may run behind a load balancer.
// Its tokens are the project's read tokens (`trainscope token create`): required for every request
// beyond loopback, optional on loopback (a token given must still be valid: 401 unknown, 403 another
// project's or an ingest token).
import type { Command } from "commander";
import type { RunningServer } from "../../server/index.ts";
import type { LoadProgress, RunDescriptor } from "../../reader/index.ts";
import { checkInputPath, runCommand, UsageError } from "../common.ts";
import { Progress } from "../progress.ts";
import fs from "node:fs";
import crypto from "node:crypto";
import path from "node:path";
import { termSafe } from "../terminal.ts";
import { dbUrl, openDb, projectName } from "./db_options.ts";

async function serveDb(url: string, project: string, opts: { port: string; host: string; allowedHosts?: string }): Promise<void> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${opts.port}: not a port number`);
  const { store, pool } = await openDb(url, 10);
  const { startServer, storedRunsBackends, isLoopbackBind } = await import("../../server/index.ts");
  const source = new store.PgRunSource(pool, project);
  const { reader, diagnose } = storedRunsBackends(source);
  const allowedHosts = opts.allowedHosts
    ?.split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  let server: RunningServer;
  try {
    server = await startServer({
      port,
      host: opts.host,
      allowedHosts,
      elsewhere: {
        reader,
        diagnose,
        label: `${store.redactUrl(url)} project ${project}`,
        authorize: store.tokenChecker(pool, project, "read"),
        scalars: new store.PgSeriesReader(pool, project),
      },
    });
  } catch (e) {
    await pool.end();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new UsageError(`port ${port} on ${opts.host} is in use (try --port 0)`);
    if (code === "EACCES" || code === "EADDRNOTAVAIL") throw new UsageError(`cannot listen on ${opts.host}:${port} (${code})`);
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (!isLoopbackBind(opts.host))
    process.stderr.write(`trainscope serve: listening on ${opts.host}: every request needs a read token of project ${project}\n`);
  process.stdout.write(`trainscope dashboard for ${termSafe(store.redactUrl(url))} project ${termSafe(project)}\n${server.url}\n`);
  const stop = () => {
    void server
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Serve the web dashboard (scalars, histograms, tensors, images, diagnosis) for LOGDIR")
    .argument("[LOGDIR]", "directory of training logs (or one log file); or --db")
    .option("--port <port>", "port to listen on (0 = any free port)", "6007")
    .option("--host <host>", "address to listen on (other than loopback: needs --token or --allowed-hosts)", "127.0.0.1")
    .option("--token [token]", "require this secret on every request (a random one when no value is given)")
    .option("--allowed-hosts <names>", 'comma-separated host names the dashboard answers besides localhost ("*" for any, with --token)')
    .option("--follow-symlinks", "follow symbolic links that lead out of LOGDIR (configuration files outside are never read)")
    .option("--index <dir>", "keep the index of LOGDIR in this directory (default: $XDG_CACHE_HOME/trainscope or ~/.cache/trainscope)")
    .option("--no-index", "keep no index: read every file at each start")
    .option("--max-loaded <n>", "most runs kept in memory at once (default 64 with the index, else all)")
    .option("--db [url]", "serve a team database written by `trainscope ingest` instead of LOGDIR (no URL: TRAINSCOPE_DB_URL)")
    .option("--project <name>", "with --db: the project to serve", "default")
    .action(
      async (
        logdir: string | undefined,
        opts: {
          port: string;
          host: string;
          token?: string | true;
          allowedHosts?: string;
          followSymlinks?: boolean;
          index?: string | boolean;
          maxLoaded?: string;
          db?: string | true;
          project?: string;
        },
      ) => {
        await runCommand("serve", async () => {
          if (opts.db !== undefined) {
            if (logdir !== undefined) throw new UsageError("give LOGDIR or --db, not both");
            if (opts.token !== undefined)
              throw new UsageError("--token: with --db the project's read tokens are the tokens (trainscope token create)");
            await serveDb(dbUrl(opts.db === true ? undefined : opts.db), projectName(opts.project), opts);
            return;
          }
          if (logdir === undefined) throw new UsageError("no LOGDIR given (or --db URL)");
          let abs: string;
          try {
            abs = checkInputPath(logdir);
          } catch (e) {
            // An empty directory is fine to serve: a training about to start writes into it (live view).
            if (!(e instanceof UsageError) || !/empty directory/.test(e.message)) throw e;
            abs = path.resolve(logdir);
            process.stderr.write(`trainscope serve: ${logdir} is empty for now; runs appear when files are written\n`);
          }
          const port = Number(opts.port);
          if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${opts.port}: not a port number`);
          // The server (hono, the readers) is loaded on use, so `--help` stays fast.
          const { startServer, DEFAULT_WEB_ROOT, isLoopbackBind } = await import("../../server/index.ts");
          const { defaultIndexDir, indexFileFor, IndexLocationError } = await import("../../store/index.ts");
          const maxLoaded = opts.maxLoaded === undefined ? undefined : Number(opts.maxLoaded);
          if (maxLoaded !== undefined && (!Number.isInteger(maxLoaded) || maxLoaded < 1))
            throw new UsageError(`--max-loaded ${opts.maxLoaded}: a whole number of runs, at least 1`);
          let indexDir: string | undefined =
            typeof opts.index === "string" ? opts.index : opts.index === false ? undefined : defaultIndexDir();
          if (indexDir !== undefined) {
            try {
              indexFileFor(abs, indexDir);
            } catch (e) {
              if (!(e instanceof IndexLocationError)) throw e;
              if (typeof opts.index === "string") throw new UsageError(`--index: ${e.message}`);
              process.stderr.write(`trainscope serve: ${termSafe(e.message)}; serving without an index\n`);
              indexDir = undefined;
            }
          }
          if (!fs.existsSync(path.join(DEFAULT_WEB_ROOT, "index.html"))) {
            process.stderr.write(
              `trainscope serve: the web app is not built (${DEFAULT_WEB_ROOT}); run \`npm run build\`. The API still works.\n`,
            );
          }
          const token = opts.token === true ? crypto.randomBytes(18).toString("base64url") : opts.token;
          if (token !== undefined && token.length < 8) throw new UsageError("--token: at least 8 characters");
          const allowedHosts = opts.allowedHosts
            ?.split(",")
            .map((h) => h.trim())
            .filter(Boolean);
          if (!isLoopbackBind(opts.host)) {
            if (token === undefined && !allowedHosts?.length)
              throw new UsageError(`--host ${opts.host} lets other machines reach your logs: give --token (or --allowed-hosts NAMES) too`);
            process.stderr.write(
              `trainscope serve: warning: listening on ${opts.host}: anyone who can reach this machine ${token !== undefined ? "and knows the token " : ""}can read the logs under ${abs}\n`,
            );
          }
          // progress of the initial load on stderr (a terminal only): runs, files and bytes read
          const progress = new Progress({ verb: "loading" });
          const hooks: LoadProgress | undefined = progress.loadHooks();
          let server: RunningServer;
          try {
            server = await startServer({
              logdir: abs,
              port,
              host: opts.host,
              token,
              allowedHosts,
              followSymlinks: opts.followSymlinks,
              loadProgress: hooks,
              indexDir,
              maxLoaded,
            });
          } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code === "EADDRINUSE") throw new UsageError(`port ${port} on ${opts.host} is in use (try --port 0)`);
            if (code === "EACCES" || code === "EADDRNOTAVAIL") throw new UsageError(`cannot listen on ${opts.host}:${port} (${code})`);
            throw new UsageError(e instanceof Error ? e.message : String(e));
          }
          process.stdout.write(`trainscope dashboard for ${termSafe(abs)}\n${server.url}\n`);
          if (server.indexError) process.stderr.write(`trainscope serve: no index: ${termSafe(server.indexError)}\n`);
          if (server.index?.rebuilt)
            process.stderr.write(`trainscope serve: index ${termSafe(server.index.file)}: ${termSafe(server.index.rebuilt)}\n`);
          if (progress.enabled) {
            let files = 0,
              bytes = 0;
            const entries = [...server.dashboard.store.entries.values()];
            for (const e of entries)
              for (const f of (e.descriptor as RunDescriptor | undefined)?.files ?? []) {
                files++;
                bytes += f.size;
              }
            progress.setTotals({ runs: entries.length, files, bytes });
            void server.dashboard.loaded.finally(() => progress.done());
          }
          const stop = () => {
            void server.close().then(() => process.exit(0));
          };
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        });
      },
    );
}
