// Keras model config (the JSON of `model.to_json()` / TF.js `model.toJSON()`, as TensorBoard's
// `graph_keras_model` plugin stores it: a DT_STRING tensor under tag `keras`, plugin content "1")
// read into the common graph vocabulary (src/model/graph.ts). Contract:
//   - one `op` node per layer (`input` for InputLayer), named by its model scope
//     (`sequential/dense_1`; a model nested as a layer adds its own scope, `sequential/xception/conv`);
//   - edges from `inbound_nodes` in both layouts: Keras 2 / TF.js nested lists
//     (`[[["dense", 0, 0, {kwargs}]]]`) and Keras 3 dicts (`{args: [{config: {keras_history}}], kwargs}`);
//     a Sequential model's layers (no `inbound_nodes`) are chained in order; an edge into a nested
//     model goes to its input layers, an edge from it comes from its output layers;
//   - a layer called more than once (weights shared) is still one node: `attrs.calls` counts the
//     calls and its inputs hold the inputs of every call (an edge from itself when a call reads the
//     layer's own output);
//   - `attrs` hold the layer config's plain values (units, activation, use_bias, rate, trainable,
//     kernel_size, ...; initialisers by class name) and call kwargs such as `training`;
//   - one `parameter` node per weight (`sequential/dense_1/kernel`, `.../bias`) feeding its layer,
//     with its shape when the input width is known (`param` = `dense_1/kernel`, the name
//     weight histograms use; `attrs.trainable`: false in a layer or model set non-trainable and
//     for non-trainable state such as BatchNorm moving statistics);
//   - the compiled loss (Keras 3 `compile_config.loss`: a name, a serialised loss with
//     `from_logits`, or one per output; `null` for an output without loss) becomes an `output`
//     node `<model>/loss` fed by the outputs it is computed on.
// Errors: `KerasGraphError` names what is wrong (not JSON, no layers, a layer without a name).
import type { GraphAttrValue, GraphEdge, GraphNode, ModelGraph } from "../model/index.ts";

export class KerasGraphError extends Error {}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** One input of one call of a layer. */
interface InRef {
  layer: string;
  node: number;
  tensor: number;
  kwargs?: Obj;
  shape?: number[];
}

/** Decodes the model config JSON; throws KerasGraphError. */
export function decodeKerasModelGraph(json: string): ModelGraph {
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch (e) {
    throw new KerasGraphError(`the Keras model config is not JSON: ${(e as Error).message}`);
  }
  if (!isObj(root) || !isObj(root.config)) throw new KerasGraphError("the Keras model config has no `config` object");
  const b = new Builder();
  const outputs = b.model(root, "", [], undefined);
  const modelName = str(root.config.name) ?? str(root.name) ?? "model";
  b.loss(root, modelName, outputs);
  const keras = str(root.keras_version);
  return {
    format: "keras_model",
    name: modelName,
    producer: keras?.startsWith("tfjs") ? `tfjs:${keras}` : "keras",
    nodes: b.nodes,
  };
}

class Builder {
  readonly nodes: GraphNode[] = [];
  private readonly byName = new Map<string, GraphNode>();
  private readonly shapes = new Map<string, number[]>();

  private add(n: GraphNode): GraphNode {
    let name = n.name;
    for (let i = 1; this.byName.has(name); i++) name = `${n.name}_${i}`;
    n.name = name;
    this.nodes.push(n);
    this.byName.set(name, n);
    return n;
  }

