// Runs of one logdir read through its index (log_index.ts). Contract:
//   - `known()` lists the runs of the last session straight from the index (no file is opened);
//   - `load(d)` answers the run as a fresh read of its files would: a run whose stored files all
//     have the size, mtime and inode they had is rebuilt from the index alone (no log byte read); a
//     run whose files grew is rebuilt and tailed from the stored offsets (reader.refreshRun: a file
//     whose bytes already read changed, that shrank or was replaced is read again from the start);
//     a run not indexed is read from its files; whatever was read is written back;
//   - `refresh(run)` reads new bytes of a loaded run and writes it back when something changed, at
//     most once per `saveIntervalMs` per run (a run growing live is not rewritten at every poll; an
//     index left behind by a stopped process only makes the next start tail from older offsets);
//     `flush()` writes what is left;
//   - `counts` says how many runs came from the index alone, were tailed, or read in full.
// The index is never written inside the logdir (index_location.ts decides where it lives).
import fsp from "node:fs/promises";
import path from "node:path";
import crypto from "node:crypto";
import { loadRun, refreshRun, reviveRun, splitSessions, withReaderState, type LoadOptions, type RunDescriptor } from "../reader/index.ts";
import { runScalars, seriesKey, type TrainingRun } from "../model/index.ts";
import { decodeRun, encodeRun, type EncodedRun } from "./run_codec.ts";
import type { LogIndex, RunSummary, StoredFile, StoredRun } from "./log_index.ts";
import { storedSeries, type StoredSeries } from "./stored_series.ts";
import { ReadPool, ReadWorkerError } from "./read_pool.ts";

/** Runs at least this big (bytes of files) are read in a worker thread when the index has workers; smaller ones cost less to read here than to send. */
export const WORKER_MIN_BYTES = 1 << 20;

export interface LoadCounts {
  /** Runs rebuilt from the index without reading a log byte. */
  fromIndex: number;
  /** Runs rebuilt from the index and tailed (or partly re-read) from their files. */
  tailed: number;
  /** Runs read from their files in full (not indexed, or the index unreadable). */
  read: number;
}

/** Content version of a run: its files, read offsets and sizes (the diagnosis is kept per fingerprint). */
export function runFingerprint(run: TrainingRun): string {
  const h = crypto.createHash("sha1");
  for (const d of run.dirs) for (const s of d.sources) h.update(`${s.path}\u0000${s.readOffset}\u0000${s.size}\u0000${s.records}\u0001`);
  return h.digest("hex").slice(0, 20);
}

function summaryOf(run: TrainingRun): RunSummary {
  const hparams: RunSummary["hparams"] = {};
  for (const [k, h] of run.hparams) hparams[k] = h.value;
  let scalarTags = 0,
    points = 0;
  for (const d of run.dirs)
    for (const s of d.scalars.values()) {
      scalarTags++;
      points += s.length;
    }
  // the relative-time origin as the scalars API computes it (earliest first wall time of the series served)
  let start = Infinity;
  for (const s of runScalars(run).values()) if (s.length && s.wallTimes[0] < start) start = s.wallTimes[0];
  return {
    hparams,
    roles: run.roles.map((r) => ({ key: r.key, role: r.role })),
    problems: run.problems.length,
    failed: run.failed === true,
    scalarTags,
    points,
    scalarStart: Number.isFinite(start) ? start : 0,
  };
}

/** What the index keeps of a run, made from the run as read (here or in a reading worker, read_worker.ts). */
export interface RunRecord {
  name: string;
  descriptor: RunDescriptor;
  fingerprint: string;
  encoded: EncodedRun;
  files: StoredFile[];
  summary: RunSummary;
}

