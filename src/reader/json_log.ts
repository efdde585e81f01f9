// Scalar logs written as JSON, in the three layouts tools use:
// - JSON lines, one object per logged step: detectron2 `metrics.json` (`iteration`, `total_loss`,
//   `loss_cls`, `lr`, ...; evaluation lines `bbox/AP`), MMEngine `vis_data/scalars.json` (`step`,
//   `loss`, `lr`, `coco/bbox_mAP`), MMCV `*.log.json` (`mode`, `epoch`, `iter`), and `*.jsonl` logs;
// - a Keras `History.history` dump (`history.json`: `{"loss": [...], "val_loss": [...]}`), one
//   value per epoch;
// - an array of such objects (`[{"epoch": 0, "loss": ...}, ...]`).
// Every numeric field becomes a scalar series named after its key, at the record's step: the first
// of `step`, `global_step`, `iteration`, `iter`, `epoch` the records hold, or the record index when
// there is none or, for that series, it restarts (MMCV's `iter` counts within an epoch); a record whose `mode` is not
// `train` (MMCV's `val`) writes under `<mode>/<key>`. Keys written only by evaluation records (records
// without any loss key in a log whose training records have one: MMEngine's validation lines,
// detectron2's `bbox/AP` lines) are listed in the source fact `evalKeys`. A line that is not JSON is reported with its
// byte offset and skipped. Python's bare `NaN` / `Infinity` are read as numbers. The whole file is re-read when it changes (these logs are small),
// and the series it wrote are replaced.
import fs from "node:fs/promises";
import type { RunDir, SourceFile } from "../model/index.ts";
import { parseJsonWithNonFinite } from "./hparams_file.ts";
import { rewriteOwnedScalars } from "./owned_scalars.ts";

/** File names (lower case) read as JSON scalar logs. */
export function isJsonLogName(baseName: string): boolean {
  const b = baseName.toLowerCase();
  return b === "metrics.json" || b === "scalars.json" || b === "history.json" || b === "log.json" || b.endsWith(".log.json") || b.endsWith(".jsonl");
}

const STEP_KEYS = ["step", "global_step", "iteration", "iter", "epoch"];

type Rec = Record<string, unknown>;

/** The records of a JSON log text, and the byte offsets of lines that could not be read. */
export function parseJsonLog(text: string): { records: Rec[]; layout: "jsonl" | "history" | "array"; bad: { offset: number; message: string }[] } {
  const trimmed = text.trim();
  const bad: { offset: number; message: string }[] = [];
  if (trimmed.startsWith("[") || (trimmed.startsWith("{") && !/\}\s*\n\s*\{/.test(trimmed))) {
    try {
      const v = parseJsonWithNonFinite(trimmed);
      if (Array.isArray(v)) return { records: v.filter((x): x is Rec => x !== null && typeof x === "object" && !Array.isArray(x)), layout: "array", bad };
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
        return { records: [o], layout: "jsonl", bad };
      }
    } catch { /* not one document: read it line by line */ }
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

/** Reads a JSON scalar log into `dir` (replacing what an earlier read of the same file wrote). */
export async function readJsonLog(absPath: string, relPath: string, dir: RunDir, source?: SourceFile, _opts: object = {}): Promise<SourceFile> {
  let src = source;
  if (!src) {
    src = { path: relPath, format: "json_log", readOffset: 0, size: 0, records: 0, info: {} };
    dir.sources.push(src);
  }
  let buf: Buffer;
  try {
    buf = await fs.readFile(absPath);
  } catch (e) {
    dir.problems.push({ file: relPath, code: "io", severity: "error", message: `cannot read JSON log: ${(e as Error).message}` });
    return src;
  }
  if (src.size === buf.length && src.readOffset === buf.length && buf.length > 0) return src;
  const { records, layout, bad } = parseJsonLog(buf.toString("utf8").replace(/^\uFEFF/, ""));
  for (let i = dir.problems.length - 1; i >= 0; i--) if (dir.problems[i].file === relPath && dir.problems[i].code === "json") dir.problems.splice(i, 1);
  // a line cut by a writer that is still writing is not damage: it is read again next time
  const lastLineOpen = buf.length > 0 && buf[buf.length - 1] !== 0x0a;
  for (const b of bad) {
    const cut = lastLineOpen && b === bad[bad.length - 1] && b.offset > buf.lastIndexOf(0x0a);
    if (!cut) dir.problems.push({ file: relPath, offset: b.offset, code: "json", severity: "warning", message: b.message });
  }
  if (buf.length === 0) dir.problems.push({ file: relPath, offset: 0, code: "empty", severity: "warning", message: "JSON log is empty (0 bytes)" });
  const stepKey = STEP_KEYS.find((k) => records.some((r) => typeof r[k] === "number"));
  // per tag: (step, record index, value); a tag whose steps go backwards (MMCV's `iter` counts
  // within the epoch) is placed by record order instead
  const points = new Map<string, { step: number; index: number; value: number }[]>();
  records.forEach((r, i) => {
    const step = stepKey !== undefined && typeof r[stepKey] === "number" ? (r[stepKey] as number) : i;
    // MMCV logs train and val records with the same keys, told apart by `mode`
    const mode = typeof r.mode === "string" && r.mode.toLowerCase() !== "train" ? `${r.mode.toLowerCase()}/` : "";
    for (const [key, value] of Object.entries(r)) {
      if (key === stepKey || typeof value !== "number") continue;
      const tag = mode + key;
      const l = points.get(tag);
      if (l) l.push({ step, index: i, value }); else points.set(tag, [{ step, index: i, value }]);
    }
  });
  let byIndex = false;
  const owned = rewriteOwnedScalars(dir, src, (put) => {
    for (const [tag, ps] of points) {
      const restarts = ps.some((p, k) => k > 0 && p.step < ps[k - 1].step);
      if (restarts) byIndex = true;
      for (const p of ps) put(tag, restarts ? p.index : p.step, p.value);
    }
  });
  src.size = buf.length;
  src.readOffset = buf.length;
  src.records = records.length;
  src.info = { ...(src.info ?? {}), columns: owned.join(","), layout, stepColumn: stepKey === undefined || byIndex ? "(index)" : stepKey, rows: records.length };
  const evalKeys = evaluationOnlyKeys(records);
  if (evalKeys.length) src.info.evalKeys = evalKeys.join(","); else delete src.info.evalKeys;
  return src;
}

/**
 * Keys that appear only in evaluation records: records with no loss key (`loss`, `total_loss`,
 * `decode.loss_ce`) when other records of the log have one. Empty when the log has no training
 * records or no other records, and for MMCV logs (their `mode` already names the phase).
 */
export function evaluationOnlyKeys(records: Record<string, unknown>[]): string[] {
  const isLossKey = (k: string): boolean => /(^|[^a-z])loss/i.test(k) || /loss$/i.test(k);
  const trainKeys = new Set<string>();
  const evalKeys = new Set<string>();
  let train = 0, other = 0;
  for (const r of records) {
    if (typeof r.mode === "string") return [];
    const keys = Object.keys(r).filter((k) => typeof r[k] === "number");
    if (keys.some(isLossKey)) { train++; for (const k of keys) trainKeys.add(k); } else { other++; for (const k of keys) evalKeys.add(k); }
  }
  if (train === 0 || other === 0) return [];
  return [...evalKeys].filter((k) => !trainKeys.has(k) && !STEP_KEYS.includes(k));
}
