// Browser test (Debian's Chromium through playwright-core) of what a new user meets first, on the
// real server and the web app built from the current sources: the histograms, tensors and images
// pages open on a run that has such data (and say plainly when no run has any); the parallel
// coordinates open on the hyper-parameters that vary and the main metric, with readable ticks; long names in the
// run table and the graph page's node details stay inside their boxes, whole in their title; the
// graph page sets TensorFlow's auxiliary machinery aside, ends edges into an open scope at the
// inner node and draws no edge outside its layout. Every assertion reads back what the page shows.
// Logs: copies of the demo logs (examples/logs, written by TF.js runs), of the MindSpore summary
// fixture (test/fixtures/generated/mindspore/lenet_summary) and of a TF 1.12 Keras graph
// (test/fixtures/tensorboard/guildai/model-proxies, MANIFEST.md); a GraphDef written here from its
// field numbers with the generated schema; the Food-101 Keras run of ../shared/realworld when present.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { startServer, type RunningServer } from "../server/index.ts";
import { launchChromium } from "../../scripts/chromium.ts";
import { buildWeb } from "../../scripts/web_build.ts";
import { create, toBinary } from "@bufbuild/protobuf";
import { encodeEvent, fileVersionEvent, frameRecord, loadProtobufCodecs } from "../format/index.ts";
import { SHARED_REALWORLD } from "../../test/util/realworld.ts";

const { GraphDefSchema } = await loadProtobufCodecs();

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const demo = (name: string) => path.join(repo, "examples/logs", name);

let tmp: string;
let withData: RunningServer;
let withoutData: RunningServer;
let graphs: RunningServer;
let demoServer: RunningServer;
let food: RunningServer | undefined;
const FOOD = path.join(SHARED_REALWORLD, "logs/food101-keras-tb");
const LONG_PARAM = "sequential_1_xception_1_block1_conv1_bn_1_cast_3_readvariableop_resource_kernel_with_a_long_name";
const LONG_VALUE = "/content/" + "custom_lego_dataset_2022_06_15_".repeat(12) + "data.yaml";
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-first-use-e2e-"));
  const webRoot = path.join(tmp, "web");
  buildWeb(webRoot);
  // the first run (by name) holds scalars only, the second histograms, the third images too
  const logs = path.join(tmp, "logs");
  fs.cpSync(demo("healthy_mlp_moons_momentum_cosine_1"), path.join(logs, "a_scalars_only"), { recursive: true });
  // long hyper-parameter keys and values (a dataset path, an array written out), as real runs log them
  const hp = path.join(logs, "a_scalars_only", "hparams.json");
  fs.writeFileSync(
    hp,
    JSON.stringify({ data: LONG_VALUE, [`model_params.${"encoder_".repeat(8)}width`]: 128, ...JSON.parse(fs.readFileSync(hp, "utf8")) }),
  );
  fs.cpSync(demo("dead_relu_very_negative_bias_6"), path.join(logs, "b_histograms"), { recursive: true });
  fs.cpSync(path.join(repo, "test/fixtures/generated/mindspore/lenet_summary"), path.join(logs, "c_lenet"), { recursive: true });
  // a logdir where no run has histograms, tensors or images
  const plain = path.join(tmp, "plain");
  fs.cpSync(demo("healthy_mlp_moons_momentum_cosine_1"), path.join(plain, "moons"), { recursive: true });
  fs.cpSync(demo("overfitting_tiny_train_big_mlp_5"), path.join(plain, "overfitting"), { recursive: true });
  // graphs: TF1 Keras (save/init machinery at its top level) and a GraphDef whose parameter has a long name
  const g = path.join(tmp, "graphs");
  fs.cpSync(path.join(repo, "test/fixtures/tensorboard/guildai/model-proxies/logs"), path.join(g, "keras_tf1"), { recursive: true });
  fs.mkdirSync(path.join(g, "long_names"));
  const graphDef = toBinary(
    GraphDefSchema,
    create(GraphDefSchema, {
      node: [
        { name: "input", op: "Placeholder" },
        { name: LONG_PARAM, op: "VariableV2" },
        { name: "model/MatMul", op: "MatMul", input: ["input", LONG_PARAM] },
      ],
    }),
  );
  fs.writeFileSync(
    path.join(g, "long_names", "events.out.tfevents.1.host.v2"),
    Buffer.concat([frameRecord(fileVersionEvent(1)), frameRecord(encodeEvent({ wallTime: 1, graphDef }))]),
  );
  graphs = await startServer({ logdir: g, port: 0, refreshMs: 60_000, webRoot });
  fs.cpSync(path.join(repo, "examples/logs"), path.join(tmp, "demo"), { recursive: true });
  demoServer = await startServer({ logdir: path.join(tmp, "demo"), port: 0, refreshMs: 60_000, webRoot });
  if (fs.existsSync(FOOD)) food = await startServer({ logdir: FOOD, port: 0, refreshMs: 60_000, webRoot });
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
  await graphs?.close();
  await demoServer?.close();
  await food?.close();
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

