/** SNAPSHOT=… vite build: the app built around a snapshot file `npm run snapshot` wrote (src/pipeline/prebuilt-snapshot.ts). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readDatasetFiles } from '../../../src/pipeline/dataset-folder.ts';
import { prebuiltSnapshotPath, readPrebuiltSnapshot } from '../../../src/pipeline/prebuilt-snapshot.ts';
import { buildSnapshotFile } from '../../../src/pipeline/snapshot-file.ts';
import { parseDataset } from '../../../src/engine/dataset/parse.ts';
import { trainingSetFromDataset } from '../../../src/engine/dataset/training-set.ts';
import { fitShippedModels } from '../../../src/engine/model-mode/shipped-models.ts';

const work = mkdtempSync(join(tmpdir(), 'matinee-prebuilt-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => delete process.env.SNAPSHOT);

const dataset = parseDataset(readDatasetFiles('test/fixtures/board-games'));
const ratingsFile = buildSnapshotFile(dataset);
const modelFile = buildSnapshotFile(
  dataset,
  null,
  fitShippedModels(trainingSetFromDataset(dataset), 1, undefined, { factors: 4, epochs: 2 }),
);

function folderWith(name: string, files: Record<string, Uint8Array>): string {
  const dir = join(work, name);
  mkdirSync(dir);
  for (const [file, bytes] of Object.entries(files)) writeFileSync(join(dir, file), bytes);
  return dir;
}

describe('prebuiltSnapshotPath', () => {
  it('is null without SNAPSHOT, the file itself, or the one snapshot in a folder', () => {
    expect(prebuiltSnapshotPath(work)).toBeNull();
    process.env.SNAPSHOT = 'one/snapshot-x.bin';
    expect(prebuiltSnapshotPath(work)).toBe(join(work, 'one/snapshot-x.bin'));
    const dir = folderWith('one-file', { [modelFile.fileName]: modelFile.bytes, 'notes.txt': new Uint8Array(1) });
    process.env.SNAPSHOT = dir;
    expect(prebuiltSnapshotPath()).toBe(join(dir, modelFile.fileName));
  });

  it('refuses a folder without exactly one snapshot, saying how many it holds', () => {
    process.env.SNAPSHOT = folderWith('two-files', {
      [modelFile.fileName]: modelFile.bytes,
      [ratingsFile.fileName]: ratingsFile.bytes,
    });
    expect(() => prebuiltSnapshotPath()).toThrow(/should hold one snapshot-\*\.bin file, it holds 2/);
  });
});

describe('readPrebuiltSnapshot', () => {
  it('ships the file byte for byte under the name the build gives it, with its catalogue and counts', () => {
    for (const file of [ratingsFile, modelFile]) {
      const path = join(work, `copy-${file.fileName}`);
      writeFileSync(path, file.bytes);
      const read = readPrebuiltSnapshot(path);
      expect(read.file.fileName).toBe(file.fileName);
      expect(read.file.bytes).toEqual(file.bytes);
      expect(read.dataset.titles).toEqual(dataset.titles);
      // A model-mode snapshot carries no ratings, only how many the models were fitted on.
      expect([read.users, read.ratings]).toEqual([dataset.userIds.length, dataset.ratingItems.length]);
    }
  });

  it('refuses a damaged or missing file, naming it', () => {
    const damaged = join(work, 'damaged.bin');
    writeFileSync(damaged, modelFile.bytes.subarray(0, modelFile.bytes.length >> 1));
    expect(() => readPrebuiltSnapshot(damaged)).toThrow(`SNAPSHOT: ${damaged}: not a gzipped snapshot`);
    expect(() => readPrebuiltSnapshot(join(work, 'absent.bin'))).toThrow(/SNAPSHOT: cannot read .*absent\.bin/);
  });
});
