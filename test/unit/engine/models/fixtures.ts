/** Small rating matrices for the predictor tests. */
import type { Profile, TrainingSet } from '../../../../src/engine/model-contracts.ts';
import { mulberry32 } from '../../../../src/engine/numeric/random.ts';
import { checkProfile, trainingSetFromTriples } from '../../../../src/engine/dataset/training-set.ts';

/** A Profile copied from plain arrays, checked as the engine checks every profile it is given. */
export function makeProfile(items: ArrayLike<number>, values: ArrayLike<number>, itemCount: number): Profile {
  const profile = { items: Int32Array.from(items), values: Float32Array.from(values) };
  checkProfile(profile, itemCount);
  return profile;
}

/**
 * A TrainingSet from a rating per cell, asked for in row order (user 0's items first), so a seeded generator draws
 * its numbers in a fixed order; NaN (or undefined) leaves the cell unrated.
 */
export function trainFromCells(
  users: number,
  items: number,
  rating: (user: number, item: number) => number | undefined,
): TrainingSet {
  const u: number[] = [];
  const i: number[] = [];
  const v: number[] = [];
  for (let a = 0; a < users; a++)
    for (let b = 0; b < items; b++) {
      const r = rating(a, b);
      if (r === undefined || Number.isNaN(r)) continue;
      u.push(a);
      i.push(b);
      v.push(r);
    }
  return trainingSetFromTriples(users, items, {
    users: Int32Array.from(u),
    items: Int32Array.from(i),
    values: Float32Array.from(v),
  });
}

/** A random sparse matrix on the 0.5..5 half-star scale; every user rates at least one item. */
export function randomTrain(users: number, items: number, density: number, seed: number): TrainingSet {
  const rng = mulberry32(seed);
  return trainFromCells(users, items, (a, b) =>
    rng() < density || b === a % items ? 0.5 * (1 + Math.floor(rng() * 10)) : NaN,
  );
}

/** A dense users × items grid of ratings (NaN = not rated) as a TrainingSet. */
export function gridTrain(grid: number[][]): TrainingSet {
  return trainFromCells(grid.length, grid[0]!.length, (a, b) => grid[a]![b]);
}

/** The rating of (user, item) in a TrainingSet, NaN when absent. */
export function ratingOf(train: TrainingSet, user: number, item: number): number {
  for (let k = train.userOffsets[user]!; k < train.userOffsets[user + 1]!; k++)
    if (train.items[k] === item) return train.values[k]!;
  return NaN;
}
