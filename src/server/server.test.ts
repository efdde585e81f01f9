// Dashboard API: LTTB down-sampling, debiased EMA smoothing, scalars with zoom, runs list,
// diagnosis, shared histogram bins and CSV export.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RunDir, type TrainingRun, type Histogram } from "../model/index.ts";
import { createApp, lttbIndices, debiasedEma, windowMean } from "./index.ts";
import { shareBins } from "./histograms.ts";

function makeRun(name: string, fill: (d: RunDir) => void, failed = false): TrainingRun {
  const d = new RunDir(name);
  fill(d);
  return {
    name,
    dirs: [d],
    hparams: new Map([["lr", { name: "lr", value: 0.1, sourceKind: "hparams_json", source: `${name}/hparams.json` }]]),
    hparamConflicts: [],
    roles: [{ key: "loss", kind: "scalar", role: "train_loss", rule: "test" }],
    problems: failed
      ? [
          {
            file: `${name}/events.out.tfevents.1`,
            offset: 24,
            code: "not_event_file",
            message: "bytes do not frame as TFRecord",
            severity: "error",
          },
        ]
      : [],
    failed,
  };
}

const big = makeRun("big", (d) => {
  const s = d.scalar("loss");
  for (let i = 0; i < 50_000; i++)
    s.push(i, 1000 + i * 0.5, i === 30_000 ? NaN : i === 40_000 ? Infinity : Math.exp(-i / 10_000) + (i === 12_345 ? 5 : 0));
  const h = d.histogram("fc1.weight");
  for (let step = 0; step < 10; step++) {
    h.push({
      step,
      wallTime: 1000 + step,
      min: -1 - step / 10,
      max: 1 + step / 10,
      num: 100,
      sum: 0,
      sumSquares: 10,
      lefts: Float64Array.from([-Infinity, 0]),
      rights: Float64Array.from([0, Infinity]),
      counts: Float64Array.from([40, 60]),
      nonFinite: { nan: step === 9 ? 2 : 0, posInf: 0, negInf: 0 },
    } satisfies Histogram);
  }
});
const small = makeRun("small", (d) => {
  const s = d.scalar("loss");
  for (let i = 0; i < 2000; i++) s.push(i, 1000 + i, i >= 1500 ? NaN : 2 * Math.exp(-i / 300) + 0.1);
});
const broken = makeRun("broken", () => {}, true);

test("LTTB keeps first, last and the spike, and returns exactly the threshold", () => {
  const n = 100_000;
  const x = new Float64Array(n),
    y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = i;
    y[i] = i === 54_321 ? 100 : Math.sin(i / 1000);
  }
  const idx = lttbIndices(x, y, 2000);
  assert.equal(idx.length, 2000);
  assert.equal(idx[0], 0);
  assert.equal(idx[1999], n - 1);
  assert.ok(idx.includes(54_321), "the spike survives down-sampling");
  for (let i = 1; i < idx.length; i++) assert.ok(idx[i] > idx[i - 1], "indices strictly increase");
  // Fewer points than the threshold: all of them.
  assert.deepEqual([...lttbIndices([0, 1, 2], [5, 6, 7], 10)], [0, 1, 2]);
  // Hand-checked: 5 points into 3 buckets; the middle bucket (1..3) keeps the point farthest from
  // the line between point 0 and the last bucket's average (point 4).
  assert.deepEqual([...lttbIndices([0, 1, 2, 3, 4], [0, 0, 9, 0, 0], 3)], [0, 2, 4]);
});

test("debiased EMA matches the formula, skips non-finite values and leaves constants alone", () => {
  const out = debiasedEma([1, 2, NaN, 3], 0.6);
  assert.equal(out[0], 1);
  assert.ok(Math.abs(out[1] - (0.6 * 0.4 + 0.4 * 2) / (1 - 0.36)) < 1e-12);
  assert.ok(Number.isNaN(out[2]));
  const last = ((0.6 * 0.4 + 0.4 * 2) * 0.6 + 0.4 * 3) / (1 - 0.216);
  assert.ok(Math.abs(out[3] - last) < 1e-12, `${out[3]} vs ${last}`);
  assert.deepEqual([...debiasedEma([4, 4, 4], 0.9)], [4, 4, 4]);
  const m = windowMean([1, 2, 3, NaN, 5], 3);
  assert.equal(m[0], 1.5);
  assert.equal(m[1], 2);
  assert.equal(m[2], 2.5);
  assert.ok(Number.isNaN(m[3]));
  assert.equal(m[4], 5);
});

test("scalars API: LTTB-sampled, smoothing on the full data, non-finite values as markers", async () => {
  const d = createApp({ runs: [big, broken] });
  const res = await d.request("/api/scalars?run=big&tag=loss&points=1000&smoothing=0.9&window=11");
  assert.equal(res.status, 200);
  const j = await res.json();
  assert.equal(j.total, 50_000);
  assert.equal(j.sampled, true);
  assert.equal(j.x.length, 1000);
  assert.ok(j.steps.includes(12_345), "spike kept");
  assert.deepEqual(
    j.markers.map((m: { step: number; kind: string }) => [m.step, m.kind]),
    [
      [30_000, "nan"],
      [40_000, "+inf"],
    ],
  );
  assert.deepEqual(j.nonFinite, { nan: 1, posInf: 1, negInf: 0 });
  const full = big.dirs[0].scalars.get("loss")!.values;
  const ema = debiasedEma(full, 0.9),
    mean = windowMean(full, 11);
  for (let k = 0; k < j.x.length; k += 97) {
    const i = j.steps[k];
    assert.ok(Math.abs(j.ema[k] - ema[i]) < 1e-9, "EMA value at a sampled point equals the full-data EMA");
    assert.ok(Math.abs(j.mean[k] - mean[i]) < 1e-9);
  }
  // The EMA on the full data differs from an EMA over the sampled points.
  const sampledEma = debiasedEma(j.y, 0.9);
  assert.ok(j.ema.some((v: number, k: number) => Math.abs(v - sampledEma[k]) > 1e-3));
  d.close();
});

