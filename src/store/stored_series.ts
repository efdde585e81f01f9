// One scalar series answered from the index without rebuilding its run (the chart of a run that is
// not in memory). Contract: `storedSeries` answers the series a run serves under a series key (as
// model.runScalars names it) from the tags table alone (count, step range, non-finite counts, the
// run's relative-time origin) and reads points only when asked: `points(from, to)` decodes just the
// chunks whose steps meet [from, to] when the series' steps never decrease (a contiguous slice of
// the series holding every point of that range), every chunk otherwise; the values are bit for bit
// those stored. Whether the stored copy is still what the logs hold is the caller's question
// (IndexedRuns.storedSeries checks the files first).
import type { LogIndex, TagRow } from "./log_index.ts";
import type { ScalarChunk } from "./run_codec.ts";

/** Points of a series (or of a contiguous slice of it), columnar. */
export interface SeriesPoints {
  length: number;
  steps: Float64Array;
  wallTimes: Float64Array;
  values: Float64Array;
}

export interface StoredSeries {
  /** Points in the whole series. */
  count: number;
  nonFinite: { nan: number; posInf: number; negInf: number };
  stepMin: number;
  stepMax: number;
  /** Steps never decrease (a step range then selects a contiguous slice). */
  sorted: boolean;
  /** Origin of the run's relative-time axis (earliest first wall time of its scalars; 0 when none). */
  runStart: number;
  /** The last point of the series. */
  last?: { step: number; value: number };
  /** The points of the chunks meeting [from, to] in steps (every point without bounds or when unsorted). */
  points(from?: number, to?: number): SeriesPoints;
  /** How many points the last `points` call decoded (what a request cost). */
  decoded: number;
}

function concat(chunks: ScalarChunk[]): SeriesPoints {
  chunks.sort((a, b) => a.seq - b.seq);
  const n = chunks.reduce((a, c) => a + c.n, 0);
  const steps = new Float64Array(n),
    wallTimes = new Float64Array(n),
    values = new Float64Array(n);
  let at = 0;
  for (const c of chunks) {
    // the blobs are copied into aligned arrays (a Buffer's offset need not be a multiple of 8)
    steps.set(new Float64Array(Uint8Array.from(c.steps).buffer), at);
    wallTimes.set(new Float64Array(Uint8Array.from(c.walls).buffer), at);
    values.set(new Float64Array(Uint8Array.from(c.values).buffer), at);
    at += c.n;
  }
  return { length: n, steps, wallTimes, values };
}

/** The series `key` of run `run` as stored, or undefined (not stored, or the run serves a series the index keeps no chunks of). */
export function storedSeries(index: LogIndex, run: string, key: string): StoredSeries | undefined {
  const row: TagRow | undefined = index.series(run, key);
  if (!row) return undefined;
  const summary = index.summary(run);
  if (!summary || summary.scalarStart === undefined) return undefined;
  let last: StoredSeries["last"];
  if (row.count > 0) {
    const c = index.lastChunk(run, row.dir, row.tag);
    if (!c || c.n === 0) return undefined;
    last = { step: c.steps.readDoubleLE((c.n - 1) * 8), value: c.values.readDoubleLE((c.n - 1) * 8) };
  }
  const out: StoredSeries = {
    count: row.count,
    nonFinite: { nan: row.nan, posInf: row.posInf, negInf: row.negInf },
    stepMin: row.stepMin,
    stepMax: row.stepMax,
    sorted: row.sorted,
    runStart: summary.scalarStart,
    last,
    decoded: 0,
    points(from?: number, to?: number): SeriesPoints {
      const ranged = row.sorted && (from !== undefined || to !== undefined);
      const p = concat(index.chunks(run, { dir: row.dir, tag: row.tag, ...(ranged ? { from, to } : {}) }));
      out.decoded = p.length;
      return p;
    },
  };
  return out;
}
