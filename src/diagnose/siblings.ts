// Sibling runs offered as references: runs in the same parent directory whose logged
// configurations differ in one or two hyper-parameters (a seed does not count) and whose outcome is
// clearly better (validation accuracy, else validation loss, else training loss) are suggested to
// the worse run as `--reference` candidates, in an `info` finding that names the differences.
import type { TrainingRun } from "../model/index.ts";
import type { Finding } from "./types.ts";
import { compareConfigs } from "./config_checks.ts";
import { T } from "./thresholds.ts";

const IGNORED = /^(seed|random_?seed|run_?name|name|version|output_?dir|logdir|log_?dir|timestamp|date|id|exp_?name|experiment)$/i;
const MAX_DIFFERENCES = 2;
/** A run on other data or another task is no reference: its outcome is not comparable. */
const OTHER_PROBLEM = /^(dataset|data|task|num_classes|dataset_size|data_dir|data_path|train_file)$/i;

type Outcome = { target: string; value: number; higherIsBetter: boolean };

function lastOf(run: TrainingRun, role: string): number | undefined {
  const key = run.roles.find((r) => r.role === role && r.kind === "scalar")?.key;
  if (!key) return undefined;
  for (const d of run.dirs)
    for (const [tag, s] of d.scalars) {
      if (key !== tag && !key.endsWith("/" + tag)) continue;
      for (let i = s.values.length - 1; i >= 0; i--) if (Number.isFinite(s.values[i])) return s.values[i];
    }
  return undefined;
}

function outcome(run: TrainingRun): Outcome | undefined {
  for (const [role, higher] of [
    ["val_accuracy", true],
    ["val_loss", false],
    ["train_loss", false],
  ] as const) {
    const v = lastOf(run, role);
    if (v !== undefined) return { target: role, value: v, higherIsBetter: higher };
  }
  return undefined;
}

function parentOf(name: string): string {
  const i = name.lastIndexOf("/");
  return i < 0 ? "" : name.slice(0, i);
}

/** Raw hyper-parameter differences (cheap prefilter before the normalised comparison). */
function rawDifferences(a: TrainingRun, b: TrainingRun): number {
  let n = 0;
  const keys = new Set([...a.hparams.keys(), ...b.hparams.keys()]);
  for (const k of keys) {
    if (IGNORED.test(k)) continue;
    if (String(a.hparams.get(k)?.value) !== String(b.hparams.get(k)?.value)) n++;
    if (n > MAX_DIFFERENCES + 1) break;
  }
  return n;
}

/** Info findings suggesting a better sibling run as a reference, per run. */
export function siblingSuggestions(runs: TrainingRun[]): Map<TrainingRun, Finding> {
  const out = new Map<TrainingRun, Finding>();
  const byParent = new Map<string, TrainingRun[]>();
  for (const r of runs)
    if (r.hparams.size) {
      const p = parentOf(r.name);
      const l = byParent.get(p) ?? [];
      l.push(r);
      byParent.set(p, l);
    }
  const outcomes = new Map<TrainingRun, Outcome | undefined>();
  for (const r of runs) outcomes.set(r, outcome(r));
  for (const group of byParent.values()) {
    if (group.length < 2) continue;
    for (const run of group) {
      const mine = outcomes.get(run);
      if (!mine) continue;
      let best: { ref: TrainingRun; o: Outcome; diffs: ReturnType<typeof compareConfigs> } | undefined;
      for (const ref of group) {
        if (ref === run) continue;
        const o = outcomes.get(ref);
        if (!o || o.target !== mine.target) continue;
        const better = o.higherIsBetter
          ? o.value - mine.value >= T.referenceAccGap.value
          : mine.value - o.value >= T.referenceLossGap.value * Math.abs(o.value);
        if (!better || rawDifferences(run, ref) > MAX_DIFFERENCES) continue;
        const diffs = compareConfigs(ref, run).filter((d) => d.kind !== "trap" && !IGNORED.test(d.key));
        if (diffs.length < 1 || diffs.length > MAX_DIFFERENCES || diffs.some((d) => OTHER_PROBLEM.test(d.key))) continue;
        if (!best || (o.higherIsBetter ? o.value > best.o.value : o.value < best.o.value)) best = { ref, o, diffs };
      }
      if (!best) continue;
      const what = best.diffs.map((d) => `${d.key} ${d.a ?? "(not set)"} → ${d.b ?? "(not set)"}`).join(", ");
      out.set(run, {
        run: run.name,
        symptom: "reference_suggested",
        severity: "info",
        reference: best.ref.name,
        title: `Sibling run ${best.ref.name} differs only in ${what} and reached ${best.o.target} ${+best.o.value.toPrecision(4)} (here ${+mine.value.toPrecision(4)}): diagnose with --reference ${best.ref.name}`,
        steps: [],
        evidence: best.diffs.map((d) => ({
          source: "config" as const,
          tag: d.nameB ?? d.nameA ?? d.key,
          value: `${d.a ?? "(not set)"} → ${d.b ?? "(not set)"}`,
          note: `differs from ${best!.ref.name}`,
        })),
        causes: [],
      });
    }
  }
  return out;
}
