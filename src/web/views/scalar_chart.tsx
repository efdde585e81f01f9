// One scalar card: the tag's series of every shown run overlaid in a uPlot chart, raw and smoothed
// (smoothing computed by the server on the full data), NaN/±Inf as markers with counts, a "sampled"
// mark when the server down-sampled, drag-to-zoom that fetches the full resolution of the visible
// range, a marked step (from a diagnosis evidence), CSV/JSON download.
import { useEffect, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import { getJson, q, type ScalarResponse } from "../api.ts";
import { fmt } from "../shared/format.ts";
import type { UrlState } from "../url_state.ts";

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
}

const TARGET_POINTS = 2000;

export function ScalarCard({ tag, runs, colorOf, state, versions, mark, markTo }: Props) {
  const [zoom, setZoom] = useState<[number, number]>();
  const [data, setData] = useState<ScalarResponse[]>([]);
  const [error, setError] = useState<string>();
  const host = useRef<HTMLDivElement>(null);
  const card = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const started = useRef(0);
  const smoothing = state.window > 1 ? 0 : state.smoothing;
  const versionKey = runs.map((r) => versions[r] ?? 0).join(",");

  useEffect(() => { setZoom(undefined); }, [state.x]);

  useEffect(() => {
    let cancelled = false;
    started.current = performance.now();
    Promise.all(runs.map((run) => getJson<ScalarResponse>("/api/scalars?" + q({
      run, tag, x: state.x, smoothing, window: state.window > 1 ? state.window : undefined, points: TARGET_POINTS,
      min: zoom?.[0], max: zoom?.[1],
    })).catch((e: Error) => { if (!cancelled) setError(`${run}: ${e.message}`); return undefined; })))
      .then((rs) => { if (!cancelled) setData(rs.filter((r): r is ScalarResponse => !!r)); });
    return () => { cancelled = true; };
  }, [tag, runs.join("\n"), state.x, smoothing, state.window, zoom?.[0], zoom?.[1], versionKey]);

  useEffect(() => {
    if (!host.current || !data.length) return;
    const el = host.current;
    const smoothed = (r: ScalarResponse) => r.ema ?? r.mean;
    const tables: uPlot.AlignedData[] = data.map((r) => {
      const y = state.log ? r.y.map((v) => (v > 0 ? v : null)) : r.y;
      const s = smoothed(r);
      const cols: (number | null)[][] = [r.x, y];
      if (s) cols.push(state.log ? s.map((v) => (v > 0 ? v : null)) : s);
      return cols as unknown as uPlot.AlignedData;
    });
    const joined = tables.length === 1 ? tables[0] : uPlot.join(tables);
    const series: uPlot.Series[] = [{ label: state.x === "step" ? "step" : state.x === "relative" ? "time (s)" : "wall time" }];
    for (const r of data) {
      const color = colorOf(r.run);
      const has = !!smoothed(r);
      series.push({ label: r.run, stroke: has ? color + "55" : color, width: has ? 1 : 1.5, spanGaps: true, points: { show: false } });
      if (has) series.push({ label: `${r.run} (${r.ema ? "EMA" : "mean"})`, stroke: color, width: 2, spanGaps: true, points: { show: false } });
    }
    const drawExtras = (u: uPlot) => {
      const ctx = u.ctx;
      const { top, height, left, width } = u.bbox;
      ctx.save();
      ctx.beginPath(); ctx.rect(left, top, width, height); ctx.clip();
      const px = devicePixelRatio || 1;
      for (const r of data) {
        for (const m of r.markers) {
          const x = u.valToPos(m.x, "x", true);
          const size = 5 * px;
          const y = m.kind === "-inf" ? top + height - size - 2 : top + size + 2;
          ctx.fillStyle = m.kind === "nan" ? "#b00020" : "#e65100";
          ctx.beginPath();
          if (m.kind === "nan") { ctx.moveTo(x, y - size); ctx.lineTo(x + size, y); ctx.lineTo(x, y + size); ctx.lineTo(x - size, y); }
          else if (m.kind === "+inf") { ctx.moveTo(x, y - size); ctx.lineTo(x + size, y + size); ctx.lineTo(x - size, y + size); }
          else { ctx.moveTo(x, y + size); ctx.lineTo(x + size, y - size); ctx.lineTo(x - size, y - size); }
          ctx.fill();
        }
      }
      // Position of a step on the current x axis (nearest returned point for time axes).
      const xOfStep = (step: number): number | undefined => {
        if (state.x === "step") return step;
        let best = Infinity, xv: number | undefined;
        for (const r of data) r.steps.forEach((s, i) => { if (Math.abs(s - step) < best) { best = Math.abs(s - step); xv = r.x[i]; } });
        return xv;
      };
      if (mark !== undefined && markTo !== undefined) {
        const a = xOfStep(mark), b = xOfStep(markTo);
        if (a !== undefined && b !== undefined) {
          const xa = u.valToPos(a, "x", true), xb = u.valToPos(b, "x", true);
          ctx.fillStyle = "rgba(176,0,32,0.08)";
          ctx.fillRect(Math.min(xa, xb), top, Math.abs(xb - xa), height);
        }
      }
      if (mark !== undefined) {
        const xv = xOfStep(mark);
        if (xv !== undefined) {
          const x = u.valToPos(xv, "x", true);
          ctx.strokeStyle = "#b00020"; ctx.lineWidth = 2 * px; ctx.setLineDash([6 * px, 4 * px]);
          ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillStyle = "#b00020"; ctx.font = `bold ${12 * px}px sans-serif`; ctx.textAlign = "left"; ctx.textBaseline = "alphabetic";
          const label = markTo !== undefined ? `steps ${mark}–${markTo}` : `step ${mark}`;
          const tw = ctx.measureText(label).width;
          ctx.fillText(label, x + 4 * px + tw > left + width ? x - tw - 4 * px : x + 4 * px, top + 14 * px);
        }
      }
      ctx.restore();
      const points = data.reduce((a, r) => a + r.x.length, 0);
      card.current?.setAttribute("data-points", String(points));
      card.current?.setAttribute("data-drawn", "1");
      card.current?.setAttribute("data-draw-ms", String(Math.round(performance.now() - started.current)));
      if (mark !== undefined) card.current?.setAttribute("data-marked-step", String(mark));
    };
    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth),
      height: 240,
      series,
      scales: { x: { time: state.x === "wall" }, y: { distr: state.log ? 3 : 1 } },
      axes: [{}, { size: 60 }],
      legend: { show: true, live: false },
      cursor: { drag: { x: true, y: false, setScale: false }, bind: { dblclick: () => null } },
      hooks: {
        draw: [drawExtras],
        setSelect: [(u) => {
          if (u.select.width < 5) return;
          const a = u.posToVal(u.select.left, "x"), b = u.posToVal(u.select.left + u.select.width, "x");
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          setZoom([a, b]);
        }],
      },
    };
    plot.current?.destroy();
    plot.current = new uPlot(opts, joined, el);
    return () => { plot.current?.destroy(); plot.current = undefined; };
  }, [data, state.log, mark, markTo]);

  useEffect(() => {
    if (mark !== undefined) card.current?.scrollIntoView({ block: "center" });
  }, [mark]);

  const sampled = data.some((r) => r.sampled);
  const nonFinite = data.reduce((a, r) => ({ nan: a.nan + r.nonFinite.nan, posInf: a.posInf + r.nonFinite.posInf, negInf: a.negInf + r.nonFinite.negInf }), { nan: 0, posInf: 0, negInf: 0 });
  const total = data.reduce((a, r) => a + r.total, 0);
  const shownPts = data.reduce((a, r) => a + r.x.length, 0);
  const exportUrl = (format: string) => "/api/export?" + q({ run: runs, tag, format });
  return (
    <div class={"card scalar-card" + (mark !== undefined ? " marked" : "")} ref={card} data-tag={tag}>
      <div class="card-head">
        <h3 title={tag}>{tag}</h3>
        <span class="badges">
          {sampled && <span class="badge sampled" title={`${shownPts} of ${total} points drawn (LTTB down-sampling); zoom in for full resolution`}>sampled {shownPts}/{total}</span>}
          {zoom && <button class="small" onClick={() => setZoom(undefined)} title="show the whole series">reset zoom</button>}
          {nonFinite.nan > 0 && <span class="badge nan">NaN {nonFinite.nan}</span>}
          {nonFinite.posInf > 0 && <span class="badge inf">+Inf {nonFinite.posInf}</span>}
          {nonFinite.negInf > 0 && <span class="badge inf">−Inf {nonFinite.negInf}</span>}
          <a class="small" href={exportUrl("csv")} download>CSV</a>
          <a class="small" href={exportUrl("json")} download>JSON</a>
        </span>
      </div>
      {error && <div class="error">{error}</div>}
      <div class="chart" ref={host} />
      {data.length > 0 && <div class="muted small-text">{data.map((r) => r.last && <span>{r.run}: last {fmt(r.last.value)} @ step {r.last.step} · </span>)}</div>}
    </div>
  );
}
