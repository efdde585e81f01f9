// Build of the dashboard web app: src/web → dist/web (served by `trainscope serve`).
import { defineConfig } from "vite";
import preact from "@preact/preset-vite";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: "./",
  plugins: [preact()],
  logLevel: "warn",
  build: {
    outDir: path.resolve(here, "../../dist/web"),
    emptyOutDir: true,
    chunkSizeWarningLimit: 400,
  },
});
