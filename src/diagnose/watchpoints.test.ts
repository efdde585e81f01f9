// Watchpoints on real fixtures (MindSpore summary with NaN/Inf in a gradient histogram, tensorboardX
// weight histograms) and on runs built from the model classes (all-zero weights, saturated tanh,
// dead ReLU, unchanged weights, large updates, vanishing gradients).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadExperiment } from "../reader/index.ts";
import type { TrainingRun } from "../model/index.ts";
import { evaluateWatchpoints, updateRatio } from "./watchpoints.ts";
import { RECOMMENDED_WATCHPOINTS, WATCH_CONDITIONS, WATCH_PRESETS, validateCondition } from "./watch_conditions.ts";
import { tensorStats, histogramStats, exactStats, rangePercentage } from "./tensor_stats.ts";
import { histOf, makeRun, normals, role, setHParams } from "./test_runs.test_util.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const FIX = path.join(here, "../../test/fixtures");
const manifest = JSON.parse(fs.readFileSync(path.join(FIX, "manifest.json"), "utf8"));
const hasHistograms = (runs: TrainingRun[]) => runs.some((r) => r.dirs.some((d) => d.histograms.size > 0));
const genFile = (p: string) => manifest.generated_files.find((f: { path: string }) => f.path.includes(p));

test("catalogue: MindInsight's 16 log-evaluable conditions, recommended set valid", () => {
  assert.equal(WATCH_CONDITIONS.length, 16);
  for (const c of RECOMMENDED_WATCHPOINTS) assert.deepEqual(validateCondition(c), [], c.id);
  assert.ok(validateCondition({ name: "tensor_too_large" }).length > 0, "needs a parameter");
  assert.ok(
    validateCondition({ name: "tensor_all_zero", params: { zero_percentage_ge: 120 } }).length > 0,
    'validateCondition({ name: "tensor_all_zero", params: { zero_percentage_ge: 120 } }).length > 0',
  );
  assert.ok(
    validateCondition({ name: "weight_not_changed", params: { bogus: 1 } }).length > 0,
    'validateCondition({ name: "weight_not_changed", params: { bogus: 1 } }).length > 0',
  );
  assert.ok(
    Math.abs(WATCH_PRESETS.tanh_saturation.params!.range_end_inclusive - 0.99999995456) < 1e-10,
    "Math.abs(WATCH_PRESETS.tanh_saturation.params!.range_end_inclusive - 0.99999995456) < 1e-10",
  );
  assert.ok(
    Math.abs(WATCH_PRESETS.sigmoid_saturation.params!.range_start_inclusive - 9.2136e-8) < 1e-11,
    "Math.abs(WATCH_PRESETS.sigmoid_saturation.params!.range_start_inclusive - 9.2136e-8) < 1e-11",
  );
});

test("MindSpore fixture: overflow hit on the gradient histogram at the step holding NaN/Inf", async () => {
  const exp = await loadExperiment(path.join(FIX, "generated/mindspore"));
  assert.equal(exp.runs.length, 1);
  const run = exp.runs[0];
  const expect = genFile("fixturehost_MS").tags["fc3.weight.grad"];
  const last = expect.last_value;
  const hits = evaluateWatchpoints(run);
  const over = hits.filter((h) => h.condition === "tensor_overflow" && h.tag === "fc3.weight.grad");
  assert.equal(over.length, 1);
  assert.equal(over[0].step, expect.steps[expect.steps.length - 1]);
  assert.equal(over[0].exact, false);
  assert.deepEqual(over[0].nonFinite, { nan: last.nan_count, posInf: last.pos_inf_count, negInf: last.neg_inf_count });
  assert.equal(over[0].actual, last.nan_count + last.pos_inf_count + last.neg_inf_count);
  // No other recommended hit on this healthy-looking LeNet (weights move, no zeros).
  assert.deepEqual(
    hits.filter((h) => h.condition !== "tensor_overflow"),
    [],
  );
  // gradient_exploding is the gradient-only form of the same check.
  const ge = evaluateWatchpoints(run, [{ name: "gradient_exploding" }]);
  assert.deepEqual(
    ge.map((h) => [h.step, h.tag]),
    [[over[0].step, "fc3.weight.grad"]],
  );
  // The stats of that step count the non-finite values and use only the finite ones.
  const row = tensorStats(run).find((r) => r.tag === "fc3.weight.grad" && r.step === over[0].step)!;
  assert.equal(row.count, last.bucket_total);
  assert.ok(row.min === last.min && row.max === last.max, "row.min === last.min && row.max === last.max");
  // The exact tensor series gives exact rows.
  const bias = tensorStats(run).filter((r) => r.tag === "fc3.bias");
  assert.ok(
    bias.length >= 2 && bias.every((r) => r.exact && r.count === 10),
    "bias.length >= 2 && bias.every((r) => r.exact && r.count === 10)",
  );
});

