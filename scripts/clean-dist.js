// Removes the compiled library from dist/ before `tsc` writes it again (so files of deleted
// sources do not linger); dist/web, written by Vite, is left alone.
import fs from "node:fs";

const dist = new URL("../dist/", import.meta.url);
for (const name of fs.existsSync(dist) ? fs.readdirSync(dist) : []) {
  if (name !== "web") fs.rmSync(new URL(name, dist), { recursive: true, force: true });
}
