// Graph readers on real bytes: TF 1.12 Keras graph_def + meta_graph_def (wandb, guild fixtures),
// PyTorch add_graph (generated fixture), an ONNX file written by torch.onnx.export, a MindSpore
// save_graphs .pb and a MindIR model written byte for byte from their field numbers
// (tools/graphs/make_fixtures.py). Expected values come from an independent stdlib decoder
// (tools/graphs/graphdump.py -> test/fixtures/graphs/expected.json). Also damage, limits and fuzz.

import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { create, toBinary } from "@bufbuild/protobuf";
import {
  decodeEvent,
  encodeEvent,
  frameRecord,
  iterateRecords,
  scalarEvent,
  fileVersionEvent,
  loadProtobufCodecs,
} from "../format/index.ts";
import { RunDir, type GraphEdge, type GraphInfo, type GraphNode, type ModelGraph } from "../model/index.ts";
import { readEventFile } from "./event_file.ts";
import { loadExperiment } from "./logdir.ts";
import { readGraphPayload } from "./graph_payload.ts";
import { decodeGraphDef } from "./tf_graph.ts";
import { MAX_GRAPH_NODES } from "./limits.ts";
import { pytorchAttrValue, pytorchParameterName } from "./graph_quirks.ts";
import { isGraphFileName } from "./graph_file.ts";
import { FIXTURES_DIR, mulberry32, withTempDir } from "./reader_test_util.ts";
import { inspectJson, inspectText } from "../cli/index.ts";

const { GraphDefSchema } = await loadProtobufCodecs();

const EXPECTED = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, "graphs/expected.json"), "utf8")) as Record<
  string,
  Record<string, unknown>[]
>;
const WANDB = "tensorboard/wandb/events.out.tfevents.1585769947.cvp";
const GUILD = "tensorboard/guildai/model-proxies/logs/events.out.tfevents.1548797801.omaha";
const TORCH = "generated/pytorch/mlp/events.out.tfevents.1795425867.vm.21229.0";
const MS_SUMMARY = "generated/mindspore/lenet_summary/events.out.events.summary.1718001234.0.fixturehost_MS";

interface PyTfNode {
  name: string;
  op: string;
  inputs: string[];
  output_shapes?: number[][];
}

async function graphsOf(rel: string): Promise<{ dir: RunDir; graphs: GraphInfo[] }> {
  const dir = new RunDir(".");
  await readEventFile(path.join(FIXTURES_DIR, rel), rel, dir, undefined);
  return { dir, graphs: dir.graphs };
}

const byName = (g: ModelGraph): Map<string, GraphNode> => new Map(g.nodes.map((n) => [n.name, n]));
/** An edge written back the way a NodeDef spells it. */
const tfInput = (e: GraphEdge): string => (e.control ? `^${e.node}` : e.output ? `${e.node}:${e.output}` : e.node);

