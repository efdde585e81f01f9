// Reader of standalone computational-graph files placed in a run directory: ONNX models (`.onnx`),
// MindSpore `save_graphs` graphs (`.pb`, anf_ir ModelProto), MindIR models (`.mindir`, mind_ir
// ModelProto) and frozen TensorFlow GraphDefs (`.pb`). Contract: the whole file is one graph,
// pushed to `RunDir.graphs` (step 0) with its node count; the format is chosen by the extension and,
// for `.pb`, by the message's top-level fields (mindspore_ir.ts `sniffMindSporeModel`, else a
// GraphDef when its first field is a node list). A file larger than MAX_GRAPH_FILE_BYTES is not
// read; damaged or oversized graphs give a problem with file and offset (graph_payload.ts). A file
// read again (grown or rewritten) replaces its earlier graph. Never throws for bad content.

import fs from "node:fs/promises";
import { WireReader, WIRE_LEN } from "../format/index.ts";
import type { GraphFormat, GraphInfo, RunDir, SourceFile } from "../model/index.ts";
import { readGraphPayload, type GraphPayloadKind } from "./graph_payload.ts";
import { MAX_GRAPH_FILE_BYTES } from "./limits.ts";
import { sniffMindSporeModel } from "./mindspore_ir.ts";
import { isGraphFileName } from "./file_names.ts";

export { isGraphFileName };

/** `.pb` files that are not graphs: SavedModel parts, the TF profiler's traces. */
/** A `.pb` whose first field is a length-delimited field 1 and whose top-level fields are GraphDef's (1 node, 2 library, 3 version, 4 versions). */
function looksLikeGraphDef(buf: Uint8Array): boolean {
  const r = new WireReader(buf, 0, buf.length);
  let first = true;
  try {
    while (r.more()) {
      const t = r.tag();
      const f = t >>> 3,
        wt = t & 7;
      if (first && !(f === 1 && wt === WIRE_LEN)) return false;
      if (f < 1 || f > 5) return false;
      first = false;
      r.skip(wt, f);
    }
  } catch {
    return !first;
  }
  return !first;
}

function payloadKind(base: string, buf: Uint8Array): GraphPayloadKind | undefined {
  if (/\.onnx$/i.test(base)) return "onnx";
  if (/\.mindir$/i.test(base)) return "mind_ir";
  const ms = sniffMindSporeModel(buf);
  if (ms) return ms;
  return looksLikeGraphDef(buf) ? "graph_def" : undefined;
}

const FORMAT_OF: Record<GraphPayloadKind, GraphFormat> = {
  graph_def: "graph_def",
  meta_graph_def: "meta_graph_def",
  onnx: "onnx",
  anf_ir: "mindspore_ir",
  mind_ir: "mindspore_ir",
};

export async function readGraphFile(
  absPath: string,
  relPath: string,
  dir: RunDir,
  source?: SourceFile,
  _opts: object = {},
): Promise<SourceFile> {
  let src = source;
  if (!src) {
    src = { path: relPath, format: "model_graph", readOffset: 0, size: 0, records: 0 };
    dir.sources.push(src);
  }
  const st = await fs.stat(absPath);
  const base = relPath.slice(relPath.lastIndexOf("/") + 1);
  // a file read again: its earlier graph and problems go
  for (let i = dir.graphs.length - 1; i >= 0; i--) if (dir.graphs[i].file === relPath) dir.graphs.splice(i, 1);
  for (let i = dir.problems.length - 1; i >= 0; i--) {
    const p = dir.problems[i];
    if (p.file === relPath && (p.code === "decode" || p.code === "limit" || p.code === "unknown_format")) dir.problems.splice(i, 1);
  }
  src.size = st.size;
  src.readOffset = st.size;
  if (st.size > MAX_GRAPH_FILE_BYTES) {
    dir.problems.push({
      file: relPath,
      offset: 0,
      code: "limit",
      severity: "warning",
      message: `graph file of ${st.size} bytes not read (at most ${MAX_GRAPH_FILE_BYTES} bytes)`,
    });
    return src;
  }
  const buf = new Uint8Array(await fs.readFile(absPath));
  src.size = src.readOffset = buf.length;
  const kind = payloadKind(base, buf);
  if (!kind) {
    dir.problems.push({
      file: relPath,
      offset: 0,
      code: "unknown_format",
      severity: "info",
      message: "a .pb file that is neither a MindSpore graph (anf_ir or MindIR ModelProto) nor a TensorFlow GraphDef: not read",
    });
    return src;
  }
  const r = readGraphPayload(kind, buf, 0, buf.length, relPath, 0);
  const info: GraphInfo = { file: relPath, step: 0, kind: r.graph?.format ?? FORMAT_OF[kind], bytes: buf.length, nodeCount: r.nodeCount };
  if (r.graph) info.graph = r.graph;
  dir.graphs.push(info);
  src.records = 1;
  if (r.problem) dir.problems.push(r.problem);
  return src;
}
