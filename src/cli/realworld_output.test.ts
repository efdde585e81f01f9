// The terminal report of `diagnose` and `inspect` on real training logs written by other people:
// the vendored MIT/Apache-2.0-licensed subset (always), and the whole ../shared/realworld corpus when it is
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
  for (const out of [text, inspected]) {
    for (const c of out) {
      const n = c.charCodeAt(0);
      assert.ok(!((n < 0x20 && c !== "\n") || n === 0x7f), `${root}: raw control character ${n}`);
    }
  }
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
      assert.equal(
        block.split("\n").filter((l) => new RegExp(`^ {2}\\d+\\. ${code} \\(confidence `).test(l)).length,
        1,
        `${root} ${r.run} ${code}`,
      );
    }
  }
  return exp.runs.length;
}

test("vendored real-world logs are the byte-for-byte copies their manifest names (git blob ids), each with a licence", () => {
  const sources = realworldManifest(VENDORED_REALWORLD);
  const dirs = fs
    .readdirSync(VENDORED_REALWORLD, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== "LICENSES")
    .map((d) => d.name)
    .sort();
  assert.deepEqual(sources.map((s) => s.short).sort(), dirs, "every vendored directory is in MANIFEST.json");
  for (const s of sources) {
    const listed = new Set(s.files.map((f) => f.path));
    const present = (fs.readdirSync(path.join(VENDORED_REALWORLD, s.short), { recursive: true, withFileTypes: true }) as fs.Dirent[])
      .filter((d) => d.isFile())
      .map((d) => path.relative(path.join(VENDORED_REALWORLD, s.short), path.join(d.parentPath, d.name)));
    assert.deepEqual(present.sort(), [...listed].sort(), `${s.short}: every file listed`);
    for (const f of s.files) {
      const bytes = fs.readFileSync(path.join(VENDORED_REALWORLD, s.short, f.path));
      const blob = crypto.createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
      assert.equal(blob, f.git_blob, `${s.short}/${f.path}`);
      assert.equal(bytes.length, f.size);
    }
    assert.ok(s.licence === "MIT" || s.licence === "Apache-2.0", `${s.short}: ${s.licence}`);
    if (s.licence_text) assert.ok(fs.existsSync(path.join(VENDORED_REALWORLD, s.licence_text)), `${s.short} licence text`);
  }
});

test("vendored real-world logs: main series agree, evidence names its series, causes once", async () => {
  let runs = 0;
  for (const s of realworldManifest(VENDORED_REALWORLD)) runs += await checkReports(path.join(VENDORED_REALWORLD, s.short));
  assert.ok(runs >= 8, `${runs} runs`);
  // the Lightning CSVLogger run: per-step train_loss is the main training loss for both commands
  const exp = await loadExperiment(path.join(VENDORED_REALWORLD, "hcdescamps-cv/lightning_logs/version_0"));
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
