// Messages between the graph page and its layout worker (layout.worker.ts).
export interface LayoutRequest {
  id: number;
  nodes: { id: string; w: number; h: number }[];
  edges: { v: string; w: string }[];
}

export interface LayoutAnswer {
  id: number;
  width: number;
  height: number;
  /** Item centres. */
  nodes: Record<string, { x: number; y: number }>;
  /** Edge polylines by `v\u0000w`. */
  edges: Record<string, { x: number; y: number }[]>;
  error?: string;
}
