// What each graph writer means by its operator names, isolated here so the graph decoders stay
// format-level: which operators are trainable parameters, constants, graph inputs and outputs
// (TensorFlow, PyTorch's `add_graph`, ONNX, MindSpore), and PyTorch's `IO Node` convention.
// Contract: `kindOfTfOp` maps a GraphDef node (op, name, has inputs) to a GraphNodeKind; names not
// listed are operations.

import type { GraphNodeKind } from "../model/index.ts";

/** TensorFlow variables (TF1 ref variables, resource variables) and PyTorch's parameter reads. */
const TF_PARAMETER_OPS = new Set(["VariableV2", "Variable", "VarHandleOp", "VariableV1", "AutoReloadVariable", "prim::GetAttr"]);
const TF_CONSTANT_OPS = new Set(["Const", "HostConst", "prim::Constant"]);
const TF_INPUT_OPS = new Set(["Placeholder", "PlaceholderV2", "PlaceholderWithDefault", "_Arg"]);
const TF_OUTPUT_OPS = new Set(["_Retval"]);

/**
 * PyTorch's `add_graph` (torch.utils.tensorboard) writes the model's inputs and outputs as nodes of
 * op `IO Node`: inputs named `input/<name>` without inputs of their own, outputs named
 * `output/<name>` fed by the last operation.
 */
export const PYTORCH_IO_OP = "IO Node";

export function kindOfTfOp(op: string, name: string, hasInputs: boolean): GraphNodeKind {
  if (TF_PARAMETER_OPS.has(op)) return "parameter";
  if (TF_CONSTANT_OPS.has(op)) return "constant";
  if (TF_INPUT_OPS.has(op)) return "input";
  if (TF_OUTPUT_OPS.has(op)) return "output";
  if (op === PYTORCH_IO_OP) return hasInputs || name.startsWith("output/") ? "output" : "input";
  return "op";
}

/** Whether a GraphDef was written by PyTorch's `add_graph` (its op names are TorchScript's `aten::` / `prim::`). */
export function isPyTorchGraph(ops: Iterable<string>): boolean {
  for (const op of ops) if (op === PYTORCH_IO_OP || op.startsWith("aten::") || op.startsWith("prim::")) return true;
  return false;
}

/** ONNX operators that hold constants. */
export const ONNX_CONSTANT_OPS = new Set(["Constant"]);

/** MindSpore anf_ir / MindIR operators that are not computations: tuple plumbing and the graph's return. */
export const MINDSPORE_OUTPUT_OPS = new Set(["Return", "return"]);

/** MindSpore names the network's inputs `args0`, `args1`... among the graph's parameters. */
export function isMindSporeInputParameter(name: string): boolean {
  return /^args\d+$/.test(name);
}

/** MindSpore anf_ir element type (`DT_FLOAT32`) → the common dtype name (`float32`). */
export function mindSporeDtypeName(dt: string): string {
  return dt
    .replace(/^DT_/, "")
    .toLowerCase()
    .replace(/^float$/, "float32");
}

/**
 * A PyTorch `add_graph` parameter read (`prim::GetAttr` node `Net/Sequential[features]/Conv2d[0]/weight/weight.3`
 * with attribute `{ name :  weight }`) → the parameter's name in `named_parameters()`
 * (`features.0.weight`): the module names in brackets of the scope, then the attribute's name.
 * Undefined when the node does not follow that layout.
 */
export function pytorchParameterName(nodeName: string, attr: unknown): string | undefined {
  const m = typeof attr === "string" ? /name\s*:\s*([^\s}]+)/.exec(attr) : null;
  if (!m) return undefined;
  const modules: string[] = [];
  for (const seg of nodeName.split("/").slice(1)) {
    const b = /^[^[]*\[(.*)\]$/.exec(seg);
    if (b) modules.push(b[1]);
  }
  return [...modules, m[1]].join(".");
}

/**
 * PyTorch's `add_graph` writes a node's TorchScript attributes as one string attribute `attr`
 * (`{ value : 0.5}`, `{ name :  weight }`, `{}`): its `value` as a number (or text when not one),
 * undefined when there is none.
 */
export function pytorchAttrValue(attr: unknown): number | string | undefined {
  if (typeof attr !== "string") return undefined;
  const m = /^\{\s*value\s*:\s*(.*?)\s*\}$/s.exec(attr);
  if (!m) return undefined;
  const x = Number(m[1]);
  return m[1] !== "" && Number.isFinite(x) ? x : m[1];
}
