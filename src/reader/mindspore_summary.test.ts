// MindSpore summary reader against the generated fixtures (values from manifest.json) and damaged copies.

import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { RunDir } from "../model/index.ts";
import { frameRecord, loadProtobufCodecs, readRecords } from "../format/index.ts";
import { isMindSporeSummaryFile, mindSporeDType, readMindSporeSummaryFile } from "./mindspore_summary.ts";
import type { MindSporeGraphInfo } from "./mindspore_graph.ts";
import { FIXTURES, mindSporeManifestFiles, tempDir, type ManifestFile } from "./mindspore_test_util.ts";

const { DataType } = (await loadProtobufCodecs()).mindsporeAnfIr;
const SUMMARIES = mindSporeManifestFiles("mindspore_summary");

interface HistoFacts {
  count: number;
  nan_count: number;
  pos_inf_count: number;
  neg_inf_count: number;
  min: number;
  max: number;
  sum: number;
  bucket_count: number;
  first_left: number;
  last_right: number;
  bucket_total: number;
}
interface TensorFacts {
  dims: number[];
  data_type: string;
  n_values: number;
  values: number[];
}
interface ImageFacts {
  height: number;
  width: number;
  colorspace: number;
  encoded_len: number;
  format: string;
}

async function readFixture(f: ManifestFile): Promise<{ dir: RunDir; src: Awaited<ReturnType<typeof readMindSporeSummaryFile>> }> {
  const dir = new RunDir(f.run);
  const src = await readMindSporeSummaryFile(path.join(FIXTURES, f.path), f.path, dir, undefined, {});
  return { dir, src };
}

test("the manifest lists MindSpore summary fixtures", () => {
  assert.ok(SUMMARIES.length >= 1);
});

