import type { Command } from "commander";

export function registerCompare(program: Command): void {
  program.command("compare").description("(not yet available)").action(() => {
    console.error("trainscope compare: not yet available");
    process.exitCode = 2;
  });
}
