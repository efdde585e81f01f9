// Knowledge-base entries for the symptoms of reinforcement-learning runs (rules/reinforcement.ts):
// how each shows in the logged curves (Stable-Baselines3, RLlib / Ray Tune, CleanRL tag names), how
// to confirm it and what to try, in order.
import { entry, type KnowledgeEntry } from "./entry.ts";

const SB3_TIPS = "Stable-Baselines3 documentation, 'Reinforcement Learning Tips and Tricks' and the PPO/DQN logger keys";
const ON_POLICY = "Andrychowicz et al. 2021, 'What Matters in On-Policy Reinforcement Learning? A Large-Scale Empirical Study'";

const s = (
  code: string,
  title: string,
  shows: string,
  confirm: string,
  fixes: string[],
  related: string[],
  source: string,
): KnowledgeEntry => entry("symptom", `symptom.${code}`, "reinforcement", title, shows, confirm, fixes, related, source);

export const RL_SYMPTOM_ENTRIES: KnowledgeEntry[] = [
  s(
    "reinforcement_learning_run",
    "Reinforcement-learning run",
    "The run logs episode rewards or returns (`rollout/ep_rew_mean`, `episode_reward_mean`, `charts/episodic_return`) and RL losses (value, policy, entropy, TD). Its losses are not fitted against fixed targets: a value or TD loss rises while the returns it predicts grow, so supervised readings (divergence, overfitting, chance level) do not apply.",
    "Read the mean episode reward first; then the entropy (exploration) and the value/TD loss relative to the scale of the returns.",
    [
      "Judge progress by the mean episode reward (and an evaluation reward when logged)",
      "Compare the value loss with the squared scale of the returns, not with its own start",
    ],
    ["symptom.reward_collapse", "symptom.entropy_collapse", "symptom.value_loss_exploding"],
    SB3_TIPS,
  ),
  s(
    "reward_collapse",
    "Episode reward collapsed",
    "The smoothed mean episode reward rose to a best level and then fell back by a large share of what it had gained (policy collapse, catastrophic forgetting), or fell from its start.",
    "Look at the approximate KL and clip fraction (PPO) or the TD loss (DQN) around the step where the reward turned; a spike there points to a too-large policy update. Check whether the exploration rate or the entropy coefficient changed at that point.",
    [
      "Lower the learning rate or anneal it to zero",
      "Limit the policy update (smaller clip range, fewer epochs per rollout, a target KL)",
      "Keep the best checkpoint (evaluation callback) and stop when the evaluation reward falls",
      "Normalise observations and rewards",
    ],
    ["symptom.entropy_collapse", "symptom.value_loss_exploding", "hp.01"],
    `${SB3_TIPS}; ${ON_POLICY}`,
  ),
  s(
    "entropy_collapse",
    "Policy entropy collapsed",
    "The policy entropy (or −`train/entropy_loss`) fell to a small share of its start: the policy became nearly deterministic. Harmful when the reward did not improve first (the agent stopped exploring before it learned).",
    "Compare when the entropy fell with when the reward rose; check the entropy coefficient and, for continuous actions, the initial log-std.",
    [
      "Raise the entropy coefficient (`ent_coef`)",
      "Lower the learning rate of the policy",
      "Use a larger initial action noise / log-std, or a slower exploration schedule (DQN `exploration_fraction`)",
    ],
    ["symptom.reward_collapse", "hp.01"],
    `${SB3_TIPS}; ${ON_POLICY}`,
  ),
  s(
    "value_loss_exploding",
    "Value / TD loss exploding",
    "The value-function, critic or TD loss grew by orders of magnitude to an error far larger than any return it predicts, or turned NaN/Inf. A moderate rise while the returns grow is expected and is not this symptom.",
    "Compare the square root of the value loss with the mean episode return; check reward scale, discount factor and the target-network update.",
    [
      "Normalise rewards / returns (e.g. VecNormalize) or scale them down",
      "Clip the value loss and the gradients (`max_grad_norm`)",
      "Lower the learning rate of the critic; update the target network more slowly (DQN `target_update_interval`, `tau`)",
    ],
    ["symptom.reward_collapse", "hp.01"],
    `${SB3_TIPS}; ${ON_POLICY}`,
  ),
];
