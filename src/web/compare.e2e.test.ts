// Browser tests of run comparison in Debian's Chromium (playwright-core), on the real server and the
// web app built from the current sources. Logdirs: an lr × optimizer × seed grid written with the
// project's TensorBoard event encoder plus hparams.json (the validation loss depends on lr only) and
// two runs whose loss blows up to NaN at lr 0.5; a run logged at steps 0…1000; the MindSpore fixture
// (test/fixtures/generated/mindspore, with its dataset graph) beside a run written by the recorder's
// SummaryWriter with a data note. Every assertion reads back what the page shows: lines kept by a
// brush, rows of the table, run-list rows and chart series after brushing; tags after a server
// restart (and where the file is); the log step axis' tick labels; group rows' mean ± std; the
// runs filtered by cause and the findings shared across runs; the dataset facts that differ.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { startServer, annotationsPath, type RunningServer } from "../server/index.ts";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";
import { SummaryWriter } from "../recorder/index.ts";
import { launchChromium } from "../../scripts/chromium.ts";
import { buildWeb } from "../../scripts/web_build.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const T0 = 1_700_000_000;
const LRS = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2];

let tmp: string;
let webRoot: string;
let grid: string;
let cache: string;
let server: RunningServer;
let logx: RunningServer;
let data: RunningServer;
let prefixed: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

function writeRun(root: string, name: string, hparams: Record<string, unknown>, series: Record<string, [number, number][]>): void {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  const recs = [fileVersionEvent(T0)];
  for (const [tag, pts] of Object.entries(series))
    pts.forEach(([step, v], i) => recs.push(scalarEvent(tag, step, v, T0 + step, { withPluginMetadata: i === 0 })));
  fs.writeFileSync(path.join(dir, "events.out.tfevents.1700000000.compare.0"), frameRecords(recs));
  if (Object.keys(hparams).length) fs.writeFileSync(path.join(dir, "hparams.json"), JSON.stringify(hparams));
}

const steps = (vals: number[]): [number, number][] => vals.map((v, i) => [i, v]);

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-compare-e2e-"));
  webRoot = path.join(tmp, "web");
  buildWeb(webRoot);
  cache = path.join(tmp, "cache");
  grid = path.join(tmp, "grid");
  for (const lr of LRS)
    for (const optimizer of ["adam", "sgd"])
      for (const seed of [1, 2]) {
        const floor = 0.1 - 0.02 * Math.log10(lr) + 0.001 * seed;
        const val = [1, 0.5, floor + 0.01, floor];
        writeRun(
          grid,
          `lr${lr}_${optimizer}_s${seed}`,
          { lr, optimizer, seed },
          { train_loss: steps(val.map((v) => v * 1.1)), val_loss: steps(val) },
        );
      }
  for (const name of ["diverged_a", "diverged_b"]) {
    const loss = Array.from({ length: 60 }, (_, i) => (i < 30 ? 2.3 - i * 0.01 : i < 50 ? 2 * Math.exp((i - 30) * 0.4) : NaN));
    writeRun(grid, name, { lr: 0.5, optimizer: "sgd", seed: 1 }, { train_loss: steps(loss) });
  }
  const logxDir = path.join(tmp, "logx");
  writeRun(
    logxDir,
    "long",
    {},
    { loss: [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].map((s) => [s, 1 / Math.sqrt(s + 1)] as [number, number]) },
  );
  const dataDir = path.join(tmp, "data");
  fs.cpSync(path.join(repo, "test/fixtures/generated/mindspore/lenet_summary"), path.join(dataDir, "lenet_summary"), { recursive: true });
  const w = new SummaryWriter(path.join(dataDir, "cifar_aug"));
  w.addHparams({ lr: 0.01, batch_size: 64, augment: "flip+crop", data_dir: "/data/cifar10" }, ["loss"]);
  w.addText("data", "cifar10 train 45000 / val 5000", 0);
  for (let i = 0; i < 5; i++) w.addScalar("loss", 1 / (i + 1), i);
  w.close();

  const prefixedDir = path.join(tmp, "prefixed");
  writeRun(
    prefixedDir,
    "run",
    {},
    { "train/loss": steps([1, 0.5, 0.3]), "train/accuracy": steps([0.3, 0.6, 0.8]), "val/loss": steps([1.1, 0.6, 0.4]) },
  );
  prefixed = await startServer({ logdir: prefixedDir, port: 0, refreshMs: 60_000, webRoot, cacheDir: cache });
  server = await startServer({ logdir: grid, port: 0, refreshMs: 60_000, webRoot, cacheDir: cache });
  logx = await startServer({ logdir: logxDir, port: 0, refreshMs: 60_000, webRoot, cacheDir: cache });
  data = await startServer({ logdir: dataDir, port: 0, refreshMs: 60_000, webRoot, cacheDir: cache });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "UTC", deviceScaleFactor: 1 });
  page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.close();
  await server?.close();
  await logx?.close();
  await data?.close();
  await prefixed?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function rowsShown(n: number): Promise<void> {
  await page.locator(`table.lineage-table[data-rows="${n}"]`).waitFor({ timeout: 30_000 });
}

