/** fast-check generators of data a Matinee export may hold: what the importers must accept and give back. */
import fc from 'fast-check';

export const ALGORITHMS = ['blend', 'itemknn', 'mf', 'ease', 'popularity', 'content'] as const;

export const validSettings = fc.record(
  {
    recommendationPrefs: fc.record({
      algorithm: fc.constantFrom(...ALGORITHMS),
      diversity: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
      popularity: fc.integer({ min: -100, max: 100 }).map((n) => n / 100),
      genre: fc.string({ maxLength: 30 }),
      decade: fc.constantFrom(0, 1900, 1990, 2020),
    }),
    onboarding: fc.record({ done: fc.boolean(), genres: fc.array(fc.string({ maxLength: 20 }), { maxLength: 6 }) }),
  },
  { requiredKeys: [] },
);
