// Robust statistics used by every signal: median, quantiles, MAD, Theil–Sen slope, windows.
// All functions ignore non-finite values and never compare floats for exact equality.
// Costs (n = series length): quantile/median/MAD O(n) (quickselect), Theil–Sen O(1) in n (a fixed
// number of point pairs), running median O(n log n) (rank-indexed Fenwick tree), autocorrelation O(n).

/** Finite values of `xs` as a plain array. */
export function finite(xs: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) out.push(xs[i]);
  return out;
}

function finiteF64(xs: ArrayLike<number>): Float64Array {
  let k = 0;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) k++;
  const v = new Float64Array(k);
  k = 0;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) v[k++] = xs[i];
  return v;
}

/** Rearranges v[lo..hi] so that v[k] is the k-th smallest (Floyd–Rivest style quickselect, median-of-3 pivot). */
function select(v: Float64Array, k: number, lo = 0, hi = v.length - 1): number {
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // median of three as pivot, moved to v[hi]
    if (v[mid] < v[lo]) swap(v, mid, lo);
    if (v[hi] < v[lo]) swap(v, hi, lo);
    if (v[mid] < v[hi]) swap(v, mid, hi);
    const pivot = v[hi];
    // three-way partition (Dutch flag) so that runs of equal values do not degrade it
    let lt = lo, gt = hi, i = lo;
    while (i <= gt) {
      const x = v[i];
      if (x < pivot) swap(v, lt++, i++);
      else if (x > pivot) swap(v, i, gt--);
      else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return v[k];
  }
  return v[k];
}

function swap(v: Float64Array, a: number, b: number): void { const t = v[a]; v[a] = v[b]; v[b] = t; }

/** q-quantile (0..1) with linear interpolation; NaN for no finite value. O(n) expected. */
export function quantile(xs: ArrayLike<number>, q: number): number {
  const v = finiteF64(xs);
  if (v.length === 0) return NaN;
  const pos = (v.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  const a = select(v, lo);
  if (hi === lo) return a;
  // after selection every element right of lo is >= v[lo]: the next order statistic is their minimum
  let b = Infinity;
  for (let i = lo + 1; i < v.length; i++) if (v[i] < b) b = v[i];
  return a + (b - a) * (pos - lo);
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
 * Theil–Sen slope of y over x: median of pairwise slopes. Up to `maxPoints` finite points all
 * pairs are used; longer series use all pairs between every k-th point (at most `maxPoints` of
 * them, evenly spaced), so the cost is O(n + maxPoints²) whatever the length.
 */
export function theilSen(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints = 200): number {
  const idx: number[] = [];
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]) && Number.isFinite(x[i])) idx.push(i);
  if (idx.length < 2) return NaN;
  const stride = Math.max(1, Math.ceil(idx.length / maxPoints));
  const pick: number[] = [];
  for (let k = 0; k < idx.length; k += stride) pick.push(idx[k]);
  const m = pick.length;
  const slopes = new Float64Array((m * (m - 1)) / 2);
  let ns = 0;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      const dx = x[pick[b]] - x[pick[a]];
      if (dx > 0) slopes[ns++] = (y[pick[b]] - y[pick[a]]) / dx;
    }
  }
  return median(slopes.subarray(0, ns));
}

/** Window length for "first"/"last" windows: `frac` of n, at least `min` (bounded by n). */
export function windowLength(n: number, frac: number, min: number): number {
  return Math.max(1, Math.min(n, Math.max(min, Math.round(n * frac))));
}

/**
 * Order of the finite values of `v`: `rank[i]` is the position of v[i] in ascending order (-1 for
 * non-finite; equal values in index order) and `sorted` the values in that order. LSD radix sort
 * on the IEEE-754 bits made order-preserving (four 16-bit digits), O(n).
 */
function ranksOf(v: ArrayLike<number>): { rank: Int32Array; sorted: Float64Array } {
  const n = v.length;
  const vals = finiteF64(v);
  const m = vals.length;
  const bits = new Uint32Array(vals.buffer); // little-endian: [lo, hi] per value
  let lo = new Uint32Array(m), hi = new Uint32Array(m), idx = new Int32Array(m);
  let k = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(v[i])) idx[k++] = i;
  for (let j = 0; j < m; j++) {
    let l = bits[2 * j], h = bits[2 * j + 1];
    if (h & 0x80000000) { h = ~h >>> 0; l = ~l >>> 0; } else h = (h | 0x80000000) >>> 0;
    lo[j] = l; hi[j] = h;
  }
  let lo2 = new Uint32Array(m), hi2 = new Uint32Array(m), idx2 = new Int32Array(m);
  const count = new Int32Array(65537);
  for (let pass = 0; pass < 4; pass++) {
    const src = pass < 2 ? lo : hi, shift = (pass & 1) * 16;
    count.fill(0);
    for (let j = 0; j < m; j++) count[((src[j] >>> shift) & 0xffff) + 1]++;
    for (let d = 0; d < 65536; d++) count[d + 1] += count[d];
    for (let j = 0; j < m; j++) {
      const t = count[(src[j] >>> shift) & 0xffff]++;
      lo2[t] = lo[j]; hi2[t] = hi[j]; idx2[t] = idx[j];
    }
    [lo, lo2] = [lo2, lo]; [hi, hi2] = [hi2, hi]; [idx, idx2] = [idx2, idx];
  }
  const rank = new Int32Array(n).fill(-1);
  const sorted = new Float64Array(m);
  for (let r = 0; r < m; r++) { rank[idx[r]] = r; sorted[r] = v[idx[r]]; }
  return { rank, sorted };
}

/**
 * Running median with an odd window (edges use the available points; non-finite values are
 * skipped, NaN where a window holds none). Exact, O(n log n): values are ranked once and the
 * window is a Fenwick tree over ranks, the median found by descending the tree.
 */
export function runningMedian(v: ArrayLike<number>, win: number): number[] {
  const n = v.length;
  const h = Math.max(0, Math.floor(win / 2));
  const out: number[] = new Array(n);
  if (n === 0) return out;
  if (h === 0) { for (let i = 0; i < n; i++) out[i] = Number.isFinite(v[i]) ? v[i] : NaN; return out; }
  const { rank, sorted } = ranksOf(v);
  const m = sorted.length;
  const tree = new Int32Array(m + 1);
  let top = 1;
  while (top * 2 <= m) top *= 2;
  const add = (i: number, d: number) => { const r = rank[i]; if (r < 0) return; for (let j = r + 1; j <= m; j += j & -j) tree[j] += d; };
  // k-th smallest (0-based) value in the window
  const kth = (k: number): number => {
    let pos = 0, rem = k + 1;
    for (let step = top; step > 0; step >>= 1) {
      const nx = pos + step;
      if (nx <= m && tree[nx] < rem) { pos = nx; rem -= tree[nx]; }
    }
    return sorted[pos];
  };
  let a = 0, b = 0, count = 0; // window = [a, b)
  for (let i = 0; i < n; i++) {
    const na = Math.max(0, i - h), nb = Math.min(n, i + h + 1);
    while (b < nb) { if (rank[b] >= 0) { add(b, 1); count++; } b++; }
    while (a < na) { if (rank[a] >= 0) { add(a, -1); count--; } a++; }
    if (count === 0) { out[i] = NaN; continue; }
    const lo = (count - 1) >> 1;
    out[i] = count % 2 === 1 ? kth(lo) : (kth(lo) + kth(lo + 1)) / 2;
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
