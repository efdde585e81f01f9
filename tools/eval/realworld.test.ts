// RUNS.md entries and readings are parsed as written (one line per run directory or log file).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseRunsMd } from "./realworld.ts";

test("entries, readings and file entries are parsed from RUNS.md lines", () => {
  const md = [
    "# RUNS",
    "",
    "- `a/lightning_logs/version_0` - Lightning CSVLogger. Logged: x. Reading: **healthy** - fine",
    "- `b/training.log` - Keras CSVLogger. Numbers: 1 -> 2. Reading: **not learning** - flat at 0.25",
    "- `c` - something without a reading",
    "- By reading: healthy 44",
  ].join("\n");
  assert.deepEqual(parseRunsMd(md), [
    { path: "a/lightning_logs/version_0", reading: "healthy" },
    { path: "b/training.log", reading: "not learning" },
  ]);
});

test("the shared corpus's RUNS.md: 85 entries, 44 read as healthy", (t) => {
  const f = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/realworld/RUNS.md");
  if (!fs.existsSync(f)) {
    t.skip("../shared/realworld absent");
    return;
  }
  const e = parseRunsMd(fs.readFileSync(f, "utf8"));
  assert.equal(e.length, 85);
  assert.equal(e.filter((x) => x.reading === "healthy").length, 44);
  assert.equal(e.filter((x) => x.reading === "overfitting").length, 14);
});
