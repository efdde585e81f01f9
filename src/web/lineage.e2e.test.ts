// Browser test of the lineage page in Debian's Chromium (playwright-core): a logdir of 20 runs
// written with the project's TensorBoard event encoder plus hparams.json files (an lr × optimizer ×
// seed grid whose validation loss depends on lr only), and one of 1 000 runs; the real server, the
// web app built from the current sources. Every assertion reads back what the page shows: the row
// order after sorting, the rows left by a filter, the URL, the importance ranking, the scatter's
// axis kind, and how many rows the virtual scroller put in the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { startServer, type RunningServer } from "../server/index.ts";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";
import { launchChromium } from "../../scripts/chromium.ts";
import { buildWeb } from "../../scripts/web_build.ts";

const T0 = 1_700_000_000;

let tmp: string;
let server: RunningServer;
let big: RunningServer;
let aligned: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

function writeRun(root: string, name: string, hparams: Record<string, unknown>, val: number[]): void {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  const recs = [fileVersionEvent(T0)];
  val.forEach((v, i) => {
    recs.push(scalarEvent("train_loss", i, v * 1.1, T0 + i, { withPluginMetadata: i === 0 }));
    recs.push(scalarEvent("val_loss", i, v, T0 + i, { withPluginMetadata: i === 0 }));
  });
  fs.writeFileSync(path.join(dir, "events.out.tfevents.1700000000.lineage.0"), frameRecords(recs));
  fs.writeFileSync(path.join(dir, "hparams.json"), JSON.stringify(hparams));
}

const LRS = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2];

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-lineage-e2e-"));
  const webRoot = path.join(tmp, "web");
  buildWeb(webRoot);
  const logs = path.join(tmp, "logs");
  for (const lr of LRS)
    for (const optimizer of ["adam", "sgd"])
      for (const seed of [1, 2]) {
        const floor = 0.1 - 0.02 * Math.log10(lr) + 0.001 * seed; // lr drives the loss; the optimizer does not
        writeRun(logs, `lr${lr}_${optimizer}_s${seed}`, { lr, optimizer, seed }, [1, 0.5, floor + 0.01, floor]);
      }
  const bigLogs = path.join(tmp, "big");
  for (let i = 0; i < 1000; i++) writeRun(bigLogs, `run${String(i).padStart(4, "0")}`, { lr: LRS[i % 5], idx: i }, [1, 0.5 + i / 4000]);
  // a Lightning-style run (train_loss_step / train_loss_epoch / val_loss) and a Keras-style one (train/ and validation/ epoch_loss)
  const alignLogs = path.join(tmp, "align");
  const events = (dir: string, series: Record<string, number[]>) => {
    fs.mkdirSync(dir, { recursive: true });
    const recs = [fileVersionEvent(T0)];
    for (const [tag, vals] of Object.entries(series))
      vals.forEach((v, i) => recs.push(scalarEvent(tag, i, v, T0 + i, { withPluginMetadata: i === 0 })));
    fs.writeFileSync(path.join(dir, "events.out.tfevents.1700000000.align.0"), frameRecords(recs));
  };
  events(path.join(alignLogs, "lightning_logs/version_0"), {
    train_loss_step: [2, 1.5, 1.2, 1, 0.9, 0.8],
    train_loss_epoch: [1.5, 0.9],
    val_loss: [1.6, 1.1],
  });
  events(path.join(alignLogs, "keras_run/train"), { epoch_loss: [2.2, 1.4, 1.0] });
  events(path.join(alignLogs, "keras_run/validation"), { epoch_loss: [2.3, 1.6, 1.3] });
  aligned = await startServer({ logdir: alignLogs, port: 0, refreshMs: 60_000, webRoot });
  server = await startServer({ logdir: logs, port: 0, refreshMs: 60_000, webRoot });
  big = await startServer({ logdir: bigLogs, port: 0, refreshMs: 60_000, webRoot });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "UTC", deviceScaleFactor: 1 });
  page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.close();
  await server?.close();
  await big?.close();
  await aligned?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function column(col: string): Promise<string[]> {
  return page.locator(`tr.lineage-row td[data-col="${col}"]`).allTextContents();
}

async function rowsShown(n: number): Promise<void> {
  await page.locator(`table.lineage-table[data-rows="${n}"]`).waitFor({ timeout: 30_000 });
}

