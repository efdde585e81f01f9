// Dataset lineage: the MindSpore fixture's dataset graph (test/fixtures/generated/mindspore, written
// by an independent encoder; see MANIFEST.md) as a pipeline from the source to the batch step, its
// train dataset path and size; a run written by the project's recorder (SummaryWriter) with a data
// note and data hyper-parameters; and the facts two runs are compared by.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadExperiment } from "../reader/index.ts";
import { SummaryWriter } from "../recorder/index.ts";
import { buildLineage, datasetFacets, lineageColumns, lineageRow, stepText } from "./index.ts";

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures/generated/mindspore/lenet_summary");

test("MindSpore dataset graph: pipeline from the source to the batch, dataset path and size", async () => {
  const exp = await loadExperiment(FIX);
  const table = buildLineage(exp, { diagnose: false });
  assert.equal(table.runs.length, 1);
  const d = table.runs[0].dataset!;
  assert.deepEqual(d.train, { path: "/data/MNIST/train", size: 6 });
  assert.deepEqual(
    d.pipeline.map((s) => s.op),
    ["MnistDataset", "MapDataset", "BatchDataset"],
  );
  const [src, map, batch] = d.pipeline;
  assert.deepEqual(src.params, {
    shuffle: true,
    num_parallel_workers: 8,
    num_samples: 6,
    dataset_dir: "/data/MNIST/train",
    num_shards: "None",
    shard_id: "None",
  });
  assert.deepEqual(src.sampler, { op: "RandomSampler", params: { replacement: false, num_samples: 6 } });
  assert.deepEqual(
    map.transforms.map((t) => t.op),
    ["Resize", "Rescale", "Normalize", "HWC2CHW"],
  );
  assert.deepEqual(map.transforms[0].params, { interpolation: "Inter.LINEAR", size: [32, 32] });
  assert.deepEqual(map.transforms[2].params.weights, [0.1307, 0.3081]);
  assert.deepEqual(map.inputs, [0]);
  assert.deepEqual(batch.inputs, [1]);
  assert.deepEqual(batch.params, { drop_remainder: true, batch_size: 2, num_parallel_workers: 8 });
  assert.equal(stepText(batch), "BatchDataset(batch_size=2, drop_remainder=true, num_parallel_workers=8)");
  assert.match(
    stepText(map),
    /^MapDataset\(input_columns="image", num_parallel_workers=8, output_columns=\): Resize\(interpolation=Inter.LINEAR, size=32,32\) → Rescale/,
  );
  // the hyper-parameter batch_size of the train lineage is a dataset key too
  assert.equal(d.keys.batch_size, 2);
  // CSV columns
  const cols = lineageColumns(table);
  const row = lineageRow(table, table.runs[0]);
  assert.equal(row[cols.indexOf("dataset.train.path")], "/data/MNIST/train");
  assert.match(String(row[cols.indexOf("dataset.pipeline")]), /^MnistDataset\(.*\) \| MapDataset\(.*\) \| BatchDataset\(/);
});

test("recorder runs: data notes and data hyper-parameters; facts tell two runs apart", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-dataset-lineage-"));
  for (const [name, aug] of [
    ["plain", "none"],
    ["augmented", "flip+crop"],
  ]) {
    const w = new SummaryWriter(path.join(root, name));
    w.addHparams({ lr: 0.01, batch_size: 64, augment: aug, data_dir: "/data/cifar10", hidden: 128 }, ["loss"]);
    w.addText("data", `cifar10 train 45000 / val 5000, ${aug}`, 0);
    w.addText("notes", "not about data", 0);
    for (let i = 0; i < 3; i++) w.addScalar("loss", 1 / (i + 1), i);
    w.close();
  }
  const table = buildLineage(await loadExperiment(root), { diagnose: false });
  const by = Object.fromEntries(table.runs.map((r) => [r.run, r.dataset!]));
  assert.deepEqual(by.plain.keys, { batch_size: 64, augment: "none", data_dir: "/data/cifar10" }, "lr and hidden are not about data");
  assert.deepEqual(
    by.augmented.notes.map((n) => [n.tag, n.text]),
    [["data", "cifar10 train 45000 / val 5000, flip+crop"]],
  );
  const a = by.plain.facts,
    b = by.augmented.facts;
  assert.deepEqual(datasetFacets(by.plain), a);
  const differ = Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]);
  assert.deepEqual(differ.sort(), ["hparam augment", "note data"]);
});
