// Curve families of real training runs that the TF.js fault zoo does not produce: learning-rate
// schedules (step decay, cosine, warmup, warm restarts, one-cycle), transformer language-model
// pre-training, fine-tuning, GANs, VAEs, regression, object detection, reinforcement learning,
// unusual step axes and logging intervals, and a few faults on these shapes. Every run is built
// from the model classes (as the reader would build it, roles included), with the tag names of the
// framework named, mini-batch noise and a seeded generator: the same options give the same run.
import { RunDir, assignRoles, type HParamValue, type TrainingRun } from "../../src/model/index.ts";

export type CaseKind = "healthy" | "faulty" | "ambiguous";

export interface CurveCase {
  /** Unique, stable: `<family>/<param>=<value>,...`. */
  id: string;
  family: string;
  kind: CaseKind;
  params: Record<string, string | number | boolean>;
  /** What the run is, in a sentence (shape and convention). */
  description: string;
  /** Faulty cases: a warning/error with one of these causes or symptoms is the right diagnosis. */
  accept?: { causes?: string[]; symptoms?: string[] };
  /** Ambiguous cases: the most a diagnosis may say (a warning only with one of these causes; never an error). */
  tolerate?: { causes: string[] };
  build: () => TrainingRun;
}

// ---- randomness and noise ------------------------------------------------------------------------

/** Seeded generator (mulberry32) with normal and heavy-tailed draws. */
export class Rng {
  private s: number;
  constructor(seed: number, salt = "") {
    let h = (seed ^ 0x9e3779b9) >>> 0;
    for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 2654435761) >>> 0;
    this.s = h || 1;
  }
  u(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  }
  gauss(): number {
    return Math.sqrt(-2 * Math.log(this.u())) * Math.cos(2 * Math.PI * this.u());
  }
  /** A normal draw with an occasional hard batch (about 1 in 100 three times wider). */
  batch(): number {
    const g = this.gauss();
    return this.u() < 0.01 ? 3 * Math.abs(g) : g;
  }
}

/** Mini-batch noise on a positive loss: multiplicative (log-normal), with a slow AR(1) part for data-order effects. */
class BatchNoise {
  private ar = 0;
  constructor(
    private rng: Rng,
    private sigma: number,
    private arShare = 0.3,
  ) {}
  apply(level: number): number {
    this.ar = 0.9 * this.ar + Math.sqrt(1 - 0.81) * this.rng.gauss();
    const z = (1 - this.arShare) * this.rng.batch() + this.arShare * this.ar;
    return level * Math.exp(this.sigma * z);
  }
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

// ---- run assembly ---------------------------------------------------------------------------------

/** Builds a TrainingRun the way the reader does: one RunDir per sub-directory, hparams with a source, roles assigned. */
class RunBuilder {
  private dirs = new Map<string, RunDir>();
  private hp = new Map<string, HParamValue>();
  constructor(
    readonly name: string,
    private secPerStep = 0.1,
    private t0 = 1.7e9,
  ) {
    this.dir("");
  }
  dir(sub: string): RunDir {
    let d = this.dirs.get(sub);
    if (!d) {
      d = new RunDir(sub ? `${this.name}/${sub}` : this.name);
      this.dirs.set(sub, d);
    }
    return d;
  }
  put(tag: string, step: number, value: number, sub = ""): void {
    this.dir(sub)
      .scalar(tag)
      .push(step, this.t0 + step * this.secPerStep, value);
  }
  hparams(h: Record<string, HParamValue>): this {
    for (const [k, v] of Object.entries(h)) this.hp.set(k, v);
    return this;
  }
  done(): TrainingRun {
    const dirs = [...this.dirs.values()].filter((d, i) => i === 0 || d.scalars.size > 0);
    const run: TrainingRun = { name: this.name, dirs, hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
    for (const [k, v] of this.hp)
      run.hparams.set(k, { name: k, value: v, sourceKind: "hparams_json", source: `${this.name}/hparams.json` });
    run.roles = assignRoles(run);
    return run;
  }
}

// ---- a learning-rate-driven loss model ------------------------------------------------------------
// Progress follows the summed learning rate (an SGD step moves as far as its rate); a higher rate
// also holds the loss on a higher noise floor, reached within a fraction of an epoch after the
// rate changes. This gives the real shapes: sharp drops at step decays, bumps at warm restarts, a
// small rise while warming up, the late fall of cosine and one-cycle schedules.

export interface LrLossModel {
  /** Loss at step 0 (ln C for a fresh classifier). */
  initial: number;
  /** Loss the model reaches at a vanishing learning rate. */
  floor: number;
  /** Extra loss held by the noise of the peak learning rate (at lr = lrMax). */
  lrFloor: number;
  /** Steps of full-rate training that take away 63 % of the learnable loss. */
  tau: number;
  /** Response time of the noise floor to a change of the rate, in steps. */
  floorLag: number;
}

/** Noise-free loss level per step for a learning-rate schedule. */
export function lrDrivenLevels(lr: (i: number) => number, n: number, lrMax: number, m: LrLossModel): Float64Array {
  const out = new Float64Array(n);
  let progress = 0,
    f = lr(0) / lrMax;
  const a = 1 / Math.max(1, m.floorLag);
  for (let i = 0; i < n; i++) {
    const r = lr(i) / lrMax;
    f += a * (Math.pow(Math.max(r, 0), 0.7) - f);
    const learnt = 1 - Math.exp(-progress / m.tau);
    out[i] = m.floor + (m.initial - m.floor) * (1 - learnt) + m.lrFloor * f * learnt;
    progress += r;
  }
  return out;
}

/** Accuracy implied by a classification loss between chance (ln C) and a floor where accuracy is `top`. */
function accFromLoss(loss: number, lnC: number, floor: number, top: number, C: number): number {
  const x = clamp((loss - floor) / Math.max(1e-9, lnC - floor), 0, 1);
  return clamp(1 / C + (top - 1 / C) * (1 - Math.pow(x, 0.8)), 0, 1);
}

// ---- schedules ------------------------------------------------------------------------------------

export const schedules = {
  step:
    (lr0: number, milestones: number[], gamma = 0.1) =>
    (i: number) =>
      lr0 * Math.pow(gamma, milestones.filter((m) => i >= m).length),
  cosine:
    (lr0: number, n: number, min = 0) =>
    (i: number) =>
      min + (lr0 - min) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, i / n))),
  warmupCosine:
    (lr0: number, warm: number, n: number, min = 0) =>
    (i: number) =>
      i < warm
        ? (lr0 * (i + 1)) / warm
        : min + (lr0 - min) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, (i - warm) / Math.max(1, n - warm)))),
  warmupLinear: (lr0: number, warm: number, n: number) => (i: number) =>
    i < warm ? (lr0 * (i + 1)) / warm : lr0 * Math.max(0, (n - i) / Math.max(1, n - warm)),
  sgdr: (lr0: number, t0: number, mult: number) => (i: number) => {
    let len = t0,
      s = i;
    while (s >= len) {
      s -= len;
      len *= mult;
    }
    return lr0 * 0.5 * (1 + Math.cos((Math.PI * s) / len));
  },
  oneCycle:
    (lrMax: number, n: number, pct = 0.3, div = 25, finalDiv = 1e4) =>
    (i: number) => {
      const up = Math.round(n * pct);
      const lo = lrMax / div,
        end = lo / finalDiv;
      if (i < up) return lo + (lrMax - lo) * 0.5 * (1 - Math.cos((Math.PI * i) / up));
      return end + (lrMax - end) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, (i - up) / Math.max(1, n - up))));
    },
};

