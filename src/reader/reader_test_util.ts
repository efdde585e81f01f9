// Test helpers for the reader's own tests: the shared fixtures directory and its manifest.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures");

export interface ManifestEntry {
  path: string;
  format: string;
  writer: string;
  run: string;
  [k: string]: unknown;
}

export interface RunGroup {
  run: string;
  dirs: string[];
  files: string[];
  other_files_below?: string[];
}

export interface Manifest {
  files: ManifestEntry[];
  generated_files: ManifestEntry[];
  run_groups: RunGroup[];
}

let cached: Manifest | undefined;
export function manifest(): Manifest {
  cached ??= JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, "manifest.json"), "utf8")) as Manifest;
  return cached;
}

/** Manifest numbers: 'NaN' / 'Infinity' / '-Infinity' strings as numbers. */
export function manifestNumber(v: unknown): number {
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  return v as number;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-reader-"));
}

/** Runs `use` with a new temporary directory and removes it afterwards. */
export async function withTempDir<R>(use: (root: string) => R | Promise<R>): Promise<R> {
  const root = tempDir();
  try {
    return await use(root);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** mulberry32: a small seeded PRNG, so fuzz mutations are the same on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
