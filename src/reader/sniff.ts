// Content-based format detection. Every file discovery meets is recognised by its first bytes, the
// file name being only a hint:
// - TFRecord framing whose first header's length CRC verifies: a TensorBoard event file, or a
//   MindSpore summary (`MindSpore.Event` in the first record) / lineage file (by name);
// - JSON: lines that are each one JSON object (detectron2 metrics.json, MMEngine `vis_data/*.json`,
//   Ray Tune result.json, *.jsonl), or one document (an array of records or a Keras
//   `History.history` dump are scalar logs; any other object is a configuration file);
// - CSV: a header line of at least two names split by `,` `;` or a tab, and data lines with as many
//   fields (Keras CSVLogger's `training.log`, progress.csv, results.csv ...);
// - YAML: `key: value` lines (hyper-parameter / configuration files);
// - standalone graph files (`.onnx`, `.mindir`, `.pb` but `saved_model.pb`) are taken by their name:
//   their reader (graph_file.ts) tells the protobuf messages apart.
// `decideFormat` combines what the name says (`classifyFileName`) with what the content says:
// content that is a readable format wins; content that is not is read as the name says (the reader
// reports what is wrong) or, without a telling name, the file is skipped with the reason, which
// says what the file looks like. A JSON object or a YAML mapping is read as configuration only
// under a configuration file's name (whose meaning the name carries). Pure apart from `sniffFile`.
import { maskedCrc32c } from "../format/index.ts";
import type { DiscoveredFormat } from "./run_grouping.ts";
import { openInside, type Boundary } from "./safe_open.ts";

/** What the first bytes of a file are. */
export type ContentKind =
  "empty" | "tfrecord" | "mindspore_tfrecord" | "json_lines" | "json_records" | "json_object" | "csv" | "yaml" | "text" | "binary";

export interface Sniffed {
  kind: ContentKind;
  /** A short human description of the content ("CSV with columns epoch, loss, ...", "plain text: ..."). */
  looksLike: string;
}

/** How many bytes `sniffFile` reads. */
export const SNIFF_BYTES = 8192;

/** Name endings of files that are never training logs: read without opening them. */
const NEVER_A_LOG =
  /\.(py|ipynb|md|rst|html?|js|ts|sh|png|jpe?g|gif|bmp|tiff?|webp|svg|mp4|avi|mov|wav|mp3|pt|pth|ckpt|bin|safetensors|h5|hdf5|keras|pb|onnx|tflite|pkl|pickle|npy|npz|zip|gz|tgz|tar|bz2|xz|7z|so|dll|pyc|whl|index|data-\d+-of-\d+)$/i;

/** A reason to skip a file by its name alone (weights, images, archives), or undefined. */
export function skipByName(baseName: string): string | undefined {
  const m = NEVER_A_LOG.exec(baseName);
  return m ? `not a training log by its name (.${m[1].toLowerCase()} file)` : undefined;
}

function isTextByte(b: number): boolean {
  return b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b !== 0x7f);
}

function clip(s: string, n = 60): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > n ? `${t.slice(0, n)}...` : t;
}

