// Configuration checks on hparam sets built with the model classes, and on the real MindSpore
// lineage fixture; compareConfigs with the framework-default traps.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadExperiment } from "../reader/index.ts";
import { canonicalKey, compareConfigs, configFindings, lossKind, normalizeConfig } from "./config_checks.ts";
import { makeRun, role, setHParams } from "./test_runs.test_util.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const FIX = path.join(here, "../../test/fixtures");

function runWith(hp: Record<string, string | number | boolean>, sourceKind?: string) {
  const { run } = makeRun("r");
  setHParams(run, hp, sourceKind);
  return run;
}

test("hparam names normalise", () => {
  const cases: [string, string][] = [
    ["lr", "learning_rate"],
    ["learningRate", "learning_rate"],
    ["optimizer.lr", "learning_rate"],
    ["batchSize", "batch_size"],
    ["bs", "batch_size"],
    ["max_epochs", "epochs"],
    ["n_classes", "num_classes"],
    ["optim", "optimizer"],
    ["n_train", "dataset_size"],
    ["keep_prob", "keep_prob"],
    ["dropout_rate", "dropout"],
    ["optimizer/name", "optimizer"],
    ["bn.momentum", "bn_momentum"],
  ];
  for (const [n, k] of cases) assert.equal(canonicalKey(n), k, n);
  assert.equal(canonicalKey("hidden_units"), undefined);
  assert.equal(lossKind("CrossEntropyLoss"), "logits");
  assert.equal(lossKind("categorical_crossentropy"), "probs");
  assert.equal(lossKind("categorical_crossentropy", true), "logits");
  assert.equal(lossKind("NLLLoss"), "log_probs");
  assert.equal(lossKind("BCEWithLogitsLoss"), "binary_logits");
  assert.equal(lossKind("MSELoss"), "regression");
  assert.equal(lossKind("softmax_cross_entropy"), "logits");
  assert.equal(lossKind("sigmoid_bce"), "binary_logits");
  assert.equal(lossKind("softmax_then_logits_ce"), "logits");
  assert.equal(lossKind("binary_crossentropy"), "binary_probs");
  assert.equal(lossKind("bce_log_no_eps"), "binary_probs");
});

test("softmax before a logits loss: info alone, error cause when the outcome is poor", () => {
  const run = runWith({ loss: "CrossEntropyLoss", output_activation: "softmax", lr: 0.001, optimizer: "Adam", num_classes: 10 });
  const ok = configFindings(run, { poor: false });
  assert.equal(ok.length, 1);
  assert.equal(ok[0].severity, "info");
  assert.deepEqual(ok[0].causes, []);
  assert.equal(ok[0].potentialCause, "wrong_loss_function");
  const bad = configFindings(run, { poor: true });
  assert.equal(bad[0].severity, "error");
  assert.equal(bad[0].causes[0].code, "wrong_loss_function");
  assert.ok(bad[0].causes[0].checklist.includes("cg.04"), 'bad[0].causes[0].checklist.includes("cg.04")');
  assert.ok(bad[0].causes[0].fixes.length >= 1, "bad[0].causes[0].fixes.length >= 1");
  assert.deepEqual(
    bad[0].evidence.map((e) => e.tag),
    ["loss", "output_activation"],
  );
});

test("other loss/activation/task mismatches", () => {
  const codes = (hp: Record<string, string | number | boolean>, poor = true) =>
    configFindings(runWith(hp), { poor }).flatMap((f) => f.causes.map((c) => c.code));
  assert.deepEqual(codes({ loss: "binary_crossentropy", output_activation: "linear" }), ["wrong_loss_function"]);
  assert.deepEqual(codes({ loss: "binary_crossentropy", output_activation: "linear", from_logits: true }), []);
  assert.deepEqual(codes({ loss: "mse", num_classes: 10 }), ["wrong_loss_function"]);
  assert.deepEqual(codes({ loss: "BCELoss", output_activation: "sigmoid", num_classes: 5 }), ["wrong_loss_function"]);
  assert.deepEqual(codes({ loss: "NLLLoss", output_activation: "softmax" }), ["wrong_loss_function"]);
  assert.deepEqual(codes({ loss: "NLLLoss", output_activation: "log_softmax" }), []);
  assert.deepEqual(codes({ loss: "categorical_crossentropy", output_activation: "sigmoid", num_classes: 4 }), ["wrong_output_activation"]);
});

