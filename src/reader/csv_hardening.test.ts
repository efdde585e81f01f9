// CSV logs that are big, damaged or unusual: read pass by pass in bounded chunks (the streaming path
// is tested with a lowered chunk size; the default handles files of any size), a quoted line break in
// the header, a stray quote, semicolon files with decimal commas, and header-only files, each read
// or reported, never lost without a word.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RunDir } from "../model/index.ts";
import { readCsvLog } from "./index.ts";

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-csv-"));
}

/** Writes `text` to `name` in a fresh directory, dated 10 s ago (a finished file). */
function csvFile(text: string, name = "log.csv"): { dir: string; file: string } {
  const dir = tmp();
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  const t = new Date(Date.now() - 10_000);
  fs.utimesSync(file, t, t);
  return { dir, file };
}

test("a CSV is read in chunks: every row, right line numbers, bounded passes; a line longer than a chunk is reported", async () => {
  let text = "step,loss,acc\n";
  for (let i = 0; i < 3000; i++) text += i === 2500 ? "2500,oops,0.5\n" : `${i},${(1 / (i + 1)).toFixed(6)},${(i / 3000).toFixed(4)}\n`;
  const { dir, file } = csvFile(text);
  try {
    const d = new RunDir(".");
    const src = await readCsvLog(file, "log.csv", d, undefined, { csvChunkBytes: 1000 });
    assert.equal(d.scalars.get("loss")?.length, 2999);
    assert.equal(d.scalars.get("acc")?.length, 3000);
    assert.equal(d.scalars.get("acc")?.steps[2999], 2999);
    assert.equal(src.readOffset, text.length);
    assert.deepEqual(
      d.problems.map((p) => [p.line, p.message]),
      [[2502, 'column loss: "oops" is not a number: value skipped']],
    );

    fs.writeFileSync(file, "step,note\n0," + "x".repeat(5000) + "\n1,y\n");
    const d2 = new RunDir(".");
    await readCsvLog(file, "log.csv", d2, undefined, { csvChunkBytes: 1000 });
    assert.deepEqual(
      d2.problems.map((p) => [p.code, p.offset, p.message]),
      [["limit", 10, "a line longer than 1000 bytes starts here: the rest of the file is not read"]],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a quoted line break in the header keeps the file; a stray quote loses no following row", async () => {
  const a = csvFile('epoch,"val\nloss",acc\n0,0.9,0.1\n1,0.8,0.2\n');
  try {
    const d = new RunDir(".");
    await readCsvLog(a.file, "log.csv", d);
    assert.deepEqual([...d.scalars.keys()].sort(), ["acc", "val\nloss"]);
    assert.deepEqual(Array.from(d.scalars.get("acc")!.values.subarray(0, 2)), [0.1, 0.2]);
    assert.equal(d.problems.length, 0);
  } finally {
    fs.rmSync(a.dir, { recursive: true, force: true });
  }
  const b = csvFile('epoch,loss,note\n0,0.9,ok\n1,0.8,"broken\n2,0.7,ok\n3,0.6,ok\n4,0.5,ok\n');
  try {
    const d = new RunDir(".");
    await readCsvLog(b.file, "log.csv", d);
    assert.deepEqual(Array.from(d.scalars.get("loss")!.values.subarray(0, d.scalars.get("loss")!.length)), [0.9, 0.8, 0.7, 0.6, 0.5]);
    assert.deepEqual(
      d.problems.map((p) => [p.line, p.message]),
      [[3, "stray double quote (never closed): line 3 read without quoting"]],
    );
  } finally {
    fs.rmSync(b.dir, { recursive: true, force: true });
  }
  const c = csvFile('epoch,loss,note\n0,0.9,ok\n1,0.8,"bro\n2,0.7,ok\n3,0.6,ok\n4,0.5,ok"\n5,0.4,ok\n');
  try {
    const d = new RunDir(".");
    await readCsvLog(c.file, "log.csv", d);
    const loss = d.scalars.get("loss")!;
    assert.deepEqual(Array.from(loss.values.subarray(0, loss.length)), [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]);
    assert.deepEqual(
      d.problems.map((p) => [p.line, p.message]),
      [[3, "stray double quote: a quoted field would swallow lines 3..6; these lines read without quoting"]],
    );
  } finally {
    fs.rmSync(c.dir, { recursive: true, force: true });
  }
});

test("semicolon CSV with decimal commas is read (and said); a header-only file is reported", async () => {
  const a = csvFile("epoch;loss;lr\n0;0,75;1e-3\n1;0,5;1,5e-3\n");
  try {
    const d = new RunDir(".");
    await readCsvLog(a.file, "log.csv", d);
    assert.deepEqual(Array.from(d.scalars.get("loss")!.values.subarray(0, 2)), [0.75, 0.5]);
    assert.deepEqual(Array.from(d.scalars.get("lr")!.values.subarray(0, 2)), [0.001, 0.0015]);
    assert.deepEqual(
      d.problems.map((p) => p.message),
      ['numbers written with decimal commas (fields separated by ";"): read as decimal points'],
    );
  } finally {
    fs.rmSync(a.dir, { recursive: true, force: true });
  }
  const b = csvFile("epoch,loss,val_loss\n");
  try {
    const d = new RunDir(".");
    await readCsvLog(b.file, "log.csv", d);
    assert.deepEqual(
      d.problems.map((p) => [p.severity, p.message]),
      [["warning", "header only: no data row after the header (3 column(s))"]],
    );
  } finally {
    fs.rmSync(b.dir, { recursive: true, force: true });
  }
});
