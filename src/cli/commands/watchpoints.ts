// `trainscope watchpoints PATH [--condition NAME ...] [--param k=v ...] [--tag REGEX] [--all] [--json]`:
// evaluates debugger-style watch conditions (default: the recommended set) on the recorded weights,
// gradients, activations and scalars of every run under PATH and lists the hits: step, tag,
// condition, actual value vs threshold, and whether the value is exact or estimated from a histogram.
// `--list` prints the catalogue of conditions. Exit 2 when PATH is missing or unreadable.
import type { Command } from "commander";
import type { ConditionName, WatchCondition, WatchpointHit } from "../../diagnose/index.ts";

/** The watchpoint catalogue and evaluator, loaded when the command runs (other commands and --help never load them). */
type Watch = Pick<
  typeof import("../../diagnose/index.ts"),
  "evaluateWatchpoints" | "RECOMMENDED_WATCHPOINTS" | "WATCH_CONDITIONS" | "WATCH_PRESETS" | "conditionSpec" | "validateCondition"
>;
import { UsageError, formatNumber, loadExperimentOrFail, runCommand, writeChunk } from "../common.ts";
import { termSafeText } from "../terminal.ts";

interface Opts {
  condition?: string[];
  param?: string[];
  tag?: string;
  all?: boolean;
  json?: boolean;
  list?: boolean;
}

