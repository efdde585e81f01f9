// MindSpore summary files (`<prefix>.out.events.summary.<unix seconds>[.<device id>].<host><suffix>`,
// suffix `_MS` by default): TFRecord-framed `mindspore.irpb.Event` records (summary.proto).
// The first record carries the version string (`MindSpore.Event:1`); `graph_def` holds the
// anf_ir graph; `summary` holds values keyed by tag: `scalar_value` (float32), `image` (PNG),
// `tensor` (anf_ir TensorProto, values in `float_data` whatever the dtype), `histogram`
// (buckets as left/width/count plus explicit NaN/+Inf/-Inf counts, min/max/sum over the finite
// values, count over all) and `loss_landscape`. Series keep the tag as written in the file;
// MindInsight lists it as `<tag>/<plugin>` (e.g. `loss/auto/scalar`), which is recorded as the
// tag's PluginInfo.displayName (`mindInsightTag`).

import { loadProtobufCodecs, scanMessage, type mindsporeAnfIr } from "../format/index.ts";
// the protobuf codecs, loaded with this module (imported on first use only: logdir.ts, event_file.ts)
const { fromBinary } = await loadProtobufCodecs();
const { DataType } = (await loadProtobufCodecs()).mindsporeAnfIr;
type DataType = mindsporeAnfIr.DataType;
const { GraphProtoSchema, TensorProtoSchema } = (await loadProtobufCodecs()).mindsporeAnfIr;
type GraphProto = mindsporeAnfIr.GraphProto;
type TensorProto = mindsporeAnfIr.TensorProto;
import {
  EventKind,
  ValueKind,
  decodeSummaryEvent,
  type DecodedEvent,
  type DecodedHistogram,
  type DecodedValue,
} from "./mindspore_event_decode.ts";
import type { DType, Histogram, RunDir, SourceFile } from "../model/index.ts";
import { addProblem, readFramedFile } from "./mindspore_framing.ts";
import { decodeMindSporeGraph } from "./mindspore_graph.ts";
import { MAX_GRAPH_NODES } from "./limits.ts";

/** MindInsight's plugin names for the kinds of summary values. */
export type MindInsightPlugin = "scalar" | "image" | "tensor" | "histogram" | "loss_landscape";

/** The name MindInsight lists a tag under: `<tag>/<plugin>`. */
export function mindInsightTag(tag: string, plugin: MindInsightPlugin): string {
  return `${tag}/${plugin}`;
}

const SUMMARY_NAME = /\.summary\.\d+/;

/**
 * True for a MindSpore summary file name: `summary.<digits>` in the name (MindInsight's rule),
 * not a lineage or explain file, and either the default `_MS` suffix or the writer's
 * `.out.events.summary.` prefix (custom suffixes).
 */
export function isMindSporeSummaryFile(name: string): boolean {
  const base = name.slice(name.lastIndexOf("/") + 1);
  if (!SUMMARY_NAME.test(base)) return false;
  if (base.endsWith("_lineage") || base.endsWith("_explain")) return false;
  return base.endsWith("_MS") || base.includes(".out.events.summary.");
}

const DTYPES: Partial<Record<number, DType>> = {
  [DataType.DT_BOOL]: "bool",
  [DataType.DT_INT8]: "int8",
  [DataType.DT_INT16]: "int16",
  [DataType.DT_INT32]: "int32",
  [DataType.DT_INT64]: "int64",
  [DataType.DT_UINT8]: "uint8",
  [DataType.DT_UINT16]: "uint16",
  [DataType.DT_UINT32]: "uint32",
  [DataType.DT_UINT64]: "uint64",
  [DataType.DT_FLOAT16]: "float16",
  [DataType.DT_FLOAT32]: "float32",
  [DataType.DT_FLOAT64]: "float64",
  [DataType.DT_STRING]: "string",
};

/** The model's dtype for an anf_ir `DataType` value. */
export function mindSporeDType(dataType: number): DType {
  return DTYPES[dataType] ?? "unknown";
}

/** Tensor values widened to float64: `float_data` first (what MindSpore writes), then the other typed lists, then `raw_data`. */
function tensorValues(t: TensorProto): Float64Array {
  if (t.floatData.length) return Float64Array.from(t.floatData);
  if (t.doubleData.length) return Float64Array.from(t.doubleData);
  if (t.int32Data.length) return Float64Array.from(t.int32Data);
  if (t.int64Data.length) return Float64Array.from(t.int64Data, Number);
  if (t.uint64Data.length) return Float64Array.from(t.uint64Data, Number);
  const raw = t.rawData;
  if (raw.length) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const read = rawReader(t.dataType);
    if (read) {
      const n = Math.floor(raw.length / read.size);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = read.get(view, i * read.size);
      return out;
    }
  }
  return new Float64Array(0);
}

