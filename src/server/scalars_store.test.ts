// The scalars API answered from the index (src/store) without loading the run, against the same API
// with the runs read into memory, on copies of real logs: examples/logs (TF.js trainings written by
// trainscope's recorder, NaN losses included), test/fixtures/tensorboard (files written by
// TensorBoard writers, restarts and damaged files included), test/fixtures/realworld (logs of
// published trainings: event files beside text and CSV logs of the same metrics) and
// test/fixtures/generated (PyTorch, Keras, Lightning... writers; NaN, +Inf and -Inf scalars). Every series of
// every run, each x axis, with and without smoothing, down-sampled or not, whole or zoomed: the
// answers must be byte for byte the same JSON (the data version aside: a run not loaded is at its
// first version), and the runs answered from the index must stay out of memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createApp, indexedReader, type DashboardApp } from "./index.ts";
import { buildApp } from "./app.ts";
import { RunStore } from "./run_store.ts";
import { defaultDiagnose } from "./backend.ts";
import { openIndex } from "../store/index.ts";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SOURCES = ["examples/logs", "test/fixtures/tensorboard", "test/fixtures/realworld", "test/fixtures/generated"];

interface Tags {
  scalars: { tag: string; count: number }[];
}
interface Answer {
  xExtent: number[];
  markers: { kind: string }[];
}

const noVersion = (body: string): string => body.replace(/,"version":\d+\}$/, "}");

/** The queries a page makes of one series: every axis, smoothing or not, down-sampled or not, whole and zoomed. */
function queries(run: string, tag: string, extent: Record<string, number[]>): string[] {
  const out: string[] = [];
  const base = `run=${encodeURIComponent(run)}&tag=${encodeURIComponent(tag)}`;
  for (const x of ["step", "relative", "wall"])
    for (const opts of ["points=3000", "points=5", "points=40&smoothing=0.6", "points=40&window=5", "points=3"]) {
      out.push(`/api/scalars?${base}&x=${x}&${opts}`);
      const e = extent[x];
      // (a series without wall times has no time extent)
      if (e.length !== 2 || !e.every((v) => typeof v === "number")) continue;
      const [a, b] = e;
      // a wide zoom (down-sampled), a narrow one (full resolution), one past the end, one on a single point
      for (const [lo, hi] of [
        [a + (b - a) * 0.2, a + (b - a) * 0.7],
        [a + (b - a) * 0.41, a + (b - a) * 0.43],
        [a + (b - a) * 0.9, b + 1],
        [b, b],
      ])
        out.push(`/api/scalars?${base}&x=${x}&${opts}&min=${lo}&max=${hi}`);
    }
  return out;
}

for (const src of SOURCES) {
  test(`scalars served from the index chunks equal the in-memory answers, byte for byte: ${src}`, async () => {
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-logs-"));
    const idx = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-index-"));
    fs.cpSync(path.join(REPO, src), logdir, { recursive: true });
    const apps: DashboardApp[] = [];
    let stored: RunStore | undefined;
    try {
      // the index written by a first start
      let index = openIndex(logdir, idx);
      const first = createApp({ logdir, index, diagnoseInWorker: false });
      apps.push(first);
      await first.loaded;
      first.close();
      index.close();

      const plain = createApp({ logdir, diagnoseInWorker: false });
      apps.push(plain);
      await plain.loaded;

      // a second start that loads no run by itself
      index = openIndex(logdir, idx);
      stored = new RunStore(logdir, indexedReader(index, logdir), defaultDiagnose(), { diagnoseInWorker: false });
      await stored.discover();
      const app = buildApp(stored);
      let fromIndex = 0,
        compared = 0;
      const kinds = new Set<string>();
      for (const name of plain.store.entries.keys()) {
        const r = await plain.request(`/api/tags?run=${encodeURIComponent(name)}`);
        if (r.status !== 200) continue;
        for (const { tag } of ((await r.json()) as Tags).scalars) {
          const extent: Record<string, number[]> = {};
          for (const x of ["step", "relative", "wall"])
            extent[x] = (
              (await (
                await plain.request(`/api/scalars?run=${encodeURIComponent(name)}&tag=${encodeURIComponent(tag)}&x=${x}`)
              ).json()) as Answer
            ).xExtent;
          for (const q of queries(name, tag, extent)) {
            const want = await plain.request(q);
            const got = await app.request(q);
            const wantBody = await want.text();
            assert.equal(got.status, want.status, q);
            assert.equal(noVersion(await got.text()), noVersion(wantBody), q);
            assert.equal(want.status, 200, `${q}: ${wantBody}`);
            for (const m of (JSON.parse(wantBody) as Answer).markers) kinds.add(m.kind);
            compared++;
            if (!stored.entries.get(name)!.run) fromIndex++;
          }
        }
      }
      assert.ok(compared > 0);
      // every answer came from the index: no run was loaded to give it
      assert.equal(stored.loadedCount(), 0, `${stored.loadedCount()} runs loaded`);
      assert.equal(fromIndex, compared);
      if (src === "test/fixtures/generated") assert.deepEqual([...kinds].sort(), ["+inf", "-inf", "nan"], "every kind of marker compared");
      if (src === "examples/logs") assert.ok(kinds.has("nan"));
      index.close();
    } finally {
      stored?.close();
      for (const d of apps) d.close();
      fs.rmSync(logdir, { recursive: true, force: true });
      fs.rmSync(idx, { recursive: true, force: true });
    }
  });
}

