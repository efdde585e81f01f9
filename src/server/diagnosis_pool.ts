// Runs the diagnosis of logdir runs in one worker thread (see diagnosis_worker.ts), one request at
// a time, so the server keeps answering while a big run is diagnosed. Compiled (dist/), the worker
// runs diagnosis_worker.js; run from the TypeScript sources, it loads them through tsx as the
// server itself does.
import { Worker } from "node:worker_threads";
import type { Finding } from "../diagnose/index.ts";
import type { RunDescriptorLike } from "./backend.ts";
import type { DiagnosisReply, DiagnosisRequest } from "./diagnosis_worker.ts";

/** A diagnosis still running after this long is stopped (its worker ended) and reported as failed. */
const DIAGNOSIS_TIMEOUT_MS = 120_000;

/** The worker's entry: the compiled file beside this one, or a boot module that registers tsx first. */
function workerEntry(): URL {
  if (!import.meta.url.endsWith(".ts")) return new URL("./diagnosis_worker.js", import.meta.url);
  const tsx = import.meta.resolve("tsx/esm/api");
  const script = new URL("./diagnosis_worker.ts", import.meta.url).href;
  const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(script)});`;
  return new URL("data:text/javascript," + encodeURIComponent(boot));
}

export class DiagnosisPool {
  private worker?: Worker;
  private nextId = 1;
  private pending = new Map<number, { resolve: (f: Finding[]) => void; reject: (e: Error) => void }>();
  private closed = false;

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(workerEntry());
    w.unref();
    w.on("message", (m: DiagnosisReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve((m.findings ?? []) as Finding[]);
    });
    const fail = (err: Error) => {
      if (this.worker !== w) return;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.worker = undefined;
    };
    w.on("error", fail);
    w.on("exit", (code) => { if (!this.closed && this.worker === w) fail(new Error(`diagnosis worker exited with code ${code}`)); });
    this.worker = w;
    return w;
  }

  constructor(private readonly timeoutMs = DIAGNOSIS_TIMEOUT_MS) {}

  diagnose(root: string, descriptor: RunDescriptorLike): Promise<Finding[]> {
    if (this.closed) return Promise.reject(new Error("server closed"));
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    return new Promise<Finding[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const w = this.start();
      w.ref();
      timer = setTimeout(() => {
        // Requests run one after the other in the worker: ending it fails this one (and any queued, which the caller may retry).
        const p = this.pending.get(id);
        if (!p) return;
        const ended = this.worker;
        this.worker = undefined;
        void ended?.terminate();
        for (const [k, q] of this.pending) { this.pending.delete(k); q.reject(new Error(k === id ? `stopped after ${this.timeoutMs / 1000} s` : "stopped with a diagnosis that took too long")); }
      }, this.timeoutMs);
      timer.unref();
      w.postMessage({ id, root, descriptor } satisfies Omit<DiagnosisRequest, "descriptor"> & { descriptor: RunDescriptorLike });
    }).finally(() => { clearTimeout(timer); if (!this.pending.size) this.worker?.unref(); });
  }

  close(): void {
    this.closed = true;
    void this.worker?.terminate();
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new Error("server closed"));
    this.pending.clear();
  }
}
