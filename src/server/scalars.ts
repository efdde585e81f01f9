// One scalar card's data for the page: x as step / relative time / wall time, debiased EMA and
// window mean computed on the FULL series, then LTTB down-sampling of the finite points of the
// requested x range (non-finite values are returned as markers, never dropped silently).
// `scalarDataFromStore` gives the same answer, field for field and bit for bit, from a series kept
// in the index (src/store) without the run in memory: a step range without smoothing decodes only
// the stored chunks that meet it (full resolution on zoom once the range holds at most `points`
// points); smoothing, which is computed on the full series, and the time axes decode the tag's
// chunks, never the rest of the run.

import type { ScalarSeries, NonFiniteCounts, TrainingRun } from "../model/index.ts";
import { runScalars } from "../model/index.ts";
import type { StoredSeries } from "../store/index.ts";
import { lttbIndices } from "./downsample.ts";
import { debiasedEma, windowMean } from "./smoothing.ts";

export type XAxis = "step" | "relative" | "wall";

export interface ScalarQuery {
  xAxis: XAxis;
  /** EMA weight in [0, 1); 0 = none. */
  smoothing: number;
  /** Window of the moving mean in points; 0 or 1 = none. */
  window: number;
  /** Most points returned for the line (LTTB above that). */
  points: number;
  /** Visible x range (zoom), in the units of `xAxis`. */
  min?: number;
  max?: number;
}

export type MarkerKind = "nan" | "+inf" | "-inf";

export interface ScalarResponse {
  run: string;
  tag: string;
  xAxis: XAxis;
  /** Points in the whole series. */
  total: number;
  /** Points in the requested x range (all when no range). */
  inRange: number;
  /** True when fewer points are returned than the range holds. */
  sampled: boolean;
  x: number[];
  steps: number[];
  /** Wall time (seconds since the epoch) of each returned point. */
  wall: number[];
  y: number[];
  ema?: number[];
  mean?: number[];
  /** Every non-finite value of the range (up to a cap), drawn as a marker. */
  markers: { x: number; step: number; wall: number; kind: MarkerKind }[];
  markersTruncated: boolean;
  nonFinite: NonFiniteCounts;
  /** Whole-series x extent. */
  xExtent: [number, number] | [];
  /** Last point; a non-finite value as "NaN" / "Infinity" / "-Infinity". */
  last?: { step: number; value: number | string };
}

const MARKER_CAP = 5000;

/** Earliest wall time of any scalar in the run: origin of the relative-time axis. */
function runStartTime(run: TrainingRun): number {
  let t = Infinity;
  for (const s of runScalars(run).values()) if (s.length && s.wallTimes[0] < t) t = s.wallTimes[0];
  return Number.isFinite(t) ? t : 0;
}

/** What the computation reads of a series (a ScalarSeries, or points decoded from the index). */
type SeriesView = Pick<ScalarSeries, "length" | "steps" | "wallTimes" | "values" | "nonFinite">;

/** The x coordinate of every point for the chosen axis. */
function xValues(s: SeriesView, xAxis: XAxis, start: number): Float64Array {
  if (xAxis === "step") return s.steps;
  const w = s.wallTimes;
  if (xAxis === "wall") return w;
  const out = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = w[i] - start;
  return out;
}

/** First index whose x is >= v (or > v when `after`), x ascending. */
function lowerBound(x: Float64Array, v: number, after = false): number {
  let a = 0,
    b = x.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (after ? x[m] <= v : x[m] < v) a = m + 1;
    else b = m;
  }
  return a;
}

function sortedOrder(x: Float64Array): Uint32Array | undefined {
  for (let i = 1; i < x.length; i++) {
    if (x[i] < x[i - 1]) {
      const idx = Uint32Array.from({ length: x.length }, (_, k) => k);
      idx.sort((a, b) => x[a] - x[b] || a - b);
      return idx;
    }
  }
  return undefined;
}

