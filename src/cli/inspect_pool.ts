// `inspect` of a whole logdir, run by run (inspect_report.ts): the logdir is walked once, then each
// discovered run is read, summarised and let go, so memory holds one run per reader plus the
// summaries, whatever the logdir's size. Contract: the summaries come back in discovery order,
// the same as `loadExperiment` then `inspectRun` would give. Runs are read in up to `workers`
// worker threads (inspect_worker.ts; default: the machine's cores when the logdir holds at least
// WORKER_MIN_BYTES, else none, since a worker's start-up costs more than a small logdir's read);
// a worker that fails or exits has its run read in this thread instead and is not replaced.
// Compiled (dist/), the workers run inspect_worker.js; from the TypeScript sources they load it
// through tsx.
import os from "node:os";
import { Worker } from "node:worker_threads";
import type { RoleOverride } from "../model/index.ts";
import { workerEntry, discoveryTotals, loadTrainings, type Discovery, type LoadProgress, type RunDescriptor } from "../reader/index.ts";
import { inspectRun, type LogdirFacts, type RunInspection } from "./inspect_report.ts";
import type { InspectReply, InspectRequest } from "./inspect_worker.ts";

/** Below this many bytes of logs the runs are read in this thread. */
export const WORKER_MIN_BYTES = 64 * 1024 * 1024;

export interface InspectOptions {
  roleOverrides?: RoleOverride[];
  followSymlinks?: boolean;
  progress?: LoadProgress;
  /** Worker threads (0: read in this thread; default: see WORKER_MIN_BYTES). */
  workers?: number;
}

/** How many workers read a discovery's runs. */
export function workerCount(disc: Discovery, asked?: number): number {
  const cap = disc.runs.length;
  if (asked !== undefined) return Math.max(0, Math.min(asked, cap));
  return discoveryTotals(disc).bytes >= WORKER_MIN_BYTES && cap > 1 ? Math.min(os.availableParallelism(), cap) : 0;
}

/** Every run of `disc` summarised, in discovery order. */
export async function inspectRuns(disc: Discovery, opts: InspectOptions = {}): Promise<RunInspection[]> {
  // what the workers are told, and what a read in this thread gets besides the progress hooks
  const shared = {
    ...(opts.roleOverrides ? { roleOverrides: opts.roleOverrides } : {}),
    ...(opts.followSymlinks ? { followSymlinks: true } : {}),
  };
  const here = async (d: RunDescriptor) =>
    (await loadTrainings(disc.root, d, { ...shared, ...(opts.progress ? { progress: opts.progress } : {}) })).map(inspectRun);
  const results: RunInspection[][] = new Array(disc.runs.length);
  const n = workerCount(disc, opts.workers);
  let next = 0;
  const fallback: number[] = [];
  if (n > 0) {
    await Promise.all(
      Array.from(
        { length: n },
        () =>
          new Promise<void>((resolve) => {
            const w = new Worker(workerEntry(import.meta.url, "inspect_worker"));
            let current = -1;
            let over = false;
            const finish = () => {
              if (over) return;
              over = true;
              if (current >= 0) fallback.push(current);
              current = -1;
              void w.terminate();
              resolve();
            };
            const take = () => {
              if (next >= disc.runs.length) return finish();
              current = next++;
              const req: InspectRequest = {
                id: current,
                root: disc.root,
                descriptor: disc.runs[current],
                ...shared,
                progress: !!opts.progress,
              };
              w.postMessage(req);
            };
            w.on("message", (m: InspectReply) => {
              if (m.id !== current) return;
              if (m.kind === "progress") {
                if (m.event === "bytes") opts.progress?.bytes?.(m.a, m.n);
                else if (m.event === "fileDone") opts.progress?.fileDone?.(m.a, m.n);
                else opts.progress?.runDone?.(m.a);
                return;
              }
              if (m.kind === "done") results[current] = m.runs;
              else fallback.push(current);
              current = -1;
              take();
            });
            w.on("error", finish);
            w.on("exit", finish);
            take();
          }),
      ),
    );
  }
  // read here: every run when there are no workers, else those a failed worker held or none took
  for (let i = next; i < disc.runs.length; i++) fallback.push(i);
  for (const i of fallback.sort((a, b) => a - b)) results[i] = await here(disc.runs[i]);
  return results.flat();
}

/** The logdir facts `inspect` reports beside the runs. */
export function factsOf(disc: Discovery): LogdirFacts {
  return { root: disc.root, problems: disc.problems, skipped: disc.skipped };
}
