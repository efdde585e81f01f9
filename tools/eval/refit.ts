// Threshold refit for the leave-one-family-out evaluation: a `Fit` (families.ts) that chooses
// values for named entries of the diagnosis threshold table (DIAGNOSIS_THRESHOLDS, each
// {value, source}) using ONLY the training families it is given, by coordinate search over
// multiples of each entry's current value; the objective is macro recall minus `fpWeight` ×
// the healthy false-positive rate (precision breaks ties). The held-out family is then diagnosed
// with the fitted values, which are restored afterwards. Which thresholds are fitted is the
// engine's choice (`npm run eval -- --families --refit FILE`, FILE exporting
// `fit = thresholdRefit([...names])`).
import { DIAGNOSIS_THRESHOLDS, diagnoseRun, type Finding } from "../../src/diagnose/index.ts";
import type { TrainingRun } from "../../src/model/index.ts";
import type { Diagnoser, Fit, LabeledRun } from "./families.ts";
import { score } from "./score.ts";

type Table = Record<string, { value: number; source: string }>;
const TABLE = DIAGNOSIS_THRESHOLDS as unknown as Table;

/** Runs `fn` with some threshold values replaced; the table is restored whatever happens. */
export function withThresholds<R>(values: Record<string, number>, fn: () => R): R {
  const saved: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) {
    if (!TABLE[k]) throw new Error(`no threshold named ${k} in the diagnosis threshold table`);
    saved[k] = TABLE[k].value;
    TABLE[k].value = v;
  }
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) TABLE[k].value = v;
  }
}

/**
 * Findings of a run under a set of threshold values, memoised: a run's diagnosis does not depend on
 * which family is held out, so the leave-one-family-out fits share every (values, run) they meet
 * (the search visits the same candidate values for most held-out families). Keyed by the run
 * object itself; the cache lives as long as the runs.
 */
const memo = new WeakMap<TrainingRun, Map<string, Finding[]>>();
function diagnoseWith(run: TrainingRun, values: Record<string, number>): Finding[] {
  const key = JSON.stringify(Object.entries(values).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  let m = memo.get(run);
  if (!m) memo.set(run, (m = new Map()));
  let f = m.get(key);
  if (!f) m.set(key, (f = withThresholds(values, () => diagnoseRun(run))));
  return f;
}

function objective(runs: LabeledRun[], values: Record<string, number>, fpWeight: number): number {
  const byPath = new Map<string, { l: LabeledRun["label"]; f: Finding[] }>();
  for (const r of runs) {
    const e = byPath.get(r.label.path) ?? { l: r.label, f: [] };
    e.f.push(...diagnoseWith(r.run, values));
    byPath.set(r.label.path, e);
  }
  const s = score(
    [...byPath.values()].map(({ l, f }) => ({ run: l.path, fault: l.fault, variant: l.variant, accepted: l.accepted, findings: f })),
  );
  const rec = Number.isFinite(s.macroRecall) ? s.macroRecall : 0,
    fp = Number.isFinite(s.healthyFpRate) ? s.healthyFpRate : 0;
  return rec - fpWeight * fp + 1e-3 * (Number.isFinite(s.microPrecision) ? s.microPrecision : 0);
}

export interface RefitOptions {
  multipliers?: number[];
  fpWeight?: number;
  rounds?: number;
  log?: (msg: string) => void;
}

/** A Fit that refits the named thresholds on the training families only. */
export function thresholdRefit(names: string[], o: RefitOptions = {}): Fit {
  const mults = o.multipliers ?? [0.5, 0.75, 1, 1.5, 2];
  const fpWeight = o.fpWeight ?? 2;
  return (training: LabeledRun[], heldOut: string): Diagnoser => {
    const values: Record<string, number> = Object.fromEntries(
      names.map((n) => {
        if (!TABLE[n]) throw new Error(`no threshold named ${n} in the diagnosis threshold table`);
        return [n, TABLE[n].value];
      }),
    );
    const base = { ...values };
    for (let round = 0; round < (o.rounds ?? 1); round++) {
      for (const n of names) {
        let best = values[n],
          bestObj = -Infinity;
        for (const m of mults) {
          const v = base[n] * m;
          const obj = objective(training, { ...values, [n]: v }, fpWeight);
          if (obj > bestObj + 1e-12) {
            best = v;
            bestObj = obj;
          }
        }
        values[n] = best;
      }
    }
    o.log?.(`refit without ${heldOut}: ${names.map((n) => `${n}=${values[n]}`).join(", ")}`);
    const fitted = { ...values };
    return { diagnose: (run: TrainingRun) => diagnoseWith(run, fitted) };
  };
}
