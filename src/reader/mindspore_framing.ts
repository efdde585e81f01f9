// Incremental reading of a TFRecord-framed MindSpore file (`*_MS` summary or `*_lineage` lineage):
// reads the bytes after `SourceFile.readOffset`, frames them with the shared TFRecord scanner
// (both masked CRC-32C checks), hands each record to a decoder and turns every framing issue into
// a Problem of the RunDir with its absolute byte offset. A record cut short at the end of the file
// (a file still being written) is reported once and re-read from its start on the next call.

import * as fs from "node:fs/promises";
import { TFRECORD_HEADER_BYTES, TFRecordScanner, describeTFRecordIssue, type TFRecordIssue } from "../format/index.ts";
import type { Problem, ProblemCode, RunDir, SourceFile, SourceFormat } from "../model/index.ts";
import { openInside, type Boundary } from "./safe_open.ts";

/** Called for each framed record: `data` is the payload, `offset` the record's absolute byte offset. */
export type RecordHandler = (data: Uint8Array, offset: number, source: SourceFile) => void;

export interface FramedReadOptions {
  verifyDataCrc?: boolean;
  /** The logdir the file must lie in when it is opened (safe_open.ts). */
  boundary?: Boundary;
}

/** (file, offset, code) keys of the problems already recorded per directory, so a re-read reports nothing twice. */
const recordedProblems = new WeakMap<RunDir, Set<string>>();

/** Adds a problem unless the same (file, offset, code) is already recorded. */
export function addProblem(dir: RunDir, p: Problem): void {
  let keys = recordedProblems.get(dir);
  if (!keys) {
    keys = new Set(dir.problems.map(problemKey));
    recordedProblems.set(dir, keys);
  }
  const k = problemKey(p);
  if (keys.has(k)) return;
  keys.add(k);
  dir.problems.push(p);
}

/** Drops the problems a re-read no longer confirms (a truncation the file has grown past, an empty file written to). */
function removeProblems(dir: RunDir, drop: (p: Problem) => boolean): void {
  const keys = recordedProblems.get(dir);
  for (let i = dir.problems.length - 1; i >= 0; i--) {
    const p = dir.problems[i];
    if (!drop(p)) continue;
    dir.problems.splice(i, 1);
    keys?.delete(problemKey(p));
  }
}

function problemKey(p: Problem): string {
  return `${p.file}\0${p.offset ?? ""}\0${p.code}`;
}

/** Problem for one framing issue; offsets of `issue` are relative to a chunk starting at file offset `base`. */
function problemFromIssue(file: string, base: number, issue: TFRecordIssue): Problem {
  const offset = base + issue.offset;
  let code: ProblemCode = issue.kind;
  let message = describeTFRecordIssue(issue);
  if (issue.kind === "not_event_file" && base > 0) {
    // The scanner judges "not an event file" on the chunk it was given; after good records it is damage.
    code = "bad_length_crc";
    message = `record header length CRC mismatch; no valid record in the remaining ${issue.skippedTo - issue.offset} bytes`;
  }
  const severity: Problem["severity"] = issue.kind === "truncated" ? "warning" : "error";
  return { file, offset, code, message, severity };
}

/** Bytes read per chunk: memory stays bounded for big files (a record longer than this is read whole). */
const DEFAULT_CHUNK_BYTES = 16 << 20;

/**
 * Reads the new bytes of `absPath` into `dir` through `onRecord`. Creates the SourceFile (and adds
 * it to `dir.sources`) when `source` is undefined; updates readOffset, size and records.
 * `chunkBytes` bounds the bytes held at once (default 16 MiB).
 */
