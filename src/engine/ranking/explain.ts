/**
 * "Because you rated…": turn one model's per-rated-item contributions to an item's score into the list the
 * app shows. Only items that pull the score UP explain a recommendation; when the first model has none
 * (say, EASE on an item no neighbour of the profile touches), the next model in line is asked.
 */
import { expectLength, type Profile } from '../model-contracts.ts';
import type { Contribution } from '../recommend-types.ts';

/** Contributions below this share of the strongest are noise, not reasons. */
const MIN_SHARE = 0.05;

/** Positive contributions, strongest first, weights scaled so the strongest is 1. */
export function contributionsToReasons(profile: Profile, contributions: Float32Array): Contribution[] {
  expectLength('contributions', contributions.length, profile.items.length);
  let top = 0;
  for (const c of contributions) if (c > top) top = c;
  if (!(top > 0)) return [];
  const out: Contribution[] = [];
  contributions.forEach((c, t) => {
    if (c >= MIN_SHARE * top) out.push({ item: profile.items[t]!, rating: profile.values[t]!, weight: c / top });
  });
  return out.sort((a, b) => b.weight - a.weight || a.item - b.item);
}

/** The reasons from the first source that has any. */
export function explainFrom(profile: Profile, sources: (() => Float32Array)[]): Contribution[] {
  for (const source of sources) {
    const reasons = contributionsToReasons(profile, source());
    if (reasons.length > 0) return reasons;
  }
  return [];
}
