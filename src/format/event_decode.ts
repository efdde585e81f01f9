// Hand-written decoder of TensorBoard `Event` records (event.proto / summary.proto / tensor.proto /
// histogram.proto field numbers, see proto/tensorboard/). The hot path is allocation-free: an
// `EventScanner` locates the top-level fields of one record, a `SummaryValueScanner` walks the
// `Summary.Value`s and exposes tag bytes, simple_value and the ranges of the other payloads; the
// value decoders below turn a histogram / tensor / image / audio / metadata range into plain objects.
// Fields may come in any order, unknown fields are skipped; malformed bytes throw `WireError`.

import { WireReader as WireReaderImported, WireError as WireErrorImported, decodeUtf8, copyBytes } from "./wire.ts";

// wire types as module-local constants (the hot loops must not go through import bindings)
const WIRE_VARINT = 0,
  WIRE_FIXED64 = 1,
  WIRE_LEN = 2,
  WIRE_FIXED32 = 5;
const WireReader = WireReaderImported;
type WireReader = WireReaderImported;
const WireError = WireErrorImported;

/** Which member of Event's `what` oneof a record holds (its field number), 0 for none. */
export const EventWhat = {
  none: 0,
  fileVersion: 3,
  graphDef: 4,
  summary: 5,
  logMessage: 6,
  sessionLog: 7,
  taggedRunMetadata: 8,
  metaGraphDef: 9,
} as const;

/** Which member of Summary.Value's `value` oneof (its field number), 0 for none. */
export const ValueKind = {
  none: 0,
  simpleValue: 2,
  oldStyleHistogram: 3,
  image: 4,
  histo: 5,
  audio: 6,
  tensor: 8,
} as const;

/** Locates the top-level fields of one Event. Reuse one instance for every record. */
export class EventScanner {
  wallTime = 0;
  hasWallTime = false;
  step = 0;
  hasStep = false;
  /** Field number of the `what` oneof member present (see `EventWhat`); last one wins, as in protobuf. */
  what = 0;
  whatStart = 0;
  whatEnd = 0;
  /** Range of source_metadata (field 10), -1 when absent. */
  sourceStart = -1;
  sourceEnd = -1;
  /** Set by `scanSimpleScalar`: the one value's tag range and simple_value. */
  tagStart = 0;
  tagEnd = 0;
  simpleValue = 0;
  private r = new WireReader(new Uint8Array(0));

  /**
   * Recognises the commonest record byte for byte: `wall_time, [step < 2^21], summary { value { tag
   * (< 128 bytes), simple_value } }` and nothing else (the layout PyTorch, TF1 and tensorboardX
   * write for a scalar). Sets wallTime, step, tagStart/tagEnd and simpleValue and returns true; returns
   * false for any other layout (the caller then uses `scan`, which decodes the same record the same way).
   */
  scanSimpleScalar(buf: Uint8Array, start: number, end: number): boolean {
    // every byte read below lies before a position that is checked against `end` before returning true
    if (buf[start] !== 0x09) return false;
    let p = start + 9;
    let step = 0;
    const hasStep = buf[p] === 0x10;
    if (hasStep) {
      const b0 = buf[p + 1];
      if (b0 < 0x80) {
        step = b0;
        p += 2;
      } else {
        const b1 = buf[p + 2];
        if (b1 < 0x80) {
          step = (b0 & 0x7f) | (b1 << 7);
          p += 3;
        } else {
          const b2 = buf[p + 3];
          if (!(b2 < 0x80)) return false;
          step = (b0 & 0x7f) | ((b1 & 0x7f) << 7) | (b2 << 14);
          p += 4;
        }
      }
    }
    // summary (field 5) holding exactly one value (field 1) holding exactly a tag (1) and a simple_value (2)
    const summaryLen = buf[p + 1],
      valueLen = buf[p + 3],
      tagLen = buf[p + 5];
    if (buf[p] !== 0x2a || !(summaryLen < 0x80) || summaryLen + p + 2 !== end) return false;
    if (buf[p + 2] !== 0x0a || !(valueLen < 0x80) || valueLen + p + 4 !== end || buf[p + 4] !== 0x0a || !(tagLen < 0x80)) return false;
    const ts = p + 6,
      te = ts + tagLen;
    if (te + 5 !== end || buf[te] !== 0x15) return false;
    let r = this.r;
    if (r.buf !== buf) r = this.r = new WireReader(buf);
    const view = r.view;
    this.wallTime = view.getFloat64(start + 1, true);
    this.hasWallTime = true;
    this.step = step;
    this.hasStep = hasStep;
    this.what = 5;
    this.whatStart = p + 2;
    this.whatEnd = end;
    this.sourceStart = this.sourceEnd = -1;
    this.tagStart = ts;
    this.tagEnd = te;
    this.simpleValue = view.getFloat32(te + 1, true);
    return true;
  }

