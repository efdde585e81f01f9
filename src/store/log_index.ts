// The embedded index of one logdir: one SQLite file (better-sqlite3, WAL mode) in a cache directory
// outside the logdir. Contract:
//   - it holds, per run: the discovery descriptor, the readers' state blob (run_codec.ts), a
//     summary (hyper-parameters, roles, problem count) and a content fingerprint; per file read:
//     path, format, size, mtime, device and inode, read offset and identity (reader FileIdentity),
//     and the files discovered with the run that no reader keeps (format "unread", as discovered);
//     per scalar tag: count, step and value ranges, non-finite counts, whether its steps never
//     decrease and the series key the run serves it under; the scalar points as chunks
//     (one row per tag per CHUNK_POINTS points, Float64 arrays as BLOBs); the diagnosis summary
//     per run fingerprint;
//   - `LogIndex.open` rebuilds the file (empty) when its format version or logdir differs from
//     this build's, or when it is damaged (not a database, truncated, failing its header checks),
//     and says why in `rebuilt`; a damaged page met later makes the read answer "not indexed"
//     (the run is read from its logs) and the index is rebuilt at the next open;
//   - several processes may use one file at once: WAL, a busy timeout, every write of a run in one
//     transaction (a reader sees a run before or after a write, never half of it).
import fs from "node:fs";
import type { FileIdentity } from "../reader/index.ts";
import type { EncodedRun, ScalarChunk } from "./run_codec.ts";
import { createRequire } from "node:module";
import type Database from "better-sqlite3";

/**
 * better-sqlite3, loaded on first use: a package installed without its native binary (install
 * scripts not run) makes `LogIndex.open` throw IndexUnavailableError instead of failing every import.
 */
let driver: typeof Database | undefined;
export class IndexUnavailableError extends Error {}
function sqlite(): typeof Database {
  if (!driver) {
    try {
      driver = createRequire(import.meta.url)("better-sqlite3") as typeof Database;
    } catch (e) {
      throw new IndexUnavailableError(`the SQLite driver (better-sqlite3) cannot be loaded: ${(e as Error).message.split("\n")[0]}`, {
        cause: e,
      });
    }
  }
  return driver;
}

/** Bumped whenever the schema or the state blob's layout changes: an older index is rebuilt. */
export const INDEX_FORMAT_VERSION = 2;

/** A file of a run as the index remembers it. */
export interface StoredFile {
  path: string;
  format: string;
  size: number;
  mtimeMs: number;
  dev: number;
  ino: number;
  readOffset: number;
  identity?: FileIdentity;
}

/** What the run list and the lineage need without loading the run. */
export interface RunSummary {
  hparams: Record<string, number | string | boolean>;
  roles: { key: string; role: string }[];
  problems: number;
  failed: boolean;
  scalarTags: number;
  points: number;
  /** Earliest wall time of the first point of any scalar the run serves (0 when none): origin of the relative-time axis. */
  scalarStart?: number;
}

export interface StoredRun {
  name: string;
  descriptor: unknown;
  fingerprint: string;
  state: Buffer;
  files: StoredFile[];
  summary: RunSummary;
}

