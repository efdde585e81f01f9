// The installable package, as a user gets it: builds the library (tsc) and the web app (Vite) into
// a staging copy, packs it with `npm pack`, installs the tarball into an empty project from the
// npm cache (a lockfile made from this repository's lockfile pins every dependency, so nothing is
// resolved online), then runs the installed `trainscope` (--help, diagnose on the bundled example
// logs, serve: the page and its script answer), type-checks an import of both entry points, and
// runs the README's recorder example, extracted from README.md, with plain `node` against
// @tensorflow/tfjs and the wasm backend. Everything is written under os.tmpdir().

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-package-"));
const STAGE = path.join(TMP, "stage");
const PROJ = path.join(TMP, "project");
const README = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  bin: Record<string, string>;
  files: string[];
};

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  return r;
}
function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.equal(r.status, 0, `${what} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The README's recorder example: the first ```js block of the "Recording TF.js training" section. */
function readmeRecorderExample(): string {
  const section = README.indexOf("## Recording TF.js training");
  assert.ok(section >= 0, "README has a 'Recording TF.js training' section");
  const open = README.indexOf("```js\n", section);
  const close = README.indexOf("\n```", open + 6);
  assert.ok(open > section && close > open, "the section has a ```js block");
  return README.slice(open + 6, close + 1);
}

/** package-lock.json entries of `names` and everything they depend on, taken from this repository's lockfile. */
function lockClosure(names: string[]): Record<string, Record<string, unknown>> {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8")) as {
    packages: Record<string, Record<string, unknown>>;
  };
  const out: Record<string, Record<string, unknown>> = {};
  const resolve = (from: string, name: string): string | undefined => {
    // Node's lookup: from/node_modules/name, then each ancestor's node_modules, then the top.
    let dir = from;
    for (;;) {
      const key = (dir ? dir + "/" : "") + "node_modules/" + name;
      if (lock.packages[key]) return key;
      if (!dir) return undefined;
      const i = dir.lastIndexOf("/node_modules/");
      dir = i < 0 ? "" : dir.slice(0, i);
    }
  };
  const visit = (from: string, name: string, optional: boolean): void => {
    const key = resolve(from, name);
    if (!key) {
      if (optional) return;
      throw new Error(`${name} (needed by ${from || "the package"}) is not in package-lock.json`);
    }
    if (out[key]) return;
    const { dev: _dev, peer: _peer, devOptional: _devOptional, ...entry } = lock.packages[key];
    out[key] = entry;
    for (const d of Object.keys((entry.dependencies ?? {}) as object)) visit(key, d, false);
    for (const d of Object.keys((entry.optionalDependencies ?? {}) as object)) visit(key, d, true);
    const peerMeta = (entry.peerDependenciesMeta ?? {}) as Record<string, { optional?: boolean }>;
    for (const d of Object.keys((entry.peerDependencies ?? {}) as object)) if (!peerMeta[d]?.optional) visit(key, d, false);
  };
  for (const n of names) visit("", n, false);
  return out;
}

let tarball = "";
let installed = false;

