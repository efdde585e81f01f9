// Every diagnosis threshold and confidence lives in thresholds.ts (with its provenance). This test
// parses the rule, signal and ranking files with the TypeScript compiler and fails on a numeric
// literal that is neither structural (0, 1, -1, 2; digits of a number's printed form; powers of
// ten that convert units) nor in the recorded list of literals still inline in the older rule
// bodies (literals_allowed.json: file → literal → count). That list may only shrink: a new
// threshold goes into thresholds.ts, and moving an old one there lowers its count here.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Files whose bodies decide findings and causes. thresholds.ts and optimizer_ranges.ts are the tables themselves. */
function scannedFiles(): string[] {
  const out: string[] = [];
  for (const dir of ["rules", "signals"])
    for (const f of fs.readdirSync(path.join(here, dir))) if (f.endsWith(".ts") && !f.includes(".test")) out.push(`${dir}/${f}`);
  for (const f of [
    "engine.ts",
    "ranking.ts",
    "config_facts.ts",
    "config_checks.ts",
    "cause_model.ts",
    "expectation.ts",
    "reference.ts",
    "siblings.ts",
  ])
    out.push(f);
  return out.sort();
}

/** Structural everywhere: identity, halving/doubling, and 100 (percent conversion). */
const STRUCTURAL = new Set(["0", "1", "2", "100"]);
/** Calls whose numeric arguments only format a number (digits, not a decision). */
const FORMAT_CALLS = new Set(["toPrecision", "toFixed", "toExponential", "slice", "padStart"]);

export function literalsOf(file: string): Map<string, number> {
  const src = ts.createSourceFile(file, fs.readFileSync(path.join(here, file), "utf8"), ts.ScriptTarget.ES2022, true);
  const counts = new Map<string, number>();
  const visit = (n: ts.Node): void => {
    if (ts.isNumericLiteral(n)) {
      const text = String(Number(n.text));
      const p = n.parent;
      const formatting =
        (ts.isCallExpression(p) && ts.isPropertyAccessExpression(p.expression) && FORMAT_CALLS.has(p.expression.name.text)) ||
        // an index into an array or a regex match (m[3]) is a position, not a threshold
        (ts.isElementAccessExpression(p) && p.argumentExpression === n);
      // Math.round(x * 1000) / 1000 style rounding and percent conversion: powers of ten that only scale a printed number
      const printed = ["10", "100", "1000", "10000"].includes(text) && isRoundingOrPercent(n);
      if (!STRUCTURAL.has(text) && !formatting && !printed) counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return counts;
}

function isRoundingOrPercent(n: ts.Node): boolean {
  let p: ts.Node | undefined = n.parent;
  for (let i = 0; p && i < 4; i++, p = p.parent) {
    if (ts.isCallExpression(p) && /Math\.round|pct|fmt/.test(p.expression.getText())) return true;
    if (ts.isTemplateSpan(p) || ts.isTemplateExpression(p)) return true;
  }
  return false;
}

const ALLOWED_FILE = path.join(here, "literals_allowed.json");

test("no numeric threshold or confidence is inline in a rule, signal or ranking body beyond the recorded legacy list", () => {
  const allowed = JSON.parse(fs.readFileSync(ALLOWED_FILE, "utf8")) as { files: Record<string, Record<string, number>> };
  const problems: string[] = [];
  for (const f of scannedFiles()) {
    const got = literalsOf(f);
    const ok = allowed.files[f] ?? {};
    for (const [lit, n] of got)
      if (n > (ok[lit] ?? 0))
        problems.push(
          `${f}: literal ${lit} appears ${n}× (recorded ${ok[lit] ?? 0}); put the threshold in thresholds.ts with its provenance`,
        );
  }
  assert.deepEqual(problems, []);
});

// `node --import tsx src/diagnose/literals.test.ts --record` rewrites the list (only after moving literals into thresholds.ts).
if (process.argv.includes("--record")) {
  const files: Record<string, Record<string, number>> = {};
  let total = 0;
  for (const f of scannedFiles()) {
    const m = literalsOf(f);
    if (m.size) files[f] = Object.fromEntries([...m].sort((a, b) => Number(a[0]) - Number(b[0])));
    for (const n of m.values()) total += n;
  }
  fs.writeFileSync(
    ALLOWED_FILE,
    JSON.stringify(
      {
        note: "Numeric literals still inline in older rule bodies (file → literal → count). The list may only shrink: new thresholds and confidences go into thresholds.ts with their provenance.",
        total,
        files,
      },
      null,
      1,
    ) + "\n",
  );
  process.stderr.write(`recorded ${total} inline literals\n`);
}
