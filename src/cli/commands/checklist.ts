import type { Command } from "commander";

export function registerChecklist(program: Command): void {
  program.command("checklist").description("(not yet available)").action(() => {
    console.error("trainscope checklist: not yet available");
    process.exitCode = 2;
  });
}