export async function readFramedFile(
  absPath: string,
  relPath: string,
  format: SourceFormat,
  dir: RunDir,
  source: SourceFile | undefined,
  opts: FramedReadOptions & { chunkBytes?: number },
  onRecord: RecordHandler,
): Promise<SourceFile> {
  let src = source;
  if (!src) {
    src = { path: relPath, format, readOffset: 0, size: 0, records: 0, info: {} };
    dir.sources.push(src);
  }
  // A truncation reported by an earlier read is re-detected below if the record is still incomplete.
  const start = src.readOffset;
  removeProblems(dir, (p) => p.file === relPath && p.code === "truncated" && (p.offset ?? 0) >= start);
  const chunkBytes = Math.max(64, opts.chunkBytes ?? DEFAULT_CHUNK_BYTES);

  let fh: fs.FileHandle;
  let size: number;
  try {
    fh = await openInside(absPath, opts.boundary);
  } catch (e) {
    ioProblem(dir, relPath, e);
    return src;
  }
  try {
    size = (await fh.stat()).size;
    src.size = size;
    if (size < start) {
      addProblem(dir, {
        file: relPath,
        offset: size,
        code: "io",
        severity: "warning",
        message: `file shrank from at least ${start} to ${size} bytes since the last read (replaced or truncated by another program); not re-read`,
      });
      return src;
    }
    if (size === 0) {
      addProblem(dir, { file: relPath, offset: 0, code: "empty", severity: "warning", message: "0-byte file: nothing written yet" });
      return src;
    }
    removeProblems(dir, (p) => p.file === relPath && p.code === "empty");

    let pos = start;
    let need = 0;
    let afterDamage = false;
    while (pos < size) {
      const want = Math.min(size - pos, Math.max(chunkBytes, need));
      const buf = new Uint8Array(want);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await fh.read(buf, got, want - got, pos + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      const chunk = got < want ? buf.subarray(0, got) : buf;
      const atEof = pos + chunk.length >= size || got < want;
      const sc = new TFRecordScanner(chunk, 0, { verifyDataCrc: opts.verifyDataCrc ?? true });
      let seen = 0;
      const flush = () => {
        for (; seen < sc.issues.length; seen++) {
          const issue = sc.issues[seen];
          // A record cut by the chunk's end (not the file's) is read whole by the next chunk.
          if (issue.kind === "truncated" && !atEof) continue;
          // Damage running on from the previous chunk was reported there.
          if (afterDamage && issue.offset === 0 && (issue.kind === "bad_length_crc" || issue.kind === "not_event_file")) continue;
          addProblem(dir, problemFromIssue(relPath, pos, issue));
        }
      };
      while (sc.next()) {
        flush();
        src.records++;
        onRecord(chunk.subarray(sc.dataStart, sc.dataEnd), pos + sc.recordOffset, src);
      }
      flush();
      const continuingDamage = afterDamage && sc.stop === "damage" && sc.resumeOffset === 0;
      afterDamage = false;
      if (atEof || sc.stop === "eof") {
        // When damage runs to the end of the file, the next read starts again where it began.
        if (!continuingDamage) src.readOffset = pos + sc.resumeOffset;
        if (atEof) break;
        pos += sc.resumeOffset;
        need = 0;
      } else if (sc.stop === "truncated") {
        const trunc = sc.issues[sc.issues.length - 1];
        need = trunc.kind === "truncated" ? trunc.need : 0;
        pos += sc.resumeOffset;
        src.readOffset = pos;
      } else {
        // Damage with no valid record found before the chunk's end: go on scanning from the last
        // offsets whose header could not be checked within this chunk.
        if (!continuingDamage) src.readOffset = pos + sc.resumeOffset;
        pos = Math.max(pos + 1, pos + chunk.length - (TFRECORD_HEADER_BYTES - 1));
        need = 0;
        afterDamage = true;
      }
    }
  } catch (e) {
    ioProblem(dir, relPath, e);
  } finally {
    await fh.close();
  }
  return src;
}

function ioProblem(dir: RunDir, relPath: string, e: unknown): void {
  const err = e as NodeJS.ErrnoException;
  addProblem(dir, { file: relPath, code: "io", severity: "error", message: `cannot read: ${err.code ?? ""} ${err.message}`.trim() });
}