test("npm run build's steps compile into a staging copy and npm pack packs it", () => {
  fs.mkdirSync(STAGE);
  for (const f of ["package.json", "README.md", "LICENSE", "bin", "examples/logs"]) {
    if (fs.existsSync(path.join(REPO, f))) fs.cpSync(path.join(REPO, f), path.join(STAGE, f), { recursive: true });
  }
  const dist = path.join(STAGE, "dist");
  ok(
    run(process.execPath, [path.join(REPO, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", dist], REPO),
    "tsc -p tsconfig.build.json",
  );
  ok(
    run(
      process.execPath,
      [
        path.join(REPO, "node_modules/vite/bin/vite.js"),
        "build",
        "--config",
        "src/web/vite.config.ts",
        "--outDir",
        path.join(dist, "web"),
        "--emptyOutDir",
      ],
      REPO,
    ),
    "vite build",
  );
  const out = ok(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", TMP], STAGE), "npm pack");
  const info = (JSON.parse(out) as { filename: string; files: { path: string }[] }[])[0];
  tarball = path.join(TMP, info.filename);
  const files = new Set(info.files.map((f) => f.path));
  for (const f of [
    "package.json",
    "bin/trainscope.js",
    "dist/cli/main.js",
    "dist/index.js",
    "dist/index.d.ts",
    "dist/recorder/index.js",
    "dist/recorder/index.d.ts",
    "dist/server/diagnosis_worker.js",
    "dist/store/read_worker.js",
    "dist/web/index.html",
    "README.md",
  ]) {
    assert.ok(files.has(f), `the tarball holds ${f}`);
  }
  for (const f of files)
    assert.ok(!/\.test\.(js|ts)$|^src\/|(^|\/)node_modules\//.test(f), `the tarball holds no sources, tests or node_modules: ${f}`);
  const mainJs = fs.readFileSync(path.join(dist, "cli/main.js"), "utf8");
  assert.ok(!/from "[^"]+\.tsx?"/.test(mainJs), "compiled imports name .js files");
});

test("the tarball installs into an empty project from the npm cache", (t) => {
  if (!tarball) return t.skip("no tarball (the pack test failed)");
  fs.mkdirSync(PROJ);
  const tfjs = pkg.devDependencies["@tensorflow/tfjs"];
  const wasm = pkg.devDependencies["@tensorflow/tfjs-backend-wasm"];
  const spec = "file:" + path.relative(PROJ, tarball);
  const deps = { trainscope: spec, "@tensorflow/tfjs": tfjs, "@tensorflow/tfjs-backend-wasm": wasm };
  fs.writeFileSync(
    path.join(PROJ, "package.json"),
    JSON.stringify({ name: "uses-trainscope", version: "1.0.0", private: true, dependencies: deps }, null, 2),
  );
  const integrity = "sha512-" + crypto.createHash("sha512").update(fs.readFileSync(tarball)).digest("base64");
  const packages: Record<string, unknown> = {
    "": { name: "uses-trainscope", version: "1.0.0", dependencies: deps },
    "node_modules/trainscope": {
      version: pkg.version,
      resolved: spec,
      integrity,
      license: "MIT",
      bin: pkg.bin,
      dependencies: pkg.dependencies,
      peerDependencies: pkg.peerDependencies,
      engines: { node: ">=20.19" },
      peerDependenciesMeta: { "@tensorflow/tfjs": { optional: true } },
    },
    ...lockClosure([...Object.keys(pkg.dependencies), "@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm"]),
  };
  fs.writeFileSync(
    path.join(PROJ, "package-lock.json"),
    JSON.stringify({ name: "uses-trainscope", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2),
  );
  const args = ["ci", "--no-audit", "--no-fund", "--ignore-scripts"];
  let r = run("npm", [...args, "--offline"], PROJ);
  if (r.status !== 0 && /ENOTCACHED/.test(r.stderr)) {
    t.diagnostic("some packages are not in the npm cache: installing with --prefer-offline");
    r = run("npm", [...args, "--prefer-offline"], PROJ);
  }
  ok(r, "npm ci of the packed tarball");
  assert.ok(fs.existsSync(path.join(PROJ, "node_modules/.bin/trainscope")), "the trainscope command is linked");
  assert.ok(!fs.existsSync(path.join(PROJ, "node_modules/tsx")), "tsx is not installed with the package");
  assert.ok(!fs.existsSync(path.join(PROJ, "node_modules/trainscope/node_modules/@tensorflow")), "one copy of @tensorflow/tfjs");
  installed = true;
});

test("npx trainscope --help and diagnose on the bundled example logs", (t) => {
  if (!installed) return t.skip("not installed (the install test failed)");
  const help = ok(run("npx", ["--offline", "trainscope", "--help"], PROJ), "npx trainscope --help");
  for (const c of ["inspect", "export", "diagnose", "watchpoints", "checklist", "compare", "serve"])
    assert.match(help, new RegExp(`^  ${c}\\b`, "m"));
  // --help loads no reader, codec or server: those load when a command runs.
  const loaded = path.join(TMP, "loaded.txt");
  fs.writeFileSync(
    path.join(TMP, "hooks.mjs"),
    `import fs from "node:fs";\nexport async function resolve(s, c, next) { const r = await next(s, c); fs.appendFileSync(${JSON.stringify(loaded)}, r.url + "\\n"); return r; }\n`,
  );
  fs.writeFileSync(
    path.join(TMP, "register.mjs"),
    `import { register } from "node:module";\nregister(${JSON.stringify(new URL("file://" + path.join(TMP, "hooks.mjs")).href)});\n`,
  );
  ok(
    run(process.execPath, ["--import", path.join(TMP, "register.mjs"), "node_modules/.bin/trainscope", "--help"], PROJ),
    "trainscope --help with a module log",
  );
  const urls = fs.readFileSync(loaded, "utf8").split("\n").filter(Boolean);
  assert.ok(
    urls.some((u) => u.endsWith("/dist/cli/main.js")),
    "the log holds the modules loaded",
  );
  const heavy = urls.filter((u) => /\/dist\/(reader|server|format)\/|\/node_modules\/(hono|@hono|yaml|csv-parse|@bufbuild)\//.test(u));
  assert.deepEqual(heavy, [], "modules --help should not load");
  const version = ok(run("npx", ["--offline", "trainscope", "--version"], PROJ), "npx trainscope --version");
  assert.equal(version.trim(), pkg.version);
  const out = ok(
    run("npx", ["--offline", "trainscope", "diagnose", "node_modules/trainscope/examples/logs", "--json"], PROJ),
    "trainscope diagnose --json",
  );
  const report = JSON.parse(out) as { runs: { run: string }[]; findings: { run: string; symptom: string; causes?: { cause: string }[] }[] };
  assert.equal(report.runs.length, 8);
  const dead = report.findings.filter((f) => f.run === "dead_relu_very_negative_bias_6");
  assert.ok(
    dead.some((f) => f.symptom === "loss_not_decreasing"),
    "the dead-ReLU example run is found not learning",
  );
  const human = ok(
    run("npx", ["--offline", "trainscope", "diagnose", "node_modules/trainscope/examples/logs/dead_relu_very_negative_bias_6"], PROJ),
    "trainscope diagnose",
  );
  assert.match(human, /^== run .*\(1 error, /m);
  assert.match(human, /\[ERROR\] loss_not_decreasing: /);
});

test("trainscope serve answers the dashboard page, its script and the API", async (t) => {
  if (!installed) return t.skip("not installed (the install test failed)");
  // The installed bin directly (npx would add a parent process), in its own process group so it can be ended.
  const child = spawn(path.join(PROJ, "node_modules/.bin/trainscope"), ["serve", "node_modules/trainscope/examples/logs", "--port", "0"], {
    cwd: PROJ,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    // the index (when the SQLite driver is built) goes to a cache directory of the test's own
    env: { ...process.env, XDG_CACHE_HOME: path.join(TMP, "cache") },
  });
  let stdout = "",
    stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d));
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stdout);
        if (m) {
          clearInterval(timer);
          resolve(m[1]);
        }
      }, 50);
      child.once("exit", (code) => {
        clearInterval(timer);
        reject(new Error(`serve exited with ${code}: ${stderr}`));
      });
    });
    assert.doesNotMatch(stderr, /not built/);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    const html = await page.text();
    assert.match(html, /<title>trainscope<\/title>/);
    assert.match(html, /<div id="app"><\/div>/);
    const script = /<script type="module"[^>]* src="\.\/(assets\/[^"]+\.js)"/.exec(html);
    assert.ok(script, "the page loads the app's script");
    const js = await fetch(url + script[1]);
    assert.equal(js.status, 200);
    assert.match(js.headers.get("content-type") ?? "", /javascript/);
    assert.ok((await js.text()).length > 10_000, "the app's script is served whole");
    const runs = (await (await fetch(url + "api/runs")).json()) as { runs: { name: string }[] };
    assert.equal(runs.runs.length, 8);
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, "SIGTERM");
  }
});

