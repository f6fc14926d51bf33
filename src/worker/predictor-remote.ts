/**
 * The recommender worker's side of predictor-api.ts: one job in a second worker, which is then terminated.
 * Arguments go over as structured clones, which costs far less than decoding the snapshot again there (the
 * dataset), or than the checksum and IndexedDB's own serialisation that block the thread writing the engine.
 */
import * as Comlink from 'comlink';
import type { Dataset } from '../engine/dataset/dataset.ts';
import type { ModelState } from '../engine/model-contracts.ts';
import type { CachedEngine } from './boot.ts';
import { PREDICTOR_WORKER_NAME, type PredictorApi } from './predictor-api.ts';

/** Rejects (never throws) where a worker cannot start one of its own, or when that worker fails. */
async function inWorker<T>(job: (remote: Comlink.Remote<PredictorApi>) => Promise<T>): Promise<T> {
  // This worker's own script again, in the predictor's role: the engine ships once, not in a second bundle.
  const worker = new Worker(self.location.href, { type: 'module', name: PREDICTOR_WORKER_NAME });
  const failed = new Promise<never>((_, reject) =>
    worker.addEventListener('error', (e) => {
      // Handled here (this worker fits the predictor itself instead): not passed up to the page as this worker's.
      e.preventDefault();
      reject(new Error(`the predictor worker failed: ${e.message}`));
    }),
  );
  const remote = Comlink.wrap<PredictorApi>(worker);
  try {
    return await Promise.race([job(remote), failed]);
  } finally {
    remote[Comlink.releaseProxy]();
    worker.terminate();
  }
}

export function fitPredictorInWorker(dataset: Dataset, seed: number): Promise<ModelState> {
  return inWorker((remote) => remote.fit(dataset, seed));
}

export function saveInWorker(key: string, entry: CachedEngine): Promise<void> {
  return inWorker((remote) => remote.save(key, entry));
}
