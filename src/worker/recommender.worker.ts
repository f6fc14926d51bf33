/**
 * Worker entry: exposes the recommender API (api.ts) over Comlink; the page imports only its type. Started under the
 * predictor's name (by predictor-remote.ts) the same script serves the predictor's jobs instead, so the build has
 * one worker bundle for both roles.
 */
// First: no other module may run, or keep a reference to fetch, before the network guard is in place.
import './guard-this-worker.ts';
import * as Comlink from 'comlink';
import { createApi } from './api.ts';
import { FIT_SEED, type EngineCache } from './boot.ts';
import { SNAPSHOT_HASH, loadDataset } from './dataset-source.ts';
import { idbEngineCache } from './engine-cache.ts';
import { PREDICTOR_WORKER_NAME, predictorApi } from './predictor-api.ts';
import { fitPredictorInWorker, saveInWorker } from './predictor-remote.ts';

/**
 * The IndexedDB engine cache, written from a second worker: the write (a checksum and IndexedDB's serialisation of
 * the whole engine) blocks its thread long enough to delay a rating here. Without a second worker it is written here.
 */
function engineCache(): EngineCache {
  const cache = idbEngineCache();
  return { ...cache, put: (key, entry) => saveInWorker(key, entry).catch(() => cache.put(key, entry)) };
}

const api = createApi(async () => ({
  loadDataset,
  snapshotHash: SNAPSHOT_HASH,
  cache: engineCache(),
  seed: FIT_SEED,
  fitPredictorElsewhere: fitPredictorInWorker,
}));

Comlink.expose(self.name === PREDICTOR_WORKER_NAME ? predictorApi : api);
