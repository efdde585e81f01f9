// Lays out the shown scopes of one graph in the layout worker, innermost first (an expanded
// scope's size is known only once its own layout is), every level's scopes at once. Layouts are
// cached by scope and the sizes of its items, so expanding a scope lays out that scope and its
// ancestors only.
import type { LayoutAnswer, LayoutRequest } from "./layout_types.ts";
import { scopeGraph, type Hierarchy, type ItemEdge } from "./model.ts";
import { baseSize, frameSize, shownScopes } from "./place.ts";

export class LayoutEngine {
  private worker: Worker;
  private next = 1;
  private waiting = new Map<number, (a: LayoutAnswer) => void>();
  private cache = new Map<string, { sig: string; answer: LayoutAnswer }>();
  private graphs = new Map<string, { items: string[]; edges: ItemEdge[]; aux: string[] }>();

  constructor(private h: Hierarchy) {
    this.worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
    this.worker.onmessage = (e: MessageEvent<LayoutAnswer>) => {
      const done = this.waiting.get(e.data.id);
      this.waiting.delete(e.data.id);
      done?.(e.data);
    };
    this.worker.onerror = (e) => {
      for (const [id, done] of this.waiting)
        done({ id, width: 0, height: 0, nodes: {}, edges: {}, error: `layout worker failed: ${e.message}` });
      this.waiting.clear();
    };
  }

  private scope(path: string) {
    let g = this.graphs.get(path);
    if (!g) this.graphs.set(path, (g = scopeGraph(this.h, path)));
    return g;
  }

  private run(req: Omit<LayoutRequest, "id">): Promise<LayoutAnswer> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ ...req, id });
    });
  }

  /** Layouts of every shown scope under `expanded`, by scope path. */
  async layoutAll(expanded: Set<string>): Promise<Map<string, LayoutAnswer>> {
    const shown = shownScopes(this.h, expanded);
    const out = new Map<string, LayoutAnswer>();
    const depths = [...new Set(shown.map((s) => s.depth))].sort((a, b) => b - a);
    for (const d of depths)
      await Promise.all(
        shown
          .filter((s) => s.depth === d)
          .map(async ({ path }) => {
            const g = this.scope(path);
            const nodes = g.items.map((id) => {
              const inner = id.startsWith("s:") ? out.get(id.slice(2)) : undefined;
              return { id, ...(inner ? frameSize(id.slice(2), inner) : baseSize(id)) };
            });
            const sig = nodes.map((n) => `${n.w}x${n.h}`).join(",");
            const hit = this.cache.get(path);
            if (hit && hit.sig === sig) {
              out.set(path, hit.answer);
              return;
            }
            const aux = new Set(g.aux);
            const answer = await this.run({
              nodes: nodes.filter((n) => !aux.has(n.id)),
              aux: nodes.filter((n) => aux.has(n.id)),
              edges: g.edges.filter((e) => !aux.has(e.v) && !aux.has(e.w)).map((e) => ({ v: e.v, w: e.w })),
            });
            this.cache.set(path, { sig, answer });
            out.set(path, answer);
          }),
      );
    return out;
  }

  dispose(): void {
    this.worker.terminate();
    this.waiting.clear();
  }
}
