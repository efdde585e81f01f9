// Reading a logdir: recursive discovery of log files, each recognised by its content with its name
// as a hint (sniff.ts; files not read are listed in `skipped` with the reason) (TensorBoard `*tfevents*`, MindSpore
// `*.summary.*` summary / `_lineage` files, CSV logs, hparams.json / hparams.yaml and other tools'
// configuration files (hparams_file.ts: args.yaml, opt.yaml, config.yaml, trainer_state.json ...;
// Hydra's `.hydra/config.yaml` counts as a file of the directory holding `.hydra/`; in HF Trainer
// `checkpoint-N/` directories only the last checkpoint's configuration files are kept, as files of
// the output directory, unless it has its own (a trainer_state.json with less history than the newest
// checkpoint's gives way to it), the others listed as skipped duplicates; `last-checkpoint/` is the newest), JSON scalar logs (json_log.ts), plus the projector
// config listed with its run), grouping into training runs (run_grouping.ts), reading every file of
// a run in name order into RunDirs, merging hyper-parameters (hparams plugin,
// hparams files, MindSpore lineage: one value per name with its source, disagreeing values kept
// as conflicts), keeping one copy of each series the run's files share (source_of_truth.ts) and assigning tag roles. Incremental: `refreshRun` reads only new bytes of
// growing files and new files of the run. Bad input never throws: missing paths, unreadable
// directories or files, 0-byte files and undecodable content become Problems (file + offset) and
// the rest still loads; a run from which nothing could be read is marked `failed`.
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import {
  RunDir,
  assignRoles,
  type Experiment,
  type HParam,
  type Problem,
  type RoleOverride,
  type SkippedFile,
  type SourceFile,
  type TrainingRun,
} from "../model/index.ts";
import { decideFormat, skipByName, sniffFile } from "./sniff.ts";
import { hparamsFileKind, isGraphFileName, isJsonLogName } from "./file_names.ts";
import {
  readCsvLog,
  readGraphFile,
  readHParamsFile,
  readJsonLog,
  readMindSporeLineageFile,
  readMindSporeSummaryFile,
} from "./lazy_readers.ts";
import { resolveDuplicates, restoreDuplicates } from "./source_of_truth.ts";
import { splitSessions } from "./hparams_sessions.ts";
import { kerasTagUnit } from "./log_quirks.ts";
import { readEventFile } from "./event_file.ts";
import { adoptIdentity, identityOf, isTailed, recordIdentity, replacedReason, type FileIdentity } from "./tail_check.ts";
import { OutsideLogdirError, type Boundary } from "./safe_open.ts";
import { configRefusal, insideRoot, linkRefusal, realPathOf, type LinkPolicy } from "./symlinks.ts";
import { baseName, groupRuns, type DiscoveredFile, type DiscoveredFormat, type RunDescriptor } from "./run_grouping.ts";

export interface LoadOptions {
  /** Check each record's data CRC (default true); the length CRC is always checked. */
  verifyDataCrc?: boolean;
  /** User role overrides: series key (or /regex/) → role. */
  roleOverrides?: RoleOverride[];
  /** Progress of a long read (`loadExperiment`, `loadRun`); every hook is optional. */
  progress?: LoadProgress;
  /** Follow symbolic links that lead out of the logdir (symlinks.ts; configuration files never). */
  followSymlinks?: boolean;
}

/** Hooks called while logs are read: what will be read, bytes as they are read, each file and run done. */
export interface LoadProgress {
  /** After discovery (`loadExperiment`): the runs, files and bytes about to be read. */
  start?(totals: { runs: number; files: number; bytes: number }): void;
  /** Bytes of `file` read so far in this call (event files report after each chunk). */
  bytes?(file: string, bytesRead: number): void;
  /** `file` (of `size` bytes) is done. */
  fileDone?(file: string, size: number): void;
  /** Every file of `run` is read. */
  runDone?(run: string): void;
  /** `run` was rebuilt from a store's copy (src/store) instead: its `files` (of `bytes` bytes) need no read. */
  fromStore?(run: string, files: number, bytes: number): void;
}

/** How a logdir is walked. */
export interface DiscoverOptions {
  /** Follow symbolic links that lead out of the logdir (symlinks.ts; configuration files never). */
  followSymlinks?: boolean;
  /** The directory links must stay inside (default: the path walked). */
  boundary?: string;
}

