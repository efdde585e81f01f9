// The readers of the formats other than TensorBoard event files, each loaded with its module (and
// the libraries it uses: csv-parse, yaml, protobuf-es) on its first call: same signatures as the
// functions they stand for, so a logdir of event files never loads them (logdir.ts `READERS`, the
// part's public API).
import type * as CsvLog from "./csv_log.ts";
import type * as JsonLog from "./json_log.ts";
import type * as HParamsFile from "./hparams_file.ts";
import type * as MindSporeSummary from "./mindspore_summary.ts";
import type * as MindSporeLineage from "./mindspore_lineage.ts";
import type * as GraphFile from "./graph_file.ts";

export const readCsvLog: typeof CsvLog.readCsvLog = async (...a) => (await import("./csv_log.ts")).readCsvLog(...a);
export const readJsonLog: typeof JsonLog.readJsonLog = async (...a) => (await import("./json_log.ts")).readJsonLog(...a);
export const readHParamsFile: typeof HParamsFile.readHParamsFile = async (...a) =>
  (await import("./hparams_file.ts")).readHParamsFile(...a);
export const readMindSporeSummaryFile: typeof MindSporeSummary.readMindSporeSummaryFile = async (...a) =>
  (await import("./mindspore_summary.ts")).readMindSporeSummaryFile(...a);
export const readMindSporeLineageFile: typeof MindSporeLineage.readMindSporeLineageFile = async (...a) =>
  (await import("./mindspore_lineage.ts")).readMindSporeLineageFile(...a);
export const readGraphFile: typeof GraphFile.readGraphFile = async (...a) => (await import("./graph_file.ts")).readGraphFile(...a);