/** Elements inside `box` whose right edge passes the box's right edge (what overflows it), as "tag.class text". */
function overflowing(box: string) {
  return page
    .locator(box)
    .first()
    .evaluate((root) => {
      const right = root.getBoundingClientRect().right;
      const out: string[] = [];
      for (const el of root.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > right + 1)
          out.push(`${el.tagName}.${el.getAttribute("class") ?? ""} ${(el.textContent ?? "").slice(0, 40)}`);
      }
      return out;
    });
}

test("long hyper-parameters in the run table end in an ellipsis inside their cell, whole in their title", async () => {
  await page.goto(`${withData.url}?page=runs`);
  const row = page.locator('.run-row.loaded[data-run="a_scalars_only"]');
  await row.waitFor({ timeout: 30_000 });
  // the page does not scroll sideways and nothing passes the right edge of its cell
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
  for (const cell of ["td.hparams", "td.values", "td.name"])
    assert.deepEqual(await overflowing(`.run-row[data-run="a_scalars_only"] ${cell}`), [], cell);
  const kv = row.locator(".kv", { hasText: "data=/content/" });
  assert.equal(await kv.getAttribute("title"), `data=${LONG_VALUE}`);
  const cut = await kv.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, ellipsis: getComputedStyle(el).textOverflow }));
  assert.ok(cut.scroll > cut.client, "the value is cut");
  assert.equal(cut.ellipsis, "ellipsis");
  await shot("runs-long-hparams");
});

test("graph page: a long parameter name wraps inside the node details", async () => {
  await page.goto(`${graphs.url}?page=graph&run=long_names&node=model/MatMul`);
  await page.locator('.graph-details[data-node="model/MatMul"]').waitFor({ timeout: 30_000 });
  const link = page.locator(`.graph-details .param-hists a.node-link[data-node="${LONG_PARAM}"]`);
  assert.equal(await link.getAttribute("title"), LONG_PARAM);
  assert.deepEqual(await overflowing(".graph-side-right"), []);
  assert.equal(await page.locator(".graph-side-right").evaluate((el) => el.scrollWidth - el.clientWidth), 0);
  await shot("graph-details-long-name");
});

/** Edge paths of the graph drawn outside the layout's [0, width] × [0, height] (in layout units). */
function edgesOutside() {
  return page.locator("svg.graph-svg").evaluate((svg) => {
    const W = Number(svg.getAttribute("data-width")),
      H = Number(svg.getAttribute("data-height"));
    const out: string[] = [];
    for (const p of svg.querySelectorAll<SVGPathElement>("path.gedge")) {
      const b = p.getBBox();
      if (b.x < -0.5 || b.y < -0.5 || b.x + b.width > W + 0.5 || b.y + b.height > H + 0.5) out.push(`${p.dataset.v}>${p.dataset.w}`);
    }
    return out;
  });
}

const gitem = (id: string) => page.locator(`g.gitem[data-id="${id}"]`);

test("graph page: TensorFlow's init machinery is set aside, edges into an open scope end at the inner node", async () => {
  await page.goto(`${graphs.url}?page=graph&run=keras_tf1`);
  await page.locator('svg.graph-svg[data-ready="1"]').waitFor({ timeout: 30_000 });
  // the 16 IsVariableInitialized checks, init and group_deps: one group in the auxiliary area
  assert.equal(await page.locator(".aux-area text").textContent(), "auxiliary (1)");
  const group = "s:\u22efauxiliary 1\u201318";
  assert.equal(await gitem(group).getAttribute("data-aux"), "1");
  assert.match((await gitem(group).locator("text").allTextContents()).join(" "), /18 nodes/);
  for (const id of ["s:dense_1", "s:training", "n:dense_1_input"]) assert.equal(await gitem(id).getAttribute("data-aux"), null, id);
  assert.equal(await gitem("n:IsVariableInitialized").count(), 0, "the checks are inside their group");
  // no edge is drawn to the auxiliary group, none leaves the layout
  const ends = await page
    .locator("path.gedge")
    .evaluateAll((ps) => ps.flatMap((p) => [p.getAttribute("data-v"), p.getAttribute("data-w")]));
  assert.ok(!ends.includes(group));
  assert.deepEqual(await edgesOutside(), []);
  await shot("graph-tf1-auxiliary");

  // open dense_1: the input's edge ends at the MatMul inside it, on its border
  await gitem("s:dense_1").click();
  await page.locator('g.gitem[data-id="s:dense_1"][data-expanded="1"]').waitFor();
  const edge = page.locator('path.gedge[data-v="n:dense_1_input"][data-w="n:dense_1/MatMul"]');
  assert.equal(await edge.count(), 1);
  assert.equal(
    await page.locator('path.gedge[data-w="s:dense_1"], path.gedge[data-v="s:dense_1"]').count(),
    0,
    "no edge stops at the open frame",
  );
  const end = await edge.evaluate((p: SVGPathElement) => {
    const e = p.getPointAtLength(p.getTotalLength());
    return { x: e.x, y: e.y };
  });
  const box = await gitem("n:dense_1/MatMul")
    .locator("rect")
    .evaluate((r: SVGRectElement) => {
      const b = r.getBBox();
      return { x: b.x, y: b.y, width: b.width, height: b.height };
    });
  const onBorder =
    end.x >= box.x - 0.6 &&
    end.x <= box.x + box.width + 0.6 &&
    end.y >= box.y - 0.6 &&
    end.y <= box.y + box.height + 0.6 &&
    (Math.abs(end.y - box.y) < 0.6 ||
      Math.abs(end.y - box.y - box.height) < 0.6 ||
      Math.abs(end.x - box.x) < 0.6 ||
      Math.abs(end.x - box.x - box.width) < 0.6);
  assert.ok(onBorder, `edge ends at ${JSON.stringify(end)}, MatMul box ${JSON.stringify(box)}`);
  assert.deepEqual(await edgesOutside(), []);
  await shot("graph-tf1-open-scope");
  assert.deepEqual(pageErrors, []);
});

