// Where the index of a logdir lives: a cache directory outside the logdir (`--index DIR`, else
// $XDG_CACHE_HOME/trainscope, else ~/.cache/trainscope), one SQLite file per absolute logdir
// (its name: the logdir's base name and a hash of its real absolute path). Contract: the index is
// never placed inside the logdir: a directory that is (or is under) the logdir is refused with
// IndexLocationError naming both, and nothing is written.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LogIndex } from "./log_index.ts";

export class IndexLocationError extends Error {}

/** The cache directory used when none is given. */
export function defaultIndexDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), ".cache");
  return path.join(base, "trainscope");
}

function realOrResolved(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync(abs);
  } catch {
    // not there yet: the real path of its nearest existing parent, then the rest
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(realOrResolved(parent), path.basename(abs));
  }
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** The index file of `logdir` under `dir` (default: defaultIndexDir()); throws IndexLocationError when inside the logdir. */
export function indexFileFor(logdir: string, dir?: string): string {
  const root = realOrResolved(logdir);
  const at = realOrResolved(dir ?? defaultIndexDir());
  if (inside(at, root))
    throw new IndexLocationError(
      `the index directory ${at} is inside the logdir ${root}: the logdir is never written to; give --index DIR elsewhere or --no-index`,
    );
  const hash = crypto.createHash("sha256").update(root).digest("hex").slice(0, 16);
  const name = (path.basename(root) || "root").replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 40);
  return path.join(at, `${name}-${hash}.sqlite`);
}

/** Opens (creating its directory and file when needed) the index of `logdir`. */
export function openIndex(logdir: string, dir?: string): LogIndex {
  const file = indexFileFor(logdir, dir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return LogIndex.open(file, realOrResolved(logdir));
}
