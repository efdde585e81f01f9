// What a structure check receives and returns. A check reads one decoded graph of a run (and the
// run's weight/gradient records and configuration when it needs them) and returns structural
// facts: a fact id of the cause model (cause_model.ts says which causes it raises), a strength,
// a note, the symptom of the finding it makes, and the graph nodes it is about (`nodes`, shown
// highlighted on the graph page). `definite` marks a structure that is wrong whatever the curves
// show (the finding is then a warning even when the run went well).
import type { ModelGraph, TrainingRun } from "../../model/index.ts";
import type { Fact } from "../config_facts.ts";
import type { GraphIndex } from "./graph_util.ts";

export interface StructureContext {
  run: TrainingRun;
  graph: ModelGraph;
  index: GraphIndex;
  /** The class count the configuration states (num_classes and its aliases), when it does. */
  classes?: number;
}

export interface StructureFact extends Fact {
  /** Names of the graph nodes the fact is about. */
  nodes: string[];
  /** Symptom code of the finding the fact makes. */
  symptom: string;
  /** One-line title of that finding. */
  title: string;
}

export type StructureCheck = (ctx: StructureContext) => StructureFact[];

/** Evidence naming graph nodes (source "graph"). */
export function graphEvidence(ctx: StructureContext, nodes: string[], note: string, value?: string | number | boolean) {
  return {
    source: "graph" as const,
    tag: ctx.graph.name ?? ctx.graph.format,
    nodes,
    note,
    ...(value !== undefined ? { value } : {}),
  };
}

/** Short list of node names for a title. */
export function listNames(names: string[], max = 3): string {
  const short = names.map((n) => n.split("/").slice(-2).join("/"));
  return short.length <= max ? short.join(", ") : `${short.slice(0, max).join(", ")} and ${short.length - max} more`;
}
