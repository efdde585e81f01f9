// Reinforcement-learning runs: recognised as such by the model's task kind and diagnosed with RL
// readings (reward collapse, entropy collapse, value/TD-loss explosion), never with supervised
// causes. The event files are built with the project's own event encoder, with the tag names,
// value kind (`simple_value`, as torch's SummaryWriter writes them) and step axis (`num_timesteps`)
// that Stable-Baselines3's TensorBoard output documents for PPO and DQN (`<log>/PPO_1/events...`);
// the Ray Tune / RLlib case is a `progress.csv` with RLlib's documented result keys.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";
import { loadExperiment } from "../reader/index.ts";
import { rlSeriesKind, taskKindOf, RunDir, type TrainingRun } from "../model/index.ts";
import { diagnoseRun, runSummary } from "./index.ts";
import type { Finding } from "./types.ts";

/** mulberry32: the same noise on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Curves = Record<string, (i: number, n: number) => number>;

/** An SB3 run directory `<root>/<algo>_1` with one event file: `n` iterations of 2048 timesteps. */
async function sb3Run(algo: string, n: number, curves: Curves): Promise<{ run: TrainingRun; root: string }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-rl-"));
  const dir = path.join(root, `${algo}_1`);
  fs.mkdirSync(dir, { recursive: true });
  const t0 = 1_700_000_000;
  const events: Uint8Array[] = [fileVersionEvent(t0)];
  for (let i = 0; i < n; i++) {
    const step = (i + 1) * 2048;
    for (const [tag, f] of Object.entries(curves)) {
      const v = f(i, n);
      if (!Number.isNaN(v) || tag.startsWith("train/")) events.push(scalarEvent(tag, step, v, t0 + i * 3));
    }
  }
  fs.writeFileSync(path.join(dir, "events.out.tfevents.1700000000.host.1.0"), frameRecords(events));
  const exp = await loadExperiment(root);
  assert.equal(exp.runs.length, 1);
  return { run: exp.runs[0], root };
}

function symptoms(fs_: Finding[]): string[] {
  return fs_.filter((f) => f.severity !== "info").map((f) => `${f.symptom}:${f.severity}`);
}

const SUPERVISED_SYMPTOMS = /^(loss_|val_loss|train_val_gap|metric_|still_improving|gradient_|weight_|activation_)/;

function ppoCurves(
  seed: number,
  shape: { reward: (x: number) => number; entropy: (x: number) => number; value: (x: number) => number },
): Curves {
  const r = rng(seed);
  const noise = (s: number) => (r() - 0.5) * s;
  return {
    "rollout/ep_len_mean": (i, n) => 20 + (180 * shape.reward(i / n)) / 200 + noise(4),
    "rollout/ep_rew_mean": (i, n) => shape.reward(i / n) + noise(6),
    "time/fps": () => 900 + noise(40),
    "train/approx_kl": () => 0.01 + noise(0.004),
    "train/clip_fraction": () => 0.1 + noise(0.04),
    "train/clip_range": () => 0.2,
    "train/entropy_loss": (i, n) => -shape.entropy(i / n) + noise(0.01),
    "train/explained_variance": (i, n) => Math.min(0.95, i / n + noise(0.05)),
    "train/learning_rate": () => 0.0003,
    "train/loss": (i, n) => shape.value(i / n) * 0.5 + noise(0.1),
    "train/policy_gradient_loss": () => -0.01 + noise(0.005),
    "train/value_loss": (i, n) => shape.value(i / n) * (1 + noise(0.2)),
  };
}

test("task kind: SB3, RLlib/Tune and CleanRL reward tags make a run RL; supervised and DPO runs stay supervised", () => {
  const kindOf = (tags: string[]) => {
    const d = new RunDir("r");
    for (const t of tags) for (let i = 0; i < 5; i++) d.scalar(t).push(i, 0, 1);
    return taskKindOf({ name: "r", dirs: [d], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] });
  };
  assert.equal(kindOf(["rollout/ep_rew_mean", "rollout/ep_len_mean", "train/value_loss"]).kind, "reinforcement");
  assert.equal(
    kindOf(["episode_reward_mean", "episode_len_mean", "info/learner/default_policy/learner_stats/vf_loss"]).kind,
    "reinforcement",
  );
  assert.equal(kindOf(["ray/tune/episode_reward_mean"]).kind, "reinforcement");
  assert.equal(kindOf(["charts/episodic_return", "charts/episodic_length", "losses/td_loss", "losses/q_values"]).kind, "reinforcement");
  assert.equal(kindOf(["rollout/ep_len_mean", "train/entropy_loss"]).kind, "reinforcement", "episode lengths with an RL loss");
  assert.equal(kindOf(["train/loss", "eval/loss", "eval/accuracy"]).kind, "supervised");
  assert.equal(
    kindOf(["loss", "rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies"]).kind,
    "supervised",
    "TRL DPO logs implicit rewards of a supervised objective",
  );
  assert.equal(kindOf(["rollout/ep_len_mean", "loss"]).kind, "supervised", "an episode length alone is not enough");
  const ppo = kindOf([
    "rollout/ep_rew_mean",
    "train/value_loss",
    "train/entropy_loss",
    "train/policy_gradient_loss",
    "train/loss",
    "train/approx_kl",
  ]);
  const kinds = Object.fromEntries(ppo.series.map((s) => [s.key, s.kind]));
  assert.deepEqual(kinds, {
    "rollout/ep_rew_mean": "reward",
    "train/value_loss": "value_loss",
    "train/entropy_loss": "entropy_loss",
    "train/policy_gradient_loss": "policy_loss",
    "train/loss": "rl_loss",
    "train/approx_kl": "kl",
  });
  assert.equal(rlSeriesKind("episode_reward_max")?.statistic, "max");
  assert.equal(rlSeriesKind("eval/mean_reward")?.evaluation, true);
  assert.equal(rlSeriesKind("info/learner/default_policy/learner_stats/entropy")?.kind, "entropy");
});