test("graph page: the Food-101 function graph (../shared/realworld) lays the step out with its machinery aside, every edge inside the canvas", async (t) => {
  if (!food) return t.skip("../shared/realworld absent");
  await page.goto(`${food.url}?page=graph&gi=1`);
  await page.locator('svg.graph-svg[data-ready="1"]').waitFor({ timeout: 60_000 });
  assert.match(await page.locator("select.graph-part").inputValue(), /^__inference_one_step_on_data_/);
  // the gradient tape, the 570 variable handles and the gradient sums are aside; the model and the optimizer are not
  assert.equal(await gitem("s:gradient_tape").getAttribute("data-aux"), "1");
  assert.equal(await gitem("s:sequential_1").getAttribute("data-aux"), null);
  assert.equal(await gitem("s:adam").getAttribute("data-aux"), null);
  const auxCount = Number(await page.locator(".aux-area").getAttribute("data-count"));
  const mainCount = await page.locator("g.gitem:not([data-aux])").count();
  assert.ok(auxCount >= 4 && mainCount < 60, `aux ${auxCount}, main ${mainCount}`);
  assert.deepEqual(await edgesOutside(), []);
  // fitted at first: every edge lies inside the canvas on screen
  const outside = await page.locator("svg.graph-svg").evaluate((svg) => {
    const c = svg.getBoundingClientRect();
    return [...svg.querySelectorAll("path.gedge")].filter((p) => {
      const r = p.getBoundingClientRect();
      return r.left < c.left - 1 || r.top < c.top - 1 || r.right > c.right + 1 || r.bottom > c.bottom + 1;
    }).length;
  });
  assert.equal(outside, 0);
  await shot("graph-food101-function");
  assert.deepEqual(pageErrors, []);
});

test("parallel coordinates open on the varying hyper-parameters and the main metric, with readable ticks", async () => {
  await page.goto(`${demoServer.url}?page=lineage`);
  const svg = page.locator('svg.parallel-coords[data-lines="8"]');
  await svg.waitFor({ timeout: 60_000 });
  // model, output_activation and dropout are the same in every run: no axis; the seed comes after six others
  assert.deepEqual(JSON.parse((await svg.getAttribute("data-axes"))!), [
    "lr",
    "batch_size",
    "epochs",
    "optimizer",
    "hidden",
    "activation",
    "val_loss",
  ]);
  const axis = (a: string) => page.locator(`.pc-axis[data-axis="${a}"]`);
  const ticks = async (a: string) => JSON.parse((await axis(a).getAttribute("data-ticks"))!) as string[];
  // learning rates from 0.005 to 15: a log axis with a tick per decade
  assert.equal(await axis("lr").getAttribute("data-kind"), "log");
  assert.deepEqual(await ticks("lr"), ["0.01", "0.1", "1", "10"]);
  // a few small integers: their own values; categories: every value listed, and drawn
  assert.deepEqual(await ticks("batch_size"), ["8", "16", "32"]);
  assert.equal(await axis("optimizer").getAttribute("data-kind"), "category");
  assert.deepEqual(await axis("optimizer").locator("text.pc-tick-label").allTextContents(), ["adam", "momentum", "rmsprop", "sgd", "—"]);
  assert.equal(await axis("val_loss").getAttribute("data-kind"), "log");
  // the labels drawn on each axis do not overlap
  const overlaps = await page.locator(".pc-axis").evaluateAll((gs) =>
    gs.flatMap((g) => {
      const boxes = [...g.querySelectorAll("text.pc-tick-label")].map((t) => t.getBoundingClientRect()).sort((a, b) => a.top - b.top);
      return boxes
        .slice(1)
        .filter((b, i) => b.top < boxes[i].bottom - 1)
        .map(() => g.getAttribute("data-axis"));
    }),
  );
  assert.deepEqual(overlaps, []);
  await svg.scrollIntoViewIfNeeded();
  await shot("lineage-parallel-coordinates");
});
