// Team-mode benchmark (`npm run bench -- --team`): printed numbers, not a timed test. PostgreSQL is
// a private cluster (test/pg_cluster.test_util.ts) unless TRAINSCOPE_BENCH_PG_URL names a server
// to create databases on. Sizes: TEAM_RUNS runs (default 24) × 10 scalar tags × TEAM_STEPS steps
// (default 4000) plus 20 histograms of 200 buckets per run, as PyTorch writes them.
// TEAM_LOGDIR=DIR: section 2 only, over an existing logdir (e.g. `npm run bench -- --scale --size full
// --keep`'s 1 000 runs, 10 GB): the read, 1 and 4 workers, the counts check.
// Workers and dashboards run the compiled command (`npm run build:lib` first; TEAM_TSX=1: the sources).
//   1. storage layout: one chunk of 4096 points as bytea (float64 bytes) vs three float8[] columns:
//      insert and read time, table size (why pg_codec.ts stores bytea);
//   2. read throughput of one process (the reader, nothing stored) vs ingest throughput of 1 and of
//      4 `trainscope ingest` workers at once on the same logdir;
//   3. kill: a writer appends to every run for TEAM_KILL_SECONDS (default 35) while 2 workers
//      `--watch`; every 10 s one is killed with SIGKILL and started again; at the end the points in
//      the database are compared with a direct read (lost, duplicated);
//   4. 2 `serve --db` dashboards, 50 clients asking for series (down-sampled to 1000 points, as the
//      page does) for TEAM_LOAD_SECONDS (default 15): p50, p99, with the load average (the ratio
//      that does not depend on the machine's other work is the dashboards' CPU per answer).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { fileVersionEvent, frameRecord, histogramEvent, scalarEvent } from "../src/format/index.ts";
import { discoverRuns, loadRun } from "../src/reader/index.ts";
import { runHistograms, runScalars } from "../src/model/index.ts";
import { openPool, PgRunSource } from "../src/store/index.ts";
import { startTestPostgres } from "../test/pg_cluster.test_util.ts";
import { logdirBytes } from "./records.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = path.join(repo, "src/cli/main.ts");
const RUNS = Number(process.env.TEAM_RUNS ?? 24);
const STEPS = Number(process.env.TEAM_STEPS ?? 4000);
const TAGS = 10;
const KILL_SECONDS = Number(process.env.TEAM_KILL_SECONDS ?? 35);
const LOAD_SECONDS = Number(process.env.TEAM_LOAD_SECONDS ?? 15);
const CLIENTS = 50;

/** CPU seconds of a process: its own, plus its children's that it waited for (`/proc/PID/stat`: utime, stime, cutime, cstime). */
function cpuOf(pid: number | "self", withChildren = true): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const parts = f.slice(f.lastIndexOf(")") + 2).split(" ");
    const t = parts.slice(11, 15).map(Number);
    return (t[0] + t[1] + (withChildren ? t[2] + t[3] : 0)) / 100;
  } catch {
    return NaN;
  }
}

/** CPU seconds of the PostgreSQL server: the postmaster, its exited backends, and the live ones. */
function pgCpu(serverPid: number | undefined): number {
  if (serverPid === undefined) return NaN;
  let t = cpuOf(serverPid);
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      if (Number(f.slice(f.lastIndexOf(")") + 2).split(" ")[1]) === serverPid) t += cpuOf(Number(d), false);
    } catch {
      /* gone */
    }
  }
  return t;
}

let SERVER_PID: number | undefined;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

