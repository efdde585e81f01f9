// Run groups: grouping by a name pattern or by hyper-parameters, and the group curve (mean, min,
// max over members interpolated onto the union of their x values).
import { test } from "node:test";
import assert from "node:assert/strict";
import { groupCurve, groupRuns } from "./group_math.ts";

test("groups: a regex removed from the names groups seeds; hp: groups by values", () => {
  const runs = ["lr0.1_s1", "lr0.1_s2", "lr0.01_s1", "other"];
  assert.deepEqual(groupRuns("_s\\d+$", runs, () => undefined).groups, [
    { name: "lr0.1", runs: ["lr0.1_s1", "lr0.1_s2"] },
    { name: "lr0.01", runs: ["lr0.01_s1"] },
    { name: "other", runs: ["other"] },
  ]);
  const hp: Record<string, Record<string, unknown>> = {
    "lr0.1_s1": { lr: 0.1 },
    "lr0.1_s2": { lr: 0.1 },
    "lr0.01_s1": { lr: 0.01 },
    other: {},
  };
  assert.deepEqual(
    groupRuns("hp:lr", runs, (r) => hp[r]).groups.map((g) => [g.name, g.runs.length]),
    [
      ["lr=0.1", 2],
      ["lr=0.01", 1],
      ["lr=", 1],
    ],
  );
  assert.ok(groupRuns("(", runs, () => undefined).error);
});

test("group curve: mean/min/max at shared steps, interpolated between a member's points, absent beyond its range", () => {
  const c = groupCurve([
    { x: [0, 2, 4], y: [1, 3, 5] },
    { x: [0, 1, 2], y: [3, 3, 3] },
  ]);
  assert.deepEqual(c.x, [0, 1, 2, 4]);
  assert.deepEqual(c.mean, [2, 2.5, 3, 5]);
  assert.deepEqual(c.min, [1, 2, 3, 5]);
  assert.deepEqual(c.max, [3, 3, 3, 5]);
  assert.deepEqual(c.n, [2, 2, 2, 1]);
});

test("group curve: median and sample standard deviation (0 for a single member)", () => {
  const c = groupCurve([
    { x: [0, 1], y: [1, 10] },
    { x: [0, 1], y: [2, 20] },
    { x: [0], y: [6] },
  ]);
  assert.deepEqual(c.median, [2, 15]);
  assert.ok(Math.abs(c.std[0] - Math.sqrt(7)) < 1e-12, String(c.std[0])); // values 1, 2, 6: mean 3, squares 4+1+9 = 14, /2
  assert.ok(Math.abs(c.std[1] - Math.sqrt(50)) < 1e-12);
  assert.deepEqual(groupCurve([{ x: [0], y: [4] }]).std, [0]);
});
