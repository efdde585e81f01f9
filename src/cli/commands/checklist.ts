// `trainscope checklist [--json] [--category C] [ID]`: prints the knowledge base (symptoms, causes and
// checklist items with how each shows, how to confirm it and the fixes), or one entry by id.
import type { Command } from "commander";
import type { CHECKLIST_CATEGORIES, KnowledgeEntry } from "../../diagnose/index.ts";

export function formatKnowledgeEntry(e: KnowledgeEntry): string {
  const lines = [
    `${e.id}  ${e.title}  [${e.kind}, ${e.category}]`,
    `  shows:   ${e.shows}`,
    `  confirm: ${e.confirm}`,
    `  fixes:`,
    ...e.fixes.map((f, i) => `    ${i + 1}. ${f}`),
  ];
  if (e.related.length) lines.push(`  related: ${e.related.join(", ")}`);
  lines.push(`  source:  ${e.source}`);
  return lines.join("\n");
}

/** Several entries under headings: symptoms, causes, then each checklist category. */
export function formatKnowledgeEntries(entries: KnowledgeEntry[], categories: typeof CHECKLIST_CATEGORIES): string {
  if (entries.length === 1) return formatKnowledgeEntry(entries[0]) + "\n";
  const out: string[] = [];
  let heading = "";
  for (const e of entries) {
    const h =
      e.kind === "symptom"
        ? "Symptoms"
        : e.kind === "cause"
          ? "Causes"
          : `Checklist: ${categories.find((c) => c.category === e.category)?.label ?? e.category}`;
    if (h !== heading) {
      out.push(`${out.length ? "\n" : ""}== ${h} ==\n`);
      heading = h;
    }
    out.push(formatKnowledgeEntry(e) + "\n");
  }
  return out.join("\n");
}

export function registerChecklist(program: Command): void {
  program
    .command("checklist")
    .description("Print the knowledge base: symptoms, causes and checklist items with how to confirm and fix them")
    .argument("[id]", "one entry (e.g. hp.01, cause.dead_relu, symptom.loss_diverging)")
    .option("--json", "print a JSON array")
    .option("--category <c>", "only entries of this category, kind or id prefix (dataset, ds, hp, cause, symptom, learn...)")
    .action(async (id: string | undefined, opts: { json?: boolean; category?: string }) => {
      // the knowledge base is loaded when the command runs: other commands and --help never load it
      const { CHECKLIST_CATEGORIES, KNOWLEDGE_BASE, knowledgeEntry, knowledgeByCategory } = await import("../../diagnose/index.ts");
      let entries: KnowledgeEntry[] = KNOWLEDGE_BASE;
      if (id !== undefined) {
        const e = knowledgeEntry(id) ?? knowledgeEntry(`cause.${id}`) ?? knowledgeEntry(`symptom.${id}`);
        if (!e) {
          console.error(`trainscope checklist: no entry "${id}" (try \`trainscope checklist\` for the list)`);
          process.exitCode = 2;
          return;
        }
        entries = [e];
      }
      if (opts.category !== undefined) {
        const allowed = new Set(knowledgeByCategory(opts.category));
        entries = entries.filter((e) => allowed.has(e));
        if (entries.length === 0) {
          console.error(`trainscope checklist: no entries in category "${opts.category}"`);
          process.exitCode = 2;
          return;
        }
      }
      if (opts.json) {
        process.stdout.write(JSON.stringify(entries, null, 2) + "\n");
        return;
      }
      process.stdout.write(formatKnowledgeEntries(entries, CHECKLIST_CATEGORIES));
    });
}
