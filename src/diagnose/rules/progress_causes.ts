// Ranks the causes of poor progress (a flat or slowly falling loss, an accuracy at chance):
// first what the per-layer signals show; then the logged learning rate against its optimizer's
// usual range; then the shape of the curve (noisy or rising back → learning rate too high);
// then, for a flat curve with a usual learning rate, the logged architecture (deep sigmoid/tanh →
// vanishing gradients; ReLU → dead units or a constant init). At most two causes.
import type { Cause } from "../types.ts";
import type { RunSignals } from "../signals/index.ts";
import { makeCause } from "./causes.ts";
import { T } from "../thresholds.ts";
import { fmt, windowEvidence } from "./context.ts";
import { layerCauses } from "./layer_evidence.ts";
import { quantile } from "../signals/robust_stats.ts";
import { partGainShares } from "../signals/loss_trend.ts";

export function progressCauses(s: RunSignals, kind: "flat" | "slow"): Cause[] {
  const out: Cause[] = [];
  const add = (c: Cause) => {
    if (!out.some((o) => o.code === c.code)) out.push(c);
  };
  const spe = s.stepsPerEpoch;
  if (spe && spe.value < T.fewStepsPerEpoch.value) {
    add(
      makeCause(
        "batch_size_too_large",
        T.confFewStepsPerEpoch.value,
        `only ${spe.value} optimizer step(s) per epoch (${spe.source}): too few updates`,
        [{ source: "hparam", tag: "steps_per_epoch", value: spe.value, note: spe.source }],
      ),
    );
  }
  const lr0 = s.lr;
  if (lr0 && lr0.position === "high") {
    add(
      makeCause(
        "learning_rate_too_high",
        T.confLrAboveRangeNoProgress.value,
        `learning rate ${fmt(lr0.value)} is above the usual range ${fmt(lr0.usual[0])}–${fmt(lr0.usual[1])}${lr0.optimizer ? ` for ${lr0.optimizer}` : ""} and the run makes no progress`,
        [{ source: "hparam", tag: lr0.source, value: lr0.value }],
      ),
    );
  }
  const layers = layerCauses(s).filter(
    (l) => l.strength >= T.confLayerReading.value && (l.code !== "exploding_gradient" || kind === "flat"),
  );
  for (const l of layers.slice(0, 2))
    add(makeCause(l.code, out.length ? Math.min(l.strength, T.confLayerReading.value) : l.strength, l.why, l.evidence));
  if (out.length) return out.slice(0, 2);
  if (spe && spe.value < T.fewStepsPerEpoch.value) return out;
  const tr = s.train ?? s.val;
  const lr = s.lr;
  const lrEv = lr ? [{ source: "hparam" as const, tag: lr.source, value: lr.value }] : [];
  const range = lr ? `${fmt(lr.usual[0])}–${fmt(lr.usual[1])}${lr.optimizer ? ` for ${lr.optimizer}` : ""}` : "";
  if (lr && lr.position === "high")
    return [
      makeCause(
        "learning_rate_too_high",
        T.confLrAboveRangeFlat.value,
        `learning rate ${fmt(lr.value)} is above the usual range ${range} and the loss does not fall`,
        lrEv,
      ),
    ];
  if (lr && lr.position === "low")
    return [
      makeCause(
        "learning_rate_too_low",
        T.confLrBelowRangeFlat.value,
        `learning rate ${fmt(lr.value)} is below the usual range ${range} and the loss barely moves`,
        lrEv,
      ),
    ];
  if (!tr) return out;
  // overshoot is judged on a per-epoch curve when there is one: a per-step loss also jumps from
  // batch to batch at a model that does not change
  const epochCurve = s.val && s.val.n >= 5 ? s.valStability : null;
  const st = epochCurve ?? s.trainStability;
  // (a flat noisy curve rises on about half of its steps: rises count only when the curve also ends above its start)
  const noisy = st && (st.residualRel > 0.1 || (st.riseShare > 0.35 && tr.last > tr.first) || st.spikes.length >= 3);
  const rosBack = st && st.lastOverBest > 1.3 && tr.bestIndex < tr.n * 0.7;
  if (noisy || rosBack) {
    return [
      makeCause(
        "learning_rate_too_high",
        T.confNoisyOrRoseBack.value,
        rosBack ? `the loss reached ${fmt(tr.best)} and rose back to ${fmt(tr.last)}` : "the loss jumps around instead of falling",
        [windowEvidence(tr, "last")],
      ),
    ];
  }
  const ev = [windowEvidence(tr, "first"), windowEvidence(tr, "last")];
  const a = s.arch;
  const archEv = a.activationName
    ? [
        {
          source: "hparam" as const,
          tag: "activation",
          value: a.activationName,
          note: a.depth !== undefined ? `${a.depth} hidden layer(s)` : undefined,
        },
      ]
    : [];
  if (kind === "slow") {
    // (a validation loss that stopped improving halfway while the training loss still falls is a
    // model that no longer generalises what it learns, not a step too small)
    if (valLevelledWhileTrainFalls(s)) return [];
    return [
      makeCause(
        "learning_rate_too_low",
        T.confSlowSteady.value,
        `the loss falls steadily but slowly (${fmt(tr.relImprovement * 100)} % over the run)${lr ? ` with learning rate ${fmt(lr.value)}` : ""}`,
        ev,
      ),
    ];
  }
  if ((a.activation === "sigmoid" || a.activation === "tanh") && (a.depth ?? 0) >= T.deepNetLayers.value) {
    return [
      makeCause(
        "vanishing_gradient",
        T.confDeepSaturatingFlat.value,
        `a ${a.depth}-layer ${a.activation} network whose loss never leaves its start: gradients shrink through the saturating layers`,
        [...archEv, ...ev],
      ),
    ];
  }
  // a slow but steady fall (almost every epoch lower): the steps are too small
  const ep = s.view.trainLossEpoch ?? s.view.valLoss;
  const epv = ep ? ep.values.filter(Number.isFinite) : [];
  let downs = 0;
  for (let i = 1; i < epv.length; i++) if (epv[i] < epv[i - 1]) downs++;
  if (epv.length >= 8 && downs / (epv.length - 1) >= T.monotoneShare.value) {
    return [
      makeCause(
        "learning_rate_too_low",
        T.confMonotoneSmallSteps.value,
        `${ep!.key} falls in ${downs} of ${epv.length - 1} epochs, but by only ${fmt(tr.relImprovement * 100)} % in all: the steps are too small`,
        ev,
      ),
    ];
  }
  // constant predictions (zero/constant init, dead units) give the same accuracy on the same
  // validation set at every epoch; an accuracy that keeps changing while the loss stays at chance
  // comes from a model that fits its labels and transfers nothing: labels without signal
  const vacc = s.valAcc;
  // (only for a loss that has not left the neighbourhood of the chance level: a flat loss well below
  // ln C has fitted some of its training data, and whatever keeps the validation side behind is no
  // label without signal; with C unknown, a loss below ln 2 is below the chance level of any classifier)
  const nearChance = tr.last >= T.labelsWithoutSignalLossShare.value * (s.chance ? s.chance.lnC : Math.LN2);
  if (vacc && nearChance && vacc.n >= T.minEpochsForPredictionSpread.value) {
    const spread = quantile(vacc.values, 0.9) - quantile(vacc.values, 0.1);
    // constant outputs whose constant class flips still give only the class shares of the
    // validation set: at most C distinct accuracies; changing predictions give many
    const distinct = new Set(vacc.values.map((x) => Math.round(x * 1e4))).size;
    const classes = s.chance?.classes ?? 2;
    if (spread >= T.predictionSpread.value && distinct > classes + 1) {
      return [
        makeCause(
          "label_noise",
          T.confLabelsWithoutSignal.value,
          `the loss stays at the chance level while the validation accuracy keeps changing (spread ${fmt(spread)}, ${distinct} different values over the epochs): the model fits labels that carry no signal`,
          [...ev, windowEvidence(vacc, "last")],
        ),
      ];
    }
  }
  if (a.activation === "sigmoid" || a.activation === "tanh") {
    if ((a.depth ?? 0) >= T.deepNetLayers.value)
      return [
        makeCause(
          "vanishing_gradient",
          T.confDeepSaturatingFlat.value,
          `a ${a.depth}-layer ${a.activation} network whose loss never leaves its start: gradients shrink through the saturating layers`,
          [...archEv, ...ev],
        ),
      ];
    return [
      makeCause(
        "weight_init_zero",
        T.confShallowSaturatingFlat.value,
        `a shallow ${a.activation} network with a usual learning rate that learns nothing: identical (constant-initialised) units are the usual reason`,
        [...archEv, ...ev],
      ),
    ];
  }
  if (a.activation === "relu") {
    return [
      makeCause(
        "dead_relu",
        T.confReluFlat.value,
        "a ReLU network with a usual learning rate whose loss never moves: its units output zero for every input and pass no gradient (very negative biases, a huge early update, or all-zero initial weights, which leave every ReLU unit at zero from the start)",
        [...archEv, ...ev],
      ),
    ];
  }
  if (tr.tailSlopeRel < -0.02 && tr.relImprovement > 0) {
    return [
      makeCause(
        "learning_rate_too_low",
        T.confSlowSteady.value,
        `the loss still falls, but only ${fmt(tr.relImprovement * 100)} % over the run`,
        ev,
      ),
    ];
  }
  return [
    makeCause(
      "learning_rate_too_low",
      T.confFlatUnseparatedLr.value,
      "from the loss alone a flat curve cannot be told apart: a learning rate too low, vanishing gradients, dead units or a constant initialisation; log weight/gradient histograms to separate them",
      ev,
    ),
    makeCause(
      "weight_init_zero",
      T.confFlatUnseparatedInit.value,
      "constant-initialised or dead units also leave the loss at its starting value",
      [],
    ),
  ];
}

/**
 * The validation loss gained nothing, or made less than `levelledSecondHalfShare` of its gain in the
 * second half, while the training loss made at least `fallingSecondHalfShare` of its gain there.
 */
export function valLevelledWhileTrainFalls(s: RunSignals): boolean {
  const { train: tr, val } = s;
  if (!tr || !val || val.n < T.valMetricMinEvals.value || tr.n < T.valMetricMinEvals.value || !(tr.first > tr.last)) return false;
  // (the second of two equal parts: the share of the gain made in the second half of the run)
  const secondHalf = (c: typeof tr) => partGainShares(c, 2)[1] ?? 0;
  const valLevelled = !(val.first > val.last) || secondHalf(val) < T.levelledSecondHalfShare.value;
  return valLevelled && secondHalf(tr) >= T.fallingSecondHalfShare.value;
}