// ---- image classification with a schedule (PyTorch tags) -------------------------------------------

interface ClassifierTags {
  loss: string;
  acc: string;
  vloss: string;
  vacc: string;
  lr: string;
  sub?: { train: string; val: string };
}

interface ClassifierOpts {
  name: string;
  seed: number;
  epochs: number;
  stepsPerEpoch: number;
  classes: number;
  lr: (i: number) => number;
  lrMax: number;
  /** Log the training loss every `logEvery` steps (1 = every step). */
  logEvery?: number;
  /** Step axis unit: 1 = optimizer steps, batch size = samples seen. */
  stepUnit?: number;
  withVal: boolean;
  hparams?: Record<string, HParamValue>;
  noise?: number;
  floor?: number;
  lrFloor?: number;
  tauEpochs?: number;
  /** Validation accuracy at the floor. */
  top?: number;
  /** Validation loss over training loss at the floor (generalisation gap). */
  valGap?: number;
  /** Extra validation loss per epoch after `lateRiseFrom` (over-confidence). */
  lateRise?: number;
  lateRiseFrom?: number;
  /** Log epoch means at the epoch index (Keras/Lightning per-epoch logging) instead of per-step values. */
  epochMean?: boolean;
  /** Cut the run after this many epochs (early stopping). */
  stopAt?: number;
  tags?: ClassifierTags;
  /** Transform of the noise-free level (faults). */
  fault?: (i: number, level: number) => number;
  valFault?: (epoch: number, vloss: number) => number;
}

const PT_TAGS: ClassifierTags = { loss: "Loss/train", acc: "Accuracy/train", vloss: "Loss/val", vacc: "Accuracy/val", lr: "learning_rate" };
const KERAS_TAGS: ClassifierTags = {
  loss: "epoch_loss",
  acc: "epoch_accuracy",
  vloss: "epoch_loss",
  vacc: "epoch_accuracy",
  lr: "epoch_learning_rate",
  sub: { train: "train", val: "validation" },
};

function classifierRun(o: ClassifierOpts): TrainingRun {
  const rng = new Rng(o.seed, o.name);
  const n = o.epochs * o.stepsPerEpoch;
  const unit = o.stepUnit ?? 1;
  const b = new RunBuilder(o.name, 0.05 / unit);
  const lnC = Math.log(o.classes);
  const floor = o.floor ?? 0.02,
    top = o.top ?? 0.93;
  const m: LrLossModel = {
    initial: lnC,
    floor,
    lrFloor: o.lrFloor ?? (0.45 * lnC) / Math.log(10),
    tau: (o.tauEpochs ?? 3) * o.stepsPerEpoch,
    floorLag: 0.3 * o.stepsPerEpoch,
  };
  const lv = lrDrivenLevels(o.lr, n, o.lrMax, m);
  const noise = new BatchNoise(rng, o.noise ?? 0.12);
  const tags = o.tags ?? PT_TAGS;
  const tsub = tags.sub?.train ?? "",
    vsub = tags.sub?.val ?? "";
  const every = o.logEvery ?? 1;
  const lastStep = (o.stopAt ?? o.epochs) * o.stepsPerEpoch;
  let sumL = 0,
    sumA = 0;
  for (let i = 0; i < lastStep; i++) {
    const level = o.fault ? o.fault(i, lv[i]) : lv[i];
    const l = Number.isFinite(level) ? noise.apply(level) : level;
    const a = clamp(Number.isFinite(level) ? accFromLoss(level, lnC, floor, 0.995, o.classes) + 0.03 * rng.gauss() : 1 / o.classes, 0, 1);
    if (o.epochMean) {
      // Keras/Lightning epoch averages, stepped by the epoch index
      sumL += l;
      sumA += a;
      if ((i + 1) % o.stepsPerEpoch === 0) {
        const e = (i + 1) / o.stepsPerEpoch - 1;
        b.put(tags.loss, e, sumL / o.stepsPerEpoch, tsub);
        b.put(tags.acc, e, sumA / o.stepsPerEpoch, tsub);
        b.put(tags.lr, e, o.lr(i), tsub);
        sumL = sumA = 0;
      }
    } else if (i % every === 0) {
      b.put(tags.loss, i * unit, l, tsub);
      b.put(tags.acc, i * unit, a, tsub);
      b.put(tags.lr, i * unit, o.lr(i), tsub);
    }
  }
  if (o.withVal) {
    const gap = o.valGap ?? 4;
    for (let e = 1; e <= (o.stopAt ?? o.epochs); e++) {
      const st = e * o.stepsPerEpoch - 1;
      const level = o.fault ? o.fault(st, lv[st]) : lv[st];
      // the validation loss follows the training level, lifted by the generalisation gap near the floor
      const learnt = clamp(1 - (level - floor) / (lnC - floor), 0, 1);
      let vl = level + ((gap - 1) * floor + 0.1 * (level - floor)) * learnt;
      if (o.lateRise && o.lateRiseFrom !== undefined && e > o.lateRiseFrom) vl += o.lateRise * (e - o.lateRiseFrom);
      if (o.valFault) vl = o.valFault(e, vl);
      // evaluation noise: larger while the rate is high (weights move a lot between evaluations)
      const jitter = 0.02 + 0.08 * (o.lr(st) / o.lrMax);
      const vNoisy = Number.isFinite(vl) ? vl * Math.exp(jitter * rng.gauss()) : vl;
      const vStep = o.epochMean ? e - 1 : st * unit;
      b.put(tags.vloss, vStep, vNoisy, vsub);
      const vfloor = floor * gap;
      let va = accFromLoss(
        Number.isFinite(vl)
          ? vl - (o.lateRise && o.lateRiseFrom !== undefined && e > o.lateRiseFrom ? o.lateRise * (e - o.lateRiseFrom) : 0)
          : NaN,
        lnC,
        vfloor,
        top,
        o.classes,
      );
      if (o.lateRise && o.lateRiseFrom !== undefined && e > o.lateRiseFrom) va += 0.0008 * (e - o.lateRiseFrom);
      b.put(tags.vacc, vStep, clamp(va + jitter * 0.15 * rng.gauss(), 0, 1), vsub);
    }
  }
  b.hparams(o.hparams ?? {});
  return b.done();
}

