// Rows of a query in PostgreSQL's binary COPY format (`COPY (query) TO STDOUT (FORMAT binary)`,
// streamed by pg-copy-streams): `bytea` arrives as its bytes, with neither the hex text of
// node-postgres' text results nor a UTF-8 decoding (node-postgres reads every result field as a
// string, so its own binary mode cannot carry bytes). The format (PostgreSQL documentation, COPY,
// "Binary Format"): an 11-byte signature, an int32 of flags, an int32 header-extension length and
// that many bytes; then per row an int16 field count (-1 ends the data) and per field an int32
// length (-1 for NULL) and the field's bytes; integers big-endian.
// COPY takes no bind parameters: values are put in the text with node-postgres' escapeLiteral.
// Errors: a stream that is not this format throws a RangeError naming the byte offset.

import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");

/** A row: each field's bytes, or null. */
export type CopyRow = (Buffer | null)[];

/** Parses a whole binary COPY stream. */
export function parseBinaryCopy(b: Buffer): CopyRow[] {
  if (b.length < 19 || !b.subarray(0, 11).equals(SIGNATURE)) throw new RangeError("binary COPY data: no PGCOPY signature at byte 0");
  let o = 15;
  const ext = b.readInt32BE(o);
  o += 4 + ext;
  const rows: CopyRow[] = [];
  for (;;) {
    if (o + 2 > b.length) throw new RangeError(`binary COPY data: ends at byte ${o} without its trailer`);
    const n = b.readInt16BE(o);
    o += 2;
    if (n === -1) return rows;
    const row: CopyRow = new Array(n);
    for (let i = 0; i < n; i++) {
      if (o + 4 > b.length) throw new RangeError(`binary COPY data: field length cut at byte ${o}`);
      const len = b.readInt32BE(o);
      o += 4;
      if (len === -1) {
        row[i] = null;
        continue;
      }
      if (len < 0 || o + len > b.length) throw new RangeError(`binary COPY data: field of ${len} bytes at byte ${o} runs past the end`);
      row[i] = b.subarray(o, o + len);
      o += len;
    }
    rows.push(row);
  }
}

/** Runs `COPY (query) TO STDOUT (FORMAT binary)` on `client` and answers its rows. */
export async function copyRows(client: pg.PoolClient | pg.Client, query: string): Promise<CopyRow[]> {
  const stream = client.query(copyTo(`COPY (${query}) TO STDOUT (FORMAT binary)`));
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return parseBinaryCopy(Buffer.concat(parts));
}

/** Field readers of the binary format. */
export const field = {
  int4: (b: Buffer | null): number | null => (b === null ? null : b.readInt32BE(0)),
  int8: (b: Buffer | null): number | null => (b === null ? null : Number(b.readBigInt64BE(0))),
  text: (b: Buffer | null): string | null => (b === null ? null : b.toString("utf8")),
};
