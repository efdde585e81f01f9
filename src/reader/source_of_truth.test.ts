// One source of truth per series, on real files: Ultralytics' results.csv (yolov8-dental) beside an
// event file cut three epochs short keeps the CSV; YOLOv5's space-padded results.csv beside its
// event file gives each curve once; a HuggingFace output directory (trainer_state.json of
// whisper-small-hi at the root, copies in last-checkpoint/ and checkpoint-N/, TensorBoard files
// in logs/) is one run with every curve once. The event files here are written by trainscope's
// SummaryWriter (the TensorBoard event format) with the tags the tools write.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SummaryWriter } from "../recorder/index.ts";
import { loadExperiment, refreshRun } from "./logdir.ts";
import { runScalars } from "../model/index.ts";
import { withTempDir } from "./reader_test_util.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REAL = path.resolve(HERE, "../../test/fixtures/realworld");
const SHARED_REAL = path.resolve(HERE, "../../../shared/realworld/logs");

function copy(from: string, root: string, rel: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.copyFileSync(from, path.join(root, rel));
}

function eventFile(dir: string): string {
  return path.join(
    dir,
    fs.readdirSync(dir).find((n) => n.includes("tfevents"))!,
  );
}

test("Ultralytics results.csv beside an event file that lost its last 3 epochs: the CSV is kept, the event file's copy reported", async () => {
  const csv = path.join(REAL, "yolov8-dental/runs/detect/train/results.csv");
  const rows = fs
    .readFileSync(csv, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(","));
  const cols = rows[0];
  await withTempDir(async (root) => {
    copy(csv, root, "runs/detect/train/results.csv");
    copy(path.join(REAL, "yolov8-dental/runs/detect/train/args.yaml"), root, "runs/detect/train/args.yaml");
    // Ultralytics' TensorBoard callback logs the same columns per epoch; this file ends 3 epochs early
    const w = new SummaryWriter(path.join(root, "runs/detect/train"), { flushSecs: 0 });
    for (const r of rows.slice(1, rows.length - 3)) for (let c = 2; c < cols.length; c++) w.addScalar(cols[c], Number(r[c]), Number(r[0]));
    w.close();
    const exp = await loadExperiment(root);
    assert.deepEqual(
      exp.runs.map((r) => r.name),
      ["runs/detect/train"],
    );
    const run = exp.runs[0];
    const sc = runScalars(run);
    const box = sc.get("train/box_loss")!;
    assert.equal(box.length, 55);
    assert.equal(box.values[0], 1.85087);
    assert.equal(box.values[54], Number(rows[55][2]));
    assert.equal([...sc.keys()].filter((k) => k.endsWith("box_loss")).length, 2); // train/ and val/, once each
    const dup = run.problems.filter((p) => p.code === "duplicate");
    assert.equal(dup.length, 1);
    assert.equal(dup[0].file, path.relative(root, eventFile(path.join(root, "runs/detect/train"))));
    assert.match(dup[0].message, /^13 series duplicate those of runs\/detect\/train\/results\.csv/);
    assert.match(dup[0].message, /train\/box_loss \(52 point\(s\), steps 1\.\.52; kept: 55 point\(s\), steps 1\.\.55\)/);
    // a re-read with nothing new decides the same way
    assert.equal(await refreshRun(root, run), false);
    assert.equal(runScalars(run).get("train/box_loss")!.length, 55);
    // the CSV grows: its copy, still the more complete, gets the new epoch
    fs.appendFileSync(path.join(root, "runs/detect/train/results.csv"), `56,${rows[55].slice(1).join(",")}\n`);
    assert.equal(await refreshRun(root, run), true);
    const grown = runScalars(run).get("train/box_loss")!;
    assert.equal(grown.length, 56);
    assert.deepEqual([grown.steps[55], grown.values[55]], [56, Number(rows[55][2])]);
    assert.equal(run.problems.filter((p) => p.code === "duplicate").length, 1);
  });
});

