// `npm run zoo -- --out DIR --seed S [--subset N] [--level scalars|full] [--convention C]
//  [--faults a,b] [--workers N] [--demo]`: trains the fault zoo with TF.js (wasm backend, every
// architecture), logs every run in its convention, checks that each injected fault shows in what
// was logged (re-seeding up to twice, then dropping the run), and writes DIR/labels.json.

import * as fs from "node:fs";
import * as path from "node:path";
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { buildCatalog, demoCatalog } from "./catalog.ts";
import type { Convention, Level, RunSpec } from "./spec.ts";

export interface RunLabel {
  path: string;
  fault: string;
  variant: string;
  convention: Convention;
  level: Level;
  seed: number;
  config: Record<string, unknown>;
  check: { visible: boolean; evidence: string; attempts: number };
}

export interface Labels {
  schema: 1;
  seed: number;
  runs: RunLabel[];
  dropped: { id: string; fault: string; variant: string; evidence: string }[];
}

function configOf(spec: RunSpec): Record<string, unknown> {
  return {
    model: spec.model.arch,
    hidden: spec.model.hidden,
    activation: spec.model.activation,
    init: spec.model.init,
    dropout: spec.model.dropout ?? 0,
    output_activation: spec.model.outputActivation,
    optimizer: spec.optimizer,
    lr: spec.lr,
    schedule: spec.schedule,
    batch_size: spec.batchSize,
    epochs: spec.epochs,
    early_stopping_patience: spec.earlyStoppingPatience ?? null,
    dataset: spec.dataset,
    classes: spec.classes,
    n_train: spec.nTrain,
    n_val: spec.nVal,
    loss: spec.loss,
    task: spec.dataset === "regression" || spec.dataset === "adding" ? "regression" : "classification",
    collect_freq: spec.level === "full" ? spec.collectFreq : null,
    fault_params: Object.fromEntries(
      Object.entries({
        input_scale: spec.inputScale,
        input_offset: spec.inputOffset,
        label_noise_fraction: spec.labelNoiseFraction,
        sort_by_class: spec.sortByClass,
        majority_fraction: spec.majorityFraction,
        repeat_batch: spec.repeatBatch,
        frozen_layer: spec.frozenLayer,
        frozen_mode: spec.frozenMode,
        first_step_lr_multiplier: spec.firstStepLrMultiplier,
        init_scale: spec.model.initScale,
        bias_init: spec.model.biasInit,
        recurrent_gain: spec.model.recurrentGain,
        data_noise: spec.dataNoise,
      }).filter(([, v]) => v !== undefined),
    ),
  };
}

interface WorkResult {
  label?: RunLabel;
  dropped?: Labels["dropped"][number];
  log: string;
}

