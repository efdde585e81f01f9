// `npm run bench`: every benchmark in turn, each in its own process, stopping at the first that
// fails (as the former `a && b && ...` chain did). `npm run bench -- --team` runs only the team-mode
// benchmark (bench/team.ts: PostgreSQL ingest, kill-and-restart, dashboards under 50 clients);
// `npm run bench -- --scale [--size small|medium|full|wide] [--keep] [--reuse WORKDIR]` only the big-logdir one on one
// machine (bench/scale.ts: the embedded index), its options passed on.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT = ["run.ts", "recorder.ts", "diagnose.ts", "dashboard.ts", "graph.ts", "startup.ts", "soak.ts"];
const SELECT: Record<string, string[]> = { "--team": ["team.ts"], "--scale": ["scale.ts"] };

const argv = process.argv.slice(2);
// bench/scale.ts's own options (--size NAME, --keep, --reuse WORKDIR) go to it
const passed: string[] = [];
const args: string[] = [];
for (let i = 0; i < argv.length; i++) {
  if ((argv[i] === "--size" || argv[i] === "--reuse") && i + 1 < argv.length) passed.push(argv[i], argv[++i]);
  else if (argv[i] === "--keep") passed.push(argv[i]);
  else args.push(argv[i]);
}
if (passed.length && !args.includes("--scale")) {
  process.stderr.write(`bench: ${passed.join(" ")} goes with --scale\n`);
  process.exit(2);
}
const unknown = args.filter((a) => !(a in SELECT));
if (unknown.length) {
  process.stderr.write(`bench: unknown option(s) ${unknown.join(" ")} (known: ${Object.keys(SELECT).join(" ")})\n`);
  process.exit(2);
}
const files = args.length ? args.flatMap((a) => SELECT[a]) : DEFAULT;
for (const f of files) {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(here, f), ...(f === "scale.ts" ? passed : [])], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
