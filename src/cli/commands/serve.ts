import type { Command } from "commander";

export function registerServe(program: Command): void {
  program.command("serve").description("(not yet available)").action(() => {
    console.error("trainscope serve: not yet available");
    process.exitCode = 2;
  });
}
