// TensorFlow GraphDef and MetaGraphDef (an Event's `graph_def` / `meta_graph_def` bytes, written by
// TF1's FileWriter, Keras' TensorBoard callback and PyTorch's `add_graph`) into the common graph
// vocabulary (model/graph.ts). Contract:
//   - every NodeDef becomes a GraphNode in file order: name, op, device, kind (graph_quirks.ts);
//   - an input `^x` is a control edge from x, `x:k` data from output k of x, `x` output 0; in a
//     function body `node:out_arg:k` is output k of node and a bare name is a function argument;
//   - attributes become plain JSON: bytes as UTF-8 text (`{ bytes: n }` when not text or longer
//     than 4 KiB), ints as numbers, non-finite floats as "nan" / "inf" / "-inf", dtypes by name
//     (`float32`, `resource`), shapes as dimension lists (-1 unknown, null for unknown rank), tensors as `{ tensor: { dtype,
//     shape } }` plus `value` for a one-element tensor, functions as `{ func: name }`;
//   - a PyTorch `prim::Constant`'s `attr` string `{ value : 0.5}` also gives attribute `value` (0.5);
//   - TF2 captured variables (Placeholder / function `_Arg` of dtype resource, not an iterator's
//     handle) are parameters;
//   - a parameter's `param` is the variable's node name (TF) or, for PyTorch's `prim::GetAttr`
//     reads, its `named_parameters()` name (`fc1.weight`, graph_quirks.ts);
//   - `_output_shapes` (TF `add_shapes`, PyTorch) becomes `outputShapes` and leaves the attributes;
//     a Placeholder's or variable's `shape` attribute gives its output shape; `dtype` / `T` its dtype;
//   - the function library becomes `functions`: each FunctionDef's nodes plus one input node per
//     input argument and one output node per output argument (fed by its `ret` entry).
// Throws on bytes that are not a GraphDef (the caller reports it with file and offset).

import {
  loadProtobufCodecs,
  decodeTensorContent,
  type AttrValue,
  type FunctionDef,
  type GraphDef,
  type NodeDef,
  type TfTensorProto,
  type TfTensorShapeProto,
} from "../format/index.ts";
// the protobuf codecs, loaded with this module (imported on first use only: logdir.ts, event_file.ts)
const { fromBinary, GraphDefSchema, MetaGraphDefSchema, TfDataType } = await loadProtobufCodecs();
import type { GraphAttrValue, GraphEdge, GraphNode, ModelGraph } from "../model/index.ts";
import { tfDType } from "./tf_dtype.ts";
import { isPyTorchGraph, kindOfTfOp, pytorchAttrValue, pytorchParameterName } from "./graph_quirks.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** TensorFlow dtype code → name: `float32`, `int64`, ..., `resource`, `variant`; `_ref` suffix for ref types. */
export function tfDtypeName(code: number): string {
  if (code > 100) return `${tfDtypeName(code - 100)}_ref`;
  const n = tfDType(code);
  if (n !== "unknown") return n;
  const e = TfDataType[code];
  return e ? e.replace(/^DT_/, "").toLowerCase() : `dtype_${code}`;
}

/** Plain JSON number: non-finite floats as strings. */
export function jsonNumber(x: number): number | string {
  return Number.isFinite(x) ? x : Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
}

/** Longer attribute strings (serialized protos, embedded configs) are summarised by their length. */
const MAX_ATTR_TEXT_BYTES = 4096;

/** Bytes as text when they are printable UTF-8 of at most MAX_ATTR_TEXT_BYTES, else their length. */
export function bytesValue(b: Uint8Array): GraphAttrValue {
  if (b.length > MAX_ATTR_TEXT_BYTES) return { bytes: b.length };
  try {
    const s = utf8.decode(b);
    if (!/[\u0000-\u0008\u000e-\u001f]/.test(s)) return s;
  } catch {
    /* not UTF-8 */
  }
  return { bytes: b.length };
}

export function shapeDims(s: TfTensorShapeProto | undefined): number[] | null {
  if (!s) return [];
  if (s.unknownRank) return null;
  return s.dim.map((d) => Number(d.size));
}