/** The record of a loaded run (its readers' state encoded, its files as read, its summary). */
export async function runRecord(root: string, run: TrainingRun, d: RunDescriptor | undefined): Promise<RunRecord> {
  const descriptor: RunDescriptor = d ?? { name: run.name, dirs: run.dirs.map((x) => x.path), files: [], totalBytes: 0 };
  const files: StoredFile[] = [];
  // the series the run serves (its duplicates decided): a stored tag is served from its chunks only under the key it is shown at
  const served = runScalars(run);
  const encoded = withReaderState(run, (raw, ids) => {
    for (const dir of raw.dirs)
      for (const s of dir.sources) {
        const id = ids.get(s.path);
        files.push({
          path: s.path,
          format: s.format,
          size: id?.size ?? s.size,
          mtimeMs: id?.mtimeMs ?? -1,
          dev: id?.dev ?? 0,
          ino: id?.ino ?? 0,
          readOffset: s.readOffset,
          ...(id ? { identity: id } : {}),
        });
      }
    const enc = encodeRun(raw);
    for (const x of enc.summaries) {
      const key = seriesKey(run.name, x.dir, x.tag);
      if (served.get(key) === raw.dirs.find((d) => d.path === x.dir)?.scalars.get(x.tag)) x.key = key;
    }
    return enc;
  });
  // files discovered with the run that no reader kept (e.g. a projector configuration): remembered
  // as seen, so that a warm start knows them and notices when they change
  const kept = new Set(files.map((f) => f.path));
  for (const f of descriptor.files)
    if (!kept.has(f.path)) files.push({ path: f.path, format: "unread", size: f.size, mtimeMs: f.mtimeMs, dev: 0, ino: 0, readOffset: 0 });
  // files the readers keep no identity for (configuration files read whole): as they are now
  for (const f of files) {
    if (f.identity) continue;
    try {
      const st = await fsp.stat(path.join(root, f.path));
      const seen = descriptor.files.find((x) => x.path === f.path);
      // the size and mtime seen by the discovery that preceded the read (a later write is then noticed)
      f.size = seen?.size ?? st.size;
      f.mtimeMs = seen?.mtimeMs ?? st.mtimeMs;
      f.dev = st.dev;
      f.ino = st.ino;
    } catch {
      f.mtimeMs = -1;
    }
  }
  return { name: run.name, descriptor, fingerprint: runFingerprint(run), encoded, files, summary: summaryOf(run) };
}

export class IndexedRuns {
  readonly counts: LoadCounts = { fromIndex: 0, tailed: 0, read: 0 };
  /** Of the runs read in full, how many were read by a worker thread. */
  readInWorkers = 0;
  /** The last failure to read or write the index (the runs were then read from, or kept only in, memory). */
  error?: string;
  private order = new Map<string, number>();
  /** Runs changed since their last write, with their descriptor. */
  private dirty = new Map<string, { run: TrainingRun; d?: RunDescriptor }>();
  private savedAt = new Map<string, number>();
  private readonly saveIntervalMs: number;
  private readonly now: () => number;
  /** Reading workers of the first pass (runs not indexed), when asked for. */
  private readonly pool?: ReadPool;
  private readonly workerMinBytes: number;
  /** Trainings found by a worker in a run it read (splitSessions needs the files read in that thread). */
  private workerSplits = new WeakMap<TrainingRun, RunDescriptor[]>();

  constructor(
    readonly index: LogIndex,
    /** Absolute logdir. */
    readonly root: string,
    private readonly opts: LoadOptions = {},
    timing: {
      saveIntervalMs?: number;
      now?: () => number;
      /** Worker threads reading runs not indexed yet (0 or none: read in this thread). */
      workers?: number;
      /** Smallest run read in a worker (default WORKER_MIN_BYTES). */
      workerMinBytes?: number;
    } = {},
  ) {
    this.saveIntervalMs = timing.saveIntervalMs ?? 30_000;
    this.now = timing.now ?? (() => Date.now());
    if (timing.workers && timing.workers > 0) this.pool = new ReadPool(timing.workers);
    this.workerMinBytes = timing.workerMinBytes ?? WORKER_MIN_BYTES;
  }

  /** How many reading workers at most (0: none). */
  get workers(): number {
    return this.pool?.size ?? 0;
  }

  /** Ends the reading workers. */
  close(): void {
    this.pool?.close();
  }

  /** The runs indexed by an earlier session, in discovery order (nothing is read). */
  known(): RunDescriptor[] {
    const known = this.expand(this.index.descriptors() as RunDescriptor[]);
    known.forEach((d, i) => this.order.set(d.name, i));
    return known;
  }

  /** Stored summaries (hyper-parameters, roles, counts) by run name. */
  summaries(): Map<string, RunSummary> {
    return new Map(this.index.runs().map((r) => [r.name, r.summary]));
  }

