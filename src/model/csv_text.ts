// Text written into a CSV cell by the exports (CLI and dashboard). Contract: a value a spreadsheet
// would run as a formula (starting with = + - @, tab or CR) gets a leading apostrophe, as OWASP
// advises against CSV injection, unless `raw`; then RFC 4180 quoting when the text holds a comma,
// quote, CR or LF. Numbers are not passed through here.

/** A CSV text field: formula prefixes neutralised unless `raw`, then quoted when needed. */
export function csvTextField(s: string, raw = false): string {
  const t = !raw && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}
