// Reader of TensorBoard event files (`*tfevents*`: TFRecord-framed `Event` protos) into a RunDir.
// Incremental: each call reads the bytes from `SourceFile.readOffset` to the current end of the
// file; a record cut short at the end ("file still growing") is left for the next call. Every Event
// field is understood: simple_value / histo / tensor / image / audio summary values, plugin metadata
// remembered per tag (writers send it only with the first value), TF2 tensor scalars and `[k,3]`
// histograms, text, the hparams plugin, the custom-scalars layout, graphs and run metadata,
// SessionLog START (purge of the points at steps >= the restart step, as TensorBoard's legacy
// EventAccumulator does) and steps going backwards without a restart (kept, reported once per tag).
// Damage never throws: every framing or decoding problem becomes a Problem with file and offset.

import { recordFirstPoint, recordLastStep, recordPurge, recordSessionStart } from "./hparams_sessions.ts";
import fsp from "node:fs/promises";
import path from "node:path";
import {
  TFRecordScanner,
  TFRECORD_HEADER_BYTES,
  crc32c,
  maskCrc,
  EventScanner,
  SummaryValueScanner,
  HistogramProtoScanner,
  EventWhat,
  ValueKind,
  DT,
  decodeSummaryMetadata,
  decodeHistogramProto,
  decodeTensorProto,
  decodeImage,
  decodeAudio,
  decodeSessionLog,
  decodeLogMessage,
  decodeTaggedRunMetadata,
  decodeSourceWriter,
  loadProtobufCodecs,
  protobufCodecs,
  describeTFRecordIssue,
  decodeUtf8,
  WireError,
  CUSTOM_SCALARS_PLUGIN,
  CUSTOM_SCALARS_TAG,
  HPARAMS_PLUGIN,
  type TFRecordIssue,
  type DecodedHistogramProto,
  type DecodedTensor,
} from "../format/index.ts";
import {
  RunDir,
  ScalarSeries,
  type Histogram,
  type HistogramSeries,
  type PluginInfo,
  type Problem,
  type SourceFile,
  type TensorValue,
  type HParam,
  type GraphInfo,
} from "../model/index.ts";
import type * as GraphPayloadModule from "./graph_payload.ts";
import { openInside, type Boundary } from "./safe_open.ts";
import { MAX_TAG_BYTES, MAX_TAGS_PER_DIR, TagLimitCounter } from "./limits.ts";
import { TagTable } from "./tag_table.ts";
import { tfDType } from "./tf_dtype.ts";
import { decodeKerasModelGraph } from "./keras_graph.ts";

export interface EventFileOptions {
  /** Verify each record's data CRC (default true). The length CRC is always verified. */
  verifyDataCrc?: boolean;
  /** Records longer than this are treated as damage (default 1 GiB). */
  maxRecordBytes?: number;
  /** Size of the buffer `readEventFile` reads a file through (default 8 MiB; longer records get a buffer of their own size). */
  readChunkBytes?: number;
  /** Called after each chunk with the bytes of this call read so far (progress of long reads). */
  onBytes?: (bytesRead: number) => void;
  /** The logdir the file must lie in when it is opened (safe_open.ts). */
  boundary?: Boundary;
}

/** What the reader knows about one tag of a directory across files and incremental reads. */
interface TagState {
  tag: string;
  plugin?: PluginInfo;
  scalar?: ScalarSeries;
  histogram?: HistogramSeries;
  /** Bucket edges of this tag's last histogram read by the direct path: the next one with the same edges shares them. */
  edges?: HistogramEdges;
  lastStep: number;
  /** The tag's first step in this directory (a later file starting at or below it restarts the training: hparams_sessions.ts). */
  firstStep?: number;
  /** The file the tag's last point came from. */
  inFile?: SourceFile;
  backwards?: { problem: Problem; times: number };
}

/** Per-directory reader state (tags seen, restart bookkeeping), kept between incremental reads. */
class DirState {
  readonly byName = new Map<string, TagState>();
  /** Tag bytes → TagState, so tags are not decoded per value (flood-proof: tag_table.ts). */
  private table = new TagTable<TagState>();

  lookup(buf: Uint8Array, start: number, end: number): TagState | undefined {
    return this.table.get(buf, start, end, this.byName);
  }

  /** Tags known in this directory. */
  get size(): number {
    return this.byName.size;
  }

  /** Registers the tag held in buf[start, end) (several byte spellings of one text share one state). */
  add(buf: Uint8Array, start: number, end: number): TagState {
    const tag = decodeUtf8(buf, start, end);
    let st = this.byName.get(tag);
    if (!st) {
      st = { tag, lastStep: -Infinity };
      this.byName.set(tag, st);
    }
    this.table.set(buf, start, end, st);
    return st;
  }
}

// module-local bindings for the hot loop (no accessor call per event through the import bindings)
const What = { ...EventWhat } as const;
const VK = { ...ValueKind } as const;

const dirStates = new WeakMap<RunDir, DirState>();
function stateOf(dir: RunDir): DirState {
  let s = dirStates.get(dir);
  if (!s) {
    s = new DirState();
    dirStates.set(dir, s);
    // plugin metadata read earlier (by another call) stays valid
    for (const [tag, p] of dir.plugins) {
      const b = new TextEncoder().encode(tag);
      s.add(b, 0, b.length).plugin = p;
    }
  }
  return s;
}

// What a few records need and scalar logs never do, loaded when the first such record is met: the
// graph decoders (graph_payload.ts and the protobuf schemas it loads) for `graph_def` /
// `meta_graph_def`, the protobuf codecs for the hparams and custom-scalars plugin contents. The
// record that needs them stops the synchronous read (`NeedsLoading`, before anything of it is
// kept); `readEventFile` loads them and reads on from that record.
let graphPayload: typeof GraphPayloadModule | undefined;

/** Thrown by `FileRead.event` for a record whose decoding needs a module not loaded yet. */
class NeedsLoading {
  constructor(readonly what: "graphs" | "protobuf") {}
}

/** Loads what a `NeedsLoading` asked for. */
async function loadFor(n: NeedsLoading): Promise<void> {
  if (n.what === "graphs") graphPayload ??= await import("./graph_payload.ts");
  else await loadProtobufCodecs();
}

