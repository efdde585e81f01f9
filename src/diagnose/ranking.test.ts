// The ranking step on small hand-made per-epoch histories (Keras CSVLogger tags) with the
// configuration a user logs in hparams.json: each case asserts which cause ranks first and what
// the ranking explains, and the order-independence of the step itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RunDir, type TrainingRun } from "../model/index.ts";
import { diagnoseRun } from "./engine.ts";
import { rankCauses } from "./ranking.ts";
import { makeCause } from "./rules/causes.ts";
import type { Fact } from "./config_facts.ts";
import type { Finding } from "./types.ts";
import type { RankedCause } from "./ranking.ts";

function runOf(series: Record<string, number[]>, hp: Record<string, number | string | boolean> = {}, name = "r"): TrainingRun {
  const d = new RunDir(name);
  for (const [tag, vs] of Object.entries(series)) {
    const s = d.scalar(tag);
    vs.forEach((v, i) => s.push(i, 0, v));
  }
  const run: TrainingRun = { name, dirs: [d], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
  for (const [k, v] of Object.entries(hp)) run.hparams.set(k, { name: k, value: v, sourceKind: "hparams_json", source: "hparams.json" });
  return run;
}
const epochs = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
const severe = (fs: Finding[]) => fs.filter((f) => f.severity !== "info");
const causesOf = (fs: Finding[]) => severe(fs).flatMap((f) => f.causes.map((c) => c.code));
const wobble = (i: number, a: number) => a * Math.sin(1.7 * i + 0.3);

test("10 classes, loss flat at 1.20 for 30 epochs, train acc 0.45 < val 0.62, dropout 0.5: a finding, heavy dropout ranked first", () => {
  const run = runOf(
    {
      loss: epochs(30, (i) => 1.2 + wobble(i, 0.004)),
      accuracy: epochs(30, (i) => 0.45 + wobble(i, 0.004)),
      val_loss: epochs(30, (i) => 1.05 + wobble(i + 3, 0.004)),
      val_accuracy: epochs(30, (i) => 0.62 + wobble(i + 5, 0.004)),
    },
    { dropout: 0.5, optimizer: "adam", lr: 0.001, num_classes: 10, loss: "categorical_crossentropy", output_activation: "softmax" },
  );
  const fs = diagnoseRun(run);
  assert.ok(severe(fs).length >= 1, JSON.stringify(fs.map((f) => [f.severity, f.symptom])));
  const f = severe(fs).find((x) => x.causes.some((c) => c.code === "regularization_too_strong"));
  assert.ok(f, JSON.stringify(severe(fs).map((x) => [x.symptom, x.causes.map((c) => c.code)])));
  assert.equal(f.causes[0].code, "regularization_too_strong");
  const top = f.causes[0] as RankedCause;
  assert.ok(
    top.ranking!.contributions.some((k) => k.source === "config" && /dropout 0.5/.test(k.note)),
    JSON.stringify(top.ranking),
  );
  assert.match(String(f.rankedBy), /regularization_too_strong/);
  // label noise is not blamed for a training accuracy that dropout holds down
  assert.ok(!causesOf(fs).includes("label_noise"));
});

test("a regression loss on a softmax classifier trained with accuracy: a warning with wrong_loss_function, even when the curves explain something else", () => {
  const run = runOf(
    {
      loss: epochs(20, (i) => 0.16 - 0.03 * (1 - Math.exp(-i / 6))),
      accuracy: epochs(20, (i) => 0.3 + 0.25 * (1 - Math.exp(-i / 6))),
      val_loss: epochs(20, (i) => 0.16 - 0.028 * (1 - Math.exp(-i / 6))),
      val_accuracy: epochs(20, (i) => 0.3 + 0.24 * (1 - Math.exp(-i / 6))),
    },
    { loss: "mean_absolute_error", output_activation: "softmax", optimizer: "adam", lr: 0.001, num_classes: 10 },
  );
  const fs = diagnoseRun(run);
  const cfg = fs.find((f) => f.symptom === "config_loss_task_mismatch");
  assert.ok(cfg && cfg.severity !== "info", JSON.stringify(fs.map((f) => [f.severity, f.symptom])));
  assert.equal(cfg.causes[0].code, "wrong_loss_function");
  // wherever the curves show poor progress, the loss ranks first there too
  for (const f of severe(fs)) if (f.causes.length && !f.configCheck) assert.equal(f.causes[0].code, "wrong_loss_function", f.symptom);
});

test("loss flat from the first epoch with a learning rate nine decades below Adam's range: learning_rate_too_low first, no weights_frozen", () => {
  const run = runOf(
    {
      loss: epochs(15, () => 2.3026),
      accuracy: epochs(15, () => 0.0987),
      val_loss: epochs(15, () => 2.30251),
      val_accuracy: epochs(15, () => 0.1013),
    },
    { optimizer: "Adam", learning_rate: 1e-14, loss: "sparse_categorical_crossentropy", output_activation: "softmax", num_classes: 10 },
  );
  const fs = diagnoseRun(run);
  const cs = causesOf(fs);
  assert.ok(!cs.includes("weights_frozen") && !cs.includes("weight_init_zero") && !cs.includes("dead_relu"), cs.join(","));
  const first = severe(fs).filter((f) => !f.configCheck);
  assert.ok(first.length >= 1);
  for (const f of first) assert.equal(f.causes[0]?.code, "learning_rate_too_low", `${f.symptom}: ${f.rankedBy}`);
  // the configuration finding itself stays a warning: nine decades off is wrong whatever the curves show
  assert.ok(fs.some((f) => f.symptom === "config_learning_rate" && f.severity !== "info"));
});

test("loss flat at ln 3 under plain SGD at 0.002 (Adam's learning rate carried over): learning_rate_too_low; not with momentum 0.9, nor under Adam", () => {
  const flat = (hp: Record<string, number | string>) =>
    runOf(
      {
        loss: epochs(15, (i) => 1.0996 + wobble(i, 0.0004)),
        accuracy: epochs(15, (i) => 0.34 + 0.002 * Math.sin(i)),
        val_loss: epochs(15, (i) => 1.0993 + wobble(i + 2, 0.0003)),
        val_accuracy: epochs(15, () => 0.3367),
      },
      { learning_rate: 0.002, loss: "categorical_crossentropy", output_activation: "softmax", num_classes: 3, activation: "relu", ...hp },
    );
  const plain = diagnoseRun(flat({ optimizer: "SGD" }));
  const f = severe(plain).find((x) => x.symptom === "loss_not_decreasing");
  assert.equal(f?.causes[0]?.code, "learning_rate_too_low", JSON.stringify(severe(plain).map((x) => [x.symptom, x.rankedBy])));
  assert.match(f!.causes[0].why, /no momentum \(none logged/);
  assert.ok(!causesOf(diagnoseRun(flat({ optimizer: "SGD", momentum: 0.9 }))).includes("learning_rate_too_low"));
  assert.ok(!causesOf(diagnoseRun(flat({ optimizer: "Adam" }))).includes("learning_rate_too_low"));
});

test("a learning rate ≥ 6 decades off is a warning even when the curves look calm; an oddity of a good run stays info", () => {
  const calm = runOf(
    {
      loss: epochs(12, (i) => 0.9 - 0.02 * i),
      val_loss: epochs(12, (i) => 0.95 - 0.02 * i),
      val_accuracy: epochs(12, (i) => 0.6 + 0.01 * i),
    },
    { optimizer: "sgd", lr: 1e-11 },
  );
  const f = diagnoseRun(calm).find((x) => x.symptom === "config_learning_rate");
  assert.equal(f?.severity, "warning");
  assert.equal(f?.causes[0].code, "learning_rate_too_low");
  // two decades above Adam's range on a run at 97 % accuracy: info
  const good = runOf(
    {
      loss: epochs(12, (i) => 0.9 * Math.exp(-i / 3) + 0.05),
      val_loss: epochs(12, (i) => 0.9 * Math.exp(-i / 3) + 0.08),
      val_accuracy: epochs(12, (i) => 0.97 - 0.4 * Math.exp(-i / 3)),
    },
    { optimizer: "adam", lr: 0.5 },
  );
  assert.deepEqual(
    severe(diagnoseRun(good)).map((x) => x.symptom),
    [],
  );
});

test("98.9 % validation accuracy after 2 epochs is not told to train longer; a poor 2-epoch run is", () => {
  const good = runOf({ loss: [0.35, 0.09], accuracy: [0.9, 0.975], val_loss: [0.08, 0.04], val_accuracy: [0.975, 0.989] }, { epochs: 2 });
  assert.deepEqual(causesOf(diagnoseRun(good)), []);
  const poor = runOf(
    { loss: [2.2, 1.7], accuracy: [0.2, 0.38], val_loss: [2.0, 1.6], val_accuracy: [0.25, 0.41] },
    { epochs: 2, num_classes: 10 },
  );
  assert.ok(
    causesOf(diagnoseRun(poor)).includes("too_few_epochs"),
    JSON.stringify(diagnoseRun(poor).map((f) => [f.symptom, f.causes.map((c) => c.code)])),
  );
});

test("a five-epoch smoke run at SGD lr 0.1 is not told its learning rate is too low", () => {
  const run = runOf(
    { loss: [2.3, 2.2, 2.12, 2.05, 1.99], val_loss: [2.25, 2.16, 2.09, 2.03, 1.98], val_accuracy: [0.12, 0.16, 0.19, 0.22, 0.25] },
    { optimizer: "SGD", lr: 0.1, epochs: 5, num_classes: 10 },
  );
  assert.ok(
    !causesOf(diagnoseRun(run)).includes("learning_rate_too_low"),
    JSON.stringify(severe(diagnoseRun(run)).map((f) => [f.symptom, f.rankedBy])),
  );
});

test("expectations: an unmet val_accuracy gets a warning whose causes are ranked; a met one keeps oddities info; hyper-parameters may name it", () => {
  const curves = {
    loss: epochs(20, (i) => 1.2 * Math.exp(-i / 5) + 0.3),
    val_loss: epochs(20, (i) => 1.2 * Math.exp(-i / 5) + 0.35),
    val_accuracy: epochs(20, (i) => 0.82 - 0.4 * Math.exp(-i / 5)),
  };
  const unmet = diagnoseRun(runOf(curves, { optimizer: "sgd", lr: 3e-6 }), {
    expect: [{ target: "val_accuracy", value: 0.9, source: "option" }],
  });
  const f = unmet.find((x) => x.symptom === "metric_below_expectation");
  assert.equal(f?.severity, "warning");
  assert.equal(f?.causes[0].code, "learning_rate_too_low", JSON.stringify(f?.rankedBy));
  const met = diagnoseRun(runOf(curves, { optimizer: "adam", lr: 0.05, expect_val_accuracy: 0.8 }));
  assert.ok(met.some((x) => x.symptom === "metric_meets_expectation"));
  assert.deepEqual(
    severe(met).map((x) => x.symptom),
    [],
  );
});

test("a reference run: the configuration difference that the evidence supports ranks first", () => {
  const ref = runOf(
    {
      loss: epochs(20, (i) => 2.3 * Math.exp(-i / 4) + 0.2),
      val_loss: epochs(20, (i) => 2.3 * Math.exp(-i / 4) + 0.25),
      val_accuracy: epochs(20, (i) => 0.95 - 0.85 * Math.exp(-i / 4)),
    },
    { optimizer: "sgd", lr: 0.01, batch_size: 32, seed: 1 },
    "ref",
  );
  const slow = runOf(
    {
      loss: epochs(20, (i) => 2.3 - 0.02 * i),
      val_loss: epochs(20, (i) => 2.31 - 0.02 * i),
      val_accuracy: epochs(20, (i) => 0.1 + 0.01 * i),
    },
    { optimizer: "sgd", lr: 1e-5, batch_size: 64, seed: 2 },
    "new",
  );
  const fs = diagnoseRun(slow, { reference: ref });
  const gap = fs.find((x) => x.symptom === "metric_below_reference");
  assert.equal(gap?.severity, "warning");
  assert.equal(gap?.causes[0].code, "learning_rate_too_low", String(gap?.rankedBy));
  // the batch difference (only 2×) was weighed too, below the learning rate
  const cands = gap?.candidates as { code: string; score: number }[];
  const bs = cands.find((c) => c.code === "batch_size_too_large");
  assert.ok(bs && bs.score < cands[0].score, JSON.stringify(cands));
});

test("the ranking is order-independent and weighs a lowering fact", () => {
  const a = makeCause("learning_rate_too_low", 0.45, "slow", []);
  const b = makeCause("dead_relu", 0.5, "relu net", [{ source: "histogram", tag: "act/1", value: 0.9 }]);
  const facts: Fact[] = [
    { id: "config.lr_below_range", strength: 1, note: "lr 1e-9 is 4 decades below", evidence: [] },
    { id: "config.heavy_dropout", strength: 0.6, note: "dropout 0.6", evidence: [] },
  ];
  const r1 = rankCauses("loss_not_decreasing", [a, b], facts);
  const r2 = rankCauses("loss_not_decreasing", [b, a], [...facts].reverse());
  assert.deepEqual(
    r1.causes.map((c) => [c.code, c.confidence]),
    r2.causes.map((c) => [c.code, c.confidence]),
  );
  assert.equal(r1.causes[0].code, "learning_rate_too_low");
  // dead_relu is backed by a histogram but lowered by the learning rate that explains the flat loss
  const dead = r1.candidates.find((c) => c.code === "dead_relu")!;
  assert.ok(dead.contributions.some((k) => k.weight < 0) && dead.score < r1.candidates[0].score, JSON.stringify(r1.candidates));
  // without the histogram it is not asserted
  const r3 = rankCauses("loss_not_decreasing", [makeCause("dead_relu", 0.5, "relu net", [])], []);
  assert.deepEqual(r3.causes, []);
  assert.equal(r3.unconfirmed[0].code, "dead_relu");
});

test("a logged layer summary and initialiser are configuration evidence: huge init, one output unit, a linear model", () => {
  const flat = {
    loss: epochs(15, (i) => 0.6931 + wobble(i, 0.002)),
    accuracy: epochs(15, (i) => 0.5 + wobble(i, 0.01)),
    val_loss: epochs(15, (i) => 0.6932 + wobble(i + 2, 0.002)),
    val_accuracy: epochs(15, (i) => 0.5 + wobble(i + 1, 0.01)),
  };
  const layers = (n: number, out: number, bias = true) =>
    JSON.stringify([
      ...Array.from({ length: n - 1 }, (_, i) => ({ name: `fc${i}`, type: "Linear", weight_shape: [32, 32], bias })),
      { name: "out", type: "Linear", weight_shape: [out, 32], bias },
    ]);
  // a huge initialiser named in the configuration backs weight_init_too_large
  const huge = diagnoseRun(
    runOf(flat, {
      optimizer: "Adam",
      learning_rate: 0.001,
      kernel_initializer: "random_normal(stddev=30.0)",
      layers: layers(3, 1),
      loss: "binary_crossentropy",
      output_activation: "sigmoid",
    }),
  );
  assert.ok(causesOf(huge).includes("weight_init_too_large"), JSON.stringify(severe(huge).map((f) => [f.symptom, f.rankedBy])));
  // categorical cross-entropy over one sigmoid unit: a definite loss mismatch
  const one = diagnoseRun(
    runOf(flat, {
      optimizer: "Adam",
      learning_rate: 0.001,
      layers: layers(3, 1),
      loss: "categorical_crossentropy",
      output_activation: "sigmoid",
    }),
  );
  assert.ok(
    severe(one).some((f) => f.causes[0]?.code === "wrong_loss_function"),
    JSON.stringify(severe(one).map((f) => [f.symptom, f.rankedBy])),
  );
  // a single weight layer: too small a model ranks first on the flat loss
  const linear = diagnoseRun(
    runOf(flat, {
      optimizer: "Adam",
      learning_rate: 0.001,
      layers: layers(1, 1),
      loss: "binary_crossentropy",
      output_activation: "sigmoid",
    }),
  );
  const lf = severe(linear).find((f) => f.symptom === "loss_not_decreasing" || f.symptom === "metric_at_chance");
  assert.equal(lf?.causes[0]?.code, "model_too_small", JSON.stringify(severe(linear).map((f) => [f.symptom, f.rankedBy])));
});

test("a sibling run that differs in one hyper-parameter and did better is offered as a reference (info)", async () => {
  const { siblingSuggestions } = await import("./siblings.ts");
  const good = runOf(
    {
      loss: epochs(10, (i) => Math.exp(-i / 3)),
      val_loss: epochs(10, (i) => Math.exp(-i / 3) + 0.1),
      val_accuracy: epochs(10, (i) => 0.9 - 0.5 * Math.exp(-i / 3)),
    },
    { lr: 0.01, optimizer: "sgd", seed: 1 },
    "grid/lr_0.01",
  );
  const bad = runOf(
    { loss: epochs(10, (i) => 1 - 0.01 * i), val_loss: epochs(10, (i) => 1.1 - 0.01 * i), val_accuracy: epochs(10, (i) => 0.4 + 0.01 * i) },
    { lr: 1e-5, optimizer: "sgd", seed: 2 },
    "grid/lr_1e-5",
  );
  const other = runOf(
    {
      loss: epochs(10, (i) => Math.exp(-i / 3)),
      val_loss: epochs(10, (i) => Math.exp(-i / 3) + 0.1),
      val_accuracy: epochs(10, () => 0.99),
    },
    { lr: 1e-5, optimizer: "sgd", dataset: "other" },
    "grid/other_data",
  );
  for (const r of [good, bad, other])
    for (const [role, key] of [
      ["val_accuracy", "val_accuracy"],
      ["val_loss", "val_loss"],
      ["train_loss", "loss"],
    ] as const)
      r.roles.push({ key, kind: "scalar", role, rule: "test" });
  const s = siblingSuggestions([good, bad, other]);
  assert.equal(s.size, 1);
  const f = s.get(bad)!;
  assert.equal(f.severity, "info");
  assert.equal(f.reference, "grid/lr_0.01");
  assert.match(f.title, /learning_rate 0.01 → 0.00001|learning_rate 0.01 → 1e-5/);
});

test("a structural fact of the recorded graph backs a weight-level cause: asserted, not only offered as possible", () => {
  const graphFact = {
    id: "graph.shared_parameters" as const,
    strength: 1,
    note: "2 parameter(s) used by more than one layer call, one use feeding the next",
    evidence: [{ source: "graph" as const, tag: "mlp", nodes: ["mlp/hidden1", "mlp/hidden1/kernel"] }],
  };
  const r = rankCauses("weight_not_updated", [], [graphFact]);
  assert.equal(r.causes[0]?.code, "weights_shared_wrongly");
  assert.equal(r.unconfirmed.length, 0);
  const c = r.causes[0] as { ranking?: { contributions: { source: string; backing?: boolean }[] } };
  assert.deepEqual(
    c.ranking!.contributions.map((k) => [k.source, k.backing]),
    [["graph", true]],
  );
  assert.deepEqual(r.causes[0].evidence[0].nodes, ["mlp/hidden1", "mlp/hidden1/kernel"]);
  // without it, nothing raises the cause
  assert.equal(rankCauses("weight_not_updated", [], []).causes.length, 0);
});
