// Unit tests of the scalar chart's pure helpers (x range over non-finite points, value scale, nearest point).
import { test } from "node:test";
import assert from "node:assert/strict";
import { nearestPoint, valueScale, xRangeOf, type SeriesLike } from "./chart_math.ts";

const series = (x: number[], y: number[], markers: SeriesLike["markers"] = [], ema?: number[]): SeriesLike => ({
  x,
  steps: x,
  wall: x.map((v) => 1_700_000_000 + v),
  y,
  ema,
  markers,
  xExtent: [Math.min(...x, ...markers.map((m) => m.x)), Math.max(...x, ...markers.map((m) => m.x))] as [number, number],
});

test("the x range reaches the non-finite points after the last finite one", () => {
  const s = series([0, 1, 2], [1, 2, 3], [{ x: 9, step: 9, wall: 0, kind: "nan" }]);
  assert.deepEqual(xRangeOf([s], undefined, 1), [0, 9]);
  assert.deepEqual(xRangeOf([series([5], [1])], undefined, 1), [4, 6]);
  assert.deepEqual(xRangeOf([s], [1, 2], 1), [1, 2]);
  assert.equal(xRangeOf([], undefined, 1), undefined);
  // Markers alone (an all-NaN series) give the range.
  assert.deepEqual(
    xRangeOf(
      [
        {
          ...series([], []),
          markers: [
            { x: 3, step: 3, wall: 0, kind: "nan" },
            { x: 7, step: 7, wall: 0, kind: "nan" },
          ],
          xExtent: [3, 7],
        },
      ],
      undefined,
      1,
    ),
    [3, 7],
  );
});

test("huge and tiny values are scaled by a power of ten, ordinary ones not", () => {
  assert.equal(valueScale([series([0, 1], [5e32, 4e32])]), 1e32);
  assert.equal(valueScale([series([0, 1], [1e-6, 2e-6])]), 1);
  assert.equal(valueScale([series([0, 1], [3e-12, NaN])]), 1e-12);
  assert.equal(valueScale([series([0, 1], [0.3, 0.4])]), 1);
  assert.equal(valueScale([series([], [])]), 1);
});

test("the nearest point is a finite point or a marker, with its smoothed value", () => {
  const s = series([0, 10, 20], [1, 2, 3], [{ x: 30, step: 30, wall: 5, kind: "+inf" }], [1, 1.5, 2.2]);
  assert.deepEqual(nearestPoint(s, 11), { step: 10, x: 10, wall: 1_700_000_010, value: 2, smoothed: 1.5 });
  assert.deepEqual(nearestPoint(s, -4)?.step, 0);
  const m = nearestPoint(s, 27)!;
  assert.equal(m.step, 30);
  assert.equal(m.value, Infinity);
  assert.equal(nearestPoint(series([], []), 3), undefined);
});
