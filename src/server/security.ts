// Who may talk to the dashboard. Contract (docs/security.md has the threat model):
// - Host allow-list (DNS rebinding): a request whose Host header is not a loopback name
//   (localhost, *.localhost, 127.0.0.0/8, ::1) nor in `allowedHosts` is refused with 403. With a
//   token and no allowed-hosts list every Host is accepted (the token is the guard).
// - Token (`--token`): when set, every request must carry it: `Authorization: Bearer TOKEN`, the
//   `trainscope_token` cookie, or `?token=TOKEN` (which sets the cookie, HttpOnly, SameSite=Strict).
//   Otherwise 401.
// - Tokens kept elsewhere (team mode: per project, hashed in the database): `authorize` judges a
//   given token ("unknown" -> 401, "forbidden" -> 403: another project's or another role's); with
//   `tokenRequired` a request without one gets 401, else (loopback) it passes. A token given in the
//   query is set as the cookie, as above.
// - Cross-site requests to /api/*: `Sec-Fetch-Site` other than same-origin/none, or an `Origin`
//   other than the page's own, are refused with 403 (a page on another origin, even a `no-cors`
//   fetch or an <img>, gets nothing and starts no work).
// - GET and HEAD everywhere; POST only to the write routes (`WRITE_PATHS`: the user's tags and
//   notes), and only from the dashboard's own page: an `Origin` equal to the request's Host is
//   required (a POST without Origin is refused), `Sec-Fetch-Site` must be same-origin when sent, and
//   the body must be `application/json` (which an HTML form cannot send). Anything else is 405.
// - Security headers on every answer: Content-Security-Policy (scripts and connections to self
//   only, frame-ancestors 'none'), X-Content-Type-Options: nosniff, Referrer-Policy: no-referrer,
//   X-Frame-Options: DENY, Cross-Origin-Resource-Policy and -Opener-Policy: same-origin.
import crypto from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

export interface AccessOptions {
  /** Host names (no port) accepted in the Host header besides the loopback names; "*" accepts any. */
  allowedHosts?: string[];
  /** Secret every request must carry (see the file comment). */
  token?: string;
  /** Judges a token kept elsewhere (see the file comment). */
  authorize?: (token: string) => Promise<"ok" | "unknown" | "forbidden">;
  /** With `authorize`: every request must carry a token. */
  tokenRequired?: boolean;
}

export const TOKEN_COOKIE = "trainscope_token";

/** The only routes that accept POST (the user's tags and notes, kept outside the logdir). */
export const WRITE_PATHS = new Set(["/api/annotations"]);

/** Host name of a Host header value (port and IPv6 brackets removed, lower case). */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]") > 0 ? h.indexOf("]") : undefined);
  const colon = h.lastIndexOf(":");
  return colon >= 0 && h.indexOf(":") === colon ? h.slice(0, colon) : h;
}

/** True for names that always mean this machine. */
export function isLoopbackName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, "");
  return (
    n === "localhost" || n.endsWith(".localhost") || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(n) || n === "::1" || n === "0:0:0:0:0:0:0:1"
  );
}

/** True for an address to listen on that only this machine can reach. */
export function isLoopbackBind(host: string): boolean {
  return isLoopbackName(host.replace(/^\[|\]$/g, ""));
}

function sameSecret(a: string, b: string): boolean {
  const x = crypto.createHash("sha256").update(a).digest();
  const y = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(x, y);
}

function cookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

function refuse(c: Context, status: 401 | 403 | 405, message: string): Response {
  return c.json({ error: message }, status);
}

/** The access checks (Host, token, cross-site, method), in that order. */
export function accessGuard(opts: AccessOptions = {}): MiddlewareHandler {
  const allowed = new Set((opts.allowedHosts ?? []).map((h) => hostName(h)));
  const guarded = opts.token !== undefined || (opts.authorize !== undefined && opts.tokenRequired === true);
  const anyHost = allowed.has("*") || (guarded && opts.allowedHosts === undefined);
  return async (c, next) => {
    const write = c.req.method === "POST" && WRITE_PATHS.has(c.req.path);
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && !write)
      return refuse(
        c,
        405,
        `method ${c.req.method} not allowed (the dashboard only reads your logs; tags and notes are POSTed to /api/annotations)`,
      );
    const hostHeader = c.req.header("host") ?? new URL(c.req.url).host;
    const name = hostName(hostHeader);
    if (!anyHost && !isLoopbackName(name) && !allowed.has(name)) {
      return refuse(
        c,
        403,
        `Host ${JSON.stringify(hostHeader.slice(0, 200))} is not allowed: the dashboard answers loopback names only (start it with --allowed-hosts to add names)`,
      );
    }
    if (opts.token !== undefined) {
      const auth = c.req.header("authorization");
      const bearer = auth?.startsWith("Bearer ") ? auth.slice(7).trim() : undefined;
      const fromQuery = c.req.query("token");
      const given = bearer ?? fromQuery ?? cookie(c.req.header("cookie"), TOKEN_COOKIE);
      if (given === undefined || !sameSecret(given, opts.token)) {
        return refuse(c, 401, "a token is required: open the URL trainscope serve printed (it carries ?token=...)");
      }
      if (fromQuery !== undefined)
        c.header("set-cookie", `${TOKEN_COOKIE}=${encodeURIComponent(opts.token)}; Path=/; HttpOnly; SameSite=Strict`);
    }
    if (opts.authorize) {
      const auth = c.req.header("authorization");
      const bearer = auth?.startsWith("Bearer ") ? auth.slice(7).trim() : undefined;
      const fromQuery = c.req.query("token");
      const given = bearer ?? fromQuery ?? cookie(c.req.header("cookie"), TOKEN_COOKIE);
      if (given === undefined) {
        if (opts.tokenRequired)
          return refuse(c, 401, "a token is required: give a read token of this project (trainscope token create --role read)");
      } else {
        const verdict = await opts.authorize(given);
        if (verdict === "unknown") return refuse(c, 401, "unknown or revoked token");
        if (verdict === "forbidden") return refuse(c, 403, "this token does not give read access to this project");
        if (fromQuery !== undefined)
          c.header("set-cookie", `${TOKEN_COOKIE}=${encodeURIComponent(given)}; Path=/; HttpOnly; SameSite=Strict`);
      }
    }
    if (c.req.path.startsWith("/api/")) {
      const site = c.req.header("sec-fetch-site");
      if (site !== undefined && site !== "same-origin" && site !== "none") {
        return refuse(c, 403, `cross-site request refused (Sec-Fetch-Site: ${site.slice(0, 40)})`);
      }
      const origin = c.req.header("origin");
      if (origin !== undefined) {
        let ok = false;
        try {
          ok = new URL(origin).host === hostHeader.trim().toLowerCase();
        } catch {
          ok = false;
        }
        if (!ok) return refuse(c, 403, `cross-origin request refused (Origin: ${origin.slice(0, 200)})`);
      }
      if (write) {
        if (origin === undefined) return refuse(c, 403, "a write needs the Origin header of the dashboard's page");
        if (site !== undefined && site !== "same-origin")
          return refuse(c, 403, `a write must come from the dashboard's page (Sec-Fetch-Site: ${site.slice(0, 40)})`);
        const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
        if (type !== "application/json") return refuse(c, 403, "a write must send application/json");
      }
    }
    await next();
  };
}

/** Security headers for every answer (the web app needs scripts, styles, images and connections to itself only). */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:", "blob:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
    crossOriginResourcePolicy: "same-origin",
    crossOriginOpenerPolicy: "same-origin",
  });
}
