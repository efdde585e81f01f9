// Worker thread of `inspect` (inspect_pool.ts): it receives a logdir root and a discovered run,
// reads it as the main thread would (reader.loadTrainings: the run, or one run per hparams-search
// session) and answers with each training's summary (inspect_report.inspectRun), never the run
// itself: a few kB go back whatever the run's size. Progress of the read (bytes, files, run done)
// is sent as it happens when asked for. Errors are answered, never thrown: the main thread then
// reads the run itself.
import { parentPort } from "node:worker_threads";
import type { RoleOverride } from "../model/index.ts";
import { loadTrainings, type LoadProgress, type RunDescriptor } from "../reader/index.ts";
import { inspectRun, type RunInspection } from "./inspect_report.ts";

export interface InspectRequest {
  id: number;
  root: string;
  descriptor: RunDescriptor;
  roleOverrides?: RoleOverride[];
  followSymlinks?: boolean;
  progress: boolean;
}

export type InspectReply =
  | { id: number; kind: "done"; runs: RunInspection[] }
  | { id: number; kind: "error"; error: string }
  | { id: number; kind: "progress"; event: "bytes" | "fileDone" | "runDone"; a: string; n: number };

parentPort?.on("message", async (m: InspectRequest) => {
  const port = parentPort!;
  const send = (r: InspectReply) => port.postMessage(r);
  const progress: LoadProgress | undefined = m.progress
    ? {
        bytes: (file, n) => send({ id: m.id, kind: "progress", event: "bytes", a: file, n }),
        fileDone: (file, n) => send({ id: m.id, kind: "progress", event: "fileDone", a: file, n }),
        runDone: (run) => send({ id: m.id, kind: "progress", event: "runDone", a: run, n: 0 }),
      }
    : undefined;
  try {
    const runs = await loadTrainings(m.root, m.descriptor, {
      ...(m.roleOverrides ? { roleOverrides: m.roleOverrides } : {}),
      ...(m.followSymlinks ? { followSymlinks: true } : {}),
      ...(progress ? { progress } : {}),
    });
    send({ id: m.id, kind: "done", runs: runs.map(inspectRun) });
  } catch (e) {
    send({ id: m.id, kind: "error", error: e instanceof Error ? e.message : String(e) });
  }
});
