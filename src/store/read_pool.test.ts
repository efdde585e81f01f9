// The first indexing pass read by worker threads (read_pool.ts, read_worker.ts) against the same
// pass in one thread, on a logdir generated into os.tmpdir(): event files framed byte for byte as
// TensorBoard writes them (format/event_encode.ts: scalars with NaN and ±Inf, histograms, a file
// version event), hparams.json files, and a directory holding two trainings (two event files of
// different start times with restarted steps). The two index files must hold the same rows (every
// table, blobs compared byte for byte; only the write times differ), the runs equal a fresh read, and
// a second start from the worker-written index reads no log byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import crypto from "node:crypto";
import v8 from "node:v8";
import { discoverRuns, loadRun, type RunDescriptor } from "../reader/index.ts";
import { fileVersionEvent, frameRecords, histogramEvent, scalarEvent } from "../format/index.ts";
import { runScalars, type TrainingRun } from "../model/index.ts";
import { IndexedRuns, indexFileFor, openIndex } from "./index.ts";

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `trainscope-${prefix}-`));
}

function generate(root: string): void {
  for (let r = 0; r < 6; r++) {
    const dir = path.join(root, `sweep/run${r}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "hparams.json"), JSON.stringify({ lr: 0.001 * (r + 1), depth: r % 3 }));
    const t0 = 1_700_000_000 + r * 1000;
    const recs = [fileVersionEvent(t0)];
    for (let step = 0; step < 3000; step++) {
      const v =
        r === 2 && step === 1500
          ? NaN
          : r === 3 && step > 2990
            ? Infinity
            : r === 4 && step === 7
              ? -Infinity
              : 2 * Math.exp(-step / (500 + r * 100));
      recs.push(scalarEvent("train/loss", step, v, t0 + step * 0.5, { withPluginMetadata: step === 0 }));
      recs.push(scalarEvent("lr", step, 0.001 * (r + 1), t0 + step * 0.5));
      if (step % 100 === 0) {
        const bucket = Array.from({ length: 16 }, (_, k) => Math.round(100 * Math.exp(-((k - 8) ** 2) / (4 + step / 500))));
        const limits = Array.from({ length: 16 }, (_, k) => -1 + (k + 1) / 8);
        recs.push(
          histogramEvent(
            "weights/fc1",
            step,
            { min: -1, max: 1, num: bucket.reduce((a, b) => a + b, 0), sum: 0, sumSquares: 1, bucketLimit: limits, bucket },
            t0 + step * 0.5,
          ),
        );
      }
    }
    fs.writeFileSync(path.join(dir, `events.out.tfevents.${t0}.host.1.0`), frameRecords(recs));
  }
  // one directory, two trainings: a later start of the script in the same directory, stopped short (steps from 0 again)
  const dir = path.join(root, "rerun");
  fs.mkdirSync(dir, { recursive: true });
  for (const [k, t0] of [1_700_100_000, 1_700_200_000].entries()) {
    const recs = [fileVersionEvent(t0)];
    for (let step = 0; step < (k === 0 ? 500 : 100); step++) recs.push(scalarEvent("loss", step, 1 / (step + 1 + k), t0 + step));
    fs.writeFileSync(path.join(dir, `events.out.tfevents.${t0}.host.${k}.0`), frameRecords(recs));
  }
}

/**
 * Every row of every table, ordered, blobs by their SHA-256; the write time left out; the state blob
 * of a run as the value it holds (node:v8 may lay out one value in different bytes in two threads).
 */
function dump(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    const states = new Map<string, unknown>();
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
      (t) => t.name,
    );
    for (const t of tables) {
      const rows = db.prepare(`SELECT * FROM ${t}`).all() as Record<string, unknown>[];
      out[t] = rows
        .map((r) => {
          const o: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(r))
            if (k === "state") states.set(r.name as string, v8.deserialize(v as Buffer));
            else if (k !== "updated") o[k] = Buffer.isBuffer(v) ? crypto.createHash("sha256").update(v).digest("hex") : v;
          return JSON.stringify(o);
        })
        .sort();
    }
    out.states = [...states].sort((a, b) => a[0].localeCompare(b[0]));
    return out;
  } finally {
    db.close();
  }
}

async function pass(logdir: string, indexDir: string, workers: number): Promise<{ runs: TrainingRun[]; store: IndexedRuns }> {
  const index = openIndex(logdir, indexDir);
  const store = new IndexedRuns(index, logdir, {}, { workers, workerMinBytes: 0 });
  try {
    const found = store.expand(await discoverRuns(logdir));
    store.discovered(found);
    // as the server loads them: several at once
    const runs: TrainingRun[] = [];
    const queue: RunDescriptor[] = [...found];
    const one = async (): Promise<void> => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const run = await store.load(d);
        const parts = store.split(run, d);
        if (parts) queue.push(...parts);
        else runs.push(run);
      }
    };
    await Promise.all([one(), one(), one()]);
    return { runs: runs.sort((a, b) => a.name.localeCompare(b.name)), store };
  } finally {
    store.close();
    index.close();
  }
}

const bits = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
const scalarsOf = (run: TrainingRun) =>
  [...runScalars(run)].map(([k, s]) => [k, s.length, bits(s.steps), bits(s.wallTimes), bits(s.values)]);

test("the first pass read by worker threads writes the same index as one thread, and the runs equal a fresh read", async () => {
  const logdir = tmp("logs");
  const one = tmp("index-one");
  const many = tmp("index-workers");
  try {
    generate(logdir);
    const a = await pass(logdir, one, 0);
    const b = await pass(logdir, many, 2);
    assert.equal(a.store.readInWorkers, 0);
    assert.equal(b.store.readInWorkers, b.store.counts.read, "every run read by a worker");
    assert.ok(b.store.counts.read >= 7, `${b.store.counts.read} runs read`);
    const da = dump(indexFileFor(logdir, one)),
      db = dump(indexFileFor(logdir, many));
    assert.ok(da.chunks.length > 0 && da.splits.length === 1, "chunks written, the directory of two trainings split");
    for (const t of Object.keys(da)) assert.deepEqual(db[t], da[t], `table ${t}`);
    // the runs as a fresh read gives them (the two trainings of one directory included)
    assert.deepEqual(
      b.runs.map((r) => r.name),
      a.runs.map((r) => r.name),
    );
    for (const [i, run] of b.runs.entries()) {
      assert.deepEqual(scalarsOf(run), scalarsOf(a.runs[i]), run.name);
      assert.deepEqual(
        [...run.hparams].map(([k, h]) => [k, h.value]),
        [...a.runs[i].hparams].map(([k, h]) => [k, h.value]),
        run.name,
      );
      assert.deepEqual(run.roles, a.runs[i].roles, run.name);
    }
    const fresh = await loadRun(
      logdir,
      (await discoverRuns(logdir)).find((d) => d.name === "sweep/run3")!,
    );
    assert.deepEqual(scalarsOf(b.runs.find((r) => r.name === "sweep/run3")!), scalarsOf(fresh));
    // a second start from the index the workers wrote reads nothing from the logs
    const c = await pass(logdir, many, 2);
    assert.deepEqual(c.store.counts, { fromIndex: b.runs.length, tailed: 0, read: 0 });
  } finally {
    for (const d of [logdir, one, many]) fs.rmSync(d, { recursive: true, force: true });
  }
});
