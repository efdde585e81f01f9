// The user's tags and notes on runs, kept beside the logdir's index in the cache directory, never in
// the logdir (the user's log files are only read): `<cache>/trainscope/<hash of the logdir's real
// path>/annotations.json`, `<cache>` being $XDG_CACHE_HOME, else ~/Library/Caches (macOS),
// %LOCALAPPDATA% (Windows) or ~/.cache. The file is JSON `{ "format": 1, "logdir", "runs": { RUN:
// { "tags": [...], "note": "...", "updated": ISO time } } }`.
// Contract:
// - writes are atomic (a temporary file in the same folder, fsync, rename) and serialised (one at a
//   time, in the order asked), so a crash leaves the old or the new file, never half of one;
// - every value is validated before anything is written (`AnnotationError` names what is wrong):
//   tags are 1..MAX_TAG_CHARS characters without control characters, commas or semicolons (the
//   separators of the editor and of the CSV export), at most MAX_TAGS per run,
//   kept once each in the order given; a note is at most MAX_NOTE_CHARS; at most MAX_RUNS runs;
// - an unreadable or damaged file is reported (`loadError` names the file and the byte offset JSON
//   stopped at) and set aside as `annotations.json.damaged-<time>` at the next write, never lost;
// - a run with no tag and an empty note is removed from the file.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const ANNOTATIONS_FORMAT = 1;
export const MAX_TAGS = 32;
export const MAX_TAG_CHARS = 64;
export const MAX_NOTE_CHARS = 10_000;
export const MAX_RUNS = 100_000;

export interface RunAnnotation {
  tags: string[];
  note: string;
  /** ISO time of the last change. */
  updated: string;
}

export class AnnotationError extends Error {}

/** The user's cache directory (see the file comment). */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return env.XDG_CACHE_HOME;
  if (process.platform === "darwin") return path.join(os.homedir(), "Library", "Caches");
  if (process.platform === "win32" && env.LOCALAPPDATA) return env.LOCALAPPDATA;
  return path.join(os.homedir(), ".cache");
}

