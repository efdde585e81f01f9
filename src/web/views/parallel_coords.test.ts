// Axes of the parallel coordinates: round ticks, a log axis for values spanning decades, the
// distinct values of a small integer axis, categories, and brushes from pixel ranges (a brush that
// reaches an end of the axis keeps the extreme value itself).
import { test } from "node:test";
import assert from "node:assert/strict";
import { axisScale, labelled, logTicks, niceTicks } from "./parallel_coords.tsx";

test("parallel coordinates: round ticks, log and category axes, brushes from pixels", () => {
  assert.deepEqual(niceTicks(0.141, 0.182), [0.15, 0.16, 0.17, 0.18]);
  assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(-3, 7), [-2, 0, 2, 4, 6]);
  const lin = axisScale("val_loss", [0.141, 0.16, 0.182, null], 0, 100);
  assert.equal(lin.kind, "linear");
  assert.deepEqual(
    lin.ticks.map((t) => t.label),
    ["0.15", "0.16", "0.17", "0.18"],
  );
  assert.equal(lin.y(0.182), 0);
  assert.equal(lin.y(0.141), 100);
  assert.equal(lin.y(null), undefined);
  const b = lin.brushOf(-10, 50) as [number, number];
  assert.equal(b[1], 0.182, "the top end keeps the largest value itself");
  assert.ok(Math.abs(b[0] - 0.1615) < 1e-12);
  const seeds = axisScale("seed", [1, 2, 3, 2], 0, 100);
  assert.deepEqual(
    seeds.ticks.map((t) => t.label),
    ["1", "2", "3"],
  );
  const log = axisScale("lr", [1e-4, 1e-3, 0.5], 0, 100);
  assert.equal(log.kind, "log");
  assert.deepEqual(
    log.ticks.map((t) => t.label),
    ["1e-4", "0.001", "0.01", "0.1"],
  );
  const [lo, hi] = log.brushOf(0, 50) as [number, number];
  assert.ok(lo > 0.006 && lo < 0.008 && hi === 0.5, `${lo} ${hi}`);
  const cat = axisScale("optimizer", ["sgd", "adam", "adam", true], 0, 100);
  assert.equal(cat.kind, "category");
  assert.deepEqual(
    cat.ticks.map((t) => t.label),
    ["adam", "sgd", "true"],
  );
  assert.deepEqual(cat.brushOf(-5, 60), ["sgd", "true"]);
  assert.deepEqual(cat.extentOf(["adam"]), [94, 106]);
});

test("parallel coordinates: readable ticks for seeds, rates within a decade or two, many categories", () => {
  // large integer seeds: round ticks, not every seed written with ten digits
  const seeds = axisScale("seed", [124911300, 378748700, 815043500, 1682630100, 2081508900], 0, 200);
  assert.equal(seeds.kind, "linear");
  assert.deepEqual(
    seeds.ticks.map((t) => t.label),
    ["0.5G", "1.0G", "1.5G", "2.0G"],
  );
  // a learning rate spanning one decade is on a log axis, with 1-2-5 ticks
  const lr = axisScale("learning_rate", [1e-4, 3e-4, 1e-3], 0, 200);
  assert.equal(lr.kind, "log");
  assert.deepEqual(
    lr.ticks.map((t) => t.label),
    ["1e-4", "2e-4", "5e-4", "0.001"],
  );
  // the same span of another parameter stays linear
  assert.equal(axisScale("hidden", [100, 300, 1000], 0, 200).kind, "linear");
  assert.deepEqual(logTicks(1e-5, 0.1), [1e-5, 1e-4, 0.001, 0.01, 0.1]);
  assert.deepEqual(logTicks(0.02, 0.03), [0.02, 0.03]);
  // 40 categories on 200 px: every value is a tick and in the axis' values, every third one labelled
  const names = Array.from({ length: 40 }, (_, i) => `model_${String(i).padStart(2, "0")}`);
  const cat = axisScale("model", names, 0, 200);
  assert.deepEqual(cat.values, names);
  const shown = labelled(cat.ticks);
  assert.equal(shown.filter(Boolean).length, 1 + Math.floor(39 / Math.ceil(12 / (200 / 39))));
  assert.ok(shown[0]);
  assert.deepEqual(labelled(axisScale("opt", ["adam", "sgd"], 0, 200).ticks), [true, true]);
});
