// `inspect` run by run (inspect_pool.ts): the summaries read in worker threads, and in this thread,
// equal those of the whole experiment loaded at once (loadExperiment + inspectRun), on the
// repository's real fixtures (TensorBoard files of several writers, CSV and JSON logs, MindSpore,
// damaged files) and on a logdir holding a directory of two event files with restarted steps and a file cut
// mid-record; a discovery of several runs is read by as many workers as runs at most.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { discoverLogdir, loadExperiment } from "../reader/index.ts";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";
import { inspectDocumentJson, inspectDocumentText, inspectJson, inspectText } from "./inspect_report.ts";
import { factsOf, inspectRuns, workerCount } from "./inspect_pool.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURES = path.join(REPO, "test/fixtures");

async function sameAsLoadedAtOnce(root: string): Promise<number> {
  const exp = await loadExperiment(root);
  const disc = await discoverLogdir(root);
  for (const workers of [0, 2]) {
    const runs = await inspectRuns(disc, { workers });
    assert.deepEqual(inspectDocumentJson(factsOf(disc), runs), inspectJson(exp), `JSON with ${workers} worker(s)`);
    assert.equal(inspectDocumentText(factsOf(disc), runs), inspectText(exp), `text with ${workers} worker(s)`);
  }
  return exp.runs.length;
}

test("the fixtures summarised run by run, in workers and in this thread, equal the experiment loaded at once", async () => {
  const runs = await sameAsLoadedAtOnce(FIXTURES);
  assert.ok(runs >= 20, `${runs} runs`);
});

test("a run of two event files and a file cut mid-record are reported the same by workers", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-inspect-pool-"));
  try {
    const sweep = path.join(root, "sweep");
    fs.mkdirSync(sweep, { recursive: true });
    for (let s = 0; s < 2; s++) {
      const recs = [fileVersionEvent(1_700_000_000 + s * 1000)];
      for (let step = 0; step < 200; step++)
        recs.push(scalarEvent("loss", step, 2 / (1 + step * (s + 1)), 1_700_000_000 + s * 1000 + step));
      fs.writeFileSync(path.join(sweep, `events.out.tfevents.${1_700_000_000 + s * 1000}.host.${s}.0`), frameRecords(recs));
    }
    const cut = path.join(root, "cut");
    fs.mkdirSync(cut);
    const bytes = frameRecords([
      fileVersionEvent(1_700_000_000),
      ...Array.from({ length: 50 }, (_, i) => scalarEvent("loss", i, 1 / (i + 1), 1_700_000_000 + i)),
    ]);
    fs.writeFileSync(path.join(cut, "events.out.tfevents.1700000000.host.9.0"), bytes.subarray(0, bytes.length - 7));
    const n = await sameAsLoadedAtOnce(root);
    assert.equal(n, 2, "sweep/ (two event files of restarted steps) and the cut run");
    const text = inspectDocumentText(factsOf(await discoverLogdir(root)), await inspectRuns(await discoverLogdir(root), { workers: 2 }));
    assert.match(text, /cut\/events\.out\.tfevents\.1700000000\.host\.9\.0 at byte 2096: truncated/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("worker count: asked for, capped by the runs; by default none below 64 MB", async () => {
  const disc = await discoverLogdir(FIXTURES);
  assert.equal(workerCount(disc, 3), 3);
  assert.equal(workerCount(disc, 10_000), disc.runs.length);
  assert.equal(workerCount(disc, 0), 0);
  assert.equal(workerCount(disc), 0, "the fixtures hold under 64 MB");
});
