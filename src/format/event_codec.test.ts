// Event encoder and decoder: byte-for-byte agreement with the PyTorch-written fixtures (scalars,
// histograms, hparams, custom scalar layout), round trips of every kind, tensor dtypes.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { readRecords } from "./tf_record.ts";
import { decodeEvent, halfValToNumber, halfToFloat, decodeTensorProto, DT, type DecodedEvent } from "./event_decode.ts";
import {
  encodeEvent,
  fileVersionEvent,
  scalarEvent,
  histogramEvent,
  textEvent,
  imageEvent,
  tensorEvent,
  sessionLogEvent,
  tensorScalarValue,
  histogramFromValues,
  type TensorInit,
} from "./event_encode.ts";
import { hparamsEvents, decodeHParamsPluginData, decodeCustomScalarLayout, encodeCustomScalarLayout } from "./plugin_data.ts";
import { WireWriter, WIRE_LEN } from "./wire.ts";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures");
const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURES, "manifest.json"), "utf8"));
const pytorchFiles: string[] = (manifest.generated_files as any[])
  .filter((f) => f.format === "tfevents" && f.path.startsWith("generated/pytorch/"))
  .map((f) => f.path);

/** Re-encodes a decoded PyTorch event with the builder for its kind; null when no builder applies. */
function reencode(e: DecodedEvent): Uint8Array | null {
  const wt = e.wallTime ?? 0,
    step = e.step ?? 0;
  if (e.fileVersion !== undefined) return fileVersionEvent(wt, { sourceWriter: e.sourceWriter, step });
  if (e.sessionLog)
    return sessionLogEvent(e.sessionLog.status, step, wt, e.sessionLog.msg || undefined, e.sessionLog.checkpointPath || undefined);
  if (!e.summary || e.summary.length !== 1) return null;
  const v = e.summary[0];
  if (v.simpleValue !== undefined)
    return scalarEvent(v.tag, step, v.simpleValue, wt, { withPluginMetadata: v.metadata?.pluginName === "scalars" });
  if (v.histo) return histogramEvent(v.tag, step, v.histo, wt);
  if (v.image) return imageEvent(v.tag, step, v.image, wt);
  if (v.tensor && v.metadata?.pluginName === "text") return textEvent(v.tag, step, (v.tensor.values as string[])[0], wt);
  if (v.tensor && v.metadata?.pluginName === "scalars") {
    const t: TensorInit = { dtype: v.tensor.dtype, shape: v.tensor.shape.length ? v.tensor.shape : undefined };
    if (v.tensor.dtype === DT.DOUBLE) t.doubleVal = v.tensor.values as Float64Array;
    else t.floatVal = v.tensor.values as Float64Array;
    return tensorEvent(v.tag, step, t, wt, { pluginName: "scalars" });
  }
  return null;
}

