// Opening a logdir file for reading without ever leaving the logdir. The symbolic-link check made
// while the logdir is walked (symlinks.ts) can be undone before the file is read: the file, or a
// directory above it, swapped for a link to a file outside in between (time of check to time of use).
// Contract: `openInside(abs, boundary)` opens the file, then asks which file the open descriptor
// really is: the path the kernel resolved for it (/proc/self/fd/N), or where /proc is absent the real
// path of `abs` provided it is the same device and inode as the descriptor. Unless the boundary
// allows files outside (`--follow-symlinks`, never for configuration files), a descriptor outside the
// logdir's real path is closed before any byte is read from it and OutsideLogdirError is thrown
// (the readers report it as an "io" problem naming the file). Without a boundary (a reader called on
// one file directly) the file is opened as it is.
import fsp from "node:fs/promises";
import { insideRoot } from "./symlinks.ts";

export interface Boundary {
  /** Real path of the logdir. */
  rootReal: string;
  /** Files outside may be read (links followed out of the logdir on request). */
  allowOutside: boolean;
}

export class OutsideLogdirError extends Error {
  constructor(
    readonly file: string,
    readonly real: string,
  ) {
    super(`the file now leads out of the logdir (to ${real}): not read`);
    this.name = "OutsideLogdirError";
  }
}

/** The real path of the file open as `fh` (undefined when it cannot be told). */
async function descriptorPath(fh: fsp.FileHandle, abs: string): Promise<string | undefined> {
  try {
    const p = await fsp.readlink(`/proc/self/fd/${fh.fd}`);
    if (p.startsWith("/")) return p.endsWith(" (deleted)") ? p.slice(0, -10) : p;
  } catch {
    /* no /proc: below */
  }
  try {
    const [real, st] = await Promise.all([fsp.realpath(abs), fh.stat()]);
    const named = await fsp.stat(real);
    return named.dev === st.dev && named.ino === st.ino ? real : undefined;
  } catch {
    return undefined;
  }
}

/** Opens `abs` for reading, checked against `boundary` (see the file comment). */
export async function openInside(abs: string, boundary: Boundary | undefined): Promise<fsp.FileHandle> {
  const fh = await fsp.open(abs, "r");
  if (!boundary || boundary.allowOutside) return fh;
  const real = await descriptorPath(fh, abs);
  if (real === undefined || !insideRoot(real, boundary.rootReal)) {
    await fh.close();
    throw new OutsideLogdirError(abs, real ?? "a file whose path cannot be told");
  }
  return fh;
}

/** The whole file `abs`, read through `openInside`. */
export async function readInside(abs: string, boundary: Boundary | undefined): Promise<Buffer> {
  const fh = await openInside(abs, boundary);
  try {
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}
