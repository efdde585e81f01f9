// `export --format csv`: run and tag names a spreadsheet would run as formulas are neutralised with a
// leading apostrophe (quoted when needed), numbers never altered; `--raw` keeps names as written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { RunDir, type Experiment } from "../model/index.ts";
import { writeExport } from "./commands/export.ts";

function sink(): { out: Writable; text: () => string } {
  let s = "";
  return {
    out: new Writable({
      write(chunk, _e, cb) {
        s += String(chunk);
        cb();
      },
    }),
    text: () => s,
  };
}

test("CSV export neutralises formula prefixes in text fields unless raw", async () => {
  const d = new RunDir("@evil");
  d.scalar('=HYPERLINK("http://x.example","go")').push(0, 1, -1.5);
  d.scalar("+cmd").push(1, 2, 2);
  d.scalar("loss").push(2, 3, -0.25);
  const exp: Experiment = {
    root: "/",
    problems: [],
    runs: [{ name: "@evil", dirs: [d], hparams: new Map(), hparamConflicts: [], roles: [], problems: [] }],
  };
  const a = sink();
  await writeExport(exp, "csv", undefined, a.out);
  assert.equal(
    a.text(),
    [
      "run,tag,step,wall_time,value",
      `'@evil,"'=HYPERLINK(""http://x.example"",""go"")",0,1,-1.5`,
      "'@evil,'+cmd,1,2,2",
      "'@evil,loss,2,3,-0.25",
      "",
    ].join("\n"),
  );
  const b = sink();
  await writeExport(exp, "csv", undefined, b.out, true);
  assert.equal(b.text().split("\n")[1], `@evil,"=HYPERLINK(""http://x.example"",""go"")",0,1,-1.5`);
});
