// Locally generated, seeded datasets for the fault zoo (no downloads): blobs, moons, circles,
// spirals, 8×8 digit-like glyphs, noisy regression, sine-frequency sequences and the "adding
// problem". Each returns train and validation splits as flat Float32Arrays plus labels/targets.

import { Rng } from "./rng.ts";

export type DatasetName = "blobs" | "moons" | "circles" | "spirals" | "digits8x8" | "regression" | "sine_freq" | "adding";

export interface Dataset {
  name: DatasetName;
  task: "classification" | "regression";
  /** Number of classes (classification) or 1 (regression). */
  numClasses: number;
  /** Shape of one sample, e.g. [2], [8, 8, 1], [12, 1]. */
  sampleShape: number[];
  xTrain: Float32Array;
  /** Class indices (classification) or targets (regression). */
  yTrain: Float32Array;
  xVal: Float32Array;
  yVal: Float32Array;
}

export interface DatasetOptions {
  nTrain: number;
  nVal: number;
  /** blobs/spirals/digits/sine: number of classes. */
  classes?: number;
  /** Label noise level in feature space (not label flips). */
  noise?: number;
}

/** Sequence lengths: short, because an unrolled RNN step costs about one op group per time step. */
const SINE_STEPS = 12;
const ADDING_STEPS = 10;

export const SEQUENCE_DATASETS: DatasetName[] = ["sine_freq", "adding"];
export const IMAGE_DATASETS: DatasetName[] = ["digits8x8"];

/** 8×8 glyphs drawn with strokes, a little like digits 0–9. */
const GLYPHS: string[][] = [
  ["..####..", ".#....#.", ".#....#.", ".#....#.", ".#....#.", ".#....#.", ".#....#.", "..####.."],
  ["...##...", "..###...", "...##...", "...##...", "...##...", "...##...", "...##...", "..####.."],
  ["..####..", ".#....#.", "......#.", ".....#..", "....#...", "...#....", "..#.....", ".######."],
  ["..####..", ".#....#.", "......#.", "...###..", "......#.", "......#.", ".#....#.", "..####.."],
  [".....#..", "....##..", "...#.#..", "..#..#..", ".######.", ".....#..", ".....#..", ".....#.."],
  [".######.", ".#......", ".#......", ".#####..", "......#.", "......#.", ".#....#.", "..####.."],
  ["..####..", ".#......", ".#......", ".#####..", ".#....#.", ".#....#.", ".#....#.", "..####.."],
  [".######.", "......#.", ".....#..", "....#...", "...#....", "...#....", "...#....", "...#...."],
  ["..####..", ".#....#.", ".#....#.", "..####..", ".#....#.", ".#....#.", ".#....#.", "..####.."],
  ["..####..", ".#....#.", ".#....#.", "..#####.", "......#.", "......#.", "......#.", "..####.."],
];

function sampleOne(name: DatasetName, rng: Rng, classes: number, noise: number, out: Float32Array, o: number): number {
  switch (name) {
    case "blobs": {
      const c = rng.int(classes);
      const ang = (2 * Math.PI * c) / classes;
      // centres on a circle of radius 3 in the first two dims, other dims small noise
      out[o] = 3 * Math.cos(ang) + rng.normal(0, 0.6 + noise);
      out[o + 1] = 3 * Math.sin(ang) + rng.normal(0, 0.6 + noise);
      return c;
    }
    case "moons": {
      const c = rng.int(2);
      const t = rng.uniform(0, Math.PI);
      out[o] = c === 0 ? Math.cos(t) : 1 - Math.cos(t);
      out[o + 1] = c === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
      out[o] += rng.normal(0, 0.1 + noise);
      out[o + 1] += rng.normal(0, 0.1 + noise);
      return c;
    }
    case "circles": {
      const c = rng.int(2);
      const r = c === 0 ? 1 : 0.5;
      const t = rng.uniform(0, 2 * Math.PI);
      out[o] = r * Math.cos(t) + rng.normal(0, 0.08 + noise);
      out[o + 1] = r * Math.sin(t) + rng.normal(0, 0.08 + noise);
      return c;
    }
    case "spirals": {
      const c = rng.int(classes);
      const r = rng.uniform(0.05, 1);
      const t = (c * 2 * Math.PI) / classes + r * 4 + rng.normal(0, 0.2 + noise);
      out[o] = r * Math.sin(t);
      out[o + 1] = r * Math.cos(t);
      return c;
    }
    case "digits8x8": {
      const c = rng.int(classes);
      const g = GLYPHS[c % GLYPHS.length];
      const dx = rng.int(3) - 1,
        dy = rng.int(3) - 1;
      for (let y = 0; y < 8; y++)
        for (let x = 0; x < 8; x++) {
          const sy = y - dy,
            sx = x - dx;
          const on = sy >= 0 && sy < 8 && sx >= 0 && sx < 8 && g[sy][sx] === "#";
          out[o + y * 8 + x] = (on ? 1 : 0) + rng.normal(0, 0.25 + noise);
        }
      return c;
    }
    default:
      throw new Error(`sampleOne: ${name} is not a point dataset`);
  }
}

