// One scalar series of a team-mode run read on its own for the dashboards: only that series' chunks
// (pg_codec.ts), as their bytes (binary COPY, pg_copy.ts: no hex on the wire, no hex decoding),
// never the whole run. Contract:
// - `scalar(run, key)` answers the series as last committed with the run version it belongs to (one
//   statement: one snapshot, so points and version agree while a worker commits); `null` when the
//   run has no such scalar series, `undefined` when the project has no such committed run.
// - Series are kept in a least-recently-used cache bounded in bytes, keyed by (run, series) and
//   valid for one run version. Whether a kept series is still current is checked against the run
//   versions of the project, asked for at most once per `versionTtlMs` with one small query for every
//   run (concurrent requests share it; while it runs, the previous list answers): a commit shows
//   within that time plus one query.
// - Concurrent requests for the same missing series share one query.
// - `startTime(run)`: the earliest first wall time of the run's scalar series (the origin of the
//   relative-time axis), read from the first chunk of each series only, cached per run version.
// Errors: a damaged chunk throws the codec's RangeError naming the run and series; database errors
// are passed on (nothing is cached from a failed query).

import type pg from "pg";
import { ScalarSeries, type StepUnit } from "../model/index.ts";
import { decodeScalarChunk } from "./pg_codec.ts";
import { copyRows, field, type CopyRow } from "./pg_copy.ts";

/** Bytes of decoded series kept per dashboard at most (24 bytes a point: ~5.6 M points). */
export const SERIES_CACHE_BYTES = 128 << 20;
/** How long the run versions are trusted before they are asked for again, ms. */
export const VERSION_TTL_MS = 1000;

export interface StoredScalar {
  version: number;
  series: ScalarSeries;
}

interface Kept extends StoredScalar {
  bytes: number;
}

export class PgSeriesReader {
  private readonly kept = new Map<string, Kept>();
  private keptBytes = 0;
  private readonly inFlight = new Map<string, Promise<StoredScalar | null | undefined>>();
  private list?: { at: number; versions: Promise<Map<string, number>> };
  /** The last list answered. */
  private known?: Map<string, number>;
  private readonly starts = new Map<string, { version: number; start: Promise<number> }>();
  private readonly maxBytes: number;
  private readonly ttl: number;

  constructor(
    readonly pool: pg.Pool,
    readonly project: string,
    opts: { maxBytes?: number; versionTtlMs?: number } = {},
  ) {
    this.maxBytes = opts.maxBytes ?? SERIES_CACHE_BYTES;
    this.ttl = opts.versionTtlMs ?? VERSION_TTL_MS;
  }

  /**
   * Committed run versions of the project by run name: one query per `versionTtlMs` at most; once a
   * list is known, an expired one is still answered while the next is asked for (requests never
   * queue behind the check), so a commit shows within the TTL plus one query.
   */
  versions(): Promise<Map<string, number>> {
    const now = Date.now();
    if (!this.list || now - this.list.at > this.ttl) {
      const p = this.pool
        .query(
          `SELECT r.name, r.version FROM runs r JOIN projects p ON p.id = r.project_id
           WHERE p.name = $1 AND r.meta IS NOT NULL`,
          [this.project],
        )
        .then((r) => {
          const m = new Map((r.rows as { name: string; version: number }[]).map((x) => [x.name, x.version]));
          this.known = m;
          return m;
        });
      const entry = { at: now, versions: p };
      p.catch(() => {
        if (this.list === entry) this.list = undefined;
      });
      this.list = entry;
      if (this.known && this.ttl > 0) return Promise.resolve(this.known);
    }
    return this.list.versions;
  }

  /** Series kept now (for tests and the benchmark). */
  get size(): { series: number; bytes: number } {
    return { series: this.kept.size, bytes: this.keptBytes };
  }

  /** The scalar series `key` of run `run` as last committed (see the contract above). */
  async scalar(run: string, key: string): Promise<StoredScalar | null | undefined> {
    const listed = (await this.versions()).get(run);
    if (listed === undefined) return undefined;
    const k = `${run}\u0000${key}`;
    const hit = this.kept.get(k);
    // a kept series read at the listed version or after it (the list may lag a fresh read)
    if (hit && hit.version >= listed) {
      this.kept.delete(k);
      this.kept.set(k, hit);
      return hit;
    }
    let p = this.inFlight.get(k);
    if (!p) {
      p = this.read(run, key).finally(() => this.inFlight.delete(k));
      this.inFlight.set(k, p);
    }
    return p;
  }

