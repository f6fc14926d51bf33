/** The numbers behind "About your ratings": how often each rating value was given and which genres dominate. */
import type { RatingScale } from '../../engine/dataset/dataset.ts';

export interface HistogramBin {
  value: number;
  count: number;
}

/** One bin per step of the scale, min..max, so empty values show as empty bars rather than vanishing. */
export function ratingHistogram(values: readonly number[], scale: RatingScale): HistogramBin[] {
  const steps = Math.round((scale.max - scale.min) / scale.step);
  if (!(steps >= 0) || !Number.isFinite(steps)) throw new Error(`rating scale has no steps: ${JSON.stringify(scale)}`);
  const bins: HistogramBin[] = [];
  for (let k = 0; k <= steps; k++) bins.push({ value: roundToStep(scale.min + k * scale.step), count: 0 });
  for (const v of values) {
    const k = Math.round((v - scale.min) / scale.step);
    // Off-scale values (an import from a different scale) are clamped into the nearest end bin, not dropped.
    bins[Math.min(steps, Math.max(0, k))]!.count++;
  }
  return bins;
}

/** Strip floating-point noise such as 0.30000000000000004 from a bin label. */
function roundToStep(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export interface GenreShare {
  genre: string;
  /** How many of the user's rated items carry this genre. */
  count: number;
  /** The user's mean rating of those items. */
  mean: number;
}

/** Genres of the rated items, most frequent first (ties by higher mean, then by name), at most `limit`. */
export function topGenres(rated: readonly { value: number; genres: readonly string[] }[], limit: number): GenreShare[] {
  const sums = new Map<string, { count: number; total: number }>();
  for (const r of rated) {
    for (const g of r.genres) {
      const s = sums.get(g);
      if (s) {
        s.count++;
        s.total += r.value;
      } else sums.set(g, { count: 1, total: r.value });
    }
  }
  return [...sums]
    .map(([genre, s]) => ({ genre, count: s.count, mean: s.total / s.count }))
    .sort((a, b) => b.count - a.count || b.mean - a.mean || a.genre.localeCompare(b.genre))
    .slice(0, Math.max(0, limit));
}

/** A rating value as people read it: "4", "3.5". */
export function formatRating(value: number): string {
  return String(roundToStep(value));
}
