// Configuration facts: what the run's logged configuration (every source the readers merge,
// normalised through hparam_aliases.ts) and a few run-level signals say about candidate causes.
// Each fact has an id from the cause model (cause_model.ts says which causes it raises or lowers
// and by how much), a strength in (0, 1] (how far the setting is from usual), a note a person can
// check and its evidence. `definite` marks settings that are wrong whatever the curves show (a
// loss that cannot fit the task, a learning rate ≥ 6 decades off its optimizer's range).
import type { TrainingRun } from "../model/index.ts";
import type { Evidence } from "./types.ts";
import type { FactId } from "./cause_model.ts";
import type { RunSignals } from "./signals/index.ts";
import { T } from "./thresholds.ts";
import { activationName, classInfo, lossKind, normalizeConfig, type ConfigValue } from "./config_checks.ts";
import { numberOf, type HParamKey } from "./hparam_aliases.ts";
import { hparamFor } from "./signals/run_view.ts";
import { linearModel } from "./signals/architecture.ts";
import { lrDecadesOff, optimizerRange } from "./optimizer_ranges.ts";

export interface Fact {
  id: FactId;
  strength: number;
  note: string;
  evidence: Evidence[];
  definite?: boolean;
}

const ev = (v: ConfigValue, note?: string): Evidence => ({ source: "hparam", tag: v.name, value: v.value, ...(note ? { note } : {}) });
const num = (v: ConfigValue | undefined): number | undefined => (v ? numberOf(v.value) : undefined);
const truthy = (v: unknown): boolean =>
  v !== undefined &&
  v !== null &&
  v !== false &&
  v !== 0 &&
  !(typeof v === "string" && /^(|0|false|no|none|null|\[\]|off)$/i.test(v.trim()));

const fmtNum = (x: number): string => String(Number(x.toPrecision(3)));

