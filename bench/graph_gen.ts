// A generated scoped model graph for the graph benchmark (bench/graph.ts): `blocks` blocks of
// `layers` layers of `perLayer` nodes each (10 000 nodes with the defaults), named
// `model/block_B/layer_L/<op>_K`, every fifth node a parameter feeding the next operator, each layer
// a chain fed by the previous layer's last node and each block's output adding a residual edge
// from its input: the shape of a deep residual network as TensorBoard's graph page sees it.
import type { GraphNode, ModelGraph } from "../src/model/index.ts";

const OPS = ["MatMul", "BiasAdd", "Relu", "Conv2D", "Add", "Mul", "Reshape", "Softmax"];

export function scopedGraph(blocks = 25, layers = 8, perLayer = 50): ModelGraph {
  const nodes: GraphNode[] = [];
  let prev: string | undefined;
  for (let b = 0; b < blocks; b++) {
    const blockInput = prev;
    for (let l = 0; l < layers; l++) {
      const scope = `model/block_${b}/layer_${l}`;
      let param: string | undefined;
      for (let k = 0; k < perLayer; k++) {
        if (k % 5 === 1) {
          param = `${scope}/weight_${k}`;
          nodes.push({
            name: param,
            op: "VariableV2",
            kind: "parameter",
            inputs: [],
            attrs: {},
            outputShapes: [[64, 64]],
            dtype: "float32",
          });
          continue;
        }
        const op = OPS[(b * 7 + l * 3 + k) % OPS.length];
        const name = `${scope}/${op}_${k}`;
        const inputs = [];
        if (prev) inputs.push({ node: prev, output: 0, control: false });
        if (param) inputs.push({ node: param, output: 0, control: false });
        if (l === layers - 1 && k === perLayer - 1 && blockInput) inputs.push({ node: blockInput, output: 0, control: false });
        param = undefined;
        nodes.push({ name, op, kind: "op", inputs, attrs: { T: "float32" }, outputShapes: [[-1, 64]], dtype: "float32" });
        prev = name;
      }
    }
  }
  return { format: "graph_def", name: "bench", producer: "bench", nodes };
}