  scan(buf: Uint8Array, start: number, end: number): void {
    let r = this.r;
    if (r.buf !== buf) r = this.r = new WireReader(buf);
    r.pos = start;
    r.end = end;
    this.hasWallTime = this.hasStep = false;
    this.wallTime = 0;
    this.step = 0;
    this.what = 0;
    this.sourceStart = this.sourceEnd = -1;
    while (r.pos < end) {
      const t = r.tag();
      const f = t >>> 3,
        wt = t & 7;
      if (f === 1 && wt === WIRE_FIXED64) {
        this.wallTime = r.double();
        this.hasWallTime = true;
      } else if (f === 2 && wt === WIRE_VARINT) {
        this.step = r.int64();
        this.hasStep = true;
      } else if (f >= 3 && f <= 9 && wt === WIRE_LEN) {
        const e = r.lenEnd();
        this.what = f;
        this.whatStart = r.pos;
        this.whatEnd = e;
        r.pos = e;
      } else if (f === 10 && wt === WIRE_LEN) {
        const e = r.lenEnd();
        this.sourceStart = r.pos;
        this.sourceEnd = e;
        r.pos = e;
      } else if (f === 0) throw new WireError("field number 0", r.pos);
      else r.skip(wt, f);
    }
  }
}

/** Walks the `Summary.Value` entries of a Summary (the `whatStart..whatEnd` range of a summary Event). */
export class SummaryValueScanner {
  tagStart = 0;
  tagEnd = 0;
  /** Range of SummaryMetadata, -1 when absent. */
  metaStart = -1;
  metaEnd = -1;
  /** Field number of the value present (see `ValueKind`). */
  kind = 0;
  valueStart = 0;
  valueEnd = 0;
  simpleValue = 0;
  /** Range of the deprecated node_name, -1 when absent. */
  nodeStart = -1;
  nodeEnd = -1;
  private r = new WireReader(new Uint8Array(0));
  private v = new WireReader(new Uint8Array(0));
  private end = 0;

  reset(buf: Uint8Array, start: number, end: number): void {
    if (this.r.buf !== buf) {
      this.r = new WireReader(buf);
      this.v = new WireReader(buf);
    }
    this.r.pos = start;
    this.r.end = end;
    this.end = end;
  }

  next(): boolean {
    const r = this.r;
    while (r.pos < this.end) {
      const t = r.tag();
      if (t !== ((1 << 3) | WIRE_LEN)) {
        if (t >>> 3 === 0) throw new WireError("field number 0", r.pos);
        r.skip(t & 7, t >>> 3);
        continue;
      }
      const e = r.lenEnd();
      this.value(r.pos, e);
      r.pos = e;
      return true;
    }
    return false;
  }

  private value(start: number, end: number): void {
    const v = this.v;
    v.pos = start;
    v.end = end;
    this.tagStart = this.tagEnd = start;
    this.metaStart = this.metaEnd = this.nodeStart = this.nodeEnd = -1;
    this.kind = 0;
    while (v.pos < end) {
      const t = v.tag();
      const f = t >>> 3,
        wt = t & 7;
      if (f === 2 && wt === WIRE_FIXED32) {
        this.simpleValue = v.float();
        this.kind = 2;
        continue;
      }
      if (wt === WIRE_LEN) {
        const e = v.lenEnd();
        switch (f) {
          case 1:
            this.tagStart = v.pos;
            this.tagEnd = e;
            break;
          case 9:
            this.metaStart = v.pos;
            this.metaEnd = e;
            break;
          case 7:
            this.nodeStart = v.pos;
            this.nodeEnd = e;
            break;
          case 3:
          case 4:
          case 5:
          case 6:
          case 8:
            this.kind = f;
            this.valueStart = v.pos;
            this.valueEnd = e;
            break;
          default:
            break;
        }
        v.pos = e;
        continue;
      }
      if (f === 0) throw new WireError("field number 0", v.pos);
      v.skip(wt, f);
    }
  }
}

