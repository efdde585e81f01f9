// Damaged or unusual CSV input, isolated from the CSV reader proper. Contract:
// - the header ends at the first line break outside double quotes (a quoted column name may hold a
//   line break);
// - a stray double quote loses no rows: a quote never closed has its line read without quoting; a
//   quoted field that swallows more than MAX_QUOTED_LINES lines has those lines read again without
//   quoting; either is reported with its line;
// - a semicolon-separated file whose numbers use decimal commas (`0,5`, European spreadsheets) has
//   them read as decimal points, which is reported once;
// - a title line above the header (one field, no delimiter, followed by a delimited line of names:
//   `model_history_log` over `epoch;accuracy;loss;...`) is skipped, which is reported.
import type { Problem } from "../model/index.ts";

/** A quoted field spanning more lines than this is taken for a stray quote. */
export const MAX_QUOTED_LINES = 2;

/** Offset just after the header's line break (outside quotes), or -1 when `buf` holds none. */
export function headerEnd(buf: Uint8Array): number {
  let quoted = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x0a && !quoted) return i + 1;
  }
  return -1;
}

/** The field delimiters a CSV log uses (detected from its header line). */
export const DELIMITERS = [",", ";", "\t", "|"];

/**
 * Offset just after a title line that stands above the header, or 0: the first line holds no
 * delimiter and is not a number, and the second holds at least one delimiter between names, none
 * of them a number.
 */
export function titleLineEnd(buf: Uint8Array): number {
  const first = headerEnd(buf);
  if (first <= 0) return 0;
  const second = headerEnd(buf.subarray(first));
  if (second <= 0) return 0;
  const line1 = Buffer.from(buf.subarray(0, first))
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trim();
  const line2 = Buffer.from(buf.subarray(first, first + second))
    .toString("utf8")
    .trim();
  if (line1 === "" || DELIMITERS.some((d) => line1.includes(d)) || Number.isFinite(Number(line1))) return 0;
  const d = DELIMITERS.find((x) => line2.includes(x));
  if (!d) return 0;
  const names = line2.split(d).map((f) => f.trim());
  return names.every((f) => f !== "" && !Number.isFinite(Number(f))) ? first : 0;
}

/** A number written with a decimal comma (`-0,25`, `1,5e-3`). */
const DECIMAL_COMMA = /^[+-]?(\d+,\d*|,\d+)([eE][+-]?\d+)?$/;

/** True when the delimiter is not a comma and the sample fields hold decimal-comma numbers. */
export function usesDecimalComma(delimiter: string, sample: string[][]): boolean {
  if (delimiter === ",") return false;
  let hits = 0;
  for (const r of sample) for (const f of r) if (DECIMAL_COMMA.test(f.trim())) hits++;
  return hits > 0;
}

/** The field with its decimal comma turned into a point when it is a decimal-comma number, else as is. */
export function decimalCommaField(field: string): string {
  const t = field.trim();
  return DECIMAL_COMMA.test(t) ? t.replace(",", ".") : field;
}

export type RowParser = (text: string, lineBase: number, problems: Problem[], quoting: boolean) => { record: string[]; line: number }[];

/**
 * Rows of `text` (lines from `lineBase + 1`), stray quotes repaired (see the file comment). `parse`
 * is the reader's CSV parser (with quoting on or off).
 */
export function rowsWithStrayQuotes(
  text: string,
  lineBase: number,
  relPath: string,
  problems: Problem[],
  parse: RowParser,
): { record: string[]; line: number }[] {
  const lines = text.split("\n");
  const own: Problem[] = [];
  const rows = parse(text, lineBase, own, true);
  if (own.some((p) => /quote not closed/i.test(p.message))) {
    // a quote opened and never closed: the line that opened it is read without quoting, the lines around it as usual
    let quoted = false,
      opened = -1;
    lines.forEach((l, i) => {
      for (let j = 0; j < l.length; j++)
        if (l.charCodeAt(j) === 0x22) {
          quoted = !quoted;
          if (quoted) opened = i;
        }
    });
    if (opened >= 0) {
      const before = lines.slice(0, opened).join("\n");
      const out = before ? rowsWithStrayQuotes(before + "\n", lineBase, relPath, problems, parse) : [];
      problems.push({
        file: relPath,
        line: lineBase + opened + 1,
        code: "csv",
        severity: "warning",
        message: `stray double quote (never closed): line ${lineBase + opened + 1} read without quoting`,
      });
      for (const x of parse(lines[opened] + "\n", lineBase + opened, problems, false)) out.push(x);
      const after = lines.slice(opened + 1).join("\n");
      if (after.trim()) for (const x of rowsWithStrayQuotes(after, lineBase + opened + 1, relPath, problems, parse)) out.push(x);
      return out;
    }
  }
  for (const p of own) problems.push(p);
  const out: { record: string[]; line: number }[] = [];
  let prevEnd = lineBase;
  for (const r of rows) {
    // first line of this record: after the previous record's last line, skipping empty lines
    let first = prevEnd + 1;
    while (first < r.line && (lines[first - lineBase - 1] ?? "").replace(/\r$/, "") === "") first++;
    const span = r.line - first + 1;
    const slice = span > MAX_QUOTED_LINES ? lines.slice(first - lineBase - 1, r.line - lineBase).join("\n") + "\n" : "";
    // (a line break inside a field without any quote is a CR-terminated file, not a stray quote)
    if (slice.includes('"') && r.record.some((f) => f.includes("\n"))) {
      problems.push({
        file: relPath,
        line: first,
        code: "csv",
        severity: "warning",
        message: `stray double quote: a quoted field would swallow lines ${first}..${r.line}; these lines read without quoting`,
      });
      for (const x of parse(slice, first - 1, problems, false)) out.push(x);
    } else out.push(r);
    prevEnd = r.line;
  }
  return out;
}
