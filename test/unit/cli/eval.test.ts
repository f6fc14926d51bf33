/** `npm run eval` end to end on a small synthetic dataset folder: the JSON shape and both evaluation modes. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/engine/numeric/random.ts';
import { clusteredFiles } from '../engine/tuning/clustered.ts';

const root = join(import.meta.dirname, '../../..');
const GENRES = ['Action', 'Comedy', 'Drama', 'Horror'];

/** 150 users × 80 items; each user watches and likes mostly one genre, so there is something to learn. */
function writeDataset(): { dir: string; ratings: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'matinee-eval-'));
  const rng = mulberry32(4);
  writeFileSync(
    join(dir, 'dataset.json'),
    JSON.stringify({
      name: 'Synthetic',
      itemNoun: 'film',
      ratingScale: { min: 1, max: 5, step: 1 },
      license: 'test data',
    }),
  );
  const movies = ['movieId,title,genres'];
  for (let i = 1; i <= 80; i++) movies.push(`${i},Film ${i} (${1980 + (i % 40)}),${GENRES[i % 4]}`);
  writeFileSync(join(dir, 'movies.csv'), movies.join('\n') + '\n');
  const ratings: string[] = [];
  for (let u = 1; u <= 150; u++)
    for (let i = 1; i <= 80; i++) {
      const liked = i % 4 === u % 4;
      if (rng() > (liked ? 0.6 : 0.12)) continue;
      const r = Math.max(1, Math.min(5, Math.round((liked ? 4.3 : 2.6) + rng() - 0.5)));
      ratings.push(`${u},${i},${r},${1e9 + u * 1000 + i}`);
    }
  writeFileSync(join(dir, 'ratings.csv'), 'userId,movieId,rating,timestamp\n' + ratings.join('\n') + '\n');
  return { dir, ratings };
}

function evalJson(args: string[], dataset: string): Record<string, Record<string, number>> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/eval.ts', '--json', ...args], {
    cwd: root,
    env: { ...process.env, DATASET: dataset },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as Record<string, Record<string, number>>;
}

const METRICS = ['rmse', 'mae', 'precision@10', 'recall@10', 'ndcg@10', 'hitrate@10', 'coverage@10', 'fitMs'];

describe('npm run eval', () => {
  const { dir, ratings } = writeDataset();

  it('prints one JSON object keyed by model, "blend" first, every metric a finite number', () => {
    const result = evalJson(['--folds', '2', '--seed', '3', '--models', 'blend,ease,popularity'], dir);
    expect(Object.keys(result)).toEqual(['blend', 'ease', 'popularity']);
    for (const row of Object.values(result)) for (const m of METRICS) expect(Number.isFinite(row[m])).toBe(true);
    // The genre signal is learnable: EASE must beat popularity on this data.
    expect(result.ease!['ndcg@10']).toBeGreaterThan(result.popularity!['ndcg@10']!);
    expect(result.blend!.rmse).toBeLessThan(1.2);
  });

  it('scores every row of --test against a model fitted on --train', () => {
    const train = join(dir, 'train.csv');
    const test = join(dir, 'test.csv');
    const header = 'userId,movieId,rating,timestamp';
    writeFileSync(train, [header, ...ratings.filter((_, k) => k % 5 !== 0)].join('\n') + '\n');
    writeFileSync(test, [header, ...ratings.filter((_, k) => k % 5 === 0)].join('\n') + '\n');
    const models = 'ease,baseline,model-mode';
    const result = evalJson(['--train', train, '--test', test, '--models', models, '--relevant', '4'], dir);
    expect(Object.keys(result)).toEqual(['ease', 'baseline', 'model-mode']);
    expect(result.ease!['ndcg@10']).toBeGreaterThan(0.2);
    expect(result.baseline!.rmse).toBeLessThan(1.5);
    // What model mode ships learns the genre signal too, and its MF stars beat the bias model's.
    expect(result['model-mode']!['ndcg@10']).toBeGreaterThan(0.2);
    expect(result['model-mode']!.rmse).toBeLessThan(result.baseline!.rmse!);
  });

  it("counts ratings from the scale's own liked point by default: 8 on a 1–10 scale; --relevant overrides", () => {
    const games = mkdtempSync(join(tmpdir(), 'matinee-eval-games-'));
    const files = clusteredFiles({
      users: 120,
      items: 60,
      clusters: 4,
      ratingsPerUser: 10,
      exposure: 'taste',
      values: 'taste',
      genres: 'cluster',
      seed: 5,
    });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(games, name), text!);
    // Everything but the fit time, which varies from run to run.
    const run = (...extra: string[]) => {
      const { fitMs: _, ...metrics } = evalJson(
        ['--folds', '2', '--models', 'popularity', ...extra],
        games,
      ).popularity!;
      return metrics;
    };
    const byDefault = run();
    expect(byDefault).toEqual(run('--relevant', '8'));
    // Fewer users have a held-out rating of 8 or more than of 4 or more: the default is not 4.
    expect(byDefault.users).toBeLessThan(run('--relevant', '4').users!);
  });

  it('fails with a clear message when --test names an item outside the catalogue', () => {
    const test = join(dir, 'bad.csv');
    writeFileSync(test, 'userId,movieId,rating\n1,999,4\n');
    expect(() => evalJson(['--train', join(dir, 'ratings.csv'), '--test', test], dir)).toThrow(
      /movieId 999 is not in the catalogue/,
    );
  });
});
