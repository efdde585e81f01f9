// Parallel coordinates over chosen hyper-parameters and a target metric (SVG): one vertical axis per
// column (numeric on a linear axis, or a log axis when positive values span more than 1.5 decades,
// or a decade for a rate: learning rate, weight decay, epsilon; ticks at round values with the
// digits that tell them apart, at the values themselves for a few small integers, at decades, or at
// 1-2-5 within them when the axis spans less than two; texts and booleans as evenly spaced
// categories, each value listed (labels that would overlap left out, all of them in the
// axis' title); a run without a value sits on the axis' "—" slot below it), one line per run coloured by the last axis (the target: blue low, red high). Dragging
// along an axis brushes a range (numeric) or the categories it covers; a click on an axis without a
// drag removes its brush. Lines outside a brush are greyed; the runs selected for the chart pages
// are drawn thicker, on top. The brushes are the page's URL state,
// so every page shows only the runs inside them. The SVG carries data-lines, data-kept and, per
// axis, data-axis / data-kind / data-ticks for tests.
import { useMemo, useRef, useState } from "preact/hooks";
import { memo } from "preact/compat";
import type { LineageRun } from "../api.ts";
import { formatLogTicks, formatTicks } from "../shared/format.ts";
import { passesBrushes, type Brush, type Brushes } from "../shared/brushes.ts";

interface Props {
  runs: LineageRun[];
  /** Runs selected for the chart pages: drawn thicker, on top. */
  selected: Set<string>;
  axes: string[];
  brushes: Brushes;
  valueOf: (r: LineageRun, axis: string) => unknown;
  onBrush: (axis: string, brush: Brush | undefined) => void;
  width: number;
}

const HEIGHT = 300;
const TOP = 34;
const BOTTOM = 30;
const SIDE = 60;
const MISSING_GAP = 16;
const MAX_LEVELS = 60;
/** Least pixel distance between two tick labels. */
const LABEL_GAP = 12;
/** Axes named as a rate go on a log scale from one decade on. */
const RATE = /(^|[^a-z])(lr|learning_?rate|weight_?decay|eps|epsilon)($|[^a-z])/i;
/** Integers shown at their own values when there are few of them and they are small. */
const SMALL_INT = 1e4;

export interface AxisScale {
  axis: string;
  kind: "linear" | "log" | "category";
  /** Pixel y of a value (undefined: missing, drawn at the "—" slot). */
  y: (v: unknown) => number | undefined;
  /** The brush a pixel range covers. */
  brushOf: (y0: number, y1: number) => Brush | undefined;
  /** Pixel range of a brush. */
  extentOf: (b: Brush) => [number, number] | undefined;
  ticks: { y: number; label: string; title?: string }[];
  /** A category axis' values, in order. */
  values?: string[];
}

/** Round ticks (1, 2 or 5 × 10^k apart) between lo and hi, about five of them. */
export function niceTicks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 5;
  if (!(raw > 0)) return [lo];
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9 && out.length < 12; k++)
    out.push(Number((k * step).toPrecision(12)));
  return out;
}

