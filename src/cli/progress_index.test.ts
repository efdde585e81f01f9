// The progress line when runs come from the logdir's index: a real index (SQLite in os.tmpdir())
// over a copy of examples/logs (TF.js trainings written by trainscope's recorder); the second load
// rebuilds every run from the index, and the line counts their files and bytes as done and says
// how many came from the index.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { discoverRuns } from "../reader/index.ts";
import { IndexedRuns, openIndex } from "../store/index.ts";
import { Progress } from "./progress.ts";

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../examples/logs");

test("progress: runs rebuilt from the index count as done and are named as such", async () => {
  const logdir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-logs-"));
  const idx = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-index-"));
  fs.cpSync(EXAMPLES, logdir, { recursive: true });
  const saved = process.env.TRAINSCOPE_PROGRESS;
  delete process.env.TRAINSCOPE_PROGRESS;
  try {
    const found = await discoverRuns(logdir);
    let files = 0,
      bytes = 0;
    for (const d of found)
      for (const f of d.files) {
        files++;
        bytes += f.size;
      }
    for (const pass of [1, 2]) {
      const writes: string[] = [];
      const stream = Object.assign(
        { write: (s: string) => (writes.push(s), true) },
        { isTTY: true },
      ) as unknown as NodeJS.WritableStream & {
        isTTY: boolean;
      };
      const p = new Progress({ stream, delayMs: 0, verb: "loading" });
      const hooks = p.loadHooks()!;
      hooks.start!({ runs: found.length, files, bytes });
      const index = openIndex(logdir, idx);
      const store = new IndexedRuns(index, logdir, { progress: hooks });
      for (const d of found) await store.load(d);
      index.close();
      const last = writes.at(-1)!;
      if (pass === 1) assert.doesNotMatch(last, /from the index/);
      else {
        const parts =
          /loading (\d+)\/(\d+) files, ([\d.]+ \w+)\/([\d.]+ \w+), (\d+)\/(\d+) runs \((\d+) from the index\), ETA (\S+ s)$/.exec(last);
        assert.ok(parts, last);
        assert.equal(Number(parts[1]), files);
        assert.equal(parts[3], parts[4]);
        assert.equal(Number(parts[5]), found.length);
        assert.equal(Number(parts[7]), found.length);
      }
      p.done();
    }
  } finally {
    if (saved !== undefined) process.env.TRAINSCOPE_PROGRESS = saved;
    fs.rmSync(logdir, { recursive: true, force: true });
    fs.rmSync(idx, { recursive: true, force: true });
  }
});
