// TensorFlow's DataType codes (src/format's `DT`, as in types.proto) named in the model's tensor
// element types (`DType`); codes without a model name (resource, variant, quantized types) are "unknown".
import { DT } from "../format/index.ts";
import type { DType } from "../model/index.ts";

const NAMES: Partial<Record<number, DType>> = {
  [DT.FLOAT]: "float32",
  [DT.DOUBLE]: "float64",
  [DT.HALF]: "float16",
  [DT.BFLOAT16]: "bfloat16",
  [DT.INT8]: "int8",
  [DT.INT16]: "int16",
  [DT.INT32]: "int32",
  [DT.INT64]: "int64",
  [DT.UINT8]: "uint8",
  [DT.UINT16]: "uint16",
  [DT.UINT32]: "uint32",
  [DT.UINT64]: "uint64",
  [DT.BOOL]: "bool",
  [DT.STRING]: "string",
  [DT.COMPLEX64]: "complex64",
  [DT.COMPLEX128]: "complex128",
};

/** The model's name of a TensorFlow DataType code ("unknown" for codes it has none for). */
export function tfDType(code: number): DType {
  return NAMES[code] ?? "unknown";
}
