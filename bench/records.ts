// What the benchmarks that generate event files share: a seeded PRNG (mulberry32: the files are
// the same on every run) and a writer of framed TFRecords (format.frameRecord) streaming through a
// 4 MB buffer (a record bigger than the buffer is written on its own); and the size of a logdir.
import * as fs from "node:fs";
import * as path from "node:path";
import { frameRecord } from "../src/format/index.ts";

/** mulberry32 PRNG. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Streams framed records to a file through a 4 MB buffer; counts bytes and events. */
export class RecordFile {
  private fd: number;
  private buf = Buffer.allocUnsafe(4 << 20);
  private n = 0;
  bytes = 0;
  events = 0;
  constructor(readonly file: string) {
    this.fd = fs.openSync(file, "w");
  }
  add(event: Uint8Array): void {
    const rec = frameRecord(event);
    if (this.n + rec.length > this.buf.length) this.flush();
    if (rec.length > this.buf.length) {
      fs.writeSync(this.fd, rec);
    } else {
      this.buf.set(rec, this.n);
      this.n += rec.length;
    }
    this.bytes += rec.length;
    this.events++;
  }
  private flush(): void {
    fs.writeSync(this.fd, this.buf, 0, this.n);
    this.n = 0;
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** Bytes of every file under `root`. */
export function logdirBytes(root: string): number {
  let n = 0;
  for (const f of fs.readdirSync(root, { recursive: true }) as string[]) {
    const st = fs.statSync(path.join(root, f));
    if (st.isFile()) n += st.size;
  }
  return n;
}
