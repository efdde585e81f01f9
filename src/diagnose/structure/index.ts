// Structure checks: what a run's recorded computational graph (src/model/graph.ts, any format)
// says about its causes. Each check (one file each) reads a decoded graph of the run — with the
// run's weight/gradient records and configuration when it needs them — and returns structural
// facts naming the graph nodes they are about. The facts join the run's configuration facts in
// the ranking (cause_model.ts lists which causes each `graph.*` fact raises; a structural fact
// counts as the evidence a weight-level cause requires), and each fact also makes a finding of
// its own whose evidence carries the node names (`nodes`) the graph page highlights. Contract:
//   - checks never throw on a strange graph: they return no fact;
//   - the same fact from several graphs of a run (train/ and val/ writing one each) is kept once.
import type { TrainingRun } from "../../model/index.ts";
import { classInfo, normalizeConfig } from "../config_checks.ts";
import type { StructureCheck, StructureFact } from "./context.ts";
import { GraphIndex } from "./graph_util.ts";
import { sharedParameters } from "./shared_parameters.ts";
import { frozenParameters } from "./frozen_parameters.ts";
import { disconnected } from "./disconnected.ts";
import { lossActivation } from "./loss_activation.ts";
import { linearStack } from "./linear_stack.ts";
import { outputWidth } from "./output_width.ts";
import { trainMode } from "./train_mode.ts";

export type { StructureFact, StructureContext, StructureCheck } from "./context.ts";
export { GraphIndex } from "./graph_util.ts";

export const STRUCTURE_CHECKS: { name: string; check: StructureCheck }[] = [
  { name: "shared_parameters", check: sharedParameters },
  { name: "frozen_parameters", check: frozenParameters },
  { name: "disconnected", check: disconnected },
  { name: "loss_activation", check: lossActivation },
  { name: "linear_stack", check: linearStack },
  { name: "output_width", check: outputWidth },
  { name: "train_mode", check: trainMode },
];

/** The structural facts of a run (empty when it recorded no decodable graph). */
export function structureFacts(run: TrainingRun): StructureFact[] {
  const graphs = run.dirs.flatMap((d) => d.graphs).filter((g) => g.graph && g.graph.nodes.length > 0);
  if (!graphs.length) return [];
  const classes = classInfo(run, normalizeConfig(run)).classes;
  const out: StructureFact[] = [];
  const seen = new Set<string>();
  for (const g of graphs) {
    const ctx = { run, graph: g.graph!, index: new GraphIndex(g.graph!), classes };
    for (const { check } of STRUCTURE_CHECKS) {
      for (const f of check(ctx)) {
        const key = `${f.id}\u0000${f.nodes.join("\u0000")}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(f);
      }
    }
  }
  return out;
}
