// The hierarchy the graph page draws (TensorBoard-style): scopes nest by name prefix
// (src/model/graph.ts `scopeOf`), a collapsed scope is one box, an expanded one holds its own
// layout. Contract:
//   - items of a scope are its child scopes (`s:<path>`) and the nodes directly in it (`n:<name>`);
//     a node and a scope may share a path (TF: node `a` and node `a/b`): their ids differ;
//   - every edge (input → consumer, both defined in the graph) belongs to the deepest scope that
//     holds both ends (`lca`); in that scope's layout it joins the two items holding the ends, and
//     edges joining the same two items are aggregated into one with a count;
//   - inputs naming no node of the graph (feeds, function arguments) draw no edge;
//   - auxiliary scopes and nodes (auxiliary.ts: save/restore, init, summaries, gradients, the
//     global step, variable handles, scopes holding auxiliary nodes only, and within a layout
//     nodes of very high degree) are listed in
//     `aux` of their scope's graph: the layout puts them in an area of their own and draws none of
//     their edges; inside an auxiliary scope nothing more is set aside;
//   - a scope holding more than MAX_DIRECT_NODES nodes directly (a graph without name scopes) gets
//     its nodes in groups of CHUNK_NODES, in graph order, each a box of its own named `⋯first–last`,
//     so no single layout holds thousands of items; its auxiliary nodes, when more than AUX_GROUP,
//     are grouped apart the same way (`⋯auxiliary first–last`). The hierarchy works on these display names
//     (`display`); `nodes` maps a display name to the graph's node (whose `name` is the real one),
//     `consumers` and search speak real names.
// Pure functions: no DOM, shared by the page and its tests.
import type { GraphNode } from "../../model/index.ts";
import { auxiliaryNodes, auxName, highDegreeItems } from "./auxiliary.ts";

export interface ScopeInfo {
  path: string;
  childScopes: string[];
  childNodes: string[];
  /** Nodes anywhere below. */
  size: number;
}

export interface RawEdge {
  src: string;
  dst: string;
  control: boolean;
}

/** A scope holding more nodes than this directly has them grouped (see the header). */
export const MAX_DIRECT_NODES = 250;
export const CHUNK_NODES = 200;
/** A scope holding more auxiliary nodes than this directly has them grouped apart. */
export const AUX_GROUP = 16;
const AUX_GROUP_NAME = "\u22efauxiliary ";

export interface Hierarchy {
  /** Display name (see the header) → node. */
  nodes: Map<string, GraphNode>;
  /** Real name → display name (the same unless the node was put in a group). */
  display: Map<string, string>;
  scopes: Map<string, ScopeInfo>;
  /** Edges by the deepest scope holding both ends. */
  edgesByScope: Map<string, RawEdge[]>;
  /** Consumers of each node (the nodes naming it as an input), by real names. */
  consumers: Map<string, string[]>;
  /** Item ids (`s:path`, `n:display name`) of the auxiliary scopes and nodes (auxiliary.ts), wherever they are. */
  aux: Set<string>;
}

export interface ItemEdge {
  v: string;
  w: string;
  count: number;
  control: boolean;
}

export const scopeId = (path: string) => `s:${path}`;
export const nodeId = (name: string) => `n:${name}`;

function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

/** Deepest scope holding nodes `a` and `b` (by their names). */
export function lca(a: string, b: string): string {
  const sa = parentOf(a),
    sb = parentOf(b);
  if (sa === sb) return sa;
  const pa = sa ? sa.split("/") : [],
    pb = sb ? sb.split("/") : [];
  let k = 0;
  while (k < pa.length && k < pb.length && pa[k] === pb[k]) k++;
  return pa.slice(0, k).join("/");
}

/** The item of scope `scope` that holds node `name` (the node itself, or a child scope). */
export function itemOf(scope: string, name: string): string {
  const rest = scope ? name.slice(scope.length + 1) : name;
  const i = rest.indexOf("/");
  return i < 0 ? nodeId(name) : scopeId(scope ? `${scope}/${rest.slice(0, i)}` : rest.slice(0, i));
}

