// Dataset lineage of a run: which data it was trained and evaluated on and how the data was
// processed, from every place logs record it:
//   - MindSpore lineage: train/valid dataset path and size (train_lineage, evaluation_lineage) and
//     the MindData pipeline (`dataset_graph`: root first, children = inputs), turned into a list of
//     steps from the sources to the root, each with its operation, parameters, tensor operations
//     (Resize, Normalize...) and sampler;
//   - the hyper-parameters that describe data (paths, batch size, shuffling, augmentation, splits,
//     image or sequence sizes, tokenizer...), with their source;
//   - text notes whose tag names the data (`data`, `dataset`, `data/pipeline`...), as the recorder's
//     `text()` writes them (the last note of each tag).
// `datasetFacets` flattens it into named facts ("train.path", "pipeline[0]", "hparam batch_size",
// "note data") so that runs can be compared fact by fact. Pure functions; nothing throws on odd
// graphs (depth and size are bounded).
import type { HParamValue, TrainingRun } from "../model/index.ts";

export type DatasetParam = string | number | boolean | string[] | number[];

export interface DatasetStep {
  /** Operation type (`MnistDataset`, `MapDataset`, `BatchDataset`...). */
  op: string;
  params: Record<string, DatasetParam>;
  /** Tensor operations of a map step, in order (`Resize(size=32,32)`). */
  transforms: { op: string; params: Record<string, DatasetParam> }[];
  /** Sampler of a source step (`RandomSampler(num_samples=6)`). */
  sampler?: { op: string; params: Record<string, DatasetParam> };
  /** Indices (in `pipeline`) of the steps feeding this one. */
  inputs: number[];
}

export interface DatasetLineage {
  train: { path: string | null; size: number | null } | null;
  valid: { path: string | null; size: number | null } | null;
  /** The pipeline from the sources to the root (a step comes after its inputs); empty when not recorded. */
  pipeline: DatasetStep[];
  /** Hyper-parameters about data, with their value. */
  keys: Record<string, HParamValue>;
  /** Text notes about data: tag, step and text (the last note of each tag, at most 4 kB kept). */
  notes: { tag: string; step: number; text: string }[];
  /** The same as named facts (`datasetFacets`), for comparing runs. */
  facts: Record<string, string>;
}

/** Hyper-parameter names that describe the data rather than the model or optimiser. */
export const DATASET_KEY =
  /(^|[^a-z])(data|dataset|datasets|datadir|datapath)([^a-z]|$)|data_?(dir|path|root|set|file|name)|batch|shuffl|augment|^aug|_aug|mixup|cutmix|split|sampl|num_workers|resize|crop|image_?size|img_?size|resolution|normaliz|tokeniz|max_?len|max_?length|seq_?len|vocab|fold|subset|(train|val|valid|test|eval)_?(size|frac|ratio|split|samples)|n_?train|num_train/i;
const NOTE_TAG = /(^|[/_.-])(data|dataset|datasets|pipeline|data_?notes?)([/_.-]|$)/i;
const MAX_STEPS = 200;
const MAX_NOTE = 4096;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The flat parameters of a MindSpore OperationParameter (`mapStr`, `mapInt`, `mapBool`, `mapDouble`, `mapStrList`). */
function paramsOf(p: unknown): Record<string, DatasetParam> {
  const out: Record<string, DatasetParam> = {};
  if (!isObj(p)) return out;
  for (const m of ["mapStr", "mapInt", "mapBool", "mapDouble", "mapStrList"])
    if (isObj(p[m]))
      for (const [k, v] of Object.entries(p[m])) {
        if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
        else if (Array.isArray(v)) out[k] = v.map(String);
      }
  return out;
}

function opName(params: Record<string, DatasetParam>, ...keys: string[]): string {
  for (const k of keys) {
    const v = params[k];
    if (typeof v === "string" && v) {
      delete params[k];
      return v;
    }
  }
  return "(unnamed)";
}

const MODULE_KEYS = ["op_module", "tensor_op_module", "sampler_module"];

function dropModules(params: Record<string, DatasetParam>): Record<string, DatasetParam> {
  for (const k of MODULE_KEYS) delete params[k];
  return params;
}

