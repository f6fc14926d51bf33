/** Model mode's tune: the same search and guard as ratings mode, over iALS (refitted), popularity and content. */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { perUserHoldout, type Split } from '../../../../src/engine/eval/holdout.ts';
import { likedThreshold } from '../../../../src/engine/eval/relevance.ts';
import { evaluateWithStars } from '../../../../src/engine/eval/star-agreement-eval.ts';
import type { TrainingSet } from '../../../../src/engine/model-contracts.ts';
import { ModelModeRankers } from '../../../../src/engine/model-mode/rankers.ts';
import { starPredictor } from '../../../../src/engine/model-mode/shipped-models.ts';
import { IalsModel, type IalsOptions } from '../../../../src/engine/models/ials.ts';
import { STAR_AGREEMENT } from '../../../../src/engine/ranking/star-agreement.ts';
import { trainingSetFromDataset } from '../../../../src/engine/dataset/training-set.ts';
import { MODEL_DEFAULT_TUNING, tuneModelMode } from '../../../../src/engine/model-mode/tune.ts';
import type { Tuning } from '../../../../src/engine/tuning/tuning.ts';
import { clusteredDataset } from '../tuning/clustered.ts';

/**
 * An iALS with fewer factors than the data has taste clusters, so what genres say about a cluster is more than the
 * factors hold; small, so the refits take a moment. The same settings for the tune and the list it is judged by. A
 * plain λ: with the shipped one (scaled by √(ratings), small per row) two factors fit this small set's noise, and what
 * is tested here is the search and its guard, not iALS.
 */
const IALS: Partial<IalsOptions> = { factors: 2, epochs: 4, lambda: 20, nu: 0 };
const SHAPE = { users: 400, items: 300, clusters: 6, ratingsPerUser: 20, seed: 4 };

let refits = 0;
const fitAnchor = (train: TrainingSet) => {
  refits++;
  const ials = new IalsModel(IALS);
  ials.fit(train, { seed: 1 });
  return Promise.resolve(ials);
};

/** NDCG@10 of model mode's list (the iALS blend, then the star re-rank with MF's stars) with `tuning`. */
function listNdcg(d: Dataset, split: Split, tuning: Tuning): number {
  const ranker = new ModelModeRankers(d, tuning.rank.weights, new IalsModel(IALS)).blend;
  const rater = starPredictor();
  for (const m of [ranker, rater]) m.fit(split.train, { seed: 1 });
  return evaluateWithStars(split, ranker, rater, {
    relevant: likedThreshold(d.manifest.ratingScale),
    agreement: { ...STAR_AGREEMENT, weight: tuning.stars.weight },
  })['ndcg@10'];
}

describe('tuneModelMode', () => {
  it('weighs in what clearly helps the iALS list, and the list gets better on ratings it never saw', async () => {
    // Genres name the taste clusters: content knows what a user picks where the two factors cannot tell.
    const d = clusteredDataset({ ...SHAPE, exposure: 'taste', values: 'taste', genres: 'cluster' });
    const split = perUserHoldout(trainingSetFromDataset(d), 0.2, 9);
    refits = 0;
    const report = await tuneModelMode(d, split.train, { seed: 1, fitAnchor });
    expect(refits).toBe(1);
    expect(report.tuned).toBe(true);
    expect(report.tuning.rank.weights.content).toBeGreaterThan(MODEL_DEFAULT_TUNING.rank.weights.content);
    expect(report.notes.join('\n')).toMatch(/blend weights popularity [\d.]+, content [\d.]+ against .*: .* chosen/);
    // The ratings-mode parts are not model mode's to tune.
    expect(report.tuning.rank.easeLambda).toBe(MODEL_DEFAULT_TUNING.rank.easeLambda);
    expect(report.tuning.rank.weights['implicit-knn']).toBe(MODEL_DEFAULT_TUNING.rank.weights['implicit-knn']);
    expect(listNdcg(d, split, report.tuning)).toBeGreaterThan(1.01 * listNdcg(d, split, MODEL_DEFAULT_TUNING));
  });

  it('keeps the defaults when nothing is better', async () => {
    const d = clusteredDataset({ ...SHAPE, exposure: 'uniform', values: 'random', genres: 'random' });
    const report = await tuneModelMode(d, trainingSetFromDataset(d), { seed: 1, fitAnchor });
    expect(report.tuning).toEqual(MODEL_DEFAULT_TUNING);
    expect(report.tuned).toBe(false);
  });

  it('past its size limit tunes on a seeded sample of users whose ratings fit under it, and says so', async () => {
    // Twice the users of the first case, with a limit of about half their ratings: the sample is that case's size.
    const d = clusteredDataset({ ...SHAPE, users: 800, exposure: 'taste', values: 'taste', genres: 'cluster' });
    const all = trainingSetFromDataset(d);
    const limit = Math.floor(all.items.length / 2);
    const seen: TrainingSet[] = [];
    const report = await tuneModelMode(d, all, {
      seed: 1,
      limit,
      fitAnchor: (train) => {
        seen.push(train);
        return fitAnchor(train);
      },
    });
    // One refit, on a fold of the sample: fewer users, within the limit, every item.
    expect(seen).toHaveLength(1);
    expect(seen[0]!.userCount).toBeLessThan(all.userCount);
    expect(seen[0]!.items.length).toBeLessThanOrEqual(limit);
    expect(seen[0]!.itemCount).toBe(all.itemCount);
    expect(report.notes[0]).toMatch(
      /more than model mode refits iALS on .*: tuned on a seeded sample of \d+ of 800 users/,
    );
    // And the sample is tuned as a dataset of that size would be.
    expect(report.tuned).toBe(true);
    expect(report.tuning.rank.weights.content).toBeGreaterThan(MODEL_DEFAULT_TUNING.rank.weights.content);
  });

  it('tunes on every user up to its size limit', async () => {
    const d = clusteredDataset({ ...SHAPE, exposure: 'taste', values: 'taste', genres: 'cluster' });
    const all = trainingSetFromDataset(d);
    const seen: TrainingSet[] = [];
    const fitAll = (train: TrainingSet) => {
      seen.push(train);
      return fitAnchor(train);
    };
    const report = await tuneModelMode(d, all, { seed: 1, limit: all.items.length, fitAnchor: fitAll });
    expect(report.notes.join('\n')).not.toMatch(/sample/);
    expect(seen[0]!.userCount).toBe(all.userCount);
  });
});
