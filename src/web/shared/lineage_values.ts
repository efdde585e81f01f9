// Values of a lineage row the table, the filter and the scatter share: the value a metric key
// designates (`M` = best, or final when no value is better; `M.final`; `M.best`) and a
// hyper-parameter's value as a number on its axis.
import type { LineageRun } from "../api.ts";

export function metricValue(r: LineageRun, key: string): number | string | null {
  const m = /^(.*)\.(best|final)$/.exec(key);
  const x = r.metrics[m ? m[1] : key];
  if (!x) return null;
  const which = m ? m[2] : x.goal ? "best" : "final";
  return which === "best" ? x.best : x.final;
}

/** A finite number, or undefined ("nan"/"inf" texts and non-numbers are not on a numeric axis). */
export function finiteOf(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** The value of a lineage column for a row: a hyper-parameter, a metric key (`M`, `M.final`, `M.best`), or a run-info column. */
export function cellOf(r: LineageRun, id: string, hparamKeys: readonly string[]): unknown {
  if (id === "run") return r.run;
  if (hparamKeys.includes(id)) return r.hparams[id];
  if (id === "tags") return r.tags?.length ? r.tags.join(", ") : null;
  if (id === "note") return r.note || null;
  if (id === "causes") return r.diagnosis.causes.length ? r.diagnosis.causes.join(", ") : null;
  const m = metricValue(r, id);
  if (m !== null) return m;
  return null;
}
