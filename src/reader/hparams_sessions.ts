// Hyper-parameter search sessions logged into one directory: TensorBoard's hparams plugin marks each
// training with a session_start_info (its hyper-parameter values, a start time) and a
// session_end_info. When the event files of one run hold sessions of two or more distinct
// configurations (three Keras `hp.KerasCallback` fits into one logdir), each session is a training
// of its own: its event files are the ones started from its start on (by the time stamp in their
// names, `events.out.tfevents.<secs>...`, in every directory of the run), until the next session's
// start. The run is split into one run per session, named `<run>/<the session's first event file in
// the run's directory>`; configuration files go with every session, other logs with the last.
// Sessions that repeat one configuration (a resumed training) stay one run.
// A training started again in the same directory and stopped short is split off too: a later
// event file in which every series it shares with the earlier files starts over, at or below the
// series' first step, with no SessionLog START (TensorBoard's purge, which replaces the points),
// and whose series end below half the step the earlier training reached, is an interrupted re-run: kept
// with the finished training it would hide the curve's end (radio-multitask: a 15-epoch training,
// then a 1-epoch one in the same folder). The first keeps the run's name, each re-run is named
// `<run>/<its first event file>`. A file that resumes (steps go on, or go back to a checkpoint past
// the first step) stays in the run, and so do complete repeats of a training (as far or farther:
// TensorBoard shows them as one run; their points are kept and the steps going back reported), and
// every session of a run whose text log (detectron2's metrics.json, a CSV) records them as one history.
import type { RunDir, SourceFile, TrainingRun } from "../model/index.ts";
import type { HParamsScalar } from "../format/index.ts";
import { baseName, type DiscoveredFile, type RunDescriptor } from "./run_grouping.ts";

export interface SessionStart {
  /** Event file holding the session_start_info, relative to the logdir root. */
  file: string;
  hparams: Map<string, HParamsScalar | null>;
  /** start_time_secs, 0 when not written. */
  startTime: number;
}

const starts = new WeakMap<RunDir, SessionStart[]>();

/** Per event file: series whose first point in it started over / went on, and whether it purged (SessionLog START). */
interface FirstPoints {
  restarted: number;
  continued: number;
  purged: boolean;
  /** The largest last step of the series the file wrote. */
  lastStep: number;
}
const firstPoints = new WeakMap<SourceFile, FirstPoints>();

function firstPointsOf(src: SourceFile): FirstPoints {
  let f = firstPoints.get(src);
  if (!f) firstPoints.set(src, (f = { restarted: 0, continued: 0, purged: false, lastStep: -Infinity }));
  return f;
}

/** Called by the event-file reader after each read of `src`: the largest last step of the series it wrote. */
export function recordLastStep(src: SourceFile, step: number): void {
  const f = firstPointsOf(src);
  if (step > f.lastStep) f.lastStep = step;
}

/** Called by the event-file reader for the first point in `src` of a series earlier files already hold. */
export function recordFirstPoint(src: SourceFile, restarted: boolean): void {
  const f = firstPointsOf(src);
  if (restarted) f.restarted++;
  else f.continued++;
}

/** Called by the event-file reader for a SessionLog START in `src`. */
export function recordPurge(src: SourceFile): void {
  firstPointsOf(src).purged = true;
}

/** True when `src` starts its series over (see the file comment). */
function restartsTraining(src: SourceFile): boolean {
  const f = firstPoints.get(src);
  return f !== undefined && f.restarted > 0 && f.continued === 0 && !f.purged;
}

/** Called by the event-file reader for every session_start_info record. */
export function recordSessionStart(dir: RunDir, s: SessionStart): void {
  const l = starts.get(dir);
  if (!l) {
    starts.set(dir, [s]);
    return;
  }
  if (!l.some((x) => x.file === s.file && x.startTime === s.startTime)) l.push(s);
}

function nameSecs(p: string): number | undefined {
  const m = /tfevents\.(\d+)/.exec(baseName(p));
  return m ? Number(m[1]) : undefined;
}

