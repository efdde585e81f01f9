// Which directories of a logdir form one training run (see docs/spec/diagnosis.md):
// - Keras / TF.js / Estimator phase directories `train/`, `validation/`, `val/`, `eval/`, `test/`
//   belong to their parent;
// - PyTorch / tensorboardX `add_scalars` writes one sibling directory per key, `<Main>_<key>/`,
//   next to the main writer's event files (same host, started no earlier): they belong to it;
// - `add_hparams` writes to `<logdir>/<time.time()>/` next to the main writer: it belongs to it;
// - Lightning `lightning_logs/version_N/` is one run (a directory of its own, nothing special);
// - CSV logs and hparams files in the same directory as event files belong to that run; a
//   directory holding only CSV / hparams files above exactly one run joins that run (whose root
//   becomes that directory);
// - standalone graph files (`.onnx`, MindSpore `.pb` / `.mindir`) belong to the run of their
//   directory; a directory holding only graph files (`model/`, `export/1/`) belongs to the run of
//   the nearest directory above it that holds files.
// Every other directory holding a log file is a run of its own. Pure: works on names only.

/** Kinds of files discovery recognises. `projector_config` is listed with its run but not read. */
export type DiscoveredFormat =
  | "tfevents"
  | "mindspore_summary"
  | "mindspore_lineage"
  | "csv"
  | "json_log"
  | "hparams_json"
  | "hparams_yaml"
  | "projector_config"
  // a standalone computational graph (ONNX, MindSpore .pb / .mindir, frozen GraphDef): belongs to the run beside it
  | "model_graph";

export interface DiscoveredFile {
  /** Relative to the logdir root, '/'-separated. */
  path: string;
  /** Directory holding the file, relative to the root ('.' for the root). */
  dir: string;
  format: DiscoveredFormat;
  size: number;
  mtimeMs: number;
  /** What the content looks like (sniff.ts), for messages when the file cannot be read. */
  looksLike?: string;
  /** Set when the content decided the format against the name. */
  note?: string;
}

/** A training run found by discovery: no file has been read yet. */
export interface RunDescriptor {
  /** Relative path of the run's root directory ('.' for the logdir itself). */
  name: string;
  /** Directories holding the run's files, sorted. */
  dirs: string[];
  /** The run's files, sorted by path (so each directory's files are in name order). */
  files: DiscoveredFile[];
  totalBytes: number;
  /** Set on one training of several split from a directory (hparams_sessions.ts): a refresh reads only these files. */
  session?: boolean;
}

const PHASE_DIRS = new Set(["train", "validation", "val", "eval", "evaluation", "test", "training", "valid"]);
const MMENGINE_TIMESTAMP = /^\d{8}_\d{6}$/;
const TIMESTAMP_DIR = /^\d{9,11}\.\d+$/;
const EVENT_NAME = /tfevents\.(\d+)\.?(.*)$/;

function parentDir(d: string): string {
  if (d === ".") return ".";
  const i = d.lastIndexOf("/");
  return i < 0 ? "." : d.slice(0, i);
}

export function baseName(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? p : p.slice(i + 1);
}

function isUnder(child: string, ancestor: string): boolean {
  if (ancestor === ".") return child !== ".";
  return child.startsWith(ancestor + "/");
}

const isLogFile = (f: DiscoveredFile): boolean =>
  f.format === "tfevents" || f.format === "mindspore_summary" || f.format === "mindspore_lineage";
const isSideFile = (f: DiscoveredFile): boolean =>
  f.format === "csv" || f.format === "json_log" || f.format === "hparams_json" || f.format === "hparams_yaml";

/** Writer time stamp and host of an event-file name (`events.out.tfevents.<secs>.<host>[.<pid>.<uid>][.v2]`). */
function eventNameFacts(name: string): { secs: number; host: string } | undefined {
  const m = EVENT_NAME.exec(name);
  if (!m) return undefined;
  // Host names may contain dots; drop trailing numeric groups (pid, uid) and a `.v2` suffix.
  const host = m[2].replace(/(\.v2)$/, "").replace(/(\.\d+)+$/, "");
  return { secs: Number(m[1]), host };
}