  /**
   * Discovered runs with each directory known to hold several trainings replaced by its trainings
   * (as stored by `split`), unless it now holds files none of them has (then it is split again
   * once loaded); one descriptor per name.
   */
  expand(found: RunDescriptor[]): RunDescriptor[] {
    const out = new Map<string, RunDescriptor>();
    for (const d of found) {
      let parts: RunDescriptor[] | undefined;
      if (!d.session) {
        try {
          parts = this.index.split(d.name) as RunDescriptor[] | undefined;
        } catch {
          parts = undefined;
        }
        if (parts && !d.files.every((f) => parts!.some((p) => p.files.some((x) => x.path === f.path)))) parts = undefined;
      }
      for (const p of parts ?? [d]) if (!out.has(p.name)) out.set(p.name, p);
    }
    return [...out.values()];
  }

  /** Remembers the discovery order, and forgets the indexed runs no longer found. */
  discovered(runs: RunDescriptor[]): void {
    runs.forEach((d, i) => this.order.set(d.name, i));
    const names = new Set(runs.map((d) => d.name));
    for (const name of this.index.runNames()) if (!names.has(name)) this.index.deleteRun(name);
  }

  /** The run, from the index when it can, from its files otherwise (see the file comment). */
  async load(d: RunDescriptor): Promise<TrainingRun> {
    let stored: StoredRun | undefined;
    let run: TrainingRun | undefined;
    try {
      stored = this.index.run(d.name);
      if (stored) run = decodeRun(stored.state, this.index.chunks(d.name));
    } catch (e) {
      // an unreadable blob, a busy or vanished file: the run is read from its files
      this.error = `index read failed: ${(e as Error).message}`;
      run = undefined;
    }
    // a directory stored as one run is no training split from it, nor the other way round
    if (stored && !(stored.descriptor as RunDescriptor).session !== !d.session) run = undefined;
    if (stored && run && !this.index.damaged) {
      const ids = new Map(stored.files.filter((f) => f.identity).map((f) => [f.path, f.identity!]));
      reviveRun(run, this.opts, ids, stored.descriptor as RunDescriptor);
      const known = new Set(stored.files.map((f) => f.path));
      const unchanged = (await this.unchanged(stored.files)) && d.files.every((f) => known.has(f.path));
      if (unchanged) {
        this.counts.fromIndex++;
        this.opts.progress?.fromStore?.(
          run.name,
          stored.files.length,
          stored.files.reduce((a, f) => a + f.size, 0),
        );
        this.opts.progress?.runDone?.(run.name);
        return run;
      }
      await refreshRun(this.root, run, this.opts);
      this.counts.tailed++;
      await this.save(run, d);
      this.opts.progress?.runDone?.(run.name);
      return run;
    }
    if (this.pool && (d.totalBytes ?? 0) >= this.workerMinBytes) {
      try {
        const { record, parts } = await this.pool.read(this.root, d, {
          followSymlinks: this.opts.followSymlinks,
          ...(this.opts.progress ? { progress: this.opts.progress } : {}),
        });
        return this.adopt(record, d, parts);
      } catch (e) {
        // a worker that failed: the run is read here
        if (!(e instanceof ReadWorkerError)) throw e;
      }
    }
    const read = await loadRun(this.root, d, this.opts);
    this.counts.read++;
    await this.save(read, d);
    return read;
  }

  /** The run a worker read: its record written (unless it is several trainings), the run rebuilt from it as from the index. */
  private adopt(record: RunRecord, d: RunDescriptor, parts: RunDescriptor[] | undefined): TrainingRun {
    const run = decodeRun(record.encoded.state, record.encoded.chunks);
    reviveRun(run, this.opts, new Map(record.files.filter((f) => f.identity).map((f) => [f.path, f.identity!])), d);
    this.counts.read++;
    this.readInWorkers++;
    if (parts) this.workerSplits.set(run, parts);
    else
      try {
        this.put(record);
      } catch (e) {
        this.error = `index write failed: ${(e as Error).message}`;
      }
    return run;
  }

