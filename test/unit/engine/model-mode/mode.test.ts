/** Which mode a dataset ships in: by size, or as dataset.json says; and the Spark factors' settings it may give. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sparkItemFactorsOf } from '../../../../src/pipeline/model-mode-build.ts';
import { DatasetError } from '../../../../src/engine/dataset/issues.ts';
import { parseDataset } from '../../../../src/engine/dataset/parse.ts';
import type { Manifest } from '../../../../src/engine/dataset/dataset.ts';
import { RATINGS_MODE_LIMITS, chooseSnapshotMode } from '../../../../src/engine/model-mode/mode.ts';
import { issuesOf } from '../dataset/issues-of.ts';
import { synthFiles } from './fixtures.ts';

const manifest: Manifest = {
  name: 'x',
  itemNoun: 'movie',
  ratingScale: { min: 0.5, max: 5, step: 0.5 },
  license: 'test',
};

describe('chooseSnapshotMode', () => {
  const { ratings, easeSide } = RATINGS_MODE_LIMITS;
  it('ships a small dataset with its ratings and a large one with models, by ratings and by EASE side', () => {
    expect(chooseSnapshotMode(manifest, { users: 610, items: 9742, ratings: 100_836 }).mode).toBe('ratings');
    expect(chooseSnapshotMode(manifest, { users: 100, items: 100, ratings }).mode).toBe('ratings');
    expect(chooseSnapshotMode(manifest, { users: 100, items: 100, ratings: ratings + 1 }).mode).toBe('model');
    // Few ratings, but both sides past EASE's bound: its inverse alone would be too slow on a phone.
    const wide = { users: easeSide + 1, items: easeSide + 1, ratings: 10_000 };
    expect(chooseSnapshotMode(manifest, wide)).toEqual({ mode: 'model', reason: expect.stringMatching(/EASE side/) });
    expect(chooseSnapshotMode(manifest, { ...wide, items: easeSide }).mode).toBe('ratings');
  });

  it('does what dataset.json says, either way', () => {
    const big = { users: 162_541, items: 62_423, ratings: 25_000_095 };
    expect(chooseSnapshotMode({ ...manifest, mode: 'ratings' }, big).mode).toBe('ratings');
    expect(chooseSnapshotMode({ ...manifest, mode: 'model' }, { users: 3, items: 3, ratings: 5 })).toEqual({
      mode: 'model',
      reason: 'dataset.json sets "mode": "model"',
    });
  });
});

describe('dataset.json "mode"', () => {
  const files = synthFiles({ users: 30, items: 20, ratings: 300, seed: 2 });
  const withManifest = (extra: object) => ({
    ...files,
    'dataset.json': JSON.stringify({ ...JSON.parse(files['dataset.json']!), ...extra }, null, 2),
  });

  it('is read into the manifest', () => {
    expect(parseDataset(withManifest({ mode: 'model' })).manifest.mode).toBe('model');
    expect(parseDataset(files).manifest.mode).toBeUndefined();
  });

  it('is refused, by file, line and field, unless "ratings" or "model"', () => {
    const issues = issuesOf(withManifest({ mode: 'fitted' }));
    expect(issues).toEqual([
      {
        file: 'dataset.json',
        line: expect.any(Number),
        field: 'mode',
        message: expect.stringMatching(/"mode" must be "ratings" .* or "model" .*, got "fitted"/),
      },
    ]);
    expect(issues[0]!.line).toBeGreaterThan(1);
  });
});

describe('dataset.json "itemFactors"', () => {
  const dir = mkdtempSync(join(tmpdir(), 'matinee-mode-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const withSpec = (itemFactors: unknown) => {
    writeFileSync(join(dir, 'dataset.json'), JSON.stringify({ name: 'x', itemFactors }));
    return () => sparkItemFactorsOf(dir);
  };

  it('gives the Parquet path, relative to the folder, and the Spark job’s settings', () => {
    expect(withSpec({ path: 'spark/itemFactors', alpha: 1, regParam: 0.05 })()).toEqual({
      path: join(dir, 'spark/itemFactors'),
      alpha: 1,
      regParam: 0.05,
      confidence: 'stars',
    });
    writeFileSync(join(dir, 'dataset.json'), '{"name": "x"}');
    expect(sparkItemFactorsOf(dir)).toBeNull();
  });

  it('is refused naming the file and each field at fault', () => {
    const read = withSpec({ path: '', alpha: '1', confidence: 'linear' });
    expect(read).toThrow(DatasetError);
    const fields = (() => {
      try {
        read();
      } catch (e) {
        return (e as DatasetError).issues.map((i) => `${i.file} ${i.field}`);
      }
    })();
    expect(fields).toEqual([
      'dataset.json itemFactors.path',
      'dataset.json itemFactors.alpha',
      'dataset.json itemFactors.regParam',
      'dataset.json itemFactors.confidence',
    ]);
    expect(withSpec('out/itemFactors')).toThrow(/"itemFactors" must be an object/);
  });

  it('refuses settings JSON reads as Infinity, as npm run snapshot refuses --alpha Infinity', () => {
    writeFileSync(
      join(dir, 'dataset.json'),
      '{"name": "x", "itemFactors": {"path": "f", "alpha": 1e999, "regParam": -1e999}}',
    );
    expect(() => sparkItemFactorsOf(dir)).toThrow(/itemFactors\.alpha.*finite number ≥ 0[^]*itemFactors\.regParam/);
  });
});