test("both entry points type-check with their declarations", (t) => {
  if (!installed) return t.skip("not installed (the install test failed)");
  fs.writeFileSync(
    path.join(PROJ, "check.mts"),
    [
      'import { loadExperiment, diagnoseExperiment, type Experiment } from "trainscope";',
      'import { StepRecorder, RecorderCallback } from "trainscope/recorder";',
      'const exp: Experiment = await loadExperiment("logs");',
      "const n: number = diagnoseExperiment(exp).findings.length;",
      'const rec: StepRecorder = new StepRecorder("logs/x", { collectFreq: 5 });',
      'const cb: RecorderCallback = new RecorderCallback("logs/y");',
      "export { n, rec, cb };",
      "",
    ].join("\n"),
  );
  ok(
    run(
      process.execPath,
      [
        path.join(REPO, "node_modules/typescript/bin/tsc"),
        "--noEmit",
        "--strict",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--target",
        "es2022",
        "--skipLibCheck",
        "--typeRoots",
        path.join(REPO, "node_modules/@types"),
        "--types",
        "node",
        "check.mts",
      ],
      PROJ,
    ),
    "tsc on an import of trainscope",
  );
  // A wrong use is an error: the declarations carry real types, not `any`.
  fs.writeFileSync(
    path.join(PROJ, "wrong.mts"),
    'import { loadExperiment } from "trainscope";\nconst x: number = await loadExperiment("logs");\nexport { x };\n',
  );
  const wrong = run(
    process.execPath,
    [
      path.join(REPO, "node_modules/typescript/bin/tsc"),
      "--noEmit",
      "--strict",
      "--module",
      "nodenext",
      "--moduleResolution",
      "nodenext",
      "--target",
      "es2022",
      "--skipLibCheck",
      "--typeRoots",
      path.join(REPO, "node_modules/@types"),
      "--types",
      "node",
      "wrong.mts",
    ],
    PROJ,
  );
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stdout, /Type 'Experiment' is not assignable to type 'number'/);
});

