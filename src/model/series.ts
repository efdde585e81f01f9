// Full-resolution series of one tag in one directory: every point with its step and wall time,
// in file order, non-finite values (NaN, +Inf, -Inf) preserved and counted. Columnar typed
// arrays that grow by doubling, so a reader can append while a consumer reads a snapshot.

export interface NonFiniteCounts {
  nan: number;
  posInf: number;
  negInf: number;
}

/** Counts NaN/+Inf/-Inf of one value into `c`; returns true when the value is finite. */
export function countNonFinite(c: NonFiniteCounts, v: number): boolean {
  if (Number.isFinite(v)) return true;
  if (v !== v) c.nan++;
  else if (v > 0) c.posInf++;
  else c.negInf++;
  return false;
}

/**
 * What a series' step counts, when the logger says so: optimizer steps (HF `step`, Lightning's
 * `step` column), epochs (Keras CSVLogger, Ultralytics results.csv), iterations (MMEngine,
 * detectron2, Ray Tune's `training_iteration`) or samples (Ray Tune's `timesteps_total`).
 */
export type StepUnit = "step" | "epoch" | "iteration" | "sample";

/** The unit a step column or key names, or undefined. */
export function stepUnitOfName(name: string): StepUnit | undefined {
  const n = name.trim().toLowerCase();
  if (n === "step" || n === "global_step" || n === "steps") return "step";
  if (n === "epoch" || n === "epochs") return "epoch";
  if (n === "iteration" || n === "iter" || n === "training_iteration" || n === "iterations") return "iteration";
  if (n === "timesteps_total" || n === "samples" || n === "num_samples" || n === "timesteps") return "sample";
  return undefined;
}

/**
 * Epoch <-> step mapping from logged (step, epoch) pairs (MMEngine's `iter` and `epoch` fields,
 * HF's `epoch` at each step, Lightning's `epoch` column). Pairs may come in any order.
 */
export class EpochAxis {
  private readonly pairs: [number, number][];
  constructor(pairs: Iterable<[step: number, epoch: number]>) {
    this.pairs = [...pairs].filter(([s, e]) => Number.isFinite(s) && Number.isFinite(e)).sort((a, b) => a[0] - b[0]);
  }
  /** From a series of epoch values logged at steps (HF's `train/epoch`, Lightning's `epoch`, MMEngine's `epoch`). */
  static fromSeries(epochs: ScalarSeries): EpochAxis {
    const pairs: [number, number][] = [];
    for (let i = 0; i < epochs.length; i++) pairs.push([epochs.steps[i], epochs.values[i]]);
    return new EpochAxis(pairs);
  }
  get size(): number {
    return this.pairs.length;
  }
  /** The last step logged in `epoch` (where an evaluation at the end of that epoch belongs), or undefined when none was. */
  stepAtEpochEnd(epoch: number): number | undefined {
    let best: number | undefined;
    for (const [s, e] of this.pairs) if (e === epoch && (best === undefined || s > best)) best = s;
    return best;
  }
  /** The epoch of the last logged pair at or before `step`, or undefined before the first. */
  epochAtStep(step: number): number | undefined {
    let e: number | undefined;
    for (const [s, ep] of this.pairs) {
      if (s > step) break;
      e = ep;
    }
    return e;
  }
}

/** Scalar points of one tag. `steps`, `wallTimes` and `values` are views of the first `length` points. */
export class ScalarSeries {
  readonly kind = "scalar" as const;
  length = 0;
  /** What the step axis counts, when the logger says so (undefined: a writer's own global step). */
  unit?: StepUnit;
  /** The phase the log's layout gives the series when its name does not (MMEngine's validation records). */
  phase?: "train" | "val" | "test";
  readonly nonFinite: NonFiniteCounts = { nan: 0, posInf: 0, negInf: 0 };
  private s: Float64Array;
  private w: Float64Array;
  private v: Float64Array;

  /** `tag` as written in the file; `dir` the directory holding the file, relative to the logdir root ('.' for the root). */
  constructor(
    readonly tag: string,
    readonly dir: string,
    capacity = 16,
  ) {
    this.s = new Float64Array(capacity);
    this.w = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
  }

  push(step: number, wallTime: number, value: number): void {
    if (this.length === this.s.length) this.grow();
    const i = this.length++;
    this.s[i] = step;
    this.w[i] = wallTime;
    this.v[i] = value;
    if (!Number.isFinite(value)) countNonFinite(this.nonFinite, value);
  }