/** The one element of a tensor held in `tensor_content`, for the dtypes whose layout is plain. */
function decodeTensorContentValue(t: TfTensorProto): number | undefined {
  try {
    const v = decodeTensorContent(t.tensorContent, 0, t.tensorContent.length, t.dtype);
    return v.length === 1 ? v[0] : undefined;
  } catch {
    return undefined;
  }
}

function tensorSummary(t: TfTensorProto): GraphAttrValue {
  const shape = shapeDims(t.tensorShape) ?? [];
  const out: { [k: string]: GraphAttrValue } = { dtype: tfDtypeName(t.dtype), shape };
  const n = shape.reduce((a, b) => a * b, 1);
  if (n === 1) {
    const d = t.tensorContent.length ? decodeTensorContentValue(t) : undefined;
    const v =
      d ??
      t.floatVal[0] ??
      t.doubleVal[0] ??
      t.intVal[0] ??
      t.int64Val[0] ??
      t.boolVal[0] ??
      (t.stringVal[0] ? bytesValue(t.stringVal[0]) : undefined);
    if (v !== undefined) out.value = typeof v === "number" ? jsonNumber(v) : typeof v === "bigint" ? Number(v) : v;
  }
  return { tensor: out };
}

export function attrValue(a: AttrValue): GraphAttrValue {
  const v = a.value;
  switch (v.case) {
    case "s":
      return bytesValue(v.value);
    case "i":
      return Number(v.value);
    case "f":
      return jsonNumber(v.value);
    case "b":
      return v.value;
    case "type":
      return tfDtypeName(v.value);
    case "shape":
      return shapeDims(v.value);
    case "tensor":
      return tensorSummary(v.value);
    case "func":
      return { func: v.value.name };
    case "placeholder":
      return { placeholder: v.value };
    case "list": {
      const l = v.value;
      if (l.s.length) return l.s.map(bytesValue);
      if (l.i.length) return l.i.map(Number);
      if (l.f.length) return l.f.map(jsonNumber);
      if (l.b.length) return [...l.b];
      if (l.type.length) return l.type.map(tfDtypeName);
      if (l.shape.length) return l.shape.map(shapeDims);
      if (l.tensor.length) return l.tensor.map(tensorSummary);
      if (l.func.length) return l.func.map((f) => ({ func: f.name }));
      return [];
    }
    default:
      return null;
  }
}

/** Parses a NodeDef input string. `inFunction`: `node:out_arg:k` names output k of node. */
export function parseTfInput(s: string, inFunction = false): GraphEdge {
  if (s.startsWith("^")) return { node: s.slice(1), output: 0, control: true };
  const parts = s.split(":");
  if (inFunction && parts.length >= 2) {
    const k = parts.length >= 3 ? Number(parts[parts.length - 1]) : 0;
    return { node: parts[0], output: Number.isInteger(k) ? k : 0, control: false };
  }
  const m = /^(.*):(\d+)$/.exec(s);
  return m ? { node: m[1], output: Number(m[2]), control: false } : { node: s, output: 0, control: false };
}

function convertNode(n: NodeDef, inFunction: boolean): GraphNode {
  const inputs = n.input.map((i) => parseTfInput(i, inFunction));
  const attrs: Record<string, GraphAttrValue> = {};
  let outputShapes: number[][] | undefined;
  for (const [k, a] of Object.entries(n.attr)) {
    if (k === "_output_shapes" && a.value.case === "list") {
      outputShapes = a.value.value.shape.map((s) => shapeDims(s) ?? []);
      continue;
    }
    attrs[k] = attrValue(a);
  }
  const node: GraphNode = { name: n.name, op: n.op, kind: kindOfTfOp(n.op, n.name, inputs.length > 0), inputs, attrs };
  if (!outputShapes && n.attr.shape?.value.case === "shape" && node.kind !== "op") {
    const d = shapeDims(n.attr.shape.value.value);
    if (d) outputShapes = [d];
  }
  if (outputShapes) node.outputShapes = outputShapes;
  const dt = n.attr.dtype ?? n.attr.T;
  if (dt?.value.case === "type") node.dtype = tfDtypeName(dt.value.value);
  if (n.device) node.device = n.device;
  if (n.op === "prim::Constant") {
    const v = pytorchAttrValue(attrs.attr);
    if (v !== undefined) attrs.value = v;
  }
  if (node.kind === "parameter") {
    const p = n.op === "prim::GetAttr" ? pytorchParameterName(n.name, attrs.attr) : n.name;
    if (p) node.param = p;
  }
  return node;
}

