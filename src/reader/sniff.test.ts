// Content-based format detection on real files: Keras CSVLogger's default `training.log` (a
// directory holding only it, and the file given directly), an MMEngine `vis_data/<timestamp>.json`
// JSON-lines log and a renamed copy of it, a real event file, and the skipped files listed with
// what they look like (MMEngine's text log, HF's `all_results.json`).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadExperiment } from "./logdir.ts";
import { decideFormat, sniffBytes, sniffFile } from "./sniff.ts";
import { runScalars } from "../model/index.ts";
import { FIXTURES_DIR, withTempDir } from "./reader_test_util.ts";
import { inspectText } from "../cli/index.ts";

const REAL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures/realworld");
const SHARED_REAL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/realworld/logs");

function copy(from: string, root: string, rel: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.copyFileSync(from, path.join(root, rel));
}

test("Keras CSVLogger's default training.log is read as CSV, in a directory and given directly", async () => {
  const file = path.join(REAL, "braincnn-keras1/training.log");
  const s = await sniffFile(file, fs.statSync(file).size);
  assert.equal(s.kind, "csv");
  assert.match(s.looksLike, /columns epoch, acc, loss/);
  for (const p of [path.join(REAL, "braincnn-keras1"), file]) {
    const exp = await loadExperiment(p);
    assert.equal(exp.runs.length, 1, p);
    const sc = runScalars(exp.runs[0]);
    const loss = sc.get("loss")!;
    // numbers of RUNS.md (tools/runs.py): loss 0.291 -> 0.05914 (n=25), acc 0.9248 -> 0.9854
    assert.equal(loss.length, 25);
    assert.equal(loss.values[0], 0.29101462915570786);
    assert.ok(Math.abs(loss.values[24] - 0.05914) < 5e-6);
    assert.ok(Math.abs(sc.get("acc")!.values[0] - 0.9248) < 5e-5);
    assert.deepEqual([loss.steps[0], loss.steps[24]], [0, 24]);
    assert.deepEqual(exp.runs[0].problems, []);
  }
});

test("MMEngine vis_data/<timestamp>.json and a renamed scalars.json are JSON-lines logs; a text log is skipped with what it looks like", async () => {
  const src = path.join(
    REAL,
    "mmseg-kachusov/logs/Dataset_128_CrossEntropyLoss_Adam_bsize_2/20240609_135016/vis_data/20240609_135016.json",
  );
  await withTempDir(async (root) => {
    copy(src, root, "work/20240609_135016/vis_data/20240609_135016.json");
    copy(src, root, "renamed/my_scalars_backup.json");
    fs.writeFileSync(
      path.join(root, "work/20240609_135016/20240609_135016.log"),
      "2024/06/09 13:50:16 - mmengine - INFO - \n------------------------------------------------------------\nSystem environment:\n",
    );
    const exp = await loadExperiment(root);
    assert.deepEqual(exp.runs.map((r) => r.name).sort(), ["renamed", "work/20240609_135016"]);
    for (const run of exp.runs) {
      assert.equal(
        run.dirs.flatMap((d) => d.sources).every((s) => s.format === "json_log"),
        true,
      );
      assert.equal(run.dirs.flatMap((d) => [...d.scalars.values()]).find((x) => x.tag === "loss")?.length, 6);
    }
    assert.deepEqual(exp.skipped, [
      {
        file: "work/20240609_135016/20240609_135016.log",
        reason: 'not a training log: the content is plain text ("2024/06/09 13:50:16 - mmengine - INFO -"), not CSV, JSON or YAML',
      },
    ]);
    assert.match(inspectText(exp), /skipped files \(1\):\n {2}work\/20240609_135016\/20240609_135016\.log: not a training log/);
    // the text log given by name: the message says what it looks like
    const one = await loadExperiment(path.join(root, "work/20240609_135016/20240609_135016.log"));
    assert.deepEqual(one.runs, []);
    assert.deepEqual(
      one.problems.map((p) => [p.code, p.message.slice(0, 48)]),
      [["unknown_format", 'not a training log: the content is plain text ("']],
    );
  });
});

