import type { Command } from "commander";

export function registerInspect(program: Command): void {
  program.command("inspect").description("(not yet available)").action(() => {
    console.error("trainscope inspect: not yet available");
    process.exitCode = 2;
  });
}
