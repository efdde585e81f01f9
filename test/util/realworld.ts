// Where tests find real-world training logs. The licensed subset is vendored under
// test/fixtures/realworld/<short>/ (provenance and licences in its PROVENANCE.md, MANIFEST.json, LICENSES/).
// The full development corpus (../shared/realworld beside the repository; most of it has no
// licence, so it is not copied here) is optional: a test over it calls `sharedRealworld(t)` and
// is skipped with a visible note when the corpus is absent.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestContext } from "node:test";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The vendored, MIT/Apache-2.0-licensed real-world logs: `<short>/<path as in the source repository>`. */
export const VENDORED_REALWORLD = path.join(REPO_ROOT, "test/fixtures/realworld");
/** The optional full corpus beside the repository. */
export const SHARED_REALWORLD = path.resolve(REPO_ROOT, "../shared/realworld");

export interface RealworldSource {
  short: string;
  repo: string;
  commit: string;
  licence?: string;
  licence_text?: string;
  files: { path: string; size: number; git_blob: string }[];
}

/** The sources listed in a corpus's MANIFEST.json. */
export function realworldManifest(root: string): RealworldSource[] {
  return JSON.parse(fs.readFileSync(path.join(root, "MANIFEST.json"), "utf8")) as RealworldSource[];
}

/**
 * The `logs` directory of ../shared/realworld, or undefined after marking the test skipped with
 * the note "../shared/realworld absent" (the repository runs its tests with nothing beside it).
 */
export function sharedRealworld(t: TestContext): string | undefined {
  const logs = path.join(SHARED_REALWORLD, "logs");
  if (fs.existsSync(logs)) return logs;
  t.skip("../shared/realworld absent");
  return undefined;
}
