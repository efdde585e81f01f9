// Histograms page: per tag, every recorded step re-binned by the server into shared buckets, drawn
// as a ridgeline (offset, one row per step) or overlaid; a step slider picks a step and shows its
// statistics and NaN/Inf counts. TensorBoard, TF2 and MindSpore histograms (and numeric tensors) alike.
import { useEffect, useRef, useState } from "preact/hooks";
import type { ViewProps } from "../shared/view.ts";
import { RunPicker } from "../shared/run_picker.tsx";
import { useJson } from "../shared/use_json.ts";
import { q, type SharedHistograms, type TagList } from "../api.ts";
import { fmt } from "../shared/format.ts";
import { tagFilter } from "../shared/tag_filter.ts";
import { KIND_TEXT, runWithData } from "../shared/run_with.ts";

function draw(canvas: HTMLCanvasElement, h: SharedHistograms, view: "ridgeline" | "overlay", sel: number) {
  const px = devicePixelRatio || 1;
  const W = canvas.clientWidth,
    H = canvas.clientHeight;
  canvas.width = W * px;
  canvas.height = H * px;
  const ctx = canvas.getContext("2d")!;
  ctx.scale(px, px);
  ctx.clearRect(0, 0, W, H);
  const left = 56,
    right = 12,
    top = 10,
    bottom = 22;
  const pw = W - left - right,
    ph = H - top - bottom;
  const bins = h.edges.length - 1;
  const lo = h.edges[0],
    hi = h.edges[bins];
  const xOf = (v: number) => left + ((v - lo) / (hi - lo || 1)) * pw;
  const n = h.steps.length;
  let maxC = 0;
  for (const s of h.steps) for (const c of s.counts) if (c > maxC) maxC = c;
  maxC = maxC || 1;
  const rowH = view === "ridgeline" ? ph / Math.max(1, n + 2) : 0;
  const peak = view === "ridgeline" ? Math.min(ph * 0.35, rowH * 4) : ph;
  ctx.font = "11px sans-serif";
  ctx.fillStyle = "#555";
  ctx.fillText(fmt(lo, 3), left, H - 6);
  const hiText = fmt(hi, 3);
  ctx.fillText(hiText, left + pw - ctx.measureText(hiText).width, H - 6);
  if (lo < 0 && hi > 0) {
    ctx.strokeStyle = "#ccc";
    ctx.beginPath();
    ctx.moveTo(xOf(0), top);
    ctx.lineTo(xOf(0), top + ph);
    ctx.stroke();
    ctx.fillText("0", xOf(0) - 3, H - 6);
  }
  const order = h.steps.map((_, i) => i);
  if (view === "overlay") {
    order.splice(order.indexOf(sel), 1);
    order.push(sel);
  }
  for (const i of order) {
    const s = h.steps[i];
    const base = view === "ridgeline" ? top + peak + i * rowH : top + ph;
    const t = n > 1 ? i / (n - 1) : 1;
    const isSel = i === sel;
    ctx.beginPath();
    ctx.moveTo(xOf(h.edges[0]), base);
    for (let b = 0; b < bins; b++) {
      const y = base - (s.counts[b] / maxC) * peak;
      ctx.lineTo(xOf((h.edges[b] + h.edges[b + 1]) / 2), y);
    }
    ctx.lineTo(xOf(h.edges[bins]), base);
    const shade = Math.round(200 - t * 140);
    if (view === "ridgeline") {
      ctx.fillStyle = isSel ? "rgba(214,39,40,0.55)" : `rgba(${shade - 40},${shade},${240},0.85)`;
      ctx.fill();
      ctx.strokeStyle = isSel ? "#b00020" : "#fff";
      ctx.lineWidth = isSel ? 1.5 : 0.7;
      ctx.stroke();
      if (isSel || i === 0 || i === n - 1) {
        ctx.fillStyle = isSel ? "#b00020" : "#555";
        ctx.fillText(String(s.step), 4, base);
      }
    } else {
      ctx.strokeStyle = isSel ? "#b00020" : `rgba(${shade - 40},${shade},240,0.8)`;
      ctx.lineWidth = isSel ? 2.5 : 1;
      ctx.stroke();
    }
    if (s.nonFinite.nan + s.nonFinite.posInf + s.nonFinite.negInf > 0 && view === "ridgeline") {
      ctx.fillStyle = "#b00020";
      ctx.fillText("NaN/Inf", left + pw - 44, base - 2);
    }
  }
}

