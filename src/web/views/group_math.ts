// Run groups on the scalar charts: which runs form a group (a regex whose matches are removed from run
// names, so that `_s\d+$` groups the seeds of one configuration; or `hp:KEY,KEY` for runs with the
// same values of those hyper-parameters), and a group's curve: every member interpolated linearly
// onto the union of their x values (within each member's own range only), then the mean, min and
// max over the members present at each x. The name pattern is compiled with RE2 (re2js, linear
// time, as the tag filter). Pure functions, shared by the page and its tests.
import { RE2JS } from "re2js";

export interface RunGroup {
  name: string;
  runs: string[];
}

/** Groups `runs` by `spec`; undefined (with an error) for a bad regex. Runs keep their order inside a group. */
export function groupRuns(
  spec: string,
  runs: string[],
  hparamsOf: (run: string) => Record<string, unknown> | undefined,
): { groups: RunGroup[]; error?: string } {
  const groups = new Map<string, string[]>();
  let keyOf: (run: string) => string;
  if (spec.startsWith("hp:")) {
    const keys = spec
      .slice(3)
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean);
    keyOf = (run) => keys.map((k) => `${k}=${String(hparamsOf(run)?.[k] ?? "")}`).join(", ");
  } else {
    let re: RE2JS;
    try {
      re = RE2JS.compile(spec);
    } catch (e) {
      return { groups: runs.map((r) => ({ name: r, runs: [r] })), error: (e as Error).message };
    }
    keyOf = (run) => re.matcher(run).replaceAll("") || run;
  }
  for (const r of runs) {
    const k = keyOf(r);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  return { groups: [...groups].map(([name, rs]) => ({ name, runs: rs })) };
}

export interface GroupCurve {
  x: number[];
  mean: number[];
  min: number[];
  max: number[];
  /** Members with a value at each x. */
  n: number[];
}

/** Linear interpolation of a sorted series at `x` (undefined outside its range). */
function at(xs: readonly number[], ys: readonly number[], x: number): number | undefined {
  if (!xs.length || x < xs[0] || x > xs[xs.length - 1]) return undefined;
  let lo = 0,
    hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  if (xs[lo] === x) return ys[lo];
  if (xs[hi] === x) return ys[hi];
  const t = (x - xs[lo]) / (xs[hi] - xs[lo]);
  return ys[lo] + t * (ys[hi] - ys[lo]);
}

export function groupCurve(members: { x: readonly number[]; y: readonly number[] }[]): GroupCurve {
  const xs = [...new Set(members.flatMap((m) => [...m.x]))].sort((a, b) => a - b);
  const out: GroupCurve = { x: [], mean: [], min: [], max: [], n: [] };
  for (const x of xs) {
    let s = 0,
      n = 0,
      lo = Infinity,
      hi = -Infinity;
    for (const m of members) {
      const v = at(m.x, m.y, x);
      if (v === undefined || !Number.isFinite(v)) continue;
      s += v;
      n++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!n) continue;
    out.x.push(x);
    out.mean.push(s / n);
    out.min.push(lo);
    out.max.push(hi);
    out.n.push(n);
  }
  return out;
}