function appendEvents(file: string, events: Uint8Array[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let n = 0;
  const framed = events.map((e) => frameRecord(e));
  for (const f of framed) n += f.length;
  const buf = Buffer.allocUnsafe(n);
  let o = 0;
  for (const f of framed) {
    buf.set(f, o);
    o += f.length;
  }
  fs.appendFileSync(file, buf);
}

/** Events of run `r` for steps [from, to): 10 scalar tags every step, a histogram every STEPS/20 steps. */
function runEvents(r: number, from: number, to: number): Uint8Array[] {
  const ev: Uint8Array[] = [];
  if (from === 0) ev.push(fileVersionEvent(1_700_000_000));
  const limits = Float64Array.from({ length: 200 }, (_, i) => -1 + (2 * (i + 1)) / 200);
  for (let s = from; s < to; s++) {
    for (let t = 0; t < TAGS; t++)
      ev.push(scalarEvent(`train/metric_${t}`, s, Math.exp(-s / (1000 + r)) * (t + 1) + 0.001 * Math.sin(s + t), 1_700_000_000 + s * 0.1));
    if (s % Math.max(1, Math.floor(STEPS / 20)) === 0) {
      const counts = Float64Array.from({ length: 200 }, (_, i) => Math.round(1000 * Math.exp(-(((i - 100) / 30) ** 2))));
      let num = 0;
      for (const c of counts) num += c;
      ev.push(
        histogramEvent(
          "fc1/weight",
          s,
          { min: -1, max: 1, num, sum: 0, sumSquares: num / 3, bucketLimit: limits, bucket: counts },
          1_700_000_000 + s * 0.1,
        ),
      );
    }
  }
  return ev;
}

function eventFile(root: string, r: number): string {
  return path.join(root, `run_${String(r).padStart(3, "0")}`, "events.out.tfevents.1700000000.bench.1.0");
}

function makeLogdir(root: string, steps: number): number {
  let bytes = 0;
  for (let r = 0; r < RUNS; r++) {
    for (let s = 0; s < steps; s += 1000) appendEvents(eventFile(root, r), runEvents(r, s, Math.min(steps, s + 1000)));
    bytes += fs.statSync(eventFile(root, r)).size;
  }
  return bytes;
}

/** The workers and dashboards run the compiled command, as users run it (built first; TEAM_TSX=1: from the sources through tsx). */
const COMPILED = process.env.TEAM_TSX !== "1";
function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, COMPILED ? [path.join(repo, "bin/trainscope.js"), ...args] : ["--import", "tsx", CLI, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, TRAINSCOPE_PROGRESS: "0" },
  });
}
function exited(p: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve(p.exitCode) : p.once("exit", (c) => resolve(c))));
}

async function layoutMeasure(url: string): Promise<void> {
  const c = new pg.Client(url);
  await c.connect();
  const chunks = 250,
    n = 4096;
  const arr = Float64Array.from({ length: n }, (_, i) => Math.exp(-i / 900) + Math.sin(i) * 1e-3);
  const bytea = Buffer.from(new Float64Array([...arr, ...arr, ...arr]).buffer);
  await c.query(
    "CREATE TABLE bench_bytea (id int PRIMARY KEY, data bytea); ALTER TABLE bench_bytea ALTER COLUMN data SET STORAGE EXTERNAL",
  );
  await c.query("CREATE TABLE bench_arr (id int PRIMARY KEY, steps float8[], walls float8[], vals float8[])");
  const arrList = [...arr];
  let t = performance.now();
  for (let i = 0; i < chunks; i++) await c.query("INSERT INTO bench_bytea VALUES ($1, $2)", [i, bytea]);
  const insB = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < chunks; i++) await c.query("INSERT INTO bench_arr VALUES ($1, $2, $3, $4)", [i, arrList, arrList, arrList]);
  const insA = performance.now() - t;
  t = performance.now();
  const rb = await c.query("SELECT data FROM bench_bytea");
  let sum = 0;
  for (const row of rb.rows as { data: Buffer }[])
    sum += new Float64Array(row.data.buffer.slice(row.data.byteOffset, row.data.byteOffset + row.data.length))[0];
  const readB = performance.now() - t;
  t = performance.now();
  const ra = await c.query("SELECT steps, walls, vals FROM bench_arr");
  for (const row of ra.rows as { vals: number[] }[]) sum += Float64Array.from(row.vals)[0];
  const readA = performance.now() - t;
  const size = async (tname: string) => Number((await c.query(`SELECT pg_total_relation_size('${tname}') AS s`)).rows[0].s) / 1e6;
  const pts = (chunks * n) / 1e6;
  console.log(`\n1. storage of ${pts.toFixed(2)} M points (chunks of ${n}; step, wall time, value as float64):`);
  console.log(`   bytea:    insert ${insB.toFixed(0)} ms, read ${readB.toFixed(0)} ms, ${(await size("bench_bytea")).toFixed(1)} MB`);
  console.log(
    `   float8[]: insert ${insA.toFixed(0)} ms, read ${readA.toFixed(0)} ms, ${(await size("bench_arr")).toFixed(1)} MB  (checksum ${sum.toFixed(3)})`,
  );
  await c.query("DROP TABLE bench_bytea; DROP TABLE bench_arr");
  await c.end();
}

