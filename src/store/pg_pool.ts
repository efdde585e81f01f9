// A connection pool to the team database from a URL (postgres://user:password@host:port/db; the
// libpq environment variables PGHOST, PGUSER, ... fill what the URL leaves out), with the schema
// made or checked. Errors: a URL that is not postgres:// or postgresql:// is refused with a message
// naming it (password hidden); connection failures keep node-postgres' message.

import pg from "pg";
import { ensureSchema } from "./pg_schema.ts";

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(not a URL)";
  }
}

/** Opens a pool of at most `max` connections and makes sure the schema is there. */
export async function openPool(url: string, opts: { max?: number; application?: string } = {}): Promise<pg.Pool> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--db ${redactUrl(url)}: not a URL (expected postgres://USER:PASSWORD@HOST:PORT/DATABASE)`);
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:")
    throw new Error(`--db ${redactUrl(url)}: expected a postgres:// or postgresql:// URL`);
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, application_name: opts.application ?? "trainscope" });
  pool.on("error", () => {
    /* an idle connection dropped by the server: the next query opens another */
  });
  const c = await pool.connect().catch(async (e: unknown) => {
    await pool.end().catch(() => {});
    throw new Error(`cannot connect to ${redactUrl(url)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  });
  try {
    await ensureSchema(c);
  } catch (e) {
    c.release();
    await pool.end().catch(() => {});
    throw e;
  }
  c.release();
  return pool;
}
