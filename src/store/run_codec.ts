// A training run as the index keeps it. Contract: `encodeRun` splits the readers' state of a run
// (reader.withReaderState: every directory, source file with its read offset, series, plugin
// metadata, problems) into (1) the scalar points, cut into chunks of CHUNK_POINTS points per tag
// with steps, wall times and values as little-endian Float64 arrays, and (2) everything else as one
// structured-clone blob (node:v8 serialize) with the scalar arrays left empty. `decodeRun` puts the
// two back into a TrainingRun whose series are the model's classes again and whose values are
// bit-for-bit those encoded (NaN payloads and -0 included). The run-level merge (hparams, roles,
// duplicates, run problems) is not stored: reader.reviveRun decides it again.
import v8 from "node:v8";
import { PointSeries, RunDir, ScalarSeries, type TrainingRun } from "../model/index.ts";

/** Points per stored chunk of one scalar tag. */
export const CHUNK_POINTS = 4096;

/** One chunk of a scalar tag of one directory. */
export interface ScalarChunk {
  dir: string;
  tag: string;
  seq: number;
  n: number;
  stepFirst: number;
  stepLast: number;
  steps: Buffer;
  walls: Buffer;
  values: Buffer;
}

/** Summary of one scalar tag (for the tags table: counts and ranges without reading points). */
export interface ScalarSummary {
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
  /** Steps never decrease along the series. */
  sorted: boolean;
  /** Series key the run serves these points under (set by the caller that knows the run's merge; see indexed_runs.ts). */
  key?: string;
}

export interface EncodedRun {
  state: Buffer;
  chunks: ScalarChunk[];
  summaries: ScalarSummary[];
}

const EMPTY = new Float64Array(0);

function bytesOf(a: Float64Array): Buffer {
  // a copy: the series' buffer keeps growing under the reader
  return Buffer.from(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
}

function floatsOf(b: Uint8Array): Float64Array {
  const copy = new ArrayBuffer(b.byteLength);
  new Uint8Array(copy).set(b);
  return new Float64Array(copy);
}

/** Splits the run (its readers' state) into the state blob and the scalar chunks. */
export function encodeRun(run: TrainingRun): EncodedRun {
  const chunks: ScalarChunk[] = [];
  const summaries: ScalarSummary[] = [];
  const dirs = run.dirs.map((d) => {
    const scalars = new Map<string, unknown>();
    for (const [tag, s] of d.scalars) {
      const steps = s.steps,
        walls = s.wallTimes,
        values = s.values;
      let stepMin = Infinity,
        stepMax = -Infinity,
        valueMin = Infinity,
        valueMax = -Infinity,
        sorted = true;
      for (let i = 0; i < s.length; i++) {
        if (i > 0 && !(steps[i] >= steps[i - 1])) sorted = false;
        if (steps[i] < stepMin) stepMin = steps[i];
        if (steps[i] > stepMax) stepMax = steps[i];
        const v = values[i];
        if (Number.isFinite(v)) {
          if (v < valueMin) valueMin = v;
          if (v > valueMax) valueMax = v;
        }
      }
      summaries.push({ dir: d.path, tag, count: s.length, stepMin, stepMax, valueMin, valueMax, ...s.nonFinite, sorted });
      for (let seq = 0, from = 0; from < s.length; seq++, from += CHUNK_POINTS) {
        const to = Math.min(s.length, from + CHUNK_POINTS);
        chunks.push({
          dir: d.path,
          tag,
          seq,
          n: to - from,
          stepFirst: steps[from],
          stepLast: steps[to - 1],
          steps: bytesOf(steps.subarray(from, to)),
          walls: bytesOf(walls.subarray(from, to)),
          values: bytesOf(values.subarray(from, to)),
        });
      }
      // the points live in the chunks; the rest of the series (unit, phase, counts) in the blob
      scalars.set(tag, { ...s, length: 0, s: EMPTY, w: EMPTY, v: EMPTY });
    }
    return { ...d, scalars };
  });
  const state = v8.serialize({ name: run.name, failed: run.failed, dirs });
  return { state, chunks, summaries };
}

type Plain = Record<string, unknown>;

function asScalar(o: unknown): ScalarSeries {
  return Object.setPrototypeOf(o, ScalarSeries.prototype) as ScalarSeries;
}

/** A TrainingRun from its state blob and every chunk of its scalars (in any order). */
export function decodeRun(
  state: Uint8Array,
  chunks: Iterable<Pick<ScalarChunk, "dir" | "tag" | "seq" | "n" | "steps" | "walls" | "values">>,
): TrainingRun {
  const o = v8.deserialize(state) as { name: string; failed?: boolean; dirs: Plain[] };
  const dirs = o.dirs.map((d) => {
    const dir = Object.setPrototypeOf(d, RunDir.prototype) as RunDir;
    for (const s of dir.scalars.values()) asScalar(s);
    for (const s of dir.copies.values()) asScalar(s);
    for (const m of [dir.histograms, dir.tensors, dir.images, dir.audio, dir.texts] as Map<string, unknown>[])
      for (const s of m.values()) Object.setPrototypeOf(s, PointSeries.prototype);
    return dir;
  });
  const byKey = new Map<string, { seq: number; n: number; steps: Uint8Array; walls: Uint8Array; values: Uint8Array }[]>();
  for (const c of chunks) {
    const k = `${c.dir}\u0000${c.tag}`;
    const l = byKey.get(k);
    if (l) l.push(c);
    else byKey.set(k, [c]);
  }
  for (const dir of dirs)
    for (const [tag, s] of dir.scalars) {
      const parts = (byKey.get(`${dir.path}\u0000${tag}`) ?? []).sort((a, b) => a.seq - b.seq);
      const n = parts.reduce((a, c) => a + c.n, 0);
      const steps = new Float64Array(Math.max(16, n)),
        walls = new Float64Array(Math.max(16, n)),
        values = new Float64Array(Math.max(16, n));
      let at = 0;
      for (const c of parts) {
        steps.set(floatsOf(c.steps), at);
        walls.set(floatsOf(c.walls), at);
        values.set(floatsOf(c.values), at);
        at += c.n;
      }
      const raw = s as unknown as Plain;
      raw.s = steps;
      raw.w = walls;
      raw.v = values;
      s.length = n;
    }
  const run: TrainingRun = { name: o.name, dirs, hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
  if (o.failed) run.failed = true;
  return run;
}
