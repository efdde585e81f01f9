// The logdir is a boundary. Contract: a symbolic link met while walking a logdir is followed only when
// its real path lies inside the logdir's real path, or when the caller asked to follow links
// (`--follow-symlinks`); a link leading out is otherwise skipped and reported (code "symlink").
// Configuration files (hparams.*, config.*, args.* ...: read as hyper-parameters and shown by the
// server) are never read from outside the logdir, even with links followed.
import fsp from "node:fs/promises";
import path from "node:path";
import type { Problem } from "../model/index.ts";

export interface LinkPolicy {
  /** Real path of the logdir. */
  rootReal: string;
  /** Follow links that lead out of the logdir (configuration files excepted). */
  follow: boolean;
}

/** True when `real` is `rootReal` or lies under it. */
export function insideRoot(real: string, rootReal: string): boolean {
  return real === rootReal || real.startsWith(rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep);
}

/** Real path of `p`, or undefined when it cannot be resolved. */
export async function realPathOf(p: string): Promise<string | undefined> {
  try {
    return await fsp.realpath(p);
  } catch {
    return undefined;
  }
}

/**
 * Whether the link at `abs` (reported as `rel`) may be followed: undefined when yes, else the
 * problem saying why not.
 */
export async function linkRefusal(abs: string, rel: string, policy: LinkPolicy): Promise<Problem | undefined> {
  const real = await realPathOf(abs);
  if (real === undefined || insideRoot(real, policy.rootReal) || policy.follow) return undefined;
  return {
    file: rel,
    code: "symlink",
    severity: "warning",
    message: `symbolic link leads out of the logdir (to ${real}): not followed (--follow-symlinks follows it)`,
  };
}

/** Whether the configuration file at `abs` may be read: undefined when yes (its real path is inside the logdir), else the problem. */
export async function configRefusal(abs: string, rel: string, policy: LinkPolicy): Promise<Problem | undefined> {
  const real = await realPathOf(abs);
  if (real === undefined || insideRoot(real, policy.rootReal)) return undefined;
  return {
    file: rel,
    code: "symlink",
    severity: "warning",
    message: `configuration file lies outside the logdir (at ${real}): not read, even with --follow-symlinks`,
  };
}
