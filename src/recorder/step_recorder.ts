// StepRecorder: records a TF.js training run as TensorBoard event files, one call per optimizer
// step (custom training loops) and one per epoch. Layout and tags (TF.js / Keras style):
//   <logdir>/train/  batch_loss, batch_<metric>, learning_rate, grad_norm/<variable>,
//                    grad_norm_total (every step); epoch_loss, epoch_<metric> (every epoch);
//                    histograms weights/<variable>, gradients/<variable>, activations/<layer>
//                    every `collectFreq` steps, the first at step 0; text notes; hparams plugin records
//   <logdir>/val/    epoch_loss, epoch_<metric>
//   <logdir>/hparams.json
// Options mirror SummaryCollector (collectFreq, which tensors) and SummaryWriter (flushSecs, maxQueue).

import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { HParamsScalar } from "../format/index.ts";
import { SummaryWriter, type SummaryWriterOptions } from "./summary_writer.ts";

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

export async function scalarOf(v: number | tf.Tensor): Promise<number> {
  return typeof v === "number" ? v : (await v.data())[0];
}

/** Variable name as recorded: TF.js names like `dense_Dense1/kernel` keep their layer/weight form. */
export function variableTag(name: string): string { return name.replace(/:\d+$/, ""); }

export class StepRecorder {
  readonly logdir: string;
  readonly train: SummaryWriter;
  readonly val: SummaryWriter;
  readonly collectFreq: number;
  private readonly collect: Required<CollectSpec>;
  private model?: tf.LayersModel;
  private probe?: { model: tf.LayersModel; names: string[] };
  private closed = false;

  constructor(logdir: string, opts: RecorderOptions = {}, model?: tf.LayersModel) {
    this.logdir = logdir;
    const wopts: SummaryWriterOptions = { ...opts };
    this.train = new SummaryWriter(path.join(logdir, "train"), { ...wopts, fileIndex: opts.fileIndex });
    this.val = new SummaryWriter(path.join(logdir, "val"), { ...wopts, fileIndex: opts.fileIndex });
    this.collectFreq = Math.max(1, opts.collectFreq ?? 10);
    this.collect = { weights: true, gradients: true, activations: true, gradNorms: true, learningRate: true, ...opts.collect };
    if (model) this.setModel(model);
    if (opts.hparams) this.hparams(opts.hparams);
  }

  setModel(model: tf.LayersModel): void {
    this.model = model;
    this.probe = undefined;
  }

  /** True when histograms are collected at this step (0, N, 2N, ...). */
  shouldCollect(step: number): boolean { return step % this.collectFreq === 0; }

  hparams(h: Record<string, HParamsScalar>, metricTags: string[] = ["epoch_loss"]): void {
    this.train.addHparams(h, metricTags, { jsonFile: false });
    // hparams.json at the run root, beside train/ and val/ (same layout SummaryWriter writes)
    fs.writeFileSync(path.join(this.logdir, "hparams.json"), JSON.stringify({ hparams: h, metrics: metricTags }, null, 2) + "\n");
  }

  text(tag: string, text: string, step: number): void { this.train.addText(tag, text, step); }

  /**
   * Records one optimizer step. Tensors passed in are read, not disposed. Everything the step needs
   * from the device (loss, metrics, gradient norms) comes back in one read.
   */
  async step(step: number, v: StepValues): Promise<void> {
    const t = this.train;
    const metricNames = Object.keys(v.metrics ?? {});
    const scalars: (number | tf.Tensor)[] = [v.loss, ...metricNames.map((k) => v.metrics![k])];
    const gradNames = v.grads && this.collect.gradNorms ? Object.keys(v.grads) : [];
    let values: ArrayLike<number>;
    if (gradNames.length === 0 && scalars.every((x) => typeof x === "number")) values = scalars as number[];
    else {
      const packed = tf.tidy(() => tf.concat([
        ...scalars.map((x) => (typeof x === "number" ? tf.tensor1d([x]) : tf.reshape(tf.cast(x, "float32"), [-1]).slice(0, 1))),
        ...gradNames.map((n) => tf.reshape(tf.norm(v.grads![n]), [1])),
      ]));
      values = await packed.data();
      packed.dispose();
    }
    t.addScalar("batch_loss", values[0], step);
    metricNames.forEach((k, i) => t.addScalar(`batch_${k}`, values[1 + i], step));
    if (v.lr !== undefined && this.collect.learningRate) t.addScalar("learning_rate", v.lr, step);
    if (gradNames.length) {
      let total = 0;
      const o = scalars.length;
      gradNames.forEach((n, i) => { const x = values[o + i]; t.addScalar(`grad_norm/${variableTag(n)}`, x, step); total += x * x; });
      t.addScalar("grad_norm_total", Math.sqrt(total), step);
    }
    if (!this.shouldCollect(step)) return;
    await this.histograms(step, v.grads, v.inputs);
  }

  /**
   * Histograms of weights, the given gradients and (with inputs) every layer's output. All of them
   * are flattened into one tensor on the device and read back with a single `data()` call.
   */
  async histograms(step: number, grads?: Record<string, tf.Tensor>, inputs?: tf.Tensor | tf.Tensor[]): Promise<void> {
    const tags: string[] = [];
    const sizes: number[] = [];
    const flat = tf.tidy(() => {
      const parts: tf.Tensor[] = [];
      const add = (tag: string, x: tf.Tensor) => { tags.push(tag); sizes.push(x.size); parts.push(tf.reshape(x.dtype === "float32" ? x : tf.cast(x, "float32"), [-1])); };
      if (this.model && this.collect.weights) for (const w of this.model.weights) add(`weights/${variableTag(w.originalName)}`, w.read());
      if (grads && this.collect.gradients) for (const [n, g] of Object.entries(grads)) add(`gradients/${variableTag(n)}`, g);
      if (inputs && this.model && this.collect.activations) {
        const p = this.probeModel();
        const o = p.model.predict(inputs);
        (Array.isArray(o) ? o : [o]).forEach((x, i) => add(`activations/${p.names[i]}`, x));
      }
      return parts.length ? tf.concat(parts) : undefined;
    });
    if (!flat) return;
    const all = (await flat.data()) as Float32Array;
    flat.dispose();
    let o = 0;
    tags.forEach((tag, i) => { this.train.addHistogram(tag, all.subarray(o, o + sizes[i]), step); o += sizes[i]; });
  }

  /** A model with every layer's output as an output (built once). */
  private probeModel(): { model: tf.LayersModel; names: string[] } {
    if (!this.probe) {
      const m = this.model!;
      const layers = m.layers.filter((l) => !/^(input|flatten|dropout|reshape)/i.test(l.getClassName()));
      this.probe = {
        model: tf.model({ inputs: m.inputs, outputs: layers.map((l) => l.output as tf.SymbolicTensor) }),
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

  flush(): void { this.train.flush(); this.val.flush(); }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.train.close();
    this.val.close();
  }
}

