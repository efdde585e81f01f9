// Histograms read by the event-file reader's direct path (arrays copied from the record bytes into
// shared storage) equal what the general decoder (`decodeHistogramProto` + `histogramFromProto`)
// makes of the same records: TF1's DBL_MAX last limit, PyTorch's NaN/Inf counted in `num` only,
// arrays of different lengths, empty histograms, unpacked arrays; equal bucket edges of consecutive
// histograms of a tag are shared, counts never.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  frameRecords,
  histogramEvent,
  histogramFromValues,
  decodeEvent,
  readRecords,
  WireWriter,
  WIRE_FIXED64,
  WIRE_VARINT,
  WIRE_LEN,
  type HistogramInit,
} from "../format/index.ts";
import { RunDir, type SourceFile, type Histogram } from "../model/index.ts";
import { readEventBytes, loadEventDecoders, histogramFromProto } from "./event_file.ts";

// graph and hparams records need their decoders loaded before the synchronous readEventBytes
await loadEventDecoders();

function plain(h: Histogram): unknown {
  return { ...h, lefts: Array.from(h.lefts), rights: Array.from(h.rights), counts: Array.from(h.counts) };
}

test("histograms read through the direct path equal the general decoder's, one record at a time", () => {
  const base = histogramFromValues(Array.from({ length: 500 }, (_, i) => Math.cos(i * 0.37) * (1 + i / 100)));
  const variants: HistogramInit[] = [
    base,
    // TF1: the last limit is DBL_MAX
    { ...base, bucketLimit: [...Array.from(base.bucketLimit).slice(0, -1), 1.7976931348623157e308] },
    // PyTorch: 3 NaN counted in num only
    { ...base, num: base.num + 3, sum: NaN },
    // 2 +Inf counted in num only
    { ...base, num: base.num + 2, max: Infinity },
    // limits one longer than the counts (the general path trims)
    { ...base, bucketLimit: [...Array.from(base.bucketLimit), 1e6] },
    // empty
    { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] },
    // a single bucket with min above its limit
    { min: 5, max: 5, num: 1, sum: 5, sumSquares: 25, bucketLimit: [4], bucket: [1] },
  ];
  const events = variants.map((h, i) => histogramEvent("layer/w", i, h, 100 + i));
  // unpacked arrays (allowed by the wire format; the general path reads them)
  const w = new WireWriter();
  w.tag(1, WIRE_FIXED64).double(200).tag(2, WIRE_VARINT).int64(50);
  w.tag(5, WIRE_LEN).fork().tag(1, WIRE_LEN).fork().tag(1, WIRE_LEN).string("layer/w").tag(5, WIRE_LEN).fork();
  w.tag(1, WIRE_FIXED64).double(0.5).tag(3, WIRE_FIXED64).double(7);
  for (const x of [1, 2]) w.tag(6, WIRE_FIXED64).double(x);
  for (const x of [3, 4]) w.tag(7, WIRE_FIXED64).double(x);
  w.join().join().join();
  events.push(w.finish());
  const file = frameRecords(events);
  const dir = new RunDir(".");
  const src: SourceFile = { path: "f", format: "tfevents", readOffset: 0, size: file.length, records: 0 };
  readEventBytes(file, 0, "f", dir, src);
  assert.deepEqual(dir.problems, []);
  const got = dir.histograms.get("layer/w")!.points;
  const recs = readRecords(file).records;
  assert.equal(got.length, recs.length);
  for (let i = 0; i < recs.length; i++) {
    const ev = decodeEvent(recs[i].data);
    const want = histogramFromProto(ev.summary![0].histo!, ev.step ?? 0, ev.wallTime ?? 0);
    assert.deepEqual(plain(got[i]), plain(want), `record ${i}`);
  }
  // the direct path took these (one shared storage), the unpacked record the general one
  assert.ok(got[0].counts.buffer === got[2].counts.buffer);
  assert.ok(got[7].lefts.buffer !== got[0].lefts.buffer);
  assert.deepEqual(Array.from(got[7].lefts), [0.5, 1]);
  assert.deepEqual(Array.from(got[7].counts), [3, 4]);
  // a histogram whose edges equal the previous one's of the tag shares them; different edges are not shared
  assert.ok(got[3].lefts === got[2].lefts && got[3].rights === got[2].rights);
  assert.ok(got[1].rights !== got[0].rights && got[2].rights !== got[1].rights);
  // spot checks that would fail if the general path were wrong too
  assert.equal(got[1].rights[got[1].rights.length - 1], base.max);
  assert.equal(got[2].nonFinite.nan, 3);
  assert.equal(got[3].nonFinite.posInf, 2);
  assert.equal(got[6].lefts[0], 4);
  // counts are never shared: writing into one histogram's counts leaves the others untouched
  const before = plain(got[2]);
  got[3].counts.fill(-1);
  got[1].counts.fill(-1);
  assert.deepEqual(plain(got[2]), before);
});
