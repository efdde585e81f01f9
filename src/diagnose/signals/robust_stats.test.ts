// rankOrder's contract on both of its paths (comparison sort for short curves, radix sort for long
// ones): `sorted` ascending, `sorted[rank[i]] === v[i]`, equal values in index order, -1 for
// non-finite values; runningMedian agrees with a direct median of each window; quantile (the
// selection behind every median) agrees with a full sort, with and without ties, below and above
// the length at which the selection narrows by a sample first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mad, median, quantile, rankOrder, runningMedian } from "./robust_stats.ts";

function sample(n: number, seed: number): number[] {
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return Array.from({ length: n }, () => {
    const u = rnd();
    if (u < 0.03) return NaN;
    if (u < 0.05) return u < 0.04 ? Infinity : -Infinity;
    if (u < 0.3) return Math.round(rnd() * 5); // ties
    return (rnd() - 0.5) * 10 ** Math.round(rnd() * 12 - 6);
  });
}

for (const n of [0, 1, 7, 60, 2048, 2049, 20_000]) {
  test(`rankOrder of ${n} values with ties and non-finite values`, () => {
    const v = sample(n, n + 1);
    const { rank, sorted } = rankOrder(v);
    const finite = v.filter(Number.isFinite).length;
    assert.equal(sorted.length, finite);
    for (let r = 1; r < sorted.length; r++) assert.ok(sorted[r - 1] <= sorted[r], `ascending at ${r}`);
    const seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(v[i])) {
        assert.equal(rank[i], -1);
        continue;
      }
      assert.equal(sorted[rank[i]], v[i]);
      seen.add(rank[i]);
    }
    assert.equal(seen.size, finite);
    // equal values keep index order
    const last = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(v[i])) continue;
      const prev = last.get(v[i]);
      if (prev !== undefined) assert.ok(rank[prev] < rank[i], `tie order at ${i}`);
      last.set(v[i], i);
    }
  });
}

test("runningMedian equals the median of each window, short and long curves", () => {
  for (const [n, win] of [
    [40, 5],
    [3000, 101],
  ]) {
    const v = sample(n, 7 * n).map((x) => (Number.isFinite(x) ? x : NaN));
    const out = runningMedian(v, win);
    const h = (win - 1) / 2;
    for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 50))) {
      const w = v
        .slice(Math.max(0, i - h), Math.min(n, i + h + 1))
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      const want = w.length === 0 ? NaN : w.length % 2 ? w[(w.length - 1) / 2] : (w[w.length / 2 - 1] + w[w.length / 2]) / 2;
      assert.ok(Object.is(out[i], want) || out[i] === want, `n=${n} i=${i}: ${out[i]} vs ${want}`);
    }
  }
});

for (const n of [1, 2, 3, 601, 5_000, 100_001]) {
  test(`quantile and median of ${n} values agree with a full sort (ties, non-finite values)`, () => {
    for (const seed of [3, 11]) {
      const v = sample(n, seed * n);
      const sorted = v.filter(Number.isFinite).sort((a, b) => a - b);
      if (!sorted.length) continue;
      for (const q of [0, 0.1, 0.25, 0.5, 0.9, 1]) {
        const pos = (sorted.length - 1) * q;
        const lo = Math.floor(pos);
        const want = sorted[lo] + (sorted[Math.ceil(pos)] - sorted[lo]) * (pos - lo);
        assert.equal(quantile(v, q), want, `q=${q}`);
      }
      assert.equal(median(v), quantile(v, 0.5));
      const m = quantile(v, 0.5);
      const dev = sorted.map((x) => Math.abs(x - m)).sort((a, b) => a - b);
      const dpos = (dev.length - 1) / 2;
      assert.equal(mad(v), dev[Math.floor(dpos)] + (dev[Math.ceil(dpos)] - dev[Math.floor(dpos)]) * (dpos - Math.floor(dpos)));
    }
  });
}
