// Finishing one scope's layout (used by the layout worker; pure): the main items as dagre placed
// them, moved so that every item box and every edge point lies inside [0, width] × [0, height]
// (dagre sizes its graph by the nodes only, and a long edge routed around the side could leave
// it), then the auxiliary items (auxiliary.ts) in an area of their own to the right of the main
// layout: a header line, then columns filled top to bottom, each no taller than the main layout
// (or AUX_MIN_COLUMN), the area's box returned so the page can frame and label it.
export const AUX_GAP = 36;
export const AUX_HEAD = 20;
export const AUX_PAD = 8;
const AUX_MIN_COLUMN = 240;
const AUX_ROW_GAP = 8;
const AUX_COL_GAP = 12;

export interface Pt {
  x: number;
  y: number;
}

export interface Finished {
  width: number;
  height: number;
  nodes: Record<string, Pt>;
  edges: Record<string, Pt[]>;
  aux?: { x: number; y: number; w: number; h: number };
}

/**
 * `nodes`: centres of the main items; `sizes`: every item's size (main and auxiliary); `edges`:
 * polylines of the main edges; `aux`: the auxiliary item ids in order.
 */
export function finishLayout(
  nodes: Record<string, Pt>,
  sizes: Record<string, { w: number; h: number }>,
  edges: Record<string, Pt[]>,
  aux: string[],
): Finished {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const [id, c] of Object.entries(nodes)) {
    const s = sizes[id];
    x0 = Math.min(x0, c.x - s.w / 2);
    x1 = Math.max(x1, c.x + s.w / 2);
    y0 = Math.min(y0, c.y - s.h / 2);
    y1 = Math.max(y1, c.y + s.h / 2);
  }
  for (const pts of Object.values(edges))
    for (const p of pts) {
      x0 = Math.min(x0, p.x);
      x1 = Math.max(x1, p.x);
      y0 = Math.min(y0, p.y);
      y1 = Math.max(y1, p.y);
    }
  const empty = x0 === Infinity;
  if (empty) x0 = y0 = x1 = y1 = 0;
  const outNodes: Record<string, Pt> = {};
  for (const [id, c] of Object.entries(nodes)) outNodes[id] = { x: c.x - x0, y: c.y - y0 };
  const outEdges: Record<string, Pt[]> = {};
  for (const [k, pts] of Object.entries(edges)) outEdges[k] = pts.map((p) => ({ x: p.x - x0, y: p.y - y0 }));
  let width = x1 - x0,
    height = y1 - y0;
  if (!aux.length) return { width, height, nodes: outNodes, edges: outEdges };
  // the auxiliary area, right of the main layout
  const ax = empty ? 0 : width + AUX_GAP;
  const column = Math.max(AUX_MIN_COLUMN, height - AUX_HEAD - 2 * AUX_PAD);
  let cx = ax + AUX_PAD,
    cy = 0,
    colW = 0,
    tallest = 0;
  for (const id of aux) {
    const s = sizes[id];
    if (cy > 0 && cy + s.h > column) {
      cx += colW + AUX_COL_GAP;
      cy = 0;
      colW = 0;
    }
    outNodes[id] = { x: cx + s.w / 2, y: AUX_HEAD + AUX_PAD + cy + s.h / 2 };
    cy += s.h + AUX_ROW_GAP;
    colW = Math.max(colW, s.w);
    tallest = Math.max(tallest, cy - AUX_ROW_GAP);
  }
  const area = { x: ax, y: 0, w: cx + colW + AUX_PAD - ax, h: AUX_HEAD + 2 * AUX_PAD + tallest };
  width = area.x + area.w;
  height = Math.max(height, area.h);
  return { width, height, nodes: outNodes, edges: outEdges, aux: area };
}
