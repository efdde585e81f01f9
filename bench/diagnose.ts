// `node --import tsx bench/diagnose.ts`: time of the diagnosis alone.
// (1) one synthetic healthy run of 1 000 000 per-step training-loss points (plus per-step accuracy,
//     per-epoch validation curves; tools/curves/synthetic_run.ts) — target < 1 s;
// (2) a 200-run logdir: the example runs in examples/logs (written by the fault zoo) copied 25×
//     into a fresh temp dir, read with `loadExperiment` (timed apart) and diagnosed with
//     `diagnoseExperiment` — target < 30 s.
// Each timing is the best of a few repetitions (wall clock, one process).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { loadExperiment } from "../src/reader/index.ts";
import { diagnoseExperiment, diagnoseRun } from "../src/diagnose/index.ts";
import { syntheticHealthyRun } from "../tools/curves/synthetic_run.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLES = path.resolve(HERE, "../examples/logs");

export interface DiagnoseBenchResult {
  longRunPoints: number;
  longRunSeconds: number;
  longRunWarnings: number;
  logdirRuns: number;
  logdirLoadSeconds: number;
  logdirDiagnoseSeconds: number;
  logdirFindings: number;
}

function best<T>(reps: number, f: () => T): { seconds: number; value: T } {
  let seconds = Infinity,
    value!: T;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    value = f();
    seconds = Math.min(seconds, (performance.now() - t) / 1000);
  }
  return { seconds, value };
}

/** Copies every run directory of examples/logs `copies` times into a new temp logdir. */
export function buildLogdir(copies = 25): { dir: string; runs: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-diagnose-bench-"));
  const runs = fs
    .readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  for (let c = 0; c < copies; c++)
    for (const r of runs) fs.cpSync(path.join(EXAMPLES, r), path.join(dir, `${r}_copy${c}`), { recursive: true });
  return { dir, runs: runs.length * copies };
}

export async function runDiagnoseBench(opts: { points?: number; copies?: number; reps?: number } = {}): Promise<DiagnoseBenchResult> {
  const points = opts.points ?? 1_000_000,
    reps = opts.reps ?? 3;
  const run = syntheticHealthyRun({ steps: points });
  const long = best(reps, () => diagnoseRun(run));
  const { dir, runs } = buildLogdir(opts.copies ?? 25);
  try {
    let t = performance.now();
    const exp = await loadExperiment(dir);
    const loadSeconds = (performance.now() - t) / 1000;
    const diag = best(reps, () => diagnoseExperiment(exp));
    t = performance.now();
    return {
      longRunPoints: points,
      longRunSeconds: long.seconds,
      longRunWarnings: long.value.filter((f) => f.severity !== "info").length,
      logdirRuns: exp.runs.length || runs,
      logdirLoadSeconds: loadSeconds,
      logdirDiagnoseSeconds: diag.seconds,
      logdirFindings: diag.value.findings.length,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await runDiagnoseBench();
  console.log(
    `diagnose one run of ${r.longRunPoints.toLocaleString("en")} loss points: ${r.longRunSeconds.toFixed(3)} s (target < 1 s; ${r.longRunWarnings} warning/error findings)`,
  );
  console.log(
    `${r.logdirRuns}-run logdir: read ${r.logdirLoadSeconds.toFixed(2)} s, diagnose ${r.logdirDiagnoseSeconds.toFixed(2)} s, total ${(r.logdirLoadSeconds + r.logdirDiagnoseSeconds).toFixed(2)} s (target < 30 s; ${r.logdirFindings} findings)`,
  );
}
