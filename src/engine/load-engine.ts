/** An engine back from the model cache, whichever mode built it (the state says which). */
import type { Dataset } from './dataset/dataset.ts';
import { ModelEngine } from './model-mode/model-engine.ts';
import { RatingsEngine } from './ratings-mode/ratings-engine.ts';
import type { EngineState, Recommender } from './recommender.ts';

export function loadEngine(dataset: Dataset, state: EngineState): Recommender {
  return state.mode === 'model' ? ModelEngine.load(dataset, state) : RatingsEngine.load(dataset, state);
}