/** Builds the conditions from `--condition` names (or presets) and `--param k=v` values. */
export function conditionsFromOptions(w: Watch, names: string[] | undefined, params: string[] | undefined, tag?: string): WatchCondition[] {
  const { RECOMMENDED_WATCHPOINTS, WATCH_CONDITIONS, WATCH_PRESETS, conditionSpec, validateCondition } = w;
  const parsed: [string, number][] = (params ?? []).map((kv) => {
    const m = /^([a-z_]+)=(.+)$/.exec(kv.trim());
    if (!m) throw new UsageError(`--param ${kv}: expected name=value`);
    const v = Number(m[2]);
    if (Number.isNaN(v) && m[2].toLowerCase() !== "nan") throw new UsageError(`--param ${kv}: ${m[2]} is not a number`);
    return [m[1], v];
  });
  let conds: WatchCondition[];
  if (!names || names.length === 0) {
    if (parsed.length) throw new UsageError("--param needs --condition NAME");
    conds = RECOMMENDED_WATCHPOINTS.map((c) => ({ ...c }));
  } else {
    conds = names.map((n) => {
      const preset = WATCH_PRESETS[n];
      if (preset) return { ...preset, params: { ...preset.params } };
      if (!conditionSpec(n)) {
        throw new UsageError(
          `unknown condition "${n}" (known: ${[...WATCH_CONDITIONS.map((c) => c.name), ...Object.keys(WATCH_PRESETS)].join(", ")})`,
        );
      }
      return { name: n as ConditionName, params: {} };
    });
    for (const [k, v] of parsed) {
      const takers = conds.filter((c) => conditionSpec(c.name)!.params.some((p) => p.name === k));
      if (takers.length === 0) throw new UsageError(`--param ${k}: not a parameter of ${conds.map((c) => c.name).join(", ")}`);
      for (const c of takers) c.params = { ...c.params, [k]: v };
    }
  }
  if (tag !== undefined) {
    try {
      new RegExp(tag);
    } catch {
      throw new UsageError(`--tag ${tag}: not a valid regular expression`);
    }
    for (const c of conds) c.match = tag;
  }
  for (const c of conds) {
    const errs = validateCondition(c);
    if (errs.length) throw new UsageError(errs.join("; "));
  }
  return conds;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return formatNumber(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(3);
  return String(Number(v.toPrecision(6)));
}

/** One line per hit; repeated (tag, condition, param) hits beyond `keep` collapse into one line unless `all`. */
export function formatHits(runName: string, hits: WatchpointHit[], all = false, keep = 5): string {
  const lines = [`run ${runName}: ${hits.length} hit${hits.length === 1 ? "" : "s"}`];
  if (hits.length === 0) return lines.join("\n") + "\n";
  const groups = new Map<string, WatchpointHit[]>();
  for (const h of hits) {
    const k = `${h.tag}\u0000${h.condition}\u0000${h.param}\u0000${h.watchpoint ?? ""}`;
    let g = groups.get(k);
    if (!g) {
      g = [];
      groups.set(k, g);
    }
    g.push(h);
  }
  const rows: string[][] = [["step", "tag", "condition", "actual", "threshold", "value"]];
  const more: string[] = [];
  for (const g of groups.values()) {
    const shown = all ? g : g.slice(0, keep);
    for (const h of shown) {
      const cond =
        h.watchpoint && h.condition === "activation_range"
          ? `${h.condition} (${h.watchpoint.replace(/^recommend_|_activation_range$/g, "")})`
          : h.condition;
      const op = h.param.endsWith("_gt")
        ? ">"
        : h.param.endsWith("_lt")
          ? "<"
          : h.param.endsWith("_ge")
            ? "≥"
            : h.param === "rtol"
              ? "≤"
              : ">";
      const actual = h.nonFinite
        ? `${h.actual} (nan ${h.nonFinite.nan}, +inf ${h.nonFinite.posInf}, -inf ${h.nonFinite.negInf})`
        : fmt(h.actual);
      const stat = h.param === "rtol" ? "max_relative_change" : h.param.replace(/_(gt|lt|ge|le)$/, "");
      rows.push([
        String(h.step) + (h.prevStep !== undefined ? ` (vs ${h.prevStep})` : ""),
        h.tag,
        cond,
        `${stat} ${actual}`,
        `${op} ${fmt(h.threshold)}`,
        h.exact ? "exact" : "estimated",
      ]);
    }
    if (!all && g.length > keep)
      more.push(
        `  … ${g.length - keep} more ${g[0].condition} hits on ${g[0].tag} (steps ${g[keep].step}..${g[g.length - 1].step}; --all to list)`,
      );
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) lines.push("  " + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  "));
  return [...lines, ...more].join("\n") + "\n";
}

function formatCatalogue({ RECOMMENDED_WATCHPOINTS, WATCH_CONDITIONS, WATCH_PRESETS }: Watch): string {
  const out: string[] = ["Conditions (--condition NAME --param k=v):"];
  for (const c of WATCH_CONDITIONS) {
    out.push(`  ${c.name}  [${c.target}]  ${c.description}`);
    for (const p of c.params) out.push(`      ${p.name}${p.default !== undefined ? ` (default ${p.default})` : ""}: ${p.description}`);
  }
  out.push("", "Presets: " + Object.keys(WATCH_PRESETS).join(", "), "", "Recommended (default when no --condition):");
  for (const c of RECOMMENDED_WATCHPOINTS) {
    out.push(
      `  ${c.id}: ${c.name}${c.activation ? ` on ${c.activation}` : ""} ${Object.entries(c.params ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}`,
    );
  }
  return out.join("\n") + "\n";
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerWatchpoints(program: Command): void {
  program
    .command("watchpoints")
    .description("Evaluate debugger watch conditions (overflow, all zero, saturation, vanishing gradients...) on recorded tensors")
    .argument("[path]", "a run directory, a log file or a folder of runs")
    .option("--condition <name>", "condition or preset to check (repeatable; default: the recommended set)", collect)
    .option("--param <k=v>", "parameter of the given condition(s), e.g. abs_mean_lt=1e-6 (repeatable)", collect)
    .option("--tag <regex>", "only series whose key or layer matches")
    .option("--all", "list every hit (default: at most 5 per tag and condition)")
    .option("--json", "print a JSON array of hits")
    .option("--list", "print the catalogue of conditions and exit")
    .action(async (p: string | undefined, opts: Opts) => {
      await runCommand("watchpoints", async () => {
        const w: Watch = await import("../../diagnose/index.ts");
        if (opts.list) {
          await writeChunk(process.stdout, formatCatalogue(w));
          return;
        }
        const conds = conditionsFromOptions(w, opts.condition, opts.param, opts.tag);
        const exp = await loadExperimentOrFail(p);
        const results = exp.runs.map((run) => ({ run: run.name, hits: w.evaluateWatchpoints(run, conds) }));
        if (opts.json) {
          await writeChunk(
            process.stdout,
            JSON.stringify(
              results.flatMap((r) => r.hits.map((h) => ({ run: r.run, ...h }))),
              null,
              2,
            ) + "\n",
          );
          return;
        }
        for (const r of results) await writeChunk(process.stdout, termSafeText(formatHits(r.run, r.hits, opts.all)));
      });
    });
}
