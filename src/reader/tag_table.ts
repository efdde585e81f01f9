// The event reader's byte-keyed tag table: tag bytes → state, so a tag is not decoded for every value.
// Contract: lookups and insertions cost O(1) probes on average whatever the tags: the hash (FNV-1a
// with a final avalanche) starts from a random seed per table, so tags cannot be built in advance to
// collide; and a probe run longer than MAX_PROBE (a flood, or bad luck) switches the table for good
// to the caller's string-keyed Map (the tag decoded per lookup; V8 seeds its own string hashes).
// `probes` counts the slots visited, for tests.
import crypto from "node:crypto";
import { decodeUtf8 } from "../format/index.ts";

export const MAX_PROBE = 48;

interface Slot<T> {
  hash: number;
  bytes: Uint8Array;
  value: T;
  /** The slot found by the lookup after the last one of this slot (writers log their tags in a fixed order). */
  next: Slot<T> | undefined;
}

export type ByteHash = (buf: Uint8Array, start: number, end: number, seed: number) => number;

/** FNV-1a over the bytes from `seed`, with murmur3's fmix32 as a final avalanche. */
export function seededHash(buf: Uint8Array, start: number, end: number, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class TagTable<T> {
  private table: (Slot<T> | undefined)[] = new Array(64);
  private count = 0;
  /** True once a long probe run switched the table to the string-keyed Map. */
  flooded = false;
  /** Slots visited so far (lookups and insertions). */
  probes = 0;
  /** The slot of the last lookup: its `next` is tried first, without hashing. */
  private last: Slot<T> | undefined;

  constructor(
    private readonly hash: ByteHash = seededHash,
    private readonly seed = crypto.randomBytes(4).readUInt32LE(0),
  ) {}

  /** The value of the bytes buf[start, end), or undefined; `byName` answers once the table is flooded. */
  get(buf: Uint8Array, start: number, end: number, byName: Map<string, T>): T | undefined {
    if (this.flooded) return byName.get(decodeUtf8(buf, start, end));
    const len = end - start;
    const last = this.last;
    const guess = last?.next;
    if (guess !== undefined && guess.bytes.length === len) {
      const b = guess.bytes;
      let j = 0;
      while (j < len && b[j] === buf[start + j]) j++;
      if (j === len) {
        this.last = guess;
        return guess.value;
      }
    }
    const h = this.hash(buf, start, end, this.seed) >>> 0;
    const mask = this.table.length - 1;
    for (let i = h & mask, n = 0; ; i = (i + 1) & mask) {
      this.probes++;
      const e = this.table[i];
      if (e === undefined) return undefined;
      if (e.hash === h && e.bytes.length === len) {
        const b = e.bytes;
        let j = 0;
        while (j < len && b[j] === buf[start + j]) j++;
        if (j === len) {
          if (last !== undefined) last.next = e;
          this.last = e;
          return e.value;
        }
      }
      if (++n > MAX_PROBE) {
        this.flood();
        return byName.get(decodeUtf8(buf, start, end));
      }
    }
  }

  /** Adds the bytes buf[start, end) with `value` (the caller's Map holds it too, under the decoded text). */
  set(buf: Uint8Array, start: number, end: number, value: T): void {
    if (this.flooded) return;
    const bytes = new Uint8Array(end - start);
    bytes.set(buf.subarray(start, end));
    if ((this.count + 1) * 2 > this.table.length) this.rehash();
    if (!this.flooded) this.put({ hash: this.hash(buf, start, end, this.seed) >>> 0, bytes, value, next: undefined });
  }

  private flood(): void {
    this.flooded = true;
    this.table = [];
    this.last = undefined;
    this.count = 0;
  }

  private put(slot: Slot<T>): void {
    const mask = this.table.length - 1;
    let i = slot.hash & mask;
    for (let n = 0; this.table[i] !== undefined; i = (i + 1) & mask) {
      this.probes++;
      if (++n > MAX_PROBE) {
        this.flood();
        return;
      }
    }
    this.table[i] = slot;
    this.count++;
  }

  private rehash(): void {
    const old = this.table;
    this.table = new Array(old.length * 2);
    this.count = 0;
    for (const e of old) {
      if (e) this.put(e);
      if (this.flooded) return;
    }
  }
}
