// The cause catalogue: one entry per cause code of the spec, each with fixes, checklist ids that
// exist in the knowledge base, symptoms it explains, and an evidence requirement where the cause
// is weight-level; every fact it names is one the facts module can produce.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CAUSE_MODELS, causeModel } from "./cause_model.ts";
import { knowledgeEntry } from "./knowledge.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const SPEC = path.join(here, "../../docs/spec/diagnosis.md");

/** Causes that live in weights, gradients or activations: never asserted from scalars alone. */
const WEIGHT_LEVEL = [
  "weights_frozen",
  "weight_init_zero",
  "weight_init_too_large",
  "weight_init_too_small",
  "dead_relu",
  "vanishing_gradient",
  "exploding_gradient",
  "activation_saturation",
  "weights_shared_wrongly",
];

test("every cause has fixes, checklist ids of the knowledge base, explained symptoms, and a declared evidence requirement", () => {
  assert.equal(CAUSE_MODELS.length, 33);
  for (const m of CAUSE_MODELS) {
    assert.ok(m.fixes.length >= 1, `${m.code}: no fixes`);
    assert.ok(m.checklist.length >= 1, `${m.code}: no checklist ids`);
    for (const id of m.checklist) assert.ok(knowledgeEntry(id), `${m.code}: checklist id ${id} is not in the knowledge base`);
    assert.ok(m.explains.length >= 1, `${m.code}: explains no symptom`);
    assert.ok(m.requires === null || (m.requires.anyOf.length >= 1 && m.requires.log.length > 0), `${m.code}: malformed requirement`);
    for (const r of [...m.raisedBy, ...m.loweredBy]) assert.ok(r.weight > 0 && r.weight <= 1, `${m.code}: weight ${r.weight} of ${r.fact}`);
    if (m.requires?.anyOf.includes("config"))
      assert.ok((m.requires.configFacts ?? []).length >= 1, `${m.code}: "config" backs it but no fact is named`);
  }
  for (const code of WEIGHT_LEVEL) {
    const m = causeModel(code);
    assert.ok(m?.requires, `${code} is weight-level and must require weight/gradient/activation evidence`);
    assert.ok(!m.requires.anyOf.every((k) => k === "config"), `${code}: configuration alone is not its only evidence`);
  }
});

test("the catalogue holds exactly the cause codes of the spec", (t) => {
  if (!fs.existsSync(SPEC)) {
    t.skip("docs/spec/diagnosis.md absent");
    return;
  }
  const text = fs.readFileSync(SPEC, "utf8");
  const section = text.slice(text.indexOf("## Cause codes"), text.indexOf("## Symptom codes"));
  const codes = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
  assert.equal(codes.length, 33);
  assert.deepEqual([...CAUSE_MODELS.map((m) => m.code)].sort(), [...codes].sort());
});
