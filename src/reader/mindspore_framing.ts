// Incremental reading of a TFRecord-framed MindSpore file (`*_MS` summary or `*_lineage` lineage):
// reads the bytes after `SourceFile.readOffset`, frames them with the shared TFRecord scanner
// (both masked CRC-32C checks), hands each record to a decoder and turns every framing issue into
// a Problem of the RunDir with its absolute byte offset. A record cut short at the end of the file
// (a file still being written) is reported once and re-read from its start on the next call.

import * as fs from "node:fs/promises";
import { TFRecordScanner, describeTFRecordIssue, type TFRecordIssue } from "../format/index.ts";
import type { Problem, ProblemCode, RunDir, SourceFile, SourceFormat } from "../model/index.ts";

/** Called for each framed record: `data` is the payload, `offset` the record's absolute byte offset. */
export type RecordHandler = (data: Uint8Array, offset: number, source: SourceFile) => void;

export interface FramedReadOptions {
  verifyDataCrc?: boolean;
}

/** Adds a problem unless the same (file, offset, code) is already recorded. */
export function addProblem(dir: RunDir, p: Problem): void {
  for (const q of dir.problems) {
    if (q.file === p.file && q.offset === p.offset && q.code === p.code) return;
  }
  dir.problems.push(p);
}

/** Problem for one framing issue; offsets of `issue` are relative to a chunk starting at file offset `base`. */
export function problemFromIssue(file: string, base: number, issue: TFRecordIssue): Problem {
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

/**
 * Reads the new bytes of `absPath` into `dir` through `onRecord`. Creates the SourceFile (and adds
 * it to `dir.sources`) when `source` is undefined; updates readOffset, size and records.
 */
export async function readFramedFile(
  absPath: string,
  relPath: string,
  format: SourceFormat,
  dir: RunDir,
  source: SourceFile | undefined,
  opts: FramedReadOptions,
  onRecord: RecordHandler,
): Promise<SourceFile> {
  let src = source;
  if (!src) {
    src = { path: relPath, format, readOffset: 0, size: 0, records: 0, info: {} };
    dir.sources.push(src);
  }
  // A truncation reported by an earlier read is re-detected below if the record is still incomplete.
  const start = src.readOffset;
  for (let i = dir.problems.length - 1; i >= 0; i--) {
    const p = dir.problems[i];
    if (p.file === relPath && p.code === "truncated" && (p.offset ?? 0) >= start) dir.problems.splice(i, 1);
  }

  let buf: Uint8Array;
  try {
    const fh = await fs.open(absPath, "r");
    try {
      const { size } = await fh.stat();
      src.size = size;
      if (size < start) {
        addProblem(dir, {
          file: relPath, offset: size, code: "io", severity: "warning",
          message: `file shrank from at least ${start} to ${size} bytes since the last read (replaced or truncated by another program); not re-read`,
        });
        return src;
      }
      buf = new Uint8Array(size - start);
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, start + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      if (got < buf.length) buf = buf.subarray(0, got);
    } finally {
      await fh.close();
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    addProblem(dir, { file: relPath, code: "io", severity: "error", message: `cannot read: ${err.code ?? ""} ${err.message}`.trim() });
    return src;
  }

  if (start === 0 && buf.length === 0) {
    addProblem(dir, { file: relPath, offset: 0, code: "empty", severity: "warning", message: "0-byte file: nothing written yet" });
    return src;
  }
  if (buf.length > 0) {
    for (let i = dir.problems.length - 1; i >= 0; i--) {
      const p = dir.problems[i];
      if (p.file === relPath && p.code === "empty") dir.problems.splice(i, 1);
    }
  }

  const sc = new TFRecordScanner(buf, 0, { verifyDataCrc: opts.verifyDataCrc ?? true });
  let seen = 0;
  const flushIssues = () => {
    while (seen < sc.issues.length) addProblem(dir, problemFromIssue(relPath, start, sc.issues[seen++]));
  };
  while (sc.next()) {
    flushIssues();
    src.records++;
    onRecord(buf.subarray(sc.dataStart, sc.dataEnd), start + sc.recordOffset, src);
  }
  flushIssues();
  src.readOffset = start + sc.resumeOffset;
  return src;
}