/**
 * Per-series cache of the full-data smoothing and of whole-series answers, valid while the series
 * has the same length and last point (a growing file changes both, so stale entries are never used).
 */
interface SeriesCache {
  fingerprint: string;
  smoothed: Map<string, Float64Array>;
  answers: Map<string, ScalarResponse>;
}
const caches = new WeakMap<ScalarSeries, SeriesCache>();

function cacheOf(s: ScalarSeries): SeriesCache {
  const n = s.length;
  const fingerprint = n ? `${n}:${s.steps[n - 1]}:${s.wallTimes[n - 1]}:${s.values[n - 1]}:${s.steps[0]}` : "0";
  let c = caches.get(s);
  if (!c || c.fingerprint !== fingerprint) {
    c = { fingerprint, smoothed: new Map(), answers: new Map() };
    caches.set(s, c);
  }
  return c;
}

function smoothedOf(c: SeriesCache, key: string, make: () => Float64Array): Float64Array {
  let v = c.smoothed.get(key);
  if (!v) {
    v = make();
    if (c.smoothed.size >= 8) c.smoothed.delete(c.smoothed.keys().next().value!);
    c.smoothed.set(key, v);
  }
  return v;
}

/**
 * `run` gives the name and the origin of the relative-time axis: a run in memory, or (a series read
 * on its own, team mode) its name and that origin.
 */
export function scalarData(
  run: TrainingRun | { name: string; startTime: number },
  tag: string,
  s: ScalarSeries,
  q: ScalarQuery,
): ScalarResponse {
  const cache = cacheOf(s);
  const ranged = q.min !== undefined || q.max !== undefined;
  const answerKey = `${run.name}\n${tag}\n${q.xAxis}:${q.smoothing}:${q.window}:${q.points}`;
  if (!ranged) {
    const hit = cache.answers.get(answerKey);
    if (hit) return hit;
  }
  const answer = computeScalarData(run.name, tag, s, q, cache, () => ("startTime" in run ? run.startTime : runStartTime(run)));
  if (!ranged) {
    if (cache.answers.size >= 8) cache.answers.delete(cache.answers.keys().next().value!);
    cache.answers.set(answerKey, answer);
  }
  return answer;
}

/** The answer for a series kept in the index (see the file comment). */
export function scalarDataFromStore(run: string, tag: string, st: StoredSeries, q: ScalarQuery): ScalarResponse {
  const ranged = q.min !== undefined || q.max !== undefined;
  const slice = ranged && q.xAxis === "step" && st.sorted && !(q.smoothing > 0) && !(q.window > 1);
  const p = slice ? st.points(q.min, q.max) : st.points();
  const view: SeriesView = { length: p.length, steps: p.steps, wallTimes: p.wallTimes, values: p.values, nonFinite: st.nonFinite };
  const cache: SeriesCache = { fingerprint: "", smoothed: new Map(), answers: new Map() };
  const answer = computeScalarData(run, tag, view, q, cache, () => st.runStart);
  if (slice) {
    // the whole series' fields, from the stored summary (the points decoded are a slice of it)
    answer.total = st.count;
    answer.xExtent = st.count ? [st.stepMin, st.stepMax] : [];
    answer.last = st.last
      ? { step: st.last.step, value: Number.isFinite(st.last.value) ? st.last.value : valueText(st.last.value) }
      : undefined;
  }
  return answer;
}

