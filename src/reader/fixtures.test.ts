// Every TensorBoard event file of the shared fixtures reads with the counts and values recorded in
// manifest.json (read here, not copied), including the damaged edge cases and the restart groups.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { RunDir } from "../model/index.ts";
import { readEventFile, readEventFiles } from "./event_file.ts";
import { FIXTURES_DIR as FIXTURES, manifest as readManifest, tempDir } from "./reader_test_util.ts";

const manifest: any = readManifest();
const eventFiles: any[] = [...(manifest.files as any[]), ...(manifest.generated_files as any[]).filter((f) => f.format === "tfevents")];

function sameNumber(actual: number, expected: number | string | null, what: string): void {
  if (expected === null || expected === "NaN" || (typeof expected === "number" && Number.isNaN(expected))) {
    assert.ok(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`);
  } else if (expected === "Infinity" || expected === "-Infinity") {
    assert.equal(actual, expected === "Infinity" ? Infinity : -Infinity, what);
  } else {
    assert.ok(actual === expected, `${what}: expected ${expected}, got ${actual}`);
  }
}

function checkTags(dir: RunDir, tags: Record<string, any>, where: string): void {
  for (const [tag, t] of Object.entries(tags)) {
    const w = `${where} tag ${tag}`;
    const kind: string = t.kind;
    if (kind === "scalar" || kind === "scalar+scalars" || kind === "tensor+scalars") {
      const s = dir.scalars.get(tag);
      assert.ok(s, `${w}: no scalar series`);
      assert.equal(s.length, t.count, `${w}: count`);
      if (t.first_step !== undefined) {
        assert.equal(s.steps[0], t.first_step, `${w}: first step`);
        assert.equal(s.steps[s.length - 1], t.last_step, `${w}: last step`);
      }
      if (t.unique_steps !== undefined) assert.equal(new Set(s.steps).size, t.unique_steps, `${w}: unique steps`);
      sameNumber(s.values[0], t.first_value, `${w}: first value`);
      sameNumber(s.values[s.length - 1], t.last_value, `${w}: last value`);
    } else if (kind === "histo") {
      const h = dir.histograms.get(tag);
      assert.ok(h, `${w}: no histogram series`);
      assert.equal(h.length, t.count, `${w}: count`);
      assert.equal(h.points[0].step, t.first_step, `${w}: first step`);
      assert.equal(h.points[h.length - 1].step, t.last_step, `${w}: last step`);
      for (const [p, v] of [
        [h.points[0], t.first_value],
        [h.points[h.length - 1], t.last_value],
      ] as const) {
        sameNumber(p.num, v.num, `${w}: num`);
        sameNumber(p.sum, v.sum, `${w}: sum`);
        sameNumber(p.min, v.min, `${w}: min`);
        sameNumber(p.max, v.max, `${w}: max`);
        sameNumber(p.sumSquares, v.sum_squares, `${w}: sum_squares`);
        assert.equal(p.counts.length, v.bucket_count, `${w}: bucket count`);
        assert.equal(
          p.counts.reduce((a, b) => a + b, 0),
          v.bucket_total,
          `${w}: bucket total`,
        );
        if (v.num > v.bucket_total)
          assert.equal(p.nonFinite.nan + p.nonFinite.posInf + p.nonFinite.negInf, v.num - v.bucket_total, `${w}: non-finite`);
      }
    } else if (kind === "image") {
      const s = dir.images.get(tag);
      assert.ok(s, `${w}: no image series`);
      assert.equal(s.length, t.count, `${w}: count`);
      const p = s.points[0];
      assert.equal(p.height, t.first_value.height);
      assert.equal(p.width, t.first_value.width);
      assert.equal(p.colorspace, t.first_value.colorspace);
      assert.equal(p.encoded.length, t.first_value.encoded_len);
      assert.equal(p.mime, `image/${t.first_value.format}`);
    } else if (kind === "tensor+text") {
      const s = dir.texts.get(tag);
      assert.ok(s, `${w}: no text series`);
      assert.equal(s.length, t.count);
      assert.equal(s.points[0].text, t.first_value.strings.join("\n"));
    } else if (kind === "none+hparams") {
      assert.equal(dir.plugins.get(tag)?.pluginName, "hparams", `${w}: plugin`);
      assert.equal(dir.plugins.get(tag)?.content.length, t.plugin_content_len_first, `${w}: content length`);
      assert.ok(dir.hparamsSession, `${w}: hparams session`);
    } else if (kind === "tensor+custom_scalars") {
      assert.ok(dir.customScalarLayout, `${w}: layout`);
      assert.ok((dir.customScalarLayout as { categories: unknown[] }).categories.length > 0);
    } else if (kind.startsWith("tensor")) {
      const s = dir.tensors.get(tag);
      assert.ok(s, `${w}: no tensor series`);
      assert.equal(s.length, t.count, `${w}: count`);
      if (t.first_value?.shape) assert.deepEqual(s.points[0].shape, t.first_value.shape, `${w}: shape`);
      if (t.first_value?.n_values) assert.equal(s.points[0].values.length, t.first_value.n_values, `${w}: values`);
      if (t.first_value?.dtype === "DT_FLOAT") assert.equal(s.points[0].dtype, "float32");
      if (kind !== "tensor") assert.equal(dir.plugins.get(tag)?.pluginName, kind.slice("tensor+".length));
    } else {
      assert.fail(`${w}: kind ${kind} not covered by this test`);
    }
  }
}

for (const f of eventFiles) {
  test(`fixture ${f.path}`, async () => {
    const dir = new RunDir(path.dirname(f.path));
    const src = await readEventFile(path.join(FIXTURES, f.path), f.path, dir, undefined);
    assert.equal(src.size, f.size);
    assert.equal(dir.sources[0], src);
    const ec = f.edge_case;
    const expectRecords = f.resync?.valid_records ?? f.records;
    assert.equal(src.records, expectRecords, "records");
    const bad = dir.problems.filter((p) => p.code === "bad_data_crc");
    assert.equal(bad.length, f.resync?.bad_data_crc_records ?? f.bad_data_crc, "bad data CRC problems");
    // every skipped byte range is reported with its offset
    for (const [from] of (f.resync?.skipped_byte_ranges ?? []) as [number, number][]) {
      assert.ok(
        dir.problems.some((p) => p.offset === from && p.code !== "bad_data_crc"),
        `a problem at ${from}: ${JSON.stringify(dir.problems)}`,
      );
    }
    if (f.stop && f.stop.startsWith("truncated")) assert.equal(src.readOffset, f.stop_offset, "resume offset of a growing file");
    if (f.stop === "eof") assert.equal(src.readOffset, f.size);
    if (f.file_version) assert.equal(src.info?.fileVersion, f.file_version);
    if (f.source_writer?.length) assert.equal(src.info?.writer, f.source_writer[0]);
    assert.equal(Number(src.info?.eventsWithoutWallTime ?? 0), f.events_without_wall_time ?? 0);
    if (f.graph_def_bytes?.length)
      assert.deepEqual(
        dir.graphs.filter((g) => g.kind === "graph_def").map((g) => g.bytes),
        f.graph_def_bytes,
      );
    if (f.meta_graph_def_bytes?.length)
      assert.deepEqual(
        dir.graphs.filter((g) => g.kind === "meta_graph_def").map((g) => g.bytes),
        f.meta_graph_def_bytes,
      );
    if (f.session_logs?.length)
      assert.deepEqual(
        dir.sessions.map((s) => s.step),
        f.session_logs.map((s: any) => s.step),
      );
    for (const p of dir.problems) {
      assert.equal(p.file, f.path);
      assert.equal(typeof p.offset, "number");
      assert.ok(p.message.length > 10);
    }
    if (ec) {
      if (ec.case === "not-an-event-file") assert.ok(dir.problems.some((p) => p.code === "not_event_file" && p.offset === 0));
      if (ec.case === "empty") assert.equal(dir.problems.length, 0);
      checkTags(dir, ec.expect_resync.tags ?? {}, f.path);
    } else {
      checkTags(dir, f.tags ?? {}, f.path);
    }
  });
}

test("TensorBoard gives up at a bad data CRC; the records after it are kept here", async () => {
  const f = eventFiles.find((x) => x.edge_case?.case === "bad-data-crc");
  const dir = new RunDir(".");
  await readEventFile(path.join(FIXTURES, f.path), f.path, dir, undefined);
  const damaged = f.edge_case.damage.record_offset;
  const p = dir.problems.find((x) => x.code === "bad_data_crc")!;
  assert.equal(p.offset, damaged);
  const s = dir.scalars.get("strict/foo")!;
  assert.equal(s.length, f.edge_case.expect_resync.tags["strict/foo"].count);
  // the wrong value (what a reader skipping CRCs returns) is not there
  assert.ok(!s.values.includes(Number(f.edge_case.damage.wrong_value)));
  const lost = new Set(s.steps);
  assert.equal(lost.size, s.length);
  // and with the CRC check off, the damaged value comes through (the flag works)
  const dir2 = new RunDir(".");
  await readEventFile(path.join(FIXTURES, f.path), f.path, dir2, undefined, { verifyDataCrc: false });
  assert.ok(dir2.scalars.get("strict/foo")!.values.includes(Number(f.edge_case.damage.wrong_value)));
});

test("run groups: SessionLog START purges as TensorBoard's legacy accumulator; steps backwards kept and reported", async () => {
  const group = (manifest.run_groups as any[]).find((g) => g.run.endsWith("purge_restart"));
  const dir = new RunDir(group.run);
  await readEventFiles(path.join(FIXTURES, group.run), group.run, dir);
  const files = group.files.map((p: string) => (manifest.generated_files as any[]).find((f) => f.path === p));
  const [first, second] = files;
  const restartStep = second.session_logs[0].step;
  for (const tag of Object.keys(first.tags)) {
    const s = dir.scalars.get(tag)!;
    const keptFromFirst = first.tags[tag].count - (first.tags[tag].last_step - restartStep + 1);
    assert.equal(s.length, keptFromFirst + second.tags[tag].count, tag);
    assert.deepEqual(
      [...s.steps],
      [...new Set(s.steps)].sort((a, b) => a - b),
      `${tag}: one point per step, in order`,
    );
    sameNumber(s.values[s.length - 1], second.tags[tag].last_value, `${tag} last`);
  }
  const restart = dir.problems.filter((p) => p.code === "restart");
  assert.equal(restart.length, 1);
  assert.equal(restart[0].file, second.path);
  assert.match(restart[0].message, new RegExp(`step ${restartStep}\\b`));
  const dropped = Object.keys(first.tags).reduce((n, t) => n + first.tags[t].last_step - restartStep + 1, 0);
  assert.match(restart[0].message, new RegExp(`${dropped} point`));

  const back = (manifest.generated_files as any[]).find((f) => f.path.includes("steps_backwards/"));
  const d2 = new RunDir(".");
  await readEventFile(path.join(FIXTURES, back.path), back.path, d2, undefined);
  const probs = d2.problems.filter((p) => p.code === "steps_backwards");
  assert.equal(probs.length, Object.keys(back.tags).length, "one report per tag");
  const loss = d2.scalars.get("loss")!;
  assert.equal(loss.length, back.tags.loss.count);
  const m = /point #(\d+): step (\d+) -> (\d+)/.exec(back.expected_facts.join(" "))!;
  assert.match(probs[0].message, new RegExp(`from ${m[2]} to ${m[3]}`));
});

test("a growing file is read incrementally: the same points as one read, the tail resumed", async () => {
  const f = eventFiles.find((x) => x.path.endsWith("vm.21229.0"));
  const bytes = fs.readFileSync(path.join(FIXTURES, f.path));
  const tmp = tempDir();
  const p = path.join(tmp, "events.out.tfevents.1.x");
  const dir = new RunDir(".");
  let src;
  for (let cut = 1000; ; cut += 7777) {
    fs.writeFileSync(p, bytes.subarray(0, Math.min(cut, bytes.length)));
    src = await readEventFile(p, "events.out.tfevents.1.x", dir, src);
    if (cut >= bytes.length) break;
  }
  const whole = new RunDir(".");
  await readEventFile(path.join(FIXTURES, f.path), "w", whole, undefined);
  assert.equal(src.records, f.records);
  assert.equal(src.readOffset, bytes.length);
  for (const [tag, s] of whole.scalars) assert.deepEqual([...dir.scalars.get(tag)!.values], [...s.values], tag);
  for (const [tag, s] of whole.histograms) assert.equal(dir.histograms.get(tag)!.length, s.length, tag);
  assert.equal(dir.problems.length, 0, JSON.stringify(dir.problems));
  fs.rmSync(tmp, { recursive: true });
});