function numberOf(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** The scale of one axis over the runs' values, between pixel rows `top` (high values) and `bottom`. */
export function axisScale(axis: string, values: unknown[], top: number, bottom: number): AxisScale {
  const present = values.filter((v) => v !== null && v !== undefined);
  const numeric = present.length > 0 && present.every((v) => typeof v === "number" || v === "nan" || v === "inf" || v === "-inf");
  const span = bottom - top;
  if (numeric) {
    const nums = present.map(numberOf).filter((v): v is number => v !== undefined);
    const dataLo = nums.length ? Math.min(...nums) : 0,
      dataHi = nums.length ? Math.max(...nums) : 1;
    let lo = dataLo,
      hi = dataHi;
    const log = lo > 0 && hi / lo >= (RATE.test(axis) ? 10 : 10 ** 1.5);
    const f = log ? Math.log10 : (x: number) => x;
    if (lo === hi) {
      const pad = Math.abs(lo) * 0.1 || 1;
      lo = log ? lo / 2 : lo - pad;
      hi = log ? hi * 2 : hi + pad;
    }
    const a = f(lo),
      b = f(hi);
    const y = (v: unknown) => {
      const x = numberOf(v);
      if (x === undefined || (log && x <= 0)) return undefined;
      return bottom - ((f(x) - a) / (b - a)) * span;
    };
    const inv = (py: number) => {
      const t = (bottom - py) / span;
      const fx = a + t * (b - a);
      return log ? 10 ** fx : fx;
    };
    let tickValues: number[];
    if (log) tickValues = logTicks(lo, hi);
    else {
      const distinct = [...new Set(nums)].sort((x, y) => x - y);
      tickValues =
        distinct.length <= 10 && distinct.every((v) => Number.isInteger(v) && Math.abs(v) < SMALL_INT) ? distinct : niceTicks(lo, hi);
    }
    const labels = log ? formatLogTicks(tickValues) : formatTicks(tickValues);
    return {
      axis,
      kind: log ? "log" : "linear",
      y,
      brushOf: (y0, y1) => {
        const p0 = Math.max(top, Math.min(bottom, Math.min(y0, y1))),
          p1 = Math.max(top, Math.min(bottom, Math.max(y0, y1)));
        // a brush reaching an end of the axis takes the extreme value itself (no rounding loses it)
        return [p1 >= bottom ? Math.min(dataLo, inv(p1)) : inv(p1), p0 <= top ? Math.max(dataHi, inv(p0)) : inv(p0)];
      },
      extentOf: (br) => {
        if (typeof br[0] !== "number" || typeof br[1] !== "number") return undefined;
        const ya = y(br[0]) ?? (log ? bottom : undefined),
          yb = y(br[1]) ?? (log ? bottom : undefined);
        if (ya === undefined || yb === undefined) return undefined;
        return [Math.max(top, Math.min(ya, yb)), Math.min(bottom, Math.max(ya, yb))];
      },
      ticks: tickValues.map((v, i) => ({ y: y(v) ?? bottom, label: labels[i] })),
    };
  }
  const levels = [...new Set(present.map(String))].sort().slice(0, MAX_LEVELS);
  const pos = (i: number) => (levels.length === 1 ? top + span / 2 : bottom - (i / (levels.length - 1)) * span);
  return {
    axis,
    kind: "category",
    y: (v) => {
      if (v === null || v === undefined) return undefined;
      const i = levels.indexOf(String(v));
      return i < 0 ? undefined : pos(i);
    },
    brushOf: (y0, y1) => {
      const lo = Math.min(y0, y1),
        hi = Math.max(y0, y1);
      const kept = levels.filter((_, i) => pos(i) >= lo - 4 && pos(i) <= hi + 4);
      return kept.length ? kept : undefined;
    },
    extentOf: (br) => {
      const ys = (br as unknown[])
        .map((v) => levels.indexOf(String(v)))
        .filter((i) => i >= 0)
        .map(pos);
      return ys.length ? [Math.min(...ys) - 6, Math.max(...ys) + 6] : undefined;
    },
    ticks: levels.map((l, i) => ({ y: pos(i), label: l.length > 14 ? l.slice(0, 13) + "…" : l, title: l })),
    values: levels,
  };
}

/** Ticks of a log axis from lo to hi: the decades, or 1-2-5 within them when fewer than three decades fall inside. */
export function logTicks(lo: number, hi: number): number[] {
  const a = Math.log10(lo),
    b = Math.log10(hi);
  const decades: number[] = [];
  for (let e = Math.ceil(a - 1e-9); e <= Math.floor(b + 1e-9); e++) decades.push(Number((10 ** e).toPrecision(12)));
  if (decades.length >= 3) return decades;
  const out: number[] = [];
  for (let e = Math.floor(a) - 1; e <= Math.ceil(b); e++)
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** e).toPrecision(12));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  return out.length >= 2 ? out : [lo, hi];
}

/** Which of `ticks` get a label: walking up the axis, each tick at least LABEL_GAP from the last one labelled. */
export function labelled(ticks: { y: number }[]): boolean[] {
  const out = ticks.map(() => false);
  let last = -Infinity;
  for (const i of ticks.map((_, k) => k).sort((p, q) => ticks[q].y - ticks[p].y))
    if (Math.abs(ticks[i].y - last) >= LABEL_GAP) {
      out[i] = true;
      last = ticks[i].y;
    }
  return out;
}

function colorAt(t: number): string {
  // blue (low) → purple → red (high)
  const c0 = [44, 123, 182],
    c1 = [215, 25, 28];
  const k = Math.max(0, Math.min(1, t));
  return `rgb(${c0.map((a, i) => Math.round(a + (c1[i] - a) * k)).join(",")})`;
}

/** The chart; re-drawn only when its inputs change (the page around it re-renders often). */
export const ParallelCoords = memo(ParallelCoordsChart);