// ---- transformer language-model pre-training (Hugging Face Trainer tags) ---------------------------

interface LmOpts {
  name: string;
  seed: number;
  vocab: number;
  steps: number;
  logEvery: number;
  evalEvery: number;
  withVal: boolean;
  warmup: number;
  lr: number;
  /** Final training loss. */
  final: number;
  fault?: "stuck" | "nan" | "diverge";
  /** Divergence back to the uniform-prediction loss ln(vocab), or beyond it. */
  divergeTo?: "uniform" | "explode";
  faultAt?: number;
}

function lmRun(o: LmOpts): TrainingRun {
  const rng = new Rng(o.seed, o.name);
  const b = new RunBuilder(o.name, 0.4);
  const L0 = Math.log(o.vocab);
  const sched = schedules.warmupCosine(o.lr, o.warmup, o.steps, o.lr * 0.1);
  const noise = new BatchNoise(rng, 0.025, 0.5);
  // a power law in the (learning-rate weighted) tokens seen, L = E + A·(1 + P/P0)^-0.35, scaled to
  // run from ln(vocab) at step 0 to `final` at the last step (GPT-2 small: ~7.5 at step 200, ~5.5 at
  // 2000, ~4 at 10 000, ~3 at 60 000)
  let progress = 0;
  let gn = 8;
  const level = new Float64Array(o.steps);
  for (let i = 0; i < o.steps; i++) {
    level[i] = Math.pow(1 + progress / 160, -0.35);
    progress += sched(i) / o.lr;
  }
  const end = level[o.steps - 1],
    top = level[0];
  for (let i = 0; i < o.steps; i++) level[i] = o.final + ((level[i] - end) * (L0 - o.final)) / (top - end);
  let divergeFrom = NaN;
  for (let i = 0; i < o.steps; i++) {
    let lv = level[i];
    if (o.fault === "stuck") lv = L0 * (1 - 0.001 * Math.min(1, i / o.steps));
    if (o.fault === "diverge" && i >= o.warmup) {
      if (Number.isNaN(divergeFrom)) divergeFrom = level[i];
      const x = (i - o.warmup) / Math.max(1, o.steps - o.warmup);
      lv =
        o.divergeTo === "uniform"
          ? divergeFrom + (L0 * 0.97 - divergeFrom) * (1 - Math.exp(-x * 12))
          : Math.min(2.2 * L0, divergeFrom * Math.exp(1.2 * x));
    }
    const nanNow = o.fault === "nan" && i >= (o.faultAt ?? o.steps / 2);
    gn =
      0.97 * gn +
      0.03 * (0.4 + 6 * Math.exp(-i / (0.05 * o.steps)) + (o.fault === "diverge" && i >= o.warmup ? (5 * (i - o.warmup)) / o.steps : 0));
    if (i % o.logEvery === 0 && i > 0) {
      // the Trainer logs the mean of the last `logEvery` steps: noise shrinks with the window
      const l = nanNow ? NaN : lv * Math.exp(Math.log(noise.apply(1)) / Math.sqrt(Math.max(1, o.logEvery / 10)));
      b.put("train/loss", i, l);
      b.put("train/learning_rate", i, sched(i));
      b.put("train/grad_norm", i, nanNow ? NaN : gn * Math.exp(0.25 * rng.gauss()) * (rng.u() < 0.01 ? 4 : 1));
      b.put("train/epoch", i, (i / o.steps) * 1.0);
    }
    if (o.withVal && i > 0 && i % o.evalEvery === 0) {
      const vl = nanNow ? NaN : lv * 1.01 + 0.03 + 0.004 * rng.gauss();
      b.put("eval/loss", i, vl);
      b.put("eval/perplexity", i, Math.exp(vl));
      b.put("eval/runtime", i, 30 + rng.u());
    }
  }
  b.hparams({
    model_type: "gpt2",
    vocab_size: o.vocab,
    per_device_train_batch_size: 32,
    gradient_accumulation_steps: 8,
    learning_rate: o.lr,
    warmup_steps: o.warmup,
    max_steps: o.steps,
    lr_scheduler_type: "cosine",
    optimizer: "adamw",
  });
  return b.done();
}

// ---- fine-tuning a pretrained classifier (Hugging Face Trainer) ------------------------------------

function finetuneRun(
  name: string,
  seed: number,
  stepsPerEpoch: number,
  evalEvery: number | "epoch",
  withVal: boolean,
  labels: number,
): TrainingRun {
  const rng = new Rng(seed, name);
  const b = new RunBuilder(name, 0.2);
  const epochs = 3,
    n = epochs * stepsPerEpoch;
  const sched = schedules.warmupLinear(2e-5, Math.round(0.06 * n), n);
  const start = 0.45 * Math.log(labels),
    floor = 0.06;
  const noise = new BatchNoise(rng, 0.35, 0.1);
  const logEvery = 10;
  const level = (i: number) =>
    floor + (start - floor) * (0.55 * Math.exp(-i / (0.15 * stepsPerEpoch)) + 0.45 * Math.exp(-i / (1.5 * stepsPerEpoch)));
  for (let i = logEvery; i <= n; i += logEvery) {
    b.put("train/loss", i, noise.apply(level(i)));
    b.put("train/learning_rate", i, sched(i));
    b.put("train/epoch", i, i / stepsPerEpoch);
  }
  if (withVal) {
    const evalSteps: number[] = [];
    if (evalEvery === "epoch") for (let e = 1; e <= epochs; e++) evalSteps.push(e * stepsPerEpoch);
    else for (let s = evalEvery; s <= n; s += evalEvery) evalSteps.push(s);
    for (const s of evalSteps) {
      const frac = s / n;
      // the eval loss flattens and creeps up in the last epoch while accuracy stays high
      const vl = 0.24 + 0.1 * Math.exp(-s / (0.3 * stepsPerEpoch)) + 0.03 * Math.max(0, frac - 0.5) + 0.006 * rng.gauss();
      b.put("eval/loss", s, vl);
      b.put("eval/accuracy", s, clamp(0.905 + 0.02 * (1 - Math.exp(-s / stepsPerEpoch)) + 0.004 * rng.gauss(), 0, 1));
      b.put("eval/f1", s, clamp(0.9 + 0.02 * (1 - Math.exp(-s / stepsPerEpoch)) + 0.005 * rng.gauss(), 0, 1));
    }
  }
  b.hparams({
    model_name_or_path: "bert-base-uncased",
    num_labels: labels,
    learning_rate: 2e-5,
    num_train_epochs: epochs,
    per_device_train_batch_size: 32,
    warmup_ratio: 0.06,
  });
  return b.done();
}

