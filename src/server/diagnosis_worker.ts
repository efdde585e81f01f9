// Worker thread that does the CPU-heavy work of the server off its event loop: it receives a logdir
// root, a run descriptor and what to compute ("diagnosis": the findings; "stats": layer statistics
// and watchpoint hits), reads the run with the reader and answers with the result (or the error),
// so a slow diagnosis or a huge histogram never stalls the API or the live updates.
import { parentPort } from "node:worker_threads";
import { loadRun, type RunDescriptor } from "../reader/index.ts";
import { diagnoseRun, evaluateWatchpoints, tensorStats } from "../diagnose/index.ts";

export type WorkKind = "diagnosis" | "stats";
export interface DiagnosisRequest {
  id: number;
  kind: WorkKind;
  root: string;
  descriptor: RunDescriptor;
}
export interface DiagnosisReply {
  id: number;
  findings?: unknown[];
  stats?: { value: unknown; hits: unknown[]; error?: string };
  error?: string;
}

parentPort?.on("message", async (m: DiagnosisRequest) => {
  let reply: DiagnosisReply;
  try {
    const run = await loadRun(m.root, m.descriptor);
    if (m.kind === "stats") {
      const errors: string[] = [];
      let value: unknown = [],
        hits: unknown[] = [];
      try {
        value = tensorStats(run);
      } catch (err) {
        errors.push(`tensor statistics failed: ${String(err)}`);
      }
      try {
        hits = evaluateWatchpoints(run);
      } catch (err) {
        errors.push(`watchpoints failed: ${String(err)}`);
      }
      reply = { id: m.id, stats: { value, hits, error: errors.length ? errors.join("; ") : undefined } };
    } else {
      reply = { id: m.id, findings: diagnoseRun(run) };
    }
  } catch (err) {
    reply = { id: m.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
