// Public API of the store: what the readers produced, kept outside the user's logdir so that a
// restart reads only what changed (an embedded index on one machine, PostgreSQL for a team).
export { ensureSchema, projectId, SchemaVersionError, SCHEMA_VERSION } from "./pg_schema.ts";
export { PgIngester, type IngestOptions, type IngestReport, type RunOutcome, type StoredRunMeta } from "./pg_ingest.ts";
export { PgRunSource, type StoredRun, type StoredRunInfo } from "./pg_source.ts";
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
