/**
 * The Spark path end to end, in Node: item factors written as Spark's `model.itemFactors.write.parquet` writes them,
 * a dataset folder whose dataset.json names them (or `npm run snapshot -- --item-factors`), the real build, the
 * snapshot decoded as the worker decodes it, and a new user's list on the device's engine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDatasetSnapshot, type BuiltSnapshot } from '../../../src/pipeline/dataset-snapshot.ts';
import { genresOf, type Dataset } from '../../../src/engine/dataset/dataset.ts';
import { ModelEngine } from '../../../src/engine/model-mode/model-engine.ts';
import { decodeSnapshotParts } from '../../../src/engine/snapshot/codec.ts';
import { mulberry32 } from '../../../src/engine/numeric/random.ts';
import { writeSparkDir, type FactorRows } from './spark-parquet.ts';

const root = join(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'matinee-spark-build-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const GENRES = ['Horror', 'Comedy', 'Drama'];
const PER_GENRE = 20;
const RANK = 8;
const SPARK = { alpha: 2, regParam: 0.05 };
/** Item ids with gaps, as MovieLens has them; genre g holds items g·PER_GENRE … (g+1)·PER_GENRE − 1. */
const itemId = (i: number) => 7 * i + 3;
const ITEM_COUNT = GENRES.length * PER_GENRE;

/**
 * 90 users who each rate 12 random items: ratings the build fits MF on (stars) and counts (popularity), with no
 * genre structure of their own, so what ranks a genre's items together in iALS is the factors alone.
 */
function writeDataset(dir: string, extra: object = {}): void {
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'Spark test',
    itemNoun: 'film',
    ratingScale: { min: 0.5, max: 5, step: 0.5 },
    license: 'test',
    mode: 'model',
  };
  writeFileSync(join(dir, 'dataset.json'), JSON.stringify({ ...manifest, ...extra }));
  const movies = ['movieId,title,genres'];
  for (let i = 0; i < ITEM_COUNT; i++)
    movies.push(`${itemId(i)},Item ${i} (${1990 + (i % 20)}),${GENRES[Math.floor(i / PER_GENRE)]}`);
  writeFileSync(join(dir, 'movies.csv'), movies.join('\n') + '\n');
  const rng = mulberry32(5);
  const ratings = ['userId,movieId,rating'];
  for (let u = 1; u <= 90; u++) {
    const rated = new Set<number>([(u * 13) % ITEM_COUNT]);
    while (rated.size < 12) rated.add(Math.floor(rng() * ITEM_COUNT));
    for (const i of rated) ratings.push(`${u},${itemId(i)},${0.5 * (1 + Math.floor(rng() * 10))}`);
  }
  writeFileSync(join(dir, 'ratings.csv'), ratings.join('\n') + '\n');
}

/** Each genre's items point along their own axis (with a little seeded noise): the genres are the factors' clusters. */
function clusteredRows(items: number[], seed: number, rank = RANK): FactorRows {
  const rng = mulberry32(seed);
  return {
    ids: items.map(itemId),
    features: items.map((i) =>
      Float32Array.from({ length: rank }, (_, k) => (k === Math.floor(i / PER_GENRE) ? 1 : 0) + 0.05 * (rng() - 0.5)),
    ),
  };
}

const all = Array.from({ length: ITEM_COUNT }, (_, i) => i);
/** Spark's hash partitioning spreads the rows over part files in no catalogue order. */
const evens = all.filter((i) => i % 2 === 0).reverse();
const odds = all.filter((i) => i % 2 === 1);

function snapshotCli(dataset: string, outDir: string, factors: string) {
  return spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/build-snapshot.ts',
      outDir,
      '--item-factors',
      factors,
      '--alpha',
      String(SPARK.alpha),
      '--reg-param',
      String(SPARK.regParam),
    ],
    { cwd: root, env: { ...process.env, DATASET: dataset }, encoding: 'utf8' },
  );
}

function decoded(bytes: Uint8Array) {
  const { dataset, models, tuning } = decodeSnapshotParts(gunzipSync(bytes));
  if (!models) throw new Error('expected a model-mode snapshot');
  return { dataset, models, engine: ModelEngine.fromSnapshot(dataset, models, tuning) };
}

const profileOf = (items: number[], stars: number) => ({
  items: Int32Array.from(items),
  values: new Float32Array(items.length).fill(stars),
});
const genreOf = (dataset: Dataset, item: number) => genresOf(dataset, item).join('|');

