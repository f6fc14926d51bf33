/**
 * The recommender worker's side of predictor.worker.ts: the predictor's fit in a second worker, once, which is
 * then terminated. The dataset is sent as a structured clone (5–25 ms for ml-latest-small, measured in Node)
 * rather than decoded again from the snapshot there (~200 ms in Chromium).
 */
import * as Comlink from 'comlink';
import type { Dataset } from '../engine/dataset.ts';
import type { ModelState } from '../engine/model.ts';
import type { PredictorApi } from './predictor.worker.ts';

/** Rejects (never throws) where a worker cannot start one of its own, or when that worker fails. */
export async function fitPredictorInWorker(dataset: Dataset, seed: number): Promise<ModelState> {
  const worker = new Worker(new URL('./predictor.worker.ts', import.meta.url), { type: 'module', name: 'predictor' });
  const failed = new Promise<never>((_, reject) =>
    worker.addEventListener('error', (e) => reject(new Error(`the predictor worker failed: ${e.message}`))),
  );
  const remote = Comlink.wrap<PredictorApi>(worker);
  try {
    return await Promise.race([remote.fit(dataset, seed), failed]);
  } finally {
    remote[Comlink.releaseProxy]();
    worker.terminate();
  }
}
