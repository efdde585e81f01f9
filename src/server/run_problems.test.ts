// The run list of the API (/api/runs) carries the file damage met reading each run — truncated,
// CRC-damaged and unreadable files, with file, byte offset, code and severity — on the real
// damaged fixtures beside a healthy run, so the dashboard can show file damage next to each run.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "./index.ts";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures");

interface ProblemDetail {
  file: string;
  offset?: number;
  code: string;
  severity: string;
  message: string;
}

test("/api/runs: fileProblems lists truncated and CRC-damaged files with offsets; a healthy run has none", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trainscope-run-problems-"));
  try {
    fs.cpSync(path.join(FIXTURES, "tensorboard/edge-cases/truncated-mid-payload"), path.join(dir, "cut"), { recursive: true });
    fs.cpSync(path.join(FIXTURES, "tensorboard/edge-cases/bad-data-crc"), path.join(dir, "crc"), { recursive: true });
    fs.cpSync(path.join(FIXTURES, "tensorboard/edge-cases/not-an-event-file"), path.join(dir, "junk"), { recursive: true });
    fs.cpSync(path.join(FIXTURES, "generated/keras/classifier"), path.join(dir, "ok"), { recursive: true });
    const app = createApp({ logdir: dir, diagnoseInWorker: false });
    await app.ready;
    await app.loaded;
    const list = (await (await app.request("/api/runs")).json()) as {
      runs: { name: string; status: string; problems?: string[]; problemCount?: number; fileProblems?: ProblemDetail[] }[];
    };
    const byName = new Map(list.runs.map((r) => [r.name, r]));
    const cut = byName.get("cut")!;
    assert.deepEqual(
      cut.fileProblems!.map((p) => [p.file, p.offset, p.code, p.severity]),
      [["cut/events.out.tfevents.1622543341.edge", 2413, "truncated", "warning"]],
    );
    assert.match(cut.fileProblems![0].message, /^file ends inside a record/);
    assert.deepEqual(cut.problems, [], "a warning is not an error: the error list stays empty");
    assert.equal(cut.problemCount, 1);
    const crc = byName.get("crc")!.fileProblems!;
    assert.equal(crc[0].code, "bad_data_crc");
    assert.equal(crc[0].severity, "error");
    assert.equal(typeof crc[0].offset, "number");
    const junk = byName.get("junk")!;
    assert.equal(junk.status, "failed");
    assert.deepEqual(
      junk.fileProblems!.map((p) => [p.file, p.offset, p.code, p.severity]),
      [["junk/events.out.tfevents.x", 0, "not_event_file", "error"]],
    );
    assert.deepEqual(byName.get("ok")!.fileProblems, []);
    app.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
