// `npm run bench -- --scale [--size small|medium|full|wide] [--keep] [--reuse WORKDIR]`: a big logdir on one machine.
// Generates deterministically (mulberry32, fixed seeds) a logdir of N runs in os.tmpdir(), half
// scalar-heavy (12 scalar tags at every step) and half histogram-heavy (4 scalars at every step, 8
// layers' weight and gradient histograms of 64 buckets every 5 steps), each with hparams.json;
// sizes: small 50 runs / ~50 MB (CI), medium 200 runs / ~1 GB, full 1 000 runs / ~10 GB, wide
// 1 000 runs / ~1 GB. Then
// measures, each in a fresh child process (so peak RSS is that process's, start-up included; times
// are counted after the modules are loaded, start-up shown apart):
//   - first `serve` with an empty index: time from process start to the run list, to a chart of a
//     run in the middle of the list (/api/scalars; and the chart request's own time, from the run
//     list's answer to the chart's), and to every run loaded (indexed); peak RSS;
//   - a second `serve` with the index warm: the same three times, runs read from the logs, peak RSS;
//   - `serve --no-index` (the design before the index): the same;
//   - `inspect` of the whole logdir (as the command reads it: run by run, in worker threads; and in
//     one thread) against the raw scan (bench/reference_scan.ts:
//     framing, both CRCs, hand decoding) of every event file: throughput and ratio.
// Prints a table and removes the generated logdir and index (unless --keep).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { fileVersionEvent, histogramEvent, scalarEvent } from "../src/format/index.ts";
import { logdirBytes, prng, RecordFile } from "./records.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));

const SIZES = {
  small: { runs: 50, bytesPerRun: 1_000_000 },
  medium: { runs: 200, bytesPerRun: 5_000_000 },
  full: { runs: 1000, bytesPerRun: 10_000_000 },
  // the full run count at a tenth of the bytes (what the run list and the warm start depend on)
  wide: { runs: 1000, bytesPerRun: 1_000_000 },
} as const;

const T0 = 1_700_000_000;
const BUCKETS = 64;

/** One run of about `bytes` bytes; `kind` alternates scalar- and histogram-heavy. */
function writeRun(dir: string, i: number, bytes: number): number {
  fs.mkdirSync(dir, { recursive: true });
  const rnd = prng(1000 + i);
  const lr = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2][i % 5];
  const hist = i % 2 === 1;
  fs.writeFileSync(
    path.join(dir, "hparams.json"),
    JSON.stringify({ lr, batch_size: [32, 64, 128][i % 3], optimizer: i % 4 < 2 ? "adam" : "sgd", seed: i }),
  );
  const w = new RecordFile(path.join(dir, `events.out.tfevents.${T0 + i}.bench.${i}.0`));
  w.add(fileVersionEvent(T0 + i));
  const scalars = hist
    ? ["train/loss", "val/loss", "train/accuracy", "learning_rate"]
    : [
        "train/loss",
        "val/loss",
        "train/accuracy",
        "val/accuracy",
        "learning_rate",
        "grad_norm",
        "epoch",
        "time/step",
        "mem/gpu",
        "throughput",
        "loss/aux",
        "weight_norm",
      ];
  const decay = 0.5 + rnd();
  const counts: number[] = new Array<number>(BUCKETS).fill(0);
  const limits = Array.from({ length: BUCKETS }, (_, k) => -1 + (2 * (k + 1)) / BUCKETS);
  for (let step = 0; w.bytes < bytes; step++) {
    const loss = 2.3 * Math.exp((-decay * step) / 2000) + 0.05 * rnd();
    for (const tag of scalars) {
      const v = tag.includes("loss") ? loss : tag === "learning_rate" ? lr : tag.includes("accuracy") ? 1 - loss / 2.5 : rnd();
      w.add(scalarEvent(tag, step, v, T0 + i + step * 0.1, { withPluginMetadata: step === 0 }));
    }
    if (hist && step % 5 === 0) {
      for (let layer = 0; layer < 8; layer++)
        for (const kind of ["weights", "grads"]) {
          let num = 0;
          for (let k = 0; k < BUCKETS; k++) {
            const x = (k - BUCKETS / 2) / (BUCKETS / 6);
            counts[k] = Math.round(1000 * Math.exp(-x * x) * (0.8 + 0.4 * rnd()));
            num += counts[k];
          }
          w.add(
            histogramEvent(
              `${kind}/layer${layer}`,
              step,
              { min: -1, max: 1, num, sum: 0.01 * step, sumSquares: num / 3, bucketLimit: limits, bucket: counts },
              T0 + i + step * 0.1,
              { withPluginMetadata: step === 0 },
            ),
          );
        }
    }
  }
  w.close();
  return w.bytes;
}

function generate(root: string, runs: number, bytesPerRun: number): number {
  let total = 0;
  for (let i = 0; i < runs; i++)
    total += writeRun(path.join(root, `group${Math.floor(i / 50)}`, `run${String(i).padStart(4, "0")}`), i, bytesPerRun);
  return total;
}

