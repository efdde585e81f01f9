// The main series of each single role: the one curve per role the diagnosis reads and `inspect`
// lists as "main roles", chosen from the role assignments without copying any series.
//   - train_loss: the first non-empty assignment, except that a per-step curve wins over its
//     per-epoch companion (Keras batch_/epoch_ tags, Lightning _step/_epoch), which is kept as
//     `trainLossEpoch`; a curve the user chose (`--role KEY=train_loss`, rule "user") stays the main one;
//   - val_loss, train/val accuracy, learning rate, epoch, total gradient norm: the first non-empty assignment;
//   - reward (reinforcement runs): a mean training episode return before max/min/std and
//     evaluation rewards, then the longest (`mainRewardSeries`).
// Empty series (no points) are never chosen.
import { runScalars, type TrainingRun } from "./run.ts";
import type { RoleAssignment } from "./roles.ts";
import type { ScalarSeries } from "./series.ts";
import { taskKindOf, type RlSeries } from "./task_kind.ts";

/** A chosen series: its assignment and its point count. */
export interface MainSeries {
  assignment: RoleAssignment;
  length: number;
}

export interface MainScalars {
  trainLoss?: MainSeries;
  /** The per-epoch training loss when a per-step one is the main one. */
  trainLossEpoch?: MainSeries;
  valLoss?: MainSeries;
  trainAcc?: MainSeries;
  valAcc?: MainSeries;
  lr?: MainSeries;
  epoch?: MainSeries;
  gradNormTotal?: MainSeries;
}

/** `a` looks like the per-epoch companion of the per-step curve `b` (fewer points, epoch granularity or name). */
function isPerEpoch(a: MainSeries, b: MainSeries): boolean {
  const ga = a.assignment.granularity,
    gb = b.assignment.granularity;
  if (ga === "epoch" && gb !== "epoch") return true;
  if (gb === "epoch" && ga !== "epoch") return false;
  return a.length * 3 <= b.length || (/epoch/i.test(a.assignment.key) && !/epoch/i.test(b.assignment.key));
}

const FIRST_WINS: Partial<Record<RoleAssignment["role"], keyof MainScalars>> = {
  val_loss: "valLoss",
  train_accuracy: "trainAcc",
  val_accuracy: "valAcc",
  learning_rate: "lr",
  epoch: "epoch",
  grad_norm_total: "gradNormTotal",
};

/** The main scalar series of each single role among `roles` (in their order), `scalars` by series key. */
export function mainScalars(roles: readonly RoleAssignment[], scalars: Map<string, ScalarSeries>): MainScalars {
  const out: MainScalars = {};
  const userChosen = new Set(roles.filter((r) => r.rule === "user").map((r) => r.key));
  for (const r of roles) {
    if (r.kind !== "scalar") continue;
    const length = scalars.get(r.key)?.length ?? 0;
    if (length === 0) continue;
    const c: MainSeries = { assignment: r, length };
    if (r.role === "train_loss") {
      if (!out.trainLoss) out.trainLoss = c;
      else if (isPerEpoch(c, out.trainLoss)) out.trainLossEpoch ??= c;
      else if (!userChosen.has(out.trainLoss.assignment.key) && isPerEpoch(out.trainLoss, c)) {
        out.trainLossEpoch ??= out.trainLoss;
        out.trainLoss = c;
      }
      continue;
    }
    const slot = FIRST_WINS[r.role];
    if (slot) out[slot] ??= c;
  }
  return out;
}

/** The reward series an RL run is judged by: a mean training episode return before max/min/std and evaluation rewards; then the longest. */
export function mainRewardSeries(series: readonly RlSeries[], scalars: Map<string, ScalarSeries>): RlSeries | undefined {
  // preference, most important first: not a max/min/std, not an evaluation reward, a mean
  const rank = (s: RlSeries): number[] => [s.statistic ? 1 : 0, s.evaluation ? 1 : 0, /mean|avg|average/i.test(s.key) ? 0 : 1];
  const byRank = (a: RlSeries, b: RlSeries): number => {
    const ra = rank(a),
      rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
    return 0;
  };
  return series
    .filter((s) => s.kind === "reward" && (scalars.get(s.key)?.length ?? 0) > 0)
    .sort((a, b) => byRank(a, b) || scalars.get(b.key)!.length - scalars.get(a.key)!.length || a.key.localeCompare(b.key))[0];
}

const SUMMARY_ROLES: [string, keyof MainScalars][] = [
  ["train_loss", "trainLoss"],
  ["val_loss", "valLoss"],
  ["train_accuracy", "trainAcc"],
  ["val_accuracy", "valAcc"],
  ["learning_rate", "lr"],
  ["epoch", "epoch"],
  ["grad_norm_total", "gradNormTotal"],
];

/**
 * The key of the main series of each role (`train_loss`, `val_loss`, `train_accuracy`,
 * `val_accuracy`, `learning_rate`, `epoch`, `grad_norm_total`, and `reward` for a reinforcement
 * run), from `roles` (the run's own assignments by default).
 */
export function mainRoleKeysOf(run: TrainingRun, roles: readonly RoleAssignment[] = run.roles): Record<string, string> {
  const scalars = runScalars(run);
  const m = mainScalars(roles, scalars);
  const out: Record<string, string> = {};
  for (const [role, slot] of SUMMARY_ROLES) {
    const c = m[slot];
    if (c) out[role] = c.assignment.key;
  }
  const task = taskKindOf(run);
  if (task.kind === "reinforcement") {
    const reward = mainRewardSeries(task.series, scalars);
    if (reward) out.reward = reward.key;
  }
  return out;
}