for (const f of SUMMARIES) {
  test(`${f.path}: records, version, problems`, async () => {
    const { dir, src } = await readFixture(f);
    assert.equal(src.records, f.records);
    assert.equal(src.readOffset, f.size);
    assert.equal(src.size, f.size);
    assert.equal(src.format, "mindspore_summary");
    assert.equal(src.info?.version, f.version);
    assert.deepEqual(dir.sources, [src]);
    assert.deepEqual(dir.problems, []);
    assert.ok(isMindSporeSummaryFile(path.basename(f.path)));
  });

  test(`${f.path}: every tag with its kind, count, steps, wall times and MindInsight name`, async () => {
    const { dir } = await readFixture(f);
    const wallTimes = new Set(f.wall_times);
    const tags = Object.keys(f.tags);
    const total = dir.scalars.size + dir.tensors.size + dir.histograms.size + dir.images.size;
    assert.equal(total, tags.length);
    let values = 0;
    for (const [tag, t] of Object.entries(f.tags)) {
      const series =
        t.kind === "scalar"
          ? dir.scalars.get(tag)
          : t.kind === "tensor"
            ? dir.tensors.get(tag)
            : t.kind === "histogram"
              ? dir.histograms.get(tag)
              : dir.images.get(tag);
      assert.ok(series, `${tag}: ${t.kind} series`);
      assert.equal(series.length, t.count, `${tag} count`);
      const steps = "points" in series ? series.points.map((p) => p.step) : [...series.steps];
      const wts = "points" in series ? series.points.map((p) => p.wallTime) : [...series.wallTimes];
      assert.deepEqual(steps, t.steps, `${tag} steps`);
      for (const w of wts) assert.ok(wallTimes.has(w), `${tag}: wall time ${w} is a record's wall time`);
      assert.equal(dir.plugins.get(tag)?.displayName, t.mindinsight_tag);
      assert.equal(dir.plugins.get(tag)?.pluginName, t.mindinsight_tag.slice(tag.length + 1));
      values += t.count;
    }
    assert.equal(
      values,
      f.values_per_summary_event.reduce((a, b) => a + b, 0),
    );
  });

  test(`${f.path}: scalars are float32 widened exactly`, async () => {
    const { dir } = await readFixture(f);
    for (const [tag, t] of Object.entries(f.tags)) {
      if (t.kind !== "scalar") continue;
      const s = dir.scalars.get(tag)!;
      assert.deepEqual([...s.values], t.values);
      assert.ok(s.values[0] === t.first_value && s.values[s.length - 1] === t.last_value);
    }
  });

  test(`${f.path}: tensors keep dims, dtype and every float_data value`, async () => {
    const { dir } = await readFixture(f);
    let seen = 0;
    for (const [tag, t] of Object.entries(f.tags)) {
      if (t.kind !== "tensor") continue;
      const pts = dir.tensors.get(tag)!.points;
      for (const [p, exp] of [
        [pts[0], t.first_value],
        [pts[pts.length - 1], t.last_value],
      ] as const) {
        const e = exp as TensorFacts;
        assert.deepEqual(p.shape, e.dims);
        assert.equal(p.dtype, mindSporeDType(DataType[e.data_type as keyof typeof DataType]));
        assert.equal(p.values.length, e.n_values);
        assert.deepEqual([...(p.values as Float64Array)], e.values);
        seen++;
      }
    }
    assert.ok(seen > 0);
  });

  test(`${f.path}: histograms keep buckets, statistics and NaN/±Inf counts`, async () => {
    const { dir } = await readFixture(f);
    let nonFiniteSeen = 0;
    for (const [tag, t] of Object.entries(f.tags)) {
      if (t.kind !== "histogram") continue;
      const pts = dir.histograms.get(tag)!.points;
      for (const [h, exp] of [
        [pts[0], t.first_value],
        [pts[pts.length - 1], t.last_value],
      ] as const) {
        const e = exp as HistoFacts;
        assert.equal(h.num, e.count, `${tag} count`);
        assert.deepEqual(h.nonFinite, { nan: e.nan_count, posInf: e.pos_inf_count, negInf: e.neg_inf_count });
        assert.equal(h.min, e.min);
        assert.equal(h.max, e.max);
        assert.equal(h.sum, e.sum);
        assert.ok(Number.isNaN(h.sumSquares));
        assert.equal(h.counts.length, e.bucket_count);
        assert.equal(h.lefts[0], e.first_left);
        // The writer's last edge is max rounded through float32 widths: equal to within float32 precision.
        assert.ok(
          Math.abs(h.rights[h.rights.length - 1] - e.last_right) <= 1e-6 * Math.max(1, Math.abs(e.last_right)),
          `${tag} last right`,
        );
        assert.equal(
          h.counts.reduce((a, b) => a + b, 0),
          e.bucket_total,
        );
        assert.equal(e.bucket_total + e.nan_count + e.pos_inf_count + e.neg_inf_count, e.count);
        for (let i = 0; i < h.counts.length; i++) assert.ok(h.rights[i] >= h.lefts[i]);
        nonFiniteSeen += h.nonFinite.nan + h.nonFinite.posInf + h.nonFinite.negInf;
      }
    }
    // Exact first/last buckets from the expected facts ("<tag> first (step s): ... bucket[0] left L width W count C; last bucket left L width W count C").
    const re =
      /^(\S+) first \(step (\d+)\): .*bucket\[0\] left (\S+) width (\S+) count (\d+); last bucket left (\S+) width (\S+) count (\d+)/;
    let checked = 0;
    for (const fact of f.expected_facts) {
      const m = re.exec(fact);
      if (!m) continue;
      const h = dir.histograms.get(m[1])!.points[0];
      assert.equal(h.step, Number(m[2]));
      const n = h.lefts.length;
      assert.equal(h.lefts[0], Number(m[3]));
      assert.equal(h.rights[0], Number(m[3]) + Number(m[4]));
      assert.equal(h.counts[0], Number(m[5]));
      assert.equal(h.lefts[n - 1], Number(m[6]));
      assert.equal(h.rights[n - 1], Number(m[6]) + Number(m[7]));
      assert.equal(h.counts[n - 1], Number(m[8]));
      checked++;
    }
    assert.ok(checked > 0, "bucket facts found in the manifest");
    assert.ok(nonFiniteSeen > 0, "the fixture's NaN/±Inf histogram is read");
  });

  test(`${f.path}: images keep size, channels and PNG bytes`, async () => {
    const { dir } = await readFixture(f);
    for (const [tag, t] of Object.entries(f.tags)) {
      if (t.kind !== "image") continue;
      const pts = dir.images.get(tag)!.points;
      for (const [p, exp] of [
        [pts[0], t.first_value],
        [pts[pts.length - 1], t.last_value],
      ] as const) {
        const e = exp as ImageFacts;
        assert.equal(p.height, e.height);
        assert.equal(p.width, e.width);
        assert.equal(p.colorspace, e.colorspace);
        assert.equal(p.encoded.length, e.encoded_len);
        assert.equal(p.mime, `image/${e.format}`);
      }
    }
  });

  if (f.graph) {
    const g = f.graph;
    test(`${f.path}: graph nodes, scopes, parameters and outputs`, async () => {
      const { dir } = await readFixture(f);
      assert.equal(dir.graphs.length, 1);
      const info = dir.graphs[0] as MindSporeGraphInfo;
      assert.equal(info.kind, "mindspore_graph");
      assert.equal(info.file, f.path);
      assert.equal(info.graphName, g.name);
      assert.equal(info.bytes, g.graph_def_bytes);
      assert.equal(info.nodes.length, g.nodes);
      assert.deepEqual(
        info.nodes.map((n) => n.fullName),
        g.node_full_names,
      );
      assert.deepEqual(
        info.nodes.map((n) => n.displayName),
        g.node_full_names,
      );
      assert.deepEqual([...new Set(info.nodes.map((n) => n.opType))].sort(), g.op_types);
      assert.deepEqual(
        info.parameters.map((p) => p.name),
        g.parameters,
      );
      assert.deepEqual(info.outputs, g.outputs);
      for (const n of info.nodes) {
        assert.ok(n.fullName.startsWith(n.scope + "/"), `${n.fullName} lies in scope ${n.scope}`);
        assert.ok(info.scopes.includes(n.scope));
      }
      const first = info.nodes[0];
      const fn = g.first_node;
      assert.equal(first.name, fn.name);
      assert.equal(first.opType, fn.op_type);
      assert.equal(first.scope, fn.scope);
      assert.deepEqual(first.inputs, fn.inputs);
      assert.deepEqual(first.outputType, {
        dataType: fn.output_type.data_type,
        elemType: fn.output_type.elem_type,
        shape: fn.output_type.shape,
      });
      for (const [k, v] of Object.entries(fn.attributes)) {
        const want = v !== null && typeof v === "object" && "values" in v ? (v as { values: unknown[] }).values : v;
        assert.deepEqual(first.attributes[k], want, `attribute ${k}`);
      }
      // Every input names another node, a parameter or a constant.
      const known = new Set([...info.nodes.map((n) => n.name), ...info.parameters.map((p) => p.name), ...info.constants.map((c) => c.key)]);
      for (const n of info.nodes) for (const i of n.inputs) assert.ok(known.has(i), `input ${i} of node ${n.name}`);
      // The same graph in the common vocabulary: parameters, constants and operators by full name.
      const mg = info.graph!;
      assert.equal(mg.format, "mindspore_graph");
      assert.equal(mg.name, g.name);
      assert.equal(info.nodeCount, g.nodes + g.parameters.length + info.constants.length + info.outputs.length);
      assert.deepEqual(
        mg.nodes.filter((n) => n.kind === "op").map((n) => n.name),
        g.node_full_names,
      );
      assert.deepEqual(
        mg.nodes.filter((n) => n.kind === "parameter" || n.kind === "input").map((n) => n.name),
        g.parameters,
      );
      assert.equal(mg.nodes.find((n) => n.name === "args0")?.kind, "input");
      assert.equal(mg.nodes.find((n) => n.name === g.parameters[2])?.kind, "parameter");
      const mfirst = mg.nodes.find((n) => n.name === fn.full_name)!;
      assert.equal(mfirst.op, fn.op_type);
      assert.deepEqual(mfirst.outputShapes, [fn.output_type.shape]);
      assert.equal(mfirst.dtype, String(fn.output_type.elem_type).replace(/^DT_/, "").toLowerCase());
      const names = new Set(mg.nodes.map((n) => n.name));
      assert.equal(names.size, mg.nodes.length, "node names are unique");
      for (const n of mg.nodes) for (const i of n.inputs) assert.ok(names.has(i.node), `input ${i.node} of ${n.name}`);
      assert.deepEqual(
        mfirst.inputs.map((i) => i.node),
        fn.inputs.map((id) => info.nodes.find((x) => x.name === id)?.fullName ?? id),
      );
    });
  }
}

