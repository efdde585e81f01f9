// Builds a tiny seeded subset of the fault zoo (real TF.js training, 2 worker processes) and checks
// labels.json, the logged files of each convention, and that the injected faults show in the logs
// as read back by the project's reader.

import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildZoo, type Labels } from "./build.ts";
import { buildCatalog } from "./catalog.ts";
import { loadExperiment } from "../../src/reader/index.ts";
import { runScalars } from "../../src/model/index.ts";

test("catalogue: ≥ 150 runs, every fault with several variants, more healthy runs than any fault", () => {
  const runs = buildCatalog({ seed: 1 });
  assert.ok(runs.length >= 150, `${runs.length} runs`);
  const byFault = new Map<string, Set<string>>();
  const count = new Map<string, number>();
  for (const r of runs) {
    byFault.set(r.fault, (byFault.get(r.fault) ?? new Set()).add(r.variant));
    count.set(r.fault, (count.get(r.fault) ?? 0) + 1);
  }
  assert.equal(byFault.size, 19);
  const healthy = count.get("healthy")!;
  for (const [f, n] of count) if (f !== "healthy") assert.ok(healthy > n, `healthy ${healthy} vs ${f} ${n}`);
  assert.deepEqual(buildCatalog({ seed: 1 }), runs, "deterministic");
  assert.notDeepEqual(
    buildCatalog({ seed: 2 }).map((r) => r.seed),
    runs.map((r) => r.seed),
  );
});

test("zoo subset: trains, labels, logs in its convention, and the injections show", async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-zoo-"));
  const labels: Labels = await buildZoo({
    out,
    seed: 3,
    quiet: true,
    workers: 2,
    faults: ["healthy", "numerical_instability", "weights_frozen", "learning_rate_too_high"],
    subset: 4,
    level: "full",
  });
  const onDisk = JSON.parse(fs.readFileSync(path.join(out, "labels.json"), "utf8")) as Labels;
  assert.deepEqual(onDisk, labels);
  assert.equal(labels.runs.length + labels.dropped.length, 4);
  assert.ok(labels.runs.length >= 3, JSON.stringify(labels.dropped));
  const exp = await loadExperiment(out);
  for (const r of labels.runs) {
    assert.ok(fs.existsSync(path.join(out, r.path)), r.path);
    for (const k of ["model", "optimizer", "lr", "batch_size", "epochs", "dataset", "loss", "output_activation"])
      assert.ok(k in r.config, k);
    assert.equal(r.check.visible, true);
    const run = exp.runs.find((x) => x.name === r.path || x.name.startsWith(r.path + "/"));
    assert.ok(run, `reader finds ${r.path}`);
    const roles = new Map(run.roles.map((a) => [a.role, a.key]));
    assert.ok(roles.has("train_loss"), `${r.path}: train loss role`);
    const loss = runScalars(run).get(roles.get("train_loss")!)!;
    if (r.fault === "numerical_instability")
      assert.ok(
        [...loss.values].some((v) => !Number.isFinite(v)),
        "loss went non-finite",
      );
    if (r.fault === "healthy") {
      const v = [...loss.values];
      assert.ok(v.every(Number.isFinite) && v.at(-1)! < v[0], "healthy loss falls");
    }
    if (r.fault === "weights_frozen" && r.convention !== "csv") {
      // the frozen layer's weight histogram is identical at every collection
      const layer = String((r.config.fault_params as Record<string, unknown>).frozen_layer);
      const hs = run.dirs
        .flatMap((d) => [...d.histograms.entries()])
        .filter(([t]) => t.includes(layer) && /kernel|weight/.test(t) && !/grad/.test(t));
      assert.ok(hs.length > 0, "frozen layer histogram logged");
      const pts = hs[0][1].points;
      assert.ok(pts.length >= 2);
      assert.equal(pts.at(-1)!.sum, pts[0].sum);
      assert.equal(pts.at(-1)!.sumSquares, pts[0].sumSquares);
    }
  }
});
