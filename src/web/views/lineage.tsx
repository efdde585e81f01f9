// Lineage page: one row per run (hyper-parameters, final/best metrics, diagnosis, steps, duration)
// from /api/lineage; sort by any column (click its header; again to reverse), filter expressions
// (shared/filter_expr.ts: `lr < 1e-3, optimizer == adam`), a column chooser over every key (the union
// over runs; a missing value is an empty cell), virtualised rows (only the rows in view are in the
// page, so 1 000 runs stay responsive), the selection shared with every chart page (checkboxes), and
// the importance panel for a target metric: parameters ranked with their band and verdict; clicking
// one shows its scatter against the target (lineage_scatter.tsx). Sort, filter, columns, target and
// parameter live in the URL. The table carries data-rows / data-sort / data-filter-error for tests.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ViewProps } from "../shared/view.ts";
import { q, type ImportanceEntry, type LineageResponse, type LineageRun } from "../api.ts";
import { useJson } from "../shared/use_json.ts";
import { fmt, formatDuration } from "../shared/format.ts";
import { compareCells, matchesFilter, parseFilter } from "../shared/filter_expr.ts";
import { metricValue } from "../shared/lineage_values.ts";
import { LineageScatter } from "./lineage_scatter.tsx";

/** Height of one table row in px (fixed: the virtual scroller computes positions from it). */
export const ROW_HEIGHT = 28;
/** Rows drawn beyond the visible ones, above and below. */
const OVERSCAN = 10;
const VIEW_HEIGHT = 560;

interface Column {
  id: string;
  group: "run" | "hyper-parameter" | "metric" | "run info";
  get: (r: LineageRun) => unknown;
}

function columnsOf(data: LineageResponse): Column[] {
  const cols: Column[] = [{ id: "run", group: "run", get: (r) => r.run }];
  for (const k of data.hparamKeys) cols.push({ id: k, group: "hyper-parameter", get: (r) => r.hparams[k] });
  for (const m of data.metricKeys) {
    cols.push({ id: m, group: "metric", get: (r) => metricValue(r, m) });
    cols.push({ id: `${m}.final`, group: "metric", get: (r) => metricValue(r, `${m}.final`) });
    cols.push({
      id: `${m}.step`,
      group: "metric",
      get: (r) => {
        const x = r.metrics[m];
        return x ? (x.goal ? x.bestStep : x.finalStep) : null;
      },
    });
  }
  cols.push(
    { id: "diagnosis", group: "run info", get: (r) => r.diagnosis.worst },
    { id: "cause", group: "run info", get: (r) => r.diagnosis.topCause ?? r.diagnosis.topSymptom },
    { id: "steps", group: "run info", get: (r) => r.steps },
    { id: "duration", group: "run info", get: (r) => r.durationSec },
    { id: "files", group: "run info", get: (r) => r.files.length },
  );
  // a hyper-parameter named like a built-in column keeps its name; the built-in one is dropped
  const seen = new Set<string>();
  return cols.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
}

function defaultColumns(data: LineageResponse): string[] {
  const varying = data.hparamKeys.filter((k) => new Set(data.runs.map((r) => JSON.stringify(r.hparams[k]))).size > 1);
  const hp = (varying.length ? varying : data.hparamKeys).slice(0, 8);
  const metrics = data.metricKeys.filter((m) => m !== "learning_rate").slice(0, 4);
  return ["run", ...hp, ...metrics, "diagnosis", "cause", "steps"];
}

function cellText(id: string, v: unknown): string {
  if (v === null || v === undefined) return "";
  if (id === "duration" && typeof v === "number") return formatDuration(v);
  if (typeof v === "number") return fmt(v);
  return String(v);
}

function ColumnChooser({ columns, chosen, onChange }: { columns: Column[]; chosen: string[]; onChange: (ids: string[]) => void }) {
  const [find, setFind] = useState("");
  const set = new Set(chosen);
  const shown = columns.filter((c) => !find || c.id.toLowerCase().includes(find.toLowerCase())).slice(0, 300);
  return (
    <details class="column-chooser">
      <summary>
        Columns ({chosen.length} of {columns.length})
      </summary>
      <div class="chooser-body">
        <input type="search" placeholder="find a column" value={find} onInput={(e) => setFind((e.target as HTMLInputElement).value)} />
        <button onClick={() => onChange([])}>Default</button>
        <div class="chooser-list">
          {shown.map((c) => (
            <label class="chooser-item" data-col={c.id}>
              <input
                type="checkbox"
                checked={set.has(c.id)}
                onChange={() => onChange(set.has(c.id) ? chosen.filter((x) => x !== c.id) : [...chosen, c.id])}
              />
              {c.id} <span class="muted">{c.group}</span>
            </label>
          ))}
          {columns.length > shown.length && <div class="muted">{columns.length - shown.length} more: narrow the search</div>}
        </div>
      </div>
    </details>
  );
}

