// Brushes of the parallel-coordinates chart: per axis (a hyper-parameter or a metric key of the
// lineage table) either a numeric range [lo, hi] or the set of category values kept. A run passes
// when it passes every brush; a run without a value on a brushed axis does not pass. Brushes live
// in the URL (`brush=` JSON) so that every page filters the same runs; `parseBrushes` never throws
// (a damaged value gives no brush).

export type Brush = [number, number] | string[];
export type Brushes = Record<string, Brush>;

function isRange(b: Brush): b is [number, number] {
  return b.length === 2 && typeof b[0] === "number" && typeof b[1] === "number";
}

/** The value as a number when it is a finite number ("nan"/"inf" texts and other texts are not). */
function numberOf(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** True when the value passes the brush (ranges include their ends). */
export function passesBrush(b: Brush, v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (isRange(b)) {
    const x = numberOf(v);
    return x !== undefined && x >= Math.min(b[0], b[1]) && x <= Math.max(b[0], b[1]);
  }
  return (b as string[]).includes(String(v));
}

/** True when the row (its values by axis) passes every brush. */
export function passesBrushes(brushes: Brushes, valueOf: (axis: string) => unknown): boolean {
  for (const [axis, b] of Object.entries(brushes)) if (!passesBrush(b, valueOf(axis))) return false;
  return true;
}

export function parseBrushes(text: string | null | undefined): Brushes {
  if (!text) return {};
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return {};
  const out: Brushes = {};
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    if (!Array.isArray(v)) continue;
    if (v.length === 2 && v.every((x) => typeof x === "number" && Number.isFinite(x))) out[k] = [v[0] as number, v[1] as number];
    else if (v.every((x) => typeof x === "string")) out[k] = v as string[];
  }
  return out;
}

export function formatBrushes(b: Brushes): string {
  return Object.keys(b).length ? JSON.stringify(b) : "";
}

/** A brush as text: `0.0001 ≤ lr ≤ 0.001`, `optimizer ∈ {adam, sgd}`. */
export function brushText(axis: string, b: Brush, fmt: (v: number) => string): string {
  return isRange(b) ? `${fmt(Math.min(b[0], b[1]))} ≤ ${axis} ≤ ${fmt(Math.max(b[0], b[1]))}` : `${axis} ∈ {${(b as string[]).join(", ")}}`;
}
