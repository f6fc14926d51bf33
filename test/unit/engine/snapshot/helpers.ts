/** Shared by the snapshot tests: field-by-field Dataset equality with a readable first difference. */
import { expect } from 'vitest';
import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';

const FIELDS: (keyof Dataset)[] = [
  'manifest',
  'itemIds',
  'titles',
  'years',
  'genres',
  'genreOffsets',
  'itemGenres',
  'imdbIds',
  'tmdbIds',
  'userIds',
  'userOffsets',
  'ratingItems',
  'ratingValues',
  'ratingTimes',
  'tagUserIds',
  'tagItems',
  'tagTexts',
  'tagVocabulary',
  'tagTimes',
];

/** Index of the first element where two arrays differ (Object.is, so NaN equals NaN), or -1. */
function firstDifference(a: ArrayLike<unknown>, b: ArrayLike<unknown>): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

export function expectSameDataset(actual: Dataset, expected: Dataset): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const f of FIELDS) {
    const a = actual[f];
    const e = expected[f];
    if (f === 'manifest') {
      expect(a).toEqual(e);
      continue;
    }
    const arrA = a as ArrayLike<unknown>;
    const arrE = e as ArrayLike<unknown>;
    expect(arrA.constructor, `${f} type`).toBe(arrE.constructor);
    const at = firstDifference(arrA, arrE);
    expect(at, `${f} differs at ${at}: ${String(arrA[at])} vs ${String(arrE[at])}`).toBe(-1);
  }
}
