// Parallel-coordinates brushes: ranges (ends included, either order), category sets, missing and
// non-finite values, and the URL form (damaged values give no brush).
import { test } from "node:test";
import assert from "node:assert/strict";
import { brushText, formatBrushes, parseBrushes, passesBrush, passesBrushes } from "./brushes.ts";

test("brushes: ranges and categories; a run without a value does not pass", () => {
  assert.equal(passesBrush([1e-4, 1e-3], 1e-3), true);
  assert.equal(passesBrush([1e-3, 1e-4], 5e-4), true, "either order");
  assert.equal(passesBrush([1e-4, 1e-3], 2e-3), false);
  assert.equal(passesBrush([0, 1], "nan"), false);
  assert.equal(passesBrush([0, 1], null), false);
  assert.equal(passesBrush(["adam", "true"], "adam"), true);
  assert.equal(passesBrush(["adam", "true"], true), true, "booleans compare as their text");
  assert.equal(passesBrush(["adam"], "sgd"), false);
  const row: Record<string, unknown> = { lr: 3e-4, optimizer: "adam", val_loss: 0.2 };
  assert.equal(
    passesBrushes({ lr: [1e-4, 1e-3], optimizer: ["adam"] }, (k) => row[k]),
    true,
  );
  assert.equal(
    passesBrushes({ lr: [1e-4, 1e-3], val_loss: [0, 0.1] }, (k) => row[k]),
    false,
  );
  assert.equal(
    passesBrushes({}, () => undefined),
    true,
  );
});

test("brushes: URL form round-trips; damaged values are dropped", () => {
  const b = { lr: [1e-4, 1e-3] as [number, number], optimizer: ["adam"] };
  assert.deepEqual(parseBrushes(formatBrushes(b)), b);
  assert.equal(formatBrushes({}), "");
  assert.deepEqual(parseBrushes("{not json"), {});
  assert.deepEqual(parseBrushes('{"a":[1,"x"],"b":5,"c":[null,2],"d":[1,2]}'), { d: [1, 2] });
  assert.deepEqual(parseBrushes("[1,2]"), {});
  assert.equal(
    brushText("lr", [1e-3, 1e-4], (v) => String(v)),
    "0.0001 ≤ lr ≤ 0.001",
  );
  assert.equal(brushText("opt", ["adam", "sgd"], String), "opt ∈ {adam, sgd}");
});