async function readThroughput(root: string, bytes: number): Promise<{ wall: number; cpu: number }> {
  const t = performance.now();
  const c0 = process.cpuUsage();
  let points = 0;
  for (const d of await discoverRuns(root)) {
    const run = await loadRun(root, d);
    for (const s of runScalars(run).values()) points += s.length;
  }
  const s = (performance.now() - t) / 1000;
  const cu = process.cpuUsage(c0);
  const cpu = (cu.user + cu.system) / 1e6;
  console.log(
    `   one process reads:   ${(bytes / 1e6 / s).toFixed(1)} MB/s wall, ${(bytes / 1e6 / cpu).toFixed(1)} MB per CPU-second (${s.toFixed(2)} s, ${(points / s / 1e6).toFixed(2)} M points/s, nothing stored; in-process, no start-up)`,
  );
  return { wall: bytes / 1e6 / s, cpu: bytes / 1e6 / cpu };
}

async function ingest(url: string, root: string, workers: number, bytes: number, read: { wall: number; cpu: number }): Promise<void> {
  // two start-ups are measured the same way and taken out of the workers' CPU time: the command's
  // (`--help`) and a worker's whole fixed cost (an ingest of a directory holding no run: process,
  // modules, connection, schema check, one pass), which a long-running `--watch` worker pays once
  const h0 = cpuOf("self");
  await exited(cli(["--help"]));
  const startup = cpuOf("self") - h0;
  const none = path.join(path.dirname(root), "no-runs");
  fs.mkdirSync(none, { recursive: true });
  fs.writeFileSync(path.join(none, "README.txt"), "no training logs here\n");
  const f0 = cpuOf("self");
  await exited(cli(["ingest", none, "--db", url]));
  const fixed = cpuOf("self") - f0;
  const t = performance.now();
  const c0 = cpuOf("self"),
    p0 = pgCpu(SERVER_PID);
  const ps = Array.from({ length: workers }, () => cli(["ingest", root, "--db", url]));
  const codes = await Promise.all(ps.map(exited));
  const s = (performance.now() - t) / 1000;
  const whole = cpuOf("self") - c0,
    dbCpu = pgCpu(SERVER_PID) - p0;
  const workerCpu = whole - workers * startup,
    steadyCpu = whole - workers * fixed;
  const mbs = bytes / 1e6 / s;
  const perCpu = bytes / 1e6 / (workerCpu + dbCpu),
    perSteady = bytes / 1e6 / (steadyCpu + dbCpu);
  console.log(
    `   ${workers} ingest worker(s): ${mbs.toFixed(1)} MB/s wall (${s.toFixed(2)} s whole processes, exit ${codes.join(",")}) = ${((100 * mbs) / read.wall).toFixed(0)} % of the read's wall throughput; ` +
      `CPU: workers ${whole.toFixed(2)} s whole, PostgreSQL ${dbCpu.toFixed(2)} s\n` +
      `      command start-up (${startup.toFixed(2)} s each) taken out: ${perCpu.toFixed(1)} MB per CPU-second = ${((100 * perCpu) / read.cpu).toFixed(0)} % of the read's\n` +
      `      a worker's fixed cost (${fixed.toFixed(2)} s each: start-up, modules, connection, an empty pass) taken out: ${perSteady.toFixed(1)} MB per CPU-second = ${((100 * perSteady) / read.cpu).toFixed(0)} % of the read's`,
  );
}

async function countsMatch(url: string, root: string): Promise<{ want: number; have: number; mismatched: number }> {
  const pool = await openPool(url, { max: 2 });
  const src = new PgRunSource(pool, "default");
  let want = 0,
    have = 0,
    mismatched = 0;
  for (const d of await discoverRuns(root)) {
    const a = await loadRun(root, d);
    const b = await src.load(d.name);
    const sa = runScalars(a),
      sb = b ? runScalars(b.run) : new Map();
    for (const [k, s] of sa) {
      want += s.length;
      const x = sb.get(k);
      have += x?.length ?? 0;
      if (
        !x ||
        x.length !== s.length ||
        !Buffer.from(x.values.buffer, 0, x.length * 8).equals(Buffer.from(s.values.buffer, 0, s.length * 8))
      )
        mismatched++;
    }
    for (const [k, h] of runHistograms(a)) {
      want += h.length;
      const x = b ? runHistograms(b.run).get(k) : undefined;
      have += x?.length ?? 0;
      if (!x || x.length !== h.length) mismatched++;
    }
  }
  const dup = await pool.query(
    "SELECT count(*) AS bad FROM (SELECT s.id FROM series s LEFT JOIN chunks c ON c.series_id = s.id GROUP BY s.id, s.n HAVING coalesce(sum(c.n), 0) <> s.n) x",
  );
  mismatched += Number(dup.rows[0].bad);
  await pool.end();
  return { want, have, mismatched };
}

