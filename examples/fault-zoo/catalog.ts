// The zoo's catalogue: for a seed, the list of runs to train — every fault with several variants,
// and healthy runs of every architecture and dataset with varied optimizers, schedules, dropout
// and early stopping. Logging convention and level are drawn per run from the seed.

import { Rng, hashSeed } from "./rng.ts";
import type { DatasetName } from "./datasets.ts";
import type { ModelSpec } from "./models.ts";
import type { Convention, FaultCode, Level, RunSpec } from "./spec.ts";

type Draft = Omit<RunSpec, "id" | "seed" | "convention" | "level" | "collectFreq" | "epochAxis" | "lightningCsv">;

const CLASSIFICATION_2D: DatasetName[] = ["blobs", "moons", "circles", "spirals"];

function classesOf(ds: DatasetName, rng: Rng): number {
  switch (ds) {
    case "blobs":
      return 2 + rng.int(4);
    case "spirals":
      return 3;
    case "digits8x8":
      return 10;
    case "sine_freq":
      return 3;
    case "moons":
    case "circles":
      return 2;
    default:
      return 1;
  }
}

function isRegression(ds: DatasetName): boolean {
  return ds === "regression" || ds === "adding";
}

/** A sensible healthy configuration for a dataset and architecture. */
function healthyBase(ds: DatasetName, arch: ModelSpec["arch"], rng: Rng): Draft {
  const classes = classesOf(ds, rng);
  const reg = isRegression(ds);
  const seq = ds === "sine_freq" || ds === "adding";
  const hidden = arch === "mlp" ? [32 + 16 * rng.int(3), 32] : arch === "cnn" ? [32] : [16];
  const binary = !reg && classes === 2 && rng.next() < 0.5;
  return {
    fault: "healthy",
    variant: "baseline",
    dataset: ds,
    classes,
    nTrain: 512,
    nVal: 256,
    model: {
      arch,
      hidden,
      activation: arch === "mlp" ? rng.pick(["relu", "tanh", "elu"] as const) : "relu",
      init: "default",
      outputUnits: reg ? 1 : binary ? 1 : classes,
      outputActivation: "linear",
      filters: 8,
    },
    optimizer: "adam",
    lr: seq ? 0.01 : 0.005,
    schedule: "constant",
    batchSize: 32,
    epochs: seq ? 10 : arch === "cnn" ? 8 : 15,
    loss: reg ? "mse" : binary ? "sigmoid_bce" : "softmax_ce",
  };
}

function pickDs(rng: Rng, arch: ModelSpec["arch"], allowRegression = true): DatasetName {
  if (arch === "cnn") return "digits8x8";
  if (arch !== "mlp") return allowRegression ? rng.pick(["sine_freq", "adding"] as const) : "sine_freq";
  const pool: DatasetName[] = [...CLASSIFICATION_2D, "digits8x8", ...(allowRegression ? ["regression" as const] : [])];
  return rng.pick(pool);
}

type Maker = (rng: Rng, k: number) => Draft;

const mlp = (rng: Rng, reg = true) => healthyBase(pickDs(rng, "mlp", reg), "mlp", rng);

