// ONNX model (`.onnx`, ModelProto: onnx.proto) into the common graph vocabulary (model/graph.ts).
// Contract:
//   - each NodeProto becomes an operation node named by its `name` (or `<op_type>_<index>` when
//     empty; a leading `/` of torch.onnx names dropped; made unique); its inputs are edges from the node producing each value name (output
//     index = position in the producer's `output` list); an empty input name (an omitted optional
//     input) is skipped; a value no node produces is an initializer or a graph input;
//   - initializers become parameter nodes (op `Initializer`) with their dims and dtype; graph inputs
//     that are not initializers become input nodes (op `Input`); graph outputs become output nodes
//     (op `Output`) fed by the value's producer, named by the value (`output/<value>` when that name
//     is taken by a node);
//   - `Constant` operators are constant nodes;
//   - shapes and dtypes come from value_info / graph inputs and outputs (a symbolic dimension is -1);
//   - attributes become plain JSON (tensors as `{ tensor: { dtype, shape } }`, sub-graphs as
//     `{ graph: name, nodes: n }`); a non-default `domain` is kept as attribute `domain`;
//   - `producer` is `onnx:<producer_name>`; FunctionProtos become `functions`.
// Throws on bytes that are not a ModelProto (the caller reports it with file and offset).

import { loadProtobufCodecs, type onnxProto } from "../format/index.ts";
// the protobuf codecs, loaded with this module (imported on first use only: logdir.ts, event_file.ts)
const { fromBinary, onnxProto: onnx } = await loadProtobufCodecs();
import type { GraphAttrValue, GraphEdge, GraphNode, ModelGraph } from "../model/index.ts";
import { ONNX_CONSTANT_OPS } from "./graph_quirks.ts";
import { bytesValue, jsonNumber } from "./tf_graph.ts";

type ValueInfoProto = onnxProto.ValueInfoProto;
type NodeProto = onnxProto.NodeProto;

const ONNX_DTYPES = [
  "undefined",
  "float32",
  "uint8",
  "int8",
  "uint16",
  "int16",
  "int32",
  "int64",
  "string",
  "bool",
  "float16",
  "float64",
  "uint32",
  "uint64",
  "complex64",
  "complex128",
  "bfloat16",
  "float8e4m3fn",
  "float8e4m3fnuz",
  "float8e5m2",
  "float8e5m2fnuz",
  "uint4",
  "int4",
  "float4e2m1",
];

export function onnxDtypeName(code: number): string {
  return ONNX_DTYPES[code] ?? `dtype_${code}`;
}

function tensorSummary(t: onnxProto.TensorProto): GraphAttrValue {
  return { tensor: { dtype: onnxDtypeName(t.dataType), shape: t.dims.map(Number) } };
}

function attrValue(a: onnxProto.AttributeProto): GraphAttrValue {
  if (a.refAttrName) return { ref: a.refAttrName };
  switch (a.type) {
    case 1:
      return jsonNumber(a.f);
    case 2:
      return Number(a.i);
    case 3:
      return bytesValue(a.s);
    case 4:
      return a.t ? tensorSummary(a.t) : null;
    case 5:
      return a.g ? { graph: a.g.name, nodes: a.g.node.length } : null;
    case 6:
      return a.floats.map(jsonNumber);
    case 7:
      return a.ints.map(Number);
    case 8:
      return a.strings.map(bytesValue);
    case 9:
      return a.tensors.map(tensorSummary);
    case 10:
      return a.graphs.map((g) => ({ graph: g.name, nodes: g.node.length }));
    default:
      // IR 0.0.1 files carry no type: the populated field
      if (a.floats.length) return a.floats.map(jsonNumber);
      if (a.ints.length) return a.ints.map(Number);
      if (a.s.length) return bytesValue(a.s);
      if (a.t) return tensorSummary(a.t);
      return a.i ? Number(a.i) : a.f ? jsonNumber(a.f) : null;
  }
}

interface ValueType {
  shape?: number[];
  dtype?: string;
}

function valueType(v: ValueInfoProto): ValueType {
  const t = v.type?.value;
  if (!t || (t.case !== "tensorType" && t.case !== "sparseTensorType")) return {};
  const out: ValueType = { dtype: onnxDtypeName(t.value.elemType) };
  if (t.value.shape) out.shape = t.value.shape.dim.map((d) => (d.value.case === "dimValue" ? Number(d.value.value) : -1));
  return out;
}

