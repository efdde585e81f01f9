// Recorder tests: event files read back exactly with the project's reader and decoder, bytes
// equal the shared encoder's framed output (CRCs checked), flushing keeps whole records, and
// model.fit (RecorderCallback) and a custom loop (StepRecorder) produce the expected tags.

import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import {
  decodeEvent,
  fileVersionEvent,
  frameRecord,
  histogramEvent,
  histogramFromValues,
  readRecords,
  scalarEvent,
  textEvent,
  maskedCrc32c,
  loadProtobufCodecs,
} from "../format/index.ts";
import { loadExperiment } from "../reader/index.ts";
import { runScalars } from "../model/index.ts";
import { RecorderCallback, StepRecorder, SummaryWriter } from "./index.ts";

const { decodeHParamsPluginData } = await loadProtobufCodecs();
tf.enableProdMode();
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-recorder-"));
const eventFile = (dir: string) =>
  path.join(
    dir,
    fs.readdirSync(dir).find((f) => f.startsWith("events.out.tfevents."))!,
  );

test("SummaryWriter: bytes are the shared encoder's framed events, CRCs valid, values read back", async () => {
  const dir = tmp();
  let t = 1000;
  const clock = () => (t += 0.5);
  const w = new SummaryWriter(dir, { clock, host: "h", pid: 7, fileIndex: 3, flushSecs: 0, maxQueue: 2 });
  const values = [0.5, -1.25, 3e-7, NaN, Infinity];
  values.forEach((v, i) => w.addScalar("Loss/train", v, i));
  const hv = Float32Array.from([-2, -0.5, 0, 0, 0.25, 1, 8]);
  w.addHistogram("fc1.weight", hv, 4);
  w.addText("notes", "hello ✓", 2);
  w.close();
  const file = eventFile(dir);
  assert.equal(path.basename(file), "events.out.tfevents.1000.h.7.3");
  const bytes = new Uint8Array(fs.readFileSync(file));
  // expected byte stream, built from the encoder directly with the same clock sequence
  const exp: Uint8Array[] = [fileVersionEvent(1000.5)];
  values.forEach((v, i) => exp.push(scalarEvent("Loss/train", i, v, 1001 + 0.5 * i, { withPluginMetadata: i === 0 })));
  exp.push(histogramEvent("fc1.weight", 4, histogramFromValues(hv), 1003.5, { withPluginMetadata: true }));
  exp.push(textEvent("notes", 2, "hello ✓", 1004));
  const framed = exp.map(frameRecord);
  assert.equal(Buffer.compare(Buffer.from(bytes), Buffer.concat(framed)), 0, "file bytes = framed encoder output");
  // framing: length CRC and data CRC of every record
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  let o = 0;
  for (const e of exp) {
    assert.equal(Number(dv.getBigUint64(o, true)), e.length);
    assert.equal(dv.getUint32(o + 8, true), maskedCrc32c(bytes, o, o + 8));
    assert.equal(dv.getUint32(o + 12 + e.length, true), maskedCrc32c(bytes, o + 12, o + 12 + e.length));
    o += 16 + e.length;
  }
  assert.equal(o, bytes.length);
  const rr = readRecords(bytes);
  assert.equal(rr.stop, "eof");
  assert.equal(rr.issues.length, 0);
  const evs = rr.records.map((r) => decodeEvent(r.data));
  assert.equal(evs[0].fileVersion, "brain.Event:2");
  const sc = evs.slice(1, 6);
  sc.forEach((e, i) => {
    assert.equal(e.step ?? 0, i); // proto3 omits step 0
    assert.equal(e.summary![0].tag, "Loss/train");
    const v = e.summary![0].simpleValue!;
    if (Number.isNaN(values[i])) assert.ok(Number.isNaN(v));
    else assert.equal(v, Math.fround(values[i]));
  });
  assert.equal(sc[0].summary![0].metadata?.pluginName, "scalars");
  assert.equal(sc[1].summary![0].metadata, undefined);
  const h = evs[6].summary![0].histo!;
  assert.equal(h.num, 7);
  assert.equal(h.min, -2);
  assert.equal(h.max, 8);
  assert.equal(h.sum, 6.75);
  assert.equal(
    [...h.bucket].reduce((a, b) => a + b, 0),
    7,
  );
  // the project's reader sees the same
  const expm = await loadExperiment(dir);
  assert.equal(expm.runs.length, 1);
  const s = runScalars(expm.runs[0]).get("Loss/train")!;
  assert.deepEqual([...s.steps], [0, 1, 2, 3, 4]);
  assert.equal(s.values[2], Math.fround(3e-7));
  assert.ok(Number.isNaN(s.values[3]));
  assert.equal(s.values[4], Infinity);
  const d = expm.runs[0].dirs[0];
  assert.equal(d.histograms.get("fc1.weight")!.points[0].num, 7);
  assert.equal(d.plugins.get("fc1.weight")?.pluginName, "histograms");
  assert.equal(d.texts.get("notes")!.points[0].text, "hello ✓");
});

