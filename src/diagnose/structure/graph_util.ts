// Graph helpers of the structure checks, over the common vocabulary only (src/model/graph.ts):
// consumers of each node, data reachability, what a node computes (linear map, activation,
// shape-only pass-through), the data inputs of a node (its parameters left out).
import type { GraphNode, ModelGraph } from "../../model/index.ts";
import { activationName } from "../config_checks.ts";

export class GraphIndex {
  readonly byName = new Map<string, GraphNode>();
  /** Data consumers of each node (control edges left out), one entry per consuming node. */
  readonly consumers = new Map<string, GraphNode[]>();

  constructor(readonly graph: ModelGraph) {
    for (const n of graph.nodes) this.byName.set(n.name, n);
    for (const n of graph.nodes)
      for (const e of n.inputs) {
        if (e.control) continue;
        const l = this.consumers.get(e.node) ?? [];
        if (!l.includes(n)) l.push(n);
        this.consumers.set(e.node, l);
      }
  }

  /** Producers of the node's data inputs that are not parameters or constants. */
  dataInputs(n: GraphNode): GraphNode[] {
    const out: GraphNode[] = [];
    for (const e of n.inputs) {
      if (e.control) continue;
      const p = this.byName.get(e.node);
      if (p && p.kind !== "parameter" && p.kind !== "constant") out.push(p);
    }
    return out;
  }

  /** Parameters feeding the node directly. */
  parameters(n: GraphNode): GraphNode[] {
    return n.inputs.map((e) => this.byName.get(e.node)).filter((p): p is GraphNode => p?.kind === "parameter");
  }

  /**
   * The forward users of a parameter: its consumers, followed through reads and casts (TF's
   * `kernel/read`, ReadVariableOp), leaving out optimizer updates, gradients, initialisation and
   * checkpoint ops, which touch every variable once more.
   */
  forwardUsers(p: GraphNode): GraphNode[] {
    const out: GraphNode[] = [];
    const seen = new Set<string>();
    const stack = [...(this.consumers.get(p.name) ?? [])];
    while (stack.length) {
      const c = stack.pop()!;
      if (seen.has(c.name)) continue;
      seen.add(c.name);
      if (c.kind !== "op" || isBookkeeping(c)) continue;
      if (READ_OP.test(c.op)) stack.push(...(this.consumers.get(c.name) ?? []));
      else out.push(c);
    }
    return out;
  }

  /** Every node reachable from `from` along data edges (`from` itself included only through a cycle). */
  downstream(from: GraphNode): Set<string> {
    const seen = new Set<string>();
    const stack = [from.name];
    while (stack.length) {
      const x = stack.pop()!;
      for (const c of this.consumers.get(x) ?? [])
        if (!seen.has(c.name)) {
          seen.add(c.name);
          stack.push(c.name);
        }
    }
    return seen;
  }

  /** Every node `to` depends on along data edges. */
  upstream(to: GraphNode[]): Set<string> {
    const seen = new Set<string>(to.map((n) => n.name));
    const stack = to.map((n) => n.name);
    while (stack.length) {
      const n = this.byName.get(stack.pop()!);
      for (const e of n?.inputs ?? [])
        if (!e.control && !seen.has(e.node)) {
          seen.add(e.node);
          stack.push(e.node);
        }
    }
    return seen;
  }
}

const BOOKKEEPING_OP =
  /^(Assign\w*|Apply\w*|ResourceApply\w*|Save\w*|Restore\w*|VarIsInitializedOp|IsVariableInitialized|ScatterUpdate|AssignVariableOp)$/;
const BOOKKEEPING_SCOPE = /(^|\/)(gradients|save|training|optimizer|Adam|SGD|Momentum|RMSProp|Adagrad|init)(_\d+)?(\/|$)/i;
const READ_OP = /^(Identity|ReadVariableOp|Cast|Enter|Switch|prim::GetAttr)$/;

/** Optimizer updates, gradients, initialisation and checkpoint ops (TF graphs carry them beside the model). */
export function isBookkeeping(n: GraphNode): boolean {
  return BOOKKEEPING_OP.test(n.op) || BOOKKEEPING_SCOPE.test(n.name);
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** A weight layer computing an affine map: Dense/Linear/MatMul/Gemm/Conv with no activation of its own. */
export function isLinearMap(n: GraphNode): boolean {
  if (n.kind !== "op") return false;
  const op = squash(n.op.split("::").pop() ?? n.op);
  const affine = /^(dense|linear|matmul|gemm|addmm|conv\d?d?|conv|convolution|separableconv\dd|depthwiseconv\dd|einsumdense)$/.test(op);
  if (!affine) return false;
  const a = n.attrs.activation;
  return a === undefined || a === null || (typeof a === "string" && activationName(a) === "linear");
}

/** The activation a node applies (its own op or its `activation` attribute). */
export function activationOf(n: GraphNode): ReturnType<typeof activationName> | undefined {
  const op = squash(n.op.split("::").pop() ?? n.op);
  if (/^(logsoftmax)$/.test(op)) return "log_softmax";
  if (/^(softmax)$/.test(op)) return "softmax";
  if (/^(sigmoid)$/.test(op)) return "sigmoid";
  if (/^(relu|relu6|leakyrelu|elu|selu|gelu|prelu|tanh|hardtanh|silu|swish|softplus|mish)$/.test(op))
    return op === "tanh" ? "tanh" : "relu";
  const a = n.attrs.activation;
  if (typeof a === "string") return activationName(a);
  return undefined;
}

const LAYER_OP =
  /^(dense|linear|matmul|batchmatmul(v\d)?|gemm|addmm|conv|conv\dd|convolution|conv\dd?transpose|separableconv\dd|depthwiseconv\dd(native)?|embedding|embeddingbag|gather(v\d)?|resourcegather|lstm|gru|rnn|simplernn|batchnorm\dd|batchnorm|batchnormalization|fusedbatchnorm(v\d)?|layernorm|layernormalization|instancenorm\dd|instancenorm|groupnorm|einsum|einsumdense|multiheadattention|prelu|biasadd)$/;

/**
 * A node that applies the model's weights (a layer): every layer of a Keras model config; in op
 * graphs the weight-consuming ops (MatMul, Conv, Gemm, aten::linear, batch norm, embedding, ...),
 * not the arithmetic, metric counters and bookkeeping that also read variables.
 */
export function isLayerOp(n: GraphNode, g: ModelGraph): boolean {
  if (n.kind !== "op" || isBookkeeping(n)) return false;
  if (g.format === "keras_model") return true;
  return LAYER_OP.test(squash(n.op.split("::").pop() ?? n.op));
}

/** Nodes that only reshape, regularise or copy their input (no activation, no weights). */
export function isPassThrough(n: GraphNode): boolean {
  const op = squash(n.op.split("::").pop() ?? n.op);
  return /^(dropout|spatialdropout\dd|alphadropout|gaussiandropout|gaussiannoise|flatten|reshape|view|identity|squeeze|unsqueeze|permute|transpose|contiguous)$/.test(
    op,
  );
}