function ParallelCoordsChart({ runs, selected, axes, brushes, valueOf, onBrush, width }: Props) {
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ axis: string; y0: number; y1: number } | undefined>();
  const bottom = HEIGHT - BOTTOM;
  const scales = useMemo(
    () =>
      axes.map((a) =>
        axisScale(
          a,
          runs.map((r) => valueOf(r, a)),
          TOP,
          bottom - MISSING_GAP,
        ),
      ),
    [runs, axes, valueOf],
  );
  const shownLabels = useMemo(() => scales.map((s) => labelled(s.ticks)), [scales]);
  const xOf = (i: number) => (axes.length === 1 ? width / 2 : SIDE + (i * (width - 2 * SIDE)) / (axes.length - 1));
  const localY = (e: PointerEvent) => {
    const box = svg.current!.getBoundingClientRect();
    return e.clientY - box.top;
  };
  // the lines, computed again only when the runs, axes, brushes or width change (not while dragging)
  const { kept, lines } = useMemo(() => {
    const last = scales[scales.length - 1];
    const lastNums = runs.map((r) => numberOf(valueOf(r, axes[axes.length - 1]))).filter((v): v is number => v !== undefined);
    const cLo = Math.min(...lastNums),
      cHi = Math.max(...lastNums);
    const kept = runs.filter((r) => passesBrushes(brushes, (a) => valueOf(r, a)));
    const keptSet = new Set(kept.map((r) => r.run));
    const lineOf = (r: LineageRun) =>
      scales
        .map((s, i) => {
          const y = s.y(valueOf(r, s.axis)) ?? bottom;
          return `${i ? "L" : "M"}${xOf(i).toFixed(1)},${y.toFixed(1)}`;
        })
        .join("");
    const colorOf = (r: LineageRun) => {
      const v = numberOf(valueOf(r, axes[axes.length - 1]));
      if (v === undefined || !last) return "#888";
      return colorAt(cHi > cLo ? (last.kind === "log" ? Math.log(v / cLo) / Math.log(cHi / cLo) : (v - cLo) / (cHi - cLo)) : 0.5);
    };
    // brushed-out lines first (underneath), kept ones on top, selected ones above all
    const order = [
      ...runs.filter((r) => !keptSet.has(r.run)),
      ...kept.filter((r) => !selected.has(r.run)),
      ...kept.filter((r) => selected.has(r.run)),
    ];
    const lines = (
      <g class="pc-lines">
        {order.map((r) => (
          <path
            d={lineOf(r)}
            class={(keptSet.has(r.run) ? "pc-line kept" : "pc-line out") + (selected.has(r.run) ? " selected" : "")}
            data-run={r.run}
            stroke={keptSet.has(r.run) ? colorOf(r) : "#ccc"}
          >
            <title>{r.run}</title>
          </path>
        ))}
      </g>
    );
    return { kept, lines };
  }, [runs, scales, brushes, width, valueOf, selected]);
  return (
    <svg
      ref={svg}
      class="parallel-coords"
      width={width}
      height={HEIGHT}
      data-lines={runs.length}
      data-kept={kept.length}
      data-selected={runs.filter((r) => selected.has(r.run)).length}
      data-axes={JSON.stringify(axes)}
      role="img"
      aria-label={`parallel coordinates of ${runs.length} runs over ${axes.join(", ")}`}
    >
      {lines}
      {scales.map((s, i) => {
        const x = xOf(i);
        const b = brushes[s.axis];
        const ext = b ? s.extentOf(b) : undefined;
        const live = drag?.axis === s.axis ? [Math.min(drag.y0, drag.y1), Math.max(drag.y0, drag.y1)] : undefined;
        return (
          <g class="pc-axis" data-axis={s.axis} data-kind={s.kind} data-ticks={JSON.stringify(s.ticks.map((t) => t.label))}>
            <line x1={x} x2={x} y1={TOP} y2={bottom - MISSING_GAP} class="pc-axis-line" />
            {s.ticks.map((t, k) => (
              <g>
                <line x1={x - 4} x2={x} y1={t.y} y2={t.y} class="pc-tick" />
                {shownLabels[i][k] && (
                  <text x={x - 6} y={t.y + 4} class="pc-tick-label" text-anchor="end">
                    {t.label}
                    {t.title && t.title !== t.label && <title>{t.title}</title>}
                  </text>
                )}
              </g>
            ))}
            <text x={x - 6} y={bottom + 4} class="pc-tick-label muted" text-anchor="end">
              —
            </text>
            <text x={x} y={TOP - 14} class="pc-axis-name" text-anchor="middle">
              {s.axis.length > 22 ? s.axis.slice(0, 21) + "…" : s.axis}
              <title>{s.values ? `${s.axis}: ${s.values.join(", ")}` : s.axis}</title>
            </text>
            {ext && !live && <rect class="pc-brush" x={x - 9} width={18} y={ext[0]} height={Math.max(2, ext[1] - ext[0])} />}
            {live && <rect class="pc-brush live" x={x - 9} width={18} y={live[0]} height={Math.max(2, live[1] - live[0])} />}
            <rect
              class="pc-hit"
              x={x - 14}
              width={28}
              y={TOP - 4}
              height={bottom - TOP + 8}
              onPointerDown={(e) => {
                (e.target as Element).setPointerCapture(e.pointerId);
                const y = localY(e);
                setDrag({ axis: s.axis, y0: y, y1: y });
              }}
              onPointerMove={(e) => {
                if (drag?.axis === s.axis) setDrag({ ...drag, y1: localY(e) });
              }}
              onPointerUp={(e) => {
                if (drag?.axis !== s.axis) return;
                const y1 = localY(e);
                setDrag(undefined);
                if (Math.abs(y1 - drag.y0) < 3) onBrush(s.axis, undefined);
                else onBrush(s.axis, s.brushOf(drag.y0, y1));
              }}
            >
              <title>drag along the axis to keep a range; click to remove the brush</title>
            </rect>
          </g>
        );
      })}
    </svg>
  );
}
