/**
 * Accuracy regression for the star-agreement re-rank on the bundled ml-latest-small (per-user 20% holdout,
 * seed 1, relevant ≥ 4, the split `npm run eval` uses), with the predictor blend's stars and with the bias
 * model's (a staged engine), around the values `npm run tune:stars` measured when the pins were set. The pins
 * leave ±0.01 on NDCG (seed-to-seed spread) and fail if the re-rank stops halving the share of the top 10
 * predicted below the user's mean.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import { evaluateRanking, perUserHoldout, type Split } from '../../../../src/engine/eval/holdout.ts';
import { evaluateWithStars } from '../../../../src/engine/eval/star-agreement-eval.ts';
import { BaselineModel } from '../../../../src/engine/models/baseline.ts';
import { PopularityModel } from '../../../../src/engine/models/popularity.ts';
import { BlendModel } from '../../../../src/engine/models/predict-blend.ts';
import type { RankBlendModel } from '../../../../src/engine/models/rank-blend.ts';
import { RatingsRankers } from '../../../../src/engine/ratings-mode/rankers.ts';
import { STAR_AGREEMENT } from '../../../../src/engine/ranking/star-agreement.ts';
import { trainingSetFromDataset } from '../../../../src/engine/dataset/training-set.ts';
import { bundledDataset } from './fixture.ts';

let split: Split;
let ranker: RankBlendModel;
let predictor: BlendModel;
let biases: BaselineModel;

beforeAll(() => {
  const d = bundledDataset();
  split = perUserHoldout(trainingSetFromDataset(d), 0.2, 1);
  ranker = new RatingsRankers(d).blend;
  predictor = new BlendModel();
  biases = new BaselineModel();
  for (const m of [ranker, predictor, biases]) m.fit(split.train, { seed: 1 });
}, 120_000);

describe('star agreement on ml-latest-small', () => {
  it('with the predictor blend: NDCG@10 ≥ 0.315 and half as many top-10 items predicted below the user mean', () => {
    const raw = evaluateWithStars(split, ranker, predictor, { agreement: null });
    const agreed = evaluateWithStars(split, ranker, predictor, { agreement: STAR_AGREEMENT });
    expect(raw['below-mean@10']).toBeGreaterThan(0.14);
    expect(agreed['ndcg@10']).toBeGreaterThanOrEqual(0.315);
    expect(agreed['ndcg@10']).toBeLessThan(0.335);
    expect(agreed['below-mean@10']).toBeLessThan(0.09);
    expect(agreed['below-mean@10']).toBeLessThan(0.55 * raw['below-mean@10']);
    expect(agreed['below-low@10']).toBeLessThan(0.7 * raw['below-low@10']);
    expect(agreed['inverted-half@10']).toBeLessThan(raw['inverted-half@10']);
    const popularity = new PopularityModel();
    popularity.fit(split.train, { seed: 1 });
    const floor = evaluateRanking(split, (p, out) => popularity.score(p, out));
    expect(agreed['coverage@10']).toBeGreaterThan(5 * floor['coverage@10']);
  }, 60_000);

  it('with bias stars (a staged engine before its predictor): NDCG@10 ≥ 0.305, share below the mean halved', () => {
    const raw = evaluateWithStars(split, ranker, biases, { agreement: null });
    const agreed = evaluateWithStars(split, ranker, biases, { agreement: STAR_AGREEMENT });
    expect(agreed['ndcg@10']).toBeGreaterThanOrEqual(0.305);
    expect(agreed['below-mean@10']).toBeLessThan(0.55 * raw['below-mean@10']);
  }, 60_000);
});
