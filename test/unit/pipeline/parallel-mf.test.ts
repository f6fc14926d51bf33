/** The build's star predictor fitted in a worker thread is the one the same seed fits in this thread. */
import { describe, expect, it } from 'vitest';
import { fitStarPredictorInWorker } from '../../../src/pipeline/parallel-mf.ts';
import { fitStarPredictor } from '../../../src/engine/model-mode/shipped-models.ts';
import { randomTrain } from '../engine/models/fixtures.ts';

const train = randomTrain(300, 80, 0.1, 5);

describe('star predictor in a worker thread', () => {
  it('ships the single-thread fit exactly, with its progress', async () => {
    const fractions: number[] = [];
    const inWorker = await fitStarPredictorInWorker(train, 4, (f) => fractions.push(f));
    const here = fitStarPredictor(train, 4);
    expect(inWorker.save()).toEqual(here.save());
    expect(fractions.at(-1)).toBe(1);
    const profile = { items: Int32Array.of(1, 7, 30), values: Float32Array.of(4, 2.5, 5) };
    const [a, b] = [inWorker.rater(profile), here.rater(profile)];
    for (let i = 0; i < train.itemCount; i++) expect(a(i)).toBe(b(i));
    // Another seed is another fit: the worker really used the seed it was given.
    expect(inWorker.save()).not.toEqual(fitStarPredictor(train, 5).save());
  });

  it('rejects when the fit fails in the worker', async () => {
    const broken = { ...train, values: train.values.subarray(1) };
    await expect(fitStarPredictorInWorker(broken, 1)).rejects.toThrow();
  });
});
