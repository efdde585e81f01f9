// A 1 000 000-point healthy run (built from the model classes) is diagnosed at full resolution:
// every point is read, the trend is seen, and no warning or error comes out. Its speed is measured
// by bench/diagnose.ts, not here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { computeSignals, diagnoseRun } from "./index.ts";
import { syntheticHealthyRun } from "../../tools/curves/synthetic_run.ts";

test("1 M-point healthy run: full-resolution signals, no warning or error", () => {
  const run = syntheticHealthyRun({ steps: 1_000_000 });
  const s = computeSignals(run);
  assert.equal(s.train?.n, 1_000_000);
  assert.equal(s.train?.smooth.length, 1_000_000);
  assert.ok(s.train!.relImprovement > 0.8, `relImprovement ${s.train!.relImprovement}`);
  assert.ok(s.train!.last < 0.3 && s.train!.first > 1.5, `first ${s.train!.first} last ${s.train!.last}`);
  assert.equal(s.stepsPerEpoch?.value, 50_000);
  const findings = diagnoseRun(run);
  const severe = findings.filter((f) => f.severity !== "info");
  assert.deepEqual(
    severe.map((f) => `${f.symptom}: ${f.title}`),
    [],
  );
  assert.ok(
    findings.every((f) => f.symptom !== "diagnosis_failed"),
    JSON.stringify(findings),
  );
});
