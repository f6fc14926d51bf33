/** The build's tuner: it changes what clearly helps, keeps the defaults otherwise, and knows when not to try. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';

import type { Dataset } from '../../../../src/engine/dataset/dataset.ts';
import { perUserHoldout, type Split } from '../../../../src/engine/eval/holdout.ts';
import { likedThreshold } from '../../../../src/engine/eval/relevance.ts';
import { evaluateWithStars } from '../../../../src/engine/eval/star-agreement-eval.ts';
import { BlendModel } from '../../../../src/engine/models/predict-blend.ts';
import { RatingsEngine } from '../../../../src/engine/ratings-mode/ratings-engine.ts';
import { STAR_AGREEMENT } from '../../../../src/engine/ranking/star-agreement.ts';
import { trainingSetFromDataset } from '../../../../src/engine/dataset/training-set.ts';
import { tuneRanking, tuningRefusal } from '../../../../src/engine/ratings-mode/tune.ts';
import { TUNING_LIMITS } from '../../../../src/engine/tuning/limits.ts';
import { DEFAULT_TUNING, type Tuning } from '../../../../src/engine/tuning/tuning.ts';
import { clusteredDataset } from '../tuning/clustered.ts';

/** NDCG@10 of the app's list (blend, then the star re-rank) with `tuning`, fitted on split.train. */
function listNdcg(d: Dataset, split: Split, tuning: Tuning): number {
  // The blend as the engine ships it (with the tuned popularity penalty).
  const ranker = RatingsEngine.fitRanking(d, { seed: 1, tuning, train: split.train }).row('blend').rank;
  const rater = new BlendModel();
  rater.fit(split.train, { seed: 1 });
  return evaluateWithStars(split, ranker, rater, {
    relevant: likedThreshold(d.manifest.ratingScale),
    agreement: { ...STAR_AGREEMENT, weight: tuning.stars.weight },
  })['ndcg@10'];
}

/** Enough users for the check half to tell a few percent apart, few enough to tune in a second or two. */
const SHAPE = { users: 400, items: 300, clusters: 6, ratingsPerUser: 20, seed: 4 };

describe('tuneRanking', () => {
  it('turns the star re-rank down when the stars say nothing about what a user picks, and the list gets better', () => {
    // Users rate their own cluster's games, but the values are dice: the predicted stars are noise, so demoting
    // what they rank low only pushes good picks out of the list.
    const d = clusteredDataset({ ...SHAPE, exposure: 'taste', values: 'random', genres: 'cluster' });
    const split = perUserHoldout(trainingSetFromDataset(d), 0.2, 9);
    const report = tuneRanking(d, split.train, { seed: 1 });
    expect(report.tuned).toBe(true);
    expect(report.tuning.stars.weight).toBeLessThanOrEqual(2);
    expect(report.notes.join('\n')).toMatch(/star-agreement weight \d against 7: .* chosen/);
    // Judged on ratings the tuner never saw: the shipped list beats the defaults' list by the tuner's own bar.
    expect(listNdcg(d, split, report.tuning)).toBeGreaterThan(1.01 * listNdcg(d, split, DEFAULT_TUNING));
  });

  it('keeps the defaults when nothing is better: what the search finds on noise fails the check', () => {
    const d = clusteredDataset({ ...SHAPE, exposure: 'uniform', values: 'random', genres: 'random' });
    const report = tuneRanking(d, trainingSetFromDataset(d), { seed: 1 });
    expect(report.tuning).toEqual(DEFAULT_TUNING);
    expect(report.tuned).toBe(false);
    // The search did find settings that looked better on its own users: the check on the others turned them down.
    expect(report.notes.filter((n) => /against .* kept the default/.test(n)).length).toBeGreaterThan(0);
  });

  it('ships the defaults without a search on a dataset too small to tell settings apart', () => {
    const fixture = loadDatasetFolder(join(import.meta.dirname, '../../../fixtures/board-games'));
    const report = tuneRanking(fixture, trainingSetFromDataset(fixture), { seed: 1 });
    expect(report.tuning).toEqual(DEFAULT_TUNING);
    expect(report.notes).toHaveLength(1);
    expect(report.notes[0]).toMatch(/too few users with a liked \(≥ 8\) held-out rating/);
  });

  it('ships the defaults without a search on a dataset too large to refit, and says why', () => {
    const side = TUNING_LIMITS.easeSide + 1;
    const large = {
      userCount: side,
      itemCount: side,
      userOffsets: new Uint32Array(side + 1),
      items: new Int32Array(0),
      values: new Float32Array(0),
    };
    expect(tuningRefusal(large)).toMatch(new RegExp(`EASE side ${side}`));
    const d = clusteredDataset({ ...SHAPE, exposure: 'taste', values: 'taste', genres: 'cluster' });
    const report = tuneRanking(d, large, { seed: 1 });
    expect(report.tuning).toEqual(DEFAULT_TUNING);
    expect(report.notes[0]).toMatch(/too large to tune at build time .*: defaults/);
    const many = { ...trainingSetFromDataset(d), items: new Int32Array(TUNING_LIMITS.ratings + 1) };
    expect(tuningRefusal(many)).toMatch(/too large/);
  });
});
