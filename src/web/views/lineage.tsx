// Lineage page: one row per run (hyper-parameters, final/best metrics, diagnosis, steps, duration)
// from /api/lineage; sort by any column (click its header; again to reverse), filter expressions
// (shared/filter_expr.ts: `lr < 1e-3, optimizer == adam`), a column chooser over every key (the union
// over runs; a missing value is an empty cell), virtualised rows (only the rows in view are in the
// page, so 1 000 runs stay responsive), the selection shared with every chart page (checkboxes), and
// the importance panel for a target metric: parameters ranked with their band and verdict; clicking
// one shows its scatter against the target (lineage_scatter.tsx). Sort, filter, columns, target and
// parameter live in the URL. Also: parallel coordinates over chosen hyper-parameters and the target
// (parallel_coords.tsx) whose brushes filter the runs of every page; a cause filter (runs whose
// diagnosis names a cause); group rows (the run-group spec the scalar page draws: seeds of one
// configuration summarised as mean ± std, n; expandable); the user's tags and notes (columns `tags`
// and `note`, filterable, edited in annotation_editor.tsx); the dataset lineage of the compared runs
// (lineage_dataset.tsx). The table carries data-rows / data-sort / data-filter-error for tests.
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ViewProps } from "../shared/view.ts";
import { q, type ImportanceEntry, type LineageResponse, type LineageRun } from "../api.ts";
import { useJson, usePoll } from "../shared/use_json.ts";
import { fmt, formatDuration } from "../shared/format.ts";
import { compareCells, matchesFilter, parseFilter } from "../shared/filter_expr.ts";
import { metricValue } from "../shared/lineage_values.ts";
import { passesBrushes, type Brush, type Brushes } from "../shared/brushes.ts";
import { LineageScatter } from "./lineage_scatter.tsx";
import { ParallelCoords } from "./parallel_coords.tsx";
import { defaultAxes } from "./pc_axes.ts";
import { groupRuns } from "./group_math.ts";
import { groupCell, groupSortValue, type GroupCell } from "./lineage_groups.ts";
import { AnnotationEditor } from "./annotation_editor.tsx";
import { DatasetLineagePanel } from "./lineage_dataset.tsx";

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
    { id: "tags", group: "run info", get: (r) => (r.tags?.length ? r.tags.join(", ") : null) },
    { id: "note", group: "run info", get: (r) => r.note || null },
    { id: "diagnosis", group: "run info", get: (r) => r.diagnosis.worst },
    { id: "cause", group: "run info", get: (r) => r.diagnosis.topCause ?? r.diagnosis.topSymptom },
    { id: "causes", group: "run info", get: (r) => (r.diagnosis.causes.length ? r.diagnosis.causes.join(", ") : null) },
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
  const tags = data.runs.some((r) => r.tags?.length) ? ["tags"] : [];
  return ["run", ...hp, ...metrics, ...tags, "diagnosis", "cause", "steps"];
}

/** A group cell as text: the common value, "k values", or mean ± std (n). */
function groupText(id: string, c: GroupCell): string {
  if (c.kind === "none") return "";
  if (c.kind === "same") return cellText(id, c.value);
  if (c.kind === "values") return `${c.distinct} values`;
  return `${cellText(id, c.mean)} ± ${cellText(id, c.std)} (n=${c.n})`;
}

type Item = { kind: "run"; r: LineageRun; member: boolean } | { kind: "group"; name: string; runs: LineageRun[] };

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

