// Browser test (Debian's Chromium through playwright-core) of a cause the ranking ruled out, on the
// real server and the web app built from the current sources. A run written here as PyTorch logs
// it (per-epoch `train/loss`, `val/loss`, `train/acc`, `val/acc`, and `parameters/<name>` weight
// histograms once per epoch) keeps its loss at ln 4 while its kernels grow 5 % an epoch: the
// diagnosis page shows the flat loss as an error, no learning-rate cause, and says that the
// weights' movement ruled `learning_rate_too_low` out. Every assertion reads back what the page shows.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { startServer, type RunningServer } from "../server/index.ts";
import { fileVersionEvent, frameRecords, histogramEvent, histogramFromValues, scalarEvent } from "../format/index.ts";
import { launchChromium } from "../../scripts/chromium.ts";
import { buildWeb } from "../../scripts/web_build.ts";

const T0 = 1_700_000_000;

let tmp: string;
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/** Deterministic normal values (Box–Muller over a seeded LCG). */
function normals(n: number, std: number, seed: number): number[] {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  return Array.from({ length: n }, () => std * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-ruled-out-e2e-"));
  const webRoot = path.join(tmp, "web");
  buildWeb(webRoot);
  const run = path.join(tmp, "logs", "flat_weights_move");
  fs.mkdirSync(run, { recursive: true });
  const recs = [fileVersionEvent(T0)];
  const kernels = [
    ["parameters/conv1.weight", normals(200, 0.1, 1)],
    ["parameters/fc1.weight", normals(800, 0.1, 2)],
    ["parameters/out.weight", normals(128, 0.1, 3)],
  ] as const;
  for (let e = 0; e < 10; e++) {
    const first = e === 0;
    recs.push(scalarEvent("train/loss", e, 1.3862 - 0.0035 * e, T0 + e, { withPluginMetadata: first }));
    recs.push(scalarEvent("val/loss", e, 1.385 - 0.003 * e, T0 + e, { withPluginMetadata: first }));
    recs.push(scalarEvent("train/acc", e, 0.26 + 0.004 * e, T0 + e, { withPluginMetadata: first }));
    recs.push(scalarEvent("val/acc", e, 0.3 + 0.008 * e, T0 + e, { withPluginMetadata: first }));
    for (const [tag, v] of kernels)
      recs.push(histogramEvent(tag, e, histogramFromValues(v.map((x) => x * (1 + 0.05 * e))), T0 + e, { withPluginMetadata: first }));
  }
  fs.writeFileSync(path.join(run, "events.out.tfevents.1700000000.host.1.0"), frameRecords(recs));
  server = await startServer({ logdir: path.join(tmp, "logs"), port: 0, refreshMs: 60_000, webRoot });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "UTC" })).newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test("diagnosis page: a flat loss whose weights move says learning_rate_too_low was ruled out, and why", async () => {
  await page.goto(`${server.url}?page=diagnosis&run=flat_weights_move`);
  const card = page.locator('.finding[data-symptom="loss_not_decreasing"]');
  await card.waitFor({ timeout: 30_000 });
  assert.equal(await card.locator(".badge").textContent(), "error");
  const ruled = card.locator('.ruled-out li[data-cause="learning_rate_too_low"]');
  assert.match(
    (await ruled.textContent()) ?? "",
    /^Ruled out: learning rate too low — the weights move at a healthy rate: a median 4\.\d % of their size between records over 3 kernel\(s\)$/,
  );
  // the cause is not offered as likely anywhere on the page
  const causes = await page.locator(".finding .cause b").allTextContents();
  assert.ok(!causes.includes("learning rate too low"), causes.join(", "));
  assert.deepEqual(pageErrors, []);
});
