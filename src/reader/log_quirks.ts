// Quirks of particular loggers' CSV / JSON logs, kept apart from the readers:
// - fastai's Recorder / CSVLogger writes each epoch's duration in a `time` column as `mm:ss` (or
//   `h:mm:ss`, fastai's `format_time`): a duration in seconds, not a wall-clock time;
// - Ray Tune's result.json / progress.csv (one record per `training_iteration`): its TensorBoard
//   logger steps each record by `timesteps_total` when the result has one, else by
//   `training_iteration`; the logs are read on the same axis.

/** Seconds of a `mm:ss` / `h:mm:ss` duration, or undefined when `text` is not one. */
export function parseClockDuration(text: string): number | undefined {
  const m = /^\s*(?:(\d+):)?(\d+):(\d{2})\s*$/.exec(text);
  if (!m) return undefined;
  return (m[1] ? Number(m[1]) * 3600 : 0) + Number(m[2]) * 60 + Number(m[3]);
}

/** True when a `time` column holds durations (fastai), judged from its first values. */
export function isDurationColumn(values: string[]): boolean {
  const v = values.map((x) => x.trim()).filter((x) => x !== "");
  return v.length > 0 && v.every((x) => parseClockDuration(x) !== undefined);
}

/**
 * Ray Tune's step key among `keys` (a result's keys or progress.csv's columns): `timesteps_total`
 * when it holds numbers, else `training_iteration`; undefined for other logs.
 */
export function rayTuneStepKey(keys: string[], hasNumber: (key: string) => boolean): string | undefined {
  if (!keys.includes("training_iteration")) return undefined;
  if (keys.includes("timesteps_total") && hasNumber("timesteps_total")) return "timesteps_total";
  return "training_iteration";
}

/**
 * The step unit TF2 Keras' TensorBoard callback gives its tags: `epoch_<metric>` at each epoch,
 * `batch_<metric>` at each optimizer step (update_freq), `evaluation_<metric>_vs_iterations` at the
 * optimizer's iteration; undefined for other tags.
 */
export function kerasTagUnit(tag: string): "epoch" | "step" | "iteration" | undefined {
  if (/^epoch_/.test(tag)) return "epoch";
  if (/^batch_/.test(tag)) return "step";
  if (/^evaluation_.+_vs_iterations$/.test(tag)) return "iteration";
  return undefined;
}
