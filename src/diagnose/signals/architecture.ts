// What the logged configuration says about the network, when it says anything: the hidden
// activation family and the depth (number of hidden layers). Read from common hyper-parameter
// names (activation / act; hidden as "32x32", "[32, 32]" or a list; num_layers / depth / n_layers).
import { hparamNumber, hparamString, type RunView } from "./run_view.ts";

export interface ArchitectureSignal {
  activation?: "relu" | "sigmoid" | "tanh" | "other";
  activationName?: string;
  depth?: number;
}

export function architectureSignal(view: RunView): ArchitectureSignal {
  const out: ArchitectureSignal = {};
  const act = hparamString(view, ["activation", "act", "hidden_activation", "activation_fn", "nonlinearity"]);
  if (act) {
    out.activationName = act;
    // only a plain ReLU (or ReLU6) can die: leaky/parametric ReLU, ELU, GELU, SELU, SiLU keep a gradient below zero
    const smoothOrLeaky = /leaky|prelu|rrelu|gelu|selu|celu|(^|[^a-z])elu|silu|swish|mish|softplus/i.test(act);
    out.activation = /sigmoid|logistic/i.test(act) ? "sigmoid" : /tanh/i.test(act) ? "tanh" : /relu/i.test(act) && !smoothOrLeaky ? "relu" : "other";
  }
  const hidden = view.hparams.get("hidden") ?? view.hparams.get("hidden_sizes") ?? view.hparams.get("hidden_units") ?? view.hparams.get("layers");
  if (typeof hidden === "string") {
    const parts = hidden.split(/[x×,\s[\]]+/).filter((p) => /^\d+$/.test(p));
    if (parts.length) out.depth = parts.length;
  }
  const n = hparamNumber(view, ["num_layers", "n_layers", "depth", "num_hidden_layers", "hidden_layers"]);
  if (out.depth === undefined && n !== undefined && n >= 1) out.depth = n;
  return out;
}
