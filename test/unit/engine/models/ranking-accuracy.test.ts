/**
 * Accuracy regression: holdout NDCG@10 of every ranker on the bundled MovieLens (per-user 20% holdout,
 * seed 1, relevant = rating ≥ 4). Ranges are the measured value ± about 0.015 (seeds 1–3 vary by that
 * much), so a change that costs real accuracy fails here and one that gains it shows up as a new figure
 * (`npm run eval` prints the current ones).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  evaluateRanking,
  perUserHoldout,
  type RankingReport,
  type Split,
} from '../../../../src/engine/eval/holdout.ts';
import { trainingSetFromDataset } from '../../../../src/engine/dataset/training-set.ts';
import { evaluatedModels } from '../../../../src/cli/eval-models.ts';
import { evaluateNewUsers } from '../../../../src/engine/eval/new-user.ts';
import { DEFAULT_TUNING } from '../../../../src/engine/tuning/tuning.ts';
import { bundledDataset } from '../ranking/fixture.ts';

const d = bundledDataset();
const models = evaluatedModels(d, 1, DEFAULT_TUNING);
let split: Split;
const reports: Record<string, RankingReport> = {};

function report(name: string): RankingReport {
  if (!reports[name]) {
    // The ranker as the app has it (eval's row reads it from the engine's table), without the star re-rank.
    const { rank } = models[name]!.fit(split.train);
    reports[name] = evaluateRanking(split, (p, out) => rank.score(p, out));
  }
  return reports[name];
}

beforeAll(() => {
  split = perUserHoldout(trainingSetFromDataset(d), 0.2, 1);
});

describe('holdout NDCG@10 on ml-latest-small', () => {
  it('popularity: 0.14–0.17, the floor', () => {
    const r = report('popularity');
    expect(r.users).toBeGreaterThan(590);
    expect(r['ndcg@10']).toBeGreaterThan(0.14);
    expect(r['ndcg@10']).toBeLessThan(0.17);
  });

  it('implicit item-KNN: 0.175–0.21, above popularity with 10× its coverage', () => {
    const r = report('itemknn');
    expect(r['ndcg@10']).toBeGreaterThan(0.175);
    expect(r['ndcg@10']).toBeLessThan(0.21);
    expect(r['coverage@10']).toBeGreaterThan(10 * report('popularity')['coverage@10']);
  });

  it('EASE (liked rows, λ=150): 0.305–0.335, above binary EASE (0.285–0.315)', () => {
    const liked = report('ease');
    const binary = report('ease-binary');
    expect(liked['ndcg@10']).toBeGreaterThan(0.305);
    expect(liked['ndcg@10']).toBeLessThan(0.335);
    expect(binary['ndcg@10']).toBeGreaterThan(0.285);
    expect(binary['ndcg@10']).toBeLessThan(0.315);
    expect(liked['ndcg@10']).toBeGreaterThan(binary['ndcg@10']);
  });

  it('content alone ranks poorly (< 0.03) but reaches the most items', () => {
    const r = report('content');
    expect(r['ndcg@10']).toBeLessThan(0.03);
    expect(r['coverage@10']).toBeGreaterThan(report('itemknn')['coverage@10']);
  });

  it('the default rank blend: ≥ 0.30 and not below EASE, reaching far more items than EASE (the popularity penalty)', () => {
    const r = report('blend-default');
    const ease = report('ease');
    expect(r['ndcg@10']).toBeGreaterThan(0.305);
    expect(r['ndcg@10']).toBeLessThan(0.34);
    expect(r['ndcg@10']).toBeGreaterThan(ease['ndcg@10'] - 0.005);
    expect(r['coverage@10']).toBeGreaterThan(1.4 * ease['coverage@10']);
    expect(r['novelty@10']).toBeGreaterThan(1.5 * ease['novelty@10']);
    expect(r['recall@10']).toBeGreaterThan(0.2);
  });

  it('a new user’s list (five well-known liked films): the default blend finds more than EASE, with less of the canon', () => {
    const newUser = (name: string) => {
      const { rank } = models[name]!.fit(split.train);
      return evaluateNewUsers(split, (p, out) => rank.score(p, out));
    };
    const blend = newUser('blend-default');
    const ease = newUser('ease');
    expect(blend['new-user-ndcg@10']).toBeGreaterThan(ease['new-user-ndcg@10']);
    expect(blend['new-user-head@10']).toBeLessThan(ease['new-user-head@10'] - 0.03);
  });
});
