// What the logged configuration says about the network, when it says anything: the hidden
// activation family and the depth (number of hidden layers). Read from common hyper-parameter
// names of the shared alias table (activation / act / hidden_act; hidden as "32x32", "[32, 32]" or a
// list; num_layers / depth / n_layers / num_hidden_layers).
import { hparamFor, hparamNumberFor, hparamStringFor, type RunView } from "./run_view.ts";

export interface ArchitectureSignal {
  activation?: "relu" | "sigmoid" | "tanh" | "other";
  activationName?: string;
  depth?: number;
  /** A recurrent network (RNN / LSTM / GRU): deep in time, its gradients multiply over the time steps. */
  recurrent?: boolean;
  /** From a logged layer summary: number of weight layers, output units, and whether no layer has a bias. */
  layers?: number;
  outputUnits?: number;
  noBias?: boolean;
}

interface LayerEntry {
  shape: number[];
  bias?: boolean;
}

/** A JSON list of layers (`[{"name", "type", "weight_shape": [out, in], "bias"}]`, as a layer summary is logged), or null. */
export function layerSummary(text: string): LayerEntry[] | null {
  if (!/^\s*\[\s*\{/.test(text)) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(v) || !v.length) return null;
  const out: LayerEntry[] = [];
  for (const l of v) {
    if (!l || typeof l !== "object") return null;
    const o = l as Record<string, unknown>;
    const shape = Array.isArray(o.weight_shape)
      ? o.weight_shape.filter((x): x is number => typeof x === "number")
      : Array.isArray(o.shape)
        ? (o.shape as unknown[]).filter((x): x is number => typeof x === "number")
        : [];
    out.push({ shape, ...(typeof o.bias === "boolean" ? { bias: o.bias } : {}) });
  }
  return out;
}

const RECURRENT = /(^|[^a-z])(rnn|lstm|gru|recurrent|simplernn|bilstm|convlstm)([^a-z]|$)|weight_hh|recurrent_kernel/i;

export function architectureSignal(view: RunView): ArchitectureSignal {
  const out: ArchitectureSignal = {};
  const act = hparamStringFor(view, "activation");
  if (act) {
    out.activationName = act;
    // only a plain ReLU (or ReLU6) can die: leaky/parametric ReLU, ELU, GELU, SELU, SiLU keep a gradient below zero
    const smoothOrLeaky = /leaky|prelu|rrelu|gelu|selu|celu|(^|[^a-z])elu|silu|swish|mish|softplus/i.test(act);
    out.activation = /sigmoid|logistic/i.test(act)
      ? "sigmoid"
      : /tanh/i.test(act)
        ? "tanh"
        : /relu/i.test(act) && !smoothOrLeaky
          ? "relu"
          : "other";
  }
  const hidden = hparamFor(view, "hidden_sizes", "string")?.value;
  const summary = typeof hidden === "string" ? layerSummary(hidden) : null;
  if (summary) {
    // a logged layer summary (a JSON list of layers with their weight shapes): the last is the output
    out.depth = summary.length - 1;
    out.layers = summary.length;
    const last = summary[summary.length - 1];
    if (last.shape.length) out.outputUnits = last.shape[0];
    out.noBias = summary.every((l) => l.bias === false);
  } else if (typeof hidden === "string") {
    const parts = hidden.split(/[x×,\s[\]]+/).filter((p) => /^\d+$/.test(p));
    if (parts.length) out.depth = parts.length;
  }
  const n = hparamNumberFor(view, "depth");
  if (out.depth === undefined && n !== undefined && n >= 1) out.depth = n;
  const model = hparamStringFor(view, "model_name");
  if (
    (model && RECURRENT.test(model)) ||
    view.histogramKeys.some((k) => RECURRENT.test(k)) ||
    view.gradNorms.some((g) => RECURRENT.test(g.key))
  )
    out.recurrent = true;
  return out;
}
