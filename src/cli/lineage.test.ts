// `trainscope lineage` on logdirs written by the project's TF.js recorder (StepRecorder): a
// learning-rate × batch-size × seed grid of real SGD trainings of one tiny regression task, where
// the learning rate drives the validation loss and the batch size does not; a grid over the
// optimizer (categorical) trained for real; and a grid with a non-monotonic optimum in the learning
// rate, whose runs are written by the recorder with a validation loss computed from a known
// function of lr (training until a real optimum appears would be too slow for a test). Also odd
// hyper-parameter values (nested objects, lists, booleans, NaN, a 10 kB string, 500 keys, keys
// missing in some runs) through the real CLI in JSON and CSV.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { parse as parseCsv } from "csv-parse/sync";
import { StepRecorder } from "../recorder/index.ts";
import { loadExperiment } from "../reader/index.ts";
import { buildLineage, lineageImportance, type ImportanceEntry } from "../diagnose/index.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
tf.enableProdMode();
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-lineage-"));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO, "src/cli/main.ts"), ...args], { cwd: REPO });
    let stdout = "",
      stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function useWasm(): Promise<void> {
  if (tf.getBackend() !== "wasm") await tf.setBackend("wasm");
  await tf.ready();
}

const NO_TENSORS = { weights: false, gradients: false, activations: false, gradNorms: false };

/** The task: y = x·w* + 0.5 on 4 inputs; 128 training and 64 validation samples (fixed). */
function task(): { x: tf.Tensor2D; y: tf.Tensor2D; vx: tf.Tensor2D; vy: tf.Tensor2D } {
  const w = tf.tensor2d([[1.5], [-2], [0.7], [1]]);
  const x = tf.randomUniform([128, 4], -1, 1, "float32", 11) as tf.Tensor2D;
  const vx = tf.randomUniform([64, 4], -1, 1, "float32", 12) as tf.Tensor2D;
  return { x, y: tf.add(tf.matMul(x, w), 0.5), vx, vy: tf.add(tf.matMul(vx, w), 0.5) };
}

/**
 * Trains one linear model for real (5 epochs × 5 steps, minibatches of `batch_size` drawn with
 * `seed`; the same initial weights for every run, so that the seed is a repeat, as a data-order seed is)
 * and records it with StepRecorder: train/batch_loss, train/learning_rate, val/epoch_loss, hparams.
 */
async function trainRun(
  dir: string,
  data: ReturnType<typeof task>,
  hp: { lr: number; batch_size: number; seed: number; optimizer?: string },
): Promise<void> {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 1, inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 42 }) }));
  const opt = hp.optimizer === "adam" ? tf.train.adam(hp.lr) : hp.optimizer === "rmsprop" ? tf.train.rmsprop(hp.lr) : tf.train.sgd(hp.lr);
  const rec = new StepRecorder(dir, { flushSecs: 0, collect: NO_TENSORS, hparams: hp }, model);
  let s = hp.seed * 7919;
  const nextIndex = (): number => (s = (s * 16807) % 2147483647) % 128;
  let step = 0;
  for (let epoch = 0; epoch < 5; epoch++) {
    let last = 0;
    for (let k = 0; k < 5; k++, step++) {
      const idx = tf.tensor1d(Array.from({ length: hp.batch_size }, nextIndex), "int32");
      const bx = tf.gather(data.x, idx),
        by = tf.gather(data.y, idx);
      const loss = opt.minimize(() => tf.losses.meanSquaredError(by, model.apply(bx) as tf.Tensor) as tf.Scalar, true)!;
      last = (await loss.data())[0];
      await rec.step(step, { loss: last, lr: hp.lr });
      tf.dispose([idx, bx, by, loss]);
    }
    const vl = tf.tidy(() => tf.losses.meanSquaredError(data.vy, model.apply(data.vx) as tf.Tensor));
    await rec.epoch(epoch, { train: { loss: last }, val: { loss: (await vl.data())[0] } });
    vl.dispose();
  }
  rec.close();
  model.dispose();
  opt.dispose();
}

function entry(entries: ImportanceEntry[], param: string): ImportanceEntry {
  const e = entries.find((x) => x.param === param);
  assert.ok(e, `importance lists ${param}`);
  return e;
}

