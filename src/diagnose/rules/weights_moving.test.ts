// A loss that stays at chance reads as steps too small (learning_rate_too_low) from the scalars;
// weight histograms are evidence of that cause's own kind. Kernels that change by several per
// cent of their size per epoch rule it out (the `weights.moving` fact vetoes the cause, which stays
// among the ranking's candidates as dropped); kernels that change by 1e-4 per epoch keep it.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { TrainingRun } from "../../model/index.ts";
import { ADD_SCALARS_TAGS, epochRun, histOf, normals, role } from "../test_runs.test_util.ts";
import { diagnoseRun } from "../engine.ts";

/** 10 epochs of a 4-class classifier whose loss stays near ln 4; the kernels grow by `perEpoch` each epoch. */
function flatRun(perEpoch: number): TrainingRun {
  const E = 10;
  const rows = Array.from({ length: E }, (_, e) => [1.3862 - 0.0035 * e, 0.26 + 0.004 * e, 1.385 - 0.003 * e, 0.3 + 0.008 * e] as const);
  const run = epochRun(`flat-${perEpoch}`, rows, ADD_SCALARS_TAGS);
  const dir = run.dirs[0];
  for (const [tag, n, seed] of [
    ["conv1.weight", 200, 1],
    ["fc1.weight", 800, 2],
    ["out.weight", 128, 3],
  ] as const) {
    const v = normals(n, 0.1, seed);
    const h = dir.histogram(tag);
    for (let e = 0; e < E; e++)
      h.push(
        histOf(
          e,
          v.map((x) => x * (1 + perEpoch * e)),
        ),
      );
    run.roles.push(role(tag, "weight_hist", tag.replace(/\.weight$/, "")));
  }
  return run;
}

test("a flat loss at chance with weights barely moving (1e-4 per epoch): learning_rate_too_low asserted", () => {
  const f = diagnoseRun(flatRun(1e-4));
  const flat = f.find((x) => x.symptom === "loss_not_decreasing");
  assert.ok(flat, JSON.stringify(f.map((x) => x.symptom)));
  assert.equal(flat.causes[0]?.code, "learning_rate_too_low");
});

test("the same flat loss with weights moving 5 % per epoch: learning_rate_too_low ruled out by the weights, kept as a dropped candidate", () => {
  const f = diagnoseRun(flatRun(0.05));
  const flat = f.find((x) => x.symptom === "loss_not_decreasing");
  assert.ok(flat, JSON.stringify(f.map((x) => x.symptom)));
  assert.ok(!flat.causes.some((c) => c.code === "learning_rate_too_low"), flat.causes.map((c) => c.code).join());
  assert.ok(!f.some((x) => x.severity !== "info" && x.causes.some((c) => c.code === "learning_rate_too_low")));
  const candidates = flat.candidates as Array<{ code: string; score: number; status: string; ruledOut?: string }>;
  const dropped = candidates.find((c) => c.code === "learning_rate_too_low");
  assert.equal(dropped?.status, "dropped");
  assert.equal(dropped.score, 0);
  assert.match(
    dropped.ruledOut ?? "",
    /^the weights move at a healthy rate: a median 4\.\d % of their size between records over 3 kernel\(s\)$/,
  );
  assert.match(
    String(flat.rankedBy ?? ""),
    /learning_rate_too_low ruled out: the weights move at a healthy rate: a median 4\.\d % of their size between records/,
  );
});
