// SummaryWriter: the TensorBoard writing API (scalars, histograms, text, hyper-parameters) over one
// event file per log directory. Scalars are `simple_value` with `scalars` plugin metadata on a
// tag's first value; histograms are HistogramProto with TensorFlow's default exponential buckets
// (±1e-12·1.1^k up to 1e20, plus 0; empty buckets trimmed; the bucketing PyTorch uses by default,
// the same protos as src/format's `histogramFromValues`, bucketed in one pass by histogram.ts); text is the `text` plugin's DT_STRING tensor;
// the model graph is the `graph_keras_model` plugin's Keras model config (TensorBoard's graph tab);
// hyper-parameters are the hparams plugin's experiment / session-start / session-end records plus
// an `hparams.json` beside the event file.

import * as fs from "node:fs";
import * as path from "node:path";
import {
  histogramEvent,
  loadProtobufCodecs,
  scalarEvent,
  textEvent,
  encodeEvent,
  type HistogramInit,
  type HParamsScalar,
  type SummaryValueInit,
  DT,
} from "../format/index.ts";
import { EventFileWriter, type EventFileWriterOptions } from "./event_file_writer.ts";
import { histogramOf } from "./histogram.ts";

// the hparams plugin's protobuf codecs, loaded with the recorder
const { hparamsEvents } = await loadProtobufCodecs();

export type SummaryWriterOptions = EventFileWriterOptions;

export class SummaryWriter {
  readonly logdir: string;
  private readonly file: EventFileWriter;
  private readonly seen = new Set<string>();

  constructor(logdir: string, opts: SummaryWriterOptions = {}) {
    this.logdir = logdir;
    this.file = new EventFileWriter(logdir, opts);
  }

  get path(): string {
    return this.file.path;
  }

  private now(wallTime?: number): number {
    return wallTime ?? this.file.clock();
  }

  private first(kind: string, tag: string): boolean {
    const k = `${kind}\u0000${tag}`;
    if (this.seen.has(k)) return false;
    this.seen.add(k);
    return true;
  }

  addScalar(tag: string, value: number, step: number, wallTime?: number): void {
    this.file.add(scalarEvent(tag, step, value, this.now(wallTime), { withPluginMetadata: this.first("s", tag) }));
  }

  /** Several scalars in one Event (one record), e.g. loss and accuracy of the same step. */
  addScalarsAt(values: Record<string, number>, step: number, wallTime?: number): void {
    const summary: SummaryValueInit[] = Object.entries(values).map(([tag, v]) => ({
      tag,
      simpleValue: v,
      metadata: this.first("s", tag) ? { pluginName: "scalars" } : undefined,
    }));
    if (summary.length) this.file.add(encodeEvent({ wallTime: this.now(wallTime), step, summary }));
  }

  /** A histogram of `values` (TF default buckets), or a ready HistogramInit. */
  addHistogram(tag: string, values: ArrayLike<number> | HistogramInit, step: number, wallTime?: number): void {
    const h = isHistogram(values) ? values : histogramOf(values);
    this.file.add(histogramEvent(tag, step, h, this.now(wallTime), { withPluginMetadata: this.first("h", tag) }));
  }

  addText(tag: string, text: string, step: number, wallTime?: number): void {
    this.file.add(textEvent(tag, step, text, this.now(wallTime)));
  }

  /**
   * Hyper-parameters: hparams plugin records (experiment with the metric tags, session start with
   * the values, session end) in this event file, and `hparams.json` ({hparams, metrics}) in the logdir.
   */
  addHparams(
    hparams: Record<string, HParamsScalar>,
    metricTags: string[] = [],
    opts: { status?: "success" | "failure" | "running" | "unknown"; jsonFile?: boolean } = {},
  ): void {
    const t = this.now();
    for (const e of hparamsEvents(hparams, metricTags, t, { status: opts.status ?? "success", startTimeSecs: t, endTimeSecs: t }))
      this.file.add(e);
    if (opts.jsonFile !== false) {
      fs.writeFileSync(path.join(this.logdir, "hparams.json"), JSON.stringify({ hparams, metrics: metricTags }, null, 2) + "\n");
    }
  }

  /**
   * The model graph as TensorBoard's `graph_keras_model` plugin reads it: the Keras model config
   * JSON as a rank-0 DT_STRING tensor (`string_val`), plugin content "1", tag `keras`, step 0.
   */
  addKerasModel(config: string | object, step = 0, tag = "keras", wallTime?: number): void {
    const json = typeof config === "string" ? config : JSON.stringify(config);
    this.file.add(
      encodeEvent({
        wallTime: this.now(wallTime),
        step,
        summary: [
          {
            tag,
            metadata: { pluginName: "graph_keras_model", content: new TextEncoder().encode("1") },
            tensor: { dtype: DT.STRING, shape: [], stringVal: [json] },
          },
        ],
      }),
    );
  }

  flush(): void {
    this.file.flush();
  }
  close(): void {
    this.file.close();
  }
}

function isHistogram(v: ArrayLike<number> | HistogramInit): v is HistogramInit {
  return (v as HistogramInit).bucketLimit !== undefined && (v as HistogramInit).bucket !== undefined;
}
