// Robust statistics used by every signal: median, quantiles, MAD, Theil–Sen slope, windows.
// All functions ignore non-finite values and never compare floats for exact equality.
// Costs (n = series length): quantile/median/MAD O(n) (quickselect), Theil–Sen O(1) in n (a fixed
// number of point pairs), running median O(n log n) (rank-indexed Fenwick tree), autocorrelation O(n).

import { T } from "../thresholds.ts";

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

/**
 * Rearranges v[left..right] so that v[k] is the k-th smallest, everything before it no larger and
 * everything after it no smaller: Floyd and Rivest's selection (CACM 1975, algorithm 489). On a
 * long range it first selects within a small sample around the expected position of k, so the
 * pivot lands close to the answer and a pass or two over the range suffice; the partition is
 * Hoare's, which keeps runs of equal values balanced.
 */
function select(v: Float64Array, k: number, left = 0, right = v.length - 1): number {
  while (right > left) {
    if (right - left > FR_SAMPLE_ABOVE) {
      // (a sample of n^(2/3) / 2 values, its bounds half a standard deviation of the rank around k)
      const n = right - left + 1,
        i = k - left + 1,
        z = Math.log(n),
        s = Math.cbrt(n) ** 2 / 2;
      const sd = (Math.sqrt((z * s * (n - s)) / n) / 2) * Math.sign(i - n / 2);
      select(v, k, Math.max(left, Math.floor(k - (i * s) / n + sd)), Math.min(right, Math.floor(k + ((n - i) * s) / n + sd)));
    }
    const t = v[k];
    let i = left,
      j = right;
    swap(v, left, k);
    if (v[right] > t) swap(v, right, left);
    while (i < j) {
      swap(v, i, j);
      i++;
      j--;
      while (v[i] < t) i++;
      while (v[j] > t) j--;
    }
    if (v[left] === t) swap(v, left, j);
    else {
      j++;
      swap(v, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
  return v[k];
}
const FR_SAMPLE_ABOVE = T.selectSampleAbove.value;

function swap(v: Float64Array, a: number, b: number): void {
  const t = v[a];
  v[a] = v[b];
  v[b] = t;
}

/** q-quantile (0..1) with linear interpolation; NaN for no finite value. O(n) expected. */
export function quantile(xs: ArrayLike<number>, q: number): number {
  const v = finiteF64(xs);
  if (v.length === 0) return NaN;
  const pos = (v.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos),
    hi = Math.ceil(pos);
  const a = select(v, lo);
  if (hi === lo) return a;
  // after selection every element right of lo is >= v[lo]: the next order statistic is their minimum
  let b = Infinity;
  for (let i = lo + 1; i < v.length; i++) if (v[i] < b) b = v[i];
  return a + (b - a) * (pos - lo);
}

export function median(xs: ArrayLike<number>): number {
  return quantile(xs, 0.5);
}

/** Median absolute deviation (unscaled). */
export function mad(xs: ArrayLike<number>): number {
  const v = finiteF64(xs);
  if (v.length === 0) return NaN;
  const m = quantile(v, 0.5);
  for (let i = 0; i < v.length; i++) v[i] = Math.abs(v[i] - m);
  return quantile(v, 0.5);
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
  let finitePairs = 0;
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]) && Number.isFinite(x[i])) finitePairs++;
  if (finitePairs < 2) return NaN;
  const stride = Math.max(1, Math.ceil(finitePairs / maxPoints));
  const pick: number[] = [];
  for (let i = 0, k = 0; i < y.length; i++)
    if (Number.isFinite(y[i]) && Number.isFinite(x[i])) {
      if (k % stride === 0) pick.push(i);
      k++;
    }
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
 * (two 16-bit digits) on the high 32 bits of the IEEE-754 pattern made order-preserving, then each
 * run of equal high words (values within ~1e-6 of each other) put in exact order: O(n) for
 * usual data.
 */
function ranksOf(v: ArrayLike<number>): RankOrder {
  const n = v.length;
  if (n <= SMALL_SORT) return ranksBySort(v);
  const vals = finiteF64(v);
  const m = vals.length;
  const bits = new Uint32Array(vals.buffer); // little-endian: [lo, hi] per value
  let hi = new Uint32Array(m),
    idx = new Int32Array(m);
  let k = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(v[i])) idx[k++] = i;
  for (let j = 0; j < m; j++) {
    const h = bits[2 * j + 1];
    hi[j] = h & 0x80000000 ? ~h >>> 0 : (h | 0x80000000) >>> 0;
  }
  let hi2 = new Uint32Array(m),
    idx2 = new Int32Array(m);
  const count = new Int32Array(65537);
  for (let shift = 0; shift <= 16; shift += 16) {
    count.fill(0);
    for (let j = 0; j < m; j++) count[((hi[j] >>> shift) & 0xffff) + 1]++;
    if (m > 0 && count[((hi[0] >>> shift) & 0xffff) + 1] === m) continue; // one digit value: order unchanged
    for (let d = 0; d < 65536; d++) count[d + 1] += count[d];
    for (let j = 0; j < m; j++) {
      const t = count[(hi[j] >>> shift) & 0xffff]++;
      hi2[t] = hi[j];
      idx2[t] = idx[j];
    }
    [hi, hi2] = [hi2, hi];
    [idx, idx2] = [idx2, idx];
  }
  // exact order inside runs of equal high words
  const byValue = (a: number, b: number) => v[a] - v[b] || a - b;
  for (let s = 0; s < m;) {
    let e = s + 1;
    while (e < m && hi[e] === hi[s]) e++;
    if (e - s > 1) {
      let ordered = true;
      for (let j = s + 1; j < e; j++)
        if (v[idx[j]] < v[idx[j - 1]]) {
          ordered = false;
          break;
        }
      if (!ordered) {
        if (e - s <= INSERTION_RUN) {
          // (most runs hold a handful of values: an inline insertion sort beats a comparator call per pair)
          for (let j = s + 1; j < e; j++) {
            const x = idx[j],
              xv = v[x];
            let p = j - 1;
            while (p >= s && (v[idx[p]] > xv || (v[idx[p]] === xv && idx[p] > x))) {
              idx[p + 1] = idx[p];
              p--;
            }
            idx[p + 1] = x;
          }
        } else idx.subarray(s, e).sort(byValue);
      }
    }
    s = e;
  }
  const rank = new Int32Array(n).fill(-1);
  const sorted = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    rank[idx[r]] = r;
    sorted[r] = v[idx[r]];
  }
  return { rank, sorted };
}

