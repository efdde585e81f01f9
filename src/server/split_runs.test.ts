// A directory holding several trainings is served as one run per training, as the command line
// splits it (reader/hparams_sessions.ts): here a 15-epoch training and an interrupted 1-epoch re-run
// in one folder. Each is listed, charted and exported under its own name; a refresh keeps each
// training's files apart. Files written with the format part's encoder (TensorBoard's layout).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";
import { createApp } from "./index.ts";

function write(dir: string, secs: number, steps: number[], value: (s: number) => number): void {
  fs.mkdirSync(dir, { recursive: true });
  const recs = [fileVersionEvent(secs)];
  for (const s of steps) recs.push(scalarEvent("loss", s, value(s), secs + s));
  fs.writeFileSync(path.join(dir, `events.out.tfevents.${secs}.host.1.0`), frameRecords(recs));
}

test("the server lists a directory's trainings as separate runs, charts and exports each under its name", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-split-"));
  try {
    write(
      path.join(dir, "production"),
      1_751_738_219,
      [...Array(15).keys()].map((i) => i + 1),
      (s) => 1 / s,
    );
    write(path.join(dir, "production"), 1_751_738_371, [1], () => 4);
    write(path.join(dir, "other"), 1_751_738_000, [0, 1, 2], (s) => s);
    const d = createApp({ logdir: dir, diagnoseInWorker: false });
    await d.ready;
    await d.loaded;
    const rerun = "production/events.out.tfevents.1751738371.host.1.0";
    const names = async () => {
      const j = (await (await d.request("/api/runs")).json()) as { runs: { name: string; status: string }[] };
      return j.runs.map((r) => `${r.name}:${r.status}`).sort();
    };
    assert.deepEqual(await names(), ["other:loaded", `${rerun}:loaded`, "production:loaded"]);
    const main = await (await d.request("/api/scalars?run=production&tag=loss")).json();
    assert.equal(main.total, 15);
    assert.deepEqual(main.last, { step: 15, value: Math.fround(1 / 15) });
    const second = await (await d.request(`/api/scalars?run=${encodeURIComponent(rerun)}&tag=loss`)).json();
    assert.equal(second.total, 1);
    assert.deepEqual(second.last, { step: 1, value: 4 });
    const csv = await (await d.request(`/api/export?run=production&run=${encodeURIComponent(rerun)}&tag=loss`)).text();
    const rows = csv.trim().split("\n");
    assert.equal(rows.length, 1 + 15 + 1);
    assert.equal(rows[1], "production,loss,1,1751738220,1");
    assert.equal(rows[16], `${rerun},loss,1,1751738372,4`);
    // a refresh neither lists the directory as one run again nor merges the re-run back
    await d.refresh();
    assert.deepEqual(await names(), ["other:loaded", `${rerun}:loaded`, "production:loaded"]);
    assert.equal((await (await d.request("/api/scalars?run=production&tag=loss")).json()).total, 15);
    d.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
