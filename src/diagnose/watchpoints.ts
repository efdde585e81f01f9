// Watchpoints on recorded logs: the debugger conditions of watch_conditions.ts evaluated on every
// weight, gradient and activation histogram/tensor of a run (roles from `run.roles`, tag names as
// fallback) and on scalars (overflow and value conditions). Like the debugger, a point holding
// NaN/Inf is reported by the overflow conditions and not evaluated by the value conditions; change
// conditions compare each recorded step with the previous recorded step of the same series.
// Values from tensors are exact; values from histograms are estimates (see tensor_stats.ts).
import { runScalars, type Histogram, type TrainingRun } from "../model/index.ts";
import { histBuckets, pointStats, rangePercentage, statSeries, type SeriesRole, type StatPoint, type StatSeries } from "./tensor_stats.ts";
import {
  conditionSpec,
  effectiveParams,
  RECOMMENDED_WATCHPOINTS,
  validateCondition,
  type ConditionName,
  type WatchCondition,
} from "./watch_conditions.ts";

export interface WatchpointHit {
  step: number;
  /** Series key inside the run. */
  tag: string;
  condition: ConditionName;
  /** The parameter that hit (`abs_mean_lt`, `zero_percentage_ge`, ... ; `non_finite_count` for overflow). */
  param: string;
  actual: number;
  threshold: number;
  /** true: computed from tensor elements or a scalar; false: estimated from a histogram. */
  exact: boolean;
  layer?: string;
  role: SeriesRole | "scalar";
  /** Preset id when the condition came from a named preset (e.g. the recommended set). */
  watchpoint?: string;
  /** Previous recorded step, for change conditions. */
  prevStep?: number;
  /** NaN / +Inf / −Inf counts, for overflow hits. */
  nonFinite?: { nan: number; posInf: number; negInf: number };
}

const TARGET_ROLE: Record<string, SeriesRole | undefined> = {
  weight: "weight",
  gradient: "gradient",
  activation: "activation",
  tensor: undefined,
};

function isBias(s: StatSeries): boolean {
  return [s.key, s.layer ?? ""].some((n) => /(^|[/._])(bias(es)?|bias_0|beta)($|[/._:])/i.test(n));
}

