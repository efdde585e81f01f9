// Tensors page: the per-step layer statistics of every weight, gradient and activation tag (min,
// max, mean, std, zero %, NaN/Inf, as the diagnosis computes them) with the watchpoint hits; rows
// with a hit are highlighted. Columns follow the rows the diagnosis returns.
import { useState } from "preact/hooks";
import type { ViewProps } from "../shared/view.ts";
import { RunPicker } from "../shared/run_picker.tsx";
import { useJson } from "../shared/use_json.ts";
import { q } from "../api.ts";
import { fmt } from "../shared/format.ts";
import { tagFilter } from "../shared/tag_filter.ts";
import { KIND_TEXT, runWithData } from "../shared/run_with.ts";

type Row = Record<string, unknown>;

/** Flattens whatever shape the statistics come in (array of rows, map of tag → rows) into rows. */
function toRows(v: unknown, tagKey?: string): Row[] {
  if (Array.isArray(v))
    return v.flatMap((x) => (x && typeof x === "object" && !Array.isArray(x) ? [flatten(x as Row, tagKey)] : toRows(x, tagKey)));
  if (v && typeof v === "object") {
    const o = v as Row;
    const arrays = Object.entries(o).filter(([, x]) => Array.isArray(x));
    if (arrays.length && arrays.length === Object.keys(o).length) return arrays.flatMap(([k, x]) => toRows(x, k));
    return [flatten(o, tagKey)];
  }
  return [];
}

function flatten(o: Row, tagKey?: string, prefix = "", out: Row = {}): Row {
  if (tagKey !== undefined && !("tag" in o) && !prefix) out.tag = tagKey;
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === "object" && !Array.isArray(v)) flatten(v as Row, undefined, prefix + k + ".", out);
    else out[prefix + k] = Array.isArray(v) ? v.join("–") : v;
  }
  return out;
}

function cell(v: unknown): string {
  if (typeof v === "number") return fmt(v);
  if (v === null || v === undefined) return "—";
  return String(v);
}

const PREFERRED = [
  "tag",
  "layer",
  "role",
  "kind",
  "step",
  "min",
  "max",
  "mean",
  "std",
  "zeroFraction",
  "zeroPct",
  "zero",
  "nan",
  "posInf",
  "negInf",
  "inf",
  "exact",
  "estimated",
];

function Table({ rows, highlight, className }: { rows: Row[]; highlight?: (r: Row) => boolean; className: string }) {
  const cols: string[] = [];
  for (const r of rows.slice(0, 200)) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  cols.sort((a, b) => (PREFERRED.indexOf(a) + 1 || 99) - (PREFERRED.indexOf(b) + 1 || 99));
  return (
    <div class="table-wrap">
      <table class={className}>
        <thead>
          <tr>
            {cols.map((c) => (
              <th>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr class={highlight?.(r) ? "hit" : ""}>
              {cols.map((c) => (
                <td>{cell(r[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TensorsView({ state, set, runs, shown, current: fallback, versions }: ViewProps) {
  const { run: current, none } = runWithData("tensors", { explicit: state.run, runs, shown, current: fallback });
  const { data, error } = useJson<{ stats: unknown; hits: unknown[]; error?: string }>(
    current ? "/api/tensor-stats?" + q({ run: current }) : undefined,
    current ? versions[current] : 0,
  );
  const [step, setStep] = useState<string>("last");
  const filter = tagFilter(state.tags);
  const rows = toRows(data?.stats).filter((r) => filter.test(String(r.tag ?? r.key ?? r.layer ?? "")));
  const hits = toRows(data?.hits);
  const steps = [...new Set(rows.map((r) => r.step).filter((s): s is number => typeof s === "number"))].sort((a, b) => a - b);
  const markStep = state.mark !== undefined && steps.includes(state.mark) ? String(state.mark) : undefined;
  const chosen = markStep && step === "last" ? markStep : step;
  const lastByTag = new Map<string, number>();
  for (const r of rows)
    if (typeof r.step === "number") lastByTag.set(String(r.tag), Math.max(lastByTag.get(String(r.tag)) ?? -Infinity, r.step));
  const shownRows =
    chosen === "all" || !steps.length
      ? rows
      : chosen === "last"
        ? rows.filter((r) => r.step === lastByTag.get(String(r.tag)))
        : rows.filter((r) => String(r.step) === chosen);
  const hitKey = new Set(hits.map((h) => `${h.tag ?? h.key ?? ""}@${h.step}`));
  return (
    <section>
      <div class="toolbar">
        <RunPicker runs={runs} current={current} set={set} kind="tensors" />
        <input
          type="search"
          placeholder="filter tags (regex)"
          value={state.tags}
          onInput={(e) => set({ tags: (e.target as HTMLInputElement).value })}
        />
        <label>
          Step
          <select value={chosen} onChange={(e) => setStep((e.target as HTMLSelectElement).value)}>
            <option value="last">last of each tag</option>
            <option value="all">all steps</option>
            {steps.map((s) => (
              <option value={String(s)}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      {(error || data?.error) && <div class="error">{error ?? data?.error}</div>}
      {none ? (
        <p class="muted no-data">No run has {KIND_TEXT.tensors}.</p>
      ) : (
        <>
          <h2>Layer statistics</h2>
          {shownRows.length ? (
            <Table rows={shownRows} className="stats" highlight={(r) => hitKey.has(`${r.tag ?? r.key ?? ""}@${r.step}`)} />
          ) : (
            <p class="muted">No weight, gradient or activation statistics in this run.</p>
          )}
          <h2>Watchpoint hits ({hits.length})</h2>
          {hits.length ? <Table rows={hits} className="hits" /> : <p class="muted">No watchpoint hit.</p>}
        </>
      )}
    </section>
  );
}
