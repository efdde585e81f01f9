#!/usr/bin/env node
// Launcher of the `trainscope` command: runs the compiled CLI (dist/cli/main.js, written by
// `npm run build`, which `npm install` runs through `prepare`). From a source checkout without a
// build, it says so; `npm run trainscope -- ...` runs the TypeScript sources directly.
const main = new URL("../dist/cli/main.js", import.meta.url);
try {
  await import(main.href);
} catch (err) {
  if (err?.code === "ERR_MODULE_NOT_FOUND" && err?.url === main.href) {
    process.stderr.write(
      "trainscope: the CLI is not built (dist/cli/main.js is missing); run `npm run build`, or `npm run trainscope -- ...` from a source checkout\n",
    );
    process.exit(2);
  }
  throw err;
}
