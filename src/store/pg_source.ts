// Reading team-mode runs back from PostgreSQL for the dashboards: the run list with versions, and a
// whole run rebuilt as the reader would have produced it (dirs with their sources, scalar and
// histogram series bit for bit, hyper-parameters, roles, problems) with the diagnosis the ingest side
// stored for that version. A run is read in one REPEATABLE READ transaction, so its facts, points
// and diagnosis are of one version even while a worker commits. Runs ingested but never committed
// (no facts yet) are not listed. Outcomes: `load` gives undefined for an unknown run; a damaged
// chunk throws the codec's RangeError naming the series. A run read again with the run read before
// (`load(name, previous)`) reads only the series whose stored count or digest changed (see `load`).

import type pg from "pg";
import { RunDir, ScalarSeries, type HistogramSeries, type HParam, type StepUnit, type TrainingRun } from "../model/index.ts";
import type { Finding } from "../diagnose/index.ts";
import { HISTOGRAM_CHUNK, SCALAR_CHUNK, decodeHistogramChunk, decodeScalarChunk, histogramDigest, scalarDigest } from "./pg_codec.ts";
import { copyRows, field } from "./pg_copy.ts";
import type { StoredRunMeta } from "./pg_ingest.ts";

export interface StoredRunInfo {
  name: string;
  version: number;
}

export interface StoredRun {
  run: TrainingRun;
  version: number;
  findings: Finding[];
  findingsError?: string;
}

export class PgRunSource {
  constructor(
    readonly pool: pg.Pool,
    readonly project: string,
  ) {}

  /** Every committed run of the project, by name. */
  async list(): Promise<StoredRunInfo[]> {
    const r = await this.pool.query(
      `SELECT r.name, r.version FROM runs r JOIN projects p ON p.id = r.project_id
       WHERE p.name = $1 AND r.meta IS NOT NULL ORDER BY r.name`,
      [this.project],
    );
    return (r.rows as { name: string; version: number }[]).map((x) => ({ name: x.name, version: x.version }));
  }

  /**
   * One run as committed last, or undefined when the project has no such run. With `previous` (the
   * same run as read before), only what changed is read: a series whose stored count and digest
   * are those it was read with is kept as it is (the same object), one that only grew gets its
   * chunks from the last partial one on, and is kept only if the digest of the result is the stored
   * one (a series rewritten otherwise, or any doubt, is read whole).
   */
  async load(name: string, previous?: TrainingRun): Promise<StoredRun | undefined> {
    const r = await this.read(name, previous);
    // a grown series that did not fingerprint as stored: the whole run again (its connection released first)
    return r === "again" ? ((await this.read(name)) as StoredRun | undefined) : r;
  }