test("scalars API: zoom returns the full resolution of the requested range; x axes", async () => {
  const d = createApp({ runs: [big] });
  const j = await (await d.request("/api/scalars?run=big&tag=loss&points=1000&min=29990&max=30500")).json();
  assert.equal(j.inRange, 511);
  assert.equal(j.sampled, false);
  assert.equal(j.x.length, 510, "every finite point of the range (the NaN is a marker)");
  assert.equal(j.x[0], 29_990);
  assert.equal(j.x.at(-1), 30_500);
  assert.equal(j.markers.length, 1);
  const rel = await (await d.request("/api/scalars?run=big&tag=loss&x=relative&min=0&max=10")).json();
  assert.deepEqual(
    rel.steps,
    Array.from({ length: 21 }, (_, i) => i),
  );
  assert.equal(rel.x[2], 1);
  const wall = await (await d.request("/api/scalars?run=big&tag=loss&x=wall&points=10")).json();
  assert.equal(wall.x[0], 1000);
  assert.equal(wall.xExtent[1], 1000 + 49_999 * 0.5);
  d.close();
});

test("runs list shows a failed run's error beside the working run; diagnosis and knowledge base", async () => {
  const d = createApp({ runs: [small, broken] });
  const list = await (await d.request("/api/runs")).json();
  const b = list.runs.find((r: { name: string }) => r.name === "broken");
  assert.equal(b.status, "failed");
  assert.match(b.error, /events\.out\.tfevents\.1 at byte 24: bytes do not frame/);
  const ok = list.runs.find((r: { name: string }) => r.name === "small");
  assert.equal(ok.status, "loaded");
  assert.equal(ok.hparams.lr, 0.1);
  assert.equal(ok.lastValues[0].role, "train_loss");
  // The real diagnosis engine on the run: the NaN loss is an error finding with its step as evidence.
  const diag = await (await d.request("/api/diagnosis?run=small")).json();
  assert.equal(diag.worst, "error");
  const nan = diag.findings.find((f: { symptom: string }) => f.symptom === "loss_nan_or_inf");
  assert.ok(nan, JSON.stringify(diag.findings.map((f: { symptom: string }) => f.symptom)));
  assert.equal(nan.evidence[0].step, 1500);
  const again = await (await d.request("/api/runs")).json();
  assert.equal(again.runs.find((r: { name: string }) => r.name === "small").diagnosis.worst, "error");
  const failed = await (await d.request("/api/tags?run=broken")).json();
  assert.deepEqual(failed.scalars, [], "what a failed run holds is still served (here nothing)");
  assert.equal((await d.request("/api/tags?run=nope")).status, 404);
  const kb = await (await d.request("/api/knowledge")).json();
  assert.ok(kb.entries.length > 50);
  assert.ok(kb.entries.some((e: { id: string; fixes: string[] }) => e.id === "cause.learning_rate_too_high" && e.fixes.length > 0));
  d.close();
});

test("histograms share bins across steps and keep their mass; export gives full-resolution CSV and JSON", async () => {
  const d = createApp({ runs: [big] });
  const h = await (await d.request("/api/histograms?run=big&tag=fc1.weight&bins=20")).json();
  assert.equal(h.edges.length, 21);
  assert.equal(h.edges[0], -1.9);
  assert.ok(Math.abs(h.edges[20] - 1.9) < 1e-12);
  assert.equal(h.steps.length, 10);
  for (const s of h.steps) assert.ok(Math.abs(s.counts.reduce((a: number, b: number) => a + b, 0) - 100) < 1e-9);
  // Step 0 spans [-1, 1]: no mass in the outer shared bins.
  assert.equal(h.steps[0].counts[0], 0);
  assert.ok(h.steps[9].counts[0] > 0);
  assert.equal(h.steps[9].nonFinite.nan, 2);
  const picked = shareBins("t", big.dirs[0].histograms.get("fc1.weight")!.points, 10, 4);
  assert.deepEqual(
    picked.steps.map((s) => s.step),
    [0, 3, 6, 9],
  );
  assert.equal(picked.sampled, true);

  const csv = await (await d.request("/api/export?run=big&tag=loss&format=csv")).text();
  const lines = csv.trim().split("\n");
  assert.equal(lines.length, 50_001);
  assert.equal(lines[0], "run,tag,step,wall_time,value");
  assert.equal(lines[30_001], "big,loss,30000,16000,nan");
  const json = await (await d.request("/api/export?run=big&tag=loss&format=json")).json();
  assert.equal(json.series[0].points.length, 50_000);
  assert.equal(json.series[0].points[40_000].value, "Infinity");
  d.close();
});
