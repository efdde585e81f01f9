// Runs the real CLI (`node --import tsx src/cli/main.ts ...`) on the shared fixtures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURES = path.resolve(REPO, "test/fixtures");
const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURES, "manifest.json"), "utf8")) as {
  files: { path: string; tags?: { tag: string; kind: string; count: number; first_value?: unknown; last_value?: unknown }[] }[];
  generated_files: {
    path: string;
    format: string;
    writer: string;
    columns?: string[];
    rows?: number;
    first_row?: Record<string, unknown>;
    last_row?: Record<string, unknown>;
  }[];
  run_groups: { run: string; dirs: string[]; files: string[] }[];
};

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], opts: { uid?: number } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const argv = ["--import", "tsx", path.join(REPO, "src/cli/main.ts"), ...args];
    const child =
      opts.uid !== undefined
        ? spawn("setpriv", [`--reuid=${opts.uid}`, `--regid=${opts.uid}`, "--clear-groups", process.execPath, ...argv], { cwd: REPO })
        : spawn(process.execPath, argv, { cwd: REPO });
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

/** Whether `uid` can read the CLI and its development loader in this clone (a clone under a 0700 directory cannot). */
function canStartAs(uid: number): boolean {
  const probe = `require("fs").accessSync(${JSON.stringify(path.join(REPO, "node_modules/tsx/package.json"))}); require("fs").accessSync(${JSON.stringify(path.join(REPO, "src/cli/main.ts"))})`;
  return (
    spawnSync("setpriv", [`--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", process.execPath, "-e", probe], { cwd: "/" }).status === 0
  );
}

function parseCsvLine(line: string): string[] {
  // the export writes plain fields except when a field holds a comma or quote
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let s = "";
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          s += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else s += line[i++];
      }
      out.push(s);
      i++;
    } else {
      const j = line.indexOf(",", i);
      const end = j < 0 ? line.length : j;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

function exportedNumber(v: unknown): string {
  if (v === "NaN" || v === null) return "nan";
  if (v === "Infinity") return "inf";
  if (v === "-Infinity") return "-inf";
  return String(v);
}

test("export --format csv: every point of a CSV log, long form, values as written", async () => {
  const f = manifest.generated_files.find((x) => x.format === "csv" && /keras/i.test(x.writer) && /diverging/.test(x.path))!;
  const runDir = path.dirname(path.join(FIXTURES, f.path));
  const r = await cli(["export", runDir, "--format", "csv"]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.equal(lines[0], "run,tag,step,wall_time,value");
  const rows = lines.slice(1).map(parseCsvLine);
  const metricColumns = f.columns!.filter((c) => c !== "epoch");
  assert.equal(rows.length, metricColumns.length * f.rows!);
  for (const c of metricColumns) {
    const mine = rows.filter((x) => x[1] === c);
    assert.equal(mine.length, f.rows);
    assert.ok(
      mine.every((x) => x[0] === "." && x[3] === "nan"),
      "run '.' and no wall time in a CSV log",
    );
    assert.equal(mine[0][4], exportedNumber(f.first_row![c]), `${c} first`);
    assert.equal(mine[mine.length - 1][4], exportedNumber(f.last_row![c]), `${c} last`);
    assert.equal(mine[0][2], String(f.first_row!.epoch));
  }
  // --tags filters by regex on the tag
  const only = await cli(["export", runDir, "--tags", "^val_"]);
  const tags = new Set(
    only.stdout
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((l) => parseCsvLine(l)[1]),
  );
  assert.deepEqual([...tags].sort(), metricColumns.filter((c) => c.startsWith("val_")).sort());
});

test("export --format json of a logdir: run = directory of the file relative to PATH, every point", async () => {
  const root = path.join(FIXTURES, "generated");
  const r = await cli(["export", root, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as { run: string; tag: string; step: number; wall_time: number | string; value: number | string }[];
  const pandas = manifest.generated_files.find((x) => x.format === "csv" && /pandas/.test(x.writer))!;
  const run = path.relative(root, path.dirname(path.join(FIXTURES, pandas.path)));
  const valLoss = rows.filter((x) => x.run === run && x.tag === "val_loss");
  assert.equal(valLoss.length, pandas.rows);
  assert.ok(
    valLoss.some((x) => x.value === "nan"),
    "pandas' empty field is NaN, exported as nan",
  );
  assert.equal(valLoss[0].value, pandas.first_row!.val_loss);
  // Event-file scalars: every scalar point of every event-file fixture under generated/ is exported
  // (simple_value and new-style tensor scalars), summed over the files of a directory; where a
  // later file restarts (SessionLog.START at its first step), the earlier file's points from that
  // step on are purged.
  type TagFacts = { kind: string; count: number; first_step: number; min_step: number; max_step: number };
  const gen = manifest.generated_files.filter((x) => x.format === "tfevents") as unknown as {
    path: string;
    tags: Record<string, TagFacts>;
    session_logs?: unknown[];
  }[];
  const expected = new Map<string, number>();
  const byDir = new Map<string, typeof gen>();
  for (const ef of gen) {
    const dir = path.relative(root, path.dirname(path.join(FIXTURES, ef.path)));
    byDir.set(
      dir,
      [...(byDir.get(dir) ?? []), ef].sort((a, b) => (a.path < b.path ? -1 : 1)),
    );
  }
  for (const [dir, files] of byDir) {
    for (let i = 0; i < files.length; i++) {
      for (const [tag, t] of Object.entries(files[i].tags)) {
        if (t.kind !== "scalar" && t.kind !== "tensor+scalars" && t.kind !== "scalar+scalars") continue;
        const k = `${dir}\u0000${tag}`;
        expected.set(k, (expected.get(k) ?? 0) + t.count);
        const restart = files.slice(i + 1).find((g) => (g.session_logs ?? []).length > 0 && g.tags[tag]);
        if (restart && t.max_step >= restart.tags[tag].first_step) {
          // steps are consecutive in these fixtures: points at or after the restart step are purged
          expected.set(k, expected.get(k)! - (t.max_step - restart.tags[tag].first_step + 1));
        }
      }
    }
  }
  assert.ok(expected.size > 20);
  for (const [k, n] of expected) {
    const [dir, tag] = k.split("\u0000");
    assert.equal(rows.filter((x) => x.run === dir && x.tag === tag).length, n, `${dir} ${tag}`);
  }
});

test("inspect --json lists the run groups, sources, tags with roles, hyper-parameters and problems", async () => {
  const r = await cli(["inspect", path.join(FIXTURES, "generated"), "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as {
    runs: {
      run: string;
      dirs: string[];
      sources: { path: string }[];
      tags: { key: string; kind: string; count: number; role?: string; rule?: string; nan: number }[];
      roles: Record<string, string>;
      hparams: { name: string; value: unknown; sourceKind: string; source: string }[];
      problems: unknown[];
    }[];
  };
  const groups = manifest.run_groups.filter((g) => g.run.startsWith("generated/"));
  assert.deepEqual(
    doc.runs.map((x) => `generated/${x.run}`),
    groups.map((g) => g.run).sort(),
  );
  for (const g of groups) {
    const run = doc.runs.find((x) => `generated/${x.run}` === g.run)!;
    assert.deepEqual(
      run.dirs.map((d) => `generated/${d}`),
      [...g.dirs].sort(),
    );
    const readable = g.files.filter((f) => !f.endsWith(".pbtxt")).sort();
    assert.deepEqual(run.sources.map((s) => `generated/${s.path}`).sort(), readable);
    assert.ok(
      run.tags.every((t) => t.kind !== "scalar" || (t.role && t.rule)),
      `${g.run}: every scalar has a role and rule`,
    );
  }
  const lightning = doc.runs.find((x) => x.run === "lightning/csv/lightning_logs/version_0")!;
  assert.equal(lightning.roles.train_loss, "train_loss_step");
  assert.ok(lightning.hparams.every((h) => h.sourceKind === "hparams_yaml" && h.source.endsWith("hparams.yaml")));
  const diverging = doc.runs.find((x) => x.run === "keras/diverging")!;
  assert.ok(diverging.tags.find((t) => t.key === "loss")!.nan > 0);
});

test("inspect text report names runs, tags and roles", async () => {
  const r = await cli(["inspect", path.join(FIXTURES, "generated/keras")]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /run classifier/);
  assert.match(r.stdout, /val_accuracy\s+scalar\s+6\s+0\.\.5\s+0\s+0\s+0\s+val_accuracy/);
  // --role overrides a naming rule
  const o = await cli([
    "inspect",
    path.join(FIXTURES, "generated/keras/classifier"),
    "--json",
    "--role",
    "accuracy=train_metric",
    "--role",
    "/^val_/=other",
  ]);
  assert.equal(o.code, 0, o.stderr);
  const tags = (JSON.parse(o.stdout) as { runs: { tags: { key: string; role: string; rule: string }[] }[] }).runs[0].tags;
  assert.deepEqual(
    tags
      .filter((t) => t.rule === "user")
      .map((t) => [t.key, t.role])
      .sort(),
    [
      ["accuracy", "train_metric"],
      ["val_accuracy", "other"],
      ["val_loss", "other"],
    ],
  );
  const bad = await cli(["inspect", path.join(FIXTURES, "generated/keras/classifier"), "--role", "loss=bogus"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--role loss=bogus/);
});

test("bad input: missing path, empty dir, 0-byte file, nothing readable, permission denied -> one line on stderr, exit 2", async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-cli-"));
  try {
    fs.mkdirSync(path.join(tmp, "empty"));
    fs.writeFileSync(path.join(tmp, "zero.csv"), "");
    fs.mkdirSync(path.join(tmp, "junk"));
    fs.writeFileSync(path.join(tmp, "junk", "events.out.tfevents.1.x"), "this is not a TFRecord file at all, just text\n");
    const cases: [string[], RegExp][] = [
      [["inspect", path.join(tmp, "missing")], /no such file or directory/],
      [["export", path.join(tmp, "empty")], /empty directory/],
      [["inspect", path.join(tmp, "zero.csv")], /empty file/],
      [["export", path.join(tmp, "junk")], /nothing readable: events\.out\.tfevents\.1\.x/],
      [["export", path.join(FIXTURES, "generated/keras"), "--format", "xml"], /--format xml/],
    ];
    for (const [args, re] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.equal(r.stderr.trimEnd().split("\n").length, 1, `one line: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.equal(r.stdout, "");
    }
    // Permission denied: a file the user cannot read (as an unprivileged user when running as root).
    const secret = path.join(tmp, "secret");
    fs.mkdirSync(secret);
    fs.writeFileSync(path.join(secret, "history.csv"), "epoch,loss\n0,1\n");
    fs.chmodSync(secret, 0o700);
    fs.chmodSync(tmp, 0o755);
    const asUser = process.getuid?.() === 0 ? 65534 : undefined;
    if (asUser !== undefined && !canStartAs(asUser)) {
      // root reads every file: the denial needs another user, who must be able to start the CLI from this clone
      t.diagnostic(`permission-denied part skipped: uid ${asUser} cannot read ${REPO} (a parent directory is closed to other users)`);
      return;
    }
    if (asUser === undefined) fs.chmodSync(secret, 0o000);
    const r = await cli(["inspect", secret], { uid: asUser });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /permission denied/);
    // ... and in a logdir with another readable run: the readable run loads, the problem is listed.
    fs.mkdirSync(path.join(tmp, "ok"));
    fs.writeFileSync(path.join(tmp, "ok", "history.csv"), "epoch,loss\n0,1\n1,0.5\n");
    fs.chmodSync(path.join(tmp, "ok"), 0o755);
    fs.chmodSync(path.join(tmp, "ok", "history.csv"), 0o644);
    fs.chmodSync(path.join(tmp, "junk"), 0o755);
    fs.chmodSync(path.join(tmp, "junk", "events.out.tfevents.1.x"), 0o644);
    fs.chmodSync(path.join(tmp, "zero.csv"), 0o644);
    const mixed = await cli(["inspect", tmp, "--json"], { uid: asUser });
    assert.equal(mixed.code, 0, mixed.stderr);
    const doc = JSON.parse(mixed.stdout) as {
      runs: { run: string; failed: boolean; problems: { code: string }[] }[];
      problems: { file: string; code: string; message: string }[];
    };
    assert.equal(doc.runs.find((x) => x.run === "ok")!.failed, false);
    assert.equal(doc.runs.find((x) => x.run === "junk")!.failed, true);
    assert.ok(
      doc.problems.some((p) => p.file === "secret" && p.code === "io" && /permission denied/.test(p.message)),
      JSON.stringify(doc.problems),
    );
  } finally {
    fs.chmodSync(path.join(tmp), 0o755);
    try {
      fs.chmodSync(path.join(tmp, "secret"), 0o755);
    } catch {
      /* already gone */
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