async function killLoop(url: string, root: string): Promise<void> {
  let steps = STEPS;
  const watch = () => cli(["ingest", root, "--db", url, "--watch", "--interval", "1"]);
  const workers = [watch(), watch()];
  let kills = 0;
  const t0 = performance.now();
  let nextKill = t0 + 10_000;
  while (performance.now() - t0 < KILL_SECONDS * 1000) {
    for (let r = 0; r < RUNS; r++) appendEvents(eventFile(root, r), runEvents(r, steps, steps + 50));
    steps += 50;
    await new Promise((res) => setTimeout(res, 500));
    if (performance.now() >= nextKill) {
      const k = kills % 2;
      workers[k].kill("SIGKILL");
      await exited(workers[k]);
      workers[k] = watch();
      kills++;
      nextKill += 10_000;
    }
  }
  // let them catch up, then stop them
  await new Promise((res) => setTimeout(res, 8000));
  for (const w of workers) w.kill("SIGTERM");
  await Promise.all(workers.map(exited));
  const r = await countsMatch(url, root);
  console.log(
    `\n3. kill every 10 s: ${KILL_SECONDS} s of appends by a writer, 2 workers --watch, ${kills} SIGKILL(s): ${r.have} of ${r.want} points and histograms in the database (${r.want - r.have} lost, duplicated or mismatched series: ${r.mismatched})`,
  );
}

interface RoundResult {
  p50: number;
  p99: number;
  cpuPerAnswer: number;
}

/** Two dashboards started with `args`, their base URLs once they listen. */
async function startDashboards(args: string[]): Promise<{ servers: ChildProcess[]; bases: string[] }> {
  const servers = [cli(args), cli(args)];
  const bases = await Promise.all(
    servers.map(
      (s) =>
        new Promise<string>((resolve, reject) => {
          let out = "";
          s.stdout!.on("data", (b: Buffer) => {
            out += b;
            const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
            if (m) resolve(m[0]);
          });
          s.once("exit", (c) => reject(new Error(`serve exited ${c}`)));
        }),
    ),
  );
  // the page's first visit: the run list, then the series
  for (const b of bases) await (await fetch(`${b}api/runs`)).json();
  return { servers, bases };
}

/** CLIENTS clients asking both dashboards for series for LOAD_SECONDS. */
async function round(servers: ChildProcess[], bases: string[], names: string[], label: string): Promise<RoundResult> {
  const cpu0 = servers.map((x) => cpuOf(x.pid!, false));
  const lat: number[] = [];
  let errors = 0;
  const until = performance.now() + LOAD_SECONDS * 1000;
  let k = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      while (performance.now() < until) {
        const i = k++;
        const base = bases[(c + i) % 2];
        const run = names[(c * 7 + i) % names.length];
        const tag = `train/metric_${(c + i) % TAGS}`;
        const t = performance.now();
        const r = await fetch(`${base}api/scalars?run=${encodeURIComponent(run)}&tag=${encodeURIComponent(tag)}&points=1000&smoothing=0.6`);
        await r.arrayBuffer();
        if (r.status !== 200) errors++;
        else lat.push(performance.now() - t);
      }
    }),
  );
  const cpu = servers.reduce((a, x, i) => a + cpuOf(x.pid!, false) - cpu0[i], 0);
  const res = { p50: pct(lat, 50), p99: pct(lat, 99), cpuPerAnswer: (1000 * cpu) / Math.max(1, lat.length) };
  console.log(
    `   ${label}: ${lat.length} answers (${(lat.length / LOAD_SECONDS).toFixed(0)}/s), ${errors} errors; p50 ${res.p50.toFixed(0)} ms, p99 ${res.p99.toFixed(0)} ms; dashboards' CPU ${res.cpuPerAnswer.toFixed(1)} ms per answer (load average ${os.loadavg()[0].toFixed(1)})`,
  );
  return res;
}

async function stopAll(servers: ChildProcess[]): Promise<void> {
  for (const s of servers) s.kill("SIGTERM");
  await Promise.all(servers.map(exited));
}

