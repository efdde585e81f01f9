// How points sit in PostgreSQL: a chunk of up to SCALAR_CHUNK scalar points (or HISTOGRAM_CHUNK
// histograms) of one series is one `bytea`, little-endian float64 throughout, so every value comes
// back bit for bit (NaN, ±Inf, -0 included).
//   scalar chunk:    steps[n] · wallTimes[n] · values[n]
//   histogram chunk: per histogram: step, wallTime, min, max, num, sum, sumSquares, nan, posInf,
//                    negInf, k, then lefts[k] · rights[k] · counts[k]
// `digest` fingerprints the first n points of a series, so an ingest appends only when what is
// stored is still a prefix of what was read (else the series is written again).
// Errors: `decode*` throw a RangeError naming the chunk's byte length when it is not a whole chunk.

import crypto from "node:crypto";
import type { Histogram, ScalarSeries } from "../model/index.ts";

/** Scalar points per chunk row (chosen by measurement: bench/team.ts). */
export const SCALAR_CHUNK = 4096;
/** Histograms per chunk row. */
export const HISTOGRAM_CHUNK = 64;

const HEAD = 11;

function bytesOf(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Points [from, to) of a scalar series as one chunk. */
export function encodeScalarChunk(s: ScalarSeries, from: number, to: number): Buffer {
  const n = to - from;
  const out = Buffer.allocUnsafe(n * 24);
  const f = new Float64Array(out.buffer, out.byteOffset, n * 3);
  f.set(s.steps.subarray(from, to), 0);
  f.set(s.wallTimes.subarray(from, to), n);
  f.set(s.values.subarray(from, to), 2 * n);
  return out;
}

/** The chunk's points: three arrays of equal length. */
export function decodeScalarChunk(b: Uint8Array): { steps: Float64Array; wallTimes: Float64Array; values: Float64Array } {
  if (b.byteLength % 24 !== 0)
    throw new RangeError(`scalar chunk of ${b.byteLength} bytes is not a whole number of points (24 bytes each)`);
  const n = b.byteLength / 24;
  const copy = new Float64Array(n * 3);
  new Uint8Array(copy.buffer).set(b);
  return { steps: copy.subarray(0, n), wallTimes: copy.subarray(n, 2 * n), values: copy.subarray(2 * n) };
}

export function encodeHistogramChunk(hs: Histogram[]): Buffer {
  let len = 0;
  for (const h of hs) len += HEAD + 3 * h.counts.length;
  const f = new Float64Array(len);
  let i = 0;
  for (const h of hs) {
    const k = h.counts.length;
    f.set([h.step, h.wallTime, h.min, h.max, h.num, h.sum, h.sumSquares, h.nonFinite.nan, h.nonFinite.posInf, h.nonFinite.negInf, k], i);
    i += HEAD;
    f.set(h.lefts.subarray(0, k), i);
    f.set(h.rights.subarray(0, k), i + k);
    f.set(h.counts, i + 2 * k);
    i += 3 * k;
  }
  return Buffer.from(f.buffer);
}

export function decodeHistogramChunk(b: Uint8Array): Histogram[] {
  if (b.byteLength % 8 !== 0) throw new RangeError(`histogram chunk of ${b.byteLength} bytes is not a whole number of float64`);
  const f = new Float64Array(b.byteLength / 8);
  new Uint8Array(f.buffer).set(b);
  const out: Histogram[] = [];
  for (let i = 0; i < f.length;) {
    if (i + HEAD > f.length) throw new RangeError(`histogram chunk of ${b.byteLength} bytes ends inside a header at byte ${i * 8}`);
    const k = f[i + 10];
    if (!Number.isInteger(k) || k < 0 || i + HEAD + 3 * k > f.length)
      throw new RangeError(`histogram chunk of ${b.byteLength} bytes: bad bucket count at byte ${(i + 10) * 8}`);
    const b0 = i + HEAD;
    out.push({
      step: f[i],
      wallTime: f[i + 1],
      min: f[i + 2],
      max: f[i + 3],
      num: f[i + 4],
      sum: f[i + 5],
      sumSquares: f[i + 6],
      nonFinite: { nan: f[i + 7], posInf: f[i + 8], negInf: f[i + 9] },
      lefts: f.slice(b0, b0 + k),
      rights: f.slice(b0 + k, b0 + 2 * k),
      counts: f.slice(b0 + 2 * k, b0 + 3 * k),
    });
    i = b0 + 3 * k;
  }
  return out;
}

/** Fingerprint of the first `n` points of a scalar series. */
export function scalarDigest(s: ScalarSeries, n: number): Buffer {
  const h = crypto.createHash("sha256");
  h.update(bytesOf(s.steps.subarray(0, n)));
  h.update(bytesOf(s.wallTimes.subarray(0, n)));
  h.update(bytesOf(s.values.subarray(0, n)));
  return h.digest();
}

/** Fingerprint of the first `n` histograms of a series. */
export function histogramDigest(hs: Histogram[], n: number): Buffer {
  const h = crypto.createHash("sha256");
  for (let i = 0; i < n; i += HISTOGRAM_CHUNK) h.update(encodeHistogramChunk(hs.slice(i, Math.min(n, i + HISTOGRAM_CHUNK))));
  return h.digest();
}
