// The file names that mark a kind of log file, apart from the readers of their content (which are
// loaded only when such a file is read: logdir.ts): hyper-parameter and other tools' configuration
// files, JSON scalar logs, and standalone graph files.

export type HParamsFileKind = "hparams_json" | "hparams_yaml";

const JSON_CONFIG_NAMES = new Set(["args.json", "params.json", "config.json", "training_args.json", "trainer_state.json"]);
const YAML_CONFIG_NAMES = new Set([
  "args.yaml",
  "args.yml",
  "opt.yaml",
  "hyp.yaml",
  "params.yaml",
  "params.yml",
  "config.yaml",
  "config.yml",
]);

/** The kind (file format) of hyper-parameter or configuration file a base name is, or undefined. */
export function hparamsFileKind(baseName: string): HParamsFileKind | undefined {
  const b = baseName.toLowerCase();
  if (b === "hparams.json" || JSON_CONFIG_NAMES.has(b)) return "hparams_json";
  if (b === "hparams.yaml" || b === "hparams.yml" || YAML_CONFIG_NAMES.has(b)) return "hparams_yaml";
  return undefined;
}

/** File names (lower case) read as JSON scalar logs. */
export function isJsonLogName(baseName: string): boolean {
  const b = baseName.toLowerCase();
  return (
    b === "metrics.json" ||
    b === "scalars.json" ||
    b === "history.json" ||
    b === "log.json" ||
    b === "result.json" ||
    b.endsWith(".log.json") ||
    b.endsWith(".jsonl")
  );
}

const NOT_A_GRAPH_PB = /^(saved_model|keras_metadata|fingerprint|tfhub_module)\.pb$|\.xplane\.pb$/i;

/** Whether a file name is one of a standalone graph (`.onnx`, `.mindir`, `.pb` but SavedModel parts and profiler traces). */
export function isGraphFileName(base: string): boolean {
  return /\.(onnx|mindir)$/i.test(base) || (/\.pb$/i.test(base) && !NOT_A_GRAPH_PB.test(base));
}
