// Diagnosis page: a run's findings by severity, each with its evidence, ranked causes (why,
// confidence, the evidence that ranked them, evidence), fixes and checklist links. Clicking a piece of evidence opens the chart
// of its tag with the step marked, or the graph page on the node it names (evidence_target.ts). In a sweep, each finding and each cause says which other runs
// share it (from the lineage table's per-run symptoms and causes), with a link to the lineage table
// filtered by that cause.
import type { ViewProps } from "../shared/view.ts";
import { RunPicker } from "../shared/run_picker.tsx";
import { useJson, usePoll } from "../shared/use_json.ts";
import { useEffect, useState } from "preact/hooks";
import { q, type Finding, type LineageResponse, type Severity } from "../api.ts";
import { fmt } from "../shared/format.ts";
import type { Evidence, RankedCause } from "../../diagnose/index.ts";
import { evidenceTarget } from "./evidence_target.ts";

const ORDER: Severity[] = ["error", "warning", "info"];

function EvidenceItem({ ev, run, state, set }: { ev: Evidence; run: string } & Pick<ViewProps, "state" | "set">) {
  const step = ev.step ?? ev.steps?.[0];
  const value =
    typeof ev.value === "number"
      ? fmt(ev.value)
      : ev.value === null
        ? "null (non-finite)"
        : ev.value !== undefined
          ? String(ev.value)
          : undefined;
  const text = [
    ev.source,
    ev.tag,
    ev.nodes?.length ? `${ev.nodes.slice(0, 3).join(", ")}${ev.nodes.length > 3 ? ` (+${ev.nodes.length - 3})` : ""}` : undefined,
    step !== undefined ? `step ${ev.steps ? `${ev.steps[0]}–${ev.steps[1]}` : step}` : undefined,
    value !== undefined ? `= ${value}` : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  const target = evidenceTarget(ev, run, state.runs);
  const open = target && (() => set(target));
  return (
    <li class="evidence">
      {open ? (
        <a
          href="#"
          class="evidence-link"
          data-tag={ev.tag}
          data-step={step}
          data-nodes={ev.nodes?.join("\n")}
          onClick={(e) => {
            e.preventDefault();
            open!();
          }}
        >
          {text}
        </a>
      ) : (
        <span>{text}</span>
      )}
      {ev.note && <span class="muted"> — {ev.note}</span>}
    </li>
  );
}

/** What ranked this cause where it is: the contributions of the ranking step (curves, layers, configuration, reference), strongest first. */
function RankingEvidence({ c }: { c: Finding["causes"][number] }) {
  const r = (c as RankedCause).ranking;
  if (!r || !r.contributions.length) return null;
  return (
    <details class="ranking">
      <summary class="muted">Why ranked here (score {Math.round(r.score * 100)}%)</summary>
      <ul>
        {r.contributions.map((k) => (
          <li class={k.weight < 0 ? "lowers" : "raises"}>
            <span class="muted">{k.source}</span> {k.weight > 0 ? "+" : "−"}
            {Math.round(Math.abs(k.weight) * 100)}% — {k.note}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Causes the ranking weighed and ruled out on evidence of their own kind (weights that move rule out steps too small). */
function RuledOut({ f }: { f: Finding }) {
  const cs = (f.candidates ?? []).filter((c) => c.ruledOut);
  if (!cs.length) return null;
  return (
    <ul class="ruled-out muted">
      {cs.map((c) => (
        <li data-cause={c.code}>
          Ruled out: <b>{c.code.replace(/_/g, " ")}</b> — {c.ruledOut}
        </li>
      ))}
    </ul>
  );
}

/** Which runs share a symptom or a cause (every run but the current one). */
interface Shared {
  symptom: (code: string) => string[];
  cause: (code: string) => string[];
}

function SharedWith({ runs, what, onLineage, set }: { runs: string[]; what: string; onLineage?: () => void } & Pick<ViewProps, "set">) {
  if (!runs.length) return null;
  return (
    <div class="shared-with muted" data-shared={runs.length} data-what={what}>
      {what} also in {runs.length} other run{runs.length > 1 ? "s" : ""}:{" "}
      {runs.slice(0, 8).map((r, i) => (
        <>
          {i > 0 && ", "}
          <a
            href="#"
            class="shared-run"
            onClick={(e) => {
              e.preventDefault();
              set({ run: r });
            }}
          >
            {r}
          </a>
        </>
      ))}
      {runs.length > 8 ? ` and ${runs.length - 8} more` : ""}
      {onLineage && (
        <>
          {" "}
          ·{" "}
          <a
            href="#"
            class="shared-lineage"
            onClick={(e) => {
              e.preventDefault();
              onLineage();
            }}
          >
            show in the lineage table
          </a>
        </>
      )}
    </div>
  );
}

function FindingCard({ f, shared, ...p }: { f: Finding; shared?: Shared } & Pick<ViewProps, "state" | "set">) {
  return (
    <div class={"card finding sev-" + f.severity} data-symptom={f.symptom}>
      <div class="card-head">
        <h3>
          <span class={"badge " + f.severity}>{f.severity}</span> {f.title}
        </h3>
        <span class="muted">
          {f.symptom}
          {f.steps.length ? ` · steps ${f.steps[0]}–${f.steps[1]}` : ""}
        </span>
      </div>
      {shared && <SharedWith runs={shared.symptom(f.symptom)} what={f.symptom} set={p.set} />}
      {f.evidence.length > 0 && (
        <ul class="evidence-list">
          {f.evidence.map((ev) => (
            <EvidenceItem ev={ev} run={f.run} {...p} />
          ))}
        </ul>
      )}
      <RuledOut f={f} />
      {f.causes.length > 0 && <h4>Likely causes</h4>}
      <ol class="causes">
        {f.causes.map((c) => (
          <li class="cause">
            <div>
              <b>{c.code.replace(/_/g, " ")}</b>{" "}
              <span class="confidence" title="confidence">
                {Math.round(c.confidence * 100)}%
              </span>
            </div>
            <div>{c.why}</div>
            {shared && f.severity !== "info" && (
              <SharedWith
                runs={shared.cause(c.code)}
                what={c.code}
                set={p.set}
                onLineage={() => p.set({ page: "lineage", lcause: c.code, lfilter: "" })}
              />
            )}
            <RankingEvidence c={c} />
            {c.evidence.length > 0 && (
              <ul class="evidence-list">
                {c.evidence.map((ev) => (
                  <EvidenceItem ev={ev} run={f.run} {...p} />
                ))}
              </ul>
            )}
            {c.fixes.length > 0 && (
              <div class="fixes">
                <span class="muted">Fixes:</span>
                <ol>
                  {c.fixes.map((x) => (
                    <li>{x}</li>
                  ))}
                </ol>
              </div>
            )}
            {c.checklist.length > 0 && (
              <div class="checklist-links">
                <span class="muted">Checklist:</span>{" "}
                {c.checklist.map((id) => (
                  <a
                    href={"?page=checklist&kb=" + encodeURIComponent(id)}
                    onClick={(e) => {
                      e.preventDefault();
                      p.set({ page: "checklist", kb: id });
                    }}
                  >
                    {id}
                  </a>
                ))}
              </div>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function DiagnosisView({ state, set, runs, current, versions, diagTick }: ViewProps & { diagTick: number }) {
  const { data, error, loading } = useJson<{ findings: Finding[]; error?: string }>(
    current ? "/api/diagnosis?" + q({ run: current }) : undefined,
    `${current ? versions[current] : 0}:${diagTick}`,
  );
  const item = runs.find((r) => r.name === current);
  const findings = data?.findings ?? [];
  // the sweep's per-run symptoms and causes (the lineage table, cached by the server); read again
  // every 5 s while some runs are still being diagnosed in the background
  const [pending, setPending] = useState(false);
  const poll = usePoll(pending, 5000);
  const sweep = useJson<LineageResponse>(runs.length > 1 ? "/api/lineage" : undefined, `${Object.values(versions).join(",")}:${poll}`);
  useEffect(() => setPending(!!sweep.data?.runs.some((r) => r.diagnosis.worst === "pending")), [sweep.data]);
  const others = (sweep.data?.runs ?? []).filter((r) => r.run !== current);
  const shared: Shared | undefined = sweep.data
    ? {
        symptom: (code) => others.filter((r) => r.diagnosis.symptoms.includes(code)).map((r) => r.run),
        cause: (code) => others.filter((r) => r.diagnosis.causes.includes(code)).map((r) => r.run),
      }
    : undefined;
  return (
    <section>
      <div class="toolbar">
        <RunPicker runs={runs} current={current} set={set} />
        {loading && <span class="muted">diagnosing…</span>}
      </div>
      {item?.error && <div class="error run-error">This run could not be read: {item.error}</div>}
      {(error || data?.error) && <div class="error">{error ?? data?.error}</div>}
      {data && findings.length === 0 && !data.error && <p class="ok-text">No findings: nothing suspicious in this run.</p>}
      {ORDER.map((sev) => {
        const fs = findings.filter((f) => f.severity === sev);
        return (
          fs.length > 0 && (
            <div class="severity-group">
              <h2 class={sev}>
                {sev === "error" ? "Errors" : sev === "warning" ? "Warnings" : "Observations"} ({fs.length})
              </h2>
              {fs.map((f) => (
                <FindingCard f={f} shared={shared} state={state} set={set} />
              ))}
            </div>
          )
        );
      })}
    </section>
  );
}