test("file names: summary files are recognised, lineage and TensorBoard files are not", () => {
  assert.ok(isMindSporeSummaryFile("events.out.events.summary.1676516343.0.host_MS"));
  assert.ok(isMindSporeSummaryFile("logs/run1/events.out.events.summary.1676516343.host_MS"));
  assert.ok(isMindSporeSummaryFile("events.out.events.summary.1676516343.0.host_custom"));
  assert.ok(!isMindSporeSummaryFile("events.out.events.summary.1676516343.0.host_lineage"));
  assert.ok(!isMindSporeSummaryFile("events.out.events.summary.1676516343.0.host_explain"));
  assert.ok(!isMindSporeSummaryFile("events.out.tfevents.1676516343.host.123.0"));
  assert.ok(!isMindSporeSummaryFile("summary.txt"));
});

// ---- damaged copies -------------------------------------------------------------------------

const MAIN = SUMMARIES.find((f) => f.graph) ?? SUMMARIES[0];

function fixtureBytes(): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(FIXTURES, MAIN.path)));
}

function recordOffsets(bytes: Uint8Array): number[] {
  return readRecords(bytes).records.map((r) => r.offset);
}

function countPoints(dir: RunDir): number {
  let n = 0;
  for (const m of [dir.scalars, dir.tensors, dir.histograms, dir.images]) for (const s of m.values()) n += s.length;
  return n;
}

