// The entry module of a worker thread whose script sits beside the module that starts it: the
// compiled `NAME.js` when that module runs compiled (dist/), else a boot module (a data: URL) that
// registers tsx and imports `NAME.ts`, so the same pool code runs from the sources in development
// and tests. Shared by every pool that reads or computes in worker threads (store, server, cli).

/** The worker entry `name` (no extension) next to the module at `callerUrl` (its `import.meta.url`). */
export function workerEntry(callerUrl: string, name: string): URL {
  if (!callerUrl.endsWith(".ts")) return new URL(`./${name}.js`, callerUrl);
  const tsx = import.meta.resolve("tsx/esm/api");
  const script = new URL(`./${name}.ts`, callerUrl).href;
  const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(script)});`;
  return new URL("data:text/javascript," + encodeURIComponent(boot));
}