export interface TagRow {
  dir: string;
  tag: string;
  count: number;
  stepMin: number;
  stepMax: number;
  valueMin: number;
  valueMax: number;
  nan: number;
  posInf: number;
  negInf: number;
  /** Steps never decrease along the series (then a step range selects a run of chunks). */
  sorted: boolean;
  /** The series key the run serves these points under (undefined: the run shows another series there, e.g. a text log's copy). */
  key?: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs(
  name TEXT PRIMARY KEY, ord INTEGER NOT NULL, descriptor TEXT NOT NULL, fingerprint TEXT NOT NULL,
  state BLOB NOT NULL, summary TEXT NOT NULL, updated REAL NOT NULL);
CREATE TABLE IF NOT EXISTS files(
  run TEXT NOT NULL, path TEXT NOT NULL, format TEXT NOT NULL, size INTEGER NOT NULL, mtime REAL NOT NULL,
  dev INTEGER NOT NULL, ino INTEGER NOT NULL, read_offset INTEGER NOT NULL, identity TEXT,
  PRIMARY KEY(run, path)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tags(
  run TEXT NOT NULL, dir TEXT NOT NULL, tag TEXT NOT NULL, count INTEGER NOT NULL,
  step_min REAL, step_max REAL, value_min REAL, value_max REAL, nan INTEGER NOT NULL, pos_inf INTEGER NOT NULL, neg_inf INTEGER NOT NULL,
  sorted INTEGER NOT NULL, key TEXT,
  PRIMARY KEY(run, dir, tag)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chunks(
  run TEXT NOT NULL, dir TEXT NOT NULL, tag TEXT NOT NULL, seq INTEGER NOT NULL, n INTEGER NOT NULL,
  step_first REAL, step_last REAL, steps BLOB NOT NULL, walls BLOB NOT NULL, vals BLOB NOT NULL,
  PRIMARY KEY(run, dir, tag, seq));
CREATE TABLE IF NOT EXISTS diagnosis(run TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, summary TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS splits(run TEXT PRIMARY KEY, parts TEXT NOT NULL);
`;

const TABLES = ["runs", "files", "tags", "chunks", "diagnosis", "splits", "meta"];

function isDamage(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? "";
  return code.startsWith("SQLITE_CORRUPT") || code.startsWith("SQLITE_NOTADB") || code === "SQLITE_IOERR_SHORT_READ";
}

/** SQLite REAL columns hold no NaN (stored as NULL) and +-Infinity stays: NULL comes back as NaN. */
const num = (v: number | null): number => (v === null ? NaN : v);
const real = (v: number): number | null => (Number.isNaN(v) ? null : v);

function chunkRow(r: Record<string, unknown>): ScalarChunk {
  return {
    dir: r.dir as string,
    tag: r.tag as string,
    seq: Number(r.seq),
    n: Number(r.n),
    stepFirst: num(r.step_first as number | null),
    stepLast: num(r.step_last as number | null),
    steps: r.steps as Buffer,
    walls: r.walls as Buffer,
    values: r.vals as Buffer,
  };
}

function tagRow(r: Record<string, number | string | null>): TagRow {
  return {
    dir: r.dir as string,
    tag: r.tag as string,
    count: Number(r.count),
    stepMin: num(r.step_min as number | null),
    stepMax: num(r.step_max as number | null),
    valueMin: num(r.value_min as number | null),
    valueMax: num(r.value_max as number | null),
    nan: Number(r.nan),
    posInf: Number(r.pos_inf),
    negInf: Number(r.neg_inf),
    sorted: r.sorted === 1,
    ...(typeof r.key === "string" ? { key: r.key } : {}),
  };
}

export class LogIndex {
  /** Why the file was emptied at open (format version, other logdir, damage), or undefined. */
  readonly rebuilt?: string;
  /** Set when a damaged page was met after open: later reads answer "not indexed". */
  damaged = false;
  private db: Database.Database;

  private constructor(
    readonly file: string,
    readonly logdir: string,
    db: Database.Database,
    rebuilt: string | undefined,
  ) {
    this.db = db;
    this.rebuilt = rebuilt;
  }

  /** Opens (creating or rebuilding when needed) the index file of `logdir` (absolute). */
  static open(file: string, logdir: string): LogIndex {
    sqlite(); // IndexUnavailableError before anything is touched
    let reason: string | undefined;
    let db: Database.Database | undefined;
    try {
      db = LogIndex.connect(file);
      const why = LogIndex.check(db, logdir);
      if (why !== undefined) {
        reason = why || undefined;
        LogIndex.reset(db, logdir, why === "");
      }
    } catch (e) {
      reason = `damaged index (${(e as Error).message}): rebuilt`;
      try {
        db?.close();
      } catch {
        /* already unusable */
      }
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
      db = LogIndex.connect(file);
      LogIndex.reset(db, logdir, true);
    }
    return new LogIndex(file, logdir, db, reason);
  }

  private static connect(file: string): Database.Database {
    const Driver = sqlite();
    const db = new Driver(file, { timeout: 10_000 });
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    return db;
  }

  /** Why the file cannot be used as it is (undefined: usable; "": new and empty); throws on damage. */
  private static check(db: Database.Database, logdir: string): string | undefined {
    // a file cut short: fewer bytes than the pages the header announces
    const pages = db.pragma("page_count", { simple: true }) as number;
    const size = db.pragma("page_size", { simple: true }) as number;
    const onDisk = fs.statSync(db.name).size;
    const wal = fs.existsSync(`${db.name}-wal`) ? fs.statSync(`${db.name}-wal`).size : 0;
    if (onDisk < pages * size && wal === 0)
      throw Object.assign(new Error(`file holds ${onDisk} of ${pages * size} bytes`), { code: "SQLITE_CORRUPT" });
    const hasMeta = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type='table' AND name='meta'").get() as { n: number };
    if (hasMeta.n === 0) {
      const any = db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number };
      return any.n === 0 ? "" : "not a trainscope index: rebuilt";
    }
    const meta = new Map(
      (db.prepare("SELECT key, value FROM meta").all() as { key: string; value: string }[]).map((r) => [r.key, r.value]),
    );
    if (meta.get("format_version") !== String(INDEX_FORMAT_VERSION))
      return `index format ${meta.get("format_version") ?? "unknown"}, this version reads ${INDEX_FORMAT_VERSION}: rebuilt`;
    if (meta.get("logdir") !== logdir) return `index of another logdir (${meta.get("logdir") ?? "unknown"}): rebuilt`;
    // every table answers (a damaged page of the schema or of a table's root throws here)
    for (const t of TABLES) db.prepare(`SELECT 1 FROM ${t} LIMIT 1`).get();
    return undefined;
  }

  /** Empties the file into this build's schema (one transaction: another process sees the old or the new index). */
  private static reset(db: Database.Database, logdir: string, onlyIfEmpty = false): void {
    db.transaction(() => {
      // another process may have created it meanwhile: then it is kept
      if (onlyIfEmpty && (db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number }).n > 0) return;
      for (const t of TABLES) db.exec(`DROP TABLE IF EXISTS ${t}`);
      db.exec(SCHEMA);
      const put = db.prepare("INSERT INTO meta(key, value) VALUES (?, ?)");
      put.run("format_version", String(INDEX_FORMAT_VERSION));
      put.run("logdir", logdir);
    }).immediate();
  }

  /** Runs `fn`; a damaged page marks the index damaged and answers `fallback`. */
  private guard<T>(fn: () => T, fallback: T): T {
    if (this.damaged) return fallback;
    try {
      return fn();
    } catch (e) {
      if (!isDamage(e)) throw e;
      this.damaged = true;
      try {
        // the next open rebuilds it
        this.db.prepare("UPDATE meta SET value = 'damaged' WHERE key = 'format_version'").run();
      } catch {
        /* unwritable: the next open's checks find the damage */
      }
      return fallback;
    }
  }

  /** Names and descriptors of the runs indexed, in discovery order. */
  runs(): { name: string; descriptor: unknown; fingerprint: string; summary: RunSummary }[] {
    return this.guard(
      () =>
        (
          this.db.prepare("SELECT name, descriptor, fingerprint, summary FROM runs ORDER BY ord, name").all() as Record<string, string>[]
        ).map((r) => ({
          name: r.name,
          descriptor: JSON.parse(r.descriptor) as unknown,
          fingerprint: r.fingerprint,
          summary: JSON.parse(r.summary) as RunSummary,
        })),
      [],
    );
  }

  /** Names of the runs indexed. */
  runNames(): string[] {
    return this.guard(() => (this.db.prepare("SELECT name FROM runs").all() as { name: string }[]).map((r) => r.name), []);
  }

  /** Discovery descriptors of the runs indexed, in discovery order (the run list of a warm start). */
  descriptors(): unknown[] {
    return this.guard(
      () =>
        (
          this.db.prepare("SELECT descriptor FROM runs ORDER BY ord, name").all() as {
            descriptor: string;
          }[]
        ).map((r) => JSON.parse(r.descriptor) as unknown),
      [],
    );
  }

  /** The trainings a run was split into (descriptors), or undefined. */
  split(run: string): unknown[] | undefined {
    return this.guard(() => {
      const r = this.db.prepare("SELECT parts FROM splits WHERE run = ?").get(run) as { parts: string } | undefined;
      return r ? (JSON.parse(r.parts) as unknown[]) : undefined;
    }, undefined);
  }

  putSplit(run: string, parts: unknown[]): void {
    this.guard(() => {
      this.db.prepare("INSERT OR REPLACE INTO splits(run, parts) VALUES (?, ?)").run(run, JSON.stringify(parts));
    }, undefined);
  }

  /** The stored run (state blob, files), or undefined when it is not indexed. */
  run(name: string): StoredRun | undefined {
    return this.guard(() => {
      const r = this.db.prepare("SELECT name, descriptor, fingerprint, state, summary FROM runs WHERE name = ?").get(name) as
        { name: string; descriptor: string; fingerprint: string; state: Buffer; summary: string } | undefined;
      if (!r) return undefined;
      return {
        name: r.name,
        descriptor: JSON.parse(r.descriptor) as unknown,
        fingerprint: r.fingerprint,
        state: r.state,
        summary: JSON.parse(r.summary) as RunSummary,
        files: this.files(name),
      };
    }, undefined);
  }

  /** Descriptor and fingerprint of a stored run (not its state), or undefined. */
  head(name: string): { descriptor: unknown; fingerprint: string } | undefined {
    return this.guard(() => {
      const r = this.db.prepare("SELECT descriptor, fingerprint FROM runs WHERE name = ?").get(name) as
        { descriptor: string; fingerprint: string } | undefined;
      return r ? { descriptor: JSON.parse(r.descriptor) as unknown, fingerprint: r.fingerprint } : undefined;
    }, undefined);
  }

  files(run: string): StoredFile[] {
    return this.guard(
      () =>
        (
          this.db
            .prepare("SELECT path, format, size, mtime, dev, ino, read_offset, identity FROM files WHERE run = ? ORDER BY path")
            .all(run) as Record<string, unknown>[]
        ).map((f) => ({
          path: f.path as string,
          format: f.format as string,
          size: Number(f.size),
          mtimeMs: f.mtime as number,
          dev: Number(f.dev),
          ino: Number(f.ino),
          readOffset: Number(f.read_offset),
          ...(f.identity ? { identity: JSON.parse(f.identity as string) as FileIdentity } : {}),
        })),
      [],
    );
  }

  /** Every chunk of a run's scalars, or only those of one tag whose steps meet [from, to]. */
  chunks(run: string, only?: { dir: string; tag: string; from?: number; to?: number }): ScalarChunk[] {
    return this.guard(() => {
      const rows = (
        only
          ? this.db
              .prepare(
                "SELECT dir, tag, seq, n, step_first, step_last, steps, walls, vals FROM chunks WHERE run = ? AND dir = ? AND tag = ? AND (step_last IS NULL OR step_last >= ?) AND (step_first IS NULL OR step_first <= ?) ORDER BY seq",
              )
              .all(run, only.dir, only.tag, only.from ?? -Infinity, only.to ?? Infinity)
          : this.db.prepare("SELECT dir, tag, seq, n, step_first, step_last, steps, walls, vals FROM chunks WHERE run = ?").all(run)
      ) as Record<string, unknown>[];
      return rows.map(chunkRow);
    }, []);
  }

  /** Counts and ranges of a run's scalar tags. */
  tags(run: string): TagRow[] {
    return this.guard(
      () =>
        (this.db.prepare("SELECT * FROM tags WHERE run = ? ORDER BY dir, tag").all(run) as Record<string, number | string | null>[]).map(
          tagRow,
        ),
      [],
    );
  }

  /** The stored tag a run serves under series key `key`, or undefined. */
  series(run: string, key: string): TagRow | undefined {
    return this.guard(() => {
      const r = this.db.prepare("SELECT * FROM tags WHERE run = ? AND key = ?").get(run, key) as
        Record<string, number | string | null> | undefined;
      return r ? tagRow(r) : undefined;
    }, undefined);
  }

  /** The last chunk of a tag (its last point is the series' last), or undefined. */
  lastChunk(run: string, dir: string, tag: string): ScalarChunk | undefined {
    return this.guard(() => {
      const r = this.db
        .prepare(
          "SELECT dir, tag, seq, n, step_first, step_last, steps, walls, vals FROM chunks WHERE run = ? AND dir = ? AND tag = ? ORDER BY seq DESC LIMIT 1",
        )
        .get(run, dir, tag) as Record<string, unknown> | undefined;
      return r ? chunkRow(r) : undefined;
    }, undefined);
  }

  /** The stored summary of one run, or undefined. */
  summary(run: string): RunSummary | undefined {
    return this.guard(() => {
      const r = this.db.prepare("SELECT summary FROM runs WHERE name = ?").get(run) as { summary: string } | undefined;
      return r ? (JSON.parse(r.summary) as RunSummary) : undefined;
    }, undefined);
  }

  /** Replaces everything stored of one run, in one transaction. */
  putRun(
    name: string,
    order: number,
    descriptor: unknown,
    fingerprint: string,
    encoded: EncodedRun,
    files: StoredFile[],
    summary: RunSummary,
  ): void {
    this.guard(() => {
      const db = this.db;
      db.transaction(() => {
        this.deleteRunRows(name);
        db.prepare("INSERT INTO runs(name, ord, descriptor, fingerprint, state, summary, updated) VALUES (?, ?, ?, ?, ?, ?, ?)").run(
          name,
          order,
          JSON.stringify(descriptor),
          fingerprint,
          encoded.state,
          JSON.stringify(summary),
          Date.now() / 1000,
        );
        const f = db.prepare(
          "INSERT OR REPLACE INTO files(run, path, format, size, mtime, dev, ino, read_offset, identity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        );
        for (const x of files)
          f.run(name, x.path, x.format, x.size, x.mtimeMs, x.dev, x.ino, x.readOffset, x.identity ? JSON.stringify(x.identity) : null);
        const t = db.prepare(
          "INSERT OR REPLACE INTO tags(run, dir, tag, count, step_min, step_max, value_min, value_max, nan, pos_inf, neg_inf, sorted, key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        );
        for (const s of encoded.summaries)
          t.run(
            name,
            s.dir,
            s.tag,
            s.count,
            real(s.stepMin),
            real(s.stepMax),
            real(s.valueMin),
            real(s.valueMax),
            s.nan,
            s.posInf,
            s.negInf,
            s.sorted ? 1 : 0,
            s.key ?? null,
          );
        const c = db.prepare(
          "INSERT OR REPLACE INTO chunks(run, dir, tag, seq, n, step_first, step_last, steps, walls, vals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        );
        for (const x of encoded.chunks)
          c.run(name, x.dir, x.tag, x.seq, x.n, real(x.stepFirst), real(x.stepLast), x.steps, x.walls, x.values);
      }).immediate();
    }, undefined);
  }

  private deleteRunRows(name: string): void {
    for (const t of ["runs", "files", "tags", "chunks"])
      this.db.prepare(`DELETE FROM ${t} WHERE ${t === "runs" ? "name" : "run"} = ?`).run(name);
  }

  /** Forgets what is stored of a run's data (not its split or diagnosis). */
  deleteRunData(name: string): void {
    this.guard(() => {
      this.db.transaction(() => this.deleteRunRows(name)).immediate();
    }, undefined);
  }

  /** Forgets a run (gone from the logdir). */
  deleteRun(name: string): void {
    this.guard(() => {
      this.db
        .transaction(() => {
          this.deleteRunRows(name);
          this.db.prepare("DELETE FROM diagnosis WHERE run = ?").run(name);
          this.db.prepare("DELETE FROM splits WHERE run = ?").run(name);
        })
        .immediate();
    }, undefined);
  }

  /** The diagnosis summary stored for the run's content `fingerprint`, or undefined. */
  diagnosis(run: string, fingerprint: string): unknown {
    return this.guard(() => {
      const r = this.db.prepare("SELECT summary FROM diagnosis WHERE run = ? AND fingerprint = ?").get(run, fingerprint) as
        { summary: string } | undefined;
      return r ? (JSON.parse(r.summary) as unknown) : undefined;
    }, undefined);
  }

  putDiagnosis(run: string, fingerprint: string, summary: unknown): void {
    this.guard(() => {
      this.db
        .prepare("INSERT OR REPLACE INTO diagnosis(run, fingerprint, summary) VALUES (?, ?, ?)")
        .run(run, fingerprint, JSON.stringify(summary));
    }, undefined);
  }

  /** SQLite's own check of the whole file ("ok" when sound). */
  integrity(): string {
    return (this.db.pragma("integrity_check", { simple: true }) as string) ?? "";
  }

  close(): void {
    try {
      this.db.close();
    } catch {
      /* closed already */
    }
  }
}
