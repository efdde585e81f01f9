// Dashboard benchmark (`node --import tsx bench/dashboard.ts`): printed numbers, not a timed test.
//  1. A run with a 1 M-point scalar series: time of the API answer with the LTTB down-sampled
//     series (socketless and over HTTP), and time for the page to draw it in headless Chromium.
//  2. A logdir of 200 runs: time from starting the server to the run list drawn in the page.
//  3. A sweep of 1 000 runs with hyper-parameters: the lineage API (table, then importance for the
//     validation loss), the lineage page drawn (table and parallel coordinates), sorted and scrolled
//     (virtualised rows), a brush on the lr axis applied, the runs grouped by lr.
//  `--only lineage` runs part 3 alone.
// The files are written with the shared event encoder into a temp dir that is removed afterwards.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { fileVersionEvent, frameRecord, scalarEvent } from "../src/format/index.ts";
import { startServer, DEFAULT_WEB_ROOT } from "../src/server/index.ts";
import { launchChromium } from "../scripts/chromium.ts";

function writeScalars(file: string, n: number, seed: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, "w");
  const buf = Buffer.allocUnsafe(4 << 20);
  let used = 0;
  const put = (ev: Uint8Array) => {
    const rec = frameRecord(ev);
    if (used + rec.length > buf.length) {
      fs.writeSync(fd, buf, 0, used);
      used = 0;
    }
    buf.set(rec, used);
    used += rec.length;
  };
  put(fileVersionEvent(1_700_000_000));
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const noise = (x / 2147483648 - 0.5) * 0.1;
    put(scalarEvent("loss", i, 2 * Math.exp(-i / (n / 5)) + 0.1 + noise, 1_700_000_000 + i * 0.01, { withPluginMetadata: i === 0 }));
  }
  fs.writeSync(fd, buf, 0, used);
  fs.closeSync(fd);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

