// Runs the real CLI for `checklist`, `watchpoints` and `compare` on the shared fixtures and on
// small runs written to a temporary directory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURES = path.resolve(REPO, "test/fixtures");
const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURES, "manifest.json"), "utf8"));
const spec = fs.readFileSync(path.resolve(REPO, "docs/spec/diagnosis.md"), "utf8");

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO, "src/cli/main.ts"), ...args], { cwd: REPO });
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

test("checklist --json lists every spec cause; text, id and category filters", async () => {
  const [all, one, cat, bad] = await Promise.all([
    cli(["checklist", "--json"]),
    cli(["checklist", "hp.01"]),
    cli(["checklist", "--category", "mp", "--json"]),
    cli(["checklist", "zz.99"]),
  ]);
  assert.equal(all.code, 0);
  const entries = JSON.parse(all.stdout) as { id: string; kind: string }[];
  const causes = [
    ...spec
      .split("## Cause codes")[1]
      .split("## Symptom codes")[0]
      .matchAll(/^\| `([a-z_]+)` \|/gm),
  ].map((m) => m[1]);
  for (const c of causes)
    assert.ok(
      entries.some((e) => e.id === `cause.${c}`),
      c,
    );
  assert.equal(one.code, 0);
  assert.match(one.stdout, /^hp\.01 {2}Learning rate/);
  assert.match(one.stdout, /fixes:\n {4}1\. /);
  const mp = JSON.parse(cat.stdout) as { id: string }[];
  assert.deepEqual(
    mp.filter((e) => e.id.startsWith("mp.")).map((e) => e.id),
    ["mp.01", "mp.02", "mp.03", "mp.04"],
  );
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /no entry "zz\.99"/);
});

test("watchpoints on the MindSpore fixture: overflow hit, JSON, custom condition, exit 2", async () => {
  const dir = path.join(FIXTURES, "generated/mindspore");
  const [text, json, custom, missing, badParam] = await Promise.all([
    cli(["watchpoints", dir]),
    cli(["watchpoints", dir, "--json"]),
    cli(["watchpoints", dir, "--condition", "gradient_too_large", "--param", "max_gt=0.01", "--json"]),
    cli(["watchpoints", path.join(os.tmpdir(), "no-such-trainscope-dir")]),
    cli(["watchpoints", dir, "--condition", "tensor_all_zero", "--param", "bogus=1"]),
  ]);
  assert.equal(text.code, 0, text.stderr);
  const last = manifest.generated_files.find((f: { path: string }) => f.path.endsWith("fixturehost_MS")).tags["fc3.weight.grad"].last_value;
  const total = last.nan_count + last.pos_inf_count + last.neg_inf_count;
  assert.match(
    text.stdout,
    new RegExp(
      `fc3\\.weight\\.grad\\s+tensor_overflow\\s+non_finite_count ${total} \\(nan ${last.nan_count}, \\+inf ${last.pos_inf_count}, -inf ${last.neg_inf_count}\\)\\s+> 0\\s+estimated`,
    ),
  );
  const hits = JSON.parse(json.stdout) as { step: number; tag: string; condition: string; exact: boolean }[];
  assert.equal(hits.length, 1);
  assert.equal(hits[0].condition, "tensor_overflow");
  const big = JSON.parse(custom.stdout) as { tag: string; param: string; actual: number; threshold: number }[];
  assert.ok(
    big.length >= 1 && big.every((h) => h.tag === "fc3.weight.grad" && h.param === "max_gt" && h.actual > 0.01),
    'big.length >= 1 && big.every((h) => h.tag === "fc3.weight.grad" && h.param === "max_gt" && h.actual > 0.01)',
  );
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file or directory/);
  assert.equal(badParam.code, 2);
  assert.match(badParam.stderr, /bogus/);
});

test("compare: differences and traps between two runs with hparams.json", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-compare-"));
  const mk = (name: string, hp: object) => {
    const d = path.join(tmp, name);
    fs.mkdirSync(d);
    fs.writeFileSync(path.join(d, "hparams.json"), JSON.stringify(hp));
    fs.writeFileSync(path.join(d, "history.csv"), "epoch,loss\n0,1.0\n1,0.8\n2,0.7\n");
    return d;
  };
  const a = mk("ref", { lr: 0.01, batch_size: 32, dropout: 0.1, bn_momentum: 0.1, optimizer: "SGD" });
  const b = mk("new", { learning_rate: 0.01, batch_size: 32, keep_prob: 0.1, bn_momentum: 0.9, optimizer: "SGD" });
  const [text, json] = await Promise.all([cli(["compare", a, b]), cli(["compare", a, b, "--json"])]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /bn_momentum\s+0\.1\s+0\.9/);
  assert.match(text.stdout, /note: BatchNorm momentum/);
  const out = JSON.parse(json.stdout) as { differences: { key: string; trap?: string }[] };
  assert.deepEqual(out.differences.map((d) => d.key).sort(), ["bn_momentum", "dropout", "keep_prob"]);
  assert.match(out.differences.find((d) => d.key === "keep_prob")!.trap!, /drop probability of 0\.9, not 0\.1/);
  fs.rmSync(tmp, { recursive: true, force: true });
});