describe('Spark item factors → build → snapshot → recommendations', () => {
  const dir = join(work, 'folder');
  const log: string[] = [];
  let built: BuiltSnapshot;
  beforeAll(async () => {
    writeDataset(dir, { itemFactors: { path: 'spark/itemFactors', ...SPARK } });
    writeSparkDir(join(dir, 'spark', 'itemFactors'), [clusteredRows(evens, 1), clusteredRows(odds, 2)]);
    built = await buildDatasetSnapshot(dir, { log: (line) => log.push(line), root: work });
  });

  it("ships Spark's factors, as int8 rows, in the catalogue's order, with Spark's fold-in settings", () => {
    expect(log.join('\n')).toContain(`item factors from Spark (${join(dir, 'spark', 'itemFactors')}): rank ${RANK}`);
    const { models } = decoded(built.file.bytes);
    const options = models.ials.options;
    expect([options.factors, options.alpha, options.lambda, options.lambdaScale]).toEqual([
      RANK,
      SPARK.alpha,
      SPARK.regParam,
      'ratings',
    ]);
    const written = [clusteredRows(evens, 1), clusteredRows(odds, 2)];
    const row = new Float64Array(RANK);
    for (const part of written)
      part.features.forEach((f, r) => {
        models.ials.itemFactors.row((Number(part.ids[r]) - 3) / 7, row);
        // int8 with a per-row scale: within half a step, the row's largest value / 127.
        const step = Math.max(...Array.from(f!, Math.abs)) / 127;
        for (let k = 0; k < RANK; k++) expect(Math.abs(row[k]! - f![k]!)).toBeLessThan(0.5 * step + 1e-6);
      });
  });

  it("recommends a new user the rest of the genre whose two items they rated, as Spark's factors cluster them", () => {
    const { dataset, engine } = decoded(built.file.bytes);
    for (const [g, genre] of GENRES.entries()) {
      const list = engine.recommend(profileOf([g * PER_GENRE + 3, g * PER_GENRE + 11], 5), {
        algorithm: 'ials',
        limit: PER_GENRE - 2,
      });
      expect(
        list.map((r) => genreOf(dataset, r.item)),
        `after two ${genre} items`,
      ).toEqual(Array(PER_GENRE - 2).fill(genre));
      // "Because you rated …": both rated items share every reason, from the factors (Hu et al.).
      expect(list[0]!.because.map((c) => c.item).sort((a, b) => a - b)).toEqual([
        g * PER_GENRE + 3,
        g * PER_GENRE + 11,
      ]);
    }
  });

  it('follows the factors, not the genres: factors that cluster other items change the list', async () => {
    const other = join(work, 'shuffled');
    // The same folder, but the factors group items by i mod 3: each cluster mixes the three genres.
    writeDataset(other, { itemFactors: { path: 'f', ...SPARK } });
    const byResidue = (items: number[], seed: number): FactorRows => {
      const rng = mulberry32(seed);
      return {
        ids: items.map(itemId),
        features: items.map((i) =>
          Float32Array.from({ length: RANK }, (_, k) => (k === i % 3 ? 1 : 0) + 0.05 * (rng() - 0.5)),
        ),
      };
    };
    writeSparkDir(join(other, 'f'), [byResidue(all, 3)]);
    const rebuilt = await buildDatasetSnapshot(other, { log: () => undefined, root: work });
    const { engine } = decoded(rebuilt.file.bytes);
    const rated = [3, 6]; // both ≡ 0 mod 3
    const list = engine.recommend(profileOf(rated, 5), { algorithm: 'ials', limit: 10 });
    expect(list.map((r) => r.item % 3)).toEqual(Array(10).fill(0));
  });

  it('npm run snapshot -- --item-factors writes the same snapshot the dataset.json entry builds', () => {
    const flagged = join(work, 'flagged');
    writeDataset(flagged);
    const out = join(work, 'out-flag');
    const run = snapshotCli(flagged, out, join(dir, 'spark', 'itemFactors'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(out)).toEqual([built.file.fileName]);
    expect(new Uint8Array(readFileSync(join(out, built.file.fileName)))).toEqual(built.file.bytes);
  });
});

describe('Spark item factors the build refuses, naming the file and what is wrong, writing nothing', () => {
  const dataset = join(work, 'refused');
  beforeAll(() => writeDataset(dataset));

  const cases: { name: string; parts: () => FactorRows[]; expected: (factors: string, part: string) => RegExp }[] = [
    {
      name: 'a part file whose rows have another rank',
      parts: () => [
        clusteredRows(evens, 1),
        clusteredRows(odds.slice(0, 3), 2, RANK - 2),
        clusteredRows(odds.slice(3), 4),
      ],
      expected: (_, part) =>
        new RegExp(
          `${escape(basename(part))} row 1 \\(id ${itemId(odds[0]!)}\\): features has 6 values; expected rank 8`,
        ),
    },
    {
      name: 'ids that are not items of the dataset',
      parts: () => [clusteredRows(all, 1), { ...clusteredRows([0, 1], 2), ids: [100_001, 100_002] }],
      expected: (factors) =>
        new RegExp(`${escape(factors)}: 2 of 62 ids are not items of the dataset \\(100001, 100002\\)`),
    },
    {
      name: 'factors for too few of the rated items',
      parts: () => [clusteredRows(all.slice(0, 12), 1)],
      expected: (factors) => new RegExp(`${escape(factors)}: only 12 of the dataset's 60 rated items have factors`),
    },
  ];

  it.each(cases)('$name', ({ name, parts, expected }) => {
    const factors = join(work, `bad-${name.replace(/\W+/g, '-')}`);
    const names = writeSparkDir(factors, parts());
    const out = join(work, `out-${name.replace(/\W+/g, '-')}`);
    const run = snapshotCli(dataset, out, factors);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(expected(factors, join(factors, names[1] ?? names[0]!)));
    expect(existsSync(out)).toBe(false);
  });

  it('through dataset.json too, before anything is fitted', async () => {
    const folder = join(work, 'refused-json');
    writeDataset(folder, { itemFactors: { path: 'spark', ...SPARK } });
    writeSparkDir(join(folder, 'spark'), [clusteredRows(all.slice(0, 12), 1)]);
    const log: string[] = [];
    await expect(buildDatasetSnapshot(folder, { log: (line) => log.push(line), root: work })).rejects.toThrow(
      `${join(folder, 'spark')}: only 12 of the dataset's 60 rated items have factors`,
    );
    expect(log.join('\n')).not.toMatch(/fitting biased MF/);
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
