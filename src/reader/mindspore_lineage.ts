// MindSpore lineage files (`<prefix>.out.events.summary.<unix seconds>[.<device id>].<host>_lineage`):
// TFRecord-framed `LineageEvent` records (lineage.proto), with no version record and no steps.
// `train_lineage` (hyper-parameters, train dataset, network and final loss, model path/size),
// `evaluation_lineage` (a JSON object of metrics, valid dataset), `dataset_graph` (the MindData
// pipeline, root first, children = inputs) and `user_defined_info` (maps of user values, possibly
// nested). A run directory may hold several lineage files (model.train() and model.eval() each open
// their own); all of them are merged into `RunDir.lineage`. Hyper-parameters and user-defined
// values also go to `RunDir.hparams` with sourceKind "mindspore_lineage".

import type { JsonValue } from "@bufbuild/protobuf";
import { loadProtobufCodecs, type mindsporeLineage } from "../format/index.ts";
// the protobuf codecs, loaded with this module (imported on first use only: logdir.ts, event_file.ts)
const { fromBinary, isFieldSet, toJson } = await loadProtobufCodecs();
const { DatasetGraphSchema, EvaluationLineageSchema, LineageEventSchema, TrainLineageSchema, TrainLineage_HyperParametersSchema } = (
  await loadProtobufCodecs()
).mindsporeLineage;
type TrainLineage = mindsporeLineage.TrainLineage;
type UserDefinedInfo = mindsporeLineage.UserDefinedInfo;
import type { HParamValue, Lineage, RunDir, SourceFile } from "../model/index.ts";
import { addProblem, readFramedFile } from "./mindspore_framing.ts";

export const LINEAGE_SOURCE_KIND = "mindspore_lineage";

/** True for a MindSpore lineage file name: `summary.<digits>` in the name and the `_lineage` suffix. */
export function isMindSporeLineageFile(name: string): boolean {
  const base = name.slice(name.lastIndexOf("/") + 1);
  return /\.summary\.\d+/.test(base) && base.endsWith("_lineage");
}

const JSON_OPTS = { useProtoFieldName: true } as const;

/** Plain object of a train lineage, keyed by the proto field names (`hyper_parameters`, `model.size` as a number). */
function trainLineageObject(t: TrainLineage): Record<string, unknown> {
  const o = toJson(TrainLineageSchema, t, JSON_OPTS) as Record<string, unknown>;
  const model = o.model as Record<string, unknown> | undefined;
  if (model && typeof model.size === "string") model.size = Number(model.size);
  return o;
}

/**
 * Flattens user-defined info as MindInsight lists it: every `user_info` entry's maps merged into
 * one object (later keys win); a `map_dict` value becomes a nested flattened object.
 */
function flattenUserDefinedInfo(u: UserDefinedInfo, out: Record<string, unknown> = {}, depth = 0): Record<string, unknown> {
  if (depth > 64) return out;
  for (const child of u.userInfo) flattenUserDefinedInfo(child, out, depth + 1);
  for (const [k, v] of Object.entries(u.mapInt32)) out[k] = v;
  for (const [k, v] of Object.entries(u.mapDouble)) out[k] = v;
  for (const [k, v] of Object.entries(u.mapStr)) out[k] = v;
  for (const [k, v] of Object.entries(u.mapDict)) out[k] = flattenUserDefinedInfo(v, {}, depth + 1);
  return out;
}

/**
 * Parses the metrics JSON of an evaluation lineage. Python's json.dumps writes NaN / Infinity /
 * -Infinity bare; they are accepted and come back as numbers.
 */
export function parseMetricsJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    const marker = "@@trainscope-nonfinite:";
    const quoted = text.replace(/(-?Infinity|NaN)(?=\s*[,}\]])/g, (m) => `"${marker}${m}"`);
    return JSON.parse(quoted, (_k, v) => (typeof v === "string" && v.startsWith(marker) ? Number(v.slice(marker.length)) : v)) as Record<
      string,
      unknown
    >;
  }
}