  /**
   * Adds the layers of a model (or a model used as a layer) under `scope` and returns its output
   * node names. `external` are the producers feeding the model's inputs (when nested), `prev` the
   * previous node of an enclosing Sequential chain.
   */
  model(m: Obj, scope: string, external: string[], prev: string | undefined, frozenParent = false): string[] {
    const cfg = m.config as Obj;
    // a model set non-trainable freezes every layer in it, whatever the layers' own flags say
    const frozen = frozenParent || cfg.trainable === false;
    const name = str(cfg.name) ?? str(m.name) ?? "model";
    const ms = scope ? `${scope}/${name}` : name;
    const layers = Array.isArray(cfg.layers) ? cfg.layers : [];
    if (!Array.isArray(cfg.layers)) throw new KerasGraphError(`model ${ms}: config.layers is not a list`);
    const inputLayers = refList(cfg.input_layers);
    const outputLayers = refList(cfg.output_layers);
    const functional = inputLayers.length > 0 && outputLayers.length > 0;
    const modelOutputs = new Map<string, string[]>();
    const resolve = (r: InRef): string => {
      const sub = modelOutputs.get(r.layer);
      if (sub) return sub[Math.min(r.tensor, sub.length - 1)] ?? `${ms}/${r.layer}`;
      return `${ms}/${r.layer}`;
    };
    let chain = prev;
    let last: string | undefined;
    let first = true;
    for (const l of layers) {
      if (!isObj(l) || !isObj(l.config)) throw new KerasGraphError(`model ${ms}: a layer without a config object`);
      const lname = str(l.config.name) ?? str(l.name);
      if (!lname) throw new KerasGraphError(`model ${ms}: a ${str(l.class_name) ?? "layer"} without a name`);
      const calls = inboundCalls(l.inbound_nodes);
      const cls = str(l.class_name) ?? "Layer";
      // the producers of this layer's inputs, over every call
      let ins: string[] = [];
      if (calls.length) ins = calls.flatMap((c) => c.map(resolve));
      else if (!functional && cls !== "InputLayer" && chain !== undefined) ins = [chain];
      else if (cls === "InputLayer") {
        const i = inputLayers.findIndex((r) => r.layer === lname);
        const ext = external[i >= 0 ? i : 0];
        if (ext !== undefined && (functional || first)) ins = [ext];
        else if (!functional && chain !== undefined) ins = [chain];
      }
      if (isObj(l.config) && Array.isArray(l.config.layers)) {
        const outs = this.model(l, ms, ins, ins[0], frozen);
        modelOutputs.set(lname, outs);
        chain = last = outs[outs.length - 1];
        first = false;
        continue;
      }
      const node = this.layer(l, cls, `${ms}/${lname}`, ins, calls, frozen);
      chain = last = node.name;
      first = false;
    }
    if (functional) return outputLayers.map((r) => resolve(r));
    return last !== undefined ? [last] : [];
  }

  private layer(l: Obj, cls: string, name: string, ins: string[], calls: InRef[][], frozen: boolean): GraphNode {
    const cfg = l.config as Obj;
    const attrs: Record<string, GraphAttrValue> = {};
    for (const [k, v] of Object.entries(cfg)) {
      if (k === "name") continue;
      const a = plainAttr(v);
      if (a !== undefined) attrs[k] = a;
    }
    if (calls.length > 1) attrs.calls = calls.length;
    for (const c of calls)
      for (const r of c)
        for (const [k, v] of Object.entries(r.kwargs ?? {})) {
          const a = plainAttr(v);
          if (a !== undefined && a !== null && attrs[k] === undefined) attrs[k] = a;
        }
    const inputs: GraphEdge[] = [];
    const seen = new Set<string>();
    for (const i of ins) {
      if (seen.has(i)) continue;
      seen.add(i);
      inputs.push({ node: i, output: 0, control: false });
    }
    const kind = cls === "InputLayer" ? "input" : "op";
    const inShape = this.inputShape(cfg, calls, ins);
    const outShape = outputShapeOf(cls, cfg, inShape);
    const dtype = dtypeOf(cfg.dtype);
    const node: GraphNode = { name, op: cls, kind, inputs, attrs };
    if (dtype) node.dtype = dtype;
    if (outShape) {
      node.outputShapes = [outShape];
      this.shapes.set(name, outShape);
    }
    this.add(node);
    // the layer's weights
    const trainable = cfg.trainable !== false && !frozen;
    const layerName = name.split("/").pop()!;
    for (const w of weightsOf(cls, cfg, inShape)) {
      const p: GraphNode = {
        name: `${name}/${w.name}`,
        op: "Variable",
        kind: "parameter",
        inputs: [],
        attrs: { trainable: trainable && w.trainable !== false },
        param: `${layerName}/${w.name}`,
      };
      if (dtype) p.dtype = dtype;
      if (w.shape) p.outputShapes = [w.shape];
      this.add(p);
      node.inputs.push({ node: p.name, output: 0, control: false });
    }
    return node;
  }