function rawReader(dt: number): { size: number; get: (v: DataView, o: number) => number } | undefined {
  switch (dt) {
    case DataType.DT_BOOL:
    case DataType.DT_UINT8:
      return { size: 1, get: (v, o) => v.getUint8(o) };
    case DataType.DT_INT8:
      return { size: 1, get: (v, o) => v.getInt8(o) };
    case DataType.DT_INT16:
      return { size: 2, get: (v, o) => v.getInt16(o, true) };
    case DataType.DT_UINT16:
      return { size: 2, get: (v, o) => v.getUint16(o, true) };
    case DataType.DT_INT32:
      return { size: 4, get: (v, o) => v.getInt32(o, true) };
    case DataType.DT_UINT32:
      return { size: 4, get: (v, o) => v.getUint32(o, true) };
    case DataType.DT_INT64:
      return { size: 8, get: (v, o) => Number(v.getBigInt64(o, true)) };
    case DataType.DT_UINT64:
      return { size: 8, get: (v, o) => Number(v.getBigUint64(o, true)) };
    case DataType.DT_FLOAT16:
      return { size: 2, get: (v, o) => half(v.getUint16(o, true)) };
    case DataType.DT_FLOAT32:
      return { size: 4, get: (v, o) => v.getFloat32(o, true) };
    case DataType.DT_FLOAT64:
      return { size: 8, get: (v, o) => v.getFloat64(o, true) };
    default:
      return undefined;
  }
}

/** IEEE-754 binary16 to a JS number. */
function half(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Converts a decoded MindSpore histogram into the model's Histogram (bucket i covers [left, left + width)). */
function toHistogram(h: DecodedHistogram, step: number, wallTime: number): Histogram {
  const n = h.lefts.length;
  const lefts = new Float64Array(h.lefts);
  const rights = new Float64Array(n);
  const counts = new Float64Array(h.counts);
  let bucketTotal = 0;
  for (let i = 0; i < n; i++) {
    rights[i] = h.lefts[i] + h.widths[i];
    bucketTotal += counts[i];
  }
  const nonFinite = { nan: h.nanCount, posInf: h.posInfCount, negInf: h.negInfCount };
  return {
    step,
    wallTime,
    min: h.min,
    max: h.max,
    num: h.count >= 0 ? h.count : bucketTotal + nonFinite.nan + nonFinite.posInf + nonFinite.negInf,
    sum: h.sum,
    sumSquares: NaN,
    lefts,
    rights,
    counts,
    nonFinite,
  };
}

/** MIME type from the encoded image's magic bytes. */
function imageMime(b: Uint8Array): string {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "image/png";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.length >= 4 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return "image/gif";
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) return "image/bmp";
  return "application/octet-stream";
}

function rememberPlugin(dir: RunDir, tag: string, plugin: MindInsightPlugin, content?: Uint8Array): void {
  const existing = dir.plugins.get(tag);
  if (existing && existing.pluginName === plugin) return;
  const display = mindInsightTag(tag, plugin);
  // A tag used by two kinds (e.g. ScalarSummary and HistogramSummary of the same name): key the second by MindInsight's name.
  const key = existing ? display : tag;
  if (dir.plugins.has(key)) return;
  dir.plugins.set(key, { pluginName: plugin, content: content ?? new Uint8Array(0), displayName: display });
}

function checkStepOrder(
  dir: RunDir,
  relPath: string,
  offset: number,
  tag: string,
  kind: string,
  lastStep: number | undefined,
  step: number,
): void {
  if (lastStep !== undefined && step < lastStep) stepsBackwards(dir, relPath, offset, tag, kind, lastStep, step);
}

function stepsBackwards(dir: RunDir, relPath: string, offset: number, tag: string, kind: string, lastStep: number, step: number): void {
  addProblem(dir, {
    file: relPath,
    offset,
    code: "steps_backwards",
    severity: "warning",
    message: `${kind} '${tag}': step ${step} after step ${lastStep} (kept in file order)`,
  });
}

function setVersion(source: SourceFile, version: string): void {
  source.info ??= {};
  source.info.version = version;
}

