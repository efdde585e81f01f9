// TFRecord framing, as used by TensorBoard event files and MindSpore summary files:
//   [uint64 length LE][uint32 masked CRC-32C of the 8 length bytes][data: length bytes][uint32 masked CRC-32C of data]
// The reader walks a buffer from a start offset and yields each record's data range with its offset.
// Damage is reported, never thrown: a bad data CRC skips that one record (the framing is intact);
// a bad length CRC (or an implausible length) loses the framing, so the reader scans forward byte by
// byte for the next offset where a header's length CRC and the record's data CRC both verify, and
// reports the skipped byte range; a record cut short by the end of the buffer is "truncated" (a file
// still being written): reading stops there and `resumeOffset` says where the next read starts.
// A header whose CRC verifies but whose record would run past the end is checked against the bytes
// after it first (when resyncing): if a complete valid record follows, the header is damage (its
// declared length cannot be true) and reading resumes at that record, so one bad header cannot hide
// the rest of a file as "still being written".

import { crc32c as crc32cImported, maskCrc as maskCrcImported, maskedCrc32c } from "./crc32c.ts";

// module-local bindings: calls through an import binding cost an accessor call per record under some loaders
const crc32c = crc32cImported;
const maskCrc = maskCrcImported;

export const TFRECORD_HEADER_BYTES = 12;
export const TFRECORD_FOOTER_BYTES = 4;
/** Default limit on one record's data length (1 GiB). */
export const DEFAULT_MAX_RECORD_BYTES = 1 << 30;

export interface TFRecordReadOptions {
  /** Verify each record's data CRC (default true). The length CRC is always verified. */
  verifyDataCrc?: boolean;
  /** Records longer than this are reported as `too_large` and treated as framing damage. */
  maxRecordBytes?: number;
  /** After framing damage, scan forward for the next valid record (default true); false stops at the damage. */
  resync?: boolean;
}

/** Every kind of damage the framing reader reports. Offsets are absolute positions in the buffer. */
export type TFRecordIssue =
  /**
   * The 12-byte header's length CRC did not verify at `offset` (or, with `declared`, it verified but
   * declared more bytes than follow while a valid record follows); bytes [offset, skippedTo) were
   * skipped. `resynced`: a valid record was found at `skippedTo`.
   */
  | { kind: "bad_length_crc"; offset: number; skippedTo: number; resynced: boolean; declared?: number }
  /** Header fine, data CRC wrong: the record at `offset` (data `length` bytes) was skipped, reading went on after it. */
  | { kind: "bad_data_crc"; offset: number; length: number }
  /** The buffer ends inside the record at `offset` (in its header, payload or footer): a file still growing. */
  | { kind: "truncated"; offset: number; part: "header" | "payload" | "footer"; have: number; need: number }
  /** The header at `offset` verifies but announces `length` bytes, beyond `limit`; treated as damage (resync follows). */
  | { kind: "too_large"; offset: number; length: number; limit: number; skippedTo: number; resynced: boolean }
  /** Not a TFRecord file: the very first header fails its CRC and no valid record follows anywhere in [offset, skippedTo). */
  | { kind: "not_event_file"; offset: number; skippedTo: number };

export function describeTFRecordIssue(i: TFRecordIssue): string {
  switch (i.kind) {
    case "bad_length_crc":
      if (i.declared !== undefined) {
        return `record header declares ${i.declared} bytes, more than the file holds after it, yet a valid record follows: header treated as damage, skipped bytes ${i.offset}..${i.skippedTo} (${i.skippedTo - i.offset} bytes) to the next valid record`;
      }
      return i.resynced
        ? `record header length CRC mismatch; framing lost, skipped bytes ${i.offset}..${i.skippedTo} (${i.skippedTo - i.offset} bytes) to the next valid record`
        : `record header length CRC mismatch; no valid record in the remaining ${i.skippedTo - i.offset} bytes (trailing garbage or zero padding)`;
    case "bad_data_crc":
      return `record data CRC mismatch (${i.length}-byte record skipped; the records after it are read)`;
    case "truncated":
      return `file ends inside a record's ${i.part} (${i.have} of ${i.need} bytes present): still being written or cut short; the next read resumes here`;
    case "too_large":
      return (
        `record length ${i.length} exceeds the limit of ${i.limit} bytes; ` +
        (i.resynced ? `skipped bytes ${i.offset}..${i.skippedTo} to the next valid record` : `no valid record after it`)
      );
    case "not_event_file":
      return `not a TFRecord/event file: the first record header fails its CRC and no valid record was found in ${i.skippedTo - i.offset} bytes`;
  }
}

