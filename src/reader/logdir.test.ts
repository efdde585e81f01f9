// Log directory discovery and grouping into runs (the manifest's run groups), loadExperiment,
// hyper-parameter merging, bad input as problems, refreshRun on growing runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { RunDir, type TrainingRun } from "../model/index.ts";
import { discoverLogdir, discoverRuns, loadExperiment, loadRun, mergeHParams, refreshRun } from "./index.ts";
import { FIXTURES_DIR, manifest, withTempDir } from "./reader_test_util.ts";

function write(root: string, rel: string, content: string | Buffer = "x"): void {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
}

test("discoverRuns on the fixtures reproduces every run group of the manifest (dirs and files)", async () => {
  const runs = await discoverRuns(FIXTURES_DIR);
  const groups = manifest().run_groups;
  assert.ok(groups.length >= 10);
  for (const g of groups) {
    const r = runs.find((x) => x.name === g.run);
    assert.ok(r, `run ${g.run} found`);
    assert.deepEqual(r.dirs, [...g.dirs].sort(), `${g.run} dirs`);
    assert.deepEqual(
      r.files.map((f) => f.path),
      [...g.files].sort(),
      `${g.run} files`,
    );
    for (const other of g.other_files_below ?? []) {
      assert.ok(!runs.some((x) => x.files.some((f) => f.path === other)), `${other} is not a log file of any run`);
    }
  }
  // No directory of a group is a run of its own.
  const memberDirs = new Set(groups.flatMap((g) => g.dirs.filter((d) => d !== g.run)));
  assert.ok(!runs.some((r) => memberDirs.has(r.name)));
  // Every manifest event file belongs to exactly one run.
  const all = runs.flatMap((r) => r.files.map((f) => f.path));
  assert.equal(new Set(all).size, all.length);
  for (const f of manifest().files) assert.ok(all.includes(f.path), f.path);
});

test("grouping: Keras train/+validation/, TF.js val/, add_scalars siblings, add_hparams dir, Lightning versions, CSV above", async () => {
  await withTempDir(async (root) => {
    write(root, "keras/logs/history.csv", "epoch,loss\n0,1\n");
    write(root, "keras/logs/train/events.out.tfevents.1700000000.host.1.v2");
    write(root, "keras/logs/validation/events.out.tfevents.1700000001.host.1.v2");
    write(root, "tfjs/train/events.out.tfevents.1700000000.h");
    write(root, "tfjs/val/events.out.tfevents.1700000000.h");
    write(root, "torch/runs/exp1/events.out.tfevents.1700000000.my.host.42.0");
    write(root, "torch/runs/exp1/Loss_train/events.out.tfevents.1700000001.my.host.42.1");
    write(root, "torch/runs/exp1/Loss_val/events.out.tfevents.1700000001.my.host.42.2");
    write(root, "torch/runs/exp1/1700000099.123456/events.out.tfevents.1700000099.my.host.42.3");
    write(root, "torch/runs/exp2/events.out.tfevents.1700000000.my.host.43.0");
    write(root, "lightning_logs/version_0/events.out.tfevents.1.h.1.0");
    write(root, "lightning_logs/version_0/hparams.yaml", "lr: 0.1\n");
    write(root, "lightning_logs/version_1/metrics.csv", "epoch,step,loss\n0,0,1\n");
    write(root, "lightning_logs/version_1/hparams.yaml", "lr: 0.2\n");
    write(root, "guild/run1/hparams.json", '{"lr": 1}');
    write(root, "guild/run1/tb/events.out.tfevents.1700000000.h");
    write(root, "ms/events.out.events.summary.1718001234.0.host_MS");
    write(root, "ms/events.out.events.summary.1718001234.0.host_lineage");
    write(root, "unrelated/notes.txt");
    const runs = await discoverRuns(root);
    const byName = Object.fromEntries(runs.map((r) => [r.name, r.dirs]));
    assert.deepEqual(byName, {
      "guild/run1": ["guild/run1", "guild/run1/tb"],
      "keras/logs": ["keras/logs", "keras/logs/train", "keras/logs/validation"],
      "lightning_logs/version_0": ["lightning_logs/version_0"],
      "lightning_logs/version_1": ["lightning_logs/version_1"],
      ms: ["ms"],
      tfjs: ["tfjs/train", "tfjs/val"],
      "torch/runs/exp1": ["torch/runs/exp1", "torch/runs/exp1/1700000099.123456", "torch/runs/exp1/Loss_train", "torch/runs/exp1/Loss_val"],
      "torch/runs/exp2": ["torch/runs/exp2"],
    });
    const ms = runs.find((r) => r.name === "ms")!;
    assert.deepEqual(
      ms.files.map((f) => f.format),
      ["mindspore_summary", "mindspore_lineage"],
    );
  });
});

test("a sibling directory of another writer (other host or written earlier) is a run of its own", async () => {
  await withTempDir(async (root) => {
    write(root, "events.out.tfevents.1700000500.hostA.1.0");
    write(root, "run_b/events.out.tfevents.1700000600.hostB.2.0");
    write(root, "run_c/events.out.tfevents.1600000000.hostA.3.0");
    const names = (await discoverRuns(root)).map((r) => r.name);
    assert.deepEqual(names, [".", "run_b", "run_c"]);
  });
});

