// Test helper: a copy of the MindSpore summary fixture (test/fixtures/generated/mindspore, see its
// MANIFEST entry) with its graph edited, for graph-diff tests. The file is re-framed record by
// record with the project's TFRecord framing; the graph record is decoded with the MindInsight
// `Event` schema, edited and encoded again; every other record is kept byte for byte.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { frameRecords, readRecords, loadProtobufCodecs, type mindsporeAnfIr } from "../../src/format/index.ts";

const pb = await loadProtobufCodecs();

export const MS_FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/generated/mindspore/lenet_summary");
const B = "Default/network-WithLossCell/_backbone-LeNet5";

export const MS_SUMMARY_FILE = "events.out.events.summary.1718001234.0.fixturehost_MS";

/** Writes the fixture's summary file into `dir`, its graph passed through `edit` first. */
export function writeEditedMindSporeRun(dir: string, edit?: (g: mindsporeAnfIr.GraphProto) => void): void {
  fs.mkdirSync(dir, { recursive: true });
  const bytes = new Uint8Array(fs.readFileSync(path.join(MS_FIXTURE_DIR, MS_SUMMARY_FILE)));
  const recs = readRecords(bytes).records.map((r) => {
    if (!edit) return r.data;
    const ev = fromBinary(pb.mindsporeSummary.EventSchema, r.data);
    if (ev.what.case !== "graphDef") return r.data;
    edit(ev.what.value);
    return toBinary(pb.mindsporeSummary.EventSchema, ev);
  });
  fs.writeFileSync(path.join(dir, MS_SUMMARY_FILE), frameRecords(recs));
}

/** The edit of the second run: ReLU-op17 becomes a Sigmoid, ApplyMomentum-op21 goes, a Dropout after op17 comes. */
export function editLeNet(g: mindsporeAnfIr.GraphProto): void {
  const relu = g.node.find((n) => n.fullName === `${B}/relu-ReLU/ReLU-op17`)!;
  relu.opType = "Sigmoid";
  g.node = g.node.filter((n) => n.opType !== "ApplyMomentum");
  g.node.push(
    create(pb.mindsporeAnfIr.NodeProtoSchema, {
      name: "23",
      opType: "Dropout",
      scope: `${B}/dropout-Dropout`,
      fullName: `${B}/dropout-Dropout/Dropout-op23`,
      input: [create(pb.mindsporeAnfIr.InputProtoSchema, { name: relu.name, type: 0 })],
    }),
  );
}
