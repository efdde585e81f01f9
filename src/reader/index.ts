// Public API of the reader part. The readers of each format other than TensorBoard event files
// (CSV, JSON logs, configuration files, MindSpore, graph files) load their module on their first
// call (lazy_readers.ts); their other functions are used inside the part only.
export type { MindSporeGraphInfo, MindSporeGraphNode, MindSporeGraphParameter, MindSporeType, MindSporeValue } from "./mindspore_graph.ts";
export {
  loadExperiment,
  discoverRuns,
  discoverLogdir,
  loadRun,
  loadTrainings,
  discoveryTotals,
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
export { splitSessions } from "./hparams_sessions.ts";
export { hparamsFileKind, isGraphFileName, isJsonLogName, type HParamsFileKind } from "./file_names.ts";
export {
  readCsvLog,
  readJsonLog,
  readHParamsFile,
  readMindSporeSummaryFile,
  readMindSporeLineageFile,
  readGraphFile,
} from "./lazy_readers.ts";
export {
  readEventFile,
  readEventFiles,
  readEventBytes,
  loadEventDecoders,
  isEventFileName,
  histogramFromProto,
  type EventFileOptions,
} from "./event_file.ts";
export type { FileIdentity } from "./tail_check.ts";
export { decodeKerasModelGraph, KerasGraphError } from "./keras_graph.ts";
export type { GraphPayloadKind, GraphPayloadResult } from "./graph_payload.ts";
export { workerEntry } from "./worker_entry.ts";
