// Graph page (`?page=graph&run=RUN`): a run's computational graph, TensorBoard-style. Scopes are
// boxes that expand on click (and collapse on a click on their header); every shown scope is laid
// out by dagre in a Web Worker (engine.ts); edges between collapsed boxes are aggregated (thicker
// with their count). Pan by dragging, zoom with the wheel. Search by name expands the scopes down
// to the hit, centres and selects it. The details panel shows a node's operator, kind, shapes,
// element type, attributes, inputs and consumers, and links its parameters to their histograms
// and to their layer statistics on the tensors page (name heuristics in match.ts). Nodes named by a diagnosis finding are outlined in red (the
// finding's evidence `node`/`nodes`, or the parameters of its histogram or tensor tag), and so are
// the collapsed boxes holding them. Diff mode (`diff=RUN2`) colours the nodes added (green),
// changed (orange) and removed (red, dashed; drawn from the other run's graph) against RUN2's graph.
// All text goes through Preact (escaped); nothing is set as HTML.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ViewProps } from "../shared/view.ts";
import { RunPicker } from "../shared/run_picker.tsx";
import { useJson } from "../shared/use_json.ts";
import { q, type Finding, type TagList } from "../api.ts";
import type { GraphDiffAnswer, GraphListItem } from "../../server/index.ts";
import type { GraphAttrValue, GraphNode, ModelGraph } from "../../model/index.ts";
import { ancestors, buildHierarchy, countBelow, initialExpanded, searchNodes, type Hierarchy } from "./model.ts";
import { LayoutEngine } from "./engine.ts";
import { clipLabel, HEAD, leafOf, placeAll, type Placement } from "./place.ts";
import { parametersForTag, tagsForParameter, type TagMatch } from "./match.ts";
import { graphParts, MAIN_PART, pickPart } from "./part.ts";
import { clipTitle } from "../shared/format.ts";

/** "1 node", "12 nodes". */
const nodesText = (n: number): string => `${n} node${n === 1 ? "" : "s"}`;

interface GraphAnswer {
  run: string;
  index: number;
  file: string;
  step: number;
  graph: ModelGraph;
  diff?: GraphDiffAnswer;
}

type DiffState = "added" | "removed" | "changed";

/** Evidence as the graph page reads it: a finding may name graph nodes (`node`, `nodes`) besides tags. */
interface NodeEvidence {
  source?: string;
  tag?: string;
  node?: unknown;
  nodes?: unknown;
}

/** Node name → the findings (symptom: title) that name it. */
function findingNodes(findings: Finding[], h: Hierarchy): Map<string, string[]> {
  // a parameter is known by its training-code name when the reader knows it (`param`), else by its node name
  const byKey = new Map<string, string[]>();
  for (const n of h.nodes.values())
    if (n.kind === "parameter") for (const k of new Set([n.param ?? n.name, n.name])) byKey.set(k, [...(byKey.get(k) ?? []), n.name]);
  const out = new Map<string, string[]>();
  const add = (name: string, f: Finding) => {
    if (!h.display.has(name)) return;
    const list = out.get(name) ?? [];
    const text = `${f.symptom}: ${f.title}`;
    if (!list.includes(text)) list.push(text);
    out.set(name, list);
  };
  for (const f of findings) {
    const evidence = [...f.evidence, ...f.causes.flatMap((c) => c.evidence)] as NodeEvidence[];
    for (const e of evidence) {
      if (typeof e.node === "string") add(e.node, f);
      if (Array.isArray(e.nodes)) for (const n of e.nodes) if (typeof n === "string") add(n, f);
      if (e.tag && (e.source === "histogram" || e.source === "tensor" || e.source === "watchpoint"))
        for (const k of parametersForTag(e.tag, byKey.keys())) for (const p of byKey.get(k)!) add(p, f);
    }
  }
  return out;
}

function attrText(v: GraphAttrValue): string {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > 300 ? s.slice(0, 299) + "…" : s;
}

/** The hover title of an attribute: its whole text, up to the title's limit. */
function attrTitle(v: GraphAttrValue): string {
  return clipTitle(typeof v === "string" ? v : JSON.stringify(v));
}