/** Evaluates the conditions (default: the recommended watchpoints) on the run; hits ordered by step, tag. */
export function evaluateWatchpoints(run: TrainingRun, conditions: WatchCondition[] = RECOMMENDED_WATCHPOINTS): WatchpointHit[] {
  for (const c of conditions) {
    const errs = validateCondition(c);
    if (errs.length) throw new Error(`invalid watchpoint: ${errs.join("; ")}`);
  }
  const series = statSeries(run);
  const statCache = new Map<StatPoint, ReturnType<typeof pointStats>>();
  const stats = (p: StatPoint) => {
    let s = statCache.get(p);
    if (!s) {
      s = pointStats(p);
      statCache.set(p, s);
    }
    return s;
  };
  const hits: WatchpointHit[] = [];

  for (const c of conditions) {
    const spec = conditionSpec(c.name)!;
    const params = effectiveParams(c);
    const re = c.match !== undefined ? new RegExp(c.match) : undefined;
    const targetRole = TARGET_ROLE[spec.target];
    const base = (s: StatSeries, step: number, exact: boolean) => ({
      step,
      tag: s.key,
      condition: c.name,
      exact,
      role: s.role,
      ...(s.layer ? { layer: s.layer } : {}),
      ...(c.id ? { watchpoint: c.id } : {}),
    });
    for (const s of series) {
      if (targetRole && s.role !== targetRole) continue;
      if (c.activation && s.activation !== c.activation) continue;
      if (re && !re.test(s.key) && !(s.layer && re.test(s.layer))) continue;
      const exact = s.kind === "tensor";
      s.points.forEach((p, i) => {
        const st = stats(p);
        const nonFinite = st.nan + st.posInf + st.negInf;
        if (spec.check === "overflow") {
          if (nonFinite > 0)
            hits.push({
              ...base(s, p.step, exact),
              param: "non_finite_count",
              actual: nonFinite,
              threshold: 0,
              nonFinite: { nan: st.nan, posInf: st.posInf, negInf: st.negInf },
            });
          return;
        }
        if (nonFinite > 0 || st.count === 0) return;
        const prev = i > 0 ? s.points[i - 1] : undefined;
        switch (spec.check) {
          case "too_large":
          case "too_small":
            for (const [name, stat] of [
              ["abs_mean", st.absMean],
              ["max", st.max],
              ["min", st.min],
              ["mean", st.mean],
            ] as const) {
              const k = `${name}_${spec.check === "too_large" ? "gt" : "lt"}`;
              const t = params[k];
              if (t !== undefined && compare(stat, k, t)) hits.push({ ...base(s, p.step, exact), param: k, actual: stat, threshold: t });
            }
            break;
          case "all_zero": {
            if (i === 0 && s.role === "weight" && isBias(s)) break;
            const t = params.zero_percentage_ge;
            if (t !== undefined && st.zeroPct >= t)
              hits.push({ ...base(s, p.step, exact), param: "zero_percentage_ge", actual: st.zeroPct, threshold: t });
            break;
          }
          case "initialization": {
            if (i !== 0) break;
            const z = params.zero_percentage_ge;
            if (z !== undefined && !isBias(s) && st.zeroPct >= z)
              hits.push({ ...base(s, p.step, exact), param: "zero_percentage_ge", actual: st.zeroPct, threshold: z });
            if (params.max_gt !== undefined && st.max > params.max_gt)
              hits.push({ ...base(s, p.step, exact), param: "max_gt", actual: st.max, threshold: params.max_gt });
            if (params.min_lt !== undefined && st.min < params.min_lt)
              hits.push({ ...base(s, p.step, exact), param: "min_lt", actual: st.min, threshold: params.min_lt });
            break;
          }
          case "range":
            for (const h of rangeHits(params, st.max - st.min, () =>
              rangePercentage(p, params.range_start_inclusive ?? -Infinity, params.range_end_inclusive ?? Infinity),
            )) {
              hits.push({ ...base(s, p.step, exact), ...h });
            }
            break;
          case "not_changed": {
            if (!prev || nonFiniteCount(prev, stats) > 0) break;
            const r = notChanged(prev, p, params.rtol ?? 1e-5, params.atol ?? 1e-8);
            if (r.unchanged)
              hits.push({
                ...base(s, p.step, exact),
                param: "rtol",
                actual: r.maxRelChange,
                threshold: params.rtol ?? 1e-5,
                prevStep: prev.step,
              });
            break;
          }
          case "change_too_large":
          case "change_too_small": {
            if (c.skipBiases && isBias(s)) break;
            // An all-zero previous tensor (a bias at its start) has no size to relate the update to.
            if (!prev || nonFiniteCount(prev, stats) > 0 || !(stats(prev).absMean > 0)) break;
            const ratio = updateRatio(prev, p, params.epsilon ?? 1e-9, stats);
            if (ratio === undefined) break;
            const k = spec.check === "change_too_large" ? "abs_mean_update_ratio_gt" : "abs_mean_update_ratio_lt";
            const t = params[k];
            if (t !== undefined && compare(ratio, k, t))
              hits.push({ ...base(s, p.step, exact), param: k, actual: ratio, threshold: t, prevStep: prev.step });
            break;
          }
        }
      });
    }
    // Scalars are one-element tensors for the tensor-wide conditions (all-zero excepted: a scalar at 0 is routine).
    if (spec.target === "tensor" && spec.check !== "all_zero") {
      for (const [key, sc] of runScalars(run)) {
        if (re && !re.test(key)) continue;
        const steps = sc.steps,
          values = sc.values;
        const sb = { tag: key, condition: c.name, exact: true, role: "scalar" as const, ...(c.id ? { watchpoint: c.id } : {}) };
        for (let i = 0; i < sc.length; i++) {
          const v = values[i];
          if (spec.check === "overflow") {
            if (!Number.isFinite(v)) {
              hits.push({
                ...sb,
                step: steps[i],
                param: "non_finite_count",
                actual: 1,
                threshold: 0,
                nonFinite: { nan: v !== v ? 1 : 0, posInf: v === Infinity ? 1 : 0, negInf: v === -Infinity ? 1 : 0 },
              });
            }
            continue;
          }
          if (!Number.isFinite(v)) continue;
          if (spec.check === "too_large" || spec.check === "too_small") {
            const suf = spec.check === "too_large" ? "gt" : "lt";
            for (const [name, stat] of [
              ["abs_mean", Math.abs(v)],
              ["max", v],
              ["min", v],
              ["mean", v],
            ] as const) {
              const k = `${name}_${suf}`;
              const t = params[k];
              if (t !== undefined && compare(stat, k, t)) hits.push({ ...sb, step: steps[i], param: k, actual: stat, threshold: t });
            }
          } else if (spec.check === "range") {
            const lo = params.range_start_inclusive ?? -Infinity,
              hi = params.range_end_inclusive ?? Infinity;
            for (const h of rangeHits(params, 0, () => (v >= lo && v <= hi ? 100 : 0))) hits.push({ ...sb, step: steps[i], ...h });
          }
        }
      }
    }
  }
  hits.sort((a, b) => a.step - b.step || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return hits;
}

function compare(v: number, param: string, t: number): boolean {
  if (v !== v) return false;
  if (param.endsWith("_gt")) return v > t;
  if (param.endsWith("_lt")) return v < t;
  if (param.endsWith("_ge")) return v >= t;
  if (param.endsWith("_le")) return v <= t;
  return false;
}

function rangeHits(
  params: Record<string, number>,
  maxMin: number,
  pct: () => number,
): { param: string; actual: number; threshold: number }[] {
  const out: { param: string; actual: number; threshold: number }[] = [];
  if (params.range_percentage_lt !== undefined || params.range_percentage_gt !== undefined) {
    const v = pct();
    for (const k of ["range_percentage_lt", "range_percentage_gt"]) {
      const t = params[k];
      if (t !== undefined && compare(v, k, t)) out.push({ param: k, actual: v, threshold: t });
    }
  }
  for (const k of ["max_min_lt", "max_min_gt"]) {
    const t = params[k];
    if (t !== undefined && compare(maxMin, k, t)) out.push({ param: k, actual: maxMin, threshold: t });
  }
  return out;
}

function nonFiniteCount(p: StatPoint, stats: (p: StatPoint) => { nan: number; posInf: number; negInf: number }): number {
  const s = stats(p);
  return s.nan + s.posInf + s.negInf;
}

/** allclose between two recorded steps; for histograms: same buckets and min/max/sum within tolerance. */
export function notChanged(prev: StatPoint, cur: StatPoint, rtol: number, atol: number): { unchanged: boolean; maxRelChange: number } {
  if (prev.values && cur.values) {
    if (prev.values.length !== cur.values.length) return { unchanged: false, maxRelChange: NaN };
    let ok = true,
      rel = 0;
    for (let i = 0; i < cur.values.length; i++) {
      const a = prev.values[i],
        d = Math.abs(cur.values[i] - a);
      if (d > atol + rtol * Math.abs(a)) ok = false;
      rel = Math.max(rel, d / (Math.abs(a) + atol));
    }
    return { unchanged: ok, maxRelChange: rel };
  }
  if (!prev.hist || !cur.hist) return { unchanged: false, maxRelChange: NaN };
  const a = prev.hist,
    b = cur.hist;
  const close = (x: number, y: number) => (x !== x && y !== y) || Math.abs(x - y) <= atol + rtol * Math.abs(x);
  let rel = 0;
  for (const [x, y] of [
    [a.min, b.min],
    [a.max, b.max],
    [a.sum, b.sum],
    [a.sumSquares, b.sumSquares],
  ]) {
    if (Number.isFinite(x) && Number.isFinite(y)) rel = Math.max(rel, Math.abs(y - x) / (Math.abs(x) + atol));
  }
  const same =
    close(a.min, b.min) && close(a.max, b.max) && close(a.sum, b.sum) && close(a.sumSquares, b.sumSquares) && sameBuckets(a, b, rtol, atol);
  return { unchanged: same, maxRelChange: rel };
}

function sameBuckets(a: Histogram, b: Histogram, rtol: number, atol: number): boolean {
  const ba = histBuckets(a),
    bb = histBuckets(b);
  if (ba.length !== bb.length) return false;
  for (let i = 0; i < ba.length; i++) {
    if (ba[i].c !== bb[i].c) return false;
    if (Math.abs(ba[i].l - bb[i].l) > atol + rtol * Math.abs(ba[i].l)) return false;
    if (Math.abs(ba[i].r - bb[i].r) > atol + rtol * Math.abs(ba[i].r)) return false;
  }
  return true;
}

/**
 * Mean absolute update ratio mean|cur − prev| / (mean|prev| + ε). Tensors: exact (same element count
 * needed). Histograms: the Wasserstein-1 distance between the two distributions, a lower bound of
 * mean|cur − prev| (element pairing is not recorded).
 */
export function updateRatio(
  prev: StatPoint,
  cur: StatPoint,
  eps: number,
  stats: (p: StatPoint) => { absMean: number },
): number | undefined {
  if (prev.values && cur.values) {
    if (prev.values.length !== cur.values.length || cur.values.length === 0) return undefined;
    let d = 0,
      a = 0;
    for (let i = 0; i < cur.values.length; i++) {
      d += Math.abs(cur.values[i] - prev.values[i]);
      a += Math.abs(prev.values[i]);
    }
    const n = cur.values.length;
    return d / n / (a / n + eps);
  }
  if (!prev.hist || !cur.hist) return undefined;
  const w = wasserstein1(prev.hist, cur.hist);
  return w / (stats(prev).absMean + eps);
}

/** Quantile function of a histogram (uniform inside each bucket; point masses stay points). */
function quantiles(h: Histogram, m: number): Float64Array {
  const bs = histBuckets(h);
  let n = 0;
  for (const b of bs) n += b.c;
  const q = new Float64Array(m);
  if (n === 0) return q.fill(NaN);
  let j = 0,
    cum = 0;
  for (let i = 0; i < m; i++) {
    const target = ((i + 0.5) / m) * n;
    while (j < bs.length - 1 && cum + bs[j].c < target) {
      cum += bs[j].c;
      j++;
    }
    const b = bs[j];
    const f = Math.min(1, Math.max(0, (target - cum) / b.c));
    q[i] = b.point !== undefined ? b.point : b.l + f * (b.r - b.l);
  }
  return q;
}

function wasserstein1(a: Histogram, b: Histogram): number {
  const m = 512;
  const qa = quantiles(a, m),
    qb = quantiles(b, m);
  let s = 0;
  for (let i = 0; i < m; i++) s += Math.abs(qa[i] - qb[i]);
  return s / m;
}
