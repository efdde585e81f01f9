// Reading an event file through a small reused buffer (`readChunkBytes`) gives exactly what reading
// it in one piece gives: every fixture event file (damaged ones included), at chunk sizes that cut
// records at every kind of place, and a growing file read in increments.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { RunDir, type SourceFile } from "../model/index.ts";
import { readEventBytes, loadEventDecoders, readEventFile } from "./event_file.ts";
import { FIXTURES_DIR, manifest, tempDir } from "./reader_test_util.ts";
import { frameRecords, scalarEvent, histogramEvent, histogramFromValues, frameRecord } from "../format/index.ts";

// graph and hparams records need their decoders loaded before the synchronous readEventBytes
await loadEventDecoders();

/** Everything a read leaves in a RunDir, as plain data. */
function snapshot(dir: RunDir): unknown {
  const out: Record<string, unknown> = {
    problems: dir.problems,
    sources: dir.sources,
    graphs: dir.graphs,
    sessions: dir.sessions,
    hparams: dir.hparams,
    plugins: [...dir.plugins],
  };
  out.scalars = [...dir.scalars].map(([t, s]) => [
    t,
    Array.from(s.steps),
    Array.from(s.values, (v) => (Number.isNaN(v) ? "NaN" : v)),
    Array.from(s.wallTimes),
  ]);
  out.histograms = [...dir.histograms].map(([t, s]) => [
    t,
    s.points.map((h) => ({ ...h, lefts: Array.from(h.lefts), rights: Array.from(h.rights), counts: Array.from(h.counts) })),
  ]);
  out.tensors = [...dir.tensors].map(([t, s]) => [t, s.points.map((p) => ({ ...p, values: Array.from(p.values as ArrayLike<unknown>) }))]);
  out.images = [...dir.images].map(([t, s]) => [t, s.points.map((p) => ({ ...p, encoded: Array.from(p.encoded) }))]);
  out.texts = [...dir.texts].map(([t, s]) => [t, s.points]);
  return JSON.parse(JSON.stringify(out, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v)));
}

function whole(file: string, rel: string): unknown {
  const dir = new RunDir(".");
  const buf = fs.readFileSync(file);
  const src: SourceFile = { path: rel, format: "tfevents", readOffset: 0, size: buf.length, records: 0 };
  dir.sources.push(src);
  readEventBytes(buf, 0, rel, dir, src);
  return snapshot(dir);
}

test("every fixture event file reads the same through buffers of 16, 61 and 1000 bytes as in one piece", async () => {
  const files = [...manifest().files, ...manifest().generated_files]
    .map((f) => f.path)
    .filter((p) => path.basename(p).includes("tfevents"));
  assert.ok(files.length >= 30);
  let cutRecords = 0;
  for (const rel of files) {
    const abs = path.join(FIXTURES_DIR, rel);
    const oneDir = new RunDir(".");
    await readEventFile(abs, rel, oneDir, undefined, { readChunkBytes: 1 << 30 });
    const want = snapshot(oneDir);
    // one piece through readEventFile is what readEventBytes makes of the whole buffer
    if (fs.statSync(abs).size > 0) assert.deepEqual(want, whole(abs, rel), rel);
    for (const chunk of [16, 61, 1000]) {
      const dir = new RunDir(".");
      await readEventFile(abs, rel, dir, undefined, { readChunkBytes: chunk });
      assert.deepEqual(snapshot(dir), want, `${rel} through ${chunk}-byte buffers`);
      if (chunk === 61) cutRecords += fs.statSync(abs).size > 61 ? 1 : 0;
    }
  }
  assert.ok(cutRecords > 20);
});

test("a growing file read in increments through small buffers equals one read of the whole file", async () => {
  const tmp = tempDir();
  try {
    const h = histogramFromValues(Array.from({ length: 200 }, (_, i) => Math.sin(i)));
    const events: Uint8Array[] = [];
    for (let s = 0; s < 60; s++) {
      events.push(scalarEvent("loss", s, 1 / (s + 1), 1000 + s));
      if (s % 7 === 0) events.push(histogramEvent("w", s, h, 1000 + s));
    }
    const bytes = frameRecords(events);
    const file = path.join(tmp, "events.out.tfevents.1.x");
    const dir = new RunDir(".");
    let src: SourceFile | undefined;
    // grow the file in uneven steps, cutting records anywhere; read after each step
    for (let end = 0; end < bytes.length;) {
      end = Math.min(bytes.length, end + 37 + (end % 1013));
      fs.writeFileSync(file, bytes.subarray(0, end));
      src = await readEventFile(file, "f", dir, src, { readChunkBytes: 100 });
    }
    assert.equal(src!.readOffset, bytes.length);
    assert.deepEqual(dir.problems, []);
    assert.equal(dir.scalars.get("loss")!.length, 60);
    assert.equal(dir.histograms.get("w")!.points.length, 9);
    const oneDir = new RunDir(".");
    const one = await readEventFile(file, "f", oneDir, undefined);
    assert.equal(one.records, src!.records);
    const a = snapshot(dir) as Record<string, unknown>,
      b = snapshot(oneDir) as Record<string, unknown>;
    assert.deepEqual(a.scalars, b.scalars);
    assert.deepEqual(a.histograms, b.histograms);
    // framing damage in the middle of a long file, past the first buffer: reported once, at its offset, with the records after it read
    const damaged = Buffer.concat([bytes, frameRecord(scalarEvent("loss", 60, 2, 2000))]);
    const at = bytes.length - 300;
    damaged[at + 4] ^= 0xff;
    fs.writeFileSync(file, damaged);
    const dDir = new RunDir(".");
    await readEventFile(file, "f", dDir, undefined, { readChunkBytes: 100 });
    const wDir = new RunDir(".");
    const wsrc: SourceFile = { path: "f", format: "tfevents", readOffset: 0, size: damaged.length, records: 0 };
    wDir.sources.push(wsrc);
    readEventBytes(damaged, 0, "f", wDir, wsrc);
    assert.ok(dDir.problems.length >= 1);
    assert.deepEqual(dDir.problems, wDir.problems);
    assert.ok(dDir.problems.every((p) => p.code !== "not_event_file"));
    assert.equal(dDir.scalars.get("loss")!.steps.at(-1), 60);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
