// Text from log files (tag names, run and file names, values, reader messages) as it may be
// printed on a terminal: control characters are shown escaped, so a hostile or broken log cannot
// move the cursor, clear the screen, change colours, set the window title, break a line or reorder
// text. C0 controls, DEL and C1 controls become `\xHH` (`\n`, `\r`, `\t` and `\e` by name); the
// bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the line/paragraph
// separators (U+2028, U+2029) become `\u{HHHH}`. Everything else is kept as written.

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u001b": "\\e" };

/** `s` with every control character escaped (see the file comment). */
export function termSafe(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
  });
}

/** A multi-line report made terminal-safe line by line: every control character but the line breaks escaped. */
export function termSafeText(text: string): string {
  return text.split("\n").map(termSafe).join("\n");
}
