// Checklist ids for a cause or symptom code, from the knowledge base.
import { checklistFor } from "../knowledge.ts";

export function checklistIds(code: string): string[] {
  try {
    return checklistFor(code);
  } catch {
    return [];
  }
}
