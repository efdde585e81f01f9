// Public API of the recorder part: TensorBoard event files from TF.js training in Node —
// a `tf.Callback` for model.fit (RecorderCallback), a step API for custom loops (StepRecorder),
// and the underlying SummaryWriter / EventFileWriter.
export { EventFileWriter, type EventFileWriterOptions } from "./event_file_writer.ts";
export { SummaryWriter, type SummaryWriterOptions } from "./summary_writer.ts";
export { StepRecorder, variableTag, type RecorderOptions, type CollectSpec, type StepValues, type EpochValues } from "./step_recorder.ts";
export { RecorderCallback, type CallbackOptions } from "./callback.ts";
export { kerasModelConfig, type KerasLoss, type KerasLossSpec } from "./keras_model.ts";