export function configFacts(run: TrainingRun, s: RunSignals): Fact[] {
  const cfg = normalizeConfig(run);
  const out: Fact[] = [];
  const hp = (key: HParamKey) => hparamFor(s.view, key);

  // learning rate vs the named optimizer's practical range
  const lrV = cfg.get("learning_rate");
  const lr = num(lrV) ?? s.lr?.value;
  if (lr !== undefined && lr > 0) {
    const optV = cfg.get("optimizer");
    const r = optimizerRange(optV ? String(optV.value) : s.lr?.optimizer);
    const d = lrDecadesOff(lr, r.range);
    const evidence: Evidence[] = [
      lrV
        ? ev(lrV, `practical range for ${r.name}: ${r.range[0]}..${r.range[1]}`)
        : { source: "scalar", tag: s.lr?.source, value: lr, note: `practical range for ${r.name}: ${r.range[0]}..${r.range[1]}` },
      ...(optV ? [ev(optV)] : []),
    ];
    // plain SGD (momentum 0 unless logged or named; both frameworks default to 0) takes steps of
    // lr / (1 − momentum): inside SGD's wide practical range, a step well under its default makes
    // slow progress, where an adaptive optimizer rescales it
    const namedOptimizer = optV ? String(optV.value) : (s.lr?.optimizer ?? "");
    const mV = num(cfg.get("momentum"));
    const momentumNamed = /momentum|nesterov/i.test(namedOptimizer);
    const momentum = mV ?? (momentumNamed ? T.namedMomentum.value : 0);
    const effective = lr / (1 - Math.min(momentum, T.maxMomentum.value));
    const sgdLow =
      r.name === "SGD" && d === 0 && r.defaults.length > 0 && effective <= r.defaults[0] / T.sgdLowLrFactor.value
        ? { momentum, momentumKnown: mV !== undefined || momentumNamed, effective }
        : null;
    const a = Math.abs(d);
    const strength = a >= T.lrDecadesStrong.value ? 1 : a >= 1 ? T.factStrengthClear.value : T.factStrengthEdge.value;
    const decades = `${a >= 1 ? Math.floor(a) : "<1"} decade${a >= 2 ? "s" : ""}`;
    if (d < 0)
      out.push({
        id: "config.lr_below_range",
        strength,
        definite: a >= T.lrDecadesDefinite.value,
        evidence,
        note: `learning rate ${lr} is ${decades} below ${r.name}'s practical range ${r.range[0]}..${r.range[1]}`,
      });
    else if (d > 0)
      out.push({
        id: "config.lr_above_range",
        strength,
        definite: a >= T.lrDecadesDefinite.value,
        evidence,
        note: `learning rate ${lr} is ${decades} above ${r.name}'s practical range ${r.range[0]}..${r.range[1]}`,
      });
    else if (sgdLow)
      out.push({
        id: "config.sgd_lr_low",
        strength: sgdLow.momentumKnown ? 1 : T.factStrengthClear.value,
        evidence: [...evidence, ...(cfg.get("momentum") ? [ev(cfg.get("momentum")!)] : [])],
        note: `learning rate ${lr} with ${sgdLow.momentum > 0 ? `momentum ${sgdLow.momentum}` : "no momentum"}${sgdLow.momentumKnown ? "" : " (none logged; Keras and PyTorch default to 0)"}: an effective step ${fmtNum(sgdLow.effective)}, ${fmtNum(r.defaults[0] / sgdLow.effective)}× below SGD's default ${r.defaults[0]}, which plain SGD does not make up for as adaptive optimizers do`,
      });
    else
      out.push({
        id: "config.lr_in_range",
        strength: 1,
        evidence,
        note: `learning rate ${lr} is within ${r.name}'s practical range ${r.range[0]}..${r.range[1]}`,
      });
  }

  // loss vs output activation vs task
  const lossV = cfg.get("loss");
  const loss = lossV && typeof lossV.value === "string" ? lossV.value : undefined;
  const outV = cfg.get("output_activation");
  const out_ = outV ? activationName(String(outV.value)) : undefined;
  const info = classInfo(run, cfg);
  const classifier = info.classifier;
  const unitsGuess = numberOf(hp("output_units")?.value ?? NaN) ?? s.arch.outputUnits;
  const classes = info.classes ?? (unitsGuess !== undefined && unitsGuess > 2 ? unitsGuess : undefined);
  const units = numberOf(hp("output_units")?.value ?? NaN) ?? s.arch.outputUnits;
  const hasAccuracy = !!(s.trainAcc ?? s.valAcc);
  if (loss && lossV) {
    const lk = lossKind(loss, cfg.get("from_logits") ? truthy(cfg.get("from_logits")!.value) : undefined);
    const softmaxClassifier = out_ === "softmax" || (units !== undefined && units >= 2 && out_ !== "linear" && classifier);
    if (lk === "regression" && (classifier || softmaxClassifier)) {
      const why = [
        out_ === "softmax" ? "a softmax output" : undefined,
        hasAccuracy ? "an accuracy metric" : undefined,
        classes ? `${classes} classes` : undefined,
      ]
        .filter(Boolean)
        .join(", ");
      out.push({
        id: "config.regression_loss_on_classifier",
        strength: softmaxClassifier || hasAccuracy ? 1 : T.factStrengthClear.value,
        definite: softmaxClassifier || hasAccuracy,
        note: `regression loss ${loss} on a classifier (${why || "a classification task"}): cross-entropy is the loss that fits class labels`,
        evidence: [
          ev(lossV),
          ...(outV ? [ev(outV)] : []),
          ...(hasAccuracy ? [{ source: "run" as const, tag: (s.valAcc ?? s.trainAcc)!.key, note: "the run logs an accuracy metric" }] : []),
        ],
      });
    }
    if ((lk === "logits" || lk === "binary_logits") && (out_ === "softmax" || out_ === "sigmoid" || out_ === "log_softmax")) {
      out.push({
        id: "config.loss_activation_mismatch",
        strength: 1,
        definite: true,
        note: `${loss} applies its own softmax/sigmoid; the ${outV!.value} output squashes twice`,
        evidence: [ev(lossV), ev(outV!)],
      });
    } else if ((lk === "probs" || lk === "binary_probs") && (out_ === "linear" || out_ === "relu" || out_ === "tanh")) {
      out.push({
        id: "config.loss_activation_mismatch",
        strength: 1,
        definite: true,
        note: `${loss} expects probabilities but the output activation is ${outV!.value}`,
        evidence: [ev(lossV), ev(outV!)],
      });
    }
    // categorical cross-entropy over one unit is 0 for every negative sample: nothing to learn from
    if (lk === "probs" && units === 1 && !/binary/i.test(loss)) {
      out.push({
        id: "config.loss_activation_mismatch",
        strength: 1,
        definite: true,
        note: `categorical loss ${loss} over a single output unit: it is 0 whenever the label is 0`,
        evidence: [ev(lossV), ...(outV ? [ev(outV)] : [])],
      });
    }
    // a hinge loss wants raw scores against ±1 labels, not probabilities
    if (/hinge/i.test(loss) && (out_ === "sigmoid" || out_ === "softmax")) {
      out.push({
        id: "config.loss_activation_mismatch",
        strength: T.factStrengthClear.value,
        definite: true,
        note: `hinge loss ${loss} on ${outV!.value} probabilities (it expects raw scores and ±1 labels)`,
        evidence: [ev(lossV), ev(outV!)],
      });
    }
    // independent sigmoids over one-of-C classes
    if (lk === "probs" && out_ === "sigmoid" && units !== undefined && units > 2) {
      out.push({
        id: "config.output_activation_wrong",
        strength: T.factStrengthClear.value,
        definite: true,
        note: `sigmoid output over ${units} one-of-C classes with ${loss}: the outputs do not sum to one`,
        evidence: [ev(lossV), ev(outV!)],
      });
    }
    // a regression squashed into (0, 1)
    if (lk === "regression" && !classifier && !softmaxClassifier && out_ === "sigmoid") {
      out.push({
        id: "config.output_activation_wrong",
        strength: T.factStrengthClear.value,
        note: `${outV!.value} output on a regression (${loss}): the predictions cannot leave (0, 1)`,
        evidence: [ev(lossV), ev(outV!)],
      });
    }
    if (
      (lk === "binary_probs" || lk === "binary_logits") &&
      classes !== undefined &&
      classes > 2 &&
      !/multi.?label/i.test(String(cfg.get("task")?.value ?? ""))
    ) {
      out.push({
        id: "config.binary_loss_multiclass",
        strength: 1,
        definite: true,
        note: `binary loss ${loss} with ${classes} one-of-C classes`,
        evidence: [ev(lossV), ...(cfg.get("num_classes") ? [ev(cfg.get("num_classes")!)] : [])],
      });
    }
  }
  if (outV && out_ === "softmax" && (classes === 1 || units === 1)) {
    out.push({
      id: "config.output_activation_wrong",
      strength: 1,
      definite: true,
      note: "softmax over a single output unit is always 1",
      evidence: [ev(outV)],
    });
  }

  // regularisation
  const d = num(cfg.get("dropout")),
    k = num(cfg.get("keep_prob"));
  const drop = d !== undefined && d < 1 ? d : k !== undefined && k > 0 ? 1 - k : undefined;
  if (drop !== undefined && drop >= T.heavyDropout.value) {
    const dv = cfg.get("dropout") ?? cfg.get("keep_prob")!;
    // the training-mode handicap shows: training accuracy below validation, or a training loss above the validation loss
    const shows = (!!s.trainAcc && !!s.valAcc && s.valAcc.last > s.trainAcc.last) || (!!s.train && !!s.val && s.train.last > s.val.last);
    out.push({
      id: "config.heavy_dropout",
      strength: shows ? 1 : T.factStrengthUnseen.value,
      evidence: [ev(dv)],
      note: `dropout ${+drop.toFixed(3)} drops ${Math.round(drop * 100)} % of the units in training${shows ? " and the training curves sit below the validation ones (the training-mode handicap shows)" : ""}`,
    });
  }
  const wd = num(cfg.get("weight_decay"));
  if (
    wd !== undefined &&
    wd > (/adamw/i.test(String(cfg.get("optimizer")?.value ?? "")) ? T.maxDecoupledWeightDecay.value : T.maxWeightDecay.value)
  ) {
    out.push({
      id: "config.strong_weight_decay",
      strength: 1,
      evidence: [ev(cfg.get("weight_decay")!)],
      note: `weight decay ${wd} is unusually strong`,
    });
  }

  // batch vs dataset
  const bs = num(cfg.get("batch_size")),
    n = num(cfg.get("dataset_size"));
  if (bs !== undefined && n !== undefined && bs > 0 && n > 0) {
    const steps = Math.ceil(n / bs);
    if (steps < T.fewStepsPerEpoch.value)
      out.push({
        id: "config.few_steps_per_epoch",
        strength: steps <= 2 ? 1 : T.factStrengthClear.value,
        evidence: [ev(cfg.get("batch_size")!), ev(cfg.get("dataset_size")!, `${steps} step(s) per epoch`)],
        note: `batch ${bs} over ${n} samples: ${steps} optimizer step(s) per epoch`,
      });
  }
  if (bs !== undefined && bs > 0 && bs <= 2)
    out.push({
      id: "config.tiny_batch",
      strength: 1,
      evidence: [ev(cfg.get("batch_size")!)],
      note: `batch size ${bs}: very noisy gradients`,
    });

  // epochs: a handful of epochs (a smoke run or a short fine-tuning) is not a learning rate to judge
  const epochCurve = s.val ?? s.valAcc ?? s.trainAcc;
  const epochsV = cfg.get("epochs");
  const epochs = num(epochsV) ?? (epochCurve && !s.stepsPerEpoch?.trainLossPerStep ? epochCurve.n : undefined);
  if (epochs !== undefined && epochs > 0 && epochs <= T.smokeRunEpochs.value) {
    out.push({
      id: "config.short_training",
      strength: 1,
      evidence: epochsV ? [ev(epochsV)] : [{ source: "scalar", tag: epochCurve?.key, value: epochs, note: "evaluations logged" }],
      note: `only ${epochs} epoch(s) of training`,
    });
  }
  if (truthy(hp("early_stopping")?.value) || (numberOf(hp("patience")?.value ?? NaN) ?? 0) > 0) {
    const h = hp("early_stopping") ?? hp("patience")!;
    out.push({
      id: "config.early_stopping",
      strength: 1,
      evidence: [{ source: "hparam", tag: h.name, value: h.value }],
      note: "early stopping is configured",
    });
  }

  // optimizer settings
  const optName = String(cfg.get("optimizer")?.value ?? "");
  const m = num(cfg.get("momentum"));
  if (/^sgd$/i.test(optName.trim()) && m === 0)
    out.push({
      id: "config.sgd_without_momentum",
      strength: 1,
      evidence: [ev(cfg.get("optimizer")!), ev(cfg.get("momentum")!)],
      note: "plain SGD without momentum",
    });
  const eps = num(cfg.get("epsilon"));
  if (
    (m !== undefined && m >= T.maxMomentum.value && !/adam|rmsprop/i.test(optName)) ||
    (eps !== undefined && eps > T.maxAdamEpsilon.value && /adam|rmsprop/i.test(optName))
  ) {
    out.push({
      id: "config.odd_optimizer_setting",
      strength: 1,
      evidence: [...(cfg.get("momentum") ? [ev(cfg.get("momentum")!)] : []), ...(cfg.get("epsilon") ? [ev(cfg.get("epsilon")!)] : [])],
      note: "an optimizer setting far from usual (momentum ≥ 0.999 or epsilon > 0.01)",
    });
  }

  // initialisation
  const initV = cfg.get("weight_init");
  const init = initV ? String(initV.value).toLowerCase() : "";
  const scaleH = hp("init_scale");
  // a scale written into the initialiser itself: random_normal(stddev=30), xavier_normal(gain=4)
  const inline = /(stddev|std|gain|scale)\s*=\s*([-+]?\d*\.?\d+(e[-+]?\d+)?)/i.exec(init);
  const scale = scaleH ? numberOf(scaleH.value) : inline ? Number(inline[2]) : undefined;
  // (a kernel initialiser applies to every layer: zeros leave every hidden layer symmetric)
  if (initV && /(^|[^a-z])(zeros?|constant|ones)([^a-z]|$)/.test(init))
    out.push({
      id: "config.init_zero",
      strength: 1,
      definite: true,
      evidence: [ev(initV)],
      note: `the weights are initialised with ${initV.value}: every unit of a layer starts alike`,
    });
  else if ((initV && /large|huge/.test(init)) || (scale !== undefined && scale >= T.initRmsLarge.value))
    out.push({
      id: "config.init_large",
      strength: 1,
      definite: scale !== undefined && scale >= T.initScaleDefinite.value,
      evidence: [...(initV ? [ev(initV)] : []), ...(scaleH ? [{ source: "hparam" as const, tag: scaleH.name, value: scaleH.value }] : [])],
      note: `initial weights far too large (${initV?.value ?? ""}${scale !== undefined ? ` scale ${scale}` : ""})`,
    });
  else if ((initV && /small|tiny/.test(init)) || (scale !== undefined && scale > 0 && scale <= T.initRmsSmall.value))
    out.push({
      id: "config.init_small",
      strength: 1,
      evidence: [...(initV ? [ev(initV)] : []), ...(scaleH ? [{ source: "hparam" as const, tag: scaleH.name, value: scaleH.value }] : [])],
      note: `initial weights far too small (${initV?.value ?? ""}${scale !== undefined ? ` scale ${scale}` : ""})`,
    });

  // architecture
  const frozenH = hp("frozen_layers");
  if (frozenH && truthy(frozenH.value))
    out.push({
      id: "config.frozen_layers",
      strength: 1,
      evidence: [{ source: "hparam", tag: frozenH.name, value: frozenH.value }],
      note: `the configuration freezes layers (${frozenH.name}=${frozenH.value})`,
    });
  if ((s.arch.activation === "sigmoid" || s.arch.activation === "tanh") && (s.arch.depth ?? 0) >= T.deepNetLayers.value) {
    out.push({
      id: "config.deep_saturating",
      strength: 1,
      evidence: [
        { source: "hparam", tag: "activation", value: s.arch.activationName ?? s.arch.activation, note: `${s.arch.depth} hidden layers` },
      ],
      note: `a ${s.arch.depth}-layer ${s.arch.activation} network`,
    });
  }
  // capacity: no hidden non-linearity, no hidden layer, no bias anywhere
  const linear = linearModel(s.arch);
  if (linear === "linear_hidden")
    out.push({
      id: "config.linear_hidden",
      strength: 1,
      evidence: [{ source: "hparam", tag: "activation", value: s.arch.activationName! }],
      note: `hidden activation ${s.arch.activationName}: the network is one linear map, whatever its depth`,
    });
  if (linear === "no_hidden_layers")
    out.push({
      id: "config.no_hidden_layers",
      strength: 1,
      evidence: [{ source: "hparam", tag: "layers", value: 1, note: "weight layers in the logged layer summary" }],
      note: "the logged layer summary has a single weight layer: a linear model",
    });
  if (s.arch.noBias && (s.arch.layers ?? 0) >= 1)
    out.push({
      id: "config.no_bias",
      strength: 1,
      evidence: [{ source: "hparam", tag: "layers", note: "no layer has a bias" }],
      note: "no layer of the logged layer summary has a bias",
    });
  if (s.arch.recurrent)
    out.push({ id: "config.recurrent", strength: 1, evidence: [], note: "a recurrent network (gradients multiply over the time steps)" });

  // weight level: kernels that move at a healthy rate between their records (steps are not too
  // small, whatever the loss does); per optimizer step when the records' step unit is known
  const kc = s.layers.kernelChange;
  if (
    kc.kernels >= 1 &&
    kc.perRecord >= T.weightsMovingPerRecord.value &&
    (!Number.isFinite(kc.perStep) || kc.perStep >= T.weightsMovingPerStep.value)
  )
    out.push({
      id: "weights.moving",
      strength: 1,
      evidence: kc.keys.map((k) => ({ source: "histogram" as const, tag: k, note: "weight history" })),
      note: `the weights move at a healthy rate: a median ${(100 * kc.perRecord).toPrecision(2)} % of their size between records${Number.isFinite(kc.perStep) ? ` (${kc.perStep.toExponential(1)} per step)` : ""} over ${kc.kernels} kernel(s)`,
    });

  // output level: a validation loss that repeats to its last bits at every evaluation — the
  // model's function never changed (signals/frozen_eval.ts); only with a finite training loss (an
  // optimizer that skips every step on non-finite gradients leaves the weights unchanged too)
  const fe = s.frozenEval;
  if (fe && s.val && !s.trainNonFinite?.count)
    out.push({
      id: "outputs.unchanged",
      strength: 1,
      evidence: [
        { source: "scalar", tag: s.val.key, value: Number(fe.value.toPrecision(7)), note: `the same at all ${fe.points} evaluations` },
        { source: "scalar", tag: s.val.key, value: Number(fe.relRange.toPrecision(3)), note: "relative range" },
      ],
      note: `the validation loss ${s.val.key} is ${fe.value.toPrecision(7)} at all ${fe.points} evaluations, to the last bits: the model's outputs never changed, so no weight did`,
    });

  // gradient level: a logged total gradient norm that grew by orders of magnitude or turned non-finite
  // (only before the loss turned non-finite: a NaN loss makes every later gradient NaN)
  const g = s.view.gradNormTotal;
  const lossBad = Math.min(
    s.trainNonFinite?.count ? s.trainNonFinite.firstStep : Infinity,
    s.valNonFinite?.count ? s.valNonFinite.firstStep : Infinity,
  );
  if (g && g.values.length >= 2) {
    let first = NaN,
      max = -Infinity,
      bad = 0,
      badStep: number | undefined;
    for (let i = 0; i < g.values.length; i++) {
      if (g.steps[i] >= lossBad) break;
      const v = g.values[i];
      if (!Number.isFinite(v)) {
        bad++;
        badStep ??= g.steps[i];
        continue;
      }
      if (Number.isNaN(first)) first = v;
      if (v > max) max = v;
    }
    if (bad > 0 || (first > 0 && max >= T.gradNormGrowth.value * first)) {
      out.push({
        id: "gradients.norm_growth",
        strength: 1,
        evidence: [
          {
            source: "scalar",
            tag: g.key,
            ...(badStep !== undefined ? { step: badStep } : {}),
            value: bad > 0 ? "non-finite" : Number((max / first).toPrecision(3)),
            note: bad > 0 ? `${bad} non-finite gradient norm(s)` : "largest / first total gradient norm",
          },
        ],
        note:
          bad > 0
            ? `the total gradient norm ${g.key} turned non-finite`
            : `the total gradient norm ${g.key} grew ${(max / first).toPrecision(2)}× from its first value`,
      });
    }
  }
  return out;
}
