// Damaged copies of real event files (seeded random byte flips, truncations, zeroed and inserted
// ranges): reading never throws or hangs, every record before the damage is recovered, and the damage
// is reported at the offset of the record it hit.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { RunDir, type SourceFile } from "../model/index.ts";
import { readEventBytes, loadEventDecoders } from "./event_file.ts";
import { readRecords } from "../format/index.ts";
import { FIXTURES_DIR as FIXTURES, manifest as readManifest, mulberry32 } from "./reader_test_util.ts";

// graph and hparams records need their decoders loaded before the synchronous readEventBytes
await loadEventDecoders();

const manifest: any = readManifest();
const files: string[] = [
  ...(manifest.files as any[]).filter((f) => !f.edge_case && f.size > 0),
  ...(manifest.generated_files as any[]).filter((f) => f.format === "tfevents"),
].map((f) => f.path);

function read(buf: Uint8Array, verifyDataCrc = true): { dir: RunDir; src: SourceFile } {
  const dir = new RunDir(".");
  const src: SourceFile = { path: "f", format: "tfevents", readOffset: 0, size: buf.length, records: 0 };
  readEventBytes(buf, 0, "f", dir, src, { verifyDataCrc });
  return { dir, src };
}

test("200 seeded mutations of real event files: no crash, records before the damage kept, damage reported at its record", () => {
  const rnd = mulberry32(20240601);
  const originals = files.map((p) => {
    const buf = new Uint8Array(fs.readFileSync(path.join(FIXTURES, p)));
    return { p, buf, recs: readRecords(buf).records.map((r) => ({ offset: r.offset, end: r.offset + r.data.length + 16 })) };
  });
  const kinds = new Map<string, number>();
  for (let i = 0; i < 200; i++) {
    const o = originals[Math.floor(rnd() * originals.length)];
    const pos = Math.floor(rnd() * o.buf.length);
    const kind = (["flip", "flip", "truncate", "zero", "insert"] as const)[Math.floor(rnd() * 5)];
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    let m: Uint8Array;
    if (kind === "flip") {
      m = o.buf.slice();
      m[pos] ^= 1 + Math.floor(rnd() * 255);
    } else if (kind === "truncate") m = o.buf.slice(0, pos);
    else if (kind === "zero") {
      m = o.buf.slice();
      m.fill(0, pos, Math.min(o.buf.length, pos + 1 + Math.floor(rnd() * 64)));
    } else {
      const g = new Uint8Array(1 + Math.floor(rnd() * 40)).map(() => Math.floor(rnd() * 256));
      m = new Uint8Array([...o.buf.subarray(0, pos), ...g, ...o.buf.subarray(pos)]);
    }
    const what = `${kind} at ${pos} of ${o.p}`;
    const { dir, src } = read(m);
    const before = o.recs.filter((r) => r.end <= pos).length;
    assert.ok(src.records >= before, `${what}: ${src.records} records, ${before} before the damage`);
    const hit = o.recs.find((r) => r.offset <= pos && pos < r.end);
    const changed = kind !== "zero" || m.some((b, j) => b !== o.buf[j]);
    if (hit && changed && !((kind === "insert" || kind === "truncate") && pos === hit.offset)) {
      assert.ok(
        dir.problems.some((p) => p.offset === hit.offset),
        `${what}: no problem at record ${hit.offset}: ${JSON.stringify(dir.problems.map((p) => [p.code, p.offset]))}`,
      );
    }
    for (const p of dir.problems) assert.ok(p.offset !== undefined && p.offset >= 0 && p.offset <= m.length, `${what}: offset ${p.offset}`);
    // the same bytes with the data CRC check off reach the protobuf decoder: still no crash
    read(m, false);
  }
  assert.equal(kinds.size, 4);
});

test("random payload bytes with valid CRCs never crash the Event decoder", () => {
  const rnd = mulberry32(7);
  const o = new Uint8Array(
    fs.readFileSync(
      path.join(
        FIXTURES,
        files.find((p) => p.endsWith("vm.21229.0"))!,
      ),
    ),
  );
  for (let i = 0; i < 100; i++) {
    const m = o.slice();
    for (let k = 0; k < 20; k++) m[Math.floor(rnd() * m.length)] = Math.floor(rnd() * 256);
    const { dir } = read(m, false);
    assert.ok(dir.problems.every((p) => p.file === "f"));
  }
});
