// One source of truth per series. Several files of one training often carry the same series: an
// event file and a CSV log in one directory (YOLOv5/Ultralytics results.csv beside the
// SummaryWriter's file, Lightning's CSV and TensorBoard loggers), HF Trainer's trainer_state.json
// beside its TensorBoard callback's files (`runs/<date>/`), MMEngine's scalars.json copied beside
// `vis_data/<timestamp>.json` and its TensorboardVisBackend's files, Ray Tune's progress.csv /
// result.json beside tensorboardX files whose tags carry a `ray/tune/` prefix. Copies of one series
// are the same tag (Ray Tune's prefix dropped) in the same directory, or in directories of the run
// that carry no phase of their own (not Keras' train/ vs validation/), at least one of them written
// by a text log (CSV, JSON, trainer_state.json): event files of sibling directories are distinct
// writers (add_scalars), not copies.
// Of the copies, the most complete is kept: the most steps covered, then the widest step range (a
// truncated event file loses to the CSV of the same run; MMEngine's validation records placed on
// the iteration axis win over the event file's epoch steps), then the copy with one value per step
// (Ultralytics writes a second value at the last epoch's step into its event file, the final
// validation of best.pt, which results.csv does not hold), then a copy whose phase its log's
// layout gives (MMEngine's validation records), then the event file (the original
// stream with wall times), then the first in path order. The others leave the run's scalars and are
// reported as duplicates (code "duplicate", one problem per pair of files). `restoreDuplicates`
// puts everything back as the readers wrote it, so that an incremental re-read appends to the right
// series; `resolveDuplicates` then decides again.
import type { Problem, RunDir, ScalarSeries, SourceFile, TrainingRun } from "../model/index.ts";
import { ownedScalarTags } from "./owned_scalars.ts";

const PHASE_WORDS: Record<string, string> = {
  train: "train",
  training: "train",
  validation: "val",
  val: "val",
  valid: "val",
  eval: "val",
  evaluation: "val",
  test: "test",
};

/** Undo records of the last resolution, per run. */
const undo = new WeakMap<TrainingRun, (() => void)[]>();

/** The name copies of a series share: the tag, without Ray Tune's `ray/tune/` prefix. */
export function canonicalTag(tag: string): string {
  return tag.startsWith("ray/tune/") ? tag.slice(9) : tag;
}

/** The phase a directory of the run carries by its path below the run (`validation/`, `Loss_train/`), or "". */
function dirPhase(run: TrainingRun, dir: RunDir): string {
  const base = run.name === "." ? "" : run.name;
  const rel =
    dir.path === base || base === ""
      ? dir.path === "."
        ? ""
        : dir.path
      : dir.path.startsWith(base + "/")
        ? dir.path.slice(base.length + 1)
        : "";
  let phase = "";
  for (const w of rel.toLowerCase().split(/[/_\-.]+/)) if (PHASE_WORDS[w]) phase = PHASE_WORDS[w];
  return phase;
}

interface Copy {
  dir: RunDir;
  tag: string;
  series: ScalarSeries;
  /** File that wrote it (for an event-file series: the directory's first event file). */
  file: string;
  events: boolean;
  /** Key in dir.copies, for a copy not in dir.scalars. */
  copyKey?: string;
}

function csvColumns(src: SourceFile): string[] {
  const c = src.info?.columns;
  return src.format === "csv" && typeof c === "string" ? c.split(",") : [];
}

/** Which file of `dir` wrote each of its main series (text logs by their tag lists; the rest: the event files). */
function writersOf(dir: RunDir): (tag: string) => { file: string; events: boolean } {
  const byTag = new Map<string, string>();
  for (const s of dir.sources) {
    // a column written as the file's copy (RunDir.copies) is not the directory's series
    for (const t of [...ownedScalarTags(s), ...csvColumns(s)])
      if (!byTag.has(t) && !dir.copies.has(`${s.path}\u0000${t}`)) byTag.set(t, s.path);
  }
  const ev = dir.sources.filter((s) => s.format === "tfevents" || s.format === "mindspore_summary");
  const evFile =
    ev.length === 1 ? ev[0].path : ev.length > 1 ? `${dir.path === "." ? "" : `${dir.path}/`}(${ev.length} event files)` : undefined;
  return (tag) => {
    const f = byTag.get(tag);
    if (f !== undefined) return { file: f, events: false };
    return evFile !== undefined ? { file: evFile, events: true } : { file: dir.sources[0]?.path ?? dir.path, events: false };
  };
}

function maxStep(s: ScalarSeries): number {
  let m = -Infinity;
  const st = s.steps;
  for (let i = 0; i < st.length; i++) if (st[i] > m) m = st[i];
  return m;
}

