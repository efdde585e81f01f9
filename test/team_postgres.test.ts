// Team mode on a real PostgreSQL (a private cluster, test/pg_cluster.test_util.ts; skipped with a
// note when no PostgreSQL binaries are installed): `trainscope ingest` of real logdirs stores every
// point bit for bit; two workers on overlapping logdirs at once write nothing twice; a worker killed
// with SIGKILL mid-ingest and started again ends with the same counts; a dashboard over the
// database answers /api/runs, /api/scalars and /api/diagnosis as the dashboard over the logdir does;
// tokens: 401 without or with an unknown one, 403 with another project's or an ingest token; in
// watch mode a growing run is diagnosed at most every interval and its last version once it stops
// growing, by any worker; a database of schema version 1 is brought to 2.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startTestPostgres, type TestPostgres } from "./pg_cluster.test_util.ts";
import { createToken, openPool, PgIngester, PgRunSource, PgSeriesReader, tokenChecker } from "../src/store/index.ts";
import { discoverRuns, loadRun } from "../src/reader/index.ts";
import { runHistograms, runScalars, type TrainingRun } from "../src/model/index.ts";
import { createApp, storedRunsBackends } from "../src/server/index.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = path.join(REPO, "src/cli/main.ts");
const EXAMPLES = path.join(REPO, "examples/logs");
const FIXTURES = path.join(REPO, "test/fixtures/tensorboard");

let server: TestPostgres | undefined;
let skip: string | undefined;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-team-"));

before(async () => {
  const s = await startTestPostgres();
  if ("skip" in s) skip = s.skip;
  else server = s;
});
after(async () => {
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], {
    cwd: REPO,
    encoding: "utf8",
    maxBuffer: 256 << 20,
    env: { ...process.env, TRAINSCOPE_PROGRESS: "0", ...env },
  });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: `${r.stderr}${r.signal ? ` (signal ${r.signal})` : ""}${r.error ? ` (${r.error.message})` : ""}`,
  };
}

function cliAsync(args: string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
}

function exited(p: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    p.exitCode !== null || p.signalCode !== null ? resolve(p.exitCode) : p.once("exit", (code) => resolve(code)),
  );
}

function bytes(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Every run under `root` read directly (what `serve LOGDIR` and `export` read). */
async function direct(root: string): Promise<Map<string, TrainingRun>> {
  const out = new Map<string, TrainingRun>();
  for (const d of await discoverRuns(root)) out.set(d.name, await loadRun(root, d));
  return out;
}

/** Asserts that the database holds exactly the runs of `root`, every scalar and histogram bit for bit. */
async function assertSameAsDirect(pool: pg.Pool, project: string, root: string): Promise<number> {
  const src = new PgRunSource(pool, project);
  const want = await direct(root);
  const have = await src.list();
  assert.equal(have.length, want.size);
  // runs are keyed by their directory; a run is named relative to the logdir of its first ingest
  const byPath = new Map<string, string>();
  for (const r of (
    await pool.query("SELECT r.name, r.path FROM runs r JOIN projects p ON p.id = r.project_id WHERE p.name = $1", [project])
  ).rows)
    byPath.set(r.path, r.name);
  const rootAbs = fs.realpathSync(root);
  let points = 0;
  for (const [dname, run] of want) {
    const name = byPath.get(dname === "." ? rootAbs : path.join(rootAbs, dname));
    assert.ok(name !== undefined, `run ${dname} is in the database`);
    const got = (await src.load(name))!;
    const a = runScalars(run),
      b = runScalars(got.run);
    assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort(), `scalar keys of ${name}`);
    for (const [key, s] of a) {
      const x = b.get(key);
      assert.ok(x, `${name} ${key}`);
      assert.equal(x.length, s.length, `${name} ${key} count`);
      assert.ok(bytes(x.steps).equals(bytes(s.steps)), `${name} ${key} steps`);
      assert.ok(bytes(x.wallTimes).equals(bytes(s.wallTimes)), `${name} ${key} wall times`);
      assert.ok(bytes(x.values).equals(bytes(s.values)), `${name} ${key} values`);
      assert.deepEqual(x.nonFinite, s.nonFinite);
      points += s.length;
    }
    const ha = runHistograms(run),
      hb = runHistograms(got.run);
    assert.deepEqual([...hb.keys()].sort(), [...ha.keys()].sort(), `histogram keys of ${name}`);
    for (const [key, h] of ha) {
      const x = hb.get(key)!;
      assert.equal(x.length, h.length);
      for (let i = 0; i < h.length; i++) {
        const p = h.points[i],
          q = x.points[i];
        assert.deepEqual(
          [q.step, q.wallTime, q.min, q.max, q.num, q.sum, q.sumSquares],
          [p.step, p.wallTime, p.min, p.max, p.num, p.sum, p.sumSquares],
        );
        assert.ok(bytes(q.counts).equals(bytes(Float64Array.from(p.counts))), `${name} ${key} #${i} counts`);
        assert.ok(bytes(q.lefts).equals(bytes(Float64Array.from(p.lefts.subarray(0, p.counts.length)))), `${name} ${key} #${i} lefts`);
      }
    }
    assert.deepEqual(got.run.roles, run.roles, `roles of ${name}`);
    assert.deepEqual([...got.run.hparams.keys()], [...run.hparams.keys()], `hparams of ${name}`);
  }
  return points;
}

