// Trains one zoo run for real with TF.js (custom loop: variableGrads + applyGradients), injecting
// the run's fault, and hands every logged value to a convention logger. Also keeps a History of
// what was logged plus a few training-side probes (weight change, dead units, unit symmetry,
// predicted-class mix) that the injection check uses.

import * as tf from "@tensorflow/tfjs";
import { makeDataset, sampleSize, type Dataset } from "./datasets.ts";
import { buildModel } from "./models.ts";
import { Rng } from "./rng.ts";
import { registerWasmConv2dFilterGrad } from "./wasm_conv_grad.ts";
import type { LossKind, OptimizerName, RunSpec, Schedule } from "./spec.ts";

export interface StepRecord {
  step: number;
  epoch: number;
  loss: number;
  accuracy?: number;
  lr: number;
  gradNorms: Record<string, number>;
}
export interface EpochRecord {
  epoch: number;
  step: number;
  lr: number;
  trainLoss: number;
  trainMetric?: number;
  valLoss: number;
  valMetric?: number;
}
export interface NamedValues {
  name: string;
  layer: string;
  values: Float32Array;
}

export interface History {
  steps: StepRecord[];
  epochs: EpochRecord[];
  stepsPerEpoch: number;
  /** Name of the per-epoch metric: "accuracy" (classification) or "mae" (regression). */
  metricName: string;
  /** Relative change ||w_end - w_start|| / ||w_start|| per variable (NaN when non-finite). */
  weightChange: Record<string, number>;
  /** Norm of every variable at the start and the end. */
  weightNormStart: Record<string, number>;
  weightNormEnd: Record<string, number>;
  /** Fraction of ReLU units that output 0 on every validation sample, per ReLU layer, at the end. */
  deadUnitFraction: Record<string, number>;
  /** Largest std across units of a hidden kernel's columns (0 = all units identical), per dense layer. */
  unitSpread: Record<string, number>;
  /** Largest |activation| of the first hidden layer at step 0. */
  firstLayerMaxAbs: number;
  /** Fraction of validation predictions that are the majority class, at the end. */
  predictedMajorityFraction?: number;
  majorityFraction?: number;
  /** Variables order: input side first. */
  variableNames: string[];
  stoppedEarly: boolean;
}

/** What a convention logger receives (see conventions.ts). */
export interface RunSink {
  step(rec: StepRecord): void;
  epoch(rec: EpochRecord): void;
  tensors(step: number, weights: NamedValues[], grads: NamedValues[], activations: NamedValues[]): void;
  close(history: History): Promise<void>;
}

export async function useZooBackend(): Promise<void> {
  // every architecture trains on wasm; the CNN's filter gradient, which wasm lacks, is registered
  // from its 3-D kernel (wasm_conv_grad.ts). Without wasm, everything trains on cpu.
  const wasm = registerWasmConv2dFilterGrad();
  const want = wasm ? "wasm" : "cpu";
  if (tf.getBackend() !== want) {
    const ok = await tf.setBackend(want);
    if (!ok) await tf.setBackend("cpu");
  }
  await tf.ready();
}

function makeOptimizer(name: OptimizerName, lr: number): tf.Optimizer {
  switch (name) {
    case "sgd":
      return tf.train.sgd(lr);
    case "momentum":
      return tf.train.momentum(lr, 0.9);
    case "adam":
      return tf.train.adam(lr);
    case "rmsprop":
      return tf.train.rmsprop(lr);
    case "adagrad":
      return tf.train.adagrad(lr);
  }
}

function setLr(opt: tf.Optimizer, lr: number): void {
  const o = opt as unknown as { setLearningRate?: (x: number) => void; learningRate: number };
  if (typeof o.setLearningRate === "function") o.setLearningRate(lr);
  else o.learningRate = lr;
}

export function scheduledLr(
  base: number,
  schedule: Schedule,
  epoch: number,
  epochs: number,
  stepInEpoch: number,
  stepsPerEpoch: number,
): number {
  switch (schedule) {
    case "constant":
      return base;
    case "step":
      return base * 0.5 ** Math.floor(epoch / Math.max(1, Math.ceil(epochs / 3)));
    case "cosine":
      return base * 0.5 * (1 + Math.cos((Math.PI * epoch) / epochs));
    case "exponential":
      return base * 0.9 ** epoch;
    case "warmup": {
      const t = (epoch * stepsPerEpoch + stepInEpoch + 1) / (2 * stepsPerEpoch);
      return base * Math.min(1, t);
    }
  }
}

