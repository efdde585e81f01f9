// Default axes of the parallel coordinates: the hyper-parameters that vary among the runs shown
// (keys set in one run only or to one value are constant), the most common first, seeds last, and
// the main metric.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { LineageRun } from "../api.ts";
import { defaultAxes, mainMetric, MAX_DEFAULT_HPARAMS } from "./pc_axes.ts";

const run = (name: string, hparams: Record<string, number | string | boolean | null>) => ({ run: name, hparams }) as unknown as LineageRun;

test("default axes: varying hyper-parameters of the shown runs, then the main metric", () => {
  const keys = ["hidden_size", "lr", "seed", "optimizer", "class_weights", "dropout", "num_layers"];
  const runs = [
    run("a", { hidden_size: 128, lr: 0.001, seed: 1, optimizer: "adam", class_weights: "[1,2]", dropout: null, num_layers: 2 }),
    run("b", { hidden_size: 128, lr: 0.01, seed: 2, optimizer: "sgd", class_weights: null, dropout: 0.1, num_layers: null }),
    run("c", { hidden_size: null, lr: 0.1, seed: 3, optimizer: "adam", class_weights: null, dropout: 0.3, num_layers: 2 }),
  ];
  // hidden_size, class_weights and num_layers have one value wherever they are set: left out
  assert.deepEqual(defaultAxes(keys, ["train_loss", "val_loss", "val_accuracy"], runs, ""), [
    "lr",
    "optimizer",
    "dropout",
    "seed",
    "val_loss",
  ]);
  // only the runs shown count: among a and c, optimizer is constant and dropout set in c only
  assert.deepEqual(defaultAxes(keys, ["val_accuracy"], [runs[0], runs[2]], "train_loss"), ["lr", "seed", "train_loss"]);
  // the learning rate before more common keys, bookkeeping after them
  const hf = [
    run("x", { logging_steps: 10, num_train_epochs: 3, learning_rate: 2e-5, per_device_train_batch_size: 8 }),
    run("y", { logging_steps: 50, num_train_epochs: 5, learning_rate: null, per_device_train_batch_size: 16 }),
    run("z", { logging_steps: 20, num_train_epochs: 1, learning_rate: 1e-4, per_device_train_batch_size: null }),
  ];
  assert.deepEqual(defaultAxes(["logging_steps", "num_train_epochs", "learning_rate", "per_device_train_batch_size"], [], hf, ""), [
    "learning_rate",
    "num_train_epochs",
    "per_device_train_batch_size",
    "logging_steps",
  ]);
  const many = Array.from({ length: 10 }, (_, i) => `p${i}`);
  const grid = [0, 1].map((v) => run(`r${v}`, Object.fromEntries(many.map((k) => [k, v]))));
  assert.equal(defaultAxes(many, [], grid, "").length, MAX_DEFAULT_HPARAMS);
});

test("main metric: the target, else the validation loss, another validation metric, the training loss", () => {
  assert.equal(mainMetric(["train_loss", "val_loss"], "val_accuracy"), "val_accuracy");
  assert.equal(mainMetric(["train_loss", "val_accuracy", "val_loss"], ""), "val_loss");
  assert.equal(mainMetric(["learning_rate", "train_loss", "val_accuracy"], ""), "val_accuracy");
  assert.equal(mainMetric(["learning_rate", "train_loss"], ""), "train_loss");
  assert.equal(mainMetric(["learning_rate"], ""), undefined);
});
