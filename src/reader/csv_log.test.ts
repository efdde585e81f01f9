// CSV metric logs (Lightning metrics.csv, pandas, other headered CSVs): fixture values from
// manifest.json, incremental reading of a growing file, bad rows reported with their line.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { RunDir } from "../model/index.ts";
import { readCsvLog } from "./csv_log.ts";
import { FIXTURES_DIR, manifest, manifestNumber, tempDir } from "./reader_test_util.ts";

interface ColumnFacts {
  non_empty: number;
  first: unknown;
  last: unknown;
  min: unknown;
  max: unknown;
}

const csvFixtures = manifest().generated_files.filter((f) => f.format === "csv");

function sameNumber(a: number, b: number): boolean {
  return Number.isNaN(a) ? Number.isNaN(b) : a === b;
}

function expectedDialect(writer: string): string {
  if (/lightning/i.test(writer)) return "lightning_metrics";
  if (/keras/i.test(writer)) return "keras_csvlogger";
  if (/pandas/i.test(writer)) return "pandas";
  return "csv";
}

test("every CSV fixture reads with the manifest's columns, counts and values", async () => {
  assert.ok(csvFixtures.length >= 4);
  for (const f of csvFixtures) {
    const dir = new RunDir(path.dirname(f.path));
    const src = await readCsvLog(path.join(FIXTURES_DIR, f.path), f.path, dir, undefined);
    assert.deepEqual(dir.problems, [], f.path);
    assert.equal(src.readOffset, f.size, f.path);
    assert.equal(src.records, f.rows, f.path);
    assert.equal(src.info?.dialect, expectedDialect(f.writer), f.path);
    assert.equal(src.info?.lineTerminator, f.line_terminator === "\r\n" ? "CRLF" : "LF", f.path);
    const columns = f.columns as string[];
    const facts = f.column_facts as Record<string, ColumnFacts>;
    const emptyPerColumn = f.empty_fields_per_column as Record<string, number>;
    const emptyIsNotLogged = /not logged/.test(String(f.empty_means));
    const stepColumn = columns.includes("step") ? "step" : columns.includes("epoch") ? "epoch" : undefined;
    assert.equal(src.info?.stepColumn, stepColumn ?? "(row index)", f.path);
    for (const c of columns) {
      const cf = facts[c];
      if (c === stepColumn) {
        assert.equal(dir.scalars.has(c), false, `${f.path}: the step column is the x axis, not a series`);
        continue;
      }
      const s = dir.scalars.get(c);
      assert.ok(s, `${f.path}: column ${c} read`);
      const expectedCount = emptyIsNotLogged ? cf.non_empty : (f.rows as number);
      assert.equal(s.length, expectedCount, `${f.path} ${c} count`);
      if (!emptyIsNotLogged) assert.ok(s.nonFinite.nan >= emptyPerColumn[c], `${f.path} ${c}: empty fields are NaN`);
      // pandas / Keras: first and last rows as written (empty = NaN); Lightning: first and last logged values.
      const firstRow = f.first_row as Record<string, unknown>;
      const lastRow = f.last_row as Record<string, unknown>;
      if (!emptyIsNotLogged) {
        assert.ok(sameNumber(s.values[0], firstRow[c] === null ? NaN : manifestNumber(firstRow[c])), `${f.path} ${c} first row`);
        assert.ok(sameNumber(s.values[s.length - 1], lastRow[c] === null ? NaN : manifestNumber(lastRow[c])), `${f.path} ${c} last row`);
      } else {
        assert.ok(sameNumber(s.values[0], manifestNumber(cf.first)), `${f.path} ${c} first`);
        assert.ok(sameNumber(s.values[s.length - 1], manifestNumber(cf.last)), `${f.path} ${c} last`);
      }
      const finite = [...s.values].filter((v) => Number.isFinite(v));
      if (cf.min !== null && finite.length) {
        assert.equal(Math.min(...finite), manifestNumber(cf.min), `${f.path} ${c} min`);
        assert.equal(Math.max(...finite), manifestNumber(cf.max), `${f.path} ${c} max`);
      }
    }
    // Non-finite tokens: every `nan` / `inf` token became a NaN / +Inf value.
    const tokens = (f.nonfinite_tokens ?? {}) as Record<string, number>;
    let nan = 0,
      posInf = 0;
    for (const s of dir.scalars.values()) {
      nan += s.nonFinite.nan;
      posInf += s.nonFinite.posInf;
    }
    const emptyNaN = emptyIsNotLogged
      ? 0
      : Object.entries(emptyPerColumn)
          .filter(([c]) => c !== stepColumn)
          .reduce((n, [, k]) => n + k, 0);
    assert.equal(nan, (tokens.nan ?? 0) + emptyNaN, `${f.path} NaN count`);
    assert.equal(posInf, tokens.inf ?? 0, `${f.path} +Inf count`);
    // Steps: from the step column when there is one.
    if (stepColumn) {
      const steps = new Set<number>();
      for (const s of dir.scalars.values()) for (const x of s.steps) steps.add(x);
      assert.equal(Math.min(...steps), manifestNumber(facts[stepColumn].min), `${f.path} min step`);
      assert.equal(Math.max(...steps), manifestNumber(facts[stepColumn].max), `${f.path} max step`);
    }
  }
});

