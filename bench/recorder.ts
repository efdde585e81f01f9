// Recorder overhead benchmark (`node --import tsx bench/recorder.ts`; also `runRecorderBench()`):
// trains the same seeded MLP (wasm backend) with and without recording at default settings and
// prints the extra time as a percentage of training time. Target: < 20 %. Not a timed test.
// The machine may be shared: runs with and without recording alternate, 7 of each, and both the
// median and the best (least disturbed) times are reported.
//  - custom loop + StepRecorder: losses, lr, per-variable gradient norms every step; weight,
//    gradient and layer-output histograms every 10 steps (defaults);
//  - model.fit + RecorderCallback: batch/epoch scalars every step, weight histograms every 10 steps.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { RecorderCallback, StepRecorder } from "../src/recorder/index.ts";

function model(): tf.LayersModel {
  const m = tf.sequential();
  m.add(
    tf.layers.dense({
      name: "fc1",
      units: 128,
      activation: "relu",
      inputShape: [64],
      kernelInitializer: tf.initializers.heNormal({ seed: 1 }),
    }),
  );
  m.add(tf.layers.dense({ name: "fc2", units: 128, activation: "relu", kernelInitializer: tf.initializers.heNormal({ seed: 2 }) }));
  m.add(tf.layers.dense({ name: "out", units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  return m;
}

async function customLoop(record: boolean, steps: number, x: tf.Tensor, y: tf.Tensor, dir: string): Promise<number> {
  const m = model();
  const opt = tf.train.adam(0.001);
  const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
  const rec = record ? new StepRecorder(path.join(dir, `loop-${Date.now()}`), {}, m) : undefined;
  const n = x.shape[0],
    bs = 64;
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const b = (s * bs) % n;
    const xb = x.slice(b, bs),
      yb = y.slice(b, bs);
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(yb, m.apply(xb) as tf.Tensor) as tf.Scalar, vars);
    if (rec) {
      const named: Record<string, tf.Tensor> = {};
      m.trainableWeights.forEach((w, i) => (named[w.originalName] = grads[vars[i].name]));
      await rec.step(s, { loss: value, lr: 0.001, grads: named, inputs: xb });
    } else {
      await value.data();
    }
    opt.applyGradients(grads as unknown as Parameters<typeof opt.applyGradients>[0]);
    tf.dispose([value, xb, yb, ...Object.values(grads)]);
  }
  rec?.close();
  const ms = performance.now() - t0;
  m.dispose();
  opt.dispose();
  return ms;
}

async function fit(record: boolean, epochs: number, x: tf.Tensor, y: tf.Tensor, dir: string): Promise<number> {
  const m = model();
  m.compile({ optimizer: tf.train.adam(0.001), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const callbacks = record ? [new RecorderCallback(path.join(dir, `fit-${Date.now()}`))] : [];
  const t0 = performance.now();
  await m.fit(x, y, { epochs, batchSize: 64, callbacks, verbose: 0, shuffle: false, validationSplit: 0.1 });
  const ms = performance.now() - t0;
  m.dispose();
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runRecorderBench(): Promise<{ loopOverheadPct: number; fitOverheadPct: number }> {
  tf.enableProdMode();
  await tf.setBackend("wasm");
  await tf.ready();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-bench-recorder-"));
  const x = tf.randomNormal([2048, 64], 0, 1, "float32", 7);
  const y = tf.oneHot(tf.randomUniform([2048], 0, 10, "int32", 8), 10).toFloat();
  const steps = 300,
    epochs = 6,
    reps = 7;
  await customLoop(false, 20, x, y, dir); // warm-up
  const loopBase: number[] = [],
    loopRec: number[] = [],
    fitBase: number[] = [],
    fitRec: number[] = [];
  for (let r = 0; r < reps; r++) {
    loopBase.push(await customLoop(false, steps, x, y, dir));
    loopRec.push(await customLoop(true, steps, x, y, dir));
    fitBase.push(await fit(false, epochs, x, y, dir));
    fitRec.push(await fit(true, epochs, x, y, dir));
  }
  const lb = median(loopBase),
    lr = median(loopRec),
    fb = median(fitBase),
    fr = median(fitRec);
  const loopOverheadPct = (100 * (lr - lb)) / lb,
    fitOverheadPct = (100 * (fr - fb)) / fb;
  const best = (a: number[], b: number[]) => (100 * (Math.min(...b) - Math.min(...a))) / Math.min(...a);
  const loopBestPct = best(loopBase, loopRec),
    fitBestPct = best(fitBase, fitRec);
  console.log("recorder overhead (wasm backend, MLP 64-128-128-10, batch 64, defaults: collectFreq 10, all tensors)");
  console.log(
    `  custom loop, ${steps} steps: median ${lb.toFixed(0)} ms without, ${lr.toFixed(0)} ms with StepRecorder → +${loopOverheadPct.toFixed(1)} % (best of ${reps}: +${loopBestPct.toFixed(1)} %)`,
  );
  console.log(
    `  model.fit, ${epochs} epochs: median ${fb.toFixed(0)} ms without, ${fr.toFixed(0)} ms with RecorderCallback → +${fitOverheadPct.toFixed(1)} % (best of ${reps}: +${fitBestPct.toFixed(1)} %)`,
  );
  console.log(`  target < 20 %: ${loopOverheadPct < 20 && fitOverheadPct < 20 ? "met" : "NOT met"}`);
  tf.dispose([x, y]);
  fs.rmSync(dir, { recursive: true, force: true });
  return { loopOverheadPct, fitOverheadPct };
}

if (import.meta.url === `file://${process.argv[1]}`) await runRecorderBench();
