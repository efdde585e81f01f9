// hparams.yaml / JSON hyper-parameter files: fixture values from manifest.json, flattening of nested
// mappings, bad files reported as problems.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { RunDir } from "../model/index.ts";
import { flattenHParams, readHParamsFile } from "./hparams_file.ts";
import { FIXTURES_DIR, manifest, tempDir } from "./reader_test_util.ts";

test("every hparams.yaml fixture reads as the manifest's mapping, with its source", async () => {
  const fixtures = manifest().generated_files.filter((f) => f.format === "hparams_yaml");
  assert.ok(fixtures.length >= 2);
  for (const f of fixtures) {
    const dir = new RunDir(path.dirname(f.path));
    const src = await readHParamsFile(path.join(FIXTURES_DIR, f.path), f.path, dir, undefined);
    assert.equal(src.format, "hparams_yaml");
    assert.deepEqual(dir.problems, []);
    const expected = f.hparams as Record<string, unknown>;
    assert.deepEqual(Object.fromEntries(dir.hparams.map((h) => [h.name, h.value])), expected);
    assert.ok(dir.hparams.every((h) => h.source === f.path && h.sourceKind === "hparams_yaml"));
    assert.equal(src.records, Object.keys(expected).length);
  }
});

test("nested mappings are flattened with '.', lists kept as JSON; re-reading replaces the file's values", async () => {
  assert.deepEqual(
    flattenHParams({ optimizer: { name: "Adam", betas: [0.9, 0.999], lr: 1e-3 }, model: { layers: { n: 3 } }, x: null, ok: true }),
    [
      ["optimizer.name", "Adam"],
      ["optimizer.betas", "[0.9,0.999]"],
      ["optimizer.lr", 0.001],
      ["model.layers.n", 3],
      ["x", "null"],
      ["ok", true],
    ],
  );
  const tmp = tempDir();
  try {
    const json = path.join(tmp, "hparams.json");
    fs.writeFileSync(json, JSON.stringify({ lr: 0.1, opt: { momentum: 0.9 } }));
    const dir = new RunDir(".");
    const src = await readHParamsFile(json, "hparams.json", dir, undefined);
    assert.equal(src.format, "hparams_json");
    assert.deepEqual(
      dir.hparams.map((h) => [h.name, h.value, h.sourceKind]),
      [
        ["lr", 0.1, "hparams_json"],
        ["opt.momentum", 0.9, "hparams_json"],
      ],
    );
    fs.writeFileSync(json, JSON.stringify({ lr: 0.2 }));
    fs.utimesSync(json, new Date(), new Date(Date.now() + 5000));
    await readHParamsFile(json, "hparams.json", dir, src);
    assert.deepEqual(
      dir.hparams.map((h) => [h.name, h.value]),
      [["lr", 0.2]],
    );

    // {"hparams": {...}, "metrics": [...]} layout: the inner mapping, not the metric list
    fs.writeFileSync(json, JSON.stringify({ hparams: { lr: 0.3, opt: "sgd" }, metrics: ["Loss/val"], seed: 1 }));
    fs.utimesSync(json, new Date(), new Date(Date.now() + 10000));
    await readHParamsFile(json, "hparams.json", dir, src);
    assert.deepEqual(
      dir.hparams.map((h) => [h.name, h.value]),
      [
        ["lr", 0.3],
        ["opt", "sgd"],
        ["seed", 1],
      ],
    );

    const yaml = path.join(tmp, "hparams.yaml");
    fs.writeFileSync(yaml, "lr: 0.1\nsched: !!python/object:torch.optim.lr_scheduler.StepLR\n  step_size: 10\nmodel:\n  hidden: [8, 8]\n");
    const d2 = new RunDir(".");
    await readHParamsFile(yaml, "hparams.yaml", d2, undefined);
    assert.deepEqual(d2.problems, []);
    assert.deepEqual(Object.fromEntries(d2.hparams.map((h) => [h.name, h.value])), {
      lr: 0.1,
      "sched.step_size": 10,
      "model.hidden": "[8,8]",
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("bad hparams files become problems, not exceptions", async () => {
  const tmp = tempDir();
  try {
    const cases: [string, string, RegExp][] = [
      ["hparams.json", "{lr: 0.1", /not valid JSON/],
      ["hparams.yaml", "lr: [0.1\n  x: : :", /not valid YAML/],
      ["hparams.yml", "- 1\n- 2\n", /mapping/],
    ];
    for (const [name, text, re] of cases) {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, text);
      const dir = new RunDir(".");
      await readHParamsFile(file, name, dir, undefined);
      assert.equal(dir.hparams.length, 0, name);
      assert.equal(dir.problems.length, 1, name);
      assert.equal(dir.problems[0].code, "hparams");
      assert.equal(dir.problems[0].file, name);
      assert.match(dir.problems[0].message, re);
    }
    const empty = path.join(tmp, "empty", "hparams.yaml");
    fs.mkdirSync(path.dirname(empty));
    fs.writeFileSync(empty, "");
    const dir = new RunDir(".");
    await readHParamsFile(empty, "empty/hparams.yaml", dir, undefined);
    assert.equal(dir.problems[0].code, "empty");
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
