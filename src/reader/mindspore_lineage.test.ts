// MindSpore lineage reader against the generated fixtures (values from manifest.json) and a damaged copy.

import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { RunDir } from "../model/index.ts";
import { readRecords } from "../format/index.ts";
import { LINEAGE_SOURCE_KIND, isMindSporeLineageFile, parseMetricsJson, readMindSporeLineageFile } from "./mindspore_lineage.ts";
import { isMindSporeSummaryFile } from "./mindspore_summary.ts";
import { FIXTURES, mindSporeManifestFiles, tempDir, type ManifestFile } from "./mindspore_test_util.ts";

const LINEAGES = mindSporeManifestFiles("mindspore_lineage");

type Obj = Record<string, unknown>;

/** Reads every lineage file of the manifest that belongs to `run` into one RunDir, in name order (as the logdir loader does). */
async function readRun(run: string): Promise<{ dir: RunDir; files: ManifestFile[] }> {
  const files = LINEAGES.filter((f) => f.run === run).sort((a, b) => (a.path < b.path ? -1 : 1));
  const dir = new RunDir(run);
  for (const f of files) {
    const src = await readMindSporeLineageFile(path.join(FIXTURES, f.path), f.path, dir, undefined, {});
    assert.equal(src.records, f.records, `${f.path} records`);
    assert.equal(src.readOffset, f.size);
    assert.equal(src.format, "mindspore_lineage");
  }
  return { dir, files };
}

test("the manifest lists MindSpore lineage fixtures", () => {
  assert.ok(LINEAGES.length >= 1);
  for (const f of LINEAGES) {
    assert.ok(isMindSporeLineageFile(path.basename(f.path)), f.path);
    assert.ok(!isMindSporeSummaryFile(path.basename(f.path)), f.path);
  }
  assert.ok(!isMindSporeLineageFile("events.out.events.summary.1676516343.0.host_MS"));
  assert.ok(!isMindSporeLineageFile("notes_lineage"));
});

for (const run of [...new Set(LINEAGES.map((f) => f.run))]) {
  test(`${run}: train lineage, hyper-parameters, metrics, dataset graph and user-defined info`, async () => {
    const { dir, files } = await readRun(run);
    assert.deepEqual(dir.problems, []);
    assert.equal(dir.sources.length, files.length);
    const lin = dir.lineage!;
    assert.ok(lin);
    let checked = 0;
    for (const f of files) {
      const exp = f.lineage ?? {};
      if (exp.train_lineage) {
        assert.deepEqual(lin.train, exp.train_lineage);
        const hp = (exp.train_lineage as Obj).hyper_parameters as Obj;
        for (const [name, value] of Object.entries(hp)) {
          const h = dir.hparams.find((x) => x.name === name);
          assert.ok(h, `hyper-parameter ${name}`);
          assert.equal(h.value, value);
          assert.equal(h.sourceKind, LINEAGE_SOURCE_KIND);
          assert.equal(h.source, f.path);
        }
        const network = ((exp.train_lineage as Obj).algorithm as Obj | undefined)?.network;
        if (network !== undefined) assert.equal(dir.hparams.find((x) => x.name === "network")?.value, network);
        checked++;
      }
      if (exp.evaluation_lineage) {
        assert.deepEqual(lin.eval, exp.evaluation_lineage);
        const metricText = (exp.evaluation_lineage as Obj).metric as string;
        assert.deepEqual(lin.metrics, JSON.parse(metricText));
        checked++;
      }
      if (exp.dataset_graph) {
        assert.deepEqual(lin.datasetGraph, exp.dataset_graph);
        checked++;
      }
      if (exp.user_defined_info_flat) {
        assert.deepEqual(lin.userDefined, exp.user_defined_info_flat);
        for (const [name, value] of Object.entries(exp.user_defined_info_flat as Obj)) {
          const h = dir.hparams.find((x) => x.name === name && x.source === f.path);
          assert.equal(h?.value, value, `user-defined ${name}`);
        }
        checked++;
      }
    }
    assert.ok(checked >= 4, "train, eval, dataset graph and user-defined info all checked");
    // Every hyper-parameter is recorded once.
    const names = dir.hparams.map((h) => h.name);
    assert.equal(new Set(names).size, names.length);
  });
}

test("dataset graph chain, root first: BatchDataset <- MapDataset <- MnistDataset", async () => {
  const f = LINEAGES.find((x) => x.lineage?.dataset_graph)!;
  const dir = new RunDir(".");
  await readMindSporeLineageFile(path.join(FIXTURES, f.path), f.path, dir, undefined, {});
  const chain: string[] = [];
  let node = dir.lineage!.datasetGraph as Obj | undefined;
  while (node) {
    chain.push(((node.parameter as Obj).mapStr as Obj).op_type as string);
    node = (node.children as Obj[] | undefined)?.[0];
  }
  const fact = f.expected_facts.find((x) => x.startsWith("dataset_graph chain"))!;
  assert.deepEqual(chain, fact.replace(/^.*: /, "").split(" <- "));
});

test("metrics JSON with Python's bare NaN / Infinity is read", () => {
  const m = parseMetricsJson('{"Accuracy": NaN, "Loss": Infinity, "x": -Infinity, "ok": 0.5}');
  assert.ok(Number.isNaN(m.Accuracy));
  assert.equal(m.Loss, Infinity);
  assert.equal(m.x, -Infinity);
  assert.equal(m.ok, 0.5);
});

test("truncated lineage copy: earlier records load, the cut record is reported at its offset", async () => {
  const f = LINEAGES.find((x) => x.records > 1)!;
  const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, f.path)));
  const offs = readRecords(bytes).records.map((r) => r.offset);
  const last = offs[offs.length - 1];
  const tmp = tempDir();
  const file = path.join(tmp, "cut_lineage");
  fs.writeFileSync(file, bytes.subarray(0, last + 7));
  const dir = new RunDir(".");
  const src = await readMindSporeLineageFile(file, "cut_lineage", dir, undefined, {});
  assert.equal(src.records, offs.length - 1);
  assert.equal(src.readOffset, last);
  assert.equal(dir.problems.length, 1);
  assert.equal(dir.problems[0].code, "truncated");
  assert.equal(dir.problems[0].offset, last);
  // The cut record's lineage kind is absent; the others are present.
  const kinds = Object.keys(f.event_kinds);
  const present = Object.keys(dir.lineage ?? {});
  assert.equal(present.length, kinds.length - 1);

  // Flip a payload byte of the first record instead: it is reported, the others load.
  const flipped = bytes.slice();
  flipped[offs[0] + 12 + 3] ^= 0x10;
  fs.writeFileSync(file, flipped);
  const dir2 = new RunDir(".");
  const src2 = await readMindSporeLineageFile(file, "flip_lineage", dir2, undefined, {});
  assert.equal(src2.records, offs.length - 1);
  assert.deepEqual(
    dir2.problems.map((p) => [p.code, p.offset]),
    [["bad_data_crc", offs[0]]],
  );
  assert.equal(Object.keys(dir2.lineage ?? {}).length, kinds.length - 1);
  fs.rmSync(tmp, { recursive: true, force: true });
});
