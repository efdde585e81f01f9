// Builds TrainingRun objects from the model classes for the watchpoint and configuration tests.
import { RunDir, type Histogram, type HParamValue, type RoleAssignment, type TrainingRun } from "../model/index.ts";
import type { Finding } from "./types.ts";

export function makeRun(name = "run"): { run: TrainingRun; dir: RunDir } {
  const dir = new RunDir(name);
  const run: TrainingRun = { name, dirs: [dir], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
  return { run, dir };
}

/** A histogram of `values` with `nb` equal-width buckets over [min, max] (one bucket when min == max). */
export function histOf(step: number, values: number[], nb = 30): Histogram {
  const fin = values.filter(Number.isFinite);
  const min = Math.min(...fin),
    max = Math.max(...fin);
  const n = min === max ? 1 : nb;
  const w = (max - min) / n;
  const lefts = new Float64Array(n),
    rights = new Float64Array(n),
    counts = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lefts[i] = min + i * w;
    rights[i] = i === n - 1 ? max : min + (i + 1) * w;
  }
  for (const v of fin) counts[n === 1 ? 0 : Math.min(n - 1, Math.floor((v - min) / w))]++;
  const nonFinite = { nan: 0, posInf: 0, negInf: 0 };
  for (const v of values)
    if (!Number.isFinite(v)) {
      if (v !== v) nonFinite.nan++;
      else if (v > 0) nonFinite.posInf++;
      else nonFinite.negInf++;
    }
  let sum = 0,
    sq = 0;
  for (const v of fin) {
    sum += v;
    sq += v * v;
  }
  return { step, wallTime: step, min, max, num: values.length, sum, sumSquares: sq, lefts, rights, counts, nonFinite };
}

/** Deterministic pseudo-random normal values (seeded LCG + Box-Muller). */
export function normals(n: number, std: number, seed = 1): number[] {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(std * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
  return out;
}

export function role(key: string, r: RoleAssignment["role"], layer?: string, kind: RoleAssignment["kind"] = "histogram"): RoleAssignment {
  return { key, kind, role: r, rule: "test", ...(layer ? { layer } : {}) };
}

export function setHParams(run: TrainingRun, hp: Record<string, HParamValue>, sourceKind = "hparams_json"): void {
  for (const [name, value] of Object.entries(hp)) run.hparams.set(name, { name, value, sourceKind, source: "hparams.json" });
}

/** Tags of a per-epoch run: training loss, training accuracy, validation loss, validation accuracy. */
export type EpochTags = readonly [string, string, string, string];
/** Keras `history.csv` columns. */
export const KERAS_TAGS: EpochTags = ["loss", "accuracy", "val_loss", "val_accuracy"];
/** PyTorch `add_scalars` sibling directories. */
export const ADD_SCALARS_TAGS: EpochTags = ["Loss_train/Loss", "Accuracy_train/Accuracy", "Loss_val/Loss", "Accuracy_val/Accuracy"];

/**
 * A per-epoch run: one row per epoch (training loss, training accuracy, validation loss, validation
 * accuracy, at step = epoch) under `tags`, with their roles, and the hyper-parameters `hp` if given.
 */
export function epochRun(
  name: string,
  rows: ReadonlyArray<readonly [number, number, number, number]>,
  tags: EpochTags,
  hp?: Record<string, HParamValue> | null,
): TrainingRun {
  const { run, dir } = makeRun(name);
  const series = tags.map((t) => dir.scalar(t));
  rows.forEach((row, e) => row.forEach((v, i) => series[i].push(e, e, v)));
  const roles = ["train_loss", "train_accuracy", "val_loss", "val_accuracy"] as const;
  run.roles.push(...tags.map((t, i) => role(t, roles[i], undefined, "scalar")));
  if (hp) setHParams(run, hp);
  return run;
}

/** A regression logging only its two losses once per epoch (`loss`, `val_loss`; no accuracy tag), Adam 1e-3, linear output, metric MAE, plus `hp`. */
export function lossOnlyRun(name: string, train: number[], val: number[], hp: Record<string, HParamValue>): TrainingRun {
  const { run, dir } = makeRun(name);
  const [tl, vl] = ["loss", "val_loss"].map((t) => dir.scalar(t));
  train.forEach((v, e) => tl.push(e, e, v));
  val.forEach((v, e) => vl.push(e, e, v));
  run.roles.push(role("loss", "train_loss", undefined, "scalar"), role("val_loss", "val_loss", undefined, "scalar"));
  setHParams(run, { optimizer: "Adam", learning_rate: 0.001, epochs: train.length, output_activation: "linear", metrics: "mae", ...hp });
  return run;
}

/** Causes of the warning/error findings, in the order the engine ranks them (most severe first). */
export function asserted(f: Finding[]): string[] {
  return f.filter((x) => x.severity !== "info").flatMap((x) => x.causes.map((c) => c.code));
}
