// `npm run eval [-- --zoo DIR] [--json] [--misses]`: diagnoses every run of a fault-zoo logdir
// (built by `npm run zoo -- --out DIR --seed S`, with DIR/labels.json) and prints, per fault,
// recall and top-1, the healthy false-positive rate, per-cause and micro precision and the mean
// number of distinct causes per run. Without --zoo it builds a zoo with --seed (default 2) into a
// temporary directory first.
// `npm run eval -- --families [--world DIR] [--zoo DIR] [--realworld DIR] [--refit FILE]`: the
// leave-one-family-out table (families.ts) over a worldgen build (tools/worldgen; built with
// --seed, default 1, when --world is not given), plus the zoo's families when --zoo is given, and
// the real-world corpus score (realworld.ts; ../shared/realworld by default, skipped when absent).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { Command } from "commander";
import { loadExperiment } from "../../src/reader/index.ts";
import { diagnoseRun } from "../../src/diagnose/index.ts";
import { score, type EvalScore, type LabeledDiagnosis } from "./score.ts";
import { formatFaults, formatFamilies, labeledRuns, leaveOneFamilyOut, loadFit, worldLabels, zooLabels } from "./families.ts";
import { formatRealworld, scoreRealworld } from "./realworld.ts";
import { buildWorld } from "../worldgen/build.ts";

interface LabelRow {
  path: string;
  fault: string;
  variant: string;
  convention?: string;
  level?: string;
}

/** The label whose path is the longest prefix of (or equal to) the run's path. */
export function labelFor(run: string, labels: LabelRow[]): LabelRow | undefined {
  let best: LabelRow | undefined;
  for (const l of labels) {
    const p = l.path.replace(/\/+$/, "");
    if (run === p || run.startsWith(p + "/")) if (!best || p.length > best.path.length) best = l;
  }
  return best;
}

export async function evaluateZoo(
  dir: string,
): Promise<{ items: LabeledDiagnosis[]; score: EvalScore; unlabeled: string[]; msPerRun: number }> {
  const labelsFile = path.join(dir, "labels.json");
  if (!fs.existsSync(labelsFile)) throw new Error(`${labelsFile}: no labels.json (build the zoo with npm run zoo -- --out DIR --seed S)`);
  const labels = JSON.parse(fs.readFileSync(labelsFile, "utf8")) as { runs: LabelRow[] } | LabelRow[];
  const rows = Array.isArray(labels) ? labels : labels.runs;
  const exp = await loadExperiment(dir);
  const items: LabeledDiagnosis[] = [];
  const unlabeled: string[] = [];
  let ms = 0;
  const seen = new Set<string>();
  for (const run of exp.runs) {
    const l = labelFor(run.name, rows);
    if (!l) {
      unlabeled.push(run.name);
      continue;
    }
    const t0 = performance.now();
    const findings = diagnoseRun(run);
    ms += performance.now() - t0;
    if (seen.has(l.path)) {
      // several TensorBoard runs of one zoo run (should not happen once grouped): merge findings
      items.find((i) => i.run === l.path)!.findings.push(...findings);
      continue;
    }
    seen.add(l.path);
    items.push({ run: l.path, fault: l.fault, variant: l.variant, convention: l.convention, level: l.level, findings });
  }
  return { items, score: score(items), unlabeled, msPerRun: items.length ? ms / items.length : 0 };
}

function pc(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : "n/a";
}

export function formatScore(s: EvalScore, misses: boolean): string {
  const L: string[] = [];
  L.push(`runs: ${s.runs} (${s.healthyRuns} healthy)`);
  L.push("", "fault                         runs  recall   top-1");
  for (const f of s.faults)
    L.push(`${f.fault.padEnd(28)} ${String(f.runs).padStart(5)}  ${pc(f.recall).padStart(7)}  ${pc(f.top1).padStart(7)}`);
  L.push("", `macro recall: ${pc(s.macroRecall)}   macro top-1: ${pc(s.macroTop1)}`);
  L.push(`healthy false positives: ${s.healthyFalsePositives}/${s.healthyRuns} = ${pc(s.healthyFpRate)}`);
  L.push(`micro precision: ${pc(s.microPrecision)}`);
  L.push(`mean distinct causes per run: ${s.meanDistinctCauses.toFixed(2)} (faulty runs: ${s.meanDistinctCausesFaulty.toFixed(2)})`);
  L.push("", "cause                         reported  correct  precision");
  for (const c of s.causes)
    L.push(`${c.cause.padEnd(28)} ${String(c.reported).padStart(9)} ${String(c.correct).padStart(8)}  ${pc(c.precision).padStart(9)}`);
  if (misses) {
    L.push("", "misses:");
    for (const f of s.faults) for (const m of f.misses) L.push(`  ${f.fault}: ${m}`);
  }
  return L.join("\n") + "\n";
}

