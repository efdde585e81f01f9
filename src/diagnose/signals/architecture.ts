// What the logged configuration says about the network, when it says anything: the hidden
// activation family and the depth (number of hidden layers). Read from common hyper-parameter
// names of the shared alias table (activation / act / hidden_act; hidden as "32x32", "[32, 32]" or a
// list; num_layers / depth / n_layers / num_hidden_layers), a logged layer summary (a JSON list of
// layers with their weight shapes), or a PyTorch module's printed form (`str(model)`) under any
// hyper-parameter name or in a text summary.
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

/**
 * The logged architecture is one linear map: a single weight layer in the layer summary, or hidden
 * layers whose activation is linear (none, identity). Undefined when the configuration says nothing.
 */
export function linearModel(arch: ArchitectureSignal): "no_hidden_layers" | "linear_hidden" | undefined {
  if (arch.layers === 1) return "no_hidden_layers";
  const act = arch.activationName?.toLowerCase();
  if (act && /^(linear|none|identity)$/.test(act) && (arch.depth ?? 1) >= 1) return "linear_hidden";
  return undefined;
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

const TORCH_LINEAR = /\b(?:Linear|LazyLinear)\(in_features=(\d+), out_features=(\d+), bias=(True|False)\)/g;
// Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), bias=False): the arguments hold one level of parentheses
const TORCH_CONV = /\b(?:Conv|ConvTranspose)[123]d\((\d+), (\d+)((?:[^()]|\([^()]*\))*)\)/g;

/**
 * The weight layers of a PyTorch module's printed form (`str(model)`: `Linear(in_features=12,
 * out_features=32, bias=True)`, `Conv2d(1, 8, kernel_size=(3, 3), …, bias=False)`), in order, with
 * [out, in] shapes; null when the text holds none. Layers are ordered by their place in the text,
 * which is the order PyTorch prints a Sequential or a module's children in.
 */
export function torchModuleLayers(text: string): LayerEntry[] | null {
  if (!/(Linear|Conv(Transpose)?[123]d)\(/.test(text)) return null;
  const found: { at: number; e: LayerEntry }[] = [];
  for (const m of text.matchAll(TORCH_LINEAR))
    found.push({ at: m.index, e: { shape: [Number(m[2]), Number(m[1])], bias: m[3] === "True" } });
  for (const m of text.matchAll(TORCH_CONV))
    found.push({ at: m.index, e: { shape: [Number(m[2]), Number(m[1])], bias: !/bias=False/.test(m[3]) } });
  if (!found.length) return null;
  return found.sort((a, b) => a.at - b.at).map((f) => f.e);
}

/**
 * The first text holding a PyTorch module's printed form, with its weight layers: any
 * hyper-parameter (the layer-list names among them), else the first record of a text summary
 * (`writer.add_text("model", str(model))`).
 */
function printedModule(view: RunView): { text: string; layers: LayerEntry[] } | null {
  const texts = [...view.hparams.values(), ...view.run.dirs.flatMap((d) => [...d.texts.values()].map((t) => t.points[0]?.text))];
  for (const text of texts) {
    if (typeof text !== "string") continue;
    const layers = torchModuleLayers(text);
    if (layers) return { text, layers };
  }
  return null;
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
  // a layer summary under the layer-list names, else a PyTorch module's printed form
  const listed = typeof hidden === "string" ? layerSummary(hidden) : null;
  const module = listed ? null : printedModule(view);
  const summary = listed ?? module?.layers ?? null;
  const printed = module?.text;
  if (summary) {
    // a logged layer summary (a JSON list of layers with their weight shapes): the last is the output
    out.depth = summary.length - 1;
    out.layers = summary.length;
    const last = summary[summary.length - 1];
    // (a printed module lists its children in the order they were defined, which is the order
    // they run in only for a Sequential: another module's last printed layer may be an extra head)
    if (last.shape.length && (!printed || /^\s*Sequential\(/.test(printed))) out.outputUnits = last.shape[0];
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
    (printed && RECURRENT.test(printed)) ||
    view.histogramKeys.some((k) => RECURRENT.test(k)) ||
    view.gradNorms.some((g) => RECURRENT.test(g.key))
  )
    out.recurrent = true;
  return out;
}