/** Applies the data faults; returns train/val arrays ready for tensors. */
function prepareData(spec: RunSpec): { ds: Dataset; nTrain: number; nVal: number; order: "sorted" | "shuffled" } {
  const rng = new Rng(spec.seed ^ 0x5eed);
  const many = spec.majorityFraction ? 4 : 1;
  let ds = makeDataset(spec.dataset, spec.seed, {
    nTrain: spec.nTrain * many,
    nVal: spec.nVal * many,
    classes: spec.classes,
    noise: spec.dataNoise,
  });
  const d = sampleSize(ds.sampleShape);
  const pickRows = (x: Float32Array, y: Float32Array, rows: number[]) => {
    const nx = new Float32Array(rows.length * d),
      ny = new Float32Array(rows.length);
    rows.forEach((r, i) => {
      nx.set(x.subarray(r * d, r * d + d), i * d);
      ny[i] = y[r];
    });
    return { x: nx, y: ny };
  };
  if (spec.majorityFraction) {
    const f = spec.majorityFraction;
    const take = (y: Float32Array, n: number) => {
      const maj: number[] = [],
        min: number[] = [];
      y.forEach((c, i) => (c === 0 ? maj : min).push(i));
      const nMin = Math.max(1, Math.round(n * (1 - f)));
      return rng.shuffle([...maj.slice(0, n - nMin), ...min.slice(0, nMin)]);
    };
    const tr = pickRows(ds.xTrain, ds.yTrain, take(ds.yTrain, spec.nTrain));
    const va = pickRows(ds.xVal, ds.yVal, take(ds.yVal, spec.nVal));
    ds = { ...ds, xTrain: tr.x, yTrain: tr.y, xVal: va.x, yVal: va.y };
  }
  if (spec.labelNoiseFraction && ds.task === "classification") {
    const y = ds.yTrain.slice();
    for (let i = 0; i < y.length; i++) if (rng.next() < spec.labelNoiseFraction) y[i] = rng.int(ds.numClasses);
    ds = { ...ds, yTrain: y };
  }
  if (spec.inputScale !== undefined || spec.inputOffset !== undefined) {
    const s = spec.inputScale ?? 1,
      o = spec.inputOffset ?? 0;
    ds = { ...ds, xTrain: ds.xTrain.map((v) => v * s + o), xVal: ds.xVal.map((v) => v * s + o) };
  }
  if (spec.sortByClass) {
    const rows = [...ds.yTrain.keys()].sort((a, b) => ds.yTrain[a] - ds.yTrain[b] || a - b);
    const tr = pickRows(ds.xTrain, ds.yTrain, rows);
    ds = { ...ds, xTrain: tr.x, yTrain: tr.y };
  }
  return { ds, nTrain: ds.yTrain.length, nVal: ds.yVal.length, order: spec.sortByClass ? "sorted" : "shuffled" };
}

function targets(ds: Dataset, y: Float32Array, outUnits: number): tf.Tensor2D {
  if (ds.task === "regression" || outUnits === 1) return tf.tensor2d(y, [y.length, 1]);
  return tf.oneHot(tf.tensor1d(Int32Array.from(y), "int32"), outUnits).toFloat() as tf.Tensor2D;
}

/** The loss as the run computes it (faults included). */
function lossFn(kind: LossKind, y: tf.Tensor, z: tf.Tensor): tf.Scalar {
  switch (kind) {
    case "softmax_ce":
    case "softmax_then_logits_ce":
      return tf.losses.softmaxCrossEntropy(y, z) as tf.Scalar;
    case "sigmoid_bce":
    case "sigmoid_then_logits_bce":
      return tf.losses.sigmoidCrossEntropy(y, z) as tf.Scalar;
    case "mse":
      return tf.losses.meanSquaredError(y, z) as tf.Scalar;
    case "bce_log_no_eps":
      return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(z)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, z)))))) as tf.Scalar;
    case "ce_log_no_eps":
      return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(z)), 1))) as tf.Scalar;
    case "ce_mean_over_positives": {
      const ce = tf.losses.softmaxCrossEntropy(y, z, undefined, undefined, tf.Reduction.NONE);
      const w = tf.squeeze(tf.slice(y, [0, 1], [-1, 1]), [1]);
      return tf.div(tf.sum(tf.mul(ce, w)), tf.sum(w));
    }
    case "msle_no_clip":
      return tf.mean(tf.square(tf.sub(tf.log1p(z), tf.log1p(y))));
  }
}

/** Accuracy (classification) or mean absolute error (regression) of outputs z against y. */
function metricFn(spec: RunSpec, task: string, y: tf.Tensor, z: tf.Tensor): tf.Scalar {
  if (task === "regression") return tf.mean(tf.abs(tf.sub(y, z)));
  if (z.shape[1] === 1) {
    const thr = spec.model.outputActivation === "sigmoid" ? 0.5 : 0;
    return tf.mean(tf.equal(tf.greater(z, thr), tf.greater(y, 0.5)).toFloat());
  }
  return tf.mean(tf.equal(tf.argMax(z, 1), tf.argMax(y, 1)).toFloat());
}

