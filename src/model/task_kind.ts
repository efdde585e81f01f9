// The kind of learning task a run records, read from the names of its scalar series:
// - "reinforcement": the run logs episode rewards / returns (Stable-Baselines3 `rollout/ep_rew_mean`,
//   RLlib / Ray Tune `episode_reward_mean`, CleanRL `charts/episodic_return`, `eval/mean_reward`),
//   or episode lengths together with an RL loss (value, policy, entropy, TD/Q loss);
// - "supervised": everything else (a loss against targets, with optional validation).
// Preference optimisation (TRL DPO `rewards/chosen`, `rewards/margins`) is supervised.
// Each RL series gets its RL kind (reward, episode length, value / TD loss, policy loss, entropy,
// entropy loss, KL); the decision names the series that made it. Pure function of the run's keys.
import { runScalars, type TrainingRun } from "./run.ts";

export type TaskKind = "supervised" | "reinforcement";

export type RlSeriesKind =
  | "reward" // mean (or single) episode return
  | "episode_length"
  | "value_loss" // value-function / critic / TD / Q loss
  | "policy_loss"
  | "entropy" // policy entropy H (RLlib `entropy`)
  | "entropy_loss" // SB3 `train/entropy_loss` = -H
  | "kl" // approximate KL between successive policies
  | "rl_loss"; // any other loss of an RL run (SB3 PPO `train/loss`, DQN's TD loss `train/loss`)

export interface RlSeries {
  key: string;
  kind: RlSeriesKind;
  /** Reward series only: a statistic other than the mean (`episode_reward_max`, `_min`, `_std`). */
  statistic?: "max" | "min" | "std";
  /** Reward series only: measured by a separate evaluation (`eval/mean_reward`). */
  evaluation?: boolean;
}

export interface TaskKindReading {
  kind: TaskKind;
  /** The naming rule that decided. */
  rule: string;
  /** Keys of the series that made the decision (for reinforcement: every RL series found). */
  evidence: string[];
  /** Every RL series of the run with its RL kind (empty for supervised runs). */
  series: RlSeries[];
}

const EPISODE_WORDS = new Set(["ep", "episode", "episodes", "episodic"]);
const REWARD_WORDS = new Set(["reward", "rewards", "rew", "episode_reward"]);
const RETURN_WORDS = new Set(["return", "returns", "ret"]);
const LENGTH_WORDS = new Set(["len", "length", "lengths", "steps"]);
const VALUE_WORDS = new Set(["value", "vf", "critic", "td", "q", "qf", "qf1", "qf2", "bellman"]);
const POLICY_WORDS = new Set(["policy", "pg", "actor", "pi", "surrogate"]);
const EVAL_WORDS = new Set(["eval", "evaluation", "test"]);
const PREFERENCE_WORDS = new Set(["chosen", "rejected", "margins", "margin", "accuracies"]);

function words(key: string): string[] {
  // the last two parts name the series (`info/learner/default_policy/learner_stats/vf_loss` → `learner_stats/vf_loss`)
  return key
    .split("/")
    .slice(-2)
    .join("/")
    .toLowerCase()
    .split(/[/_\-\s.]+/)
    .filter((w) => w.length > 0);
}

/** The RL kind of one series key, or undefined when the name says nothing about RL. */
export function rlSeriesKind(key: string): RlSeries | undefined {
  const w = words(key);
  const has = (set: Set<string>) => w.some((x) => set.has(x));
  const isLoss = w.some((x) => x === "loss" || x === "losses" || x === "error" || x === "err");
  const episode = has(EPISODE_WORDS);
  if (has(REWARD_WORDS) || (episode && has(RETURN_WORDS))) {
    // preference optimisation (TRL DPO/ORPO `rewards/chosen`, `rewards/margins`) and reward-model
    // training log implicit rewards of a supervised objective
    if (isLoss || has(PREFERENCE_WORDS)) return undefined;
    const s: RlSeries = { key, kind: "reward" };
    const stat = w.find((x) => x === "max" || x === "min" || x === "std");
    if (stat) s.statistic = stat as RlSeries["statistic"];
    if (
      key
        .toLowerCase()
        .split("/")
        .some((p) => EVAL_WORDS.has(p)) ||
      w.some((x) => EVAL_WORDS.has(x))
    )
      s.evaluation = true;
    return s;
  }
  if (episode && has(LENGTH_WORDS)) return { key, kind: "episode_length" };
  if (w.includes("entropy")) return { key, kind: isLoss ? "entropy_loss" : "entropy" };
  if (w.includes("kl") || w.includes("approx_kl") || (w.includes("approx") && w.includes("kl"))) return { key, kind: "kl" };
  if (isLoss && has(VALUE_WORDS)) return { key, kind: "value_loss" };
  if (isLoss && has(POLICY_WORDS)) return { key, kind: "policy_loss" };
  return undefined;
}

/**
 * The task kind of a run. Reinforcement when a series is an episode reward/return, or when episode
 * lengths are logged together with a value, policy or entropy series. In an RL run every other
 * loss is an `rl_loss` (PPO's total loss, DQN's TD loss under the plain name `loss`).
 */
export function taskKindOf(run: TrainingRun): TaskKindReading {
  const keys = [...runScalars(run).keys()];
  const found: RlSeries[] = [];
  for (const k of keys) {
    const s = rlSeriesKind(k);
    if (s) found.push(s);
  }
  const rewards = found.filter((s) => s.kind === "reward");
  const lengths = found.filter((s) => s.kind === "episode_length");
  const learners = found.filter(
    (s) => s.kind === "value_loss" || s.kind === "policy_loss" || s.kind === "entropy" || s.kind === "entropy_loss",
  );
  let rule = "";
  if (rewards.length > 0) rule = "episode_reward_name";
  else if (lengths.length > 0 && learners.length > 0) rule = "episode_length_with_rl_loss";
  if (!rule) return { kind: "supervised", rule: "no_rl_series", evidence: [], series: [] };
  for (const k of keys) {
    if (found.some((s) => s.key === k)) continue;
    const w = words(k);
    if (w.some((x) => x === "loss" || x === "losses")) found.push({ key: k, kind: "rl_loss" });
  }
  return { kind: "reinforcement", rule, evidence: (rewards.length ? rewards : [...lengths, ...learners]).map((s) => s.key), series: found };
}
