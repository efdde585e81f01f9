// GET /api/lineage on a logdir written with the project's event encoder and hparams.json files:
// the table (union of keys, metrics, diagnosis once computed), the importance computed in a worker
// thread, and the parameter checks (400 naming the parameter).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApp } from "./index.ts";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";

test("/api/lineage: table, importance from a worker, parameter checks", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-lineage-api-"));
  let k = 0;
  for (const lr of [1e-4, 1e-3, 1e-2, 1e-1])
    for (const seed of [1, 2, 3]) {
      const dir = path.join(root, `lr${lr}_s${seed}`);
      fs.mkdirSync(dir, { recursive: true });
      const floor = 0.5 - 0.1 * Math.log10(lr) + 0.01 * seed;
      const recs = [fileVersionEvent(1_700_000_000)];
      [1, 0.8, 0.6].forEach((v, i) =>
        recs.push(scalarEvent("val_loss", i, floor + v, 1_700_000_000 + i * 10, { withPluginMetadata: i === 0 })),
      );
      fs.writeFileSync(path.join(dir, "events.out.tfevents.1700000000.api.0"), frameRecords(recs));
      fs.writeFileSync(path.join(dir, "hparams.json"), JSON.stringify(k++ === 0 ? { lr, seed, extra: "only here" } : { lr, seed }));
    }
  const d = createApp({ logdir: root, diagnoseInWorker: false });
  try {
    await d.ready;
    await d.loaded;
    const t = (await (await d.request("/api/lineage")).json()) as {
      runs: {
        run: string;
        hparams: Record<string, unknown>;
        metrics: Record<string, { best: number; bestStep: number }>;
        durationSec: number;
      }[];
      hparamKeys: string[];
      importance: null;
    };
    assert.equal(t.runs.length, 12);
    assert.deepEqual(t.hparamKeys, ["lr", "seed", "extra"]);
    const r = t.runs.find((x) => x.run === "lr0.01_s2")!;
    assert.equal(r.hparams.extra, null);
    assert.equal(r.metrics.val_loss.bestStep, 2);
    assert.ok(Math.abs(r.metrics.val_loss.best - (0.5 + 0.2 + 0.02 + 0.6)) < 1e-6);
    assert.equal(r.durationSec, 20);
    assert.equal(t.importance, null);
    const i = (await (await d.request("/api/lineage?metric=val_loss")).json()) as {
      importance: { n: number; entries: { param: string; verdict: string }[] };
    };
    assert.equal(i.importance.n, 12);
    assert.equal(i.importance.entries[0].param, "lr");
    assert.equal(i.importance.entries[0].verdict, "matters");
    const none = (await (await d.request("/api/lineage?metric=val_f1")).json()) as { importanceError: string };
    assert.equal(none.importanceError, "no run has the metric val_f1");
    const bad = await d.request("/api/lineage?metric=" + encodeURIComponent("val loss<script>"));
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /parameter metric: expected a metric key/);
    const twice = await d.request("/api/lineage?metric=a&metric=b");
    assert.equal(twice.status, 400);
  } finally {
    d.store.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
