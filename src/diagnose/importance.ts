// Hyper-parameter importance for one target metric across training runs. Contract: given one row
// per run (its hyper-parameters and a target value), returns every parameter with a score (the share
// of the target's rank variance lost when the parameter is scrambled: out-of-bag permutation
// importance of a small seeded random forest of regression trees fitted to the target's ranks), a
// bootstrap band over runs (low/high), the parameter's kind (numeric, log: positive values spanning
// more than `importanceLogDecades` decades, categorical, constant, identifier), a verdict ("matters",
// "does not matter", "too few runs to tell") and the parameters it interacts with; most important
// first. Ranks make the score scale-free and robust to diverged runs; trees see non-monotonic
// effects and categorical parameters (levels ordered by their mean target at each split, the optimal
// binary split for squared error). Pearson |r| (what MindSpore Insight ranks by) is given beside it.
// Same rows and seed → same result. Pure computation: no I/O, nothing thrown for odd values.
import type { HParamValue } from "../model/index.ts";
import { T } from "./thresholds.ts";

export type ParamKind = "numeric" | "log" | "categorical" | "constant" | "identifier";
export type ImportanceVerdict = "matters" | "does not matter" | "too few runs to tell";

export interface ImportanceRow {
  params: Record<string, HParamValue | undefined>;
  target: number;
}

export interface ImportanceEntry {
  param: string;
  /** Out-of-bag error added when the parameter is permuted, over what scrambling a perfect predictor adds (0 = none, 1 = all). */
  score: number;
  /** Bootstrap band over runs (5th and 95th percentiles of the score). */
  low: number;
  high: number;
  kind: ParamKind;
  verdict: ImportanceVerdict;
  /** |Pearson r| between the (log-)value and the target, numeric parameters only. */
  pearson: number | null;
  /** Parameters whose effect on the target depends on this one (joint permutation is not additive). */
  interactions: string[];
  /** Runs where this parameter has a value. */
  n: number;
}

export interface ImportanceResult {
  /** Runs used (finite target). */
  n: number;
  /** Runs left out because their target is not finite. */
  dropped: number;
  entries: ImportanceEntry[];
  /** Trees of the main forest and bootstrap replicates actually fitted. */
  trees: number;
  bootstrap: number;
}

export interface ImportanceOptions {
  seed?: number;
  trees?: number;
  bootstrap?: number;
  maxDepth?: number;
  minLeaf?: number;
}

// ---- random numbers --------------------------------------------------------------------------

/** mulberry32: a small seeded generator (uniform in [0, 1)). */
function rng(seed: number): () => number {
  let s = (seed >>> 0) ^ 0x9e3779b9;
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- encoding --------------------------------------------------------------------------------

interface Column {
  name: string;
  kind: ParamKind;
  /** Encoded values per run: the (log10) number, or the level index for categorical columns. */
  x: Float64Array;
  levels: number;
  present: number;
  pearson: number | null;
}

function isNum(v: HParamValue | undefined): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function encode(name: string, vals: (HParamValue | undefined)[], y: Float64Array): Column {
  const n = vals.length;
  const present = vals.filter((v) => v !== undefined && !(typeof v === "number" && Number.isNaN(v))).length;
  const nums = vals.filter(isNum);
  const distinct = new Set(vals.map((v) => (v === undefined ? "\u0000missing" : typeof v + ":" + String(v))));
  const x = new Float64Array(n);
  if (distinct.size <= 1) return { name, kind: "constant", x, levels: 1, present, pearson: null };
  if (nums.length > 0 && nums.length === present) {
    const min = Math.min(...nums),
      max = Math.max(...nums);
    const log = min > 0 && Math.log10(max / min) > T.importanceLogDecades.value;
    const f = (v: number): number => (log ? Math.log10(v) : v);
    const sorted = nums.map(f).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    for (let i = 0; i < n; i++) x[i] = isNum(vals[i]) ? f(vals[i] as number) : median;
    return { name, kind: log ? "log" : "numeric", x, levels: 0, present, pearson: pearsonAbs(x, y) };
  }
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const v = vals[i];
    const key = v === undefined || (typeof v === "number" && Number.isNaN(v)) ? "\u0000missing" : String(v);
    let k = index.get(key);
    if (k === undefined) {
      k = index.size;
      index.set(key, k);
    }
    x[i] = k;
  }
  const kind: ParamKind =
    index.size > Math.max(T.importanceMinRuns.value, n * T.importanceIdentifierShare.value) ? "identifier" : "categorical";
  return { name, kind, x, levels: index.size, present, pearson: null };
}