  /**
   * The trainings a run holds when it is several (reader.splitSessions, which needs the run's event
   * files read in this process), remembered in the index for a run rebuilt from it; else undefined.
   */
  split(run: TrainingRun, d: RunDescriptor): RunDescriptor[] | undefined {
    if (d.session) return undefined;
    const parts = this.workerSplits.get(run) ?? splitSessions(run, d);
    if (parts && parts.length > 1) {
      try {
        this.index.putSplit(d.name, parts);
        // the directory's row as one run goes; each training is written when it loads
        this.index.deleteRunData(d.name);
      } catch (e) {
        this.error = `index write failed: ${(e as Error).message}`;
      }
      return parts;
    }
    try {
      return this.index.split(d.name) as RunDescriptor[] | undefined;
    } catch {
      return undefined;
    }
  }

  /** Reads what is new in a loaded run; true (and written back) when something changed. */
  async refresh(run: TrainingRun, d?: RunDescriptor): Promise<boolean> {
    const changed = await refreshRun(this.root, run, this.opts);
    if (changed) {
      const desc = d ?? (this.index.run(run.name)?.descriptor as RunDescriptor | undefined);
      if (this.now() - (this.savedAt.get(run.name) ?? -Infinity) >= this.saveIntervalMs) await this.save(run, desc);
      else this.dirty.set(run.name, { run, d: desc });
    }
    return changed;
  }

  /** Writes every run changed since its last write. */
  async flush(): Promise<void> {
    for (const [name, x] of [...this.dirty]) {
      this.dirty.delete(name);
      await this.save(x.run, x.d);
    }
  }

  /**
   * The scalar series `key` of run `d` from the index, when the index holds what the logs hold now
   * (every file as stored, none added, nothing waiting to be written); else undefined (the caller
   * loads the run).
   */
  async storedSeries(d: RunDescriptor, key: string): Promise<StoredSeries | undefined> {
    if (this.dirty.has(d.name) || this.index.damaged) return undefined;
    try {
      const head = this.index.head(d.name);
      // a directory stored as one run is no training split from it, nor the other way round
      if (!head || !(head.descriptor as RunDescriptor).session !== !d.session) return undefined;
      const series = storedSeries(this.index, d.name, key);
      if (!series) return undefined;
      const files = this.index.files(d.name);
      const known = new Set(files.map((f) => f.path));
      if (!(d.files ?? []).every((f) => known.has(f.path)) || !(await this.unchanged(files))) return undefined;
      return this.dirty.has(d.name) ? undefined : series;
    } catch (e) {
      this.error = `index read failed: ${(e as Error).message}`;
      return undefined;
    }
  }

  /** True when every stored file has the size, mtime and inode it had when read. */
  private async unchanged(files: StoredFile[]): Promise<boolean> {
    for (const f of files) {
      try {
        const st = await fsp.stat(path.join(this.root, f.path));
        if (st.size !== f.size || st.mtimeMs !== f.mtimeMs || st.ino !== f.ino || st.dev !== f.dev) return false;
      } catch {
        return false;
      }
    }
    return true;
  }

  /** Writes the run to the index; a failure (disk full, read-only cache) is kept in `error`, never thrown: the index is a cache. */
  async save(run: TrainingRun, d: RunDescriptor | undefined): Promise<void> {
    try {
      await this.write(run, d);
    } catch (e) {
      this.error = `index write failed: ${(e as Error).message}`;
    }
  }

  private async write(run: TrainingRun, d: RunDescriptor | undefined): Promise<void> {
    this.put(await runRecord(this.root, run, d));
  }

  /** Writes a run's record (made here or by a reading worker). */
  private put(r: RunRecord): void {
    this.index.putRun(r.name, this.order.get(r.name) ?? 0, r.descriptor, r.fingerprint, r.encoded, r.files, r.summary);
    this.savedAt.set(r.name, this.now());
    this.dirty.delete(r.name);
  }

  /** Series key -> (directory, tag) of a run's scalars, for serving stored chunks. */
  static scalarKeys(run: TrainingRun): Map<string, { dir: string; tag: string }> {
    const out = new Map<string, { dir: string; tag: string }>();
    for (const d of run.dirs) for (const tag of d.scalars.keys()) out.set(seriesKey(run.name, d.path, tag), { dir: d.path, tag });
    return out;
  }
}
