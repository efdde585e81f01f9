// Loading the protobuf codecs (protobuf_codecs.ts) on first use: `loadProtobufCodecs()` imports them
// once (every call shares the one import); `protobufCodecs()` returns them once loaded and undefined
// before, for synchronous code that can wait for them when they are missing.

export type ProtobufCodecs = typeof import("./protobuf_codecs.ts");

let loaded: ProtobufCodecs | undefined;
let loading: Promise<ProtobufCodecs> | undefined;

/** The protobuf codecs, imported on the first call. */
export function loadProtobufCodecs(): Promise<ProtobufCodecs> {
  loading ??= import("./protobuf_codecs.ts").then((m) => (loaded = m));
  return loading;
}

/** The protobuf codecs when `loadProtobufCodecs()` has finished, else undefined. */
export function protobufCodecs(): ProtobufCodecs | undefined {
  return loaded;
}
