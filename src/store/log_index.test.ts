// The embedded index on real SQLite files in os.tmpdir(), over copies of real logs (examples/logs:
// TF.js trainings written by trainscope's recorder, event files + CSV + hparams files; and
// test/fixtures/tensorboard: files written by TensorBoard writers). Checks that a restart reads
// only changed files, a grown file is tailed, a replaced file read again, a damaged or outdated
// index rebuilt, the logdir never written, and that runs served from the index equal a fresh read.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { discoverRuns, loadRun, type LoadProgress } from "../reader/index.ts";
import { frameRecord, scalarEvent } from "../format/index.ts";
import type { TrainingRun } from "../model/index.ts";
import { IndexLocationError, IndexedRuns, INDEX_FORMAT_VERSION, LogIndex, indexFileFor, openIndex } from "./index.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const EXAMPLES = path.join(REPO, "examples/logs");
const TB_FIXTURES = path.join(REPO, "test/fixtures/tensorboard");

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `trainscope-${prefix}-`));
}

function copyLogs(from: string): string {
  const dir = tmp("logs");
  fs.cpSync(from, dir, { recursive: true });
  return dir;
}

const bits = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");

/** Everything a run holds that a reader produced, in comparable form (floats compared bit for bit). */
function view(run: TrainingRun): unknown {
  return {
    name: run.name,
    failed: run.failed ?? false,
    hparams: [...run.hparams].map(([k, h]) => [k, h.value, h.source, h.sourceKind]),
    conflicts: run.hparamConflicts.map((h) => [h.name, h.value, h.source]),
    roles: run.roles,
    problems: run.problems.map((p) => [p.file, p.code, p.offset, p.message]),
    dirs: run.dirs.map((d) => ({
      path: d.path,
      sources: d.sources.map((s) => [s.path, s.format, s.readOffset, s.size, s.records, s.info]),
      scalars: [...d.scalars].map(([tag, s]) => [
        tag,
        s.unit,
        s.phase,
        s.nonFinite,
        s.length,
        bits(s.steps),
        bits(s.wallTimes),
        bits(s.values),
      ]),
      copies: [...d.copies].map(([k, s]) => [k, s.length, bits(s.values)]),
      histograms: [...d.histograms].map(([tag, s]) => [tag, s.points]),
      tensors: [...d.tensors].map(([tag, s]) => [tag, s.points]),
      images: [...d.images].map(([tag, s]) => [tag, s.points.length]),
      texts: [...d.texts].map(([tag, s]) => [tag, s.points]),
      plugins: [...d.plugins],
      graphs: d.graphs,
      hparams: d.hparams,
    })),
  };
}

/** Loads every run of `logdir` through the index in `indexDir`; also which files the readers read bytes of. */
async function loadAll(
  logdir: string,
  indexDir: string,
): Promise<{ runs: TrainingRun[]; counts: IndexedRuns["counts"]; read: Map<string, number>; index: LogIndex }> {
  const read = new Map<string, number>();
  const progress: LoadProgress = { bytes: (f, n) => read.set(f, Math.max(read.get(f) ?? 0, n)) };
  const index = openIndex(logdir, indexDir);
  const store = new IndexedRuns(index, logdir, { progress });
  const found = await discoverRuns(logdir);
  store.discovered(found);
  const runs: TrainingRun[] = [];
  for (const d of found) runs.push(await store.load(d));
  return { runs, counts: store.counts, read, index };
}

async function fresh(logdir: string): Promise<TrainingRun[]> {
  const out: TrainingRun[] = [];
  for (const d of await discoverRuns(logdir)) out.push(await loadRun(logdir, d));
  return out;
}

function listing(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => {
      const st = fs.statSync(path.join(dir, f));
      return `${f}:${st.size}:${st.mtimeMs}`;
    })
    .sort();
}

test("runs rebuilt from the index equal a fresh read of the real files, bit for bit, and no log byte is read", async () => {
  for (const src of [EXAMPLES, TB_FIXTURES]) {
    const logdir = copyLogs(src);
    const idx = tmp("index");
    try {
      const first = await loadAll(logdir, idx);
      first.index.close();
      assert.equal(first.counts.read, first.runs.length);
      const second = await loadAll(logdir, idx);
      second.index.close();
      assert.ok(second.runs.length > 0);
      assert.deepEqual(second.counts, { fromIndex: second.runs.length, tailed: 0, read: 0 }, src);
      assert.equal(second.read.size, 0, `no file read on a warm start: ${[...second.read.keys()].join(", ")}`);
      const want = await fresh(logdir);
      assert.deepEqual(second.runs.map(view), want.map(view), src);
    } finally {
      fs.rmSync(logdir, { recursive: true, force: true });
      fs.rmSync(idx, { recursive: true, force: true });
    }
  }
});

