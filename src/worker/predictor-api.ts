/**
 * A cold start's slow jobs in a worker of their own, so the recommender worker keeps answering meanwhile: fitting
 * the rating predictor (stage 2, the larger part of the fit) and writing the fitted engine to the model cache (a
 * checksum and IndexedDB's serialisation of the whole engine state, which block the writing thread). That worker
 * runs the recommender's own script under the name PREDICTOR_WORKER_NAME (see recommender.worker.ts), one job per
 * worker.
 */
import type { Dataset } from '../engine/dataset/dataset.ts';
import { RatingsEngine } from '../engine/ratings-mode/ratings-engine.ts';
import type { ModelState } from '../engine/model-contracts.ts';
import type { CachedEngine } from './boot.ts';
import { idbEngineCache } from './engine-cache.ts';

/** The worker name that makes recommender.worker.ts serve this API instead of the recommender's. */
export const PREDICTOR_WORKER_NAME = 'matinee-predictor';

export const predictorApi = {
  fit(dataset: Dataset, seed: number): ModelState {
    return RatingsEngine.fitPredictorState(dataset, { seed });
  },
  save(key: string, entry: CachedEngine): Promise<void> {
    return idbEngineCache().put(key, entry);
  },
};

export type PredictorApi = typeof predictorApi;
