// Worker thread that diagnoses runs off the server's event loop: it receives a logdir root and a
// run descriptor, reads the run with the reader and answers with the findings (or the error), so
// a slow diagnosis never stalls the API or the live updates.
import { parentPort } from "node:worker_threads";
import { loadRun, type RunDescriptor } from "../reader/index.ts";
import { diagnoseRun } from "../diagnose/index.ts";

export interface DiagnosisRequest { id: number; root: string; descriptor: RunDescriptor }
export interface DiagnosisReply { id: number; findings?: unknown[]; error?: string }

parentPort?.on("message", async (m: DiagnosisRequest) => {
  let reply: DiagnosisReply;
  try {
    const run = await loadRun(m.root, m.descriptor);
    reply = { id: m.id, findings: diagnoseRun(run) };
  } catch (err) {
    reply = { id: m.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
