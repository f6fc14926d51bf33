/** The personalised popularity penalty: what it lowers, by how much, and for whom. */
import { describe, expect, it } from 'vitest';
import { PopularityDebiased, PopularityPenalty } from '../../../../src/engine/models/popularity-debiased.ts';
import type { Profile, Ranker } from '../../../../src/engine/model-contracts.ts';

/** Ratings per item: item 0 is the canon, item 4 a film few have seen. */
const COUNTS = [1000, 300, 100, 10, 1];
const profile = (...items: number[]): Profile => ({
  items: Int32Array.from(items),
  values: new Float32Array(items.length).fill(4),
});

describe('PopularityPenalty', () => {
  const penalty = new PopularityPenalty(COUNTS);

  it('gives a user of niche tastes a larger exponent than one who rates the canon, and nothing tells for no one', () => {
    const canon = penalty.exponent(profile(0, 1), 0.2);
    const niche = penalty.exponent(profile(3, 4), 0.2);
    expect(niche).toBeGreaterThan(canon);
    expect(canon).toBeGreaterThan(0);
    // Only the most rated item: nothing surprising, so no penalty at all.
    expect(penalty.exponent(profile(0), 0.2)).toBe(0);
    expect(penalty.exponent(profile(), 0.2)).toBe(0.2);
    expect(penalty.exponent(profile(3, 4), 0)).toBe(0);
    // The exponent scales with β.
    expect(penalty.exponent(profile(3, 4), 0.4)).toBeCloseTo(2 * niche, 6);
  });

  it('divides each positive score by (n + 1)^exponent and multiplies a negative one, leaving -Infinity', () => {
    const scores = Float32Array.of(1, 1, -1, 2, -Infinity);
    penalty.apply(scores, 0.5);
    expect(scores[0]).toBeCloseTo(1 / Math.sqrt(1001), 6);
    expect(scores[1]).toBeCloseTo(1 / Math.sqrt(301), 6);
    expect(scores[2]).toBeCloseTo(-Math.sqrt(101), 4);
    expect(scores[3]).toBeCloseTo(2 / Math.sqrt(11), 6);
    expect(scores[4]).toBe(-Infinity);
  });

  it('turns equal scores into the less rated first, and keeps the order of items equally rated', () => {
    const scores = new Float32Array(5).fill(1);
    penalty.apply(scores, 0.2);
    for (let j = 1; j < 5; j++) expect(scores[j]).toBeGreaterThan(scores[j - 1]!);
    const same = new PopularityPenalty([50, 50, 50]);
    const ranked = Float32Array.of(3, 2, 1);
    same.apply(ranked, 0.3);
    expect(ranked[0]).toBeGreaterThan(ranked[1]!);
    expect(ranked[1]).toBeGreaterThan(ranked[2]!);
  });

  it('penalises a subset by its item indices, and checks the lengths', () => {
    const scores = Float32Array.of(1, 1);
    penalty.apply(scores, 0.5, [4, 0]);
    expect(scores[0]).toBeCloseTo(1 / Math.sqrt(2), 6);
    expect(scores[1]).toBeCloseTo(1 / Math.sqrt(1001), 6);
    expect(() => penalty.apply(new Float32Array(2), 0.5, [1])).toThrow(/penalised items/);
    expect(() => penalty.apply(new Float32Array(4), 0.5)).toThrow(/penalised scores/);
  });
});

describe('PopularityDebiased', () => {
  const flat: Ranker = {
    name: 'flat',
    itemCount: 5,
    fit: () => {},
    score: (_p, out) => out.fill(1),
    save: () => ({}),
    load: () => {},
  };

  it("lifts the lesser known among the inner ranker's equal scores, more for a niche profile", () => {
    const debiased = new PopularityDebiased(flat, () => COUNTS, 0.2);
    const canon = new Float32Array(5);
    const niche = new Float32Array(5);
    debiased.score(profile(0, 1), canon);
    debiased.score(profile(3, 4), niche);
    expect(canon[4]! / canon[0]!).toBeGreaterThan(1);
    expect(niche[4]! / niche[0]!).toBeGreaterThan(canon[4]! / canon[0]!);
    expect(debiased.name).toBe('flat');
    expect(debiased.explain).toBeUndefined();
  });
});
