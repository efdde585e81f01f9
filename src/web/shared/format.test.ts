// Unit tests of the dashboard's number formatting (tick labels, readout values, non-finite notes).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fmt, formatLogTicks, formatTicks, formatValue, formatDuration, nonFiniteNote, sci } from "./format.ts";

test("narrow ranges get enough digits to tell ticks apart", () => {
  assert.deepEqual(formatTicks([0.347, 0.3472, 0.3474, 0.3476, 0.3478, 0.348]), [
    "0.3470",
    "0.3472",
    "0.3474",
    "0.3476",
    "0.3478",
    "0.3480",
  ]);
  assert.deepEqual(formatTicks([0.3475, 0.34775, 0.348]), ["0.34750", "0.34775", "0.34800"]);
  assert.deepEqual(formatTicks([1000.001, 1000.002]), ["1000.001", "1000.002"]);
  assert.deepEqual(formatTicks([0, 0.25, 0.5, 0.75, 1]), ["0", "0.25", "0.50", "0.75", "1.00"]);
  assert.deepEqual(formatTicks([0, 1, 2, 3]), ["0", "1", "2", "3"]);
});

test("tiny values use scientific notation, never 0, 0, 0", () => {
  assert.deepEqual(formatTicks([0, 2e-7, 4e-7, 6e-7, 8e-7, 1e-6, 1.2e-6]), ["0", "2e-7", "4e-7", "6e-7", "8e-7", "1e-6", "1.2e-6"]);
  assert.deepEqual(formatTicks([1.0001e-6, 1.0002e-6, 1.0003e-6]), ["1.0001e-6", "1.0002e-6", "1.0003e-6"]);
  assert.deepEqual(formatTicks([-5e-7, 0, 5e-7]), ["-5e-7", "0", "5e-7"]);
});

test("huge values use scientific notation, large ones SI suffixes", () => {
  assert.deepEqual(formatTicks([4e32, 4.5e32, 5e32, 5.5e32, 6e32]), ["4e32", "4.5e32", "5e32", "5.5e32", "6e32"]);
  // Floating-point products such as 5 * 1e32 still read as 5e32.
  assert.deepEqual(formatTicks([4 * 1e32, 5 * 1e32, 6 * 1e32]), ["4e32", "5e32", "6e32"]);
  assert.deepEqual(formatTicks([0, 20000, 40000, 60000]), ["0", "20k", "40k", "60k"]);
  assert.deepEqual(formatTicks([1_000_000, 1_500_000, 2_000_000]), ["1.0M", "1.5M", "2.0M"]);
  assert.deepEqual(formatTicks([0, 2000, 4000]), ["0", "2000", "4000"]);
});

test("nulls and non-finite ticks give empty labels; negatives keep their sign, no -0", () => {
  assert.deepEqual(formatTicks([null, 1, NaN, 2]), ["", "1", "", "2"]);
  assert.deepEqual(formatTicks([-0.0001, 0, 0.0001]), ["-1e-4", "0", "1e-4"]);
  assert.deepEqual(formatTicks([-0.002, 0, 0.002]), ["-0.002", "0", "0.002"]);
  assert.deepEqual(formatTicks([-1e-20]), ["-1e-20"]);
  assert.deepEqual(formatTicks([]), []);
});

test("distinct ticks always get distinct labels", () => {
  for (const [lo, step] of [
    [0.123456, 1e-7],
    [1e9, 0.5],
    [3e-9, 1e-12],
    [-2e20, 1e17],
    [7, 0.000025],
  ]) {
    const ticks = Array.from({ length: 6 }, (_, i) => lo + i * step);
    const labels = formatTicks(ticks);
    assert.equal(new Set(labels).size, ticks.length, `${ticks} -> ${labels}`);
  }
});

test("log-scale ticks spanning decades are labelled one by one", () => {
  assert.deepEqual(formatLogTicks([1e-6, null, 5e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 20000, 1e32]), [
    "1e-6",
    "",
    "5e-6",
    "1e-5",
    "1e-4",
    "0.001",
    "0.01",
    "0.1",
    "1",
    "10",
    "20k",
    "1e32",
  ]);
});

test("readout values, durations, sci", () => {
  assert.equal(formatValue(0.34751234), "0.347512");
  assert.equal(formatValue(1.234567e-6), "1.23457e-6");
  assert.equal(formatValue(5e32), "5e32");
  assert.equal(formatValue(NaN), "NaN");
  assert.equal(formatValue(-Infinity), "-Inf");
  assert.equal(formatValue(12345), "12345");
  assert.equal(fmt(1.5e-6), "1.5e-6");
  assert.equal(fmt(Infinity), "+Inf");
  assert.equal(fmt("-Infinity"), "-Inf");
  assert.equal(fmt("NaN"), "NaN");
  assert.equal(sci(-2.5e-10, 3), "-2.5e-10");
  assert.equal(formatDuration(3725), "1h 02m 05s");
  assert.equal(formatDuration(4.5), "4.5s");
});

test("the note of a series without a finite point", () => {
  assert.equal(nonFiniteNote(20, { nan: 20, posInf: 0, negInf: 0 }), "all 20 points are NaN");
  assert.equal(nonFiniteNote(3, { nan: 0, posInf: 3, negInf: 0 }), "all 3 points are +Inf");
  assert.equal(nonFiniteNote(5, { nan: 2, posInf: 3, negInf: 0 }), "all 5 points are NaN or Inf (2 NaN, 3 +Inf)");
  assert.equal(nonFiniteNote(5, { nan: 2, posInf: 0, negInf: 0 }), undefined);
  assert.equal(nonFiniteNote(0, { nan: 0, posInf: 0, negInf: 0 }), undefined);
});