function l2(v: Float32Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

function snapshotWeights(model: tf.LayersModel): Map<string, Float32Array> {
  const m = new Map<string, Float32Array>();
  for (const w of model.weights) m.set(w.originalName, w.read().dataSync() as Float32Array);
  return m;
}

function layerOf(varName: string): string {
  return varName.split("/")[0];
}

export async function trainRun(spec: RunSpec, sink: RunSink): Promise<History> {
  await useZooBackend();
  const { ds, nTrain, nVal } = prepareData(spec);
  const shape = ds.sampleShape;
  const model = buildModel(spec.model, shape, spec.seed);
  if (spec.frozenLayer && spec.frozenMode === "trainable_false") model.getLayer(spec.frozenLayer).trainable = false;
  const vars = model.trainableWeights
    .filter((w) => !(spec.frozenMode === "left_out_of_update" && layerOf(w.originalName) === spec.frozenLayer))
    .map((w) => w.read() as tf.Variable);
  const varNames = model.trainableWeights
    .filter((w) => !(spec.frozenMode === "left_out_of_update" && layerOf(w.originalName) === spec.frozenLayer))
    .map((w) => w.originalName);
  const probeLayers = model.layers.filter((l) => /^(fc|conv|rnn)\d/.test(l.name) || l.name === "out");
  const probe = tf.model({ inputs: model.inputs, outputs: probeLayers.map((l) => l.output as tf.SymbolicTensor) });

  const xTrain = tf.tensor(ds.xTrain, [nTrain, ...shape]);
  const yTrain = targets(ds, ds.yTrain, spec.model.outputUnits);
  const xVal = tf.tensor(ds.xVal, [nVal, ...shape]);
  const yVal = targets(ds, ds.yVal, spec.model.outputUnits);
  const opt = makeOptimizer(spec.optimizer, spec.lr);
  const rng = new Rng(spec.seed ^ 0xbadc0de);
  const bs = Math.min(spec.batchSize, nTrain);
  const stepsPerEpoch = Math.floor(nTrain / bs);
  const start = snapshotWeights(model);
  const history: History = {
    steps: [],
    epochs: [],
    stepsPerEpoch,
    metricName: ds.task === "regression" ? "mae" : "accuracy",
    weightChange: {},
    weightNormStart: {},
    weightNormEnd: {},
    deadUnitFraction: {},
    unitSpread: {},
    firstLayerMaxAbs: 0,
    variableNames: model.weights.map((w) => w.originalName),
    stoppedEarly: false,
    majorityFraction: spec.majorityFraction,
  };
  const full = spec.level === "full";
  const fixedBatch = spec.repeatBatch === "fixed_random" ? rng.shuffle([...Array(nTrain).keys()]).slice(0, bs) : [...Array(bs).keys()];
  let best = Infinity,
    sinceBest = 0;
  let step = 0;

  const evaluate = (x: tf.Tensor, y: tf.Tensor) =>
    tf.tidy(() => {
      const z = model.predict(x) as tf.Tensor;
      return [lossFn(spec.loss, y, z), metricFn(spec, ds.task, y, z)];
    });

  // step-0 probe of the first hidden layer's scale
  tf.tidy(() => {
    const outs = probe.predict(xVal) as tf.Tensor[];
    history.firstLayerMaxAbs = tf.max(tf.abs(outs[0])).dataSync()[0];
  });

  for (let epoch = 0; epoch < spec.epochs; epoch++) {
    const order = spec.sortByClass ? [...Array(nTrain).keys()] : rng.shuffle([...Array(nTrain).keys()]);
    let lossSum = 0,
      metricSum = 0,
      count = 0;
    for (let b = 0; b < stepsPerEpoch; b++) {
      let lr = scheduledLr(spec.lr, spec.schedule, epoch, spec.epochs, b, stepsPerEpoch);
      if (step === 0 && spec.firstStepLrMultiplier) lr *= spec.firstStepLrMultiplier;
      setLr(opt, lr);
      const rows = spec.repeatBatch ? fixedBatch : order.slice(b * bs, (b + 1) * bs);
      const collect = full && step % spec.collectFreq === 0;
      const idx = tf.tensor1d(Int32Array.from(rows), "int32");
      const out = tf.tidy(() => {
        const x = tf.gather(xTrain, idx),
          y = tf.gather(yTrain, idx);
        let metric: tf.Scalar | undefined;
        const { value, grads } = tf.variableGrads(() => {
          const z = model.apply(x, { training: true }) as tf.Tensor;
          metric = tf.keep(metricFn(spec, ds.task, y, z));
          return lossFn(spec.loss, y, z);
        }, vars);
        const norms = tf.stack(varNames.map((_n, i) => tf.norm(grads[vars[i].name])));
        if (spec.frozenMode !== "optimizer_step_missing") opt.applyGradients(grads);
        const kept = collect ? varNames.map((n, i) => ({ name: n, t: tf.keep(grads[vars[i].name]) })) : [];
        const acts = collect ? (probe.predict(x) as tf.Tensor[]).map((t) => tf.keep(t)) : [];
        // one read-back per step: [loss, metric, grad norms...]
        const packed = tf.concat([tf.reshape(value, [1]), tf.reshape(metric!, [1]), norms]);
        metric!.dispose();
        return { packed: tf.keep(packed), kept, acts };
      });
      idx.dispose();
      const all = out.packed.dataSync();
      const loss = all[0];
      const metric = all[1];
      const normArr = all.subarray(2);
      const gradNorms: Record<string, number> = {};
      varNames.forEach((n, i) => (gradNorms[n] = normArr[i]));
      const rec: StepRecord = { step, epoch, loss, accuracy: ds.task === "classification" ? metric : undefined, lr, gradNorms };
      history.steps.push(rec);
      sink.step(rec);
      if (collect) {
        const weights = model.weights.map((w) => ({
          name: w.originalName,
          layer: layerOf(w.originalName),
          values: w.read().dataSync() as Float32Array,
        }));
        const grads = out.kept.map((g) => ({ name: g.name, layer: layerOf(g.name), values: g.t.dataSync() as Float32Array }));
        const acts = out.acts.map((t, i) => ({
          name: probeLayers[i].name,
          layer: probeLayers[i].name,
          values: t.dataSync() as Float32Array,
        }));
        sink.tensors(step, weights, grads, acts);
      }
      out.packed.dispose();
      out.kept.forEach((g) => g.t.dispose());
      out.acts.forEach((t) => t.dispose());
      lossSum += loss;
      metricSum += metric;
      count++;
      step++;
    }
    const [vl, vm] = evaluate(xVal, yVal);
    const valLoss = vl.dataSync()[0],
      valMetric = vm.dataSync()[0];
    vl.dispose();
    vm.dispose();
    const erec: EpochRecord = {
      epoch,
      step,
      lr: history.steps[history.steps.length - 1].lr,
      trainLoss: lossSum / count,
      trainMetric: metricSum / count,
      valLoss,
      valMetric,
    };
    history.epochs.push(erec);
    sink.epoch(erec);
    if (spec.earlyStoppingPatience) {
      if (valLoss < best - 1e-4) {
        best = valLoss;
        sinceBest = 0;
      } else if (++sinceBest >= spec.earlyStoppingPatience) {
        history.stoppedEarly = true;
        break;
      }
    }
  }

  // training-side probes
  const end = snapshotWeights(model);
  for (const [name, w0] of start) {
    const w1 = end.get(name)!;
    const diff = new Float32Array(w0.length);
    for (let i = 0; i < w0.length; i++) diff[i] = w1[i] - w0[i];
    const n0 = l2(w0);
    history.weightNormStart[name] = n0;
    history.weightNormEnd[name] = l2(w1);
    history.weightChange[name] = l2(diff) / (n0 + 1e-12);
  }
  for (const w of model.weights) {
    if (!/^fc\d+\/kernel$/.test(w.originalName) || w.shape.length !== 2) continue;
    const [rows, cols] = w.shape as number[];
    const v = end.get(w.originalName)!;
    let spread = 0;
    for (let r = 0; r < rows; r++) {
      let m = 0,
        s = 0;
      for (let c = 0; c < cols; c++) m += v[r * cols + c];
      m /= cols;
      for (let c = 0; c < cols; c++) s += (v[r * cols + c] - m) ** 2;
      spread = Math.max(spread, Math.sqrt(s / cols));
    }
    history.unitSpread[w.originalName] = spread;
  }
  tf.tidy(() => {
    const outs = probe.predict(xVal) as tf.Tensor[];
    probeLayers.forEach((l, i) => {
      const act = (l.getConfig() as { activation?: string }).activation;
      if (act !== "relu" || l.name === "out") return;
      const o = outs[i].reshape([nVal, -1]);
      const alive = tf.greater(tf.max(o, 0), 0).toFloat();
      history.deadUnitFraction[l.name] = 1 - tf.mean(alive).dataSync()[0];
    });
    if (ds.task === "classification") {
      const z = outs[outs.length - 1];
      const pred =
        z.shape[1] === 1
          ? tf
              .greater(z, spec.model.outputActivation === "sigmoid" ? 0.5 : 0)
              .toInt()
              .reshape([-1])
          : tf.argMax(z, 1);
      history.predictedMajorityFraction = tf.mean(tf.equal(pred, 0).toFloat()).dataSync()[0];
    }
  });
  await sink.close(history);
  tf.dispose([xTrain, yTrain, xVal, yVal]);
  opt.dispose();
  model.dispose();
  return history;
}
