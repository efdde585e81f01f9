// Reading team-mode runs back from PostgreSQL for the dashboards: the run list with versions, and a
// whole run rebuilt as the reader would have produced it (dirs with their sources, scalar and
// histogram series bit for bit, hyper-parameters, roles, problems) with the diagnosis the ingest side
// stored for that version. A run is read in one REPEATABLE READ transaction, so its facts, points
// and diagnosis are of one version even while a worker commits. Runs ingested but never committed
// (no facts yet) are not listed. Outcomes: `load` gives undefined for an unknown run; a damaged
// chunk throws the codec's RangeError naming the series.

import type pg from "pg";
import { RunDir, ScalarSeries, type HParam, type StepUnit, type TrainingRun } from "../model/index.ts";
import type { Finding } from "../diagnose/index.ts";
import { decodeHistogramChunk, decodeScalarChunk } from "./pg_codec.ts";
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

  /** One run as committed last, or undefined when the project has no such run. */
  async load(name: string): Promise<StoredRun | undefined> {
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
      // binary COPY (pg_copy.ts): the chunks come as their bytes, not hex-encoded text
      const series = (
        await copyRows(
          c,
          `SELECT s.id, s.kind, s.dir, s.tag, s.unit, s.phase, s.n, c.data FROM series s LEFT JOIN chunks c ON c.series_id = s.id
           WHERE s.run_id = ${Number(row.id)} ORDER BY s.id, c.seq`,
        )
      ).map((f) => ({
        id: String(field.int8(f[0])),
        kind: field.text(f[1]) as "scalar" | "histogram",
        dir: field.text(f[2])!,
        tag: field.text(f[3])!,
        unit: field.text(f[4]),
        phase: field.text(f[5]),
        n: String(field.int8(f[6])),
        data: f[7],
      }));
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
      let current: { id: string; scalar?: ScalarSeries; hist?: ReturnType<RunDir["histogram"]> } | undefined;
      for (const s of series) {
        if (current?.id !== s.id) {
          const d = dirOf(s.dir);
          if (s.kind === "scalar") {
            const x = new ScalarSeries(s.tag, s.dir, Math.max(16, Number(s.n)));
            if (s.unit) x.unit = s.unit as StepUnit;
            if (s.phase) x.phase = s.phase as ScalarSeries["phase"];
            d.scalars.set(s.tag, x);
            current = { id: s.id, scalar: x };
          } else current = { id: s.id, hist: d.histogram(s.tag) };
        }
        if (!s.data) continue;
        try {
          if (current.scalar) {
            const p = decodeScalarChunk(s.data);
            for (let i = 0; i < p.steps.length; i++) current.scalar.push(p.steps[i], p.wallTimes[i], p.values[i]);
          } else for (const h of decodeHistogramChunk(s.data)) current.hist!.push(h);
        } catch (e) {
          throw new RangeError(`run ${name}, series ${s.dir}/${s.tag}: ${(e as Error).message}`, { cause: e });
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
