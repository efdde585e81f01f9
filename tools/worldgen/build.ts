// `npm run worldgen -- --out DIR [--seed S] [--workers N]`: builds the development runs outside the
// fault zoo — trains them with PyTorch (tools/worldgen/train_torch.py under Debian's python3-torch)
// and writes their logs in every style with labels (write_logs.ts). Deterministic by seed; the
// output is not committed (the labels of a build are its OUT/labels/*.json).
import path from "node:path";
import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { writeAll } from "./write_logs.ts";

export const PYTHON = process.env.TRAINSCOPE_PYTHON ?? "/usr/bin/python3";
const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Trains and writes a worldgen build into `out`; returns the number of labelled runs. */
export function buildWorld(out: string, seed: number, workers = 2, only = ""): number {
  fs.mkdirSync(out, { recursive: true });
  try {
    execFileSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" });
  } catch {
    throw new Error(`${PYTHON} cannot import torch (apt-get install -y python3-torch, or set TRAINSCOPE_PYTHON)`);
  }
  execFileSync(
    PYTHON,
    [path.join(HERE, "train_torch.py"), "--out", out, "--seed", String(seed), "--workers", String(workers), "--only", only],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  return writeAll(out).length;
}

function main(): void {
  const p = new Command()
    .name("worldgen")
    .requiredOption("--out <dir>")
    .option("--seed <n>", "seed", "1")
    .option("--workers <n>", "training processes", "2")
    .option("--only <substr>", "only runs whose id contains this", "");
  p.parse(process.argv);
  const o = p.opts<{ out: string; seed: string; workers: string; only: string }>();
  const t0 = Date.now();
  const n = buildWorld(o.out, Number(o.seed), Number(o.workers), o.only);
  process.stderr.write(`worldgen: ${n} labelled runs in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${o.out}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(fileURLToPath(import.meta.url))) main();
