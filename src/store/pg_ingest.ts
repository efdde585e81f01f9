// Ingest into PostgreSQL: reads the runs under logdirs with the readers and commits, per run and in
// ONE transaction, its new points (pg_codec.ts chunks), its files with size, mtime and committed
// offset, its model facts and the diagnosis of that version. Contract:
// - A pass first reads, in one query, the committed files of every run it found: a run whose files
//   all have the committed size and mtime is unchanged without a lock or a transaction.
// - Several workers (processes, machines) may ingest the same or overlapping logdirs at once. A run
//   is written under `SELECT ... FOR UPDATE SKIP LOCKED` on its row: a worker finding it locked goes
//   on with other runs and comes back to it at the end of the pass (then waits for the lock, and
//   writes nothing when the other worker already committed what is on disk).
// - Chunks are written by binary COPY (pg_copy.ts) inside the run's transaction.
// - The unit of a commit is the run, not the file: a run's series are derived from all its files
//   together (one copy per series across files, restart purges, CSV beside events), so its files'
//   offsets and its points commit together. A worker killed at any moment (SIGKILL) leaves the
//   last committed state; the next pass sees the files differ from what is committed and writes
//   again: nothing lost, nothing twice.
// - Points are appended: a stored series whose digest still matches the prefix of what was read
//   gets only its new points (the last partial chunk rewritten); one that changed otherwise (a file
//   replaced, a restart purge, another copy chosen) is written again whole. `version` bumps only
//   when something changed.
// - Runs are keyed by the absolute path of their directory (the same on every machine that mounts
//   the logs at the same place); a run's name and paths stay relative to the logdir of its first
//   ingest (a worker started on a parent or child directory rebases what it read).
// - Watch mode re-reads only appended bytes of the runs this worker has in memory (refreshRun).
// Outcomes per run: written, unchanged, busy (left to another worker), failed (message kept in the report).

import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { discoverRuns, loadRun, refreshRun, type RunDescriptor } from "../reader/index.ts";
import { runHistograms, runScalars, type Histogram, type TrainingRun, type Problem } from "../model/index.ts";
import { diagnoseRun } from "../diagnose/index.ts";
import { SCALAR_CHUNK, HISTOGRAM_CHUNK, encodeScalarChunk, encodeHistogramChunk, scalarDigest, histogramDigest } from "./pg_codec.ts";
import { projectId } from "./pg_schema.ts";
import { CopyWriter, copyIn } from "./pg_copy.ts";

export interface IngestOptions {
  project: string;
  followSymlinks?: boolean;
  /** Keep the runs read in memory, so the next pass reads only appended bytes (watch mode); else memory is freed after each run. */
  keepRuns?: boolean;
  /** Called after each run's outcome. */
  onRun?: (e: RunOutcome) => void;
  /**
   * A run that grows is diagnosed at most this often (ms) by this worker; its points commit in
   * between with the findings of an earlier version (`findings_version` says which), and once it
   * stops growing the pass that finds it unchanged diagnoses its last version. Default:
   * DIAGNOSE_EVERY_MS with `keepRuns` (watch mode), else 0 (every committed version).
   */
  diagnoseEveryMs?: number;
}

/** How often a growing run is diagnosed at most in watch mode, ms. */
export const DIAGNOSE_EVERY_MS = 10_000;

export interface RunOutcome {
  run: string;
  outcome: "written" | "unchanged" | "busy" | "failed";
  points?: number;
  bytes?: number;
  error?: string;
}

export interface IngestReport {
  runs: number;
  written: number;
  unchanged: number;
  failed: number;
  /** Scalar points and histograms written. */
  points: number;
  /** Bytes of log files read for the runs written. */
  bytes: number;
  /** Runs without new points whose stored diagnosis was brought to their last version. */
  diagnosed: number;
  errors: string[];
}

interface Work {
  /** The logdir as given (a directory or one file), absolute. */
  rootAbs: string;
  /** The directory paths are relative to (the logdir, or the directory of a one-file logdir). */
  rootDir: string;
  d: RunDescriptor;
  runAbs: string;
}