for (const rel of [WANDB, GUILD, TORCH]) {
  test(`graph_def of ${rel}: every node, op, input and output shape as the independent decoder reads them`, async () => {
    const { graphs } = await graphsOf(rel);
    const exp = EXPECTED[rel];
    const expGraph = exp.find((g) => g.kind === "graph_def")!;
    const pyNodes = expGraph.nodes as PyTfNode[];
    const gi = graphs.find((g) => g.kind === "graph_def")!;
    assert.ok(gi.graph, "graph decoded");
    assert.equal(gi.bytes, expGraph.bytes);
    assert.equal(gi.nodeCount, pyNodes.length);
    assert.equal(gi.graph.nodes.length, pyNodes.length);
    gi.graph.nodes.forEach((n, i) => {
      const p = pyNodes[i];
      assert.equal(n.name, p.name);
      assert.equal(n.op, p.op);
      assert.deepEqual(n.inputs.map(tfInput), p.inputs, n.name);
      if (p.output_shapes) assert.deepEqual(n.outputShapes, p.output_shapes, n.name);
      assert.ok(!("_output_shapes" in n.attrs));
      // attributes are plain JSON: no bytes, no bigint, no non-finite numbers
      JSON.stringify(n.attrs, (_k, v: unknown) => {
        assert.ok(!(v instanceof Uint8Array) && typeof v !== "bigint" && !(typeof v === "number" && !Number.isFinite(v)), n.name);
        return v;
      });
    });
    const meta = exp.find((g) => g.kind === "meta_graph_def");
    const mi = graphs.find((g) => g.kind === "meta_graph_def");
    if (meta) {
      assert.equal(meta.nodes_equal_graph_def, true);
      assert.equal(mi?.nodeCount, meta.node_count);
      assert.deepEqual(
        mi!.graph!.nodes.map((n) => n.name),
        pyNodes.map((n) => n.name),
      );
      assert.equal(mi!.graph!.producer, `tensorflow ${meta.tensorflow_version as string}`);
      assert.equal(mi!.graph!.format, "meta_graph_def");
    } else assert.equal(mi, undefined);
    // kinds follow the op types
    const count = (op: string) => pyNodes.filter((p) => p.op === op).length;
    const kinds = (k: string) => gi.graph!.nodes.filter((n) => n.kind === k).length;
    if (rel !== TORCH) {
      assert.equal(kinds("parameter"), count("VariableV2") + count("VarHandleOp"));
      assert.ok(kinds("parameter") > 0);
      assert.equal(kinds("constant"), count("Const"));
      assert.equal(kinds("input"), count("Placeholder") + count("PlaceholderWithDefault"));
      assert.equal(gi.graph.producer, "tensorflow");
    }
  });
}

test("TF 1.12 Keras graph (guild): variables, placeholders, shapes, dtypes, data and control edges", async () => {
  const { graphs } = await graphsOf(GUILD);
  const g = graphs.find((x) => x.kind === "graph_def")!.graph!;
  const n = byName(g);
  const kernel = n.get("dense_1/kernel")!;
  assert.equal(kernel.kind, "parameter");
  assert.equal(kernel.op, "VariableV2");
  assert.equal(kernel.param, "dense_1/kernel");
  assert.deepEqual(kernel.outputShapes, [[784, 512]]);
  assert.equal(kernel.dtype, "float32");
  assert.deepEqual(kernel.attrs.shape, [784, 512]);
  const input = n.get("dense_1_input")!;
  assert.equal(input.kind, "input");
  assert.deepEqual(input.outputShapes, [[-1, 784]]);
  assert.deepEqual(
    n.get("dense_1/MatMul")!.inputs.map((e) => e.node),
    ["dense_1_input", "dense_1/kernel/read"],
  );
  assert.deepEqual(n.get("dropout_1/cond/mul/y")!.inputs, [{ node: "dropout_1/cond/switch_t", output: 0, control: true }]);
  assert.ok(
    g.nodes.some((x) => x.inputs.some((e) => !e.control && e.output === 1)),
    "some edge reads output 1",
  );
  const min = n.get("dense_1/random_uniform/min")!;
  assert.equal(min.kind, "constant");
  assert.deepEqual(min.attrs.value, { tensor: { dtype: "float32", shape: [], value: -0.06804138422012329 } });
  assert.deepEqual(n.get("dense_1/Const")!.attrs.value, { tensor: { dtype: "float32", shape: [512] } });
  assert.deepEqual(n.get("dense_1/kernel/Assign")!.attrs._class, ["loc:@dense_1/kernel"]);
  assert.equal(n.get("dense_3/Softmax")!.op, "Softmax");
});

