// Public API of the format part: byte-level codecs shared by the readers and the recorder.
export { crc32c, maskedCrc32c, maskCrc, unmaskCrc } from "./crc32c.ts";
export {
  TFRecordScanner,
  iterateRecords,
  readRecords,
  frameRecord,
  frameRecords,
  writeRecordInto,
  describeTFRecordIssue,
  TFRECORD_HEADER_BYTES,
  TFRECORD_FOOTER_BYTES,
  DEFAULT_MAX_RECORD_BYTES,
  type TFRecordIssue,
  type TFRecordReadOptions,
  type TFRecord,
  type TFRecordReadResult,
} from "./tf_record.ts";
export {
  WireReader,
  WireWriter,
  WireError,
  decodeUtf8,
  encodeUtf8,
  copyBytes,
  WIRE_VARINT,
  WIRE_FIXED64,
  WIRE_LEN,
  WIRE_START_GROUP,
  WIRE_END_GROUP,
  WIRE_FIXED32,
} from "./wire.ts";
export {
  EventScanner,
  SummaryValueScanner,
  HistogramProtoScanner,
  EventWhat,
  ValueKind,
  DT,
  halfToFloat,
  halfValToNumber,
  decodeEvent,
  decodeSummaryMetadata,
  decodeHistogramProto,
  decodeTensorProto,
  decodeTensorContent,
  decodeImage,
  decodeAudio,
  decodeSessionLog,
  decodeLogMessage,
  decodeTaggedRunMetadata,
  decodeSourceWriter,
  type DecodedEvent,
  type DecodedSummaryValue,
  type DecodedMetadata,
  type DecodedHistogramProto,
  type DecodedTensor,
  type DecodedImage,
  type DecodedAudio,
  type DecodedSessionLog,
  type DecodedLogMessage,
  type DecodedTaggedRunMetadata,
  type SessionStatusName,
} from "./event_decode.ts";
export {
  encodeEvent,
  fileVersionEvent,
  scalarEvent,
  histogramEvent,
  tensorEvent,
  textEvent,
  imageEvent,
  audioEvent,
  sessionLogEvent,
  tensorScalarValue,
  histogramFromValues,
  FILE_VERSION,
  type EventInit,
  type SummaryValueInit,
  type SummaryMetadataInit,
  type HistogramInit,
  type TensorInit,
  type ImageInit,
  type AudioInit,
  type SessionStatus,
} from "./event_encode.ts";
export {
  HPARAMS_PLUGIN,
  HPARAMS_EXPERIMENT_TAG,
  HPARAMS_SESSION_START_TAG,
  HPARAMS_SESSION_END_TAG,
  CUSTOM_SCALARS_PLUGIN,
  CUSTOM_SCALARS_TAG,
} from "./plugin_names.ts";
export { scanMessage, findField, type MessageScan } from "./message_scan.ts";

// The protobuf-es codecs (hparams and custom-scalars plugin contents, graph schemas, MindSpore
// messages) are loaded on first use: `await loadProtobufCodecs()` gives their values (and
// `protobufCodecs()` once loaded); only their types are exported here.
export { loadProtobufCodecs, protobufCodecs, type ProtobufCodecs } from "./lazy_codecs.ts";
export type { HParamsContent, HParamsScalar } from "./plugin_data.ts";
export type * as mindsporeAnfIr from "./gen/mindspore/anf_ir_pb.ts";
export type * as mindsporeLineage from "./gen/mindspore/lineage_pb.ts";
export type * as mindsporeSummary from "./gen/mindspore/summary_pb.ts";
export type * as onnxProto from "./gen/onnx/onnx_pb.ts";
export type * as mindIrProto from "./gen/mindspore/mind_ir_pb.ts";
export type {
  GraphDef,
  MetaGraphDef,
  NodeDef,
  AttrValue,
  AttrValue_ListValue,
  NameAttrList,
  FunctionDef,
  TfTensorShapeProto,
  TfTensorProto,
  TfDataType,
} from "./graph_schemas.ts";
