// Start-up of the compiled command (part of `npm run bench`): the wall and CPU time of whole
// `trainscope` processes, as a user runs them (node bin/trainscope.js, i.e. dist/ written by
// `npm run build`; built here first when missing):
//   - `trainscope --help` (target < 0.25 s wall), next to the same through tsx from the sources;
//   - `trainscope diagnose --json` on one small CSV run (target < 0.5 s wall);
//   - `trainscope inspect` on a 1 M-event scalar file (10 tags, as PyTorch writes them), against the
//     reference scan (bench/reference_scan.ts, framing + both CRCs + hand decoding) of the same file,
//     both as a whole process (the scan compiled to JavaScript with the compiled CRC-32C, so neither
//     pays a transpiler) and, for scale, the scan in this process after warm-up: whole-process
//     inspect's throughput is to be >= 70 % of the whole-process scan's.
// Each is the median of several runs; a child's CPU time is read from /proc (Linux), "n/a" elsewhere.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { fileVersionEvent, frameRecord, scalarEvent } from "../src/format/index.ts";
import { referenceScan } from "./reference_scan.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(REPO, "bin/trainscope.js");
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 7);

/** CPU seconds (user + system) of the children this process has waited for, from /proc/self/stat. */
function childrenCpu(): number | undefined {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // after the command name: field 3 is index 0, so cutime (16) and cstime (17) are 13 and 14
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

interface Measure {
  wall: number;
  cpu?: number;
}

function runOnce(args: string[]): Measure {
  const c0 = childrenCpu();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: REPO, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c1 = childrenCpu();
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return { wall, cpu: c0 === undefined || c1 === undefined ? undefined : c1 - c0 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(args: string[], runs = RUNS): Measure {
  runOnce(args); // warm the file-system cache
  const ms = Array.from({ length: runs }, () => runOnce(args));
  const cpus = ms.map((m) => m.cpu).filter((c): c is number => c !== undefined);
  return { wall: median(ms.map((m) => m.wall)), cpu: cpus.length === ms.length ? median(cpus) : undefined };
}

const show = (m: Measure): string => `${m.wall.toFixed(3)} s wall, ${m.cpu === undefined ? "n/a" : m.cpu.toFixed(2) + " s"} CPU`;

function writeScalarFile(file: string, events: number): number {
  const tags = ["loss/train", "loss/val", "acc/train", "acc/val", "lr", "grad_norm", "epoch", "time/step", "mem/gpu", "throughput"];
  const chunks: Uint8Array[] = [frameRecord(fileVersionEvent(1_700_000_000))];
  let seed = 1;
  for (let i = 0; i < events - 1; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    chunks.push(
      frameRecord(scalarEvent(tags[i % tags.length], Math.floor(i / tags.length), seed / 2147483648 - 0.5, 1_700_000_000 + i * 0.001)),
    );
  }
  fs.writeFileSync(file, Buffer.concat(chunks));
  return chunks.reduce((n, c) => n + c.length, 0);
}

function writeCsvRun(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const rows = ["epoch,loss,accuracy,val_loss,val_accuracy"];
  for (let e = 0; e < 30; e++) {
    const l = 2.3 * Math.exp(-e / 8) + 0.05;
    rows.push(`${e},${l.toFixed(4)},${(1 - l / 2.5).toFixed(4)},${(l * 1.1 + 0.02).toFixed(4)},${(1 - l / 2.3).toFixed(4)}`);
  }
  fs.writeFileSync(path.join(dir, "log.csv"), rows.join("\n") + "\n");
}

/** bench/reference_scan.ts as a JavaScript program that scans argv[2], importing dist/'s CRC-32C. */
function writeScanProgram(file: string): void {
  const source = fs
    .readFileSync(path.join(REPO, "bench/reference_scan.ts"), "utf8")
    .replace(/from "\.\.\/src\/format\/index\.ts"/, `from ${JSON.stringify(path.join(REPO, "dist/format/crc32c.js"))}`);
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  if (!js.includes("dist/format/crc32c.js")) throw new Error("reference_scan.ts no longer imports ../src/format/index.ts");
  fs.writeFileSync(file, js + "\nreferenceScan(process.argv[2]);\n");
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(REPO, "dist/cli/main.js"))) {
    console.log("dist/ is missing: building the library (npm run build:lib)");
    const b = spawnSync("npm", ["run", "build:lib"], { cwd: REPO, stdio: "inherit" });
    if (b.status !== 0) throw new Error("npm run build:lib failed");
  }
  const events = Number(process.env.BENCH_EVENTS ?? 1_000_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-bench-startup-"));
  try {
    console.log(
      `\nstart-up of whole processes (node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}; median of ${RUNS})`,
    );
    const help = measure([BIN, "--help"]);
    console.log(
      `  trainscope --help (compiled):               ${show(help)}  (target < 0.25 s wall: ${help.wall < 0.25 ? "met" : "not met"})`,
    );
    const bare = measure(["-e", "0"]);
    console.log(`  node -e 0 (the floor):                      ${show(bare)}`);
    const viaTsx = measure(["--import", "tsx", path.join(REPO, "src/cli/main.ts"), "--help"], 3);
    console.log(`  trainscope --help through tsx (sources):    ${show(viaTsx)}`);

    const csvRun = path.join(tmp, "csv_run");
    writeCsvRun(csvRun);
    const diag = measure([BIN, "diagnose", csvRun, "--json"]);
    console.log(
      `  trainscope diagnose --json, one CSV run:    ${show(diag)}  (target < 0.5 s wall: ${diag.wall < 0.5 ? "met" : "not met"})`,
    );

    const file = path.join(tmp, "events.out.tfevents.1700000000.bench.1.0");
    const bytes = writeScalarFile(file, events);
    const scans = Array.from({ length: 5 }, () => {
      const t0 = process.hrtime.bigint(),
        c0 = process.cpuUsage();
      referenceScan(file);
      const c = process.cpuUsage(c0);
      return { wall: Number(process.hrtime.bigint() - t0) / 1e9, cpu: (c.user + c.system) / 1e6 };
    });
    const scan = { wall: Math.min(...scans.map((s) => s.wall)), cpu: Math.min(...scans.map((s) => s.cpu)) };
    const scanProgram = path.join(tmp, "reference_scan.mjs");
    writeScanProgram(scanProgram);
    const scanProcess = measure([scanProgram, file], 3);
    const inspect = measure([BIN, "inspect", file], 3);
    const mb = bytes / 1024 / 1024;
    const perCpu = (m: Measure): string =>
      `${(events / (m.cpu ?? m.wall) / 1e6).toFixed(2)} M events/s per ${m.cpu === undefined ? "wall" : "CPU"} second`;
    console.log(`\n${events.toLocaleString("en")}-event scalar file, ${mb.toFixed(0)} MB:`);
    console.log(`  reference scan (in process, warm, best of 5): ${show(scan)}: ${perCpu(scan)}`);
    console.log(`  reference scan (whole process):             ${show(scanProcess)}: ${perCpu(scanProcess)}`);
    console.log(`  trainscope inspect (whole process):         ${show(inspect)}: ${perCpu(inspect)}`);
    const pct = (a?: number, b?: number): string => (a === undefined || b === undefined ? "n/a" : `${((a / b) * 100).toFixed(0)} %`);
    console.log(
      `  whole-process inspect vs whole-process scan: ${pct(scanProcess.cpu, inspect.cpu)} by CPU time, ` +
        `${pct(scanProcess.wall, inspect.wall)} by wall time (target >= 70 %); vs the warm in-process scan: ${pct(scan.cpu, inspect.cpu)} by CPU time`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
