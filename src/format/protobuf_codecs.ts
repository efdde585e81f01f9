// The half of the format part built on the generated protobuf-es codecs (@bufbuild/protobuf),
// loaded on first use through `loadProtobufCodecs()` (index.ts) so that reading scalars never pays
// for it: the protobuf-es runtime functions the readers call, the hparams and custom-scalars plugin
// contents (plugin_data.ts), the computational-graph schemas (graph_schemas.ts: TensorFlow, ONNX,
// MindIR) and MindSpore's summary, lineage and anf_ir messages (namespaced: their names differ in
// meaning from TensorFlow's).

export { create, fromBinary, toBinary, toJson, isFieldSet } from "@bufbuild/protobuf";
export {
  decodeHParamsPluginData,
  decodeCustomScalarLayout,
  encodeCustomScalarLayout,
  hparamsEvents,
  HParamDataType,
  HParamsStatus,
} from "./plugin_data.ts";
export { GraphDefSchema, MetaGraphDefSchema, TfDataType, onnxProto, mindIrProto } from "./graph_schemas.ts";
export * as mindsporeAnfIr from "./gen/mindspore/anf_ir_pb.ts";
export * as mindsporeLineage from "./gen/mindspore/lineage_pb.ts";
export * as mindsporeSummary from "./gen/mindspore/summary_pb.ts";
