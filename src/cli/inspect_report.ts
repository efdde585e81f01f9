// What `trainscope inspect` reports of a logdir: training runs, their source files (format, size,
// bytes read, records, writer facts), their computational graphs (source file, kind, step, node
// count, producer), every tag with its kind, point count, step range, NaN/Inf counts and role (with
// the rule that chose it), the merged hyper-parameters (with their source) and every problem met in
// the files (file + byte offset or line). Contract: each run is summarised on its own
// (`inspectRun`: its JSON entry and its text block, a few kB whatever the run's size), so a logdir
// is reported run by run with only the summaries kept; `inspectDocument` assembles them with the
// logdir's own problems and skipped files. Names from the logs are printed with control characters
// escaped; the main role keys are the ones `diagnose` reads.
import {
  formatProblem,
  mainRoleKeysOf,
  preferredRoleKeys,
  seriesKey,
  taskKindOf,
  type AnySeries,
  type Experiment,
  type GraphInfo,
  type HParam,
  type Problem,
  type RoleAssignment,
  type TrainingRun,
} from "../model/index.ts";
import { formatNumber } from "./common.ts";
import { termSafe } from "./terminal.ts";

/**
 * The main series of each role: the series the diagnosis reads (`diagnose` picks the training loss
 * among several, preferring a per-step curve over its per-epoch companion: model/main_series.ts),
 * and for the roles the diagnosis does not read, the first series of the role in the reader's order.
 */
export function mainRoleKeys(run: TrainingRun): Record<string, string> {
  return { ...preferredRoleKeys(run.roles), ...mainRoleKeysOf(run) };
}

export interface TagSummary {
  key: string;
  dir: string;
  tag: string;
  kind: AnySeries["kind"];
  count: number;
  firstStep: number | null;
  lastStep: number | null;
  minStep: number | null;
  maxStep: number | null;
  nan: number;
  posInf: number;
  negInf: number;
  role?: string;
  rule?: string;
  layer?: string;
  metric?: string;
  granularity?: string;
}