test("an event file is recognised by its framing whatever its name; a file that is nothing readable says what it looks like", async (t) => {
  const ev = path.join(FIXTURES_DIR, "tensorboard/tfevents-js/events.out.tfevents.1687811641.v2");
  if (!fs.existsSync(ev)) {
    t.skip("../shared/fixtures absent");
    return;
  }
  const s = await sniffFile(ev, fs.statSync(ev).size);
  assert.equal(s.kind, "tfrecord");
  assert.match(s.looksLike, /brain\.Event:2/);
  assert.deepEqual(decideFormat(undefined, s), { format: "tfevents" });
  await withTempDir(async (root) => {
    copy(ev, root, "run/renamed.bin.log");
    fs.writeFileSync(path.join(root, "run/events.out.tfevents.1.host"), "step,loss\n0,1.5\n1,1.2\n");
    fs.writeFileSync(path.join(root, "run/blob.dat"), Buffer.from([0, 1, 2, 3, 0, 0, 0, 9, 200, 201, 0, 0, 0, 0]));
    const exp = await loadExperiment(root);
    assert.equal(exp.runs.length, 1);
    const run = exp.runs[0];
    const formats = run.dirs.flatMap((d) => d.sources.map((x) => `${x.path}=${x.format}`)).sort();
    assert.deepEqual(formats, ["run/events.out.tfevents.1.host=csv", "run/renamed.bin.log=tfevents"]);
    assert.equal(runScalars(run).get("loss")?.length, 2);
    assert.ok(run.problems.some((p) => p.code === "sniffed" && /name suggests tfevents/.test(p.message)));
    assert.equal(exp.skipped?.length, 1);
    assert.match(exp.skipped![0].reason, /^not a training log: the content is binary data \(first bytes 00 01 02 03 00 00 00 09\)/);
  });
});

test("HF's all_results.json is listed as skipped with its keys", async (t) => {
  const dir = path.join(SHARED_REAL, "whisper-small-hi");
  if (!fs.existsSync(dir)) {
    t.skip("../shared/realworld absent");
    return;
  }
  const exp = await loadExperiment(dir);
  assert.deepEqual(
    exp.runs.map((r) => r.name),
    ["."],
  );
  const reasons = new Map((exp.skipped ?? []).map((f) => [f.file, f.reason]));
  assert.deepEqual([...reasons.keys()].sort(), ["all_results.json", "eval_results.json", "train_results.json"]);
  assert.match(reasons.get("all_results.json")!, /^a JSON object \(keys epoch, eval_loss/);
});

test("sniffing: JSON lines vs one object, CSV vs YAML, headerless tables", () => {
  const b = (t: string) => Buffer.from(t);
  const k = (t: string, hint?: Parameters<typeof sniffBytes>[2]) => sniffBytes(b(t), b(t).length, hint).kind;
  assert.equal(k('{"loss": 1.0, "step": 1}\n{"loss": 0.5, "step": 2}\n'), "json_lines");
  assert.equal(k('{"lr": 0.1, "batch_size": 32}'), "json_object");
  assert.equal(k('{"loss": 1.0, "step": 1}'), "json_lines");
  assert.equal(k('{"loss": 1.0, "step": 1}', "hparams_json"), "json_object");
  assert.equal(k('{\n  "log_history": [\n  ]\n}\n'), "json_object");
  assert.equal(k('{"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}'), "json_records");
  assert.equal(k("epoch,loss\n0,1.0\n"), "csv");
  assert.equal(k("epoch;loss\r\n0;1,0\r\n"), "csv");
  assert.equal(k("epoch,loss\n"), "csv");
  assert.equal(k("name,comment\nfoo,bar\n"), "text");
  assert.equal(k("0.1\t0.2\n0.3\t0.4\n"), "text");
  assert.equal(k("lr: 0.1\nbatch_size: 32\n"), "yaml");
  assert.equal(k("names: [a, b]\nnc: 2\n", "hparams_yaml"), "yaml");
  assert.equal(Object.hasOwn(decideFormat(undefined, sniffBytes(b("lr: 0.1\n"), 8)), "skip"), true);
  assert.deepEqual(decideFormat("hparams_yaml", sniffBytes(b("lr: 0.1\n"), 8)), { format: "hparams_yaml" });
});

test("a JSON-lines log whose first line is longer than the bytes sniffed (Ray Tune's nested results) is still JSON lines", () => {
  const line = JSON.stringify({
    episode_reward_mean: 10,
    training_iteration: 1,
    hist_stats: { episode_reward: Array.from({ length: 9000 }, (_, i) => i) },
    timesteps_total: 4000,
  });
  const text = Buffer.from(`${line}\n${line}\n`);
  const head = text.subarray(0, 32768);
  assert.ok(line.length > head.length);
  assert.equal(sniffBytes(head, text.length).kind, "json_lines");
  assert.equal(sniffBytes(head, text.length, "hparams_json").kind, "json_object");
  // Ray Tune's own name says so whatever the first keys are
  assert.deepEqual(
    decideFormat("json_log", sniffBytes(Buffer.from(`{"custom_metrics": {}, "x": "${"y".repeat(40000)}"}\n`).subarray(0, 32768), 40100)),
    { format: "json_log" },
  );
});
