// The model's graph as TensorBoard's `graph_keras_model` plugin stores it (the conceptual graph of
// TensorBoard's graph tab): the Keras model config JSON, i.e. TF.js `model.toJSON()` (class_name,
// config.layers with name, class_name, config and, for functional models, inbound_nodes), plus the
// compiled loss as Keras 3's `compile_config` ({loss, optimizer, metrics}), so a reader can tell
// which loss the outputs feed and whether it expects logits. Contract:
//   - a Sequential model's layers keep no `inbound_nodes` (TensorBoard chains them in order, in
//     its Keras 2 and Keras 3 readers alike); functional models keep TF.js's nested-list layout;
//   - every layer carries its `name` beside `config.name`, as Keras's functional configs do;
//   - `loss`: the recorder's option wins (a name, `{class_name, config: {from_logits}}`, or one per
//     output name with `null` for an output that feeds no loss); otherwise the compiled loss when it
//     is a name (TF.js camelCase names are written in Keras snake_case); a loss function is named
//     by its function name when it has one.
import * as tf from "@tensorflow/tfjs";

/** A loss as Keras serialises it: a name, or a loss object with its config. */
export type KerasLossSpec = string | { class_name: string; config?: { from_logits?: boolean; [k: string]: unknown } };
/** One loss for every output, or one per output name (`null`: the output feeds no loss). */
export type KerasLoss = KerasLossSpec | Record<string, KerasLossSpec | null>;

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

function compiledLoss(model: tf.LayersModel): KerasLoss | undefined {
  const l = (model as { loss?: unknown }).loss;
  const one = (x: unknown): KerasLossSpec | undefined =>
    typeof x === "string" ? snake(x) : typeof x === "function" && x.name ? snake(x.name) : undefined;
  if (l === undefined || l === null) return undefined;
  if (Array.isArray(l)) {
    const names = model.outputNames ?? [];
    const out: Record<string, KerasLossSpec | null> = {};
    l.forEach((x, i) => names[i] !== undefined && (out[names[i]] = one(x) ?? null));
    return Object.keys(out).length ? out : undefined;
  }
  if (typeof l === "object") {
    const out: Record<string, KerasLossSpec | null> = {};
    for (const [k, x] of Object.entries(l as Record<string, unknown>)) out[k] = one(x) ?? null;
    return out;
  }
  return one(l);
}

/** The Keras model config of `model` with its compile config, ready for JSON. */
export function kerasModelConfig(model: tf.LayersModel, loss?: KerasLoss): Record<string, unknown> {
  const json = model.toJSON(null, false) as unknown as { class_name: string; config: { layers: Record<string, unknown>[] } };
  const sequential = json.class_name === "Sequential";
  for (const l of json.config.layers ?? []) {
    const cfg = (l.config ?? {}) as { name?: string };
    if (l.name === undefined && cfg.name !== undefined) l.name = cfg.name;
    if (sequential) delete l.inbound_nodes;
  }
  const lossSpec = loss ?? compiledLoss(model);
  const opt = (model as { optimizer?: { getClassName?: () => string } }).optimizer;
  const out: Record<string, unknown> = { ...json };
  if (lossSpec !== undefined || opt) {
    out.compile_config = {
      ...(opt?.getClassName ? { optimizer: { class_name: opt.getClassName() } } : {}),
      ...(lossSpec !== undefined ? { loss: lossSpec } : {}),
    };
  }
  return out;
}
