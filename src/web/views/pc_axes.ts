// The parallel coordinates' default axes. Contract: the hyper-parameters that vary across the runs
// shown (at least two distinct values among the runs that have the key: a key set in one run only,
// or to one value wherever it is set, is constant and left out): the learning rate first, then the
// usual training knobs (batch size, optimizer, weight decay, dropout, momentum, epochs), then the
// others; within each, those set in the most runs first, numbers before texts; seeds and
// bookkeeping (how often to log, evaluate or save) last; at most MAX_DEFAULT_HPARAMS of them; then the main metric: the
// importance target when one is chosen, else the validation loss, another validation metric, the
// training loss, or the first metric that is not the learning rate. Pure.
import type { LineageRun } from "../api.ts";

export const MAX_DEFAULT_HPARAMS = 6;

const LR = /(^|[^a-z])(lr|learning_?rate)($|[^a-z])/i;
const KNOB = /(batch_?size|optimi[sz]er|weight_?decay|dropout|momentum|epochs)($|[^a-z])/i;
const LAST =
  /((^|[._/-])(random_)?seed$)|((logging|log|eval|evaluation|save|checkpoint|print)_?(steps|every|interval|freq|frequency|strategy|period))/i;

/** 0: learning rate, 1: usual knobs, 2: others, 3: seeds and bookkeeping. */
function rank(k: string): number {
  return LAST.test(k) ? 3 : LR.test(k) ? 0 : KNOB.test(k) ? 1 : 2;
}

/** The main metric of the lineage table (see the header). */
export function mainMetric(metricKeys: string[], target: string): string | undefined {
  if (target) return target;
  return (
    metricKeys.find((m) => m === "val_loss") ??
    metricKeys.find((m) => m.startsWith("val")) ??
    metricKeys.find((m) => m === "train_loss") ??
    metricKeys.find((m) => m !== "learning_rate")
  );
}

export function defaultAxes(hparamKeys: string[], metricKeys: string[], runs: LineageRun[], target: string): string[] {
  const info = hparamKeys.map((k, order) => {
    const distinct = new Set<string>();
    let coverage = 0,
      numeric = false;
    for (const r of runs) {
      const v = r.hparams[k];
      if (v === null || v === undefined) continue;
      coverage++;
      if (typeof v === "number") numeric = true;
      if (distinct.size < 2) distinct.add(JSON.stringify(v));
    }
    return { k, order, coverage, numeric, varies: distinct.size > 1, rank: rank(k) };
  });
  const hp = info
    .filter((x) => x.varies)
    .sort((a, b) => a.rank - b.rank || b.coverage - a.coverage || Number(b.numeric) - Number(a.numeric) || a.order - b.order)
    .slice(0, MAX_DEFAULT_HPARAMS)
    .map((x) => x.k);
  const m = mainMetric(metricKeys, target);
  return m ? [...hp, m] : hp;
}
