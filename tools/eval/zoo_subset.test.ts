// A small seeded fault-zoo subset, trained here with TF.js (examples/fault-zoo), diagnosed and
// scored: healthy runs get no warning/error, and the faults whose signature the scalars carry are
// found with an accepted cause.
import { test } from "node:test";
import assert from "node:assert/strict";
import { acceptedCauses } from "./accepted.ts";
import { distinctCauses } from "./score.ts";
import { withZooSubset } from "./zoo_subset.test_util.ts";

// Real TF.js training of a zoo subset: about 25 s of CPU, minutes of wall time on a loaded machine.
test("seeded zoo subset: healthy runs quiet, faults found with accepted causes", { timeout: 400_000 }, async () => {
  await withZooSubset(
    [
      "--seed",
      "7",
      "--subset",
      "10",
      "--faults",
      "healthy,learning_rate_too_low,class_imbalance,overfitting,too_few_epochs,learning_rate_too_high",
    ],
    ({ items, score }) => {
      assert.ok(items.length >= 6, `only ${items.length} runs built`);
      for (const it of items) {
        const cs = distinctCauses(it.findings);
        if (it.fault === "healthy") {
          assert.deepEqual(
            it.findings.filter((f) => f.severity !== "info").map((f) => f.symptom),
            [],
            it.run,
          );
        } else if (["learning_rate_too_low", "class_imbalance", "overfitting"].includes(it.fault)) {
          const acc = acceptedCauses(it.fault, it.variant);
          assert.ok(
            cs.some((c) => acc.has(c)),
            `${it.run}: ${cs.join(",")}`,
          );
        }
        assert.ok(cs.length <= 3, `${it.run}: ${cs.join(",")}`);
      }
      assert.ok(score.macroRecall >= 0.6, `macro recall ${score.macroRecall}`);
      assert.equal(score.healthyFalsePositives, 0);
    },
  );
});
