// Runs one importance computation in a worker thread (importance_worker.ts), so that a big sweep
// (seconds of CPU for 1 000 runs) never stalls the API or the live updates. Contract: resolves with
// the result, rejects with the worker's error, or after `timeoutMs` (the worker is then ended). The
// worker is the compiled importance_worker.js of an installed package, or, run from the TypeScript
// sources, loads them through tsx (as diagnosis_pool.ts does).
import { Worker } from "node:worker_threads";
import type { ImportanceResult, ImportanceRow } from "../diagnose/index.ts";
import { workerEntry } from "../reader/index.ts";

/** A computation still running after this long is stopped and fails. */
export const IMPORTANCE_TIMEOUT_MS = 120_000;

export function importanceInWorker(rows: ImportanceRow[], timeoutMs = IMPORTANCE_TIMEOUT_MS): Promise<ImportanceResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerEntry(import.meta.url, "importance_worker"));
    const done = (f: () => void) => {
      clearTimeout(timer);
      void w.terminate();
      f();
    };
    const timer = setTimeout(() => done(() => reject(new Error(`importance computation stopped after ${timeoutMs} ms`))), timeoutMs);
    w.once("message", (m: { result?: ImportanceResult; error?: string }) =>
      done(() => (m.result ? resolve(m.result) : reject(new Error(m.error ?? "importance failed")))),
    );
    w.once("error", (err) => done(() => reject(err)));
    w.once("exit", (code) => done(() => reject(new Error(`importance worker exited with code ${code}`))));
    w.postMessage({ rows });
  });
}
