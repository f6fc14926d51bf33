import { describe, expect, it } from 'vitest';
import { HUES, hueOf, initials } from '../../../src/ui/card-art.ts';

describe('generated card art', () => {
  it('takes up to two initials, skipping moved articles, years and alternative titles', () => {
    expect(initials('Pulp Fiction (1994)')).toBe('PF');
    expect(initials('Matrix, The (1999)')).toBe('M');
    expect(initials("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)")).toBe('A');
    expect(initials('12 Angry Men (1957)')).toBe('1A');
    expect(initials('Star Wars: Episode IV - A New Hope (1977)')).toBe('SW');
    expect(initials('"Great Performances" Cats (1998)')).toBe('GP');
    expect(initials('Silence of the Lambs, The (1991)')).toBe('SL');
    expect(initials('Lord of the Rings: The Return of the King, The (2003)')).toBe('LR');
    expect(initials('...')).toBe('?');
  });

  it('gives each genre the same colour on every visit and device, in range', () => {
    // Pinned: the hash is part of what a returning user sees, so a change to it must be a decision, not an accident.
    expect(['Drama', 'Comedy', 'Action', 'Sci-Fi', 'Film-Noir'].map(hueOf)).toEqual([11, 9, 6, 3, 7]);
    expect(hueOf(undefined)).toBe(0);
    const hues = new Set(['Action', 'Comedy', 'Drama', 'Horror', 'Romance', 'Sci-Fi'].map(hueOf));
    for (const h of hues) expect(h).toBeLessThan(HUES);
    expect(hues.size).toBeGreaterThan(3);
  });
});
