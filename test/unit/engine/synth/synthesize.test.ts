/** The synthetic dataset generator: valid folders, exact counts, determinism, skew and taste-driven exposure. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';
import { parseDataset, type DatasetFiles } from '../../../../src/engine/dataset/parse.ts';
import { indexOfId, type Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { aliasTable, drawAlias } from '../../../../src/engine/synth/alias.ts';
import { synthesize, type SynthFile } from '../../../../src/engine/synth/synthesize.ts';
import { allocate, synthWorld, type SynthOptions } from '../../../../src/engine/synth/world.ts';
import { mulberry32 } from '../../../../src/engine/numeric/random.ts';
import { expectSameDataset } from '../snapshot/helpers.ts';

const SMALL: SynthOptions = { users: 300, items: 2000, ratings: 15000, tags: 250, seed: 7 };

/** The generated files' texts. */
function generate(options: SynthOptions): DatasetFiles {
  const pieces = new Map<SynthFile, Uint8Array[]>();
  synthesize(options, (file, bytes) => {
    if (!pieces.has(file)) pieces.set(file, []);
    pieces.get(file)!.push(bytes.slice());
  });
  const files: DatasetFiles = {};
  for (const [file, list] of pieces) {
    const decoder = new TextDecoder();
    files[file] = list.map((b) => decoder.decode(b, { stream: true })).join('') + decoder.decode();
  }
  return files;
}

const small = parseDataset(generate(SMALL));

function ratingsPerItem(d: Dataset): number[] {
  const counts = new Array<number>(d.itemIds.length).fill(0);
  for (const i of d.ratingItems) counts[i]!++;
  return counts.sort((a, b) => b - a);
}

/** Affinity of a dataset's user u (by index) to item i (by index), in the world that made it. */
function affinityIn(world: ReturnType<typeof synthWorld>, d: Dataset) {
  const k = world.settings.factors;
  return (u: number, i: number): number => {
    const wu = d.userIds[u]! - 1;
    const wi = indexOfId(world.itemIds, d.itemIds[i]!);
    let s = 0;
    for (let f = 0; f < k; f++) s += world.userFactors[wu * k + f]! * world.itemFactors[wi * k + f]!;
    return s;
  };
}

/** Mean over users of (mean affinity of the items they rated − mean affinity of all items). */
function exposureLift(options: SynthOptions): number {
  const d = parseDataset(generate(options));
  const affinity = affinityIn(synthWorld(options), d);
  let lift = 0;
  for (let u = 0; u < d.userIds.length; u++) {
    let rated = 0;
    for (let k = d.userOffsets[u]!; k < d.userOffsets[u + 1]!; k++) rated += affinity(u, d.ratingItems[k]!);
    let all = 0;
    for (let i = 0; i < d.itemIds.length; i++) all += affinity(u, i);
    lift += rated / (d.userOffsets[u + 1]! - d.userOffsets[u]!) - all / d.itemIds.length;
  }
  return lift / d.userIds.length;
}