/** The annotations file of a logdir: the hash is of its real path, so two spellings of one folder share it. */
export function annotationsPath(logdir: string, root = cacheRoot()): string {
  let real = path.resolve(logdir);
  try {
    real = fs.realpathSync(real);
  } catch {
    /* a logdir that does not exist (yet) keeps its resolved path */
  }
  const hash = crypto.createHash("sha256").update(real).digest("hex").slice(0, 16);
  return path.join(root, "trainscope", hash, "annotations.json");
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/** Validated tags: trimmed, non-empty, each once, in the order given. */
export function cleanTags(tags: unknown): string[] {
  if (!Array.isArray(tags)) throw new AnnotationError("tags must be a list of texts");
  const out: string[] = [];
  for (const t of tags) {
    if (typeof t !== "string") throw new AnnotationError("every tag must be a text");
    const x = t.trim();
    if (!x) continue;
    if (x.length > MAX_TAG_CHARS) throw new AnnotationError(`tag "${x.slice(0, 20)}…" is longer than ${MAX_TAG_CHARS} characters`);
    if (CONTROL.test(x)) throw new AnnotationError(`tag ${JSON.stringify(x)} holds a control character`);
    if (/[,;]/.test(x)) throw new AnnotationError(`tag ${JSON.stringify(x)} holds a comma or semicolon (they separate tags)`);
    if (!out.includes(x)) out.push(x);
  }
  if (out.length > MAX_TAGS) throw new AnnotationError(`${out.length} tags: at most ${MAX_TAGS} per run`);
  return out;
}

function cleanNote(note: unknown): string {
  if (typeof note !== "string") throw new AnnotationError("note must be a text");
  if (note.length > MAX_NOTE_CHARS) throw new AnnotationError(`note of ${note.length} characters: at most ${MAX_NOTE_CHARS}`);
  return note;
}

/** Offset in the text where JSON.parse stopped, from its message (V8: "at position N"). */
function jsonErrorOffset(message: string): number | undefined {
  const m = /position (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** Reads an annotations file: the runs, or an error naming the file and offset (missing file: no runs, no error). */
export function readAnnotations(file: string): { runs: Map<string, RunAnnotation>; error?: string } {
  const runs = new Map<string, RunAnnotation>();
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? { runs } : { runs, error: `${file}: cannot read (${code ?? String(e)})` };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const at = jsonErrorOffset(msg);
    return { runs, error: `${file}${at !== undefined ? ` at byte ${Buffer.byteLength(text.slice(0, at))}` : ""}: not JSON (${msg})` };
  }
  const rec = (doc as { runs?: unknown } | null)?.runs;
  if (typeof rec !== "object" || rec === null || Array.isArray(rec)) return { runs, error: `${file}: no "runs" object` };
  const bad: string[] = [];
  for (const [name, a] of Object.entries(rec as Record<string, unknown>)) {
    try {
      const o = a as { tags?: unknown; note?: unknown; updated?: unknown };
      runs.set(name, {
        tags: cleanTags(o.tags ?? []),
        note: cleanNote(o.note ?? ""),
        updated: typeof o.updated === "string" ? o.updated : "",
      });
    } catch (e) {
      bad.push(`${name}: ${(e as Error).message}`);
    }
  }
  return { runs, error: bad.length ? `${file}: ${bad.length} run(s) skipped (${bad.slice(0, 3).join("; ")})` : undefined };
}

/** Writes `text` to `file` atomically (temporary file in the same folder, fsync, rename). */
export function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  const fd = fs.openSync(tmp, "wx", 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

export class AnnotationStore {
  private runs: Map<string, RunAnnotation>;
  /** Why the file could not be read (shown by the dashboard); cleared once a write succeeds. */
  loadError?: string;
  private damaged: boolean;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    readonly logdir: string,
  ) {
    const r = readAnnotations(file);
    this.runs = r.runs;
    this.loadError = r.error;
    this.damaged = r.error !== undefined && fs.existsSync(file);
  }

  /** Opens the annotations of `logdir` in the cache directory `root` (default: the user's). */
  static forLogdir(logdir: string, root?: string): AnnotationStore {
    return new AnnotationStore(annotationsPath(logdir, root), path.resolve(logdir));
  }

  get(run: string): RunAnnotation | undefined {
    return this.runs.get(run);
  }

  all(): Record<string, RunAnnotation> {
    return Object.fromEntries(this.runs);
  }

  /** Every tag in use with how many runs carry it, most used first. */
  tagCounts(): { tag: string; runs: number }[] {
    const n = new Map<string, number>();
    for (const a of this.runs.values()) for (const t of a.tags) n.set(t, (n.get(t) ?? 0) + 1);
    return [...n].map(([tag, runs]) => ({ tag, runs })).sort((a, b) => b.runs - a.runs || (a.tag < b.tag ? -1 : 1));
  }

  /**
   * Sets the tags and/or the note of a run (what is not given is kept) and writes the file.
   * Throws AnnotationError for a bad value (nothing written); resolves with the run's annotation.
   */
  update(run: string, patch: { tags?: unknown; note?: unknown }): Promise<RunAnnotation | undefined> {
    const old = this.runs.get(run);
    const tags = patch.tags === undefined ? (old?.tags ?? []) : cleanTags(patch.tags);
    const note = patch.note === undefined ? (old?.note ?? "") : cleanNote(patch.note);
    if (!old && this.runs.size >= MAX_RUNS) throw new AnnotationError(`at most ${MAX_RUNS} runs can be annotated`);
    const job = this.queue.then(() => {
      const next = new Map(this.runs);
      const value = { tags, note, updated: new Date().toISOString() };
      if (tags.length || note) next.set(run, value);
      else next.delete(run);
      if (this.damaged) {
        fs.renameSync(this.file, `${this.file}.damaged-${Date.now()}`);
        this.damaged = false;
      }
      const doc = { format: ANNOTATIONS_FORMAT, logdir: this.logdir, runs: Object.fromEntries(next) };
      writeFileAtomic(this.file, JSON.stringify(doc, null, 1) + "\n");
      this.runs = next;
      this.loadError = undefined;
      return next.get(run);
    });
    this.queue = job.catch(() => undefined);
    return job;
  }
}
