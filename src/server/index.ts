// Public API of the server part: the dashboard's HTTP server over a logdir (JSON API + the built
// web app), and the same app without a socket for tests (`app.request(...)`).

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { TrainingRun } from "../model/index.ts";
import type { LoadProgress } from "../reader/index.ts";
import { buildApp } from "./app.ts";
import { isLoopbackBind } from "./security.ts";
import { RunStore } from "./run_store.ts";
import {
  defaultDiagnose,
  defaultReader,
  indexFindingsCache,
  indexedReader,
  type DiagnoseBackend,
  type ReaderBackend,
  type StoredScalarSource,
} from "./backend.ts";
import { IndexLocationError, openIndex, type LogIndex } from "../store/index.ts";
import type { AccessOptions } from "./security.ts";

export { lttbIndices } from "./downsample.ts";
export { debiasedEma, windowMean } from "./smoothing.ts";
export { RunStore } from "./run_store.ts";
export { indexedReader, indexFindingsCache } from "./backend.ts";
export type { ReaderBackend, DiagnoseBackend, RunDescriptorLike, StoredRunsSource, StoredScalarSource } from "./backend.ts";
export { storedRunsBackends } from "./backend.ts";
export type { ScalarResponse, XAxis } from "./scalars.ts";
export type { SharedHistograms } from "./histograms.ts";
export type { GraphListItem, GraphDiffAnswer } from "./graphs.ts";
export { diffGraphs, type GraphDiff, type GraphChangeField } from "./graph_diff.ts";
export { isLoopbackBind, isLoopbackName } from "./security.ts";
export { AnnotationStore, AnnotationError, annotationsPath, cacheRoot, readAnnotations, type RunAnnotation } from "./annotations.ts";
import { AnnotationStore } from "./annotations.ts";

/** Where `npm run build` writes the web app. */
export const DEFAULT_WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/web");

export interface CreateAppOptions {
  /** Logdir to read (runs discovered, then loaded lazily). */
  logdir?: string;
  /** The logdir's index (src/store): runs listed from it at once, rebuilt from it, tailed from their stored offsets; findings kept in it. */
  index?: LogIndex;
  /** Most runs kept in memory (default: all; 64 with an index). */
  maxLoaded?: number;
  /** Runs already in memory (instead of a logdir). */
  runs?: TrainingRun[];
  reader?: ReaderBackend;
  diagnose?: DiagnoseBackend;
  /** Built web app; defaults to dist/web. */
  webRoot?: string;
  /** Runs loading at the same time in the background. */
  concurrency?: number;
  /** Diagnose logdir runs in a worker thread (default true). */
  diagnoseInWorker?: boolean;
  /** Host names accepted besides the loopback names (security.ts). */
  allowedHosts?: string[];
  /** Secret every request must carry (security.ts). */
  token?: string;
  /** Tokens kept elsewhere (team mode, security.ts). */
  authorize?: AccessOptions["authorize"];
  tokenRequired?: boolean;
  /** What the run list calls the root (default: the logdir's absolute path). */
  label?: string;
  /** Follow symbolic links that lead out of the logdir (default: not followed, reported). */
  followSymlinks?: boolean;
  /** Time budget of JSON requests, ms. */
  requestBudgetMs?: number;
  /** Event streams open at the same time at most. */
  maxSseClients?: number;
  /** Cache directory of the user's tags and notes (default: $XDG_CACHE_HOME or ~/.cache; annotations.ts). */
  cacheDir?: string;
  /** Scalar series read one at a time where the runs are stored (team mode; app.ts). */
  scalars?: StoredScalarSource;
}

export interface DashboardApp {
  app: Hono;
  store: RunStore;
  /** Same as `app.request`: a socketless request for tests. */
  request: Hono["request"];
  /** Discovers the runs (resolves when the run list is known; loading continues in the background). */
  ready: Promise<void>;
  /** Resolves when every discovered run has been loaded (or failed). */
  loaded: Promise<void>;
  /** Reads new bytes of growing files now (and looks for new runs unless `discover` is false). */
  refresh(opts?: { discover?: boolean }): Promise<void>;
  close(): void;
}