test("Lightning metrics.csv: sparse rows give per-key series at the global step, epoch as its own series", async () => {
  const f = csvFixtures.find((x) => /lightning/i.test(x.writer))!;
  const dir = new RunDir("v0");
  await readCsvLog(path.join(FIXTURES_DIR, f.path), f.path, dir, undefined);
  const facts = f.column_facts as Record<string, ColumnFacts>;
  const valLoss = dir.scalars.get("val_loss")!;
  assert.equal(valLoss.length, facts.val_loss.non_empty);
  assert.equal(valLoss.nonFinite.nan, 0, "an empty Lightning field is 'not logged', not NaN");
  const epoch = dir.scalars.get("epoch")!;
  assert.equal(epoch.length, facts.epoch.non_empty);
  // Steps are the `step` column: strictly within its range and not the row index.
  assert.ok([...dir.scalars.get("train_loss_step")!.steps].every((s) => s <= (facts.step.max as number)));
});

test("Lightning 2.x metrics.csv, keys in the order they were first logged (not one sorted union): empty fields are 'not logged'", async () => {
  // the header and row layout of a Lightning 2.x CSVLogger file (a learning-rate monitor's row and
  // the training loss's row at the same step, then the validation row at the epoch's end)
  const tmp = tempDir();
  try {
    const file = path.join(tmp, "metrics.csv");
    fs.writeFileSync(
      file,
      "lr-SGD,step,train_loss,epoch,val_loss,val_acc,test_loss,test_acc\n" +
        "0.0042,49,,,,,,\n,49,1.86,0,,,,\n0.0049,99,,,,,,\n,99,1.67,0,,,,\n,156,,0,1.50,0.44,,\n,313,,1,1.79,0.46,,\n",
    );
    const dir = new RunDir("version_0");
    const src = await readCsvLog(file, "lightning_logs/version_0/metrics.csv", dir, undefined);
    assert.equal(src.info?.dialect, "lightning_metrics");
    const tl = dir.scalars.get("train_loss")!;
    assert.deepEqual([...tl.steps], [49, 99]);
    assert.deepEqual([...tl.values], [1.86, 1.67]);
    assert.equal(tl.nonFinite.nan, 0, "an empty field beside another key's value is not a NaN loss");
    assert.deepEqual([...dir.scalars.get("val_loss")!.values], [1.5, 1.79]);
    assert.deepEqual([...dir.scalars.get("lr-SGD")!.steps], [49, 99]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("a title line above a semicolon-separated Keras header is skipped and reported; a one-column CSV keeps its header", async () => {
  const tmp = tempDir();
  try {
    const file = path.join(tmp, "model_history_log.csv");
    fs.writeFileSync(
      file,
      "model_history_log\r\nepoch;accuracy;loss;val_accuracy;val_loss\r\n0;0.41;1.576;0.795;0.646\r\n1;0.87;0.4;0.909;0.296\r\n",
    );
    const dir = new RunDir(".");
    await readCsvLog(file, "model_history_log.csv", dir, undefined);
    assert.deepEqual([...dir.scalars.keys()].sort(), ["accuracy", "loss", "val_accuracy", "val_loss"]);
    assert.deepEqual([...dir.scalars.get("val_loss")!.values], [0.646, 0.296]);
    assert.deepEqual([...dir.scalars.get("loss")!.steps], [0, 1]);
    assert.ok(
      dir.problems.some((p) => p.line === 1 && /title line/.test(p.message)),
      JSON.stringify(dir.problems),
    );
    // a single-column log: its first line is the header, not a title
    const one = path.join(tmp, "loss.csv");
    fs.writeFileSync(one, "loss\n1.5\n1.2\n");
    const d2 = new RunDir(".");
    await readCsvLog(one, "loss.csv", d2, undefined);
    assert.deepEqual([...d2.scalars.get("loss")!.values], [1.5, 1.2]);
    assert.ok(!d2.problems.some((p) => /title line/.test(p.message)));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("growing CSV is read incrementally from the last complete line; bad rows are reported with their line", async () => {
  const tmp = tempDir();
  try {
    const file = path.join(tmp, "history.csv");
    fs.writeFileSync(file, "epoch,loss,val_loss\r\n0,1.5,nan\r\n1,1.2,1.3\r\n2,0.9");
    const dir = new RunDir(".");
    const src = await readCsvLog(file, "history.csv", dir, undefined);
    assert.equal(src.info?.dialect, "keras_csvlogger");
    assert.deepEqual([...dir.scalars.get("loss")!.values], [1.5, 1.2], "the unfinished last line is not read yet");
    assert.equal(src.readOffset, Buffer.byteLength("epoch,loss,val_loss\r\n0,1.5,nan\r\n1,1.2,1.3\r\n"));
    fs.appendFileSync(file, ",0.8\r\n3,0.7,inf\r\n4,abc,0.5\r\n");
    await readCsvLog(file, "history.csv", dir, src);
    assert.deepEqual([...dir.scalars.get("loss")!.steps], [0, 1, 2, 3]);
    assert.deepEqual([...dir.scalars.get("loss")!.values], [1.5, 1.2, 0.9, 0.7]);
    assert.deepEqual([...dir.scalars.get("val_loss")!.values], [NaN, 1.3, 0.8, Infinity, 0.5]);
    assert.deepEqual([...dir.scalars.get("val_loss")!.steps], [0, 1, 2, 3, 4]);
    const p = dir.problems.filter((x) => x.code === "csv");
    assert.ok(
      p.some((x) => x.line === 6 && /abc/.test(x.message)),
      JSON.stringify(p),
    );
    assert.equal(src.readOffset, fs.statSync(file).size);
    const again = await readCsvLog(file, "history.csv", dir, src);
    assert.equal(again.readOffset, fs.statSync(file).size);
    assert.equal(dir.scalars.get("loss")!.length, 4, "nothing read twice");
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("rows with a wrong field count are skipped and reported; a Lightning header rewrite re-reads the file", async () => {
  const tmp = tempDir();
  try {
    const file = path.join(tmp, "metrics.csv");
    fs.writeFileSync(file, "epoch,step,train_loss\n0,0,0.5\n0,1\n0,2,0.4,9\n");
    const dir = new RunDir(".");
    const src = await readCsvLog(file, "metrics.csv", dir, undefined);
    assert.equal(src.info?.dialect, "lightning_metrics");
    const lines = dir.problems.filter((p) => p.code === "csv").map((p) => p.line);
    assert.deepEqual(lines, [3, 4]);
    assert.deepEqual([...dir.scalars.get("train_loss")!.values], [0.5]);
    // Lightning rewrites the whole file with a new header when a new key appears.
    fs.writeFileSync(file, "epoch,step,train_loss,val_loss\n0,0,0.5,\n0,1,0.45,\n0,1,,0.6\n");
    await readCsvLog(file, "metrics.csv", dir, src);
    assert.deepEqual([...dir.scalars.get("train_loss")!.values], [0.5, 0.45]);
    assert.deepEqual([...dir.scalars.get("val_loss")!.values], [0.6]);
    assert.deepEqual([...dir.scalars.get("val_loss")!.steps], [1]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("other headered CSVs: row index as step, wall time column, semicolons, text columns ignored", async () => {
  const tmp = tempDir();
  try {
    const file = path.join(tmp, "log.csv");
    fs.writeFileSync(file, "wall_time;phase;loss\n100.5;train;2.0\n101.5;train;1.0\n");
    fs.utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const dir = new RunDir(".");
    const src = await readCsvLog(file, "log.csv", dir, undefined);
    assert.equal(src.info?.dialect, "csv");
    assert.deepEqual([...dir.scalars.keys()], ["loss"]);
    const loss = dir.scalars.get("loss")!;
    assert.deepEqual([...loss.steps], [0, 1]);
    assert.deepEqual([...loss.wallTimes], [100.5, 101.5]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("a CSV column whose tag another file of the directory already holds is not merged into it: it is the CSV's copy", async () => {
  const tmp = tempDir();
  try {
    const file = path.join(tmp, "metrics.csv");
    fs.writeFileSync(file, "epoch,step,train_loss,extra\n0,0,0.5,1\n0,1,0.4,2\n");
    const dir = new RunDir(".");
    dir.scalar("train_loss").push(0, 1, 0.55); // as read from an event file beside it
    const src = await readCsvLog(file, "metrics.csv", dir, undefined);
    assert.deepEqual([...dir.scalars.get("train_loss")!.values], [0.55]);
    assert.deepEqual([...dir.scalars.get("extra")!.values], [1, 2]);
    assert.deepEqual([...dir.copies.get("metrics.csv\u0000train_loss")!.values], [0.5, 0.4]);
    // a header rewrite drops only the CSV's own series and copies
    fs.writeFileSync(file, "epoch,step,train_loss,extra,val\n0,0,0.5,1,\n");
    await readCsvLog(file, "metrics.csv", dir, src);
    assert.deepEqual([...dir.scalars.get("train_loss")!.values], [0.55]);
    assert.deepEqual([...dir.copies.get("metrics.csv\u0000train_loss")!.values], [0.5]);
    assert.deepEqual([...dir.scalars.get("extra")!.values], [1]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("pandas with its unnamed index column, a UTF-8 BOM and quoted fields", async () => {
  const tmp = tempDir();
  try {
    const file = path.join(tmp, "log.csv");
    fs.writeFileSync(file, '\uFEFF,"val,loss",note\n0,0.5,"a, b"\n1,,c\n');
    const dir = new RunDir(".");
    const src = await readCsvLog(file, "log.csv", dir, undefined);
    assert.equal(src.info?.dialect, "pandas");
    assert.deepEqual([...dir.scalars.keys()], ["val,loss"]);
    assert.deepEqual([...dir.scalars.get("val,loss")!.values], [0.5, NaN]);
    assert.deepEqual(dir.problems, []);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
