// The tag filter matches in linear time (RE2): a catastrophic-backtracking pattern on a long tag
// gives its answer (a backtracking engine would take longer than the age of the universe here);
// case-insensitive; a pattern RE2 refuses matches everything and carries its error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { tagFilter } from "./tag_filter.ts";

test("tag filter: (a+)+$ on a long tag answers; case-insensitive; unsupported syntax reported", () => {
  const f = tagFilter("(a+)+$");
  assert.equal(f.error, undefined);
  assert.equal(f.test("a".repeat(50_000) + "!"), false);
  assert.equal(f.test("xa"), true);
  assert.equal(tagFilter("^Train/").test("train/loss"), true);
  assert.equal(tagFilter("val").test("train/loss"), false);
  const back = tagFilter("(a)\\1");
  assert.match(back.error ?? "", /invalid|escape/i);
  assert.equal(back.test("anything"), true);
  assert.equal(tagFilter("").test("x"), true);
});
