// GET /api/graphs and /api/graph on a logdir holding the MindSpore summary fixture
// (test/fixtures/generated/mindspore) and a copy whose graph was edited (one operator changed, one
// removed, one added): the list, the graph in the common vocabulary, the diff between the two
// runs, and the parameter checks (400 naming the parameter, 404 for a graph that is not there).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApp } from "./index.ts";
import { editLeNet, writeEditedMindSporeRun } from "../../test/util/mindspore_graph_edit.ts";
import type { GraphDiffAnswer, GraphListItem } from "./graphs.ts";
import type { ModelGraph } from "../model/index.ts";

const B = "Default/network-WithLossCell/_backbone-LeNet5";

test("/api/graphs and /api/graph: list, graph, diff against another run, parameter checks", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-graph-api-"));
  writeEditedMindSporeRun(path.join(root, "lenet"));
  writeEditedMindSporeRun(path.join(root, "lenet_v2"), editLeNet);
  const d = createApp({ logdir: root, diagnoseInWorker: false });
  try {
    await d.ready;
    await d.loaded;
    const list = (await (await d.request("/api/graphs?run=lenet")).json()) as { graphs: GraphListItem[] };
    assert.equal(list.graphs.length, 1);
    const item = list.graphs[0];
    assert.equal(item.index, 0);
    assert.equal(item.format, "mindspore_graph");
    assert.equal(item.decoded, true);
    assert.equal(item.nodeCount, 32); // 18 operators + 13 parameters (2 of them the inputs args0, args1) + 1 output
    assert.equal(item.name, "kernel_graph_0");
    assert.match(item.file, /fixturehost_MS$/);

    const res = await d.request("/api/graph?run=lenet&index=0");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    const one = (await res.json()) as { graph: ModelGraph; diff?: unknown };
    assert.equal(one.graph.nodes.length, 32);
    assert.equal(one.diff, undefined);
    const conv = one.graph.nodes.find((n) => n.name === `${B}/conv1-Conv2d/Conv2D-op5`)!;
    assert.deepEqual(
      conv.inputs.map((i) => i.node),
      ["args0", "conv1.weight"],
    );
    assert.deepEqual(conv.outputShapes, [[2, 6, 28, 28]]);

    const diffed = (await (await d.request("/api/graph?run=lenet_v2&index=0&diff=lenet&index2=0")).json()) as {
      graph: ModelGraph;
      diff: GraphDiffAnswer;
    };
    const diff = diffed.diff;
    assert.equal(diff.run, "lenet");
    assert.deepEqual(diff.added, [`${B}/dropout-Dropout/Dropout-op23`]);
    assert.deepEqual(diff.removed, ["Default/optimizer-Momentum/ApplyMomentum-op21"]);
    assert.deepEqual(diff.changed, [
      { name: `${B}/relu-ReLU/ReLU-op17`, fields: ["op"] },
      // its input, the removed ApplyMomentum, is now an id the graph does not define
      { name: "Default/make_tuple-op22", fields: ["inputs"] },
    ]);
    assert.equal(diff.unchanged, 32 - 1 - 2);
    assert.deepEqual(
      diff.removedNodes.map((n) => [n.name, n.op]),
      [["Default/optimizer-Momentum/ApplyMomentum-op21", "ApplyMomentum"]],
    );

    const bad = async (url: string, status: number, re: RegExp) => {
      const r = await d.request(url);
      assert.equal(r.status, status, url);
      assert.match(((await r.json()) as { error: string }).error, re, url);
    };
    await bad("/api/graph?run=lenet&index=1", 404, /has 1 graph\(s\); no graph #1/);
    await bad("/api/graph?run=lenet&index=-1", 400, /parameter index: negative/);
    await bad("/api/graph?run=lenet&index=x", 400, /parameter index: not a number/);
    await bad("/api/graph?run=lenet&index=0&index=0", 400, /parameter index given 2 times/);
    await bad("/api/graph?run=lenet&diff=nope", 404, /unknown run: nope/);
    await bad("/api/graph?run=lenet&diff=lenet_v2&index2=3", 404, /no graph #3/);
    await bad("/api/graph?index=0", 400, /parameter run: missing/);
    await bad("/api/graphs?run=%3Cscript%3E", 404, /unknown run: <script>/);
  } finally {
    await d.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
