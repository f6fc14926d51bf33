/**
 * Reasons a film lover would trust, on ml-latest-small (issue 16): a list cites only what the user rated at or above
 * their own mean, and does not lead every card with the same film.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { indexOfId, type Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { RatingsEngine } from '../../../../src/engine/ratings-mode/ratings-engine.ts';
import type { Recommendation } from '../../../../src/engine/recommend-types.ts';
import { bundledDataset, FILM_LOVER, profileOfIds } from './fixture.ts';

let d: Dataset;
let engine: RatingsEngine;

/** How many of the cards each rated item leads (is the first reason of). */
function leads(list: Recommendation[]): Map<number, number> {
  const count = new Map<number, number>();
  for (const r of list) if (r.because[0]) count.set(r.because[0].item, (count.get(r.because[0].item) ?? 0) + 1);
  return count;
}

beforeAll(() => {
  d = bundledDataset();
  engine = RatingsEngine.fitRanking(d, { seed: 1 });
}, 120_000);

describe('reasons on ml-latest-small', () => {
  it('never cite a film rated below the user’s own mean (Forrest Gump ★3 among films averaging ★4.4)', () => {
    const profile = profileOfIds(d, FILM_LOVER);
    const list = engine.recommend(profile, { limit: 20 });
    const gump = indexOfId(d.itemIds, 356);
    for (const r of list) for (const c of r.because) expect(c.item).not.toBe(gump);
    expect(list.filter((r) => r.because.length > 0).length).toBeGreaterThan(15);
    // Six liked films: none leads more than a third of the twenty cards.
    expect(Math.max(...leads(list).values())).toBeLessThanOrEqual(20 / 3);
    expect(leads(list).size).toBeGreaterThanOrEqual(4);
  });

  it('spread the lead over the liked films of a longer profile', () => {
    const ids = [2571, 6, 1, 4973, 1214, 608, 296, 318, 858, 912, 5618, 1732, 47, 593, 541, 4226];
    const profile = profileOfIds(
      d,
      ids.map((id, k): [number, number] => [id, k % 3 === 0 ? 5 : 4.5]),
    );
    for (const algorithm of ['blend', 'ease', 'itemknn'] as const) {
      const list = engine.recommend(profile, { algorithm, limit: 20 });
      expect(Math.max(...leads(list).values()), algorithm).toBeLessThanOrEqual(20 / 3);
    }
  });
});
