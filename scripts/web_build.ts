// Builds the dashboard from the current sources with Vite (src/web/vite.config.ts): into dist/web,
// or into a folder of the caller's, as the browser tests do so that each serves a build of the
// sources it tests and never a stale one. Shared by the browser tests and the screenshot script.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Runs `vite build` for the dashboard; `outDir` (emptied first) replaces dist/web when given. */
export function buildWeb(outDir?: string): void {
  const args = [path.join(REPO, "node_modules/vite/bin/vite.js"), "build", "--config", "src/web/vite.config.ts"];
  if (outDir) args.push("--outDir", outDir, "--emptyOutDir");
  execFileSync(process.execPath, args, { cwd: REPO, stdio: "inherit" });
}
