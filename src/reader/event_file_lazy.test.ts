// The event reader loads the graph decoders and the protobuf codecs on the first record that needs
// them: the read stops before that record, loads them and reads on from it, so the result is the
// one a read with everything loaded beforehand gives (records counted once, damage reported once).
// This file runs in its own process, so nothing is loaded before its first read. The records are
// written by src/format's encoder; the GraphDef is encoded by hand from graph.proto (node = 1,
// NodeDef name = 1, op = 2) and the hparams plugin content is HParamsPluginData with version = 0.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RunDir, type SourceFile } from "../model/index.ts";
import { encodeEvent, fileVersionEvent, frameRecord, frameRecords, protobufCodecs, scalarEvent } from "../format/index.ts";
import { loadEventDecoders, readEventBytes, readEventFile } from "./event_file.ts";

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
/** GraphDef { node { name: "x", op: "Const" } } */
const nodeDef = [0x0a, 1, ...utf8("x"), 0x12, 5, ...utf8("Const")];
const graphDef = new Uint8Array([0x0a, nodeDef.length, ...nodeDef]);

function eventBytes(): Uint8Array {
  const before = frameRecords([fileVersionEvent(1), ...Array.from({ length: 50 }, (_, i) => scalarEvent("loss", i, 1 / (i + 1), 10 + i))]);
  const damaged = frameRecord(scalarEvent("loss", 999, 5, 99));
  damaged[damaged.length - 6] ^= 0xff; // a data byte: the data CRC fails, that record alone is lost
  const after = frameRecords([
    encodeEvent({ wallTime: 100, step: 50, graphDef }),
    ...Array.from({ length: 20 }, (_, i) => scalarEvent("loss", 50 + i, 0.01, 100 + i)),
    encodeEvent({
      wallTime: 200,
      summary: [{ tag: "_hparams_/session_start_info", metadata: { pluginName: "hparams", content: new Uint8Array([0x08, 0x00]) } }],
    }),
    ...Array.from({ length: 20 }, (_, i) => scalarEvent("acc", 70 + i, 0.5, 200 + i)),
  ]);
  const out = new Uint8Array(before.length + damaged.length + after.length);
  out.set(before, 0);
  out.set(damaged, before.length);
  out.set(after, before.length + damaged.length);
  return out;
}

function snapshot(dir: RunDir): unknown {
  return JSON.parse(
    JSON.stringify({
      problems: dir.problems,
      sources: dir.sources,
      graphs: dir.graphs,
      hparams: dir.hparams,
      plugins: [...dir.plugins],
      scalars: [...dir.scalars].map(([t, s]) => [t, Array.from(s.steps), Array.from(s.values), Array.from(s.wallTimes)]),
    }),
  );
}

test("a graph or hparams record met before their decoders are loaded pauses the read, which then gives what a fully loaded read gives", async () => {
  assert.equal(protobufCodecs(), undefined, "nothing loaded the protobuf codecs before this read");
  const bytes = eventBytes();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-lazy-"));
  try {
    const file = path.join(tmp, "events.out.tfevents.1.lazy");
    fs.writeFileSync(file, bytes);
    const lazyDir = new RunDir(".");
    // a small buffer, so that the pauses fall inside chunks and at their ends
    const src = await readEventFile(file, "ev", lazyDir, undefined, { readChunkBytes: 700 });
    assert.notEqual(protobufCodecs(), undefined, "the hparams record loaded the protobuf codecs");
    assert.equal(src.records, 1 + 50 + 1 + 20 + 1 + 20, "every intact record counted once");
    assert.equal(src.readOffset, bytes.length);
    assert.equal(src.info?.badDataCrc, 1);
    assert.equal(lazyDir.problems.filter((p) => p.code === "bad_data_crc").length, 1);
    assert.equal(lazyDir.graphs.length, 1);
    assert.equal(lazyDir.graphs[0].nodeCount, 1);
    assert.equal(lazyDir.graphs[0].graph?.nodes.find((n) => n.name === "x")?.op, "Const");
    assert.equal(lazyDir.scalar("loss").length, 70);
    assert.equal(lazyDir.scalar("acc").length, 20);
    assert.equal(lazyDir.plugins.get("_hparams_/session_start_info")?.pluginName, "hparams");

    await loadEventDecoders();
    const eagerDir = new RunDir(".");
    const eagerSrc: SourceFile = { path: "ev", format: "tfevents", readOffset: 0, size: bytes.length, records: 0 };
    eagerDir.sources.push(eagerSrc);
    readEventBytes(bytes, 0, "ev", eagerDir, eagerSrc);
    eagerSrc.size = bytes.length;
    assert.deepEqual(snapshot(lazyDir), snapshot(eagerDir));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
