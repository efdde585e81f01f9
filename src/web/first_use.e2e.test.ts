// Browser test (Debian's Chromium through playwright-core) of what a new user meets first, on the
// real server and the web app built from the current sources: the histograms, tensors and images
// pages open on a run that has such data (and say plainly when no run has any). Every assertion
// reads back what the page shows. Logs: copies of the demo logs (examples/logs, written by TF.js
// runs) and of the MindSpore summary fixture (test/fixtures/generated/mindspore/lenet_summary).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { startServer, type RunningServer } from "../server/index.ts";
import { launchChromium } from "../../scripts/chromium.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const demo = (name: string) => path.join(repo, "examples/logs", name);

let tmp: string;
let withData: RunningServer;
let withoutData: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-first-use-e2e-"));
  const webRoot = path.join(tmp, "web");
  execFileSync(
    process.execPath,
    [path.join(repo, "node_modules/vite/bin/vite.js"), "build", "--config", "src/web/vite.config.ts", "--outDir", webRoot, "--emptyOutDir"],
    { cwd: repo, stdio: "inherit" },
  );
  // the first run (by name) holds scalars only, the second histograms, the third images too
  const logs = path.join(tmp, "logs");
  fs.cpSync(demo("healthy_mlp_moons_momentum_cosine_1"), path.join(logs, "a_scalars_only"), { recursive: true });
  fs.cpSync(demo("dead_relu_very_negative_bias_6"), path.join(logs, "b_histograms"), { recursive: true });
  fs.cpSync(path.join(repo, "test/fixtures/generated/mindspore/lenet_summary"), path.join(logs, "c_lenet"), { recursive: true });
  // a logdir where no run has histograms, tensors or images
  const plain = path.join(tmp, "plain");
  fs.cpSync(demo("healthy_mlp_moons_momentum_cosine_1"), path.join(plain, "moons"), { recursive: true });
  fs.cpSync(demo("overfitting_tiny_train_big_mlp_5"), path.join(plain, "overfitting"), { recursive: true });
  withData = await startServer({ logdir: logs, port: 0, refreshMs: 60_000, webRoot });
  withoutData = await startServer({ logdir: plain, port: 0, refreshMs: 60_000, webRoot });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, timezoneId: "UTC", deviceScaleFactor: 1 });
  page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.close();
  await withData?.close();
  await withoutData?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** A screenshot of the page into $TRAINSCOPE_E2E_SHOTS when it is set (to look at; nothing is written otherwise). */
async function shot(name: string): Promise<void> {
  const dir = process.env.TRAINSCOPE_E2E_SHOTS;
  if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

const pickedRun = () => page.locator(".picker select").inputValue();

test("histograms, tensors and images pages open on the first run that has such data", async () => {
  await page.goto(`${withData.url}?page=histograms`);
  await page.locator('.hist-card[data-drawn="1"]').first().waitFor({ timeout: 30_000 });
  assert.equal(await pickedRun(), "b_histograms");
  assert.match((await page.locator(".hist-card h3").first().textContent()) ?? "", /\S/);
  // the picker says which runs hold none
  const options = await page.locator(".picker option").allTextContents();
  assert.deepEqual(options, ["a_scalars_only (no histograms)", "b_histograms", "c_lenet"]);
  await shot("histograms-first-run-with-data");

  await page.locator('nav a[data-page="tensors"]').click();
  await page.locator("table.stats tbody tr").first().waitFor({ timeout: 30_000 });
  assert.equal(await pickedRun(), "b_histograms");

  await page.locator('nav a[data-page="images"]').click();
  await page.locator(".image-card img").first().waitFor({ timeout: 30_000 });
  assert.equal(await pickedRun(), "c_lenet");
  assert.equal(await page.locator(".no-data").count(), 0);

  // a run chosen by the user is kept, and its emptiness is stated for that run
  await page.locator(".picker select").selectOption("a_scalars_only");
  await page.locator("text=This run recorded no images.").waitFor({ timeout: 15_000 });
});

test("when no run has histograms, tensors or images, each page says so plainly", async () => {
  for (const [p, text] of [
    ["histograms", "No run has histograms or numeric tensors."],
    ["tensors", "No run has weight, gradient or activation statistics (histograms or numeric tensors)."],
    ["images", "No run has images."],
  ]) {
    await page.goto(`${withoutData.url}?page=${p}`);
    const note = page.locator(".no-data");
    await note.waitFor({ timeout: 30_000 });
    assert.equal(await note.textContent(), text);
    assert.equal(await page.locator(".hist-card, .image-card, table.stats").count(), 0, p);
  }
  await shot("images-no-run-has-any");
  assert.deepEqual(pageErrors, []);
});
