// Scalar logs written as JSON, in the three layouts tools use:
// - JSON lines, one object per logged step: detectron2 `metrics.json` (`iteration`, `total_loss`,
//   `loss_cls`, `lr`, ...; evaluation lines `bbox/AP`), Ray Tune's `result.json`, MMEngine `vis_data/scalars.json` (`step`,
//   `loss`, `lr`, `coco/bbox_mAP`), MMCV `*.log.json` (`mode`, `epoch`, `iter`), and `*.jsonl` logs;
// - a Keras `History.history` dump (`history.json`: `{"loss": [...], "val_loss": [...]}`), one
//   value per epoch, or the same through pandas' `to_json()` (`{"loss": {"0": ..., "1": ...}}`);
// - an array of such objects (`[{"epoch": 0, "loss": ...}, ...]`).
// Every numeric field becomes a scalar series named after its key, at the record's step: the first
// of `step`, `global_step`, `iteration`, `iter`, `epoch` the records hold, or the record index when
// there is none or, for that series, it restarts (MMCV's `iter` counts within an epoch); a record whose `mode` is not
// `train` (MMCV's `val`) writes under `<mode>/<key>`. A line that is not JSON is reported with its
// byte offset and skipped. Python's bare `NaN` / `Infinity` are read as numbers. MMEngine's
// validation records (step = epoch) are put on the training records' iteration axis and marked
// as validation series; every series knows its step unit when the step key names one. The whole file is re-read when it changes (these logs are small),
// and the series it wrote are replaced.
import { EpochAxis, stepUnitOfName, type RunDir, type SourceFile } from "../model/index.ts";
import { parseJsonWithNonFinite } from "./hparams_file.ts";
import { OWNED_LIMIT_MARK, rewriteOwnedScalars } from "./owned_scalars.ts";
import { MAX_TEXT_LOG_SERIES, textLogLimitMessage } from "./limits.ts";
import { rayTuneStepKey } from "./log_quirks.ts";
import { readInside, type Boundary } from "./safe_open.ts";
import { isJsonLogName } from "./file_names.ts";

export { isJsonLogName };

const STEP_KEYS = ["step", "global_step", "iteration", "iter", "epoch"];

type Rec = Record<string, unknown>;

/** The records of a JSON log text, and the byte offsets of lines that could not be read. */
export function parseJsonLog(text: string): {
  records: Rec[];
  layout: "jsonl" | "history" | "array";
  bad: { offset: number; message: string }[];
} {
  const trimmed = text.trim();
  const bad: { offset: number; message: string }[] = [];
  if (trimmed.startsWith("[") || (trimmed.startsWith("{") && !/\}\s*\n\s*\{/.test(trimmed))) {
    try {
      const v = parseJsonWithNonFinite(trimmed);
      if (Array.isArray(v))
        return { records: v.filter((x): x is Rec => x !== null && typeof x === "object" && !Array.isArray(x)), layout: "array", bad };
      if (v !== null && typeof v === "object") {
        const o = v as Rec;
        const cols = Object.entries(o).filter(([, x]) => Array.isArray(x));
        if (cols.length > 0 && cols.length === Object.keys(o).length) {
          const n = Math.max(...cols.map(([, x]) => (x as unknown[]).length));
          const records: Rec[] = [];
          for (let i = 0; i < n; i++) {
            const r: Rec = { epoch: i };
            for (const [k, x] of cols) if (i < (x as unknown[]).length) r[k] = (x as unknown[])[i];
            records.push(r);
          }
          return { records, layout: "history", bad };
        }
        // pandas DataFrame.to_json() (orient "columns"): {"loss": {"0": 2.17, "1": 2.14, ...}, ...}
        const byIndex = Object.values(o);
        if (
          byIndex.length > 0 &&
          byIndex.every(
            (x) => x !== null && typeof x === "object" && !Array.isArray(x) && Object.keys(x as Rec).every((k) => /^\d+$/.test(k)),
          )
        ) {
          const rows = new Map<number, Rec>();
          for (const [k, col] of Object.entries(o)) {
            for (const [i, v] of Object.entries(col as Rec)) {
              const r = rows.get(Number(i)) ?? { epoch: Number(i) };
              r[k] = v;
              rows.set(Number(i), r);
            }
          }
          return { records: [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r), layout: "history", bad };
        }
        return { records: [o], layout: "jsonl", bad };
      }
    } catch {
      /* not one document: read it line by line */
    }
  }
  const records: Rec[] = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (t) {
      try {
        const v = parseJsonWithNonFinite(t);
        if (v !== null && typeof v === "object" && !Array.isArray(v)) records.push(v as Rec);
        else bad.push({ offset, message: "line is not a JSON object" });
      } catch (e) {
        bad.push({ offset, message: `line is not JSON: ${(e as Error).message}` });
      }
    }
    offset += Buffer.byteLength(line, "utf8") + 1;
  }
  return { records, layout: "jsonl", bad };
}

