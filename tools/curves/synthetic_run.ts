// A synthetic healthy classifier run built from the model classes, for the 1 M-point test and the
// diagnosis benchmark: a per-step training loss falling from ln C towards a floor with mini-batch
// noise, per-step accuracy, a per-epoch validation loss/accuracy tracking it, a constant learning
// rate and the configuration (classes, batch size, steps per epoch). Deterministic (seeded LCG).
import { RunDir, type TrainingRun } from "../../src/model/index.ts";

export interface SyntheticRunOptions {
  /** Per-step training-loss points. */
  steps: number;
  /** Optimizer steps per epoch (default: steps / 20). */
  stepsPerEpoch?: number;
  classes?: number;
  seed?: number;
  name?: string;
}

export function syntheticHealthyRun(opts: SyntheticRunOptions): TrainingRun {
  const n = opts.steps,
    C = opts.classes ?? 10;
  const spe = Math.max(1, opts.stepsPerEpoch ?? Math.round(n / 20));
  let s = (opts.seed ?? 1) >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const name = opts.name ?? "synthetic";
  const d = new RunDir(name);
  const lnC = Math.log(C),
    floor = 0.15;
  const level = (i: number) => floor + (lnC - floor) * Math.exp(-i / (n / 6));
  const accOf = (l: number) => Math.min(0.99, 1 / C + (1 - 1 / C) * (1 - (l - floor) / (lnC - floor)) * 0.95);
  const loss = d.scalar("loss/train"),
    acc = d.scalar("accuracy/train"),
    lr = d.scalar("lr");
  for (let i = 0; i < n; i++) {
    const l = level(i) * Math.exp(0.15 * gauss());
    loss.push(i, i, l);
    acc.push(i, i, Math.min(1, Math.max(0, accOf(level(i)) + 0.02 * gauss())));
    if (i % spe === 0) lr.push(i, i, 1e-3);
  }
  const vl = d.scalar("loss/val"),
    va = d.scalar("accuracy/val");
  for (let e = 1; e * spe <= n; e++) {
    const st = e * spe - 1;
    const l = level(st) * 1.1 + 0.05;
    vl.push(st, st, l * Math.exp(0.02 * gauss()));
    va.push(st, st, accOf(l) - 0.01);
  }
  const run: TrainingRun = { name, dirs: [d], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
  const hp: Record<string, number | string> = {
    num_classes: C,
    batch_size: 64,
    steps_per_epoch: spe,
    learning_rate: 1e-3,
    optimizer: "adam",
  };
  for (const [k, v] of Object.entries(hp)) run.hparams.set(k, { name: k, value: v, sourceKind: "hparams_json", source: "hparams.json" });
  return run;
}
