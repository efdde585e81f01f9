// Public API of the store: what the readers produced, kept outside the user's logdir so that a
// restart reads only what changed (an embedded index on one machine, PostgreSQL for a team).
export {
  LogIndex,
  IndexUnavailableError,
  INDEX_FORMAT_VERSION,
  type StoredFile,
  type RunSummary,
  type StoredRun,
  type TagRow,
} from "./log_index.ts";
export { IndexedRuns, runFingerprint, type LoadCounts } from "./indexed_runs.ts";
export { IndexLocationError, defaultIndexDir, indexFileFor, openIndex } from "./index_location.ts";
export { encodeRun, decodeRun, CHUNK_POINTS, type EncodedRun, type ScalarChunk } from "./run_codec.ts";