function convertFunction(f: FunctionDef): { name: string; nodes: GraphNode[] } {
  const sig = f.signature;
  const nodes: GraphNode[] = [];
  for (const a of sig?.inputArg ?? []) {
    const node: GraphNode = { name: a.name, op: "_Arg", kind: "input", inputs: [], attrs: {} };
    if (a.type) node.dtype = tfDtypeName(a.type);
    nodes.push(node);
  }
  for (const n of f.nodeDef) nodes.push(convertNode(n, true));
  for (const a of sig?.outputArg ?? []) {
    const ret = f.ret[a.name];
    const node: GraphNode = { name: a.name, op: "_Retval", kind: "output", inputs: ret ? [parseTfInput(ret, true)] : [], attrs: {} };
    if (a.type) node.dtype = tfDtypeName(a.type);
    nodes.push(node);
  }
  return { name: sig?.name ?? "", nodes };
}

/**
 * TF2 graphs (Keras `fit` traced by tf.function) hand their variables to the function call as
 * placeholders of dtype `resource` (captured variable handles): those are parameters, except the
 * dataset iterator's handle (consumed by an `Iterator*` op), which stays an input.
 */
function resourcePlaceholdersAsParameters(nodes: GraphNode[]): void {
  const iteratorFed = new Set<string>();
  for (const n of nodes)
    if (n.op.startsWith("Iterator") || n.op.startsWith("MultiDeviceIterator")) for (const e of n.inputs) iteratorFed.add(e.node);
  for (const n of nodes)
    if ((n.op === "Placeholder" || n.op === "_Arg") && n.dtype === "resource" && !iteratorFed.has(n.name)) n.kind = "parameter";
}

function convertGraph(g: GraphDef, format: ModelGraph["format"]): ModelGraph {
  const nodes = g.node.map((n) => convertNode(n, false));
  resourcePlaceholdersAsParameters(nodes);
  const out: ModelGraph = { format, nodes };
  out.producer = isPyTorchGraph(g.node.map((n) => n.op)) ? "pytorch" : "tensorflow";
  const fns = g.library?.function ?? [];
  if (fns.length)
    out.functions = fns.map((f) => {
      const c = convertFunction(f);
      resourcePlaceholdersAsParameters(c.nodes);
      return c;
    });
  return out;
}

/** Decodes serialized GraphDef bytes. */
export function decodeGraphDef(bytes: Uint8Array): ModelGraph {
  const g = fromBinary(GraphDefSchema, bytes, { readUnknownFields: false });
  return convertGraph(g, "graph_def");
}

/** Decodes serialized MetaGraphDef bytes: its graph, with `tensorflow_version` in the producer. */
export function decodeMetaGraphDef(bytes: Uint8Array): ModelGraph {
  const m = fromBinary(MetaGraphDefSchema, bytes, { readUnknownFields: false });
  const out = convertGraph(m.graphDef ?? fromBinary(GraphDefSchema, new Uint8Array(0)), "meta_graph_def");
  const v = m.metaInfoDef?.tensorflowVersion;
  if (v) out.producer = `tensorflow ${v}`;
  const tags = m.metaInfoDef?.tags ?? [];
  if (tags.length) out.name = tags.join(",");
  return out;
}

/** Number of nodes of a GraphDef's main graph and function bodies, counted on the wire. */
export function countGraphDefNodes(g: GraphDef): number {
  return g.node.length + (g.library?.function ?? []).reduce((n, f) => n + f.nodeDef.length, 0);
}
