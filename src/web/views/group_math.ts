// Run groups on the scalar charts: which runs form a group (a regex whose matches are removed from run
// names, so that `_s\d+$` groups the seeds of one configuration; or `hp:KEY,KEY` for runs with the
// same values of those hyper-parameters), and a group's curve: every member interpolated linearly
// onto the union of their x values (within each member's own range only), then the mean, min and
// max over the members present at each x, with the median and the sample standard deviation (0 for
// one member) for the median line and the ±std band. The name pattern is compiled with RE2 (re2js, linear
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
  median: number[];
  /** Sample standard deviation (n − 1) of the members at each x; 0 where one member has a value. */
  std: number[];
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
  const out: GroupCurve = { x: [], mean: [], min: [], max: [], median: [], std: [], n: [] };
  const vals: number[] = [];
  for (const x of xs) {
    vals.length = 0;
    for (const m of members) {
      const v = at(m.x, m.y, x);
      if (v !== undefined && Number.isFinite(v)) vals.push(v);
    }
    const n = vals.length;
    if (!n) continue;
    vals.sort((a, b) => a - b);
    let s = 0;
    for (const v of vals) s += v;
    const mean = s / n;
    let ss = 0;
    for (const v of vals) ss += (v - mean) ** 2;
    out.x.push(x);
    out.mean.push(mean);
    out.min.push(vals[0]);
    out.max.push(vals[n - 1]);
    out.median.push(n % 2 ? vals[(n - 1) / 2] : (vals[n / 2 - 1] + vals[n / 2]) / 2);
    out.std.push(n > 1 ? Math.sqrt(ss / (n - 1)) : 0);
    out.n.push(n);
  }
  return out;
}
