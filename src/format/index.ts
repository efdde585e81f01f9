// Public API of the format part: byte-level codecs shared by the readers and the recorder.
export { crc32c, maskedCrc32c, maskCrc, unmaskCrc } from "./crc32c.ts";
export {
  TFRecordScanner, iterateRecords, readRecords, frameRecord, frameRecords, writeRecordInto, describeTFRecordIssue,
  TFRECORD_HEADER_BYTES, TFRECORD_FOOTER_BYTES, DEFAULT_MAX_RECORD_BYTES,
  type TFRecordIssue, type TFRecordReadOptions, type TFRecord, type TFRecordReadResult,
} from "./tf_record.ts";
export {
  WireReader, WireWriter, WireError, decodeUtf8, encodeUtf8,
  WIRE_VARINT, WIRE_FIXED64, WIRE_LEN, WIRE_START_GROUP, WIRE_END_GROUP, WIRE_FIXED32,
} from "./wire.ts";