describe('synthesize', () => {
  it('writes a folder that passes validation, with exactly the users, items, ratings and tags asked for', () => {
    expect(small.userIds.length).toBe(SMALL.users);
    expect(small.itemIds.length).toBe(SMALL.items);
    expect(small.ratingItems.length).toBe(SMALL.ratings);
    expect(small.tagItems.length).toBe(SMALL.tags);
    expect(Array.from(small.userIds)).toEqual(Array.from({ length: SMALL.users }, (_, u) => u + 1));
    expect(small.years.every((y) => y >= 1900 && y <= 2020)).toBe(true);
    expect(small.titles.some((t) => t.includes(','))).toBe(true);
    expect(small.genres.length).toBeGreaterThan(5);
    expect(small.ratingTimes.every((t) => Number.isInteger(t) && t > 0)).toBe(true);
    expect(small.imdbIds.every((id) => id > 0)).toBe(true);
  });

  it('gives the same bytes for the same seed, and other bytes for another seed', () => {
    const again = generate(SMALL);
    expect(again).toEqual(generate(SMALL));
    const other = generate({ ...SMALL, seed: 8 });
    for (const file of ['movies.csv', 'ratings.csv', 'tags.csv'] as const) expect(other[file]).not.toEqual(again[file]);
  });

  it('rates on the manifest’s scale: half stars on 0.5–5, whole numbers on 1–10', () => {
    const halves = new Set(small.ratingValues);
    expect([...halves].some((v) => !Number.isInteger(v))).toBe(true);
    expect(halves.size).toBeGreaterThanOrEqual(9);
    const games = parseDataset(generate({ ...SMALL, scale: { min: 1, max: 10, step: 1 }, noun: 'game' }));
    expect(games.manifest.itemNoun).toBe('game');
    expect(games.manifest.ratingScale).toEqual({ min: 1, max: 10, step: 1 });
    const values = new Set(games.ratingValues);
    expect([...values].every((v) => Number.isInteger(v) && v >= 1 && v <= 10)).toBe(true);
    expect(values.size).toBeGreaterThanOrEqual(8);
  });

  it('skews popularity and activity: a few items and users hold a large share', () => {
    const items = ratingsPerItem(small);
    const top1 = items.slice(0, SMALL.items / 100).reduce((a, b) => a + b, 0);
    expect(top1 / SMALL.ratings).toBeGreaterThan(0.05); // five times an even share
    expect(items[0]!).toBeGreaterThan(5 * items[items.length >> 1]!);
    const users = Array.from(small.userIds, (_, u) => small.userOffsets[u + 1]! - small.userOffsets[u]!).sort(
      (a, b) => a - b,
    );
    expect(users[users.length - 1]!).toBeGreaterThan(5 * users[users.length >> 1]!);
  });

  it('exposes users to the items they have a taste for, and only through the exposure setting', () => {
    expect(exposureLift(SMALL)).toBeGreaterThan(0.3);
    expect(Math.abs(exposureLift({ ...SMALL, exposure: 0 }))).toBeLessThan(0.1);
  });

  it('rates higher the items a user has more affinity to', () => {
    const affinity = affinityIn(synthWorld(SMALL), small);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let u = 0; u < small.userIds.length; u++)
      for (let k = small.userOffsets[u]!; k < small.userOffsets[u + 1]!; k++) {
        xs.push(affinity(u, small.ratingItems[k]!));
        ys.push(small.ratingValues[k]!);
      }
    const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
    const mx = mean(xs);
    const my = mean(ys);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let k = 0; k < xs.length; k++) {
      sxy += (xs[k]! - mx) * (ys[k]! - my);
      sxx += (xs[k]! - mx) ** 2;
      syy += (ys[k]! - my) ** 2;
    }
    expect(sxy / Math.sqrt(sxx * syy)).toBeGreaterThan(0.2);
  });

  it('fills a catalogue densely when asked to, still without a duplicate pair', () => {
    const dense = parseDataset(generate({ users: 40, items: 30, ratings: 1100, seed: 3 }));
    expect(dense.ratingItems.length).toBe(1100);
    expect(dense.userIds.length).toBe(40);
  });

  it('refuses what cannot make a valid dataset, saying why', () => {
    expect(() => synthesize({ users: 10, items: 5, ratings: 51 }, () => {})).toThrow(/at most 50/);
    expect(() => synthesize({ users: 10, items: 5, ratings: 9 }, () => {})).toThrow(/one per user/);
    expect(() =>
      synthesize({ users: 10, items: 5, ratings: 20, scale: { min: 1, max: 2, step: 0.3 } }, () => {}),
    ).toThrow(/scale 1:2:0.3/);
  });
});

describe('allocate', () => {
  it('splits a total exactly, in proportion, never above the cap', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, cap, fill) => {
          const total = Math.floor(fill * weights.length * cap);
          const shares = allocate(total, Float64Array.from(weights), cap);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
          expect(shares.every((s) => s >= 0 && s <= cap)).toBe(true);
          // A heavier weight never gets less than a lighter one by more than rounding.
          for (let a = 0; a < weights.length; a++)
            for (let b = 0; b < weights.length; b++)
              if (weights[a]! > weights[b]!) expect(shares[a]!).toBeGreaterThanOrEqual(shares[b]! - 1);
        },
      ),
    );
  });
});

describe('aliasTable', () => {
  it('draws each value in proportion to its weight', () => {
    const weights = [5, 0, 1, 3, 1];
    const table = aliasTable(weights);
    const uniform = mulberry32(5);
    const counts = new Array<number>(weights.length).fill(0);
    const n = 100_000;
    for (let k = 0; k < n; k++) counts[drawAlias(table, uniform)]!++;
    weights.forEach((w, i) => expect(Math.abs(counts[i]! / n - w / 10)).toBeLessThan(0.01));
  });
});

describe('npm run synth', () => {
  it('writes the folder to disk, which the streaming loader reads as the same dataset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'matinee-synth-'));
    try {
      const args = ['--users', '300', '--items', '2000', '--ratings', '15000', '--tags', '250', '--seed', '7'];
      const printed = execFileSync('npx', ['tsx', 'src/cli/synth.ts', ...args, '--out', dir], { encoding: 'utf8' });
      expect(printed).toMatch(/15000 ratings/);
      expectSameDataset(loadDatasetFolder(dir), small);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