function computeScalarData(
  runName: string,
  tag: string,
  s: SeriesView,
  q: ScalarQuery,
  cache: SeriesCache,
  runStart: () => number,
): ScalarResponse {
  const n = s.length;
  const x = xValues(s, q.xAxis, q.xAxis === "relative" ? runStart() : 0);
  const v = s.values;
  const steps = s.steps;
  const w = Math.min(q.smoothing, 0.999),
    win = Math.floor(q.window);
  const ema = q.smoothing > 0 ? smoothedOf(cache, `ema:${w}`, () => debiasedEma(v, w)) : undefined;
  const mean = q.window > 1 ? smoothedOf(cache, `mean:${win}`, () => windowMean(v, win)) : undefined;
  const order = sortedOrder(x);
  const lo = q.min ?? -Infinity,
    hi = q.max ?? Infinity;
  const ranged = q.min !== undefined || q.max !== undefined;
  const nonFiniteTotal = s.nonFinite.nan + s.nonFinite.posInf + s.nonFinite.negInf;

  // Indices (into the series) of the finite points inside the range, in x order.
  let finite: Uint32Array | undefined; // undefined = all points 0..n-1
  const markers: ScalarResponse["markers"] = [];
  let markersTruncated = false;
  let inRange = n;
  if (order || ranged || nonFiniteTotal > 0) {
    // Sorted x: only the slice inside the range is visited (binary search for its ends).
    const jFrom = order || !ranged ? 0 : lowerBound(x, lo);
    const jTo = order || !ranged ? n : lowerBound(x, hi, true);
    const buf = new Uint32Array(Math.max(0, jTo - jFrom));
    let k = 0;
    inRange = 0;
    for (let j = jFrom; j < jTo; j++) {
      const i = order ? order[j] : j;
      const xi = x[i];
      if (xi < lo || xi > hi) continue;
      inRange++;
      const vi = v[i];
      if (Number.isFinite(vi)) buf[k++] = i;
      else if (markers.length < MARKER_CAP)
        markers.push({ x: xi, step: steps[i], wall: s.wallTimes[i], kind: vi !== vi ? "nan" : vi > 0 ? "+inf" : "-inf" });
      else markersTruncated = true;
    }
    finite = buf.subarray(0, k);
  }

  let chosen: ArrayLike<number>;
  if (!finite) {
    chosen = lttbIndices(x, v, q.points);
  } else {
    const m = finite.length;
    const fx = new Float64Array(m),
      fy = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      fx[j] = x[finite[j]];
      fy[j] = v[finite[j]];
    }
    const picked = lttbIndices(fx, fy, q.points);
    const out = new Uint32Array(picked.length);
    for (let j = 0; j < picked.length; j++) out[j] = finite[picked[j]];
    chosen = out;
  }

  const len = chosen.length;
  const rx = new Array<number>(len),
    rs = new Array<number>(len),
    ry = new Array<number>(len),
    rw = new Array<number>(len);
  const re = ema ? new Array<number>(len) : undefined;
  const rm = mean ? new Array<number>(len) : undefined;
  for (let j = 0; j < len; j++) {
    const i = chosen[j];
    rx[j] = x[i];
    rs[j] = steps[i];
    ry[j] = v[i];
    rw[j] = s.wallTimes[i];
    if (re) re[j] = ema![i];
    if (rm) rm[j] = mean![i];
  }
  const finiteInRange = finite ? finite.length : n;
  let xMin = Infinity,
    xMax = -Infinity;
  if (order) {
    xMin = x[order[0]];
    xMax = x[order[n - 1]];
  } else if (n) {
    xMin = x[0];
    xMax = x[n - 1];
  }
  return {
    run: runName,
    tag,
    xAxis: q.xAxis,
    total: n,
    inRange,
    sampled: len < finiteInRange,
    x: rx,
    steps: rs,
    wall: rw,
    y: ry,
    ema: re,
    mean: rm,
    markers,
    markersTruncated,
    nonFinite: { ...s.nonFinite },
    xExtent: n ? [xMin, xMax] : [],
    last: n ? { step: steps[n - 1], value: Number.isFinite(v[n - 1]) ? v[n - 1] : valueText(v[n - 1]) } : undefined,
  };
}

/** Text form of a value that JSON cannot hold. */
export function valueText(v: number): string {
  return v !== v ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : String(v);
}