/** Decodes one summary record and adds what it holds to `dir`. */
function applySummaryRecord(dir: RunDir, source: SourceFile, relPath: string, data: Uint8Array, offset: number): void {
  let ev: DecodedEvent;
  let graph: GraphProto | undefined;
  try {
    ev = decodeSummaryEvent(data);
    if (ev.kind === EventKind.Graph) {
      const nodes = scanMessage(ev.graph!, 0, ev.graph!.length, 1).count;
      if (nodes > MAX_GRAPH_NODES) {
        addProblem(dir, {
          file: relPath,
          offset,
          code: "limit",
          severity: "warning",
          message: `MindSpore graph of the record at byte ${offset} has ${nodes} nodes, more than the limit of ${MAX_GRAPH_NODES}: kept as its node count only`,
        });
        dir.graphs.push({ file: relPath, step: ev.step, kind: "mindspore_graph", bytes: ev.graph!.length, nodeCount: nodes });
        return;
      }
      graph = fromBinary(GraphProtoSchema, ev.graph!);
    }
  } catch (e) {
    addProblem(dir, {
      file: relPath,
      offset,
      code: "decode",
      severity: "error",
      message: `record of ${data.length} bytes is not a MindSpore summary Event: ${(e as Error).message}`,
    });
    return;
  }
  const step = ev.step;
  const wallTime = ev.wallTime;
  switch (ev.kind) {
    case EventKind.Version:
      setVersion(source, ev.version);
      if (!/^Mind[sS]pore\.Event:/.test(ev.version)) {
        addProblem(dir, {
          file: relPath,
          offset,
          code: "unknown_format",
          severity: "warning",
          message: `unexpected version string ${JSON.stringify(ev.version)} (expected "MindSpore.Event:1"); reading on`,
        });
      }
      return;
    case EventKind.Graph:
      dir.graphs.push(decodeMindSporeGraph(graph!, relPath, step, ev.graph!.length));
      return;
    case EventKind.Summary:
      for (const v of ev.values) applyValue(dir, relPath, offset, step, wallTime, v);
      return;
    default:
      // Explain records (field 6), records without payload and anything newer: framed fine, nothing this reader models.
      source.info ??= {};
      source.info.skippedRecords = Number(source.info.skippedRecords ?? 0) + 1;
      return;
  }
}

function applyValue(dir: RunDir, relPath: string, offset: number, step: number, wallTime: number, v: DecodedValue): void {
  const tag = v.tag;
  switch (v.kind) {
    case ValueKind.Scalar: {
      const s = dir.scalar(tag);
      if (s.length && step < s.steps[s.length - 1]) stepsBackwards(dir, relPath, offset, tag, "scalar", s.steps[s.length - 1], step);
      s.push(step, wallTime, v.scalar);
      rememberPlugin(dir, tag, "scalar");
      return;
    }
    case ValueKind.Image: {
      const img = v.image!;
      const s = dir.image(tag);
      checkStepOrder(dir, relPath, offset, tag, "image", s.points.at(-1)?.step, step);
      const encoded = img.encoded.slice();
      s.push({ step, wallTime, width: img.width, height: img.height, colorspace: img.colorspace, encoded, mime: imageMime(encoded) });
      rememberPlugin(dir, tag, "image");
      return;
    }
    case ValueKind.Tensor: {
      let t: TensorProto;
      try {
        t = fromBinary(TensorProtoSchema, v.payload!);
      } catch (e) {
        addProblem(dir, {
          file: relPath,
          offset,
          code: "decode",
          severity: "error",
          message: `tensor '${tag}' at step ${step} does not decode (${(e as Error).message}); skipped`,
        });
        return;
      }
      const s = dir.tensor(tag);
      checkStepOrder(dir, relPath, offset, tag, "tensor", s.points.at(-1)?.step, step);
      const shape = t.dims.map(Number);
      const values = tensorValues(t);
      const expected = shape.reduce((a, b) => a * b, 1);
      if (values.length !== expected && !(shape.length === 0 && values.length === 0)) {
        addProblem(dir, {
          file: relPath,
          offset,
          code: "decode",
          severity: "warning",
          message: `tensor '${tag}' at step ${step}: dims [${shape.join(", ")}] announce ${expected} values but ${values.length} are stored (kept as stored)`,
        });
      }
      s.push({ step, wallTime, dtype: mindSporeDType(t.dataType), shape, values });
      rememberPlugin(dir, tag, "tensor");
      return;
    }
    case ValueKind.Histogram: {
      const s = dir.histogram(tag);
      checkStepOrder(dir, relPath, offset, tag, "histogram", s.points.at(-1)?.step, step);
      s.push(toHistogram(v.histogram!, step, wallTime));
      rememberPlugin(dir, tag, "histogram");
      return;
    }
    case ValueKind.LossLandscape:
      // Not modelled as a series: the raw Summary.Value (tag + LossLandscape) is kept with the tag's plugin info.
      rememberPlugin(dir, tag, "loss_landscape", v.raw.slice());
      return;
    default:
      addProblem(dir, {
        file: relPath,
        offset,
        code: "decode",
        severity: "warning",
        message: `summary value '${tag}' at step ${step} holds no value this reader knows (skipped)`,
      });
  }
}

/**
 * Reads the new bytes of a MindSpore summary file into `dir` (creates the SourceFile when
 * `source` is undefined; resumes at `source.readOffset` otherwise). Never throws for bad data:
 * every damaged or undecodable record becomes a Problem with its byte offset and reading goes on.
 */
export async function readMindSporeSummaryFile(
  absPath: string,
  relPath: string,
  dir: RunDir,
  source: SourceFile | undefined,
  opts: { verifyDataCrc?: boolean; chunkBytes?: number } = {},
): Promise<SourceFile> {
  return readFramedFile(absPath, relPath, "mindspore_summary", dir, source, opts, (data, offset, src) => {
    applySummaryRecord(dir, src, relPath, data, offset);
  });
}