async function main(): Promise<void> {
  const program = new Command();
  program
    .name("eval")
    .option("--zoo <dir>", "fault-zoo logdir with labels.json")
    .option("--seed <n>", "seed of the zoo to build when --zoo is not given", "2")
    .option("--json", "print the scores as JSON")
    .option("--misses", "list the runs whose fault was missed")
    .option("--healthy-fp", "list healthy runs with a warning/error")
    .option("--run <substr>", "print the findings of the runs whose path contains this")
    .option("--families", "leave-one-family-out table over a worldgen build (and --zoo), plus the real-world corpus")
    .option("--world <dir>", "worldgen build (npm run worldgen -- --out DIR); built with --seed 1 when absent")
    .option("--realworld <dir>", "real-world corpus with RUNS.md and logs/", path.resolve(import.meta.dirname, "../../../shared/realworld"))
    .option("--refit <file>", "module exporting fit(trainingRuns, heldOutFamily) => {diagnose(run)}: fitted without the held-out family");
  program.parse(process.argv);
  const o = program.opts<{
    zoo?: string;
    seed: string;
    json?: boolean;
    misses?: boolean;
    healthyFp?: boolean;
    run?: string;
    families?: boolean;
    world?: string;
    realworld: string;
    refit?: string;
  }>();
  if (o.families) {
    await familiesMain(o);
    return;
  }
  let dir = o.zoo;
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-zoo-"));
    process.stderr.write(`building the zoo with seed ${o.seed} into ${dir} ...\n`);
    execFileSync(process.execPath, ["--import", "tsx", "examples/fault-zoo/build.ts", "--out", dir, "--seed", o.seed], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  const r = await evaluateZoo(dir);
  if (o.json) {
    process.stdout.write(JSON.stringify({ zoo: dir, ...r.score, msPerRun: r.msPerRun, unlabeled: r.unlabeled }, null, 2) + "\n");
    return;
  }
  process.stdout.write(`zoo: ${dir}\n` + formatScore(r.score, !!o.misses));
  process.stdout.write(`diagnosis time: ${r.msPerRun.toFixed(1)} ms per run\n`);
  if (r.unlabeled.length) process.stdout.write(`unlabeled runs (not scored): ${r.unlabeled.join(", ")}\n`);
  if (o.healthyFp) {
    for (const it of r.items)
      if (it.fault === "healthy" && it.findings.some((f) => f.severity !== "info")) {
        process.stdout.write(
          `  FP ${it.run} [${it.variant} ${it.convention}/${it.level}]: ${it.findings
            .filter((f) => f.severity !== "info")
            .map((f) => `${f.symptom}(${f.causes.map((c) => c.code).join(",")}) ${f.title}`)
            .join(" | ")}\n`,
        );
      }
  }
  if (o.run) {
    for (const it of r.items)
      if (it.run.includes(o.run)) {
        process.stdout.write(`\n## ${it.run} [${it.fault} ${it.variant} ${it.convention}/${it.level}]\n`);
        for (const f of it.findings)
          process.stdout.write(
            `  ${f.severity} ${f.symptom}: ${f.title} → ${f.causes.map((c) => `${c.code}:${c.confidence}`).join(", ")}\n`,
          );
      }
  }
}

async function familiesMain(o: {
  zoo?: string;
  world?: string;
  realworld: string;
  refit?: string;
  json?: boolean;
  misses?: boolean;
}): Promise<void> {
  let world = o.world;
  if (!world) {
    world = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-world-"));
    process.stderr.write(`building the development runs (seed 1) into ${world} ...\n`);
    buildWorld(world, 1);
  }
  // only the logs: raw/ holds the trainer's JSON, which a reader would take for more runs
  const w = await labeledRuns(
    path.join(world, "logs"),
    worldLabels(world).map((l) => ({ ...l, path: path.relative("logs", l.path) })),
  );
  const groups = w.groups;
  const unlabeled = [...w.unlabeled];
  if (o.zoo) {
    const z = await labeledRuns(o.zoo, zooLabels(o.zoo));
    for (const [k, v] of z.groups) groups.set(`zoo:${k}`, v);
    unlabeled.push(...z.unlabeled);
  }
  const fit = await loadFit(o.refit);
  const r = await leaveOneFamilyOut(groups, fit);
  const rw = fs.existsSync(path.join(o.realworld, "RUNS.md")) ? await scoreRealworld(o.realworld) : undefined;
  if (o.json) {
    process.stdout.write(JSON.stringify({ world, zoo: o.zoo, ...r, realworld: rw }, null, 2) + "\n");
    return;
  }
  process.stdout.write(`development runs: ${world}${o.zoo ? ` + zoo ${o.zoo}` : ""}; refit: ${o.refit ?? "none (today's thresholds)"}\n\n`);
  process.stdout.write(formatFamilies(r));
  process.stdout.write("\npooled held-out faults:\n" + formatFaults(r.pooled, !!o.misses));
  for (const b of r.bySet.filter((x) => !x.name.includes(",")))
    process.stdout.write(`\nheld-out faults of the ${b.name} set:\n` + formatFaults(b.score, false));
  if (unlabeled.length) process.stdout.write(`unlabeled runs (not scored): ${unlabeled.length}\n`);
  process.stdout.write("\nreal-world logs (" + o.realworld + "):\n" + (rw ? formatRealworld(rw, !!o.misses) : "absent: not scored\n"));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((e) => {
    process.stderr.write(`eval: ${(e as Error).message}\n`);
    process.exitCode = 2;
  });
}