/** A worker's state across passes: the runs it read (refreshed from their last offsets in watch mode). */
export class PgIngester {
  private projectId?: number;
  private readonly cache = new Map<string, { rootAbs: string; run: TrainingRun }>();
  /** When this worker last diagnosed each run (by directory). */
  private readonly diagnosedAt = new Map<string, number>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly opts: IngestOptions,
  ) {}

  /** One pass over the logdirs: every run whose files differ from what is committed is read and written. */
  async pass(logdirs: string[]): Promise<IngestReport> {
    const report: IngestReport = { runs: 0, written: 0, unchanged: 0, failed: 0, points: 0, bytes: 0, diagnosed: 0, errors: [] };
    if (this.projectId === undefined) {
      const c = await this.pool.connect();
      try {
        this.projectId = await projectId(c, this.opts.project);
      } finally {
        c.release();
      }
    }
    const work: Work[] = [];
    const seen = new Set<string>();
    for (const logdir of logdirs) {
      const rootAbs = fs.realpathSync(path.resolve(logdir));
      const found = await discoverRuns(rootAbs, { followSymlinks: this.opts.followSymlinks });
      const rootDir = fs.statSync(rootAbs).isFile() ? path.dirname(rootAbs) : rootAbs;
      for (const d of found) {
        const runAbs = d.name === "." ? rootDir : path.join(rootDir, d.name);
        if (seen.has(runAbs)) continue;
        seen.add(runAbs);
        work.push({ rootAbs, rootDir, d, runAbs });
      }
    }
    report.runs = work.length;
    const busy: Work[] = [];
    const note = (w: Work, o: Omit<RunOutcome, "run">) => {
      if (o.outcome === "written") {
        report.written++;
        report.points += o.points ?? 0;
        report.bytes += o.bytes ?? 0;
      } else if (o.outcome === "unchanged") report.unchanged++;
      else if (o.outcome === "failed") {
        report.failed++;
        report.errors.push(`${w.runAbs}: ${o.error}`);
      }
      this.opts.onRun?.({ run: w.d.name, ...o });
    };
    // what is committed for every run of the pass, in one query: a run whose files are as committed
    // is passed over without a lock or a transaction (an idle pass is one query, not five per run)
    const committed = await this.committedFiles(work.map((w) => w.runAbs));
    const stale: Work[] = [];
    for (const w of work) {
      const known = committed.get(w.runAbs);
      if (known && sameFiles(this.filesNow(w), known.files)) {
        note(w, { outcome: "unchanged" });
        if (known.staleFindings) stale.push(w);
        continue;
      }
      const o = await this.ingestRun(w, false);
      if (o.outcome === "busy") busy.push(w);
      else note(w, o);
    }
    // runs another worker held: wait for it, then write only what it did not
    for (const w of busy) note(w, await this.ingestRun(w, true));
    // runs that stopped growing with the diagnosis of an earlier version: their last version now
    for (const w of stale) {
      try {
        if (await this.catchUpDiagnosis(w)) report.diagnosed++;
      } catch (e) {
        report.errors.push(`${w.runAbs}: diagnosis not stored: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return report;
  }

  /** The files of the pass's runs as committed (runs with facts only), by run directory. */
  private async committedFiles(
    runPaths: string[],
  ): Promise<Map<string, { files: Map<string, { size: number; mtime: number }>; staleFindings: boolean }>> {
    const out = new Map<string, { files: Map<string, { size: number; mtime: number }>; staleFindings: boolean }>();
    if (!runPaths.length) return out;
    const r = await this.pool.query(
      `SELECT r.path AS run, r.findings_version IS DISTINCT FROM r.version AS stale, f.path, f.size, f.mtime_ms
       FROM runs r LEFT JOIN files f ON f.run_id = r.id
       WHERE r.project_id = $1 AND r.path = ANY($2::text[]) AND r.meta IS NOT NULL`,
      [this.projectId, runPaths],
    );
    for (const row of r.rows as { run: string; stale: boolean; path: string | null; size: string | null; mtime_ms: number | null }[]) {
      let m = out.get(row.run);
      if (!m) out.set(row.run, (m = { files: new Map(), staleFindings: row.stale }));
      if (row.path !== null) m.files.set(row.path, { size: Number(row.size), mtime: row.mtime_ms! });
    }
    return out;
  }

  /** Diagnoses a run's committed version and stores it, when its files are still the committed ones and no other worker holds it. */
  private async catchUpDiagnosis(w: Work): Promise<boolean> {
    const c = await this.pool.connect();
    try {
      await c.query("BEGIN");
      const r = await c.query(
        "SELECT id, version, findings_version FROM runs WHERE project_id = $1 AND path = $2 AND meta IS NOT NULL FOR UPDATE SKIP LOCKED",
        [this.projectId, w.runAbs],
      );
      const row = r.rows[0] as { id: string; version: number; findings_version: number | null } | undefined;
      const stored = row ? await c.query("SELECT path, size, mtime_ms FROM files WHERE run_id = $1", [row.id]) : undefined;
      const files = new Map<string, { size: number; mtime: number }>(
        (stored?.rows ?? []).map((x: { path: string; size: string; mtime_ms: number }) => [
          x.path,
          { size: Number(x.size), mtime: x.mtime_ms },
        ]),
      );
      // held by another worker, already done, or changed since (the next pass writes it, diagnosis included when due)
      if (!row || row.findings_version === row.version || !sameFiles(this.filesNow(w), files)) {
        await c.query("ROLLBACK");
        return false;
      }
      const run = await this.runOf(w);
      const d = diagnosisOf(run);
      this.diagnosedAt.set(w.runAbs, Date.now());
      await c.query("UPDATE runs SET findings = $2::jsonb, findings_error = $3, findings_version = version WHERE id = $1", [
        row.id,
        JSON.stringify(d.findings),
        d.error,
      ]);
      await c.query("COMMIT");
      return true;
    } catch (e) {
      await c.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  /** The run as on disk: this worker's copy tailed from its offsets, or read. */
  private async runOf(w: Work): Promise<TrainingRun> {
    const cached = this.cache.get(w.runAbs);
    if (cached && cached.rootAbs === w.rootAbs) {
      await refreshRun(w.rootAbs, cached.run);
      return cached.run;
    }
    const run = await loadRun(w.rootAbs, w.d, { followSymlinks: this.opts.followSymlinks });
    if (this.opts.keepRuns) this.cache.set(w.runAbs, { rootAbs: w.rootAbs, run });
    return run;
  }

  private filesNow(w: Work): (RunDescriptor["files"][number] & { abs: string })[] {
    return w.d.files.map((f) => ({ ...f, abs: path.join(w.rootDir, f.path) }));
  }

  private async ingestRun(w: Work, wait: boolean): Promise<Omit<RunOutcome, "run">> {
    const pid = this.projectId!;
    const filesNow = this.filesNow(w);
    const c = await this.pool.connect();
    try {
      // the row to lock (a new run is named relative to this logdir; a name taken by another directory: its path)
      let locked: pg.QueryResult | undefined;
      for (let attempt = 0; attempt < 2 && !locked?.rows.length; attempt++) {
        await c.query(
          `INSERT INTO runs (project_id, path, name, root)
           SELECT $1, $2, CASE WHEN EXISTS (SELECT 1 FROM runs WHERE project_id = $1 AND name = $3) THEN $2 ELSE $3 END, $4
           ON CONFLICT DO NOTHING`,
          [pid, w.runAbs, w.d.name, w.rootDir],
        );
        await c.query("BEGIN");
        locked = await c.query(
          `SELECT id, name, root, meta::text AS meta FROM runs WHERE project_id = $1 AND path = $2 FOR UPDATE${wait ? "" : " SKIP LOCKED"}`,
          [pid, w.runAbs],
        );
        if (!locked.rows.length) await c.query("ROLLBACK");
        // without waiting, a missing row is a locked one (or a name taken at the same moment: looked at again at the end)
        if (!wait) break;
      }
      if (!locked?.rows.length)
        return { outcome: wait ? "failed" : "busy", error: wait ? "the run's row could not be created" : undefined };
      const row = locked.rows[0] as { id: string; name: string; root: string; meta: string | null };
      const stored = await c.query("SELECT path, size, mtime_ms FROM files WHERE run_id = $1", [row.id]);
      const storedMap = new Map<string, { size: number; mtime: number }>(
        stored.rows.map((r: { path: string; size: string; mtime_ms: number }) => [r.path, { size: Number(r.size), mtime: r.mtime_ms }]),
      );
      if (row.meta !== null && sameFiles(filesNow, storedMap)) {
        await c.query("ROLLBACK");
        return { outcome: "unchanged" };
      }
      // read (from the last offsets when this worker has the run in memory)
      const run = await this.runOf(w);
      const rebase = rebaser(w.rootDir, row.root);
      const written = await writeSeries(c, row.id, run, rebase);
      const meta = JSON.stringify(runMeta(run, rebase));
      const metaChanged = meta !== normalizeJson(row.meta);
      // the files as discovered (size and mtime decide "changed"), with the offset the reader reached
      const offsets = new Map<string, number>();
      for (const d of run.dirs) for (const s of d.sources) offsets.set(path.join(w.rootDir, s.path), s.readOffset);
      await c.query("DELETE FROM files WHERE run_id = $1 AND NOT (path = ANY($2::text[]))", [row.id, filesNow.map((f) => f.abs)]);
      for (let i = 0; i < filesNow.length; i += 500) {
        const part = filesNow.slice(i, i + 500);
        await c.query(
          `INSERT INTO files (run_id, path, size, mtime_ms, committed_offset, format)
           SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::float8[], $5::bigint[], $6::text[])
           ON CONFLICT (run_id, path) DO UPDATE SET size = EXCLUDED.size, mtime_ms = EXCLUDED.mtime_ms,
             committed_offset = EXCLUDED.committed_offset, format = EXCLUDED.format`,
          [
            row.id,
            part.map((f) => f.abs),
            part.map((f) => f.size),
            part.map((f) => f.mtimeMs),
            part.map((f) => offsets.get(f.abs) ?? 0),
            part.map((f) => f.format),
          ],
        );
      }
      if (written.points > 0 || written.changed || metaChanged) {
        // diagnosed only when something is committed, and a growing run at most every diagnoseEveryMs
        const every = this.opts.diagnoseEveryMs ?? (this.opts.keepRuns ? DIAGNOSE_EVERY_MS : 0);
        const last = this.diagnosedAt.get(w.runAbs);
        if (last === undefined || Date.now() - last >= every) {
          const d = diagnosisOf(run);
          this.diagnosedAt.set(w.runAbs, Date.now());
          await c.query(
            `UPDATE runs SET version = version + 1, updated_at = now(), meta = $2::jsonb, findings = $3::jsonb, findings_error = $4,
               findings_version = version + 1 WHERE id = $1`,
            [row.id, meta, JSON.stringify(d.findings), d.error],
          );
        } else await c.query("UPDATE runs SET version = version + 1, updated_at = now(), meta = $2::jsonb WHERE id = $1", [row.id, meta]);
      }
      await c.query("COMMIT");
      let bytes = 0;
      for (const f of filesNow) bytes += f.size - (storedMap.get(f.abs)?.size ?? 0) > 0 ? f.size - (storedMap.get(f.abs)?.size ?? 0) : 0;
      return { outcome: written.points > 0 || written.changed || metaChanged ? "written" : "unchanged", points: written.points, bytes };
    } catch (e) {
      await c.query("ROLLBACK").catch(() => {});
      this.cache.delete(w.runAbs);
      return { outcome: "failed", error: e instanceof Error ? e.message : String(e) };
    } finally {
      c.release();
    }
  }
}

/** The run's findings, or the message of a diagnosis that failed. */
function diagnosisOf(run: TrainingRun): { findings: unknown[]; error: string | null } {
  try {
    return { findings: diagnoseRun(run), error: null };
  } catch (e) {
    return { findings: [], error: e instanceof Error ? e.message : String(e) };
  }
}

/** True when the files on disk are exactly the committed ones, each with the committed size and mtime. */
function sameFiles(
  filesNow: { abs: string; size: number; mtimeMs: number }[],
  stored: Map<string, { size: number; mtime: number }>,
): boolean {
  return (
    stored.size === filesNow.length &&
    filesNow.every((f) => {
      const s = stored.get(f.abs);
      return s !== undefined && s.size === f.size && s.mtime === f.mtimeMs;
    })
  );
}

/** Paths read under this worker's logdir, made relative to the run's first logdir. */
function rebaser(ownRoot: string, firstRoot: string): (p: string) => string {
  if (ownRoot === firstRoot) return (p) => p;
  return (p) => {
    const r = path.relative(firstRoot, path.join(ownRoot, p)).split(path.sep).join("/");
    return r === "" ? "." : r;
  };
}

function normalizeJson(text: string | null): string | null {
  return text === null ? null : JSON.stringify(JSON.parse(text));
}

/** What the dashboard needs of a run besides its points (jsonb; images, audio, text and tensors are not stored). */
export interface StoredRunMeta {
  dirs: { path: string; sources: TrainingRun["dirs"][number]["sources"]; sessions: TrainingRun["dirs"][number]["sessions"] }[];
  hparams: { name: string; value: number | string | boolean; sourceKind: string; source: string }[];
  hparamConflicts: TrainingRun["hparamConflicts"];
  roles: TrainingRun["roles"];
  problems: Problem[];
  failed?: boolean;
}

function runMeta(run: TrainingRun, rebase: (p: string) => string): StoredRunMeta {
  const file = (p: string) => (p ? rebase(p) : p);
  return sortKeys({
    dirs: run.dirs.map((d) => ({
      path: rebase(d.path),
      sources: d.sources.map((s) => ({ ...s, path: file(s.path) })),
      sessions: d.sessions.map((s) => ({ ...s, file: file(s.file) })),
    })),
    hparams: [...run.hparams.values()].map((h) => ({ ...h, source: file(h.source) })),
    hparamConflicts: run.hparamConflicts.map((h) => ({ ...h, source: file(h.source) })),
    roles: run.roles,
    problems: run.problems.map((p) => ({ ...p, file: file(p.file) })),
    ...(run.failed ? { failed: true } : {}),
  }) as StoredRunMeta;
}

/** Object keys sorted (jsonb stores them sorted by length then bytes; comparing texts needs one order). */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object" && !(v instanceof Uint8Array)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = sortKeys(o[k]);
    return out;
  }
  if (typeof v === "number" && !Number.isFinite(v)) return null;
  return v;
}

interface StoredSeries {
  id: string;
  n: number;
  digest: Buffer;
}

/** One series as read, with what the codec needs to write its chunks. */
interface ReadSeries {
  kind: "scalar" | "histogram";
  key: string;
  dir: string;
  tag: string;
  unit: string | null;
  phase: string | null;
  len: number;
  chunkSize: number;
  digest: (n: number) => Buffer;
  encode: (from: number, to: number) => { data: Buffer; first: number; last: number };
}

/** Chunk bytes sent in one COPY at most (the memory a batch holds besides the run). */
const COPY_BYTES = 16 << 20;

/**
 * Writes what is new in every series of the run (a few statements per run, whatever the number of
 * series: arrays through unnest); removes series the run no longer has.
 */
async function writeSeries(
  c: pg.ClientBase,
  runId: string,
  run: TrainingRun,
  rebase: (p: string) => string,
): Promise<{ points: number; changed: boolean }> {
  const all: ReadSeries[] = [];
  for (const [key, s] of runScalars(run))
    all.push({
      kind: "scalar",
      key,
      dir: rebase(s.dir),
      tag: s.tag,
      unit: s.unit ?? null,
      phase: s.phase ?? null,
      len: s.length,
      chunkSize: SCALAR_CHUNK,
      digest: (n) => scalarDigest(s, n),
      encode: (a, b) => ({ data: encodeScalarChunk(s, a, b), first: s.steps[a], last: s.steps[b - 1] }),
    });
  for (const [key, h] of runHistograms(run)) {
    const hs: Histogram[] = h.points;
    all.push({
      kind: "histogram",
      key,
      dir: rebase(h.dir),
      tag: h.tag,
      unit: null,
      phase: null,
      len: hs.length,
      chunkSize: HISTOGRAM_CHUNK,
      digest: (n) => histogramDigest(hs, n),
      encode: (a, b) => ({ data: encodeHistogramChunk(hs.slice(a, b)), first: hs[a].step, last: hs[b - 1].step }),
    });
  }
  const k = (kind: string, key: string) => `${kind}\u0000${key}`;
  // the series rows: the stored ones, and new ones made now (their ids wanted for the chunks)
  const rows = await c.query(
    `INSERT INTO series (run_id, kind, key, dir, tag, unit, phase, n, digest)
     SELECT $1, x.kind, x.key, x.dir, x.tag, x.unit, x.phase, 0, ''::bytea
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS x(kind, key, dir, tag, unit, phase)
     ON CONFLICT (run_id, kind, key) DO UPDATE SET dir = EXCLUDED.dir, tag = EXCLUDED.tag, unit = EXCLUDED.unit, phase = EXCLUDED.phase
     RETURNING id, kind, key, n, digest`,
    [
      runId,
      all.map((x) => x.kind),
      all.map((x) => x.key),
      all.map((x) => x.dir),
      all.map((x) => x.tag),
      all.map((x) => x.unit),
      all.map((x) => x.phase),
    ],
  );
  const stored = new Map<string, StoredSeries>();
  for (const r of rows.rows as { id: string; kind: string; key: string; n: string; digest: Buffer }[])
    stored.set(k(r.kind, r.key), { id: r.id, n: Number(r.n), digest: r.digest });
  let points = 0;
  let changed = false;
  const delIds: string[] = [],
    delFrom: number[] = [];
  const upd = { ids: [] as string[], ns: [] as number[], digests: [] as Buffer[] };
  const plans: { x: ReadSeries; id: string; from: number }[] = [];
  for (const x of all) {
    const old = stored.get(k(x.kind, x.key))!;
    let from = 0;
    if (old.n > 0 && old.n <= x.len && x.digest(old.n).equals(old.digest)) {
      if (old.n === x.len) continue;
      from = Math.floor(old.n / x.chunkSize) * x.chunkSize;
      points += x.len - old.n;
    } else {
      if (old.n > 0) changed = true;
      points += x.len;
    }
    delIds.push(old.id);
    delFrom.push(from / x.chunkSize);
    upd.ids.push(old.id);
    upd.ns.push(x.len);
    upd.digests.push(x.digest(x.len));
    plans.push({ x, id: old.id, from });
  }
  if (delIds.length)
    await c.query(
      "DELETE FROM chunks c USING unnest($1::bigint[], $2::int[]) AS d(sid, seq) WHERE c.series_id = d.sid AND c.seq >= d.seq",
      [delIds, delFrom],
    );
  // the chunks by binary COPY (pg_copy.ts): their bytes as they are, a few MB per COPY
  let w = new CopyWriter();
  const flush = async () => {
    if (!w.rows) return;
    await copyIn(c, "chunks (series_id, seq, n, first_step, last_step, data)", w);
    w = new CopyWriter();
  };
  for (const { x, id, from } of plans) {
    const sid = Number(id);
    for (let i = from; i < x.len; i += x.chunkSize) {
      const to = Math.min(x.len, i + x.chunkSize);
      const e = x.encode(i, to);
      w.row(6)
        .int8(sid)
        .int4(i / x.chunkSize)
        .int4(to - i)
        .float8(finiteOr0(e.first))
        .float8(finiteOr0(e.last))
        .bytea(e.data);
      if (w.bytes > COPY_BYTES) await flush();
    }
  }
  await flush();
  if (upd.ids.length)
    await c.query(
      "UPDATE series s SET n = u.n, digest = u.digest FROM unnest($1::bigint[], $2::bigint[], $3::bytea[]) AS u(id, n, digest) WHERE s.id = u.id",
      [upd.ids, upd.ns, upd.digests],
    );
  const keep = new Set(all.map((x) => k(x.kind, x.key)));
  const gone = await c.query("SELECT id, kind, key FROM series WHERE run_id = $1", [runId]);
  const goneIds = (gone.rows as { id: string; kind: string; key: string }[]).filter((r) => !keep.has(k(r.kind, r.key))).map((r) => r.id);
  if (goneIds.length) {
    changed = true;
    await c.query("DELETE FROM series WHERE id = ANY($1::bigint[])", [goneIds]);
  }
  return { points, changed };
}

function finiteOr0(v: number): number {
  return Number.isFinite(v) ? v : 0;
}
