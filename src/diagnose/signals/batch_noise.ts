// Step-to-step noise of a per-step training loss. Mini-batches differ, so a per-step loss jitters
// around its trend; a loss far smoother than that comes from the same batch again and again.
// A periodic sawtooth whose period is the number of steps per epoch comes from data in a fixed
// (e.g. sorted) order.
import { T } from "../thresholds.ts";
import type { CurveTrend } from "./loss_trend.ts";
import { autocorrelation, mapRankOrder, median, runningMedian } from "./robust_stats.ts";

export interface BatchNoiseSignal {
  /** median |v_i − (v_{i−1} + v_{i+1})/2| over median |v_{i+k} − v_i| for k = 5 % of the run (jitter vs trend). */
  jitterOverTrend: number;
  /** median |v_i − (v_{i−1} + v_{i+1})/2| / median level. */
  jitterRel: number;
  /** Autocorrelation of the detrended log-loss (after the first epoch) at lag = steps per epoch (NaN when unknown). */
  periodicAutocorr: number;
  /** The same at two epochs. */
  periodicAutocorr2: number;
  /**
   * Within-epoch position effect: the share of the detrended log-loss variance explained by the
   * position inside the epoch (step mod steps-per-epoch), corrected for the share that E epochs of
   * pure noise explain by chance ((P − 1)/(N − 1)); 0 for shuffled data, large when the same
   * position gives the same loss in every epoch (NaN when unknown).
   */
  positionShare: number;
  /**
   * The same position effect for a loss logged every k steps where k does not divide the epoch
   * (Lightning's `log_every_n_steps`): points binned by their phase inside the epoch
   * ((step mod steps-per-epoch) / steps-per-epoch, `sawtoothPhaseBinsMax` bins at most),
   * after the first epoch, minus the chance share (P − 1)/(N − 1). NaN when the points align with the
   * epoch (then `positionShare` applies), fall fewer than 3 to an epoch, or span fewer than 3 epochs.
   */
  phaseShare: number;
  /**
   * The same phase effect for data sorted by class: C class blocks of steps-per-epoch / C steps each,
   * restarting every epoch (C from the configuration). The loss jumps at each block's start and
   * falls inside it, so the phase inside the block, not inside the epoch, carries the pattern;
   * a loss logged every k steps samples every phase of the block over the epochs. NaN when C is
   * unknown or below `sawtoothBlockMinClasses`, when the points align with the epoch (the position
   * effect applies), or a block spans fewer than 3 steps.
   */
  blockPhaseShare: number;
  /**
   * Share of the step-to-step changes that are falls, with one rise per epoch spanned left out
   * (the restart at an epoch boundary, wherever the logged steps put it): about ½ for mini-batches
   * that differ, near 1 when the loss falls at almost every step inside an epoch — the same batch
   * fed again and again until the epoch ends. NaN without steps per epoch or with fewer than
   * `fallSharePointsPerEpoch` points to an epoch (a few changes per epoch fall by chance alike).
   */
  withinEpochFallShare: number;
  period: number;
}

export function batchNoise(
  tr: CurveTrend,
  period: number | null,
  stepsPerEpoch: number | null = null,
  classes: number | null = null,
): BatchNoiseSignal {
  const v = tr.values,
    n = v.length;
  const scratch = new Float64Array(Math.max(n, 1));
  for (let i = 1; i + 1 < n; i++) scratch[i - 1] = Math.abs(v[i] - (v[i - 1] + v[i + 1]) / 2);
  const j = median(scratch.subarray(0, Math.max(0, n - 2)));
  const k = Math.max(2, Math.round(n * 0.05));
  for (let i = 0; i + k < n; i++) scratch[i] = Math.abs(v[i + k] - v[i]);
  const tmed = median(scratch.subarray(0, Math.max(0, n - k)));
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(v[i]);
  const level = Math.max(median(scratch.subarray(0, n)), T.levelFloor.value);
  let ac = NaN,
    ac2 = NaN,
    pos = NaN;
  if (period !== null && period >= 3 && n >= 4 * period) {
    // log scale: the loss falls by orders of magnitude, the within-epoch pattern is multiplicative
    const lv = new Float64Array(n);
    let positive = true;
    for (let i = 0; i < n; i++) {
      lv[i] = Math.log(Math.max(Math.abs(v[i]), T.levelFloor.value));
      if (!(v[i] > 0)) positive = false;
    }
    // for a positive loss the log keeps the order of the values: reuse their ranks
    const base = runningMedian(lv, (period * 2) | 1, positive && tr.order ? mapRankOrder(tr.order, lv) : undefined);
    const d = new Float64Array(n - period);
    for (let i = period; i < n; i++) d[i - period] = lv[i] - base[i];
    ac = autocorrelation(d, period);
    ac2 = autocorrelation(d, 2 * period);
    pos = positionEffect(d, period);
  }
  return {
    // a curve that neither jitters nor moves (a constant, or mostly exact zeros) is not smooth: undefined
    jitterOverTrend: tmed > 1e-15 ? j / tmed : j > 1e-15 ? Infinity : NaN,
    jitterRel: j / level,
    periodicAutocorr: ac,
    periodicAutocorr2: ac2,
    positionShare: pos,
    phaseShare: period === null && stepsPerEpoch !== null ? phaseEffect(tr, stepsPerEpoch) : NaN,
    // (only where the epoch form is read by phase too: a loss logged at every step of the epoch has
    // its class blocks in the position effect already)
    blockPhaseShare:
      period === null &&
      stepsPerEpoch !== null &&
      classes !== null &&
      classes >= T.sawtoothBlockMinClasses.value &&
      stepsPerEpoch / classes >= T.sawtoothPhaseMinCount.value
        ? blockPhaseEffect(tr, stepsPerEpoch, stepsPerEpoch / classes)
        : NaN,
    withinEpochFallShare: stepsPerEpoch !== null ? withinEpochFallShare(tr, stepsPerEpoch) : NaN,
    period: period ?? NaN,
  };
}