/** Drags along an axis of the parallel coordinates between two fractions of its height (0 = top). */
async function brush(axis: string, from: number, to: number): Promise<void> {
  const hit = page.locator(`.pc-axis[data-axis="${axis}"] .pc-hit`);
  const box = (await hit.boundingBox())!;
  const line = (await page.locator(`.pc-axis[data-axis="${axis}"] .pc-axis-line`).boundingBox())!;
  const x = box.x + box.width / 2;
  await page.mouse.move(x, line.y + line.height * from);
  await page.mouse.down();
  await page.mouse.move(x, line.y + line.height * ((from + to) / 2), { steps: 4 });
  await page.mouse.move(x, line.y + line.height * to, { steps: 4 });
  await page.mouse.up();
}

test("parallel coordinates: brushing the lr axis filters the lineage table, the run list and the scalar page", async () => {
  await page.goto(`${server.url}?page=lineage&pc=lr&pc=optimizer&pc=val_loss&r=lr0.01_sgd_s1`);
  await rowsShown(22);
  const svg = page.locator("svg.parallel-coords");
  await svg.waitFor();
  assert.equal(await svg.getAttribute("data-lines"), "22");
  // the run selected for the chart pages is drawn thicker
  assert.equal(await svg.getAttribute("data-selected"), "1");
  assert.equal(await page.locator("path.pc-line.selected").getAttribute("data-run"), "lr0.01_sgd_s1");
  // the style sheet reaches the chart: lines are strokes, not filled shapes; axes are thin grey lines
  const look = {
    lineFill: await page
      .locator(".pc-line")
      .first()
      .evaluate((e) => getComputedStyle(e).fill),
    axisStroke: await page
      .locator(".pc-axis-line")
      .first()
      .evaluate((e) => getComputedStyle(e).stroke),
    hitFill: await page
      .locator(".pc-hit")
      .first()
      .evaluate((e) => getComputedStyle(e).fill),
  };
  assert.deepEqual(look, { lineFill: "none", axisStroke: "rgb(85, 85, 85)", hitFill: "rgba(0, 0, 0, 0)" });
  assert.equal(await page.locator('.pc-axis[data-axis="lr"]').getAttribute("data-kind"), "log");
  assert.equal(await page.locator('.pc-axis[data-axis="optimizer"]').getAttribute("data-kind"), "category");
  assert.deepEqual(JSON.parse((await page.locator('.pc-axis[data-axis="lr"]').getAttribute("data-ticks"))!), [
    "1e-4",
    "0.001",
    "0.01",
    "0.1",
  ]);
  // lr spans 1e-4 … 0.5 on a log axis (3.7 decades): the top half keeps lr 0.01 and 0.5 (4 + 2 runs)
  await brush("lr", 0, 0.5);
  await page.locator('svg.parallel-coords[data-kept="6"]').waitFor();
  await rowsShown(6);
  const lrs = (await page.locator('tr.lineage-row td[data-col="lr"]').allTextContents()).map(Number).sort((a, b) => a - b);
  assert.deepEqual(lrs, [0.01, 0.01, 0.01, 0.01, 0.5, 0.5]);
  const url = new URL(page.url());
  const b = JSON.parse(url.searchParams.get("brush")!) as Record<string, [number, number]>;
  assert.ok(b.lr[0] > 0.003 && b.lr[0] < 0.01 && b.lr[1] >= 0.5, JSON.stringify(b));
  // (the banner says "applying…" until the other pages' filter is in place)
  await page.locator(".brush-banner", { hasText: /6 of 22 runs shown on every page/ }).waitFor();
  assert.match((await page.locator(".brush-banner").textContent()) ?? "", /≤ lr ≤ .*6 of 22 runs shown on every page/);
  // a second brush on a category axis (adam at the bottom, sgd at the top): sgd only
  await brush("optimizer", 0, 0.1);
  await page.locator('svg.parallel-coords[data-kept="4"]').waitFor();
  await rowsShown(4);
  assert.deepEqual(new Set(await page.locator('tr.lineage-row td[data-col="optimizer"]').allTextContents()), new Set(["sgd"]));

  // the run list shows the same 4 runs
  await page.click('nav a[data-page="runs"]');
  await page.locator("tr.run-row").first().waitFor();
  assert.deepEqual((await page.locator("tr.run-row").evaluateAll((rs) => rs.map((r) => r.getAttribute("data-run")))).sort(), [
    "diverged_a",
    "diverged_b",
    "lr0.01_sgd_s1",
    "lr0.01_sgd_s2",
  ]);
  // sorted by the last validation loss, worst first; "select first 1" picks the worst of the brushed runs
  await page.selectOption("select.run-sort", "-val_loss");
  await page.waitForFunction(() => new URLSearchParams(location.search).get("rsort") === "-val_loss");
  assert.deepEqual(await page.locator("tr.run-row").evaluateAll((rs) => rs.map((r) => r.getAttribute("data-run"))), [
    "lr0.01_sgd_s2",
    "lr0.01_sgd_s1",
    "diverged_a",
    "diverged_b",
  ]);
  await page.fill("input.top-n", "1");
  await page.press("input.top-n", "Enter");
  await page.click("button.select-top");
  await page.waitForFunction(() => new URLSearchParams(location.search).getAll("r").join() === "lr0.01_sgd_s2");
  // the scalar page compares only runs inside the brushes, even when others are selected
  const selected = ["lr0.0001_sgd_s1", "lr0.01_sgd_s1", "lr0.01_adam_s1", "lr0.01_sgd_s2"];
  const brushParam = new URL(page.url()).searchParams.get("brush")!;
  await page.goto(`${server.url}?page=scalars&${selected.map((r) => "r=" + r).join("&")}&brush=${encodeURIComponent(brushParam)}`);
  const card = page.locator('.scalar-card[data-tag="val_loss"][data-drawn="1"]');
  await card.waitFor({ timeout: 30_000 });
  assert.deepEqual(JSON.parse((await card.getAttribute("data-series"))!), ["lr0.01_sgd_s1", "lr0.01_sgd_s2"]);
  await page.locator(".brush-banner", { hasText: /2 of 4 selected/ }).waitFor();
  assert.match((await page.locator(".brush-banner").textContent()) ?? "", /2 of 4 selected/);
  // clearing the brushes brings every selected run back
  await page.click("button.clear-brushes");
  await page.waitForFunction(() => !new URLSearchParams(location.search).has("brush"));
  await page.waitForFunction(
    () => JSON.parse(document.querySelector('.scalar-card[data-tag="val_loss"]')?.getAttribute("data-series") ?? "[]").length === 4,
  );
  // a click on an axis without a drag removes its brush
  await page.goto(`${server.url}?page=lineage&pc=lr&pc=val_loss&brush=${encodeURIComponent('{"lr":[0.005,1]}')}`);
  await rowsShown(6);
  const hit = (await page.locator('.pc-axis[data-axis="lr"] .pc-hit').boundingBox())!;
  await page.mouse.click(hit.x + hit.width / 2, hit.y + hit.height / 2);
  await rowsShown(22);
  assert.deepEqual(pageErrors, []);
});