function pearsonAbs(x: Float64Array, y: Float64Array): number | null {
  const n = x.length;
  if (n < 3) return null;
  let mx = 0,
    my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i] - mx,
      b = y[i] - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxx > 0 && syy > 0 ? Math.abs(sxy / Math.sqrt(sxx * syy)) : 0;
}

/** Ranks scaled to [0, 1], ties get their mean rank. */
function ranks(v: number[]): Float64Array {
  const n = v.length;
  const idx = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && v[idx[j + 1]] === v[idx[i]]) j++;
    const mean = (i + j) / 2;
    for (let k = i; k <= j; k++) r[idx[k]] = n > 1 ? mean / (n - 1) : 0;
    i = j + 1;
  }
  return r;
}

// ---- regression trees ------------------------------------------------------------------------

type Node =
  | { leaf: true; value: number }
  | { leaf: false; col: number; threshold: number; left: Node; right: Node }
  | { leaf: false; col: number; threshold: number; goLeft: Uint8Array; unseenLeft: boolean; left: Node; right: Node };

interface Fit {
  cols: Column[];
  /** Columns a split may use (not constant, not identifiers). */
  usable: number[];
  y: Float64Array;
  maxDepth: number;
  minLeaf: number;
  mtry: number;
  rand: () => number;
}

/**
 * Grows a tree on `rows` (run indices, repeats allowed). `sorted[c]` holds the same rows ordered by
 * numeric column c (null for categorical and unused columns): each split partitions these lists
 * stably, so that no node sorts again.
 */
