// The knowledge base (docs/spec/diagnosis.md, "Knowledge base"): every symptom and cause code and
// every seed checklist item as an entry with how it shows, how to confirm it and the fixes in order.
// `checklistFor` gives the checklist ids a finding's cause or symptom links to.
import { CAUSE_ENTRIES } from "./knowledge/causes.ts";
import { CHECKLIST_ENTRIES } from "./knowledge/checklists.ts";
import { SYMPTOM_ENTRIES } from "./knowledge/symptoms.ts";
import { RL_SYMPTOM_ENTRIES } from "./knowledge/reinforcement.ts";
import type { KnowledgeEntry } from "./knowledge/entry.ts";

export type { KnowledgeEntry, KnowledgeKind } from "./knowledge/entry.ts";

export const KNOWLEDGE_BASE: KnowledgeEntry[] = [...SYMPTOM_ENTRIES, ...RL_SYMPTOM_ENTRIES, ...CAUSE_ENTRIES, ...CHECKLIST_ENTRIES];

const BY_ID = new Map<string, KnowledgeEntry>(KNOWLEDGE_BASE.map((e) => [e.id, e]));

/** Checklist categories in display order, with their labels. */
export const CHECKLIST_CATEGORIES: { category: string; prefix: string; label: string }[] = [
  { category: "dataset", prefix: "ds", label: "Dataset" },
  { category: "data_processing", prefix: "dp", label: "Data processing" },
  { category: "hyper_parameters", prefix: "hp", label: "Hyper-parameters" },
  { category: "api_usage", prefix: "api", label: "API usage" },
  { category: "graph_structure", prefix: "cg", label: "Graph structure" },
  { category: "weight_init", prefix: "wi", label: "Weight initialisation" },
  { category: "mixed_precision", prefix: "mp", label: "Mixed precision" },
  { category: "not_learning", prefix: "learn", label: "Reasons a network does not learn" },
];

/** The entry with this id (`symptom.x`, `cause.x`, `hp.01`...), or undefined. */
export function knowledgeEntry(id: string): KnowledgeEntry | undefined {
  return BY_ID.get(id);
}

/**
 * Checklist ids relevant to a cause or symptom code (bare `learning_rate_too_high` or prefixed
 * `cause.learning_rate_too_high` / `symptom.loss_diverging`), in the entry's order: the ids the entry
 * names first, then checklist items that name the entry. Empty for unknown codes.
 */
export function checklistFor(code: string): string[] {
  const ids = code.includes(".") && BY_ID.has(code) ? [code] : [`cause.${code}`, `symptom.${code}`].filter((i) => BY_ID.has(i));
  const out: string[] = [];
  const add = (id: string) => {
    if (!out.includes(id)) out.push(id);
  };
  for (const id of ids) {
    const e = BY_ID.get(id)!;
    if (e.kind === "checklist") {
      add(e.id);
      continue;
    }
    for (const r of e.related) if (BY_ID.get(r)?.kind === "checklist") add(r);
  }
  for (const e of CHECKLIST_ENTRIES) if (e.related.some((r) => ids.includes(r))) add(e.id);
  return out;
}

/** Entries filtered by category, kind or id prefix (`hp`, `cause`, `dataset`, `learn`...). */
export function knowledgeByCategory(category: string): KnowledgeEntry[] {
  const c = category.toLowerCase();
  const cat = CHECKLIST_CATEGORIES.find((x) => x.prefix === c || x.category === c || x.label.toLowerCase() === c);
  return KNOWLEDGE_BASE.filter(
    (e) => e.category === c || e.kind === c || (cat !== undefined && e.category === cat.category) || e.id.startsWith(c + "."),
  );
}
