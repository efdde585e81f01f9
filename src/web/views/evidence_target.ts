// Where a piece of diagnosis evidence leads on the dashboard (the diagnosis page's evidence links):
// a scalar to its chart with the step (range) marked, a histogram to its ridgeline, a tensor or
// watchpoint hit to the tensor page filtered to its tag, graph evidence to the graph page with the
// first node it names selected (the page outlines every node a finding names). Evidence of another
// kind (hyper-parameters, configuration, the run) leads nowhere: undefined.
import type { Evidence } from "../../diagnose/index.ts";
import type { UrlState } from "../url_state.ts";

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The URL-state patch that shows `ev` of `run`; `runs` are the runs currently compared. */
export function evidenceTarget(ev: Evidence, run: string, runs: string[]): Partial<UrlState> | undefined {
  const step = ev.step ?? ev.steps?.[0];
  const markTo = ev.steps && ev.steps[1] !== ev.steps[0] ? ev.steps[1] : undefined;
  if (ev.tag && ev.source === "scalar")
    return { page: "scalars", runs: runs.includes(run) ? runs : [...runs, run], run, focus: ev.tag, mark: step, markTo, tags: "" };
  if (ev.tag && ev.source === "histogram") return { page: "histograms", run, focus: ev.tag, mark: step, markTo: undefined, tags: "" };
  if (ev.tag && (ev.source === "tensor" || ev.source === "watchpoint"))
    return { page: "tensors", run, mark: step, markTo: undefined, tags: escapeRe(ev.tag) };
  if (ev.source === "graph" && ev.nodes?.length) return { page: "graph", run, gi: 0, gfn: "", gq: "", node: ev.nodes[0] };
  return undefined;
}
