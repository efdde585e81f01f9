// The page state kept in the URL query, so a link reproduces the view: page, selected runs, the
// run a per-run page shows, tag filter, smoothing, x axis, y scale, histogram view and the step
// marked from a piece of evidence; the lineage table's sort, filter, columns, importance target and
// the parameter whose scatter is shown; the graph page's graph, selected node, search text and
// the run (and graph) it is diffed against; the parallel-coordinates axes and brushes (the brushes filter
// the runs of every page), the lineage cause filter, the run groups' statistic and band, the run
// list's sort.
import { formatBrushes, parseBrushes, type Brushes } from "./shared/brushes.ts";

export type Page = "runs" | "lineage" | "scalars" | "histograms" | "tensors" | "images" | "graph" | "diagnosis" | "checklist";
export const PAGES: Page[] = ["runs", "lineage", "scalars", "histograms", "tensors", "images", "graph", "diagnosis", "checklist"];

export interface UrlState {
  page: Page;
  /** Selected runs (compared on the scalar page). */
  runs: string[];
  /** The run of per-run pages (histograms, tensors, images, diagnosis). */
  run?: string;
  /** Run-list search. */
  q: string;
  /** Tag regex filter. */
  tags: string;
  smoothing: number;
  window: number;
  /** X axis of the scalar charts: step, log-scale step, time since the first point, wall time. */
  x: "step" | "logstep" | "relative" | "wall";
  log: boolean;
  hview: "ridgeline" | "overlay";
  /** Evidence focus: the tag and step to mark. */
  focus?: string;
  mark?: number;
  /** End of the marked window when the evidence names several steps. */
  markTo?: number;
  /** Knowledge-base entry to highlight. */
  kb?: string;
  /** Lineage table: sort column ("-" prefix: descending), filter expression, chosen columns (empty: the default set). */
  lsort: string;
  lfilter: string;
  lcols: string[];
  /** Lineage importance target (a metric key) and the parameter whose scatter is shown. */
  target: string;
  lparam: string;
  /** Scalar page: one chart per role (training loss, validation loss, ...) whatever each run's tag is called. */
  align: boolean;
  /** Scalar page run groups: a regex removed from run names (`_s\d+$`) or `hp:KEY,KEY`; empty: no groups. */
  group: string;
  /** Graph page: which graph of the run, the selected node, the search text, the run and graph diffed against. */
  gi: number;
  /** Graph page: the part of the graph shown: "main", a function's name, or "" (the larger of the main graph and its largest function). */
  gfn: string;
  node?: string;
  gq: string;
  diff?: string;
  gi2: number;
  /** A run group's line: the mean or the median of its members; its band: min–max or ±1 standard deviation. */
  gstat: "mean" | "median";
  gband: "minmax" | "std";
  /** Parallel-coordinates axes (hyper-parameters and metric keys; empty: the default set). */
  pc: string[];
  /** Parallel-coordinates brushes: only the runs inside every brush are shown, on every page. */
  brush: Brushes;
  /** Lineage table: only runs whose diagnosis names this cause. */
  lcause: string;
  /** Run list order: "" (name), or a role / metric key, "-" prefix for descending. */
  rsort: string;
}

export function parseState(search: string): UrlState {
  const p = new URLSearchParams(search);
  const page = p.get("page") as Page;
  const num = (k: string, d: number) => {
    const v = Number(p.get(k));
    return p.has(k) && Number.isFinite(v) ? v : d;
  };
  const x = p.get("x");
  return {
    page: PAGES.includes(page) ? page : "runs",
    runs: p.getAll("r"),
    run: p.get("run") ?? undefined,
    q: p.get("q") ?? "",
    tags: p.get("tags") ?? "",
    smoothing: Math.min(0.99, Math.max(0, num("smooth", 0.6))),
    window: Math.max(0, Math.floor(num("win", 0))),
    x: x === "relative" || x === "wall" || x === "logstep" ? x : "step",
    log: p.get("log") === "1",
    hview: p.get("hview") === "overlay" ? "overlay" : "ridgeline",
    focus: p.get("focus") ?? undefined,
    mark: p.has("mark") && Number.isFinite(Number(p.get("mark"))) ? Number(p.get("mark")) : undefined,
    markTo: p.has("markto") && Number.isFinite(Number(p.get("markto"))) ? Number(p.get("markto")) : undefined,
    kb: p.get("kb") ?? undefined,
    lsort: p.get("lsort") ?? "",
    lfilter: p.get("lfilter") ?? "",
    lcols: p.getAll("lc"),
    target: p.get("target") ?? "",
    lparam: p.get("lparam") ?? "",
    align: p.get("align") === "1",
    group: p.get("group") ?? "",
    gi: Math.max(0, Math.floor(num("gi", 0))),
    gfn: p.get("gfn") ?? "",
    node: p.get("node") ?? undefined,
    gq: p.get("gq") ?? "",
    diff: p.get("diff") || undefined,
    gi2: Math.max(0, Math.floor(num("gi2", 0))),
    gstat: p.get("gstat") === "median" ? "median" : "mean",
    gband: p.get("gband") === "std" ? "std" : "minmax",
    pc: p.getAll("pc"),
    brush: parseBrushes(p.get("brush")),
    lcause: p.get("lcause") ?? "",
    rsort: p.get("rsort") ?? "",
  };
}

export function formatState(s: UrlState): string {
  const p = new URLSearchParams();
  p.set("page", s.page);
  for (const r of s.runs) p.append("r", r);
  if (s.run) p.set("run", s.run);
  if (s.q) p.set("q", s.q);
  if (s.tags) p.set("tags", s.tags);
  if (s.smoothing !== 0.6) p.set("smooth", String(s.smoothing));
  if (s.window) p.set("win", String(s.window));
  if (s.x !== "step") p.set("x", s.x);
  if (s.log) p.set("log", "1");
  if (s.hview !== "ridgeline") p.set("hview", s.hview);
  if (s.focus) p.set("focus", s.focus);
  if (s.mark !== undefined) p.set("mark", String(s.mark));
  if (s.markTo !== undefined) p.set("markto", String(s.markTo));
  if (s.kb) p.set("kb", s.kb);
  if (s.lsort) p.set("lsort", s.lsort);
  if (s.lfilter) p.set("lfilter", s.lfilter);
  for (const c of s.lcols) p.append("lc", c);
  if (s.target) p.set("target", s.target);
  if (s.lparam) p.set("lparam", s.lparam);
  if (s.align) p.set("align", "1");
  if (s.group) p.set("group", s.group);
  if (s.gi) p.set("gi", String(s.gi));
  if (s.gfn) p.set("gfn", s.gfn);
  if (s.node) p.set("node", s.node);
  if (s.gq) p.set("gq", s.gq);
  if (s.diff) p.set("diff", s.diff);
  if (s.gi2) p.set("gi2", String(s.gi2));
  if (s.gstat !== "mean") p.set("gstat", s.gstat);
  if (s.gband !== "minmax") p.set("gband", s.gband);
  for (const a of s.pc) p.append("pc", a);
  const brush = formatBrushes(s.brush);
  if (brush) p.set("brush", brush);
  if (s.lcause) p.set("lcause", s.lcause);
  if (s.rsort) p.set("rsort", s.rsort);
  return "?" + p.toString();
}
