/** Shared fixtures for ranking and engine tests: the bundled dataset, parsed once per test file. */
import { join } from 'node:path';
import { loadDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';
import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';

let bundled: Dataset | undefined;

export function bundledDataset(): Dataset {
  bundled ??= loadDatasetFolder(join(import.meta.dirname, '../../../../data/ml-latest-small'));
  return bundled;
}

/** The same catalogue with only the first `users` users' ratings: engine tests fit quickly on it. */
export function firstUsers(d: Dataset, users: number): Dataset {
  const end = d.userOffsets[users]!;
  return {
    ...d,
    userIds: d.userIds.slice(0, users),
    userOffsets: d.userOffsets.slice(0, users + 1),
    ratingItems: d.ratingItems.slice(0, end),
    ratingValues: d.ratingValues.slice(0, end),
    ratingTimes: d.ratingTimes.slice(0, end),
  };
}
