// Small TF.js models for the fault zoo (MLP, small CNN, SimpleRNN/LSTM/GRU), built with seeded
// initialisers so that a run is repeatable, and with the knobs faults need: zero or huge
// initial weights, large gains, very negative biases, sigmoid/tanh depth, dropout, output activation.

import * as tf from "@tensorflow/tfjs";

type Initializer = ReturnType<typeof tf.initializers.zeros>;

export type Arch = "mlp" | "cnn" | "rnn" | "lstm" | "gru";
export type InitKind = "default" | "zeros" | "large" | "gain";

export interface ModelSpec {
  arch: Arch;
  /** Hidden widths (MLP dense layers; for CNN the dense head; for RNN the recurrent units then dense). */
  hidden: number[];
  activation: "relu" | "tanh" | "sigmoid" | "elu";
  init: InitKind;
  /** Standard deviation for init "large", gain multiplier for init "gain". */
  initScale?: number;
  /** Constant bias initial value for hidden layers (dead-ReLU faults use very negative values). */
  biasInit?: number;
  /** Recurrent kernel gain (orthogonal init gain) for RNNs. */
  recurrentGain?: number;
  dropout?: number;
  /** CNN filters. */
  filters?: number;
  outputUnits: number;
  outputActivation: "linear" | "softmax" | "sigmoid";
}

function kernelInit(spec: ModelSpec, seed: number, activation: string): Initializer {
  switch (spec.init) {
    case "zeros":
      return tf.initializers.zeros();
    case "large":
      return tf.initializers.randomNormal({ mean: 0, stddev: spec.initScale ?? 10, seed });
    case "gain":
      return tf.initializers.varianceScaling({ scale: 2 * (spec.initScale ?? 4) ** 2, mode: "fanIn", distribution: "normal", seed });
    default:
      return activation === "relu" || activation === "elu" ? tf.initializers.heNormal({ seed }) : tf.initializers.glorotUniform({ seed });
  }
}

function biasInit(spec: ModelSpec): Initializer {
  return spec.biasInit ? tf.initializers.constant({ value: spec.biasInit }) : tf.initializers.zeros();
}

/** Builds the model; layer names are fc1.., conv1, rnn1, out (stable, for tags and checks). */
export function buildModel(spec: ModelSpec, inputShape: number[], seed: number): tf.LayersModel {
  const m = tf.sequential();
  let s = seed;
  const next = () => (s = (s * 48271 + 11) % 2147483647);
  let first = true;
  const inShape = () => (first ? { inputShape } : {});
  if (spec.arch === "cnn") {
    m.add(
      tf.layers.conv2d({
        name: "conv1",
        filters: spec.filters ?? 8,
        kernelSize: 3,
        padding: "same",
        activation: spec.activation,
        kernelInitializer: kernelInit(spec, next(), spec.activation),
        biasInitializer: biasInit(spec),
        ...inShape(),
      }),
    );
    first = false;
    m.add(tf.layers.maxPooling2d({ name: "pool1", poolSize: 2 }));
    m.add(tf.layers.flatten({ name: "flatten" }));
  } else if (spec.arch === "rnn" || spec.arch === "lstm" || spec.arch === "gru") {
    const units = spec.hidden[0] ?? 16;
    const common = {
      name: "rnn1",
      units,
      kernelInitializer: kernelInit(spec, next(), "tanh"),
      recurrentInitializer: tf.initializers.orthogonal({ gain: spec.recurrentGain ?? 1, seed: next() }),
      biasInitializer: biasInit(spec),
      ...inShape(),
    };
    if (spec.arch === "rnn") m.add(tf.layers.simpleRNN({ ...common, activation: spec.activation === "relu" ? "relu" : "tanh" }));
    else if (spec.arch === "lstm") m.add(tf.layers.lstm(common));
    else m.add(tf.layers.gru(common));
    first = false;
  }
  const dense = spec.arch === "mlp" ? spec.hidden : spec.hidden.slice(spec.arch === "cnn" ? 0 : 1);
  dense.forEach((units, i) => {
    if (spec.arch === "mlp" && i === 0 && inputShape.length > 1) {
      m.add(tf.layers.flatten({ name: "flatten", inputShape }));
      first = false;
    }
    m.add(
      tf.layers.dense({
        name: `fc${i + 1}`,
        units,
        activation: spec.activation,
        kernelInitializer: kernelInit(spec, next(), spec.activation),
        biasInitializer: biasInit(spec),
        ...inShape(),
      }),
    );
    first = false;
    if (spec.dropout) m.add(tf.layers.dropout({ name: `drop${i + 1}`, rate: spec.dropout, seed: next() }));
  });
  m.add(
    tf.layers.dense({
      name: "out",
      units: spec.outputUnits,
      activation: spec.outputActivation === "linear" ? "linear" : spec.outputActivation,
      kernelInitializer: spec.init === "default" ? tf.initializers.glorotUniform({ seed: next() }) : kernelInit(spec, next(), "linear"),
      biasInitializer: tf.initializers.zeros(),
      ...inShape(),
    }),
  );
  return m;
}

export function countParams(m: tf.LayersModel): number {
  return m.weights.reduce((n, w) => n + (w.shape as number[]).reduce((a, b) => a * (b ?? 1), 1), 0);
}
