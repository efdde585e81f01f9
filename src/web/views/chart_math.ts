// Pure helpers of the scalar chart: the x range that holds every point (finite or not) of the
// shown runs, the power of ten that keeps huge or tiny values inside the range uPlot's tick
// generator handles (its ticks stop at 17 integer digits), and the point nearest to a hovered x.

export interface SeriesLike {
  x: number[];
  steps: number[];
  wall: number[];
  y: number[];
  ema?: number[];
  mean?: number[];
  markers: { x: number; step: number; wall: number; kind: "nan" | "+inf" | "-inf" }[];
  xExtent: [number, number] | [];
}

/**
 * The x range of the chart: the zoom when zoomed, else the union of every series' whole extent
 * and its markers (so non-finite values after the last finite one stay on the chart). A single x
 * gets a margin of `pad` on both sides; no point at all gives undefined.
 */
export function xRangeOf(series: readonly SeriesLike[], zoom: [number, number] | undefined, pad: number): [number, number] | undefined {
  if (zoom) return zoom[0] < zoom[1] ? zoom : [zoom[0] - pad, zoom[0] + pad];
  let lo = Infinity,
    hi = -Infinity;
  const take = (v: number) => {
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  };
  for (const s of series) {
    if (s.xExtent.length === 2) {
      take(s.xExtent[0]);
      take(s.xExtent[1]);
    }
    if (s.x.length) {
      take(s.x[0]);
      take(s.x[s.x.length - 1]);
    }
    for (const m of s.markers) take(m.x);
  }
  if (lo > hi) return undefined;
  return lo === hi ? [lo - pad, hi + pad] : [lo, hi];
}

/**
 * 10^k dividing the values so the chart's numbers stay between 1e-8 and 1e12 in magnitude; 1 when
 * they already do (tick labels multiply it back, so the page shows the true values).
 */
export function valueScale(series: readonly SeriesLike[]): number {
  let maxAbs = 0;
  for (const s of series)
    for (const col of [s.y, s.ema, s.mean])
      if (col) for (const v of col) if (Number.isFinite(v) && Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
  if (maxAbs === 0 || (maxAbs >= 1e-8 && maxAbs < 1e12)) return 1;
  return 10 ** Math.floor(Math.log10(maxAbs));
}

export interface NearestPoint {
  step: number;
  x: number;
  wall: number;
  /** The raw value (NaN/±Infinity for a marker). */
  value: number;
  smoothed?: number;
}

/** The point (finite or marker) of a series whose x is nearest to `xv`; undefined for an empty series. */
export function nearestPoint(s: SeriesLike, xv: number): NearestPoint | undefined {
  let best: NearestPoint | undefined,
    dist = Infinity;
  const n = s.x.length;
  if (n) {
    let a = 0,
      b = n;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (s.x[m] < xv) a = m + 1;
      else b = m;
    }
    for (const i of [a - 1, a]) {
      if (i < 0 || i >= n) continue;
      const d = Math.abs(s.x[i] - xv);
      if (d < dist) {
        dist = d;
        const sm = s.ema ?? s.mean;
        best = { step: s.steps[i], x: s.x[i], wall: s.wall[i], value: s.y[i], smoothed: sm ? sm[i] : undefined };
      }
    }
  }
  for (const m of s.markers) {
    const d = Math.abs(m.x - xv);
    if (d < dist) {
      dist = d;
      best = { step: m.step, x: m.x, wall: m.wall, value: m.kind === "nan" ? NaN : m.kind === "+inf" ? Infinity : -Infinity };
    }
  }
  return best;
}