test("tensorboardX fixture: weight histograms give estimated statistics matching the recorded sums", async (t) => {
  const exp = await loadExperiment(path.join(FIX, "generated/tensorboardx/mlp"));
  if (!hasHistograms(exp.runs)) {
    t.skip("the reader returned no tfevents histograms");
    return;
  }
  const rows = exp.runs.flatMap((r) => tensorStats(r)).filter((r) => r.tag.endsWith("weights/fc1.weight"));
  assert.equal(rows.length, genFile("tensorboardx/mlp/events").tags["weights/fc1.weight"].count);
  const exp0 = genFile("tensorboardx/mlp/events").tags["weights/fc1.weight"].first_value;
  const r0 = rows[0];
  assert.equal(r0.exact, false);
  assert.equal(r0.role, "weight");
  assert.ok(Math.abs(r0.mean - exp0.sum / exp0.num) < 1e-12, "Math.abs(r0.mean - exp0.sum / exp0.num) < 1e-12");
  const variance = exp0.sum_squares / exp0.num - (exp0.sum / exp0.num) ** 2;
  assert.ok(
    Math.abs(r0.std - Math.sqrt((variance * exp0.num) / (exp0.num - 1))) < 1e-9,
    "Math.abs(r0.std - Math.sqrt(variance * exp0.num / (exp0.num - 1))) < 1e-9",
  );
  assert.equal(r0.min, exp0.min);
  assert.equal(r0.zeroPct, 0);
  // Healthy weights: the recommended set finds nothing on them.
  const hits = exp.runs.flatMap((r) => evaluateWatchpoints(r)).filter((h) => h.tag.endsWith("weights/fc1.weight"));
  assert.deepEqual(hits, []);
});

test("PyTorch fixture: NaN/Inf histogram (num > bucket total) and non-finite scalars hit overflow; healthy layers silent", async (t) => {
  const exp = await loadExperiment(path.join(FIX, "generated/pytorch/mlp"));
  if (!hasHistograms(exp.runs)) {
    t.skip("the reader returned no tfevents histograms");
    return;
  }
  const run = exp.runs.find((r) => r.dirs.some((d) => d.histograms.size > 0))!;
  const tags = genFile("pytorch/mlp/events.out.tfevents").tags;
  const corrupted = tags["nan_inf/fc1.weight_corrupted"].first_value;
  const hits = evaluateWatchpoints(run);
  const hist = hits.filter((h) => h.tag === "nan_inf/fc1.weight_corrupted");
  assert.deepEqual(
    hist.map((h) => [h.condition, h.step, h.actual, h.exact]),
    [["tensor_overflow", tags["nan_inf/fc1.weight_corrupted"].first_step, corrupted.num - corrupted.bucket_total, false]],
  );
  const scalarHits = hits.filter((h) => h.role === "scalar");
  assert.ok(
    scalarHits.length >= 3 && scalarHits.every((h) => h.condition === "tensor_overflow" && h.exact),
    'scalarHits.length >= 3 && scalarHits.every((h) => h.condition === "tensor_overflow" && h.exact)',
  );
  // every other hit is one of those two series: the real weights/gradients of this training raise nothing
  assert.deepEqual(
    hits.filter((h) => h.tag !== "nan_inf/fc1.weight_corrupted" && h.role !== "scalar"),
    [],
  );
  // the 30-bin and the default-bin histograms of the same tensor estimate close statistics
  const rows = tensorStats(run);
  const a = rows.find((r) => r.tag === "weights/fc1.weight" && r.step === 0)!,
    b = rows.find((r) => r.tag === "weights_bins30/fc1.weight" && r.step === 0)!;
  assert.ok(Math.abs(a.absMean - b.absMean) < 0.1 * a.absMean, `${a.absMean} vs ${b.absMean}`);
  assert.equal(a.mean, b.mean); // both from the recorded sum
});