test("YOLOv5 results.csv: space-padded names are trimmed, every curve once beside the event file", async (t) => {
  const dir = path.join(SHARED_REAL, "yolov5-lego");
  if (!fs.existsSync(dir)) {
    t.skip("../shared/realworld absent");
    return;
  }
  const exp = await loadExperiment(dir);
  const run = exp.runs[0];
  const keys = [...runScalars(run).keys()];
  assert.equal(
    keys.some((k) => k !== k.trim()),
    false,
  );
  assert.equal(new Set(keys).size, keys.length);
  assert.deepEqual(keys.filter((k) => /box_loss|mAP_0\.5:0\.95|lr0/.test(k)).sort(), [
    "metrics/mAP_0.5:0.95",
    "train/box_loss",
    "val/box_loss",
    "x/lr0",
  ]);
  const box = runScalars(run).get("train/box_loss")!;
  // RUNS.md (tools/runs.py, from results.csv): 0.0661 -> 0.01038 (n=50)
  assert.equal(box.length, 50);
  assert.ok(Math.abs(box.values[0] - 0.0661) < 5e-5 && Math.abs(box.values[49] - 0.01038) < 5e-6);
  assert.ok(run.problems.some((p) => p.code === "duplicate" && p.file === "runs/train/exp/results.csv"));
});

test("a HuggingFace output directory (trainer_state.json, last-checkpoint/, checkpoint-N/, events in logs/) is one run, each curve once", async () => {
  const state = path.join(REAL, "whisper-small-hi/trainer_state.json");
  const history = (JSON.parse(fs.readFileSync(state, "utf8")) as { log_history: Record<string, number>[] }).log_history;
  await withTempDir(async (root) => {
    copy(state, root, "out/trainer_state.json");
    copy(state, root, "out/last-checkpoint/trainer_state.json");
    copy(state, root, "out/checkpoint-4000/trainer_state.json");
    fs.writeFileSync(path.join(root, "out/last-checkpoint/optimizer.pt"), Buffer.alloc(64));
    // the TensorBoard callback's file (logging_dir=out/logs) stopped after the first 100 logging steps
    const w = new SummaryWriter(path.join(root, "out/logs"), { flushSecs: 0 });
    for (const e of history.filter((x) => "loss" in x).slice(0, 100)) w.addScalar("train/loss", e.loss, e.step);
    for (const e of history.filter((x) => "eval_wer" in x)) w.addScalar("eval/wer", e.eval_wer, e.step);
    w.close();
    const exp = await loadExperiment(root);
    assert.deepEqual(
      exp.runs.map((r) => r.name),
      ["out"],
    );
    const sc = runScalars(exp.runs[0]);
    // RUNS.md: loss 0.8917 -> 0.0002 (n=200), from trainer_state.json
    const loss = sc.get("train/loss")!;
    assert.equal(loss.length, 200);
    assert.deepEqual([loss.values[0], loss.values[199]], [0.8917, 0.0002]);
    assert.equal(sc.has("logs/train/loss"), false);
    // the eval curve is as complete in both: the event file's copy is kept, trainer_state.json's reported
    assert.equal(sc.get("logs/eval/wer")?.length, 5);
    assert.equal(sc.has("eval/wer"), false);
    const dups = exp.runs[0].problems
      .filter((p) => p.code === "duplicate")
      .map((p) => p.file)
      .sort();
    assert.deepEqual(dups, [path.relative(root, eventFile(path.join(root, "out/logs"))), "out/trainer_state.json"]);
    const skipped = new Map((exp.skipped ?? []).map((f) => [f.file, f.reason]));
    assert.match(
      skipped.get("out/last-checkpoint/trainer_state.json")!,
      /^duplicate: a checkpoint's copy of trainer_state\.json; out\/trainer_state\.json is read/,
    );
    assert.match(skipped.get("out/checkpoint-4000/trainer_state.json")!, /^duplicate/);
    assert.match(skipped.get("out/last-checkpoint/optimizer.pt")!, /by its name \(\.pt file\)/);
  });
});

