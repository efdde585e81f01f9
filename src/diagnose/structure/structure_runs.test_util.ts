// Real training runs for the structure-check tests: tiny TF.js models trained on seeded data and
// recorded by the recorder (RecorderCallback for model.fit, StepRecorder for a custom loop), then
// read back with the project's reader and diagnosed. Written to os.tmpdir().
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { RecorderCallback, StepRecorder, type KerasLoss } from "../../recorder/index.ts";
import { loadExperiment } from "../../reader/index.ts";
import type { TrainingRun } from "../../model/index.ts";
import type { HParamsScalar } from "../../format/index.ts";
import { diagnoseRun } from "../engine.ts";
import type { Finding } from "../types.ts";

tf.enableProdMode();

export async function useWasm(): Promise<void> {
  if (tf.getBackend() !== "wasm") await tf.setBackend("wasm");
  await tf.ready();
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-structure-"));

export interface Data {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  /** Class index per sample. */
  labels: tf.Tensor1D;
  xv: tf.Tensor2D;
  yv: tf.Tensor2D;
  labelsV: tf.Tensor1D;
}

/**
 * Seeded classification data: `kind` "linear" labels by the arg-max of a fixed linear map (a
 * linear model fits it), "circle" by |x| < r (two classes, needs a non-linearity).
 */
export function makeData(kind: "linear" | "circle", features: number, classes: number, n = 240, seed = 7): Data {
  return tf.tidy(() => {
    const all = tf.randomUniform([n + n / 2, features], -1, 1, "float32", seed) as tf.Tensor2D;
    let labels: tf.Tensor1D;
    if (kind === "linear") {
      const w = tf.randomNormal([features, classes], 0, 1, "float32", seed + 1);
      labels = tf.argMax(tf.matMul(all, w), 1) as tf.Tensor1D;
    } else {
      const r2 = tf.sum(tf.square(all), 1);
      labels = tf.cast(tf.less(r2, tf.scalar((features * 2) / 3 / 2)), "int32") as tf.Tensor1D;
    }
    const onehot = tf.oneHot(tf.cast(labels, "int32"), classes) as tf.Tensor2D;
    const split = <T extends tf.Tensor>(t: T, a: number, b: number) => t.slice(a, b - a) as T;
    return {
      x: split(all, 0, n),
      y: split(onehot, 0, n),
      labels: tf.cast(split(labels, 0, n), "float32") as tf.Tensor1D,
      xv: split(all, n, n + n / 2),
      yv: split(onehot, n, n + n / 2),
      labelsV: tf.cast(split(labels, n, n + n / 2), "float32") as tf.Tensor1D,
    };
  });
}

export function disposeData(d: Data): void {
  tf.dispose([d.x, d.y, d.labels, d.xv, d.yv, d.labelsV]);
}

async function readRun(dir: string): Promise<TrainingRun> {
  const exp = await loadExperiment(dir);
  if (exp.runs.length !== 1) throw new Error(`expected one run in ${dir}, found ${exp.runs.length}`);
  return exp.runs[0];
}

/** model.fit with the RecorderCallback (probe gradients on the first 32 samples); returns the run read back. */
export async function fitRun(
  model: tf.LayersModel,
  d: Data,
  o: { loss: string; epochs: number; lr?: number; sparse?: boolean; hparams?: Record<string, HParamsScalar> },
): Promise<TrainingRun> {
  const dir = tmp();
  model.compile({ optimizer: tf.train.adam(o.lr ?? 0.03), loss: o.loss, metrics: ["accuracy"] });
  const y = o.sparse ? d.labels : d.y,
    yv = o.sparse ? d.labelsV : d.yv;
  const cb = new RecorderCallback(dir, {
    collectFreq: 8,
    flushSecs: 0,
    hparams: o.hparams,
    probe: { x: d.x.slice(0, 32), y: y.slice(0, 32) },
  });
  await model.fit(d.x, y, { epochs: o.epochs, batchSize: 24, validationData: [d.xv, yv], callbacks: [cb], verbose: 0, shuffle: false });
  model.dispose();
  return readRun(dir);
}

/**
 * A custom training loop recorded with StepRecorder: `lossOf(pred)` is the training loss of the
 * model's outputs (the first output's accuracy is logged), `vars` the variables it differentiates
 * and updates (default: every trainable weight).
 */
export async function loopRun(
  model: tf.LayersModel,
  d: Data,
  o: {
    lossOf: (pred: tf.Tensor[], y: tf.Tensor) => tf.Scalar;
    recorderLoss: KerasLoss;
    epochs: number;
    lr?: number;
    vars?: (m: tf.LayersModel) => tf.LayersModel["trainableWeights"];
    /** The variables the optimizer updates (default: every differentiated one). */
    update?: (m: tf.LayersModel) => tf.LayersModel["trainableWeights"];
    hparams?: Record<string, HParamsScalar>;
  },
): Promise<TrainingRun> {
  const dir = tmp();
  const rec = new StepRecorder(dir, { collectFreq: 8, flushSecs: 0, hparams: o.hparams, loss: o.recorderLoss }, model);
  const weights = (o.vars ?? ((m) => m.trainableWeights))(model);
  const vars = weights.map((w) => w.read() as tf.Variable);
  const opt = tf.train.adam(o.lr ?? 0.03);
  const updated = o.update ? new Set(o.update(model).map((w) => (w.read() as tf.Variable).name)) : undefined;
  const outs = (x: tf.Tensor) => {
    const p = model.apply(x) as tf.Tensor | tf.Tensor[];
    return Array.isArray(p) ? p : [p];
  };
  const acc = (x: tf.Tensor, labels: tf.Tensor) =>
    tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(outs(x)[0], 1), tf.cast(labels, "int32")), "float32")).dataSync()[0]);
  const n = d.x.shape[0],
    bs = 24;
  let step = 0;
  for (let e = 0; e < o.epochs; e++) {
    for (let i = 0; i + bs <= n; i += bs) {
      const xb = d.x.slice(i, bs),
        yb = d.y.slice(i, bs);
      const { value, grads } = tf.variableGrads(() => o.lossOf(outs(xb), yb), vars);
      const named: Record<string, tf.Tensor> = {};
      weights.forEach((w, k) => {
        const g = grads[vars[k].name];
        if (g) named[w.originalName] = g;
      });
      await rec.step(step, { loss: value, lr: o.lr ?? 0.03, grads: named, inputs: xb });
      const applied = updated ? Object.fromEntries(Object.entries(grads).filter(([n]) => updated.has(n))) : grads;
      opt.applyGradients(applied as tf.NamedTensorMap as Parameters<typeof opt.applyGradients>[0]);
      tf.dispose([value, xb, yb, ...Object.values(grads)]);
      step++;
    }
    const trainLoss = tf.tidy(() => o.lossOf(outs(d.x), d.y).dataSync()[0]);
    const valLoss = tf.tidy(() => o.lossOf(outs(d.xv), d.yv).dataSync()[0]);
    await rec.epoch(e, {
      train: { loss: trainLoss, accuracy: acc(d.x, d.labels) },
      val: { loss: valLoss, accuracy: acc(d.xv, d.labelsV) },
    });
  }
  rec.close();
  opt.dispose();
  model.dispose();
  return readRun(dir);
}

/** The best score a cause gets in a run's diagnosis (ranked candidates of warning/error findings; 0 when absent). */
export function causeScore(findings: Finding[], code: string): number {
  let best = 0;
  for (const f of findings) {
    if (f.severity === "info") continue;
    for (const c of f.causes) if (c.code === code) best = Math.max(best, c.confidence);
    const cands = (f.candidates ?? []) as { code: string; score: number; status: string }[];
    for (const c of cands) if (c.code === code && c.status === "asserted") best = Math.max(best, c.score);
  }
  return best;
}

/** Position (1-based) of a cause among the run's asserted causes, by best score; Infinity when absent. */
export function causeRank(findings: Finding[], code: string): number {
  const best = new Map<string, number>();
  for (const f of findings) {
    if (f.severity === "info") continue;
    for (const c of f.causes) best.set(c.code, Math.max(best.get(c.code) ?? 0, c.confidence));
  }
  const order = [...best.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  const i = order.indexOf(code);
  return i < 0 ? Infinity : i + 1;
}

export { diagnoseRun, tf };