/** SummaryMetadata as decoded. */
export interface DecodedMetadata {
  pluginName: string;
  /** Copy of the plugin content bytes (empty when absent). */
  content: Uint8Array;
  displayName?: string;
  summaryDescription?: string;
  dataClass?: number;
}

export function decodeSummaryMetadata(buf: Uint8Array, start: number, end: number): DecodedMetadata {
  const r = new WireReader(buf, start, end);
  const m: DecodedMetadata = { pluginName: "", content: new Uint8Array(0) };
  while (r.more()) {
    const t = r.tag();
    const f = t >>> 3,
      wt = t & 7;
    if (f === 1 && wt === WIRE_LEN) {
      const e = r.lenEnd();
      const p = new WireReader(buf, r.pos, e);
      while (p.more()) {
        const pt = p.tag();
        if (pt === ((1 << 3) | WIRE_LEN)) m.pluginName = p.string();
        else if (pt === ((2 << 3) | WIRE_LEN)) m.content = copyBytes(p.bytes());
        else p.skip(pt & 7, pt >>> 3);
      }
      r.pos = e;
    } else if (f === 2 && wt === WIRE_LEN) m.displayName = r.string();
    else if (f === 3 && wt === WIRE_LEN) m.summaryDescription = r.string();
    else if (f === 4 && wt === WIRE_VARINT) m.dataClass = r.int32();
    else r.skip(wt, f);
  }
  return m;
}

/** HistogramProto as decoded (right bucket limits and counts). */
export interface DecodedHistogramProto {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  bucketLimit: Float64Array;
  bucket: Float64Array;
}

const EMPTY_F64 = new Float64Array(0);

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reads a repeated double field (packed or not) into a Float64Array, merging with what came before. */
function readDoubles(r: WireReader, wt: number, prev: Float64Array): Float64Array {
  if (wt === WIRE_LEN) {
    const e = r.lenEnd();
    const n = (e - r.pos) >>> 3;
    if ((e - r.pos) & 7) throw new WireError("packed double length not a multiple of 8", r.pos);
    const out = new Float64Array(prev.length + n);
    out.set(prev);
    if (LITTLE_ENDIAN) {
      // packed doubles are little-endian IEEE 754: one memcpy into the aligned array
      new Uint8Array(out.buffer, prev.length * 8, n * 8).set(r.buf.subarray(r.pos, e));
    } else {
      const view = r.view;
      for (let i = 0, p = r.pos; i < n; i++, p += 8) out[prev.length + i] = view.getFloat64(p, true);
    }
    r.pos = e;
    return out;
  }
  if (wt !== WIRE_FIXED64) throw new WireError(`wire type ${wt} for a repeated double`, r.pos);
  const out = new Float64Array(prev.length + 1);
  out.set(prev);
  out[prev.length] = r.double();
  return out;
}

export function decodeHistogramProto(buf: Uint8Array, start: number, end: number): DecodedHistogramProto {
  const r = new WireReader(buf, start, end);
  const h: DecodedHistogramProto = { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: EMPTY_F64, bucket: EMPTY_F64 };
  while (r.more()) {
    const t = r.tag();
    const f = t >>> 3,
      wt = t & 7;
    if (wt === WIRE_FIXED64 && f >= 1 && f <= 5) {
      const d = r.double();
      if (f === 1) h.min = d;
      else if (f === 2) h.max = d;
      else if (f === 3) h.num = d;
      else if (f === 4) h.sum = d;
      else h.sumSquares = d;
    } else if (f === 6) h.bucketLimit = readDoubles(r, wt, h.bucketLimit);
    else if (f === 7) h.bucket = readDoubles(r, wt, h.bucket);
    else r.skip(wt, f);
  }
  return h;
}

/**
 * Locates the fields of a HistogramProto without copying: the five statistics and the byte ranges of
 * the packed `bucket_limit` and `bucket` arrays (little-endian doubles), for a caller that copies them
 * straight into its own storage. `scan` returns false when the layout is not the usual one (a repeated
 * field unpacked or split in several runs, a packed length not a multiple of 8); `decodeHistogramProto`
 * handles those.
 */
