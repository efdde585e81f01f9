// One serialized computational graph, bounded and decoded: the payload of an Event's `graph_def` /
// `meta_graph_def`, or a whole standalone graph file (ONNX, MindSpore `.pb` / `.mindir`).
// Contract: never throws. The message's framing is checked on the wire first (scanMessage), which
// also counts the main graph's nodes; a malformed or truncated payload gives a "decode" problem
// naming the absolute byte offset where the bytes stop being well-formed; a graph with more than
// MAX_GRAPH_NODES nodes (main graph plus function bodies) gives a "limit" problem and is kept as its
// node count only. Otherwise the ModelGraph and its node count.

import { findField, scanMessage } from "../format/index.ts";
import type { ModelGraph, Problem } from "../model/index.ts";
import { MAX_GRAPH_NODES } from "./limits.ts";
import { decodeGraphDef, decodeMetaGraphDef } from "./tf_graph.ts";
import { decodeOnnxModel } from "./onnx_graph.ts";
import { decodeAnfIrModel, decodeMindIrModel } from "./mindspore_ir.ts";

export type GraphPayloadKind = "graph_def" | "meta_graph_def" | "onnx" | "anf_ir" | "mind_ir";

const LABEL: Record<GraphPayloadKind, string> = {
  graph_def: "graph_def (TensorFlow GraphDef)",
  meta_graph_def: "meta_graph_def (TensorFlow MetaGraphDef)",
  onnx: "ONNX model",
  anf_ir: "MindSpore graph (anf_ir ModelProto)",
  mind_ir: "MindIR model (mind_ir ModelProto)",
};

/** Where the main graph's node list sits: the field holding the graph (none: the message is the graph) and the node field. */
const GRAPH_FIELD: Record<GraphPayloadKind, number | undefined> = {
  graph_def: undefined,
  meta_graph_def: 2,
  onnx: 7,
  anf_ir: 4,
  mind_ir: 7,
};

export interface GraphPayloadResult {
  graph?: ModelGraph;
  nodeCount: number;
  problem?: Problem;
}

/**
 * Decodes `buf[start, end)` as a graph of `kind`. `file` and `absOffset` (the file offset of
 * `buf[start]`) name the place in problems; `maxNodes` defaults to MAX_GRAPH_NODES.
 */
export function readGraphPayload(
  kind: GraphPayloadKind,
  buf: Uint8Array,
  start: number,
  end: number,
  file: string,
  absOffset: number,
  maxNodes = MAX_GRAPH_NODES,
): GraphPayloadResult {
  const label = LABEL[kind];
  const top = scanMessage(buf, start, end, 1);
  if (top.errorOffset !== undefined)
    return {
      nodeCount: 0,
      problem: {
        file,
        offset: absOffset + top.errorOffset,
        code: "decode",
        severity: "error",
        message: `damaged ${label} of ${end - start} bytes: ${top.error} at byte ${absOffset + top.errorOffset} (graph not read)`,
      },
    };
  let nodes = top.count;
  const gf = GRAPH_FIELD[kind];
  if (gf !== undefined) {
    const g = findField(buf, start, end, gf);
    if (g) {
      const inner = scanMessage(buf, g[0], g[1], 1);
      nodes = inner.count;
      if (inner.errorOffset !== undefined) {
        const at = absOffset + (g[0] - start) + inner.errorOffset;
        return {
          nodeCount: 0,
          problem: {
            file,
            offset: at,
            code: "decode",
            severity: "error",
            message: `damaged ${label}: its graph is malformed: ${inner.error} at byte ${at} (graph not read)`,
          },
        };
      }
    } else nodes = 0;
  }
  if (nodes > maxNodes) return { nodeCount: nodes, problem: tooMany(label, nodes, maxNodes, file, absOffset) };
  let graph: ModelGraph;
  const bytes = buf.subarray(start, end);
  try {
    graph =
      kind === "graph_def"
        ? decodeGraphDef(bytes)
        : kind === "meta_graph_def"
          ? decodeMetaGraphDef(bytes)
          : kind === "onnx"
            ? decodeOnnxModel(bytes)
            : kind === "anf_ir"
              ? decodeAnfIrModel(bytes)
              : decodeMindIrModel(bytes);
  } catch (e) {
    return {
      nodeCount: 0,
      problem: {
        file,
        offset: absOffset,
        code: "decode",
        severity: "error",
        message: `${label} of ${end - start} bytes at byte ${absOffset} does not decode: ${(e as Error).message} (graph not read)`,
      },
    };
  }
  const total = graph.nodes.length + (graph.functions ?? []).reduce((n, f) => n + f.nodes.length, 0);
  if (total > maxNodes) return { nodeCount: graph.nodes.length, problem: tooMany(label, total, maxNodes, file, absOffset) };
  return { graph, nodeCount: graph.nodes.length };
}

function tooMany(label: string, n: number, max: number, file: string, absOffset: number): Problem {
  return {
    file,
    offset: absOffset,
    code: "limit",
    severity: "warning",
    message: `${label} at byte ${absOffset} has ${n} nodes, more than the limit of ${max}: kept as its node count only`,
  };
}
