// Smoothing of a scalar series on its full-resolution values (never on down-sampled points):
// - debiased exponential moving average as TensorBoard draws it: last = last*w + (1-w)*v over finite
//   values, shown = last / (1 - w^n) with n the count of finite values so far; non-finite values
//   pass through unsmoothed; a constant series is returned unchanged;
// - centred window mean over the finite values of a window of `window` points.

/** Debiased EMA with weight `w` in [0, 1). Returns a new array of the same length. */
export function debiasedEma(values: ArrayLike<number>, w: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (!(w > 0)) {
    for (let i = 0; i < n; i++) out[i] = values[i];
    return out;
  }
  let first = NaN,
    constant = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (first !== first) first = v;
    else if (v !== first) {
      constant = false;
      break;
    }
  }
  if (constant) {
    for (let i = 0; i < n; i++) out[i] = values[i];
    return out;
  }
  // wk = w^k for the k finite values seen so far (a running product: no pow per point).
  let last = 0,
    wk = 1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * w + (1 - w) * v;
    wk *= w;
    out[i] = w >= 1 ? last : last / (1 - wk);
  }
  return out;
}

/** Centred moving mean over `window` points (finite values only); non-finite points pass through. */
export function windowMean(values: ArrayLike<number>, window: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const half = Math.floor(Math.max(1, window) / 2);
  // Prefix sums over finite values, so each point costs O(1).
  const sum = new Float64Array(n + 1);
  const cnt = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const fin = Number.isFinite(v);
    sum[i + 1] = sum[i] + (fin ? v : 0);
    cnt[i + 1] = cnt[i] + (fin ? 1 : 0);
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    const lo = Math.max(0, i - half),
      hi = Math.min(n, i + half + 1);
    out[i] = (sum[hi] - sum[lo]) / (cnt[hi] - cnt[lo]);
  }
  return out;
}
