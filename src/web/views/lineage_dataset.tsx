// Dataset lineage on the lineage page: for the compared runs (the selection, else the first shown
// rows with dataset information), one row per fact the logs record about their data (train and
// valid dataset path and size, each step of the MindSpore data pipeline, the data
// hyper-parameters, data notes) and one column per run; a row whose value differs between runs is
// marked, and "only differences" hides the others. Each run's pipeline is also drawn as a chain of
// steps from the source to the batch. The table carries data-runs, and each row data-fact and
// data-differs, for tests.
import { useState } from "preact/hooks";
import type { LineageRun } from "../api.ts";

const MAX_RUNS = 8;

export function DatasetLineagePanel({ runs, selected }: { runs: LineageRun[]; selected: string[] }) {
  const [onlyDiff, setOnlyDiff] = useState(false);
  const withData = runs.filter((r) => r.dataset);
  const chosen = (selected.length ? withData.filter((r) => selected.includes(r.run)) : withData).slice(0, MAX_RUNS);
  if (!withData.length)
    return (
      <p class="muted">
        No run records its data: MindSpore lineage (dataset graph, paths, sizes), data hyper-parameters (batch_size, data_dir, augment…) or
        text notes tagged <code>data</code> show here.
      </p>
    );
  if (!chosen.length) return <p class="muted">None of the selected runs records its data.</p>;
  const facts: string[] = [];
  for (const r of chosen) for (const k of Object.keys(r.dataset!.facts)) if (!facts.includes(k)) facts.push(k);
  const differs = (k: string) => new Set(chosen.map((r) => r.dataset!.facts[k] ?? "")).size > 1;
  const shownFacts = onlyDiff ? facts.filter(differs) : facts;
  const withPipeline = chosen.filter((r) => r.dataset!.pipeline.length);
  return (
    <div class="dataset-lineage">
      <div class="toolbar">
        <span class="muted">
          {chosen.length} run(s){selected.length ? " (the selection)" : ""}
          {withData.length > chosen.length && !selected.length
            ? ` of ${withData.length} with data information: select runs to choose`
            : ""}{" "}
          · {facts.filter(differs).length} of {facts.length} facts differ
        </span>
        <label>
          <input
            type="checkbox"
            class="dataset-only-diff"
            checked={onlyDiff}
            onChange={(e) => setOnlyDiff((e.target as HTMLInputElement).checked)}
          />{" "}
          only differences
        </label>
      </div>
      <div class="dataset-scroll">
        <table class="dataset-table" data-runs={chosen.length}>
          <thead>
            <tr>
              <th>fact</th>
              {chosen.map((r) => (
                <th data-run={r.run}>{r.run}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shownFacts.map((k) => (
              <tr data-fact={k} data-differs={differs(k) ? "1" : "0"} class={differs(k) ? "differs" : ""}>
                <th>{k}</th>
                {chosen.map((r) => (
                  <td data-run={r.run}>{r.dataset!.facts[k] ?? ""}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {withPipeline.map((r) => (
        <div class="pipeline" data-run={r.run}>
          <div class="muted">{r.run}: data pipeline</div>
          <ol class="pipeline-steps">
            {r.dataset!.pipeline.map((s, i) => (
              <li class="pipeline-step" data-op={s.op} title={r.dataset!.facts[`pipeline[${i}]`]}>
                <b>{s.op}</b>
                {s.sampler && <div class="muted">sampler {s.sampler.op}</div>}
                {s.transforms.map((t) => (
                  <div class="transform">{t.op}</div>
                ))}
                {s.inputs.length > 1 && <div class="muted">inputs {s.inputs.map((x) => x + 1).join(", ")}</div>}
              </li>
            ))}
          </ol>
        </div>
      ))}
    </div>
  );
}
