// The user's tags and notes: kept in the cache directory (never in the logdir), written atomically,
// validated, read back after a restart; a damaged file is reported with its byte offset and set
// aside, not lost; and the write route only takes same-origin JSON (security.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApp } from "./index.ts";
import { AnnotationError, AnnotationStore, annotationsPath, cacheRoot, MAX_TAGS } from "./annotations.ts";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";

function logdir(): { root: string; cache: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-annotations-"));
  const root = path.join(base, "logs");
  for (const name of ["a", "b"]) {
    fs.mkdirSync(path.join(root, name), { recursive: true });
    fs.writeFileSync(
      path.join(root, name, "events.out.tfevents.1700000000.ann.0"),
      frameRecords([fileVersionEvent(1_700_000_000), scalarEvent("loss", 0, 1, 1_700_000_000), scalarEvent("loss", 1, 0.5, 1_700_000_001)]),
    );
  }
  return { root, cache: path.join(base, "cache") };
}

function listAll(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

test("annotations: cache path from XDG_CACHE_HOME and the logdir's real path; validation; atomic write read back", async () => {
  const { root, cache } = logdir();
  assert.equal(cacheRoot({ XDG_CACHE_HOME: "/x/cache" }), "/x/cache");
  assert.notEqual(cacheRoot({ XDG_CACHE_HOME: "relative/cache" }), "relative/cache", "a relative XDG_CACHE_HOME is ignored (XDG spec)");
  const file = annotationsPath(root, cache);
  assert.match(file, /trainscope\/[0-9a-f]{16}\/annotations\.json$/);
  fs.symlinkSync(root, root + "-link");
  assert.equal(annotationsPath(root + "-link", cache), file, "two spellings of one folder share the file");
  const before = listAll(root);

  const s = AnnotationStore.forLogdir(root, cache);
  assert.equal(s.loadError, undefined);
  const a = await s.update("a", { tags: [" baseline ", "lr-sweep", "baseline", ""], note: "first try\nwith warmup" });
  assert.deepEqual(a?.tags, ["baseline", "lr-sweep"]);
  await s.update("b", { tags: ["lr-sweep"] });
  await s.update("a", { note: "changed" }); // tags kept
  assert.throws(() => s.update("a", { tags: Array.from({ length: MAX_TAGS + 1 }, (_, i) => `t${i}`) }), AnnotationError);
  assert.throws(() => s.update("a", { tags: ["x\u0007y"] }), /control character/);
  assert.throws(() => s.update("a", { tags: "baseline" }), /list of texts/);
  assert.throws(() => s.update("a", { tags: ["a,b"] }), /comma or semicolon/);
  assert.throws(() => s.update("a", { note: "n".repeat(10_001) }), /at most 10000/);
  assert.deepEqual(s.tagCounts(), [
    { tag: "lr-sweep", runs: 2 },
    { tag: "baseline", runs: 1 },
  ]);
  // a new store (a restart) reads the same
  const again = AnnotationStore.forLogdir(root, cache);
  assert.deepEqual(again.get("a")?.tags, ["baseline", "lr-sweep"]);
  assert.equal(again.get("a")?.note, "changed");
  assert.deepEqual(again.get("b")?.tags, ["lr-sweep"]);
  assert.deepEqual(listAll(path.dirname(file)), ["annotations.json"], "no temporary file left");
  // clearing a run removes it from the file
  await again.update("b", { tags: [] });
  assert.equal(JSON.parse(fs.readFileSync(file, "utf8")).runs.b, undefined);
  assert.deepEqual(listAll(root), before, "nothing written in the logdir");
});

test("annotations: a damaged file is reported with its byte offset and set aside at the next write", async () => {
  const { root, cache } = logdir();
  const file = annotationsPath(root, cache);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '{"format":1,"runs":{"a":{"tags":["x"]},,}}');
  const s = AnnotationStore.forLogdir(root, cache);
  assert.match(s.loadError ?? "", /annotations\.json at byte 39: not JSON/);
  await s.update("a", { tags: ["y"] });
  assert.equal(s.loadError, undefined);
  const kept = fs.readdirSync(path.dirname(file)).filter((f) => f.includes(".damaged-"));
  assert.equal(kept.length, 1);
  assert.equal(fs.readFileSync(path.join(path.dirname(file), kept[0]), "utf8"), '{"format":1,"runs":{"a":{"tags":["x"]},,}}');
});

test("POST /api/annotations: same-origin JSON only, unknown runs 404, the lineage table and run list carry the tags", async () => {
  const { root, cache } = logdir();
  const d = createApp({ logdir: root, diagnoseInWorker: false, cacheDir: cache });
  try {
    await d.ready;
    await d.loaded;
    const url = "http://127.0.0.1:6007/api/annotations";
    const ok = { origin: "http://127.0.0.1:6007", "content-type": "application/json", "sec-fetch-site": "same-origin" };
    const post = (headers: Record<string, string>, body: unknown) =>
      d.request(url, { method: "POST", headers: { host: "127.0.0.1:6007", ...headers }, body: JSON.stringify(body) });
    // refused: no Origin, another origin, cross-site, a form's content type, a PUT, a POST elsewhere
    assert.equal((await post({ "content-type": "application/json" }, { run: "a", tags: ["x"] })).status, 403);
    assert.equal((await post({ ...ok, origin: "http://evil.example" }, { run: "a", tags: ["x"] })).status, 403);
    assert.equal((await post({ ...ok, "sec-fetch-site": "cross-site" }, { run: "a", tags: ["x"] })).status, 403);
    assert.equal((await post({ ...ok, "content-type": "text/plain" }, { run: "a", tags: ["x"] })).status, 403);
    assert.equal((await post({ ...ok, host: "evil.example:6007", origin: "http://evil.example:6007" }, { run: "a" })).status, 403);
    assert.equal((await d.request(url, { method: "PUT", headers: { host: "127.0.0.1:6007", ...ok } })).status, 405);
    assert.equal(
      (await d.request("http://127.0.0.1:6007/api/lineage", { method: "POST", headers: { host: "127.0.0.1:6007", ...ok } })).status,
      405,
    );
    assert.equal(fs.existsSync(annotationsPath(root, cache)), false, "nothing written by a refused request");
    // bad values and unknown runs
    assert.equal((await post(ok, { run: "nope", tags: ["x"] })).status, 404);
    const bad = await post(ok, { run: "a", tags: "x" });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /list of texts/);
    assert.equal((await post(ok, { run: "a", note: "x".repeat(200_000) })).status, 413);
    // accepted
    const res = await post(ok, { run: "a", tags: ["baseline"], note: "keep <b>this</b>" });
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { tags: string[] }).tags, ["baseline"]);
    const got = (await (await d.request("/api/annotations")).json()) as { runs: Record<string, { tags: string[]; note: string }> };
    assert.deepEqual(got.runs.a.tags, ["baseline"]);
    assert.equal(got.runs.a.note, "keep <b>this</b>");
    const lin = (await (await d.request("/api/lineage")).json()) as { runs: { run: string; tags?: string[]; note?: string }[] };
    assert.deepEqual(lin.runs.find((r) => r.run === "a")?.tags, ["baseline"]);
    assert.equal(lin.runs.find((r) => r.run === "b")?.tags, undefined);
    const list = (await (await d.request("/api/runs")).json()) as { runs: { name: string; tags?: string[] }[] };
    assert.deepEqual(list.runs.find((r) => r.name === "a")?.tags, ["baseline"]);
  } finally {
    d.close();
  }
});
