// The two fast recognisers (EventScanner.scanSimpleScalar, HistogramProtoScanner) against the general
// decoders: whenever a fast path accepts bytes it must decode them exactly as the general path does,
// including on randomly damaged records; layouts it does not handle must be refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EventScanner, SummaryValueScanner, HistogramProtoScanner, decodeHistogramProto, ValueKind } from "./event_decode.ts";
import { encodeEvent, scalarEvent, histogramEvent, histogramFromValues } from "./event_encode.ts";
import { WireWriter, WIRE_FIXED64, WIRE_LEN } from "./wire.ts";

/** What the general path makes of a record: wall time, step, and the (tag bytes, value) when it holds one simple_value. */
function general(buf: Uint8Array): { wallTime: number; step: number; tag: string; value: number } | undefined {
  const es = new EventScanner();
  es.scan(buf, 0, buf.length);
  if (es.what !== 5) return undefined;
  const vs = new SummaryValueScanner();
  vs.reset(buf, es.whatStart, es.whatEnd);
  const vals: { tag: string; value: number }[] = [];
  while (vs.next()) {
    if (vs.kind !== ValueKind.simpleValue || vs.metaStart >= 0 || vs.nodeStart >= 0) return undefined;
    vals.push({ tag: Buffer.from(buf.subarray(vs.tagStart, vs.tagEnd)).toString("latin1"), value: vs.simpleValue });
  }
  if (vals.length !== 1) return undefined;
  return { wallTime: es.wallTime, step: es.step, ...vals[0] };
}

function fast(buf: Uint8Array): { wallTime: number; step: number; tag: string; value: number } | undefined {
  const es = new EventScanner();
  if (!es.scanSimpleScalar(buf, 0, buf.length)) return undefined;
  return {
    wallTime: es.wallTime,
    step: es.step,
    tag: Buffer.from(buf.subarray(es.tagStart, es.tagEnd)).toString("latin1"),
    value: es.simpleValue,
  };
}

test("scanSimpleScalar accepts PyTorch scalars of every step size it covers and decodes them as the general path does", () => {
  const steps = [0, 1, 127, 128, 16383, 16384, 2 ** 21 - 1];
  const tags = ["", "loss", "a".repeat(100), "a".repeat(115)];
  for (const step of steps) {
    for (const tag of tags) {
      const ev = scalarEvent(tag, step, -1.25, 1_700_000_000.5 + step);
      const f = fast(ev);
      assert.ok(f, `step ${step}, tag length ${tag.length} should take the fast path`);
      assert.deepEqual(f, general(ev));
      assert.equal(f.step, step);
      assert.equal(f.value, -1.25);
      assert.equal(f.wallTime, 1_700_000_000.5 + step);
    }
  }
});

test("scanSimpleScalar refuses every other layout", () => {
  const refused = [
    scalarEvent("loss", 2 ** 21, 1, 5), // 4-byte step varint
    scalarEvent("loss", -3, 1, 5), // negative step: 10-byte varint
    scalarEvent("loss", 3, 1, 5, { withPluginMetadata: true }), // metadata
    scalarEvent("t".repeat(130), 3, 1, 5), // tag length varint of 2 bytes
    scalarEvent("loss", 3, 1, 0), // no wall_time
    encodeEvent({
      wallTime: 5,
      step: 3,
      summary: [
        { tag: "a", simpleValue: 1 },
        { tag: "b", simpleValue: 2 },
      ],
    }),
    encodeEvent({ wallTime: 5, step: 3, summary: [{ tag: "a", simpleValue: 1 }], sourceWriter: "w" }),
    histogramEvent("h", 3, histogramFromValues([1, 2, 3]), 5),
  ];
  for (const ev of refused) assert.equal(fast(ev), undefined);
  // and the general path still reads the ones that hold one plain scalar
  assert.equal(general(refused[0])?.step, 2 ** 21);
  assert.equal(general(refused[1])?.step, -3);
});