/**
 * Allocation-free record walker. Call `next()` until it returns false; after each `true`,
 * `recordOffset`, `dataStart` and `dataEnd` describe the record. Damage met on the way is appended
 * to `issues`. At the end `stop` says why reading stopped and `resumeOffset` where the next read of
 * a growing file starts (end of the last complete record, or the start of unrecoverable damage).
 */
export class TFRecordScanner {
  recordOffset = 0;
  dataStart = 0;
  dataEnd = 0;
  /** Offset after the last record (or resynced damage) fully consumed. */
  resumeOffset: number;
  records = 0;
  badDataCrc = 0;
  stop: "eof" | "truncated" | "damage" | "running" = "running";
  readonly issues: TFRecordIssue[] = [];
  private pos: number;
  private readonly start: number;
  private readonly end: number;
  private readonly verifyData: boolean;
  private readonly limit: number;
  private readonly resync: boolean;
  private readonly view: DataView;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    opts: TFRecordReadOptions = {},
    end = buf.length,
  ) {
    this.pos = this.start = this.resumeOffset = start;
    this.end = end;
    this.verifyData = opts.verifyDataCrc ?? true;
    this.limit = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.resync = opts.resync ?? true;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  next(): boolean {
    const buf = this.buf,
      view = this.view,
      end = this.end;
    for (;;) {
      const p = this.pos;
      const avail = end - p;
      if (avail <= 0) {
        this.stop = "eof";
        this.resumeOffset = p;
        return false;
      }
      if (avail < TFRECORD_HEADER_BYTES) return this.truncated(p, "header", avail, TFRECORD_HEADER_BYTES);
      const lo = view.getUint32(p, true);
      const hi = view.getUint32(p + 4, true);
      if (maskCrc(crc32c(buf, p, p + 8)) !== view.getUint32(p + 8, true)) {
        if (!this.damage(p, "bad_length_crc", 0)) return false;
        continue;
      }
      const len = hi * 4294967296 + lo;
      if (len > this.limit) {
        if (!this.damage(p, "too_large", len)) return false;
        continue;
      }
      const ds = p + TFRECORD_HEADER_BYTES;
      const de = ds + len;
      if (de + TFRECORD_FOOTER_BYTES > end && this.resync) {
        // the header claims bytes that are not there: a complete valid record after it proves it wrong
        const f = this.findNext(p + 1);
        if (f >= 0) {
          this.issues.push({ kind: "bad_length_crc", offset: p, skippedTo: f, resynced: true, declared: len });
          this.pos = this.resumeOffset = f;
          continue;
        }
      }
      if (de > end) return this.truncated(p, "payload", avail, len + 16);
      if (de + TFRECORD_FOOTER_BYTES > end) return this.truncated(p, "footer", avail, len + 16);
      this.pos = de + TFRECORD_FOOTER_BYTES;
      this.resumeOffset = this.pos;
      if (this.verifyData && maskCrc(crc32c(buf, ds, de)) !== view.getUint32(de, true)) {
        this.badDataCrc++;
        this.issues.push({ kind: "bad_data_crc", offset: p, length: len });
        continue;
      }
      this.recordOffset = p;
      this.dataStart = ds;
      this.dataEnd = de;
      this.records++;
      return true;
    }
  }

  private truncated(p: number, part: "header" | "payload" | "footer", have: number, need: number): false {
    this.issues.push({ kind: "truncated", offset: p, part, have, need });
    this.stop = "truncated";
    this.resumeOffset = p;
    this.pos = this.end;
    return false;
  }

  /** Framing lost at `p`: resync forward. Returns true when reading can go on. */
  private damage(p: number, kind: "bad_length_crc" | "too_large", len: number): boolean {
    const found = this.resync ? this.findNext(p + 1) : -1;
    const skippedTo = found >= 0 ? found : found === -2 ? this.truncPos : this.end;
    const resynced = found >= 0;
    if (kind === "too_large") this.issues.push({ kind, offset: p, length: len, limit: this.limit, skippedTo, resynced });
    else if (p === this.start && this.start === 0 && !resynced && found !== -2)
      this.issues.push({ kind: "not_event_file", offset: p, skippedTo });
    else this.issues.push({ kind, offset: p, skippedTo, resynced });
    if (resynced) {
      this.pos = found;
      return true;
    }
    if (found === -2) {
      // a verified header whose record is not complete yet: a growing file, resume there
      this.truncated(this.truncPos, "payload", this.end - this.truncPos, this.truncNeed);
      return false;
    }
    this.stop = "damage";
    this.resumeOffset = p;
    this.pos = this.end;
    return false;
  }

  /** After findNext returned -2: where the first verified header whose record runs past the end is, and its record's full size. */
  truncPos = 0;
  truncNeed = 0;

  /**
   * First offset >= from holding a complete record whose both CRCs verify; -2 when none does but a
   * verified header's record runs past the end (the first such header: see truncPos); -1 when none.
   * A verified header whose record runs past the end does not stop the scan: a complete valid record
   * after it wins (the header's length was wrong).
   */
  findNext(from: number): number {
    const buf = this.buf,
      view = this.view,
      end = this.end;
    let overlong = -1;
    for (let q = from; q + TFRECORD_HEADER_BYTES <= end; q++) {
      if (maskCrc(crc32c(buf, q, q + 8)) !== view.getUint32(q + 8, true)) continue;
      const len = view.getUint32(q + 4, true) * 4294967296 + view.getUint32(q, true);
      if (len > this.limit) continue;
      const de = q + TFRECORD_HEADER_BYTES + len;
      if (de + TFRECORD_FOOTER_BYTES > end) {
        if (overlong < 0) {
          overlong = q;
          this.truncPos = q;
          this.truncNeed = len + 16;
        }
        continue;
      }
      if (maskCrc(crc32c(buf, q + TFRECORD_HEADER_BYTES, de)) === view.getUint32(de, true)) return q;
    }
    return overlong >= 0 ? -2 : -1;
  }
}

