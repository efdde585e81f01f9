// Hyper-parameter search sessions logged into one directory: TensorBoard's hparams plugin marks each
// training with a session_start_info (its hyper-parameter values, a start time) and a
// session_end_info. When the event files of one run hold sessions of two or more distinct
// configurations (three Keras `hp.KerasCallback` fits into one logdir), each session is a training
// of its own: its event files are the ones started from its start on (by the time stamp in their
// names, `events.out.tfevents.<secs>...`, in every directory of the run), until the next session's
// start. The run is split into one run per session, named `<run>/<the session's first event file in
// the run's directory>`; configuration files go with every session, other logs with the last.
// Sessions that repeat one configuration (a resumed training) stay one run.
import type { RunDir, TrainingRun } from "../model/index.ts";
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
  if (all.length < 2 || new Set(all.map((s) => configKey(s.hparams))).size < 2) return undefined;
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
    out.push({ name, dirs: [...new Set(files.map((f) => f.dir))].sort(), files, totalBytes: files.reduce((n, f) => n + f.size, 0) });
  });
  return out.length >= 2 ? out : undefined;
}