/** Smallest and largest step (one monomorphic loop over a typed array: a 1 M-point series costs ~1 ms). */
function stepRange(steps: Float64Array): [number, number] {
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < steps.length; i++) {
    const x = steps[i];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

/** Summary of every series of a run, in directory then file order. */
export function summarizeTags(run: TrainingRun): TagSummary[] {
  const roles = new Map<string, RoleAssignment>(run.roles.map((r) => [`${r.kind}\u0000${r.key}`, r]));
  const out: TagSummary[] = [];
  for (const d of run.dirs) {
    const all: AnySeries[] = [
      ...d.scalars.values(),
      ...d.histograms.values(),
      ...d.tensors.values(),
      ...d.images.values(),
      ...d.audio.values(),
      ...d.texts.values(),
    ];
    for (const s of all) {
      const key = seriesKey(run.name, d.path, s.tag);
      let steps: ArrayLike<number>;
      let nan = 0,
        posInf = 0,
        negInf = 0;
      if (s.kind === "scalar") {
        steps = s.steps;
        ({ nan, posInf, negInf } = s.nonFinite);
      } else {
        steps = s.points.map((p) => p.step);
        if (s.kind === "histogram")
          for (const p of s.points) {
            nan += p.nonFinite.nan;
            posInf += p.nonFinite.posInf;
            negInf += p.nonFinite.negInf;
          }
        if (s.kind === "tensor") {
          for (const p of s.points) {
            if (typeof p.values[0] === "string") continue;
            for (const v of p.values as Float64Array) {
              if (v !== v) nan++;
              else if (v === Infinity) posInf++;
              else if (v === -Infinity) negInf++;
            }
          }
        }
      }
      const [minStep, maxStep] = steps instanceof Float64Array ? stepRange(steps) : stepRange(Float64Array.from(steps));
      const n = steps.length;
      const r = roles.get(`${s.kind}\u0000${key}`);
      const t: TagSummary = {
        key,
        dir: d.path,
        tag: s.tag,
        kind: s.kind,
        count: n,
        firstStep: n ? steps[0] : null,
        lastStep: n ? steps[n - 1] : null,
        minStep: n ? minStep : null,
        maxStep: n ? maxStep : null,
        nan,
        posInf,
        negInf,
      };
      if (r) {
        t.role = r.role;
        t.rule = r.rule;
        if (r.layer !== undefined) t.layer = r.layer;
        if (r.metric !== undefined) t.metric = r.metric;
        if (r.granularity !== undefined) t.granularity = r.granularity;
      }
      out.push(t);
    }
  }
  return out;
}

/** What `inspect` keeps of one training run: its JSON entry, its text block, and what decides "nothing readable". */
export interface RunInspection {
  name: string;
  failed: boolean;
  problems: Problem[];
  json: Record<string, unknown>;
  text: string;
}

/** The summary of one training run (the run itself can be let go afterwards). */
export function inspectRun(run: TrainingRun): RunInspection {
  const tags = summarizeTags(run);
  return { name: run.name, failed: run.failed === true, problems: run.problems, json: runJson(run, tags), text: runText(run, tags) };
}

/** What `inspect` reports of the logdir besides its runs. */
export type LogdirFacts = Pick<Experiment, "root" | "problems" | "skipped">;

function runJson(run: TrainingRun, tags: TagSummary[]): Record<string, unknown> {
  return {
    run: run.name,
    failed: run.failed === true,
    dirs: run.dirs.map((d) => d.path),
    sources: run.dirs.flatMap((d) =>
      d.sources.map((s) => ({
        path: s.path,
        format: s.format,
        size: s.size,
        readOffset: s.readOffset,
        records: s.records,
        info: s.info ? Object.fromEntries(Object.entries(s.info).filter(([k]) => k !== "csvState" && k !== "stamp")) : undefined,
      })),
    ),
    tags,
    roles: mainRoleKeys(run),
    taskKind: taskKindOf(run).kind,
    graphs: graphsOf(run).map(graphJson),
    hparams: [...run.hparams.values()].map(hparamJson),
    hparamConflicts: run.hparamConflicts.map(hparamJson),
    problems: run.problems.map(problemJson),
  };
}

/** The JSON document `inspect --json` prints, from the logdir's facts and its runs' summaries. */
export function inspectDocumentJson(facts: LogdirFacts, runs: RunInspection[]): unknown {
  return {
    schema: 1,
    root: facts.root,
    runs: runs.map((r) => r.json),
    problems: facts.problems.map(problemJson),
    skipped: facts.skipped ?? [],
  };
}

/** The JSON document `inspect --json` prints for a loaded experiment. */
export function inspectJson(exp: Experiment): unknown {
  return inspectDocumentJson(exp, exp.runs.map(inspectRun));
}

/** Every graph of a run's directories, in directory then file order. */
function graphsOf(run: TrainingRun): GraphInfo[] {
  return run.dirs.flatMap((d) => d.graphs);
}

/** One graph as `inspect --json` lists it: where it is, its kind and size (the nodes themselves are served by the graph API). */
function graphJson(g: GraphInfo): Record<string, unknown> {
  const out: Record<string, unknown> = { source: g.file, kind: g.kind, step: g.step, bytes: g.bytes, nodeCount: g.nodeCount ?? 0 };
  if (g.graph?.producer) out.producer = g.graph.producer;
  if (g.graph?.name) out.name = g.graph.name;
  if (g.graph?.functions?.length) out.functions = g.graph.functions.length;
  out.decoded = g.graph !== undefined;
  return out;
}

function hparamJson(h: HParam): Record<string, unknown> {
  return {
    name: h.name,
    value: typeof h.value === "number" && !Number.isFinite(h.value) ? formatNumber(h.value) : h.value,
    sourceKind: h.sourceKind,
    source: h.source,
  };
}

function problemJson(p: Problem): Record<string, unknown> {
  return { ...p, text: formatProblem(p) };
}

function fmtSteps(t: TagSummary): string {
  if (t.count === 0) return "-";
  return t.minStep === t.maxStep ? `${t.minStep}` : `${t.minStep}..${t.maxStep}`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function table(rawRows: string[][], indent: string): string {
  const rows = rawRows.map((r) => r.map(termSafe));
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) => indent + r.map((x, c) => (c === r.length - 1 ? x : pad(x, widths[c]))).join("  ")).join("\n") + "\n";
}

