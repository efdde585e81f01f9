// Browser tests of the scalar charts and the run list in Debian's Chromium (playwright-core, one
// browser for the file): logdirs written with the project's own TensorBoard event encoder (tiny
// gradient norms, a narrow range, huge values, NaN/±Inf after the last finite step, an all-NaN tag,
// a single point, a truncated and a corrupt file), the real server, and the web app built from the
// current sources into a temporary directory. Every assertion reads back what the page shows: the
// tick labels the axes drew (data-yticks, written by the axis formatter), canvas pixels, the hover
// readout's text, the run list's text.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page, Locator } from "playwright-core";
import { startServer, type RunningServer } from "../server/index.ts";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";
import { launchChromium } from "../../scripts/chromium.ts";
import { buildWeb } from "../../scripts/web_build.ts";

const T0 = 1_700_000_000;
/** A file name with markup in it: the run list must show it as text. */
const NASTY = "events.out.tfevents.1700000000.<img src=x onerror=alert(1)>.0";

let tmp: string;
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const damage: { truncatedAt: number; corruptAt: number } = { truncatedAt: -1, corruptAt: -1 };

function writeRun(
  name: string,
  tag: string,
  points: [step: number, value: number][],
  file = "events.out.tfevents.1700000000.charts.0",
): string {
  const dir = path.join(tmp, "logs", name);
  fs.mkdirSync(dir, { recursive: true });
  const recs = [fileVersionEvent(T0), ...points.map(([s, v], i) => scalarEvent(tag, s, v, T0 + s * 10, { withPluginMetadata: i === 0 }))];
  const p = path.join(dir, file);
  fs.writeFileSync(p, frameRecords(recs));
  return p;
}

