// Builds a small seeded fault-zoo subset (examples/fault-zoo, real TF.js training) into a temporary
// directory, diagnoses and labels it (evaluateZoo) and removes it afterwards: the real zoo runs the
// diagnosis tests assert on.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { evaluateZoo } from "./main.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** `args`: build options (`--seed`, `--faults`, `--convention`, `--level`, `--subset`, ...). */
export async function withZooSubset<R>(args: string[], use: (zoo: Awaited<ReturnType<typeof evaluateZoo>>) => R | Promise<R>): Promise<R> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-zoo-"));
  try {
    const r = spawnSync(process.execPath, ["--import", "tsx", "examples/fault-zoo/build.ts", "--out", out, "--workers", "2", ...args], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    return await use(await evaluateZoo(out));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
