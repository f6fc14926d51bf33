import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  looseTitleKeys,
  normalizeForSearch,
  splitTitleYear,
  titleKeys,
} from '../../../../src/engine/text/normalize-title.ts';

describe('normalizeForSearch', () => {
  it('folds case, diacritics, apostrophes, ampersands and punctuation', () => {
    expect(normalizeForSearch('  Amélie  ')).toBe('amelie');
    expect(normalizeForSearch("Schindler's List")).toBe('schindlers list');
    // Every apostrophe the search and the importers accept folds alike, ´ too (NFKD would make it a space + accent).
    for (const a of ['’', '`', '´']) expect(normalizeForSearch(`Schindler${a}s List`), a).toBe('schindlers list');
    expect(normalizeForSearch('Crème Brûlée & Straße')).toBe('creme brulee and strasse');
    expect(normalizeForSearch('Star Wars: Episode IV - A New Hope')).toBe('star wars episode iv a new hope');
    expect(normalizeForSearch('WALL·E')).toBe('wall e');
    expect(normalizeForSearch('Ōkami')).toBe('okami');
  });

  it('folds plain ASCII the same way whichever path it takes', () => {
    // A trailing "·" is punctuation (folded away) outside ASCII: it sends the same text down the Unicode path.
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (s) => {
        expect(normalizeForSearch(s)).toBe(normalizeForSearch(`${s}·`));
      }),
      { numRuns: 2000 },
    );
    expect(normalizeForSearch("Ocean's 11 & `Co`: THE Heist!")).toBe(
      normalizeForSearch("Ocean's 11 & `Co`: THE Heist!·"),
    );
  });
});

describe('splitTitleYear', () => {
  it('takes a trailing (YYYY) off and leaves other parentheses', () => {
    expect(splitTitleYear('Toy Story (1995)')).toEqual({ title: 'Toy Story', year: 1995 });
    expect(splitTitleYear('(500) Days of Summer (2009)')).toEqual({ title: '(500) Days of Summer', year: 2009 });
    expect(splitTitleYear('Untitled')).toEqual({ title: 'Untitled', year: 0 });
  });
});

describe('titleKeys', () => {
  it('gives MovieLens titles and the same film as other services write it a common key', () => {
    const pairs: [string, string][] = [
      ['Matrix, The (1999)', 'The Matrix'],
      ["Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)", 'Amélie'],
      ["Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)", "Le Fabuleux Destin d'Amélie Poulain"],
      ['Seven (a.k.a. Se7en) (1995)', 'Se7en'],
      ['Boot, Das (Boat, The) (1981)', 'Das Boot'],
      ['Boot, Das (Boat, The) (1981)', 'The Boat'],
      ["Atalante, L' (1934)", "L'Atalante"],
      ['Beautiful Mind, A (2001)', 'A Beautiful Mind'],
      ['Léon: The Professional (a.k.a. The Professional) (Léon) (1994)', 'Leon: The Professional'],
      ['City of God (Cidade de Deus) (2002)', 'Cidade de Deus'],
      [
        'Lord of the Rings: The Fellowship of the Ring, The (2001)',
        'The Lord of the Rings: The Fellowship of the Ring',
      ],
    ];
    for (const [ml, other] of pairs) {
      const shared = titleKeys(ml).filter((k) => titleKeys(other).includes(k));
      expect(shared, `${ml} ↔ ${other}`).not.toEqual([]);
    }
  });

  it('lists the main title first, then the alternatives, without duplicates or empties', () => {
    expect(titleKeys("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)")).toEqual([
      'amelie',
      'fabuleux destin damelie poulain',
    ]);
    expect(titleKeys('Léon: The Professional (a.k.a. The Professional) (Léon) (1994)')).toEqual([
      'leon the professional',
      'professional',
      'leon',
    ]);
    expect(titleKeys('(1995)')).toEqual([]);
    expect(titleKeys('')).toEqual([]);
  });

  it('keeps different films apart', () => {
    expect(titleKeys('Matrix Reloaded, The (2003)')).not.toContain('matrix');
    expect(titleKeys('Die Hard (1988)')).not.toEqual(titleKeys('Die Hard 2 (1990)'));
  });
});

describe('looseTitleKeys', () => {
  it('are the parts before the first and after the last colon or spaced dash, when there are some', () => {
    expect(looseTitleKeys('Star Wars: Episode V - The Empire Strikes Back (1980)')).toEqual([
      'star wars',
      'empire strikes back',
    ]);
    expect(looseTitleKeys('Léon: The Professional (a.k.a. The Professional) (Léon) (1994)')).toEqual([
      'leon',
      'professional',
    ]);
    expect(looseTitleKeys('Spider-Man (2002)')).toEqual([]);
  });
});
