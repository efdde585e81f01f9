// StepRecorder: records a TF.js training run as TensorBoard event files, one call per optimizer
// step (custom training loops) and one per epoch. Layout and tags (TF.js / Keras style):
//   <logdir>/train/  batch_loss, batch_<metric>, learning_rate, grad_norm/<variable>,
//                    grad_norm_total (every step); epoch_loss, epoch_<metric> (every epoch);
//                    histograms weights/<variable>, gradients/<variable>, activations/<layer>
//                    every `collectFreq` steps, the first at step 0; text notes; hparams plugin records;
//                    the model graph (tag `keras`, `graph_keras_model` plugin, step 0) once a model is set
//   <logdir>/val/    epoch_loss, epoch_<metric>
//   <logdir>/hparams.json
// Options mirror SummaryCollector (collectFreq, which tensors) and SummaryWriter (flushSecs, maxQueue).

import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { HParamsScalar } from "../format/index.ts";
import { SummaryWriter, type SummaryWriterOptions } from "./summary_writer.ts";
import { kerasModelConfig, type KerasLoss } from "./keras_model.ts";

export interface CollectSpec {
  /** Histograms of every weight (default true). */
  weights?: boolean;
  /** Histograms of every gradient (default true, when gradients are given). */
  gradients?: boolean;
  /** Histograms of every layer's output (default true, when inputs and a model are given). */
  activations?: boolean;
  /** Per-variable gradient L2 norms and their total, every step (default true, when gradients are given). */
  gradNorms?: boolean;
  /** The learning rate, every step (default true, when given). */
  learningRate?: boolean;
}

export interface RecorderOptions extends SummaryWriterOptions {
  /** Steps between histogram collections (default 10; the first at step 0). */
  collectFreq?: number;
  collect?: CollectSpec;
  /** Hyper-parameters written at the start (hparams plugin + hparams.json). */
  hparams?: Record<string, HParamsScalar>;
  /** Write the model graph (Keras model config) when a model is set (default true). */
  graph?: boolean;
  /**
   * The loss the model is trained with, for the graph (default: the compiled loss). A custom loop
   * names it here: `{class_name: "CategoricalCrossentropy", config: {from_logits: true}}` for
   * `tf.losses.softmaxCrossEntropy`, or one per output name (`null`: that output feeds no loss).
   */
  loss?: KerasLoss;
}

export interface StepValues {
  loss: number | tf.Tensor;
  /** Other per-step metrics, e.g. {accuracy: 0.9}. */
  metrics?: Record<string, number | tf.Tensor>;
  lr?: number;
  /** Gradients keyed by variable name (as `tf.variableGrads` returns them). */
  grads?: Record<string, tf.Tensor>;
  /** The step's input batch, for layer-output histograms. */
  inputs?: tf.Tensor | tf.Tensor[];
}

export interface EpochValues {
  /** Training-set values, e.g. {loss: 0.3, accuracy: 0.9}. */
  train?: Record<string, number | tf.Tensor>;
  /** Validation-set values, e.g. {loss: 0.4, accuracy: 0.85}. */
  val?: Record<string, number | tf.Tensor>;
}

/** True when tensors live in host memory (wasm, cpu), where reading one back is a plain copy. */
function hostMemoryBackend(): boolean {
  const b = tf.getBackend();
  return b === "wasm" || b === "cpu" || b === "tensorflow";
}

/**
 * Reads tensors back as float32 arrays: on wasm/cpu each is copied out (no ops); on a device
 * backend (webgl, webgpu) they are flattened into one tensor and read back once.
 */
export async function readTensors(ts: tf.Tensor[]): Promise<Float32Array[]> {
  if (hostMemoryBackend()) {
    return ts.map((x) => (x.dtype === "float32" ? (x.dataSync() as Float32Array) : Float32Array.from(x.dataSync() as ArrayLike<number>)));
  }
  const flat = tf.tidy(() => tf.concat(ts.map((x) => tf.reshape(x.dtype === "float32" ? x : tf.cast(x, "float32"), [-1]))));
  const all = (await flat.data()) as Float32Array;
  flat.dispose();
  const out: Float32Array[] = [];
  let o = 0;
  for (const x of ts) {
    out.push(all.subarray(o, o + x.size));
    o += x.size;
  }
  return out;
}

