import { describe, expect, it } from 'vitest';
import { contributionsToReasons, explainFrom } from '../../../../src/engine/ranking/explain.ts';

const profile = { items: Int32Array.of(10, 20, 30, 40), values: Float32Array.of(5, 4, 2, 3.5) };

describe('explanations', () => {
  it('keeps positive contributions of at least 5% of the strongest, strongest first, scaled to 1', () => {
    const reasons = contributionsToReasons(profile, Float32Array.of(0.2, 0.8, -0.5, 0.03));
    expect(reasons).toEqual([
      { item: 20, rating: 4, weight: 1 },
      { item: 10, rating: 5, weight: expect.closeTo(0.25, 6) },
    ]);
  });

  it('gives no reasons when nothing pulls the score up', () => {
    expect(contributionsToReasons(profile, Float32Array.of(0, -1, -0.2, 0))).toEqual([]);
  });

  it('asks the next source only when the first has no reasons', () => {
    let asked = 0;
    const second = (): Float32Array => {
      asked++;
      return Float32Array.of(0, 0, 1, 0);
    };
    expect(explainFrom(profile, [() => Float32Array.of(1, 0, 0, 0), second])[0]!.item).toBe(10);
    expect(asked).toBe(0);
    expect(explainFrom(profile, [() => new Float32Array(4), second])[0]!.item).toBe(30);
    expect(asked).toBe(1);
  });

  it('checks that contributions match the profile', () => {
    expect(() => contributionsToReasons(profile, new Float32Array(3))).toThrow(/contributions/);
  });
});
