// The terminal output of `diagnose` (and what it shares with `inspect`, `export` and `serve`), on
// the example logs and the fixtures: each cause printed once per run with every finding it
// explains; every evidence line names its series; `--role` and the main loss agree between
// `inspect` and `diagnose`; damaged files listed in text and JSON; progress on stderr only for a
// terminal (forced here through TRAINSCOPE_PROGRESS) and never with --json; control characters
// from hostile logs escaped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadExperiment } from "../reader/index.ts";
import { diagnoseExperiment, type Finding } from "../diagnose/index.ts";
import { evidenceText, formatReport, groupCauses } from "./commands/diagnose.ts";
import { Progress, formatBytes } from "./progress.ts";
import { termSafe } from "./terminal.ts";
import { fileVersionEvent, frameRecords, scalarEvent } from "../format/index.ts";

/** The sequence that returns to the start of the line and erases it. */
const ERASE = "\r\u001b[2K";

/** The first control character other than a line break in `s` (undefined when there is none). */
function rawControl(s: string): string | undefined {
  for (const c of s) {
    const n = c.charCodeAt(0);
    if ((n < 0x20 && c !== "\n") || n === 0x7f) return c;
  }
  return undefined;
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURES = path.join(REPO, "test/fixtures");
const EXAMPLES = path.join(REPO, "examples/logs");

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const e: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!("TRAINSCOPE_PROGRESS" in env)) delete e.TRAINSCOPE_PROGRESS;
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO, "src/cli/main.ts"), ...args], { cwd: REPO, env: e });
    let stdout = "",
      stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-diag-out-"));
}

/** The block of the text report that belongs to one run. */
function runBlock(text: string, run: string): string {
  const start = text.indexOf(`== run ${run}  (`);
  assert.ok(start >= 0, `run ${run} printed`);
  const next = text.indexOf("\n== run ", start + 1);
  return text.slice(start, next < 0 ? text.length : next);
}

