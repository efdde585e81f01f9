// The binary COPY path of team mode on a real PostgreSQL (a private cluster,
// test/pg_cluster.test_util.ts; skipped with a note when no PostgreSQL binaries are installed):
// rows written with CopyWriter/copyIn come back bit for bit through copyRows and equal what an
// ordinary query answers; a cut stream is refused naming the byte offset; PgSeriesReader answers one
// series of an ingested run bit for bit as the reader reads it, keeps it for its run version, sees a
// new version once a worker commits one, answers null / undefined for an unknown series / run, keeps
// at most its byte bound, and gives the relative-time origin of the run; PgRunSource reading a run
// again keeps the series that did not change and reads grown or rewritten ones exactly.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startTestPostgres, type TestPostgres } from "./pg_cluster.test_util.ts";
import { openPool, PgIngester, PgRunSource, PgSeriesReader } from "../src/store/index.ts";
import { CopyWriter, copyIn, copyRows, field, parseBinaryCopy } from "../src/store/pg_copy.ts";
import { discoverRuns, loadRun } from "../src/reader/index.ts";
import { runScalars, type TrainingRun } from "../src/model/index.ts";

let server: TestPostgres | undefined;
let skip: string | undefined;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-pgseries-"));

before(async () => {
  const s = await startTestPostgres();
  if ("skip" in s) skip = s.skip;
  else server = s;
});
after(async () => {
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function bytes(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

test("binary COPY: rows written with CopyWriter come back bit for bit and as an ordinary query reads them", async (t) => {
  if (skip) return t.skip(skip);
  const c = new pg.Client(await server!.newDatabase());
  await c.connect();
  try {
    await c.query("CREATE TABLE x (a bigint, b int, f float8, d bytea)");
    const big = Buffer.alloc(1 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 255;
    const rows: [number, number, number, Buffer][] = [
      [1, -2, NaN, Buffer.from([0, 0xff, 0x5c, 0x78])],
      [2 ** 53 - 1, 2 ** 31 - 1, -0, Buffer.alloc(0)],
      [-5, 0, Infinity, big],
      [7, 3, -1.5e-300, Buffer.from("é\u0000\n", "utf8")],
    ];
    const w = new CopyWriter();
    for (const [a, b, f, d] of rows) w.row(4).int8(a).int4(b).float8(f).bytea(d);
    assert.equal(await copyIn(c, "x (a, b, f, d)", w), rows.length);
    const back = await copyRows(c, "SELECT a, b, f, d FROM x ORDER BY a");
    const want = [...rows].sort((p, q) => p[0] - q[0]);
    assert.equal(back.length, want.length);
    for (let i = 0; i < want.length; i++) {
      assert.equal(field.int8(back[i][0]), want[i][0]);
      assert.equal(field.int4(back[i][1]), want[i][1]);
      assert.ok(Object.is(back[i][2]!.readDoubleBE(0), want[i][2]), `float8 of row ${i}`);
      assert.ok(back[i][3]!.equals(want[i][3]), `bytea of row ${i}`);
    }
    // the same rows through node-postgres' ordinary (text, hex) results
    const text = await c.query("SELECT a::text, b, f, d FROM x ORDER BY a");
    for (let i = 0; i < want.length; i++) {
      assert.equal(text.rows[i].a, String(want[i][0]));
      assert.ok((text.rows[i].d as Buffer).equals(want[i][3]));
    }
    // NULL fields, and a text field
    const nulls = await copyRows(c, "SELECT NULL::bytea, 'ünï'::text");
    assert.equal(nulls[0][0], null);
    assert.equal(field.text(nulls[0][1]), "ünï");
  } finally {
    await c.end();
  }
});

test("binary COPY: data that is not the format, or is cut, is refused naming the byte offset", () => {
  assert.throws(() => parseBinaryCopy(Buffer.from("COPY")), /no PGCOPY signature at byte 0/);
  const w = new CopyWriter();
  w.row(1).bytea(Buffer.alloc(100, 1));
  const whole = Buffer.concat(w.end());
  assert.equal(parseBinaryCopy(whole).length, 1);
  assert.throws(() => parseBinaryCopy(whole.subarray(0, 60)), /field of 100 bytes at byte 25 runs past the end/);
  assert.throws(() => parseBinaryCopy(whole.subarray(0, whole.length - 2)), /ends at byte 125 without its trailer/);
});

test("PgSeriesReader: one series of a run, bit for bit, kept per run version, new versions seen", async (t) => {
  if (skip) return t.skip(skip);
  const pool = await openPool(await server!.newDatabase());
  const dir = path.join(tmp, "grow");
  fs.mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, "metrics.csv");
  const rows = (from: number, to: number) =>
    Array.from(
      { length: to - from },
      (_, i) => `${from + i},${(1 / (from + i + 1)).toFixed(6)},${from + i === 7 ? "nan" : (i % 5) / 3}\n`,
    ).join("");
  fs.writeFileSync(csv, `epoch,loss,acc\n${rows(0, 5000)}`);
  try {
    const ingester = new PgIngester(pool, { project: "p" });
    assert.equal((await ingester.pass([dir])).written, 1);
    const reader = new PgSeriesReader(pool, "p", { versionTtlMs: 0 });
    const [d] = await discoverRuns(dir);
    const direct = runScalars(await loadRun(dir, d));
    const name = [...(await reader.versions()).keys()][0];
    assert.ok(name !== undefined);
    for (const [key, s] of direct) {
      const got = await reader.scalar(name, key);
      assert.ok(got, `${key} read`);
      assert.equal(got.version, 1);
      assert.equal(got.series.length, s.length);
      assert.ok(bytes(got.series.steps).equals(bytes(s.steps)), `${key} steps`);
      assert.ok(bytes(got.series.wallTimes).equals(bytes(s.wallTimes)), `${key} wall times`);
      assert.ok(bytes(got.series.values).equals(bytes(s.values)), `${key} values`);
      assert.deepEqual(got.series.nonFinite, s.nonFinite);
      assert.equal(got.series.tag, s.tag);
      // kept: the same series object while the version stays
      assert.equal((await reader.scalar(name, key))!.series, got.series);
    }
    let start = Infinity;
    for (const s of direct.values()) if (s.length && s.wallTimes[0] < start) start = s.wallTimes[0];
    assert.equal(await reader.startTime(name, 1), Number.isFinite(start) ? start : 0);
    assert.equal(await reader.scalar(name, "no/such"), null);
    assert.equal(await reader.scalar("no such run", "loss"), undefined);

    // a worker commits a new version: the next answer is of it, with the new points
    const key = [...direct.keys()].find((k) => k.endsWith("loss"))!;
    const before = (await reader.scalar(name, key))!;
    fs.appendFileSync(csv, rows(5000, 9100));
    assert.equal((await ingester.pass([dir])).written, 1);
    const after = (await reader.scalar(name, key))!;
    assert.equal(after.version, 2);
    assert.equal(after.series.length, 9100);
    assert.notEqual(after.series, before.series);
    assert.ok(bytes(after.series.values.subarray(0, 5000)).equals(bytes(before.series.values)));

    // bounded: with room for one series, reading another lets the first go
    const small = new PgSeriesReader(pool, "p", { maxBytes: 9100 * 24 + 1000 });
    const keys = [...direct.keys()];
    await small.scalar(name, keys[0]);
    await small.scalar(name, keys[1]);
    assert.equal(small.size.series, 1);
    assert.ok(small.size.bytes <= 9100 * 24 + 1000);
  } finally {
    await pool.end();
  }
});

test("PgRunSource: a run read again reads only what changed, and equals a direct read after appends and rewrites", async (t) => {
  if (skip) return t.skip(skip);
  const pool = await openPool(await server!.newDatabase());
  const dir = path.join(tmp, "again");
  fs.mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, "metrics.csv");
  const rows = (from: number, to: number, k = 1) =>
    Array.from({ length: to - from }, (_, i) => `${from + i},${(k / (from + i + 1)).toFixed(6)},${((from + i) % 7) / 3}\n`).join("");
  fs.writeFileSync(csv, `epoch,loss,acc\n${rows(0, 5000)}`);
  const same = async (run: TrainingRun) => {
    const [d] = await discoverRuns(dir);
    const want = runScalars(await loadRun(dir, d)),
      have = runScalars(run);
    assert.deepEqual([...have.keys()].sort(), [...want.keys()].sort());
    for (const [k, s] of want) {
      const x = have.get(k)!;
      assert.equal(x.length, s.length, `${k} count`);
      assert.ok(bytes(x.steps).equals(bytes(s.steps)) && bytes(x.values).equals(bytes(s.values)), `${k} points`);
    }
  };
  try {
    const ingester = new PgIngester(pool, { project: "p" });
    await ingester.pass([dir]);
    const src = new PgRunSource(pool, "p");
    const [{ name }] = await src.list();
    const a = (await src.load(name))!;
    await same(a.run);
    // nothing changed: every series is the object read before
    const again = (await src.load(name, a.run))!;
    for (const [k, s] of runScalars(a.run)) assert.equal(runScalars(again.run).get(k), s, `${k} kept`);
    // appended: the grown series read from their last chunk on, and exactly what a direct read gives
    fs.appendFileSync(csv, rows(5000, 9000));
    await ingester.pass([dir]);
    const b = (await src.load(name, a.run))!;
    assert.equal(b.version, 2);
    await same(b.run);
    // rewritten (a file replaced by one whose first values differ): read whole again
    fs.writeFileSync(csv, `epoch,loss,acc\n${rows(0, 9500, 3)}`);
    await ingester.pass([dir]);
    const c = (await src.load(name, b.run))!;
    assert.equal(c.version, 3);
    await same(c.run);
  } finally {
    await pool.end();
  }
});
