// Structure checks on real recorder-written runs: for each check, a tiny TF.js model is trained
// twice, with the defect and without, recorded with the recorder (graph included), read back and
// diagnosed. The defect's run carries the structural finding with the graph nodes it names, and
// the cause the check raises ranks higher there than in the run without the defect.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import type { Finding } from "../types.ts";
import type { TrainingRun } from "../../model/index.ts";
import { structureFacts } from "./index.ts";
import { causeRank, causeScore, diagnoseRun, disposeData, fitRun, loopRun, makeData, tf, useWasm } from "./structure_runs.test_util.ts";

before(useWasm);

// seeded initialisers: the same weights on every run of the tests
let seed = 1;
const k = () => tf.initializers.glorotUniform({ seed: seed++ });

function structural(fs: Finding[], symptom: string): Finding | undefined {
  return fs.find((f) => f.symptom === symptom && f.structure === true);
}

/** Diagnoses both runs and checks the direction: the cause ranks higher (and scores more) with the defect. */
function assertMoves(defect: TrainingRun, healthy: TrainingRun, symptom: string, cause: string, nodes: RegExp[]): Finding {
  const fd = diagnoseRun(defect),
    fh = diagnoseRun(healthy);
  const f = structural(fd, symptom);
  assert.ok(f, `defect run: no ${symptom} finding (${fd.map((x) => `${x.severity}:${x.symptom}`).join(", ")})`);
  assert.equal(structural(fh, symptom), undefined, `healthy run: unexpected ${symptom}`);
  const names = f.nodes as string[];
  for (const re of nodes)
    assert.ok(
      names.some((n) => re.test(n)),
      `${symptom}: no node ${re} in ${names.join(", ")}`,
    );
  assert.ok(
    f.evidence.some((e) => e.source === "graph" && (e.nodes ?? []).length > 0),
    "graph evidence with node names",
  );
  const sd = causeScore(fd, cause),
    sh = causeScore(fh, cause);
  if (process.env.STRUCTURE_TEST_REPORT)
    console.log(
      `${symptom} ${f.severity}: ${cause} score ${sd} rank ${causeRank(fd, cause)} with the defect; ${sh} rank ${causeRank(fh, cause)} without; healthy warnings: ${
        fh
          .filter((x) => x.severity !== "info")
          .map((x) => x.symptom)
          .join(",") || "none"
      }`,
    );
  assert.ok(sd > sh, `${cause}: score with the defect ${sd} ≤ without ${sh}`);
  assert.ok(causeRank(fd, cause) < causeRank(fh, cause), `${cause}: rank ${causeRank(fd, cause)} vs ${causeRank(fh, cause)}`);
  assert.ok(causeRank(fd, cause) <= 3, `${cause} ranks ${causeRank(fd, cause)} with the defect`);
  // the structural fact is among what put the cause there
  const contributions = fd
    .filter((x) => x.severity !== "info")
    .flatMap((x) => x.causes.filter((c) => c.code === cause))
    .flatMap((c) => (c as { ranking?: { contributions: { source: string; weight: number }[] } }).ranking?.contributions ?? []);
  assert.ok(
    contributions.some((c) => c.source === "graph" && c.weight > 0),
    `${cause}: no graph contribution`,
  );
  return f;
}

test("shared parameters: one Dense layer applied twice in a row vs two layers", async () => {
  const d = makeData("linear", 8, 3);
  const build = (shared: boolean) => {
    const x = tf.input({ shape: [8], name: "x" });
    const h1 = tf.layers.dense({ kernelInitializer: k(), units: 8, activation: "relu", name: "hidden1" });
    const h2 = shared ? h1 : tf.layers.dense({ kernelInitializer: k(), units: 8, activation: "relu", name: "hidden2" });
    const y = tf.layers
      .dense({ kernelInitializer: k(), units: 3, activation: "softmax", name: "head" })
      .apply(h2.apply(h1.apply(x))) as tf.SymbolicTensor;
    return tf.model({ inputs: x, outputs: y, name: "mlp" });
  };
  const defect = await fitRun(build(true), d, { loss: "categoricalCrossentropy", epochs: 6 });
  const healthy = await fitRun(build(false), d, { loss: "categoricalCrossentropy", epochs: 6 });
  disposeData(d);
  const g = defect.dirs.flatMap((x) => x.graphs).find((x) => x.graph)!.graph!;
  assert.equal(g.nodes.find((n) => n.name === "mlp/hidden1")!.attrs.calls, 2);
  assertMoves(defect, healthy, "graph_shared_parameters", "weights_shared_wrongly", [/^mlp\/hidden1$/, /^mlp\/hidden1\/kernel$/]);
});