async function dashboards(url: string, root: string): Promise<void> {
  const names = (await discoverRuns(root)).map((d) => d.name);
  console.log(
    `\n4. 2 dashboards (serve --db), ${CLIENTS} clients × ${LOAD_SECONDS} s each round, /api/scalars down-sampled to 1000 points with smoothing:`,
  );
  const db = await startDashboards(["serve", "--db", url, "--port", "0"]);
  const d1 = await round(
    db.servers,
    db.bases,
    names,
    "first round (each series read from the database on its first request, while each dashboard also reads every run whole for its run list)",
  );
  const d2 = await round(
    db.servers,
    db.bases,
    names,
    "second round (series and answers kept per run version; the run versions checked every second)",
  );
  await stopAll(db.servers);
  // the reference measured in the same run: the same clients against 2 dashboards over the logdir itself
  console.log(
    `   reference: the same clients against 2 dashboards over the logdir (serve LOGDIR --no-index, every run read from the files):`,
  );
  const ref = await startDashboards(["serve", root, "--no-index", "--port", "0"]);
  const r1 = await round(ref.servers, ref.bases, names, "first round (each run read from its files, answers computed on first request)");
  const r2 = await round(ref.servers, ref.bases, names, "second round (runs and answers in memory)");
  await stopAll(ref.servers);
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  console.log(
    `   database vs logdir dashboards: first round p50 ×${ratio(d1.p50, r1.p50)}, p99 ×${ratio(d1.p99, r1.p99)}, CPU per answer ×${ratio(d1.cpuPerAnswer, r1.cpuPerAnswer)}; ` +
      `second round p50 ×${ratio(d2.p50, r2.p50)}, p99 ×${ratio(d2.p99, r2.p99)}, CPU per answer ×${ratio(d2.cpuPerAnswer, r2.cpuPerAnswer)}`,
  );
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-team-bench-"));
  const given = process.env.TRAINSCOPE_BENCH_PG_URL;
  const prev = process.env.TRAINSCOPE_TEST_PG_URL;
  if (given) process.env.TRAINSCOPE_TEST_PG_URL = given;
  const pgs = await startTestPostgres();
  if (given) process.env.TRAINSCOPE_TEST_PG_URL = prev;
  if ("skip" in pgs) {
    console.log(`team bench skipped: ${pgs.skip}`);
    return;
  }
  SERVER_PID = pgs.serverPid;
  try {
    if (COMPILED) {
      const b = spawnSync("npm", ["run", "build:lib"], { cwd: repo, encoding: "utf8" });
      if (b.status !== 0) throw new Error(`npm run build:lib failed: ${b.stderr}`);
    }
    console.log(
      `team mode on PostgreSQL (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}): ${RUNS} runs × ${TAGS} tags × ${STEPS} steps + histograms`,
    );
    const logdirGiven = process.env.TEAM_LOGDIR;
    if (!logdirGiven) await layoutMeasure(await pgs.newDatabase());
    const root = logdirGiven ? path.resolve(logdirGiven) : path.join(tmp, "logs");
    const bytes = logdirGiven ? logdirBytes(root) : makeLogdir(root, STEPS);
    console.log(
      logdirGiven
        ? `\n2. throughput over ${(bytes / 1e6).toFixed(1)} MB (${root}):`
        : `\n2. throughput over ${(bytes / 1e6).toFixed(1)} MB (${((RUNS * TAGS * STEPS) / 1e6).toFixed(2)} M scalar events):`,
    );
    const read = await readThroughput(root, bytes);
    const one = await pgs.newDatabase();
    await ingest(one, root, 1, bytes, read);
    const four = await pgs.newDatabase();
    await ingest(four, root, 4, bytes, read);
    // what a worker costs when nothing is new (start-up, discovery, one look at the committed files per run)
    const q0 = cpuOf("self");
    const t0 = performance.now();
    await exited(cli(["ingest", root, "--db", four]));
    console.log(
      `   a worker's pass with nothing new: ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${(cpuOf("self") - q0).toFixed(2)} s CPU (whole process)`,
    );
    const c = await countsMatch(four, root);
    console.log(`   after 4 workers: ${c.have} of ${c.want} points in the database, ${c.mismatched} series lost, duplicated or different`);
    const sizes = await new pg.Client(four);
    await sizes.connect();
    const sz = await sizes.query("SELECT pg_database_size(current_database()) AS db, pg_total_relation_size('chunks') AS chunks");
    console.log(
      `   database ${(Number(sz.rows[0].db) / 1e6).toFixed(1)} MB (chunks ${(Number(sz.rows[0].chunks) / 1e6).toFixed(1)} MB) for ${(bytes / 1e6).toFixed(1)} MB of event files`,
    );
    await sizes.end();
    if (logdirGiven) return;
    await dashboards(four, root);
    const killRoot = path.join(tmp, "kill");
    makeLogdir(killRoot, 1000);
    await killLoop(await pgs.newDatabase(), killRoot);
  } finally {
    await pgs.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