function valueText(v: HParam["value"]): string {
  return typeof v === "number" ? formatNumber(v) : typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** The text block of one run. */
function runText(run: TrainingRun, tags: TagSummary[]): string {
  let out = "";
  const files = run.dirs.reduce((n, d) => n + d.sources.length, 0);
  out += `\nrun ${termSafe(run.name)}${run.failed ? "  [FAILED: nothing readable]" : ""}  (${run.dirs.length} dir(s), ${files} file(s))\n`;
  out += "  sources:\n";
  const srcRows = [["path", "format", "bytes", "read", "records", "facts"]];
  for (const d of run.dirs)
    for (const s of d.sources) {
      const facts = s.info
        ? Object.entries(s.info)
            .filter(([k]) => k !== "csvState" && k !== "stamp" && k !== "columns")
            .map(([k, v]) => `${k}=${v}`)
            .join(" ")
        : "";
      srcRows.push([s.path, s.format, String(s.size), String(s.readOffset), String(s.records), facts]);
    }
  out += table(srcRows, "    ");
  const graphs = graphsOf(run);
  if (graphs.length) {
    out += `  graphs (${graphs.length}):\n`;
    const rows = [["source", "kind", "step", "nodes", "bytes", "producer"]];
    for (const g of graphs)
      rows.push([
        g.file,
        g.kind,
        String(g.step),
        g.graph || g.nodeCount ? String(g.nodeCount ?? 0) : "-",
        String(g.bytes),
        `${g.graph?.producer ?? ""}${g.graph?.functions?.length ? ` (+${g.graph.functions.length} functions)` : ""}`,
      ]);
    out += table(rows, "    ");
  }
  out += `  tags (${tags.length}):\n`;
  if (tags.length) {
    const rows = [["key", "kind", "count", "steps", "nan", "inf", "-inf", "role (rule)"]];
    for (const t of tags) {
      const role = t.role
        ? `${t.role}${t.layer ? `[${t.layer}]` : ""}${t.metric ? `[${t.metric}]` : ""}${t.granularity ? ` per ${t.granularity}` : ""} (${t.rule})`
        : "";
      rows.push([t.key, t.kind, String(t.count), fmtSteps(t), String(t.nan), String(t.posInf), String(t.negInf), role]);
    }
    out += table(rows, "    ");
  }
  const pref = mainRoleKeys(run);
  const prefText = Object.entries(pref)
    .map(([r, k]) => `${r}=${k}`)
    .join(", ");
  if (prefText) out += `  main roles: ${termSafe(prefText)}\n`;
  const task = taskKindOf(run);
  if (task.kind !== "supervised") out += `  task: ${task.kind} (${task.rule}: ${termSafe(task.evidence.slice(0, 4).join(", "))})\n`;
  if (run.hparams.size) {
    out += `  hyper-parameters (${run.hparams.size}):\n`;
    out += table(
      [...run.hparams.values()].map((h) => [h.name, "=", valueText(h.value), `(${h.sourceKind}: ${h.source})`]),
      "    ",
    );
  }
  if (run.hparamConflicts.length) {
    out += "  hyper-parameter conflicts:\n";
    out += table(
      run.hparamConflicts.map((h) => [h.name, "=", valueText(h.value), `(${h.sourceKind}: ${h.source})`]),
      "    ",
    );
  }
  if (run.problems.length) {
    out += `  problems (${run.problems.length}):\n`;
    for (const p of run.problems) out += `    ${p.severity}: ${termSafe(formatProblem(p))}\n`;
  }
  return out;
}

/** The human-readable report, from the logdir's facts and its runs' summaries. */
export function inspectDocumentText(exp: LogdirFacts, runs: RunInspection[]): string {
  let out = `${termSafe(exp.root)}: ${runs.length} training run(s)\n`;
  for (const r of runs) out += r.text;
  if (exp.problems.length) {
    out += `\nproblems outside runs (${exp.problems.length}):\n`;
    for (const p of exp.problems) out += `  ${p.severity}: ${termSafe(formatProblem(p))}\n`;
  }
  const skipped = exp.skipped ?? [];
  if (skipped.length) {
    out += `\nskipped files (${skipped.length}):\n`;
    for (const f of skipped) out += `  ${f.file}: ${f.reason}\n`;
  }
  return out;
}

/** The human-readable report of a loaded experiment. */
export function inspectText(exp: Experiment): string {
  return inspectDocumentText(exp, exp.runs.map(inspectRun));
}
