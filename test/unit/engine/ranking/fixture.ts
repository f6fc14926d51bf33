/** Shared fixtures for ranking and engine tests: the bundled dataset, parsed once per test file. */
import { join } from 'node:path';
import { loadDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';
import { indexOfId, type Dataset } from '../../../../src/engine/dataset/dataset.ts';
import type { Profile } from '../../../../src/engine/model-contracts.ts';

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

/**
 * The profile issue 16 judged lists with, as [MovieLens movieId, stars]: The Matrix, Heat, Toy Story, Amélie, Alien,
 * Fargo (all liked) and Forrest Gump (3, below the profile's mean).
 */
export const FILM_LOVER: readonly (readonly [number, number])[] = [
  [2571, 5],
  [6, 4.5],
  [1, 4.5],
  [4973, 5],
  [1214, 4.5],
  [608, 4.5],
  [356, 3],
];

/** A profile of `d`'s item indices from [movieId, stars] pairs. */
export function profileOfIds(d: Dataset, ratings: readonly (readonly [number, number])[]): Profile {
  return {
    items: Int32Array.from(ratings, ([id]) => indexOfId(d.itemIds, id)),
    values: Float32Array.from(ratings, ([, value]) => value),
  };
}
