// MindSpore computational graph (anf_ir `GraphProto`, in a summary Event's `graph_def`): the node
// list in topological order, each node with its id (`name`, what inputs refer to), operator type,
// scope (name space such as `Default/network-WithLossCell/_backbone-LeNet5/conv1-Conv2d`), full
// name, inputs (data or control edges), attributes and output type; plus the graph's parameters,
// outputs and constants. Display names follow MindInsight: `full_name`, else
// `scope/op_type-op<id>`.
// The same graph in the common vocabulary (`graph`, model/graph.ts): operation nodes named by their
// display name (scope path + name, so scopes nest), inputs mapped from node ids to those names;
// parameters as parameter nodes (`args<k>`, the network's inputs, as input nodes); constants as
// constant nodes named by their key; the graph's outputs as one output node each (`output`,
// `output_1`...); control inputs as control edges; a tensor output type as shape and dtype.

import { loadProtobufCodecs, type mindsporeAnfIr } from "../format/index.ts";
// the protobuf codecs, loaded with this module (imported on first use only: logdir.ts, event_file.ts)
const { DataType } = (await loadProtobufCodecs()).mindsporeAnfIr;
type DataType = mindsporeAnfIr.DataType;
type GraphProto = mindsporeAnfIr.GraphProto;
type TypeProto = mindsporeAnfIr.TypeProto;
type ValueProto = mindsporeAnfIr.ValueProto;
import type { GraphAttrValue, GraphInfo, GraphNode, ModelGraph } from "../model/index.ts";
import { isMindSporeInputParameter, mindSporeDtypeName } from "./graph_quirks.ts";

/** Value of a node attribute or constant, decoded from `ValueProto` by its `dtype`. */
export type MindSporeValue =
  | number
  | string
  | boolean
  | null
  | MindSporeValue[]
  | { [key: string]: MindSporeValue }
  | { tensor: { dims: number[]; dataType: string } }
  | { type: MindSporeType }
  | { graph: string };

export interface MindSporeType {
  /** `DataType` name, e.g. `DT_TENSOR`, `DT_FLOAT32`, `DT_TUPLE`. */
  dataType: string;
  /** For tensors: element type and shape (-1 = unknown dimension). */
  elemType?: string;
  shape?: number[];
  /** For tuples/lists: the element types. */
  elements?: MindSporeType[];
}

export interface MindSporeGraphNode {
  /** Node id within the graph (what `inputs` refer to). */
  name: string;
  opType: string;
  scope: string;
  /** Names of the node's inputs: other nodes' ids, parameter names or constant keys. */
  inputs: string[];
  fullName: string;
  /** MindInsight's display name: full_name, or `scope/op_type-op<id>` when full_name is empty. */
  displayName: string;
  instanceName: string;
  /** Parallel to `inputs`: true for control edges. */
  controlInputs: boolean[];
  attributes: Record<string, MindSporeValue>;
  outputType?: MindSporeType;
}

export interface MindSporeGraphParameter {
  name: string;
  type?: MindSporeType;
}

/** A graph read from a MindSpore summary file: `GraphInfo` plus the anf_ir details. */
export interface MindSporeGraphInfo extends GraphInfo {
  kind: "mindspore_graph";
  nodes: MindSporeGraphNode[];
  /** GraphProto.name, e.g. `kernel_graph_0`. */
  graphName: string;
  parameters: MindSporeGraphParameter[];
  outputs: string[];
  constants: { key: string; fullName: string; value: MindSporeValue }[];
  /** Distinct scopes of the nodes, in first-seen order. */
  scopes: string[];
}

/** Name of a `DataType` value (`DT_FLOAT32`), or `DT_<n>` for values this schema does not know. */
function dataTypeName(v: number): string {
  return DataType[v] ?? `DT_${v}`;
}

function decodeType(t: TypeProto | undefined): MindSporeType | undefined {
  if (!t) return undefined;
  const out: MindSporeType = { dataType: dataTypeName(t.dataType) };
  if (t.value.case === "tensorType") {
    out.elemType = dataTypeName(t.value.value.elemType);
    out.shape = (t.value.value.shape?.dim ?? []).map((d) => Number(d.size));
  } else if (t.value.case === "sequenceType") {
    out.elements = t.value.value.elemTypes.map((e) => decodeType(e) ?? { dataType: "DT_UNDEFINED" });
  }
  return out;
}

