// The architecture's import rules, checked on every file under src/ (parsed with the TypeScript
// compiler, so static imports, re-exports and dynamic `import()` all count):
//   - data flows format -> reader -> model -> diagnose -> server/web: a part imports only the parts
//     listed for it in ALLOWED (never backwards); cli and recorder may use the parts they need;
//   - the web app (a browser bundle) takes only types from the other parts (`import type`);
//   - another part is reached only through its index.ts, never its internals;
//   - nothing in src/ imports a file outside src/ (packages from node_modules are fine).
// Tests (*.test.ts, *test_util.ts) may import any part, still only through its index.ts, and
// the development tools outside src/.
// EXCEPTIONS lists the known violations, each with the reason; an exception that no longer
// occurs fails the test, so the list only shrinks.

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SRC = path.join(REPO, "src");

type Part = "format" | "reader" | "model" | "diagnose" | "store" | "server" | "web" | "cli" | "recorder" | "(package entry)";

/** The parts each part may import (besides itself). */
const ALLOWED: Record<Part, Part[]> = {
  format: [],
  model: [],
  reader: ["format", "model"],
  diagnose: ["model"],
  store: ["format", "reader", "model", "diagnose"],
  server: ["format", "reader", "model", "diagnose", "store"],
  web: ["server", "diagnose", "model"],
  cli: ["format", "reader", "model", "diagnose", "store", "server"],
  recorder: ["format", "model"],
  "(package entry)": ["model", "reader", "diagnose"],
};

/** Known violations: "importing file -> imported file" (paths relative to src/), with the reason. */
const EXCEPTIONS: Record<string, string> = {};

interface Import {
  from: string;
  spec: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "gen" && dir.endsWith(path.join("src", "format")) ? [] : sourceFiles(p);
    return /\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** Every module specifier in a file: imports, re-exports, dynamic import() and import types. */
function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Import[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const c = n.importClause;
      const typeOnly =
        !!c &&
        (c.isTypeOnly ||
          (!c.name &&
            !!c.namedBindings &&
            ts.isNamedImports(c.namedBindings) &&
            c.namedBindings.elements.length > 0 &&
            c.namedBindings.elements.every((e) => e.isTypeOnly)));
      out.push({ from: file, spec: n.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      out.push({ from: file, spec: n.moduleSpecifier.text, typeOnly: n.isTypeOnly });
    } else if (
      ts.isCallExpression(n) &&
      n.expression.kind === ts.SyntaxKind.ImportKeyword &&
      n.arguments[0] &&
      ts.isStringLiteralLike(n.arguments[0])
    ) {
      out.push({ from: file, spec: n.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      out.push({ from: file, spec: n.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const partOf = (rel: string): Part => (rel.includes("/") ? (rel.split("/")[0] as Part) : "(package entry)");
const isTest = (rel: string): boolean => /\.test\.tsx?$|test_util\.tsx?$/.test(rel);

/** The violations in a source tree (src/), as importer -> imported keys with the rule broken. */
function violations(src = SRC): { key: string; rule: string }[] {
  const found: { key: string; rule: string }[] = [];
  for (const file of sourceFiles(src)) {
    const rel = path.relative(src, file).split(path.sep).join("/");
    const part = partOf(rel);
    for (const imp of importsOf(file)) {
      if (!imp.spec.startsWith(".") && !imp.spec.startsWith("/")) continue; // a package
      const target = path.resolve(path.dirname(file), imp.spec);
      const trel = path.relative(src, target).split(path.sep).join("/");
      const key = `${rel} -> ${trel}`;
      if (trel.startsWith("..") || path.isAbsolute(trel)) {
        // Tests may use the development tools (tools/, scripts/, test/); the product may not.
        if (!isTest(rel)) found.push({ key, rule: "imports a file outside src/" });
        continue;
      }
      const tpart = partOf(trel);
      if (tpart === part) continue;
      if (!/^[a-z]+\/index\.ts$/.test(trel)) found.push({ key, rule: `reaches past ${tpart}/index.ts` });
      if (!isTest(rel) && !ALLOWED[part].includes(tpart))
        found.push({ key, rule: `${part} may not import ${tpart} (allowed: ${ALLOWED[part].join(", ") || "none"})` });
      if (!isTest(rel) && part === "web" && !imp.typeOnly)
        found.push({ key, rule: "the web app takes only types from other parts (import type)" });
    }
  }
  return found;
}

test("imports follow the layering: allowed parts only, through index.ts, nothing outside src/", () => {
  const found = violations();
  const unexpected = found.filter((v) => !(v.key in EXCEPTIONS)).map((v) => `${v.key}: ${v.rule}`);
  assert.deepEqual(unexpected, [], `layering violations:\n${unexpected.join("\n")}`);
});

test("every listed exception still occurs (fixed ones are removed from the list)", () => {
  const keys = new Set(violations().map((v) => v.key));
  const stale = Object.keys(EXCEPTIONS).filter((k) => !keys.has(k) && fs.existsSync(path.join(SRC, k.split(" -> ")[0])));
  assert.deepEqual(stale, [], `exceptions that no longer occur:\n${stale.join("\n")}`);
});

test("the checker sees each kind of import and each rule broken", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-layering-"));
  try {
    const src = path.join(dir, "src");
    const write = (rel: string, lines: string[]): void => {
      fs.mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
      fs.writeFileSync(path.join(src, rel), lines.join("\n") + "\n");
    };
    write("web/x.tsx", [
      'import type { A } from "../diagnose/index.ts";',
      'import { b } from "../server/index.ts";',
      'export { c } from "./c.ts";',
      'const d = await import("../reader/index.ts");',
      'type E = import("../model/series.ts").Series;',
      'import { type F, type G } from "./api.ts";',
      'import { h } from "preact";',
    ]);
    assert.deepEqual(
      importsOf(path.join(src, "web/x.tsx")).map((i) => `${i.spec}:${i.typeOnly}`),
      [
        "../diagnose/index.ts:true",
        "../server/index.ts:false",
        "./c.ts:false",
        "../reader/index.ts:false",
        "../model/series.ts:true",
        "./api.ts:true",
        "preact:false",
      ],
    );
    write("format/a.ts", ['import { loadRun } from "../reader/index.ts";']);
    write("cli/b.ts", ['import { discoverRuns } from "../reader/logdir.ts";']);
    write("reader/c.ts", ['import { x } from "../../bench/x.ts";']);
    write("reader/c.test.ts", ['import { y } from "../server/index.ts";', 'import { z } from "../../tools/z.ts";']);
    const got = violations(src)
      .map((v) => `${v.key}: ${v.rule}`)
      .sort();
    assert.deepEqual(got, [
      "cli/b.ts -> reader/logdir.ts: reaches past reader/index.ts",
      "format/a.ts -> reader/index.ts: format may not import reader (allowed: none)",
      "reader/c.ts -> ../bench/x.ts: imports a file outside src/",
      "web/x.tsx -> model/series.ts: reaches past model/index.ts",
      "web/x.tsx -> reader/index.ts: the web app takes only types from other parts (import type)",
      "web/x.tsx -> reader/index.ts: web may not import reader (allowed: server, diagnose, model)",
      "web/x.tsx -> server/index.ts: the web app takes only types from other parts (import type)",
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
