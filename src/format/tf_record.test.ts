// TFRecord framing: round trips, record offsets, a growing file's truncated tail, bad data CRCs and
// oversized lengths, on hand-framed records and the shared fixtures.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { frameRecord, frameRecords, readRecords, TFRecordScanner, describeTFRecordIssue } from "./tf_record.ts";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures");
const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURES, "manifest.json"), "utf8"));
const enc = new TextEncoder();

test("frame then read round-trips, offsets are record starts", () => {
  const recs = ["a", "", "hello world".repeat(50)].map((s) => enc.encode(s));
  const buf = frameRecords(recs);
  const r = readRecords(buf);
  assert.equal(r.stop, "eof");
  assert.deepEqual(
    r.records.map((x) => new TextDecoder().decode(x.data)),
    ["a", "", "hello world".repeat(50)],
  );
  assert.deepEqual(
    r.records.map((x) => x.offset),
    [0, 17, 33],
  );
  assert.equal(r.resumeOffset, buf.length);
  assert.deepEqual(frameRecord(recs[0]), buf.subarray(0, 17));
});

test("growing file: truncated tail resumes at the last good offset", () => {
  const buf = frameRecords([enc.encode("one"), enc.encode("two")]);
  for (let cut = 20; cut < buf.length; cut++) {
    const r = readRecords(buf.subarray(0, cut));
    assert.equal(r.records.length, 1);
    assert.equal(r.stop, "truncated");
    assert.equal(r.resumeOffset, 19);
    const rest = readRecords(buf, r.resumeOffset);
    assert.equal(rest.records.length, 1);
    assert.equal(rest.records[0].offset, 19);
  }
});

test("bad data CRC skips one record; verifyDataCrc false keeps it", () => {
  const buf = frameRecords([enc.encode("one"), enc.encode("two"), enc.encode("six")]);
  buf[19 + 12] ^= 1;
  const r = readRecords(buf);
  assert.equal(r.records.length, 2);
  assert.deepEqual(r.issues, [{ kind: "bad_data_crc", offset: 19, length: 3 }]);
  assert.equal(readRecords(buf, 0, { verifyDataCrc: false }).records.length, 3);
});

test("too large length is framing damage and resyncs", () => {
  const buf = frameRecords([enc.encode("x".repeat(100)), enc.encode("y")]);
  const r = readRecords(buf, 0, { maxRecordBytes: 50 });
  assert.equal(r.records.length, 1);
  assert.equal(r.issues[0].kind, "too_large");
  assert.match(describeTFRecordIssue(r.issues[0]), /exceeds the limit of 50/);
});

for (const f of manifest.files as any[]) {
  if (!f.edge_case) continue;
  test(`edge case ${f.edge_case.case}: strict and resync expectations`, () => {
    const buf = fs.readFileSync(path.join(FIXTURES, f.path));
    const strict = readRecords(buf, 0, { resync: false });
    assert.equal(strict.records.length, f.edge_case.expect_strict?.records ?? f.records);
    const stopKind = strict.issues.find((i) => i.kind !== "bad_data_crc");
    if (f.stop === "eof") assert.equal(stopKind, undefined);
    else {
      assert.equal(stopKind!.offset, f.stop_offset);
      const want = f.stop === "bad_length_crc" ? (f.stop_offset === 0 ? "not_event_file" : "bad_length_crc") : "truncated";
      assert.equal(stopKind!.kind, want);
    }
    const rs = readRecords(buf);
    assert.equal(rs.records.length, f.resync.valid_records);
    assert.equal(rs.badDataCrc, f.resync.bad_data_crc_records ?? f.bad_data_crc);
    const skipped = rs.issues.filter((i) => i.kind !== "bad_data_crc").map((i) => [i.offset, "skippedTo" in i ? i.skippedTo : buf.length]);
    assert.deepEqual(skipped, f.resync.skipped_byte_ranges);
    const sc = new TFRecordScanner(buf);
    while (sc.next());
    if (f.stop.startsWith("truncated")) assert.equal(sc.resumeOffset, f.stop_offset);
  });
}
