// Bounds on what one log may make the reader hold, each with the message it reports (code "limit").
// Contract: a tag longer than MAX_TAG_BYTES (UTF-8) is not kept, its values dropped; a directory keeps
// at most MAX_TAGS_PER_DIR tags, values of further tags are dropped; both are counted per read and
// reported once per read with the numbers. (The tag table's own bound against hash flooding is in
// tag_table.ts.) Text logs (CSV columns, keys of JSON logs and trainer_state.json) keep at most
// MAX_TEXT_LOG_SERIES series per file and no name longer than MAX_TAG_BYTES; what they drop is
// reported once per file (textLogLimitMessage).

export const MAX_TAG_BYTES = 4096;
export const MAX_TAGS_PER_DIR = 50_000;
/** Series one text log (a CSV's columns, a JSON log's keys) may add at most. */
export const MAX_TEXT_LOG_SERIES = 10_000;

/** The "limit" message of a text log that dropped `tooMany` names past MAX_TEXT_LOG_SERIES and `tooLong` names longer than MAX_TAG_BYTES, or undefined. */
export function textLogLimitMessage(what: string, tooMany: number, tooLong: number): string | undefined {
  const parts: string[] = [];
  if (tooMany) parts.push(`${tooMany} ${what}(s) beyond the first ${MAX_TEXT_LOG_SERIES} not read`);
  if (tooLong) parts.push(`${tooLong} ${what}(s) with a name longer than ${MAX_TAG_BYTES} bytes not read`);
  return parts.length ? parts.join("; ") : undefined;
}

/** Counts of what the tag bounds dropped during one read. */
export class TagLimitCounter {
  longValues = 0;
  longTags = new Set<number>();
  overflowValues = 0;
  overflowTags = new Set<string>();

  /** The problems to report for this read (empty when nothing was dropped). */
  messages(): string[] {
    const out: string[] = [];
    if (this.longValues)
      out.push(
        `${this.longValues} value(s) of ${this.longTags.size} tag(s) longer than ${MAX_TAG_BYTES} bytes dropped (lengths ${[...this.longTags].slice(0, 3).join(", ")}${this.longTags.size > 3 ? ", ..." : ""})`,
      );
    if (this.overflowValues)
      out.push(
        `${this.overflowValues} value(s) of ${this.overflowTags.size >= 1000 ? "1000+" : this.overflowTags.size} tag(s) beyond the first ${MAX_TAGS_PER_DIR} tags of this directory dropped`,
      );
    return out;
  }
}

/**
 * Bounds on one computational graph (graph_def, meta_graph_def, ONNX, MindSpore): a graph with more
 * nodes than MAX_GRAPH_NODES (main graph and function bodies together) is reported and kept as its
 * byte count and node count only; a standalone graph file larger than MAX_GRAPH_FILE_BYTES is not
 * read. 100 000 nodes is ten times the largest graph the graph page is measured with; the largest
 * real graph met here (TF 1.12 Keras, 118 KB) has under 1 000.
 */
export const MAX_GRAPH_NODES = 100_000;
export const MAX_GRAPH_FILE_BYTES = 1 << 30;
