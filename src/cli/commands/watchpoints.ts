import type { Command } from "commander";

export function registerWatchpoints(program: Command): void {
  program.command("watchpoints").description("(not yet available)").action(() => {
    console.error("trainscope watchpoints: not yet available");
    process.exitCode = 2;
  });
}
