// Largest-Triangle-Three-Buckets down-sampling (Steinarsson 2013) on columnar data: x and y as
// Float64Array (same length, x ascending), returns the indices of the kept points, first and last
// always included. Non-finite y values must be removed by the caller (they are drawn as markers).

/** Indices of at most `threshold` points that keep the visual shape of (x, y). */
export function lttbIndices(x: ArrayLike<number>, y: ArrayLike<number>, threshold: number): Uint32Array {
  const n = Math.min(x.length, y.length);
  if (n <= threshold) return Uint32Array.from({ length: n }, (_, i) => i);
  if (threshold < 3) return Uint32Array.from(threshold <= 0 ? [] : threshold === 1 ? [0] : [0, n - 1]);
  const out = new Uint32Array(threshold);
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  out[0] = 0;
  for (let i = 0; i < threshold - 2; i++) {
    // Average of the next bucket: the third vertex of the triangle.
    let avgStart = Math.floor((i + 1) * every) + 1;
    let avgEnd = Math.floor((i + 2) * every) + 1;
    if (avgEnd > n) avgEnd = n;
    if (avgStart >= avgEnd) avgStart = avgEnd - 1;
    let avgX = 0,
      avgY = 0;
    for (let j = avgStart; j < avgEnd; j++) {
      avgX += x[j];
      avgY += y[j];
    }
    const len = avgEnd - avgStart;
    avgX /= len;
    avgY /= len;
    // This bucket: keep the point forming the largest triangle with the last kept point and the average.
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const ax = x[a],
      ay = y[a];
    let best = start,
      bestArea = -1;
    for (let j = start; j < end; j++) {
      const area = Math.abs((ax - avgX) * (y[j] - ay) - (ax - x[j]) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out[i + 1] = best;
    a = best;
  }
  out[threshold - 1] = n - 1;
  return out;
}
