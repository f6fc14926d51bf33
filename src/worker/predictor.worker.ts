/**
 * Stage 2 of a cold start in a worker of its own: fits the rating predictor (~1 s CPU on ml-latest-small) and
 * hands back its state, so the recommender worker keeps answering requests meanwhile. Started by the recommender
 * worker (predictor-remote.ts), used once, then terminated.
 */
import * as Comlink from 'comlink';
import type { Dataset } from '../engine/dataset.ts';
import { Engine } from '../engine/engine.ts';
import type { ModelState } from '../engine/model.ts';

const api = {
  fit(dataset: Dataset, seed: number): ModelState {
    return Engine.fitPredictorState(dataset, { seed });
  },
};

export type PredictorApi = typeof api;

Comlink.expose(api);
