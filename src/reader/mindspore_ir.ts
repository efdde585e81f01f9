// Standalone MindSpore graph files into the common graph vocabulary (model/graph.ts):
//   - `save_graphs` `.pb` files: an anf_ir `ModelProto` (mindspore.irpb, field 4 = GraphProto, the
//     message MindSpore summaries carry), converted as mindspore_graph.ts does;
//   - `.mindir` files (`mindspore.export(..., file_format="MINDIR")`): a mind_ir `ModelProto`
//     (field 7 = GraphProto). Nodes are named by `domain` (where MindSpore writes the node's
//     full name with its scope) or else `name`; inputs are edges from the node producing each value
//     name; parameters (GraphProto.parameter) become parameter nodes with dims and dtype; graph
//     inputs input nodes; graph outputs output nodes; function graphs `functions`.
// `sniffMindSporeModel` tells the two apart on the wire: a mind_ir ModelProto has its graph in
// field 7 and `ir_version` as a string; an anf_ir ModelProto its graph in field 4.
// Decoders throw on bytes that are not such a ModelProto (the caller reports file and offset).

import { WireReader, WIRE_LEN, loadProtobufCodecs, type mindIrProto } from "../format/index.ts";
// the protobuf codecs, loaded with this module (imported on first use only: logdir.ts, event_file.ts)
const { fromBinary, mindIrProto: mindIr, mindsporeAnfIr } = await loadProtobufCodecs();
import type { GraphAttrValue, GraphEdge, GraphNode, ModelGraph } from "../model/index.ts";
import { decodeMindSporeGraph, toModelGraph } from "./mindspore_graph.ts";
import { MINDSPORE_OUTPUT_OPS } from "./graph_quirks.ts";
import { bytesValue, jsonNumber } from "./tf_graph.ts";
import { onnxDtypeName } from "./onnx_graph.ts";

/** Which MindSpore model message the bytes hold, judged from their top-level fields. */
export function sniffMindSporeModel(buf: Uint8Array): "anf_ir" | "mind_ir" | undefined {
  const r = new WireReader(buf, 0, buf.length);
  let f1: number | undefined,
    graph4 = false,
    graph7 = false;
  try {
    while (r.more()) {
      const t = r.tag();
      const f = t >>> 3,
        wt = t & 7;
      if (f === 1) f1 = wt;
      if (f === 4 && wt === WIRE_LEN) graph4 = true;
      if (f === 7 && wt === WIRE_LEN) graph7 = true;
      r.skip(wt, f);
    }
  } catch {
    /* judged on what was read */
  }
  if (graph7 && f1 !== 0) return "mind_ir";
  if (graph4 && f1 !== WIRE_LEN) return "anf_ir";
  return undefined;
}

/** Decodes a `save_graphs` `.pb` (anf_ir ModelProto). */
export function decodeAnfIrModel(bytes: Uint8Array): ModelGraph {
  const m = fromBinary(mindsporeAnfIr.ModelProtoSchema, bytes, { readUnknownFields: false });
  if (!m.graph) throw new Error("anf_ir ModelProto without a graph (field 4)");
  const info = decodeMindSporeGraph(m.graph, "", 0, bytes.length);
  return toModelGraph(info, "mindspore_ir");
}

// MindIR tensor data types follow ONNX's numbering (1 FLOAT ... 16 BFLOAT16) plus 17 FLOAT64.
const mindIrDtype = (code: number): string => (code === 17 ? "float64" : onnxDtypeName(code));