  private async read(name: string, previous?: TrainingRun): Promise<StoredRun | undefined | "again"> {
    const c = await this.pool.connect();
    try {
      await c.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const r = await c.query(
        `SELECT r.id, r.name, r.version, r.meta, r.findings, r.findings_error FROM runs r JOIN projects p ON p.id = r.project_id
         WHERE p.name = $1 AND r.name = $2 AND r.meta IS NOT NULL`,
        [this.project, name],
      );
      const row = r.rows[0] as
        | { id: string; name: string; version: number; meta: StoredRunMeta; findings: Finding[] | null; findings_error: string | null }
        | undefined;
      if (!row) {
        await c.query("COMMIT");
        return undefined;
      }
      const rows = (await c.query(`SELECT id, kind, dir, tag, unit, phase, n, digest FROM series WHERE run_id = $1 ORDER BY id`, [row.id]))
        .rows as {
        id: string;
        kind: "scalar" | "histogram";
        dir: string;
        tag: string;
        unit: string | null;
        phase: string | null;
        n: string;
        digest: Buffer;
      }[];
      const held = previous ? heldSeries(previous) : new Map<string, Held>();
      // per series: kept as read before, read from chunk `from` on (after the first `from` chunks of the held one), or whole
      const plans = rows.map((x) => {
        const n = Number(x.n);
        const h = held.get(`${x.kind}\u0000${x.dir}\u0000${x.tag}`);
        const st = h ? STATE.get(h) : undefined;
        if (h && st && st.n === n && st.digest.equals(x.digest) && heldLength(h) === n) return { x, n, keep: h };
        const size = x.kind === "scalar" ? SCALAR_CHUNK : HISTOGRAM_CHUNK;
        const from = h && st && st.n < n && heldLength(h) === st.n ? Math.floor(st.n / size) : 0;
        return { x, n, from, size, held: from > 0 ? h : undefined };
      });
      const wanted = plans.filter((p) => !("keep" in p) && p.n > 0) as { x: (typeof rows)[number]; from: number }[];
      // binary COPY (pg_copy.ts): the chunks come as their bytes, not hex-encoded text
      const chunks = new Map<string, Buffer[]>();
      if (wanted.length) {
        const values = wanted.map((p) => `(${Number(p.x.id)}::bigint, ${p.from}::int)`).join(", ");
        for (const f of await copyRows(
          c,
          `SELECT c.series_id, c.data FROM chunks c JOIN (VALUES ${values}) AS w(sid, seq) ON c.series_id = w.sid AND c.seq >= w.seq
           ORDER BY c.series_id, c.seq`,
        )) {
          const id = String(field.int8(f[0]));
          const l = chunks.get(id);
          if (l) l.push(f[1]!);
          else chunks.set(id, [f[1]!]);
        }
      }
      await c.query("COMMIT");
      const run = rebuild(row.name, row.meta);
      const dirOf = (p: string): RunDir => {
        let d = run.dirs.find((x) => x.path === p);
        if (!d) {
          d = new RunDir(p);
          run.dirs.push(d);
        }
        return d;
      };
      for (const p of plans) {
        const { x, n } = p;
        const d = dirOf(x.dir);
        if ("keep" in p) {
          const k: Held = p.keep!;
          if (k instanceof ScalarSeries) d.scalars.set(x.tag, k);
          else d.histograms.set(x.tag, k);
          continue;
        }
        const data = chunks.get(String(Number(x.id))) ?? [];
        const keepFirst = p.held ? p.from * p.size : 0;
        try {
          if (x.kind === "scalar") {
            const out = new ScalarSeries(x.tag, x.dir, Math.max(16, n));
            if (x.unit) out.unit = x.unit as StepUnit;
            if (x.phase) out.phase = x.phase as ScalarSeries["phase"];
            if (p.held) {
              const h = p.held as ScalarSeries;
              for (let i = 0; i < keepFirst; i++) out.push(h.steps[i], h.wallTimes[i], h.values[i]);
            }
            for (const b of data) {
              const q = decodeScalarChunk(b);
              for (let i = 0; i < q.steps.length; i++) out.push(q.steps[i], q.wallTimes[i], q.values[i]);
            }
            d.scalars.set(x.tag, out);
            STATE.set(out, { n, digest: x.digest });
          } else {
            const out = d.histogram(x.tag);
            if (p.held) for (const h of (p.held as HistogramSeries).points.slice(0, keepFirst)) out.push(h);
            for (const b of data) for (const h of decodeHistogramChunk(b)) out.push(h);
            STATE.set(out, { n, digest: x.digest });
          }
        } catch (e) {
          throw new RangeError(`run ${name}, series ${x.dir}/${x.tag}: ${(e as Error).message}`, { cause: e });
        }
        if (p.held) {
          // appended to what was held: exact only if the result is what the ingest side fingerprinted
          const got = x.kind === "scalar" ? d.scalars.get(x.tag)! : d.histograms.get(x.tag)!;
          const digest = got instanceof ScalarSeries ? scalarDigest(got, got.length) : histogramDigest(got.points, got.points.length);
          if (heldLength(got) !== n || !digest.equals(x.digest)) return "again";
        }
      }
      return { run, version: row.version, findings: row.findings ?? [], findingsError: row.findings_error ?? undefined };
    } catch (e) {
      await c.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }
}

type Held = ScalarSeries | HistogramSeries;

/** The stored count and digest each series object was read with. */
const STATE = new WeakMap<Held, { n: number; digest: Buffer }>();

function heldLength(h: Held): number {
  return h instanceof ScalarSeries ? h.length : h.points.length;
}

/** The scalar and histogram series of a run read before, by kind, directory and tag. */
function heldSeries(run: TrainingRun): Map<string, Held> {
  const m = new Map<string, Held>();
  for (const d of run.dirs) {
    for (const [tag, s] of d.scalars) m.set(`scalar\u0000${d.path}\u0000${tag}`, s);
    for (const [tag, s] of d.histograms) m.set(`histogram\u0000${d.path}\u0000${tag}`, s);
  }
  return m;
}

function rebuild(name: string, meta: StoredRunMeta): TrainingRun {
  const dirs = meta.dirs.map((d) => {
    const x = new RunDir(d.path);
    x.sources.push(...d.sources);
    x.sessions.push(...d.sessions);
    return x;
  });
  const hparams = new Map<string, HParam>();
  for (const h of meta.hparams) hparams.set(h.name, h);
  const run: TrainingRun = {
    name,
    dirs,
    hparams,
    hparamConflicts: meta.hparamConflicts,
    roles: meta.roles,
    problems: meta.problems,
  };
  if (meta.failed) run.failed = true;
  return run;
}
