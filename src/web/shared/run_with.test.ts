import { test } from "node:test";
import assert from "node:assert/strict";
import { runWithData } from "./run_with.ts";
import type { RunListItem } from "../api.ts";

const run = (name: string, kinds?: RunListItem["kinds"], status: RunListItem["status"] = "loaded"): RunListItem => ({
  name,
  status,
  version: 1,
  ...(kinds ? { kinds } : {}),
});

test("a per-run data page opens on the first run that has data of its kind", () => {
  const runs = [
    run("a", { histograms: 0, tensors: 0, images: 0 }),
    run("b", { histograms: 3, tensors: 3, images: 0 }),
    run("c", { histograms: 0, tensors: 0, images: 2 }),
  ];
  assert.deepEqual(runWithData("histograms", { runs, shown: ["a", "b"], current: "a" }), { run: "b", none: false });
  assert.deepEqual(runWithData("images", { runs, shown: ["a", "b"], current: "a" }), { run: "c", none: false });
  // the shown runs come first
  const more = [...runs, run("d", { histograms: 5, tensors: 5, images: 0 })];
  assert.equal(runWithData("histograms", { runs: more, shown: ["d", "a"], current: "d" }).run, "d");
  // the user's choice is kept, even without data
  assert.deepEqual(runWithData("histograms", { explicit: "a", runs, shown: ["a"], current: "a" }), { run: "a", none: false });
});

test("no run with data: said so once every run is read, not while runs are being read", () => {
  const empty = { histograms: 0, tensors: 0, images: 0 };
  assert.deepEqual(runWithData("images", { runs: [run("a", empty), run("b", empty)], shown: ["a"], current: "a" }), {
    run: "a",
    none: true,
  });
  assert.deepEqual(runWithData("images", { runs: [run("a", empty), run("b", undefined, "loading")], shown: ["a"], current: "a" }), {
    run: "a",
    none: false,
  });
  assert.deepEqual(runWithData("images", { runs: [], shown: [], current: undefined }), { run: undefined, none: false });
});