test("tags and notes: saved from the lineage page, kept in the cache directory, still there after a server restart", async () => {
  const before = fs.readdirSync(grid, { recursive: true, encoding: "utf8" }).sort();
  await page.goto(`${server.url}?page=lineage&lc=run&lc=lr&lc=tags&lc=note`);
  await rowsShown(22);
  await page.click('tr.lineage-row[data-run="lr0.01_adam_s1"] button.edit-tags');
  await page.fill(".annotation-editor input.annotation-tags", "baseline, best lr");
  await page.fill(".annotation-editor textarea.annotation-note", "keep <b>this</b> one");
  await page.click(".annotation-editor button.annotation-save");
  await page.locator(".annotation-saved").waitFor();
  await page.locator('tr.lineage-row[data-run="lr0.01_adam_s1"] .tag-chip').first().waitFor();
  assert.deepEqual(await page.locator('tr.lineage-row[data-run="lr0.01_adam_s1"] .tag-chip').allTextContents(), ["baseline", "best lr"]);
  assert.equal(await page.locator('tr.lineage-row[data-run="lr0.01_adam_s1"] td[data-col="note"]').textContent(), "keep <b>this</b> one");
  // the file is in the cache directory, and nothing changed in the logdir
  const file = annotationsPath(grid, cache);
  assert.ok(fs.existsSync(file), file);
  assert.deepEqual(JSON.parse(fs.readFileSync(file, "utf8")).runs["lr0.01_adam_s1"].tags, ["baseline", "best lr"]);
  assert.deepEqual(fs.readdirSync(grid, { recursive: true, encoding: "utf8" }).sort(), before);

  // restart the server on the same logdir
  await server.close();
  server = await startServer({ logdir: grid, port: 0, refreshMs: 60_000, webRoot, cacheDir: cache });
  await page.goto(`${server.url}?page=lineage&lc=run&lc=tags&lfilter=${encodeURIComponent("tags ~ baseline")}`);
  await rowsShown(1);
  assert.equal(await page.locator("tr.lineage-row").getAttribute("data-run"), "lr0.01_adam_s1");
  assert.deepEqual(await page.locator("tr.lineage-row .tag-chip").allTextContents(), ["baseline", "best lr"]);
  // the run list shows them and finds the run by its tag
  await page.goto(`${server.url}?page=runs&q=best`);
  await page.locator("tr.run-row").first().waitFor();
  assert.deepEqual(await page.locator("tr.run-row").evaluateAll((rs) => rs.map((r) => r.getAttribute("data-run"))), ["lr0.01_adam_s1"]);
  assert.deepEqual(await page.locator("tr.run-row .tag-chip").allTextContents(), ["baseline", "best lr"]);
  assert.deepEqual(pageErrors, []);
});