test("learning rate vs optimizer, batch vs dataset, epochs vs curves, regularisation", () => {
  const f = (hp: Record<string, string | number | boolean>, o: { poor: boolean; stillImproving?: boolean }) =>
    configFindings(runWith(hp), o);
  assert.equal(f({ optimizer: "Adam", learning_rate: 0.5 }, { poor: true })[0].causes[0].code, "learning_rate_too_high");
  assert.equal(f({ optimizer: "SGD", lr: 1e-6, momentum: 0.9 }, { poor: true })[0].causes[0].code, "learning_rate_too_low");
  assert.deepEqual(f({ optimizer: "SGD", lr: 0.1, momentum: 0.9 }, { poor: true }), []);
  const b = f({ batch_size: 512, n_train: 1000 }, { poor: true });
  assert.equal(b[0].causes[0].code, "batch_size_too_large");
  assert.match(b[0].title, /2 optimizer steps per epoch/);
  // many epochs of a tiny dataset: few steps per epoch but enough updates in total
  assert.deepEqual(f({ batch_size: 16, n_train: 48, epochs: 150 }, { poor: true }), []);
  assert.equal(f({ batch_size: 768, n_train: 768, epochs: 20 }, { poor: true })[0].causes[0].code, "batch_size_too_large");
  assert.equal(f({ epochs: 3 }, { poor: true, stillImproving: true })[0].causes[0].code, "too_few_epochs");
  assert.deepEqual(f({ epochs: 3 }, { poor: true, stillImproving: false }), []);
  assert.equal(f({ keep_prob: 0.1 }, { poor: true })[0].causes[0].code, "regularization_too_strong");
  assert.equal(f({ dropout: 0.9 }, { poor: false })[0].severity, "info");
});

test("healthy configuration is silent", () => {
  const run = runWith({
    lr: 0.001,
    optimizer: "Adam",
    batch_size: 32,
    dataset_size: 50000,
    epochs: 20,
    loss: "CrossEntropyLoss",
    output_activation: "linear",
    num_classes: 10,
    dropout: 0.3,
    weight_decay: 1e-4,
  });
  assert.deepEqual(configFindings(run, { poor: true, stillImproving: false }), []);
  assert.deepEqual(configFindings(makeRun().run, { poor: true }), []);
});

test("learning rate from the logged scalar when no hparam", () => {
  const { run, dir } = makeRun("r");
  const s = dir.scalar("lr");
  s.push(0, 0, 5);
  s.push(1, 1, 4);
  run.roles.push(role("lr", "learning_rate", undefined, "scalar"));
  const fs = configFindings(run, { poor: true });
  assert.equal(fs[0].causes[0].code, "learning_rate_too_high");
  assert.equal(fs[0].evidence[0].value, 5);
});

test("MindSpore lineage fixture: configuration read and checked", async () => {
  const exp = await loadExperiment(path.join(FIX, "generated/mindspore"));
  const cfg = normalizeConfig(exp.runs[0]);
  assert.equal(cfg.get("optimizer")?.value, "Momentum");
  assert.equal(cfg.get("loss")?.value, "SoftmaxCrossEntropyWithLogits");
  assert.ok(
    cfg.has("learning_rate") && cfg.has("batch_size") && cfg.has("epochs"),
    'cfg.has("learning_rate") && cfg.has("batch_size") && cfg.has("epochs")',
  );
  // a logits loss with no output activation recorded, lr 0.01 for Momentum: nothing to flag but the tiny batch (info)
  const fs = configFindings(exp.runs[0], { poor: false });
  assert.ok(
    fs.every((x) => x.severity === "info"),
    'fs.every((x) => x.severity === "info")',
  );
  assert.ok(
    fs.every((x) => x.symptom !== "config_learning_rate" && x.symptom !== "config_loss_activation_mismatch"),
    'fs.every((x) => x.symptom !== "config_learning_rate" && x.symptom !== "config_loss_activation_mismatch")',
  );
});

