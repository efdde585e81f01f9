// A small seeded fault-zoo subset, trained here with TF.js (examples/fault-zoo), diagnosed and
// scored: healthy runs get no warning/error, and the faults whose signature the scalars carry are
// found with an accepted cause.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { evaluateZoo } from "./main.ts";
import { acceptedCauses } from "./accepted.ts";
import { distinctCauses } from "./score.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

test("seeded zoo subset: healthy runs quiet, faults found with accepted causes", { timeout: 120_000 }, async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-zoo-test-"));
  try {
    const r = spawnSync(process.execPath, ["--import", "tsx", "examples/fault-zoo/build.ts", "--out", out, "--seed", "7", "--subset", "10",
      "--faults", "healthy,learning_rate_too_low,class_imbalance,overfitting,too_few_epochs,learning_rate_too_high", "--workers", "2"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const { items, score } = await evaluateZoo(out);
    assert.ok(items.length >= 6, `only ${items.length} runs built`);
    for (const it of items) {
      const cs = distinctCauses(it.findings);
      if (it.fault === "healthy") {
        assert.deepEqual(it.findings.filter((f) => f.severity !== "info").map((f) => f.symptom), [], it.run);
      } else if (["learning_rate_too_low", "class_imbalance", "overfitting"].includes(it.fault)) {
        const acc = acceptedCauses(it.fault, it.variant);
        assert.ok(cs.some((c) => acc.has(c)), `${it.run}: ${cs.join(",")}`);
      }
      assert.ok(cs.length <= 3, `${it.run}: ${cs.join(",")}`);
    }
    assert.ok(score.macroRecall >= 0.6, `macro recall ${score.macroRecall}`);
    assert.equal(score.healthyFalsePositives, 0);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
