// Protobuf wire helpers: varints, zigzag, fixed, floats, bigints, sub-messages, packed lists,
// skipping, and WireError with an offset on truncated or malformed input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WireReader, WireWriter, WireError, WIRE_LEN, WIRE_VARINT, WIRE_FIXED32, WIRE_FIXED64 } from "./wire.ts";

test("varints round-trip, negative int32/int64 take 10 bytes", () => {
  const w = new WireWriter();
  const ints = [0, 1, 127, 128, 300, 2 ** 31 - 1, 2 ** 32 + 5, 2 ** 53 - 1, -1, -(2 ** 31), -123456789012];
  for (const v of ints) w.int64(v);
  w.int32(-1);
  const b = w.finish();
  const r = new WireReader(b);
  for (const v of ints) assert.equal(r.int64(), v);
  const before = r.pos;
  assert.equal(r.int32(), -1);
  assert.equal(r.pos - before, 10);
  assert.equal(r.more(), false);
  assert.deepEqual([...new WireWriter().int64(-1).finish()], [255, 255, 255, 255, 255, 255, 255, 255, 255, 1]);
});

test("zigzag, fixed, float/double, bigint", () => {
  const w = new WireWriter();
  for (const v of [0, -1, 1, -64, 63, 2 ** 30, -(2 ** 31)]) w.sint32(v);
  for (const v of [0, -1, 1, -(2 ** 40), 2 ** 40 + 3]) w.sint64(v);
  w.fixed32(0xdeadbeef)
    .sfixed32(-5)
    .float(1.5)
    .double(-0.1)
    .fixed64(2 ** 40 + 7)
    .int64(2n ** 63n + 33n);
  const r = new WireReader(w.finish());
  for (const v of [0, -1, 1, -64, 63, 2 ** 30, -(2 ** 31)]) assert.equal(r.sint32(), v);
  for (const v of [0, -1, 1, -(2 ** 40), 2 ** 40 + 3]) assert.equal(r.sint64(), v);
  assert.equal(r.fixed32(), 0xdeadbeef);
  assert.equal(r.sfixed32(), -5);
  assert.equal(r.float(), 1.5);
  assert.equal(r.double(), -0.1);
  assert.equal(r.fixed64(), 2 ** 40 + 7);
  assert.equal(r.uint64Big(), 2n ** 63n + 33n);
});

test("sub-messages, strings, packed lists and skipping", () => {
  const w = new WireWriter();
  w.tag(1, WIRE_LEN).string("héllo");
  w.tag(2, WIRE_LEN).fork().tag(1, WIRE_VARINT).int64(150).tag(2, WIRE_LEN).string("x".repeat(200)).join();
  w.packedFloat(3, [1, 2.5, -3]);
  w.packedDouble(4, [0.1, NaN]);
  w.packedVarint(5, [1, -2, 300]);
  w.tag(6, WIRE_FIXED32).float(7);
  w.tag(7, WIRE_FIXED64).double(8);
  const b = w.finish();
  const r = new WireReader(b);
  let t = r.tag();
  assert.equal(t >>> 3, 1);
  assert.equal(r.string(), "héllo");
  t = r.tag();
  assert.equal(t, (2 << 3) | WIRE_LEN);
  const e = r.lenEnd();
  const sub = new WireReader(b, r.pos, e);
  sub.tag();
  assert.equal(sub.int64(), 150);
  sub.tag();
  assert.equal(sub.string().length, 200);
  r.pos = e;
  const fl: number[] = [];
  t = r.tag();
  r.packedFloat(t & 7, fl);
  assert.deepEqual(fl, [1, 2.5, -3]);
  const dl: number[] = [];
  t = r.tag();
  r.packedDouble(t & 7, dl);
  assert.equal(dl[0], 0.1);
  assert.ok(Number.isNaN(dl[1]));
  const vl: number[] = [];
  t = r.tag();
  r.packedVarint(t & 7, vl);
  assert.deepEqual(vl, [1, -2, 300]);
  t = r.tag();
  fl.length = 0;
  r.packedFloat(t & 7, fl);
  assert.deepEqual(fl, [7]);
  t = r.tag();
  r.skip(t & 7);
  assert.equal(r.more(), false);
});

test("truncated and malformed input throws WireError with an offset", () => {
  assert.throws(() => new WireReader(new Uint8Array([0x80, 0x80])).uint32(), WireError);
  assert.throws(() => new WireReader(new Uint8Array([0x0a, 0x05, 1])).skip(2), WireError);
  const r = new WireReader(new Uint8Array([0x0a, 0x05, 1]));
  r.tag();
  assert.throws(() => r.bytes(), /runs past the end at byte 2/);
  assert.throws(() => new WireReader(new Uint8Array(11).fill(0x80)).int64(), WireError);
  assert.throws(() => new WireReader(new Uint8Array([1, 2])).float(), WireError);
  assert.throws(() => new WireReader(new Uint8Array([0x0f])).skip(7), /invalid wire type/);
});
