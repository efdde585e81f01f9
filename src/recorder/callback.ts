// RecorderCallback: a `tf.Callback` for `model.fit` that records the run with a StepRecorder
// (same layout and tags). `model.fit` never exposes gradients, so gradient norms and histograms
// (and layer-output histograms) are computed on a fixed probe batch every `collectFreq` steps,
// when `probe` is given; `logs` values may be numbers or Tensors (both handled).

import * as tf from "@tensorflow/tfjs";
import { StepRecorder, scalarOf, type RecorderOptions } from "./step_recorder.ts";

export interface CallbackOptions extends RecorderOptions {
  /** Fixed batch for gradients and activations: inputs, targets and the loss to differentiate. */
  probe?: { x: tf.Tensor; y: tf.Tensor; loss?: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar };
}

const TWO_TFJS_COPIES =
  "RecorderCallback: model.fit comes from another copy of @tensorflow/tfjs than trainscope/recorder " +
  "(`npm ls @tensorflow/tfjs` lists the copies). Install one copy: trainscope takes @tensorflow/tfjs as a peer dependency; " +
  "a trainscope linked from a source folder uses that folder's copy, so install it packed (`npm install --install-links PATH`).";

export class RecorderCallback extends tf.Callback {
  readonly recorder: StepRecorder;
  private globalStep = 0;
  private readonly opts: CallbackOptions;

  constructor(logdir: string, opts: CallbackOptions = {}) {
    super();
    this.opts = opts;
    this.recorder = new StepRecorder(logdir, opts);
  }

  override async onTrainBegin(): Promise<void> {
    // model.fit wraps callbacks that are not its own tf.Callback subclass, calling these methods on
    // another object: this happens when two copies of @tensorflow/tfjs are installed.
    if (!(this instanceof RecorderCallback)) throw new Error(TWO_TFJS_COPIES);
    this.recorder.setModel(this.model);
  }

  private learningRate(): number | undefined {
    const o = (this.model as tf.LayersModel).optimizer as unknown as { learningRate?: unknown } | undefined;
    return typeof o?.learningRate === "number" ? o.learningRate : undefined;
  }

  override async onBatchEnd(_batch: number, logs?: tf.Logs): Promise<void> {
    const step = this.globalStep++;
    const rec = this.recorder;
    // log values stay tensors here: StepRecorder.step reads them back together, once
    const metrics: Record<string, number | tf.Tensor> = {};
    let loss: number | tf.Tensor = NaN;
    for (const [k, v] of Object.entries(logs ?? {})) {
      if (k === "batch" || k === "size") continue;
      if (k === "loss") loss = v as number | tf.Tensor;
      else metrics[k] = v as number | tf.Tensor;
    }
    const collect = rec.shouldCollect(step);
    const p = this.opts.probe;
    let grads: Record<string, tf.Tensor> | undefined;
    if (p && (collect || this.opts.collect?.gradNorms)) grads = this.probeGrads(p);
    await rec.step(step, { loss, metrics, lr: this.learningRate(), grads, inputs: collect && p ? p.x : undefined });
    if (grads) tf.dispose(Object.values(grads));
  }

  private probeGrads(p: NonNullable<CallbackOptions["probe"]>): Record<string, tf.Tensor> {
    const m = this.model as tf.LayersModel;
    const lossFn = p.loss ?? (m as unknown as { lossFunctions?: ((a: tf.Tensor, b: tf.Tensor) => tf.Tensor)[] }).lossFunctions?.[0];
    if (!lossFn) throw new Error("RecorderCallback: probe.loss is required when the model's loss is not known");
    const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.mean(lossFn(p.y, m.apply(p.x) as tf.Tensor)) as tf.Scalar, vars);
    value.dispose();
    // key by the layer-style names (dense_1/kernel) rather than the unique variable names
    const named: Record<string, tf.Tensor> = {};
    m.trainableWeights.forEach((w, i) => (named[w.originalName] = grads[vars[i].name]));
    return named;
  }

  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    const train: Record<string, number> = {},
      val: Record<string, number> = {};
    for (const [k, v] of Object.entries(logs ?? {})) {
      const x = await scalarOf(v as number | tf.Tensor);
      if (k.startsWith("val_")) val[k.slice(4)] = x;
      else train[k] = x;
    }
    await this.recorder.epoch(epoch, { train, val });
    this.recorder.flush();
  }

  override async onTrainEnd(): Promise<void> {
    this.recorder.close();
  }
}
