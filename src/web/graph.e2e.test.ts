// Browser test of the graph page in Debian's Chromium (playwright-core) on the MindSpore summary
// fixture (test/fixtures/generated/mindspore/lenet_summary: a LeNet5 graph with scopes, parameters,
// weight histograms and a gradient histogram with NaN/Inf that the diagnosis reports) and a copy
// whose graph was edited (one operator changed, one removed, one added). The real server, the web
// app built from the current sources. Every assertion reads back what the page shows: the boxes
// and nodes drawn, the search results, the details panel, the histogram page reached through a
// parameter's link, the node a finding names outlined, and the diff colours; then a TensorFlow 1
// Keras graph_def and a PyTorch add_graph graph (test/fixtures) drawn with their scopes, and the
// nodes named by the structure findings on a recorder-written Keras model config outlined.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { startServer, type RunningServer } from "../server/index.ts";
import { editLeNet, MS_FIXTURE_DIR, writeEditedMindSporeRun } from "../../test/util/mindspore_graph_edit.ts";
import { launchChromium } from "../../scripts/chromium.ts";
import { buildWeb } from "../../scripts/web_build.ts";
import { create, toBinary } from "@bufbuild/protobuf";
import { encodeEvent, fileVersionEvent, frameRecord, loadProtobufCodecs } from "../format/index.ts";

const { GraphDefSchema } = await loadProtobufCodecs();

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const B = "Default/network-WithLossCell/_backbone-LeNet5";
const HOSTILE = `<img src=x onerror="document.title='pwned'">`;

let tmp: string;
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-graph-e2e-"));
  const webRoot = path.join(tmp, "web");
  buildWeb(webRoot);
  const logs = path.join(tmp, "logs");
  fs.cpSync(MS_FIXTURE_DIR, path.join(logs, "lenet_summary"), { recursive: true });
  writeEditedMindSporeRun(path.join(logs, "lenet_v2"), editLeNet);
  // graphs written by TensorFlow 1.12 Keras (graph_def) and PyTorch's add_graph (test/fixtures PROVENANCE/MANIFEST)
  fs.cpSync(path.join(repo, "test/fixtures/tensorboard/guildai/model-proxies/logs"), path.join(logs, "keras_tf1"), { recursive: true });
  fs.cpSync(path.join(repo, "test/fixtures/generated/pytorch/mlp"), path.join(logs, "torch_mlp"), { recursive: true });
  // a recorder-written Keras model config whose structure checks name nodes (test/fixtures/graphs/keras/README.md)
  fs.cpSync(path.join(repo, "test/fixtures/graphs/keras/recorder_functional"), path.join(logs, "keras_recorder"), { recursive: true });
  // a node whose name and attribute hold markup: shown as text, never run
  writeEditedMindSporeRun(path.join(logs, "hostile"), (g) => {
    const n = g.node[0];
    n.fullName = `Default/${HOSTILE}`;
    n.scope = "Default";
    n.attribute[0].name = HOSTILE;
  });
  // a TF2 Keras-style graph (GraphDef field numbers, written with the generated schema): the main
  // graph is placeholders around one call, the layers live in the library function
  const tf2 = path.join(logs, "tf2_keras");
  fs.mkdirSync(tf2);
  const graphDef = toBinary(
    GraphDefSchema,
    create(GraphDefSchema, {
      node: [
        { name: "iterator", op: "Placeholder" },
        { name: "kernel", op: "Placeholder" },
        { name: "call", op: "__inference_one_step_on_data_1", input: ["iterator", "kernel"] },
      ],
      library: {
        function: [
          {
            signature: {
              name: "__inference_one_step_on_data_1",
              inputArg: [
                { name: "data", type: 1 },
                { name: "w", type: 20 },
              ],
              outputArg: [{ name: "out", type: 1 }],
            },
            nodeDef: [
              { name: "sequential/dense/MatMul/ReadVariableOp", op: "ReadVariableOp", input: ["w"] },
              { name: "sequential/dense/MatMul", op: "MatMul", input: ["data", "sequential/dense/MatMul/ReadVariableOp:value:0"] },
              { name: "sequential/dense/Relu", op: "Relu", input: ["sequential/dense/MatMul:product:0"] },
              { name: "loss/Mean", op: "Mean", input: ["sequential/dense/Relu:activations:0"] },
            ],
            ret: { out: "loss/Mean:output:0" },
          },
        ],
      },
    }),
  );
  fs.writeFileSync(
    path.join(tf2, "events.out.tfevents.1.host.v2"),
    Buffer.concat([frameRecord(fileVersionEvent(1)), frameRecord(encodeEvent({ wallTime: 1, graphDef }))]),
  );
  server = await startServer({ logdir: logs, port: 0, refreshMs: 60_000, webRoot });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, timezoneId: "UTC", deviceScaleFactor: 1 });
  page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const item = (id: string) => page.locator(`g.gitem[data-id="${id}"]`);
