// Number and time formatting of the dashboard, pure functions: tick labels with enough significant
// digits to tell neighbouring ticks apart (fixed notation in the readable range, SI suffixes for
// thousands to trillions, scientific notation for tiny and huge magnitudes), single values for
// tables and the hover readout, wall times, and the note shown when a series has no finite point.

/** Compact value for tables: 4 significant digits, scientific below 1e-3 and from 1e5; the server's "Infinity" text reads "+Inf". */
export function fmt(v: number | string | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v === "Infinity" || v === "-Infinity" ? nonFiniteText(Number(v)) : v;
  if (!Number.isFinite(v)) return nonFiniteText(v);
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return sci(v, 3);
  return Number(v.toPrecision(digits)).toString();
}

/** "NaN", "+Inf" or "-Inf" (what a non-finite value is called everywhere on the page). */
export function nonFiniteText(v: number): string {
  return v !== v ? "NaN" : v > 0 ? "+Inf" : "-Inf";
}

/** Scientific notation with `sig` significant digits, trailing zeros of the mantissa dropped: 5e32, 1.25e-6. */
export function sci(v: number, sig: number): string {
  if (v === 0) return "0";
  const [m, e] = v.toExponential(Math.max(0, Math.min(20, sig - 1))).split("e");
  const mant = m.includes(".") ? m.replace(/0+$/, "").replace(/\.$/, "") : m;
  return `${mant}e${Number(e)}`;
}

const SI: [number, string][] = [
  [1e12, "T"],
  [1e9, "G"],
  [1e6, "M"],
  [1e3, "k"],
];

/** Below this magnitude (non-zero) and from `SCI_HIGH` on, labels use scientific notation. */
export const SCI_LOW = 1e-3;
export const SCI_HIGH = 1e15;
/** From this magnitude, labels use SI suffixes (k, M, G, T) until SCI_HIGH. */
export const SI_FROM = 1e4;

function fixed(v: number, decimals: number): string {
  const s = v.toFixed(decimals);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/**
 * Labels of the ticks `values` (nulls and non-finite values give ""). The notation follows the
 * largest magnitude; the number of digits follows the smallest gap between ticks, raised until
 * distinct ticks get distinct labels (never "0.348, 0.347, 0.347" or "0, 0, 0").
 */
export function formatTicks(values: readonly (number | null | undefined)[]): string[] {
  const finite = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (!finite.length) return values.map(() => "");
  const uniq = [...new Set(finite)].sort((a, b) => a - b);
  let maxAbs = 0;
  for (const v of uniq) maxAbs = Math.max(maxAbs, Math.abs(v));
  let gap = Infinity;
  for (let i = 1; i < uniq.length; i++) gap = Math.min(gap, uniq[i] - uniq[i - 1]);
  if (!Number.isFinite(gap) || gap <= 0) gap = maxAbs || 1;

  let make: (v: number, extra: number) => string;
  if (maxAbs !== 0 && (maxAbs < SCI_LOW || maxAbs >= SCI_HIGH)) {
    const sig0 = Math.max(1, Math.floor(Math.log10(maxAbs)) - Math.floor(Math.log10(gap)) + 1);
    make = (v, extra) => sci(v, sig0 + extra);
  } else {
    const si = maxAbs >= SI_FROM ? SI.find(([f]) => maxAbs >= f) : undefined;
    const div = si ? si[0] : 1,
      suffix = si ? si[1] : "";
    const g = gap / div;
    let d0 = Math.max(0, -Math.floor(Math.log10(g) + 1e-9));
    // Gaps such as 0.25 or 2.5e-4 need one more decimal than their magnitude.
    while (d0 < 20 && uniq.some((v) => Math.abs(Number(fixed(v / div, d0)) - v / div) > g * 1e-6)) d0++;
    make = (v, extra) => (v === 0 ? "0" : fixed(v / div, d0 + extra) + suffix);
  }
  let labels: Map<number, string> = new Map();
  for (let extra = 0; extra <= 17; extra++) {
    labels = new Map(uniq.map((v) => [v, make(v, extra)]));
    if (new Set(labels.values()).size === uniq.length) break;
  }
  return values.map((v) => (typeof v === "number" && Number.isFinite(v) ? labels.get(v)! : ""));
}

/**
 * Labels of log-scale ticks (1, 2, 5 × 10^k and the like, spanning decades): each tick on its own,
 * 3 significant digits, scientific below 1e-3 and from 1e15, SI suffixes from 1e4.
 */
export function formatLogTicks(values: readonly (number | null | undefined)[]): string[] {
  return values.map((v) => {
    if (typeof v !== "number" || !Number.isFinite(v)) return "";
    const a = Math.abs(v);
    if (a === 0) return "0";
    if (a < SCI_LOW || a >= SCI_HIGH) return sci(v, 3);
    const si = a >= SI_FROM ? SI.find(([f]) => a >= f) : undefined;
    return si ? String(Number((v / si[0]).toPrecision(3))) + si[1] : String(Number(v.toPrecision(3)));
  });
}

/** One value in full for the hover readout: 6 significant digits, scientific below 1e-3 and from 1e6. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  if (!Number.isFinite(v)) return nonFiniteText(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a < SCI_LOW || a >= 1e6) return sci(v, 6);
  return String(Number(v.toPrecision(6)));
}

/** Wall time (seconds since the epoch) as local "YYYY-MM-DD HH:MM:SS". */
export function formatWall(seconds: number): string {
  if (!Number.isFinite(seconds)) return "—";
  const d = new Date(seconds * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Duration in seconds as "1h 02m 03s", "2m 05s" or "4.5s" (x axis "relative"). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "—";
  const sign = seconds < 0 ? "-" : "";
  let s = Math.abs(seconds);
  if (s < 60) return `${sign}${Number(s.toPrecision(3))}s`;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s = Math.round(s - m * 60);
  const p = (n: number) => String(n).padStart(2, "0");
  return h ? `${sign}${h}h ${p(m)}m ${p(s)}s` : `${sign}${m}m ${p(s)}s`;
}

export interface NonFiniteCountsLike {
  nan: number;
  posInf: number;
  negInf: number;
}

/**
 * The note of a series that has points but none finite: "all 12 points are NaN", "all 3 points are
 * +Inf", "all 5 points are NaN or Inf (2 NaN, 3 +Inf)"; undefined when some point is finite.
 */
export function nonFiniteNote(total: number, c: NonFiniteCountsLike): string | undefined {
  const bad = c.nan + c.posInf + c.negInf;
  if (total <= 0 || bad < total) return undefined;
  const all = total === 1 ? "the only point is" : `all ${total} points are`;
  if (c.nan === total) return `${all} NaN`;
  if (c.posInf === total) return `${all} +Inf`;
  if (c.negInf === total) return `${all} -Inf`;
  const parts = [c.nan && `${c.nan} NaN`, c.posInf && `${c.posInf} +Inf`, c.negInf && `${c.negInf} -Inf`].filter(Boolean);
  return `${all} NaN or Inf (${parts.join(", ")})`;
}

/** A hover title's text: at most `max` characters (the rest counted), so a 1 MB value makes no 1 MB tooltip. */
export function clipTitle(s: string, max = 2000): string {
  return s.length > max ? `${s.slice(0, max)}… (${s.length} characters)` : s;
}