/** Dataset-graph JSON with each `mapStrList` entry `{strValue: [...]}` shown as the plain list. */
function simplifyStrLists(v: JsonValue, depth = 0): JsonValue {
  if (depth > 256 || v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x) => simplifyStrLists(x, depth + 1));
  const out: { [k: string]: JsonValue } = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === "mapStrList" && x && typeof x === "object" && !Array.isArray(x)) {
      const lists: { [k: string]: JsonValue } = {};
      for (const [name, l] of Object.entries(x)) {
        lists[name] = l && typeof l === "object" && !Array.isArray(l) ? (l.strValue ?? []) : l;
      }
      out[k] = lists;
    } else {
      out[k] = simplifyStrLists(x, depth + 1);
    }
  }
  return out;
}

function setHParam(dir: RunDir, relPath: string, name: string, value: HParamValue): void {
  const i = dir.hparams.findIndex((h) => h.name === name && h.sourceKind === LINEAGE_SOURCE_KIND && h.source === relPath);
  const h = { name, value, sourceKind: LINEAGE_SOURCE_KIND, source: relPath };
  if (i >= 0) dir.hparams[i] = h;
  else dir.hparams.push(h);
}

const HYPER_FIELDS = TrainLineage_HyperParametersSchema.fields;

function applyTrain(dir: RunDir, lin: Lineage, relPath: string, t: TrainLineage): void {
  lin.train = trainLineageObject(t);
  const hp = t.hyperParameters;
  if (hp) {
    for (const f of HYPER_FIELDS) {
      if (!isFieldSet(hp, f)) continue;
      const v = (hp as unknown as Record<string, unknown>)[f.localName];
      if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") setHParam(dir, relPath, f.name, v);
    }
  }
  if (t.algorithm?.network) setHParam(dir, relPath, "network", t.algorithm.network);
}

function applyUserDefined(dir: RunDir, lin: Lineage, relPath: string, u: UserDefinedInfo): void {
  const flat = flattenUserDefinedInfo(u);
  lin.userDefined = { ...(lin.userDefined ?? {}), ...flat };
  for (const [k, v] of Object.entries(flat)) {
    if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") setHParam(dir, relPath, k, v);
  }
}

function applyLineageRecord(dir: RunDir, relPath: string, data: Uint8Array, offset: number): void {
  let ev;
  try {
    ev = fromBinary(LineageEventSchema, data);
  } catch (e) {
    addProblem(dir, {
      file: relPath,
      offset,
      code: "decode",
      severity: "error",
      message: `record of ${data.length} bytes is not a MindSpore LineageEvent: ${(e as Error).message}`,
    });
    return;
  }
  const lin: Lineage = (dir.lineage ??= {});
  const what = ev.what;
  switch (what.case) {
    case "trainLineage":
      applyTrain(dir, lin, relPath, what.value);
      return;
    case "evaluationLineage": {
      lin.eval = toJson(EvaluationLineageSchema, what.value, JSON_OPTS) as Record<string, unknown>;
      if (what.value.metric) {
        try {
          lin.metrics = { ...(lin.metrics ?? {}), ...parseMetricsJson(what.value.metric) };
        } catch (e) {
          addProblem(dir, {
            file: relPath,
            offset,
            code: "decode",
            severity: "warning",
            message: `evaluation lineage metric is not a JSON object (${(e as Error).message}); kept as text in lineage.eval.metric`,
          });
        }
      }
      return;
    }
    case "datasetGraph":
      lin.datasetGraph = simplifyStrLists(toJson(DatasetGraphSchema, what.value, JSON_OPTS));
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
        message: "lineage record holds no lineage this reader knows (skipped)",
      });
  }
}

/**
 * Reads the new bytes of a MindSpore lineage file into `dir.lineage` and `dir.hparams` (creates
 * the SourceFile when `source` is undefined; resumes at `source.readOffset` otherwise). Never
 * throws for bad data: every damaged or undecodable record becomes a Problem with its offset.
 */
export async function readMindSporeLineageFile(
  absPath: string,
  relPath: string,
  dir: RunDir,
  source: SourceFile | undefined,
  opts: { verifyDataCrc?: boolean; chunkBytes?: number } = {},
): Promise<SourceFile> {
  return readFramedFile(absPath, relPath, "mindspore_lineage", dir, source, opts, (data, offset) => {
    applyLineageRecord(dir, relPath, data, offset);
  });
}