function shapeText(s: number[]): string {
  return `[${s.map((d) => (d < 0 ? "?" : String(d))).join(", ")}]`;
}

function NodeLink({ name, select }: { name: string; select: (n: string) => void }) {
  return (
    <a
      href="#"
      class="node-link"
      data-node={name}
      title={name}
      onClick={(e) => {
        e.preventDefault();
        select(name);
      }}
    >
      {name}
    </a>
  );
}

/** Tags of a parameter node: by its training-code name (`param`) and by its node name, without repeats. */
function parameterTags(node: GraphNode, tags: string[]): TagMatch[] {
  const out: TagMatch[] = [];
  for (const k of new Set([node.param ?? node.name, node.name]))
    for (const m of tagsForParameter(k, tags)) if (!out.some((o) => o.tag === m.tag)) out.push(m);
  return out;
}

/** The tag filter (a regex) that keeps exactly `tag` on the tensors page. */
function exactTag(tag: string): string {
  return `^${tag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
}

function HistogramLinks({ run, matches, set }: { run: string; matches: TagMatch[]; set: ViewProps["set"] }) {
  if (!matches.length) return <span class="muted">no histogram or tensor of this name</span>;
  return (
    <ul class="hist-links">
      {matches.map((m) => (
        <li>
          <a
            class="hist-link"
            data-tag={m.tag}
            title={m.tag}
            href={"?" + q({ page: "histograms", run, focus: m.tag })}
            onClick={(e) => {
              e.preventDefault();
              set({ page: "histograms", run, focus: m.tag, tags: "", mark: undefined, markTo: undefined });
            }}
          >
            {m.tag}
          </a>{" "}
          <span class="muted">({m.kind})</span> ·{" "}
          <a
            class="stats-link"
            data-tag={m.tag}
            href={"?" + q({ page: "tensors", run, tags: exactTag(m.tag) })}
            onClick={(e) => {
              e.preventDefault();
              set({ page: "tensors", run, tags: exactTag(m.tag), mark: undefined, markTo: undefined });
            }}
          >
            statistics
          </a>
        </li>
      ))}
    </ul>
  );
}

function Details({
  node,
  h,
  run,
  tags,
  findings,
  diff,
  changedFields,
  select,
  set,
}: {
  node: GraphNode;
  h: Hierarchy;
  run: string;
  tags: string[];
  findings: string[];
  diff?: DiffState;
  changedFields?: string[];
  select: (n: string) => void;
  set: ViewProps["set"];
}) {
  const consumers = h.consumers.get(node.name) ?? [];
  const paramInputs = node.inputs
    .map((i) => h.nodes.get(h.display.get(i.node) ?? ""))
    .filter((n): n is GraphNode => n?.kind === "parameter");
  const attrs = Object.entries(node.attrs);
  return (
    <div class="graph-details" data-node={node.name}>
      <h3 title={node.name}>{leafOf(node.name)}</h3>
      <div class="muted node-path">{node.name}</div>
      {findings.length > 0 && (
        <div class="node-findings">
          {findings.map((f) => (
            <div class="finding-note">⚠ {f}</div>
          ))}
        </div>
      )}
      {diff && (
        <div class={"diff-note diff-" + diff}>
          {diff}
          {changedFields?.length ? `: ${changedFields.join(", ")}` : ""}
        </div>
      )}
      <table class="gkv">
        <tbody>
          <tr>
            <th>op</th>
            <td data-field="op">{node.op}</td>
          </tr>
          <tr>
            <th>kind</th>
            <td data-field="kind">{node.kind}</td>
          </tr>
          {node.dtype && (
            <tr>
              <th>dtype</th>
              <td data-field="dtype">{node.dtype}</td>
            </tr>
          )}
          {node.outputShapes && (
            <tr>
              <th>output shapes</th>
              <td data-field="shapes">{node.outputShapes.map(shapeText).join(", ")}</td>
            </tr>
          )}
          {node.device && (
            <tr>
              <th>device</th>
              <td data-field="device">{node.device}</td>
            </tr>
          )}
        </tbody>
      </table>
      {node.kind === "parameter" && (
        <div class="param-hists">
          <h4>Histograms and tensors</h4>
          <HistogramLinks run={run} matches={parameterTags(node, tags)} set={set} />
        </div>
      )}
      <h4>Inputs ({node.inputs.length})</h4>
      <ul class="node-inputs">
        {node.inputs.map((i) => (
          <li>
            {h.display.has(i.node) ? (
              <NodeLink name={i.node} select={select} />
            ) : (
              <span title={`${i.node} (not defined in this graph)`}>{i.node}</span>
            )}
            {i.output ? `:${i.output}` : ""}
            {i.control ? <span class="muted"> (control)</span> : null}
          </li>
        ))}
      </ul>
      <h4>Outputs to ({consumers.length})</h4>
      <ul class="node-outputs">
        {consumers.slice(0, 200).map((c) => (
          <li>
            <NodeLink name={c} select={select} />
          </li>
        ))}
        {consumers.length > 200 && <li class="muted">… {consumers.length - 200} more</li>}
      </ul>
      {paramInputs.length > 0 && (
        <div class="param-hists">
          <h4>Parameters</h4>
          {paramInputs.map((p) => (
            <div class="param-entry">
              <div>
                <NodeLink name={p.name} select={select} />
              </div>
              <HistogramLinks run={run} matches={parameterTags(p, tags)} set={set} />
            </div>
          ))}
        </div>
      )}
      <h4>Attributes ({attrs.length})</h4>
      <table class="gkv attrs">
        <tbody>
          {attrs.map(([k, v]) => (
            <tr data-attr={k}>
              <th title={k}>{k}</th>
              <td title={attrTitle(v)}>{attrText(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface View {
  k: number;
  tx: number;
  ty: number;
}

function GraphCanvas({
  answer,
  state,
  set,
  tags,
  findings,
}: {
  answer: GraphAnswer;
  state: ViewProps["state"];
  set: ViewProps["set"];
  tags: string[];
  findings: Finding[];
}) {
  const diff = answer.diff;
  const h = useMemo(() => buildHierarchy(diff ? [...answer.graph.nodes, ...diff.removedNodes] : answer.graph.nodes), [answer]);
  const diffState = useMemo(() => {
    const m = new Map<string, DiffState>();
    if (!diff) return m;
    for (const n of diff.added) m.set(n, "added");
    for (const n of diff.removed) m.set(n, "removed");
    for (const c of diff.changed) m.set(c.name, "changed");
    return m;
  }, [diff]);
  const changedFields = useMemo(() => new Map(diff?.changed.map((c) => [c.name, c.fields]) ?? []), [diff]);
  const shownName = (real: string) => h.display.get(real) ?? real;
  const diffBelow = useMemo(() => countBelow([...diffState.keys()].map(shownName)), [diffState, h]);
  const marked = useMemo(() => findingNodes(findings, h), [findings, h]);
  const markedBelow = useMemo(() => countBelow([...marked.keys()].map(shownName)), [marked, h]);
  const engine = useMemo(() => new LayoutEngine(h), [h]);
  useEffect(() => () => engine.dispose(), [engine]);
  const [expanded, setExpanded] = useState<Set<string>>(() => {
    const s = initialExpanded(h);
    if (state.node) for (const a of ancestors(shownName(state.node))) s.add(a);
    return s;
  });
  const firstHierarchy = useRef(h);
  useEffect(() => {
    if (h === firstHierarchy.current) return; // the state above already holds it
    firstHierarchy.current = h;
    const s = initialExpanded(h);
    if (state.node) for (const a of ancestors(shownName(state.node))) s.add(a);
    setExpanded(s);
  }, [h]);
  const [placed, setPlaced] = useState<Placement & { ms: number; seq: number }>();
  const [view, setView] = useState<View>({ k: 1, tx: 20, ty: 20 });
  const fitted = useRef(false);
  const centreOn = useRef<string | undefined>(state.node && shownName(state.node));
  const svg = useRef<SVGSVGElement>(null);
  const seq = useRef(0);

  useEffect(() => {
    let live = true;
    const t0 = performance.now();
    const my = ++seq.current;
    void engine.layoutAll(expanded).then((layouts) => {
      if (!live || my !== seq.current) return;
      const p = placeAll(h, expanded, layouts);
      setPlaced({ ...p, ms: performance.now() - t0, seq: my });
    });
    return () => {
      live = false;
    };
  }, [engine, expanded, h]);

  // paint times the benchmark reads: the first drawing after navigation, and a scope's expansion
  // from its click to the next frame drawn
  const clickAt = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!placed) return;
    const since = clickAt.current;
    clickAt.current = undefined;
    requestAnimationFrame(() => {
      const el = svg.current;
      if (!el) return;
      const now = performance.now();
      if (!el.hasAttribute("data-first-paint-ms")) el.setAttribute("data-first-paint-ms", now.toFixed(0));
      if (since !== undefined) el.setAttribute("data-expand-ms", (now - since).toFixed(0));
    });
  }, [placed]);

  // fit the first layout into the view; centre on a node asked for (search, URL)
  useEffect(() => {
    if (!placed || !svg.current) return;
    const W = svg.current.clientWidth || 800,
      H = svg.current.clientHeight || 600;
    const target = centreOn.current;
    const item = target ? placed.items.find((i) => i.id === "n:" + target) : undefined;
    if (item) {
      centreOn.current = undefined;
      const k = Math.max(0.8, Math.min(1.5, view.k));
      setView({ k, tx: W / 2 - (item.x + item.w / 2) * k, ty: H / 2 - (item.y + item.h / 2) * k });
      fitted.current = true;
    } else if (!fitted.current) {
      fitted.current = true;
      // the whole top level when it fits at a readable size; else its top, centred, to pan from
      const k = Math.min(1, (W - 40) / Math.max(1, placed.width), (H - 40) / Math.max(1, placed.height));
      const kk = Math.max(0.4, k);
      setView({ k: kk, tx: (W - placed.width * kk) / 2, ty: 20 });
    }
  }, [placed]);

  /** Selects a node by its real name: opens its scopes and centres it. */
  const selectNode = (name: string) => {
    const shown = shownName(name);
    const anc = ancestors(shown);
    if (anc.some((a) => !expanded.has(a))) setExpanded(new Set([...expanded, ...anc]));
    centreOn.current = shown;
    set({ node: name });
    if (placed?.items.some((i) => i.id === "n:" + shown) && anc.every((a) => expanded.has(a))) setPlaced({ ...placed });
  };
  const toggle = (path: string) => {
    clickAt.current = performance.now();
    const next = new Set(expanded);
    if (next.has(path)) {
      for (const s of next) if (s === path || s.startsWith(path + "/")) next.delete(s);
    } else next.add(path);
    setExpanded(next);
  };

  // pan and zoom
  const drag = useRef<{ x: number; y: number; tx: number; ty: number; moved: boolean } | undefined>(undefined);
  const onWheel = (e: WheelEvent) => {
    e.preventDefault();
    const r = svg.current!.getBoundingClientRect();
    const mx = e.clientX - r.left,
      my = e.clientY - r.top;
    const f = Math.exp(-e.deltaY * 0.0015);
    setView((v) => {
      const k = Math.min(4, Math.max(0.02, v.k * f));
      return { k, tx: mx - ((mx - v.tx) * k) / v.k, ty: my - ((my - v.ty) * k) / v.k };
    });
  };
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  });

  const results = useMemo(() => searchNodes(h, state.gq, 30), [h, state.gq]);
  const selected = state.node ? h.nodes.get(shownName(state.node)) : undefined;
  const findingList = [...marked.entries()];

  return (
    <div class="graph-main">
      <div class="graph-side-left">
        <div class="graph-search">
          <input
            type="search"
            class="graph-search-input"
            placeholder="search nodes by name"
            value={state.gq}
            onInput={(e) => set({ gq: (e.target as HTMLInputElement).value })}
            onKeyDown={(e) => {
              if (e.key === "Enter" && results[0]) selectNode(results[0]);
            }}
          />
          {state.gq.trim() && (
            <ul class="search-results" data-count={results.length}>
              {results.map((r) => (
                <li>
                  <NodeLink name={r} select={selectNode} />
                </li>
              ))}
              {!results.length && <li class="muted">no node matches</li>}
            </ul>
          )}
        </div>
        {findingList.length > 0 && (
          <div class="graph-findings">
            <h4>Named by findings</h4>
            <ul>
              {findingList.map(([n, fs]) => (
                <li title={fs.join("\n")}>
                  <NodeLink name={n} select={selectNode} />
                </li>
              ))}
            </ul>
          </div>
        )}
        {diff && (
          <div
            class="graph-diff-summary"
            data-added={diff.added.length}
            data-removed={diff.removed.length}
            data-changed={diff.changed.length}
          >
            <h4>Against {diff.run}</h4>
            <div>
              <span class="diff-added">{diff.added.length} added</span> · <span class="diff-removed">{diff.removed.length} removed</span> ·{" "}
              <span class="diff-changed">{diff.changed.length} changed</span> · {diff.unchanged} unchanged
            </div>
          </div>
        )}
      </div>
      <div class="graph-canvas-wrap">
        {placed?.errors.map((e) => (
          <div class="error">
            layout of {e.scope || "the top level"} failed: {e.error}
          </div>
        ))}
        <svg
          ref={svg}
          class="graph-svg"
          data-ready={placed ? "1" : "0"}
          data-seq={placed?.seq ?? 0}
          data-items={placed?.items.length ?? 0}
          data-layout-ms={placed ? placed.ms.toFixed(1) : ""}
          data-width={placed ? placed.width.toFixed(1) : ""}
          data-height={placed ? placed.height.toFixed(1) : ""}
          onPointerDown={(e) => {
            if ((e.target as Element).closest(".gitem")) return;
            drag.current = { x: e.clientX, y: e.clientY, tx: view.tx, ty: view.ty, moved: false };
            (e.currentTarget as Element).setPointerCapture(e.pointerId);
          }}
          onPointerMove={(e) => {
            const d = drag.current;
            if (!d) return;
            d.moved = true;
            setView((v) => ({ ...v, tx: d.tx + e.clientX - d.x, ty: d.ty + e.clientY - d.y }));
          }}
          onPointerUp={() => {
            drag.current = undefined;
          }}
        >
          <defs>
            <marker id="garrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" fill="#8a94a6" />
            </marker>
          </defs>
          {placed && (
            <g transform={`translate(${view.tx},${view.ty}) scale(${view.k})`}>
              {placed.auxAreas.map((a) => (
                <g class="aux-area" data-scope={a.scope} data-count={a.count} key={"aux:" + a.scope}>
                  <title>{`${a.count} auxiliary item(s) of ${a.scope || "the top level"}, set aside: their edges are not drawn`}</title>
                  <rect x={a.x} y={a.y} width={a.w} height={a.h} rx={6} />
                  <text x={a.x + 8} y={a.y + 14}>
                    auxiliary ({a.count})
                  </text>
                </g>
              ))}
              {placed.items
                .filter((i) => i.expanded)
                .map((i) => {
                  const hl = markedBelow.get(i.name) ?? 0;
                  return (
                    <g
                      key={i.id}
                      class={
                        "gitem gscope expanded" +
                        (i.aux ? " aux" : "") +
                        (hl ? " highlight" : "") +
                        (diffBelow.get(i.name) ? " has-diff" : "")
                      }
                      data-id={i.id}
                      data-aux={i.aux ? "1" : undefined}
                      data-name={i.name}
                      data-expanded="1"
                      data-highlight={hl ? "1" : undefined}
                    >
                      <rect x={i.x} y={i.y} width={i.w} height={i.h} rx={6} class="frame" />
                      <rect x={i.x} y={i.y} width={i.w} height={HEAD} rx={6} class="frame-head" onClick={() => toggle(i.name)} />
                      <text x={i.x + 8} y={i.y + 15} class="frame-label" onClick={() => toggle(i.name)}>
                        ▾ {clipLabel(leafOf(i.name), 60)}
                      </text>
                    </g>
                  );
                })}
              {placed.edges.map((e) => {
                const d = e.points.map((p, k) => `${k ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
                return (
                  <path
                    key={`${e.v}\u0000${e.w}`}
                    class={"gedge" + (e.control ? " control" : "")}
                    d={d}
                    style={{ strokeWidth: Math.min(6, 1 + Math.log2(e.count)) }}
                    marker-end="url(#garrow)"
                    data-v={e.v}
                    data-w={e.w}
                    data-count={e.count}
                  >
                    <title>{`${e.count} edge(s): ${e.v.slice(2)} → ${e.w.slice(2)}`}</title>
                  </path>
                );
              })}
              {placed.items
                .filter((i) => !i.expanded)
                .map((i) => {
                  const node = i.scope ? undefined : h.nodes.get(i.name);
                  const hl = i.scope ? (markedBelow.get(i.name) ?? 0) > 0 : !!node && marked.has(node.name);
                  const ds = node ? diffState.get(node.name) : undefined;
                  const sel = !!node && state.node === node.name;
                  const cls =
                    "gitem " +
                    (i.scope ? "gscope" : "gnode kind-" + node?.kind) +
                    (i.aux ? " aux" : "") +
                    (hl ? " highlight" : "") +
                    (ds ? " diff-" + ds : "") +
                    (i.scope && diffBelow.get(i.name) ? " has-diff" : "") +
                    (sel ? " selected" : "");
                  return (
                    <g
                      key={i.id}
                      class={cls}
                      data-id={i.id}
                      data-name={i.name}
                      data-kind={i.scope ? "scope" : node?.kind}
                      data-aux={i.aux ? "1" : undefined}
                      data-highlight={hl ? "1" : undefined}
                      data-diff={ds}
                      data-selected={sel ? "1" : undefined}
                      onClick={() => (i.scope ? toggle(i.name) : node && selectNode(node.name))}
                    >
                      <title>
                        {(i.scope ? `${i.name} (${nodesText(h.scopes.get(i.name)?.size ?? 0)})` : `${node?.name} (${node?.op})`) +
                          (i.aux ? " · auxiliary: its edges are not drawn" : "")}
                      </title>
                      <rect x={i.x} y={i.y} width={i.w} height={i.h} rx={i.scope ? 6 : 13} />
                      <text x={i.x + i.w / 2} y={i.y + (i.scope ? 15 : 17)} text-anchor="middle">
                        {i.scope ? "▸ " : ""}
                        {clipLabel(leafOf(i.name))}
                      </text>
                      {i.scope && (
                        <text x={i.x + i.w / 2} y={i.y + 29} text-anchor="middle" class="sub">
                          {nodesText(h.scopes.get(i.name)?.size ?? 0)}
                        </text>
                      )}
                    </g>
                  );
                })}
            </g>
          )}
        </svg>
        <div class="graph-hint muted">
          click a box to open it, its header to close it · drag to pan · wheel to zoom
          {placed && ` · ${placed.items.length} items shown, laid out in ${placed.ms.toFixed(0)} ms`}
        </div>
      </div>
      <div class="graph-side-right">
        {selected ? (
          <Details
            node={selected}
            h={h}
            run={answer.run}
            tags={tags}
            findings={marked.get(selected.name) ?? []}
            diff={diffState.get(selected.name)}
            changedFields={changedFields.get(selected.name)}
            select={selectNode}
            set={set}
          />
        ) : (
          <p class="muted">Select a node to see its details.</p>
        )}
      </div>
    </div>
  );
}

