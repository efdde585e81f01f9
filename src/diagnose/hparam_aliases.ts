// The one table of hyper-parameter names the diagnosis understands: every canonical key (learning
// rate, batch size, epochs, number of classes, ...) with the names frameworks and tools write for it
// (PyTorch/Lightning/timm `lr`, `batch_size`, `max_epochs`, `num_classes`; HuggingFace Trainer
// `learning_rate`, `per_device_train_batch_size`, `train_batch_size`, `num_train_epochs`,
// `num_labels`; Ultralytics YOLO `lr0`, `batch`, `epochs`, `nc`; detectron2 `SOLVER.BASE_LR`,
// `SOLVER.IMS_PER_BATCH`, `SOLVER.MAX_ITER`, `MODEL.ROI_HEADS.NUM_CLASSES`; Keras and MindSpore
// lineage `learning_rate`, `batch_size`, `epoch`, `loss_function`), and the lookup that picks one
// value per key. Names are compared lower-cased with `_`, `-` and spaces removed; a dotted or
// slashed name (`optimizer.lr`, `model/dropout_rate`) is matched on its last part. Lookup order:
// a full dotted name listed for the key, then an undotted name (aliases in table order), then a
// nested name matched on its last part, used only when every such name holds the same value (GAN
// `generator.lr` vs `discriminator.lr` is ambiguous and gives nothing). Values from a model's
// architecture file (sourceKind "model_config", a HuggingFace `config.json`) count only when no
// training configuration names the key.
import type { HParamValue } from "../model/index.ts";

/** Keys the configuration checks normalise to. */
export type ConfigKey =
  | "learning_rate"
  | "batch_size"
  | "loss"
  | "output_activation"
  | "activation"
  | "optimizer"
  | "epochs"
  | "num_classes"
  | "dataset_size"
  | "dropout"
  | "keep_prob"
  | "momentum"
  | "weight_decay"
  | "bn_momentum"
  | "epsilon"
  | "weight_init"
  | "from_logits"
  | "task"
  | "max_steps"
  | "framework"
  | "beta1"
  | "beta2"
  | "nesterov";

/** Keys only the signals read (not part of the configuration comparison). */
export type SignalKey =
  | "steps_per_epoch"
  | "depth"
  | "hidden_sizes"
  | "mixup"
  | "model_name"
  | "frozen_layers"
  | "init_scale"
  | "early_stopping"
  | "patience"
  | "output_units";

export type HParamKey = ConfigKey | SignalKey;