const ids = () => page.locator("g.gitem").evaluateAll((gs) => gs.map((g) => g.getAttribute("data-id")));
const field = (f: string) => page.locator(`.graph-details td[data-field="${f}"]`).textContent();

test("graph page: expand a scope, search a node, read its details, see a finding's node, reach its histogram", async () => {
  await page.goto(`${server.url}?page=graph&run=lenet_summary`);
  await page.locator('svg.graph-svg[data-ready="1"]').waitFor({ timeout: 30_000 });
  // the single top-level scope opens by itself; its children are boxes, the parameters nodes
  const top = await ids();
  assert.ok(top.includes("s:Default") && top.includes("s:Default/network-WithLossCell"), top.join(" "));
  assert.equal(await item("s:Default").getAttribute("data-expanded"), "1");
  assert.equal(await item("s:Default/network-WithLossCell").getAttribute("data-expanded"), null);
  assert.equal(await item("n:conv1.weight").getAttribute("data-kind"), "parameter");
  assert.equal(await item("n:args0").getAttribute("data-kind"), "input");
  assert.equal(await item(`s:${B}`).count(), 0, "a collapsed scope hides what it holds");
  assert.equal((await item("s:Default/network-WithLossCell").locator("text").allTextContents()).join(""), "▸ network-WithLossCell16 nodes");

  // expand a scope: its children are drawn inside it
  await item("s:Default/network-WithLossCell").click();
  await page.locator('g.gitem[data-id="s:Default/network-WithLossCell"][data-expanded="1"]').waitFor();
  await item(`s:${B}`).click();
  await page.locator(`g.gitem[data-id="s:${B}"][data-expanded="1"]`).waitFor();
  const inner = await ids();
  for (const s of ["conv1-Conv2d", "relu-ReLU", "fc3-Dense", "flatten-Flatten"]) assert.ok(inner.includes(`s:${B}/${s}`), s);
  // the four ReLU calls of the shared relu cell are one box; edges between boxes are aggregated
  assert.equal((await item(`s:${B}/relu-ReLU`).locator("text").allTextContents()).join(""), "▸ relu-ReLU4 nodes");
  assert.ok((await page.locator("path.gedge").count()) > 5);

  // the finding on fc3.weight.grad (NaN/Inf in the gradient) outlines the parameter fc3.weight
  await page.locator('g.gitem[data-id="n:fc3.weight"][data-highlight="1"]').waitFor({ timeout: 30_000 });
  assert.deepEqual(await page.locator(".graph-findings a.node-link").allTextContents(), ["fc3.weight"]);
  assert.equal(await item("n:fc2.weight").getAttribute("data-highlight"), null);

  // search: the hit's scopes open, the node is selected and its details shown
  await page.fill("input.graph-search-input", "matmul-op18");
  assert.deepEqual(await page.locator(".search-results a.node-link").allTextContents(), [`${B}/fc3-Dense/MatMul-op18`]);
  await page.press("input.graph-search-input", "Enter");
  await page.locator(`g.gitem[data-id="n:${B}/fc3-Dense/MatMul-op18"][data-selected="1"]`).waitFor();
  assert.equal(await item(`s:${B}/fc3-Dense`).getAttribute("data-expanded"), "1");
  assert.equal(await page.locator(".graph-details h3").textContent(), "MatMul-op18");
  assert.equal(await field("op"), "MatMul");
  assert.equal(await field("kind"), "op");
  assert.equal(await field("dtype"), "float32");
  assert.equal(await field("shapes"), "[2, 10]");
  assert.deepEqual(await page.locator(".node-inputs a.node-link").allTextContents(), [`${B}/relu-ReLU/ReLU-op17`, "fc3.weight"]);
  assert.deepEqual(await page.locator(".node-outputs a.node-link").allTextContents(), [`${B}/fc3-Dense/BiasAdd-op19`]);
  assert.equal(await page.locator('.graph-details tr[data-attr="transpose_b"] td').textContent(), "true");
  // its parameter links to the gradient histogram
  assert.deepEqual(await page.locator(".graph-details a.hist-link").allTextContents(), ["fc3.weight.grad"]);
  assert.equal(new URL(page.url()).searchParams.get("node"), `${B}/fc3-Dense/MatMul-op18`);

  // a parameter: its details and the link to its weight histogram
  await page.fill("input.graph-search-input", "conv1.weight");
  assert.deepEqual(await page.locator(".search-results a.node-link").allTextContents(), ["conv1.weight", "moments.conv1.weight"]);
  await page.press("input.graph-search-input", "Enter");
  await page.locator('.graph-details[data-node="conv1.weight"]').waitFor();
  assert.equal(await field("kind"), "parameter");
  assert.equal(await field("shapes"), "[6, 1, 5, 5]");
  assert.deepEqual(await page.locator(".node-outputs a.node-link").allTextContents(), [
    `${B}/conv1-Conv2d/Conv2D-op5`,
    "Default/optimizer-Momentum/ApplyMomentum-op21",
  ]);
  assert.equal(
    await page.locator('.graph-details a.stats-link[data-tag="conv1.weight/auto"]').getAttribute("href"),
    "?page=tensors&run=lenet_summary&tags=%5Econv1%5C.weight%2Fauto%24",
  );
  await page.click('.graph-details a.hist-link[data-tag="conv1.weight/auto"]');
  await page.locator('.hist-card[data-tag="conv1.weight/auto"][data-drawn="1"]').waitFor({ timeout: 30_000 });
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("page"), "histograms");
  assert.equal(url.searchParams.get("focus"), "conv1.weight/auto");
  assert.equal(await page.locator(".hist-card").first().getAttribute("data-tag"), "conv1.weight/auto");
  // back to the graph: the URL brings the selection back
  await page.goBack();
  await page.locator('.graph-details[data-node="conv1.weight"]').waitFor({ timeout: 30_000 });
  assert.deepEqual(pageErrors, []);
});

