// The dashboard shell: navigation, the URL-held state, the run list (shared by every page) and the
// live updates pushed by the server (Server-Sent Events) that make views re-fetch; the
// parallel-coordinates brushes (URL state) filter the runs of every page: the shell reads the lineage
// table when a brush is set and passes the runs inside every brush on (a banner says which brushes
// are on and clears them).
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { formatState, parseState, PAGES, type Page, type UrlState } from "./url_state.ts";
import { getJson, type LineageResponse, type RunListItem } from "./api.ts";
import { useJson } from "./shared/use_json.ts";
import { brushText, passesBrushes } from "./shared/brushes.ts";
import { cellOf } from "./shared/lineage_values.ts";
import { fmt } from "./shared/format.ts";
import type { ViewProps } from "./shared/view.ts";
import { RunsView } from "./views/runs.tsx";
import { ScalarsView } from "./views/scalars.tsx";
import { HistogramsView } from "./views/histograms.tsx";
import { TensorsView } from "./views/tensors.tsx";
import { ImagesView } from "./views/images.tsx";
import { DiagnosisView } from "./views/diagnosis.tsx";
import { ChecklistView } from "./views/checklist.tsx";
import { LineageView } from "./views/lineage.tsx";
import { GraphView } from "./graph/view.tsx";

const TITLES: Record<Page, string> = {
  runs: "Runs",
  lineage: "Lineage",
  scalars: "Scalars",
  histograms: "Histograms",
  tensors: "Tensors",
  images: "Images",
  graph: "Graph",
  diagnosis: "Diagnosis",
  checklist: "Checklist",
};

export function App() {
  const [state, setState] = useState<UrlState>(() => parseState(location.search));
  const [runs, setRuns] = useState<RunListItem[]>([]);
  const [listError, setListError] = useState<string>();
  const [live, setLive] = useState(false);
  const [diagTick, setDiagTick] = useState(0);
  const [annTick, setAnnTick] = useState(0);
  const timer = useRef<number | undefined>(undefined);

  const set = useCallback((patch: Partial<UrlState>) => {
    setState((s) => {
      const next = { ...s, ...patch };
      const url = formatState(next);
      if (url !== location.search) history.pushState(null, "", url);
      return next;
    });
  }, []);
  useEffect(() => {
    const onPop = () => setState(parseState(location.search));
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);

  const loadRuns = useCallback(() => {
    getJson<{ runs: RunListItem[]; discoverError?: string }>("/api/runs")
      .then((r) => {
        setRuns(r.runs);
        setListError(r.discoverError);
      })
      .catch((e: Error) => setListError(e.message));
  }, []);
  const soon = useCallback(() => {
    if (timer.current === undefined)
      timer.current = window.setTimeout(() => {
        timer.current = undefined;
        loadRuns();
      }, 250);
  }, [loadRuns]);

  useEffect(() => {
    loadRuns();
    const es = new EventSource("/api/events");
    es.addEventListener("hello", () => setLive(true));
    es.addEventListener("run", soon);
    es.addEventListener("runs", soon);
    es.addEventListener("diagnosis", () => {
      soon();
      setDiagTick((t) => t + 1);
    });
    es.addEventListener("annotations", () => {
      soon();
      setAnnTick((t) => t + 1);
    });
    es.onerror = () => setLive(false);
    return () => es.close();
  }, [loadRuns, soon]);

  // While runs are still loading, poll as well (cheap) so the list fills in.
  const busy = runs.some((r) => r.status === "pending" || r.status === "loading");
  useEffect(() => {
    if (!busy) return;
    const t = window.setInterval(loadRuns, 1000);
    return () => clearInterval(t);
  }, [busy, loadRuns]);

  const versions = useMemo(() => Object.fromEntries(runs.map((r) => [r.name, r.version])), [runs]);
  const readable = runs.filter((r) => r.status === "loaded");
  const brushAxes = Object.keys(state.brush);
  const versionKey = Object.values(versions).join(",");
  const brushTable = useJson<LineageResponse>(brushAxes.length ? "/api/lineage" : undefined, versionKey);
  const brushed = useMemo(() => {
    const t = brushTable.data;
    if (!brushAxes.length || !t) return undefined;
    return new Set(t.runs.filter((r) => passesBrushes(state.brush, (a) => cellOf(r, a, t.hparamKeys))).map((r) => r.run));
  }, [brushTable.data, JSON.stringify(state.brush)]);
  const pending = brushAxes.length > 0 && !brushed;
  const shown = pending
    ? []
    : state.runs.length
      ? state.runs.filter((r) => !brushed || brushed.has(r))
      : readable
          .filter((r) => !brushed || brushed.has(r.name))
          .slice(0, 6)
          .map((r) => r.name);
  const current = state.run && runs.some((r) => r.name === state.run) ? state.run : (shown[0] ?? readable[0]?.name);
  const props: ViewProps = { state, set, runs, shown, current, versions, brushed, annTick };

  return (
    <div class="shell">
      <header>
        <h1>
          <a
            href="?page=runs"
            onClick={(e) => {
              e.preventDefault();
              set({ page: "runs" });
            }}
          >
            trainscope
          </a>
        </h1>
        <nav>
          {PAGES.map((p) => (
            <a
              href={"?page=" + p}
              class={p === state.page ? "active" : ""}
              data-page={p}
              onClick={(e) => {
                e.preventDefault();
                set({ page: p });
              }}
            >
              {TITLES[p]}
            </a>
          ))}
        </nav>
        <span class={"live " + (live ? "on" : "off")} title="live updates from the server">
          {live ? "● live" : "○ offline"}
        </span>
      </header>
      {listError && <div class="error banner">{listError}</div>}
      {brushAxes.length > 0 && (
        <div class="brush-banner" data-brushed={brushed ? brushed.size : ""}>
          Brushed:{" "}
          {brushAxes.map((a) => (
            <span class="brush-chip">{brushText(a, state.brush[a], (v) => fmt(v))}</span>
          ))}{" "}
          <span class="muted">
            {brushed ? `${brushed.size} of ${brushTable.data?.runs.length ?? 0} runs shown on every page` : "applying…"}
            {brushed && state.runs.length ? ` · ${shown.length} of ${state.runs.length} selected` : ""}
          </span>{" "}
          <button class="small clear-brushes" onClick={() => set({ brush: {} })}>
            clear brushes
          </button>
        </div>
      )}
      <main>
        {state.page === "runs" && <RunsView {...props} />}
        {state.page === "lineage" && <LineageView {...props} />}
        {state.page === "scalars" && <ScalarsView {...props} />}
        {state.page === "histograms" && <HistogramsView {...props} />}
        {state.page === "tensors" && <TensorsView {...props} />}
        {state.page === "images" && <ImagesView {...props} />}
        {state.page === "graph" && <GraphView {...props} />}
        {state.page === "diagnosis" && <DiagnosisView {...props} diagTick={diagTick} />}
        {state.page === "checklist" && <ChecklistView {...props} />}
      </main>
    </div>
  );
}
