// Which run a per-run data page (histograms, tensors, images) opens on. Contract: a run the user
// chose (the URL's `run`) is kept; otherwise the first run holding data of the page's kind, in the
// shell's order (the shown runs first, then every readable run); when no run has any and every run
// has been read, `none` says so (the page then states it plainly); while some run is still being
// read and none has data yet, the shell's default run is used. Pure: shared by the views and tests.
import type { RunListItem } from "../api.ts";

export type DataKind = "histograms" | "tensors" | "images";

export function runWithData(
  kind: DataKind,
  p: { explicit?: string; runs: RunListItem[]; shown: string[]; current?: string },
): { run?: string; none: boolean } {
  if (p.explicit && p.runs.some((r) => r.name === p.explicit)) return { run: p.explicit, none: false };
  const byName = new Map(p.runs.map((r) => [r.name, r]));
  const order = [...new Set([...p.shown, ...p.runs.filter((r) => r.status === "loaded").map((r) => r.name)])];
  for (const name of order) if ((byName.get(name)?.kinds?.[kind] ?? 0) > 0) return { run: name, none: false };
  // a run with its listing kept counts as read even when it was let go from memory
  const reading = p.runs.some((r) => (r.status === "pending" || r.status === "loading") && !r.kinds);
  return { run: p.current, none: !reading && p.runs.length > 0 };
}

/** "histograms", "layer statistics", "images": what the page calls its data, for its empty message. */
export const KIND_TEXT: Record<DataKind, string> = {
  histograms: "histograms or numeric tensors",
  tensors: "weight, gradient or activation statistics (histograms or numeric tensors)",
  images: "images",
};
