// CSV training logs: Keras `CSVLogger` (header `epoch,<sorted keys>`, `nan`/`inf` text, "\r\n"),
// pandas `DataFrame.to_csv` (empty field = NaN, optional unnamed index column), Lightning
// `metrics.csv` (one sparse row per log call, `step`/`epoch` columns; an empty field means "not
// logged in this row") and other headered CSVs. Every numeric column becomes a ScalarSeries of the
// RunDir (tag = column name, trimmed) with step from a `step` column (Ray Tune: `timesteps_total` /
// `training_iteration`), else `epoch`, else the data-row index, its unit when the column names one,
// and wall time from a `time`/`wall_time`/`timestamp` column (not fastai's `mm:ss` durations), else NaN.
// Incremental: `source.readOffset` is the byte offset after the last complete line; a later call
// reads only what was appended. When the header changes (Lightning rewrites the file when a new
// key appears) or the file shrinks, the file's series are dropped and it is read again.
import * as fs from "node:fs/promises";
import { parse } from "csv-parse/sync";
import type { Options as CsvOptions } from "csv-parse";
import { stepUnitOfName, type Problem, type RunDir, type SourceFile } from "../model/index.ts";
import { isDurationColumn, parseClockDuration, rayTuneStepKey } from "./log_quirks.ts";
import {
  DELIMITERS,
  decimalCommaField,
  headerEnd as findHeaderEnd,
  rowsWithStrayQuotes,
  titleLineEnd,
  usesDecimalComma,
} from "./csv_quirks.ts";
import { openInside, type Boundary } from "./safe_open.ts";
import { MAX_TAG_BYTES, MAX_TEXT_LOG_SERIES, textLogLimitMessage } from "./limits.ts";

export type CsvDialect = "keras_csvlogger" | "lightning_metrics" | "pandas" | "csv";

/** What the reader remembers about a CSV between incremental reads (kept in `SourceFile.info`). */
interface CsvState {
  dialect: CsvDialect;
  header: string;
  columns: string[];
  delimiter: string;
  lineTerminator: string;
  stepColumn: number; // -1: data-row index
  wallTimeColumn: number; // -1: none
  indexColumn: number; // pandas unnamed index column, -1: none
  /** Column index → "numeric" | "text" (a column is numeric until a non-number appears first). */
  columnKinds: ("unknown" | "numeric" | "text" | "clash" | "dropped")[];
  rows: number;
  lines: number;
  /** Numbers written with decimal commas (semicolon-separated files; csv_quirks.ts). */
  decimalComma?: boolean;
}

const STEP_NAMES = ["step", "global_step", "iteration", "iter"];
const EPOCH_NAMES = ["epoch"];
const TIME_NAMES = ["wall_time", "walltime", "time", "timestamp"];
/** Tokens that mean "no value here" rather than NaN (Keras writes `NA` for a key missing from logs). */
const MISSING_TOKENS = new Set(["NA", "N/A", "<NA>", "null", "None"]);
/** A tail without a newline is read only when the file has not changed for this long (else it may be half-written). */
const SETTLED_MS = 2000;

/** Parses a CSV numeric field: NaN/Inf tokens in their usual spellings; undefined when it is not a number. */
export function parseCsvNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  const low = t.toLowerCase();
  if (low === "nan" || low === "+nan" || low === "-nan") return NaN;
  if (low === "inf" || low === "+inf" || low === "infinity" || low === "+infinity") return Infinity;
  if (low === "-inf" || low === "-infinity") return -Infinity;
  if (low === "true") return 1;
  if (low === "false") return 0;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

function stateOf(source: SourceFile): CsvState | undefined {
  const raw = source.info?.csvState;
  if (typeof raw !== "string") return undefined;
  try {
    return JSON.parse(raw) as CsvState;
  } catch {
    return undefined;
  }
}

function saveState(source: SourceFile, st: CsvState): void {
  source.info = {
    ...(source.info ?? {}),
    dialect: st.dialect,
    columns: st.columns.join(","),
    delimiter: st.delimiter,
    lineTerminator: st.lineTerminator === "\r\n" ? "CRLF" : "LF",
    stepColumn: st.stepColumn >= 0 ? st.columns[st.stepColumn] : "(row index)",
    wallTimeColumn: st.wallTimeColumn >= 0 ? st.columns[st.wallTimeColumn] : "(none)",
    emptyMeans: st.dialect === "lightning_metrics" ? "not logged" : "NaN",
    rows: st.rows,
    csvState: JSON.stringify(st),
  };
}