/**
 * Below this length a comparison sort beats the radix sort, whose two passes clear a 65 537-entry
 * count table each (most curves of an epoch-level log are a few dozen points).
 */
const SMALL_SORT = T.smallSortLength.value;
const INSERTION_RUN = T.insertionRunLength.value;

/** `ranksOf` by a comparison sort (same contract: equal values in index order). */
function ranksBySort(v: ArrayLike<number>): RankOrder {
  const n = v.length;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(v[i])) idx.push(i);
  idx.sort((a, b) => v[a] - v[b] || a - b);
  const rank = new Int32Array(n).fill(-1);
  const sorted = new Float64Array(idx.length);
  for (let r = 0; r < idx.length; r++) {
    rank[idx[r]] = r;
    sorted[r] = v[idx[r]];
  }
  return { rank, sorted };
}

/** Rank order of an array for `runningMedian` (compute once, pass to several running medians of the same values). */
export type RankOrder = { rank: Int32Array; sorted: Float64Array };
export function rankOrder(v: ArrayLike<number>): RankOrder {
  return ranksOf(v);
}

/** The rank order of `f(v)` from that of `v`, for a non-decreasing `f` (e.g. log of positive values). */
export function mapRankOrder(order: RankOrder, fv: ArrayLike<number>): RankOrder {
  const sorted = new Float64Array(order.sorted.length);
  for (let i = 0; i < fv.length; i++) if (order.rank[i] >= 0) sorted[order.rank[i]] = fv[i];
  return { rank: order.rank, sorted };
}

/**
 * Running median with an odd window (edges use the available points; non-finite values are
 * skipped, NaN where a window holds none). Exact, O(n log n) or better whatever the window:
 * small windows keep a sorted copy of the window; large ones rank the values once and keep the
 * window as a bit set over ranks, walking a pointer to the median (it moves by about one present
 * rank per step); in between, a Fenwick tree over ranks finds the median by descent.
 */
export function runningMedian(v: ArrayLike<number>, win: number, order?: RankOrder): number[] {
  const n = v.length;
  const h = Math.max(0, Math.floor(win / 2));
  const out: number[] = new Array(n);
  if (n === 0) return out;
  if (h === 0) {
    for (let i = 0; i < n; i++) out[i] = Number.isFinite(v[i]) ? v[i] : NaN;
    return out;
  }
  if (2 * h + 1 <= SMALL_WINDOW) return sortedWindowMedian(v, h, out);
  const { rank, sorted } = order && order.rank.length === n ? order : ranksOf(v);
  const m = sorted.length;
  return m <= WALK_GAP * (2 * h + 1) ? bitsetMedian(rank, sorted, h, out) : fenwickMedian(rank, sorted, h, out);
}

const SMALL_WINDOW = 65;
/** Largest mean gap between the ranks present in a window for which the pointer walk is used. */
const WALK_GAP = 256;

