// End-to-end test of the dashboard in Debian's Chromium (playwright-core, no browser download): the
// real server on a copy of the demo logs, the built web app, a run that cannot be read, and a log
// file that grows during the test. Takes the README's screenshot into a temp dir (scripts/screenshot.ts).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { startServer, DEFAULT_WEB_ROOT, type RunningServer } from "../server/index.ts";
import { fileVersionEvent, frameRecords, scalarEvent, histogramEvent, histogramFromValues } from "../format/index.ts";
import { captureDashboard } from "../../scripts/screenshot.ts";
import { launchChromium } from "../../scripts/chromium.ts";
import { buildWeb } from "../../scripts/web_build.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let dir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const liveFile = () => path.join(dir, "live_run", "events.out.tfevents.1700000000.e2e.1.0");

function lossEvents(from: number, to: number): Uint8Array {
  const recs = [];
  if (from === 0) recs.push(fileVersionEvent(1_700_000_000));
  for (let i = from; i < to; i++)
    recs.push(scalarEvent("live/loss", i, 2 / (1 + i / 10), 1_700_000_000 + i, { withPluginMetadata: i === 0 }));
  return frameRecords(recs);
}

/** A run whose loss turns NaN at step 120, with weight histograms widening over 10 steps. */
function nanRunEvents(): Uint8Array {
  const recs = [fileVersionEvent(1_700_000_000)];
  for (let i = 0; i < 160; i++)
    recs.push(
      scalarEvent("train/loss", i, i >= 120 ? NaN : 2.3 * Math.exp(-i / 60) + 0.05 * Math.sin(i), 1_700_000_000 + i, {
        withPluginMetadata: i === 0,
      }),
    );
  for (let k = 0; k < 10; k++) {
    const values = Array.from({ length: 500 }, (_, j) => Math.sin(j * 12.9898 + k) * (0.1 + k * 0.05));
    recs.push(histogramEvent("fc1/weight", k * 16, histogramFromValues(values), 1_700_000_000 + k * 16, { withPluginMetadata: k === 0 }));
  }
  return frameRecords(recs);
}