test("parameters with no gradient: a custom loop that differentiates only the head vs every weight", async () => {
  const d = makeData("circle", 4, 2);
  const build = () => {
    const m = tf.sequential({ name: "net" });
    m.add(tf.layers.dense({ kernelInitializer: k(), units: 16, activation: "relu", inputShape: [4], name: "body" }));
    m.add(tf.layers.dense({ kernelInitializer: k(), units: 2, name: "head" }));
    return m;
  };
  const lossOf = (p: tf.Tensor[], y: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p[0]) as tf.Scalar;
  const recorderLoss = { class_name: "CategoricalCrossentropy", config: { from_logits: true } };
  const defect = await loopRun(build(), d, { lossOf, recorderLoss, epochs: 8, vars: (m) => m.getLayer("head").trainableWeights });
  const healthy = await loopRun(build(), d, { lossOf, recorderLoss, epochs: 8 });
  disposeData(d);
  assertMoves(defect, healthy, "graph_frozen_parameters", "weights_frozen", [/^net\w*\/body\/kernel$/, /^net\w*\/body$/]);
});

test("not connected to the loss: an auxiliary head left out of the loss vs both heads in it", async () => {
  const d = makeData("linear", 6, 3);
  const build = () => {
    const x = tf.input({ shape: [6], name: "x" });
    const h = tf.layers.dense({ kernelInitializer: k(), units: 12, activation: "relu", name: "trunk" }).apply(x) as tf.SymbolicTensor;
    const main = tf.layers.dense({ kernelInitializer: k(), units: 3, name: "main" }).apply(h) as tf.SymbolicTensor;
    const a = tf.layers.dense({ kernelInitializer: k(), units: 8, activation: "relu", name: "aux_hidden" }).apply(h) as tf.SymbolicTensor;
    const aux = tf.layers.dense({ kernelInitializer: k(), units: 3, name: "aux" }).apply(a) as tf.SymbolicTensor;
    return tf.model({ inputs: x, outputs: [main, aux], name: "two_heads" });
  };
  const ce = { class_name: "CategoricalCrossentropy", config: { from_logits: true } };
  const defect = await loopRun(build(), d, {
    lossOf: (p, y) => tf.losses.softmaxCrossEntropy(y, p[0]) as tf.Scalar,
    recorderLoss: { main: ce, aux: null },
    epochs: 6,
  });
  const healthy = await loopRun(build(), d, {
    lossOf: (p, y) => tf.add(tf.losses.softmaxCrossEntropy(y, p[0]), tf.losses.softmaxCrossEntropy(y, p[1])) as tf.Scalar,
    recorderLoss: { main: ce, aux: ce },
    epochs: 6,
  });
  disposeData(d);
  const f = assertMoves(defect, healthy, "graph_not_connected", "weights_frozen", [/^two_heads\/aux$/, /^two_heads\/aux_hidden$/]);
  assert.ok(!(f.nodes as string[]).includes("two_heads/trunk"), "the trunk feeds the loss");
  assert.match(f.title, /two_heads\/aux without a loss|aux without a loss/);
});

test("softmax before a loss that expects logits (from_logits=True) vs logits", async () => {
  const d = makeData("linear", 4, 3);
  const build = (act: "softmax" | "linear") => {
    const m = tf.sequential({ name: "clf" });
    m.add(tf.layers.dense({ kernelInitializer: k(), units: 16, activation: "relu", inputShape: [4], name: "fc1" }));
    m.add(tf.layers.dense({ kernelInitializer: k(), units: 3, activation: act, name: "out" }));
    return m;
  };
  const o = {
    lossOf: (p: tf.Tensor[], y: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p[0]) as tf.Scalar,
    recorderLoss: { class_name: "CategoricalCrossentropy", config: { from_logits: true } },
    epochs: 6,
  };
  const defect = await loopRun(build("softmax"), d, o);
  const healthy = await loopRun(build("linear"), d, o);
  disposeData(d);
  const f = assertMoves(defect, healthy, "graph_loss_activation", "wrong_loss_function", [/^clf\w*\/out$/, /^clf\w*\/loss$/]);
  assert.equal(f.severity, "warning");
});

test("consecutive linear layers with no activation vs ReLU between them", async () => {
  const d = makeData("circle", 2, 2, 320);
  const build = (act: "linear" | "relu") => {
    const m = tf.sequential({ name: "deep" });
    m.add(tf.layers.dense({ kernelInitializer: k(), units: 24, activation: act, inputShape: [2], name: "fc1" }));
    m.add(tf.layers.dense({ kernelInitializer: k(), units: 24, activation: act, name: "fc2" }));
    m.add(tf.layers.dense({ kernelInitializer: k(), units: 2, activation: "softmax", name: "out" }));
    return m;
  };
  const defect = await fitRun(build("linear"), d, { loss: "categoricalCrossentropy", epochs: 12 });
  const healthy = await fitRun(build("relu"), d, { loss: "categoricalCrossentropy", epochs: 12 });
  disposeData(d);
  assertMoves(defect, healthy, "graph_linear_stack", "model_too_small", [/^deep\w*\/fc1$/, /^deep\w*\/fc2$/]);
});