function ImportancePanel({
  data,
  target,
  param,
  onParam,
}: {
  data: LineageResponse;
  target: string;
  param: string;
  onParam: (p: string) => void;
}) {
  const imp = data.importance;
  if (!target) return <p class="muted">Choose a target metric to rank the hyper-parameters by their importance.</p>;
  if (data.importanceError) return <p class="error">{data.importanceError}</p>;
  if (!imp) return <p class="muted">computing…</p>;
  const max = Math.max(0.05, ...imp.entries.map((e) => e.high));
  const pct = (v: number) => `${(Math.max(0, v) / max) * 100}%`;
  return (
    <div class="importance">
      <p class="muted importance-note">
        {imp.n} run(s) with a value{imp.dropped ? `, ${imp.dropped} without` : ""}.{" "}
        {imp.trees === 0
          ? "Too few runs to rank the hyper-parameters (8 with a value are needed)."
          : `Score: out-of-bag permutation importance of a random forest (${imp.trees} trees) on the target's ranks; band: 90 % bootstrap over runs (${imp.bootstrap} resamples).`}{" "}
        |r|: Pearson, as MindSpore Insight ranks.
      </p>
      <ul class="importance-list">
        {imp.entries.map((e: ImportanceEntry) => (
          <li
            class={"importance-entry " + (e.param === param ? "active" : "")}
            data-param={e.param}
            data-verdict={e.verdict}
            data-score={e.score}
            onClick={() => onParam(e.param)}
            title={`score ${e.score}, band [${e.low}, ${e.high}]`}
          >
            <span class="param">{e.param}</span>
            <span class="bar-track">
              <span class="band" style={{ left: pct(e.low), width: `calc(${pct(e.high)} - ${pct(e.low)})` }} />
              <span class="bar" style={{ width: pct(e.score) }} />
            </span>
            <span class="score">{e.score.toFixed(2)}</span>
            <span class={"verdict " + e.verdict.replace(/ /g, "-")}>{e.verdict}</span>
            <span class="muted">
              {e.kind}
              {e.pearson !== null ? ` · |r| ${e.pearson.toFixed(2)}` : ""}
              {e.interactions.length ? ` · interacts with ${e.interactions.join(", ")}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function LineageView({ state, set, versions }: ViewProps) {
  const versionKey = Object.values(versions).join(",");
  const { data, error, loading } = useJson<LineageResponse>("/api/lineage?" + q({ metric: state.target || undefined }), versionKey);
  const [scrollTop, setScrollTop] = useState(0);
  // the filter being typed (applied on Enter or when the field is left): re-renders keep it
  const [draft, setDraft] = useState(state.lfilter);
  useEffect(() => setDraft(state.lfilter), [state.lfilter]);
  const scroller = useRef<HTMLDivElement>(null);

  const columns = useMemo(() => (data ? columnsOf(data) : []), [data]);
  const byId = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);
  const chosen = data ? (state.lcols.length ? state.lcols.filter((c) => byId.has(c)) : defaultColumns(data)) : [];
  const filter = useMemo(
    () =>
      parseFilter(
        state.lfilter,
        columns.map((c) => c.id),
      ),
    [state.lfilter, columns],
  );
  const rows = useMemo(() => {
    if (!data) return [];
    let out = data.runs;
    if (filter.ok && filter.clauses.length) out = out.filter((r) => matchesFilter(filter.clauses, (k) => byId.get(k)!.get(r)));
    const desc = state.lsort.startsWith("-");
    const col = byId.get(desc ? state.lsort.slice(1) : state.lsort);
    if (col) {
      out = out.slice().sort((a, b) => {
        const va = col.get(a),
          vb = col.get(b);
        const missA = va === null || va === undefined,
          missB = vb === null || vb === undefined;
        if (missA || missB) return missA === missB ? 0 : missA ? 1 : -1; // missing values last either way
        return desc ? compareCells(vb, va) : compareCells(va, vb);
      });
    }
    return out;
  }, [data, filter, state.lsort, byId]);

  if (!data) return <section class="lineage">{error ? <p class="error">{error}</p> : <p class="muted">loading…</p>}</section>;

  const selected = new Set(state.runs);
  const toggle = (name: string) => set({ runs: selected.has(name) ? state.runs.filter((r) => r !== name) : [...state.runs, name] });
  const sortBy = (id: string) => set({ lsort: state.lsort === id ? `-${id}` : id });
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  const targets = data.metricKeys.flatMap((m) => [m, `${m}.final`]);

  return (
    <section class="lineage">
      <div class="toolbar">
        <input
          type="search"
          class="lineage-filter"
          placeholder="filter: lr < 1e-3, optimizer == adam, run ~ seed"
          value={draft}
          onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
          onChange={(e) => set({ lfilter: (e.target as HTMLInputElement).value })}
        />
        <span class="muted lineage-count">
          {rows.length} of {data.runs.length} runs · {state.runs.length} selected
        </span>
        <button onClick={() => set({ runs: rows.slice(0, 200).map((r) => r.run) })}>Select shown</button>
        <button disabled={!state.runs.length} onClick={() => set({ page: "scalars" })}>
          Compare selected
        </button>
        <ColumnChooser columns={columns} chosen={chosen} onChange={(ids) => set({ lcols: ids })} />
        {loading && <span class="muted">updating…</span>}
      </div>
      {!filter.ok && <div class="error filter-error">{filter.error}</div>}
      <div
        class="lineage-scroll"
        ref={scroller}
        style={{ maxHeight: `${VIEW_HEIGHT}px` }}
        onScroll={(e) => setScrollTop((e.target as HTMLDivElement).scrollTop)}
      >
        <table
          class="lineage-table"
          data-rows={rows.length}
          data-sort={state.lsort}
          data-rendered={last - first}
          data-filter-error={filter.ok ? "" : filter.error}
        >
          <thead>
            <tr>
              <th></th>
              {chosen.map((id) => (
                <th
                  data-col={id}
                  class={"sortable " + (state.lsort === id ? "asc" : state.lsort === `-${id}` ? "desc" : "")}
                  onClick={() => sortBy(id)}
                  title={byId.get(id)!.group}
                >
                  {id}
                  {state.lsort === id ? " ▲" : state.lsort === `-${id}` ? " ▼" : ""}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {first > 0 && <tr class="spacer" style={{ height: `${first * ROW_HEIGHT}px` }} />}
            {rows.slice(first, last).map((r) => (
              <tr key={r.run} class="lineage-row" data-run={r.run} style={{ height: `${ROW_HEIGHT}px` }}>
                <td>
                  <input type="checkbox" checked={selected.has(r.run)} onChange={() => toggle(r.run)} aria-label={"select " + r.run} />
                </td>
                {chosen.map((id) => {
                  const v = byId.get(id)!.get(r);
                  const text = cellText(id, v);
                  const src = r.hparamSources[id];
                  return (
                    <td data-col={id} class={id === "diagnosis" ? "badge-cell " + String(v) : ""} title={src ? `${text}\n(${src})` : text}>
                      {text}
                    </td>
                  );
                })}
              </tr>
            ))}
            {last < rows.length && <tr class="spacer" style={{ height: `${(rows.length - last) * ROW_HEIGHT}px` }} />}
          </tbody>
        </table>
      </div>
      <h2>Hyper-parameter importance</h2>
      <div class="toolbar">
        <label>
          Target{" "}
          <select class="importance-target" value={state.target} onChange={(e) => set({ target: (e.target as HTMLSelectElement).value })}>
            <option value="">(choose a metric)</option>
            {targets.map((t) => (
              <option value={t}>
                {t}
                {data.metricKeys.includes(t) ? " (best)" : ""}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="importance-panels">
        <ImportancePanel data={data} target={state.target} param={state.lparam} onParam={(p) => set({ lparam: p })} />
        {state.target && state.lparam && data.hparamKeys.includes(state.lparam) && (
          <LineageScatter
            runs={rows}
            param={state.lparam}
            target={state.target}
            kind={data.importance?.entries.find((e) => e.param === state.lparam)?.kind}
            hparamKeys={data.hparamKeys}
          />
        )}
      </div>
    </section>
  );
}