const FAULTS: Record<FaultCode, { count: number; make: Maker }> = {
  learning_rate_too_high: {
    count: 8,
    make: (rng, k) => {
      const v = k % 4;
      if (v === 0) return { ...mlp(rng, false), optimizer: "sgd", lr: 8 + rng.int(8), variant: "sgd_diverge" };
      if (v === 1) return { ...mlp(rng, false), optimizer: "adam", lr: 0.5 + rng.next(), variant: "adam_oscillate" };
      if (v === 2)
        return { ...healthyBase("regression", "mlp", rng), optimizer: "sgd", lr: 0.3 + 0.3 * rng.next(), variant: "regression_blowup" };
      const b = healthyBase(pickDs(rng, rng.pick(["lstm", "gru"] as const), false), rng.pick(["lstm", "gru"] as const), rng);
      return { ...b, optimizer: "rmsprop", lr: 0.5, variant: "rnn_rmsprop_high" };
    },
  },
  learning_rate_too_low: {
    count: 7,
    make: (rng, k) => {
      const v = k % 3;
      if (v === 0) return { ...mlp(rng), optimizer: "sgd", lr: 1e-5, variant: "sgd_1e-5" };
      if (v === 1) return { ...mlp(rng), optimizer: "adam", lr: 1e-6, variant: "adam_1e-6" };
      const b = healthyBase("digits8x8", "cnn", rng);
      return { ...b, optimizer: "sgd", lr: 1e-5, variant: "cnn_sgd_1e-5" };
    },
  },
  numerical_instability: {
    count: 8,
    make: (rng, k) => {
      const v = k % 4;
      if (v === 0) {
        const b = healthyBase(rng.pick(["moons", "circles", "blobs"] as const), "mlp", rng);
        // two separable blobs: Adam keeps growing the logits until sigmoid rounds to exactly 1 and 0·log(0) is NaN
        return {
          ...b,
          dataset: "blobs",
          classes: 2,
          model: { ...b.model, outputUnits: 1, outputActivation: "sigmoid" },
          loss: "bce_log_no_eps",
          lr: 0.02,
          epochs: 15,
          variant: "log0_sigmoid_bce",
        };
      }
      if (v === 1) {
        const b = healthyBase(rng.pick(["blobs", "spirals", "digits8x8"] as const), "mlp", rng);
        const classes = Math.max(3, b.classes);
        return {
          ...b,
          classes,
          batchSize: 8,
          model: { ...b.model, outputUnits: classes },
          loss: "ce_mean_over_positives",
          variant: "zero_div_positive_mean",
        };
      }
      if (v === 2) return { ...healthyBase("regression", "mlp", rng), loss: "msle_no_clip", variant: "msle_log_negative" };
      const b = healthyBase(rng.pick(["blobs", "digits8x8"] as const), "mlp", rng);
      const classes = Math.max(3, b.classes);
      // unbounded (ReLU) hidden units let a high Adam step widen the logit gaps until a softmax probability underflows to 0
      return {
        ...b,
        classes,
        model: { ...b.model, activation: "relu", outputUnits: classes, outputActivation: "softmax" },
        loss: "ce_log_no_eps",
        lr: 0.5,
        optimizer: "adam",
        epochs: 25,
        variant: "log0_softmax_high_lr",
      };
    },
  },
  weight_init_zero: {
    count: 6,
    make: (rng, k) => {
      const b = mlp(rng);
      const act = (["relu", "tanh", "sigmoid"] as const)[k % 3];
      return { ...b, model: { ...b.model, init: "zeros", activation: act, hidden: [32, 32] }, variant: `all_zero_${act}` };
    },
  },
  weight_init_too_large: {
    count: 7,
    make: (rng, k) => {
      const v = k % 3;
      if (v === 2) {
        const b = healthyBase("digits8x8", "cnn", rng);
        return { ...b, model: { ...b.model, init: "large", initScale: 5 }, variant: "cnn_normal_std5" };
      }
      const b = mlp(rng, false);
      const act = v === 0 ? "relu" : "tanh";
      return { ...b, model: { ...b.model, init: "large", initScale: 10 + 10 * rng.int(3), activation: act }, variant: `normal_std_${act}` };
    },
  },
  vanishing_gradient: {
    count: 6,
    make: (rng, k) => {
      const b = mlp(rng, false);
      const act = k % 2 === 0 ? "sigmoid" : "tanh";
      const depth = act === "sigmoid" ? 8 + rng.int(3) : 12 + rng.int(3);
      return {
        ...b,
        optimizer: "sgd",
        lr: 0.05,
        model: {
          ...b.model,
          activation: act,
          hidden: Array(depth).fill(16),
          init: act === "tanh" ? "large" : "default",
          initScale: act === "tanh" ? 0.05 : undefined,
        },
        variant: `deep_${act}_${depth}`,
      };
    },
  },
  exploding_gradient: {
    count: 6,
    make: (rng, k) => {
      if (k % 2 === 0) {
        const b = mlp(rng);
        return {
          ...b,
          optimizer: "sgd",
          lr: 0.01,
          model: { ...b.model, activation: "relu", hidden: Array(8).fill(32), init: "gain", initScale: 2.5 + rng.next() },
          variant: "deep_relu_large_gain",
        };
      }
      const b = healthyBase(rng.pick(["sine_freq", "adding"] as const), "rnn", rng);
      return {
        ...b,
        optimizer: "sgd",
        lr: 0.01,
        model: { ...b.model, activation: "relu", recurrentGain: 3 + rng.next() * 2 },
        variant: "rnn_relu_recurrent_gain",
      };
    },
  },
  dead_relu: {
    count: 6,
    make: (rng, k) => {
      const b = mlp(rng, false);
      if (k % 3 === 2)
        return {
          ...b,
          optimizer: "sgd",
          lr: 0.05,
          firstStepLrMultiplier: 10000,
          model: { ...b.model, activation: "relu", hidden: [32, 32] },
          variant: "huge_first_step",
        };
      return {
        ...b,
        model: { ...b.model, activation: "relu", biasInit: -(4 + 4 * rng.int(3)), hidden: [32, 32] },
        variant: "very_negative_bias",
      };
    },
  },
  weights_frozen: {
    count: 6,
    make: (rng, k) => {
      const v = k % 3;
      const arch = k % 2 === 1 ? "cnn" : "mlp";
      const b = arch === "cnn" ? healthyBase("digits8x8", "cnn", rng) : mlp(rng);
      // the whole model never updated (optimizer.step() forgotten): every log shows it
      if (v === 2) return { ...b, frozenMode: "optimizer_step_missing", variant: `${arch}_optimizer_step_missing` };
      // one layer frozen: the rest still trains, so only the weight logs can show it (level full)
      const layer = arch === "cnn" ? "conv1" : "fc1";
      const mode = v === 0 ? "trainable_false" : "left_out_of_update";
      return { ...b, frozenLayer: layer, frozenMode: mode, needsTensorLogs: true, variant: `${layer}_${mode}` };
    },
  },
  input_not_normalized: {
    count: 6,
    make: (rng, k) => {
      const v = k % 3;
      const relu = (d: Draft): Draft => ({ ...d, model: { ...d.model, activation: rng.pick(["relu", "elu"] as const) } });
      if (v === 0) return { ...relu(mlp(rng, false)), inputScale: 1000, variant: "scaled_x1000" };
      if (v === 1) return { ...relu(mlp(rng, false)), inputScale: 50, inputOffset: 500, variant: "offset_500" };
      const b = healthyBase("digits8x8", rng.pick(["mlp", "cnn"] as const), rng);
      // ReLU units show the raw 0–255 scale (a tanh layer would hide it at ±1)
      return { ...b, model: { ...b.model, activation: "relu" }, inputScale: 255, inputOffset: 0, variant: "pixels_0_255" };
    },
  },
  label_noise: {
    count: 6,
    make: (rng, k) => {
      const b = healthyBase(pickDs(rng, rng.pick(["mlp", "mlp", "cnn"] as const), false), "mlp", rng);
      const f = k % 2 === 0 ? 1 : 0.8;
      return { ...b, labelNoiseFraction: f, variant: f === 1 ? "all_labels_random" : "80pct_labels_random" };
    },
  },
  data_not_shuffled: {
    count: 6,
    make: (rng) => {
      const b = mlp(rng, false);
      return {
        ...b,
        sortByClass: true,
        optimizer: rng.pick(["sgd", "momentum", "adam"] as const),
        lr: 0.05,
        batchSize: 32,
        variant: "sorted_by_class",
      };
    },
  },
  overfitting: {
    count: 6,
    make: (rng, k) => {
      const b = k % 3 === 2 ? healthyBase("regression", "mlp", rng) : mlp(rng, false);
      // regression targets need more noise than class labels for memorising it to hurt validation
      const reg = b.dataset === "regression";
      return {
        ...b,
        nTrain: 48,
        dataNoise: reg ? 3 : 0.8,
        batchSize: 16,
        epochs: 150,
        lr: 0.01,
        model: { ...b.model, hidden: [128, 128] },
        variant: k % 3 === 2 ? "tiny_regression_big_mlp" : "tiny_train_big_mlp",
      };
    },
  },
  class_imbalance: {
    count: 6,
    make: (rng, k) => {
      const ds = rng.pick(["blobs", "moons", "circles"] as const);
      const b = healthyBase(ds, "mlp", rng);
      const frac = [0.95, 0.98, 0.99][k % 3];
      return {
        ...b,
        classes: 2,
        dataNoise: 0.6,
        majorityFraction: frac,
        model: { ...b.model, outputUnits: b.loss === "sigmoid_bce" ? 1 : 2 },
        variant: `majority_${Math.round(frac * 100)}`,
      };
    },
  },
  wrong_loss_function: {
    count: 6,
    make: (rng, k) => {
      const b = healthyBase(pickDs(rng, k % 3 === 2 ? "cnn" : "mlp", false), k % 3 === 2 ? "cnn" : "mlp", rng);
      if (k % 2 === 1 && b.classes === 2)
        return {
          ...b,
          model: { ...b.model, outputUnits: 1, outputActivation: "sigmoid" },
          loss: "sigmoid_then_logits_bce",
          variant: "sigmoid_before_logits_bce",
        };
      return {
        ...b,
        model: { ...b.model, outputUnits: b.classes, outputActivation: "softmax" },
        loss: "softmax_then_logits_ce",
        variant: "softmax_before_logits_ce",
      };
    },
  },
  repeated_batch: {
    count: 6,
    make: (rng, k) => {
      const b = mlp(rng, true);
      return {
        ...b,
        repeatBatch: k % 2 === 0 ? "first" : "fixed_random",
        dataNoise: 0.3,
        variant: k % 2 === 0 ? "first_batch_every_step" : "one_random_batch_every_step",
      };
    },
  },
  too_few_epochs: {
    count: 6,
    make: (rng, k) => {
      const arch = (["mlp", "lstm", "cnn"] as const)[k % 3];
      const b = healthyBase(pickDs(rng, arch), arch, rng);
      return { ...b, epochs: 2, lr: arch === "mlp" ? 0.001 : arch === "lstm" ? 0.01 : 0.003, variant: `${arch}_2_epochs` };
    },
  },
  batch_size_too_large: {
    count: 6,
    make: (rng, k) => {
      const b = mlp(rng);
      // MSE gradients of the regression targets are large: a smaller step keeps one update per epoch visibly too few
      return {
        ...b,
        batchSize: k % 2 === 0 ? b.nTrain : Math.floor(b.nTrain / 2),
        optimizer: "sgd",
        lr: b.dataset === "regression" ? 0.0003 : 0.001,
        epochs: 20,
        variant: k % 2 === 0 ? "full_batch_sgd" : "half_dataset_batch_sgd",
      };
    },
  },
};

