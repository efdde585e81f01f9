// Hash flooding and tag bounds: tags built to collide in an unseeded FNV-1a table cost O(1) probes
// each in the seeded table; a table whose hash always collides falls back to the string Map after
// a bounded probe run; over-long tags and tags past the per-directory limit are dropped and reported;
// text logs (CSV columns, JSON log keys) keep at most MAX_TEXT_LOG_SERIES series and no over-long name, and say so.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TagTable, MAX_PROBE } from "./tag_table.ts";
import { MAX_TAGS_PER_DIR, MAX_TAG_BYTES, MAX_TEXT_LOG_SERIES } from "./limits.ts";
import { loadExperiment } from "./index.ts";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";

const enc = new TextEncoder();

/** Unseeded FNV-1a, 32 bits (the hash an attacker can build collisions for). */
function fnv1a(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const x of b) h = Math.imul(h ^ x, 0x01000193);
  return h >>> 0;
}

/**
 * `n` ASCII tags whose unseeded FNV-1a hashes share their low 16 bits (all in one slot of any table
 * of up to 65 536 slots). The low 16 bits of FNV-1a depend only on the low 16 bits of the state, so
 * the last byte of a 3-byte suffix can be solved for.
 */
function collidingTags(n: number, target = 0x1234): string[] {
  const P = 0x0193;
  let inv = 1;
  for (let i = 0; i < 15; i++) inv = (inv * (2 - ((P * inv) & 0xffff))) & 0xffff; // Newton: P * inv = 1 mod 2^16
  const alphabet = enc.encode("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
  const allowed = new Set(alphabet);
  const want = Math.imul(target, inv) & 0xffff;
  const out: string[] = [];
  for (let p = 0; out.length < n; p++) {
    const prefix = enc.encode(`layer${p}/`);
    let s = 0x811c9dc5;
    for (const x of prefix) s = Math.imul(s ^ x, 0x01000193);
    for (const b1 of alphabet) {
      const s1 = Math.imul(s ^ b1, 0x01000193);
      for (const b2 of alphabet) {
        const s2 = Math.imul(s1 ^ b2, 0x01000193);
        const b3 = (want ^ s2) & 0xffff;
        if (b3 < 256 && allowed.has(b3)) out.push(`layer${p}/${String.fromCharCode(b1, b2, b3)}`);
      }
    }
  }
  return out.slice(0, n);
}

test("tags built to collide in an unseeded FNV-1a table cost O(1) probes each in the seeded table", () => {
  const tags = collidingTags(32_768);
  const bytes = tags.map((t) => enc.encode(t));
  assert.equal(new Set(tags).size, 32_768);
  assert.ok(
    bytes.every((b) => (fnv1a(b) & 0xffff) === 0x1234),
    "every tag lands in the same slot of an unseeded table",
  );
  const table = new TagTable<number>();
  const byName = new Map<string, number>();
  bytes.forEach((b, i) => {
    if (table.get(b, 0, b.length, byName) === undefined) {
      byName.set(tags[i], i);
      table.set(b, 0, b.length, i);
    }
  });
  bytes.forEach((b, i) => assert.equal(table.get(b, 0, b.length, byName), i));
  const ops = 3 * bytes.length;
  // an unseeded table would visit ~n²/2 = 537 million slots here
  assert.ok(table.probes < 4 * ops, `${table.probes} probes for ${ops} operations`);
});

test("a hash that always collides switches the table to the string Map after a bounded probe run", () => {
  const table = new TagTable<number>(() => 0, 0);
  const byName = new Map<string, number>();
  const n = 5000;
  for (let i = 0; i < n; i++) {
    const b = enc.encode(`t${i}`);
    if (table.get(b, 0, b.length, byName) === undefined) {
      byName.set(`t${i}`, i);
      table.set(b, 0, b.length, i);
    }
  }
  assert.equal(table.flooded, true);
  for (let i = 0; i < n; i++) {
    const b = enc.encode(`t${i}`);
    assert.equal(table.get(b, 0, b.length, byName), i);
  }
  // without the switch: n²/2 = 12.5 million probes
  assert.ok(table.probes < 4 * MAX_PROBE * MAX_PROBE, `${table.probes} probes`);
});

test("an over-long tag and tags past the per-directory limit are dropped and reported with their counts", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-tags-"));
  try {
    const recs = [fileVersionEvent(1_700_000_000)];
    const long = "x".repeat(MAX_TAG_BYTES + 1);
    recs.push(scalarEvent(long, 0, 1, 1_700_000_000), scalarEvent(long, 1, 2, 1_700_000_001));
    for (let i = 0; i < MAX_TAGS_PER_DIR + 5; i++) recs.push(scalarEvent(`t${i}`, 0, i, 1_700_000_000));
    recs.push(scalarEvent("t0", 1, -1, 1_700_000_001));
    fs.writeFileSync(path.join(dir, "events.out.tfevents.1700000000.host.1.0"), frameRecords(recs));
    const exp = await loadExperiment(dir);
    const d = exp.runs[0].dirs[0];
    assert.equal(d.scalars.size, MAX_TAGS_PER_DIR);
    assert.equal(d.scalars.get("t0")?.length, 2);
    assert.equal(d.scalars.has(long), false);
    assert.equal(d.scalars.has(`t${MAX_TAGS_PER_DIR}`), false);
    const msgs = exp.runs[0].problems.filter((p) => p.code === "limit").map((p) => p.message);
    assert.deepEqual(msgs, [
      `2 value(s) of 1 tag(s) longer than ${MAX_TAG_BYTES} bytes dropped (lengths ${MAX_TAG_BYTES + 1})`,
      `5 value(s) of 5 tag(s) beyond the first ${MAX_TAGS_PER_DIR} tags of this directory dropped`,
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("text logs: CSV columns and JSON-log keys past MAX_TEXT_LOG_SERIES or longer than MAX_TAG_BYTES are dropped and reported", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-textlimits-"));
  try {
    const n = MAX_TEXT_LOG_SERIES + 50;
    const long = "x".repeat(MAX_TAG_BYTES + 1);
    const cols = ["epoch", long, ...Array.from({ length: n }, (_, i) => `c${i}`)];
    const row = (e: number) => [e, 1, ...Array.from({ length: n }, (_, i) => i + e)].join(",");
    fs.mkdirSync(path.join(dir, "csv_run"));
    fs.writeFileSync(path.join(dir, "csv_run", "metrics.csv"), `${cols.join(",")}\n${row(0)}\n${row(1)}\n`);
    fs.mkdirSync(path.join(dir, "json_run"));
    const rec = (step: number) =>
      JSON.stringify(Object.fromEntries([["step", step], ...Array.from({ length: n }, (_, i) => [`k${i}`, i * step])]));
    fs.writeFileSync(path.join(dir, "json_run", "scalars.json"), `${rec(1)}\n${rec(2)}\n`);
    const exp = await loadExperiment(dir);
    const csv = exp.runs.find((r) => r.name === "csv_run")!;
    const scalars = csv.dirs[0].scalars;
    assert.equal(scalars.size, MAX_TEXT_LOG_SERIES);
    assert.ok(
      !scalars.has(long) && scalars.has("c0") && scalars.has(`c${MAX_TEXT_LOG_SERIES - 1}`) && !scalars.has(`c${MAX_TEXT_LOG_SERIES}`),
    );
    assert.deepEqual([...scalars.get("c9")!.values], [9, 10]);
    const csvLimit = csv.problems.filter((p) => p.code === "limit");
    assert.deepEqual(
      csvLimit.map((p) => p.message),
      [
        `50 column(s) beyond the first ${MAX_TEXT_LOG_SERIES} not read; 1 column(s) with a name longer than ${MAX_TAG_BYTES} bytes not read`,
      ],
    );
    const json = exp.runs.find((r) => r.name === "json_run")!;
    assert.equal(json.dirs[0].scalars.size, MAX_TEXT_LOG_SERIES);
    assert.deepEqual([...json.dirs[0].scalars.get("k7")!.values], [7, 14]);
    assert.deepEqual(
      json.problems.filter((p) => p.code === "limit").map((p) => p.message),
      [`series: 50 key(s) beyond the first ${MAX_TEXT_LOG_SERIES} not read`],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