/** Aliases per key (squashed: lower case, no `_`, `-`, spaces), in order of preference. */
export const HPARAM_ALIASES: Record<HParamKey, string[]> = {
  learning_rate: ["lr", "learningrate", "baselr", "initlr", "initiallr", "lr0", "peaklr", "maxlr"],
  // train_batch_size (HF: per-device × devices) before the per-device value
  batch_size: [
    "batchsize",
    "trainbatchsize",
    "globalbatchsize",
    "bs",
    "batch",
    "perdevicetrainbatchsize",
    "minibatchsize",
    "minibatch",
    "imsperbatch",
  ],
  loss: ["loss", "lossfn", "lossfunction", "lossfunc", "lossname", "losstype", "criterion", "objective"],
  output_activation: ["outputactivation", "finalactivation", "lastactivation", "outactivation", "headactivation", "outputact"],
  activation: ["activation", "act", "activationfn", "hiddenactivation", "nonlinearity", "hiddenact"],
  optimizer: ["optimizer", "optim", "opt", "optimizername", "optimizertype", "solver"],
  epochs: ["epochs", "epoch", "maxepochs", "numepochs", "nepochs", "nepoch", "trainepochs", "numtrainepochs"],
  num_classes: [
    "numclasses",
    "nclasses",
    "classes",
    "numlabels",
    "nlabels",
    "nclass",
    "numclass",
    "classnum",
    "nbclasses",
    "outputclasses",
    "nc",
  ],
  dataset_size: [
    "datasetsize",
    "ntrain",
    "numsamples",
    "trainsize",
    "numtrain",
    "traindatasetsize",
    "traindatasetcount",
    "trainsamples",
    "ntrainsamples",
    "numtrainsamples",
    "nsamples",
    "trainlen",
    "samples",
  ],
  dropout: ["dropout", "dropoutrate", "droprate", "pdrop", "dropoutp", "dropoutprob", "hiddendropout"],
  keep_prob: ["keepprob", "keepprobability", "keeprate", "dropoutkeepprob"],
  momentum: ["momentum", "sgdmomentum"],
  weight_decay: ["weightdecay", "wd", "l2", "l2reg", "l2regularization", "l2lambda"],
  bn_momentum: ["bnmomentum", "batchnormmomentum", "bnmom", "normmomentum"],
  epsilon: ["eps", "epsilon", "adameps", "adamepsilon", "optimizereps"],
  weight_init: ["init", "weightinit", "initializer", "kernelinitializer", "weightinitializer", "initmethod", "initialization", "winit"],
  from_logits: ["fromlogits"],
  task: ["task", "tasktype", "problemtype"],
  max_steps: ["maxsteps", "numsteps", "totalsteps", "trainsteps", "maxiters", "maxiter", "iterations"],
  framework: ["framework", "backend", "library"],
  beta1: ["beta1", "adambeta1"],
  beta2: ["beta2", "adambeta2"],
  nesterov: ["nesterov"],
  steps_per_epoch: [
    "stepsperepoch",
    "numbatches",
    "batchesperepoch",
    "numtrainingbatches",
    "numupdatestepsperepoch",
    "itersperepoch",
    "iterationsperepoch",
  ],
  depth: ["numlayers", "nlayers", "depth", "numhiddenlayers", "hiddenlayers"],
  hidden_sizes: ["hidden", "hiddensizes", "hiddenunits", "layers", "hiddendims", "hiddenlayersizes"],
  mixup: ["mixup", "mixupalpha", "cutmix", "cutmixalpha", "mixupprob"],
  frozen_layers: [
    "freeze",
    "frozen",
    "frozenlayers",
    "freezelayers",
    "freezebackbone",
    "freezeencoder",
    "numfrozenlayers",
    "freezeat",
    "trainablefalse",
  ],
  init_scale: ["initscale", "initstd", "initgain", "weightstd", "initrange", "initializerrange", "weightscale"],
  early_stopping: ["earlystopping", "earlystop", "useearlystopping", "earlystoppingenabled"],
  patience: ["patience", "earlystoppingpatience", "espatience"],
  output_units: ["outputunits", "outputdim", "numoutputs", "outunits", "outputsize", "noutputs", "outfeatures"],
  model_name: [
    "model",
    "arch",
    "architecture",
    "modeltype",
    "modelname",
    "network",
    "net",
    "cell",
    "celltype",
    "rnntype",
    "encoder",
    "backbone",
  ],
};

/**
 * Full dotted names (each part squashed) that name a key even where their last part is shared
 * with other names: detectron2's dump holds MODEL.ROI_HEADS/RETINANET/SEM_SEG_HEAD.NUM_CLASSES.
 */
export const HPARAM_FULL_NAMES: Partial<Record<HParamKey, string[]>> = {
  learning_rate: ["solver.baselr", "optimizer.lr", "optim.lr", "hyp.lr0"],
  batch_size: ["solver.imsperbatch", "data.batchsize", "datamodule.batchsize", "dataloader.batchsize"],
  num_classes: ["model.roiheads.numclasses", "model.retinanet.numclasses", "model.numclasses", "data.numclasses", "datamodule.numclasses"],
  max_steps: ["solver.maxiter", "trainer.maxsteps"],
  epochs: ["trainer.maxepochs"],
};

const SIGNAL_ONLY = new Set<HParamKey>([
  "steps_per_epoch",
  "depth",
  "hidden_sizes",
  "mixup",
  "model_name",
  "frozen_layers",
  "init_scale",
  "early_stopping",
  "patience",
  "output_units",
]);

/** Every configuration key, in table order. */
export const CONFIG_KEYS: ConfigKey[] = (Object.keys(HPARAM_ALIASES) as HParamKey[]).filter((k): k is ConfigKey => !SIGNAL_ONLY.has(k));

const ALIAS_TO_KEY = new Map<string, HParamKey>();
for (const [k, names] of Object.entries(HPARAM_ALIASES) as [HParamKey, string[]][])
  for (const n of names) if (!ALIAS_TO_KEY.has(n)) ALIAS_TO_KEY.set(n, k);
const FULL_TO_KEY = new Map<string, HParamKey>();
for (const [k, names] of Object.entries(HPARAM_FULL_NAMES) as [HParamKey, string[]][]) for (const n of names) FULL_TO_KEY.set(n, k);

export const squash = (s: string): string => s.toLowerCase().replace(/[_\-\s]/g, "");

const parts = (name: string): string[] => name.split(/[./:]/).filter(Boolean);
const fullSquashed = (name: string): string => parts(name).map(squash).join(".");
const isNested = (name: string): boolean => parts(name).length > 1;

