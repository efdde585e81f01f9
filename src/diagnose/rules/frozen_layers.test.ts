// Frozen layers from weight histograms: most layers bit-for-bit constant while the head trains is
// the usual fine-tuning set-up (pretrained weights, heavy tails) and stays an observation when the
// run ends well; the same layers still holding a fresh uniform initialisation (every value within
// √3 standard deviations of the mean) were frozen by mistake: `weights_frozen` is asserted, first.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { TrainingRun } from "../../model/index.ts";
import { histOf, makeRun, normals, role, setHParams } from "../test_runs.test_util.ts";
import { diagnoseRun } from "../engine.ts";

/** Deterministic uniform values in [−bound, bound] (seeded LCG). */
function uniforms(n: number, bound: number, seed: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(bound * (2 * ((s + 0.5) / 4294967296) - 1));
  }
  return out;
}

/** Trained weights: Gaussian with a heavy tail (a few large weights, as pretrained layers have). */
function pretrained(n: number, std: number, seed: number): number[] {
  return normals(n, std, seed).map((x, i) => (i % 50 === 0 ? x * 4 : x));
}

/**
 * A regression run (no accuracy) of 12 epochs × 25 steps whose per-step loss falls 4.5 → 3.0 and
 * whose validation loss follows; fc1 and fc2 never change, `out` moves by 1e-3 per step.
 */
function frozenRun(frozenValues: (n: number, seed: number) => number[]): TrainingRun {
  const { run, dir } = makeRun("frozen");
  const spe = 25,
    E = 12;
  const kernels: Record<string, number[]> = {
    "fc1.weight": frozenValues(768, 1),
    "fc2.weight": frozenValues(2048, 2),
    "out.weight": uniforms(32, 0.17, 3),
  };
  for (const [tag, v] of Object.entries(kernels)) {
    const h = dir.histogram(tag);
    for (let e = 0; e <= E; e++) {
      const t = e * spe;
      const k = tag.startsWith("out") ? 1 + 1e-3 * t : 1;
      h.push(
        histOf(
          t,
          v.map((x) => x * k),
        ),
      );
    }
    run.roles.push(role(tag, "weight_hist", tag.replace(/\.weight$/, "")));
  }
  const tl = dir.scalar("train/loss"),
    vl = dir.scalar("val/loss");
  const noise = normals(E * spe, 0.05, 9);
  for (let t = 1; t <= E * spe; t++) tl.push(t, t, 3 + 1.5 * Math.exp(-t / 120) + noise[t - 1]);
  for (let e = 1; e <= E; e++) vl.push(e * spe, e, 3.1 + 1.5 * Math.exp((-e * spe) / 120));
  run.roles.push(role("train/loss", "train_loss", undefined, "scalar"), role("val/loss", "val_loss", undefined, "scalar"));
  setHParams(run, { batch_size: 64, n_train: 1600, epochs: E, loss: "mse" });
  return run;
}

test("layers frozen at a fresh uniform initialisation: weights_frozen asserted from the histograms, ranked first", () => {
  const f = diagnoseRun(frozenRun((n, seed) => uniforms(n, 1 / Math.sqrt(12), seed)));
  const w = f.find((x) => x.symptom === "weight_not_updated");
  assert.ok(w, "a weight_not_updated finding");
  assert.equal(w.severity, "warning");
  assert.equal(w.causes[0]?.code, "weights_frozen");
  assert.match(w.title, /fresh random initialisation/);
  assert.ok(w.evidence.every((e) => e.source === "histogram"));
});

test("a frozen pretrained backbone (heavy-tailed weights) under a training head stays an observation", () => {
  const f = diagnoseRun(frozenRun((n, seed) => pretrained(n, 0.05, seed)));
  const w = f.find((x) => x.symptom === "weight_not_updated");
  assert.ok(w, "the frozen layers are still reported");
  assert.equal(w.severity, "info");
  assert.deepEqual(w.causes, []);
  assert.ok(!f.some((x) => x.severity !== "info" && x.causes.some((c) => c.code === "weights_frozen")));
});
