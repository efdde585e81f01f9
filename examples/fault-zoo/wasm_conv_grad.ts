// Conv2DBackpropFilter for the TF.js wasm backend, which ships Conv2D, Conv2DBackpropInput and
// Conv3DBackpropFilterV2 but not the 2-D filter gradient. A 2-D NHWC convolution is a 3-D one of
// depth 1, so the 2-D filter gradient is the wasm 3-D kernel run on [batch, 1, h, w, c] views of
// the same buffers (no copies), its [1, kh, kw, ci, co] result read as [kh, kw, ci, co].
// Stride 1 only (checked against the cpu backend's gradient; larger strides are refused).
// With it the zoo's CNN runs train on wasm instead of the much slower cpu backend.

import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

type Info = { dataId: object; shape: number[]; dtype: tf.DataType };
type KernelArgs = { inputs: Record<string, Info>; backend: unknown; attrs: Record<string, unknown> };

let registered = false;

/** Registers the kernel once (after the wasm backend is registered); true when wasm has it. */
export function registerWasmConv2dFilterGrad(): boolean {
  if (registered) return true;
  const conv3d = tf.getKernel("Conv3DBackpropFilterV2", "wasm");
  if (!conv3d) return false;
  if (tf.getKernel("Conv2DBackpropFilter", "wasm")) {
    registered = true;
    return true;
  }
  tf.registerKernel({
    kernelName: "Conv2DBackpropFilter",
    backendName: "wasm",
    kernelFunc: (({ inputs, backend, attrs }: KernelArgs) => {
      const { x, dy } = inputs;
      const strides = attrs.strides as [number, number] | number;
      const pad = attrs.pad;
      const dataFormat = attrs.dataFormat as string | undefined;
      const filterShape = attrs.filterShape as [number, number, number, number];
      if (dataFormat && dataFormat !== "NHWC") throw new Error(`Conv2DBackpropFilter (wasm): only NHWC, got ${dataFormat}`);
      if (pad !== "same" && pad !== "valid" && typeof pad !== "number")
        throw new Error("Conv2DBackpropFilter (wasm): explicit padding is not supported");
      const [sh, sw] = typeof strides === "number" ? [strides, strides] : strides;
      // strides > 1 disagree with the cpu backend's gradient: only stride 1 (all the zoo uses)
      if (sh !== 1 || sw !== 1) throw new Error(`Conv2DBackpropFilter (wasm): only stride 1 is supported, got ${sh}×${sw}`);
      const [b, h, w, c] = x.shape;
      const [, oh, ow, oc] = dy.shape;
      const out = (conv3d.kernelFunc as unknown as (a: unknown) => Info)({
        inputs: {
          x: { dataId: x.dataId, shape: [b, 1, h, w, c], dtype: x.dtype },
          dy: { dataId: dy.dataId, shape: [b, 1, oh, ow, oc], dtype: dy.dtype },
        },
        backend,
        attrs: { strides: [1, 1, 1], pad, filterShape: [1, ...filterShape] },
      });
      return { dataId: out.dataId, shape: [...filterShape], dtype: out.dtype };
    }) as unknown as tf.KernelFunc,
  });
  registered = true;
  return true;
}