const range = (n: number, f: (i: number) => number): [number, number][] => Array.from({ length: n }, (_, i) => [i, f(i)]);
const narrowValue = (i: number) => 0.347 + 0.001 * (i / 49);

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-charts-"));
  const webRoot = path.join(tmp, "web");
  buildWeb(webRoot);

  writeRun(
    "tiny",
    "grad/norm",
    range(50, (i) => 1e-6 * (1 + 0.5 * Math.sin(i / 5))),
  );
  writeRun("narrow", "loss/narrow", range(50, narrowValue));
  writeRun(
    "huge",
    "loss/huge",
    range(20, (i) => 4e32 + i * 0.05e32),
  );
  writeRun("nan_tail", "loss/tail", [
    ...range(30, (i) => 1 / (1 + i)),
    ...range(10, () => NaN).map(([s, v]): [number, number] => [s + 30, v]),
    [40, Infinity],
    [45, -Infinity],
  ]);
  writeRun(
    "all_nan",
    "loss/allnan",
    range(12, () => NaN),
  );
  writeRun("single", "loss/single", [[7, 0.5]]);
  writeRun(
    "decades",
    "loss/decades",
    range(50, (i) => 10 ** (-i / 8)),
  );

  // A run with a truncated file (the last record cut in half) and a file with a corrupt payload byte.
  const dDir = path.join(tmp, "logs", "damaged");
  fs.mkdirSync(dDir, { recursive: true });
  const lossRecords = (tag: string) => [
    fileVersionEvent(T0),
    ...range(10, (i) => 2 - i / 10).map(([s, v], i) => scalarEvent(tag, s, v, T0 + s, { withPluginMetadata: i === 0 })),
  ];
  const recs = lossRecords("loss");
  const whole = frameRecords(recs);
  const head = frameRecords(recs.slice(0, -1));
  damage.truncatedAt = head.length;
  fs.writeFileSync(
    path.join(dDir, "events.out.tfevents.1700000000.cut.0"),
    whole.subarray(0, head.length + Math.floor((whole.length - head.length) / 2)),
  );
  const other = lossRecords("loss_b");
  const corrupt = Buffer.from(frameRecords(other));
  const start = frameRecords(other.slice(0, 4)).length; // 5th record: 12-byte header, then its payload
  corrupt[start + 12 + 3] ^= 0xff;
  damage.corruptAt = start;
  fs.writeFileSync(path.join(dDir, NASTY), corrupt);

  server = await startServer({ logdir: path.join(tmp, "logs"), port: 0, refreshMs: 60_000, webRoot });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "UTC", deviceScaleFactor: 1 });
  page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("dialog", (d) => {
    pageErrors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Opens the scalar page of `runs` and waits until the card of `tag` is drawn. */
async function card(runs: string[], tag: string, extra = ""): Promise<Locator> {
  await page.goto(`${server.url}?page=scalars&${runs.map((r) => "r=" + r).join("&")}${extra}`);
  const c = page.locator(`.scalar-card[data-tag="${tag}"][data-drawn="1"]`);
  await c.waitFor({ timeout: 20_000 });
  return c;
}

/**
 * Moves the mouse to a point of the card's plot (fractions of its width and height; 1 = 2 px inside
 * the right edge) until `selector` shows text there, and returns it. The card may be drawn again
 * just after it first reads as drawn (a later answer for the page), so the plot is looked up anew
 * on each try.
 */
async function hoverUntil(c: Locator, fx: number, fy: number, selector: string): Promise<string> {
  const until = Date.now() + 10_000;
  for (;;) {
    const box = await c.locator(".u-over").boundingBox();
    if (box) {
      await page.mouse.move(box.x + Math.min(box.width * fx, box.width - 2), box.y + box.height * fy);
      const text = await c
        .locator(selector)
        .textContent({ timeout: 1_000 })
        .catch(() => null);
      if (text) return text;
    }
    if (Date.now() > until) throw new Error(`no ${selector} after hovering the chart for 10 s`);
    await page.waitForTimeout(100);
  }
}

async function yTicks(c: Locator): Promise<string[]> {
  return JSON.parse((await c.getAttribute("data-yticks")) ?? "[]") as string[];
}

/** The tick labels fit in the y axis (nothing clipped) and distinct ticks read differently. */
async function assertReadableAxis(c: Locator, ticks: string[]): Promise<void> {
  assert.ok(ticks.length >= 3, `at least 3 y ticks: ${ticks}`);
  assert.equal(new Set(ticks).size, ticks.length, `distinct labels: ${ticks}`);
  for (const t of ticks) assert.ok(Number.isFinite(Number(t)), `a plain number: ${t}`);
  const label = Number(await c.getAttribute("data-ylabel-px")),
    axis = Number(await c.getAttribute("data-yaxis-px"));
  assert.ok(label > 0 && label + 10 <= axis, `labels ${label}px fit in the ${axis}px axis`);
}

/** Canvas pixels of a colour (within a tolerance) in a rectangle of the card's chart canvas (canvas pixels). */
async function pixelsOf(c: Locator, rgb: [number, number, number], rect?: { x: number; y: number; r: number }): Promise<number> {
  return c.evaluate(
    (el, [rgb, rect]) => {
      const cv = el.querySelector("canvas") as HTMLCanvasElement;
      const [x0, y0, w, h] = rect
        ? [Math.max(0, rect.x - rect.r), Math.max(0, rect.y - rect.r), 2 * rect.r + 1, 2 * rect.r + 1]
        : [0, 0, cv.width, cv.height];
      const d = cv.getContext("2d")!.getImageData(x0, y0, w, h).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4)
        if (d[i + 3] > 200 && Math.abs(d[i] - rgb[0]) < 24 && Math.abs(d[i + 1] - rgb[1]) < 24 && Math.abs(d[i + 2] - rgb[2]) < 24) n++;
      return n;
    },
    [rgb, rect] as const,
  );
}

test("gradient norms around 1e-6 get scientific tick labels, not 0, 0, 0", async () => {
  const c = await card(["tiny"], "grad/norm");
  const ticks = await yTicks(c);
  await assertReadableAxis(c, ticks);
  assert.ok(
    ticks.filter((t) => t !== "0").every((t) => /e-[67]$/.test(t)),
    `scientific labels: ${ticks}`,
  );
  const values = ticks.map(Number);
  assert.ok(Math.min(...values) <= 0.6e-6 && Math.max(...values) >= 1.4e-6, `labels span the data (0.5e-6..1.5e-6): ${ticks}`);
});

test("a narrow range (0.3470-0.3480) gets enough digits to tell ticks apart", async () => {
  const c = await card(["narrow"], "loss/narrow", "&smooth=0");
  const ticks = await yTicks(c);
  await assertReadableAxis(c, ticks);
  for (const t of ticks) assert.match(t, /^0\.34[6-9]\d+$/, `4+ significant digits: ${ticks}`);
  const v = ticks.map(Number);
  assert.ok(v[0] <= 0.3471 && v[v.length - 1] >= 0.3479, `ticks cover the range: ${ticks}`);
});

test("huge values (5e32) read in scientific notation and fit the axis; the log-scale toggle keeps them", async () => {
  const c = await card(["huge"], "loss/huge");
  const ticks = await yTicks(c);
  await assertReadableAxis(c, ticks);
  for (const t of ticks) assert.match(t, /^\d(\.\d+)?e32$/, `scientific labels: ${ticks}`);
  const v = ticks.map(Number);
  assert.ok(v[0] <= 4.1e32 && v[v.length - 1] >= 4.9e32, `ticks cover 4e32..4.95e32: ${ticks}`);

  await page.locator("label", { hasText: "log y" }).locator("input").check();
  await page.waitForFunction(() => location.search.includes("log=1"));
  const logCard = page.locator('.scalar-card[data-tag="loss/huge"][data-drawn="1"]');
  await page.waitForFunction(() =>
    JSON.parse(document.querySelector('.scalar-card[data-tag="loss/huge"]')?.getAttribute("data-yticks") ?? "[]").some((t: string) =>
      /e32$/.test(t),
    ),
  );
  const logTicks = await yTicks(logCard);
  assert.ok(logTicks.length >= 1 && logTicks.every((t) => /e3[23]$/.test(t)), `log ticks: ${logTicks}`);
});

test("log scale over six decades: each tick label reads on its own (1e-6, 1e-4, 0.01, 1), no padding zeros", async () => {
  const c = await card(["decades"], "loss/decades", "&log=1");
  const ticks = await yTicks(c);
  assert.ok(ticks.length >= 3, `log ticks: ${ticks}`);
  assert.equal(new Set(ticks).size, ticks.length, `distinct: ${ticks}`);
  for (const t of ticks) assert.match(t, /^(1|0\.0*1|1e-\d|[25]e-\d|0\.0*[25])$/, `a 1/2/5 × 10^k label without padding zeros: ${ticks}`);
  assert.ok(ticks.includes("1") && ticks.some((t) => /e-[56]$/.test(t)), `spans 1e-6..1: ${ticks}`);
});

test("NaN and ±Inf after the last finite step are drawn as markers and the x axis reaches them", async () => {
  const c = await card(["nan_tail"], "loss/tail");
  const [xMin, xMax] = JSON.parse((await c.getAttribute("data-xrange"))!) as [number, number];
  assert.ok(xMin <= 0 && xMax >= 45, `x axis 0..45, got ${xMin}..${xMax}`);
  const markers = JSON.parse((await c.getAttribute("data-markers"))!) as { step: number; kind: string; x: number; y: number }[];
  assert.deepEqual(
    markers.map((m) => m.step),
    [30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 45],
  );
  const width = await c.evaluate((el) => (el.querySelector("canvas") as HTMLCanvasElement).width);
  const last = markers.find((m) => m.step === 45)!;
  assert.ok(last.x > 0 && last.x < width, `the -Inf marker at step 45 is inside the canvas (x=${last.x} of ${width})`);
  assert.ok((await pixelsOf(c, [0xe6, 0x51, 0x00], { ...last, r: 4 })) >= 8, "the -Inf marker is painted (orange)");
  const nan = markers.find((m) => m.step === 35)!;
  assert.ok((await pixelsOf(c, [0xb0, 0x00, 0x20], { ...nan, r: 4 })) >= 8, "a NaN marker is painted (red)");
  assert.equal(await c.locator(".badge.nan").textContent(), "NaN 10");
  // The last finite point is left of the markers: the x axis does not stop at step 29.
  assert.ok(markers.every((m) => m.x > 0));
});

test("an all-NaN series says so inside the chart", async () => {
  const c = await card(["all_nan"], "loss/allnan");
  assert.equal((await c.locator(".chart-wrap .chart-note").textContent())?.trim(), "all 12 points are NaN");
  const markers = JSON.parse((await c.getAttribute("data-markers"))!) as unknown[];
  assert.equal(markers.length, 12, "each NaN is a marker");
  assert.ok((await pixelsOf(c, [0xb0, 0x00, 0x20])) > 50, "the NaN markers are painted");
});

test("a single finite point is visible", async () => {
  const c = await card(["single"], "loss/single");
  assert.equal(await c.getAttribute("data-points"), "1");
  // The run's colour (#1f77b4) is painted: the point is a dot, not a zero-length line.
  assert.ok((await pixelsOf(c, [0x1f, 0x77, 0xb4])) >= 15, "the single point is drawn");
  const ticks = await yTicks(c);
  assert.ok(ticks.some((t) => Number(t) < 0.5) && ticks.some((t) => Number(t) > 0.5), `the y axis brackets 0.5: ${ticks}`);
});

test("hovering one chart shows run, step, raw and smoothed value and wall time in every chart", async () => {
  const narrow = await card(["narrow", "tiny"], "loss/narrow");
  const tiny = page.locator('.scalar-card[data-tag="grad/norm"][data-drawn="1"]');
  await tiny.waitFor({ timeout: 20_000 });
  await narrow.scrollIntoViewIfNeeded();
  const text = await hoverUntil(narrow, 0.5, 0.5, '.readout-row[data-run="narrow"]');
  const m = /^narrow step (\d+) · value ([\d.e-]+) · smoothed ([\d.e-]+) · (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)$/.exec(text.trim());
  assert.ok(m, `readout text: ${text}`);
  const step = Number(m[1]);
  assert.ok(step >= 20 && step <= 29, `mid-chart step: ${step}`);
  assert.ok(Math.abs(Number(m[2]) - Math.fround(narrowValue(step))) < 1e-6, `raw value of step ${step}: ${m[2]}`);
  assert.ok(Number(m[3]) > 0.347 && Number(m[3]) < Number(m[2]), `smoothed (EMA lags a rising curve): ${m[3]}`);
  assert.equal(m[4], new Date((T0 + step * 10) * 1000).toISOString().slice(0, 19).replace("T", " "));
  // The other chart's cursor follows (synchronised): its readout shows the same step of the other run.
  const other = tiny.locator('.readout-row[data-run="tiny"]');
  await other.waitFor({ timeout: 5_000 });
  const otherText = (await other.textContent())!;
  const m2 = /^tiny step (\d+) · value ([\d.]+e-\d) · smoothed [\d.]+e-\d · /.exec(otherText.trim());
  assert.ok(m2, `synchronised readout: ${otherText}`);
  assert.ok(Math.abs(Number(m2[1]) - step) <= 1, `same step in both charts: ${m2[1]} vs ${step}`);
  const expected = Math.fround(1e-6 * (1 + 0.5 * Math.sin(Number(m2[1]) / 5)));
  assert.ok(Math.abs(Number(m2[2]) - expected) / expected < 1e-4, `raw tiny value ${m2[2]} vs ${expected}`);
  // Dragging zooms the chart it happens in only (the cursor is shared, the zoom is not).
  const box = (await narrow.locator(".u-over").boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await narrow.locator("text=reset zoom").waitFor({ timeout: 10_000 });
  await page.waitForFunction(
    () => Number(document.querySelector('.scalar-card[data-tag="loss/narrow"]')?.getAttribute("data-points")) < 20,
  );
  assert.equal(await tiny.locator("text=reset zoom").count(), 0);
  assert.equal(await tiny.getAttribute("data-points"), "50");
});

test("x axis in relative time: second ticks over the run's duration; the readout still names the step", async () => {
  const c = await card(["narrow"], "loss/narrow", "&x=relative");
  const ticks = JSON.parse((await c.getAttribute("data-xticks"))!) as string[];
  assert.ok(ticks.length >= 3 && ticks.every((t) => /^\d+s$/.test(t)), `seconds: ${ticks}`);
  assert.equal(ticks[0], "0s");
  assert.ok(Number(ticks[ticks.length - 1].slice(0, -1)) >= 400, `up to 490 s: ${ticks}`);
  const readout = await hoverUntil(c, 1, 0.5, '.readout-row[data-run="narrow"]');
  assert.match(readout, /^narrow step 49 · value 0\.348 · /);
});

test("the run list shows each run's damaged files with byte offsets, as text", async () => {
  await page.goto(`${server.url}?page=runs`);
  const row = page.locator('.run-row[data-run="damaged"]');
  await row.locator(".file-problem").first().waitFor({ timeout: 20_000 });
  const items = await row.locator(".file-problem").allTextContents();
  assert.ok(
    items.some((t) => t.includes(`damaged/events.out.tfevents.1700000000.cut.0 at byte ${damage.truncatedAt}: truncated`)),
    `truncation listed: ${items.join(" | ")}`,
  );
  assert.equal(items.length, 2, `exactly the two damaged files: ${items.join(" | ")}`);
  assert.ok(
    items.some((t) => t.includes(`damaged/${NASTY} at byte ${damage.corruptAt}: bad_data_crc`)),
    `corrupt record listed, markup shown as text: ${items.join(" | ")}`,
  );
  assert.equal(await row.locator("img").count(), 0, "no markup from a file name is rendered");
  assert.deepEqual(pageErrors, [], "no script error or dialog on any page");
});
