// An example refit module for `npm run eval -- --families --refit tools/eval/refit_example.ts`:
// refits two scale-free thresholds of the diagnosis table on the training families only.
// The engine decides which thresholds are fitted; this file shows the shape of such a module.
import { thresholdRefit } from "./refit.ts";

export const fit = thresholdRefit(["divergeRatio", "initialLossOverChance"], { log: (m) => process.stderr.write(m + "\n") });
