// `npm run bench`: deterministic event files generated into a temp dir and read (1) by trainscope's
// full event-file reader (both CRCs verified, every value materialised in the data model) and (2) by a
// minimal reference scan (bench/reference_scan.ts: framing + both CRCs + hand decoding of tag/step/value,
// histogram bucket arrays read, nothing kept), which marks the practical limit on this machine.
// Speed: the two readers alternate, best of several runs each, timed both by the wall clock and by the
// CPU time of the process (the second is what "one core" means and stays steady on a shared machine;
// the ratio and the target use it). Memory: each reader runs once in a fresh child process, and its peak
// is the process's peak resident set size (`resourceUsage().maxRSS`) minus its resident size just before
// the read, so the file buffer, the data model and any garbage alive at the same moment all count.
// Also times inspecting a 200-run logdir with `loadExperiment`. Ends with a table for the README.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { fileVersionEvent, scalarEvent, histogramEvent, histogramFromValues } from "../src/format/index.ts";
import { prng, RecordFile } from "./records.ts";
import { RunDir } from "../src/model/index.ts";
import * as reader from "../src/reader/index.ts";
import { referenceScan } from "./reference_scan.ts";

const T0 = 1_700_000_000;

/** 1 M events, 10 tags, one simple_value per event, as PyTorch's add_scalar writes them. */
function writeScalarFile(file: string, events: number): RecordFile {
  const rnd = prng(1);
  const w = new RecordFile(file);
  w.add(fileVersionEvent(T0, { sourceWriter: "tensorboard.summary.writer.event_file_writer" }));
  const tags = ["loss/train", "loss/val", "acc/train", "acc/val", "lr", "grad_norm", "epoch", "time/step", "mem/gpu", "throughput"];
  for (let i = 0; w.events < events; i++) {
    const step = Math.floor(i / tags.length);
    w.add(scalarEvent(tags[i % tags.length], step, rnd() * 2 - 0.5, T0 + i * 0.001));
  }
  w.close();
  return w;
}

/**
 * Histograms of 20 layers (weights and grads) over 150 steps, written step by step as PyTorch's
 * add_histogram does (default bins: ~560 buckets each). The values spread out as training goes on, so
 * the counts change every step and each tag's occupied bucket range (its edges) every few steps.
 */
function writeHistogramFile(file: string, steps: number): RecordFile {
  const rnd = prng(2);
  const w = new RecordFile(file);
  w.add(fileVersionEvent(T0));
  const layers = 40;
  const base = Array.from({ length: layers }, (_, layer) => Float64Array.from({ length: 256 }, () => (rnd() - 0.5) * (layer + 1) * 0.1));
  const vals = new Float64Array(256);
  for (let s = 0; s < steps; s++) {
    for (let layer = 0; layer < layers; layer++) {
      const spread = 1 + s / 100;
      for (let k = 0; k < vals.length; k++) vals[k] = base[layer][k] * spread * (1 + 0.1 * (rnd() - 0.5));
      const tag = `${layer % 2 ? "grads" : "weights"}/layer${layer >> 1}.weight`;
      w.add(histogramEvent(tag, s, histogramFromValues(vals), T0 + s));
    }
  }
  w.close();
  return w;
}

interface Timing {
  wall: number;
  cpu: number;
  events: number;
}
interface Result {
  label: string;
  reader: string;
  bytes: number;
  events: number;
  t: Timing;
  peak: number;
  ratio?: number;
  ratioWall?: number;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function time(fn: () => Promise<number> | number): Promise<Timing> {
  const w = process.hrtime.bigint(),
    c = cpuSeconds();
  const events = await fn();
  return { wall: Number(process.hrtime.bigint() - w) / 1e9, cpu: cpuSeconds() - c, events };
}

async function trainscopeRead(file: string): Promise<{ events: number; dir: RunDir }> {
  const dir = new RunDir(".");
  const src = await reader.readEventFile(file, path.basename(file), dir, undefined, { verifyDataCrc: true });
  if (dir.problems.length) throw new Error(`unexpected problems: ${JSON.stringify(dir.problems.slice(0, 3))}`);
  return { events: src.records, dir };
}

const READERS = {
  reference: async (file: string): Promise<{ events: number; keep?: unknown }> => ({ events: referenceScan(file) }),
  trainscope: async (file: string): Promise<{ events: number; keep?: unknown }> => {
    const r = await trainscopeRead(file);
    return { events: r.events, keep: r.dir };
  },
};
type ReaderName = keyof typeof READERS;

/** Child mode: one read in this fresh process; prints the peak resident memory it added, in bytes. */
async function child(name: ReaderName, file: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().rss;
  const r = await READERS[name](file);
  const peak = process.resourceUsage().maxRSS * 1024 - before;
  process.stdout.write(JSON.stringify({ peak, events: r.events, kept: r.keep !== undefined }));
}

function peakMemory(name: ReaderName, file: string): number {
  const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), "--child", name, file], {
    encoding: "utf8",
  });
  return (JSON.parse(out) as { peak: number }).peak;
}

