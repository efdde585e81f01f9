// Messages between the graph page and its layout worker (layout.worker.ts).
export interface LayoutRequest {
  id: number;
  /** Items laid out by dagre. */
  nodes: { id: string; w: number; h: number }[];
  /** Auxiliary items (auxiliary.ts), packed in an area of their own (aux_area.ts). */
  aux?: { id: string; w: number; h: number }[];
  /** Edges between `nodes` only. */
  edges: { v: string; w: string }[];
}

export interface LayoutAnswer {
  id: number;
  width: number;
  height: number;
  /** Item centres, every item and every edge point inside [0, width] × [0, height]. */
  nodes: Record<string, { x: number; y: number }>;
  /** Edge polylines by `v\u0000w`. */
  edges: Record<string, { x: number; y: number }[]>;
  /** The auxiliary area's box, when the scope has auxiliary items. */
  aux?: { x: number; y: number; w: number; h: number };
  error?: string;
}
