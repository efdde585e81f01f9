// What the server needs from the reader and the diagnosis parts, as agreed between the parts
// (src/reader/index.ts, src/diagnose/index.ts). The default backend binds the real functions;
// embedders may pass their own.

import type { ScalarSeries, TrainingRun } from "../model/index.ts";
import type { Finding } from "../diagnose/index.ts";
import { discoverRuns, loadRun, refreshRun, splitSessions, type LoadProgress, type RunDescriptor } from "../reader/index.ts";
import { diagnoseRun, evaluateWatchpoints, tensorStats, KNOWLEDGE_BASE } from "../diagnose/index.ts";
import { IndexedRuns, runFingerprint, type LogIndex, type StoredSeries } from "../store/index.ts";
import v8 from "node:v8";
import os from "node:os";

/** The reader's cheap description of a run found under the logdir (only `name` is used here). */
export interface RunDescriptorLike {
  name: string;
}

export interface ReaderBackend {
  discoverRuns(path: string): Promise<RunDescriptorLike[]>;
  loadRun(root: string, d: RunDescriptorLike): Promise<TrainingRun>;
  refreshRun(root: string, run: TrainingRun): Promise<boolean>;
  /**
   * The trainings a loaded run holds when it is several (hparams search sessions, an interrupted
   * re-run in the same directory: reader/hparams_sessions.ts), as descriptors to load instead; else undefined.
   */
  splitRun?(run: TrainingRun, d: RunDescriptorLike): RunDescriptorLike[] | undefined;
  /**
   * A scalar series of a run that is not in memory, kept in an index (src/store) that still holds
   * what the logs hold; undefined when there is none (the run is then loaded).
   */
  storedSeries?(d: RunDescriptorLike, key: string): Promise<StoredSeries | undefined>;
  /** Ends what the reader keeps running (worker threads). */
  close?(): void;
  /** True when the last discovery answered the runs an index remembered, without walking the logdir. */
  listedFromIndex?(): boolean;
}

export interface DiagnoseBackend {
  diagnoseRun(run: TrainingRun): Finding[];
  evaluateWatchpoints?(run: TrainingRun): unknown[];
  tensorStats?(run: TrainingRun): unknown;
  KNOWLEDGE_BASE: unknown[];
}

/** The real reader (`followSymlinks`: follow links that lead out of the logdir too; `progress`: hooks of each run's read). */
export function defaultReader(opts: { followSymlinks?: boolean; progress?: LoadProgress } = {}): ReaderBackend {
  return {
    discoverRuns: (p) => discoverRuns(p, { followSymlinks: opts.followSymlinks }),
    loadRun: (root, d) =>
      loadRun(root, d as RunDescriptor, { followSymlinks: opts.followSymlinks, ...(opts.progress ? { progress: opts.progress } : {}) }),
    refreshRun: (root, run) => refreshRun(root, run),
    splitRun: (run, d) => ("files" in d ? splitSessions(run, d as RunDescriptor) : undefined),
  };
}

/** The real diagnosis engine. */
export function defaultDiagnose(): DiagnoseBackend {
  return {
    diagnoseRun: (run) => diagnoseRun(run),
    evaluateWatchpoints: (run) => evaluateWatchpoints(run),
    tensorStats: (run) => tensorStats(run),
    KNOWLEDGE_BASE,
  };
}

/**
 * The reader through a logdir's index (src/store): the first discovery answers the runs indexed by
 * an earlier start at once (when there are any; later discoveries walk the logdir), runs are
 * rebuilt from the index and tailed from their stored offsets, and what is read is written back.
 * Runs not indexed yet (the first pass) are read by `workers` worker threads (default:
 * defaultReadWorkers()), the index written by this thread.
 */
export function indexedReader(
  index: LogIndex,
  root: string,
  opts: { followSymlinks?: boolean; progress?: LoadProgress; workers?: number } = {},
): ReaderBackend & { runs: IndexedRuns; flush(): Promise<void> } {
  const runs = new IndexedRuns(
    index,
    root,
    { followSymlinks: opts.followSymlinks, ...(opts.progress ? { progress: opts.progress } : {}) },
    { workers: opts.workers ?? defaultReadWorkers() },
  );
  let first = true;
  let fromIndex = false;
  return {
    runs,
    listedFromIndex: () => fromIndex,
    discoverRuns: async (p) => {
      fromIndex = false;
      if (first) {
        first = false;
        const known = runs.known();
        fromIndex = known.length > 0;
        if (fromIndex) return known;
      }
      const found = runs.expand(await discoverRuns(p, { followSymlinks: opts.followSymlinks }));
      runs.discovered(found);
      return found;
    },
    loadRun: (_root, d) => runs.load(d as RunDescriptor),
    refreshRun: (_root, run) => runs.refresh(run),
    splitRun: (run, d) => ("files" in d ? runs.split(run, d as RunDescriptor) : undefined),
    storedSeries: async (d, key) => ("files" in d ? runs.storedSeries(d as RunDescriptor, key) : undefined),
    flush: () => runs.flush(),
    close: () => runs.close(),
  };
}

