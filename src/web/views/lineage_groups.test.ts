// Group rows of the lineage table: mean ± sample std over finite values, common hyper-parameter
// values, "k values" when members differ, and the value a group sorts by.
import { test } from "node:test";
import assert from "node:assert/strict";
import { groupCell, groupSortValue, stats } from "./lineage_groups.ts";

test("group cells: stats over finite values, common values, distinct counts", () => {
  const s = stats([0.14, 0.142, "nan", null, 0.144])!;
  assert.equal(s.n, 3);
  assert.ok(Math.abs(s.mean - 0.142) < 1e-12);
  assert.ok(Math.abs(s.std - 0.002) < 1e-12, String(s.std));
  assert.deepEqual([s.min, s.max], [0.14, 0.144]);
  assert.equal(stats([5])!.std, 0);
  assert.equal(stats(["x", null]), undefined);
  assert.deepEqual(groupCell([1e-3, 1e-3], false), { kind: "same", value: 1e-3 });
  assert.deepEqual(groupCell([1, 2, 2], false), { kind: "values", distinct: 2 });
  assert.deepEqual(groupCell([1e-3, null], false), { kind: "values", distinct: 1 }, "a member without the value is not 'the same'");
  assert.deepEqual(groupCell([null, undefined], true), { kind: "none" });
  assert.deepEqual(groupCell(["ok", "ok"], true), { kind: "same", value: "ok" });
  assert.equal(groupSortValue(groupCell([1, 3], true)), 2);
  assert.equal(groupSortValue(groupCell(["a", "b"], false)), null);
});
