// Query parameters of the API routes, validated with valibot schemas before a route does any work.
// Contract: every route declares its parameters; a parameter given more often than it may be (once,
// or `run` of /api/export up to MAX_EXPORT_RUNS times), a value longer than its limit, a number that
// is not finite or a word outside its choices makes the request fail with 400 and a message naming
// the parameter. Counts (points, bins, steps, window) are clamped to their range instead of failing,
// as the dashboard has always done. Parameters a route does not declare are ignored, but a request
// carrying more than MAX_PARAMS values in all is refused (the request line itself is bounded by
// Node's 16 KiB header limit).
import * as v from "valibot";
import type { Context } from "hono";

/** Longest run name accepted (a path relative to the logdir). */
export const MAX_RUN_CHARS = 4096;
/** Longest tag accepted (the reader keeps no longer tag either: MAX_TAG_BYTES in src/reader/limits.ts). */
export const MAX_TAG_CHARS = 4096;
/** How many runs one export may combine. */
export const MAX_EXPORT_RUNS = 32;
/** How many parameter values one request may carry in all. */
export const MAX_PARAMS = 64;

const text = (max: number) => v.pipe(v.string(), v.maxLength(max, `longer than ${max} characters`));

/** A finite number (empty means absent). */
const finite = v.pipe(v.string(), v.trim(), v.nonEmpty("empty"), v.toNumber("not a number"), v.finite("not a finite number"));

/** A count clamped to [min, max] (truncated to an integer). */
const count = (min: number, max: number) =>
  v.pipe(
    finite,
    v.transform((n: number) => Math.min(max, Math.max(min, Math.floor(n)))),
  );

const flag = v.optional(v.picklist(["0", "1", "true", "false", ""], "expected 0 or 1"));

export const ROUTE_PARAMS = {
  run: v.object({ run: text(MAX_RUN_CHARS) }),
  scalars: v.object({
    run: text(MAX_RUN_CHARS),
    tag: v.optional(text(MAX_TAG_CHARS), ""),
    x: v.optional(v.picklist(["step", "relative", "wall"], "expected step, relative or wall"), "step"),
    smoothing: v.optional(
      v.pipe(
        finite,
        v.transform((n: number) => Math.min(0.999, Math.max(0, n))),
      ),
      "0",
    ),
    window: v.optional(count(0, 1_000_000), "0"),
    points: v.optional(count(3, 20_000), "3000"),
    min: v.optional(finite),
    max: v.optional(finite),
  }),
  histograms: v.object({
    run: text(MAX_RUN_CHARS),
    tag: v.optional(text(MAX_TAG_CHARS), ""),
    bins: v.optional(count(2, 200), "40"),
    steps: v.optional(count(2, 500), "60"),
  }),
  image: v.object({
    run: text(MAX_RUN_CHARS),
    tag: v.optional(text(MAX_TAG_CHARS), ""),
    index: v.pipe(finite, v.integer("not an integer"), v.minValue(0, "negative")),
  }),
  graph: v.object({
    run: text(MAX_RUN_CHARS),
    index: v.optional(v.pipe(finite, v.integer("not an integer"), v.minValue(0, "negative")), "0"),
    diff: v.optional(text(MAX_RUN_CHARS)),
    index2: v.optional(v.pipe(finite, v.integer("not an integer"), v.minValue(0, "negative")), "0"),
  }),
  lineage: v.object({
    metric: v.optional(v.pipe(text(200), v.regex(/^[\w.:/-]+$/, "expected a metric key such as val_loss or val_loss.final"))),
  }),
  export: v.object({
    run: v.pipe(
      v.array(text(MAX_RUN_CHARS)),
      v.minLength(1, "missing"),
      v.maxLength(MAX_EXPORT_RUNS, `more than ${MAX_EXPORT_RUNS} runs in one export`),
    ),
    tag: v.optional(text(MAX_TAG_CHARS), ""),
    format: v.optional(v.picklist(["csv", "json"], "expected csv or json"), "csv"),
    raw: flag,
  }),
};

/** Parameters that may be repeated, with the most values each may carry. */
const REPEATABLE: Record<string, number> = { run: MAX_EXPORT_RUNS };

export type RouteName = keyof typeof ROUTE_PARAMS;
export type RouteParams<R extends RouteName> = v.InferOutput<(typeof ROUTE_PARAMS)[R]>;

/** 400 answer naming what is wrong. */
function bad(c: Context, message: string): Response {
  return c.json({ error: `bad request: ${message}` }, 400);
}

/** A 400 response when the request carries more than MAX_PARAMS parameter values (every API route checks it). */
export function tooManyParams(c: Context): Response | undefined {
  const q = c.req.url.indexOf("?");
  if (q < 0) return undefined;
  let total = 0;
  for (const _ of new URLSearchParams(c.req.url.slice(q + 1))) total++;
  return total > MAX_PARAMS ? bad(c, `${total} query parameters (at most ${MAX_PARAMS})`) : undefined;
}

/**
 * The validated parameters of route `route`, or a 400 response. `repeatable` lists the parameters
 * this route accepts several times (as an array); any other parameter given twice is refused.
 */
export function parseQuery<R extends RouteName>(c: Context, route: R, repeatable: readonly string[] = []): RouteParams<R> | Response {
  const raw = c.req.queries() as Record<string, string[]>;
  let total = 0;
  for (const vals of Object.values(raw)) total += vals.length;
  if (total > MAX_PARAMS) return bad(c, `${total} query parameters (at most ${MAX_PARAMS})`);
  const schema = ROUTE_PARAMS[route] as unknown as v.ObjectSchema<Record<string, v.GenericSchema>, undefined>;
  const shape = schema.entries;
  const input: Record<string, string | string[]> = {};
  for (const key of Object.keys(shape)) {
    const vals = raw[key];
    if (!vals) continue;
    if (repeatable.includes(key)) {
      const max = REPEATABLE[key] ?? 1;
      if (vals.length > max) return bad(c, `parameter ${key} given ${vals.length} times (at most ${max})`);
      input[key] = vals;
      continue;
    }
    if (vals.length > 1) return bad(c, `parameter ${key} given ${vals.length} times (once allowed)`);
    // an empty optional value means "absent", as the dashboard sends it
    if (vals[0] === "" && key !== "run" && key !== "tag") continue;
    input[key] = vals[0];
  }
  const r = v.safeParse(schema, input);
  if (r.success) return r.output as RouteParams<R>;
  const issue = r.issues[0];
  const key =
    issue.path
      ?.map((p) => String(p.key))
      .filter((k) => !/^\d+$/.test(k))
      .join(".") || "?";
  const message = issue.kind === "schema" && issue.received === "undefined" ? "missing" : issue.message;
  return bad(c, `parameter ${key}: ${message}`);
}