// ---- GAN ------------------------------------------------------------------------------------------

function ganRun(name: string, seed: number, steps: number, convention: "pytorch" | "tf" | "wgan", logEvery: number): TrainingRun {
  const rng = new Rng(seed, name);
  const b = new RunBuilder(name, 0.1);
  const [dTag, gTag] =
    convention === "pytorch" ? ["Loss/D", "Loss/G"] : convention === "tf" ? ["D/loss", "G/loss"] : ["Loss/critic", "Loss/generator"];
  let dPhase = rng.u() * 6,
    gDrift = 0;
  for (let i = 0; i < steps; i += logEvery) {
    const t = i / steps;
    dPhase += 0.05 + 0.02 * rng.gauss();
    gDrift = 0.995 * gDrift + 0.05 * rng.gauss();
    let d: number, g: number;
    if (convention === "wgan") {
      // Wasserstein estimate: the critic loss is negative, large early, and shrinks in magnitude
      const w = 1.5 + 8 * Math.exp(-t * 4) * (1 - Math.exp(-i / (0.01 * steps + 1)));
      d = -w * (1 + 0.15 * Math.sin(dPhase)) + 0.4 * rng.gauss();
      g = w * 0.6 + 2 * Math.sin(dPhase * 0.3) + 0.5 * gDrift + 0.5 * rng.gauss();
    } else {
      // BCE: D loss (real + fake) sits around 0.5–1.4 and oscillates; G loss rises early and wanders around 1–4
      d = Math.max(0.05, (0.9 + 0.3 * Math.sin(dPhase) + 0.15 * gDrift) * Math.exp(0.25 * rng.batch()) * (i === 0 ? 1.55 : 1));
      g = Math.max(0.05, (0.7 + 2.2 * (1 - Math.exp(-t * 8)) + 0.6 * Math.sin(dPhase + 1) + 0.3 * gDrift) * Math.exp(0.3 * rng.batch()));
    }
    b.put(dTag, i, d);
    b.put(gTag, i, g);
    if (convention !== "wgan") {
      b.put("D(x)", i, clamp(0.5 + 0.25 * Math.sin(dPhase) + 0.05 * rng.gauss(), 0, 1));
      b.put("D(G(z))", i, clamp(0.3 + 0.15 * Math.cos(dPhase) + 0.05 * rng.gauss(), 0, 1));
    }
  }
  b.hparams({ lr: 2e-4, beta1: 0.5, batch_size: 128, nz: 100, optimizer: "adam" });
  return b.done();
}

// ---- VAE ------------------------------------------------------------------------------------------

function vaeRun(
  name: string,
  seed: number,
  epochs: number,
  stepsPerEpoch: number,
  likelihood: "bernoulli" | "gaussian",
  withVal: boolean,
  klAnneal: boolean,
  tags: "components" | "lightning",
): TrainingRun {
  // components: loss/recon, loss/kl, loss/total (three loss tags); lightning: train_loss (the total), train_recon, train_kl, val_loss
  const T =
    tags === "components"
      ? { recon: "loss/recon", kl: "loss/kl", total: "loss/total", val: "val/loss" }
      : { recon: "train_recon", kl: "train_kl", total: "train_loss", val: "val_loss" };
  const rng = new Rng(seed, name);
  const b = new RunBuilder(name, 0.05);
  const n = epochs * stepsPerEpoch;
  const noise = new BatchNoise(rng, 0.03);
  for (let i = 0; i < n; i += 5) {
    const t = i / stepsPerEpoch;
    let recon: number, kl: number;
    if (likelihood === "bernoulli") {
      // MNIST, summed BCE per image: 545 → ~80; KL grows from 0 to ~25 nats as the latent is used
      recon = 78 + 467 * Math.exp(-t * 6) + 30 * Math.exp(-t / 8);
      kl = 25 * (1 - Math.exp(-t * 3));
    } else {
      // continuous data with a learned decoder variance: the negative log-likelihood goes below zero
      recon = -180 + 240 * Math.exp(-t * 1.5) + 40 * Math.exp(-t / 10);
      kl = 12 + 18 * (1 - Math.exp(-t * 2));
    }
    const beta = klAnneal ? Math.min(1, i / (0.3 * n)) : 1;
    const r = likelihood === "bernoulli" ? noise.apply(recon) : recon + Math.abs(recon + 200) * 0.03 * rng.batch();
    const k = kl * Math.exp(0.05 * rng.gauss());
    b.put(T.recon, i, r);
    b.put(T.kl, i, k);
    b.put(T.total, i, r + beta * k);
    if (klAnneal) b.put("beta", i, beta);
  }
  if (withVal) {
    for (let e = 1; e <= epochs; e++) {
      const t = e;
      const recon =
        likelihood === "bernoulli"
          ? 80 + 465 * Math.exp(-t * 6) + 30 * Math.exp(-t / 8)
          : -172 + 240 * Math.exp(-t * 1.5) + 40 * Math.exp(-t / 10);
      const kl = likelihood === "bernoulli" ? 25 * (1 - Math.exp(-t * 3)) : 12 + 18 * (1 - Math.exp(-t * 2));
      const v = recon + kl + 0.4 * rng.gauss();
      b.put(T.val, e * stepsPerEpoch, v);
      if (tags === "components") b.put("val/elbo", e * stepsPerEpoch, -v);
    }
  }
  b.hparams({ latent_dim: 32, lr: 1e-3, batch_size: 128, epochs, likelihood });
  return b.done();
}

