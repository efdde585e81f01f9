// Web Worker of the graph page: lays out one scope's items with dagre (layered, top to bottom),
// off the page's main thread. Message in: `LayoutRequest`; message out: `LayoutAnswer` with the
// same id (item centres, edge polylines, the layout's size, the auxiliary area: aux_area.ts), or
// the error dagre threw.
import dagre from "@dagrejs/dagre";
import type { LayoutAnswer, LayoutRequest } from "./layout_types.ts";
import { finishLayout } from "./aux_area.ts";

const ctx = self as unknown as { onmessage: ((e: MessageEvent<LayoutRequest>) => void) | null; postMessage(m: LayoutAnswer): void };

ctx.onmessage = (e) => {
  const req = e.data;
  try {
    const g = new dagre.graphlib.Graph({ multigraph: false });
    g.setGraph({ rankdir: "TB", nodesep: 16, ranksep: 28, edgesep: 8, marginx: 0, marginy: 0 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of req.nodes) g.setNode(n.id, { width: n.w, height: n.h });
    for (const ed of req.edges) g.setEdge(ed.v, ed.w);
    dagre.layout(g);
    const nodes: LayoutAnswer["nodes"] = {};
    const sizes: Record<string, { w: number; h: number }> = {};
    for (const n of req.nodes) {
      const p = g.node(n.id);
      nodes[n.id] = { x: p.x, y: p.y };
      sizes[n.id] = { w: n.w, h: n.h };
    }
    for (const n of req.aux ?? []) sizes[n.id] = { w: n.w, h: n.h };
    const edges: LayoutAnswer["edges"] = {};
    for (const ed of req.edges)
      edges[`${ed.v}\u0000${ed.w}`] = ((g.edge(ed.v, ed.w)?.points ?? []) as { x: number; y: number }[]).map((p) => ({ x: p.x, y: p.y }));
    const done = finishLayout(
      nodes,
      sizes,
      edges,
      (req.aux ?? []).map((n) => n.id),
    );
    ctx.postMessage({ id: req.id, ...done });
  } catch (err) {
    ctx.postMessage({ id: req.id, width: 0, height: 0, nodes: {}, edges: {}, error: err instanceof Error ? err.message : String(err) });
  }
};
