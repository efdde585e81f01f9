// `trainscope lineage` through the real CLI: the user's tags and notes saved by the dashboard (in the
// cache directory named by XDG_CACHE_HOME, never in the logdir) come out in --json and --csv, and
// each run carries its dataset lineage (data hyper-parameters here, written as hparams.json).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseCsv } from "csv-parse/sync";
import { AnnotationStore } from "../server/index.ts";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO, "src/cli/main.ts"), ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
    });
    let stdout = "",
      stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

test("lineage --json and --csv carry the dashboard's tags and notes and the dataset lineage", async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-lineage-ann-"));
  const logs = path.join(base, "logs"),
    cache = path.join(base, "cache");
  for (const [name, bs] of [
    ["small_batch", 16],
    ["big_batch", 256],
  ] as const) {
    const dir = path.join(logs, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, "events.out.tfevents.1700000000.cli.0"),
      frameRecords([
        fileVersionEvent(1_700_000_000),
        scalarEvent("val_loss", 0, 1, 1_700_000_000),
        scalarEvent("val_loss", 1, 0.5, 1_700_000_001),
      ]),
    );
    fs.writeFileSync(path.join(dir, "hparams.json"), JSON.stringify({ lr: 0.01, batch_size: bs, data_dir: "/data/x" }));
  }
  await AnnotationStore.forLogdir(logs, cache).update("big_batch", { tags: ["baseline", "b 2"], note: 'said "ok"\nline 2' });

  const json = await cli(["lineage", logs, "--json", "--no-diagnose"], { XDG_CACHE_HOME: cache });
  assert.equal(json.code, 0, json.stderr);
  const doc = JSON.parse(json.stdout) as {
    runs: {
      run: string;
      tags?: string[];
      note?: string;
      dataset: { keys: Record<string, unknown>; facts: Record<string, string> } | null;
    }[];
  };
  const big = doc.runs.find((r) => r.run === "big_batch")!;
  const small = doc.runs.find((r) => r.run === "small_batch")!;
  assert.deepEqual(big.tags, ["baseline", "b 2"]);
  assert.equal(big.note, 'said "ok"\nline 2');
  assert.equal(small.tags, undefined);
  assert.deepEqual(big.dataset?.keys, { batch_size: 256, data_dir: "/data/x" });
  assert.equal(small.dataset?.facts["hparam batch_size"], "16");

  const csv = await cli(["lineage", logs, "--csv", "--no-diagnose"], { XDG_CACHE_HOME: cache });
  assert.equal(csv.code, 0, csv.stderr);
  const rows = parseCsv(csv.stdout, { columns: true }) as Record<string, string>[];
  const row = rows.find((r) => r.run === "big_batch")!;
  assert.equal(row.tags, "baseline;b 2");
  assert.equal(row.note, 'said "ok"\nline 2');
  assert.equal(rows.find((r) => r.run === "small_batch")!.tags, "");

  // another cache directory: no tags, and nothing about them on stderr
  const other = await cli(["lineage", logs, "--json", "--no-diagnose"], { XDG_CACHE_HOME: path.join(base, "empty") });
  assert.equal(JSON.parse(other.stdout).runs.find((r: { run: string }) => r.run === "big_batch").tags, undefined);
  assert.equal(other.stderr, "");
});
