// The graph page's auxiliary parts (auxiliary.ts, model.ts, aux_area.ts, place.ts) on small
// TensorFlow-style graphs: what is set aside, how it is grouped, the area it is packed in, and
// the edges joining the innermost shown items.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { GraphNode } from "../../model/index.ts";
import { auxiliaryNodes, highDegreeItems } from "./auxiliary.ts";
import { AUX_GROUP, buildHierarchy, initialExpanded, scopeGraph } from "./model.ts";
import { finishLayout } from "./aux_area.ts";
import { borderPoint, placeAll } from "./place.ts";
import type { LayoutAnswer } from "./layout_types.ts";

const n = (name: string, inputs: string[] = [], op = "Op", kind: GraphNode["kind"] = "op"): GraphNode => ({
  name,
  op,
  kind,
  inputs: inputs.map((i) => ({ node: i.replace(/^\^/, ""), output: 0, control: i.startsWith("^") })),
  attrs: {},
});

// a TF1 training graph: a model, its loss, the gradients, the optimizer, save/init, the global step and a summary
const TF1 = [
  n("x", [], "Placeholder", "input"),
  n("dense/kernel", [], "VariableV2", "parameter"),
  n("dense/MatMul", ["x", "dense/kernel"], "MatMul"),
  n("loss/Mean", ["dense/MatMul"], "Mean"),
  n("gradients/loss/Mean_grad/Tile", ["loss/Mean"], "Tile"),
  n("gradients/dense/MatMul_grad/MatMul", ["gradients/loss/Mean_grad/Tile", "dense/kernel"], "MatMul"),
  n("gradients/AddN", ["gradients/dense/MatMul_grad/MatMul"], "AddN"),
  n("GradientDescent/update_dense/kernel", ["dense/kernel", "gradients/AddN"], "ApplyGradientDescent"),
  n("global_step", [], "VariableV2", "parameter"),
  n("global_step/Assign", ["global_step"], "Assign"),
  n("GradientDescent", ["^GradientDescent/update_dense/kernel", "global_step"], "AssignAdd"),
  n("save/SaveV2", ["dense/kernel", "global_step"], "SaveV2"),
  n("init", ["^dense/kernel", "^global_step/Assign"], "NoOp"),
  n("IsVariableInitialized", ["dense/kernel"], "IsVariableInitialized"),
  n("loss_1/tags", [], "Const", "constant"),
  n("loss_1", ["loss_1/tags", "loss/Mean"], "ScalarSummary"),
  n("grad_sum", ["gradients/AddN"], "AddN"), // every neighbour is a gradient: set aside too
];

test("auxiliary nodes: by op, by name, by neighbours; nodes inside an auxiliary scope are left to it", () => {
  const aux = auxiliaryNodes(TF1);
  assert.deepEqual([...aux].sort(), ["IsVariableInitialized", "global_step", "grad_sum", "init", "loss_1", "loss_1/tags"]);
  // gradients/* and save/* are inside auxiliary scopes: the scope is set aside as a whole
  assert.equal(aux.has("gradients/AddN"), false);
  // a TF2 function's variable handles are set aside, its data arguments are not
  const fn = auxiliaryNodes([
    n("data", [], "_Arg", "input"),
    n("dense_matmul_readvariableop_resource", [], "_Arg", "input"),
    n("dense/ReadVariableOp", ["dense_matmul_readvariableop_resource"], "ReadVariableOp"),
    n("dense/MatMul", ["data", "dense/ReadVariableOp"], "MatMul"),
  ]);
  assert.deepEqual([...fn], ["dense_matmul_readvariableop_resource"]);
});

test("the top level of a TF1 training graph: the model laid out, the machinery in the auxiliary list", () => {
  const h = buildHierarchy(TF1);
  const root = scopeGraph(h, "");
  assert.deepEqual(root.items, [
    "s:dense",
    "s:loss",
    "s:gradients",
    "s:GradientDescent",
    "s:global_step",
    "s:save",
    "s:loss_1",
    "n:x",
    "n:global_step",
    "n:GradientDescent",
    "n:init",
    "n:IsVariableInitialized",
    "n:loss_1",
    "n:grad_sum",
  ]);
  assert.deepEqual(root.aux, [
    "s:gradients",
    "s:global_step",
    "s:save",
    "s:loss_1",
    "n:global_step",
    "n:init",
    "n:IsVariableInitialized",
    "n:loss_1",
    "n:grad_sum",
  ]);
  // inside an auxiliary scope nothing more is set aside
  assert.deepEqual(scopeGraph(h, "gradients").aux, []);
  // the single model scope beside auxiliary ones opens at first
  const one = buildHierarchy([
    n("model/dense/MatMul"),
    n("model/loss", ["model/dense/MatMul"]),
    n("save/SaveV2", ["model/loss"], "SaveV2"),
  ]);
  assert.deepEqual([...initialExpanded(one)], ["model", "model/dense"]);
});

