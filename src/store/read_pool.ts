// Worker threads for the first indexing pass of many runs (read_worker.ts). Contract: at most
// `size` workers (default: the machine's cores), each reading one run at a time; `read` answers
// the run's index record (the main thread writes it to SQLite: one writer, no lock contention) and
// the trainings it holds when it is several; progress events of the read are passed to the
// caller's hooks. A worker that fails or exits fails its request with ReadWorkerError (the caller
// then reads the run itself) and is replaced for the next. Idle workers never keep the process
// alive. Compiled (dist/), the workers run read_worker.js; from the TypeScript sources they load
// them through tsx.
import os from "node:os";
import { Worker } from "node:worker_threads";
import type { LoadProgress, RunDescriptor } from "../reader/index.ts";
import type { RunRecord } from "./indexed_runs.ts";
import type { ReadReply, ReadRequest } from "./read_worker.ts";
import { workerEntry } from "../reader/index.ts";

export class ReadWorkerError extends Error {}

interface Job {
  req: ReadRequest;
  progress?: LoadProgress;
  resolve: (r: { record: RunRecord; parts?: RunDescriptor[] }) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

/** Blobs arrive as Uint8Array: SQLite and the decoder want Buffers (views, no copy). */
function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

export class ReadPool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  readonly size: number;

  constructor(size = os.availableParallelism()) {
    this.size = Math.max(1, size);
  }

  private spawn(): Slot {
    const w = new Worker(workerEntry(import.meta.url, "read_worker"));
    w.unref();
    const slot: Slot = { worker: w };
    w.on("message", (m: ReadReply) => {
      const job = slot.job;
      if (!job || job.req.id !== m.id) return;
      if (m.kind === "progress") {
        if (m.event === "bytes") job.progress?.bytes?.(m.a, m.n);
        else if (m.event === "fileDone") job.progress?.fileDone?.(m.a, m.n);
        else job.progress?.runDone?.(m.a);
        return;
      }
      slot.job = undefined;
      w.unref();
      if (m.kind === "error") job.reject(new ReadWorkerError(m.error));
      else {
        const e = m.record.encoded;
        e.state = asBuffer(e.state);
        for (const c of e.chunks) {
          c.steps = asBuffer(c.steps);
          c.walls = asBuffer(c.walls);
          c.values = asBuffer(c.values);
        }
        job.resolve({ record: m.record, ...(m.parts ? { parts: m.parts } : {}) });
      }
      this.pump();
    });
    const fail = (err: Error) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      const job = slot.job;
      slot.job = undefined;
      job?.reject(new ReadWorkerError(err.message));
      this.pump();
    };
    w.on("error", fail);
    w.on("exit", (code) => {
      if (!this.closed) fail(new Error(`read worker exited with code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }

  private pump(): void {
    while (!this.closed && this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage(job.req);
    }
  }

  /** The index record of run `d` read in a worker. */
  read(
    root: string,
    d: RunDescriptor,
    opts: { followSymlinks?: boolean; progress?: LoadProgress } = {},
  ): Promise<{ record: RunRecord; parts?: RunDescriptor[] }> {
    if (this.closed) return Promise.reject(new ReadWorkerError("read pool closed"));
    return new Promise((resolve, reject) => {
      const req: ReadRequest = { id: this.nextId++, root, descriptor: d, followSymlinks: opts.followSymlinks, progress: !!opts.progress };
      this.queue.push({ req, progress: opts.progress, resolve, reject });
      this.pump();
    });
  }

  close(): void {
    this.closed = true;
    for (const s of this.slots) {
      s.job?.reject(new ReadWorkerError("read pool closed"));
      void s.worker.terminate();
    }
    this.slots = [];
    for (const j of this.queue.splice(0)) j.reject(new ReadWorkerError("read pool closed"));
  }
}
