// The run picker of per-run pages (histograms, tensors, images, diagnosis): a failed run without
// any readable value cannot be chosen.
import type { RunListItem } from "../api.ts";
import type { ViewProps } from "./view.ts";

export function RunPicker({ runs, current, set }: { runs: RunListItem[]; current?: string; set: ViewProps["set"] }) {
  return (
    <label class="picker">
      Run{" "}
      <select value={current} onChange={(e) => set({ run: (e.target as HTMLSelectElement).value })}>
        {runs.map((r) => (
          <option value={r.name} disabled={r.status === "failed" && !r.lastValues}>
            {r.name}
            {r.status === "failed" ? " (failed)" : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
