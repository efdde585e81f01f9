// Scatter of one hyper-parameter against the importance target over the shown lineage rows (uPlot,
// points only): a log x axis when the parameter is ranked on a log scale (positive values spanning
// decades: learning rate, weight decay), categories spread on integer positions labelled with their
// value, and points coloured by a second parameter (up to 8 values; more are drawn in one colour).
// Runs without a finite target or parameter value are counted, not drawn. The card carries
// data-param, data-xlog, data-points and data-drawn for tests.
import { useEffect, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import type { ImportanceEntry, LineageRun } from "../api.ts";
import { finiteOf, metricValue } from "../shared/lineage_values.ts";
import { formatLogTicks, formatTicks } from "../shared/format.ts";
import { COLORS } from "./scalar_chart.tsx";

interface Props {
  runs: LineageRun[];
  param: string;
  target: string;
  kind?: ImportanceEntry["kind"];
  hparamKeys: string[];
}

const MAX_COLOR_LEVELS = 8;

export function LineageScatter({ runs, param, target, kind, hparamKeys }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const card = useRef<HTMLDivElement>(null);
  const [colorBy, setColorBy] = useState("");

  useEffect(() => {
    const el = host.current,
      cardEl = card.current;
    if (!el || !cardEl) return;
    cardEl.setAttribute("data-drawn", "0");
    const values = runs.map((r) => r.hparams[param]);
    const numeric = values.every((v) => v === null || typeof v === "number" || v === "nan" || v === "inf" || v === "-inf");
    const nums = values.map(finiteOf).filter((v): v is number => v !== undefined);
    const log =
      numeric && (kind === "log" || (nums.length > 1 && Math.min(...nums) > 0 && Math.log10(Math.max(...nums) / Math.min(...nums)) > 1.5));
    const levels = numeric ? [] : [...new Set(values.filter((v) => v !== null).map(String))].sort();
    const xOf = (v: unknown): number | undefined => (numeric ? finiteOf(v) : v === null ? undefined : levels.indexOf(String(v)));
    const pts: { x: number; y: number; c: string }[] = [];
    for (const r of runs) {
      const x = xOf(r.hparams[param]),
        y = finiteOf(metricValue(r, target));
      if (x === undefined || y === undefined || (log && !(x > 0))) continue;
      pts.push({ x, y, c: colorBy ? String(r.hparams[colorBy] ?? "(none)") : "" });
    }
    pts.sort((a, b) => a.x - b.x);
    const groups = [...new Set(pts.map((p) => p.c))];
    const split = colorBy && groups.length <= MAX_COLOR_LEVELS ? groups : [""];
    const data: (number | null)[][] = [pts.map((p) => p.x)];
    for (const g of split) data.push(pts.map((p) => (split.length === 1 || p.c === g ? p.y : null)));
    const series: uPlot.Series[] = [
      { label: param },
      ...split.map((g, i): uPlot.Series => ({
        label: g ? `${colorBy}=${g}` : target,
        stroke: COLORS[i % COLORS.length],
        width: 0,
        paths: () => null,
        points: { show: true, size: 8, stroke: COLORS[i % COLORS.length], fill: COLORS[i % COLORS.length] + "aa" },
      })),
    ];
    const width = Math.max(320, Math.min(720, el.clientWidth || 560));
    const opts: uPlot.Options = {
      width,
      height: 320,
      series,
      scales: {
        x: log
          ? { time: false, distr: 3 }
          : {
              time: false,
              range: (_u, lo, hi) => (numeric ? [lo - (hi - lo || 1) * 0.05, hi + (hi - lo || 1) * 0.05] : [-0.5, levels.length - 0.5]),
            },
      },
      axes: [
        {
          label: param,
          values: (_u, splits) =>
            numeric
              ? log
                ? formatLogTicks(splits)
                : formatTicks(splits)
              : splits.map((s) => (Number.isInteger(s) && levels[s] !== undefined ? levels[s] : "")),
          ...(numeric ? {} : { splits: () => levels.map((_, i) => i) }),
        },
        { label: target, values: (_u, splits) => formatTicks(splits) },
      ],
      cursor: { drag: { x: false, y: false } },
      legend: { show: split.length > 1 },
    };
    el.innerHTML = "";
    const u = new uPlot(opts, data as unknown as uPlot.AlignedData, el);
    cardEl.setAttribute("data-param", param);
    cardEl.setAttribute("data-xlog", log ? "1" : "0");
    cardEl.setAttribute("data-points", String(pts.length));
    cardEl.setAttribute("data-drawn", "1");
    return () => u.destroy();
  }, [runs, param, target, kind, colorBy]);

  const skipped = runs.length - runs.filter((r) => finiteOf(metricValue(r, target)) !== undefined && r.hparams[param] !== null).length;
  return (
    <div class="lineage-scatter" ref={card}>
      <div class="toolbar">
        <strong>{param}</strong> vs <strong>{target}</strong>
        <label>
          colour by{" "}
          <select value={colorBy} onChange={(e) => setColorBy((e.target as HTMLSelectElement).value)}>
            <option value="">(none)</option>
            {hparamKeys
              .filter((k) => k !== param)
              .map((k) => (
                <option value={k}>{k}</option>
              ))}
          </select>
        </label>
        {skipped > 0 && <span class="muted">{skipped} run(s) without a value not drawn</span>}
      </div>
      <div ref={host} />
    </div>
  );
}
