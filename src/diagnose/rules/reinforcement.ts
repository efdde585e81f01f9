// The diagnosis of a reinforcement-learning run (the model's task kind `reinforcement`), with RL's
// own readings instead of the supervised-learning rules:
// - `reinforcement_learning_run` (info, always): the run is RL, which series were read, and that
//   supervised causes (divergence from the learning rate, overfitting, chance level) do not apply: a
//   value or TD loss rises by design while the returns it predicts grow;
// - `reward_collapse` (warning): the smoothed mean episode reward fell from its best by a share of
//   what it had gained (scale-free, T.rewardCollapseShare) and by more than its noise;
// - `entropy_collapse` (warning when the reward did not improve, info when it did): the policy
//   entropy fell to a small share of its start (T.entropyCollapseShare);
// - `value_loss_exploding` (error when non-finite, warning otherwise): the value/TD loss grew by an
//   order of magnitude and its RMS exceeds the largest return many times (T.valueLossOverReturn),
//   or grew by three orders of magnitude when no reward is logged.
// Findings carry evidence (tag, step, value) and no causes: which RL setting is at fault needs more
// than these curves; the knowledge entries of each symptom list what to check.
import {
  mainRewardSeries,
  runScalars,
  type RlSeries,
  type ScalarSeries,
  type TaskKindReading,
  type TrainingRun,
} from "../../model/index.ts";
import type { Evidence, Finding, Severity } from "../types.ts";
import { T } from "../thresholds.ts";
import { fmt, pct, round } from "./context.ts";
import { median, runningMedian, windowLength } from "../signals/robust_stats.ts";

interface RlCurve {
  key: string;
  steps: number[];
  values: number[];
  nonFinite: number;
}

interface CurveReading {
  curve: RlCurve;
  w: number;
  smooth: number[];
  first: number;
  last: number;
  best: number;
  bestIndex: number;
  worst: number;
  /** Median absolute change between consecutive raw points. */
  noise: number;
}

function curveOf(key: string, s: ScalarSeries): RlCurve {
  const idx = Array.from({ length: s.length }, (_, i) => i).sort((a, b) => s.steps[a] - s.steps[b] || a - b);
  const steps: number[] = [],
    values: number[] = [];
  let nonFinite = 0;
  for (const i of idx) {
    const v = s.values[i];
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    steps.push(s.steps[i]);
    values.push(v);
  }
  return { key, steps, values, nonFinite };
}

/** Smoothed reading of a curve: running median over 10 % of the points; first/last windows; best (max) of the smoothed curve. */
function readCurve(c: RlCurve): CurveReading | undefined {
  const n = c.values.length;
  if (n < T.rlMinPoints.value) return undefined;
  const w = windowLength(n, T.windowFraction.value, T.windowMin.value);
  const smooth = runningMedian(c.values, w);
  const first = median(c.values.slice(0, w));
  const last = median(c.values.slice(n - w));
  let bestIndex = 0,
    worst = Infinity;
  for (let i = 0; i < n; i++) {
    if (smooth[i] > smooth[bestIndex]) bestIndex = i;
    if (smooth[i] < worst) worst = smooth[i];
  }
  const diffs: number[] = [];
  for (let i = 1; i < n; i++) diffs.push(Math.abs(c.values[i] - c.values[i - 1]));
  return { curve: c, w, smooth, first, last, best: smooth[bestIndex], bestIndex, worst, noise: diffs.length ? median(diffs) : 0 };
}

function ev(c: RlCurve, i: number, note: string): Evidence {
  return { source: "scalar", tag: c.key, step: c.steps[i], value: round(c.values[i]), note };
}

function windowEv(r: CurveReading, which: "first" | "last", value: number): Evidence {
  const n = r.curve.values.length;
  const a = which === "first" ? 0 : n - r.w,
    b = which === "first" ? r.w - 1 : n - 1;
  return {
    source: "scalar",
    tag: r.curve.key,
    steps: [r.curve.steps[a], r.curve.steps[b]],
    value: round(value),
    note: `median of the ${which} ${r.w} point(s)`,
  };
}