export class HistogramProtoScanner {
  min = 0;
  max = 0;
  num = 0;
  sum = 0;
  sumSquares = 0;
  /** Byte range of the packed bucket_limit doubles (empty when absent). */
  limitStart = 0;
  limitEnd = 0;
  /** Byte range of the packed bucket doubles (empty when absent). */
  bucketStart = 0;
  bucketEnd = 0;
  private r = new WireReader(new Uint8Array(0));

  scan(buf: Uint8Array, start: number, end: number): boolean {
    let r = this.r;
    if (r.buf !== buf) r = this.r = new WireReader(buf);
    r.pos = start;
    r.end = end;
    this.min = this.max = this.num = this.sum = this.sumSquares = 0;
    this.limitStart = this.limitEnd = this.bucketStart = this.bucketEnd = -1;
    while (r.pos < end) {
      const t = r.tag();
      switch (t) {
        case 0x09:
          this.min = r.double();
          break;
        case 0x11:
          this.max = r.double();
          break;
        case 0x19:
          this.num = r.double();
          break;
        case 0x21:
          this.sum = r.double();
          break;
        case 0x29:
          this.sumSquares = r.double();
          break;
        case 0x32: {
          if (this.limitStart >= 0) return false;
          const e = r.lenEnd();
          if ((e - r.pos) & 7) return false;
          this.limitStart = r.pos;
          this.limitEnd = e;
          r.pos = e;
          break;
        }
        case 0x3a: {
          if (this.bucketStart >= 0) return false;
          const e = r.lenEnd();
          if ((e - r.pos) & 7) return false;
          this.bucketStart = r.pos;
          this.bucketEnd = e;
          r.pos = e;
          break;
        }
        default:
          if (t >>> 3 === 0 || t >>> 3 === 6 || t >>> 3 === 7 || (t >>> 3 <= 5 && (t & 7) !== WIRE_FIXED64)) return false;
          r.skip(t & 7, t >>> 3);
      }
    }
    if (this.limitStart < 0) this.limitStart = this.limitEnd = start;
    if (this.bucketStart < 0) this.bucketStart = this.bucketEnd = start;
    return true;
  }
}

/** TensorFlow DataType codes (types.proto) the decoder understands. */
export const DT = {
  FLOAT: 1,
  DOUBLE: 2,
  INT32: 3,
  UINT8: 4,
  INT16: 5,
  INT8: 6,
  STRING: 7,
  COMPLEX64: 8,
  INT64: 9,
  BOOL: 10,
  BFLOAT16: 14,
  UINT16: 17,
  COMPLEX128: 18,
  HALF: 19,
  UINT32: 22,
  UINT64: 23,
} as const;

/** A decoded TensorProto: numbers widened to float64 (complex values interleaved re, im), strings as UTF-8 text. */
export interface DecodedTensor {
  /** TensorFlow DataType code (`DT`). */
  dtype: number;
  shape: number[];
  values: Float64Array | string[];
  /** Raw bytes of each string_val element (for DT_STRING; e.g. a serialized Layout). */
  stringBytes?: Uint8Array[];
}

/** IEEE 754 binary16 bits → number. */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

const f32buf = new DataView(new ArrayBuffer(4));
function f32FromBits(bits: number): number {
  f32buf.setUint32(0, bits >>> 0, true);
  return f32buf.getFloat32(0, true);
}

/**
 * One element of `half_val` → number. TF stores the 16-bit pattern (0..65535); PyTorch stores the
 * float32 bit pattern of the value in the int32. A float32 pattern of a value representable in
 * half/bfloat16 is either 0 or above 0xffff, so the two layouts are told apart per element.
 */
export function halfValToNumber(v: number, bfloat16: boolean): number {
  const u = v >>> 0;
  if (u > 0xffff) return f32FromBits(u);
  return bfloat16 ? f32FromBits(u << 16) : halfToFloat(u);
}

/** A typed list shorter than the shape is expanded only up to this many elements (a damaged shape must not allocate gigabytes). */
const MAX_EXPAND = 1 << 24;

