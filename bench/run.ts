// `npm run bench`: deterministic event files generated into a temp dir and read (1) by trainscope's
// full event-file reader (both CRCs verified, every value materialised in the data model) and (2) by a
// minimal reference scan (framing + both CRCs + hand decoding of tag/step/value, nothing kept), which
// marks the practical limit on this machine. Prints events/s, MB/s, peak memory and the ratio.
// Also times inspecting a 200-run logdir with `loadExperiment` when the reader exports it.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { crc32c, maskCrc, frameRecord, fileVersionEvent, scalarEvent, histogramEvent, histogramFromValues } from "../src/format/index.ts";
import { RunDir } from "../src/model/index.ts";
import * as reader from "../src/reader/index.ts";

/** mulberry32 PRNG: the files are the same on every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Streams framed records to a file through a 4 MB buffer. */
class RecordFile {
  private fd: number;
  private buf = Buffer.allocUnsafe(4 << 20);
  private n = 0;
  bytes = 0;
  events = 0;
  constructor(readonly file: string) { this.fd = fs.openSync(file, "w"); }
  add(event: Uint8Array): void {
    const rec = frameRecord(event);
    if (this.n + rec.length > this.buf.length) this.flush();
    if (rec.length > this.buf.length) { fs.writeSync(this.fd, rec); } else { this.buf.set(rec, this.n); this.n += rec.length; }
    this.bytes += rec.length;
    this.events++;
  }
  private flush(): void { fs.writeSync(this.fd, this.buf, 0, this.n); this.n = 0; }
  close(): void { this.flush(); fs.closeSync(this.fd); }
}

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

/** Histograms of 20 layers (weights and grads, ~30-60 buckets each) over many steps, as PyTorch writes them. */
function writeHistogramFile(file: string, steps: number): RecordFile {
  const rnd = prng(2);
  const w = new RecordFile(file);
  w.add(fileVersionEvent(T0));
  const vals = new Float64Array(256);
  const cache: Uint8Array[] = [];
  for (let layer = 0; layer < 40; layer++) {
    for (let k = 0; k < vals.length; k++) vals[k] = (rnd() - 0.5) * (layer + 1) * 0.1;
    cache.push(new Uint8Array(0));
    const h = histogramFromValues(vals);
    const tag = `${layer % 2 ? "grads" : "weights"}/layer${layer >> 1}.weight`;
    for (let s = 0; s < steps; s++) w.add(histogramEvent(tag, s, h, T0 + s));
  }
  w.close();
  return w;
}

interface Measure { seconds: number; peakRss: number; peakArrayBuffers: number; events: number }

/** Runs `fn`, sampling RSS and arrayBuffers; returns elapsed seconds and peaks above the starting level. */
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/** Memory in use (JS heap + buffers). `rss` is sampled too but stays high after earlier runs, so the peak is taken on heap + external. */
function inUse(m: NodeJS.MemoryUsage): number { return m.heapUsed + m.external; }

async function measure(fn: () => Promise<number> | number): Promise<Measure> {
  gc();
  const base = process.memoryUsage();
  let peakRss = inUse(base), peakAb = base.arrayBuffers;
  const sample = (): void => {
    const m = process.memoryUsage();
    if (inUse(m) > peakRss) peakRss = inUse(m);
    if (m.arrayBuffers > peakAb) peakAb = m.arrayBuffers;
  };
  const timer = setInterval(sample, 2);
  // the read itself is synchronous after the file is loaded, so the last sample (taken while the
  // file buffer and the model are both still alive) is the peak that matters
  const t = process.hrtime.bigint();
  const events = await fn();
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  sample();
  clearInterval(timer);
  return { seconds, peakRss: Math.max(peakRss - inUse(base), peakAb - base.arrayBuffers), peakArrayBuffers: peakAb - base.arrayBuffers, events };
}

/**
 * Reference scan: framing, both CRCs, and a hand decoding of the first summary value's tag bytes,
 * step and simple_value. Keeps nothing but a checksum of the values.
 */
