// The PostgreSQL schema of team mode, created on first use (idempotent; `SCHEMA_VERSION` in
// trainscope_meta; a database of version 1 is brought to 2 in place, one with another version is
// refused with a message saying so).
//   projects  one per team project; tokens: hashed (sha256) secrets with role read|ingest
//   runs      one per training run, keyed by (project, the absolute path of its directory on the
//             ingesting machines), named relative to `root`, the logdir of the first ingest; `version` bumps with every committed ingest; the run's model
//             facts (dirs with their sources, hyper-parameters, roles, problems) as jsonb, and the
//             diagnosis computed by the ingest side, of version `findings_version` (the run's
//             version, or an earlier one while a watched run grows: pg_ingest.ts)
//   files     every file of a run with its size, mtime and committed offset (what was read)
//   series    one per run, kind and key: point count, digest of the stored points, NaN/Inf counts
//   chunks    the points, one row per chunk of steps (pg_codec.ts), stored uncompressed (EXTERNAL:
//             float64 bytes do not compress, pglz would only cost time)
// Errors: `ensureSchema` throws SchemaVersionError when the database holds another schema version.

import type pg from "pg";

export const SCHEMA_VERSION = "2";

export class SchemaVersionError extends Error {
  constructor(found: string) {
    super(
      `the database holds trainscope schema version ${found}, this trainscope speaks ${SCHEMA_VERSION}: use a new database or the matching trainscope`,
    );
    this.name = "SchemaVersionError";
  }
}

const DDL = `
CREATE TABLE IF NOT EXISTS trainscope_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS projects (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS tokens (
  id serial PRIMARY KEY,
  project_id int NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('read', 'ingest')),
  hash bytea NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE TABLE IF NOT EXISTS runs (
  id bigserial PRIMARY KEY,
  project_id int NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  path text NOT NULL,
  name text NOT NULL,
  root text NOT NULL,
  version int NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  meta jsonb,
  findings jsonb,
  findings_error text,
  findings_version int,
  UNIQUE (project_id, path),
  UNIQUE (project_id, name)
);
CREATE TABLE IF NOT EXISTS files (
  run_id bigint NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  path text NOT NULL,
  size bigint NOT NULL,
  mtime_ms float8 NOT NULL,
  committed_offset bigint NOT NULL,
  format text NOT NULL,
  PRIMARY KEY (run_id, path)
);
CREATE TABLE IF NOT EXISTS series (
  id bigserial PRIMARY KEY,
  run_id bigint NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('scalar', 'histogram')),
  key text NOT NULL,
  dir text NOT NULL,
  tag text NOT NULL,
  unit text,
  phase text,
  n bigint NOT NULL,
  digest bytea NOT NULL,
  UNIQUE (run_id, kind, key)
);
CREATE TABLE IF NOT EXISTS chunks (
  series_id bigint NOT NULL REFERENCES series(id) ON DELETE CASCADE,
  seq int NOT NULL,
  n int NOT NULL,
  first_step float8 NOT NULL,
  last_step float8 NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (series_id, seq)
);
ALTER TABLE chunks ALTER COLUMN data SET STORAGE EXTERNAL;
`;

/** Creates the tables when missing (one creator at a time: an advisory lock); checks the version. */
export async function ensureSchema(client: pg.ClientBase): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock(7451000001)");
    const has = await client.query("SELECT to_regclass('trainscope_meta') AS t");
    if (has.rows[0].t !== null) {
      const v = await client.query("SELECT value FROM trainscope_meta WHERE key = 'schema_version'");
      const found = v.rows[0]?.value as string | undefined;
      if (found === "1") {
        // version 1 had no findings_version: the stored findings were those of each run's version
        await client.query("ALTER TABLE runs ADD COLUMN IF NOT EXISTS findings_version int");
        await client.query("UPDATE runs SET findings_version = version WHERE meta IS NOT NULL");
        await client.query("UPDATE trainscope_meta SET value = $1 WHERE key = 'schema_version'", [SCHEMA_VERSION]);
        await client.query("COMMIT");
        return;
      }
      if (found !== undefined && found !== SCHEMA_VERSION) throw new SchemaVersionError(found);
      if (found === SCHEMA_VERSION) {
        await client.query("COMMIT");
        return;
      }
    }
    await client.query(DDL);
    await client.query("INSERT INTO trainscope_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO NOTHING", [
      SCHEMA_VERSION,
    ]);
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}

/** The id of project `name`, created when missing. */
export async function projectId(client: pg.ClientBase, name: string, create = true): Promise<number | undefined> {
  if (create) await client.query("INSERT INTO projects (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", [name]);
  const r = await client.query("SELECT id FROM projects WHERE name = $1", [name]);
  return r.rows[0]?.id as number | undefined;
}
