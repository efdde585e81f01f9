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
export { splitSessions } from "./hparams_sessions.ts";
export { readCsvLog, detectCsvDialect, parseCsvNumber, type CsvDialect } from "./csv_log.ts";
export { readHParamsFile, flattenHParams, hparamsFileKind, type HParamsFileKind } from "./hparams_file.ts";
export { readEventFile, readEventFiles, readEventBytes, isEventFileName, histogramFromProto, type EventFileOptions } from "./event_file.ts";
export type { FileIdentity } from "./tail_check.ts";
export { decodeKerasModelGraph, KerasGraphError } from "./keras_graph.ts";
export { decodeGraphDef, decodeMetaGraphDef, parseTfInput, tfDtypeName } from "./tf_graph.ts";
export { decodeOnnxModel } from "./onnx_graph.ts";
export { decodeAnfIrModel, decodeMindIrModel, sniffMindSporeModel } from "./mindspore_ir.ts";
export { readGraphPayload, type GraphPayloadKind, type GraphPayloadResult } from "./graph_payload.ts";
export { readGraphFile, isGraphFileName } from "./graph_file.ts";
