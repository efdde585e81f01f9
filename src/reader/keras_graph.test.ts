// The Keras model config of the `graph_keras_model` plugin read into a ModelGraph: the
// recorder-written fixture (Keras 2 / TF.js nested-list inbound nodes, a shared layer, a call
// kwarg, a loss per output), the same bytes written again by the recorder today, a real Keras 3
// TensorBoard-callback file (dict inbound nodes, a functional model nested in a Sequential; read
// from ../shared, it carries no licence), and a damaged config that becomes a problem.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { encodeEvent, fileVersionEvent, frameRecord, DT, readRecords, decodeEvent } from "../format/index.ts";
import { loadExperiment, decodeKerasModelGraph, KerasGraphError } from "./index.ts";
import { writeKerasGraphFixture } from "./keras_graph_fixture.test_util.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(here, "../../test/fixtures/graphs/keras/recorder_functional");
const FOOD101 = path.join(here, "../../../shared/realworld/logs/food101-keras-tb");

async function graphsOf(dir: string) {
  const exp = await loadExperiment(dir);
  return { exp, graphs: exp.runs.flatMap((r) => r.dirs.flatMap((d) => d.graphs)) };
}

test("recorder-written functional model: layers, edges of every call, parameters with shapes, the loss node", async () => {
  const { exp, graphs } = await graphsOf(FIXTURE);
  assert.equal(graphs.length, 1);
  const gi = graphs[0];
  assert.equal(gi.kind, "keras_model");
  assert.equal(gi.step, 0);
  assert.equal(gi.nodeCount, 11);
  const g = gi.graph!;
  assert.equal(g.format, "keras_model");
  assert.equal(g.name, "fixture");
  assert.match(g.producer!, /^tfjs:tfjs-layers 4\./);
  const n = (name: string) => g.nodes.find((x) => x.name === name)!;
  assert.deepEqual(
    g.nodes.filter((x) => x.kind !== "parameter").map((x) => [x.name, x.op, x.kind]),
    [
      ["fixture/features", "InputLayer", "input"],
      ["fixture/shared", "Dense", "op"],
      ["fixture/drop", "Dropout", "op"],
      ["fixture/head", "Dense", "op"],
      ["fixture/aux", "Dense", "op"],
      ["fixture/loss", "CategoricalCrossentropy", "output"],
    ],
  );
  // the shared layer: two calls, the second reading its own output
  assert.equal(n("fixture/shared").attrs.calls, 2);
  assert.deepEqual(
    n("fixture/shared").inputs.map((e) => e.node),
    ["fixture/features", "fixture/shared", "fixture/shared/kernel", "fixture/shared/bias"],
  );
  assert.equal(n("fixture/drop").attrs.training, true);
  assert.equal(n("fixture/drop").attrs.rate, 0.25);
  assert.equal(n("fixture/head").attrs.activation, "softmax");
  assert.equal(n("fixture/head").attrs.use_bias, false);
  assert.equal(n("fixture/head").attrs.kernel_initializer, "VarianceScaling");
  assert.deepEqual(n("fixture/head").outputShapes, [[-1, 3]]);
  // parameters: shapes from the input width, the variable name weight histograms use
  assert.deepEqual(n("fixture/shared/kernel").outputShapes, [[4, 4]]);
  assert.deepEqual(n("fixture/head/kernel").outputShapes, [[4, 3]]);
  assert.equal(n("fixture/head/bias"), undefined, "use_bias false: no bias");
  assert.deepEqual(n("fixture/aux/bias").outputShapes, [[2]]);
  assert.equal(n("fixture/aux/kernel").param, "aux/kernel");
  assert.equal(n("fixture/aux/kernel").kind, "parameter");
  // the loss covers the head only
  const loss = n("fixture/loss");
  assert.deepEqual(
    loss.inputs.map((e) => e.node),
    ["fixture/head"],
  );
  assert.equal(loss.attrs.from_logits, true);
  assert.deepEqual(loss.attrs.outputs_without_loss, ["fixture/aux"]);
  assert.equal(exp.runs[0].problems.length, 0);
});

test("the recorder writes the fixture's bytes again (graph_keras_model layout: tag keras, content 1, rank-0 string)", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-kerasgraph-"));
  writeKerasGraphFixture(dir);
  const rel = "train/events.out.tfevents.1700000000.trainscope.1.0";
  const now = fs.readFileSync(path.join(dir, rel));
  const committed = fs.readFileSync(path.join(FIXTURE, rel));
  assert.equal(Buffer.compare(now, committed), 0, "same bytes as test/fixtures/graphs/keras/recorder_functional");
  // the layout TensorBoard's graphs plugin reads: tensor_proto.string_val[0] of the first event of
  // a tag whose plugin is graph_keras_model with content "1"
  const evs = readRecords(new Uint8Array(committed)).records.map((r) => decodeEvent(r.data));
  assert.equal(evs.length, 2);
  assert.equal(evs[1].step ?? 0, 0);
  const v = evs[1].summary![0];
  assert.equal(v.tag, "keras");
  assert.equal(v.metadata!.pluginName, "graph_keras_model");
  assert.equal(new TextDecoder().decode(v.metadata!.content!), "1");
  const tv = v.tensor as unknown as { dtype: number; shape: number[]; values: string[] };
  assert.equal(tv.dtype, DT.STRING);
  assert.deepEqual(tv.shape, []);
  const cfg = JSON.parse(tv.values[0]);
  assert.equal(cfg.class_name, "Model");
  for (const l of cfg.config.layers) assert.deepEqual(Object.keys(l).sort(), ["class_name", "config", "inbound_nodes", "name"]);
  assert.deepEqual(cfg.config.layers[2].inbound_nodes, [[["shared", 1, 0, { training: true }]]]);
  assert.deepEqual(cfg.compile_config.loss.aux, null);
});