function grow(f: Fit, rows: Uint32Array, sorted: (Uint32Array | null)[], depth: number, mark: Uint8Array): Node {
  let total = 0,
    total2 = 0;
  for (const i of rows) {
    total += f.y[i];
    total2 += f.y[i] * f.y[i];
  }
  const value = rows.length ? total / rows.length : 0;
  if (depth >= f.maxDepth || rows.length < 2 * f.minLeaf) return { leaf: true, value };
  const parentSse = total2 - (total * total) / rows.length;
  if (parentSse <= 1e-12) return { leaf: true, value };
  // candidate columns: a random subset of the usable ones
  const usable = f.usable.slice();
  for (let i = usable.length - 1; i > 0; i--) {
    const j = Math.floor(f.rand() * (i + 1));
    const t = usable[i];
    usable[i] = usable[j];
    usable[j] = t;
  }
  const cand = usable.slice(0, Math.max(1, Math.min(f.mtry, usable.length)));
  let best: { gain: number; col: number; threshold: number; order?: number[]; split: number } | undefined;
  for (const c of cand) {
    const col = f.cols[c];
    let list: Uint32Array;
    let order: number[] | undefined;
    let pos: Float64Array | undefined;
    if (col.kind === "categorical") {
      // order the levels present here by their mean target (counting sort of the rows by that order)
      const sum = new Float64Array(col.levels),
        cnt = new Float64Array(col.levels);
      for (const i of rows) {
        sum[col.x[i]] += f.y[i];
        cnt[col.x[i]]++;
      }
      order = [];
      for (let lv = 0; lv < col.levels; lv++) if (cnt[lv] > 0) order.push(lv);
      order.sort((x, y) => sum[x] / cnt[x] - sum[y] / cnt[y]);
      pos = new Float64Array(col.levels);
      const start = new Uint32Array(col.levels);
      let acc = 0;
      order.forEach((lv, k) => {
        pos![lv] = k;
        start[lv] = acc;
        acc += cnt[lv];
      });
      list = new Uint32Array(rows.length);
      for (const i of rows) list[start[col.x[i]]++] = i;
    } else list = sorted[c]!;
    const key = (i: number): number => (pos ? pos[col.x[i]] : col.x[i]);
    let ls = 0,
      ls2 = 0;
    for (let k = 0; k < list.length - 1; k++) {
      const yi = f.y[list[k]];
      ls += yi;
      ls2 += yi * yi;
      const nl = k + 1,
        nr = list.length - nl;
      if (nl < f.minLeaf || nr < f.minLeaf) continue;
      const ka = key(list[k]),
        kb = key(list[k + 1]);
      if (ka === kb) continue;
      const rs = total - ls,
        rs2 = total2 - ls2;
      const gain = parentSse - (ls2 - (ls * ls) / nl + rs2 - (rs * rs) / nr);
      if (gain > 1e-12 && (!best || gain > best.gain)) best = { gain, col: c, threshold: (ka + kb) / 2, order, split: ka };
    }
  }
  if (!best) return { leaf: true, value };
  const col = f.cols[best.col];
  let goLeft: Uint8Array | undefined;
  if (col.kind === "categorical") {
    goLeft = new Uint8Array(col.levels);
    best.order!.forEach((lv, k) => (goLeft![lv] = k <= best!.split ? 1 : 2));
    for (const i of rows) mark[i] = goLeft[col.x[i]] === 1 ? 1 : 0;
  } else for (const i of rows) mark[i] = col.x[i] <= best.threshold ? 1 : 0;
  const part = (list: Uint32Array): [Uint32Array, Uint32Array] => {
    let nl = 0;
    for (const i of list) nl += mark[i];
    const l = new Uint32Array(nl),
      r = new Uint32Array(list.length - nl);
    let a = 0,
      b = 0;
    for (const i of list) {
      if (mark[i]) l[a++] = i;
      else r[b++] = i;
    }
    return [l, r];
  };
  const [lr, rr] = part(rows);
  const ls: (Uint32Array | null)[] = [],
    rs: (Uint32Array | null)[] = [];
  for (const list of sorted) {
    if (!list) {
      ls.push(null);
      rs.push(null);
      continue;
    }
    const [l, r] = part(list);
    ls.push(l);
    rs.push(r);
  }
  const left = grow(f, lr, ls, depth + 1, mark),
    right = grow(f, rr, rs, depth + 1, mark);
  // a level not seen at this node follows the bigger side
  if (goLeft) return { leaf: false, col: best.col, threshold: 0, goLeft, unseenLeft: lr.length >= rr.length, left, right };
  return { leaf: false, col: best.col, threshold: best.threshold, left, right };
}

/** Grows a tree on `rows` (run indices, repeats allowed). */
function growTree(f: Fit, rows: number[]): Node {
  const sorted = f.cols.map((c, k) => {
    if (c.kind !== "numeric" && c.kind !== "log") return null;
    const list = Uint32Array.from(rows);
    return list.sort((a, b) => f.cols[k].x[a] - f.cols[k].x[b]);
  });
  return grow(f, Uint32Array.from(rows), sorted, 0, new Uint8Array(f.y.length));
}

/** Prediction for run `i`, reading columns `c1` and `c2` from run `j` instead (a permuted column). */
function predict(node: Node, cols: Column[], i: number, c1: number, c2: number, j: number): number {
  let n = node;
  while (!n.leaf) {
    const v = cols[n.col].x[n.col === c1 || n.col === c2 ? j : i];
    if ("goLeft" in n) {
      const side = v < n.goLeft.length ? n.goLeft[v] : 0; // 1 left, 2 right, 0 not seen at this node
      n = side === 1 || (side === 0 && n.unseenLeft) ? n.left : n.right;
    } else n = v <= n.threshold ? n.left : n.right;
  }
  return n.value;
}

interface ForestScores {
  /** Mean importance per column. */
  single: Float64Array;
  /** Mean joint importance per pair (i*p + j), only for the pairs asked. */
  pair: Map<number, number>;
}

/**
 * Fits `trees` trees on bootstrap draws from `sample` (indices into the runs, repeats allowed) and
 * returns the mean out-of-bag permutation importance of each column, divided by twice the rank
 * variance (what scrambling a perfect predictor costs), so that 1 = the target is this parameter.
 */
