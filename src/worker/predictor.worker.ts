/**
 * A cold start's slow jobs in a worker of their own, so the recommender worker keeps answering meanwhile: fitting
 * the rating predictor (stage 2, ~1 s CPU on ml-latest-small) and writing the fitted engine to the model cache
 * (checksum and IndexedDB serialisation of ~18 MB: 70 ms of blocked thread in Chromium). Started by the
 * recommender worker (predictor-remote.ts), one job per worker, then terminated.
 */
import * as Comlink from 'comlink';
import type { Dataset } from '../engine/dataset.ts';
import { Engine } from '../engine/engine.ts';
import type { ModelState } from '../engine/model.ts';
import type { CachedEngine } from './boot.ts';
import { idbEngineCache } from './engine-cache.ts';

const api = {
  fit(dataset: Dataset, seed: number): ModelState {
    return Engine.fitPredictorState(dataset, { seed });
  },
  save(key: string, entry: CachedEngine): Promise<void> {
    return idbEngineCache().put(key, entry);
  },
};

export type PredictorApi = typeof api;

Comlink.expose(api);
