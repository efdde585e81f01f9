// Serving a logdir: runs listed before loading, unreadable runs, appended records picked up,
// diagnosis in a worker thread with a time limit.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";
import { createApp } from "./index.ts";
import { DiagnosisPool } from "./diagnosis_pool.ts";

function events(from: number, to: number): Uint8Array {
  const recs = [];
  if (from === 0) recs.push(fileVersionEvent(1_700_000_000));
  for (let i = from; i < to; i++) recs.push(scalarEvent("loss", i, 1 / (1 + i), 1_700_000_000 + i, { withPluginMetadata: i === 0 }));
  return frameRecords(recs);
}

test("a logdir: runs listed before loading, an unreadable run shows its error, appended records appear after a refresh", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-server-"));
  try {
    fs.mkdirSync(path.join(dir, "live"));
    const live = path.join(dir, "live", "events.out.tfevents.1700000000.host.1.0");
    fs.writeFileSync(live, events(0, 50));
    fs.mkdirSync(path.join(dir, "broken"));
    fs.writeFileSync(
      path.join(dir, "broken", "events.out.tfevents.1700000000.host.2.0"),
      Buffer.from("this is not a TFRecord file at all, just text that goes on and on"),
    );

    const d = createApp({ logdir: dir, diagnoseInWorker: false });
    await d.ready;
    const first = await (await d.request("/api/runs")).json();
    assert.deepEqual(first.runs.map((r: { name: string }) => r.name).sort(), ["broken", "live"]);
    await d.loaded;
    const list = await (await d.request("/api/runs")).json();
    const broken = list.runs.find((r: { name: string }) => r.name === "broken");
    assert.ok(broken.status === "failed" || broken.problems.length > 0, JSON.stringify(broken));
    const message = broken.error ?? broken.problems[0];
    assert.match(message, /broken\/events\.out\.tfevents/);
    const liveRun = list.runs.find((r: { name: string }) => r.name === "live");
    assert.equal(liveRun.status, "loaded");

    const before = await (await d.request("/api/scalars?run=live&tag=loss")).json();
    assert.equal(before.total, 50);
    fs.appendFileSync(live, events(50, 80));
    await d.refresh();
    const after = await (await d.request("/api/scalars?run=live&tag=loss")).json();
    assert.equal(after.total, 80);
    assert.ok(after.version > before.version);
    assert.equal(after.last.step, 79);

    // A run that appears later is discovered by a refresh and loaded in the background.
    fs.mkdirSync(path.join(dir, "later"));
    fs.writeFileSync(path.join(dir, "later", "events.out.tfevents.1700000100.host.3.0"), events(0, 10));
    await d.refresh();
    const withLater = await (await d.request("/api/runs")).json();
    assert.ok(withLater.runs.some((r: { name: string }) => r.name === "later"));
    assert.equal((await (await d.request("/api/scalars?run=later&tag=loss")).json()).total, 10);
    d.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("diagnosis runs in a worker thread on the real files, and a diagnosis that takes too long is stopped", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-server-"));
  try {
    fs.mkdirSync(path.join(dir, "nan_run"));
    const recs = [fileVersionEvent(1_700_000_000)];
    for (let i = 0; i < 300; i++)
      recs.push(scalarEvent("loss", i, i >= 200 ? NaN : 2 / (1 + i / 20), 1_700_000_000 + i, { withPluginMetadata: i === 0 }));
    fs.writeFileSync(path.join(dir, "nan_run", "events.out.tfevents.1700000000.host.1.0"), frameRecords(recs));
    const d = createApp({ logdir: dir });
    await d.loaded;
    const diag = await (await d.request("/api/diagnosis?run=nan_run")).json();
    const nan = diag.findings.find((f: { symptom: string }) => f.symptom === "loss_nan_or_inf");
    assert.ok(nan, JSON.stringify(diag));
    assert.equal(nan.evidence[0].step, 200);
    d.close();

    const pool = new DiagnosisPool(1);
    await assert.rejects(pool.diagnose(dir, d.store.entries.get("nan_run")!.descriptor!), /stopped after/);
    pool.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
