// Naming rules that give every series of a training run a semantic role (training loss,
// validation accuracy, learning rate, a layer's gradient histogram, ...), across the conventions of
// PyTorch tutorials (`Loss/train`, `training loss`, `train/loss`, `Accuracy/val`), PyTorch
// `add_scalars` sibling directories (`Loss_train/Loss`), Lightning (`train_loss_step`, `val_acc`,
// `lr-Adam`, `grad_2.0_norm/fc1.weight`, `grad_2.0_norm_total`), Keras (`epoch_loss` under `train/`
// vs `validation/`, `batch_loss`, `epoch_accuracy`, `epoch_learning_rate`,
// `evaluation_loss_vs_iterations`), MindSpore (`loss/auto`, `learning_rate`, `fc3.weight.grad`),
// TF.js (`train/` + `val/`, `batch_loss`, `acc`), and CSV columns (`loss`, `val_loss`, `acc`,
// `mae`, `lr`, ...), detection / segmentation / pose toolkits (Ultralytics and YOLOv5 `metrics/*`
// beside `train/` and `val/` losses, `x/lr0`, MMEngine validation records (the phase the reader
// gives the series), evaluation-only metric kinds, detectron2 and MMSeg auxiliary heads) and TF1 canned estimators (`average_loss` beside the batch-summed `loss`). Each
// assignment names its rule; a user override (RoleOverride) always wins.
// Several series may share a role (e.g. step- and epoch-level training loss); the output is ordered
// so that the preferred one for each role comes first (see `preferredRoleKeys`).
import type { Role, RoleAssignment, RoleOverride, RoleSingle } from "./roles.ts";
import { seriesKey, type RunDir, type TrainingRun } from "./run.ts";

type Phase = "train" | "val" | "test";

const TRAIN_WORDS = new Set(["train", "training", "trn", "tr"]);
const VAL_WORDS = new Set([
  "val",
  "valid",
  "validation",
  "validate",
  "eval",
  "evaluation",
  "evaluate",
  "dev",
  "development",
  "split:dev",
  "holdout",
  "vali",
]);
const TEST_WORDS = new Set(["test", "testing", "tst", "split:test"]);
const STEP_WORDS = new Set(["step", "steps", "batch", "batches", "iter", "iters", "iteration", "iterations", "it"]);
const EPOCH_WORDS = new Set(["epoch", "epochs"]);
const ACC_WORDS = new Set([
  "acc",
  "accuracy",
  "top1",
  "top-1",
  "top1acc",
  "acc1",
  "categorical_accuracy",
  "sparse_categorical_accuracy",
  "binary_accuracy",
]);
const KNOWN_METRICS = new Set([
  "mae",
  "mse",
  "rmse",
  "mape",
  "msle",
  "f1",
  "f1score",
  "f1_score",
  "auc",
  "roc_auc",
  "precision",
  "recall",
  "iou",
  "miou",
  "dice",
  "bleu",
  "rouge",
  "perplexity",
  "ppl",
  "log_perplexity",
  "wer",
  "cer",
  "map",
  "top5",
  "top-5",
  "acc5",
  "kl",
  "kld",
  "psnr",
  "ssim",
  "r2",
  "fid",
  "brevity_penalty",
  "cosine_similarity",
  "hinge",
  "logcosh",
  "crossentropy",
  "categorical_crossentropy",
  "binary_crossentropy",
  "sparse_categorical_crossentropy",
  "mean_absolute_error",
  "mean_squared_error",
  "root_mean_squared_error",
  "error",
  "err",
  "score",
]);
/**
 * Metric kinds that toolkits compute only on held-out data (an evaluation pass), never per training
 * batch: detection AP/AR (`mAP50-95(B)`, `coco/AP .5`, `bbox/AP50`, `AR@100`), segmentation
 * mIoU/mAcc/aAcc/mDice, pose PCK/NME, and sequence-generation BLEU/ROUGE/WER/CER/METEOR. Without a
 * phase word such a metric is a validation metric.
 */
