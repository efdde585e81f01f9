// Checklist page: the knowledge base (symptoms, causes and the checklists of the guides), each
// entry with how it shows in the logs, how to confirm it and its fixes; linked from the diagnosis.
import { useEffect } from "preact/hooks";
import type { ViewProps } from "../shared/view.ts";
import { useJson } from "../shared/use_json.ts";
import type { KnowledgeEntry } from "../api.ts";

export function ChecklistView({ state, set }: ViewProps) {
  const { data, error } = useJson<{ entries: KnowledgeEntry[] }>("/api/knowledge");
  const search = state.q.toLowerCase();
  const entries = (data?.entries ?? []).filter((e) => !search || JSON.stringify(e).toLowerCase().includes(search));
  const groups = new Map<string, KnowledgeEntry[]>();
  for (const e of entries) {
    const g = `${e.kind ?? "entry"} · ${(e.category ?? "").replace(/_/g, " ")}`;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(e);
  }
  useEffect(() => {
    if (state.kb && data) document.getElementById("kb-" + state.kb)?.scrollIntoView({ block: "start" });
  }, [state.kb, data]);
  return (
    <section class="checklist">
      <div class="toolbar">
        <input
          type="search"
          placeholder="search the checklist"
          value={state.q}
          onInput={(e) => set({ q: (e.target as HTMLInputElement).value })}
        />
        <span class="muted">{entries.length} entries</span>
      </div>
      {error && <div class="error">{error}</div>}
      {[...groups].map(([g, es]) => (
        <div class="kb-group">
          <h2>{g}</h2>
          {es.map((e) => (
            <div class={"card kb-entry" + (state.kb === e.id ? " marked" : "")} id={"kb-" + e.id}>
              <h3>
                <code>{e.id}</code> {e.title}
              </h3>
              {e.shows && (
                <p>
                  <span class="muted">Shows as:</span> {e.shows}
                </p>
              )}
              {e.confirm && (
                <p>
                  <span class="muted">Confirm:</span> {e.confirm}
                </p>
              )}
              {e.fixes?.length > 0 && (
                <div>
                  <span class="muted">Fixes:</span>
                  <ol>
                    {e.fixes.map((f) => (
                      <li>{f}</li>
                    ))}
                  </ol>
                </div>
              )}
              {e.related?.length > 0 && (
                <p class="small-text">
                  <span class="muted">Related:</span>{" "}
                  {e.related.map((r) => (
                    <a
                      href={"?page=checklist&kb=" + encodeURIComponent(r)}
                      onClick={(ev) => {
                        ev.preventDefault();
                        set({ kb: r });
                      }}
                    >
                      {r}
                    </a>
                  ))}
                </p>
              )}
              {e.source && <p class="small-text muted">Source: {e.source}</p>}
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}
