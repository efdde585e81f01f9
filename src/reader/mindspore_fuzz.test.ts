// Seeded fuzzing of the MindSpore readers: random byte flips and truncations of the fixtures never
// throw, every record before the damage is recovered, and the damage is reported at its record's offset.

import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { RunDir } from "../model/index.ts";
import { readRecords } from "../format/index.ts";
import { readMindSporeSummaryFile } from "./mindspore_summary.ts";
import { readMindSporeLineageFile } from "./mindspore_lineage.ts";
import { FIXTURES, mindSporeManifestFiles, tempDir } from "./mindspore_test_util.ts";
import { mulberry32 } from "./reader_test_util.ts";

const FILES = [...mindSporeManifestFiles("mindspore_summary"), ...mindSporeManifestFiles("mindspore_lineage")];
const ITERATIONS = 60;

for (const f of FILES) {
  const read = f.format === "mindspore_summary" ? readMindSporeSummaryFile : readMindSporeLineageFile;
  test(`fuzz ${path.basename(f.path)}: ${ITERATIONS} flips and ${ITERATIONS} truncations`, async () => {
    const orig = new Uint8Array(fs.readFileSync(path.join(FIXTURES, f.path)));
    const recs = readRecords(orig).records.map((r) => ({ start: r.offset, end: r.offset + r.data.length + 16 }));
    const recordAt = (pos: number) => recs.findIndex((r) => pos >= r.start && pos < r.end);
    const tmp = tempDir();
    const file = path.join(tmp, path.basename(f.path));
    const random = mulberry32(0x5eed + orig.length);
    try {
      for (let i = 0; i < ITERATIONS; i++) {
        // One flipped byte: with data CRCs checked, exactly the damaged record is lost.
        const bytes = orig.slice();
        const pos = Math.floor(random() * bytes.length);
        bytes[pos] ^= 1 + Math.floor(random() * 255);
        fs.writeFileSync(file, bytes);
        const dir = new RunDir(".");
        const src = await read(file, "f", dir, undefined, {});
        const k = recordAt(pos);
        assert.ok(dir.problems.length >= 1, `flip at ${pos} reported`);
        assert.equal(
          Math.min(...dir.problems.map((p) => p.offset ?? Infinity)),
          recs[k].start,
          `flip at ${pos}: first problem at its record`,
        );
        assert.ok(src.records >= k, `flip at ${pos}: the ${k} records before it are read`);

        // Read in small chunks: the same records, problems and resume offset as reading at once.
        const dirC = new RunDir(".");
        const srcC = await read(file, "f", dirC, undefined, { chunkBytes: 64 + Math.floor(random() * 900) });
        assert.equal(srcC.records, src.records, `flip at ${pos}: chunked records`);
        assert.equal(srcC.readOffset, src.readOffset, `flip at ${pos}: chunked resume offset`);
        assert.deepEqual(
          dirC.problems.map((p) => [p.code, p.offset]),
          dir.problems.map((p) => [p.code, p.offset]),
          `flip at ${pos}: chunked problems`,
        );

        // Same flip without data CRC checks: no throw, the records before it are read.
        const dir2 = new RunDir(".");
        const src2 = await read(file, "f", dir2, undefined, { verifyDataCrc: false });
        assert.ok(src2.records >= k);

        // Truncation at a random length: the complete records before the cut are read; a cut inside a record is reported there.
        const cut = Math.floor(random() * orig.length);
        fs.writeFileSync(file, orig.subarray(0, cut));
        const dir3 = new RunDir(".");
        const src3 = await read(file, "f", dir3, undefined, {});
        const complete = recs.filter((r) => r.end <= cut).length;
        assert.equal(src3.records, complete, `cut at ${cut}`);
        const inside = recs.find((r) => r.start < cut && r.end > cut);
        if (inside)
          assert.deepEqual(
            dir3.problems.map((p) => [p.code, p.offset]),
            [["truncated", inside.start]],
          );
        else if (cut === 0)
          assert.deepEqual(
            dir3.problems.map((p) => p.code),
            ["empty"],
          );
        else assert.deepEqual(dir3.problems, []);
        assert.equal(src3.readOffset, inside ? inside.start : cut);
        const dir4 = new RunDir(".");
        const src4 = await read(file, "f", dir4, undefined, { chunkBytes: 64 + Math.floor(random() * 900) });
        assert.equal(src4.records, src3.records);
        assert.equal(src4.readOffset, src3.readOffset);
        assert.deepEqual(
          dir4.problems.map((p) => [p.code, p.offset]),
          dir3.problems.map((p) => [p.code, p.offset]),
        );
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
}