/** The shape every per-file reader has: reads new bytes into `dir`, creating the SourceFile when undefined. */
export type FileReader = (
  absPath: string,
  relPath: string,
  dir: RunDir,
  source: SourceFile | undefined,
  opts: { verifyDataCrc?: boolean; onBytes?: (bytesRead: number) => void; boundary?: Boundary },
) => Promise<SourceFile>;

/** The reader of each format (those of lazy_readers.ts load their module on their first call). */
const READERS: Partial<Record<DiscoveredFormat, FileReader>> = {
  tfevents: readEventFile,
  mindspore_summary: readMindSporeSummaryFile,
  mindspore_lineage: readMindSporeLineageFile,
  csv: readCsvLog,
  json_log: readJsonLog,
  hparams_json: readHParamsFile,
  hparams_yaml: readHParamsFile,
  model_graph: readGraphFile,
};

/** Which kind of log a file name suggests, or undefined when it suggests none (the content decides: sniff.ts). */
export function classifyFileName(name: string): DiscoveredFormat | undefined {
  const base = baseName(name);
  if (base.includes("tfevents")) return "tfevents";
  if (/\.summary\.\d+/.test(base)) {
    if (base.endsWith("_lineage")) return "mindspore_lineage";
    if (base.endsWith("_explain")) return undefined;
    if (base.endsWith("_MS") || base.includes(".out.events.summary.")) return "mindspore_summary";
  }
  if (isJsonLogName(base)) return "json_log";
  const hp = hparamsFileKind(base);
  if (hp) return hp;
  if (/\.csv$/i.test(base)) return "csv";
  if (base === "projector_config.pbtxt") return "projector_config";
  if (isGraphFileName(base)) return "model_graph";
  return undefined;
}

/** What discovery found under a path: the runs, and problems not tied to one run. */
export interface Discovery {
  /** Absolute directory the runs' names are relative to (the path itself, or its directory for a file). */
  root: string;
  runs: RunDescriptor[];
  problems: Problem[];
  /** Files not read, with the reason. */
  skipped: SkippedFile[];
}

function posixRel(root: string, p: string): string {
  const r = path.relative(root, p).split(path.sep).join("/");
  return r === "" ? "." : r;
}

function ioProblem(file: string, e: unknown, what: string): Problem {
  const code = (e as NodeJS.ErrnoException)?.code;
  const reason =
    code === "EACCES" || code === "EPERM"
      ? "permission denied"
      : code === "ENOENT"
        ? "no such file or directory"
        : ((e as Error)?.message ?? String(e));
  return { file, code: "io", severity: "error", message: `${what}: ${reason}` };
}

/**
 * The format a file is read as (its name a hint, its content deciding: sniff.ts), or a SkippedFile.
 * `given`: the file was named by the user, so a file whose content says nothing is still tried as
 * its name (or, without one, its extension) suggests.
 */
async function classifyFile(
  abs: string,
  rel: string,
  base: string,
  size: number,
  given: boolean,
  boundary?: Boundary,
): Promise<{ format: DiscoveredFile["format"]; looksLike?: string; note?: string } | SkippedFile> {
  const hint = classifyFileName(base);
  if (/\.summary\.\d+/.test(base) && base.endsWith("_explain"))
    return { file: rel, reason: "MindSpore explain file (explanation results, not training scalars)" };
  if (!hint && !given) {
    const byName = skipByName(base);
    if (byName) return { file: rel, reason: byName };
  }
  let sniffed;
  try {
    sniffed = await sniffFile(abs, size, hint, boundary);
  } catch (e) {
    if (hint) return { format: hint };
    return { file: rel, reason: ioProblem(rel, e, "cannot read").message };
  }
  const d = decideFormat(hint, sniffed);
  if ("skip" in d) {
    if (!given) return { file: rel, reason: d.skip };
    // A file given by name is read even when nothing tells what it is: the reader says why it fails.
    // (binary content is tried as a damaged event file; text that is no log is not)
    if (sniffed.kind === "text") return { file: rel, reason: d.skip };
    const fallback = /\.json$/i.test(base) ? "hparams_json" : /\.ya?ml$/i.test(base) ? "hparams_yaml" : "tfevents";
    return { format: fallback, looksLike: sniffed.looksLike };
  }
  return { format: d.format, looksLike: sniffed.looksLike, note: d.note };
}

/** Files whose stat and first bytes are read at once while a logdir is walked (the walk waits on I/O, not CPU). */
const DISCOVER_CONCURRENCY = 16;