function attrValue(a: mindIrProto.AttributeProto, depth = 0): GraphAttrValue {
  if (depth > 32) return null;
  const t = (x: mindIrProto.TensorProto): GraphAttrValue => ({ tensor: { dtype: mindIrDtype(x.dataType), shape: x.dims.map(Number) } });
  switch (a.type) {
    case 1:
      return jsonNumber(a.f);
    case 2:
    case 3:
    case 4:
    case 5:
    case 6:
    case 7:
    case 12:
    case 13:
      return Number(a.i);
    case 8:
      return bytesValue(a.s);
    case 9:
      return a.i !== 0n;
    case 10:
    case 11:
      return jsonNumber(a.d || a.f);
    case 17:
      return a.t ? t(a.t) : null;
    case 19:
      return a.tensors.map(t);
    case 20:
    case 21:
      // a tuple or list: of attribute values, or (as MindSpore writes int and float tuples) a repeated field
      if (a.values.length) return a.values.map((v) => attrValue(v, depth + 1));
      if (a.ints.length) return a.ints.map(Number);
      if (a.floats.length) return a.floats.map(jsonNumber);
      if (a.doubles.length) return a.doubles.map(jsonNumber);
      return a.strings.map(bytesValue);
    case 22: {
      const o: { [k: string]: GraphAttrValue } = {};
      for (const v of a.values) o[v.name] = attrValue(v, depth + 1);
      return o;
    }
    case 25:
      return null;
    default:
      if (a.ints.length) return a.ints.map(Number);
      if (a.floats.length) return a.floats.map(jsonNumber);
      if (a.doubles.length) return a.doubles.map(jsonNumber);
      if (a.strings.length) return a.strings.map(bytesValue);
      if (a.values.length) return a.values.map((v) => attrValue(v, depth + 1));
      if (a.s.length) return bytesValue(a.s);
      if (a.t) return t(a.t);
      return a.i ? Number(a.i) : a.d ? jsonNumber(a.d) : a.f ? jsonNumber(a.f) : null;
  }
}

function convertMindIrGraph(g: mindIrProto.GraphProto): GraphNode[] {
  const out: GraphNode[] = [];
  const taken = new Set<string>();
  const producer = new Map<string, GraphEdge>();
  const unique = (base: string): string => {
    let n = base;
    for (let k = 1; taken.has(n); k++) n = `${base}_${k}`;
    taken.add(n);
    return n;
  };
  const params = new Set<string>();
  for (const p of g.parameter) {
    const name = unique(p.name);
    params.add(p.name);
    producer.set(p.name, { node: name, output: 0, control: false });
    out.push({
      name,
      op: "Parameter",
      kind: "parameter",
      inputs: [],
      attrs: {},
      outputShapes: [p.dims.map(Number)],
      dtype: mindIrDtype(p.dataType),
      param: p.name,
    });
  }
  for (const i of g.input) {
    if (params.has(i.name)) continue;
    const name = unique(i.name);
    producer.set(i.name, { node: name, output: 0, control: false });
    const node: GraphNode = { name, op: "Input", kind: "input", inputs: [], attrs: {} };
    const t = i.tensor[0];
    if (t) {
      node.outputShapes = [t.dims.map(Number)];
      node.dtype = mindIrDtype(t.dataType);
    }
    out.push(node);
  }
  const names = g.node.map((n, i) => unique(n.domain || n.name || `${n.opType}_${i}`));
  g.node.forEach((n, i) => {
    producer.set(n.name, { node: names[i], output: 0, control: false });
    n.output.forEach((v, k) => v && producer.set(v, { node: names[i], output: k, control: false }));
  });
  g.node.forEach((n, i) => {
    const attrs: Record<string, GraphAttrValue> = {};
    for (const a of n.attribute) attrs[a.name] = attrValue(a);
    for (const a of n.nodeAttr) attrs[a.name] = attrValue(a);
    out.push({
      name: names[i],
      op: n.opType,
      kind: MINDSPORE_OUTPUT_OPS.has(n.opType) ? "output" : "op",
      inputs: n.input.map((v) => producer.get(v) ?? { node: v, output: 0, control: false }),
      attrs,
    });
  });
  for (const o of g.output) {
    const node: GraphNode = {
      name: unique(taken.has(o.name) ? `output/${o.name}` : o.name),
      op: "Output",
      kind: "output",
      inputs: [producer.get(o.name) ?? { node: o.name, output: 0, control: false }],
      attrs: {},
    };
    const t = o.tensor[0];
    if (t) {
      node.outputShapes = [t.dims.map(Number)];
      node.dtype = mindIrDtype(t.dataType);
    }
    out.push(node);
  }
  return out;
}

/** Decodes a `.mindir` (mind_ir ModelProto). */
export function decodeMindIrModel(bytes: Uint8Array): ModelGraph {
  const m = fromBinary(mindIr.ModelProtoSchema, bytes, { readUnknownFields: false });
  if (!m.graph) throw new Error("MindIR ModelProto without a graph (field 7)");
  const out: ModelGraph = {
    format: "mindspore_ir",
    nodes: convertMindIrGraph(m.graph),
    producer: `${m.producerName || "mindspore"}${m.producerVersion ? " " + m.producerVersion : ""}`,
  };
  if (m.graph.name) out.name = m.graph.name;
  if (m.functions.length) out.functions = m.functions.map((f) => ({ name: f.name, nodes: convertMindIrGraph(f) }));
  return out;
}