test("graph page, diff mode: added, removed and changed nodes coloured against another run's graph", async () => {
  await page.goto(`${server.url}?page=graph&run=lenet_v2&diff=lenet_summary`);
  const summary = page.locator(".graph-diff-summary");
  await summary.waitFor({ timeout: 30_000 });
  assert.equal(await summary.getAttribute("data-added"), "1");
  assert.equal(await summary.getAttribute("data-removed"), "1");
  assert.equal(await summary.getAttribute("data-changed"), "2");
  // the boxes holding differences are marked while collapsed
  await page.locator('svg.graph-svg[data-ready="1"]').waitFor();
  assert.match((await item("s:Default/optimizer-Momentum").getAttribute("class")) ?? "", /has-diff/);
  await item("s:Default/optimizer-Momentum").click();
  const removed = item("n:Default/optimizer-Momentum/ApplyMomentum-op21");
  await removed.waitFor();
  assert.equal(await removed.getAttribute("data-diff"), "removed");
  await page.fill("input.graph-search-input", "Dropout-op23");
  await page.press("input.graph-search-input", "Enter");
  const added = item(`n:${B}/dropout-Dropout/Dropout-op23`);
  await page.locator(`g.gitem[data-id="n:${B}/dropout-Dropout/Dropout-op23"][data-selected="1"]`).waitFor();
  assert.equal(await added.getAttribute("data-diff"), "added");
  assert.equal(await page.locator(".graph-details .diff-note").textContent(), "added");
  await page.fill("input.graph-search-input", "ReLU-op17");
  await page.press("input.graph-search-input", "Enter");
  await page.locator(`g.gitem[data-id="n:${B}/relu-ReLU/ReLU-op17"][data-selected="1"]`).waitFor();
  assert.equal(await item(`n:${B}/relu-ReLU/ReLU-op17`).getAttribute("data-diff"), "changed");
  assert.equal(await page.locator(".graph-details .diff-note").textContent(), "changed: op");
  assert.equal(await field("op"), "Sigmoid");
  assert.equal(await item(`n:${B}/relu-ReLU/ReLU-op14`).getAttribute("data-diff"), null);
  assert.deepEqual(pageErrors, []);
});

