import { describe, expect, it } from 'vitest';
import { keepInPlace } from '../../../src/ui/keep-in-place.ts';

const items = (...ids: number[]) => ids.map((id) => ({ id }));
const ids = (list: { id: number }[]) => list.map((x) => x.id);

describe('keepInPlace', () => {
  it('keeps a just-rated item at its position and fills the rest from the fresh list', () => {
    expect(ids(keepInPlace(items(1, 2, 3, 4), items(1, 3, 4, 5), new Set([2])))).toEqual([1, 2, 3, 4, 5]);
    expect(ids(keepInPlace(items(1, 2, 3), items(9, 8, 7), new Set([1, 3])))).toEqual([1, 9, 3, 8, 7]);
  });

  it('does not duplicate a kept item that the fresh list still has, and is the fresh list when nothing is kept', () => {
    expect(ids(keepInPlace(items(1, 2, 3), items(3, 2, 1), new Set([2])))).toEqual([3, 2, 1]);
    expect(ids(keepInPlace(items(1, 2, 3), items(4, 5), new Set()))).toEqual([4, 5]);
  });

  it('keeps items beyond the end of a shorter fresh list', () => {
    expect(ids(keepInPlace(items(1, 2, 3, 4, 5), items(6), new Set([5])))).toEqual([6, 5]);
  });
});
