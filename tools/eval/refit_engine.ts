// The engine's refit module: the scale-free thresholds of the diagnosis table that the
// leave-one-family-out harness fits (`npm run eval -- --families --refit tools/eval/refit_engine.ts`),
// each refitted on the training families only. Run directly
// (`node --import tsx tools/eval/refit_engine.ts --world DIR`) it fits the same thresholds on every
// family of the build and prints the values, which thresholds.ts records with their provenance.
import path from "node:path";
import { thresholdRefit } from "./refit.ts";
import { labeledRuns, worldLabels, type LabeledRun } from "./families.ts";

export const FITTED = ["divergeRatio", "initialLossOverChance", "valRiseRel", "notDecreasingRel"];

export const fit = thresholdRefit(FITTED, { log: (m) => process.stderr.write(m + "\n") });

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const i = process.argv.indexOf("--world");
  const world = i > 0 ? process.argv[i + 1] : "";
  if (!world) {
    process.stderr.write("usage: node --import tsx tools/eval/refit_engine.ts --world DIR\n");
    process.exit(2);
  }
  const { groups } = await labeledRuns(world, worldLabels(world));
  const all: LabeledRun[] = [...groups.values()].flatMap((g) => g.runs.map((run) => ({ run, label: g.label })));
  await fit(all, "(none: every family)");
}
