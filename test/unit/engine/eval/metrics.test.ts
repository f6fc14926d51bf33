import { describe, expect, it } from 'vitest';
import { coverage, hitRateAtK, ndcgAtK, precisionAtK, recallAtK } from '../../../../src/engine/eval/ranking-metrics.ts';
import { relevantItemsByUser } from '../../../../src/engine/eval/holdout.ts';
import { likedThreshold } from '../../../../src/engine/eval/relevance.ts';

// Ranking 10 items; relevant {3, 7, 42}: hits at ranks 2 and 5 (1-based), 42 never recommended.
const ranked = [5, 3, 8, 1, 7, 9, 2, 4, 6, 0];
const relevant = new Set([3, 7, 42]);

describe('ranking metrics against hand computations', () => {
  it('precision@k divides hits by k', () => {
    expect(precisionAtK(ranked, relevant, 10)).toBeCloseTo(2 / 10, 12);
    expect(precisionAtK(ranked, relevant, 2)).toBeCloseTo(1 / 2, 12);
    expect(precisionAtK(ranked, relevant, 1)).toBe(0);
    // A short list still divides by k.
    expect(precisionAtK([3], relevant, 10)).toBeCloseTo(1 / 10, 12);
  });

  it('recall@k divides hits by the number of relevant items', () => {
    expect(recallAtK(ranked, relevant, 10)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(ranked, relevant, 4)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(ranked, new Set(), 10)).toBe(0);
  });

  it('NDCG@k: binary gains, log2(rank+1) discount, ideal over min(k, |relevant|)', () => {
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(6);
    const ideal = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(ndcgAtK(ranked, relevant, 10)).toBeCloseTo(dcg / ideal, 12);
    // k = 2: one hit at rank 2; ideal has two hits.
    expect(ndcgAtK(ranked, relevant, 2)).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 12);
    // One relevant item at rank 1 is perfect even though k = 10.
    expect(ndcgAtK([7, 1, 2], new Set([7]), 10)).toBe(1);
    expect(ndcgAtK(ranked, new Set([99]), 10)).toBe(0);
  });

  it('hit rate@k is 1 when any of the first k is relevant', () => {
    expect(hitRateAtK(ranked, relevant, 10)).toBe(1);
    expect(hitRateAtK(ranked, relevant, 1)).toBe(0);
    expect(hitRateAtK(ranked, relevant, 2)).toBe(1);
  });

  it('coverage counts distinct items across lists over the catalogue size', () => {
    expect(coverage([[1, 2, 3], [3, 4], [1]], 8)).toBeCloseTo(4 / 8, 12);
    expect(coverage([], 8)).toBe(0);
    expect(() => coverage([[1]], 0)).toThrow(/catalogue size/);
  });

  it('rejects a k that is not a positive integer', () => {
    expect(() => precisionAtK(ranked, relevant, 0)).toThrow(/k must be/);
    expect(() => ndcgAtK(ranked, relevant, 2.5)).toThrow(/k must be/);
  });
});

describe('the default relevance threshold of a rating scale', () => {
  it("keeps MovieLens' 4 stars and puts other scales' at the same place along their range, on the scale", () => {
    expect(likedThreshold({ min: 0.5, max: 5, step: 0.5 })).toBe(4);
    expect(likedThreshold({ min: 1, max: 10, step: 1 })).toBe(8);
    expect(likedThreshold({ min: 1, max: 5, step: 1 })).toBe(4);
    expect(likedThreshold({ min: 0, max: 1, step: 1 })).toBe(1);
    expect(likedThreshold({ min: 0, max: 100, step: 1 })).toBe(78);
    expect(likedThreshold({ min: 0, max: 1, step: 0.1 })).toBe(0.8);
    expect(likedThreshold({ min: 0.1, max: 1, step: 0.1 })).toBe(0.8);
  });

  it('counts a float32 rating equal to the threshold as relevant, even where doubles round it away', () => {
    const test = {
      users: Int32Array.of(0, 0, 1),
      items: Int32Array.of(1, 2, 3),
      values: Float32Array.of(0.7, 0.6, 0.7),
    };
    const byUser = relevantItemsByUser(test, 0.1 + 6 * 0.1);
    expect([...byUser.keys()]).toEqual([0, 1]);
    expect([...byUser.get(0)!]).toEqual([1]);
  });
});