function forestImportance(
  cols: Column[],
  y: Float64Array,
  sample: number[],
  trees: number,
  opt: Required<ImportanceOptions>,
  rand: () => number,
  pairs: [number, number][] = [],
): ForestScores {
  const p = cols.length;
  const usable = cols.filter((c) => c.kind !== "constant" && c.kind !== "identifier").length;
  const fit: Fit = {
    cols,
    y,
    usable: cols.map((_, c) => c).filter((c) => cols[c].kind !== "constant" && cols[c].kind !== "identifier"),
    maxDepth: opt.maxDepth,
    minLeaf: opt.minLeaf,
    mtry: Math.max(1, Math.ceil(usable * 0.6)),
    rand,
  };
  const single = new Float64Array(p);
  const pairSum = new Map<number, number>();
  const uniq = [...new Set(sample)];
  let yMean = 0;
  for (const i of uniq) yMean += y[i];
  yMean /= uniq.length || 1;
  let yVar = 0;
  for (const i of uniq) yVar += (y[i] - yMean) ** 2;
  yVar = Math.max(yVar / (uniq.length || 1), 1e-9);
  let counted = 0;
  for (let t = 0; t < trees; t++) {
    const drawn = new Uint8Array(y.length);
    const rows: number[] = [];
    for (let k = 0; k < sample.length; k++) {
      const i = sample[Math.floor(rand() * sample.length)];
      rows.push(i);
      drawn[i] = 1;
    }
    const oob = uniq.filter((i) => !drawn[i]);
    if (oob.length < 2) continue;
    const tree = growTree(fit, rows);
    const base = mse(tree, cols, y, oob, -1, -1, oob);
    const perm = oob.slice();
    for (let c = 0; c < p; c++) {
      if (cols[c].kind === "constant" || cols[c].kind === "identifier") continue;
      let inc = 0;
      for (let r = 0; r < T.importancePermutations.value; r++) {
        shuffle(perm, rand);
        inc += mse(tree, cols, y, oob, c, -1, perm) - base;
      }
      single[c] += inc / T.importancePermutations.value / (2 * yVar);
    }
    for (const [a, b] of pairs) {
      let inc = 0;
      for (let r = 0; r < T.importancePermutations.value; r++) {
        shuffle(perm, rand);
        inc += mse(tree, cols, y, oob, a, b, perm) - base;
      }
      const key = a * p + b;
      pairSum.set(key, (pairSum.get(key) ?? 0) + inc / T.importancePermutations.value / (2 * yVar));
    }
    counted++;
  }
  if (counted) for (let c = 0; c < p; c++) single[c] /= counted;
  const pair = new Map<number, number>();
  for (const [k, v] of pairSum) pair.set(k, counted ? v / counted : 0);
  return { single, pair };
}

function shuffle(a: number[], rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** Mean squared error over `rows`, with columns `c1` and `c2` read from the run at the same position in `perm`. */
function mse(tree: Node, cols: Column[], y: Float64Array, rows: number[], c1: number, c2: number, perm: number[]): number {
  let s = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k],
      j = perm[k];
    const e = predict(tree, cols, i, c1, c2, j) - y[i];
    s += e * e;
  }
  return s / rows.length;
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  const pos = (sorted.length - 1) * q,
    lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

// ---- entry point -----------------------------------------------------------------------------

