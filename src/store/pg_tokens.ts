// Access tokens of team mode: a token belongs to one project and has one role, `read` (the
// dashboards) or `ingest` (the ingest workers; it does not read). The secret is shown once when it
// is made (`ts_` + 32 random bytes, base64url) and only its sha256 is stored (a random 256-bit secret
// needs no slow hash). Outcomes of `checkToken`: "ok"; "unknown" (no such token, or revoked: 401);
// "forbidden" (a token of another project or with another role: 403).

import crypto from "node:crypto";
import type pg from "pg";
import { projectId } from "./pg_schema.ts";

export type TokenRole = "read" | "ingest";
export const TOKEN_ROLES: readonly TokenRole[] = ["read", "ingest"];

export function tokenHash(token: string): Buffer {
  return crypto.createHash("sha256").update(token, "utf8").digest();
}

/** Makes a token of `role` for `project` (created when missing); returns the secret (stored hashed only). */
export async function createToken(client: pg.ClientBase, project: string, role: TokenRole): Promise<string> {
  const pid = await projectId(client, project);
  const token = `ts_${crypto.randomBytes(32).toString("base64url")}`;
  await client.query("INSERT INTO tokens (project_id, role, hash) VALUES ($1, $2, $3)", [pid, role, tokenHash(token)]);
  return token;
}

/** Revokes a token (by its secret); false when it is unknown. */
export async function revokeToken(client: pg.ClientBase, token: string): Promise<boolean> {
  const r = await client.query("UPDATE tokens SET revoked_at = now() WHERE hash = $1 AND revoked_at IS NULL", [tokenHash(token)]);
  return (r.rowCount ?? 0) > 0;
}

export type TokenCheck = "ok" | "unknown" | "forbidden";

/** Whether `token` grants `role` on `project`. */
export async function checkToken(client: pg.ClientBase | pg.Pool, project: string, token: string, role: TokenRole): Promise<TokenCheck> {
  const r = await client.query(
    "SELECT p.name AS project, t.role FROM tokens t JOIN projects p ON p.id = t.project_id WHERE t.hash = $1 AND t.revoked_at IS NULL",
    [tokenHash(token)],
  );
  const row = r.rows[0] as { project: string; role: TokenRole } | undefined;
  if (!row) return "unknown";
  return row.project === project && row.role === role ? "ok" : "forbidden";
}

/** Whether a project has any live token of `role` (then ingest demands one). */
export async function projectHasTokens(client: pg.ClientBase | pg.Pool, project: string, role: TokenRole): Promise<boolean> {
  const r = await client.query(
    "SELECT 1 FROM tokens t JOIN projects p ON p.id = t.project_id WHERE p.name = $1 AND t.role = $2 AND t.revoked_at IS NULL LIMIT 1",
    [project, role],
  );
  return r.rows.length > 0;
}

/** `checkToken` for one project and role, each verdict remembered `ttlMs` (a dashboard asks on every request). */
export function tokenChecker(pool: pg.Pool, project: string, role: TokenRole, ttlMs = 10_000): (token: string) => Promise<TokenCheck> {
  const cache = new Map<string, { at: number; verdict: Promise<TokenCheck> }>();
  return (token) => {
    const key = tokenHash(token).toString("base64");
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < ttlMs) return hit.verdict;
    if (cache.size >= 10_000) cache.clear();
    const verdict = checkToken(pool, project, token, role);
    cache.set(key, { at: now, verdict });
    verdict.catch(() => cache.delete(key));
    return verdict;
  };
}
