// Group rows of the lineage table: the runs of one group (seeds of one configuration: the run-group
// spec of group_math.ts) summarised per column. A hyper-parameter shows its value when every member
// has the same one, else how many values it takes; a numeric column (metrics, steps, duration)
// shows the mean ± sample standard deviation over the members with a finite value, and n. Pure
// functions, shared by the page and its tests.

export type GroupCell =
  | { kind: "none" }
  | { kind: "same"; value: unknown }
  | { kind: "values"; distinct: number }
  | { kind: "stats"; mean: number; std: number; n: number; min: number; max: number };

function finite(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** Mean, sample standard deviation (0 for one value), min and max of the finite values; undefined when none. */
export function stats(values: readonly unknown[]): { mean: number; std: number; n: number; min: number; max: number } | undefined {
  const xs = values.map(finite).filter((v): v is number => v !== undefined);
  if (!xs.length) return undefined;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, std, n: xs.length, min: Math.min(...xs), max: Math.max(...xs) };
}

/** The summary of one column over a group's members (`numeric`: metrics and run-info numbers aggregate). */
export function groupCell(values: readonly unknown[], numeric: boolean): GroupCell {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (!present.length) return { kind: "none" };
  const distinct = new Set(present.map((v) => JSON.stringify(v)));
  if (!numeric)
    return distinct.size === 1 && present.length === values.length
      ? { kind: "same", value: present[0] }
      : { kind: "values", distinct: distinct.size };
  const s = stats(present);
  if (!s) return distinct.size === 1 ? { kind: "same", value: present[0] } : { kind: "values", distinct: distinct.size };
  return { kind: "stats", ...s };
}

/** The value a group sorts by in a column: the mean of a numeric column, else the common value. */
export function groupSortValue(c: GroupCell): unknown {
  return c.kind === "stats" ? c.mean : c.kind === "same" ? c.value : null;
}
