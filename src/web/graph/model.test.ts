// The graph page's hierarchy on a small TF-style graph: scopes by prefix, edges at the deepest
// common scope and aggregated between collapsed boxes, a node and a scope of one path, search.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { GraphNode } from "../../model/index.ts";
import {
  ancestors,
  buildHierarchy,
  CHUNK_NODES,
  countBelow,
  initialExpanded,
  itemOf,
  lca,
  MAX_DIRECT_NODES,
  scopeGraph,
  searchNodes,
} from "./model.ts";

const n = (name: string, inputs: string[] = [], kind: GraphNode["kind"] = "op"): GraphNode => ({
  name,
  op: "Op",
  kind,
  inputs: inputs.map((i) => ({ node: i.replace(/^\^/, ""), output: 0, control: i.startsWith("^") })),
  attrs: {},
});

const NODES = [
  n("x", [], "input"),
  n("model/dense/kernel", [], "parameter"),
  n("model/dense/MatMul", ["x", "model/dense/kernel"]),
  n("model/dense/BiasAdd", ["model/dense/MatMul", "model/dense/bias"]),
  n("model/dense/bias", [], "parameter"),
  n("model/dense_1/MatMul", ["model/dense/BiasAdd", "model/dense/kernel"]),
  n("model/dense_1/Relu", ["model/dense_1/MatMul", "^model/dense/BiasAdd"]),
  n("loss", ["model/dense_1/Relu", "labels"]), // `labels` is a feed the graph does not define
  n("model/dense_1", ["model/dense_1/Relu"]), // a node named like a scope
];

test("hierarchy: scopes, sizes, edges at the deepest common scope, consumers", () => {
  const h = buildHierarchy(NODES);
  assert.deepEqual(h.scopes.get("")!.childScopes, ["model"]);
  assert.deepEqual(h.scopes.get("")!.childNodes, ["x", "loss"]);
  assert.deepEqual(h.scopes.get("model")!.childScopes, ["model/dense", "model/dense_1"]);
  assert.deepEqual(h.scopes.get("model")!.childNodes, ["model/dense_1"]);
  assert.equal(h.scopes.get("model")!.size, 7);
  assert.equal(h.scopes.get("")!.size, 9);
  assert.equal(lca("model/dense/MatMul", "model/dense_1/Relu"), "model");
  assert.equal(lca("x", "model/dense/MatMul"), "");
  assert.equal(itemOf("model", "model/dense/MatMul"), "s:model/dense");
  assert.equal(itemOf("model", "model/dense_1"), "n:model/dense_1");
  assert.equal(itemOf("", "x"), "n:x");
  assert.deepEqual(
    h.edgesByScope.get("model/dense")!.map((e) => `${e.src}>${e.dst}`),
    ["model/dense/kernel>model/dense/MatMul", "model/dense/MatMul>model/dense/BiasAdd", "model/dense/bias>model/dense/BiasAdd"],
  );
  assert.deepEqual(h.consumers.get("model/dense/kernel"), ["model/dense/MatMul", "model/dense_1/MatMul"]);
  assert.deepEqual(h.consumers.get("model/dense/BiasAdd"), ["model/dense_1/MatMul", "model/dense_1/Relu"]);
  assert.equal(h.consumers.has("labels"), false);
});

test("scopeGraph: items of a scope and edges between collapsed boxes aggregated with a count", () => {
  const h = buildHierarchy(NODES);
  const root = scopeGraph(h, "");
  assert.deepEqual(root.items, ["s:model", "n:x", "n:loss"]);
  assert.deepEqual(root.edges, [
    { v: "n:x", w: "s:model", count: 1, control: false },
    { v: "s:model", w: "n:loss", count: 1, control: false },
  ]);
  const model = scopeGraph(h, "model");
  assert.deepEqual(model.items, ["s:model/dense", "s:model/dense_1", "n:model/dense_1"]);
  // kernel → dense_1/MatMul, BiasAdd → dense_1/MatMul and the control edge BiasAdd → Relu: one edge of 3, not control-only
  assert.deepEqual(model.edges, [
    { v: "s:model/dense", w: "s:model/dense_1", count: 3, control: false },
    { v: "s:model/dense_1", w: "n:model/dense_1", count: 1, control: false },
  ]);
  assert.deepEqual(scopeGraph(h, "nope"), { items: [], edges: [], aux: [] });
});

test("initial expansion, ancestors, marked counts and search", () => {
  const h = buildHierarchy(NODES);
  assert.deepEqual([...initialExpanded(h)], ["model"]);
  assert.deepEqual(ancestors("model/dense/MatMul"), ["model", "model/dense"]);
  assert.deepEqual(ancestors("x"), []);
  assert.deepEqual(
    [...countBelow(["model/dense/kernel", "model/dense_1/Relu", "x"])],
    [
      ["model", 2],
      ["model/dense", 1],
      ["model/dense_1", 1],
    ],
  );
  assert.deepEqual(searchNodes(h, "matmul"), ["model/dense/MatMul", "model/dense_1/MatMul"]);
  // a hit in the leaf name ranks before a hit in a scope name
  assert.deepEqual(searchNodes(h, "dense_1"), ["model/dense_1", "model/dense_1/Relu", "model/dense_1/MatMul"]);
  assert.deepEqual(searchNodes(h, "  "), []);
});

test("a scope holding more than MAX_DIRECT_NODES nodes directly shows them in groups of CHUNK_NODES", () => {
  const chain = Array.from({ length: 2 * CHUNK_NODES + 50 }, (_, i) => n(`op${i}`, i ? [`op${i - 1}`] : []));
  const h = buildHierarchy([...chain, n("net/fc/MatMul", ["op0"])]);
  const groups = [
    `\u22ef1\u2013${CHUNK_NODES}`,
    `\u22ef${CHUNK_NODES + 1}\u2013${2 * CHUNK_NODES}`,
    `\u22ef${2 * CHUNK_NODES + 1}\u2013${2 * CHUNK_NODES + 50}`,
  ];
  assert.deepEqual(h.scopes.get("")!.childScopes, [...groups, "net"]);
  assert.deepEqual(h.scopes.get("")!.childNodes, []);
  assert.equal(h.display.get("op0"), `${groups[0]}/op0`);
  assert.equal(h.display.get(`op${CHUNK_NODES}`), `${groups[1]}/op${CHUNK_NODES}`);
  assert.equal(h.display.get("net/fc/MatMul"), "net/fc/MatMul");
  assert.equal(h.nodes.get(`${groups[2]}/op${2 * CHUNK_NODES + 49}`)!.name, `op${2 * CHUNK_NODES + 49}`);
  assert.equal(h.scopes.get(groups[0])!.size, CHUNK_NODES);
  assert.deepEqual(scopeGraph(h, "").edges, [
    { v: `s:${groups[0]}`, w: `s:${groups[1]}`, count: 1, control: false },
    { v: `s:${groups[1]}`, w: `s:${groups[2]}`, count: 1, control: false },
    { v: `s:${groups[0]}`, w: "s:net", count: 1, control: false },
  ]);
  assert.equal(scopeGraph(h, groups[0]).edges.length, CHUNK_NODES - 1);
  // search and consumers speak real names
  assert.deepEqual(searchNodes(h, "op0"), ["op0"]);
  assert.deepEqual(h.consumers.get("op0"), ["op1", "net/fc/MatMul"]);
  assert.ok(MAX_DIRECT_NODES < 2 * CHUNK_NODES + 50);
});
