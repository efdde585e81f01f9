// One scalar card: the tag's series of every shown run overlaid in a uPlot chart, raw and smoothed
// (smoothing computed by the server on the full data), NaN/±Inf as markers at their steps over the
// whole step range (the x axis reaches them) with counts, "all N points are NaN" inside a chart
// without a finite value, dots when a series has few points; tick labels from shared/format.ts
// (digits for the visible range, SI or scientific notation) on a y axis as wide as its labels;
// a hover readout (run, step, raw and smoothed value, wall time) that follows the cursor of every
// chart (uPlot cursor sync); a "sampled" mark when the server down-sampled, drag-to-zoom that
// fetches the full resolution of the visible range, a marked step (from a diagnosis evidence),
// CSV/JSON download. The x axis may be a log-scale step axis (TensorBoard's long-asked "log x"):
// points at step ≤ 0 cannot sit on it and are left out with a note saying how many. Run groups draw
// their mean or median with a min–max or ±1 std band. After each draw the card carries what the axes show (data-yticks,
// data-xticks, data-xrange, data-markers) for tests and tools.
import { useEffect, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import { getJson, q, type ScalarResponse } from "../api.ts";
import { fmt, formatLogTicks, formatTicks, formatValue, formatWall, nonFiniteNote } from "../shared/format.ts";
import { nearestPoint, valueScale, xRangeOf } from "./chart_math.ts";
import type { UrlState } from "../url_state.ts";
import { groupCurve, type RunGroup } from "./group_math.ts";

/** The points of a series whose x is > 0 (a log axis cannot place the others), with how many were left out. */
export function positiveX(r: ScalarResponse): { r: ScalarResponse; dropped: number } {
  let first = 0;
  while (first < r.x.length && !(r.x[first] > 0)) first++;
  const keep = r.x.every((x, i) => i < first || x > 0);
  const idx = keep ? null : r.x.map((x, i) => (x > 0 ? i : -1)).filter((i) => i >= 0);
  const pick = <T,>(a: T[] | undefined): T[] | undefined => (a ? (idx ? idx.map((i) => a[i]) : a.slice(first)) : undefined);
  const markers = r.markers.filter((m) => m.x > 0);
  const dropped = r.x.length - (idx ? idx.length : r.x.length - first) + (r.markers.length - markers.length);
  if (!dropped) return { r, dropped: 0 };
  const xs = pick(r.x)!;
  let lo = Infinity;
  for (const x of xs) if (x < lo) lo = x;
  for (const m of markers) if (m.x < lo) lo = m.x;
  // the extent starts at the first x the log axis can place
  const ext: ScalarResponse["xExtent"] = r.xExtent.length === 2 && Number.isFinite(lo) ? [lo, Math.max(lo, r.xExtent[1])] : [];
  return {
    r: {
      ...r,
      x: xs,
      y: pick(r.y)!,
      steps: pick(r.steps)!,
      wall: pick(r.wall)!,
      ema: pick(r.ema),
      mean: pick(r.mean),
      markers,
      xExtent: ext,
    },
    dropped,
  };
}

export const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

interface Props {
  tag: string;
  runs: string[];
  /** Color index of each run (stable across cards). */
  colorOf: (run: string) => string;
  state: UrlState;
  versions: Record<string, number>;
  /** Step to mark (vertical line + label). */
  mark?: number;
  /** End of a marked window of steps (shaded from `mark` to here). */
  markTo?: number;
  /** Runs lined up by role: the series of each run (its own tag, shown in the legend); `tag` is then the card's key. */
  tagOf?: Record<string, string>;
  /** Card title (default: the tag). */
  title?: string;
  /** Run groups: each drawn as its members' mean with a min–max band instead of one line per run. */
  groups?: RunGroup[];
}

const TARGET_POINTS = 2000;
/** Series with at most this many drawn points show each point as a dot. */
const FEW_POINTS = 40;
const NAN_COLOR = "#b00020";
const INF_COLOR = "#e65100";
/** Tick spacings of the step axis: whole steps only. */
const STEP_INCRS = Array.from({ length: 16 }, (_, e) => [1, 2, 5].map((m) => m * 10 ** e)).flat();
/** Every scalar chart's cursor follows the others (same x value). */
const CURSOR_SYNC_KEY = "trainscope-scalars";

export function ScalarCard({ tag, runs, colorOf, state, versions, mark, markTo, tagOf, title, groups }: Props) {
  const [zoom, setZoom] = useState<[number, number]>();
  const [data, setData] = useState<ScalarResponse[]>([]);
  const [error, setError] = useState<string>();
  const host = useRef<HTMLDivElement>(null);
  const card = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const readout = useRef<HTMLDivElement>(null);
  const started = useRef(0);
  const smoothing = state.window > 1 ? 0 : state.smoothing;
  const versionKey = runs.map((r) => versions[r] ?? 0).join(",");

  useEffect(() => {
    setZoom(undefined);
  }, [state.x]);

  useEffect(() => {
    let cancelled = false;
    started.current = performance.now();
    Promise.all(
      runs.map((run) =>
        getJson<ScalarResponse>(
          "/api/scalars?" +
            q({
              run,
              tag: tagOf?.[run] ?? tag,
              x: state.x === "logstep" ? "step" : state.x,
              smoothing,
              window: state.window > 1 ? state.window : undefined,
              points: TARGET_POINTS,
              min: zoom?.[0],
              max: zoom?.[1],
            }),
        ).catch((e: Error) => {
          if (!cancelled) setError(`${run}: ${e.message}`);
          return undefined;
        }),
      ),
    ).then((rs) => {
      if (!cancelled) setData(rs.filter((r): r is ScalarResponse => !!r));
    });
    return () => {
      cancelled = true;
    };
  }, [tag, runs.join("\n"), JSON.stringify(tagOf ?? null), state.x, smoothing, state.window, zoom?.[0], zoom?.[1], versionKey]);

  const logX = state.x === "logstep";
  const trimmed = logX ? data.map(positiveX) : data.map((r) => ({ r, dropped: 0 }));
  const droppedAtZero = trimmed.reduce((a, t) => a + t.dropped, 0);
  useEffect(() => {
    if (!host.current || !trimmed.length) return;
    const el = host.current;
    const cardEl = card.current;
    const data = trimmed.map((t) => t.r);
    const smoothed = (r: ScalarResponse) => r.ema ?? r.mean;
    const xPad = state.x === "step" ? 1 : 0.5;
    let xRange = xRangeOf(data, zoom, xPad) ?? (logX ? [1, 10] : [0, 1]);
    if (logX) {
      const lo = Math.max(xRange[0], 1e-9);
      xRange = lo >= xRange[1] ? [lo / 2, lo * 2] : [lo, xRange[1]];
    }
    // Values divided by `scale` keep uPlot's tick generator in its range (labels multiply it back).
    const scale = valueScale(data);
    const yOf = (v: number) => (state.log && !(v > 0) ? null : v / scale);
    const drawn = data.filter((r) => r.x.length > 0);
    const tables: uPlot.AlignedData[] = drawn.map((r) => {
      const s = smoothed(r);
      const cols: (number | null)[][] = [r.x, r.y.map(yOf)];
      if (s) cols.push(s.map(yOf));
      return cols as unknown as uPlot.AlignedData;
    });
    const series: uPlot.Series[] = [{ label: state.x === "step" || logX ? "step" : state.x === "relative" ? "time (s)" : "wall time" }];
    for (const r of drawn) {
      const color = colorOf(r.run);
      const has = !!smoothed(r);
      // Few points (a single one included) are drawn as dots as well as a line.
      const few = r.x.length <= FEW_POINTS;
      const label = tagOf ? `${r.run} · ${r.tag}` : r.run;
      series.push({
        label,
        stroke: has && !few ? color + "55" : color,
        width: has ? 1 : 1.5,
        spanGaps: true,
        points: { show: few, size: 7, stroke: color, fill: color },
      });
      if (has)
        series.push({ label: `${label} (${r.ema ? "EMA" : "mean"})`, stroke: color, width: 2, spanGaps: true, points: { show: false } });
    }
    // run groups: the members' mean line with a min–max band (members interpolated onto shared x values)
    const bands: uPlot.Band[] = [];
    const groupInfo: { name: string; n: number; last: number | null; lastLow: number | null; lastHigh: number | null }[] = [];
    if (groups?.length && drawn.length) {
      tables.length = 0;
      series.length = 1;
      groups.forEach((g, gi) => {
        const members = drawn.filter((r) => g.runs.includes(r.run));
        if (!members.length) return;
        const c = groupCurve(members.map((r) => ({ x: r.x, y: smoothed(r) ?? r.y })));
        if (!c.x.length) return;
        const color = COLORS[gi % COLORS.length];
        const base = series.length;
        const centre = state.gstat === "median" ? c.median : c.mean;
        const upper = state.gband === "std" ? centre.map((m, i) => m + c.std[i]) : c.max;
        const lower = state.gband === "std" ? centre.map((m, i) => m - c.std[i]) : c.min;
        const bandName = state.gband === "std" ? ["+1 std", "−1 std"] : ["max", "min"];
        series.push({
          label: `${g.name} (${state.gstat} of ${members.length})`,
          stroke: color,
          width: 2,
          spanGaps: true,
          points: { show: c.x.length <= FEW_POINTS, size: 6, stroke: color, fill: color },
        });
        series.push({ label: `${g.name} ${bandName[0]}`, stroke: color + "55", width: 1, spanGaps: true, points: { show: false } });
        series.push({ label: `${g.name} ${bandName[1]}`, stroke: color + "55", width: 1, spanGaps: true, points: { show: false } });
        bands.push({ series: [base + 1, base + 2], fill: color + "30" });
        tables.push([c.x, centre.map(yOf), upper.map(yOf), lower.map(yOf)] as unknown as uPlot.AlignedData);
        const k = centre.length - 1;
        groupInfo.push({
          name: g.name,
          n: members.length,
          last: centre[k] ?? null,
          lastLow: lower[k] ?? null,
          lastHigh: upper[k] ?? null,
        });
      });
    }
    let joined: uPlot.AlignedData;
    if (!tables.length) {
      // No finite value anywhere: an empty frame over the steps of the markers.
      joined = [xRange, [null, null]] as unknown as uPlot.AlignedData;
      series.push({ label: "no finite value", stroke: "transparent", points: { show: false } });
    } else joined = tables.length === 1 ? tables[0] : uPlot.join(tables);

    // What the axes draw, written on the card after each draw (read back by tests and tools).
    const drawnTicks = { x: [] as string[], y: [] as string[], yLabelPx: 0 };
    const yValues = (_u: uPlot, splits: number[]) => {
      // Without a finite value the y axis has nothing to say.
      const values = splits.map((v) => (v == null ? null : v * scale));
      const labels = !tables.length ? splits.map(() => "") : state.log ? formatLogTicks(values) : formatTicks(values);
      drawnTicks.y = labels.filter((l) => l !== "");
      return labels;
    };
    const xValues =
      state.x === "wall"
        ? undefined
        : (_u: uPlot, splits: number[]) => {
            const labels = logX ? formatLogTicks(splits) : formatTicks(splits).map((l) => (l && state.x === "relative" ? l + "s" : l));
            drawnTicks.x = labels.filter((l) => l !== "");
            return labels;
          };
    const yAxisSize = (u: uPlot, values: string[] | null, axisIdx: number, cycleNum: number): number => {
      const axis = u.axes[axisIdx] as uPlot.Axis & { _size?: number; font?: unknown };
      if (cycleNum > 1 && axis._size) return axis._size;
      const font = Array.isArray(axis.font) ? String(axis.font[0]) : String(axis.font ?? "12px sans-serif");
      const px = devicePixelRatio || 1;
      let w = 0;
      u.ctx.save();
      u.ctx.font = font;
      for (const v of values ?? []) if (v) w = Math.max(w, u.ctx.measureText(v).width / px);
      u.ctx.restore();
      drawnTicks.yLabelPx = Math.ceil(w);
      const ticks = typeof axis.ticks === "object" && axis.ticks.size !== undefined ? axis.ticks.size : 10;
      return Math.ceil(w + ticks + (axis.gap ?? 5) + 6);
    };

    const drawExtras = (u: uPlot) => {
      const ctx = u.ctx;
      const { top, height, left, width } = u.bbox;
      const px = devicePixelRatio || 1;
      ctx.save();
      // Markers at the first and last step stay whole: the clip reaches a marker's width past the plot.
      ctx.beginPath();
      ctx.rect(left - 6 * px, top, width + 12 * px, height);
      ctx.clip();
      const markerPx: { step: number; kind: string; x: number; y: number }[] = [];
      for (const r of data) {
        for (const m of r.markers) {
          const x = u.valToPos(m.x, "x", true);
          const size = 5 * px;
          const y = m.kind === "-inf" ? top + height - size - 2 : top + size + 2;
          ctx.fillStyle = m.kind === "nan" ? NAN_COLOR : INF_COLOR;
          ctx.beginPath();
          if (m.kind === "nan") {
            ctx.moveTo(x, y - size);
            ctx.lineTo(x + size, y);
            ctx.lineTo(x, y + size);
            ctx.lineTo(x - size, y);
          } else if (m.kind === "+inf") {
            ctx.moveTo(x, y - size);
            ctx.lineTo(x + size, y + size);
            ctx.lineTo(x - size, y + size);
          } else {
            ctx.moveTo(x, y + size);
            ctx.lineTo(x + size, y - size);
            ctx.lineTo(x - size, y - size);
          }
          ctx.fill();
          if (markerPx.length < 200) markerPx.push({ step: m.step, kind: m.kind, x: Math.round(x), y: Math.round(y) });
        }
      }
      // Position of a step on the current x axis (nearest returned point for time axes).
      const xOfStep = (step: number): number | undefined => {
        if (state.x === "step") return step;
        if (logX) return step > 0 ? step : undefined;
        let best = Infinity,
          xv: number | undefined;
        for (const r of data)
          r.steps.forEach((s, i) => {
            if (Math.abs(s - step) < best) {
              best = Math.abs(s - step);
              xv = r.x[i];
            }
          });
        return xv;
      };
      if (mark !== undefined && markTo !== undefined) {
        const a = xOfStep(mark),
          b = xOfStep(markTo);
        if (a !== undefined && b !== undefined) {
          const xa = u.valToPos(a, "x", true),
            xb = u.valToPos(b, "x", true);
          ctx.fillStyle = "rgba(176,0,32,0.08)";
          ctx.fillRect(Math.min(xa, xb), top, Math.abs(xb - xa), height);
        }
      }
      if (mark !== undefined) {
        const xv = xOfStep(mark);
        if (xv !== undefined) {
          const x = u.valToPos(xv, "x", true);
          ctx.strokeStyle = "#b00020";
          ctx.lineWidth = 2 * px;
          ctx.setLineDash([6 * px, 4 * px]);
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillStyle = "#b00020";
          ctx.font = `bold ${12 * px}px sans-serif`;
          ctx.textAlign = "left";
          ctx.textBaseline = "alphabetic";
          const label = markTo !== undefined ? `steps ${mark}–${markTo}` : `step ${mark}`;
          const tw = ctx.measureText(label).width;
          ctx.fillText(label, x + 4 * px + tw > left + width ? x - tw - 4 * px : x + 4 * px, top + 14 * px);
        }
      }
      ctx.restore();
      if (!cardEl) return;
      const points = data.reduce((a, r) => a + r.x.length, 0);
      const yAxis = u.axes[1] as uPlot.Axis & { _size?: number };
      const attrs: Record<string, string> = {
        "data-points": String(points),
        "data-drawn": "1",
        "data-draw-ms": String(Math.round(performance.now() - started.current)),
        "data-yticks": JSON.stringify(drawnTicks.y),
        "data-xticks": JSON.stringify(drawnTicks.x),
        "data-ylabel-px": String(drawnTicks.yLabelPx),
        "data-yaxis-px": String(Math.round(yAxis._size ?? 0)),
        "data-xrange": JSON.stringify([u.scales.x.min, u.scales.x.max]),
        "data-xlog": logX ? "1" : "0",
        "data-markers": JSON.stringify(markerPx),
        "data-series": JSON.stringify(drawn.map((r) => (tagOf ? `${r.run} · ${r.tag}` : r.run))),
        "data-groups": JSON.stringify(groupInfo),
        "data-bands": String(bands.length),
      };
      if (mark !== undefined) attrs["data-marked-step"] = String(mark);
      for (const [k, v] of Object.entries(attrs)) cardEl.setAttribute(k, v);
    };

    // Hover readout (this chart's cursor, or another chart's through the shared cursor sync).
    const showReadout = (u: uPlot) => {
      const box = readout.current;
      if (!box) return;
      const left = u.cursor.left;
      if (left === undefined || left < 0) {
        box.replaceChildren();
        box.removeAttribute("data-step");
        return;
      }
      const xv = u.posToVal(left, "x");
      const rows: HTMLElement[] = [];
      for (const r of data) {
        const p = nearestPoint(r, xv);
        if (!p) continue;
        const row = document.createElement("div");
        row.className = "readout-row";
        row.dataset.run = r.run;
        row.dataset.step = String(p.step);
        const sw = document.createElement("i");
        sw.style.background = colorOf(r.run);
        const name = document.createElement("b");
        name.textContent = r.run;
        const kind = r.ema ? "smoothed" : "mean";
        const parts = [`step ${p.step}`, `value ${formatValue(p.value)}`];
        if (p.smoothed !== undefined) parts.push(`${kind} ${formatValue(p.smoothed)}`);
        parts.push(formatWall(p.wall));
        row.append(sw, name, document.createTextNode(" " + parts.join(" · ")));
        rows.push(row);
      }
      box.replaceChildren(...rows);
      box.dataset.step = rows[0]?.dataset.step ?? "";
    };

    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth),
      height: 240,
      series,
      bands,
      scales: {
        x: logX ? { time: false, distr: 3, log: 10, range: () => xRange } : { time: state.x === "wall", range: () => xRange },
        y: {
          distr: state.log ? 3 : 1,
          range: (_u, min, max) => {
            if (min == null || max == null || !Number.isFinite(min) || !Number.isFinite(max)) return state.log ? [1, 10] : [0, 1];
            if (state.log) return uPlot.rangeLog(min, max, 10, true);
            if (min === max) {
              const pad = Math.abs(min) * 0.1 || 1;
              return [min - pad, max + pad];
            }
            return uPlot.rangeNum(min, max, 0.1, true);
          },
        },
      },
      axes: [
        { values: xValues, incrs: state.x === "step" ? STEP_INCRS : undefined, ...(logX ? { space: 36 } : {}) },
        { values: yValues, size: yAxisSize },
      ],
      legend: { show: tables.length > 0, live: false },
      cursor: {
        drag: { x: true, y: false, setScale: false },
        bind: { dblclick: () => null },
        // The cursor is shared, drag-to-zoom is not: button events stay in the chart they happen in.
        sync: {
          key: CURSOR_SYNC_KEY,
          setSeries: false,
          filters: { pub: (type) => type !== "mousedown" && type !== "mouseup" && type !== "dblclick" },
        },
      },
      hooks: {
        draw: [drawExtras],
        setCursor: [showReadout],
        setSelect: [
          (u) => {
            if (u.select.width < 5) return;
            const a = u.posToVal(u.select.left, "x"),
              b = u.posToVal(u.select.left + u.select.width, "x");
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            setZoom([a, b]);
          },
        ],
      },
    };
    plot.current?.destroy();
    plot.current = new uPlot(opts, joined, el);
    return () => {
      plot.current?.destroy();
      plot.current = undefined;
    };
  }, [data, state.log, logX, state.gstat, state.gband, mark, markTo, zoom?.[0], zoom?.[1], JSON.stringify(groups ?? null)]);

  useEffect(() => {
    if (mark !== undefined) card.current?.scrollIntoView({ block: "center" });
  }, [mark]);

  const sampled = data.some((r) => r.sampled);
  const nonFinite = data.reduce(
    (a, r) => ({ nan: a.nan + r.nonFinite.nan, posInf: a.posInf + r.nonFinite.posInf, negInf: a.negInf + r.nonFinite.negInf }),
    { nan: 0, posInf: 0, negInf: 0 },
  );
  const total = data.reduce((a, r) => a + r.total, 0);
  const shownPts = data.reduce((a, r) => a + r.x.length, 0);
  // A series without any finite value says so inside the chart (instead of an empty frame).
  const notes = data.flatMap((r) => {
    const note = r.x.length === 0 ? nonFiniteNote(r.total, r.nonFinite) : undefined;
    return note ? [data.length > 1 ? `${r.run}: ${note}` : note] : [];
  });
  if (droppedAtZero) notes.push(`${droppedAtZero} point(s) at step ≤ 0 not drawn on the log step axis`);
  const exportUrl = (format: string) => "/api/export?" + q({ run: runs, tag, format });
  return (
    <div class={"card scalar-card" + (mark !== undefined ? " marked" : "")} ref={card} data-tag={tag}>
      <div class="card-head">
        <h3 title={tagOf ? runs.map((r) => `${r}: ${tagOf[r]}`).join("\n") : tag}>{title ?? tag}</h3>
        <span class="badges">
          {sampled && (
            <span class="badge sampled" title={`${shownPts} of ${total} points drawn (LTTB down-sampling); zoom in for full resolution`}>
              sampled {shownPts}/{total}
            </span>
          )}
          {zoom && (
            <button class="small" onClick={() => setZoom(undefined)} title="show the whole series">
              reset zoom
            </button>
          )}
          {nonFinite.nan > 0 && <span class="badge nan">NaN {nonFinite.nan}</span>}
          {nonFinite.posInf > 0 && <span class="badge inf">+Inf {nonFinite.posInf}</span>}
          {nonFinite.negInf > 0 && <span class="badge inf">−Inf {nonFinite.negInf}</span>}
          {!tagOf && (
            <a class="small" href={exportUrl("csv")} download>
              CSV
            </a>
          )}
          {!tagOf && (
            <a class="small" href={exportUrl("json")} download>
              JSON
            </a>
          )}
        </span>
      </div>
      {error && <div class="error">{error}</div>}
      <div class="chart-wrap">
        <div class="chart" ref={host} />
        {notes.length > 0 && (
          <div class="chart-note">
            {notes.map((n) => (
              <div>{n}</div>
            ))}
          </div>
        )}
      </div>
      <div class="readout" ref={readout} aria-live="off" />
      {data.length > 0 && (
        <div class="muted small-text">
          {data.map(
            (r) =>
              r.last && (
                <span>
                  {r.run}: last {fmt(r.last.value)} @ step {r.last.step} ·{" "}
                </span>
              ),
          )}
        </div>
      )}
    </div>
  );
}
