import { describe, expect, it } from 'vitest';
import { contributionsToReasons, varyLeadingReasons } from '../../../../src/engine/ranking/explain.ts';
import type { Contribution } from '../../../../src/engine/recommend-types.ts';

// Mean rating 3.625: items 10 (★5) and 20 (★4) are liked, 30 (★2) and 40 (★3.5) are not.
const profile = { items: Int32Array.of(10, 20, 30, 40), values: Float32Array.of(5, 4, 2, 3.5) };

describe('reasons', () => {
  it('keeps liked items’ positive contributions of at least 5% of the strongest, strongest first, scaled to 1', () => {
    const reasons = contributionsToReasons(profile, Float32Array.of(0.2, 0.8, 0.1, 0.03));
    expect(reasons).toEqual([
      { item: 20, rating: 4, weight: 1 },
      { item: 10, rating: 5, weight: expect.closeTo(0.25, 6) },
    ]);
  });

  it('never cites an item rated below the user’s mean, however much it contributes', () => {
    // The Forrest Gump case: ★3 from a user whose films average ★4.4 argues for nothing.
    const reasons = contributionsToReasons(profile, Float32Array.of(0.01, 0.02, 5, 4));
    expect(reasons.map((r) => r.item)).toEqual([20, 10]);
    expect(contributionsToReasons(profile, Float32Array.of(0, -1, 3, 2))).toEqual([]);
  });

  it('checks that contributions match the profile', () => {
    expect(() => contributionsToReasons(profile, new Float32Array(3))).toThrow(/contributions/);
  });
});

describe('reasons across a list', () => {
  const reason = (item: number, weight: number): Contribution => ({ item, rating: 5, weight });

  it('lets no item lead more than a third of the cards while another can lead instead', () => {
    // Twenty cards whose strongest reason is item 1; items 2–11 are second on some of them.
    const cards = Array.from({ length: 20 }, (_, k) => [reason(1, 1), reason(2 + (k % 10), 0.6)]);
    const varied = varyLeadingReasons(cards);
    const leads = new Map<number, number>();
    for (const card of varied) leads.set(card[0]!.item, (leads.get(card[0]!.item) ?? 0) + 1);
    expect(leads.get(1)).toBe(6);
    expect(Math.max(...leads.values())).toBeLessThanOrEqual(20 / 3);
    // Nothing is dropped: each card keeps all its reasons, in order after the lead.
    varied.forEach((card, k) => expect(card.map((c) => c.item).sort()).toEqual(cards[k]!.map((c) => c.item).sort()));
    expect(varied[0]).toEqual(cards[0]);
  });

  it('cites nothing on a card whose every reason already leads a third of the cards', () => {
    // Nine cards: item 1 alone on each, but items 2 and 3 lead others, so 1 may lead only three.
    const cards = [...Array.from({ length: 7 }, () => [reason(1, 1)]), [reason(2, 1)], [reason(3, 1)]];
    const varied = varyLeadingReasons(cards);
    expect(varied.slice(0, 3)).toEqual(cards.slice(0, 3));
    expect(varied.slice(3, 7)).toEqual([[], [], [], []]);
    expect(varied.slice(7)).toEqual(cards.slice(7));
    expect(varyLeadingReasons([[], [reason(3, 1)]])).toEqual([[], [reason(3, 1)]]);
  });

  it('lets a user with a single liked item see it on every card', () => {
    const cards = Array.from({ length: 9 }, () => [reason(1, 1)]);
    expect(varyLeadingReasons(cards)).toEqual(cards);
  });
});
