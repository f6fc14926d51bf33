/** The rating scale a model clamps its predictions to, taken from the ratings it was trained on. */
import type { TrainingSet } from '../model-contracts.ts';

export interface RatingRange {
  min: number;
  max: number;
}

export function ratingRangeOf(train: Pick<TrainingSet, 'values'>): RatingRange {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < train.values.length; k++) {
    const v = train.values[k]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) throw new RangeError('cannot fit a model on a training set without ratings');
  return { min, max };
}

export function clampRating(x: number, range: RatingRange): number {
  return x < range.min ? range.min : x > range.max ? range.max : x;
}
