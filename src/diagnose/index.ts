// Public API of the diagnose part.
export {};
export { KNOWLEDGE_BASE, knowledgeEntry, checklistFor, knowledgeByCategory, CHECKLIST_CATEGORIES } from "./knowledge.ts";
export type { KnowledgeEntry, KnowledgeKind } from "./knowledge.ts";
export type * from "./types.ts";
export { diagnoseRun, type DiagnoseOptions } from "./engine.ts";
export type { RankedCause, Contribution } from "./ranking.ts";
export { parseExpectation, type Expectation } from "./expectation.ts";
export { CAUSE_MODELS, causeModel, type CauseModel } from "./cause_model.ts";
export { diagnoseExperiment, runSummary } from "./report.ts";
export { T as DIAGNOSIS_THRESHOLDS } from "./thresholds.ts";
export { computeSignals, type RunSignals } from "./signals/index.ts";
export { evaluateWatchpoints, type WatchpointHit } from "./watchpoints.ts";
export {
  WATCH_CONDITIONS,
  RECOMMENDED_WATCHPOINTS,
  WATCH_PRESETS,
  conditionSpec,
  validateCondition,
  effectiveParams,
} from "./watch_conditions.ts";
export type { WatchCondition, ConditionName, ConditionSpec, ConditionTarget } from "./watch_conditions.ts";
export { tensorStats, type TensorStatRow } from "./tensor_stats.ts";
export {
  configFindings,
  compareConfigs,
  normalizeConfig,
  canonicalKey,
  type ConfigDifference,
  type ConfigKey,
  type ConfigValue,
} from "./config_checks.ts";
export {
  hparamImportance,
  type ImportanceEntry,
  type ImportanceResult,
  type ImportanceRow,
  type ImportanceOptions,
  type ParamKind,
  type ImportanceVerdict,
} from "./importance.ts";
export {
  buildLineage,
  lineageDiagnosis,
  lineageImportance,
  importanceRows,
  targetValues,
  lineageCsv,
  importanceCsv,
  lineageColumns,
  lineageRow,
  csvField,
  type LineageTable,
  type LineageRun,
  type LineageMetric,
  type LineageDiagnosis,
  type LineageValue,
} from "./lineage.ts";
export {
  datasetLineage,
  datasetPipeline,
  datasetFacets,
  stepText,
  DATASET_KEY,
  type DatasetLineage,
  type DatasetStep,
  type DatasetParam,
} from "./lineage_dataset.ts";