const HEALTHY_COUNT = 40;

function healthyMake(rng: Rng, k: number): Draft {
  const archs = ["mlp", "mlp", "mlp", "cnn", "rnn", "lstm", "gru"] as const;
  const arch = archs[k % archs.length];
  const ds: DatasetName =
    arch === "mlp"
      ? (["blobs", "moons", "circles", "spirals", "digits8x8", "regression"] as const)[Math.floor(k / archs.length) % 6]
      : pickDs(rng, arch);
  const b = healthyBase(ds, arch, rng);
  const gated = arch === "lstm" || arch === "gru";
  // plain SGD trains a gated RNN too slowly to learn in a few epochs, or blows up on the adding
  // problem; Adagrad's shrinking steps leave an LSTM at the predict-the-mean plateau of the adding problem
  const opt0 = (["adam", "momentum", "rmsprop", "sgd", "adam", "adagrad"] as const)[k % 6];
  const opt = gated && opt0 === "sgd" ? "momentum" : gated && ds === "adding" && opt0 === "adagrad" ? "adam" : opt0;
  // recurrent nets: gated ones (LSTM/GRU) need a larger Adagrad/momentum step than MLPs to learn
  // in a few epochs (and a larger one still on the adding problem), a ReLU/tanh SimpleRNN a smaller one to stay stable
  const adding = gated && ds === "adding";
  const lr =
    opt === "adam" || opt === "rmsprop"
      ? adding
        ? 0.02
        : ds === "sine_freq" || ds === "adding"
          ? 0.01
          : 0.005
      : opt === "adagrad"
        ? adding
          ? 1
          : gated
            ? 0.3
            : arch === "rnn"
              ? 0.05
              : 0.1
        : opt === "momentum"
          ? arch === "lstm"
            ? 0.3
            : gated
              ? 0.1
              : arch === "rnn"
                ? 0.01
                : 0.02
          : gated
            ? 0.5
            : arch === "rnn"
              ? 0.05
              : ds === "circles"
                ? 0.3
                : 0.1;
  const schedule = (["constant", "step", "cosine", "exponential", "warmup"] as const)[k % 5];
  const dropout = arch === "mlp" && k % 4 === 1 ? 0.2 : undefined;
  const es = k % 5 === 3 ? 3 : undefined;
  if (ds === "spirals") {
    // spirals need capacity, an adaptive optimizer and more epochs to be learnt well
    return {
      ...b,
      optimizer: k % 2 ? "rmsprop" : "adam",
      lr: 0.01,
      schedule: k % 2 ? "constant" : "cosine",
      epochs: 25,
      model: { ...b.model, hidden: [64, 64], activation: "relu" },
      earlyStoppingPatience: 3,
      variant: `${arch}_${ds}_${k % 2 ? "rmsprop" : "adam"}_${k % 2 ? "constant" : "cosine"}`,
    };
  }
  return {
    ...b,
    optimizer: opt,
    lr,
    schedule,
    model: { ...b.model, dropout },
    earlyStoppingPatience: es,
    variant: `${arch}_${ds}_${opt}_${schedule}${dropout ? "_dropout" : ""}${es ? "_earlystop" : ""}`,
  };
}