/** Trains, checks and (re-)seeds one run; used in a worker process. */
async function work(spec: RunSpec, out: string, index: number): Promise<WorkResult> {
  const { trainRun } = await import("./train.ts");
  const { makeSink } = await import("./conventions.ts");
  const { checkInjection } = await import("./check.ts");
  let evidence = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const s: RunSpec = attempt === 0 ? spec : { ...spec, seed: (spec.seed + 7919 * attempt) & 0x7fffffff };
    const dir = path.join(out, s.id);
    fs.rmSync(dir, { recursive: true, force: true });
    const t0 = performance.now();
    const h = await trainRun(s, makeSink(s, dir, index));
    const c = checkInjection(s, h);
    evidence = c.evidence;
    const ms = (performance.now() - t0).toFixed(0);
    if (c.visible) {
      return {
        label: {
          path: s.id,
          fault: s.fault,
          variant: s.variant,
          convention: s.convention,
          level: s.level,
          seed: s.seed,
          config: configOf(s),
          check: { visible: true, evidence, attempts: attempt + 1 },
        },
        log: `ok    ${s.id} (${s.convention}/${s.level}, ${h.steps.length} steps, ${ms} ms${attempt ? `, re-seeded ×${attempt}` : ""}): ${evidence}`,
      };
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return {
    dropped: { id: spec.id, fault: spec.fault, variant: spec.variant, evidence },
    log: `DROP  ${spec.id}: fault not visible after 3 seeds: ${evidence}`,
  };
}

async function initTf(): Promise<void> {
  const tf = await import("@tensorflow/tfjs");
  await import("@tensorflow/tfjs-backend-wasm");
  tf.enableProdMode();
  if (!(await tf.setBackend("wasm"))) await tf.setBackend("cpu");
  await tf.ready();
}

/** Worker entry: trains runs i, i+N, ... and sends results back. */
async function workerMain(catalog: RunSpec[], out: string, part: number, of: number): Promise<void> {
  await initTf();
  for (let i = part; i < catalog.length; i += of) {
    let r: WorkResult;
    try {
      r = await work(catalog[i], out, i);
    } catch (e) {
      r = {
        dropped: {
          id: catalog[i].id,
          fault: catalog[i].fault,
          variant: catalog[i].variant,
          evidence: `training failed: ${String(e).slice(0, 300)}`,
        },
        log: `FAIL  ${catalog[i].id}: ${String(e).slice(0, 300)}`,
      };
    }
    process.send!({ i, ...r });
  }
}

export interface BuildOptions {
  out: string;
  seed: number;
  subset?: number;
  level?: Level;
  convention?: Convention;
  faults?: string[];
  workers?: number;
  demo?: boolean;
  quiet?: boolean;
}

/** Builds the zoo (in `workers` child processes) and writes labels.json; returns the labels. */
export async function buildZoo(o: BuildOptions): Promise<Labels> {
  const catalog = o.demo
    ? demoCatalog(o.seed)
    : buildCatalog({ seed: o.seed, subset: o.subset, level: o.level, convention: o.convention, faults: o.faults });
  if (fs.existsSync(o.out) && fs.readdirSync(o.out).length > 0 && !fs.existsSync(path.join(o.out, "labels.json"))) {
    throw new Error(`${o.out} is not empty and holds no labels.json: refusing to write a zoo over it`);
  }
  if (fs.existsSync(path.join(o.out, "labels.json"))) fs.rmSync(o.out, { recursive: true, force: true });
  fs.mkdirSync(o.out, { recursive: true });
  const workers = Math.max(1, Math.min(o.workers ?? 2, catalog.length));
  const results = new Array<WorkResult | undefined>(catalog.length);
  const t0 = performance.now();
  const self = fileURLToPath(import.meta.url);
  await Promise.all(
    Array.from(
      { length: workers },
      (_, part) =>
        new Promise<void>((resolve, reject) => {
          const child = fork(
            self,
            ["--worker", `${part}/${workers}`, "--out", o.out, "--seed", String(o.seed), "--catalog-json", JSON.stringify(catalog)],
            {
              execArgv: process.execArgv.length ? process.execArgv : ["--import", "tsx"],
              stdio: ["ignore", "inherit", "inherit", "ipc"],
            },
          );
          child.on("message", (m: WorkResult & { i: number }) => {
            results[m.i] = m;
            if (!o.quiet) console.log(m.log);
          });
          child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`zoo worker ${part} exited with code ${code}`))));
        }),
    ),
  );
  const labels: Labels = { schema: 1, seed: o.seed, runs: [], dropped: [] };
  for (const [i, r] of results.entries()) {
    if (!r) throw new Error(`zoo: no result for run ${catalog[i].id}`);
    if (r.label) labels.runs.push(r.label);
    if (r.dropped) labels.dropped.push(r.dropped);
  }
  fs.writeFileSync(path.join(o.out, "labels.json"), JSON.stringify(labels, null, 2) + "\n");
  if (!o.quiet) {
    const byFault = new Map<string, number>();
    for (const r of labels.runs) byFault.set(r.fault, (byFault.get(r.fault) ?? 0) + 1);
    console.log(
      `\n${labels.runs.length} runs kept, ${labels.dropped.length} dropped, ${((performance.now() - t0) / 1000).toFixed(1)} s with ${workers} worker(s)`,
    );
    console.log(
      [...byFault]
        .sort()
        .map(([f, n]) => `  ${f}: ${n}`)
        .join("\n"),
    );
    for (const d of labels.dropped) console.log(`  dropped ${d.id}: ${d.evidence}`);
  }
  return labels;
}

async function main(): Promise<void> {
  const p = new Command()
    .name("zoo")
    .requiredOption("--out <dir>", "output logdir")
    .option("--seed <n>", "seed", "1")
    .option("--subset <n>", "build only N runs (a seeded pick covering every fault kind)")
    .option("--level <level>", "force the level: scalars | full")
    .option("--convention <c>", "force the convention: pytorch | lightning | keras | add_scalars | csv")
    .option("--faults <list>", "comma-separated fault codes (and/or healthy) to build")
    .option("--workers <n>", "worker processes", "2")
    .option("--demo", "build the small demo logdir (examples/logs)")
    .option("--worker <i/n>", "(internal) run as worker i of n")
    .option("--catalog-json <json>", "(internal) catalogue for a worker")
    .parse();
  const a = p.opts();
  if (a.worker) {
    const [part, of] = String(a.worker).split("/").map(Number);
    await workerMain(JSON.parse(a.catalogJson) as RunSpec[], a.out, part, of);
    return;
  }
  await buildZoo({
    out: a.out,
    seed: Number(a.seed),
    subset: a.subset ? Number(a.subset) : undefined,
    level: a.level,
    convention: a.convention,
    faults: a.faults ? String(a.faults).split(",") : undefined,
    workers: Number(a.workers),
    demo: Boolean(a.demo),
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`zoo: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