test("log-scale step axis: decades as tick labels, step 0 left out with a note", async () => {
  await page.goto(`${logx.url}?page=scalars&smooth=0`);
  const card = page.locator('.scalar-card[data-tag="loss"][data-drawn="1"]');
  await card.waitFor({ timeout: 30_000 });
  assert.equal(await card.getAttribute("data-xlog"), "0");
  await page.selectOption("select.x-axis", "logstep");
  await page.waitForFunction(() => new URLSearchParams(location.search).get("x") === "logstep");
  const logCard = page.locator('.scalar-card[data-tag="loss"][data-xlog="1"]');
  await logCard.waitFor({ timeout: 30_000 });
  const ticks = JSON.parse((await logCard.getAttribute("data-xticks"))!) as string[];
  for (const t of ["1", "10", "100", "1000"]) assert.ok(ticks.includes(t), `${t} in ${ticks}`);
  assert.ok(!ticks.includes("0"), String(ticks));
  const [lo, hi] = JSON.parse((await logCard.getAttribute("data-xrange"))!) as number[];
  assert.ok(lo > 0 && lo <= 1 && hi >= 1000, `${lo} ${hi}`);
  assert.equal(await logCard.getAttribute("data-points"), "10");
  assert.match((await logCard.locator(".chart-note").textContent()) ?? "", /1 point\(s\) at step ≤ 0 not drawn on the log step axis/);
  assert.deepEqual(pageErrors, []);
});

