// Sizes and absolute placement of the graph page's items. Each shown scope (the root and every
// expanded scope whose parents are expanded) has its own layout (from the worker); an expanded
// scope is an item of its parent's layout as large as its own layout plus a frame. `placeAll`
// turns the nested layouts into absolute boxes and polylines for one flat SVG. Pure.
import type { LayoutAnswer } from "./layout_types.ts";
import { scopeGraph, type Hierarchy, type ItemEdge } from "./model.ts";

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
}

/** Absolute boxes and edges from the per-scope layouts (see the header). */
export function placeAll(h: Hierarchy, expanded: Set<string>, layouts: Map<string, LayoutAnswer>): Placement {
  const items: PlacedItem[] = [];
  const edges: PlacedEdge[] = [];
  const errors: Placement["errors"] = [];
  const walk = (path: string, ox: number, oy: number, depth: number) => {
    const l = layouts.get(path);
    if (!l) return;
    if (l.error) errors.push({ scope: path, error: l.error });
    const sg = scopeGraph(h, path);
    for (const id of sg.items) {
      const c = l.nodes[id];
      if (!c) continue;
      const name = id.slice(2);
      const isScope = id.startsWith("s:");
      const exp = isScope && expanded.has(name) && layouts.has(name);
      const size = exp ? frameSize(name, layouts.get(name)!) : baseSize(id);
      const x = ox + c.x - size.w / 2,
        y = oy + c.y - size.h / 2;
      items.push({ id, name, scope: isScope, expanded: exp, x, y, w: size.w, h: size.h, depth });
      if (exp) walk(name, x + PAD, y + HEAD + PAD, depth + 1);
    }
    for (const e of sg.edges) {
      const pts = l.edges[`${e.v}\u0000${e.w}`];
      if (pts) edges.push({ ...e, scope: path, points: pts.map((p) => ({ x: ox + p.x, y: oy + p.y })) });
    }
  };
  const root = layouts.get("");
  walk("", 0, 0, 0);
  return { items, edges, width: root?.width ?? 0, height: root?.height ?? 0, errors };
}
