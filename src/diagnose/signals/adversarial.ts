// Adversarial training (GANs): a discriminator/critic loss and a generator loss that play against
// each other. Neither is minimised on its own: a healthy D loss hovers around a constant (ln 4 ≈
// 1.386 for the standard BCE game at equilibrium), a WGAN critic loss is negative and drifts, and
// the G loss may rise while samples improve. Progress and trend rules do not apply to them; only
// non-finite values and a collapse (D loss → 0 while G loss grows) say something.
import { runScalars } from "../../model/index.ts";
import { curveTrend, type CurveTrend } from "./loss_trend.ts";
import { curveOf, type RunView } from "./run_view.ts";

export interface AdversarialSignal {
  /** The discriminator / critic loss key and the generator loss key. */
  discriminator: string;
  generator: string;
  /** Their trends (finite points in step order); null when a curve holds no finite value. */
  d: CurveTrend | null;
  g: CurveTrend | null;
}

const D_WORDS = new Set(["d", "disc", "discriminator", "critic", "dis", "netd", "lossd", "errd", "dloss"]);
const G_WORDS = new Set(["g", "gen", "generator", "netg", "lossg", "errg", "gloss"]);

function words(key: string): string[] {
  return key
    .toLowerCase()
    .split(/[/_\-\s.:]+/)
    .filter((w) => w.length > 0);
}

const isLossName = (key: string) => /loss|err|critic|wasserstein|adv/i.test(key);

/** The D and G losses of a run whose scalar tags name both sides of a GAN; null otherwise. */
export function adversarialSignal(view: RunView): AdversarialSignal | null {
  let d: string | undefined, g: string | undefined;
  for (const key of view.scalarKeys) {
    if (!isLossName(key)) continue;
    const w = words(key);
    if (!d && w.some((x) => D_WORDS.has(x))) d = key;
    else if (!g && w.some((x) => G_WORDS.has(x))) g = key;
  }
  if (!d || !g) return null;
  const scalars = runScalars(view.run);
  const trendOf = (key: string): CurveTrend | null => {
    const sr = scalars.get(key);
    return sr ? curveTrend(curveOf(key, sr)) : null;
  };
  return { discriminator: d, generator: g, d: trendOf(d), g: trendOf(g) };
}
