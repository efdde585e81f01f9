// `trainscope diagnose --role KEY=ROLE`: a series whose name carries no role (tensorboardX users'
// `Average` for the test accuracy) gets one from the user, and the diagnosis reads it. Runs the
// real CLI on a CSV log written here (header + rows, as pandas `to_csv(index=False)` writes them).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function diagnoseJson(args: string[]): { runs: { run: string; roles: Record<string, string> }[] } {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(REPO, "src/cli/main.ts"), "diagnose", ...args, "--json"], {
    cwd: REPO,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test("diagnose --role gives a role to a series whose name says nothing; the report reads it", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-role-"));
  try {
    let text = "epoch,batch_loss,Average\n";
    for (let e = 0; e < 12; e++) text += `${e},${(2.3 * Math.exp(-e / 4) + 0.1).toFixed(5)},${(0.3 + 0.05 * e).toFixed(4)}\n`;
    fs.writeFileSync(path.join(root, "history.csv"), text);
    const plain = diagnoseJson([root]);
    assert.equal(plain.runs[0].roles.val_accuracy, undefined);
    const withRole = diagnoseJson([root, "--role", "Average=val_accuracy"]);
    assert.equal(withRole.runs[0].roles.val_accuracy, "Average");
    assert.equal(withRole.runs[0].roles.train_loss, "batch_loss");
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