test("the README's recorder example runs with plain node and writes logs trainscope reads", (t) => {
  if (!installed) return t.skip("not installed (the install test failed)");
  fs.writeFileSync(path.join(PROJ, "train.mjs"), readmeRecorderExample());
  const r = run(process.execPath, ["train.mjs"], PROJ);
  ok(r, "node train.mjs (the README's recorder example)");
  const out = ok(run("npx", ["--offline", "trainscope", "inspect", "logs", "--json"], PROJ), "trainscope inspect logs --json");
  const inspected = JSON.parse(out) as { runs: { run: string; tags: { key: string; kind: string; count: number }[] }[] };
  const byName = new Map(inspected.runs.map((x) => [x.run, x]));
  assert.deepEqual([...byName.keys()].sort(), ["fit", "loop"]);
  const tags = (run: string) => new Map(byName.get(run)!.tags.map((x) => [x.key, x]));
  const fit = tags("fit");
  assert.equal(fit.get("train/batch_loss")?.count, 35, "5 epochs × 7 batches of the 205-sample training split");
  assert.equal(fit.get("val/epoch_loss")?.count, 5);
  assert.equal(fit.get("train/weights/dense_Dense1/kernel")?.kind, "histogram");
  const loop = tags("loop");
  assert.equal(loop.get("train/batch_loss")?.count, 40);
  assert.equal(loop.get("train/grad_norm_total")?.count, 40);
  assert.ok(
    [...loop.values()].some((x) => x.key.startsWith("train/activations/") && x.kind === "histogram" && x.count === 4),
    "layer outputs at steps 0, 10, 20, 30",
  );
  assert.equal(loop.get("train/epoch_loss")?.count, 1);
});
