// Filter expressions of the lineage table: clauses `KEY OP VALUE` joined by `&&`, `and` or `,`
// (all must hold). OP is one of < <= > >= == = != ~ (regex, case-insensitive) !~. VALUE is a number
// (1e-3, 0.5), a word or a quoted string; true/false compare with booleans. Regexes are compiled
// with RE2 (re2js): linear-time matching, so a pattern shared in a link cannot freeze the tab. A numeric comparison on
// a value that is not a number fails the clause; `==` between texts ignores case. A KEY no row has
// is an error naming it. Contract: parse errors name the clause and what is wrong; nothing throws
// past `parseFilter`.

import { RE2JS } from "re2js";

export type FilterOp = "<" | "<=" | ">" | ">=" | "==" | "!=" | "~" | "!~";

export interface FilterClause {
  key: string;
  op: FilterOp;
  value: string | number | boolean;
  regex?: { test(text: string): boolean };
}

export type FilterResult = { ok: true; clauses: FilterClause[] } | { ok: false; error: string };

const CLAUSE = /^\s*("(?:[^"\\]|\\.)*"|[^\s<>=!~]+)\s*(<=|>=|==|!=|!~|<|>|=|~)\s*(.*?)\s*$/;

function unquote(s: string): string {
  if (s.length >= 2 && ((s[0] === '"' && s.endsWith('"')) || (s[0] === "'" && s.endsWith("'")))) {
    return s.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return s;
}

/** Splits on `&&`, ` and ` and `,` outside quotes. */
function splitClauses(text: string): string[] {
  const out: string[] = [];
  let cur = "",
    quote = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      cur += ch;
      if (ch === "\\" && i + 1 < text.length) cur += text[++i];
      else if (ch === quote) quote = "";
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
      continue;
    }
    if (ch === ",") {
      out.push(cur);
      cur = "";
      continue;
    }
    if (text.startsWith("&&", i)) {
      out.push(cur);
      cur = "";
      i++;
      continue;
    }
    if (/\s/.test(ch) && /^\s+and\s+/i.test(text.slice(i))) {
      out.push(cur);
      cur = "";
      i += /^\s+and\s+/i.exec(text.slice(i))![0].length - 1;
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Parses a filter; `keys` (when given) are the keys rows have: an unknown key is an error. */
export function parseFilter(text: string, keys?: readonly string[]): FilterResult {
  const clauses: FilterClause[] = [];
  for (const part of splitClauses(text)) {
    const m = CLAUSE.exec(part);
    if (!m) return { ok: false, error: `"${part}": expected KEY OP VALUE with OP one of < <= > >= == != ~ !~` };
    const key = unquote(m[1]);
    const op = (m[2] === "=" ? "==" : m[2]) as FilterOp;
    const raw = m[3];
    if (raw === "") return { ok: false, error: `"${part}": no value after ${m[2]}` };
    if (keys && !keys.includes(key)) return { ok: false, error: `"${part}": no column ${key}` };
    const quoted = unquote(raw) !== raw;
    const text = unquote(raw);
    let value: string | number | boolean = text;
    if (!quoted && text.trim() !== "" && Number.isFinite(Number(text))) value = Number(text);
    else if (!quoted && /^(true|false)$/i.test(text)) value = text.toLowerCase() === "true";
    const c: FilterClause = { key, op, value };
    if (op === "~" || op === "!~") {
      try {
        c.regex = RE2JS.compile(text, RE2JS.CASE_INSENSITIVE);
      } catch (e) {
        return { ok: false, error: `"${part}": bad regular expression (${(e as Error).message})` };
      }
    } else if ((op === "<" || op === "<=" || op === ">" || op === ">=") && typeof value !== "number") {
      return { ok: false, error: `"${part}": ${m[2]} needs a number` };
    }
    clauses.push(c);
  }
  return { ok: true, clauses };
}

/** A cell value as the filter sees it: numbers stay numbers (also "nan"/"inf" texts), the rest compares as text. */
function asNumber(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** True when the row (cell value per key) satisfies every clause. */
export function matchesFilter(clauses: FilterClause[], get: (key: string) => unknown): boolean {
  for (const c of clauses) {
    const v = get(c.key);
    const n = asNumber(v);
    let ok: boolean;
    switch (c.op) {
      case "<":
        ok = n !== undefined && n < (c.value as number);
        break;
      case "<=":
        ok = n !== undefined && n <= (c.value as number);
        break;
      case ">":
        ok = n !== undefined && n > (c.value as number);
        break;
      case ">=":
        ok = n !== undefined && n >= (c.value as number);
        break;
      case "~":
        ok = v !== null && v !== undefined && c.regex!.test(String(v));
        break;
      case "!~":
        ok = v === null || v === undefined || !c.regex!.test(String(v));
        break;
      default: {
        let eq: boolean;
        if (typeof c.value === "number") eq = n !== undefined && n === c.value;
        else if (typeof c.value === "boolean") eq = v === c.value || String(v).toLowerCase() === String(c.value);
        else eq = v !== null && v !== undefined && String(v).toLowerCase() === c.value.toLowerCase();
        ok = c.op === "==" ? eq : !eq;
      }
    }
    if (!ok) return false;
  }
  return true;
}

/** Orders two cell values: numbers before texts, missing last; NaN after the numbers. */
export function compareCells(a: unknown, b: unknown): number {
  const ma = a === null || a === undefined || a === "",
    mb = b === null || b === undefined || b === "";
  if (ma || mb) return ma === mb ? 0 : ma ? 1 : -1;
  const na = asNumber(a),
    nb = asNumber(b);
  if (na !== undefined && nb !== undefined) {
    if (Number.isNaN(na) || Number.isNaN(nb)) return Number.isNaN(na) === Number.isNaN(nb) ? 0 : Number.isNaN(na) ? 1 : -1;
    return na - nb;
  }
  if (na !== undefined) return -1;
  if (nb !== undefined) return 1;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