/** One record as yielded by `readRecords`. `data` is a view into the buffer (no copy). */
export interface TFRecord {
  offset: number;
  data: Uint8Array;
}

/** Outcome of reading a buffer: the records, every issue, and where a later read resumes. */
export interface TFRecordReadResult {
  records: TFRecord[];
  issues: TFRecordIssue[];
  stop: "eof" | "truncated" | "damage";
  resumeOffset: number;
  badDataCrc: number;
}

/** Generator over the records of `buf` from `start`; damage is reported through `onIssue`. */
export function* iterateRecords(
  buf: Uint8Array,
  start = 0,
  opts: TFRecordReadOptions = {},
  onIssue?: (i: TFRecordIssue) => void,
): Generator<TFRecord, TFRecordReadResult["stop"]> {
  const sc = new TFRecordScanner(buf, start, opts);
  let seen = 0;
  while (sc.next()) {
    if (onIssue) while (seen < sc.issues.length) onIssue(sc.issues[seen++]);
    yield { offset: sc.recordOffset, data: buf.subarray(sc.dataStart, sc.dataEnd) };
  }
  if (onIssue) while (seen < sc.issues.length) onIssue(sc.issues[seen++]);
  return sc.stop as TFRecordReadResult["stop"];
}

/** Reads every record of `buf` from `start` at once. */
export function readRecords(buf: Uint8Array, start = 0, opts: TFRecordReadOptions = {}): TFRecordReadResult {
  const sc = new TFRecordScanner(buf, start, opts);
  const records: TFRecord[] = [];
  while (sc.next()) records.push({ offset: sc.recordOffset, data: buf.subarray(sc.dataStart, sc.dataEnd) });
  return {
    records,
    issues: sc.issues,
    stop: sc.stop as TFRecordReadResult["stop"],
    resumeOffset: sc.resumeOffset,
    badDataCrc: sc.badDataCrc,
  };
}

/** Frames one record: header (length + masked length CRC), data, masked data CRC. */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 16);
  writeRecordInto(out, 0, data);
  return out;
}

/** Writes the framed record into `out` at `offset`; returns the offset after it. `out` needs data.length + 16 bytes. */
export function writeRecordInto(out: Uint8Array, offset: number, data: Uint8Array): number {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const len = data.length;
  view.setUint32(offset, len >>> 0, true);
  view.setUint32(offset + 4, Math.floor(len / 4294967296), true);
  view.setUint32(offset + 8, maskedCrc32c(out, offset, offset + 8), true);
  out.set(data, offset + 12);
  view.setUint32(offset + 12 + len, maskedCrc32c(data), true);
  return offset + 16 + len;
}

/** Frames several records into one buffer. */
export function frameRecords(records: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const r of records) n += r.length + 16;
  const out = new Uint8Array(n);
  let o = 0;
  for (const r of records) o = writeRecordInto(out, o, r);
  return out;
}