export function createApp(opts: CreateAppOptions): DashboardApp {
  const diagnose = opts.diagnose ?? defaultDiagnose();
  const root = path.resolve(opts.logdir ?? ".");
  const reader =
    opts.reader ??
    (opts.index
      ? indexedReader(opts.index, root, { followSymlinks: opts.followSymlinks })
      : defaultReader({ followSymlinks: opts.followSymlinks }));
  const store = opts.runs
    ? RunStore.fromRuns(opts.runs, diagnose)
    : new RunStore(opts.label ?? root, reader, diagnose, {
        // with an index, runs not indexed yet are read in worker threads (one per core): one more run loads meanwhile
        concurrency: opts.concurrency ?? (opts.index ? os.availableParallelism() + 1 : undefined),
        diagnoseInWorker: opts.diagnoseInWorker,
        maxLoaded: opts.maxLoaded ?? (opts.index ? 64 : undefined),
        ...(opts.index ? { findingsCache: indexFindingsCache(opts.index) } : {}),
      });
  const app = buildApp(store, {
    webRoot: opts.webRoot ?? DEFAULT_WEB_ROOT,
    allowedHosts: opts.allowedHosts,
    token: opts.token,
    authorize: opts.authorize,
    tokenRequired: opts.tokenRequired,
    requestBudgetMs: opts.requestBudgetMs,
    maxSseClients: opts.maxSseClients,
    annotations: opts.runs ? undefined : AnnotationStore.forLogdir(path.resolve(opts.logdir ?? "."), opts.cacheDir),
    scalars: opts.scalars,
  });
  const ready = opts.runs
    ? Promise.resolve()
    : store.discover().catch((err: unknown) => {
        store.discoverError = err instanceof Error ? err.message : String(err);
        throw err;
      });
  const loaded = ready.then(() => store.loadAllInBackground());
  // the run list came from the index: the logdir is walked right after, for runs added or gone since
  if (opts.index && !opts.runs)
    void ready
      .then(() => store.discover())
      .catch(() => {
        /* reported by the next refresh */
      });
  loaded.catch(() => {
    /* reported through `ready` and the run list */
  });
  return {
    app,
    store,
    ready,
    loaded,
    request: app.request.bind(app) as Hono["request"],
    refresh: (o) => store.refresh(o),
    close: () => store.close(),
  };
}

/** Runs kept elsewhere than a logdir (team mode: a database, see storedRunsBackends). */
export interface RunsElsewhere {
  reader: ReaderBackend;
  diagnose: DiagnoseBackend;
  /** Names the source in the run list and the printed line (never a password). */
  label: string;
  /** Judges the tokens (security.ts); required to listen beyond loopback. */
  authorize?: AccessOptions["authorize"];
  /** Scalar series read one at a time (without reading the whole run). */
  scalars?: StoredScalarSource;
}

export interface StartServerOptions {
  /** The logdir to serve; or `elsewhere`. */
  logdir?: string;
  elsewhere?: RunsElsewhere;
  port?: number;
  host?: string;
  webRoot?: string;
  /** Polling interval of the live refresh, ms (file-system events also trigger one). */
  refreshMs?: number;
  reader?: ReaderBackend;
  diagnose?: DiagnoseBackend;
  /** Host names accepted besides the loopback names. */
  allowedHosts?: string[];
  /** Secret every request must carry; required (or allowedHosts) to listen on a non-loopback address. */
  token?: string;
  followSymlinks?: boolean;
  /** Hooks told of every run the default reader loads (the CLI's progress line). */
  loadProgress?: LoadProgress;
  /** Keep an index of the logdir in this directory (src/store; never inside the logdir). Default: no index. */
  indexDir?: string;
  /** Most runs kept in memory. */
  maxLoaded?: number;
  /** Cache directory of the user's tags and notes (default: $XDG_CACHE_HOME or ~/.cache). */
  cacheDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  dashboard: DashboardApp;
  /** The index file used, and why it was rebuilt when it was. */
  index?: { file: string; rebuilt?: string };
  /** Why the index asked for could not be opened (the logs are then served without it). */
  indexError?: string;
  close(): Promise<void>;
}

