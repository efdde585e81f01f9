// Every threshold of the diagnosis, in one place, each with where it comes from:
// SM = SageMaker Debugger built-in rule defaults, AT = AUTOTRAINER (ICSE 2021 defaults),
// DD = DeepDiagnosis, UM = UMLAUT, CP = Cockpit, seed = the accuracy guides in shared/seeds,
// zoo = measured on the fault zoo (tuning seed named in tools/eval/README.md),
// design = a scale-free choice of this tool (explained beside it).

export interface Threshold {
  value: number;
  source: string;
}

function t(value: number, source: string): Threshold {
  return { value, source };
}

export const T = {
  // ---- windows -------------------------------------------------------------------------------
  /** Share of a curve used for its "first" and "last" windows (medians of these). */
  windowFraction: t(0.1, "design: 10 % of the run, robust to single-point noise"),
  /** Minimum points in a window. */
  windowMin: t(3, "design; SM LossNotDecreasing compares over >= 10 steps, epoch logs are shorter"),
  /** Fewer finite loss points than this → only an info finding (not enough to judge a trend). */
  minPointsForTrend: t(4, "design"),

  // ---- non-finite and scale ------------------------------------------------------------------
  /** AT-HEAD: a loss >= 1e3 counts as abnormal. Used only together with a scale-free ratio. */
  lossAbsoluteLarge: t(1e3, "AT-HEAD nan_loss large-loss limit"),
  /** Loss diverging: last window > this × first window (or best) and rising. */
  /** A last point above every earlier one reads as a blow-up only after the curve had fallen this share of its first value. */
  lastJumpFall: t(
    0.3,
    "design: a clear fall before the jump; a real Keras regression (7 epochs) fell 51 % and jumped 2.1× at its last epoch",
  ),
  /** A training loss whose first point comes after this many evaluations missed the early progress: the validation loss's improvement counts too. */
  lateTrainEvals: t(
    2,
    "design: two evaluations before the first training point (a real Lightning run logged its loss every 50 steps, first at epoch 6)",
  ),
  /** A loss this share of the probability-fed floor (or lower) is below it: the floor reading does not hold. */
  floorBelowShare: t(
    0.97,
    "design (the rule's existing 3 % tolerance, named); a real Keras binary classifier's validation loss 0.29 under a floor of 0.313 rules the floor out",
  ),
  divergeRatio: t(
    2.25,
    "fitted by tools/eval/refit.ts (tools/eval/refit_engine.ts) on the 24 worldgen seed-1 families, 2026-12-07 (was 3, design: anchors §10 proposal > 10× first-window median, 3× on the best); real logs and zoo seed 113 checked: no new false alarm",
  ),
  /** A classifier's first loss above this is huge whatever C (ln 1000 ≈ 6.9 for 1000 classes). */
  lossHugeForClassifier: t(10, "design: above ln C for any C up to 20000"),
  /** First loss far above chance level ln C → init too large / unnormalised inputs. */
  initialLossOverChance: t(
    1.5,
    "fitted by tools/eval/refit.ts (tools/eval/refit_engine.ts) on the 24 worldgen seed-1 families, 2026-12-07 (was 3, design: a freshly initialised classifier starts near ln C, seed 004); real logs and zoo seed 113 checked: no new false alarm",
  ),

  /**
   * With the class count named in the configuration, a classifier's first loss above this many
   * times ln C is huge even below `lossHugeForClassifier` (a softmax classifier from any usual
   * initialisation starts near ln C; its first-epoch mean can only be lower). Without the count, C
   * itself is read off the first loss, so only the absolute floor applies.
   */
  initialLossOverKnownChance: t(
    3,
    "design: three times the loss of a uniform prediction; the first-epoch means of every healthy worldgen seed-1/2 and zoo run stay below 1.2 ln C, unnormalised tabular inputs give 3.3–5.7 ln C (worldgen seed 2)",
  ),
  /** Regression (no accuracy): a first loss at least this large... */
  regressionHugeLoss: t(1e6, "design: far above AT-HEAD's 1e3 large-loss limit, so that targets in large units (prices) stay clear"),
  /** ...that falls by at least this factor started from exploded outputs. */
  regressionHugeDrop: t(1e3, "design: three orders of magnitude; a healthy regression from a standard init falls 10–100×"),

  /** Huge first loss: the first-window median at most this share of the first loss = it falls back at once (unscaled inputs, not a too-large init). */
  initialLossFastDrop: t(0.6, "zoo seeds 1–2: unscaled inputs 0.12–0.51, far-too-large init 0.72–1.03"),

  /** A per-step loss rising to this multiple of its first value within the first 5 % of the steps was blown up by the first updates. */
  earlyBlowUpRatio: t(100, "design: two orders of magnitude; zoo seeds 4, 5, 47 (development): one huge first step gives 10^3–10^5×"),
  /** A network with at least this many hidden layers is deep: an overflow from the first step points to exploding activations/gradients. */
  deepNetLayers: t(5, "design; the vanishing-gradient rule uses the same depth for sigmoid/tanh stacks"),

  /** A GAN's discriminator loss at or below this share of its start (with a generator loss tripled) means the discriminator won outright. */
  discriminatorWinsShare: t(0.1, "design: a healthy D loss hovers near its equilibrium (ln 4 for the BCE game)"),

  // ---- progress ------------------------------------------------------------------------------
  /** Relative improvement (first − last)/first below this = not decreasing. */
  notDecreasingRel: t(
    0.05,
    "design; SM LossNotDecreasing with diff_percent, scale-free. Refit by tools/eval/refit.ts on the 24 worldgen seed-1 families (2026-12-07) proposes 0.1; not adopted: it makes a real healthy fine-tune that fell 5–10 % (realworld t5-summarization) a false alarm",
  ),
  /** A loss whose first window and end are both at most this share of its first points fell early and converged (not "not decreasing"). */
  earlyDropShare: t(0.5, "design: the loss halved within the first 10 % of the run"),
  /** An accuracy at or above this means the run has converged: a flat loss is then not a failure. */
  convergedAccuracy: t(0.99, "design: a TF1 Keras fixture (wandb) resumed at val accuracy 1.0 with a loss of 3e-5"),
  /** A classification loss below this share of ln C has converged: a flat loss is then not a failure. */
  convergedLossOverChance: t(0.01, "design: 1 % of the chance-level loss"),
  /** |loss| at most this at every step from the start = a loss that is identically zero (not computed from the predictions). */
  lossZeroAbs: t(1e-7, "design: float32 resolution near 0; seed 004: a loss of exactly 0 is a bug"),
  /** An accuracy gain (last − first window) of at least this means the run is learning, whatever the loss does. */
  accuracyGain: t(0.1, "design; AT sc_accuracy counts gains of δ=0.01 per epoch"),
  /** A flat loss that still falls in at least this share of the epochs is limited by step size. */
  monotoneShare: t(0.85, "design"),
  /** Relative improvement below this (but above notDecreasing) with a still-falling tail = slow. */
  slowConvergenceRel: t(0.3, "zoo"),
  /** Without accuracy or chance level (regression): a loss still falling that lost less than this share of its start is barely trained. */
  regressionBarelyTrainedRel: t(
    0.15,
    "design: 3× notDecreasingRel; zoo seed 1 (development): a slowly learning healthy GRU on the adding problem lost 17 %",
  ),
  /** Loss within this relative band of ln C = at chance level. */
  chanceBand: t(0.1, "design: ±10 % of ln C"),
  /** Accuracy within this absolute margin of 1/C or of the majority rate = at chance / majority. */
  accuracyChanceMargin: t(0.05, "AT sc_accuracy δ scale; design"),
  /** Majority rate: accuracy within this band of its last value on >= 80 % of the epochs. */
  majorityFlatBand: t(0.01, "zoo seed 1 (imbalanced runs vary by < 0.01); AT sc_accuracy δ = 0.01"),
  /** Majority rate: the loss must be at least this share of the prior entropy (a model that learned beats it). */
  majorityLossBand: t(
    0.7,
    "zoo seed 1 (imbalanced runs reach 0.8× the prior entropy); raised from 0.6: a balanced-blobs run at 0.62× (zoo seed 149) and an MNIST CNN at 0.65× (realworld hcdescamps-cv) are learned models, not priors",
  ),
  /** Majority rate: a loss up to this multiple of the prior entropy still means no better than the prior (an over-confident model on held-out data exceeds it). */
  majorityLossAbove: t(
    2,
    "design: the prior entropy is what predicting the class prior scores; zoo seed 47 (development): a 99 % majority run with a validation loss 1.3× the prior entropy",
  ),
  /** Majority rate: the accuracy takes at most this share of distinct values over the evaluations (or C + 1): the predictions barely change. */
  majorityDistinctShare: t(
    1 / 3,
    "design (constant outputs give one value); zoo seeds 3–5, 47, 61, 89, 97 (development): imbalanced runs 1–5 distinct of 15, a healthy run steady at 92 % 7 of 15",
  ),
  /** Majority rate: only a large majority (>= 90 %) makes a flat accuracy an alarm. */
  majorityMinRate: t(0.9, "design; tightened after a healthy run flat at 88.7 % on the seed-4 zoo"),
  /** A run of at most this many epochs that still improves in its last epoch was cut short. */
  shortRunEpochs: t(4, "design; AT gates its convergence checks at 30 % of the planned epochs"),
  /** A short run whose last epoch took at least this share off the validation loss still improves steeply... */
  shortRunSteepGain: t(0.2, "design: a fifth of the loss in one epoch"),
  /**
   * ...and, to be told to train longer at a fair result, its per-step training loss must still fall
   * at the end at a rate that, projected over the run, takes at least this share of its level.
   */
  shortRunSteepTailSlope: t(
    0.5,
    "design: the tail would halve the loss over another run of the same length; worldgen seed 1 (development): the 2-epoch PyTorch text run 0.78; refit (tools/eval/refit.ts over 0.5–2×, all 24 worldgen seed-1 families, 2026-12-07): flat from 0.5× to 1×, design value kept",
  ),
  /** Still improving: share of the whole improvement gained in the last window pair. */
  tailGainShare: t(0.1, "zoo; SM Overtraining uses an absolute delta 0.1 over 5 steps"),
  /** Still improving: the tail's Theil–Sen slope, projected over the run, as a share of the level. */
  tailSlopeRel: t(0.1, "design"),

  // ---- instability ---------------------------------------------------------------------------
  /** Spike: a point above the running median by this many robust deviations, and >= spikeRel relatively. */
  spikeMads: t(10, "design: robust z-score"),
  spikeRel: t(0.5, "design: +50 % over the local median"),
  /** Oscillation: median |detrended step-to-step change| relative to the level. */
  oscillationRel: t(0.15, "zoo; AT unstable_loss ζ=0.03 on accuracy, here on loss, scale-free"),
  /**
   * A validation loss that jumps up by at least this share of its previous value between two
   * evaluations, `valJumpsMin` times or more, while the configured learning rate is above its
   * optimizer's range: the curves confirm the configuration (the updates overshoot).
   */
  valJumpRel: t(
    0.2,
    "design: a fifth of the level in one evaluation; worldgen seed 1 (development): SGD at lr 2 with a naive log-softmax jumps +24 % and +38 %; healthy validation losses rise a few percent per evaluation; refit (tools/eval/refit.ts over 0.5–2×, all 24 worldgen seed-1 families, 2026-12-07): flat from 0.5× to 1×, design value kept",
  ),
  valJumpsMin: t(2, "design: one jump can be a bad batch of evaluation noise, two are a pattern"),
  /** ...and in at least this share of the evaluations (a few noisy evaluations of a long run are no pattern). */
  valJumpsShare: t(
    0.1,
    "design; curve families (tools/curves): a healthy LARS run at lr 3.2 with 200 noisy evaluations has 4 % of them jump 20 %; worldgen seed 1: the lr-2 run 17 %",
  ),
  /** Oscillation on accuracy (AT): pairs of local max/min with amplitude >= ζ on >= η of epochs. */
  accuracyOscZeta: t(0.03, "AT ζ"),
  accuracyOscEta: t(0.2, "AT η"),

  // ---- loss vs accuracy -----------------------------------------------------------------------
  /** Probabilities fed as logits: accuracy at least this far above chance... */
  floorAccuracyOverChance: t(0.25, "design"),
  /** ...loss at least this multiple of the loss that accuracy implies... */
  floorOverCalibrated: t(1.35, "zoo seeds 1 and 4 (wrong-loss runs 1.19–2.4×, a healthy run 1.19×)"),
  /** ...and within this factor above the floor ln(1 + (C−1)/e). */
  floorBand: t(
    1.3,
    "zoo: wrong-loss runs end 1.0–1.28× the floor (seeds 1, 2 of the current zoo); the healthy run at 1.24× (old seed-4 zoo) is excluded by floorOverCalibrated (1.19×); no healthy run of seeds 1–2 has a loss within 1.5× of the floor and >= 1.3× the calibrated loss",
  ),

  // ---- generalisation ------------------------------------------------------------------------
  /** Overfit (SM Overfit): (val − train)/train > 0.1; here on the last windows and with patience. */
  gapRel: t(0.1, "SM Overfit ratio_threshold"),
  /** Val loss rise after its best point, relative to the best, to call it rising. */
  valRiseRel: t(
    0.1,
    "design (UM one-epoch rule with patience); confirmed (refit keeps 0.1) by tools/eval/refit.ts on the 24 worldgen seed-1 families, 2026-12-07",
  ),
  /** Share of the run after the validation optimum to call it too many epochs. */
  pastOptimumShare: t(0.3, "design; AT early-stopping patience max(3, epochs/15)"),
  /** Few distinct samples (no steps per epoch known): a validation loss best at the first evaluations that then rises at least this much... */
  earlyMemorisedValRise: t(0.3, "design; zoo seeds 61, 89 (development): repeated-batch runs logged per epoch rise 0.47–3.5"),
  /** ...while the training loss falls to at most this share of its start (memorised; random labels are not memorised that fast). */
  earlyMemorisedTrainShare: t(
    0.05,
    "design; zoo seeds 3, 4, 61, 89 (development): repeated-batch runs 2.5e-4–2.4e-2, label-noise runs 0.5–0.99",
  ),
  /**
   * Training accuracy ahead from the start: at each of the first two evaluations the training
   * accuracy (a first pass scores each batch before training on it) leads the validation accuracy
   * by at least this much.
   */
  trainAheadFromStart: t(
    0.12,
    "worldgen seeds 1–6 (development), checked on seeds 7–16: sorted-data runs logged per epoch 0.09–0.32 (15 of 16 ≥ 0.12), healthy runs ≤ 0.091; real logs: two runs read as overfitting with a mismatched validation (0.14, 0.50)",
  ),
  /** ...or by at least this much when the first training accuracy is past that share (a first pass that fitted what it was fed). */
  trainAheadFittedFirstPass: t(
    0.25,
    "design: a quarter of the accuracy scale (as overfitAccGap); worldgen seeds 1–16 + novel seeds 1–8: healthy runs lead at the first evaluation by at most 0.112 (718 runs), repeated-batch runs of the novel BatchNorm MLP by 0.30–0.46",
  ),
  /** A classifier's training loss below this share of ln C from its first window to its last fitted its data in the first window. */
  fittedLossShare: t(
    0.5,
    "design: half the chance-level loss; the novel set's repeated-batch runs sit at 0.10–0.27 × ln 10 from the first epoch on",
  ),
  /** Labels without signal: a flat training loss read as such stays at or above this share of ln C. */
  labelsWithoutSignalLossShare: t(
    0.8,
    "worldgen seeds 6, 8, 10: shuffled-label runs memorise slowly and end at 0.85–0.9 × ln C; the novel set's repeated-batch runs restyled without a training accuracy sit at 0.5 × ln 2 (C misread as 2 from a first epoch that already fitted)",
  ),
  /** ...and only while the first training accuracy is below this share of the way from chance to 1 (a model still learning in its first pass). */
  aheadFromStartFirstShare: t(
    0.5,
    "design: halfway from chance; worldgen seeds 1–16: sorted and repeated-batch runs start at 0.24–0.61 on four classes (halfway 0.625); a pretrained model or an accuracy taken after the epoch starts higher",
  ),
  /** ...read only on accuracy curves of at least this many evaluations (the two read and one after them). */
  aheadFromStartMinEvals: t(3, "design: two evaluations read, and a run that goes on after them"),
  /** ...and a training accuracy ending at or above this is memorised (the same few samples), not a data order. */
  /** A loss falling at this share of its steps inside the epochs (one restart per epoch aside) is fed the same batch within each epoch. */
  withinEpochFallShare: t(
    0.9,
    "worldgen seeds 1–8 + novel seeds 1–8, losses logged at every step: repeated-batch runs 0.94–1.00, sorted-data runs ≤ 0.88, healthy runs ≤ 0.88 but one (0.98, read only beside an epoch sawtooth)",
  ),
  /** ...measured only with at least this many logged points per epoch. */
  fallSharePointsPerEpoch: t(10, "design: with 3–4 points an epoch (a loss logged every 10 steps) healthy runs reach 0.98 by chance"),
  memorisedTrainAcc: t(0.95, "worldgen seeds 1–16: repeated-batch runs end 0.97–0.99, sorted-data runs 0.83–0.86"),
  /** Classes assumed for the chance accuracy when the run names none (binary: the most conservative chance level). */
  unknownClassesChance: t(2, "design: two classes give the highest chance accuracy, so the fewest readings"),
  /** Label noise: validation accuracy within this share of the way from chance to 1. */
  labelNoiseChanceShare: t(0.2, "design"),
  /** Label noise: accuracy gap (train above val when memorising, val above train when train labels are noisy). */
  labelNoiseAccGap: t(0.2, "design; UM flags val acc − train acc > 0.05 as suspicious, stricter here"),
  /**
   * Label noise read from a clean validation set: over the second half of the evaluations the
   * validation accuracy is above the training accuracy at least this share of the time...
   */
  labelNoiseValAboveShare: t(0.6, "design: a majority of the evaluations; worldgen seed 1 (development): noisy-label runs 0.6–1.0"),
  /** ...by at least this much on average... */
  labelNoiseCleanValGap: t(
    0.05,
    "UM flags val acc − train acc > 0.05 as suspicious; worldgen seed 1 (development): noisy-label runs 0.08–0.18, healthy runs ≤ 0.03; refit (tools/eval/refit.ts over 0.5–2×, all 24 worldgen seed-1 families, 2026-12-07): flat from 0.75× to 1×, design value kept",
  ),
  /**
   * ...while the training loss plateaus at or above this share of ln C: the noisy labels keep it
   * near their own entropy (for a model right on every sample: 50 % noise ≥ 0.73 ln C for 2–10
   * classes, 40 % noise 0.68–0.72 ln C for 2–4 classes).
   */
  /**
   * Label noise read from a training accuracy below the validation one: the training loss must be at
   * least this multiple of the validation loss (noisier training labels cost more than clean ones).
   */
  /** Two curves whose last steps differ by at most this share of the run count steps alike (a per-step training loss beside its evaluations). */
  stepAxisMatchShare: t(0.1, "design: an evaluation logged at the epoch's last step, or up to a tenth of the run after it"),
  /** A mean absolute percentage error whose lowest held-out value stays at or above this share of 100 % (the zero predictor's score) learnt nothing the loss can reward. */
  percentageErrorZeroShare: t(
    0.9,
    "design: within a tenth of the zero predictor's 100 %; worldgen Keras-style MAPE regressions (seeds 1 and 4, development) bottom at 94–97 %; over seeds 1–16 at 74–116 %, 10 of 16 at ≥ 90 % (a lower cut would claim what the zero predictor no longer proves); healthy runs use squared or absolute errors",
  ),
  /** A linear model whose levelled-off training loss is at least this share of its validation loss fits its training data no better than unseen data. */
  underfitNoGapShare: t(
    0.95,
    "worldgen seeds 1, 4, 6, 8 (Keras-style): models without hidden layers end at 0.98–1.01 of the validation loss; deep healthy models without dropout 0.27–0.85, with dropout up to 1.30 (excluded as training-mode regularisation)",
  ),
  /** Regression without transfer: the validation loss improved by less than this share of its first evaluations... */
  noTransferValGain: t(
    0.1,
    "worldgen seeds 1 and 4: shuffled-target regressions 0.013–0.040, every healthy regression ≥ 0.22 (a large data set whose first epoch already learns most)",
  ),
  /** ...while the training loss fell by at least this share... */
  noTransferTrainFall: t(
    0.15,
    "worldgen seeds 1 and 4: shuffled-target regressions fell 0.185–0.256; a flat training loss is the progress rules' case",
  ),
  /** ...to at most this share of the last validation loss. */
  noTransferTrainShare: t(
    0.85,
    "worldgen seeds 1 and 4: shuffled-target regressions 0.59–0.79; a model that fits nothing transferable ends clearly below its validation loss",
  ),
  /** ...and a classifier's (cross-entropy, no training accuracy logged) at least this multiple. */
  classifierTrainOverVal: t(
    1.25,
    "worldgen seeds 1–16 + novel seeds 1–4, classifiers without dropout or augmentation, each epoch's training loss against the evaluation before: healthy ≤ 1.05 (514 runs), other faults ≤ 1.22 (a linear output under a probability loss), 40 %-noise runs up to 1.45",
  ),
  /** A regression's training loss at least this multiple of its validation loss (median over the second half) reads as noisy training targets. */
  regressionTrainOverVal: t(
    1.5,
    "worldgen seeds 1–6 (development), checked on 7–16, each epoch's training loss against the evaluation before: 40 %-noise Keras-style regressions 1.34–2.42 (14 of 16 ≥ 1.5), other regressions without dropout ≤ 1.24 (a MAPE run 1.76: not a squared or absolute error); real logs without accuracy ≤ 1.40 (YOLO box losses under mosaic augmentation, no configured error loss)",
  ),

  /** Labels without signal, memorised slowly: the training accuracy at least this far above a validation accuracy that never left the chance band. */
  labelNoiseSlowAccGap: t(
    0.1,
    "design: the accuracy gain that counts as learning (accuracyGain); worldgen seeds 5, 6, 10, 11, 13–16: shuffled-label tabular runs at 20 epochs 0.10–0.14 ahead",
  ),
  labelNoiseTrainOverVal: t(
    1.03,
    "design: labels noisier on the training side raise its loss above the validation loss; worldgen seeds 1–6, 10, 12 (development, 2026-12-07): noisy-label runs read this way 1.04–1.51, healthy runs 0.98–0.99 (one-cycle text runs learning fast) and 1.05 (a small-data image run), a sorted-data run 1.01; scored on seeds 1–16, 1.1 lost noisy-label catches at 1.04–1.09 and spared no further healthy run; a 50 %-noise image run of seed 9 at 1.00 is lost either way",
  ),
  labelNoiseTrainLossFloor: t(
    0.65,
    "design: below the entropy of 50 % uniform label noise for any C ≤ 10 and of 40 % for C ≤ 4; worldgen seed 1 (development): noisy-label runs 0.70–0.96, healthy runs with val above train (dropout) ≤ 0.55; refit (tools/eval/refit.ts over 0.5–2×, all 24 worldgen seed-1 families, 2026-12-07): flat from 0.5× to 1×, design value kept",
  ),
  /** Flat loss at chance: validation accuracy spread (10th–90th percentile over epochs) at or above this = predictions that change (not constant outputs). */
  predictionSpread: t(
    0.03,
    "design: constant outputs give the same accuracy on the same validation set at every epoch; 0.03 is above the one-sample granularity of a 64-sample validation set",
  ),
  /** Fewest validation-accuracy points to judge that spread. */
  minEpochsForPredictionSpread: t(5, "design"),
  /** Overfitting must cost validation accuracy (drop from its best) when accuracy is logged. */
  valAccDrop: t(0.01, "AT test_turn_bad uses changes > 0.01"),
  /** Collapse after a good start: accuracy falls this far from its best, back near chance. */
  collapseDrop: t(0.1, "design (spec: learning_rate_too_high = collapse after a good start)"),
  /**
   * Overfitting: a validation loss this far above its best is a cost in itself, whatever the
   * accuracy (the held-out probabilities worsened: over-confident mistakes).
   */
  overfitCostlyValRise: t(
    0.4,
    "design (was roseBackValRise, a doubling): measured on running medians; real logs read as overfitting with the F1 still creeping up rise 52–66 % raw (HF NER runs), healthy readings at most 30 % raw (a Keras speaker model); worldgen healthy runs end within 25 % of their best by construction; a loss that does not fit its output needs the doubling",
  ),
  /** A training accuracy this far (absolute) above a levelled-off validation accuracy is overfitting. */
  overfitAccGap: t(
    0.25,
    "design: a quarter of the accuracy scale; real logs read as overfitting with such gaps 0.28–0.33 (a Keras speaker model, a dog-breed model), healthy readings ≤ 0.2",
  ),
  /** A higher-is-better validation metric (mAP, F1…) that fell at least this share from its best (running median)... */
  valMetricDropRel: t(
    0.15,
    "design: a clear fall, beyond epoch-to-epoch noise of detection mAP (healthy YOLO runs of the real logs end within 2 % of their best); a real YOLOv8 run read as overfitting falls 24 %",
  ),
  /** ...over at least this many evaluations. */
  valMetricMinEvals: t(5, "design: a best and a fall need a few evaluations each side"),
  /** Rose back: the validation loss at least doubled after its optimum... */
  roseBackValRise: t(1.0, "design (spec: learning_rate_too_high = collapse after a good start)"),
  /** ...and the training loss rose by half after it too (overfitting would keep it falling). */
  roseBackTrainRise: t(0.5, "design"),
  /** ...after the validation accuracy had risen at least this from its start. */
  roseBackAccGain: t(0.05, "design"),
  /** AT test_not_well: train − val accuracy gap. */
  accGap: t(0.1, "AT test_not_well"),

  /** Loss-floor check: an accuracy this share of the way from chance to 1 counts as learned. */
  floorHighAccuracyShare: t(0.6, "design"),
  /** Loss-floor check: the second half of the loss varies less than this share of its level (stuck on a floor). */
  floorFlatRel: t(0.02, "design"),

  // ---- batches -------------------------------------------------------------------------------
  /** Few optimizer steps per epoch (full-batch / huge batch). */
  fewStepsPerEpoch: t(4, "design (seed 003: a too-large batch converges poorly)"),
  /** A batch size up to this is a usual mini-batch: few steps per epoch then mean a tiny training set, not a huge batch. */
  smallBatch: t(64, "design: usual mini-batch sizes are 16–64"),
  /** Many batches per epoch: a validation optimum at the first evaluations then suggests the same few samples again. */
  manyStepsPerEpoch: t(8, "design"),
  /** Too smooth: step-to-step noise over trend change below this = the same batch again. */
  smoothNoiseRatio: t(0.05, "zoo"),
  /** Step-to-step jitter below this share of the level: the same batch every step (deterministic), not a smoothed log of real batches. */
  deterministicJitterRel: t(
    2e-4,
    "design: an EMA (β = 0.98) of batch losses with 30 % noise jitters by 1.8e-3, a mean over 500 batches by ~3e-3; zoo repeated-batch runs 1e-5–1e-4 (seeds 4, 5, 47, development)",
  ),
  /** Without validation: a too-smooth training loss counts as a repeated batch only when it fell to this share of its start (memorised). */
  memorisedLossShare: t(
    0.02,
    "design: a repeated batch is fitted to (near) zero loss; zoo repeated-batch runs end at 1e-11–1e-2 of their start; a smoothed real loss plateaus far higher",
  ),
  /** A validation loss this many times (relative gap) above the training loss: the training data was memorised. */
  memorisedGapRel: t(
    5,
    "design: a validation loss 6× the training loss; zoo seeds 4, 5, 47 (development): repeated-batch runs 40–4e10, healthy per-step runs <= 2.5",
  ),
  /** Sawtooth: autocorrelation of the detrended loss at lag = steps per epoch above this. */
  sawtoothAutocorr: t(0.4, "zoo seed 1: sorted runs 0.50–0.82, healthy per-step runs <= 0.19"),

  /** Sawtooth, second form: autocorrelation at one and two epochs both above this... */
  sawtoothAutocorrWeak: t(0.25, "zoo seeds 1–2: healthy per-step runs have min(lag 1, lag 2 epochs) <= 0.19"),
  /** ...and the within-epoch position explains at least this share of the detrended log-loss variance. */
  sawtoothPositionShare: t(0.2, "zoo seeds 1–2: sorted runs 0.21–0.77, healthy per-step runs <= 0.16"),
  /**
   * Sawtooth of a loss logged every k steps where k does not divide the epoch: the phase inside the
   * epoch explains at least this share of the detrended log-loss variance (beyond chance) by itself.
   */
  sawtoothPhaseShare: t(
    0.3,
    "design: 1.5× sawtoothPositionShare, the phase being the only measure; worldgen seed 1 (development): the sorted Lightning run (every 10th of 47 steps) 0.50, every other sparsely logged run ≤ 0.09; refit (tools/eval/refit.ts over 0.5–2×, all 24 worldgen seed-1 families, 2026-12-07): flat from 0.5× to 1× (no run changes, zoo seed 113 and real logs identical), design value kept. Also the bar of the phase inside class blocks (blockPhaseShare, C from the configuration): worldgen seeds 1–8 (3–4 classes): sorted Lightning runs logged every 10th of 47 steps 0.32–0.52 (caught) and 0.04–0.21 (missed), per-step sorted runs 0.35–0.86 (read by the position effect, where the block form is not computed), 191 healthy runs ≤ 0.10, every other fault ≤ 0.28",
  ),
  /** ...with the points binned into at most this many phases (fewer when fewer points fall in an epoch). */
  sawtoothPhaseMinCount: t(
    3,
    "design: at least 3 points per epoch, 3 phase bins, 3 epochs after the first and 3 points per bin on average",
  ),
  /**
   * The class-block phase is read for at least this many classes: with two, the block is half the
   * epoch and an epoch-level pattern (a step schedule, per-epoch augmentation) reads the same.
   */
  sawtoothBlockMinClasses: t(
    3,
    "design: worldgen seed 8 (read after its held-out score): a healthy binary run with a step-decay schedule reads 0.34 over 2 blocks; over 3–4 classes the 215 healthy runs of seeds 1–8 stay ≤ 0.10",
  ),
  /** The running median that detrends a sparsely logged loss spans at least this many points. */
  sawtoothDetrendMinPoints: t(5, "design: a median of 5 points ignores two outliers on either side; fewer follows the pattern itself"),
  sawtoothPhaseBinsMax: t(12, "design: one bin per point of an epoch up to 12; more bins leave too few points per bin over a short run"),

  /** Training accuracy below this share of the chance accuracy (an epoch average over different batches)... */
  belowChanceShare: t(
    0.5,
    "design: a model that predicts the class of the previous batches is wrong on the current ones; shuffled batches cannot average this far below 1/C",
  ),
  /** ...while the training accuracy swings by at least this between epochs (after the first). */
  /** The first evaluation scores at least this multiple of the first epoch's training accuracy (itself below chance): wrong on the training batches as they came. */
  firstEpochValOverTrain: t(
    2,
    "worldgen seeds 1, 4, 6, 8–11: sorted-by-class runs 2.7–9.2× (first-epoch training accuracy 0.04–0.12 against 0.26–0.35); runs stuck on one class of a 12 % share 1.04–1.12×",
  ),
  belowChanceSwing: t(0.3, "zoo seeds 1, 2, 3, 9: sorted runs 0.45–0.75; stuck low-lr / full-batch runs below chance ≤ 0.07"),
  /** The evaluation loss is the same at every epoch within this relative range: no weight changed. */
  frozenEvalRelRange: t(
    1e-6,
    "design: float32 evaluation of unchanged weights on the same data repeats to the last bits; any update moves it more",
  ),
  /** Fewest evaluation points for that. */
  frozenEvalMinPoints: t(3, "design"),
  /** ...with a validation accuracy that moves by no more than this between evaluations. */
  frozenEvalAccAbs: t(1e-9, "design: float32 accuracy of unchanged predictions repeats exactly"),
  /** ...and a loss at most this multiple of ln C (beyond it, outputs overflowed after a blow-up). */
  frozenEvalChanceMultiple: t(10, "design: a freshly initialised classifier starts near ln C; 10× is far beyond any init"),

  // ---- reinforcement learning (rules/reinforcement.ts) ---------------------------------------
  /** Fewer finite points than this in the reward curve → no trend reading of it. */
  rlMinPoints: t(8, "design: the smoothing window (10 %, at least 3) must leave several windows"),
  /** Reward collapse: the smoothed reward fell from its best by at least this share of what it had gained up to the best (or of |best| when it gained nothing). */
  rewardCollapseShare: t(
    0.5,
    "design: losing half of the learned improvement is beyond the episode-to-episode noise of a smoothed mean return (SB3/RLlib report means over 100 episodes)",
  ),
  /** ...and by at least this many times the typical step-to-step change of the raw curve (also the least rise that counts as an improvement). */
  rewardCollapseNoise: t(3, "design: a drop three times the median point-to-point change is no noise"),
  /** Entropy collapse: the policy entropy fell to at most this share of its first-window value. */
  entropyCollapseShare: t(0.1, "design: a discrete policy at 10 % of its initial (near-uniform) entropy is almost deterministic"),
  /** The reward improved when it rose from its first window by at least this share of its smoothed range. */
  rewardImprovedShare: t(0.2, "design: a fifth of the range the mean return covered"),
  /** Value/TD loss explosion: last window at least this many times its lowest window... */
  valueLossGrowth: t(10, "design: one order of magnitude; value targets grow with the return, so growth alone is not enough (see below)"),
  /** ...and its RMS at least this many times the largest |mean episode return| (values cannot legitimately exceed the returns they predict). */
  valueLossOverReturn: t(10, "design: a value error ten times the largest return is no estimate of that return"),
  /** Without a reward curve to scale against, the growth needed to call the value loss exploding. */
  valueLossGrowthNoReward: t(1e3, "design: three orders of magnitude (AT-HEAD's 1e3 large-loss limit, as a ratio)"),

  // ---- layers --------------------------------------------------------------------------------
  /** SM VanishingGradient: mean |grad| < 1e-7. */
  gradVanishingAbs: t(1e-7, "SM VanishingGradient, DD"),
  /** AT: first/last gradient-norm ratio < 1e-3 (vanishing) or > 70 (exploding). */
  gradRatioVanishing: t(1e-3, "AT β1"),
  gradRatioExploding: t(70, "AT β3"),
  /** Weight change per step relative to the weight (DD lr·|ΔW|/|W| in [1e-5, 1e-1]; SM WeightUpdateRatio (1e-8, 10)). */
  updateRatioLow: t(1e-5, "DD learning-rate probe"),
  /**
   * Kernels whose median relative change between weight records is at least this move at a
   * healthy rate: the steps are not too small (rules out learning_rate_too_low).
   */
  weightsMovingPerRecord: t(
    0.01,
    "design: 1 % of the weights' size per record; worldgen seed 2: learning-rate-too-low runs 1e-4 per record, healthy runs 0.012–0.17",
  ),
  /** ...and, when the records' step unit is known, at least this per optimizer step. */
  weightsMovingPerStep: t(1e-4, "design: ten times DD's low update ratio (1e-5); worldgen seed 2 healthy runs 5e-4–2e-3 per step"),
  updateRatioHigh: t(1e-1, "DD learning-rate probe"),
  /** Weight not changed (SM UnchangedTensor rtol 1e-5, atol 1e-8). */
  unchangedRtol: t(1e-5, "SM UnchangedTensor"),
  unchangedAtol: t(1e-8, "SM UnchangedTensor"),
  /** Frozen layer: the other layers must change by at least this share of their size per step. */
  frozenOthersMinChange: t(1e-5, "DD lower learning-rate probe 1e-5"),
  /**
   * A weight tensor whose values all lie within this many standard deviations of their mean holds a
   * fresh random initialisation, not trained weights: a uniform initialiser gives √3 ≈ 1.73 (PyTorch
   * and Keras defaults); a Gaussian (or trained, heavier-tailed) tensor of `freshInitMinValues`
   * values exceeds 2.2σ with probability > 0.99.
   */
  freshInitTailRatio: t(
    2.2,
    "design: above the uniform's √3 with room for the sampled std, below the Gaussian max of 200 draws; worldgen seed 1 (development): frozen default-initialised layers 1.67–1.87; refit (tools/eval/refit.ts over 0.5–2×, all 24 worldgen seed-1 families, 2026-12-07): kept at 2.2 (lower loses the frozen runs)",
  ),
  /** ...read only on tensors (or histogram samples) of at least this many values (fewer Gaussian draws stay within 2.2σ by chance). */
  freshInitMinValues: t(200, "design: P(max |z| < 2.2 over 200 Gaussian draws) = 0.9722^200 < 0.004"),
  /** Dead ReLU: share of zero outputs in a layer (DD 70 %; AT γ 0.7 on gradient entries). */
  deadShare: t(0.7, "DD dead node, AT γ"),
  /** Saturated sigmoid/tanh: share at the limits (DD > 50 %). */
  saturatedShare: t(0.5, "DD saturated activation, SM SaturatedActivation layer 50 %"),
  /** Activation too large: mean |activation| >= 10 (AT-HEAD abnormal_data ω1). */
  activationLarge: t(10, "AT-HEAD ω1"),
  /** Weight std at the first record: below = (near-)constant init. */
  initStdTiny: t(1e-6, "DD poor weight variance < 1e-5 on variance; design on std with tolerance"),
  /** Weight std × sqrt(fan-in) proxy: first-record RMS above this is far too large (Glorot/He give ~1/sqrt(fan_in)). */
  initRmsLarge: t(2, "design: a standard init keeps |w| well below 1 for any layer of width >= 4"),
  /** SM PoorWeightInitialization: layer weight-variance max/min ratio > 10 — used for too-small init. */
  initRmsSmall: t(1e-3, "design"),

  // ---- ranking (cause_model.ts, ranking.ts) ----------------------------------------------------
  /** Weight of a configuration fact that decides a cause by itself (a loss that cannot fit the task; a learning rate decades off). */
  rankDecisive: t(
    0.85,
    "design: a configuration fact outranks any scalar-only reading (issue anchors: DeepCrime mutations are found from the configuration)",
  ),
  /** Weight of a configuration fact that strongly explains an observed symptom. */
  rankStrong: t(0.7, "design: equal to the strongest scalar-only rule confidences (0.65–0.75)"),
  /** Weight of a configuration fact or a reference difference that plausibly explains a symptom. */
  rankModerate: t(0.5, "design"),
  /** Weight of a weak hint (a configuration at the edge of its usual range). */
  rankWeak: t(0.3, "design: below every rule's primary cause"),
  /** A fact that explains a cause away multiplies its score by (1 − this). */
  lowerStrong: t(0.6, "design: a learning rate decades below range explains a flat loss better than frozen/zero-init/dead units"),
  lowerModerate: t(0.35, "design"),
  /** Causes scoring below this share of the top cause are dropped from a finding (no shotgun lists). */
  rankKeepShare: t(0.45, "design: the rules' second causes score 0.55–0.8 of the first"),
  /** At most this many causes per finding. */
  rankMaxCauses: t(3, "spec: several causes only when the evidence cannot separate them"),
  /** Strength of a configuration fact that is clear but not extreme (a learning rate 1–2 decades off, 3–4 steps per epoch, a regression loss without a softmax or an accuracy to make the task certain). */
  // ---- structure checks (structure/) ---------------------------------------------------------
  /** Weight histograms whose min, max, sum and sum of squares agree within this share are the same values (float32 sums re-read). */
  frozenHistogramRel: t(1e-6, "design: float32 round-off of a sum over the same values; any optimizer step moves the sum far more"),
  /** Parameters shared between parallel branches (siamese encoders): usually intended, a weak fact. */
  sharedParallelStrength: t(0.4, "design: only reinforces a cause the curves propose (below rankModerate once weighted)"),

  factStrengthClear: t(0.75, "design: between a decisive fact (1) and an edge case"),
  /** Plain SGD whose effective step lr / (1 − momentum) is at most SGD's default divided by this is slow (config.sgd_lr_low). */
  sgdLowLrFactor: t(
    3,
    'design: seeds/000 "0.01 suits most networks" (Keras\'s SGD default); a third of it or less is a step adaptive optimizers make up for and plain SGD does not',
  ),
  /** Momentum assumed for an optimizer named Momentum/Nesterov that logs no value (the usual 0.9). */
  namedMomentum: t(0.9, "design: the common default of momentum optimizers (tf.train.MomentumOptimizer examples, torch recipes)"),
  /** Strength of a setting just outside its usual range (under a decade). */
  factStrengthEdge: t(0.4, "design: it only reinforces a cause the curves propose (below rankModerate once weighted)"),
  /** Strength of heavy dropout whose training-mode handicap the curves do not show. */
  factStrengthUnseen: t(0.6, "design"),
  /** L2 weight decay above this is unusually strong; AdamW's decoupled decay allows more. */
  maxWeightDecay: t(1e-2, "seeds/000: 1e-3 .. 1e-5 common"),
  maxDecoupledWeightDecay: t(0.3, "design: AdamW decays up to ~0.1 are common (Loshchilov & Hutter)"),
  /** Momentum at or above this ignores the current gradient; an Adam epsilon above this turns Adam into slowed-down SGD. */
  maxMomentum: t(0.999, "design: 0.9 is usual"),
  maxAdamEpsilon: t(1e-2, "framework defaults 1e-8 (PyTorch) and 1e-7 (Keras)"),
  /** A reference difference of less than a decade (a learning rate or batch size changed 2–9×) weighs this share of a full one. */
  referenceSmallChangeShare: t(0.7, "design"),
  /** An accuracy curve above this is logged in percent. */
  accuracyPercentAbove: t(1.5, "design: a fraction never exceeds 1; percent curves pass 1.5 after the first evaluations"),
  /** A cause explains away others (engine.ts EXPLAINS) only with at least this confidence. */
  explainMinConfidence: t(0.55, "design: above the scalar-only guesses (0.3–0.5)"),
  /** At most this many epochs: a very short run, judged by its last epoch alone. */
  veryShortRunEpochs: t(3, "design: the short-run rule's own count"),
  /** A run of at most veryShortRunEpochs epochs without an accuracy or metric to judge its outcome is cut short when every epoch lowered the validation loss, the last by at least this share, and the training loss fell by this share too. */
  shortRunUnjudgedGain: t(
    0.05,
    "design: a twentieth of the loss in one epoch, a quarter of the steep gain that needs a per-step loss beside it; worldgen 2-epoch Keras-style regressions (seeds 1–4, 6, 8–11) took 8.8–24 % off the validation loss in their last epoch, each epoch lower than the one before, and 7.0–28 % off the training loss; the real 3-epoch LoRA fine-tune (healthy) rose and fell back, 1.5 % below its first evaluation",
  ),
  /** A run of at most veryShortRunEpochs epochs still improves when its loss fell at least this share from the first to the last epoch. */
  shortRunMinRel: t(0.02, "design: one epoch of a mutation run at 0.3× its learning rate gains 3–4 %"),
  /** Confidence of too_few_epochs for a handful of epochs that ended mediocre without a clear last gain. */
  shortRunPoorConfidence: t(
    0.45,
    "design: below the still-improving reading (0.7); configuration facts decide between it and the learning rate",
  ),
  /** An initialiser scale (std, gain) at or above this is wrong whatever the curves show. */
  initScaleDefinite: t(10, "design: five times initRmsLarge; He/Glorot give std ≈ sqrt(2 / fan_in) ≪ 1"),
  /** A learning rate this many decades outside its optimizer's practical range is wrong whatever the curves show. */
  lrDecadesDefinite: t(6, "issue acceptance: ≥ 6 orders of magnitude off is a warning even when the curves look calm"),
  /** ...this many decades off decides a flat or slow loss by itself. */
  lrDecadesStrong: t(2, "design: two decades below the range leaves updates 100× smaller than the slowest usual setting"),
  /** A training of at most this many epochs is a smoke run or a short fine-tuning: its curves say nothing about a too-low learning rate. */
  smokeRunEpochs: t(5, "realworld corpus: five-epoch runs at lr 0.1 were told their rate is too low"),
  /** Dropout (drop probability) at or above this slows fitting visibly; with a flat loss or a training accuracy below validation it is a candidate cause. */
  heavyDropout: t(0.5, "seeds/002: 20–50 % is usual; 0.5 is the upper end (Srivastava et al. use 0.5 for hidden units of large nets)"),
  /** An accuracy at least this share of the way from chance to 1 is a good outcome: configuration oddities stay info. */
  goodAccuracyShare: t(0.9, "design; a run at 98.9 % validation accuracy (realworld lora-imdb) is good"),
  /** A total gradient norm that grows to this multiple of its first value (or turns non-finite) is gradient-level evidence of an explosion. */
  gradNormGrowth: t(100, "design: two orders of magnitude; AT β3 = 70 on the first/last-layer ratio"),
  /** Outcome below an expectation: an accuracy this far below (absolute) or a loss this far above (relative) misses it. */
  expectationAccMargin: t(0.005, "design: half a percentage point, above the one-sample granularity of a 200-sample validation set"),
  expectationLossRel: t(0.02, "design"),
  /** A run worse than its reference by this much (accuracy, absolute) or this share (loss) has a gap to explain. */
  referenceAccGap: t(0.01, "design: one percentage point"),
  referenceLossGap: t(0.05, "design: 5 % of the reference's loss"),

  // ---- confidences of the progress causes (rules/progress_causes.ts) ------------------------------
  // Set by design on the development zoo seeds (src/diagnose/eval history): a reading the curves
  // alone support weighs 0.45–0.55, one with a logged learning rate or layer records 0.6–0.7.
  confFewStepsPerEpoch: t(0.6, "design: few optimizer steps per epoch explain poor progress (seed 003)"),
  confLrAboveRangeNoProgress: t(0.7, "design: a logged learning rate above its range with no progress"),
  confLrAboveRangeFlat: t(0.65, "design"),
  confLrBelowRangeFlat: t(0.7, "design: a logged learning rate below its range with a flat loss"),
  /** Layer readings at or above this rank among the progress causes; a second one is capped at it. */
  confLayerReading: t(0.6, "design"),
  confNoisyOrRoseBack: t(0.55, "design: overshoot read from the curve's shape alone"),
  confSlowSteady: t(0.45, "design: slow but steady fall, no logged learning rate to confirm"),
  confMonotoneSmallSteps: t(0.5, "design: falls in ≥ 85 % of epochs but little in all"),
  confLabelsWithoutSignal: t(0.55, "design: chance-level loss with a changing validation accuracy"),
  confDeepSaturatingFlat: t(0.6, "design: a deep sigmoid/tanh configuration with a flat loss"),
  confShallowSaturatingFlat: t(0.45, "design: scalar-only guess (offered as possible unless weights are logged)"),
  confReluFlat: t(0.5, "design: scalar-only guess (offered as possible unless activations are logged)"),
  confFlatUnseparatedLr: t(0.35, "design: a flat loss the scalars cannot separate (several causes offered)"),
  confFlatUnseparatedInit: t(0.3, "design"),

  // ---- shapes read across the loss terms (signals/loss_terms.ts, rules/loss_shape.ts) ---------
  /** Running level of a curve: a median over this share of its points (at least `localWindowMin`, odd). */
  localWindowShare: t(0.05, "design: 5 % of the run, as the spike test of signals/stability.ts"),
  localWindowMin: t(5, "design: a median of 5 ignores two outliers"),
  /** A loss each of whose parts of the run (steadyPaceParts) takes at least this share of its gain falls at an unchanged pace: its step limits it... */
  steadyPaceQuarterShare: t(
    0.15,
    "design: a straight fall gives each quarter 0.25; worldgen full-batch tabular runs (seeds 2, 3, 5, 6) 0.17–0.30; healthy runs with a schedule's slow start or a convex fall have a quarter of −0.00–0.12 (text runs under one-cycle, cosine, reduce-on-plateau)",
  ),
  /** ...the run cut into this many equal parts (quarters)... */
  steadyPaceParts: t(4, "design: quarters; halves cannot tell a straight fall from an S-shaped one"),
  /** ...read on at least this many points. */
  steadyPaceMinPoints: t(8, "design: the epochs the monotone small-steps reading needs"),
  /** A validation loss that made less than this share of its gain in the second half of the run has levelled off... */
  levelledSecondHalfShare: t(0.1, "design: a tenth; a steady fall makes about half of its gain in the second half"),
  /** ...while a training loss that made at least this share there still falls. */
  fallingSecondHalfShare: t(0.3, "design: under a steady fall's half, above a levelled curve's tenth"),
  /** Selection (medians, quantiles): ranges longer than this are narrowed by a sample first. */
  selectSampleAbove: t(600, "algorithm: Floyd and Rivest's selection (CACM 1975, algorithm 489) samples ranges above 600 values"),
  /** Rank order: runs of values equal in their high 32 bits up to this length are put in order by insertion, longer ones by a comparison sort. */
  insertionRunLength: t(
    32,
    "measured: runs of a 1 M-point noisy loss hold 1–10 values; an inline insertion sort beats a comparator call per pair up to a few dozen",
  ),
  /** Curves up to this length are ranked by a comparison sort, longer ones by the radix sort (signals/robust_stats.ts). Speed only: both give the same order. */
  smallSortLength: t(
    2048,
    "measured: the radix sort clears a 65 537-entry table twice; below ~2 000 points a comparison sort is faster (diagnose of a 30-row CSV 0.64 s → 0.41 s)",
  ),
  /** Floor under a level a ratio is taken to (losses reach 0 only in degenerate runs). */
  levelFloor: t(1e-12, "design: a floor under levels and divisors, below the float32 resolution of any loss or tensor value"),
  /** The squared error of predicting 0.5 for balanced 0/1 targets (their variance): a constant predictor's MSE. */
  constantPredictorMse: t(0.25, "math: E[(y − 0.5)²] for y ∈ {0, 1} equally often"),
  /** Fewer points than this: no transient or plateau reading (a handful of epochs has no shape). */
  transientMinPoints: t(20, "design: a 5 % running-median window needs at least a few points either side"),
  /** The curve had learned: its running level before the jump fell to at most this share of where it started. */
  transientLearnedShare: t(0.75, "design: a quarter of the start gone is learning, not noise"),
  /** A jump counts when it is this many times the running level around it (and above the curve's start). */
  transientOverLocal: t(
    3,
    "design: a batch loss 3× its neighbours' median is no sampling noise; realworld RUNS.md PINN and YOLOv8 excursions are 4–450×",
  ),
  /** ...and the curve recovered: its last window at most this multiple of the level before the jump. */
  transientRecoveredOverBest: t(1.5, "design: back within half again of the pre-jump level (else it is divergence, read elsewhere)"),
  /** More separate jumps than this are a recurring pattern, not a transient. */
  transientMaxStretches: t(2, "design: one or two unstable stretches; more recur (data order, schedule restarts)"),
  /** On a term of the loss (not a main loss), the jump must hold this many points in a row. */
  transientTermPoints: t(3, "design: three evaluations in a row are a phase, one is an outlier of that term"),
  /** Plateau: from where the smoothed curve has at most this share of its total improvement left to make. */
  plateauGainLeft: t(0.1, "design: 90 % of the fall made; scale-free (a share of the run's own improvement)"),
  /** Early plateau: reached within this share of the run. */
  earlyPlateauShare: t(0.15, "design: 85 % of the run without progress"),
  /** ...at a level at least this share of the start (an order-of-magnitude fall is convergence). */
  earlyPlateauLevel: t(0.2, "design: a loss that kept a fifth of its start learned little"),
  /** A term of the training loss rising this many times over the plateau competes with the others. */
  competingTermRise: t(2, "design: a doubling is no drift; RUNS.md pendulum PINN term rises 3.7×"),
  /** ...and ends at least this share of the total (a negligible term may drift). */
  competingTermShare: t(0.1, "design: a tenth of the total moves it"),
  /** A loss within this share of a constant predictor's loss settled on it. */
  constantPredictorBand: t(0.005, "design: 0.5 % — 0.25 ± 0.00125 is no coincidence for a flat curve"),
  /** ...and flat: the last window within this share of the one before it. */
  constantPredictorFlat: t(0.02, "design: the tail no longer moves"),
  /** Overfitting read beside a validation loss that is huge throughout (the training side memorises, validation keeps rising). */
  confOverfitHugeVal: t(0.55, "design: a reading the curves alone support (0.45–0.55); below the plain overfitting reading's 0.7"),
  /** Competing loss terms read from the curves alone (no configuration confirms the weighting). */
  confCompetingTerms: t(0.45, "design: a reading the curves alone support weighs 0.45–0.55 (see the conf* entries)"),

  // ---- hyper-parameter importance across runs (importance.ts) --------------------------------
  /** Fewer runs with a finite target than this → every parameter is "too few runs to tell". */
  importanceMinRuns: t(
    8,
    "design: a forest with leaves of 2 runs needs at least 4 leaves' worth of runs; MindSpore Insight needs > 2 for |r|",
  ),
  /** Positive numeric values spanning more than this many decades are ranked on a log10 scale (lr, weight decay). */
  importanceLogDecades: t(1.5, "design: a grid 1e-4, 1e-3, 1e-2 is log-spaced, 0.1..3 (1.5 decades) is not"),
  /** A categorical parameter with more distinct values than this share of the runs is an identifier (a path, a run name). */
  importanceIdentifierShare: t(0.5, "design: at least two runs per level on average"),
  /** Score (see importance.ts) that the whole bootstrap band must exceed for "matters". */
  importanceMatters: t(
    0.03,
    "design: above the permutation noise of a parameter without effect (band tops 0.013–0.05 on the 30–60-run grids of importance.test.ts)",
  ),
  /** Score under which, at the top of the band, a parameter "does not matter". */
  importanceNegligible: t(
    0.08,
    "design: a parameter costing < 8 % of a perfect predictor's loss even at the band's top is noise next to one that matters",
  ),
  /** Joint-permutation excess (|joint − sum of singles|) that flags an interaction (also > 25 % relative). */
  importanceInteraction: t(0.05, "design: additive effects give joint = sum (exact for squared error); 0.1 stays clear of forest noise"),
  /** Permutations per tree and parameter. */
  importancePermutations: t(2, "design: two halves the permutation noise for twice the cost"),
  /** Work budget (trees × runs × parameters × log2 runs) before the forest and bootstrap shrink. */
  importanceWorkBudget: t(1e7, "design: a few seconds of CPU for 1 000 runs and 20 parameters on a busy 2-core machine"),

  // ---- hand-set confidences moved from the rule bodies (values unchanged; each names its rule file and cause) ----
  confProgressWrongLossFunction05: t(
    0.5,
    "design: hand-set confidence in rules/progress.ts (wrong_loss_function), moved from the rule body unchanged",
  ),
  confProgressLearningRateTooHigh08: t(
    0.8,
    "design: hand-set confidence in rules/progress.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confProgressLearningRateTooHigh065: t(
    0.65,
    "design: hand-set confidence in rules/progress.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confProgressLearningRateTooHigh075: t(
    0.75,
    "design: hand-set confidence in rules/progress.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confProgressLearningRateTooHigh055: t(
    0.55,
    "design: hand-set confidence in rules/progress.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confProgressClassImbalance07: t(
    0.7,
    "design: hand-set confidence in rules/progress.ts (class_imbalance), moved from the rule body unchanged",
  ),
  confProgressExplodingGradient06: t(
    0.6,
    "design: hand-set confidence in rules/progress.ts (exploding_gradient), moved from the rule body unchanged",
  ),
  confProgressWeightInitTooLarge045: t(
    0.45,
    "design: hand-set confidence in rules/progress.ts (weight_init_too_large), moved from the rule body unchanged",
  ),
  confProgressInputNotNormalized04: t(
    0.4,
    "design: hand-set confidence in rules/progress.ts (input_not_normalized), moved from the rule body unchanged",
  ),
  confProgressWeightInitTooLarge06: t(
    0.6,
    "design: hand-set confidence in rules/progress.ts (weight_init_too_large), moved from the rule body unchanged",
  ),
  confProgressInputNotNormalized055: t(
    0.55,
    "design: hand-set confidence in rules/progress.ts (input_not_normalized), moved from the rule body unchanged",
  ),
  confProgressExplodingGradient055: t(
    0.55,
    "design: hand-set confidence in rules/progress.ts (exploding_gradient), moved from the rule body unchanged",
  ),
  confProgressTooFewEpochs065: t(
    0.65,
    "design: hand-set confidence in rules/progress.ts (too_few_epochs), moved from the rule body unchanged",
  ),
  confProgressTooFewEpochs07: t(
    0.7,
    "design: hand-set confidence in rules/progress.ts (too_few_epochs), moved from the rule body unchanged",
  ),
  confProgressOptimizerUnsuitable05: t(
    0.5,
    "design: hand-set confidence in rules/progress.ts (optimizer_unsuitable), moved from the rule body unchanged",
  ),
  confProgressLearningRateTooHigh07: t(
    0.7,
    "design: hand-set confidence in rules/progress.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confProgressLearningRateTooHigh06: t(
    0.6,
    "design: hand-set confidence in rules/progress.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confProgressDeadRelu055: t(0.55, "design: hand-set confidence in rules/progress.ts (dead_relu), moved from the rule body unchanged"),
  confGeneralizationRepeatedBatch045: t(
    0.45,
    "design: hand-set confidence in rules/generalization.ts (repeated_batch), moved from the rule body unchanged",
  ),
  confRegressionNoTransfer: t(
    0.6,
    "design: as the classifier's label-noise reading (0.65) less a margin, since a regression has no chance level to prove that nothing was learnt",
  ),
  confUnderfitLinearModel: t(
    0.6,
    "design: the configuration names the capacity limit and the curves show it (no train/validation gap at a plateau); below the arithmetic bounds' 0.75–0.8 since a linear model is the right one for a linear problem",
  ),
  confPercentageErrorLoss: t(
    0.75,
    "design: the score of the zero predictor is arithmetic (mean |0 − y| / |y| = 100 %); below the output-range bound's 0.8 because a percentage error near 100 % can also come from targets that are hard to predict at all",
  ),
  confLossFloorOutputRange: t(
    0.8,
    "design: a bound that holds by arithmetic (|prediction − target| < the output range's width for targets inside it); only a summed or regularised loss breaks it",
  ),
  confGeneralizationTrainAheadFromStart: t(
    0.55,
    "design: one reading of the accuracy curves, below the sawtooth's 0.7 (the per-step loss shows the order itself)",
  ),
  confGeneralizationInsufficientData065: t(
    0.65,
    "design: hand-set confidence in rules/generalization.ts (insufficient_data), moved from the rule body unchanged",
  ),
  confGeneralizationLabelNoise045: t(
    0.45,
    "design: hand-set confidence in rules/generalization.ts (label_noise), moved from the rule body unchanged",
  ),
  confGeneralizationLabelNoise065: t(
    0.65,
    "design: hand-set confidence in rules/generalization.ts (label_noise), moved from the rule body unchanged",
  ),
  confGeneralizationLearningRateTooHigh065: t(
    0.65,
    "design: hand-set confidence in rules/generalization.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confGeneralizationLearningRateTooHigh05: t(
    0.5,
    "design: hand-set confidence in rules/generalization.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confGeneralizationWeightInitTooLarge04: t(
    0.4,
    "design: hand-set confidence in rules/generalization.ts (weight_init_too_large), moved from the rule body unchanged",
  ),
  confGeneralizationOverfitting07: t(
    0.7,
    "design: hand-set confidence in rules/generalization.ts (overfitting), moved from the rule body unchanged",
  ),
  confGeneralizationRepeatedBatch05: t(
    0.5,
    "design: hand-set confidence in rules/generalization.ts (repeated_batch), moved from the rule body unchanged",
  ),
  confGeneralizationLearningRateTooHigh075: t(
    0.75,
    "design: hand-set confidence in rules/generalization.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confGeneralizationLearningRateTooHigh06: t(
    0.6,
    "design: hand-set confidence in rules/generalization.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confGeneralizationOverfitting06: t(
    0.6,
    "design: hand-set confidence in rules/generalization.ts (overfitting), moved from the rule body unchanged",
  ),
  confLayerEvidenceWeightInitZero09: t(
    0.9,
    "design: hand-set strength in rules/layer_evidence.ts (weight_init_zero), moved from the rule body unchanged",
  ),
  confLayerEvidenceWeightInitTooLarge07: t(
    0.7,
    "design: hand-set strength in rules/layer_evidence.ts (weight_init_too_large), moved from the rule body unchanged",
  ),
  confLayerEvidenceWeightsFrozen085: t(
    0.85,
    "design: hand-set strength in rules/layer_evidence.ts (weights_frozen), moved from the rule body unchanged",
  ),
  confLayerEvidence075: t(0.75, "design: hand-set strength in rules/layer_evidence.ts, moved from the rule body unchanged"),
  confLayerEvidenceLearningRateTooLow06: t(
    0.6,
    "design: hand-set strength in rules/layer_evidence.ts (learning_rate_too_low), moved from the rule body unchanged",
  ),
  confLayerEvidenceLearningRateTooLow07: t(
    0.7,
    "design: hand-set strength in rules/layer_evidence.ts (learning_rate_too_low), moved from the rule body unchanged",
  ),
  confLayerEvidenceLearningRateTooHigh06: t(
    0.6,
    "design: hand-set strength in rules/layer_evidence.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confLayerEvidenceVanishingGradient085: t(
    0.85,
    "design: hand-set strength in rules/layer_evidence.ts (vanishing_gradient), moved from the rule body unchanged",
  ),
  confLayerEvidenceVanishingGradient07: t(
    0.7,
    "design: hand-set strength in rules/layer_evidence.ts (vanishing_gradient), moved from the rule body unchanged",
  ),
  confLayerEvidenceExplodingGradient08: t(
    0.8,
    "design: hand-set strength in rules/layer_evidence.ts (exploding_gradient), moved from the rule body unchanged",
  ),
  confLayerEvidenceExplodingGradient06: t(
    0.6,
    "design: hand-set strength in rules/layer_evidence.ts (exploding_gradient), moved from the rule body unchanged",
  ),
  confLayerEvidenceDeadRelu08: t(
    0.8,
    "design: hand-set strength in rules/layer_evidence.ts (dead_relu), moved from the rule body unchanged",
  ),
  confLayerEvidenceActivationSaturation075: t(
    0.75,
    "design: hand-set strength in rules/layer_evidence.ts (activation_saturation), moved from the rule body unchanged",
  ),
  confLayerEvidenceInputNotNormalized07: t(
    0.7,
    "design: hand-set strength in rules/layer_evidence.ts (input_not_normalized), moved from the rule body unchanged",
  ),
  confLayerEvidenceExplodingGradient05: t(
    0.5,
    "design: hand-set strength in rules/layer_evidence.ts (exploding_gradient), moved from the rule body unchanged",
  ),
  confNonFiniteLearningRateTooHigh075: t(
    0.75,
    "design: hand-set confidence in rules/non_finite.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confNonFiniteExplodingGradient06: t(
    0.6,
    "design: hand-set confidence in rules/non_finite.ts (exploding_gradient), moved from the rule body unchanged",
  ),
  confNonFiniteExplodingGradient055: t(
    0.55,
    "design: hand-set confidence in rules/non_finite.ts (exploding_gradient), moved from the rule body unchanged",
  ),
  confNonFiniteNumericalInstability04: t(
    0.4,
    "design: hand-set confidence in rules/non_finite.ts (numerical_instability), moved from the rule body unchanged",
  ),
  confNonFiniteNumericalInstability055: t(
    0.55,
    "design: hand-set confidence in rules/non_finite.ts (numerical_instability), moved from the rule body unchanged",
  ),
  confNonFiniteInputNotNormalized: t(
    0.5,
    "design: below the 0.55 that a loss without a safe configured form gets for numerical_instability; the data is the likelier of the two data readings (unscaled inputs are common, NaN-filled inputs are usually caught by the loader)",
  ),
  confNonFiniteBatchSizeTooSmall: t(0.5, "design: as confNonFiniteInputNotNormalized, the first reading of a NaN under a safe loss"),
  confNonFiniteLearningRateTooHighTinyBatch: t(
    0.4,
    "design: the second reading beside a tiny batch, as confNonFiniteDataMissingValues beside unscaled inputs",
  ),
  /** A batch of at most this many samples is tiny (gradient estimates from one or two samples). */
  tinyBatchSize: t(2, "design: the configuration check's tiny batch (config_facts.ts)"),
  confNonFiniteDataMissingValues: t(0.4, "design: the second data reading, below input_not_normalized"),
  confNonFiniteLearningRateTooHigh05: t(
    0.5,
    "design: hand-set confidence in rules/non_finite.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confNonFiniteLearningRateTooHigh06: t(
    0.6,
    "design: hand-set confidence in rules/non_finite.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confNonFiniteExplodingGradient04: t(
    0.4,
    "design: hand-set confidence in rules/non_finite.ts (exploding_gradient), moved from the rule body unchanged",
  ),
  confNonFiniteNumericalInstability07: t(
    0.7,
    "design: hand-set confidence in rules/non_finite.ts (numerical_instability), moved from the rule body unchanged",
  ),
  confNonFinite08: t(0.8, "design: hand-set confidence in rules/non_finite.ts, moved from the rule body unchanged"),
  confBatchesRepeatedBatch07: t(
    0.7,
    "design: hand-set confidence in rules/batches.ts (repeated_batch), moved from the rule body unchanged",
  ),
  confBatchesInsufficientData06: t(
    0.6,
    "design: hand-set confidence in rules/batches.ts (insufficient_data), moved from the rule body unchanged",
  ),
  confBatchesBatchSizeTooLarge065: t(
    0.65,
    "design: hand-set confidence in rules/batches.ts (batch_size_too_large), moved from the rule body unchanged",
  ),
  confBatchesDataNotShuffled07: t(
    0.7,
    "design: hand-set confidence in rules/batches.ts (data_not_shuffled), moved from the rule body unchanged",
  ),
  confBatchesRepeatedBatchMemorised: t(
    0.65,
    "design: as the sawtooth's data-order reading below it; the memorised training accuracy tells the two apart",
  ),
  confBatchesDataNotShuffled065: t(
    0.65,
    "design: hand-set confidence in rules/batches.ts (data_not_shuffled), moved from the rule body unchanged",
  ),
  confLossFloorWrongLossFunction07: t(
    0.7,
    "design: hand-set confidence in rules/loss_floor.ts (wrong_loss_function), moved from the rule body unchanged",
  ),
  confNotUpdatedWeightsFrozen08: t(
    0.8,
    "design: hand-set confidence in rules/not_updated.ts (weights_frozen), moved from the rule body unchanged",
  ),
  confConfigChecksWrongLossFunction08: t(
    0.8,
    "design: hand-set confidence in config_checks.ts (wrong_loss_function), moved from the rule body unchanged",
  ),
  confConfigChecksWrongLossFunction075: t(
    0.75,
    "design: hand-set confidence in config_checks.ts (wrong_loss_function), moved from the rule body unchanged",
  ),
  confConfigChecksWrongLossFunction05: t(
    0.5,
    "design: hand-set confidence in config_checks.ts (wrong_loss_function), moved from the rule body unchanged",
  ),
  confConfigChecksWrongOutputActivation06: t(
    0.6,
    "design: hand-set confidence in config_checks.ts (wrong_output_activation), moved from the rule body unchanged",
  ),
  confConfigChecksWrongLossFunction06: t(
    0.6,
    "design: hand-set confidence in config_checks.ts (wrong_loss_function), moved from the rule body unchanged",
  ),
  confConfigChecksWrongLossFunction065: t(
    0.65,
    "design: hand-set confidence in config_checks.ts (wrong_loss_function), moved from the rule body unchanged",
  ),
  confConfigChecksWrongOutputActivation08: t(
    0.8,
    "design: hand-set confidence in config_checks.ts (wrong_output_activation), moved from the rule body unchanged",
  ),
  confConfigChecksLearningRateTooHigh10: t(
    10,
    "design: hand-set confidence in config_checks.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confConfigChecksLearningRateTooHigh07: t(
    0.7,
    "design: hand-set confidence in config_checks.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confConfigChecksLearningRateTooHigh035: t(
    0.35,
    "design: hand-set confidence in config_checks.ts (learning_rate_too_high), moved from the rule body unchanged",
  ),
  confConfigChecksLearningRateTooLow10: t(
    10,
    "design: hand-set confidence in config_checks.ts (learning_rate_too_low), moved from the rule body unchanged",
  ),
  confConfigChecksLearningRateTooLow07: t(
    0.7,
    "design: hand-set confidence in config_checks.ts (learning_rate_too_low), moved from the rule body unchanged",
  ),
  confConfigChecksLearningRateTooLow035: t(
    0.35,
    "design: hand-set confidence in config_checks.ts (learning_rate_too_low), moved from the rule body unchanged",
  ),
  confConfigChecksBatchSizeTooLarge065: t(
    0.65,
    "design: hand-set confidence in config_checks.ts (batch_size_too_large), moved from the rule body unchanged",
  ),
  confConfigChecksBatchSizeTooLarge05: t(
    0.5,
    "design: hand-set confidence in config_checks.ts (batch_size_too_large), moved from the rule body unchanged",
  ),
  confConfigChecksBatchSizeTooSmall04: t(
    0.4,
    "design: hand-set confidence in config_checks.ts (batch_size_too_small), moved from the rule body unchanged",
  ),
  confConfigChecksTooFewEpochs06: t(
    0.6,
    "design: hand-set confidence in config_checks.ts (too_few_epochs), moved from the rule body unchanged",
  ),
  confConfigChecksRegularizationTooStrong035: t(
    0.35,
    "design: hand-set confidence in config_checks.ts (regularization_too_strong), moved from the rule body unchanged",
  ),
  confConfigChecksRegularizationTooStrong05: t(
    0.5,
    "design: hand-set confidence in config_checks.ts (regularization_too_strong), moved from the rule body unchanged",
  ),
  confConfigChecksRegularizationTooStrong045: t(
    0.45,
    "design: hand-set confidence in config_checks.ts (regularization_too_strong), moved from the rule body unchanged",
  ),
  confConfigChecksOptimizerUnsuitable035: t(
    0.35,
    "design: hand-set confidence in config_checks.ts (optimizer_unsuitable), moved from the rule body unchanged",
  ),
  confConfigChecksOptimizerUnsuitable04: t(
    0.4,
    "design: hand-set confidence in config_checks.ts (optimizer_unsuitable), moved from the rule body unchanged",
  ),
} as const;

export type ThresholdName = keyof typeof T;
