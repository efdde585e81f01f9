// The hand-written MindSpore Event decoder agrees with the generated (protoc-gen-es) decoder on
// every fixture record and on hand-built edge cases (absent statistics, unknown fields, bad wire types).

import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { readRecords, frameRecords, loadProtobufCodecs } from "../format/index.ts";
import { EventKind, ValueKind, decodeSummaryEvent } from "./mindspore_event_decode.ts";
import { readMindSporeSummaryFile } from "./mindspore_summary.ts";
import { RunDir } from "../model/index.ts";
import { FIXTURES, mindSporeManifestFiles, tempDir } from "./mindspore_test_util.ts";

const { EventSchema, SummarySchema, Summary_ValueSchema, Summary_HistogramSchema, Summary_Histogram_bucketSchema } = (
  await loadProtobufCodecs()
).mindsporeSummary;

test("hand decoder = generated decoder on every record of the summary fixtures", () => {
  let values = 0;
  for (const f of mindSporeManifestFiles("mindspore_summary")) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, f.path)));
    for (const rec of readRecords(bytes).records) {
      const mine = decodeSummaryEvent(rec.data);
      const ref = fromBinary(EventSchema, rec.data);
      assert.equal(mine.wallTime, ref.wallTime);
      assert.equal(mine.step, Number(ref.step));
      switch (ref.what.case) {
        case "version":
          assert.equal(mine.kind, EventKind.Version);
          assert.equal(mine.version, ref.what.value);
          break;
        case "graphDef":
          assert.equal(mine.kind, EventKind.Graph);
          assert.ok(mine.graph && mine.graph.length > 0);
          break;
        case "summary": {
          assert.equal(mine.kind, EventKind.Summary);
          const refValues = ref.what.value.value;
          assert.equal(mine.values.length, refValues.length);
          refValues.forEach((rv, i) => {
            const mv = mine.values[i];
            assert.equal(mv.tag, rv.tag);
            const val = rv.value;
            if (val.case === "scalarValue") {
              assert.equal(mv.kind, ValueKind.Scalar);
              assert.equal(mv.scalar, val.value);
            } else if (val.case === "image") {
              assert.equal(mv.kind, ValueKind.Image);
              assert.deepEqual(
                [mv.image!.height, mv.image!.width, mv.image!.colorspace],
                [val.value.height, val.value.width, val.value.colorspace],
              );
              assert.deepEqual(mv.image!.encoded, val.value.encodedImage);
            } else if (val.case === "histogram") {
              const h = val.value,
                m = mv.histogram!;
              assert.equal(mv.kind, ValueKind.Histogram);
              assert.deepEqual(
                m.lefts,
                h.buckets.map((b) => b.left),
              );
              assert.deepEqual(
                m.widths,
                h.buckets.map((b) => b.width),
              );
              assert.deepEqual(
                m.counts,
                h.buckets.map((b) => Number(b.count)),
              );
              assert.deepEqual(
                [m.nanCount, m.posInfCount, m.negInfCount, m.count],
                [h.nanCount, h.posInfCount, h.negInfCount, h.count].map(Number),
              );
              assert.deepEqual([m.min, m.max, m.sum], [h.min, h.max, h.sum]);
            } else if (val.case === "tensor") {
              assert.equal(mv.kind, ValueKind.Tensor);
              assert.ok(mv.payload && mv.payload.length > 0);
            } else assert.fail(`unexpected value case ${val.case}`);
            values++;
          });
          break;
        }
        default:
          assert.fail(`unexpected event case ${ref.what.case}`);
      }
    }
  }
  assert.ok(values > 0);
});

test("absent histogram statistics read as NaN, absent count is the bucket total plus non-finite counts, unknown fields are skipped", async () => {
  const h = create(Summary_HistogramSchema, {
    buckets: [
      create(Summary_Histogram_bucketSchema, { left: -1, width: 0, count: 3n }),
      create(Summary_Histogram_bucketSchema, { left: 0, width: 2, count: 4n }),
    ],
    nanCount: 2n,
  });
  const ev = create(EventSchema, {
    wallTime: 12.5,
    step: 7n,
    what: {
      case: "summary",
      value: create(SummarySchema, { value: [create(Summary_ValueSchema, { tag: "w", value: { case: "histogram", value: h } })] }),
    },
  });
  const bytes = toBinary(EventSchema, ev);
  // An unknown field (99, varint) appended to the Event is skipped.
  const withUnknown = new Uint8Array([...bytes, 0x98, 0x06, 0x01]);
  const tmp = tempDir();
  const file = path.join(tmp, "x.summary.1_MS");
  fs.writeFileSync(file, frameRecords([withUnknown]));
  const dir = new RunDir(".");
  await readMindSporeSummaryFile(file, "x", dir, undefined, {});
  assert.deepEqual(dir.problems, []);
  const p = dir.histograms.get("w")!.points[0];
  assert.equal(p.step, 7);
  assert.equal(p.wallTime, 12.5);
  assert.ok(Number.isNaN(p.min) && Number.isNaN(p.max) && Number.isNaN(p.sum));
  assert.equal(p.num, 9);
  assert.deepEqual([...p.lefts], [-1, 0]);
  assert.deepEqual([...p.rights], [-1, 2]);
  assert.deepEqual([...p.counts], [3, 4]);
  assert.deepEqual(p.nonFinite, { nan: 2, posInf: 0, negInf: 0 });
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("a scalar written with the wrong wire type is a decode error naming the field", () => {
  // Value{tag:"a", field 3 as varint} inside Summary inside Event.
  const value = new Uint8Array([0x0a, 0x01, 0x61, 0x18, 0x05]);
  const summary = new Uint8Array([0x0a, value.length, ...value]);
  const event = new Uint8Array([0x2a, summary.length, ...summary]);
  assert.throws(() => decodeSummaryEvent(event), /Summary\.Value field 3 has wire type 0/);
  assert.throws(() => fromBinary(EventSchema, event));
});

test("a step that goes backwards is kept in file order and reported", async () => {
  const scalarEvent = (step: number, v: number) =>
    toBinary(
      EventSchema,
      create(EventSchema, {
        wallTime: 100 + step,
        step: BigInt(step),
        what: {
          case: "summary",
          value: create(SummarySchema, {
            value: [create(Summary_ValueSchema, { tag: "loss/auto", value: { case: "scalarValue", value: v } })],
          }),
        },
      }),
    );
  const tmp = tempDir();
  const file = path.join(tmp, "back.summary.1_MS");
  const bytes = frameRecords([scalarEvent(5, 1.5), scalarEvent(3, 2.5)]);
  fs.writeFileSync(file, bytes);
  const dir = new RunDir(".");
  await readMindSporeSummaryFile(file, "back", dir, undefined, {});
  const s = dir.scalars.get("loss/auto")!;
  assert.deepEqual([...s.steps], [5, 3]);
  assert.deepEqual([...s.values], [1.5, 2.5]);
  assert.equal(dir.problems.length, 1);
  assert.equal(dir.problems[0].code, "steps_backwards");
  assert.equal(dir.problems[0].offset, bytes.length / 2);
  fs.rmSync(tmp, { recursive: true, force: true });
});
