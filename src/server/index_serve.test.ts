// The dashboard over a logdir with its index (src/store), on a copy of examples/logs (real TF.js
// trainings written by trainscope's recorder) and a real SQLite file in os.tmpdir(): the API answers
// exactly what it answers without the index, a second start lists the runs from the index before
// any run is loaded and rebuilds them without reading the logs, findings come back from the index,
// and no more runs than asked stay in memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createApp, indexedReader, type DashboardApp } from "./index.ts";
import { openIndex } from "../store/index.ts";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../examples/logs");

async function json(d: DashboardApp, url: string): Promise<unknown> {
  const r = await d.request(url);
  assert.equal(r.status, 200, url);
  return r.json();
}

/** Waits until every run has findings (the background queue). */
async function diagnosed(d: DashboardApp): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const runs = ((await json(d, "/api/runs")) as { runs: { diagnosis: unknown }[] }).runs;
    if (runs.every((r) => r.diagnosis)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail("runs not diagnosed");
}

test("served from the index: the same answers as from the files, run list at once on a second start, bounded memory", async () => {
  const logdir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-logs-"));
  const idx = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-index-"));
  fs.cpSync(EXAMPLES, logdir, { recursive: true });
  const queries = [
    "/api/scalars?run=healthy_mlp_spirals_rmsprop_constant_0&tag=Loss/train&points=50&smoothing=0.6",
    "/api/scalars?run=dead_relu_very_negative_bias_6&tag=validation/epoch_loss&points=1000",
    "/api/tags?run=overfitting_tiny_train_big_mlp_5",
    "/api/histograms?run=dead_relu_very_negative_bias_6&tag=train/activations/fc1&bins=20",
  ];
  const plain = createApp({ logdir, diagnoseInWorker: false });
  const apps: DashboardApp[] = [plain];
  try {
    await plain.loaded;
    await diagnosed(plain);
    const want = await Promise.all(queries.map((q) => json(plain, q)));
    const wantRuns = await json(plain, "/api/runs");
    const wantLineage = await json(plain, "/api/lineage");

    // first start with an empty index: everything read from the files, two runs at most in memory
    let index = openIndex(logdir, idx);
    const a = createApp({ logdir, index, diagnoseInWorker: false, maxLoaded: 2 });
    apps.push(a);
    await a.loaded;
    await diagnosed(a);
    assert.ok(a.store.loadedCount() <= 2, `${a.store.loadedCount()} runs in memory`);
    assert.deepEqual(await json(a, "/api/runs"), wantRuns);
    assert.deepEqual(await Promise.all(queries.map((q) => json(a, q))), want);
    assert.deepEqual(await json(a, "/api/lineage"), wantLineage);
    assert.ok(a.store.loadedCount() <= 2);
    a.close();
    index.close();

    // second start: the run list comes from the index before any run loads; nothing read from the logs
    index = openIndex(logdir, idx);
    const reader = indexedReader(index, logdir);
    const b = createApp({ logdir, index, reader, diagnoseInWorker: false, maxLoaded: 3 });
    apps.push(b);
    await b.ready;
    const early = (await json(b, "/api/runs")) as { runs: { name: string }[] };
    assert.deepEqual(
      early.runs.map((r) => r.name),
      (wantRuns as { runs: { name: string }[] }).runs.map((r) => r.name),
    );
    await b.loaded;
    await diagnosed(b);
    assert.equal(reader.runs.counts.read, 0);
    assert.equal(reader.runs.counts.tailed, 0);
    assert.ok(reader.runs.counts.fromIndex >= 8);
    assert.deepEqual(await json(b, "/api/runs"), wantRuns, "findings from the index, listing as before");
    assert.deepEqual(await Promise.all(queries.map((q) => json(b, q))), want);
    assert.deepEqual(await json(b, "/api/lineage"), wantLineage);
    assert.ok(b.store.loadedCount() <= 3);
    b.close();
    index.close();
  } finally {
    for (const d of apps) d.close();
    fs.rmSync(logdir, { recursive: true, force: true });
    fs.rmSync(idx, { recursive: true, force: true });
  }
});

test("a directory holding several trainings stays split on a second start from the index", async () => {
  const logdir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-split-"));
  const idx = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-index-"));
  // a 15-epoch training and an interrupted 1-epoch re-run in one folder (TensorBoard's layout, format part's encoder)
  const write = (dir: string, secs: number, steps: number[], value: (s: number) => number) => {
    fs.mkdirSync(dir, { recursive: true });
    const recs = [fileVersionEvent(secs)];
    for (const s of steps) recs.push(scalarEvent("loss", s, value(s), secs + s));
    fs.writeFileSync(path.join(dir, `events.out.tfevents.${secs}.host.1.0`), frameRecords(recs));
  };
  write(
    path.join(logdir, "production"),
    1_751_738_219,
    [...Array(15).keys()].map((i) => i + 1),
    (s) => 1 / s,
  );
  write(path.join(logdir, "production"), 1_751_738_371, [1], () => 4);
  write(path.join(logdir, "other"), 1_751_738_000, [0, 1, 2], (s) => s);
  const rerun = "production/events.out.tfevents.1751738371.host.1.0";
  const want = ["other:loaded", `${rerun}:loaded`, "production:loaded"];
  const names = async (d: DashboardApp) =>
    ((await json(d, "/api/runs")) as { runs: { name: string; status: string }[] }).runs.map((r) => `${r.name}:${r.status}`).sort();
  const apps: DashboardApp[] = [];
  try {
    for (const start of [1, 2]) {
      const index = openIndex(logdir, idx);
      const reader = indexedReader(index, logdir);
      const d = createApp({ logdir, index, reader, diagnoseInWorker: false });
      apps.push(d);
      await d.ready;
      await d.loaded;
      await d.refresh(); // walks the logdir again (after the index's list on a second start)
      await d.loaded;
      for (const e of d.store.entries.values()) await d.store.load(e.name);
      assert.deepEqual(await names(d), want, `start ${start}`);
      assert.equal(((await json(d, "/api/scalars?run=production&tag=loss")) as { total: number }).total, 15);
      assert.equal(((await json(d, `/api/scalars?run=${encodeURIComponent(rerun)}&tag=loss`)) as { total: number }).total, 1);
      if (start === 2) assert.equal(reader.runs.counts.fromIndex >= 3, true, JSON.stringify(reader.runs.counts));
      d.close();
      index.close();
    }
  } finally {
    for (const d of apps) d.close();
    fs.rmSync(logdir, { recursive: true, force: true });
    fs.rmSync(idx, { recursive: true, force: true });
  }
});