const CONVENTIONS: Convention[] = ["pytorch", "lightning", "keras", "add_scalars", "csv"];

/** Fills in id, seed, convention and level. */
function finish(d: Draft, idx: number, seed: number, rng: Rng): RunSpec {
  const drawn = CONVENTIONS[(idx + rng.int(5)) % 5];
  // a fault that shows only in tensor logs is logged in a convention that can write them
  const convention = d.needsTensorLogs && drawn === "csv" ? CONVENTIONS[idx % 4] : drawn;
  const level: Level = d.needsTensorLogs ? "full" : convention === "csv" ? "scalars" : rng.next() < 0.45 ? "full" : "scalars";
  const name = d.fault === "healthy" ? "healthy" : d.fault;
  return {
    ...d,
    id: `${String(idx).padStart(3, "0")}_${name}_${d.variant}`.replace(/[^A-Za-z0-9_.-]/g, "_"),
    seed: hashSeed(seed, idx, d.fault, d.variant),
    convention,
    level,
    collectFreq: 10,
    epochAxis: rng.next() < 0.5 ? "epoch" : "global_step",
    lightningCsv: rng.next() < 0.5,
  };
}

export interface CatalogOptions {
  seed: number;
  /** Keep only N runs (seeded pick covering faults and healthy), for tests and quick looks. */
  subset?: number;
  /** Restrict to these fault codes (and "healthy"). */
  faults?: string[];
  /** Force a level for every run. */
  level?: Level;
  /** Force a convention for every run. */
  convention?: Convention;
}