export function decodeTensorProto(buf: Uint8Array, start: number, end: number): DecodedTensor {
  const r = new WireReader(buf, start, end);
  let dtype = 0;
  const shape: number[] = [];
  let contentStart = -1,
    contentEnd = -1;
  const nums: number[] = [];
  let halfs: number[] | undefined;
  let strings: Uint8Array[] | undefined;
  while (r.more()) {
    const t = r.tag();
    const f = t >>> 3,
      wt = t & 7;
    switch (f) {
      case 1:
        dtype = r.int32();
        break;
      case 2: {
        const e = r.lenEnd();
        const s = new WireReader(buf, r.pos, e);
        while (s.more()) {
          const st = s.tag();
          if (st === ((2 << 3) | WIRE_LEN)) {
            const de = s.lenEnd();
            const d = new WireReader(buf, s.pos, de);
            let size = 0;
            while (d.more()) {
              const dt = d.tag();
              if (dt === 1 << 3) size = d.int64();
              else d.skip(dt & 7, dt >>> 3);
            }
            shape.push(size);
            s.pos = de;
          } else s.skip(st & 7, st >>> 3);
        }
        r.pos = e;
        break;
      }
      case 4: {
        const e = r.lenEnd();
        contentStart = r.pos;
        contentEnd = e;
        r.pos = e;
        break;
      }
      case 5:
      case 9:
        r.packedFloat(wt, nums);
        break;
      case 6:
      case 12:
        r.packedDouble(wt, nums);
        break;
      case 7:
        r.packedVarint(wt, nums, "int32");
        break;
      case 10:
        r.packedVarint(wt, nums, "int64");
        break;
      case 11:
        r.packedVarint(wt, nums, "bool");
        break;
      case 16:
        r.packedVarint(wt, nums, "uint32");
        break;
      case 17:
        r.packedVarint(wt, nums, "uint64");
        break;
      case 13:
        r.packedVarint(wt, (halfs ??= []), "int32");
        break;
      case 8:
        if (wt !== WIRE_LEN) throw new WireError("string_val not length-delimited", r.pos);
        (strings ??= []).push(r.bytes());
        break;
      default:
        r.skip(wt, f);
    }
  }
  const numel = shape.reduce((a, b) => a * b, 1);
  if (dtype === DT.STRING) {
    const sb = strings ?? [];
    const vals = sb.map((b) => decodeUtf8(b, 0, b.length));
    if (vals.length === 1 && numel > 1 && numel <= MAX_EXPAND) while (vals.length < numel) vals.push(vals[0]);
    return { dtype, shape, values: vals, stringBytes: sb.map(copyBytes) };
  }
  let values: Float64Array;
  if (contentStart >= 0) values = decodeTensorContent(buf, contentStart, contentEnd, dtype);
  else if (halfs && halfs.length) {
    const bf = dtype === DT.BFLOAT16;
    values = new Float64Array(halfs.length);
    for (let i = 0; i < halfs.length; i++) values[i] = halfValToNumber(halfs[i], bf);
  } else values = Float64Array.from(nums);
  // a typed list shorter than the shape repeats its last element (TensorProto convention)
  if (
    contentStart < 0 &&
    values.length > 0 &&
    values.length < numel &&
    numel <= MAX_EXPAND &&
    dtype !== DT.COMPLEX64 &&
    dtype !== DT.COMPLEX128
  ) {
    const full = new Float64Array(numel);
    full.set(values);
    full.fill(values[values.length - 1], values.length);
    values = full;
  }
  return { dtype, shape, values };
}

/** Raw little-endian `tensor_content` → numbers. */
export function decodeTensorContent(buf: Uint8Array, start: number, end: number, dtype: number): Float64Array {
  const view = new DataView(buf.buffer, buf.byteOffset + start, end - start);
  const n = end - start;
  let out: Float64Array;
  switch (dtype) {
    case DT.FLOAT:
    case DT.COMPLEX64:
      out = new Float64Array(n >>> 2);
      for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
      break;
    case DT.DOUBLE:
    case DT.COMPLEX128:
      out = new Float64Array(n >>> 3);
      for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
      break;
    case DT.HALF:
      out = new Float64Array(n >>> 1);
      for (let i = 0; i < out.length; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
      break;
    case DT.BFLOAT16:
      out = new Float64Array(n >>> 1);
      for (let i = 0; i < out.length; i++) out[i] = f32FromBits(view.getUint16(i * 2, true) << 16);
      break;
    case DT.INT8:
      out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt8(i);
      break;
    case DT.UINT8:
    case DT.BOOL:
      out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getUint8(i);
      break;
    case DT.INT16:
      out = new Float64Array(n >>> 1);
      for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
      break;
    case DT.UINT16:
      out = new Float64Array(n >>> 1);
      for (let i = 0; i < out.length; i++) out[i] = view.getUint16(i * 2, true);
      break;
    case DT.INT32:
      out = new Float64Array(n >>> 2);
      for (let i = 0; i < out.length; i++) out[i] = view.getInt32(i * 4, true);
      break;
    case DT.UINT32:
      out = new Float64Array(n >>> 2);
      for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 4, true);
      break;
    case DT.INT64:
      out = new Float64Array(n >>> 3);
      for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 8, true) + view.getInt32(i * 8 + 4, true) * 4294967296;
      break;
    case DT.UINT64:
      out = new Float64Array(n >>> 3);
      for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 8, true) + view.getUint32(i * 8 + 4, true) * 4294967296;
      break;
    default:
      throw new WireError(`tensor_content of unsupported dtype ${dtype}`, start);
  }
  return out;
}

