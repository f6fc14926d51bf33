/** fast-check generators of data a Matinee export may hold: what the importers must accept and give back. */
import fc from 'fast-check';
import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';
import type { UserData } from '../../../../src/engine/user-data/user-data.ts';

const DAY = 86_400_000;

/** 0 (unknown) or a time from 1995-01-01 to now, in whole ms. */
export const plausibleTime = fc.oneof(fc.constant(0), fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.now() }));

/** A time no importer may keep: before 1995 (but not 0), more than a day ahead, fractional, or absurd. */
export const implausibleTime = fc.oneof(
  fc.integer({ min: 1, max: Date.UTC(1995, 0, 1) - 1 }),
  fc.integer({ min: Date.now() + 2 * DAY, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(-1, 1e300, 1_600_000_000_000.5, Number.MAX_VALUE),
);

export const ALGORITHMS = ['blend', 'itemknn', 'mf', 'ease', 'popularity'] as const;
export const SORTS = ['top', 'predicted', 'newest', 'popular'] as const;

/**
 * Settings an import of this dataset keeps: the genre filter is one of its genres, or every genre; the decade one of
 * its items' decades, or every decade.
 */
export function validSettings(d: Dataset) {
  const decades = new Set(Array.from(d.years, (y) => Math.floor(y / 10) * 10).filter((decade) => decade > 0));
  return fc.record(
    {
      recommendationPrefs: fc.record({
        algorithm: fc.constantFrom(...ALGORITHMS),
        sort: fc.constantFrom(...SORTS),
        diversity: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
        popularity: fc.integer({ min: -100, max: 100 }).map((n) => n / 100),
        genre: fc.constantFrom('', ...d.genres),
        decade: fc.constantFrom(0, ...decades),
      }),
      onboarding: fc.record({ done: fc.boolean(), genres: fc.array(fc.string({ maxLength: 20 }), { maxLength: 6 }) }),
    },
    { requiredKeys: [] },
  );
}

/** Valid user data for a dataset rated on half stars 0.5–5. */
export function validUserData(d: Dataset): fc.Arbitrary<UserData> {
  const item = fc.constantFrom(...d.itemIds);
  const entry = fc.record({ item, added: plausibleTime });
  return fc.record({
    ratings: fc.uniqueArray(
      fc.record({ item, value: fc.integer({ min: 1, max: 10 }).map((v) => v / 2), time: plausibleTime }),
      { selector: (r) => r.item },
    ),
    watchlist: fc.uniqueArray(entry, { selector: (e) => e.item }),
    hidden: fc.uniqueArray(entry, { selector: (e) => e.item }),
    settings: validSettings(d),
  });
}
