// `npm run bench`: every benchmark in turn, each in its own process; `npm run bench -- --scale
// [--size small|medium|full] [--keep]` runs only the big-logdir one (bench/scale.ts).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const scripts = args.includes("--scale")
  ? ["scale.ts"]
  : ["run.ts", "recorder.ts", "diagnose.ts", "dashboard.ts", "graph.ts", "startup.ts", "soak.ts"];
for (const s of scripts) {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(HERE, s), ...args.filter((a) => a !== "--scale")], {
    stdio: "inherit",
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
