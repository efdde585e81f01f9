import type { Command } from "commander";

export function registerExport(program: Command): void {
  program.command("export").description("(not yet available)").action(() => {
    console.error("trainscope export: not yet available");
    process.exitCode = 2;
  });
}