  /** Input shape of a layer: recorded (Keras 3 keras_tensor shapes, batch_input_shape) or the producer's. */
  private inputShape(cfg: Obj, calls: InRef[][], ins: string[]): number[] | undefined {
    const rec = calls[0]?.[0]?.shape;
    if (rec) return rec;
    for (const k of ["batch_input_shape", "batch_shape"]) {
      const s = shapeOf(cfg[k]);
      if (s) return s;
    }
    const bc = isObj(cfg.build_config) ? shapeOf(cfg.build_config.input_shape) : undefined;
    if (bc) return bc;
    return ins.length ? this.shapes.get(ins[0]) : undefined;
  }

  /** The `<model>/loss` output node from `compile_config.loss` (or TF.js / Keras 2 `training_config`). */
  loss(root: Obj, modelName: string, outputs: string[]): void {
    const cc = isObj(root.compile_config) ? root.compile_config : isObj(root.training_config) ? root.training_config : undefined;
    if (!cc || cc.loss === undefined || cc.loss === null) return;
    const spec = cc.loss;
    // one loss per output: a list in output order, or a dict by output layer name
    const per: { out: string; loss: Json }[] = [];
    if (Array.isArray(spec)) spec.forEach((s, i) => outputs[i] !== undefined && per.push({ out: outputs[i], loss: s }));
    else if (isObj(spec) && !("class_name" in spec))
      for (const [k, s] of Object.entries(spec)) {
        const out = outputs.find((o) => o.split("/").pop() === k);
        if (out) per.push({ out, loss: s });
      }
    else for (const out of outputs) per.push({ out, loss: spec });
    const used = per.filter((p) => p.loss !== null && p.loss !== undefined);
    if (!used.length) return;
    const first = describeLoss(used[0].loss);
    const attrs: Record<string, GraphAttrValue> = { loss: first.name };
    if (first.fromLogits !== undefined) attrs.from_logits = first.fromLogits;
    if (used.length > 1) attrs.losses = used.map((p) => describeLoss(p.loss).name);
    const unused = outputs.filter((o) => !used.some((p) => p.out === o));
    if (unused.length) attrs.outputs_without_loss = unused;
    this.add({
      name: `${modelName}/loss`,
      op: first.className,
      kind: "output",
      inputs: used.map((p) => ({ node: p.out, output: 0, control: false })),
      attrs,
    });
  }
}

function describeLoss(l: Json): { name: string; className: string; fromLogits?: boolean } {
  if (typeof l === "string") return { name: l, className: l };
  if (isObj(l)) {
    const c = isObj(l.config) ? l.config : {};
    const className = str(l.class_name) ?? str(c.name) ?? "Loss";
    const out: { name: string; className: string; fromLogits?: boolean } = { name: str(c.name) ?? className, className };
    if (typeof c.from_logits === "boolean") out.fromLogits = c.from_logits;
    return out;
  }
  return { name: "loss", className: "Loss" };
}

/** `[["name", 0, 0], ...]` or `["name", 0, 0]` (input_layers / output_layers). */
function refList(v: Json | undefined): InRef[] {
  if (!Array.isArray(v) || !v.length) return [];
  const list = Array.isArray(v[0]) ? (v as Json[]) : [v];
  const out: InRef[] = [];
  for (const r of list)
    if (Array.isArray(r) && typeof r[0] === "string") out.push({ layer: r[0], node: Number(r[1]) || 0, tensor: Number(r[2]) || 0 });
  return out;
}

