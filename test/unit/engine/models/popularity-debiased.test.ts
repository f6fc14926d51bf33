/** The popularity penalty: what it lowers, and by how much. */
import { describe, expect, it } from 'vitest';
import { PopularityDebiased, PopularityPenalty } from '../../../../src/engine/models/popularity-debiased.ts';
import type { Profile, Ranker } from '../../../../src/engine/model-contracts.ts';

/** Ratings per item: item 0 is the canon, item 4 a film few have seen. */
const COUNTS = [1000, 300, 100, 10, 1];

describe('PopularityPenalty', () => {
  const penalty = new PopularityPenalty(COUNTS);

  it('divides each positive score by (n + 1)^β and multiplies a negative one, leaving -Infinity', () => {
    const scores = Float32Array.of(1, 1, -1, 2, -Infinity);
    penalty.apply(scores, 0.5);
    expect(scores[0]).toBeCloseTo(1 / Math.sqrt(1001), 6);
    expect(scores[1]).toBeCloseTo(1 / Math.sqrt(301), 6);
    expect(scores[2]).toBeCloseTo(-Math.sqrt(101), 4);
    expect(scores[3]).toBeCloseTo(2 / Math.sqrt(11), 6);
    expect(scores[4]).toBe(-Infinity);
  });

  it('turns equal scores into the less rated first, keeps the order of items equally rated, and β 0 changes nothing', () => {
    const scores = new Float32Array(5).fill(1);
    penalty.apply(scores, 0.2);
    for (let j = 1; j < 5; j++) expect(scores[j]).toBeGreaterThan(scores[j - 1]!);
    const same = new PopularityPenalty([50, 50, 50]);
    const ranked = Float32Array.of(3, 2, 1);
    same.apply(ranked, 0.3);
    expect(ranked[0]).toBeGreaterThan(ranked[1]!);
    expect(ranked[1]).toBeGreaterThan(ranked[2]!);
    const untouched = Float32Array.of(3, 2, 1, 0.5, 0.1);
    penalty.apply(untouched, 0);
    expect(Array.from(untouched)).toEqual(Array.from(Float32Array.of(3, 2, 1, 0.5, 0.1)));
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
  const profile: Profile = { items: Int32Array.of(0), values: Float32Array.of(4) };
  const flat: Ranker = {
    name: 'flat',
    itemCount: 5,
    fit: () => {},
    score: (_p, out) => out.fill(1),
    save: () => ({}),
    load: () => {},
  };

  it("lifts the lesser known among the inner ranker's equal scores, more as β grows, and is the inner ranker otherwise", () => {
    const spread = (beta: number) => {
      const out = new Float32Array(5);
      new PopularityDebiased(flat, () => COUNTS, beta).score(profile, out);
      return out[4]! / out[0]!;
    };
    expect(spread(0.1)).toBeGreaterThan(1);
    expect(spread(0.3)).toBeGreaterThan(spread(0.1));
    const debiased = new PopularityDebiased(flat, () => COUNTS, 0.2);
    expect(debiased.name).toBe('flat');
    expect(debiased.explain).toBeUndefined();
  });
});