test("a restart reads only the file that grew, from its stored offset, and the result equals a fresh read", async () => {
  const logdir = copyLogs(EXAMPLES);
  const idx = tmp("index");
  try {
    const first = await loadAll(logdir, idx);
    first.index.close();
    const runDir = path.join(logdir, "healthy_mlp_spirals_rmsprop_constant_0");
    const file = path.join(
      runDir,
      fs.readdirSync(runDir).find((f) => f.includes("tfevents"))!,
    );
    const before = fs.statSync(file).size;
    const added = Buffer.concat(
      [10_000, 10_001, 10_002].map((s, i) => frameRecord(scalarEvent("train/batch_loss", s, 0.25 - i / 100, 1.8e9 + s))),
    );
    fs.appendFileSync(file, added);
    const second = await loadAll(logdir, idx);
    second.index.close();
    assert.deepEqual(second.counts, { fromIndex: second.runs.length - 1, tailed: 1, read: 0 });
    assert.deepEqual([...second.read.keys()], [path.relative(logdir, file)], "only the grown file is read");
    assert.equal(second.read.get(path.relative(logdir, file)), added.length, `tailed from byte ${before}: only the new bytes`);
    const run = second.runs.find((r) => r.name === "healthy_mlp_spirals_rmsprop_constant_0")!;
    const s = run.dirs[0].scalars.get("train/batch_loss")!;
    assert.deepEqual([...s.steps.slice(-3)], [10_000, 10_001, 10_002]);
    assert.deepEqual(second.runs.map(view), (await fresh(logdir)).map(view));
    // and a third start finds everything in the index again
    const third = await loadAll(logdir, idx);
    third.index.close();
    assert.equal(third.counts.fromIndex, third.runs.length);
    assert.equal(third.read.size, 0);
  } finally {
    fs.rmSync(logdir, { recursive: true, force: true });
    fs.rmSync(idx, { recursive: true, force: true });
  }
});

test("a file replaced or cut short is read again from the start, and says so", async () => {
  const logdir = copyLogs(EXAMPLES);
  const idx = tmp("index");
  try {
    (await loadAll(logdir, idx)).index.close();
    // replaced: another file (new inode) with other content under the same name
    const runA = path.join(logdir, "healthy_mlp_moons_momentum_cosine_1/train");
    const fa = path.join(runA, fs.readdirSync(runA)[0]);
    const other = Buffer.concat([1, 2, 3].map((s) => frameRecord(scalarEvent("epoch_loss", s, 1 / s, 1.7e9 + s))));
    fs.rmSync(fa);
    fs.writeFileSync(fa, other);
    // cut short: the CSV loses its last rows
    const csv = path.join(logdir, "learning_rate_too_high_sgd_diverge_3/lightning_logs/version_0/metrics.csv");
    const text = fs.readFileSync(csv, "utf8").split("\n");
    fs.writeFileSync(csv, text.slice(0, Math.floor(text.length / 2)).join("\n") + "\n");
    const second = await loadAll(logdir, idx);
    second.index.close();
    assert.equal(second.counts.tailed, 2);
    assert.equal(second.counts.fromIndex, second.runs.length - 2);
    const a = second.runs.find((r) => r.name === "healthy_mlp_moons_momentum_cosine_1")!;
    assert.ok(
      a.problems.some((p) => p.code === "replaced" && p.file.endsWith(path.basename(fa))),
      JSON.stringify(a.problems),
    );
    const train = a.dirs.find((d) => d.path.endsWith("/train"))!;
    assert.deepEqual(
      [...train.scalars.get("epoch_loss")!.values],
      [1, 1 / 2, 1 / 3].map((v) => Math.fround(v)),
    );
    const c = second.runs.find((r) => r.name.startsWith("learning_rate_too_high_sgd_diverge_3"))!;
    assert.ok(c.problems.some((p) => p.code === "replaced" && p.file.endsWith("metrics.csv")));
    // the data equal a fresh read (the "replaced" notes aside: a fresh read has nothing to compare with)
    const strip = (runs: TrainingRun[]) =>
      runs.map((r) => ({
        ...(view(r) as object),
        problems: r.problems.filter((p) => p.code !== "replaced").map((p) => [p.file, p.code, p.message]),
      }));
    const freshRuns = await fresh(logdir);
    assert.deepEqual(
      strip(second.runs).map((r) => ({ ...r, dirs: undefined })),
      strip(freshRuns).map((r) => ({ ...r, dirs: undefined })),
    );
    assert.equal(second.runs.length, freshRuns.length);
    for (let i = 0; i < freshRuns.length; i++) {
      const got = second.runs[i].dirs.map((d) => [d.path, [...d.scalars].map(([t, s]) => [t, bits(s.steps), bits(s.values)])]);
      const want = freshRuns[i].dirs.map((d) => [d.path, [...d.scalars].map(([t, s]) => [t, bits(s.steps), bits(s.values)])]);
      assert.deepEqual(got, want, freshRuns[i].name);
    }
  } finally {
    fs.rmSync(logdir, { recursive: true, force: true });
    fs.rmSync(idx, { recursive: true, force: true });
  }
});

