import { describe, expect, it } from 'vitest';
import { titleFields } from '../../../src/engine/catalogue/catalogue.ts';
import { plural, reasonText, secondaryTitle } from '../../../src/ui/format.ts';

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
