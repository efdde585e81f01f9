// The learning rate the run logged (hyper-parameter or the learning-rate scalar) compared with
// the usual range of its optimizer (names from the shared alias table: lr, learning_rate, lr0,
// SOLVER.BASE_LR ...): a scale the outcome can be checked against, never a finding
// by itself.
import { hparamNumberFor, hparamStringFor, type RunView } from "./run_view.ts";
import { median } from "./robust_stats.ts";
import { optimizerRange } from "../optimizer_ranges.ts";

export interface LearningRateSignal {
  value: number;
  source: string;
  optimizer?: string;
  /** Usual range for the optimizer family (adaptive: Adam/RMSprop/Adagrad...; SGD). */
  usual: [number, number];
  position: "low" | "usual" | "high";
}

// UMLAUT flags lr > 0.01 or < 1e-7 for Adam; common practice: Adam 1e-4..1e-2, SGD 1e-3..0.5.
// These are the usual spans a curve is judged against (an SGD step of 0.5 is "high" here and still
// practical for optimizer_ranges.ts, whose wider spans count the decades a configuration is off);
// families whose step is on another scale (OWN_SCALE) take their span from that table.
const ADAPTIVE: [number, number] = [1e-5, 2e-2];
const SGD: [number, number] = [1e-4, 0.2];
/** Families of optimizer_ranges.ts whose practical step is not Adam's: judged against their own range. */
const OWN_SCALE = new Set(["Adadelta", "Adagrad", "Ftrl", "LAMB/LARS", "Lion", "Adafactor"]);

export function learningRateSignal(view: RunView): LearningRateSignal | null {
  let value = hparamNumberFor(view, "learning_rate");
  let source = "hparams";
  if (value === undefined && view.lr) {
    const v = view.lr.values.filter(Number.isFinite);
    if (v.length) {
      value = median(v.slice(0, Math.max(1, Math.ceil(v.length / 10))));
      source = view.lr.key;
    }
  }
  if (value === undefined || !(value > 0)) return null;
  // (Lightning's LearningRateMonitor names the optimizer class in its tag: `lr-Adam`, `lr-SGD/pg1`)
  const optimizer = hparamStringFor(view, "optimizer") ?? optimizerOfLrTag(view.lr?.key);
  const sgd = optimizer !== undefined && /sgd|momentum|nesterov/i.test(optimizer);
  // (optimizers whose step is on another scale than Adam's keep their own practical range: Adadelta
  // at PyTorch's default 1.0, Adagrad, Ftrl, LAMB/LARS, Lion, Adafactor)
  const own = optimizer !== undefined && !sgd ? optimizerRange(optimizer) : undefined;
  // without a named optimizer only what holds for every family is claimed: the union of the ranges
  const usual: [number, number] =
    optimizer === undefined
      ? [Math.min(ADAPTIVE[0], SGD[0]), Math.max(ADAPTIVE[1], SGD[1])]
      : sgd
        ? SGD
        : own && OWN_SCALE.has(own.name)
          ? own.range
          : ADAPTIVE;
  return { value, source, optimizer, usual, position: value < usual[0] ? "low" : value > usual[1] ? "high" : "usual" };
}

/** The optimizer class a learning-rate tag names (`lr-Adam`, `lr-AdamW/pg1`, `train/lr-SGD`), if any. */
export function optimizerOfLrTag(key: string | undefined): string | undefined {
  const m = key ? /(?:^|\/)lr-([A-Za-z][A-Za-z0-9_]*)/.exec(key) : null;
  return m ? m[1] : undefined;
}