test("PyTorch add_graph: IO nodes, prim::GetAttr parameters, aten ops with scopes and shapes; run_metadata kept as bytes", async () => {
  const { graphs } = await graphsOf(TORCH);
  const gi = graphs.find((x) => x.kind === "graph_def")!;
  const g = gi.graph!;
  assert.equal(g.producer, "pytorch");
  assert.equal(gi.bytes, 1141);
  const n = byName(g);
  assert.equal(n.get("input/input.1")!.kind, "input");
  assert.deepEqual(n.get("input/input.1")!.outputShapes, [[2, 4]]);
  const out = n.get("output/output.1")!;
  assert.equal(out.kind, "output");
  assert.deepEqual(out.inputs, [{ node: "Sequential/Linear[fc2]/42", output: 0, control: false }]);
  const params = g.nodes.filter((x) => x.kind === "parameter").map((x) => x.name);
  assert.deepEqual(params.sort(), [
    "Sequential/Linear[fc1]/bias/bias.1",
    "Sequential/Linear[fc1]/weight/weight.1",
    "Sequential/Linear[fc2]/bias/bias",
    "Sequential/Linear[fc2]/weight/weight",
  ]);
  assert.deepEqual(
    g.nodes.filter((x) => x.kind === "parameter").map((x) => x.param),
    ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"],
    "parameter names as named_parameters() gives them (and the histograms are tagged)",
  );
  const fc1 = n.get("Sequential/Linear[fc1]/input.3")!;
  assert.equal(fc1.op, "aten::linear");
  assert.deepEqual(
    fc1.inputs.map((e) => e.node),
    ["input/input.1", "Sequential/Linear[fc1]/weight/weight.1", "Sequential/Linear[fc1]/bias/bias.1"],
  );
  assert.deepEqual(fc1.outputShapes, [[2, 8]]);
  assert.equal(n.get("Sequential/ReLU[act]/input")!.op, "aten::relu");
  const rm = graphs.find((x) => x.kind === "run_metadata")!;
  assert.equal(rm.bytes, 19);
  assert.equal(rm.graph, undefined);
});

test("function library: FunctionDefs become functions with argument, body and return nodes", () => {
  const bytes = toBinary(
    GraphDefSchema,
    create(GraphDefSchema, {
      node: [
        { name: "x", op: "Placeholder" },
        { name: "call", op: "scale_fn", input: ["x", "^x"] },
      ],
      library: {
        function: [
          {
            signature: { name: "scale_fn", inputArg: [{ name: "a", type: 1 }], outputArg: [{ name: "out", type: 1 }] },
            nodeDef: [
              { name: "two", op: "Const" },
              { name: "mul", op: "Mul", input: ["a", "two:output:0"] },
              { name: "split", op: "Split", input: ["mul:z:1", "^two"] },
            ],
            ret: { out: "split:output:1" },
          },
        ],
      },
    }),
  );
  const g = decodeGraphDef(bytes);
  assert.deepEqual(g.nodes[1].inputs, [
    { node: "x", output: 0, control: false },
    { node: "x", output: 0, control: true },
  ]);
  assert.equal(g.functions?.length, 1);
  const f = g.functions![0];
  assert.equal(f.name, "scale_fn");
  assert.deepEqual(
    f.nodes.map((x) => [x.name, x.op, x.kind]),
    [
      ["a", "_Arg", "input"],
      ["two", "Const", "constant"],
      ["mul", "Mul", "op"],
      ["split", "Split", "op"],
      ["out", "_Retval", "output"],
    ],
  );
  assert.deepEqual(f.nodes[2].inputs, [
    { node: "a", output: 0, control: false },
    { node: "two", output: 0, control: false },
  ]);
  assert.deepEqual(f.nodes[3].inputs, [
    { node: "mul", output: 1, control: false },
    { node: "two", output: 0, control: true },
  ]);
  assert.deepEqual(f.nodes[4].inputs, [{ node: "split", output: 1, control: false }]);
  assert.equal(f.nodes[0].dtype, "float32");
});

interface PyOnnx {
  producer_name: string;
  producer_version: string;
  nodes: { name: string; op_type: string; inputs: string[]; outputs: string[] }[];
  initializers: { name: string; dims: number[] }[];
  inputs: { name: string; type: { dims: number[] } }[];
  outputs: { name: string; type: { dims: number[] } }[];
}

