/**
 * Ratings mode or model mode. In ratings mode the snapshot carries every rating and the device fits its models; that
 * is the best list a small dataset can get (EASE, item-KNN), and it costs the device the EASE inverse, cubic in the
 * smaller of the user and item counts, and time linear in the ratings for everything else. Past the limits below the
 * build fits the models instead and the device only folds a user in and scores (model mode). dataset.json's "mode"
 * overrides the choice either way.
 */
import type { Manifest, SnapshotMode } from '../dataset/dataset.ts';
import { TUNING_LIMITS } from '../tuning/limits.ts';

/**
 * The largest dataset shipped in ratings mode: a few times ml-latest-small, whose fit a first visit hardly notices,
 * well short of a MovieLens-1M shape, whose fit kept a new user waiting far too long (`npm run bench:browser` times
 * both); the EASE side bound is where the tuner stops refitting EASE too (tuning/limits.ts), for the same cubic cost.
 */
export const RATINGS_MODE_LIMITS = { ratings: 250_000, easeSide: TUNING_LIMITS.easeSide };

export interface DatasetSize {
  users: number;
  items: number;
  ratings: number;
}

export interface ModeChoice {
  mode: SnapshotMode;
  /** Why, for the build log. */
  reason: string;
}

export function chooseSnapshotMode(manifest: Manifest, size: DatasetSize): ModeChoice {
  if (manifest.mode) return { mode: manifest.mode, reason: `dataset.json sets "mode": "${manifest.mode}"` };
  const side = Math.min(size.users, size.items);
  const { ratings, easeSide } = RATINGS_MODE_LIMITS;
  const fits = size.ratings <= ratings && side <= easeSide;
  const measured = `${size.ratings} ratings, EASE side ${side} (ratings mode up to ${ratings} ratings and side ${easeSide})`;
  return fits
    ? { mode: 'ratings', reason: `${measured}: small enough for the device to fit` }
    : { mode: 'model', reason: `${measured}: the build fits the models` };
}
