// The HTTP API of the dashboard (JSON under /api, the built web app as static files elsewhere).
// Routes take the run and tag as query parameters (run names hold slashes):
//   GET /api/runs                      run list: status, error, hparams, last values, worst severity,
//                                      problems met reading each run (problemDetails: file, offset/line, code, severity)
//   GET /api/tags?run=                 tags of a run by kind, with roles and counts
//   GET /api/scalars?run=&tag=&x=&smoothing=&window=&points=&min=&max=
//   GET /api/histograms?run=&tag=&bins=&steps=
//   GET /api/tensor-stats?run=         layer statistics and watchpoint hits
//   GET /api/images?run=               images per tag (metadata);  GET /api/image?run=&tag=&index= bytes
//   GET /api/diagnosis?run=            findings of one run
//   GET /api/knowledge                 the knowledge base
//   GET /api/export?run=&run=&tag=&format=csv|json   full-resolution data of a scalar card
//   GET /api/events                    Server-Sent Events: run list and run data changes

import { Hono, type Context } from "hono";
import { streamSSE } from "hono/streaming";
import { serveStatic } from "@hono/node-server/serve-static";
import fs from "node:fs";
import path from "node:path";
import type { TrainingRun, HistogramSeries, Histogram, Problem } from "../model/index.ts";
import { formatProblem, runScalars, runHistograms, runTensors, runImages } from "../model/index.ts";
import { RunStore, type RunEntry, type StoreEvent } from "./run_store.ts";
import { scalarData, valueText, type XAxis } from "./scalars.ts";
import { shareBins, tensorHistogram } from "./histograms.ts";

export interface AppOptions {
  /** Built web app to serve (index.html + assets); nothing is served when absent. */
  webRoot?: string;
}

const SINGLE_ROLES = ["train_loss", "val_loss", "train_accuracy", "val_accuracy", "learning_rate"];

function numParam(c: Context, name: string, dflt: number): number {
  const v = c.req.query(name);
  if (v === undefined || v === "") return dflt;
  const n = Number(v);
  return Number.isFinite(n) ? n : dflt;
}

function optNum(c: Context, name: string): number | undefined {
  const v = c.req.query(name);
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** A value for JSON: finite numbers as they are, NaN/±Inf as the strings "NaN", "Infinity", "-Infinity". */
function jsonNum(v: number): number | string {
  return Number.isFinite(v) ? v : valueText(v);
}

function roleOf(run: TrainingRun, key: string): string | undefined {
  return run.roles.find((r) => r.key === key)?.role;
}

function hparamsOf(run: TrainingRun): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const [k, h] of run.hparams) out[k] = h.value;
  return out;
}

function lastValues(run: TrainingRun): { tag: string; role?: string; step: number; value: number | string }[] {
  const scalars = runScalars(run);
  const out: { tag: string; role?: string; step: number; value: number | string }[] = [];
  const seen = new Set<string>();
  for (const role of SINGLE_ROLES) {
    const r = run.roles.find((a) => a.role === role && a.kind === "scalar");
    const s = r && scalars.get(r.key);
    if (r && s && s.length && !seen.has(r.key)) { seen.add(r.key); out.push({ tag: r.key, role, step: s.steps[s.length - 1], value: jsonNum(s.values[s.length - 1]) }); }
  }
  for (const [key, s] of scalars) {
    if (out.length >= 4) break;
    if (!seen.has(key) && s.length) { seen.add(key); out.push({ tag: key, role: roleOf(run, key), step: s.steps[s.length - 1], value: jsonNum(s.values[s.length - 1]) }); }
  }
  return out;
}

const PROBLEM_RANK = { error: 0, warning: 1, info: 2 } as const;

/** Every problem met reading the run (damaged, truncated or unreadable files), errors first, at most 50, each with its one-line text. */
function problemDetails(run: TrainingRun): (Problem & { text: string })[] {
  return run.problems.map((p, i) => ({ p, i })).sort((a, b) => PROBLEM_RANK[a.p.severity] - PROBLEM_RANK[b.p.severity] || a.i - b.i)
    .slice(0, 50).map(({ p }) => ({ ...p, text: formatProblem(p) }));
}

function errorProblems(run: TrainingRun): string[] {
  return run.problems.filter((p) => p.severity === "error").slice(0, 5)
    .map((p) => `${p.file}${p.offset !== undefined ? ` at byte ${p.offset}` : p.line !== undefined ? ` line ${p.line}` : ""}: ${p.message}`);
}

/** Histograms of a key: the run's histogram series, or a numeric tensor series binned. */
function histogramsOf(run: TrainingRun, key: string): Histogram[] | undefined {
  const h: HistogramSeries | undefined = runHistograms(run).get(key);
  if (h) return h.points;
  const t = runTensors(run).get(key);
  if (!t) return undefined;
  const out: Histogram[] = [];
  for (const p of t.points) { const x = tensorHistogram(p); if (x) out.push(x); }
  return out.length ? out : undefined;
}

