// Real fixtures at the ends of the loss scale: a run resumed after convergence (flat loss near 0,
// accuracy 1.0) is not "not decreasing"; a loss that is 0 at every step is reported as loss_zero.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadExperiment } from "../reader/index.ts";
import { diagnoseRun } from "./index.ts";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures");

async function findingsOf(rel: string) {
  const exp = await loadExperiment(path.join(FIXTURES, rel));
  const run = exp.runs.find((r) => r.name === ".");
  assert.ok(run, `a run at the root of ${rel}`);
  return diagnoseRun(run);
}

test("a converged Keras run (val accuracy 1.0, loss ~3e-5) gets no warning or error", async () => {
  const f = await findingsOf("tensorboard/wandb");
  const alarms = f.filter((x) => x.severity !== "info").map((x) => `${x.severity} ${x.symptom}`);
  assert.deepEqual(alarms, [], `unexpected: ${alarms.join(", ")}`);
});

test("a loss that is 0 at every step is loss_zero, not loss_not_decreasing", async () => {
  const f = await findingsOf("tensorboard/wandb/fixtures-2019");
  const zero = f.find((x) => x.symptom === "loss_zero");
  assert.ok(zero, `loss_zero expected, got ${f.map((x) => x.symptom).join(", ")}`);
  assert.equal(zero.severity, "warning");
  assert.equal(zero.causes[0]?.code, "wrong_loss_function");
  assert.equal(
    f.some((x) => x.symptom === "loss_not_decreasing"),
    false,
    "no loss_not_decreasing",
  );
});