function withinEpochFallShare(tr: CurveTrend, stepsPerEpoch: number): number {
  const { steps, values: v } = tr;
  const n = v.length;
  const spacing = medianSpacing(steps);
  if (n < 2 || !(spacing > 0) || stepsPerEpoch / spacing < T.fallSharePointsPerEpoch.value) return NaN;
  let falls = 0,
    rises = 0;
  for (let i = 1; i < n; i++) {
    if (v[i] < v[i - 1]) falls++;
    else if (v[i] > v[i - 1]) rises++;
  }
  const restarts = Math.floor((steps[n - 1] - steps[0]) / stepsPerEpoch);
  const moves = falls + Math.max(0, rises - restarts);
  return moves > 0 ? falls / moves : NaN;
}

/**
 * Between-bin share of the variance of d (d[i] in bin binOf(i) of P), minus the share that P bins
 * of pure noise explain by chance, (P − 1)/(N − 1); 0 for a constant d.
 */
function binnedShare(d: ArrayLike<number>, binOf: (i: number) => number, P: number): number {
  const N = d.length;
  const sum = new Float64Array(P),
    cnt = new Float64Array(P);
  let tot = 0;
  for (let i = 0; i < N; i++) {
    const b = binOf(i);
    sum[b] += d[i];
    cnt[b]++;
    tot += d[i];
  }
  const mu = tot / N;
  let ssTot = 0,
    ssBetween = 0;
  for (let i = 0; i < N; i++) ssTot += (d[i] - mu) ** 2;
  for (let b = 0; b < P; b++) if (cnt[b] > 0) ssBetween += cnt[b] * (sum[b] / cnt[b] - mu) ** 2;
  if (!(ssTot > 0)) return 0;
  return ssBetween / ssTot - (P - 1) / (N - 1);
}

/** Between-position variance share of d grouped by index mod period, minus its chance value. */
function positionEffect(d: Float64Array, period: number): number {
  const n = d.length;
  if (n < 3 * period) return NaN;
  return binnedShare(d, (i) => i % period, period);
}

/** Median step spacing of a curve (0 when it has fewer than two points). */
function medianSpacing(steps: number[]): number {
  const n = steps.length;
  if (n < 2) return 0;
  const gaps = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) gaps[i - 1] = steps[i] - steps[i - 1];
  return median(gaps);
}

/** Between-phase variance share of the detrended log-loss of a sparsely logged per-step loss (see `phaseShare`). */
function phaseEffect(tr: CurveTrend, spe: number): number {
  if (!(spe > 0)) return NaN;
  const spacing = medianSpacing(tr.steps);
  const perEpoch = spe / spacing;
  if (!(spacing > 0) || !(perEpoch >= T.sawtoothPhaseMinCount.value)) return NaN;
  return sparsePhaseShare(tr, spe, spe, spacing, Math.floor(perEpoch));
}

/** The same, the phase taken inside class blocks of `block` steps that restart every epoch (see `blockPhaseShare`). */
function blockPhaseEffect(tr: CurveTrend, spe: number, block: number): number {
  const spacing = medianSpacing(tr.steps);
  if (!(spacing > 0)) return NaN;
  return sparsePhaseShare(tr, spe, block, spacing, Math.floor(block));
}

/**
 * Variance share of the detrended log-loss explained by the phase inside a period of `period`
 * steps that restarts every epoch of `spe` steps (the epoch itself when period = spe), over the
 * points after the first epoch, in `bins` phase bins (clamped to the table's range). NaN when the
 * points span fewer than `sawtoothPhaseMinCount` epochs after the first, or fall fewer than that
 * many to a bin on average.
 */
function sparsePhaseShare(tr: CurveTrend, spe: number, period: number, spacing: number, bins: number): number {
  const { steps, values } = tr,
    n = values.length;
  const start = steps[0] + spe;
  if ((steps[n - 1] - start) / spe < T.sawtoothPhaseMinCount.value) return NaN;
  const lv = new Float64Array(n);
  for (let i = 0; i < n; i++) lv[i] = Math.log(Math.max(Math.abs(values[i]), T.levelFloor.value));
  // detrended over two epochs of points, as the aligned form
  const base = runningMedian(lv, Math.max(T.sawtoothDetrendMinPoints.value, Math.round((2 * spe) / spacing)) | 1);
  const P = Math.max(T.sawtoothPhaseMinCount.value, Math.min(bins, T.sawtoothPhaseBinsMax.value));
  const d: number[] = [],
    bin: number[] = [];
  for (let i = 0; i < n; i++) {
    if (steps[i] < start) continue;
    const inPeriod = (((steps[i] % spe) + spe) % spe) % period;
    d.push(lv[i] - base[i]);
    bin.push(Math.min(P - 1, Math.floor((inPeriod / period) * P)));
  }
  if (d.length < T.sawtoothPhaseMinCount.value * P) return NaN;
  return binnedShare(d, (i) => bin[i], P);
}

export function isSuspiciouslySmooth(s: BatchNoiseSignal): boolean {
  return s.jitterRel < T.smoothNoiseRatio.value * 0.1 && s.jitterOverTrend < T.smoothNoiseRatio.value;
}
