// Writes the recorder-written Keras graph fixture (test/fixtures/graphs/keras/recorder_functional):
// a TF.js functional model — an input, a Dense layer called twice (shared weights), a Dropout
// called with training=True, a Dense head with softmax, an auxiliary Dense output — recorded by
// StepRecorder with a fixed clock, host, pid and file index (the same bytes on every run), and
// the loss {head: CategoricalCrossentropy(from_logits=True), aux: none}.
import * as tf from "@tensorflow/tfjs";
import { StepRecorder } from "../recorder/index.ts";

export function writeKerasGraphFixture(dir: string): void {
  const x = tf.input({ shape: [4], name: "features" });
  const shared = tf.layers.dense({ units: 4, activation: "relu", name: "shared" });
  const h = shared.apply(shared.apply(x)) as tf.SymbolicTensor;
  const d = tf.layers.dropout({ rate: 0.25, name: "drop" }).apply(h, { training: true }) as tf.SymbolicTensor;
  const head = tf.layers.dense({ units: 3, activation: "softmax", name: "head", useBias: false }).apply(d) as tf.SymbolicTensor;
  const aux = tf.layers.dense({ units: 2, name: "aux" }).apply(h) as tf.SymbolicTensor;
  const model = tf.model({ inputs: x, outputs: [head, aux], name: "fixture" });
  let t = 1700000000;
  const rec = new StepRecorder(
    dir,
    {
      clock: () => (t += 0.25),
      host: "trainscope",
      pid: 1,
      fileIndex: 0,
      flushSecs: 0,
      loss: { head: { class_name: "CategoricalCrossentropy", config: { from_logits: true } }, aux: null },
    },
    model,
  );
  rec.close();
  model.dispose();
}
