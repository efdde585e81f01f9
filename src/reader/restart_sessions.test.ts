// A training started again in one directory (hparams_sessions.ts): a later event file that starts
// every series over and stops short of half the earlier training is its own run; a complete repeat,
// a resume past the first step and a SessionLog START purge stay in the run. Files are written with
// the format part's TFRecord/Event encoder (byte-for-byte TensorBoard's layout).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadExperiment } from "./index.ts";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";
import { runScalars } from "../model/index.ts";

function write(dir: string, secs: number, steps: number[], value: (s: number) => number): void {
  fs.mkdirSync(dir, { recursive: true });
  const recs = [fileVersionEvent(secs)];
  for (const s of steps) recs.push(scalarEvent("Loss/Train_Epoch", s, value(s), secs + s));
  fs.writeFileSync(path.join(dir, `events.out.tfevents.${secs}.host.${secs % 1000}.0`), frameRecords(recs));
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

test("an interrupted re-run in the same directory is split off; complete repeats and resumes stay one run", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-restarts-"));
  try {
    write(path.join(root, "production"), 1_751_738_219, range(1, 15), (s) => 1 / s);
    write(path.join(root, "production"), 1_751_738_371, [1], () => 1.08);
    write(path.join(root, "repeats"), 1_700_000_000, range(0, 15), (s) => 1 / (s + 1));
    write(path.join(root, "repeats"), 1_700_001_000, range(0, 13), (s) => 2 / (s + 1));
    write(path.join(root, "resumed"), 1_700_000_000, range(0, 15), (s) => 1 / (s + 1));
    write(path.join(root, "resumed"), 1_700_001_000, range(10, 30), (s) => 1 / (s + 1));
    const exp = await loadExperiment(root);
    const runs = new Map(exp.runs.map((r) => [r.name, r]));
    assert.deepEqual([...runs.keys()].sort(), ["production", "production/events.out.tfevents.1751738371.host.371.0", "repeats", "resumed"]);
    const main = runScalars(runs.get("production")!).get("Loss/Train_Epoch")!;
    assert.equal(main.length, 15);
    assert.equal(main.values[14], Math.fround(1 / 15));
    const rerun = runScalars(runs.get("production/events.out.tfevents.1751738371.host.371.0")!).get("Loss/Train_Epoch")!;
    assert.deepEqual([...rerun.steps], [1]);
    assert.equal(runScalars(runs.get("repeats")!).get("Loss/Train_Epoch")!.length, 30);
    assert.equal(runScalars(runs.get("resumed")!).get("Loss/Train_Epoch")!.length, 37);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