export interface DecodedImage {
  height: number;
  width: number;
  colorspace: number;
  encoded: Uint8Array;
}

export function decodeImage(buf: Uint8Array, start: number, end: number): DecodedImage {
  const r = new WireReader(buf, start, end);
  const img: DecodedImage = { height: 0, width: 0, colorspace: 0, encoded: new Uint8Array(0) };
  while (r.more()) {
    const t = r.tag();
    const f = t >>> 3,
      wt = t & 7;
    if (wt === WIRE_VARINT && f >= 1 && f <= 3) {
      const v = r.int32();
      if (f === 1) img.height = v;
      else if (f === 2) img.width = v;
      else img.colorspace = v;
    } else if (f === 4 && wt === WIRE_LEN) img.encoded = copyBytes(r.bytes());
    else r.skip(wt, f);
  }
  return img;
}

export interface DecodedAudio {
  sampleRate: number;
  numChannels: number;
  lengthFrames: number;
  contentType: string;
  byteLength: number;
}

export function decodeAudio(buf: Uint8Array, start: number, end: number): DecodedAudio {
  const r = new WireReader(buf, start, end);
  const a: DecodedAudio = { sampleRate: 0, numChannels: 0, lengthFrames: 0, contentType: "", byteLength: 0 };
  while (r.more()) {
    const t = r.tag();
    const f = t >>> 3,
      wt = t & 7;
    if (f === 1 && wt === WIRE_FIXED32) a.sampleRate = r.float();
    else if (f === 2 && wt === WIRE_VARINT) a.numChannels = r.int64();
    else if (f === 3 && wt === WIRE_VARINT) a.lengthFrames = r.int64();
    else if (f === 4 && wt === WIRE_LEN) a.byteLength = r.bytes().length;
    else if (f === 5 && wt === WIRE_LEN) a.contentType = r.string();
    else r.skip(wt, f);
  }
  return a;
}

export type SessionStatusName = "unspecified" | "start" | "stop" | "checkpoint";
export interface DecodedSessionLog {
  status: SessionStatusName;
  statusCode: number;
  checkpointPath: string;
  msg: string;
}

export function decodeSessionLog(buf: Uint8Array, start: number, end: number): DecodedSessionLog {
  const r = new WireReader(buf, start, end);
  const s: DecodedSessionLog = { status: "unspecified", statusCode: 0, checkpointPath: "", msg: "" };
  while (r.more()) {
    const t = r.tag();
    const f = t >>> 3,
      wt = t & 7;
    if (f === 1 && wt === WIRE_VARINT) s.statusCode = r.int32();
    else if (f === 2 && wt === WIRE_LEN) s.checkpointPath = r.string();
    else if (f === 3 && wt === WIRE_LEN) s.msg = r.string();
    else r.skip(wt, f);
  }
  s.status = (["unspecified", "start", "stop", "checkpoint"] as const)[s.statusCode] ?? "unspecified";
  return s;
}

export interface DecodedLogMessage {
  level: number;
  message: string;
}
export function decodeLogMessage(buf: Uint8Array, start: number, end: number): DecodedLogMessage {
  const r = new WireReader(buf, start, end);
  const m: DecodedLogMessage = { level: 0, message: "" };
  while (r.more()) {
    const t = r.tag();
    if (t === 1 << 3) m.level = r.int32();
    else if (t === ((2 << 3) | WIRE_LEN)) m.message = r.string();
    else r.skip(t & 7, t >>> 3);
  }
  return m;
}

