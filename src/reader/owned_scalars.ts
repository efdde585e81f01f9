// Scalar series that a file read whole writes into its directory (HF trainer_state.json's
// log_history, JSON scalar logs): the tags it wrote are kept on its SourceFile, so that a re-read
// of a changed file first drops them and writes them anew; a tag another file of the same
// directory already holds is written as this file's copy (RunDir.copies). Bounded: at most
// MAX_TEXT_LOG_SERIES tags per file, none longer than MAX_TAG_BYTES; what is dropped is reported
// once per file (a "limit" problem replaced on each re-read).
import type { RunDir, SourceFile } from "../model/index.ts";
import { MAX_TAG_BYTES, MAX_TEXT_LOG_SERIES, textLogLimitMessage } from "./limits.ts";

const OWNED_KEY = "ownedScalars";
/** Start of the "limit" problem of a file's dropped keys (replaced on each re-read). */
export const OWNED_LIMIT_MARK = "series: ";

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
  const dropped = new Set<string>();
  let tooLong = 0;
  write((tag, step, value) => {
    if (!owned.has(tag) && !copied.has(tag)) {
      if (dropped.has(tag)) return;
      if (tag.length > MAX_TAG_BYTES / 3 && Buffer.byteLength(tag) > MAX_TAG_BYTES) {
        dropped.add(tag);
        tooLong++;
        return;
      }
      if (owned.size + copied.size >= MAX_TEXT_LOG_SERIES) {
        dropped.add(tag);
        return;
      }
      // written by another file of this directory: this file's copy (RunDir.copies)
      if (dir.scalars.has(tag)) copied.add(tag);
      else owned.add(tag);
    }
    (copied.has(tag) ? dir.copy(source.path, tag) : dir.scalar(tag)).push(step, 0, value);
  });
  const mark = OWNED_LIMIT_MARK;
  for (let i = dir.problems.length - 1; i >= 0; i--) {
    const p = dir.problems[i];
    if (p.file === source.path && p.code === "limit" && p.message.startsWith(mark)) dir.problems.splice(i, 1);
  }
  const limit = textLogLimitMessage("key", dropped.size - tooLong, tooLong);
  if (limit) dir.problems.push({ file: source.path, offset: 0, code: "limit", severity: "warning", message: mark + limit });
  const tags = [...owned];
  source.info = { ...(source.info ?? {}), [OWNED_KEY]: tags.join("\n") };
  return tags;
}
