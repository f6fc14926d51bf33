/** The rating scale as the UI speaks it: the values offered, their accessible names, and how to print them. */
import type { RatingScale } from '../engine/dataset/dataset.ts';

/** Every value on the scale, min to max. */
export function scaleValues(scale: RatingScale): number[] {
  const steps = Math.round((scale.max - scale.min) / scale.step);
  // Rounded to the step's decimals so 0.1-steps print as 0.3, not 0.30000000000000004.
  const decimals = decimalsOf(scale.step);
  return Array.from({ length: steps + 1 }, (_, k) => Number((scale.min + k * scale.step).toFixed(decimals)));
}

function decimalsOf(x: number): number {
  const s = String(x);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** Five-point scales are shown as stars; anything else as numbers. */
export function usesStars(scale: RatingScale): boolean {
  return scale.max === 5;
}

/** "0.5 stars", "1 star", "4.5 stars" on a five-star scale; "7 out of 10" otherwise. */
export function valueName(value: number, scale: RatingScale): string {
  if (usesStars(scale)) return `${value} ${value === 1 ? 'star' : 'stars'}`;
  return `${value} out of ${scale.max}`;
}

/** Short visible form: "★4.5" on a five-star scale, "8/10" otherwise. */
export function shortRating(value: number, scale: RatingScale): string {
  const shown = Number(value.toFixed(1));
  return usesStars(scale) ? `★${shown}` : `${shown}/${scale.max}`;
}
