// Encoder of TensorBoard `Event` records, byte for byte as the TensorFlow / PyTorch writers emit them:
// fields in field-number order, proto3 defaults (0, "", empty) omitted, repeated numbers packed.
// Produces file_version, scalar (simple_value, optionally with `scalars` plugin metadata), histogram
// (HistogramProto), tensor, text (DT_STRING tensor, `text` plugin), image, audio, hparams plugin and
// session_log events. Frame the result with `frameRecord` to write an event file.

import { WireWriter, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from "./wire.ts";
import { DT } from "./event_decode.ts";

export interface SummaryMetadataInit {
  pluginName: string;
  content?: Uint8Array;
  displayName?: string;
  summaryDescription?: string;
  dataClass?: number;
}

export interface HistogramInit {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  /** Right edges of the buckets. */
  bucketLimit: ArrayLike<number>;
  bucket: ArrayLike<number>;
}

export interface TensorInit {
  /** TensorFlow DataType code (see `DT`). */
  dtype: number;
  /** Dimensions; [] writes an empty TensorShapeProto (TF2), undefined omits the field (PyTorch's rank-0 scalars). */
  shape?: number[];
  tensorContent?: Uint8Array;
  floatVal?: ArrayLike<number>;
  doubleVal?: ArrayLike<number>;
  intVal?: ArrayLike<number>;
  stringVal?: (string | Uint8Array)[];
  int64Val?: ArrayLike<number>;
  boolVal?: ArrayLike<boolean | number>;
  halfVal?: ArrayLike<number>;
}

export interface ImageInit {
  height: number;
  width: number;
  colorspace: number;
  encoded: Uint8Array;
}
export interface AudioInit {
  sampleRate: number;
  numChannels: number;
  lengthFrames: number;
  encoded: Uint8Array;
  contentType: string;
}

export interface SummaryValueInit {
  tag: string;
  metadata?: SummaryMetadataInit;
  simpleValue?: number;
  histo?: HistogramInit;
  tensor?: TensorInit;
  image?: ImageInit;
  audio?: AudioInit;
}

export type SessionStatus = "unspecified" | "start" | "stop" | "checkpoint";

export interface EventInit {
  wallTime: number;
  step?: number;
  fileVersion?: string;
  graphDef?: Uint8Array;
  summary?: SummaryValueInit[];
  sessionLog?: { status: SessionStatus; checkpointPath?: string; msg?: string };
  taggedRunMetadata?: { tag: string; runMetadata: Uint8Array };
  metaGraphDef?: Uint8Array;
  sourceWriter?: string;
}

const STATUS_CODE: Record<SessionStatus, number> = { unspecified: 0, start: 1, stop: 2, checkpoint: 3 };

function writeMetadata(w: WireWriter, m: SummaryMetadataInit): void {
  w.tag(9, WIRE_LEN).fork();
  w.tag(1, WIRE_LEN).fork();
  if (m.pluginName) w.tag(1, WIRE_LEN).string(m.pluginName);
  if (m.content && m.content.length) w.tag(2, WIRE_LEN).bytes(m.content);
  w.join();
  if (m.displayName) w.tag(2, WIRE_LEN).string(m.displayName);
  if (m.summaryDescription) w.tag(3, WIRE_LEN).string(m.summaryDescription);
  if (m.dataClass) w.tag(4, WIRE_VARINT).int32(m.dataClass);
  w.join();
}

function writeHistogram(w: WireWriter, h: HistogramInit): void {
  if (h.min !== 0 || Object.is(h.min, -0)) w.tag(1, WIRE_FIXED64).double(h.min);
  if (h.max !== 0 || Object.is(h.max, -0)) w.tag(2, WIRE_FIXED64).double(h.max);
  if (h.num !== 0) w.tag(3, WIRE_FIXED64).double(h.num);
  if (h.sum !== 0 || Object.is(h.sum, -0)) w.tag(4, WIRE_FIXED64).double(h.sum);
  if (h.sumSquares !== 0) w.tag(5, WIRE_FIXED64).double(h.sumSquares);
  w.packedDouble(6, h.bucketLimit);
  w.packedDouble(7, h.bucket);
}

function writeTensor(w: WireWriter, t: TensorInit): void {
  if (t.dtype) w.tag(1, WIRE_VARINT).int32(t.dtype);
  if (t.shape) {
    w.tag(2, WIRE_LEN).fork();
    for (const d of t.shape) {
      w.tag(2, WIRE_LEN).fork();
      if (d) w.tag(1, WIRE_VARINT).int64(d);
      w.join();
    }
    w.join();
  }
  if (t.tensorContent && t.tensorContent.length) w.tag(4, WIRE_LEN).bytes(t.tensorContent);
  if (t.floatVal) w.packedFloat(5, t.floatVal);
  if (t.doubleVal) w.packedDouble(6, t.doubleVal);
  if (t.intVal) w.packedVarint(7, t.intVal, "int32");
  if (t.stringVal) for (const s of t.stringVal) w.tag(8, WIRE_LEN).bytes(typeof s === "string" ? new TextEncoder().encode(s) : s);
  if (t.int64Val) w.packedVarint(10, t.int64Val, "int64");
  if (t.boolVal)
    w.packedVarint(
      11,
      Array.from(t.boolVal, (b) => (b ? 1 : 0)),
      "bool",
    );
  if (t.halfVal) w.packedVarint(13, t.halfVal, "int32");
}

function writeValue(w: WireWriter, v: SummaryValueInit): void {
  w.tag(1, WIRE_LEN).fork();
  w.tag(1, WIRE_LEN).string(v.tag);
  if (v.simpleValue !== undefined) w.tag(2, WIRE_FIXED32).float(v.simpleValue);
  if (v.image) {
    const i = v.image;
    w.tag(4, WIRE_LEN).fork();
    if (i.height) w.tag(1, WIRE_VARINT).int32(i.height);
    if (i.width) w.tag(2, WIRE_VARINT).int32(i.width);
    if (i.colorspace) w.tag(3, WIRE_VARINT).int32(i.colorspace);
    if (i.encoded.length) w.tag(4, WIRE_LEN).bytes(i.encoded);
    w.join();
  }
  if (v.histo) {
    w.tag(5, WIRE_LEN).fork();
    writeHistogram(w, v.histo);
    w.join();
  }
  if (v.audio) {
    const a = v.audio;
    w.tag(6, WIRE_LEN).fork();
    if (a.sampleRate) w.tag(1, WIRE_FIXED32).float(a.sampleRate);
    if (a.numChannels) w.tag(2, WIRE_VARINT).int64(a.numChannels);
    if (a.lengthFrames) w.tag(3, WIRE_VARINT).int64(a.lengthFrames);
    if (a.encoded.length) w.tag(4, WIRE_LEN).bytes(a.encoded);
    if (a.contentType) w.tag(5, WIRE_LEN).string(a.contentType);
    w.join();
  }
  if (v.tensor) {
    w.tag(8, WIRE_LEN).fork();
    writeTensor(w, v.tensor);
    w.join();
  }
  if (v.metadata) writeMetadata(w, v.metadata);
  w.join();
}

/** Serialized Event bytes (not framed). */
export function encodeEvent(e: EventInit): Uint8Array {
  const w = new WireWriter();
  if (e.wallTime !== 0) w.tag(1, WIRE_FIXED64).double(e.wallTime);
  if (e.step) w.tag(2, WIRE_VARINT).int64(e.step);
  if (e.fileVersion !== undefined) w.tag(3, WIRE_LEN).string(e.fileVersion);
  if (e.graphDef) w.tag(4, WIRE_LEN).bytes(e.graphDef);
  if (e.summary) {
    w.tag(5, WIRE_LEN).fork();
    for (const v of e.summary) writeValue(w, v);
    w.join();
  }
  if (e.sessionLog) {
    const s = e.sessionLog;
    w.tag(7, WIRE_LEN).fork();
    if (STATUS_CODE[s.status]) w.tag(1, WIRE_VARINT).int32(STATUS_CODE[s.status]);
    if (s.checkpointPath) w.tag(2, WIRE_LEN).string(s.checkpointPath);
    if (s.msg) w.tag(3, WIRE_LEN).string(s.msg);
    w.join();
  }
  if (e.taggedRunMetadata) {
    w.tag(8, WIRE_LEN).fork().tag(1, WIRE_LEN).string(e.taggedRunMetadata.tag);
    if (e.taggedRunMetadata.runMetadata.length) w.tag(2, WIRE_LEN).bytes(e.taggedRunMetadata.runMetadata);
    w.join();
  }
  if (e.metaGraphDef) w.tag(9, WIRE_LEN).bytes(e.metaGraphDef);
  if (e.sourceWriter) w.tag(10, WIRE_LEN).fork().tag(1, WIRE_LEN).string(e.sourceWriter).join();
  return w.finish();
}

// ---- builders for the common kinds of events ----

export const FILE_VERSION = "brain.Event:2";

/** The first event of a file; PyTorch's purge_step writes one with the purge step before a SessionLog START. */
export function fileVersionEvent(wallTime: number, opts: { sourceWriter?: string; step?: number } = {}): Uint8Array {
  return encodeEvent({ wallTime, step: opts.step, fileVersion: FILE_VERSION, sourceWriter: opts.sourceWriter });
}

/** A scalar as PyTorch writes it: `simple_value` (float32), plugin metadata `scalars` only when asked (first value of a tag). */
export function scalarEvent(
  tag: string,
  step: number,
  value: number,
  wallTime: number,
  opts: { withPluginMetadata?: boolean } = {},
): Uint8Array {
  return encodeEvent({
    wallTime,
    step,
    summary: [{ tag, simpleValue: value, metadata: opts.withPluginMetadata ? { pluginName: "scalars" } : undefined }],
  });
}

export function histogramEvent(
  tag: string,
  step: number,
  histo: HistogramInit,
  wallTime: number,
  opts: { withPluginMetadata?: boolean } = {},
): Uint8Array {
  return encodeEvent({
    wallTime,
    step,
    summary: [{ tag, histo, metadata: opts.withPluginMetadata ? { pluginName: "histograms" } : undefined }],
  });
}

export function tensorEvent(tag: string, step: number, tensor: TensorInit, wallTime: number, metadata?: SummaryMetadataInit): Uint8Array {
  return encodeEvent({ wallTime, step, summary: [{ tag, tensor, metadata }] });
}

/** Text as PyTorch's add_text writes it: DT_STRING tensor of shape [1], plugin `text` (metadata on every value). */
export function textEvent(tag: string, step: number, text: string, wallTime: number): Uint8Array {
  return encodeEvent({
    wallTime,
    step,
    summary: [{ tag, tensor: { dtype: DT.STRING, shape: [1], stringVal: [text] }, metadata: { pluginName: "text" } }],
  });
}

export function imageEvent(tag: string, step: number, image: ImageInit, wallTime: number): Uint8Array {
  return encodeEvent({ wallTime, step, summary: [{ tag, image }] });
}

export function audioEvent(tag: string, step: number, audio: AudioInit, wallTime: number): Uint8Array {
  return encodeEvent({ wallTime, step, summary: [{ tag, audio }] });
}

export function sessionLogEvent(status: SessionStatus, step: number, wallTime: number, msg?: string, checkpointPath?: string): Uint8Array {
  return encodeEvent({ wallTime, step, sessionLog: { status, msg, checkpointPath } });
}

/** The TF-style rank-0 DT_FLOAT scalar tensor (tensor_content, 4 bytes LE) with `scalars` metadata. */
export function tensorScalarValue(tag: string, value: number, withMetadata = true): SummaryValueInit {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, value, true);
  return {
    tag,
    tensor: { dtype: DT.FLOAT, shape: [], tensorContent: b },
    metadata: withMetadata ? { pluginName: "scalars", dataClass: 1 } : undefined,
  };
}

