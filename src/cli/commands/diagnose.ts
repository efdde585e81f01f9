import type { Command } from "commander";

export function registerDiagnose(program: Command): void {
  program.command("diagnose").description("(not yet available)").action(() => {
    console.error("trainscope diagnose: not yet available");
    process.exitCode = 2;
  });
}
