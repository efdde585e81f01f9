var __defProp = Object.defineProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// src/cli/main.ts
import { Command } from "commander";

// src/model/series.ts
function countNonFinite(c2, v) {
  if (Number.isFinite(v)) return true;
  if (v !== v) c2.nan++;
  else if (v > 0) c2.posInf++;
  else c2.negInf++;
  return false;
}
var ScalarSeries = class {
  /** `tag` as written in the file; `dir` the directory holding the file, relative to the logdir root ('.' for the root). */
  constructor(tag, dir, capacity = 16) {
    this.tag = tag;
    this.dir = dir;
    this.s = new Float64Array(capacity);
    this.w = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
  }
  tag;
  dir;
  kind = "scalar";
  length = 0;
  nonFinite = { nan: 0, posInf: 0, negInf: 0 };
  s;
  w;
  v;
  push(step, wallTime, value) {
    if (this.length === this.s.length) this.grow();
    const i = this.length++;
    this.s[i] = step;
    this.w[i] = wallTime;
    this.v[i] = value;
    if (!Number.isFinite(value)) countNonFinite(this.nonFinite, value);
  }
  get steps() {
    return this.s.subarray(0, this.length);
  }
  get wallTimes() {
    return this.w.subarray(0, this.length);
  }
  get values() {
    return this.v.subarray(0, this.length);
  }
  /** Drops every point with step >= `step` (TensorBoard's purge on SessionLog.START / purge_step). Returns how many were dropped. */
  purgeFromStep(step) {
    let k2 = 0;
    const n = this.length;
    for (let i = 0; i < n; i++) {
      if (this.s[i] < step) {
        this.s[k2] = this.s[i];
        this.w[k2] = this.w[i];
        this.v[k2] = this.v[i];
        k2++;
      }
    }
    this.length = k2;
    this.recount();
    return n - k2;
  }
  recount() {
    const c2 = this.nonFinite;
    c2.nan = c2.posInf = c2.negInf = 0;
    for (let i = 0; i < this.length; i++) countNonFinite(c2, this.v[i]);
  }
  grow() {
    const cap = Math.max(16, this.s.length * 2);
    const s2 = new Float64Array(cap);
    s2.set(this.s);
    this.s = s2;
    const w = new Float64Array(cap);
    w.set(this.w);
    this.w = w;
    const v = new Float64Array(cap);
    v.set(this.v);
    this.v = v;
  }
};
var PointSeries = class {
  constructor(kind, tag, dir) {
    this.kind = kind;
    this.tag = tag;
    this.dir = dir;
  }
  kind;
  tag;
  dir;
  points = [];
  push(p) {
    this.points.push(p);
  }
  get length() {
    return this.points.length;
  }
  purgeFromStep(step) {
    const before = this.points.length;
    const kept = this.points.filter((p) => p.step < step);
    this.points.length = 0;
    this.points.push(...kept);
    return before - kept.length;
  }
};

// src/model/problem.ts
function formatProblem(p) {
  const where = p.offset !== void 0 ? ` at byte ${p.offset}` : p.line !== void 0 ? ` line ${p.line}` : "";
  return `${p.file}${where}: ${p.code}: ${p.message}`;
}

// src/model/run.ts
var RunDir = class {
  /** `path`: directory relative to the logdir root, '.' for the root itself. */
  constructor(path6) {
    this.path = path6;
  }
  path;
  sources = [];
  scalars = /* @__PURE__ */ new Map();
  histograms = /* @__PURE__ */ new Map();
  tensors = /* @__PURE__ */ new Map();
  images = /* @__PURE__ */ new Map();
  audio = /* @__PURE__ */ new Map();
  texts = /* @__PURE__ */ new Map();
  plugins = /* @__PURE__ */ new Map();
  graphs = [];
  sessions = [];
  hparams = [];
  hparamsSession;
  /** Custom-scalar layout (decoded `custom_scalars__config__`), when written. */
  customScalarLayout;
  lineage;
  problems = [];
  scalar(tag) {
    let s2 = this.scalars.get(tag);
    if (!s2) {
      s2 = new ScalarSeries(tag, this.path);
      this.scalars.set(tag, s2);
    }
    return s2;
  }
  histogram(tag) {
    return getOrAdd(this.histograms, tag, () => new PointSeries("histogram", tag, this.path));
  }
  tensor(tag) {
    return getOrAdd(this.tensors, tag, () => new PointSeries("tensor", tag, this.path));
  }
  image(tag) {
    return getOrAdd(this.images, tag, () => new PointSeries("image", tag, this.path));
  }
  audioSeries(tag) {
    return getOrAdd(this.audio, tag, () => new PointSeries("audio", tag, this.path));
  }
  text(tag) {
    return getOrAdd(this.texts, tag, () => new PointSeries("text", tag, this.path));
  }
  /** Purges every series' points with step >= `step` (SessionLog.START restart). Returns points dropped. */
  purgeFromStep(step) {
    let n = 0;
    for (const m of [this.scalars, this.histograms, this.tensors, this.images, this.audio, this.texts]) {
      for (const s2 of m.values()) n += s2.purgeFromStep(step);
    }
    return n;
  }
};
function getOrAdd(m, k2, make) {
  let v = m.get(k2);
  if (v === void 0) {
    v = make();
    m.set(k2, v);
  }
  return v;
}
function seriesKey(runPath, dirPath, tag) {
  if (dirPath === runPath) return tag;
  const rel = runPath === "." ? dirPath : dirPath.startsWith(runPath + "/") ? dirPath.slice(runPath.length + 1) : dirPath;
  return `${rel}/${tag}`;
}
function runScalars(run) {
  const out = /* @__PURE__ */ new Map();
  for (const d of run.dirs) for (const [tag, s2] of d.scalars) out.set(seriesKey(run.name, d.path, tag), s2);
  return out;
}
function runHistograms(run) {
  const out = /* @__PURE__ */ new Map();
  for (const d of run.dirs) for (const [tag, s2] of d.histograms) out.set(seriesKey(run.name, d.path, tag), s2);
  return out;
}
function runTensors(run) {
  const out = /* @__PURE__ */ new Map();
  for (const d of run.dirs) for (const [tag, s2] of d.tensors) out.set(seriesKey(run.name, d.path, tag), s2);
  return out;
}
function runImages(run) {
  const out = /* @__PURE__ */ new Map();
  for (const d of run.dirs) for (const [tag, s2] of d.images) out.set(seriesKey(run.name, d.path, tag), s2);
  return out;
}

// src/model/role_rules.ts
var TRAIN_WORDS = /* @__PURE__ */ new Set(["train", "training", "trn", "tr"]);
var VAL_WORDS = /* @__PURE__ */ new Set(["val", "valid", "validation", "validate", "eval", "evaluation", "evaluate", "dev", "development", "split:dev", "holdout", "vali"]);
var TEST_WORDS = /* @__PURE__ */ new Set(["test", "testing", "tst", "split:test"]);
var STEP_WORDS = /* @__PURE__ */ new Set(["step", "steps", "batch", "batches", "iter", "iters", "iteration", "iterations", "it"]);
var EPOCH_WORDS = /* @__PURE__ */ new Set(["epoch", "epochs"]);
var ACC_WORDS = /* @__PURE__ */ new Set(["acc", "accuracy", "top1", "top-1", "top1acc", "acc1", "categorical_accuracy", "sparse_categorical_accuracy", "binary_accuracy"]);
var KNOWN_METRICS = /* @__PURE__ */ new Set([
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
  "score"
]);
var NOISE_SUFFIX = /\/(auto|histogram|tensor|scalar|scalars)$/i;
function tokens(name) {
  return name.toLowerCase().split(/[\/_\-\s.]+/).filter((t2) => t2.length > 0);
}
function phaseOf(words2) {
  let p;
  for (const w of words2) {
    if (TRAIN_WORDS.has(w)) p = "train";
    else if (VAL_WORDS.has(w)) p = "val";
    else if (TEST_WORDS.has(w)) p = "test";
  }
  return p;
}
function granularityOf(words2) {
  let g;
  for (const w of words2) {
    if (STEP_WORDS.has(w)) g = "step";
    else if (EPOCH_WORDS.has(w)) g = "epoch";
  }
  return g;
}
function dirPhase(subdir) {
  if (!subdir) return void 0;
  const last = subdir.split("/").pop().toLowerCase();
  if (TRAIN_WORDS.has(last)) return "train";
  if (VAL_WORDS.has(last)) return "val";
  if (TEST_WORDS.has(last)) return "test";
  return void 0;
}
function cleanLayer(name) {
  let n = name.replace(NOISE_SUFFIX, "");
  n = n.replace(/^(weights?|params?|parameters|histograms?|model)(_bins\d+)?\//i, "");
  n = n.replace(/(:0|_0)$/, "");
  return n;
}
function matchHistogramRole(tag) {
  const t2 = tag.replace(NOISE_SUFFIX, "");
  const low = t2.toLowerCase();
  let m = /^(gradients?|grads?)(_bins\d+)?\/(.+)$/i.exec(t2);
  if (m) return { role: "grad_hist", rule: "grad_hist_prefix", layer: cleanLayer(m[3]).replace(/\/norm$/i, "") };
  m = /^(.+?)([._/](grad|grads|gradient|gradients))$/i.exec(t2);
  if (m) return { role: "grad_hist", rule: "grad_hist_suffix", layer: cleanLayer(m[1]) };
  m = /^(activations?|outputs?|acts?)\/(.+)$/i.exec(t2);
  if (m) return { role: "activation_hist", rule: "activation_hist_prefix", layer: m[2] };
  m = /^(.+?)([._/](output|outputs|out|activation|activations))$/i.exec(t2);
  if (m) return { role: "activation_hist", rule: "activation_hist_suffix", layer: m[1] };
  m = /^(weights?|params?|parameters)(_bins\d+)?\/(.+)$/i.exec(t2);
  if (m) return { role: "weight_hist", rule: "weight_hist_prefix", layer: cleanLayer(m[3]) };
  if (/(^|[._/])(weight|weights|bias|biases|kernel|kernel_0|bias_0|recurrent_kernel(_0)?|gamma(_0)?|beta(_0)?|moving_mean(_0)?|moving_variance(_0)?|embeddings(_0)?|running_mean|running_var)($|[./:]|_\d)/i.test(low)) {
    return { role: "weight_hist", rule: "weight_hist_param_name", layer: cleanLayer(t2) };
  }
  return { role: "other", rule: "no_rule" };
}
function matchScalarRole(tag, subdir = "") {
  let name = tag.replace(NOISE_SUFFIX, "");
  let fromDir;
  let dirRule = "";
  if (subdir) {
    const last = subdir.split("/").pop();
    const main = tag.replace(/\//g, "_");
    if (last.startsWith(main + "_") && last.length > main.length + 1) {
      name = `${tag}/${last.slice(main.length + 1)}`;
      dirRule = "add_scalars_dir";
    } else {
      fromDir = dirPhase(subdir);
      if (fromDir) dirRule = "phase_dir";
      if (/^\d{9,11}\.\d+$/.test(last) || /^hparam\//i.test(tag)) return { role: "other", rule: "hparams_metric" };
    }
  }
  const low = name.toLowerCase();
  const words2 = tokens(name);
  const g = granularityOf(words2);
  const withRule = (r) => dirRule ? `${dirRule}+${r}` : r;
  if (/^hparams?\//i.test(name) || low === "hp_metric") return { role: "other", rule: "hparams_metric" };
  if (low === "epoch" || low === "epochs" || low === "trainer/epoch") return { role: "epoch", rule: "epoch_name" };
  if (low === "train/epoch") return { role: "epoch", rule: "hf_trainer_epoch" };
  if (/^train\/train_(loss|runtime|samples_per_second|steps_per_second)$/.test(low)) return { role: "other", rule: "hf_trainer_summary" };
  if (/(^|[/_])(runtime|samples_per_second|steps_per_second|total_flos|flos)$/.test(low)) return { role: "other", rule: "throughput_name" };
  if (/^lr-/i.test(name)) return { role: "learning_rate", rule: "lightning_lr_monitor", granularity: g };
  if (words2.includes("lr") || /learning[_\s-]?rate/i.test(name) || /(^|\/)(lr|learningrate)$/i.test(name)) {
    return { role: "learning_rate", rule: withRule("lr_name"), granularity: g };
  }
  let m = /^grad_([\d.]+|inf)_norm_total$/i.exec(name);
  if (m) return { role: "grad_norm_total", rule: "lightning_grad_norm_total" };
  m = /^grad_([\d.]+|inf)_norm[/_](.+)$/i.exec(name);
  if (m) return { role: "grad_norm", rule: "lightning_grad_norm", layer: m[2] };
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
  if (/(^|[/_])(step|batch|iter|iteration)_?time($|[/_])|(^|[/_])time_per_(step|batch|iter)|sec(ond)?s?_per_(step|batch|iter)/i.test(name)) {
    return { role: "step_time", rule: "step_time_name" };
  }
  const namePhase = phaseOf(words2);
  const phase = namePhase ?? fromDir ?? "train";
  const phaseRule = namePhase ? "phase_in_name" : fromDir ? "phase_dir" : "default_train";
  const isLoss = words2.some((w) => w === "loss" || w === "losses" || w.endsWith("loss") || w === "nll" || w === "xent" || w === "bce" || w === "crossentropy") || /cross[_\s-]?entropy/i.test(name);
  const isError = words2.some((w) => w === "err" || w === "error" || w === "errors" || w === "error_rate");
  const isAcc = !isError && (words2.some((w) => ACC_WORDS.has(w)) || /(^|[/_])(top-?1|categorical_accuracy|binary_accuracy)/i.test(name));
  if (isLoss) {
    const role = `${phase}_loss`;
    return { role, rule: withRule(`loss_${phaseRule}`), granularity: g };
  }
  if (isAcc) {
    const role = `${phase}_accuracy`;
    return { role, rule: withRule(`accuracy_${phaseRule}`), granularity: g };
  }
  const metricWords = words2.filter((w) => !TRAIN_WORDS.has(w) && !VAL_WORDS.has(w) && !TEST_WORDS.has(w) && !STEP_WORDS.has(w) && !EPOCH_WORDS.has(w) && w !== "vs");
  const known = metricWords.find((w) => KNOWN_METRICS.has(w)) ?? (KNOWN_METRICS.has(metricWords.join("_")) ? metricWords.join("_") : void 0);
  if (known || namePhase || fromDir) {
    const metric = known ?? metricWords.join("_");
    if (metric) return { role: `${phase}_metric`, rule: withRule(`metric_${phaseRule}`), metric, granularity: g };
  }
  return { role: "other", rule: "no_rule" };
}
var NUMERIC_TENSOR_PLUGINS = /* @__PURE__ */ new Set(["", "tensor", "tensors", "histogram", "histograms", "distributions"]);
function overrideMatches(o, key) {
  if (o.pattern.length >= 2 && o.pattern.startsWith("/") && o.pattern.endsWith("/")) {
    try {
      return new RegExp(o.pattern.slice(1, -1)).test(key);
    } catch {
      return false;
    }
  }
  return o.pattern === key;
}
function dataGranularity(d) {
  for (const s2 of d.sources) if ((s2.format === "csv" || s2.format === "json_log") && s2.info?.stepColumn === "epoch") return "epoch";
  return void 0;
}
function assignRoles(run, overrides = []) {
  const out = [];
  for (const d of run.dirs) {
    const subdir = d.path === run.name ? "" : seriesKey(run.name, d.path, "").replace(/\/$/, "");
    const csvGranularity = dataGranularity(d);
    const csvColumns = /* @__PURE__ */ new Set();
    for (const s2 of d.sources) if ((s2.format === "csv" || s2.format === "json_log") && typeof s2.info?.columns === "string") for (const c2 of s2.info.columns.split(",")) csvColumns.add(c2);
    const fastai = csvColumns.has("train_loss") && csvColumns.has("valid_loss");
    for (const [tag, s2] of d.scalars) {
      const key = seriesKey(run.name, d.path, tag);
      let m = matchScalarRole(tag, subdir);
      if (!m.granularity && csvGranularity && csvColumns.has(tag)) m.granularity = csvGranularity;
      if (fastai && csvColumns.has(tag)) m = fastaiValidMetric(m);
      out.push({ key, kind: "scalar", ...clean(m), points: s2.length });
    }
    for (const [tag, s2] of d.histograms) {
      out.push({ key: seriesKey(run.name, d.path, tag), kind: "histogram", ...clean(matchHistogramRole(tag)), points: s2.length });
    }
    for (const [tag, s2] of d.tensors) {
      const plugin = d.plugins.get(tag)?.pluginName;
      const m = plugin && !NUMERIC_TENSOR_PLUGINS.has(plugin) ? { role: "other", rule: `plugin_${plugin}` } : matchHistogramRole(tag);
      out.push({ key: seriesKey(run.name, d.path, tag), kind: "tensor", ...clean(m), points: s2.length });
    }
  }
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
function fastaiValidMetric(m) {
  if (m.role === "train_accuracy" && m.rule === "accuracy_default_train") return { ...m, role: "val_accuracy", rule: "fastai_valid_metric" };
  if (m.role === "train_metric" && m.rule === "metric_default_train") return { ...m, role: "val_metric", rule: "fastai_valid_metric" };
  return m;
}
function clean(m) {
  const a = { role: m.role, rule: m.rule };
  if (m.layer !== void 0) a.layer = m.layer;
  if (m.metric !== void 0) a.metric = m.metric;
  if (m.granularity !== void 0) a.granularity = m.granularity;
  return a;
}
function isPerLayer(r) {
  return r === "grad_norm" || r === "weight_norm" || r === "weight_hist" || r === "grad_hist" || r === "activation_hist";
}
var ALL_ROLES = [
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
  "other"
];
function granularityRank(a) {
  if (a.granularity === "step") return 0;
  if (a.granularity === void 0) return 1;
  return 2;
}
var LOSS_COMPONENT_WORDS = /* @__PURE__ */ new Set([
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
  "z"
]);
var LOSS_TOTAL_WORDS = /* @__PURE__ */ new Set(["total", "overall", "sum", "combined", "full", "all", "objective"]);
function lossNameRank(key) {
  const words2 = tokens(key.split("/").slice(-2).join("/"));
  const rest = words2.filter((w) => !TRAIN_WORDS.has(w) && !VAL_WORDS.has(w) && !TEST_WORDS.has(w) && !STEP_WORDS.has(w) && !EPOCH_WORDS.has(w));
  if (rest.some((w) => LOSS_TOTAL_WORDS.has(w))) return 0;
  if (rest.some((w) => LOSS_COMPONENT_WORDS.has(w.replace(/loss$/, "")))) return 2;
  return 1;
}
function compareAssignments(a, b) {
  const r = ALL_ROLES.indexOf(a.role) - ALL_ROLES.indexOf(b.role);
  if (r !== 0) return r;
  const u = (a.rule === "user" ? 0 : 1) - (b.rule === "user" ? 0 : 1);
  if (u !== 0) return u;
  const kindRank = (x) => x.kind === "scalar" ? 0 : x.kind === "histogram" ? 1 : 2;
  if (kindRank(a) !== kindRank(b)) return kindRank(a) - kindRank(b);
  if (a.role.startsWith("train_")) {
    const g = granularityRank(a) - granularityRank(b);
    if (g !== 0) return g;
  }
  if (a.role.endsWith("_loss")) {
    const t2 = lossNameRank(a.key) - lossNameRank(b.key);
    if (t2 !== 0) return t2;
  }
  if (a.points !== b.points) return b.points - a.points;
  if (a.key.length !== b.key.length) return a.key.length - b.key.length;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
var SINGLE_ROLES = ["train_loss", "val_loss", "test_loss", "train_accuracy", "val_accuracy", "test_accuracy", "learning_rate", "epoch"];
function preferredRoleKeys(assignments) {
  const out = {};
  for (const a of assignments) {
    if (SINGLE_ROLES.includes(a.role) && a.kind === "scalar" && out[a.role] === void 0) out[a.role] = a.key;
  }
  return out;
}

// src/cli/common.ts
import fs6 from "node:fs";
import path2 from "node:path";

// src/reader/mindspore_summary.ts
import { fromBinary as fromBinary2 } from "@bufbuild/protobuf";

// src/format/crc32c.ts
var POLY = 2197175160;
var T = new Uint32Array(8 * 256);
for (let b = 0; b < 256; b++) {
  let c2 = b;
  for (let k2 = 0; k2 < 8; k2++) c2 = c2 & 1 ? c2 >>> 1 ^ POLY : c2 >>> 1;
  T[b] = c2 >>> 0;
}
for (let b = 0; b < 256; b++) {
  let c2 = T[b];
  for (let t2 = 1; t2 < 8; t2++) {
    c2 = T[c2 & 255] ^ c2 >>> 8;
    T[t2 * 256 + b] = c2 >>> 0;
  }
}
function crc32c(buf, start = 0, end, crc = 0) {
  if (typeof buf === "string") buf = new TextEncoder().encode(buf);
  const stop = end ?? buf.length;
  let c2 = ~crc >>> 0;
  let i = start;
  const stop8 = i + (stop - i & ~7);
  while (i < stop8) {
    const lo = (c2 ^ (buf[i] | buf[i + 1] << 8 | buf[i + 2] << 16 | buf[i + 3] << 24)) >>> 0;
    c2 = T[7 * 256 + (lo & 255)] ^ T[6 * 256 + (lo >>> 8 & 255)] ^ T[5 * 256 + (lo >>> 16 & 255)] ^ T[4 * 256 + (lo >>> 24)] ^ T[3 * 256 + buf[i + 4]] ^ T[2 * 256 + buf[i + 5]] ^ T[1 * 256 + buf[i + 6]] ^ T[buf[i + 7]];
    i += 8;
  }
  while (i < stop) c2 = T[(c2 ^ buf[i++]) & 255] ^ c2 >>> 8;
  return ~c2 >>> 0;
}
function maskCrc(crc) {
  return ((crc >>> 15 | crc << 17) >>> 0) + 2726488792 >>> 0;
}

// src/format/tf_record.ts
var crc32c2 = crc32c;
var maskCrc2 = maskCrc;
var TFRECORD_HEADER_BYTES = 12;
var TFRECORD_FOOTER_BYTES = 4;
var DEFAULT_MAX_RECORD_BYTES = 1 << 30;
function describeTFRecordIssue(i) {
  switch (i.kind) {
    case "bad_length_crc":
      return i.resynced ? `record header length CRC mismatch; framing lost, skipped bytes ${i.offset}..${i.skippedTo} (${i.skippedTo - i.offset} bytes) to the next valid record` : `record header length CRC mismatch; no valid record in the remaining ${i.skippedTo - i.offset} bytes (trailing garbage or zero padding)`;
    case "bad_data_crc":
      return `record data CRC mismatch (${i.length}-byte record skipped; the records after it are read)`;
    case "truncated":
      return `file ends inside a record's ${i.part} (${i.have} of ${i.need} bytes present): still being written or cut short; the next read resumes here`;
    case "too_large":
      return `record length ${i.length} exceeds the limit of ${i.limit} bytes; ` + (i.resynced ? `skipped bytes ${i.offset}..${i.skippedTo} to the next valid record` : `no valid record after it`);
    case "not_event_file":
      return `not a TFRecord/event file: the first record header fails its CRC and no valid record was found in ${i.skippedTo - i.offset} bytes`;
  }
}
var TFRecordScanner = class {
  constructor(buf, start = 0, opts = {}, end = buf.length) {
    this.buf = buf;
    this.pos = this.start = this.resumeOffset = start;
    this.end = end;
    this.verifyData = opts.verifyDataCrc ?? true;
    this.limit = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.resync = opts.resync ?? true;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  buf;
  recordOffset = 0;
  dataStart = 0;
  dataEnd = 0;
  /** Offset after the last record (or resynced damage) fully consumed. */
  resumeOffset;
  records = 0;
  badDataCrc = 0;
  stop = "running";
  issues = [];
  pos;
  start;
  end;
  verifyData;
  limit;
  resync;
  view;
  next() {
    const buf = this.buf, view = this.view, end = this.end;
    for (; ; ) {
      const p = this.pos;
      const avail = end - p;
      if (avail <= 0) {
        this.stop = "eof";
        this.resumeOffset = p;
        return false;
      }
      if (avail < TFRECORD_HEADER_BYTES) return this.truncated(p, "header", avail, TFRECORD_HEADER_BYTES);
      const lo = view.getUint32(p, true);
      const hi = view.getUint32(p + 4, true);
      if (maskCrc2(crc32c2(buf, p, p + 8)) !== view.getUint32(p + 8, true)) {
        if (!this.damage(p, "bad_length_crc", 0)) return false;
        continue;
      }
      const len = hi * 4294967296 + lo;
      if (len > this.limit) {
        if (!this.damage(p, "too_large", len)) return false;
        continue;
      }
      const ds = p + TFRECORD_HEADER_BYTES;
      const de = ds + len;
      if (de > end) return this.truncated(p, "payload", avail, len + 16);
      if (de + TFRECORD_FOOTER_BYTES > end) return this.truncated(p, "footer", avail, len + 16);
      this.pos = de + TFRECORD_FOOTER_BYTES;
      this.resumeOffset = this.pos;
      if (this.verifyData && maskCrc2(crc32c2(buf, ds, de)) !== view.getUint32(de, true)) {
        this.badDataCrc++;
        this.issues.push({ kind: "bad_data_crc", offset: p, length: len });
        continue;
      }
      this.recordOffset = p;
      this.dataStart = ds;
      this.dataEnd = de;
      this.records++;
      return true;
    }
  }
  truncated(p, part, have, need) {
    this.issues.push({ kind: "truncated", offset: p, part, have, need });
    this.stop = "truncated";
    this.resumeOffset = p;
    this.pos = this.end;
    return false;
  }
  /** Framing lost at `p`: resync forward. Returns true when reading can go on. */
  damage(p, kind, len) {
    const found = this.resync ? this.findNext(p + 1) : -1;
    const skippedTo = found >= 0 ? found : found === -2 ? this.truncPos : this.end;
    const resynced = found >= 0;
    if (kind === "too_large") this.issues.push({ kind, offset: p, length: len, limit: this.limit, skippedTo, resynced });
    else if (p === this.start && this.start === 0 && !resynced && found !== -2) this.issues.push({ kind: "not_event_file", offset: p, skippedTo });
    else this.issues.push({ kind, offset: p, skippedTo, resynced });
    if (resynced) {
      this.pos = found;
      return true;
    }
    if (found === -2) {
      this.truncated(this.truncPos, "payload", this.end - this.truncPos, this.truncNeed);
      return false;
    }
    this.stop = "damage";
    this.resumeOffset = p;
    this.pos = this.end;
    return false;
  }
  truncPos = 0;
  truncNeed = 0;
  /** First offset >= from holding a complete record whose both CRCs verify; -2 when a verified header's record runs past the end (see truncPos); -1 when none. */
  findNext(from) {
    const buf = this.buf, view = this.view, end = this.end;
    for (let q = from; q + TFRECORD_HEADER_BYTES <= end; q++) {
      if (maskCrc2(crc32c2(buf, q, q + 8)) !== view.getUint32(q + 8, true)) continue;
      const len = view.getUint32(q + 4, true) * 4294967296 + view.getUint32(q, true);
      if (len > this.limit) continue;
      const de = q + TFRECORD_HEADER_BYTES + len;
      if (de + TFRECORD_FOOTER_BYTES > end) {
        this.truncPos = q;
        this.truncNeed = len + 16;
        return -2;
      }
      if (maskCrc2(crc32c2(buf, q + TFRECORD_HEADER_BYTES, de)) === view.getUint32(de, true)) return q;
    }
    return -1;
  }
};

// src/format/wire.ts
var WireError = class extends Error {
  constructor(message, offset) {
    super(`${message} at byte ${offset}`);
    this.offset = offset;
    this.name = "WireError";
  }
  offset;
};
var utf8 = new TextDecoder("utf-8");
var W_VARINT = 0;
var W_FIXED64 = 1;
var W_LEN = 2;
var W_START_GROUP = 3;
var W_END_GROUP = 4;
var W_FIXED32 = 5;
var utf8Encoder = new TextEncoder();
var WireReader = class {
  constructor(buf, start = 0, end = buf.length) {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
    this.end = end;
  }
  buf;
  view;
  pos;
  end;
  /** True when bytes remain before `end`. */
  more() {
    return this.pos < this.end;
  }
  /** Reads a field key; returns `fieldNumber << 3 | wireType` (use `>>> 3` and `& 7`). */
  tag() {
    const b = this.buf[this.pos];
    if (b < 128 && this.pos < this.end) {
      this.pos++;
      return b;
    }
    return this.uint32();
  }
  /** Unsigned varint up to 32 bits (longer varints are accepted and truncated to the low 32 bits). */
  uint32() {
    const buf = this.buf;
    let p = this.pos;
    let r = 0;
    let shift = 0;
    for (; ; ) {
      if (p >= this.end) throw new WireError("truncated varint", this.pos);
      const b = buf[p++];
      if (shift < 32) r |= (b & 127) << shift;
      if (b < 128) break;
      shift += 7;
      if (shift > 63) throw new WireError("varint longer than 10 bytes", this.pos);
    }
    this.pos = p;
    return r >>> 0;
  }
  /** int32 varint (negative values are written as 10-byte varints). */
  int32() {
    return this.uint32() | 0;
  }
  /** Varint as two 32-bit halves, stored in `lo`/`hi`. */
  lo = 0;
  hi = 0;
  varint64() {
    const buf = this.buf;
    let p = this.pos;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (; ; ) {
      if (p >= this.end) throw new WireError("truncated varint", this.pos);
      const b = buf[p++];
      if (shift < 28) lo |= (b & 127) << shift;
      else if (shift === 28) {
        lo |= (b & 15) << 28;
        hi |= (b & 127) >>> 4;
      } else if (shift < 64) hi |= (b & 127) << shift - 32;
      if (b < 128) break;
      shift += 7;
      if (shift > 63) throw new WireError("varint longer than 10 bytes", this.pos);
    }
    this.pos = p;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }
  /** int64 varint as a number (exact within ±2^53). */
  int64() {
    const b = this.buf[this.pos];
    if (b < 128 && this.pos < this.end) {
      this.pos++;
      return b;
    }
    this.varint64();
    return (this.hi | 0) * 4294967296 + this.lo;
  }
  /** uint64 varint as a number (exact below 2^53). */
  uint64() {
    this.varint64();
    return this.hi * 4294967296 + this.lo;
  }
  int64Big() {
    this.varint64();
    return BigInt.asIntN(64, BigInt(this.hi) << 32n | BigInt(this.lo));
  }
  uint64Big() {
    this.varint64();
    return BigInt(this.hi) << 32n | BigInt(this.lo);
  }
  /** zigzag sint32. */
  sint32() {
    const n = this.uint32();
    return n >>> 1 ^ -(n & 1);
  }
  /** zigzag sint64 as a number. */
  sint64() {
    this.varint64();
    const lo = this.lo, hi = this.hi;
    const neg = lo & 1;
    const ulo = (lo >>> 1 | hi << 31) >>> 0;
    const uhi = hi >>> 1;
    const mag = uhi * 4294967296 + ulo;
    return neg ? -mag - 1 : mag;
  }
  bool() {
    return this.uint32() !== 0;
  }
  need(n) {
    if (this.pos + n > this.end) throw new WireError(`truncated: need ${n} bytes`, this.pos);
  }
  fixed32() {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  sfixed32() {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  float() {
    this.need(4);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }
  double() {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  fixed64() {
    this.need(8);
    const v = this.view.getUint32(this.pos, true) + this.view.getUint32(this.pos + 4, true) * 4294967296;
    this.pos += 8;
    return v;
  }
  sfixed64() {
    this.need(8);
    const v = this.view.getUint32(this.pos, true) + this.view.getInt32(this.pos + 4, true) * 4294967296;
    this.pos += 8;
    return v;
  }
  /** Length prefix of a length-delimited field; returns the end offset of its payload (payload starts at `pos`). */
  lenEnd() {
    const n = this.uint32();
    const e = this.pos + n;
    if (e > this.end) throw new WireError(`length ${n} runs past the end`, this.pos);
    return e;
  }
  /** Length-delimited bytes as a view (no copy). */
  bytes() {
    const e = this.lenEnd();
    const v = this.buf.subarray(this.pos, e);
    this.pos = e;
    return v;
  }
  string() {
    const e = this.lenEnd();
    const s2 = decodeUtf8(this.buf, this.pos, e);
    this.pos = e;
    return s2;
  }
  /** Skips one field of wire type `wt` (field number `field` for group matching). */
  skip(wt, field = 0) {
    switch (wt) {
      case W_VARINT:
        this.varint64();
        break;
      case W_FIXED64:
        this.need(8);
        this.pos += 8;
        break;
      case W_LEN:
        this.pos = this.lenEnd();
        break;
      case W_FIXED32:
        this.need(4);
        this.pos += 4;
        break;
      case W_START_GROUP:
        for (; ; ) {
          if (this.pos >= this.end) throw new WireError("unterminated group", this.pos);
          const t2 = this.tag();
          if ((t2 & 7) === W_END_GROUP) {
            if (t2 >>> 3 !== field) throw new WireError("mismatched end group", this.pos);
            break;
          }
          this.skip(t2 & 7, t2 >>> 3);
        }
        break;
      default:
        throw new WireError(`invalid wire type ${wt}`, this.pos);
    }
  }
  /** Repeated float: packed (LEN) or one unpacked element (FIXED32), appended to `out`. */
  packedFloat(wt, out) {
    if (wt === W_FIXED32) {
      out.push(this.float());
      return;
    }
    const e = this.lenEnd();
    if (e - this.pos & 3) throw new WireError("packed float length not a multiple of 4", this.pos);
    for (; this.pos < e; this.pos += 4) out.push(this.view.getFloat32(this.pos, true));
  }
  /** Repeated double: packed or unpacked, appended to `out`. */
  packedDouble(wt, out) {
    if (wt === W_FIXED64) {
      out.push(this.double());
      return;
    }
    const e = this.lenEnd();
    if (e - this.pos & 7) throw new WireError("packed double length not a multiple of 8", this.pos);
    for (; this.pos < e; this.pos += 8) out.push(this.view.getFloat64(this.pos, true));
  }
  /** Repeated varint (int32/int64/uint/bool/enum) as numbers, packed or unpacked; `signed32` narrows to int32. */
  packedVarint(wt, out, kind = "int64") {
    const one = () => {
      switch (kind) {
        case "int32":
          return this.int32();
        case "uint32":
          return this.uint32();
        case "uint64":
          return this.uint64();
        case "sint32":
          return this.sint32();
        case "sint64":
          return this.sint64();
        case "bool":
          return this.uint64() !== 0 ? 1 : 0;
        default:
          return this.int64();
      }
    };
    if (wt === W_VARINT) {
      out.push(one());
      return;
    }
    if (wt !== W_LEN) throw new WireError(`unexpected wire type ${wt} for repeated varint`, this.pos);
    const e = this.lenEnd();
    const saved = this.end;
    this.end = e;
    try {
      while (this.pos < e) out.push(one());
    } finally {
      this.end = saved;
    }
  }
};
function decodeUtf8(buf, start, end) {
  if (end - start < 32) {
    let s2 = "";
    for (let i = start; i < end; i++) {
      const c2 = buf[i];
      if (c2 >= 128) return utf8.decode(buf.subarray(start, end));
      s2 += String.fromCharCode(c2);
    }
    return s2;
  }
  return utf8.decode(buf.subarray(start, end));
}
function copyBytes(b) {
  const c2 = new Uint8Array(b.length);
  c2.set(b);
  return c2;
}

// src/format/event_decode.ts
var WIRE_VARINT = 0;
var WIRE_FIXED64 = 1;
var WIRE_LEN = 2;
var WIRE_FIXED32 = 5;
var WireReader2 = WireReader;
var WireError2 = WireError;
var EventWhat = {
  none: 0,
  fileVersion: 3,
  graphDef: 4,
  summary: 5,
  logMessage: 6,
  sessionLog: 7,
  taggedRunMetadata: 8,
  metaGraphDef: 9
};
var ValueKind = {
  none: 0,
  simpleValue: 2,
  oldStyleHistogram: 3,
  image: 4,
  histo: 5,
  audio: 6,
  tensor: 8
};
var EventScanner = class {
  wallTime = 0;
  hasWallTime = false;
  step = 0;
  hasStep = false;
  /** Field number of the `what` oneof member present (see `EventWhat`); last one wins, as in protobuf. */
  what = 0;
  whatStart = 0;
  whatEnd = 0;
  /** Range of source_metadata (field 10), -1 when absent. */
  sourceStart = -1;
  sourceEnd = -1;
  /** Set by `scanSimpleScalar`: the one value's tag range and simple_value. */
  tagStart = 0;
  tagEnd = 0;
  simpleValue = 0;
  r = new WireReader2(new Uint8Array(0));
  /**
   * Recognises the commonest record byte for byte: `wall_time, [step < 2^21], summary { value { tag
   * (< 128 bytes), simple_value } }` and nothing else (the layout PyTorch, TF1 and tensorboardX
   * write for a scalar). Sets wallTime, step, tagStart/tagEnd and simpleValue and returns true; returns
   * false for any other layout (the caller then uses `scan`, which decodes the same record the same way).
   */
  scanSimpleScalar(buf, start, end) {
    if (buf[start] !== 9) return false;
    let p = start + 9;
    let step = 0;
    const hasStep = buf[p] === 16;
    if (hasStep) {
      const b0 = buf[p + 1];
      if (b0 < 128) {
        step = b0;
        p += 2;
      } else {
        const b1 = buf[p + 2];
        if (b1 < 128) {
          step = b0 & 127 | b1 << 7;
          p += 3;
        } else {
          const b2 = buf[p + 3];
          if (!(b2 < 128)) return false;
          step = b0 & 127 | (b1 & 127) << 7 | b2 << 14;
          p += 4;
        }
      }
    }
    const summaryLen = buf[p + 1], valueLen = buf[p + 3], tagLen = buf[p + 5];
    if (buf[p] !== 42 || !(summaryLen < 128) || summaryLen + p + 2 !== end) return false;
    if (buf[p + 2] !== 10 || !(valueLen < 128) || valueLen + p + 4 !== end || buf[p + 4] !== 10 || !(tagLen < 128)) return false;
    const ts = p + 6, te = ts + tagLen;
    if (te + 5 !== end || buf[te] !== 21) return false;
    let r = this.r;
    if (r.buf !== buf) r = this.r = new WireReader2(buf);
    const view = r.view;
    this.wallTime = view.getFloat64(start + 1, true);
    this.hasWallTime = true;
    this.step = step;
    this.hasStep = hasStep;
    this.what = 5;
    this.whatStart = p + 2;
    this.whatEnd = end;
    this.sourceStart = this.sourceEnd = -1;
    this.tagStart = ts;
    this.tagEnd = te;
    this.simpleValue = view.getFloat32(te + 1, true);
    return true;
  }
  scan(buf, start, end) {
    let r = this.r;
    if (r.buf !== buf) r = this.r = new WireReader2(buf);
    r.pos = start;
    r.end = end;
    this.hasWallTime = this.hasStep = false;
    this.wallTime = 0;
    this.step = 0;
    this.what = 0;
    this.sourceStart = this.sourceEnd = -1;
    while (r.pos < end) {
      const t2 = r.tag();
      const f = t2 >>> 3, wt = t2 & 7;
      if (f === 1 && wt === WIRE_FIXED64) {
        this.wallTime = r.double();
        this.hasWallTime = true;
      } else if (f === 2 && wt === WIRE_VARINT) {
        this.step = r.int64();
        this.hasStep = true;
      } else if (f >= 3 && f <= 9 && wt === WIRE_LEN) {
        const e = r.lenEnd();
        this.what = f;
        this.whatStart = r.pos;
        this.whatEnd = e;
        r.pos = e;
      } else if (f === 10 && wt === WIRE_LEN) {
        const e = r.lenEnd();
        this.sourceStart = r.pos;
        this.sourceEnd = e;
        r.pos = e;
      } else if (f === 0) throw new WireError2("field number 0", r.pos);
      else r.skip(wt, f);
    }
  }
};
var SummaryValueScanner = class {
  tagStart = 0;
  tagEnd = 0;
  /** Range of SummaryMetadata, -1 when absent. */
  metaStart = -1;
  metaEnd = -1;
  /** Field number of the value present (see `ValueKind`). */
  kind = 0;
  valueStart = 0;
  valueEnd = 0;
  simpleValue = 0;
  /** Range of the deprecated node_name, -1 when absent. */
  nodeStart = -1;
  nodeEnd = -1;
  r = new WireReader2(new Uint8Array(0));
  v = new WireReader2(new Uint8Array(0));
  end = 0;
  reset(buf, start, end) {
    if (this.r.buf !== buf) {
      this.r = new WireReader2(buf);
      this.v = new WireReader2(buf);
    }
    this.r.pos = start;
    this.r.end = end;
    this.end = end;
  }
  next() {
    const r = this.r;
    while (r.pos < this.end) {
      const t2 = r.tag();
      if (t2 !== (1 << 3 | WIRE_LEN)) {
        if (t2 >>> 3 === 0) throw new WireError2("field number 0", r.pos);
        r.skip(t2 & 7, t2 >>> 3);
        continue;
      }
      const e = r.lenEnd();
      this.value(r.pos, e);
      r.pos = e;
      return true;
    }
    return false;
  }
  value(start, end) {
    const v = this.v;
    v.pos = start;
    v.end = end;
    this.tagStart = this.tagEnd = start;
    this.metaStart = this.metaEnd = this.nodeStart = this.nodeEnd = -1;
    this.kind = 0;
    while (v.pos < end) {
      const t2 = v.tag();
      const f = t2 >>> 3, wt = t2 & 7;
      if (f === 2 && wt === WIRE_FIXED32) {
        this.simpleValue = v.float();
        this.kind = 2;
        continue;
      }
      if (wt === WIRE_LEN) {
        const e = v.lenEnd();
        switch (f) {
          case 1:
            this.tagStart = v.pos;
            this.tagEnd = e;
            break;
          case 9:
            this.metaStart = v.pos;
            this.metaEnd = e;
            break;
          case 7:
            this.nodeStart = v.pos;
            this.nodeEnd = e;
            break;
          case 3:
          case 4:
          case 5:
          case 6:
          case 8:
            this.kind = f;
            this.valueStart = v.pos;
            this.valueEnd = e;
            break;
          default:
            break;
        }
        v.pos = e;
        continue;
      }
      if (f === 0) throw new WireError2("field number 0", v.pos);
      v.skip(wt, f);
    }
  }
};
function decodeSummaryMetadata(buf, start, end) {
  const r = new WireReader2(buf, start, end);
  const m = { pluginName: "", content: new Uint8Array(0) };
  while (r.more()) {
    const t2 = r.tag();
    const f = t2 >>> 3, wt = t2 & 7;
    if (f === 1 && wt === WIRE_LEN) {
      const e = r.lenEnd();
      const p = new WireReader2(buf, r.pos, e);
      while (p.more()) {
        const pt = p.tag();
        if (pt === (1 << 3 | WIRE_LEN)) m.pluginName = p.string();
        else if (pt === (2 << 3 | WIRE_LEN)) m.content = copyBytes(p.bytes());
        else p.skip(pt & 7, pt >>> 3);
      }
      r.pos = e;
    } else if (f === 2 && wt === WIRE_LEN) m.displayName = r.string();
    else if (f === 3 && wt === WIRE_LEN) m.summaryDescription = r.string();
    else if (f === 4 && wt === WIRE_VARINT) m.dataClass = r.int32();
    else r.skip(wt, f);
  }
  return m;
}
var EMPTY_F64 = new Float64Array(0);
var LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
function readDoubles(r, wt, prev) {
  if (wt === WIRE_LEN) {
    const e = r.lenEnd();
    const n = e - r.pos >>> 3;
    if (e - r.pos & 7) throw new WireError2("packed double length not a multiple of 8", r.pos);
    const out2 = new Float64Array(prev.length + n);
    out2.set(prev);
    if (LITTLE_ENDIAN) {
      new Uint8Array(out2.buffer, prev.length * 8, n * 8).set(r.buf.subarray(r.pos, e));
    } else {
      const view = r.view;
      for (let i = 0, p = r.pos; i < n; i++, p += 8) out2[prev.length + i] = view.getFloat64(p, true);
    }
    r.pos = e;
    return out2;
  }
  if (wt !== WIRE_FIXED64) throw new WireError2(`wire type ${wt} for a repeated double`, r.pos);
  const out = new Float64Array(prev.length + 1);
  out.set(prev);
  out[prev.length] = r.double();
  return out;
}
function decodeHistogramProto(buf, start, end) {
  const r = new WireReader2(buf, start, end);
  const h = { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: EMPTY_F64, bucket: EMPTY_F64 };
  while (r.more()) {
    const t2 = r.tag();
    const f = t2 >>> 3, wt = t2 & 7;
    if (wt === WIRE_FIXED64 && f >= 1 && f <= 5) {
      const d = r.double();
      if (f === 1) h.min = d;
      else if (f === 2) h.max = d;
      else if (f === 3) h.num = d;
      else if (f === 4) h.sum = d;
      else h.sumSquares = d;
    } else if (f === 6) h.bucketLimit = readDoubles(r, wt, h.bucketLimit);
    else if (f === 7) h.bucket = readDoubles(r, wt, h.bucket);
    else r.skip(wt, f);
  }
  return h;
}
var HistogramProtoScanner = class {
  min = 0;
  max = 0;
  num = 0;
  sum = 0;
  sumSquares = 0;
  /** Byte range of the packed bucket_limit doubles (empty when absent). */
  limitStart = 0;
  limitEnd = 0;
  /** Byte range of the packed bucket doubles (empty when absent). */
  bucketStart = 0;
  bucketEnd = 0;
  r = new WireReader2(new Uint8Array(0));
  scan(buf, start, end) {
    let r = this.r;
    if (r.buf !== buf) r = this.r = new WireReader2(buf);
    r.pos = start;
    r.end = end;
    this.min = this.max = this.num = this.sum = this.sumSquares = 0;
    this.limitStart = this.limitEnd = this.bucketStart = this.bucketEnd = -1;
    while (r.pos < end) {
      const t2 = r.tag();
      switch (t2) {
        case 9:
          this.min = r.double();
          break;
        case 17:
          this.max = r.double();
          break;
        case 25:
          this.num = r.double();
          break;
        case 33:
          this.sum = r.double();
          break;
        case 41:
          this.sumSquares = r.double();
          break;
        case 50: {
          if (this.limitStart >= 0) return false;
          const e = r.lenEnd();
          if (e - r.pos & 7) return false;
          this.limitStart = r.pos;
          this.limitEnd = e;
          r.pos = e;
          break;
        }
        case 58: {
          if (this.bucketStart >= 0) return false;
          const e = r.lenEnd();
          if (e - r.pos & 7) return false;
          this.bucketStart = r.pos;
          this.bucketEnd = e;
          r.pos = e;
          break;
        }
        default:
          if (t2 >>> 3 === 0 || t2 >>> 3 === 6 || t2 >>> 3 === 7 || t2 >>> 3 <= 5 && (t2 & 7) !== WIRE_FIXED64) return false;
          r.skip(t2 & 7, t2 >>> 3);
      }
    }
    if (this.limitStart < 0) this.limitStart = this.limitEnd = start;
    if (this.bucketStart < 0) this.bucketStart = this.bucketEnd = start;
    return true;
  }
};
var DT = {
  FLOAT: 1,
  DOUBLE: 2,
  INT32: 3,
  UINT8: 4,
  INT16: 5,
  INT8: 6,
  STRING: 7,
  COMPLEX64: 8,
  INT64: 9,
  BOOL: 10,
  BFLOAT16: 14,
  UINT16: 17,
  COMPLEX128: 18,
  HALF: 19,
  UINT32: 22,
  UINT64: 23
};
function dtypeName(code) {
  switch (code) {
    case DT.FLOAT:
      return "float32";
    case DT.DOUBLE:
      return "float64";
    case DT.HALF:
      return "float16";
    case DT.BFLOAT16:
      return "bfloat16";
    case DT.INT8:
      return "int8";
    case DT.INT16:
      return "int16";
    case DT.INT32:
      return "int32";
    case DT.INT64:
      return "int64";
    case DT.UINT8:
      return "uint8";
    case DT.UINT16:
      return "uint16";
    case DT.UINT32:
      return "uint32";
    case DT.UINT64:
      return "uint64";
    case DT.BOOL:
      return "bool";
    case DT.STRING:
      return "string";
    case DT.COMPLEX64:
      return "complex64";
    case DT.COMPLEX128:
      return "complex128";
    default:
      return "unknown";
  }
}
function halfToFloat(h) {
  const s2 = h & 32768 ? -1 : 1;
  const e = h >>> 10 & 31;
  const m = h & 1023;
  if (e === 0) return s2 * m * 2 ** -24;
  if (e === 31) return m ? NaN : s2 * Infinity;
  return s2 * (1 + m / 1024) * 2 ** (e - 15);
}
var f32buf = new DataView(new ArrayBuffer(4));
function f32FromBits(bits) {
  f32buf.setUint32(0, bits >>> 0, true);
  return f32buf.getFloat32(0, true);
}
function halfValToNumber(v, bfloat16) {
  const u = v >>> 0;
  if (u > 65535) return f32FromBits(u);
  return bfloat16 ? f32FromBits(u << 16) : halfToFloat(u);
}
var MAX_EXPAND = 1 << 24;
function decodeTensorProto(buf, start, end) {
  const r = new WireReader2(buf, start, end);
  let dtype = 0;
  const shape = [];
  let contentStart = -1, contentEnd = -1;
  const nums = [];
  let halfs;
  let strings;
  while (r.more()) {
    const t2 = r.tag();
    const f = t2 >>> 3, wt = t2 & 7;
    switch (f) {
      case 1:
        dtype = r.int32();
        break;
      case 2: {
        const e = r.lenEnd();
        const s2 = new WireReader2(buf, r.pos, e);
        while (s2.more()) {
          const st = s2.tag();
          if (st === (2 << 3 | WIRE_LEN)) {
            const de = s2.lenEnd();
            const d = new WireReader2(buf, s2.pos, de);
            let size = 0;
            while (d.more()) {
              const dt = d.tag();
              if (dt === 1 << 3) size = d.int64();
              else d.skip(dt & 7, dt >>> 3);
            }
            shape.push(size);
            s2.pos = de;
          } else s2.skip(st & 7, st >>> 3);
        }
        r.pos = e;
        break;
      }
      case 4: {
        const e = r.lenEnd();
        contentStart = r.pos;
        contentEnd = e;
        r.pos = e;
        break;
      }
      case 5:
      case 9:
        r.packedFloat(wt, nums);
        break;
      case 6:
      case 12:
        r.packedDouble(wt, nums);
        break;
      case 7:
        r.packedVarint(wt, nums, "int32");
        break;
      case 10:
        r.packedVarint(wt, nums, "int64");
        break;
      case 11:
        r.packedVarint(wt, nums, "bool");
        break;
      case 16:
        r.packedVarint(wt, nums, "uint32");
        break;
      case 17:
        r.packedVarint(wt, nums, "uint64");
        break;
      case 13:
        r.packedVarint(wt, halfs ??= [], "int32");
        break;
      case 8:
        if (wt !== WIRE_LEN) throw new WireError2("string_val not length-delimited", r.pos);
        (strings ??= []).push(r.bytes());
        break;
      default:
        r.skip(wt, f);
    }
  }
  const numel = shape.reduce((a, b) => a * b, 1);
  const name = dtypeName(dtype);
  if (dtype === DT.STRING) {
    const sb = strings ?? [];
    const vals = sb.map((b) => decodeUtf8(b, 0, b.length));
    if (vals.length === 1 && numel > 1 && numel <= MAX_EXPAND) while (vals.length < numel) vals.push(vals[0]);
    return { dtype, dtypeName: name, shape, values: vals, stringBytes: sb.map(copyBytes) };
  }
  let values;
  if (contentStart >= 0) values = decodeTensorContent(buf, contentStart, contentEnd, dtype);
  else if (halfs && halfs.length) {
    const bf = dtype === DT.BFLOAT16;
    values = new Float64Array(halfs.length);
    for (let i = 0; i < halfs.length; i++) values[i] = halfValToNumber(halfs[i], bf);
  } else values = Float64Array.from(nums);
  if (contentStart < 0 && values.length > 0 && values.length < numel && numel <= MAX_EXPAND && name !== "complex64" && name !== "complex128") {
    const full = new Float64Array(numel);
    full.set(values);
    full.fill(values[values.length - 1], values.length);
    values = full;
  }
  return { dtype, dtypeName: name, shape, values };
}
function decodeTensorContent(buf, start, end, dtype) {
  const view = new DataView(buf.buffer, buf.byteOffset + start, end - start);
  const n = end - start;
  let out;
  switch (dtype) {
    case DT.FLOAT:
    case DT.COMPLEX64:
      out = new Float64Array(n >>> 2);
      for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
      break;
    case DT.DOUBLE:
    case DT.COMPLEX128:
      out = new Float64Array(n >>> 3);
      for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
      break;
    case DT.HALF:
      out = new Float64Array(n >>> 1);
      for (let i = 0; i < out.length; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
      break;
    case DT.BFLOAT16:
      out = new Float64Array(n >>> 1);
      for (let i = 0; i < out.length; i++) out[i] = f32FromBits(view.getUint16(i * 2, true) << 16);
      break;
    case DT.INT8:
      out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt8(i);
      break;
    case DT.UINT8:
    case DT.BOOL:
      out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getUint8(i);
      break;
    case DT.INT16:
      out = new Float64Array(n >>> 1);
      for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
      break;
    case DT.UINT16:
      out = new Float64Array(n >>> 1);
      for (let i = 0; i < out.length; i++) out[i] = view.getUint16(i * 2, true);
      break;
    case DT.INT32:
      out = new Float64Array(n >>> 2);
      for (let i = 0; i < out.length; i++) out[i] = view.getInt32(i * 4, true);
      break;
    case DT.UINT32:
      out = new Float64Array(n >>> 2);
      for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 4, true);
      break;
    case DT.INT64:
      out = new Float64Array(n >>> 3);
      for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 8, true) + view.getInt32(i * 8 + 4, true) * 4294967296;
      break;
    case DT.UINT64:
      out = new Float64Array(n >>> 3);
      for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 8, true) + view.getUint32(i * 8 + 4, true) * 4294967296;
      break;
    default:
      throw new WireError2(`tensor_content of unsupported dtype ${dtype}`, start);
  }
  return out;
}
function decodeImage(buf, start, end) {
  const r = new WireReader2(buf, start, end);
  const img = { height: 0, width: 0, colorspace: 0, encoded: new Uint8Array(0) };
  while (r.more()) {
    const t2 = r.tag();
    const f = t2 >>> 3, wt = t2 & 7;
    if (wt === WIRE_VARINT && f >= 1 && f <= 3) {
      const v = r.int32();
      if (f === 1) img.height = v;
      else if (f === 2) img.width = v;
      else img.colorspace = v;
    } else if (f === 4 && wt === WIRE_LEN) img.encoded = copyBytes(r.bytes());
    else r.skip(wt, f);
  }
  return img;
}
function decodeAudio(buf, start, end) {
  const r = new WireReader2(buf, start, end);
  const a = { sampleRate: 0, numChannels: 0, lengthFrames: 0, contentType: "", byteLength: 0 };
  while (r.more()) {
    const t2 = r.tag();
    const f = t2 >>> 3, wt = t2 & 7;
    if (f === 1 && wt === WIRE_FIXED32) a.sampleRate = r.float();
    else if (f === 2 && wt === WIRE_VARINT) a.numChannels = r.int64();
    else if (f === 3 && wt === WIRE_VARINT) a.lengthFrames = r.int64();
    else if (f === 4 && wt === WIRE_LEN) a.byteLength = r.bytes().length;
    else if (f === 5 && wt === WIRE_LEN) a.contentType = r.string();
    else r.skip(wt, f);
  }
  return a;
}
function decodeSessionLog(buf, start, end) {
  const r = new WireReader2(buf, start, end);
  const s2 = { status: "unspecified", statusCode: 0, checkpointPath: "", msg: "" };
  while (r.more()) {
    const t2 = r.tag();
    const f = t2 >>> 3, wt = t2 & 7;
    if (f === 1 && wt === WIRE_VARINT) s2.statusCode = r.int32();
    else if (f === 2 && wt === WIRE_LEN) s2.checkpointPath = r.string();
    else if (f === 3 && wt === WIRE_LEN) s2.msg = r.string();
    else r.skip(wt, f);
  }
  s2.status = ["unspecified", "start", "stop", "checkpoint"][s2.statusCode] ?? "unspecified";
  return s2;
}
function decodeLogMessage(buf, start, end) {
  const r = new WireReader2(buf, start, end);
  const m = { level: 0, message: "" };
  while (r.more()) {
    const t2 = r.tag();
    if (t2 === 1 << 3) m.level = r.int32();
    else if (t2 === (2 << 3 | WIRE_LEN)) m.message = r.string();
    else r.skip(t2 & 7, t2 >>> 3);
  }
  return m;
}
function decodeTaggedRunMetadata(buf, start, end) {
  const r = new WireReader2(buf, start, end);
  const m = { tag: "", runMetadataBytes: 0 };
  while (r.more()) {
    const t2 = r.tag();
    if (t2 === (1 << 3 | WIRE_LEN)) m.tag = r.string();
    else if (t2 === (2 << 3 | WIRE_LEN)) m.runMetadataBytes = r.bytes().length;
    else r.skip(t2 & 7, t2 >>> 3);
  }
  return m;
}
function decodeSourceWriter(buf, start, end) {
  const r = new WireReader2(buf, start, end);
  let w = "";
  while (r.more()) {
    const t2 = r.tag();
    if (t2 === (1 << 3 | WIRE_LEN)) w = r.string();
    else r.skip(t2 & 7, t2 >>> 3);
  }
  return w;
}

// src/format/plugin_data.ts
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { ListValueSchema, ValueSchema } from "@bufbuild/protobuf/wkt";

// src/format/gen/tensorboard/hparams_plugin_data_pb.ts
import { fileDesc as fileDesc2, messageDesc as messageDesc2 } from "@bufbuild/protobuf/codegenv2";
import { file_google_protobuf_struct as file_google_protobuf_struct2 } from "@bufbuild/protobuf/wkt";

// src/format/gen/tensorboard/hparams_api_pb.ts
import { enumDesc, fileDesc, messageDesc } from "@bufbuild/protobuf/codegenv2";
import { file_google_protobuf_struct } from "@bufbuild/protobuf/wkt";
var file_tensorboard_hparams_api = /* @__PURE__ */ fileDesc("Ch10ZW5zb3Jib2FyZC9ocGFyYW1zX2FwaS5wcm90bxITdGVuc29yYm9hcmQuaHBhcmFtcyLGAQoKRXhwZXJpbWVudBITCgtkZXNjcmlwdGlvbhgBIAEoCRIMCgR1c2VyGAIgASgJEhkKEXRpbWVfY3JlYXRlZF9zZWNzGAMgASgBEjUKDGhwYXJhbV9pbmZvcxgEIAMoCzIfLnRlbnNvcmJvYXJkLmhwYXJhbXMuSFBhcmFtSW5mbxI1CgxtZXRyaWNfaW5mb3MYBSADKAsyHy50ZW5zb3Jib2FyZC5ocGFyYW1zLk1ldHJpY0luZm8SDAoEbmFtZRgGIAEoCSL+AQoKSFBhcmFtSW5mbxIMCgRuYW1lGAEgASgJEhQKDGRpc3BsYXlfbmFtZRgCIAEoCRITCgtkZXNjcmlwdGlvbhgDIAEoCRIrCgR0eXBlGAQgASgOMh0udGVuc29yYm9hcmQuaHBhcmFtcy5EYXRhVHlwZRI1Cg9kb21haW5fZGlzY3JldGUYBSABKAsyGi5nb29nbGUucHJvdG9idWYuTGlzdFZhbHVlSAASOAoPZG9tYWluX2ludGVydmFsGAYgASgLMh0udGVuc29yYm9hcmQuaHBhcmFtcy5JbnRlcnZhbEgAEg8KB2RpZmZlcnMYByABKAhCCAoGZG9tYWluIjAKCEludGVydmFsEhEKCW1pbl92YWx1ZRgBIAEoARIRCgltYXhfdmFsdWUYAiABKAEiKAoKTWV0cmljTmFtZRINCgVncm91cBgBIAEoCRILCgN0YWcYAiABKAkingEKCk1ldHJpY0luZm8SLQoEbmFtZRgBIAEoCzIfLnRlbnNvcmJvYXJkLmhwYXJhbXMuTWV0cmljTmFtZRIUCgxkaXNwbGF5X25hbWUYAyABKAkSEwoLZGVzY3JpcHRpb24YBCABKAkSNgoMZGF0YXNldF90eXBlGAUgASgOMiAudGVuc29yYm9hcmQuaHBhcmFtcy5EYXRhc2V0VHlwZSpgCghEYXRhVHlwZRITCg9EQVRBX1RZUEVfVU5TRVQQABIUChBEQVRBX1RZUEVfU1RSSU5HEAESEgoOREFUQV9UWVBFX0JPT0wQAhIVChFEQVRBX1RZUEVfRkxPQVQ2NBADKlAKC0RhdGFzZXRUeXBlEhMKD0RBVEFTRVRfVU5LTk9XThAAEhQKEERBVEFTRVRfVFJBSU5JTkcQARIWChJEQVRBU0VUX1ZBTElEQVRJT04QAipYCgZTdGF0dXMSEgoOU1RBVFVTX1VOS05PV04QABISCg5TVEFUVVNfU1VDQ0VTUxABEhIKDlNUQVRVU19GQUlMVVJFEAISEgoOU1RBVFVTX1JVTk5JTkcQA2IGcHJvdG8z", [file_google_protobuf_struct]);
var DataType = /* @__PURE__ */ ((DataType5) => {
  DataType5[DataType5["UNSET"] = 0] = "UNSET";
  DataType5[DataType5["STRING"] = 1] = "STRING";
  DataType5[DataType5["BOOL"] = 2] = "BOOL";
  DataType5[DataType5["FLOAT64"] = 3] = "FLOAT64";
  return DataType5;
})(DataType || {});

// src/format/gen/tensorboard/hparams_plugin_data_pb.ts
var file_tensorboard_hparams_plugin_data = /* @__PURE__ */ fileDesc2("CiV0ZW5zb3Jib2FyZC9ocGFyYW1zX3BsdWdpbl9kYXRhLnByb3RvEhN0ZW5zb3Jib2FyZC5ocGFyYW1zIukBChFIUGFyYW1zUGx1Z2luRGF0YRIPCgd2ZXJzaW9uGAEgASgFEjUKCmV4cGVyaW1lbnQYAiABKAsyHy50ZW5zb3Jib2FyZC5ocGFyYW1zLkV4cGVyaW1lbnRIABJDChJzZXNzaW9uX3N0YXJ0X2luZm8YAyABKAsyJS50ZW5zb3Jib2FyZC5ocGFyYW1zLlNlc3Npb25TdGFydEluZm9IABI/ChBzZXNzaW9uX2VuZF9pbmZvGAQgASgLMiMudGVuc29yYm9hcmQuaHBhcmFtcy5TZXNzaW9uRW5kSW5mb0gAQgYKBGRhdGEi9AEKEFNlc3Npb25TdGFydEluZm8SQwoHaHBhcmFtcxgBIAMoCzIyLnRlbnNvcmJvYXJkLmhwYXJhbXMuU2Vzc2lvblN0YXJ0SW5mby5IcGFyYW1zRW50cnkSEQoJbW9kZWxfdXJpGAIgASgJEhMKC21vbml0b3JfdXJsGAMgASgJEhIKCmdyb3VwX25hbWUYBCABKAkSFwoPc3RhcnRfdGltZV9zZWNzGAUgASgBGkYKDEhwYXJhbXNFbnRyeRILCgNrZXkYASABKAkSJQoFdmFsdWUYAiABKAsyFi5nb29nbGUucHJvdG9idWYuVmFsdWU6AjgBIlQKDlNlc3Npb25FbmRJbmZvEisKBnN0YXR1cxgBIAEoDjIbLnRlbnNvcmJvYXJkLmhwYXJhbXMuU3RhdHVzEhUKDWVuZF90aW1lX3NlY3MYAiABKAFiBnByb3RvMw", [file_google_protobuf_struct2, file_tensorboard_hparams_api]);
var HParamsPluginDataSchema = /* @__PURE__ */ messageDesc2(file_tensorboard_hparams_plugin_data, 0);

// src/format/gen/tensorboard/custom_scalar_layout_pb.ts
import { fileDesc as fileDesc3, messageDesc as messageDesc3 } from "@bufbuild/protobuf/codegenv2";
var file_tensorboard_custom_scalar_layout = /* @__PURE__ */ fileDesc3("CiZ0ZW5zb3Jib2FyZC9jdXN0b21fc2NhbGFyX2xheW91dC5wcm90bxILdGVuc29yYm9hcmQijQEKBUNoYXJ0Eg0KBXRpdGxlGAEgASgJEjcKCW11bHRpbGluZRgCIAEoCzIiLnRlbnNvcmJvYXJkLk11bHRpbGluZUNoYXJ0Q29udGVudEgAEjEKBm1hcmdpbhgDIAEoCzIfLnRlbnNvcmJvYXJkLk1hcmdpbkNoYXJ0Q29udGVudEgAQgkKB2NvbnRlbnQiJAoVTXVsdGlsaW5lQ2hhcnRDb250ZW50EgsKA3RhZxgBIAMoCSKDAQoSTWFyZ2luQ2hhcnRDb250ZW50EjYKBnNlcmllcxgBIAMoCzImLnRlbnNvcmJvYXJkLk1hcmdpbkNoYXJ0Q29udGVudC5TZXJpZXMaNQoGU2VyaWVzEg0KBXZhbHVlGAEgASgJEg0KBWxvd2VyGAIgASgJEg0KBXVwcGVyGAMgASgJIkwKCENhdGVnb3J5Eg0KBXRpdGxlGAEgASgJEiEKBWNoYXJ0GAIgAygLMhIudGVuc29yYm9hcmQuQ2hhcnQSDgoGY2xvc2VkGAMgASgIIkIKBkxheW91dBIPCgd2ZXJzaW9uGAEgASgFEicKCGNhdGVnb3J5GAIgAygLMhUudGVuc29yYm9hcmQuQ2F0ZWdvcnliBnByb3RvMw");
var LayoutSchema = /* @__PURE__ */ messageDesc3(file_tensorboard_custom_scalar_layout, 4);

// src/format/plugin_data.ts
var CUSTOM_SCALARS_TAG = "custom_scalars__config__";
function valueToScalar(v) {
  switch (v.kind.case) {
    case "numberValue":
    case "stringValue":
    case "boolValue":
      return v.kind.value;
    case "listValue":
      return JSON.stringify(v.kind.value.values.map(valueToScalar));
    case "structValue":
      return JSON.stringify(Object.fromEntries(Object.entries(v.kind.value.fields).map(([k2, x]) => [k2, valueToScalar(x)])));
    default:
      return null;
  }
}
function decodeHParamsPluginData(content) {
  const d = fromBinary(HParamsPluginDataSchema, content);
  switch (d.data.case) {
    case "experiment": {
      const e = d.data.value;
      return {
        kind: "experiment",
        name: e.name,
        description: e.description,
        user: e.user,
        timeCreatedSecs: e.timeCreatedSecs,
        hparamInfos: e.hparamInfos.map((h) => ({
          name: h.name,
          displayName: h.displayName,
          type: DataType[h.type] !== void 0 ? `DATA_TYPE_${DataType[h.type]}` : String(h.type),
          domainDiscrete: h.domain.case === "domainDiscrete" ? h.domain.value.values.map((x) => valueToScalar(x) ?? "") : void 0,
          domainInterval: h.domain.case === "domainInterval" ? { min: h.domain.value.minValue, max: h.domain.value.maxValue } : void 0
        })),
        metricInfos: e.metricInfos.map((m) => ({ group: m.name?.group ?? "", tag: m.name?.tag ?? "", displayName: m.displayName, datasetType: m.datasetType }))
      };
    }
    case "sessionStartInfo": {
      const s2 = d.data.value;
      const hparams = /* @__PURE__ */ new Map();
      for (const [k2, v] of Object.entries(s2.hparams)) hparams.set(k2, valueToScalar(v));
      return { kind: "session_start", hparams, groupName: s2.groupName, modelUri: s2.modelUri, monitorUrl: s2.monitorUrl, startTimeSecs: s2.startTimeSecs };
    }
    case "sessionEndInfo": {
      const s2 = d.data.value;
      const status = ["unknown", "success", "failure", "running"][s2.status] ?? "unknown";
      return { kind: "session_end", status, endTimeSecs: s2.endTimeSecs };
    }
    default:
      return { kind: "empty" };
  }
}
function decodeCustomScalarLayout(bytes) {
  const l = fromBinary(LayoutSchema, bytes);
  return {
    version: l.version,
    categories: l.category.map((c2) => ({
      title: c2.title,
      closed: c2.closed,
      charts: c2.chart.map((ch) => ({
        title: ch.title,
        multiline: ch.content.case === "multiline" ? [...ch.content.value.tag] : void 0,
        margin: ch.content.case === "margin" ? ch.content.value.series.map((s2) => ({ value: s2.value, lower: s2.lower, upper: s2.upper })) : void 0
      }))
    }))
  };
}

// src/format/gen/mindspore/anf_ir_pb.ts
var anf_ir_pb_exports = {};
__export(anf_ir_pb_exports, {
  AttributeProtoSchema: () => AttributeProtoSchema,
  DataType: () => DataType2,
  DataTypeSchema: () => DataTypeSchema,
  GraphProtoSchema: () => GraphProtoSchema,
  InputProtoSchema: () => InputProtoSchema,
  InputProto_EdgeType: () => InputProto_EdgeType,
  InputProto_EdgeTypeSchema: () => InputProto_EdgeTypeSchema,
  ModelProtoSchema: () => ModelProtoSchema,
  NamedValueProtoSchema: () => NamedValueProtoSchema,
  NodeProtoSchema: () => NodeProtoSchema,
  OutputProtoSchema: () => OutputProtoSchema,
  ParameterProtoSchema: () => ParameterProtoSchema,
  TensorProtoSchema: () => TensorProtoSchema,
  TensorShapeProtoSchema: () => TensorShapeProtoSchema,
  TensorShapeProto_DimensionSchema: () => TensorShapeProto_DimensionSchema,
  TypeProtoSchema: () => TypeProtoSchema,
  TypeProto_SequenceSchema: () => TypeProto_SequenceSchema,
  TypeProto_TensorSchema: () => TypeProto_TensorSchema,
  ValueProtoSchema: () => ValueProtoSchema,
  file_mindspore_anf_ir: () => file_mindspore_anf_ir
});
import { enumDesc as enumDesc2, fileDesc as fileDesc4, messageDesc as messageDesc4 } from "@bufbuild/protobuf/codegenv2";
var file_mindspore_anf_ir = /* @__PURE__ */ fileDesc4("ChZtaW5kc3BvcmUvYW5mX2lyLnByb3RvEg5taW5kc3BvcmUuaXJwYiLBBAoKVmFsdWVQcm90bxINCgVkdHlwZRgBIAEoBRIQCghib29sX3ZhbBgCIAEoCBIPCgdpbnRfdmFsGAMgASgDEhAKCHVpbnRfdmFsGAQgASgEEhEKCWZsb2F0X3ZhbBgFIAEoAhISCgpkb3VibGVfdmFsGAYgASgBEg8KB3N0cl92YWwYByABKAkSLwoKdGVuc29yX3ZhbBgIIAEoCzIbLm1pbmRzcG9yZS5pcnBiLlRlbnNvclByb3RvEikKBWdyYXBoGAkgASgLMhoubWluZHNwb3JlLmlycGIuR3JhcGhQcm90bxIRCglib29sX3ZhbHMYCiADKAgSEAoIaW50X3ZhbHMYCyADKAMSEQoJdWludF92YWxzGAwgAygEEhIKCmZsb2F0X3ZhbHMYDSADKAISEwoLZG91YmxlX3ZhbHMYDiADKAESEAoIc3RyX3ZhbHMYDyADKAkSMAoLdGVuc29yX3ZhbHMYECADKAsyGy5taW5kc3BvcmUuaXJwYi5UZW5zb3JQcm90bxIqCgZncmFwaHMYESADKAsyGi5taW5kc3BvcmUuaXJwYi5HcmFwaFByb3RvEioKBnZhbHVlcxgSIAMoCzIaLm1pbmRzcG9yZS5pcnBiLlZhbHVlUHJvdG8SMQoIZGljdF92YWwYEyADKAsyHy5taW5kc3BvcmUuaXJwYi5OYW1lZFZhbHVlUHJvdG8SKwoIdHlwZV92YWwYFCABKAsyGS5taW5kc3BvcmUuaXJwYi5UeXBlUHJvdG8iSQoOQXR0cmlidXRlUHJvdG8SDAoEbmFtZRgBIAEoCRIpCgV2YWx1ZRgCIAEoCzIaLm1pbmRzcG9yZS5pcnBiLlZhbHVlUHJvdG8iXAoPTmFtZWRWYWx1ZVByb3RvEgsKA2tleRgBIAEoCRIpCgV2YWx1ZRgCIAEoCzIaLm1pbmRzcG9yZS5pcnBiLlZhbHVlUHJvdG8SEQoJZnVsbF9uYW1lGAMgASgJInQKEFRlbnNvclNoYXBlUHJvdG8SNwoDZGltGAEgAygLMioubWluZHNwb3JlLmlycGIuVGVuc29yU2hhcGVQcm90by5EaW1lbnNpb24aJwoJRGltZW5zaW9uEgwKBHNpemUYASABKAMSDAoEbmFtZRgCIAEoCSKmAgoJVHlwZVByb3RvEhEKCWRhdGFfdHlwZRgBIAEoBRI3Cgt0ZW5zb3JfdHlwZRgCIAEoCzIgLm1pbmRzcG9yZS5pcnBiLlR5cGVQcm90by5UZW5zb3JIABI7Cg1zZXF1ZW5jZV90eXBlGAMgASgLMiIubWluZHNwb3JlLmlycGIuVHlwZVByb3RvLlNlcXVlbmNlSAAaTAoGVGVuc29yEhEKCWVsZW1fdHlwZRgBIAEoBRIvCgVzaGFwZRgCIAEoCzIgLm1pbmRzcG9yZS5pcnBiLlRlbnNvclNoYXBlUHJvdG8aOQoIU2VxdWVuY2USLQoKZWxlbV90eXBlcxgBIAMoCzIZLm1pbmRzcG9yZS5pcnBiLlR5cGVQcm90b0IHCgV2YWx1ZSJ4Cg5QYXJhbWV0ZXJQcm90bxIMCgRuYW1lGAEgASgJEicKBHR5cGUYAiABKAsyGS5taW5kc3BvcmUuaXJwYi5UeXBlUHJvdG8SLwoLZGVmYXVsdF92YWwYAyABKAsyGi5taW5kc3BvcmUuaXJwYi5WYWx1ZVByb3RvIkQKC091dHB1dFByb3RvEgwKBG5hbWUYASABKAkSJwoEdHlwZRgCIAEoCzIZLm1pbmRzcG9yZS5pcnBiLlR5cGVQcm90byJVCgpJbnB1dFByb3RvEgwKBG5hbWUYASABKAkSDAoEdHlwZRgCIAEoBSIrCghFZGdlVHlwZRINCglEQVRBX0VER0UQABIQCgxDT05UUk9MX0VER0UQASKDAgoJTm9kZVByb3RvEikKBWlucHV0GAEgAygLMhoubWluZHNwb3JlLmlycGIuSW5wdXRQcm90bxIMCgRuYW1lGAIgASgJEg8KB29wX3R5cGUYAyABKAkSDQoFc2NvcGUYBCABKAkSMQoJYXR0cmlidXRlGAUgAygLMh4ubWluZHNwb3JlLmlycGIuQXR0cmlidXRlUHJvdG8SLgoLb3V0cHV0X3R5cGUYBiABKAsyGS5taW5kc3BvcmUuaXJwYi5UeXBlUHJvdG8SEAoIb3V0cHV0X2kYByABKAQSEQoJZnVsbF9uYW1lGAggASgJEhUKDWluc3RhbmNlX25hbWUYCiABKAkicgoKTW9kZWxQcm90bxISCgppcl92ZXJzaW9uGAEgASgDEg4KBmRvbWFpbhgCIAEoCRIVCg1tb2RlbF92ZXJzaW9uGAMgASgDEikKBWdyYXBoGAQgASgLMhoubWluZHNwb3JlLmlycGIuR3JhcGhQcm90byLaAQoKR3JhcGhQcm90bxInCgRub2RlGAEgAygLMhkubWluZHNwb3JlLmlycGIuTm9kZVByb3RvEgwKBG5hbWUYAiABKAkSMgoKcGFyYW1ldGVycxgDIAMoCzIeLm1pbmRzcG9yZS5pcnBiLlBhcmFtZXRlclByb3RvEiwKB291dHB1dHMYBCADKAsyGy5taW5kc3BvcmUuaXJwYi5PdXRwdXRQcm90bxIzCgpjb25zdF92YWxzGAUgAygLMh8ubWluZHNwb3JlLmlycGIuTmFtZWRWYWx1ZVByb3RvIroBCgtUZW5zb3JQcm90bxIMCgRkaW1zGAEgAygDEhEKCWRhdGFfdHlwZRgCIAEoBRIWCgpmbG9hdF9kYXRhGAMgAygCQgIQARIWCgppbnQzMl9kYXRhGAQgAygFQgIQARIWCgppbnQ2NF9kYXRhGAUgAygDQgIQARIXCgtkb3VibGVfZGF0YRgGIAMoAUICEAESFwoLdWludDY0X2RhdGEYByADKARCAhABEhAKCHJhd19kYXRhGAggASgMKpYFCghEYXRhVHlwZRIQCgxEVF9VTkRFRklORUQQABILCgdEVF9CT09MEAESCwoHRFRfSU5UOBACEgwKCERUX0lOVDE2EAMSDAoIRFRfSU5UMzIQBBIMCghEVF9JTlQ2NBAFEgwKCERUX1VJTlQ4EAYSDQoJRFRfVUlOVDE2EAcSDQoJRFRfVUlOVDMyEAgSDQoJRFRfVUlOVDY0EAkSDgoKRFRfRkxPQVQxNhAKEg4KCkRUX0ZMT0FUMzIQCxIOCgpEVF9GTE9BVDY0EAwSDQoJRFRfU1RSSU5HEA0SDQoJRFRfVEVOU09SEA4SDAoIRFRfR1JBUEgQDxIMCghEVF9CT09MUxAQEgwKCERUX0lOVFM4EBESDQoJRFRfSU5UUzE2EBISDQoJRFRfSU5UUzMyEBMSDQoJRFRfSU5UUzY0EBQSDQoJRFRfVUlOVFM4EBUSDgoKRFRfVUlOVFMxNhAWEg4KCkRUX1VJTlRTMzIQFxIOCgpEVF9VSU5UUzY0EBgSDwoLRFRfRkxPQVRTMTYQGRIPCgtEVF9GTE9BVFMzMhAaEg8KC0RUX0ZMT0FUUzY0EBsSDgoKRFRfU1RSSU5HUxAcEg4KCkRUX1RFTlNPUlMQHRINCglEVF9HUkFQSFMQHhIMCghEVF9UVVBMRRAfEgsKB0RUX0xJU1QQIBILCgdEVF9ESUNUECESCwoHRFRfTk9ORRAiEg8KC0RUX1NZTV9JTlNUECMSDwoLRFRfQkFTRV9JTlQQJBIQCgxEVF9CQVNFX1VJTlQQJRIRCg1EVF9CQVNFX0ZMT0FUECYSCwoHRFRfVFlQRRAnEg8KC0RUX0FOWVRISU5HECgSDQoJRFRfUkVGS0VZECkSCgoGRFRfUkVGECo");
var ValueProtoSchema = /* @__PURE__ */ messageDesc4(file_mindspore_anf_ir, 0);
var AttributeProtoSchema = /* @__PURE__ */ messageDesc4(file_mindspore_anf_ir, 1);
var NamedValueProtoSchema = /* @__PURE__ */ messageDesc4(file_mindspore_anf_ir, 2);
var TensorShapeProtoSchema = /* @__PURE__ */ messageDesc4(file_mindspore_anf_ir, 3);
var TensorShapeProto_DimensionSchema = /* @__PURE__ */ messageDesc4(file_mindspore_anf_ir, 3, 0);
var TypeProtoSchema = /* @__PURE__ */ messageDesc4(file_mindspore_anf_ir, 4);
var TypeProto_TensorSchema = /* @__PURE__ */ messageDesc4(file_mindspore_anf_ir, 4, 0);
var TypeProto_SequenceSchema = /* @__PURE__ */ messageDesc4(file_mindspore_anf_ir, 4, 1);
var ParameterProtoSchema = /* @__PURE__ */ messageDesc4(file_mindspore_anf_ir, 5);
var OutputProtoSchema = /* @__PURE__ */ messageDesc4(file_mindspore_anf_ir, 6);
var InputProtoSchema = /* @__PURE__ */ messageDesc4(file_mindspore_anf_ir, 7);
var InputProto_EdgeType = /* @__PURE__ */ ((InputProto_EdgeType2) => {
  InputProto_EdgeType2[InputProto_EdgeType2["DATA_EDGE"] = 0] = "DATA_EDGE";
  InputProto_EdgeType2[InputProto_EdgeType2["CONTROL_EDGE"] = 1] = "CONTROL_EDGE";
  return InputProto_EdgeType2;
})(InputProto_EdgeType || {});
var InputProto_EdgeTypeSchema = /* @__PURE__ */ enumDesc2(file_mindspore_anf_ir, 7, 0);
var NodeProtoSchema = /* @__PURE__ */ messageDesc4(file_mindspore_anf_ir, 8);
var ModelProtoSchema = /* @__PURE__ */ messageDesc4(file_mindspore_anf_ir, 9);
var GraphProtoSchema = /* @__PURE__ */ messageDesc4(file_mindspore_anf_ir, 10);
var TensorProtoSchema = /* @__PURE__ */ messageDesc4(file_mindspore_anf_ir, 11);
var DataType2 = /* @__PURE__ */ ((DataType5) => {
  DataType5[DataType5["DT_UNDEFINED"] = 0] = "DT_UNDEFINED";
  DataType5[DataType5["DT_BOOL"] = 1] = "DT_BOOL";
  DataType5[DataType5["DT_INT8"] = 2] = "DT_INT8";
  DataType5[DataType5["DT_INT16"] = 3] = "DT_INT16";
  DataType5[DataType5["DT_INT32"] = 4] = "DT_INT32";
  DataType5[DataType5["DT_INT64"] = 5] = "DT_INT64";
  DataType5[DataType5["DT_UINT8"] = 6] = "DT_UINT8";
  DataType5[DataType5["DT_UINT16"] = 7] = "DT_UINT16";
  DataType5[DataType5["DT_UINT32"] = 8] = "DT_UINT32";
  DataType5[DataType5["DT_UINT64"] = 9] = "DT_UINT64";
  DataType5[DataType5["DT_FLOAT16"] = 10] = "DT_FLOAT16";
  DataType5[DataType5["DT_FLOAT32"] = 11] = "DT_FLOAT32";
  DataType5[DataType5["DT_FLOAT64"] = 12] = "DT_FLOAT64";
  DataType5[DataType5["DT_STRING"] = 13] = "DT_STRING";
  DataType5[DataType5["DT_TENSOR"] = 14] = "DT_TENSOR";
  DataType5[DataType5["DT_GRAPH"] = 15] = "DT_GRAPH";
  DataType5[DataType5["DT_BOOLS"] = 16] = "DT_BOOLS";
  DataType5[DataType5["DT_INTS8"] = 17] = "DT_INTS8";
  DataType5[DataType5["DT_INTS16"] = 18] = "DT_INTS16";
  DataType5[DataType5["DT_INTS32"] = 19] = "DT_INTS32";
  DataType5[DataType5["DT_INTS64"] = 20] = "DT_INTS64";
  DataType5[DataType5["DT_UINTS8"] = 21] = "DT_UINTS8";
  DataType5[DataType5["DT_UINTS16"] = 22] = "DT_UINTS16";
  DataType5[DataType5["DT_UINTS32"] = 23] = "DT_UINTS32";
  DataType5[DataType5["DT_UINTS64"] = 24] = "DT_UINTS64";
  DataType5[DataType5["DT_FLOATS16"] = 25] = "DT_FLOATS16";
  DataType5[DataType5["DT_FLOATS32"] = 26] = "DT_FLOATS32";
  DataType5[DataType5["DT_FLOATS64"] = 27] = "DT_FLOATS64";
  DataType5[DataType5["DT_STRINGS"] = 28] = "DT_STRINGS";
  DataType5[DataType5["DT_TENSORS"] = 29] = "DT_TENSORS";
  DataType5[DataType5["DT_GRAPHS"] = 30] = "DT_GRAPHS";
  DataType5[DataType5["DT_TUPLE"] = 31] = "DT_TUPLE";
  DataType5[DataType5["DT_LIST"] = 32] = "DT_LIST";
  DataType5[DataType5["DT_DICT"] = 33] = "DT_DICT";
  DataType5[DataType5["DT_NONE"] = 34] = "DT_NONE";
  DataType5[DataType5["DT_SYM_INST"] = 35] = "DT_SYM_INST";
  DataType5[DataType5["DT_BASE_INT"] = 36] = "DT_BASE_INT";
  DataType5[DataType5["DT_BASE_UINT"] = 37] = "DT_BASE_UINT";
  DataType5[DataType5["DT_BASE_FLOAT"] = 38] = "DT_BASE_FLOAT";
  DataType5[DataType5["DT_TYPE"] = 39] = "DT_TYPE";
  DataType5[DataType5["DT_ANYTHING"] = 40] = "DT_ANYTHING";
  DataType5[DataType5["DT_REFKEY"] = 41] = "DT_REFKEY";
  DataType5[DataType5["DT_REF"] = 42] = "DT_REF";
  return DataType5;
})(DataType2 || {});
var DataTypeSchema = /* @__PURE__ */ enumDesc2(file_mindspore_anf_ir, 0);

// src/format/gen/mindspore/lineage_pb.ts
var lineage_pb_exports = {};
__export(lineage_pb_exports, {
  DatasetGraphSchema: () => DatasetGraphSchema,
  EvaluationLineageSchema: () => EvaluationLineageSchema,
  EvaluationLineage_ValidDatasetSchema: () => EvaluationLineage_ValidDatasetSchema,
  LineageEventSchema: () => LineageEventSchema,
  OperationParameterSchema: () => OperationParameterSchema,
  OperationSchema: () => OperationSchema,
  StrListSchema: () => StrListSchema,
  TrainLineageSchema: () => TrainLineageSchema,
  TrainLineage_AlgorithmSchema: () => TrainLineage_AlgorithmSchema,
  TrainLineage_HyperParametersSchema: () => TrainLineage_HyperParametersSchema,
  TrainLineage_ModelSchema: () => TrainLineage_ModelSchema,
  TrainLineage_TrainDatasetSchema: () => TrainLineage_TrainDatasetSchema,
  UserDefinedInfoSchema: () => UserDefinedInfoSchema,
  file_mindspore_lineage: () => file_mindspore_lineage
});
import { fileDesc as fileDesc5, messageDesc as messageDesc5 } from "@bufbuild/protobuf/codegenv2";
var file_mindspore_lineage = /* @__PURE__ */ fileDesc5("ChdtaW5kc3BvcmUvbGluZWFnZS5wcm90bxIObWluZHNwb3JlLmlycGIitwIKDExpbmVhZ2VFdmVudBIRCgl3YWxsX3RpbWUYASABKAESDAoEc3RlcBgCIAEoAxIRCgd2ZXJzaW9uGAMgASgJSAASNQoNdHJhaW5fbGluZWFnZRgGIAEoCzIcLm1pbmRzcG9yZS5pcnBiLlRyYWluTGluZWFnZUgAEj8KEmV2YWx1YXRpb25fbGluZWFnZRgHIAEoCzIhLm1pbmRzcG9yZS5pcnBiLkV2YWx1YXRpb25MaW5lYWdlSAASNQoNZGF0YXNldF9ncmFwaBgJIAEoCzIcLm1pbmRzcG9yZS5pcnBiLkRhdGFzZXRHcmFwaEgAEjwKEXVzZXJfZGVmaW5lZF9pbmZvGAogASgLMh8ubWluZHNwb3JlLmlycGIuVXNlckRlZmluZWRJbmZvSABCBgoEd2hhdCLCBAoMVHJhaW5MaW5lYWdlEkYKEGh5cGVyX3BhcmFtZXRlcnMYASABKAsyLC5taW5kc3BvcmUuaXJwYi5UcmFpbkxpbmVhZ2UuSHlwZXJQYXJhbWV0ZXJzEkAKDXRyYWluX2RhdGFzZXQYAiABKAsyKS5taW5kc3BvcmUuaXJwYi5UcmFpbkxpbmVhZ2UuVHJhaW5EYXRhc2V0EjkKCWFsZ29yaXRobRgDIAEoCzImLm1pbmRzcG9yZS5pcnBiLlRyYWluTGluZWFnZS5BbGdvcml0aG0SMQoFbW9kZWwYBCABKAsyIi5taW5kc3BvcmUuaXJwYi5UcmFpbkxpbmVhZ2UuTW9kZWwaoAEKD0h5cGVyUGFyYW1ldGVycxIRCglvcHRpbWl6ZXIYASABKAkSFQoNbGVhcm5pbmdfcmF0ZRgCIAEoAhIVCg1sb3NzX2Z1bmN0aW9uGAMgASgJEg0KBWVwb2NoGAQgASgFEhUKDXBhcmFsbGVsX21vZGUYBSABKAkSEgoKZGV2aWNlX251bRgGIAEoBRISCgpiYXRjaF9zaXplGAggASgFGkYKDFRyYWluRGF0YXNldBIaChJ0cmFpbl9kYXRhc2V0X3BhdGgYASABKAkSGgoSdHJhaW5fZGF0YXNldF9zaXplGAIgASgFGioKCUFsZ29yaXRobRIPCgduZXR3b3JrGAEgASgJEgwKBGxvc3MYAiABKAIaIwoFTW9kZWwSDAoEcGF0aBgDIAEoCRIMCgRzaXplGAQgASgDIrIBChFFdmFsdWF0aW9uTGluZWFnZRIOCgZtZXRyaWMYAiABKAkSRQoNdmFsaWRfZGF0YXNldBgDIAEoCzIuLm1pbmRzcG9yZS5pcnBiLkV2YWx1YXRpb25MaW5lYWdlLlZhbGlkRGF0YXNldBpGCgxWYWxpZERhdGFzZXQSGgoSdmFsaWRfZGF0YXNldF9wYXRoGAEgASgJEhoKEnZhbGlkX2RhdGFzZXRfc2l6ZRgCIAEoBSLQAQoMRGF0YXNldEdyYXBoEi4KCGNoaWxkcmVuGAEgAygLMhwubWluZHNwb3JlLmlycGIuRGF0YXNldEdyYXBoEjUKCXBhcmFtZXRlchgCIAEoCzIiLm1pbmRzcG9yZS5pcnBiLk9wZXJhdGlvblBhcmFtZXRlchItCgpvcGVyYXRpb25zGAMgAygLMhkubWluZHNwb3JlLmlycGIuT3BlcmF0aW9uEioKB3NhbXBsZXIYBCABKAsyGS5taW5kc3BvcmUuaXJwYi5PcGVyYXRpb24iZgoJT3BlcmF0aW9uEjoKDm9wZXJhdGlvblBhcmFtGAEgASgLMiIubWluZHNwb3JlLmlycGIuT3BlcmF0aW9uUGFyYW1ldGVyEgwKBHNpemUYAiADKAUSDwoHd2VpZ2h0cxgDIAMoAiLwBAoST3BlcmF0aW9uUGFyYW1ldGVyEj4KBm1hcFN0chgBIAMoCzIuLm1pbmRzcG9yZS5pcnBiLk9wZXJhdGlvblBhcmFtZXRlci5NYXBTdHJFbnRyeRJGCgptYXBTdHJMaXN0GAIgAygLMjIubWluZHNwb3JlLmlycGIuT3BlcmF0aW9uUGFyYW1ldGVyLk1hcFN0ckxpc3RFbnRyeRJACgdtYXBCb29sGAMgAygLMi8ubWluZHNwb3JlLmlycGIuT3BlcmF0aW9uUGFyYW1ldGVyLk1hcEJvb2xFbnRyeRI+CgZtYXBJbnQYBCADKAsyLi5taW5kc3BvcmUuaXJwYi5PcGVyYXRpb25QYXJhbWV0ZXIuTWFwSW50RW50cnkSRAoJbWFwRG91YmxlGAUgAygLMjEubWluZHNwb3JlLmlycGIuT3BlcmF0aW9uUGFyYW1ldGVyLk1hcERvdWJsZUVudHJ5Gi0KC01hcFN0ckVudHJ5EgsKA2tleRgBIAEoCRINCgV2YWx1ZRgCIAEoCToCOAEaSgoPTWFwU3RyTGlzdEVudHJ5EgsKA2tleRgBIAEoCRImCgV2YWx1ZRgCIAEoCzIXLm1pbmRzcG9yZS5pcnBiLlN0ckxpc3Q6AjgBGi4KDE1hcEJvb2xFbnRyeRILCgNrZXkYASABKAkSDQoFdmFsdWUYAiABKAg6AjgBGi0KC01hcEludEVudHJ5EgsKA2tleRgBIAEoCRINCgV2YWx1ZRgCIAEoBToCOAEaMAoOTWFwRG91YmxlRW50cnkSCwoDa2V5GAEgASgJEg0KBXZhbHVlGAIgASgBOgI4ASIbCgdTdHJMaXN0EhAKCHN0clZhbHVlGAEgAygJIqwECg9Vc2VyRGVmaW5lZEluZm8SMgoJdXNlcl9pbmZvGAEgAygLMh8ubWluZHNwb3JlLmlycGIuVXNlckRlZmluZWRJbmZvEj4KCG1hcF9kaWN0GAIgAygLMiwubWluZHNwb3JlLmlycGIuVXNlckRlZmluZWRJbmZvLk1hcERpY3RFbnRyeRJACgltYXBfaW50MzIYAyADKAsyLS5taW5kc3BvcmUuaXJwYi5Vc2VyRGVmaW5lZEluZm8uTWFwSW50MzJFbnRyeRI8CgdtYXBfc3RyGAQgAygLMisubWluZHNwb3JlLmlycGIuVXNlckRlZmluZWRJbmZvLk1hcFN0ckVudHJ5EkIKCm1hcF9kb3VibGUYBSADKAsyLi5taW5kc3BvcmUuaXJwYi5Vc2VyRGVmaW5lZEluZm8uTWFwRG91YmxlRW50cnkaTwoMTWFwRGljdEVudHJ5EgsKA2tleRgBIAEoCRIuCgV2YWx1ZRgCIAEoCzIfLm1pbmRzcG9yZS5pcnBiLlVzZXJEZWZpbmVkSW5mbzoCOAEaLwoNTWFwSW50MzJFbnRyeRILCgNrZXkYASABKAkSDQoFdmFsdWUYAiABKAU6AjgBGi0KC01hcFN0ckVudHJ5EgsKA2tleRgBIAEoCRINCgV2YWx1ZRgCIAEoCToCOAEaMAoOTWFwRG91YmxlRW50cnkSCwoDa2V5GAEgASgJEg0KBXZhbHVlGAIgASgBOgI4AQ");
var LineageEventSchema = /* @__PURE__ */ messageDesc5(file_mindspore_lineage, 0);
var TrainLineageSchema = /* @__PURE__ */ messageDesc5(file_mindspore_lineage, 1);
var TrainLineage_HyperParametersSchema = /* @__PURE__ */ messageDesc5(file_mindspore_lineage, 1, 0);
var TrainLineage_TrainDatasetSchema = /* @__PURE__ */ messageDesc5(file_mindspore_lineage, 1, 1);
var TrainLineage_AlgorithmSchema = /* @__PURE__ */ messageDesc5(file_mindspore_lineage, 1, 2);
var TrainLineage_ModelSchema = /* @__PURE__ */ messageDesc5(file_mindspore_lineage, 1, 3);
var EvaluationLineageSchema = /* @__PURE__ */ messageDesc5(file_mindspore_lineage, 2);
var EvaluationLineage_ValidDatasetSchema = /* @__PURE__ */ messageDesc5(file_mindspore_lineage, 2, 0);
var DatasetGraphSchema = /* @__PURE__ */ messageDesc5(file_mindspore_lineage, 3);
var OperationSchema = /* @__PURE__ */ messageDesc5(file_mindspore_lineage, 4);
var OperationParameterSchema = /* @__PURE__ */ messageDesc5(file_mindspore_lineage, 5);
var StrListSchema = /* @__PURE__ */ messageDesc5(file_mindspore_lineage, 6);
var UserDefinedInfoSchema = /* @__PURE__ */ messageDesc5(file_mindspore_lineage, 7);

// src/format/gen/mindspore/summary_pb.ts
import { fileDesc as fileDesc6, messageDesc as messageDesc6 } from "@bufbuild/protobuf/codegenv2";

// src/reader/mindspore_event_decode.ts
var VARINT = 0;
var FIXED64 = 1;
var LEN = 2;
var FIXED32 = 5;
function wrongType(field, wt, pos, msg) {
  return new WireError(`${msg} field ${field} has wire type ${wt}`, pos);
}
function decodeSummaryEvent(buf) {
  const r = new WireReader(buf);
  const ev2 = { wallTime: 0, step: 0, hasStep: false, kind: 0 /* None */, version: "", values: [] };
  while (r.pos < r.end) {
    const t2 = r.tag();
    const field = t2 >>> 3, wt = t2 & 7;
    switch (field) {
      case 1:
        if (wt !== FIXED64) throw wrongType(field, wt, r.pos, "Event");
        ev2.wallTime = r.double();
        break;
      case 2:
        if (wt !== VARINT) throw wrongType(field, wt, r.pos, "Event");
        ev2.step = r.int64();
        ev2.hasStep = true;
        break;
      case 3:
        if (wt !== LEN) throw wrongType(field, wt, r.pos, "Event");
        ev2.version = r.string();
        ev2.kind = 3 /* Version */;
        ev2.graph = void 0;
        ev2.values.length = 0;
        break;
      case 4:
        if (wt !== LEN) throw wrongType(field, wt, r.pos, "Event");
        ev2.graph = r.bytes();
        ev2.kind = 4 /* Graph */;
        ev2.values.length = 0;
        break;
      case 5: {
        if (wt !== LEN) throw wrongType(field, wt, r.pos, "Event");
        const e = r.lenEnd();
        if (ev2.kind !== 5 /* Summary */) ev2.values.length = 0;
        ev2.kind = 5 /* Summary */;
        ev2.graph = void 0;
        decodeSummary(r, e, ev2.values);
        break;
      }
      default:
        if (field === 0) throw new WireError("Event field number 0", r.pos);
        if (field === 6) {
          ev2.kind = 6 /* Other */;
          ev2.graph = void 0;
          ev2.values.length = 0;
        }
        r.skip(wt, field);
    }
  }
  return ev2;
}
function decodeSummary(r, end, out) {
  const outer = r.end;
  r.end = end;
  while (r.pos < end) {
    const t2 = r.tag();
    const field = t2 >>> 3, wt = t2 & 7;
    if (field === 1) {
      if (wt !== LEN) throw wrongType(field, wt, r.pos, "Summary");
      const e = r.lenEnd();
      out.push(decodeValue(r, e));
    } else {
      r.skip(wt, field);
    }
  }
  r.end = outer;
}
function decodeValue(r, end) {
  const outer = r.end;
  const start = r.pos;
  r.end = end;
  const v = { tag: "", kind: 0 /* None */, scalar: 0, raw: r.buf.subarray(start, end) };
  while (r.pos < end) {
    const t2 = r.tag();
    const field = t2 >>> 3, wt = t2 & 7;
    switch (field) {
      case 1:
        if (wt !== LEN) throw wrongType(field, wt, r.pos, "Summary.Value");
        v.tag = r.string();
        break;
      case 3:
        if (wt !== FIXED32) throw wrongType(field, wt, r.pos, "Summary.Value");
        v.scalar = r.float();
        v.kind = 1 /* Scalar */;
        break;
      case 4: {
        if (wt !== LEN) throw wrongType(field, wt, r.pos, "Summary.Value");
        const e = r.lenEnd();
        v.image = decodeImage2(r, e);
        v.kind = 2 /* Image */;
        break;
      }
      case 8:
        if (wt !== LEN) throw wrongType(field, wt, r.pos, "Summary.Value");
        v.payload = r.bytes();
        v.kind = 3 /* Tensor */;
        break;
      case 9: {
        if (wt !== LEN) throw wrongType(field, wt, r.pos, "Summary.Value");
        const e = r.lenEnd();
        v.histogram = decodeHistogram(r, e);
        v.kind = 4 /* Histogram */;
        break;
      }
      case 10:
        if (wt !== LEN) throw wrongType(field, wt, r.pos, "Summary.Value");
        v.payload = r.bytes();
        v.kind = 5 /* LossLandscape */;
        break;
      default:
        if (field === 0) throw new WireError("Summary.Value field number 0", r.pos);
        r.skip(wt, field);
    }
  }
  r.end = outer;
  return v;
}
function decodeImage2(r, end) {
  const outer = r.end;
  r.end = end;
  const img = { height: 0, width: 0, colorspace: 0, encoded: new Uint8Array(0) };
  while (r.pos < end) {
    const t2 = r.tag();
    const field = t2 >>> 3, wt = t2 & 7;
    if (field >= 1 && field <= 3) {
      if (wt !== VARINT) throw wrongType(field, wt, r.pos, "Summary.Image");
      const n = r.int32();
      if (field === 1) img.height = n;
      else if (field === 2) img.width = n;
      else img.colorspace = n;
    } else if (field === 4) {
      if (wt !== LEN) throw wrongType(field, wt, r.pos, "Summary.Image");
      img.encoded = r.bytes();
    } else {
      r.skip(wt, field);
    }
  }
  r.end = outer;
  return img;
}
function decodeHistogram(r, end) {
  const outer = r.end;
  r.end = end;
  const h = {
    lefts: [],
    widths: [],
    counts: [],
    nanCount: 0,
    posInfCount: 0,
    negInfCount: 0,
    max: NaN,
    min: NaN,
    sum: NaN,
    count: -1
  };
  while (r.pos < end) {
    const t2 = r.tag();
    const field = t2 >>> 3, wt = t2 & 7;
    switch (field) {
      case 1: {
        if (wt !== LEN) throw wrongType(field, wt, r.pos, "Summary.Histogram");
        const e = r.lenEnd();
        r.end = e;
        let left = 0, width = 0, count = 0;
        while (r.pos < e) {
          const bt = r.tag();
          const bf = bt >>> 3, bw = bt & 7;
          if (bf === 1 || bf === 2) {
            if (bw !== FIXED64) throw wrongType(bf, bw, r.pos, "Summary.Histogram.bucket");
            if (bf === 1) left = r.double();
            else width = r.double();
          } else if (bf === 3) {
            if (bw !== VARINT) throw wrongType(bf, bw, r.pos, "Summary.Histogram.bucket");
            count = r.int64();
          } else {
            r.skip(bw, bf);
          }
        }
        r.end = end;
        h.lefts.push(left);
        h.widths.push(width);
        h.counts.push(count);
        break;
      }
      case 2:
      case 3:
      case 4:
      case 8: {
        if (wt !== VARINT) throw wrongType(field, wt, r.pos, "Summary.Histogram");
        const n = r.int64();
        if (field === 2) h.nanCount = n;
        else if (field === 3) h.posInfCount = n;
        else if (field === 4) h.negInfCount = n;
        else h.count = n;
        break;
      }
      case 5:
      case 6:
      case 7: {
        if (wt !== FIXED64) throw wrongType(field, wt, r.pos, "Summary.Histogram");
        const d = r.double();
        if (field === 5) h.max = d;
        else if (field === 6) h.min = d;
        else h.sum = d;
        break;
      }
      default:
        r.skip(wt, field);
    }
  }
  r.end = outer;
  return h;
}

// src/reader/mindspore_framing.ts
import * as fs from "node:fs/promises";
var recordedProblems = /* @__PURE__ */ new WeakMap();
function addProblem(dir, p) {
  let keys = recordedProblems.get(dir);
  if (!keys) {
    keys = new Set(dir.problems.map(problemKey));
    recordedProblems.set(dir, keys);
  }
  const k2 = problemKey(p);
  if (keys.has(k2)) return;
  keys.add(k2);
  dir.problems.push(p);
}
function removeProblems(dir, drop) {
  const keys = recordedProblems.get(dir);
  for (let i = dir.problems.length - 1; i >= 0; i--) {
    const p = dir.problems[i];
    if (!drop(p)) continue;
    dir.problems.splice(i, 1);
    keys?.delete(problemKey(p));
  }
}
function problemKey(p) {
  return `${p.file}\0${p.offset ?? ""}\0${p.code}`;
}
function problemFromIssue(file, base, issue) {
  const offset = base + issue.offset;
  let code = issue.kind;
  let message = describeTFRecordIssue(issue);
  if (issue.kind === "not_event_file" && base > 0) {
    code = "bad_length_crc";
    message = `record header length CRC mismatch; no valid record in the remaining ${issue.skippedTo - issue.offset} bytes`;
  }
  const severity = issue.kind === "truncated" ? "warning" : "error";
  return { file, offset, code, message, severity };
}
var DEFAULT_CHUNK_BYTES = 16 << 20;
async function readFramedFile(absPath, relPath, format, dir, source, opts, onRecord) {
  let src = source;
  if (!src) {
    src = { path: relPath, format, readOffset: 0, size: 0, records: 0, info: {} };
    dir.sources.push(src);
  }
  const start = src.readOffset;
  removeProblems(dir, (p) => p.file === relPath && p.code === "truncated" && (p.offset ?? 0) >= start);
  const chunkBytes = Math.max(64, opts.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  let fh;
  let size;
  try {
    fh = await fs.open(absPath, "r");
  } catch (e) {
    ioProblem(dir, relPath, e);
    return src;
  }
  try {
    size = (await fh.stat()).size;
    src.size = size;
    if (size < start) {
      addProblem(dir, {
        file: relPath,
        offset: size,
        code: "io",
        severity: "warning",
        message: `file shrank from at least ${start} to ${size} bytes since the last read (replaced or truncated by another program); not re-read`
      });
      return src;
    }
    if (size === 0) {
      addProblem(dir, { file: relPath, offset: 0, code: "empty", severity: "warning", message: "0-byte file: nothing written yet" });
      return src;
    }
    removeProblems(dir, (p) => p.file === relPath && p.code === "empty");
    let pos = start;
    let need = 0;
    let afterDamage = false;
    while (pos < size) {
      const want = Math.min(size - pos, Math.max(chunkBytes, need));
      const buf = new Uint8Array(want);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await fh.read(buf, got, want - got, pos + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      const chunk = got < want ? buf.subarray(0, got) : buf;
      const atEof = pos + chunk.length >= size || got < want;
      const sc = new TFRecordScanner(chunk, 0, { verifyDataCrc: opts.verifyDataCrc ?? true });
      let seen = 0;
      const flush = () => {
        for (; seen < sc.issues.length; seen++) {
          const issue = sc.issues[seen];
          if (issue.kind === "truncated" && !atEof) continue;
          if (afterDamage && issue.offset === 0 && (issue.kind === "bad_length_crc" || issue.kind === "not_event_file")) continue;
          addProblem(dir, problemFromIssue(relPath, pos, issue));
        }
      };
      while (sc.next()) {
        flush();
        src.records++;
        onRecord(chunk.subarray(sc.dataStart, sc.dataEnd), pos + sc.recordOffset, src);
      }
      flush();
      const continuingDamage = afterDamage && sc.stop === "damage" && sc.resumeOffset === 0;
      afterDamage = false;
      if (atEof || sc.stop === "eof") {
        if (!continuingDamage) src.readOffset = pos + sc.resumeOffset;
        if (atEof) break;
        pos += sc.resumeOffset;
        need = 0;
      } else if (sc.stop === "truncated") {
        const trunc = sc.issues[sc.issues.length - 1];
        need = trunc.kind === "truncated" ? trunc.need : 0;
        pos += sc.resumeOffset;
        src.readOffset = pos;
      } else {
        if (!continuingDamage) src.readOffset = pos + sc.resumeOffset;
        pos = Math.max(pos + 1, pos + chunk.length - (TFRECORD_HEADER_BYTES - 1));
        need = 0;
        afterDamage = true;
      }
    }
  } catch (e) {
    ioProblem(dir, relPath, e);
  } finally {
    await fh.close();
  }
  return src;
}
function ioProblem(dir, relPath, e) {
  const err = e;
  addProblem(dir, { file: relPath, code: "io", severity: "error", message: `cannot read: ${err.code ?? ""} ${err.message}`.trim() });
}

// src/reader/mindspore_graph.ts
var DataType3 = anf_ir_pb_exports.DataType;
function dataTypeName(v) {
  return DataType3[v] ?? `DT_${v}`;
}
function decodeType(t2) {
  if (!t2) return void 0;
  const out = { dataType: dataTypeName(t2.dataType) };
  if (t2.value.case === "tensorType") {
    out.elemType = dataTypeName(t2.value.value.elemType);
    out.shape = (t2.value.value.shape?.dim ?? []).map((d) => Number(d.size));
  } else if (t2.value.case === "sequenceType") {
    out.elements = t2.value.value.elemTypes.map((e) => decodeType(e) ?? { dataType: "DT_UNDEFINED" });
  }
  return out;
}
function decodeValue2(v, depth = 0) {
  if (!v || depth > 64) return null;
  switch (v.dtype) {
    case DataType3.DT_BOOL:
      return v.boolVal;
    case DataType3.DT_INT8:
    case DataType3.DT_INT16:
    case DataType3.DT_INT32:
    case DataType3.DT_INT64:
    case DataType3.DT_BASE_INT:
      return Number(v.intVal);
    case DataType3.DT_UINT8:
    case DataType3.DT_UINT16:
    case DataType3.DT_UINT32:
    case DataType3.DT_UINT64:
    case DataType3.DT_BASE_UINT:
      return Number(v.uintVal);
    case DataType3.DT_FLOAT16:
    case DataType3.DT_FLOAT32:
    case DataType3.DT_BASE_FLOAT:
      return v.floatVal;
    case DataType3.DT_FLOAT64:
      return v.doubleVal;
    case DataType3.DT_STRING:
      return v.strVal;
    case DataType3.DT_TENSOR:
      return { tensor: { dims: (v.tensorVal?.dims ?? []).map(Number), dataType: dataTypeName(v.tensorVal?.dataType ?? 0) } };
    case DataType3.DT_GRAPH:
      return { graph: v.graph?.name ?? "" };
    case DataType3.DT_BOOLS:
      return [...v.boolVals];
    case DataType3.DT_INTS8:
    case DataType3.DT_INTS16:
    case DataType3.DT_INTS32:
    case DataType3.DT_INTS64:
      return v.intVals.map(Number);
    case DataType3.DT_UINTS8:
    case DataType3.DT_UINTS16:
    case DataType3.DT_UINTS32:
    case DataType3.DT_UINTS64:
      return v.uintVals.map(Number);
    case DataType3.DT_FLOATS16:
    case DataType3.DT_FLOATS32:
      return [...v.floatVals];
    case DataType3.DT_FLOATS64:
      return [...v.doubleVals];
    case DataType3.DT_STRINGS:
      return [...v.strVals];
    case DataType3.DT_TUPLE:
    case DataType3.DT_LIST:
      return v.values.map((x) => decodeValue2(x, depth + 1));
    case DataType3.DT_DICT: {
      const o = {};
      for (const kv of v.dictVal) o[kv.key] = decodeValue2(kv.value, depth + 1);
      return o;
    }
    case DataType3.DT_NONE:
      return null;
    case DataType3.DT_TYPE:
      return { type: decodeType(v.typeVal) ?? { dataType: "DT_UNDEFINED" } };
    default:
      if (v.strVal) return v.strVal;
      if (v.values.length) return v.values.map((x) => decodeValue2(x, depth + 1));
      return null;
  }
}
function decodeMindSporeGraph(g, file, step, bytes) {
  const scopes = [];
  const seenScopes = /* @__PURE__ */ new Set();
  const nodes = g.node.map((n) => {
    if (!seenScopes.has(n.scope)) {
      seenScopes.add(n.scope);
      scopes.push(n.scope);
    }
    const attributes = {};
    for (const a of n.attribute) attributes[a.name] = decodeValue2(a.value);
    const displayName = n.fullName || `${n.scope ? n.scope + "/" : ""}${n.opType}-op${n.name}`;
    return {
      name: n.name,
      opType: n.opType,
      scope: n.scope,
      inputs: n.input.map((i) => i.name),
      controlInputs: n.input.map((i) => i.type === 1),
      fullName: n.fullName,
      displayName,
      instanceName: n.instanceName,
      attributes,
      outputType: decodeType(n.outputType)
    };
  });
  return {
    file,
    step,
    kind: "mindspore_graph",
    bytes,
    nodes,
    graphName: g.name,
    parameters: g.parameters.map((p) => ({ name: p.name, type: decodeType(p.type) })),
    outputs: g.outputs.map((o) => o.name),
    constants: g.constVals.map((c2) => ({ key: c2.key, fullName: c2.fullName, value: decodeValue2(c2.value) })),
    scopes
  };
}

// src/reader/mindspore_summary.ts
var DataType4 = anf_ir_pb_exports.DataType;
var { GraphProtoSchema: GraphProtoSchema2, TensorProtoSchema: TensorProtoSchema2 } = anf_ir_pb_exports;
function mindInsightTag(tag, plugin) {
  return `${tag}/${plugin}`;
}
var DTYPES = {
  [DataType4.DT_BOOL]: "bool",
  [DataType4.DT_INT8]: "int8",
  [DataType4.DT_INT16]: "int16",
  [DataType4.DT_INT32]: "int32",
  [DataType4.DT_INT64]: "int64",
  [DataType4.DT_UINT8]: "uint8",
  [DataType4.DT_UINT16]: "uint16",
  [DataType4.DT_UINT32]: "uint32",
  [DataType4.DT_UINT64]: "uint64",
  [DataType4.DT_FLOAT16]: "float16",
  [DataType4.DT_FLOAT32]: "float32",
  [DataType4.DT_FLOAT64]: "float64",
  [DataType4.DT_STRING]: "string"
};
function mindSporeDType(dataType) {
  return DTYPES[dataType] ?? "unknown";
}
function tensorValues(t2) {
  if (t2.floatData.length) return Float64Array.from(t2.floatData);
  if (t2.doubleData.length) return Float64Array.from(t2.doubleData);
  if (t2.int32Data.length) return Float64Array.from(t2.int32Data);
  if (t2.int64Data.length) return Float64Array.from(t2.int64Data, Number);
  if (t2.uint64Data.length) return Float64Array.from(t2.uint64Data, Number);
  const raw = t2.rawData;
  if (raw.length) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const read = rawReader(t2.dataType);
    if (read) {
      const n = Math.floor(raw.length / read.size);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = read.get(view, i * read.size);
      return out;
    }
  }
  return new Float64Array(0);
}
function rawReader(dt) {
  switch (dt) {
    case DataType4.DT_BOOL:
    case DataType4.DT_UINT8:
      return { size: 1, get: (v, o) => v.getUint8(o) };
    case DataType4.DT_INT8:
      return { size: 1, get: (v, o) => v.getInt8(o) };
    case DataType4.DT_INT16:
      return { size: 2, get: (v, o) => v.getInt16(o, true) };
    case DataType4.DT_UINT16:
      return { size: 2, get: (v, o) => v.getUint16(o, true) };
    case DataType4.DT_INT32:
      return { size: 4, get: (v, o) => v.getInt32(o, true) };
    case DataType4.DT_UINT32:
      return { size: 4, get: (v, o) => v.getUint32(o, true) };
    case DataType4.DT_INT64:
      return { size: 8, get: (v, o) => Number(v.getBigInt64(o, true)) };
    case DataType4.DT_UINT64:
      return { size: 8, get: (v, o) => Number(v.getBigUint64(o, true)) };
    case DataType4.DT_FLOAT16:
      return { size: 2, get: (v, o) => half(v.getUint16(o, true)) };
    case DataType4.DT_FLOAT32:
      return { size: 4, get: (v, o) => v.getFloat32(o, true) };
    case DataType4.DT_FLOAT64:
      return { size: 8, get: (v, o) => v.getFloat64(o, true) };
    default:
      return void 0;
  }
}
function half(h) {
  const s2 = h & 32768 ? -1 : 1;
  const e = h >> 10 & 31;
  const f = h & 1023;
  if (e === 0) return s2 * f * 2 ** -24;
  if (e === 31) return f ? NaN : s2 * Infinity;
  return s2 * (1 + f / 1024) * 2 ** (e - 15);
}
function toHistogram(h, step, wallTime) {
  const n = h.lefts.length;
  const lefts = new Float64Array(h.lefts);
  const rights = new Float64Array(n);
  const counts = new Float64Array(h.counts);
  let bucketTotal = 0;
  for (let i = 0; i < n; i++) {
    rights[i] = h.lefts[i] + h.widths[i];
    bucketTotal += counts[i];
  }
  const nonFinite = { nan: h.nanCount, posInf: h.posInfCount, negInf: h.negInfCount };
  return {
    step,
    wallTime,
    min: h.min,
    max: h.max,
    num: h.count >= 0 ? h.count : bucketTotal + nonFinite.nan + nonFinite.posInf + nonFinite.negInf,
    sum: h.sum,
    sumSquares: NaN,
    lefts,
    rights,
    counts,
    nonFinite
  };
}
function imageMime(b) {
  if (b.length >= 8 && b[0] === 137 && b[1] === 80 && b[2] === 78 && b[3] === 71) return "image/png";
  if (b.length >= 3 && b[0] === 255 && b[1] === 216 && b[2] === 255) return "image/jpeg";
  if (b.length >= 4 && b[0] === 71 && b[1] === 73 && b[2] === 70 && b[3] === 56) return "image/gif";
  if (b.length >= 2 && b[0] === 66 && b[1] === 77) return "image/bmp";
  return "application/octet-stream";
}
function rememberPlugin(dir, tag, plugin, content) {
  const existing = dir.plugins.get(tag);
  if (existing && existing.pluginName === plugin) return;
  const display = mindInsightTag(tag, plugin);
  const key = existing ? display : tag;
  if (dir.plugins.has(key)) return;
  dir.plugins.set(key, { pluginName: plugin, content: content ?? new Uint8Array(0), displayName: display });
}
function checkStepOrder(dir, relPath, offset, tag, kind, lastStep, step) {
  if (lastStep !== void 0 && step < lastStep) stepsBackwards(dir, relPath, offset, tag, kind, lastStep, step);
}
function stepsBackwards(dir, relPath, offset, tag, kind, lastStep, step) {
  addProblem(dir, {
    file: relPath,
    offset,
    code: "steps_backwards",
    severity: "warning",
    message: `${kind} '${tag}': step ${step} after step ${lastStep} (kept in file order)`
  });
}
function setVersion(source, version) {
  source.info ??= {};
  source.info.version = version;
}
function applySummaryRecord(dir, source, relPath, data, offset) {
  let ev2;
  let graph;
  try {
    ev2 = decodeSummaryEvent(data);
    if (ev2.kind === 4 /* Graph */) graph = fromBinary2(GraphProtoSchema2, ev2.graph);
  } catch (e) {
    addProblem(dir, {
      file: relPath,
      offset,
      code: "decode",
      severity: "error",
      message: `record of ${data.length} bytes is not a MindSpore summary Event: ${e.message}`
    });
    return;
  }
  const step = ev2.step;
  const wallTime = ev2.wallTime;
  switch (ev2.kind) {
    case 3 /* Version */:
      setVersion(source, ev2.version);
      if (!/^Mind[sS]pore\.Event:/.test(ev2.version)) {
        addProblem(dir, {
          file: relPath,
          offset,
          code: "unknown_format",
          severity: "warning",
          message: `unexpected version string ${JSON.stringify(ev2.version)} (expected "MindSpore.Event:1"); reading on`
        });
      }
      return;
    case 4 /* Graph */:
      dir.graphs.push(decodeMindSporeGraph(graph, relPath, step, ev2.graph.length));
      return;
    case 5 /* Summary */:
      for (const v of ev2.values) applyValue(dir, relPath, offset, step, wallTime, v);
      return;
    default:
      source.info ??= {};
      source.info.skippedRecords = Number(source.info.skippedRecords ?? 0) + 1;
      return;
  }
}
function applyValue(dir, relPath, offset, step, wallTime, v) {
  const tag = v.tag;
  switch (v.kind) {
    case 1 /* Scalar */: {
      const s2 = dir.scalar(tag);
      if (s2.length && step < s2.steps[s2.length - 1]) stepsBackwards(dir, relPath, offset, tag, "scalar", s2.steps[s2.length - 1], step);
      s2.push(step, wallTime, v.scalar);
      rememberPlugin(dir, tag, "scalar");
      return;
    }
    case 2 /* Image */: {
      const img = v.image;
      const s2 = dir.image(tag);
      checkStepOrder(dir, relPath, offset, tag, "image", s2.points.at(-1)?.step, step);
      const encoded = img.encoded.slice();
      s2.push({ step, wallTime, width: img.width, height: img.height, colorspace: img.colorspace, encoded, mime: imageMime(encoded) });
      rememberPlugin(dir, tag, "image");
      return;
    }
    case 3 /* Tensor */: {
      let t2;
      try {
        t2 = fromBinary2(TensorProtoSchema2, v.payload);
      } catch (e) {
        addProblem(dir, {
          file: relPath,
          offset,
          code: "decode",
          severity: "error",
          message: `tensor '${tag}' at step ${step} does not decode (${e.message}); skipped`
        });
        return;
      }
      const s2 = dir.tensor(tag);
      checkStepOrder(dir, relPath, offset, tag, "tensor", s2.points.at(-1)?.step, step);
      const shape = t2.dims.map(Number);
      const values = tensorValues(t2);
      const expected = shape.reduce((a, b) => a * b, 1);
      if (values.length !== expected && !(shape.length === 0 && values.length === 0)) {
        addProblem(dir, {
          file: relPath,
          offset,
          code: "decode",
          severity: "warning",
          message: `tensor '${tag}' at step ${step}: dims [${shape.join(", ")}] announce ${expected} values but ${values.length} are stored (kept as stored)`
        });
      }
      s2.push({ step, wallTime, dtype: mindSporeDType(t2.dataType), shape, values });
      rememberPlugin(dir, tag, "tensor");
      return;
    }
    case 4 /* Histogram */: {
      const s2 = dir.histogram(tag);
      checkStepOrder(dir, relPath, offset, tag, "histogram", s2.points.at(-1)?.step, step);
      s2.push(toHistogram(v.histogram, step, wallTime));
      rememberPlugin(dir, tag, "histogram");
      return;
    }
    case 5 /* LossLandscape */:
      rememberPlugin(dir, tag, "loss_landscape", v.raw.slice());
      return;
    default:
      addProblem(dir, {
        file: relPath,
        offset,
        code: "decode",
        severity: "warning",
        message: `summary value '${tag}' at step ${step} holds no value this reader knows (skipped)`
      });
  }
}
async function readMindSporeSummaryFile(absPath, relPath, dir, source, opts = {}) {
  return readFramedFile(absPath, relPath, "mindspore_summary", dir, source, opts, (data, offset, src) => {
    applySummaryRecord(dir, src, relPath, data, offset);
  });
}

// src/reader/mindspore_lineage.ts
import { fromBinary as fromBinary3, isFieldSet, toJson } from "@bufbuild/protobuf";
var { DatasetGraphSchema: DatasetGraphSchema2, EvaluationLineageSchema: EvaluationLineageSchema2, LineageEventSchema: LineageEventSchema2, TrainLineageSchema: TrainLineageSchema2, TrainLineage_HyperParametersSchema: TrainLineage_HyperParametersSchema2 } = lineage_pb_exports;
var LINEAGE_SOURCE_KIND = "mindspore_lineage";
var JSON_OPTS = { useProtoFieldName: true };
function trainLineageObject(t2) {
  const o = toJson(TrainLineageSchema2, t2, JSON_OPTS);
  const model = o.model;
  if (model && typeof model.size === "string") model.size = Number(model.size);
  return o;
}
function flattenUserDefinedInfo(u, out = {}, depth = 0) {
  if (depth > 64) return out;
  for (const child of u.userInfo) flattenUserDefinedInfo(child, out, depth + 1);
  for (const [k2, v] of Object.entries(u.mapInt32)) out[k2] = v;
  for (const [k2, v] of Object.entries(u.mapDouble)) out[k2] = v;
  for (const [k2, v] of Object.entries(u.mapStr)) out[k2] = v;
  for (const [k2, v] of Object.entries(u.mapDict)) out[k2] = flattenUserDefinedInfo(v, {}, depth + 1);
  return out;
}
function parseMetricsJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    const marker = "@@trainscope-nonfinite:";
    const quoted = text.replace(/(-?Infinity|NaN)(?=\s*[,}\]])/g, (m) => `"${marker}${m}"`);
    return JSON.parse(quoted, (_k, v) => typeof v === "string" && v.startsWith(marker) ? Number(v.slice(marker.length)) : v);
  }
}
function simplifyStrLists(v, depth = 0) {
  if (depth > 256 || v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x) => simplifyStrLists(x, depth + 1));
  const out = {};
  for (const [k2, x] of Object.entries(v)) {
    if (k2 === "mapStrList" && x && typeof x === "object" && !Array.isArray(x)) {
      const lists = {};
      for (const [name, l] of Object.entries(x)) {
        lists[name] = l && typeof l === "object" && !Array.isArray(l) ? l.strValue ?? [] : l;
      }
      out[k2] = lists;
    } else {
      out[k2] = simplifyStrLists(x, depth + 1);
    }
  }
  return out;
}
function setHParam(dir, relPath, name, value) {
  const i = dir.hparams.findIndex((h2) => h2.name === name && h2.sourceKind === LINEAGE_SOURCE_KIND && h2.source === relPath);
  const h = { name, value, sourceKind: LINEAGE_SOURCE_KIND, source: relPath };
  if (i >= 0) dir.hparams[i] = h;
  else dir.hparams.push(h);
}
var HYPER_FIELDS = TrainLineage_HyperParametersSchema2.fields;
function applyTrain(dir, lin, relPath, t2) {
  lin.train = trainLineageObject(t2);
  const hp2 = t2.hyperParameters;
  if (hp2) {
    for (const f of HYPER_FIELDS) {
      if (!isFieldSet(hp2, f)) continue;
      const v = hp2[f.localName];
      if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") setHParam(dir, relPath, f.name, v);
    }
  }
  if (t2.algorithm?.network) setHParam(dir, relPath, "network", t2.algorithm.network);
}
function applyUserDefined(dir, lin, relPath, u) {
  const flat = flattenUserDefinedInfo(u);
  lin.userDefined = { ...lin.userDefined ?? {}, ...flat };
  for (const [k2, v] of Object.entries(flat)) {
    if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") setHParam(dir, relPath, k2, v);
  }
}
function applyLineageRecord(dir, relPath, data, offset) {
  let ev2;
  try {
    ev2 = fromBinary3(LineageEventSchema2, data);
  } catch (e) {
    addProblem(dir, {
      file: relPath,
      offset,
      code: "decode",
      severity: "error",
      message: `record of ${data.length} bytes is not a MindSpore LineageEvent: ${e.message}`
    });
    return;
  }
  const lin = dir.lineage ??= {};
  const what = ev2.what;
  switch (what.case) {
    case "trainLineage":
      applyTrain(dir, lin, relPath, what.value);
      return;
    case "evaluationLineage": {
      lin.eval = toJson(EvaluationLineageSchema2, what.value, JSON_OPTS);
      if (what.value.metric) {
        try {
          lin.metrics = { ...lin.metrics ?? {}, ...parseMetricsJson(what.value.metric) };
        } catch (e) {
          addProblem(dir, {
            file: relPath,
            offset,
            code: "decode",
            severity: "warning",
            message: `evaluation lineage metric is not a JSON object (${e.message}); kept as text in lineage.eval.metric`
          });
        }
      }
      return;
    }
    case "datasetGraph":
      lin.datasetGraph = simplifyStrLists(toJson(DatasetGraphSchema2, what.value, JSON_OPTS));
      return;
    case "userDefinedInfo":
      applyUserDefined(dir, lin, relPath, what.value);
      return;
    case "version":
      return;
    default:
      addProblem(dir, {
        file: relPath,
        offset,
        code: "decode",
        severity: "warning",
        message: "lineage record holds no lineage this reader knows (skipped)"
      });
  }
}
async function readMindSporeLineageFile(absPath, relPath, dir, source, opts = {}) {
  return readFramedFile(absPath, relPath, "mindspore_lineage", dir, source, opts, (data, offset) => {
    applyLineageRecord(dir, relPath, data, offset);
  });
}

// src/reader/logdir.ts
import fs5 from "node:fs";
import fsp2 from "node:fs/promises";
import path from "node:path";

// src/reader/csv_log.ts
import * as fs2 from "node:fs/promises";
import { parse } from "csv-parse/sync";
var STEP_NAMES = ["step", "global_step", "iteration", "iter"];
var EPOCH_NAMES = ["epoch"];
var TIME_NAMES = ["wall_time", "walltime", "time", "timestamp"];
var MISSING_TOKENS = /* @__PURE__ */ new Set(["NA", "N/A", "<NA>", "null", "None"]);
var SETTLED_MS = 2e3;
function parseCsvNumber(text) {
  const t2 = text.trim();
  if (t2 === "") return void 0;
  const low = t2.toLowerCase();
  if (low === "nan" || low === "+nan" || low === "-nan") return NaN;
  if (low === "inf" || low === "+inf" || low === "infinity" || low === "+infinity") return Infinity;
  if (low === "-inf" || low === "-infinity") return -Infinity;
  if (low === "true") return 1;
  if (low === "false") return 0;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t2)) return void 0;
  return Number(t2);
}
function stateOf(source) {
  const raw = source.info?.csvState;
  if (typeof raw !== "string") return void 0;
  try {
    return JSON.parse(raw);
  } catch {
    return void 0;
  }
}
function saveState(source, st) {
  source.info = {
    ...source.info ?? {},
    dialect: st.dialect,
    columns: st.columns.join(","),
    delimiter: st.delimiter,
    lineTerminator: st.lineTerminator === "\r\n" ? "CRLF" : "LF",
    stepColumn: st.stepColumn >= 0 ? st.columns[st.stepColumn] : "(row index)",
    wallTimeColumn: st.wallTimeColumn >= 0 ? st.columns[st.wallTimeColumn] : "(none)",
    emptyMeans: st.dialect === "lightning_metrics" ? "not logged" : "NaN",
    rows: st.rows,
    csvState: JSON.stringify(st)
  };
}
function findColumn(cols, names) {
  const lower = cols.map((c2) => c2.trim().toLowerCase());
  for (const n of names) {
    const i = lower.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}
function detectDelimiter(headerLine) {
  const counts = [",", ";", "	", "|"].map((d) => [d, headerLine.split(d).length - 1]);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ",";
}
function isSorted(xs) {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1] > xs[i]) return false;
  return true;
}
function detectCsvDialect(relPath, columns, lineTerminator, firstRows) {
  const lower = columns.map((c2) => c2.trim().toLowerCase());
  const base = relPath.split("/").pop() ?? relPath;
  let sparseRows = 0;
  for (const r of firstRows) {
    const empty = r.filter((f) => f.trim() === "").length;
    if (empty > 0 && empty >= r.length / 3) sparseRows++;
  }
  const sparse = firstRows.length > 0 && sparseRows >= Math.max(1, firstRows.length / 3);
  if (lower.includes("step") && isSorted(columns) && (base === "metrics.csv" || relPath.includes("lightning_logs") || sparse)) return "lightning_metrics";
  if (lower[0] === "epoch" && isSorted(columns.slice(1)) && (lineTerminator === "\r\n" || base === "history.csv" || base === "training.log")) return "keras_csvlogger";
  if (columns[0]?.trim() === "" || lineTerminator === "\n" && firstRows.some((r) => r.some((f) => f === ""))) return "pandas";
  if (lower[0] === "epoch" && isSorted(columns.slice(1))) return "keras_csvlogger";
  return "csv";
}
function csvProblem(relPath, line, message, severity = "error") {
  return { file: relPath, line, code: "csv", message, severity };
}
function parseRows(text, delimiter, relPath, lineBase, problems) {
  const out = [];
  const opts = {
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (err) => {
      problems.push(csvProblem(relPath, err?.lines !== void 0 ? lineBase + err.lines : void 0, `unreadable CSV row: ${err?.message ?? "parse error"}`));
    }
  };
  try {
    const recs = parse(text, opts);
    for (const r of recs) out.push({ record: r.record, line: lineBase + r.info.lines });
  } catch (e) {
    problems.push(csvProblem(relPath, void 0, `CSV could not be parsed: ${e.message}`));
  }
  return out;
}
async function readCsvLog(absPath, relPath, dir, source, _opts = {}) {
  let src = source;
  if (!src) {
    src = { path: relPath, format: "csv", readOffset: 0, size: 0, records: 0, info: {} };
    dir.sources.push(src);
  }
  await readCsvInto(absPath, relPath, dir, src);
  return src;
}
async function readRange(fh, from, to) {
  const buf = Buffer.allocUnsafe(Math.max(0, to - from));
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, from + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === buf.length ? buf : buf.subarray(0, got);
}
async function readCsvInto(absPath, relPath, dir, source) {
  let fh;
  try {
    fh = await fs2.open(absPath, "r");
  } catch (e) {
    dir.problems.push({ file: relPath, code: "io", severity: "error", message: `cannot read CSV: ${e.message}` });
    return false;
  }
  let buf;
  let base;
  let mtimeMs;
  let st = stateOf(source);
  try {
    const stat = await fh.stat();
    mtimeMs = stat.mtimeMs;
    source.size = stat.size;
    if (stat.size === 0) {
      if (source.readOffset === 0 && !dir.problems.some((p) => p.file === relPath && p.code === "empty")) {
        dir.problems.push({ file: relPath, offset: 0, code: "empty", severity: "warning", message: "CSV file is empty (0 bytes)" });
      }
      return false;
    }
    if (st) {
      const header = Buffer.from(st.header, "utf8");
      if (stat.size < source.readOffset || !(await readRange(fh, 0, header.length)).equals(header)) {
        st.columns.forEach((c2, i) => {
          if (st.columnKinds[i] !== "clash") dir.scalars.delete(c2);
        });
        source.readOffset = 0;
        source.records = 0;
        st = void 0;
      }
    }
    base = st ? source.readOffset : 0;
    buf = await readRange(fh, base, stat.size);
  } catch (e) {
    dir.problems.push({ file: relPath, offset: source.readOffset, code: "io", severity: "error", message: `cannot read CSV: ${e.message}` });
    return false;
  } finally {
    await fh.close();
  }
  const settled = Date.now() - mtimeMs > SETTLED_MS;
  const lastNl = buf.lastIndexOf(10);
  let end = lastNl + 1;
  if (end < buf.length && settled) end = buf.length;
  if (base + end <= source.readOffset || end === 0) return false;
  let changed = false;
  let start = source.readOffset - base;
  if (!st) {
    const nl = buf.indexOf(10);
    if (nl < 0 && !settled) return false;
    const headerEnd = nl < 0 ? buf.length : nl + 1;
    const headerRaw = buf.subarray(0, headerEnd).toString("utf8");
    const lineTerminator = headerRaw.endsWith("\r\n") ? "\r\n" : "\n";
    const headerLine = headerRaw.replace(/^\uFEFF/, "").replace(/\r?\n$/, "");
    const delimiter = detectDelimiter(headerLine);
    const hdrProblems = [];
    const hdr = parseRows(headerLine + "\n", delimiter, relPath, 0, hdrProblems);
    dir.problems.push(...hdrProblems);
    const columns = hdr[0]?.record ?? [];
    if (columns.length === 0 || columns.every((c2) => c2.trim() === "")) {
      dir.problems.push(csvProblem(relPath, 1, "no CSV header (first line is empty or unreadable)"));
      source.readOffset = base + headerEnd;
      return false;
    }
    const dupes = columns.filter((c2, i) => c2 !== "" && columns.indexOf(c2) !== i);
    if (dupes.length) dir.problems.push(csvProblem(relPath, 1, `duplicate column name(s) ${dupes.join(", ")}: the later column is read`, "warning"));
    const peekText = buf.subarray(headerEnd, Math.min(end, headerEnd + 16384)).toString("utf8");
    const peekLines = peekText.split(/\r?\n/).slice(0, 20).filter((l) => l.length > 0);
    const peekRows = peekLines.map((l) => l.split(delimiter));
    const dialect = detectCsvDialect(relPath, columns, lineTerminator, peekRows);
    let stepColumn = findColumn(columns, STEP_NAMES);
    if (stepColumn < 0) stepColumn = findColumn(columns, EPOCH_NAMES);
    const indexColumn = columns[0]?.trim() === "" ? 0 : -1;
    st = {
      dialect,
      header: headerRaw,
      columns,
      delimiter,
      lineTerminator,
      stepColumn,
      wallTimeColumn: findColumn(columns, TIME_NAMES),
      indexColumn,
      columnKinds: columns.map(() => "unknown"),
      rows: 0,
      lines: 1
    };
    const st0 = st;
    columns.forEach((c2, i) => {
      if (i === st0.stepColumn || i === st0.wallTimeColumn || i === st0.indexColumn || !dir.scalars.has(c2)) return;
      st0.columnKinds[i] = "clash";
      dir.problems.push({
        file: relPath,
        line: 1,
        code: "csv",
        severity: "info",
        message: `column ${c2}: the tag is already read from another file of this directory; that file's values are kept`
      });
    });
    start = headerEnd;
    changed = true;
  }
  const text = buf.subarray(start, end).toString("utf8");
  const problems = [];
  const rows = parseRows(text, st.delimiter, relPath, st.lines, problems);
  const sparse = st.dialect === "lightning_metrics";
  const ncol = st.columns.length;
  for (const { record, line } of rows) {
    if (record.length === 1 && record[0].trim() === "") continue;
    if (record.length !== ncol) {
      problems.push(csvProblem(relPath, line, `row has ${record.length} field(s), the header has ${ncol}: row skipped`));
      continue;
    }
    const rowIndex = st.rows++;
    let step = rowIndex;
    if (st.stepColumn >= 0) {
      const s2 = parseCsvNumber(record[st.stepColumn]);
      if (s2 === void 0 || !Number.isFinite(s2)) {
        problems.push(csvProblem(relPath, line, `${st.columns[st.stepColumn]} field ${JSON.stringify(record[st.stepColumn])} is not a number: row skipped`));
        continue;
      }
      step = s2;
    }
    let wallTime = NaN;
    if (st.wallTimeColumn >= 0) {
      const w = parseCsvNumber(record[st.wallTimeColumn]);
      if (w !== void 0) wallTime = w;
      else if (record[st.wallTimeColumn].trim() !== "") {
        const d = Date.parse(record[st.wallTimeColumn]);
        if (!Number.isNaN(d)) wallTime = d / 1e3;
      }
    }
    for (let c2 = 0; c2 < ncol; c2++) {
      if (c2 === st.stepColumn || c2 === st.wallTimeColumn || c2 === st.indexColumn) continue;
      const kind = st.columnKinds[c2];
      if (kind === "text" || kind === "clash") continue;
      const field = record[c2];
      const trimmed = field.trim();
      let v;
      if (trimmed === "") {
        if (sparse) continue;
        v = NaN;
      } else if (MISSING_TOKENS.has(trimmed)) {
        continue;
      } else {
        v = parseCsvNumber(trimmed);
      }
      if (v === void 0) {
        if (kind === "unknown") {
          st.columnKinds[c2] = "text";
          continue;
        }
        problems.push(csvProblem(relPath, line, `column ${st.columns[c2]}: ${JSON.stringify(field)} is not a number: value skipped`, "warning"));
        continue;
      }
      if (kind === "unknown" && trimmed !== "") st.columnKinds[c2] = "numeric";
      dir.scalar(st.columns[c2]).push(step, wallTime, v);
      changed = true;
    }
    source.records++;
  }
  st.lines += countNewlines(buf, start, end);
  source.readOffset = base + end;
  saveState(source, st);
  dir.problems.push(...problems);
  return changed;
}
function countNewlines(buf, start, end) {
  let n = 0;
  for (let i = buf.indexOf(10, start); i >= 0 && i < end; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

// src/reader/json_log.ts
import fs4 from "node:fs/promises";

// src/reader/hparams_file.ts
import fs3 from "node:fs/promises";
import { parseDocument } from "yaml";

// src/reader/owned_scalars.ts
var OWNED_KEY = "ownedScalars";
function ownedScalarTags(source) {
  const v = source.info?.[OWNED_KEY];
  return typeof v === "string" ? v.split("\n").filter(Boolean) : [];
}
function rewriteOwnedScalars(dir, source, write) {
  for (const tag of ownedScalarTags(source)) dir.scalars.delete(tag);
  const owned = /* @__PURE__ */ new Set();
  write((tag, step, value) => {
    if (!owned.has(tag)) {
      if (dir.scalars.has(tag)) return;
      owned.add(tag);
    }
    dir.scalar(tag).push(step, 0, value);
  });
  const tags = [...owned];
  source.info = { ...source.info ?? {}, [OWNED_KEY]: tags.join("\n") };
  return tags;
}

// src/reader/hf_log_history.ts
function hfTensorBoardTag(key) {
  if (key.startsWith("eval_")) return `eval/${key.slice(5)}`;
  if (key.startsWith("test_")) return `test/${key.slice(5)}`;
  return `train/${key}`;
}
function readLogHistory(history, dir, source) {
  rewriteOwnedScalars(dir, source, (put) => {
    if (!Array.isArray(history)) return;
    for (const entry2 of history) {
      if (entry2 === null || typeof entry2 !== "object") continue;
      const e = entry2;
      const step = e.step;
      if (typeof step !== "number" || !Number.isFinite(step)) continue;
      for (const [key, value] of Object.entries(e)) if (key !== "step" && typeof value === "number") put(hfTensorBoardTag(key), step, value);
    }
  });
}

// src/reader/hparams_file.ts
var JSON_CONFIG_NAMES = /* @__PURE__ */ new Set(["args.json", "params.json", "config.json", "training_args.json", "trainer_state.json"]);
var YAML_CONFIG_NAMES = /* @__PURE__ */ new Set(["args.yaml", "args.yml", "opt.yaml", "hyp.yaml", "params.yaml", "params.yml", "config.yaml", "config.yml"]);
function hparamsFileKind(baseName2) {
  const b = baseName2.toLowerCase();
  if (b === "hparams.json" || JSON_CONFIG_NAMES.has(b)) return "hparams_json";
  if (b === "hparams.yaml" || b === "hparams.yml" || YAML_CONFIG_NAMES.has(b)) return "hparams_yaml";
  return void 0;
}
function isHParamsName(baseName2) {
  return /^hparams\.(json|ya?ml)$/i.test(baseName2);
}
var TRAINER_STATE_FIELDS = ["train_batch_size", "num_train_epochs", "max_steps", "logging_steps", "eval_steps", "save_steps"];
function isModelConfig(obj) {
  return typeof obj.transformers_version === "string" || typeof obj.model_type === "string" && Array.isArray(obj.architectures);
}
function configContent(base, obj, kind) {
  const b = base.toLowerCase();
  if (isHParamsName(b)) return { values: unwrapHParams(obj), sourceKind: kind };
  if (b === "trainer_state.json") {
    const values = {};
    for (const k2 of TRAINER_STATE_FIELDS) if (k2 in obj && obj[k2] !== null) values[k2] = obj[k2];
    return { values, sourceKind: "trainer_state" };
  }
  if (b === "config.json" && isModelConfig(obj)) {
    const values = {};
    for (const [k2, v] of Object.entries(obj)) {
      if ((k2 === "id2label" || k2 === "label2id") && v !== null && typeof v === "object") {
        if (k2 === "id2label" && !("num_labels" in obj)) values.num_labels = Object.keys(v).length;
        continue;
      }
      values[k2] = v;
    }
    return { values, sourceKind: "model_config" };
  }
  return { values: unwrapHParams(obj), sourceKind: kind === "hparams_json" ? "config_json" : "config_yaml" };
}
function flattenHParams(obj, prefix = "", out = []) {
  if (obj !== null && typeof obj === "object" && !Array.isArray(obj) && !(obj instanceof Date)) {
    const entries = obj instanceof Map ? [...obj.entries()] : Object.entries(obj);
    if (entries.length === 0 && prefix) out.push([prefix, "{}"]);
    for (const [k2, v] of entries) flattenHParams(v, prefix ? `${prefix}.${String(k2)}` : String(k2), out);
    return out;
  }
  if (!prefix) return out;
  if (typeof obj === "number" || typeof obj === "string" || typeof obj === "boolean") out.push([prefix, obj]);
  else if (typeof obj === "bigint") out.push([prefix, Number(obj)]);
  else if (obj === null || obj === void 0) out.push([prefix, "null"]);
  else if (obj instanceof Date) out.push([prefix, obj.toISOString()]);
  else out.push([prefix, JSON.stringify(obj)]);
  return out;
}
var WRAPPER_KEYS = ["hparams", "hyperparameters", "hyper_parameters", "hparam_dict"];
var METRIC_KEYS = /* @__PURE__ */ new Set(["metrics", "metric", "metric_dict", "metric_names"]);
function unwrapHParams(obj) {
  const key = Object.keys(obj).find((k2) => WRAPPER_KEYS.includes(k2.toLowerCase()));
  const inner = key === void 0 ? void 0 : obj[key];
  if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return obj;
  const out = { ...inner };
  for (const [k2, v] of Object.entries(obj)) {
    if (k2 === key || METRIC_KEYS.has(k2.toLowerCase()) || k2 in out) continue;
    out[k2] = v;
  }
  return out;
}
async function readHParamsFile(absPath, relPath, dir, source, _opts = {}) {
  let src = source;
  if (!src) {
    const base = relPath.slice(relPath.lastIndexOf("/") + 1);
    src = { path: relPath, format: hparamsFileKind(base) ?? (/\.json$/i.test(base) ? "hparams_json" : "hparams_yaml"), readOffset: 0, size: 0, records: 0 };
    dir.sources.push(src);
  }
  await readHParamsInto(absPath, relPath, dir, src);
  return src;
}
async function readHParamsInto(absPath, relPath, dir, source) {
  const kind = source.format === "hparams_json" ? "hparams_json" : "hparams_yaml";
  const base = relPath.slice(relPath.lastIndexOf("/") + 1);
  const badSeverity = isHParamsName(base) || hparamsFileKind(base) === void 0 ? "error" : "warning";
  let buf;
  try {
    buf = await fs3.readFile(absPath);
  } catch (e) {
    dir.problems.push({ file: relPath, code: "io", severity: "error", message: `cannot read hyper-parameters: ${e.message}` });
    return false;
  }
  let mtimeMs = 0;
  try {
    mtimeMs = (await fs3.stat(absPath)).mtimeMs;
  } catch {
  }
  const stamp = `${buf.length}:${mtimeMs}`;
  if (source.info?.stamp === stamp) return false;
  source.info = { ...source.info ?? {}, stamp };
  source.size = buf.length;
  source.readOffset = buf.length;
  if (buf.length === 0) {
    dir.problems.push({ file: relPath, offset: 0, code: "empty", severity: "warning", message: "hyper-parameter file is empty (0 bytes)" });
    return false;
  }
  const text = buf.toString("utf8").replace(/^\uFEFF/, "");
  let parsed;
  if (kind === "hparams_json") {
    try {
      parsed = parseJsonWithNonFinite(text);
    } catch (e) {
      dir.problems.push({ file: relPath, code: "hparams", severity: badSeverity, message: `not valid JSON: ${e.message}` });
      return false;
    }
  } else {
    const doc = parseDocument(text, { uniqueKeys: false, logLevel: "silent" });
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      dir.problems.push({
        file: relPath,
        offset: err.pos?.[0],
        line: err.linePos?.[0]?.line,
        code: "hparams",
        severity: badSeverity,
        message: `not valid YAML: ${err.message.split("\n")[0]}`
      });
      return false;
    }
    parsed = doc.toJS({ maxAliasCount: 1e3 });
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    dir.problems.push({ file: relPath, code: "hparams", severity: badSeverity, message: "hyper-parameter file does not hold a mapping of names to values" });
    return false;
  }
  if (base.toLowerCase() === "trainer_state.json") readLogHistory(parsed.log_history, dir, source);
  const content = configContent(base, parsed, kind);
  const values = flattenHParams(content.values).map(([name, value]) => ({ name, value, sourceKind: content.sourceKind, source: relPath }));
  for (let i = dir.hparams.length - 1; i >= 0; i--) if (dir.hparams[i].source === relPath) dir.hparams.splice(i, 1);
  dir.hparams.push(...values);
  source.records = values.length;
  return true;
}
function parseJsonWithNonFinite(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (!/\b(NaN|Infinity)\b/.test(text)) throw e;
    const marked = text.replace(/([:\[,]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g, (_m, pre, tok) => `${pre}"\\u0000${tok}"`);
    return JSON.parse(marked, (_k, v) => typeof v === "string" && v.charCodeAt(0) === 0 ? v === "\0NaN" ? NaN : v === "\0Infinity" ? Infinity : -Infinity : v);
  }
}

// src/reader/json_log.ts
function isJsonLogName(baseName2) {
  const b = baseName2.toLowerCase();
  return b === "metrics.json" || b === "scalars.json" || b === "history.json" || b === "log.json" || b.endsWith(".log.json") || b.endsWith(".jsonl");
}
var STEP_KEYS = ["step", "global_step", "iteration", "iter", "epoch"];
function parseJsonLog(text) {
  const trimmed = text.trim();
  const bad = [];
  if (trimmed.startsWith("[") || trimmed.startsWith("{") && !/\}\s*\n\s*\{/.test(trimmed)) {
    try {
      const v = parseJsonWithNonFinite(trimmed);
      if (Array.isArray(v)) return { records: v.filter((x) => x !== null && typeof x === "object" && !Array.isArray(x)), layout: "array", bad };
      if (v !== null && typeof v === "object") {
        const o = v;
        const cols = Object.entries(o).filter(([, x]) => Array.isArray(x));
        if (cols.length > 0 && cols.length === Object.keys(o).length) {
          const n = Math.max(...cols.map(([, x]) => x.length));
          const records2 = [];
          for (let i = 0; i < n; i++) {
            const r = { epoch: i };
            for (const [k2, x] of cols) if (i < x.length) r[k2] = x[i];
            records2.push(r);
          }
          return { records: records2, layout: "history", bad };
        }
        return { records: [o], layout: "jsonl", bad };
      }
    } catch {
    }
  }
  const records = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    const t2 = line.trim();
    if (t2) {
      try {
        const v = parseJsonWithNonFinite(t2);
        if (v !== null && typeof v === "object" && !Array.isArray(v)) records.push(v);
        else bad.push({ offset, message: "line is not a JSON object" });
      } catch (e) {
        bad.push({ offset, message: `line is not JSON: ${e.message}` });
      }
    }
    offset += Buffer.byteLength(line, "utf8") + 1;
  }
  return { records, layout: "jsonl", bad };
}
async function readJsonLog(absPath, relPath, dir, source, _opts = {}) {
  let src = source;
  if (!src) {
    src = { path: relPath, format: "json_log", readOffset: 0, size: 0, records: 0, info: {} };
    dir.sources.push(src);
  }
  let buf;
  try {
    buf = await fs4.readFile(absPath);
  } catch (e) {
    dir.problems.push({ file: relPath, code: "io", severity: "error", message: `cannot read JSON log: ${e.message}` });
    return src;
  }
  if (src.size === buf.length && src.readOffset === buf.length && buf.length > 0) return src;
  const { records, layout, bad } = parseJsonLog(buf.toString("utf8").replace(/^\uFEFF/, ""));
  for (let i = dir.problems.length - 1; i >= 0; i--) if (dir.problems[i].file === relPath && dir.problems[i].code === "json") dir.problems.splice(i, 1);
  const lastLineOpen = buf.length > 0 && buf[buf.length - 1] !== 10;
  for (const b of bad) {
    const cut = lastLineOpen && b === bad[bad.length - 1] && b.offset > buf.lastIndexOf(10);
    if (!cut) dir.problems.push({ file: relPath, offset: b.offset, code: "json", severity: "warning", message: b.message });
  }
  if (buf.length === 0) dir.problems.push({ file: relPath, offset: 0, code: "empty", severity: "warning", message: "JSON log is empty (0 bytes)" });
  const stepKey = STEP_KEYS.find((k2) => records.some((r) => typeof r[k2] === "number"));
  const points = /* @__PURE__ */ new Map();
  records.forEach((r, i) => {
    const step = stepKey !== void 0 && typeof r[stepKey] === "number" ? r[stepKey] : i;
    const mode = typeof r.mode === "string" && r.mode.toLowerCase() !== "train" ? `${r.mode.toLowerCase()}/` : "";
    for (const [key, value] of Object.entries(r)) {
      if (key === stepKey || typeof value !== "number") continue;
      const tag = mode + key;
      const l = points.get(tag);
      if (l) l.push({ step, index: i, value });
      else points.set(tag, [{ step, index: i, value }]);
    }
  });
  let byIndex = false;
  const owned = rewriteOwnedScalars(dir, src, (put) => {
    for (const [tag, ps] of points) {
      const restarts = ps.some((p, k2) => k2 > 0 && p.step < ps[k2 - 1].step);
      if (restarts) byIndex = true;
      for (const p of ps) put(tag, restarts ? p.index : p.step, p.value);
    }
  });
  src.size = buf.length;
  src.readOffset = buf.length;
  src.records = records.length;
  src.info = { ...src.info ?? {}, columns: owned.join(","), layout, stepColumn: stepKey === void 0 || byIndex ? "(index)" : stepKey, rows: records.length };
  return src;
}

// src/reader/event_file.ts
import fsp from "node:fs/promises";
var DirState = class {
  byName = /* @__PURE__ */ new Map();
  /** Open-addressing table of tag bytes → TagState (size a power of two), so tags are not decoded per value. */
  table = new Array(64);
  count = 0;
  lookup(buf, start, end) {
    const h = hashBytes(buf, start, end);
    const mask = this.table.length - 1;
    const len = end - start;
    for (let i = h & mask; ; i = i + 1 & mask) {
      const e = this.table[i];
      if (e === void 0) return void 0;
      if (e.hash === h && e.bytes.length === len) {
        const b = e.bytes;
        let j = 0;
        while (j < len && b[j] === buf[start + j]) j++;
        if (j === len) return e.st;
      }
    }
  }
  /** Registers the tag held in buf[start, end) (several byte spellings of one text share one state). */
  add(buf, start, end) {
    const tag = decodeUtf8(buf, start, end);
    let st = this.byName.get(tag);
    if (!st) {
      st = { tag, lastStep: -Infinity };
      this.byName.set(tag, st);
    }
    const bytes = new Uint8Array(end - start);
    bytes.set(buf.subarray(start, end));
    if ((this.count + 1) * 2 > this.table.length) this.rehash();
    this.put({ hash: hashBytes(buf, start, end), bytes, st });
    return st;
  }
  put(slot) {
    const mask = this.table.length - 1;
    let i = slot.hash & mask;
    while (this.table[i] !== void 0) i = i + 1 & mask;
    this.table[i] = slot;
    this.count++;
  }
  rehash() {
    const old = this.table;
    this.table = new Array(old.length * 2);
    this.count = 0;
    for (const e of old) if (e) this.put(e);
  }
};
function hashBytes(buf, start, end) {
  let h = 2166136261;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 16777619);
  return h >>> 0;
}
var What = { ...EventWhat };
var VK = { ...ValueKind };
var dirStates = /* @__PURE__ */ new WeakMap();
function stateOf2(dir) {
  let s2 = dirStates.get(dir);
  if (!s2) {
    s2 = new DirState();
    dirStates.set(dir, s2);
    for (const [tag, p] of dir.plugins) {
      const b = new TextEncoder().encode(tag);
      s2.add(b, 0, b.length).plugin = p;
    }
  }
  return s2;
}
var DTYPE_NAMES = {
  float32: "float32",
  float64: "float64",
  float16: "float16",
  bfloat16: "bfloat16",
  int8: "int8",
  int16: "int16",
  int32: "int32",
  int64: "int64",
  uint8: "uint8",
  uint16: "uint16",
  uint32: "uint32",
  uint64: "uint64",
  bool: "bool",
  string: "string",
  complex64: "complex64",
  complex128: "complex128",
  unknown: "unknown"
};
function guessMime(b) {
  if (b.length >= 4 && b[0] === 137 && b[1] === 80 && b[2] === 78 && b[3] === 71) return "image/png";
  if (b.length >= 3 && b[0] === 255 && b[1] === 216 && b[2] === 255) return "image/jpeg";
  if (b.length >= 4 && b[0] === 71 && b[1] === 73 && b[2] === 70) return "image/gif";
  if (b.length >= 12 && b[8] === 87 && b[9] === 69 && b[10] === 66 && b[11] === 80) return "image/webp";
  if (b.length >= 2 && b[0] === 66 && b[1] === 77) return "image/bmp";
  return "application/octet-stream";
}
function histogramFromProto(h, step, wallTime) {
  const k2 = Math.min(h.bucketLimit.length, h.bucket.length);
  const rights = h.bucketLimit.length === k2 ? h.bucketLimit : h.bucketLimit.slice(0, k2);
  const counts = h.bucket.length === k2 ? h.bucket : h.bucket.slice(0, k2);
  const lefts = new Float64Array(k2);
  let total = 0;
  if (k2 > 0) lefts[0] = Math.min(h.min, rights[0]);
  for (let i = 1; i < k2; i++) lefts[i] = rights[i - 1];
  for (let i = 0; i < k2; i++) total += counts[i];
  if (k2 > 0 && rights[k2 - 1] > 1e300 && Number.isFinite(h.max)) rights[k2 - 1] = Math.max(h.max, lefts[k2 - 1]);
  const nonFinite = { nan: 0, posInf: 0, negInf: 0 };
  const extra = h.num - total;
  if (extra > 0.5) countUnbucketed(nonFinite, extra, h.min, h.max, h.sum);
  return { step, wallTime, min: h.min, max: h.max, num: h.num, sum: h.sum, sumSquares: h.sumSquares, lefts, rights, counts, nonFinite };
}
var HistogramStorage = class {
  f64 = new Float64Array(0);
  bytes = new Uint8Array(0);
  used = 0;
  /** Reserves `n` doubles in `f64` (which may be a fresh chunk afterwards); returns their first index. `bound`: doubles the rest of the input can need at most. */
  reserve(n, bound) {
    if (this.used + n > this.f64.length) {
      const size = Math.max(n, Math.min(bound, 1 << 17));
      this.f64 = new Float64Array(size);
      this.bytes = new Uint8Array(this.f64.buffer);
      this.used = 0;
    }
    const at2 = this.used;
    this.used += n;
    return at2;
  }
};
function sameDouble(a, b) {
  return a === b && (a !== 0 || 1 / a === 1 / b);
}
function histogramFromScan(hs, buf, view, store, bound, t2, step, wallTime) {
  const k2 = hs.limitEnd - hs.limitStart >>> 3;
  if (k2 !== hs.bucketEnd - hs.bucketStart >>> 3 || k2 === 0) return void 0;
  const min = hs.min, max = hs.max, num2 = hs.num;
  const ls = hs.limitStart;
  const left0 = Math.min(min, view.getFloat64(ls, true));
  let lastRight = view.getFloat64(ls + (k2 - 1) * 8, true);
  if (lastRight > 1e300 && Number.isFinite(max)) lastRight = Math.max(max, k2 > 1 ? view.getFloat64(ls + (k2 - 2) * 8, true) : left0);
  let edges = t2.edges;
  if (edges !== void 0) {
    const e = edges.edges;
    let same = e.length === k2 + 1 && sameDouble(e[0], left0) && sameDouble(e[k2], lastRight);
    for (let i = 1, p = ls; same && i < k2; i++, p += 8) same = sameDouble(e[i], view.getFloat64(p, true));
    if (!same) edges = void 0;
  }
  if (edges === void 0) {
    const at3 = store.reserve(k2 + 1, bound);
    const f642 = store.f64;
    store.bytes.set(new Uint8Array(buf.buffer, buf.byteOffset + ls, k2 * 8), (at3 + 1) * 8);
    if (!LITTLE_ENDIAN2) swapDoubles(store.bytes, (at3 + 1) * 8, k2);
    f642[at3] = left0;
    f642[at3 + k2] = lastRight;
    const e = f642.subarray(at3, at3 + k2 + 1);
    edges = t2.edges = { edges: e, lefts: e.subarray(0, k2), rights: e.subarray(1, k2 + 1) };
  }
  const at2 = store.reserve(k2, bound);
  const f64 = store.f64;
  store.bytes.set(new Uint8Array(buf.buffer, buf.byteOffset + hs.bucketStart, k2 * 8), at2 * 8);
  if (!LITTLE_ENDIAN2) swapDoubles(store.bytes, at2 * 8, k2);
  let total = 0;
  for (let i = at2, e = at2 + k2; i < e; i++) total += f64[i];
  const nonFinite = { nan: 0, posInf: 0, negInf: 0 };
  const extra = num2 - total;
  if (extra > 0.5) countUnbucketed(nonFinite, extra, min, max, hs.sum);
  return {
    step,
    wallTime,
    min,
    max,
    num: num2,
    sum: hs.sum,
    sumSquares: hs.sumSquares,
    lefts: edges.lefts,
    rights: edges.rights,
    counts: f64.subarray(at2, at2 + k2),
    nonFinite
  };
}
var LITTLE_ENDIAN2 = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
function swapDoubles(bytes, at2, n) {
  for (let i = 0; i < n; i++) bytes.subarray(at2 + i * 8, at2 + i * 8 + 8).reverse();
}
function countUnbucketed(nonFinite, extra, min, max, sum) {
  if (Number.isNaN(min) || Number.isNaN(max) || Number.isNaN(sum)) nonFinite.nan = extra;
  else if (max === Infinity && min !== -Infinity) nonFinite.posInf = extra;
  else if (min === -Infinity && max !== Infinity) nonFinite.negInf = extra;
  else nonFinite.nan = extra;
}
function histogramFromK3(t2, step, wallTime) {
  const v = t2.values;
  const k2 = t2.shape[0] ?? 0;
  const lefts = new Float64Array(k2), rights = new Float64Array(k2), counts = new Float64Array(k2);
  let num2 = 0, min = Infinity, max = -Infinity, sum = 0, sumSq = 0;
  for (let i = 0; i < k2; i++) {
    lefts[i] = v[i * 3];
    rights[i] = v[i * 3 + 1];
    counts[i] = v[i * 3 + 2];
    const c2 = counts[i];
    num2 += c2;
    if (c2 > 0) {
      if (lefts[i] < min) min = lefts[i];
      if (rights[i] > max) max = rights[i];
      const mid = (lefts[i] + rights[i]) / 2;
      sum += c2 * mid;
      sumSq += c2 * mid * mid;
    }
  }
  if (num2 === 0) {
    min = max = NaN;
  }
  return { step, wallTime, min, max, num: num2, sum: NaN, sumSquares: NaN, lefts, rights, counts, nonFinite: { nan: 0, posInf: 0, negInf: 0 } };
  void sum;
  void sumSq;
}
function tensorValue(t2, step, wallTime) {
  return { step, wallTime, dtype: DTYPE_NAMES[t2.dtypeName] ?? "unknown", shape: t2.shape, values: t2.values };
}
var FileRead = class {
  constructor(dir, file, source, base, inputEnd) {
    this.dir = dir;
    this.file = file;
    this.source = source;
    this.st = stateOf2(dir);
    this.base = this.resumeAt = this.start = base;
    this.inputEnd = inputEnd;
  }
  dir;
  file;
  source;
  st;
  es = new EventScanner();
  vs = new SummaryValueScanner();
  hs = new HistogramProtoScanner();
  histogramStore = new HistogramStorage();
  /** DataView of the buffer being read (`viewOf`). */
  view = new DataView(new ArrayBuffer(0));
  viewOf;
  eventsWithoutWallTime = 0;
  decodeErrors = 0;
  records = 0;
  badDataCrc = 0;
  /** File offset of the buffer being read (byte 0 of `buf`). */
  base;
  /** File offset where the input of this read ends (bounds the histogram storage chunks). */
  inputEnd;
  /** Offset of the problem about a not-yet-readable tail, when the read stops before the end. */
  tailAt;
  /** Where the next read of the file starts (file offset). */
  resumeAt;
  /** File offset where this read started. */
  start;
  problem(offset, code, severity, message) {
    const p = { file: this.file, offset, code, severity, message };
    this.dir.problems.push(p);
    return p;
  }
  /** Decodes one record's Event at `recOffset` (absolute) held in buf[ds, de). */
  event(buf, ds, de, recOffset) {
    const es = this.es;
    if (es.scanSimpleScalar(buf, ds, de)) {
      const t2 = this.tagState(buf, es.tagStart, es.tagEnd);
      let sc = t2.scalar;
      if (sc === void 0) sc = t2.scalar = this.dir.scalar(t2.tag);
      const step2 = es.step;
      if (step2 < t2.lastStep) this.steps(t2, step2, recOffset);
      else t2.lastStep = step2;
      sc.push(step2, es.wallTime, es.simpleValue);
      return;
    }
    es.scan(buf, ds, de);
    const wallTime = es.wallTime;
    if (!es.hasWallTime) this.eventsWithoutWallTime++;
    const step = es.step;
    const s2 = es.whatStart, e = es.whatEnd;
    switch (es.what) {
      case What.summary:
        this.summary(buf, s2, e, step, wallTime, recOffset);
        break;
      case What.fileVersion: {
        const v = decodeUtf8(buf, s2, e);
        const info = this.source.info ??= {};
        if (info.fileVersion === void 0) info.fileVersion = v;
        break;
      }
      case What.sessionLog:
        this.sessionLog(buf, s2, e, step, wallTime, recOffset);
        break;
      case What.graphDef:
        this.dir.graphs.push({ file: this.file, step, kind: "graph_def", bytes: e - s2 });
        break;
      case What.metaGraphDef:
        this.dir.graphs.push({ file: this.file, step, kind: "meta_graph_def", bytes: e - s2 });
        break;
      case What.taggedRunMetadata: {
        const m = decodeTaggedRunMetadata(buf, s2, e);
        this.dir.graphs.push({ file: this.file, step, kind: "run_metadata", bytes: m.runMetadataBytes });
        const info = this.source.info ??= {};
        info.runMetadataTags = info.runMetadataTags ? `${info.runMetadataTags},${m.tag}` : m.tag;
        break;
      }
      case What.logMessage: {
        const m = decodeLogMessage(buf, s2, e);
        const info = this.source.info ??= {};
        info.logMessages = (Number(info.logMessages) || 0) + 1;
        if (m.level >= 30) this.problem(recOffset, "decode", "info", `log message (level ${m.level}) at step ${step}: ${m.message}`);
        break;
      }
    }
    if (es.sourceStart >= 0) {
      const info = this.source.info ??= {};
      if (info.writer === void 0) info.writer = decodeSourceWriter(buf, es.sourceStart, es.sourceEnd);
    }
  }
  sessionLog(buf, s2, e, step, wallTime, recOffset) {
    const sl = decodeSessionLog(buf, s2, e);
    this.dir.sessions.push({ step, wallTime, status: sl.status, file: this.file, message: sl.msg || sl.checkpointPath || void 0 });
    if (sl.status !== "start") return;
    const dropped = this.dir.purgeFromStep(step);
    for (const t2 of this.st.byName.values()) if (t2.lastStep >= step) t2.lastStep = step - 1;
    if (dropped > 0) {
      this.problem(
        recOffset,
        "restart",
        "info",
        `SessionLog START at step ${step} (a restart): ${dropped} point(s) at steps >= ${step} written before it were dropped, as TensorBoard does`
      );
    }
  }
  tagState(buf, ts, te) {
    return this.st.lookup(buf, ts, te) ?? this.st.add(buf, ts, te);
  }
  steps(t2, step, recOffset) {
    if (step < t2.lastStep) {
      if (!t2.backwards) {
        const p = this.problem(recOffset, "steps_backwards", "warning", "");
        t2.backwards = { problem: p, times: 0 };
        p.message = `tag "${t2.tag}": step went back from ${t2.lastStep} to ${step} without a SessionLog START (points kept)`;
      }
      t2.backwards.times++;
      if (t2.backwards.times > 1) {
        const m = t2.backwards.problem.message.replace(/ \(\d+ times in all\)$/, "");
        t2.backwards.problem.message = `${m} (${t2.backwards.times} times in all)`;
      }
    }
    t2.lastStep = step;
  }
  summary(buf, s2, e, step, wallTime, recOffset) {
    const vs = this.vs;
    vs.reset(buf, s2, e);
    while (vs.next()) {
      const t2 = this.tagState(buf, vs.tagStart, vs.tagEnd);
      if (vs.kind === VK.simpleValue) {
        if (vs.metaStart >= 0) this.metadata(t2, buf, vs.metaStart, vs.metaEnd);
        let sc = t2.scalar;
        if (sc === void 0) sc = t2.scalar = this.dir.scalar(t2.tag);
        if (step < t2.lastStep) this.steps(t2, step, recOffset);
        else t2.lastStep = step;
        sc.push(step, wallTime, vs.simpleValue);
        continue;
      }
      this.otherValue(t2, buf, step, wallTime, recOffset);
    }
  }
  metadata(t2, buf, ms, me) {
    const m = decodeSummaryMetadata(buf, ms, me);
    const p = { pluginName: m.pluginName, content: m.content };
    if (m.displayName) p.displayName = m.displayName;
    if (m.summaryDescription) p.summaryDescription = m.summaryDescription;
    if (m.dataClass !== void 0) p.dataClass = m.dataClass;
    t2.plugin = p;
    this.dir.plugins.set(t2.tag, p);
  }
  otherValue(t2, buf, step, wallTime, recOffset) {
    const vs = this.vs;
    const dir = this.dir;
    if (vs.metaStart >= 0) this.metadata(t2, buf, vs.metaStart, vs.metaEnd);
    const plugin = t2.plugin?.pluginName ?? "";
    const vstart = vs.valueStart, vend = vs.valueEnd;
    switch (vs.kind) {
      case VK.histo: {
        this.steps(t2, step, recOffset);
        let series = t2.histogram;
        if (series === void 0) series = t2.histogram = dir.histogram(t2.tag);
        const hs = this.hs;
        if (this.viewOf !== buf) {
          this.viewOf = buf;
          this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
        }
        const bound = this.inputEnd - this.base - vstart >>> 3;
        const h = (hs.scan(buf, vstart, vend) ? histogramFromScan(hs, buf, this.view, this.histogramStore, bound, t2, step, wallTime) : void 0) ?? histogramFromProto(decodeHistogramProto(buf, vstart, vend), step, wallTime);
        series.push(h);
        return;
      }
      case VK.image: {
        this.steps(t2, step, recOffset);
        const img = decodeImage(buf, vstart, vend);
        dir.image(t2.tag).push({ step, wallTime, width: img.width, height: img.height, colorspace: img.colorspace, encoded: img.encoded, mime: guessMime(img.encoded) });
        return;
      }
      case VK.audio: {
        this.steps(t2, step, recOffset);
        const a = decodeAudio(buf, vstart, vend);
        dir.audioSeries(t2.tag).push({ step, wallTime, sampleRate: a.sampleRate, numChannels: a.numChannels, lengthFrames: a.lengthFrames, contentType: a.contentType, byteLength: a.byteLength });
        return;
      }
      case VK.tensor: {
        this.tensor(t2, plugin, decodeTensorProto(buf, vstart, vend), step, wallTime, recOffset);
        return;
      }
      case VK.oldStyleHistogram:
        this.problem(recOffset, "decode", "warning", `tag "${t2.tag}": obsolete old-style histogram value (not readable, skipped)`);
        return;
      default:
        if (plugin === "hparams") this.hparams(t2, recOffset);
    }
  }
  tensor(t2, plugin, tv, step, wallTime, recOffset) {
    const dir = this.dir;
    if (plugin === "hparams") {
      this.hparams(t2, recOffset);
      return;
    }
    if (plugin === "custom_scalars" || t2.tag === CUSTOM_SCALARS_TAG) {
      const b = tv.stringBytes?.[0];
      if (b) {
        try {
          dir.customScalarLayout = decodeCustomScalarLayout(b);
        } catch (err) {
          this.problem(recOffset, "decode", "warning", `tag "${t2.tag}": custom-scalar layout does not decode: ${err.message}`);
        }
      }
      return;
    }
    const numeric = tv.values instanceof Float64Array;
    if (plugin === "scalars" && numeric) {
      const v = tv.values;
      if (v.length >= 1) {
        let sc = t2.scalar;
        if (sc === void 0) sc = t2.scalar = dir.scalar(t2.tag);
        this.steps(t2, step, recOffset);
        sc.push(step, wallTime, v[0]);
        return;
      }
    }
    if (plugin === "histograms" && numeric && tv.shape.length === 2 && tv.shape[1] === 3) {
      this.steps(t2, step, recOffset);
      dir.histogram(t2.tag).push(histogramFromK3(tv, step, wallTime));
      return;
    }
    if (plugin === "text" && !numeric) {
      this.steps(t2, step, recOffset);
      dir.text(t2.tag).push({ step, wallTime, text: tv.values.join("\n") });
      return;
    }
    if (tv.dtype === DT.STRING && !plugin && tv.values.length === 1 && t2.tag.endsWith("/text_summary")) {
      this.steps(t2, step, recOffset);
      dir.text(t2.tag).push({ step, wallTime, text: tv.values[0] });
      return;
    }
    this.steps(t2, step, recOffset);
    dir.tensor(t2.tag).push(tensorValue(tv, step, wallTime));
  }
  hparams(t2, recOffset) {
    const content = t2.plugin?.content;
    if (!content) return;
    let d;
    try {
      d = decodeHParamsPluginData(content);
    } catch (err) {
      this.problem(recOffset, "hparams", "warning", `tag "${t2.tag}": hparams plugin data does not decode: ${err.message}`);
      return;
    }
    const dir = this.dir;
    const sess = dir.hparamsSession ??= {};
    if (d.kind === "session_start") {
      for (const [name, value] of d.hparams) {
        if (value === null) continue;
        const hp2 = { name, value, sourceKind: "hparams_plugin", source: this.file };
        const i = dir.hparams.findIndex((h) => h.name === name && h.sourceKind === "hparams_plugin");
        if (i >= 0) dir.hparams[i] = hp2;
        else dir.hparams.push(hp2);
      }
      if (d.startTimeSecs) sess.startTime = d.startTimeSecs;
      if (d.groupName) sess.group = d.groupName;
    } else if (d.kind === "session_end") {
      sess.status = d.status;
      if (d.endTimeSecs) sess.endTime = d.endTimeSecs;
    } else if (d.kind === "experiment") {
      sess.metrics = d.metricInfos.map((m) => m.group ? `${m.group}/${m.tag}` : m.tag);
    }
  }
};
function issueProblemOf(i, base, file) {
  const at2 = base + i.offset;
  const shifted = "skippedTo" in i ? { ...i, offset: at2, skippedTo: base + i.skippedTo } : { ...i, offset: at2 };
  const message = describeTFRecordIssue(shifted);
  switch (i.kind) {
    case "bad_data_crc":
      return { file, offset: at2, code: "bad_data_crc", severity: "error", message };
    case "truncated":
      return { file, offset: at2, code: "truncated", severity: "warning", message };
    case "too_large":
      return { file, offset: at2, code: "too_large", severity: "error", message };
    case "not_event_file":
      return { file, offset: at2, code: "not_event_file", severity: "error", message };
    case "bad_length_crc":
      return { file, offset: at2, code: i.resynced ? "resynced" : "bad_length_crc", severity: "error", message };
  }
}
function startRead(dir, relPath, source, base, inputEnd) {
  const tailProblemAt = source.info?.tailProblemAt;
  if (typeof tailProblemAt === "number" && tailProblemAt >= base) {
    for (let i = dir.problems.length - 1; i >= 0; i--) {
      const p = dir.problems[i];
      if (p.file === relPath && p.offset === tailProblemAt && (p.code === "truncated" || p.code === "bad_length_crc" || p.code === "not_event_file")) dir.problems.splice(i, 1);
    }
  }
  return new FileRead(dir, relPath, source, base, inputEnd);
}
function finishRead(fr) {
  const source = fr.source;
  source.records += fr.records;
  source.readOffset = fr.resumeAt;
  const info = source.info ??= {};
  if (fr.tailAt !== void 0) info.tailProblemAt = fr.tailAt;
  else delete info.tailProblemAt;
  if (fr.badDataCrc) info.badDataCrc = (Number(info.badDataCrc) || 0) + fr.badDataCrc;
  if (fr.eventsWithoutWallTime) info.eventsWithoutWallTime = (Number(info.eventsWithoutWallTime) || 0) + fr.eventsWithoutWallTime;
}
function readChunk(fr, buf, base, opts, final) {
  const sc = new TFRecordScanner(buf, 0, { verifyDataCrc: opts.verifyDataCrc ?? true, maxRecordBytes: opts.maxRecordBytes, resync: final });
  const dir = fr.dir, relPath = fr.file;
  const issueProblem = base === fr.start ? issueProblemOf : (i, b, f) => issueProblemOf(i.kind === "not_event_file" ? { kind: "bad_length_crc", offset: i.offset, skippedTo: i.skippedTo, resynced: false } : i, b, f);
  fr.base = base;
  let issuesSeen = 0;
  let records = 0;
  while (sc.next()) {
    records++;
    if (sc.issues.length !== issuesSeen) {
      while (issuesSeen < sc.issues.length) dir.problems.push(issueProblem(sc.issues[issuesSeen++], base, relPath));
    }
    try {
      fr.event(buf, sc.dataStart, sc.dataEnd, base + sc.recordOffset);
    } catch (err) {
      fr.decodeErrors++;
      const why = err instanceof WireError ? err.message : `${err?.name ?? "Error"}: ${err?.message ?? String(err)}`;
      fr.problem(base + sc.recordOffset, "decode", "error", `record framed fine (CRCs valid) but its Event does not decode: ${why} (record skipped)`);
    }
  }
  fr.records += records;
  fr.badDataCrc += sc.badDataCrc;
  if (!final && sc.stop !== "eof") {
    while (issuesSeen < sc.issues.length - 1) dir.problems.push(issueProblem(sc.issues[issuesSeen++], base, relPath));
    fr.resumeAt = base + sc.resumeOffset;
    return sc.stop === "truncated" ? { next: sc.resumeOffset } : { next: sc.resumeOffset, damagedAt: sc.resumeOffset };
  }
  let tailAt;
  while (issuesSeen < sc.issues.length) {
    const i = sc.issues[issuesSeen++];
    const p = issueProblem(i, base, relPath);
    dir.problems.push(p);
    if (sc.stop !== "eof" && issuesSeen === sc.issues.length) tailAt = p.offset;
  }
  fr.tailAt = tailAt;
  fr.resumeAt = base + sc.resumeOffset;
  return { next: sc.resumeOffset };
}
var READ_CHUNK_BYTES = 8 << 20;
async function readFully(fh, buf, at2, n, pos) {
  let got = 0;
  while (got < n) {
    const { bytesRead } = await fh.read(buf, at2 + got, n - got, pos + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}
async function readEventFile(absPath, relPath, dir, source, opts = {}) {
  let src = source;
  if (!src) {
    src = { path: relPath, format: "tfevents", readOffset: 0, size: 0, records: 0 };
    dir.sources.push(src);
  }
  const fh = await fsp.open(absPath, "r");
  try {
    const { size } = await fh.stat();
    if (size < src.readOffset) {
      dir.problems.push({ file: relPath, offset: size, code: "truncated", severity: "warning", message: `file shrank from ${src.readOffset} to ${size} bytes; read again from the start (points already read are kept)` });
      src.readOffset = 0;
    }
    src.size = size;
    const n = size - src.readOffset;
    if (n <= 0) return src;
    const fr = startRead(dir, relPath, src, src.readOffset, size);
    let buf = Buffer.allocUnsafe(Math.min(n, Math.max(16, opts.readChunkBytes ?? READ_CHUNK_BYTES)));
    let bufBase = src.readOffset, filled = 0;
    for (; ; ) {
      const want = Math.min(buf.length - filled, size - bufBase - filled);
      const got = await readFully(fh, buf, filled, want, bufBase + filled);
      filled += got;
      const final = got < want || bufBase + filled >= size;
      const r = readChunk(fr, buf.subarray(0, filled), bufBase, opts, final);
      if (final) break;
      if (r.damagedAt !== void 0) {
        const restBase = bufBase + r.damagedAt;
        const rest = Buffer.allocUnsafe(size - restBase);
        const restGot = await readFully(fh, rest, 0, rest.length, restBase);
        readChunk(fr, rest.subarray(0, restGot), restBase, opts, true);
        break;
      }
      const tail = filled - r.next;
      if (tail === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, size - bufBase - r.next));
        buf.copy(bigger, 0, r.next, filled);
        buf = bigger;
      } else buf.copyWithin(0, r.next, filled);
      bufBase += r.next;
      filled = tail;
    }
    finishRead(fr);
  } finally {
    await fh.close();
  }
  return src;
}

// src/reader/run_grouping.ts
var PHASE_DIRS = /* @__PURE__ */ new Set(["train", "validation", "val", "eval", "evaluation", "test", "training", "valid"]);
var TIMESTAMP_DIR = /^\d{9,11}\.\d+$/;
var EVENT_NAME = /tfevents\.(\d+)\.?(.*)$/;
function parentDir(d) {
  if (d === ".") return ".";
  const i = d.lastIndexOf("/");
  return i < 0 ? "." : d.slice(0, i);
}
function baseName(p) {
  const i = p.lastIndexOf("/");
  return i < 0 ? p : p.slice(i + 1);
}
function isUnder(child, ancestor) {
  if (ancestor === ".") return child !== ".";
  return child.startsWith(ancestor + "/");
}
var isLogFile = (f) => f.format === "tfevents" || f.format === "mindspore_summary" || f.format === "mindspore_lineage";
var isSideFile = (f) => f.format === "csv" || f.format === "json_log" || f.format === "hparams_json" || f.format === "hparams_yaml";
function eventNameFacts(name) {
  const m = EVENT_NAME.exec(name);
  if (!m) return void 0;
  const host = m[2].replace(/(\.v2)$/, "").replace(/(\.\d+)+$/, "");
  return { secs: Number(m[1]), host };
}
function isAddScalarsSibling(d, dFiles, parentFiles) {
  const base = baseName(d);
  if (!/^.+_.+$/.test(base) || PHASE_DIRS.has(base.toLowerCase())) return false;
  if (dFiles.length === 0 || !dFiles.every((f) => f.format === "tfevents")) return false;
  const mains = parentFiles.filter((f) => f.format === "tfevents").map((f) => eventNameFacts(baseName(f.path))).filter((x) => x !== void 0);
  if (mains.length === 0) return false;
  const minSecs = Math.min(...mains.map((m) => m.secs));
  const hosts = new Set(mains.map((m) => m.host));
  return dFiles.every((f) => {
    const facts = eventNameFacts(baseName(f.path));
    return facts !== void 0 && facts.secs >= minSecs && hosts.has(facts.host);
  });
}
function groupRuns(byDir) {
  const dirs = [...byDir.keys()].sort();
  const attach = /* @__PURE__ */ new Map();
  for (const d of dirs) {
    if (d === ".") continue;
    const files = byDir.get(d);
    const parent = parentDir(d);
    const parentFiles = byDir.get(parent) ?? [];
    const base = baseName(d);
    const hasLog = files.some(isLogFile) || files.some((f) => f.format === "csv" || f.format === "json_log");
    const parentHasEvents = parentFiles.some((f) => f.format === "tfevents");
    if (PHASE_DIRS.has(base.toLowerCase()) && hasLog) attach.set(d, parent);
    else if (parentHasEvents && TIMESTAMP_DIR.test(base) && files.every((f) => f.format === "tfevents")) attach.set(d, parent);
    else if (parentHasEvents && isAddScalarsSibling(d, files, parentFiles)) attach.set(d, parent);
  }
  const rootOf = (d) => {
    let r = d;
    for (let guard = 0; attach.has(r) && guard < 64; guard++) r = attach.get(r);
    return r;
  };
  const members = /* @__PURE__ */ new Map();
  for (const d of dirs) {
    const r = rootOf(d);
    const list = members.get(r);
    if (list) list.push(d);
    else members.set(r, [d]);
  }
  const roots = [...members.keys()].sort((a, b) => b.split("/").length - a.split("/").length || (a < b ? -1 : 1));
  for (const r of roots) {
    const own = members.get(r);
    if (!own) continue;
    const ownFiles = own.flatMap((d) => byDir.get(d) ?? []);
    if (ownFiles.length === 0 || !ownFiles.every(isSideFile)) continue;
    const below = [...members.keys()].filter((x) => x !== r && isUnder(x, r));
    if (below.length !== 1) continue;
    const child = below[0];
    members.set(r, [...own, ...members.get(child)].sort());
    members.delete(child);
  }
  const out = [];
  for (const [name, ds] of members) {
    const files = ds.flatMap((d) => byDir.get(d) ?? []).sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    const dirsWithData = ds.filter((d) => (byDir.get(d) ?? []).some((f) => f.format !== "projector_config"));
    if (dirsWithData.length === 0) continue;
    out.push({ name, dirs: [...ds].sort(), files, totalBytes: files.reduce((n, f) => n + f.size, 0) });
  }
  out.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return out;
}

// src/reader/logdir.ts
var READERS = {
  tfevents: readEventFile,
  mindspore_summary: readMindSporeSummaryFile,
  mindspore_lineage: readMindSporeLineageFile,
  csv: readCsvLog,
  json_log: readJsonLog,
  hparams_json: readHParamsFile,
  hparams_yaml: readHParamsFile
};
function classifyFileName(name) {
  const base = baseName(name);
  if (base.includes("tfevents")) return "tfevents";
  if (/\.summary\.\d+/.test(base)) {
    if (base.endsWith("_lineage")) return "mindspore_lineage";
    if (base.endsWith("_explain")) return void 0;
    if (base.endsWith("_MS") || base.includes(".out.events.summary.")) return "mindspore_summary";
  }
  if (isJsonLogName(base)) return "json_log";
  const hp2 = hparamsFileKind(base);
  if (hp2) return hp2;
  if (/\.csv$/i.test(base)) return "csv";
  if (base === "projector_config.pbtxt") return "projector_config";
  return void 0;
}
function posixRel(root, p) {
  const r = path.relative(root, p).split(path.sep).join("/");
  return r === "" ? "." : r;
}
function ioProblem2(file, e, what) {
  const code = e?.code;
  const reason = code === "EACCES" || code === "EPERM" ? "permission denied" : code === "ENOENT" ? "no such file or directory" : e?.message ?? String(e);
  return { file, code: "io", severity: "error", message: `${what}: ${reason}` };
}
async function discoverLogdir(inputPath) {
  const abs = path.resolve(inputPath);
  const problems = [];
  let st;
  try {
    st = await fsp2.stat(abs);
  } catch (e) {
    return { root: abs, runs: [], problems: [ioProblem2(inputPath, e, "cannot open")] };
  }
  const byDir = /* @__PURE__ */ new Map();
  if (st.isFile()) {
    const root = path.dirname(abs);
    const base = path.basename(abs);
    const format = classifyFileName(base) ?? (/\.json$/i.test(base) ? "hparams_json" : /\.ya?ml$/i.test(base) ? "hparams_yaml" : "tfevents");
    byDir.set(".", [{ path: base, dir: ".", format, size: st.size, mtimeMs: st.mtimeMs }]);
    return { root, runs: groupRuns(byDir), problems };
  }
  if (!st.isDirectory()) {
    return { root: abs, runs: [], problems: [{ file: inputPath, code: "unknown_format", severity: "error", message: "not a file or directory" }] };
  }
  const seen = /* @__PURE__ */ new Set();
  let unknownFiles = 0;
  const walk = async (dirAbs) => {
    let real;
    try {
      real = await fsp2.realpath(dirAbs);
    } catch (e) {
      problems.push(ioProblem2(posixRel(abs, dirAbs), e, "cannot open directory"));
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries;
    try {
      entries = await fsp2.readdir(dirAbs, { withFileTypes: true });
    } catch (e) {
      problems.push(ioProblem2(posixRel(abs, dirAbs), e, "cannot list directory"));
      return;
    }
    entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const rel = posixRel(abs, dirAbs);
    const subdirs = [];
    for (const ent of entries) {
      if (ent.name === ".hydra" && (ent.isDirectory() || ent.isSymbolicLink())) {
        await addHydraConfig(path.join(dirAbs, ent.name), rel);
        continue;
      }
      if (ent.name.startsWith(".") || ent.name === "node_modules" || ent.name === "__pycache__") continue;
      const p = path.join(dirAbs, ent.name);
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        try {
          const s2 = await fsp2.stat(p);
          isDir = s2.isDirectory();
          isFile = s2.isFile();
        } catch (e) {
          problems.push(ioProblem2(posixRel(abs, p), e, "broken symbolic link"));
          continue;
        }
      }
      if (isDir) {
        subdirs.push(p);
        continue;
      }
      if (!isFile) continue;
      const format = classifyFileName(ent.name);
      if (!format) {
        unknownFiles++;
        continue;
      }
      let size = 0, mtimeMs = 0;
      try {
        const s2 = await fsp2.stat(p);
        size = s2.size;
        mtimeMs = s2.mtimeMs;
      } catch (e) {
        problems.push(ioProblem2(posixRel(abs, p), e, "cannot stat"));
        continue;
      }
      const f = { path: rel === "." ? ent.name : `${rel}/${ent.name}`, dir: rel, format, size, mtimeMs };
      const list = byDir.get(rel);
      if (list) list.push(f);
      else byDir.set(rel, [f]);
    }
    for (const s2 of subdirs) await walk(s2);
  };
  const addHydraConfig = async (hydraAbs, rel) => {
    const p = path.join(hydraAbs, "config.yaml");
    let s2;
    try {
      s2 = await fsp2.stat(p);
    } catch {
      return;
    }
    if (!s2.isFile()) return;
    const f = { path: rel === "." ? ".hydra/config.yaml" : `${rel}/.hydra/config.yaml`, dir: rel, format: "hparams_yaml", size: s2.size, mtimeMs: s2.mtimeMs };
    const list = byDir.get(rel);
    if (list) list.push(f);
    else byDir.set(rel, [f]);
  };
  await walk(abs);
  foldCheckpointConfigs(byDir);
  const runs = groupRuns(byDir);
  if (runs.length === 0 && problems.length === 0) {
    problems.push({
      file: inputPath,
      code: "empty",
      severity: "error",
      message: unknownFiles > 0 ? `no training log found (${unknownFiles} file(s), none an event file, MindSpore summary, CSV log or hparams file)` : "empty directory: no training log found"
    });
  }
  return { root: abs, runs, problems };
}
var CHECKPOINT_DIR = /^checkpoint-(\d+)$/;
function foldCheckpointConfigs(byDir) {
  const isConfig = (f) => f.format === "hparams_json" || f.format === "hparams_yaml";
  const byParent = /* @__PURE__ */ new Map();
  for (const [d, files] of byDir) {
    const i = d.lastIndexOf("/");
    const m = CHECKPOINT_DIR.exec(i < 0 ? d : d.slice(i + 1));
    if (!m || d === "." || !files.every(isConfig)) continue;
    const parent = i < 0 ? "." : d.slice(0, i);
    const l = byParent.get(parent) ?? [];
    l.push({ dir: d, n: Number(m[1]) });
    byParent.set(parent, l);
  }
  for (const [parent, cks] of byParent) {
    cks.sort((a, b) => b.n - a.n);
    const own = byDir.get(parent) ?? [];
    const ownNames = new Set(own.map((f) => baseName(f.path).toLowerCase()));
    const moved = (byDir.get(cks[0].dir) ?? []).filter((f) => !ownNames.has(baseName(f.path).toLowerCase())).map((f) => ({ ...f, dir: parent }));
    for (const c2 of cks) byDir.delete(c2.dir);
    if (moved.length) byDir.set(parent, [...own, ...moved]);
  }
}
async function discoverRuns(p) {
  return (await discoverLogdir(p)).runs;
}
var runOptions = /* @__PURE__ */ new WeakMap();
function rootDir(root) {
  const abs = path.resolve(root);
  try {
    if (fs5.statSync(abs).isFile()) return path.dirname(abs);
  } catch {
  }
  return abs;
}
function dirFor(run, dirPath) {
  let d = run.dirs.find((x) => x.path === dirPath);
  if (!d) {
    d = new RunDir(dirPath);
    run.dirs.push(d);
    run.dirs.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  }
  return d;
}
async function readFile(rootAbs, run, f, opts) {
  const dir = dirFor(run, f.dir);
  const existing = dir.sources.find((s2) => s2.path === f.path);
  const reader = READERS[f.format];
  if (f.format === "projector_config") return;
  const abs = path.join(rootAbs, f.path);
  const emptyIdx = dir.problems.findIndex((p) => p.file === f.path && p.code === "empty");
  if (f.size === 0) {
    if (emptyIdx < 0) dir.problems.push({ file: f.path, offset: 0, code: "empty", severity: "warning", message: "0-byte file: nothing written yet" });
    if (!existing) {
      dir.sources.push({ path: f.path, format: f.format, readOffset: 0, size: 0, records: 0 });
    }
    return;
  }
  if (emptyIdx >= 0) dir.problems.splice(emptyIdx, 1);
  try {
    await fsp2.access(abs, fs5.constants.R_OK);
  } catch (e) {
    if (!dir.problems.some((p) => p.file === f.path && p.code === "io")) dir.problems.push({ ...ioProblem2(f.path, e, "cannot read"), offset: 0 });
    return;
  }
  if (!reader) {
    if (!dir.problems.some((p) => p.file === f.path && p.code === "unknown_format")) {
      dir.problems.push({ file: f.path, code: "unknown_format", severity: "warning", message: `no reader for ${f.format} files in this build` });
    }
    return;
  }
  try {
    await reader(abs, f.path, dir, existing, { verifyDataCrc: opts.verifyDataCrc ?? true });
  } catch (e) {
    const code = e?.code;
    dir.problems.push(code ? ioProblem2(f.path, e, "cannot read") : {
      file: f.path,
      offset: existing?.readOffset ?? 0,
      code: "decode",
      severity: "error",
      message: `reading failed: ${e?.message ?? String(e)}`
    });
  }
}
var HPARAM_SOURCE_RANK = {
  hparams_plugin: 0,
  hparams_yaml: 1,
  hparams_json: 2,
  mindspore_lineage: 3,
  config_yaml: 4,
  config_json: 5,
  trainer_state: 6,
  model_config: 10
};
function sameValue(a, b) {
  if (typeof a === "number" && typeof b === "number") return a === b || Number.isNaN(a) && Number.isNaN(b) || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  return a === b;
}
function mergeHParams(run) {
  const all = run.dirs.flatMap((d) => d.hparams);
  const rank = (h) => HPARAM_SOURCE_RANK[h.sourceKind] ?? 9;
  const ordered = all.map((h, i) => ({ h, i })).sort((a, b) => rank(a.h) - rank(b.h) || (a.h.source < b.h.source ? -1 : a.h.source > b.h.source ? 1 : 0) || a.i - b.i);
  run.hparams = /* @__PURE__ */ new Map();
  run.hparamConflicts = [];
  for (const { h } of ordered) {
    const first = run.hparams.get(h.name);
    if (!first) {
      run.hparams.set(h.name, h);
      continue;
    }
    if (!sameValue(first.value, h.value)) {
      if (!run.hparamConflicts.includes(first)) run.hparamConflicts.push(first);
      run.hparamConflicts.push(h);
    }
  }
}
function hasData(run) {
  return run.dirs.some((d) => d.scalars.size + d.histograms.size + d.tensors.size + d.images.size + d.audio.size + d.texts.size + d.hparams.length > 0 || d.graphs.length > 0 || d.lineage !== void 0);
}
function finalize(run, extra, opts) {
  dropShadowedLogHistory(run);
  mergeHParams(run);
  run.roles = assignRoles(run, opts.roleOverrides);
  const seen = /* @__PURE__ */ new Set();
  run.problems = [];
  for (const p of [...extra, ...run.dirs.flatMap((d) => d.problems)]) {
    const k2 = `${p.file}\0${p.offset ?? ""}\0${p.line ?? ""}\0${p.code}\0${p.message}`;
    if (seen.has(k2)) continue;
    seen.add(k2);
    run.problems.push(p);
  }
  run.failed = !hasData(run) && run.problems.some((p) => p.severity !== "info") ? true : void 0;
  if (run.failed === void 0) delete run.failed;
}
async function loadRun(root, d, opts = {}) {
  const rootAbs = rootDir(root);
  const run = { name: d.name, dirs: d.dirs.map((p) => new RunDir(p)), hparams: /* @__PURE__ */ new Map(), hparamConflicts: [], roles: [], problems: [] };
  runOptions.set(run, opts);
  for (const f of d.files) await readFile(rootAbs, run, f, opts);
  finalize(run, [], opts);
  return run;
}
function fingerprint(run) {
  let n = `${run.dirs.length}`;
  for (const d of run.dirs) {
    n += `|${d.sources.length}:${d.problems.length}:${d.hparams.length}`;
    for (const s2 of d.sources) n += `,${s2.readOffset}:${s2.records}:${s2.size}:${typeof s2.info?.stamp === "string" ? s2.info.stamp : ""}`;
  }
  return n;
}
async function refreshRun(root, run) {
  const opts = runOptions.get(run) ?? {};
  const rootAbs = rootDir(root);
  const before = fingerprint(run);
  const runAbs = run.name === "." ? rootAbs : path.join(rootAbs, run.name);
  const rootIsFile = rootAbs !== path.resolve(root);
  const disc = await discoverLogdir(rootIsFile ? path.resolve(root) : runAbs);
  const own = disc.runs.find((r) => r.name === ".");
  const extra = [];
  if (own) {
    const prefix = run.name === "." ? "" : `${run.name}/`;
    for (const f of own.files) {
      const rel = { ...f, path: prefix + f.path, dir: f.dir === "." ? run.name : prefix + f.dir };
      const dir = run.dirs.find((x) => x.path === rel.dir);
      const src = dir?.sources.find((s2) => s2.path === rel.path);
      if (src && src.size === rel.size && rel.format !== "hparams_json" && rel.format !== "hparams_yaml" && src.readOffset >= rel.size) continue;
      await readFile(rootAbs, run, rel, opts);
    }
  } else {
    for (const p of disc.problems) extra.push({ ...p, file: run.name === "." ? p.file : `${run.name}/${p.file === "." ? "" : p.file}`.replace(/\/$/, "") });
  }
  const changed = fingerprint(run) !== before || extra.length > 0;
  if (changed) finalize(run, extra, opts);
  return changed;
}
async function loadExperiment(p, opts = {}) {
  const disc = await discoverLogdir(p);
  const runs = [];
  for (const d of disc.runs) runs.push(await loadRun(disc.root, d, opts));
  return { root: disc.root, runs, problems: disc.problems };
}
function dropShadowedLogHistory(run) {
  for (const d of run.dirs) {
    for (const src of d.sources) {
      for (const tag of ownedScalarTags(src)) {
        const elsewhere = run.dirs.some((o) => o !== d && o.scalars.has(tag) && o.sources.some((x) => x.format === "tfevents"));
        if (elsewhere) d.scalars.delete(tag);
      }
    }
  }
}

// src/cli/common.ts
var UsageError = class extends Error {
  exitCode = 2;
  constructor(message) {
    super(message);
    this.name = "UsageError";
  }
};
function failWithUsage(command, message) {
  process.stderr.write(`trainscope ${command}: ${message.replace(/\s*\n\s*/g, " ")}
`);
  process.exitCode = 2;
}
function checkInputPath(p) {
  if (p === void 0 || p === "") throw new UsageError("no PATH given");
  const abs = path2.resolve(p);
  let st;
  try {
    st = fs6.statSync(abs);
  } catch (e) {
    const code = e.code;
    if (code === "ENOENT") throw new UsageError(`${p}: no such file or directory`);
    if (code === "EACCES") throw new UsageError(`${p}: permission denied`);
    throw new UsageError(`${p}: cannot access (${code ?? String(e)})`);
  }
  try {
    fs6.accessSync(abs, fs6.constants.R_OK | (st.isDirectory() ? fs6.constants.X_OK : 0));
  } catch {
    throw new UsageError(`${p}: permission denied`);
  }
  if (st.isDirectory()) {
    if (fs6.readdirSync(abs).length === 0) throw new UsageError(`${p}: empty directory, nothing to read`);
  } else if (!st.isFile()) {
    throw new UsageError(`${p}: not a file or directory`);
  } else if (st.size === 0) {
    throw new UsageError(`${p}: empty file (0 bytes), nothing to read`);
  }
  return abs;
}
async function runCommand(command, body) {
  try {
    await body();
  } catch (e) {
    if (e instanceof UsageError) {
      failWithUsage(command, e.message);
    } else if (e?.code === "EPIPE") {
    } else {
      process.stderr.write(`trainscope ${command}: internal error: ${e?.stack ?? String(e)}
`);
      process.exitCode = 1;
    }
  }
}
function writeChunk(out, chunk) {
  if (out.write(chunk)) return;
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      out.off("error", onError);
      resolve();
    };
    const onError = (err) => {
      out.off("drain", onDrain);
      reject(err);
    };
    out.once("drain", onDrain);
    out.once("error", onError);
  });
}
function formatNumber(v) {
  if (v !== v) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  return String(v);
}
async function loadExperimentOrFail(p, opts = {}) {
  checkInputPath(p);
  const exp = await loadExperiment(p, opts);
  if (exp.runs.length === 0 || exp.runs.every((r) => r.failed)) {
    const problems = [...exp.problems, ...exp.runs.flatMap((r) => r.problems)];
    const first = problems.find((x) => x.severity === "error") ?? problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : "";
    throw new UsageError(`${p}: nothing readable${first ? `: ${formatProblem(first)}` : ""}${more}`);
  }
  return exp;
}

// src/cli/commands/inspect.ts
function parseRoleOverride(text) {
  const i = text.lastIndexOf("=");
  const pattern = i > 0 ? text.slice(0, i) : "";
  const role = i > 0 ? text.slice(i + 1).trim() : "";
  if (!pattern || !ALL_ROLES.includes(role)) {
    throw new UsageError(`--role ${text}: expected KEY=ROLE with ROLE one of ${ALL_ROLES.join(", ")}`);
  }
  if (pattern.length >= 2 && pattern.startsWith("/") && pattern.endsWith("/")) {
    try {
      new RegExp(pattern.slice(1, -1));
    } catch (e) {
      throw new UsageError(`--role ${text}: bad regular expression (${e.message})`);
    }
  }
  return { pattern, role };
}
function summarizeTags(run) {
  const roles = new Map(run.roles.map((r) => [`${r.kind}\0${r.key}`, r]));
  const out = [];
  for (const d of run.dirs) {
    const all = [...d.scalars.values(), ...d.histograms.values(), ...d.tensors.values(), ...d.images.values(), ...d.audio.values(), ...d.texts.values()];
    for (const s2 of all) {
      const key = seriesKey(run.name, d.path, s2.tag);
      let steps;
      let nan = 0, posInf = 0, negInf = 0;
      if (s2.kind === "scalar") {
        steps = s2.steps;
        ({ nan, posInf, negInf } = s2.nonFinite);
      } else {
        steps = s2.points.map((p) => p.step);
        if (s2.kind === "histogram") for (const p of s2.points) {
          nan += p.nonFinite.nan;
          posInf += p.nonFinite.posInf;
          negInf += p.nonFinite.negInf;
        }
        if (s2.kind === "tensor") {
          for (const p of s2.points) {
            if (typeof p.values[0] === "string") continue;
            for (const v of p.values) {
              if (v !== v) nan++;
              else if (v === Infinity) posInf++;
              else if (v === -Infinity) negInf++;
            }
          }
        }
      }
      let minStep = Infinity, maxStep = -Infinity;
      for (let i = 0; i < steps.length; i++) {
        if (steps[i] < minStep) minStep = steps[i];
        if (steps[i] > maxStep) maxStep = steps[i];
      }
      const n = steps.length;
      const r = roles.get(`${s2.kind}\0${key}`);
      const t2 = {
        key,
        dir: d.path,
        tag: s2.tag,
        kind: s2.kind,
        count: n,
        firstStep: n ? steps[0] : null,
        lastStep: n ? steps[n - 1] : null,
        minStep: n ? minStep : null,
        maxStep: n ? maxStep : null,
        nan,
        posInf,
        negInf
      };
      if (r) {
        t2.role = r.role;
        t2.rule = r.rule;
        if (r.layer !== void 0) t2.layer = r.layer;
        if (r.metric !== void 0) t2.metric = r.metric;
        if (r.granularity !== void 0) t2.granularity = r.granularity;
      }
      out.push(t2);
    }
  }
  return out;
}
function inspectJson(exp) {
  return {
    schema: 1,
    root: exp.root,
    runs: exp.runs.map((run) => ({
      run: run.name,
      failed: run.failed === true,
      dirs: run.dirs.map((d) => d.path),
      sources: run.dirs.flatMap((d) => d.sources.map((s2) => ({
        path: s2.path,
        format: s2.format,
        size: s2.size,
        readOffset: s2.readOffset,
        records: s2.records,
        info: s2.info ? Object.fromEntries(Object.entries(s2.info).filter(([k2]) => k2 !== "csvState" && k2 !== "stamp")) : void 0
      }))),
      tags: summarizeTags(run),
      roles: preferredRoleKeys(run.roles),
      hparams: [...run.hparams.values()].map(hparamJson),
      hparamConflicts: run.hparamConflicts.map(hparamJson),
      problems: run.problems.map(problemJson)
    })),
    problems: exp.problems.map(problemJson)
  };
}
function hparamJson(h) {
  return { name: h.name, value: typeof h.value === "number" && !Number.isFinite(h.value) ? formatNumber(h.value) : h.value, sourceKind: h.sourceKind, source: h.source };
}
function problemJson(p) {
  return { ...p, text: formatProblem(p) };
}
function fmtSteps(t2) {
  if (t2.count === 0) return "-";
  return t2.minStep === t2.maxStep ? `${t2.minStep}` : `${t2.minStep}..${t2.maxStep}`;
}
function pad(s2, n) {
  return s2.length >= n ? s2 : s2 + " ".repeat(n - s2.length);
}
function table(rows, indent) {
  const widths = rows[0].map((_, c2) => Math.max(...rows.map((r) => (r[c2] ?? "").length)));
  return rows.map((r) => indent + r.map((x, c2) => c2 === r.length - 1 ? x : pad(x, widths[c2])).join("  ")).join("\n") + "\n";
}
function valueText(v) {
  return typeof v === "number" ? formatNumber(v) : typeof v === "string" ? JSON.stringify(v) : String(v);
}
function inspectText(exp) {
  let out = `${exp.root}: ${exp.runs.length} training run(s)
`;
  for (const run of exp.runs) {
    const files = run.dirs.reduce((n, d) => n + d.sources.length, 0);
    out += `
run ${run.name}${run.failed ? "  [FAILED: nothing readable]" : ""}  (${run.dirs.length} dir(s), ${files} file(s))
`;
    out += "  sources:\n";
    const srcRows = [["path", "format", "bytes", "read", "records", "facts"]];
    for (const d of run.dirs) for (const s2 of d.sources) {
      const facts = s2.info ? Object.entries(s2.info).filter(([k2]) => k2 !== "csvState" && k2 !== "stamp" && k2 !== "columns").map(([k2, v]) => `${k2}=${v}`).join(" ") : "";
      srcRows.push([s2.path, s2.format, String(s2.size), String(s2.readOffset), String(s2.records), facts]);
    }
    out += table(srcRows, "    ");
    const tags = summarizeTags(run);
    out += `  tags (${tags.length}):
`;
    if (tags.length) {
      const rows = [["key", "kind", "count", "steps", "nan", "inf", "-inf", "role (rule)"]];
      for (const t2 of tags) {
        const role = t2.role ? `${t2.role}${t2.layer ? `[${t2.layer}]` : ""}${t2.metric ? `[${t2.metric}]` : ""}${t2.granularity ? ` per ${t2.granularity}` : ""} (${t2.rule})` : "";
        rows.push([t2.key, t2.kind, String(t2.count), fmtSteps(t2), String(t2.nan), String(t2.posInf), String(t2.negInf), role]);
      }
      out += table(rows, "    ");
    }
    const pref = preferredRoleKeys(run.roles);
    const prefText = Object.entries(pref).map(([r, k2]) => `${r}=${k2}`).join(", ");
    if (prefText) out += `  main roles: ${prefText}
`;
    if (run.hparams.size) {
      out += `  hyper-parameters (${run.hparams.size}):
`;
      out += table([...run.hparams.values()].map((h) => [h.name, "=", valueText(h.value), `(${h.sourceKind}: ${h.source})`]), "    ");
    }
    if (run.hparamConflicts.length) {
      out += "  hyper-parameter conflicts:\n";
      out += table(run.hparamConflicts.map((h) => [h.name, "=", valueText(h.value), `(${h.sourceKind}: ${h.source})`]), "    ");
    }
    if (run.problems.length) {
      out += `  problems (${run.problems.length}):
`;
      for (const p of run.problems) out += `    ${p.severity}: ${formatProblem(p)}
`;
    }
  }
  if (exp.problems.length) {
    out += `
problems outside runs (${exp.problems.length}):
`;
    for (const p of exp.problems) out += `  ${p.severity}: ${formatProblem(p)}
`;
  }
  return out;
}
function registerInspect(program2) {
  program2.command("inspect").description("List runs, source files, tags (kind, count, steps, NaN/Inf, role), hyper-parameters and problems under PATH").argument("<PATH>", "logdir or one log file").option("--json", "print one JSON document instead of text").option("--role <KEY=ROLE>", "override the role of a series (KEY a series key or /regex/); repeatable", (v, prev) => [...prev, v], []).action(async (p, opts) => {
    await runCommand("inspect", async () => {
      const roleOverrides = opts.role.map(parseRoleOverride);
      const exp = await loadExperimentOrFail(p, { roleOverrides });
      process.stdout.write(opts.json ? JSON.stringify(inspectJson(exp), null, 2) + "\n" : inspectText(exp));
    });
  });
}

// src/cli/commands/export.ts
var CHUNK = 1 << 16;
function csvField(s2) {
  return /[",\r\n]/.test(s2) ? `"${s2.replace(/"/g, '""')}"` : s2;
}
function jsonNumber(v) {
  return Number.isFinite(v) ? String(v) : `"${formatNumber(v)}"`;
}
async function writeExport(exp, format, tagFilter, out) {
  let buf = format === "csv" ? "run,tag,step,wall_time,value\n" : "[";
  let rows = 0;
  for (const run of exp.runs) {
    for (const d of run.dirs) {
      for (const s2 of d.scalars.values()) {
        if (tagFilter && !tagFilter.test(s2.tag)) continue;
        const steps = s2.steps, walls = s2.wallTimes, values = s2.values;
        if (format === "csv") {
          const prefix = `${csvField(d.path)},${csvField(s2.tag)},`;
          for (let i = 0; i < s2.length; i++) {
            buf += `${prefix}${formatNumber(steps[i])},${formatNumber(walls[i])},${formatNumber(values[i])}
`;
            if (buf.length >= CHUNK) {
              await writeChunk(out, buf);
              buf = "";
            }
          }
        } else {
          const prefix = `{"run":${JSON.stringify(d.path)},"tag":${JSON.stringify(s2.tag)},"step":`;
          for (let i = 0; i < s2.length; i++) {
            buf += `${rows + i === 0 ? "\n" : ",\n"}${prefix}${jsonNumber(steps[i])},"wall_time":${jsonNumber(walls[i])},"value":${jsonNumber(values[i])}}`;
            if (buf.length >= CHUNK) {
              await writeChunk(out, buf);
              buf = "";
            }
          }
        }
        rows += s2.length;
      }
    }
  }
  if (format === "json") buf += rows ? "\n]\n" : "]\n";
  await writeChunk(out, buf);
  return rows;
}
function registerExport(program2) {
  program2.command("export").description("Write every scalar point under PATH in long form (run,tag,step,wall_time,value) as CSV or JSON, no down-sampling").argument("<PATH>", "logdir or one log file").option("--format <format>", "csv or json", "csv").option("--tags <regex>", "only tags matching this regular expression").action(async (p, opts) => {
    await runCommand("export", async () => {
      const format = opts.format.toLowerCase();
      if (format !== "csv" && format !== "json") throw new UsageError(`--format ${opts.format}: expected csv or json`);
      let filter;
      if (opts.tags !== void 0) {
        try {
          filter = new RegExp(opts.tags);
        } catch (e) {
          throw new UsageError(`--tags ${opts.tags}: not a regular expression (${e.message})`);
        }
      }
      const exp = await loadExperimentOrFail(p);
      await writeExport(exp, format, filter, process.stdout);
    });
  });
}

// src/cli/commands/diagnose.ts
import * as asciichart from "asciichart";

// src/diagnose/knowledge/entry.ts
var SOURCES = {
  guide: "seeds/000 MindSpore accuracy problem locating and optimization guide",
  blog: "seeds/001 MindSpore accuracy tuning series (3): common accuracy problems",
  project: "seeds/002 How to start a deep learning project (parts 5-6: debugging, tuning)",
  training: "seeds/003 MindSpore model training tutorial (hyper-parameters, loss, optimizer)",
  notLearning: "seeds/004 Reasons a neural network does not learn (37 checks)",
  spec: "spec/diagnosis.md",
  checklistIds: "reference/mindinsight.md \xA75 (MindInsight accuracy checklist ids)",
  debugger: "reference/mindinsight.md \xA72 (debugger watch conditions)"
};
function entry(kind, id, category, title, shows, confirm, fixes, related, source) {
  return { id, kind, category, title, shows, confirm, fixes, related, source };
}

// src/diagnose/knowledge/causes.ts
var c = (code, category, title, shows, confirm, fixes, related, source) => entry("cause", `cause.${code}`, category, title, shows, confirm, fixes, related, source);
var CAUSE_ENTRIES = [
  c(
    "learning_rate_too_high",
    "hyper_parameters",
    "Learning rate too high",
    "Loss falls quickly in the first steps and then oscillates, spikes or climbs; in bad cases it becomes Inf/NaN within the first ~100 steps. Weights change by more than ~1e-2 of their size per step; gradient norms jump; a good start followed by a collapse to chance level.",
    "Look at the update/weight ratio (healthy about 1e-3) and at where the loss first turns upwards. Rerun the first few hundred steps with the learning rate divided by 10: if the loss now falls smoothly, the rate was the problem. An LR range test (raise the rate exponentially over one epoch) shows where the loss starts to blow up.",
    ["Divide the learning rate by 3-10 and rerun the first epoch", "Add warm-up over the first few hundred steps", "Use a decaying schedule (step, cosine) instead of a constant rate", "Clip the global gradient norm (e.g. 1.0-5.0) if spikes remain", "Keep learning rate / batch size constant when changing the batch size (linear scaling rule)"],
    ["symptom.loss_diverging", "symptom.loss_oscillating", "symptom.loss_nan_or_inf", "symptom.weight_change_too_large", "hp.01", "learn.36", "learn.37", "hp.05"],
    `${SOURCES.guide} \xA7Hyperparameter Problems 1; ${SOURCES.blog} \xA72; ${SOURCES.notLearning} #36-37`
  ),
  c(
    "learning_rate_too_low",
    "hyper_parameters",
    "Learning rate too low",
    "Loss decreases steadily but very slowly, or looks flat on a linear axis while still falling on a log axis; weights change by far less than 1e-3 of their size per step (often 1e-5 or below); validation metrics creep up.",
    "Compute the mean update/weight ratio per layer (weight_change_too_small watchpoint, ratio < 1e-4). Rerun a short stretch with the rate multiplied by 10: if the loss now falls clearly faster without instability, the rate was too low.",
    ["Multiply the learning rate by 10 and watch the first 100-1000 steps", "Run an LR range test to pick the rate just below where loss starts rising", "Use warm-up + a higher peak rate with decay", "Check the schedule did not decay the rate to ~0 too early"],
    ["symptom.loss_slow_convergence", "symptom.loss_not_decreasing", "symptom.weight_change_too_small", "symptom.still_improving_at_end", "hp.01", "learn.36", "learn.31"],
    `${SOURCES.guide} \xA7Hyperparameter Problems 1; ${SOURCES.blog} \xA72; ${SOURCES.notLearning} #36`
  ),
  c(
    "batch_size_too_large",
    "hyper_parameters",
    "Batch size too large",
    "Very few optimizer steps per epoch (dataset size / batch size small, e.g. < 10); training loss falls slowly per epoch; the loss curve is unusually smooth; training fits but validation is worse than expected (poorer generalisation).",
    "Compare dataset size with batch size (steps per epoch). Rerun with a 4-8x smaller batch and a correspondingly smaller learning rate: better validation results or faster progress per epoch confirm it.",
    ["Reduce the batch size (32 is a safe start; 64-256 also common)", "Scale the learning rate with the batch size (linear scaling) when you change it", "If a large batch is required, use warm-up and a longer schedule"],
    ["symptom.few_steps_per_epoch", "symptom.loss_suspiciously_smooth", "symptom.train_val_gap", "hp.03", "hp.05", "learn.11"],
    `${SOURCES.guide} \xA7Hyperparameter Problems 5, \xA7Selection of Batch Sizes; ${SOURCES.training}; ${SOURCES.notLearning} #11`
  ),
  c(
    "batch_size_too_small",
    "hyper_parameters",
    "Batch size too small",
    "Step-to-step training loss is very noisy (large relative spread between neighbouring steps) and progress per sample is slow; gradient norms vary a lot between steps; BatchNorm statistics are unreliable.",
    "Measure the step-to-step noise of the loss relative to its trend. Rerun with a larger batch (and scaled learning rate): a much smoother loss with equal or better progress per epoch confirms it.",
    ["Increase the batch size (or accumulate gradients over several batches)", "Lower the learning rate if the batch must stay small", "Replace BatchNorm by GroupNorm/LayerNorm for batches below ~8"],
    ["symptom.loss_oscillating", "hp.03", "hp.05"],
    `${SOURCES.training} (batch size too small: slow, serious gradient oscillation)`
  ),
  c(
    "too_few_epochs",
    "hyper_parameters",
    "Too few epochs",
    "At the last logged step the training and validation loss are still clearly falling (and metrics rising); no plateau was reached; the best validation value is at the very end.",
    "Fit a trend to the last 20-30% of the curves: a clearly negative slope of the loss (or positive of accuracy) at the end confirms it. Resume from the last checkpoint for more epochs and see whether the validation metric keeps improving.",
    ["Train longer (resume from the last checkpoint)", "Use early stopping on the validation metric instead of a fixed epoch count", "If time is limited, raise the learning rate moderately or use a one-cycle schedule"],
    ["symptom.still_improving_at_end", "symptom.loss_slow_convergence", "symptom.metric_below_expectation", "hp.02", "learn.31"],
    `${SOURCES.guide} \xA7Hyperparameter Problems 4; ${SOURCES.blog} \xA72; ${SOURCES.notLearning} #31`
  ),
  c(
    "too_many_epochs",
    "hyper_parameters",
    "Too many epochs",
    "Validation loss reaches a minimum and then rises for a long stretch while training loss keeps falling; validation accuracy peaks well before the end.",
    "Find the step of the best validation value and compare with the last step; a long rising tail after the optimum confirms it.",
    ["Keep the checkpoint from the validation optimum", "Use early stopping with patience on the validation metric", "Reduce the epoch count to around the optimum", "Add regularisation if the optimum comes very early"],
    ["symptom.val_loss_rising", "symptom.train_val_gap", "cause.overfitting", "hp.02"],
    `${SOURCES.guide} \xA7Hyperparameter Problems 4, \xA7Early Stop; ${SOURCES.blog} \xA72`
  ),
  c(
    "optimizer_unsuitable",
    "hyper_parameters",
    "Optimizer or its settings unsuitable",
    "Loss stalls or oscillates although learning rate and data look sane; plain SGD without momentum makes slow progress; Adam epsilon or betas set oddly; a custom optimizer leaves weights unchanged or moves them wrongly.",
    "Rerun with a standard optimizer (Adam, default settings, lr 1e-3; or SGD with momentum 0.9) and otherwise unchanged code. Clearly better progress confirms it. Check momentum and weight decay values, and that the optimizer receives all trainable parameters.",
    ["Switch to Adam with default settings (lr 1e-3, betas 0.9/0.999, eps 1e-8) as a baseline", "For SGD add momentum 0.9 and retune the learning rate", "Tune momentum in the opposite direction to the learning rate", "Verify a custom optimizer against a reference implementation"],
    ["symptom.loss_not_decreasing", "symptom.loss_slow_convergence", "symptom.weight_not_updated", "cg.06", "hp.04", "learn.34"],
    `${SOURCES.guide} \xA7Selection of Optimizers, \xA7Momentum; ${SOURCES.training}; ${SOURCES.notLearning} #34`
  ),
  c(
    "loss_scale_wrong",
    "mixed_precision",
    "Mixed-precision loss scale wrong",
    "With float16/mixed precision: loss or gradients become Inf/NaN (scale too high, overflow), or gradients underflow to exact zeros and weights stop changing (scale too low); dynamic loss scale keeps halving; many skipped steps.",
    "Check the loss-scale value over time and the count of skipped (overflowed) steps. Rerun in float32: if the problem disappears, the scale (or a float16-unsafe op) is the cause. Look for gradient histograms with a spike of exact zeros.",
    ["Use dynamic loss scaling instead of a fixed scale", "Lower a fixed loss scale that overflows (e.g. 2^16 \u2192 2^10) or raise one that underflows", "Unscale gradients before clipping or penalties", "Keep loss, softmax and normalisation in float32"],
    ["symptom.loss_nan_or_inf", "symptom.tensor_overflow", "symptom.gradient_non_finite", "mp.01", "mp.02", "mp.03", "mp.04"],
    `${SOURCES.guide} \xA7Hyperparameter Problems 2 (loss_scale); ${SOURCES.checklistIds} mp.01-mp.04`
  ),
  c(
    "weight_init_zero",
    "weight_init",
    "Weights initialised to zero or a constant",
    "At the first step a weight histogram has (almost) all mass in the bucket containing 0, or min == max; units in a layer stay identical; loss hardly moves; gradients of that layer are zero or identical across units.",
    "Check the first-step weight histogram/tensor of each layer (weight_initialization watchpoint: zero % \u2265 100, or max \u2212 min \u2248 0). Print the initialiser of the layer in the code.",
    ["Initialise weights randomly (Xavier/Glorot for tanh/sigmoid, Kaiming/He for ReLU)", "Only biases may start at zero", "Check that a checkpoint load did not overwrite weights with zeros"],
    ["symptom.weight_init_suspicious", "symptom.tensor_all_zero", "symptom.loss_not_decreasing", "wi.01", "learn.28"],
    `${SOURCES.guide} \xA7Weight Initialization Problems 1, \xA7Selection of Initial Weight Values; ${SOURCES.blog} \xA73.3`
  ),
  c(
    "weight_init_too_large",
    "weight_init",
    "Initial weights too large",
    "Huge loss at the first steps (far above ln(C) for classification); activations saturated from the start (tanh/sigmoid piled at \xB11/0/1); exploding gradients or NaN early; weight histograms far wider than ~sqrt(2/fan_in).",
    "Compare the first loss with the expected value at random initialisation (ln C for C classes). Check the standard deviation of the first weight histograms against 1/sqrt(fan_in). Rerun with a standard initialiser.",
    ["Use Xavier or Kaiming initialisation with the framework's recommended gain", "Add normalisation layers (BatchNorm/LayerNorm)", "Scale down the output layer's initial weights"],
    ["symptom.loss_too_large", "symptom.activation_saturated", "symptom.gradient_exploding", "symptom.weight_init_suspicious", "wi.04", "wi.05", "learn.17", "learn.28"],
    `${SOURCES.guide} \xA7Selection of Initial Weight Values; ${SOURCES.notLearning} #17, #28`
  ),
  c(
    "weight_init_too_small",
    "weight_init",
    "Initial weights too small",
    "Activations and gradients shrink layer by layer from the start; gradients of the first layers are orders of magnitude smaller than the last; loss stuck near chance for a long time before (maybe) moving.",
    "Compare the first weight histograms' spread with 1/sqrt(fan_in); look at per-layer gradient norms at the start (first/last ratio \u226A 1). Rerun with Xavier/Kaiming.",
    ["Use Xavier (tanh/sigmoid) or Kaiming (ReLU) initialisation", "Add normalisation layers", "Use residual connections in deep networks"],
    ["symptom.gradient_vanishing", "symptom.loss_not_decreasing", "symptom.weight_init_suspicious", "wi.04", "wi.05", "learn.28"],
    `${SOURCES.guide} \xA7Selection of Initial Weight Values`
  ),
  c(
    "vanishing_gradient",
    "training_dynamics",
    "Vanishing gradients",
    "Gradient norms of the layers near the input are orders of magnitude below those near the output (first/last ratio < 1e-3), or mean |gradient| below ~1e-9; those layers' weights barely change; loss plateaus.",
    "Plot per-layer gradient norms (gradient_vanishing watchpoint, abs mean < 1e-9). Check for saturated sigmoid/tanh activations or dead ReLUs upstream, and very deep plain stacks.",
    ["Use ReLU-family activations instead of sigmoid/tanh in hidden layers", "Use Kaiming initialisation and normalisation layers", "Add residual/skip connections", "For RNNs use LSTM/GRU and gradient clipping"],
    ["symptom.gradient_vanishing", "symptom.activation_saturated", "symptom.weight_change_too_small", "symptom.loss_not_decreasing", "learn.35", "learn.33"],
    `${SOURCES.guide} \xA7Common Symptoms (gradient disappearance), \xA7Checking the Loss Curve; ${SOURCES.notLearning} #35`
  ),
  c(
    "exploding_gradient",
    "training_dynamics",
    "Exploding gradients",
    "Gradient norms grow by orders of magnitude or become Inf/NaN; loss spikes then turns NaN; weight updates very large relative to the weights (ratio > 0.1-1).",
    "Plot the global and per-layer gradient norms; find the first step where they jump (gradient_too_large / gradient_exploding watchpoints). Check learning rate, initialisation and missing normalisation.",
    ["Clip the gradient norm", "Lower the learning rate", "Use proper initialisation and normalisation layers", "For RNNs shorten the unrolled sequence or use LSTM/GRU"],
    ["symptom.gradient_exploding", "symptom.gradient_non_finite", "symptom.loss_diverging", "symptom.loss_nan_or_inf", "learn.35", "learn.37"],
    `${SOURCES.guide} \xA7Common Symptoms (gradient explosion); ${SOURCES.project} part 6 (gradient clipping); ${SOURCES.notLearning} #35`
  ),
  c(
    "activation_saturation",
    "training_dynamics",
    "Saturated sigmoid/tanh activations",
    "Activation histograms of tanh/sigmoid layers piled at their limits (\xB11 or 0/1): less than ~0.1% of values inside the non-saturated range; gradients through those layers vanish; loss stalls.",
    "Check the activation_range watchpoint (tanh: % inside [tanh(\u22128.8), tanh(8.8)] < 0.1; sigmoid: inside [sigmoid(\u221216.2), sigmoid(16.2)] < 0.1) and the input scale to the layer.",
    ["Normalise the inputs (zero mean, unit variance)", "Use smaller initial weights (Xavier) or add BatchNorm before the activation", "Use ReLU-family activations in hidden layers", "Lower the learning rate if saturation appears during training"],
    ["symptom.activation_saturated", "symptom.gradient_vanishing", "dp.01", "learn.12", "learn.33"],
    `${SOURCES.guide} \xA7Common Symptoms (activation saturation), \xA7Checking the Loss Curve 6`
  ),
  c(
    "dead_relu",
    "training_dynamics",
    "Dead ReLU units",
    "ReLU activation histograms with (almost) all values \u2264 0 / exactly 0 (more than 99.9% in [\u22121, 0]); zero share growing during training; gradients of the layer below become zero; often after a large learning-rate step or a large negative bias.",
    "Check the dead-ReLU activation_range watchpoint and the share of exact zeros per layer over time; check the learning rate and bias initialisation.",
    ["Lower the learning rate", "Use LeakyReLU/ELU/GELU", "Use Kaiming initialisation and small positive or zero biases", "Add normalisation before the activation"],
    ["symptom.activation_dead", "symptom.tensor_all_zero", "symptom.gradient_vanishing", "learn.33"],
    `${SOURCES.guide} \xA7Checking the Loss Curve 6 (ReLU output all 0); ${SOURCES.project} part 6 (proportion of dead nodes)`
  ),
  c(
    "weights_frozen",
    "graph_structure",
    "Parameters that should train are frozen",
    "Some layers' weight histograms identical at every step (weight_not_changed: |cur\u2212prev| \u2264 atol + rtol\xB7|prev|) while others move; loss decreases less than expected; with all weights frozen the loss is flat.",
    "Compare the first and last weight histograms per layer; list the parameters passed to the optimizer and their requires_grad/trainable flags.",
    ["Pass every trainable parameter to the optimizer", "Unfreeze the layers (requires_grad=True / trainable=True) after the intended warm-up", "Check that no stop-gradient/detach cuts the graph"],
    ["symptom.weight_not_updated", "symptom.loss_not_decreasing", "cg.02", "learn.23"],
    `${SOURCES.guide} \xA7Computational Graph Structure Problems 5; ${SOURCES.blog} \xA73.2; ${SOURCES.notLearning} #23`
  ),
  c(
    "weights_shared_wrongly",
    "graph_structure",
    "Weights shared wrongly",
    "Two layers' weight histograms are identical at every step (shared when they should not be) or a tied pair diverges (not shared when it should be); fewer trainable variables than expected.",
    "Compare weight series of the layers that should (not) be shared; count trainable variables; inspect the graph for the same parameter feeding several nodes.",
    ["Create separate layer instances where weights must differ", "Reuse the same instance (or tie explicitly) where weights must be shared"],
    ["symptom.loss_slow_convergence", "cg.01"],
    `${SOURCES.guide} \xA7Computational Graph Structure Problems 2; ${SOURCES.blog} \xA73.2`
  ),
  c(
    "numerical_instability",
    "numerics",
    "Numerical instability (log(0), division by zero, overflow)",
    "Loss or a tensor becomes NaN/Inf suddenly, often without prior growth; tensor_overflow watchpoint hits at a specific step and layer; happens with custom losses, log/exp/division, or float16.",
    "Find the first step and first tensor with NaN/Inf (tensor_overflow watchpoint); check the operations feeding it for log(0), x/0, sqrt of negatives, exp overflow.",
    ["Add a small epsilon to denominators and inside log/sqrt", "Use numerically stable fused ops (log-softmax, logits losses, DivNoNan)", "Clip inputs of exp/log", "Lower the learning rate if NaNs appear within the first 100 iterations"],
    ["symptom.loss_nan_or_inf", "symptom.tensor_overflow", "symptom.gradient_non_finite", "api.03", "learn.37", "mp.01"],
    `${SOURCES.guide} \xA7Checking the Loss Curve (abnormal loss value); ${SOURCES.project} part 3 (epsilon); ${SOURCES.notLearning} #37`
  ),
  c(
    "wrong_loss_function",
    "graph_structure",
    "Loss function does not fit the outputs",
    "A softmax/sigmoid output followed by a loss that applies it again (e.g. softmax + CrossEntropyLoss, sigmoid + BCEWithLogits): loss stalls above its floor and gradients are small; a probability loss (NLL/BCE) on a linear output gives negative or NaN losses; MSE on class labels learns slowly.",
    "Read the logged configuration (loss and output activation) and the code of the last layer; compare the first loss with ln(C). Try the matching pair on a small subset.",
    ["Use logits losses (CrossEntropy/BCEWithLogits/SoftmaxCrossEntropyWithLogits) on a linear output", "Use NLLLoss only after log_softmax, BCELoss only after sigmoid", "Use cross-entropy, not MSE, for classification", "Unit-test a custom loss"],
    ["symptom.loss_not_decreasing", "symptom.loss_too_large", "symptom.metric_below_expectation", "cg.04", "learn.18", "learn.19", "learn.20"],
    `${SOURCES.guide} \xA7Computational Graph Structure Problems 6; ${SOURCES.blog} \xA73.2; ${SOURCES.notLearning} #18-20`
  ),
  c(
    "wrong_output_activation",
    "graph_structure",
    "Output activation does not fit the task",
    "Sigmoid with several mutually exclusive classes, softmax with a single output unit (constant 1), ReLU on a regression target that can be negative, tanh output for targets in [0, 1]: the metric stays at chance or a constant; the loss is stuck.",
    "Compare the output activation and the number of output units with the labels' range and number of classes.",
    ["Use a linear output with a logits loss for classification", "Use softmax for one-of-C classes, sigmoid per unit for multi-label", "Use a linear output for unbounded regression targets"],
    ["symptom.metric_at_chance", "symptom.loss_not_decreasing", "cg.04", "learn.19"],
    `${SOURCES.guide} \xA7Computational Graph Structure Problems 6; ${SOURCES.project} part 3 (cost function, output range)`
  ),
  c(
    "input_not_normalized",
    "data",
    "Inputs not normalised",
    "Very large first loss or activations; saturated activations in the first layer; slow or unstable convergence that needs a tiny learning rate; input image histograms in [0, 255].",
    "Check input statistics (mean, std per feature) after preprocessing; features of very different orders of magnitude confirm it.",
    ["Standardise inputs to zero mean, unit variance (or scale to [\u22121, 1] / [0, 1] to match the activation)", "Compute normalisation statistics on the training set only and reuse them for validation/test", "Use log transforms for heavy-tailed features"],
    ["symptom.loss_too_large", "symptom.activation_saturated", "symptom.loss_slow_convergence", "dp.01", "learn.12"],
    `${SOURCES.guide} \xA7Data Processing Problems 2, \xA7Normalizing Data; ${SOURCES.blog} \xA71.2; ${SOURCES.notLearning} #12`
  ),
  c(
    "data_missing_values",
    "data",
    "Missing or non-finite values in the input data",
    "Loss becomes NaN at particular (repeating) batches rather than after growing; NaN appears from the very first layer's activations; the problem reappears each epoch at similar steps.",
    "Scan the dataset for NaN/Inf/empty fields; log the batch index when the loss is first non-finite and inspect that batch.",
    ["Remove samples with missing values or impute sensible defaults", "Assert finiteness in the data loader", "Fix the parsing step that produces the missing values"],
    ["symptom.loss_nan_or_inf", "symptom.tensor_overflow", "ds.01", "learn.01", "learn.03"],
    `${SOURCES.guide} \xA7Dataset Problems 1; ${SOURCES.blog} \xA71.1`
  ),
  c(
    "data_outliers",
    "data",
    "Abnormal values in the data",
    "Isolated loss spikes at recurring steps (same batches every epoch); first-layer activations with extreme values; gradients jump for single batches.",
    "Look at per-feature min/max; check whether spikes repeat with the epoch period; inspect those batches.",
    ["Remove or clip outliers", "Use a robust loss (Huber/SmoothL1) for regression", "Transform heavy-tailed features (log)"],
    ["symptom.loss_oscillating", "symptom.loss_too_large", "ds.05", "learn.01"],
    `${SOURCES.guide} \xA7Dataset Problems 3; ${SOURCES.blog} \xA71.1; ${SOURCES.project} part 5 (outliers, bad samples)`
  ),
  c(
    "label_noise",
    "data",
    "Wrong or random labels",
    "Training loss plateaus well above zero; validation accuracy is capped; a large model memorises slowly (loss falls late); with fully random labels the validation metric stays at chance while training loss slowly falls.",
    "Spot-check ~50 stratified samples with their labels; check that shuffling inputs and labels kept them paired; train a small model on a tiny subset (it must reach ~0 loss).",
    ["Fix the labelling pipeline (pairing of inputs and labels)", "Clean or relabel noisy samples", "Use robust losses or label smoothing when noise cannot be removed"],
    ["symptom.metric_at_chance", "symptom.loss_not_decreasing", "symptom.metric_below_expectation", "ds.02", "learn.04", "learn.05", "learn.06"],
    `${SOURCES.guide} \xA7Dataset Problems 5; ${SOURCES.blog} \xA71.1; ${SOURCES.notLearning} #4-6`
  ),
  c(
    "class_imbalance",
    "data",
    "Class imbalance",
    "Accuracy sticks at the majority-class rate (e.g. 0.9 with 90% negatives) while loss falls a little; minority-class recall near zero; bias of the output layer grows large.",
    "Count samples per class; compare accuracy with the majority rate; look at per-class metrics or a confusion matrix.",
    ["Resample (oversample minority / undersample majority)", "Weight the loss by inverse (square-root) class frequency", "Use a metric that reflects the imbalance (F1, balanced accuracy)", "Collect more minority samples"],
    ["symptom.metric_at_majority_rate", "symptom.metric_below_expectation", "ds.03", "learn.08", "learn.10"],
    `${SOURCES.guide} \xA7Dataset Problems 2, \xA7Ensuring a Balanced Number of Samples; ${SOURCES.notLearning} #8`
  ),
  c(
    "insufficient_data",
    "data",
    "Too few samples for the model",
    "Training loss falls to ~0 quickly while validation loss stops improving early and rises; large train/validation gap; unstable validation curves.",
    "Compare dataset size with the number of parameters; learning curves with growing subsets still improve with more data.",
    ["Collect more data or use data augmentation", "Use transfer learning from a pretrained model", "Reduce model size or add regularisation"],
    ["symptom.train_val_gap", "symptom.val_loss_rising", "ds.06", "learn.09"],
    `${SOURCES.guide} \xA7Dataset Problems 4; ${SOURCES.blog} \xA71.1; ${SOURCES.notLearning} #9`
  ),
  c(
    "data_not_shuffled",
    "data",
    "Training data not shuffled",
    "Periodic sawtooth in the per-step training loss with the period of an epoch or of class blocks; loss jumps at class boundaries; batches containing a single class.",
    "Check the data loader's shuffle flag; look for periodicity of the loss at the epoch length; print the labels of a few consecutive batches.",
    ["Shuffle the training set every epoch (inputs and labels together)", "Use a large enough shuffle buffer for streaming datasets"],
    ["symptom.loss_sawtooth", "symptom.loss_oscillating", "dp.03", "learn.07", "learn.10"],
    `${SOURCES.guide} \xA7Data Processing Problems 4; ${SOURCES.blog} \xA71.2; ${SOURCES.notLearning} #7, #10`
  ),
  c(
    "repeated_batch",
    "data",
    "The same batch fed repeatedly",
    "Training loss falls extremely smoothly and quickly towards ~0 (too smooth to come from different batches) while validation does not improve.",
    "Measure the step-to-step noise of the loss; print hashes of a few consecutive batches.",
    ["Fix the data loader so each step gets a new batch (iterator recreated, index not reset)"],
    ["symptom.loss_suspiciously_smooth", "symptom.loss_zero", "symptom.train_val_gap", "learn.01", "learn.03"],
    `${SOURCES.notLearning} #1; ${SOURCES.project} part 5 (do not feed the same batch)`
  ),
  c(
    "preprocessing_mismatch",
    "data_processing",
    "Evaluation data processed differently from training data",
    "Training metrics good, validation/test metrics much worse from the first evaluation on (not a slowly growing gap); validation loss high even at the best training point.",
    "Compare the preprocessing code paths (resize, crop, normalisation constants, channel order) of training and evaluation; feed training samples through the evaluation pipeline.",
    ["Use the same deterministic preprocessing for evaluation (random augmentation only in training)", "Reuse the training-set normalisation statistics", "Match a pretrained model's expected input range"],
    ["symptom.train_val_gap", "symptom.metric_below_expectation", "dp.02", "dp.07", "learn.14", "learn.15"],
    `${SOURCES.guide} \xA7Data Processing Problems 3; ${SOURCES.blog} \xA71.2; ${SOURCES.notLearning} #14-15`
  ),
  c(
    "train_eval_mode_wrong",
    "api_usage",
    "BatchNorm/Dropout in the wrong mode",
    "Validation loss much worse or much noisier than training from the start; evaluation results vary between runs on the same data (dropout active); BatchNorm running statistics never updated (evaluation in train mode or training in eval mode).",
    "Check that the model is switched to training mode for training and evaluation mode for evaluation (set_train / model.train()/eval()).",
    ["Call the framework's train/eval mode switches around training and evaluation", "Disable dropout at inference"],
    ["symptom.train_val_gap", "symptom.metric_below_expectation", "api.02", "cg.05", "learn.32"],
    `${SOURCES.guide} \xA7Computational Graph Structure Problems 4, api.02; ${SOURCES.blog} \xA73.2; ${SOURCES.notLearning} #32`
  ),
  c(
    "overfitting",
    "generalization",
    "Overfitting",
    "Training loss keeps falling while validation loss has a minimum and then rises; growing gap between training and validation metrics; training loss near 0.",
    "Locate the validation optimum and the gap at the end; check model size vs data size.",
    ["Stop early at the validation optimum", "Add data or augmentation", "Add regularisation (weight decay, dropout)", "Reduce model size"],
    ["symptom.val_loss_rising", "symptom.train_val_gap", "symptom.loss_zero", "ds.06", "hp.02"],
    `${SOURCES.guide} \xA7Checking the accuracy of the validation set; ${SOURCES.blog} \xA72`
  ),
  c(
    "model_too_small",
    "model",
    "Model capacity too low",
    "Training loss plateaus early at a high value with training and validation close together (no gap); more epochs do not help.",
    "Overfit a tiny subset: if even that fails, the model (or code) is at fault; try a wider/deeper model.",
    ["Add layers or units", "Make the first hidden layer larger than the input", "Reduce regularisation"],
    ["symptom.loss_not_decreasing", "symptom.metric_below_expectation", "learn.24", "learn.27"],
    `${SOURCES.guide} \xA7Optimizing the Size of Each Layer, \xA7Selection of Model Layers; ${SOURCES.notLearning} #24`
  ),
  c(
    "regularization_too_strong",
    "model",
    "Regularisation too strong",
    "Training loss stays high and close to (or above) validation loss; accuracy on the training set is low; large dropout rates or weight decay in the configuration; strong augmentation.",
    "Rerun with regularisation turned off: if the model then fits the training set, it was too strong. Check dropout (keep vs drop probability!) and weight decay values.",
    ["Lower dropout (0.2-0.5 drop probability is typical) and weight decay (1e-4-1e-5)", "Weaken augmentation", "Fit the training set first, then add regularisation back"],
    ["symptom.loss_not_decreasing", "symptom.metric_below_expectation", "learn.13", "learn.30", "api.01", "hp.04"],
    `${SOURCES.notLearning} #13, #30; ${SOURCES.project} part 5-6 (regularisation)`
  )
];

// src/diagnose/knowledge/checklists.ts
var k = (id, category, title, shows, confirm, fixes, related, source) => entry("checklist", id, category, title, shows, confirm, fixes, related, source);
var DS = `${SOURCES.checklistIds}; ${SOURCES.guide} \xA7Dataset Problems; ${SOURCES.blog} \xA71.1`;
var DP = `${SOURCES.checklistIds}; ${SOURCES.guide} \xA7Data Processing Problems; ${SOURCES.blog} \xA71.2`;
var HP = `${SOURCES.checklistIds}; ${SOURCES.guide} \xA7Hyperparameter Problems; ${SOURCES.blog} \xA72`;
var API = `${SOURCES.checklistIds}; ${SOURCES.guide} \xA7API Usage Problems; ${SOURCES.blog} \xA73.1`;
var CG = `${SOURCES.checklistIds}; ${SOURCES.guide} \xA7Computational Graph Structure Problems; ${SOURCES.blog} \xA73.2`;
var WI = `${SOURCES.checklistIds}; ${SOURCES.guide} \xA7Weight Initialization Problems; ${SOURCES.blog} \xA73.3`;
var MP = `${SOURCES.checklistIds} (mixed precision); ${SOURCES.guide} \xA7Hyperparameter Problems 2 (loss_scale)`;
var NL = (n) => `${SOURCES.notLearning} #${n}`;
var CHECKLIST_ENTRIES = [
  // ── dataset ──
  k(
    "ds.01",
    "dataset",
    "Too many missing values (NaN/Inf) in the dataset",
    "NaN loss at particular batches, first-layer activations with NaN, loss non-finite without growing first.",
    "Scan every feature for NaN/Inf/empty values; count them per column and per sample.",
    ["Drop samples with missing values or fill sensible defaults", "Add a finiteness assertion in the data loader"],
    ["cause.data_missing_values", "symptom.loss_nan_or_inf"],
    DS
  ),
  k(
    "ds.02",
    "dataset",
    "Wrong labels",
    "Training loss plateaus above zero, validation accuracy capped or at chance.",
    "Spot-check about 50 samples drawn per class (stratified) with their labels; check labels follow their inputs through shuffling.",
    ["Fix the label pipeline", "Relabel or drop noisy samples"],
    ["cause.label_noise", "symptom.metric_at_chance"],
    DS
  ),
  k(
    "ds.03",
    "dataset",
    "Class imbalance",
    "Accuracy at the majority-class rate; poor recall on rare classes.",
    "Count samples per class; about 5000 labelled samples per class is a comfortable amount for supervised learning.",
    ["Resample or weight the loss by class", "Collect more samples of rare classes"],
    ["cause.class_imbalance", "symptom.metric_at_majority_rate"],
    DS
  ),
  k(
    "ds.04",
    "dataset",
    "Dataset differs from the standard/reference one",
    "Results below a published or reference run although code and settings match.",
    "Compare file counts and MD5 checksums of the dataset with the reference copy; compare class counts.",
    ["Use the reference dataset version", "Document and justify every difference"],
    ["cause.preprocessing_mismatch", "symptom.metric_below_expectation"],
    DS
  ),
  k(
    "ds.05",
    "dataset",
    "Abnormal values (outliers) in the dataset",
    "Recurring loss spikes at the same batches each epoch; extreme first-layer activations.",
    "Look at per-feature min/max and quantiles; inspect the samples behind loss spikes.",
    ["Remove or clip abnormal values", "Use robust losses or transforms"],
    ["cause.data_outliers", "symptom.loss_oscillating"],
    DS
  ),
  k(
    "ds.06",
    "dataset",
    "Too few training samples",
    "Training loss near zero quickly, validation stalls or worsens; big train/validation gap; unstable training.",
    "Compare the number of samples with the number of parameters; check whether more data (a learning curve) still helps.",
    ["Collect more data, augment, or use transfer learning", "Reduce model complexity"],
    ["cause.insufficient_data", "cause.overfitting", "symptom.train_val_gap"],
    DS
  ),
  // ── data processing ──
  k(
    "dp.01",
    "data_processing",
    "Data not normalised or standardised",
    "Large first losses, saturated first-layer activations, slow convergence.",
    "Print the mean and std of each input feature after preprocessing: they should be about 0 and 1 (or in [\u22121, 1]).",
    ["Standardise to zero mean and unit variance, or scale to the activation's range ([0,1] for sigmoid, [\u22121,1] for tanh)", "Compute the statistics on the training set only"],
    ["cause.input_not_normalized", "symptom.activation_saturated"],
    DP
  ),
  k(
    "dp.02",
    "data_processing",
    "Evaluation/inference processed differently from training",
    "Validation metrics much worse than training from the first evaluation on.",
    "Diff the preprocessing of training and evaluation (resize, crop, normalisation constants); random augmentations must apply to training only.",
    ["Use the same deterministic preprocessing for evaluation", "Remove random augmentation from evaluation"],
    ["cause.preprocessing_mismatch", "symptom.train_val_gap"],
    DP
  ),
  k(
    "dp.03",
    "data_processing",
    "Dataset not shuffled",
    "Periodic sawtooth of the per-step loss; single-class batches.",
    "Check the shuffle flag and buffer size; print labels of consecutive batches.",
    ["Shuffle inputs and labels together every epoch"],
    ["cause.data_not_shuffled", "symptom.loss_sawtooth"],
    DP
  ),
  k(
    "dp.04",
    "data_processing",
    "Wrong padding",
    "Sequence or image models learning the padding; metrics differ between batch compositions.",
    "Check padding values and masks (padding token excluded from the loss, attention masks set).",
    ["Pad with the neutral value and mask padded positions out of the loss"],
    ["cause.preprocessing_mismatch"],
    DP
  ),
  k(
    "dp.05",
    "data_processing",
    "Wrong sharding across devices/nodes",
    "Multi-device training worse than single-device; some samples seen several times per epoch, others never.",
    "Check that each device gets a distinct shard (num_shards, shard_id) and that the sampler is set per rank.",
    ["Give each rank its own shard and reshuffle shards each epoch"],
    ["cause.repeated_batch", "cause.data_not_shuffled"],
    DP
  ),
  k(
    "dp.06",
    "data_processing",
    "Wrong data-processing parameters",
    "Sampled input images look wrong (cropped too much, rotated too far, wrong colour order); poor metrics despite a healthy loss.",
    "Look at logged input images after the pipeline; compare pipeline parameters with the design or reference.",
    ["Fix the augmentation/processing parameters", "Visualise a few processed batches before training"],
    ["cause.preprocessing_mismatch", "learn.01", "learn.03"],
    `${SOURCES.guide} \xA7Data Processing Problems 1, \xA7Checking the Input Data`
  ),
  k(
    "dp.07",
    "data_processing",
    "Fine-tuning preprocessing differs from pre-training",
    "A pretrained model fine-tunes badly from the first epoch.",
    "Compare the input range and normalisation the pretrained model expects ([0,1], [\u22121,1], [0,255], mean/std) with yours.",
    ["Reproduce the pre-training preprocessing exactly"],
    ["cause.preprocessing_mismatch", "learn.14"],
    `${SOURCES.guide} \xA7Checking the Input Data 7`
  ),
  // ── hyper-parameters ──
  k(
    "hp.01",
    "hyper_parameters",
    "Learning rate too high or too low",
    "Too high: oscillation, spikes, divergence, NaN. Too low: slow, almost linear decrease; tiny weight updates.",
    "Run an LR range test (raise the rate over an epoch, note where accuracy starts and stops rising); check the update/weight ratio (~1e-3 healthy).",
    ["Pick a rate between the lower and upper limit of the range test (0.01 is a common start for SGD, 1e-3 for Adam)", "Use a cyclic or decaying schedule"],
    ["cause.learning_rate_too_high", "cause.learning_rate_too_low"],
    HP
  ),
  k(
    "hp.02",
    "hyper_parameters",
    "Too many or too few epochs",
    "Too few: still improving at the end. Too many: validation loss rising long after its minimum.",
    "Locate the epoch with the minimum validation loss.",
    ["Choose the epoch count from the validation curve; use early stopping"],
    ["cause.too_few_epochs", "cause.too_many_epochs", "cause.overfitting"],
    HP
  ),
  k(
    "hp.03",
    "hyper_parameters",
    "Batch size too large",
    "Few steps per epoch, smooth but slow loss, weaker generalisation.",
    "Compare batch size with dataset size; try 32.",
    ["Use 32 (or 64-256) and rescale the learning rate"],
    ["cause.batch_size_too_large", "cause.batch_size_too_small", "symptom.few_steps_per_epoch"],
    HP
  ),
  k(
    "hp.04",
    "hyper_parameters",
    "Momentum and weight decay settings",
    "Oscillation with high momentum and high learning rate together; underfitting with very large weight decay.",
    "Check momentum (typically 0.9) and weight decay (1e-3 to 1e-5; larger for small data/shallow models).",
    ["Move momentum opposite to the learning rate", "Keep weight decay constant and in the usual range"],
    ["cause.optimizer_unsuitable", "cause.regularization_too_strong"],
    `${SOURCES.guide} \xA7Selection of Momentum Values, \xA7Weight Decay Parameters`
  ),
  k(
    "hp.05",
    "hyper_parameters",
    "Learning rate not scaled with (global) batch size",
    "After changing batch size or device count, training is slower or unstable compared with before.",
    "Compute learning rate / global batch size for both settings; they should match (linear scaling rule) unless the batch is very large.",
    ["Scale the learning rate proportionally to the global batch size", "Use warm-up when scaling up"],
    ["cause.learning_rate_too_high", "cause.learning_rate_too_low", "cause.batch_size_too_large"],
    `${SOURCES.guide} \xA7Joint Optimization of the Learning Rate and Batch Size, \xA7Multi-Device Training`
  ),
  // ── API usage ──
  k(
    "api.01",
    "api_usage",
    "Framework default differences",
    "A port of a reference script trains worse although the code looks the same.",
    "Compare defaults explicitly: Conv2d bias (MindSpore has_bias=False) and initialiser (Normal(0, 0.01) vs Kaiming-uniform), Dropout argument (MindSpore keep_prob vs drop probability p elsewhere), BatchNorm momentum (0.9 in MindSpore/TF for the running average vs 0.1 in PyTorch for the new value), Adam epsilon (1e-8 vs 1e-7 in Keras).",
    ["Set every such argument explicitly in both scripts", "Convert dropout: keep_prob = 1 \u2212 p; BatchNorm: momentum_ms = 1 \u2212 momentum_torch"],
    ["cause.regularization_too_strong", "cause.weight_init_too_small", "cause.optimizer_unsuitable"],
    API
  ),
  k(
    "api.02",
    "api_usage",
    "Training/inference mode not set",
    "Validation much worse than training; evaluation results vary on the same data; BatchNorm statistics unchanged.",
    "Check set_train(True/False) / model.train() / model.eval() around training and evaluation.",
    ["Switch modes explicitly before training and before evaluation"],
    ["cause.train_eval_mode_wrong"],
    API
  ),
  k(
    "api.03",
    "api_usage",
    "API does not fit the scenario",
    "NaN/Inf from division by zero; wrong values from integer division where float division was meant.",
    "Review ops whose inputs can be zero or of integer type.",
    ["Use safe variants (DivNoNan) or add epsilon", "Cast to float before dividing"],
    ["cause.numerical_instability"],
    API
  ),
  k(
    "api.04",
    "api_usage",
    "Graph-mode construction constraints violated",
    "Graph compilation errors or silently different behaviour from eager mode (e.g. no backward for functions with keyword arguments).",
    "Check the code against the framework's static-graph syntax support; compare with eager-mode results.",
    ["Rewrite the unsupported constructs; compare graph and eager outputs on one batch"],
    ["cause.wrong_loss_function"],
    API
  ),
  // ── graph structure ──
  k(
    "cg.01",
    "graph_structure",
    "Wrong weight sharing",
    "Identical weight histograms for layers that should differ, or tied weights drifting apart.",
    "Inspect the computational graph; count trainable variables.",
    ["Instantiate separate layers or tie weights explicitly"],
    ["cause.weights_shared_wrongly"],
    CG
  ),
  k(
    "cg.02",
    "graph_structure",
    "Wrong freezing",
    "Weight histograms of a layer never change (or a layer that should be frozen changes).",
    "Compare first/last weight histograms; list the parameters given to the optimizer.",
    ["Pass the right parameter list to the optimizer; set trainable flags correctly"],
    ["cause.weights_frozen", "symptom.weight_not_updated"],
    CG
  ),
  k(
    "cg.03",
    "graph_structure",
    "Wrong connections",
    "A block has no effect (its removal does not change the loss), or outputs bypass layers.",
    "Compare the logged graph with the design; check that each block's output feeds the next.",
    ["Fix the wiring in the model definition"],
    ["cause.model_too_small", "learn.22", "learn.25"],
    CG
  ),
  k(
    "cg.04",
    "graph_structure",
    "Wrong loss function",
    "Loss stuck above its floor, negative or NaN losses, metric at chance.",
    "Check loss vs output activation (BCELoss needs sigmoid outputs, BCEWithLogitsLoss logits; NLLLoss needs log-softmax, CrossEntropyLoss logits).",
    ["Use the loss that matches the output activation"],
    ["cause.wrong_loss_function", "cause.wrong_output_activation"],
    CG
  ),
  k(
    "cg.05",
    "graph_structure",
    "Node mode incorrect (BatchNorm/Dropout)",
    "See api.02: training/inference-dependent operators in the wrong mode.",
    "Check BatchNorm is in training mode while training and Dropout is off at inference.",
    ["Set the mode explicitly"],
    ["cause.train_eval_mode_wrong", "api.02"],
    CG
  ),
  k(
    "cg.06",
    "graph_structure",
    "Optimizer implemented incorrectly",
    "Weights unchanged or moving in odd ways with a custom optimizer.",
    "Compare one update step with a reference optimizer on the same gradients.",
    ["Use a framework optimizer or fix the update rule"],
    ["cause.optimizer_unsuitable"],
    CG
  ),
  // ── weight initialisation ──
  k(
    "wi.01",
    "weight_init",
    "All weights initialised to zero",
    "First-step weight histograms entirely in the zero bucket; identical units; no learning.",
    "Run the weight_initialization watchpoint at the first step.",
    ["Initialise weights randomly; only biases at zero"],
    ["cause.weight_init_zero", "symptom.weight_init_suspicious"],
    WI
  ),
  k(
    "wi.02",
    "weight_init",
    "Wrong pretrained weights",
    "Fine-tuning starts at chance-level loss; missing or unexpected keys when loading.",
    "Check the load report (missing/unexpected keys, shape mismatches); evaluate the loaded model before training.",
    ["Load the right checkpoint with strict key matching"],
    ["cause.weight_init_zero", "symptom.weight_init_suspicious"],
    WI
  ),
  k(
    "wi.03",
    "weight_init",
    "Different initial weights on different devices",
    "Distributed training worse than single-device training with the same global batch.",
    "Compare a parameter's checksum on every rank at step 0.",
    ["Fix the same random seed on every rank or broadcast/load the same checkpoint"],
    ["cause.weight_init_too_large"],
    `${SOURCES.guide} \xA7Weight Initialization Problems 2, \xA7Ensuring that the Initial Weight of Data Parallelism Is the Same`
  ),
  k(
    "wi.04",
    "weight_init",
    "Initial weight scale too large or too small / wrong scheme",
    "Too large: huge first loss, saturation, exploding gradients. Too small: vanishing signals, slow start.",
    "Compare the first weight histogram's std with 1/sqrt(fan_in); Xavier suits tanh, Kaiming suits ReLU.",
    ["Use Xavier for tanh/sigmoid, Kaiming for ReLU; avoid constant init"],
    ["cause.weight_init_too_large", "cause.weight_init_too_small"],
    `${SOURCES.guide} \xA7Selection of Initial Weight Values`
  ),
  k(
    "wi.05",
    "weight_init",
    "Default initialisation differs from the reference framework",
    "A ported model trains worse than its reference.",
    "List each layer's initialiser in both scripts; frameworks' defaults differ.",
    ["Set the initialisers explicitly to the reference ones"],
    ["cause.weight_init_too_small", "cause.weight_init_too_large", "api.01"],
    `${SOURCES.guide} \xA7Selection of Initial Weight Values`
  ),
  // ── mixed precision ──
  k(
    "mp.01",
    "mixed_precision",
    "Overflow: find the first overflowing node",
    "NaN/Inf in loss or gradients with float16; dynamic loss scale keeps dropping.",
    "Run the tensor_overflow watchpoint and take the earliest step and first node in execution order.",
    ["Keep that operator in float32 or rescale its inputs"],
    ["cause.loss_scale_wrong", "cause.numerical_instability", "symptom.tensor_overflow"],
    MP
  ),
  k(
    "mp.02",
    "mixed_precision",
    "Loss scale set wrongly",
    "Fixed scale too high: frequent overflow; too low: gradients underflow to zero, weights stop changing.",
    "Log the loss scale and the number of skipped steps; look for zero spikes in gradient histograms.",
    ["Use dynamic loss scaling", "Adjust a fixed scale by powers of 2"],
    ["cause.loss_scale_wrong"],
    MP
  ),
  k(
    "mp.03",
    "mixed_precision",
    "Gradient clipping applied to scaled gradients",
    "Clipping appears to have no effect or clips everything; training unstable with mixed precision only.",
    "Check the order: gradients must be unscaled before clipping.",
    ["Unscale gradients, then clip, then step"],
    ["cause.loss_scale_wrong", "cause.exploding_gradient"],
    MP
  ),
  k(
    "mp.04",
    "mixed_precision",
    "Gradient penalty computed on scaled gradients",
    "Penalty terms orders of magnitude off under mixed precision.",
    "Check that the gradient penalty uses unscaled gradients.",
    ["Unscale before computing the penalty"],
    ["cause.loss_scale_wrong"],
    MP
  ),
  // ── reasons a network does not learn (seed 004, numbering kept) ──
  k(
    "learn.01",
    "not_learning",
    "Check that the input data makes sense",
    "Garbage or constant predictions; suspiciously smooth loss (the same batch again and again); all-zero inputs.",
    "Print or view a few batches of inputs and targets right before the model (height/width swapped? all zeros? same batch repeated?).",
    ["Fix the data path that produces wrong inputs"],
    ["cause.repeated_batch", "cause.data_missing_values", "symptom.loss_suspiciously_smooth"],
    NL(1)
  ),
  k(
    "learn.02",
    "not_learning",
    "Try random input values",
    "The network output looks the same whatever the input.",
    "Feed random numbers instead of real data: if the error stays the same, the network turns data into garbage somewhere; debug layer by layer.",
    ["Locate the first layer whose output is wrong"],
    ["cause.model_too_small"],
    NL(2)
  ),
  k(
    "learn.03",
    "not_learning",
    "Check the data loader",
    "Data on disk is right but the model sees something else.",
    "Print the inputs of the first layer before its operations.",
    ["Fix the loader/collate code"],
    ["cause.repeated_batch", "cause.data_missing_values"],
    NL(3)
  ),
  k(
    "learn.04",
    "not_learning",
    "Make sure the input is connected to the output",
    "Metric at chance despite a decreasing loss.",
    "Check that several samples are labelled correctly and that shuffling inputs also shuffles labels.",
    ["Keep inputs and labels paired through every transformation"],
    ["cause.label_noise", "symptom.metric_at_chance"],
    NL(4)
  ),
  k(
    "learn.05",
    "not_learning",
    "Relationship between input and output too random",
    "Loss barely below chance whatever the model.",
    "Estimate how predictable the target is (simple baselines, domain knowledge).",
    ["Reconsider the task or features"],
    ["cause.label_noise"],
    NL(5)
  ),
  k(
    "learn.06",
    "not_learning",
    "Too much noise in the dataset",
    "Loss plateaus high; validation accuracy capped.",
    "Check a series of samples by hand for wrong labels.",
    ["Clean the labels; robust losses"],
    ["cause.label_noise", "ds.02"],
    NL(6)
  ),
  k(
    "learn.07",
    "not_learning",
    "Shuffle the dataset",
    "Sawtooth loss; class blocks.",
    "Check whether data is ordered (e.g. sorted by label).",
    ["Shuffle inputs and labels together"],
    ["cause.data_not_shuffled", "dp.03"],
    NL(7)
  ),
  k(
    "learn.08",
    "not_learning",
    "Reduce class imbalance",
    "Accuracy at majority rate.",
    "Count labels per class.",
    ["Balance the loss or resample"],
    ["cause.class_imbalance", "ds.03"],
    NL(8)
  ),
  k(
    "learn.09",
    "not_learning",
    "Enough training samples?",
    "Overfitting quickly; unstable validation.",
    "Count samples per class (image classification from scratch needs ~1000+ per class).",
    ["More data or fine-tune a pretrained model"],
    ["cause.insufficient_data", "ds.06"],
    NL(9)
  ),
  k(
    "learn.10",
    "not_learning",
    "No batches with a single label",
    "Loss jumps when the class changes; sorted dataset.",
    "Print the label distribution of several consecutive batches.",
    ["Shuffle the dataset"],
    ["cause.data_not_shuffled", "cause.class_imbalance"],
    NL(10)
  ),
  k(
    "learn.11",
    "not_learning",
    "Reduce the batch size",
    "Poor generalisation with very large batches.",
    "Try a smaller batch with a scaled learning rate.",
    ["Reduce the batch size"],
    ["cause.batch_size_too_large", "hp.03"],
    NL(11)
  ),
  k(
    "learn.12",
    "not_learning",
    "Standardise the features",
    "Large first losses; saturated activations.",
    "Check that inputs have zero mean and unit variance.",
    ["Standardise inputs"],
    ["cause.input_not_normalized", "dp.01"],
    NL(12)
  ),
  k(
    "learn.13",
    "not_learning",
    "Augmentation too strong?",
    "Training loss stays high together with other regularisation.",
    "Train without augmentation and compare.",
    ["Weaken augmentation"],
    ["cause.regularization_too_strong"],
    NL(13)
  ),
  k(
    "learn.14",
    "not_learning",
    "Check a pretrained model's preprocessing",
    "Fine-tuning bad from the start.",
    "Check the expected pixel range ([0,1], [\u22121,1], [0,255]) and normalisation.",
    ["Use the pretrained model's preprocessing"],
    ["cause.preprocessing_mismatch", "dp.07"],
    NL(14)
  ),
  k(
    "learn.15",
    "not_learning",
    "Preprocessing statistics from the training split only",
    "Validation suspiciously good (leakage) or inconsistent.",
    "Check that means/stds are computed on the training set and then applied to validation/test.",
    ["Compute statistics after splitting, on training data only"],
    ["cause.preprocessing_mismatch", "dp.02"],
    NL(15)
  ),
  k(
    "learn.16",
    "not_learning",
    "Solve a simpler version of the problem",
    "Complex task shows no learning at all.",
    "Restrict the task (e.g. class only, no box coordinates) and see whether that learns.",
    ["Build up from the simpler task"],
    ["cause.model_too_small"],
    NL(16)
  ),
  k(
    "learn.17",
    "not_learning",
    "Check the loss at chance",
    "The first loss differs from \u2212ln(1/C) (2.30 for 10 classes) at small initial weights without regularisation.",
    "Compare the first loss with ln(C); increasing regularisation should increase the loss.",
    ["Fix initialisation or the loss wiring if the first loss is off"],
    ["cause.weight_init_too_large", "cause.wrong_loss_function", "symptom.loss_too_large"],
    NL(17)
  ),
  k(
    "learn.18",
    "not_learning",
    "Check the loss function",
    "A custom loss harms training subtly.",
    "Unit-test the loss against known values.",
    ["Fix the loss or use the framework's"],
    ["cause.wrong_loss_function", "cg.04"],
    NL(18)
  ),
  k(
    "learn.19",
    "not_learning",
    "Check the loss function's inputs",
    "NLLLoss given raw logits, or CrossEntropyLoss given softmax outputs.",
    "Check what the framework's loss expects (probabilities, log-probabilities or logits).",
    ["Feed the loss what it expects"],
    ["cause.wrong_loss_function", "cause.wrong_output_activation"],
    NL(19)
  ),
  k(
    "learn.20",
    "not_learning",
    "Adjust the weights of a composite loss",
    "One loss term dominates; others do not decrease.",
    "Log each term separately and compare magnitudes.",
    ["Rebalance the term weights"],
    ["cause.wrong_loss_function"],
    NL(20)
  ),
  k(
    "learn.21",
    "not_learning",
    "Follow other metrics",
    "Loss alone misleading.",
    "Log accuracy or task metrics alongside the loss.",
    ["Log and monitor task metrics"],
    ["symptom.metric_below_expectation"],
    NL(21)
  ),
  k(
    "learn.22",
    "not_learning",
    "Check every custom layer",
    "Custom layer produces wrong values.",
    "Test custom layers in isolation.",
    ["Fix or replace the custom layer"],
    ["cg.03"],
    NL(22)
  ),
  k(
    "learn.23",
    "not_learning",
    "No stuck layers or variables",
    "Some layers' weights never change.",
    "Check weight histograms over time and the optimizer's parameter list.",
    ["Re-enable gradients for those layers"],
    ["cause.weights_frozen", "symptom.weight_not_updated", "cg.02"],
    NL(23)
  ),
  k(
    "learn.24",
    "not_learning",
    "Increase network size",
    "Training loss plateaus high with no train/validation gap.",
    "Try a wider or deeper model.",
    ["Add layers or units"],
    ["cause.model_too_small"],
    NL(24)
  ),
  k(
    "learn.25",
    "not_learning",
    "Look for hidden dimension errors",
    "Wrong results with square shapes (64\xD764\xD764) that hide transposes.",
    "Use distinct sizes per dimension and trace them through the network.",
    ["Fix the transposes/reshapes"],
    ["cg.03"],
    NL(25)
  ),
  k(
    "learn.26",
    "not_learning",
    "Gradient checking",
    "A hand-written backward pass is wrong.",
    "Compare analytic gradients with finite differences.",
    ["Fix the backward implementation"],
    ["cause.optimizer_unsuitable"],
    NL(26)
  ),
  k(
    "learn.27",
    "not_learning",
    "Overfit a very small dataset",
    "The model cannot learn even 1-2 examples: the code is broken.",
    "Train on 1-2 samples (then a few per class) and check the loss goes to ~0.",
    ["Fix the code path until tiny-set overfitting works"],
    ["cause.model_too_small", "symptom.loss_not_decreasing"],
    NL(27)
  ),
  k(
    "learn.28",
    "not_learning",
    "Check the weight initialisation",
    "Bad start, bad local minimum.",
    "Use Xavier or He initialisation if unsure; try another initialisation.",
    ["Switch initialiser"],
    ["cause.weight_init_zero", "cause.weight_init_too_large", "cause.weight_init_too_small", "wi.04"],
    NL(28)
  ),
  k(
    "learn.29",
    "not_learning",
    "Change the hyper-parameters",
    "A bad set of hyper-parameters.",
    "Run a small grid or random search.",
    ["Search over learning rate, batch size, regularisation"],
    ["hp.01", "hp.03"],
    NL(29)
  ),
  k(
    "learn.30",
    "not_learning",
    "Reduce regularisation",
    "Underfitting with dropout/L2/BatchNorm.",
    "Remove regularisation, get the model to overfit first, then add it back.",
    ["Reduce dropout, weight decay"],
    ["cause.regularization_too_strong"],
    NL(30)
  ),
  k(
    "learn.31",
    "not_learning",
    "Give it time",
    "Loss decreasing steadily when training stopped.",
    "Check the trend at the end.",
    ["Train longer"],
    ["cause.too_few_epochs", "symptom.still_improving_at_end"],
    NL(31)
  ),
  k(
    "learn.32",
    "not_learning",
    "Switch between training and test mode",
    "BatchNorm/Dropout behave differently in training and testing.",
    "Check the mode switches.",
    ["Set the right mode"],
    ["cause.train_eval_mode_wrong", "api.02"],
    NL(32)
  ),
  k(
    "learn.33",
    "not_learning",
    "Visualise training",
    "Update/weight ratios far from 1e-3; activations with mean \u226B 0; weight histograms not Gaussian; biases growing large.",
    "Track activations, weights and updates per layer (histograms, update/weight ratio).",
    ["Act on the layer whose statistics are off (BatchNorm/ELU for large-mean activations)"],
    ["symptom.weight_change_too_small", "symptom.weight_change_too_large", "symptom.activation_too_large"],
    NL(33)
  ),
  k(
    "learn.34",
    "not_learning",
    "Try a different optimizer",
    "Progress poor with the current optimizer.",
    "Compare with Adam or plain SGD with momentum.",
    ["Switch optimizer"],
    ["cause.optimizer_unsuitable"],
    NL(34)
  ),
  k(
    "learn.35",
    "not_learning",
    "Exploding / vanishing gradients",
    "Very large layer updates; activation std outside 0.5-2.",
    "Check layer updates and activation statistics.",
    ["Clip gradients; fix init/normalisation"],
    ["cause.exploding_gradient", "cause.vanishing_gradient"],
    NL(35)
  ),
  k(
    "learn.36",
    "not_learning",
    "Speed up / slow down learning",
    "Too low: very slow convergence. Too high: quick initial drop, then no good solution.",
    "Change the learning rate by 10\xD7 either way and compare.",
    ["Adjust the learning rate by factors of 10"],
    ["cause.learning_rate_too_high", "cause.learning_rate_too_low", "hp.01"],
    NL(36)
  ),
  k(
    "learn.37",
    "not_learning",
    "Eliminate NaN",
    "NaN in the loss, more often in RNNs.",
    "Lower the learning rate (especially if NaN appears in the first 100 iterations); look for division by zero, log of zero or negative numbers.",
    ["Lower the learning rate", "Guard divisions and logs", "Clip gradients"],
    ["cause.numerical_instability", "cause.learning_rate_too_high", "symptom.loss_nan_or_inf"],
    NL(37)
  ),
  k(
    "learn.38",
    "not_learning",
    "Use a standard dataset first",
    "A new architecture or new code does not learn on custom data.",
    "Train it on a standard dataset (MNIST, CIFAR-10) known to be solvable.",
    ["Debug on the standard dataset, then return to yours"],
    ["ds.04"],
    `${SOURCES.notLearning} (addition 1)`
  )
];

// src/diagnose/knowledge/symptoms.ts
var s = (code, category, title, shows, confirm, fixes, related, source) => entry("symptom", `symptom.${code}`, category, title, shows, confirm, fixes, related, source);
var SYMPTOM_ENTRIES = [
  s(
    "loss_nan_or_inf",
    "loss",
    "Loss is NaN or infinite",
    "The training (or validation) loss series contains NaN, +Inf or \u2212Inf values; often the curve ends abruptly or the loss grows first and then turns non-finite.",
    "Find the first non-finite step; check whether the loss grew before (divergence: learning rate, gradients) or jumped from a normal value (numerics, bad data). Run the tensor_overflow watchpoint to find the first tensor with NaN/Inf.",
    ["Lower the learning rate, especially if NaN appears within the first 100 iterations", "Add epsilon to divisions and logs; use fused logits losses", "Check the input data for NaN/Inf", "With mixed precision use dynamic loss scaling", "Clip gradients"],
    ["cause.learning_rate_too_high", "cause.numerical_instability", "cause.exploding_gradient", "cause.data_missing_values", "cause.loss_scale_wrong", "symptom.tensor_overflow", "hp.01", "ds.01", "mp.01", "learn.37"],
    `${SOURCES.guide} \xA7Common Symptoms (abnormal loss value); ${SOURCES.notLearning} #37`
  ),
  s(
    "loss_too_large",
    "loss",
    "Loss far larger than expected",
    "The first loss values are far above the expected value at random initialisation (ln C for C-class cross-entropy, about the target variance for MSE), or the loss stays at an extremely large value.",
    "Compare the first loss with ln(C) or the target variance; check input scaling and initial weights; use the tensor_too_large watchpoint to find the node producing large values.",
    ["Normalise inputs and targets", "Use standard weight initialisation", "Check the loss reduction (sum vs mean) and the loss weights"],
    ["cause.input_not_normalized", "cause.weight_init_too_large", "cause.wrong_loss_function", "cause.data_outliers", "learn.17", "dp.01"],
    `${SOURCES.guide} \xA7Checking the Loss Curve (abnormal loss value); ${SOURCES.notLearning} #17`
  ),
  s(
    "loss_diverging",
    "loss",
    "Loss diverging",
    "The loss rises over a window after an initial decrease (or from the start), usually accelerating; often followed by Inf/NaN.",
    "Compare the robust trend of the late window with the early minimum; look at gradient norms and update/weight ratios around the turning point.",
    ["Lower the learning rate 3-10x", "Add warm-up and gradient clipping", "Check for exploding gradients"],
    ["cause.learning_rate_too_high", "cause.exploding_gradient", "cause.numerical_instability", "hp.01", "learn.36"],
    `${SOURCES.guide} \xA7Hyperparameter Problems 1; ${SOURCES.notLearning} #36`
  ),
  s(
    "loss_not_decreasing",
    "loss",
    "Loss not decreasing",
    "The training loss stays flat (within its noise) for most of the run, often at the chance level ln(C); metrics stay at chance.",
    "Check the relative improvement from start to end; compare the plateau value with ln(C); check whether weights change at all (weight_not_changed, weight_change_too_small) and whether gradients vanish.",
    ["Overfit a tiny subset (1-2 batches) to test the code path", "Check the learning rate (\xD710) and optimizer", "Check that all layers train (nothing frozen) and initialisation is random", "Check the loss function against the output activation"],
    ["cause.learning_rate_too_low", "cause.weights_frozen", "cause.weight_init_zero", "cause.wrong_loss_function", "cause.vanishing_gradient", "cause.label_noise", "cause.model_too_small", "learn.27", "learn.23", "hp.01"],
    `${SOURCES.guide} \xA7Common Symptoms (loss does not converge), Figure 1; ${SOURCES.notLearning}`
  ),
  s(
    "loss_slow_convergence",
    "loss",
    "Loss converges slowly",
    "The loss decreases, but by a small fraction of its initial value over the run; a straight-ish decline with no sign of flattening.",
    "Compare progress per epoch with a reference run; look at the update/weight ratio (\u226A 1e-3 means too slow); check input scale.",
    ["Raise the learning rate (\xD73-10) or use a schedule with warm-up", "Normalise inputs", "Switch to Adam as a baseline", "Train longer"],
    ["cause.learning_rate_too_low", "cause.input_not_normalized", "cause.optimizer_unsuitable", "cause.batch_size_too_large", "hp.01", "dp.01"],
    `${SOURCES.guide} \xA7Checking the Loss Curve (slow convergence)`
  ),
  s(
    "loss_oscillating",
    "loss",
    "Loss oscillating",
    "The loss moves up and down with a large amplitude relative to its trend (not only step noise), without settling.",
    "Compare the oscillation amplitude with the trend; check learning rate, batch size and whether the data is shuffled (periodic pattern).",
    ["Lower the learning rate or add decay", "Increase the batch size", "Shuffle the data"],
    ["cause.learning_rate_too_high", "cause.batch_size_too_small", "cause.data_not_shuffled", "cause.data_outliers", "hp.01", "hp.03"],
    `${SOURCES.guide} \xA7Hyperparameter Problems 1 (loss flapping); ${SOURCES.training}`
  ),
  s(
    "loss_zero",
    "loss",
    "Loss is zero",
    "The training loss reaches exactly 0 (or ~1e-7) early; validation does not follow; or the loss is 0 from the start (wrong labels/loss wiring).",
    "Check whether the loss is 0 from the start (loss computed on the wrong tensors, labels equal to predictions) or reached by fitting (overfitting, repeated batch).",
    ["Check that the loss uses the predictions and the labels", "Enlarge the training set / add regularisation", "Check the data loader for a repeated batch"],
    ["cause.overfitting", "cause.repeated_batch", "cause.insufficient_data", "cause.wrong_loss_function", "ds.06", "cg.04"],
    `${SOURCES.guide} \xA7Common Symptoms (loss value is 0), \xA7Other loss symptoms`
  ),
  s(
    "loss_suspiciously_smooth",
    "loss",
    "Loss too smooth for mini-batch training",
    "The per-step training loss has almost no step-to-step noise (far less than different batches would give).",
    "Measure the noise of the loss around its trend; print hashes of several batches; check batch size vs dataset size.",
    ["Feed a new batch every step", "Check that the logged loss is not an average over the whole epoch"],
    ["cause.repeated_batch", "cause.batch_size_too_large", "learn.01"],
    `${SOURCES.notLearning} #1; ${SOURCES.project} part 5`
  ),
  s(
    "loss_sawtooth",
    "loss",
    "Periodic sawtooth in the loss",
    "The per-step loss repeats a pattern with a fixed period (often one epoch or a class block), jumping at the period boundaries.",
    "Compute the autocorrelation of the detrended loss; compare the period with the steps per epoch; print labels of consecutive batches.",
    ["Shuffle the data every epoch", "Make sure batches mix classes"],
    ["cause.data_not_shuffled", "dp.03", "learn.07", "learn.10"],
    `${SOURCES.guide} \xA7Data Processing Problems 4; ${SOURCES.notLearning} #7, #10`
  ),
  s(
    "train_metric_below_chance",
    "metric",
    "Training accuracy below chance",
    "The per-epoch training accuracy (an average over the epoch's batches) falls far below 1/C in some epochs and swings between epochs.",
    "Print the labels of consecutive batches; compare the training accuracy with the validation accuracy of the same epoch.",
    ["Shuffle the data every epoch", "Make sure batches mix classes"],
    ["cause.data_not_shuffled", "dp.03", "learn.07"],
    `${SOURCES.guide} \xA7Data Processing Problems 4; ${SOURCES.notLearning} #7`
  ),
  s(
    "metric_below_expectation",
    "metric",
    "Metric below expectation",
    "Final accuracy (or other metric) is clearly below what the task or a reference run reaches, although training completed without errors.",
    "Compare training and validation metrics: both low \u2192 underfitting (model, learning rate, data); training good, validation low \u2192 overfitting or preprocessing mismatch.",
    ["Tune hyper-parameters (learning rate first)", "Check data quality and preprocessing", "Compare with a reference script setting by setting (trainscope compare)"],
    ["cause.too_few_epochs", "cause.model_too_small", "cause.regularization_too_strong", "cause.preprocessing_mismatch", "cause.label_noise", "hp.01", "hp.02", "api.01"],
    `${SOURCES.guide} \xA7Common Symptoms (metrics), \xA7Checking Whether the Accuracy Meets the Expectation`
  ),
  s(
    "metric_at_chance",
    "metric",
    "Metric at chance level",
    "Accuracy stays near 1/C (C classes) for the whole run; loss at ln(C).",
    "Compare accuracy with 1/C over the run; check the labels, the output activation and whether anything is learning at all.",
    ["Overfit a tiny subset", "Check labels are paired with inputs", "Check output activation and loss"],
    ["cause.label_noise", "cause.wrong_output_activation", "cause.wrong_loss_function", "cause.learning_rate_too_low", "cause.weight_init_zero", "learn.04", "learn.17"],
    `${SOURCES.notLearning} #4, #17`
  ),
  s(
    "metric_at_majority_rate",
    "metric",
    "Metric equals the majority-class rate",
    "Accuracy stays at the share of the most frequent class (e.g. 0.9 for 90/10 data): the model predicts one class.",
    "Count labels per class; check per-class recall.",
    ["Balance the data or weight the loss", "Use balanced metrics", "Check the output layer bias"],
    ["cause.class_imbalance", "ds.03", "learn.08"],
    `${SOURCES.guide} \xA7Dataset Problems 2; ${SOURCES.notLearning} #8`
  ),
  s(
    "val_loss_rising",
    "generalization",
    "Validation loss rising",
    "The validation loss has a minimum and rises afterwards while the training loss keeps falling.",
    "Find the best validation step; compare the last value with the minimum.",
    ["Keep the checkpoint of the validation optimum / use early stopping", "Add regularisation or data"],
    ["cause.overfitting", "cause.too_many_epochs", "cause.insufficient_data", "hp.02"],
    `${SOURCES.guide} \xA7Early Stop; ${SOURCES.blog} \xA72`
  ),
  s(
    "train_val_gap",
    "generalization",
    "Large train/validation gap",
    "Training loss (metric) much better than validation at the end; the gap grows over training or exists from the first evaluation.",
    "A gap from the first evaluation points to preprocessing or mode problems; a growing gap to overfitting.",
    ["Check evaluation preprocessing and train/eval mode", "Regularise, add data, stop earlier"],
    ["cause.overfitting", "cause.preprocessing_mismatch", "cause.train_eval_mode_wrong", "cause.insufficient_data", "dp.02", "api.02"],
    `${SOURCES.guide} \xA7Checking the accuracy of the validation set`
  ),
  s(
    "still_improving_at_end",
    "schedule",
    "Still improving when training stopped",
    "At the last step the loss is still falling (metric rising) clearly, with no plateau.",
    "Fit the trend over the last part of the run; a clear slope means more training would help.",
    ["Train longer / resume from the last checkpoint", "Use early stopping rather than a fixed number of epochs"],
    ["cause.too_few_epochs", "cause.learning_rate_too_low", "hp.02", "learn.31"],
    `${SOURCES.guide} \xA7Hyperparameter Problems 4; ${SOURCES.notLearning} #31`
  ),
  s(
    "few_steps_per_epoch",
    "schedule",
    "Very few optimizer steps per epoch",
    "Dataset size / batch size is small (a handful of steps per epoch), so each epoch barely updates the model.",
    "Compare the logged batch size with the dataset size, or the step count with the epoch count.",
    ["Lower the batch size", "Scale the learning rate with the batch size", "Train for more epochs"],
    ["cause.batch_size_too_large", "hp.03", "hp.05"],
    `${SOURCES.guide} \xA7Selection of Batch Sizes`
  ),
  s(
    "gradient_vanishing",
    "gradient",
    "Gradients vanishing",
    "Gradient histograms/norms near zero (mean |g| < 1e-9) or far smaller in the first layers than in the last.",
    "Run the gradient_vanishing watchpoint; compare per-layer gradient norms; check activations for saturation.",
    ["Use ReLU-family activations, proper init and normalisation", "Add skip connections"],
    ["cause.vanishing_gradient", "cause.activation_saturation", "cause.dead_relu", "cause.weight_init_too_small", "learn.35"],
    `${SOURCES.guide} \xA7Common Symptoms; ${SOURCES.debugger} (gradient_vanishing)`
  ),
  s(
    "gradient_exploding",
    "gradient",
    "Gradients exploding",
    "Gradient norms grow by orders of magnitude over training or jump suddenly.",
    "Run the gradient_too_large watchpoint; find the first layer and step with large gradients.",
    ["Clip gradient norms", "Lower the learning rate", "Fix initialisation"],
    ["cause.exploding_gradient", "cause.learning_rate_too_high", "cause.weight_init_too_large", "learn.35"],
    `${SOURCES.guide} \xA7Common Symptoms; ${SOURCES.debugger} (gradient_too_large)`
  ),
  s(
    "gradient_non_finite",
    "gradient",
    "Gradients contain NaN/Inf",
    "Gradient histograms/tensors count NaN or \xB1Inf values (gradient_exploding watchpoint).",
    "Find the first step and layer with non-finite gradients; check the forward values feeding it.",
    ["Add epsilon to unstable ops", "Use loss scaling correctly with float16", "Lower the learning rate, clip gradients"],
    ["cause.exploding_gradient", "cause.numerical_instability", "cause.loss_scale_wrong", "mp.01"],
    `${SOURCES.debugger} (gradient_exploding)`
  ),
  s(
    "weight_not_updated",
    "weight",
    "Weights not updated",
    "A layer's weights are unchanged between recorded steps (every element within atol + rtol\xB7|prev|).",
    "Run the weight_not_changed watchpoint; check the optimizer's parameter list and gradient flow to that layer.",
    ["Pass the parameters to the optimizer; unfreeze them", "Check for detach/stop-gradient", "Check the learning rate is not 0"],
    ["cause.weights_frozen", "cause.learning_rate_too_low", "cause.vanishing_gradient", "cg.02", "learn.23"],
    `${SOURCES.guide} \xA7Common Symptoms (weight not updated); ${SOURCES.debugger} (weight_not_changed)`
  ),
  s(
    "weight_change_too_small",
    "weight",
    "Weight change too small",
    "Mean |update| / mean |weight| per step far below 1e-3 (watchpoint threshold 1e-4).",
    "Run the weight_change_too_small watchpoint; compare across layers.",
    ["Raise the learning rate", "Check for vanishing gradients"],
    ["cause.learning_rate_too_low", "cause.vanishing_gradient", "cause.optimizer_unsuitable", "hp.01", "learn.33"],
    `${SOURCES.guide} \xA7Common Symptoms (weight change below threshold); ${SOURCES.notLearning} #33 (ratio ~1e-3); ${SOURCES.project} part 6`
  ),
  s(
    "weight_change_too_large",
    "weight",
    "Weight change too large",
    "Mean |update| / mean |weight| per step above ~1e-1 (recommended watchpoint threshold 1).",
    "Run the weight_change_too_large watchpoint; look at the learning rate and gradient norms at those steps.",
    ["Lower the learning rate", "Clip gradients", "Add warm-up"],
    ["cause.learning_rate_too_high", "cause.exploding_gradient", "hp.01", "learn.33"],
    `${SOURCES.guide} \xA7Common Symptoms (weight change above threshold); ${SOURCES.project} part 6`
  ),
  s(
    "weight_init_suspicious",
    "weight",
    "Suspicious initial weights",
    "At the first recorded step a weight tensor is all zero or constant, or its spread is far from the usual 1/sqrt(fan_in) scale.",
    "Run the weight_initialization watchpoint at the first step; check the initialiser in the code or a loaded checkpoint.",
    ["Use Xavier/Kaiming initialisation", "Check pretrained weight loading"],
    ["cause.weight_init_zero", "cause.weight_init_too_large", "cause.weight_init_too_small", "wi.01", "wi.02", "wi.04"],
    `${SOURCES.guide} \xA7Weight Initialization Problems; ${SOURCES.debugger} (weight_initialization)`
  ),
  s(
    "activation_saturated",
    "activation",
    "Activations saturated",
    "Tanh/sigmoid activation histograms with almost no values inside the non-saturated range.",
    "Run the tanh/sigmoid activation_range watchpoints; check input scale and initial weights.",
    ["Normalise inputs", "Use smaller init or BatchNorm", "Use ReLU-family activations"],
    ["cause.activation_saturation", "cause.input_not_normalized", "cause.weight_init_too_large", "dp.01"],
    `${SOURCES.guide} \xA7Common Symptoms (activation saturation); ${SOURCES.debugger} (activation_range)`
  ),
  s(
    "activation_dead",
    "activation",
    "Dead activations",
    "ReLU activation histograms with more than 99.9% of values in [\u22121, 0] (zeros).",
    "Run the dead-ReLU activation_range watchpoint; follow the zero share over time.",
    ["Lower the learning rate", "Use LeakyReLU/ELU", "Check bias init"],
    ["cause.dead_relu", "cause.learning_rate_too_high", "learn.33"],
    `${SOURCES.guide} \xA7Checking the Loss Curve 6; ${SOURCES.debugger} (dead ReLU range)`
  ),
  s(
    "activation_too_large",
    "activation",
    "Activations too large",
    "Activation magnitudes grow large (abs mean or max far beyond the input scale); standard deviation of activations outside 0.5-2.",
    "Run the tensor_too_large watchpoint on activations; check normalisation and init.",
    ["Add normalisation layers", "Fix initialisation", "Normalise inputs"],
    ["cause.weight_init_too_large", "cause.input_not_normalized", "cause.exploding_gradient", "learn.33", "learn.35"],
    `${SOURCES.notLearning} #33, #35 (activation std 0.5-2)`
  ),
  s(
    "loss_floor_high",
    "loss",
    "Loss stuck on the floor of probabilities fed to a logits loss",
    "The accuracy is high, but the cross-entropy stays near ln(1 + (C \u2212 1)/e) (a single sigmoid unit: between ln(1 + 1/e) and ln 2) and far above what that accuracy implies.",
    "Check whether the model's last layer applies softmax/sigmoid and the loss applies it again (from_logits=True, CrossEntropyLoss, BCEWithLogitsLoss).",
    ["Remove the softmax/sigmoid before a loss that expects logits, or use the loss on probabilities", "Match the loss to the output activation"],
    ["cause.wrong_loss_function", "cause.wrong_output_activation", "api.04", "learn.18", "learn.19"],
    `${SOURCES.notLearning} #18-#19; ${SOURCES.guide} \xA7API usage`
  ),
  s(
    "metric_collapsed",
    "metric",
    "Metric collapsed after a good start",
    "The accuracy climbs well above chance and then falls back near chance, often with a loss that rises or jumps at the same time.",
    "Find the step where the accuracy turned; look at the learning rate (schedule peaks, warm restarts) and the gradient norm around it.",
    ["Lower the learning rate or its peak", "Add warm-up and gradient clipping", "Keep the checkpoint from before the collapse"],
    ["cause.learning_rate_too_high", "cause.exploding_gradient", "hp.01", "learn.36"],
    `${SOURCES.spec} (learning_rate_too_high: collapse after a good start); ${SOURCES.guide} \xA7Hyperparameter Problems 1`
  ),
  s(
    "train_below_val",
    "metric",
    "Training accuracy far below validation accuracy",
    "The training accuracy stays well below the validation accuracy for the last epochs, with no training-mode regularisation (heavy dropout, mixup) in the configuration.",
    "Check the training labels (shuffled labels, label/sample mismatch after augmentation or sorting) against the validation labels; compare the accuracy of the model on training data in eval mode.",
    ["Check and clean the training labels", "Check that samples and labels stay paired through the input pipeline"],
    ["cause.label_noise", "cause.regularization_too_strong", "ds.02", "learn.03"],
    `${SOURCES.guide} \xA7Dataset problems (label errors); ${SOURCES.notLearning} #3`
  ),
  s(
    "loss_spike_at_start",
    "loss",
    "Loss blown up by the first updates",
    "The per-step loss starts at a normal level and jumps by orders of magnitude within the first few optimizer steps, then falls back; ReLU networks often stay stuck afterwards (dead units).",
    "Compare the loss of step 0 (before any update) with the next steps; look at the learning rate of the first steps and the share of zero activations afterwards.",
    ["Use a learning-rate warm-up", "Lower the initial learning rate", "Clip the gradients", "Use LeakyReLU/ELU if ReLU units die"],
    ["cause.learning_rate_too_high", "cause.dead_relu", "cause.exploding_gradient", "hp.01", "learn.36"],
    `${SOURCES.guide} \xA7Hyperparameter Problems 1; ${SOURCES.notLearning} #36`
  ),
  s(
    "discriminator_wins",
    "loss",
    "GAN discriminator wins outright",
    "In adversarial training the discriminator (critic) loss falls to a small share of its start while the generator loss keeps growing.",
    "Look at generated samples; compare the update ratio and learning rates of the two optimizers; check the discriminator's capacity.",
    ["Balance the two optimizers (learning rates, updates per step)", "Use a non-saturating or Wasserstein loss (with gradient penalty)", "Add noise or label smoothing for the discriminator"],
    ["cause.optimizer_unsuitable", "cause.learning_rate_too_high", "hp.01"],
    `${SOURCES.project} part 6 (tuning); ${SOURCES.training} (optimizer)`
  ),
  s(
    "tensor_all_zero",
    "tensor",
    "Tensor all zero",
    "A weight, gradient or activation tensor has 100% exact zeros at some step.",
    "Run the tensor_all_zero watchpoint; find the first layer that is all zero.",
    ["Fix initialisation or the layer feeding zeros", "Check masks and dead ReLUs"],
    ["cause.weight_init_zero", "cause.dead_relu", "cause.weights_frozen", "wi.01"],
    `${SOURCES.debugger} (tensor_all_zero); ${SOURCES.project} part 5 (layers with most weights 0)`
  ),
  s(
    "tensor_overflow",
    "tensor",
    "Tensor contains NaN/Inf",
    "A histogram or tensor counts NaN or \xB1Inf values at some step.",
    "Run the tensor_overflow watchpoint; the earliest step and first layer is where to look.",
    ["Add epsilon / use stable ops", "Lower the learning rate", "Check data for NaN", "Fix the loss scale"],
    ["cause.numerical_instability", "cause.exploding_gradient", "cause.data_missing_values", "cause.loss_scale_wrong", "mp.01", "learn.37"],
    `${SOURCES.guide} \xA7Checking the Loss Curve 9-10; ${SOURCES.debugger} (tensor_overflow)`
  )
];

// src/diagnose/knowledge.ts
var KNOWLEDGE_BASE = [...SYMPTOM_ENTRIES, ...CAUSE_ENTRIES, ...CHECKLIST_ENTRIES];
var BY_ID = new Map(KNOWLEDGE_BASE.map((e) => [e.id, e]));
var CHECKLIST_CATEGORIES = [
  { category: "dataset", prefix: "ds", label: "Dataset" },
  { category: "data_processing", prefix: "dp", label: "Data processing" },
  { category: "hyper_parameters", prefix: "hp", label: "Hyper-parameters" },
  { category: "api_usage", prefix: "api", label: "API usage" },
  { category: "graph_structure", prefix: "cg", label: "Graph structure" },
  { category: "weight_init", prefix: "wi", label: "Weight initialisation" },
  { category: "mixed_precision", prefix: "mp", label: "Mixed precision" },
  { category: "not_learning", prefix: "learn", label: "Reasons a network does not learn" }
];
function knowledgeEntry(id) {
  return BY_ID.get(id);
}
function checklistFor(code) {
  const ids = code.includes(".") && BY_ID.has(code) ? [code] : [`cause.${code}`, `symptom.${code}`].filter((i) => BY_ID.has(i));
  const out = [];
  const add = (id) => {
    if (!out.includes(id)) out.push(id);
  };
  for (const id of ids) {
    const e = BY_ID.get(id);
    if (e.kind === "checklist") {
      add(e.id);
      continue;
    }
    for (const r of e.related) if (BY_ID.get(r)?.kind === "checklist") add(r);
  }
  for (const e of CHECKLIST_ENTRIES) if (e.related.some((r) => ids.includes(r))) add(e.id);
  return out;
}
function knowledgeByCategory(category) {
  const c2 = category.toLowerCase();
  const cat = CHECKLIST_CATEGORIES.find((x) => x.prefix === c2 || x.category === c2 || x.label.toLowerCase() === c2);
  return KNOWLEDGE_BASE.filter((e) => e.category === c2 || e.kind === c2 || cat !== void 0 && e.category === cat.category || e.id.startsWith(c2 + "."));
}

// src/diagnose/thresholds.ts
function t(value, source) {
  return { value, source };
}
var T2 = {
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
  divergeRatio: t(3, "design (anchors \xA710 proposal: > 10\xD7 first-window median; 3\xD7 on the best is stricter for rising curves)"),
  /** A classifier's first loss above this is huge whatever C (ln 1000 ≈ 6.9 for 1000 classes). */
  lossHugeForClassifier: t(10, "design: above ln C for any C up to 20000"),
  /** First loss far above chance level ln C → init too large / unnormalised inputs. */
  initialLossOverChance: t(3, "design: a freshly initialised classifier starts near ln C (seed 004: check the initial loss)"),
  /** Regression (no accuracy): a first loss at least this large... */
  regressionHugeLoss: t(1e6, "design: far above AT-HEAD's 1e3 large-loss limit, so that targets in large units (prices) stay clear"),
  /** ...that falls by at least this factor started from exploded outputs. */
  regressionHugeDrop: t(1e3, "design: three orders of magnitude; a healthy regression from a standard init falls 10\u2013100\xD7"),
  /** Huge first loss: the first-window median at most this share of the first loss = it falls back at once (unscaled inputs, not a too-large init). */
  initialLossFastDrop: t(0.6, "zoo seeds 1\u20132: unscaled inputs 0.12\u20130.51, far-too-large init 0.72\u20131.03"),
  /** A per-step loss rising to this multiple of its first value within the first 5 % of the steps was blown up by the first updates. */
  earlyBlowUpRatio: t(100, "design: two orders of magnitude; zoo seeds 4, 5, 47 (development): one huge first step gives 10^3\u201310^5\xD7"),
  /** A network with at least this many hidden layers is deep: an overflow from the first step points to exploding activations/gradients. */
  deepNetLayers: t(5, "design; the vanishing-gradient rule uses the same depth for sigmoid/tanh stacks"),
  /** A GAN's discriminator loss at or below this share of its start (with a generator loss tripled) means the discriminator won outright. */
  discriminatorWinsShare: t(0.1, "design: a healthy D loss hovers near its equilibrium (ln 4 for the BCE game)"),
  // ---- progress ------------------------------------------------------------------------------
  /** Relative improvement (first − last)/first below this = not decreasing. */
  notDecreasingRel: t(0.05, "design; SM LossNotDecreasing with diff_percent, scale-free"),
  /** A loss whose first window and end are both at most this share of its first points fell early and converged (not "not decreasing"). */
  earlyDropShare: t(0.5, "design: the loss halved within the first 10 % of the run"),
  /** An accuracy at or above this means the run has converged: a flat loss is then not a failure. */
  convergedAccuracy: t(0.99, "design: a TF1 Keras fixture (wandb) resumed at val accuracy 1.0 with a loss of 3e-5"),
  /** A classification loss below this share of ln C has converged: a flat loss is then not a failure. */
  convergedLossOverChance: t(0.01, "design: 1 % of the chance-level loss"),
  /** |loss| at most this at every step from the start = a loss that is identically zero (not computed from the predictions). */
  lossZeroAbs: t(1e-7, "design: float32 resolution near 0; seed 004: a loss of exactly 0 is a bug"),
  /** An accuracy gain (last − first window) of at least this means the run is learning, whatever the loss does. */
  accuracyGain: t(0.1, "design; AT sc_accuracy counts gains of \u03B4=0.01 per epoch"),
  /** A flat loss that still falls in at least this share of the epochs is limited by step size. */
  monotoneShare: t(0.85, "design"),
  /** Relative improvement below this (but above notDecreasing) with a still-falling tail = slow. */
  slowConvergenceRel: t(0.3, "zoo"),
  /** Without accuracy or chance level (regression): a loss still falling that lost less than this share of its start is barely trained. */
  regressionBarelyTrainedRel: t(0.15, "design: 3\xD7 notDecreasingRel; zoo seed 1 (development): a slowly learning healthy GRU on the adding problem lost 17 %"),
  /** Loss within this relative band of ln C = at chance level. */
  chanceBand: t(0.1, "design: \xB110 % of ln C"),
  /** Accuracy within this absolute margin of 1/C or of the majority rate = at chance / majority. */
  accuracyChanceMargin: t(0.05, "AT sc_accuracy \u03B4 scale; design"),
  /** Majority rate: accuracy within this band of its last value on >= 80 % of the epochs. */
  majorityFlatBand: t(0.01, "zoo seed 1 (imbalanced runs vary by < 0.01); AT sc_accuracy \u03B4 = 0.01"),
  /** Majority rate: the loss must be at least this share of the prior entropy (a model that learned beats it). */
  majorityLossBand: t(0.6, "zoo seed 1 (imbalanced runs reach 0.8\xD7 the prior entropy)"),
  /** Majority rate: a loss up to this multiple of the prior entropy still means no better than the prior (an over-confident model on held-out data exceeds it). */
  majorityLossAbove: t(2, "design: the prior entropy is what predicting the class prior scores; zoo seed 47 (development): a 99 % majority run with a validation loss 1.3\xD7 the prior entropy"),
  /** Majority rate: the accuracy takes at most this share of distinct values over the evaluations (or C + 1): the predictions barely change. */
  majorityDistinctShare: t(1 / 3, "design (constant outputs give one value); zoo seeds 3\u20135, 47, 61, 89, 97 (development): imbalanced runs 1\u20135 distinct of 15, a healthy run steady at 92 % 7 of 15"),
  /** Majority rate: only a large majority (>= 90 %) makes a flat accuracy an alarm. */
  majorityMinRate: t(0.9, "design; tightened after a healthy run flat at 88.7 % on the seed-4 zoo"),
  /** A run of at most this many epochs that still improves in its last epoch was cut short. */
  shortRunEpochs: t(4, "design; AT gates its convergence checks at 30 % of the planned epochs"),
  /** Still improving: share of the whole improvement gained in the last window pair. */
  tailGainShare: t(0.1, "zoo; SM Overtraining uses an absolute delta 0.1 over 5 steps"),
  /** Still improving: the tail's Theil–Sen slope, projected over the run, as a share of the level. */
  tailSlopeRel: t(0.1, "design"),
  // ---- instability ---------------------------------------------------------------------------
  /** Spike: a point above the running median by this many robust deviations, and >= spikeRel relatively. */
  spikeMads: t(10, "design: robust z-score"),
  spikeRel: t(0.5, "design: +50 % over the local median"),
  /** Oscillation: median |detrended step-to-step change| relative to the level. */
  oscillationRel: t(0.15, "zoo; AT unstable_loss \u03B6=0.03 on accuracy, here on loss, scale-free"),
  /** Oscillation on accuracy (AT): pairs of local max/min with amplitude >= ζ on >= η of epochs. */
  accuracyOscZeta: t(0.03, "AT \u03B6"),
  accuracyOscEta: t(0.2, "AT \u03B7"),
  // ---- loss vs accuracy -----------------------------------------------------------------------
  /** Probabilities fed as logits: accuracy at least this far above chance... */
  floorAccuracyOverChance: t(0.25, "design"),
  /** ...loss at least this multiple of the loss that accuracy implies... */
  floorOverCalibrated: t(1.35, "zoo seeds 1 and 4 (wrong-loss runs 1.19\u20132.4\xD7, a healthy run 1.19\xD7)"),
  /** ...and within this factor above the floor ln(1 + (C−1)/e). */
  floorBand: t(1.3, "zoo: wrong-loss runs end 1.0\u20131.28\xD7 the floor (seeds 1, 2 of the current zoo); the healthy run at 1.24\xD7 (old seed-4 zoo) is excluded by floorOverCalibrated (1.19\xD7); no healthy run of seeds 1\u20132 has a loss within 1.5\xD7 of the floor and >= 1.3\xD7 the calibrated loss"),
  // ---- generalisation ------------------------------------------------------------------------
  /** Overfit (SM Overfit): (val − train)/train > 0.1; here on the last windows and with patience. */
  gapRel: t(0.1, "SM Overfit ratio_threshold"),
  /** Val loss rise after its best point, relative to the best, to call it rising. */
  valRiseRel: t(0.1, "design (UM one-epoch rule with patience: share of the run after the optimum)"),
  /** Share of the run after the validation optimum to call it too many epochs. */
  pastOptimumShare: t(0.3, "design; AT early-stopping patience max(3, epochs/15)"),
  /** Few distinct samples (no steps per epoch known): a validation loss best at the first evaluations that then rises at least this much... */
  earlyMemorisedValRise: t(0.3, "design; zoo seeds 61, 89 (development): repeated-batch runs logged per epoch rise 0.47\u20133.5"),
  /** ...while the training loss falls to at most this share of its start (memorised; random labels are not memorised that fast). */
  earlyMemorisedTrainShare: t(0.05, "design; zoo seeds 3, 4, 61, 89 (development): repeated-batch runs 2.5e-4\u20132.4e-2, label-noise runs 0.5\u20130.99"),
  /** Label noise: validation accuracy within this share of the way from chance to 1. */
  labelNoiseChanceShare: t(0.2, "design"),
  /** Label noise: accuracy gap (train above val when memorising, val above train when train labels are noisy). */
  labelNoiseAccGap: t(0.2, "design; UM flags val acc \u2212 train acc > 0.05 as suspicious, stricter here"),
  /** Flat loss at chance: validation accuracy spread (10th–90th percentile over epochs) at or above this = predictions that change (not constant outputs). */
  predictionSpread: t(0.03, "design: constant outputs give the same accuracy on the same validation set at every epoch; 0.03 is above the one-sample granularity of a 64-sample validation set"),
  /** Fewest validation-accuracy points to judge that spread. */
  minEpochsForPredictionSpread: t(5, "design"),
  /** Overfitting must cost validation accuracy (drop from its best) when accuracy is logged. */
  valAccDrop: t(0.01, "AT test_turn_bad uses changes > 0.01"),
  /** Collapse after a good start: accuracy falls this far from its best, back near chance. */
  collapseDrop: t(0.1, "design (spec: learning_rate_too_high = collapse after a good start)"),
  /** Rose back: the validation loss at least doubled after its optimum... */
  roseBackValRise: t(1, "design (spec: learning_rate_too_high = collapse after a good start)"),
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
  smallBatch: t(64, "design: usual mini-batch sizes are 16\u201364"),
  /** Many batches per epoch: a validation optimum at the first evaluations then suggests the same few samples again. */
  manyStepsPerEpoch: t(8, "design"),
  /** Too smooth: step-to-step noise over trend change below this = the same batch again. */
  smoothNoiseRatio: t(0.05, "zoo"),
  /** Step-to-step jitter below this share of the level: the same batch every step (deterministic), not a smoothed log of real batches. */
  deterministicJitterRel: t(2e-4, "design: an EMA (\u03B2 = 0.98) of batch losses with 30 % noise jitters by 1.8e-3, a mean over 500 batches by ~3e-3; zoo repeated-batch runs 1e-5\u20131e-4 (seeds 4, 5, 47, development)"),
  /** Without validation: a too-smooth training loss counts as a repeated batch only when it fell to this share of its start (memorised). */
  memorisedLossShare: t(0.02, "design: a repeated batch is fitted to (near) zero loss; zoo repeated-batch runs end at 1e-11\u20131e-2 of their start; a smoothed real loss plateaus far higher"),
  /** A validation loss this many times (relative gap) above the training loss: the training data was memorised. */
  memorisedGapRel: t(5, "design: a validation loss 6\xD7 the training loss; zoo seeds 4, 5, 47 (development): repeated-batch runs 40\u20134e10, healthy per-step runs <= 2.5"),
  /** Sawtooth: autocorrelation of the detrended loss at lag = steps per epoch above this. */
  sawtoothAutocorr: t(0.4, "zoo seed 1: sorted runs 0.50\u20130.82, healthy per-step runs <= 0.19"),
  /** Sawtooth, second form: autocorrelation at one and two epochs both above this... */
  sawtoothAutocorrWeak: t(0.25, "zoo seeds 1\u20132: healthy per-step runs have min(lag 1, lag 2 epochs) <= 0.19"),
  /** ...and the within-epoch position explains at least this share of the detrended log-loss variance. */
  sawtoothPositionShare: t(0.2, "zoo seeds 1\u20132: sorted runs 0.21\u20130.77, healthy per-step runs <= 0.16"),
  /** Training accuracy below this share of the chance accuracy (an epoch average over different batches)... */
  belowChanceShare: t(0.5, "design: a model that predicts the class of the previous batches is wrong on the current ones; shuffled batches cannot average this far below 1/C"),
  /** ...while the training accuracy swings by at least this between epochs (after the first). */
  belowChanceSwing: t(0.3, "zoo seeds 1, 2, 3, 9: sorted runs 0.45\u20130.75; stuck low-lr / full-batch runs below chance \u2264 0.07"),
  /** The evaluation loss is the same at every epoch within this relative range: no weight changed. */
  frozenEvalRelRange: t(1e-6, "design: float32 evaluation of unchanged weights on the same data repeats to the last bits; any update moves it more"),
  /** Fewest evaluation points for that. */
  frozenEvalMinPoints: t(3, "design"),
  // ---- layers --------------------------------------------------------------------------------
  /** SM VanishingGradient: mean |grad| < 1e-7. */
  gradVanishingAbs: t(1e-7, "SM VanishingGradient, DD"),
  /** AT: first/last gradient-norm ratio < 1e-3 (vanishing) or > 70 (exploding). */
  gradRatioVanishing: t(1e-3, "AT \u03B21"),
  gradRatioExploding: t(70, "AT \u03B23"),
  /** Weight change per step relative to the weight (DD lr·|ΔW|/|W| in [1e-5, 1e-1]; SM WeightUpdateRatio (1e-8, 10)). */
  updateRatioLow: t(1e-5, "DD learning-rate probe"),
  updateRatioHigh: t(0.1, "DD learning-rate probe"),
  /** Weight not changed (SM UnchangedTensor rtol 1e-5, atol 1e-8). */
  unchangedRtol: t(1e-5, "SM UnchangedTensor"),
  unchangedAtol: t(1e-8, "SM UnchangedTensor"),
  /** Frozen layer: the other layers must change by at least this share of their size per step. */
  frozenOthersMinChange: t(1e-5, "DD lower learning-rate probe 1e-5"),
  /** Dead ReLU: share of zero outputs in a layer (DD 70 %; AT γ 0.7 on gradient entries). */
  deadShare: t(0.7, "DD dead node, AT \u03B3"),
  /** Saturated sigmoid/tanh: share at the limits (DD > 50 %). */
  saturatedShare: t(0.5, "DD saturated activation, SM SaturatedActivation layer 50 %"),
  /** Activation too large: mean |activation| >= 10 (AT-HEAD abnormal_data ω1). */
  activationLarge: t(10, "AT-HEAD \u03C91"),
  /** Weight std at the first record: below = (near-)constant init. */
  initStdTiny: t(1e-6, "DD poor weight variance < 1e-5 on variance; design on std with tolerance"),
  /** Weight std × sqrt(fan-in) proxy: first-record RMS above this is far too large (Glorot/He give ~1/sqrt(fan_in)). */
  initRmsLarge: t(2, "design: a standard init keeps |w| well below 1 for any layer of width >= 4"),
  /** SM PoorWeightInitialization: layer weight-variance max/min ratio > 10 — used for too-small init. */
  initRmsSmall: t(1e-3, "design")
};

// src/diagnose/signals/robust_stats.ts
function finiteF64(xs) {
  let k2 = 0;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) k2++;
  const v = new Float64Array(k2);
  k2 = 0;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) v[k2++] = xs[i];
  return v;
}
function select(v, k2, lo = 0, hi = v.length - 1) {
  while (hi > lo) {
    const mid = lo + hi >> 1;
    if (v[mid] < v[lo]) swap(v, mid, lo);
    if (v[hi] < v[lo]) swap(v, hi, lo);
    if (v[mid] < v[hi]) swap(v, mid, hi);
    const pivot = v[hi];
    let lt = lo, gt = hi, i = lo;
    while (i <= gt) {
      const x = v[i];
      if (x < pivot) swap(v, lt++, i++);
      else if (x > pivot) swap(v, i, gt--);
      else i++;
    }
    if (k2 < lt) hi = lt - 1;
    else if (k2 > gt) lo = gt + 1;
    else return v[k2];
  }
  return v[k2];
}
function swap(v, a, b) {
  const t2 = v[a];
  v[a] = v[b];
  v[b] = t2;
}
function quantile(xs, q) {
  const v = finiteF64(xs);
  if (v.length === 0) return NaN;
  const pos = (v.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  const a = select(v, lo);
  if (hi === lo) return a;
  let b = Infinity;
  for (let i = lo + 1; i < v.length; i++) if (v[i] < b) b = v[i];
  return a + (b - a) * (pos - lo);
}
function median(xs) {
  return quantile(xs, 0.5);
}
function mad(xs) {
  const v = finiteF64(xs);
  if (v.length === 0) return NaN;
  const m = quantile(v, 0.5);
  for (let i = 0; i < v.length; i++) v[i] = Math.abs(v[i] - m);
  return quantile(v, 0.5);
}
function minOf(xs) {
  let m = Infinity;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]) && xs[i] < m) m = xs[i];
  return m === Infinity ? NaN : m;
}
function maxOf(xs) {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]) && xs[i] > m) m = xs[i];
  return m === -Infinity ? NaN : m;
}
function theilSen(x, y, maxPoints = 200) {
  const idx = [];
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]) && Number.isFinite(x[i])) idx.push(i);
  if (idx.length < 2) return NaN;
  const stride = Math.max(1, Math.ceil(idx.length / maxPoints));
  const pick = [];
  for (let k2 = 0; k2 < idx.length; k2 += stride) pick.push(idx[k2]);
  const m = pick.length;
  const slopes = new Float64Array(m * (m - 1) / 2);
  let ns = 0;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      const dx = x[pick[b]] - x[pick[a]];
      if (dx > 0) slopes[ns++] = (y[pick[b]] - y[pick[a]]) / dx;
    }
  }
  return median(slopes.subarray(0, ns));
}
function windowLength(n, frac, min) {
  return Math.max(1, Math.min(n, Math.max(min, Math.round(n * frac))));
}
function ranksOf(v) {
  const n = v.length;
  const vals = finiteF64(v);
  const m = vals.length;
  const bits = new Uint32Array(vals.buffer);
  let hi = new Uint32Array(m), idx = new Int32Array(m);
  let k2 = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(v[i])) idx[k2++] = i;
  for (let j = 0; j < m; j++) {
    const h = bits[2 * j + 1];
    hi[j] = h & 2147483648 ? ~h >>> 0 : (h | 2147483648) >>> 0;
  }
  let hi2 = new Uint32Array(m), idx2 = new Int32Array(m);
  const count = new Int32Array(65537);
  for (let shift = 0; shift <= 16; shift += 16) {
    count.fill(0);
    for (let j = 0; j < m; j++) count[(hi[j] >>> shift & 65535) + 1]++;
    if (m > 0 && count[(hi[0] >>> shift & 65535) + 1] === m) continue;
    for (let d = 0; d < 65536; d++) count[d + 1] += count[d];
    for (let j = 0; j < m; j++) {
      const t2 = count[hi[j] >>> shift & 65535]++;
      hi2[t2] = hi[j];
      idx2[t2] = idx[j];
    }
    [hi, hi2] = [hi2, hi];
    [idx, idx2] = [idx2, idx];
  }
  const byValue = (a, b) => v[a] - v[b] || a - b;
  for (let s2 = 0; s2 < m; ) {
    let e = s2 + 1;
    while (e < m && hi[e] === hi[s2]) e++;
    if (e - s2 > 1) {
      let ordered = true;
      for (let j = s2 + 1; j < e; j++) if (v[idx[j]] < v[idx[j - 1]]) {
        ordered = false;
        break;
      }
      if (!ordered) idx.subarray(s2, e).sort(byValue);
    }
    s2 = e;
  }
  const rank = new Int32Array(n).fill(-1);
  const sorted = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    rank[idx[r]] = r;
    sorted[r] = v[idx[r]];
  }
  return { rank, sorted };
}
function rankOrder(v) {
  return ranksOf(v);
}
function mapRankOrder(order, fv) {
  const sorted = new Float64Array(order.sorted.length);
  for (let i = 0; i < fv.length; i++) if (order.rank[i] >= 0) sorted[order.rank[i]] = fv[i];
  return { rank: order.rank, sorted };
}
function runningMedian(v, win, order) {
  const n = v.length;
  const h = Math.max(0, Math.floor(win / 2));
  const out = new Array(n);
  if (n === 0) return out;
  if (h === 0) {
    for (let i = 0; i < n; i++) out[i] = Number.isFinite(v[i]) ? v[i] : NaN;
    return out;
  }
  if (2 * h + 1 <= SMALL_WINDOW) return sortedWindowMedian(v, h, out);
  const { rank, sorted } = order && order.rank.length === n ? order : ranksOf(v);
  const m = sorted.length;
  return m <= WALK_GAP * (2 * h + 1) ? bitsetMedian(rank, sorted, h, out) : fenwickMedian(rank, sorted, h, out);
}
var SMALL_WINDOW = 65;
var WALK_GAP = 256;
function sortedWindowMedian(v, h, out) {
  const n = v.length;
  const w = new Float64Array(2 * h + 2);
  let count = 0, a = 0, b = 0;
  const find = (x) => {
    let lo = 0, hi = count;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (w[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (let i = 0; i < n; i++) {
    const na = Math.max(0, i - h), nb = Math.min(n, i + h + 1);
    while (b < nb) {
      const x = v[b++];
      if (Number.isFinite(x)) {
        const at2 = find(x);
        w.copyWithin(at2 + 1, at2, count);
        w[at2] = x;
        count++;
      }
    }
    while (a < na) {
      const x = v[a++];
      if (Number.isFinite(x)) {
        const at2 = find(x);
        w.copyWithin(at2, at2 + 1, count);
        count--;
      }
    }
    if (count === 0) {
      out[i] = NaN;
      continue;
    }
    const lo = count - 1 >> 1;
    out[i] = count % 2 === 1 ? w[lo] : (w[lo] + w[lo + 1]) / 2;
  }
  return out;
}
function fenwickMedian(rank, sorted, h, out) {
  const n = rank.length, m = sorted.length;
  const tree = new Int32Array(m + 1);
  let top = 1;
  while (top * 2 <= m) top *= 2;
  const add = (i, d) => {
    for (let j = rank[i] + 1; j <= m; j += j & -j) tree[j] += d;
  };
  const kth = (k2) => {
    let pos = 0, rem = k2 + 1;
    for (let step = top; step > 0; step >>= 1) {
      const nx = pos + step;
      if (nx <= m && tree[nx] < rem) {
        pos = nx;
        rem -= tree[nx];
      }
    }
    return sorted[pos];
  };
  let a = 0, b = 0, count = 0;
  for (let i = 0; i < n; i++) {
    const na = Math.max(0, i - h), nb = Math.min(n, i + h + 1);
    while (b < nb) {
      if (rank[b] >= 0) {
        add(b, 1);
        count++;
      }
      b++;
    }
    while (a < na) {
      if (rank[a] >= 0) {
        add(a, -1);
        count--;
      }
      a++;
    }
    if (count === 0) {
      out[i] = NaN;
      continue;
    }
    const lo = count - 1 >> 1;
    out[i] = count % 2 === 1 ? kth(lo) : (kth(lo) + kth(lo + 1)) / 2;
  }
  return out;
}
function bitsetMedian(rank, sorted, h, out) {
  const n = rank.length, m = sorted.length;
  const bits = new Uint32Array((m >>> 5) + 1);
  const next = (r) => {
    let word = r + 1 >>> 5;
    const sh = r + 1 & 31;
    let w = bits[word] & 4294967295 << sh;
    while (w === 0) {
      if (++word >= bits.length) return -1;
      w = bits[word];
    }
    return (word << 5) + 31 - Math.clz32(w & -w);
  };
  const prev = (r) => {
    let word = r >>> 5;
    const sh = r & 31;
    let w = sh === 0 ? 0 : bits[word] & (1 << sh) - 1;
    while (w === 0) {
      if (--word < 0) return -1;
      w = bits[word];
    }
    return (word << 5) + 31 - Math.clz32(w);
  };
  let p = -1, below = 0, count = 0, a = 0, b = 0;
  for (let i = 0; i < n; i++) {
    const na = Math.max(0, i - h), nb = Math.min(n, i + h + 1);
    for (; b < nb; b++) {
      const r = rank[b];
      if (r < 0) continue;
      bits[r >>> 5] |= 1 << (r & 31);
      count++;
      if (p < 0) {
        p = r;
        below = 0;
      } else if (r < p) below++;
    }
    for (; a < na; a++) {
      const r = rank[a];
      if (r < 0) continue;
      bits[r >>> 5] &= ~(1 << (r & 31));
      count--;
      if (r < p) below--;
      else if (r === p) {
        const q = next(p);
        if (q >= 0) p = q;
        else {
          p = prev(p);
          below--;
        }
      }
    }
    if (count === 0) {
      out[i] = NaN;
      p = -1;
      below = 0;
      continue;
    }
    const k2 = count - 1 >> 1;
    while (below < k2) {
      p = next(p);
      below++;
    }
    while (below > k2) {
      p = prev(p);
      below--;
    }
    out[i] = count % 2 === 1 ? sorted[p] : (sorted[p] + sorted[next(p)]) / 2;
  }
  return out;
}
function autocorrelation(v, lag) {
  const n = v.length;
  if (lag <= 0 || n - lag < 4) return NaN;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i];
  m /= n;
  let num2 = 0, den = 0;
  for (let i = 0; i < n; i++) den += (v[i] - m) ** 2;
  for (let i = 0; i + lag < n; i++) num2 += (v[i] - m) * (v[i + lag] - m);
  return den > 0 ? num2 / den : NaN;
}

// src/diagnose/signals/loss_trend.ts
function curveTrend(c2) {
  const steps = [], values = [];
  for (let i = 0; i < c2.values.length; i++) if (Number.isFinite(c2.values[i])) {
    steps.push(c2.steps[i]);
    values.push(c2.values[i]);
  }
  const n = values.length;
  if (n === 0) return null;
  const w = windowLength(n, T2.windowFraction.value, Math.min(T2.windowMin.value, Math.max(1, Math.floor(n / 3))));
  const first = median(values.slice(0, w));
  const last = median(values.slice(n - w));
  const order = n >= 5 ? rankOrder(values) : void 0;
  const smooth = n >= 5 ? runningMedian(values, Math.max(3, w | 1), order) : values.slice();
  let bi = 0, wi = 0;
  for (let i = 1; i < n; i++) {
    if (smooth[i] < smooth[bi]) bi = i;
    if (smooth[i] > smooth[wi]) wi = i;
  }
  const slope = theilSen(steps, values);
  const tailStart = Math.floor(n * 0.7);
  const tailSlope = n - tailStart >= 3 ? theilSen(steps.slice(tailStart), values.slice(tailStart)) : slope;
  const prev = n >= 2 * w ? median(values.slice(n - 2 * w, n - w)) : first;
  const total = first - last;
  const tailGainShare = Math.abs(total) > 1e-12 ? (prev - last) / total : 0;
  const span = steps[n - 1] - steps[0];
  const level = Math.max(Math.abs(last), Math.abs(first) * 1e-3, 1e-12);
  return {
    key: c2.key,
    steps,
    values,
    n,
    firstStep: steps[0],
    lastStep: steps[n - 1],
    initial: values[0],
    first,
    last,
    window: w,
    smooth,
    best: smooth[bi],
    bestStep: steps[bi],
    bestIndex: bi,
    worst: smooth[wi],
    relImprovement: Math.abs(first) > 1e-12 ? (first - last) / Math.abs(first) : 0,
    slope,
    tailSlope,
    tailGainShare,
    tailSlopeRel: Number.isFinite(tailSlope) && span > 0 ? tailSlope * span / level : 0,
    order
  };
}
function stillImproving(tr, higherIsBetter = false) {
  if (tr.n < 4) return false;
  const sign = higherIsBetter ? -1 : 1;
  return sign * (tr.first - tr.last) > 0 && tr.tailGainShare >= T2.tailGainShare.value && sign * tr.tailSlopeRel <= -T2.tailSlopeRel.value;
}

// src/diagnose/hparam_aliases.ts
var HPARAM_ALIASES = {
  learning_rate: ["lr", "learningrate", "baselr", "initlr", "initiallr", "lr0", "peaklr", "maxlr"],
  // train_batch_size (HF: per-device × devices) before the per-device value
  batch_size: ["batchsize", "trainbatchsize", "globalbatchsize", "bs", "batch", "perdevicetrainbatchsize", "minibatchsize", "minibatch", "imsperbatch"],
  loss: ["loss", "lossfn", "lossfunction", "lossfunc", "lossname", "losstype", "criterion", "objective"],
  output_activation: ["outputactivation", "finalactivation", "lastactivation", "outactivation", "headactivation", "outputact"],
  activation: ["activation", "act", "activationfn", "hiddenactivation", "nonlinearity", "hiddenact"],
  optimizer: ["optimizer", "optim", "opt", "optimizername", "optimizertype", "solver"],
  epochs: ["epochs", "epoch", "maxepochs", "numepochs", "nepochs", "nepoch", "trainepochs", "numtrainepochs"],
  num_classes: ["numclasses", "nclasses", "classes", "numlabels", "nlabels", "nclass", "numclass", "classnum", "nbclasses", "outputclasses", "nc"],
  dataset_size: ["datasetsize", "ntrain", "numsamples", "trainsize", "numtrain", "traindatasetsize", "traindatasetcount", "trainsamples", "ntrainsamples", "numtrainsamples", "nsamples", "trainlen", "samples"],
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
  steps_per_epoch: ["stepsperepoch", "numbatches", "batchesperepoch", "numtrainingbatches", "numupdatestepsperepoch", "itersperepoch", "iterationsperepoch"],
  depth: ["numlayers", "nlayers", "depth", "numhiddenlayers", "hiddenlayers"],
  hidden_sizes: ["hidden", "hiddensizes", "hiddenunits", "layers", "hiddendims", "hiddenlayersizes"],
  mixup: ["mixup", "mixupalpha", "cutmix", "cutmixalpha", "mixupprob"],
  model_name: ["model", "arch", "architecture", "modeltype", "modelname", "network", "net", "cell", "celltype", "rnntype", "encoder", "backbone"]
};
var HPARAM_FULL_NAMES = {
  learning_rate: ["solver.baselr", "optimizer.lr", "optim.lr", "hyp.lr0"],
  batch_size: ["solver.imsperbatch", "data.batchsize", "datamodule.batchsize", "dataloader.batchsize"],
  num_classes: ["model.roiheads.numclasses", "model.retinanet.numclasses", "model.numclasses", "data.numclasses", "datamodule.numclasses"],
  max_steps: ["solver.maxiter", "trainer.maxsteps"],
  epochs: ["trainer.maxepochs"]
};
var SIGNAL_ONLY = /* @__PURE__ */ new Set(["steps_per_epoch", "depth", "hidden_sizes", "mixup", "model_name"]);
var CONFIG_KEYS = Object.keys(HPARAM_ALIASES).filter((k2) => !SIGNAL_ONLY.has(k2));
var ALIAS_TO_KEY = /* @__PURE__ */ new Map();
for (const [k2, names] of Object.entries(HPARAM_ALIASES)) for (const n of names) if (!ALIAS_TO_KEY.has(n)) ALIAS_TO_KEY.set(n, k2);
var FULL_TO_KEY = /* @__PURE__ */ new Map();
for (const [k2, names] of Object.entries(HPARAM_FULL_NAMES)) for (const n of names) FULL_TO_KEY.set(n, k2);
var squash = (s2) => s2.toLowerCase().replace(/[_\-\s]/g, "");
var parts = (name) => name.split(/[./:]/).filter(Boolean);
var fullSquashed = (name) => parts(name).map(squash).join(".");
var isNested = (name) => parts(name).length > 1;
function hparamKey(name) {
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
function numberOf(v) {
  if (typeof v === "number") return Number.isFinite(v) ? v : void 0;
  if (typeof v === "string" && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(v)) return Number(v);
  return void 0;
}
function fits(v, want) {
  if (want === "number") return numberOf(v) !== void 0;
  if (want === "string") return typeof v === "string";
  return true;
}
var isNull = (v) => v === "null" || v === "None" || v === "";
var sameValue2 = (a, b) => {
  const x = numberOf(a), y = numberOf(b);
  if (x !== void 0 && y !== void 0) return x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
  return a === b;
};
function fullNamesFor(key, entries) {
  const names = HPARAM_FULL_NAMES[key] ?? [];
  if (key !== "num_classes") return names;
  const arch = entries.find((e) => fullSquashed(e.name) === "model.metaarchitecture")?.value;
  if (typeof arch !== "string" || !/retina/i.test(arch)) return names;
  return ["model.retinanet.numclasses", ...names.filter((n) => n !== "model.retinanet.numclasses")];
}
function lookupHParam(entries, key, want = "any") {
  const all = [...entries];
  const tiers = [all.filter((e) => e.sourceKind !== "model_config"), all.filter((e) => e.sourceKind === "model_config")];
  const aliases = HPARAM_ALIASES[key];
  for (const tier of tiers) {
    let cands = tier.filter((e) => fits(e.value, want) && hparamKey(e.name) === key);
    if (cands.length === 0) continue;
    if (cands.some((e) => !isNull(e.value))) cands = cands.filter((e) => !isNull(e.value));
    const fullNames = fullNamesFor(key, tier);
    let full, fullRank = Infinity;
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
      let best = flat[0], rank = Infinity;
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
    if (cands.every((e) => sameValue2(e.value, cands[0].value))) return cands[0];
    return void 0;
  }
  return void 0;
}

// src/diagnose/signals/tensor_stats.ts
var ZERO_REL = 1e-7;
function boundedRange(min, max) {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return null;
  if (min >= -1e-6 && max <= 1 + 1e-6 && max > 0.5) return "sigmoid";
  if (min >= -1 - 1e-6 && max <= 1 + 1e-6 && min < -0.5 && max > 0.5) return "tanh";
  return null;
}
function statsFromHistogram(h) {
  const n = h.counts.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += h.counts[i];
  const num2 = Number.isFinite(h.num) && h.num > 0 ? h.num : total;
  const nan = h.nonFinite.nan;
  const inf = h.nonFinite.posInf + h.nonFinite.negInf;
  const finiteNum = Math.max(1e-12, total > 0 ? total : num2 - nan - inf);
  let min = h.min, max = h.max;
  if (!Number.isFinite(min) && n > 0) min = h.lefts[0];
  if (!Number.isFinite(max) && n > 0) max = h.rights[n - 1];
  const exactMoments = Number.isFinite(h.sumSquares) && num2 > 0;
  const mean = Number.isFinite(h.sum) && num2 > 0 ? h.sum / num2 : bucketMean(h, min, max);
  let rms, std;
  if (exactMoments) {
    rms = Math.sqrt(Math.max(0, h.sumSquares / num2));
    std = Number.isFinite(mean) ? Math.sqrt(Math.max(0, rms * rms - mean * mean)) : NaN;
  } else {
    std = bucketStd(h, min, max);
    rms = Number.isFinite(std) && Number.isFinite(mean) ? Math.sqrt(std * std + mean * mean) : NaN;
  }
  const scale = Math.max(Math.abs(min), Math.abs(max));
  let zero = 0, absSum = 0, sat = 0;
  const range = boundedRange(min, max);
  for (let i = 0; i < n; i++) {
    const c2 = h.counts[i];
    if (c2 <= 0) continue;
    let l = h.lefts[i], r = h.rights[i];
    if (!Number.isFinite(l)) l = min;
    if (!Number.isFinite(r)) r = max;
    const tol = Math.max(ZERO_REL * scale, 1e-12);
    if (Math.abs(l) <= tol && Math.abs(r) <= tol) zero += c2;
    absSum += c2 * midAbs(l, r);
    if (range === "sigmoid") sat += c2 * (overlap(l, r, -Infinity, 0.01) + overlap(l, r, 0.99, Infinity));
    else if (range === "tanh") sat += c2 * (overlap(l, r, -Infinity, -0.99) + overlap(l, r, 0.99, Infinity));
  }
  if (scale <= 1e-12 && Number.isFinite(scale)) zero = finiteNum;
  return {
    step: h.step,
    num: num2,
    min,
    max,
    mean,
    std,
    absMean: total > 0 ? absSum / total : NaN,
    rms,
    zeroShare: Math.min(1, zero / finiteNum),
    saturatedShare: Math.min(1, sat / finiteNum),
    nan,
    inf,
    exact: false
  };
}
function overlap(l, r, a, b) {
  if (r <= l) return l >= a && l <= b ? 1 : 0;
  const lo = Math.max(l, a), hi = Math.min(r, b);
  return hi > lo ? (hi - lo) / (r - l) : 0;
}
function midAbs(l, r) {
  if (l >= 0) return (l + r) / 2;
  if (r <= 0) return -(l + r) / 2;
  return (l * l + r * r) / (2 * (r - l));
}
function clampedEdges(h, i, min, max) {
  let l = h.lefts[i], r = h.rights[i];
  if (!Number.isFinite(l)) l = Number.isFinite(min) ? min : r;
  if (!Number.isFinite(r)) r = Number.isFinite(max) ? max : l;
  if (Number.isFinite(min) && l < min) l = min;
  if (Number.isFinite(max) && r > max) r = max;
  if (r < l) r = l;
  return [l, r];
}
function bucketMean(h, min, max) {
  let s2 = 0, c2 = 0;
  for (let i = 0; i < h.counts.length; i++) {
    const n = h.counts[i];
    if (!(n > 0)) continue;
    const [l, r] = clampedEdges(h, i, min, max);
    s2 += n * (l + r) / 2;
    c2 += n;
  }
  return c2 > 0 ? s2 / c2 : NaN;
}
function bucketStd(h, min, max) {
  const mu = bucketMean(h, min, max);
  if (Number.isFinite(mu) && Number.isFinite(min) && min === max) return 0;
  if (!Number.isFinite(mu)) return NaN;
  let s2 = 0, c2 = 0;
  for (let i = 0; i < h.counts.length; i++) {
    const n = h.counts[i];
    if (!(n > 0)) continue;
    const [l, r] = clampedEdges(h, i, min, max);
    const d = (l + r) / 2 - mu;
    s2 += n * d * d;
    c2 += n;
  }
  return c2 > 0 ? Math.sqrt(s2 / c2) : NaN;
}
function statsFromTensor(t2) {
  if (!(t2.values instanceof Float64Array)) return null;
  const v = t2.values;
  let n = 0, nan = 0, inf = 0, min = Infinity, max = -Infinity, s2 = 0, ss = 0, abs = 0, zero = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x !== x) {
      nan++;
      continue;
    }
    if (!Number.isFinite(x)) {
      inf++;
      continue;
    }
    n++;
    s2 += x;
    ss += x * x;
    abs += Math.abs(x);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const scale = Math.max(Math.abs(min), Math.abs(max));
  const range = boundedRange(min, max);
  let sat = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) continue;
    if (Math.abs(x) <= Math.max(ZERO_REL * scale, 1e-30)) zero++;
    if (range === "sigmoid" && (x <= 0.01 || x >= 0.99)) sat++;
    else if (range === "tanh" && Math.abs(x) >= 0.99) sat++;
  }
  const mean = n ? s2 / n : NaN;
  const rms = n ? Math.sqrt(ss / n) : NaN;
  return {
    step: t2.step,
    num: v.length,
    min: n ? min : NaN,
    max: n ? max : NaN,
    mean,
    std: n ? Math.sqrt(Math.max(0, rms * rms - mean * mean)) : NaN,
    absMean: n ? abs / n : NaN,
    rms,
    zeroShare: n ? zero / n : NaN,
    saturatedShare: n ? sat / n : 0,
    nan,
    inf,
    exact: true
  };
}

// src/diagnose/signals/run_view.ts
function curveOf(key, s2, granularity) {
  const n = s2.length;
  const st = s2.steps, va = s2.values;
  let sorted = true;
  for (let i = 1; i < n; i++) if (st[i] < st[i - 1]) {
    sorted = false;
    break;
  }
  const steps = new Array(n), values = new Array(n);
  if (sorted) for (let i = 0; i < n; i++) {
    steps[i] = st[i];
    values[i] = va[i];
  }
  else {
    const idx = Array.from({ length: n }, (_, i) => i);
    idx.sort((a, b) => st[a] - st[b] || a - b);
    for (let i = 0; i < n; i++) {
      steps[i] = st[idx[i]];
      values[i] = va[idx[i]];
    }
  }
  let nonFinite = 0;
  for (const v of values) if (!Number.isFinite(v)) nonFinite++;
  return { key, steps, values, nonFinite, granularity };
}
function rolesOf(run, scalarKeys, histKeys) {
  if (run.roles && run.roles.length > 0) return run.roles;
  let assigned = [];
  try {
    assigned = assignRoles(run);
  } catch {
    assigned = [];
  }
  return assigned.length > 0 ? assigned : guessRoles(scalarKeys, histKeys);
}
function guessRoles(scalarKeys, histKeys) {
  const out = [];
  const taken = /* @__PURE__ */ new Set();
  const single = (role, re) => {
    if (taken.has(role)) return;
    const k2 = scalarKeys.find((key) => re.test(key));
    if (k2) {
      out.push({ key: k2, kind: "scalar", role, rule: "diagnose.fallback" });
      taken.add(role);
    }
  };
  single("val_loss", /(^|[/_])(val|valid|validation|eval)[/_]?(epoch_)?loss$|^loss[/_](val|valid|validation|eval)$|^validation\/epoch_loss$/i);
  single("train_loss", /^(train[/_])?(epoch_)?loss$|^loss[/_]train$|^train[/_]loss$|^train\/epoch_loss$|^training[/_]loss$/i);
  single("val_accuracy", /(^|[/_])(val|valid|validation|eval)[/_]?(epoch_)?acc(uracy)?$|^acc(uracy)?[/_](val|valid|validation)$/i);
  single("train_accuracy", /^(train[/_])?(epoch_)?acc(uracy)?$|^acc(uracy)?[/_]train$|^train\/epoch_acc(uracy)?$/i);
  single("learning_rate", /(^|[/_])(lr|learning_rate)$/i);
  for (const k2 of histKeys) {
    if (/grad/i.test(k2)) out.push({ key: k2, kind: "histogram", role: "grad_hist", rule: "diagnose.fallback", layer: k2 });
    else if (/activ|output/i.test(k2)) out.push({ key: k2, kind: "histogram", role: "activation_hist", rule: "diagnose.fallback", layer: k2 });
    else if (/weight|kernel|bias/i.test(k2)) out.push({ key: k2, kind: "histogram", role: "weight_hist", rule: "diagnose.fallback", layer: k2 });
  }
  return out;
}
function buildRunView(run) {
  const scalars = runScalars(run);
  const hists = runHistograms(run);
  const tensors = runTensors(run);
  const scalarKeys = [...scalars.keys()];
  const histogramKeys = [...hists.keys(), ...tensors.keys()];
  const roles = rolesOf(run, scalarKeys, histogramKeys);
  const view = {
    run,
    gradNorms: [],
    weights: [],
    grads: [],
    activations: [],
    hparams: /* @__PURE__ */ new Map(),
    accuracyPercent: [],
    scalarKeys,
    histogramKeys
  };
  for (const [name, hp2] of run.hparams) view.hparams.set(name, hp2.value);
  for (const r of roles) {
    if (r.kind === "scalar") {
      const s2 = scalars.get(r.key);
      if (!s2 || s2.length === 0) continue;
      const c2 = curveOf(r.key, s2, r.granularity);
      switch (r.role) {
        case "train_loss":
          if (!view.trainLoss) view.trainLoss = c2;
          else if (isPerEpoch(c2, view.trainLoss)) view.trainLossEpoch ??= c2;
          else if (isPerEpoch(view.trainLoss, c2)) {
            view.trainLossEpoch ??= view.trainLoss;
            view.trainLoss = c2;
          }
          break;
        case "val_loss":
          view.valLoss ??= c2;
          break;
        case "train_accuracy":
          view.trainAcc ??= c2;
          break;
        case "val_accuracy":
          view.valAcc ??= c2;
          break;
        case "learning_rate":
          view.lr ??= c2;
          break;
        case "epoch":
          view.epoch ??= c2;
          break;
        case "grad_norm_total":
          view.gradNormTotal ??= c2;
          break;
        case "grad_norm":
          view.gradNorms.push({ ...c2, layer: r.layer ?? r.key });
          break;
        default:
          break;
      }
      continue;
    }
    const target = r.role === "weight_hist" ? view.weights : r.role === "grad_hist" ? view.grads : r.role === "activation_hist" ? view.activations : null;
    if (!target) continue;
    let points = [];
    if (r.kind === "histogram") {
      const h = hists.get(r.key);
      if (h) points = h.points.map(statsFromHistogram);
    } else {
      const t2 = tensors.get(r.key);
      if (t2) for (const p of t2.points) {
        const s2 = statsFromTensor(p);
        if (s2) points.push(s2);
      }
    }
    points.sort((a, b) => a.step - b.step);
    if (points.length) target.push({ key: r.key, layer: r.layer ?? r.key, points });
  }
  for (const which of ["trainAcc", "valAcc"]) {
    const c2 = view[which];
    if (c2 && isPercentCurve(c2.values)) {
      view[which] = { ...c2, values: c2.values.map((v) => Number.isFinite(v) ? v / 100 : v) };
      view.accuracyPercent.push(c2.key);
    }
  }
  return view;
}
function isPercentCurve(values) {
  let max = -Infinity, n = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < 0 || v > 100) return false;
    if (v > max) max = v;
    n++;
  }
  return n > 0 && max > 1.5;
}
function hparamEntries(view) {
  const out = [];
  for (const [name, value] of view.hparams) out.push({ name, value, sourceKind: view.run.hparams?.get(name)?.sourceKind });
  return out;
}
function hparamFor(view, key, want = "any") {
  return lookupHParam(hparamEntries(view), key, want);
}
function hparamNumberFor(view, key) {
  const h = hparamFor(view, key, "number");
  return h ? numberOf(h.value) : void 0;
}
function hparamStringFor(view, key) {
  const h = hparamFor(view, key, "string");
  return h && typeof h.value === "string" ? h.value : void 0;
}
function isPerEpoch(a, b) {
  if (a.granularity === "epoch" && b.granularity !== "epoch") return true;
  if (b.granularity === "epoch" && a.granularity !== "epoch") return false;
  return a.values.length * 3 <= b.values.length || /epoch/i.test(a.key) && !/epoch/i.test(b.key);
}

// src/diagnose/signals/adversarial.ts
var D_WORDS = /* @__PURE__ */ new Set(["d", "disc", "discriminator", "critic", "dis", "netd", "lossd", "errd", "dloss"]);
var G_WORDS = /* @__PURE__ */ new Set(["g", "gen", "generator", "netg", "lossg", "errg", "gloss"]);
function words(key) {
  return key.toLowerCase().split(/[\/_\-\s.:]+/).filter((w) => w.length > 0);
}
var isLossName = (key) => /loss|err|critic|wasserstein|adv/i.test(key);
function adversarialSignal(view) {
  let d, g;
  for (const key of view.scalarKeys) {
    if (!isLossName(key)) continue;
    const w = words(key);
    if (!d && w.some((x) => D_WORDS.has(x))) d = key;
    else if (!g && w.some((x) => G_WORDS.has(x))) g = key;
  }
  if (!d || !g) return null;
  const scalars = runScalars(view.run);
  const trendOf = (key) => {
    const sr = scalars.get(key);
    return sr ? curveTrend(curveOf(key, sr)) : null;
  };
  return { discriminator: d, generator: g, d: trendOf(d), g: trendOf(g) };
}

// src/diagnose/signals/architecture.ts
var RECURRENT = /(^|[^a-z])(rnn|lstm|gru|recurrent|simplernn|bilstm|convlstm)([^a-z]|$)|weight_hh|recurrent_kernel/i;
function architectureSignal(view) {
  const out = {};
  const act = hparamStringFor(view, "activation");
  if (act) {
    out.activationName = act;
    const smoothOrLeaky = /leaky|prelu|rrelu|gelu|selu|celu|(^|[^a-z])elu|silu|swish|mish|softplus/i.test(act);
    out.activation = /sigmoid|logistic/i.test(act) ? "sigmoid" : /tanh/i.test(act) ? "tanh" : /relu/i.test(act) && !smoothOrLeaky ? "relu" : "other";
  }
  const hidden = hparamFor(view, "hidden_sizes", "string")?.value;
  if (typeof hidden === "string") {
    const parts2 = hidden.split(/[x×,\s[\]]+/).filter((p) => /^\d+$/.test(p));
    if (parts2.length) out.depth = parts2.length;
  }
  const n = hparamNumberFor(view, "depth");
  if (out.depth === void 0 && n !== void 0 && n >= 1) out.depth = n;
  const model = hparamStringFor(view, "model_name");
  if (model && RECURRENT.test(model) || view.histogramKeys.some((k2) => RECURRENT.test(k2)) || view.gradNorms.some((g) => RECURRENT.test(g.key))) out.recurrent = true;
  return out;
}

// src/diagnose/signals/batch_noise.ts
function batchNoise(tr, period) {
  const v = tr.values, n = v.length;
  const scratch = new Float64Array(Math.max(n, 1));
  for (let i = 1; i + 1 < n; i++) scratch[i - 1] = Math.abs(v[i] - (v[i - 1] + v[i + 1]) / 2);
  const j = median(scratch.subarray(0, Math.max(0, n - 2)));
  const k2 = Math.max(2, Math.round(n * 0.05));
  for (let i = 0; i + k2 < n; i++) scratch[i] = Math.abs(v[i + k2] - v[i]);
  const tmed = median(scratch.subarray(0, Math.max(0, n - k2)));
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(v[i]);
  const level = Math.max(median(scratch.subarray(0, n)), 1e-12);
  let ac = NaN, ac2 = NaN, pos = NaN;
  if (period !== null && period >= 3 && n >= 4 * period) {
    const lv = new Float64Array(n);
    let positive = true;
    for (let i = 0; i < n; i++) {
      lv[i] = Math.log(Math.max(Math.abs(v[i]), 1e-12));
      if (!(v[i] > 0)) positive = false;
    }
    const base = runningMedian(lv, period * 2 | 1, positive && tr.order ? mapRankOrder(tr.order, lv) : void 0);
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
    period: period ?? NaN
  };
}
function positionEffect(d, period) {
  const n = d.length;
  if (n < 3 * period) return NaN;
  const sum = new Float64Array(period), cnt = new Float64Array(period);
  let tot = 0;
  for (let i = 0; i < n; i++) {
    sum[i % period] += d[i];
    cnt[i % period]++;
    tot += d[i];
  }
  const mu = tot / n;
  let ssTot = 0, ssBetween = 0;
  for (let i = 0; i < n; i++) ssTot += (d[i] - mu) ** 2;
  for (let p = 0; p < period; p++) if (cnt[p] > 0) ssBetween += cnt[p] * (sum[p] / cnt[p] - mu) ** 2;
  if (!(ssTot > 0)) return 0;
  return ssBetween / ssTot - (period - 1) / (n - 1);
}
function isSuspiciouslySmooth(s2) {
  return s2.jitterRel < T2.smoothNoiseRatio.value * 0.1 && s2.jitterOverTrend < T2.smoothNoiseRatio.value;
}

// src/diagnose/signals/chance_level.ts
function inferChance(view, loss, acc) {
  const h = hparamNumberFor(view, "num_classes");
  if (h !== void 0 && h >= 2 && Number.isInteger(h)) return { classes: h, source: "hparams", lnC: Math.log(h), chanceAccuracy: 1 / h };
  if (!acc) return null;
  if (!loss) return null;
  const cLoss = Math.exp(loss.initial);
  if (!(cLoss >= 1.6 && cLoss <= 1200)) return null;
  const a0 = acc.values[0];
  const cAcc = a0 > 0 ? 1 / a0 : NaN;
  const c2 = Math.max(2, Math.round(cLoss));
  if (Number.isFinite(cAcc) && Math.abs(cAcc - cLoss) / cLoss < 0.35) return { classes: c2, source: "first loss and accuracy", lnC: Math.log(c2), chanceAccuracy: 1 / c2 };
  return { classes: c2, source: "first loss", lnC: Math.log(c2), chanceAccuracy: 1 / c2 };
}
function priorEntropyBounds(p, classes) {
  const q = 1 - p;
  const hp2 = p > 0 ? -p * Math.log(p) : 0;
  const lo = hp2 + (q > 0 ? -q * Math.log(q) : 0);
  const hi = hp2 + (q > 0 && classes > 2 ? -q * Math.log(q / (classes - 1)) : lo - hp2);
  return [lo, Math.max(lo, hi)];
}

// src/diagnose/signals/generalization.ts
function generalization(train, val, trainAcc, valAcc) {
  const span = val.lastStep - val.firstStep;
  let trainAfter = NaN;
  if (train) {
    const at2 = nearestIndex(train.steps, val.bestStep);
    const a = train.smooth[at2];
    if (Math.abs(a) > 1e-12) trainAfter = (train.last - a) / Math.abs(a);
  }
  return {
    valBestStep: val.bestStep,
    valBest: val.best,
    valRiseRel: Math.abs(val.best) > 1e-12 ? (val.last - val.best) / Math.abs(val.best) : 0,
    pastOptimumShare: span > 0 ? (val.lastStep - val.bestStep) / span : 0,
    gapRel: train && Math.abs(train.last) > 1e-12 ? (val.last - train.last) / Math.abs(train.last) : NaN,
    trainAfterOptimumRel: trainAfter,
    accGap: trainAcc && valAcc ? trainAcc.last - valAcc.last : NaN
  };
}
function nearestIndex(steps, step) {
  let lo = 0, hi = steps.length - 1;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if (steps[mid] < step) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(steps[lo - 1] - step) < Math.abs(steps[lo] - step)) return lo - 1;
  return lo;
}

// src/diagnose/signals/steps_per_epoch.ts
function stepsPerEpoch(view) {
  const tl = view.trainLoss;
  const direct = hparamNumberFor(view, "steps_per_epoch");
  const n = hparamNumberFor(view, "dataset_size");
  const b = hparamNumberFor(view, "batch_size");
  let value = NaN, source = "";
  let epochLossOnly = false;
  if (direct !== void 0 && direct > 0) {
    value = direct;
    source = "hparams steps_per_epoch";
  } else if (n !== void 0 && b !== void 0 && n > 0 && b > 0) {
    value = Math.ceil(n / b);
    source = `hparams: ${n} samples / batch ${b}`;
  }
  if (!Number.isFinite(value) && view.epoch && tl) {
    const fromEpoch = fromEpochCurve(view.epoch, tl);
    if (fromEpoch) ({ value, source } = fromEpoch);
    const k2 = tl.steps.length > 1 ? median(tl.steps.slice(1).map((s2, i) => s2 - tl.steps[i])) : 1;
    for (const ec of [view.valLoss, view.trainLossEpoch]) {
      if (!fromEpoch || k2 <= 1 || !ec || ec.steps.length < 3) continue;
      const d = median(ec.steps.slice(1).map((s2, i) => s2 - ec.steps[i]));
      if (d > 1 && Number.isInteger(d) && d !== value && Math.abs(d - value) < k2) {
        value = d;
        source = `step spacing of ${ec.key} (${fromEpoch.source})`;
        break;
      }
    }
  }
  const perEpoch = [view.trainLossEpoch, view.valLoss].filter((c2) => !!c2 && c2.steps.length >= 3);
  for (const ec of perEpoch) {
    if (Number.isFinite(value) || !tl || tl.steps.length < 3) continue;
    const vs = ec.steps, last = tl.steps[tl.steps.length - 1], elast = vs[vs.length - 1];
    const d = median(vs.slice(1).map((s2, i) => s2 - vs[i]));
    const k2 = median(tl.steps.slice(1).map((s2, i) => s2 - tl.steps[i]));
    if (tl.steps.length <= 2 * ec.steps.length && !(d > 1 && 1.25 * k2 <= d)) continue;
    if (d > 1 && Math.abs(elast - last) <= 2 * d) {
      value = Math.round(d);
      source = `step spacing of ${ec.key}`;
    } else if (Math.abs(d - 1) < 1e-9 && elast + 1 < last / 2) {
      value = Math.max(1, Math.round((last - tl.steps[0] + 1) / vs.length));
      source = `steps 0\u2013${last} of ${tl.key} over ${vs.length} epochs of ${ec.key}`;
    }
  }
  if (!Number.isFinite(value) && tl && tl.granularity === "step" && tl.steps.length >= 3) {
    const ec = perEpoch.find((c2) => c2.granularity === "epoch" && Math.abs(c2.steps.length - tl.steps.length) <= 1);
    const spacing = median(tl.steps.slice(1).map((s2, i) => s2 - tl.steps[i]));
    if (ec && Math.abs(spacing - 1) < 1e-9) {
      value = 1;
      source = `${tl.key} (one point per optimizer step) has one point per epoch of ${ec.key}`;
    }
  }
  const lrc = view.lr;
  const epochLoss = tl ?? view.valLoss;
  if (!Number.isFinite(value) && lrc && epochLoss && lrc.steps.length >= 2 * epochLoss.steps.length && epochLoss.steps.length >= 3) {
    const spacing = median(lrc.steps.slice(1).map((s2, i) => s2 - lrc.steps[i]));
    const es = epochLoss.steps;
    const epochIndexed2 = Math.abs(median(es.slice(1).map((s2, i) => s2 - es[i])) - 1) < 1e-9;
    if (Math.abs(spacing - 1) < 1e-9 && epochIndexed2) {
      value = Math.max(1, Math.round(lrc.steps.length / es.length));
      source = `${lrc.steps.length} per-step points of ${lrc.key} over ${es.length} epochs of ${epochLoss.key}`;
      epochLossOnly = true;
    }
  }
  if (!Number.isFinite(value)) {
    const maxSteps = hparamNumberFor(view, "max_steps"), epochs = hparamNumberFor(view, "epochs");
    if (maxSteps !== void 0 && epochs !== void 0 && maxSteps > 0 && epochs >= 1 && Number.isInteger(epochs) && maxSteps % epochs === 0) {
      value = maxSteps / epochs;
      source = `hparams: ${maxSteps} steps / ${epochs} epochs`;
    }
  }
  if (!Number.isFinite(value)) return null;
  const perStep = !epochLossOnly && !!tl && tl.granularity !== "epoch" && tl.steps.length > 1 && median(tl.steps.slice(1).map((s2, i) => s2 - tl.steps[i])) < value;
  return { value, source, trainLossPerStep: perStep, ...b !== void 0 && b > 0 ? { batchSize: b } : {} };
}
function fromEpochCurve(ep, tl) {
  const pts = [];
  for (let i = 0; i < ep.steps.length; i++) if (Number.isFinite(ep.values[i])) pts.push([ep.steps[i], ep.values[i]]);
  if (pts.length < 2) return null;
  const fractional = pts.some(([, e]) => Math.abs(e - Math.round(e)) > 1e-6);
  const firsts = [];
  for (const p of pts) if (firsts.length === 0 || p[1] > firsts[firsts.length - 1][1] + 1e-9) firsts.push(p);
  const from = fractional ? firsts[0] : firsts[1], to = firsts[firsts.length - 1];
  if (from && to && (fractional || firsts.length >= 3) && to[1] - from[1] >= 0.5 && to[0] > from[0]) {
    const slope = (to[0] - from[0]) / (to[1] - from[1]);
    if (slope >= 1) return { value: Math.round(slope), source: `slope of ${ep.key} (${+slope.toFixed(2)} steps per epoch) beside ${tl.key}` };
  }
  if (fractional) return null;
  const counts = /* @__PURE__ */ new Map();
  let k2 = 0;
  for (const s2 of tl.steps) {
    while (k2 + 1 < pts.length && pts[k2 + 1][0] <= s2) k2++;
    if (pts[k2][0] > s2) continue;
    const e = Math.floor(pts[k2][1] + 1e-9);
    counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  const ordered = [...counts.entries()].sort((x, y) => x[0] - y[0]).map(([, c2]) => c2);
  if (ordered.length === 0) return null;
  const per = Math.max(...ordered);
  const spacing = tl.steps.length > 1 ? median(tl.steps.slice(1).map((s2, i) => s2 - tl.steps[i])) : 1;
  return { value: Math.round(per * Math.max(1, spacing)), source: `${ep.key} beside ${tl.key}` };
}

// src/diagnose/signals/layers.ts
var BY_DESIGN = /(^|[/._])(bias|b|beta|gamma|moving_mean|moving_variance|running_mean|running_var|num_batches_tracked)($|[/._:])|batch_?norm|layer_?norm|(^|[/._])(bn|ln)\d*($|[/._])/i;
var IS_BIAS = /(^|[/._])(bias|b|beta)($|[/._:])/i;
function scaleOf(p) {
  const s2 = Math.max(Math.abs(p.min), Math.abs(p.max), Number.isFinite(p.rms) ? p.rms : 0);
  return Number.isFinite(s2) ? s2 : NaN;
}
function maxFinite(xs) {
  let m = NaN;
  for (const x of xs) if (Number.isFinite(x) && !(x <= m)) m = x;
  return m;
}
function close(a, b) {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= T2.unchangedAtol.value + T2.unchangedRtol.value * Math.abs(b);
}
function weightSignal(l, unit) {
  const p = l.points;
  const rel = [], perRecord = [], gaps = [];
  let unchanged = p.length >= 2;
  let nonFinite = 0;
  for (const q of p) nonFinite += q.nan + q.inf;
  for (let i = 1; i < p.length; i++) {
    const a = p[i - 1], b = p[i];
    const ds = Math.max(1, (b.step - a.step) * unit.optimizerSteps);
    gaps.push(ds);
    const scale = Math.max(scaleOf(a), 1e-12);
    const dm = maxFinite([Math.abs(b.mean - a.mean), Math.abs(b.std - a.std), Math.abs(b.min - a.min), Math.abs(b.max - a.max)]);
    if (Number.isFinite(dm)) {
      rel.push(dm / scale / ds);
      perRecord.push(dm / scale);
    }
    if (!(close(a.mean, b.mean) && close(a.std, b.std) && close(a.min, b.min) && close(a.max, b.max))) unchanged = false;
  }
  const f = p[0];
  return {
    layer: l.layer,
    key: l.key,
    records: p.length,
    firstStep: f.step,
    lastStep: p[p.length - 1].step,
    changePerStepRel: median(rel),
    changePerRecordRel: median(perRecord),
    stepsPerRecord: median(gaps),
    unchanged,
    initStd: f.std,
    initRms: f.rms,
    initMax: Math.max(Math.abs(f.min), Math.abs(f.max)),
    constantByDesign: BY_DESIGN.test(l.layer) || BY_DESIGN.test(l.key),
    nonFinite
  };
}
var OPTIMIZER_STEP = { axis: "optimizer_step", optimizerSteps: 1, known: true, source: "step axis counts optimizer steps" };
function gcd(a, b) {
  while (b) [a, b] = [b, a % b];
  return a;
}
function epochIndexed(steps, E = Infinity) {
  if (steps.length < 2 || steps.length > E + 1 || steps[0] !== 0 && steps[0] !== 1) return false;
  for (let i = 1; i < steps.length; i++) if (steps[i] - steps[i - 1] !== 1) return false;
  return true;
}
function uniformSpacing(steps) {
  if (steps.length < 2) return NaN;
  const d = steps[1] - steps[0];
  if (!(d >= 2)) return NaN;
  for (let i = 1; i < steps.length; i++) if (Math.abs(steps[i] - steps[i - 1] - d) > 1) return NaN;
  return Math.abs(steps[0] - d) <= 1 ? d : NaN;
}
function iterationsTwin(view) {
  let all = view.run.roles ?? [];
  if (all.length === 0) {
    try {
      all = assignRoles(view.run);
    } catch {
      all = [];
    }
  }
  const roles = all.filter((r) => r.kind === "scalar" && /^(val|train|test)_(loss|accuracy|metric)$/.test(r.role));
  if (roles.length < 2) return null;
  const scalars = runScalars(view.run);
  const series = roles.map((r) => ({ r, s: scalars.get(r.key) })).filter((x) => x.s && x.s.length >= 2).map((x) => ({ role: x.r.role, key: x.r.key, steps: Array.from(x.s.steps).sort((a, b) => a - b) }));
  for (const e of series) {
    if (!epochIndexed(e.steps)) continue;
    for (const it of series) {
      if (it === e || it.role !== e.role || it.steps.length !== e.steps.length) continue;
      const d = uniformSpacing(it.steps);
      if (Number.isFinite(d)) return { value: d, source: `${it.key} (optimizer iterations) beside ${e.key} (epochs)` };
    }
  }
  return null;
}
function hp(view, key) {
  const v = hparamNumberFor(view, key);
  return v !== void 0 && v > 0 ? v : void 0;
}
function epochCount(view) {
  const hpE = hp(view, "epochs");
  if (hpE !== void 0 && hpE >= 1) return hpE;
  const perEpoch = [view.valLoss, view.trainLossEpoch, view.valAcc, view.trainLoss?.granularity === "epoch" ? view.trainLoss : void 0];
  const c2 = perEpoch.find((x) => !!x && epochIndexed(x.steps));
  return c2 ? c2.steps.length : NaN;
}
function weightStepUnit(view, spe) {
  const wSteps = [...new Set(view.weights.flatMap((l) => l.points.map((p) => p.step)))].sort((a, b2) => a - b2);
  if (wSteps.length < 2) return OPTIMIZER_STEP;
  const E = epochCount(view);
  const tl = view.trainLoss;
  const byEpoch = (c2) => c2.granularity === "epoch" || Number.isFinite(E) && epochIndexed(c2.steps, E);
  const perStepLoss = tl && !byEpoch(tl) ? tl : void 0;
  const hpSpe = hp(view, "steps_per_epoch"), n = hp(view, "dataset_size"), b = hp(view, "batch_size");
  const hparamSpe = hpSpe !== void 0 ? { value: hpSpe, source: "hparams steps_per_epoch" } : n !== void 0 && b !== void 0 ? { value: Math.ceil(n / b), source: `hparams: ${n} samples / batch ${b}` } : null;
  const wLast = wSteps[wSteps.length - 1];
  const spacing = median(wSteps.slice(1).map((x, i) => x - wSteps[i]));
  if (Number.isFinite(E) && E >= 2 && spacing === 1 && wSteps[0] >= 0 && wLast <= E && (!perStepLoss || perStepLoss.steps[perStepLoss.steps.length - 1] > 2 * (E + 1))) {
    const from = hparamSpe ?? iterationsTwin(view) ?? (spe && spe.trainLossPerStep ? { value: spe.value, source: spe.source } : null);
    if (from && from.value >= 1) return { axis: "epoch", optimizerSteps: from.value, known: true, source: `records once per epoch; ${from.value} optimizer steps per epoch from ${from.source}` };
    return { axis: "epoch", optimizerSteps: 1, known: false, source: "records once per epoch; steps per epoch unknown (each epoch counted as one step)" };
  }
  if (b !== void 0 && Number.isInteger(b) && b >= 2) {
    const all = new Set(wSteps);
    const add = (c2) => {
      if (c2 && !byEpoch(c2)) for (const x of c2.steps) all.add(x);
    };
    add(perStepLoss);
    add(view.lr);
    add(view.gradNormTotal);
    for (const g of view.gradNorms) add(g);
    for (const l of [...view.grads, ...view.activations]) for (const p of l.points) all.add(p.step);
    const pos = [...all].filter((x) => x > 0);
    if (pos.length >= 3 && pos.every(Number.isInteger) && pos.reduce(gcd) === b) {
      return { axis: "samples", optimizerSteps: 1 / b, known: true, source: `every step is a multiple of the batch size ${b} (samples seen)` };
    }
  }
  return OPTIMIZER_STEP;
}
function gradSignal(l) {
  const norms = l.points.map((q) => ({ step: q.step, value: q.rms * Math.sqrt(Math.max(1, q.num - q.nan - q.inf)) }));
  let nonFinite = 0;
  for (const q of l.points) nonFinite += q.nan + q.inf;
  return {
    layer: l.layer,
    key: l.key,
    norms,
    medianNorm: median(norms.map((x) => x.value)),
    medianAbsMean: median(l.points.map((q) => q.absMean)),
    nonFinite
  };
}
function activationSignal(l) {
  const half2 = l.points.slice(Math.floor(l.points.length / 2));
  let nonFinite = 0;
  for (const q of l.points) nonFinite += q.nan + q.inf;
  return {
    layer: l.layer,
    key: l.key,
    zeroShare: median(half2.map((q) => q.zeroShare)),
    saturatedShare: median(half2.map((q) => q.saturatedShare)),
    absMean: median(half2.map((q) => q.absMean)),
    nonFinite,
    lastStep: l.points[l.points.length - 1].step
  };
}
function layerSignals(view, beforeStep = Infinity, spe) {
  const cut = (ls) => ls.map((l) => ({ ...l, points: l.points.filter((p) => p.step < beforeStep) })).filter((l) => l.points.length > 0);
  const stepUnit = view.weights.length ? weightStepUnit(view, spe === void 0 ? stepsPerEpoch(view) : spe) : OPTIMIZER_STEP;
  const weights = cut(view.weights).map((l) => weightSignal(l, stepUnit));
  const grads = cut(view.grads).map(gradSignal);
  const activations = cut(view.activations).map(activationSignal);
  if (grads.length === 0) {
    for (const g of view.gradNorms) {
      const norms = g.steps.map((s2, i) => ({ step: s2, value: g.values[i] })).filter((p) => p.step < beforeStep);
      if (norms.length === 0) continue;
      const nonFinite = norms.length === g.steps.length ? g.nonFinite : norms.filter((p) => !Number.isFinite(p.value)).length;
      grads.push({ layer: g.layer, key: g.key, norms, medianNorm: median(norms.map((p) => p.value)), medianAbsMean: NaN, nonFinite });
    }
  }
  const kernels = grads.filter((g) => !IS_BIAS.test(g.layer) && !BY_DESIGN.test(g.layer) && Number.isFinite(g.medianNorm)).sort((a, b) => layerOrder(a.layer, b.layer));
  let ratio = NaN, firstL, lastL;
  if (kernels.length >= 2) {
    const a = kernels[0], b = kernels[kernels.length - 1];
    firstL = a.layer;
    lastL = b.layer;
    ratio = b.medianNorm > 0 ? a.medianNorm / b.medianNorm : a.medianNorm > 0 ? Infinity : NaN;
  }
  const wk = weights.filter((w) => !IS_BIAS.test(w.layer) && !w.constantByDesign && w.records >= 3 && Number.isFinite(w.changePerStepRel)).sort((a, b) => layerOrder(a.layer, b.layer));
  let changeRatio = NaN, firstMoving, lastChange;
  if (wk.length >= 2) {
    const last = wk[wk.length - 1];
    const fm = wk.slice(0, -1).find((w) => w.changePerStepRel > 0);
    lastChange = last.layer;
    if (fm && last.changePerStepRel > 0) {
      changeRatio = fm.changePerStepRel / last.changePerStepRel;
      firstMoving = fm.layer;
    }
  }
  return {
    weights,
    stepUnit,
    grads,
    activations,
    firstMovingLastChangeRatio: changeRatio,
    firstMovingLayer: firstMoving,
    lastChangeLayer: lastChange,
    firstLastGradRatio: ratio,
    firstGradLayer: firstL,
    lastGradLayer: lastL
  };
}
function layerOrder(a, b) {
  const out = (n) => /(^|[/._])(out|output|head|logits|classifier|fc_out|predictions?)([/._]|$)/i.test(n) ? 1 : 0;
  return out(a) - out(b) || a.localeCompare(b, "en", { numeric: true });
}

// src/diagnose/signals/lr_range.ts
var ADAPTIVE = [1e-5, 0.02];
var SGD = [1e-4, 0.2];
function learningRateSignal(view) {
  let value = hparamNumberFor(view, "learning_rate");
  let source = "hparams";
  if (value === void 0 && view.lr) {
    const v = view.lr.values.filter(Number.isFinite);
    if (v.length) {
      value = median(v.slice(0, Math.max(1, Math.ceil(v.length / 10))));
      source = view.lr.key;
    }
  }
  if (value === void 0 || !(value > 0)) return null;
  const optimizer = hparamStringFor(view, "optimizer");
  const sgd = optimizer !== void 0 && /sgd|momentum|nesterov/i.test(optimizer);
  const usual = sgd ? SGD : ADAPTIVE;
  return { value, source, optimizer, usual, position: value < usual[0] ? "low" : value > usual[1] ? "high" : "usual" };
}

// src/diagnose/signals/non_finite.ts
function nonFiniteSignal(c2) {
  if (c2.nonFinite === 0) return null;
  let fi = -1;
  for (let i = 0; i < c2.values.length; i++) if (!Number.isFinite(c2.values[i])) {
    fi = i;
    break;
  }
  if (fi < 0) return null;
  const before = c2.values.slice(0, fi);
  const w = Math.max(1, Math.min(3, Math.floor(before.length / 3)));
  const head = median(before.slice(0, w));
  const tail = median(before.slice(Math.max(0, before.length - w)));
  let after = 0, hasInf = false;
  for (let i = fi; i < c2.values.length; i++) {
    const v = c2.values[i];
    if (!Number.isFinite(v)) {
      after++;
      if (v === v) hasInf = true;
    }
  }
  let best = Infinity;
  const sm = before.length >= 5 ? runningMedian(before, 5) : before;
  for (const v of sm) if (v < best) best = v;
  return {
    key: c2.key,
    count: c2.nonFinite,
    total: c2.values.length,
    firstStep: c2.steps[fi],
    firstValue: c2.values[fi],
    firstIndex: fi,
    finiteBefore: before.length,
    growthBefore: before.length >= 2 && Math.abs(head) > 1e-12 ? tail / head : NaN,
    riseFromBest: before.length >= 2 && best > 1e-12 ? tail / best : NaN,
    persistence: after / (c2.values.length - fi),
    hasInf
  };
}

// src/diagnose/signals/stability.ts
function stability(tr) {
  const v = tr.values, n = v.length;
  const win = Math.max(5, Math.round(n / 20) | 1);
  const local = n >= 5 ? runningMedian(v, win, tr.order) : v.slice();
  const resid = new Float64Array(n);
  for (let i = 0; i < n; i++) resid[i] = v[i] - local[i];
  const m = mad(resid) || 1e-12;
  const spikes = [];
  for (let i = 0; i < n; i++) {
    const base = Math.abs(local[i]);
    if (resid[i] > T2.spikeMads.value * m && resid[i] > T2.spikeRel.value * Math.max(base, 1e-12)) spikes.push({ step: tr.steps[i], value: v[i], local: local[i] });
  }
  const scratch = new Float64Array(n);
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(v[i]);
  const level = Math.max(median(scratch), 1e-12);
  for (let i = 1; i < n; i++) scratch[i - 1] = Math.abs(v[i] - v[i - 1]);
  const stepNoise = n > 1 ? median(scratch.subarray(0, n - 1)) : 0;
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(resid[i]);
  const residMed = median(scratch);
  let rises = 0;
  const s2 = tr.smooth;
  for (let i = 1; i < n; i++) if (s2[i] - s2[i - 1] > 0.02 * Math.max(Math.abs(s2[i - 1]), 1e-12)) rises++;
  const improvement = Math.max(Math.abs(tr.first - tr.best), Math.abs(tr.initial - tr.best));
  const lastOverBest = tr.best > 1e-12 ? tr.last / tr.best : tr.last > tr.best + 1e-9 ? improvement > 1e-12 ? 1 + (tr.last - tr.best) / improvement : Infinity : 1;
  const diverging = tr.n >= 4 && (lastOverBest >= T2.divergeRatio.value && tr.last > tr.first && tr.bestIndex < tr.n - tr.window || tr.initial > 1e-12 && tr.last >= T2.divergeRatio.value * tr.initial);
  return {
    spikes,
    stepNoiseRel: n > 1 ? stepNoise / level : 0,
    residualRel: residMed / level,
    riseShare: n > 1 ? rises / (n - 1) : 0,
    lastOverBest,
    bestStep: tr.bestStep,
    diverging
  };
}

// src/diagnose/signals/running_mean.ts
var RUNNING_MEAN_RATIO = 0.3;
var MIN_PERIOD = 32;
function runningMeanSignal(c2, period) {
  const n = c2.values.length;
  if (period < MIN_PERIOD || n < 3 * period) return null;
  const steps = c2.steps;
  for (let i = 1; i < n; i++) if (steps[i] - steps[i - 1] !== 1) return null;
  const d = absDiff(c2.values);
  const sum = new Float64Array(period), cnt = new Float64Array(period);
  for (let i = 1; i < n; i++) if (Number.isFinite(d[i])) {
    sum[i % period] += d[i];
    cnt[i % period]++;
  }
  const jumps = [];
  for (let o = 0; o < period; o++) if (cnt[o] > 0) jumps.push({ o, m: sum[o] / cnt[o] });
  jumps.sort((a, b) => b.m - a.m);
  const mod = (x) => (x % period + period) % period;
  const candidates = /* @__PURE__ */ new Set([mod(-steps[0]), mod(1 - steps[0]), ...jumps.slice(0, 3).map((j) => j.o)]);
  let offset = 0, bestScore = Infinity;
  for (const o of candidates) {
    let score = 0;
    for (let i = 1, k2 = mod(1 - o); i < n; i++, k2 = k2 + 1 === period ? 0 : k2 + 1) if (Number.isFinite(d[i])) score += d[i] * (k2 + 1);
    if (score < bestScore) {
      bestScore = score;
      offset = o;
    }
  }
  const r1 = lateOverEarly(d, period, offset);
  if (!Number.isFinite(r1)) return null;
  const base = { period, offset, lateOverEarly: r1 };
  if (r1 >= RUNNING_MEAN_RATIO) return { ...base, recoveredLateOverEarly: NaN, detected: false };
  const r2 = lateOverEarly(absDiff(recover(c2.values, period, offset)), period, offset);
  const detected = r1 < RUNNING_MEAN_RATIO && Number.isFinite(r2) && Math.abs(Math.log(r2)) < Math.abs(Math.log(r1)) / 2;
  return { ...base, recoveredLateOverEarly: r2, detected };
}
function absDiff(v) {
  const d = new Float64Array(v.length);
  for (let i = 1; i < v.length; i++) d[i] = Math.abs(v[i] - v[i - 1]);
  return d;
}
function lateOverEarly(d, period, offset) {
  const early = new Float64Array(d.length), late = new Float64Array(d.length);
  let ne = 0, nl = 0;
  const earlyEnd = Math.max(2, Math.floor(period / 8));
  for (let i = 1, k2 = ((1 - offset) % period + period) % period; i < d.length; i++, k2 = k2 + 1 === period ? 0 : k2 + 1) {
    if (k2 === 0 || !Number.isFinite(d[i])) continue;
    if (k2 <= earlyEnd) early[ne++] = d[i];
    else if (k2 >= period / 2) late[nl++] = d[i];
  }
  const e = median(early.subarray(0, ne)), l = median(late.subarray(0, nl));
  return e > 0 ? l / e : NaN;
}
function recover(v, period, offset) {
  const out = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const k2 = ((i - offset) % period + period) % period;
    out[i] = k2 === 0 || i === 0 ? v[i] : (k2 + 1) * v[i] - k2 * v[i - 1];
  }
  return out;
}
function batchLossesFromRunningMean(c2, rm) {
  return { ...c2, values: recover(c2.values, rm.period, rm.offset) };
}

// src/diagnose/signals/index.ts
function computeSignals(run) {
  const view = buildRunView(run);
  const spe = stepsPerEpoch(view);
  let trainLossRunningMean = null;
  if (view.trainLoss && spe?.trainLossPerStep && view.trainLoss.nonFinite === 0) {
    const rm = runningMeanSignal(view.trainLoss, spe.value);
    if (rm?.detected) {
      trainLossRunningMean = rm;
      view.trainLoss = batchLossesFromRunningMean(view.trainLoss, rm);
    }
  }
  const train = view.trainLoss ? curveTrend(view.trainLoss) : null;
  const val = view.valLoss ? curveTrend(view.valLoss) : null;
  const trainAcc = view.trainAcc ? curveTrend(view.trainAcc) : null;
  const valAcc = view.valAcc ? curveTrend(view.valAcc) : null;
  const noise = train && spe?.trainLossPerStep && train.n >= 20 ? batchNoise(train, periodInPoints(train.steps, spe.value)) : null;
  const acc = trainAcc ?? valAcc;
  const trainNonFinite = view.trainLoss ? nonFiniteSignal(view.trainLoss) : null;
  const cutoff = trainNonFinite && (trainNonFinite.persistence >= 0.5 || trainNonFinite.hasInf) ? trainNonFinite.firstStep : Infinity;
  return {
    view,
    train,
    val,
    trainAcc,
    valAcc,
    trainNonFinite,
    valNonFinite: view.valLoss ? nonFiniteSignal(view.valLoss) : null,
    trainStability: train && train.n >= 4 ? stability(train) : null,
    valStability: val && val.n >= 4 ? stability(val) : null,
    chance: inferChance(view, train ?? val, acc),
    generalization: val && val.n >= 3 ? generalization(train, val, trainAcc, valAcc) : null,
    stepsPerEpoch: spe,
    trainLossRunningMean,
    adversarial: adversarialSignal(view),
    noise,
    layers: layerSignals(view, cutoff, spe),
    lr: learningRateSignal(view),
    arch: architectureSignal(view),
    trainStillImproving: train ? stillImproving(train) : false,
    valStillImproving: val ? stillImproving(val) : false,
    accStillImproving: acc ? stillImproving(acc, true) : false
  };
}
function periodInPoints(steps, stepsPerEpoch2) {
  const d = [];
  for (let i = 1; i < steps.length && d.length < 1e3; i++) d.push(steps[i] - steps[i - 1]);
  d.sort((a, b) => a - b);
  const spacing = d.length ? d[Math.floor(d.length / 2)] : 1;
  if (!(spacing > 0)) return null;
  const p = stepsPerEpoch2 / spacing, r = Math.round(p);
  return r >= 1 && Math.abs(p - r) <= 0.05 * r ? r : null;
}

// src/diagnose/rules/checklist_link.ts
function checklistIds(code) {
  try {
    return checklistFor(code);
  } catch {
    return [];
  }
}

// src/diagnose/rules/causes.ts
var FIXES = {
  learning_rate_too_high: ["Divide the learning rate by 10 (up to 3 times) and watch the first epochs", "Add gradient clipping (e.g. global norm 1\u201310)", "Use a warm-up and a decaying schedule"],
  learning_rate_too_low: ["Raise the learning rate 10x and watch the first 100 steps", "Run a short learning-rate range test (increase it every few steps, keep the value before the loss rises)"],
  batch_size_too_large: ["Use a smaller batch (more optimizer steps per epoch), or raise the learning rate with the batch size", "Train for more epochs so the number of optimizer steps is adequate"],
  batch_size_too_small: ["Use a larger batch or a lower learning rate", "Accumulate gradients over several batches"],
  too_few_epochs: ["Train for more epochs (the curves were still improving)", "Use early stopping on the validation metric instead of a fixed epoch count"],
  too_many_epochs: ["Stop at the validation optimum (early stopping with patience max(3, epochs/15))", "Keep the checkpoint with the best validation score"],
  optimizer_unsuitable: ["Switch to Adam with default settings", "Check the optimizer's settings (momentum, epsilon, weight decay)"],
  loss_scale_wrong: ["Use dynamic loss scaling", "Lower the static loss scale until no overflow is reported"],
  weight_init_zero: ["Initialise weights randomly (He for ReLU, Glorot/Xavier for tanh/sigmoid) instead of zeros/constants", "Check custom initialisers and loaded checkpoints"],
  weight_init_too_large: ["Use a standard initialiser (He / Glorot) instead of a large gain or std", "Add normalisation layers (BatchNorm/LayerNorm)"],
  weight_init_too_small: ["Use a standard initialiser (He / Glorot) scaled to the fan-in", "Add normalisation layers"],
  vanishing_gradient: ["Replace sigmoid/tanh hidden activations by ReLU with He init (or SELU with LeCun init)", "Add BatchNorm or residual connections", "Use fewer layers"],
  exploding_gradient: ["Clip gradients (global norm)", "Use ReLU/SELU with the matching initialiser and BatchNorm", "Lower the learning rate; for RNNs use LSTM/GRU and a smaller recurrent gain"],
  activation_saturation: ["Normalise the inputs", "Use Glorot/Xavier init and BatchNorm before the activation", "Switch hidden activations to the ReLU family"],
  dead_relu: ["Use LeakyReLU/ELU/SELU", "Lower the learning rate; use He init and zero (not negative) biases", "Add BatchNorm; normalise the inputs"],
  weights_frozen: ["Check which parameters are trainable (requires_grad / trainable) and that all are passed to the optimizer", "Check that the loss depends on every layer (no detached tensors)"],
  weights_shared_wrongly: ["Check which layers reuse the same parameter object", "Create separate layers where weights should not be shared"],
  numerical_instability: ["Use the numerically stable loss (from logits) instead of log() of probabilities", "Add epsilon to logs, divisions and square roots", "Check for division by zero"],
  wrong_loss_function: ["Remove the softmax/sigmoid before a loss that expects logits (or use the loss on probabilities)", "Match the loss to the task and the labels (cross-entropy for classes, MSE/MAE for regression)"],
  wrong_output_activation: ["Use softmax (multi-class), sigmoid (binary/multi-label) or linear (regression) as the last activation", "Check the label range against the output range"],
  input_not_normalized: ["Standardise the inputs (zero mean, unit variance) or scale them to [-1, 1]", "Compute the statistics on the training set and apply them everywhere"],
  data_missing_values: ["Remove or impute samples with NaN/Inf", "Check the data pipeline for divisions by zero and missing columns"],
  data_outliers: ["Clip or remove outliers", "Use a robust loss (Huber)"],
  label_noise: ["Check the labels: view samples with their labels; check the label/sample alignment after shuffling", "Train on a tiny subset: a correct pipeline can overfit it with correct labels"],
  class_imbalance: ["Reweight the loss or resample the classes", "Report per-class metrics (F1, balanced accuracy) instead of accuracy"],
  insufficient_data: ["Get more data or augment it", "Use a smaller model or stronger regularisation"],
  data_not_shuffled: ["Shuffle the training data every epoch", "Check the sampler / dataset shuffle flag"],
  repeated_batch: ["Check the data loader: each step must draw a new batch (iterator re-created every step?)", "Print a hash of a few batches"],
  preprocessing_mismatch: ["Apply exactly the same preprocessing to training and evaluation data", "Disable training-only augmentation for evaluation"],
  train_eval_mode_wrong: ["Call model.eval()/training=False for evaluation and model.train() for training", "Check BatchNorm statistics and dropout at evaluation"],
  overfitting: ["Stop early at the validation optimum", "Add regularisation (L2, dropout 0.2\u20130.5, augmentation)", "Get more data or use a smaller model"],
  model_too_small: ["Use a larger model (more units/layers)", "Check that the model can overfit a small subset"],
  regularization_too_strong: ["Lower dropout / L2 / augmentation", "Check that dropout is a drop probability, not a keep probability"]
};
function makeCause(code, confidence, why, evidence, fixes = []) {
  return {
    code,
    confidence: Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100,
    why,
    evidence,
    fixes: [...fixes, ...(FIXES[code] ?? []).filter((f) => !fixes.includes(f))],
    checklist: checklistIds(code)
  };
}

// src/diagnose/rules/context.ts
function finding(ctx, symptom, severity, title, steps, evidence, causes = []) {
  return { run: ctx.run, symptom, severity, title, steps, evidence, causes };
}
function fmt(x) {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
}
function pct(x) {
  return `${Math.round(x * 1e3) / 10} %`;
}
function at(tr, i, note) {
  const k2 = Math.max(0, Math.min(tr.n - 1, i));
  return { source: "scalar", tag: tr.key, step: tr.steps[k2], value: round(tr.values[k2]), ...note ? { note } : {} };
}
function windowEvidence(tr, which, note) {
  const a = which === "first" ? 0 : tr.n - tr.window;
  const b = which === "first" ? tr.window - 1 : tr.n - 1;
  return { source: "scalar", tag: tr.key, steps: [tr.steps[a], tr.steps[b]], value: round(which === "first" ? tr.first : tr.last), note: note ?? `median of the ${which} ${tr.window} point(s)` };
}
function round(x) {
  if (!Number.isFinite(x)) return null;
  return Number(x.toPrecision(6));
}

// src/diagnose/rules/batches.ts
function isSawtooth(nz) {
  if (!Number.isFinite(nz.periodicAutocorr)) return false;
  if (nz.periodicAutocorr >= T2.sawtoothAutocorr.value && nz.periodicAutocorr2 >= 0.75 * T2.sawtoothAutocorr.value) return true;
  return Math.min(nz.periodicAutocorr, nz.periodicAutocorr2) >= T2.sawtoothAutocorrWeak.value && nz.positionShare >= T2.sawtoothPositionShare.value;
}
function batchRule(ctx) {
  if (ctx.s.adversarial) return [];
  const { s: s2, outcome } = ctx;
  const out = [];
  const tr = s2.train;
  const spe = s2.stepsPerEpoch;
  if (tr && s2.noise && spe && spe.value >= T2.fewStepsPerEpoch.value && !outcome.nonFinite) {
    const nz = s2.noise;
    if (isSawtooth(nz)) {
      out.push(sawtoothFinding(ctx, nz, spe.value, spe.source));
    } else if (isSuspiciouslySmooth(nz) || nz.jitterOverTrend < T2.smoothNoiseRatio.value && nz.jitterRel < T2.smoothNoiseRatio.value && !!s2.generalization && s2.generalization.gapRel > T2.memorisedGapRel.value) {
      const memorised = tr.last >= 0 && Math.max(tr.first, tr.initial) > 0 && tr.last <= T2.memorisedLossShare.value * Math.max(tr.first, tr.initial);
      const g = s2.generalization;
      const deterministic = nz.jitterRel < T2.deterministicJitterRel.value && (!s2.val || !!g && (g.gapRel > 0.5 || g.valRiseRel > 0.1));
      const generalizesBadly = memorised || deterministic || !!g && g.gapRel > T2.memorisedGapRel.value;
      out.push(finding(
        ctx,
        "loss_suspiciously_smooth",
        generalizesBadly ? "warning" : "info",
        `Per-step loss ${tr.key} is too smooth for mini-batches (jitter ${fmt(nz.jitterRel)} of its level)`,
        [tr.firstStep, tr.lastStep],
        [windowEvidence(tr, "last"), { source: "scalar", tag: tr.key, value: Number(nz.jitterRel.toPrecision(3)), note: `median step-to-step jitter relative to the level; ${spe.value} steps per epoch (${spe.source})` }],
        generalizesBadly ? [makeCause("repeated_batch", 0.7, "different batches give different losses; a loss this smooth comes from the same batch again and again", [])] : []
      ));
    }
  }
  if (!out.some((f) => f.symptom === "loss_sawtooth") && !outcome.nonFinite) {
    const below = belowChanceFinding(ctx);
    if (below) out.push(below);
  }
  if (spe && spe.value < T2.fewStepsPerEpoch.value) {
    const poor = outcome.poor || outcome.slow || s2.trainStillImproving || s2.valStillImproving;
    const main = tr ?? s2.val;
    out.push(finding(
      ctx,
      "few_steps_per_epoch",
      poor ? "warning" : "info",
      `Only ${spe.value} optimizer step(s) per epoch (${spe.source})`,
      main ? [main.firstStep, main.lastStep] : [],
      [{ source: "hparam", value: spe.value, note: spe.source }, ...main ? [windowEvidence(main, "last")] : []],
      poor ? [tinyTrainingSet(spe) ? makeCause("insufficient_data", 0.6, `${spe.value} step(s) per epoch with a batch of ${spe.batchSize}: about ${spe.value * spe.batchSize} training samples`, [{ source: "hparam", tag: "batch_size", value: spe.batchSize }]) : makeCause("batch_size_too_large", 0.65, `with ${spe.value} step(s) per epoch the model gets few updates and progress is slow`, [])] : []
    ));
  }
  return out;
}
function sawtoothFinding(ctx, nz, period, source) {
  const tr = ctx.s.train;
  return finding(
    ctx,
    "loss_sawtooth",
    "warning",
    `Loss ${tr.key} repeats a pattern every ${period} steps (one epoch): autocorrelation ${fmt(nz.periodicAutocorr)} (two epochs: ${fmt(nz.periodicAutocorr2)})`,
    [tr.firstStep, tr.lastStep],
    [
      { source: "scalar", tag: tr.key, value: Number(nz.periodicAutocorr.toPrecision(3)), note: `autocorrelation of the detrended log-loss at lag ${period} (${source})` },
      { source: "scalar", tag: tr.key, value: Number(nz.positionShare.toPrecision(3)), note: "share of the detrended log-loss variance explained by the position inside the epoch (beyond chance)" }
    ],
    [makeCause("data_not_shuffled", 0.7, "the loss follows the same course within every epoch: the batches come in the same (sorted) order", [])]
  );
}
function belowChanceFinding(ctx) {
  const { s: s2 } = ctx;
  const ta = s2.trainAcc, ch = s2.chance;
  if (!ta || !ch || ta.n < 3 || ch.classes < 2 || ch.chanceAccuracy < 0.5 / ch.classes) return null;
  const v = ta.values.slice(Math.max(1, Math.floor(ta.n / 10)));
  const low = T2.belowChanceShare.value * ch.chanceAccuracy;
  const below = v.filter((x) => x < low).length;
  const swing = maxOf(v) - minOf(v);
  if (below < 1 || swing < T2.belowChanceSwing.value) return null;
  let iMin = 1;
  for (let i = 1; i < ta.n; i++) if (ta.values[i] < ta.values[iMin]) iMin = i;
  const ev2 = [
    at(ta, iMin, `lowest epoch after the first; chance ${pct(ch.chanceAccuracy)}`),
    { source: "scalar", tag: ta.key, value: Number(swing.toPrecision(3)), note: "range of the training accuracy over the epochs after the first" },
    ...s2.valAcc ? [windowEvidence(s2.valAcc, "last")] : []
  ];
  return finding(
    ctx,
    "train_metric_below_chance",
    "warning",
    `Training accuracy ${ta.key} falls to ${pct(ta.values[iMin])} in an epoch, far below chance (${pct(ch.chanceAccuracy)}), and swings by ${pct(swing)} between epochs`,
    [ta.firstStep, ta.lastStep],
    ev2,
    [makeCause("data_not_shuffled", 0.65, "a model that is wrong on most training batches of an epoch is predicting the classes of the batches before them: the data comes one class at a time, not shuffled", ev2)]
  );
}
function tinyTrainingSet(spe) {
  return !!spe && spe.value < T2.fewStepsPerEpoch.value && spe.batchSize !== void 0 && spe.batchSize <= T2.smallBatch.value;
}

// src/diagnose/rules/generalization.ts
function generalizationRule(ctx) {
  if (ctx.s.adversarial) return [];
  const { s: s2, outcome } = ctx;
  const g = s2.generalization, val = s2.val, tr = s2.train;
  if (!g || !val || outcome.nonFinite) return [];
  const out = [];
  const chance = s2.chance;
  const vAcc = s2.valAcc;
  const memorisedEarly = !s2.stepsPerEpoch && val.bestIndex <= 1 && val.n >= 5 && g.valRiseRel >= T2.earlyMemorisedValRise.value && !!tr && tr.last >= 0 && Math.max(tr.first, tr.initial) > 0 && tr.last <= T2.earlyMemorisedTrainShare.value * Math.max(tr.first, tr.initial);
  const fewSamples = (ev2) => memorisedEarly ? [
    makeCause("repeated_batch", 0.45, `the validation loss was best at the first evaluation and rose ${pct(g.valRiseRel)} while the training loss fell to ${pct(tr.last / Math.max(tr.first, tr.initial))} of its start: the model memorises few distinct samples from the start \u2014 the same batch fed again and again, or a training set of a few dozen samples (log the steps per epoch or the dataset size to tell them apart)`, ev2)
  ] : [];
  const tAcc = s2.trainAcc;
  const nearChance = chance && vAcc && vAcc.last <= chance.chanceAccuracy + T2.labelNoiseChanceShare.value * (1 - chance.chanceAccuracy);
  const belowChanceLoss = !tr || !chance || tr.last < chance.lnC * (1 - T2.chanceBand.value);
  const trainLearns = !!tr && belowChanceLoss && (tr.relImprovement >= T2.slowConvergenceRel.value || !!tAcc && tAcc.last - tAcc.first >= 2 * T2.accuracyGain.value);
  const fitsTrain = trainLearns && (!tAcc || !vAcc || tAcc.last - vAcc.last >= T2.labelNoiseAccGap.value);
  const valAtChance = chance && (vAcc && nearChance || !vAcc && val.best >= chance.lnC * (1 - T2.chanceBand.value));
  const trainBelowVal = tAcc && vAcc && vAcc.n >= 3 && tAcc.n >= 3 && vAcc.last - tAcc.last >= T2.labelNoiseAccGap.value * 0.75 && median3(vAcc) - median3(tAcc) >= T2.labelNoiseAccGap.value * 0.75 && !trainModeRegularised(s2.view);
  if (tr && (valAtChance && fitsTrain || trainBelowVal)) {
    const ev2 = trainBelowVal ? [windowEvidence(tAcc, "last"), windowEvidence(vAcc, "last")] : [windowEvidence(tr, "first"), windowEvidence(tr, "last"), vAcc ? windowEvidence(vAcc, "last") : windowEvidence(val, "last")];
    const title = trainBelowVal ? `Training accuracy ${pct(tAcc.last)} stays far below the validation accuracy ${pct(vAcc.last)}` : `Validation stays near chance level while the training loss falls ${fmt(tr.relImprovement * 100)} %`;
    out.push(finding(
      ctx,
      trainBelowVal ? "train_below_val" : "metric_at_chance",
      trainBelowVal ? "warning" : "error",
      title,
      [val.firstStep, val.lastStep],
      ev2,
      tinyTrainingSet(s2.stepsPerEpoch) && !trainBelowVal ? [
        makeCause("insufficient_data", 0.65, `the model fits its training set of about ${s2.stepsPerEpoch.value * s2.stepsPerEpoch.batchSize} samples (${s2.stepsPerEpoch.value} step(s) per epoch, batch ${s2.stepsPerEpoch.batchSize}) and learns nothing that transfers: too few samples for the model`, ev2),
        makeCause("label_noise", 0.45, "labels that carry no signal give the same picture", ev2)
      ] : [
        makeCause("label_noise", 0.65, trainBelowVal ? "the model cannot fit its own training labels yet predicts the validation data well: the training labels are wrong for many samples" : "the model fits the training labels but learns nothing that transfers: the labels carry no signal (shuffled or wrong)", ev2),
        ...trainBelowVal ? [] : fewSamples(ev2)
      ]
    ));
    return out;
  }
  const accCost = !vAcc || vAcc.best - vAcc.last >= T2.valAccDrop.value || Number.isFinite(g.accGap) && g.accGap >= T2.accGap.value || !!vAcc && vAcc.worst - vAcc.last >= T2.valAccDrop.value || // smoothed peak (a single noisy epoch is no cost)
  g.valRiseRel >= T2.roseBackValRise.value;
  const learntOnVal = !vAcc || !chance || vAcc.worst >= chance.chanceAccuracy + T2.labelNoiseChanceShare.value * (1 - chance.chanceAccuracy);
  const holdsAtEnd = val.values[val.n - 1] >= (1 + T2.valRiseRel.value) * g.valBest;
  const rising = accCost && learntOnVal && holdsAtEnd && g.valRiseRel >= T2.valRiseRel.value && g.pastOptimumShare >= T2.pastOptimumShare.value && (!Number.isFinite(g.trainAfterOptimumRel) || g.trainAfterOptimumRel < 0);
  const spe = s2.stepsPerEpoch;
  const earlyOptimum = !!spe && spe.value >= T2.manyStepsPerEpoch.value && val.bestIndex <= 1 && val.n >= 5;
  const hugeVal = !!chance && !!(vAcc ?? tAcc) && g.valBest > Math.max(T2.lossHugeForClassifier.value, T2.initialLossOverChance.value * chance.lnC);
  if (hugeVal && (rising || g.valRiseRel >= T2.valRiseRel.value)) {
    const st = s2.trainStability;
    const unstable = !!st && (st.spikes.length > 0 || st.residualRel > T2.oscillationRel.value);
    const lr = s2.lr;
    const ev2 = [at(val, val.bestIndex, `best validation loss; chance level ln(${chance.classes}) = ${fmt(chance.lnC)}`), windowEvidence(val, "last"), ...tr ? [windowEvidence(tr, "last")] : []];
    out.push(finding(
      ctx,
      "loss_too_large",
      "warning",
      `Validation loss ${val.key} is never below ${fmt(g.valBest)}, ${fmt(g.valBest / chance.lnC)}\xD7 the chance level ln(${chance.classes}): the logits are huge throughout`,
      [val.firstStep, val.lastStep],
      ev2,
      [
        makeCause("learning_rate_too_high", unstable || lr?.position === "high" ? 0.65 : 0.5, `a classifier that learned from a sane start has a validation loss below ln C at its best; ${fmt(g.valBest)} means the updates blew the logits up${lr ? ` (learning rate ${fmt(lr.value)}${lr.position === "high" ? ", above the usual range" : ""})` : ""}${unstable ? " and the training loss jumps between steps" : ""}`, ev2),
        ...!unstable && lr?.position !== "high" ? [makeCause("weight_init_too_large", 0.4, "far-too-large weights keep the logits huge as well", ev2)] : []
      ]
    ));
    return out;
  }
  if (rising) {
    const ev2 = [at(val, val.bestIndex, "validation optimum (running median)"), windowEvidence(val, "last"), ...tr ? [windowEvidence(tr, "last")] : []];
    out.push(finding(
      ctx,
      "val_loss_rising",
      "warning",
      `Validation loss rose ${pct(g.valRiseRel)} after its best at step ${g.valBestStep} (${pct(g.pastOptimumShare)} of the run) while the training loss kept falling`,
      [g.valBestStep, val.lastStep],
      ev2,
      [
        makeCause("overfitting", 0.7, `validation loss bottomed at ${fmt(g.valBest)} and rose to ${fmt(val.last)} while training loss fell ${Number.isFinite(g.trainAfterOptimumRel) ? pct(-g.trainAfterOptimumRel) : ""} further`, ev2),
        ...fewSamples(ev2),
        ...earlyOptimum ? [makeCause("repeated_batch", 0.5, `the validation loss was best within the first two epochs although every epoch has ${spe.value} batches: a model that stops generalising that early may be seeing the same few samples again (a repeated batch)`, ev2)] : []
      ]
    ));
    return out;
  }
  const chanceAcc = chance ? chance.chanceAccuracy : 0.5;
  const wasGood = vAcc ? vAcc.worst >= chanceAcc + 0.5 * (1 - chanceAcc) && vAcc.worst - vAcc.first >= T2.roseBackAccGain.value : val.best <= 0.5 * val.first;
  const roseBack = wasGood && g.valRiseRel >= T2.roseBackValRise.value && Number.isFinite(g.trainAfterOptimumRel) && g.trainAfterOptimumRel >= T2.roseBackTrainRise.value && g.pastOptimumShare >= T2.pastOptimumShare.value;
  if (roseBack && tr) {
    const lr = s2.lr;
    const ev2 = [at(val, val.bestIndex, "validation optimum (running median)"), windowEvidence(val, "last"), windowEvidence(tr, "last")];
    out.push(finding(
      ctx,
      "loss_diverging",
      "warning",
      `After its best at step ${g.valBestStep}, the validation loss rose ${pct(g.valRiseRel)} and the training loss ${pct(g.trainAfterOptimumRel)}`,
      [g.valBestStep, val.lastStep],
      ev2,
      [makeCause("learning_rate_too_high", lr?.position === "high" ? 0.75 : 0.6, `training and validation loss both rose after a good point${lr ? ` (learning rate ${fmt(lr.value)}${lr.position === "high" ? ", above the usual range" : ""})` : ""}: the updates overshoot`, ev2)]
    ));
    return out;
  }
  if (Number.isFinite(g.gapRel) && g.gapRel > T2.gapRel.value && tr) {
    const big = false;
    out.push(finding(
      ctx,
      "train_val_gap",
      big ? "warning" : "info",
      `Validation loss ${fmt(val.last)} is ${pct(g.gapRel)} above the training loss ${fmt(tr.last)}`,
      [val.firstStep, val.lastStep],
      [windowEvidence(val, "last"), windowEvidence(tr, "last"), ...Number.isFinite(g.accGap) ? [{ source: "scalar", note: `train \u2212 val accuracy ${fmt(g.accGap)}`, value: Number(g.accGap.toPrecision(4)) }] : []],
      big ? [makeCause("overfitting", 0.6, "the model fits the training data far better than the validation data", [])] : []
    ));
  }
  return out;
}
function median3(c2) {
  const v = c2.values.slice(-3).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
}
function trainModeRegularised(view) {
  const dropout = hparamNumberFor(view, "dropout");
  const keep = hparamNumberFor(view, "keep_prob");
  const mix = hparamNumberFor(view, "mixup");
  return dropout !== void 0 && dropout >= 0.3 && dropout < 1 || keep !== void 0 && keep > 0 && keep <= 0.7 || mix !== void 0 && mix > 0;
}

// src/diagnose/rules/layer_evidence.ts
var ZERO_INIT_BY_DESIGN = /lora_?b|lora_up|rezero|(^|[/._])alpha($|[/._])/i;
function layerCauses(s2) {
  const out = [];
  const L = s2.layers;
  const kernels = L.weights.filter((w) => !w.constantByDesign);
  const constant = kernels.filter((w) => Number.isFinite(w.initStd) && w.initStd <= T2.initStdTiny.value * Math.max(1, w.initMax));
  if (constant.length) {
    const w = constant[0];
    const order = [...kernels].sort((a, b) => layerOrder(a.layer, b.layer));
    const last = order[order.length - 1];
    const hiddenConstant = constant.filter((c2) => c2 !== last && !ZERO_INIT_BY_DESIGN.test(c2.key));
    const accCurve = s2.valAcc ?? s2.trainAcc;
    const converged = !!accCurve && accCurve.last >= T2.convergedAccuracy.value;
    out.push({
      code: "weight_init_zero",
      symptom: "weight_init_suspicious",
      strength: 0.9,
      hard: true,
      ungated: hiddenConstant.length > 0 && kernels.length >= 2 && !converged,
      why: `${constant.length} weight tensor(s) start with no spread (std ${fmt(w.initStd)} at step ${w.firstStep}): all units of a layer compute the same thing`,
      evidence: constant.slice(0, 3).map((c2) => ({ source: "histogram", tag: c2.key, step: c2.firstStep, value: round(c2.initStd), note: `std of the weights at the first record (max |w| ${fmt(c2.initMax)})` })),
      step: w.firstStep
    });
  }
  const tr0 = s2.train ?? s2.val;
  const firstLossHigh = !!tr0 && tr0.initial > Math.max(T2.lossHugeForClassifier.value, s2.chance ? T2.initialLossOverChance.value * s2.chance.lnC : 0);
  const large = kernels.filter((w) => Number.isFinite(w.initRms) && w.initRms >= T2.initRmsLarge.value);
  if (large.length && firstLossHigh) {
    const w = large[0];
    out.push({
      code: "weight_init_too_large",
      symptom: "weight_init_suspicious",
      strength: 0.7,
      why: `initial weights have RMS ${fmt(w.initRms)} (standard initialisers give well below 1)`,
      evidence: large.slice(0, 3).map((c2) => ({ source: "histogram", tag: c2.key, step: c2.firstStep, value: round(c2.initRms), note: "RMS of the weights at the first record" })),
      step: w.firstStep
    });
  }
  const withHistory = kernels.filter((w) => w.records >= 3);
  const unchanged = withHistory.filter((w) => w.unchanged);
  const movingHealthy = withHistory.filter((w) => !w.unchanged && w.changePerStepRel >= T2.frozenOthersMinChange.value);
  const medGrad = L.grads.length ? L.grads.map((g) => g.medianNorm).filter(Number.isFinite).sort((a, b) => a - b)[Math.floor(L.grads.length / 2)] : NaN;
  const gradOf = (w) => L.grads.find((g) => g.layer === w.layer);
  const vanishingFromUpdates = L.grads.length === 0 && Number.isFinite(L.firstMovingLastChangeRatio) && L.firstMovingLastChangeRatio < T2.gradRatioVanishing.value;
  const vanishingAt = Number.isFinite(L.firstLastGradRatio) && L.firstLastGradRatio < T2.gradRatioVanishing.value || vanishingFromUpdates;
  const frozen = unchanged.filter((w) => {
    const g = gradOf(w);
    return !g || !Number.isFinite(medGrad) || g.medianNorm >= 1e-3 * medGrad;
  });
  if (frozen.length && movingHealthy.length && !vanishingAt) {
    const accidental = frozen.length < withHistory.length - frozen.length;
    out.push({
      code: "weights_frozen",
      symptom: "weight_not_updated",
      strength: 0.85,
      hard: true,
      ungated: accidental,
      why: `${frozen.length} of ${withHistory.length} weight tensors never change (mean/std/min/max equal within rtol ${T2.unchangedRtol.value}) while the others train (ignore if this layer is frozen on purpose)`,
      evidence: frozen.slice(0, 3).map((w) => ({ source: "histogram", tag: w.key, steps: [w.firstStep, w.lastStep], value: 0, note: `unchanged over ${w.records} records${gradOf(w) ? "" : "; no gradient logged for it"}` }))
    });
  } else if (unchanged.length && unchanged.length === withHistory.length && !vanishingAt) {
    const movingBias = L.weights.filter((w) => w.constantByDesign && w.records >= 3 && !w.unchanged);
    if (movingBias.length) {
      const relu = s2.arch.activation === "relu" || s2.arch.activation === void 0;
      out.push({
        code: relu ? "dead_relu" : "vanishing_gradient",
        symptom: "weight_not_updated",
        strength: 0.75,
        hard: true,
        why: `no kernel changes over ${withHistory[0].records} records while ${movingBias.length} bias tensor(s) do: the optimizer steps, but the kernels get zero gradients${relu ? " (units that output zero for every input pass none)" : ""}`,
        evidence: [
          ...unchanged.slice(0, 2).map((w) => ({ source: "histogram", tag: w.key, steps: [w.firstStep, w.lastStep], value: 0, note: "unchanged" })),
          { source: "histogram", tag: movingBias[0].key, steps: [movingBias[0].firstStep, movingBias[0].lastStep], value: round(movingBias[0].changePerStepRel), note: "changes (relative change per step)" }
        ]
      });
    } else out.push({
      code: "learning_rate_too_low",
      symptom: "weight_not_updated",
      strength: 0.6,
      hard: true,
      why: `no weight tensor changes at all over ${withHistory[0].records} records: the optimizer does not step (learning rate 0 or parameters not given to it)`,
      evidence: unchanged.slice(0, 2).map((w) => ({ source: "histogram", tag: w.key, steps: [w.firstStep, w.lastStep], value: 0, note: "unchanged" }))
    });
  }
  const moving = withHistory.filter((w) => !w.unchanged && Number.isFinite(w.changePerStepRel));
  if (moving.length && L.stepUnit.known) {
    const med = moving.map((w) => w.changePerStepRel).sort((a, b) => a - b)[Math.floor(moving.length / 2)];
    const ev2 = moving.slice(0, 2).map((w) => ({ source: "histogram", tag: w.key, steps: [w.firstStep, w.lastStep], value: round(w.changePerStepRel), note: "weight change per step relative to the weight" }));
    if (med < T2.updateRatioLow.value) out.push({ code: "learning_rate_too_low", symptom: "weight_change_too_small", strength: 0.7, why: `weights change by ${fmt(med)} of their size per step (healthy: ~1e-3)`, evidence: ev2 });
    if (med > T2.updateRatioHigh.value) out.push({ code: "learning_rate_too_high", symptom: "weight_change_too_large", strength: 0.6, why: `weights change by ${fmt(med)} of their size per step (healthy: ~1e-3)`, evidence: ev2 });
  }
  const ratio = L.firstLastGradRatio;
  const g0 = L.grads.find((g) => g.layer === L.firstGradLayer);
  if (Number.isFinite(ratio) && ratio < T2.gradRatioVanishing.value) {
    out.push({
      code: "vanishing_gradient",
      symptom: "gradient_vanishing",
      strength: 0.85,
      why: `the first layer's gradient norm is ${fmt(ratio)} of the last layer's (AUTOTRAINER threshold ${T2.gradRatioVanishing.value})`,
      evidence: [
        { source: "histogram", tag: g0?.key, value: round(g0?.medianNorm ?? NaN), note: `median gradient norm of ${L.firstGradLayer}` },
        { source: "histogram", tag: L.grads.find((g) => g.layer === L.lastGradLayer)?.key, value: round(L.grads.find((g) => g.layer === L.lastGradLayer)?.medianNorm ?? NaN), note: `median gradient norm of ${L.lastGradLayer}` }
      ]
    });
  } else if (vanishingFromUpdates) {
    out.push({
      code: "vanishing_gradient",
      symptom: "gradient_vanishing",
      strength: 0.7,
      why: `no gradient is logged, but ${L.firstMovingLayer} changes by ${fmt(L.firstMovingLastChangeRatio)} of what ${L.lastChangeLayer} changes per step: the updates (and so the gradients) vanish towards the input`,
      evidence: [{ source: "histogram", tag: withHistory.find((w) => w.layer === L.firstMovingLayer)?.key, value: round(L.firstMovingLastChangeRatio), note: `weight change per step of ${L.firstMovingLayer} over that of ${L.lastChangeLayer}` }]
    });
  } else if (g0 && Number.isFinite(g0.medianAbsMean) && g0.medianAbsMean < T2.gradVanishingAbs.value && L.grads.length >= 2) {
    out.push({ code: "vanishing_gradient", symptom: "gradient_vanishing", strength: 0.7, why: `mean |gradient| of ${g0.layer} is ${fmt(g0.medianAbsMean)} (< ${T2.gradVanishingAbs.value})`, evidence: [{ source: "histogram", tag: g0.key, value: round(g0.medianAbsMean), note: "median of mean |gradient|" }] });
  }
  if (Number.isFinite(ratio) && ratio > T2.gradRatioExploding.value) {
    out.push({
      code: "exploding_gradient",
      symptom: "gradient_exploding",
      strength: 0.8,
      why: `the first layer's gradient norm is ${fmt(ratio)}\xD7 the last layer's (AUTOTRAINER threshold ${T2.gradRatioExploding.value})`,
      evidence: [{ source: "histogram", tag: g0?.key, value: round(g0?.medianNorm ?? NaN), note: `median gradient norm of ${L.firstGradLayer}` }]
    });
  }
  const gNan = L.grads.filter((g) => g.nonFinite > 0);
  if (gNan.length) {
    out.push({ code: "exploding_gradient", symptom: "gradient_non_finite", strength: 0.6, why: `${gNan.length} gradient tensor(s) hold NaN/Inf`, evidence: gNan.slice(0, 2).map((g) => ({ source: "histogram", tag: g.key, value: g.nonFinite, note: "non-finite values" })) });
  }
  const dead = L.activations.filter((a) => a.zeroShare >= T2.deadShare.value);
  if (dead.length) {
    out.push({ code: "dead_relu", symptom: "activation_dead", strength: 0.8, why: `${dead.length} layer(s) output exact zeros for ${pct(dead[0].zeroShare)} of values`, evidence: dead.slice(0, 3).map((a) => ({ source: "histogram", tag: a.key, step: a.lastStep, value: round(a.zeroShare), note: "share of zero outputs (median over the second half)" })) });
  }
  const sat = L.activations.filter((a) => a.saturatedShare >= T2.saturatedShare.value);
  if (sat.length) {
    out.push({ code: "activation_saturation", symptom: "activation_saturated", strength: 0.75, why: `${sat.length} layer(s) have ${pct(sat[0].saturatedShare)} of outputs at the limits of their range`, evidence: sat.slice(0, 3).map((a) => ({ source: "histogram", tag: a.key, step: a.lastStep, value: round(a.saturatedShare), note: "share of outputs within 1 % of the range limits" })) });
  }
  const first = L.activations[0];
  if (first && first.absMean >= T2.activationLarge.value) {
    out.push({ code: "input_not_normalized", symptom: "activation_too_large", strength: 0.7, why: `the first layer's outputs have mean |x| ${fmt(first.absMean)} (\u2265 ${T2.activationLarge.value}): inputs are likely not scaled`, evidence: [{ source: "histogram", tag: first.key, step: first.lastStep, value: round(first.absMean), note: "mean |activation|" }] });
  }
  const wNan = L.weights.filter((w) => w.nonFinite > 0);
  if (wNan.length) out.push({ code: "exploding_gradient", symptom: "tensor_overflow", strength: 0.5, why: `${wNan.length} weight tensor(s) hold NaN/Inf`, evidence: wNan.slice(0, 2).map((w) => ({ source: "histogram", tag: w.key, value: w.nonFinite, note: "non-finite values" })) });
  return out.sort((a, b) => b.strength - a.strength);
}

// src/diagnose/rules/layers.ts
var TITLES = {
  gradient_vanishing: "Gradients vanish towards the input layers",
  gradient_exploding: "Gradients grow towards the input layers",
  gradient_non_finite: "Gradients hold NaN/Inf",
  weight_not_updated: "Weights do not change",
  weight_change_too_small: "Weights barely change",
  weight_change_too_large: "Weights change by a large share per step",
  weight_init_suspicious: "Initial weights look wrong",
  activation_dead: "Layer outputs are (almost) all zero",
  activation_saturated: "Activations pinned at their limits",
  activation_too_large: "Activations are very large",
  tensor_overflow: "Weights hold NaN/Inf"
};
function layerRule(ctx) {
  const { outcome } = ctx;
  const gate = (outcome.poor || outcome.slow) && !outcome.nonFinite;
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const c2 of layerCauses(ctx.s)) {
    if (seen.has(c2.symptom)) continue;
    seen.add(c2.symptom);
    const severe = gate || c2.ungated === true && !outcome.nonFinite || c2.hard === true && (outcome.mediocre || outcome.slow) && !outcome.nonFinite;
    const steps = c2.step !== void 0 ? [c2.step, c2.step] : [];
    out.push(finding(
      ctx,
      c2.symptom,
      severe ? "warning" : "info",
      `${TITLES[c2.symptom] ?? c2.symptom}: ${c2.why}`,
      steps,
      c2.evidence,
      severe ? [makeCause(c2.code, c2.strength, c2.why, c2.evidence)] : []
    ));
  }
  return out;
}

// src/diagnose/rules/loss_floor.ts
function calibratedLoss(a, classes) {
  const q = 1 - a;
  return (a > 0 ? -a * Math.log(a) : 0) + (q > 0 ? -q * Math.log(q / Math.max(1, classes - 1)) : 0);
}
function lossFloorRule(ctx) {
  if (ctx.s.adversarial) return [];
  const { s: s2, outcome } = ctx;
  if (outcome.nonFinite || !s2.chance) return [];
  const pair = s2.train && s2.trainAcc ? { loss: s2.train, acc: s2.trainAcc } : s2.val && s2.valAcc ? { loss: s2.val, acc: s2.valAcc } : null;
  if (!pair || pair.loss.n < 5 || pair.acc.n < 3) return [];
  const C0 = s2.chance.classes;
  const a = pair.acc.last, L = pair.loss.last;
  if (!(a >= s2.chance.chanceAccuracy + T2.floorAccuracyOverChance.value)) return [];
  const learned = pair.acc.last - pair.acc.first >= T2.accuracyGain.value || pair.acc.last >= 0.98 || maxOf(pair.acc.values) - minOf(pair.acc.values) >= T2.accuracyGain.value || a >= s2.chance.chanceAccuracy + T2.floorHighAccuracyShare.value * (1 - s2.chance.chanceAccuracy);
  if (!learned) return [];
  const v = pair.loss.values, half2 = v.slice(Math.floor(v.length / 2));
  const flat = half2.length >= 3 && maxOf(half2) - minOf(half2) <= T2.floorFlatRel.value * Math.abs(L);
  const candidates = flat ? Array.from({ length: Math.max(2 * C0, C0 + 3) - 1 }, (_, i) => i + 2) : [C0];
  let match;
  for (const C2 of candidates.sort((x, y) => Math.abs(x - C0) - Math.abs(y - C0))) {
    const expected2 = calibratedLoss(a, C2);
    if (!(L >= T2.floorOverCalibrated.value * expected2)) continue;
    const floors = C2 === 2 ? [Math.log(1 + 1 / Math.E), Math.log(2) * 0.5 + Math.log(1 + 1 / Math.E) * 0.5] : [Math.log(1 + (C2 - 1) / Math.E)];
    const floor2 = floors.find((f) => L >= f * 0.97 && L <= f * (C2 === C0 ? T2.floorBand.value : 1.03));
    if (floor2 !== void 0) {
      match = { floor: floor2, C: C2 };
      break;
    }
  }
  if (!match) return [];
  const { floor, C } = match;
  const expected = calibratedLoss(a, C);
  const ev2 = [windowEvidence(pair.loss, "last", `floor of a logits loss on [0, 1] outputs: ${fmt(floor)} (C = ${C}); loss expected at ${pct(a)} accuracy \u2248 ${fmt(expected)}`), windowEvidence(pair.acc, "last")];
  return [finding(
    ctx,
    "loss_floor_high",
    "warning",
    `Loss ${pair.loss.key} stays at ${fmt(L)}, near the floor ${fmt(floor)} of a logits loss fed probabilities, while accuracy is ${pct(a)} (that accuracy implies \u2248 ${fmt(expected)})`,
    [pair.loss.firstStep, pair.loss.lastStep],
    ev2,
    [makeCause("wrong_loss_function", 0.7, "the loss cannot go below the floor of a cross-entropy computed on probabilities instead of logits (softmax/sigmoid applied twice), although the predictions are mostly right", ev2)]
  )];
}

// src/diagnose/rules/missing_data.ts
function missingDataRule(ctx) {
  const { s: s2 } = ctx;
  const v = s2.view;
  const read = v.scalarKeys.length ? `scalar tags read: ${v.scalarKeys.slice(0, 12).join(", ")}${v.scalarKeys.length > 12 ? ", \u2026" : ""}` : "no scalar tag was read";
  const hist = v.histogramKeys.length ? `; ${v.histogramKeys.length} histogram/tensor tag(s)` : "";
  const out = [];
  if (!v.trainLoss && !v.valLoss) {
    out.push(finding(ctx, "loss_not_logged", "info", "No loss curve found: nothing to diagnose from the loss", [], [
      { source: "run", note: `${read}${hist}; no tag was recognised as a training or validation loss` }
    ]));
    return out;
  }
  const main = v.trainLoss ?? v.valLoss;
  const tr = s2.train ?? s2.val;
  if (!tr && !lossBlewUp(ctx)) {
    out.push(finding(ctx, "loss_only_non_finite", "info", `The loss ${main.key} holds no finite value (${main.values.length} point(s), all NaN/Inf)`, main.steps.length ? [main.steps[0], main.steps[main.steps.length - 1]] : [], [
      { source: "scalar", tag: main.key, step: main.steps[0], value: null, note: `${main.nonFinite} non-finite of ${main.values.length}; ${read}` }
    ]));
    return out;
  }
  const rm = s2.trainLossRunningMean;
  if (rm && tr) {
    out.push(finding(ctx, "loss_logged_as_running_mean", "info", `Loss ${tr.key} is a running mean over each epoch (as Keras logs batch values): the diagnosis reads the batch losses recovered from it`, [tr.firstStep, tr.lastStep], [
      { source: "scalar", tag: tr.key, value: Number(rm.lateOverEarly.toPrecision(3)), note: `step-to-step change late in an epoch over early in it (raw batch losses \u2248 1; a running mean \u226A 1); ${rm.period} steps per epoch` }
    ]));
  }
  if (v.accuracyPercent.length) {
    out.push(finding(ctx, "accuracy_in_percent", "info", `Accuracy ${v.accuracyPercent.join(", ")} is logged in percent (0\u2013100): the diagnosis reads it as a share (0\u20131)`, [], [
      { source: "scalar", tag: v.accuracyPercent[0], note: "every finite value lies in [0, 100] and the largest is above 1.5" }
    ]));
  }
  if (tr && tr.n < T2.minPointsForTrend.value) {
    out.push(finding(ctx, "too_few_points", "info", `Only ${tr.n} finite loss point(s) in ${tr.key}: too few to judge a trend`, [tr.firstStep, tr.lastStep], [
      { source: "scalar", tag: tr.key, step: tr.lastStep, value: tr.values[tr.n - 1], note: `${tr.n} point(s); ${read}` }
    ]));
  }
  return out;
}
function otherOverflow(ctx) {
  for (const [, s2] of ctx.s.view.run.dirs.flatMap((d) => [...d.scalars])) {
    const v = s2.values;
    for (let i = 0; i < v.length; i++) if (v[i] === Infinity || v[i] === -Infinity || Number.isFinite(v[i]) && Math.abs(v[i]) >= 1e15) return true;
  }
  return false;
}
function lossBlewUp(ctx) {
  const v = ctx.s.view;
  const main = v.trainLoss ?? v.valLoss;
  if (!main) return false;
  if (main.values.some((x) => x === Infinity || x === -Infinity) || otherOverflow(ctx)) return true;
  const acc = ctx.s.trainAcc ?? ctx.s.valAcc;
  if (!!acc && acc.n >= 2 || v.weights.length > 0) return true;
  if (main.values.length >= 4) {
    for (const d of v.run.dirs) for (const [, s2] of d.scalars) {
      if (s2 === void 0 || s2.length < 4 || s2.tag === main.key.split("/").pop()) continue;
      let finite = 0;
      for (const x of s2.values) if (Number.isFinite(x)) finite++;
      if (finite >= 4) return true;
    }
  }
  return false;
}

// src/diagnose/rules/non_finite.ts
function nonFiniteRule(ctx) {
  const { s: s2 } = ctx;
  const nf = s2.trainNonFinite ?? s2.valNonFinite;
  if (!nf) return [];
  const tr = nf.key === s2.train?.key ? s2.train : s2.val;
  const allNaN = !tr && !lossBlewUp(ctx);
  if (allNaN) return [];
  if (nf.persistence < 0.5 && !nf.hasInf) {
    return [finding(
      ctx,
      "loss_gaps",
      "info",
      `Loss ${nf.key} has ${nf.count} isolated NaN point(s) (first at step ${nf.firstStep}) and is finite afterwards: missing values in the log, not a blow-up`,
      [nf.firstStep, nf.firstStep],
      [{ source: "scalar", tag: nf.key, step: nf.firstStep, value: null, note: `${nf.count} of ${nf.total} points NaN` }]
    )];
  }
  const ev2 = [{ source: "scalar", tag: nf.key, step: nf.firstStep, value: String(nf.firstValue), note: `first non-finite value; ${nf.count} of ${nf.total} points non-finite` }];
  const grew = Number.isFinite(nf.growthBefore) && nf.growthBefore >= 2 || Number.isFinite(nf.riseFromBest) && nf.riseFromBest >= T2.divergeRatio.value && Number.isFinite(nf.growthBefore) && nf.growthBefore >= 0.5;
  const before = tr && nf.finiteBefore > 0 ? tr.values[Math.min(tr.n - 1, nf.finiteBefore - 1)] : NaN;
  const hugeBefore = Number.isFinite(before) && (before >= T2.lossAbsoluteLarge.value || s2.chance && before > 10 * s2.chance.lnC);
  if (nf.finiteBefore > 0 && tr) ev2.push({ source: "scalar", tag: tr.key, step: tr.steps[Math.min(tr.n - 1, nf.finiteBefore - 1)], value: round(before), note: `last finite value before (first ${fmt(tr.initial)})` });
  const layer = layerCauses(s2).filter((c2) => c2.code === "exploding_gradient" || c2.code === "weight_init_too_large" || c2.code === "input_not_normalized");
  const causes = [];
  const lr = s2.lr;
  const lrEv = lr ? [{ source: "hparam", tag: lr.source, value: lr.value, note: `usual ${fmt(lr.usual[0])}\u2013${fmt(lr.usual[1])}${lr.optimizer ? ` for ${lr.optimizer}` : ""}` }] : [];
  const blowUp = nf.finiteBefore <= 1 || grew || hugeBefore;
  if (blowUp && lr && lr.position === "high") {
    causes.push(makeCause("learning_rate_too_high", 0.75, `the loss blew up with a learning rate of ${fmt(lr.value)}, above the usual range`, [...ev2, ...lrEv]));
  } else if (blowUp && lr && lr.position !== "high" && (grew || hugeBefore || layer.some((l) => l.code === "exploding_gradient"))) {
    causes.push(makeCause("exploding_gradient", 0.6, `the loss grew before turning non-finite although the learning rate ${fmt(lr.value)} is in the usual range: the gradients themselves explode (depth, init gain, recurrence)`, [...ev2, ...lrEv]));
  } else if (nf.finiteBefore <= 1 && lr && (s2.arch.depth ?? 0) >= T2.deepNetLayers.value) {
    causes.push(makeCause("exploding_gradient", 0.55, `the loss is non-finite from the first recorded point on with a usual learning rate (${fmt(lr.value)}) in a ${s2.arch.depth}-layer network: activations and gradients grow layer by layer until they overflow`, [...ev2.slice(0, 1), ...lrEv, { source: "hparam", tag: "depth", value: s2.arch.depth }]));
  } else if (nf.finiteBefore <= 1 && lr && s2.arch.recurrent) {
    causes.push(makeCause("exploding_gradient", 0.55, `the loss is non-finite from the first recorded point on with a usual learning rate (${fmt(lr.value)}) in a recurrent network: its activations and gradients are multiplied by the recurrent weights at every time step until they overflow (clip the gradients; check the recurrent initialisation)`, [...ev2.slice(0, 1), ...lrEv]));
    causes.push(makeCause("numerical_instability", 0.4, "a log(0), 0/0 or overflow in the loss gives NaN from the start as well", ev2.slice(0, 1)));
  } else if (nf.finiteBefore <= 1 && lr) {
    causes.push(makeCause("numerical_instability", 0.55, `the loss is non-finite from the first recorded point on with a usual learning rate (${fmt(lr.value)}): a log(0), 0/0 or overflow in the loss or the data`, [...ev2.slice(0, 1), ...lrEv]));
  } else if (nf.finiteBefore <= 1) {
    causes.push(makeCause("learning_rate_too_high", 0.5, "the loss is non-finite from the first recorded point on: the first updates blew up", ev2.slice(0, 1)));
    causes.push(makeCause("numerical_instability", 0.4, "a log(0) or 0/0 in the loss gives NaN from the start as well", ev2.slice(0, 1)));
  } else if (grew || hugeBefore) {
    causes.push(makeCause("learning_rate_too_high", 0.6, `the loss rose ${fmt(Number.isFinite(nf.riseFromBest) ? nf.riseFromBest : nf.growthBefore)}\xD7 from its best before turning non-finite: updates overshoot`, ev2));
    causes.push(makeCause("exploding_gradient", 0.4, "growing gradients give the same picture", ev2));
  } else {
    causes.push(makeCause("numerical_instability", 0.7, "the loss was finite and not rising right before it turned non-finite: a sudden NaN/Inf points to log(0), 0/0 or a missing epsilon", ev2));
  }
  for (const l of layer.slice(0, 1)) {
    if (!causes.some((c2) => c2.code === l.code) && causes.length < 2) causes.push(makeCause(l.code, l.strength * 0.8, l.why, l.evidence));
  }
  const lastStep = tr ? tr.lastStep : nf.firstStep;
  return [finding(ctx, "loss_nan_or_inf", "error", `Loss ${nf.key} became ${String(nf.firstValue)} at step ${nf.firstStep}${nf.count < nf.total ? ` (${nf.count} of ${nf.total} points non-finite)` : ""}`, [nf.firstStep, Math.max(nf.firstStep, lastStep)], ev2, causes.slice(0, 2))];
}

// src/diagnose/rules/not_updated.ts
function notUpdatedRule(ctx) {
  if (ctx.s.adversarial) return [];
  const { s: s2 } = ctx;
  const v = s2.val;
  if (!v || v.n < T2.frozenEvalMinPoints.value || ctx.outcome.nonFinite) return [];
  let lo = Infinity, hi = -Infinity, sum = 0;
  for (const x of v.values) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
    sum += x;
  }
  const mean = sum / v.n;
  if (!(Math.abs(mean) > T2.lossZeroAbs.value) || hi - lo > T2.frozenEvalRelRange.value * Math.abs(mean)) return [];
  if (Math.abs(mean) >= T2.lossAbsoluteLarge.value || s2.chance && Math.abs(mean) > 10 * s2.chance.lnC) return [];
  const acc = s2.valAcc;
  const accConst = !acc || acc.values.every((x) => Math.abs(x - acc.values[0]) <= 1e-9);
  if (!accConst || acc && acc.last >= T2.convergedAccuracy.value) return [];
  const tr = s2.train;
  const ev2 = [
    windowEvidence(v, "first"),
    windowEvidence(v, "last"),
    { source: "scalar", tag: v.key, value: Number(((hi - lo) / Math.abs(mean)).toPrecision(3)), note: `relative range over all ${v.n} points` },
    ...tr && tr.key !== v.key ? [windowEvidence(tr, "last")] : []
  ];
  const lr = s2.lr;
  const lrZero = !!lr && Math.abs(lr.value) < 1e-12;
  return [finding(
    ctx,
    "weight_not_updated",
    "error",
    `Validation loss ${v.key} is ${fmt(mean)} at every one of its ${v.n} points (relative range ${fmt((hi - lo) / Math.abs(mean))}): no weight changed during training`,
    [v.firstStep, v.lastStep],
    ev2,
    [makeCause("weights_frozen", 0.8, lrZero ? "the learning rate is 0: the optimizer steps change nothing" : "evaluating the same weights on the same data gives the same loss to the last bits; any update would move it: the optimizer step is missing, the parameters were not given to the optimizer, or every layer is frozen", ev2)]
  )];
}

// src/diagnose/rules/progress_causes.ts
function progressCauses(s2, kind) {
  const out = [];
  const add = (c2) => {
    if (!out.some((o) => o.code === c2.code)) out.push(c2);
  };
  const spe = s2.stepsPerEpoch;
  if (spe && spe.value < T2.fewStepsPerEpoch.value) {
    add(makeCause("batch_size_too_large", 0.6, `only ${spe.value} optimizer step(s) per epoch (${spe.source}): too few updates`, [{ source: "hparam", value: spe.value, note: spe.source }]));
  }
  const lr0 = s2.lr;
  if (lr0 && lr0.position === "high") {
    add(makeCause("learning_rate_too_high", 0.7, `learning rate ${fmt(lr0.value)} is above the usual range ${fmt(lr0.usual[0])}\u2013${fmt(lr0.usual[1])}${lr0.optimizer ? ` for ${lr0.optimizer}` : ""} and the run makes no progress`, [{ source: "hparam", tag: lr0.source, value: lr0.value }]));
  }
  const layers = layerCauses(s2).filter((l) => l.strength >= 0.6 && (l.code !== "exploding_gradient" || kind === "flat"));
  for (const l of layers.slice(0, 2)) add(makeCause(l.code, out.length ? Math.min(l.strength, 0.6) : l.strength, l.why, l.evidence));
  if (out.length) return out.slice(0, 2);
  if (spe && spe.value < T2.fewStepsPerEpoch.value) return out;
  const tr = s2.train ?? s2.val;
  const lr = s2.lr;
  const lrEv = lr ? [{ source: "hparam", tag: lr.source, value: lr.value }] : [];
  const range = lr ? `${fmt(lr.usual[0])}\u2013${fmt(lr.usual[1])}${lr.optimizer ? ` for ${lr.optimizer}` : ""}` : "";
  if (lr && lr.position === "high") return [makeCause("learning_rate_too_high", 0.65, `learning rate ${fmt(lr.value)} is above the usual range ${range} and the loss does not fall`, lrEv)];
  if (lr && lr.position === "low") return [makeCause("learning_rate_too_low", 0.7, `learning rate ${fmt(lr.value)} is below the usual range ${range} and the loss barely moves`, lrEv)];
  if (!tr) return out;
  const epochCurve = s2.val && s2.val.n >= 5 ? s2.valStability : null;
  const st = epochCurve ?? s2.trainStability;
  const noisy = st && (st.residualRel > 0.1 || st.riseShare > 0.35 && tr.last > tr.first || st.spikes.length >= 3);
  const rosBack = st && st.lastOverBest > 1.3 && tr.bestIndex < tr.n * 0.7;
  if (noisy || rosBack) {
    return [makeCause("learning_rate_too_high", 0.55, rosBack ? `the loss reached ${fmt(tr.best)} and rose back to ${fmt(tr.last)}` : "the loss jumps around instead of falling", [windowEvidence(tr, "last")])];
  }
  const ev2 = [windowEvidence(tr, "first"), windowEvidence(tr, "last")];
  const a = s2.arch;
  const archEv = a.activationName ? [{ source: "hparam", tag: "activation", value: a.activationName, note: a.depth !== void 0 ? `${a.depth} hidden layer(s)` : void 0 }] : [];
  if (kind === "slow") {
    return [makeCause("learning_rate_too_low", 0.45, `the loss falls steadily but slowly (${fmt(tr.relImprovement * 100)} % over the run)${lr ? ` with learning rate ${fmt(lr.value)}` : ""}`, ev2)];
  }
  if ((a.activation === "sigmoid" || a.activation === "tanh") && (a.depth ?? 0) >= 5) {
    return [makeCause("vanishing_gradient", 0.6, `a ${a.depth}-layer ${a.activation} network whose loss never leaves its start: gradients shrink through the saturating layers`, [...archEv, ...ev2])];
  }
  const ep = s2.view.trainLossEpoch ?? s2.view.valLoss;
  const epv = ep ? ep.values.filter(Number.isFinite) : [];
  let downs = 0;
  for (let i = 1; i < epv.length; i++) if (epv[i] < epv[i - 1]) downs++;
  if (epv.length >= 8 && downs / (epv.length - 1) >= T2.monotoneShare.value) {
    return [makeCause("learning_rate_too_low", 0.5, `${ep.key} falls in ${downs} of ${epv.length - 1} epochs, but by only ${fmt(tr.relImprovement * 100)} % in all: the steps are too small`, ev2)];
  }
  const vacc = s2.valAcc;
  if (vacc && vacc.n >= T2.minEpochsForPredictionSpread.value) {
    const spread = quantile(vacc.values, 0.9) - quantile(vacc.values, 0.1);
    const distinct = new Set(vacc.values.map((x) => Math.round(x * 1e4))).size;
    const classes = s2.chance?.classes ?? 2;
    if (spread >= T2.predictionSpread.value && distinct > classes + 1) {
      return [makeCause("label_noise", 0.55, `the loss stays at the chance level while the validation accuracy keeps changing (spread ${fmt(spread)}, ${distinct} different values over the epochs): the model fits labels that carry no signal`, [...ev2, windowEvidence(vacc, "last")])];
    }
  }
  if (a.activation === "sigmoid" || a.activation === "tanh") {
    if ((a.depth ?? 0) >= 5) return [makeCause("vanishing_gradient", 0.6, `a ${a.depth}-layer ${a.activation} network whose loss never leaves its start: gradients shrink through the saturating layers`, [...archEv, ...ev2])];
    return [makeCause("weight_init_zero", 0.45, `a shallow ${a.activation} network with a usual learning rate that learns nothing: identical (constant-initialised) units are the usual reason`, [...archEv, ...ev2])];
  }
  if (a.activation === "relu") {
    return [makeCause("dead_relu", 0.5, "a ReLU network with a usual learning rate whose loss never moves: its units output zero for every input and pass no gradient (very negative biases, a huge early update, or all-zero initial weights, which leave every ReLU unit at zero from the start)", [...archEv, ...ev2])];
  }
  if (tr.tailSlopeRel < -0.02 && tr.relImprovement > 0) {
    return [makeCause("learning_rate_too_low", 0.45, `the loss still falls, but only ${fmt(tr.relImprovement * 100)} % over the run`, ev2)];
  }
  return [
    makeCause("learning_rate_too_low", 0.35, "from the loss alone a flat curve cannot be told apart: a learning rate too low, vanishing gradients, dead units or a constant initialisation; log weight/gradient histograms to separate them", ev2),
    makeCause("weight_init_zero", 0.3, "constant-initialised or dead units also leave the loss at its starting value", [])
  ];
}

// src/diagnose/rules/progress.ts
function progressRule(ctx) {
  const { s: s2, outcome } = ctx;
  const tr = s2.train ?? s2.val;
  if (!tr || outcome.nonFinite) return [];
  if (tr.n < T2.minPointsForTrend.value && !s2.adversarial) {
    const sr = shortRun(ctx);
    return sr ? [sr] : [];
  }
  const out = [];
  const span = [tr.firstStep, tr.lastStep];
  const acc = s2.valAcc ?? s2.trainAcc;
  const st = s2.trainStability;
  if (tr.values.every((v) => Math.abs(v) <= T2.lossZeroAbs.value)) {
    out.push(finding(
      ctx,
      "loss_zero",
      "warning",
      `Loss ${tr.key} is 0 at every one of its ${tr.n} points, from the first step on`,
      span,
      [windowEvidence(tr, "first"), windowEvidence(tr, "last")],
      [makeCause("wrong_loss_function", 0.5, `a loss of exactly 0 before any training is not a result: the loss is not computed from the predictions and targets (a detached or masked-out term, targets equal to the outputs, a reduction over an empty batch)`, [windowEvidence(tr, "first")])]
    ));
    return out;
  }
  if (s2.adversarial) return adversarialFindings(ctx);
  if (st?.diverging) {
    const fromStart = tr.initial > 1e-12 && tr.last >= T2.divergeRatio.value * tr.initial;
    const ref = fromStart ? 0 : tr.bestIndex;
    out.push(finding(
      ctx,
      "loss_diverging",
      "error",
      `Loss ${tr.key} rose from ${fromStart ? "its first value" : "its best"} ${fmt(fromStart ? tr.initial : tr.best)} (step ${tr.steps[ref]}) to ${fmt(tr.last)}`,
      [tr.steps[ref], tr.lastStep],
      [at(tr, ref, fromStart ? "first value" : "best (running median)"), windowEvidence(tr, "last")],
      [makeCause("learning_rate_too_high", s2.lr?.position === "high" ? 0.8 : 0.65, `the loss grew ${tr.best > 1e-12 || fromStart ? `${fmt(tr.last / (fromStart ? tr.initial : tr.best))}\xD7` : `by ${fmt(tr.last - tr.best)}`} ${fromStart ? "from its start" : "after its best point"}: the updates overshoot${s2.lr ? ` (learning rate ${fmt(s2.lr.value)})` : ""}`, [windowEvidence(tr, "last")])]
    ));
    return out;
  }
  const cacc = s2.valAcc ?? s2.trainAcc;
  if (cacc && cacc.n >= 5 && s2.chance) {
    const peak = cacc.worst;
    const near = s2.chance.chanceAccuracy + 0.15 * (1 - s2.chance.chanceAccuracy);
    const trainLearned = !s2.train || s2.train.best <= (1 - T2.slowConvergenceRel.value) * Math.max(s2.train.first, s2.train.initial);
    if (peak - cacc.last >= T2.collapseDrop.value && cacc.last <= near && peak > near && trainLearned) {
      const lr = s2.lr;
      const ev2 = [windowEvidence(cacc, "last"), { source: "scalar", tag: cacc.key, value: Number(peak.toPrecision(4)), note: "best (running median)" }];
      out.push(finding(
        ctx,
        "metric_collapsed",
        "error",
        `Accuracy ${cacc.key} reached ${pct(peak)} and fell back to ${pct(cacc.last)}, near chance (${pct(s2.chance.chanceAccuracy)})`,
        [cacc.firstStep, cacc.lastStep],
        ev2,
        [makeCause("learning_rate_too_high", lr?.position === "high" ? 0.75 : 0.55, `a model that learned and then lost it: the updates overshoot${lr ? ` (learning rate ${fmt(lr.value)}${lr.position === "high" ? ", above the usual range" : ""})` : ""}`, ev2)]
      ));
      return out;
    }
  }
  const vacc = s2.valAcc ?? s2.trainAcc;
  if (vacc && vacc.n >= 5) {
    const a = vacc.last;
    const after = vacc.values.slice(1);
    const flatShare = after.filter((x) => Math.abs(x - a) <= T2.majorityFlatBand.value).length / Math.max(1, after.length);
    const classes = s2.chance?.classes ?? 2;
    const [lo, hi] = priorEntropyBounds(a, classes);
    const inBand = (c2) => !!c2 && c2.last >= lo * T2.majorityLossBand.value && c2.last <= hi * T2.majorityLossAbove.value;
    const lossCurve = inBand(s2.val) ? s2.val : inBand(tr) ? tr : s2.val ?? tr;
    const lossNow = lossCurve ? lossCurve.last : NaN;
    const distinct = new Set(vacc.values.map((x) => Math.round(x * 1e4))).size;
    const predictsPrior = distinct <= Math.max(classes + 1, Math.ceil(vacc.n * T2.majorityDistinctShare.value));
    if (flatShare >= 0.8 && a >= T2.majorityMinRate.value && a < 0.99 && inBand(lossCurve) && predictsPrior) {
      out.push(finding(
        ctx,
        "metric_at_majority_rate",
        "warning",
        `Accuracy ${vacc.key} stays at ${pct(a)} from the first epochs on and the loss at ${fmt(lossNow)}: the model predicts the majority class`,
        [vacc.firstStep, vacc.lastStep],
        [windowEvidence(vacc, "first"), windowEvidence(vacc, "last"), windowEvidence(lossCurve ?? tr, "last", `prior entropy of a ${pct(a)} majority: ${fmt(lo)}\u2013${fmt(hi)}`)],
        [makeCause("class_imbalance", 0.7, `${pct(flatShare)} of the epochs give the same accuracy ${pct(a)}, and the loss is near the entropy of a ${pct(a)}/${pct(1 - a)} class prior`, [windowEvidence(vacc, "last")])]
      ));
      return out;
    }
  }
  const short = shortRun(ctx);
  if (short) return [short];
  const trainFits = !!s2.train && s2.train.relImprovement >= T2.slowConvergenceRel.value && (!s2.chance || s2.train.last < s2.chance.lnC * (1 - T2.chanceBand.value)) && (!s2.trainAcc || !s2.valAcc || s2.trainAcc.last - s2.valAcc.last >= T2.labelNoiseAccGap.value);
  const valAtChance = !!s2.valAcc && !!s2.chance && s2.valAcc.last <= s2.chance.chanceAccuracy + T2.labelNoiseChanceShare.value * (1 - s2.chance.chanceAccuracy);
  const trainBelowVal = !!s2.valAcc && !!s2.trainAcc && s2.valAcc.last - s2.trainAcc.last >= 0.75 * T2.labelNoiseAccGap.value;
  if (trainFits && valAtChance || trainBelowVal) return out;
  const chance0 = s2.chance;
  const isClassifier = !!(s2.trainAcc ?? s2.valAcc);
  const initialHuge = isClassifier && tr.initial > Math.max(T2.lossHugeForClassifier.value, chance0 ? T2.initialLossOverChance.value * chance0.lnC : 0);
  const blowUp = !initialHuge ? earlyBlowUp(ctx) : null;
  if (blowUp) {
    out.push(blowUp);
    return out;
  }
  const regressionHuge = !isClassifier && tr.initial >= T2.regressionHugeLoss.value && tr.initial >= T2.regressionHugeDrop.value * Math.max(Math.abs(tr.last), 1e-12);
  if (regressionHuge) {
    const first = [at(tr, 0, "first loss")];
    const ev2 = [...first, windowEvidence(tr, "last")];
    const lr = s2.lr;
    const layer = layerCauses(s2).find((l) => l.code === "exploding_gradient" || l.code === "weight_init_too_large" || l.code === "input_not_normalized");
    const causes = lr?.position === "high" ? [makeCause("learning_rate_too_high", 0.65, `the loss starts at ${fmt(tr.initial)} with a learning rate ${fmt(lr.value)} above the usual range: the first updates blew the outputs up`, ev2)] : s2.arch.recurrent ? [makeCause("exploding_gradient", 0.6, `a recurrent network whose loss starts at ${fmt(tr.initial)} and falls ${fmt(tr.initial / Math.max(Math.abs(tr.last), 1e-12))}\xD7: its activations are multiplied by the recurrent weights at every time step and explode (clip the gradients; check the recurrent initialisation)`, ev2)] : layer ? [makeCause(layer.code, layer.strength, layer.why, layer.evidence)] : [
      makeCause("weight_init_too_large", 0.45, `the loss starts at ${fmt(tr.initial)} and falls ${fmt(tr.initial / Math.max(Math.abs(tr.last), 1e-12))}\xD7: the first outputs were orders of magnitude off (far-too-large initial weights)`, ev2),
      makeCause("input_not_normalized", 0.4, "unscaled inputs or targets give such first outputs as well", ev2)
    ];
    out.push(finding(ctx, "loss_too_large", "warning", `First loss ${fmt(tr.initial)} is ${fmt(tr.initial / Math.max(Math.abs(tr.last), 1e-12))}\xD7 the last (${fmt(tr.last)}): the run started from exploded outputs`, [tr.firstStep, tr.lastStep], ev2, causes));
    return out;
  }
  if (initialHuge) {
    const stillHuge = tr.last > Math.max(T2.lossHugeForClassifier.value / 2, chance0 ? T2.initialLossOverChance.value * chance0.lnC : 0);
    const first = [at(tr, 0, "first loss")];
    const fastDrop = tr.first <= T2.initialLossFastDrop.value * tr.initial;
    const cause = stillHuge && !fastDrop ? makeCause("weight_init_too_large", 0.6, `the loss starts at ${fmt(tr.initial)}, is still ${fmt(tr.first)} over the first ${Math.round(T2.windowFraction.value * 100)} % of the run and ${fmt(tr.last)} at the end: the logits stay huge, as with far-too-large initial weights`, [...first, windowEvidence(tr, "first"), windowEvidence(tr, "last")]) : makeCause("input_not_normalized", 0.55, `the loss starts at ${fmt(tr.initial)} (a classifier starts near ln C) and falls back to ${fmt(tr.first)} within the first steps (${fmt(tr.last)} at the end): unscaled inputs give huge first logits until the first layer adapts`, [...first, windowEvidence(tr, "last")]);
    const accAfter = s2.trainAcc ?? s2.valAcc;
    const chanceAcc = s2.chance ? s2.chance.chanceAccuracy : 0.5;
    const learnedAfter = !accAfter || accAfter.last - accAfter.values[0] >= T2.accuracyGain.value || accAfter.last >= chanceAcc + 0.5 * (1 - chanceAcc);
    const fellBack = !stillHuge || fastDrop;
    const broken = fellBack && !learnedAfter && s2.arch.activation === "relu" && (s2.arch.depth ?? 0) >= T2.deepNetLayers.value ? makeCause("exploding_gradient", 0.55, `the loss starts at ${fmt(tr.initial)} in a ${s2.arch.depth}-layer ReLU network and the model learns nothing afterwards (accuracy ${pct(accAfter.last)}): activations and gradients grew layer by layer and the first updates wrecked the weights`, [...first, windowEvidence(accAfter, "last")]) : null;
    const layer = s2.lr?.position === "high" ? { code: "learning_rate_too_high", strength: 0.65, why: `the first loss is already huge with a learning rate ${fmt(s2.lr.value)} above the usual range: the first updates blew the logits up`, evidence: first } : layerCauses(s2).find((l) => l.code === "weight_init_too_large" || l.code === "input_not_normalized");
    out.push(finding(
      ctx,
      "loss_too_large",
      "warning",
      `First loss ${fmt(tr.initial)} is far above the level of a freshly initialised classifier${chance0 ? ` (ln(${chance0.classes}) = ${fmt(chance0.lnC)})` : ""}`,
      [tr.firstStep, tr.lastStep],
      [...first, windowEvidence(tr, "last")],
      [layer ? makeCause(layer.code, layer.strength, layer.why, layer.evidence) : broken ?? cause]
    ));
    return out;
  }
  if (outcome.notDecreasing || outcome.atChance && tr.relImprovement < T2.slowConvergenceRel.value) {
    const chance = s2.chance;
    const atChance = chance && Math.abs(tr.last - chance.lnC) <= T2.chanceBand.value * chance.lnC;
    const title = atChance ? `Loss ${tr.key} stays at ${fmt(tr.last)} \u2248 ln(${chance.classes}), the chance level, over ${tr.lastStep - tr.firstStep} steps` : `Loss ${tr.key} does not decrease: ${fmt(tr.first)} \u2192 ${fmt(tr.last)} (${fmt(tr.relImprovement * 100)} %)`;
    out.push(finding(
      ctx,
      atChance ? "loss_not_decreasing" : "loss_not_decreasing",
      "error",
      title,
      span,
      [windowEvidence(tr, "first"), windowEvidence(tr, "last"), ...acc ? [windowEvidence(acc, "last")] : []],
      progressCauses(s2, "flat")
    ));
    return out;
  }
  if (outcome.slow) {
    const sev = "warning";
    out.push(finding(
      ctx,
      "loss_slow_convergence",
      sev,
      `Loss ${tr.key} fell only ${fmt(tr.relImprovement * 100)} % (${fmt(tr.first)} \u2192 ${fmt(tr.last)})`,
      span,
      [windowEvidence(tr, "first"), windowEvidence(tr, "last")],
      progressCauses(s2, "slow")
    ));
    return out;
  }
  if (outcome.atChance && acc) {
    out.push(finding(
      ctx,
      "metric_at_chance",
      "error",
      `Accuracy ${acc.key} ends at ${pct(acc.last)}, the chance level 1/${s2.chance?.classes}`,
      [acc.firstStep, acc.lastStep],
      [windowEvidence(acc, "last")],
      progressCauses(s2, "flat")
    ));
    return out;
  }
  const improving = s2.trainStillImproving && (s2.val ? s2.valStillImproving || (s2.valAcc ? s2.accStillImproving : false) : true);
  if (improving) {
    const strong = tr.tailGainShare >= 2 * T2.tailGainShare.value && outcome.mediocre;
    out.push(finding(
      ctx,
      "still_improving_at_end",
      strong ? "warning" : "info",
      `Loss ${tr.key} was still falling when training stopped (last part gained ${pct(tr.tailGainShare)} of the total improvement)`,
      [tr.steps[Math.max(0, tr.n - 2 * tr.window)], tr.lastStep],
      [windowEvidence(tr, "last"), { source: "scalar", tag: tr.key, value: Number(tr.tailSlopeRel.toPrecision(4)), note: "tail slope projected over the run, relative to the level" }],
      strong ? [makeCause("too_few_epochs", 0.65, "the loss and the validation curves were still improving clearly at the last step", [windowEvidence(tr, "last")])] : []
    ));
  }
  if (st && (st.residualRel > T2.oscillationRel.value && st.riseShare > 0.3)) {
    const warn = outcome.poor || outcome.slow;
    out.push(finding(
      ctx,
      "loss_oscillating",
      warn ? "warning" : "info",
      `Loss ${tr.key} oscillates: typical deviation from its trend ${pct(st.residualRel)} of its level`,
      span,
      [windowEvidence(tr, "last"), ...st.spikes.slice(0, 3).map((p) => ({ source: "scalar", tag: tr.key, step: p.step, value: p.value, note: `spike over local median ${fmt(p.local)}` }))],
      warn ? [makeCause("learning_rate_too_high", 0.55, "large step-to-step swings with poor progress: the steps overshoot", [])] : []
    ));
  }
  return out;
}
function shortRun(ctx) {
  const { s: s2, outcome } = ctx;
  const tr = s2.train ?? s2.val;
  if (!tr) return null;
  const epochCurve = s2.val ?? s2.valAcc ?? s2.trainAcc;
  if (epochCurve && epochCurve.n >= 2 && epochCurve.n <= T2.shortRunEpochs.value) {
    const v = epochCurve.values, hb = epochCurve === s2.valAcc || epochCurve === s2.trainAcc;
    const lastGain = hb ? v[v.length - 1] - v[v.length - 2] : (v[v.length - 2] - v[v.length - 1]) / Math.abs(v[v.length - 2] || 1);
    const bigGain = !hb && lastGain >= 0.2;
    if ((outcome.mediocre || outcome.slow || bigGain || epochCurve.n <= 3) && lastGain >= (hb ? 0.01 : 0.03) && tr.relImprovement > 0.05) {
      const ev2 = [windowEvidence(tr, "last"), at(epochCurve, epochCurve.n - 2, "second-to-last epoch"), at(epochCurve, epochCurve.n - 1, "last epoch")];
      return finding(
        ctx,
        "still_improving_at_end",
        "warning",
        `Training stopped after ${epochCurve.n} epoch(s) while ${epochCurve.key} was still improving`,
        [tr.firstStep, tr.lastStep],
        ev2,
        [makeCause("too_few_epochs", 0.7, `only ${epochCurve.n} epochs, and the last one still improved ${epochCurve.key} by ${hb ? fmt(lastGain) : pct(lastGain)}`, ev2)]
      );
    }
  }
  return null;
}
function adversarialFindings(ctx) {
  const { s: s2 } = ctx;
  const adv = s2.adversarial;
  const d = adv.d, g = adv.g;
  const out = [finding(ctx, "adversarial_losses", "info", `Losses ${adv.discriminator} and ${adv.generator} are the two sides of a GAN: neither is expected to fall on its own, so no progress rule applies to them`, [], [
    { source: "scalar", tag: adv.discriminator, note: "discriminator / critic loss" },
    { source: "scalar", tag: adv.generator, note: "generator loss" }
  ])];
  if (d && g && d.n >= T2.minPointsForTrend.value && g.n >= T2.minPointsForTrend.value && d.first > 0 && g.first > 0 && d.last <= T2.discriminatorWinsShare.value * d.first && g.last >= T2.divergeRatio.value * g.first) {
    const ev2 = [windowEvidence(d, "first"), windowEvidence(d, "last"), windowEvidence(g, "first"), windowEvidence(g, "last")];
    out.push(finding(
      ctx,
      "discriminator_wins",
      "warning",
      `The discriminator loss ${d.key} fell to ${fmt(d.last)} (from ${fmt(d.first)}) while the generator loss ${g.key} grew to ${fmt(g.last)} (from ${fmt(g.first)})`,
      [d.firstStep, d.lastStep],
      ev2,
      [makeCause(
        "optimizer_unsuitable",
        0.5,
        "a discriminator that wins outright gives the generator no useful gradient: balance the two optimizers (learning rates, update ratio) or use a non-saturating / Wasserstein loss",
        ev2,
        ["Balance the two optimizers: lower the discriminator's learning rate or update it less often than the generator", "Use the non-saturating generator loss, or a Wasserstein loss with gradient penalty", "Add instance noise or one-sided label smoothing to the discriminator"]
      )]
    ));
  }
  return out;
}
function earlyBlowUp(ctx) {
  const { s: s2 } = ctx;
  const tr = s2.train;
  const spe = s2.stepsPerEpoch;
  if (!tr || !spe?.trainLossPerStep || tr.n < 20 || !(tr.initial > 0)) return null;
  const k2 = Math.max(5, Math.floor(tr.n * 0.05));
  let iMax = 1;
  for (let i = 1; i < k2; i++) if (tr.values[i] > tr.values[iMax]) iMax = i;
  const peak = tr.values[iMax];
  if (!(peak >= T2.earlyBlowUpRatio.value * tr.initial) || !(tr.last < peak / 10)) return null;
  const after = tr.steps[iMax] - tr.steps[0];
  const ev2 = [at(tr, 0, "first loss (before any update)"), at(tr, iMax, `${fmt(peak / tr.initial)}\xD7 the first loss, ${after} step(s) later`), windowEvidence(tr, "last")];
  const causes = [makeCause("learning_rate_too_high", s2.lr?.position === "high" ? 0.7 : 0.6, `the loss went from ${fmt(tr.initial)} to ${fmt(peak)} within ${after} step(s): the first updates overshoot (too high a learning rate for the start; a warm-up avoids it)`, ev2)];
  const dead = layerCauses(s2).find((c2) => c2.code === "dead_relu");
  if (dead) causes.push(makeCause("dead_relu", 0.55, `${dead.why}: the blown-up first updates left the ReLU units dead`, dead.evidence));
  return finding(ctx, "loss_spike_at_start", "warning", `Loss ${tr.key} jumps from ${fmt(tr.initial)} to ${fmt(peak)} within the first ${after} step(s) and only then falls back`, [tr.firstStep, tr.steps[Math.min(tr.n - 1, k2)]], ev2, causes);
}

// src/diagnose/rules/outcome.ts
function outcomeOf(s2) {
  const reasons = [];
  const persistent = (n) => !!n && (n.persistence >= 0.5 || n.hasInf);
  const nonFinite = persistent(s2.trainNonFinite) || persistent(s2.valNonFinite);
  const main = s2.train ?? s2.val;
  const accCurve = s2.valAcc ?? s2.trainAcc;
  const converged = !!accCurve && accCurve.n >= 1 && accCurve.last >= T2.convergedAccuracy.value || !!main && !!s2.chance && Math.abs(main.last) <= T2.convergedLossOverChance.value * s2.chance.lnC;
  if (s2.adversarial) return { mediocre: false, slow: false, poor: nonFinite, nonFinite, notDecreasing: false, atChance: false, reasons: nonFinite ? ["non-finite loss"] : [] };
  const fellEarly = !!main && main.n >= 2 * T2.minPointsForTrend.value && startLevel(main) > 0 && main.last >= 0 && main.last <= T2.earlyDropShare.value * startLevel(main) && main.first <= T2.earlyDropShare.value * startLevel(main);
  const notDecreasing = !!main && main.n >= T2.minPointsForTrend.value && main.relImprovement < T2.notDecreasingRel.value && !converged && !fellEarly;
  const accGained = !!accCurve && accCurve.n >= 3 && accCurve.last - accCurve.first >= T2.accuracyGain.value;
  const slow = !!main && main.n >= T2.minPointsForTrend.value && !converged && !notDecreasing && !fellEarly && main.relImprovement < T2.slowConvergenceRel.value && !accGained;
  let atChance = false;
  const acc = s2.valAcc ?? s2.trainAcc;
  if (acc && s2.chance && acc.last <= s2.chance.chanceAccuracy + T2.accuracyChanceMargin.value) atChance = true;
  if (main && s2.chance && Math.abs(main.last - s2.chance.lnC) <= T2.chanceBand.value * s2.chance.lnC && (!acc || atChance)) atChance = true;
  if (nonFinite) reasons.push("non-finite loss");
  if (notDecreasing) reasons.push("loss did not decrease");
  if (slow) reasons.push("loss fell slowly");
  if (atChance) reasons.push("at chance level");
  let mediocre = false;
  if (accCurve && s2.chance) mediocre = accCurve.last < s2.chance.chanceAccuracy + 0.5 * (1 - s2.chance.chanceAccuracy);
  else if (accCurve) mediocre = accCurve.last < 0.6;
  else if (main && s2.chance) mediocre = main.last > 0.5 * s2.chance.lnC;
  else {
    const falling = (c2) => !!c2 && c2.n >= 4 && c2.first > c2.last && c2.tailGainShare >= T2.tailGainShare.value && c2.tailSlopeRel < 0;
    mediocre = !!main && main.n >= T2.minPointsForTrend.value && main.relImprovement < T2.regressionBarelyTrainedRel.value && (falling(main) || falling(s2.val));
  }
  const slowAndMediocre = slow && mediocre;
  return { mediocre, slow: slowAndMediocre, poor: nonFinite || notDecreasing || atChance, nonFinite, notDecreasing, atChance, reasons };
}
function startLevel(c2) {
  const v = c2.values.slice(0, 3).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
}

// src/diagnose/rules/index.ts
var RULES = [
  { name: "missing_data", rule: missingDataRule },
  { name: "non_finite", rule: nonFiniteRule },
  { name: "not_updated", rule: notUpdatedRule },
  { name: "progress", rule: progressRule },
  { name: "loss_floor", rule: lossFloorRule },
  { name: "generalization", rule: generalizationRule },
  { name: "batches", rule: batchRule },
  { name: "layers", rule: layerRule }
];

// src/diagnose/config_checks.ts
function normalizeConfig(run) {
  const out = /* @__PURE__ */ new Map();
  const entries = [...run.hparams.values()];
  for (const key of CONFIG_KEYS) {
    const h = lookupHParam(entries, key, key === "loss" ? "string" : "any");
    if (!h) continue;
    const src = run.hparams.get(h.name);
    out.set(key, { key, value: h.value, name: h.name, source: src?.source ?? "", sourceKind: src?.sourceKind ?? h.sourceKind ?? "" });
  }
  return out;
}
var num = (v) => {
  if (!v) return void 0;
  if (typeof v.value === "number") return Number.isFinite(v.value) ? v.value : void 0;
  if (typeof v.value === "string" && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(v.value)) return Number(v.value);
  return void 0;
};
var str = (v) => v && typeof v.value === "string" ? v.value : void 0;
var bool = (v) => v === void 0 ? void 0 : typeof v.value === "boolean" ? v.value : typeof v.value === "string" ? /^(true|yes|1)$/i.test(v.value) : v.value !== 0;
function lossKind(name, fromLogits) {
  const n = squash(name);
  const binary = /bce|binary|sigmoid/.test(n);
  if (/logits?/.test(n)) return binary && !n.startsWith("softmax") ? "binary_logits" : "logits";
  if (/^softmax.*(ce|crossentropy|xent)/.test(n)) return "logits";
  if (/^sigmoid.*(ce|crossentropy|xent)/.test(n)) return "binary_logits";
  if (/sigmoidfocal/.test(n)) return "binary_logits";
  if (/softmaxcrossentropy/.test(n)) return "logits";
  if (/nll|negativeloglikelihood/.test(n)) return "log_probs";
  if (/^(bce|binarycrossentropy|logloss)/.test(n)) return fromLogits ? "binary_logits" : "binary_probs";
  if (/^(categoricalcrossentropy|sparsecategoricalcrossentropy)/.test(n)) return fromLogits ? "logits" : "probs";
  if (/crossentropy|^ce$|^celoss$|^xent/.test(n)) return "logits";
  if (/mse|meansquared|l2loss|^l1|mae|meanabsolute|huber|smoothl1|rmse|msle|logcosh/.test(n)) return "regression";
  return "unknown";
}
function activationName(name) {
  const n = squash(name);
  if (/logsoftmax/.test(n)) return "log_softmax";
  if (/softmax/.test(n)) return "softmax";
  if (/sigmoid|logistic/.test(n)) return "sigmoid";
  if (/^(linear|none|identity|null|logits|no|false)$/.test(n)) return "linear";
  if (/tanh/.test(n)) return "tanh";
  if (/relu/.test(n)) return "relu";
  return "unknown";
}
function optimizerFamily(name) {
  const n = squash(name);
  if (/adadelta/.test(n)) return "adadelta";
  if (/adagrad/.test(n)) return "adagrad";
  if (/adam|rmsprop|nadam|lamb|adafactor|radam|lion|adamax/.test(n)) return "adaptive";
  if (/sgd|momentum|nesterov|lars/.test(n)) return "sgd";
  return "unknown";
}
var LR_RANGES = {
  adaptive: [1e-5, 0.01],
  sgd: [1e-4, 1],
  adagrad: [1e-3, 1],
  adadelta: [0.01, 10],
  unknown: [1e-6, 1]
};
var MIN_STEPS_PER_EPOCH = 5;
var MIN_TOTAL_UPDATES = 300;
var MAX_DROP_PROBABILITY = 0.7;
var MAX_WEIGHT_DECAY = 0.01;
var MAX_DECOUPLED_WEIGHT_DECAY = 0.3;
var ev = (v, note) => ({ source: "hparam", tag: v.name, value: v.value, ...note ? { note } : {} });
function framework(run, cfg) {
  const f = str(cfg.get("framework"))?.toLowerCase() ?? "";
  if (/mindspore/.test(f)) return "mindspore";
  if (/keras/.test(f)) return "keras";
  if (/torch|lightning/.test(f)) return "pytorch";
  if (/tensorflow|tf/.test(f)) return "tensorflow";
  for (const h of run.hparams.values()) if (h.sourceKind === "mindspore_lineage") return "mindspore";
  for (const d of run.dirs) for (const s2 of d.sources) if (s2.format.startsWith("mindspore")) return "mindspore";
  return "unknown";
}
function classInfo(run, cfg) {
  const classes = num(cfg.get("num_classes"));
  const task = str(cfg.get("task"))?.toLowerCase() ?? "";
  const multilabel = /multi.?label/.test(task);
  const hasAccuracy = run.roles.some((r) => r.role === "train_accuracy" || r.role === "val_accuracy");
  const classifier = /class|binary|label/.test(task) || classes !== void 0 && classes >= 2 || hasAccuracy;
  return { classes, classifier: classifier && !/regress/.test(task), multilabel };
}
function lossSmells(run, cfg) {
  const lossV = cfg.get("loss");
  const loss = str(lossV);
  if (!loss || !lossV) return [];
  const fromLogits = bool(cfg.get("from_logits"));
  const lk = lossKind(loss, fromLogits);
  const outV = cfg.get("output_activation") ?? cfg.get("activation");
  const explicitOut = cfg.has("output_activation");
  const out = outV ? activationName(String(outV.value)) : void 0;
  const { classes, classifier, multilabel } = classInfo(run, cfg);
  const smells = [];
  const pair = (extra) => [ev(lossV), ...outV ? [ev(outV)] : [], ...extra ?? []];
  if (out !== void 0 && outV && (explicitOut || out === "softmax" || out === "sigmoid" || out === "log_softmax")) {
    if ((lk === "logits" || lk === "binary_logits") && (out === "softmax" || out === "sigmoid" || out === "log_softmax")) {
      smells.push({
        symptom: "config_loss_activation_mismatch",
        cause: "wrong_loss_function",
        confidence: 0.8,
        severe: true,
        title: `${outV.value} output followed by ${loss}, a loss that applies ${lk === "logits" ? "softmax" : "sigmoid"} itself`,
        why: `${loss} expects raw logits; a ${outV.value} before it squashes them twice, so the loss cannot go far below its start and gradients shrink`,
        evidence: pair(),
        fixes: ["Remove the final softmax/sigmoid and feed the logits to the loss", `Or keep the activation and use the matching probability loss (${lk === "logits" ? "NLLLoss after log_softmax" : "BCELoss"})`]
      });
    } else if (lk === "log_probs" && out !== "log_softmax") {
      smells.push({
        symptom: "config_loss_activation_mismatch",
        cause: "wrong_loss_function",
        confidence: out === "softmax" || out === "linear" ? 0.75 : 0.5,
        severe: true,
        title: `${loss} needs log-probabilities but the output activation is ${outV.value}`,
        why: `${loss} takes log_softmax outputs; on ${out === "softmax" ? "probabilities" : "raw outputs"} its value can go negative and it does not train the right objective`,
        evidence: pair(),
        fixes: ["Use log_softmax as the output activation", "Or use CrossEntropyLoss on the logits"]
      });
    } else if ((lk === "probs" || lk === "binary_probs") && (out === "linear" || out === "relu" || out === "tanh")) {
      smells.push({
        symptom: "config_loss_activation_mismatch",
        cause: "wrong_loss_function",
        confidence: 0.75,
        severe: true,
        title: `Probability loss ${loss} on a ${outV.value} output`,
        why: `${loss} expects probabilities in [0, 1]; a ${outV.value} output gives values outside, so log(0)/log(negative) gives NaN or a wrong objective`,
        evidence: pair(),
        fixes: ["Pass from_logits=True (or use the logits version of the loss)", `Or add ${lk === "binary_probs" ? "a sigmoid" : "a softmax"} output`]
      });
    } else if (lk === "probs" && out === "sigmoid" && classes !== void 0 && classes > 2 && !multilabel) {
      smells.push({
        symptom: "config_loss_activation_mismatch",
        cause: "wrong_output_activation",
        confidence: 0.6,
        title: `Sigmoid output with categorical ${loss} over ${classes} classes`,
        why: "one-of-C classes need a softmax (or logits); independent sigmoids do not sum to one",
        evidence: pair([ev(cfg.get("num_classes"))]),
        fixes: ["Use a softmax output or logits with from_logits=True"]
      });
    }
  }
  if (lk === "regression" && classifier) {
    const cv = cfg.get("num_classes");
    smells.push({
      symptom: "config_loss_task_mismatch",
      cause: "wrong_loss_function",
      confidence: 0.6,
      title: `Regression loss ${loss} for a classifier${classes ? ` with ${classes} classes` : ""}`,
      why: "mean-squared/absolute error on class labels gives weak gradients for confident mistakes and trains slowly; cross-entropy is the classification loss",
      evidence: [ev(lossV), ...cv ? [ev(cv)] : [{ source: "run", note: "the run logs an accuracy metric" }]],
      fixes: ["Use cross-entropy on logits (CrossEntropyLoss / SparseCategoricalCrossentropy(from_logits=True))"]
    });
  }
  if ((lk === "binary_probs" || lk === "binary_logits") && classes !== void 0 && classes > 2 && !multilabel) {
    smells.push({
      symptom: "config_loss_task_mismatch",
      cause: "wrong_loss_function",
      confidence: 0.65,
      severe: true,
      title: `Binary loss ${loss} with ${classes} classes`,
      why: "a binary cross-entropy treats each output as an independent yes/no; for one-of-C labels use categorical cross-entropy",
      evidence: [ev(lossV), ev(cfg.get("num_classes"))],
      fixes: ["Use (sparse) categorical cross-entropy / CrossEntropyLoss", "Keep BCE only for multi-label targets"]
    });
  }
  if (out === "softmax" && outV && (classes === 1 || num(cfg.get("num_classes")) === 1)) {
    smells.push({
      symptom: "config_output_activation",
      cause: "wrong_output_activation",
      confidence: 0.8,
      severe: true,
      title: "Softmax over a single output unit",
      why: "a softmax over one unit is always 1, so the model cannot learn",
      evidence: [ev(outV), ev(cfg.get("num_classes"))],
      fixes: ["Use a sigmoid (or logits with BCEWithLogits) for one output"]
    });
  }
  return smells;
}
function learningRateSmells(run, cfg) {
  let lrV = cfg.get("learning_rate");
  let lr = num(lrV);
  if (lr === void 0) {
    const key = run.roles.find((r) => r.role === "learning_rate" && r.kind === "scalar")?.key;
    if (key) {
      for (const d of run.dirs) for (const [tag, s2] of d.scalars) {
        if (tag !== key && !key.endsWith("/" + tag)) continue;
        let m = -Infinity;
        for (const v of s2.values) if (Number.isFinite(v) && v > m) m = v;
        if (m > 0) {
          lr = m;
          lrV = { key: "learning_rate", value: m, name: key, source: "scalar", sourceKind: "scalar" };
        }
      }
    }
  }
  if (lr === void 0 || !lrV || !(lr > 0)) return [];
  const optV = cfg.get("optimizer");
  const opt = optV ? String(optV.value) : void 0;
  const fam = opt ? optimizerFamily(opt) : "unknown";
  const [lo, hi] = LR_RANGES[fam];
  const evidence = [ev(lrV, `usual range for ${opt ?? "an unknown optimizer"}: ${lo}..${hi}`), ...optV ? [ev(optV)] : []];
  if (lr > hi) {
    return [{
      symptom: "config_learning_rate",
      cause: "learning_rate_too_high",
      confidence: lr > 10 * hi ? 0.7 : 0.35,
      title: `Learning rate ${lr} is above the usual range for ${opt ?? "this optimizer"} (${lo}..${hi})`,
      why: `${opt ?? "the optimizer"} usually trains with ${lo}..${hi}; ${lr} is ${(lr / hi).toPrecision(2)}x the upper end`,
      evidence
    }];
  }
  if (lr < lo) {
    return [{
      symptom: "config_learning_rate",
      cause: "learning_rate_too_low",
      confidence: lr < lo / 10 ? 0.7 : 0.35,
      title: `Learning rate ${lr} is below the usual range for ${opt ?? "this optimizer"} (${lo}..${hi})`,
      why: `${opt ?? "the optimizer"} usually trains with ${lo}..${hi}; ${lr} is ${(lo / lr).toPrecision(2)}x below the lower end`,
      evidence
    }];
  }
  return [];
}
function batchSmells(cfg) {
  const bsV = cfg.get("batch_size"), nV = cfg.get("dataset_size");
  const bs = num(bsV), n = num(nV), epochs = num(cfg.get("epochs"));
  const out = [];
  if (bs !== void 0 && n !== void 0 && bsV && nV && bs > 0 && n > 0) {
    const steps = Math.ceil(n / bs);
    const fewUpdates = epochs !== void 0 ? steps * epochs < MIN_TOTAL_UPDATES : steps <= 2;
    if (steps < MIN_STEPS_PER_EPOCH && fewUpdates) {
      out.push({
        symptom: "config_few_steps_per_epoch",
        cause: "batch_size_too_large",
        confidence: steps <= 2 ? 0.65 : 0.5,
        title: `Batch size ${bs} with ${n} samples gives only ${steps} optimizer step${steps === 1 ? "" : "s"} per epoch`,
        why: `${steps} update${steps === 1 ? "" : "s"} per pass over the data (fewer than ${MIN_STEPS_PER_EPOCH})${epochs !== void 0 ? `, ${steps * epochs} in the whole training` : ""}; large batches also generalise worse`,
        evidence: [ev(bsV), ev(nV, `steps per epoch = ceil(${n} / ${bs}) = ${steps}`), ...cfg.get("epochs") ? [ev(cfg.get("epochs"))] : []]
      });
    }
  }
  if (bs !== void 0 && bsV && bs > 0 && bs <= 2) {
    out.push({
      symptom: "config_tiny_batch",
      cause: "batch_size_too_small",
      confidence: 0.4,
      title: `Batch size ${bs}: very noisy gradients`,
      why: "one or two samples per step give very noisy updates and unreliable BatchNorm statistics",
      evidence: [ev(bsV)]
    });
  }
  return out;
}
function epochSmells(cfg, stillImproving2) {
  if (!stillImproving2) return [];
  const eV = cfg.get("epochs") ?? cfg.get("max_steps");
  if (!eV) return [];
  return [{
    symptom: "config_too_few_epochs",
    cause: "too_few_epochs",
    confidence: 0.6,
    title: `Training stopped after ${eV.value} ${eV.key === "epochs" ? "epochs" : "steps"} while the curves were still improving`,
    why: `the configured ${eV.name}=${eV.value} ended training before the loss/metrics levelled off`,
    evidence: [ev(eV)]
  }];
}
function regularizationSmells(run, cfg) {
  const out = [];
  const dV = cfg.get("dropout"), kV = cfg.get("keep_prob");
  const fw = framework(run, cfg);
  const d = num(dV), k2 = num(kV);
  if (dV && d !== void 0 && d >= MAX_DROP_PROBABILITY && d < 1) {
    const trap = fw === "mindspore" ? `; in MindSpore's Dropout the argument was keep_prob, so ${d} may mean keeping ${d * 100}% (check which one the code passes)` : "";
    out.push({
      symptom: "config_regularization",
      cause: "regularization_too_strong",
      confidence: fw === "mindspore" ? 0.35 : 0.5,
      title: `Dropout ${d}: ${Math.round(d * 100)}% of units dropped`,
      why: `a drop probability of ${d} leaves ${Math.round((1 - d) * 100)}% of the units; 0.2-0.5 is usual${trap}`,
      evidence: [ev(dV)]
    });
  }
  if (kV && k2 !== void 0 && k2 > 0 && k2 <= 1 - MAX_DROP_PROBABILITY) {
    out.push({
      symptom: "config_regularization",
      cause: "regularization_too_strong",
      confidence: 0.5,
      title: `keep_prob ${k2}: only ${Math.round(k2 * 100)}% of units kept`,
      why: `keep_prob is the share kept (1 \u2212 drop probability); ${k2} is a drop probability of ${1 - k2}`,
      evidence: [ev(kV)]
    });
  }
  const wV = cfg.get("weight_decay"), w = num(wV);
  const decoupled = /adamw/i.test(String(cfg.get("optimizer")?.value ?? ""));
  if (wV && w !== void 0 && w > (decoupled ? MAX_DECOUPLED_WEIGHT_DECAY : MAX_WEIGHT_DECAY)) {
    out.push({
      symptom: "config_regularization",
      cause: "regularization_too_strong",
      confidence: 0.45,
      title: `Weight decay ${w} is unusually strong`,
      why: `common values are 1e-3..1e-5${decoupled ? " (decoupled AdamW decay up to ~0.1)" : ""}`,
      evidence: [ev(wV)]
    });
  }
  return out;
}
function optimizerSmells(cfg) {
  const out = [];
  const optV = cfg.get("optimizer");
  const opt = optV ? String(optV.value) : "";
  const mV = cfg.get("momentum"), m = num(mV);
  if (optV && /^sgd$/i.test(opt.trim()) && mV && m === 0) {
    out.push({
      symptom: "config_optimizer",
      cause: "optimizer_unsuitable",
      confidence: 0.35,
      title: "Plain SGD without momentum",
      why: "SGD without momentum makes slow progress on most networks; momentum 0.9 or Adam is the usual baseline",
      evidence: [ev(optV), ev(mV)]
    });
  }
  if (mV && m !== void 0 && m >= 0.999 && optimizerFamily(opt) !== "adaptive") {
    out.push({
      symptom: "config_optimizer",
      cause: "optimizer_unsuitable",
      confidence: 0.4,
      title: `Momentum ${m} is extremely high`,
      why: "momentum \u2265 0.999 makes the update ignore the current gradient and oscillate; 0.9 is usual",
      evidence: [ev(mV)]
    });
  }
  const eV = cfg.get("epsilon"), e = num(eV);
  if (eV && e !== void 0 && optimizerFamily(opt) === "adaptive" && e > 0.01) {
    out.push({
      symptom: "config_optimizer",
      cause: "optimizer_unsuitable",
      confidence: 0.35,
      title: `Adam epsilon ${e} is very large`,
      why: "an epsilon this large turns Adam into a slowed-down SGD (defaults: 1e-8, Keras 1e-7)",
      evidence: [ev(eV)]
    });
  }
  return out;
}
function causeOf(s2) {
  const kb = knowledgeEntry(`cause.${s2.cause}`);
  return { code: s2.cause, confidence: s2.confidence, why: s2.why, evidence: s2.evidence, fixes: s2.fixes ?? kb?.fixes ?? [], checklist: checklistFor(s2.cause) };
}
function configFindings(run, outcome) {
  if (run.hparams.size === 0 && !run.roles.some((r) => r.role === "learning_rate")) return [];
  const cfg = normalizeConfig(run);
  const smells = [
    ...lossSmells(run, cfg),
    ...learningRateSmells(run, cfg),
    ...batchSmells(cfg),
    ...epochSmells(cfg, outcome.stillImproving),
    ...regularizationSmells(run, cfg),
    ...optimizerSmells(cfg)
  ];
  return smells.map((s2) => {
    const severity = outcome.poor ? s2.severe ? "error" : "warning" : "info";
    const base = {
      run: run.name,
      symptom: s2.symptom,
      severity,
      title: outcome.poor ? s2.title : `${s2.title} (configuration risk; the outcome does not show a problem)`,
      steps: [],
      evidence: s2.evidence,
      causes: outcome.poor ? [causeOf(s2)] : []
    };
    if (!outcome.poor) base.potentialCause = s2.cause;
    return base;
  });
}
function sameValue3(x, y) {
  if (typeof x === "number" && typeof y === "number") return x === y || Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y));
  if (typeof x === "string" && typeof y === "string") return squash(x) === squash(y);
  const nx = typeof x === "string" ? Number(x) : x, ny = typeof y === "string" ? Number(y) : y;
  if (typeof nx === "number" && typeof ny === "number" && Number.isFinite(nx) && Number.isFinite(ny)) return sameValue3(nx, ny);
  return String(x) === String(y);
}
var close2 = (x, y) => Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(x), Math.abs(y));
function compareConfigs(a, b) {
  const ca = normalizeConfig(a), cb = normalizeConfig(b);
  const fa = framework(a, ca), fb = framework(b, cb);
  const out = [];
  const usedA = /* @__PURE__ */ new Set(), usedB = /* @__PURE__ */ new Set();
  for (const v of ca.values()) usedA.add(v.name);
  for (const v of cb.values()) usedB.add(v.name);
  const keys = /* @__PURE__ */ new Set([...ca.keys(), ...cb.keys()]);
  for (const key of keys) {
    const va = ca.get(key), vb = cb.get(key);
    if (va && vb) {
      const trap = valueTrap(key, va, vb, fa, fb);
      if (!sameValue3(va.value, vb.value)) out.push({ key, nameA: va.name, nameB: vb.name, a: va.value, b: vb.value, kind: "changed", ...trap ? { trap } : {} });
      else if (trap) out.push({ key, nameA: va.name, nameB: vb.name, a: va.value, b: vb.value, kind: "trap", trap });
    } else {
      const v = va ?? vb;
      const trap = missingTrap(key, v, va ? fb : fa);
      out.push({ key, ...va ? { nameA: va.name, a: va.value, kind: "only_a" } : { nameB: vb.name, b: vb.value, kind: "only_b" }, ...trap ? { trap } : {} });
    }
  }
  const dA = num(ca.get("dropout")), kB = num(cb.get("keep_prob")), kA = num(ca.get("keep_prob")), dB = num(cb.get("dropout"));
  for (const [d, k2, dn, kn, dSide] of [[dA, kB, ca.get("dropout")?.name, cb.get("keep_prob")?.name, "a"], [dB, kA, cb.get("dropout")?.name, ca.get("keep_prob")?.name, "b"]]) {
    if (d === void 0 || k2 === void 0) continue;
    const note = close2(d, 1 - k2) ? `keep vs drop probability: ${kn}=${k2} keeps ${k2 * 100}% = ${dn}=${d} drop probability; the same setting` : `keep vs drop probability: ${kn}=${k2} is a drop probability of ${+(1 - k2).toFixed(6)}, not ${d}`;
    for (const diff of out) if ((diff.key === "dropout" || diff.key === "keep_prob") && (dSide === "a" ? diff.nameA === dn || diff.nameB === kn : diff.nameB === dn || diff.nameA === kn)) diff.trap = note;
  }
  const rawA = /* @__PURE__ */ new Map(), rawB = /* @__PURE__ */ new Map();
  for (const h of a.hparams.values()) if (!usedA.has(h.name)) rawA.set(h.name, h);
  for (const h of b.hparams.values()) if (!usedB.has(h.name)) rawB.set(h.name, h);
  for (const name of /* @__PURE__ */ new Set([...rawA.keys(), ...rawB.keys()])) {
    const ha = rawA.get(name), hb = rawB.get(name);
    if (ha && hb) {
      if (!sameValue3(ha.value, hb.value)) out.push({ key: name, nameA: name, nameB: name, a: ha.value, b: hb.value, kind: "changed" });
    } else if (ha) out.push({ key: name, nameA: name, a: ha.value, kind: "only_a" });
    else out.push({ key: name, nameB: name, b: hb.value, kind: "only_b" });
  }
  const lrA = num(ca.get("learning_rate")), lrB = num(cb.get("learning_rate")), bsA = num(ca.get("batch_size")), bsB = num(cb.get("batch_size"));
  if (lrA && lrB && bsA && bsB && !close2(bsA, bsB) && !close2(lrA / bsA, lrB / bsB)) {
    const d = out.find((x) => x.key === "batch_size");
    const note = `batch size changed ${bsA} \u2192 ${bsB} but learning rate / batch size changed ${+(lrA / bsA).toPrecision(3)} \u2192 ${+(lrB / bsB).toPrecision(3)}; the linear scaling rule keeps it constant (lr ${+(lrA * bsB / bsA).toPrecision(3)} for batch ${bsB})`;
    if (d) d.trap = d.trap ? `${d.trap}; ${note}` : note;
  }
  const order = (d) => d.trap ? 0 : 1;
  return out.sort((x, y) => order(x) - order(y) || x.key.localeCompare(y.key));
}
function valueTrap(key, va, vb, fa, fb) {
  const x = num(va), y = num(vb);
  if (key === "bn_momentum" && x !== void 0 && y !== void 0) {
    if (close2(x, 1 - y) && !close2(x, y)) return `BatchNorm momentum ${x} vs ${y}: MindSpore/TensorFlow/Keras give the running-average decay (0.9), PyTorch the weight of the new batch (0.1); ${x} and ${y} are the same setting if the two runs use different frameworks${fa !== fb && fa !== "unknown" && fb !== "unknown" ? ` (${fa} vs ${fb})` : ""}`;
    if (close2(x, y) && fa !== fb && fa !== "unknown" && fb !== "unknown" && (fa === "pytorch" || fb === "pytorch")) return `BatchNorm momentum ${x} in both runs, but ${fa} and ${fb} define it oppositely (decay vs new-batch weight): the effective settings differ (${x} vs ${+(1 - x).toFixed(6)})`;
  }
  if (key === "dropout" && x !== void 0 && y !== void 0) {
    if (close2(x, 1 - y) && !close2(x, y)) return `dropout ${x} vs ${y}: one may be a keep probability (MindSpore's Dropout keep_prob) and the other a drop probability; check the argument each framework takes`;
    if (close2(x, y) && fa === "mindspore" !== (fb === "mindspore") && fa !== "unknown" && fb !== "unknown") return `dropout ${x} in both runs, but MindSpore's Dropout took keep_prob while ${fa === "mindspore" ? fb : fa} takes the drop probability`;
  }
  if (key === "epsilon" && x !== void 0 && y !== void 0 && !close2(x, y)) return `optimizer epsilon ${x} vs ${y}: framework defaults differ (PyTorch/MindSpore Adam 1e-8, Keras 1e-7); it changes the effective step size of small-gradient parameters`;
  if (key === "weight_init" && !sameValue3(va.value, vb.value)) return "weight initialisation differs: Xavier suits tanh/sigmoid, Kaiming suits ReLU; framework defaults differ too (checklist wi.05, api.01)";
  if (key === "keep_prob" && x !== void 0 && y !== void 0 && !close2(x, y)) return `keep_prob ${x} vs ${y}: drop probabilities ${+(1 - x).toFixed(6)} vs ${+(1 - y).toFixed(6)}`;
  return void 0;
}
function missingTrap(key, v, otherFramework) {
  const other = otherFramework === "unknown" ? "the other run's framework" : otherFramework;
  switch (key) {
    case "weight_init":
      return `the other run does not record its initialisation, so ${other}'s default applies (MindSpore Conv2d/Dense: Normal(0, 0.01) or TruncatedNormal, no Conv2d bias; PyTorch: Kaiming-uniform with bias) \u2014 checklist wi.05`;
    case "epsilon":
      return `the other run uses ${other}'s default epsilon (PyTorch/MindSpore 1e-8, Keras 1e-7)`;
    case "bn_momentum":
      return `the other run uses ${other}'s default BatchNorm momentum (0.9 decay in MindSpore/TF/Keras = 0.1 new-batch weight in PyTorch; Keras 0.99)`;
    case "dropout":
    case "keep_prob":
      return `the other run does not record dropout; check whether its code passes a keep or a drop probability (${v.name}=${v.value})`;
    case "momentum":
      return `the other run uses ${other}'s default momentum (PyTorch SGD 0, MindSpore Momentum requires one)`;
    default:
      return void 0;
  }
}

// src/diagnose/engine.ts
var RANK = { error: 0, warning: 1, info: 2 };
var CURVE_JUDGED = /* @__PURE__ */ new Set(["too_few_epochs", "too_many_epochs"]);
function diagnoseRun(run) {
  const name = run.name;
  let ctx;
  try {
    const s2 = computeSignals(run);
    ctx = { run: name, s: s2, outcome: outcomeOf(s2) };
  } catch (e) {
    return [{ run: name, symptom: "diagnosis_failed", severity: "info", title: `Could not compute the signals of this run: ${e.message}`, steps: [], evidence: [{ source: "run", note: String(e.stack ?? e).slice(0, 400) }], causes: [] }];
  }
  const findings = [];
  const degenerate = !ctx.s.train && !ctx.s.val;
  for (const { name: ruleName, rule } of RULES) {
    if (degenerate && ruleName !== "missing_data" && ruleName !== "layers" && ruleName !== "non_finite") continue;
    try {
      findings.push(...rule(ctx));
    } catch (e) {
      findings.push({ run: name, symptom: "diagnosis_failed", severity: "info", title: `Rule ${ruleName} failed on this run: ${e.message}`, steps: [], evidence: [{ source: "run", note: String(e.stack ?? e).slice(0, 400) }], causes: [] });
    }
  }
  try {
    const poor = ctx.outcome.poor || ctx.outcome.slow || lossLagsAccuracy(ctx.s);
    const curveCauses = new Set(findings.filter((f) => f.severity !== "info").flatMap((f) => f.causes.map((c2) => c2.code)));
    for (const f of configFindings(run, { poor, stillImproving: ctx.s.trainStillImproving })) {
      f.configCheck = true;
      const curvesJudge = f.causes.some((c2) => CURVE_JUDGED.has(c2.code));
      if ((curveCauses.size > 0 || curvesJudge) && f.severity === "warning" && !f.causes.some((c2) => curveCauses.has(c2.code))) {
        f.potentialCause = f.causes[0]?.code;
        f.severity = "info";
        f.causes = [];
      }
      findings.push(f);
    }
  } catch (e) {
    findings.push({ run: name, symptom: "diagnosis_failed", severity: "info", title: `Configuration checks failed on this run: ${e.message}`, steps: [], evidence: [], causes: [] });
  }
  if (run.failed) findings.push({ run: name, symptom: "run_unreadable", severity: "info", title: "Reading this run failed; the diagnosis only sees what could be read", steps: [], evidence: run.problems.slice(0, 3).map((p) => ({ source: "run", note: `${p.file}: ${p.code}: ${p.message}` })), causes: [] });
  return orderFindings(consolidate(dedupe(findings)));
}
function lossLagsAccuracy(s2) {
  const tr = s2.train ?? s2.val;
  const acc = s2.valAcc ?? s2.trainAcc;
  if (!tr || !acc || acc.n < 3) return false;
  return acc.last - acc.first >= 2 * T2.accuracyGain.value && tr.relImprovement < T2.slowConvergenceRel.value;
}
var EXPLAINS = {
  insufficient_data: ["label_noise", "batch_size_too_large"],
  repeated_batch: ["overfitting", "label_noise", "too_few_epochs", "learning_rate_too_low"],
  label_noise: ["overfitting", "too_many_epochs", "learning_rate_too_low", "weight_init_zero", "dead_relu"],
  class_imbalance: ["overfitting", "too_many_epochs", "learning_rate_too_low"],
  learning_rate_too_high: ["overfitting", "too_many_epochs", "dead_relu", "vanishing_gradient", "learning_rate_too_low", "weight_init_too_large", "input_not_normalized"],
  numerical_instability: ["learning_rate_too_low", "overfitting"],
  exploding_gradient: ["learning_rate_too_low", "overfitting", "dead_relu"],
  vanishing_gradient: ["learning_rate_too_low", "weights_frozen", "weight_init_zero"],
  dead_relu: ["vanishing_gradient", "learning_rate_too_low", "weight_init_zero", "weights_frozen"],
  weight_init_zero: ["dead_relu", "vanishing_gradient", "learning_rate_too_low", "weights_frozen"],
  weight_init_too_large: ["input_not_normalized", "dead_relu", "overfitting", "learning_rate_too_low"],
  input_not_normalized: ["overfitting", "learning_rate_too_low", "dead_relu"],
  wrong_loss_function: ["dead_relu", "weight_init_zero", "learning_rate_too_low", "too_few_epochs"],
  batch_size_too_large: ["learning_rate_too_low", "weight_init_zero", "dead_relu", "vanishing_gradient"],
  weights_frozen: ["learning_rate_too_low", "learning_rate_too_high", "dead_relu", "weight_init_zero", "vanishing_gradient", "label_noise", "batch_size_too_large", "too_few_epochs", "class_imbalance"],
  data_not_shuffled: ["overfitting", "learning_rate_too_high", "label_noise"],
  too_few_epochs: ["learning_rate_too_low"]
};
var EXPLAIN_MIN_CONFIDENCE = 0.55;
function consolidate(fs10) {
  const strong = /* @__PURE__ */ new Set();
  for (const f of fs10) if (f.severity !== "info" && (!f.configCheck || f.severity === "error")) {
    for (const c2 of f.causes) if (c2.confidence >= EXPLAIN_MIN_CONFIDENCE) strong.add(c2.code);
  }
  const explained = (code) => [...strong].some((k2) => k2 !== code && EXPLAINS[k2]?.includes(code) && !(EXPLAINS[code]?.includes(k2) && confidenceOf(fs10, code) > confidenceOf(fs10, k2)));
  for (const f of fs10) {
    if (f.severity === "info" || f.causes.length === 0) continue;
    const kept = f.causes.filter((c2) => !explained(c2.code));
    if (kept.length === 0) {
      const by = f.causes.map((c2) => [...strong].find((k2) => EXPLAINS[k2]?.includes(c2.code))).filter(Boolean);
      f.severity = "info";
      f.explainedBy = [...new Set(by)];
      f.causes = [];
    } else f.causes = kept;
  }
  return fs10;
}
function confidenceOf(fs10, code) {
  let m = 0;
  for (const f of fs10) if (f.severity !== "info") {
    for (const c2 of f.causes) if (c2.code === code && c2.confidence > m) m = c2.confidence;
  }
  return m;
}
function dedupe(fs10) {
  const by = /* @__PURE__ */ new Map();
  for (const f of fs10) {
    f.causes.sort((a, b) => b.confidence - a.confidence);
    const prev = by.get(f.symptom);
    if (!prev || RANK[f.severity] < RANK[prev.severity]) by.set(f.symptom, f);
  }
  return [...by.values()];
}
function orderFindings(fs10) {
  return fs10.sort((a, b) => RANK[a.severity] - RANK[b.severity] || (b.causes[0]?.confidence ?? 0) - (a.causes[0]?.confidence ?? 0));
}

// src/diagnose/report.ts
var DIAGNOSIS_TOOL_VERSION = "0.1.0";
function runSummary(run) {
  const sources = [];
  for (const d of run.dirs) for (const s2 of d.sources) sources.push(s2.path);
  const roles = {};
  const v = buildRunView(run);
  const single = [
    ["train_loss", v.trainLoss],
    ["val_loss", v.valLoss],
    ["train_accuracy", v.trainAcc],
    ["val_accuracy", v.valAcc],
    ["learning_rate", v.lr],
    ["epoch", v.epoch],
    ["grad_norm_total", v.gradNormTotal]
  ];
  for (const [role, c2] of single) if (c2) roles[role] = c2.key;
  return { run: run.name, sources, roles };
}
function diagnoseExperiment(exp) {
  const report = { schema: 1, tool: { name: "trainscope", version: DIAGNOSIS_TOOL_VERSION }, runs: [], findings: [] };
  for (const run of exp.runs) {
    report.runs.push(runSummary(run));
    report.findings.push(...diagnoseRun(run));
  }
  return report;
}

// src/diagnose/tensor_stats.ts
var ROLE_MAP = { weight_hist: "weight", grad_hist: "gradient", activation_hist: "activation" };
function roleFromTag(tag) {
  if (/(^|[/._])(grads?|gradients?)($|[/._:])/i.test(tag)) return "gradient";
  if (/(^|[/._])(acts?|activations?|outputs?|out)($|[/._:])/i.test(tag)) return "activation";
  if (/(^|[/._])(tanh|sigmoid|relu\d*)($|[/._:\d])/i.test(tag)) return "activation";
  if (/(^|[/._])(weights?|bias(es)?|kernel(_0)?|gamma|beta|embeddings?|params?|parameters)($|[/._:])/i.test(tag)) return "weight";
  return "other";
}
function activationKind(name) {
  const n = name.toLowerCase();
  if (/tanh/.test(n)) return "tanh";
  if (/sigmoid|logistic/.test(n)) return "sigmoid";
  if (/(^|[^a-z])(leaky_?relu|prelu|[sg]?elu)/.test(n) || /leaky|prelu|gelu|selu/.test(n)) return void 0;
  if (/relu/.test(n)) return "relu";
  return void 0;
}
function statSeries(run) {
  const roleOf2 = /* @__PURE__ */ new Map();
  for (const a of run.roles ?? []) {
    if (a.kind === "scalar") continue;
    const r = ROLE_MAP[a.role];
    roleOf2.set(`${a.kind}\0${a.key}`, { role: r ?? "other", layer: a.layer });
  }
  const out = [];
  const hidden = configuredHiddenActivation(run);
  const add = (key, kind, pts) => {
    if (pts.length === 0) return;
    const assigned = roleOf2.get(`${kind}\0${key}`);
    const role = assigned && assigned.role !== "other" ? assigned.role : roleFromTag(key);
    const layer = assigned?.layer;
    const named = `${key} ${layer ?? ""}`;
    const activation = role !== "activation" ? void 0 : activationKind(named) ?? (hidden && !OUTPUT_LAYER.test(named) ? hidden : void 0);
    out.push({ key, kind, role, layer, activation, points: lastPerStep(pts) });
  };
  for (const [key, s2] of runHistograms(run)) add(key, "histogram", s2.points.map((h) => ({ step: h.step, hist: h })));
  for (const [key, s2] of runTensors(run)) {
    add(key, "tensor", s2.points.filter((t2) => t2.values instanceof Float64Array && t2.values.length > 0).map((t2) => ({ step: t2.step, values: t2.values })));
  }
  return out;
}
var OUTPUT_LAYER = /(^|[/._\s])(out|output|outputs|logits?|head|final|pred|preds|predictions?|classifier|fc_?out)($|[/._\s\d])/i;
function configuredHiddenActivation(run) {
  for (const h of run.hparams.values()) {
    const last = h.name.split(/[./:]/).pop().toLowerCase().replace(/[_\-\s]/g, "");
    if (!["activation", "act", "activationfn", "hiddenactivation", "nonlinearity"].includes(last)) continue;
    if (typeof h.value === "string") return activationKind(h.value);
  }
  return void 0;
}
function lastPerStep(pts) {
  const by = /* @__PURE__ */ new Map();
  for (const p of pts) by.set(p.step, p);
  return [...by.values()].sort((a, b) => a.step - b.step);
}
function exactStats(v) {
  let n = 0, mean = 0, m2 = 0, abs = 0, zeros = 0, nan = 0, pos = 0, neg = 0;
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) {
      if (x !== x) nan++;
      else if (x > 0) pos++;
      else neg++;
      continue;
    }
    n++;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
    abs += Math.abs(x);
    if (x === 0) zeros++;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (n === 0) return { count: 0, min: NaN, max: NaN, mean: NaN, std: NaN, absMean: NaN, zeroPct: NaN, nan, posInf: pos, negInf: neg, exact: true };
  return { count: n, min, max, mean, std: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0, absMean: abs / n, zeroPct: 100 * zeros / n, nan, posInf: pos, negInf: neg, exact: true };
}
function histBuckets(h) {
  const lo = Number.isFinite(h.min) ? h.min : -Infinity;
  const hi = Number.isFinite(h.max) ? h.max : Infinity;
  const out = [];
  let first = Infinity, last = -Infinity;
  for (let i = 0; i < h.counts.length; i++) {
    if (!(h.counts[i] > 0)) continue;
    const l = Math.max(h.lefts[i], lo), r = Math.min(h.rights[i], hi);
    first = Math.min(first, Number.isFinite(l) ? l : Number.isFinite(h.rights[i]) ? h.rights[i] : first);
    last = Math.max(last, Number.isFinite(r) ? r : Number.isFinite(h.lefts[i]) ? h.lefts[i] : last);
    out.push({ l, r, c: h.counts[i] });
  }
  const span = Number.isFinite(last - first) ? last - first : 0;
  for (const b of out) {
    if (!Number.isFinite(b.l)) b.l = Number.isFinite(b.r) ? b.r : 0;
    if (!Number.isFinite(b.r)) b.r = b.l;
    if (b.r < b.l) b.r = b.l;
    const w = b.r - b.l;
    if (w === 0) b.point = b.l;
    else if (b.l <= 0 && 0 <= b.r && (b.l === 0 || b.r === 0 || w <= 1e-6 * span)) b.point = 0;
  }
  if (out.length && lo === hi && Number.isFinite(lo)) for (const b of out) b.point = lo;
  return out;
}
function histNonFinite(h) {
  let { nan, posInf, negInf } = h.nonFinite;
  if (nan + posInf + negInf === 0) {
    let inBuckets = 0;
    for (let i = 0; i < h.counts.length; i++) inBuckets += h.counts[i] > 0 ? h.counts[i] : 0;
    if (Number.isFinite(h.num) && h.num - inBuckets >= 1) nan = Math.round(h.num - inBuckets);
    if (h.max === Infinity) posInf = Math.max(posInf, 1);
    if (h.min === -Infinity) negInf = Math.max(negInf, 1);
  }
  return { nan, posInf, negInf };
}
function histogramStats(h) {
  const bs = histBuckets(h);
  const nf = histNonFinite(h);
  let n = 0;
  for (const b of bs) n += b.c;
  if (n === 0) return { count: 0, min: NaN, max: NaN, mean: NaN, std: NaN, absMean: NaN, zeroPct: NaN, ...nf, exact: false };
  let sMid = 0, sMid2 = 0, sAbs = 0, zeros = 0;
  for (const b of bs) {
    const mid = b.point ?? (b.l + b.r) / 2;
    sMid += mid * b.c;
    sMid2 += mid * mid * b.c;
    const absMid = b.point !== void 0 ? Math.abs(b.point) : b.l >= 0 || b.r <= 0 ? Math.abs(mid) : (b.l * b.l + b.r * b.r) / (2 * (b.r - b.l));
    sAbs += absMid * b.c;
    if (b.point === 0) zeros += b.c;
  }
  const min = Number.isFinite(h.min) ? h.min : bs[0].l;
  const max = Number.isFinite(h.max) ? h.max : bs[bs.length - 1].r;
  let mean = sMid / n;
  let variance = Math.max(0, sMid2 / n - mean * mean);
  if (Number.isFinite(h.sum)) {
    mean = h.sum / n;
    if (Number.isFinite(h.sumSquares)) variance = Math.max(0, h.sumSquares / n - mean * mean);
  }
  if (min === 0 && max === 0) zeros = n;
  return { count: n, min, max, mean, std: Math.sqrt(variance * (n > 1 ? n / (n - 1) : 1)), absMean: sAbs / n, zeroPct: 100 * zeros / n, ...nf, exact: false };
}
function rangePercentage(p, start, end) {
  if (p.values) {
    let inside2 = 0;
    for (let i = 0; i < p.values.length; i++) {
      const x = p.values[i];
      if (x >= start && x <= end) inside2++;
    }
    return p.values.length ? 100 * inside2 / p.values.length : NaN;
  }
  const h = p.hist;
  const bs = histBuckets(h);
  const nf = histNonFinite(h);
  let n = nf.nan + nf.posInf + nf.negInf, inside = 0;
  for (const b of bs) {
    n += b.c;
    if (b.point !== void 0 ? b.point >= start && b.point <= end : b.l >= start && b.r <= end) inside += b.c;
  }
  if (start === -Infinity) inside += nf.negInf;
  if (end === Infinity) inside += nf.posInf;
  return n ? 100 * inside / n : NaN;
}
function pointStats(p) {
  return p.values ? exactStats(p.values) : histogramStats(p.hist);
}
function tensorStats(run) {
  const rows = [];
  for (const s2 of statSeries(run)) {
    for (const p of s2.points) {
      rows.push({ tag: s2.key, kind: s2.kind, role: s2.role, ...s2.layer ? { layer: s2.layer } : {}, step: p.step, ...pointStats(p) });
    }
  }
  return rows;
}

// src/diagnose/watch_conditions.ts
var LARGE = [
  { name: "abs_mean_gt", kind: "abs", description: "mean |x| greater than" },
  { name: "max_gt", kind: "normal", description: "max greater than" },
  { name: "min_gt", kind: "normal", description: "min greater than" },
  { name: "mean_gt", kind: "normal", description: "mean greater than" }
];
var SMALL = [
  { name: "abs_mean_lt", kind: "abs", description: "mean |x| less than" },
  { name: "max_lt", kind: "normal", description: "max less than" },
  { name: "min_lt", kind: "normal", description: "min less than" },
  { name: "mean_lt", kind: "normal", description: "mean less than" }
];
var RANGE = [
  { name: "range_start_inclusive", kind: "support", description: "range start (inclusive; \u2212\u221E when unset)" },
  { name: "range_end_inclusive", kind: "support", description: "range end (inclusive; +\u221E when unset)" },
  { name: "range_percentage_lt", kind: "pct", description: "percentage of values inside the range less than" },
  { name: "range_percentage_gt", kind: "pct", description: "percentage of values inside the range greater than" },
  { name: "max_min_lt", kind: "pos", description: "max \u2212 min less than" },
  { name: "max_min_gt", kind: "abs", description: "max \u2212 min greater than" }
];
var ZERO = [{ name: "zero_percentage_ge", kind: "pct", default: 100, description: "percentage of exact zeros at least" }];
var WATCH_CONDITIONS = [
  { name: "tensor_overflow", target: "tensor", check: "overflow", params: [], description: "Any tensor, histogram or scalar holds NaN, +Inf or \u2212Inf." },
  { name: "tensor_too_large", target: "tensor", check: "too_large", params: LARGE, description: "A tensor's mean |x|, max, min or mean is above the given value." },
  { name: "tensor_too_small", target: "tensor", check: "too_small", params: SMALL, description: "A tensor's mean |x|, max, min or mean is below the given value." },
  { name: "tensor_all_zero", target: "tensor", check: "all_zero", params: ZERO, description: "The share of exact zeros reaches the given percentage (biases at their first step are skipped: they start at zero by design)." },
  { name: "tensor_range", target: "tensor", check: "range", params: RANGE, description: "The share of values inside [start, end] is below/above a percentage, or max \u2212 min is below/above a value." },
  { name: "weight_initialization", target: "weight", check: "initialization", params: [...ZERO, { name: "max_gt", kind: "normal", description: "max greater than" }, { name: "min_lt", kind: "normal", description: "min less than" }], description: "At the first recorded step, a weight is all zero (biases skipped) or outside [min, max]." },
  { name: "weight_overflow", target: "weight", check: "overflow", params: [], description: "A weight holds NaN or \xB1Inf." },
  { name: "weight_too_large", target: "weight", check: "too_large", params: LARGE, description: "A weight's mean |x|, max, min or mean is above the given value." },
  { name: "weight_too_small", target: "weight", check: "too_small", params: SMALL, description: "A weight's mean |x|, max, min or mean is below the given value." },
  { name: "weight_not_changed", target: "weight", check: "not_changed", params: [
    { name: "rtol", kind: "abs", default: 1e-5, description: "relative tolerance" },
    { name: "atol", kind: "abs", default: 1e-8, description: "absolute tolerance" }
  ], description: "Every element satisfies |cur \u2212 prev| \u2264 atol + rtol\xB7|prev| between two recorded steps (histograms: identical buckets and min/max/sum within tolerance)." },
  { name: "weight_change_too_large", target: "weight", check: "change_too_large", params: [
    { name: "abs_mean_update_ratio_gt", kind: "abs", default: 0.1, description: "mean |cur \u2212 prev| / (mean |prev| + epsilon) greater than" },
    { name: "epsilon", kind: "abs", default: 1e-9, description: "offset in the denominator" }
  ], description: "Mean absolute update ratio between two recorded steps above the threshold (histograms: a lower bound from the distance between the two distributions)." },
  { name: "weight_change_too_small", target: "weight", check: "change_too_small", params: [
    { name: "abs_mean_update_ratio_lt", kind: "abs", default: 1e-4, description: "mean |cur \u2212 prev| / (mean |prev| + epsilon) less than" },
    { name: "epsilon", kind: "abs", default: 1e-9, description: "offset in the denominator" }
  ], description: "Mean absolute update ratio between two recorded steps below the threshold." },
  { name: "gradient_vanishing", target: "gradient", check: "too_small", params: SMALL.map((p) => p.name === "abs_mean_lt" ? { ...p, default: 1e-9 } : p), description: "A gradient's mean |x| (or max/min/mean) is below the given value (default mean |g| < 1e-9)." },
  { name: "gradient_too_large", target: "gradient", check: "too_large", params: LARGE, description: "A gradient's mean |x|, max, min or mean is above the given value." },
  { name: "gradient_exploding", target: "gradient", check: "overflow", params: [], description: "A gradient holds NaN or \xB1Inf." },
  { name: "activation_range", target: "activation", check: "range", params: RANGE, description: "An activation's share of values inside [start, end] is below/above a percentage (saturation, dead ReLU)." }
];
function conditionSpec(name) {
  return WATCH_CONDITIONS.find((c2) => c2.name === name);
}
var TANH_LIMIT = Math.tanh(8.8);
var SIGMOID = (x) => 1 / (1 + Math.exp(-x));
var RECOMMENDED_WATCHPOINTS = [
  { id: "recommend_tensor_overflow", name: "tensor_overflow", params: {} },
  { id: "recommend_tensor_all_zero", name: "tensor_all_zero", params: { zero_percentage_ge: 100 } },
  { id: "recommend_weight_initialization", name: "weight_initialization", params: { zero_percentage_ge: 100 } },
  { id: "recommend_weight_change_too_large", name: "weight_change_too_large", params: { abs_mean_update_ratio_gt: 1 }, skipBiases: true },
  { id: "recommend_gradient_vanishing", name: "gradient_vanishing", params: { abs_mean_lt: 1e-9 } },
  {
    id: "recommend_tanh_activation_range",
    name: "activation_range",
    activation: "tanh",
    params: { range_start_inclusive: -TANH_LIMIT, range_end_inclusive: TANH_LIMIT, range_percentage_lt: 0.1 }
  },
  {
    id: "recommend_sigmoid_activation_range",
    name: "activation_range",
    activation: "sigmoid",
    params: { range_start_inclusive: SIGMOID(-16.2), range_end_inclusive: SIGMOID(16.2), range_percentage_lt: 0.1 }
  },
  {
    id: "recommend_relu_activation_range",
    name: "activation_range",
    activation: "relu",
    params: { range_start_inclusive: -1, range_end_inclusive: 0, range_percentage_gt: 99.9 }
  }
];
var WATCH_PRESETS = {
  tanh_saturation: RECOMMENDED_WATCHPOINTS[5],
  sigmoid_saturation: RECOMMENDED_WATCHPOINTS[6],
  dead_relu: RECOMMENDED_WATCHPOINTS[7]
};
function validateCondition(c2) {
  const spec = conditionSpec(c2.name);
  if (!spec) return [`unknown condition "${c2.name}" (known: ${WATCH_CONDITIONS.map((x) => x.name).join(", ")})`];
  const errs = [];
  for (const [k2, v] of Object.entries(c2.params ?? {})) {
    const p = spec.params.find((x) => x.name === k2);
    if (!p) {
      errs.push(`${c2.name}: unknown parameter "${k2}" (accepted: ${spec.params.map((x) => x.name).join(", ") || "none"})`);
      continue;
    }
    const ok = p.kind === "pct" ? v >= 0 && v <= 100 : p.kind === "abs" ? v >= 0 && v < Infinity : p.kind === "pos" ? v > 0 && v < Infinity : Number.isFinite(v);
    if (!ok) errs.push(`${c2.name}: ${k2}=${v} out of range (${p.kind})`);
  }
  const eff = effectiveParams(c2);
  const needsOne = spec.params.filter((p) => p.kind !== "support" && p.name !== "epsilon" && p.name !== "atol");
  if (needsOne.length && !needsOne.some((p) => eff[p.name] !== void 0)) {
    errs.push(`${c2.name}: needs at least one of ${needsOne.map((p) => p.name).join(", ")}`);
  }
  if ((eff.range_percentage_lt !== void 0 || eff.range_percentage_gt !== void 0) && eff.range_start_inclusive === void 0 && eff.range_end_inclusive === void 0) {
    errs.push(`${c2.name}: range_percentage_* needs range_start_inclusive and/or range_end_inclusive`);
  }
  return errs;
}
function effectiveParams(c2) {
  const spec = conditionSpec(c2.name);
  const out = {};
  for (const p of spec?.params ?? []) if (p.default !== void 0) out[p.name] = p.default;
  return { ...out, ...c2.params ?? {} };
}

// src/diagnose/watchpoints.ts
var TARGET_ROLE = { weight: "weight", gradient: "gradient", activation: "activation", tensor: void 0 };
function isBias(s2) {
  return [s2.key, s2.layer ?? ""].some((n) => /(^|[/._])(bias(es)?|bias_0|beta)($|[/._:])/i.test(n));
}
function evaluateWatchpoints(run, conditions = RECOMMENDED_WATCHPOINTS) {
  for (const c2 of conditions) {
    const errs = validateCondition(c2);
    if (errs.length) throw new Error(`invalid watchpoint: ${errs.join("; ")}`);
  }
  const series = statSeries(run);
  const statCache = /* @__PURE__ */ new Map();
  const stats = (p) => {
    let s2 = statCache.get(p);
    if (!s2) {
      s2 = pointStats(p);
      statCache.set(p, s2);
    }
    return s2;
  };
  const hits = [];
  for (const c2 of conditions) {
    const spec = conditionSpec(c2.name);
    const params = effectiveParams(c2);
    const re = c2.match !== void 0 ? new RegExp(c2.match) : void 0;
    const targetRole = TARGET_ROLE[spec.target];
    const base = (s2, step, exact) => ({
      step,
      tag: s2.key,
      condition: c2.name,
      exact,
      role: s2.role,
      ...s2.layer ? { layer: s2.layer } : {},
      ...c2.id ? { watchpoint: c2.id } : {}
    });
    for (const s2 of series) {
      if (targetRole && s2.role !== targetRole) continue;
      if (c2.activation && s2.activation !== c2.activation) continue;
      if (re && !re.test(s2.key) && !(s2.layer && re.test(s2.layer))) continue;
      const exact = s2.kind === "tensor";
      s2.points.forEach((p, i) => {
        const st = stats(p);
        const nonFinite = st.nan + st.posInf + st.negInf;
        if (spec.check === "overflow") {
          if (nonFinite > 0) hits.push({ ...base(s2, p.step, exact), param: "non_finite_count", actual: nonFinite, threshold: 0, nonFinite: { nan: st.nan, posInf: st.posInf, negInf: st.negInf } });
          return;
        }
        if (nonFinite > 0 || st.count === 0) return;
        const prev = i > 0 ? s2.points[i - 1] : void 0;
        switch (spec.check) {
          case "too_large":
          case "too_small":
            for (const [name, stat] of [["abs_mean", st.absMean], ["max", st.max], ["min", st.min], ["mean", st.mean]]) {
              const k2 = `${name}_${spec.check === "too_large" ? "gt" : "lt"}`;
              const t2 = params[k2];
              if (t2 !== void 0 && compare(stat, k2, t2)) hits.push({ ...base(s2, p.step, exact), param: k2, actual: stat, threshold: t2 });
            }
            break;
          case "all_zero": {
            if (i === 0 && s2.role === "weight" && isBias(s2)) break;
            const t2 = params.zero_percentage_ge;
            if (t2 !== void 0 && st.zeroPct >= t2) hits.push({ ...base(s2, p.step, exact), param: "zero_percentage_ge", actual: st.zeroPct, threshold: t2 });
            break;
          }
          case "initialization": {
            if (i !== 0) break;
            const z = params.zero_percentage_ge;
            if (z !== void 0 && !isBias(s2) && st.zeroPct >= z) hits.push({ ...base(s2, p.step, exact), param: "zero_percentage_ge", actual: st.zeroPct, threshold: z });
            if (params.max_gt !== void 0 && st.max > params.max_gt) hits.push({ ...base(s2, p.step, exact), param: "max_gt", actual: st.max, threshold: params.max_gt });
            if (params.min_lt !== void 0 && st.min < params.min_lt) hits.push({ ...base(s2, p.step, exact), param: "min_lt", actual: st.min, threshold: params.min_lt });
            break;
          }
          case "range":
            for (const h of rangeHits(params, st.max - st.min, () => rangePercentage(p, params.range_start_inclusive ?? -Infinity, params.range_end_inclusive ?? Infinity))) {
              hits.push({ ...base(s2, p.step, exact), ...h });
            }
            break;
          case "not_changed": {
            if (!prev || nonFiniteCount(prev, stats) > 0) break;
            const r = notChanged(prev, p, params.rtol ?? 1e-5, params.atol ?? 1e-8);
            if (r.unchanged) hits.push({ ...base(s2, p.step, exact), param: "rtol", actual: r.maxRelChange, threshold: params.rtol ?? 1e-5, prevStep: prev.step });
            break;
          }
          case "change_too_large":
          case "change_too_small": {
            if (c2.skipBiases && isBias(s2)) break;
            if (!prev || nonFiniteCount(prev, stats) > 0 || !(stats(prev).absMean > 0)) break;
            const ratio = updateRatio(prev, p, params.epsilon ?? 1e-9, stats);
            if (ratio === void 0) break;
            const k2 = spec.check === "change_too_large" ? "abs_mean_update_ratio_gt" : "abs_mean_update_ratio_lt";
            const t2 = params[k2];
            if (t2 !== void 0 && compare(ratio, k2, t2)) hits.push({ ...base(s2, p.step, exact), param: k2, actual: ratio, threshold: t2, prevStep: prev.step });
            break;
          }
        }
      });
    }
    if (spec.target === "tensor" && spec.check !== "all_zero") {
      for (const [key, sc] of runScalars(run)) {
        if (re && !re.test(key)) continue;
        const steps = sc.steps, values = sc.values;
        const sb = { tag: key, condition: c2.name, exact: true, role: "scalar", ...c2.id ? { watchpoint: c2.id } : {} };
        for (let i = 0; i < sc.length; i++) {
          const v = values[i];
          if (spec.check === "overflow") {
            if (!Number.isFinite(v)) {
              hits.push({ ...sb, step: steps[i], param: "non_finite_count", actual: 1, threshold: 0, nonFinite: { nan: v !== v ? 1 : 0, posInf: v === Infinity ? 1 : 0, negInf: v === -Infinity ? 1 : 0 } });
            }
            continue;
          }
          if (!Number.isFinite(v)) continue;
          if (spec.check === "too_large" || spec.check === "too_small") {
            const suf = spec.check === "too_large" ? "gt" : "lt";
            for (const [name, stat] of [["abs_mean", Math.abs(v)], ["max", v], ["min", v], ["mean", v]]) {
              const k2 = `${name}_${suf}`;
              const t2 = params[k2];
              if (t2 !== void 0 && compare(stat, k2, t2)) hits.push({ ...sb, step: steps[i], param: k2, actual: stat, threshold: t2 });
            }
          } else if (spec.check === "range") {
            const lo = params.range_start_inclusive ?? -Infinity, hi = params.range_end_inclusive ?? Infinity;
            for (const h of rangeHits(params, 0, () => v >= lo && v <= hi ? 100 : 0)) hits.push({ ...sb, step: steps[i], ...h });
          }
        }
      }
    }
  }
  hits.sort((a, b) => a.step - b.step || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return hits;
}
function compare(v, param, t2) {
  if (v !== v) return false;
  if (param.endsWith("_gt")) return v > t2;
  if (param.endsWith("_lt")) return v < t2;
  if (param.endsWith("_ge")) return v >= t2;
  if (param.endsWith("_le")) return v <= t2;
  return false;
}
function rangeHits(params, maxMin, pct2) {
  const out = [];
  if (params.range_percentage_lt !== void 0 || params.range_percentage_gt !== void 0) {
    const v = pct2();
    for (const k2 of ["range_percentage_lt", "range_percentage_gt"]) {
      const t2 = params[k2];
      if (t2 !== void 0 && compare(v, k2, t2)) out.push({ param: k2, actual: v, threshold: t2 });
    }
  }
  for (const k2 of ["max_min_lt", "max_min_gt"]) {
    const t2 = params[k2];
    if (t2 !== void 0 && compare(maxMin, k2, t2)) out.push({ param: k2, actual: maxMin, threshold: t2 });
  }
  return out;
}
function nonFiniteCount(p, stats) {
  const s2 = stats(p);
  return s2.nan + s2.posInf + s2.negInf;
}
function notChanged(prev, cur, rtol, atol) {
  if (prev.values && cur.values) {
    if (prev.values.length !== cur.values.length) return { unchanged: false, maxRelChange: NaN };
    let ok = true, rel2 = 0;
    for (let i = 0; i < cur.values.length; i++) {
      const a2 = prev.values[i], d = Math.abs(cur.values[i] - a2);
      if (d > atol + rtol * Math.abs(a2)) ok = false;
      rel2 = Math.max(rel2, d / (Math.abs(a2) + atol));
    }
    return { unchanged: ok, maxRelChange: rel2 };
  }
  if (!prev.hist || !cur.hist) return { unchanged: false, maxRelChange: NaN };
  const a = prev.hist, b = cur.hist;
  const close3 = (x, y) => x !== x && y !== y || Math.abs(x - y) <= atol + rtol * Math.abs(x);
  let rel = 0;
  for (const [x, y] of [[a.min, b.min], [a.max, b.max], [a.sum, b.sum], [a.sumSquares, b.sumSquares]]) {
    if (Number.isFinite(x) && Number.isFinite(y)) rel = Math.max(rel, Math.abs(y - x) / (Math.abs(x) + atol));
  }
  const same = close3(a.min, b.min) && close3(a.max, b.max) && close3(a.sum, b.sum) && close3(a.sumSquares, b.sumSquares) && sameBuckets(a, b, rtol, atol);
  return { unchanged: same, maxRelChange: rel };
}
function sameBuckets(a, b, rtol, atol) {
  const ba = histBuckets(a), bb = histBuckets(b);
  if (ba.length !== bb.length) return false;
  for (let i = 0; i < ba.length; i++) {
    if (ba[i].c !== bb[i].c) return false;
    if (Math.abs(ba[i].l - bb[i].l) > atol + rtol * Math.abs(ba[i].l)) return false;
    if (Math.abs(ba[i].r - bb[i].r) > atol + rtol * Math.abs(ba[i].r)) return false;
  }
  return true;
}
function updateRatio(prev, cur, eps, stats) {
  if (prev.values && cur.values) {
    if (prev.values.length !== cur.values.length || cur.values.length === 0) return void 0;
    let d = 0, a = 0;
    for (let i = 0; i < cur.values.length; i++) {
      d += Math.abs(cur.values[i] - prev.values[i]);
      a += Math.abs(prev.values[i]);
    }
    const n = cur.values.length;
    return d / n / (a / n + eps);
  }
  if (!prev.hist || !cur.hist) return void 0;
  const w = wasserstein1(prev.hist, cur.hist);
  return w / (stats(prev).absMean + eps);
}
function quantiles(h, m) {
  const bs = histBuckets(h);
  let n = 0;
  for (const b of bs) n += b.c;
  const q = new Float64Array(m);
  if (n === 0) return q.fill(NaN);
  let j = 0, cum = 0;
  for (let i = 0; i < m; i++) {
    const target = (i + 0.5) / m * n;
    while (j < bs.length - 1 && cum + bs[j].c < target) {
      cum += bs[j].c;
      j++;
    }
    const b = bs[j];
    const f = Math.min(1, Math.max(0, (target - cum) / b.c));
    q[i] = b.point !== void 0 ? b.point : b.l + f * (b.r - b.l);
  }
  return q;
}
function wasserstein1(a, b) {
  const m = 512;
  const qa = quantiles(a, m), qb = quantiles(b, m);
  let s2 = 0;
  for (let i = 0; i < m; i++) s2 += Math.abs(qa[i] - qb[i]);
  return s2 / m;
}

// src/cli/commands/diagnose.ts
function registerDiagnose(program2) {
  program2.command("diagnose").description("Diagnose training runs: findings by severity, evidence, ranked causes and fixes").argument("<path>", "a run directory, a log file or a folder of runs").option("--json", "print the diagnosis as one JSON object (schema 1)").action(async (p, opts) => {
    await runCommand("diagnose", async () => {
      const exp = await loadExperimentOrFail(p);
      const report = diagnoseExperiment(exp);
      if (opts.json) await writeChunk(process.stdout, JSON.stringify(report, null, 2) + "\n");
      else await writeChunk(process.stdout, formatReport(report, exp));
    });
  });
}
var MARK = { error: "ERROR", warning: "WARNING", info: "info" };
function formatReport(report, exp, chartWidth = 60) {
  const lines = [];
  for (const r of report.runs) {
    const fs10 = report.findings.filter((f) => f.run === r.run);
    const counts = ["error", "warning", "info"].map((s2) => `${fs10.filter((f) => f.severity === s2).length} ${s2}`).join(", ");
    lines.push(`== run ${r.run}  (${counts})`);
    const roles = Object.entries(r.roles).map(([k2, v]) => `${k2}=${v}`).join(", ");
    if (roles) lines.push(`   roles: ${roles}`);
    if (fs10.length === 0) lines.push("   no findings: nothing wrong seen in what was logged");
    const run = exp?.runs.find((x) => x.name === r.run);
    const scalars = run ? runScalars(run) : void 0;
    for (const f of fs10) {
      lines.push("", `  [${MARK[f.severity]}] ${f.symptom}: ${f.title}`);
      if (f.steps.length) lines.push(`    steps ${f.steps[0]}\u2013${f.steps[1]}`);
      for (const e of f.evidence) lines.push(`    - ${evidenceText(e)}`);
      f.causes.forEach((c2, i) => {
        lines.push(`    cause ${i + 1}: ${c2.code} (confidence ${c2.confidence}) \u2014 ${c2.why}`);
        for (const fix of c2.fixes.slice(0, 3)) lines.push(`      fix: ${fix}`);
        if (c2.checklist.length) lines.push(`      checklist: ${c2.checklist.slice(0, 6).join(", ")}`);
      });
      const chart = scalars && f.severity !== "info" ? chartFor(f, scalars, chartWidth) : "";
      if (chart) lines.push(chart);
    }
    lines.push("");
  }
  return lines.join("\n") + "\n";
}
function evidenceText(e) {
  const where = e.step !== void 0 ? ` @ step ${e.step}` : e.steps ? ` @ steps ${e.steps[0]}\u2013${e.steps[1]}` : "";
  const val = e.value !== void 0 ? ` = ${e.value}` : "";
  return `${e.source}${e.tag ? ` ${e.tag}` : ""}${where}${val}${e.note ? ` (${e.note})` : ""}`;
}
function chartFor(f, scalars, width) {
  const tag = f.evidence.find((e) => e.source === "scalar" && e.tag && scalars.has(e.tag))?.tag;
  if (!tag) return "";
  const s2 = scalars.get(tag);
  const vals = [];
  for (const v of s2.values) if (Number.isFinite(v)) vals.push(v);
  if (vals.length < 2) return "";
  const pts = [];
  const n = Math.min(width, vals.length);
  for (let i = 0; i < n; i++) {
    const a = Math.floor(i * vals.length / n), b = Math.max(a + 1, Math.floor((i + 1) * vals.length / n));
    let sum = 0;
    for (let k2 = a; k2 < b; k2++) sum += vals[k2];
    pts.push(sum / (b - a));
  }
  const lo = Math.min(...pts), hi = Math.max(...pts);
  if (!(hi > lo)) return `    ${tag}: constant ${lo}`;
  const plot2 = asciichart.plot(pts, { height: 6, format: (x) => x.toPrecision(3).padStart(9) });
  return `    ${tag} (steps ${s2.steps[0]}\u2013${s2.steps[s2.length - 1]}):
` + plot2.split("\n").map((l) => "    " + l).join("\n");
}

// src/cli/commands/watchpoints.ts
function conditionsFromOptions(names, params, tag) {
  const parsed = (params ?? []).map((kv) => {
    const m = /^([a-z_]+)=(.+)$/.exec(kv.trim());
    if (!m) throw new UsageError(`--param ${kv}: expected name=value`);
    const v = Number(m[2]);
    if (Number.isNaN(v) && m[2].toLowerCase() !== "nan") throw new UsageError(`--param ${kv}: ${m[2]} is not a number`);
    return [m[1], v];
  });
  let conds;
  if (!names || names.length === 0) {
    if (parsed.length) throw new UsageError("--param needs --condition NAME");
    conds = RECOMMENDED_WATCHPOINTS.map((c2) => ({ ...c2 }));
  } else {
    conds = names.map((n) => {
      const preset = WATCH_PRESETS[n];
      if (preset) return { ...preset, params: { ...preset.params } };
      if (!conditionSpec(n)) {
        throw new UsageError(`unknown condition "${n}" (known: ${[...WATCH_CONDITIONS.map((c2) => c2.name), ...Object.keys(WATCH_PRESETS)].join(", ")})`);
      }
      return { name: n, params: {} };
    });
    for (const [k2, v] of parsed) {
      const takers = conds.filter((c2) => conditionSpec(c2.name).params.some((p) => p.name === k2));
      if (takers.length === 0) throw new UsageError(`--param ${k2}: not a parameter of ${conds.map((c2) => c2.name).join(", ")}`);
      for (const c2 of takers) c2.params = { ...c2.params, [k2]: v };
    }
  }
  if (tag !== void 0) {
    try {
      new RegExp(tag);
    } catch {
      throw new UsageError(`--tag ${tag}: not a valid regular expression`);
    }
    for (const c2 of conds) c2.match = tag;
  }
  for (const c2 of conds) {
    const errs = validateCondition(c2);
    if (errs.length) throw new UsageError(errs.join("; "));
  }
  return conds;
}
function fmt2(v) {
  if (!Number.isFinite(v)) return formatNumber(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(3);
  return String(Number(v.toPrecision(6)));
}
function formatHits(runName, hits, all = false, keep = 5) {
  const lines = [`run ${runName}: ${hits.length} hit${hits.length === 1 ? "" : "s"}`];
  if (hits.length === 0) return lines.join("\n") + "\n";
  const groups = /* @__PURE__ */ new Map();
  for (const h of hits) {
    const k2 = `${h.tag}\0${h.condition}\0${h.param}\0${h.watchpoint ?? ""}`;
    let g = groups.get(k2);
    if (!g) {
      g = [];
      groups.set(k2, g);
    }
    g.push(h);
  }
  const rows = [["step", "tag", "condition", "actual", "threshold", "value"]];
  const more = [];
  for (const g of groups.values()) {
    const shown = all ? g : g.slice(0, keep);
    for (const h of shown) {
      const cond = h.watchpoint && h.condition === "activation_range" ? `${h.condition} (${h.watchpoint.replace(/^recommend_|_activation_range$/g, "")})` : h.condition;
      const op = h.param.endsWith("_gt") ? ">" : h.param.endsWith("_lt") ? "<" : h.param.endsWith("_ge") ? "\u2265" : h.param === "rtol" ? "\u2264" : ">";
      const actual = h.nonFinite ? `${h.actual} (nan ${h.nonFinite.nan}, +inf ${h.nonFinite.posInf}, -inf ${h.nonFinite.negInf})` : fmt2(h.actual);
      const stat = h.param === "rtol" ? "max_relative_change" : h.param.replace(/_(gt|lt|ge|le)$/, "");
      rows.push([String(h.step) + (h.prevStep !== void 0 ? ` (vs ${h.prevStep})` : ""), h.tag, cond, `${stat} ${actual}`, `${op} ${fmt2(h.threshold)}`, h.exact ? "exact" : "estimated"]);
    }
    if (!all && g.length > keep) more.push(`  \u2026 ${g.length - keep} more ${g[0].condition} hits on ${g[0].tag} (steps ${g[keep].step}..${g[g.length - 1].step}; --all to list)`);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) lines.push("  " + r.map((c2, i) => i === r.length - 1 ? c2 : c2.padEnd(widths[i])).join("  "));
  return [...lines, ...more].join("\n") + "\n";
}
function formatCatalogue() {
  const out = ["Conditions (--condition NAME --param k=v):"];
  for (const c2 of WATCH_CONDITIONS) {
    out.push(`  ${c2.name}  [${c2.target}]  ${c2.description}`);
    for (const p of c2.params) out.push(`      ${p.name}${p.default !== void 0 ? ` (default ${p.default})` : ""}: ${p.description}`);
  }
  out.push("", "Presets: " + Object.keys(WATCH_PRESETS).join(", "), "", "Recommended (default when no --condition):");
  for (const c2 of RECOMMENDED_WATCHPOINTS) {
    out.push(`  ${c2.id}: ${c2.name}${c2.activation ? ` on ${c2.activation}` : ""} ${Object.entries(c2.params ?? {}).map(([k2, v]) => `${k2}=${v}`).join(" ")}`);
  }
  return out.join("\n") + "\n";
}
var collect = (v, prev = []) => [...prev, v];
function registerWatchpoints(program2) {
  program2.command("watchpoints").description("Evaluate debugger watch conditions (overflow, all zero, saturation, vanishing gradients...) on recorded tensors").argument("[path]", "a run directory, a log file or a folder of runs").option("--condition <name>", "condition or preset to check (repeatable; default: the recommended set)", collect).option("--param <k=v>", "parameter of the given condition(s), e.g. abs_mean_lt=1e-6 (repeatable)", collect).option("--tag <regex>", "only series whose key or layer matches").option("--all", "list every hit (default: at most 5 per tag and condition)").option("--json", "print a JSON array of hits").option("--list", "print the catalogue of conditions and exit").action(async (p, opts) => {
    await runCommand("watchpoints", async () => {
      if (opts.list) {
        await writeChunk(process.stdout, formatCatalogue());
        return;
      }
      const conds = conditionsFromOptions(opts.condition, opts.param, opts.tag);
      const exp = await loadExperimentOrFail(p);
      const results = exp.runs.map((run) => ({ run: run.name, hits: evaluateWatchpoints(run, conds) }));
      if (opts.json) {
        await writeChunk(process.stdout, JSON.stringify(results.flatMap((r) => r.hits.map((h) => ({ run: r.run, ...h }))), null, 2) + "\n");
        return;
      }
      for (const r of results) await writeChunk(process.stdout, formatHits(r.run, r.hits, opts.all));
    });
  });
}

// src/cli/commands/checklist.ts
function formatKnowledgeEntry(e) {
  const lines = [
    `${e.id}  ${e.title}  [${e.kind}, ${e.category}]`,
    `  shows:   ${e.shows}`,
    `  confirm: ${e.confirm}`,
    `  fixes:`,
    ...e.fixes.map((f, i) => `    ${i + 1}. ${f}`)
  ];
  if (e.related.length) lines.push(`  related: ${e.related.join(", ")}`);
  lines.push(`  source:  ${e.source}`);
  return lines.join("\n");
}
function formatKnowledgeEntries(entries) {
  if (entries.length === 1) return formatKnowledgeEntry(entries[0]) + "\n";
  const out = [];
  let heading = "";
  for (const e of entries) {
    const h = e.kind === "symptom" ? "Symptoms" : e.kind === "cause" ? "Causes" : `Checklist: ${CHECKLIST_CATEGORIES.find((c2) => c2.category === e.category)?.label ?? e.category}`;
    if (h !== heading) {
      out.push(`${out.length ? "\n" : ""}== ${h} ==
`);
      heading = h;
    }
    out.push(formatKnowledgeEntry(e) + "\n");
  }
  return out.join("\n");
}
function registerChecklist(program2) {
  program2.command("checklist").description("Print the knowledge base: symptoms, causes and checklist items with how to confirm and fix them").argument("[id]", "one entry (e.g. hp.01, cause.dead_relu, symptom.loss_diverging)").option("--json", "print a JSON array").option("--category <c>", "only entries of this category, kind or id prefix (dataset, ds, hp, cause, symptom, learn...)").action((id, opts) => {
    let entries = KNOWLEDGE_BASE;
    if (id !== void 0) {
      const e = knowledgeEntry(id) ?? knowledgeEntry(`cause.${id}`) ?? knowledgeEntry(`symptom.${id}`);
      if (!e) {
        console.error(`trainscope checklist: no entry "${id}" (try \`trainscope checklist\` for the list)`);
        process.exitCode = 2;
        return;
      }
      entries = [e];
    }
    if (opts.category !== void 0) {
      const allowed = new Set(knowledgeByCategory(opts.category));
      entries = entries.filter((e) => allowed.has(e));
      if (entries.length === 0) {
        console.error(`trainscope checklist: no entries in category "${opts.category}"`);
        process.exitCode = 2;
        return;
      }
    }
    if (opts.json) {
      process.stdout.write(JSON.stringify(entries, null, 2) + "\n");
      return;
    }
    process.stdout.write(formatKnowledgeEntries(entries));
  });
}

// src/cli/commands/compare.ts
async function loadOne(p) {
  const abs = checkInputPath(p);
  const exp = await loadExperiment(abs);
  const runs = exp.runs.filter((r) => !r.failed);
  if (runs.length === 0) throw new UsageError(`${p}: no readable training run`);
  if (runs.length > 1) throw new UsageError(`${p}: holds ${runs.length} training runs (${runs.slice(0, 4).map((r) => r.name).join(", ")}${runs.length > 4 ? ", ..." : ""}); give the directory of one run`);
  return runs[0];
}
var show = (v) => v === void 0 ? "\u2014" : typeof v === "string" ? v : JSON.stringify(v);
function formatDifferences(a, b, diffs, countA, countB) {
  const lines = [`A: ${a} (${countA} hyper-parameters)`, `B: ${b} (${countB} hyper-parameters)`];
  if (countA === 0 && countB === 0) return lines.concat("Neither run logged its configuration (hparams plugin, hparams.json/.yaml, MindSpore lineage).").join("\n") + "\n";
  if (diffs.length === 0) return lines.concat("No configuration differences.").join("\n") + "\n";
  lines.push(`${diffs.length} difference${diffs.length === 1 ? "" : "s"}${diffs.some((d) => d.trap) ? ` (${diffs.filter((d) => d.trap).length} framework-default trap${diffs.filter((d) => d.trap).length === 1 ? "" : "s"} first)` : ""}:`);
  const rows = diffs.map((d) => {
    const name = d.nameA && d.nameB && d.nameA !== d.nameB ? `${d.key} (${d.nameA} / ${d.nameB})` : d.nameA ?? d.nameB ?? d.key;
    return [d.trap ? "!" : " ", name, show(d.a), show(d.b)];
  });
  const head = [" ", "setting", "A", "B"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  lines.push("  " + head.map((c2, i) => c2.padEnd(w[i])).join("  ").trimEnd());
  diffs.forEach((d, i) => {
    lines.push("  " + rows[i].map((c2, j) => c2.padEnd(w[j])).join("  ").trimEnd());
    if (d.trap) lines.push(`      note: ${d.trap}`);
  });
  return lines.join("\n") + "\n";
}
function registerCompare(program2) {
  program2.command("compare").description("List every configuration difference between a reference run and a new run, with framework-default traps").argument("<run_a>", "the reference run (a run directory or file)").argument("<run_b>", "the run to compare with it").option("--json", "print the differences as JSON").action(async (pa, pb, opts) => {
    await runCommand("compare", async () => {
      const a = await loadOne(pa);
      const b = await loadOne(pb);
      const diffs = compareConfigs(a, b);
      if (opts.json) {
        await writeChunk(process.stdout, JSON.stringify({ a: pa, b: pb, differences: diffs }, null, 2) + "\n");
        return;
      }
      await writeChunk(process.stdout, formatDifferences(pa, pb, diffs, a.hparams.size, b.hparams.size));
    });
  });
}

// src/server/index.ts
import fs8 from "node:fs";
import path4 from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";

// src/server/app.ts
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { serveStatic } from "@hono/node-server/serve-static";
import fs7 from "node:fs";
import path3 from "node:path";

// src/server/diagnosis_pool.ts
import { Worker } from "node:worker_threads";
var DIAGNOSIS_TIMEOUT_MS = 12e4;
var DiagnosisPool = class {
  constructor(timeoutMs = DIAGNOSIS_TIMEOUT_MS) {
    this.timeoutMs = timeoutMs;
  }
  timeoutMs;
  worker;
  nextId = 1;
  pending = /* @__PURE__ */ new Map();
  closed = false;
  start() {
    if (this.worker) return this.worker;
    const tsx = import.meta.resolve("tsx/esm/api");
    const script = new URL("./diagnosis_worker.ts", import.meta.url).href;
    const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(script)});`;
    const w = new Worker(new URL("data:text/javascript," + encodeURIComponent(boot)));
    w.unref();
    w.on("message", (m) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== void 0) p.reject(new Error(m.error));
      else p.resolve(m.findings ?? []);
    });
    const fail = (err) => {
      if (this.worker !== w) return;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.worker = void 0;
    };
    w.on("error", fail);
    w.on("exit", (code) => {
      if (!this.closed && this.worker === w) fail(new Error(`diagnosis worker exited with code ${code}`));
    });
    this.worker = w;
    return w;
  }
  diagnose(root, descriptor) {
    if (this.closed) return Promise.reject(new Error("server closed"));
    const id = this.nextId++;
    let timer;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const w = this.start();
      w.ref();
      timer = setTimeout(() => {
        const p = this.pending.get(id);
        if (!p) return;
        const ended = this.worker;
        this.worker = void 0;
        void ended?.terminate();
        for (const [k2, q] of this.pending) {
          this.pending.delete(k2);
          q.reject(new Error(k2 === id ? `stopped after ${this.timeoutMs / 1e3} s` : "stopped with a diagnosis that took too long"));
        }
      }, this.timeoutMs);
      timer.unref();
      w.postMessage({ id, root, descriptor });
    }).finally(() => {
      clearTimeout(timer);
      if (!this.pending.size) this.worker?.unref();
    });
  }
  close() {
    this.closed = true;
    void this.worker?.terminate();
    this.worker = void 0;
    for (const p of this.pending.values()) p.reject(new Error("server closed"));
    this.pending.clear();
  }
};

// src/server/run_store.ts
var SEVERITY_RANK = { error: 3, warning: 2, info: 1 };
var RunStore = class _RunStore {
  constructor(root, reader, diagnose, opts = {}) {
    this.root = root;
    this.reader = reader;
    this.diagnose = diagnose;
    this.opts = opts;
  }
  root;
  reader;
  diagnose;
  opts;
  entries = /* @__PURE__ */ new Map();
  listeners = /* @__PURE__ */ new Set();
  closed = false;
  refreshing = false;
  discoverError;
  pool;
  /** A store over runs already in memory (no files behind them). */
  static fromRuns(runs, diagnose) {
    const s2 = new _RunStore("", void 0, diagnose);
    for (const run of runs) s2.entries.set(run.name, { name: run.name, status: run.failed ? "failed" : "loaded", run, version: 1, error: run.failed ? failureText(run) : void 0 });
    return s2;
  }
  on(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  emit(e) {
    for (const fn of this.listeners) {
      try {
        fn(e);
      } catch {
      }
    }
  }
  /** Discovers the runs (cheap). Throws when the logdir cannot be read at all. */
  async discover() {
    if (!this.reader) return;
    const found = await this.reader.discoverRuns(this.root);
    let added = false;
    for (const d of found) {
      const known = this.entries.get(d.name);
      if (known) known.descriptor = d;
      if (!known) {
        this.entries.set(d.name, { name: d.name, descriptor: d, status: "pending", version: 0 });
        added = true;
      }
    }
    if (added) {
      this.emit({ type: "runs" });
      if (this.started) void this.loadAllInBackground();
    }
  }
  queue = [];
  started = false;
  workers = 0;
  idle = [];
  /** Loads every pending run in the background, a few at a time; resolves when none is left. */
  loadAllInBackground() {
    this.started = true;
    for (const e of this.entries.values()) if (e.status === "pending" && !this.queue.includes(e.name)) this.queue.push(e.name);
    const done = new Promise((resolve) => this.idle.push(resolve));
    const max = Math.max(1, this.opts.concurrency ?? 2);
    const start = max - this.workers;
    for (let k2 = 0; k2 < start; k2++) {
      this.workers++;
      void (async () => {
        for (let name = this.queue.shift(); name !== void 0 && !this.closed; name = this.queue.shift()) await this.load(name);
        if (--this.workers === 0) for (const r of this.idle.splice(0)) r();
      })();
    }
    return done;
  }
  /** The loaded run, loading it first when needed; undefined when unknown or failed. */
  async load(name) {
    const e = this.entries.get(name);
    if (!e) return void 0;
    if (e.status === "loaded" || e.status === "failed") return e.run;
    if (e.loading) return e.loading;
    e.status = "loading";
    e.loading = (async () => {
      try {
        const run = await this.reader.loadRun(this.root, e.descriptor ?? { name });
        e.run = run;
        e.status = run.failed ? "failed" : "loaded";
        if (run.failed) e.error = failureText(run);
      } catch (err) {
        e.status = "failed";
        e.error = err instanceof Error ? err.message : String(err);
      }
      e.version++;
      e.loading = void 0;
      this.emit({ type: "run", run: name, version: e.version, status: e.status });
      return e.run;
    })();
    return e.loading;
  }
  /** Re-reads new bytes of every loaded run (and looks for new runs unless `discover` is false); emits what changed. */
  async refresh(opts = {}) {
    if (!this.reader || this.refreshing || this.closed) return;
    this.refreshing = true;
    try {
      if (opts.discover !== false) {
        try {
          await this.discover();
        } catch {
        }
      }
      for (const e of this.entries.values()) {
        if (this.closed) break;
        if (e.status === "pending") continue;
        if (!e.run || e.status !== "loaded" && e.status !== "failed") continue;
        let changed = false;
        try {
          changed = await this.reader.refreshRun(this.root, e.run);
        } catch (err) {
          e.error = err instanceof Error ? err.message : String(err);
        }
        if (changed) {
          if (e.status === "failed" && !e.run.failed) {
            e.status = "loaded";
            e.error = void 0;
          }
          e.version++;
          this.emit({ type: "run", run: e.name, version: e.version, status: e.status });
        }
      }
    } finally {
      this.refreshing = false;
    }
  }
  /** Findings of a run, computed once per version (in the worker thread for logdir runs). */
  findings(e) {
    if (!e.run) return Promise.resolve({ findings: [] });
    if (e.findings?.version === e.version) return Promise.resolve(e.findings);
    if (e.diagnosing?.version === e.version) return e.diagnosing.promise;
    const version = e.version;
    const useWorker = this.reader && e.descriptor && this.opts.diagnoseInWorker !== false;
    const compute = async () => {
      if (useWorker) {
        this.pool ??= new DiagnosisPool();
        return this.pool.diagnose(this.root, e.descriptor);
      }
      return this.diagnose.diagnoseRun(e.run);
    };
    const promise = compute().then(
      (findings) => ({ findings }),
      (err) => ({ findings: [], error: `diagnosis failed: ${err instanceof Error ? err.message : String(err)}` })
    ).then((r) => {
      if (e.version === version || !e.findings || e.findings.version < version) e.findings = { version, ...r };
      if (e.diagnosing?.version === version) e.diagnosing = void 0;
      return r;
    });
    e.diagnosing = { version, promise };
    return promise;
  }
  /** Layer statistics and watchpoint hits of a run, computed once per version. */
  stats(e) {
    if (!e.run) return { value: [], hits: [] };
    if (e.stats?.version !== e.version) {
      const errors = [];
      let value = [], hits = [];
      try {
        value = this.diagnose.tensorStats ? this.diagnose.tensorStats(e.run) : [];
      } catch (err) {
        errors.push(`tensor statistics failed: ${String(err)}`);
      }
      try {
        hits = this.diagnose.evaluateWatchpoints ? this.diagnose.evaluateWatchpoints(e.run) : [];
      } catch (err) {
        errors.push(`watchpoints failed: ${String(err)}`);
      }
      e.stats = { version: e.version, value, hits, error: errors.length ? errors.join("; ") : void 0 };
    }
    return e.stats;
  }
  static worstSeverity(findings) {
    let worst;
    for (const f of findings) if (!worst || SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
    return worst;
  }
  close() {
    this.closed = true;
    this.pool?.close();
    this.listeners.clear();
  }
};
function failureText(run) {
  const errs = run.problems.filter((p2) => p2.severity === "error");
  const p = errs[0] ?? run.problems[0];
  if (!p) return "nothing readable";
  const where = p.offset !== void 0 ? ` at byte ${p.offset}` : p.line !== void 0 ? ` line ${p.line}` : "";
  return `${p.file}${where}: ${p.message}`;
}

// src/server/downsample.ts
function lttbIndices(x, y, threshold) {
  const n = Math.min(x.length, y.length);
  if (n <= threshold) return Uint32Array.from({ length: n }, (_, i) => i);
  if (threshold < 3) return Uint32Array.from(threshold <= 0 ? [] : threshold === 1 ? [0] : [0, n - 1]);
  const out = new Uint32Array(threshold);
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  out[0] = 0;
  for (let i = 0; i < threshold - 2; i++) {
    let avgStart = Math.floor((i + 1) * every) + 1;
    let avgEnd = Math.floor((i + 2) * every) + 1;
    if (avgEnd > n) avgEnd = n;
    if (avgStart >= avgEnd) avgStart = avgEnd - 1;
    let avgX = 0, avgY = 0;
    for (let j = avgStart; j < avgEnd; j++) {
      avgX += x[j];
      avgY += y[j];
    }
    const len = avgEnd - avgStart;
    avgX /= len;
    avgY /= len;
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const ax = x[a], ay = y[a];
    let best = start, bestArea = -1;
    for (let j = start; j < end; j++) {
      const area = Math.abs((ax - avgX) * (y[j] - ay) - (ax - x[j]) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out[i + 1] = best;
    a = best;
  }
  out[threshold - 1] = n - 1;
  return out;
}

// src/server/smoothing.ts
function debiasedEma(values, w) {
  const n = values.length;
  const out = new Float64Array(n);
  if (!(w > 0)) {
    for (let i = 0; i < n; i++) out[i] = values[i];
    return out;
  }
  let first = NaN, constant = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (first !== first) first = v;
    else if (v !== first) {
      constant = false;
      break;
    }
  }
  if (constant) {
    for (let i = 0; i < n; i++) out[i] = values[i];
    return out;
  }
  let last = 0, wk = 1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * w + (1 - w) * v;
    wk *= w;
    out[i] = w >= 1 ? last : last / (1 - wk);
  }
  return out;
}
function windowMean(values, window) {
  const n = values.length;
  const out = new Float64Array(n);
  const half2 = Math.floor(Math.max(1, window) / 2);
  const sum = new Float64Array(n + 1);
  const cnt = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const fin = Number.isFinite(v);
    sum[i + 1] = sum[i] + (fin ? v : 0);
    cnt[i + 1] = cnt[i] + (fin ? 1 : 0);
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    const lo = Math.max(0, i - half2), hi = Math.min(n, i + half2 + 1);
    out[i] = (sum[hi] - sum[lo]) / (cnt[hi] - cnt[lo]);
  }
  return out;
}

// src/server/scalars.ts
var MARKER_CAP = 5e3;
function runStartTime(run) {
  let t2 = Infinity;
  for (const s2 of runScalars(run).values()) if (s2.length && s2.wallTimes[0] < t2) t2 = s2.wallTimes[0];
  return Number.isFinite(t2) ? t2 : 0;
}
function xValues(s2, xAxis, start) {
  if (xAxis === "step") return s2.steps;
  const w = s2.wallTimes;
  if (xAxis === "wall") return w;
  const out = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) out[i] = w[i] - start;
  return out;
}
function lowerBound(x, v, after = false) {
  let a = 0, b = x.length;
  while (a < b) {
    const m = a + b >>> 1;
    if (after ? x[m] <= v : x[m] < v) a = m + 1;
    else b = m;
  }
  return a;
}
function sortedOrder(x) {
  for (let i = 1; i < x.length; i++) {
    if (x[i] < x[i - 1]) {
      const idx = Uint32Array.from({ length: x.length }, (_, k2) => k2);
      idx.sort((a, b) => x[a] - x[b] || a - b);
      return idx;
    }
  }
  return void 0;
}
var caches = /* @__PURE__ */ new WeakMap();
function cacheOf(s2) {
  const n = s2.length;
  const fingerprint2 = n ? `${n}:${s2.steps[n - 1]}:${s2.wallTimes[n - 1]}:${s2.values[n - 1]}:${s2.steps[0]}` : "0";
  let c2 = caches.get(s2);
  if (!c2 || c2.fingerprint !== fingerprint2) {
    c2 = { fingerprint: fingerprint2, smoothed: /* @__PURE__ */ new Map(), answers: /* @__PURE__ */ new Map() };
    caches.set(s2, c2);
  }
  return c2;
}
function smoothedOf(c2, key, make) {
  let v = c2.smoothed.get(key);
  if (!v) {
    v = make();
    if (c2.smoothed.size >= 8) c2.smoothed.delete(c2.smoothed.keys().next().value);
    c2.smoothed.set(key, v);
  }
  return v;
}
function scalarData(run, tag, s2, q) {
  const cache = cacheOf(s2);
  const ranged = q.min !== void 0 || q.max !== void 0;
  const answerKey = `${run.name}
${tag}
${q.xAxis}:${q.smoothing}:${q.window}:${q.points}`;
  if (!ranged) {
    const hit = cache.answers.get(answerKey);
    if (hit) return hit;
  }
  const answer = computeScalarData(run, tag, s2, q, cache);
  if (!ranged) {
    if (cache.answers.size >= 8) cache.answers.delete(cache.answers.keys().next().value);
    cache.answers.set(answerKey, answer);
  }
  return answer;
}
function computeScalarData(run, tag, s2, q, cache) {
  const n = s2.length;
  const x = xValues(s2, q.xAxis, q.xAxis === "relative" ? runStartTime(run) : 0);
  const v = s2.values;
  const steps = s2.steps;
  const w = Math.min(q.smoothing, 0.999), win = Math.floor(q.window);
  const ema = q.smoothing > 0 ? smoothedOf(cache, `ema:${w}`, () => debiasedEma(v, w)) : void 0;
  const mean = q.window > 1 ? smoothedOf(cache, `mean:${win}`, () => windowMean(v, win)) : void 0;
  const order = sortedOrder(x);
  const lo = q.min ?? -Infinity, hi = q.max ?? Infinity;
  const ranged = q.min !== void 0 || q.max !== void 0;
  const nonFiniteTotal = s2.nonFinite.nan + s2.nonFinite.posInf + s2.nonFinite.negInf;
  let finite;
  const markers = [];
  let markersTruncated = false;
  let inRange = n;
  if (order || ranged || nonFiniteTotal > 0) {
    const jFrom = order || !ranged ? 0 : lowerBound(x, lo);
    const jTo = order || !ranged ? n : lowerBound(x, hi, true);
    const buf = new Uint32Array(Math.max(0, jTo - jFrom));
    let k2 = 0;
    inRange = 0;
    for (let j = jFrom; j < jTo; j++) {
      const i = order ? order[j] : j;
      const xi = x[i];
      if (xi < lo || xi > hi) continue;
      inRange++;
      const vi = v[i];
      if (Number.isFinite(vi)) buf[k2++] = i;
      else if (markers.length < MARKER_CAP) markers.push({ x: xi, step: steps[i], kind: vi !== vi ? "nan" : vi > 0 ? "+inf" : "-inf" });
      else markersTruncated = true;
    }
    finite = buf.subarray(0, k2);
  }
  let chosen;
  if (!finite) {
    chosen = lttbIndices(x, v, q.points);
  } else {
    const m = finite.length;
    const fx = new Float64Array(m), fy = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      fx[j] = x[finite[j]];
      fy[j] = v[finite[j]];
    }
    const picked = lttbIndices(fx, fy, q.points);
    const out = new Uint32Array(picked.length);
    for (let j = 0; j < picked.length; j++) out[j] = finite[picked[j]];
    chosen = out;
  }
  const len = chosen.length;
  const rx = new Array(len), rs = new Array(len), ry = new Array(len);
  const re = ema ? new Array(len) : void 0;
  const rm = mean ? new Array(len) : void 0;
  for (let j = 0; j < len; j++) {
    const i = chosen[j];
    rx[j] = x[i];
    rs[j] = steps[i];
    ry[j] = v[i];
    if (re) re[j] = ema[i];
    if (rm) rm[j] = mean[i];
  }
  const finiteInRange = finite ? finite.length : n;
  let xMin = Infinity, xMax = -Infinity;
  if (order) {
    xMin = x[order[0]];
    xMax = x[order[n - 1]];
  } else if (n) {
    xMin = x[0];
    xMax = x[n - 1];
  }
  return {
    run: run.name,
    tag,
    xAxis: q.xAxis,
    total: n,
    inRange,
    sampled: len < finiteInRange,
    x: rx,
    steps: rs,
    y: ry,
    ema: re,
    mean: rm,
    markers,
    markersTruncated,
    nonFinite: { ...s2.nonFinite },
    xExtent: n ? [xMin, xMax] : [],
    last: n ? { step: steps[n - 1], value: Number.isFinite(v[n - 1]) ? v[n - 1] : valueText2(v[n - 1]) } : void 0
  };
}
function valueText2(v) {
  return v !== v ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : String(v);
}

// src/server/histograms.ts
function finiteOr(v) {
  return Number.isFinite(v) ? v : null;
}
function extent(h) {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < h.counts.length; i++) {
    if (!(h.counts[i] > 0)) continue;
    const [l, r] = clampedBucket(h, i);
    if (l < lo) lo = l;
    if (r > hi) hi = r;
  }
  return lo <= hi ? [lo, hi] : void 0;
}
function clampedBucket(h, i) {
  let l = h.lefts[i], r = h.rights[i];
  if (!Number.isFinite(l)) l = Number.isFinite(h.min) ? h.min : r;
  if (!Number.isFinite(r)) r = Number.isFinite(h.max) ? h.max : l;
  if (Number.isFinite(h.min) && l < h.min && r >= h.min) l = h.min;
  if (Number.isFinite(h.max) && r > h.max && l <= h.max) r = h.max;
  return [l, r];
}
function evenPick(n, max) {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out = [];
  for (let k2 = 0; k2 < max; k2++) out.push(Math.round(k2 * (n - 1) / (max - 1)));
  return [...new Set(out)];
}
function shareBins(tag, all, bins, maxSteps) {
  const picked = evenPick(all.length, maxSteps).map((i) => all[i]);
  let lo = Infinity, hi = -Infinity;
  for (const h of picked) {
    const e = extent(h);
    if (e) {
      if (e[0] < lo) lo = e[0];
      if (e[1] > hi) hi = e[1];
    }
  }
  if (!(lo <= hi)) {
    lo = 0;
    hi = 1;
  }
  if (lo === hi) {
    const d = Math.abs(lo) * 0.05 || 0.5;
    lo -= d;
    hi += d;
  }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  const binOf = (v) => Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
  const steps = picked.map((h) => {
    const counts = new Array(bins).fill(0);
    for (let i = 0; i < h.counts.length; i++) {
      const c2 = h.counts[i];
      if (!(c2 > 0)) continue;
      const [l, r] = clampedBucket(h, i);
      if (!(r > l)) {
        counts[binOf(l)] += c2;
        continue;
      }
      const b0 = binOf(l), b1 = binOf(r);
      for (let b = b0; b <= b1; b++) {
        const overlap2 = Math.min(r, edges[b + 1]) - Math.max(l, edges[b]);
        if (overlap2 > 0) counts[b] += c2 * overlap2 / (r - l);
      }
    }
    const mean = h.num > 0 && Number.isFinite(h.sum) ? h.sum / h.num : NaN;
    return { step: h.step, wallTime: h.wallTime, counts, nonFinite: { ...h.nonFinite }, min: finiteOr(h.min), max: finiteOr(h.max), num: h.num, mean: finiteOr(mean) };
  });
  return { tag, edges, steps, totalSteps: all.length, sampled: picked.length < all.length };
}
function tensorHistogram(t2, bins = 30) {
  if (typeof t2.values[0] === "string" || t2.values.length < 2) return void 0;
  const v = t2.values;
  const nonFinite = { nan: 0, posInf: 0, negInf: 0 };
  let min = Infinity, max = -Infinity, sum = 0, sumSquares = 0, n = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!countNonFinite(nonFinite, x)) continue;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    sumSquares += x * x;
    n++;
  }
  if (!n) return { step: t2.step, wallTime: t2.wallTime, min: NaN, max: NaN, num: v.length, sum: NaN, sumSquares: NaN, lefts: new Float64Array(), rights: new Float64Array(), counts: new Float64Array(), nonFinite };
  const lefts = new Float64Array(bins), rights = new Float64Array(bins), counts = new Float64Array(bins);
  const w = (max - min) / bins || 1;
  for (let b = 0; b < bins; b++) {
    lefts[b] = min + b * w;
    rights[b] = min + (b + 1) * w;
  }
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (Number.isFinite(x)) counts[Math.min(bins - 1, Math.floor((x - min) / w))]++;
  }
  return { step: t2.step, wallTime: t2.wallTime, min, max, num: v.length, sum, sumSquares, lefts, rights, counts, nonFinite };
}

// src/server/app.ts
var SINGLE_ROLES2 = ["train_loss", "val_loss", "train_accuracy", "val_accuracy", "learning_rate"];
function numParam(c2, name, dflt) {
  const v = c2.req.query(name);
  if (v === void 0 || v === "") return dflt;
  const n = Number(v);
  return Number.isFinite(n) ? n : dflt;
}
function optNum(c2, name) {
  const v = c2.req.query(name);
  if (v === void 0 || v === "") return void 0;
  const n = Number(v);
  return Number.isFinite(n) ? n : void 0;
}
function jsonNum(v) {
  return Number.isFinite(v) ? v : valueText2(v);
}
function roleOf(run, key) {
  return run.roles.find((r) => r.key === key)?.role;
}
function hparamsOf(run) {
  const out = {};
  for (const [k2, h] of run.hparams) out[k2] = h.value;
  return out;
}
function lastValues(run) {
  const scalars = runScalars(run);
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const role of SINGLE_ROLES2) {
    const r = run.roles.find((a) => a.role === role && a.kind === "scalar");
    const s2 = r && scalars.get(r.key);
    if (r && s2 && s2.length && !seen.has(r.key)) {
      seen.add(r.key);
      out.push({ tag: r.key, role, step: s2.steps[s2.length - 1], value: jsonNum(s2.values[s2.length - 1]) });
    }
  }
  for (const [key, s2] of scalars) {
    if (out.length >= 4) break;
    if (!seen.has(key) && s2.length) {
      seen.add(key);
      out.push({ tag: key, role: roleOf(run, key), step: s2.steps[s2.length - 1], value: jsonNum(s2.values[s2.length - 1]) });
    }
  }
  return out;
}
function errorProblems(run) {
  return run.problems.filter((p) => p.severity === "error").slice(0, 5).map((p) => `${p.file}${p.offset !== void 0 ? ` at byte ${p.offset}` : p.line !== void 0 ? ` line ${p.line}` : ""}: ${p.message}`);
}
function histogramsOf(run, key) {
  const h = runHistograms(run).get(key);
  if (h) return h.points;
  const t2 = runTensors(run).get(key);
  if (!t2) return void 0;
  const out = [];
  for (const p of t2.points) {
    const x = tensorHistogram(p);
    if (x) out.push(x);
  }
  return out.length ? out : void 0;
}
var DiagnosisQueue = class {
  constructor(store, notify) {
    this.store = store;
    this.notify = notify;
  }
  store;
  notify;
  queue = [];
  running = false;
  push(name) {
    if (!this.queue.includes(name)) this.queue.push(name);
    if (!this.running) {
      this.running = true;
      void this.drain();
    }
  }
  async drain() {
    for (let name = this.queue.shift(); name !== void 0; name = this.queue.shift()) {
      const e = this.store.entries.get(name);
      if (e?.run && e.findings?.version !== e.version) {
        await this.store.findings(e);
        this.notify(name);
      }
    }
    this.running = false;
  }
};
function buildApp(store, opts = {}) {
  const app = new Hono();
  const sseClients = /* @__PURE__ */ new Set();
  const diagQueue = new DiagnosisQueue(store, (run) => {
    for (const c2 of sseClients) c2({ type: "diagnosis", run });
  });
  store.on((e) => {
    if (e.type === "run") diagQueue.push(e.run);
    for (const c2 of sseClients) c2(e);
  });
  const entryOr404 = (c2) => {
    const name = c2.req.query("run");
    const e = name !== void 0 ? store.entries.get(name) : void 0;
    if (!e) return c2.json({ error: `unknown run: ${name ?? "(none)"}` }, 404);
    return e;
  };
  const loaded = async (c2) => {
    const e = entryOr404(c2);
    if (e instanceof Response) return e;
    const run = await store.load(e.name);
    if (!run) return c2.json({ error: `run ${e.name} could not be read: ${e.error ?? "unknown error"}` }, 422);
    return { e, run };
  };
  app.get("/api/runs", (c2) => {
    const runs = [...store.entries.values()].map((e) => {
      const base = { name: e.name, status: e.status, version: e.version, error: e.error };
      if (!e.run) return base;
      const f = e.findings?.version === e.version ? e.findings : void 0;
      if (!f && e.status === "loaded") diagQueue.push(e.name);
      const counts = { error: 0, warning: 0, info: 0 };
      for (const x of f?.findings ?? []) counts[x.severity]++;
      return {
        ...base,
        hparams: hparamsOf(e.run),
        lastValues: lastValues(e.run),
        problems: errorProblems(e.run),
        problemCount: e.run.problems.length,
        diagnosis: f ? { worst: RunStore.worstSeverity(f.findings) ?? null, counts, error: f.error } : null
      };
    });
    return c2.json({ root: store.root, discoverError: store.discoverError, runs });
  });
  app.get("/api/tags", async (c2) => {
    const r = await loaded(c2);
    if (r instanceof Response) return r;
    const { run, e } = r;
    const scalars = [...runScalars(run)].map(([tag, s2]) => ({
      tag,
      role: roleOf(run, tag),
      count: s2.length,
      nonFinite: { ...s2.nonFinite },
      last: s2.length ? { step: s2.steps[s2.length - 1], value: jsonNum(s2.values[s2.length - 1]) } : null
    }));
    const histograms = [...runHistograms(run)].map(([tag, s2]) => ({ tag, role: roleOf(run, tag), count: s2.length }));
    const tensors = [...runTensors(run)].map(([tag, s2]) => ({ tag, role: roleOf(run, tag), count: s2.length, numeric: s2.points.some((p) => typeof p.values[0] === "number" && p.values.length > 1) }));
    const images = [...runImages(run)].map(([tag, s2]) => ({ tag, count: s2.length }));
    return c2.json({ run: run.name, version: e.version, scalars, histograms, tensors, images });
  });
  app.get("/api/scalars", async (c2) => {
    const r = await loaded(c2);
    if (r instanceof Response) return r;
    const tag = c2.req.query("tag") ?? "";
    const s2 = runScalars(r.run).get(tag);
    if (!s2) return c2.json({ error: `run ${r.run.name} has no scalar tag ${tag}` }, 404);
    const xq = c2.req.query("x");
    const xAxis = xq === "relative" || xq === "wall" ? xq : "step";
    const smoothing = Math.min(0.999, Math.max(0, numParam(c2, "smoothing", 0)));
    const data = scalarData(r.run, tag, s2, {
      xAxis,
      smoothing,
      window: Math.max(0, Math.floor(numParam(c2, "window", 0))),
      points: Math.min(2e4, Math.max(3, Math.floor(numParam(c2, "points", 3e3)))),
      min: optNum(c2, "min"),
      max: optNum(c2, "max")
    });
    return c2.json({ ...data, version: r.e.version });
  });
  app.get("/api/histograms", async (c2) => {
    const r = await loaded(c2);
    if (r instanceof Response) return r;
    const tag = c2.req.query("tag") ?? "";
    const hs = histogramsOf(r.run, tag);
    if (!hs) return c2.json({ error: `run ${r.run.name} has no histogram tag ${tag}` }, 404);
    const bins = Math.min(200, Math.max(2, Math.floor(numParam(c2, "bins", 40))));
    const steps = Math.min(500, Math.max(2, Math.floor(numParam(c2, "steps", 60))));
    return c2.json({ ...shareBins(tag, hs, bins, steps), role: roleOf(r.run, tag), version: r.e.version });
  });
  app.get("/api/tensor-stats", async (c2) => {
    const r = await loaded(c2);
    if (r instanceof Response) return r;
    const s2 = store.stats(r.e);
    return c2.json({ run: r.run.name, stats: s2.value, hits: s2.hits, error: s2.error, version: r.e.version });
  });
  app.get("/api/images", async (c2) => {
    const r = await loaded(c2);
    if (r instanceof Response) return r;
    const tags = [...runImages(r.run)].map(([tag, s2]) => ({
      tag,
      points: s2.points.map((p, index) => ({ index, step: p.step, wallTime: p.wallTime, width: p.width, height: p.height, mime: p.mime, bytes: p.encoded.length }))
    }));
    return c2.json({ run: r.run.name, tags, version: r.e.version });
  });
  app.get("/api/image", async (c2) => {
    const r = await loaded(c2);
    if (r instanceof Response) return r;
    const tag = c2.req.query("tag") ?? "";
    const p = runImages(r.run).get(tag)?.points[Math.floor(numParam(c2, "index", -1))];
    if (!p) return c2.json({ error: `no image ${tag} #${c2.req.query("index")} in run ${r.run.name}` }, 404);
    return new Response(p.encoded.slice(), { headers: { "content-type": p.mime || "application/octet-stream", "cache-control": "no-cache" } });
  });
  app.get("/api/diagnosis", async (c2) => {
    const r = await loaded(c2);
    if (r instanceof Response) return r;
    const f = await store.findings(r.e);
    return c2.json({ run: r.run.name, findings: f.findings, error: f.error, worst: RunStore.worstSeverity(f.findings) ?? null, version: r.e.version });
  });
  app.get("/api/knowledge", (c2) => c2.json({ entries: store.diagnose.KNOWLEDGE_BASE }));
  app.get("/api/export", async (c2) => {
    const names = c2.req.queries("run") ?? [];
    const tag = c2.req.query("tag") ?? "";
    const format = c2.req.query("format") === "json" ? "json" : "csv";
    const series = [];
    for (const name of names) {
      if (!store.entries.has(name)) return c2.json({ error: `unknown run: ${name}` }, 404);
      const run = await store.load(name);
      const s2 = run && runScalars(run).get(tag);
      if (!s2) continue;
      const rows = [];
      for (let i = 0; i < s2.length; i++) rows.push({ step: s2.steps[i], wallTime: s2.wallTimes[i], value: s2.values[i] });
      series.push({ run: name, rows });
    }
    const file = `${tag.replace(/[^\w.-]+/g, "_") || "scalars"}.${format}`;
    const headers = { "content-disposition": `attachment; filename="${file}"` };
    if (format === "json") {
      const body = { tag, series: series.map((s2) => ({ run: s2.run, points: s2.rows.map((p) => ({ step: p.step, wallTime: p.wallTime, value: Number.isFinite(p.value) ? p.value : valueText2(p.value) })) })) };
      return c2.json(body, 200, headers);
    }
    const lines = ["run,tag,step,wall_time,value"];
    const q = (t2) => /[",\n]/.test(t2) ? `"${t2.replace(/"/g, '""')}"` : t2;
    for (const s2 of series) for (const p of s2.rows) lines.push(`${q(s2.run)},${q(tag)},${p.step},${p.wallTime},${valueText2(p.value)}`);
    return c2.body(lines.join("\n") + "\n", 200, { ...headers, "content-type": "text/csv; charset=utf-8" });
  });
  app.get(
    "/api/events",
    (c2) => streamSSE(c2, async (stream) => {
      let resolveClosed;
      const closed = new Promise((res) => {
        resolveClosed = res;
      });
      const send = (e) => {
        void stream.writeSSE({ event: e.type, data: JSON.stringify(e) }).catch(() => resolveClosed());
      };
      sseClients.add(send);
      stream.onAbort(() => resolveClosed());
      await stream.writeSSE({ event: "hello", data: JSON.stringify({ type: "hello" }) });
      const ping = setInterval(() => {
        void stream.writeSSE({ event: "ping", data: "{}" }).catch(() => resolveClosed());
      }, 15e3);
      await closed;
      clearInterval(ping);
      sseClients.delete(send);
    })
  );
  app.all("/api/*", (c2) => c2.json({ error: `no such API route: ${c2.req.path}` }, 404));
  const webRoot = opts.webRoot;
  if (webRoot && fs7.existsSync(path3.join(webRoot, "index.html"))) {
    app.use("/*", serveStatic({ root: webRoot }));
    const index = fs7.readFileSync(path3.join(webRoot, "index.html"), "utf8");
    app.get("*", (c2) => c2.html(index));
  } else {
    app.get("*", (c2) => c2.text("The web app is not built: run `npm run build` (it writes dist/web).", 503));
  }
  return app;
}

// src/server/backend.ts
function defaultReader() {
  return {
    discoverRuns: (p) => discoverRuns(p),
    loadRun: (root, d) => loadRun(root, d),
    refreshRun: (root, run) => refreshRun(root, run)
  };
}
function defaultDiagnose() {
  return {
    diagnoseRun: (run) => diagnoseRun(run),
    evaluateWatchpoints: (run) => evaluateWatchpoints(run),
    tensorStats: (run) => tensorStats(run),
    KNOWLEDGE_BASE
  };
}

// src/server/index.ts
var DEFAULT_WEB_ROOT = path4.resolve(path4.dirname(fileURLToPath(import.meta.url)), "../../dist/web");
function createApp(opts) {
  const diagnose = opts.diagnose ?? defaultDiagnose();
  const store = opts.runs ? RunStore.fromRuns(opts.runs, diagnose) : new RunStore(path4.resolve(opts.logdir ?? "."), opts.reader ?? defaultReader(), diagnose, { concurrency: opts.concurrency, diagnoseInWorker: opts.diagnoseInWorker });
  const app = buildApp(store, { webRoot: opts.webRoot ?? DEFAULT_WEB_ROOT });
  const ready = opts.runs ? Promise.resolve() : store.discover().catch((err) => {
    store.discoverError = err instanceof Error ? err.message : String(err);
    throw err;
  });
  const loaded = ready.then(() => store.loadAllInBackground());
  loaded.catch(() => {
  });
  return {
    app,
    store,
    ready,
    loaded,
    request: app.request.bind(app),
    refresh: (o) => store.refresh(o),
    close: () => store.close()
  };
}
async function startServer(opts) {
  const logdir = path4.resolve(opts.logdir);
  try {
    fs8.accessSync(logdir, fs8.constants.R_OK);
    fs8.statSync(logdir);
  } catch (err) {
    throw new Error(`cannot read logdir ${logdir}: ${err.code ?? String(err)}`);
  }
  const dashboard = createApp({ logdir, webRoot: opts.webRoot, reader: opts.reader, diagnose: opts.diagnose });
  await dashboard.ready;
  let timer;
  let soon;
  let ticks = 0;
  timer = setInterval(() => {
    void dashboard.refresh({ discover: ticks++ % 5 === 4 });
  }, opts.refreshMs ?? 2e3);
  let watcher;
  try {
    watcher = fs8.watch(logdir, { recursive: true }, () => {
      if (!soon) soon = setTimeout(() => {
        soon = void 0;
        void dashboard.refresh();
      }, 300);
    });
    watcher.on("error", () => {
      watcher?.close();
      watcher = void 0;
    });
  } catch {
  }
  const host = opts.host ?? "127.0.0.1";
  const server = await new Promise((resolve, reject) => {
    const s2 = serve({ fetch: dashboard.app.fetch, port: opts.port ?? 6007, hostname: host }, () => resolve(s2));
    s2.once("error", reject);
  });
  const port = server.address().port;
  const shownHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    dashboard,
    close: () => new Promise((resolve) => {
      if (timer) clearInterval(timer);
      timer = void 0;
      if (soon) clearTimeout(soon);
      watcher?.close();
      dashboard.close();
      const s2 = server;
      server.close(() => resolve());
      s2.closeAllConnections?.();
    })
  };
}

// src/cli/commands/serve.ts
import fs9 from "node:fs";
import path5 from "node:path";
function registerServe(program2) {
  program2.command("serve").description("Serve the web dashboard (scalars, histograms, tensors, images, diagnosis) for LOGDIR").argument("<LOGDIR>", "directory of training logs (or one log file)").option("--port <port>", "port to listen on (0 = any free port)", "6007").option("--host <host>", "address to listen on", "127.0.0.1").action(async (logdir, opts) => {
    await runCommand("serve", async () => {
      let abs;
      try {
        abs = checkInputPath(logdir);
      } catch (e) {
        if (!(e instanceof UsageError) || !/empty directory/.test(e.message)) throw e;
        abs = path5.resolve(logdir);
        process.stderr.write(`trainscope serve: ${logdir} is empty for now; runs appear when files are written
`);
      }
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${opts.port}: not a port number`);
      if (!fs9.existsSync(path5.join(DEFAULT_WEB_ROOT, "index.html"))) {
        process.stderr.write(`trainscope serve: the web app is not built (${DEFAULT_WEB_ROOT}); run \`npm run build\`. The API still works.
`);
      }
      let server;
      try {
        server = await startServer({ logdir: abs, port, host: opts.host });
      } catch (e) {
        const code = e.code;
        if (code === "EADDRINUSE") throw new UsageError(`port ${port} on ${opts.host} is in use (try --port 0)`);
        if (code === "EACCES" || code === "EADDRNOTAVAIL") throw new UsageError(`cannot listen on ${opts.host}:${port} (${code})`);
        throw new UsageError(e instanceof Error ? e.message : String(e));
      }
      process.stdout.write(`trainscope dashboard for ${abs}
${server.url}
`);
      const stop = () => {
        void server.close().then(() => process.exit(0));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  });
}

// src/cli/version.ts
var VERSION = "0.1.0";

// src/cli/main.ts
var program = new Command();
program.name("trainscope").description("Reads training logs, shows them and diagnoses why a run went wrong").version(VERSION);
registerInspect(program);
registerExport(program);
registerDiagnose(program);
registerWatchpoints(program);
registerChecklist(program);
registerCompare(program);
registerServe(program);
await program.parseAsync(process.argv);
