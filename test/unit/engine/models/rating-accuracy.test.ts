/**
 * Accuracy regression on the bundled ml-latest-small: one fixed 80/20 split of all ratings (seed 1), every
 * test rating predicted through fold-in of its user's train ratings. The pinned ranges are ±0.006 around the
 * RMSE measured when they were set: a change that makes a model worse fails, and so does one that makes it
 * implausibly better (test ratings leaking into training).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetFolder } from '../../../../src/pipeline/dataset-folder.ts';
import { defaultPredictors, scoreHoldOut } from '../../../../src/engine/eval/cross-validate.ts';
import type { TrainingSet } from '../../../../src/engine/model-contracts.ts';
import {
  holdOutFraction,
  trainingSetFromDataset,
  type RatingTriples,
} from '../../../../src/engine/dataset/training-set.ts';

const PINNED: Record<string, [number, number]> = {
  baseline: [0.8667, 0.8787],
  itemknn: [0.843, 0.855],
  mf: [0.8451, 0.8571],
  blend: [0.8263, 0.8383],
};

describe('predictor accuracy on ml-latest-small (80/20 split)', () => {
  let split: { train: TrainingSet; test: RatingTriples };
  beforeAll(() => {
    split = holdOutFraction(trainingSetFromDataset(loadDatasetFolder('data/ml-latest-small')), 0.2, 1);
  });

  it.each(Object.keys(PINNED))('%s RMSE stays in its pinned range', (name) => {
    const model = defaultPredictors()[name]!();
    model.fit(split.train, { seed: 1 });
    const { rmse, mae } = scoreHoldOut(model, split.train, split.test);
    const [low, high] = PINNED[name]!;
    expect(rmse).toBeGreaterThanOrEqual(low);
    expect(rmse).toBeLessThanOrEqual(high);
    expect(mae).toBeLessThan(rmse);
  });
});