/** Loads every module a record may need (for the synchronous `readEventBytes`). */
export async function loadEventDecoders(): Promise<void> {
  await loadFor(new NeedsLoading("graphs"));
  await loadFor(new NeedsLoading("protobuf"));
}

const CUSTOM_SCALARS_TAG_BYTES = new TextEncoder().encode(CUSTOM_SCALARS_TAG);

function sameBytes(buf: Uint8Array, s: number, e: number, b: Uint8Array): boolean {
  if (e - s !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (buf[s + i] !== b[i]) return false;
  return true;
}

function guessMime(b: Uint8Array): string {
  if (b.length >= 4 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "image/png";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.length >= 4 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return "image/gif";
  if (b.length >= 12 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return "image/webp";
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) return "image/bmp";
  return "application/octet-stream";
}

/** HistogramProto → the model's Histogram (outer edges clamped to min/max as TensorBoard shows them). */
export function histogramFromProto(h: DecodedHistogramProto, step: number, wallTime: number): Histogram {
  const k = Math.min(h.bucketLimit.length, h.bucket.length);
  // the decoded arrays are fresh copies: use them as they are
  const rights = h.bucketLimit.length === k ? h.bucketLimit : h.bucketLimit.slice(0, k);
  const counts = h.bucket.length === k ? h.bucket : h.bucket.slice(0, k);
  const lefts = new Float64Array(k);
  let total = 0;
  if (k > 0) lefts[0] = Math.min(h.min, rights[0]);
  for (let i = 1; i < k; i++) lefts[i] = rights[i - 1];
  for (let i = 0; i < k; i++) total += counts[i];
  // TF1 writes DBL_MAX as the last limit
  if (k > 0 && rights[k - 1] > 1e300 && Number.isFinite(h.max)) rights[k - 1] = Math.max(h.max, lefts[k - 1]);
  const nonFinite = { nan: 0, posInf: 0, negInf: 0 };
  const extra = h.num - total;
  if (extra > 0.5) countUnbucketed(nonFinite, extra, h.min, h.max, h.sum);
  return { step, wallTime, min: h.min, max: h.max, num: h.num, sum: h.sum, sumSquares: h.sumSquares, lefts, rights, counts, nonFinite };
}

/**
 * Storage for the histograms of one read: Float64Array chunks handed out in consecutive pieces, so a
 * histogram's arrays cost no ArrayBuffer of their own (no allocation, zero-filling or GC bookkeeping
 * per array). A chunk is at most 1 MiB and never larger than what the rest of the input can fill.
 */
class HistogramStorage {
  f64 = new Float64Array(0);
  bytes = new Uint8Array(0);
  used = 0;

  /** Reserves `n` doubles in `f64` (which may be a fresh chunk afterwards); returns their first index. `bound`: doubles the rest of the input can need at most. */
  reserve(n: number, bound: number): number {
    if (this.used + n > this.f64.length) {
      const size = Math.max(n, Math.min(bound, 1 << 17));
      this.f64 = new Float64Array(size);
      this.bytes = new Uint8Array(this.f64.buffer);
      this.used = 0;
    }
    const at = this.used;
    this.used += n;
    return at;
  }
}

/** Bucket edges [left of bucket 0, bucket_limit...] of k buckets, and the lefts/rights views of them. */
interface HistogramEdges {
  edges: Float64Array;
  lefts: Float64Array;
  rights: Float64Array;
}

/** a and b are the same double (0 and -0 differ; NaN never matches, so such edges are not shared). */
function sameDouble(a: number, b: number): boolean {
  return a === b && (a !== 0 || 1 / a === 1 / b);
}

/**
 * HistogramProto located by a HistogramProtoScanner → the model's Histogram, built straight from the
 * record bytes: one piece of `store` holds the edges [left edge of bucket 0, bucket_limit...] (lefts and
 * rights are two overlapping views of it) and one the counts. Writers keep a tag's bin edges from step
 * to step (PyTorch's bins are fixed, only the occupied range moves), so when the edges equal those of
 * the tag's previous histogram (`prev`) the two histograms share them: the arrays of a Histogram are
 * read-only. Same values as `histogramFromProto`. Returns undefined when the two arrays differ in
 * length (the general path trims them).
 */
function histogramFromScan(
  hs: HistogramProtoScanner,
  buf: Uint8Array,
  view: DataView<ArrayBufferLike>,
  store: HistogramStorage,
  bound: number,
  t: TagState,
  step: number,
  wallTime: number,
): Histogram | undefined {
  const k = (hs.limitEnd - hs.limitStart) >>> 3;
  if (k !== (hs.bucketEnd - hs.bucketStart) >>> 3 || k === 0) return undefined;
  const min = hs.min,
    max = hs.max,
    num = hs.num;
  const ls = hs.limitStart;
  // the edges as histogramFromProto makes them: left of bucket 0 is min(min, first limit); TF1 writes DBL_MAX as the last limit
  const left0 = Math.min(min, view.getFloat64(ls, true));
  let lastRight = view.getFloat64(ls + (k - 1) * 8, true);
  if (lastRight > 1e300 && Number.isFinite(max)) lastRight = Math.max(max, k > 1 ? view.getFloat64(ls + (k - 2) * 8, true) : left0);
  let edges = t.edges;
  if (edges !== undefined) {
    const e = edges.edges;
    let same = e.length === k + 1 && sameDouble(e[0], left0) && sameDouble(e[k], lastRight);
    for (let i = 1, p = ls; same && i < k; i++, p += 8) same = sameDouble(e[i], view.getFloat64(p, true));
    if (!same) edges = undefined;
  }
  if (edges === undefined) {
    const at = store.reserve(k + 1, bound);
    const f64 = store.f64;
    store.bytes.set(new Uint8Array(buf.buffer, buf.byteOffset + ls, k * 8), (at + 1) * 8);
    if (!LITTLE_ENDIAN) swapDoubles(store.bytes, (at + 1) * 8, k);
    f64[at] = left0;
    f64[at + k] = lastRight;
    const e = f64.subarray(at, at + k + 1);
    edges = t.edges = { edges: e, lefts: e.subarray(0, k), rights: e.subarray(1, k + 1) };
  }
  const at = store.reserve(k, bound);
  const f64 = store.f64;
  // the doubles are little-endian IEEE 754 in the file: a byte copy (memcpy) into the chunk
  store.bytes.set(new Uint8Array(buf.buffer, buf.byteOffset + hs.bucketStart, k * 8), at * 8);
  if (!LITTLE_ENDIAN) swapDoubles(store.bytes, at * 8, k);
  let total = 0;
  for (let i = at, e = at + k; i < e; i++) total += f64[i];
  const nonFinite = { nan: 0, posInf: 0, negInf: 0 };
  const extra = num - total;
  if (extra > 0.5) countUnbucketed(nonFinite, extra, min, max, hs.sum);
  return {
    step,
    wallTime,
    min,
    max,
    num,
    sum: hs.sum,
    sumSquares: hs.sumSquares,
    lefts: edges.lefts,
    rights: edges.rights,
    counts: f64.subarray(at, at + k),
    nonFinite,
  };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses the bytes of `n` doubles from `bytes[at]` (big-endian hosts only). */
function swapDoubles(bytes: Uint8Array, at: number, n: number): void {
  for (let i = 0; i < n; i++) bytes.subarray(at + i * 8, at + i * 8 + 8).reverse();
}

/** PyTorch counts NaN/Inf in `num` but in no bucket; which kind they were shows in min/max/sum. */
function countUnbucketed(nonFinite: Histogram["nonFinite"], extra: number, min: number, max: number, sum: number): void {
  if (Number.isNaN(min) || Number.isNaN(max) || Number.isNaN(sum)) nonFinite.nan = extra;
  else if (max === Infinity && min !== -Infinity) nonFinite.posInf = extra;
  else if (min === -Infinity && max !== Infinity) nonFinite.negInf = extra;
  else nonFinite.nan = extra;
}

/** TF2 `[k,3]` (left, right, count) tensor → Histogram. */
function histogramFromK3(t: DecodedTensor, step: number, wallTime: number): Histogram {
  const v = t.values as Float64Array;
  const k = t.shape[0] ?? 0;
  const lefts = new Float64Array(k),
    rights = new Float64Array(k),
    counts = new Float64Array(k);
  let num = 0,
    min = Infinity,
    max = -Infinity,
    sum = 0,
    sumSq = 0;
  for (let i = 0; i < k; i++) {
    lefts[i] = v[i * 3];
    rights[i] = v[i * 3 + 1];
    counts[i] = v[i * 3 + 2];
    const c = counts[i];
    num += c;
    if (c > 0) {
      if (lefts[i] < min) min = lefts[i];
      if (rights[i] > max) max = rights[i];
      const mid = (lefts[i] + rights[i]) / 2;
      sum += c * mid;
      sumSq += c * mid * mid;
    }
  }
  if (num === 0) {
    min = max = NaN;
  }
  // sums are estimates from bucket centres; the writer did not record them
  return { step, wallTime, min, max, num, sum: NaN, sumSquares: NaN, lefts, rights, counts, nonFinite: { nan: 0, posInf: 0, negInf: 0 } };
  void sum;
  void sumSq;
}

function tensorValue(t: DecodedTensor, step: number, wallTime: number): TensorValue {
  return { step, wallTime, dtype: tfDType(t.dtype), shape: t.shape, values: t.values };
}

/** Reading context of one call (one file, one chunk of bytes). */
class FileRead {
  readonly st: DirState;
  readonly es = new EventScanner();
  readonly vs = new SummaryValueScanner();
  readonly hs = new HistogramProtoScanner();
  readonly histogramStore = new HistogramStorage();
  /** DataView of the buffer being read (`viewOf`). */
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private viewOf: Uint8Array | undefined;
  eventsWithoutWallTime = 0;
  decodeErrors = 0;
  /** What the tag bounds dropped in this read. */
  readonly limits = new TagLimitCounter();
  records = 0;
  badDataCrc = 0;
  /** File offset of the buffer being read (byte 0 of `buf`). */
  base: number;
  /** File offset where the input of this read ends (bounds the histogram storage chunks). */
  inputEnd: number;
  /** Offset of the problem about a not-yet-readable tail, when the read stops before the end. */
  tailAt: number | undefined;
  /** Where the next read of the file starts (file offset). */
  resumeAt: number;
  /** File offset where this read started. */
  readonly start: number;

  constructor(
    readonly dir: RunDir,
    readonly file: string,
    readonly source: SourceFile,
    base: number,
    inputEnd: number,
  ) {
    this.st = stateOf(dir);
    this.base = this.resumeAt = this.start = base;
    this.inputEnd = inputEnd;
  }

  problem(offset: number, code: Problem["code"], severity: Problem["severity"], message: string): Problem {
    const p: Problem = { file: this.file, offset, code, severity, message };
    this.dir.problems.push(p);
    return p;
  }

  /** Decodes one record's Event at `recOffset` (absolute) held in buf[ds, de). */
  event(buf: Uint8Array, ds: number, de: number, recOffset: number): void {
    const es = this.es;
    if (es.scanSimpleScalar(buf, ds, de)) {
      // hot path: one simple_value (PyTorch / TF1 scalars), decoded as `summary` below would
      const t = this.tagState(buf, es.tagStart, es.tagEnd);
      if (t === undefined) return;
      let sc = t.scalar;
      if (sc === undefined) sc = t.scalar = this.dir.scalar(t.tag);
      const step = es.step;
      if (step < t.lastStep || t.inFile !== this.source) this.steps(t, step, recOffset);
      else t.lastStep = step;
      sc.push(step, es.wallTime, es.simpleValue);
      return;
    }
    this.otherEvent(buf, ds, de, recOffset);
  }

  /** Any other Event (the hot path of `event` kept small, so that it is inlined into the read loop). */
  private otherEvent(buf: Uint8Array, ds: number, de: number, recOffset: number): void {
    const es = this.es;
    es.scan(buf, ds, de);
    if ((es.what === What.graphDef || es.what === What.metaGraphDef) && graphPayload === undefined) throw new NeedsLoading("graphs");
    if (es.what === What.summary && protobufCodecs() === undefined && this.needsProtobuf(buf, es.whatStart, es.whatEnd))
      throw new NeedsLoading("protobuf");
    const wallTime = es.wallTime;
    if (!es.hasWallTime) this.eventsWithoutWallTime++;
    const step = es.step;
    const s = es.whatStart,
      e = es.whatEnd;
    switch (es.what) {
      case What.summary:
        this.summary(buf, s, e, step, wallTime, recOffset);
        break;
      case What.fileVersion: {
        const v = decodeUtf8(buf, s, e);
        const info = (this.source.info ??= {});
        if (info.fileVersion === undefined) info.fileVersion = v;
        break;
      }
      case What.sessionLog:
        this.sessionLog(buf, s, e, step, wallTime, recOffset);
        break;
      case What.graphDef:
      case What.metaGraphDef: {
        const kind = es.what === What.graphDef ? "graph_def" : "meta_graph_def";
        const r = graphPayload!.readGraphPayload(kind, buf, s, e, this.file, recOffset + TFRECORD_HEADER_BYTES + (s - ds));
        const info: GraphInfo = { file: this.file, step, kind, bytes: e - s, nodeCount: r.nodeCount };
        if (r.graph) info.graph = r.graph;
        this.dir.graphs.push(info);
        if (r.problem) this.dir.problems.push(r.problem);
        break;
      }
      case What.taggedRunMetadata: {
        const m = decodeTaggedRunMetadata(buf, s, e);
        this.dir.graphs.push({ file: this.file, step, kind: "run_metadata", bytes: m.runMetadataBytes });
        const info = (this.source.info ??= {});
        info.runMetadataTags = info.runMetadataTags ? `${info.runMetadataTags},${m.tag}` : m.tag;
        break;
      }
      case What.logMessage: {
        const m = decodeLogMessage(buf, s, e);
        const info = (this.source.info ??= {});
        info.logMessages = (Number(info.logMessages) || 0) + 1;
        if (m.level >= 30) this.problem(recOffset, "decode", "info", `log message (level ${m.level}) at step ${step}: ${m.message}`);
        break;
      }
    }
    if (es.sourceStart >= 0) {
      const info = (this.source.info ??= {});
      if (info.writer === undefined) info.writer = decodeSourceWriter(buf, es.sourceStart, es.sourceEnd);
    }
  }

  /** Whether a value of the Summary in buf[s, e) carries hparams or custom-scalars plugin content (decoded with the protobuf codecs). */
  private needsProtobuf(buf: Uint8Array, s: number, e: number): boolean {
    const vs = this.vs;
    vs.reset(buf, s, e);
    while (vs.next()) {
      const plugin =
        vs.metaStart >= 0
          ? decodeSummaryMetadata(buf, vs.metaStart, vs.metaEnd).pluginName
          : this.st.lookup(buf, vs.tagStart, vs.tagEnd)?.plugin?.pluginName;
      if (plugin === HPARAMS_PLUGIN || plugin === CUSTOM_SCALARS_PLUGIN || sameBytes(buf, vs.tagStart, vs.tagEnd, CUSTOM_SCALARS_TAG_BYTES))
        return true;
    }
    return false;
  }

  private sessionLog(buf: Uint8Array, s: number, e: number, step: number, wallTime: number, recOffset: number): void {
    const sl = decodeSessionLog(buf, s, e);
    this.dir.sessions.push({ step, wallTime, status: sl.status, file: this.file, message: sl.msg || sl.checkpointPath || undefined });
    if (sl.status !== "start") return;
    recordPurge(this.source);
    const dropped = this.dir.purgeFromStep(step);
    for (const t of this.st.byName.values()) if (t.lastStep >= step) t.lastStep = step - 1;
    if (dropped > 0) {
      this.problem(
        recOffset,
        "restart",
        "info",
        `SessionLog START at step ${step} (a restart): ${dropped} point(s) at steps >= ${step} written before it were dropped, as TensorBoard does`,
      );
    }
  }

  /** The tag's state, or undefined when a bound drops its values (limits.ts; counted for the report). */
  private tagState(buf: Uint8Array, ts: number, te: number): TagState | undefined {
    if (te - ts > MAX_TAG_BYTES) {
      this.limits.longValues++;
      if (this.limits.longTags.size < 1000) this.limits.longTags.add(te - ts);
      return undefined;
    }
    const known = this.st.lookup(buf, ts, te);
    if (known) return known;
    if (this.st.size >= MAX_TAGS_PER_DIR) {
      this.limits.overflowValues++;
      if (this.limits.overflowTags.size < 1000) this.limits.overflowTags.add(decodeUtf8(buf, ts, te));
      return undefined;
    }
    return this.st.add(buf, ts, te);
  }

  private steps(t: TagState, step: number, recOffset: number): void {
    if (t.inFile !== this.source) {
      // the tag's first point in this file: does the file start the tag over (a new training)?
      t.inFile = this.source;
      if (t.lastStep === -Infinity) t.firstStep = step;
      else recordFirstPoint(this.source, step <= (t.firstStep ?? -Infinity));
    }
    if (step < t.lastStep) {
      if (!t.backwards) {
        const p = this.problem(recOffset, "steps_backwards", "warning", "");
        t.backwards = { problem: p, times: 0 };
        p.message = `tag "${t.tag}": step went back from ${t.lastStep} to ${step} without a SessionLog START (points kept)`;
      }
      t.backwards.times++;
      if (t.backwards.times > 1) {
        const m = t.backwards.problem.message.replace(/ \(\d+ times in all\)$/, "");
        t.backwards.problem.message = `${m} (${t.backwards.times} times in all)`;
      }
    }
    t.lastStep = step;
  }

  private summary(buf: Uint8Array, s: number, e: number, step: number, wallTime: number, recOffset: number): void {
    const vs = this.vs;
    vs.reset(buf, s, e);
    while (vs.next()) {
      const t = this.tagState(buf, vs.tagStart, vs.tagEnd);
      if (t === undefined) continue;
      if (vs.kind === VK.simpleValue) {
        // hot path: PyTorch / TF1 scalars
        if (vs.metaStart >= 0) this.metadata(t, buf, vs.metaStart, vs.metaEnd);
        let sc = t.scalar;
        if (sc === undefined) sc = t.scalar = this.dir.scalar(t.tag);
        if (step < t.lastStep || t.inFile !== this.source) this.steps(t, step, recOffset);
        else t.lastStep = step;
        sc.push(step, wallTime, vs.simpleValue);
        continue;
      }
      this.otherValue(t, buf, step, wallTime, recOffset);
    }
  }

  private metadata(t: TagState, buf: Uint8Array, ms: number, me: number): void {
    const m = decodeSummaryMetadata(buf, ms, me);
    const p: PluginInfo = { pluginName: m.pluginName, content: m.content };
    if (m.displayName) p.displayName = m.displayName;
    if (m.summaryDescription) p.summaryDescription = m.summaryDescription;
    if (m.dataClass !== undefined) p.dataClass = m.dataClass;
    t.plugin = p;
    this.dir.plugins.set(t.tag, p);
  }

  private otherValue(t: TagState, buf: Uint8Array, step: number, wallTime: number, recOffset: number): void {
    const vs = this.vs;
    const dir = this.dir;
    if (vs.metaStart >= 0) this.metadata(t, buf, vs.metaStart, vs.metaEnd);
    const plugin = t.plugin?.pluginName ?? "";
    const vstart = vs.valueStart,
      vend = vs.valueEnd;
    switch (vs.kind) {
      case VK.histo: {
        this.steps(t, step, recOffset);
        let series = t.histogram;
        if (series === undefined) series = t.histogram = dir.histogram(t.tag);
        const hs = this.hs;
        // the rest of the input cannot need more doubles than it has 8-byte words
        if (this.viewOf !== buf) {
          this.viewOf = buf;
          this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
        }
        const bound = (this.inputEnd - this.base - vstart) >>> 3;
        const h =
          (hs.scan(buf, vstart, vend) ? histogramFromScan(hs, buf, this.view, this.histogramStore, bound, t, step, wallTime) : undefined) ??
          histogramFromProto(decodeHistogramProto(buf, vstart, vend), step, wallTime);
        series.push(h);
        return;
      }
      case VK.image: {
        this.steps(t, step, recOffset);
        const img = decodeImage(buf, vstart, vend);
        dir.image(t.tag).push({
          step,
          wallTime,
          width: img.width,
          height: img.height,
          colorspace: img.colorspace,
          encoded: img.encoded,
          mime: guessMime(img.encoded),
        });
        return;
      }
      case VK.audio: {
        this.steps(t, step, recOffset);
        const a = decodeAudio(buf, vstart, vend);
        dir.audioSeries(t.tag).push({
          step,
          wallTime,
          sampleRate: a.sampleRate,
          numChannels: a.numChannels,
          lengthFrames: a.lengthFrames,
          contentType: a.contentType,
          byteLength: a.byteLength,
        });
        return;
      }
      case VK.tensor: {
        this.tensor(t, plugin, decodeTensorProto(buf, vstart, vend), step, wallTime, recOffset);
        return;
      }
      case VK.oldStyleHistogram:
        this.problem(recOffset, "decode", "warning", `tag "${t.tag}": obsolete old-style histogram value (not readable, skipped)`);
        return;
      default:
        // metadata-only value: the hparams plugin, or a tag announcing its plugin
        if (plugin === "hparams") this.hparams(t, recOffset);
    }
  }

  private tensor(t: TagState, plugin: string, tv: DecodedTensor, step: number, wallTime: number, recOffset: number): void {
    const dir = this.dir;
    if (plugin === "hparams") {
      this.hparams(t, recOffset);
      return;
    }
    if (plugin === "graph_keras_model") {
      this.kerasModel(t, tv, step, recOffset);
      return;
    }
    if (plugin === "custom_scalars" || t.tag === CUSTOM_SCALARS_TAG) {
      const b = tv.stringBytes?.[0];
      if (b) {
        try {
          dir.customScalarLayout = protobufCodecs()!.decodeCustomScalarLayout(b);
        } catch (err) {
          this.problem(recOffset, "decode", "warning", `tag "${t.tag}": custom-scalar layout does not decode: ${(err as Error).message}`);
        }
      }
      return;
    }
    const numeric = tv.values instanceof Float64Array;
    if (plugin === "scalars" && numeric) {
      const v = tv.values as Float64Array;
      if (v.length >= 1) {
        let sc = t.scalar;
        if (sc === undefined) sc = t.scalar = dir.scalar(t.tag);
        this.steps(t, step, recOffset);
        sc.push(step, wallTime, v[0]);
        return;
      }
    }
    if (plugin === "histograms" && numeric && tv.shape.length === 2 && tv.shape[1] === 3) {
      this.steps(t, step, recOffset);
      dir.histogram(t.tag).push(histogramFromK3(tv, step, wallTime));
      return;
    }
    if (plugin === "text" && !numeric) {
      this.steps(t, step, recOffset);
      dir.text(t.tag).push({ step, wallTime, text: (tv.values as string[]).join("\n") });
      return;
    }
    if (tv.dtype === DT.STRING && !plugin && tv.values.length === 1 && t.tag.endsWith("/text_summary")) {
      this.steps(t, step, recOffset);
      dir.text(t.tag).push({ step, wallTime, text: (tv.values as string[])[0] });
      return;
    }
    this.steps(t, step, recOffset);
    dir.tensor(t.tag).push(tensorValue(tv, step, wallTime));
  }

  /** The Keras model config of the `graph_keras_model` plugin (src/reader/keras_graph.ts). */
  private kerasModel(t: TagState, tv: DecodedTensor, step: number, recOffset: number): void {
    const b = tv.stringBytes?.[0];
    if (!b) {
      this.problem(recOffset, "decode", "warning", `tag "${t.tag}": graph_keras_model value holds no string`);
      return;
    }
    try {
      const graph = decodeKerasModelGraph(decodeUtf8(b, 0, b.length));
      this.dir.graphs.push({ file: this.file, step, kind: "keras_model", bytes: b.length, graph, nodeCount: graph.nodes.length });
    } catch (err) {
      this.dir.graphs.push({ file: this.file, step, kind: "keras_model", bytes: b.length, nodeCount: 0 });
      this.problem(recOffset, "decode", "warning", `tag "${t.tag}": Keras model config does not decode: ${(err as Error).message}`);
    }
  }

  private hparams(t: TagState, recOffset: number): void {
    const content = t.plugin?.content;
    if (!content) return;
    let d;
    try {
      d = protobufCodecs()!.decodeHParamsPluginData(content);
    } catch (err) {
      this.problem(recOffset, "hparams", "warning", `tag "${t.tag}": hparams plugin data does not decode: ${(err as Error).message}`);
      return;
    }
    const dir = this.dir;
    const sess = (dir.hparamsSession ??= {});
    if (d.kind === "session_start") {
      for (const [name, value] of d.hparams) {
        if (value === null) continue;
        const hp: HParam = { name, value, sourceKind: "hparams_plugin", source: this.file };
        const i = dir.hparams.findIndex((h) => h.name === name && h.sourceKind === "hparams_plugin");
        if (i >= 0) dir.hparams[i] = hp;
        else dir.hparams.push(hp);
      }
      if (d.startTimeSecs) sess.startTime = d.startTimeSecs;
      if (d.groupName) sess.group = d.groupName;
      recordSessionStart(dir, { file: this.file, hparams: d.hparams, startTime: d.startTimeSecs });
    } else if (d.kind === "session_end") {
      sess.status = d.status;
      if (d.endTimeSecs) sess.endTime = d.endTimeSecs;
    } else if (d.kind === "experiment") {
      sess.metrics = d.metricInfos.map((m) => (m.group ? `${m.group}/${m.tag}` : m.tag));
    }
  }
}

function issueProblemOf(i: TFRecordIssue, base: number, file: string): Problem {
  const at = base + i.offset;
  const shifted: TFRecordIssue =
    "skippedTo" in i ? ({ ...i, offset: at, skippedTo: base + i.skippedTo } as TFRecordIssue) : { ...i, offset: at };
  const message = describeTFRecordIssue(shifted);
  switch (i.kind) {
    case "bad_data_crc":
      return { file, offset: at, code: "bad_data_crc", severity: "error", message };
    case "truncated":
      return { file, offset: at, code: "truncated", severity: "warning", message };
    case "too_large":
      return { file, offset: at, code: "too_large", severity: "error", message };
    case "not_event_file":
      return { file, offset: at, code: "not_event_file", severity: "error", message };
    case "bad_length_crc":
      return { file, offset: at, code: i.resynced ? "resynced" : "bad_length_crc", severity: "error", message };
  }
}

/** Starts one read of `relPath` from file offset `base` up to `inputEnd`: drops the previous read's tail problem, which this read replaces. */
function startRead(dir: RunDir, relPath: string, source: SourceFile, base: number, inputEnd: number): FileRead {
  const tailProblemAt = source.info?.tailProblemAt;
  if (typeof tailProblemAt === "number" && tailProblemAt >= base) {
    for (let i = dir.problems.length - 1; i >= 0; i--) {
      const p = dir.problems[i];
      if (
        p.file === relPath &&
        p.offset === tailProblemAt &&
        (p.code === "truncated" || p.code === "bad_length_crc" || p.code === "not_event_file")
      )
        dir.problems.splice(i, 1);
    }
  }
  return new FileRead(dir, relPath, source, base, inputEnd);
}

/** Ends a read: `source` gets the records counted, where the next read starts and what went wrong. */
function finishRead(fr: FileRead): void {
  const source = fr.source;
  // how far this file's series got (a training started over that stops short is split off: hparams_sessions.ts)
  let last = -Infinity;
  for (const t of fr.st.byName.values()) if (t.inFile === source && t.lastStep > last) last = t.lastStep;
  if (last > -Infinity) recordLastStep(source, last);
  for (const m of fr.limits.messages()) fr.problem(fr.start, "limit", "warning", m);
  source.records += fr.records;
  source.readOffset = fr.resumeAt;
  const info = (source.info ??= {});
  if (fr.tailAt !== undefined) info.tailProblemAt = fr.tailAt;
  else delete info.tailProblemAt;
  if (fr.badDataCrc) info.badDataCrc = (Number(info.badDataCrc) || 0) + fr.badDataCrc;
  if (fr.eventsWithoutWallTime) info.eventsWithoutWallTime = (Number(info.eventsWithoutWallTime) || 0) + fr.eventsWithoutWallTime;
}

/**
 * Reads the records of `buf` (the file's bytes from `base`). `final`: `buf` reaches the end of what
 * this read covers; then damage is resynced past and the tail is reported as usual. Otherwise `buf` is
 * one chunk of a longer input: a record cut by the chunk's end is left for the next chunk (returned:
 * the offset in `buf` where it starts), and framing damage stops the chunk without being reported
 * (returned as `damagedAt`, with the issue met there) so that the caller resyncs from there.
 */
function readChunk(
  fr: FileRead,
  buf: Uint8Array,
  base: number,
  opts: EventFileOptions,
  final: boolean,
): { next: number; damagedAt?: number; damage?: TFRecordIssue; needs?: NeedsLoading } {
  const sc = new TFRecordScanner(buf, 0, { verifyDataCrc: opts.verifyDataCrc ?? true, maxRecordBytes: opts.maxRecordBytes, resync: final });
  const dir = fr.dir,
    relPath = fr.file;
  // "not an event file" is said of damage at the start of a read only, not at the start of a later chunk
  const issueProblem =
    base === fr.start
      ? issueProblemOf
      : (i: TFRecordIssue, b: number, f: string): Problem =>
          issueProblemOf(
            i.kind === "not_event_file" ? { kind: "bad_length_crc", offset: i.offset, skippedTo: i.skippedTo, resynced: false } : i,
            b,
            f,
          );
  fr.base = base;
  let issuesSeen = 0;
  let records = 0;
  while (sc.next()) {
    records++;
    if (sc.issues.length !== issuesSeen) {
      while (issuesSeen < sc.issues.length) dir.problems.push(issueProblem(sc.issues[issuesSeen++], base, relPath));
    }
    try {
      fr.event(buf, sc.dataStart, sc.dataEnd, base + sc.recordOffset);
    } catch (err) {
      if (err instanceof NeedsLoading) {
        // nothing of this record was kept: the caller loads what it needs and reads on from it
        fr.records += records - 1;
        fr.badDataCrc += sc.badDataCrc;
        fr.resumeAt = base + sc.recordOffset;
        return { next: sc.recordOffset, needs: err };
      }
      // a WireError is malformed protobuf; anything else is a value the decoders could not make sense of
      fr.decodeErrors++;
      const why = err instanceof WireError ? err.message : `${(err as Error)?.name ?? "Error"}: ${(err as Error)?.message ?? String(err)}`;
      fr.problem(
        base + sc.recordOffset,
        "decode",
        "error",
        `record framed fine (CRCs valid) but its Event does not decode: ${why} (record skipped)`,
      );
    }
  }
  fr.records += records;
  fr.badDataCrc += sc.badDataCrc;
  if (!final && sc.stop !== "eof") {
    // the last issue is why the chunk stopped: the next chunk (or the one-piece re-read) settles it
    while (issuesSeen < sc.issues.length - 1) dir.problems.push(issueProblem(sc.issues[issuesSeen++], base, relPath));
    fr.resumeAt = base + sc.resumeOffset;
    return sc.stop === "truncated"
      ? { next: sc.resumeOffset }
      : { next: sc.resumeOffset, damagedAt: sc.resumeOffset, damage: sc.issues[sc.issues.length - 1] };
  }
  let tailAt: number | undefined;
  while (issuesSeen < sc.issues.length) {
    const i = sc.issues[issuesSeen++];
    const p = issueProblem(i, base, relPath);
    dir.problems.push(p);
    if (sc.stop !== "eof" && issuesSeen === sc.issues.length) tailAt = p.offset;
  }
  fr.tailAt = tailAt;
  fr.resumeAt = base + sc.resumeOffset;
  return { next: sc.resumeOffset };
}

/**
 * Reads the event records of `buf` (the bytes of file `relPath` from file offset `base`) into `dir`.
 * `source` is updated: readOffset, size, records. The synchronous core of `readEventFile`; a buffer
 * that may hold graphs or hparams / custom-scalars plugin records needs `await loadEventDecoders()`
 * first (else such a record throws).
 */
export function readEventBytes(
  buf: Uint8Array,
  base: number,
  relPath: string,
  dir: RunDir,
  source: SourceFile,
  opts: EventFileOptions = {},
): void {
  const fr = startRead(dir, relPath, source, base, base + buf.length);
  const r = readChunk(fr, buf, base, opts, true);
  if (r.needs)
    throw new Error(
      `readEventBytes: the record at offset ${fr.resumeAt} needs the ${r.needs.what} decoders: call loadEventDecoders() first`,
    );
  finishRead(fr);
}

/** Default size of the buffer a file is read through (records longer than this get a buffer of their own size). */
const READ_CHUNK_BYTES = 8 << 20;

async function readFully(fh: fsp.FileHandle, buf: Uint8Array, at: number, n: number, pos: number): Promise<number> {
  let got = 0;
  while (got < n) {
    const { bytesRead } = await fh.read(buf, at + got, n - got, pos + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/** A record declaring more data than this is checked against the bytes after its header before the read buffer grows to hold it. */
const PROBE_ABOVE_BYTES = 64 << 20;

/** Data length declared by the TFRecord header at buf[at]. */
function declaredLength(buf: Uint8Array, at: number): number {
  if (buf.length - at < 8) return 0;
  const v = new DataView(buf.buffer, buf.byteOffset + at, 8);
  return v.getUint32(4, true) * 4294967296 + v.getUint32(0, true);
}

/** What a forward scan after framing damage found: a valid record, or only a verified header whose record runs past the end of the file. */
type ScanResult = { at: number } | { truncatedAt: number; need: number } | undefined;

/** Whether the record of `len` data bytes whose header is at `q` has a valid data CRC, read through `chunk` (bounded memory). */
async function recordVerifies(fh: fsp.FileHandle, q: number, len: number, chunk: Buffer): Promise<boolean> {
  let crc = 0;
  const ds = q + TFRECORD_HEADER_BYTES;
  for (let pos = ds; pos < ds + len;) {
    const n = await readFully(fh, chunk, 0, Math.min(chunk.length, ds + len - pos), pos);
    if (n === 0) return false;
    crc = crc32c(chunk, 0, n, crc);
    pos += n;
  }
  if ((await readFully(fh, chunk, 0, 4, ds + len)) < 4) return false;
  return maskCrc(crc) === chunk.readUInt32LE(0);
}

/**
 * The first offset >= `from` where a complete record verifies (both CRCs), scanning the file through
 * `chunk` (consecutive windows overlapping by a header): bounded memory whatever the file size. A
 * verified header whose record lies beyond the window is checked by reading it through `chunk`; one
 * whose record runs past the end of the file is only remembered: it is the answer when no valid
 * record follows it (a record still being written).
 */
async function scanForRecord(fh: fsp.FileHandle, size: number, from: number, chunk: Buffer, opts: EventFileOptions): Promise<ScanResult> {
  let pos = from;
  let candidate: { truncatedAt: number; need: number } | undefined;
  while (pos + TFRECORD_HEADER_BYTES <= size) {
    const got = await readFully(fh, chunk, 0, Math.min(chunk.length, size - pos), pos);
    if (got < TFRECORD_HEADER_BYTES) break;
    const sc = new TFRecordScanner(chunk.subarray(0, got), 0, { maxRecordBytes: opts.maxRecordBytes });
    const f = sc.findNext(0);
    if (f >= 0) return { at: pos + f };
    if (f === -2) {
      const q = pos + sc.truncPos,
        need = sc.truncNeed;
      if (q + need <= size) {
        const copy = Buffer.allocUnsafe(Math.min(chunk.length, 1 << 20));
        if (await recordVerifies(fh, q, need - 16, copy)) return { at: q };
      } else candidate ??= { truncatedAt: q, need };
      pos = q + 1;
      continue;
    }
    if (pos + got >= size) break;
    pos += got - (TFRECORD_HEADER_BYTES - 1);
  }
  return candidate;
}

/** The issues to report for framing damage at `at` given what the forward scan found. */
function damageIssue(damage: TFRecordIssue | undefined, at: number, readStart: number, found: ScanResult, size: number): TFRecordIssue[] {
  const resynced = found !== undefined && "at" in found;
  const skippedTo = found === undefined ? size : "at" in found ? found.at : found.truncatedAt;
  const out: TFRecordIssue[] = [];
  if (damage?.kind === "too_large")
    out.push({ kind: "too_large", offset: at, length: damage.length, limit: damage.limit, skippedTo, resynced });
  else if (at === 0 && readStart === 0 && found === undefined) out.push({ kind: "not_event_file", offset: at, skippedTo });
  else
    out.push({
      kind: "bad_length_crc",
      offset: at,
      skippedTo,
      resynced,
      ...(damage?.kind === "bad_length_crc" && damage.declared !== undefined && resynced ? { declared: damage.declared } : {}),
    });
  if (found && "truncatedAt" in found)
    out.push({ kind: "truncated", offset: found.truncatedAt, part: "payload", have: size - found.truncatedAt, need: found.need });
  return out;
}

/**
 * Reads one event file (the part after `source.readOffset`, all of it when `source` is undefined)
 * into `dir`. Creates and registers the SourceFile on the first call; returns it updated.
 * Throws only for I/O errors (missing file, permission denied), which the caller reports.
 * The bytes go through one reused buffer of `readChunkBytes` (default 8 MiB), so a read holds the
 * data model and one chunk, not the model and the whole file.
 */
export async function readEventFile(
  absPath: string,
  relPath: string,
  dir: RunDir,
  source: SourceFile | undefined,
  opts: EventFileOptions = {},
): Promise<SourceFile> {
  let src = source;
  if (!src) {
    src = { path: relPath, format: "tfevents", readOffset: 0, size: 0, records: 0 };
    dir.sources.push(src);
  }
  const fh = await openInside(absPath, opts.boundary);
  try {
    const { size } = await fh.stat();
    if (size < src.readOffset) {
      // the file was replaced or truncated: read it again from the start
      dir.problems.push({
        file: relPath,
        offset: size,
        code: "truncated",
        severity: "warning",
        message: `file shrank from ${src.readOffset} to ${size} bytes; read again from the start (points already read are kept)`,
      });
      src.readOffset = 0;
    }
    src.size = size;
    const n = size - src.readOffset;
    if (n <= 0) return src;
    const fr = startRead(dir, relPath, src, src.readOffset, size);
    const startOffset = src.readOffset;
    let buf = Buffer.allocUnsafe(Math.min(n, Math.max(16, opts.readChunkBytes ?? READ_CHUNK_BYTES)));
    let bufBase = src.readOffset,
      filled = 0;
    for (;;) {
      const want = Math.min(buf.length - filled, size - bufBase - filled);
      const got = await readFully(fh, buf, filled, want, bufBase + filled);
      filled += got;
      const final = got < want || bufBase + filled >= size;
      const r = readChunk(fr, buf.subarray(0, filled), bufBase, opts, final);
      if (r.needs) {
        // a record needs decoders not loaded yet: load them and read on from that record
        await loadFor(r.needs);
        buf.copyWithin(0, r.next, filled);
        bufBase += r.next;
        filled -= r.next;
        continue;
      }
      opts.onBytes?.(bufBase + filled - startOffset);
      if (final) break;
      let damagedAt = r.damagedAt,
        damage = r.damage;
      const tail = filled - r.next;
      if (damagedAt === undefined && tail === buf.length && declaredLength(buf, r.next) > PROBE_ABOVE_BYTES) {
        // a record longer than PROBE_ABOVE_BYTES: before growing the buffer that far, make sure its header is
        // not contradicted by a complete valid record among the bytes it claims (then it is damage, not a big record)
        const probe = new TFRecordScanner(buf.subarray(r.next, filled), 0, { verifyDataCrc: true, maxRecordBytes: opts.maxRecordBytes });
        if (probe.findNext(1) >= 0) {
          damagedAt = r.next;
          const v = new DataView(buf.buffer, buf.byteOffset + r.next, 8);
          damage = {
            kind: "bad_length_crc",
            offset: r.next,
            skippedTo: r.next,
            resynced: false,
            declared: v.getUint32(4, true) * 4294967296 + v.getUint32(0, true),
          };
        }
      }
      if (damagedAt !== undefined) {
        // framing damage: scan forward chunk by chunk (bounded memory) for the next valid record
        const at = bufBase + damagedAt;
        const found = await scanForRecord(fh, size, at + 1, buf, opts);
        const issue = damageIssue(damage, at, fr.start, found, size);
        for (const i of issue) {
          const p = issueProblemOf(i, 0, relPath);
          dir.problems.push(p);
          if (i.kind === "truncated" || (!("resynced" in i && i.resynced) && i.kind !== "bad_data_crc")) fr.tailAt = p.offset;
        }
        if (found && "at" in found) {
          fr.tailAt = undefined;
          bufBase = found.at;
          filled = 0;
          fr.resumeAt = found.at;
          continue;
        }
        fr.resumeAt = found && "truncatedAt" in found ? found.truncatedAt : at;
        break;
      }
      // keep the record cut by the chunk's end; a record longer than the buffer gets a bigger one
      if (tail === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, size - bufBase - r.next));
        buf.copy(bigger, 0, r.next, filled);
        buf = bigger;
      } else buf.copyWithin(0, r.next, filled);
      bufBase += r.next;
      filled = tail;
    }
    finishRead(fr);
  } finally {
    await fh.close();
  }
  return src;
}

/** Whether a file name is a TensorBoard event file (its base name contains `tfevents`). */
export function isEventFileName(name: string): boolean {
  return path.basename(name).includes("tfevents");
}

/**
 * Reads every event file directly in `absDir` (not recursive), in file-name order, into `dir`.
 * `relDir` is the directory relative to the logdir root ('.' for the root); problems name files as
 * `relDir/name`. I/O errors become Problems; the other files still load.
 */
export async function readEventFiles(absDir: string, relDir: string, dir: RunDir, opts: EventFileOptions = {}): Promise<RunDir> {
  let names: string[];
  try {
    names = (await fsp.readdir(absDir, { withFileTypes: true }))
      .filter((d) => (d.isFile() || d.isSymbolicLink()) && isEventFileName(d.name))
      .map((d) => d.name)
      .sort();
  } catch (err) {
    dir.problems.push({ file: relDir, code: "io", severity: "error", message: `cannot list directory: ${(err as Error).message}` });
    return dir;
  }
  for (const name of names) {
    const rel = relDir === "." ? name : `${relDir}/${name}`;
    const existing = dir.sources.find((s) => s.path === rel);
    try {
      await readEventFile(path.join(absDir, name), rel, dir, existing, opts);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      dir.problems.push({
        file: rel,
        offset: existing?.readOffset ?? 0,
        code: "io",
        severity: "error",
        message: `cannot read: ${code === "EACCES" || code === "EPERM" ? "permission denied" : (err as Error).message}`,
      });
    }
  }
  return dir;
}