  private async read(run: string, key: string): Promise<StoredScalar | null | undefined> {
    const c = await this.pool.connect();
    let rows: CopyRow[];
    try {
      // one statement (one snapshot): the run's version with the series' chunks, bytea as bytes
      rows = await copyRows(
        c,
        `SELECT r.version, s.id, s.dir, s.tag, s.unit, s.phase, c.data
         FROM runs r JOIN projects p ON p.id = r.project_id
         LEFT JOIN series s ON s.run_id = r.id AND s.kind = 'scalar' AND s.key = ${c.escapeLiteral(key)}
         LEFT JOIN chunks c ON c.series_id = s.id
         WHERE p.name = ${c.escapeLiteral(this.project)} AND r.name = ${c.escapeLiteral(run)} AND r.meta IS NOT NULL
         ORDER BY c.seq`,
      );
    } finally {
      c.release();
    }
    if (!rows.length) return undefined;
    const head = rows[0];
    if (head[1] === null) return null;
    const dir = field.text(head[2])!,
      tag = field.text(head[3])!;
    let n = 0;
    for (const row of rows) if (row[6]) n += row[6].length / 24;
    const series = new ScalarSeries(tag, dir, Math.max(16, Math.ceil(n)));
    const unit = field.text(head[4]),
      phase = field.text(head[5]);
    if (unit) series.unit = unit as StepUnit;
    if (phase) series.phase = phase as ScalarSeries["phase"];
    for (const row of rows) {
      if (!row[6]) continue;
      let p: ReturnType<typeof decodeScalarChunk>;
      try {
        p = decodeScalarChunk(row[6]);
      } catch (e) {
        throw new RangeError(`run ${run}, series ${dir}/${tag}: ${(e as Error).message}`, { cause: e });
      }
      for (let i = 0; i < p.steps.length; i++) series.push(p.steps[i], p.wallTimes[i], p.values[i]);
    }
    const got: Kept = { version: field.int4(head[0])!, series, bytes: 24 * series.length + 256 };
    this.keep(`${run}\u0000${key}`, got);
    return got;
  }

  private keep(k: string, v: Kept): void {
    const old = this.kept.get(k);
    if (old) {
      if (old.version > v.version) return;
      this.kept.delete(k);
      this.keptBytes -= old.bytes;
    }
    if (v.bytes > this.maxBytes) return;
    this.kept.set(k, v);
    this.keptBytes += v.bytes;
    for (const [key, x] of this.kept) {
      if (this.keptBytes <= this.maxBytes) break;
      this.kept.delete(key);
      this.keptBytes -= x.bytes;
    }
  }

  /** Earliest first wall time of the run's scalar series at `version` (0 when it has none). */
  startTime(run: string, version: number): Promise<number> {
    const s = this.starts.get(run);
    if (s && s.version >= version) return s.start;
    const start = (async () => {
      const c = await this.pool.connect();
      try {
        // the first wall time of a chunk of n points is its float64 at byte 8n (steps, wall times, values)
        const rows = await copyRows(
          c,
          `SELECT substring(c.data from c.n * 8 + 1 for 8)
           FROM runs r JOIN projects p ON p.id = r.project_id
           JOIN series s ON s.run_id = r.id AND s.kind = 'scalar'
           JOIN chunks c ON c.series_id = s.id AND c.seq = 0
           WHERE p.name = ${c.escapeLiteral(this.project)} AND r.name = ${c.escapeLiteral(run)} AND c.n > 0`,
        );
        let t = Infinity;
        for (const row of rows) {
          const w = row[0]!.readDoubleLE(0);
          if (w < t) t = w;
        }
        return Number.isFinite(t) ? t : 0;
      } finally {
        c.release();
      }
    })();
    const entry = { version, start };
    start.catch(() => {
      if (this.starts.get(run) === entry) this.starts.delete(run);
    });
    this.starts.set(run, entry);
    if (this.starts.size > 4096) this.starts.delete(this.starts.keys().next().value!);
    return start;
  }
}