test("ONNX model written by torch.onnx.export: initializers, inputs, operators, outputs and their edges", async () => {
  await withTempDir(async (root) => {
    fs.mkdirSync(path.join(root, "run", "model"), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES_DIR, TORCH), path.join(root, "run", path.basename(TORCH)));
    fs.copyFileSync(path.join(FIXTURES_DIR, "graphs/cnn.onnx"), path.join(root, "run", "model", "cnn.onnx"));
    const exp = await loadExperiment(root);
    assert.equal(exp.runs.length, 1, "the model directory belongs to the run");
    const graphs = exp.runs[0].dirs.flatMap((d) => d.graphs);
    const gi = graphs.find((x) => x.kind === "onnx")!;
    assert.equal(gi.file, "run/model/cnn.onnx");
    const py = EXPECTED["graphs/cnn.onnx"][0] as unknown as PyOnnx;
    const g = gi.graph!;
    assert.equal(g.producer, `onnx:${py.producer_name} ${py.producer_version}`);
    const n = byName(g);
    // operators in file order, named without torch's leading "/"
    const ops = g.nodes.filter((x) => x.kind === "op" || x.kind === "constant");
    assert.deepEqual(
      ops.map((x) => [x.name, x.op]),
      py.nodes.map((p) => [p.name.replace(/^\//, ""), p.op_type]),
    );
    // every data edge goes to the node producing the value
    const producer = new Map<string, string>();
    for (const p of py.nodes) for (const o of p.outputs) producer.set(o, p.name.replace(/^\//, ""));
    for (const i of py.initializers) producer.set(i.name, i.name);
    for (const i of py.inputs) producer.set(i.name, i.name);
    for (const p of py.nodes)
      assert.deepEqual(
        n.get(p.name.replace(/^\//, ""))!.inputs.map((e) => e.node),
        p.inputs.map((v) => producer.get(v)),
      );
    for (const i of py.initializers) {
      assert.equal(n.get(i.name)!.kind, "parameter");
      assert.deepEqual(n.get(i.name)!.outputShapes, [i.dims]);
      assert.equal(n.get(i.name)!.param, i.name);
    }
    assert.equal(n.get("image")!.kind, "input");
    assert.deepEqual(n.get("image")!.outputShapes, [[-1, 1, 8, 8]], "the dynamic batch axis is -1");
    const out = n.get("probs")!;
    assert.equal(out.kind, "output");
    assert.deepEqual(out.inputs, [{ node: "Softmax", output: 0, control: false }]);
    assert.deepEqual(out.outputShapes, [[-1, 10]]);
    assert.deepEqual(
      n.get("fc/Gemm")!.inputs.map((e) => e.node),
      ["Flatten", "fc.weight", "fc.bias"],
    );
    assert.equal(n.get("fc/Gemm")!.attrs.transB, 1);
    assert.deepEqual(n.get("pool/MaxPool")!.attrs.kernel_shape, [2, 2]);
    assert.equal(gi.nodeCount, py.nodes.length + py.initializers.length + py.inputs.length + py.outputs.length);
    // inspect lists it
    const j = inspectJson(exp) as { runs: { graphs: { source: string; kind: string; nodeCount: number }[] }[] };
    assert.deepEqual(
      j.runs[0].graphs.map((x) => [x.source, x.kind, x.nodeCount]),
      [
        [`run/${path.basename(TORCH)}`, "graph_def", 9],
        [`run/${path.basename(TORCH)}`, "run_metadata", 0],
        ["run/model/cnn.onnx", "onnx", gi.nodeCount],
      ],
    );
    assert.match(inspectText(exp), /run\/model\/cnn\.onnx\s+onnx\s+0\s+12\s+2473\s+onnx:pytorch 1\.13\.0/);
  });
});

interface PyAnf {
  graph_name: string;
  nodes: { id: string; op_type: string; scope: string; full_name: string; inputs: { name: string; control: boolean }[] }[];
  parameters: string[];
  outputs: string[];
}

test("MindSpore: the summary's graph and the same graph as a save_graphs .pb, in the common vocabulary", async () => {
  await withTempDir(async (root) => {
    fs.copyFileSync(path.join(FIXTURES_DIR, MS_SUMMARY), path.join(root, path.basename(MS_SUMMARY)));
    fs.copyFileSync(path.join(FIXTURES_DIR, "graphs/lenet_save_graphs.pb"), path.join(root, "lenet_save_graphs.pb"));
    const exp = await loadExperiment(root);
    const graphs = exp.runs[0].dirs.flatMap((d) => d.graphs);
    const summary = graphs.find((x) => x.kind === "mindspore_graph")!.graph!;
    const pb = graphs.find((x) => x.kind === "mindspore_ir")!.graph!;
    const py = EXPECTED["graphs/lenet_save_graphs.pb"][0] as unknown as PyAnf;
    assert.deepEqual(pb.nodes, summary.nodes, "the same GraphProto bytes give the same graph");
    assert.equal(pb.format, "mindspore_ir");
    assert.equal(summary.name, py.graph_name);
    const n = byName(pb);
    const nameOf = new Map(py.nodes.map((p) => [p.id, p.full_name || `${p.scope}/${p.op_type}-op${p.id}`]));
    for (const p of py.nodes) {
      const node = n.get(nameOf.get(p.id)!)!;
      assert.equal(node.op, p.op_type);
      assert.deepEqual(
        node.inputs.map((e) => [e.node, e.control]),
        p.inputs.map((i) => [nameOf.get(i.name) ?? i.name, i.control]),
      );
    }
    const params = pb.nodes.filter((x) => x.kind === "parameter").map((x) => x.param);
    assert.deepEqual(
      params,
      py.parameters.filter((x) => !/^args\d+$/.test(x)),
    );
    assert.deepEqual(
      pb.nodes.filter((x) => x.kind === "input").map((x) => x.name),
      ["args0", "args1"],
    );
    const conv = n.get("Default/network-WithLossCell/_backbone-LeNet5/conv1-Conv2d/Conv2D-op5")!;
    assert.deepEqual(
      conv.inputs.map((e) => e.node),
      ["args0", "conv1.weight"],
    );
    const outs = pb.nodes.filter((x) => x.kind === "output");
    assert.deepEqual(
      outs.map((o) => o.inputs[0].node),
      py.outputs.map((o) => nameOf.get(o)),
    );
    assert.equal(graphs.find((x) => x.kind === "mindspore_ir")!.nodeCount, pb.nodes.length);
  });
});

interface PyMindIr {
  producer_name: string;
  graph_name: string;
  nodes: { name: string; op_type: string; domain: string; inputs: string[] }[];
  parameters: { name: string; dims: number[] }[];
  inputs: string[];
  outputs: string[];
}

test("MindIR model: nodes named by their scoped full name, parameters, input, attributes, return", async () => {
  await withTempDir(async (root) => {
    fs.copyFileSync(path.join(FIXTURES_DIR, "graphs/lenet.mindir"), path.join(root, "lenet.mindir"));
    const exp = await loadExperiment(path.join(root, "lenet.mindir"));
    const gi = exp.runs[0].dirs[0].graphs[0];
    assert.equal(gi.kind, "mindspore_ir");
    const g = gi.graph!;
    const py = EXPECTED["graphs/lenet.mindir"][0] as unknown as PyMindIr;
    assert.equal(g.name, py.graph_name);
    assert.match(g.producer!, /^MindSpore/);
    const n = byName(g);
    const nameOf = new Map(py.nodes.map((p) => [p.name, p.domain]));
    for (const p of py.nodes) {
      const node = n.get(p.domain)!;
      assert.equal(node.op, p.op_type);
      assert.deepEqual(
        node.inputs.map((e) => e.node),
        p.inputs.map((i) => nameOf.get(i) ?? i),
      );
    }
    for (const p of py.parameters) {
      assert.equal(n.get(p.name)!.kind, "parameter");
      assert.deepEqual(n.get(p.name)!.outputShapes, [p.dims]);
      assert.equal(n.get(p.name)!.param, p.name);
    }
    assert.equal(n.get("x")!.kind, "input");
    const conv = n.get("Default/network-LeNet5/conv1-Conv2d/Conv2D-op0")!;
    assert.deepEqual(conv.attrs, { pad_mode: "valid", kernel_size: [5, 5], out_channel: 6 });
    assert.equal(n.get("Default/network-LeNet5/Return-op5")!.kind, "output");
    assert.equal(gi.nodeCount, py.nodes.length + py.parameters.length + py.inputs.length + py.outputs.length);
  });
});

/** An event file: version, a graph_def record holding `graph` (framed with valid CRCs), a scalar. */
function eventFileWithGraph(graph: Uint8Array): Uint8Array {
  const parts = [
    frameRecord(fileVersionEvent(1)),
    frameRecord(encodeEvent({ wallTime: 1, graphDef: graph })),
    frameRecord(scalarEvent("loss", 1, 0.5, 2)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function guildGraphDef(): Uint8Array {
  const buf = fs.readFileSync(path.join(FIXTURES_DIR, GUILD));
  for (const rec of iterateRecords(buf)) {
    const g = decodeEvent(rec.data).graphDef;
    if (g) return g;
  }
  throw new Error("graph_def record not found");
}

test("a truncated graph_def is reported with file and byte offset; the scalars of the file still load", async () => {
  const graph = guildGraphDef();
  const cut = graph.subarray(0, graph.length - 1000);
  const bytes = eventFileWithGraph(cut);
  await withTempDir(async (root) => {
    fs.writeFileSync(path.join(root, "events.out.tfevents.1.host"), bytes);
    const dir = new RunDir(".");
    await readEventFile(path.join(root, "events.out.tfevents.1.host"), "events.out.tfevents.1.host", dir, undefined);
    assert.equal(dir.scalars.get("loss")?.length, 1);
    const gi = dir.graphs[0];
    assert.equal(gi.kind, "graph_def");
    assert.equal(gi.graph, undefined);
    const p = dir.problems.find((x) => x.code === "decode")!;
    assert.equal(p.file, "events.out.tfevents.1.host");
    // the payload starts after the first record, the 12-byte header and the Event's field key + length
    const payloadAt = frameRecord(fileVersionEvent(1)).length + 12 + encodeEvent({ wallTime: 1, graphDef: cut }).length - cut.length;
    assert.ok(p.offset! > payloadAt && p.offset! <= payloadAt + cut.length, `offset ${p.offset} inside the graph payload`);
    assert.match(p.message, /damaged graph_def \(TensorFlow GraphDef\) of \d+ bytes: .* at byte \d+ \(graph not read\)/);
  });
});

test("a graph beyond the node limit is kept as its node count, with a limit problem", async () => {
  const graph = guildGraphDef();
  const r = readGraphPayload("graph_def", graph, 0, graph.length, "f", 100, 500);
  assert.equal(r.graph, undefined);
  assert.equal(r.nodeCount, 562);
  assert.equal(r.problem?.code, "limit");
  assert.equal(r.problem?.offset, 100);
  assert.match(r.problem!.message, /562 nodes, more than the limit of 500/);
  // a frozen GraphDef file of MAX_GRAPH_NODES + 1 empty nodes, beside a run
  await withTempDir(async (root) => {
    const big = new Uint8Array((MAX_GRAPH_NODES + 1) * 2);
    for (let i = 0; i < big.length; i += 2) big[i] = 0x0a;
    fs.writeFileSync(path.join(root, "frozen.pb"), big);
    fs.writeFileSync(path.join(root, "events.out.tfevents.1.host"), eventFileWithGraph(graph.subarray(0, 0)));
    const exp = await loadExperiment(root);
    const d = exp.runs[0].dirs[0];
    const gi = d.graphs.find((x) => x.file === "frozen.pb")!;
    assert.equal(gi.nodeCount, MAX_GRAPH_NODES + 1);
    assert.equal(gi.graph, undefined);
    assert.ok(d.problems.some((p) => p.file === "frozen.pb" && p.code === "limit"));
    assert.equal(d.scalars.get("loss")?.length, 1);
  });
});

test("damaged standalone graph files: a problem naming the file and offset, the run still loads", async () => {
  await withTempDir(async (root) => {
    const onnx = fs.readFileSync(path.join(FIXTURES_DIR, "graphs/cnn.onnx"));
    fs.writeFileSync(path.join(root, "cut.onnx"), onnx.subarray(0, onnx.length - 300));
    const mindir = fs.readFileSync(path.join(FIXTURES_DIR, "graphs/lenet.mindir"));
    fs.writeFileSync(path.join(root, "cut.mindir"), mindir.subarray(0, 400));
    fs.writeFileSync(path.join(root, "notes.pb"), Buffer.from("plain text, not a graph"));
    fs.writeFileSync(path.join(root, "events.out.tfevents.1.host"), eventFileWithGraph(new Uint8Array(0)));
    const exp = await loadExperiment(root);
    const d = exp.runs[0].dirs[0];
    assert.equal(d.scalars.get("loss")?.length, 1);
    for (const f of ["cut.onnx", "cut.mindir"]) {
      const p = d.problems.find((x) => x.file === f)!;
      assert.equal(p.code, "decode", f);
      assert.ok(p.offset! > 0 && p.offset! < onnx.length, `${f} offset ${p.offset}`);
      assert.match(p.message, /at byte \d+/);
      assert.equal(d.graphs.find((x) => x.file === f)!.graph, undefined);
    }
    assert.equal(d.problems.find((x) => x.file === "notes.pb")?.code, "unknown_format");
  });
});

test("fuzz: 300 mutations of real graph bytes never throw; each gives a graph or a problem with an offset", () => {
  const rnd = mulberry32(17);
  const sources: [Parameters<typeof readGraphPayload>[0], Uint8Array][] = [
    ["graph_def", guildGraphDef()],
    ["onnx", new Uint8Array(fs.readFileSync(path.join(FIXTURES_DIR, "graphs/cnn.onnx")))],
    ["anf_ir", new Uint8Array(fs.readFileSync(path.join(FIXTURES_DIR, "graphs/lenet_save_graphs.pb")))],
    ["mind_ir", new Uint8Array(fs.readFileSync(path.join(FIXTURES_DIR, "graphs/lenet.mindir")))],
  ];
  let decoded = 0,
    problems = 0;
  for (let i = 0; i < 300; i++) {
    const [kind, orig] = sources[i % sources.length];
    const b = orig.slice();
    const mode = i % 3;
    let len = b.length;
    if (mode === 0) for (let k = 0; k < 4; k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
    else if (mode === 1) len = Math.floor(rnd() * b.length);
    else b.fill(0xff, Math.floor(rnd() * b.length), Math.floor(rnd() * b.length));
    const r = readGraphPayload(kind, b, 0, len, "f", 1000);
    if (r.graph) {
      decoded++;
      JSON.stringify(r.graph);
    } else {
      problems++;
      assert.ok(r.problem && r.problem.offset! >= 1000 && r.problem.offset! <= 1000 + len, JSON.stringify(r.problem));
    }
  }
  assert.ok(decoded > 0 && problems > 0, `${decoded} decoded, ${problems} reported`);
});

const REALWORLD = path.resolve(FIXTURES_DIR, "../../../shared/realworld/logs");

test("real-world graphs (../shared/realworld): TF2 Keras function library, tensorboardX and Ultralytics add_graph", async (t) => {
  if (!fs.existsSync(REALWORLD)) {
    t.skip("../shared/realworld absent");
    return;
  }
  const graphsIn = async (run: string) => {
    const exp = await loadExperiment(path.join(REALWORLD, run));
    const problems = exp.runs.flatMap((r) => r.problems).filter((p) => /graph/i.test(p.message));
    assert.deepEqual(problems, [], run);
    return exp.runs.flatMap((r) => r.dirs.flatMap((d) => d.graphs)).filter((g) => g.graph);
  };
  // TF2 Keras fit(): the train step is a library function; the captured variables are resource placeholders
  const food = (await graphsIn("food101-keras-tb")).find((g) => g.kind === "graph_def")!.graph!;
  assert.equal(food.nodes.length, 574);
  assert.equal(food.nodes.filter((n) => n.kind === "parameter").length, 568);
  assert.equal(food.nodes.find((n) => n.name === "iterator")!.kind, "input");
  assert.equal(food.functions?.length, 1);
  assert.equal(food.functions![0].name, "__inference_one_step_on_data_30492");
  assert.equal(food.functions![0].nodes.length, 10537);
  // tensorboardX add_graph of a Sequential classifier
  const mnist = (await graphsIn("tbx-mnist"))[0].graph!;
  assert.equal(mnist.producer, "pytorch");
  const params = mnist.nodes.filter((n) => n.kind === "parameter").map((n) => n.param);
  assert.ok(params.includes("net.0.weight") && params.includes("net.1.running_mean"), params.join(" "));
  const eps = mnist.nodes.find((n) => n.name === "Classifier/Sequential[net]/BatchNorm1d[7]/147")!;
  assert.equal(eps.kind, "constant");
  assert.equal(eps.attrs.value, 1e-5);
  // Ultralytics YOLOv8 add_graph (1089 nodes)
  const yolo = (await graphsIn("yolov8-drowsiness"))[0].graph!;
  assert.equal(yolo.nodes.length, 1089);
  assert.ok(yolo.nodes.some((n) => n.param === "model.0.conv.weight"));
  assert.equal(yolo.nodes.filter((n) => n.kind === "input").length, 1);
});

test("fuzz through the event-file reader: mutated graph_def records (valid framing) never stop the file", async () => {
  const rnd = mulberry32(5);
  const graph = guildGraphDef();
  await withTempDir(async (root) => {
    for (let i = 0; i < 40; i++) {
      const b = graph.slice(0, Math.max(1, Math.floor(rnd() * graph.length)));
      for (let k = 0; k < 3; k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      const file = path.join(root, `events.out.tfevents.${i}.host`);
      fs.writeFileSync(file, eventFileWithGraph(b));
      const dir = new RunDir(".");
      await readEventFile(file, path.basename(file), dir, undefined);
      assert.equal(dir.scalars.get("loss")?.length, 1, `mutation ${i}: the record after the graph is read`);
      assert.equal(dir.graphs.length, 1);
      const gi = dir.graphs[0];
      if (!gi.graph)
        assert.ok(
          dir.problems.some((p) => p.code === "decode" && p.offset !== undefined),
          `mutation ${i}: reported`,
        );
    }
  });
});

test("PyTorch add_graph conventions: parameter names from scopes, constant values from the attr string", () => {
  assert.equal(
    pytorchParameterName("DetectionModel/Sequential[model]/Conv[0]/Conv2d[conv]/weight/weight.241", "{ name :  weight }"),
    "model.0.conv.weight",
  );
  assert.equal(pytorchParameterName("Net/Linear[fc1]/bias/bias.1", "{ name :  bias }"), "fc1.bias");
  assert.equal(pytorchParameterName("Net/Linear[fc1]/bias/bias.1", "{}"), undefined);
  assert.equal(pytorchAttrValue("{ value : 0.03}"), 0.03);
  assert.equal(pytorchAttrValue("{ value : tensor(1)}"), "tensor(1)");
  assert.equal(pytorchAttrValue("{}"), undefined);
  assert.equal(pytorchAttrValue(""), undefined);
});

test("graph files are grouped with the run above them; SavedModel parts and profiler traces are not graphs", async () => {
  assert.equal(isGraphFileName("model.onnx"), true);
  assert.equal(isGraphFileName("lenet.mindir"), true);
  assert.equal(isGraphFileName("ms_output_validate_0.pb"), true);
  for (const n of ["saved_model.pb", "keras_metadata.pb", "fingerprint.pb", "host.xplane.pb"]) assert.equal(isGraphFileName(n), false, n);
  await withTempDir(async (root) => {
    fs.mkdirSync(path.join(root, "run", "export", "1"), { recursive: true });
    fs.writeFileSync(path.join(root, "run", "events.out.tfevents.1.host"), eventFileWithGraph(new Uint8Array(0)));
    fs.copyFileSync(path.join(FIXTURES_DIR, "graphs/cnn.onnx"), path.join(root, "run", "export", "1", "cnn.onnx"));
    fs.writeFileSync(path.join(root, "run", "export", "1", "saved_model.pb"), new Uint8Array([8, 1]));
    const exp = await loadExperiment(root);
    assert.deepEqual(
      exp.runs.map((r) => r.name),
      ["run"],
    );
    const graphs = exp.runs[0].dirs.flatMap((d) => d.graphs);
    assert.deepEqual(
      graphs.map((g) => [g.file, g.kind]),
      [
        ["run/events.out.tfevents.1.host", "graph_def"],
        ["run/export/1/cnn.onnx", "onnx"],
      ],
    );
    assert.ok(exp.skipped?.some((s) => s.file === "run/export/1/saved_model.pb"));
  });
});
