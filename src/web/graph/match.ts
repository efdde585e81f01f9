// Which histogram or tensor tags hold the values of a graph parameter, by name heuristics (the
// graph and the summaries name a weight differently in every framework):
//   - both names are cut into lower-case tokens at `/` and `.` after dropping a `:N` output suffix;
//     PyTorch scope brackets keep their attribute name (`Linear[fc1]` → `fc1`);
//   - tag decorations are dropped: MindSpore's `/auto`, a trailing `/histogram` or `/tensor`, TF1
//     Keras's `_0` on the last token (`kernel:0` written as `kernel_0`), and a leading `weights`,
//     `params` or `parameters` segment (trainscope's recorder writes `weights/<variable>`);
//   - a `grad`, `grads`, `gradient` or `gradients` token, or a `_grad` suffix, marks a gradient tag;
//     a leading `activations`/`outputs` segment marks a layer output, never a parameter;
//   - a tag matches a parameter when the token lists are equal, or when the shorter one (of two
//     tokens or more) ends the longer one: `model/dense_1/kernel` ↔ `dense_1/kernel_0`,
//     `Net/Linear[fc1]/weight` ↔ `fc1.weight`, `conv1.weight` ↔ `conv1.weight/auto`,
//     `fc3.weight` ↔ `fc3.weight.grad` (a gradient).

export interface TagMatch {
  tag: string;
  /** The parameter's values, or its gradient. */
  kind: "weights" | "gradient";
}

interface Key {
  tokens: string[];
  gradient: boolean;
  activation: boolean;
}

const GRAD = new Set(["grad", "grads", "gradient", "gradients"]);
const LEADING = new Set(["weights", "params", "parameters"]);
const ACTIVATION = new Set(["activations", "activation", "outputs"]);
const TRAILING = new Set(["auto", "histogram", "tensor"]);

function key(name: string, isTag: boolean): Key {
  const s = name.replace(/:\d+$/, "").replace(/[A-Za-z_]\w*\[([^\]]+)\]/g, "$1");
  let tokens = s
    .split(/[/.]/)
    .map((t) => t.toLowerCase())
    .filter(Boolean);
  let gradient = false;
  let activation = false;
  if (isTag) {
    while (tokens.length > 1 && TRAILING.has(tokens[tokens.length - 1])) tokens.pop();
    if (tokens.some((t) => GRAD.has(t))) {
      gradient = true;
      tokens = tokens.filter((t) => !GRAD.has(t));
    }
    const last = tokens.length - 1;
    if (last >= 0 && /._grad$/.test(tokens[last])) {
      gradient = true;
      tokens[last] = tokens[last].slice(0, -5);
    }
    if (last >= 0 && /._0$/.test(tokens[last])) tokens[last] = tokens[last].slice(0, -2);
    const lead = tokens.findIndex((t) => LEADING.has(t) || ACTIVATION.has(t));
    if (lead >= 0 && lead < tokens.length - 1) {
      activation = ACTIVATION.has(tokens[lead]);
      tokens = tokens.slice(lead + 1);
    }
  }
  return { tokens, gradient, activation };
}

function endsWith(long: string[], short: string[]): boolean {
  if (short.length > long.length) return false;
  const off = long.length - short.length;
  return short.every((t, i) => long[off + i] === t);
}

function same(a: string[], b: string[]): boolean {
  if (a.length === b.length) return endsWith(a, b);
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return short.length >= 2 && endsWith(long, short);
}

/** The tags (histogram or tensor) that hold parameter `param`'s values or gradient, values first. */
export function tagsForParameter(param: string, tags: Iterable<string>): TagMatch[] {
  const p = key(param, false);
  if (!p.tokens.length) return [];
  const out: TagMatch[] = [];
  for (const tag of tags) {
    const k = key(tag, true);
    if (k.activation || !k.tokens.length) continue;
    if (same(p.tokens, k.tokens)) out.push({ tag, kind: k.gradient ? "gradient" : "weights" });
  }
  return out.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "weights" ? -1 : 1));
}

/** The parameters (by node name) whose values or gradient tag `tag` holds. */
export function parametersForTag(tag: string, params: Iterable<string>): string[] {
  const k = key(tag, true);
  if (k.activation || !k.tokens.length) return [];
  const out: string[] = [];
  for (const p of params) if (same(key(p, false).tokens, k.tokens)) out.push(p);
  return out;
}