/** Points stored per series equal the chunks' points, and no chunk sequence number twice (the primary key) or missing. */
async function assertNoDuplicates(pool: pg.Pool): Promise<void> {
  const r = await pool.query(
    `SELECT s.id, s.n, coalesce(sum(c.n), 0) AS stored, count(c.seq) AS chunks, coalesce(max(c.seq), -1) AS last
     FROM series s LEFT JOIN chunks c ON c.series_id = s.id GROUP BY s.id, s.n`,
  );
  for (const row of r.rows as { id: string; n: string; stored: string; chunks: string; last: number }[]) {
    assert.equal(Number(row.stored), Number(row.n), `series ${row.id}: chunks hold ${row.stored} points, the series says ${row.n}`);
    assert.equal(Number(row.chunks), row.last + 1, `series ${row.id}: chunk numbers not contiguous`);
  }
}

/** A logdir of `copies` copies of the example runs (for the concurrency and kill tests). */
function bigLogdir(name: string, copies: number): string {
  const dir = path.join(tmp, name);
  for (let k = 0; k < copies; k++) fs.cpSync(EXAMPLES, path.join(dir, `batch${String(k).padStart(2, "0")}`), { recursive: true });
  return dir;
}

test("ingest stores every point of real logdirs exactly; a second pass writes nothing", async (t) => {
  if (skip) return t.skip(skip);
  const url = await server!.newDatabase();
  const first = cli(["ingest", EXAMPLES, "--db", url, "--project", "examples", "--json"]);
  assert.equal(first.status, 0, first.stderr);
  const r1 = JSON.parse(first.stdout.trim().split("\n").pop()!);
  assert.equal(r1.runs, 8);
  assert.equal(r1.written, 8);
  assert.equal(r1.failed, 0);
  const second = cli(["ingest", EXAMPLES, "--db", url, "--project", "examples", "--json"]);
  assert.equal(second.status, 0, second.stderr);
  const r2 = JSON.parse(second.stdout.trim().split("\n").pop()!);
  assert.equal(r2.written, 0);
  assert.equal(r2.unchanged, 8);
  const fx = cli(["ingest", FIXTURES, "--db", url, "--project", "fixtures"]);
  assert.equal(fx.status, 0, fx.stderr);
  const pool = await openPool(url);
  try {
    const n = await assertSameAsDirect(pool, "examples", EXAMPLES);
    // the same count `trainscope export` writes
    const exp = cli(["export", EXAMPLES, "--format", "csv"]);
    assert.equal(exp.status, 0);
    assert.equal(exp.stdout.trim().split("\n").length - 1, n);
    await assertSameAsDirect(pool, "fixtures", FIXTURES);
    await assertNoDuplicates(pool);
    const files = await pool.query("SELECT count(*) AS n, sum(committed_offset) AS off, sum(size) AS size FROM files");
    assert.ok(Number(files.rows[0].n) > 8);
  } finally {
    await pool.end();
  }
});

test("a grown file: the next pass appends only its new points", async (t) => {
  if (skip) return t.skip(skip);
  const url = await server!.newDatabase();
  const dir = path.join(tmp, "grow");
  fs.mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, "metrics.csv");
  const rows = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => `${from + i},${(1 / (from + i + 1)).toFixed(6)}\n`).join("");
  fs.writeFileSync(csv, `epoch,loss\n${rows(0, 5000)}`);
  assert.equal(cli(["ingest", dir, "--db", url]).status, 0);
  fs.appendFileSync(csv, rows(5000, 9000));
  const again = cli(["ingest", dir, "--db", url, "--json"]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout.trim()).points, 4000);
  const pool = await openPool(url);
  try {
    await assertSameAsDirect(pool, "default", dir);
    await assertNoDuplicates(pool);
    const v = await pool.query("SELECT version FROM runs");
    assert.equal(v.rows[0].version, 2);
  } finally {
    await pool.end();
  }
});