async function lineageBench(tmp: string, browser: Browser): Promise<void> {
  const dir = path.join(tmp, "sweep");
  let t = performance.now();
  const lrs = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2];
  for (let r = 0; r < 1000; r++) {
    const runDir = path.join(dir, `run_${String(r).padStart(4, "0")}`);
    const lr = lrs[r % 5],
      bs = [16, 32, 64, 128][(r >> 2) % 4],
      seed = r % 7;
    fs.mkdirSync(runDir, { recursive: true });
    const recs = [fileVersionEvent(1_700_000_000)];
    for (let i = 0; i < 20; i++) {
      const v = 0.2 - 0.03 * Math.log10(lr) + 1 / (i + 1) + 0.005 * seed;
      recs.push(scalarEvent("train/loss", i, v, 1_700_000_000 + i, { withPluginMetadata: i === 0 }));
      recs.push(scalarEvent("val/loss", i, v + 0.05, 1_700_000_000 + i, { withPluginMetadata: i === 0 }));
    }
    fs.writeFileSync(path.join(runDir, "events.out.tfevents.1700000000.bench.0"), Buffer.concat(recs.map(frameRecord)));
    fs.writeFileSync(
      path.join(runDir, "hparams.json"),
      JSON.stringify({ lr, batch_size: bs, seed, optimizer: r % 3 ? "adam" : "sgd", note: "x".repeat(200) }),
    );
  }
  console.log(`1000-run sweep written in ${ms(performance.now() - t)}`);
  t = performance.now();
  const server = await startServer({ logdir: dir, port: 0 });
  await server.dashboard.loaded;
  console.log(`1000 runs loaded by the server in ${ms(performance.now() - t)}`);
  t = performance.now();
  const table = (await (await server.dashboard.request("/api/lineage")).json()) as { runs: unknown[] };
  console.log(`API lineage table, ${table.runs.length} runs: first call ${ms(performance.now() - t)} (diagnosis still pending for most)`);
  t = performance.now();
  await (await server.dashboard.request("/api/lineage")).json();
  console.log(`API lineage table, cached: ${ms(performance.now() - t)}`);
  t = performance.now();
  const imp = (await (await server.dashboard.request("/api/lineage?metric=val_loss")).json()) as {
    importance: { trees: number; bootstrap: number; entries: { param: string }[] };
  };
  console.log(
    `API importance for val_loss over 1000 runs × 5 parameters: ${ms(performance.now() - t)} (${imp.importance.trees} trees, ${imp.importance.bootstrap} bootstrap forests; ranking ${imp.importance.entries.map((e) => e.param).join(" > ")})`,
  );
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  t = performance.now();
  await page.goto(`${server.url}?page=lineage`);
  await page.locator('table.lineage-table[data-rows="1000"]').waitFor({ timeout: 60_000 });
  console.log(
    `lineage page with 1000 runs drawn ${ms(performance.now() - t)} after navigation; rows in the page: ${await page.locator("tr.lineage-row").count()}`,
  );
  t = performance.now();
  await page.click('th[data-col="lr"]');
  await page.locator('table.lineage-table[data-sort="lr"]').waitFor();
  console.log(`sort 1000 rows by lr: ${ms(performance.now() - t)}`);
  const scrolls: number[] = [];
  for (let i = 1; i <= 10; i++) {
    t = performance.now();
    await page.locator(".lineage-scroll").evaluate((el, k) => {
      el.scrollTop = (el.scrollHeight * k) / 10;
    }, i);
    await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => r(true))));
    scrolls.push(performance.now() - t);
  }
  console.log(`scroll by a tenth of the table (render of the rows in view): median ${ms(median(scrolls))}`);
  await page.locator('svg.parallel-coords[data-lines="1000"]').waitFor();
  const hit = (await page.locator('.pc-axis[data-axis="lr"] .pc-hit').boundingBox())!;
  const line = (await page.locator('.pc-axis[data-axis="lr"] .pc-axis-line').boundingBox())!;
  await page.mouse.move(hit.x + hit.width / 2, line.y);
  await page.mouse.down();
  await page.mouse.move(hit.x + hit.width / 2, line.y + line.height * 0.15, { steps: 3 });
  t = performance.now();
  await page.mouse.up();
  await page.locator('svg.parallel-coords[data-kept="200"]').waitFor();
  await page.locator('table.lineage-table[data-rows="200"]').waitFor();
  console.log(`brush on the lr axis of the parallel coordinates (1000 lines): table and chart filtered in ${ms(performance.now() - t)}`);
  await page.goto(`${server.url}?page=lineage`);
  await page.locator('table.lineage-table[data-rows="1000"]').waitFor({ timeout: 60_000 });
  t = performance.now();
  await page.fill("input.lineage-group", "hp:lr");
  await page.press("input.lineage-group", "Enter");
  await page.locator('table.lineage-table[data-groups="5"]').waitFor();
  console.log(`1000 runs grouped by lr into 5 group rows (mean ± std of every column): ${ms(performance.now() - t)}`);
  await page.close();
  await server.close();
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(DEFAULT_WEB_ROOT, "index.html"))) throw new Error("build the web app first: npm run build");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-bench-dashboard-"));
  const browser = await launchChromium();
  try {
    if (process.argv.includes("--only")) {
      await lineageBench(tmp, browser);
      return;
    }
    // 1. One million points.
    const big = path.join(tmp, "big");
    let t = performance.now();
    writeScalars(path.join(big, "run_1m", "events.out.tfevents.1700000000.bench.1.0"), 1_000_000, 7);
    console.log(
      `1M-point event file written in ${ms(performance.now() - t)} (${(fs.statSync(path.join(big, "run_1m", "events.out.tfevents.1700000000.bench.1.0")).size / 1e6).toFixed(1)} MB)`,
    );
    t = performance.now();
    const server = await startServer({ logdir: big, port: 0 });
    await server.dashboard.loaded;
    console.log(`run loaded by the server in ${ms(performance.now() - t)}`);
    const api = "/api/scalars?run=run_1m&tag=loss&points=2000&smoothing=0.6";
    const socketless: number[] = [],
      http: number[] = [];
    let body: { total: number; x: number[]; sampled: boolean } | undefined;
    for (let i = 0; i < 12; i++) {
      t = performance.now();
      body = await (await server.dashboard.request(api)).json();
      socketless.push(performance.now() - t);
      t = performance.now();
      await (await fetch(server.url.replace(/\/$/, "") + api)).json();
      http.push(performance.now() - t);
    }
    console.log(
      `API, 1M points → ${body!.x.length} (sampled=${body!.sampled}, EMA on the full data): repeated request median ${ms(median(socketless.slice(2)))} socketless, ${ms(median(http.slice(2)))} over HTTP (first call ${ms(socketless[0])})`,
    );
    // Uncached: a new smoothing weight each time, so the EMA over 1M points and the LTTB are recomputed.
    const fresh: number[] = [];
    for (let i = 0; i < 10; i++) {
      t = performance.now();
      await (await server.dashboard.request(`/api/scalars?run=run_1m&tag=loss&points=2000&smoothing=0.${50 + i}`)).json();
      fresh.push(performance.now() - t);
    }
    console.log(`API, 1M points, uncached (new smoothing weight each call): median ${ms(median(fresh))}, min ${ms(Math.min(...fresh))}`);
    t = performance.now();
    const zoomed = (await (
      await server.dashboard.request("/api/scalars?run=run_1m&tag=loss&points=2000&smoothing=0.6&min=500000&max=501500")
    ).json()) as { x: number[]; sampled: boolean };
    console.log(
      `API zoom to 1500 steps: ${zoomed.x.length} points at full resolution (sampled=${zoomed.sampled}) in ${ms(performance.now() - t)}`,
    );
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const draws: number[] = [],
      totals: number[] = [];
    for (let i = 0; i < 4; i++) {
      const start = Date.now();
      await page.goto(`${server.url}?page=scalars&r=run_1m`);
      const card = page.locator('.scalar-card[data-drawn="1"]');
      await card.waitFor({ timeout: 30_000 });
      totals.push(Date.now() - start);
      draws.push(Number(await card.getAttribute("data-draw-ms")));
    }
    console.log(
      `page draws the 1M-point series: fetch+draw median ${ms(median(draws))}, from navigation median ${ms(median(totals))} (runs: ${totals.join(", ")} ms)`,
    );
    await page.close();
    await server.close();

    // 2. Two hundred runs.
    const many = path.join(tmp, "many");
    t = performance.now();
    for (let r = 0; r < 200; r++)
      writeScalars(path.join(many, `run_${String(r).padStart(3, "0")}`, `events.out.tfevents.1700000000.bench.${r}.0`), 2000, r + 1);
    console.log(`200 runs × 2000 points written in ${ms(performance.now() - t)}`);
    const page2 = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    t = performance.now();
    const server2 = await startServer({ logdir: many, port: 0 });
    const listed = performance.now() - t;
    await page2.goto(server2.url);
    await page2.waitForFunction(() => document.querySelectorAll(".run-row").length === 200, undefined, { timeout: 30_000 });
    const shown = performance.now() - t;
    await server2.dashboard.loaded;
    const allLoaded = performance.now() - t;
    console.log(
      `200-run logdir: server ready (runs discovered) in ${ms(listed)}, run list drawn in the page ${ms(shown)} after start; every run loaded after ${ms(allLoaded)}`,
    );
    await page2.close();
    await server2.close();

    // 3. A 1000-run sweep in the lineage page.
    await lineageBench(tmp, browser);
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
