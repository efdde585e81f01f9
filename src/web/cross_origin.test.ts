// A hostile page in the same browser (real Chromium): a page on another origin fires a `no-cors`
// fetch at the export and an <img> at the diagnosis of the dashboard on 127.0.0.1. The dashboard
// answers 403 before doing any work (the statuses it sent are recorded on the server side), while
// its own page still loads its data.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { RunDir, type TrainingRun } from "../model/index.ts";
import { createApp } from "../server/index.ts";
import { launchChromium } from "../../scripts/chromium.ts";

test("a page on another origin gets 403 from the API for no-cors fetches and images; no export starts", async () => {
  const d = new RunDir("big");
  const s = d.scalar("loss");
  for (let i = 0; i < 1000; i++) s.push(i, 1000 + i, 1 / (i + 1));
  const run: TrainingRun = { name: "big", dirs: [d], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] };
  const dash = createApp({ runs: [run] });
  const seen: { path: string; status: number; site?: string }[] = [];
  const server = serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async (req: Request) => {
      const res = await dash.app.fetch(req);
      const u = new URL(req.url);
      if (u.pathname.startsWith("/api/"))
        seen.push({ path: u.pathname, status: res.status, site: req.headers.get("sec-fetch-site") ?? undefined });
      return res;
    },
  });
  await new Promise<void>((r) => server.once("listening", () => r()));
  const port = (server.address() as AddressInfo).port;
  const target = `http://127.0.0.1:${port}`;
  // the attacker's page, on another origin (localhost, another port)
  const evil = http.createServer((_req, res) => {
    res.setHeader("content-type", "text/html");
    res.end(`<!doctype html><script>
      const runs = Array.from({ length: 20 }, () => "run=big").join("&");
      fetch("${target}/api/export?" + runs + "&tag=loss", { mode: "no-cors" }).then(() => { document.title = "fetched"; }, () => { document.title = "failed"; });
      const img = new Image(); img.src = "${target}/api/diagnosis?run=big"; document.body.appendChild(img);
    </script>`);
  });
  await new Promise<void>((r) => evil.listen(0, "localhost", () => r()));
  const evilUrl = `http://localhost:${(evil.address() as AddressInfo).port}/`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(evilUrl);
    await page.waitForFunction(() => document.title !== "", undefined, { timeout: 15_000 });
    for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    const exp = seen.find((x) => x.path === "/api/export");
    const diag = seen.find((x) => x.path === "/api/diagnosis");
    assert.deepEqual(exp, { path: "/api/export", status: 403, site: "cross-site" });
    assert.deepEqual(diag, { path: "/api/diagnosis", status: 403, site: "cross-site" });
    // the dashboard's own origin still reads its API
    const own = await browser.newPage();
    await own.goto(target + "/api/runs");
    assert.match((await own.locator("body").textContent()) ?? "", /"name":"big"/);
    assert.equal(seen.at(-1)?.status, 200);
  } finally {
    await browser.close();
    evil.close();
    server.close();
    dash.close();
  }
});
