// ScalarSeries growth and non-finite counts; RunDir restarts and series keys.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ScalarSeries } from "./series.ts";
import { RunDir, seriesKey } from "./run.ts";

test("ScalarSeries grows, keeps non-finite values and counts them", () => {
  const s = new ScalarSeries("loss", ".");
  for (let i = 0; i < 40; i++) s.push(i, 1000 + i, i === 5 ? NaN : i === 6 ? Infinity : i === 7 ? -Infinity : i / 2);
  assert.equal(s.length, 40);
  assert.equal(s.values[39], 19.5);
  assert.ok(Number.isNaN(s.values[5]));
  assert.deepEqual(s.nonFinite, { nan: 1, posInf: 1, negInf: 1 });
  assert.equal(s.purgeFromStep(6), 34);
  assert.deepEqual(s.nonFinite, { nan: 1, posInf: 0, negInf: 0 });
  assert.deepEqual([...s.steps], [0, 1, 2, 3, 4, 5]);
});

test("RunDir purges every series on restart and seriesKey qualifies sub-directories", () => {
  const d = new RunDir("mlp/Loss_val");
  d.scalar("Loss").push(3, 0, 1);
  d.histogram("w").push({
    step: 9,
    wallTime: 0,
    min: 0,
    max: 1,
    num: 1,
    sum: 0,
    sumSquares: 0,
    lefts: new Float64Array(),
    rights: new Float64Array(),
    counts: new Float64Array(),
    nonFinite: { nan: 0, posInf: 0, negInf: 0 },
  });
  assert.equal(d.purgeFromStep(5), 1);
  assert.equal(d.histograms.get("w")!.length, 0);
  assert.equal(seriesKey("mlp", "mlp/Loss_val", "Loss"), "Loss_val/Loss");
  assert.equal(seriesKey("mlp", "mlp", "Loss/train"), "Loss/train");
  assert.equal(seriesKey(".", "validation", "epoch_loss"), "validation/epoch_loss");
});
