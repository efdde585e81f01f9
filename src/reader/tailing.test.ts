// Tailing that notices: files truncated and rewritten, replaced by another file (new inode), or
// rewritten in place at the same size between two refreshes are read again from the start and the
// run's data replaced (no duplicated or mixed points), with a "replaced" problem; a file that only
// grows is appended to without one.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { discoverRuns, loadRun, refreshRun } from "./index.ts";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";
import type { TrainingRun } from "../model/index.ts";

const EV = "events.out.tfevents.1700000000.host.1.0";

function lossFile(from: number, to: number, value: (i: number) => number, header = true): Uint8Array {
  const recs = header ? [fileVersionEvent(1_700_000_000)] : [];
  for (let i = from; i < to; i++) recs.push(scalarEvent("loss", i, value(i), 1_700_000_000 + i));
  return frameRecords(recs);
}

async function open(dir: string): Promise<TrainingRun> {
  const [d] = await discoverRuns(dir);
  return loadRun(dir, d);
}

function loss(run: TrainingRun): { steps: number[]; values: number[] } {
  const s = run.dirs.flatMap((d) => [...d.scalars.values()]).find((x) => x.tag === "loss")!;
  return { steps: Array.from(s.steps.subarray(0, s.length)), values: Array.from(s.values.subarray(0, s.length)) };
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-tail-"));
}

test("an event file truncated and rewritten is read again: no duplicated steps, the new values only", async () => {
  const dir = tmp();
  try {
    const f = path.join(dir, EV);
    fs.writeFileSync(
      f,
      lossFile(0, 60, (i) => 1 / (i + 1)),
    );
    const run = await open(dir);
    assert.equal(loss(run).steps.length, 60);
    // a training restarted from scratch writes 40 steps of other values into the same file
    fs.writeFileSync(
      f,
      lossFile(0, 40, (i) => 100 + i),
    );
    assert.equal(await refreshRun(dir, run), true);
    const l = loss(run);
    assert.deepEqual(
      l.steps,
      Array.from({ length: 40 }, (_, i) => i),
    );
    assert.deepEqual(
      l.values,
      Array.from({ length: 40 }, (_, i) => 100 + i),
    );
    const p = run.problems.find((x) => x.code === "replaced");
    assert.equal(
      p?.message,
      `file shrank from ${lossFile(0, 60, () => 0).length} to ${lossFile(0, 40, () => 0).length} bytes: the files of . read again from the start, their data replaced`,
    );
    assert.equal(p?.file, EV);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("an event file replaced by a longer one (another inode) gives the new file's values only, never a mix", async () => {
  const dir = tmp();
  try {
    fs.mkdirSync(path.join(dir, "run"));
    const f = path.join(dir, "run", EV);
    fs.writeFileSync(
      f,
      lossFile(0, 30, (i) => 1 / (i + 1)),
    );
    const run = await open(dir);
    const tmpFile = path.join(dir, "run", "new.tmp");
    fs.writeFileSync(
      tmpFile,
      lossFile(0, 90, (i) => -i),
    );
    fs.renameSync(tmpFile, f);
    assert.equal(await refreshRun(dir, run), true);
    const l = loss(run);
    assert.equal(l.steps.length, 90);
    assert.ok(
      l.values.every((v, i) => v === -i),
      "every value is the new file's",
    );
    assert.match(
      run.problems.find((x) => x.code === "replaced")!.message,
      /^file replaced \(another inode\): the files of run read again from the start, their data replaced$/,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a CSV rewritten in place at the same size is read again; a file that only grows is appended to", async () => {
  const dir = tmp();
  try {
    const csv = path.join(dir, "log.csv");
    fs.writeFileSync(csv, "epoch,loss\n0,0.50\n1,0.40\n2,0.30\n");
    const run = await open(dir);
    assert.deepEqual(loss(run).values, [0.5, 0.4, 0.3]);
    const fd = fs.openSync(csv, "r+");
    fs.writeSync(fd, Buffer.from("0,0.90\n1,0.80\n2,0.70\n"), 0, undefined, "epoch,loss\n".length);
    fs.closeSync(fd);
    const t = new Date(Date.now() + 5000);
    fs.utimesSync(csv, t, t);
    assert.equal(await refreshRun(dir, run), true);
    assert.deepEqual(loss(run).values, [0.9, 0.8, 0.7]);
    assert.match(run.problems.find((x) => x.code === "replaced")!.message, /^bytes already read changed \(the first 32 bytes differ\)/);

    // appending only: no re-read, no new problem
    fs.appendFileSync(csv, "3,0.60\n");
    const problems = run.problems.length;
    assert.equal(await refreshRun(dir, run), true);
    assert.deepEqual(loss(run).values, [0.9, 0.8, 0.7, 0.6]);
    assert.equal(run.problems.filter((x) => x.code === "replaced").length, 1);
    assert.equal(run.problems.length, problems);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("an event file whose last read block is rewritten (same head, more bytes) is read again", async () => {
  const dir = tmp();
  try {
    const f = path.join(dir, EV);
    fs.writeFileSync(
      f,
      lossFile(0, 500, (i) => i),
    );
    const run = await open(dir);
    const head = lossFile(0, 400, (i) => i);
    fs.writeFileSync(f, Buffer.concat([head, lossFile(400, 700, (i) => -i, false)]));
    assert.equal(await refreshRun(dir, run), true);
    const l = loss(run);
    assert.equal(l.steps.length, 700);
    assert.deepEqual(l.values.slice(395, 405), [395, 396, 397, 398, 399, -400, -401, -402, -403, -404]);
    assert.match(
      run.problems.find((x) => x.code === "replaced")!.message,
      /^bytes already read changed \(the last block read, before byte \d+, differs\)/,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