test("a healthy PPO run: reward rises, the value loss rises with the returns, entropy falls as it learns: no warning, no supervised cause", async () => {
  const { run, root } = await sb3Run(
    "PPO",
    120,
    ppoCurves(1, {
      reward: (x) => 10 + 190 * (1 - Math.exp(-4 * x)),
      entropy: (x) => 0.69 * (1 - 0.85 * x),
      value: (x) => 2 + 400 * x * x, // value targets grow with the returns: rising by design
    }),
  );
  try {
    assert.equal(taskKindOf(run).kind, "reinforcement");
    const f = diagnoseRun(run);
    assert.deepEqual(symptoms(f), []);
    assert.ok(f.some((x) => x.symptom === "reinforcement_learning_run" && x.severity === "info"));
    assert.ok(!f.some((x) => SUPERVISED_SYMPTOMS.test(x.symptom)), JSON.stringify(f.map((x) => x.symptom)));
    assert.ok(!f.some((x) => x.causes.some((c) => c.code === "learning_rate_too_high")));
    assert.equal(runSummary(run).taskKind, "reinforcement");
    assert.equal(runSummary(run).roles.reward, "rollout/ep_rew_mean");
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("reward collapse: the mean episode reward falls from its best by most of what it gained", async () => {
  const { run, root } = await sb3Run(
    "PPO",
    150,
    ppoCurves(2, {
      reward: (x) => (x < 0.5 ? 20 + 400 * x : 220 - 360 * (x - 0.5)),
      entropy: (x) => 0.69 * (1 - 0.5 * x),
      value: (x) => 5 + 50 * x,
    }),
  );
  try {
    const f = diagnoseRun(run);
    const rc = f.find((x) => x.symptom === "reward_collapse");
    assert.ok(rc, JSON.stringify(f.map((x) => [x.symptom, x.title])));
    assert.equal(rc.severity, "warning");
    assert.ok(
      rc.evidence.some((e) => e.tag === "rollout/ep_rew_mean" && typeof e.value === "number" && e.value > 190),
      JSON.stringify(rc.evidence),
    );
    assert.deepEqual(rc.causes, []);
    assert.ok(!f.some((x) => SUPERVISED_SYMPTOMS.test(x.symptom)));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("reward collapse is scale-free: negative returns (Pendulum-like, -1400 → -200 → -1100) collapse too; noise alone does not", async () => {
  const { run, root } = await sb3Run("SAC", 100, {
    "rollout/ep_rew_mean": (i, n) => {
      const x = i / n;
      return x < 0.6 ? -1400 + 2000 * x : -200 - 2250 * (x - 0.6);
    },
    "train/actor_loss": () => 20,
    "train/critic_loss": (i) => 3 + (i % 5),
  });
  try {
    assert.ok(diagnoseRun(run).some((x) => x.symptom === "reward_collapse"));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const r = rng(5);
  const noisy = await sb3Run("PPO", 100, { "rollout/ep_rew_mean": () => 100 + (r() - 0.5) * 30, "train/value_loss": () => 40 + r() });
  try {
    assert.ok(!diagnoseRun(noisy.run).some((x) => x.symptom === "reward_collapse"));
  } finally {
    fs.rmSync(noisy.root, { recursive: true, force: true });
  }
});

test("entropy collapse: the policy turns deterministic before the reward improves (warning); after it improved it is only noted", async () => {
  const flat = await sb3Run("PPO", 100, ppoCurves(3, { reward: () => 15, entropy: (x) => 1.38 * Math.exp(-12 * x), value: () => 4 }));
  try {
    const f = diagnoseRun(flat.run);
    const ec = f.find((x) => x.symptom === "entropy_collapse");
    assert.ok(ec, JSON.stringify(f.map((x) => x.symptom)));
    assert.equal(ec.severity, "warning");
    assert.match(ec.title, /did not improve/);
  } finally {
    fs.rmSync(flat.root, { recursive: true, force: true });
  }
  const learned = await sb3Run(
    "PPO",
    100,
    ppoCurves(4, { reward: (x) => 10 + 190 * x, entropy: (x) => 1.38 * Math.exp(-12 * x), value: (x) => 4 + 100 * x }),
  );
  try {
    const ec = diagnoseRun(learned.run).find((x) => x.symptom === "entropy_collapse");
    assert.equal(ec?.severity, "info");
  } finally {
    fs.rmSync(learned.root, { recursive: true, force: true });
  }
});

test("value/TD loss: exploding far beyond the returns is reported; NaN is an error; a DQN's rising TD loss is no divergence", async () => {
  const boom = await sb3Run("PPO", 100, ppoCurves(6, { reward: () => 30, entropy: () => 0.6, value: (x) => 2 * Math.pow(10, 6 * x) }));
  try {
    const f = diagnoseRun(boom.run);
    const vl = f.find((x) => x.symptom === "value_loss_exploding");
    assert.ok(vl, JSON.stringify(f.map((x) => x.symptom)));
    assert.equal(vl.severity, "warning");
    assert.ok(!f.some((x) => x.symptom === "loss_diverging"));
  } finally {
    fs.rmSync(boom.root, { recursive: true, force: true });
  }
  const nan = await sb3Run("PPO", 60, ppoCurves(7, { reward: () => 30, entropy: () => 0.6, value: (x) => (x > 0.8 ? NaN : 5) }));
  try {
    const vl = diagnoseRun(nan.run).find((x) => x.symptom === "value_loss_exploding");
    assert.equal(vl?.severity, "error");
  } finally {
    fs.rmSync(nan.root, { recursive: true, force: true });
  }
  // SB3 DQN: `train/loss` is the TD loss; it rises 50× while the returns grow from 10 to 200
  const r = rng(8);
  const dqn = await sb3Run("DQN", 120, {
    "rollout/ep_len_mean": (i, n) => 10 + (190 * i) / n,
    "rollout/ep_rew_mean": (i, n) => 10 + (190 * i) / n + (r() - 0.5) * 8,
    "rollout/exploration_rate": (i, n) => Math.max(0.05, 1 - (10 * i) / n),
    "train/learning_rate": () => 1e-4,
    "train/loss": (i, n) => 0.05 + 2.5 * (i / n) ** 2 * (1 + (r() - 0.5) * 0.3),
    "train/n_updates": (i) => i * 512,
  });
  try {
    const f = diagnoseRun(dqn.run);
    assert.deepEqual(symptoms(f), []);
    assert.ok(!f.some((x) => x.symptom === "loss_diverging" || x.causes.some((c) => c.code === "learning_rate_too_high")));
    assert.match(f.find((x) => x.symptom === "reinforcement_learning_run")!.title, /value-loss explosion/);
  } finally {
    fs.rmSync(dqn.root, { recursive: true, force: true });
  }
});

test("Ray Tune / RLlib progress.csv: recognised as RL from episode_reward_mean; a collapse is read from it", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-rl-"));
  try {
    const dir = path.join(root, "PPO_CartPole-v1_0_2024-01-01_00-00-00");
    fs.mkdirSync(dir, { recursive: true });
    const cols = [
      "episode_reward_max",
      "episode_reward_min",
      "episode_reward_mean",
      "episode_len_mean",
      "episodes_this_iter",
      "timesteps_total",
      "training_iteration",
      "info/learner/default_policy/learner_stats/vf_loss",
      "info/learner/default_policy/learner_stats/entropy",
      "info/learner/default_policy/learner_stats/kl",
    ];
    let text = cols.join(",") + "\n";
    for (let it = 1; it <= 60; it++) {
      const mean = it <= 35 ? 20 + 13 * it : 475 - 15 * (it - 35);
      text +=
        [mean + 25, Math.max(8, mean - 25), mean, mean, 4000 / mean, it * 4000, it, 8 + (it % 3), 0.69 - it * 0.004, 0.01]
          .map((v) => Number(v.toFixed(4)))
          .join(",") + "\n";
    }
    fs.writeFileSync(path.join(dir, "progress.csv"), text);
    const run = (await loadExperiment(root)).runs[0];
    const kind = taskKindOf(run);
    assert.equal(kind.kind, "reinforcement");
    assert.ok(kind.evidence.includes("episode_reward_mean"));
    const f = diagnoseRun(run);
    const rc = f.find((x) => x.symptom === "reward_collapse");
    assert.ok(rc, JSON.stringify(f.map((x) => x.symptom)));
    assert.ok(
      rc.evidence.every((e) => e.tag === undefined || e.tag === "episode_reward_mean"),
      "the mean, not the max/min, is read",
    );
    assert.ok(!f.some((x) => SUPERVISED_SYMPTOMS.test(x.symptom)));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