test("scalar page: a group's median with a ±1 std band; tag cards in collapsible sections by prefix", async () => {
  const runs = ["lr0.01_adam_s1", "lr0.01_adam_s2"];
  await page.goto(
    `${server.url}?page=scalars&smooth=0&group=${encodeURIComponent("_s\\d+$")}&gstat=median&gband=std&${runs.map((r) => "r=" + r).join("&")}`,
  );
  const card = page.locator('.scalar-card[data-tag="val_loss"][data-bands="1"]');
  await card.waitFor({ timeout: 30_000 });
  const [g] = JSON.parse((await card.getAttribute("data-groups"))!) as {
    name: string;
    n: number;
    last: number;
    lastLow: number;
    lastHigh: number;
  }[];
  // last values 0.141 and 0.142: median 0.1415, std 0.000707
  assert.equal(g.n, 2);
  assert.ok(Math.abs(g.last - 0.1415) < 1e-6, String(g.last));
  assert.ok(Math.abs(g.lastHigh - g.last - Math.SQRT1_2 * 0.001) < 1e-6 && Math.abs(g.last - g.lastLow - Math.SQRT1_2 * 0.001) < 1e-6);
  assert.equal(await page.locator("select.group-band").inputValue(), "std");

  // sections: a run whose only tag has no prefix gets no section header; a run with train/ and val/
  // tags gets two sections, and a collapsed one draws no card
  await page.goto(`${logx.url}?page=scalars&smooth=0`);
  await page.locator(".scalar-card").first().waitFor({ timeout: 30_000 });
  assert.equal(await page.locator("details.tag-section").count(), 0, "one section without a prefix: no header");
  await page.goto(`${prefixed.url}?page=scalars&smooth=0`);
  await page.locator('details.tag-section[data-section="train"] .scalar-card[data-drawn="1"]').first().waitFor({ timeout: 30_000 });
  assert.deepEqual(await page.locator("details.tag-section").evaluateAll((d) => d.map((x) => x.getAttribute("data-section"))), [
    "train",
    "val",
  ]);
  assert.equal(await page.locator('details.tag-section[data-section="train"] .scalar-card').count(), 2);
  await page.click('details.tag-section[data-section="train"] > summary');
  await page.waitForFunction(() => document.querySelectorAll('details.tag-section[data-section="train"] .scalar-card').length === 0);
  assert.equal(await page.locator('details.tag-section[data-section="val"] .scalar-card').count(), 1);
  assert.deepEqual(pageErrors, []);
});