export function decodeValue(v: ValueProto | undefined, depth = 0): MindSporeValue {
  if (!v || depth > 64) return null;
  switch (v.dtype) {
    case DataType.DT_BOOL:
      return v.boolVal;
    case DataType.DT_INT8:
    case DataType.DT_INT16:
    case DataType.DT_INT32:
    case DataType.DT_INT64:
    case DataType.DT_BASE_INT:
      return Number(v.intVal);
    case DataType.DT_UINT8:
    case DataType.DT_UINT16:
    case DataType.DT_UINT32:
    case DataType.DT_UINT64:
    case DataType.DT_BASE_UINT:
      return Number(v.uintVal);
    case DataType.DT_FLOAT16:
    case DataType.DT_FLOAT32:
    case DataType.DT_BASE_FLOAT:
      return v.floatVal;
    case DataType.DT_FLOAT64:
      return v.doubleVal;
    case DataType.DT_STRING:
      return v.strVal;
    case DataType.DT_TENSOR:
      return { tensor: { dims: (v.tensorVal?.dims ?? []).map(Number), dataType: dataTypeName(v.tensorVal?.dataType ?? 0) } };
    case DataType.DT_GRAPH:
      return { graph: v.graph?.name ?? "" };
    case DataType.DT_BOOLS:
      return [...v.boolVals];
    case DataType.DT_INTS8:
    case DataType.DT_INTS16:
    case DataType.DT_INTS32:
    case DataType.DT_INTS64:
      return v.intVals.map(Number);
    case DataType.DT_UINTS8:
    case DataType.DT_UINTS16:
    case DataType.DT_UINTS32:
    case DataType.DT_UINTS64:
      return v.uintVals.map(Number);
    case DataType.DT_FLOATS16:
    case DataType.DT_FLOATS32:
      return [...v.floatVals];
    case DataType.DT_FLOATS64:
      return [...v.doubleVals];
    case DataType.DT_STRINGS:
      return [...v.strVals];
    case DataType.DT_TUPLE:
    case DataType.DT_LIST:
      return v.values.map((x) => decodeValue(x, depth + 1));
    case DataType.DT_DICT: {
      const o: { [key: string]: MindSporeValue } = {};
      for (const kv of v.dictVal) o[kv.key] = decodeValue(kv.value, depth + 1);
      return o;
    }
    case DataType.DT_NONE:
      return null;
    case DataType.DT_TYPE:
      return { type: decodeType(v.typeVal) ?? { dataType: "DT_UNDEFINED" } };
    default:
      // Unknown or untyped: the first populated field.
      if (v.strVal) return v.strVal;
      if (v.values.length) return v.values.map((x) => decodeValue(x, depth + 1));
      return null;
  }
}

/** Decodes a `GraphProto` into the graph entry stored in `RunDir.graphs`. */
export function decodeMindSporeGraph(g: GraphProto, file: string, step: number, bytes: number): MindSporeGraphInfo {
  const scopes: string[] = [];
  const seenScopes = new Set<string>();
  const nodes: MindSporeGraphNode[] = g.node.map((n) => {
    if (!seenScopes.has(n.scope)) {
      seenScopes.add(n.scope);
      scopes.push(n.scope);
    }
    const attributes: Record<string, MindSporeValue> = {};
    for (const a of n.attribute) attributes[a.name] = decodeValue(a.value);
    const displayName = n.fullName || `${n.scope ? n.scope + "/" : ""}${n.opType}-op${n.name}`;
    return {
      name: n.name,
      opType: n.opType,
      scope: n.scope,
      inputs: n.input.map((i) => i.name),
      controlInputs: n.input.map((i) => i.type === 1),
      fullName: n.fullName,
      displayName,
      instanceName: n.instanceName,
      attributes,
      outputType: decodeType(n.outputType),
    };
  });
  const info: MindSporeGraphInfo = {
    file,
    step,
    kind: "mindspore_graph",
    bytes,
    nodes,
    graphName: g.name,
    parameters: g.parameters.map((p) => ({ name: p.name, type: decodeType(p.type) })),
    outputs: g.outputs.map((o) => o.name),
    constants: g.constVals.map((c) => ({ key: c.key, fullName: c.fullName, value: decodeValue(c.value) })),
    scopes,
  };
  info.graph = toModelGraph(info, "mindspore_graph");
  info.nodeCount = info.graph.nodes.length;
  return info;
}

function typeFacts(t: MindSporeType | undefined, node: GraphNode): void {
  if (!t) return;
  if (t.shape) node.outputShapes = [t.shape];
  else if (t.elements?.some((e) => e.shape)) node.outputShapes = t.elements.map((e) => e.shape ?? []);
  const dt = t.elemType ?? t.elements?.[0]?.elemType;
  if (dt) node.dtype = mindSporeDtypeName(dt);
}

/** The anf_ir graph in the common vocabulary (see the file comment). */
export function toModelGraph(info: Omit<MindSporeGraphInfo, "kind">, format: ModelGraph["format"]): ModelGraph {
  const out: GraphNode[] = [];
  const taken = new Set<string>();
  const unique = (base: string): string => {
    let n = base;
    for (let k = 1; taken.has(n); k++) n = `${base}_${k}`;
    taken.add(n);
    return n;
  };
  const byId = new Map<string, string>();
  for (const p of info.parameters) {
    const name = unique(p.name);
    byId.set(p.name, name);
    const node: GraphNode = {
      name,
      op: "Parameter",
      kind: isMindSporeInputParameter(p.name) ? "input" : "parameter",
      inputs: [],
      attrs: {},
    };
    if (node.kind === "parameter") node.param = p.name;
    typeFacts(p.type, node);
    out.push(node);
  }
  for (const c of info.constants) {
    const name = unique(c.key);
    byId.set(c.key, name);
    out.push({ name, op: "Const", kind: "constant", inputs: [], attrs: { value: c.value as GraphAttrValue } });
  }
  const opNames = info.nodes.map((n) => unique(n.displayName));
  info.nodes.forEach((n, i) => byId.set(n.name, opNames[i]));
  info.nodes.forEach((n, i) => {
    const node: GraphNode = {
      name: opNames[i],
      op: n.opType,
      kind: "op",
      inputs: n.inputs.map((x, k) => ({ node: byId.get(x) ?? x, output: 0, control: n.controlInputs[k] ?? false })),
      attrs: n.attributes as Record<string, GraphAttrValue>,
    };
    if (n.instanceName) node.attrs = { ...node.attrs, instance_name: n.instanceName };
    typeFacts(n.outputType, node);
    out.push(node);
  });
  for (const o of info.outputs)
    out.push({
      name: unique("output"),
      op: "Output",
      kind: "output",
      inputs: [{ node: byId.get(o) ?? o, output: 0, control: false }],
      attrs: {},
    });
  const graph: ModelGraph = { format, nodes: out, producer: "mindspore" };
  if (info.graphName) graph.name = info.graphName;
  return graph;
}
