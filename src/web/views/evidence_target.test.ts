// Unit tests of where the diagnosis page's evidence links lead (src/web/views/evidence_target.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { evidenceTarget } from "./evidence_target.ts";
import { formatState, parseState } from "../url_state.ts";

test("graph evidence opens the graph page on the first node it names; the URL keeps run and node", () => {
  const node = "DetectionModel/Conv[0]/BatchNorm2d[bn]/5317";
  const t = evidenceTarget({ source: "graph", tag: "graph_def", nodes: [node, "b"], note: "" }, "yolo/train", []);
  assert.deepEqual(t, { page: "graph", run: "yolo/train", gi: 0, gfn: "", gq: "", node });
  const back = parseState(formatState({ ...parseState(""), ...t }));
  assert.equal(back.page, "graph");
  assert.equal(back.run, "yolo/train");
  assert.equal(back.node, node);
});

test("scalar, histogram and tensor evidence keep their targets; configuration evidence leads nowhere", () => {
  assert.deepEqual(evidenceTarget({ source: "scalar", tag: "loss", steps: [3, 9] }, "r", ["a"]), {
    page: "scalars",
    runs: ["a", "r"],
    run: "r",
    focus: "loss",
    mark: 3,
    markTo: 9,
    tags: "",
  });
  assert.equal(evidenceTarget({ source: "histogram", tag: "w", step: 4 }, "r", [])?.page, "histograms");
  assert.equal(evidenceTarget({ source: "tensor", tag: "a.b", step: 4 }, "r", [])?.tags, "a\\.b");
  assert.equal(evidenceTarget({ source: "config", tag: "lr" }, "r", []), undefined);
});