function flattenRecord(r: Rec, prefix = "", out: Rec = {}): Rec {
  for (const [k, v] of Object.entries(r)) {
    if (!prefix && k === "config") continue;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) flattenRecord(v as Rec, `${prefix}${k}/`, out);
    else out[prefix + k] = v;
  }
  return out;
}

/**
 * MMEngine's scalars.json / `vis_data/<timestamp>.json`: training records carry `epoch` and `iter`
 * (step = iteration), validation records only `step`, which is then the epoch. The validation
 * records are put on the iteration axis at the last iteration logged in their epoch.
 */
function mmengineAxis(records: Rec[], stepKey: string | undefined): { axis: EpochAxis; isVal: (r: Rec) => boolean } | undefined {
  if (stepKey !== "step") return undefined;
  const isTrain = (r: Rec) => typeof r.iter === "number" && typeof r.epoch === "number";
  const isVal = (r: Rec) =>
    !isTrain(r) && typeof r.step === "number" && r.mode === undefined && r.iter === undefined && r.epoch === undefined;
  const pairs: [number, number][] = [];
  for (const r of records) if (isTrain(r)) pairs.push([r.iter as number, r.epoch as number]);
  if (pairs.length === 0 || !records.some(isVal)) return undefined;
  return { axis: new EpochAxis(pairs), isVal };
}

