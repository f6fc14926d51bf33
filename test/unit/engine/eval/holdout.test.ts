import { describe, expect, it } from 'vitest';
import { evaluateRanking, perUserHoldout } from '../../../../src/engine/eval/holdout.ts';
import { trainingSetFromTriples } from '../../../../src/engine/dataset/training-set.ts';
import type { TrainingSet } from '../../../../src/engine/model-contracts.ts';
import { mulberry32 } from '../../../../src/engine/numeric/random.ts';
import { trainFromCells } from '../models/fixtures.ts';

function randomTrain(users: number, items: number, seed: number): TrainingSet {
  const rng = mulberry32(seed);
  return trainFromCells(users, items, () => (rng() < 0.3 ? 1 + Math.floor(rng() * 5) : NaN));
}

describe('perUserHoldout', () => {
  const all = randomTrain(40, 50, 1);

  it('holds out round(20%) of every user, at least one, and keeps the rest', () => {
    const { train, test } = perUserHoldout(all, 0.2, 7);
    expect(train.items.length + test.users.length).toBe(all.items.length);
    for (let u = 0; u < all.userCount; u++) {
      const n = all.userOffsets[u + 1]! - all.userOffsets[u]!;
      const held = test.users.filter((x) => x === u).length;
      if (n > 0) expect(held).toBe(Math.max(1, Math.round(0.2 * n)));
      expect(train.userOffsets[u + 1]! - train.userOffsets[u]!).toBe(n - held);
    }
  });

  it('repeats exactly for a seed and differs for another', () => {
    const a = perUserHoldout(all, 0.2, 3);
    const b = perUserHoldout(all, 0.2, 3);
    const c = perUserHoldout(all, 0.2, 4);
    expect(Array.from(a.test.items)).toEqual(Array.from(b.test.items));
    expect(Array.from(a.test.items)).not.toEqual(Array.from(c.test.items));
  });
});

describe('evaluateRanking', () => {
  // Two users, five items. Train: user 0 rated item 0, user 1 rated items 1, 2 and 4. Item 3 is in nobody's train.
  const train = trainingSetFromTriples(2, 5, {
    users: Int32Array.of(0, 1, 1, 1),
    items: Int32Array.of(0, 1, 2, 4),
    values: Float32Array.of(5, 4, 3, 2),
  });
  // User 0: item 2 (5★) relevant, item 3 (4★) relevant but absent from train, item 1 (3★) not relevant.
  // User 1: item 0 (2★) only: no relevant item, so user 1 is not averaged over.
  const test = {
    users: Int32Array.of(0, 0, 0, 1),
    items: Int32Array.of(2, 3, 1, 0),
    values: Float32Array.of(5, 4, 3, 2),
  };

  it('counts relevant items missing from train as misses and skips users without relevant items', () => {
    // Score = item index. User 0's candidates (in train, not rated by them): 4, 2, 1 in that order.
    // Relevant {2, 3}: one hit, at rank 2; item 3 can never be listed but still counts in recall and ideal DCG.
    const report = evaluateRanking({ train, test }, (_p, out) => out.forEach((_, j) => (out[j] = j)), { k: 10 });
    expect(report.users).toBe(1);
    expect(report['precision@10']).toBeCloseTo(1 / 10, 12);
    expect(report['recall@10']).toBeCloseTo(1 / 2, 12);
    expect(report['ndcg@10']).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 12);
    expect(report['hitrate@10']).toBe(1);
    // Catalogue = items present in train {0, 1, 2, 4}; the only list is [4, 2, 1].
    expect(report['coverage@10']).toBeCloseTo(3 / 4, 12);
  });

  it('moves the threshold with `relevant`', () => {
    const report = evaluateRanking({ train, test }, (_p, out) => out.forEach((_, j) => (out[j] = j)), { relevant: 2 });
    expect(report.users).toBe(2);
  });
});
