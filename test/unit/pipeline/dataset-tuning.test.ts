/** The build's tuning step: searched once per dataset content, then read back from the cache. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDatasetFolder } from '../../../src/pipeline/dataset-folder.ts';
import { tuneForBuild, tuningKey } from '../../../src/pipeline/dataset-tuning.ts';
import { DEFAULT_TUNING } from '../../../src/engine/tuning/tuning.ts';
import { clusteredDataset } from '../engine/tuning/clustered.ts';

/** Large enough to be tuned (the star re-rank gets turned down on it), small enough to tune in a moment. */
const options = {
  users: 300,
  items: 150,
  clusters: 6,
  ratingsPerUser: 15,
  exposure: 'taste',
  values: 'random',
  genres: 'cluster',
  seed: 4,
} as const;

describe('tuneForBuild', () => {
  it('tunes a dataset once, then reads the same record from the cache; a changed dataset is tuned again', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'matinee-tuning-'));
    const d = clusteredDataset(options);
    const lines: string[] = [];
    const first = tuneForBuild(d, { cacheDir, log: (line) => lines.push(line) });
    expect(first.cached).toBe(false);
    expect(first.tuned).toBe(true);
    expect(lines).toEqual(first.notes);
    const again = tuneForBuild(d, { cacheDir, log: (line) => lines.push(line) });
    expect(again.cached).toBe(true);
    expect(again.tuning).toEqual(first.tuning);
    expect(again.notes).toEqual(first.notes);
    expect(lines).toEqual(first.notes);

    // One rating different: another key, another search.
    const changed = { ...d, ratingValues: d.ratingValues.slice() };
    changed.ratingValues[0] = changed.ratingValues[0] === 10 ? 9 : 10;
    expect(tuningKey(changed)).not.toBe(tuningKey(d));
    // The same data tuned for the other mode is another search (other components), under another key.
    expect(tuningKey(d, 'model')).not.toBe(tuningKey(d, 'ratings'));
    expect(tuneForBuild(changed, { cacheDir }).cached).toBe(false);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.json'))).toHaveLength(2);
  });

  it('searches again over a damaged cache file rather than trusting it', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'matinee-tuning-'));
    // Too few users to tune: the search ends at once, but its record is cached all the same.
    const d = loadDatasetFolder(join(import.meta.dirname, '../../fixtures/board-games'));
    expect(tuneForBuild(d, { cacheDir }).cached).toBe(false);
    expect(tuneForBuild(d, { cacheDir }).cached).toBe(true);
    const path = join(cacheDir, `${tuningKey(d)}.json`);
    for (const damaged of ['{"tuning":', JSON.stringify({ tuning: { stars: { weight: 7 } }, notes: [] })]) {
      writeFileSync(path, damaged);
      const again = tuneForBuild(d, { cacheDir });
      expect(again.cached).toBe(false);
      expect(again.tuning).toEqual(DEFAULT_TUNING);
      expect(again.notes[0]).toMatch(/too few users/);
    }
  });
});
