/** The star-agreement re-rank (src/engine/ranking/star-agreement.ts) and its list measure, on small known examples. */
import { describe, expect, it } from 'vitest';
import { listAgreement } from '../../../../src/engine/eval/star-agreement-eval.ts';
import fc from 'fast-check';
import {
  agreeWithStars,
  orderShownList,
  orderWithinBand,
  profileMean,
} from '../../../../src/engine/ranking/star-agreement.ts';
import { topK } from '../../../../src/engine/numeric/top-select.ts';

const SCALE = { min: 0.5, max: 5 };
const all = (n: number): Uint8Array => new Uint8Array(n).fill(1);
const order = (scores: Float32Array, k = scores.length): number[] => Array.from(topK(scores, k));

describe('agreeWithStars', () => {
  it('demotes an item predicted far below the user mean when rank scores are equal', () => {
    const scores = Float32Array.of(1, 1, 1, 1);
    const predicted = [2.9, 4.4, 4.1, 4.2];
    const out = agreeWithStars(scores, all(4), (j) => predicted[j]!, 4, SCALE, { weight: 7, pool: 4 });
    // Without the re-rank ties go by index and item 0 (★2.9) leads; with it, it comes last.
    expect(order(scores)).toEqual([0, 1, 2, 3]);
    expect(order(out)).toEqual([1, 2, 3, 0]);
  });

  it('keeps the ranker order when the rank gap outweighs how far below the mean a prediction is', () => {
    // Pool-normalised scores 1 and 0; weight 7 over a 4.5-star scale costs 7/4.5 = 1.56 per star below.
    const scores = Float32Array.of(0.9, 0.5);
    const slightly = [3.8, 4.5]; // 0.2 below the mean of 4: loses 0.31 < 1
    const far = [2.8, 4.5]; // 1.2 below: loses 1.87 > 1
    const opts = { weight: 7, pool: 2 };
    expect(order(agreeWithStars(scores, all(2), (j) => slightly[j]!, 4, SCALE, opts))).toEqual([0, 1]);
    expect(order(agreeWithStars(scores, all(2), (j) => far[j]!, 4, SCALE, opts))).toEqual([1, 0]);
  });

  it('never promotes an item for being predicted above the mean', () => {
    const scores = Float32Array.of(0.9, 0.8, 0.1);
    const predicted = [4, 4, 5];
    const out = agreeWithStars(scores, all(3), (j) => predicted[j]!, 4, SCALE, { weight: 7, pool: 3 });
    expect(order(out)).toEqual([0, 1, 2]);
  });

  it('takes only the best `pool` allowed items, leaving every other item NaN', () => {
    const scores = Float32Array.of(0.9, 0.8, 0.7, 0.6, 0.5);
    const allowed = Uint8Array.of(1, 0, 1, 1, 1);
    const out = agreeWithStars(scores, allowed, () => 3, 4, SCALE, { weight: 7, pool: 2 });
    expect(Array.from(out, (v) => !Number.isNaN(v))).toEqual([true, false, true, false, false]);
  });

  it('leaves the order alone without a user mean (nothing rated) or at weight 0', () => {
    const scores = Float32Array.of(0.2, 0.9, 0.5);
    const predicted = [5, 1, 3];
    for (const [mean, weight] of [
      [NaN, 7],
      [4, 0],
    ] as const)
      expect(order(agreeWithStars(scores, all(3), (j) => predicted[j]!, mean, SCALE, { weight, pool: 3 }))).toEqual([
        1, 2, 0,
      ]);
  });

  it('rejects a negative weight, an empty pool and a scale without width', () => {
    const s = Float32Array.of(1);
    expect(() => agreeWithStars(s, all(1), () => 3, 4, SCALE, { weight: -1, pool: 1 })).toThrow(/weight/);
    expect(() => agreeWithStars(s, all(1), () => 3, 4, SCALE, { weight: 1, pool: 0 })).toThrow(/pool/);
    expect(() => agreeWithStars(s, all(1), () => 3, 4, { min: 5, max: 5 }, { weight: 1, pool: 1 })).toThrow(/no width/);
  });

  it('profileMean averages the ratings, NaN for an empty profile', () => {
    expect(profileMean({ items: Int32Array.of(1, 2), values: Float32Array.of(4, 5) })).toBe(4.5);
    expect(profileMean({ items: new Int32Array(0), values: new Float32Array(0) })).toBeNaN();
  });
});

describe('listAgreement', () => {
  it('counts low labels and the pairs whose stars contradict the list order', () => {
    // Pairs: (4, 3) agree, (4, 5) and (3, 5) contradict, both by at least half a star.
    const a = listAgreement([4, 3, 5], 4, 3.5);
    expect(a.belowMean).toBeCloseTo(1 / 3, 12);
    expect(a.belowLow).toBeCloseTo(1 / 3, 12);
    expect(a.tau).toBeCloseTo(-1 / 3, 12);
    expect(a.inverted).toBeCloseTo(2 / 3, 12);
    expect(a.invertedHalf).toBeCloseTo(2 / 3, 12);
    const sorted = listAgreement([5, 4.8, 4], 4.5, 3);
    expect(sorted.tau).toBe(1);
    expect(sorted.inverted).toBe(0);
    expect(sorted.belowMean).toBeCloseTo(1 / 3, 12);
  });
});

describe('orderWithinBand', () => {
  const stars = [4.0, 4.3, 4.8, 4.1, 3.9];
  const list = Int32Array.of(0, 1, 2, 3, 4);
  const ordered = (band: number) => Array.from(orderWithinBand(list, (j) => stars[j]!, band));

  it('moves an item up only as far as the band requires, and keeps the order elsewhere', () => {
    // ★4.8 may not sit below ★4.0 with a half-star band: it moves ahead of it, not of ★4.3, which is close enough.
    expect(ordered(0.5)).toEqual([1, 2, 0, 3, 4]);
    // A band as wide as every gap keeps the ranker's order; a zero band sorts by stars.
    expect(ordered(1)).toEqual([0, 1, 2, 3, 4]);
    expect(ordered(0)).toEqual([2, 1, 3, 0, 4]);
  });

  it('never lists an item below one predicted more than the band lower, and loses none', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 10 }),
        (halfStars, bandSteps) => {
          const band = bandSteps / 2;
          const items = Int32Array.from(halfStars.keys());
          const out = Array.from(orderWithinBand(items, (j) => halfStars[j]! / 2, band));
          expect([...out].sort((a, b) => a - b)).toEqual(Array.from(items));
          for (let a = 0; a < out.length; a++)
            for (let b = a + 1; b < out.length; b++)
              expect(halfStars[out[b]!]! / 2 - halfStars[out[a]!]! / 2).toBeLessThanOrEqual(band);
        },
      ),
    );
  });

  it('orderShownList compares stars as printed (one decimal) with the band over the scale', () => {
    // 4.04 and 4.76 print as ★4 and ★4.8: 0.8 apart, beyond a ¾-star band (⅙ of 0.5..5) though 0.72 apart unrounded.
    const raw = [4.04, 4.76];
    const two = Int32Array.of(0, 1);
    expect(Array.from(orderShownList(two, (j) => raw[j]!, SCALE, { weight: 7, pool: 2, band: 1 / 6 }))).toEqual([1, 0]);
    expect(Array.from(orderShownList(two, (j) => raw[j]!, SCALE, { weight: 7, pool: 2 }))).toEqual([0, 1]);
  });
});