/** Background diagnosis of loaded runs, one at a time, so the run list can show badges without waiting. */
class DiagnosisQueue {
  private queue: string[] = [];
  private running = false;
  constructor(private store: RunStore, private notify: (name: string) => void) {}
  push(name: string): void {
    if (!this.queue.includes(name)) this.queue.push(name);
    if (!this.running) { this.running = true; void this.drain(); }
  }
  private async drain(): Promise<void> {
    for (let name = this.queue.shift(); name !== undefined; name = this.queue.shift()) {
      const e = this.store.entries.get(name);
      if (e?.run && e.findings?.version !== e.version) { await this.store.findings(e); this.notify(name); }
    }
    this.running = false;
  }
}

export function buildApp(store: RunStore, opts: AppOptions = {}): Hono {
  const app = new Hono();
  const sseClients = new Set<(e: StoreEvent | { type: "diagnosis"; run: string }) => void>();
  const diagQueue = new DiagnosisQueue(store, (run) => { for (const c of sseClients) c({ type: "diagnosis", run }); });
  store.on((e) => {
    if (e.type === "run") diagQueue.push(e.run);
    for (const c of sseClients) c(e);
  });

  const entryOr404 = (c: Context): RunEntry | Response => {
    const name = c.req.query("run");
    const e = name !== undefined ? store.entries.get(name) : undefined;
    if (!e) return c.json({ error: `unknown run: ${name ?? "(none)"}` }, 404);
    return e;
  };
  const loaded = async (c: Context): Promise<{ e: RunEntry; run: TrainingRun } | Response> => {
    const e = entryOr404(c);
    if (e instanceof Response) return e;
    const run = await store.load(e.name);
    if (!run) return c.json({ error: `run ${e.name} could not be read: ${e.error ?? "unknown error"}` }, 422);
    return { e, run };
  };

  app.get("/api/runs", (c) => {
    const runs = [...store.entries.values()].map((e) => {
      const base = { name: e.name, status: e.status, version: e.version, error: e.error };
      if (!e.run) return base;
      const f = e.findings?.version === e.version ? e.findings : undefined;
      if (!f && e.status === "loaded") diagQueue.push(e.name);
      const counts = { error: 0, warning: 0, info: 0 };
      for (const x of f?.findings ?? []) counts[x.severity]++;
      return {
        ...base,
        hparams: hparamsOf(e.run),
        lastValues: lastValues(e.run),
        problems: errorProblems(e.run),
        problemCount: e.run.problems.length,
        problemDetails: problemDetails(e.run),
        diagnosis: f ? { worst: RunStore.worstSeverity(f.findings) ?? null, counts, error: f.error } : null,
      };
    });
    return c.json({ root: store.root, discoverError: store.discoverError, runs });
  });

  app.get("/api/tags", async (c) => {
    const r = await loaded(c);
    if (r instanceof Response) return r;
    const { run, e } = r;
    const scalars = [...runScalars(run)].map(([tag, s]) => ({
      tag, role: roleOf(run, tag), count: s.length, nonFinite: { ...s.nonFinite },
      last: s.length ? { step: s.steps[s.length - 1], value: jsonNum(s.values[s.length - 1]) } : null,
    }));
    const histograms = [...runHistograms(run)].map(([tag, s]) => ({ tag, role: roleOf(run, tag), count: s.length }));
    const tensors = [...runTensors(run)].map(([tag, s]) => ({ tag, role: roleOf(run, tag), count: s.length, numeric: s.points.some((p) => typeof p.values[0] === "number" && p.values.length > 1) }));
    const images = [...runImages(run)].map(([tag, s]) => ({ tag, count: s.length }));
    return c.json({ run: run.name, version: e.version, scalars, histograms, tensors, images });
  });

  app.get("/api/scalars", async (c) => {
    const r = await loaded(c);
    if (r instanceof Response) return r;
    const tag = c.req.query("tag") ?? "";
    const s = runScalars(r.run).get(tag);
    if (!s) return c.json({ error: `run ${r.run.name} has no scalar tag ${tag}` }, 404);
    const xq = c.req.query("x");
    const xAxis: XAxis = xq === "relative" || xq === "wall" ? xq : "step";
    const smoothing = Math.min(0.999, Math.max(0, numParam(c, "smoothing", 0)));
    const data = scalarData(r.run, tag, s, {
      xAxis, smoothing, window: Math.max(0, Math.floor(numParam(c, "window", 0))),
      points: Math.min(20000, Math.max(3, Math.floor(numParam(c, "points", 3000)))),
      min: optNum(c, "min"), max: optNum(c, "max"),
    });
    return c.json({ ...data, version: r.e.version });
  });

  app.get("/api/histograms", async (c) => {
    const r = await loaded(c);
    if (r instanceof Response) return r;
    const tag = c.req.query("tag") ?? "";
    const hs = histogramsOf(r.run, tag);
    if (!hs) return c.json({ error: `run ${r.run.name} has no histogram tag ${tag}` }, 404);
    const bins = Math.min(200, Math.max(2, Math.floor(numParam(c, "bins", 40))));
    const steps = Math.min(500, Math.max(2, Math.floor(numParam(c, "steps", 60))));
    return c.json({ ...shareBins(tag, hs, bins, steps), role: roleOf(r.run, tag), version: r.e.version });
  });

  app.get("/api/tensor-stats", async (c) => {
    const r = await loaded(c);
    if (r instanceof Response) return r;
    const s = store.stats(r.e);
    return c.json({ run: r.run.name, stats: s.value, hits: s.hits, error: s.error, version: r.e.version });
  });

  app.get("/api/images", async (c) => {
    const r = await loaded(c);
    if (r instanceof Response) return r;
    const tags = [...runImages(r.run)].map(([tag, s]) => ({
      tag, points: s.points.map((p, index) => ({ index, step: p.step, wallTime: p.wallTime, width: p.width, height: p.height, mime: p.mime, bytes: p.encoded.length })),
    }));
    return c.json({ run: r.run.name, tags, version: r.e.version });
  });

  app.get("/api/image", async (c) => {
    const r = await loaded(c);
    if (r instanceof Response) return r;
    const tag = c.req.query("tag") ?? "";
    const p = runImages(r.run).get(tag)?.points[Math.floor(numParam(c, "index", -1))];
    if (!p) return c.json({ error: `no image ${tag} #${c.req.query("index")} in run ${r.run.name}` }, 404);
    return new Response(p.encoded.slice(), { headers: { "content-type": p.mime || "application/octet-stream", "cache-control": "no-cache" } });
  });

  app.get("/api/diagnosis", async (c) => {
    const r = await loaded(c);
    if (r instanceof Response) return r;
    const f = await store.findings(r.e);
    return c.json({ run: r.run.name, findings: f.findings, error: f.error, worst: RunStore.worstSeverity(f.findings) ?? null, version: r.e.version });
  });

  app.get("/api/knowledge", (c) => c.json({ entries: store.diagnose.KNOWLEDGE_BASE }));

  app.get("/api/export", async (c) => {
    const names = c.req.queries("run") ?? [];
    const tag = c.req.query("tag") ?? "";
    const format = c.req.query("format") === "json" ? "json" : "csv";
    const series: { run: string; rows: { step: number; wallTime: number; value: number }[] }[] = [];
    for (const name of names) {
      if (!store.entries.has(name)) return c.json({ error: `unknown run: ${name}` }, 404);
      const run = await store.load(name);
      const s = run && runScalars(run).get(tag);
      if (!s) continue;
      const rows = [];
      for (let i = 0; i < s.length; i++) rows.push({ step: s.steps[i], wallTime: s.wallTimes[i], value: s.values[i] });
      series.push({ run: name, rows });
    }
    const file = `${tag.replace(/[^\w.-]+/g, "_") || "scalars"}.${format}`;
    const headers = { "content-disposition": `attachment; filename="${file}"` };
    if (format === "json") {
      const body = { tag, series: series.map((s) => ({ run: s.run, points: s.rows.map((p) => ({ step: p.step, wallTime: p.wallTime, value: Number.isFinite(p.value) ? p.value : valueText(p.value) })) })) };
      return c.json(body, 200, headers);
    }
    const lines = ["run,tag,step,wall_time,value"];
    const q = (t: string) => (/[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
    for (const s of series) for (const p of s.rows) lines.push(`${q(s.run)},${q(tag)},${p.step},${p.wallTime},${valueText(p.value)}`);
    return c.body(lines.join("\n") + "\n", 200, { ...headers, "content-type": "text/csv; charset=utf-8" });
  });

  app.get("/api/events", (c) =>
    streamSSE(c, async (stream) => {
      let resolveClosed!: () => void;
      const closed = new Promise<void>((res) => { resolveClosed = res; });
      const send = (e: object & { type: string }) => { void stream.writeSSE({ event: e.type, data: JSON.stringify(e) }).catch(() => resolveClosed()); };
      sseClients.add(send);
      stream.onAbort(() => resolveClosed());
      await stream.writeSSE({ event: "hello", data: JSON.stringify({ type: "hello" }) });
      const ping = setInterval(() => { void stream.writeSSE({ event: "ping", data: "{}" }).catch(() => resolveClosed()); }, 15000);
      await closed;
      clearInterval(ping);
      sseClients.delete(send);
    }),
  );

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
