// Bounds on what one configuration or hyper-parameter file may cost. Contract:
// - a YAML file larger than MAX_YAML_BYTES, or a JSON one larger than MAX_JSON_BYTES, is not parsed;
// - YAML aliases are expanded only while the expanded document stays within MAX_EXPANDED_NODES
//   nodes (counted over the syntax tree, an alias weighing what its anchor expands to, cycles
//   counting as too many); past that every alias is kept as the text `*name` instead (a "billion
//   laughs" file costs its own size, not its expansion);
// - flattening is iterative (no recursion: any nesting depth) and keeps at most MAX_KEYS names per
//   file, nested deeper than MAX_DEPTH levels a value is kept as its JSON text;
// every bound that drops or changes something says so in a message the caller reports ("limit").
import type { Document } from "yaml";
import { yamlLib } from "./yaml_lib.ts";
import type { HParamValue } from "../model/index.ts";

export const MAX_YAML_BYTES = 1 << 20;
export const MAX_JSON_BYTES = 64 << 20;
export const MAX_EXPANDED_NODES = 200_000;
export const MAX_KEYS = 10_000;
export const MAX_DEPTH = 64;

/** Child nodes of a YAML syntax node (an alias: the node its anchor names, looked up in `anchors`). */
function children(anchors: Map<string, unknown>, n: unknown): unknown[] {
  const { isMap, isSeq, isPair, isAlias } = yamlLib();
  if (isMap(n) || isSeq(n)) return n.items as unknown[];
  if (isPair(n)) return [n.key, n.value].filter((x) => x !== null && x !== undefined);
  if (isAlias(n)) {
    const t = anchors.get(n.source);
    return t ? [t] : [];
  }
  return [];
}

/** Anchor name → node, in one pass (Alias.resolve scans the whole document for each alias). A name defined twice weighs as its largest definition would at most: the last one is kept. */
function anchorsOf(doc: Document): Map<string, unknown> {
  const m = new Map<string, unknown>();
  yamlLib().visit(doc, {
    Node: (_k, node) => {
      const a = (node as { anchor?: string }).anchor;
      if (a) m.set(a, node);
    },
  });
  return m;
}

/** Nodes the document expands to with its aliases resolved, or `limit + 1` as soon as it is more (or cyclic). */
export function expandedSize(doc: Document, limit: number): number {
  const memo = new Map<unknown, number>();
  const open = new Set<unknown>();
  const anchors = anchorsOf(doc);
  const root = doc.contents;
  if (root === null || root === undefined) return 0;
  const stack: [unknown, boolean][] = [[root, false]];
  while (stack.length) {
    const [n, done] = stack.pop()!;
    if (memo.has(n)) continue;
    const kids = children(anchors, n);
    if (!done) {
      if (open.has(n)) return limit + 1; // an alias inside its own anchor
      open.add(n);
      stack.push([n, true]);
      for (const k of kids) if (!memo.has(k)) stack.push([k, false]);
      continue;
    }
    let s = yamlLib().isPair(n) ? 0 : 1;
    for (const k of kids) s += memo.get(k) ?? limit + 1;
    if (s > limit) return limit + 1;
    memo.set(n, s);
    open.delete(n);
  }
  return memo.get(root) ?? 0;
}

/**
 * The document's aliases replaced by the text `*name` when expanding them would pass
 * MAX_EXPANDED_NODES; returns the message to report, or undefined when the aliases may be expanded.
 */
export function boundAliases(doc: Document, limit = MAX_EXPANDED_NODES): string | undefined {
  const size = expandedSize(doc, limit);
  if (size <= limit) return undefined;
  let n = 0;
  const { visit, Scalar } = yamlLib();
  visit(doc, {
    Alias: (_k, node) => {
      n++;
      return new Scalar(`*${node.source}`);
    },
  });
  return `${n} YAML alias(es) not expanded: the expanded document would hold more than ${limit} nodes (each kept as the text *name)`;
}

/** Flattens a parsed mapping into name → value pairs (nested keys joined with '.'), iteratively, at most `maxKeys` names. */
export function flattenBounded(
  obj: unknown,
  maxKeys = MAX_KEYS,
  maxDepth = MAX_DEPTH,
): { pairs: [string, HParamValue][]; dropped: number; tooDeep: number } {
  const pairs: [string, HParamValue][] = [];
  let dropped = 0,
    tooDeep = 0;
  const stack: [unknown, string, number][] = [[obj, "", 0]];
  const emit = (name: string, v: HParamValue) => {
    if (pairs.length < maxKeys) pairs.push([name, v]);
    else dropped++;
  };
  while (stack.length) {
    const [o, prefix, depth] = stack.pop()!;
    if (o !== null && typeof o === "object" && !Array.isArray(o) && !(o instanceof Date)) {
      if (depth >= maxDepth && prefix) {
        tooDeep++;
        emit(prefix, safeJson(o));
        continue;
      }
      const entries = o instanceof Map ? [...o.entries()] : Object.entries(o as Record<string, unknown>);
      if (entries.length === 0 && prefix) emit(prefix, "{}");
      // reversed onto the stack: names come out in the file's order
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i];
        stack.push([v, prefix ? `${prefix}.${String(k)}` : String(k), depth + 1]);
      }
      continue;
    }
    if (!prefix) continue;
    if (typeof o === "number" || typeof o === "string" || typeof o === "boolean") emit(prefix, o);
    else if (typeof o === "bigint") emit(prefix, Number(o));
    else if (o === null || o === undefined) emit(prefix, "null");
    else if (o instanceof Date) emit(prefix, o.toISOString());
    else emit(prefix, safeJson(o));
  }
  return { pairs, dropped, tooDeep };
}

function safeJson(o: unknown): string {
  try {
    return JSON.stringify(o) ?? String(o);
  } catch (e) {
    return `(not representable: ${(e as Error).message})`;
  }
}