function generate(name: DatasetName, n: number, rng: Rng, opts: DatasetOptions, w: Float32Array): { x: Float32Array; y: Float32Array } {
  const classes = opts.classes ?? 2;
  const noise = opts.noise ?? 0;
  if (name === "regression") {
    const d = 8;
    const x = new Float32Array(n * d),
      y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const v = rng.normal();
        x[i * d + j] = v;
        s += w[j] * v;
      }
      y[i] = s + 0.5 * Math.sin(2 * x[i * d]) + rng.normal(0, 0.1 + noise);
    }
    return { x, y };
  }
  if (name === "sine_freq") {
    const T = SINE_STEPS;
    const x = new Float32Array(n * T),
      y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const c = rng.int(classes);
      const f = 0.05 + 0.1 * c;
      const ph = rng.uniform(0, 2 * Math.PI);
      for (let t = 0; t < T; t++) x[i * T + t] = Math.sin(2 * Math.PI * f * t + ph) + rng.normal(0, 0.1 + noise);
      y[i] = c;
    }
    return { x, y };
  }
  if (name === "adding") {
    const T = ADDING_STEPS;
    const x = new Float32Array(n * T * 2),
      y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const a = rng.int(Math.floor(T / 2));
      const b = Math.floor(T / 2) + rng.int(T - Math.floor(T / 2));
      let s = 0;
      for (let t = 0; t < T; t++) {
        const v = rng.next();
        x[(i * T + t) * 2] = v;
        const m = t === a || t === b ? 1 : 0;
        x[(i * T + t) * 2 + 1] = m;
        if (m) s += v;
      }
      y[i] = s;
    }
    return { x, y };
  }
  const d = name === "digits8x8" ? 64 : 2;
  const x = new Float32Array(n * d),
    y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = sampleOne(name, rng, classes, noise, x, i * d);
  return { x, y };
}

export function sampleShapeOf(name: DatasetName): number[] {
  switch (name) {
    case "regression":
      return [8];
    case "sine_freq":
      return [SINE_STEPS, 1];
    case "adding":
      return [ADDING_STEPS, 2];
    case "digits8x8":
      return [8, 8, 1];
    default:
      return [2];
  }
}

export function makeDataset(name: DatasetName, seed: number, opts: DatasetOptions): Dataset {
  const rng = new Rng(seed);
  const w = new Float32Array(8);
  for (let j = 0; j < 8; j++) w[j] = rng.normal(0, 1);
  const tr = generate(name, opts.nTrain, rng, opts, w);
  const va = generate(name, opts.nVal, rng, opts, w);
  const regression = name === "regression" || name === "adding";
  return {
    name,
    task: regression ? "regression" : "classification",
    numClasses: regression ? 1 : name === "moons" || name === "circles" ? 2 : (opts.classes ?? 2),
    sampleShape: sampleShapeOf(name),
    xTrain: tr.x,
    yTrain: tr.y,
    xVal: va.x,
    yVal: va.y,
  };
}

export function sampleSize(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