test("many auxiliary nodes in one scope are grouped apart from the others", () => {
  const handles = Array.from({ length: AUX_GROUP + 4 }, (_, i) => n(`v${i}_resource`, [], "_Arg", "input"));
  const reads = handles.map((hd, i) => n(`model/read_${i}`, [hd.name], "ReadVariableOp"));
  const h = buildHierarchy([
    n("data", [], "_Arg", "input"),
    ...handles,
    ...reads,
    n("model/sum", ["data", ...reads.map((r) => r.name)], "AddN"),
  ]);
  const group = `\u22efauxiliary 1\u2013${AUX_GROUP + 4}`;
  assert.deepEqual(h.scopes.get("")!.childScopes, [group, "model"]);
  assert.deepEqual(h.scopes.get("")!.childNodes, ["data"]);
  assert.deepEqual(scopeGraph(h, "").aux, [`s:${group}`]);
  assert.equal(h.display.get("v3_resource"), `${group}/v3_resource`);
});

test("a node linked to many items of a crowded scope is set aside", () => {
  const items = ["n:flag", ...Array.from({ length: 12 }, (_, i) => `s:layer${i}`)];
  const edges = [
    ...Array.from({ length: 12 }, (_, i) => ({ v: "n:flag", w: `s:layer${i}` })),
    ...Array.from({ length: 11 }, (_, i) => ({ v: `s:layer${i}`, w: `s:layer${i + 1}` })),
  ];
  assert.deepEqual(highDegreeItems(items, edges), ["n:flag"]);
  assert.deepEqual(highDegreeItems(items.slice(0, 6), edges), [], "a small scope keeps every item");
});

test("a finished layout holds every item and edge point, the auxiliary area to the right", () => {
  const sizes = { "n:a": { w: 40, h: 20 }, "n:b": { w: 40, h: 20 }, "n:x": { w: 60, h: 26 }, "n:y": { w: 50, h: 26 } };
  // an edge routed around the left side, past the nodes' bounds (as dagre may)
  const f = finishLayout(
    { "n:a": { x: 50, y: 10 }, "n:b": { x: 50, y: 100 } },
    sizes,
    {
      "n:a\u0000n:b": [
        { x: -30, y: 20 },
        { x: 50, y: 90 },
      ],
    },
    ["n:x", "n:y"],
  );
  assert.deepEqual(f.edges["n:a\u0000n:b"][0], { x: 0, y: 20 });
  assert.deepEqual(f.nodes["n:a"], { x: 80, y: 10 });
  assert.ok(f.aux && f.aux.x >= 100, JSON.stringify(f.aux));
  for (const id of ["n:x", "n:y"]) {
    const c = f.nodes[id];
    const s = sizes[id as "n:x"];
    assert.ok(c.x - s.w / 2 >= f.aux!.x && c.x + s.w / 2 <= f.aux!.x + f.aux!.w, id);
    assert.ok(c.y - s.h / 2 >= f.aux!.y && c.y + s.h / 2 <= f.aux!.y + f.aux!.h, id);
  }
  assert.equal(f.width, f.aux!.x + f.aux!.w);
  assert.ok(f.height >= 110 && f.height >= f.aux!.h);
});

test("an edge into an expanded scope ends at the inner item's border", () => {
  const h = buildHierarchy([n("x", [], "Placeholder", "input"), n("model/a", ["x"]), n("model/b", ["model/a"]), n("y", ["model/b"])]);
  const layouts = new Map<string, LayoutAnswer>([
    [
      "model",
      {
        id: 2,
        width: 60,
        height: 80,
        nodes: { "n:model/a": { x: 30, y: 13 }, "n:model/b": { x: 30, y: 67 } },
        edges: {
          "n:model/a\u0000n:model/b": [
            { x: 30, y: 26 },
            { x: 30, y: 54 },
          ],
        },
      },
    ],
    [
      "",
      {
        id: 1,
        width: 100,
        height: 300,
        nodes: { "n:x": { x: 50, y: 13 }, "s:model": { x: 50, y: 150 }, "n:y": { x: 50, y: 287 } },
        edges: {
          "n:x\u0000s:model": [
            { x: 50, y: 26 },
            { x: 50, y: 88 },
          ],
          "s:model\u0000n:y": [
            { x: 50, y: 212 },
            { x: 50, y: 274 },
          ],
        },
      },
    ],
  ]);
  const p = placeAll(h, new Set(["model"]), layouts);
  const byPair = new Map(p.edges.map((e) => [`${e.v}>${e.w}`, e]));
  assert.deepEqual([...byPair.keys()].sort(), ["n:model/a>n:model/b", "n:model/b>n:y", "n:x>n:model/a"]);
  const a = p.items.find((i) => i.id === "n:model/a")!;
  const into = byPair.get("n:x>n:model/a")!.points.at(-1)!;
  assert.deepEqual(into, { x: a.x + a.w / 2, y: a.y }, "ends on the top border of the inner node");
  const b = p.items.find((i) => i.id === "n:model/b")!;
  assert.deepEqual(byPair.get("n:model/b>n:y")!.points[0], { x: b.x + b.w / 2, y: b.y + b.h });
  assert.deepEqual(borderPoint({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 50 }), { x: 5, y: 10 });
});
