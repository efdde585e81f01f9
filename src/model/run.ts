// The data model: a logdir holds training runs; a training run groups the directories that belong
// to one training (Keras train/ + validation/, PyTorch add_scalars siblings, the add_hparams
// sub-directory, CSV and hparams files beside the events); each directory holds series per tag.

import type { Problem, SkippedFile } from "./problem.ts";
import {
  PointSeries,
  ScalarSeries,
  type AudioSeries,
  type HistogramSeries,
  type ImageSeries,
  type TensorSeries,
  type TextSeries,
} from "./series.ts";
import type { RoleAssignment } from "./roles.ts";
import type { GraphFormat, ModelGraph } from "./graph.ts";

export type SourceFormat =
  "tfevents" | "mindspore_summary" | "mindspore_lineage" | "csv" | "json_log" | "hparams_json" | "hparams_yaml" | "model_graph";

/** One file read into a run, with how far it has been read (the next read of a growing file resumes there). */
export interface SourceFile {
  /** Relative to the logdir root. */
  path: string;
  format: SourceFormat;
  /** Bytes consumed so far: the offset after the last complete record/line. */
  readOffset: number;
  size: number;
  records: number;
  /** Optional writer facts: file_version, source_metadata.writer, CSV columns... */
  info?: Record<string, string | number | boolean>;
}

export type HParamValue = number | string | boolean;

/** A hyper-parameter with where it came from (file and kind of source). */
export interface HParam {
  name: string;
  value: HParamValue;
  /** "hparams_plugin" | "hparams_json" | "hparams_yaml" | "mindspore_lineage" | "recorder" | "csv" ... */
  sourceKind: string;
  /** File the value came from, relative to the logdir root. */
  source: string;
}

export interface SessionMarker {
  step: number;
  wallTime: number;
  status: "start" | "stop" | "checkpoint" | "unspecified";
  file: string;
  message?: string;
}

/** Plugin metadata remembered per tag: it is written only with the first value of a tag. */
export interface PluginInfo {
  pluginName: string;
  /** Raw plugin content bytes. */
  content: Uint8Array;
  displayName?: string;
  summaryDescription?: string;
  /** Summary.Value.metadata.data_class: 1 scalar, 2 tensor, 3 blob sequence, 0 unknown. */
  dataClass?: number;
}

export interface GraphInfo {
  file: string;
  step: number;
  kind: GraphFormat;
  bytes: number;
  /** Decoded node list when the reader understands the graph format (MindSpore anf_ir). */
  nodes?: { name: string; opType: string; scope: string; inputs: string[] }[];
  /** The graph in the common vocabulary (src/model/graph.ts), when decoded. */
  graph?: ModelGraph;
  /** Number of nodes of the main graph (0 when not decoded). */
  nodeCount?: number;
}

/** What the hparams plugin records besides values: experiment config and session start/end. */
export interface HParamsSession {
  /** From the hparams plugin's session_start_info / session_end_info. */
  startTime?: number;
  endTime?: number;
  status?: string;
  group?: string;
  metrics?: string[];
}

/** MindSpore lineage (train/eval lineage, dataset graph, user-defined info) as read from `_lineage` files. */
export interface Lineage {
  train?: Record<string, unknown>;
  eval?: Record<string, unknown>;
  datasetGraph?: unknown;
  userDefined?: Record<string, unknown>;
  metrics?: Record<string, unknown>;
}

/** Data of one directory (what TensorBoard calls a run). */
export class RunDir {
  readonly sources: SourceFile[] = [];
  readonly scalars = new Map<string, ScalarSeries>();
  readonly histograms = new Map<string, HistogramSeries>();
  readonly tensors = new Map<string, TensorSeries>();
  readonly images = new Map<string, ImageSeries>();
  readonly audio = new Map<string, AudioSeries>();
  readonly texts = new Map<string, TextSeries>();
  readonly plugins = new Map<string, PluginInfo>();
  readonly graphs: GraphInfo[] = [];
  readonly sessions: SessionMarker[] = [];
  readonly hparams: HParam[] = [];
  hparamsSession?: HParamsSession;
  /** Custom-scalar layout (decoded `custom_scalars__config__`), when written. */
  customScalarLayout?: unknown;
  lineage?: Lineage;
  readonly problems: Problem[] = [];
  /**
   * A file's own copy of a scalar tag that another file of this directory already holds (a CSV
   * column beside the event file's tag), by `<file>\u0000<tag>`: the run keeps one of the two
   * (the more complete) in `scalars` and reports the other as a duplicate.
   */
  readonly copies = new Map<string, ScalarSeries>();

  /** `path`: directory relative to the logdir root, '.' for the root itself. */
  constructor(readonly path: string) {}