test("graph page: markup in a node's name and attributes is shown as text", async () => {
  await page.goto(`${server.url}?page=graph&run=hostile`);
  await page.locator('svg.graph-svg[data-ready="1"]').waitFor({ timeout: 30_000 });
  await page.fill("input.graph-search-input", "onerror");
  assert.deepEqual(await page.locator(".search-results a.node-link").allTextContents(), [`Default/${HOSTILE}`]);
  await page.press("input.graph-search-input", "Enter");
  await page.locator(".graph-details .node-path").waitFor();
  assert.equal(await page.locator(".graph-details .node-path").textContent(), `Default/${HOSTILE}`);
  assert.equal(await page.locator(".graph-details tr[data-attr] th").first().textContent(), HOSTILE);
  assert.equal(await page.locator("img").count(), 0);
  assert.notEqual(await page.title(), "pwned");
  assert.deepEqual(pageErrors, []);
});

test("graph page: a TF2 graph shows its library function, the main graph on request, and the choice survives a reload", async () => {
  await page.goto(`${server.url}?page=graph&run=tf2_keras`);
  await page.locator('svg.graph-svg[data-ready="1"]').waitFor({ timeout: 30_000 });
  // the function holds the model: it is drawn, not the three-node main graph
  assert.equal(await page.locator("select.graph-part").inputValue(), "__inference_one_step_on_data_1");
  assert.deepEqual(await page.locator("select.graph-part option").allTextContents(), [
    "main graph (3 nodes)",
    "__inference_one_step_on_data_1 (7 nodes)",
  ]);
  const fn = await ids();
  assert.ok(fn.includes("s:sequential") && fn.includes("n:data") && !fn.includes("n:iterator"), fn.join(" "));

  await page.locator("select.graph-part").selectOption("main");
  await page.waitForFunction(() => document.querySelector('g.gitem[data-id="n:iterator"]') !== null);
  assert.equal(await item("s:sequential").count(), 0);
  assert.match(page.url(), /[?&]gfn=main(&|$)/);
  await page.reload();
  await page.locator('svg.graph-svg[data-ready="1"]').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator("select.graph-part").inputValue(), "main");
  assert.deepEqual((await ids()).sort(), ["n:call", "n:iterator", "n:kernel"]);
  assert.deepEqual(pageErrors, []);
});