function referenceScan(file: string): number {
  const buf = fs.readFileSync(file);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = 0, events = 0, acc = 0;
  while (p + 12 <= buf.length) {
    const len = view.getUint32(p, true);
    if (maskCrc(crc32c(buf, p, p + 8)) !== view.getUint32(p + 8, true)) throw new Error(`bad length CRC at ${p}`);
    const ds = p + 12, de = ds + len;
    if (maskCrc(crc32c(buf, ds, de)) !== view.getUint32(de, true)) throw new Error(`bad data CRC at ${p}`);
    // Event: wall_time (0x09), step (0x10), summary (0x2a) → value (0x0a) → tag (0x0a), simple_value (0x15)
    let q = ds, step = 0;
    while (q < de) {
      const t = buf[q++];
      if (t === 0x09) { acc += view.getFloat64(q, true) * 0; q += 8; }
      else if (t === 0x10) { let s = 0, sh = 0, b; do { b = buf[q++]; s += (b & 0x7f) * 2 ** sh; sh += 7; } while (b & 0x80); step = s; }
      else if ((t & 7) === 2) {
        let l = 0, sh = 0, b; do { b = buf[q++]; l += (b & 0x7f) * 2 ** sh; sh += 7; } while (b & 0x80);
        if (t === 0x2a) {
          // summary: first value
          let v = q + 1; let vl = 0; sh = 0; do { b = buf[v++]; vl += (b & 0x7f) * 2 ** sh; sh += 7; } while (b & 0x80);
          const ve = v + vl;
          while (v < ve) {
            const vt = buf[v++];
            if (vt === 0x0a) { const tl = buf[v++]; acc += buf[v] + tl; v += tl; }
            else if (vt === 0x15) { acc += view.getFloat32(v, true) + step; v += 4; }
            else if ((vt & 7) === 2) { let sl = 0; sh = 0; do { b = buf[v++]; sl += (b & 0x7f) * 2 ** sh; sh += 7; } while (b & 0x80); v += sl; }
            else if ((vt & 7) === 1) v += 8; else if ((vt & 7) === 5) v += 4; else { do { b = buf[v++]; } while (b & 0x80); }
          }
        }
        q += l;
      } else if ((t & 7) === 5) q += 4; else if ((t & 7) === 1) q += 8; else { let b; do { b = buf[q++]; } while (b & 0x80); }
    }
    events++;
    p = de + 4;
  }
  if (acc === 42.4242) console.log("");
  return events;
}

async function trainscopeRead(file: string): Promise<{ events: number; dir: RunDir }> {
  const dir = new RunDir(".");
  const src = await reader.readEventFile(file, path.basename(file), dir, undefined, { verifyDataCrc: true });
  if (dir.problems.length) throw new Error(`unexpected problems: ${JSON.stringify(dir.problems.slice(0, 3))}`);
  return { events: src.records, dir };
}

const MB = 1024 * 1024;
function fmt(m: Measure, bytes: number): string {
  return `${(m.events / m.seconds / 1000).toFixed(0).padStart(6)} k events/s  ${(bytes / MB / m.seconds).toFixed(1).padStart(6)} MB/s  ` +
    `${m.seconds.toFixed(3)} s  peak +heap+buffers ${(m.peakRss / MB).toFixed(0)} MB (arrayBuffers +${(m.peakArrayBuffers / MB).toFixed(0)} MB)`;
}

async function compare(label: string, file: string, bytes: number): Promise<void> {
  console.log(`\n${label}: ${path.basename(file)}, ${(bytes / MB).toFixed(1)} MB`);
  // warm-up on a small slice of work is part of neither measurement; take the best of 3 runs each
  let best: Measure | undefined, bestRef: Measure | undefined;
  for (let i = 0; i < 3; i++) {
    const r = await measure(() => referenceScan(file));
    if (!bestRef || r.seconds < bestRef.seconds) bestRef = r;
    let keep: RunDir | undefined;
    const t = await measure(async () => { const x = await trainscopeRead(file); keep = x.dir; return x.events; });
    if (!best || t.seconds < best.seconds) best = t;
    if (!keep) throw new Error("nothing read");
  }
  console.log(`  reference scan  ${fmt(bestRef!, bytes)}`);
  console.log(`  trainscope      ${fmt(best!, bytes)}`);
  console.log(`  ratio trainscope/reference: ${(bestRef!.seconds / best!.seconds * 100).toFixed(0)} % (target >= 70 %); ` +
    `peak memory ${(best!.peakRss / bytes).toFixed(2)}x the file size (target < 3x)`);
}

async function main(): Promise<void> {
  const scalarEvents = Number(process.env.BENCH_EVENTS ?? 1_000_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-bench-"));
  try {
    console.log(`trainscope benchmark (node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"}), files in ${tmp}`);
    const sf = writeScalarFile(path.join(tmp, "events.out.tfevents.1700000000.bench.1.0"), scalarEvents);
    const hf = writeHistogramFile(path.join(tmp, "events.out.tfevents.1700000000.bench.2.0"), 150);
    await compare(`scalar file (${sf.events} events, 10 tags)`, sf.file, sf.bytes);
    await compare(`histogram file (${hf.events} events, 40 tags)`, hf.file, hf.bytes);

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
          if (s % 10 === 0) { w.add(scalarEvent("loss/val", s, 2 * Math.exp(-s / 250), T0 + r + s)); w.add(scalarEvent("lr", s, 0.1, T0 + r + s)); }
        }
        w.close();
      }
      const m = await measure(async () => (await load(logdir)).runs.length);
      console.log(`\n200-run logdir (200 x ~1100 events): loadExperiment ${m.seconds.toFixed(2)} s for ${m.events} runs (target < 3 s)`);
    } else {
      console.log("\n200-run logdir: skipped (loadExperiment not exported by src/reader/index.ts)");
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
