// Protobuf schemas of the computational-graph formats (generated into ./gen from ./proto), re-exported
// for the graph readers: TensorFlow GraphDef / MetaGraphDef with their node, attribute and function
// messages (the `graph_def` / `meta_graph_def` bytes of an Event), ONNX ModelProto, and MindSpore
// MindIR ModelProto. Part of the protobuf codecs loaded on first use (protobuf_codecs.ts).

export { GraphDefSchema, type GraphDef } from "./gen/tensorboard/graph_pb.ts";
export { MetaGraphDefSchema, type MetaGraphDef } from "./gen/tensorboard/meta_graph_pb.ts";
export { type NodeDef } from "./gen/tensorboard/node_def_pb.ts";
export { type AttrValue, type AttrValue_ListValue, type NameAttrList } from "./gen/tensorboard/attr_value_pb.ts";
export { type FunctionDef } from "./gen/tensorboard/function_pb.ts";
export { type TensorShapeProto as TfTensorShapeProto } from "./gen/tensorboard/tensor_shape_pb.ts";
export { type TensorProto as TfTensorProto } from "./gen/tensorboard/tensor_pb.ts";
export { DataType as TfDataType } from "./gen/tensorboard/types_pb.ts";
export * as onnxProto from "./gen/onnx/onnx_pb.ts";
export * as mindIrProto from "./gen/mindspore/mind_ir_pb.ts";
