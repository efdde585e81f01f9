// Knowledge base: covers every cause and symptom code of the spec (parsed from the spec file),
// every seed checklist category, and its links resolve.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { KNOWLEDGE_BASE, knowledgeEntry, checklistFor, knowledgeByCategory, CHECKLIST_CATEGORIES } from "./knowledge.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const spec = fs.readFileSync(path.join(here, "../../docs/spec/diagnosis.md"), "utf8");

function specCauses(): string[] {
  const sec = spec.split("## Cause codes")[1].split("## Symptom codes")[0];
  return [...sec.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
}
function specSymptoms(): string[] {
  const sec = spec.split("## Symptom codes")[1].split("## Knowledge base")[0];
  return [...sec.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
}

test("every cause code of the spec has an entry", () => {
  const codes = specCauses();
  assert.ok(codes.length >= 30, `parsed ${codes.length} cause codes`);
  for (const c of codes) {
    const e = knowledgeEntry(`cause.${c}`);
    assert.ok(e, `missing cause.${c}`);
    assert.equal(e.kind, "cause");
  }
});

test("every symptom code of the spec has an entry", () => {
  const codes = specSymptoms();
  assert.ok(codes.length >= 25, `parsed ${codes.length} symptom codes`);
  for (const c of codes) assert.equal(knowledgeEntry(`symptom.${c}`)?.kind, "symptom", `missing symptom.${c}`);
});

test("every seed checklist category has entries, MindInsight ids present", () => {
  for (const cat of CHECKLIST_CATEGORIES) {
    const es = KNOWLEDGE_BASE.filter((e) => e.kind === "checklist" && e.category === cat.category);
    assert.ok(es.length >= 2, `${cat.category}: ${es.length}`);
    for (const e of es) assert.match(e.id, new RegExp(`^${cat.prefix}\\.\\d\\d$`));
  }
  for (const id of ["ds.01", "ds.04", "dp.05", "hp.03", "api.02", "cg.04", "wi.02", "mp.04", "learn.01", "learn.37"]) {
    assert.ok(knowledgeEntry(id), id);
  }
  // the seed's "reasons a network does not learn" list has 37 numbered items
  assert.ok(knowledgeByCategory("learn").length >= 37, 'knowledgeByCategory("learn").length >= 37');
});

test("entries are complete and links resolve", () => {
  const ids = new Set<string>();
  for (const e of KNOWLEDGE_BASE) {
    assert.ok(!ids.has(e.id), `duplicate ${e.id}`);
    ids.add(e.id);
    assert.ok(e.title.length > 3 && e.shows.length > 10 && e.confirm.length > 10, e.id);
    assert.ok(e.fixes.length >= 1 && e.fixes.every((f) => f.length > 5), e.id);
    assert.ok(e.source.length > 5, e.id);
  }
  for (const e of KNOWLEDGE_BASE) for (const r of e.related) assert.ok(ids.has(r), `${e.id} → unknown ${r}`);
  // every cause links to at least one checklist item
  for (const e of KNOWLEDGE_BASE.filter((x) => x.kind === "cause")) assert.ok(checklistFor(e.id).length >= 1, e.id);
});

test("checklistFor maps codes to their checklist ids", () => {
  assert.equal(checklistFor("learning_rate_too_high")[0], "hp.01");
  assert.ok(checklistFor("cause.weight_init_zero").includes("wi.01"), 'checklistFor("cause.weight_init_zero").includes("wi.01")');
  assert.ok(checklistFor("loss_sawtooth").includes("dp.03"), 'checklistFor("loss_sawtooth").includes("dp.03")');
  assert.ok(checklistFor("loss_scale_wrong").includes("mp.02"), 'checklistFor("loss_scale_wrong").includes("mp.02")');
  assert.deepEqual(checklistFor("no_such_code"), []);
  for (const id of checklistFor("dead_relu")) assert.equal(knowledgeEntry(id)?.kind, "checklist");
});

test("category filter", () => {
  assert.ok(
    knowledgeByCategory("hp").every((e) => e.category === "hyper_parameters" || e.id.startsWith("hp.")),
    'knowledgeByCategory("hp").every((e) => e.category === "hyper_parameters" || e.id.startsWith("hp."))',
  );
  assert.equal(knowledgeByCategory("cause").length, specCauses().length);
});

test("every symptom a rule can raise as a warning or error has an entry", async () => {
  const fs = await import("node:fs");
  const path = await import("node:path");
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), "rules");
  const raised = new Set<string>();
  for (const f of fs.readdirSync(dir).filter((n: string) => n.endsWith(".ts") && !n.endsWith(".test.ts"))) {
    const src = fs.readFileSync(path.join(dir, f), "utf8");
    for (const m of src.matchAll(/finding\(\s*ctx,\s*"([a-z_]+)",\s*(?:"(error|warning|info)"|[^"])/g))
      if (m[2] !== "info") raised.add(m[1]);
    for (const m of src.matchAll(/symptom:\s*"([a-z_]+)"/g)) raised.add(m[1]);
  }
  assert.ok(raised.size >= 20, `found ${raised.size} symptoms`);
  for (const code of raised) assert.equal(knowledgeEntry(`symptom.${code}`)?.kind, "symptom", `missing symptom.${code}`);
});