/** Converts one ONNX node list (a graph's or a function's) with its value producers. */
function convertNodes(
  nodes: NodeProto[],
  initializers: onnxProto.TensorProto[],
  inputs: { name: string; type: ValueType }[],
  outputs: { name: string; type: ValueType }[],
  types: Map<string, ValueType>,
): GraphNode[] {
  const out: GraphNode[] = [];
  const taken = new Set<string>();
  const producer = new Map<string, GraphEdge>();
  const unique = (base: string): string => {
    let n = base;
    for (let k = 1; taken.has(n); k++) n = `${base}_${k}`;
    taken.add(n);
    return n;
  };
  const initNames = new Set<string>();
  for (const t of initializers) {
    const name = unique(t.name);
    initNames.add(t.name);
    producer.set(t.name, { node: name, output: 0, control: false });
    out.push({
      name,
      op: "Initializer",
      kind: "parameter",
      inputs: [],
      attrs: {},
      outputShapes: [t.dims.map(Number)],
      dtype: onnxDtypeName(t.dataType),
      param: t.name,
    });
  }
  for (const i of inputs) {
    if (initNames.has(i.name)) continue;
    const name = unique(i.name);
    producer.set(i.name, { node: name, output: 0, control: false });
    const node: GraphNode = { name, op: "Input", kind: "input", inputs: [], attrs: {} };
    if (i.type.shape) node.outputShapes = [i.type.shape];
    if (i.type.dtype) node.dtype = i.type.dtype;
    out.push(node);
  }
  // names of the operators first, so that an edge can point forward (ONNX requires topological order, but not every writer keeps it)
  const opNames = nodes.map((n, idx) => unique((n.name || `${n.opType}_${idx}`).replace(/^\/+/, "")));
  nodes.forEach((n, idx) => n.output.forEach((v, k) => v && producer.set(v, { node: opNames[idx], output: k, control: false })));
  nodes.forEach((n, idx) => {
    const attrs: Record<string, GraphAttrValue> = {};
    for (const a of n.attribute) attrs[a.name] = attrValue(a);
    if (n.domain && n.domain !== "ai.onnx") attrs.domain = n.domain;
    const node: GraphNode = {
      name: opNames[idx],
      op: n.opType,
      kind: ONNX_CONSTANT_OPS.has(n.opType) && !n.domain ? "constant" : "op",
      inputs: n.input.filter((v) => v !== "").map((v) => producer.get(v) ?? { node: v, output: 0, control: false }),
      attrs,
    };
    const ts = n.output.map((v) => types.get(v));
    if (ts.some((t) => t?.shape)) node.outputShapes = ts.map((t) => t?.shape ?? []);
    const dt = ts[0]?.dtype;
    if (dt) node.dtype = dt;
    out.push(node);
  });
  for (const o of outputs) {
    const name = unique(taken.has(o.name) ? `output/${o.name}` : o.name);
    const node: GraphNode = {
      name,
      op: "Output",
      kind: "output",
      inputs: [producer.get(o.name) ?? { node: o.name, output: 0, control: false }],
      attrs: {},
    };
    if (o.type.shape) node.outputShapes = [o.type.shape];
    if (o.type.dtype) node.dtype = o.type.dtype;
    out.push(node);
  }
  return out;
}

/** Decodes the bytes of an ONNX ModelProto. */
export function decodeOnnxModel(bytes: Uint8Array): ModelGraph {
  const m = fromBinary(onnx.ModelProtoSchema, bytes, { readUnknownFields: false });
  const g = m.graph;
  if (!g) throw new Error("ONNX ModelProto without a graph (field 7)");
  const types = new Map<string, ValueType>();
  for (const v of [...g.input, ...g.output, ...g.valueInfo]) types.set(v.name, valueType(v));
  const vi = (v: ValueInfoProto) => ({ name: v.name, type: types.get(v.name) ?? {} });
  const nodes = convertNodes(g.node, g.initializer, g.input.map(vi), g.output.map(vi), types);
  const out: ModelGraph = {
    format: "onnx",
    nodes,
    producer: `onnx:${m.producerName || "unknown"}${m.producerVersion ? " " + m.producerVersion : ""}`,
  };
  if (g.name) out.name = g.name;
  if (m.functions.length)
    out.functions = m.functions.map((f) => ({
      name: f.domain ? `${f.domain}.${f.name}` : f.name,
      nodes: convertNodes(
        f.node,
        [],
        f.input.map((name) => ({ name, type: {} })),
        f.output.map((name) => ({ name, type: {} })),
        new Map(),
      ),
    }));
  return out;
}
