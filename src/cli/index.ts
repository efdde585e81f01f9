// Public API of the CLI part (the command-line entry lives in main.ts): the version and the
// text `trainscope inspect` prints.
export { VERSION } from "./version.ts";
export { inspectJson, inspectText } from "./inspect_report.ts";
