// The graphs of a run for the graph page: the list (`GET /api/graphs`: index, file, format, step,
// node count) and one graph in the common vocabulary (`GET /api/graph`), optionally with its
// difference to another run's graph (added / removed / changed nodes, and the removed nodes
// themselves so the page can draw them). Graphs are numbered across the run's directories in
// directory order, then file order. A graph the reader could not decode has no `graph` and answers
// 422; a graph whose JSON text would pass MAX_GRAPH_JSON_BYTES characters answers 413 (the page says so).
import type { GraphInfo, ModelGraph, TrainingRun } from "../model/index.ts";
import { diffGraphs, type GraphDiff } from "./graph_diff.ts";

/** Longest graph answer (characters of JSON text) the server sends. */
export const MAX_GRAPH_JSON_BYTES = 64 * 1024 * 1024;
/** Graph answers kept serialised (the page asks again on every return to the page). */
export const GRAPH_CACHE = 8;

export interface GraphListItem {
  index: number;
  /** File the graph came from (relative to the logdir). */
  file: string;
  format: GraphInfo["kind"];
  step: number;
  /** Nodes of the main graph; 0 when not decoded. */
  nodeCount: number;
  /** Whether the graph can be shown (decoded into the common vocabulary). */
  decoded: boolean;
  name?: string;
  producer?: string;
}

/** Every graph of a run, numbered (see the header). */
export function runGraphs(run: TrainingRun): GraphInfo[] {
  return run.dirs.flatMap((d) => d.graphs);
}

export function graphList(run: TrainingRun): GraphListItem[] {
  return runGraphs(run).map((g, index) => ({
    index,
    file: g.file,
    format: g.kind,
    step: g.step,
    nodeCount: g.graph?.nodes.length ?? g.nodeCount ?? 0,
    decoded: !!g.graph,
    name: g.graph?.name,
    producer: g.graph?.producer,
  }));
}

export interface GraphDiffAnswer extends GraphDiff {
  /** The reference run and graph index. */
  run: string;
  index: number;
  /** The reference graph's nodes that the current graph lacks (to draw them). */
  removedNodes: ModelGraph["nodes"];
}

/** Outcome of looking up graph `index` of a run. */
export type GraphLookup = { graph: ModelGraph; info: GraphInfo } | { status: 404 | 422; error: string };

export function graphAt(run: TrainingRun, index: number): GraphLookup {
  const all = runGraphs(run);
  const info = all[index];
  if (!info) return { status: 404, error: `run ${run.name} has ${all.length} graph(s); no graph #${index}` };
  if (!info.graph) return { status: 422, error: `graph #${index} of run ${run.name} (${info.kind} in ${info.file}) could not be decoded` };
  return { graph: info.graph, info };
}

export function diffAnswer(current: ModelGraph, reference: ModelGraph, run: string, index: number): GraphDiffAnswer {
  const d = diffGraphs(current, reference);
  const removed = new Set(d.removed);
  return { ...d, run, index, removedNodes: reference.nodes.filter((n) => removed.has(n.name)) };
}
