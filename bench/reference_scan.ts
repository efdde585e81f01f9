// Minimal reference scan of a TensorBoard event file, the practical speed limit the benchmark compares
// the reader against: TFRecord framing, both masked CRC-32Cs, and a hand decoding of each Event's
// step and of its first Summary.Value (tag bytes; simple_value; for a histogram, min/max/num and
// every double of the packed bucket_limit and bucket arrays read once). No objects are kept: the
// values only feed a checksum, so the work cannot be optimised away.

import * as fs from "node:fs";
import { crc32c as crc32cImported, maskCrc as maskCrcImported } from "../src/format/index.ts";

// module-local bindings, as the reader uses (no accessor call per record through the import bindings)
const crc32c = crc32cImported;
const maskCrc = maskCrcImported;

/** Reads the whole file and scans it; returns the number of records. */
export function referenceScan(file: string): number {
  const buf = fs.readFileSync(file);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = 0,
    events = 0,
    acc = 0;
  while (p + 12 <= buf.length) {
    const len = view.getUint32(p, true);
    if (maskCrc(crc32c(buf, p, p + 8)) !== view.getUint32(p + 8, true)) throw new Error(`bad length CRC at ${p}`);
    const ds = p + 12,
      de = ds + len;
    if (maskCrc(crc32c(buf, ds, de)) !== view.getUint32(de, true)) throw new Error(`bad data CRC at ${p}`);
    // Event: wall_time (0x09), step (0x10), summary (0x2a) → value (0x0a) → tag (0x0a), simple_value (0x15), histo (0x2a)
    let q = ds,
      step = 0;
    while (q < de) {
      const t = buf[q++];
      if (t === 0x09) {
        acc += view.getFloat64(q, true) * 0;
        q += 8;
      } else if (t === 0x10) {
        let s = 0,
          sh = 0,
          b;
        do {
          b = buf[q++];
          s += (b & 0x7f) * 2 ** sh;
          sh += 7;
        } while (b & 0x80);
        step = s;
      } else if ((t & 7) === 2) {
        let l = 0,
          sh = 0,
          b;
        do {
          b = buf[q++];
          l += (b & 0x7f) * 2 ** sh;
          sh += 7;
        } while (b & 0x80);
        if (t === 0x2a) {
          // summary: first value
          let v = q + 1;
          let vl = 0;
          sh = 0;
          do {
            b = buf[v++];
            vl += (b & 0x7f) * 2 ** sh;
            sh += 7;
          } while (b & 0x80);
          const ve = v + vl;
          while (v < ve) {
            const vt = buf[v++];
            if (vt === 0x0a) {
              const tl = buf[v++];
              acc += buf[v] + tl;
              v += tl;
            } else if (vt === 0x15) {
              acc += view.getFloat32(v, true) + step;
              v += 4;
            } else if (vt === 0x2a) {
              v = histo(buf, view, v);
              acc += histoAcc;
            } else if ((vt & 7) === 2) {
              let sl = 0;
              sh = 0;
              do {
                b = buf[v++];
                sl += (b & 0x7f) * 2 ** sh;
                sh += 7;
              } while (b & 0x80);
              v += sl;
            } else if ((vt & 7) === 1) v += 8;
            else if ((vt & 7) === 5) v += 4;
            else {
              do {
                b = buf[v++];
              } while (b & 0x80);
            }
          }
        }
        q += l;
      } else if ((t & 7) === 5) q += 4;
      else if ((t & 7) === 1) q += 8;
      else {
        let b;
        do {
          b = buf[q++];
        } while (b & 0x80);
      }
    }
    events++;
    p = de + 4;
  }
  if (acc === 42.4242) console.log("");
  return events;
}

let histoAcc = 0;

/**
 * HistogramProto at buf[v] (its length prefix): the doubles 1..5 and every double of the packed
 * bucket_limit (6) and bucket (7) arrays are read once; their sum goes to `histoAcc`. Returns the end.
 */
function histo(buf: Uint8Array, view: DataView, v: number): number {
  let hl = 0,
    sh = 0,
    b;
  do {
    b = buf[v++];
    hl += (b & 0x7f) * 2 ** sh;
    sh += 7;
  } while (b & 0x80);
  const he = v + hl;
  let acc = 0;
  while (v < he) {
    const t = buf[v++];
    if ((t & 7) === 1) {
      acc += view.getFloat64(v, true);
      v += 8;
    } else if ((t & 7) === 2) {
      let n = 0;
      sh = 0;
      do {
        b = buf[v++];
        n += (b & 0x7f) * 2 ** sh;
        sh += 7;
      } while (b & 0x80);
      const e = v + n;
      if (t === 0x32 || t === 0x3a) for (; v + 8 <= e; v += 8) acc += view.getFloat64(v, true);
      v = e;
    } else if ((t & 7) === 5) v += 4;
    else {
      do {
        b = buf[v++];
      } while (b & 0x80);
    }
  }
  histoAcc = acc;
  return he;
}
