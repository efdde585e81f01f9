// The full-resolution export of one scalar tag over several runs, as a stream: CSV
// `run,tag,step,wall_time,value` or JSON `{ "tag", "series": [{ "run", "points": [...] }] }`, written
// in chunks of about CHUNK characters as the client reads them (pull: nothing is built ahead of the
// reader), so an export costs one chunk of memory whatever the number of points or runs.
// CSV text fields (run, tag) that a spreadsheet would take for a formula get a leading apostrophe
// (model/csv_text.ts); `raw` keeps them as they are. Numbers are never altered (NaN/±Inf written as nan/inf/-inf in CSV, as strings in JSON).
// Cache: the encoded rows of one run's series (turning numbers into text is most of an export's
// CPU) are kept after a complete export, keyed by the series, its fingerprint (length and last
// point: a growing series never matches a stale entry), run name, tag, format and `raw`; at most
// EXPORT_CACHE_BYTES in all (least recently used dropped first), a series above
// EXPORT_CACHE_ENTRY_BYTES never kept. A repeated export then only copies bytes to the socket.
import { csvTextField, type ScalarSeries } from "../model/index.ts";
import { valueText } from "./scalars.ts";

const CHUNK = 1 << 16;
/** Bytes of encoded export rows kept in all. */
export const EXPORT_CACHE_BYTES = 48 << 20;
/** Largest encoded series kept. */
export const EXPORT_CACHE_ENTRY_BYTES = 16 << 20;

export interface ExportSource {
  /** The series of the exported tag in one run (undefined: the run has none). */
  series(run: string): Promise<ScalarSeries | undefined>;
  raw?: boolean;
  /** Called once when the stream ends, fails or is cancelled by the reader. */
  onEnd?: () => void;
}

/** A value in CSV: NaN/±Inf as nan, inf, -inf (as the command-line export writes them). */
function csvValue(v: number): string {
  return Number.isFinite(v) ? String(v) : v !== v ? "nan" : v > 0 ? "inf" : "-inf";
}

function jsonValue(v: number): string {
  return Number.isFinite(v) ? String(v) : JSON.stringify(valueText(v));
}

/** Least recently used first (a Map keeps insertion order; a hit is moved to the end). */
const cache = new Map<string, { chunks: Uint8Array[]; bytes: number }>();
let cachedBytes = 0;
const seriesIds = new WeakMap<ScalarSeries, number>();
let nextSeriesId = 1;

function cacheKey(s: ScalarSeries, run: string, tag: string, format: string, raw: boolean): string {
  let id = seriesIds.get(s);
  if (id === undefined) seriesIds.set(s, (id = nextSeriesId++));
  const n = s.length;
  const fp = n ? `${n}:${s.steps[n - 1]}:${s.wallTimes[n - 1]}:${s.values[n - 1]}:${s.steps[0]}` : "0";
  return `${id}\u0000${fp}\u0000${format}\u0000${raw ? 1 : 0}\u0000${run}\u0000${tag}`;
}

function cacheGet(key: string): Uint8Array[] | undefined {
  const e = cache.get(key);
  if (!e) return undefined;
  cache.delete(key);
  cache.set(key, e);
  return e.chunks;
}

function cachePut(key: string, chunks: Uint8Array[], bytes: number): void {
  if (bytes > EXPORT_CACHE_ENTRY_BYTES || cache.has(key)) return;
  cache.set(key, { chunks, bytes });
  cachedBytes += bytes;
  for (const [k, e] of cache) {
    if (cachedBytes <= EXPORT_CACHE_BYTES) break;
    cache.delete(k);
    cachedBytes -= e.bytes;
  }
}

/** Bytes the export cache holds now (for tests and the benchmark). */
export function exportCacheBytes(): number {
  return cachedBytes;
}

/** The export as a byte stream (see the file comment). */
export function exportStream(runs: string[], tag: string, format: "csv" | "json", src: ExportSource): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const raw = src.raw === true;
  let runIndex = -1;
  let firstSeries = true;
  let state: "start" | "rows" | "done" = "start";
  /** The series being encoded: next row `i`, the chunks so far (for the cache). */
  let cur: { s: ScalarSeries; i: number; key: string; chunks: Uint8Array[]; bytes: number; prefix: string } | undefined;
  /** A cached series being replayed. */
  let replay: { chunks: Uint8Array[]; k: number } | undefined;

  const run0 = () => runs[runIndex];
  const rows = (c: NonNullable<typeof cur>): string => {
    const s = c.s;
    const steps = s.steps,
      walls = s.wallTimes,
      values = s.values;
    let out = "";
    let i = c.i;
    const n = s.length;
    if (format === "csv") {
      const prefix = c.prefix;
      while (i < n && out.length < CHUNK) {
        const end = Math.min(n, i + 1024);
        for (; i < end; i++) out += `${prefix}${steps[i]},${walls[i]},${csvValue(values[i])}\n`;
      }
    } else {
      while (i < n && out.length < CHUNK) {
        const end = Math.min(n, i + 1024);
        for (; i < end; i++)
          out += `${i ? "," : ""}{"step":${jsonValue(steps[i])},"wallTime":${jsonValue(walls[i])},"value":${jsonValue(values[i])}}`;
      }
    }
    c.i = i;
    return out;
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let head = "";
        const flushHead = () => {
          if (head) controller.enqueue(enc.encode(head));
          head = "";
        };
        if (state === "start") {
          head = format === "csv" ? "run,tag,step,wall_time,value\n" : `{"tag":${JSON.stringify(tag)},"series":[`;
          state = "rows";
        }
        while (state === "rows") {
          if (replay) {
            if (replay.k < replay.chunks.length) {
              flushHead();
              controller.enqueue(replay.chunks[replay.k++]);
              return;
            }
            replay = undefined;
            if (format === "json") head += "]}";
            continue;
          }
          if (cur) {
            if (cur.i < cur.s.length) {
              const bytes = enc.encode(rows(cur));
              if (cur.bytes + bytes.length <= EXPORT_CACHE_ENTRY_BYTES) cur.chunks.push(bytes);
              cur.bytes += bytes.length;
              flushHead();
              controller.enqueue(bytes);
              return;
            }
            // a series that grew while it was read is not kept (its rows match no fingerprint)
            if (cacheKey(cur.s, run0(), tag, format, raw) === cur.key) cachePut(cur.key, cur.chunks, cur.bytes);
            cur = undefined;
            if (format === "json") head += "]}";
            continue;
          }
          runIndex++;
          if (runIndex >= runs.length) {
            if (format === "json") head += "]}\n";
            state = "done";
            break;
          }
          const run = runs[runIndex];
          let series: ScalarSeries | undefined;
          try {
            series = await src.series(run);
          } catch (e) {
            src.onEnd?.();
            throw e;
          }
          if (!series) continue;
          if (format === "json") {
            head += `${firstSeries ? "" : ","}{"run":${JSON.stringify(run)},"points":[`;
            firstSeries = false;
          }
          const key = cacheKey(series, run, tag, format, raw);
          const hit = cacheGet(key);
          if (hit) replay = { chunks: hit, k: 0 };
          else
            cur = {
              s: series,
              i: 0,
              key,
              chunks: [],
              bytes: 0,
              prefix: format === "csv" ? `${csvTextField(run, raw)},${csvTextField(tag, raw)},` : "",
            };
        }
        flushHead();
        if (state === "done") {
          controller.close();
          src.onEnd?.();
        }
      },
      cancel() {
        src.onEnd?.();
      },
    },
    { highWaterMark: 1 },
  );
}