/** Recursive, name-sorted discovery; symbolic links followed inside the logdir only unless asked (each real directory once). */
export async function discoverLogdir(inputPath: string, opts: DiscoverOptions = {}): Promise<Discovery> {
  const abs = path.resolve(inputPath);
  const problems: Problem[] = [];
  const skipped: SkippedFile[] = [];
  let st: fs.Stats;
  try {
    st = await fsp.stat(abs);
  } catch (e) {
    return { root: abs, runs: [], problems: [ioProblem(inputPath, e, "cannot open")], skipped };
  }
  const byDir = new Map<string, DiscoveredFile[]>();
  if (st.isFile()) {
    const root = path.dirname(abs);
    const base = path.basename(abs);
    const c = await classifyFile(abs, base, base, st.size, true);
    if ("reason" in c)
      return {
        root,
        runs: [],
        problems: [{ file: base, offset: 0, code: "unknown_format", severity: "error", message: c.reason }],
        skipped: [c],
      };
    byDir.set(".", [{ path: base, dir: ".", size: st.size, mtimeMs: st.mtimeMs, ...c }]);
    return { root, runs: groupRuns(byDir), problems, skipped };
  }
  if (!st.isDirectory()) {
    return {
      root: abs,
      runs: [],
      problems: [{ file: inputPath, code: "unknown_format", severity: "error", message: "not a file or directory" }],
      skipped,
    };
  }
  const seen = new Set<string>();
  const boundary = opts.boundary ? path.resolve(opts.boundary) : abs;
  const policy: LinkPolicy = { rootReal: (await realPathOf(boundary)) ?? boundary, follow: opts.followSymlinks === true };
  // The walk lists directories in order (realpath, readdir: one directory at a time); each file's
  // own work (stat, sniffing its first bytes, the refusal checks) is queued as a task and the tasks
  // run DISCOVER_CONCURRENCY at a time. Every outcome lands in the slot of its place in the walk,
  // so problems, skipped files and runs come out in the order a one-at-a-time walk gives.
  type Outcome = { problem: Problem } | { skipped: SkippedFile } | { file: DiscoveredFile } | undefined;
  const slots: Outcome[] = [];
  const tasks: (() => Promise<void>)[] = [];
  const queue = (work: () => Promise<Outcome>): void => {
    const i = slots.length;
    slots.push(undefined);
    tasks.push(async () => {
      slots[i] = await work();
    });
  };
  const fileTask = async (
    p: string,
    relPath: string,
    rel: string,
    name: string,
    viaLink: boolean,
    dirOutside: boolean,
  ): Promise<Outcome> => {
    let size = 0,
      mtimeMs = 0;
    try {
      const s = await fsp.stat(p);
      size = s.size;
      mtimeMs = s.mtimeMs;
    } catch (e) {
      return { problem: ioProblem(posixRel(abs, p), e, "cannot stat") };
    }
    const c = await classifyFile(p, relPath, name, size, false, { rootReal: policy.rootReal, allowOutside: policy.follow });
    if ("reason" in c) return { skipped: c };
    if ((c.format === "hparams_json" || c.format === "hparams_yaml") && (dirOutside || viaLink)) {
      const refused = await configRefusal(p, posixRel(abs, p), policy);
      if (refused) return { problem: refused };
    }
    return { file: { path: relPath, dir: rel, size, mtimeMs, ...c } };
  };
  type Settled<T> = { ok: T } | { error: unknown };
  const settle = <T>(p: Promise<T>): Promise<Settled<T>> =>
    p.then(
      (ok) => ({ ok }),
      (error: unknown) => ({ error }),
    );
  // a directory's realpath and listing, asked for as soon as its parent is listed (the walk itself stays in order)
  const listing = (dirAbs: string) => ({
    real: settle(fsp.realpath(dirAbs)),
    entries: settle(fsp.readdir(dirAbs, { withFileTypes: true })),
  });
  const walk = async (dirAbs: string, pre = listing(dirAbs)): Promise<void> => {
    const r = await pre.real;
    if ("error" in r) {
      slots.push({ problem: ioProblem(posixRel(abs, dirAbs), r.error, "cannot open directory") });
      return;
    }
    const real = r.ok;
    if (seen.has(real)) return;
    seen.add(real);
    const dirOutside = !insideRoot(real, policy.rootReal);
    const listed = await pre.entries;
    if ("error" in listed) {
      slots.push({ problem: ioProblem(posixRel(abs, dirAbs), listed.error, "cannot list directory") });
      return;
    }
    const entries = listed.ok;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const rel = posixRel(abs, dirAbs);
    const subdirs: string[] = [];
    for (const ent of entries) {
      if (ent.name === ".hydra" && (ent.isDirectory() || ent.isSymbolicLink())) {
        const hydra = path.join(dirAbs, ent.name);
        queue(() => hydraConfig(hydra, rel));
        continue;
      }
      if (ent.name.startsWith(".") || ent.name === "node_modules" || ent.name === "__pycache__") continue;
      const p = path.join(dirAbs, ent.name);
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        try {
          const s = await fsp.stat(p);
          isDir = s.isDirectory();
          isFile = s.isFile();
        } catch (e) {
          slots.push({ problem: ioProblem(posixRel(abs, p), e, "broken symbolic link") });
          continue;
        }
        const refused = await linkRefusal(p, posixRel(abs, p), policy);
        if (refused) {
          slots.push({ problem: refused });
          continue;
        }
      }
      if (isDir) {
        subdirs.push(p);
        continue;
      }
      if (!isFile) continue;
      const relPath = rel === "." ? ent.name : `${rel}/${ent.name}`;
      const viaLink = ent.isSymbolicLink();
      queue(() => fileTask(p, relPath, rel, ent.name, viaLink, dirOutside));
    }
    const pres = subdirs.map(listing);
    for (let k = 0; k < subdirs.length; k++) await walk(subdirs[k], pres[k]);
  };
  // Hydra's composed configuration (`.hydra/config.yaml`; hydra.yaml and overrides.yaml are Hydra's own)
  const hydraConfig = async (hydraAbs: string, rel: string): Promise<Outcome> => {
    const p = path.join(hydraAbs, "config.yaml");
    let s: fs.Stats;
    try {
      s = await fsp.stat(p);
    } catch {
      return undefined;
    }
    if (!s.isFile()) return undefined;
    const refused = await configRefusal(p, posixRel(abs, p), policy);
    if (refused) return { problem: refused };
    return {
      file: {
        path: rel === "." ? ".hydra/config.yaml" : `${rel}/.hydra/config.yaml`,
        dir: rel,
        format: "hparams_yaml",
        size: s.size,
        mtimeMs: s.mtimeMs,
      },
    };
  };
  await walk(abs);
  let next = 0;
  const runner = async () => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(DISCOVER_CONCURRENCY, tasks.length) }, runner));
  for (const o of slots) {
    if (!o) continue;
    if ("problem" in o) problems.push(o.problem);
    else if ("skipped" in o) skipped.push(o.skipped);
    else {
      const list = byDir.get(o.file.dir);
      if (list) list.push(o.file);
      else byDir.set(o.file.dir, [o.file]);
    }
  }
  foldCheckpointConfigs(byDir, skipped);
  const runs = groupRuns(byDir);
  if (runs.length === 0 && problems.length === 0) {
    problems.push({
      file: inputPath,
      code: "empty",
      severity: "error",
      message:
        skipped.length > 0
          ? `no training log found (${skipped.length} file(s) skipped; the first, ${skipped[0].file}: ${skipped[0].reason})`
          : "empty directory: no training log found",
    });
  }
  return { root: abs, runs, problems, skipped };
}