test("each cause prints once per run, with every finding it explains", async () => {
  const exp = await loadExperiment(EXAMPLES);
  const report = diagnoseExperiment(exp);
  const text = formatReport(report, exp);
  const run = exp.runs.find((r) => r.name.startsWith("dead_relu"))!.name;
  const block = runBlock(text, run);
  // the engine gives dead_relu to three findings of this run; the text names it once as a cause
  const findings = report.findings.filter((f) => f.run === run && f.causes.some((c) => c.code === "dead_relu"));
  assert.ok(findings.length >= 2, `dead_relu explains several findings (${findings.map((f) => f.symptom)})`);
  const causeLines = block.split("\n").filter((l) => /^\s+\d+\. dead_relu \(confidence /.test(l));
  assert.equal(causeLines.length, 1, block);
  assert.match(causeLines[0], new RegExp(`explains ${findings.map((f) => f.symptom).join(", ")}$`));
  for (const f of findings) assert.match(block, new RegExp(`^ {7}${f.symptom} \\(\\d[.\\d]*\\): `, "m"));
  // fixes are not repeated per finding: each fix line of the cause appears once in the run
  const fix = findings[0].causes.find((c) => c.code === "dead_relu")!.fixes[0];
  assert.equal(block.split("\n").filter((l) => l === `     fix: ${fix}`).length, 1);
  // every run: no cause number twice, and one cause line per distinct cause code
  for (const r of report.runs) {
    const b = runBlock(text, r.run);
    const codes = new Set(report.findings.filter((f) => f.run === r.run).flatMap((f) => f.causes.map((c) => c.code)));
    const printed = b
      .split("\n")
      .map((l) => /^ {2}\d+\. (\S+) \(confidence /.exec(l)?.[1])
      .filter((x): x is string => !!x);
    assert.deepEqual(printed.slice().sort(), [...codes].sort(), r.run);
  }
});

test("groupCauses: highest confidence first, then the cause explaining more findings", () => {
  const cause = (code: string, confidence: number) => ({
    code,
    confidence,
    why: `${code} why`,
    evidence: [],
    fixes: [`fix ${code}`],
    checklist: [],
  });
  const f = (symptom: string, causes: ReturnType<typeof cause>[]): Finding => ({
    run: "r",
    symptom,
    severity: "warning",
    title: symptom,
    steps: [],
    evidence: [],
    causes,
  });
  const groups = groupCauses([f("a", [cause("x", 0.5), cause("y", 0.6)]), f("b", [cause("x", 0.6)]), f("c", [cause("z", 0.9)])]);
  assert.deepEqual(
    groups.map((g) => [g.code, g.confidence, g.explains.map((e) => e.finding.symptom)]),
    [
      ["z", 0.9, ["c"]],
      ["x", 0.6, ["b", "a"]],
      ["y", 0.6, ["a"]],
    ],
  );
});

test("every evidence line names its series (examples and fixtures)", async () => {
  let lines = 0;
  for (const root of [EXAMPLES, path.join(FIXTURES, "generated"), path.join(FIXTURES, "tensorboard")]) {
    const exp = await loadExperiment(root);
    const report = diagnoseExperiment(exp);
    for (const f of report.findings) {
      for (const e of [...f.evidence, ...f.causes.flatMap((c) => c.evidence)]) {
        if (e.source === "run" || e.source === "config") continue;
        assert.ok(e.tag, `${root} ${f.run} ${f.symptom}: ${JSON.stringify(e)}`);
      }
    }
    for (const l of formatReport(report, exp).split("\n")) {
      const m = /^ {4}- (scalar|histogram|tensor|hparam|watchpoint)(.*)$/.exec(l);
      if (!m) continue;
      lines++;
      assert.match(m[2], /^ [^@=( ]/, l);
      assert.doesNotMatch(m[2], /\(no tag\)/, l);
    }
  }
  assert.ok(lines > 50, `${lines} evidence lines checked`);
  // the accuracy gap (once a tag-less `scalar = 0.1406`) names the validation accuracy and both curves
  const exp = await loadExperiment(EXAMPLES);
  const text = formatReport(diagnoseExperiment(exp), exp);
  assert.match(text, /- scalar val_accuracy = 0\.1406 \(train − val accuracy: last accuracy − last val_accuracy\)/);
});

test("inspect and diagnose name the same main series; --role changes both", async () => {
  const dir = path.join(FIXTURES, "tensorboard/wandb/fixtures-2019");
  const [ins, diag] = await Promise.all([cli(["inspect", dir, "--json"]), cli(["diagnose", dir, "--json"])]);
  assert.equal(ins.code, 0, ins.stderr);
  assert.equal(diag.code, 0, diag.stderr);
  const iRoles = JSON.parse(ins.stdout).runs[0].roles as Record<string, string>;
  const dRoles = JSON.parse(diag.stdout).runs[0].roles as Record<string, string>;
  // `loss` has one point at step 20000 beside 31-point GAN losses: both pick the 31-point D/loss
  assert.equal(dRoles.train_loss, "D/loss");
  assert.equal(iRoles.train_loss, dRoles.train_loss);
  for (const [role, key] of Object.entries(dRoles)) assert.equal(iRoles[role], key, role);
  // the user's choice wins in both
  const [ins2, diag2] = await Promise.all([
    cli(["inspect", dir, "--role", "loss=train_loss"]),
    cli(["diagnose", dir, "--role", "loss=train_loss", "--json"]),
  ]);
  assert.equal(diag2.code, 0, diag2.stderr);
  assert.match(ins2.stdout, /main roles: train_loss=loss(,|\n)/);
  assert.equal(JSON.parse(diag2.stdout).runs[0].roles.train_loss, "loss");
  // a regex key, in the text report too
  const diag3 = await cli(["diagnose", dir, "--role", "/^G\\/loss$/=train_loss"]);
  assert.match(diag3.stdout, /roles: train_loss=G\/loss\b/);
  const bad = await cli(["diagnose", dir, "--role", "loss=nonsense"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^trainscope diagnose: --role loss=nonsense: expected KEY=ROLE with ROLE one of train_loss, /);
  assert.equal(bad.stdout, "");
});

test("inspect's main roles are the series the diagnosis reads, on every example and fixture run", async () => {
  const { mainRoleKeys } = await import("./commands/inspect.ts");
  const { runSummary } = await import("../diagnose/index.ts");
  let runs = 0;
  for (const root of [EXAMPLES, path.join(FIXTURES, "generated"), path.join(FIXTURES, "tensorboard")]) {
    for (const run of (await loadExperiment(root)).runs) {
      const main = mainRoleKeys(run);
      for (const [role, key] of Object.entries(runSummary(run).roles)) assert.equal(main[role], key, `${root} ${run.name} ${role}`);
      runs++;
    }
  }
  assert.ok(runs > 30, `${runs} runs`);
});

test("damaged files are listed by diagnose in text and JSON (file and byte offset)", async () => {
  const dir = tempDir();
  try {
    fs.cpSync(path.join(FIXTURES, "tensorboard/edge-cases/truncated-mid-payload"), path.join(dir, "cut"), { recursive: true });
    fs.cpSync(path.join(FIXTURES, "tensorboard/edge-cases/bad-data-crc"), path.join(dir, "crc"), { recursive: true });
    fs.cpSync(path.join(FIXTURES, "generated/keras/classifier"), path.join(dir, "ok"), { recursive: true });
    const [text, json] = await Promise.all([cli(["diagnose", dir]), cli(["diagnose", dir, "--json"])]);
    assert.equal(text.code, 0, text.stderr);
    const cut = runBlock(text.stdout, "cut");
    assert.match(
      cut,
      /damaged or unreadable input \(1\):\n {5}warning: cut\/events\.out\.tfevents\.1622543341\.edge at byte 2413: truncated: /,
    );
    assert.match(
      runBlock(text.stdout, "crc"),
      /damaged or unreadable input \(\d+\):\n {5}error: crc\/events\.out\.tfevents\.1622543341\.edge at byte \d+: bad_data_crc: /,
    );
    assert.doesNotMatch(runBlock(text.stdout, "ok"), /damaged/);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.schema, 1);
    const byRun = new Map<string, { problems?: { file: string; offset: number; code: string; severity: string; text: string }[] }>(
      doc.runs.map((r: { run: string }) => [r.run, r]),
    );
    const p = byRun.get("cut")!.problems!;
    assert.deepEqual(
      p.map((x) => [x.file, x.offset, x.code, x.severity]),
      [["cut/events.out.tfevents.1622543341.edge", 2413, "truncated", "warning"]],
    );
    assert.match(p[0].text, /at byte 2413: truncated/);
    assert.equal(byRun.get("crc")!.problems![0].code, "bad_data_crc");
    assert.equal(byRun.get("ok")!.problems, undefined, "a healthy run has no problems key");
    assert.equal(doc.problems, undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("progress: drawn after the delay with files, bytes, runs and ETA; erased at the end; silent for JSON and non-terminals", () => {
  const writes: string[] = [];
  const stream = Object.assign(
    new (class {
      write(s: string) {
        writes.push(s);
        return true;
      }
    })(),
    { isTTY: true },
  ) as unknown as NodeJS.WritableStream & { isTTY: boolean };
  let t = 0;
  const saved = process.env.TRAINSCOPE_PROGRESS;
  delete process.env.TRAINSCOPE_PROGRESS;
  try {
    const p = new Progress({ stream, now: () => t, delayMs: 1000 });
    assert.equal(p.enabled, true);
    const h = p.loadHooks()!;
    h.start!({ runs: 2, files: 4, bytes: 4_000_000 });
    h.fileDone!("a", 1_000_000);
    assert.deepEqual(writes, [], "nothing within the first second");
    t = 1500;
    h.bytes!("b", 1_000_000);
    assert.equal(writes.length, 1);
    assert.equal(writes[0], "\r\x1b[2Kreading 1/4 files, 2.00 MB/4.00 MB, 0/2 runs, ETA 2 s");
    t = 1550;
    h.bytes!("b", 1_500_000);
    assert.equal(writes.length, 1, "at most one redraw per 100 ms");
    h.fileDone!("b", 2_000_000);
    h.runDone!("r1");
    assert.match(writes.at(-1)!, /reading 2\/4 files, 3\.00 MB\/4\.00 MB, 1\/2 runs, ETA 1 s$/);
    p.diagnosed(1, 2);
    t = 4550;
    p.diagnosed(2, 2);
    assert.match(writes.at(-1)!, /diagnosing 2\/2 runs, ETA 1 s$/);
    p.done();
    assert.equal(writes.at(-1), "\r\x1b[2K");
    const n = writes.length;
    h.runDone!("late");
    assert.equal(writes.length, n, "nothing after done()");
    assert.equal(new Progress({ stream, json: true }).enabled, false);
    assert.equal(new Progress({ stream: Object.assign(stream, { isTTY: false }) }).loadHooks(), undefined);
    assert.equal(formatBytes(999), "999 B");
    assert.equal(formatBytes(242_000_000), "242 MB");
  } finally {
    if (saved !== undefined) process.env.TRAINSCOPE_PROGRESS = saved;
  }
});

test("progress on stderr for inspect, export and diagnose when forced; nothing when stderr is a pipe or with --json", async () => {
  const dir = path.join(FIXTURES, "generated/pytorch");
  const forced = { TRAINSCOPE_PROGRESS: "1", TRAINSCOPE_PROGRESS_DELAY_MS: "0" };
  const [plain, diag, diagJson, ins, exp] = await Promise.all([
    cli(["diagnose", dir]),
    cli(["diagnose", dir], forced),
    cli(["diagnose", dir, "--json"], forced),
    cli(["inspect", dir], forced),
    cli(["export", dir, "--format", "csv"], forced),
  ]);
  assert.equal(plain.stderr, "", "stderr is a pipe here: no progress");
  assert.equal(diagJson.stderr, "", "--json: no progress");
  JSON.parse(diagJson.stdout);
  assert.equal(diag.stdout, plain.stdout, "stdout is the same with and without progress");
  for (const r of [diag, ins, exp]) {
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stderr.startsWith(ERASE), "each line starts by erasing the previous one");
    assert.match(r.stderr, /reading \d+\/\d+ files, [\d.]+ (B|kB|MB)\/[\d.]+ kB, \d+\/\d+ runs, ETA /);
    assert.match(r.stderr, /reading (\d+)\/\1 files, ([\d.]+ kB)\/\2, (\d+)\/\3 runs/, "the last line counts everything read");
    assert.ok(r.stderr.endsWith(ERASE), "the line is erased at the end");
  }
  assert.match(diag.stderr, /diagnosing 1\/\d+ runs, ETA /);
  assert.match(ins.stdout, /training run\(s\)/);
  assert.match(exp.stdout, /^run,tag,step,wall_time,value\n/);
});

test("serve shows the progress of its initial load when forced, then erases it", async () => {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(REPO, "src/cli/main.ts"), "serve", path.join(FIXTURES, "generated"), "--port", "0"],
    { cwd: REPO, env: { ...process.env, TRAINSCOPE_PROGRESS: "1", TRAINSCOPE_PROGRESS_DELAY_MS: "0", XDG_CACHE_HOME: os.tmpdir() } },
  );
  let stdout = "",
    stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        if (stderr.endsWith(ERASE) && /loading \d+\/\d+ files/.test(stderr) && /http:\/\//.test(stdout)) {
          clearInterval(check);
          resolve();
        }
      }, 50);
      child.on("close", (code) => {
        clearInterval(check);
        reject(new Error(`serve exited ${code}: ${stderr}`));
      });
    });
    assert.match(stderr, /loading \d+\/\d+ files, [\d.]+ (B|kB|MB)\/[\d.]+ kB, \d+\/\d+ runs, ETA /);
    assert.match(stdout, /^trainscope dashboard for /);
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
});