test("a zoom decodes only the stored chunks it meets, at full resolution; a run whose file grew is read again", async () => {
  // one event file of 20 000 steps (framed as TensorBoard writes them: format/event_encode.ts), NaN and ±Inf among them
  const logdir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-logs-"));
  const idx = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-index-"));
  const runDir = path.join(logdir, "long");
  fs.mkdirSync(runDir);
  const file = path.join(runDir, "events.out.tfevents.1700000000.host.1.0");
  const recs = [fileVersionEvent(1_700_000_000)];
  const N = 20_000;
  for (let i = 0; i < N; i++) {
    const v = i === 5000 ? NaN : i === 9000 ? Infinity : i === 15_000 ? -Infinity : Math.exp(-i / 5000) + 0.01 * Math.sin(i);
    recs.push(scalarEvent("loss", i, v, 1_700_000_000 + i * 0.25));
  }
  fs.writeFileSync(file, frameRecords(recs));
  let stored: RunStore | undefined;
  const apps: DashboardApp[] = [];
  try {
    let index = openIndex(logdir, idx);
    const first = createApp({ logdir, index, diagnoseInWorker: false });
    apps.push(first);
    await first.loaded;
    first.close();
    index.close();
    const plain = createApp({ logdir, diagnoseInWorker: false });
    apps.push(plain);
    await plain.loaded;

    index = openIndex(logdir, idx);
    const reader = indexedReader(index, logdir);
    stored = new RunStore(logdir, reader, defaultDiagnose(), { diagnoseInWorker: false });
    await stored.discover();
    const app = buildApp(stored);
    const d = stored.entries.get("long")!.descriptor as Parameters<typeof reader.runs.storedSeries>[0];
    // 20 000 points in chunks of 4 096: steps 9 000..9 100 lie in one chunk
    const series = (await reader.runs.storedSeries(d, "loss"))!;
    assert.equal(series.count, N);
    assert.equal(series.points(9000, 9100).length, 4096);
    assert.equal(series.points(4000, 4200).length, 2 * 4096, "a range across a chunk boundary reads both chunks");
    for (const q of [
      "x=step&points=1000",
      "x=step&points=1000&min=8950&max=9150",
      "x=step&points=1000&min=1000&max=19000",
      "x=step&points=1000&min=4990&max=5010&smoothing=0.9",
      "x=wall&points=200&min=1700002000&max=1700002100",
      "x=relative&points=300&window=9",
    ]) {
      const want = await (await plain.request(`/api/scalars?run=long&tag=loss&${q}`)).text();
      const got = await (await app.request(`/api/scalars?run=long&tag=loss&${q}`)).text();
      assert.equal(noVersion(got), noVersion(want), q);
    }
    const zoom = JSON.parse(await (await app.request("/api/scalars?run=long&tag=loss&x=step&points=1000&min=8950&max=9150")).text()) as {
      total: number;
      inRange: number;
      sampled: boolean;
      steps: number[];
      markers: { step: number; kind: string }[];
    };
    assert.deepEqual([zoom.total, zoom.inRange, zoom.sampled, zoom.steps.length], [N, 201, false, 200], "full resolution on zoom");
    assert.deepEqual(zoom.markers, [{ x: 9000, step: 9000, wall: 1_700_000_000 + 9000 * 0.25, kind: "+inf" }]);
    assert.equal(stored.loadedCount(), 0);

    // the file grows: the index no longer holds what the logs hold, so the run is read (and the answer has the new points)
    fs.appendFileSync(file, frameRecords([scalarEvent("loss", N, 0.5, 1_700_000_000 + N * 0.25)]));
    assert.equal(await reader.runs.storedSeries(d, "loss"), undefined);
    const after = JSON.parse(await (await app.request("/api/scalars?run=long&tag=loss&points=1000")).text()) as { total: number };
    assert.equal(after.total, N + 1);
    assert.equal(stored.loadedCount(), 1);
    index.close();
  } finally {
    stored?.close();
    for (const a of apps) a.close();
    fs.rmSync(logdir, { recursive: true, force: true });
    fs.rmSync(idx, { recursive: true, force: true });
  }
});
