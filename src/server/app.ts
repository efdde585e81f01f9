// The HTTP API of the dashboard (JSON under /api, the built web app as static files elsewhere).
// Routes take the run and tag as query parameters (run names hold slashes):
//   GET /api/runs                      run list: status, error, file problems, hparams, last values, worst severity
//   GET /api/tags?run=                 tags of a run by kind, with roles and counts
//   GET /api/scalars?run=&tag=&x=&smoothing=&window=&points=&min=&max=
//   GET /api/histograms?run=&tag=&bins=&steps=
//   GET /api/tensor-stats?run=         layer statistics and watchpoint hits
//   GET /api/images?run=               images per tag (metadata);  GET /api/image?run=&tag=&index= bytes
//   GET /api/diagnosis?run=            findings of one run
//   GET /api/graphs?run=               graphs of a run (index, file, format, step, node count)
//   GET /api/graph?run=&index=&diff=&index2=   one graph (ModelGraph JSON), diffed against run `diff`'s graph `index2`
//   GET /api/knowledge                 the knowledge base
//   GET /api/lineage?metric=           lineage table of every readable run (+ hyper-parameter importance for
//                                      metric, computed in a worker thread and cached per data version)
//   GET /api/annotations               the user's tags and notes per run (annotations.ts: kept in the cache
//                                      directory beside the logdir's index, never in the logdir)
//   POST /api/annotations {run, tags?, note?}   sets a run's tags and/or note (same-origin JSON only, security.ts)
//   GET /api/export?run=&run=&tag=&format=csv|json   full-resolution data of a scalar card
//   GET /api/events                    Server-Sent Events: run list and run data changes
// Bounds (docs/security.md): every request passes the access guard (security.ts: Host allow-list,
// token, cross-site refusal, security headers); parameters are validated (params.ts: 400 naming the
// parameter); JSON routes answer within REQUEST_BUDGET_MS (else 504; the work goes on and is cached);
// statistics and diagnosis run in worker threads with a bounded queue (503 when full); histograms
// re-bin at most HISTOGRAM_WORK buckets per request; exports are streamed chunk by chunk; the run
// list clips long texts and big hyper-parameter maps; at most MAX_SSE_CLIENTS event streams.

import { Hono, type Context } from "hono";
import { streamSSE } from "hono/streaming";
import { timeout } from "hono/timeout";
import { HTTPException } from "hono/http-exception";
import { serveStatic } from "@hono/node-server/serve-static";
import fs from "node:fs";
import path from "node:path";
import type { TrainingRun, HistogramSeries, Histogram, Problem } from "../model/index.ts";
import { runScalars, runHistograms, runTensors, runImages, preferredRoleKeys } from "../model/index.ts";
import { RunStore, type RunEntry, type StoreEvent } from "./run_store.ts";
import { scalarData, scalarDataFromStore, valueText, type XAxis } from "./scalars.ts";
import { shareBins, tensorHistogram } from "./histograms.ts";
import { parseQuery, tooManyParams, type RouteParams } from "./params.ts";
import { accessGuard, securityHeaders, type AccessOptions } from "./security.ts";
import { QueueFullError } from "./diagnosis_pool.ts";
import { exportStream } from "./export_stream.ts";
import { buildLineage, importanceRows, type ImportanceResult, type LineageTable } from "../diagnose/index.ts";
import { importanceInWorker } from "./importance_job.ts";
import { diffAnswer, graphAt, graphList, GRAPH_CACHE, MAX_GRAPH_JSON_BYTES } from "./graphs.ts";
import { bodyLimit } from "hono/body-limit";
import { AnnotationError, MAX_NOTE_CHARS, type AnnotationStore } from "./annotations.ts";
import type { StoredScalarSource } from "./backend.ts";

/** A JSON route still working after this long answers 504 (the work goes on; its result is cached for the retry). */
export const REQUEST_BUDGET_MS = 30_000;
/** Event streams open at the same time at most (more get 503). */
export const MAX_SSE_CLIENTS = 16;
/** Longest text the run list carries per field (tag names, hyper-parameter values, problems). */
export const RUN_LIST_TEXT = 512;
/** Hyper-parameters per run in the run list at most (the count says how many there are). */
export const RUN_LIST_HPARAMS = 200;
/** Source buckets one histogram request re-bins at most (fewer steps are shown beyond). */
export const HISTOGRAM_WORK = 4_000_000;
/** Exports streaming at the same time at most (more get 503: each costs CPU while it is read). */
export const MAX_EXPORTS = 4;
/** Re-binned histogram answers kept (a page asks for the same ones again and again). */
export const HISTOGRAM_CACHE = 64;
/** Serialized answers of the per-version routes kept (tags, whole-series scalars, statistics, diagnosis), at most this many bytes. */
export const ANSWER_CACHE_BYTES = 32 << 20;