function sortedWindowMedian(v: ArrayLike<number>, h: number, out: number[]): number[] {
  const n = v.length;
  const w = new Float64Array(2 * h + 2);
  let count = 0,
    a = 0,
    b = 0;
  const find = (x: number) => {
    let lo = 0,
      hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (w[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (let i = 0; i < n; i++) {
    const na = Math.max(0, i - h),
      nb = Math.min(n, i + h + 1);
    while (b < nb) {
      const x = v[b++];
      if (Number.isFinite(x)) {
        const at = find(x);
        w.copyWithin(at + 1, at, count);
        w[at] = x;
        count++;
      }
    }
    while (a < na) {
      const x = v[a++];
      if (Number.isFinite(x)) {
        const at = find(x);
        w.copyWithin(at, at + 1, count);
        count--;
      }
    }
    if (count === 0) {
      out[i] = NaN;
      continue;
    }
    const lo = (count - 1) >> 1;
    out[i] = count % 2 === 1 ? w[lo] : (w[lo] + w[lo + 1]) / 2;
  }
  return out;
}

function fenwickMedian(rank: Int32Array, sorted: Float64Array, h: number, out: number[]): number[] {
  const n = rank.length,
    m = sorted.length;
  const tree = new Int32Array(m + 1);
  let top = 1;
  while (top * 2 <= m) top *= 2;
  const add = (i: number, d: number) => {
    for (let j = rank[i] + 1; j <= m; j += j & -j) tree[j] += d;
  };
  // k-th smallest (0-based) value in the window
  const kth = (k: number): number => {
    let pos = 0,
      rem = k + 1;
    for (let step = top; step > 0; step >>= 1) {
      const nx = pos + step;
      if (nx <= m && tree[nx] < rem) {
        pos = nx;
        rem -= tree[nx];
      }
    }
    return sorted[pos];
  };
  let a = 0,
    b = 0,
    count = 0; // window = [a, b)
  for (let i = 0; i < n; i++) {
    const na = Math.max(0, i - h),
      nb = Math.min(n, i + h + 1);
    while (b < nb) {
      if (rank[b] >= 0) {
        add(b, 1);
        count++;
      }
      b++;
    }
    while (a < na) {
      if (rank[a] >= 0) {
        add(a, -1);
        count--;
      }
      a++;
    }
    if (count === 0) {
      out[i] = NaN;
      continue;
    }
    const lo = (count - 1) >> 1;
    out[i] = count % 2 === 1 ? kth(lo) : (kth(lo) + kth(lo + 1)) / 2;
  }
  return out;
}

function bitsetMedian(rank: Int32Array, sorted: Float64Array, h: number, out: number[]): number[] {
  const n = rank.length,
    m = sorted.length;
  const bits = new Uint32Array((m >>> 5) + 1);
  // smallest present rank > r (r may be -1), or -1
  const next = (r: number): number => {
    let word = (r + 1) >>> 5;
    const sh = (r + 1) & 31;
    let w = bits[word] & (0xffffffff << sh);
    while (w === 0) {
      if (++word >= bits.length) return -1;
      w = bits[word];
    }
    return (word << 5) + 31 - Math.clz32(w & -w);
  };
  // largest present rank < r, or -1
  const prev = (r: number): number => {
    let word = r >>> 5;
    const sh = r & 31;
    let w = sh === 0 ? 0 : bits[word] & ((1 << sh) - 1);
    while (w === 0) {
      if (--word < 0) return -1;
      w = bits[word];
    }
    return (word << 5) + 31 - Math.clz32(w);
  };
  let p = -1,
    below = 0,
    count = 0,
    a = 0,
    b = 0; // p: a present rank, below: present ranks < p
  for (let i = 0; i < n; i++) {
    const na = Math.max(0, i - h),
      nb = Math.min(n, i + h + 1);
    for (; b < nb; b++) {
      const r = rank[b];
      if (r < 0) continue;
      bits[r >>> 5] |= 1 << (r & 31);
      count++;
      if (p < 0) {
        p = r;
        below = 0;
      } else if (r < p) below++;
    }
    for (; a < na; a++) {
      const r = rank[a];
      if (r < 0) continue;
      bits[r >>> 5] &= ~(1 << (r & 31));
      count--;
      if (r < p) below--;
      else if (r === p) {
        const q = next(p);
        if (q >= 0) p = q;
        else {
          p = prev(p);
          below--;
        }
      }
    }
    if (count === 0) {
      out[i] = NaN;
      p = -1;
      below = 0;
      continue;
    }
    const k = (count - 1) >> 1;
    while (below < k) {
      p = next(p);
      below++;
    }
    while (below > k) {
      p = prev(p);
      below--;
    }
    out[i] = count % 2 === 1 ? sorted[p] : (sorted[p] + sorted[next(p)]) / 2;
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
  let num = 0,
    den = 0;
  for (let i = 0; i < n; i++) den += (v[i] - m) ** 2;
  for (let i = 0; i + lag < n; i++) num += (v[i] - m) * (v[i + lag] - m);
  return den > 0 ? num / den : NaN;
}
