// The terminal report of `diagnose` and `inspect` on real training logs written by other people:
// the vendored MIT-licensed subset (always), and the whole ../shared/realworld corpus when it is
// beside the repository (skipped with a note otherwise). On every run: the main series `inspect`
// names are the ones the diagnosis reads, every evidence line names its series, each cause is
// printed once, and nothing from the logs reaches the terminal unescaped.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { loadExperiment } from "../reader/index.ts";
import { diagnoseExperiment, runSummary } from "../diagnose/index.ts";
import { formatReport } from "./commands/diagnose.ts";
import { inspectText, mainRoleKeys } from "./commands/inspect.ts";
import { VENDORED_REALWORLD, realworldManifest, sharedRealworld } from "../../test/util/realworld.ts";

/** Checks the reports of every run under `root`; returns how many runs were checked. */
async function checkReports(root: string): Promise<number> {
  const exp = await loadExperiment(root);
  const report = diagnoseExperiment(exp);
  const text = formatReport(report, exp);
  const inspected = inspectText(exp);
  for (const out of [text, inspected]) assert.doesNotMatch(out, /[\x00-\x09\x0b-\x1f\x7f]/, `${root}: raw control character`);
  for (const run of exp.runs) {
    const main = mainRoleKeys(run);
    for (const [role, key] of Object.entries(runSummary(run).roles)) assert.equal(main[role], key, `${root} ${run.name} ${role}`);
  }
  for (const l of text.split("\n")) {
    const m = /^ {4}- (scalar|histogram|tensor|hparam|watchpoint)(.*)$/.exec(l);
    if (m) assert.match(m[2], /^ [^@=( ]/, `${root}: ${l}`);
  }
  for (const r of report.runs) {
    const codes = report.findings.filter((f) => f.run === r.run).flatMap((f) => f.causes.map((c) => c.code));
    const start = text.indexOf(`== run ${r.run}  (`);
    const end = text.indexOf("\n== run ", start + 1);
    const block = text.slice(start, end < 0 ? undefined : end);
    for (const code of new Set(codes)) {
      assert.equal(block.split("\n").filter((l) => new RegExp(`^ {2}\\d+\\. ${code} \\(confidence `).test(l)).length, 1, `${root} ${r.run} ${code}`);
    }
  }
  return exp.runs.length;
}

test("vendored real-world logs are the byte-for-byte copies their manifest names (git blob ids)", () => {
  const sources = realworldManifest(VENDORED_REALWORLD);
  assert.deepEqual(sources.map((s) => s.short).sort(), ["braincnn-keras1", "hcdescamps-cv", "yolov8-dental"]);
  for (const s of sources) {
    for (const f of s.files) {
      const bytes = fs.readFileSync(path.join(VENDORED_REALWORLD, "logs", s.short, f.path));
      const blob = crypto.createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
      assert.equal(blob, f.git_blob, `${s.short}/${f.path}`);
      assert.equal(bytes.length, f.size);
    }
    assert.ok(fs.existsSync(path.join(VENDORED_REALWORLD, "LICENSES", `${s.short}.MIT.txt`)), `${s.short} licence text`);
  }
});

test("vendored real-world logs: main series agree, evidence names its series, causes once", async () => {
  let runs = 0;
  for (const s of realworldManifest(VENDORED_REALWORLD)) runs += await checkReports(path.join(VENDORED_REALWORLD, "logs", s.short));
  // Lightning: 2 TensorBoardLogger versions + 1 CSVLogger version; YOLOv8 results.csv (and the
  // Keras `training.log`, once its name is recognised as a CSV log)
  assert.ok(runs >= 4, `${runs} runs`);
  // the Lightning CSVLogger run: per-step train_loss is the main training loss for both commands
  const exp = await loadExperiment(path.join(VENDORED_REALWORLD, "logs/hcdescamps-cv/lightning_logs/version_0"));
  assert.equal(mainRoleKeys(exp.runs[0]).train_loss, "train_loss");
  assert.match(formatReport(diagnoseExperiment(exp), exp), /roles: train_loss=train_loss, val_loss=val_loss, /);
});

test("../shared/realworld corpus: main series agree, evidence names its series, causes once", async (t) => {
  const logs = sharedRealworld(t);
  if (!logs) return;
  let runs = 0;
  for (const short of fs.readdirSync(logs).sort()) runs += await checkReports(path.join(logs, short));
  assert.ok(runs >= 42, `${runs} runs`);
});