function HistogramCard({
  run,
  tag,
  view,
  versions,
  initialStep,
}: {
  run: string;
  tag: string;
  view: "ridgeline" | "overlay";
  versions: Record<string, number>;
  initialStep?: number;
}) {
  const { data, error } = useJson<SharedHistograms>("/api/histograms?" + q({ run, tag, bins: 40, steps: 50 }), versions[run]);
  const [sel, setSel] = useState<number>();
  const canvas = useRef<HTMLCanvasElement>(null);
  const card = useRef<HTMLDivElement>(null);
  const n = data?.steps.length ?? 0;
  let idx = sel ?? n - 1;
  if (sel === undefined && initialStep !== undefined && data) {
    let best = Infinity;
    data.steps.forEach((s, i) => {
      if (Math.abs(s.step - initialStep) < best) {
        best = Math.abs(s.step - initialStep);
        idx = i;
      }
    });
  }
  idx = Math.min(Math.max(0, idx), n - 1);
  useEffect(() => {
    if (!data || !canvas.current || !n) return;
    draw(canvas.current, data, view, idx);
    card.current?.setAttribute("data-drawn", "1");
  }, [data, view, idx]);
  useEffect(() => {
    if (initialStep !== undefined) card.current?.scrollIntoView({ block: "center" });
  }, [initialStep, !!data]);
  const s = data?.steps[idx];
  const nf = data?.steps.reduce((a, x) => a + x.nonFinite.nan + x.nonFinite.posInf + x.nonFinite.negInf, 0) ?? 0;
  return (
    <div class="card hist-card" ref={card} data-tag={tag}>
      <div class="card-head">
        <h3 title={tag}>{tag}</h3>
        <span class="badges">
          {data?.sampled && (
            <span class="badge sampled">
              {n} of {data.totalSteps} steps
            </span>
          )}
          {nf > 0 && <span class="badge nan">NaN/Inf {nf}</span>}
        </span>
      </div>
      {error && <div class="error">{error}</div>}
      <canvas ref={canvas} class="hist-canvas" style={{ height: view === "ridgeline" ? "260px" : "200px" }} />
      {s && (
        <div class="hist-controls">
          <input
            type="range"
            min={0}
            max={n - 1}
            value={idx}
            onInput={(e) => setSel(Number((e.target as HTMLInputElement).value))}
            aria-label="step"
          />
          <span>
            step <b>{s.step}</b> · min {fmt(s.min)} · max {fmt(s.max)} · mean {fmt(s.mean)} · n {fmt(s.num)}
            {s.nonFinite.nan > 0 && <span class="error"> · NaN {s.nonFinite.nan}</span>}
            {s.nonFinite.posInf + s.nonFinite.negInf > 0 && <span class="error"> · Inf {s.nonFinite.posInf + s.nonFinite.negInf}</span>}
          </span>
        </div>
      )}
    </div>
  );
}

export function HistogramsView({ state, set, runs, shown, current: fallback, versions }: ViewProps) {
  const { run: current, none } = runWithData("histograms", { explicit: state.run, runs, shown, current: fallback });
  const { data: tags, error } = useJson<TagList>(current ? "/api/tags?" + q({ run: current }) : undefined, current ? versions[current] : 0);
  const filter = tagFilter(state.tags);
  const all = [...(tags?.histograms ?? []).map((h) => h.tag), ...(tags?.tensors ?? []).filter((t) => t.numeric).map((t) => t.tag)].filter(
    filter.test,
  );
  const focus = state.focus && all.includes(state.focus) ? state.focus : undefined;
  return (
    <section>
      <div class="toolbar">
        <RunPicker runs={runs} current={current} set={set} kind="histograms" />
        <input
          type="search"
          placeholder="filter tags (regex)"
          value={state.tags}
          onInput={(e) => set({ tags: (e.target as HTMLInputElement).value })}
        />
        <label>
          <input type="radio" name="hview" checked={state.hview === "ridgeline"} onChange={() => set({ hview: "ridgeline" })} /> ridgeline
          (offset)
        </label>
        <label>
          <input type="radio" name="hview" checked={state.hview === "overlay"} onChange={() => set({ hview: "overlay" })} /> overlay
        </label>
      </div>
      {error && <div class="error">{error}</div>}
      {none && <p class="muted no-data">No run has {KIND_TEXT.histograms}.</p>}
      <div class="cards">
        {current &&
          (focus ? [focus, ...all.filter((t) => t !== focus)] : all).map((tag) => (
            <HistogramCard
              key={current + "\n" + tag}
              run={current}
              tag={tag}
              view={state.hview}
              versions={versions}
              initialStep={focus === tag ? state.mark : undefined}
            />
          ))}
      </div>
      {tags && all.length === 0 && !none && <p class="muted">This run has no histograms{state.tags ? " matching the filter" : ""}.</p>}
    </section>
  );
}