export function buildHierarchy(nodes: GraphNode[]): Hierarchy {
  const real = new Map<string, GraphNode>();
  for (const n of nodes) real.set(n.name, n);
  const auxNodes = auxiliaryNodes(nodes);
  // group the nodes of crowded scopes (the auxiliary ones apart)
  const direct = new Map<string, number>();
  const key = (home: string, aux: boolean) => (aux ? "a" : "m") + home;
  for (const name of real.keys()) {
    const k = key(parentOf(name), auxNodes.has(name));
    direct.set(k, (direct.get(k) ?? 0) + 1);
  }
  const display = new Map<string, string>();
  const aux = new Set<string>();
  const seen = new Map<string, number>();
  for (const name of real.keys()) {
    const home = parentOf(name);
    const isAux = auxNodes.has(name);
    const k = key(home, isAux);
    const count = direct.get(k)!;
    if (count <= (isAux ? AUX_GROUP : MAX_DIRECT_NODES)) {
      display.set(name, name);
      if (isAux) aux.add(nodeId(name));
      continue;
    }
    const i = seen.get(k) ?? 0;
    seen.set(k, i + 1);
    const from = i - (i % CHUNK_NODES);
    const group = `${isAux ? AUX_GROUP_NAME : "\u22ef"}${from + 1}\u2013${Math.min(count, from + CHUNK_NODES)}`;
    const groupPath = `${home ? home + "/" : ""}${group}`;
    if (isAux) aux.add(scopeId(groupPath));
    display.set(name, `${groupPath}/${name.slice(home ? home.length + 1 : 0)}`);
  }
  const byName = new Map<string, GraphNode>();
  for (const [name, n] of real) byName.set(display.get(name)!, n);
  const scopes = new Map<string, ScopeInfo>([["", { path: "", childScopes: [], childNodes: [], size: 0 }]]);
  const scope = (path: string): ScopeInfo => {
    let s = scopes.get(path);
    if (!s) {
      s = { path, childScopes: [], childNodes: [], size: 0 };
      scopes.set(path, s);
      if (auxName(path)) aux.add(scopeId(path));
      scope(parentOf(path)).childScopes.push(path);
    }
    return s;
  };
  const edgesByScope = new Map<string, RawEdge[]>();
  const auxBelow = new Map<string, number>();
  const consumers = new Map<string, string[]>();
  for (const [shown, n] of byName) {
    const home = parentOf(shown);
    scope(home).childNodes.push(shown);
    const auxNode = auxNodes.has(n.name);
    for (let p: string | undefined = home; p !== undefined; p = p === "" ? undefined : parentOf(p)) {
      scopes.get(p)!.size++;
      if (auxNode) auxBelow.set(p, (auxBelow.get(p) ?? 0) + 1);
    }
    for (const i of n.inputs) {
      const src = display.get(i.node);
      if (src === undefined || i.node === n.name) continue;
      let c = consumers.get(i.node);
      if (!c) consumers.set(i.node, (c = []));
      if (!c.includes(n.name)) c.push(n.name);
      const at = lca(src, shown);
      let list = edgesByScope.get(at);
      if (!list) edgesByScope.set(at, (list = []));
      list.push({ src, dst: shown, control: i.control });
    }
  }
  // a scope holding auxiliary nodes only is auxiliary (a summary's `tags` constant in its own scope)
  for (const [p, k] of auxBelow) if (p && k === scopes.get(p)!.size) aux.add(scopeId(p));
  return { nodes: byName, display, scopes, edgesByScope, consumers, aux };
}

/** The scope is auxiliary or lies inside an auxiliary scope (nothing more is set aside in it). */
export function inAuxiliary(h: Hierarchy, path: string): boolean {
  for (let p = path; p; p = parentOf(p)) if (h.aux.has(scopeId(p))) return true;
  return false;
}

/** The items, aggregated edges and auxiliary items of scope `path` (see the header). */
export function scopeGraph(h: Hierarchy, path: string): { items: string[]; edges: ItemEdge[]; aux: string[] } {
  const s = h.scopes.get(path);
  if (!s) return { items: [], edges: [], aux: [] };
  const items = [...s.childScopes.map(scopeId), ...s.childNodes.map(nodeId)];
  const agg = new Map<string, ItemEdge>();
  for (const e of h.edgesByScope.get(path) ?? []) {
    const v = itemOf(path, e.src),
      w = itemOf(path, e.dst);
    if (v === w) continue;
    const k = `${v}\u0000${w}`;
    const x = agg.get(k);
    if (x) {
      x.count++;
      x.control &&= e.control;
    } else agg.set(k, { v, w, count: 1, control: e.control });
  }
  const edges = [...agg.values()];
  if (inAuxiliary(h, path)) return { items, edges, aux: [] };
  const aux = new Set(items.filter((id) => h.aux.has(id)));
  const main = items.filter((id) => !aux.has(id));
  for (const id of highDegreeItems(
    main,
    edges.filter((e) => !aux.has(e.v) && !aux.has(e.w)),
  ))
    aux.add(id);
  return { items, edges, aux: items.filter((id) => aux.has(id)) };
}

/** Scopes holding the node or scope of display name `name`, outermost first (without the root). */
export function ancestors(name: string): string[] {
  const out: string[] = [];
  for (let p = parentOf(name); p; p = parentOf(p)) out.push(p);
  return out.reverse();
}

/** Scopes opened at first: from the root down, while a level holds exactly one scope (auxiliary scopes aside). */
export function initialExpanded(h: Hierarchy): Set<string> {
  const out = new Set<string>();
  const only = (s: ScopeInfo): string | undefined => {
    const main = s.childScopes.filter((c) => !h.aux.has(scopeId(c)));
    return main.length === 1 ? main[0] : undefined;
  };
  for (let s = h.scopes.get(""), c = s && only(s); s && c; s = h.scopes.get(c), c = s && only(s)) out.add(c);
  return out;
}

/** For each scope, how many of `names` (display names) lie below it (to mark collapsed boxes that hold a marked node). */
export function countBelow(names: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of names) for (const s of ancestors(n)) out.set(s, (out.get(s) ?? 0) + 1);
  return out;
}

/** Nodes (real names) whose name contains `query` (case-insensitive), at most `limit`, shortest names first. */
export function searchNodes(h: Hierarchy, query: string, limit = 50): string[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits: string[] = [];
  for (const name of h.display.keys()) if (name.toLowerCase().includes(q)) hits.push(name);
  const leaf = (n: string) => n.slice(n.lastIndexOf("/") + 1).toLowerCase();
  hits.sort((a, b) => Number(!leaf(a).includes(q)) - Number(!leaf(b).includes(q)) || a.length - b.length || (a < b ? -1 : 1));
  return hits.slice(0, limit);
}