const MB = 1024 * 1024;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

async function compare(label: string, file: string, bytes: number): Promise<Result[]> {
  console.log(`\n${label}: ${path.basename(file)}, ${(bytes / MB).toFixed(1)} MB`);
  const best: Record<ReaderName, Timing | undefined> = { reference: undefined, trainscope: undefined };
  for (let i = 0; i < RUNS; i++) {
    for (const name of (i % 2 ? ["trainscope", "reference"] : ["reference", "trainscope"]) as ReaderName[]) {
      let keep: unknown; // holds the result in memory until the timing is taken
      const t = await time(async () => {
        const r = await READERS[name](file);
        keep = r.keep;
        return r.events;
      });
      const b = best[name];
      best[name] = { wall: Math.min(t.wall, b?.wall ?? Infinity), cpu: Math.min(t.cpu, b?.cpu ?? Infinity), events: t.events };
      void keep;
      keep = undefined;
    }
  }
  const results: Result[] = [];
  for (const name of ["reference", "trainscope"] as ReaderName[]) {
    const t = best[name]!;
    results.push({ label, reader: name, bytes, events: t.events, t, peak: peakMemory(name, file) });
  }
  const [ref, ts] = results;
  ts.ratio = ref.t.cpu / ts.t.cpu;
  ts.ratioWall = ref.t.wall / ts.t.wall;
  for (const r of results) {
    console.log(
      `  ${r.reader.padEnd(10)} ${(r.events / r.t.cpu / 1000).toFixed(0).padStart(6)} k events/s  ${(bytes / MB / r.t.cpu).toFixed(1).padStart(6)} MB/s per CPU second` +
        ` (cpu ${r.t.cpu.toFixed(3)} s, wall ${r.t.wall.toFixed(3)} s: ${(r.events / r.t.wall / 1000).toFixed(0)} k events/s)  peak memory +${(r.peak / MB).toFixed(0)} MB = ${(r.peak / bytes).toFixed(2)}x the file`,
    );
  }
  console.log(
    `  ratio trainscope/reference: ${(ts.ratio * 100).toFixed(0)} % by CPU time, ${(ts.ratioWall * 100).toFixed(0)} % by wall time (target >= 70 %); ` +
      `peak memory ${(ts.peak / bytes).toFixed(2)}x the file size (target < 3x)`,
  );
  return results;
}

