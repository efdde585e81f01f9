// The run picker of per-run pages (histograms, tensors, images, diagnosis): a failed run without
// any readable value cannot be chosen; on a data page (`kind`) a run known to hold none of that
// kind says so beside its name.
import type { RunListItem } from "../api.ts";
import type { ViewProps } from "./view.ts";
import type { DataKind } from "./run_with.ts";

export function RunPicker({ runs, current, set, kind }: { runs: RunListItem[]; current?: string; set: ViewProps["set"]; kind?: DataKind }) {
  return (
    <label class="picker">
      Run{" "}
      <select value={current} onChange={(e) => set({ run: (e.target as HTMLSelectElement).value })}>
        {runs.map((r) => (
          <option value={r.name} disabled={r.status === "failed" && !r.lastValues}>
            {r.name}
            {r.status === "failed" ? " (failed)" : ""}
            {kind && r.kinds && r.kinds[kind] === 0 ? ` (no ${kind})` : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