/** The calls of a layer, each with its inputs, from `inbound_nodes` in the Keras 2 or Keras 3 layout. */
function inboundCalls(v: Json | undefined): InRef[][] {
  if (!Array.isArray(v)) return [];
  const calls: InRef[][] = [];
  for (const node of v) {
    if (Array.isArray(node)) {
      // Keras 2 / TF.js: a call is a list of [layer, node_index, tensor_index, kwargs]
      const refs: InRef[] = [];
      const items = node.length && !Array.isArray(node[0]) ? [node] : node;
      for (const r of items)
        if (Array.isArray(r) && typeof r[0] === "string")
          refs.push({ layer: r[0], node: Number(r[1]) || 0, tensor: Number(r[2]) || 0, ...(isObj(r[3]) ? { kwargs: r[3] } : {}) });
      if (refs.length) calls.push(refs);
    } else if (isObj(node)) {
      // Keras 3: {args: [keras_tensor | [keras_tensor...]], kwargs: {...}}
      const refs: InRef[] = [];
      const kwargs = isObj(node.kwargs) ? node.kwargs : undefined;
      const visit = (a: Json) => {
        if (Array.isArray(a)) a.forEach(visit);
        else if (isObj(a) && isObj(a.config) && Array.isArray(a.config.keras_history)) {
          const h = a.config.keras_history;
          if (typeof h[0] === "string") {
            const r: InRef = { layer: h[0], node: Number(h[1]) || 0, tensor: Number(h[2]) || 0 };
            const s = shapeOf(a.config.shape);
            if (s) r.shape = s;
            refs.push(r);
          }
        }
      };
      visit(node.args ?? []);
      if (kwargs) for (const r of refs) r.kwargs = kwargs;
      if (refs.length) calls.push(refs);
    }
  }
  return calls;
}

function shapeOf(v: Json | undefined): number[] | undefined {
  if (!Array.isArray(v)) return undefined;
  if (!v.every((d) => d === null || typeof d === "number")) return undefined;
  return v.map((d) => (typeof d === "number" ? d : -1));
}

function dtypeOf(v: Json | undefined): string | undefined {
  if (typeof v === "string") return v;
  if (isObj(v) && isObj(v.config)) return str(v.config.name);
  return undefined;
}

const MAX_LIST = 16;

