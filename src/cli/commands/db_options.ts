// Options shared by the team-mode commands (ingest, serve --db, token): the database URL
// (`--db URL`, or TRAINSCOPE_DB_URL so the password stays out of the process list) and the project
// (`--project P`, default "default"). A missing URL is a usage error (exit 2).
import { UsageError } from "../common.ts";

export const DEFAULT_PROJECT = "default";

export function dbUrl(opt: string | undefined): string {
  const url = opt ?? process.env.TRAINSCOPE_DB_URL;
  if (!url) throw new UsageError("no database: give --db postgres://USER:PASSWORD@HOST:PORT/DB (or set TRAINSCOPE_DB_URL)");
  return url;
}

export function projectName(opt: string | undefined): string {
  const p = (opt ?? DEFAULT_PROJECT).trim();
  if (!p || p.length > 200) throw new UsageError(`--project ${JSON.stringify(opt)}: expected a name of 1-200 characters`);
  return p;
}

/** Opens the database (the store part is loaded on use, so `--help` stays fast); a failure is a usage error. */
export async function openDb(url: string, max = 10) {
  const store = await import("../../store/index.ts");
  try {
    return { store, pool: await store.openPool(url, { max }) };
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}