test("SummaryWriter: hparams plugin records and hparams.json", async () => {
  const dir = tmp();
  const w = new SummaryWriter(dir, { clock: () => 5, flushSecs: 0 });
  w.addHparams({ lr: 0.01, optimizer: "adam", dropout: true }, ["Loss/val"]);
  w.addScalar("Loss/val", 1.5, 0);
  w.close();
  const json = JSON.parse(fs.readFileSync(path.join(dir, "hparams.json"), "utf8"));
  assert.deepEqual(json, { hparams: { lr: 0.01, optimizer: "adam", dropout: true }, metrics: ["Loss/val"] });
  const evs = readRecords(new Uint8Array(fs.readFileSync(eventFile(dir)))).records.map((r) => decodeEvent(r.data));
  const tags = evs.flatMap((e) => e.summary?.map((v) => v.tag) ?? []);
  assert.deepEqual(tags, ["_hparams_/experiment", "_hparams_/session_start_info", "_hparams_/session_end_info", "Loss/val"]);
  const start = decodeHParamsPluginData(evs[2].summary![0].metadata!.content!);
  assert.ok(start);
  const run = (await loadExperiment(dir)).runs[0];
  assert.equal(run.hparams.get("lr")?.value, 0.01);
  assert.equal(run.hparams.get("optimizer")?.value, "adam");
});

test("EventFileWriter: every flush leaves whole records; a torn last record loses only itself", () => {
  const dir = tmp();
  const w = new SummaryWriter(dir, { clock: () => 1, flushSecs: 0, maxQueue: 3 });
  for (let i = 0; i < 10; i++) {
    w.addScalar("x", i, i);
    const rr = readRecords(new Uint8Array(fs.readFileSync(w.path)));
    assert.equal(rr.stop, "eof", `after record ${i}`);
    assert.equal(rr.records.length, 1 + (i + 1) - ((i + 1) % 3), `records on disk after ${i + 1} scalars`);
  }
  w.close();
  // a kill during an append: cut the file inside its last record
  const bytes = new Uint8Array(fs.readFileSync(w.path));
  const torn = bytes.subarray(0, bytes.length - 5);
  const rr = readRecords(torn);
  assert.equal(rr.stop, "truncated");
  assert.equal(rr.records.length, 10); // file_version + 9 of the 10 scalars
});

async function useWasm(): Promise<void> {
  if (tf.getBackend() !== "wasm") await tf.setBackend("wasm");
  await tf.ready();
}

function smallModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(
    tf.layers.dense({
      name: "fc1",
      units: 8,
      activation: "relu",
      inputShape: [4],
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    }),
  );
  m.add(tf.layers.dense({ name: "out", units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  return m;
}

test("StepRecorder: custom loop writes losses, lr, grad norms and histograms every N steps from 0", async () => {
  await useWasm();
  const dir = tmp();
  const model = smallModel();
  const opt = tf.train.sgd(0.1);
  const x = tf.randomUniform([16, 4], -1, 1, "float32", 3);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], "int32"), 3);
  const rec = new StepRecorder(dir, { collectFreq: 5, flushSecs: 0, hparams: { lr: 0.1 } }, model);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const losses: number[] = [];
  for (let step = 0; step < 12; step++) {
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar, vars);
    const named: Record<string, tf.Tensor> = {};
    model.trainableWeights.forEach((w, i) => (named[w.originalName] = grads[vars[i].name]));
    await rec.step(step, { loss: value, lr: 0.1, grads: named, inputs: x });
    losses.push((await value.data())[0]);
    opt.applyGradients(grads);
    tf.dispose([value, ...Object.values(grads)]);
  }
  await rec.epoch(0, { train: { loss: losses.at(-1)! }, val: { loss: 2.5 } });
  rec.close();
  const run = (await loadExperiment(dir)).runs[0];
  const sc = runScalars(run);
  const bl = sc.get("train/batch_loss")!;
  assert.deepEqual([...bl.steps], [...Array(12).keys()]);
  assert.deepEqual(
    [...bl.values],
    losses.map((v) => Math.fround(v)),
  );
  assert.ok(losses[11] < losses[0], "the loop trains");
  assert.equal(sc.get("val/epoch_loss")!.values[0], 2.5);
  assert.equal(sc.get("train/learning_rate")!.values[0], Math.fround(0.1));
  for (const n of ["fc1/kernel", "fc1/bias", "out/kernel", "out/bias"]) assert.equal(sc.get(`train/grad_norm/${n}`)!.length, 12);
  const total = sc.get("train/grad_norm_total")!.values[0];
  const parts = ["fc1/kernel", "fc1/bias", "out/kernel", "out/bias"].map((n) => sc.get(`train/grad_norm/${n}`)!.values[0]);
  assert.ok(Math.abs(total - Math.hypot(...parts)) < 1e-5 * total);
  const td = run.dirs.find((d) => d.path.endsWith("train"))!;
  for (const tag of ["weights/fc1/kernel", "weights/out/bias", "gradients/fc1/kernel", "activations/fc1", "activations/out"]) {
    assert.deepEqual(
      td.histograms.get(tag)!.points.map((p) => p.step),
      [0, 5, 10],
      tag,
    );
  }
  assert.equal(td.histograms.get("weights/fc1/kernel")!.points[0].num, 32);
  assert.equal(td.histograms.get("activations/fc1")!.points[0].num, 16 * 8);
  assert.equal(run.hparams.get("lr")?.value, 0.1);
  assert.ok(fs.existsSync(path.join(dir, "hparams.json")));
  tf.dispose([x, y]);
  model.dispose();
});

test("RecorderCallback: model.fit writes batch and epoch scalars, val/, weight and probe-gradient histograms", async () => {
  await useWasm();
  const dir = tmp();
  const model = smallModel();
  model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const x = tf.randomUniform([64, 4], -1, 1, "float32", 5);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 64 }, (_, i) => i % 3),
      "int32",
    ),
    3,
  );
  const cb = new RecorderCallback(dir, { collectFreq: 4, flushSecs: 0, probe: { x: x.slice(0, 8), y: y.slice(0, 8) } });
  await model.fit(x, y, { epochs: 2, batchSize: 16, validationSplit: 0.25, callbacks: [cb], verbose: 0, shuffle: false });
  const run = (await loadExperiment(dir)).runs[0];
  const sc = runScalars(run);
  // 48 training samples / 16 = 3 steps per epoch, 2 epochs
  assert.deepEqual([...sc.get("train/batch_loss")!.steps], [0, 1, 2, 3, 4, 5]);
  assert.equal(sc.get("train/epoch_loss")!.length, 2);
  assert.equal(sc.get("val/epoch_loss")!.length, 2);
  assert.ok(sc.has("train/epoch_acc") || sc.has("train/epoch_accuracy"));
  assert.ok(sc.has("val/epoch_acc") || sc.has("val/epoch_accuracy"));
  assert.equal(sc.get("train/learning_rate")!.values[0], Math.fround(0.01));
  const td = run.dirs.find((d) => d.path.endsWith("train"))!;
  assert.deepEqual(
    td.histograms.get("weights/fc1/kernel")!.points.map((p) => p.step),
    [0, 4],
  );
  assert.deepEqual(
    td.histograms.get("gradients/out/kernel")!.points.map((p) => p.step),
    [0, 4],
  );
  assert.deepEqual(
    td.histograms.get("activations/out")!.points.map((p) => p.step),
    [0, 4],
  );
  const ok = run.problems.filter((p) => /error/i.test(String((p as { severity?: string }).severity ?? "")));
  assert.equal(ok.length, 0);
  tf.dispose([x, y]);
  model.dispose();
});

