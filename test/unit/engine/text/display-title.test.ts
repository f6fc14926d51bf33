import { beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';
import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { ARTICLES, splitTitleYear, titleKey } from '../../../../src/engine/text/normalize-title.ts';
import { articleInFront, displayTitle } from '../../../../src/engine/text/display-title.ts';

/** Titles as ml-latest-small writes them, and how a person would write them. */
const READ_AS: [raw: string, withYear: string, original: string | null, alsoKnownAs: string[]][] = [
  ['Matrix, The (1999)', 'The Matrix (1999)', null, []],
  ['Heat (1995)', 'Heat (1995)', null, []],
  ["Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)", 'Amelie (2001)', "Le Fabuleux destin d'Amélie Poulain", []],
  [
    'City of Lost Children, The (Cité des enfants perdus, La) (1995)',
    'The City of Lost Children (1995)',
    'La Cité des enfants perdus',
    [],
  ],
  [
    'Good, the Bad and the Ugly, The (Buono, il brutto, il cattivo, Il) (1966)',
    'The Good, the Bad and the Ugly (1966)',
    'Il Buono, il brutto, il cattivo',
    [],
  ],
  ["Bear, The (Ours, L') (1988)", 'The Bear (1988)', "L'Ours", []],
  ['Boot, Das (Boat, The) (1981)', 'Das Boot (1981)', 'The Boat', []],
  ['Passion of Anna, The (Passion, En) (1969)', 'The Passion of Anna (1969)', 'En Passion', []],
  [
    'Vitelloni, I (a.k.a. The Young and the Passionate) (1953)',
    'I Vitelloni (1953)',
    null,
    ['The Young and the Passionate'],
  ],
  ['Woman Is a Woman, A (femme est une femme, Une) (1961)', 'A Woman Is a Woman (1961)', 'Une femme est une femme', []],
  ['Seven (a.k.a. Se7en) (1995)', 'Seven (1995)', null, ['Se7en']],
  [
    'Asterix in America (a.k.a Asterix Conquers America) (Astérix et les Indiens) (1994)',
    'Asterix in America (1994)',
    'Astérix et les Indiens',
    ['Asterix Conquers America'],
  ],
  [
    "European Vacation (aka National Lampoon's European Vacation) (1985)",
    'European Vacation (1985)',
    null,
    ["National Lampoon's European Vacation"],
  ],
  [
    'Léon: The Professional (a.k.a. The Professional) (Léon) (1994)',
    'Léon: The Professional (1994)',
    'Léon',
    ['The Professional'],
  ],
  ['Trou, Le (Hole, The) (Night Watch, The) (1960)', 'Le Trou (1960)', 'The Hole', ['The Night Watch']],
  // An alternative that reads the same as the name adds nothing.
  ['Bride of Frankenstein, The (Bride of Frankenstein) (1935)', 'The Bride of Frankenstein (1935)', null, []],
  ['Déjà Vu (Deja Vu) (2006)', 'Déjà Vu (2006)', null, []],
  ['Dumb & Dumber (Dumb and Dumber) (1994)', 'Dumb & Dumber (1994)', null, []],
  // Parentheses that are part of the name, not another title.
  ['Human Centipede, The (First Sequence) (2009)', 'The Human Centipede (First Sequence) (2009)', null, []],
  [
    'Birdman: Or (The Unexpected Virtue of Ignorance) (2014)',
    'Birdman: Or (The Unexpected Virtue of Ignorance) (2014)',
    null,
    [],
  ],
  [
    "Hotel Chevalier (Part 1 of 'The Darjeeling Limited') (2007)",
    "Hotel Chevalier (Part 1 of 'The Darjeeling Limited') (2007)",
    null,
    [],
  ],
  [
    'Hommage à Zgougou (et salut à Sabine Mamou) (2002)',
    'Hommage à Zgougou (et salut à Sabine Mamou) (2002)',
    null,
    [],
  ],
  ['Jim Jefferies: Fully Functional (EPIX) (2012)', 'Jim Jefferies: Fully Functional (EPIX) (2012)', null, []],
  [
    'Evangelion: 1.0 You Are (Not) Alone (Evangerion shin gekijôban: Jo) (2007)',
    'Evangelion: 1.0 You Are (Not) Alone (2007)',
    'Evangerion shin gekijôban: Jo',
    [],
  ],
  ['(500) Days of Summer (2009)', '(500) Days of Summer (2009)', null, []],
  ['Frontière(s) (2007)', 'Frontière(s) (2007)', null, []],
  // Commas that are not a moved article; no year; a series' range; stray spaces.
  ['Monsters, Inc. (2001)', 'Monsters, Inc. (2001)', null, []],
  ['Hip Hop Witch, Da (2000)', 'Hip Hop Witch, Da (2000)', null, []],
  ['Ready Player One', 'Ready Player One', null, []],
  ['Death Note: Desu nôto (2006–2007)', 'Death Note: Desu nôto (2006–2007)', null, []],
  [
    'Dark Portals: The Chronicles of Vidocq  (Vidocq) (2001)',
    'Dark Portals: The Chronicles of Vidocq (2001)',
    'Vidocq',
    [],
  ],
  ['Assembly (Ji jie hao) (2007) ', 'Assembly (2007)', 'Ji jie hao', []],
];

describe('displayTitle', () => {
  it.each(READ_AS)('%s', (raw, withYear, original, alsoKnownAs) => {
    expect(displayTitle(raw)).toEqual({ name: splitTitleYear(withYear).title, withYear, original, alsoKnownAs });
  });

  it('moves every listed article back in front, an elided one without a space', () => {
    for (const article of ARTICLES) {
      const capitalised = article.charAt(0).toUpperCase() + article.slice(1);
      const expected = article.endsWith("'") ? `${capitalised}Atalante` : `${capitalised} Atalante`;
      expect(articleInFront(`Atalante, ${capitalised}`)).toBe(expected);
      // Lower case is a word of the title, not a moved article.
      expect(articleInFront(`Atalante, ${article}`)).toBe(`Atalante, ${article}`);
    }
  });

  it('leaves a title without these patterns as it is (another dataset)', () => {
    for (const raw of [
      'Catan (1995)',
      'Pandemic Legacy: Season 1 (2015)',
      '"Puerto Rico, Deluxe Edition" (2002)',
      'Azul',
    ])
      expect(displayTitle(raw)).toEqual({
        name: splitTitleYear(raw).title,
        withYear: raw,
        original: null,
        alsoKnownAs: [],
      });
  });
});

describe('displayTitle on every ml-latest-small title', () => {
  let d: Dataset;
  beforeAll(() => {
    d = loadDatasetFolder('data/ml-latest-small');
  });

  it('keeps the year, finds the same title as matching does, and leaves no moved article behind', () => {
    const moved = new RegExp(`, (?:${ARTICLES.map((a) => a.charAt(0).toUpperCase() + a.slice(1)).join('|')})$`);
    for (const [i, raw] of d.titles.entries()) {
      const shown = displayTitle(raw);
      expect(shown.name, raw).not.toBe('');
      expect(shown.name, raw).not.toMatch(moved);
      if (d.years[i]! > 0) expect(splitTitleYear(shown.withYear).year, raw).toBe(d.years[i]);
      // The name is the title importers match on (unless a parenthesised part belongs to it).
      if (!shown.name.includes('('))
        expect(titleKey(shown.name), raw).toBe(titleKey(splitTitleYear(raw).title.replace(/\s+\(.*$/, '')));
      for (const other of [shown.original, ...shown.alsoKnownAs])
        if (other !== null) expect(other.trim(), raw).not.toBe('');
    }
  });
});
