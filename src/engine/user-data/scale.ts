/** Converting another service's rating scale onto the dataset's. */
import type { RatingScale } from '../dataset/dataset.ts';
import { stepValue } from '../dataset/manifest.ts';

export interface SourceScale {
  min: number;
  max: number;
}

/** Letterboxd: half stars from ½ to 5. */
export const LETTERBOXD_SCALE: RatingScale = { min: 0.5, max: 5, step: 0.5 };
/** IMDb: whole numbers 1 to 10. */
export const IMDB_SCALE: SourceScale = { min: 1, max: 10 };

/**
 * Map a rating linearly from the source range onto the dataset's range, round to the nearest step and clamp.
 * IMDb 1–10 onto MovieLens 0.5–5 is exactly value / 2 (1 → 0.5, 7 → 3.5, 10 → 5).
 */
export function toDatasetScale(value: number, from: SourceScale, to: RatingScale): number {
  const t = (value - from.min) / (from.max - from.min);
  const raw = to.min + t * (to.max - to.min);
  const steps = Math.round((raw - to.min) / to.step);
  const maxSteps = Math.round((to.max - to.min) / to.step);
  return stepValue(to, Math.min(maxSteps, Math.max(0, steps)));
}
