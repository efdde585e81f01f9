// A framing check of one protobuf message's top-level fields without decoding them (`scanMessage`):
// it names the byte offset where the bytes stop being well-formed protobuf and counts one field, so
// a reader can bound a graph's size before it loads and runs the generated codecs; and `findField`,
// the bytes of one top-level field.

import { WireReader, WireError, WIRE_LEN } from "./wire.ts";

/** What `scanMessage` found at the top level of a message. */
export interface MessageScan {
  /** Occurrences of the counted length-delimited field. */
  count: number;
  /** First malformed byte (relative to `start`), when the bytes are not a well-formed message. */
  errorOffset?: number;
  error?: string;
}

/**
 * Walks the top-level fields of the message in `buf[start, end)` without decoding them, counting the
 * length-delimited occurrences of `countField` (a GraphDef's `node`, a GraphProto's `node`). Stops
 * at the first malformed tag or a length running past `end` (a truncated message).
 */
export function scanMessage(buf: Uint8Array, start: number, end: number, countField: number): MessageScan {
  const r = new WireReader(buf, start, end);
  let count = 0;
  try {
    while (r.more()) {
      const t = r.tag();
      const f = t >>> 3,
        wt = t & 7;
      if (f === countField && wt === WIRE_LEN) {
        r.pos = r.lenEnd();
        count++;
      } else r.skip(wt, f);
    }
  } catch (e) {
    if (e instanceof WireError) return { count, errorOffset: e.offset - start, error: e.message.replace(/ at byte \d+$/, "") };
    throw e;
  }
  return { count };
}

/** The top-level length-delimited field `field` of a message, as [start, end) in `buf`, or undefined. */
export function findField(buf: Uint8Array, start: number, end: number, field: number): [number, number] | undefined {
  const r = new WireReader(buf, start, end);
  let found: [number, number] | undefined;
  try {
    while (r.more()) {
      const t = r.tag();
      const f = t >>> 3,
        wt = t & 7;
      if (f === field && wt === WIRE_LEN) {
        const e = r.lenEnd();
        found = [r.pos, e];
        r.pos = e;
      } else r.skip(wt, f);
    }
  } catch {
    /* malformed: what was found so far */
  }
  return found;
}
