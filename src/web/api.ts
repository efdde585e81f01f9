// Client of the dashboard's JSON API (see src/server/app.ts for the routes).
import type { ScalarResponse, SharedHistograms } from "../server/index.ts";
import type { Finding, Severity } from "../diagnose/index.ts";
import type { KnowledgeEntry, LineageTable, ImportanceResult } from "../diagnose/index.ts";

export type { ScalarResponse, SharedHistograms, Finding, Severity, KnowledgeEntry };
export type { LineageRun, LineageMetric, ImportanceEntry } from "../diagnose/index.ts";

/** GET /api/lineage: the lineage table, and the importance for `metric` when asked. */
export interface LineageResponse extends LineageTable {
  metric: string | null;
  importance: ImportanceResult | null;
  importanceError?: string;
}

export interface FileProblem {
  file: string;
  offset?: number;
  line?: number;
  code: string;
  severity: "info" | "warning" | "error";
  message: string;
}

export interface RunListItem {
  name: string;
  status: "pending" | "loading" | "loaded" | "failed";
  version: number;
  error?: string;
  /** The user's tags on this run. */
  tags?: string[];
  hparams?: Record<string, number | string | boolean>;
  /** How many series the histograms, tensors and images pages would show (absent while the run is not read). */
  kinds?: { histograms: number; tensors: number; images: number };
  lastValues?: { tag: string; role?: string; step: number; value: number | string }[];
  problems?: string[];
  problemCount?: number;
  /** Damaged files (errors first, then warnings such as truncation), with where the damage is. */
  fileProblems?: FileProblem[];
  diagnosis?: { worst: Severity | null; counts: Record<Severity, number>; error?: string } | null;
}

export interface TagList {
  run: string;
  version: number;
  scalars: {
    tag: string;
    role?: string;
    count: number;
    nonFinite: { nan: number; posInf: number; negInf: number };
    last: { step: number; value: number | string } | null;
  }[];
  histograms: { tag: string; role?: string; count: number }[];
  tensors: { tag: string; role?: string; count: number; numeric: boolean }[];
  images: { tag: string; count: number }[];
  /** Role (or `role:metric`) → the series drawn for it when charts line runs up by role. */
  byRole?: Record<string, string>;
}

export interface ImageList {
  run: string;
  tags: {
    tag: string;
    points: { index: number; step: number; wallTime: number; width: number; height: number; mime: string; bytes: number }[];
  }[];
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const body = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok) throw new Error((body as { error?: string }).error ?? `HTTP ${res.status}`);
  return body as T;
}

/** POST a JSON body (the server takes writes only as same-origin JSON); the answer or the server's error. */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const out = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok) throw new Error((out as { error?: string }).error ?? `HTTP ${res.status}`);
  return out as T;
}

export function q(params: Record<string, string | number | undefined | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, x);
    else p.set(k, String(v));
  }
  return p.toString();
}

/** Kept for modules that import the table formatter from here; it lives in shared/format.ts. */
export { fmt } from "./shared/format.ts";
