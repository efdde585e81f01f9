// Diagnosis engine on the real fixtures (test/fixtures) and on degenerate runs built from the
// model classes: healthy runs give no warning/error, a diverging run gives loss_nan_or_inf with a
// learning-rate or numerical cause, degenerate inputs give `info` only.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { RunDir, type TrainingRun } from "../model/index.ts";
import { loadExperiment } from "../reader/index.ts";
import { diagnoseExperiment, diagnoseRun } from "./index.ts";
import type { Finding } from "./types.ts";

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures");

function severe(fs: Finding[]): Finding[] {
  return fs.filter((f) => f.severity !== "info");
}

function runOf(series: Record<string, [number, number][]>, name = "r"): TrainingRun {
  const d = new RunDir(name);
  for (const [tag, pts] of Object.entries(series)) {
    const s = d.scalar(tag);
    for (const [st, v] of pts) s.push(st, 0, v);
  }
  return { name, dirs: [d], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
}

test("keras diverging fixture: loss_nan_or_inf error with a learning-rate or numerical cause", async () => {
  const r = diagnoseExperiment(await loadExperiment(path.join(FIX, "generated/keras/diverging")));
  const f = r.findings.find((x) => x.symptom === "loss_nan_or_inf" || x.symptom === "loss_diverging");
  assert.ok(f, JSON.stringify(r.findings));
  assert.equal(f.severity, "error");
  assert.ok(["learning_rate_too_high", "numerical_instability", "exploding_gradient"].includes(f.causes[0].code));
  assert.equal(f.evidence[0].step, 0);
  assert.ok(f.causes[0].fixes.length > 0 && f.causes[0].checklist.length > 0);
});

test("healthy fixtures (keras classifier, pandas log, pytorch mlp): no warning or error", async () => {
  for (const p of ["generated/keras/classifier", "generated/pandas", "generated/pytorch/mlp"]) {
    const r = diagnoseExperiment(await loadExperiment(path.join(FIX, p)));
    assert.ok(r.runs.length >= 1, p);
    assert.deepEqual(
      severe(r.findings).map((f) => f.symptom),
      [],
      `${p}: ${JSON.stringify(severe(r.findings))}`,
    );
  }
});

test("lightning csv fixture (3 epochs, validation loss still falling): cut short, too_few_epochs", async () => {
  const r = diagnoseExperiment(await loadExperiment(path.join(FIX, "generated/lightning/csv")));
  assert.equal(r.runs[0].roles.train_loss, "train_loss_step");
  const f = r.findings.find((x) => x.symptom === "still_improving_at_end");
  assert.ok(f);
  assert.equal(f.causes[0].code, "too_few_epochs");
  assert.ok(r.findings.every((x) => x.severity !== "error"));
});

test("pandas log with one missing val cell: reported as gaps (info), not a NaN loss", async () => {
  const r = diagnoseExperiment(await loadExperiment(path.join(FIX, "generated/pandas")));
  const g = r.findings.find((f) => f.symptom === "loss_gaps");
  assert.ok(g);
  assert.equal(g.severity, "info");
  assert.equal(g.evidence[0].step, 4);
});

test("degenerate inputs give info findings only, never a crash", () => {
  const cases: [string, TrainingRun][] = [
    [
      "no loss",
      runOf({
        "foo/bar": [
          [0, 1],
          [1, 2],
          [2, 3],
        ],
      }),
    ],
    [
      "only NaN",
      runOf({
        loss: [
          [0, NaN],
          [1, NaN],
          [2, NaN],
        ],
      }),
    ],
    ["one point", runOf({ loss: [[0, 2.3]] })],
    [
      "unknown tags",
      runOf({
        zzz: [
          [0, 1],
          [5, 0.5],
        ],
        "qq/x": [[0, 3]],
      }),
    ],
    ["empty run", runOf({})],
  ];
  for (const [name, run] of cases) {
    const fs = diagnoseRun(run);
    assert.ok(fs.length >= 1, name);
    assert.deepEqual(severe(fs), [], name);
    assert.ok(
      fs.every((f) => f.causes.length === 0),
      name,
    );
  }
  const noLoss = diagnoseRun(runOf({ "foo/bar": [[0, 1]] }));
  assert.match(String(noLoss[0].evidence[0].note), /foo\/bar/);
  const one = diagnoseRun(runOf({ loss: [[7, 2.3]] }));
  assert.equal(one[0].symptom, "too_few_points");
});

function curve(n: number, f: (i: number) => number): [number, number][] {
  return Array.from({ length: n }, (_, i) => [i, f(i)]);
}

test("hand-built curves: divergence, plateau at chance, overfitting, healthy", () => {
  let seed = 1;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647 - 0.5;
  };
  const healthy = runOf({
    loss: curve(200, (i) => 2.3 * Math.exp(-i / 40) + 0.1 + 0.03 * rnd()),
    val_loss: curve(200, (i) => 2.3 * Math.exp(-i / 40) + 0.15 + 0.03 * rnd()),
    accuracy: curve(200, (i) => 0.1 + 0.85 * (1 - Math.exp(-i / 40))),
  });
  assert.deepEqual(severe(diagnoseRun(healthy)), []);
  const diverging = runOf({ loss: curve(100, (i) => (i < 30 ? 2.3 - i * 0.03 : 1.4 * Math.exp((i - 30) / 15)) + 0.02 * rnd()) });
  const d = diagnoseRun(diverging);
  assert.equal(d[0].symptom, "loss_diverging");
  assert.equal(d[0].causes[0].code, "learning_rate_too_high");
  const flat = runOf({ loss: curve(100, () => Math.log(10) + 0.01 * rnd()), accuracy: curve(100, () => 0.1 + 0.01 * rnd()) });
  const fl = diagnoseRun(flat);
  assert.equal(fl[0].symptom, "loss_not_decreasing");
  assert.equal(fl[0].severity, "error");
  assert.ok(fl[0].causes.length >= 1 && fl[0].causes.length <= 2);
  const over = runOf({
    loss: curve(100, (i) => 1.0 * Math.exp(-i / 15) + 0.01),
    val_loss: curve(100, (i) => 0.6 * Math.exp(-i / 10) + 0.3 + 0.01 * Math.max(0, i - 25)),
  });
  const o = diagnoseRun(over);
  const vr = o.find((f) => f.symptom === "val_loss_rising");
  assert.ok(vr, JSON.stringify(o.map((f) => f.symptom)));
  assert.equal(vr.causes[0].code, "overfitting");
});
