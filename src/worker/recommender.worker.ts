/** Worker entry: exposes the recommender API over Comlink. The page imports only its type. */
import * as Comlink from 'comlink';
import { openUserStore } from '../store/index.ts';
import { createApi } from './api.ts';
import { FIT_SEED, type EngineCache } from './boot.ts';
import { SNAPSHOT_HASH, loadDataset } from './dataset-source.ts';
import { fitPredictorInWorker } from './predictor-remote.ts';

/**
 * The fitted-engine cache in the user's IndexedDB, opened on first use (init reads it before anything else). With
 * only a memory store (private mode) there is nothing to keep: reads miss, writes are skipped, and the engine is
 * fitted every time.
 */
function engineCache(): EngineCache {
  // No change channel and no persistence request from the worker: the page's store does both.
  const opened = openUserStore({ channel: null, storage: null });
  const persistent = async () => {
    const store = await opened;
    return store.persistent ? store : null;
  };
  return {
    get: async (key) => (await (await persistent())?.getModelCache(key))?.state,
    put: async (key, state) => {
      const store = await persistent();
      if (!store) return;
      await store.putModelCache(key, state);
      // Entries for an older snapshot or engine version can never be read again, and each is ~12 MB on disk.
      for (const stale of await store.modelCacheKeys()) if (stale !== key) await store.deleteModelCache(stale);
    },
    delete: async (key) => (await persistent())?.deleteModelCache(key),
  };
}

const api = createApi(async () => ({
  loadDataset,
  snapshotHash: SNAPSHOT_HASH,
  cache: engineCache(),
  seed: FIT_SEED,
  fitPredictorElsewhere: fitPredictorInWorker,
}));

export type RecommenderApi = typeof api;

Comlink.expose(api);