test("two workers at once on overlapping logdirs write every point once", async (t) => {
  if (skip) return t.skip(skip);
  const url = await server!.newDatabase();
  const root = bigLogdir("overlap", 3);
  const a = cliAsync(["ingest", root, "--db", url]);
  const b = cliAsync(["ingest", path.join(root, "batch01"), root, "--db", url]);
  const [ca, cb] = await Promise.all([exited(a), exited(b)]);
  assert.equal(ca, 0);
  assert.equal(cb, 0);
  const pool = await openPool(url);
  try {
    await assertSameAsDirect(pool, "default", root);
    await assertNoDuplicates(pool);
  } finally {
    await pool.end();
  }
});

test("a worker killed with SIGKILL mid-ingest and started again loses and duplicates nothing", async (t) => {
  if (skip) return t.skip(skip);
  const url = await server!.newDatabase();
  const root = bigLogdir("killed", 4);
  const pool = await openPool(url);
  try {
    const w = cliAsync(["ingest", root, "--db", url]);
    // killed once some runs are committed and others not yet
    for (let i = 0; i < 600; i++) {
      const r = await pool.query("SELECT count(*) AS n FROM runs WHERE version > 0");
      if (Number(r.rows[0].n) >= 3 || w.exitCode !== null) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    const finished = w.exitCode !== null;
    w.kill("SIGKILL");
    await exited(w);
    const committed = Number((await pool.query("SELECT count(*) AS n FROM runs WHERE version > 0")).rows[0].n);
    t.diagnostic(`killed with ${committed} of 32 runs committed${finished ? " (the worker had already finished)" : ""}`);
    if (!finished) assert.ok(committed < 32, "killed before the end");
    await assertNoDuplicates(pool);
    const again = cli(["ingest", root, "--db", url]);
    assert.equal(again.status, 0, again.stderr);
    await assertSameAsDirect(pool, "default", root);
    await assertNoDuplicates(pool);
  } finally {
    await pool.end();
  }
});

test("a dashboard over the database answers as the dashboard over the logdir", async (t) => {
  if (skip) return t.skip(skip);
  const url = await server!.newDatabase();
  assert.equal(cli(["ingest", EXAMPLES, "--db", url]).status, 0);
  const pool = await openPool(url);
  const disk = createApp({ logdir: EXAMPLES, diagnoseInWorker: false });
  const { reader, diagnose } = storedRunsBackends(new PgRunSource(pool, "default"));
  // scalar series answered from their own chunks (PgSeriesReader), the rest from whole runs
  const series = new PgSeriesReader(pool, "default");
  const db = createApp({ label: "db", reader, diagnose, diagnoseInWorker: false, scalars: series });
  try {
    await Promise.all([disk.loaded, db.loaded]);
    const get = async (app: typeof disk, p: string) => {
      const r = await app.request(p);
      assert.equal(r.status, 200, p);
      return (await r.json()) as Record<string, unknown>;
    };
    type RunRow = { name: string; status: string; hparams: unknown; lastValues: unknown; problems: unknown; fileProblems: unknown };
    // diagnosis first, so the run list shows it on both sides
    const names = ((await get(disk, "/api/runs")).runs as RunRow[]).map((r) => r.name);
    for (const name of names) {
      const a = await get(disk, `/api/diagnosis?run=${encodeURIComponent(name)}`);
      const b = await get(db, `/api/diagnosis?run=${encodeURIComponent(name)}`);
      assert.deepEqual(b.findings, a.findings, `findings of ${name}`);
    }
    const pick = (rows: RunRow[]) =>
      rows.map(({ name, status, hparams, lastValues, problems, fileProblems }) => ({
        name,
        status,
        hparams,
        lastValues,
        problems,
        fileProblems,
      }));
    const ra = (await get(disk, "/api/runs")).runs as RunRow[];
    const rb = (await get(db, "/api/runs")).runs as RunRow[];
    assert.equal(ra.length, 8);
    assert.deepEqual(
      pick(rb).sort((x, y) => (x.name < y.name ? -1 : 1)),
      pick(ra).sort((x, y) => (x.name < y.name ? -1 : 1)),
    );
    let compared = 0;
    for (const name of names) {
      const tags = (await get(disk, `/api/tags?run=${encodeURIComponent(name)}`)).scalars as { tag: string }[];
      assert.deepEqual(((await get(db, `/api/tags?run=${encodeURIComponent(name)}`)).scalars as unknown[]).length, tags.length);
      for (const { tag } of tags) {
        for (const q of ["", "&points=50&smoothing=0.6", "&x=relative&points=40", "&x=wall&min=0&max=1e12"]) {
          const p = `/api/scalars?run=${encodeURIComponent(name)}&tag=${encodeURIComponent(tag)}${q}`;
          const a = await get(disk, p),
            b = await get(db, p);
          delete a.version;
          delete b.version;
          assert.deepEqual(b, a, p);
          compared++;
        }
      }
      const hist = (await get(disk, `/api/tags?run=${encodeURIComponent(name)}`)).histograms as { tag: string }[];
      for (const { tag } of hist.slice(0, 2)) {
        const p = `/api/histograms?run=${encodeURIComponent(name)}&tag=${encodeURIComponent(tag)}`;
        const a = await get(disk, p),
          b = await get(db, p);
        delete a.version;
        delete b.version;
        assert.deepEqual(b, a, p);
      }
    }
    assert.ok(compared > 20);
    // every series came from its own chunks, none from a run read whole for it
    assert.ok(series.size.series > 10, `${series.size.series} series read on their own`);
    const unknown = await db.request(`/api/scalars?run=${encodeURIComponent(names[0])}&tag=no%2Fsuch`);
    assert.equal(unknown.status, 404);
    assert.match(((await unknown.json()) as { error: string }).error, /has no scalar tag no\/such/);
  } finally {
    disk.close();
    db.close();
    await pool.end();
  }
});

test("tokens: read tokens of the project open the dashboard; none, unknown (401), another project's or an ingest token (403) do not", async (t) => {
  if (skip) return t.skip(skip);
  const url = await server!.newDatabase();
  assert.equal(cli(["ingest", EXAMPLES, "--db", url, "--project", "alpha"]).status, 0);
  const made = cli(["token", "create", "--db", url, "--project", "alpha", "--role", "read"]);
  assert.equal(made.status, 0, made.stderr);
  const read = made.stdout.trim();
  assert.match(read, /^ts_[\w-]{43}$/);
  const pool = await openPool(url);
  const c = await pool.connect();
  const ingestTok = await createToken(c, "alpha", "ingest");
  const otherRead = await createToken(c, "beta", "read");
  c.release();
  // only hashes are stored
  const stored = await pool.query("SELECT hash FROM tokens");
  assert.ok(stored.rows.every((r: { hash: Buffer }) => r.hash.length === 32 && !r.hash.toString("latin1").includes(read)));
  const { reader, diagnose } = storedRunsBackends(new PgRunSource(pool, "alpha"));
  const authorize = tokenChecker(pool, "alpha", "read");
  const remote = createApp({ label: "db", reader, diagnose, diagnoseInWorker: false, authorize, tokenRequired: true });
  const local = createApp({ label: "db", reader, diagnose, diagnoseInWorker: false, authorize, tokenRequired: false });
  try {
    await remote.ready;
    const status = async (app: typeof remote, token?: string, host = "team.example:6007") =>
      (await app.request("/api/runs", { headers: { host, ...(token ? { authorization: `Bearer ${token}` } : {}) } })).status;
    assert.equal(await status(remote), 401);
    assert.equal(await status(remote, "ts_not-a-token"), 401);
    assert.equal(await status(remote, ingestTok), 403);
    assert.equal(await status(remote, otherRead), 403);
    assert.equal(await status(remote, read), 200);
    const body = await (await remote.request(`/api/runs?token=${read}`, { headers: { host: "team.example" } })).json();
    assert.equal((body as { runs: unknown[] }).runs.length, 8);
    // on loopback a token is optional, but a wrong one is still refused
    assert.equal(await status(local, undefined, "127.0.0.1:6007"), 200);
    assert.equal(await status(local, ingestTok, "127.0.0.1:6007"), 403);
    assert.equal(await status(local, undefined, "team.example"), 403);
    // ingest: once the project has ingest tokens, a worker needs one
    assert.equal(cli(["ingest", EXAMPLES, "--db", url, "--project", "alpha"]).status, 2);
    assert.equal(cli(["ingest", EXAMPLES, "--db", url, "--project", "alpha", "--token", read]).status, 2);
    assert.equal(cli(["ingest", EXAMPLES, "--db", url, "--project", "alpha"], { TRAINSCOPE_TOKEN: ingestTok }).status, 0);
    // a revoked token is unknown
    assert.equal(cli(["token", "revoke", read, "--db", url]).status, 0);
    const fresh = createApp({
      label: "db",
      reader,
      diagnose,
      diagnoseInWorker: false,
      authorize: tokenChecker(pool, "alpha", "read"),
      tokenRequired: true,
    });
    assert.equal(await status(fresh, read), 401);
    fresh.close();
  } finally {
    remote.close();
    local.close();
    await pool.end();
  }
});

test("serve --db: the command serves the database on loopback and refuses beyond loopback without tokens", async (t) => {
  if (skip) return t.skip(skip);
  const url = await server!.newDatabase();
  assert.equal(cli(["ingest", EXAMPLES, "--db", url]).status, 0);
  const s = cliAsync(["serve", "--db", url, "--port", "0"]);
  try {
    const printed = await new Promise<string>((resolve, reject) => {
      let out = "";
      s.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /http:\/\/\S+/.exec(out);
        if (m) resolve(m[0]);
      });
      s.once("exit", () => reject(new Error(`serve exited: ${out}`)));
    });
    const runs = (await (await fetch(new URL("/api/runs", printed))).json()) as { runs: { name: string }[] };
    assert.equal(runs.runs.length, 8);
    // a chart of the command's dashboard (a series read on its own) is the logdir's
    const run = runs.runs[0].name;
    const want = runScalars((await direct(EXAMPLES)).get(run)!);
    const [tag, series] = [...want][0];
    const q = `/api/scalars?run=${encodeURIComponent(run)}&tag=${encodeURIComponent(tag)}&points=100000`;
    const got = (await (await fetch(new URL(q, printed))).json()) as { total: number; steps: number[] };
    assert.equal(got.total, series.length);
    assert.deepEqual(got.steps, [...series.steps]);
  } finally {
    s.kill("SIGTERM");
    await exited(s);
  }
  assert.equal(cli(["serve", EXAMPLES, "--db", url]).status, 2);
});

