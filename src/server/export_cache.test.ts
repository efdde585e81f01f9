// The export cache (export_stream.ts): a repeated export gives the same bytes from the cache, a
// series that grew is exported anew with its new points, and formats / raw / run names never share an entry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ScalarSeries } from "../model/index.ts";
import { exportStream, exportCacheBytes } from "./export_stream.ts";

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

function series(n: number): ScalarSeries {
  const s = new ScalarSeries("loss", "run_a");
  for (let i = 0; i < n; i++) s.push(i, 1_700_000_000 + i * 0.25, i === 7 ? NaN : 1 / (i + 1));
  return s;
}

test("export cache: same bytes from the cache, new points after the series grows", async () => {
  const s = series(20_000);
  const src = { series: async () => s };
  const before = exportCacheBytes();
  const a = await text(exportStream(["=run_a"], "loss", "csv", src));
  const lines = a.trimEnd().split("\n");
  assert.equal(lines.length, 20_001);
  assert.equal(lines[0], "run,tag,step,wall_time,value");
  assert.equal(lines[1], "'=run_a,loss,0,1700000000,1");
  assert.equal(lines[8], "'=run_a,loss,7,1700000001.75,nan");
  assert.ok(exportCacheBytes() - before >= a.length - 40, "the rows are kept");
  const b = await text(exportStream(["=run_a"], "loss", "csv", src));
  assert.equal(b, a);
  // raw keeps the name: another entry
  const raw = await text(exportStream(["=run_a"], "loss", "csv", { ...src, raw: true }));
  assert.equal(raw.split("\n")[1], "=run_a,loss,0,1700000000,1");
  s.push(20_000, 1_700_005_000, 0.5);
  const c = await text(exportStream(["=run_a"], "loss", "csv", src));
  assert.equal(c.trimEnd().split("\n").length, 20_002);
  assert.ok(c.endsWith("'=run_a,loss,20000,1700005000,0.5\n"));
  const j1 = JSON.parse(await text(exportStream(["=run_a", "b"], "loss", "json", src))) as {
    series: { run: string; points: { step: number; value: number | string }[] }[];
  };
  const j2 = JSON.parse(await text(exportStream(["=run_a", "b"], "loss", "json", src))) as typeof j1;
  assert.deepEqual(j2, j1);
  assert.deepEqual(
    j1.series.map((x) => [x.run, x.points.length]),
    [
      ["=run_a", 20_001],
      ["b", 20_001],
    ],
  );
  assert.equal(j1.series[1].points[7].value, "NaN");
});