function splitFields(line: string, delim: string): string[] {
  const out: string[] = [];
  let cur = "",
    quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      quoted = !quoted;
      continue;
    }
    if (c === delim && !quoted) {
      out.push(cur);
      cur = "";
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$|^\s*[+-]?(nan|inf|infinity)\s*$|^\s*\d{1,2}:\d{2}(:\d{2})?\s*$/i;
const RECORD_KEY = /"(epoch|step|global_step|iter|iteration|[^"]*loss[^"]*|[^"]*acc[^"]*|lr|learning_rate)"\s*:\s*[-+\d.NI]/i;
const STEP_KEY = /"(epoch|step|global_step|iter|iteration|training_iteration|timesteps_total)"\s*:\s*[-+\d.]/;
const STEP_HEADER = /^(epoch|step|global_step|iter|iteration|training_iteration)$/i;

function sniffCsv(lines: string[], complete: boolean): Sniffed | undefined {
  const header = lines[0];
  if (!header || header.length > 8000 || /^\s*[{[]/.test(header)) return undefined;
  let best: { d: string; n: number } | undefined;
  for (const d of [",", ";", "\t"]) {
    const n = splitFields(header, d).length;
    if (n >= 2 && (!best || n > best.n)) best = { d, n };
  }
  if (!best) return undefined;
  const cols = splitFields(header, best.d).map((c) => c.trim());
  // header fields are names: short, not sentences, not numbers
  if (cols.some((c) => c.length > 120 || (c !== "" && NUMBER.test(c))) || cols.filter((c) => c === "").length > 1) return undefined;
  const data = lines
    .slice(1, complete ? lines.length : lines.length - 1)
    .filter((l) => l.trim() !== "")
    .slice(0, 5);
  if (data.length === 0) {
    // a header-only file is a CSV log when its header names a step axis
    if (!cols.some((c) => STEP_HEADER.test(c))) return undefined;
  } else {
    for (const l of data) if (splitFields(l, best.d).length !== best.n) return undefined;
    const numeric = data.some((l) => splitFields(l, best.d).some((f) => NUMBER.test(f)));
    if (!numeric) return undefined;
  }
  const delim = best.d === "\t" ? "tab" : best.d;
  return { kind: "csv", looksLike: `CSV (${delim}-separated) with columns ${clip(cols.join(", "), 80)}` };
}

function sniffYaml(lines: string[]): Sniffed | undefined {
  const body = lines.filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
  if (body.length === 0) return undefined;
  const first = body[0].trim();
  if (first !== "---" && !/^["']?[A-Za-z_][\w.\-/ ]*["']?\s*:(\s|$)/.test(first)) return undefined;
  const yamlish = body.filter((l) => /^\s*(-\s|-$|["']?[\w.\-/ ]+["']?\s*:(\s|$)|---|\.\.\.)/.test(l) || /^\s+\S/.test(l)).length;
  if (yamlish < body.length * 0.9) return undefined;
  return { kind: "yaml", looksLike: `YAML (${clip(first, 40)} ...)` };
}

function jsonKeys(text: string): string {
  const keys: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"\s*:/g;
  for (let m = re.exec(text); m && keys.length < 6; m = re.exec(text)) if (!keys.includes(m[1])) keys.push(m[1]);
  return keys.join(", ");
}

/** What `head` (the first bytes of a file of `size` bytes) looks like. */
export function sniffBytes(head: Uint8Array, size: number, hint?: DiscoveredFormat): Sniffed {
  if (size === 0 || head.length === 0) return { kind: "empty", looksLike: "an empty file (0 bytes)" };
  if (head.length >= 12) {
    const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
    if (dv.getUint32(8, true) === maskedCrc32c(head, 0, 8)) {
      const len = Number(dv.getBigUint64(0, true));
      const payload = Buffer.from(head.subarray(12, 12 + Math.min(len, 256))).toString("latin1");
      if (/Mind[sS]pore\.Event/.test(payload))
        return { kind: "mindspore_tfrecord", looksLike: "a MindSpore summary (TFRecord framing, MindSpore.Event header)" };
      const version = /brain\.Event:\d/.exec(payload);
      return { kind: "tfrecord", looksLike: `TFRecord framing${version ? ` (${version[0]})` : ""}, first record ${len} bytes` };
    }
  }
  let nonText = 0;
  const probe = head.subarray(0, Math.min(head.length, 1024));
  for (const b of probe) if (!isTextByte(b)) nonText++;
  // UTF-8 continuation bytes are >= 0x80 and count as text; NUL and control bytes do not
  if (nonText > probe.length / 50) {
    const hex = Buffer.from(head.subarray(0, 8)).toString("hex").replace(/(..)/g, "$1 ").trim();
    return {
      kind: "binary",
      looksLike: `binary data (first bytes ${hex}), not TFRecord framing (the first header's length CRC does not verify)`,
    };
  }
  const complete = head.length >= size;
  const text = Buffer.from(head)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  const trimmed = text.trimStart();
  const lines = text.split(/\r?\n/);
  if (trimmed.startsWith("{")) {
    const firstLine = lines.find((l) => l.trim() !== "")!.trim();
    const second = lines.slice(lines.indexOf(lines.find((l) => l.trim() !== "")!) + 1).find((l) => l.trim() !== "");
    let firstIsObject = false;
    try {
      firstIsObject = firstLine.endsWith("}") && typeof JSON.parse(firstLine.replace(/\bNaN\b|-?\bInfinity\b/g, "0")) === "object";
    } catch {
      /* not a whole object on one line */
    }
    // a first line longer than the bytes read (Ray Tune's results with their nested statistics):
    // one object per line when it names a step
    if (
      !complete &&
      second === undefined &&
      lines.length === 1 &&
      trimmed.startsWith('{"') &&
      hint !== "hparams_json" &&
      STEP_KEY.test(firstLine)
    ) {
      return {
        kind: "json_lines",
        looksLike: `JSON lines (a first line of over ${head.length} bytes; keys ${clip(jsonKeys(firstLine), 80)})`,
      };
    }
    // one object on one line is a log record only when it looks like one (or the name says so)
    const single = second === undefined && complete;
    if (
      firstIsObject &&
      (single ? hint !== "hparams_json" && STEP_KEY.test(firstLine) : second === undefined || second.trim().startsWith("{"))
    ) {
      return { kind: "json_lines", looksLike: `JSON lines (one object per line; keys ${clip(jsonKeys(firstLine), 80)})` };
    }
    // a Keras History dump: {"loss": [0.9, ...], ...}, or through pandas: {"loss": {"0": 0.9, ...}, ...}
    if (/^\{\s*"(?:[^"\\]|\\.)*"\s*:\s*(\[\s*[-+\d.NI]|\{\s*"\d+"\s*:\s*[-+\d.NI])/.test(trimmed))
      return { kind: "json_records", looksLike: `a JSON object of value lists (keys ${clip(jsonKeys(trimmed), 80)})` };
    return { kind: "json_object", looksLike: `a JSON object (keys ${clip(jsonKeys(trimmed), 80)})` };
  }
  if (trimmed.startsWith("[")) {
    if (!/^\[\s*\{/.test(trimmed)) return { kind: "text", looksLike: `text starting with "[" (${clip(lines[0])})` };
    // records of a scalar log name a step or a metric with a number at their top level
    const firstRecord = /^\[\s*\{[^{}]*/.exec(trimmed)![0];
    return RECORD_KEY.test(firstRecord)
      ? { kind: "json_records", looksLike: `a JSON array of records (keys ${clip(jsonKeys(firstRecord), 80)})` }
      : {
          kind: "json_object",
          looksLike: `a JSON array of objects (keys ${clip(jsonKeys(firstRecord), 80)}) without a step or metric value`,
        };
  }
  // a configuration file's name decides between YAML and CSV when both would fit (`names: [a, b]`)
  const yaml = sniffYaml(complete ? lines : lines.slice(0, -1));
  if (yaml && hint === "hparams_yaml") return yaml;
  const csv = sniffCsv(lines, complete);
  if (csv) return csv;
  if (yaml) return yaml;
  const first = lines.find((l) => l.trim() !== "") ?? "";
  if (/^[\s\d.eE+\-,;\t]+$/.test(first) && NUMBER.test(first.split(/[\s,;]+/).filter(Boolean)[0] ?? "")) {
    return { kind: "text", looksLike: `a table of numbers without a header line ("${clip(first, 40)}")` };
  }
  return { kind: "text", looksLike: `plain text ("${clip(first)}"), not CSV, JSON or YAML` };
}

/** Reads the first bytes of `absPath` and sniffs them. */
export async function sniffFile(absPath: string, size: number, hint?: DiscoveredFormat, boundary?: Boundary): Promise<Sniffed> {
  if (size === 0) return sniffBytes(new Uint8Array(0), 0, hint);
  const fh = await openInside(absPath, boundary);
  try {
    const buf = Buffer.allocUnsafe(Math.min(size, SNIFF_BYTES));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return sniffBytes(buf.subarray(0, bytesRead), size, hint);
  } finally {
    await fh.close();
  }
}

/** The format to read a file as, or why it is skipped. */
export type Decision = { format: DiscoveredFormat; note?: string } | { skip: string };

const FAMILY: Record<DiscoveredFormat, string> = {
  tfevents: "tfrecord",
  mindspore_summary: "tfrecord",
  mindspore_lineage: "tfrecord",
  csv: "csv",
  json_log: "json",
  hparams_json: "json",
  hparams_yaml: "yaml",
  projector_config: "text",
  model_graph: "protobuf",
};

/**
 * The format a file is read as: `hint` is what its name says (classifyFileName), `s` what its
 * content says. See the file comment.
 */
export function decideFormat(hint: DiscoveredFormat | undefined, s: Sniffed): Decision {
  if (hint === "projector_config" || hint === "model_graph") return { format: hint };
  if (s.kind === "empty") return hint ? { format: hint } : { skip: "empty file (0 bytes), not a known log name" };
  let content: DiscoveredFormat | undefined;
  switch (s.kind) {
    case "tfrecord":
      content = hint === "mindspore_summary" || hint === "mindspore_lineage" ? hint : "tfevents";
      break;
    case "mindspore_tfrecord":
      content = hint === "mindspore_lineage" ? hint : "mindspore_summary";
      break;
    case "json_lines":
    case "json_records":
      content = "json_log";
      break;
    case "json_object":
      content = hint === "json_log" ? "json_log" : hint === "hparams_json" ? "hparams_json" : undefined;
      break;
    case "csv":
      content = "csv";
      break;
    case "yaml":
      content = hint === "hparams_yaml" ? "hparams_yaml" : undefined;
      break;
    default:
      content = undefined;
  }
  if (content) {
    if (hint && FAMILY[hint] !== FAMILY[content])
      return { format: content, note: `read as ${content}: the name suggests ${hint} but the content is ${s.looksLike}` };
    return { format: content };
  }
  if (hint) return { format: hint };
  if (s.kind === "json_object")
    return { skip: `${s.looksLike}: not a scalar log (JSON lines or value lists) and not a known configuration file name` };
  if (s.kind === "yaml") return { skip: `${s.looksLike}: not a known configuration file name (hparams, args, opt, hyp, params, config)` };
  return { skip: `not a training log: the content is ${s.looksLike}` };
}
