// Helpers shared by the sub-commands: checking the PATH argument, failing with a one-line message
// and exit code 2 (bad input), the `--role KEY=ROLE` option, and writing big outputs to stdout
// with back-pressure.
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import type { LoadOptions } from "../reader/index.ts";
import { ALL_ROLES, formatProblem, type Experiment, type Problem, type Role, type RoleOverride } from "../model/index.ts";
import { termSafe } from "./terminal.ts";

/** A bad-input error: the CLI prints its message as one line on stderr and exits with code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Prints `trainscope <command>: <message>` on stderr (one line) and sets exit code 2. */
function failWithUsage(command: string, message: string): void {
  process.stderr.write(`trainscope ${command}: ${termSafe(message.replace(/\s*\n\s*/g, " "))}\n`);
  process.exitCode = 2;
}

/**
 * Checks that `p` exists and can be read (a file or a directory); returns its absolute path.
 * Throws UsageError with a clear one-line message otherwise.
 */
export function checkInputPath(p: string | undefined): string {
  if (p === undefined || p === "") throw new UsageError("no PATH given");
  const abs = path.resolve(p);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`${p}: no such file or directory`);
    if (code === "EACCES") throw new UsageError(`${p}: permission denied`);
    throw new UsageError(`${p}: cannot access (${code ?? String(e)})`);
  }
  try {
    fs.accessSync(abs, fs.constants.R_OK | (st.isDirectory() ? fs.constants.X_OK : 0));
  } catch {
    throw new UsageError(`${p}: permission denied`);
  }
  if (st.isDirectory()) {
    if (fs.readdirSync(abs).length === 0) throw new UsageError(`${p}: empty directory, nothing to read`);
  } else if (!st.isFile()) {
    throw new UsageError(`${p}: not a file or directory`);
  } else if (st.size === 0) {
    throw new UsageError(`${p}: empty file (0 bytes), nothing to read`);
  }
  return abs;
}

/**
 * Runs a command body: a UsageError (or any error thrown) becomes one line on stderr and exit
 * code 2 for UsageError, 1 for unexpected errors (with the message, never a silent crash).
 */
export async function runCommand(command: string, body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (e instanceof UsageError) {
      failWithUsage(command, e.message);
    } else if ((e as NodeJS.ErrnoException)?.code === "EPIPE") {
      // The reader of stdout went away (e.g. `| head`): not an error of ours.
    } else {
      process.stderr.write(`trainscope ${command}: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 1;
    }
  }
}

/** Writes `chunk` to a stream, waiting for 'drain' when its buffer is full (streams big outputs). */
export function writeChunk(out: NodeJS.WritableStream, chunk: string): Promise<void> | void {
  if (out.write(chunk)) return;
  return new Promise<void>((resolve, reject) => {
    const onDrain = (): void => {
      out.off("error", onError);
      resolve();
    };
    const onError = (err: Error): void => {
      out.off("drain", onDrain);
      reject(err);
    };
    out.once("drain", onDrain);
    out.once("error", onError);
  });
}

/** Formats a number as the CLI writes it: `nan`, `inf`, `-inf`, else the shortest round-trip text. */
export function formatNumber(v: number): string {
  if (v !== v) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  return String(v);
}

/**
 * Checks PATH and loads everything under it. Throws UsageError (exit 2) when PATH is missing,
 * unreadable, empty, or when nothing in it could be read (the message names the first problem,
 * with file and offset). Runs that failed next to readable ones are kept (their problems listed).
 */
export async function loadExperimentOrFail(p: string | undefined, opts: LoadOptions = {}): Promise<Experiment> {
  checkInputPath(p);
  // Loaded on use, so `--help` does not pay for the readers.
  const { loadExperiment } = await import("../reader/index.ts");
  const exp = await loadExperiment(p!, opts);
  failWhenNothingReadable(p!, exp.problems, exp.runs);
  return exp;
}

/**
 * Throws UsageError (exit 2) when there is no run or every run failed; the message names the first
 * problem (an error first), with file and offset.
 */
export function failWhenNothingReadable(p: string, logdirProblems: Problem[], runs: { failed?: boolean; problems: Problem[] }[]): void {
  if (runs.length > 0 && !runs.every((r) => r.failed)) return;
  const problems = [...logdirProblems, ...runs.flatMap((r) => r.problems)];
  const first = problems.find((x) => x.severity === "error") ?? problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : "";
  throw new UsageError(`${p}: nothing readable${first ? `: ${formatProblem(first)}` : ""}${more}`);
}

/** Parses `--role KEY=ROLE` (KEY a series key, or /regex/). Throws UsageError for anything else. */
export function parseRoleOverride(text: string): RoleOverride {
  const i = text.lastIndexOf("=");
  const pattern = i > 0 ? text.slice(0, i) : "";
  const role = i > 0 ? text.slice(i + 1).trim() : "";
  if (!pattern || !(ALL_ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`--role ${text}: expected KEY=ROLE with ROLE one of ${ALL_ROLES.join(", ")}`);
  }
  if (pattern.length >= 2 && pattern.startsWith("/") && pattern.endsWith("/")) {
    try {
      new RegExp(pattern.slice(1, -1));
    } catch (e) {
      throw new UsageError(`--role ${text}: bad regular expression (${(e as Error).message})`);
    }
  }
  return { pattern, role: role as Role };
}

/** Adds the repeatable `--role KEY=ROLE` option (parse the collected texts with `parseRoleOverride`). */
export function addRoleOption(cmd: Command): Command {
  return cmd.option(
    "--role <KEY=ROLE>",
    "override the role of a series (KEY a series key or /regex/); repeatable",
    (v: string, prev: string[]) => [...prev, v],
    [] as string[],
  );
}
