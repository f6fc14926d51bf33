/** The new user's list (evaluateNewUsers): a few well-known liked films, and what the list made from them holds. */
import { describe, expect, it } from 'vitest';
import { evaluateNewUsers, NEW_USER_PROFILE } from '../../../../src/engine/eval/new-user.ts';
import { perUserHoldout, relevantItemsByUser } from '../../../../src/engine/eval/holdout.ts';
import { ratingTotals } from '../../../../src/engine/dataset/rating-totals.ts';
import { profileOfUser, trainingSetFromDataset } from '../../../../src/engine/dataset/training-set.ts';
import type { Profile } from '../../../../src/engine/model-contracts.ts';
import { bundledDataset } from '../ranking/fixture.ts';

const d = bundledDataset();
const split = perUserHoldout(trainingSetFromDataset(d), 0.2, 1);
const counts = ratingTotals(split.train.items, split.train.values, split.train.itemCount).counts;

describe('evaluateNewUsers', () => {
  it('starts each user from their most rated liked films only, and leaves their other films out of the list', () => {
    const seen: Profile[] = [];
    const report = evaluateNewUsers(split, (profile, out) => {
      seen.push(profile);
      out.set(counts);
    });
    const eligible = [...relevantItemsByUser(split.test, 4).keys()].filter((u) => {
      const { values } = profileOfUser(split.train, u);
      return values.filter((v) => v >= 4).length >= NEW_USER_PROFILE;
    });
    expect(report['new-users']).toBe(eligible.length);
    expect(seen).toHaveLength(eligible.length);
    for (const profile of seen) {
      expect(profile.items).toHaveLength(NEW_USER_PROFILE);
      for (const v of profile.values) expect(v).toBeGreaterThanOrEqual(4);
    }
    // The first user's five are their most rated liked films.
    const first = profileOfUser(split.train, eligible[0]!);
    const liked = Array.from(first.items).filter((_, t) => first.values[t]! >= 4);
    const top = liked.sort((a, b) => counts[b]! - counts[a]! || a - b).slice(0, NEW_USER_PROFILE);
    expect(Array.from(seen[0]!.items)).toEqual(top);
  });

  it('tells the canon from the tail: most-rated lists sit in the head and find more, least-rated ones neither', () => {
    const hits = evaluateNewUsers(split, (_p, out) => out.set(counts));
    const tail = evaluateNewUsers(split, (_p, out) => out.set(Float32Array.from(counts, (n) => -n)));
    expect(hits['new-user-head@10']).toBeGreaterThan(0.8);
    expect(tail['new-user-head@10']).toBe(0);
    expect(hits['new-user-ndcg@10']).toBeGreaterThan(tail['new-user-ndcg@10']);
    expect(tail['new-user-coverage@10']).toBeGreaterThan(0);
    for (const r of [hits, tail]) expect(r['new-user-ndcg@10']).toBeLessThanOrEqual(1);
  });
});
