// Worker thread of the first indexing pass (read_pool.ts): it receives a logdir root and a run
// descriptor, reads the run with the reader (reader.loadRun, as the main thread would), splits it
// when it holds several trainings (reader.splitSessions, which needs the files read in this thread)
// and answers with what the index keeps of it (indexed_runs.runRecord: the readers' state and the
// scalar chunks, files with their offsets and identities, the summary), the chunk arrays transferred,
// not copied. Progress of the read (bytes, files, run done) is sent as it happens when asked for.
// Errors are answered, never thrown: the main thread then reads the run itself.
import { parentPort } from "node:worker_threads";
import { loadRun, splitSessions, type LoadProgress, type RunDescriptor } from "../reader/index.ts";
import { runRecord, type RunRecord } from "./indexed_runs.ts";

export interface ReadRequest {
  id: number;
  root: string;
  descriptor: RunDescriptor;
  followSymlinks?: boolean;
  progress: boolean;
}

export type ReadReply =
  | { id: number; kind: "done"; record: RunRecord; parts?: RunDescriptor[] }
  | { id: number; kind: "error"; error: string }
  | { id: number; kind: "progress"; event: "bytes" | "fileDone" | "runDone"; a: string; n: number };

parentPort?.on("message", async (m: ReadRequest) => {
  const port = parentPort!;
  const progress: LoadProgress | undefined = m.progress
    ? {
        bytes: (file, n) => port.postMessage({ id: m.id, kind: "progress", event: "bytes", a: file, n } satisfies ReadReply),
        fileDone: (file, n) => port.postMessage({ id: m.id, kind: "progress", event: "fileDone", a: file, n } satisfies ReadReply),
        runDone: (run) => port.postMessage({ id: m.id, kind: "progress", event: "runDone", a: run, n: 0 } satisfies ReadReply),
      }
    : undefined;
  try {
    const run = await loadRun(m.root, m.descriptor, { followSymlinks: m.followSymlinks, ...(progress ? { progress } : {}) });
    const parts = splitSessions(run, m.descriptor);
    const record = await runRecord(m.root, run, m.descriptor);
    // each chunk's arrays own their memory (run_codec copies them): moved to the main thread
    const moved = new Set<ArrayBuffer>();
    for (const c of record.encoded.chunks)
      for (const b of [c.steps, c.walls, c.values])
        if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength) moved.add(b.buffer as ArrayBuffer);
    port.postMessage({ id: m.id, kind: "done", record, ...(parts && parts.length > 1 ? { parts } : {}) } satisfies ReadReply, [...moved]);
  } catch (e) {
    port.postMessage({ id: m.id, kind: "error", error: e instanceof Error ? e.message : String(e) } satisfies ReadReply);
  }
});
