// HuggingFace Trainer's `trainer_state.json` keeps everything the Trainer logged in `log_history`:
// one object per logging step (`loss`, `grad_norm`, `learning_rate`, `epoch`), per evaluation
// (`eval_loss`, `eval_accuracy`, `eval_runtime`, ...), and a last summary (`train_runtime`,
// `train_loss`, ...), each with the global `step`. A run trained without TensorBoard has only this.
// The values become scalar series under the names HF's TensorBoard callback gives them
// (`rewrite_logs`: `eval_x` → `eval/x`, `test_x` → `test/x`, anything else → `train/x`), at the
// entry's `step`. A re-read replaces what the previous read of the same file wrote; a tag the
// directory already holds from another file is left to that file.
import type { RunDir, SourceFile } from "../model/index.ts";
import { rewriteOwnedScalars } from "./owned_scalars.ts";

/** The TensorBoard tag HF's callback writes for a `log_history` key. */
export function hfTensorBoardTag(key: string): string {
  if (key.startsWith("eval_")) return `eval/${key.slice(5)}`;
  if (key.startsWith("test_")) return `test/${key.slice(5)}`;
  return `train/${key}`;
}

/**
 * Writes `log_history` into `dir` as scalar series (replacing what the previous read of `source`
 * wrote). Entries without a numeric `step`, and values that are not numbers, are skipped.
 */
export function readLogHistory(history: unknown, dir: RunDir, source: SourceFile): void {
  const tags = rewriteOwnedScalars(dir, source, (put) => {
    if (!Array.isArray(history)) return;
    for (const entry of history) {
      if (entry === null || typeof entry !== "object") continue;
      const e = entry as Record<string, unknown>;
      const step = e.step;
      if (typeof step !== "number" || !Number.isFinite(step)) continue;
      for (const [key, value] of Object.entries(e))
        if (key !== "step" && typeof value === "number") put(hfTensorBoardTag(key), step, value);
    }
  });
  // `step` is the Trainer's global (optimizer) step
  for (const t of tags) {
    const x = dir.scalars.get(t);
    if (x) x.unit = "step";
  }
  for (const [k, x] of dir.copies) if (k.startsWith(`${source.path}\u0000`)) x.unit = "step";
}
