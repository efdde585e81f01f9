// Loggers' layouts and axes: MMEngine validation records on the iteration axis with validation roles
// (real mmpose / mmpretrain / mmsegmentation logs), step units, several Keras CSVLogger trainings in
// one directory as separate runs (real voice-id-keras logs), fastai's `time` column, and a Ray Tune
// trial directory. Files for layouts the corpus lacks are built byte-for-byte from the writers'
// documented formats, as the comments say.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SummaryWriter } from "../recorder/index.ts";
import { discoverLogdir, loadExperiment, loadRun, refreshRun } from "./logdir.ts";
import { preferredRoleKeys, runScalars, type ScalarSeries, type TrainingRun } from "../model/index.ts";
import { withTempDir } from "./reader_test_util.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REAL = path.resolve(HERE, "../../test/fixtures/realworld");
const SHARED_REAL = path.resolve(HERE, "../../../shared/realworld/logs");

function byTag(run: TrainingRun, tag: string): ScalarSeries | undefined {
  return run.dirs.flatMap((d) => [...d.scalars.values()]).find((s) => s.tag === tag);
}

test("MMEngine: validation records (step = epoch) on the training records' iteration axis, with validation roles", async (t) => {
  const dir = path.join(SHARED_REAL, "openmmlab-camp");
  if (!fs.existsSync(dir)) {
    t.skip("../shared/realworld absent");
    return;
  }
  const exp = await loadExperiment(dir);
  assert.deepEqual(
    exp.runs.map((r) => r.name),
    ["20230605_200941", "vis_data"],
  );
  // mmpretrain: 59 epochs, `accuracy/top1` after each; the training records log epoch 1 up to iter 69
  const pre = exp.runs[1];
  const top1 = byTag(pre, "accuracy/top1")!;
  assert.equal(top1.length, 59);
  assert.equal(top1.steps[0], 69);
  assert.equal(top1.phase, "val");
  assert.equal(top1.unit, "iteration");
  const loss = byTag(pre, "loss")!;
  assert.equal(loss.unit, "iteration");
  assert.equal(top1.steps[58], loss.steps[loss.length - 1]);
  // RUNS.md: accuracy/top1 43.14 -> 94.16 (n=59), loss 1.715 -> 0.05789 (n=59)
  assert.ok(Math.abs(top1.values[0] - 43.14) < 0.005 && Math.abs(top1.values[58] - 94.16) < 0.005);
  const roles = preferredRoleKeys(pre.roles);
  assert.equal(roles.val_accuracy, "accuracy/top1");
  assert.equal(roles.train_loss, "loss");
  // the validation records' `time` is not the training records' `time`
  assert.equal(byTag(pre, "time")!.length, 59);
  assert.equal(byTag(pre, "val/time")!.length, 59);
  // mmpose: PCK every 10 epochs, a validation metric on the iteration axis
  const pose = exp.runs[0];
  const pck = byTag(pose, "PCK")!;
  assert.equal(pck.length, 13);
  assert.equal(pck.phase, "val");
  assert.ok(pose.roles.some((r) => r.key === "vis_data/PCK" && r.role === "val_metric"));
  assert.ok(pck.steps[12] <= byTag(pose, "loss")!.steps[byTag(pose, "loss")!.length - 1]);
});

test("MMSeg (copied real files): one run; validation metrics are validation series", async () => {
  const exp = await loadExperiment(path.join(REAL, "mmseg-kachusov"));
  assert.deepEqual(
    exp.runs.map((r) => r.name),
    ["."],
  );
  const run = exp.runs[0];
  const miou = runScalars(run);
  const found = [...miou.entries()].filter(([k]) => k.endsWith("mIoU"));
  assert.equal(found.length, 1, found.map(([k]) => k).join(" "));
  assert.equal(found[0][1].phase, "val");
  assert.ok(run.roles.some((r) => r.key === found[0][0] && r.role === "val_metric"));
  assert.equal(run.problems.filter((p) => p.code === "duplicate").length >= 2, true);
});