test("a damaged index file (cut short, or garbled) is rebuilt and the runs still load", async () => {
  for (const damage of ["truncate", "garble", "not-sqlite"] as const) {
    const logdir = copyLogs(EXAMPLES);
    const idx = tmp("index");
    try {
      const first = await loadAll(logdir, idx);
      const file = first.index.file;
      first.index.close();
      const size = fs.statSync(file).size;
      assert.ok(size > 64 * 1024, `index of ${size} bytes`);
      if (damage === "truncate") fs.truncateSync(file, Math.floor(size / 3));
      else if (damage === "garble") {
        const fd = fs.openSync(file, "r+");
        // pages 2.. hold the schema's tables: overwrite a stretch of them with noise
        const noise = Buffer.alloc(16 * 1024);
        for (let i = 0; i < noise.length; i++) noise[i] = (i * 151 + 7) & 0xff;
        fs.writeSync(fd, noise, 0, noise.length, 4096);
        fs.closeSync(fd);
      } else fs.writeFileSync(file, "this is not a database at all, just text\n".repeat(200));
      const second = await loadAll(logdir, idx);
      second.index.close();
      assert.match(second.index.rebuilt ?? "", /damaged|not a trainscope index|rebuilt/, damage);
      assert.equal(second.counts.read, second.runs.length, damage);
      assert.deepEqual(second.runs.map(view), (await fresh(logdir)).map(view), damage);
      const third = openIndex(logdir, idx);
      assert.equal(third.rebuilt, undefined, damage);
      assert.equal(third.integrity(), "ok");
      assert.equal(third.runs().length, second.runs.length);
      third.close();
    } finally {
      fs.rmSync(logdir, { recursive: true, force: true });
      fs.rmSync(idx, { recursive: true, force: true });
    }
  }
});

test("an index of another format version is rebuilt", async () => {
  const logdir = copyLogs(EXAMPLES);
  const idx = tmp("index");
  try {
    const first = await loadAll(logdir, idx);
    first.index.close();
    const db = new Database(first.index.file);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'format_version'").run(String(INDEX_FORMAT_VERSION - 1));
    db.close();
    const second = await loadAll(logdir, idx);
    second.index.close();
    assert.match(
      second.index.rebuilt ?? "",
      new RegExp(`index format ${INDEX_FORMAT_VERSION - 1}, this version reads ${INDEX_FORMAT_VERSION}`),
    );
    assert.equal(second.counts.read, second.runs.length);
    assert.equal(second.counts.fromIndex, 0);
  } finally {
    fs.rmSync(logdir, { recursive: true, force: true });
    fs.rmSync(idx, { recursive: true, force: true });
  }
});

test("the index is never written into the logdir", async () => {
  const logdir = copyLogs(EXAMPLES);
  const idx = tmp("index");
  try {
    const before = listing(logdir);
    assert.throws(() => indexFileFor(logdir, path.join(logdir, "cache")), IndexLocationError);
    assert.throws(() => openIndex(logdir, logdir), IndexLocationError);
    // the default cache directory under a home that holds the logdir is refused too
    assert.throws(() => indexFileFor(logdir, path.join(logdir, ".cache/trainscope")), /inside the logdir/);
    const r = await loadAll(logdir, idx);
    r.index.close();
    assert.ok(r.index.file.startsWith(idx + path.sep));
    assert.deepEqual(listing(logdir), before);
    assert.equal(fs.readdirSync(idx).filter((f) => f.endsWith(".sqlite")).length, 1);
  } finally {
    fs.rmSync(logdir, { recursive: true, force: true });
    fs.rmSync(idx, { recursive: true, force: true });
  }
});