test("truncated copy: the records before the cut load, the cut is reported at its offset, and appending the rest resumes there", async () => {
  const bytes = fixtureBytes();
  const offs = recordOffsets(bytes);
  const last = offs[offs.length - 1];
  const cut = last + Math.floor((bytes.length - last) / 2);
  const tmp = tempDir();
  const file = path.join(tmp, path.basename(MAIN.path));
  fs.writeFileSync(file, bytes.subarray(0, cut));
  const dir = new RunDir(".");
  const src = await readMindSporeSummaryFile(file, "cut_MS", dir, undefined, {});
  assert.equal(src.records, offs.length - 1);
  assert.equal(src.readOffset, last);
  assert.equal(dir.problems.length, 1);
  assert.equal(dir.problems[0].code, "truncated");
  assert.equal(dir.problems[0].offset, last);
  assert.equal(dir.problems[0].file, "cut_MS");
  const lastCount = MAIN.values_per_summary_event[MAIN.values_per_summary_event.length - 1];
  const allValues = MAIN.values_per_summary_event.reduce((a, b) => a + b, 0);
  assert.equal(countPoints(dir), allValues - lastCount);

  // Reading again without new bytes changes nothing and does not repeat the problem.
  await readMindSporeSummaryFile(file, "cut_MS", dir, src, {});
  assert.equal(dir.problems.length, 1);
  assert.equal(src.records, offs.length - 1);

  // The writer finishes the record: the next read picks up exactly the missing one.
  fs.appendFileSync(file, bytes.subarray(cut));
  await readMindSporeSummaryFile(file, "cut_MS", dir, src, {});
  assert.deepEqual(dir.problems, []);
  assert.equal(src.records, MAIN.records);
  assert.equal(src.readOffset, bytes.length);
  assert.equal(countPoints(dir), allValues);
  assert.equal(dir.sources.length, 1);
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("flipped payload byte: that record is reported (bad data CRC) and every other record loads", async () => {
  const bytes = fixtureBytes();
  const offs = recordOffsets(bytes);
  const victim = 3;
  bytes[offs[victim] + 12 + 5] ^= 0x40;
  const tmp = tempDir();
  const file = path.join(tmp, "flip_MS");
  fs.writeFileSync(file, bytes);
  const dir = new RunDir(".");
  const src = await readMindSporeSummaryFile(file, "flip_MS", dir, undefined, {});
  assert.equal(src.records, MAIN.records - 1);
  assert.equal(src.readOffset, bytes.length);
  assert.equal(dir.problems.length, 1);
  assert.equal(dir.problems[0].code, "bad_data_crc");
  assert.equal(dir.problems[0].offset, offs[victim]);
  assert.equal(dir.problems[0].severity, "error");
  const summaryIndex = victim - (MAIN.records - MAIN.summary_steps.length);
  const allValues = MAIN.values_per_summary_event.reduce((a, b) => a + b, 0);
  assert.equal(countPoints(dir), allValues - MAIN.values_per_summary_event[summaryIndex]);
  assert.equal(dir.graphs.length, 1);
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("flipped length byte: framing is lost at that record, reported with its offset, and reading resyncs to the next record", async () => {
  const bytes = fixtureBytes();
  const offs = recordOffsets(bytes);
  const victim = 4;
  bytes[offs[victim] + 1] ^= 0x01;
  const tmp = tempDir();
  const file = path.join(tmp, "len_MS");
  fs.writeFileSync(file, bytes);
  const dir = new RunDir(".");
  const src = await readMindSporeSummaryFile(file, "len_MS", dir, undefined, {});
  assert.equal(src.records, MAIN.records - 1);
  assert.equal(dir.problems.length, 1);
  assert.equal(dir.problems[0].code, "bad_length_crc");
  assert.equal(dir.problems[0].offset, offs[victim]);
  const lossTag = dir.scalars.get("loss/auto");
  assert.ok(lossTag && lossTag.length > 0);
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("a well-framed record that is not a MindSpore Event is reported as decode and the next record still loads", async () => {
  const bytes = fixtureBytes();
  const offs = recordOffsets(bytes);
  const junk = frameRecord(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
  const lastRecord = bytes.subarray(offs[offs.length - 1]);
  const tmp = tempDir();
  const file = path.join(tmp, "junk_MS");
  fs.writeFileSync(file, Buffer.concat([bytes.subarray(0, offs[offs.length - 1]), junk, lastRecord]));
  const dir = new RunDir(".");
  const src = await readMindSporeSummaryFile(file, "junk_MS", dir, undefined, {});
  assert.equal(src.records, MAIN.records + 1);
  assert.equal(dir.problems.length, 1);
  assert.equal(dir.problems[0].code, "decode");
  assert.equal(dir.problems[0].offset, offs[offs.length - 1]);
  assert.match(dir.problems[0].message, /not a MindSpore summary Event/);
  assert.equal(
    countPoints(dir),
    MAIN.values_per_summary_event.reduce((a, b) => a + b, 0),
  );
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("missing and empty files are reported, not thrown", async () => {
  const tmp = tempDir();
  const dir = new RunDir(".");
  await readMindSporeSummaryFile(path.join(tmp, "nope_MS"), "nope_MS", dir, undefined, {});
  assert.equal(dir.problems[0].code, "io");
  fs.writeFileSync(path.join(tmp, "empty_MS"), "");
  const src = await readMindSporeSummaryFile(path.join(tmp, "empty_MS"), "empty_MS", dir, undefined, {});
  assert.equal(dir.problems[1].code, "empty");
  assert.equal(src.records, 0);
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("garbage spanning several read chunks is reported once, at its start, and the records after it load", async () => {
  const bytes = fixtureBytes();
  const offs = recordOffsets(bytes);
  const at = offs[3];
  const garbage = new Uint8Array(3000);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
  const tmp = tempDir();
  const file = path.join(tmp, "garbage_MS");
  for (const [name, content] of [
    ["middle", Buffer.concat([bytes.subarray(0, at), garbage, bytes.subarray(at)])],
    ["end", Buffer.concat([bytes, garbage])],
  ] as const) {
    fs.writeFileSync(file, content);
    for (const chunkBytes of [undefined, 700, 4096]) {
      const dir = new RunDir(".");
      const src = await readMindSporeSummaryFile(file, "garbage_MS", dir, undefined, { chunkBytes });
      const where = `${name}, chunk ${chunkBytes ?? "default"}`;
      assert.equal(src.records, MAIN.records, where);
      assert.deepEqual(
        dir.problems.map((p) => [p.code, p.offset]),
        [["bad_length_crc", name === "middle" ? at : bytes.length]],
        where,
      );
      assert.equal(
        countPoints(dir),
        MAIN.values_per_summary_event.reduce((a, b) => a + b, 0),
        where,
      );
      assert.equal(src.readOffset, name === "middle" ? content.length : bytes.length, where);
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});
