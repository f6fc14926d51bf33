/** `npm run factors:check` end to end: a dataset folder, Spark factors written beside it, the summary or the error. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomRows, writeSparkDir } from '../pipeline/spark-parquet.ts';

const root = join(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'matinee-factors-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** 12 items (ids 10, 20, … 120), 5 users (ids 1–5); items 110 and 120 have no ratings. */
function writeDataset(): string {
  const dir = join(work, 'dataset');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'dataset.json'),
    JSON.stringify({ name: 'Tiny', itemNoun: 'film', ratingScale: { min: 1, max: 5, step: 1 }, license: 'test' }),
  );
  const movies = ['movieId,title,genres'];
  for (let i = 1; i <= 12; i++) movies.push(`${i * 10},Film ${i} (2001),Drama`);
  writeFileSync(join(dir, 'movies.csv'), movies.join('\n') + '\n');
  const ratings = ['userId,movieId,rating'];
  for (let u = 1; u <= 5; u++)
    for (let i = 1; i <= 10; i++) if ((u + i) % 3 !== 0) ratings.push(`${u},${i * 10},${1 + ((u * i) % 5)}`);
  writeFileSync(join(dir, 'ratings.csv'), ratings.join('\n') + '\n');
  return dir;
}

function check(dataset: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/factors-check.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATASET: dataset },
    encoding: 'utf8',
  });
}

describe('npm run factors:check', () => {
  const dataset = writeDataset();

  it('prints what it read and how it lines up with the catalogue', () => {
    const factors = join(work, 'itemFactors');
    // Items 10–90 have factors; 100 is rated but missing (as after a split), 110 and 120 nobody rated.
    writeSparkDir(factors, [randomRows([10, 30, 50, 70, 90], 4, 1), randomRows([20, 40, 60, 80], 4, 2)]);
    const run = check(dataset, [factors, '--rank', '4']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`item factors ${factors}: directory, 2 Parquet file(s)`);
    expect(run.stdout).toContain('9 rows, rank 4');
    expect(run.stdout).toContain('12 items, 10 of them rated');
    expect(run.stdout).toContain('9 items have factors; 3 have none (2 unrated, 1 rated) and get zero vectors');
  });

  it('exits 1 with the reason when the factors are userFactors', () => {
    const users = join(work, 'userFactors-copy');
    writeSparkDir(users, [randomRows([1, 2, 3, 4, 5], 4, 3)]);
    const run = check(dataset, [users]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('5 of 5 ids are not items of the dataset (1, 2, 3, 4, 5)');
    expect(run.stderr).toContain('this looks like userFactors, not itemFactors');
  });

  it('exits 2 on a bad command line', () => {
    const run = check(dataset, []);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('PATH is missing');
  });
});