test("two processes writing one index at once leave it sound, with every run of both", () => {
  const logdir = copyLogs(EXAMPLES);
  const idx = tmp("index");
  try {
    const script = `
      import { openIndex, IndexedRuns } from ${JSON.stringify(path.join(REPO, "src/store/index.ts"))};
      import { discoverRuns } from ${JSON.stringify(path.join(REPO, "src/reader/index.ts"))};
      const [logdir, idx, rounds] = process.argv.slice(-3);
      const found = await discoverRuns(logdir);
      for (let k = 0; k < Number(rounds); k++) {
        const index = openIndex(logdir, idx);
        const store = new IndexedRuns(index, logdir);
        for (const d of found) { const run = await store.load(d); await store.save(run, d); }
        index.close();
      }`;
    const file = path.join(idx, "writer.mts");
    fs.writeFileSync(file, script);
    // both writers run at the same time (one shell starts both and waits for both)
    const cmd = `${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(file)} ${JSON.stringify(logdir)} ${JSON.stringify(idx)} 4`;
    const both = spawnSync("bash", ["-c", `(${cmd}) & a=$!; (${cmd}) & b=$!; wait $a; ra=$?; wait $b; rb=$?; echo "$ra $rb"`], {
      encoding: "utf8",
      cwd: REPO,
    });
    assert.equal(both.stdout.trim(), "0 0", both.stderr);
    const index = openIndex(logdir, idx);
    assert.equal(index.rebuilt, undefined);
    assert.equal(index.integrity(), "ok");
    assert.equal(index.runs().length, 8);
    index.close();
  } finally {
    fs.rmSync(logdir, { recursive: true, force: true });
    fs.rmSync(idx, { recursive: true, force: true });
  }
});

test("a run growing live is written back at most once per interval, and flush() writes the rest", async () => {
  const logdir = copyLogs(EXAMPLES);
  const idx = tmp("index");
  try {
    let now = 0;
    const index = openIndex(logdir, idx);
    const store = new IndexedRuns(index, logdir, {}, { saveIntervalMs: 10_000, now: () => now });
    const found = await discoverRuns(logdir);
    store.discovered(found);
    const d = found.find((x) => x.name === "healthy_mlp_spirals_rmsprop_constant_0")!;
    const run = await store.load(d);
    const file = d.files.find((f) => f.format === "tfevents")!.path;
    const stored = () => index.files(d.name).find((f) => f.path === file)!.readOffset;
    const first = stored();
    const grow = (step: number) =>
      fs.appendFileSync(path.join(logdir, file), frameRecord(scalarEvent("Loss/train", step, 0.1, 1.8e9 + step)));
    grow(20_000);
    now = 1_000;
    assert.equal(await store.refresh(run, d), true);
    assert.equal(stored(), first, "within the interval: not written yet");
    now = 20_000;
    grow(20_001);
    assert.equal(await store.refresh(run, d), true);
    const second = stored();
    assert.equal(second, fs.statSync(path.join(logdir, file)).size, "past the interval: written with the new offset");
    now = 21_000;
    grow(20_002);
    assert.equal(await store.refresh(run, d), true);
    assert.equal(stored(), second);
    await store.flush();
    assert.equal(stored(), fs.statSync(path.join(logdir, file)).size);
    index.close();
    // the next start rebuilds it from the index alone, the three new points included
    const again = await loadAll(logdir, idx);
    again.index.close();
    // (the only run indexed here; the other runs were never loaded, so they are read)
    assert.deepEqual(again.counts, { fromIndex: 1, tailed: 0, read: again.runs.length - 1 });
    const s = again.runs.find((r) => r.name === d.name)!.dirs[0].scalars.get("Loss/train")!;
    assert.deepEqual([...s.steps.slice(-3)], [20_000, 20_001, 20_002]);
  } finally {
    fs.rmSync(logdir, { recursive: true, force: true });
    fs.rmSync(idx, { recursive: true, force: true });
  }
});

test("an index that cannot be read or written never fails a run: it is read from its files, the failure kept", async () => {
  const logdir = copyLogs(EXAMPLES);
  const idx = tmp("index");
  try {
    const index = openIndex(logdir, idx);
    const store = new IndexedRuns(index, logdir);
    index.close(); // every later statement fails
    const found = await discoverRuns(logdir);
    const runs = [];
    for (const d of found) runs.push(await store.load(d));
    assert.deepEqual(runs.map(view), (await fresh(logdir)).map(view));
    assert.match(store.error ?? "", /index (read|write) failed/);
    assert.equal(store.counts.read, found.length);
  } finally {
    fs.rmSync(logdir, { recursive: true, force: true });
    fs.rmSync(idx, { recursive: true, force: true });
  }
});
