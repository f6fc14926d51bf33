import { describe, expect, it } from 'vitest';
import { likedReasons, plural, reasonText, shortTitle } from '../../../src/ui/format.ts';

const STARS = { min: 0.5, max: 5, step: 0.5 };

describe('view text', () => {
  it('shortens catalogue titles for running text', () => {
    expect(shortTitle('Matrix, The (1999)')).toBe('The Matrix');
    expect(shortTitle('Heat (1995)')).toBe('Heat');
    expect(shortTitle('Untitled')).toBe('Untitled');
  });

  it('explains a recommendation with the user’s own ratings', () => {
    expect(
      reasonText(
        [
          { id: 6, title: 'Heat (1995)', rating: 4.5 },
          { id: 3, title: 'Collateral (2004)', rating: 4 },
        ],
        STARS,
      ),
    ).toBe('Because you rated Heat ★4.5 and Collateral ★4');
    expect(reasonText([{ id: 1, title: 'A (2000)', rating: 8 }], { min: 1, max: 10, step: 1 })).toBe(
      'Because you rated A 8/10',
    );
    expect(reasonText([], STARS)).toBe('');
  });

  it('cites only ratings from the upper half of the scale', () => {
    const because = [
      { id: 1, title: 'Liked (2000)', rating: 4 },
      { id: 2, title: 'Middle (2000)', rating: 2.75 },
      { id: 3, title: 'Disliked (2000)', rating: 2 },
    ];
    expect(likedReasons(because, STARS).map((r) => r.id)).toEqual([1, 2]);
    expect(likedReasons([{ id: 4, title: 'X', rating: 5 }], { min: 1, max: 10, step: 1 })).toEqual([]);
  });

  it('pluralises counts', () => {
    expect(plural(1, 'rating')).toBe('1 rating');
    expect(plural(100836, 'rating')).toBe('100,836 ratings');
  });
});
