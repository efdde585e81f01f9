// Runs the CPU-heavy work on logdir runs (diagnosis, layer statistics; see diagnosis_worker.ts) in
// worker threads, so the server keeps answering while a big run is processed. Contract: at most
// `size` workers, each doing one request at a time; at most `maxQueue` requests waiting, a request
// beyond that fails at once with QueueFullError (the API answers 503); a request still running
// after `timeoutMs` is stopped (its worker ended) and fails. Compiled (dist/), the workers run
// diagnosis_worker.js; run from the TypeScript sources, they load them through tsx as the server
// itself does.
import { Worker } from "node:worker_threads";
import type { Finding } from "../diagnose/index.ts";
import type { RunDescriptorLike } from "./backend.ts";
import type { DiagnosisReply, DiagnosisRequest, WorkKind } from "./diagnosis_worker.ts";
import { workerEntry } from "../reader/index.ts";

/** A request still running after this long is stopped (its worker ended) and reported as failed. */
const DIAGNOSIS_TIMEOUT_MS = 120_000;
/** Requests waiting for a worker at most (more fail with QueueFullError). */
const MAX_QUEUE = 64;

export class QueueFullError extends Error {
  constructor(n: number) {
    super(`server busy: ${n} computations already waiting`);
    this.name = "QueueFullError";
  }
}

export interface StatsResult {
  value: unknown;
  hits: unknown[];
  error?: string;
}

interface Job {
  id: number;
  kind: WorkKind;
  root: string;
  descriptor: RunDescriptorLike;
  resolve: (r: DiagnosisReply) => void;
  reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

export class DiagnosisPool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly timeoutMs = DIAGNOSIS_TIMEOUT_MS,
    private readonly size = 1,
    private readonly maxQueue = MAX_QUEUE,
  ) {}

  private spawn(): Slot {
    const w = new Worker(workerEntry(import.meta.url, "diagnosis_worker"));
    w.unref();
    const slot: Slot = { worker: w };
    w.on("message", (m: DiagnosisReply) => {
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      slot.job = undefined;
      clearTimeout(job.timer);
      w.unref();
      job.resolve(m);
      this.pump();
    });
    const fail = (err: Error) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      const job = slot.job;
      slot.job = undefined;
      if (job) {
        clearTimeout(job.timer);
        job.reject(err);
      }
      this.pump();
    };
    w.on("error", fail);
    w.on("exit", (code) => {
      if (!this.closed) fail(new Error(`worker exited with code ${code}`));
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
      const s = slot;
      s.job = job;
      s.worker.ref();
      job.timer = setTimeout(() => {
        if (s.job !== job) return;
        // ending the worker fails this request only; the queue goes on in a fresh worker
        const i = this.slots.indexOf(s);
        if (i >= 0) this.slots.splice(i, 1);
        s.job = undefined;
        void s.worker.terminate();
        job.reject(new Error(`stopped after ${this.timeoutMs / 1000} s`));
        this.pump();
      }, this.timeoutMs);
      job.timer.unref();
      s.worker.postMessage({ id: job.id, kind: job.kind, root: job.root, descriptor: job.descriptor } satisfies Omit<
        DiagnosisRequest,
        "descriptor"
      > & { descriptor: RunDescriptorLike });
    }
  }

  private submit(kind: WorkKind, root: string, descriptor: RunDescriptorLike): Promise<DiagnosisReply> {
    if (this.closed) return Promise.reject(new Error("server closed"));
    if (this.queue.length >= this.maxQueue) return Promise.reject(new QueueFullError(this.queue.length));
    return new Promise<DiagnosisReply>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, kind, root, descriptor, resolve, reject });
      this.pump();
    });
  }

  /** Requests waiting for a worker now. */
  get waiting(): number {
    return this.queue.length;
  }

  async diagnose(root: string, descriptor: RunDescriptorLike): Promise<Finding[]> {
    const m = await this.submit("diagnosis", root, descriptor);
    if (m.error !== undefined) throw new Error(m.error);
    return (m.findings ?? []) as Finding[];
  }

  async stats(root: string, descriptor: RunDescriptorLike): Promise<StatsResult> {
    const m = await this.submit("stats", root, descriptor);
    if (m.error !== undefined) throw new Error(m.error);
    return m.stats ?? { value: [], hits: [] };
  }

  close(): void {
    this.closed = true;
    for (const s of this.slots) {
      if (s.job) {
        clearTimeout(s.job.timer);
        s.job.reject(new Error("server closed"));
      }
      void s.worker.terminate();
    }
    this.slots = [];
    for (const j of this.queue) j.reject(new Error("server closed"));
    this.queue = [];
  }
}