interface ChildResult {
  mode: string;
  startMs?: number;
  listMs?: number;
  runs?: number;
  chartMs?: number;
  allMs?: number;
  rssMB: number;
  counts?: unknown;
  cpuS?: number;
  workers?: number;
  bytes?: number;
  seconds?: number;
}

function child(mode: string, logdir: string, index: string): ChildResult {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(HERE, "scale_child.ts"), mode, logdir, index], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
    env: { ...process.env, TRAINSCOPE_PROGRESS: "0" },
  });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  const line = r.stdout.trim().split("\n").pop()!;
  return JSON.parse(line) as ChildResult;
}

function main(): void {
  const argv = process.argv.slice(2);
  const sizeName = (argv[argv.indexOf("--size") + 1] ?? "small") as keyof typeof SIZES;
  const size = argv.includes("--size") ? SIZES[sizeName] : SIZES.small;
  if (!size) throw new Error(`--size: ${Object.keys(SIZES).join(", ")}`);
  const keep = argv.includes("--keep");
  // --reuse DIR: the work directory a run with --keep left (its logs/ of the same --size), not generated again
  const reuse = argv.includes("--reuse") ? path.resolve(argv[argv.indexOf("--reuse") + 1]) : undefined;
  const work = reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-scale-"));
  const logdir = path.join(work, "logs");
  const index = path.join(work, "index");
  if (reuse) fs.rmSync(index, { recursive: true, force: true });
  try {
    const load = () =>
      os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(" ");
    console.log(`${new Date().toISOString()} load average ${load()} (${os.availableParallelism()} cores)`);
    const t = Date.now();
    const bytes = reuse ? logdirBytes(logdir) : generate(logdir, size.runs, size.bytesPerRun);
    console.log(
      `${reuse ? "reused" : "generated"} ${size.runs} runs, ${(bytes / 1e6).toFixed(0)} MB in ${((Date.now() - t) / 1000).toFixed(1)} s (${logdir})`,
    );
    const rows: ChildResult[] = [];
    rows.push(child("serve-cold", logdir, index));
    rows.push(child("serve-warm", logdir, index));
    rows.push(child("serve-noindex", logdir, index));
    const inspect = child("inspect", logdir, index);
    const inspect1 = child("inspect-1", logdir, index);
    const scan = child("scan", logdir, index);
    const idxBytes = fs.readdirSync(index).reduce((a, f) => a + fs.statSync(path.join(index, f)).size, 0);
    const f = (x?: number) => (x === undefined ? "-" : (x / 1000).toFixed(2));
    console.log(
      `\n| ${size.runs} runs, ${(bytes / 1e6).toFixed(0)} MB | start-up (s) | run list (s) | chart of a run (s) | its request (s) | all runs loaded (s) | CPU (s) | peak RSS (MB) |`,
    );
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
    const label: Record<string, string> = {
      "serve-cold": "first serve, empty index",
      "serve-warm": "second serve, index warm",
      "serve-noindex": "serve --no-index",
    };
    // times after start-up (modules loaded through tsx), which is shown apart: the machine's load shows most there
    const s0 = (r: ChildResult, x?: number) => (x === undefined ? undefined : x - (r.startMs ?? 0));
    for (const r of rows)
      console.log(
        `| ${label[r.mode]}${r.workers ? ` (${r.workers} reading workers)` : ""} | ${f(r.startMs)} | ${f(s0(r, r.listMs))} | ${f(s0(r, r.chartMs))} | ${f(r.chartMs !== undefined && r.listMs !== undefined ? r.chartMs - r.listMs : undefined)} | ${f(s0(r, r.allMs))} | ${r.cpuS?.toFixed(1) ?? "-"} | ${r.rssMB.toFixed(0)} |`,
      );
    const mbps = (r: ChildResult) => r.bytes! / 1e6 / r.seconds!;
    console.log(
      `\ninspect ${mbps(inspect).toFixed(0)} MB/s (peak RSS ${inspect.rssMB.toFixed(0)} MB), in one thread ${mbps(inspect1).toFixed(0)} MB/s (peak RSS ${inspect1.rssMB.toFixed(0)} MB); raw scan ${mbps(scan).toFixed(0)} MB/s (one thread): ${((100 * mbps(inspect)) / mbps(scan)).toFixed(0)} % / ${((100 * mbps(inspect1)) / mbps(scan)).toFixed(0)} % of the raw scan`,
    );
    console.log(
      `index: ${(idxBytes / 1e6).toFixed(0)} MB for ${(bytes / 1e6).toFixed(0)} MB of logs; warm start counts ${JSON.stringify(rows[1].counts)}`,
    );
    console.log(`${new Date().toISOString()} load average ${load()}`);
  } finally {
    if (!keep && !reuse) fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
