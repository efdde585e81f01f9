// The tag filter of the pages: a case-insensitive regular expression; an invalid one lets every
// tag through and says why.
export function tagFilter(pattern: string): { test: (t: string) => boolean; error?: string } {
  if (!pattern) return { test: () => true };
  try { const re = new RegExp(pattern, "i"); return { test: (t) => re.test(t) }; } catch (e) { return { test: () => true, error: (e as Error).message }; }
}