  scalar(tag: string): ScalarSeries {
    let s = this.scalars.get(tag);
    if (!s) {
      s = new ScalarSeries(tag, this.path);
      this.scalars.set(tag, s);
    }
    return s;
  }
  /** The copy of `tag` written by `file` (see `copies`). */
  copy(file: string, tag: string): ScalarSeries {
    const k = `${file}\u0000${tag}`;
    let s = this.copies.get(k);
    if (!s) {
      s = new ScalarSeries(tag, this.path);
      this.copies.set(k, s);
    }
    return s;
  }
  histogram(tag: string): HistogramSeries {
    return getOrAdd(this.histograms, tag, () => new PointSeries("histogram", tag, this.path));
  }
  tensor(tag: string): TensorSeries {
    return getOrAdd(this.tensors, tag, () => new PointSeries("tensor", tag, this.path));
  }
  image(tag: string): ImageSeries {
    return getOrAdd(this.images, tag, () => new PointSeries("image", tag, this.path));
  }
  audioSeries(tag: string): AudioSeries {
    return getOrAdd(this.audio, tag, () => new PointSeries("audio", tag, this.path));
  }
  text(tag: string): TextSeries {
    return getOrAdd(this.texts, tag, () => new PointSeries("text", tag, this.path));
  }

  /** Purges every series' points with step >= `step` (SessionLog.START restart). Returns points dropped. */
  purgeFromStep(step: number): number {
    let n = 0;
    for (const m of [this.scalars, this.histograms, this.tensors, this.images, this.audio, this.texts] as Map<
      string,
      { purgeFromStep(s: number): number }
    >[]) {
      for (const s of m.values()) n += s.purgeFromStep(step);
    }
    return n;
  }
}

function getOrAdd<V>(m: Map<string, V>, k: string, make: () => V): V {
  let v = m.get(k);
  if (v === undefined) {
    v = make();
    m.set(k, v);
  }
  return v;
}

/**
 * Key of a series inside a training run: the tag itself for the run's own directory, else
 * `<sub-directory relative to the run>/<tag>` (e.g. `validation/epoch_loss`, `Loss_val/Loss`).
 */
export function seriesKey(runPath: string, dirPath: string, tag: string): string {
  if (dirPath === runPath) return tag;
  // a run that is one log file (or session) of a directory is named `<dir>/<file>`: its directories
  // are that directory and the ones below it
  let base = runPath;
  if (runPath !== "." && !dirPath.startsWith(runPath + "/")) {
    const i = runPath.lastIndexOf("/");
    const parent = i < 0 ? "." : runPath.slice(0, i);
    if (dirPath === parent) return tag;
    base = parent;
  }
  const rel = base === "." ? dirPath : dirPath.startsWith(base + "/") ? dirPath.slice(base.length + 1) : dirPath;
  return `${rel}/${tag}`;
}

/** One training: the directories that belong together, their merged hyper-parameters and tag roles. */
export interface TrainingRun {
  /**
   * Relative path of the run's root directory ('.' for the logdir itself), or `<dir>/<file>` for a
   * run that is one of several trainings logged in one directory.
   */
  name: string;
  dirs: RunDir[];
  /** Merged hyper-parameters, one per name; later sources do not override earlier ones silently (conflicts are kept in `hparamConflicts`). */
  hparams: Map<string, HParam>;
  hparamConflicts: HParam[];
  roles: RoleAssignment[];
  problems: Problem[];
  /** True when reading failed so badly that nothing usable was loaded. */
  failed?: boolean;
}

/** All training runs found under a path. */
export interface Experiment {
  root: string;
  runs: TrainingRun[];
  /** Problems not tied to one run (unreadable sub-directories, unknown files). */
  problems: Problem[];
  /** Files found and not read, each with the reason (what the file looks like). */
  skipped?: SkippedFile[];
}

/** Every series of a training run by key (see `seriesKey`). */
export function runScalars(run: TrainingRun): Map<string, ScalarSeries> {
  const out = new Map<string, ScalarSeries>();
  for (const d of run.dirs) for (const [tag, s] of d.scalars) out.set(seriesKey(run.name, d.path, tag), s);
  return out;
}
export function runHistograms(run: TrainingRun): Map<string, HistogramSeries> {
  const out = new Map<string, HistogramSeries>();
  for (const d of run.dirs) for (const [tag, s] of d.histograms) out.set(seriesKey(run.name, d.path, tag), s);
  return out;
}
export function runTensors(run: TrainingRun): Map<string, TensorSeries> {
  const out = new Map<string, TensorSeries>();
  for (const d of run.dirs) for (const [tag, s] of d.tensors) out.set(seriesKey(run.name, d.path, tag), s);
  return out;
}
export function runImages(run: TrainingRun): Map<string, ImageSeries> {
  const out = new Map<string, ImageSeries>();
  for (const d of run.dirs) for (const [tag, s] of d.images) out.set(seriesKey(run.name, d.path, tag), s);
  return out;
}