/** A config value as a plain attribute: primitives, short lists of primitives, a serialised object by class name. */
function plainAttr(v: Json): GraphAttrValue | undefined {
  if (v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (Array.isArray(v)) {
    if (v.length <= MAX_LIST && v.every((x) => x === null || typeof x === "number" || typeof x === "string" || typeof x === "boolean"))
      return v as GraphAttrValue[];
    return undefined;
  }
  if (isObj(v) && typeof v.class_name === "string") return v.class_name;
  return undefined;
}

const num = (v: Json | undefined): number | undefined => (typeof v === "number" ? v : undefined);
const pair = (v: Json | undefined, n = 2): number[] | undefined =>
  typeof v === "number" ? Array(n).fill(v) : Array.isArray(v) && v.every((x) => typeof x === "number") ? (v as number[]) : undefined;

/** Output shape for the common layers (channels last); undefined when it cannot be told. */
function outputShapeOf(cls: string, cfg: Obj, inp: number[] | undefined): number[] | undefined {
  if (cls === "InputLayer") return inp;
  if (
    /^(Dropout|SpatialDropout\dD|GaussianNoise|GaussianDropout|AlphaDropout|Activation|ReLU|LeakyReLU|PReLU|ELU|Softmax|BatchNormalization|LayerNormalization|Masking)$/.test(
      cls,
    )
  )
    return inp;
  if (!inp) {
    if (cls === "Dense" && num(cfg.units) !== undefined) return [-1, num(cfg.units)!];
    return undefined;
  }
  const c = inp[inp.length - 1];
  if (cls === "Dense") return num(cfg.units) !== undefined ? [...inp.slice(0, -1), num(cfg.units)!] : undefined;
  if (cls === "Flatten") return inp.slice(1).every((d) => d >= 0) ? [inp[0], inp.slice(1).reduce((a, b) => a * b, 1)] : [inp[0], -1];
  if (/^Conv\dD$|^SeparableConv\dD$/.test(cls) && num(cfg.filters) !== undefined)
    return [...inp.slice(0, -1).map((d, i) => (i ? -1 : d)), num(cfg.filters)!];
  if (cls === "DepthwiseConv2D") return [...inp.slice(0, -1).map((d, i) => (i ? -1 : d)), c * (num(cfg.depth_multiplier) ?? 1)];
  if (/^Global(Average|Max)Pooling\dD$/.test(cls)) return cfg.keepdims === true ? undefined : [inp[0], c];
  if (cls === "Embedding" && num(cfg.output_dim) !== undefined) return [...inp, num(cfg.output_dim)!];
  return undefined;
}

interface Weight {
  name: string;
  shape?: number[];
  trainable?: boolean;
}

/** The weights a layer creates, with shapes when the input width is known. */
function weightsOf(cls: string, cfg: Obj, inp: number[] | undefined): Weight[] {
  const c = inp && inp[inp.length - 1] >= 0 ? inp[inp.length - 1] : undefined;
  const bias = cfg.use_bias !== false;
  const sh = (s: (number | undefined)[]): number[] | undefined => (s.every((d) => d !== undefined) ? (s as number[]) : undefined);
  const units = num(cfg.units),
    filters = num(cfg.filters);
  if (cls === "Dense") return [{ name: "kernel", shape: sh([c, units]) }, ...(bias ? [{ name: "bias", shape: sh([units]) }] : [])];
  const conv = /^Conv(\d)D$/.exec(cls);
  if (conv) {
    const k = pair(cfg.kernel_size, Number(conv[1]));
    return [{ name: "kernel", shape: k ? sh([...k, c, filters]) : undefined }, ...(bias ? [{ name: "bias", shape: sh([filters]) }] : [])];
  }
  const sep = /^SeparableConv(\d)D$/.exec(cls);
  if (sep) {
    const k = pair(cfg.kernel_size, Number(sep[1]));
    const dm = num(cfg.depth_multiplier) ?? 1;
    return [
      { name: "depthwise_kernel", shape: k ? sh([...k, c, dm]) : undefined },
      { name: "pointwise_kernel", shape: sh([...Array(Number(sep[1])).fill(1), c !== undefined ? c * dm : undefined, filters]) },
      ...(bias ? [{ name: "bias", shape: sh([filters]) }] : []),
    ];
  }
  if (cls === "DepthwiseConv2D") {
    const k = pair(cfg.kernel_size);
    const dm = num(cfg.depth_multiplier) ?? 1;
    return [
      { name: "depthwise_kernel", shape: k ? sh([...k, c, dm]) : undefined },
      ...(bias ? [{ name: "bias", shape: sh([c !== undefined ? c * dm : undefined]) }] : []),
    ];
  }
  if (cls === "BatchNormalization")
    return [
      ...(cfg.scale !== false ? [{ name: "gamma", shape: sh([c]) }] : []),
      ...(cfg.center !== false ? [{ name: "beta", shape: sh([c]) }] : []),
      { name: "moving_mean", shape: sh([c]), trainable: false },
      { name: "moving_variance", shape: sh([c]), trainable: false },
    ];
  if (cls === "LayerNormalization")
    return [
      ...(cfg.scale !== false ? [{ name: "gamma", shape: sh([c]) }] : []),
      ...(cfg.center !== false ? [{ name: "beta", shape: sh([c]) }] : []),
    ];
  if (cls === "Embedding") return [{ name: "embeddings", shape: sh([num(cfg.input_dim), num(cfg.output_dim)]) }];
  const gates = cls === "LSTM" ? 4 : cls === "GRU" ? 3 : cls === "SimpleRNN" ? 1 : 0;
  if (gates && units !== undefined)
    return [
      { name: "kernel", shape: sh([c, gates * units]) },
      { name: "recurrent_kernel", shape: [units, gates * units] },
      ...(bias ? [{ name: "bias", shape: cls === "GRU" ? undefined : [gates * units] }] : []),
    ];
  return [];
}
