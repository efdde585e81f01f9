// Sizes and absolute placement of the graph page's items. Each shown scope (the root and every
// expanded scope whose parents are expanded) has its own layout (from the worker); an expanded
// scope is an item of its parent's layout as large as its own layout plus a frame. `placeAll`
// turns the nested layouts into absolute boxes and polylines for one flat SVG. Contract:
//   - an edge joins the innermost items shown that hold its two ends: when an end lies inside an
//     expanded scope, the edge routed between the boxes of the scope's layout goes on, inside the
//     frame, to the border of the item drawn for that end (edges reaching the same two items are one,
//     with their count); an end inside an auxiliary item (auxiliary.ts) draws no edge;
//   - every scope's auxiliary items sit in its auxiliary area, returned as a box to frame and label;
//   - every point lies inside the root layout's [0, width] × [0, height]. Pure.
import type { LayoutAnswer } from "./layout_types.ts";
import { itemOf, scopeGraph, type Hierarchy, type ItemEdge } from "./model.ts";

export const PAD = 12;
export const HEAD = 22;
const NODE_H = 26;
const SCOPE_H = 36;

export function leafOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

export function clipLabel(s: string, max = 30): string {
  return s.length > max ? s.slice(0, max - 1) + "…" : s;
}

/** Size of a node or a collapsed scope box. */
export function baseSize(id: string): { w: number; h: number } {
  const label = clipLabel(leafOf(id.slice(2)));
  if (id.startsWith("n:")) return { w: Math.min(220, Math.max(50, label.length * 7 + 22)), h: NODE_H };
  return { w: Math.min(240, Math.max(80, label.length * 7 + 40)), h: SCOPE_H };
}

/** Size of an expanded scope whose own layout is `l`. */
export function frameSize(path: string, l: { width: number; height: number }): { w: number; h: number } {
  const label = clipLabel(leafOf(path), 60);
  return { w: Math.max(l.width + 2 * PAD, label.length * 7 + 40), h: l.height + 2 * PAD + HEAD };
}

/** Shown scopes (root first, then expanded scopes whose parents are all expanded), with their depth. */
export function shownScopes(h: Hierarchy, expanded: Set<string>): { path: string; depth: number }[] {
  const out: { path: string; depth: number }[] = [];
  const walk = (path: string, depth: number) => {
    out.push({ path, depth });
    for (const c of h.scopes.get(path)?.childScopes ?? []) if (expanded.has(c)) walk(c, depth + 1);
  };
  walk("", 0);
  return out;
}

export interface PlacedItem {
  id: string;
  /** Pulled aside into its scope's auxiliary area. */
  aux: boolean;
  /** Node name or scope path. */
  name: string;
  scope: boolean;
  expanded: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
  depth: number;
}

export interface PlacedEdge extends ItemEdge {
  scope: string;
  points: { x: number; y: number }[];
}

export interface Placement {
  items: PlacedItem[];
  edges: PlacedEdge[];
  width: number;
  height: number;
  /** Scopes whose layout failed, with the message. */
  errors: { scope: string; error: string }[];
  /** The auxiliary area of each shown scope that has one, absolute. */
  auxAreas: { scope: string; x: number; y: number; w: number; h: number; count: number }[];
}

type Box = { x: number; y: number; w: number; h: number };

/** Where the segment from the centre of `b` towards `p` crosses the border of `b` (`p` itself when inside). */
export function borderPoint(b: Box, p: { x: number; y: number }): { x: number; y: number } {
  const cx = b.x + b.w / 2,
    cy = b.y + b.h / 2;
  const dx = p.x - cx,
    dy = p.y - cy;
  const t = Math.min(dx ? b.w / 2 / Math.abs(dx) : Infinity, dy ? b.h / 2 / Math.abs(dy) : Infinity);
  return t >= 1 ? { x: p.x, y: p.y } : { x: cx + dx * t, y: cy + dy * t };
}

/** Absolute boxes and edges from the per-scope layouts (see the header). */
export function placeAll(h: Hierarchy, expanded: Set<string>, layouts: Map<string, LayoutAnswer>): Placement {
  const items: PlacedItem[] = [];
  const errors: Placement["errors"] = [];
  const auxAreas: Placement["auxAreas"] = [];
  const graphs = new Map<string, ReturnType<typeof scopeGraph> & { auxSet: Set<string> }>();
  const graphOf = (path: string) => {
    let g = graphs.get(path);
    if (!g) {
      const sg = scopeGraph(h, path);
      graphs.set(path, (g = { ...sg, auxSet: new Set(sg.aux) }));
    }
    return g;
  };
  const byId = new Map<string, PlacedItem>();
  const origin = new Map<string, { x: number; y: number }>();
  const walk = (path: string, ox: number, oy: number, depth: number) => {
    const l = layouts.get(path);
    if (!l) return;
    origin.set(path, { x: ox, y: oy });
    if (l.error) errors.push({ scope: path, error: l.error });
    const sg = graphOf(path);
    if (l.aux) auxAreas.push({ scope: path, x: ox + l.aux.x, y: oy + l.aux.y, w: l.aux.w, h: l.aux.h, count: sg.aux.length });
    for (const id of sg.items) {
      const c = l.nodes[id];
      if (!c) continue;
      const name = id.slice(2);
      const isScope = id.startsWith("s:");
      const exp = isScope && expanded.has(name) && layouts.has(name);
      const size = exp ? frameSize(name, layouts.get(name)!) : baseSize(id);
      const x = ox + c.x - size.w / 2,
        y = oy + c.y - size.h / 2;
      const it: PlacedItem = { id, name, scope: isScope, expanded: exp, aux: sg.auxSet.has(id), x, y, w: size.w, h: size.h, depth };
      items.push(it);
      byId.set(id, it);
      if (exp) walk(name, x + PAD, y + HEAD + PAD, depth + 1);
    }
  };
  walk("", 0, 0, 0);
  /** The innermost shown item holding node `name`, from item `id` down through expanded scopes. */
  const innermost = (id: string, name: string): string => {
    for (;;) {
      const it = byId.get(id);
      if (!it || !it.expanded) return id;
      const inner = itemOf(it.name, name);
      if (graphOf(it.name).auxSet.has(inner) || !byId.has(inner)) return id;
      id = inner;
    }
  };
  const edges = new Map<string, PlacedEdge>();
  for (const { path } of shownScopes(h, expanded)) {
    const l = layouts.get(path);
    const o = origin.get(path);
    if (!l || !o) continue;
    const sg = graphOf(path);
    for (const e of h.edgesByScope.get(path) ?? []) {
      const v = itemOf(path, e.src),
        w = itemOf(path, e.dst);
      if (v === w || sg.auxSet.has(v) || sg.auxSet.has(w)) continue;
      const route = l.edges[`${v}\u0000${w}`];
      if (!route?.length) continue;
      const iv = innermost(v, e.src),
        iw = innermost(w, e.dst);
      const k = `${iv}\u0000${iw}`;
      const had = edges.get(k);
      if (had) {
        had.count++;
        had.control &&= e.control;
        continue;
      }
      const pts = route.map((p) => ({ x: o.x + p.x, y: o.y + p.y }));
      if (iv !== v) pts.unshift(borderPoint(byId.get(iv)!, pts[0]));
      if (iw !== w) pts.push(borderPoint(byId.get(iw)!, pts[pts.length - 1]));
      edges.set(k, { v: iv, w: iw, count: 1, control: e.control, scope: path, points: pts });
    }
  }
  const root = layouts.get("");
  return { items, edges: [...edges.values()], width: root?.width ?? 0, height: root?.height ?? 0, errors, auxAreas };
}
