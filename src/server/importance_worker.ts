// Worker thread that ranks hyper-parameters by importance (src/diagnose/importance.ts) off the
// server's event loop: it receives the rows (hyper-parameters and target of each run) and answers
// with the result or the error. One worker per computation (see importance_job.ts).
import { parentPort } from "node:worker_threads";
import { hparamImportance, type ImportanceRow } from "../diagnose/index.ts";

export interface ImportanceRequest {
  rows: ImportanceRow[];
}

parentPort?.on("message", (m: ImportanceRequest) => {
  try {
    parentPort!.postMessage({ result: hparamImportance(m.rows) });
  } catch (err) {
    parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
});
