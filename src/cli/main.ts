// The `trainscope` command line: one sub-command per file in ./commands.
import { Command } from "commander";
import { registerInspect } from "./commands/inspect.ts";
import { registerExport } from "./commands/export.ts";
import { registerDiagnose } from "./commands/diagnose.ts";
import { registerWatchpoints } from "./commands/watchpoints.ts";
import { registerChecklist } from "./commands/checklist.ts";
import { registerCompare } from "./commands/compare.ts";
import { registerServe } from "./commands/serve.ts";
import { registerLineage } from "./commands/lineage.ts";
import { registerIngest } from "./commands/ingest.ts";
import { registerToken } from "./commands/token.ts";
import { VERSION } from "./version.ts";

const program = new Command();
program.name("trainscope").description("Reads training logs, shows them and diagnoses why a run went wrong").version(VERSION);
registerInspect(program);
registerExport(program);
registerDiagnose(program);
registerWatchpoints(program);
registerChecklist(program);
registerCompare(program);
registerLineage(program);
registerServe(program);
registerIngest(program);
registerToken(program);
await program.parseAsync(process.argv);
