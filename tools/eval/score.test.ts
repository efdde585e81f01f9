// Scoring of diagnoses against zoo labels: recall, top-1, healthy false positives, precision and
// causes per run, computed on hand-made findings whose right answers are known.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Finding } from "../../src/diagnose/index.ts";
import { score } from "./score.ts";
import { labelFor } from "./main.ts";

function f(severity: Finding["severity"], causes: string[]): Finding {
  return {
    run: "r",
    symptom: "s",
    severity,
    title: "",
    steps: [],
    evidence: [],
    causes: causes.map((code, i) => ({ code, confidence: 0.9 - i / 10, why: "", evidence: [], fixes: [], checklist: [] })),
  };
}

test("score: recall, top-1, healthy FP, precision and causes per run", () => {
  const s = score([
    {
      run: "a",
      fault: "learning_rate_too_high",
      variant: "v",
      findings: [f("warning", ["overfitting"]), f("error", ["exploding_gradient"])],
    },
    { run: "b", fault: "learning_rate_too_high", variant: "v", findings: [f("info", ["learning_rate_too_high"])] },
    { run: "c", fault: "overfitting", variant: "v", findings: [f("warning", ["overfitting", "too_many_epochs"])] },
    { run: "h1", fault: "healthy", variant: "v", findings: [f("info", [])] },
    { run: "h2", fault: "healthy", variant: "v", findings: [f("warning", ["label_noise"])] },
  ]);
  const lr = s.faults.find((x) => x.fault === "learning_rate_too_high")!;
  assert.equal(lr.recall, 0.5); // a: exploding_gradient accepted; b: info only
  assert.equal(lr.top1, 0.5); // a: the error's first cause is exploding_gradient
  assert.equal(s.faults.find((x) => x.fault === "overfitting")!.recall, 1);
  assert.equal(s.macroRecall, 0.75);
  assert.equal(s.healthyFalsePositives, 1);
  assert.equal(s.healthyFpRate, 0.5);
  // pairs: a{overfitting ✗, exploding ✓}, c{overfitting ✓, too_many_epochs ✓}, h2{label_noise ✗}
  assert.equal(s.microPrecision, 3 / 5);
  assert.equal(s.meanDistinctCauses, 5 / 5);
  assert.equal(s.causes.find((c) => c.cause === "overfitting")!.precision, 0.5);
});

test("labelFor: longest label path that is the run or a parent of it", () => {
  const rows = [
    { path: "001_x", fault: "a", variant: "" },
    { path: "001_x_y", fault: "b", variant: "" },
  ];
  assert.equal(labelFor("001_x/lightning_logs/version_0", rows)?.fault, "a");
  assert.equal(labelFor("001_x_y", rows)?.fault, "b");
  assert.equal(labelFor("002", rows), undefined);
});

test("score: a cause the ranking kept unconfirmed on a warning counts within the logged evidence, never in the headline recall", () => {
  const unconfirmed = (severity: Finding["severity"]): Finding => ({
    ...f(severity, []),
    candidates: [{ code: "weights_frozen", score: 0.8, status: "unconfirmed" }],
  });
  const s = score([
    { run: "a", fault: "weights_frozen", variant: "v", findings: [unconfirmed("error")] },
    { run: "b", fault: "weights_frozen", variant: "v", findings: [unconfirmed("info")] },
    { run: "c", fault: "weights_frozen", variant: "v", findings: [f("warning", ["weights_frozen"])] },
    { run: "d", fault: "weights_frozen", variant: "v", findings: [f("warning", ["dead_relu"])] },
  ]);
  const w = s.faults[0];
  assert.equal(w.recall, 0.25); // c only
  assert.equal(w.bounded, 0.5); // c, and a (unconfirmed on an error); b's info finding does not count
  assert.equal(s.macroBounded, 0.5);
});