function configKey(h: Map<string, HParamsScalar | null>): string {
  return JSON.stringify([...h.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** The run's sessions as separate run descriptors, or undefined when it holds fewer than two distinct configurations. */
export function splitSessions(run: TrainingRun, d: RunDescriptor): RunDescriptor[] | undefined {
  const all = run.dirs.flatMap((x) => starts.get(x) ?? []);
  if (all.length < 2 || new Set(all.map((s) => configKey(s.hparams))).size < 2) return splitRestarts(run, d);
  const sessions = all
    .map((s) => ({ ...s, t: s.startTime > 0 ? Math.floor(s.startTime) : (nameSecs(s.file) ?? 0) }))
    .sort((a, b) => a.t - b.t || (a.file < b.file ? -1 : 1));
  const parts: DiscoveredFile[][] = sessions.map(() => []);
  const isConfig = (f: DiscoveredFile) => f.format === "hparams_json" || f.format === "hparams_yaml" || f.format === "projector_config";
  for (const f of d.files) {
    if (isConfig(f)) {
      for (const p of parts) p.push(f);
      continue;
    }
    const secs = f.format === "tfevents" ? nameSecs(f.path) : undefined;
    let k = sessions.length - 1;
    if (secs !== undefined) {
      k = 0;
      for (let i = 0; i < sessions.length; i++) if (sessions[i].t <= secs) k = i;
    }
    parts[k].push(f);
  }
  const out: RunDescriptor[] = [];
  parts.forEach((files, k) => {
    const logs = files.filter((f) => !isConfig(f));
    if (logs.length === 0) return;
    const own = logs.find((f) => f.dir === d.name && f.format === "tfevents") ?? logs.find((f) => f.path === sessions[k].file) ?? logs[0];
    const name = d.name === "." ? baseName(own.path) : `${d.name}/${baseName(own.path)}`;
    out.push({
      name,
      dirs: [...new Set(files.map((f) => f.dir))].sort(),
      files,
      totalBytes: files.reduce((n, f) => n + f.size, 0),
      session: true,
    });
  });
  return out.length >= 2 ? out : undefined;
}

/** The run cut at every event file that starts its training over (see the file comment), or undefined. */
function splitRestarts(run: TrainingRun, d: RunDescriptor): RunDescriptor[] | undefined {
  // a text log beside the event files (detectron2's metrics.json, CSVLogger with append=True) holds the sessions as one history
  if (d.files.some((f) => f.format === "csv" || f.format === "json_log")) return undefined;
  const sources = new Map(run.dirs.flatMap((x) => x.sources.map((s) => [s.path, s] as const)));
  const events = d.files.filter((f) => f.format === "tfevents").sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const cuts: number[] = [];
  // how far the training before each file got (its files since the last start)
  const reachedIn = new Map<string, number>();
  for (const f of events) {
    let reached = reachedIn.get(f.dir) ?? -Infinity;
    const src = sources.get(f.path);
    const secs = nameSecs(f.path);
    const last = src ? (firstPoints.get(src)?.lastStep ?? -Infinity) : -Infinity;
    if (src && secs !== undefined && restartsTraining(src)) {
      if (last < reached / 2 && !cuts.includes(secs)) cuts.push(secs);
      reached = last;
    } else if (last > reached) reached = last;
    reachedIn.set(f.dir, reached);
  }
  if (cuts.length === 0) return undefined;
  cuts.sort((a, b) => a - b);
  const parts: DiscoveredFile[][] = [[], ...cuts.map(() => [])];
  const isConfig = (f: DiscoveredFile) => f.format === "hparams_json" || f.format === "hparams_yaml" || f.format === "projector_config";
  for (const f of d.files) {
    if (isConfig(f)) {
      for (const p of parts) p.push(f);
      continue;
    }
    const secs = f.format === "tfevents" ? nameSecs(f.path) : undefined;
    let k = secs === undefined ? parts.length - 1 : 0;
    if (secs !== undefined) for (let i = 0; i < cuts.length; i++) if (cuts[i] <= secs) k = i + 1;
    parts[k].push(f);
  }
  const out: RunDescriptor[] = [];
  parts.forEach((files, k) => {
    const logs = files.filter((f) => !isConfig(f));
    if (logs.length === 0) return;
    let name = d.name;
    if (k > 0) {
      const own = logs.find((f) => f.format === "tfevents" && nameSecs(f.path) === cuts[k - 1]) ?? logs[0];
      name = d.name === "." ? baseName(own.path) : `${d.name}/${baseName(own.path)}`;
    }
    out.push({
      name,
      dirs: [...new Set(files.map((f) => f.dir))].sort(),
      files,
      totalBytes: files.reduce((n, f) => n + f.size, 0),
      session: true,
    });
  });
  return out.length >= 2 ? out : undefined;
}