test("lineage page: sort by a column, filter with expressions, state in the URL", async () => {
  await page.goto(`${server.url}?page=lineage`);
  await rowsShown(20);
  const headers = await page.locator("table.lineage-table th[data-col]").evaluateAll((ths) => ths.map((t) => t.getAttribute("data-col")));
  assert.deepEqual(headers.slice(0, 4), ["run", "lr", "optimizer", "seed"]);
  assert.ok(headers.includes("val_loss") && headers.includes("diagnosis"));

  await page.click('th[data-col="lr"]');
  await page.locator('table.lineage-table[data-sort="lr"]').waitFor();
  const asc = (await column("lr")).map(Number);
  assert.deepEqual(
    asc,
    [...asc].sort((a, b) => a - b),
  );
  assert.equal(asc[0], 1e-4);
  await page.click('th[data-col="lr"]');
  await page.locator('table.lineage-table[data-sort="-lr"]').waitFor();
  const desc = (await column("lr")).map(Number);
  assert.equal(desc[0], 1e-2);
  assert.deepEqual(
    desc,
    [...desc].sort((a, b) => b - a),
  );
  // sort by the best validation loss: the highest learning rate has the lowest loss
  await page.click('th[data-col="val_loss"]');
  await page.locator('table.lineage-table[data-sort="val_loss"]').waitFor();
  const firstRun = await page.locator("tr.lineage-row").first().getAttribute("data-run");
  assert.equal(firstRun, "lr0.01_adam_s1");

  await page.fill("input.lineage-filter", "lr < 1e-3");
  await page.press("input.lineage-filter", "Enter");
  await rowsShown(8);
  for (const v of await column("lr")) assert.ok(Number(v) < 1e-3, v);
  await page.fill("input.lineage-filter", "lr < 1e-3, optimizer == adam");
  await page.press("input.lineage-filter", "Enter");
  await rowsShown(4);
  assert.deepEqual(new Set(await column("optimizer")), new Set(["adam"]));
  assert.match((await page.locator(".lineage-count").textContent()) ?? "", /^4 of 20 runs/);
  assert.ok(page.url().includes("lfilter=lr+%3C+1e-3%2C+optimizer+%3D%3D+adam"), page.url());
  // the URL reproduces the view
  await page.reload();
  await rowsShown(4);
  assert.equal(await page.locator("table.lineage-table").getAttribute("data-sort"), "val_loss");
  // a bad expression says what is wrong and filters nothing
  await page.fill("input.lineage-filter", "lr <");
  await page.press("input.lineage-filter", "Enter");
  await rowsShown(20);
  assert.match((await page.locator(".filter-error").textContent()) ?? "", /no value after </);
  await page.fill("input.lineage-filter", "momentum > 3");
  await page.press("input.lineage-filter", "Enter");
  assert.match((await page.locator(".filter-error").textContent()) ?? "", /no column momentum/);
});

test("lineage page: column chooser, shared selection, importance ranking and scatter on a log axis", async () => {
  await page.goto(`${server.url}?page=lineage`);
  await rowsShown(20);
  await page.click(".column-chooser summary");
  await page.click('.chooser-item[data-col="val_loss.final"] input');
  await page.locator('th[data-col="val_loss.final"]').waitFor();
  assert.ok(page.url().includes("lc=val_loss.final"));
  await page.click('.chooser-item[data-col="seed"] input');
  await page.waitForFunction(() => !document.querySelector('th[data-col="seed"]'));
  await page.click(".column-chooser summary");

  await page.check('tr.lineage-row[data-run="lr0.001_sgd_s2"] input[type=checkbox]');
  await page.waitForFunction(() => new URLSearchParams(location.search).getAll("r").includes("lr0.001_sgd_s2"));

  await page.selectOption("select.importance-target", "val_loss");
  await page.locator("li.importance-entry").first().waitFor({ timeout: 60_000 });
  const ranked = await page
    .locator("li.importance-entry")
    .evaluateAll((li) => li.map((l) => [l.getAttribute("data-param"), l.getAttribute("data-verdict")]));
  assert.deepEqual(ranked[0], ["lr", "matters"]);
  assert.deepEqual(
    ranked.find((r) => r[0] === "optimizer"),
    ["optimizer", "does not matter"],
  );
  await page.click('li.importance-entry[data-param="lr"]');
  const scatter = page.locator('.lineage-scatter[data-drawn="1"]');
  await scatter.waitFor();
  assert.equal(await scatter.getAttribute("data-param"), "lr");
  assert.equal(await scatter.getAttribute("data-xlog"), "1");
  assert.equal(await scatter.getAttribute("data-points"), "20");
  await page.click('li.importance-entry[data-param="optimizer"]');
  await page.locator('.lineage-scatter[data-param="optimizer"][data-drawn="1"]').waitFor();
  assert.equal(await page.locator(".lineage-scatter").getAttribute("data-xlog"), "0");
  // the selection is the one the scalar page compares
  await page.click("text=Compare selected");
  await page.locator('.scalar-card[data-drawn="1"]').first().waitFor({ timeout: 30_000 });
  assert.deepEqual(new URLSearchParams(new URL(page.url()).search).getAll("r"), ["lr0.001_sgd_s2"]);
  assert.deepEqual(pageErrors, []);
});

