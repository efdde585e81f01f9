// Appends TFRecord-framed TensorBoard Event records to one event file
// (`events.out.tfevents.<unix seconds>.<host>.<pid>.<n>`), the first record being the
// `brain.Event:2` file_version event. Records are queued and written as whole frames with one
// synchronous append per flush (when `maxQueue` records wait, every `flushSecs`, and on close), so
// a crash or kill can damage at most the record being appended. Framing comes from src/format.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileVersionEvent, frameRecord } from "../format/index.ts";

export interface EventFileWriterOptions {
  /** Seconds between automatic flushes (default 120, as SummaryWriter's flush_secs). 0 disables the timer. */
  flushSecs?: number;
  /** Records queued before a flush (default 10, as SummaryWriter's max_queue). */
  maxQueue?: number;
  /** Appended to the file name (e.g. ".v2"). */
  filenameSuffix?: string;
  /** Wall-clock source in seconds (default Date.now()/1000); set it for byte-identical, repeatable files. */
  clock?: () => number;
  /** Host name in the file name (default os.hostname()). */
  host?: string;
  /** Process id in the file name (default process.pid). */
  pid?: number;
  /** Last part of the file name (default: a per-process counter). */
  fileIndex?: number;
}

let fileCounter = 0;

export class EventFileWriter {
  readonly path: string;
  private readonly fd: number;
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private readonly maxQueue: number;
  private timer?: NodeJS.Timeout;
  private closed = false;
  readonly clock: () => number;

  constructor(logdir: string, opts: EventFileWriterOptions = {}) {
    this.clock = opts.clock ?? (() => Date.now() / 1000);
    this.maxQueue = Math.max(1, opts.maxQueue ?? 10);
    fs.mkdirSync(logdir, { recursive: true });
    const now = this.clock();
    const name = `events.out.tfevents.${Math.floor(now)}.${opts.host ?? os.hostname()}.${opts.pid ?? process.pid}.${opts.fileIndex ?? fileCounter++}${opts.filenameSuffix ?? ""}`;
    this.path = path.join(logdir, name);
    this.fd = fs.openSync(this.path, "a");
    this.add(fileVersionEvent(now));
    this.flush();
    const secs = opts.flushSecs ?? 120;
    if (secs > 0) {
      this.timer = setInterval(() => this.flush(), secs * 1000);
      this.timer.unref();
    }
  }

  /** Queues one serialized Event (unframed). */
  add(event: Uint8Array): void {
    if (this.closed) throw new Error(`EventFileWriter: ${this.path} is closed`);
    this.queue.push(frameRecord(event));
    this.queuedBytes += event.length + 16;
    if (this.queue.length >= this.maxQueue) this.flush();
  }

  /** Appends every queued record to the file (one write of whole frames). */
  flush(): void {
    if (this.queue.length === 0) return;
    const buf = Buffer.allocUnsafe(this.queuedBytes);
    let o = 0;
    for (const r of this.queue) {
      buf.set(r, o);
      o += r.length;
    }
    this.queue = [];
    this.queuedBytes = 0;
    let written = 0;
    while (written < o) written += fs.writeSync(this.fd, buf, written, o - written);
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    if (this.timer) clearInterval(this.timer);
    fs.closeSync(this.fd);
    this.closed = true;
  }
}
