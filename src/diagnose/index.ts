// Public API of the diagnose part.
export {};
export { KNOWLEDGE_BASE, knowledgeEntry, checklistFor, knowledgeByCategory, CHECKLIST_CATEGORIES } from "./knowledge.ts";
export type { KnowledgeEntry, KnowledgeKind } from "./knowledge.ts";
