// One measurement of bench/scale.ts in its own process: `serve-cold` / `serve-warm` (the dashboard
// with the logdir's index), `serve-noindex`, `inspect` (what the command does, with its default worker threads; `inspect-1` in one thread) or `scan` (the reference
// scan of every event file). Times are from this process's start (performance.now(), start-up
// included); prints one JSON line.
import * as fs from "node:fs";
import * as path from "node:path";
import { createApp, indexedReader } from "../src/server/index.ts";
import { openIndex } from "../src/store/index.ts";
import { discoverLogdir } from "../src/reader/index.ts";
import { inspectRuns } from "../src/cli/inspect_pool.ts";
import { referenceScan } from "./reference_scan.ts";

const [mode, logdir, indexDir] = process.argv.slice(2);
const rssMB = () => process.resourceUsage().maxRSS / 1024;
/** CPU seconds of this process so far (every thread: the steadier measure on a shared machine). */
const cpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function files(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
}

async function serve(): Promise<void> {
  const startMs = performance.now();
  const index = mode === "serve-noindex" ? undefined : openIndex(logdir, indexDir);
  const workers = process.env.TRAINSCOPE_BENCH_WORKERS;
  const reader = index ? indexedReader(index, logdir, workers !== undefined ? { workers: Number(workers) } : {}) : undefined;
  const app = createApp({ logdir, ...(index ? { index, reader } : {}) });
  await app.ready;
  const readyMs = performance.now();
  const list = (await (await app.request("/api/runs")).json()) as { runs: { name: string }[] };
  const listMs = performance.now();
  const middle = list.runs[Math.floor(list.runs.length / 2)].name;
  const chart = await app.request(`/api/scalars?run=${encodeURIComponent(middle)}&tag=train/loss&points=1000`);
  if (chart.status !== 200) throw new Error(`chart: ${chart.status} ${await chart.text()}`);
  await chart.json();
  const chartMs = performance.now();
  await app.loaded;
  const allMs = performance.now();
  app.close();
  index?.close();
  console.log(
    JSON.stringify({
      mode,
      startMs,
      readyMs,
      listMs,
      runs: list.runs.length,
      chartMs,
      allMs,
      rssMB: rssMB(),
      cpuS: cpuS(),
      counts: reader?.runs.counts,
      workers: reader?.runs.workers ?? 0,
    }),
  );
}

async function main(): Promise<void> {
  if (mode.startsWith("serve")) return serve();
  const all = files(logdir);
  const bytes = all.reduce((a, f) => a + fs.statSync(f).size, 0);
  const t = performance.now();
  if (mode === "inspect" || mode === "inspect-1") {
    // what `trainscope inspect` does: one walk, then each run read, summarised and let go (in worker threads unless inspect-1)
    const runs = await inspectRuns(await discoverLogdir(logdir), mode === "inspect-1" ? { workers: 0 } : {});
    if (runs.length === 0) throw new Error("no run");
  } else {
    let n = 0;
    for (const f of all) if (f.includes("tfevents")) n += referenceScan(f);
    if (n === 0) throw new Error("no record");
  }
  console.log(JSON.stringify({ mode, bytes, seconds: (performance.now() - t) / 1000, rssMB: rssMB() }));
}

await main();
process.exit(0);