export interface DecodedTaggedRunMetadata {
  tag: string;
  runMetadataBytes: number;
}
export function decodeTaggedRunMetadata(buf: Uint8Array, start: number, end: number): DecodedTaggedRunMetadata {
  const r = new WireReader(buf, start, end);
  const m: DecodedTaggedRunMetadata = { tag: "", runMetadataBytes: 0 };
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | WIRE_LEN)) m.tag = r.string();
    else if (t === ((2 << 3) | WIRE_LEN)) m.runMetadataBytes = r.bytes().length;
    else r.skip(t & 7, t >>> 3);
  }
  return m;
}

/** source_metadata.writer of an Event. */
export function decodeSourceWriter(buf: Uint8Array, start: number, end: number): string {
  const r = new WireReader(buf, start, end);
  let w = "";
  while (r.more()) {
    const t = r.tag();
    if (t === ((1 << 3) | WIRE_LEN)) w = r.string();
    else r.skip(t & 7, t >>> 3);
  }
  return w;
}

/** A whole Event as plain objects: convenient for tests and tools, not for the hot path. */
export interface DecodedEvent {
  wallTime?: number;
  step?: number;
  fileVersion?: string;
  graphDef?: Uint8Array;
  metaGraphDef?: Uint8Array;
  sessionLog?: DecodedSessionLog;
  logMessage?: DecodedLogMessage;
  taggedRunMetadata?: DecodedTaggedRunMetadata;
  sourceWriter?: string;
  summary?: DecodedSummaryValue[];
}

export interface DecodedSummaryValue {
  tag: string;
  nodeName?: string;
  metadata?: DecodedMetadata;
  simpleValue?: number;
  histo?: DecodedHistogramProto;
  tensor?: DecodedTensor;
  image?: DecodedImage;
  audio?: DecodedAudio;
  oldStyleHistogram?: Uint8Array;
}

export function decodeEvent(bytes: Uint8Array): DecodedEvent {
  const es = new EventScanner();
  es.scan(bytes, 0, bytes.length);
  const ev: DecodedEvent = {};
  if (es.hasWallTime) ev.wallTime = es.wallTime;
  if (es.hasStep) ev.step = es.step;
  if (es.sourceStart >= 0) ev.sourceWriter = decodeSourceWriter(bytes, es.sourceStart, es.sourceEnd);
  const s = es.whatStart,
    e = es.whatEnd;
  switch (es.what) {
    case EventWhat.fileVersion:
      ev.fileVersion = decodeUtf8(bytes, s, e);
      break;
    case EventWhat.graphDef:
      ev.graphDef = copyBytes(bytes.subarray(s, e));
      break;
    case EventWhat.metaGraphDef:
      ev.metaGraphDef = copyBytes(bytes.subarray(s, e));
      break;
    case EventWhat.sessionLog:
      ev.sessionLog = decodeSessionLog(bytes, s, e);
      break;
    case EventWhat.logMessage:
      ev.logMessage = decodeLogMessage(bytes, s, e);
      break;
    case EventWhat.taggedRunMetadata:
      ev.taggedRunMetadata = decodeTaggedRunMetadata(bytes, s, e);
      break;
    case EventWhat.summary: {
      ev.summary = [];
      const vs = new SummaryValueScanner();
      vs.reset(bytes, s, e);
      while (vs.next()) {
        const v: DecodedSummaryValue = { tag: decodeUtf8(bytes, vs.tagStart, vs.tagEnd) };
        if (vs.nodeStart >= 0) v.nodeName = decodeUtf8(bytes, vs.nodeStart, vs.nodeEnd);
        if (vs.metaStart >= 0) v.metadata = decodeSummaryMetadata(bytes, vs.metaStart, vs.metaEnd);
        switch (vs.kind) {
          case ValueKind.simpleValue:
            v.simpleValue = vs.simpleValue;
            break;
          case ValueKind.histo:
            v.histo = decodeHistogramProto(bytes, vs.valueStart, vs.valueEnd);
            break;
          case ValueKind.tensor:
            v.tensor = decodeTensorProto(bytes, vs.valueStart, vs.valueEnd);
            break;
          case ValueKind.image:
            v.image = decodeImage(bytes, vs.valueStart, vs.valueEnd);
            break;
          case ValueKind.audio:
            v.audio = decodeAudio(bytes, vs.valueStart, vs.valueEnd);
            break;
          case ValueKind.oldStyleHistogram:
            v.oldStyleHistogram = copyBytes(bytes.subarray(vs.valueStart, vs.valueEnd));
            break;
        }
        ev.summary.push(v);
      }
      break;
    }
  }
  return ev;
}
