// The pages' tag filter: a regular expression compiled with RE2 (re2js), whose matching time
// is linear in the tag's length whatever the pattern, so a pattern like `(a+)+$` (shared in a link)
// cannot freeze the tab. Case-insensitive; a pattern RE2 does not accept (backreferences,
// lookaround, bad syntax) matches every tag and carries the error to show.
import { RE2JS } from "re2js";

export interface TagFilter {
  test: (tag: string) => boolean;
  error?: string;
}

export function tagFilter(pattern: string): TagFilter {
  if (!pattern) return { test: () => true };
  try {
    const re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    return { test: (t) => re.test(t) };
  } catch (e) {
    return { test: () => true, error: (e as Error).message };
  }
}
