// Public API of the reader part.
export {};
export { readMindSporeSummaryFile, isMindSporeSummaryFile, mindInsightTag, type MindInsightPlugin } from "./mindspore_summary.ts";
export { readMindSporeLineageFile, isMindSporeLineageFile } from "./mindspore_lineage.ts";
export type { MindSporeGraphInfo, MindSporeGraphNode, MindSporeGraphParameter, MindSporeType, MindSporeValue } from "./mindspore_graph.ts";
