// `npm run eval:restyle -- --zoo DIR [--style hf_trainer,timm_csv,...] [--out DIR] [--json]`:
// re-writes every zoo run in other frameworks' logging styles (restyle.ts), diagnoses the original
// and the restyled runs and prints, per style, how many runs' warning/error causes changed (with
// the list, original → restyled causes), the roles lost, and the restyled eval score. Each
// restyled directory carries labels.json, so `npm run eval -- --zoo OUT/<style>` scores it too.
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { Command } from "commander";
import { STYLES, compareRestyled, formatRestyleReport, type Style } from "./restyle.ts";

async function main(): Promise<void> {
  const program = new Command();
  program
    .name("eval:restyle")
    .requiredOption("--zoo <dir>", "fault-zoo logdir with labels.json")
    .option("--style <list>", `comma-separated styles (${STYLES.join(", ")})`, STYLES.join(","))
    .option("--out <dir>", "where the restyled zoos go (one sub-directory per style)")
    .option("--json", "print the reports as JSON");
  program.parse(process.argv);
  const o = program.opts<{ zoo: string; style: string; out?: string; json?: boolean }>();
  const styles = o.style
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of styles)
    if (!(STYLES as readonly string[]).includes(s)) throw new Error(`unknown style ${s} (known: ${STYLES.join(", ")})`);
  const out = o.out ?? fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-restyle-"));
  const { original, reports } = await compareRestyled(o.zoo, out, styles as Style[]);
  if (o.json) {
    process.stdout.write(JSON.stringify({ zoo: o.zoo, out, original, reports }, null, 2) + "\n");
    return;
  }
  process.stdout.write(`zoo: ${o.zoo}\nrestyled: ${out}\n` + formatRestyleReport(original, reports));
}

main().catch((e) => {
  process.stderr.write(`eval:restyle: ${(e as Error).message}\n`);
  process.exitCode = 2;
});