// ---- regression (Keras CSVLogger columns) ---------------------------------------------------------

function regressionRun(name: string, seed: number, epochs: number, scale: number, withVal: boolean): TrainingRun {
  const rng = new Rng(seed, name);
  const b = new RunBuilder(name, 1);
  for (let e = 0; e < epochs; e++) {
    const t = e / epochs;
    const mse = scale * scale * (0.04 + 0.96 * Math.exp(-t * 9) * 0.7 + 0.3 * Math.exp(-t * 2.5) * 0.3);
    const m = mse * Math.exp(0.04 * rng.gauss());
    b.put("loss", e, m);
    b.put("mae", e, Math.sqrt(m) * 0.8);
    b.put("root_mean_squared_error", e, Math.sqrt(m));
    if (withVal) {
      const vm = mse * 1.25 * Math.exp(0.06 * rng.gauss());
      b.put("val_loss", e, vm);
      b.put("val_mae", e, Math.sqrt(vm) * 0.8);
      b.put("val_root_mean_squared_error", e, Math.sqrt(vm));
    }
  }
  b.hparams({ loss: "mse", optimizer: "adam", learning_rate: 1e-3, batch_size: 32, epochs });
  return b.done();
}

// ---- object detection (detectron2 metrics) --------------------------------------------------------

function detectionRun(name: string, seed: number, iters: number, withVal: boolean): TrainingRun {
  const rng = new Rng(seed, name);
  const b = new RunBuilder(name, 0.3);
  const warm = 1000;
  const ms = [Math.round(iters * 0.7), Math.round(iters * 0.9)];
  const lrAt = (i: number) => 0.02 * (i < warm ? 0.001 + ((1 - 0.001) * i) / warm : 1) * Math.pow(0.1, ms.filter((m) => i >= m).length);
  const m: LrLossModel = { initial: 1, floor: 0.25, lrFloor: 0.35, tau: 0.08 * iters, floorLag: 200 };
  const lv = lrDrivenLevels(lrAt, iters, 0.02, m);
  const nz = new BatchNoise(rng, 0.12);
  for (let i = 19; i < iters; i += 20) {
    const p = lv[i];
    const cls = nz.apply(0.18 + 4.2 * Math.exp(-i / 60) + 0.25 * (p - 0.25));
    // box regression rises first (more foreground proposals as the RPN learns), then falls slowly
    const box = nz.apply(0.05 + 0.3 * (1 - Math.exp(-i / 800)) * (0.6 + (0.4 * (p - 0.25)) / 0.75));
    const rpnCls = nz.apply(0.03 + 0.66 * Math.exp(-i / 150) + 0.05 * (p - 0.25));
    const rpnLoc = nz.apply(0.04 + 0.2 * Math.exp(-i / 400) + 0.06 * (p - 0.25));
    b.put("loss_cls", i, cls);
    b.put("loss_box_reg", i, box);
    b.put("loss_rpn_cls", i, rpnCls);
    b.put("loss_rpn_loc", i, rpnLoc);
    b.put("total_loss", i, cls + box + rpnCls + rpnLoc);
    b.put("lr", i, lrAt(i));
    b.put("fast_rcnn/cls_accuracy", i, clamp(0.98 - 0.9 * Math.exp(-i / 80) - 0.04 * (p - 0.25) + 0.01 * rng.gauss(), 0, 1));
    b.put("fast_rcnn/fg_cls_accuracy", i, clamp(0.75 - 0.75 * Math.exp(-i / 1500) - 0.1 * (p - 0.25) + 0.03 * rng.gauss(), 0, 1));
    b.put("data_time", i, 0.002 + 0.001 * rng.u());
    b.put("time", i, 0.3 + 0.02 * rng.gauss());
  }
  if (withVal) {
    for (let s = Math.round(iters / 10); s <= iters; s += Math.round(iters / 10)) {
      const ap = 38 * (1 - Math.exp(-s / (0.25 * iters))) + (s >= ms[0] ? 2.5 : 0) + (s >= ms[1] ? 0.4 : 0) + 0.3 * rng.gauss();
      b.put("bbox/AP", s - 1, ap);
      b.put("bbox/AP50", s - 1, ap * 1.55);
      b.put("bbox/AP75", s - 1, ap * 1.07);
    }
  }
  b.hparams({
    "SOLVER.BASE_LR": 0.02,
    "SOLVER.IMS_PER_BATCH": 16,
    "SOLVER.MAX_ITER": iters,
    "SOLVER.WARMUP_ITERS": warm,
    "MODEL.ROI_HEADS.NUM_CLASSES": 80,
  });
  return b.done();
}

// ---- reinforcement learning: reward only (Stable-Baselines3 tags) ----------------------------------

function rlRun(name: string, seed: number, timesteps: number, withEval: boolean): TrainingRun {
  const rng = new Rng(seed, name);
  const b = new RunBuilder(name, 0.001);
  const every = 2048;
  let ar = 0;
  for (let s = every; s <= timesteps; s += every) {
    const t = s / timesteps;
    ar = 0.8 * ar + 0.6 * rng.gauss();
    const rew = -200 + 450 / (1 + Math.exp(-(t - 0.4) * 10)) + 25 * ar;
    b.put("rollout/ep_rew_mean", s, rew);
    b.put("rollout/ep_len_mean", s, clamp(200 + rew * 0.5 + 10 * rng.gauss(), 10, 1000));
    b.put("time/fps", s, 900 + 30 * rng.gauss());
    if (withEval && s % (every * 5) === 0) b.put("eval/mean_reward", s, rew + 15 + 20 * rng.gauss());
  }
  b.hparams({ algo: "PPO", n_steps: 2048, batch_size: 64, learning_rate: 3e-4, gamma: 0.99 });
  return b.done();
}

// ---- the catalogue --------------------------------------------------------------------------------

const SEEDS = [1, 2, 3];

function idOf(family: string, params: Record<string, string | number | boolean>): string {
  return `${family}/${Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(",")}`;
}

function cross<T>(lists: T[][]): T[][] {
  return lists.reduce<T[][]>((acc, l) => acc.flatMap((a) => l.map((x) => [...a, x])), [[]]);
}

