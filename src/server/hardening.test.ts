// The dashboard under hostile requests: every request bounded (validated parameters, capped
// repetitions, streamed export in bounded memory, statistics off the event loop, bounded histogram
// work, capped event streams, bounded run list), and only the dashboard's own pages may use the API
// (Host allow-list against DNS rebinding, token, cross-site refusal, security headers).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RunDir, type TrainingRun, type Histogram } from "../model/index.ts";
import { createApp } from "./index.ts";
import { shareBins } from "./histograms.ts";
import { DiagnosisPool, QueueFullError } from "./diagnosis_pool.ts";
import { fileVersionEvent, frameRecords, histogramEvent, scalarEvent } from "../format/index.ts";

function run(name: string, points: number, tag = "loss"): TrainingRun {
  const d = new RunDir(name);
  const s = d.scalar(tag);
  for (let i = 0; i < points; i++) s.push(i, 1000 + i, 1 / (i + 1));
  return { name, dirs: [d], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-harden-"));
}

test("export: repeated run parameters are capped and bad parameters refused with 400 naming them", async () => {
  const d = createApp({ runs: [run("a", 10), run("b", 10)] });
  const many = new URLSearchParams();
  for (let i = 0; i < 40; i++) many.append("run", "a");
  many.set("tag", "loss");
  const r = await d.request("/api/export?" + many);
  assert.equal(r.status, 400);
  assert.match((await r.json()).error, /parameter run given 40 times \(at most 32\)/);
  for (let i = 0; i < 60; i++) many.append("run", "b");
  const r100 = await d.request("/api/export?" + many);
  assert.equal(r100.status, 400);
  assert.match((await r100.json()).error, /101 query parameters \(at most 64\)/);
  const cases: [string, RegExp][] = [
    ["/api/scalars?run=a&tag=loss&points=abc", /parameter points: not a number/],
    ["/api/scalars?run=a&tag=loss&min=Infinity", /parameter min: not a finite number/],
    ["/api/scalars?run=a&tag=loss&tag=loss", /parameter tag given 2 times \(once allowed\)/],
    ["/api/scalars?run=a&tag=loss&x=bogus", /parameter x: expected step, relative or wall/],
    ["/api/tags", /parameter run: missing/],
    ["/api/image?run=a&tag=x&index=-1", /parameter index: negative/],
    ["/api/export?run=a&tag=loss&format=xml", /parameter format: expected csv or json/],
    [`/api/tags?run=${"x".repeat(5000)}`, /parameter run: longer than 4096 characters/],
    [`/api/runs?${Array.from({ length: 70 }, (_, i) => `p${i}=1`).join("&")}`, /70 query parameters \(at most 64\)/],
  ];
  for (const [url, msg] of cases) {
    const res = await d.request(url);
    assert.equal(res.status, 400, url);
    assert.match((await res.json()).error, msg, url);
  }
  // clamped counts still answer
  const ok = await d.request("/api/scalars?run=a&tag=loss&points=999999999");
  assert.equal(ok.status, 200);
  d.close();
});

test("export is streamed: 8 runs x 200 000 points (79 MB of CSV) in a child process limited to a 48 MB heap", () => {
  const script = `
    import { RunDir } from ${JSON.stringify(new URL("../model/index.ts", import.meta.url).href)};
    import { createApp } from ${JSON.stringify(new URL("./index.ts", import.meta.url).href)};
    const runs = [];
    for (let k = 0; k < 8; k++) {
      const d = new RunDir("run" + k); const s = d.scalar("loss");
      for (let i = 0; i < 200000; i++) s.push(i, 1700000000 + i * 0.25, Math.exp(-i / 50000) + k * 1e-7);
      runs.push({ name: "run" + k, dirs: [d], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] });
    }
    const app = createApp({ runs });
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const qs = runs.map((r) => "run=" + r.name).join("&") + "&tag=loss";
    const res = await app.request("/api/export?" + qs);
    const reader = res.body.getReader();
    let bytes = 0, lines = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
      const h = process.memoryUsage().heapUsed; if (h > peak) peak = h;
    }
    console.log(JSON.stringify({ status: res.status, bytes, lines, grew: peak - before }));
  `;
  const r = spawnSync(
    process.execPath,
    ["--max-old-space-size=48", "--import", "tsx", "--expose-gc", "--input-type=module", "-e", script],
    { encoding: "utf8", cwd: path.resolve(import.meta.dirname, "../..") },
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { status: number; bytes: number; lines: number; grew: number };
  assert.equal(out.status, 200);
  assert.equal(out.lines, 1 + 8 * 200_000);
  assert.ok(out.bytes > 60e6, `output ${out.bytes} bytes`);
  // the whole response built in memory would cost several times its size (and fail in this heap); streamed it costs chunks
  assert.ok(out.grew < 40e6, `heap grew ${out.grew} bytes for ${out.bytes} bytes of output`);
});

test("exports running at once are capped; a finished or cancelled export frees its place", async () => {
  const d = createApp({ runs: [run("a", 300_000)] });
  const open = [];
  for (let i = 0; i < 4; i++) open.push(await d.request("/api/export?run=a&tag=loss"));
  const fifth = await d.request("/api/export?run=a&tag=loss");
  assert.equal(fifth.status, 503);
  assert.match((await fifth.json()).error, /server busy: 4 exports running \(at most 4\)/);
  await open[0].body!.cancel();
  const text = await open[1].text();
  assert.equal(text.split("\n").length, 300_002);
  const again = await d.request("/api/export?run=a&tag=loss");
  assert.equal(again.status, 200);
  for (const r of [again, open[2], open[3]]) await r.body!.cancel();
  d.close();
});

test("export CSV neutralises spreadsheet formulas in text fields unless raw=1; JSON streamed whole", async () => {
  const d = createApp({ runs: [run("=cmd|' /C calc'!A0", 2, "@SUM(1+1)")] });
  const csv = await (await d.request(`/api/export?${new URLSearchParams({ run: "=cmd|' /C calc'!A0", tag: "@SUM(1+1)" })}`)).text();
  assert.equal(csv.split("\n")[1], "'=cmd|' /C calc'!A0,'@SUM(1+1),0,1000,1");
  const raw = await (
    await d.request(`/api/export?${new URLSearchParams({ run: "=cmd|' /C calc'!A0", tag: "@SUM(1+1)", raw: "1" })}`)
  ).text();
  assert.equal(raw.split("\n")[1], "=cmd|' /C calc'!A0,@SUM(1+1),0,1000,1");
  const json = await (
    await d.request(`/api/export?${new URLSearchParams({ run: "=cmd|' /C calc'!A0", tag: "@SUM(1+1)", format: "json" })}`)
  ).json();
  assert.deepEqual(json, {
    tag: "@SUM(1+1)",
    series: [
      {
        run: "=cmd|' /C calc'!A0",
        points: [
          { step: 0, wallTime: 1000, value: 1 },
          { step: 1, wallTime: 1001, value: 0.5 },
        ],
      },
    ],
  });
  d.close();
});

test("DNS rebinding: a Host that is not a loopback name is refused; allowed hosts and tokens work as documented", async () => {
  const d = createApp({ runs: [run("a", 3)] });
  const evil = await d.request("http://attacker.example/api/runs", { headers: { host: "attacker.example" } });
  assert.equal(evil.status, 403);
  assert.match((await evil.json()).error, /Host "attacker.example" is not allowed/);
  for (const host of ["localhost:6007", "127.0.0.1:6007", "[::1]:6007", "app.localhost"]) {
    assert.equal((await d.request("http://x/api/runs", { headers: { host } })).status, 200, host);
  }
  d.close();

  const allowed = createApp({ runs: [run("a", 3)], allowedHosts: ["box.lan"] });
  assert.equal((await allowed.request("http://box.lan/api/runs", { headers: { host: "box.lan:6007" } })).status, 200);
  assert.equal((await allowed.request("http://other.lan/api/runs", { headers: { host: "other.lan:6007" } })).status, 403);
  allowed.close();

  const tok = createApp({ runs: [run("a", 3)], token: "s3cret-token" });
  const none = await tok.request("http://box.lan/api/runs", { headers: { host: "box.lan" } });
  assert.equal(none.status, 401);
  assert.equal(
    (await tok.request("http://box.lan/api/runs", { headers: { host: "box.lan", authorization: "Bearer wrong-token" } })).status,
    401,
  );
  assert.equal(
    (await tok.request("http://box.lan/api/runs", { headers: { host: "box.lan", authorization: "Bearer s3cret-token" } })).status,
    200,
  );
  const first = await tok.request("http://box.lan/?token=s3cret-token", { headers: { host: "box.lan" } });
  assert.match(first.headers.get("set-cookie") ?? "", /trainscope_token=s3cret-token; Path=\/; HttpOnly; SameSite=Strict/);
  assert.equal(
    (await tok.request("http://box.lan/api/runs", { headers: { host: "box.lan", cookie: "trainscope_token=s3cret-token" } })).status,
    200,
  );
  tok.close();
});

test("cross-site requests to the API are refused; only GET/HEAD; security headers on every answer", async () => {
  const d = createApp({ runs: [run("a", 3)], webRoot: path.join(os.tmpdir(), "trainscope-no-web-root") });
  const h = { host: "127.0.0.1:6007" };
  const xs = await d.request("http://127.0.0.1:6007/api/export?run=a&tag=loss", {
    headers: { ...h, "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" },
  });
  assert.equal(xs.status, 403);
  assert.match((await xs.json()).error, /cross-site request refused/);
  assert.equal((await d.request("http://127.0.0.1:6007/api/runs", { headers: { ...h, "sec-fetch-site": "same-site" } })).status, 403);
  const badOrigin = await d.request("http://127.0.0.1:6007/api/runs", { headers: { ...h, origin: "http://evil.example" } });
  assert.equal(badOrigin.status, 403);
  assert.equal(
    (
      await d.request("http://127.0.0.1:6007/api/runs", {
        headers: { ...h, origin: "http://127.0.0.1:6007", "sec-fetch-site": "same-origin" },
      })
    ).status,
    200,
  );
  assert.equal((await d.request("http://127.0.0.1:6007/api/runs", { headers: { ...h, "sec-fetch-site": "none" } })).status, 200);
  assert.equal((await d.request("http://127.0.0.1:6007/api/runs", { method: "POST", headers: h })).status, 405);
  for (const url of ["/api/runs", "/", "/api/nope"]) {
    const r = await d.request("http://127.0.0.1:6007" + url, { headers: h });
    const csp = r.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'self'/, url);
    assert.match(csp, /frame-ancestors 'none'/, url);
    assert.match(csp, /script-src 'self'(;|$)/, url);
    assert.equal(r.headers.get("x-content-type-options"), "nosniff", url);
    assert.equal(r.headers.get("referrer-policy"), "no-referrer", url);
    assert.equal(r.headers.get("x-frame-options"), "DENY", url);
  }
  d.close();
});

test("event streams are capped: the connection beyond the limit gets 503", async () => {
  const d = createApp({ runs: [run("a", 3)], maxSseClients: 2 });
  const open = [await d.request("/api/events"), await d.request("/api/events")];
  for (const r of open) assert.equal(r.status, 200);
  const third = await d.request("/api/events");
  assert.equal(third.status, 503);
  assert.match((await third.json()).error, /too many event streams open \(2; at most 2\)/);
  for (const r of open) await r.body?.cancel();
  // a closed stream frees its place
  await new Promise((res) => setTimeout(res, 50));
  const again = await d.request("/api/events");
  assert.equal(again.status, 200);
  await again.body?.cancel();
  d.close();
});

test("the run list stays small with a 64 MiB tag name and a huge hyper-parameter", async () => {
  const huge = "t".repeat(64 << 20);
  const r = run("a", 3, huge);
  r.hparams.set("note", { name: "note", value: "v".repeat(1 << 20), sourceKind: "hparams_json", source: "a/hparams.json" });
  for (let i = 0; i < 5000; i++) r.hparams.set(`k${i}`, { name: `k${i}`, value: i, sourceKind: "hparams_json", source: "a/hparams.json" });
  const d = createApp({ runs: [r] });
  const body = await (await d.request("/api/runs")).text();
  assert.ok(body.length < 64 * 1024, `run list is ${body.length} bytes`);
  const j = JSON.parse(body) as { runs: { lastValues: { tag: string }[]; hparams: Record<string, unknown> }[] };
  assert.match(j.runs[0].lastValues[0].tag, /… \(67108864 characters\)$/);
  assert.match(String(j.runs[0].hparams.note), /… \(1048576 characters\)$/);
  assert.equal(Object.keys(j.runs[0].hparams).length, 200);
  d.close();
});

test("histogram re-binning work is bounded: fewer steps are picked when their buckets exceed the budget", () => {
  const hs: Histogram[] = [];
  for (let step = 0; step < 10; step++) {
    const k = 1000;
    const lefts = new Float64Array(k),
      rights = new Float64Array(k),
      counts = new Float64Array(k).fill(1);
    for (let i = 0; i < k; i++) {
      lefts[i] = i;
      rights[i] = i + 1;
    }
    hs.push({
      step,
      wallTime: step,
      min: 0,
      max: k,
      num: k,
      sum: 0,
      sumSquares: 0,
      lefts,
      rights,
      counts,
      nonFinite: { nan: 0, posInf: 0, negInf: 0 },
    });
  }
  const all = shareBins("w", hs, 10, 10);
  assert.equal(all.steps.length, 10);
  const bounded = shareBins("w", hs, 10, 10, 2500);
  assert.equal(bounded.steps.length, 2);
  assert.deepEqual(
    bounded.steps.map((s) => s.step),
    [0, 9],
  );
  assert.equal(bounded.sampled, true);
  assert.equal(
    bounded.steps[1].counts.reduce((a, b) => a + b, 0),
    1000,
  );
});

test("tensor statistics of a huge histogram run in a worker: the run list answers while they are computed; a full queue says busy", async () => {
  const dir = tmp();
  try {
    fs.mkdirSync(path.join(dir, "wide"));
    const k = 300_000;
    const limits = new Float64Array(k),
      counts = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      limits[i] = -1 + (2 * (i + 1)) / k;
      counts[i] = i % 7;
    }
    let num = 0;
    for (const c of counts) num += c;
    const recs = [fileVersionEvent(1_700_000_000), scalarEvent("loss", 0, 1, 1_700_000_000)];
    for (let step = 0; step < 2; step++)
      recs.push(
        histogramEvent(
          "fc1/weight",
          step,
          { min: -1, max: 1, num, sum: 0, sumSquares: num / 3, bucketLimit: limits, bucket: counts },
          1_700_000_000 + step,
        ),
      );
    fs.writeFileSync(path.join(dir, "wide", "events.out.tfevents.1700000000.host.1.0"), frameRecords(recs));
    const d = createApp({ logdir: dir });
    await d.loaded;
    let statsDone = false;
    const stats = Promise.resolve(d.request("/api/tensor-stats?run=wide")).then(async (r: Response) => {
      statsDone = true;
      return { status: r.status, body: await r.json() };
    });
    const runs = await d.request("/api/runs");
    assert.equal(runs.status, 200);
    assert.equal(statsDone, false, "the run list answered before the statistics were done");
    const s = await stats;
    assert.equal(s.status, 200);
    assert.ok(Array.isArray(s.body.stats) && s.body.stats.length === 2, JSON.stringify(s.body).slice(0, 300));
    d.close();

    const pool = new DiagnosisPool(60_000, 1, 1);
    const desc = d.store.entries.get("wide")!.descriptor!;
    const a = pool.stats(dir, desc),
      b = pool.stats(dir, desc);
    await assert.rejects(pool.stats(dir, desc), QueueFullError);
    pool.close();
    await Promise.allSettled([a, b]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
