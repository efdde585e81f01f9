// What the server needs from the reader and the diagnosis parts, as agreed between the parts
// (src/reader/index.ts, src/diagnose/index.ts). The default backend binds the real functions;
// embedders may pass their own.

import type { TrainingRun } from "../model/index.ts";
import type { Finding } from "../diagnose/index.ts";
import { discoverRuns, loadRun, refreshRun, splitSessions, type LoadProgress, type RunDescriptor } from "../reader/index.ts";
import { diagnoseRun, evaluateWatchpoints, tensorStats, KNOWLEDGE_BASE } from "../diagnose/index.ts";

/** The reader's cheap description of a run found under the logdir (only `name` is used here). */
export interface RunDescriptorLike {
  name: string;
}

export interface ReaderBackend {
  discoverRuns(path: string): Promise<RunDescriptorLike[]>;
  loadRun(root: string, d: RunDescriptorLike): Promise<TrainingRun>;
  refreshRun(root: string, run: TrainingRun): Promise<boolean>;
  /**
   * The trainings a loaded run holds when it is several (hparams search sessions, an interrupted
   * re-run in the same directory: reader/hparams_sessions.ts), as descriptors to load instead; else undefined.
   */
  splitRun?(run: TrainingRun, d: RunDescriptorLike): RunDescriptorLike[] | undefined;
}

export interface DiagnoseBackend {
  diagnoseRun(run: TrainingRun): Finding[];
  evaluateWatchpoints?(run: TrainingRun): unknown[];
  tensorStats?(run: TrainingRun): unknown;
  KNOWLEDGE_BASE: unknown[];
}

/** The real reader (`followSymlinks`: follow links that lead out of the logdir too; `progress`: hooks of each run's read). */
export function defaultReader(opts: { followSymlinks?: boolean; progress?: LoadProgress } = {}): ReaderBackend {
  return {
    discoverRuns: (p) => discoverRuns(p, { followSymlinks: opts.followSymlinks }),
    loadRun: (root, d) =>
      loadRun(root, d as RunDescriptor, { followSymlinks: opts.followSymlinks, ...(opts.progress ? { progress: opts.progress } : {}) }),
    refreshRun: (root, run) => refreshRun(root, run),
    splitRun: (run, d) => ("files" in d ? splitSessions(run, d as RunDescriptor) : undefined),
  };
}

/** The real diagnosis engine. */
export function defaultDiagnose(): DiagnoseBackend {
  return {
    diagnoseRun: (run) => diagnoseRun(run),
    evaluateWatchpoints: (run) => evaluateWatchpoints(run),
    tensorStats: (run) => tensorStats(run),
    KNOWLEDGE_BASE,
  };
}
