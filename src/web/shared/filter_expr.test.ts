// Filter expressions of the lineage table: parsing (clauses, operators, numbers, quoted texts,
// errors naming the clause) and matching (numbers, texts ignoring case, regexes, missing values).
import { test } from "node:test";
import assert from "node:assert/strict";
import { compareCells, matchesFilter, parseFilter } from "./filter_expr.ts";

const row = (r: Record<string, unknown>) => (k: string) => r[k];

test("filter: clauses joined by comma, && and 'and'; numbers, words, quoted texts", () => {
  const f = parseFilter('lr < 1e-3, optimizer == adam && name ~ "a, b" and flag = true');
  assert.ok(f.ok);
  assert.deepEqual(
    f.clauses.map((c) => [c.key, c.op, c.value]),
    [
      ["lr", "<", 0.001],
      ["optimizer", "==", "adam"],
      ["name", "~", "a, b"],
      ["flag", "==", true],
    ],
  );
  const ok = row({ lr: 1e-4, optimizer: "Adam", name: "xa, by", flag: true });
  assert.equal(matchesFilter(f.clauses, ok), true);
  assert.equal(matchesFilter(f.clauses, row({ lr: 1e-3, optimizer: "adam", name: "a, b", flag: true })), false, "1e-3 is not < 1e-3");
  assert.equal(matchesFilter(f.clauses, row({ lr: "nan", optimizer: "adam", name: "a, b", flag: true })), false, "NaN compares false");
  assert.equal(matchesFilter(f.clauses, row({ optimizer: "adam", name: "a, b", flag: true })), false, "missing value fails a comparison");
});

test("filter: != and !~ hold for missing values; errors name the clause", () => {
  const f = parseFilter("optimizer != sgd, run !~ ^tmp");
  assert.ok(f.ok);
  assert.equal(matchesFilter(f.clauses, row({ run: "a" })), true);
  assert.equal(matchesFilter(f.clauses, row({ run: "tmp1", optimizer: "adam" })), false);
  assert.deepEqual(parseFilter("lr <"), { ok: false, error: '"lr <": no value after <' });
  assert.deepEqual(parseFilter("lr < fast"), { ok: false, error: '"lr < fast": < needs a number' });
  assert.deepEqual(parseFilter("wd > 1", ["lr"]), { ok: false, error: '"wd > 1": no column wd' });
  assert.match((parseFilter("run ~ (") as { error: string }).error, /bad regular expression/);
  assert.deepEqual(parseFilter("  "), { ok: true, clauses: [] });
});

test("sort order: numbers ascending, NaN after numbers, texts after numbers, missing last", () => {
  const vals = ["b", null, 3, "nan", 1e-4, "a10", "a9", undefined, 2];
  assert.deepEqual(vals.slice().sort(compareCells), [1e-4, 2, 3, "nan", "a9", "a10", "b", null, undefined]);
});

test("filter: a regex with nested quantifiers matches in linear time (RE2), and lookbehind is refused", () => {
  const f = parseFilter("run ~ (a+)+$");
  assert.ok(f.ok);
  assert.equal(matchesFilter(f.clauses, row({ run: "a".repeat(5000) + "!" })), false);
  assert.equal(matchesFilter(f.clauses, row({ run: "baaa" })), true);
  assert.match((parseFilter("run ~ (?<=x)y") as { error: string }).error, /bad regular expression/);
});
