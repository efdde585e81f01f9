// `trainscope serve`: exit 2 on an unreadable LOGDIR; the URL printed and the API answering.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fileVersionEvent, frameRecords, scalarEvent } from "../../format/index.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
// From the sources (the compiled command is tested by test/package.test.ts).
const cli = ["--import", "tsx", path.join(repo, "src/cli/main.ts")];

test("trainscope serve exits 2 with a message on an unreadable LOGDIR", () => {
  const r = spawnSync(process.execPath, [...cli, "serve", path.join(os.tmpdir(), "trainscope-no-such-dir-4242")], { encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /trainscope serve: .*no such file or directory/);
});

test("trainscope serve prints the URL and answers the API", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-serve-"));
  fs.mkdirSync(path.join(dir, "run_a"));
  const recs = [fileVersionEvent(1_700_000_000)];
  for (let i = 0; i < 20; i++) recs.push(scalarEvent("loss", i, 1 / (i + 1), 1_700_000_000 + i));
  fs.writeFileSync(path.join(dir, "run_a", "events.out.tfevents.1700000000.host.1.0"), frameRecords(recs));
  // the index goes to a cache directory of the test's own (never the user's, never the logdir)
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-cache-"));
  const child = spawn(process.execPath, [...cli, "serve", dir, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, XDG_CACHE_HOME: cache },
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (b: Buffer) => {
        out += b;
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (m) resolve(m[0]);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}`)));
      setTimeout(() => reject(new Error("no URL printed in 20 s: " + out)), 20_000).unref();
    });
    const runs = (await (await fetch(url + "api/runs")).json()) as { runs: { name: string }[] };
    assert.deepEqual(
      runs.runs.map((r) => r.name),
      ["run_a"],
    );
    const s = (await (await fetch(url + "api/scalars?run=run_a&tag=loss")).json()) as { total: number };
    assert.equal(s.total, 20);
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    // the index is in the cache directory; the logdir holds only what was written into it
    assert.equal(fs.readdirSync(path.join(cache, "trainscope")).filter((f) => f.endsWith(".sqlite")).length, 1);
    assert.deepEqual(fs.readdirSync(dir, { recursive: true }).sort(), ["run_a", "run_a/events.out.tfevents.1700000000.host.1.0"]);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
  }
});