const CHECKPOINT_DIR = /^(?:checkpoint-(\d+)|last-checkpoint)$/;

/**
 * HF Trainer saves `checkpoint-N/` directories holding only configuration files (trainer_state.json,
 * the model's config.json; weights are not log files). Left alone each would be a run of its own.
 * The last checkpoint's files become files of the output directory (names it does not hold
 * itself); the other checkpoints' are dropped. Checkpoint directories holding logs are kept.
 */
function foldCheckpointConfigs(byDir: Map<string, DiscoveredFile[]>, skipped: SkippedFile[]): void {
  const isConfig = (f: DiscoveredFile) => f.format === "hparams_json" || f.format === "hparams_yaml";
  const byParent = new Map<string, { dir: string; n: number }[]>();
  for (const [d, files] of byDir) {
    const i = d.lastIndexOf("/");
    const m = CHECKPOINT_DIR.exec(i < 0 ? d : d.slice(i + 1));
    if (!m || d === "." || !files.every(isConfig)) continue;
    const parent = i < 0 ? "." : d.slice(0, i);
    const l = byParent.get(parent) ?? [];
    // `last-checkpoint/` (hub_strategy="checkpoint") is the newest
    l.push({ dir: d, n: m[1] === undefined ? Infinity : Number(m[1]) });
    byParent.set(parent, l);
  }
  for (const [parent, cks] of byParent) {
    cks.sort((a, b) => b.n - a.n);
    let own = byDir.get(parent) ?? [];
    // the output directory's trainer_state.json is read unless the newest checkpoint's holds more
    // history (a run that went on, or was resumed, after the output directory's copy was saved)
    const newest = byDir.get(cks[0].dir) ?? [];
    const shorter = own.filter(
      (f) =>
        baseName(f.path).toLowerCase() === "trainer_state.json" &&
        newest.some((c) => baseName(c.path).toLowerCase() === "trainer_state.json" && c.size > f.size),
    );
    for (const f of shorter) {
      const c = newest.find((x) => baseName(x.path).toLowerCase() === "trainer_state.json")!;
      skipped.push({ file: f.path, reason: `duplicate: ${c.path} holds more history (${c.size} bytes, this file ${f.size}) and is read` });
    }
    own = own.filter((f) => !shorter.includes(f));
    const ownNames = new Set(own.map((f) => baseName(f.path).toLowerCase()));
    const moved = newest.filter((f) => !ownNames.has(baseName(f.path).toLowerCase())).map((f) => ({ ...f, dir: parent }));
    const movedPaths = new Set(moved.map((f) => f.path));
    for (const c of cks) {
      for (const f of byDir.get(c.dir) ?? []) {
        if (movedPaths.has(f.path)) continue;
        const b = baseName(f.path);
        const kept = ownNames.has(b.toLowerCase()) ? `${parent === "." ? "" : `${parent}/`}${b}` : `${cks[0].dir}/${b}`;
        skipped.push({ file: f.path, reason: `duplicate: a checkpoint's copy of ${b}; ${kept} is read` });
      }
      byDir.delete(c.dir);
    }
    if (moved.length || shorter.length) byDir.set(parent, [...own, ...moved]);
  }
}

