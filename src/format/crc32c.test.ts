// CRC-32C: known vectors, slicing-by-8 against the bitwise CRC, TFRecord masking.
import { test } from "node:test";
import assert from "node:assert/strict";
import { crc32c, maskedCrc32c, maskCrc, unmaskCrc } from "./crc32c.ts";

/** Bitwise reference CRC-32C (one bit at a time) to check the sliced tables against. */
function crcBitwise(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return ~c >>> 0;
}

test("crc32c known vectors", () => {
  assert.equal(crc32c("123456789"), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa); // RFC 3720 B.4: 32 bytes of zeros
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  assert.equal(maskedCrc32c(Buffer.from("\x1a\x11CRC test, one two", "latin1")), 0x5794d08a);
});

test("slicing-by-8 equals the bitwise CRC for every length and alignment", () => {
  const b = new Uint8Array(300);
  let s = 7;
  for (let i = 0; i < b.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    b[i] = s >>> 24;
  }
  for (let start = 0; start < 9; start++) {
    for (let end = start; end <= 300; end += 13) {
      assert.equal(crc32c(b, start, end), crcBitwise(b.subarray(start, end)), `${start}..${end}`);
    }
  }
  // continuation: crc of a+b from crc of a
  assert.equal(crc32c(b, 100, 300, crc32c(b, 0, 100)), crc32c(b, 0, 300));
});

test("mask and unmask are inverse", () => {
  for (const c of [0, 1, 0xffffffff, 0xe3069283, 0x80000000]) assert.equal(unmaskCrc(maskCrc(c)), c);
});