test("all-zero weight histogram → tensor_all_zero and weight_initialization; zero bias at start is fine", () => {
  const { run, dir } = makeRun();
  dir.histogram("fc1.weight").push(histOf(0, new Array(64).fill(0)));
  dir.histogram("fc1.weight").push(histOf(10, new Array(64).fill(0)));
  dir.histogram("fc1.bias").push(histOf(0, new Array(8).fill(0)));
  dir.histogram("fc1.bias").push(histOf(10, normals(8, 0.01)));
  run.roles.push(role("fc1.weight", "weight_hist", "fc1.weight"), role("fc1.bias", "weight_hist", "fc1.bias"));
  const hits = evaluateWatchpoints(run);
  const az = hits.filter((h) => h.condition === "tensor_all_zero");
  assert.deepEqual(
    az.map((h) => [h.tag, h.step, h.actual]),
    [
      ["fc1.weight", 0, 100],
      ["fc1.weight", 10, 100],
    ],
  );
  const wi = hits.filter((h) => h.condition === "weight_initialization");
  assert.deepEqual(
    wi.map((h) => [h.tag, h.step, h.param]),
    [["fc1.weight", 0, "zero_percentage_ge"]],
  );
  assert.ok(
    hits.every((h) => h.tag !== "fc1.bias"),
    'hits.every((h) => h.tag !== "fc1.bias")',
  );
  // Unchanged all-zero weights between steps 0 and 10
  const nc = evaluateWatchpoints(run, [{ name: "weight_not_changed" }]);
  assert.deepEqual(
    nc.map((h) => [h.tag, h.step, h.prevStep]),
    [["fc1.weight", 10, 0]],
  );
});

test("tanh activations piled at ±1 → saturation; healthy tanh silent", () => {
  const { run, dir } = makeRun();
  const sat = normals(2000, 1, 3).map((x) => (x < 0 ? -1 : 1));
  dir.histogram("activations/tanh1").push(histOf(5, sat));
  const healthy = normals(2000, 0.5, 4).map(Math.tanh);
  dir.histogram("activations/tanh2").push(histOf(5, healthy));
  run.roles.push(role("activations/tanh1", "activation_hist", "tanh1"), role("activations/tanh2", "activation_hist", "tanh2"));
  const hits = evaluateWatchpoints(run);
  assert.equal(hits.length, 1, JSON.stringify(hits));
  assert.equal(hits[0].tag, "activations/tanh1");
  assert.equal(hits[0].watchpoint, "recommend_tanh_activation_range");
  assert.equal(hits[0].param, "range_percentage_lt");
  assert.ok(hits[0].actual < 0.1, "hits[0].actual < 0.1");
  assert.equal(hits[0].exact, false);
  // Same data as an exact tensor
  const { run: r2, dir: d2 } = makeRun();
  d2.tensor("tanh_out").push({ step: 1, wallTime: 1, dtype: "float32", shape: [sat.length], values: Float64Array.from(sat) });
  const h2 = evaluateWatchpoints(r2, [WATCH_PRESETS.tanh_saturation]);
  assert.deepEqual(
    h2.map((h) => [h.tag, h.exact, h.actual]),
    [["tanh_out", true, 0]],
  );
});

test("dead ReLU (all zeros) vs healthy ReLU; sigmoid pinned at 0/1", () => {
  const { run, dir } = makeRun();
  dir.histogram("relu3/activation").push(
    histOf(
      2,
      new Array(500).fill(0).map((_, i) => (i === 0 ? 0 : 0)),
    ),
  );
  dir.histogram("relu4/activation").push(
    histOf(
      2,
      normals(500, 1, 5).map((x) => Math.max(0, x)),
    ),
  );
  dir.histogram("sigmoid_out").push(
    histOf(
      2,
      normals(500, 1, 6).map((x) => (x < 0 ? 0 : 1)),
    ),
  );
  const hits = evaluateWatchpoints(run);
  const byCond = hits.map((h) => [h.tag, h.watchpoint]);
  assert.deepEqual(byCond.sort(), [
    ["relu3/activation", "recommend_relu_activation_range"],
    ["relu3/activation", "recommend_tensor_all_zero"],
    ["sigmoid_out", "recommend_sigmoid_activation_range"],
  ]);
});

