// Protocol-buffers wire format (https://protobuf.dev/programming-guides/encoding/): a cursor that
// reads tags, varints (int32/int64/uint/bool/enum), zigzag sint32/sint64, fixed32/fixed64/float/double,
// length-delimited fields (bytes, strings, sub-messages, packed repeated scalars), and a writer that
// produces the same encodings. Reading never allocates for scalars; 64-bit integers are returned as
// JS numbers (exact up to 2^53) or as bigint by the *Big variants.

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

/** Malformed or truncated protobuf bytes; `offset` is relative to the start of the decoded buffer. */
export class WireError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
    this.name = "WireError";
  }
}

const utf8 = new TextDecoder("utf-8");
const W_VARINT = 0,
  W_FIXED64 = 1,
  W_LEN = 2,
  W_START_GROUP = 3,
  W_END_GROUP = 4,
  W_FIXED32 = 5;
const utf8Encoder = new TextEncoder();

/** Read cursor over `buf[pos, end)`. */
export class WireReader {
  readonly view: DataView;
  pos: number;
  end: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    end = buf.length,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
    this.end = end;
  }

  /** True when bytes remain before `end`. */
  more(): boolean {
    return this.pos < this.end;
  }

  /** Reads a field key; returns `fieldNumber << 3 | wireType` (use `>>> 3` and `& 7`). */
  tag(): number {
    const b = this.buf[this.pos];
    if (b < 0x80 && this.pos < this.end) {
      this.pos++;
      return b;
    }
    return this.uint32();
  }

  /** Unsigned varint up to 32 bits (longer varints are accepted and truncated to the low 32 bits). */
  uint32(): number {
    const buf = this.buf;
    let p = this.pos;
    let r = 0;
    let shift = 0;
    for (;;) {
      if (p >= this.end) throw new WireError("truncated varint", this.pos);
      const b = buf[p++];
      if (shift < 32) r |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
      if (shift > 63) throw new WireError("varint longer than 10 bytes", this.pos);
    }
    this.pos = p;
    return r >>> 0;
  }

  /** int32 varint (negative values are written as 10-byte varints). */
  int32(): number {
    return this.uint32() | 0;
  }

  /** Varint as two 32-bit halves, stored in `lo`/`hi`. */
  private lo = 0;
  private hi = 0;
  private varint64(): void {
    const buf = this.buf;
    let p = this.pos;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (;;) {
      if (p >= this.end) throw new WireError("truncated varint", this.pos);
      const b = buf[p++];
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else if (shift < 64) hi |= (b & 0x7f) << (shift - 32);
      if (b < 0x80) break;
      shift += 7;
      if (shift > 63) throw new WireError("varint longer than 10 bytes", this.pos);
    }
    this.pos = p;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** int64 varint as a number (exact within ±2^53). */
  int64(): number {
    const b = this.buf[this.pos];
    if (b < 0x80 && this.pos < this.end) {
      this.pos++;
      return b;
    }
    this.varint64();
    return (this.hi | 0) * 4294967296 + this.lo;
  }
  /** uint64 varint as a number (exact below 2^53). */
  uint64(): number {
    this.varint64();
    return this.hi * 4294967296 + this.lo;
  }
  int64Big(): bigint {
    this.varint64();
    return BigInt.asIntN(64, (BigInt(this.hi) << 32n) | BigInt(this.lo));
  }
  uint64Big(): bigint {
    this.varint64();
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }
  /** zigzag sint32. */
  sint32(): number {
    const n = this.uint32();
    return (n >>> 1) ^ -(n & 1);
  }
  /** zigzag sint64 as a number. */
  sint64(): number {
    this.varint64();
    const lo = this.lo,
      hi = this.hi;
    const neg = lo & 1;
    const ulo = ((lo >>> 1) | (hi << 31)) >>> 0;
    const uhi = hi >>> 1;
    const mag = uhi * 4294967296 + ulo;
    return neg ? -mag - 1 : mag;
  }
  bool(): boolean {
    return this.uint32() !== 0;
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new WireError(`truncated: need ${n} bytes`, this.pos);
  }
  fixed32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  sfixed32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  float(): number {
    this.need(4);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }
  double(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  fixed64(): number {
    this.need(8);
    const v = this.view.getUint32(this.pos, true) + this.view.getUint32(this.pos + 4, true) * 4294967296;
    this.pos += 8;
    return v;
  }
  sfixed64(): number {
    this.need(8);
    const v = this.view.getUint32(this.pos, true) + this.view.getInt32(this.pos + 4, true) * 4294967296;
    this.pos += 8;
    return v;
  }

  /** Length prefix of a length-delimited field; returns the end offset of its payload (payload starts at `pos`). */
  lenEnd(): number {
    const n = this.uint32();
    const e = this.pos + n;
    if (e > this.end) throw new WireError(`length ${n} runs past the end`, this.pos);
    return e;
  }
  /** Length-delimited bytes as a view (no copy). */
  bytes(): Uint8Array {
    const e = this.lenEnd();
    const v = this.buf.subarray(this.pos, e);
    this.pos = e;
    return v;
  }
  string(): string {
    const e = this.lenEnd();
    const s = decodeUtf8(this.buf, this.pos, e);
    this.pos = e;
    return s;
  }

  /** Skips one field of wire type `wt` (field number `field` for group matching). */
  skip(wt: number, field = 0): void {
    switch (wt) {
      case W_VARINT:
        this.varint64();
        break;
      case W_FIXED64:
        this.need(8);
        this.pos += 8;
        break;
      case W_LEN:
        this.pos = this.lenEnd();
        break;
      case W_FIXED32:
        this.need(4);
        this.pos += 4;
        break;
      case W_START_GROUP:
        for (;;) {
          if (this.pos >= this.end) throw new WireError("unterminated group", this.pos);
          const t = this.tag();
          if ((t & 7) === W_END_GROUP) {
            if (t >>> 3 !== field) throw new WireError("mismatched end group", this.pos);
            break;
          }
          this.skip(t & 7, t >>> 3);
        }
        break;
      default:
        throw new WireError(`invalid wire type ${wt}`, this.pos);
    }
  }

  /** Repeated float: packed (LEN) or one unpacked element (FIXED32), appended to `out`. */
  packedFloat(wt: number, out: number[]): void {
    if (wt === W_FIXED32) {
      out.push(this.float());
      return;
    }
    const e = this.lenEnd();
    if ((e - this.pos) & 3) throw new WireError("packed float length not a multiple of 4", this.pos);
    for (; this.pos < e; this.pos += 4) out.push(this.view.getFloat32(this.pos, true));
  }
  /** Repeated double: packed or unpacked, appended to `out`. */
  packedDouble(wt: number, out: number[]): void {
    if (wt === W_FIXED64) {
      out.push(this.double());
      return;
    }
    const e = this.lenEnd();
    if ((e - this.pos) & 7) throw new WireError("packed double length not a multiple of 8", this.pos);
    for (; this.pos < e; this.pos += 8) out.push(this.view.getFloat64(this.pos, true));
  }
  /** Repeated varint (int32/int64/uint/bool/enum) as numbers, packed or unpacked; `signed32` narrows to int32. */
  packedVarint(wt: number, out: number[], kind: "int32" | "int64" | "uint32" | "uint64" | "sint32" | "sint64" | "bool" = "int64"): void {
    const one = (): number => {
      switch (kind) {
        case "int32":
          return this.int32();
        case "uint32":
          return this.uint32();
        case "uint64":
          return this.uint64();
        case "sint32":
          return this.sint32();
        case "sint64":
          return this.sint64();
        case "bool":
          return this.uint64() !== 0 ? 1 : 0;
        default:
          return this.int64();
      }
    };
    if (wt === W_VARINT) {
      out.push(one());
      return;
    }
    if (wt !== W_LEN) throw new WireError(`unexpected wire type ${wt} for repeated varint`, this.pos);
    const e = this.lenEnd();
    const saved = this.end;
    this.end = e;
    try {
      while (this.pos < e) out.push(one());
    } finally {
      this.end = saved;
    }
  }
}

/** UTF-8 text of `buf[start, end)`; short ASCII strings are decoded without TextDecoder. */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  if (end - start < 32) {
    let s = "";
    for (let i = start; i < end; i++) {
      const c = buf[i];
      if (c >= 0x80) return utf8.decode(buf.subarray(start, end));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf8.decode(buf.subarray(start, end));
}

export function encodeUtf8(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}

/**
 * Append-only protobuf writer. Sub-messages are written with `fork()` … `join(field)`: the payload is
 * written in place and its length prefix inserted afterwards.
 */
export class WireWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private len = 0;
  private stack: number[] = [];

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }

  get length(): number {
    return this.len;
  }

  tag(field: number, wt: number): this {
    return this.uint32(((field << 3) | wt) >>> 0);
  }

  uint32(v: number): this {
    this.ensure(5);
    v >>>= 0;
    while (v > 0x7f) {
      this.buf[this.len++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.len++] = v;
    return this;
  }
  /** int32: negative values sign-extended to 10 bytes, as protobuf requires. */
  int32(v: number): this {
    return v < 0 ? this.int64(v) : this.uint32(v);
  }
  /** int64/uint64 from a number (exact within ±2^53) or bigint. */
  int64(v: number | bigint): this {
    let b = BigInt.asUintN(64, typeof v === "bigint" ? v : BigInt(Math.trunc(v)));
    if (b < 0x80n) {
      this.ensure(1);
      this.buf[this.len++] = Number(b);
      return this;
    }
    this.ensure(10);
    while (b > 0x7fn) {
      this.buf[this.len++] = Number(b & 0x7fn) | 0x80;
      b >>= 7n;
    }
    this.buf[this.len++] = Number(b);
    return this;
  }
  uint64(v: number | bigint): this {
    return this.int64(v);
  }
  sint32(v: number): this {
    return this.uint32(((v << 1) ^ (v >> 31)) >>> 0);
  }
  sint64(v: number | bigint): this {
    const b = typeof v === "bigint" ? v : BigInt(Math.trunc(v));
    return this.int64(BigInt.asUintN(64, (b << 1n) ^ (b >> 63n)));
  }
  bool(v: boolean): this {
    return this.uint32(v ? 1 : 0);
  }
  fixed32(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.len, v >>> 0, true);
    this.len += 4;
    return this;
  }
  sfixed32(v: number): this {
    this.ensure(4);
    this.view.setInt32(this.len, v | 0, true);
    this.len += 4;
    return this;
  }
  float(v: number): this {
    this.ensure(4);
    this.view.setFloat32(this.len, v, true);
    this.len += 4;
    return this;
  }
  double(v: number): this {
    this.ensure(8);
    this.view.setFloat64(this.len, v, true);
    this.len += 8;
    return this;
  }
  fixed64(v: number | bigint): this {
    const b = BigInt.asUintN(64, typeof v === "bigint" ? v : BigInt(Math.trunc(v)));
    this.ensure(8);
    this.view.setBigUint64(this.len, b, true);
    this.len += 8;
    return this;
  }
  /** Raw bytes, no length prefix. */
  raw(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }
  /** Length-prefixed bytes. */
  bytes(b: Uint8Array): this {
    return this.uint32(b.length).raw(b);
  }
  string(s: string): this {
    return this.bytes(utf8Encoder.encode(s));
  }

  /** Starts a length-delimited sub-message (write its fields, then `join`). */
  fork(): this {
    this.stack.push(this.len);
    return this;
  }
  /** Ends the sub-message started by the matching `fork`, inserting its length prefix. */
  join(): this {
    const start = this.stack.pop();
    if (start === undefined) throw new Error("WireWriter.join without fork");
    const n = this.len - start;
    let prefix = 1;
    for (let v = n; v > 0x7f; v >>>= 7) prefix++;
    this.ensure(prefix);
    this.buf.copyWithin(start + prefix, start, this.len);
    let v = n,
      p = start;
    while (v > 0x7f) {
      this.buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[p] = v;
    this.len += prefix;
    return this;
  }

  /** Packed repeated float/double/varint fields (field tag included). Nothing written for an empty list. */
  packedFloat(field: number, vs: ArrayLike<number>): this {
    if (vs.length === 0) return this;
    this.tag(field, W_LEN).uint32(vs.length * 4);
    for (let i = 0; i < vs.length; i++) this.float(vs[i]);
    return this;
  }
  packedDouble(field: number, vs: ArrayLike<number>): this {
    if (vs.length === 0) return this;
    this.tag(field, W_LEN).uint32(vs.length * 8);
    for (let i = 0; i < vs.length; i++) this.double(vs[i]);
    return this;
  }
  packedVarint(field: number, vs: ArrayLike<number>, kind: "int32" | "int64" | "uint32" | "sint32" | "bool" = "int64"): this {
    if (vs.length === 0) return this;
    this.tag(field, W_LEN).fork();
    for (let i = 0; i < vs.length; i++) {
      const v = vs[i];
      if (kind === "sint32") this.sint32(v);
      else if (kind === "uint32") this.uint32(v);
      else if (kind === "bool") this.uint32(v ? 1 : 0);
      else this.int64(v);
    }
    return this.join();
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** A copy of `b` that owns its memory (Buffer.slice would return a view keeping the whole file alive). */
export function copyBytes(b: Uint8Array): Uint8Array {
  const c = new Uint8Array(b.length);
  c.set(b);
  return c;
}