export interface AppOptions extends AccessOptions {
  /** Built web app to serve (index.html + assets); nothing is served when absent. */
  webRoot?: string;
  /** Time budget of the JSON routes (default REQUEST_BUDGET_MS). */
  requestBudgetMs?: number;
  /** Event streams at most (default MAX_SSE_CLIENTS). */
  maxSseClients?: number;
  /** The user's tags and notes (none: the annotation routes answer 404). */
  annotations?: AnnotationStore;
  /**
   * Scalar series read one at a time where the runs are stored (team mode): /api/scalars answers
   * from the series alone, cached per stored run version, without reading the whole run.
   */
  scalars?: StoredScalarSource;
}

/** Largest body POST /api/annotations accepts (a full note plus its JSON quoting and the run name). */
export const ANNOTATION_BODY_BYTES = 8 * MAX_NOTE_CHARS + 16_384;

function clip(t: string, max = RUN_LIST_TEXT): string {
  return t.length > max ? `${t.slice(0, max)}… (${t.length} characters)` : t;
}

const SINGLE_ROLES = ["train_loss", "val_loss", "train_accuracy", "val_accuracy", "learning_rate"];

/** A value for JSON: finite numbers as they are, NaN/±Inf as the strings "NaN", "Infinity", "-Infinity". */
function jsonNum(v: number): number | string {
  return Number.isFinite(v) ? v : valueText(v);
}

function roleOf(run: TrainingRun, key: string): string | undefined {
  return run.roles.find((r) => r.key === key)?.role;
}

function hparamsOf(run: TrainingRun): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  let n = 0;
  for (const [k, h] of run.hparams) {
    if (n++ >= RUN_LIST_HPARAMS) break;
    out[clip(k)] = typeof h.value === "string" ? clip(h.value) : h.value;
  }
  return out;
}

function lastValues(run: TrainingRun): { tag: string; role?: string; step: number; value: number | string }[] {
  const scalars = runScalars(run);
  const out: { tag: string; role?: string; step: number; value: number | string }[] = [];
  const seen = new Set<string>();
  for (const role of SINGLE_ROLES) {
    const r = run.roles.find((a) => a.role === role && a.kind === "scalar");
    const s = r && scalars.get(r.key);
    if (r && s && s.length && !seen.has(r.key)) {
      seen.add(r.key);
      out.push({ tag: clip(r.key), role, step: s.steps[s.length - 1], value: jsonNum(s.values[s.length - 1]) });
    }
  }
  for (const [key, s] of scalars) {
    if (out.length >= 4) break;
    if (!seen.has(key) && s.length) {
      seen.add(key);
      out.push({ tag: clip(key), role: roleOf(run, key), step: s.steps[s.length - 1], value: jsonNum(s.values[s.length - 1]) });
    }
  }
  return out;
}

function errorProblems(run: TrainingRun): string[] {
  return run.problems
    .filter((p) => p.severity === "error")
    .slice(0, 5)
    .map((p) =>
      clip(
        `${p.file}${p.offset !== undefined ? ` at byte ${p.offset}` : p.line !== undefined ? ` line ${p.line}` : ""}: ${p.message}`,
        4 * RUN_LIST_TEXT,
      ),
    );
}

/** File damage the run list shows (lost or unreadable data: errors first, then warnings such as a truncated file), at most 20. */
function fileProblems(run: TrainingRun): Pick<Problem, "file" | "offset" | "line" | "code" | "severity" | "message">[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return run.problems
    .filter((p) => p.severity !== "info")
    .sort((a, b) => rank[a.severity] - rank[b.severity])
    .slice(0, 20)
    .map(({ file, offset, line, code, severity, message }) => ({ file, offset, line, code, severity, message }));
}

