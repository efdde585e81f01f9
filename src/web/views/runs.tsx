// Runs page: every run of the logdir with its status (a run that failed to read shows its error),
// diagnosis badge (worst severity), the user's tags, last values and hyper-parameters; search by
// regex (RE2, also matching tags); sort by name or by the last value of a metric role (missing
// values last); select the matching runs, or the best N by the sorted metric, to compare. Runs
// outside the parallel-coordinates brushes are hidden (the banner above says so).
import type { ViewProps } from "../shared/view.ts";
import type { FileProblem, RunListItem } from "../api.ts";
import { clipTitle, fmt } from "../shared/format.ts";
import { tagFilter } from "../shared/tag_filter.ts";
import { useState } from "preact/hooks";

/** The last value of a role (or tag) in the run list, as a number (non-finite and missing: undefined). */
function lastOf(r: RunListItem, key: string): number | undefined {
  const v = r.lastValues?.find((x) => x.role === key || x.tag === key)?.value;
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function Badge({ run }: { run: RunListItem }) {
  if (run.status === "failed")
    return (
      <span class="badge error" title={run.error}>
        unreadable
      </span>
    );
  if (run.status !== "loaded") return <span class="badge pending">{run.status}</span>;
  const d = run.diagnosis;
  if (!d) return <span class="badge pending">diagnosing</span>;
  if (d.error)
    return (
      <span class="badge warning" title={d.error}>
        diagnosis failed
      </span>
    );
  if (!d.worst) return <span class="badge ok">healthy</span>;
  const n = d.counts[d.worst];
  return (
    <span class={"badge " + d.worst} title={`${d.counts.error} error, ${d.counts.warning} warning, ${d.counts.info} info`}>
      {d.worst}
      {n > 1 ? ` ×${n}` : ""}
    </span>
  );
}

/** Where a file problem is: "at byte N" or "line N". */
function where(p: FileProblem): string {
  return p.offset !== undefined ? `at byte ${p.offset}` : p.line !== undefined ? `line ${p.line}` : "";
}

/** The run's damaged files (truncated, corrupt records) with the byte offset of the damage; text only (escaped by Preact). */
function FileProblems({ run }: { run: RunListItem }) {
  const list = run.fileProblems ?? [];
  if (!list.length) return null;
  const more = (run.problemCount ?? list.length) - list.length;
  return (
    <details class="file-problems" open={list.length <= 3}>
      <summary class={list.some((p) => p.severity === "error") ? "error" : "warn-text"}>
        {list.length} file problem{list.length > 1 ? "s" : ""}
        {more > 0 ? ` (+${more} more)` : ""}
      </summary>
      <ul>
        {list.map((p) => (
          <li class={"file-problem " + p.severity} data-code={p.code} data-offset={p.offset}>
            <span class="problem-file">{p.file}</span> {where(p)}: <span class="problem-code">{p.code}</span> — {p.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function RunsView({ state, set, runs, brushed }: ViewProps) {
  const search = tagFilter(state.q);
  const [topN, setTopN] = useState(5);
  let visible = runs.filter((r) => (!brushed || brushed.has(r.name)) && (search.test(r.name) || (r.tags ?? []).some(search.test)));
  const sortKeys = [...new Set(runs.flatMap((r) => (r.lastValues ?? []).map((v) => v.role ?? v.tag)))];
  const desc = state.rsort.startsWith("-");
  const sortKey = desc ? state.rsort.slice(1) : state.rsort;
  if (sortKey) {
    visible = visible.slice().sort((a, b) => {
      const va = lastOf(a, sortKey),
        vb = lastOf(b, sortKey);
      if (va === undefined || vb === undefined) return va === vb ? 0 : va === undefined ? 1 : -1;
      return desc ? vb - va : va - vb;
    });
  }
  const selected = new Set(state.runs);
  const toggle = (name: string) => {
    const next = selected.has(name) ? state.runs.filter((r) => r !== name) : [...state.runs, name];
    set({ runs: next });
  };
  return (
    <section class="runs">
      <div class="toolbar">
        <input
          type="search"
          class={"run-search" + (search.error ? " invalid" : "")}
          placeholder="search runs and tags (regex)"
          title={search.error}
          value={state.q}
          onInput={(e) => set({ q: (e.target as HTMLInputElement).value })}
        />
        <label>
          Sort{" "}
          <select class="run-sort" value={state.rsort} onChange={(e) => set({ rsort: (e.target as HTMLSelectElement).value })}>
            <option value="">name</option>
            {sortKeys.flatMap((k) => [
              <option value={k}>{k} (last, ascending)</option>,
              <option value={"-" + k}>{k} (last, descending)</option>,
            ])}
          </select>
        </label>
        <span class="muted run-count">
          {visible.length} of {runs.length} runs · {state.runs.length} selected
        </span>
        <button class="select-matching" disabled={!visible.length} onClick={() => set({ runs: visible.slice(0, 200).map((r) => r.name) })}>
          Select matching
        </button>
        {sortKey && (
          <span>
            <button
              class="select-top"
              onClick={() =>
                set({
                  runs: visible
                    .filter((r) => lastOf(r, sortKey) !== undefined)
                    .slice(0, topN)
                    .map((r) => r.name),
                })
              }
            >
              Select first
            </button>{" "}
            <input
              type="number"
              class="narrow top-n"
              min={1}
              max={200}
              value={topN}
              onChange={(e) => setTopN(Math.max(1, Math.min(200, Math.floor(Number((e.target as HTMLInputElement).value) || 1))))}
            />
          </span>
        )}
        <button disabled={!state.runs.length} onClick={() => set({ page: "scalars" })}>
          Compare selected
        </button>
        <button disabled={!state.runs.length} onClick={() => set({ runs: [] })}>
          Clear selection
        </button>
      </div>
      <table class="runlist">
        <thead>
          <tr>
            <th></th>
            <th>Run</th>
            <th>Diagnosis</th>
            <th>Last values</th>
            <th>Hyper-parameters</th>
          </tr>
        </thead>
        <tbody>
          {visible.map((r) => (
            <tr key={r.name} class={"run-row " + r.status} data-run={r.name}>
              <td>
                <input type="checkbox" checked={selected.has(r.name)} onChange={() => toggle(r.name)} aria-label={"select " + r.name} />
              </td>
              <td class="name">
                <a
                  href="#"
                  onClick={(e) => {
                    e.preventDefault();
                    set({ page: "diagnosis", run: r.name });
                  }}
                >
                  {r.name}
                </a>
                {(r.tags ?? []).map((t) => (
                  <span class="tag-chip">{t}</span>
                ))}
                {r.error && <div class="error run-error">{r.error}</div>}
                <FileProblems run={r} />
              </td>
              <td>
                <Badge run={r} />
              </td>
              <td class="values">
                {(r.lastValues ?? []).map((v) => (
                  <div title={`${v.tag} ${String(v.value)} @${v.step}`}>
                    <span class="muted">{v.tag}</span> {fmt(v.value)} <span class="muted">@{v.step}</span>
                  </div>
                ))}
              </td>
              <td class="hparams">
                {Object.entries(r.hparams ?? {})
                  .slice(0, 8)
                  .map(([k, v]) => (
                    <span class="kv" title={`${k}=${clipTitle(String(v))}`}>
                      {k}={String(v)}
                    </span>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {runs.length === 0 && <p class="muted">No runs found yet.</p>}
    </section>
  );
}