/**
 * Reading workers of a first indexing pass by default: one per core but one (the main thread
 * writes the index and answers requests), at most 8; none below 4 cores, where a worker was
 * measured to cost more CPU (its start-up, the copy of every run to the main thread) than it saves
 * (docs/scaling.md).
 */
export function defaultReadWorkers(cores = os.availableParallelism()): number {
  return cores >= 4 ? Math.min(8, cores - 1) : 0;
}

/** Findings kept in the index per run content (structured clone: NaN and Infinity evidence survive). */
export function indexFindingsCache(index: LogIndex): {
  get(run: TrainingRun): Finding[] | undefined;
  put(run: TrainingRun, f: Finding[]): void;
} {
  return {
    get: (run) => {
      const b = index.diagnosis(run.name, runFingerprint(run));
      if (typeof b !== "string") return undefined;
      try {
        return v8.deserialize(Buffer.from(b, "base64")) as Finding[];
      } catch {
        return undefined;
      }
    },
    put: (run, f) => index.putDiagnosis(run.name, runFingerprint(run), v8.serialize(f).toString("base64")),
  };
}

/** What the team database gives the dashboard (src/store's PgRunSource has this shape). */
export interface StoredRunsSource {
  list(): Promise<{ name: string; version: number }[]>;
  /** The run as committed last; with `previous` (the run as read before) only what changed need be read. */
  load(
    name: string,
    previous?: TrainingRun,
  ): Promise<{ run: TrainingRun; version: number; findings: Finding[]; findingsError?: string } | undefined>;
}

/**
 * One scalar series of a stored run read on its own (src/store's PgSeriesReader has this shape):
 * `scalar` answers the series with the stored run version it belongs to, null when the run has no
 * such series, undefined when the run is unknown; `startTime` the origin of the relative-time axis.
 */
export interface StoredScalarSource {
  scalar(run: string, key: string): Promise<{ version: number; series: ScalarSeries } | null | undefined>;
  startTime(run: string, version: number): Promise<number>;
}

/**
 * The dashboard over a team database: runs listed and read from it (at the version last
 * committed), refreshed when a worker commits a new version (reading only the series that
 * changed), and the diagnosis the ingest side stored for that version instead of one computed
 * here. The run list is asked for at most once per `listTtlMs` however many runs are refreshed.
 */
export function storedRunsBackends(
  source: StoredRunsSource,
  opts: { listTtlMs?: number } = {},
): { reader: ReaderBackend; diagnose: DiagnoseBackend } {
  const loadedVersion = new WeakMap<TrainingRun, number>();
  const stored = new WeakMap<TrainingRun, { findings: Finding[]; error?: string }>();
  let list: { at: number; versions: Promise<Map<string, number>> } | undefined;
  const versions = (): Promise<Map<string, number>> => {
    const now = Date.now();
    if (!list || now - list.at > (opts.listTtlMs ?? 1000)) {
      const p = source.list().then((l) => new Map(l.map((x) => [x.name, x.version])));
      p.catch(() => {
        if (list?.versions === p) list = undefined;
      });
      list = { at: now, versions: p };
    }
    return list.versions;
  };
  const fetchRun = async (name: string, previous?: TrainingRun): Promise<{ run: TrainingRun; version: number }> => {
    const r = await source.load(name, previous);
    if (!r) throw new Error(`run ${name} is not in the database`);
    loadedVersion.set(r.run, r.version);
    stored.set(r.run, { findings: r.findings, error: r.findingsError });
    return r;
  };
  const reader: ReaderBackend = {
    discoverRuns: async () => [...(await versions()).keys()].map((name) => ({ name })),
    loadRun: async (_root, d) => (await fetchRun(d.name)).run,
    refreshRun: async (_root, run) => {
      const v = (await versions()).get(run.name);
      if (v === undefined || v === loadedVersion.get(run)) return false;
      // only what changed is read: series that did not change stay the same objects
      const fresh = await fetchRun(run.name, run);
      // the store keeps the run object: its contents are replaced by the new version's
      Object.assign(run, fresh.run);
      if (!fresh.run.failed) delete run.failed;
      loadedVersion.set(run, fresh.version);
      stored.set(run, stored.get(fresh.run)!);
      return true;
    },
  };
  const diagnose: DiagnoseBackend = {
    diagnoseRun: (run) => {
      const s = stored.get(run);
      if (s?.error) throw new Error(s.error);
      return s?.findings ?? [];
    },
    evaluateWatchpoints: (run) => evaluateWatchpoints(run),
    tensorStats: (run) => tensorStats(run),
    KNOWLEDGE_BASE,
  };
  return { reader, diagnose };
}