export function LineageView({ state, set, versions, annTick }: ViewProps) {
  const versionKey = Object.values(versions).join(",");
  const [saved, setSaved] = useState(0);
  const [pending, setPending] = useState(false);
  const poll = usePoll(pending, 5000);
  const { data, error, loading } = useJson<LineageResponse>(
    "/api/lineage?" + q({ metric: state.target || undefined }),
    `${versionKey}|${annTick ?? 0}|${saved}|${poll}`,
  );
  // diagnoses still running in the background: read the table again until every row has one
  useEffect(() => setPending(!!data?.runs.some((r) => r.diagnosis.worst === "pending")), [data]);
  const [scrollTop, setScrollTop] = useState(0);
  // the filter being typed (applied on Enter or when the field is left): re-renders keep it
  const [draft, setDraft] = useState(state.lfilter);
  useEffect(() => setDraft(state.lfilter), [state.lfilter]);
  const [groupDraft, setGroupDraft] = useState(state.group);
  useEffect(() => setGroupDraft(state.group), [state.group]);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<string>();
  const scroller = useRef<HTMLDivElement>(null);
  const pcHost = useRef<HTMLDivElement>(null);
  const [pcWidth, setPcWidth] = useState(900);
  useEffect(() => {
    const w = pcHost.current?.clientWidth;
    if (w && Math.abs(w - pcWidth) > 20) setPcWidth(Math.max(480, w));
  });

  const columns = useMemo(() => (data ? columnsOf(data) : []), [data]);
  const byId = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);
  // computed once per answer (each costs a pass over every run and key; the page re-renders often)
  const defaults = useMemo(() => (data ? defaultColumns(data) : []), [data]);
  const chosen = data ? (state.lcols.length ? state.lcols.filter((c) => byId.has(c)) : defaults) : [];
  const valueOf = useCallback((r: LineageRun, id: string) => byId.get(id)?.get(r) ?? metricValue(r, id), [byId]);
  const runsKey = state.runs.join("\u0000");
  const selectedSet = useMemo(() => new Set(state.runs), [runsKey]);
  const onBrush = useCallback(
    (axis: string, b: Brush | undefined) => {
      const next = { ...state.brush };
      if (b) next[axis] = b;
      else delete next[axis];
      set({ brush: next });
    },
    [state.brush, set],
  );
  const filter = useMemo(
    () =>
      parseFilter(
        state.lfilter,
        columns.map((c) => c.id),
      ),
    [state.lfilter, columns],
  );
  // runs passing the filter expression and the cause filter (the parallel coordinates draw these; brushes grey some out)
  const filtered = useMemo(() => {
    if (!data) return [];
    let out = data.runs;
    if (filter.ok && filter.clauses.length) out = out.filter((r) => matchesFilter(filter.clauses, (k) => byId.get(k)!.get(r)));
    if (state.lcause) out = out.filter((r) => r.diagnosis.causes.includes(state.lcause));
    return out;
  }, [data, filter, state.lcause, byId]);
  // the default axes follow the runs shown (filter and cause), not the brushes (an axis stays while brushed)
  const pcKey = state.pc.join("\u0000");
  const axes = useMemo(
    () =>
      !data
        ? []
        : state.pc.length
          ? state.pc.filter((a) => byId.has(a) || data.metricKeys.includes(a.replace(/\.(best|final)$/, "")))
          : defaultAxes(data.hparamKeys, data.metricKeys, filtered, state.target),
    [data, pcKey, state.target, byId, filtered],
  );
  const brushes: Brushes = state.brush;
  const rows = useMemo(() => {
    let out = Object.keys(brushes).length ? filtered.filter((r) => passesBrushes(brushes, (a) => valueOf(r, a))) : filtered;
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
  }, [filtered, JSON.stringify(brushes), state.lsort, byId]);

  const grouping = useMemo(() => {
    if (!state.group || !data) return undefined;
    const byRun = new Map(data.runs.map((r) => [r.run, r]));
    return groupRuns(
      state.group,
      rows.map((r) => r.run),
      (run) => byRun.get(run)?.hparams as Record<string, unknown> | undefined,
    );
  }, [state.group, rows, data]);

  const items: Item[] = useMemo(() => {
    if (!grouping || grouping.error) return rows.map((r) => ({ kind: "run", r, member: false }));
    const byRun = new Map(rows.map((r) => [r.run, r]));
    let groups = grouping.groups.map((g) => ({ name: g.name, runs: g.runs.map((x) => byRun.get(x)!) }));
    const desc = state.lsort.startsWith("-");
    const id = desc ? state.lsort.slice(1) : state.lsort;
    const col = byId.get(id);
    if (col) {
      const key = (g: { runs: LineageRun[] }) =>
        id === "run" ? g.runs[0].run : groupSortValue(groupCell(g.runs.map(col.get), col.group !== "hyper-parameter"));
      groups = groups.slice().sort((a, b) => {
        const va = key(a),
          vb = key(b);
        const missA = va === null || va === undefined,
          missB = vb === null || vb === undefined;
        if (missA || missB) return missA === missB ? 0 : missA ? 1 : -1;
        return desc ? compareCells(vb, va) : compareCells(va, vb);
      });
    }
    const out: Item[] = [];
    for (const g of groups) {
      out.push({ kind: "group", name: g.name, runs: g.runs });
      if (open.has(g.name)) for (const r of g.runs) out.push({ kind: "run", r, member: true });
    }
    return out;
  }, [rows, grouping, open, state.lsort, byId]);

  if (!data) return <section class="lineage">{error ? <p class="error">{error}</p> : <p class="muted">loading…</p>}</section>;

  const selected = new Set(state.runs);
  const toggle = (name: string) => set({ runs: selected.has(name) ? state.runs.filter((r) => r !== name) : [...state.runs, name] });
  const toggleMany = (names: string[]) => {
    const all = names.every((n) => selected.has(n));
    set({ runs: all ? state.runs.filter((r) => !names.includes(r)) : [...state.runs, ...names.filter((n) => !selected.has(n))] });
  };
  const sortBy = (id: string) => set({ lsort: state.lsort === id ? `-${id}` : id });
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  const targets = data.metricKeys.flatMap((m) => [m, `${m}.final`]);
  const causeCounts = new Map<string, number>();
  for (const r of data.runs) for (const c of r.diagnosis.causes) causeCounts.set(c, (causeCounts.get(c) ?? 0) + 1);
  const causes = [...causeCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const knownTags = [...new Set(data.runs.flatMap((r) => r.tags ?? []))].sort();
  const axisChoices = [...data.hparamKeys, ...data.metricKeys.flatMap((m) => [m, `${m}.final`]), "steps", "duration"];
  const editRun = editing ? data.runs.find((r) => r.run === editing) : undefined;
  const groupCount = items.filter((i) => i.kind === "group").length;

  const cell = (id: string, r: LineageRun) => {
    const v = byId.get(id)!.get(r);
    const text = cellText(id, v);
    const src = r.hparamSources[id];
    if (id === "tags")
      return (
        <td data-col={id} class="tags-cell" title={text}>
          {(r.tags ?? []).map((t) => (
            <span class="tag-chip">{t}</span>
          ))}
          <button class="small edit-tags" title="edit tags and note" aria-label={"edit tags of " + r.run} onClick={() => setEditing(r.run)}>
            ✎
          </button>
        </td>
      );
    return (
      <td data-col={id} class={id === "diagnosis" ? "badge-cell " + String(v) : ""} title={src ? `${text}\n(${src})` : text}>
        {text}
      </td>
    );
  };

  return (
    <section class="lineage">
      <div class="toolbar">
        <input
          type="search"
          class="lineage-filter"
          placeholder="filter: lr < 1e-3, optimizer == adam, tags ~ baseline"
          value={draft}
          onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
          onChange={(e) => set({ lfilter: (e.target as HTMLInputElement).value })}
        />
        <label title="only the runs whose diagnosis (a warning or an error) names this cause">
          Cause{" "}
          <select class="cause-filter" value={state.lcause} onChange={(e) => set({ lcause: (e.target as HTMLSelectElement).value })}>
            <option value="">(any)</option>
            {causes.map(([c, n]) => (
              <option value={c}>
                {c} ({n})
              </option>
            ))}
            {state.lcause && !causeCounts.has(state.lcause) && <option value={state.lcause}>{state.lcause} (0)</option>}
          </select>
        </label>
        <label title="group rows: a regex removed from run names (_s\d+$ groups seeds) or hp:KEY,KEY; the scalar page draws the same groups">
          Group{" "}
          <input
            type="search"
            class={"lineage-group" + (grouping?.error ? " invalid" : "")}
            placeholder="_s\d+$ or hp:lr,optimizer"
            value={groupDraft}
            title={grouping?.error}
            onInput={(e) => setGroupDraft((e.target as HTMLInputElement).value)}
            onChange={(e) => set({ group: (e.target as HTMLInputElement).value })}
          />
        </label>
        <span class="muted lineage-count">
          {rows.length} of {data.runs.length} runs{groupCount ? ` in ${groupCount} groups` : ""} · {state.runs.length} selected
        </span>
        <button onClick={() => set({ runs: rows.slice(0, 200).map((r) => r.run) })}>Select shown</button>
        <button disabled={!state.runs.length} onClick={() => set({ page: "scalars" })}>
          Compare selected
        </button>
        <ColumnChooser columns={columns} chosen={chosen} onChange={(ids) => set({ lcols: ids })} />
        {loading && <span class="muted">updating…</span>}
      </div>
      {!filter.ok && <div class="error filter-error">{filter.error}</div>}
      {grouping?.error && <div class="error group-error">{grouping.error}</div>}
      {editRun && (
        <AnnotationEditor
          run={editRun.run}
          tags={editRun.tags ?? []}
          note={editRun.note ?? ""}
          known={knownTags}
          onSaved={() => setSaved((n) => n + 1)}
          onClose={() => setEditing(undefined)}
        />
      )}
      <div
        class="lineage-scroll"
        ref={scroller}
        style={{ maxHeight: `${VIEW_HEIGHT}px` }}
        onScroll={(e) => setScrollTop((e.target as HTMLDivElement).scrollTop)}
      >
        <table
          class="lineage-table"
          data-rows={rows.length}
          data-groups={groupCount}
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
            {items.slice(first, last).map((it) => {
              if (it.kind === "group") {
                const names = it.runs.map((r) => r.run);
                const isOpen = open.has(it.name);
                return (
                  <tr
                    key={"g:" + it.name}
                    class="lineage-group-row"
                    data-group={it.name}
                    data-n={it.runs.length}
                    style={{ height: `${ROW_HEIGHT}px` }}
                  >
                    <td>
                      <input
                        type="checkbox"
                        checked={names.every((n) => selected.has(n))}
                        onChange={() => toggleMany(names)}
                        aria-label={"select group " + it.name}
                      />
                    </td>
                    {chosen.map((id) => {
                      const col = byId.get(id)!;
                      if (id === "run")
                        return (
                          <td data-col="run" class="group-name">
                            <button
                              class="small group-toggle"
                              onClick={() => {
                                const next = new Set(open);
                                if (isOpen) next.delete(it.name);
                                else next.add(it.name);
                                setOpen(next);
                              }}
                            >
                              {isOpen ? "▾" : "▸"}
                            </button>{" "}
                            {it.name} <span class="muted">({it.runs.length} runs)</span>
                          </td>
                        );
                      const c = groupCell(it.runs.map(col.get), col.group !== "hyper-parameter" && id !== "diagnosis" && id !== "cause");
                      return (
                        <td
                          data-col={id}
                          data-mean={c.kind === "stats" ? c.mean : undefined}
                          data-std={c.kind === "stats" ? c.std : undefined}
                          title={c.kind === "stats" ? `min ${fmt(c.min)} · max ${fmt(c.max)}` : undefined}
                        >
                          {groupText(id, c)}
                        </td>
                      );
                    })}
                  </tr>
                );
              }
              const r = it.r;
              return (
                <tr key={r.run} class={"lineage-row" + (it.member ? " member" : "")} data-run={r.run} style={{ height: `${ROW_HEIGHT}px` }}>
                  <td>
                    <input type="checkbox" checked={selected.has(r.run)} onChange={() => toggle(r.run)} aria-label={"select " + r.run} />
                  </td>
                  {chosen.map((id) => cell(id, r))}
                </tr>
              );
            })}
            {last < items.length && <tr class="spacer" style={{ height: `${(items.length - last) * ROW_HEIGHT}px` }} />}
          </tbody>
        </table>
      </div>
      <h2>Parallel coordinates</h2>
      <div class="toolbar">
        <span class="muted">
          Drag along an axis to keep a range (the runs outside are hidden on every page); click an axis to remove its brush.
        </span>
        <AxisChooser choices={axisChoices} chosen={axes} onChange={(ids) => set({ pc: ids })} />
        {Object.keys(brushes).length > 0 && (
          <button class="small" onClick={() => set({ brush: {} })}>
            clear brushes
          </button>
        )}
      </div>
      <div class="pc-host" ref={pcHost}>
        {axes.length > 0 && filtered.length > 0 ? (
          <ParallelCoords
            runs={filtered}
            selected={selectedSet}
            axes={axes}
            brushes={brushes}
            valueOf={valueOf}
            width={pcWidth}
            onBrush={onBrush}
          />
        ) : (
          <p class="muted">No run or no axis to draw.</p>
        )}
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
      <h2>Dataset lineage</h2>
      <DatasetLineagePanel runs={rows} selected={state.runs} />
    </section>
  );
}

function AxisChooser({ choices, chosen, onChange }: { choices: string[]; chosen: string[]; onChange: (ids: string[]) => void }) {
  const [find, setFind] = useState("");
  const set = new Set(chosen);
  const shown = choices.filter((c) => !find || c.toLowerCase().includes(find.toLowerCase())).slice(0, 300);
  return (
    <details class="column-chooser axis-chooser">
      <summary>Axes ({chosen.length})</summary>
      <div class="chooser-body">
        <input type="search" placeholder="find an axis" value={find} onInput={(e) => setFind((e.target as HTMLInputElement).value)} />
        <button onClick={() => onChange([])}>Default</button>
        <div class="chooser-list">
          {shown.map((c) => (
            <label class="chooser-item" data-axis={c}>
              <input
                type="checkbox"
                checked={set.has(c)}
                onChange={() => onChange(set.has(c) ? chosen.filter((x) => x !== c) : [...chosen, c])}
              />
              {c}
            </label>
          ))}
        </div>
      </div>
    </details>
  );
}