test("unchanged weights across steps → weight_not_changed; moving weights → not; large update → change too large", () => {
  const { run, dir } = makeRun();
  const w = normals(256, 0.1, 7);
  for (const s of [0, 100, 200])
    dir.tensor("frozen.weight").push({ step: s, wallTime: s, dtype: "float32", shape: [256], values: Float64Array.from(w) });
  const w2 = w.map((x, i) => x + 1e-3 * normals(256, 1, 8)[i]);
  dir.tensor("moving.weight").push({ step: 0, wallTime: 0, dtype: "float32", shape: [256], values: Float64Array.from(w) });
  dir.tensor("moving.weight").push({ step: 100, wallTime: 100, dtype: "float32", shape: [256], values: Float64Array.from(w2) });
  dir
    .tensor("moving.weight")
    .push({ step: 200, wallTime: 200, dtype: "float32", shape: [256], values: Float64Array.from(w2.map((x) => x * -3)) });
  run.roles.push(role("frozen.weight", "weight_hist", "frozen", "tensor"), role("moving.weight", "weight_hist", "moving", "tensor"));
  const nc = evaluateWatchpoints(run, [{ name: "weight_not_changed" }]);
  assert.deepEqual(
    nc.map((h) => [h.tag, h.step, h.prevStep, h.exact]),
    [
      ["frozen.weight", 100, 0, true],
      ["frozen.weight", 200, 100, true],
    ],
  );
  const big = evaluateWatchpoints(run).filter((h) => h.condition === "weight_change_too_large");
  assert.deepEqual(
    big.map((h) => [h.tag, h.step]),
    [["moving.weight", 200]],
  );
  assert.ok(Math.abs(big[0].actual - 4) < 1e-6, String(big[0].actual)); // |−3w − w| / (|w| + ε) ≈ 4
  const small = evaluateWatchpoints(run, [{ name: "weight_change_too_small" }]);
  assert.deepEqual(
    small.map((h) => h.tag),
    ["frozen.weight", "frozen.weight"],
  );
});

test("histogram update ratio is a lower bound of the exact one", () => {
  const a = normals(4000, 0.1, 9),
    b = a.map((x) => x * 1.5 + 0.02);
  const exact = updateRatio({ step: 0, values: Float64Array.from(a) }, { step: 1, values: Float64Array.from(b) }, 1e-9, (p) =>
    exactStats(p.values!),
  );
  const est = updateRatio({ step: 0, hist: histOf(0, a, 60) }, { step: 1, hist: histOf(1, b, 60) }, 1e-9, (p) => histogramStats(p.hist!));
  assert.ok(est! <= exact! * 1.05 && est! > exact! * 0.5, `${est} vs ${exact}`);
});

test("vanishing gradient histogram and NaN scalar loss", () => {
  const { run, dir } = makeRun();
  dir.histogram("gradients/fc1.weight").push(histOf(3, normals(100, 1e-12, 10)));
  dir.histogram("gradients/fc2.weight").push(histOf(3, normals(100, 1e-2, 11)));
  const loss = dir.scalar("loss");
  loss.push(0, 0, 2.3);
  loss.push(1, 1, NaN);
  loss.push(2, 2, Infinity);
  const hits = evaluateWatchpoints(run);
  assert.deepEqual(
    hits.map((h) => [h.step, h.tag, h.condition]),
    [
      [1, "loss", "tensor_overflow"],
      [2, "loss", "tensor_overflow"],
      [3, "gradients/fc1.weight", "gradient_vanishing"],
    ],
  );
  assert.equal(hits[1].nonFinite!.posInf, 1);
  // user condition on scalars
  const big = evaluateWatchpoints(run, [{ name: "tensor_too_large", params: { max_gt: 2 }, match: "^loss$" }]);
  assert.deepEqual(
    big.map((h) => [h.step, h.actual]),
    [[0, 2.3]],
  );
});

test("range percentage from histograms counts whole buckets only", () => {
  const h = histOf(0, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], 10);
  assert.equal(rangePercentage({ step: 0, hist: h }, -1, 1), 100);
  const p = rangePercentage({ step: 0, hist: h }, 0.25, 0.75);
  assert.ok(p > 0 && p <= (100 * 5) / 11, String(p));
});

test("activation type from the run's configuration; growing biases are not 'changing too much' by default", () => {
  const { run, dir } = makeRun();
  setHParams(run, { activation: "relu", output_activation: "softmax" });
  const dead = normals(400, 1, 12).map((x) => Math.min(0, x) * 0);
  dir.histogram("activations/fc1").push(histOf(4, dead));
  dir.histogram("activations/out").push(histOf(4, dead));
  dir.histogram("fc1.bias").push(histOf(0, normals(16, 1e-3, 13)));
  dir.histogram("fc1.bias").push(histOf(5, normals(16, 0.05, 14)));
  const hits = evaluateWatchpoints(run);
  const relu = hits.filter((h) => h.watchpoint === "recommend_relu_activation_range");
  assert.deepEqual(
    relu.map((h) => h.tag),
    ["activations/fc1"],
  );
  assert.ok(!hits.some((h) => h.tag === "fc1.bias"), '!hits.some((h) => h.tag === "fc1.bias")');
  const explicit = evaluateWatchpoints(run, [{ name: "weight_change_too_large", params: { abs_mean_update_ratio_gt: 1 } }]);
  assert.deepEqual(
    explicit.map((h) => [h.tag, h.step, h.prevStep]),
    [["fc1.bias", 5, 0]],
  );
});