function pick(series: RlSeries[], kinds: RlSeries["kind"][], scalars: Map<string, ScalarSeries>): RlSeries | undefined {
  for (const k of kinds) {
    const s = series
      .filter((x) => x.kind === k && (scalars.get(x.key)?.length ?? 0) > 0)
      .sort((a, b) => scalars.get(b.key)!.length - scalars.get(a.key)!.length || a.key.localeCompare(b.key))[0];
    if (s) return s;
  }
  return undefined;
}

function make(
  run: string,
  symptom: string,
  severity: Severity,
  title: string,
  steps: [number, number] | [],
  evidence: Evidence[],
): Finding {
  return { run, symptom, severity, title, steps, evidence, causes: [], taskKind: "reinforcement" };
}

/** Diagnoses an RL run with RL readings only. `kind` is the model's task-kind reading of `run`. */
export function diagnoseReinforcementRun(run: TrainingRun, kind: TaskKindReading): Finding[] {
  const name = run.name;
  const scalars = runScalars(run);
  const out: Finding[] = [];
  const rewardS = mainRewardSeries(kind.series, scalars);
  const reward = rewardS ? readCurve(curveOf(rewardS.key, scalars.get(rewardS.key)!)) : undefined;
  const applied: string[] = [];

  // ---- reward collapse
  if (reward) {
    applied.push("reward collapse");
    const c = reward.curve;
    const n = c.values.length;
    const gainedToBest = reward.best - Math.min(...reward.smooth.slice(0, reward.bestIndex + 1));
    const reference = gainedToBest > 0 ? gainedToBest : Math.abs(reward.best);
    const drop = reward.best - reward.last;
    if (
      reward.bestIndex < n - reward.w &&
      reference > 0 &&
      drop >= T.rewardCollapseShare.value * reference &&
      drop >= T.rewardCollapseNoise.value * reward.noise
    ) {
      out.push(
        make(
          name,
          "reward_collapse",
          "warning",
          `Mean episode reward ${c.key} fell from its best ${fmt(reward.best)} to ${fmt(reward.last)}: it lost ${pct(drop / reference)} of ${gainedToBest > 0 ? "what it had gained" : "its best level"}`,
          [c.steps[reward.bestIndex], c.steps[n - 1]],
          [
            windowEv(reward, "first", reward.first),
            { ...ev(c, reward.bestIndex, `best of the running median over ${reward.w} point(s)`), value: round(reward.best) },
            windowEv(reward, "last", reward.last),
            { source: "scalar", tag: c.key, value: round(reward.noise), note: "median change between consecutive points (noise)" },
          ],
        ),
      );
    }
  }
  // improved: a rise that is a share of the range the smoothed reward covered and beyond its noise
  const rewardImproved = reward
    ? reward.last - reward.first >= T.rewardImprovedShare.value * (reward.best - reward.worst) &&
      reward.last - reward.first > T.rewardCollapseNoise.value * reward.noise
    : undefined;

  // ---- entropy collapse
  const entS = pick(kind.series, ["entropy", "entropy_loss"], scalars);
  if (entS) {
    const raw = curveOf(entS.key, scalars.get(entS.key)!);
    // SB3 logs the entropy term of the loss, -H
    const c = entS.kind === "entropy_loss" ? { ...raw, values: raw.values.map((v) => -v) } : raw;
    const r = readCurve(c);
    if (r && r.first > 0) {
      applied.push("entropy collapse");
      if (r.last <= T.entropyCollapseShare.value * r.first) {
        const severity: Severity = rewardImproved === true ? "info" : "warning";
        const how =
          rewardImproved === true
            ? "while the reward improved: the policy converged"
            : rewardImproved === false
              ? "while the reward did not improve: the policy became deterministic before it learned"
              : "and no reward curve tells whether the policy learned";
        out.push(
          make(
            name,
            "entropy_collapse",
            severity,
            `Policy entropy${entS.kind === "entropy_loss" ? ` (−${entS.key})` : ` ${entS.key}`} fell to ${pct(r.last / r.first)} of its start ${how}`,
            [c.steps[0], c.steps[c.steps.length - 1]],
            [
              windowEv(r, "first", r.first),
              windowEv(r, "last", r.last),
              ...(reward ? [windowEv(reward, "first", reward.first), windowEv(reward, "last", reward.last)] : []),
            ],
          ),
        );
      }
    }
  }

  // ---- value / TD loss explosion
  const vS =
    pick(kind.series, ["value_loss"], scalars) ??
    (kind.series.some((s) => s.kind === "policy_loss") ? undefined : pick(kind.series, ["rl_loss"], scalars));
  if (vS) {
    const c = curveOf(vS.key, scalars.get(vS.key)!);
    applied.push("value-loss explosion");
    if (c.nonFinite > 0) {
      const s = scalars.get(vS.key)!;
      let firstBad = 0;
      for (let i = 0; i < s.length; i++)
        if (!Number.isFinite(s.values[i])) {
          firstBad = i;
          break;
        }
      out.push(
        make(
          name,
          "value_loss_exploding",
          "error",
          `Value/TD loss ${vS.key} turned non-finite (${c.nonFinite} NaN/Inf point(s))`,
          [s.steps[firstBad], s.steps[s.length - 1]],
          [
            {
              source: "scalar",
              tag: vS.key,
              step: s.steps[firstBad],
              value: null,
              note: `first non-finite value; ${c.nonFinite} of ${s.length}`,
            },
          ],
        ),
      );
    } else {
      const r = readCurve(c);
      if (r) {
        const lowest = Math.min(...r.smooth);
        const growth = lowest > 0 ? r.last / lowest : r.last > 0 ? Infinity : 1;
        const returnScale = reward ? Math.max(Math.abs(reward.best), Math.abs(reward.worst)) : undefined;
        const rms = Math.sqrt(Math.max(r.last, 0));
        const exploding =
          returnScale !== undefined
            ? growth >= T.valueLossGrowth.value && rms >= T.valueLossOverReturn.value * Math.max(returnScale, Number.MIN_VALUE)
            : growth >= T.valueLossGrowthNoReward.value;
        if (exploding) {
          const vs =
            returnScale !== undefined
              ? `; its RMS ${fmt(rms)} is ${fmt(rms / Math.max(returnScale, Number.MIN_VALUE))}× the largest mean return ${fmt(returnScale)}`
              : "";
          out.push(
            make(
              name,
              "value_loss_exploding",
              "warning",
              `Value/TD loss ${vS.key} grew ${fmt(growth)}× from its lowest level${vs}`,
              [c.steps[0], c.steps[c.steps.length - 1]],
              [
                { source: "scalar", tag: vS.key, value: round(lowest), note: `lowest running median over ${r.w} point(s)` },
                windowEv(r, "last", r.last),
                ...(reward
                  ? [
                      {
                        source: "scalar" as const,
                        tag: reward.curve.key,
                        value: round(returnScale!),
                        note: "largest |smoothed mean return|",
                      },
                    ]
                  : []),
              ],
            ),
          );
        }
      }
    }
  }

  const read = kind.series
    .map((s) => `${s.key} (${s.kind.replace(/_/g, " ")})`)
    .slice(0, 12)
    .join(", ");
  out.push(
    make(
      name,
      "reinforcement_learning_run",
      "info",
      `Reinforcement-learning run: read with RL readings (${applied.length ? applied.join(", ") : "none applicable: too few points"}); supervised-learning causes do not apply (a value or TD loss rises while the returns it predicts grow)`,
      [],
      [{ source: "run", note: `decided by ${kind.rule}: ${kind.evidence.slice(0, 6).join(", ")}; RL series: ${read}` }],
    ),
  );
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return out.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