before(async () => {
  if (!fs.existsSync(path.join(DEFAULT_WEB_ROOT, "index.html"))) {
    buildWeb();
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-e2e-"));
  fs.cpSync(path.join(repo, "examples/logs"), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, "broken_run"));
  fs.writeFileSync(
    path.join(dir, "broken_run", "events.out.tfevents.1700000000.e2e.2.0"),
    Buffer.from("not an event file: plain text where records should be\n"),
  );
  fs.mkdirSync(path.join(dir, "live_run"));
  fs.writeFileSync(liveFile(), lossEvents(0, 40));
  fs.mkdirSync(path.join(dir, "nan_run"));
  fs.writeFileSync(path.join(dir, "nan_run", "events.out.tfevents.1700000000.e2e.3.0"), nanRunEvents());
  fs.cpSync(path.resolve(repo, "test/fixtures/generated/mindspore/lenet_summary"), path.join(dir, "mindspore_lenet"), { recursive: true });
  server = await startServer({ logdir: dir, port: 0, refreshMs: 500 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on("pageerror", (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("run list renders, and a run that fails to read shows its error", async () => {
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelectorAll(".run-row.loaded").length >= 4, undefined, { timeout: 20_000 });
  const error = await page.locator('.run-row[data-run="broken_run"] .run-error').textContent({ timeout: 10_000 });
  assert.match(error ?? "", /broken_run\/events\.out\.tfevents\.1700000000\.e2e\.2\.0 at byte 0/);
  assert.ok((await page.locator(".run-row .hparams .kv").count()) > 0, "hyper-parameters shown");
  // Diagnosis badges arrive in the background.
  await page.locator('.run-row[data-run="nan_run"] .badge.error').waitFor({ timeout: 30_000 });
});

test("a scalar chart canvas is drawn with data", async () => {
  await page.goto(`${server.url}?page=scalars&r=nan_run`);
  const card = page.locator('.scalar-card[data-tag="train/loss"][data-drawn="1"]');
  await card.waitFor({ timeout: 15_000 });
  assert.ok(Number(await card.getAttribute("data-points")) > 10);
  const inked = await card.evaluate((el) => {
    const c = el.querySelector("canvas") as HTMLCanvasElement;
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    const colors = new Set<number>();
    let n = 0;
    for (let i = 0; i < d.length; i += 4)
      if (d[i + 3] > 0) {
        n++;
        colors.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      }
    return { n, colors: colors.size };
  });
  assert.ok(inked.n > 1000 && inked.colors > 3, `canvas holds drawn lines: ${JSON.stringify(inked)}`);
  // The 40 NaN values are counted on the card.
  assert.equal(await card.locator(".badge.nan").textContent(), "NaN 40");
});

test("a histogram view renders (ridgeline and overlay), TensorBoard and MindSpore alike", async () => {
  await page.goto(`${server.url}?page=histograms&run=nan_run`);
  await page.locator('.hist-card[data-tag="fc1/weight"][data-drawn="1"]').waitFor({ timeout: 15_000 });
  assert.match((await page.locator(".hist-card .hist-controls").first().textContent()) ?? "", /step 144 · min/);
  await page.goto(`${server.url}?page=histograms&run=mindspore_lenet`);
  await page.locator('.hist-card[data-drawn="1"]').first().waitFor({ timeout: 15_000 });
  await page.locator('input[name="hview"]').nth(1).check();
  await page.waitForFunction(() => location.search.includes("hview=overlay"));
  await page.locator('.hist-card[data-drawn="1"]').first().waitFor();
});

test("a finding renders with its evidence, and clicking evidence marks the step on the chart", async () => {
  await page.goto(`${server.url}?page=diagnosis&run=nan_run`);
  const finding = page.locator('.finding[data-symptom="loss_nan_or_inf"]');
  await finding.waitFor({ timeout: 30_000 });
  assert.match((await finding.locator("h3").textContent()) ?? "", /\S/);
  const link = finding.locator(".evidence-link[data-step]").first();
  const step = await link.getAttribute("data-step");
  const tag = await link.getAttribute("data-tag");
  assert.equal(step, "120");
  assert.equal(tag, "train/loss");
  await link.click();
  await page.waitForFunction(() => location.search.includes("page=scalars"));
  const marked = page.locator(`.scalar-card[data-marked-step="${step}"]`);
  await marked.waitFor({ timeout: 15_000 });
  assert.equal(await marked.getAttribute("data-tag"), tag);
  assert.ok(page.url().includes(`mark=${step}`), "the URL holds the marked step");
});

test("zoom by dragging fetches the visible range; tensors, images and checklist pages render", async () => {
  await page.goto(`${server.url}?page=scalars&r=nan_run`);
  const card = page.locator('.scalar-card[data-tag="train/loss"][data-drawn="1"]');
  await card.waitFor({ timeout: 15_000 });
  const before = Number(await card.getAttribute("data-points"));
  const box = (await card.locator(".u-over").boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await card.locator("text=reset zoom").waitFor({ timeout: 10_000 });
  await page.waitForFunction(
    (n) => Number(document.querySelector('.scalar-card[data-tag="train/loss"]')?.getAttribute("data-points")) < n,
    before,
  );

  await page.goto(`${server.url}?page=tensors&run=nan_run`);
  await page.locator("table.stats tbody tr").first().waitFor({ timeout: 15_000 });
  assert.match((await page.locator("table.stats").textContent()) ?? "", /fc1\/weight/);

  await page.goto(`${server.url}?page=images&run=mindspore_lenet`);
  const img = page.locator(".image-card img").first();
  await img.waitFor({ timeout: 15_000 });
  await page.waitForFunction(() => ((document.querySelector(".image-card img") as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
  await page.locator(".image-controls input").nth(1).fill("2");
  assert.match((await img.getAttribute("style")) ?? "", /brightness\(2\)/);

  await page.goto(`${server.url}?page=diagnosis&run=nan_run`);
  const kbLink = page.locator(".checklist-links a").first();
  await kbLink.waitFor({ timeout: 30_000 });
  const id = (await kbLink.textContent())!;
  await kbLink.click();
  await page.locator(`.kb-entry.marked[id="kb-${id}"]`).waitFor({ timeout: 10_000 });
});

test("records appended to a log file during the test appear without a reload", async () => {
  await page.goto(`${server.url}?page=scalars&r=live_run&smooth=0`);
  const card = page.locator('.scalar-card[data-tag="live/loss"][data-drawn="1"]');
  await card.waitFor({ timeout: 15_000 });
  assert.match((await card.textContent()) ?? "", /@ step 39\b/);
  assert.equal(await card.getAttribute("data-points"), "40");
  fs.appendFileSync(liveFile(), lossEvents(40, 90));
  await page.waitForFunction(
    () => document.querySelector('.scalar-card[data-tag="live/loss"]')?.getAttribute("data-points") === "90",
    undefined,
    { timeout: 20_000 },
  );
  assert.match((await card.textContent()) ?? "", /@ step 89\b/);
});

test("screenshot of the dashboard for the README (written to a temp dir; `npm run screenshot` refreshes docs/screenshot.png)", async () => {
  const out = path.join(dir, "..", `${path.basename(dir)}-screenshot.png`);
  try {
    await captureDashboard(page, server.url, out, "nan_run");
    assert.ok(fs.statSync(out).size > 20_000);
  } finally {
    fs.rmSync(out, { force: true });
  }
  assert.deepEqual(pageErrors, [], "no script error on any page");
});
