// Robust statistics used by every signal: median, quantiles, MAD, Theil–Sen slope, windows.
// All functions ignore non-finite values and never compare floats for exact equality.

/** Finite values of `xs` as a plain array. */
export function finite(xs: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) out.push(xs[i]);
  return out;
}

/** q-quantile (0..1) with linear interpolation; NaN for no finite value. */
export function quantile(xs: ArrayLike<number>, q: number): number {
  const v = finite(xs).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const pos = (v.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

export function median(xs: ArrayLike<number>): number { return quantile(xs, 0.5); }

/** Median absolute deviation (unscaled). */
export function mad(xs: ArrayLike<number>): number {
  const m = median(xs);
  const v = finite(xs);
  return median(v.map((x) => Math.abs(x - m)));
}

export function mean(xs: ArrayLike<number>): number {
  const v = finite(xs);
  if (v.length === 0) return NaN;
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

export function minOf(xs: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]) && xs[i] < m) m = xs[i];
  return m === Infinity ? NaN : m;
}

export function maxOf(xs: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]) && xs[i] > m) m = xs[i];
  return m === -Infinity ? NaN : m;
}

/**
 * Theil–Sen slope of y over x: median of pairwise slopes. For long series the pairs are
 * taken between points subsampled to at most `maxPoints`, which keeps it O(maxPoints²).
 */
export function theilSen(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints = 200): number {
  const idx: number[] = [];
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]) && Number.isFinite(x[i])) idx.push(i);
  if (idx.length < 2) return NaN;
  const stride = Math.max(1, Math.ceil(idx.length / maxPoints));
  const pick = idx.filter((_, k) => k % stride === 0);
  const slopes: number[] = [];
  for (let a = 0; a < pick.length; a++) {
    for (let b = a + 1; b < pick.length; b++) {
      const dx = x[pick[b]] - x[pick[a]];
      if (dx > 0) slopes.push((y[pick[b]] - y[pick[a]]) / dx);
    }
  }
  return median(slopes);
}

/** Window length for "first"/"last" windows: `frac` of n, at least `min` (bounded by n). */
export function windowLength(n: number, frac: number, min: number): number {
  return Math.max(1, Math.min(n, Math.max(min, Math.round(n * frac))));
}

/** Running median with an odd window (edges use the available points). */
export function runningMedian(v: ArrayLike<number>, win: number): number[] {
  const h = Math.max(0, Math.floor(win / 2));
  const out: number[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const a = Math.max(0, i - h), b = Math.min(v.length, i + h + 1);
    const seg: number[] = [];
    for (let j = a; j < b; j++) seg.push(v[j]);
    out[i] = median(seg);
  }
  return out;
}

/** Pearson autocorrelation of v at `lag` (NaN when too short). */
export function autocorrelation(v: ArrayLike<number>, lag: number): number {
  const n = v.length;
  if (lag <= 0 || n - lag < 4) return NaN;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i];
  m /= n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) den += (v[i] - m) ** 2;
  for (let i = 0; i + lag < n; i++) num += (v[i] - m) * (v[i + lag] - m);
  return den > 0 ? num / den : NaN;
}