/** Distinct steps of a series (its coverage) and the points beyond one per step (a second value logged at a step already written). */
const coverage = new WeakMap<ScalarSeries, { steps: number; repeats: number; length: number }>();
function coverageOf(s: ScalarSeries): { steps: number; repeats: number } {
  const c = coverage.get(s);
  if (c && c.length === s.length) return c;
  const st = s.steps;
  let distinct = 0,
    sorted = true;
  for (let i = 0; i < st.length; i++) {
    if (i > 0 && st[i] < st[i - 1]) {
      sorted = false;
      break;
    }
    if (i === 0 || st[i] !== st[i - 1]) distinct++;
  }
  if (!sorted) distinct = new Set(st).size;
  const r = { steps: distinct, repeats: s.length - distinct, length: s.length };
  coverage.set(s, r);
  return r;
}

function better(a: Copy, b: Copy): number {
  const ca = coverageOf(a.series),
    cb = coverageOf(b.series);
  return (
    cb.steps - ca.steps ||
    maxStep(b.series) - maxStep(a.series) ||
    ca.repeats - cb.repeats ||
    Number(b.series.phase !== undefined) - Number(a.series.phase !== undefined) ||
    Number(b.events) - Number(a.events) ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)
  );
}

function stepText(s: ScalarSeries): string {
  if (s.length === 0) return "no points";
  let lo = Infinity;
  for (const x of s.steps) if (x < lo) lo = x;
  return `${s.length} point(s), steps ${lo}..${maxStep(s)}`;
}

/** Puts back every series the last `resolveDuplicates` moved (before the run's files are read again). */
export function restoreDuplicates(run: TrainingRun): void {
  const u = undo.get(run);
  if (!u) return;
  for (let i = u.length - 1; i >= 0; i--) u[i]();
  undo.delete(run);
}

/** Keeps one copy of each series (see the file comment); returns the "duplicate" problems. */
export function resolveDuplicates(run: TrainingRun): Problem[] {
  restoreDuplicates(run);
  const groups = new Map<string, Copy[]>();
  const add = (key: string, c: Copy) => {
    const l = groups.get(key);
    if (l) l.push(c);
    else groups.set(key, [c]);
  };
  for (const dir of run.dirs) {
    const phase = dirPhase(run, dir);
    const writerOf = writersOf(dir);
    for (const [tag, series] of dir.scalars) add(`${phase}\u0000${canonicalTag(tag)}`, { dir, tag, series, ...writerOf(tag) });
    for (const [k, series] of dir.copies) {
      const i = k.indexOf("\u0000");
      const tag = k.slice(i + 1);
      add(`${phase}\u0000${canonicalTag(tag)}`, { dir, tag, series, file: k.slice(0, i), events: false, copyKey: k });
    }
  }
  const actions: (() => void)[] = [];
  const pairs = new Map<string, { loser: string; winner: string; lines: string[] }>();
  for (const copies of groups.values()) {
    if (copies.length < 2 || copies.every((c) => c.events)) continue;
    // event-file series of different directories are distinct writers: keep only pairs with a text log
    const ordered = [...copies].sort(better);
    const win = ordered[0];
    for (const lose of ordered.slice(1)) {
      if (lose.events && win.events) continue;
      if (!lose.copyKey) {
        const { dir, tag, series } = lose;
        if (win.copyKey && win.dir === dir && win.tag === tag) {
          // the directory's own copy takes the place of its series
          const winSeries = win.series,
            key = win.copyKey;
          dir.scalars.set(tag, winSeries);
          dir.copies.set(key, series);
          actions.push(() => {
            dir.scalars.set(tag, series);
            dir.copies.set(key, winSeries);
          });
        } else if (dir.scalars.get(tag) === series) {
          dir.scalars.delete(tag);
          actions.push(() => {
            dir.scalars.set(tag, series);
          });
        }
      }
      const pk = `${lose.file}\u0000${win.file}`;
      const p = pairs.get(pk) ?? { loser: lose.file, winner: win.file, lines: [] };
      p.lines.push(`${lose.tag} (${stepText(lose.series)}; kept: ${win.tag === lose.tag ? "" : `${win.tag}, `}${stepText(win.series)})`);
      pairs.set(pk, p);
    }
  }
  if (actions.length) undo.set(run, actions);
  const problems: Problem[] = [];
  for (const p of pairs.values()) {
    const shown = p.lines.slice(0, 6).join("; ") + (p.lines.length > 6 ? `; and ${p.lines.length - 6} more` : "");
    problems.push({
      file: p.loser,
      code: "duplicate",
      severity: "info",
      message: `${p.lines.length} series duplicate those of ${p.winner}, which carries them at least as completely and is kept: ${shown}`,
    });
  }
  return problems;
}