/** Histograms of a key: the run's histogram series, or a numeric tensor series binned (at most `work` tensor values in all: the steps are thinned beyond). */
function histogramsOf(run: TrainingRun, key: string, work: number): Histogram[] | undefined {
  const h: HistogramSeries | undefined = runHistograms(run).get(key);
  if (h) return h.points;
  const t = runTensors(run).get(key);
  if (!t) return undefined;
  let total = 0;
  for (const p of t.points) total += p.values.length;
  const every = Math.max(1, Math.ceil(total / work));
  const out: Histogram[] = [];
  for (let i = 0; i < t.points.length; i += every) {
    const x = tensorHistogram(t.points[i]);
    if (x) out.push(x);
  }
  return out.length ? out : undefined;
}

/** Background diagnosis of loaded runs, one at a time, so the run list can show badges without waiting. */
class DiagnosisQueue {
  private queue: string[] = [];
  private running = false;
  constructor(
    private store: RunStore,
    private notify: (name: string) => void,
  ) {}
  push(name: string): void {
    if (!this.queue.includes(name)) this.queue.push(name);
    if (!this.running) {
      this.running = true;
      void this.drain();
    }
  }
  private async drain(): Promise<void> {
    for (let name = this.queue.shift(); name !== undefined; name = this.queue.shift()) {
      const e = this.store.entries.get(name);
      if (e && e.status !== "failed" && e.findings?.version !== e.version) {
        try {
          // a run let go from memory is loaded again (from the index when there is one)
          if (!e.run) await this.store.load(name);
          if (!e.run) continue;
          await this.store.findings(e);
          this.notify(name);
        } catch {
          /* busy: asked again when the run list is read */
        }
      }
    }
    this.running = false;
  }
}

/** What the run list shows of a loaded run (kept on its entry when the run is let go from memory). */
function listingOf(run: TrainingRun) {
  return {
    hparams: hparamsOf(run),
    kinds: kindsOf(run),
    lastValues: lastValues(run),
    problems: errorProblems(run),
    problemCount: run.problems.length,
    fileProblems: fileProblems(run),
  };
}

/**
 * How many series of each kind the per-run pages show: histograms (histograms and numeric
 * tensors, as the histograms page draws them), tensors (the series the layer statistics are
 * computed from: histograms and tensors holding numbers) and images; the dashboard opens each
 * of those pages on a run that has some.
 */
function kindsOf(run: TrainingRun): { histograms: number; tensors: number; images: number } {
  const histograms = runHistograms(run).size;
  let drawn = 0,
    numeric = 0;
  // a series holds one kind of value: its first points tell (the run list is read often)
  for (const s of runTensors(run).values()) {
    const head = s.points.slice(0, 8);
    if (head.some((p) => typeof p.values[0] === "number" && p.values.length > 1)) drawn++;
    if (head.some((p) => p.values instanceof Float64Array && p.values.length > 0)) numeric++;
  }
  return { histograms: histograms + drawn, tensors: histograms + numeric, images: runImages(run).size };
}

/** One lineage table from one-run tables: keys in first-seen order, a key a run lacks is null. */
function mergeLineage(tables: LineageTable[]): LineageTable {
  const hparamKeys: string[] = [],
    metricKeys: string[] = [];
  const seenH = new Set<string>(),
    seenM = new Set<string>();
  for (const t of tables) {
    for (const k of t.hparamKeys)
      if (!seenH.has(k)) {
        seenH.add(k);
        hparamKeys.push(k);
      }
    for (const k of t.metricKeys)
      if (!seenM.has(k)) {
        seenM.add(k);
        metricKeys.push(k);
      }
  }
  const runs = tables.flatMap((t) =>
    t.runs.map((r) => {
      const hparams: LineageTable["runs"][number]["hparams"] = {};
      for (const k of hparamKeys) hparams[k] = k in r.hparams ? r.hparams[k] : null;
      return { ...r, hparams };
    }),
  );
  return { runs, hparamKeys, metricKeys };
}

