// Progress of long reads and diagnoses on stderr: one line rewritten in place ("reading 3/12
// files, 45.2/242 MB, 1/4 runs, ETA 12 s"; runs rebuilt from the index count their files and bytes
// as done and show as "(3 from the index)", the ETA counting only bytes read), shown only once the work has taken longer than a
// second, and erased when the work ends. Silent when stderr is not a terminal or the command prints
// JSON. TRAINSCOPE_PROGRESS=1 forces the terminal behaviour (=0 silences it);
// TRAINSCOPE_PROGRESS_DELAY_MS changes the one-second delay (tests use 0).
import type { LoadProgress } from "../reader/index.ts";

export interface ProgressOptions {
  /** The command prints JSON (then nothing is shown). */
  json?: boolean;
  /** Where the line goes (default process.stderr). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Shown only after this many milliseconds (default 1000, or TRAINSCOPE_PROGRESS_DELAY_MS). */
  delayMs?: number;
  /** Clock (ms). */
  now?: () => number;
}

/** Whether progress is shown: never with JSON; TRAINSCOPE_PROGRESS=1/0 forces it; else when the stream is a terminal. */
export function progressWanted(json: boolean, stream: { isTTY?: boolean } = process.stderr): boolean {
  if (json) return false;
  const env = process.env.TRAINSCOPE_PROGRESS;
  if (env === "0") return false;
  if (env === "1") return true;
  return stream.isTTY === true;
}

/** Bytes as the progress line shows them: B, kB, MB, GB (decimal, 3 significant digits). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let v = n,
    u = -1;
  do {
    v /= 1000;
    u++;
  } while (v >= 1000 && u < units.length - 1);
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[u]}`;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${Math.max(1, Math.round(s))} s`;
  const m = Math.floor(s / 60),
    r = Math.round(s - 60 * m);
  return `${m} min ${r} s`;
}

/** One progress line of one command (reading or loading, then diagnosing). */
export class Progress {
  readonly enabled: boolean;
  private readonly stream: NodeJS.WritableStream;
  private readonly delayMs: number;
  private readonly now: () => number;
  private readonly verb: string;
  private readonly t0: number;
  private lastDraw = -Infinity;
  private drawn = false;
  private closed = false;
  private totals = { runs: 0, files: 0, bytes: 0 };
  private filesDone = 0;
  private bytesDone = 0;
  /** Bytes read so far of the files being read (several at once when runs load concurrently). */
  private partial = new Map<string, number>();
  private runsRead = 0;
  private runsIndexed = 0;
  private bytesIndexed = 0;
  private diagnosing = false;
  private phaseT0: number;
  private runsDiagnosed = 0;

  constructor(opts: ProgressOptions & { verb?: string } = {}) {
    const stream = opts.stream ?? process.stderr;
    this.stream = stream;
    this.enabled = progressWanted(opts.json === true, stream);
    const envDelay = Number(process.env.TRAINSCOPE_PROGRESS_DELAY_MS);
    this.delayMs = opts.delayMs ?? (process.env.TRAINSCOPE_PROGRESS_DELAY_MS !== undefined && Number.isFinite(envDelay) ? envDelay : 1000);
    this.now = opts.now ?? (() => Date.now());
    this.verb = opts.verb ?? "reading";
    this.t0 = this.now();
    this.phaseT0 = this.t0;
  }

  /** Hooks for the reader (`LoadOptions.progress`); undefined when nothing is shown. They go quiet after `done()`. */
  loadHooks(): LoadProgress | undefined {
    if (!this.enabled) return undefined;
    return {
      start: (t) => this.setTotals(t),
      bytes: (file, n) => {
        if (this.closed) return;
        this.partial.set(file, n);
        this.draw();
      },
      fileDone: (file, size) => {
        if (this.closed) return;
        this.partial.delete(file);
        this.filesDone++;
        this.bytesDone += size;
        this.draw();
      },
      runDone: () => {
        if (this.closed) return;
        this.runsRead++;
        this.draw(true);
      },
      fromStore: (_run, files, bytes) => this.fromIndex(files, bytes),
    };
  }

  /** A run rebuilt from the index: its files and bytes are done without being read. */
  fromIndex(files: number, bytes: number): void {
    if (this.closed) return;
    this.runsIndexed++;
    this.filesDone += files;
    this.bytesDone += bytes;
    this.bytesIndexed += bytes;
  }

  /** What will be read: runs, files and bytes. */
  setTotals(t: { runs: number; files: number; bytes: number }): void {
    this.totals = { ...t };
    this.draw();
  }

  /** Progress of the diagnosis (`diagnoseExperiment`'s callback). */
  diagnosed = (done: number, total: number): void => {
    if (!this.diagnosing) {
      this.diagnosing = true;
      this.phaseT0 = this.now();
    }
    this.runsDiagnosed = done;
    this.totals.runs = total;
    this.draw(true);
  };

  /** The current line (without control sequences). */
  text(): string {
    const elapsed = (this.now() - this.phaseT0) / 1000;
    if (this.diagnosing) {
      const { runs } = this.totals;
      const eta = this.runsDiagnosed > 0 ? (elapsed * (runs - this.runsDiagnosed)) / this.runsDiagnosed : NaN;
      return `diagnosing ${this.runsDiagnosed}/${runs} runs, ETA ${formatSeconds(eta)}`;
    }
    let done = this.bytesDone;
    for (const n of this.partial.values()) done += n;
    // the ETA from the bytes actually read (those taken from the index cost next to nothing)
    const read = done - this.bytesIndexed;
    const eta = read > 0 ? (elapsed * Math.max(0, this.totals.bytes - done)) / read : done >= this.totals.bytes && done > 0 ? 0 : NaN;
    const indexed = this.runsIndexed > 0 ? ` (${this.runsIndexed} from the index)` : "";
    return `${this.verb} ${this.filesDone}/${this.totals.files} files, ${formatBytes(done)}/${formatBytes(this.totals.bytes)}, ${this.runsRead}/${this.totals.runs} runs${indexed}, ETA ${formatSeconds(eta)}`;
  }

  private draw(force = false): void {
    if (!this.enabled || this.closed) return;
    const t = this.now();
    if (t - this.t0 < this.delayMs) return;
    if (!force && t - this.lastDraw < 100) return;
    this.lastDraw = t;
    this.drawn = true;
    this.stream.write(`\r\x1b[2K${this.text()}`);
  }

  /** Erases the line (when one was shown); nothing is drawn afterwards. */
  done(): void {
    if (this.drawn) this.stream.write("\r\x1b[2K");
    this.drawn = false;
    this.closed = true;
  }
}
