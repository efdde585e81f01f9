// Images page ("data sampling"): per tag, a step slider over the recorded images, with brightness
// and contrast controls, so the user can check what the model was fed.
import { useState } from "preact/hooks";
import type { ViewProps } from "../shared/view.ts";
import { RunPicker } from "../shared/run_picker.tsx";
import { useJson } from "../shared/use_json.ts";
import { q, type ImageList } from "../api.ts";
import { tagFilter } from "../shared/tag_filter.ts";
import { KIND_TEXT, runWithData } from "../shared/run_with.ts";

function ImageCard({
  run,
  tag,
  points,
  version,
}: {
  run: string;
  tag: string;
  points: ImageList["tags"][number]["points"];
  version: number;
}) {
  const [i, setI] = useState<number>();
  const [brightness, setBrightness] = useState(1);
  const [contrast, setContrast] = useState(1);
  const idx = Math.min(i ?? points.length - 1, points.length - 1);
  const p = points[idx];
  return (
    <div class="card image-card" data-tag={tag}>
      <div class="card-head">
        <h3>{tag}</h3>
        <span class="muted">{points.length} image(s)</span>
      </div>
      {p && (
        <img
          src={"/api/image?" + q({ run, tag, index: p.index, v: version })}
          alt={`${tag} step ${p.step}`}
          style={{ filter: `brightness(${brightness}) contrast(${contrast})`, imageRendering: p.width < 96 ? "pixelated" : "auto" }}
        />
      )}
      {p && (
        <div class="muted">
          step {p.step} · {p.width}×{p.height} · {p.mime}
        </div>
      )}
      <div class="image-controls">
        <label>
          Step{" "}
          <input
            type="range"
            min={0}
            max={points.length - 1}
            value={idx}
            onInput={(e) => setI(Number((e.target as HTMLInputElement).value))}
          />
        </label>
        <label>
          Brightness{" "}
          <input
            type="range"
            min={0.2}
            max={3}
            step={0.05}
            value={brightness}
            onInput={(e) => setBrightness(Number((e.target as HTMLInputElement).value))}
          />
        </label>
        <label>
          Contrast{" "}
          <input
            type="range"
            min={0.2}
            max={3}
            step={0.05}
            value={contrast}
            onInput={(e) => setContrast(Number((e.target as HTMLInputElement).value))}
          />
        </label>
        <button
          class="small"
          onClick={() => {
            setBrightness(1);
            setContrast(1);
          }}
        >
          reset
        </button>
      </div>
    </div>
  );
}

export function ImagesView({ state, set, runs, shown, current: fallback, versions }: ViewProps) {
  const { run: current, none } = runWithData("images", { explicit: state.run, runs, shown, current: fallback });
  const version = current ? (versions[current] ?? 0) : 0;
  const { data, error } = useJson<ImageList>(current ? "/api/images?" + q({ run: current }) : undefined, version);
  const filter = tagFilter(state.tags);
  const tags = (data?.tags ?? []).filter((t) => filter.test(t.tag));
  return (
    <section>
      <div class="toolbar">
        <RunPicker runs={runs} current={current} set={set} kind="images" />
        <input
          type="search"
          placeholder="filter tags (regex)"
          value={state.tags}
          onInput={(e) => set({ tags: (e.target as HTMLInputElement).value })}
        />
      </div>
      {error && <div class="error">{error}</div>}
      {none && <p class="muted no-data">No run has {KIND_TEXT.images}.</p>}
      <div class="cards">
        {current && tags.map((t) => <ImageCard key={current + t.tag} run={current} tag={t.tag} points={t.points} version={version} />)}
      </div>
      {data && !tags.length && !none && <p class="muted">This run recorded no images.</p>}
    </section>
  );
}
