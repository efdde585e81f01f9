// Importance on rows whose target is a known function of the parameters: a product interaction is
// flagged, log scale is detected from the values, identifiers and constants are set apart, a small
// sample says "too few runs to tell", the same seed gives the same result, and Pearson |r| (the
// baseline) is reported beside the score.
import { test } from "node:test";
import assert from "node:assert/strict";
import { hparamImportance, type ImportanceRow } from "./importance.ts";

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

test("importance: a product interaction a·b is flagged on both, c is noise", () => {
  const r = lcg(3);
  const rows: ImportanceRow[] = [];
  for (let i = 0; i < 60; i++) {
    const a = r() - 0.5,
      b = r() - 0.5;
    rows.push({ params: { a, b, c: r() }, target: a * b });
  }
  const res = hparamImportance(rows);
  const by = Object.fromEntries(res.entries.map((e) => [e.param, e]));
  assert.equal(by.a.verdict, "matters");
  assert.equal(by.b.verdict, "matters");
  assert.deepEqual(by.a.interactions, ["b"]);
  assert.deepEqual(by.b.interactions, ["a"]);
  assert.notEqual(by.c.verdict, "matters");
  assert.equal(res.entries[2].param, "c");
  assert.deepEqual(by.c.interactions, []);
  assert.ok(by.a.pearson! < 0.4, "a product has little linear correlation with either factor");
  assert.deepEqual(hparamImportance(rows), res, "same rows, same seed, same result");
});

test("importance: kinds (log, numeric, categorical, constant, identifier) and non-finite targets", () => {
  const r = lcg(9);
  const rows: ImportanceRow[] = [];
  const lrs = [1e-4, 1e-3, 1e-2, 1e-1];
  for (let i = 0; i < 40; i++) {
    const lr = lrs[i % 4];
    rows.push({
      params: { lr, dropout: [0.1, 0.2, 0.3][i % 3], opt: i % 2 ? "adam" : "sgd", flag: true, name: `run${i}` },
      target: i === 7 ? NaN : -Math.log10(lr) + 0.1 * r(),
    });
  }
  const res = hparamImportance(rows);
  const by = Object.fromEntries(res.entries.map((e) => [e.param, e]));
  assert.equal(res.n, 39);
  assert.equal(res.dropped, 1);
  assert.equal(by.lr.kind, "log");
  assert.equal(by.dropout.kind, "numeric", "0.1..0.3 spans half a decade");
  assert.equal(by.opt.kind, "categorical");
  assert.equal(by.flag.kind, "constant");
  assert.equal(by.name.kind, "identifier");
  assert.equal(res.entries[0].param, "lr");
  assert.ok(by.lr.low <= by.lr.score && by.lr.score <= by.lr.high);
  assert.ok(by.lr.pearson! > 0.95, `on the log scale lr is linear in the target (|r| = ${by.lr.pearson})`);
});

test("importance: fewer runs than the minimum → too few runs to tell", () => {
  const rows: ImportanceRow[] = [1, 2, 3, 4, 5].map((x) => ({ params: { x, y: x % 2 ? "a" : "b" }, target: x }));
  const res = hparamImportance(rows);
  assert.equal(res.trees, 0);
  assert.ok(res.entries.every((e) => e.verdict === "too few runs to tell"));
});