function findColumn(cols: string[], names: string[]): number {
  const lower = cols.map((c) => c.trim().toLowerCase());
  for (const n of names) {
    const i = lower.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

function detectDelimiter(headerLine: string): string {
  const counts: [string, number][] = DELIMITERS.map((d) => [d, headerLine.split(d).length - 1]);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ",";
}

function isSorted(xs: string[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1] > xs[i]) return false;
  return true;
}

/**
 * Which writer produced the CSV, from the header, the line terminator and the first rows.
 * Lightning: a `step` column with the file name `metrics.csv` or a `lightning_logs` path (Lightning
 * 2.x appends the keys of each new batch of metrics, sorted within the batch only: `lr-SGD,step,
 * train_loss,epoch,...`), or a `step` column among columns sorted as one union of keys (1.x) with
 * sparse rows. Keras: `epoch` first then the keys sorted. pandas: an unnamed first column (index) or
 * LF lines with empty fields. Anything else: "csv".
 */
export function detectCsvDialect(relPath: string, columns: string[], lineTerminator: string, firstRows: string[][]): CsvDialect {
  const lower = columns.map((c) => c.trim().toLowerCase());
  const base = relPath.split("/").pop() ?? relPath;
  let sparseRows = 0;
  for (const r of firstRows) {
    const empty = r.filter((f) => f.trim() === "").length;
    if (empty > 0 && empty >= r.length / 3) sparseRows++;
  }
  const sparse = firstRows.length > 0 && sparseRows >= Math.max(1, firstRows.length / 3);
  if (lower.includes("step") && (base === "metrics.csv" || relPath.includes("lightning_logs") || (isSorted(columns) && sparse)))
    return "lightning_metrics";
  if (
    lower[0] === "epoch" &&
    isSorted(columns.slice(1)) &&
    (lineTerminator === "\r\n" || base === "history.csv" || base === "training.log")
  )
    return "keras_csvlogger";
  if (columns[0]?.trim() === "" || (lineTerminator === "\n" && firstRows.some((r) => r.some((f) => f === "")))) return "pandas";
  if (lower[0] === "epoch" && isSorted(columns.slice(1))) return "keras_csvlogger";
  return "csv";
}

function csvProblem(relPath: string, line: number | undefined, message: string, severity: Problem["severity"] = "error"): Problem {
  return { file: relPath, line, code: "csv", message, severity };
}

function parseRows(
  text: string,
  delimiter: string,
  relPath: string,
  lineBase: number,
  problems: Problem[],
  quoting = true,
): { record: string[]; line: number }[] {
  const out: { record: string[]; line: number }[] = [];
  const opts = {
    delimiter,
    quote: quoting ? '"' : false,
    // explicit: auto-discovery rescans the line for every field (quadratic in the number of columns)
    record_delimiter: ["\r\n", "\n", "\r"],
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (err: { message?: string; lines?: number } | undefined) => {
      problems.push(
        csvProblem(
          relPath,
          err?.lines !== undefined ? lineBase + err.lines : undefined,
          `unreadable CSV row: ${err?.message ?? "parse error"}`,
        ),
      );
    },
  } as CsvOptions;
  try {
    const recs = parse(text, opts) as unknown as { record: string[]; info: { lines: number } }[];
    for (const r of recs) out.push({ record: r.record, line: lineBase + r.info.lines });
  } catch (e) {
    problems.push(csvProblem(relPath, undefined, `CSV could not be parsed: ${(e as Error).message}`));
  }
  return out;
}

/**
 * Reads new complete lines of a CSV log into `dir` (see the file comment). Creates the SourceFile
 * (and adds it to `dir.sources`) when `source` is undefined; resumes at `source.readOffset`
 * otherwise. Problems (bad rows with their line number, unreadable file) go to `dir.problems`;
 * nothing throws for bad data.
 */
export async function readCsvLog(
  absPath: string,
  relPath: string,
  dir: RunDir,
  source?: SourceFile,
  opts: { csvChunkBytes?: number; verifyDataCrc?: boolean; boundary?: Boundary } = {},
): Promise<SourceFile> {
  let src = source;
  if (!src) {
    src = { path: relPath, format: "csv", readOffset: 0, size: 0, records: 0, info: {} };
    dir.sources.push(src);
  }
  // streamed: at most csvChunkBytes of complete lines per pass, so a file of any size is read in bounded memory
  const chunk = Math.max(64, opts.csvChunkBytes ?? CSV_CHUNK_BYTES);
  for (;;) {
    const before = src.readOffset;
    await readCsvInto(absPath, relPath, dir, src, chunk, opts.boundary);
    if (src.readOffset <= before || src.readOffset >= src.size) break;
  }
  return src;
}

/** Bytes of a CSV file parsed in one pass (a file of any size is read pass by pass). */
export const CSV_CHUNK_BYTES = 16 << 20;

async function readRange(fh: fs.FileHandle, from: number, to: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(Math.max(0, to - from));
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, from + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === buf.length ? buf : buf.subarray(0, got);
}

async function readCsvInto(
  absPath: string,
  relPath: string,
  dir: RunDir,
  source: SourceFile,
  chunkBytes: number,
  boundary?: Boundary,
): Promise<boolean> {
  // Only the header (to notice a rewrite) and the bytes after readOffset are read.
  let fh: fs.FileHandle;
  try {
    fh = await openInside(absPath, boundary);
  } catch (e) {
    dir.problems.push({ file: relPath, code: "io", severity: "error", message: `cannot read CSV: ${(e as Error).message}` });
    return false;
  }
  let buf: Buffer;
  let base: number;
  let mtimeMs: number;
  let partial = false;
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
      // Header changed (Lightning rewrites metrics.csv with a new header) or file shrank: start over.
      if (stat.size < source.readOffset || !(await readRange(fh, 0, header.length)).equals(header)) {
        st.columns.forEach((c, i) => {
          if (st!.columnKinds[i] === "dropped") return;
          if (st!.columnKinds[i] !== "clash") dir.scalars.delete(c);
          else dir.copies.delete(`${relPath}\u0000${c}`);
        });
        source.readOffset = 0;
        source.records = 0;
        st = undefined;
      }
    }
    base = st ? source.readOffset : 0;
    const readTo = Math.min(stat.size, base + chunkBytes);
    partial = readTo < stat.size;
    buf = await readRange(fh, base, readTo);
  } catch (e) {
    dir.problems.push({
      file: relPath,
      offset: source.readOffset,
      code: "io",
      severity: "error",
      message: `cannot read CSV: ${(e as Error).message}`,
    });
    return false;
  } finally {
    await fh.close();
  }

  // Offsets below are relative to `buf`, which starts at file offset `base`.
  const settled = !partial && Date.now() - mtimeMs > SETTLED_MS;
  const lastNl = buf.lastIndexOf(0x0a);
  if (partial && lastNl < 0) {
    if (!dir.problems.some((p) => p.file === relPath && p.code === "limit" && p.offset === base)) {
      dir.problems.push({
        file: relPath,
        offset: base,
        code: "limit",
        severity: "error",
        message: `a line longer than ${chunkBytes} bytes starts here: the rest of the file is not read`,
      });
    }
    return false;
  }
  let end = lastNl + 1;
  if (end < buf.length && settled) end = buf.length; // an unterminated last line of a finished file
  if (base + end <= source.readOffset || end === 0) return false;

  let changed = false;
  let start = source.readOffset - base;
  if (!st) {
    // Header line (a quoted column name may hold a line break), below a title line if there is one.
    const avail = buf.subarray(0, end > 0 ? end : buf.length);
    const title = titleLineEnd(avail);
    const nl = findHeaderEnd(avail.subarray(title));
    if (nl < 0 && !settled) return false;
    const headerEnd = nl < 0 ? buf.length : title + nl;
    // (the whole prefix, title included, is what a rewritten file is recognised by)
    const headerRaw = buf.subarray(0, headerEnd).toString("utf8");
    const lineTerminator = headerRaw.endsWith("\r\n") ? "\r\n" : "\n";
    const headerLine = buf
      .subarray(title, headerEnd)
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .replace(/\r?\n$/, "")
      .replace(/\r+$/, "");
    if (title > 0)
      dir.problems.push({
        file: relPath,
        line: 1,
        code: "csv",
        severity: "info",
        message: `a title line above the header (${JSON.stringify(buf.subarray(0, title).toString("utf8").trim())}) is skipped`,
      });
    const delimiter = detectDelimiter(headerLine);
    const hdrProblems: Problem[] = [];
    const hdr = parseRows(headerLine + "\n", delimiter, relPath, 0, hdrProblems);
    dir.problems.push(...hdrProblems);
    // YOLOv5 pads names (and values) with spaces to align the columns: the names are trimmed
    const columns = (hdr[0]?.record ?? []).map((c) => c.trim());
    if (columns.length === 0 || columns.every((c) => c.trim() === "")) {
      dir.problems.push(csvProblem(relPath, 1, "no CSV header (first line is empty or unreadable)"));
      source.readOffset = base + headerEnd;
      return false;
    }
    const firstAt = new Map<string, number>();
    columns.forEach((c, i) => {
      if (!firstAt.has(c)) firstAt.set(c, i);
    });
    const dupes = columns.filter((c, i) => c !== "" && firstAt.get(c) !== i);
    if (dupes.length)
      dir.problems.push(csvProblem(relPath, 1, `duplicate column name(s) ${dupes.join(", ")}: the later column is read`, "warning"));
    // Peek at a few rows for the dialect.
    const peekText = buf.subarray(headerEnd, Math.min(end, headerEnd + 16384)).toString("utf8");
    const peekLines = peekText
      .split(/\r?\n/)
      .slice(0, 20)
      .filter((l) => l.length > 0);
    const peekRows = peekLines.map((l) => l.split(delimiter));
    const dialect = detectCsvDialect(relPath, columns, lineTerminator, peekRows);
    const rayStep = rayTuneStepKey(columns, (k) => peekRows.some((r) => parseCsvNumber(r[columns.indexOf(k)] ?? "") !== undefined));
    let stepColumn = rayStep !== undefined ? columns.indexOf(rayStep) : findColumn(columns, STEP_NAMES);
    if (stepColumn < 0) stepColumn = findColumn(columns, EPOCH_NAMES);
    // fastai's `time` column is each epoch's duration (`04:39`), not a wall time
    let wallTimeColumn = findColumn(columns, TIME_NAMES);
    if (wallTimeColumn >= 0 && isDurationColumn(peekRows.map((r) => r[wallTimeColumn] ?? ""))) wallTimeColumn = -1;
    const indexColumn = columns[0]?.trim() === "" ? 0 : -1;
    const decimalComma = usesDecimalComma(delimiter, peekRows);
    if (decimalComma)
      dir.problems.push({
        file: relPath,
        line: 2,
        code: "csv",
        severity: "info",
        message: `numbers written with decimal commas (fields separated by ${JSON.stringify(delimiter)}): read as decimal points`,
      });
    st = {
      dialect,
      header: headerRaw,
      columns,
      delimiter,
      lineTerminator,
      stepColumn,
      wallTimeColumn,
      indexColumn,
      columnKinds: columns.map(() => "unknown"),
      rows: 0,
      lines: countNewlines(buf, 0, headerEnd) || 1,
      ...(decimalComma ? { decimalComma } : {}),
    };
    // A column whose tag another file of this directory already holds (Lightning's CSV and
    // TensorBoard loggers in one version directory, YOLO's results.csv beside its event file) is
    // read as this file's copy (RunDir.copies); the run keeps the more complete of the two.
    const st0 = st;
    // bounded: at most MAX_TEXT_LOG_SERIES value columns, none named longer than MAX_TAG_BYTES (limits.ts)
    let kept = 0,
      tooMany = 0,
      tooLong = 0;
    columns.forEach((c, i) => {
      if (i === st0.stepColumn || i === st0.wallTimeColumn || i === st0.indexColumn) return;
      if (Buffer.byteLength(c) > MAX_TAG_BYTES) {
        st0.columnKinds[i] = "dropped";
        tooLong++;
        return;
      }
      if (++kept > MAX_TEXT_LOG_SERIES) {
        st0.columnKinds[i] = "dropped";
        tooMany++;
        return;
      }
      if (dir.scalars.has(c)) st0.columnKinds[i] = "clash";
    });
    const limit = textLogLimitMessage("column", tooMany, tooLong);
    if (limit) dir.problems.push({ file: relPath, line: 1, code: "limit", severity: "warning", message: limit });
    start = headerEnd;
    changed = true;
  }

  const text = buf.subarray(start, end).toString("utf8");
  const problems: Problem[] = [];
  const delim = st.delimiter;
  const rows = rowsWithStrayQuotes(text, st.lines, relPath, problems, (t, lb, pr, q) => parseRows(t, delim, relPath, lb, pr, q));
  if (st.decimalComma) for (const r of rows) r.record = r.record.map(decimalCommaField);
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
      const s = parseCsvNumber(record[st.stepColumn]);
      if (s === undefined || !Number.isFinite(s)) {
        problems.push(
          csvProblem(
            relPath,
            line,
            `${st.columns[st.stepColumn]} field ${JSON.stringify(record[st.stepColumn])} is not a number: row skipped`,
          ),
        );
        continue;
      }
      step = s;
    }
    let wallTime = NaN;
    if (st.wallTimeColumn >= 0) {
      const w = parseCsvNumber(record[st.wallTimeColumn]);
      if (w !== undefined) wallTime = w;
      else if (record[st.wallTimeColumn].trim() !== "") {
        const d = Date.parse(record[st.wallTimeColumn]);
        if (!Number.isNaN(d)) wallTime = d / 1000;
      }
    }
    for (let c = 0; c < ncol; c++) {
      if (c === st.stepColumn || c === st.wallTimeColumn || c === st.indexColumn) continue;
      const kind = st.columnKinds[c];
      if (kind === "text" || kind === "dropped") continue;
      const field = record[c];
      const trimmed = field.trim();
      let v: number | undefined;
      if (trimmed === "") {
        if (sparse) continue; // Lightning: not logged in this row
        v = NaN; // pandas / Keras / other: empty = NaN
      } else if (MISSING_TOKENS.has(trimmed)) {
        continue;
      } else {
        v = parseCsvNumber(trimmed) ?? parseClockDuration(trimmed);
      }
      if (v === undefined) {
        if (kind === "unknown") {
          st.columnKinds[c] = "text";
          continue;
        }
        problems.push(
          csvProblem(relPath, line, `column ${st.columns[c]}: ${JSON.stringify(field)} is not a number: value skipped`, "warning"),
        );
        continue;
      }
      if (kind === "unknown" && trimmed !== "") st.columnKinds[c] = "numeric";
      (kind === "clash" ? dir.copy(relPath, st.columns[c]) : dir.scalar(st.columns[c])).push(step, wallTime, v);
      changed = true;
    }
    source.records++;
  }
  // what the step axis counts, when the step column names it
  const unit = st.stepColumn >= 0 ? stepUnitOfName(st.columns[st.stepColumn]) : undefined;
  if (unit)
    st.columns.forEach((c, i) => {
      const x = st!.columnKinds[i] === "clash" ? dir.copies.get(`${relPath}\u0000${c}`) : dir.scalars.get(c);
      if (x) x.unit = unit;
    });
  st.lines += countNewlines(buf, start, end);
  source.readOffset = base + end;
  // a header and no row: said once the file has settled, withdrawn when rows come
  const headerOnly = dir.problems.findIndex((p) => p.file === relPath && p.code === "csv" && p.message.startsWith("header only"));
  if (st.rows === 0 && settled && !partial && headerOnly < 0)
    problems.push(csvProblem(relPath, st.lines, `header only: no data row after the header (${st.columns.length} column(s))`, "warning"));
  if (st.rows > 0 && headerOnly >= 0) dir.problems.splice(headerOnly, 1);
  saveState(source, st);
  dir.problems.push(...problems);
  return changed;
}

function countNewlines(buf: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a, start); i >= 0 && i < end; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}