/** True when `d` looks like an `add_scalars` key directory of the writer in `parent`. */
function isAddScalarsSibling(d: string, dFiles: DiscoveredFile[], parentFiles: DiscoveredFile[]): boolean {
  const base = baseName(d);
  if (!/^.+_.+$/.test(base) || PHASE_DIRS.has(base.toLowerCase())) return false;
  if (dFiles.length === 0 || !dFiles.every((f) => f.format === "tfevents")) return false;
  const mains = parentFiles
    .filter((f) => f.format === "tfevents")
    .map((f) => eventNameFacts(baseName(f.path)))
    .filter((x) => x !== undefined);
  if (mains.length === 0) return false;
  const minSecs = Math.min(...mains.map((m) => m.secs));
  const hosts = new Set(mains.map((m) => m.host));
  return dFiles.every((f) => {
    const facts = eventNameFacts(baseName(f.path));
    return facts !== undefined && facts.secs >= minSecs && hosts.has(facts.host);
  });
}

/** File name without its extension(s) (`history.csv` and `history.json` share `history`). */
function stem(p: string): string {
  const b = baseName(p).toLowerCase();
  const i = b.indexOf(".");
  return i <= 0 ? b : b.slice(0, i);
}

/**
 * Whole-training scalar logs that are copies of each other by their tool's design: MMEngine's
 * `scalars.json` beside `<timestamp>.json`, Ray Tune's `progress.csv` beside `result.json`.
 */
function isCompanionPair(a: string, b: string): boolean {
  const pair = [baseName(a).toLowerCase(), baseName(b).toLowerCase()].sort();
  if (pair[1] === "scalars.json" && /^\d{8}_\d{6}\.json$/.test(pair[0])) return true;
  return pair[0] === "progress.csv" && pair[1] === "result.json";
}

/**
 * A directory holding several CSV / JSON scalar logs of different names and no event files holds
 * several trainings (Keras CSVLogger files `intro_training.log`, `speaker10_training.log`; a
 * `history.csv` beside `transfer_history.csv`): each log (with the logs of the same stem or its
 * tool's companion file) is a run named `<dir>/<file>`; the directory's configuration files belong
 * to each. One log, or logs beside event files, stay one run.
 */
function splitScalarLogs(name: string, ds: string[], files: DiscoveredFile[]): { name: string; dirs: string[]; files: DiscoveredFile[] }[] {
  const whole = [{ name, dirs: [...ds].sort(), files }];
  if (files.some(isLogFile)) return whole;
  const logs = files.filter((f) => f.dir === name && (f.format === "csv" || f.format === "json_log"));
  const groups: DiscoveredFile[][] = [];
  for (const f of logs) {
    const g = groups.find((x) => x.some((o) => stem(o.path) === stem(f.path) || isCompanionPair(o.path, f.path)));
    if (g) g.push(f);
    else groups.push([f]);
  }
  if (groups.length < 2) return whole;
  const shared = files.filter((f) => !logs.includes(f));
  return groups.map((g) => ({
    name: g[0].path,
    dirs: [...new Set([name, ...shared.map((f) => f.dir)])].sort(),
    files: [...g, ...shared].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  }));
}

/**
 * Groups the directories that hold recognised files into training runs. `byDir`: directory →
 * its files (only directories with at least one recognised file).
 */