export function GraphView({ state, set, runs, current, versions }: ViewProps) {
  const version = current ? versions[current] : 0;
  const { data: list, error: listError } = useJson<{ graphs: GraphListItem[] }>(
    current ? "/api/graphs?" + q({ run: current }) : undefined,
    version,
  );
  const graphs = list?.graphs ?? [];
  const gi = graphs[state.gi] ? state.gi : 0;
  const diffRun = state.diff && runs.some((r) => r.name === state.diff) ? state.diff : undefined;
  const url =
    current && graphs[gi]?.decoded
      ? "/api/graph?" + q({ run: current, index: gi, diff: diffRun, index2: diffRun ? state.gi2 : undefined })
      : undefined;
  const { data, error, loading } = useJson<GraphAnswer>(url, `${version}/${diffRun ? versions[diffRun] : ""}`);
  const { data: diffList } = useJson<{ graphs: GraphListItem[] }>(
    diffRun ? "/api/graphs?" + q({ run: diffRun }) : undefined,
    diffRun ? versions[diffRun] : 0,
  );
  const { data: tagList } = useJson<TagList>(current ? "/api/tags?" + q({ run: current }) : undefined, version);
  const { data: diag } = useJson<{ findings: Finding[] }>(current ? "/api/diagnosis?" + q({ run: current }) : undefined, version);
  const tags = useMemo(
    () => [...(tagList?.histograms ?? []).map((x) => x.tag), ...(tagList?.tensors ?? []).filter((t) => t.numeric).map((t) => t.tag)],
    [tagList],
  );
  const answer = data && data.run === current && data.index === gi ? data : undefined;
  const parts = answer ? graphParts(answer.graph) : [];
  const part = answer ? pickPart(answer.graph, state.gfn) : undefined;
  // a library function is drawn alone: the diff compares main graphs only
  const shown = useMemo(
    () =>
      answer && part && part.key !== MAIN_PART ? { ...answer, graph: { ...answer.graph, nodes: part.nodes }, diff: undefined } : answer,
    [answer, part?.key],
  );
  return (
    <section class="graph-page">
      <div class="toolbar">
        <RunPicker runs={runs} current={current} set={(p) => set({ ...p, node: undefined, gi: 0, gfn: "" })} />
        {graphs.length > 1 && (
          <label>
            Graph{" "}
            <select
              class="graph-select"
              value={gi}
              onChange={(e) => set({ gi: Number((e.target as HTMLSelectElement).value), node: undefined, gfn: "" })}
            >
              {graphs.map((g) => (
                <option value={g.index}>
                  #{g.index} {g.format} {g.name ?? ""} ({nodesText(g.nodeCount ?? 0)})
                </option>
              ))}
            </select>
          </label>
        )}
        {parts.length > 1 && part && (
          <label>
            Function{" "}
            <select
              class="graph-part"
              value={part.key}
              onChange={(e) => set({ gfn: (e.target as HTMLSelectElement).value, node: undefined })}
            >
              {parts.map((p) => (
                <option value={p.key}>
                  {p.key === MAIN_PART ? "main graph" : p.key} ({nodesText(p.nodes.length)})
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Diff against{" "}
          <select
            class="graph-diff-run"
            value={diffRun ?? ""}
            onChange={(e) => set({ diff: (e.target as HTMLSelectElement).value || undefined, gi2: 0 })}
          >
            <option value="">(none)</option>
            {runs
              .filter((r) => r.name !== current && r.status !== "failed")
              .map((r) => (
                <option value={r.name}>{r.name}</option>
              ))}
          </select>
        </label>
        {diffRun && (diffList?.graphs.length ?? 0) > 1 && (
          <label>
            its graph{" "}
            <select
              class="graph-diff-index"
              value={state.gi2}
              onChange={(e) => set({ gi2: Number((e.target as HTMLSelectElement).value) })}
            >
              {diffList!.graphs.map((g) => (
                <option value={g.index} disabled={!g.decoded}>
                  #{g.index} {g.format} ({nodesText(g.nodeCount ?? 0)})
                </option>
              ))}
            </select>
          </label>
        )}
        {graphs[gi] && (
          <span class="muted graph-meta">
            {graphs[gi].format} · {graphs[gi].file} · {nodesText(graphs[gi].nodeCount ?? 0)}
            {graphs[gi].producer ? ` · ${graphs[gi].producer}` : ""}
          </span>
        )}
        {loading && <span class="muted">loading…</span>}
      </div>
      {listError && <div class="error">{listError}</div>}
      {error && <div class="error graph-error">{error}</div>}
      {list && graphs.length === 0 && <p class="muted no-graph">This run has no graph.</p>}
      {graphs[gi] && !graphs[gi].decoded && (
        <p class="muted">
          Graph #{gi} ({graphs[gi].format} in {graphs[gi].file}) is recorded but this version cannot decode it.
        </p>
      )}
      {shown && (
        <GraphCanvas
          key={`${shown.run}\u0000${shown.index}\u0000${part?.key ?? ""}\u0000${shown.diff?.run ?? ""}\u0000${shown.diff?.index ?? ""}`}
          answer={shown}
          state={state}
          set={set}
          tags={tags}
          findings={diag?.findings ?? []}
        />
      )}
    </section>
  );
}
