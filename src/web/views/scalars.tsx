// Scalars page: one card per tag with the shown runs overlaid; tag regex filter, EMA smoothing
// slider and window mean, x axis (step / relative / wall time), linear or log y. "Align by role"
// draws one card per role (training loss, validation loss, accuracy, learning rate, named metrics)
// with every run's series for that role, whatever the run's logger called it (the original tag is in
// the legend); the tags no role card shows keep their own cards. "Group runs" draws each group of
// runs (seeds of one configuration: a regex removed from the names, or hp:KEY,KEY) as its mean with
// a min–max or ±std band, as mean or median. Tag cards are grouped in collapsible sections by their
// prefix (TensorBoard's `a/b` sections: the part before the first "/"); a collapsed section fetches
// nothing. X axis: step, log-scale step, relative or wall time.
import { useEffect, useState } from "preact/hooks";
import type { ViewProps } from "../shared/view.ts";
import { tagFilter } from "../shared/tag_filter.ts";
import { getJson, q, type TagList } from "../api.ts";
import { COLORS, ScalarCard } from "./scalar_chart.tsx";
import { groupRuns } from "./group_math.ts";

/** Tag lists of several runs, re-fetched when a run's data version changes. */
function useTagLists(runs: string[], versions: Record<string, number>): { lists: TagList[]; errors: string[] } {
  const [lists, setLists] = useState<TagList[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const key = runs.map((r) => `${r}:${versions[r] ?? 0}`).join("\n");
  useEffect(() => {
    let cancelled = false;
    const errs: string[] = [];
    Promise.all(
      runs.map((run) =>
        getJson<TagList>("/api/tags?" + q({ run })).catch((e: Error) => {
          errs.push(`${run}: ${e.message}`);
          return undefined;
        }),
      ),
    ).then((ls) => {
      if (!cancelled) {
        setLists(ls.filter((l): l is TagList => !!l));
        setErrors(errs);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [key]);
  return { lists, errors };
}

export function ScalarsView({ state, set, shown, versions, runs }: ViewProps) {
  const { lists, errors } = useTagLists(shown, versions);
  const filter = tagFilter(state.tags);
  const byTag = new Map<string, string[]>();
  for (const l of lists)
    for (const s of l.scalars) {
      if (!byTag.has(s.tag)) byTag.set(s.tag, []);
      byTag.get(s.tag)!.push(l.run);
    }
  // role cards: role → run → the run's series for it
  const byRole = new Map<string, Record<string, string>>();
  if (state.align) {
    for (const l of lists)
      for (const [role, key] of Object.entries(l.byRole ?? {})) {
        if (!byRole.has(role)) byRole.set(role, {});
        byRole.get(role)![l.run] = key;
      }
  }
  const roleCards = [...byRole].filter(([role, m]) => filter.test(role) || Object.values(m).some(filter.test));
  const inRoleCard = new Set<string>();
  for (const [, m] of roleCards) for (const [run, key] of Object.entries(m)) inRoleCard.add(`${run}\u0000${key}`);
  for (const [tag, rs] of byTag)
    byTag.set(
      tag,
      rs.filter((r) => !inRoleCard.has(`${r}\u0000${tag}`)),
    );
  const tags = [...byTag.keys()].filter((t) => byTag.get(t)!.length > 0 && filter.test(t));
  // the pattern being typed (applied on Enter or when the field is left): re-renders keep it
  const [groupDraft, setGroupDraft] = useState(state.group);
  useEffect(() => setGroupDraft(state.group), [state.group]);
  const grouping = state.group ? groupRuns(state.group, shown, (r) => runs.find((x) => x.name === r)?.hparams) : undefined;
  const groups = grouping && !grouping.error ? grouping.groups : undefined;
  const colorOf = (run: string) => COLORS[Math.max(0, shown.indexOf(run)) % COLORS.length];
  const focus = state.focus && byTag.has(state.focus) ? state.focus : undefined;
  const [closed, setClosed] = useState<Set<string>>(new Set());
  const ordered = focus ? [focus, ...tags.filter((t) => t !== focus)] : tags;
  const sections = new Map<string, string[]>();
  for (const t of ordered) {
    const i = t.indexOf("/");
    const name = i > 0 ? t.slice(0, i) : "";
    if (!sections.has(name)) sections.set(name, []);
    sections.get(name)!.push(t);
  }
  const toggleSection = (name: string, isOpen: boolean) => {
    const next = new Set(closed);
    if (isOpen) next.delete(name);
    else next.add(name);
    setClosed(next);
  };
  return (
    <section>
      <div class="toolbar">
        <input
          type="search"
          class={filter.error ? "invalid" : ""}
          placeholder="filter tags (regex)"
          value={state.tags}
          title={filter.error}
          onInput={(e) => set({ tags: (e.target as HTMLInputElement).value })}
        />
        <label title="exponential moving average, debiased, computed on the full data">
          Smoothing
          <input
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={state.smoothing}
            disabled={state.window > 1}
            onInput={(e) => set({ smoothing: Number((e.target as HTMLInputElement).value) })}
          />
          <span class="num">{state.smoothing.toFixed(2)}</span>
        </label>
        <label title="centred moving mean over this many points (replaces the EMA when > 1)">
          Window mean
          <input
            type="number"
            min={0}
            max={10000}
            value={state.window}
            class="narrow"
            onChange={(e) => set({ window: Math.max(0, Math.floor(Number((e.target as HTMLInputElement).value) || 0)) })}
          />
        </label>
        <label>
          X axis
          <select class="x-axis" value={state.x} onChange={(e) => set({ x: (e.target as HTMLSelectElement).value as typeof state.x })}>
            <option value="step">step</option>
            <option value="logstep">step (log scale)</option>
            <option value="relative">relative time</option>
            <option value="wall">wall time</option>
          </select>
        </label>
        <label title="one chart per role (training loss, validation loss...), whatever each run called the tag">
          <input
            type="checkbox"
            class="align-by-role"
            checked={state.align}
            onChange={(e) => set({ align: (e.target as HTMLInputElement).checked })}
          />{" "}
          align by role
        </label>
        <label title="draw runs that differ only by this as one group: mean with a min–max band. A regex removed from run names (_s\d+$ groups seeds) or hp:KEY,KEY">
          Group runs
          <input
            type="search"
            class={"group-spec" + (grouping?.error ? " invalid" : "")}
            placeholder="_s\d+$ or hp:lr"
            value={groupDraft}
            title={grouping?.error}
            onInput={(e) => setGroupDraft((e.target as HTMLInputElement).value)}
            onChange={(e) => set({ group: (e.target as HTMLInputElement).value })}
          />
        </label>
        {state.group && (
          <label title="a group's line and band">
            <select
              class="group-stat"
              value={state.gstat}
              onChange={(e) => set({ gstat: (e.target as HTMLSelectElement).value as typeof state.gstat })}
            >
              <option value="mean">mean</option>
              <option value="median">median</option>
            </select>
            <select
              class="group-band"
              value={state.gband}
              onChange={(e) => set({ gband: (e.target as HTMLSelectElement).value as typeof state.gband })}
            >
              <option value="minmax">min–max band</option>
              <option value="std">±1 std band</option>
            </select>
          </label>
        )}
        <label>
          <input type="checkbox" checked={state.log} onChange={(e) => set({ log: (e.target as HTMLInputElement).checked })} /> log y
        </label>
        {focus && state.mark !== undefined && (
          <button class="small" onClick={() => set({ focus: undefined, mark: undefined, markTo: undefined })}>
            clear marker (step {state.mark}
            {state.markTo !== undefined ? `–${state.markTo}` : ""})
          </button>
        )}
      </div>
      <div class="runs-legend">
        {shown.map((r) => (
          <span class="run-chip">
            <i style={{ background: colorOf(r) }} />
            {r}
          </span>
        ))}
        {!state.runs.length && <span class="muted"> (select runs on the Runs page to compare others)</span>}
      </div>
      {errors.map((e) => (
        <div class="error">{e}</div>
      ))}
      <div class="cards">
        {roleCards.map(([role, m]) => (
          <ScalarCard
            key={"role:" + role}
            tag={"role:" + role}
            title={role.replace(":", " ") + " (by role)"}
            tagOf={m}
            runs={shown.filter((r) => r in m)}
            colorOf={colorOf}
            state={state}
            versions={versions}
            groups={groups}
          />
        ))}
      </div>
      {[...sections].map(([name, sectionTags]) => {
        const cards = sectionTags.map((tag) => (
          <ScalarCard
            key={tag}
            tag={tag}
            runs={byTag.get(tag)!}
            colorOf={colorOf}
            state={state}
            versions={versions}
            groups={groups}
            mark={focus === tag ? state.mark : undefined}
            markTo={focus === tag ? state.markTo : undefined}
          />
        ));
        if (sections.size === 1 && !name) return <div class="cards">{cards}</div>;
        const isOpen = !closed.has(name);
        return (
          <details
            class="tag-section"
            data-section={name}
            open={isOpen}
            onToggle={(e) => {
              const now = (e.target as HTMLDetailsElement).open;
              if (now !== isOpen) toggleSection(name, now);
            }}
          >
            <summary>
              {name || "(no prefix)"} <span class="muted">{sectionTags.length} tag(s)</span>
            </summary>
            {isOpen && <div class="cards">{cards}</div>}
          </details>
        );
      })}
      {lists.length > 0 && tags.length === 0 && roleCards.length === 0 && (
        <p class="muted">No scalar tags{state.tags ? " match the filter" : ""}.</p>
      )}
    </section>
  );
}
