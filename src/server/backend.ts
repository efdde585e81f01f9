// What the server needs from the reader and the diagnosis parts, as agreed between the parts
// (src/reader/index.ts, src/diagnose/index.ts). The default backend binds the real functions; tests
// and embedders may pass their own (e.g. runs built in memory).

import type { TrainingRun } from "../model/index.ts";
import type { Finding } from "../diagnose/types.ts";
import * as reader from "../reader/index.ts";
import * as diagnose from "../diagnose/index.ts";

/** The reader's cheap description of a run found under the logdir (only `name` is used here). */
export interface RunDescriptorLike {
  name: string;
}

export interface ReaderBackend {
  discoverRuns(path: string): Promise<RunDescriptorLike[]>;
  loadRun(root: string, d: RunDescriptorLike): Promise<TrainingRun>;
  refreshRun(root: string, run: TrainingRun): Promise<boolean>;
}

export interface DiagnoseBackend {
  diagnoseRun(run: TrainingRun): Finding[];
  evaluateWatchpoints?(run: TrainingRun): unknown[];
  tensorStats?(run: TrainingRun): unknown;
  KNOWLEDGE_BASE: unknown[];
}

function missing(part: string, name: string): never {
  throw new Error(`${part}: ${name} is not available`);
}

/** The real reader, looked up by name so the server builds while the reader grows. */
export function defaultReader(): ReaderBackend {
  const r = reader as unknown as Partial<ReaderBackend>;
  return {
    discoverRuns: (p) => (r.discoverRuns ?? (() => missing("reader", "discoverRuns")))(p),
    loadRun: (root, d) => (r.loadRun ?? (() => missing("reader", "loadRun")))(root, d),
    refreshRun: (root, run) => (r.refreshRun ? r.refreshRun(root, run) : Promise.resolve(false)),
  };
}

/** The real diagnosis engine, looked up by name likewise. */
export function defaultDiagnose(): DiagnoseBackend {
  const d = diagnose as unknown as Partial<DiagnoseBackend>;
  return {
    diagnoseRun: (run) => (d.diagnoseRun ? d.diagnoseRun(run) : []),
    evaluateWatchpoints: d.evaluateWatchpoints ? (run) => d.evaluateWatchpoints!(run) : undefined,
    tensorStats: d.tensorStats ? (run) => d.tensorStats!(run) : undefined,
    KNOWLEDGE_BASE: d.KNOWLEDGE_BASE ?? [],
  };
}