test("graph page: a TensorFlow 1 Keras graph and a PyTorch add_graph graph render with their scopes", async () => {
  await page.goto(`${server.url}?page=graph&run=keras_tf1`);
  await page.locator('svg.graph-svg[data-ready="1"]').waitFor({ timeout: 30_000 });
  assert.match((await page.locator(".graph-meta").textContent()) ?? "", /^graph_def · .* · 562 nodes · tensorflow$/);
  const top = await ids();
  for (const s of ["dense_1", "dropout_1", "dense_2", "dense_3", "training"]) assert.ok(top.includes(`s:${s}`), s);
  assert.ok(top.includes("n:dense_1_input"));
  await item("s:dense_1").click();
  await page.locator('g.gitem[data-id="s:dense_1"][data-expanded="1"]').waitFor();
  assert.equal(await item("n:dense_1/kernel").getAttribute("data-kind"), "parameter");
  await item("n:dense_1/kernel").click();
  await page.locator('.graph-details[data-node="dense_1/kernel"]').waitFor();
  assert.equal(await field("op"), "VariableV2");
  assert.equal(await field("shapes"), "[784, 512]");
  const outs = await page.locator(".node-outputs a.node-link").allTextContents();
  assert.ok(outs.includes("dense_1/kernel/Assign") && outs.includes("dense_1/kernel/read"), outs.join(" "));

  await page.goto(`${server.url}?page=graph&run=torch_mlp`);
  await page.locator('svg.graph-svg[data-ready="1"]').waitFor({ timeout: 30_000 });
  // add_graph's top level: the input and output scopes and the model's
  assert.deepEqual((await ids()).sort(), ["s:Sequential", "s:input", "s:output"]);
  await item("s:Sequential").click();
  await page.locator('g.gitem[data-id="s:Sequential"][data-expanded="1"]').waitFor();
  const mods = await ids();
  for (const s of ["Sequential/Linear[fc1]", "Sequential/ReLU[act]", "Sequential/Linear[fc2]"]) assert.ok(mods.includes(`s:${s}`), s);
  await page.fill("input.graph-search-input", "Linear[fc2]/42");
  await page.press("input.graph-search-input", "Enter");
  await page.locator('.graph-details[data-node="Sequential/Linear[fc2]/42"]').waitFor();
  assert.equal(await field("op"), "aten::linear");
  assert.equal(await field("shapes"), "[2, 2]");
  assert.deepEqual(pageErrors, []);
});

test("graph page: the nodes a structure finding names (evidence `nodes`) are outlined, with the finding in their details", async () => {
  await page.goto(`${server.url}?page=graph&run=keras_recorder`);
  await page.locator('svg.graph-svg[data-ready="1"]').waitFor({ timeout: 30_000 });
  await page.locator('g.gitem[data-id="n:fixture/drop"][data-highlight="1"]').waitFor({ timeout: 30_000 });
  const named = await page.locator(".graph-findings a.node-link").allTextContents();
  for (const n of ["fixture/drop", "fixture/head", "fixture/aux", "fixture/shared"])
    assert.ok(named.includes(n), `${n} in ${named.join(" ")}`);
  assert.equal(await item("n:fixture/head").getAttribute("data-highlight"), "1");
  assert.equal(await item("n:fixture/features").getAttribute("data-highlight"), null);
  await item("n:fixture/drop").click();
  await page.locator('.graph-details[data-node="fixture/drop"]').waitFor();
  assert.match((await page.locator(".graph-details .finding-note").allTextContents()).join("\n"), /graph_train_mode_at_eval/);
  // from the diagnosis page, a graph evidence opens the graph page on its node
  await page.goto(`${server.url}?page=diagnosis&run=keras_recorder`);
  const link = page.locator('a.evidence-link[data-nodes="fixture/drop"]').first();
  await link.waitFor({ timeout: 30_000 });
  await link.click();
  await page.locator('g.gitem[data-id="n:fixture/drop"][data-selected="1"]').waitFor({ timeout: 30_000 });
  assert.equal(new URL(page.url()).searchParams.get("page"), "graph");
  assert.deepEqual(pageErrors, []);
});
