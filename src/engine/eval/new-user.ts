/**
 * Lists as a new user meets them: the holdout's users each start from a profile of only their NEW_USER_PROFILE most
 * rated liked training items (what rating a handful of well-known films in the picker gives), not their whole
 * history. The holdout's users have rated hundreds of films each, many far from the canon, so their lists say little
 * about what a person with five famous films sees; a popularity penalty scaled by the profile can widen theirs and
 * leave the new user's list the canon. Figures: NDCG@10 against the held-out liked items (the rest of the user's
 * training items are left out of the list, as seen), the share of the list among the HEAD most rated items, and
 * coverage over those users.
 */
import { ratingTotals } from '../dataset/rating-totals.ts';
import { profileOfUser } from '../dataset/training-set.ts';
import type { Profile } from '../model-contracts.ts';
import { topK } from '../numeric/top-select.ts';
import { relevantItemsByUser, trainedItems, type ScoreFunction, type Split } from './holdout.ts';
import { coverage, ndcgAtK, popularityRanks } from './ranking-metrics.ts';

/** Films a new user rates before the first list, about as many as the picker's first screen asks for. */
export const NEW_USER_PROFILE = 5;
/** "The canon": the most rated items. */
const HEAD = 100;
const K = 10;

export interface NewUserReport {
  'new-user-ndcg@10': number;
  /** Share of the first 10 among the HEAD most rated items. */
  'new-user-head@10': number;
  'new-user-coverage@10': number;
  /** Users with enough liked training items to start from. */
  'new-users': number;
}

export function evaluateNewUsers(
  split: Split,
  score: ScoreFunction,
  options: { relevant?: number } = {},
): NewUserReport {
  const relevant = options.relevant ?? 4;
  const { train } = split;
  const counts = ratingTotals(train.items, train.values, train.itemCount).counts;
  const ranks = popularityRanks(counts);
  const { inTrain, catalogue } = trainedItems(train);
  const scores = new Float32Array(train.itemCount);
  const allowed = new Uint8Array(train.itemCount);
  const lists: Int32Array[] = [];
  let ndcg = 0;
  let head = 0;
  const liked = relevantItemsByUser(split.test, relevant);
  for (const u of [...liked.keys()].sort((a, b) => a - b)) {
    const history = profileOfUser(train, u);
    const picks = Array.from(history.items.keys())
      .filter((t) => history.values[t]! >= Math.fround(relevant))
      .sort((a, b) => counts[history.items[b]!]! - counts[history.items[a]!]! || history.items[a]! - history.items[b]!)
      .slice(0, NEW_USER_PROFILE);
    if (picks.length < NEW_USER_PROFILE) continue;
    const profile: Profile = {
      items: Int32Array.from(picks, (t) => history.items[t]!),
      values: Float32Array.from(picks, (t) => history.values[t]!),
    };
    score(profile, scores);
    allowed.set(inTrain);
    for (let t = 0; t < history.items.length; t++) allowed[history.items[t]!] = 0;
    const list = topK(scores, K, allowed);
    lists.push(list);
    ndcg += ndcgAtK(list, liked.get(u)!, K);
    let inHead = 0;
    for (const j of list) if (ranks[j]! <= HEAD) inHead++;
    head += list.length > 0 ? inHead / list.length : 0;
  }
  const m = Math.max(1, lists.length);
  return {
    'new-user-ndcg@10': ndcg / m,
    'new-user-head@10': head / m,
    'new-user-coverage@10': catalogue > 0 ? coverage(lists, catalogue) : 0,
    'new-users': lists.length,
  };
}
