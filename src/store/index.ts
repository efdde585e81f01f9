// Public API of the store: what the readers produced, kept outside the user's logdir so that a
// restart reads only what changed (an embedded index on one machine, PostgreSQL for a team).
export {
  LogIndex,
  IndexUnavailableError,
  INDEX_FORMAT_VERSION,
  type StoredFile,
  type RunSummary,
  type StoredRun as IndexedRun,
  type TagRow,
} from "./log_index.ts";
export { IndexedRuns, runFingerprint, type LoadCounts } from "./indexed_runs.ts";
export { storedSeries, type StoredSeries, type SeriesPoints } from "./stored_series.ts";
export { IndexLocationError, defaultIndexDir, indexFileFor, openIndex } from "./index_location.ts";
export { encodeRun, decodeRun, CHUNK_POINTS, type EncodedRun, type ScalarChunk } from "./run_codec.ts";
export { ensureSchema, projectId, SchemaVersionError, SCHEMA_VERSION } from "./pg_schema.ts";
export { PgIngester, type IngestOptions, type IngestReport, type RunOutcome, type StoredRunMeta } from "./pg_ingest.ts";
export { PgRunSource, type StoredRun, type StoredRunInfo } from "./pg_source.ts";
export { PgSeriesReader, SERIES_CACHE_BYTES, VERSION_TTL_MS, type StoredScalar } from "./pg_series.ts";
export {
  createToken,
  revokeToken,
  checkToken,
  tokenChecker,
  projectHasTokens,
  tokenHash,
  TOKEN_ROLES,
  type TokenRole,
  type TokenCheck,
} from "./pg_tokens.ts";
export { openPool, redactUrl } from "./pg_pool.ts";