/** The key of an hparam name, signal-only keys included (`optimizer.lr` → learning_rate, `hidden` → hidden_sizes), or undefined. */
export function hparamKey(name: string): HParamKey | undefined {
  const p = parts(name);
  const full = FULL_TO_KEY.get(p.map(squash).join("."));
  if (full) return full;
  const last = squash(p[p.length - 1] ?? name);
  const parent = p.length > 1 ? squash(p[p.length - 2]) : "";
  if (parent.includes("optim") || parent === "opt") {
    if (last === "name" || last === "type" || last === "class") return "optimizer";
    if (last === "eps") return "epsilon";
  }
  if (/^(bn|batchnorm|norm)/.test(parent) && last === "momentum") return "bn_momentum";
  if (/^(loss|criterion)$/.test(parent) && (last === "name" || last === "type")) return "loss";
  if (/^(init|initializer)$/.test(parent) && (last === "name" || last === "type")) return "weight_init";
  return ALIAS_TO_KEY.get(last) ?? ALIAS_TO_KEY.get(squash(name));
}

/** Canonical configuration key of an hparam name (`optimizer.lr` → learning_rate, `model/dropout_rate` → dropout), or undefined. */
export function canonicalKey(name: string): ConfigKey | undefined {
  const k = hparamKey(name);
  return k === undefined || SIGNAL_ONLY.has(k) ? undefined : (k as ConfigKey);
}

export interface NamedValue {
  name: string;
  value: HParamValue;
  sourceKind?: string;
}

export type Want = "number" | "string" | "any";

/** A number from a number or a numeric string; undefined otherwise. */
export function numberOf(v: HParamValue): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(v)) return Number(v);
  return undefined;
}

function fits(v: HParamValue, want: Want): boolean {
  if (want === "number") return numberOf(v) !== undefined;
  if (want === "string") return typeof v === "string";
  return true;
}

const isNull = (v: HParamValue): boolean => v === "null" || v === "None" || v === "";

const sameValue = (a: HParamValue, b: HParamValue): boolean => {
  const x = numberOf(a),
    y = numberOf(b);
  if (x !== undefined && y !== undefined) return x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
  return a === b;
};

/**
 * The full names of a key in order of preference. detectron2 dumps every head's NUM_CLASSES; the
 * one its MODEL.META_ARCHITECTURE uses comes first (ROI heads unless the architecture is RetinaNet).
 */
function fullNamesFor(key: HParamKey, entries: NamedValue[]): string[] {
  const names = HPARAM_FULL_NAMES[key] ?? [];
  if (key !== "num_classes") return names;
  const arch = entries.find((e) => fullSquashed(e.name) === "model.metaarchitecture")?.value;
  if (typeof arch !== "string" || !/retina/i.test(arch)) return names;
  return ["model.retinanet.numclasses", ...names.filter((n) => n !== "model.retinanet.numclasses")];
}

/**
 * The value of `key` among `entries` (in the run's order): a listed full dotted name, else an
 * undotted alias (earlier aliases first), else the nested names matched on their last part when
 * they agree. Architecture files (sourceKind "model_config") are consulted only after the rest.
 */
export function lookupHParam(entries: Iterable<NamedValue>, key: HParamKey, want: Want = "any"): NamedValue | undefined {
  const all = [...entries];
  const tiers = [all.filter((e) => e.sourceKind !== "model_config"), all.filter((e) => e.sourceKind === "model_config")];
  const aliases = HPARAM_ALIASES[key];
  for (const tier of tiers) {
    let cands = tier.filter((e) => fits(e.value, want) && hparamKey(e.name) === key);
    if (cands.length === 0) continue;
    // a `null` (unset) value counts only when nothing else names the key
    if (cands.some((e) => !isNull(e.value))) cands = cands.filter((e) => !isNull(e.value));
    const fullNames = fullNamesFor(key, tier);
    let full: NamedValue | undefined,
      fullRank = Infinity;
    for (const e of cands) {
      const r = isNested(e.name) ? fullNames.indexOf(fullSquashed(e.name)) : -1;
      if (r >= 0 && r < fullRank) {
        full = e;
        fullRank = r;
      }
    }
    if (full) return full;
    const flat = cands.filter((e) => !isNested(e.name));
    if (flat.length) {
      let best = flat[0],
        rank = Infinity;
      for (const e of flat) {
        const r = aliases.indexOf(squash(e.name));
        const rr = r < 0 ? aliases.length : r;
        if (rr < rank) {
          rank = rr;
          best = e;
        }
      }
      return best;
    }
    if (cands.every((e) => sameValue(e.value, cands[0].value))) return cands[0];
    return undefined;
  }
  return undefined;
}