test("a Keras History saved twice with pandas (history.csv with its index column, history.json from to_json()) is one run with each curve once", async () => {
  const exp = await loadExperiment(path.join(REAL, "dogbreed-keras"));
  assert.deepEqual(
    exp.runs.map((r) => r.name),
    ["."],
  );
  const run = exp.runs[0];
  const sc = runScalars(run);
  assert.deepEqual([...sc.keys()], ["loss", "accuracy", "val_loss", "val_accuracy"]);
  // RUNS.md: loss 2.175 -> 1.596 (n=20), val_loss 2.867 -> 2.992
  const loss = sc.get("loss")!;
  assert.equal(loss.length, 20);
  assert.equal(loss.values[0], 2.1746535301208496);
  assert.ok(Math.abs(loss.values[19] - 1.596) < 5e-4 && Math.abs(sc.get("val_loss")!.values[19] - 2.992) < 5e-4);
  assert.deepEqual(
    run.problems.map((p) => [p.file, p.code]),
    [["history.json", "duplicate"]],
  );
  assert.ok(run.dirs[0].copies.get("history.json\u0000loss")!.length === 20);
});

test("HF: a last-checkpoint/trainer_state.json with more history than the output directory's copy is the one read", async () => {
  const state = JSON.parse(fs.readFileSync(path.join(REAL, "whisper-small-hi/trainer_state.json"), "utf8")) as { log_history: unknown[] };
  await withTempDir(async (root) => {
    fs.mkdirSync(path.join(root, "out/last-checkpoint"), { recursive: true });
    // the output directory's copy was saved at step 2500 (half of the history), the run went on
    const half = { ...state, log_history: state.log_history.slice(0, 103) };
    fs.writeFileSync(path.join(root, "out/trainer_state.json"), JSON.stringify(half, null, 2));
    copy(path.join(REAL, "whisper-small-hi/trainer_state.json"), root, "out/last-checkpoint/trainer_state.json");
    const exp = await loadExperiment(root);
    assert.deepEqual(
      exp.runs.map((r) => r.name),
      ["out"],
    );
    assert.equal(runScalars(exp.runs[0]).get("train/loss")!.length, 200);
    assert.equal(exp.runs[0].dirs[0].sources.map((s) => s.path).join(), "out/last-checkpoint/trainer_state.json");
    assert.match(
      new Map((exp.skipped ?? []).map((f) => [f.file, f.reason])).get("out/trainer_state.json")!,
      /^duplicate: out\/last-checkpoint\/trainer_state\.json holds more history/,
    );
  });
});

test("Ultralytics' event file with a second value at the last epoch (best.pt's final validation): results.csv, one value per epoch, is kept", async () => {
  const csv = path.join(REAL, "yolov8-dental/runs/detect/train/results.csv");
  const rows = fs
    .readFileSync(csv, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(","));
  const cols = rows[0];
  const map = cols.findIndex((c) => c.trim() === "metrics/mAP50-95(B)");
  await withTempDir(async (root) => {
    copy(csv, root, "runs/detect/train/results.csv");
    const w = new SummaryWriter(path.join(root, "runs/detect/train"), { flushSecs: 0 });
    for (const r of rows.slice(1)) for (let c = 1; c < cols.length; c++) w.addScalar(cols[c].trim(), Number(r[c]), Number(r[0]));
    const last = Number(rows[rows.length - 1][0]);
    w.addScalar("metrics/mAP50-95(B)", 0.9614, last); // the final validation of best.pt, at the last epoch's step
    w.close();
    const run = (await loadExperiment(root)).runs[0];
    const s = runScalars(run).get("metrics/mAP50-95(B)")!;
    assert.equal(s.length, rows.length - 1);
    assert.equal(s.values[s.length - 1], Number(rows[rows.length - 1][map]));
    // per series: the other columns are equally complete in both (the event file is kept for them)
    const dup = run.problems.find((p) => p.code === "duplicate" && /duplicate those of runs\/detect\/train\/results\.csv/.test(p.message));
    assert.ok(dup && /^1 series .*metrics\/mAP50-95\(B\) \(\d+ point\(s\)/.test(dup.message), dup?.message);
  });
});