/** Ranks every hyper-parameter of `rows` by its importance for the target (see the file comment). */
export function hparamImportance(rows: ImportanceRow[], options: ImportanceOptions = {}): ImportanceResult {
  const used = rows.filter((r) => Number.isFinite(r.target));
  const n = used.length;
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.params)))];
  const y = ranks(used.map((r) => r.target));
  const cols = names.map((name) =>
    encode(
      name,
      used.map((r) => r.params[name]),
      y,
    ),
  );
  const p = cols.length;
  const usable = cols.filter((c) => c.kind !== "constant" && c.kind !== "identifier").length;
  // keep the work bounded for big sweeps: trees × runs × parameters
  const work = Math.max(1, n * Math.max(1, usable) * Math.log2(n + 2));
  const scale = Math.min(1, T.importanceWorkBudget.value / (work * ((options.trees ?? 100) + (options.bootstrap ?? 30) * 30)));
  const opt: Required<ImportanceOptions> = {
    seed: options.seed ?? 1,
    trees: Math.max(20, Math.round((options.trees ?? 100) * Math.sqrt(scale))),
    bootstrap: Math.max(10, Math.round((options.bootstrap ?? 30) * Math.sqrt(scale))),
    maxDepth: options.maxDepth ?? 8,
    minLeaf: options.minLeaf ?? 2,
  };
  const bootTrees = Math.max(10, Math.round(30 * Math.sqrt(scale)));
  const entry = (c: Column, score: number, low: number, high: number, verdict: ImportanceVerdict): ImportanceEntry => ({
    param: c.name,
    score: round(score),
    low: round(low),
    high: round(high),
    kind: c.kind,
    verdict,
    pearson: c.pearson === null ? null : round(c.pearson),
    interactions: [],
    n: c.present,
  });
  if (n < T.importanceMinRuns.value || usable === 0) {
    const entries = cols.map((c) => entry(c, 0, 0, 0, c.kind === "constant" ? "does not matter" : "too few runs to tell"));
    return { n, dropped: rows.length - n, entries: sortEntries(entries), trees: 0, bootstrap: 0 };
  }
  const rand = rng(opt.seed);
  const all = used.map((_, i) => i);
  const main = forestImportance(cols, y, all, opt.trees, opt, rand);
  const reps: number[][] = cols.map(() => []);
  for (let b = 0; b < opt.bootstrap; b++) {
    const sample = all.map(() => Math.floor(rand() * n));
    const s = forestImportance(cols, y, sample, bootTrees, opt, rand);
    for (let c = 0; c < p; c++) reps[c].push(s.single[c]);
  }
  const matter = T.importanceMatters.value,
    negligible = T.importanceNegligible.value;
  const entries = cols.map((c, k) => {
    if (c.kind === "constant") return entry(c, 0, 0, 0, "does not matter");
    if (c.kind === "identifier") return entry(c, 0, 0, 0, "too few runs to tell");
    const sorted = reps[k].slice().sort((a, b) => a - b);
    const score = main.single[k];
    // the band always holds the estimate (bootstrap forests are smaller than the main one)
    const low = Math.min(score, quantile(sorted, 0.05)),
      high = Math.max(score, quantile(sorted, 0.95));
    const verdict: ImportanceVerdict =
      low > matter && score > matter ? "matters" : high < negligible && score < negligible ? "does not matter" : "too few runs to tell";
    return entry(c, score, low, high, verdict);
  });
  // interactions among the parameters that matter: joint permutation vs the sum of the single ones
  const strong = cols
    .map((_, k) => k)
    .filter((k) => entries[k].verdict === "matters")
    .slice(0, 6);
  const pairs: [number, number][] = [];
  for (let a = 0; a < strong.length; a++) for (let b = a + 1; b < strong.length; b++) pairs.push([strong[a], strong[b]]);
  if (pairs.length) {
    const joint = forestImportance(cols, y, all, opt.trees, opt, rand, pairs);
    for (const [a, b] of pairs) {
      const both = joint.pair.get(a * p + b) ?? 0;
      const sum = joint.single[a] + joint.single[b];
      const diff = Math.abs(both - sum);
      if (diff > T.importanceInteraction.value && diff > 0.25 * Math.max(both, sum)) {
        entries[a].interactions.push(cols[b].name);
        entries[b].interactions.push(cols[a].name);
      }
    }
  }
  return { n, dropped: rows.length - n, entries: sortEntries(entries), trees: opt.trees, bootstrap: opt.bootstrap };
}

const VERDICT_ORDER: Record<ImportanceVerdict, number> = { matters: 0, "too few runs to tell": 1, "does not matter": 2 };

function sortEntries(e: ImportanceEntry[]): ImportanceEntry[] {
  return e.sort((a, b) => b.score - a.score || VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.param.localeCompare(b.param));
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