test("a real Keras 3 TensorBoard-callback graph: dict inbound nodes, a functional model nested in a Sequential", async (t) => {
  if (!fs.existsSync(FOOD101)) return t.skip("../shared/realworld absent");
  const { graphs } = await graphsOf(FOOD101);
  const gs = graphs.filter((g) => g.kind === "keras_model");
  assert.equal(gs.length, 2, "one per session file of train/");
  const g = gs[0].graph!;
  assert.equal(g.producer, "keras");
  assert.equal(g.name, "sequential");
  const n = (name: string) => g.nodes.find((x) => x.name === name)!;
  const ops = g.nodes.filter((x) => x.kind === "op");
  assert.equal(g.nodes.filter((x) => x.kind === "input").length, 1);
  assert.equal(ops.length, 138);
  assert.equal(g.nodes.filter((x) => x.kind === "parameter").length, 240);
  // a residual add: two producers
  assert.deepEqual(
    n("sequential/xception/add").inputs.map((e) => e.node),
    ["sequential/xception/block2_pool", "sequential/xception/batch_normalization"],
  );
  // the nested model's output feeds the next layer of the Sequential
  assert.deepEqual(
    n("sequential/global_average_pooling2d").inputs.map((e) => e.node),
    ["sequential/xception/block14_sepconv2_act"],
  );
  assert.deepEqual(n("sequential/xception/block1_conv1/kernel").outputShapes, [[3, 3, 3, 32]]);
  assert.deepEqual(n("sequential/dense/kernel").outputShapes, [[2048, 1024]]);
  assert.deepEqual(n("sequential/xception/block1_conv1_bn/moving_mean").attrs.trainable, false);
  assert.equal(n("sequential/dense_2").attrs.units, 101);
  assert.equal(n("sequential/loss").op, "categorical_crossentropy");
  assert.deepEqual(
    n("sequential/loss").inputs.map((e) => e.node),
    ["sequential/dense_2"],
  );
});

test("a damaged Keras config is a problem naming the file and offset; the rest of the file loads", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-kerasgraph-bad-"));
  const keras = (json: string, step: number) =>
    encodeEvent({
      wallTime: 10 + step,
      step,
      summary: [
        {
          tag: "keras",
          metadata: { pluginName: "graph_keras_model", content: new TextEncoder().encode("1") },
          tensor: { dtype: DT.STRING, shape: [], stringVal: [json] },
        },
      ],
    });
  const recs = [
    fileVersionEvent(10),
    keras('{"class_name": "Sequential", "config": {"name": "m", "layers": [', 0),
    encodeEvent({ wallTime: 11, step: 1, summary: [{ tag: "loss", simpleValue: 0.5 }] }),
  ];
  fs.writeFileSync(path.join(dir, "events.out.tfevents.1.h"), Buffer.concat(recs.map(frameRecord)));
  const { exp, graphs } = await graphsOf(dir);
  assert.equal(graphs.length, 1);
  assert.equal(graphs[0].graph, undefined);
  assert.equal(graphs[0].nodeCount, 0);
  const p = exp.runs[0].problems.find((x) => /Keras model config/.test(x.message));
  assert.ok(p, "a problem");
  assert.equal(p.offset, frameRecord(recs[0]).length);
  assert.match(p.file, /events\.out\.tfevents\.1\.h/);
  assert.equal(exp.runs[0].dirs[0].scalars.get("loss")!.values[0], 0.5);
  assert.throws(() => decodeKerasModelGraph("[]"), KerasGraphError);
  assert.throws(() => decodeKerasModelGraph('{"config": {"layers": [{"class_name": "Dense", "config": {}}]}}'), /without a name/);
});

test("Keras 2 nested-list inbound nodes with a model used as a layer", () => {
  // the layout Keras 2 `model.to_json()` writes: inbound_nodes [[[name, node, tensor, kwargs]]]
  const inner = {
    class_name: "Functional",
    name: "enc",
    config: {
      name: "enc",
      layers: [
        { class_name: "InputLayer", name: "enc_in", config: { name: "enc_in", batch_input_shape: [null, 5] }, inbound_nodes: [] },
        {
          class_name: "Dense",
          name: "enc_fc",
          config: { name: "enc_fc", units: 7, activation: "tanh" },
          inbound_nodes: [[["enc_in", 0, 0, {}]]],
        },
      ],
      input_layers: [["enc_in", 0, 0]],
      output_layers: [["enc_fc", 0, 0]],
    },
    inbound_nodes: [[["x", 0, 0, {}]]],
  };
  const root = {
    class_name: "Functional",
    config: {
      name: "outer",
      layers: [
        { class_name: "InputLayer", name: "x", config: { name: "x", batch_input_shape: [null, 5] }, inbound_nodes: [] },
        inner,
        { class_name: "Dense", name: "out", config: { name: "out", units: 2 }, inbound_nodes: [[["enc", 1, 0, {}]]] },
      ],
      input_layers: [["x", 0, 0]],
      output_layers: [["out", 0, 0]],
    },
    keras_version: "2.13.1",
  };
  const g = decodeKerasModelGraph(JSON.stringify(root));
  const n = (name: string) => g.nodes.find((x) => x.name === name)!;
  assert.deepEqual(
    n("outer/enc/enc_in").inputs.map((e) => e.node),
    ["outer/x"],
  );
  assert.deepEqual(
    n("outer/out").inputs.map((e) => e.node),
    ["outer/enc/enc_fc", "outer/out/kernel", "outer/out/bias"],
  );
  assert.deepEqual(n("outer/enc/enc_fc/kernel").outputShapes, [[5, 7]]);
  assert.deepEqual(n("outer/out/kernel").outputShapes, [[7, 2]]);
});
