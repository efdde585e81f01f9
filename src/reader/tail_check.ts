// Noticing that a file read incrementally (event files, MindSpore summaries, CSV and JSON logs) was
// replaced, truncated or rewritten since its last read. Contract: after each read the file's
// identity is remembered (device and inode, size, mtime, and a SHA-1 of the first and of the last
// block of the bytes read so far); `replacedReason` says why the bytes already read are no longer
// the file's (it shrank below what was read, its inode changed, or the first or last read block
// differs), or undefined when the file only grew or is untouched. Unchanged size, mtime and inode
// cost one stat; otherwise two blocks of at most BLOCK bytes are read again. The caller then reads
// the run directory again from the start and replaces its data, with a problem saying so.
import crypto from "node:crypto";
import fsp from "node:fs/promises";
import type { SourceFile } from "../model/index.ts";

const BLOCK = 4096;

/** What a file was read from: device, inode, size, mtime, bytes read and the hashes of their first and last blocks. */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  readTo: number;
  head: string;
  tail: string;
}

type Identity = FileIdentity;

const identities = new WeakMap<SourceFile, Identity>();

/** The identity remembered for `src` after its last read (for a store that keeps it across processes). */
export function identityOf(src: SourceFile): FileIdentity | undefined {
  const id = identities.get(src);
  return id ? { ...id } : undefined;
}

/** Remembers an identity kept elsewhere (a store's copy) for `src`, as if `src` had just been read. */
export function adoptIdentity(src: SourceFile, id: FileIdentity): void {
  identities.set(src, { ...id });
}

/** Formats whose readers resume at `readOffset` (the others re-read whole files and replace their values themselves). */
export function isTailed(format: string): boolean {
  return format === "tfevents" || format === "mindspore_summary" || format === "csv" || format === "json_log";
}

async function blockHash(fh: fsp.FileHandle, from: number, to: number): Promise<string> {
  const buf = Buffer.alloc(Math.max(0, to - from));
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, from + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return crypto.createHash("sha1").update(buf.subarray(0, got)).digest("hex");
}

async function blocks(fh: fsp.FileHandle, readTo: number): Promise<{ head: string; tail: string }> {
  return { head: await blockHash(fh, 0, Math.min(BLOCK, readTo)), tail: await blockHash(fh, Math.max(0, readTo - BLOCK), readTo) };
}

/** Remembers what `src` was read from (call after each read). */
export async function recordIdentity(absPath: string, src: SourceFile): Promise<void> {
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(absPath, "r");
    const st = await fh.stat();
    const readTo = Math.min(src.readOffset, st.size);
    identities.set(src, { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, readTo, ...(await blocks(fh, readTo)) });
  } catch {
    identities.delete(src);
  } finally {
    await fh?.close();
  }
}

/** Why the bytes of `src` read so far are no longer the file's, or undefined (see the file comment). */
export async function replacedReason(absPath: string, src: SourceFile): Promise<string | undefined> {
  const id = identities.get(src);
  if (!id || id.readTo === 0) return undefined;
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(absPath, "r");
    const st = await fh.stat();
    if (st.ino !== id.ino || st.dev !== id.dev) return "file replaced (another inode)";
    if (st.size < id.readTo) return `file shrank from ${id.readTo} to ${st.size} bytes`;
    if (st.size === id.size && st.mtimeMs === id.mtimeMs) return undefined;
    const now = await blocks(fh, id.readTo);
    if (now.head !== id.head) return `bytes already read changed (the first ${Math.min(BLOCK, id.readTo)} bytes differ)`;
    if (now.tail !== id.tail) return `bytes already read changed (the last block read, before byte ${id.readTo}, differs)`;
    return undefined;
  } catch {
    return undefined; // unreadable now: the read reports it
  } finally {
    await fh?.close();
  }
}
