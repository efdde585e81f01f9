// The full-resolution export of one scalar tag over several runs, as a stream: CSV
// `run,tag,step,wall_time,value` or JSON `{ "tag", "series": [{ "run", "points": [...] }] }`, written
// in chunks of about CHUNK characters as the client reads them (pull: nothing is built ahead of the
// reader), so an export costs one chunk of memory whatever the number of points or runs.
// CSV text fields (run, tag) that a spreadsheet would take for a formula get a leading apostrophe
// (model/csv_text.ts); `raw` keeps them as they are. Numbers are never altered (NaN/±Inf written as nan/inf/-inf in CSV, as strings in JSON).
import { csvTextField, type ScalarSeries } from "../model/index.ts";
import { valueText } from "./scalars.ts";

const CHUNK = 1 << 16;

export interface ExportSource {
  /** The series of the exported tag in one run (undefined: the run has none). */
  series(run: string): Promise<ScalarSeries | undefined>;
  raw?: boolean;
  /** Called once when the stream ends, fails or is cancelled by the reader. */
  onEnd?: () => void;
}

function jsonValue(v: number): string {
  return Number.isFinite(v) ? String(v) : JSON.stringify(valueText(v));
}

/** The export as a byte stream (see the file comment). */
export function exportStream(runs: string[], tag: string, format: "csv" | "json", src: ExportSource): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let runIndex = -1;
  let series: ScalarSeries | undefined;
  let i = 0;
  let firstSeries = true;
  let state: "start" | "rows" | "end" | "done" = "start";
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let out = "";
        if (state === "start") {
          out = format === "csv" ? "run,tag,step,wall_time,value\n" : `{"tag":${JSON.stringify(tag)},"series":[`;
          state = "rows";
        }
        while (state === "rows" && out.length < CHUNK) {
          if (!series || i >= series.length) {
            if (series && format === "json") out += "]}";
            series = undefined;
            runIndex++;
            if (runIndex >= runs.length) {
              state = "end";
              break;
            }
            try {
              series = await src.series(runs[runIndex]);
            } catch (e) {
              src.onEnd?.();
              throw e;
            }
            i = 0;
            if (series && format === "json") {
              out += `${firstSeries ? "" : ","}{"run":${JSON.stringify(runs[runIndex])},"points":[`;
              firstSeries = false;
            }
            continue;
          }
          const s = series;
          const end = Math.min(s.length, i + 2048);
          if (format === "csv") {
            const prefix = `${csvTextField(runs[runIndex], src.raw)},${csvTextField(tag, src.raw)},`;
            for (; i < end; i++) out += `${prefix}${s.steps[i]},${s.wallTimes[i]},${valueText(s.values[i])}\n`;
          } else {
            for (; i < end; i++)
              out += `${i ? "," : ""}{"step":${jsonValue(s.steps[i])},"wallTime":${jsonValue(s.wallTimes[i])},"value":${jsonValue(s.values[i])}}`;
          }
        }
        if (state === "end") {
          if (format === "json") out += "]}\n";
          state = "done";
        }
        if (out) controller.enqueue(enc.encode(out));
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
