// Rows of a query in PostgreSQL's binary COPY format (`COPY (query) TO STDOUT (FORMAT binary)`,
// streamed by pg-copy-streams): `bytea` arrives as its bytes, with neither the hex text of
// node-postgres' text results nor a UTF-8 decoding (node-postgres reads every result field as a
// string, so its own binary mode cannot carry bytes). The format (PostgreSQL documentation, COPY,
// "Binary Format"): an 11-byte signature, an int32 of flags, an int32 header-extension length and
// that many bytes; then per row an int16 field count (-1 ends the data) and per field an int32
// length (-1 for NULL) and the field's bytes; integers big-endian.
// COPY takes no bind parameters: values are put in the text with node-postgres' escapeLiteral.
// `CopyWriter` and `copyIn` write rows the same way (`COPY table FROM STDIN (FORMAT binary)`): the
// chunks' bytes go as they are, with no SQL text, parameter list or hex to build and parse.
// Errors: a stream that is not this format throws a RangeError naming the byte offset.

import type pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";

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
export async function copyRows(client: pg.ClientBase, query: string): Promise<CopyRow[]> {
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

/** Binary COPY input: rows of fields written in the table's column order (see `copyIn`). */
export class CopyWriter {
  private parts: Buffer[] = [Buffer.concat([SIGNATURE, Buffer.alloc(8)])];
  private head = Buffer.allocUnsafe(0);
  private at = 0;
  /** Bytes written so far. */
  bytes = 19;
  rows = 0;

  private room(n: number): void {
    if (this.at + n <= this.head.length) return;
    if (this.at) this.parts.push(this.head.subarray(0, this.at));
    this.head = Buffer.allocUnsafe(Math.max(n, 64 << 10));
    this.at = 0;
  }
  row(fields: number): this {
    this.room(2);
    this.head.writeInt16BE(fields, this.at);
    this.at += 2;
    this.bytes += 2;
    this.rows++;
    return this;
  }
  int4(v: number): this {
    this.room(8);
    this.head.writeInt32BE(4, this.at);
    this.head.writeInt32BE(v, this.at + 4);
    this.at += 8;
    this.bytes += 8;
    return this;
  }
  int8(v: number | bigint): this {
    this.room(12);
    this.head.writeInt32BE(8, this.at);
    this.head.writeBigInt64BE(BigInt(v), this.at + 4);
    this.at += 12;
    this.bytes += 12;
    return this;
  }
  float8(v: number): this {
    this.room(12);
    this.head.writeInt32BE(8, this.at);
    this.head.writeDoubleBE(v, this.at + 4);
    this.at += 12;
    this.bytes += 12;
    return this;
  }
  /** A `bytea` field: its bytes as they are (not copied until the data is sent). */
  bytea(b: Uint8Array): this {
    this.room(4);
    this.head.writeInt32BE(b.byteLength, this.at);
    this.at += 4;
    this.parts.push(this.head.subarray(0, this.at));
    this.head = this.head.subarray(this.at);
    this.at = 0;
    this.parts.push(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    this.bytes += 4 + b.byteLength;
    return this;
  }
  /** The whole stream with its trailer. */
  end(): Buffer[] {
    if (this.at) this.parts.push(this.head.subarray(0, this.at));
    this.head = Buffer.allocUnsafe(0);
    this.at = 0;
    const trailer = Buffer.alloc(2);
    trailer.writeInt16BE(-1, 0);
    this.parts.push(trailer);
    return this.parts;
  }
}

/** Runs `COPY target FROM STDIN (FORMAT binary)` on `client` with the writer's rows; answers the rows copied. */
export async function copyIn(client: pg.ClientBase, target: string, w: CopyWriter): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${target} FROM STDIN (FORMAT binary)`));
  await pipeline(Readable.from(w.end(), { objectMode: false }), stream);
  return w.rows;
}