export function groupRuns(byDir: Map<string, DiscoveredFile[]>): RunDescriptor[] {
  const dirs = [...byDir.keys()].sort();
  // 1. Each directory's owner: itself, or the parent it attaches to.
  const attach = new Map<string, string>();
  for (const d of dirs) {
    if (d === ".") continue;
    const files = byDir.get(d)!;
    const parent = parentDir(d);
    const parentFiles = byDir.get(parent) ?? [];
    const base = baseName(d);
    const hasLog = files.some(isLogFile) || files.some((f) => f.format === "csv" || f.format === "json_log");
    const parentHasEvents = parentFiles.some((f) => f.format === "tfevents");
    // a phase directory (Keras train/ + validation/, an Estimator's eval/) holds a writer's event
    // files, or sits beside another phase directory or the run's own logs; Ultralytics'
    // `runs/detect/train/` (results.csv, args.yaml) is a training of its own, like its sibling `train2/`
    const isPhase =
      PHASE_DIRS.has(base.toLowerCase()) &&
      hasLog &&
      (files.every((f) => isLogFile(f) || f.format === "projector_config") ||
        parentFiles.some((f) => isLogFile(f) || f.format === "csv" || f.format === "json_log") ||
        dirs.some((o) => o !== d && parentDir(o) === parent && PHASE_DIRS.has(baseName(o).toLowerCase())));
    if (isPhase) attach.set(d, parent);
    // MMEngine: `<work_dir>/<timestamp>/vis_data/` belongs to the timestamp directory, which belongs
    // to a directory holding the TensorboardVisBackend's event files
    else if (base === "vis_data" && MMENGINE_TIMESTAMP.test(baseName(parent)) && parent !== ".") {
      const grand = parentDir(parent);
      const grandHasEvents = (byDir.get(grand) ?? []).some((f) => f.format === "tfevents");
      attach.set(d, grandHasEvents && files.every(isSideFile) && !byDir.has(parent) ? grand : parent);
    } else if (parentHasEvents && TIMESTAMP_DIR.test(base) && files.every((f) => f.format === "tfevents")) attach.set(d, parent);
    else if (parentHasEvents && isAddScalarsSibling(d, files, parentFiles)) attach.set(d, parent);
    // a directory holding only graph files (`model/model.onnx`) belongs to the nearest directory above it holding files
    else if (files.every((f) => f.format === "model_graph")) {
      let a = parent;
      while (a !== "." && !byDir.has(a)) a = parentDir(a);
      if (byDir.has(a)) attach.set(d, a);
    }
  }
  const rootOf = (d: string): string => {
    let r = d;
    for (let guard = 0; attach.has(r) && guard < 64; guard++) r = attach.get(r)!;
    return r;
  };
  const members = new Map<string, string[]>();
  for (const d of dirs) {
    const r = rootOf(d);
    const list = members.get(r);
    if (list) list.push(d);
    else members.set(r, [d]);
  }
  // 2. A root holding only configuration files (or MMEngine's scalars.json copy) directly, above
  // exactly one other run, joins it. A CSV log of its own (Keras' training.log) is a training of its own.
  const roots = [...members.keys()].sort((a, b) => b.split("/").length - a.split("/").length || (a < b ? -1 : 1));
  for (const r of roots) {
    const own = members.get(r);
    if (!own) continue;
    const ownFiles = own.flatMap((d) => byDir.get(d) ?? []);
    const joins = (f: DiscoveredFile) =>
      f.format === "hparams_json" ||
      f.format === "hparams_yaml" ||
      (f.format === "json_log" && baseName(f.path).toLowerCase() === "scalars.json");
    if (ownFiles.length === 0 || !ownFiles.every(joins)) continue;
    const below = [...members.keys()].filter((x) => x !== r && isUnder(x, r));
    if (below.length !== 1) continue;
    const child = below[0];
    members.set(r, [...own, ...members.get(child)!].sort());
    members.delete(child);
  }
  // 3. Descriptors.
  const out: RunDescriptor[] = [];
  for (const [name, ds] of members) {
    const files = ds.flatMap((d) => byDir.get(d) ?? []).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const dirsWithData = ds.filter((d) => (byDir.get(d) ?? []).some((f) => f.format !== "projector_config"));
    if (dirsWithData.length === 0) continue;
    for (const part of splitScalarLogs(name, ds, files)) out.push({ ...part, totalBytes: part.files.reduce((n, f) => n + f.size, 0) });
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}