/**
 * Buckets `values` the way PyTorch's `make_histogram` does with its default "tensorflow" bins
 * (±1e-12·1.1^n up to 1e20, plus 0): empty buckets trimmed at both ends, one empty bucket kept on
 * the left, right limits only. Non-finite values count in `num` but in no bucket; min/max/sum are over
 * the finite values.
 */
export function histogramFromValues(values: ArrayLike<number>): HistogramInit {
  const edges = defaultBins();
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  let min = Infinity,
    max = -Infinity,
    sum = 0,
    sumSq = 0;
  for (const v of finite) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
  }
  if (finite.length === 0) return { min: 0, max: 0, num: values.length, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  const counts = new Float64Array(edges.length - 1);
  for (const v of finite) {
    // numpy: bins [e_i, e_{i+1}), last bin closed
    let lo = 0,
      hi = edges.length - 1;
    if (v < edges[0] || v > edges[hi]) continue;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid] <= v) lo = mid;
      else hi = mid;
    }
    counts[lo]++;
  }
  let first = -1,
    last = -1;
  for (let i = 0; i < counts.length; i++)
    if (counts[i] > 0) {
      if (first < 0) first = i;
      last = i;
    }
  const start = first,
    end = last + 1;
  const bucket = start > 0 ? Array.from(counts.subarray(start - 1, end)) : [0, ...counts.subarray(0, end)];
  const limits = edges.slice(start, end + 1);
  return { min, max, num: values.length, sum, sumSquares: sumSq, bucketLimit: limits, bucket };
}

let bins: number[] | undefined;
function defaultBins(): number[] {
  if (bins) return bins;
  const pos: number[] = [];
  for (let v = 1e-12; v < 1e20; v *= 1.1) pos.push(v);
  bins = [...pos.map((v) => -v).reverse(), 0, ...pos];
  return bins;
}