test("lineage page: 1 000 runs are virtualised: only the rows in view are in the page", async () => {
  await page.goto(`${big.url}?page=lineage&lsort=-idx`);
  await rowsShown(1000);
  const rendered = Number(await page.locator("table.lineage-table").getAttribute("data-rendered"));
  assert.ok(rendered > 10 && rendered < 60, `${rendered} rows in the page`);
  assert.equal(await page.locator("tr.lineage-row").count(), rendered);
  assert.equal(await page.locator("tr.lineage-row").first().getAttribute("data-run"), "run0999");
  await page.locator(".lineage-scroll").evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await page.locator('tr.lineage-row[data-run="run0000"]').waitFor();
  assert.ok((await page.locator("tr.lineage-row").count()) < 60);
  await page.fill("input.lineage-filter", "idx >= 990");
  await page.press("input.lineage-filter", "Enter");
  await rowsShown(10);
  assert.deepEqual(pageErrors, []);
});

test("scalar page, align by role: a Lightning-style and a Keras-style run share the training- and validation-loss charts", async () => {
  const runs = ["keras_run", "lightning_logs/version_0"];
  await page.goto(`${aligned.url}?page=scalars&${runs.map((r) => "r=" + encodeURIComponent(r)).join("&")}`);
  await page.locator('.scalar-card[data-tag="train/epoch_loss"][data-drawn="1"]').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('.scalar-card[data-tag^="role:"]').count(), 0, "no role cards unless asked");
  await page.check("input.align-by-role");
  await page.waitForFunction(() => location.search.includes("align=1"));
  const train = page.locator('.scalar-card[data-tag="role:train_loss"][data-drawn="1"]');
  await train.waitFor({ timeout: 30_000 });
  assert.deepEqual(JSON.parse((await train.getAttribute("data-series")) ?? "[]"), [
    "keras_run · train/epoch_loss",
    "lightning_logs/version_0 · train_loss_step",
  ]);
  assert.equal(await train.locator("h3").textContent(), "train_loss (by role)");
  const val = page.locator('.scalar-card[data-tag="role:val_loss"][data-drawn="1"]');
  await val.waitFor();
  assert.deepEqual(JSON.parse((await val.getAttribute("data-series")) ?? "[]"), [
    "keras_run · validation/epoch_loss",
    "lightning_logs/version_0 · val_loss",
  ]);
  // series shown in a role card get no card of their own; the others keep theirs
  assert.equal(await page.locator('.scalar-card[data-tag="val_loss"]').count(), 0);
  assert.equal(await page.locator('.scalar-card[data-tag="train_loss_epoch"]').count(), 1);
  assert.deepEqual(pageErrors, []);
});

test("scalar page, run groups: seeds of one configuration drawn as their mean with a min–max band", async () => {
  const runs = ["lr0.01_adam_s1", "lr0.01_adam_s2", "lr0.0001_sgd_s1", "lr0.0001_sgd_s2"];
  await page.goto(`${server.url}?page=scalars&smooth=0&${runs.map((r) => "r=" + r).join("&")}`);
  await page.locator('.scalar-card[data-tag="val_loss"][data-drawn="1"]').waitFor({ timeout: 30_000 });
  await page.fill("input.group-spec", "_s\\d+$");
  await page.press("input.group-spec", "Enter");
  const card = page.locator('.scalar-card[data-tag="val_loss"][data-bands="2"]');
  await card.waitFor({ timeout: 30_000 });
  const groups = JSON.parse((await card.getAttribute("data-groups")) ?? "[]") as { name: string; n: number; last: number }[];
  assert.deepEqual(
    groups.map((g) => [g.name, g.n]),
    [
      ["lr0.01_adam", 2],
      ["lr0.0001_sgd", 2],
    ],
  );
  // the last validation loss of each seed is 0.1 − 0.02·log10(lr) + 0.001·seed: the mean is at seed 1.5
  assert.ok(Math.abs(groups[0].last - 0.1415) < 1e-6, String(groups[0].last));
  assert.ok(Math.abs(groups[1].last - 0.1815) < 1e-6, String(groups[1].last));
  assert.ok(page.url().includes("group=_s%5Cd%2B%24"), page.url());
  assert.deepEqual(pageErrors, []);
});