test("compareConfigs lists every difference and the framework traps", () => {
  const a = runWith({ lr: 0.1, batch_size: 32, dropout: 0.1, bn_momentum: 0.1, init: "kaiming_uniform", eps: 1e-8, hidden: 64, seed: 1 });
  const b = runWith({ learning_rate: 0.1, batchSize: 128, keep_prob: 0.9, bn_momentum: 0.9, hidden: 128, extra: "x", seed: 1 });
  const d = compareConfigs(a, b);
  const by = (k: string) => d.find((x) => x.key === k);
  assert.equal(by("learning_rate"), undefined, "same lr under different names is no difference");
  assert.equal(by("seed"), undefined);
  assert.match(by("bn_momentum")!.trap!, /0\.9/);
  assert.match(by("batch_size")!.trap!, /linear scaling/);
  assert.match(by("dropout")!.trap!, /same setting/);
  assert.equal(by("hidden")!.kind, "changed");
  assert.equal(by("extra")!.kind, "only_b");
  assert.match(by("weight_init")!.trap!, /default/);
  assert.match(by("epsilon")!.trap!, /1e-7/);
  assert.deepEqual(compareConfigs(a, a), []);
});

test("normalizeConfig: HF Trainer, timm, YOLO and detectron2 names; a model's config.json does not override", () => {
  const hf = normalizeConfig(
    runWith({
      learning_rate: 2e-5,
      per_device_train_batch_size: 8,
      train_batch_size: 16,
      num_train_epochs: 3,
      optim: "adamw_torch",
      max_steps: -1,
    }),
  );
  assert.deepEqual(
    [hf.get("learning_rate")?.value, hf.get("batch_size")?.name, hf.get("epochs")?.value, hf.get("optimizer")?.value],
    [2e-5, "train_batch_size", 3, "adamw_torch"],
  );
  const yolo = normalizeConfig(runWith({ lr0: 0.01, batch: 16, epochs: 100, nc: 80, optimizer: "SGD" }));
  assert.deepEqual([yolo.get("learning_rate")?.value, yolo.get("batch_size")?.value, yolo.get("num_classes")?.value], [0.01, 16, 80]);
  const d2 = normalizeConfig(
    runWith({
      "SOLVER.BASE_LR": 0.02,
      "SOLVER.IMS_PER_BATCH": 16,
      "SOLVER.MAX_ITER": 90000,
      "MODEL.ROI_HEADS.NUM_CLASSES": 3,
      "MODEL.RETINANET.NUM_CLASSES": 80,
    }),
  );
  assert.deepEqual(
    [d2.get("learning_rate")?.value, d2.get("batch_size")?.value, d2.get("max_steps")?.value, d2.get("num_classes")?.value],
    [0.02, 16, 90000, 3],
  );
  const run = runWith({ activation: "relu", lr: 0.01 });
  setHParams(run, { hidden_act: "gelu", dropout: 0.1 }, "model_config");
  const mixed = normalizeConfig(run);
  assert.equal(mixed.get("activation")?.value, "relu");
  assert.equal(mixed.get("dropout")?.value, 0.1);
  assert.equal(mixed.get("dropout")?.sourceKind, "model_config");
  assert.equal(canonicalKey("SOLVER.BASE_LR"), "learning_rate");
  assert.equal(canonicalKey("nc"), "num_classes");
  assert.equal(canonicalKey("hidden"), undefined);
});

test("a loss logged as a call names the activation the loss receives, whatever output_activation says", () => {
  const cfg = normalizeConfig(runWith({ loss: "CrossEntropyLoss(softmax(logits))", output_activation: "linear" }));
  assert.equal(cfg.get("loss")?.value, "CrossEntropyLoss");
  assert.equal(cfg.get("output_activation")?.value, "softmax");
  const fs = configFindings(runWith({ loss: "CrossEntropyLoss(softmax(logits))", output_activation: "linear", num_classes: 4 }), {
    poor: false,
  });
  const m = fs.find((f) => f.symptom === "config_loss_activation_mismatch");
  assert.ok(m, JSON.stringify(fs.map((f) => f.symptom)));
  assert.equal(m.causes[0]?.code ?? m.potentialCause ?? "wrong_loss_function", "wrong_loss_function");
  // NLLLoss on probabilities is no likelihood whatever the curves show: definite
  const nll = configFindings(runWith({ loss: "NLLLoss(softmax(logits))", output_activation: "linear", num_classes: 4 }), { poor: false });
  assert.equal(nll.find((f) => f.symptom === "config_loss_activation_mismatch")?.definite, true);
  // a plain name, or a call on something that is no activation, is left as it is
  assert.equal(normalizeConfig(runWith({ loss: "cross_entropy", output_activation: "linear" })).get("output_activation")?.value, "linear");
  assert.equal(normalizeConfig(runWith({ loss: "mse(pred(x))", output_activation: "linear" })).get("loss")?.value, "mse(pred(x))");
});
