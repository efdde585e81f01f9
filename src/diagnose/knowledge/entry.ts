// Shape of one knowledge-base entry (docs/spec/diagnosis.md, "Knowledge base"): a symptom, a cause
// or a checklist item, with how it shows in the logs, how to confirm it, and the fixes in order.

export type KnowledgeKind = "symptom" | "cause" | "checklist";

export interface KnowledgeEntry {
  /** `symptom.<code>`, `cause.<code>`, or a short checklist id (`ds.01`, `hp.02`, `learn.17`...). */
  id: string;
  kind: KnowledgeKind;
  /** Group the entry belongs to (e.g. `dataset`, `hyper_parameters`, `loss`, `gradient`). */
  category: string;
  title: string;
  /** How the problem shows in the logged curves, histograms and configuration. */
  shows: string;
  /** How to confirm it (what to look at, what to try). */
  confirm: string;
  /** Fixes, most advisable first. */
  fixes: string[];
  /** Ids of related entries (symptoms, causes, checklist items). */
  related: string[];
  /** Which source document / section the entry is drawn from. */
  source: string;
}

/** Source documents (shared/seeds) and sections, named once so every entry cites them the same way. */
export const SOURCES = {
  guide: "seeds/000 MindSpore accuracy problem locating and optimization guide",
  blog: "seeds/001 MindSpore accuracy tuning series (3): common accuracy problems",
  project: "seeds/002 How to start a deep learning project (parts 5-6: debugging, tuning)",
  training: "seeds/003 MindSpore model training tutorial (hyper-parameters, loss, optimizer)",
  notLearning: "seeds/004 Reasons a neural network does not learn (37 checks)",
  spec: "spec/diagnosis.md",
  checklistIds: "reference/mindinsight.md §5 (MindInsight accuracy checklist ids)",
  debugger: "reference/mindinsight.md §2 (debugger watch conditions)",
} as const;

/** Compact constructor used by the data files. */
export function entry(
  kind: KnowledgeKind,
  id: string,
  category: string,
  title: string,
  shows: string,
  confirm: string,
  fixes: string[],
  related: string[],
  source: string,
): KnowledgeEntry {
  return { id, kind, category, title, shows, confirm, fixes, related, source };
}
