// The web app's modules form no import cycle (type-only imports included): the shell imports the
// views, the views import shared/ and the API client, never the shell or each other in a loop.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const web = path.dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Relative imports and re-exports of a module, resolved to files inside src/web. */
function localImports(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?(?:from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
    const target = path.resolve(path.dirname(file), m[1]);
    if (target.startsWith(web + path.sep) && /\.tsx?$/.test(target)) out.push(target);
  }
  return out;
}

test("src/web has no import cycle", () => {
  const files = sources(web);
  assert.ok(files.length >= 10, `found ${files.length} modules`);
  const graph = new Map(files.map((f) => [f, localImports(f)]));
  for (const [f, deps] of graph)
    for (const d of deps) assert.ok(graph.has(d), `${path.relative(web, f)} imports missing ${path.relative(web, d)}`);
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (f: string) => {
    state.set(f, 1);
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === 1) cycles.push([...stack.slice(stack.indexOf(d)), d].map((x) => path.relative(web, x)).join(" -> "));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of files) if (!state.has(f)) visit(f);
  assert.deepEqual(cycles, []);
  // The detector itself sees the shell's imports of the views.
  assert.ok(graph.get(path.join(web, "app.tsx"))!.includes(path.join(web, "views", "scalars.tsx")));
});
