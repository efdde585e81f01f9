// The README's dashboard screenshot (docs/screenshot.png). `npm run screenshot` builds the web app,
// serves a temporary copy of examples/logs, opens the overfitting run's scalars in Debian's Chromium
// with the step of its worst finding's latest evidence marked, and writes the PNG. The browser test
// (src/web/e2e.test.ts) takes the same picture into a temporary directory, so tests never rewrite
// the tracked file; only this script does.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { launchChromium } from "./chromium.ts";
import { buildWeb } from "./web_build.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Opens the first run whose name starts with "overfitting" (else `fallbackRun`) on `page`, waits
 * until every chart is drawn and writes the screenshot to `outFile`. Returns the run shown.
 */
export async function captureDashboard(page: Page, serverUrl: string, outFile: string, fallbackRun = ""): Promise<string> {
  const api = async <T>(p: string): Promise<T> => (await fetch(serverUrl + p.replace(/^\//, ""))).json() as Promise<T>;
  const listed = await api<{ runs: { name: string }[] }>("/api/runs");
  const run = listed.runs.find((r) => /^overfitting/.test(r.name))?.name ?? fallbackRun;
  const diag = await api<{ findings: { evidence: { source: string; tag?: string; step?: number }[] }[] }>(
    `/api/diagnosis?run=${encodeURIComponent(run)}`,
  );
  const ev = diag.findings
    .flatMap((f) => f.evidence)
    .filter((e) => e.source === "scalar" && e.tag && e.step !== undefined)
    .sort((a, b) => b.step! - a.step!)[0];
  const q = new URLSearchParams({ page: "scalars", r: run, tags: "loss|acc" });
  if (ev) {
    q.set("focus", ev.tag!);
    q.set("mark", String(ev.step));
  }
  await page.setViewportSize({ width: 1360, height: 900 });
  await page.goto(`${serverUrl}?${q}`);
  await page
    .waitForFunction(
      () => {
        const cards = [...document.querySelectorAll(".scalar-card")];
        return cards.length > 0 && cards.every((c) => c.getAttribute("data-drawn") === "1");
      },
      undefined,
      { timeout: 30_000 },
    )
    .catch(async (e: Error) => {
      const cards = await page.evaluate(() =>
        [...document.querySelectorAll(".scalar-card")].map(
          (c) => `${c.getAttribute("data-tag")}:${c.getAttribute("data-drawn")}:${c.textContent}`,
        ),
      );
      throw new Error(`${e.message}\n${run} ${q}\n${cards.join("\n")}`);
    });
  await page.evaluate(() => window.scrollTo(0, 0));
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  await page.screenshot({ path: outFile });
  return run;
}

async function main(): Promise<void> {
  buildWeb();
  const { startServer } = await import("../src/server/index.ts");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-screenshot-"));
  fs.cpSync(path.join(REPO, "examples/logs"), dir, { recursive: true });
  const server = await startServer({ logdir: dir, port: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const out = path.join(REPO, "docs/screenshot.png");
    const run = await captureDashboard(page, server.url, out);
    console.log(`wrote ${path.relative(REPO, out)} (${fs.statSync(out).size} bytes, run ${run})`);
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