/** The training runs under `p` (a logdir or one file): names, directories, files and sizes; nothing is read. */
export async function discoverRuns(p: string, opts: DiscoverOptions = {}): Promise<RunDescriptor[]> {
  return (await discoverLogdir(p, opts)).runs;
}

/** Options a run was loaded with, for its refreshes. */
const runOptions = new WeakMap<TrainingRun, LoadOptions>();
/** The files of a run that is one training split from its directory: its refreshes read no other file. */
const sessionFiles = new WeakMap<TrainingRun, Set<string>>();

function rootDir(root: string): string {
  const abs = path.resolve(root);
  try {
    if (fs.statSync(abs).isFile()) return path.dirname(abs);
  } catch {
    /* reported when files are read */
  }
  return abs;
}

function dirFor(run: TrainingRun, dirPath: string): RunDir {
  let d = run.dirs.find((x) => x.path === dirPath);
  if (!d) {
    d = new RunDir(dirPath);
    run.dirs.push(d);
    run.dirs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  return d;
}

/**
 * What a file of the run may be read from (safe_open.ts): inside the logdir's real path; outside
 * only with --follow-symlinks, and never a configuration file. A single file given as the logdir is
 * read wherever it leads (the user named it).
 */
async function boundaryOf(root: string, rootAbs: string): Promise<{ rootReal: string } | undefined> {
  if (rootAbs !== path.resolve(root)) return undefined;
  return { rootReal: (await realPathOf(rootAbs)) ?? rootAbs };
}

/** Reads one file (new or grown) into its RunDir; never throws. */
async function readFile(
  rootAbs: string,
  run: TrainingRun,
  f: DiscoveredFile,
  opts: LoadOptions,
  root: { rootReal: string } | undefined,
): Promise<void> {
  const dir = dirFor(run, f.dir);
  const existing = dir.sources.find((s) => s.path === f.path);
  const reader = READERS[f.format];
  if (f.format === "projector_config") return;
  const abs = path.join(rootAbs, f.path);
  const emptyIdx = dir.problems.findIndex((p) => p.file === f.path && p.code === "empty");
  if (f.size === 0) {
    if (emptyIdx < 0)
      dir.problems.push({ file: f.path, offset: 0, code: "empty", severity: "warning", message: "0-byte file: nothing written yet" });
    if (!existing) {
      dir.sources.push({ path: f.path, format: f.format, readOffset: 0, size: 0, records: 0 });
    }
    return;
  }
  if (emptyIdx >= 0) dir.problems.splice(emptyIdx, 1);
  try {
    await fsp.access(abs, fs.constants.R_OK);
  } catch (e) {
    if (!dir.problems.some((p) => p.file === f.path && p.code === "io"))
      dir.problems.push({ ...ioProblem(f.path, e, "cannot read"), offset: 0 });
    return;
  }
  if (!reader) {
    if (!dir.problems.some((p) => p.file === f.path && p.code === "unknown_format")) {
      dir.problems.push({
        file: f.path,
        code: "unknown_format",
        severity: "warning",
        message: `no reader for ${f.format} files in this build`,
      });
    }
    return;
  }
  if (f.note && !existing && !dir.problems.some((p) => p.file === f.path && p.code === "sniffed")) {
    dir.problems.push({ file: f.path, offset: 0, code: "sniffed", severity: "info", message: f.note });
  }
  const before = dir.problems.length;
  try {
    const hook = opts.progress?.bytes;
    const isConfig = f.format === "hparams_json" || f.format === "hparams_yaml";
    const boundary = root && { rootReal: root.rootReal, allowOutside: opts.followSymlinks === true && !isConfig };
    const src = await reader(abs, f.path, dir, existing, {
      verifyDataCrc: opts.verifyDataCrc ?? true,
      boundary,
      ...(hook ? { onBytes: (n: number) => hook(f.path, n) } : {}),
    });
    if (isTailed(f.format)) await recordIdentity(abs, src);
    // what the file looks like, when it could not be read as what it was taken for
    if (f.looksLike) {
      for (let i = before; i < dir.problems.length; i++) {
        const p = dir.problems[i];
        if (p.file === f.path && (p.offset ?? 0) === 0 && (p.code === "not_event_file" || p.code === "hparams" || p.code === "decode")) {
          p.message += `; the file looks like ${f.looksLike}`;
        }
      }
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    if (e instanceof OutsideLogdirError) {
      dir.problems.push({ file: f.path, offset: 0, code: "symlink", severity: "warning", message: e.message });
      return;
    }
    dir.problems.push(
      code
        ? ioProblem(f.path, e, "cannot read")
        : {
            file: f.path,
            offset: existing?.readOffset ?? 0,
            code: "decode",
            severity: "error",
            message: `reading failed: ${(e as Error)?.message ?? String(e)}`,
          },
    );
  }
}

/** Which source wins a name: the run's own hyper-parameters, then other tools' configuration files, a model's architecture file last. */
const HPARAM_SOURCE_RANK: Record<string, number> = {
  hparams_plugin: 0,
  hparams_yaml: 1,
  hparams_json: 2,
  mindspore_lineage: 3,
  config_yaml: 4,
  config_json: 5,
  trainer_state: 6,
  model_config: 10,
};

function sameValue(a: HParam["value"], b: HParam["value"]): boolean {
  if (typeof a === "number" && typeof b === "number")
    return a === b || (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  return a === b;
}

/** One hyper-parameter per name (plugin, then hparams.yaml/json, then lineage, then others; by file); disagreeing values go to conflicts. */
export function mergeHParams(run: TrainingRun): void {
  const all: HParam[] = run.dirs.flatMap((d) => d.hparams);
  const rank = (h: HParam): number => HPARAM_SOURCE_RANK[h.sourceKind] ?? 9;
  const ordered = all
    .map((h, i) => ({ h, i }))
    .sort((a, b) => rank(a.h) - rank(b.h) || (a.h.source < b.h.source ? -1 : a.h.source > b.h.source ? 1 : 0) || a.i - b.i);
  run.hparams = new Map();
  run.hparamConflicts = [];
  for (const { h } of ordered) {
    const first = run.hparams.get(h.name);
    if (!first) {
      run.hparams.set(h.name, h);
      continue;
    }
    if (!sameValue(first.value, h.value)) {
      if (!run.hparamConflicts.includes(first)) run.hparamConflicts.push(first);
      run.hparamConflicts.push(h);
    }
  }
}

function hasData(run: TrainingRun): boolean {
  return run.dirs.some(
    (d) =>
      d.scalars.size + d.histograms.size + d.tensors.size + d.images.size + d.audio.size + d.texts.size + d.hparams.length > 0 ||
      d.graphs.length > 0 ||
      d.lineage !== undefined,
  );
}

function finalize(run: TrainingRun, extra: Problem[], opts: LoadOptions): void {
  for (const d of run.dirs) {
    if (!d.sources.some((x) => x.format === "tfevents")) continue;
    for (const [tag, x] of d.scalars)
      if (x.unit === undefined) {
        const u = kerasTagUnit(tag);
        if (u) x.unit = u;
      }
  }
  extra = [...extra, ...resolveDuplicates(run)];
  mergeHParams(run);
  run.roles = assignRoles(run, opts.roleOverrides);
  const seen = new Set<string>();
  run.problems = [];
  for (const p of [...extra, ...run.dirs.flatMap((d) => d.problems)]) {
    const k = `${p.file}\u0000${p.offset ?? ""}\u0000${p.line ?? ""}\u0000${p.code}\u0000${p.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    run.problems.push(p);
  }
  run.failed = !hasData(run) && run.problems.some((p) => p.severity !== "info") ? true : undefined;
  if (run.failed === undefined) delete run.failed;
}

/** Reads every file of one discovered run (in name order) into a TrainingRun with hparams and roles. */
export async function loadRun(root: string, d: RunDescriptor, opts: LoadOptions = {}): Promise<TrainingRun> {
  const rootAbs = rootDir(root);
  const run: TrainingRun = {
    name: d.name,
    dirs: d.dirs.map((p) => new RunDir(p)),
    hparams: new Map(),
    hparamConflicts: [],
    roles: [],
    problems: [],
  };
  runOptions.set(run, opts);
  if (d.session) sessionFiles.set(run, new Set(d.files.map((f) => f.path)));
  const bound = await boundaryOf(root, rootAbs);
  for (const f of d.files) {
    await readFile(rootAbs, run, f, opts, bound);
    opts.progress?.fileDone?.(f.path, f.size);
  }
  finalize(run, [], opts);
  opts.progress?.runDone?.(run.name);
  return run;
}

function fingerprint(run: TrainingRun): string {
  let n = `${run.dirs.length}`;
  for (const d of run.dirs) {
    n += `|${d.sources.length}:${d.problems.length}:${d.hparams.length}`;
    for (const s of d.sources) n += `,${s.readOffset}:${s.records}:${s.size}:${typeof s.info?.stamp === "string" ? s.info.stamp : ""}`;
  }
  return n;
}

/**
 * Reads what is new in a run: appended bytes of its files, new files and new member directories.
 * True when something changed (then hparams, roles and problems are recomputed).
 */
export async function refreshRun(root: string, run: TrainingRun, options?: LoadOptions): Promise<boolean> {
  if (options) runOptions.set(run, options);
  const opts = runOptions.get(run) ?? {};
  const pinned = sessionFiles.get(run);
  const rootAbs = rootDir(root);
  const before = fingerprint(run);
  // the readers append to the series as they wrote them; the duplicates are decided again after
  restoreDuplicates(run);
  // A run that is one log of a directory (`<dir>/<file>`, see run_grouping.ts) is found again by
  // discovering its directory.
  const slash = run.name.lastIndexOf("/");
  const fileRun =
    run.name !== "." &&
    !run.dirs.some((d) => d.path === run.name) &&
    run.dirs.some((d) => d.path === (slash < 0 ? "." : run.name.slice(0, slash)));
  const base = fileRun ? (slash < 0 ? "." : run.name.slice(0, slash)) : run.name;
  const runAbs = base === "." ? rootAbs : path.join(rootAbs, base);
  // When the root is one file, only that file is the run (its siblings were not asked for).
  const rootIsFile = rootAbs !== path.resolve(root);
  const disc = await discoverLogdir(rootIsFile ? path.resolve(root) : runAbs, {
    followSymlinks: opts.followSymlinks,
    boundary: rootIsFile ? undefined : rootAbs,
  });
  const own = disc.runs.find((r) => r.name === (fileRun && !rootIsFile ? run.name.slice(slash + 1) : "."));
  const extra: Problem[] = [];
  let replaced = false;
  if (own) {
    const prefix = base === "." ? "" : `${base}/`;
    // A file replaced, truncated or rewritten under the reader: its directory is read again from the start.
    for (const f of own.files) {
      const relDir = f.dir === "." ? base : prefix + f.dir;
      const i = run.dirs.findIndex((x) => x.path === relDir);
      const src = i >= 0 && isTailed(f.format) ? run.dirs[i].sources.find((s) => s.path === prefix + f.path) : undefined;
      const reason = src && (await replacedReason(path.join(rootAbs, prefix + f.path), src));
      if (!reason) continue;
      const fresh = new RunDir(relDir);
      fresh.problems.push({
        file: prefix + f.path,
        offset: 0,
        code: "replaced",
        severity: "warning",
        message: `${reason}: the files of ${relDir} read again from the start, their data replaced`,
      });
      run.dirs[i] = fresh;
      replaced = true;
    }
    for (const f of own.files) {
      const rel: DiscoveredFile = { ...f, path: prefix + f.path, dir: f.dir === "." ? base : prefix + f.dir };
      if (pinned && !pinned.has(rel.path)) continue; // another training of the directory
      const dir = run.dirs.find((x) => x.path === rel.dir);
      const src = dir?.sources.find((s) => s.path === rel.path);
      if (src && src.size === rel.size && rel.format !== "hparams_json" && rel.format !== "hparams_yaml" && src.readOffset >= rel.size)
        continue;
      await readFile(rootAbs, run, rel, opts, await boundaryOf(root, rootAbs));
    }
  } else {
    for (const p of disc.problems)
      extra.push({ ...p, file: base === "." ? p.file : `${base}/${p.file === "." ? "" : p.file}`.replace(/\/$/, "") });
  }
  const changed = replaced || fingerprint(run) !== before || extra.length > 0;
  if (changed) finalize(run, extra, opts);
  else resolveDuplicates(run);
  return changed;
}

/**
 * The run as its files' readers left it (every duplicate put back, see source_of_truth.ts) handed
 * to `fn`, with the identity of each file read (tail_check.ts): what a store keeps so that a later
 * process can `reviveRun` it and read only new bytes. Synchronous: the run is as before when `fn` returns.
 */
export function withReaderState<T>(run: TrainingRun, fn: (run: TrainingRun, identities: Map<string, FileIdentity>) => T): T {
  const ids = new Map<string, FileIdentity>();
  for (const d of run.dirs)
    for (const s of d.sources) {
      const id = identityOf(s);
      if (id) ids.set(s.path, id);
    }
  restoreDuplicates(run);
  try {
    return fn(run, ids);
  } finally {
    resolveDuplicates(run);
  }
}

/**
 * A run rebuilt from a store's copy of its readers' state (`withReaderState`): its files'
 * identities and the options of its refreshes remembered, its hyper-parameters, roles, duplicates
 * and problems decided again. `refreshRun` then reads only what changed since.
 */
export function reviveRun(run: TrainingRun, opts: LoadOptions, identities: Map<string, FileIdentity>, d?: RunDescriptor): void {
  runOptions.set(run, opts);
  if (d?.session) sessionFiles.set(run, new Set(d.files.map((f) => f.path)));
  for (const d of run.dirs)
    for (const s of d.sources) {
      const id = identities.get(s.path);
      if (id) adoptIdentity(s, id);
    }
  finalize(run, [], opts);
}

/** What a discovery holds: its runs, their files and bytes (what `LoadProgress.start` is told). */
export function discoveryTotals(disc: Discovery): { runs: number; files: number; bytes: number } {
  let files = 0,
    bytes = 0;
  for (const d of disc.runs)
    for (const f of d.files) {
      files++;
      bytes += f.size;
    }
  return { runs: disc.runs.length, files, bytes };
}

/** Discovers, groups and reads everything under `p` (a logdir or one file), roles assigned. */
export async function loadExperiment(p: string, opts: LoadOptions = {}): Promise<Experiment> {
  const disc = await discoverLogdir(p, { followSymlinks: opts.followSymlinks });
  opts.progress?.start?.(discoveryTotals(disc));
  const runs: TrainingRun[] = [];
  for (const d of disc.runs) runs.push(...(await loadTrainings(disc.root, d, opts)));
  return { root: disc.root, runs, problems: disc.problems, skipped: disc.skipped };
}

/**
 * The trainings of one discovered run: the run itself, or one run per hparams-search session when
 * its directory holds sessions of distinct configurations (each session then read on its own).
 */
export async function loadTrainings(root: string, d: RunDescriptor, opts: LoadOptions = {}): Promise<TrainingRun[]> {
  const run = await loadRun(root, d, opts);
  const sessions = splitSessions(run, d);
  if (!sessions) return [run];
  // each session's files were read (and counted by the progress hooks) once already
  const again: LoadOptions = { ...opts, progress: undefined };
  const out: TrainingRun[] = [];
  for (const s of sessions) out.push(await loadRun(root, s, again));
  return out;
}
