// The server's view of a logdir: runs discovered cheaply first, loaded lazily (on demand, and in
// the background a few at a time), refreshed incrementally while files grow, with the diagnosis
// cached per run version. Listeners hear about every change (the page gets them as Server-Sent Events).
// With `maxLoaded`, at most that many runs stay in memory: the least recently used are let go
// (their entry, version, findings and listing kept) and loaded again on demand, which with an
// index (src/store) rebuilds them without reading the logs. With a `findingsCache`, a run's
// findings are looked up there (per content version) before being computed, and kept there after.

import type { TrainingRun } from "../model/index.ts";
import type { Finding, Severity } from "../diagnose/index.ts";
import type { DiagnoseBackend, ReaderBackend, RunDescriptorLike } from "./backend.ts";
import { DiagnosisPool, QueueFullError } from "./diagnosis_pool.ts";
import type { StoredSeries } from "../store/index.ts";

export type RunStatus = "pending" | "loading" | "loaded" | "failed";

export interface RunEntry {
  name: string;
  descriptor?: RunDescriptorLike;
  status: RunStatus;
  run?: TrainingRun;
  error?: string;
  /** Bumped on every load or refresh that changed data. */
  version: number;
  loading?: Promise<TrainingRun | undefined>;
  findings?: { version: number; findings: Finding[]; error?: string };
  diagnosing?: { version: number; promise: Promise<{ findings: Finding[]; error?: string }> };
  stats?: { version: number; value: unknown; hits: unknown[]; error?: string };
  /** What the run list and the lineage show of the run, computed by the app while the run is in memory (kept when it is let go). */
  listing?: { version: number; value: unknown };
  lineage?: { version: number; findings: boolean; value: unknown };
  /** Last use (load or request), for letting the least recently used runs go. */
  used?: number;
  /** Content of the run when it was let go (its sources' read offsets): a reload that finds the same keeps the version. */
  evicted?: string;
  statsRunning?: { version: number; promise: Promise<{ value: unknown; hits: unknown[]; error?: string }> };
}

export type StoreEvent = { type: "runs" } | { type: "run"; run: string; version: number; status: RunStatus };

export interface RunStoreOptions {
  /** How many runs load at the same time in the background. */
  concurrency?: number;
  /** Diagnose logdir runs in a worker thread (default true), so a slow diagnosis never blocks the API. */
  diagnoseInWorker?: boolean;
  /** Most runs kept in memory (default: all). */
  maxLoaded?: number;
  /** Findings kept across processes (the index), by run content. */
  findingsCache?: FindingsCache;
}

/** Findings stored per run content (see src/store): `get` answers undefined when none are stored for this content. */
export interface FindingsCache {
  get(run: TrainingRun): Finding[] | undefined;
  put(run: TrainingRun, findings: Finding[]): void;
}