test("output width ≠ the configured class count: 2 units for 3 classes vs 3", async () => {
  const d = makeData("linear", 4, 3);
  const build = (units: number) => {
    const m = tf.sequential({ name: "clf" });
    m.add(tf.layers.dense({ kernelInitializer: k(), units: 12, activation: "relu", inputShape: [4], name: "fc1" }));
    m.add(tf.layers.dense({ kernelInitializer: k(), units, activation: "softmax", name: "out" }));
    return m;
  };
  const o = { loss: "sparseCategoricalCrossentropy", epochs: 6, sparse: true, hparams: { num_classes: 3 } };
  const defect = await fitRun(build(2), d, o);
  const healthy = await fitRun(build(3), d, o);
  disposeData(d);
  assertMoves(defect, healthy, "graph_output_width", "wrong_output_activation", [/^clf\w*\/out$/]);
});

test("dropout called with training=True vs a plain dropout layer", async () => {
  const d = makeData("linear", 6, 3);
  const build = (forced: boolean) => {
    const x = tf.input({ shape: [6], name: "x" });
    const h = tf.layers.dense({ kernelInitializer: k(), units: 16, activation: "relu", name: "fc1" }).apply(x) as tf.SymbolicTensor;
    const dr = tf.layers.dropout({ rate: 0.5, name: "drop" }).apply(h, forced ? { training: true } : {}) as tf.SymbolicTensor;
    const y = tf.layers.dense({ kernelInitializer: k(), units: 3, activation: "softmax", name: "out" }).apply(dr) as tf.SymbolicTensor;
    return tf.model({ inputs: x, outputs: y, name: "mc" });
  };
  const defect = await fitRun(build(true), d, { loss: "categoricalCrossentropy", epochs: 5 });
  const healthy = await fitRun(build(false), d, { loss: "categoricalCrossentropy", epochs: 5 });
  disposeData(d);
  assertMoves(defect, healthy, "graph_train_mode_at_eval", "train_eval_mode_wrong", [/^mc\/drop$/]);
});

test("a run without a recorded graph has no structural fact; a damaged graph is a problem, not a crash", async () => {
  const { makeRun } = await import("../test_runs.test_util.ts");
  const { run } = makeRun();
  assert.deepEqual(structureFacts(run), []);
});

test("layers frozen by the configuration (trainable: false), confirmed by constant weight histograms, vs trainable", async () => {
  const d = makeData("circle", 2, 2, 320);
  const build = (frozen: boolean) => {
    const m = tf.sequential({ name: "ft" });
    m.add(tf.layers.dense({ kernelInitializer: k(), units: 3, activation: "relu", inputShape: [2], name: "fc1", trainable: !frozen }));
    m.add(tf.layers.dense({ kernelInitializer: k(), units: 3, activation: "relu", name: "fc2", trainable: !frozen }));
    m.add(tf.layers.dense({ kernelInitializer: k(), units: 2, activation: "softmax", name: "out" }));
    return m;
  };
  const defect = await fitRun(build(true), d, { loss: "categoricalCrossentropy", epochs: 12 });
  const healthy = await fitRun(build(false), d, { loss: "categoricalCrossentropy", epochs: 12 });
  disposeData(d);
  const f = assertMoves(defect, healthy, "graph_frozen_parameters", "weights_frozen", [/^ft\w*\/fc1$/, /^ft\w*\/fc2\/kernel$/]);
  assert.ok(!(f.nodes as string[]).some((n) => /\/out/.test(n)), "the trained head is not named");
  assert.match(f.title, /trainable: false/);
});

test("trainable weights left out of the optimizer's update (gradients recorded, weights constant) vs all updated", async () => {
  const d = makeData("circle", 4, 2);
  const build = () => {
    const m = tf.sequential({ name: "opt" });
    m.add(tf.layers.dense({ kernelInitializer: k(), units: 16, activation: "relu", inputShape: [4], name: "body" }));
    m.add(tf.layers.dense({ kernelInitializer: k(), units: 2, name: "head" }));
    return m;
  };
  const o = {
    lossOf: (p: tf.Tensor[], y: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p[0]) as tf.Scalar,
    recorderLoss: { class_name: "CategoricalCrossentropy", config: { from_logits: true } },
    epochs: 8,
  };
  const defect = await loopRun(build(), d, { ...o, update: (m) => m.getLayer("head").trainableWeights });
  const healthy = await loopRun(build(), d, o);
  disposeData(d);
  assertMoves(defect, healthy, "graph_frozen_parameters", "weights_frozen", [/^opt\w*\/body\/kernel$/]);
});
