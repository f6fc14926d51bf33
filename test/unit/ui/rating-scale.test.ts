import { describe, expect, it } from 'vitest';
import { scaleValues, shortRating, usesStars, valueName } from '../../../src/ui/rating-scale.ts';

const STARS = { min: 0.5, max: 5, step: 0.5 };
const TEN = { min: 1, max: 10, step: 1 };

describe('rating scale for the UI', () => {
  it('lists every value of the scale', () => {
    expect(scaleValues(STARS)).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    expect(scaleValues(TEN)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(scaleValues({ min: 0, max: 1, step: 0.1 })).toHaveLength(11);
    expect(scaleValues({ min: 0, max: 1, step: 0.1 })[3]).toBe(0.3);
  });

  it('names values as stars on five-point scales and as "n out of max" otherwise', () => {
    expect(usesStars(STARS)).toBe(true);
    expect(valueName(0.5, STARS)).toBe('0.5 stars');
    expect(valueName(1, STARS)).toBe('1 star');
    expect(valueName(5, STARS)).toBe('5 stars');
    expect(usesStars(TEN)).toBe(false);
    expect(valueName(7, TEN)).toBe('7 out of 10');
  });

  it('prints short ratings', () => {
    expect(shortRating(4.5, STARS)).toBe('★4.5');
    expect(shortRating(3.8666, STARS)).toBe('★3.9');
    expect(shortRating(8, TEN)).toBe('8/10');
  });
});
