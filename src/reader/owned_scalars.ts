// Scalar series that a file read whole writes into its directory (HF trainer_state.json's
// log_history, JSON scalar logs): the tags it wrote are kept on its SourceFile, so that a re-read
// of a changed file first drops them and writes them anew; a tag another file of the same
// directory already holds is written as this file's copy (RunDir.copies).
import type { RunDir, SourceFile } from "../model/index.ts";

const OWNED_KEY = "ownedScalars";

/** The scalar tags `source` wrote on its last read. */
export function ownedScalarTags(source: SourceFile): string[] {
  const v = source.info?.[OWNED_KEY];
  return typeof v === "string" ? v.split("\n").filter(Boolean) : [];
}

/**
 * Drops what `source` wrote before, then lets `write` add points through `put` (which skips tags
 * other files of `dir` hold) and records the tags written. Returns them.
 */
export function rewriteOwnedScalars(
  dir: RunDir,
  source: SourceFile,
  write: (put: (tag: string, step: number, value: number) => void) => void,
): string[] {
  for (const tag of ownedScalarTags(source)) dir.scalars.delete(tag);
  const prefix = `${source.path}\u0000`;
  for (const k of [...dir.copies.keys()]) if (k.startsWith(prefix)) dir.copies.delete(k);
  const owned = new Set<string>();
  const copied = new Set<string>();
  write((tag, step, value) => {
    if (!owned.has(tag) && !copied.has(tag)) {
      // written by another file of this directory: this file's copy (RunDir.copies)
      if (dir.scalars.has(tag)) copied.add(tag);
      else owned.add(tag);
    }
    (copied.has(tag) ? dir.copy(source.path, tag) : dir.scalar(tag)).push(step, 0, value);
  });
  const tags = [...owned];
  source.info = { ...(source.info ?? {}), [OWNED_KEY]: tags.join("\n") };
  return tags;
}
