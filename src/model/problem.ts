// Every problem met while reading: which file, where (byte offset or line), what happened.
// Readers never throw for bad data; they record a Problem and go on with what is readable.

export type ProblemCode =
  | "bad_length_crc" // TFRecord header CRC mismatch: framing lost, resync attempted
  | "bad_data_crc" // payload CRC mismatch: this record skipped, the next one read
  | "truncated" // file ends inside a record (a growing file: the next read resumes here)
  | "too_large" // record length beyond the reader's limit
  | "io" // could not open/read (missing, permission denied, ...)
  | "empty" // 0-byte file or directory with nothing readable
  | "not_event_file" // bytes do not frame as TFRecord at all
  | "decode" // record framed fine but the protobuf inside does not decode
  | "unknown_format" // file name looked like a log but the content is not one we know
  | "csv" // malformed CSV row / header
  | "json" // a line of a JSON scalar log that is not a JSON object
  | "hparams" // unreadable hparams.json / hparams.yaml / hparams plugin record
  | "restart" // SessionLog.START after data: points with step >= restart step purged
  | "steps_backwards" // a tag's step went backwards without a restart marker (kept, reported)
  | "resynced" // bytes skipped to find the next valid record after damage
  | "sniffed" // the content decided the format against what the file name suggests
  | "duplicate" // a series another file of the run carries more completely: that copy is kept
  | "symlink" // a symbolic link leading out of the logdir, not followed
  | "limit" // content beyond a size or count limit (tag length, tag count, keys, file size) dropped
  | "replaced"; // a file replaced, truncated or rewritten while read: read again, its data replaced

export interface Problem {
  /** Path of the file, relative to the logdir root. */
  file: string;
  /** Byte offset in the file (or 1-based line number for text formats, see `line`). */
  offset?: number;
  line?: number;
  code: ProblemCode;
  message: string;
  /** Problems that lose no data (restart handled, resynced) are "info"; lost or unreadable data is "error". */
  severity: "info" | "warning" | "error";
}

/** A file discovery met and did not read, with the reason (what the file looks like). */
export interface SkippedFile {
  /** Path relative to the logdir root. */
  file: string;
  reason: string;
}

export function formatProblem(p: Problem): string {
  const where = p.offset !== undefined ? ` at byte ${p.offset}` : p.line !== undefined ? ` line ${p.line}` : "";
  return `${p.file}${where}: ${p.code}: ${p.message}`;
}