test("several Keras CSVLogger trainings in one directory are separate runs named by their files; a run of one file refreshes", async () => {
  await withTempDir(async (root) => {
    for (const f of fs.readdirSync(path.join(REAL, "voice-id-keras")))
      fs.copyFileSync(path.join(REAL, "voice-id-keras", f), path.join(root, f));
    const disc = await discoverLogdir(root);
    assert.deepEqual(
      disc.runs.map((r) => r.name),
      ["intro_training.log", "oci_training.log", "speaker10_training.log", "speaker250_training.log", "training.log"],
    );
    const run = await loadRun(disc.root, disc.runs[3]);
    const sc = runScalars(run);
    // RUNS.md speaker250: loss 4.883 -> 1.663 (n=50), val_loss 4.211 -> 5.489
    assert.deepEqual([...sc.keys()].sort(), ["acc", "loss", "val_acc", "val_loss"]);
    assert.equal(sc.get("loss")!.length, 50);
    assert.equal(sc.get("loss")!.unit, "epoch");
    assert.ok(Math.abs(sc.get("val_loss")!.values[49] - 5.489) < 5e-4);
    assert.equal(await refreshRun(root, run), false);
    fs.appendFileSync(path.join(root, "speaker250_training.log"), "50,0.88,1.6,0.2,5.5\r\n");
    fs.utimesSync(path.join(root, "speaker250_training.log"), new Date(Date.now() - 10_000), new Date(Date.now() - 10_000));
    assert.equal(await refreshRun(root, run), true);
    assert.equal(runScalars(run).get("loss")!.length, 51);
  });
});

test("fastai CSVLogger history.csv: the mm:ss time column is each epoch's duration, not a wall time", async () => {
  // Built from fastai's CSVLogger: header ','.join(recorder.metric_names) ('epoch', 'train_loss',
  // 'valid_loss', the metrics, 'time'), then per epoch ','.join(str(t) for t in log) with the
  // epoch's duration as format_time writes it (mm:ss, or h:mm:ss past an hour).
  await withTempDir(async (root) => {
    fs.mkdirSync(path.join(root, "models"));
    fs.writeFileSync(
      path.join(root, "models/history.csv"),
      "epoch,train_loss,valid_loss,accuracy,time\n0,0.9123456789,0.7012345,0.7345678,04:39\n1,0.61234,0.5523,0.8012,04:41\n2,0.45,0.49,0.83,1:02:03\n",
    );
    const run = (await loadExperiment(root)).runs[0];
    const sc = runScalars(run);
    assert.deepEqual([...sc.get("time")!.values], [279, 281, 3723]);
    assert.ok([...sc.get("valid_loss")!.wallTimes].every((w) => Number.isNaN(w)));
    assert.equal(sc.get("valid_loss")!.unit, "epoch");
    assert.equal(run.dirs[0].sources[0].info?.wallTimeColumn, "(none)");
  });
});

