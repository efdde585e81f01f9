// Leave-one-family-out: the fit never sees the held-out family, and each family's row scores only
// its own runs (recall / healthy false positives / precision computed from the findings given).
import { test } from "node:test";
import assert from "node:assert/strict";
import { syntheticHealthyRun } from "../curves/synthetic_run.ts";
import type { Finding } from "../../src/diagnose/index.ts";
import type { TrainingRun } from "../../src/model/index.ts";
import { leaveOneFamilyOut, type FamilyLabel, type Fit } from "./families.ts";
import { withThresholds } from "./refit.ts";
import { DIAGNOSIS_THRESHOLDS } from "../../src/diagnose/index.ts";

function group(
  path: string,
  family: string,
  fault: string,
  accepted: string[],
  inputs = { histograms: false, config: true },
): [string, { label: FamilyLabel; runs: TrainingRun[] }] {
  const label: FamilyLabel = { path, fault, variant: "v", accepted, family, set: "test", inputs };
  return [path, { label, runs: [syntheticHealthyRun({ steps: 200, name: path, seed: path.length })] }];
}

const finding = (code: string): Finding => ({
  run: "x",
  symptom: "loss_not_decreasing",
  severity: "warning",
  title: "t",
  steps: [],
  evidence: [],
  causes: [{ code, confidence: 0.5 } as Finding["causes"][number]],
});

test("each held-out family is fitted on the other families only and scored on its own runs", async () => {
  const groups = new Map([
    group("a/1", "fam/a", "learning_rate_too_low", ["learning_rate_too_low"]),
    group("a/2", "fam/a", "healthy", []),
    group("b/1", "fam/b", "label_noise", ["label_noise"], { histograms: true, config: false }),
    group("b/2", "fam/b", "healthy", [], { histograms: true, config: false }),
    group("c/1", "fam/c", "learning_rate_too_low", ["learning_rate_too_low", "optimizer_unsuitable"]),
  ]);
  const seen: Record<string, string[]> = {};
  // a "fitted" diagnoser that asserts the cause most common among its training faults, on every run
  const fit: Fit = (training, heldOut) => {
    seen[heldOut] = [...new Set(training.map((t) => t.label.family))].sort();
    const counts = new Map<string, number>();
    for (const t of training) if (t.label.fault !== "healthy") counts.set(t.label.fault, (counts.get(t.label.fault) ?? 0) + 1);
    const top = [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0][0];
    return { diagnose: (_run: TrainingRun) => [finding(top)] };
  };
  const r = await leaveOneFamilyOut(groups, fit);
  assert.deepEqual(seen, { "fam/a": ["fam/b", "fam/c"], "fam/b": ["fam/a", "fam/c"], "fam/c": ["fam/a", "fam/b"] });
  const row = (f: string) => r.rows.find((x) => x.family === f)!.score;
  // fam/a: fitted on b (label_noise) + c (lr low) → tie broken alphabetically: label_noise → miss, healthy FP
  assert.equal(row("fam/a").macroRecall, 0);
  assert.equal(row("fam/a").healthyFalsePositives, 1);
  // fam/b: fitted on a + c → learning_rate_too_low (2 runs) → label_noise missed
  assert.equal(row("fam/b").macroRecall, 0);
  // fam/c: fitted on a (lr low) + b (label noise) → tie → label_noise → miss
  assert.equal(row("fam/c").macroRecall, 0);
  assert.equal(r.pooled.runs, 5);
  assert.equal(r.pooled.healthyRuns, 2);
  assert.equal(r.pooled.healthyFalsePositives, 2);
  assert.equal(r.byInputs.find((b) => b.name === "with histograms")!.score.runs, 2);
  assert.equal(r.byInputs.find((b) => b.name === "with configuration")!.score.runs, 3);
});

test("accepted causes from the labels count as correct", async () => {
  const groups = new Map([
    group("c/1", "fam/c", "learning_rate_too_low", ["learning_rate_too_low", "optimizer_unsuitable"]),
    group("c/2", "fam/c", "healthy", []),
  ]);
  const r = await leaveOneFamilyOut(groups, () => ({ diagnose: (run) => (run.name === "c/1" ? [finding("optimizer_unsuitable")] : []) }));
  assert.equal(r.pooled.macroRecall, 1);
  assert.equal(r.pooled.microPrecision, 1);
  assert.equal(r.pooled.healthyFalsePositives, 0);
  assert.equal(r.pooled.meanDistinctCauses, 0.5);
  assert.deepEqual(r.weightLevelWithoutEvidence, { runs: 0, assertions: 0, scalarRuns: 2, unbacked: 0 });
});

test("weight-level causes asserted on runs without histograms are counted, and healthy false positives listed", async () => {
  const groups = new Map([
    group("d/1", "fam/d", "learning_rate_too_low", ["learning_rate_too_low"]),
    group("d/2", "fam/d", "healthy", []),
    group("e/1", "fam/e", "weights_frozen", ["weights_frozen"], { histograms: true, config: false }),
  ]);
  const r = await leaveOneFamilyOut(groups, () => ({
    diagnose: (run) => (run.name === "d/1" ? [finding("weights_frozen"), finding("weight_init_zero")] : [finding("weights_frozen")]),
  }));
  assert.deepEqual(r.weightLevelWithoutEvidence, { runs: 2, assertions: 3, scalarRuns: 2, unbacked: 3 });
  assert.deepEqual(r.healthyFalsePositives, ["d/2: loss_not_decreasing(weights_frozen)"]);
  assert.equal(r.rows.find((x) => x.family === "fam/e")!.score.macroRecall, 1);
});

test("threshold overrides apply inside the call and are restored after it, also on a throw", () => {
  const T = DIAGNOSIS_THRESHOLDS as unknown as Record<string, { value: number }>;
  const before = T.divergeRatio.value;
  assert.equal(
    withThresholds({ divergeRatio: before * 2 }, () => T.divergeRatio.value),
    before * 2,
  );
  assert.equal(T.divergeRatio.value, before);
  assert.throws(
    () =>
      withThresholds({ divergeRatio: 7 }, () => {
        throw new Error("boom");
      }),
    /boom/,
  );
  assert.equal(T.divergeRatio.value, before);
  assert.throws(() => withThresholds({ noSuchThreshold: 1 }, () => 0), /no threshold named noSuchThreshold/);
});
