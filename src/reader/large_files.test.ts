// Large and damaged files: framing damage near the start of a big event file is resynced past in
// bounded memory (measured in a child process) and everything after it read; a valid-CRC header
// declaring more bytes than the file holds does not hide the records after it as "still being
// written"; a header cut by the end of a growing file still is "still being written".
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RunDir, type SourceFile } from "../model/index.ts";
import { readEventBytes, loadEventDecoders, readEventFile } from "./index.ts";
import { encodeEvent, fileVersionEvent, frameRecord, frameRecords, maskedCrc32c, scalarEvent } from "../format/index.ts";

// graph and hparams records need their decoders loaded before the synchronous readEventBytes
await loadEventDecoders();

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-large-"));
}

/** A 12-byte TFRecord header whose length CRC verifies, declaring `len` data bytes. */
function header(len: number): Uint8Array {
  const h = new Uint8Array(12);
  const v = new DataView(h.buffer);
  v.setUint32(0, len >>> 0, true);
  v.setUint32(4, Math.floor(len / 4294967296), true);
  v.setUint32(8, maskedCrc32c(h, 0, 8), true);
  return h;
}

test("damage at byte 80 of a 96 MB event file: the scan resyncs in bounded memory and every later record is read", () => {
  const dir = tmp();
  try {
    const file = path.join(dir, "events.out.tfevents.1700000000.host.1.0");
    // a 64 KiB GraphDef: one unknown length-delimited field (number 1000) of filler bytes
    const blob = new Uint8Array(64 << 10).fill(7);
    blob.set([0xc2, 0x3e, 0xfb, 0xff, 0x03]);
    const parts: Uint8Array[] = [frameRecord(fileVersionEvent(1_700_000_000))];
    for (let i = 0; i < 1500; i++) {
      parts.push(frameRecord(scalarEvent("loss", i, 1 / (i + 1), 1_700_000_000 + i)));
      parts.push(frameRecord(encodeEvent({ wallTime: 1_700_000_000 + i, step: i, graphDef: blob })));
    }
    const bytes = Buffer.concat(parts);
    // break the length CRC of the first scalar record (its header starts right after the file-version record)
    const at = parts[0].length;
    assert.ok(at < 80);
    bytes[at + 9] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const script = `
      import { RunDir } from ${JSON.stringify(new URL("../model/index.ts", import.meta.url).href)};
      import { readEventFile } from ${JSON.stringify(new URL("./index.ts", import.meta.url).href)};
      const dir = new RunDir(".");
      // sampled: ru_maxrss of a spawned process starts at its parent's
      const before = process.memoryUsage().rss;
      let peak = before;
      const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 2);
      await readEventFile(${JSON.stringify(file)}, "ev", dir, undefined, {});
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      console.log(JSON.stringify({ grew: peak - before, points: dir.scalars.get("loss")?.length ?? 0, graphs: dir.graphs.length, problems: dir.problems.map((p) => p.code + "@" + p.offset + ": " + p.message) }));
    `;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
      cwd: path.resolve(import.meta.dirname, "../.."),
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { grew: number; points: number; graphs: number; problems: string[] };
    assert.equal(out.points, 1499, "every scalar after the damaged one");
    assert.equal(out.graphs, 1500);
    assert.equal(out.problems.length, 1);
    assert.match(
      out.problems[0],
      new RegExp(`^resynced@${at}: record header length CRC mismatch; framing lost, skipped bytes ${at}\\.\\.${at + parts[1].length} `),
    );
    // reading the rest in one piece would take the file's 96 MB again
    assert.ok(out.grew < 40e6, `peak memory grew ${out.grew} bytes reading a ${bytes.length}-byte file`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a valid-CRC header declaring 1 GiB inside a file does not hide the records after it (in one buffer and chunk by chunk)", async () => {
  const recs = [fileVersionEvent(1_700_000_000)];
  for (let i = 0; i < 20; i++) recs.push(scalarEvent("loss", i, i, 1_700_000_000 + i));
  const first = frameRecords(recs.slice(0, 11));
  const bogus = header(1 << 30);
  const rest = frameRecords(recs.slice(11));
  const bytes = Buffer.concat([first, bogus, rest]);

  const d1 = new RunDir(".");
  const s1: SourceFile = { path: "ev", format: "tfevents", readOffset: 0, size: bytes.length, records: 0 };
  readEventBytes(bytes, 0, "ev", d1, s1);
  assert.equal(d1.scalars.get("loss")?.length, 20);
  assert.equal(d1.problems.length, 1);
  assert.equal(d1.problems[0].code, "resynced");
  assert.equal(
    d1.problems[0].message,
    `record header declares ${1 << 30} bytes, more than the file holds after it, yet a valid record follows: header treated as damage, skipped bytes ${first.length}..${first.length + 12} (12 bytes) to the next valid record`,
  );
  assert.equal(s1.readOffset, bytes.length);

  const dir = tmp();
  try {
    const file = path.join(dir, "events.out.tfevents.1");
    fs.writeFileSync(file, bytes);
    const d2 = new RunDir(".");
    const s2 = await readEventFile(file, "ev", d2, undefined, { readChunkBytes: 128 });
    assert.equal(d2.scalars.get("loss")?.length, 20);
    assert.deepEqual(
      d2.problems.map((p) => [p.code, p.offset]),
      [["resynced", first.length]],
    );
    assert.equal(s2.readOffset, bytes.length);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a header cut by the end of a growing file is still 'still being written', and the next read resumes there", async () => {
  const recs = [fileVersionEvent(1_700_000_000)];
  for (let i = 0; i < 10; i++) recs.push(scalarEvent("loss", i, i, 1_700_000_000 + i));
  const done = frameRecords(recs);
  const next = frameRecord(scalarEvent("loss", 10, 10, 1_700_000_010));
  const dir = tmp();
  try {
    const file = path.join(dir, "events.out.tfevents.1");
    fs.writeFileSync(file, Buffer.concat([done, next.subarray(0, 20)]));
    const d = new RunDir(".");
    const s = await readEventFile(file, "ev", d, undefined, {});
    assert.equal(d.scalars.get("loss")?.length, 10);
    assert.equal(d.problems[0]?.code, "truncated");
    assert.equal(s.readOffset, done.length);
    fs.writeFileSync(file, Buffer.concat([done, next]));
    await readEventFile(file, "ev", d, s, {});
    assert.equal(d.scalars.get("loss")?.length, 11);
    assert.equal(d.problems.length, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