function l2norm(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

export async function scalarOf(v: number | tf.Tensor): Promise<number> {
  return typeof v === "number" ? v : (await v.data())[0];
}

/** Variable name as recorded: TF.js names like `dense_Dense1/kernel` keep their layer/weight form. */
export function variableTag(name: string): string {
  return name.replace(/:\d+$/, "");
}

export class StepRecorder {
  readonly logdir: string;
  readonly train: SummaryWriter;
  readonly val: SummaryWriter;
  readonly collectFreq: number;
  private readonly collect: Required<CollectSpec>;
  private model?: tf.LayersModel;
  private probe?: { model: tf.LayersModel; names: string[] };
  private closed = false;
  private graphWritten = false;
  private readonly opts: RecorderOptions;

  constructor(logdir: string, opts: RecorderOptions = {}, model?: tf.LayersModel) {
    this.logdir = logdir;
    this.opts = opts;
    const wopts: SummaryWriterOptions = { ...opts };
    this.train = new SummaryWriter(path.join(logdir, "train"), { ...wopts, fileIndex: opts.fileIndex });
    this.val = new SummaryWriter(path.join(logdir, "val"), { ...wopts, fileIndex: opts.fileIndex });
    this.collectFreq = Math.max(1, opts.collectFreq ?? 10);
    this.collect = { weights: true, gradients: true, activations: true, gradNorms: true, learningRate: true, ...opts.collect };
    if (model) this.setModel(model);
    if (opts.hparams) this.hparams(opts.hparams);
  }

  setModel(model: tf.LayersModel): void {
    if (!(model instanceof tf.LayersModel)) {
      throw new Error(
        "StepRecorder: the model is not a tf.LayersModel of the @tensorflow/tfjs copy trainscope/recorder uses; " +
          "two copies are installed (`npm ls @tensorflow/tfjs` lists them); install one (trainscope takes it as a peer dependency)",
      );
    }
    this.model = model;
    this.probe = undefined;
    if (this.opts.graph !== false && !this.graphWritten) {
      this.graphWritten = true;
      // a model whose config cannot be serialised (a custom layer without getConfig) trains on
      // without its graph; the reason is left as a text note
      let config: Record<string, unknown> | undefined;
      try {
        config = kerasModelConfig(model, this.opts.loss);
      } catch (e) {
        this.train.addText("recorder/graph", `model graph not written: ${(e as Error).message}`, 0);
      }
      if (config) this.train.addKerasModel(config, 0);
    }
  }

  /** True when histograms are collected at this step (0, N, 2N, ...). */
  shouldCollect(step: number): boolean {
    return step % this.collectFreq === 0;
  }

  hparams(h: Record<string, HParamsScalar>, metricTags: string[] = ["epoch_loss"]): void {
    this.train.addHparams(h, metricTags, { jsonFile: false });
    // hparams.json at the run root, beside train/ and val/ (same layout SummaryWriter writes)
    fs.writeFileSync(path.join(this.logdir, "hparams.json"), JSON.stringify({ hparams: h, metrics: metricTags }, null, 2) + "\n");
  }

  text(tag: string, text: string, step: number): void {
    this.train.addText(tag, text, step);
  }

  /**
   * Records one optimizer step. Tensors passed in are read, not disposed. Gradients read for the
   * norms are reused by the step's histograms, so nothing is read twice.
   */
  async step(step: number, v: StepValues): Promise<void> {
    const t = this.train;
    const metricNames = Object.keys(v.metrics ?? {});
    const scalarIn: (number | tf.Tensor)[] = [v.loss, ...metricNames.map((k) => v.metrics![k])];
    const scalarTensors = scalarIn.filter((x): x is tf.Tensor => typeof x !== "number");
    const read = scalarTensors.length ? await readTensors(scalarTensors) : [];
    let r = 0;
    const scalars = scalarIn.map((x) => (typeof x === "number" ? x : read[r++][0]));
    t.addScalar("batch_loss", scalars[0], step);
    metricNames.forEach((k, i) => t.addScalar(`batch_${k}`, scalars[1 + i], step));
    if (v.lr !== undefined && this.collect.learningRate) t.addScalar("learning_rate", v.lr, step);
    const collect = this.shouldCollect(step);
    let gradValues: Map<string, Float32Array> | undefined;
    if (v.grads && this.collect.gradNorms) {
      const names = Object.keys(v.grads);
      let total = 0;
      if (hostMemoryBackend()) {
        // host memory (wasm, cpu): reading a gradient is a copy, cheaper than the ops of a norm
        const vals = await readTensors(names.map((n) => v.grads![n]));
        gradValues = new Map(names.map((n, i) => [n, vals[i]]));
        names.forEach((n, i) => {
          const x = l2norm(vals[i]);
          t.addScalar(`grad_norm/${variableTag(n)}`, x, step);
          total += x * x;
        });
      } else {
        // device memory: norms on the device, one small read
        const norms = tf.tidy(() => tf.stack(names.map((n) => tf.norm(v.grads![n]))));
        const arr = await norms.data();
        norms.dispose();
        names.forEach((n, i) => {
          t.addScalar(`grad_norm/${variableTag(n)}`, arr[i], step);
          total += arr[i] * arr[i];
        });
      }
      t.addScalar("grad_norm_total", Math.sqrt(total), step);
    }
    if (!collect) return;
    await this.histograms(step, v.grads, v.inputs, gradValues);
  }

  /**
   * Histograms of weights, the given gradients and (with inputs) every layer's output. On a
   * device backend they are flattened into one tensor and read back with a single `data()` call;
   * on wasm/cpu each is copied out directly. `known` holds values already read (by name).
   */
  async histograms(
    step: number,
    grads?: Record<string, tf.Tensor>,
    inputs?: tf.Tensor | tf.Tensor[],
    known?: Map<string, Float32Array>,
  ): Promise<void> {
    const tags: string[] = [];
    const ready: (Float32Array | undefined)[] = [];
    const pending: tf.Tensor[] = [];
    const owned: tf.Tensor[] = [];
    if (this.model && this.collect.weights)
      for (const w of this.model.weights) {
        tags.push(`weights/${variableTag(w.originalName)}`);
        ready.push(undefined);
        pending.push(w.read());
      }
    if (grads && this.collect.gradients) {
      for (const [n, g] of Object.entries(grads)) {
        tags.push(`gradients/${variableTag(n)}`);
        const k = known?.get(n);
        ready.push(k);
        if (!k) pending.push(g);
      }
    }
    if (inputs && this.model && this.collect.activations) {
      const p = this.probeModel();
      const o = tf.tidy(() => p.model.predict(inputs));
      (Array.isArray(o) ? o : [o]).forEach((x, i) => {
        tags.push(`activations/${p.names[i]}`);
        ready.push(undefined);
        pending.push(x);
        owned.push(x);
      });
    }
    const vals = pending.length ? await readTensors(pending) : [];
    tf.dispose(owned);
    let j = 0;
    tags.forEach((tag, i) => this.train.addHistogram(tag, ready[i] ?? vals[j++], step));
  }

  /** A model with every layer's output as an output (built once). */
  private probeModel(): { model: tf.LayersModel; names: string[] } {
    if (!this.probe) {
      const m = this.model!;
      const layers = m.layers.filter((l) => !/^(input|flatten|dropout|reshape)/i.test(l.getClassName()));
      this.probe = {
        // a layer called more than once (shared weights) is recorded at its last call
        model: tf.model({
          inputs: m.inputs,
          outputs: layers.map(
            (l) => (l.inboundNodes.length > 1 ? l.getOutputAt(l.inboundNodes.length - 1) : l.output) as tf.SymbolicTensor,
          ),
        }),
        names: layers.map((l) => l.name),
      };
    }
    return this.probe;
  }

  /** Records epoch-level values: train/ epoch_<k>, val/ epoch_<k>. */
  async epoch(epoch: number, v: EpochValues): Promise<void> {
    for (const [k, x] of Object.entries(v.train ?? {})) this.train.addScalar(`epoch_${k}`, await scalarOf(x), epoch);
    for (const [k, x] of Object.entries(v.val ?? {})) this.val.addScalar(`epoch_${k}`, await scalarOf(x), epoch);
  }

  flush(): void {
    this.train.flush();
    this.val.flush();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.train.close();
    this.val.close();
  }
}