test("lineage group rows: seeds of a configuration as mean ± std, expandable; runs filtered by cause; findings shared across runs", async () => {
  await page.goto(`${server.url}?page=lineage&group=${encodeURIComponent("_s\\d+$")}&lsort=val_loss`);
  await page.locator('table.lineage-table[data-groups="12"]').waitFor({ timeout: 30_000 });
  const g = page.locator('tr.lineage-group-row[data-group="lr0.01_adam"]');
  assert.equal(await g.getAttribute("data-n"), "2");
  const cellV = g.locator('td[data-col="val_loss"]');
  // best validation loss of the two seeds: 0.141 and 0.142 (stored as float32 in the event file)
  assert.ok(Math.abs(Number(await cellV.getAttribute("data-mean")) - 0.1415) < 1e-6);
  assert.ok(Math.abs(Number(await cellV.getAttribute("data-std")) - Math.SQRT1_2 * 0.001) < 1e-6);
  assert.match((await cellV.textContent()) ?? "", /^0\.1415 ± 7\.07e-4 \(n=2\)$/);
  assert.equal(await g.locator('td[data-col="lr"]').textContent(), "0.01");
  assert.equal(await g.locator('td[data-col="seed"]').textContent(), "2 values");
  // sorted by the group mean: the highest learning rate's groups first
  const order = await page.locator("tr.lineage-group-row").evaluateAll((rs) => rs.map((r) => r.getAttribute("data-group")));
  assert.deepEqual(order.slice(0, 2).sort(), ["lr0.01_adam", "lr0.01_sgd"]);
  assert.equal(await page.locator("tr.lineage-row").count(), 0);
  await g.locator("button.group-toggle").click();
  await page.locator('tr.lineage-row.member[data-run="lr0.01_adam_s2"]').waitFor();
  assert.equal(await page.locator("tr.lineage-row.member").count(), 2);

  // the cause filter: the two runs whose loss blew up
  await page.goto(`${server.url}?page=lineage`);
  await rowsShown(22);
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll("select.cause-filter option")].some((o) => (o as HTMLOptionElement).value === "learning_rate_too_high"),
    undefined,
    { timeout: 60_000 },
  );
  await page.selectOption("select.cause-filter", "learning_rate_too_high");
  await rowsShown(2);
  assert.deepEqual((await page.locator("tr.lineage-row").evaluateAll((rs) => rs.map((r) => r.getAttribute("data-run")))).sort(), [
    "diverged_a",
    "diverged_b",
  ]);
  assert.ok(page.url().includes("lcause=learning_rate_too_high"));

  // the diagnosis page of one says the other shares the finding and the cause, and links back
  await page.goto(`${server.url}?page=diagnosis&run=diverged_a`);
  const shared = page.locator('.shared-with[data-what="learning_rate_too_high"]');
  await shared.waitFor({ timeout: 60_000 });
  assert.equal(await shared.getAttribute("data-shared"), "1");
  assert.deepEqual(await shared.locator("a.shared-run").allTextContents(), ["diverged_b"]);
  assert.equal(await page.locator('.shared-with[data-what="loss_nan_or_inf"]').getAttribute("data-shared"), "1");
  await shared.locator("a.shared-lineage").click();
  await rowsShown(2);
  assert.equal(new URL(page.url()).searchParams.get("page"), "lineage");
  assert.deepEqual(pageErrors, []);
});

test("dataset lineage: the MindSpore pipeline and a recorder run's data note, the facts that differ marked", async () => {
  await page.goto(`${data.url}?page=lineage`);
  await rowsShown(2);
  const table = page.locator('table.dataset-table[data-runs="2"]');
  await table.waitFor({ timeout: 30_000 });
  assert.equal(await table.locator('tr[data-fact="train.path"] td[data-run="lenet_summary"]').textContent(), "/data/MNIST/train");
  assert.equal(await table.locator('tr[data-fact="note data"] td[data-run="cifar_aug"]').textContent(), "cifar10 train 45000 / val 5000");
  assert.equal(await table.locator('tr[data-fact="hparam batch_size"]').getAttribute("data-differs"), "1");
  assert.deepEqual(
    await page.locator('.pipeline[data-run="lenet_summary"] .pipeline-step').evaluateAll((ls) => ls.map((l) => l.getAttribute("data-op"))),
    ["MnistDataset", "MapDataset", "BatchDataset"],
  );
  assert.deepEqual(await page.locator('.pipeline[data-run="lenet_summary"] .transform').allTextContents(), [
    "Resize",
    "Rescale",
    "Normalize",
    "HWC2CHW",
  ]);
  await page.check("input.dataset-only-diff");
  assert.equal(await table.locator('tr[data-differs="0"]').count(), 0);
  assert.deepEqual(pageErrors, []);
});
