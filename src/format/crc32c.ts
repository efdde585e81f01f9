// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) computed slicing-by-8, and the "masked"
// CRC used by TFRecord framing: ((crc >>> 15) | (crc << 17)) + 0xa282ead8, mod 2^32.

const POLY = 0x82f63b78;

/** 8 tables of 256 entries: T[k][b] = CRC of byte b followed by k zero bytes. */
const T = new Uint32Array(8 * 256);
for (let b = 0; b < 256; b++) {
  let c = b;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  T[b] = c >>> 0;
}
for (let b = 0; b < 256; b++) {
  let c = T[b];
  for (let t = 1; t < 8; t++) {
    c = T[c & 0xff] ^ (c >>> 8);
    T[t * 256 + b] = c >>> 0;
  }
}

/**
 * CRC-32C of `buf[start, end)`, continuing from `crc` (0 for a fresh CRC).
 * Slicing-by-8: 8 input bytes per step through 8 tables.
 */
export function crc32c(buf: Uint8Array | string, start = 0, end?: number, crc = 0): number {
  if (typeof buf === "string") buf = new TextEncoder().encode(buf);
  const stop = end ?? buf.length;
  let c = ~crc >>> 0;
  let i = start;
  // bytes until 8-aligned count remains
  const stop8 = i + ((stop - i) & ~7);
  while (i < stop8) {
    const lo = (c ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24))) >>> 0;
    c =
      T[7 * 256 + (lo & 0xff)] ^
      T[6 * 256 + ((lo >>> 8) & 0xff)] ^
      T[5 * 256 + ((lo >>> 16) & 0xff)] ^
      T[4 * 256 + (lo >>> 24)] ^
      T[3 * 256 + buf[i + 4]] ^
      T[2 * 256 + buf[i + 5]] ^
      T[1 * 256 + buf[i + 6]] ^
      T[buf[i + 7]];
    i += 8;
  }
  while (i < stop) c = T[(c ^ buf[i++]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** TFRecord's mask applied to a CRC (so a CRC of data containing CRCs stays well-distributed). */
export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** Inverse of `maskCrc`. */
export function unmaskCrc(masked: number): number {
  const rot = (masked - 0xa282ead8) >>> 0;
  return ((rot >>> 17) | (rot << 15)) >>> 0;
}

/** Masked CRC-32C of `buf[start, end)`, as stored in TFRecord headers and footers. */
export function maskedCrc32c(buf: Uint8Array | string, start = 0, end?: number): number {
  return maskCrc(crc32c(buf, start, end));
}