test("lineage: lr × batch × seed grid trained with the recorder: lr drives the validation loss, batch size does not", async () => {
  await useWasm();
  const root = tmp();
  const data = task();
  for (const lr of [0.003, 0.01, 0.03, 0.1, 0.3])
    for (const batch_size of [8, 32])
      for (const seed of [1, 2, 3]) {
        await trainRun(path.join(root, `lr${lr}_bs${batch_size}_s${seed}`), data, { lr, batch_size, seed });
      }
  tf.dispose(Object.values(data));
  const exp = await loadExperiment(root);
  const table = buildLineage(exp);
  assert.equal(table.runs.length, 30);
  const r0 = table.runs.find((r) => r.run === "lr0.1_bs8_s2")!;
  assert.equal(r0.hparams.lr, 0.1);
  assert.equal(r0.hparams.batch_size, 8);
  assert.match(r0.hparamSources.lr, /^(hparams_json|hparams_plugin): lr0\.1_bs8_s2\//);
  assert.equal(r0.metrics.val_loss.tag, "val/epoch_loss");
  assert.equal(r0.metrics.val_loss.finalStep, 4);
  assert.equal(r0.metrics.train_loss.points, 25);
  assert.equal(r0.steps, 24);
  // best validation loss and its step are those of the recorded curve
  const vs = [
    ...exp.runs
      .find((r) => r.name === "lr0.1_bs8_s2")!
      .dirs.find((d) => d.path.endsWith("val"))!
      .scalars.get("epoch_loss")!.values,
  ];
  assert.equal(r0.metrics.val_loss.best, Math.min(...vs));
  assert.equal(r0.metrics.val_loss.bestStep, vs.indexOf(Math.min(...vs)));
  // the effect is real: the slowest learning rate ends far above the fastest
  const mean = (lr: number): number => {
    const xs = table.runs.filter((r) => r.hparams.lr === lr).map((r) => r.metrics.val_loss.best!);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  assert.ok(mean(0.003) > 3 * mean(0.3), `val loss at lr 0.003 (${mean(0.003)}) ≫ at 0.3 (${mean(0.3)})`);

  const res = lineageImportance(table, "val_loss")!;
  assert.equal(res.n, 30);
  assert.equal(res.entries[0].param, "lr");
  const lr = entry(res.entries, "lr"),
    bs = entry(res.entries, "batch_size"),
    seed = entry(res.entries, "seed");
  assert.equal(lr.kind, "log", "0.003..0.3 spans 2 decades");
  assert.equal(lr.verdict, "matters");
  assert.ok(lr.low > 0.3, `lr band [${lr.low}, ${lr.high}]`);
  assert.equal(bs.verdict, "does not matter", JSON.stringify(bs));
  assert.equal(seed.verdict, "does not matter", JSON.stringify(seed));
  assert.equal(bs.kind, "numeric");

  // the CLI prints the agreed JSON shape
  const out = await cli(["lineage", root, "--json", "--importance", "val_loss"]);
  assert.equal(out.code, 0, out.stderr);
  const doc = JSON.parse(out.stdout) as {
    runs: { run: string; hparams: Record<string, unknown>; metrics: Record<string, unknown>; diagnosis: { worst: string } }[];
    importance: ImportanceEntry[];
  };
  assert.equal(doc.runs.length, 30);
  for (const r of doc.runs) for (const k of ["run", "hparams", "metrics", "diagnosis"]) assert.ok(k in r, k);
  assert.deepEqual(Object.keys(doc.importance[0]).slice(0, 5), ["param", "score", "low", "high", "kind"]);
  assert.equal(doc.importance[0].param, "lr");
  assert.deepEqual(
    doc.importance.map((e) => e.param),
    res.entries.map((e) => e.param),
    "same seed, same ranking",
  );
  const bad = await cli(["lineage", root, "--importance", "val_f1"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /val_f1: no run has this metric \(metrics: train_loss, val_loss, learning_rate\)/);
});

test("lineage: a categorical optimizer drives the loss (real training), the seed does not", async () => {
  await useWasm();
  const root = tmp();
  const data = task();
  for (const optimizer of ["sgd", "adam", "rmsprop"])
    for (const batch_size of [8, 32])
      for (const seed of [1, 2, 3]) {
        await trainRun(path.join(root, `${optimizer}_bs${batch_size}_s${seed}`), data, { lr: 0.1, batch_size, seed, optimizer });
      }
  tf.dispose(Object.values(data));
  const table = buildLineage(await loadExperiment(root), { diagnose: false });
  const res = lineageImportance(table, "val_loss.final")!;
  assert.equal(res.entries[0].param, "optimizer");
  const o = entry(res.entries, "optimizer");
  assert.equal(o.kind, "categorical");
  assert.equal(o.verdict, "matters");
  assert.equal(o.pearson, null, "|Pearson r| cannot rank a categorical parameter");
  assert.equal(entry(res.entries, "seed").verdict, "does not matter");
  assert.equal(entry(res.entries, "batch_size").verdict, "does not matter");
  assert.equal(entry(res.entries, "lr").kind, "constant");
});

test("lineage: a non-monotonic optimum in lr (recorder-written runs, known loss function) is found where |Pearson r| misses it", async () => {
  const root = tmp();
  let s = 5;
  const noise = (): number => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 0.1;
  for (const lr of [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1])
    for (const batch_size of [16, 64])
      for (const seed of [1, 2]) {
        const rec = new StepRecorder(path.join(root, `lr${lr}_bs${batch_size}_s${seed}`), {
          flushSecs: 0,
          collect: NO_TENSORS,
          hparams: { lr, batch_size, seed },
        });
        const floor = 0.2 + 0.3 * (Math.log10(lr) + 2) ** 2; // optimum at lr = 1e-2
        for (let epoch = 0; epoch < 3; epoch++) {
          await rec.step(epoch, { loss: floor + 1 / (epoch + 1) });
          await rec.epoch(epoch, { train: { loss: floor + 1 / (epoch + 1) }, val: { loss: floor + 0.5 / (epoch + 1) + noise() } });
        }
        rec.close();
      }
  const table = buildLineage(await loadExperiment(root), { diagnose: false });
  assert.equal(table.runs.length, 36);
  const res = lineageImportance(table, "val_loss")!;
  const lr = entry(res.entries, "lr");
  assert.equal(res.entries[0].param, "lr");
  assert.equal(lr.verdict, "matters");
  assert.ok(lr.pearson! < 0.2, `|r| = ${lr.pearson}: a U-shape has no linear trend`);
  assert.equal(entry(res.entries, "batch_size").verdict, "does not matter");
  assert.equal(entry(res.entries, "seed").verdict, "does not matter");
});

test("lineage: odd hyper-parameter values show and export without breaking; missing keys are empty, never dropped", async () => {
  const root = tmp();
  const many: Record<string, number> = {};
  for (let i = 0; i < 500; i++) many[`k${String(i).padStart(3, "0")}`] = i;
  const long = "x".repeat(10_000) + ',"quoted"\nnext line';
  const runs: [string, string, string][] = [
    [
      "a",
      "hparams.json",
      JSON.stringify({
        nested: { opt: { name: "adam", betas: [0.9, 0.999] } },
        list: [1, [2, 3], { a: null }],
        flag: true,
        empty: {},
        long,
        many,
      }),
    ],
    ["b", "hparams.yaml", "lr: .nan\nflag: false\nonly_b: 3\nwd: .inf\n"],
  ];
  for (const [name, file, text] of runs) {
    const rec = new StepRecorder(path.join(root, name), { flushSecs: 0, collect: NO_TENSORS });
    for (let i = 0; i < 3; i++) await rec.step(i, { loss: 1 / (i + 1) });
    rec.close();
    fs.writeFileSync(path.join(root, name, file), text);
  }
  // a second source disagreeing about one key: the merged value and the other one are both kept
  fs.writeFileSync(path.join(root, "a", "hparams.yaml"), "flag: false\n");
  const out = await cli(["lineage", root, "--json"]);
  assert.equal(out.code, 0, out.stderr);
  const doc = JSON.parse(out.stdout) as {
    runs: {
      run: string;
      hparams: Record<string, unknown>;
      hparamSources: Record<string, string>;
      hparamConflicts: Record<string, { value: unknown; source: string }[]>;
    }[];
  };
  const a = doc.runs.find((r) => r.run === "a")!,
    b = doc.runs.find((r) => r.run === "b")!;
  assert.equal(Object.keys(a.hparams).length, Object.keys(b.hparams).length, "every run has every key");
  assert.ok(Object.keys(a.hparams).length >= 508);
  assert.equal(a.hparams["nested.opt.name"], "adam");
  assert.equal(a.hparams["nested.opt.betas"], "[0.9,0.999]");
  assert.equal(a.hparams.list, '[1,[2,3],{"a":null}]');
  const flags = [a.hparams.flag, ...a.hparamConflicts.flag.map((c) => c.value)];
  assert.deepEqual(flags.sort(), [false, true]);
  assert.deepEqual([a.hparamSources.flag, ...a.hparamConflicts.flag.map((c) => c.source)].sort(), [
    "hparams_json: a/hparams.json",
    "hparams_yaml: a/hparams.yaml",
  ]);
  assert.equal(b.hparams.flag, false);
  assert.equal(a.hparams.long, long);
  assert.equal(a.hparams["many.k499"], 499);
  assert.equal(b.hparams["many.k499"], null);
  assert.equal(a.hparams.only_b, null);
  assert.equal(b.hparams.only_b, 3);
  assert.equal(b.hparams.lr, "nan");
  assert.equal(b.hparams.wd, "inf");
  assert.equal(b.hparamSources.lr, "hparams_yaml: b/hparams.yaml");
  const csv = await cli(["lineage", root, "--csv"]);
  assert.equal(csv.code, 0, csv.stderr);
  const rows = parseCsv(csv.stdout, { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, 2);
  const ca = rows.find((r) => r.run === "a")!,
    cb = rows.find((r) => r.run === "b")!;
  assert.equal(ca["hparams.long"], long, "10 kB string with comma, quotes and newline survives CSV");
  assert.equal(ca["hparams.only_b"], "");
  assert.equal(cb["hparams.only_b"], "3");
  assert.equal(cb["hparams.lr"], "nan");
  assert.equal(ca["hparams.flag"], String(a.hparams.flag));
  assert.equal(ca["metrics.train_loss.final"], String(Math.fround(1 / 3)));
  const text = await cli(["lineage", root]);
  assert.equal(text.code, 0, text.stderr);
  assert.ok(
    text.stdout.split("\n").every((l) => l.length < 1000),
    "the text table cuts long values",
  );
  // too few runs to tell
  const few = await cli(["lineage", root, "--json", "--importance", "train_loss"]);
  const imp = (JSON.parse(few.stdout) as { importance: ImportanceEntry[] }).importance;
  assert.ok(imp.length > 0 && imp.every((e) => e.verdict === "too few runs to tell" || e.kind === "constant"));
});