  get steps(): Float64Array {
    return this.s.subarray(0, this.length);
  }
  get wallTimes(): Float64Array {
    return this.w.subarray(0, this.length);
  }
  get values(): Float64Array {
    return this.v.subarray(0, this.length);
  }

  /** Drops every point with step >= `step` (TensorBoard's purge on SessionLog.START / purge_step). Returns how many were dropped. */
  purgeFromStep(step: number): number {
    let k = 0;
    const n = this.length;
    for (let i = 0; i < n; i++) {
      if (this.s[i] < step) {
        this.s[k] = this.s[i];
        this.w[k] = this.w[i];
        this.v[k] = this.v[i];
        k++;
      }
    }
    this.length = k;
    this.recount();
    return n - k;
  }

  private recount(): void {
    const c = this.nonFinite;
    c.nan = c.posInf = c.negInf = 0;
    for (let i = 0; i < this.length; i++) countNonFinite(c, this.v[i]);
  }

  private grow(): void {
    const cap = Math.max(16, this.s.length * 2);
    const s = new Float64Array(cap);
    s.set(this.s);
    this.s = s;
    const w = new Float64Array(cap);
    w.set(this.w);
    this.w = w;
    const v = new Float64Array(cap);
    v.set(this.v);
    this.v = v;
  }
}

/**
 * One histogram, the same type for TensorBoard `HistogramProto` (right edges `bucket_limit`, the first
 * bucket's left edge is `min` or -Inf), TF2 `[k,3]` tensors (left, right, count) and MindSpore
 * histograms (left, width, count + NaN/Inf counts). Bucket i covers [lefts[i], rights[i]).
 * Statistics that the writer did not record are NaN.
 */
export interface Histogram {
  step: number;
  wallTime: number;
  min: number;
  max: number;
  /** Number of values, non-finite ones included when the writer counted them. */
  num: number;
  sum: number;
  sumSquares: number;
  lefts: Float64Array;
  rights: Float64Array;
  counts: Float64Array;
  /** Non-finite values recorded outside the buckets (MindSpore; PyTorch's num - sum(counts)). */
  nonFinite: NonFiniteCounts;
}

/** The element types of tensors, in every format's terms (TensorFlow, PyTorch, MindSpore codes map onto these). */
export const DTYPES = [
  "float16",
  "bfloat16",
  "float32",
  "float64",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "bool",
  "string",
  "complex64",
  "complex128",
  "unknown",
] as const;

export type DType = (typeof DTYPES)[number];

/** A tensor value: numbers widened to float64 (int64 beyond 2^53 loses precision), strings decoded as UTF-8. */
export interface TensorValue {
  step: number;
  wallTime: number;
  dtype: DType;
  shape: number[];
  values: Float64Array | string[];
}

export interface ImageValue {
  step: number;
  wallTime: number;
  width: number;
  height: number;
  /** 1 grayscale, 2 grayscale+alpha, 3 RGB, 4 RGBA, 0 unknown. */
  colorspace: number;
  /** Encoded bytes (PNG/JPEG as written); `mime` guessed from the magic bytes. */
  encoded: Uint8Array;
  mime: string;
}

export interface AudioValue {
  step: number;
  wallTime: number;
  sampleRate: number;
  numChannels: number;
  lengthFrames: number;
  contentType: string;
  byteLength: number;
}

export interface TextValue {
  step: number;
  wallTime: number;
  text: string;
}

/** Points of one non-scalar tag, in file order. */
export class PointSeries<K extends string, P extends { step: number }> {
  readonly points: P[] = [];
  constructor(
    readonly kind: K,
    readonly tag: string,
    readonly dir: string,
  ) {}
  push(p: P): void {
    this.points.push(p);
  }
  get length(): number {
    return this.points.length;
  }
  purgeFromStep(step: number): number {
    const before = this.points.length;
    const kept = this.points.filter((p) => p.step < step);
    this.points.length = 0;
    for (const p of kept) this.points.push(p);
    return before - kept.length;
  }
}

export type HistogramSeries = PointSeries<"histogram", Histogram>;
export type TensorSeries = PointSeries<"tensor", TensorValue>;
export type ImageSeries = PointSeries<"image", ImageValue>;
export type AudioSeries = PointSeries<"audio", AudioValue>;
export type TextSeries = PointSeries<"text", TextValue>;
export type AnySeries = ScalarSeries | HistogramSeries | TensorSeries | ImageSeries | AudioSeries | TextSeries;
export type SeriesKind = AnySeries["kind"];
