// The `yaml` library, loaded on first use: a process that reads no YAML file (an ingest worker over
// event files, most `inspect` runs) does not pay for loading its ~70 modules at start-up.
// `yaml` resolves to its CommonJS build under Node, so a synchronous require gives the same exports
// the static import did.
import { createRequire } from "node:module";
import type * as Yaml from "yaml";

let lib: typeof Yaml | undefined;

export function yamlLib(): typeof Yaml {
  return (lib ??= createRequire(import.meta.url)("yaml") as typeof Yaml);
}
