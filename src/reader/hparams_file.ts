// Hyper-parameter and configuration files beside a training log: `hparams.json` (a JSON object)
// and `hparams.yaml` / `hparams.yml` (Lightning's `save_hyperparameters()`, a YAML mapping,
// possibly with Python tags), and the configuration other tools save: timm `args.yaml` (beside
// summary.csv) and Ultralytics YOLO `args.yaml`, YOLOv5 `opt.yaml` / `hyp.yaml`, detectron2
// `config.yaml` (nested: SOLVER.BASE_LR), Hydra `.hydra/config.yaml`, `params.yaml` / `params.json`,
// `args.json`, `training_args.json`, `config.json` (a training configuration, or a HuggingFace
// model's architecture: `transformers_version` / `model_type`, kept apart as "model_config" and its
// `id2label` counted as `num_labels`), and HF Trainer `trainer_state.json` (its configuration
// fields: train_batch_size, num_train_epochs, max_steps, logging/eval/save steps; its log_history
// becomes scalars through hf_log_history.ts). A `{"hparams": {...}, "metrics": [...]}` wrapper is unwrapped. Nested mappings are
// flattened with '.' (`optimizer.lr`); lists become their JSON text; null becomes the string
// "null". Each value is recorded in RunDir.hparams with its source file and kind ("hparams_json" /
// "hparams_yaml" for hparams files, "config_json" / "config_yaml" for other tools' files,
// "trainer_state", "model_config"). Unreadable files become a Problem (a warning for the generic
// names, which other programs also use); nothing throws. Size, alias expansion, key count and depth
// are bounded (parse_bounds.ts); what a bound drops is reported ("limit").
import fs from "node:fs/promises";
import { yamlLib } from "./yaml_lib.ts";
import { readLogHistory } from "./hf_log_history.ts";
import { readInside, type Boundary } from "./safe_open.ts";
import { MAX_JSON_BYTES, MAX_KEYS, MAX_YAML_BYTES, boundAliases, flattenBounded } from "./parse_bounds.ts";
import type { HParam, HParamValue, RunDir, SourceFile } from "../model/index.ts";
import { hparamsFileKind, type HParamsFileKind } from "./file_names.ts";

export { hparamsFileKind, type HParamsFileKind };

/** True for the hparams files proper (`hparams.json` / `hparams.yaml`), false for other tools' configuration files. */
function isHParamsName(baseName: string): boolean {
  return /^hparams\.(json|ya?ml)$/i.test(baseName);
}

/** HF Trainer `trainer_state.json` fields that are configuration (the rest is progress and history). */
const TRAINER_STATE_FIELDS = ["train_batch_size", "num_train_epochs", "max_steps", "logging_steps", "eval_steps", "save_steps"];

/** A HuggingFace `PretrainedConfig` (`config.json` saved with a model): architecture, not training. */
function isModelConfig(obj: Record<string, unknown>): boolean {
  return typeof obj.transformers_version === "string" || (typeof obj.model_type === "string" && Array.isArray(obj.architectures));
}

/** The mapping to record and its source kind, for a parsed file of base name `base`. */
function configContent(
  base: string,
  obj: Record<string, unknown>,
  kind: HParamsFileKind,
): { values: Record<string, unknown>; sourceKind: string } {
  const b = base.toLowerCase();
  if (isHParamsName(b)) return { values: unwrapHParams(obj), sourceKind: kind };
  if (b === "trainer_state.json") {
    const values: Record<string, unknown> = {};
    for (const k of TRAINER_STATE_FIELDS) if (k in obj && obj[k] !== null) values[k] = obj[k];
    return { values, sourceKind: "trainer_state" };
  }
  if (b === "config.json" && isModelConfig(obj)) {
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      // label maps can hold thousands of entries: their size is what matters
      if ((k === "id2label" || k === "label2id") && v !== null && typeof v === "object") {
        if (k === "id2label" && !("num_labels" in obj)) values.num_labels = Object.keys(v as object).length;
        continue;
      }
      values[k] = v;
    }
    return { values, sourceKind: "model_config" };
  }
  return { values: unwrapHParams(obj), sourceKind: kind === "hparams_json" ? "config_json" : "config_yaml" };
}