test("encoder reproduces PyTorch's bytes for every kind of event it builds", () => {
  const kinds = new Map<string, number>();
  for (const rel of pytorchFiles) {
    const buf = fs.readFileSync(path.join(FIXTURES, rel));
    for (const r of readRecords(buf).records) {
      const e = decodeEvent(r.data);
      const again = reencode(e);
      if (!again) continue;
      assert.deepEqual(Buffer.from(again), Buffer.from(r.data), `${rel} record at ${r.offset}`);
      const kind = e.fileVersion
        ? "file_version"
        : e.sessionLog
          ? "session_log"
          : e.summary![0].simpleValue !== undefined
            ? "scalar"
            : e.summary![0].histo
              ? "histo"
              : e.summary![0].image
                ? "image"
                : "tensor";
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
  }
  for (const k of ["file_version", "session_log", "scalar", "histo", "image", "tensor"])
    assert.ok((kinds.get(k) ?? 0) > 0, `no ${k} compared`);
});

test("hparams events match PyTorch's add_hparams bytes (experiment, session start, session end)", () => {
  const rel = pytorchFiles.find((p) => /mlp\/\d+\.\d+\//.test(p))!;
  const recs = readRecords(fs.readFileSync(path.join(FIXTURES, rel))).records.map((r) => r.data);
  const evs = recs.map(decodeEvent);
  const hpIdx = evs.findIndex((e) => e.summary?.[0].tag === "_hparams_/session_start_info");
  const ssi = decodeHParamsPluginData(evs[hpIdx].summary![0].metadata!.content);
  assert.equal(ssi.kind, "session_start");
  if (ssi.kind !== "session_start") return;
  const exp = decodeHParamsPluginData(evs[hpIdx - 1].summary![0].metadata!.content);
  assert.equal(exp.kind, "experiment");
  if (exp.kind !== "experiment") return;
  // the experiment lists the hparams in the writer's order (the session-start map is in hash order)
  const hp = Object.fromEntries(exp.hparamInfos.map((h) => [h.name, ssi.hparams.get(h.name)!]));
  const dd = Object.fromEntries(exp.hparamInfos.filter((h) => h.domainDiscrete).map((h) => [h.name, h.domainDiscrete!]));
  const ours = hparamsEvents(
    hp,
    exp.metricInfos.map((m) => m.tag),
    evs[hpIdx].wallTime!,
    { domainDiscrete: dd },
  );
  // wall times differ per event in the file; compare the summaries (field 5) byte for byte
  const summaryOf = (b: Uint8Array) => Buffer.from(b.subarray(9));
  assert.deepEqual(decodeHParamsPluginData(decodeEvent(ours[1]).summary![0].metadata!.content), ssi);
  assert.deepEqual(summaryOf(ours[2]), summaryOf(recs[hpIdx + 1]));
  assert.deepEqual(summaryOf(ours[0]), summaryOf(recs[hpIdx - 1]));
  const end = decodeHParamsPluginData(evs[hpIdx + 1].summary![0].metadata!.content);
  assert.deepEqual(end, { kind: "session_end", status: "success", endTimeSecs: 0 });
});

test("custom scalar layout round-trips and decodes the PyTorch fixture", () => {
  const rel = pytorchFiles.find((p) => p.endsWith(".21229.0"))!;
  const recs = readRecords(fs.readFileSync(path.join(FIXTURES, rel))).records;
  const ev = recs.map((r) => decodeEvent(r.data)).find((e) => e.summary?.[0].tag === "custom_scalars__config__")!;
  const layout = decodeCustomScalarLayout(ev.summary![0].tensor!.stringBytes![0]);
  assert.ok(layout.categories.length > 0);
  assert.ok(layout.categories[0].charts.length > 0);
  const again = decodeCustomScalarLayout(encodeCustomScalarLayout(layout.categories));
  assert.deepEqual(again, layout);
});

test("every encoder kind round-trips through the decoder", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const h = histogramFromValues([1, 2, 2, 3, NaN, Infinity, -0.5]);
  assert.equal(h.num, 7);
  assert.equal(
    (Array.from(h.bucket) as number[]).reduce((a, b) => a + b, 0),
    5,
  );
  assert.equal(h.max, 3);
  const events = [
    decodeEvent(scalarEvent("loss", 7, NaN, 1.5, { withPluginMetadata: true })),
    decodeEvent(histogramEvent("w", 8, h, 2)),
    decodeEvent(textEvent("notes", 9, "héllo **md**", 3)),
    decodeEvent(imageEvent("img", 10, { height: 2, width: 3, colorspace: 4, encoded: png }, 4)),
    decodeEvent(sessionLogEvent("start", 11, 5)),
    decodeEvent(encodeEvent({ wallTime: 6, step: 12, summary: [tensorScalarValue("acc", 0.25)] })),
    decodeEvent(
      encodeEvent({
        wallTime: 7,
        step: -3,
        summary: [{ tag: "a", audio: { sampleRate: 16000, numChannels: 1, lengthFrames: 100, encoded: png, contentType: "audio/wav" } }],
      }),
    ),
  ];
  assert.equal(events[0].step, 7);
  assert.ok(Number.isNaN(events[0].summary![0].simpleValue));
  assert.equal(events[0].summary![0].metadata!.pluginName, "scalars");
  assert.deepEqual(Array.from(events[1].summary![0].histo!.bucket), Array.from(h.bucket));
  assert.deepEqual(events[2].summary![0].tensor!.values, ["héllo **md**"]);
  assert.deepEqual(events[2].summary![0].tensor!.shape, [1]);
  assert.deepEqual(events[3].summary![0].image, { height: 2, width: 3, colorspace: 4, encoded: png });
  assert.equal(events[4].sessionLog!.status, "start");
  assert.deepEqual(Array.from(events[5].summary![0].tensor!.values as Float64Array), [0.25]);
  assert.equal(events[5].summary![0].metadata!.dataClass, 1);
  assert.equal(events[6].step, -3);
  assert.equal(events[6].summary![0].audio!.sampleRate, 16000);
  assert.equal(events[6].summary![0].audio!.byteLength, png.length);
});

test("tensor decoding: half in TF and PyTorch layouts, bfloat16, ints, bools, content", () => {
  assert.equal(halfToFloat(0x3c00), 1);
  assert.equal(halfToFloat(0xc000), -2);
  assert.equal(halfToFloat(0x7c00), Infinity);
  assert.ok(Number.isNaN(halfToFloat(0x7e00)));
  assert.equal(halfToFloat(0x0001), 2 ** -24);
  assert.equal(halfValToNumber(0x3c00, false), 1); // TF: fp16 bits
  assert.equal(halfValToNumber(0x3f800000, false), 1); // PyTorch: float32 bits
  assert.equal(halfValToNumber(0xbfc00000 | 0, false), -1.5);
  assert.equal(halfValToNumber(0x3fc0, true), 1.5); // TF bf16 bits
  assert.equal(halfValToNumber(0x3fc00000, true), 1.5); // PyTorch: float32 bits
  const enc = (t: TensorInit) => {
    const w = new WireWriter();
    const b = tensorEvent("t", 0, t, 0);
    void w;
    return b;
  };
  const dec = (t: TensorInit) => decodeEvent(enc(t)).summary![0].tensor!;
  assert.deepEqual(Array.from(dec({ dtype: DT.HALF, shape: [3], halfVal: [0x3c00, 0x3f800000, 0x7c00] }).values as Float64Array), [
    1,
    1,
    Infinity,
  ]);
  assert.deepEqual(Array.from(dec({ dtype: DT.INT64, shape: [2], int64Val: [-5, 2 ** 40] }).values as Float64Array), [-5, 2 ** 40]);
  assert.deepEqual(Array.from(dec({ dtype: DT.INT32, shape: [3], intVal: [7] }).values as Float64Array), [7, 7, 7]);
  assert.deepEqual(Array.from(dec({ dtype: DT.BOOL, shape: [2], boolVal: [true, false] }).values as Float64Array), [1, 0]);
  const content = new Uint8Array(6);
  new DataView(content.buffer).setUint16(0, 0x3c00, true);
  new DataView(content.buffer).setUint16(2, 0x4000, true);
  new DataView(content.buffer).setUint16(4, 0xfc00, true);
  const t = dec({ dtype: DT.HALF, shape: [3], tensorContent: content });
  assert.deepEqual(Array.from(t.values as Float64Array), [1, 2, -Infinity]);
  assert.equal(t.dtype, DT.HALF);
  const bf = dec({ dtype: DT.BFLOAT16, shape: [1], tensorContent: new Uint8Array([0xc0, 0x3f]) });
  assert.deepEqual(Array.from(bf.values as Float64Array), [1.5]);
  // TF2 [k,3] double histogram tensor in tensor_content
  const k3 = new Float64Array([0, 1, 5, 1, 2, 3]);
  const d = dec({ dtype: DT.DOUBLE, shape: [2, 3], tensorContent: new Uint8Array(k3.buffer) });
  assert.deepEqual(d.shape, [2, 3]);
  assert.deepEqual(Array.from(d.values as Float64Array), Array.from(k3));
  // unpacked float_val (old writers) decodes too
  const w = new WireWriter();
  w.tag(1, 0).int32(DT.FLOAT).tag(5, 5).float(2.5).tag(5, 5).float(-1);
  const u = w.finish();
  assert.deepEqual(Array.from(decodeTensorProto(u, 0, u.length).values as Float64Array), [2.5, -1]);
  void WIRE_LEN;
});