export function buildCatalog(opts: CatalogOptions): RunSpec[] {
  const rng = new Rng(hashSeed("catalog", opts.seed));
  const drafts: Draft[] = [];
  for (const [fault, { count, make }] of Object.entries(FAULTS) as [FaultCode, { count: number; make: Maker }][]) {
    for (let k = 0; k < count; k++) drafts.push({ ...make(rng, k), fault });
  }
  for (let k = 0; k < HEALTHY_COUNT; k++) drafts.push(healthyMake(rng, k));
  let runs = drafts.map((d, i) => finish(d, i, opts.seed, rng));
  if (opts.faults?.length) runs = runs.filter((r) => opts.faults!.includes(r.fault));
  if (opts.level) runs = runs.map((r) => ({ ...r, level: r.convention === "csv" ? "scalars" : r.needsTensorLogs ? "full" : opts.level! }));
  if (opts.convention)
    runs = runs.map((r) => ({ ...r, convention: opts.convention!, level: opts.convention === "csv" ? "scalars" : r.level }));
  if (opts.subset !== undefined && opts.subset < runs.length) {
    // one run per fault kind first (in a seeded order), then the rest
    const pick = new Rng(hashSeed("subset", opts.seed));
    const byKind = new Map<string, RunSpec[]>();
    for (const r of runs) byKind.set(r.fault, [...(byKind.get(r.fault) ?? []), r]);
    const kinds = pick.shuffle([...byKind.keys()]);
    const chosen: RunSpec[] = [];
    let round = 0;
    while (chosen.length < opts.subset) {
      for (const kind of kinds) {
        const list = byKind.get(kind)!;
        if (round < list.length && chosen.length < opts.subset) chosen.push(list[round]);
      }
      round++;
    }
    runs = chosen.sort((a, b) => a.id.localeCompare(b.id));
  }
  return runs;
}

export const FAULT_CODES = Object.keys(FAULTS) as FaultCode[];

/**
 * The demo logdir (examples/logs): 8 runs — healthy and faulty, several conventions, three at
 * level "full" — small enough to commit.
 */
export function demoCatalog(seed: number): RunSpec[] {
  const all = buildCatalog({ seed });
  const want: [string, Convention, Level, DatasetName?][] = [
    ["healthy", "pytorch", "full", "spirals"],
    ["healthy", "keras", "scalars", "moons"],
    ["healthy", "csv", "scalars", "digits8x8"],
    ["learning_rate_too_high", "lightning", "scalars"],
    ["numerical_instability", "pytorch", "scalars"],
    ["overfitting", "add_scalars", "scalars"],
    ["dead_relu", "keras", "full"],
    ["vanishing_gradient", "lightning", "full"],
  ];
  const used = new Set<string>();
  return want.map(([fault, convention, level, ds], i) => {
    const r =
      all.find(
        (x) =>
          x.fault === fault &&
          !used.has(x.id) &&
          x.model.arch === "mlp" &&
          (!ds || x.dataset === ds) &&
          (fault !== "numerical_instability" || x.variant === "zero_div_positive_mean"),
      ) ?? all.find((x) => x.fault === fault && !used.has(x.id))!;
    used.add(r.id);
    return {
      ...r,
      id: `${fault}_${r.variant}`.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 60) + `_${i}`,
      convention,
      level,
      collectFreq: 100,
      lightningCsv: true,
    };
  });
}