/** 1234567 → "1.23 M", 45678 → "45.7 k". */
function rate(perSecond: number): string {
  return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M` : `${(perSecond / 1e3).toFixed(1)} k`;
}

function summaryTable(rows: Result[], logdir?: { seconds: number; runs: number }): string {
  const lines = ["| file | reader | events/s | MB/s | peak memory | vs reference | target met |", "|---|---|---:|---:|---:|---:|---|"];
  for (const r of rows) {
    const ts = r.reader === "trainscope";
    const met = ts ? (r.ratio! >= 0.7 && r.peak / r.bytes < 3 ? "yes" : "no") : "";
    lines.push(
      `| ${r.label} | ${r.reader} | ${rate(r.events / r.t.cpu)} | ${(r.bytes / MB / r.t.cpu).toFixed(0)} | ${(r.peak / r.bytes).toFixed(2)}x file | ` +
        `${ts ? `${(r.ratio! * 100).toFixed(0)} % (wall ${(r.ratioWall! * 100).toFixed(0)} %)` : "100 %"} | ${met} |`,
    );
  }
  if (logdir)
    lines.push(
      `| 200-run logdir | trainscope loadExperiment | | | | ${logdir.seconds.toFixed(2)} s for ${logdir.runs} runs | ${logdir.seconds < 3 ? "yes" : "no"} (< 3 s) |`,
    );
  return lines.join("\n");
}

async function main(): Promise<void> {
  const scalarEvents = Number(process.env.BENCH_EVENTS ?? 1_000_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-bench-"));
  try {
    console.log(`trainscope benchmark (node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"}), files in ${tmp}`);
    const sf = writeScalarFile(path.join(tmp, "events.out.tfevents.1700000000.bench.1.0"), scalarEvents);
    const hf = writeHistogramFile(path.join(tmp, "events.out.tfevents.1700000000.bench.2.0"), 150);
    const rows = [
      ...(await compare(`scalar file (${sf.events} events, 10 tags)`, sf.file, sf.bytes)),
      ...(await compare(`histogram file (${hf.events} events, 40 tags)`, hf.file, hf.bytes)),
    ];
    rows[0].label = rows[1].label = `scalar, ${sf.events.toLocaleString("en")} events, ${(sf.bytes / MB).toFixed(0)} MB`;
    rows[2].label = rows[3].label = `histogram, ${hf.events} events x ~${histogramBuckets(hf)} buckets, ${(hf.bytes / MB).toFixed(0)} MB`;

    let logdirResult: { seconds: number; runs: number } | undefined;
    const load = (reader as Record<string, unknown>).loadExperiment as ((p: string) => Promise<{ runs: unknown[] }>) | undefined;
    if (typeof load === "function") {
      const logdir = path.join(tmp, "logdir");
      const rnd = prng(3);
      for (let r = 0; r < 200; r++) {
        const d = path.join(logdir, `run_${String(r).padStart(3, "0")}`);
        fs.mkdirSync(d, { recursive: true });
        const w = new RecordFile(path.join(d, `events.out.tfevents.${T0 + r}.bench.${r}.0`));
        w.add(fileVersionEvent(T0 + r));
        for (let s = 0; s < 500; s++) {
          w.add(scalarEvent("loss/train", s, 2 * Math.exp(-s / 200) + rnd() * 0.1, T0 + r + s));
          w.add(scalarEvent("acc/train", s, 1 - Math.exp(-s / 200), T0 + r + s));
          if (s % 10 === 0) {
            w.add(scalarEvent("loss/val", s, 2 * Math.exp(-s / 250), T0 + r + s));
            w.add(scalarEvent("lr", s, 0.1, T0 + r + s));
          }
        }
        w.close();
      }
      const m = await time(async () => (await load(logdir)).runs.length);
      logdirResult = { seconds: m.wall, runs: m.events };
      console.log(
        `\n200-run logdir (200 x ~1100 events): loadExperiment ${m.wall.toFixed(2)} s wall (${m.cpu.toFixed(2)} s CPU) for ${m.events} runs (target < 3 s)`,
      );
    } else {
      console.log("\n200-run logdir: skipped (loadExperiment not exported by src/reader/index.ts)");
    }
    console.log(
      `\nSummary (events/s and MB/s per CPU second of one process, best of ${RUNS}; peak memory: peak resident set added by one read in a fresh process):\n`,
    );
    console.log(summaryTable(rows, logdirResult));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Mean number of buckets per histogram event of the file (read back through the reader). */
function histogramBuckets(f: RecordFile): number {
  const dir = new RunDir(".");
  reader.readEventBytes(fs.readFileSync(f.file), 0, "h", dir, { path: "h", format: "tfevents", readOffset: 0, size: 0, records: 0 });
  let n = 0,
    k = 0;
  for (const s of dir.histograms.values())
    for (const h of s.points) {
      n++;
      k += h.counts.length;
    }
  return Math.round(k / Math.max(1, n));
}

const argv = process.argv.slice(2);
if (argv[0] === "--child") await child(argv[1] as ReaderName, argv[2]);
else await main();