test("watch mode: a growing run is diagnosed at most every interval, its last version once it stops growing; schema 1 is brought to 2", async (t) => {
  if (skip) return t.skip(skip);
  const url = await server!.newDatabase();
  const dir = path.join(tmp, "diagnosis-rate");
  fs.mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, "metrics.csv");
  const rows = (from: number, to: number, bad = false) =>
    Array.from({ length: to - from }, (_, i) => `${from + i},${bad ? "nan" : (2 / (from + i + 1)).toFixed(6)}\n`).join("");
  fs.writeFileSync(csv, `step,loss\n${rows(0, 3000)}`);
  const pool = await openPool(url);
  try {
    const state = async () =>
      (await pool.query("SELECT version, findings_version, findings FROM runs")).rows[0] as {
        version: number;
        findings_version: number;
        findings: { id?: string; code?: string }[];
      };
    const watcher = new PgIngester(pool, { project: "default", keepRuns: true, diagnoseEveryMs: 1e9 });
    await watcher.pass([dir]);
    const first = await state();
    assert.deepEqual([first.version, first.findings_version], [1, 1]);
    // the loss turns NaN: the points commit, the diagnosis waits (the interval has not passed)
    fs.appendFileSync(csv, rows(3000, 3400, true));
    await watcher.pass([dir]);
    const grown = await state();
    assert.deepEqual([grown.version, grown.findings_version], [2, 1]);
    assert.deepEqual(grown.findings, first.findings);
    // it stops growing: the next pass of any worker (here another one, as after a kill) diagnoses the last version
    const other = new PgIngester(pool, { project: "default", keepRuns: true, diagnoseEveryMs: 1e9 });
    const r = await other.pass([dir]);
    assert.equal(r.diagnosed, 1);
    assert.equal(r.written, 0);
    const last = await state();
    assert.deepEqual([last.version, last.findings_version], [2, 2]);
    const [d] = await discoverRuns(dir);
    const { diagnoseRun } = await import("../src/diagnose/index.ts");
    assert.deepEqual(last.findings, JSON.parse(JSON.stringify(diagnoseRun(await loadRun(dir, d)))));
    assert.notDeepEqual(last.findings, first.findings, "the NaN loss is diagnosed");
    assert.equal((await other.pass([dir])).diagnosed, 0);
    // a database of schema version 1 (no findings_version) is brought to 2 when opened
    await pool.query("ALTER TABLE runs DROP COLUMN findings_version");
    await pool.query("UPDATE trainscope_meta SET value = '1' WHERE key = 'schema_version'");
  } finally {
    await pool.end();
  }
  const again = await openPool(url);
  try {
    assert.equal((await again.query("SELECT value FROM trainscope_meta WHERE key = 'schema_version'")).rows[0].value, "2");
    assert.deepEqual((await again.query("SELECT version, findings_version FROM runs")).rows[0], { version: 2, findings_version: 2 });
  } finally {
    await again.end();
  }
});