/** Reads a JSON scalar log into `dir` (replacing what an earlier read of the same file wrote). */
export async function readJsonLog(
  absPath: string,
  relPath: string,
  dir: RunDir,
  source?: SourceFile,
  opts: { boundary?: Boundary } = {},
): Promise<SourceFile> {
  let src = source;
  if (!src) {
    src = { path: relPath, format: "json_log", readOffset: 0, size: 0, records: 0, info: {} };
    dir.sources.push(src);
  }
  let buf: Buffer;
  try {
    buf = await readInside(absPath, opts.boundary);
  } catch (e) {
    dir.problems.push({ file: relPath, code: "io", severity: "error", message: `cannot read JSON log: ${(e as Error).message}` });
    return src;
  }
  if (src.size === buf.length && src.readOffset === buf.length && buf.length > 0) return src;
  const parsed = parseJsonLog(buf.toString("utf8").replace(/^\uFEFF/, ""));
  const { layout, bad } = parsed;
  for (let i = dir.problems.length - 1; i >= 0; i--)
    if (dir.problems[i].file === relPath && dir.problems[i].code === "json") dir.problems.splice(i, 1);
  // a line cut by a writer that is still writing is not damage: it is read again next time
  const lastLineOpen = buf.length > 0 && buf[buf.length - 1] !== 0x0a;
  for (const b of bad) {
    const cut = lastLineOpen && b === bad[bad.length - 1] && b.offset > buf.lastIndexOf(0x0a);
    if (!cut) dir.problems.push({ file: relPath, offset: b.offset, code: "json", severity: "warning", message: b.message });
  }
  if (buf.length === 0)
    dir.problems.push({ file: relPath, offset: 0, code: "empty", severity: "warning", message: "JSON log is empty (0 bytes)" });
  const keys = [...new Set(parsed.records.slice(0, 50).flatMap((r) => Object.keys(r)))];
  const rayStep = rayTuneStepKey(keys, (k) => parsed.records.some((r) => typeof r[k] === "number"));
  // Ray Tune's results nest (`info/learner/...`): flattened with '/' as its CSV and TensorBoard loggers do
  const records = rayStep ? parsed.records.map((r) => flattenRecord(r)) : parsed.records;
  const stepKey = rayStep ?? STEP_KEYS.find((k) => records.some((r) => typeof r[k] === "number"));
  const mm = mmengineAxis(records, stepKey);
  // per tag: (step, record index, value); a tag whose steps go backwards (MMCV's `iter` counts
  // within the epoch) is placed by record order instead
  const points = new Map<string, { step: number; index: number; value: number }[]>();
  const valTags = new Set<string>();
  const trainKeys = new Set<string>();
  const tooMany = new Set<string>();
  if (mm) for (const r of records) if (!mm.isVal(r)) for (const k of Object.keys(r)) trainKeys.add(k);
  records.forEach((r, i) => {
    let step = stepKey !== undefined && typeof r[stepKey] === "number" ? (r[stepKey] as number) : i;
    // MMCV logs train and val records with the same keys, told apart by `mode`
    let mode = typeof r.mode === "string" && r.mode.toLowerCase() !== "train" ? `${r.mode.toLowerCase()}/` : "";
    const val = mm?.isVal(r) === true;
    if (val) step = mm!.axis.stepAtEpochEnd(step) ?? step;
    for (const [key, value] of Object.entries(r)) {
      if (key === stepKey || typeof value !== "number") continue;
      // MMEngine's validation keys shared with the training records (`time`, `data_time`) get `val/`
      if (val) mode = trainKeys.has(key) ? "val/" : "";
      const tag = mode + key;
      const l = points.get(tag);
      if (l) l.push({ step, index: i, value });
      else if (points.size >= MAX_TEXT_LOG_SERIES) {
        tooMany.add(tag); // bounded (limits.ts): reported below
        continue;
      } else points.set(tag, [{ step, index: i, value }]);
      if (val) valTags.add(tag);
    }
  });
  let byIndex = false;
  const unit = mm ? "iteration" : stepKey === undefined ? undefined : layout === "history" ? "epoch" : stepUnitOfName(stepKey);
  const owned = rewriteOwnedScalars(dir, src, (put) => {
    for (const [tag, ps] of points) {
      const restarts = ps.some((p, k) => k > 0 && p.step < ps[k - 1].step);
      if (restarts) byIndex = true;
      for (const p of ps) put(tag, restarts ? p.index : p.step, p.value);
    }
  });
  const limit = textLogLimitMessage("key", tooMany.size, 0);
  if (limit) dir.problems.push({ file: relPath, offset: 0, code: "limit", severity: "warning", message: `${OWNED_LIMIT_MARK}${limit}` });
  for (const tag of owned) {
    const series = dir.scalars.get(tag);
    if (!series) continue;
    if (unit && !(byIndex && points.get(tag)!.some((p, k, ps) => k > 0 && p.step < ps[k - 1].step))) series.unit = unit;
    if (valTags.has(tag)) series.phase = "val";
  }
  for (const [k, series] of dir.copies) {
    if (!k.startsWith(`${relPath}\u0000`)) continue;
    const tag = k.slice(relPath.length + 1);
    if (unit) series.unit = unit;
    if (valTags.has(tag)) series.phase = "val";
  }
  src.size = buf.length;
  src.readOffset = buf.length;
  src.records = records.length;
  src.info = {
    ...(src.info ?? {}),
    columns: owned.join(","),
    layout,
    stepColumn: stepKey === undefined || byIndex ? "(index)" : stepKey,
    rows: records.length,
  };
  return src;
}
