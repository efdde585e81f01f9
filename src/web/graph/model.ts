// The hierarchy the graph page draws (TensorBoard-style): scopes nest by name prefix
// (src/model/graph.ts `scopeOf`), a collapsed scope is one box, an expanded one holds its own
// layout. Contract:
//   - items of a scope are its child scopes (`s:<path>`) and the nodes directly in it (`n:<name>`);
//     a node and a scope may share a path (TF: node `a` and node `a/b`): their ids differ;
//   - every edge (input → consumer, both defined in the graph) belongs to the deepest scope that
//     holds both ends (`lca`); in that scope's layout it joins the two items holding the ends, and
//     edges joining the same two items are aggregated into one with a count;
//   - inputs naming no node of the graph (feeds, function arguments) draw no edge;
//   - a scope holding more than MAX_DIRECT_NODES nodes directly (a graph without name scopes) gets
//     its nodes in groups of CHUNK_NODES, in graph order, each a box of its own named `⋯first–last`,
//     so no single layout holds thousands of items. The hierarchy works on these display names
//     (`display`); `nodes` maps a display name to the graph's node (whose `name` is the real one),
//     `consumers` and search speak real names.
// Pure functions: no DOM, shared by the page and its tests.
import type { GraphNode } from "../../model/index.ts";

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
  // group the nodes of crowded scopes
  const direct = new Map<string, number>();
  for (const name of real.keys()) direct.set(parentOf(name), (direct.get(parentOf(name)) ?? 0) + 1);
  const display = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const name of real.keys()) {
    const home = parentOf(name);
    const count = direct.get(home)!;
    if (count <= MAX_DIRECT_NODES) {
      display.set(name, name);
      continue;
    }
    const i = seen.get(home) ?? 0;
    seen.set(home, i + 1);
    const from = i - (i % CHUNK_NODES);
    const group = `\u22ef${from + 1}\u2013${Math.min(count, from + CHUNK_NODES)}`;
    display.set(name, `${home ? home + "/" : ""}${group}/${name.slice(home ? home.length + 1 : 0)}`);
  }
  const byName = new Map<string, GraphNode>();
  for (const [name, n] of real) byName.set(display.get(name)!, n);
  const scopes = new Map<string, ScopeInfo>([["", { path: "", childScopes: [], childNodes: [], size: 0 }]]);
  const scope = (path: string): ScopeInfo => {
    let s = scopes.get(path);
    if (!s) {
      s = { path, childScopes: [], childNodes: [], size: 0 };
      scopes.set(path, s);
      scope(parentOf(path)).childScopes.push(path);
    }
    return s;
  };
  const edgesByScope = new Map<string, RawEdge[]>();
  const consumers = new Map<string, string[]>();
  for (const [shown, n] of byName) {
    const home = parentOf(shown);
    scope(home).childNodes.push(shown);
    for (let p: string | undefined = home; p !== undefined; p = p === "" ? undefined : parentOf(p)) scopes.get(p)!.size++;
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
  return { nodes: byName, display, scopes, edgesByScope, consumers };
}

/** The items and aggregated edges of scope `path` (see the header). */
export function scopeGraph(h: Hierarchy, path: string): { items: string[]; edges: ItemEdge[] } {
  const s = h.scopes.get(path);
  if (!s) return { items: [], edges: [] };
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
  return { items, edges: [...agg.values()] };
}

/** Scopes holding the node or scope of display name `name`, outermost first (without the root). */
export function ancestors(name: string): string[] {
  const out: string[] = [];
  for (let p = parentOf(name); p; p = parentOf(p)) out.push(p);
  return out.reverse();
}

/** Scopes opened at first: from the root down, while a level holds exactly one scope. */
export function initialExpanded(h: Hierarchy): Set<string> {
  const out = new Set<string>();
  for (let s = h.scopes.get(""); s && s.childScopes.length === 1; s = h.scopes.get(s.childScopes[0])) out.add(s.childScopes[0]);
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
