// Public API of the recorder part: TensorBoard event files from TF.js training in Node.
export { EventFileWriter, type EventFileWriterOptions } from "./event_file_writer.ts";
export { SummaryWriter, type SummaryWriterOptions } from "./summary_writer.ts";
