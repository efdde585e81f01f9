// The run's per-parameter records, matched to graph parameter nodes by name: weight histograms
// (`weights/dense_1/kernel`, `fc1.weight`, `dense_1/kernel:0`...) and gradient records (gradient
// histograms, `grad_norm/<variable>` scalars). A parameter matches a tag when the tag, with `.`
// read as `/` and a `:0` suffix dropped, ends with the parameter's variable name (layer/weight).
import type { GraphNode, Histogram, TrainingRun } from "../../model/index.ts";

const norm = (s: string) => s.replace(/:\d+$/, "").replace(/\./g, "/").toLowerCase();
const GRAD = /grad/i;
const NOT_WEIGHT = /grad|activation|output|act\//i;

export interface ParameterRecords {
  /** Weight histograms over steps (first, last), when recorded. */
  weights?: { tag: string; first: Histogram; last: Histogram; records: number };
  /** A gradient record exists (histogram or norm scalar). */
  gradient: boolean;
}

export class RunRecords {
  private readonly weightTags: { key: string; tag: string; points: Histogram[] }[] = [];
  private readonly gradKeys: string[] = [];
  /** The run records gradients for at least one parameter. */
  readonly anyGradients: boolean;

  constructor(run: TrainingRun) {
    for (const d of run.dirs) {
      for (const [tag, h] of d.histograms) {
        if (GRAD.test(tag)) this.gradKeys.push(norm(tag));
        else if (!NOT_WEIGHT.test(tag)) this.weightTags.push({ key: norm(tag), tag, points: h.points });
      }
      for (const tag of d.scalars.keys()) if (/grad_?norm/i.test(tag) && !/total|global/i.test(tag)) this.gradKeys.push(norm(tag));
    }
    this.anyGradients = this.gradKeys.length > 0;
  }

  /** The variable name a parameter node is recorded under (`dense_1/kernel`). */
  static variableOf(p: GraphNode): string {
    const v = p.param;
    if (typeof v === "string") return norm(v);
    // PyTorch traces: `Net/Sequential[features]/Conv2d[0]/weight/weight.1` is `features.0.weight`
    const segs = p.name.split("/");
    const modules = segs.map((x) => /\[([^\]]+)\]$/.exec(x)?.[1]).filter((x): x is string => !!x);
    const last = segs.length >= 2 ? segs[segs.length - 2] : segs[0];
    if (modules.length && /^[A-Za-z_]\w*$/.test(last)) return norm([...modules, last].join("/"));
    return norm(segs.slice(-2).join("/"));
  }

  of(p: GraphNode): ParameterRecords {
    const v = RunRecords.variableOf(p);
    const match = (k: string) => k === v || k.endsWith(`/${v}`);
    const w = this.weightTags.find((t) => match(t.key) && t.points.length > 0);
    const out: ParameterRecords = { gradient: this.gradKeys.some(match) };
    if (w) out.weights = { tag: w.tag, first: w.points[0], last: w.points[w.points.length - 1], records: w.points.length };
    return out;
  }
}

/** The weight histograms of two steps describe the same values (min, max, sum, sum of squares). */
export function sameHistogram(a: Histogram, b: Histogram, rel: number): boolean {
  const close = (x: number, y: number) => x === y || Math.abs(x - y) <= rel * Math.max(Math.abs(x), Math.abs(y), 1e-30);
  return a.num === b.num && close(a.min, b.min) && close(a.max, b.max) && close(a.sum, b.sum) && close(a.sumSquares, b.sumSquares);
}