/** Flattens a parsed mapping into name → value pairs, nested keys joined with '.' (iterative; no key limit). */
export function flattenHParams(obj: unknown): [string, HParamValue][] {
  return flattenBounded(obj, Infinity).pairs;
}

const WRAPPER_KEYS = ["hparams", "hyperparameters", "hyper_parameters", "hparam_dict"];
const METRIC_KEYS = new Set(["metrics", "metric", "metric_dict", "metric_names"]);

/**
 * `{"hparams": {...}, "metrics": [...]}` (a common export layout) → the inner mapping plus any other
 * top-level values; the list of metric names is not a hyper-parameter. A flat mapping is returned as is.
 */
function unwrapHParams(obj: Record<string, unknown>): Record<string, unknown> {
  const key = Object.keys(obj).find((k) => WRAPPER_KEYS.includes(k.toLowerCase()));
  const inner = key === undefined ? undefined : obj[key];
  if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return obj;
  const out: Record<string, unknown> = { ...(inner as Record<string, unknown>) };
  for (const [k, v] of Object.entries(obj)) {
    if (k === key || METRIC_KEYS.has(k.toLowerCase()) || k in out) continue;
    out[k] = v;
  }
  return out;
}

/**
 * Reads a hyper-parameter file into `dir.hparams` (replacing what an earlier read of the same file
 * put there). Creates the SourceFile (and adds it to `dir.sources`) when `source` is undefined; the
 * format comes from the file name.
 */
export async function readHParamsFile(
  absPath: string,
  relPath: string,
  dir: RunDir,
  source?: SourceFile,
  opts: { boundary?: Boundary } = {},
): Promise<SourceFile> {
  let src = source;
  if (!src) {
    const base = relPath.slice(relPath.lastIndexOf("/") + 1);
    src = {
      path: relPath,
      format: hparamsFileKind(base) ?? (/\.json$/i.test(base) ? "hparams_json" : "hparams_yaml"),
      readOffset: 0,
      size: 0,
      records: 0,
    };
    dir.sources.push(src);
  }
  await readHParamsInto(absPath, relPath, dir, src, opts.boundary);
  return src;
}