test("loadExperiment: CSV + hparams runs load with data, hyper-parameters, roles and no problems", async () => {
  const exp = await loadExperiment(path.join(FIXTURES_DIR, "generated/lightning/csv"));
  assert.equal(exp.runs.length, 1);
  const run = exp.runs[0];
  assert.equal(run.name, "lightning_logs/version_0");
  assert.deepEqual(run.problems, []);
  const yamlEntry = manifest().generated_files.find((f) => f.path === "generated/lightning/csv/lightning_logs/version_0/hparams.yaml")!;
  const expected = yamlEntry.hparams as Record<string, unknown>;
  assert.deepEqual(Object.fromEntries([...run.hparams].map(([k, h]) => [k, h.value])), expected);
  assert.ok([...run.hparams.values()].every((h) => h.source === "lightning_logs/version_0/hparams.yaml"));
  assert.ok(run.roles.some((r) => r.key === "train_loss_step" && r.role === "train_loss"));
  assert.equal(run.dirs[0].sources.length, 2);
});

test("hyper-parameters merge one value per name with its source; disagreeing values are kept as conflicts", () => {
  const a = new RunDir("r");
  a.hparams.push({ name: "lr", value: 0.1, sourceKind: "hparams_yaml", source: "r/hparams.yaml" });
  a.hparams.push({ name: "hidden", value: 8, sourceKind: "hparams_yaml", source: "r/hparams.yaml" });
  const b = new RunDir("r/123.4");
  b.hparams.push({ name: "lr", value: 0.1, sourceKind: "hparams_plugin", source: "r/123.4/events" });
  b.hparams.push({ name: "hidden", value: 16, sourceKind: "hparams_plugin", source: "r/123.4/events" });
  const run: TrainingRun = { name: "r", dirs: [a, b], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
  mergeHParams(run);
  assert.equal(run.hparams.size, 2);
  assert.equal(run.hparams.get("lr")!.sourceKind, "hparams_plugin");
  assert.equal(run.hparams.get("hidden")!.value, 16);
  assert.deepEqual(
    run.hparamConflicts.map((h) => [h.value, h.sourceKind]),
    [
      [16, "hparams_plugin"],
      [8, "hparams_yaml"],
    ],
  );
});

test("bad input: missing path, empty dir, 0-byte file, non-log file: problems, other runs still load", async () => {
  const missing = await loadExperiment("/nonexistent/trainscope/logs");
  assert.equal(missing.runs.length, 0);
  assert.equal(missing.problems[0].code, "io");
  assert.match(missing.problems[0].message, /no such file/);

  await withTempDir(async (root) => {
    const empty = await loadExperiment(root);
    assert.equal(empty.runs.length, 0);
    assert.equal(empty.problems[0].code, "empty");

    write(root, "good/history.csv", "epoch,loss\n0,1.5\n1,1.0\n");
    write(root, "zero/events.out.tfevents.1700000000.h", "");
    write(root, "zero_csv/log.csv", "");
    write(root, "bad/hparams.json", "not json");
    const exp = await loadExperiment(root);
    const byName = Object.fromEntries(exp.runs.map((r) => [r.name, r]));
    assert.deepEqual(Object.keys(byName).sort(), ["bad", "good", "zero", "zero_csv"]);
    assert.equal(byName.good.failed, undefined);
    assert.deepEqual([...byName.good.dirs[0].scalars.get("loss")!.values], [1.5, 1.0]);
    assert.equal(byName.zero.failed, true);
    assert.deepEqual(
      byName.zero.problems.map((p) => [p.file, p.offset, p.code]),
      [["zero/events.out.tfevents.1700000000.h", 0, "empty"]],
    );
    assert.equal(byName.zero_csv.failed, true);
    assert.equal(byName.bad.failed, true);
    assert.equal(byName.bad.problems[0].code, "hparams");
    assert.equal(byName.bad.problems[0].file, "bad/hparams.json");
  });
});

test("one file given as PATH is read as a run named '.'", async () => {
  const f = manifest().generated_files.find((x) => x.format === "csv" && /pandas/.test(x.writer))!;
  const exp = await loadExperiment(path.join(FIXTURES_DIR, f.path));
  assert.equal(exp.runs.length, 1);
  assert.equal(exp.runs[0].name, ".");
  assert.equal(exp.runs[0].dirs[0].path, ".");
  assert.equal(exp.runs[0].dirs[0].sources[0].path, path.basename(f.path));
  assert.equal(exp.root, path.dirname(path.join(FIXTURES_DIR, f.path)));
});

test("refreshRun reads only new lines of a growing CSV, new files and new member directories", async () => {
  await withTempDir(async (root) => {
    write(root, "exp/history.csv", "epoch,loss,val_loss\r\n0,2.0,2.1\r\n");
    const disc = await discoverLogdir(root);
    const run = await loadRun(disc.root, disc.runs[0]);
    assert.equal(run.name, "exp");
    assert.equal(await refreshRun(root, run), false, "nothing new");
    fs.appendFileSync(path.join(root, "exp/history.csv"), "1,1.5,1.8\r\n2,1.0");
    assert.equal(await refreshRun(root, run), true);
    const loss = run.dirs[0].scalars.get("loss")!;
    assert.deepEqual([...loss.values], [2.0, 1.5]);
    fs.appendFileSync(path.join(root, "exp/history.csv"), ",1.6\r\n");
    write(root, "exp/hparams.yaml", "lr: 0.01\n");
    assert.equal(await refreshRun(root, run), true);
    assert.deepEqual([...loss.values], [2.0, 1.5, 1.0]);
    assert.equal(run.hparams.get("lr")!.value, 0.01);
    write(root, "exp/validation/log.csv", "step,acc\n0,0.5\n");
    assert.equal(await refreshRun(root, run), true);
    assert.deepEqual(
      run.dirs.map((d) => d.path),
      ["exp", "exp/validation"],
    );
    assert.ok(run.roles.some((r) => r.key === "validation/acc" && r.role === "val_accuracy"));
    assert.equal(await refreshRun(root, run), false);
  });
});