/** Starts the dashboard on `host:port` (port 0 = any free port). Throws when the logdir is unreadable. */
export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  if (opts.elsewhere) return startElsewhere(opts, opts.elsewhere);
  if (opts.logdir === undefined) throw new Error("startServer: give a logdir (or runs elsewhere)");
  const logdir = path.resolve(opts.logdir);
  try {
    fs.accessSync(logdir, fs.constants.R_OK);
    fs.statSync(logdir);
  } catch (err) {
    throw new Error(`cannot read logdir ${logdir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  const host = opts.host ?? "127.0.0.1";
  if (!isLoopbackBind(host) && opts.token === undefined && !opts.allowedHosts?.length) {
    throw new Error(`listening on ${host} lets other machines reach your logs: give --token (or --allowed-hosts NAMES) too`);
  }
  // IndexLocationError (the directory is inside the logdir) is thrown; an index that cannot be
  // opened otherwise (no SQLite driver, an unwritable directory) is reported and the logs served without it
  let index: LogIndex | undefined;
  let indexError: string | undefined;
  if (opts.indexDir !== undefined && !opts.reader) {
    try {
      index = openIndex(logdir, opts.indexDir);
    } catch (e) {
      if (e instanceof IndexLocationError) throw e;
      indexError = e instanceof Error ? e.message : String(e);
    }
  }
  const indexed = index ? indexedReader(index, logdir, { followSymlinks: opts.followSymlinks, progress: opts.loadProgress }) : undefined;
  const dashboard = createApp({
    logdir,
    index,
    maxLoaded: opts.maxLoaded,
    webRoot: opts.webRoot,
    reader: opts.reader ?? indexed ?? defaultReader({ followSymlinks: opts.followSymlinks, progress: opts.loadProgress }),
    diagnose: opts.diagnose,
    allowedHosts: opts.allowedHosts,
    token: opts.token,
    cacheDir: opts.cacheDir,
  });
  try {
    await dashboard.ready;
  } catch (e) {
    index?.close();
    throw e;
  }

  // Live: poll every refreshMs (new runs looked for every 5th time), and sooner when the file
  // system reports a change.
  let timer: NodeJS.Timeout | undefined;
  let soon: NodeJS.Timeout | undefined;
  let ticks = 0;
  timer = setInterval(() => {
    void dashboard.refresh({ discover: ticks++ % 5 === 4 });
  }, opts.refreshMs ?? 2000);
  let watcher: fs.FSWatcher | undefined;
  try {
    watcher = fs.watch(logdir, { recursive: true }, () => {
      if (!soon)
        soon = setTimeout(() => {
          soon = undefined;
          void dashboard.refresh();
        }, 300);
    });
    watcher.on("error", () => {
      watcher?.close();
      watcher = undefined;
    });
  } catch {
    /* polling alone still works */
  }

  const server = await listen(dashboard, opts.port ?? 6007, host);
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  return {
    url: `http://${shownHost}:${port}/${opts.token !== undefined ? `?token=${encodeURIComponent(opts.token)}` : ""}`,
    port,
    dashboard,
    ...(index ? { index: { file: index.file, ...(index.rebuilt ? { rebuilt: index.rebuilt } : {}) } } : {}),
    ...(indexError ? { indexError } : {}),
    close: async () => {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (soon) clearTimeout(soon);
      watcher?.close();
      dashboard.close();
      // runs changed since their last write are written before the index closes (when this fails,
      // the next start tails from the offsets stored before)
      const flushed = (indexed?.flush() ?? Promise.resolve()).catch(() => undefined);
      await new Promise<void>((resolve) => {
        const s = server as unknown as { closeAllConnections?: () => void };
        server.close(() => resolve());
        s.closeAllConnections?.();
      });
      await flushed;
      index?.close();
    },
  };
}

function listen(dashboard: DashboardApp, port: number, host: string): Promise<ReturnType<typeof serve>> {
  return new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: dashboard.app.fetch, port, hostname: host }, () => resolve(s));
    s.once("error", reject);
  });
}

/**
 * A dashboard over runs kept elsewhere (team mode): stateless apart from the runs it has read
 * (each refreshed when a new version is committed); every `refreshMs` the run list is asked for
 * again. Beyond loopback every request needs a token (`authorize`); on loopback a token is optional.
 */
async function startElsewhere(opts: StartServerOptions, src: RunsElsewhere): Promise<RunningServer> {
  const host = opts.host ?? "127.0.0.1";
  const loopback = isLoopbackBind(host);
  if (!loopback && !src.authorize) throw new Error(`listening on ${host} needs tokens: nothing is readable without one`);
  const dashboard = createApp({
    label: src.label,
    reader: src.reader,
    diagnose: src.diagnose,
    diagnoseInWorker: false,
    webRoot: opts.webRoot,
    allowedHosts: opts.allowedHosts,
    authorize: src.authorize,
    tokenRequired: !loopback,
    scalars: src.scalars,
  });
  await dashboard.ready;
  let timer: NodeJS.Timeout | undefined = setInterval(() => {
    void dashboard.refresh({ discover: true });
  }, opts.refreshMs ?? 2000);
  const server = await listen(dashboard, opts.port ?? 6007, host).catch((e: unknown) => {
    clearInterval(timer);
    dashboard.close();
    throw e;
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    dashboard,
    close: () =>
      new Promise<void>((resolve) => {
        if (timer) clearInterval(timer);
        timer = undefined;
        dashboard.close();
        const s = server as unknown as { closeAllConnections?: () => void };
        server.close(() => resolve());
        s.closeAllConnections?.();
      }),
  };
}