export function buildApp(store: RunStore, opts: AppOptions = {}): Hono {
  const app = new Hono();
  app.use("*", securityHeaders());
  app.use("*", accessGuard(opts));
  const budget = timeout(
    opts.requestBudgetMs ?? REQUEST_BUDGET_MS,
    () => new HTTPException(504, { message: "time budget of the request exceeded; the work goes on: retry in a moment" }),
  );
  app.use("/api/*", async (c, next) => {
    const refused = tooManyParams(c);
    if (refused) return refused;
    return c.req.path === "/api/events" || c.req.path === "/api/export" ? next() : budget(c, next);
  });
  app.onError((err, c) => {
    if (err instanceof HTTPException) return c.json({ error: err.message }, err.status);
    if (err instanceof QueueFullError) {
      c.header("retry-after", "5");
      return c.json({ error: err.message }, 503);
    }
    return c.json({ error: `internal error: ${err instanceof Error ? err.message : String(err)}` }, 500);
  });
  const maxSse = opts.maxSseClients ?? MAX_SSE_CLIENTS;
  /** Re-binned histograms by run, version, tag, bins and steps (the oldest dropped past HISTOGRAM_CACHE). */
  const histogramCache = new Map<string, string>();
  /**
   * Serialized JSON answers by route, run, version and parameters, least recently used first: a
   * page polls the same answers again and again, and turning them into text was most of the
   * server's CPU under load. A key holds the run's data version, so a changed run never matches.
   */
  const answers = new Map<string, string>();
  let answerBytes = 0;
  const jsonBody = (c: Context, body: string) => c.body(body, 200, { "content-type": "application/json" });
  const cachedJson = async (c: Context, key: string, make: () => Promise<object | Response> | object | Response): Promise<Response> => {
    const hit = answers.get(key);
    if (hit !== undefined) {
      answers.delete(key);
      answers.set(key, hit);
      return jsonBody(c, hit);
    }
    const value = await make();
    if (value instanceof Response) return value;
    const body = JSON.stringify(value);
    if (body.length <= ANSWER_CACHE_BYTES / 8) {
      answers.set(key, body);
      answerBytes += body.length;
      for (const [k, b] of answers) {
        if (answerBytes <= ANSWER_CACHE_BYTES) break;
        answers.delete(k);
        answerBytes -= b.length;
      }
    }
    return jsonBody(c, body);
  };
  let sseOpen = 0;
  let exporting = 0;
  const sseClients = new Set<(e: StoreEvent | { type: "diagnosis" | "annotations"; run: string }) => void>();
  const annotations = opts.annotations;
  const diagQueue = new DiagnosisQueue(store, (run) => {
    for (const c of sseClients) c({ type: "diagnosis", run });
  });
  store.on((e) => {
    if (e.type === "run") {
      const entry = store.entries.get(e.run);
      if (entry?.run) entry.listing = { version: entry.version, value: listingOf(entry.run) };
      diagQueue.push(e.run);
    }
    for (const c of sseClients) c(e);
  });

  const entryOr404 = (c: Context, name: string): RunEntry | Response => {
    const e = store.entries.get(name);
    if (!e) return c.json({ error: `unknown run: ${clip(name)}` }, 404);
    return e;
  };
  const loaded = async (c: Context, name: string): Promise<{ e: RunEntry; run: TrainingRun } | Response> => {
    const e = entryOr404(c, name);
    if (e instanceof Response) return e;
    const run = await store.load(e.name);
    if (!run) return c.json({ error: `run ${e.name} could not be read: ${e.error ?? "unknown error"}` }, 422);
    return { e, run };
  };

  app.get("/api/runs", (c) => {
    const runs = [...store.entries.values()].map((e) => {
      // a run let go from memory is listed as it was when last loaded (same version)
      const kept = !e.run && e.listing?.version === e.version ? e.listing.value : undefined;
      const status = kept && e.status === "pending" ? "loaded" : e.status;
      const base = { name: e.name, status, version: e.version, error: e.error };
      if (!e.run && !kept) return base;
      const f = e.findings?.version === e.version ? e.findings : undefined;
      if (!f && status === "loaded") diagQueue.push(e.name);
      const counts = { error: 0, warning: 0, info: 0 };
      for (const x of f?.findings ?? []) counts[x.severity]++;
      return {
        ...base,
        tags: annotations?.get(e.name)?.tags,
        ...((kept ?? listingOf(e.run!)) as ReturnType<typeof listingOf>),
        diagnosis: f ? { worst: RunStore.worstSeverity(f.findings) ?? null, counts, error: f.error } : null,
      };
    });
    return c.json({ root: store.root, discoverError: store.discoverError, runs });
  });

  app.get("/api/tags", async (c) => {
    const q = parseQuery(c, "run");
    if (q instanceof Response) return q;
    const r = await loaded(c, q.run);
    if (r instanceof Response) return r;
    const { run, e } = r;
    return cachedJson(c, `tags\u0000${e.name}\u0000${e.version}`, () => tagsAnswer(run, e.version));
  });

  const tagsAnswer = (run: TrainingRun, version: number): object => {
    const scalars = [...runScalars(run)].map(([tag, s]) => ({
      tag,
      role: roleOf(run, tag),
      count: s.length,
      nonFinite: { ...s.nonFinite },
      last: s.length ? { step: s.steps[s.length - 1], value: jsonNum(s.values[s.length - 1]) } : null,
    }));
    const histograms = [...runHistograms(run)].map(([tag, s]) => ({ tag, role: roleOf(run, tag), count: s.length }));
    const tensors = [...runTensors(run)].map(([tag, s]) => ({
      tag,
      role: roleOf(run, tag),
      count: s.length,
      numeric: s.points.some((p) => typeof p.values[0] === "number" && p.values.length > 1),
    }));
    const images = [...runImages(run)].map(([tag, s]) => ({ tag, count: s.length }));
    // the series each role is drawn from when charts line runs up by role (the preferred one per role, metrics by name)
    const byRole: Record<string, string> = { ...preferredRoleKeys(run.roles) };
    for (const a of run.roles)
      if (a.kind === "scalar" && a.role.endsWith("_metric") && a.metric && !(`${a.role}:${a.metric}` in byRole))
        byRole[`${a.role}:${a.metric}`] = a.key;
    delete byRole.epoch;
    return { run: run.name, version, scalars, histograms, tensors, images, byRole };
  };

  /** /api/scalars from the stored series alone (team mode); undefined when the store does not know the run (then the run is read). */
  const storedScalars = async (c: Context, src: StoredScalarSource, q: RouteParams<"scalars">): Promise<Response | undefined> => {
    const e = entryOr404(c, q.run);
    if (e instanceof Response) return e;
    const got = await src.scalar(e.name, q.tag);
    if (got === undefined) return undefined;
    if (got === null) return c.json({ error: `run ${e.name} has no scalar tag ${clip(q.tag)}` }, 404);
    const xAxis: XAxis = q.x;
    const make = async () => ({
      ...scalarData({ name: e.name, startTime: xAxis === "relative" ? await src.startTime(e.name, got.version) : 0 }, q.tag, got.series, {
        xAxis,
        smoothing: q.smoothing,
        window: q.window,
        points: q.points,
        min: q.min,
        max: q.max,
      }),
      version: e.version,
    });
    if (q.min !== undefined || q.max !== undefined) return c.json(await make());
    // keyed by the stored version: a series committed again is never answered from an older one
    return cachedJson(
      c,
      `stored-scalars\u0000${e.name}\u0000${got.version}\u0000${e.version}\u0000${q.tag}\u0000${xAxis}:${q.smoothing}:${q.window}:${q.points}`,
      make,
    );
  };

  app.get("/api/scalars", async (c) => {
    const q = parseQuery(c, "scalars");
    if (q instanceof Response) return q;
    if (opts.scalars) {
      const answered = await storedScalars(c, opts.scalars, q);
      if (answered) return answered;
    }
    const tag = q.tag;
    const xAxis: XAxis = q.x;
    const query = { xAxis, smoothing: q.smoothing, window: q.window, points: q.points, min: q.min, max: q.max };
    const ranged = q.min !== undefined || q.max !== undefined;
    const key = (e: RunEntry, count: number) =>
      `scalars\u0000${e.name}\u0000${e.version}\u0000${count}\u0000${tag}\u0000${xAxis}:${q.smoothing}:${q.window}:${q.points}`;
    // a run not in memory: the series from the index when it holds what the logs hold (the run is not loaded)
    const entry = entryOr404(c, q.run);
    if (entry instanceof Response) return entry;
    const stored = await store.storedSeries(entry, tag);
    if (stored) {
      const version = entry.version;
      const make = () => ({ ...scalarDataFromStore(entry.name, tag, stored, query), version });
      return ranged ? c.json(make()) : cachedJson(c, key(entry, stored.count), make);
    }
    const r = await loaded(c, q.run);
    if (r instanceof Response) return r;
    const s = runScalars(r.run).get(tag);
    if (!s) return c.json({ error: `run ${r.run.name} has no scalar tag ${clip(tag)}` }, 404);
    const make = () => ({ ...scalarData(r.run, tag, s, query), version: r.e.version });
    if (ranged) return c.json(make());
    return cachedJson(c, key(r.e, s.length), make);
  });

  app.get("/api/histograms", async (c) => {
    const q = parseQuery(c, "histograms");
    if (q instanceof Response) return q;
    const r = await loaded(c, q.run);
    if (r instanceof Response) return r;
    const tag = q.tag;
    const key = `${r.e.name}\u0000${r.e.version}\u0000${tag}\u0000${q.bins}\u0000${q.steps}`;
    let body = histogramCache.get(key);
    if (!body) {
      const hs = histogramsOf(r.run, tag, HISTOGRAM_WORK);
      if (!hs) return c.json({ error: `run ${r.run.name} has no histogram tag ${clip(tag)}` }, 404);
      body = JSON.stringify({ ...shareBins(tag, hs, q.bins, q.steps, HISTOGRAM_WORK), role: roleOf(r.run, tag), version: r.e.version });
      histogramCache.set(key, body);
      if (histogramCache.size > HISTOGRAM_CACHE) histogramCache.delete(histogramCache.keys().next().value!);
    }
    return c.body(body, 200, { "content-type": "application/json; charset=utf-8" });
  });

  app.get("/api/tensor-stats", async (c) => {
    const q = parseQuery(c, "run");
    if (q instanceof Response) return q;
    const r = await loaded(c, q.run);
    if (r instanceof Response) return r;
    const version = r.e.version;
    return cachedJson(c, `stats\u0000${r.e.name}\u0000${version}`, async () => {
      const s = await store.stats(r.e);
      return { run: r.run.name, stats: s.value, hits: s.hits, error: s.error, version };
    });
  });

  app.get("/api/images", async (c) => {
    const q = parseQuery(c, "run");
    if (q instanceof Response) return q;
    const r = await loaded(c, q.run);
    if (r instanceof Response) return r;
    const tags = [...runImages(r.run)].map(([tag, s]) => ({
      tag,
      points: s.points.map((p, index) => ({
        index,
        step: p.step,
        wallTime: p.wallTime,
        width: p.width,
        height: p.height,
        mime: p.mime,
        bytes: p.encoded.length,
      })),
    }));
    return c.json({ run: r.run.name, tags, version: r.e.version });
  });

  app.get("/api/image", async (c) => {
    const q = parseQuery(c, "image");
    if (q instanceof Response) return q;
    const r = await loaded(c, q.run);
    if (r instanceof Response) return r;
    const tag = q.tag;
    const p = runImages(r.run).get(tag)?.points[q.index];
    if (!p) return c.json({ error: `no image ${clip(tag)} #${q.index} in run ${r.run.name}` }, 404);
    return new Response(p.encoded.slice(), {
      headers: { "content-type": p.mime || "application/octet-stream", "cache-control": "no-cache" },
    });
  });

  app.get("/api/diagnosis", async (c) => {
    const q = parseQuery(c, "run");
    if (q instanceof Response) return q;
    const r = await loaded(c, q.run);
    if (r instanceof Response) return r;
    const version = r.e.version;
    return cachedJson(c, `diagnosis\u0000${r.e.name}\u0000${version}`, async () => {
      const f = await store.findings(r.e);
      return {
        run: r.run.name,
        findings: f.findings,
        error: f.error,
        worst: RunStore.worstSeverity(f.findings) ?? null,
        version,
      };
    });
  });

  app.get("/api/graphs", async (c) => {
    const q = parseQuery(c, "run");
    if (q instanceof Response) return q;
    const r = await loaded(c, q.run);
    if (r instanceof Response) return r;
    return c.json({ run: r.run.name, graphs: graphList(r.run), version: r.e.version });
  });

  /** Serialised graph answers by run, version, index (and the diffed run, version, index). */
  const graphCache = new Map<string, string>();
  app.get("/api/graph", async (c) => {
    const q = parseQuery(c, "graph");
    if (q instanceof Response) return q;
    const r = await loaded(c, q.run);
    if (r instanceof Response) return r;
    const found = graphAt(r.run, q.index);
    if ("error" in found) return c.json({ error: found.error }, found.status);
    let other: { e: RunEntry; run: TrainingRun } | undefined;
    if (q.diff !== undefined) {
      const o = await loaded(c, q.diff);
      if (o instanceof Response) return o;
      other = o;
    }
    const key = [r.e.name, r.e.version, q.index, other?.e.name, other?.e.version, q.index2].join("\u0000");
    let body = graphCache.get(key);
    if (!body) {
      let diff;
      if (other) {
        const ref = graphAt(other.run, q.index2);
        if ("error" in ref) return c.json({ error: ref.error }, ref.status);
        diff = diffAnswer(found.graph, ref.graph, other.run.name, q.index2);
      }
      const { info } = found;
      body = JSON.stringify({
        run: r.run.name,
        index: q.index,
        file: info.file,
        step: info.step,
        version: r.e.version,
        graph: found.graph,
        diff,
      });
      if (body.length > MAX_GRAPH_JSON_BYTES)
        return c.json(
          {
            error: `graph #${q.index} of run ${r.run.name} is too large to show (${body.length} characters of JSON; at most ${MAX_GRAPH_JSON_BYTES})`,
          },
          413,
        );
      graphCache.set(key, body);
      if (graphCache.size > GRAPH_CACHE) graphCache.delete(graphCache.keys().next().value!);
    }
    return c.body(body, 200, { "content-type": "application/json; charset=utf-8" });
  });

  // the lineage table is rebuilt when a run's data or diagnosis changes; importance is cached per metric
  let lineageCache: { key: string; table: LineageTable; importance: Map<string, Promise<ImportanceResult | undefined>> } | undefined;
  app.get("/api/lineage", async (c) => {
    const q = parseQuery(c, "lineage");
    if (q instanceof Response) return q;
    // one row per run, kept per run version (a run let go from memory keeps its row): the table
    // never needs every run in memory at once
    const entryOf = (name: string) => store.entries.get(name);
    const rows: LineageTable[] = [];
    let key = "";
    for (const e of [...store.entries.values()]) {
      const hasFindings = e.findings?.version === e.version;
      if (!e.lineage || e.lineage.version !== e.version || e.lineage.findings !== hasFindings) {
        const run = e.run ?? (e.status === "failed" ? undefined : await store.load(e.name));
        if (!run) continue;
        const table = buildLineage(
          { root: store.root, runs: [run], problems: [] },
          {
            findings: (r) => {
              const x = entryOf(r.name);
              if (x?.findings && x.findings.version === x.version) return x.findings.findings;
              if (x) diagQueue.push(x.name);
              return null;
            },
          },
        );
        e.lineage = { version: e.version, findings: hasFindings, value: table };
      }
      rows.push(e.lineage.value as LineageTable);
      key += `${e.name}\u0000${e.lineage.version}\u0000${e.lineage.findings ? 1 : 0}\u0001`;
    }
    if (lineageCache?.key !== key) {
      const table = mergeLineage(rows);
      // long texts are clipped for the page (the CLI exports them whole)
      for (const r of table.runs)
        for (const k of table.hparamKeys) {
          const v = r.hparams[k];
          if (typeof v === "string") r.hparams[k] = clip(v);
        }
      lineageCache = { key, table, importance: new Map() };
    }
    const cache = lineageCache;
    let importance: ImportanceResult | undefined;
    let importanceError: string | undefined;
    if (q.metric) {
      if (!cache.importance.has(q.metric)) {
        const rows = importanceRows(cache.table, q.metric);
        const job = rows ? importanceInWorker(rows) : Promise.resolve(undefined);
        job.catch(() => cache.importance.delete(q.metric!)); // a failure is not cached: the next request tries again
        cache.importance.set(q.metric, job);
      }
      try {
        importance = await cache.importance.get(q.metric);
        if (!importance) importanceError = `no run has the metric ${q.metric}`;
      } catch (err) {
        importanceError = `importance failed: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    // the user's tags and notes change without a new table: joined at each answer
    const runsOut = annotations
      ? cache.table.runs.map((r) => {
          const a = annotations.get(r.run);
          return a ? { ...r, tags: a.tags, note: a.note } : r;
        })
      : cache.table.runs;
    return c.json({ ...cache.table, runs: runsOut, metric: q.metric ?? null, importance: importance ?? null, importanceError });
  });

  app.get("/api/annotations", (c) => {
    if (!annotations) return c.json({ error: "tags and notes are kept only for a logdir" }, 404);
    return c.json({ file: annotations.file, error: annotations.loadError, runs: annotations.all(), tags: annotations.tagCounts() });
  });

  app.post(
    "/api/annotations",
    bodyLimit({
      maxSize: ANNOTATION_BODY_BYTES,
      onError: (c) => c.json({ error: `body larger than ${ANNOTATION_BODY_BYTES} bytes` }, 413),
    }),
    async (c) => {
      if (!annotations) return c.json({ error: "tags and notes are kept only for a logdir" }, 404);
      let body: { run?: unknown; tags?: unknown; note?: unknown };
      try {
        body = (await c.req.json()) as typeof body;
      } catch (e) {
        return c.json({ error: `body is not JSON: ${(e as Error).message}` }, 400);
      }
      if (typeof body !== "object" || body === null || typeof body.run !== "string")
        return c.json({ error: 'expected {"run": NAME, "tags"?: [...], "note"?: TEXT}' }, 400);
      const run = body.run;
      if (!store.entries.has(run)) return c.json({ error: `unknown run: ${clip(run)}` }, 404);
      try {
        const a = await annotations.update(run, { tags: body.tags, note: body.note });
        for (const send of sseClients) send({ type: "annotations", run });
        return c.json({ run, tags: a?.tags ?? [], note: a?.note ?? "", updated: a?.updated ?? null });
      } catch (e) {
        if (e instanceof AnnotationError) return c.json({ error: e.message }, 400);
        return c.json({ error: `could not save to ${annotations.file}: ${(e as Error).message}` }, 500);
      }
    },
  );

  app.get("/api/knowledge", (c) => c.json({ entries: store.diagnose.KNOWLEDGE_BASE }));

  app.get("/api/export", async (c) => {
    const q = parseQuery(c, "export", ["run"]);
    if (q instanceof Response) return q;
    const names = [...new Set(q.run)];
    for (const name of names) if (!store.entries.has(name)) return c.json({ error: `unknown run: ${clip(name)}` }, 404);
    if (exporting >= MAX_EXPORTS) {
      c.header("retry-after", "5");
      return c.json({ error: `server busy: ${exporting} exports running (at most ${MAX_EXPORTS})` }, 503);
    }
    exporting++;
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        exporting--;
      }
    };
    const file = `${q.tag.replace(/[^\w.-]+/g, "_").slice(0, 100) || "scalars"}.${q.format}`;
    const body = exportStream(names, q.tag, q.format, {
      raw: q.raw === "1" || q.raw === "true",
      onEnd: release,
      series: async (name) => {
        const run = await store.load(name);
        return run ? runScalars(run).get(q.tag) : undefined;
      },
    });
    return c.body(body, 200, {
      "content-disposition": `attachment; filename="${file}"`,
      "content-type": q.format === "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
    });
  });

  app.get("/api/events", (c) => {
    if (sseOpen >= maxSse) {
      c.header("retry-after", "10");
      return c.json({ error: `too many event streams open (${sseOpen}; at most ${maxSse})` }, 503);
    }
    sseOpen++;
    return streamSSE(c, async (stream) => {
      try {
        let resolveClosed!: () => void;
        const closed = new Promise<void>((res) => {
          resolveClosed = res;
        });
        const send = (e: object & { type: string }) => {
          void stream.writeSSE({ event: e.type, data: JSON.stringify(e) }).catch(() => resolveClosed());
        };
        sseClients.add(send);
        stream.onAbort(() => resolveClosed());
        await stream.writeSSE({ event: "hello", data: JSON.stringify({ type: "hello" }) });
        const ping = setInterval(() => {
          void stream.writeSSE({ event: "ping", data: "{}" }).catch(() => resolveClosed());
        }, 15000);
        await closed;
        clearInterval(ping);
        sseClients.delete(send);
      } finally {
        sseOpen--;
      }
    });
  });

  app.all("/api/*", (c) => c.json({ error: `no such API route: ${c.req.path}` }, 404));

  const webRoot = opts.webRoot;
  if (webRoot && fs.existsSync(path.join(webRoot, "index.html"))) {
    app.use("/*", serveStatic({ root: webRoot }));
    const index = fs.readFileSync(path.join(webRoot, "index.html"), "utf8");
    app.get("*", (c) => c.html(index));
  } else {
    app.get("*", (c) => c.text("The web app is not built: run `npm run build` (it writes dist/web).", 503));
  }
  return app;
}