function contentOf(run: TrainingRun): string {
  return run.dirs.map((d) => d.sources.map((s) => `${s.path}:${s.readOffset}:${s.size}:${s.records}`).join(",")).join("|");
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export class RunStore {
  readonly entries = new Map<string, RunEntry>();
  private listeners = new Set<(e: StoreEvent) => void>();
  private closed = false;
  private refreshing = false;
  discoverError?: string;
  private pool?: DiagnosisPool;
  /** Runs found to hold several trainings, replaced by one entry per training (never listed again). */
  private splitNames = new Set<string>();
  /** Entries made by a split (not split again). */
  private partNames = new Set<string>();

  constructor(
    readonly root: string,
    private readonly reader: ReaderBackend | undefined,
    readonly diagnose: DiagnoseBackend,
    private readonly opts: RunStoreOptions = {},
  ) {}

  /** A store over runs already in memory (no files behind them). */
  static fromRuns(runs: TrainingRun[], diagnose: DiagnoseBackend): RunStore {
    const s = new RunStore("", undefined, diagnose);
    for (const run of runs)
      s.entries.set(run.name, {
        name: run.name,
        status: run.failed ? "failed" : "loaded",
        run,
        version: 1,
        error: run.failed ? failureText(run) : undefined,
      });
    return s;
  }

  on(fn: (e: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(e: StoreEvent): void {
    for (const fn of this.listeners) {
      try {
        fn(e);
      } catch {
        /* a broken listener must not stop the others */
      }
    }
  }

  /** Discovers the runs (cheap). Throws when the logdir cannot be read at all. */
  async discover(): Promise<void> {
    if (!this.reader) return;
    const found = await this.reader.discoverRuns(this.root);
    let added = false;
    for (const d of found) {
      if (this.splitNames.has(d.name)) continue;
      const known = this.entries.get(d.name);
      if (known) known.descriptor = d;
      if (!known) {
        this.entries.set(d.name, { name: d.name, descriptor: d, status: "pending", version: 0 });
        added = true;
      }
    }
    if (added) {
      this.emit({ type: "runs" });
      if (this.started) void this.loadAllInBackground();
    }
  }

  private queue: string[] = [];
  private started = false;
  private workers = 0;
  private idle: (() => void)[] = [];

  /** Loads every pending run in the background, a few at a time; resolves when none is left. */
  loadAllInBackground(): Promise<void> {
    this.started = true;
    for (const e of this.entries.values()) if (e.status === "pending" && !this.queue.includes(e.name)) this.queue.push(e.name);
    const done = new Promise<void>((resolve) => this.idle.push(resolve));
    const max = Math.max(1, this.opts.concurrency ?? 2);
    const start = max - this.workers;
    for (let k = 0; k < start; k++) {
      this.workers++;
      void (async () => {
        for (let name = this.queue.shift(); name !== undefined && !this.closed; name = this.queue.shift()) await this.load(name);
        if (--this.workers === 0) for (const r of this.idle.splice(0)) r();
      })();
    }
    return done;
  }

  /** The loaded run, loading it first when needed; undefined when unknown or failed. */
  async load(name: string): Promise<TrainingRun | undefined> {
    const e = this.entries.get(name);
    if (!e) return undefined;
    e.used = ++this.clock;
    if (e.status === "loaded" || e.status === "failed") return e.run;
    if (e.loading) return e.loading;
    e.status = "loading";
    e.loading = (async () => {
      try {
        const run = await this.reader!.loadRun(this.root, e.descriptor ?? { name });
        const parts = e.descriptor && !this.partNames.has(name) ? this.reader!.splitRun?.(run, e.descriptor) : undefined;
        if (parts && parts.length > 1) {
          // several trainings (as loadExperiment splits them): one entry each, loaded like any other
          this.entries.delete(name);
          this.splitNames.add(name);
          for (const p of parts) {
            this.partNames.add(p.name);
            if (!this.entries.has(p.name)) this.entries.set(p.name, { name: p.name, descriptor: p, status: "pending", version: 0 });
          }
          e.loading = undefined;
          this.emit({ type: "runs" });
          if (this.started) void this.loadAllInBackground();
          return undefined;
        }
        e.run = run;
        e.status = run.failed ? "failed" : "loaded";
        if (run.failed) e.error = failureText(run);
      } catch (err) {
        e.status = "failed";
        e.error = err instanceof Error ? err.message : String(err);
      }
      const same = e.evicted !== undefined && e.run !== undefined && contentOf(e.run) === e.evicted;
      e.evicted = undefined;
      if (!same) e.version++;
      e.loading = undefined;
      const run = e.run;
      if (!same) this.emit({ type: "run", run: name, version: e.version, status: e.status });
      this.letGo(name);
      return run;
    })();
    return e.loading;
  }

  private clock = 0;

  /** A scalar series of a run not in memory, from the reader's index when it holds what the logs hold (else undefined: load the run). */
  async storedSeries(e: RunEntry, key: string): Promise<StoredSeries | undefined> {
    if (e.run || e.status === "failed" || !e.descriptor || !this.reader?.storedSeries) return undefined;
    e.used = ++this.clock;
    return this.reader.storedSeries(e.descriptor, key);
  }

  /** Lets the least recently used loaded runs go while more than `maxLoaded` are in memory (never `keep`). */
  private letGo(keep: string): void {
    const max = this.opts.maxLoaded;
    if (!max || !this.reader) return;
    const loaded = [...this.entries.values()].filter((x) => x.run && (x.status === "loaded" || x.status === "failed") && x.name !== keep);
    if (loaded.length + 1 <= max) return;
    loaded.sort((a, b) => (a.used ?? 0) - (b.used ?? 0));
    for (const x of loaded.slice(0, loaded.length + 1 - max)) {
      // a run whose diagnosis or statistics are being computed stays
      if (x.diagnosing || x.statsRunning) continue;
      x.evicted = contentOf(x.run!);
      x.run = undefined;
      x.stats = undefined;
      x.status = "pending";
    }
  }

  /** How many runs are in memory now. */
  loadedCount(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.run) n++;
    return n;
  }

  /** Re-reads new bytes of every loaded run (and looks for new runs unless `discover` is false); emits what changed. */
  async refresh(opts: { discover?: boolean } = {}): Promise<void> {
    if (!this.reader || this.refreshing || this.closed) return;
    this.refreshing = true;
    try {
      if (opts.discover !== false) {
        try {
          await this.discover();
        } catch {
          /* logdir momentarily unreadable: keep what we have */
        }
      }
      for (const e of this.entries.values()) {
        if (this.closed) break;
        if (e.status === "pending") continue;
        if (!e.run || (e.status !== "loaded" && e.status !== "failed")) continue;
        let changed = false;
        try {
          changed = await this.reader.refreshRun(this.root, e.run);
        } catch (err) {
          e.error = err instanceof Error ? err.message : String(err);
        }
        if (changed) {
          if (e.status === "failed" && !e.run.failed) {
            e.status = "loaded";
            e.error = undefined;
          }
          e.version++;
          this.emit({ type: "run", run: e.name, version: e.version, status: e.status });
        }
      }
    } finally {
      this.refreshing = false;
    }
  }

  /** Findings of a run, computed once per version (in the worker thread for logdir runs). */
  findings(e: RunEntry): Promise<{ findings: Finding[]; error?: string }> {
    if (!e.run) return Promise.resolve({ findings: [] });
    if (e.findings?.version === e.version) return Promise.resolve(e.findings);
    if (e.diagnosing?.version === e.version) return e.diagnosing.promise;
    const version = e.version;
    const useWorker = this.reader && e.descriptor && this.opts.diagnoseInWorker !== false;
    const cache = this.opts.findingsCache;
    const run = e.run;
    const compute = async (): Promise<Finding[]> => {
      const known = cache?.get(run);
      if (known) return known;
      const found = await computeFresh();
      cache?.put(run, found);
      return found;
    };
    const computeFresh = async (): Promise<Finding[]> => {
      if (useWorker) {
        // a closed store starts no worker (one started now would keep the process alive)
        if (this.closed) throw new Error("server closed");
        this.pool ??= new DiagnosisPool();
        return this.pool.diagnose(this.root, e.descriptor!);
      }
      return this.diagnose.diagnoseRun(run);
    };
    const promise = compute()
      .then(
        (findings) => ({ findings }),
        (err: unknown) => {
          // a full queue is no answer about the run: nothing cached, the caller says "busy"
          if (err instanceof QueueFullError) {
            if (e.diagnosing?.version === version) e.diagnosing = undefined;
            throw err;
          }
          return { findings: [] as Finding[], error: `diagnosis failed: ${err instanceof Error ? err.message : String(err)}` };
        },
      )
      .then((r) => {
        if (e.version === version || !e.findings || e.findings.version < version) e.findings = { version, ...r };
        if (e.diagnosing?.version === version) e.diagnosing = undefined;
        return r;
      });
    e.diagnosing = { version, promise };
    return promise;
  }

  /**
   * Layer statistics and watchpoint hits of a run, computed once per version: in a worker thread for
   * logdir runs (a histogram of millions of buckets never blocks the API), in place for runs given in memory.
   */
  stats(e: RunEntry): Promise<{ value: unknown; hits: unknown[]; error?: string }> {
    if (!e.run) return Promise.resolve({ value: [], hits: [] });
    if (e.stats?.version === e.version) return Promise.resolve(e.stats);
    if (e.statsRunning?.version === e.version) return e.statsRunning.promise;
    const version = e.version;
    const useWorker = this.reader && e.descriptor && this.opts.diagnoseInWorker !== false;
    const compute = async (): Promise<{ value: unknown; hits: unknown[]; error?: string }> => {
      if (useWorker) {
        if (this.closed) throw new Error("server closed");
        this.pool ??= new DiagnosisPool();
        return this.pool.stats(this.root, e.descriptor!);
      }
      const errors: string[] = [];
      let value: unknown = [],
        hits: unknown[] = [];
      try {
        value = this.diagnose.tensorStats ? this.diagnose.tensorStats(e.run!) : [];
      } catch (err) {
        errors.push(`tensor statistics failed: ${String(err)}`);
      }
      try {
        hits = this.diagnose.evaluateWatchpoints ? this.diagnose.evaluateWatchpoints(e.run!) : [];
      } catch (err) {
        errors.push(`watchpoints failed: ${String(err)}`);
      }
      return { value, hits, error: errors.length ? errors.join("; ") : undefined };
    };
    const promise = compute()
      .catch((err: unknown) => {
        if (err instanceof QueueFullError) throw err;
        return {
          value: [] as unknown,
          hits: [] as unknown[],
          error: `tensor statistics failed: ${err instanceof Error ? err.message : String(err)}`,
        };
      })
      .then((r) => {
        e.stats = { version, ...r };
        return r;
      })
      .finally(() => {
        if (e.statsRunning?.version === version) e.statsRunning = undefined;
      });
    e.statsRunning = { version, promise };
    return promise;
  }

  static worstSeverity(findings: Finding[]): Severity | undefined {
    let worst: Severity | undefined;
    for (const f of findings) if (!worst || SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
    return worst;
  }

  close(): void {
    this.closed = true;
    this.pool?.close();
    this.reader?.close?.();
    this.listeners.clear();
  }
}

function failureText(run: TrainingRun): string {
  const errs = run.problems.filter((p) => p.severity === "error");
  const p = errs[0] ?? run.problems[0];
  if (!p) return "nothing readable";
  const where = p.offset !== undefined ? ` at byte ${p.offset}` : p.line !== undefined ? ` line ${p.line}` : "";
  return `${p.file}${where}: ${p.message}`;
}