/** The MindSpore dataset graph as a list of steps, sources first (post-order of the tree). */
export function datasetPipeline(graph: unknown): DatasetStep[] {
  const steps: DatasetStep[] = [];
  const visit = (node: unknown, depth: number): number | undefined => {
    if (!isObj(node) || depth > 64 || steps.length >= MAX_STEPS) return undefined;
    const inputs: number[] = [];
    if (Array.isArray(node.children))
      for (const c of node.children) {
        const i = visit(c, depth + 1);
        if (i !== undefined) inputs.push(i);
      }
    const params = paramsOf(node.parameter);
    const op = opName(params, "op_type");
    const transforms = (Array.isArray(node.operations) ? node.operations : []).filter(isObj).map((o) => {
      const p = paramsOf(o.operationParam);
      const name = opName(p, "tensor_op_name", "op_type");
      if (Array.isArray(o.size) && o.size.length) p.size = o.size.map(Number);
      if (Array.isArray(o.weights) && o.weights.length) p.weights = o.weights.map((w) => Number(Number(w).toPrecision(6)));
      return { op: name, params: dropModules(p) };
    });
    let sampler: DatasetStep["sampler"];
    if (isObj(node.sampler)) {
      const p = paramsOf(node.sampler.operationParam);
      sampler = { op: opName(p, "sampler_name"), params: dropModules(p) };
    }
    if (op === "(unnamed)" && !transforms.length && !sampler && !inputs.length && !Object.keys(params).length) return undefined;
    steps.push({ op, params: dropModules(params), transforms, ...(sampler ? { sampler } : {}), inputs });
    return steps.length - 1;
  };
  visit(graph, 0);
  return steps;
}

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}
function str(v: unknown): string | null {
  return typeof v === "string" && v ? v : null;
}

/** What the run's logs say about its data (null when they say nothing). */
export function datasetLineage(run: TrainingRun): DatasetLineage | null {
  let train: DatasetLineage["train"] = null,
    valid: DatasetLineage["valid"] = null,
    pipeline: DatasetStep[] = [];
  const notes: DatasetLineage["notes"] = [];
  for (const d of run.dirs) {
    const lin = d.lineage;
    if (lin) {
      const td = isObj(lin.train?.train_dataset) ? lin.train.train_dataset : undefined;
      if (td && !train) train = { path: str(td.train_dataset_path), size: num(td.train_dataset_size) };
      const vd = isObj(lin.eval?.valid_dataset) ? lin.eval.valid_dataset : undefined;
      if (vd && !valid) valid = { path: str(vd.valid_dataset_path), size: num(vd.valid_dataset_size) };
      if (lin.datasetGraph !== undefined && !pipeline.length) pipeline = datasetPipeline(lin.datasetGraph);
    }
    for (const [tag, s] of d.texts) {
      if (!NOTE_TAG.test(tag) || !s.points.length) continue;
      const p = s.points[s.points.length - 1];
      notes.push({ tag, step: p.step, text: p.text.length > MAX_NOTE ? p.text.slice(0, MAX_NOTE) + "…" : p.text });
    }
  }
  const keys: Record<string, HParamValue> = {};
  for (const [k, h] of run.hparams) if (DATASET_KEY.test(k)) keys[k] = h.value;
  if (!train && !valid && !pipeline.length && !notes.length && !Object.keys(keys).length) return null;
  const d: DatasetLineage = { train, valid, pipeline, keys, notes, facts: {} };
  d.facts = datasetFacets(d);
  return d;
}

function paramText(params: Record<string, DatasetParam>): string {
  return Object.entries(params)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : String(v)}`)
    .join(", ");
}

/** One step as text: `MapDataset(input_columns=image) ← Resize(size=32,32) → Rescale(...)`. */
export function stepText(s: DatasetStep): string {
  let t = `${s.op}(${paramText(s.params)})`;
  if (s.sampler) t += ` sampler ${s.sampler.op}(${paramText(s.sampler.params)})`;
  if (s.transforms.length) t += ": " + s.transforms.map((x) => `${x.op}(${paramText(x.params)})`).join(" → ");
  return t;
}

/** The dataset lineage as named facts (`train.path`, `pipeline[2]`, `hparam batch_size`, `note data`), for comparing runs. */
export function datasetFacets(d: Omit<DatasetLineage, "facts"> | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d) return out;
  if (d.train?.path) out["train.path"] = d.train.path;
  if (d.train?.size !== null && d.train?.size !== undefined) out["train.size"] = String(d.train.size);
  if (d.valid?.path) out["valid.path"] = d.valid.path;
  if (d.valid?.size !== null && d.valid?.size !== undefined) out["valid.size"] = String(d.valid.size);
  d.pipeline.forEach((s, i) => (out[`pipeline[${i}]`] = stepText(s)));
  for (const [k, v] of Object.entries(d.keys)) out[`hparam ${k}`] = String(v);
  for (const n of d.notes) out[`note ${n.tag}`] = n.text;
  return out;
}