/** Every case of every family, in a fixed order. */
export function curveFamilies(): CurveCase[] {
  const out: CurveCase[] = [];
  const add = (
    family: string,
    kind: CaseKind,
    description: string,
    params: Record<string, string | number | boolean>,
    build: (name: string) => TrainingRun,
    extra: Partial<CurveCase> = {},
  ) => {
    const id = idOf(family, params);
    out.push({ id, family, kind, params, description, build: () => build(id), ...extra });
  };

  // ResNet/CIFAR, SGD with step decay x0.1 at epochs 30/60/80 (scaled to the run length)
  for (const [seed, epochs, val, log] of cross<number | boolean | string>([SEEDS, [90, 40], [true, false], ["step", "epoch"]]) as [
    number,
    number,
    boolean,
    string,
  ][]) {
    const spe = epochs === 90 ? 40 : 98;
    const ms = [30, 60, 80].map((e) => Math.round((e * epochs) / 90) * spe);
    const perEpoch = log === "epoch";
    add(
      "resnet_step_decay",
      "healthy",
      "CIFAR-10 ResNet, SGD momentum, lr 0.1 ×0.1 at 1/3, 2/3, 8/9 of the epochs; PyTorch Loss/train per step, or Keras epoch_loss per epoch",
      { seed, epochs, val, log },
      (name) =>
        classifierRun({
          name,
          seed,
          epochs,
          stepsPerEpoch: spe,
          classes: 10,
          lr: schedules.step(0.1, ms),
          lrMax: 0.1,
          withVal: val,
          tauEpochs: 2,
          epochMean: perEpoch,
          ...(perEpoch ? { tags: KERAS_TAGS } : {}),
          hparams: { lr: 0.1, momentum: 0.9, weight_decay: 5e-4, batch_size: 128, epochs, optimizer: "sgd", num_classes: 10 },
        }),
    );
  }
  // cosine annealing
  for (const [seed, epochs, val] of cross<number | boolean>([SEEDS, [200, 50], [true, false]]) as [number, number, boolean][]) {
    const spe = epochs === 200 ? 20 : 60;
    add("cosine", "healthy", "CIFAR-100 ResNet, SGD with cosine annealing to 0", { seed, epochs, val }, (name) =>
      classifierRun({
        name,
        seed,
        epochs,
        stepsPerEpoch: spe,
        classes: 100,
        lr: schedules.cosine(0.1, epochs * spe),
        lrMax: 0.1,
        withVal: val,
        top: 0.77,
        floor: 0.05,
        tauEpochs: 4,
        hparams: { lr: 0.1, batch_size: 128, epochs, scheduler: "cosine" },
      }),
    );
  }
  // linear warmup then cosine (ViT-style): the loss may rise a little as the rate warms up
  for (const [seed, epochs, val] of cross<number | boolean>([SEEDS, [100, 30], [true, false]]) as [number, number, boolean][]) {
    const spe = 50;
    const warm = Math.round(0.1 * epochs) * spe;
    add(
      "warmup_cosine",
      "healthy",
      "ViT on ImageNet-100 subset, AdamW, linear warmup 10 % then cosine; loss flattens/rises slightly at the peak rate",
      { seed, epochs, val },
      (name) =>
        classifierRun({
          name,
          seed,
          epochs,
          stepsPerEpoch: spe,
          classes: 100,
          lr: schedules.warmupCosine(1e-3, warm, epochs * spe),
          lrMax: 1e-3,
          withVal: val,
          tauEpochs: 1,
          lrFloor: 1.6,
          floor: 0.3,
          top: 0.8,
          hparams: { lr: 1e-3, warmup_epochs: Math.round(0.1 * epochs), optimizer: "adamw", batch_size: 256, epochs },
        }),
    );
  }
  // SGDR: cosine with warm restarts, T_0 = 10 epochs, T_mult = 2 → the loss bumps up at every restart
  for (const [seed, epochs, val, log] of cross<number | boolean | string>([SEEDS, [150, 70], [true, false], ["step", "epoch"]]) as [
    number,
    number,
    boolean,
    string,
  ][]) {
    const spe = 30;
    const perEpoch = log === "epoch";
    add(
      "sgdr",
      "healthy",
      "SGDR (CosineAnnealingWarmRestarts T_0=10, T_mult=2): loss jumps up at each restart",
      { seed, epochs, val, log },
      (name) =>
        classifierRun({
          name,
          seed,
          epochs,
          stepsPerEpoch: spe,
          classes: 10,
          lr: schedules.sgdr(0.05, 10 * spe, 2),
          lrMax: 0.05,
          withVal: val,
          tauEpochs: 3,
          epochMean: perEpoch,
          ...(perEpoch ? { tags: KERAS_TAGS } : {}),
          hparams: { lr: 0.05, T_0: 10, T_mult: 2, batch_size: 128, epochs },
        }),
    );
  }
  // OneCycle
  for (const [seed, epochs, val] of cross<number | boolean>([SEEDS, [30, 10], [true, false]]) as [number, number, boolean][]) {
    const spe = epochs === 30 ? 100 : 200;
    add(
      "one_cycle",
      "healthy",
      "fastai/PyTorch OneCycleLR: rate up over 30 %, then annealed; the loss flattens mid-run and falls steeply at the end",
      { seed, epochs, val },
      (name) =>
        classifierRun({
          name,
          seed,
          epochs,
          stepsPerEpoch: spe,
          classes: 10,
          lr: schedules.oneCycle(0.4, epochs * spe),
          lrMax: 0.4,
          withVal: val,
          tauEpochs: 1,
          lrFloor: 0.9,
          hparams: { max_lr: 0.4, batch_size: 512, epochs, scheduler: "onecycle" },
        }),
    );
  }
  // transformer LM pre-training
  for (const [seed, vocab, steps, logEvery, val] of cross<number | boolean>([
    SEEDS,
    [50257, 32000],
    [20000, 60000],
    [10, 100],
    [true, false],
  ]) as [number, number, number, number, boolean][]) {
    if (steps === 60000 && logEvery === 10) continue;
    add(
      "lm_pretrain",
      "healthy",
      "GPT-style pre-training, HF Trainer: train/loss from ln(vocab) to ~3.3, warmup 2000 + cosine, eval/loss and perplexity every 1000 steps",
      { seed, vocab, steps, logEvery, val },
      (name) =>
        lmRun({ name, seed, vocab, steps, logEvery, evalEvery: 1000, withVal: val, warmup: 2000, lr: 6e-4, final: 3.0 + 0.2 * seed }),
    );
  }
  // fine-tuning a pretrained model
  for (const [seed, spe, evalEvery, val] of cross<number | string | boolean>([SEEDS, [200, 2100], ["epoch", 100], [true, false]]) as [
    number,
    number,
    string | number,
    boolean,
  ][]) {
    if (!val && evalEvery !== "epoch") continue;
    const ev = evalEvery === "epoch" ? ("epoch" as const) : Math.round(spe / 4);
    add(
      "finetune",
      "healthy",
      "BERT fine-tuning on a GLUE task, 3 epochs: low loss from the start, eval accuracy ~0.91 from the first evaluation",
      { seed, stepsPerEpoch: spe, eval: String(ev), val },
      (name) => finetuneRun(name, seed, spe, ev, val, 2),
    );
  }
  // GAN
  for (const [seed, conv, steps] of cross<number | string>([SEEDS, ["pytorch", "tf", "wgan"], [5000, 20000]]) as [
    number,
    "pytorch" | "tf" | "wgan",
    number,
  ][]) {
    add(
      "gan",
      "healthy",
      "DCGAN/WGAN: discriminator and generator losses oscillate without a downward trend",
      { seed, convention: conv, steps },
      (name) => ganRun(name, seed, steps, conv, steps >= 20000 ? 20 : 10),
    );
  }
  // VAE
  for (const [seed, lik, val, anneal, tags] of cross<number | string | boolean>([
    SEEDS,
    ["bernoulli", "gaussian"],
    [true, false],
    [false, true],
    ["components", "lightning"],
  ]) as [number, "bernoulli" | "gaussian", boolean, boolean, "components" | "lightning"][]) {
    if (anneal && tags === "lightning") continue;
    add(
      "vae",
      "healthy",
      "VAE: the reconstruction term falls, the KL term rises from 0 as the latent is used; a Gaussian decoder takes the total below zero",
      { seed, likelihood: lik, val, klAnneal: anneal, tags },
      (name) => vaeRun(name, seed, 50, 60, lik, val, anneal, tags),
    );
  }
  // regression
  for (const [seed, epochs, scale, val] of cross<number | boolean>([SEEDS, [100, 25], [1, 30], [true, false]]) as [
    number,
    number,
    number,
    boolean,
  ][]) {
    add(
      "regression",
      "healthy",
      "Keras regression (MSE loss, MAE/RMSE metrics) falling to a noise floor; targets standardised or in raw units",
      { seed, epochs, scale, val },
      (name) => regressionRun(name, seed, epochs, scale, val),
    );
  }
  // object detection
  for (const [seed, iters, val] of cross<number | boolean>([SEEDS, [20000, 90000], [true, false]]) as [number, number, boolean][]) {
    add(
      "detection",
      "healthy",
      "detectron2 Faster R-CNN: loss_cls falls from ~4.4, loss_box_reg rises first, total_loss, WarmupMultiStepLR, bbox/AP rising",
      { seed, iters, val },
      (name) => detectionRun(name, seed, iters, val),
    );
  }
  // validation loss creeping up late while the validation accuracy still improves
  for (const [seed, rise] of cross<number>([SEEDS, [0.001, 0.003]])) {
    add(
      "val_loss_creep",
      "ambiguous",
      "100 epochs of Adam: val loss bottoms out at epoch ~40 and creeps up (over-confidence) while val accuracy still improves mildly",
      { seed, risePerEpoch: rise },
      (name) =>
        classifierRun({
          name,
          seed,
          epochs: 100,
          stepsPerEpoch: 20,
          classes: 10,
          lr: () => 1e-3,
          lrMax: 1e-3,
          withVal: true,
          tauEpochs: 8,
          lrFloor: 0.05,
          floor: 0.05,
          valGap: 5,
          lateRise: rise,
          lateRiseFrom: 40,
          hparams: { lr: 1e-3, optimizer: "adam", batch_size: 64, epochs: 100 },
        }),
      { tolerate: { causes: ["overfitting", "too_many_epochs"] } },
    );
  }
  // early stopping right after the best epoch (Keras train/ + validation/ directories)
  for (const [seed, patience] of cross<number>([SEEDS, [1, 3]])) {
    add(
      "early_stopping",
      "healthy",
      "Keras EarlyStopping(patience) ends 'patience' epochs after the best val loss; epoch_loss in train/ and validation/",
      { seed, patience },
      (name) => {
        const best = 18;
        return classifierRun({
          name,
          seed,
          epochs: 60,
          stopAt: best + patience,
          stepsPerEpoch: 1,
          classes: 10,
          lr: () => 1e-3,
          lrMax: 1e-3,
          withVal: true,
          tauEpochs: 5,
          lrFloor: 0.05,
          floor: 0.15,
          valGap: 2.2,
          lateRise: 0.02,
          lateRiseFrom: best,
          tags: KERAS_TAGS,
          hparams: { batch_size: 32, epochs: 60, optimizer: "adam", learning_rate: 1e-3 },
        });
      },
    );
  }
  // step axis in samples (0, 256, 512, ...)
  for (const [seed, val, hp] of cross<number | boolean>([SEEDS, [true, false], [true, false]]) as [number, boolean, boolean][]) {
    add("samples_axis", "healthy", "step axis counts samples seen (batch 256): 0, 256, 512, ...", { seed, val, hparams: hp }, (name) =>
      classifierRun({
        name,
        seed,
        epochs: 30,
        stepsPerEpoch: 195,
        stepUnit: 256,
        logEvery: 1,
        classes: 10,
        lr: schedules.cosine(0.1, 30 * 195),
        lrMax: 0.1,
        withVal: val,
        hparams: hp ? { batch_size: 256, epochs: 30, num_train: 50000 } : {},
      }),
    );
  }
  // logged every 50 steps
  for (const [seed, val] of cross<number | boolean>([SEEDS, [true, false]]) as [number, boolean][]) {
    add("sparse_logging", "healthy", "training loss logged every 50 optimizer steps (390 steps/epoch)", { seed, val }, (name) =>
      classifierRun({
        name,
        seed,
        epochs: 40,
        stepsPerEpoch: 390,
        logEvery: 50,
        classes: 10,
        lr: schedules.step(0.1, [20 * 390, 30 * 390]),
        lrMax: 0.1,
        withVal: val,
        noise: 0.06,
        hparams: { batch_size: 128, epochs: 40 },
      }),
    );
  }
  // a large batch: 5 steps per epoch and healthy convergence
  for (const [seed, val] of cross<number | boolean>([SEEDS, [true, false]]) as [number, boolean][]) {
    add(
      "large_batch",
      "healthy",
      "batch 8192 on 40 960 samples: 5 steps per epoch, LARS-style warmup + cosine, converges well",
      { seed, val },
      (name) =>
        classifierRun({
          name,
          seed,
          epochs: 200,
          stepsPerEpoch: 5,
          classes: 10,
          lr: schedules.warmupCosine(3.2, 50, 1000),
          lrMax: 3.2,
          withVal: val,
          tauEpochs: 12,
          noise: 0.03,
          hparams: { batch_size: 8192, train_size: 40960, epochs: 200, optimizer: "lars" },
        }),
    );
  }
  // RL: reward only
  for (const [seed, ts, ev] of cross<number | boolean>([SEEDS, [1_000_000, 200_000], [true, false]]) as [number, number, boolean][]) {
    add(
      "rl_reward_only",
      "healthy",
      "PPO (Stable-Baselines3): rollout/ep_rew_mean rising, no loss logged",
      { seed, timesteps: ts, eval: ev },
      (name) => rlRun(name, seed, ts, ev),
    );
  }

  // ---- faults ----
  // NaN at step k after a normal start
  for (const [seed, frac, val] of cross<number | boolean>([SEEDS, [0.3, 0.7], [true, false]]) as [number, number, boolean][]) {
    add(
      "nan_after_start",
      "faulty",
      "CIFAR classifier that learns normally, then the loss turns NaN at step k and stays NaN",
      { seed, nanAt: frac, val },
      (name) => {
        const epochs = 30,
          spe = 50,
          k = Math.round(frac * epochs * spe);
        return classifierRun({
          name,
          seed,
          epochs,
          stepsPerEpoch: spe,
          classes: 10,
          lr: schedules.cosine(0.1, epochs * spe),
          lrMax: 0.1,
          withVal: val,
          fault: (i, l) => (i >= k ? NaN : l),
          hparams: { lr: 0.1, batch_size: 128, epochs },
        });
      },
      { accept: { causes: ["numerical_instability", "learning_rate_too_high", "exploding_gradient"] } },
    );
  }
  for (const [seed, frac] of cross<number>([SEEDS, [0.4]])) {
    add(
      "lm_nan",
      "faulty",
      "LM pre-training whose loss and grad norm turn NaN mid-run",
      { seed, nanAt: frac },
      (name) =>
        lmRun({
          name,
          seed,
          vocab: 50257,
          steps: 20000,
          logEvery: 10,
          evalEvery: 1000,
          withVal: true,
          warmup: 2000,
          lr: 6e-4,
          final: 3.2,
          fault: "nan",
          faultAt: frac * 20000,
        }),
      { accept: { causes: ["numerical_instability", "learning_rate_too_high", "exploding_gradient"] } },
    );
  }
  // LM stuck at ln(vocab)
  for (const [seed, vocab, val] of cross<number | boolean>([SEEDS, [50257, 32000], [true, false]]) as [number, number, boolean][]) {
    add(
      "lm_stuck",
      "faulty",
      "LM whose train/loss stays at ln(vocab) for the whole run",
      { seed, vocab, val },
      (name) =>
        lmRun({
          name,
          seed,
          vocab,
          steps: 20000,
          logEvery: 10,
          evalEvery: 1000,
          withVal: val,
          warmup: 2000,
          lr: 6e-4,
          final: 3.2,
          fault: "stuck",
        }),
      { accept: { symptoms: ["loss_not_decreasing"], causes: [] } },
    );
  }
  // divergence after the warmup peak
  for (const [seed, val, to] of cross<number | boolean | string>([SEEDS, [true, false], ["uniform", "explode"]]) as [
    number,
    boolean,
    "uniform" | "explode",
  ][]) {
    add(
      "lm_diverge_after_warmup",
      "faulty",
      "LM that learns during warmup, then diverges once the rate reaches its (too high) peak: back to ln(vocab), or beyond",
      { seed, val, to },
      (name) =>
        lmRun({
          name,
          seed,
          vocab: 50257,
          steps: 20000,
          logEvery: 10,
          evalEvery: 1000,
          withVal: val,
          warmup: 2000,
          lr: 6e-3,
          final: 3.2,
          fault: "diverge",
          divergeTo: to,
        }),
      { accept: { causes: ["learning_rate_too_high"] } },
    );
  }
  // overfitting: validation loss rising strongly after epoch 10 of 50, training loss → 0
  for (const [seed, acc] of cross<number | boolean>([SEEDS, [true, false]]) as [number, boolean][]) {
    add(
      "overfit_after_10",
      "faulty",
      "50 epochs: training loss → 0, validation loss bottoms at epoch 10 and rises strongly",
      { seed, withAccuracy: acc },
      (name) => {
        const run = classifierRun({
          name,
          seed,
          epochs: 50,
          stepsPerEpoch: 30,
          classes: 10,
          lr: () => 1e-3,
          lrMax: 1e-3,
          withVal: true,
          tauEpochs: 4,
          floor: 0.002,
          lrFloor: 0.01,
          valGap: 150,
          lateRise: 0.04,
          lateRiseFrom: 10,
          hparams: { lr: 1e-3, optimizer: "adam", batch_size: 32, epochs: 50 },
        });
        if (!acc)
          for (const d of run.dirs) {
            d.scalars.delete("Accuracy/train");
            d.scalars.delete("Accuracy/val");
          }
        run.roles = assignRoles(run);
        return run;
      },
      { accept: { causes: ["overfitting", "too_many_epochs"] } },
    );
  }
  // at chance: accuracy 1/C for 10 classes with the loss at ln 10
  for (const [seed, val, hp] of cross<number | boolean>([SEEDS, [true, false], [true, false]]) as [number, boolean, boolean][]) {
    add(
      "at_chance",
      "faulty",
      "10-class classifier stuck at accuracy 0.1 and loss ln 10",
      { seed, val, hparams: hp },
      (name) =>
        classifierRun({
          name,
          seed,
          epochs: 20,
          stepsPerEpoch: 50,
          classes: 10,
          lr: () => 1e-3,
          lrMax: 1e-3,
          withVal: val,
          fault: () => Math.log(10) * 1.0005,
          noise: 0.01,
          hparams: hp ? { lr: 1e-3, batch_size: 64, num_classes: 10 } : {},
        }),
      { accept: { symptoms: ["loss_not_decreasing", "metric_at_chance"], causes: [] } },
    );
  }
  return out;
}
