import { describe, expect, it } from 'vitest';
import { titleFields } from '../../../src/engine/catalogue/catalogue.ts';
import { catalogueSpan, plural, reasonText, secondaryTitle } from '../../../src/ui/format.ts';
import { DEFAULT_PREFS } from '../../../src/engine/user-data/settings.ts';
import { filtersChanged } from '../../../src/ui/filters-changed.ts';

const STARS = { min: 0.5, max: 5, step: 0.5 };

describe('view text', () => {
  it('puts the original title, or else the other names, on the line under a title', () => {
    expect(secondaryTitle(titleFields("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)"))).toBe(
      "Le Fabuleux destin d'Amélie Poulain",
    );
    expect(secondaryTitle(titleFields('Seven (a.k.a. Se7en) (1995)'))).toBe('a.k.a. Se7en');
    expect(secondaryTitle(titleFields('Matrix, The (1999)'))).toBe('');
  });

  it('explains a recommendation with the user’s own ratings', () => {
    expect(
      reasonText(
        [
          { id: 6, title: 'Heat (1995)', name: 'Heat', rating: 4.5 },
          { id: 2571, title: 'Matrix, The (1999)', name: 'The Matrix', rating: 4 },
        ],
        STARS,
      ),
    ).toBe('Because you rated Heat ★4.5');
    expect(reasonText([{ id: 1, title: 'A (2000)', name: 'A', rating: 8 }], { min: 1, max: 10, step: 1 })).toBe(
      'Because you rated A 8/10',
    );
    expect(reasonText([], STARS)).toBe('');
  });

  it('pluralises counts', () => {
    expect(plural(1, 'rating')).toBe('1 rating');
    expect(plural(100836, 'rating')).toBe('100,836 ratings');
  });
});

describe('catalogueSpan', () => {
  it('says the years the catalogue covers, in the dataset’s noun, and nothing when no item has a year', () => {
    expect(catalogueSpan({ firstYear: 1902, lastYear: 2018 }, 'movie')).toBe(
      'This catalogue covers movies from 1902 to 2018.',
    );
    expect(catalogueSpan({ firstYear: 1995, lastYear: 2021 }, 'game')).toBe(
      'This catalogue covers games from 1995 to 2021.',
    );
    expect(catalogueSpan({ firstYear: 0, lastYear: 0 }, 'movie')).toBe('');
    expect(catalogueSpan(null, 'movie')).toBe('');
  });
});

describe('filtersChanged', () => {
  it('is true when a filter or knob differs from its default, not for the sort', () => {
    expect(filtersChanged(DEFAULT_PREFS)).toBe(false);
    expect(filtersChanged({ ...DEFAULT_PREFS, sort: 'newest' })).toBe(false);
    for (const patch of [
      { genre: 'Drama' },
      { decade: 1990 },
      { diversity: 0.5 },
      { popularity: -1 },
      { algorithm: 'ease' },
    ])
      expect(filtersChanged({ ...DEFAULT_PREFS, ...patch } as typeof DEFAULT_PREFS), JSON.stringify(patch)).toBe(true);
  });
});
