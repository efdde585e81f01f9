// The props every page view receives from the dashboard shell (the shell imports the views, the
// views import this module: no import cycle).
import type { UrlState } from "../url_state.ts";
import type { RunListItem } from "../api.ts";

export interface ViewProps {
  state: UrlState;
  set: (patch: Partial<UrlState>) => void;
  runs: RunListItem[];
  /** Runs the comparison pages show: the selection, else the first readable runs. */
  shown: string[];
  /** The run of per-run pages. */
  current?: string;
  /** Data version per run (changes when the server read new data). */
  versions: Record<string, number>;
  /** Runs inside every parallel-coordinates brush (undefined: no brush). */
  brushed?: Set<string>;
  /** Changes when the user's tags or notes change. */
  annTick?: number;
}
