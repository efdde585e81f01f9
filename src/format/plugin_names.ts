// Names the TensorBoard plugins use in SummaryMetadata (plugin name, reserved tags), without their
// protobuf codecs (plugin_data.ts, loaded on first use), so a reader can recognise a plugin's value
// before it loads anything to decode it.

export const HPARAMS_PLUGIN = "hparams";
export const HPARAMS_EXPERIMENT_TAG = "_hparams_/experiment";
export const HPARAMS_SESSION_START_TAG = "_hparams_/session_start_info";
export const HPARAMS_SESSION_END_TAG = "_hparams_/session_end_info";
export const CUSTOM_SCALARS_PLUGIN = "custom_scalars";
export const CUSTOM_SCALARS_TAG = "custom_scalars__config__";
