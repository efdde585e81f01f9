// Computational graph of a run, whatever wrote it (TensorFlow GraphDef and MetaGraphDef, PyTorch
// `add_graph`, the Keras model config of TensorBoard's `graph_keras_model` plugin, MindSpore anf_ir
// in summaries and `save_graphs` `.pb` files, ONNX models placed beside a run): one node list in a
// single vocabulary, so the graph page, the graph diff and the structure checks never look at a
// format. Contract:
//   - `name` is unique within the graph and is the node's full path: name scopes joined by `/`
//     (`model/dense_1/MatMul`, `Net/Linear[fc1]/addmm`); the scope of a node is its name without the
//     last segment (`scopeOf`), so scopes nest by prefix and need no separate table;
//   - `inputs` refer to other nodes by `name`; an input the graph does not define (a feed, a
//     function argument) stays as written and is simply dangling;
//   - `kind` says what the node is for the checks: an operation, a trainable parameter (variable,
//     initializer, `Parameter`), a constant, a graph input (placeholder) or a graph output;
//   - shapes use -1 for an unknown dimension; a missing shape means the format did not record one;
//   - attribute values are plain JSON (numbers, strings, booleans, lists, shapes, `{ tensor }`
//     summaries): never raw bytes, never large tensor contents.

/** Plain JSON value of a node attribute. */
export type GraphAttrValue = number | string | boolean | null | GraphAttrValue[] | { [key: string]: GraphAttrValue };

export type GraphNodeKind = "op" | "parameter" | "constant" | "input" | "output";

export interface GraphEdge {
  /** `name` of the producing node (may be undefined in this graph: a feed or a function argument). */
  node: string;
  /** Which output of the producer (0 when the format does not say). */
  output: number;
  /** Control dependency (ordering only, no data). */
  control: boolean;
}

export interface GraphNode {
  name: string;
  /** Operator type as the format spells it (`MatMul`, `aten::linear`, `Conv2D`, `Dense`, `Gemm`). */
  op: string;
  kind: GraphNodeKind;
  inputs: GraphEdge[];
  /** Output shapes, one per output (-1 = unknown dimension); absent when not recorded. */
  outputShapes?: number[][];
  /** Element type of the first output (`float32`, `int64`), when recorded. */
  dtype?: string;
  device?: string;
  attrs: Record<string, GraphAttrValue>;
  /**
   * For a parameter node: the parameter's name as the training code and its logged histograms know
   * it (`fc1.weight`, `model.0.conv.weight`, `dense_1/kernel`), when the format lets it be known.
   */
  param?: string;
}

/** Where a graph came from. */
export type GraphFormat = "graph_def" | "meta_graph_def" | "run_metadata" | "keras_model" | "mindspore_graph" | "mindspore_ir" | "onnx";

export interface ModelGraph {
  format: GraphFormat;
  /** Graph or model name when the format has one. */
  name?: string;
  /** Writer when known (`pytorch`, `tensorflow`, `keras`, `mindspore`, `onnx:<producer>`). */
  producer?: string;
  nodes: GraphNode[];
  /** Sub-graphs the format carries beside the main one (TF function library, ONNX functions). */
  functions?: { name: string; nodes: GraphNode[] }[];
}

/** Scope of a node name: the path without its last segment (`""` at the top level). */
export function scopeOf(name: string): string {
  const i = name.lastIndexOf("/");
  return i < 0 ? "" : name.slice(0, i);
}