const EVAL_ONLY_METRIC_WORD =
  /^(?:m?ap(?:\d+|[sml]|@[\w.]*)?|ar(?:\d+|[sml]|@[\w.]*)?|miou|macc|aacc|mdice|mfscore|pck|nme|bleu|sacrebleu|rouge(?:\d|l|lsum)*|wer|cer|meteor|cider)(?:\([a-z]\))?$/;
/** Words of a counter or size (`num_tokens`, `T005_number`, `num_pos_anchors`, HF `eval/gen_len`): a count of things, no quality of the model. */
const COUNT_WORDS = new Set(["num", "number", "count", "counts", "len", "length"]);
/** Trailing tag parts added by writers that say nothing about the series (MindSpore `/auto`, plugin names). */
const NOISE_SUFFIX = /\/(auto|histogram|tensor|scalar|scalars)$/i;

interface Match {
  role: Role;
  rule: string;
  layer?: string;
  metric?: string;
  granularity?: "step" | "epoch";
}

/** Lower-case words of a name; a parenthesised qualifier glued to a word is dropped (Ultralytics `precision(B)`: box, `(M)`: mask). */
function tokens(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[/_\-\s.]+/)
    .map((t) => t.replace(/(?<=[a-z0-9])\([a-z0-9]{1,3}\)$/, ""))
    .filter((t) => t.length > 0);
}

function phaseOf(words: string[]): Phase | undefined {
  // The last phase word wins (`train/val_loss` is rare; `Loss/train` and `val_loss` are common).
  let p: Phase | undefined;
  for (const w of words) {
    if (TRAIN_WORDS.has(w)) p = "train";
    else if (VAL_WORDS.has(w)) p = "val";
    else if (TEST_WORDS.has(w)) p = "test";
  }
  return p;
}

function granularityOf(words: string[]): "step" | "epoch" | undefined {
  let g: "step" | "epoch" | undefined;
  for (const w of words) {
    if (STEP_WORDS.has(w)) g = "step";
    else if (EPOCH_WORDS.has(w)) g = "epoch";
  }
  return g;
}

/** Phase implied by a sub-directory of the run: Keras `train/` / `validation/`, TF.js `val/`, add_scalars `Loss_train/`. */
function dirPhase(subdir: string): Phase | undefined {
  if (!subdir) return undefined;
  const last = subdir.split("/").pop()!.toLowerCase();
  if (TRAIN_WORDS.has(last)) return "train";
  if (VAL_WORDS.has(last)) return "val";
  if (TEST_WORDS.has(last)) return "test";
  return undefined;
}