test("histogramOf: the same protos as the format's histogramFromValues, limits and edge values included", async () => {
  const { histogramOf } = await import("./histogram.ts");
  const pos: number[] = [];
  for (let v = 1e-12; v < 1e20; v *= 1.1) pos.push(v);
  let s = 7;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const cases: number[][] = [
    [],
    [NaN],
    [Infinity, -Infinity, 1],
    [0, 0, -0],
    [1e-13, -1e-13],
    [1e21, -1e21],
    pos,
    pos.map((v) => -v),
    pos.map((v) => Math.fround(v)),
    [pos.at(-1)!, -pos.at(-1)!, pos[0], -pos[0]],
  ];
  for (let k = 0; k < 20; k++) {
    const scale = 10 ** (rnd() * 24 - 12);
    cases.push(Array.from({ length: 1 + Math.floor(rnd() * 2000) }, () => (rnd() - 0.5) * scale));
  }
  for (const c of cases) {
    for (const arr of [c, Float32Array.from(c)]) assert.deepEqual(histogramOf(arr), histogramFromValues(arr));
  }
  // a value on a limit goes to the bucket that limit opens (numpy [e_i, e_i+1))
  const h = histogramOf([pos[10]]);
  assert.equal(h.bucketLimit[h.bucketLimit.length - 1], pos[11]);
  assert.deepEqual(h.bucket, [0, 1]);
});

test("a second copy of @tensorflow/tfjs is named in the error, not a TypeError", async () => {
  // model.fit of another tfjs copy wraps the callback and calls its methods on its own object.
  const wrapped = { model: undefined };
  await assert.rejects(
    () => RecorderCallback.prototype.onTrainBegin.call(wrapped as unknown as RecorderCallback),
    /another copy of @tensorflow\/tfjs/,
  );
  // A model built by another copy is no tf.LayersModel of this one.
  const rec = new StepRecorder(tmp(), { flushSecs: 0 });
  assert.throws(() => rec.setModel({ layers: [], trainableWeights: [] } as unknown as tf.LayersModel), /two copies are installed/);
  rec.close();
});

test("RecorderCallback writes the model graph once (graph_keras_model, the compiled loss); graph: false writes none", async () => {
  await useWasm();
  const x = tf.randomUniform([16, 4], -1, 1, "float32", 9);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 16 }, (_, i) => i % 3),
      "int32",
    ),
    3,
  );
  const runs: string[] = [];
  for (const graph of [true, false]) {
    const dir = tmp();
    runs.push(dir);
    const model = smallModel();
    model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
    await model.fit(x, y, { epochs: 2, batchSize: 8, callbacks: [new RecorderCallback(dir, { flushSecs: 0, graph })], verbose: 0 });
    model.dispose();
  }
  const [withGraph, without] = await Promise.all(runs.map((d) => loadExperiment(d)));
  const graphs = withGraph.runs[0].dirs.flatMap((d) => d.graphs);
  assert.equal(graphs.length, 1, "written once for two epochs");
  const g = graphs[0].graph!;
  assert.equal(graphs[0].kind, "keras_model");
  assert.deepEqual(
    g.nodes.filter((n) => n.kind !== "parameter").map((n) => `${n.op}:${n.name.split("/").pop()}`),
    ["InputLayer:fc1_input", "Dense:fc1", "Dense:out", "categorical_crossentropy:loss"],
  );
  // a Sequential model's layers are chained in order
  assert.deepEqual(
    g.nodes.find((n) => n.name.endsWith("/out"))!.inputs.map((e) => e.node.split("/").slice(1).join("/")),
    ["fc1", "out/kernel", "out/bias"],
  );
  assert.deepEqual(g.nodes.find((n) => n.name.endsWith("/fc1/kernel"))!.outputShapes, [[4, 8]]);
  assert.equal(without.runs[0].dirs.flatMap((d) => d.graphs).length, 0);
  tf.dispose([x, y]);
});
