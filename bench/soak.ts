// Soak benchmark of the dashboard under hostile load (`node --import tsx bench/soak.ts`): printed
// numbers, not a timed test. Loopback only. `trainscope serve` runs in its own process over a
// temporary logdir (the example runs plus a 200 000-point run and a run with a 1 M-bucket
// histogram); 32 clients send requests for SOAK_SECONDS (default 60): mostly what the page asks
// (run list, tags, scalars, histograms, diagnosis, tensor statistics), one in five hostile (an
// export repeating `run` 40 times, 100 parameters, a Host of another name, a cross-site export, a
// full export of the big run read to its end, non-numbers, event streams past the cap, a POST).
// Printed: requests and answers by status, p50/p99 of the ordinary requests, the server's memory
// (RSS sampled every second: start, peak, end) and whether it stayed up.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fileVersionEvent, frameRecord, histogramEvent, scalarEvent } from "../src/format/index.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 32);

function writeRecords(file: string, gen: (put: (ev: Uint8Array) => void) => void): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, "w");
  const buf = Buffer.allocUnsafe(4 << 20);
  let used = 0;
  const put = (ev: Uint8Array) => {
    const rec = frameRecord(ev);
    if (used + rec.length > buf.length) {
      fs.writeSync(fd, buf, 0, used);
      used = 0;
    }
    if (rec.length > buf.length) {
      fs.writeSync(fd, rec);
      return;
    }
    buf.set(rec, used);
    used += rec.length;
  };
  gen(put);
  fs.writeSync(fd, buf, 0, used);
  fs.closeSync(fd);
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-soak-"));
  const logdir = path.join(tmp, "logs");
  fs.cpSync(path.join(repo, "examples/logs"), logdir, { recursive: true });
  writeRecords(path.join(logdir, "big_run", "events.out.tfevents.1700000000.soak.1.0"), (put) => {
    put(fileVersionEvent(1_700_000_000));
    for (let i = 0; i < 200_000; i++)
      put(
        scalarEvent("loss", i, 2 * Math.exp(-i / 40_000) + 0.01 * Math.sin(i), 1_700_000_000 + i * 0.01, { withPluginMetadata: i === 0 }),
      );
  });
  writeRecords(path.join(logdir, "wide_hist", "events.out.tfevents.1700000000.soak.1.0"), (put) => {
    put(fileVersionEvent(1_700_000_000));
    const k = 1_000_000;
    const limits = new Float64Array(k),
      counts = new Float64Array(k);
    let num = 0;
    for (let i = 0; i < k; i++) {
      limits[i] = -1 + (2 * (i + 1)) / k;
      counts[i] = i % 5;
      num += i % 5;
    }
    for (let s = 0; s < 3; s++)
      put(
        histogramEvent(
          "fc1/weight",
          s,
          { min: -1, max: 1, num, sum: 0, sumSquares: num / 3, bucketLimit: limits, bucket: counts },
          1_700_000_000 + s,
        ),
      );
    for (let i = 0; i < 100; i++) put(scalarEvent("loss", i, 1 / (i + 1), 1_700_000_000 + i));
  });

  const prof = process.env.SOAK_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.SOAK_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, "--import", "tsx", path.join(repo, "src/cli/main.ts"), "serve", logdir, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (b: Buffer) => {
    stderr += b;
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (b: Buffer) => {
      out += b;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) resolve(m[0]);
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error("no URL in 60 s")), 60_000).unref();
  });
  let exited: number | null | undefined;
  child.once("exit", (code) => {
    exited = code;
  });

  // wait until every run is loaded
  for (let i = 0; i < 240; i++) {
    const r = (await (await fetch(base + "api/runs")).json()) as { runs: { status: string }[] };
    if (r.runs.every((x) => x.status === "loaded" || x.status === "failed")) break;
    await new Promise((res) => setTimeout(res, 500));
  }
  const runs = ((await (await fetch(base + "api/runs")).json()) as { runs: { name: string }[] }).runs.map((r) => r.name);
  // warm-up, as a page that was opened once: each run's diagnosis and statistics computed (then cached)
  const warm = performance.now();
  for (const run of runs) {
    await (await fetch(base + "api/diagnosis?run=" + encodeURIComponent(run))).arrayBuffer();
    await (await fetch(base + "api/tensor-stats?run=" + encodeURIComponent(run))).arrayBuffer();
  }
  const warmMs = performance.now() - warm;
  const q = (o: Record<string, string | number>) => new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)])).toString();

  const ordinary: (() => string)[] = [
    () => "api/runs",
    () => `api/tags?${q({ run: runs[Math.floor(Math.random() * runs.length)] })}`,
    () => `api/scalars?${q({ run: "big_run", tag: "loss", points: 1500, smoothing: 0.6 })}`,
    () => `api/scalars?${q({ run: runs[Math.floor(Math.random() * runs.length)], tag: "train/batch_loss" })}`,
    () => `api/histograms?${q({ run: "wide_hist", tag: "fc1/weight", bins: 40, steps: 50 })}`,
    () => `api/diagnosis?${q({ run: runs[Math.floor(Math.random() * runs.length)] })}`,
    () => `api/tensor-stats?${q({ run: "wide_hist" })}`,
  ];
  const hostile: (() => Promise<Response>)[] = [
    () => fetch(base + "api/export?" + Array.from({ length: 40 }, () => "run=big_run").join("&") + "&tag=loss"),
    () => fetch(base + "api/runs?" + Array.from({ length: 100 }, (_, i) => `p${i}=1`).join("&")),
    () => fetch(base + "api/runs", { headers: { host: "attacker.example" } }),
    () => fetch(base + "api/export?run=big_run&tag=loss", { headers: { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" } }),
    async () => {
      const r = await fetch(base + "api/export?run=big_run&tag=loss");
      await r.arrayBuffer();
      return r;
    },
    () => fetch(base + "api/scalars?run=big_run&tag=loss&points=abc&min=Infinity"),
    async () => {
      const r = await fetch(base + "api/events");
      if (r.status === 200) setTimeout(() => void r.body?.cancel(), 2000);
      return r;
    },
    () => fetch(base + "api/runs", { method: "POST" }),
  ];

  const latencies: number[] = [];
  const byRoute = new Map<string, number[]>();
  const statuses = new Map<string, number>();
  const count = (k: string) => statuses.set(k, (statuses.get(k) ?? 0) + 1);
  let errors = 0,
    sent = 0;
  const rss: number[] = [rssOf(child.pid!)];
  const sampler = setInterval(() => rss.push(rssOf(child.pid!)), 1000);
  const end = Date.now() + SECONDS * 1000;
  const client = async (id: number) => {
    for (let n = 0; Date.now() < end && exited === undefined; n++) {
      sent++;
      try {
        if ((n + id) % 5 === 4) {
          const r = await hostile[(n + id) % hostile.length]();
          if (!r.bodyUsed) await r.body?.cancel().catch(() => {});
          count(`hostile ${r.status}`);
        } else {
          const url = ordinary[(n * 3 + id) % ordinary.length]();
          const t = performance.now();
          const r = await fetch(base + url);
          await r.arrayBuffer();
          const dt = performance.now() - t;
          latencies.push(dt);
          const route = url.split("?")[0];
          (byRoute.get(route) ?? byRoute.set(route, []).get(route)!).push(dt);
          count(`ordinary ${r.status}`);
        }
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  clearInterval(sampler);
  await new Promise((res) => setTimeout(res, 3000));
  rss.push(rssOf(child.pid!));
  const up = exited === undefined && (await fetch(base + "api/runs")).ok;
  child.kill("SIGTERM");
  await new Promise((res) => child.once("exit", res).once("error", res));
  fs.rmSync(tmp, { recursive: true, force: true });

  const mb = (v: number) => `${(v / 1048576).toFixed(0)} MB`;
  const finite = rss.filter(Number.isFinite);
  console.log(`soak: ${CLIENTS} clients x ${SECONDS} s on loopback, ${runs.length} runs (a 200 000-point run, a 1 M-bucket histogram)`);
  console.log(`  warm-up (diagnosis and statistics of every run, once): ${(warmMs / 1000).toFixed(1)} s`);
  console.log(`  requests ${sent}, client errors ${errors}, server up at the end: ${up ? "yes" : "NO"}`);
  console.log(
    `  answers: ${[...statuses]
      .sort()
      .map(([k, v]) => `${k}: ${v}`)
      .join(", ")}`,
  );
  console.log(
    `  ordinary requests: ${latencies.length}, p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(0)} ms`,
  );
  console.log(
    `  by route (p50/p99 ms): ${[...byRoute].map(([k, v]) => `${k} ${pct(v, 50).toFixed(0)}/${pct(v, 99).toFixed(0)}`).join(", ")}`,
  );
  console.log(
    `  server RSS: start ${mb(finite[0])}, peak ${mb(Math.max(...finite))}, end ${mb(finite[finite.length - 1])} (last 10 s: ${finite.slice(-11).map(mb).join(" ")})`,
  );
  if (!up) process.exitCode = 1;
}

await main();