test("termSafe escapes control characters, bidi overrides and line separators, keeps the rest", () => {
  assert.equal(termSafe("loss\x1b[2J\x07\n\r\t\x00\x7f\x9b ok é 日本"), "loss\\e[2J\\x07\\n\\r\\t\\x00\\x7f\\x9b ok é 日本");
  assert.equal(termSafe("a\u202eb\u2066c\u2028"), "a\\u{202e}b\\u{2066}c\\u{2028}");
});

test("hostile names: control characters in run and tag names are escaped by diagnose and inspect", async () => {
  const dir = tempDir();
  try {
    const run = path.join(dir, "run\x1b]0;owned\x07");
    fs.mkdirSync(run);
    // an event file (written with the project's TFRecord/Event encoder) whose loss tag carries an
    // escape sequence, a bell and a line break, and a CSV log with an escape sequence in a column name
    const recs = [fileVersionEvent(1_700_000_000)];
    for (let i = 0; i < 20; i++) recs.push(scalarEvent("loss\x1b[2J\x07\nx", i, 1 / (i + 1), 1_700_000_000 + i));
    fs.writeFileSync(path.join(run, "events.out.tfevents.1700000000.host.1.0"), frameRecords(recs));
    const rows = ["epoch,acc\x1b[31m"];
    for (let i = 0; i < 8; i++) rows.push(`${i},${(0.5 + i / 20).toFixed(3)}`);
    fs.writeFileSync(path.join(run, "history.csv"), rows.join("\n") + "\n");
    const [diag, ins] = await Promise.all([cli(["diagnose", dir]), cli(["inspect", dir])]);
    for (const r of [diag, ins]) {
      assert.equal(r.code, 0, r.stderr);
      assert.equal(rawControl(r.stdout), undefined, "no raw control character reaches the terminal");
      assert.match(r.stdout, /run\\e\]0;owned\\x07/);
    }
    assert.match(ins.stdout, /loss\\e\[2J\\x07\\nx/);
    assert.match(ins.stdout, /acc\\e\[31m/);
    assert.match(diag.stdout, /loss\\e\[2J\\x07\\nx/);
    // the JSON keeps the names exactly (JSON escapes them itself)
    const json = await cli(["diagnose", dir, "--json"]);
    assert.ok(JSON.parse(json.stdout).runs.some((r: { run: string }) => r.run === "run\x1b]0;owned\x07"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a run with many damaged files lists the first 20 (errors first) and counts the rest", async () => {
  const dir = tempDir();
  try {
    const run = path.join(dir, "many");
    fs.mkdirSync(run);
    fs.cpSync(
      path.join(FIXTURES, "tensorboard/edge-cases/truncated-mid-payload/events.out.tfevents.1622543341.edge"),
      path.join(run, "events.out.tfevents.1622543341.a"),
    );
    for (let i = 0; i < 24; i++) fs.writeFileSync(path.join(run, `events.out.tfevents.${1700000000 + i}.junk`), `plain text ${i}\n`);
    const exp = await loadExperiment(dir);
    assert.equal(exp.runs[0].problems.length, 25);
    const block = runBlock(formatReport(diagnoseExperiment(exp), exp), "many");
    assert.match(block, /damaged or unreadable input \(25\):\n/);
    const listed = block.split("\n").filter((l) => /^ {5}(error|warning|info): /.test(l));
    assert.equal(listed.length, 20);
    assert.ok(
      listed.every((l) => l.startsWith("     error: many/events.out.tfevents.17")),
      "errors before the truncated file's warning",
    );
    assert.match(block, /^ {5}\.\.\. and 5 more \(all of them in --json and in `trainscope inspect`\)$/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("graph evidence names its nodes in the terminal (the first four, then how many more)", () => {
  const e = {
    source: "graph",
    tag: "graph_def",
    note: "trainable in the graph, not updated",
    value: 6,
    nodes: ["a/w", "a/b", "b/w", "b/b", "c/w", "c/b"],
  };
  assert.equal(
    evidenceText(e as Finding["evidence"][number]),
    "graph graph_def = 6 (trainable in the graph, not updated): a/w, a/b, b/w, b/b and 2 more",
  );
  assert.equal(
    evidenceText({ ...e, nodes: ["x/kernel"] } as Finding["evidence"][number]),
    "graph graph_def = 6 (trainable in the graph, not updated): x/kernel",
  );
});
