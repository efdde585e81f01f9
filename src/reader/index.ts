// Public API of the reader part.
export {};
export { readMindSporeSummaryFile, isMindSporeSummaryFile, mindInsightTag, type MindInsightPlugin } from "./mindspore_summary.ts";
export { readMindSporeLineageFile, isMindSporeLineageFile } from "./mindspore_lineage.ts";
export type { MindSporeGraphInfo, MindSporeGraphNode, MindSporeGraphParameter, MindSporeType, MindSporeValue } from "./mindspore_graph.ts";
export {
  loadExperiment,
  discoverRuns,
  discoverLogdir,
  loadRun,
  refreshRun,
  withReaderState,
  reviveRun,
  mergeHParams,
  classifyFileName,
  type LoadOptions,
  type LoadProgress,
  type Discovery,
  type FileReader,
} from "./logdir.ts";
export { groupRuns, type RunDescriptor, type DiscoveredFile, type DiscoveredFormat } from "./run_grouping.ts";
export { readCsvLog, detectCsvDialect, parseCsvNumber, type CsvDialect } from "./csv_log.ts";
export { readHParamsFile, flattenHParams, hparamsFileKind, type HParamsFileKind } from "./hparams_file.ts";
export { readEventFile, readEventFiles, readEventBytes, isEventFileName, histogramFromProto, type EventFileOptions } from "./event_file.ts";
export type { FileIdentity } from "./tail_check.ts";
