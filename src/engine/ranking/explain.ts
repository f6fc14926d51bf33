/**
 * "Because you rated…": from a ranker's split of each item's score over the profile's items (Ranker.explain) to the
 * reasons a list shows. A reason must convince: only items the user rated at or above their own mean are cited
 * ("because you rated Forrest Gump ★3" argues for nothing when the user's films average ★4.4), only those that pull
 * this item's score up, strongest first. Across a list, the first reason of each card (the one a phone line has room
 * for) varies: no rated item leads more than a third of the cards while others can stand in for it.
 */
import { expectLength, type Profile } from '../model-contracts.ts';
import { meanOf } from '../numeric/mean.ts';
import type { Contribution } from '../recommend-types.ts';

/** Contributions below this share of the strongest are noise, not reasons. */
const MIN_SHARE = 0.05;

/** The share of a list's cards one rated item may lead, when the user has liked enough items for others to lead. */
const MAX_LEAD_SHARE = 1 / 3;

/** The liked items' positive contributions to one item, strongest first, weights scaled so the strongest is 1. */
export function contributionsToReasons(profile: Profile, contributions: Float32Array): Contribution[] {
  expectLength('contributions', contributions.length, profile.items.length);
  const liked = likedFrom(profile);
  let top = 0;
  contributions.forEach((c, t) => {
    if (profile.values[t]! >= liked && c > top) top = c;
  });
  if (!(top > 0)) return [];
  const out: Contribution[] = [];
  contributions.forEach((c, t) => {
    const rating = profile.values[t]!;
    if (rating >= liked && c >= MIN_SHARE * top) out.push({ item: profile.items[t]!, rating, weight: c / top });
  });
  return out.sort((a, b) => b.weight - a.weight || a.item - b.item);
}

/**
 * The reasons of a list's cards (each strongest first), reordered so that no rated item leads more than
 * MAX_LEAD_SHARE of the cards: another of the card's reasons leads instead, or, with none left, the card cites none
 * (it still says it comes from the user's ratings; the item's own page gives its reasons).
 */
export function varyLeadingReasons(reasons: Contribution[][]): Contribution[][] {
  const leaders = new Set(reasons.flatMap((r) => r.map((c) => c.item)));
  // A user with few liked items cannot spread the lead thinner than over those items.
  const cap = Math.max(
    Math.floor(reasons.length * MAX_LEAD_SHARE),
    Math.ceil(reasons.length / Math.max(1, leaders.size)),
  );
  const led = new Map<number, number>();
  return reasons.map((card) => {
    const lead = card.findIndex((c) => (led.get(c.item) ?? 0) < cap);
    if (lead < 0) return [];
    led.set(card[lead]!.item, (led.get(card[lead]!.item) ?? 0) + 1);
    return lead > 0 ? [card[lead]!, ...card.slice(0, lead), ...card.slice(lead + 1)] : card;
  });
}

/** The rating from which a profile's items are cited: the user's own mean. */
function likedFrom(profile: Profile): number {
  return Math.fround(meanOf(profile.values));
}