test("scanSimpleScalar never accepts damaged bytes the general path reads differently or rejects", () => {
  let seed = 12345;
  const rnd = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const base = [scalarEvent("loss/train", 300, 0.5, 1_700_000_123.25), scalarEvent("x", 0, 3, 7)];
  let accepted = 0;
  for (let i = 0; i < 20000; i++) {
    const src = base[i & 1];
    let ev: Uint8Array = Uint8Array.from(src);
    const k = 1 + Math.floor(rnd() * 2);
    for (let j = 0; j < k; j++) ev[Math.floor(rnd() * ev.length)] = Math.floor(rnd() * 256);
    if (rnd() < 0.2) ev = ev.subarray(0, Math.floor(rnd() * ev.length));
    // bytes after the record must not be read as part of it
    const padded = new Uint8Array(ev.length + 8).fill(0x0a);
    padded.set(ev);
    const es = new EventScanner();
    if (!es.scanSimpleScalar(padded, 0, ev.length)) continue;
    accepted++;
    const f = {
      wallTime: es.wallTime,
      step: es.step,
      tag: Buffer.from(padded.subarray(es.tagStart, es.tagEnd)).toString("latin1"),
      value: es.simpleValue,
    };
    let g;
    try {
      g = general(ev);
    } catch (err) {
      assert.fail(`fast path accepted bytes the general path rejects: ${(err as Error).message}`);
    }
    assert.deepEqual(f, g);
  }
  assert.ok(accepted > 1000, `only ${accepted} damaged records took the fast path`);
});

function histoBytes(write: (w: WireWriter) => void): Uint8Array {
  const w = new WireWriter();
  write(w);
  return w.finish();
}

test("HistogramProtoScanner locates the packed arrays exactly where decodeHistogramProto reads them", () => {
  const h = histogramFromValues(Array.from({ length: 300 }, (_, i) => Math.sin(i) * 3));
  const ev = histogramEvent("w", 7, h, 9);
  // find the histo range through the general scanners
  const es = new EventScanner();
  es.scan(ev, 0, ev.length);
  const vs = new SummaryValueScanner();
  vs.reset(ev, es.whatStart, es.whatEnd);
  assert.ok(vs.next());
  assert.equal(vs.kind, ValueKind.histo);
  const hs = new HistogramProtoScanner();
  assert.ok(hs.scan(ev, vs.valueStart, vs.valueEnd));
  const d = decodeHistogramProto(ev, vs.valueStart, vs.valueEnd);
  const dv = new DataView(ev.buffer, ev.byteOffset);
  const at = (s: number, e: number): number[] => Array.from({ length: (e - s) / 8 }, (_, i) => dv.getFloat64(s + i * 8, true));
  assert.deepEqual(at(hs.limitStart, hs.limitEnd), Array.from(d.bucketLimit));
  assert.deepEqual(at(hs.bucketStart, hs.bucketEnd), Array.from(d.bucket));
  assert.ok(d.bucket.length > 10);
  assert.deepEqual([hs.min, hs.max, hs.num, hs.sum, hs.sumSquares], [d.min, d.max, d.num, d.sum, d.sumSquares]);
});

test("HistogramProtoScanner refuses unpacked, split or odd-length arrays, and empty ones give empty ranges", () => {
  const hs = new HistogramProtoScanner();
  const unpacked = histoBytes((w) => {
    w.tag(6, WIRE_FIXED64).double(1);
    w.tag(7, WIRE_FIXED64).double(2);
  });
  assert.equal(hs.scan(unpacked, 0, unpacked.length), false);
  const split = histoBytes((w) => {
    w.packedDouble(6, [1, 2]);
    w.packedDouble(6, [3]);
    w.packedDouble(7, [1, 1, 1]);
  });
  assert.equal(hs.scan(split, 0, split.length), false);
  assert.deepEqual(Array.from(decodeHistogramProto(split, 0, split.length).bucketLimit), [1, 2, 3]);
  const odd = histoBytes((w) => {
    w.tag(6, WIRE_LEN).bytes(new Uint8Array(12));
  });
  assert.equal(hs.scan(odd, 0, odd.length), false);
  const empty = histoBytes((w) => {
    w.tag(3, WIRE_FIXED64).double(4);
  });
  assert.ok(hs.scan(empty, 0, empty.length));
  assert.equal(hs.num, 4);
  assert.equal(hs.limitEnd - hs.limitStart, 0);
  assert.equal(hs.bucketEnd - hs.bucketStart, 0);
});