test("a Ray Tune trial: result.json, progress.csv and the tensorboardX file are one run, each curve once, on the timesteps axis", async () => {
  // Built from Ray Tune's loggers: result.json gets json.dump(result) + "\n" per result (nested
  // dicts kept), progress.csv a csv.DictWriter row ("\r\n") of the result flattened with '/', the
  // tensorboardX file add_scalar("ray/tune/<flattened key>", v, step = timesteps_total or
  // training_iteration) without config, pid, timestamp, time_total_s, training_iteration;
  // params.json is json.dumps(config, indent=2, sort_keys=True).
  await withTempDir(async (root) => {
    const trial = path.join(root, "PPO_2023-11-14/PPO_CartPole-v1_a1b2c_00000_0_lr=0.0001");
    fs.mkdirSync(trial, { recursive: true });
    const results = [1, 2, 3, 4].map((i) => ({
      episode_reward_mean: 20 + 10 * i,
      episode_len_mean: 20 + 10 * i,
      timesteps_total: 4000 * i,
      done: i === 4,
      training_iteration: i,
      trial_id: "a1b2c_00000",
      date: `2023-11-14_12-00-0${i}`,
      timestamp: 1699963200 + i,
      time_this_iter_s: 1.5,
      time_total_s: 1.5 * i,
      pid: 4242,
      hostname: "host",
      node_ip: "127.0.0.1",
      config: { lr: 0.0001, num_sgd_iter: 30 },
      info: { learner: { default_policy: { total_loss: 1 / i } } },
    }));
    const py = (o: unknown): string =>
      JSON.stringify(o)
        .replace(/,"/g, ', "')
        .replace(/":/g, '": ')
        .replace(/:\s*true/g, ": true")
        .replace(/:\s*false/g, ": false");
    fs.writeFileSync(path.join(trial, "result.json"), results.map((r) => py(r) + "\n").join(""));
    const flat = (r: Record<string, unknown>, p = "", out: Record<string, unknown> = {}) => {
      for (const [k, v] of Object.entries(r))
        if (v !== null && typeof v === "object") flat(v as Record<string, unknown>, `${p}${k}/`, out);
        else out[p + k] = v;
      return out;
    };
    const cols = Object.keys(flat(results[0]));
    const cell = (v: unknown) => (v === true ? "True" : v === false ? "False" : String(v));
    fs.writeFileSync(
      path.join(trial, "progress.csv"),
      [cols.join(","), ...results.map((r) => cols.map((c) => cell(flat(r)[c])).join(","))].join("\r\n") + "\r\n",
    );
    fs.writeFileSync(path.join(trial, "params.json"), JSON.stringify({ lr: 0.0001, num_sgd_iter: 30 }, null, 2));
    const w = new SummaryWriter(trial, { flushSecs: 0 });
    for (const r of results) {
      const f = flat(r);
      for (const k of ["config/lr", "config/num_sgd_iter", "pid", "timestamp", "time_total_s", "training_iteration"]) delete f[k];
      for (const [k, v] of Object.entries(f))
        if (typeof v === "number" || typeof v === "boolean") w.addScalar(`ray/tune/${k}`, Number(v), r.timesteps_total);
    }
    w.close();
    const exp = await loadExperiment(root);
    assert.deepEqual(
      exp.runs.map((r) => r.name),
      ["PPO_2023-11-14/PPO_CartPole-v1_a1b2c_00000_0_lr=0.0001"],
    );
    const run = exp.runs[0];
    const sc = runScalars(run);
    const reward = [...sc.entries()].filter(([k]) => k.endsWith("episode_reward_mean"));
    assert.equal(reward.length, 1, reward.map(([k]) => k).join(" "));
    assert.deepEqual([...reward[0][1].steps], [4000, 8000, 12000, 16000]);
    const loss = [...sc.entries()].filter(([k]) => k.endsWith("info/learner/default_policy/total_loss"));
    assert.equal(loss.length, 1);
    // the CSV's and JSON's copies are on the same axis as the event file's, and reported
    const dups = new Set(run.problems.filter((p) => p.code === "duplicate").map((p) => p.file.split("/").pop()));
    assert.deepEqual([...dups].sort(), ["progress.csv", "result.json"]);
    assert.equal(run.hparams.get("lr")?.value, 0.0001);
    const csvOnly = byTag(run, "iterations_since_restore") ?? byTag(run, "time_this_iter_s");
    assert.equal(csvOnly?.unit ?? "sample", "sample");
  });
});

test("three Keras hparams sessions with conflicting hyper-parameters in one logdir are three runs", async () => {
  // Built from TensorFlow's formats: each fit with hp.KerasCallback(logdir, hparams) writes, into
  // logdir, an event file whose records are the file_version event, the hparams plugin's
  // session_start_info (its values, start_time_secs) and at the end session_end_info; Keras'
  // TensorBoard callback writes train/ and validation/ files of 0-d float tensors with the
  // `scalars` plugin (epoch_loss at each epoch). Event files are named
  // events.out.tfevents.<secs>.<host>.<pid>.<n>.v2.
  const { frameRecords, fileVersionEvent, tensorEvent, DT, loadProtobufCodecs } = await import("../format/index.ts");
  const { hparamsEvents } = await loadProtobufCodecs();
  await withTempDir(async (root) => {
    const logdir = path.join(root, "logs/hparam_tuning");
    for (const sub of ["", "train", "validation"]) fs.mkdirSync(path.join(logdir, sub), { recursive: true });
    const configs = [
      { num_units: 16, dropout: 0.1, optimizer: "adam" },
      { num_units: 32, dropout: 0.2, optimizer: "sgd" },
      { num_units: 16, dropout: 0.2, optimizer: "adam" },
    ];
    const scalar = (tag: string, step: number, v: number, wt: number) =>
      tensorEvent(tag, step, { dtype: DT.FLOAT, shape: [], tensorContent: new Uint8Array(new Float32Array([v]).buffer) }, wt, {
        pluginName: "scalars",
        dataClass: 1,
      });
    configs.forEach((hp, k) => {
      const t = 1700000000 + 100 * k,
        pid = 900 + k;
      const [, start, end] = hparamsEvents(hp, ["epoch_loss"], t, { startTimeSecs: t, endTimeSecs: t + 50 });
      fs.writeFileSync(path.join(logdir, `events.out.tfevents.${t}.host.${pid}.0.v2`), frameRecords([fileVersionEvent(t), start, end]));
      const train = [fileVersionEvent(t + 1)],
        val = [fileVersionEvent(t + 5)];
      for (let e = 0; e < 5; e++) {
        train.push(scalar("epoch_loss", e, (1 + k) / (e + 1), t + 2 + e));
        val.push(scalar("epoch_loss", e, (1.2 + k) / (e + 1), t + 6 + e));
      }
      fs.writeFileSync(path.join(logdir, "train", `events.out.tfevents.${t + 1}.host.${pid}.1.v2`), frameRecords(train));
      fs.writeFileSync(path.join(logdir, "validation", `events.out.tfevents.${t + 5}.host.${pid}.2.v2`), frameRecords(val));
    });
    const exp = await loadExperiment(root);
    assert.deepEqual(
      exp.runs.map((r) => r.name),
      [0, 1, 2].map((k) => `logs/hparam_tuning/events.out.tfevents.${1700000000 + 100 * k}.host.${900 + k}.0.v2`),
    );
    exp.runs.forEach((run, k) => {
      assert.deepEqual(run.hparamConflicts, []);
      assert.equal(run.hparams.get("num_units")?.value, configs[k].num_units);
      assert.equal(run.hparams.get("optimizer")?.value, configs[k].optimizer);
      const sc = runScalars(run);
      assert.deepEqual([...sc.keys()].sort(), ["train/epoch_loss", "validation/epoch_loss"]);
      assert.equal(sc.get("train/epoch_loss")!.length, 5);
      assert.ok(Math.abs(sc.get("train/epoch_loss")!.values[0] - (1 + k)) < 1e-6);
      assert.equal(preferredRoleKeys(run.roles).val_loss, "validation/epoch_loss");
    });
  });
});

test("step units: HF trainer_state.json counts optimizer steps, Keras' epoch_* tags epochs; the epoch axis maps epochs to steps", async (t) => {
  const { EpochAxis } = await import("../model/index.ts");
  await withTempDir(async (root) => {
    fs.mkdirSync(path.join(root, "out"));
    fs.copyFileSync(path.join(REAL, "whisper-small-hi/trainer_state.json"), path.join(root, "out/trainer_state.json"));
    const run = (await loadExperiment(root)).runs[0];
    const sc = runScalars(run);
    assert.equal(sc.get("train/loss")!.unit, "step");
    assert.equal(sc.get("eval/wer")!.unit, "step");
    // whisper-small-hi: 5000 steps over 12.22 epochs, the first log at step 25 in epoch 0.06
    const axis = EpochAxis.fromSeries(sc.get("train/epoch")!);
    assert.equal(axis.epochAtStep(25), 0.06);
    assert.equal(axis.epochAtStep(24), undefined);
  });
  const ecg = path.join(SHARED_REAL, "ecg-keras-tb/logs");
  if (!fs.existsSync(ecg)) {
    t.skip("../shared/realworld absent");
    return;
  }
  const run = (await loadExperiment(ecg)).runs[0];
  const sc = runScalars(run);
  assert.equal(sc.get("train/epoch_loss")!.unit, "epoch");
  assert.equal(sc.get("validation/evaluation_loss_vs_iterations")!.unit, "iteration");
});