/** Layer name of a parameter histogram tag: without `weights/`-style prefixes and Keras' `_0` / `:0` suffix. */
function cleanLayer(name: string): string {
  let n = name.replace(NOISE_SUFFIX, "");
  n = n.replace(/^(weights?|params?|parameters|histograms?|model)(_bins\d+)?\//i, "");
  n = n.replace(/(:0|_0)$/, "");
  return n;
}

/** Roles for histogram and tensor tags: gradient, activation or parameter histograms per layer. */
export function matchHistogramRole(tag: string): Match {
  const t = tag.replace(NOISE_SUFFIX, "");
  const low = t.toLowerCase();
  // Gradients: `gradients/dense/kernel`, `grads/fc1.weight`, `grad/fc1`, `fc1.weight.grad`, `dense_1/kernel_0_grad`, `gradient/D/norm`.
  let m = /^(gradients?|grads?)(_bins\d+)?\/(.+)$/i.exec(t);
  if (m) return { role: "grad_hist", rule: "grad_hist_prefix", layer: cleanLayer(m[3]).replace(/\/norm$/i, "") };
  m = /^(.+?)([._/](grad|grads|gradient|gradients))$/i.exec(t);
  if (m) return { role: "grad_hist", rule: "grad_hist_suffix", layer: cleanLayer(m[1]) };
  // Activations: `activations/fc1`, `fc1/output`, `dense_1_out`, `relu1/activation`.
  m = /^(activations?|outputs?|acts?)\/(.+)$/i.exec(t);
  if (m) return { role: "activation_hist", rule: "activation_hist_prefix", layer: m[2] };
  m = /^(.+?)([._/](output|outputs|out|activation|activations))$/i.exec(t);
  if (m) return { role: "activation_hist", rule: "activation_hist_suffix", layer: m[1] };
  // Parameters: `weights/fc1.weight`, `fc1.weight`, `fc1.bias`, `dense_1/kernel_0`, `conv1.weight/auto`, `bn/gamma`.
  m = /^(weights?|params?|parameters)(_bins\d+)?\/(.+)$/i.exec(t);
  if (m) return { role: "weight_hist", rule: "weight_hist_prefix", layer: cleanLayer(m[3]) };
  if (
    /(^|[._/])(weight|weights|bias|biases|kernel|kernel_0|bias_0|recurrent_kernel(_0)?|gamma(_0)?|beta(_0)?|moving_mean(_0)?|moving_variance(_0)?|embeddings(_0)?|running_mean|running_var)($|[./:]|_\d)/i.test(
      low,
    )
  ) {
    return { role: "weight_hist", rule: "weight_hist_param_name", layer: cleanLayer(t) };
  }
  return { role: "other", rule: "no_rule" };
}

/** Roles for scalar tags. `subdir`: the series' directory relative to the run ('' for the run's own). */
export function matchScalarRole(tag: string, subdir = ""): Match {
  let name = tag.replace(NOISE_SUFFIX, "");
  let fromDir: Phase | undefined;
  let dirRule = "";
  if (subdir) {
    const last = subdir.split("/").pop()!;
    // PyTorch add_scalars: `<Main with '/'→'_'>_<key>/<Main>`, e.g. `Loss_train/Loss`.
    const main = tag.replace(/\//g, "_");
    if (last.startsWith(main + "_") && last.length > main.length + 1) {
      name = `${tag}/${last.slice(main.length + 1)}`;
      dirRule = "add_scalars_dir";
    } else {
      fromDir = dirPhase(subdir);
      if (fromDir) dirRule = "phase_dir";
      // add_hparams sub-directory (`<time.time()>/`): metrics of the hparams plugin.
      if (/^\d{9,11}\.\d+$/.test(last) || /^hparam\//i.test(tag)) return { role: "other", rule: "hparams_metric" };
    }
  }
  const low = name.toLowerCase();
  const words = tokens(name);
  const g = granularityOf(words);
  const withRule = (r: string): string => (dirRule ? `${dirRule}+${r}` : r);

  if (/^hparams?\//i.test(name) || low === "hp_metric") return { role: "other", rule: "hparams_metric" };
  if (low === "epoch" || low === "epochs" || low === "trainer/epoch") return { role: "epoch", rule: "epoch_name" };
  // HuggingFace Trainer: `train/epoch` (float epoch at every log), and the one-off summary it logs
  // when training ends (`train/train_loss` = mean loss of the whole run, `train/train_runtime`, ...).
  if (low === "train/epoch") return { role: "epoch", rule: "hf_trainer_epoch" };
  if (/^train\/train_(loss|runtime|samples_per_second|steps_per_second)$/.test(low)) return { role: "other", rule: "hf_trainer_summary" };
  // Throughput and timing (`eval/runtime`, `eval/samples_per_second`, `epoch_steps_per_second`, `total_flos`): no metric of the model.
  // Rates per second of any unit (`train/steps_per_sec`, TF1 `global_step/sec`, `examples/sec`) are throughput too.
  if (
    /(^|[/_])(runtime|samples_per_second|steps_per_second|total_flos|flos)$/.test(low) ||
    /(^|[/_])[a-z]*_?per_?sec(ond)?s?$|\/sec$/.test(low)
  )
    return { role: "other", rule: "throughput_name" };

  // Learning rate: `lr`, `lr-Adam`, `lr-SGD/pg1`, `learning_rate`, `epoch_learning_rate`, `LearningRate`, `train/lr`.
  if (/^lr-/i.test(name)) return { role: "learning_rate", rule: "lightning_lr_monitor", granularity: g };
  // (`x/lr0`, `lr1`: YOLOv5's learning rate of parameter group 0, 1, 2)
  if (words.some((w) => /^lr\d*$/.test(w)) || /learning[_\s-]?rate/i.test(name) || /(^|\/)(lr|learningrate)$/i.test(name)) {
    return { role: "learning_rate", rule: withRule("lr_name"), granularity: g };
  }

  // Gradient / weight norms: Lightning `grad_2.0_norm_total`, `grad_2.0_norm/<param>`; generic `grad_norm[/<layer>]`.
  let m = /^grad_([\d.]+|inf)_norm_total$/i.exec(name);
  if (m) return { role: "grad_norm_total", rule: "lightning_grad_norm_total" };
  m = /^grad_([\d.]+|inf)_norm[/_](.+)$/i.exec(name);
  if (m) return { role: "grad_norm", rule: "lightning_grad_norm", layer: m[2] };
  // (`train/grad_norm`: HuggingFace Trainer's global norm before clipping)
  if (/^(train(ing)?\/)?(total_|global_)?(grad|gradient)s?_?norm(_total|\/total|_global)?$/i.test(name) || /^global_norm$/i.test(name)) {
    return { role: "grad_norm_total", rule: "grad_norm_total_name" };
  }
  m = /^(?:meta\/)?(?:grad|gradient|grads|gradients)(?:_norm)?\/(.+?)(?:\/norm(?:\/value)?)?$/i.exec(name);
  if (m && /norm/i.test(name)) return { role: "grad_norm", rule: "grad_norm_name", layer: m[1] };
  m = /^(?:grad_norm|gradient_norm|grad_norms|gradnorm)\/(.+)$/i.exec(name);
  if (m) return { role: "grad_norm", rule: "grad_norm_name", layer: m[1] };
  m = /^(?:weight_norm|param_norm|weight_norms|param_norms)\/(.+)$/i.exec(name);
  if (m) return { role: "weight_norm", rule: "weight_norm_name", layer: m[1] };
  if (/^(weight|param|parameter)s?_?norm(_total)?$/i.test(name)) return { role: "weight_norm", rule: "weight_norm_name" };

  // Step time.
  if (
    /(^|[/_])(step|batch|iter|iteration)_?time($|[/_])|(^|[/_])time_per_(step|batch|iter)|sec(ond)?s?_per_(step|batch|iter)/i.test(name)
  ) {
    return { role: "step_time", rule: "step_time_name" };
  }

  // Phase: from the name, else from the directory (Keras train/ validation/), else training.
  const namePhase = phaseOf(words);
  const phase: Phase = namePhase ?? fromDir ?? "train";
  const phaseRule = namePhase ? "phase_in_name" : fromDir ? "phase_dir" : "default_train";
  // a cross-entropy logged under its own name is the loss (TF1 `cross_entropy`, `bce`); a Keras
  // metric column of the same name sits beside `loss`, which ranks first
  const isLoss =
    words.some(
      (w) => w === "loss" || w === "losses" || w.endsWith("loss") || w === "nll" || w === "xent" || w === "bce" || w === "crossentropy",
    ) || /cross[_\s-]?entropy/i.test(name);
  // an error rate (`top1_err`, `val_error`) is not an accuracy: lower is better
  const isError = words.some((w) => w === "err" || w === "error" || w === "errors" || w === "error_rate");
  const isAcc = !isError && (words.some((w) => ACC_WORDS.has(w)) || /(^|[/_])(top-?1|categorical_accuracy|binary_accuracy)/i.test(name));
  if (isLoss) {
    // Several losses (G/loss, D/loss, loss_kld) may exist; all are losses of their phase.
    const role = `${phase}_loss` as Role;
    return { role, rule: withRule(`loss_${phaseRule}`), granularity: g };
  }
  if (isAcc) {
    const role = `${phase}_accuracy` as Role;
    return { role, rule: withRule(`accuracy_${phaseRule}`), granularity: g };
  }
  // Counters (`num_tokens`, per-entity `T005_number`) measure no quality of the model.
  if (words.some((w) => COUNT_WORDS.has(w))) return { role: "other", rule: "count_name" };
  // Other metrics: a known metric name, or any name with an explicit phase word.
  const metricWords = words.filter(
    (w) => !TRAIN_WORDS.has(w) && !VAL_WORDS.has(w) && !TEST_WORDS.has(w) && !STEP_WORDS.has(w) && !EPOCH_WORDS.has(w) && w !== "vs",
  );
  const evalOnly = metricWords.find((w) => EVAL_ONLY_METRIC_WORD.test(w));
  // an evaluation-only kind (mAP, mIoU, PCK, BLEU, WER ...) with no phase in its name or directory was measured on held-out data
  if (evalOnly && !namePhase && !fromDir) {
    return { role: "val_metric", rule: withRule("eval_only_metric"), metric: evalOnly.replace(/\([a-z]\)$/, ""), granularity: g };
  }
  const known =
    evalOnly ??
    metricWords.find((w) => KNOWN_METRICS.has(w)) ??
    (KNOWN_METRICS.has(metricWords.join("_")) ? metricWords.join("_") : undefined);
  if (known || namePhase || fromDir) {
    const metric = known ?? metricWords.join("_");
    if (metric) return { role: `${phase}_metric` as Role, rule: withRule(`metric_${phaseRule}`), metric, granularity: g };
  }
  return { role: "other", rule: "no_rule" };
}

const NUMERIC_TENSOR_PLUGINS = new Set(["", "tensor", "tensors", "histogram", "histograms", "distributions"]);

function overrideMatches(o: RoleOverride, key: string): boolean {
  if (o.pattern.length >= 2 && o.pattern.startsWith("/") && o.pattern.endsWith("/")) {
    try {
      return new RegExp(o.pattern.slice(1, -1)).test(key);
    } catch {
      return false;
    }
  }
  return o.pattern === key;
}

/** Granularity that the data tells when the name does not: a CSV series stepped by `epoch`. */
function dataGranularity(d: RunDir): "epoch" | undefined {
  for (const s of d.sources) if ((s.format === "csv" || s.format === "json_log") && s.info?.stepColumn === "epoch") return "epoch";
  return undefined;
}

/**
 * Assigns a role to every scalar, histogram and tensor series of `run` (keys as `seriesKey`).
 * Overrides (series key, or a regex between slashes) win over every naming rule. Output order:
 * for each role, the preferred series first (override > scalar > step-level for training curves >
 * more points > shorter key > alphabetical), then the rest; roles in a fixed order.
 */
export function assignRoles(run: TrainingRun, overrides: RoleOverride[] = []): RoleAssignment[] {
  const out: (RoleAssignment & { points: number })[] = [];
  for (const d of run.dirs) {
    const subdir = d.path === run.name ? "" : seriesKey(run.name, d.path, "").replace(/\/$/, "");
    const csvGranularity = dataGranularity(d);
    const csvColumns = new Set<string>();
    for (const s of d.sources)
      if ((s.format === "csv" || s.format === "json_log") && typeof s.info?.columns === "string")
        for (const c of s.info.columns.split(",")) csvColumns.add(c);
    // fastai's Recorder / CSVLogger (`epoch,train_loss,valid_loss,<metrics>,time`): its metrics are computed on the validation set
    const fastai = csvColumns.has("train_loss") && csvColumns.has("valid_loss");
    const metricsBesidePhases = hasPhaseNamespaces(d.scalars.keys());
    for (const [tag, s] of d.scalars) {
      const key = seriesKey(run.name, d.path, tag);
      // a phase the log's own layout gives (ScalarSeries.phase: MMEngine's validation records) stands in for a phase directory
      const logged = s.phase === "val" ? "validation" : s.phase;
      let m = matchScalarRole(tag, logged && !dirPhase(subdir) ? (subdir ? `${subdir}/${logged}` : logged) : subdir);
      if (!m.granularity && csvGranularity && csvColumns.has(tag)) m.granularity = csvGranularity;
      if (fastai && csvColumns.has(tag)) m = fastaiValidMetric(m);
      // Ultralytics / YOLOv5: `metrics/*` next to `train/*_loss` and `val/*_loss` are the validation results
      if (metricsBesidePhases && /^\s*metrics?\//i.test(tag)) m = toValidation(m, "metrics_beside_phase_groups");
      out.push({ key, kind: "scalar", ...clean(m), points: s.length });
    }
    for (const [tag, s] of d.histograms) {
      out.push({ key: seriesKey(run.name, d.path, tag), kind: "histogram", ...clean(matchHistogramRole(tag)), points: s.length });
    }
    for (const [tag, s] of d.tensors) {
      const plugin = d.plugins.get(tag)?.pluginName;
      // Tensors of a non-numeric plugin (text, pr_curves, custom scalars, hparams...) are not layer data.
      const m =
        plugin && !NUMERIC_TENSOR_PLUGINS.has(plugin) ? { role: "other" as Role, rule: `plugin_${plugin}` } : matchHistogramRole(tag);
      out.push({ key: seriesKey(run.name, d.path, tag), kind: "tensor", ...clean(m), points: s.length });
    }
  }
  promoteErrorMetrics(out);
  segmentationAccuracies(out);
  for (const a of out) {
    const o = overrides.find((x) => overrideMatches(x, a.key));
    if (o) {
      a.role = o.role;
      a.rule = "user";
      if (!isPerLayer(o.role)) delete a.layer;
      if (!o.role.endsWith("_metric")) delete a.metric;
    }
  }
  out.sort(compareAssignments);
  return out.map(({ points: _p, ...a }) => a);
}

/** True when the tags of one directory are grouped in a training and a validation namespace (`train/box_loss`, `val/box_loss`). */
function hasPhaseNamespaces(tags: Iterable<string>): boolean {
  let train = false,
    val = false;
  for (const t of tags) {
    const first = t.trim().split("/")[0].toLowerCase();
    if (first === t.trim().toLowerCase()) continue;
    if (TRAIN_WORDS.has(first)) train = true;
    else if (VAL_WORDS.has(first)) val = true;
    if (train && val) return true;
  }
  return false;
}

/** The validation counterpart of a role that only defaulted to training (its name and directory carried no phase). */
function toValidation(m: Match, rule: string): Match {
  if (!m.rule.endsWith("default_train")) return m;
  if (m.role === "train_accuracy") return { ...m, role: "val_accuracy", rule };
  if (m.role === "train_metric") return { ...m, role: "val_metric", rule };
  if (m.role === "train_loss") return { ...m, role: "val_loss", rule };
  return m;
}

/** Metrics that are an error measure on the scale of a loss: a run that logs no loss is trained on one of them. */
const LOSS_LIKE_METRICS = new Set([
  "mse",
  "rmse",
  "mae",
  "mape",
  "msle",
  "logcosh",
  "hinge",
  "kl",
  "kld",
  "crossentropy",
  "categorical_crossentropy",
  "binary_crossentropy",
  "sparse_categorical_crossentropy",
  "mean_absolute_error",
  "mean_squared_error",
  "root_mean_squared_error",
]);

/**
 * When a phase has no loss series at all (a Lightning module logging `Train MSE` / `Valid MSE`), its
 * error-measure metric is that phase's loss: the diagnosis then reads the curve the model was trained on.
 */
function promoteErrorMetrics(out: RoleAssignment[]): void {
  for (const phase of ["train", "val", "test"] as const) {
    if (out.some((a) => a.role === `${phase}_loss`)) continue;
    for (const a of out) {
      if (a.kind !== "scalar" || a.role !== `${phase}_metric` || a.rule === "user" || !a.metric || !LOSS_LIKE_METRICS.has(a.metric))
        continue;
      a.role = `${phase}_loss`;
      a.rule = `error_metric_as_loss(${a.rule})`;
    }
  }
}

/** Words of a segmentation overlap metric (Keras `dice_coef`, `mean_io_u`, `iou_score`, MMSeg `mIoU`, `jaccard`). */
function isOverlapMetric(key: string): boolean {
  const w = tokens(key.split("/").slice(-2).join("/"));
  return w.some((x) => x === "dice" || x === "iou" || x === "miou" || x === "mdice" || x === "jaccard") || w.join("_").includes("io_u");
}

/**
 * In a segmentation run (one that logs an overlap metric: Dice, IoU), an "accuracy" is the share of
 * correct pixels, dominated by the background: it is a metric, not a classifier's accuracy (a flat
 * 98.7 % pixel accuracy is the background share, not a model stuck at the majority class).
 */
function segmentationAccuracies(out: RoleAssignment[]): void {
  if (!out.some((a) => a.kind === "scalar" && (a.role.endsWith("_metric") || a.role === "other") && isOverlapMetric(a.key))) return;
  for (const a of out) {
    if (a.kind !== "scalar" || a.rule === "user" || !a.role.endsWith("_accuracy")) continue;
    a.role = a.role.replace(/_accuracy$/, "_metric") as Role;
    a.metric = "pixel_accuracy";
    a.rule = `segmentation_pixel_accuracy(${a.rule})`;
  }
}

/** A metric column without a phase word in a fastai log is a validation metric. */
function fastaiValidMetric(m: Match): Match {
  if (m.role === "train_accuracy" && m.rule === "accuracy_default_train")
    return { ...m, role: "val_accuracy", rule: "fastai_valid_metric" };
  if (m.role === "train_metric" && m.rule === "metric_default_train") return { ...m, role: "val_metric", rule: "fastai_valid_metric" };
  return m;
}

function clean(m: Match): Omit<RoleAssignment, "key" | "kind"> {
  const a: Omit<RoleAssignment, "key" | "kind"> = { role: m.role, rule: m.rule };
  if (m.layer !== undefined) a.layer = m.layer;
  if (m.metric !== undefined) a.metric = m.metric;
  if (m.granularity !== undefined) a.granularity = m.granularity;
  return a;
}

function isPerLayer(r: Role): boolean {
  return r === "grad_norm" || r === "weight_norm" || r === "weight_hist" || r === "grad_hist" || r === "activation_hist";
}

/** Every role, in the order assignments are listed. */
export const ALL_ROLES: readonly Role[] = [
  "train_loss",
  "val_loss",
  "test_loss",
  "train_accuracy",
  "val_accuracy",
  "test_accuracy",
  "train_metric",
  "val_metric",
  "test_metric",
  "learning_rate",
  "epoch",
  "step_time",
  "grad_norm_total",
  "grad_norm",
  "weight_norm",
  "weight_hist",
  "grad_hist",
  "activation_hist",
  "other",
];

function granularityRank(a: RoleAssignment): number {
  // Step-level curves are preferred for training loss/accuracy (more points, what a diagnosis needs).
  if (a.granularity === "step") return 0;
  if (a.granularity === undefined) return 1;
  return 2;
}

/** Words of a loss tag (split at `_`, `/`, `-`, `.`) that name one term of a composite loss (VAE, detection, GAN, RL, auxiliary heads). */
const LOSS_COMPONENT_WORDS = new Set([
  "kl",
  "kld",
  "recon",
  "reconstruction",
  "rec",
  "cls",
  "classifier",
  "box",
  "bbox",
  "reg",
  "regression",
  "mask",
  "rpn",
  "obj",
  "objectness",
  "dfl",
  "giou",
  "iou",
  "aux",
  "auxiliary",
  "l1",
  "l2",
  "commitment",
  "vq",
  "perceptual",
  "style",
  "content",
  "d",
  "g",
  "disc",
  "discriminator",
  "gen",
  "generator",
  "critic",
  "adv",
  "adversarial",
  "gp",
  "penalty",
  "value",
  "policy",
  "entropy",
  "actor",
  "mlm",
  "nsp",
  "contrastive",
  "distill",
  "distillation",
  "kd",
  "regularization",
  "z",
]);
const LOSS_TOTAL_WORDS = new Set(["total", "overall", "sum", "combined", "full", "all", "objective"]);
/**
 * Words of a per-example mean of a loss (`average_loss`, `mean_loss`, `avg_loss`). Beside a plain
 * `loss` the mean ranks first: TF1 canned estimators log `loss` as the sum over the batch (it grows
 * with the batch size) and `average_loss` as the mean; PINA logs `mean_loss` over its loss terms.
 */
const LOSS_MEAN_WORDS = new Set(["average", "avg", "mean"]);
/** Words of an auxiliary or partial head's accuracy (MMSeg `aux.acc_seg`, detectron2 `mask_rcnn/accuracy`, `fg_cls_accuracy`): the main head's accuracy ranks first. */
const SECONDARY_HEAD_WORDS = new Set(["aux", "auxiliary", "mask", "rpn", "fg", "bg"]);

/**
 * Rank of a loss tag as the run's main loss: 0 for a named total (`total_loss`, `loss/total`), 1
 * for any other loss (`loss`, `Loss/train`, `nll`), 2 for one term of a composite loss
 * (`loss/kl`, `loss_cls`, `Loss/D`): the total says whether training works, a term may rise by design.
 * Only the last two parts of the key count (`conditional_patch_1-G/loss` is a G loss).
 */
function lossNameRank(key: string): number {
  const words = tokens(key.split("/").slice(-2).join("/"));
  const rest = words.filter(
    (w) => !TRAIN_WORDS.has(w) && !VAL_WORDS.has(w) && !TEST_WORDS.has(w) && !STEP_WORDS.has(w) && !EPOCH_WORDS.has(w),
  );
  if (rest.some((w) => LOSS_TOTAL_WORDS.has(w))) return 0;
  // `klloss`, `clsloss`: the term before a glued `loss`
  if (rest.some((w) => LOSS_COMPONENT_WORDS.has(w.replace(/loss$/, "")))) return 2;
  if (rest.some((w) => LOSS_MEAN_WORDS.has(w))) return 0;
  return 1;
}

/** Rank of an accuracy tag as the run's main accuracy: 1 for the main head's, 2 for an auxiliary or partial head's. */
function accuracyNameRank(key: string): number {
  const words = tokens(key.split("/").slice(-2).join("/"));
  return words.some((w) => SECONDARY_HEAD_WORDS.has(w)) ? 2 : 1;
}

function compareAssignments(a: RoleAssignment & { points: number }, b: RoleAssignment & { points: number }): number {
  const r = ALL_ROLES.indexOf(a.role) - ALL_ROLES.indexOf(b.role);
  if (r !== 0) return r;
  const u = (a.rule === "user" ? 0 : 1) - (b.rule === "user" ? 0 : 1);
  if (u !== 0) return u;
  const kindRank = (x: RoleAssignment): number => (x.kind === "scalar" ? 0 : x.kind === "histogram" ? 1 : 2);
  if (kindRank(a) !== kindRank(b)) return kindRank(a) - kindRank(b);
  if (a.role.startsWith("train_")) {
    const g = granularityRank(a) - granularityRank(b);
    if (g !== 0) return g;
  }
  if (a.role.endsWith("_loss")) {
    const t = lossNameRank(a.key) - lossNameRank(b.key);
    if (t !== 0) return t;
  }
  if (a.role.endsWith("_accuracy")) {
    const t = accuracyNameRank(a.key) - accuracyNameRank(b.key);
    if (t !== 0) return t;
  }
  if (a.points !== b.points) return b.points - a.points;
  if (a.key.length !== b.key.length) return a.key.length - b.key.length;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

const SINGLE_ROLES: RoleSingle[] = [
  "train_loss",
  "val_loss",
  "test_loss",
  "train_accuracy",
  "val_accuracy",
  "test_accuracy",
  "learning_rate",
  "epoch",
];

/** The preferred series key per single role (the first assignment of that role, as `assignRoles` orders them). */
export function preferredRoleKeys(assignments: RoleAssignment[]): Partial<Record<RoleSingle, string>> {
  const out: Partial<Record<RoleSingle, string>> = {};
  for (const a of assignments) {
    if ((SINGLE_ROLES as Role[]).includes(a.role) && a.kind === "scalar" && out[a.role as RoleSingle] === undefined)
      out[a.role as RoleSingle] = a.key;
  }
  return out;
}
