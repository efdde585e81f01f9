// Hostile files in a logdir: YAML alias bombs, configuration files with huge key counts, symbolic
// links leading out of the logdir. Each is read in bounded time and memory and reported; the rest
// of the logdir still loads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { discoverRuns, loadExperiment, loadRun } from "./index.ts";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-harden-reader-"));
}

function events(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const recs = [fileVersionEvent(1_700_000_000)];
  for (let i = 0; i < 10; i++) recs.push(scalarEvent("loss", i, 1 / (i + 1), 1_700_000_000 + i));
  fs.writeFileSync(path.join(dir, "events.out.tfevents.1700000000.host.1.0"), frameRecords(recs));
}

/** `keys` keys under an anchor and `aliases` aliases to it. */
function aliasBomb(keys: number, aliases: number): string {
  let s = "lr: 0.1\nbase: &a\n";
  for (let i = 0; i < keys; i++) s += `  k${i}: ${i}\n`;
  for (let i = 0; i < aliases; i++) s += `r${i}: *a\n`;
  return s;
}

/** Loads `logdir` in a child process; returns its peak RSS (MB, sampled) and what it printed. */
function loadInChild(logdir: string): { peakMb: number; out: { hparams: number; problems: string[]; lr: unknown } } {
  const script = `
    import { loadExperiment } from ${JSON.stringify(new URL("./index.ts", import.meta.url).href)};
    // sampled: ru_maxrss of a spawned process starts at its parent's
    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 2);
    const exp = await loadExperiment(${JSON.stringify(logdir)});
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const run = exp.runs[0];
    console.log(JSON.stringify({ peakMb: peak / 1048576, out: { hparams: run.hparams.size, lr: run.hparams.get("lr")?.value, problems: run.problems.map((p) => p.code + ": " + p.message) } }));
  `;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
    cwd: path.resolve(import.meta.dirname, "../.."),
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

test("YAML alias bombs: a 1.6 MB file of 100 000 keys + 400 aliases is refused by size; a 300 kB one is read without expanding, in bounded memory", () => {
  const dir = tmp();
  try {
    events(path.join(dir, "big"));
    const big = aliasBomb(100_000, 400);
    assert.ok(big.length > 1.5e6);
    fs.writeFileSync(path.join(dir, "big", "hparams.yaml"), big);
    const a = loadInChild(dir);
    assert.ok(
      a.out.problems.some((p) => /^limit: YAML configuration file of 1\d{6} bytes not read \(at most 1048576 bytes\)/.test(p)),
      a.out.problems.join("\n"),
    );
    assert.ok(a.peakMb < 400, `peak RSS ${a.peakMb} MB`);

    fs.rmSync(path.join(dir, "big"), { recursive: true });
    events(path.join(dir, "small"));
    const small = aliasBomb(20_000, 400);
    assert.ok(small.length > 250_000 && small.length < 1 << 20);
    fs.writeFileSync(path.join(dir, "small", "hparams.yaml"), small);
    const b = loadInChild(dir);
    // 20 000 x 400 = 8 million values if the aliases were expanded; they are kept as text
    assert.ok(
      b.out.problems.some(
        (p) =>
          p ===
          "limit: 400 YAML alias(es) not expanded: the expanded document would hold more than 200000 nodes (each kept as the text *name)",
      ),
      b.out.problems.join("\n"),
    );
    assert.ok(
      b.out.problems.some((p) => p === "limit: 10401 hyper-parameter(s) past the first 10000 not read (at most 10000 per file)"),
      b.out.problems.join("\n"),
    );
    assert.equal(b.out.hparams, 10_000);
    assert.equal(b.out.lr, 0.1);
    assert.ok(b.peakMb < 400, `peak RSS ${b.peakMb} MB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("small YAML aliases are still expanded", async () => {
  const dir = tmp();
  try {
    events(dir);
    fs.writeFileSync(path.join(dir, "hparams.yaml"), "opt: &o {lr: 0.01, momentum: 0.9}\nfinetune: *o\n");
    const exp = await loadExperiment(dir);
    const h = exp.runs[0].hparams;
    assert.equal(h.get("finetune.lr")?.value, 0.01);
    assert.equal(h.get("finetune.momentum")?.value, 0.9);
    assert.ok(!exp.runs[0].problems.some((p) => p.code === "limit"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("hparams.json with 130 000 keys and 10 000 levels of nesting: no stack overflow, the first 10 000 kept, the rest reported", async () => {
  const dir = tmp();
  try {
    events(dir);
    const obj: Record<string, number> = {};
    for (let i = 0; i < 130_000; i++) obj[`p${i}`] = i;
    fs.writeFileSync(path.join(dir, "hparams.json"), JSON.stringify(obj));
    let exp = await loadExperiment(dir);
    let run = exp.runs[0];
    assert.equal(run.hparams.size, 10_000);
    assert.equal(run.hparams.get("p0")?.value, 0);
    assert.equal(run.hparams.get("p9999")?.value, 9999);
    assert.equal(run.hparams.has("p10000"), false);
    const lim = run.problems.find((p) => p.code === "limit");
    assert.equal(lim?.message, "120000 hyper-parameter(s) past the first 10000 not read (at most 10000 per file)");
    assert.equal(lim?.file, "hparams.json");
    assert.ok(!run.problems.some((p) => /call stack/.test(p.message)));

    fs.writeFileSync(path.join(dir, "hparams.json"), '{"lr": 0.5, "deep": ' + '{"a": '.repeat(10_000) + "1" + "}".repeat(10_000) + "}");
    exp = await loadExperiment(dir);
    run = exp.runs[0];
    assert.equal(run.hparams.get("lr")?.value, 0.5);
    const deep = [...run.hparams.keys()].find((k) => k.startsWith("deep."));
    assert.ok(deep && deep.split(".").length === 64, deep?.slice(0, 80));
    assert.ok(
      run.problems.some((p) => p.code === "limit" && /1 value\(s\) nested deeper than 64 levels kept as their JSON text/.test(p.message)),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("symbolic links out of the logdir are not followed (reported); with followSymlinks they are, but configuration files outside never", async () => {
  const base = tmp();
  try {
    const logdir = path.join(base, "logs");
    const outside = path.join(base, "secrets");
    events(path.join(logdir, "run_a"));
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, "client_secret.json"), JSON.stringify({ client_secret: "s3cr3t", refresh_token: "r3fr3sh" }));
    fs.symlinkSync(path.join(outside, "client_secret.json"), path.join(logdir, "run_a", "config.json"));
    events(path.join(outside, "other_run"));
    fs.writeFileSync(path.join(outside, "other_run", "hparams.json"), JSON.stringify({ api_key: "k3y" }));
    fs.symlinkSync(path.join(outside, "other_run"), path.join(logdir, "linked_run"));
    // a link inside the logdir is followed
    fs.symlinkSync(path.join(logdir, "run_a"), path.join(logdir, "alias_of_a"));

    let exp = await loadExperiment(logdir);
    // the link inside the logdir leads to run_a's directory, read once (under the first name met)
    assert.deepEqual(
      exp.runs.map((r) => r.name),
      ["alias_of_a"],
    );
    const all = JSON.stringify(exp.runs.map((r) => [...r.hparams.values()]));
    assert.ok(!/s3cr3t|r3fr3sh|k3y/.test(all), all);
    const probs = [...exp.problems, ...exp.runs.flatMap((r) => r.problems)];
    assert.ok(
      probs.some((p) => p.code === "symlink" && /config\.json$/.test(p.file) && /leads out of the logdir/.test(p.message)),
      JSON.stringify(probs),
    );
    assert.ok(
      probs.some((p) => p.code === "symlink" && p.file === "linked_run" && /not followed \(--follow-symlinks follows it\)/.test(p.message)),
      JSON.stringify(probs),
    );
    assert.ok(!exp.runs.some((r) => r.name === "linked_run"));

    exp = await loadExperiment(logdir, { followSymlinks: true });
    const linked = exp.runs.find((r) => r.name === "linked_run");
    assert.ok(linked, "the linked run is read when links are followed");
    assert.equal(linked.dirs.flatMap((d) => [...d.scalars.keys()]).join(), "loss");
    const all2 = JSON.stringify(exp.runs.map((r) => [...r.hparams.values()]));
    assert.ok(!/s3cr3t|r3fr3sh|k3y/.test(all2), all2);
    const probs2 = [...exp.problems, ...exp.runs.flatMap((r) => r.problems)];
    assert.ok(
      probs2.some(
        (p) => p.code === "symlink" && /configuration file lies outside the logdir .*not read, even with --follow-symlinks/.test(p.message),
      ),
      JSON.stringify(probs2),
    );
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test("a file or directory swapped for a link out of the logdir between discovery and read is not read (TOCTOU)", async () => {
  const base = tmp();
  try {
    const logdir = path.join(base, "logs");
    const outside = path.join(base, "secrets");
    // outside: a CSV and an event file whose values must never be read, and a configuration file
    events(path.join(outside, "run_x"));
    fs.writeFileSync(path.join(outside, "metrics.csv"), "epoch,secret_loss\n0,1234.5\n1,6789.5\n");
    fs.writeFileSync(path.join(outside, "hparams.json"), JSON.stringify({ api_key: "k3y" }));
    events(path.join(logdir, "run_a"));
    fs.writeFileSync(path.join(logdir, "run_a", "metrics.csv"), "epoch,loss\n0,1\n1,0.5\n");
    fs.writeFileSync(path.join(logdir, "run_a", "hparams.json"), JSON.stringify({ lr: 0.1 }));
    events(path.join(logdir, "run_b"));
    const found = await discoverRuns(logdir);
    assert.deepEqual(
      found.map((d) => d.name),
      ["run_a", "run_b"],
    );
    // swapped after discovery: each file of run_a for a link to its namesake outside, run_b's directory for a link to run_x
    fs.rmSync(path.join(logdir, "run_a", "metrics.csv"));
    fs.symlinkSync(path.join(outside, "metrics.csv"), path.join(logdir, "run_a", "metrics.csv"));
    fs.rmSync(path.join(logdir, "run_a", "hparams.json"));
    fs.symlinkSync(path.join(outside, "hparams.json"), path.join(logdir, "run_a", "hparams.json"));
    const ev = fs.readdirSync(path.join(logdir, "run_a")).find((f) => f.includes("tfevents"))!;
    fs.rmSync(path.join(logdir, "run_a", ev));
    fs.symlinkSync(path.join(outside, "run_x", ev), path.join(logdir, "run_a", ev));
    fs.rmSync(path.join(logdir, "run_b"), { recursive: true });
    fs.symlinkSync(path.join(outside, "run_x"), path.join(logdir, "run_b"));

    for (const d of found) {
      const run = await loadRun(logdir, d);
      const text = JSON.stringify([[...run.hparams.values()], run.dirs.map((x) => [...x.scalars.keys()])]);
      assert.ok(!/k3y|secret_loss/.test(text), text);
      assert.equal(
        run.dirs.reduce((n, x) => n + x.scalars.size, 0),
        0,
        `${d.name}: no series read from outside`,
      );
      const refused = run.problems.filter((p) => /leads out of the logdir \(to .*secrets/.test(p.message));
      assert.equal(refused.length, d.name === "run_a" ? 3 : 1, JSON.stringify(run.problems));
    }
    // with links followed, the event file and CSV outside are read; the configuration file still not
    const run = await loadRun(logdir, found[0], { followSymlinks: true });
    assert.ok(run.dirs[0].scalars.has("secret_loss") && run.dirs[0].scalars.has("loss"), [...run.dirs[0].scalars.keys()].join());
    assert.ok(!run.hparams.has("api_key"));
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
