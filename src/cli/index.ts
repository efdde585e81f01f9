// Public API of the CLI part: the command-line entry lives in main.ts.
export { VERSION } from "./version.ts";