async function readHParamsInto(absPath: string, relPath: string, dir: RunDir, source: SourceFile, boundary?: Boundary): Promise<boolean> {
  const kind: HParamsFileKind = source.format === "hparams_json" ? "hparams_json" : "hparams_yaml";
  const base = relPath.slice(relPath.lastIndexOf("/") + 1);
  // generic names (config.json, params.yaml ...) are also used by programs that are not trainers
  const badSeverity = isHParamsName(base) || hparamsFileKind(base) === undefined ? "error" : "warning";
  let buf: Buffer;
  try {
    buf = await readInside(absPath, boundary);
  } catch (e) {
    dir.problems.push({ file: relPath, code: "io", severity: "error", message: `cannot read hyper-parameters: ${(e as Error).message}` });
    return false;
  }
  let mtimeMs = 0;
  try {
    mtimeMs = (await fs.stat(absPath)).mtimeMs;
  } catch {
    /* read above worked */
  }
  const stamp = `${buf.length}:${mtimeMs}`;
  if (source.info?.stamp === stamp) return false;
  source.info = { ...(source.info ?? {}), stamp };
  source.size = buf.length;
  source.readOffset = buf.length;
  if (buf.length === 0) {
    dir.problems.push({ file: relPath, offset: 0, code: "empty", severity: "warning", message: "hyper-parameter file is empty (0 bytes)" });
    return false;
  }
  const maxBytes = kind === "hparams_json" ? MAX_JSON_BYTES : MAX_YAML_BYTES;
  if (buf.length > maxBytes) {
    dir.problems.push({
      file: relPath,
      offset: 0,
      code: "limit",
      severity: "warning",
      message: `${kind === "hparams_json" ? "JSON" : "YAML"} configuration file of ${buf.length} bytes not read (at most ${maxBytes} bytes)`,
    });
    return false;
  }
  const text = buf.toString("utf8").replace(/^\uFEFF/, "");
  let parsed: unknown;
  if (kind === "hparams_json") {
    try {
      parsed = parseJsonWithNonFinite(text);
    } catch (e) {
      dir.problems.push({ file: relPath, code: "hparams", severity: badSeverity, message: `not valid JSON: ${(e as Error).message}` });
      return false;
    }
  } else {
    const doc = yamlLib().parseDocument(text, { uniqueKeys: false, logLevel: "silent" });
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      dir.problems.push({
        file: relPath,
        offset: err.pos?.[0],
        line: err.linePos?.[0]?.line,
        code: "hparams",
        severity: badSeverity,
        message: `not valid YAML: ${err.message.split("\n")[0]}`,
      });
      return false;
    }
    const bounded = boundAliases(doc);
    if (bounded) dir.problems.push({ file: relPath, offset: 0, code: "limit", severity: "warning", message: bounded });
    // Python-specific tags (!!python/object...) resolve to their plain content; they are not errors.
    // The aliases left are within the expansion bound.
    try {
      parsed = doc.toJS({ maxAliasCount: -1 });
    } catch (e) {
      dir.problems.push({
        file: relPath,
        code: "hparams",
        severity: badSeverity,
        message: `YAML does not convert: ${(e as Error).message}`,
      });
      return false;
    }
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    dir.problems.push({
      file: relPath,
      code: "hparams",
      severity: badSeverity,
      message: "hyper-parameter file does not hold a mapping of names to values",
    });
    return false;
  }
  // HF Trainer's state also holds everything the Trainer logged
  if (base.toLowerCase() === "trainer_state.json") readLogHistory((parsed as Record<string, unknown>).log_history, dir, source);
  const content = configContent(base, parsed as Record<string, unknown>, kind);
  const flat = flattenBounded(content.values);
  if (flat.dropped)
    dir.problems.push({
      file: relPath,
      offset: 0,
      code: "limit",
      severity: "warning",
      message: `${flat.dropped} hyper-parameter(s) past the first ${MAX_KEYS} not read (at most ${MAX_KEYS} per file)`,
    });
  if (flat.tooDeep)
    dir.problems.push({
      file: relPath,
      offset: 0,
      code: "limit",
      severity: "info",
      message: `${flat.tooDeep} value(s) nested deeper than 64 levels kept as their JSON text`,
    });
  const values: HParam[] = flat.pairs.map(([name, value]) => ({ name, value, sourceKind: content.sourceKind, source: relPath }));
  // Replace what an earlier read of this file put there (filter, not splice: thousands of names).
  const kept = dir.hparams.filter((h) => h.source !== relPath);
  dir.hparams.length = 0;
  for (const h of kept) dir.hparams.push(h);
  for (const v of values) dir.hparams.push(v);
  source.records = values.length;
  return true;
}

/**
 * JSON as Python's `json.dump` writes it: bare `NaN`, `Infinity` and `-Infinity` (a NaN loss in
 * HF's trainer_state.json) are read as numbers instead of failing the whole file.
 */
export function parseJsonWithNonFinite(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (!/\b(NaN|Infinity)\b/.test(text)) throw e;
    const marked = text.replace(/([:[,]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g, (_m, pre: string, tok: string) => `${pre}"\\u0000${tok}"`);
    return JSON.parse(marked, (_k, v) =>
      typeof v === "string" && v.charCodeAt(0) === 0 ? (v === "\u0000NaN" ? NaN : v === "\u0000Infinity" ? Infinity : -Infinity) : v,
    );
  }
}
