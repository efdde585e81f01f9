// The editor of a run's tags and note (lineage page): tags as comma-separated words, a free note;
// "Save" POSTs them (/api/annotations, kept in the cache directory beside the logdir's index, never
// in the logs) and reports the server's error (too long, too many tags...) in place. Tags in use on
// other runs are offered as completions.
import { useEffect, useState } from "preact/hooks";
import { postJson } from "../api.ts";

interface Props {
  run: string;
  tags: string[];
  note: string;
  known: string[];
  onSaved: () => void;
  onClose: () => void;
}

export function AnnotationEditor({ run, tags, note, known, onSaved, onClose }: Props) {
  const [tagText, setTagText] = useState(tags.join(", "));
  const [noteText, setNoteText] = useState(note);
  const [status, setStatus] = useState<{ error?: string; saving?: boolean; saved?: boolean }>({});
  useEffect(() => {
    setTagText(tags.join(", "));
    setNoteText(note);
    setStatus({});
  }, [run]);
  const save = () => {
    setStatus({ saving: true });
    const list = tagText
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    postJson("/api/annotations", { run, tags: list, note: noteText })
      .then(() => {
        setStatus({ saved: true });
        onSaved();
      })
      .catch((e: Error) => setStatus({ error: e.message }));
  };
  return (
    <div class="annotation-editor" data-run={run}>
      <div class="toolbar">
        <strong>Tags and note of {run}</strong>
        <span class="muted">kept beside the logdir's index in your cache directory, never in the log files</span>
        <button class="small" onClick={onClose}>
          close
        </button>
      </div>
      <label>
        Tags{" "}
        <input
          class="annotation-tags"
          list="annotation-known-tags"
          placeholder="baseline, lr-sweep"
          value={tagText}
          onInput={(e) => setTagText((e.target as HTMLInputElement).value)}
        />
      </label>
      <datalist id="annotation-known-tags">
        {known.map((t) => (
          <option value={t} />
        ))}
      </datalist>
      <label class="annotation-note-label">
        Note
        <textarea class="annotation-note" rows={3} value={noteText} onInput={(e) => setNoteText((e.target as HTMLTextAreaElement).value)} />
      </label>
      <button class="annotation-save" disabled={status.saving} onClick={save}>
        Save
      </button>
      {status.saved && <span class="muted annotation-saved"> saved</span>}
      {status.error && <span class="error annotation-error"> {status.error}</span>}
    </div>
  );
}
